/*
 * fuzz_import.c - libFuzzer harness for `cases import`: the RFC 4180
 * reader, and JSON lines, CSV and AWS describe-cases JSON imported through
 * import_run() into an in-memory store.
 *
 * Input: the first byte picks the format (its value mod 3: jsonl, csv,
 * aws) and, for aws, --history (bit 7); the rest is the file. Each input is imported in a transaction that
 * is then rolled back. Beyond no crash, leak or undefined behaviour: a
 * successful import holds exactly the cases it says it added, a failed
 * one a one-line message, a warning is one line; the CSV reader, run on the same bytes with a
 * small record limit, returns fields whose lengths are their string
 * lengths, on lines that never go backwards.
 *
 *   fuzz/run 60 import
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/csv.h"
#include "cases/import.h"
#include "cases/error.h"
#include "cases/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *
the_store(void)
{
	static struct store *st;
	char err[CASES_ERRMAX];

	if (!st) {
		if (!getenv("TZDIR"))
			setenv("TZDIR", "/usr/share/zoneinfo", 1);
		if (store_open(NULL, &st, err) != CASES_OK)
			abort();
	}
	return st;
}

static int
count_cb(void *arg, const struct case_rec *c)
{
	(void)c;
	(*(int64_t *)arg)++;
	return 0;
}

static void
check_csv(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)data, size, "r");
	struct csv_reader *r;
	const char *const *fields;
	const size_t *lens;
	char err[CASES_ERRMAX];
	int64_t line, last = 0;
	size_t n;

	if (!f)
		return;
	r = csv_new(f, 256);
	if (!r)
		abort();
	while (csv_next(r, &fields, &lens, &n, &line, err) == CASES_OK
	       && n > 0) {
		if (n > CSV_MAXFIELDS || line < last || line < 1)
			abort();
		for (size_t i = 0; i < n; i++) {
			if (strlen(fields[i]) != lens[i])
				abort();
		}
		last = line;
	}
	csv_free(r);
	fclose(f);
}

static void
warn_cb(void *arg, const char *msg)
{
	(void)arg;
	if (!msg[0] || strchr(msg, '\n'))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store *st = the_store();
	struct import_req req = { 0 };
	struct import_stats stats;
	struct case_filter filter = CASE_FILTER_INIT;
	char err[CASES_ERRMAX];
	int64_t n = 0;
	int rc;

	if (size < 2 || size > 65536)
		return 0;
	req.format = data[0] % 3;
	req.plan = req.format == IMPORT_AWS ? "business" : NULL;
	req.history = req.format == IMPORT_AWS && (data[0] & 0x80);
	req.warn = warn_cb;
	req.now = 1795694400; /* 2026-11-26T12:00:00Z */
	check_csv(data + 1, size - 1);
	req.in = fmemopen((void *)(data + 1), size - 1, "r");
	if (!req.in)
		return 0;
	if (store_begin(st, 1, err) != CASES_OK)
		abort();
	err[0] = '\0';
	rc = import_run(st, &req, &stats, err);
	if (rc == CASES_OK) {
		filter.status = -1;
		if (store_case_export(st, &filter, INT64_MIN, INT64_MAX,
				      count_cb, &n, err)
			    != CASES_OK
		    || n != stats.added)
			abort();
	} else if (rc != CASES_EINVAL || !err[0] || strchr(err, '\n')) {
		abort();
	}
	store_rollback(st);
	fclose(req.in);
	return 0;
}
