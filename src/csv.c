/*
 * csv.c - a strict, streaming RFC 4180 reader (csv.h): the input of
 * `import --format csv` (docs/formats.md section 8). Pure: a stream in,
 * records out, memory bounded by the record limit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/csv.h"
#include "cases/error.h"

#define CSV_BUF	 65536
#define UNCLOSED "quoted field not closed before the end of the input"
#define BARE_QUOTE                                                             \
	"quote inside an unquoted field (quote the field and double the "      \
	"quote)"

struct csv_reader {
	FILE *f;
	unsigned char *in;
	size_t inpos, inlen;
	int eof, ioerr, started;
	char *rec;
	size_t reclen, reccap, recmax;
	size_t off[CSV_MAXFIELDS];
	size_t len[CSV_MAXFIELDS];
	const char *fields[CSV_MAXFIELDS];
	int64_t line;
};

struct csv_reader *
csv_new(FILE *f, size_t max_record)
{
	struct csv_reader *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->in = malloc(CSV_BUF);
	if (!r->in) {
		free(r);
		return NULL;
	}
	r->f = f;
	r->recmax = max_record;
	r->line = 1;
	return r;
}

void
csv_free(struct csv_reader *r)
{
	if (!r)
		return;
	free(r->in);
	free(r->rec);
	free(r);
}

static int
csv_fill(struct csv_reader *r)
{
	size_t n;

	if (r->eof)
		return 0;
	n = fread(r->in, 1, CSV_BUF, r->f);
	if (n == 0) {
		r->eof = 1;
		if (ferror(r->f))
			r->ioerr = errno ? errno : EIO;
		return 0;
	}
	r->inpos = 0;
	r->inlen = n;
	return 1;
}

static int
csv_getc(struct csv_reader *r)
{
	if (r->inpos == r->inlen && !csv_fill(r))
		return EOF;
	return r->in[r->inpos++];
}

/* Append c to the record; -1 when the record would pass the limit. */
static int
csv_put(struct csv_reader *r, int c)
{
	if (r->reclen + 1 > r->recmax)
		return -1;
	if (r->reclen == r->reccap) {
		size_t cap = r->reccap ? r->reccap * 2 : 1024;
		char *rec;
		if (cap > r->recmax)
			cap = r->recmax;
		rec = realloc(r->rec, cap);
		if (!rec)
			return -2;
		r->rec = rec;
		r->reccap = cap;
	}
	r->rec[r->reclen++] = (char)c;
	return 0;
}

static int
csv_bad(struct csv_reader *r, int64_t line, const char *why, char *err)
{
	if (r->ioerr)
		return cases_errf(err, CASES_EIO, "reading input: %s",
				  strerror(r->ioerr));
	return cases_errf(err, CASES_EINVAL, "line %lld: %s", (long long)line,
			  why);
}

static int
csv_put_checked(struct csv_reader *r, int c, int64_t start, char *err)
{
	int rc;

	if (c == 0)
		return csv_bad(r, r->line, "NUL byte in the input", err);
	rc = csv_put(r, c);
	if (rc == -2)
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	if (rc < 0) {
		char why[80];
		snprintf(why, sizeof(why), "record longer than %zu bytes",
			 r->recmax);
		return csv_bad(r, start, why, err);
	}
	return CASES_OK;
}

/* Terminate the current field with a NUL (counted in the limit). */
static int
csv_end_field(struct csv_reader *r, int64_t start, char *err)
{
	int rc = csv_put(r, 0);

	if (rc == -2)
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	if (rc < 0) {
		char why[80];
		snprintf(why, sizeof(why), "record longer than %zu bytes",
			 r->recmax);
		return csv_bad(r, start, why, err);
	}
	return CASES_OK;
}

int
csv_next(struct csv_reader *r, const char *const **fields, const size_t **lens,
	 size_t *n, int64_t *line, char *err)
{
	size_t nf = 0;
	int64_t start;
	int c, rc;

	*n = 0;
	if (!r->started) {
		r->started = 1;
		if (csv_fill(r) && r->inlen >= 3 && r->in[0] == 0xef
		    && r->in[1] == 0xbb && r->in[2] == 0xbf)
			r->inpos = 3;
	}
again:
	r->reclen = 0;
	start = r->line;
	c = csv_getc(r);
	if (c == EOF) {
		if (r->ioerr)
			return csv_bad(r, start, "", err);
		return CASES_OK;
	}
	if (c == '\n' || c == '\r') { /* an empty line */
		if (c == '\r' && csv_getc(r) != '\n')
			return csv_bad(r, start, "CR not followed by LF", err);
		r->line++;
		goto again;
	}
	for (;;) {
		if (nf == CSV_MAXFIELDS) {
			char why[64];
			snprintf(why, sizeof(why), "more than %d fields",
				 CSV_MAXFIELDS);
			return csv_bad(r, start, why, err);
		}
		r->off[nf] = r->reclen;
		if (c == '"') {
			int64_t qline = r->line;
			for (;;) {
				c = csv_getc(r);
				if (c == EOF)
					return csv_bad(r, qline, UNCLOSED, err);
				if (c == '"') {
					c = csv_getc(r);
					if (c != '"')
						break;
				} else if (c == '\n') {
					r->line++;
				}
				rc = csv_put_checked(r, c, start, err);
				if (rc)
					return rc;
			}
			if (c != ',' && c != '\r' && c != '\n' && c != EOF)
				return csv_bad(r, r->line,
					       "text after a closing quote "
					       "(quotes inside a quoted field "
					       "are doubled)",
					       err);
		} else {
			while (c != ',' && c != '\r' && c != '\n' && c != EOF) {
				if (c == '"')
					return csv_bad(r, r->line, BARE_QUOTE,
						       err);
				rc = csv_put_checked(r, c, start, err);
				if (rc)
					return rc;
				c = csv_getc(r);
			}
		}
		rc = csv_end_field(r, start, err);
		if (rc)
			return rc;
		r->len[nf] = r->reclen - 1 - r->off[nf];
		nf++;
		if (c == ',') {
			c = csv_getc(r);
			continue;
		}
		if (c == '\r' && csv_getc(r) != '\n')
			return csv_bad(r, r->line, "CR not followed by LF",
				       err);
		if (c == EOF && r->ioerr)
			return csv_bad(r, r->line, "", err);
		if (c != EOF)
			r->line++;
		break;
	}
	for (size_t i = 0; i < nf; i++)
		r->fields[i] = r->rec + r->off[i];
	*fields = r->fields;
	*lens = r->len;
	*n = nf;
	*line = start;
	return CASES_OK;
}
