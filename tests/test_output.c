/*
 * test_output.c - JSON and CSV escaping, table layout.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/case.h"
#include "cases/error.h"
#include "cases/tz.h"
#include "cases/utf8.h"
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

/* A row that starts with an empty cell, nothing written before it (CSV
 * without headers): an empty string into an empty buffer is no copy at
 * all (UBSan: memcpy to NULL, even of 0 bytes, is undefined). */
Test(output, csv_first_cell_empty)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct out *o = out_new(f, OUT_CSV, cols, 4, 0, NULL);

	out_set_headers(o, 0);
	out_str(o, NULL);
	out_int(o, CASE_NONE);
	out_time(o, CASE_NONE);
	out_str(o, "x");
	out_row_end(o);
	cr_assert_eq(out_free(o), CASES_OK);
	fclose(f);
	cr_assert_str_eq(buf, ",,,x\r\n");
	free(buf);
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

/* ---- width by priority (issue 14) ---- */

static const struct out_col wide_cols[] = {
	{ "number", "#", COL_INT, COL_KEEP | COL_HASH },
	{ "sla", "SLA", COL_STR, COL_KEEP },
	{ "account", "ACCOUNT", COL_STR, COL_SHRINK | COL_DROP(3) },
	{ "plan", "PLAN", COL_STR, COL_DROP(7) },
	{ "status", "STATUS", COL_STR, COL_DROP(6) },
	{ "subject", "SUBJECT", COL_STR, COL_REST },
};

/* A table of two rows at width cols ($COLUMNS: a pipe fits it), with
 * --fields, --no-headers as given; returns what it printed. */
static char *
render_wide(int width, const char *fields, int headers)
{
	char *buf = NULL, w[16], err[CASES_ERRMAX];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct out *o = out_new(f, OUT_TABLE, wide_cols, 6, 0, NULL);

	snprintf(w, sizeof(w), "%d", width);
	setenv("COLUMNS", w, 1);
	if (fields)
		cr_assert_eq(out_select(o, fields, err), CASES_OK, "%s", err);
	out_set_headers(o, headers);
	for (int r = 0; r < 2; r++) {
		out_int(o, r ? 1234 : 7);
		out_str(o, r ? "-1d 23h" : "in 25m");
		out_str(o, "Amélie's Crèmerie International");
		out_str(o, "enterprise");
		out_str(o, "responded");
		out_str(o, "Checkout returns 502 for every customer in "
			   "eu-west-1 since the deploy of build 4711");
		out_row_end(o);
	}
	cr_assert_eq(out_free(o), CASES_OK);
	fclose(f);
	unsetenv("COLUMNS");
	return buf;
}

Test(output, wide_table_keeps_number_state_and_subject)
{
	char *s = render_wide(200, NULL, 1);

	/* Room for all: nothing cut. */
	cr_assert(strstr(s, "#      SLA      ACCOUNT") == s, "%s", s);
	cr_assert(strstr(s, "since the deploy of build 4711\n"), "%s", s);
	free(s);
	/* 80: the plan (dropped first) goes before the subject is cut below
	 * two fifths; number and state whole; the account shrunk. */
	s = render_wide(80, NULL, 1);
	cr_assert(!strstr(s, "PLAN") && strstr(s, "STATUS"), "%s", s);
	cr_assert(strstr(s, "Amélie's Crèmerie \u2026  responded"), "%s", s);
	cr_assert(strstr(s, "#1234  -1d 23h  "), "%s", s);
	cr_assert(strstr(s, "#7     in 25m   "), "%s", s);
	cr_assert(strstr(s, "ACCOUNT"), "%s", s);
	for (char *line = s; *line;) {
		size_t n = strcspn(line, "\n");
		char save = line[n];
		line[n] = '\0';
		cr_assert_leq(utf8_width(line, strlen(line)), 80, "%s", line);
		line[n] = save;
		line += n + (save != 0);
	}
	free(s);
	/* 62: the subject keeps two fifths, cut with an ellipsis; the
	 * account is shrunk to 8 cells. */
	s = render_wide(62, NULL, 1);
	cr_assert(strstr(s, "#1234  -1d 23h  Amélie's\u2026  responded  "
			    "Checkout returns 502 fo\u2026\n"),
		  "%s", s);
	cr_assert(strstr(s, "\u2026\n"), "%s", s);
	free(s);
}

