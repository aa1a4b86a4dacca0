/*
 * test_csv.c - the RFC 4180 reader (csv.c).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/csv.h"
#include "cases/error.h"

static char err[CASES_ERRMAX];

struct csv_run {
	FILE *f;
	struct csv_reader *r;
};

static struct csv_run
csv_open(const char *text)
{
	struct csv_run c;

	c.f = fmemopen((void *)text, strlen(text), "r");
	cr_assert_not_null(c.f);
	c.r = csv_new(c.f, 64);
	cr_assert_not_null(c.r);
	return c;
}

static void
csv_close(struct csv_run *c)
{
	csv_free(c->r);
	fclose(c->f);
}

/* The next record joined with '|' (fields must hold no '|'). */
static int
csv_rec(struct csv_run *c, char *buf, size_t len, int64_t *line)
{
	const char *const *f;
	const size_t *l;
	size_t n, used = 0;
	int rc = csv_next(c->r, &f, &l, &n, line, err);

	buf[0] = '\0';
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(strlen(f[i]), l[i]);
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i ? "|" : "", f[i]);
	}
	return n ? CASES_OK : CASES_ENOTFOUND;
}

Test(csv, csv_fields_and_lines)
{
	struct csv_run c = csv_open("\xef\xbb\xbf"
				    "a,b,c\r\n"
				    "1,\"two, 2\",\"say \"\"hi\"\"\"\r\n"
				    "\r\n"
				    "x,\"multi\r\nline\nfield\",\n"
				    ",,\n"
				    "last,\"\",end");
	char rec[256];
	int64_t line;

	cr_assert_eq(csv_rec(&c, rec, sizeof(rec), &line), CASES_OK);
	cr_assert_str_eq(rec, "a|b|c");
	cr_assert_eq(line, 1);
	cr_assert_eq(csv_rec(&c, rec, sizeof(rec), &line), CASES_OK);
	cr_assert_str_eq(rec, "1|two, 2|say \"hi\"");
	cr_assert_eq(line, 2);
	/* The empty line 3 is skipped. */
	cr_assert_eq(csv_rec(&c, rec, sizeof(rec), &line), CASES_OK);
	cr_assert_str_eq(rec, "x|multi\r\nline\nfield|");
	cr_assert_eq(line, 4);
	cr_assert_eq(csv_rec(&c, rec, sizeof(rec), &line), CASES_OK);
	cr_assert_str_eq(rec, "||");
	cr_assert_eq(line, 7);
	cr_assert_eq(csv_rec(&c, rec, sizeof(rec), &line), CASES_OK);
	cr_assert_str_eq(rec, "last||end");
	cr_assert_eq(line, 8);
	cr_assert_eq(csv_rec(&c, rec, sizeof(rec), &line), CASES_ENOTFOUND);
	cr_assert_eq(csv_rec(&c, rec, sizeof(rec), &line), CASES_ENOTFOUND);
	csv_close(&c);
}

static void
csv_fails(const char *text, const char *msg)
{
	struct csv_run c = csv_open(text);
	char rec[256];
	int64_t line;
	int rc;

	while ((rc = csv_rec(&c, rec, sizeof(rec), &line)) == CASES_OK)
		;
	cr_assert_eq(rc, CASES_EINVAL, "%s: rc %d", text, rc);
	cr_assert_str_eq(err, msg, "%s", text);
	csv_close(&c);
}

Test(csv, csv_errors)
{
	csv_fails("a,b\n1,\"open\nstill open",
		  "line 2: quoted field not closed before the end of the "
		  "input");
	csv_fails("a,b\nx,ab\"c\n",
		  "line 2: quote inside an unquoted field (quote the field "
		  "and double the quote)");
	csv_fails("a,b\n\"x\"y,z\n",
		  "line 2: text after a closing quote (quotes inside a "
		  "quoted field are doubled)");
	csv_fails("a,b\nx\ry\n", "line 2: CR not followed by LF");
	csv_fails("a\n\"1\n2\n3\",\"4\"5\n",
		  "line 4: text after a closing quote (quotes inside a "
		  "quoted field are doubled)");
	csv_fails("a,b\n0123456789012345678901234567890123456789,"
		  "0123456789012345678901234567890123456789\n",
		  "line 2: record longer than 64 bytes");
}

Test(csv, csv_rejects_nul_and_too_many_fields)
{
	static const char nul[] = "a,b\nx,y\0z\n";
	FILE *f = fmemopen((void *)nul, sizeof(nul) - 1, "r");
	struct csv_reader *r = csv_new(f, 1024);
	const char *const *fl;
	const size_t *l;
	size_t n;
	int64_t line;
	char many[256] = "";

	cr_assert_eq(csv_next(r, &fl, &l, &n, &line, err), CASES_OK);
	cr_assert_eq(csv_next(r, &fl, &l, &n, &line, err), CASES_EINVAL);
	cr_assert_str_eq(err, "line 2: NUL byte in the input");
	csv_free(r);
	fclose(f);

	for (int i = 0; i <= CSV_MAXFIELDS; i++)
		strcat(many, i ? ",x" : "x");
	strcat(many, "\n");
	f = fmemopen(many, strlen(many), "r");
	r = csv_new(f, 1024);
	cr_assert_eq(csv_next(r, &fl, &l, &n, &line, err), CASES_EINVAL);
	cr_assert_str_eq(err, "line 1: more than 64 fields");
	csv_free(r);
	fclose(f);
}
