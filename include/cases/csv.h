/*
 * csv.h - a strict, streaming RFC 4180 reader.
 *
 * Fields separated by commas, records by CRLF or LF; a field may be
 * quoted, and then holds commas, doubled quotes, CR and LF. Rejected: a
 * quote inside an unquoted field, anything but a comma or a line end
 * after a closing quote, a CR not followed by LF outside quotes, an
 * unterminated quoted field, NUL bytes, records longer than the limit.
 * Empty lines are skipped; a UTF-8 byte order mark at the start is
 * ignored. Memory is bounded by the record limit. Pure: no database.
 */
#ifndef CASES_CSV_H
#define CASES_CSV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cases/error.h"

struct csv_reader;

#define CSV_MAXFIELDS 64

/* A reader of f, records at most max_record bytes. NULL on ENOMEM. */
struct csv_reader *csv_new(FILE *f, size_t max_record);
void csv_free(struct csv_reader *r);

/* The next record: *n fields (0 at the end of the input), fields[i] of
 * lens[i] bytes, NUL-terminated, borrowed until the next call; *line is
 * the line the record starts on. CASES_EINVAL names the line and the
 * problem; CASES_EIO when reading fails. */
int csv_next(struct csv_reader *r, const char *const **fields,
	     const size_t **lens, size_t *n, int64_t *line,
	     char *err) CASES_MUST_CHECK;

#endif