Test(output, narrow_table_is_one_block_per_record)
{
	char *s = render_wide(40, NULL, 1);

	cr_assert(strstr(s, "#7  in 25m\n  Checkout returns 502 for every"),
		  "%s", s);
	cr_assert(strstr(s, "\n\n#1234  -1d 23h\n"), "%s", s);
	/* The rest of the columns on one line, cut to fit. */
	cr_assert(
		strstr(s, "\n  Amélie's Crèmerie International  ente\u2026\n"),
		"%s", s);
	cr_assert(!strstr(s, "SUBJECT"), "%s", s);
	free(s);
}

Test(output, fields_and_no_headers)
{
	char *s = render_wide(200, "subject,number", 0);

	cr_assert(strncmp(s, "Checkout returns 502", 20) == 0, "%s", s);
	cr_assert(strstr(s, "build 4711  #1234\n"), "%s", s);
	free(s);

	char *buf = NULL, err[CASES_ERRMAX];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct out *o = out_new(f, OUT_CSV, wide_cols, 6, 0, NULL);
	cr_assert_eq(out_select(o, "sla,nope", err), CASES_EINVAL);
	cr_assert(strstr(err, "unknown field 'nope' (expected one of: number, "
			      "sla, account, plan, status, subject)"),
		  "%s", err);
	cr_assert_eq(out_select(o, "number,sla", err), CASES_OK);
	out_int(o, 7);
	out_str(o, "in 25m");
	out_str(o, "a");
	out_str(o, "b");
	out_str(o, "c");
	out_str(o, "d");
	out_row_end(o);
	cr_assert_eq(out_free(o), CASES_OK);
	fclose(f);
	/* CSV: the number plain, the heading first. */
	cr_assert_str_eq(buf, "number,sla\r\n7,in 25m\r\n");
	free(buf);
}

/* Records of a view: fields in the order asked (one twice), the cells
 * the view leaves out not rendered (out_next_shown says so, and what is
 * passed for them is ignored), a cell never passed printed as null; rows
 * do not leak into each other. */
Test(output, records_of_a_view)
{
	char *buf = NULL, err[CASES_ERRMAX];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct out *o = out_new(f, OUT_JSONL, cols, 4, 0, NULL);

	cr_assert_eq(out_select(o, "secret,n,name,n", err), CASES_OK, "%s",
		     err);
	cr_assert(out_next_shown(o)); /* name */
	out_str(o, "first \"one\"");
	out_int(o, 12);
	cr_assert_not(out_next_shown(o)); /* when: not in the view */
	out_time(o, 1795683600);
	cr_assert(out_next_shown(o)); /* secret */
	out_str(o, "s");
	cr_assert_not(out_next_shown(o)); /* past the last column */
	out_row_end(o);
	out_str(o, "second");
	out_int(o, -40);
	out_row_end(o); /* secret never passed: null */
	cr_assert_eq(out_free(o), CASES_OK);
	fclose(f);
	cr_assert_str_eq(buf, "{\"secret\":\"s\",\"n\":12,"
			      "\"name\":\"first \\\"one\\\"\",\"n\":12}\n"
			      "{\"secret\":null,\"n\":-40,"
			      "\"name\":\"second\",\"n\":-40}\n");
	free(buf);

	/* CSV: the same, a cell never passed empty. */
	buf = NULL;
	f = open_memstream(&buf, &len);
	o = out_new(f, OUT_CSV, cols, 4, 0, NULL);
	cr_assert_eq(out_select(o, "n,secret,name", err), CASES_OK, "%s", err);
	out_str(o, "a,b");
	out_int(o, INT64_MIN + 1);
	out_row_end(o);
	cr_assert_eq(out_free(o), CASES_OK);
	fclose(f);
	cr_assert_str_eq(buf, "n,secret,name\r\n"
			      "-9223372036854775807,,\"a,b\"\r\n");
	free(buf);
}

