/*
 * test_output.c - JSON and CSV escaping, table layout.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/case.h"
#include "cases/error.h"
#include "../src/cli/output.h"

static char *
json_of(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	out_json_string(f, s);
	fclose(f);
	return buf;
}

Test(output, json_escapes)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "plain", "\"plain\"" },
		{ "a\"b", "\"a\\\"b\"" },
		{ "back\\slash", "\"back\\\\slash\"" },
		{ "nl\ncr\rtab\t", "\"nl\\ncr\\rtab\\t\"" },
		{ "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"" },
		{ "\b\f", "\"\\b\\f\"" },
		{ "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80",
		  "\"caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80\"" },
		{ "bad \xff byte", "\"bad \\ufffd byte\"" },
		{ "overlong \xc0\xaf", "\"overlong \\ufffd\\ufffd\"" },
		{ "", "\"\"" },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *got = json_of(v[i].in);
		cr_assert_str_eq(got, v[i].out, "input %zu", i);
		free(got);
	}
}

static const struct out_col cols[] = {
	{ "name", "NAME", COL_STR, 0 },
	{ "n", "N", COL_INT, COL_RIGHT },
	{ "when", "WHEN", COL_TIME, 0 },
	{ "secret", "SECRET", COL_STR, COL_NOTABLE },
};

static char *
render(int format, const char *name, int64_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct out *o = out_new(f, format, cols, 4, 0, NULL);

	out_str(o, name);
	out_int(o, n);
	out_time(o, 1795683600); /* 2026-11-26T09:00:00Z */
	out_str(o, NULL);
	out_row_end(o);
	out_str(o, "second");
	out_int(o, CASE_NONE);
	out_time(o, CASE_NONE);
	out_str(o, "x");
	out_row_end(o);
	cr_assert_eq(out_free(o), CASES_OK);
	fclose(f);
	return buf;
}

Test(output, csv_quotes_per_rfc4180)
{
	char *s = render(OUT_CSV, "a, \"b\"\nc", 7);

	cr_assert_str_eq(s, "name,n,when,secret\r\n"
			    "\"a, \"\"b\"\"\nc\",7,2026-11-26T09:00:00Z,\r\n"
			    "second,,,x\r\n");
	free(s);
}

Test(output, json_array_and_nulls)
{
	char *s = render(OUT_JSON, "q\"", 7);

	cr_assert_str_eq(s,
			 "[{\"name\":\"q\\\"\",\"n\":7,"
			 "\"when\":\"2026-11-26T09:00:00Z\",\"secret\":null},"
			 "{\"name\":\"second\",\"n\":null,\"when\":null,"
			 "\"secret\":\"x\"}]\n");
	free(s);
}

Test(output, jsonl_one_object_per_line)
{
	char *s = render(OUT_JSONL, "a", -3);

	cr_assert_str_eq(s,
			 "{\"name\":\"a\",\"n\":-3,"
			 "\"when\":\"2026-11-26T09:00:00Z\",\"secret\":null}\n"
			 "{\"name\":\"second\",\"n\":null,\"when\":null,"
			 "\"secret\":\"x\"}\n");
	free(s);
}

Test(output, table_aligns_and_hides)
{
	char *s = render(OUT_TABLE, "a\x1b[2J", 12345);

	/* NAME is as wide as "second"; N is right-aligned to "12345". */
	cr_assert_str_eq(s, "NAME        N  WHEN\n"
			    "a?[2J   12345  2026-11-26T09:00:00Z\n"
			    "second      -  -\n");
	free(s);
}

Test(output, format_names)
{
	int f;
	char err[CASES_ERRMAX];

	cr_assert_eq(out_format_parse("jsonl", &f, err), CASES_OK);
	cr_assert_eq(f, OUT_JSONL);
	cr_assert_eq(out_format_parse("xml", &f, err), CASES_EINVAL);
	cr_assert_str_eq(err, "unknown format 'xml' (expected one of: table, "
			      "csv, json, jsonl)");
}