/* A detail of any length is shown whole: its UTC instants local, the
 * text between them as it is (a long note once lost its tail after an
 * instant near byte 460, and a character cut at byte 512 showed as '?'). */
Test(output, local_text_whole_however_long)
{
	char d[700], want[800], *got = NULL;
	size_t len = 0;
	FILE *f;

	setenv("TZDIR", "/usr/share/zoneinfo", 1);
	memset(d, 'a', 455);
	strcpy(d + 455, "2026-11-26T15:00:00Z ");
	memset(d + 476, 'b', 30);
	strcpy(d + 506, "\xc3\xa9t\xc3\xa9 2026-11-26T16:30:00Z end");
	memset(want, 'a', 455);
	strcpy(want + 455, "2026-11-26 10:00:00 ");
	memset(want + 475, 'b', 30);
	strcpy(want + 505, "\xc3\xa9t\xc3\xa9 2026-11-26 11:30:00 end");
	const struct tz *ny;
	char err[CASES_ERRMAX];
	cr_assert_eq(tz_load("America/New_York", &ny, err), CASES_OK, "%s",
		     err);
	f = open_memstream(&got, &len);
	cr_assert_not_null(f);
	out_local_text(f, d, ny);
	fclose(f);
	cr_assert_str_eq(got, want);
	free(got);
	/* Not an instant (hour 25): left as it is. */
	f = open_memstream(&got, &len);
	out_local_text(f, "at 2026-11-26T25:00:00Z, 2026-11-26T10:00:00Z", ny);
	fclose(f);
	cr_assert_str_eq(got, "at 2026-11-26T25:00:00Z, 2026-11-26 05:00:00");
	free(got);
}

/* A COL_IFANY column: in a table only when some row has a value, or
 * when --fields names it; records always carry it. */
static char *
render_ifany(int format, const char *v1, const char *v2, const char *fields)
{
	static const struct out_col c[] = {
		{ "name", "NAME", COL_STR, 0 },
		{ "who", "WHO", COL_STR, COL_IFANY },
		{ "end", "END", COL_STR, 0 },
	};
	char *buf = NULL, err[CASES_ERRMAX];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct out *o = out_new(f, format, c, 3, 0, NULL);

	if (fields)
		cr_assert_eq(out_select(o, fields, err), CASES_OK, "%s", err);
	out_str(o, "a");
	out_str(o, v1);
	out_str(o, "x");
	out_row_end(o);
	out_str(o, "b");
	out_str(o, v2);
	out_str(o, "y");
	out_row_end(o);
	cr_assert_eq(out_free(o), CASES_OK);
	fclose(f);
	return buf;
}

Test(output, ifany_column_only_with_a_value)
{
	char *s = render_ifany(OUT_TABLE, NULL, NULL, NULL);

	cr_assert_str_eq(s, "NAME  END\na     x\nb     y\n");
	free(s);
	s = render_ifany(OUT_TABLE, NULL, "ann", NULL);
	cr_assert_str_eq(s, "NAME  WHO  END\na     -    x\nb     ann  y\n");
	free(s);
	s = render_ifany(OUT_TABLE, NULL, NULL, "name,who");
	cr_assert_str_eq(s, "NAME  WHO\na     -\nb     -\n");
	free(s);
	s = render_ifany(OUT_CSV, NULL, NULL, NULL);
	cr_assert_str_eq(s, "name,who,end\r\na,,x\r\nb,,y\r\n");
	free(s);
}
