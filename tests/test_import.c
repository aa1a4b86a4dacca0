/*
 * test_import.c - imports of JSON lines and CSV (import.c) into a fresh
 * in-memory store per test (AWS describe-cases JSON: test_import_aws.c).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/error.h"
#include "cases/import.h"
#include "cases/record.h"
#include "cases/store.h"
#include "cases/timefmt.h"

static struct store *st;
static char err[CASES_ERRMAX];

static void
setup(void)
{
	cr_assert_eq(store_open(NULL, &st, err), CASES_OK, "%s", err);
	cr_assert_eq(store_begin(st, 1, err), CASES_OK, "%s", err);
}

static void
teardown(void)
{
	store_rollback(st);
	store_close(st);
	st = NULL;
}

static int64_t
T(const char *s)
{
	int64_t t;

	cr_assert_eq(timefmt_parse_instant(s, NULL, &t, NULL), CASES_OK, "%s",
		     s);
	return t;
}

/* As the CLI does: commit a good import, roll a failed one back. */
static int
settle(int rc)
{
	char e2[CASES_ERRMAX];

	if (rc == CASES_OK)
		cr_assert_eq(store_commit(st, e2), CASES_OK, "%s", e2);
	else
		store_rollback(st);
	cr_assert_eq(store_begin(st, 1, e2), CASES_OK, "%s", e2);
	return rc;
}

static int
import(int format, const char *text, struct import_stats *stats)
{
	struct import_stats dummy;
	struct import_req req = { .format = format,
				  .now = T("2026-11-26T12:00:00Z") };
	int rc;

	req.in = fmemopen((void *)text, strlen(text), "r");
	cr_assert_not_null(req.in);
	rc = import_run(st, &req, stats ? stats : &dummy, err);
	fclose(req.in);
	return settle(rc);
}

struct got {
	int n;
	struct case_rec c[8];
	char subject[8][128];
	char ext[8][128];
};

static int
got_cb(void *arg, const struct case_rec *c)
{
	struct got *g = arg;

	/* The record is returned by value: its strings are kept in the
	 * arrays, not pointed at. */
	if (g->n < 8) {
		g->c[g->n] = *c;
		g->c[g->n].subject = NULL;
		g->c[g->n].external_id = NULL;
		snprintf(g->subject[g->n], 128, "%s", c->subject);
		snprintf(g->ext[g->n], 128, "%s",
			 c->external_id ? c->external_id : "(null)");
	}
	g->n++;
	return 0;
}

static struct got
all_cases(void)
{
	struct got g = { 0 };
	struct case_filter f = CASE_FILTER_INIT;

	f.status = -1;
	cr_assert_eq(store_case_export(st, &f, INT64_MIN, INT64_MAX, got_cb, &g,
				       err),
		     CASES_OK, "%s", err);
	return g;
}

#define LINE(fields) "{" fields "}\n"
#define CASE_A                                                                 \
	"\"id\":\"3f2a9c1b-0d4e-4f6a-9b8c-7d6e5f4a3b2c\","                     \
	"\"plan\":\"business\",\"severity\":\"prod-down\","                    \
	"\"opened_at\":\"2026-11-26T09:00:00Z\",\"subject\":\"A\""

Test(import, jsonl_keeps_fields_and_computes_due, .init = setup,
     .fini = teardown)
{
	struct import_stats s;
	struct got g;

	cr_assert_eq(
		import(IMPORT_JSONL,
		       "\n" LINE(
			       "\"id\":\"3F2A9C1B-0D4E-4F6A-9B8C-"
			       "7D6E5F4A3B2C\",\"external_id\":\"T-1\","
			       "\"account\":null,\"plan\":\"Business\","
			       "\"severity\":\"urgent\",\"category\":"
			       "\"third-party\",\"channel\":\"api\","
			       "\"status\":\"resolved\",\"opened_at\":"
			       "\"2026-11-26T10:00:00+01:00\",\"due_at\":"
			       "\"2026-11-26T09:30:00Z\","
			       "\"first_response_at\":\"@1795683600\","
			       "\"resolved_at\":\"2026-11-26T11:00:00Z\","
			       "\"breached_at\":null,\"subject\":"
			       "\"caf\\u00e9, \\\"x\\\"\\n\"") " \r\n" LINE("\""
									    "pl"
									    "an"
									    "\""
									    ":"
									    "\""
									    "de"
									    "ve"
									    "lo"
									    "pe"
									    "r"
									    "\""
									    ","
									    "\""
									    "se"
									    "ve"
									    "ri"
									    "ty"
									    "\""
									    ":"
									    "\""
									    "ge"
									    "ne"
									    "ra"
									    "l"
									    "\""
									    ","
									    "\""
									    "op"
									    "en"
									    "ed"
									    "_a"
									    "t"
									    "\""
									    ":"
									    "\""
									    "20"
									    "26"
									    "-1"
									    "1-"
									    "27"
									    "T1"
									    "7:"
									    "00"
									    ":0"
									    "0Z"
									    "\""
									    ","
									    "\""
									    "su"
									    "bj"
									    "ec"
									    "t"
									    "\""
									    ":"
									    "\""
									    "B"
									    "\""),
		       &s),
		CASES_OK, "%s", err);
	cr_assert_eq(s.added, 2);
	g = all_cases();
	cr_assert_eq(g.n, 2);
	cr_assert_str_eq(g.c[0].id, "3f2a9c1b-0d4e-4f6a-9b8c-7d6e5f4a3b2c");
	cr_assert_str_eq(g.ext[0], "T-1");
	cr_assert_str_eq(g.c[0].plan, "business");
	cr_assert_eq(g.c[0].severity, SEV_PROD_DOWN);
	cr_assert_eq(g.c[0].category, CAT_THIRD_PARTY);
	cr_assert_eq(g.c[0].channel, CH_API);
	cr_assert_eq(g.c[0].opened_at, T("2026-11-26T09:00:00Z"));
	/* Kept as given, not recomputed (which would be 10:00). */
	cr_assert_eq(g.c[0].due_at, T("2026-11-26T09:30:00Z"));
	cr_assert_eq(g.c[0].first_response_at, 1795683600);
	cr_assert_eq(g.c[0].resolved_at, T("2026-11-26T11:00:00Z"));
	cr_assert_str_eq(g.subject[0], "caf\xc3\xa9, \"x\"\n");
	/* Missing due_at: computed on the plan's clock, here business hours
	 * Mon-Fri 08-18 UTC: Fri 17-18, Mon, Tue (21 h), Wed 08-11. */
	cr_assert_eq(g.c[1].due_at, T("2026-12-02T11:00:00Z"));
	cr_assert_eq(g.c[1].target_s, 86400);
	cr_assert_eq(strlen(g.c[1].id), 36);
}

struct events {
	int n;
	char kinds[8][24];
	int64_t at[8];
	int hook[8];
};

static int
event_cb(void *arg, const struct event_rec *e)
{
	struct events *x = arg;

	if (x->n < 8) {
		snprintf(x->kinds[x->n], 24, "%s", e->kind);
		x->at[x->n] = e->at;
		x->hook[x->n] = e->hook;
	}
	x->n++;
	return 0;
}

Test(import, imported_events_in_time_order, .init = setup, .fini = teardown)
{
	struct events x = { 0 };
	struct got g;

	cr_assert_eq(import(IMPORT_JSONL,
			    LINE(CASE_A ",\"first_response_at\":"
					"\"2026-11-26T10:30:00Z\","
					"\"breached_at\":"
					"\"2026-11-26T10:01:00Z\","
					"\"resolved_at\":"
					"\"2026-11-26T10:30:00Z\""),
			    NULL),
		     CASES_OK, "%s", err);
	g = all_cases();
	cr_assert_eq(store_event_each(st, g.c[0].rowid, event_cb, &x, err),
		     CASES_OK);
	cr_assert_eq(x.n, 4);
	cr_assert_str_eq(x.kinds[0], "opened");
	cr_assert_str_eq(x.kinds[1], "breached");
	cr_assert_str_eq(x.kinds[2], "responded");
	cr_assert_str_eq(x.kinds[3], "resolved");
	cr_assert_eq(x.at[1], T("2026-11-26T10:01:00Z"));
	/* History, not news: no hook is pending for the breach. */
	cr_assert_eq(x.hook[1], -1);
}

static void
jsonl_fails(const char *text, const char *msg)
{
	cr_assert_eq(import(IMPORT_JSONL, text, NULL), CASES_EINVAL, "%s",
		     text);
	cr_assert_str_eq(err, msg, "%s", text);
	cr_assert_eq(all_cases().n, 0, "%s", text);
}

Test(import, jsonl_errors_name_the_line, .init = setup, .fini = teardown)
{
	jsonl_fails(LINE(CASE_A) "{\"plan\":\"gold\",\"severity\":\"general\","
				 "\"opened_at\":\"2026-11-26T09:00:00Z\","
				 "\"subject\":\"B\"}\n",
		    "line 2: unknown plan 'gold' (expected one of: basic, "
		    "developer, business, enterprise)");
	jsonl_fails("\n\n{\"plan\":\"business\",\"account\":\"nobody\","
		    "\"opened_at\":\"2026-11-26T09:00:00Z\",\"subject\":\"B\"}",
		    "line 3: unknown account 'nobody' (see 'cases account "
		    "list')");
	jsonl_fails(LINE(CASE_A ",\"colour\":\"red\""),
		    "line 1: unknown field 'colour' (expected: id, "
		    "external_id, account, plan, severity, category, channel, "
		    "status, opened_at, due_at, first_response_at, "
		    "resolved_at, breached_at, subject, number, assignee)");
	jsonl_fails(LINE(CASE_A ",\"plan\":\"basic\""),
		    "line 1: duplicate field 'plan'");
	jsonl_fails(LINE(CASE_A ",\"due_at\":1795683600"),
		    "line 1: field 'due_at' must be a string or null");
	jsonl_fails(LINE(CASE_A ",\"channel\":[\"api\"]"),
		    "line 1: field 'channel' must be a string or null");
	jsonl_fails("{\"plan\":\"business\",}\n",
		    "line 1: malformed JSON at column 20: string or '}' "
		    "expected near '}'");
	jsonl_fails(LINE(CASE_A) "[1,2]\n", "line 2: expected a JSON object");
	jsonl_fails(LINE(CASE_A) "{\"plan\":\"business\"} x\n",
		    "line 2: malformed JSON at column 21: end of file "
		    "expected near 'x'");
	jsonl_fails("{\"plan\":\"business\",\"severity\":\"general\","
		    "\"opened_at\":\"2026-11-26T09:00:00Z\"}\n",
		    "line 1: missing subject");
	jsonl_fails(LINE(CASE_A ",\"severity\":\"sev1\""),
		    "line 1: duplicate field 'severity'");
	jsonl_fails("{\"plan\":\"business\",\"severity\":\"sev1\","
		    "\"opened_at\":\"2026-11-26T09:00:00Z\",\"subject\":\"B\"}",
		    "line 1: unknown severity 'sev1' (expected one of: "
		    "general, system-impaired, prod-impaired, prod-down, "
		    "business-critical)");
	jsonl_fails("{\"plan\":\"developer\",\"severity\":\"prod-down\","
		    "\"opened_at\":\"2026-11-26T09:00:00Z\",\"subject\":\"B\"}",
		    "line 1: plan 'developer' does not allow severity "
		    "'prod-down' (allowed: general, system-impaired)");
	jsonl_fails("{\"plan\":\"business\",\"severity\":\"general\","
		    "\"opened_at\":\"2026-11-26 09:00\",\"subject\":\"B\"}",
		    "line 1: invalid opened_at '2026-11-26 09:00' (expected "
		    "an RFC 3339 time with Z or an offset, like "
		    "2026-11-26T09:00:00Z)");
	jsonl_fails(LINE(CASE_A ",\"first_response_at\":"
				"\"2026-11-26T08:59:59Z\""),
		    "line 1: first_response_at 2026-11-26T08:59:59Z is before "
		    "opened_at 2026-11-26T09:00:00Z");
	jsonl_fails(LINE(CASE_A ",\"status\":\"open\",\"resolved_at\":"
				"\"2026-11-26T10:00:00Z\""),
		    "line 1: status 'open' does not match the times (they "
		    "make the case 'resolved')");
	jsonl_fails("{\"plan\":\"basic\",\"category\":\"account-billing\","
		    "\"opened_at\":\"2026-11-26T09:00:00Z\",\"due_at\":"
		    "\"2026-11-27T09:00:00Z\",\"subject\":\"Invoice\"}",
		    "line 1: due_at is set, but plan 'basic' has no "
		    "first-response target for category 'account-billing', "
		    "severity 'general'");
	jsonl_fails("{\"id\":\"3f2a9c1b\",\"plan\":\"business\","
		    "\"severity\":\"general\",\"opened_at\":"
		    "\"2026-11-26T09:00:00Z\",\"subject\":\"B\"}",
		    "line 1: invalid id '3f2a9c1b' (expected a UUID like "
		    "3f2a9c1b-0d4e-4f6a-9b8c-7d6e5f4a3b2c)");
	jsonl_fails(LINE(CASE_A ",\"external_id\":\"a\\u0000b\""),
		    "line 1: a string holds \\u0000 (a NUL character)");
	jsonl_fails(LINE(CASE_A ",\"external_id\":\"a\\\\u0000b\","
				"\"x\":1"),
		    "line 1: unknown field 'x' (expected: id, external_id, "
		    "account, plan, severity, category, channel, status, "
		    "opened_at, due_at, first_response_at, resolved_at, "
		    "breached_at, subject, number, assignee)");
	jsonl_fails("{\"plan\":\"business\",\"severity\":\"general\","
		    "\"opened_at\":\"2026-11-26T09:00:00Z\",\"subject\":"
		    "\"line\\nbreak\",\"channel\":\"fax\\nx\"}",
		    "line 1: unknown channel 'fax?x' (expected one of: "
		    "console, email, phone, chat, api)");
}

/* jansson's errors: where on the line, in characters; a key given twice
 * however it is spelt; a NUL in a key or a value; bytes that are not
 * UTF-8. */
Test(import, jsonl_errors_have_a_column, .init = setup, .fini = teardown)
{
	jsonl_fails(
		"  {\"subject\":\"\u00c4rger \u00e9t\u00e9\",\"plan\":tru}\n",
		"line 1: malformed JSON at column 35: invalid token near "
		"'tru'");
	jsonl_fails("{\"subject\":\"\xc3\x84rger\",\"plan\":tru}\n",
		    "line 1: malformed JSON at column 29: invalid token near "
		    "'tru'");
	jsonl_fails(LINE(CASE_A ",\"pl\\u0061n\":\"basic\""),
		    "line 1: duplicate field 'plan'");
	jsonl_fails(LINE(CASE_A ",\"sub\\\"ject\":\"x\",\"sub\\\"ject\":1"),
		    "line 1: duplicate field 'sub\"ject'");
	jsonl_fails(LINE(CASE_A ",\"a\\u0000\":\"x\""),
		    "line 1: a string holds \\u0000 (a NUL character)");
	jsonl_fails("{\"subject\":\"\xff\"}\n",
		    "line 1: malformed JSON at column 12: unable to decode "
		    "byte 0xff near '\"'");
	jsonl_fails("{\"plan\":\"business\"\n",
		    "line 1: malformed JSON at column 18: '}' expected near "
		    "end of file");
}

/* n lines of distinct cases; line `dup` (1-based) repeats line `of`. */
static char *
many_lines(int n, int dup, int of)
{
	char *buf = malloc((size_t)n * 256), *p = buf;

	for (int i = 1; i <= n; i++) {
		int k = i == dup ? of : i;
		p += sprintf(p,
			     "{\"id\":\"00000000-0000-4000-8000-%012d\","
			     "\"plan\":\"business\",\"severity\":\"general\","
			     "\"opened_at\":\"2026-11-26T09:00:00Z\","
			     "\"subject\":\"case %d\"}\n",
			     k, k);
	}
	return buf;
}

Test(import, duplicate_ids_found_in_any_batch, .init = setup, .fini = teardown)
{
	struct import_stats s;
	char *text;

	/* In a later batch of the same input. */
	text = many_lines(200, 150, 3);
	cr_assert_eq(import(IMPORT_JSONL, text, &s), CASES_EINVAL);
	cr_assert_str_eq(err, "line 150: case 00000000-0000-4000-8000-"
			      "000000000003 already exists");
	free(text);
	/* In the last, partial batch. */
	text = many_lines(70, 70, 69);
	cr_assert_eq(import(IMPORT_JSONL, text, &s), CASES_EINVAL);
	cr_assert_str_eq(err, "line 70: case 00000000-0000-4000-8000-"
			      "000000000069 already exists");
	free(text);
	cr_assert_eq(all_cases().n, 0);
	/* Already in the database. */
	text = many_lines(130, 0, 0);
	cr_assert_eq(import(IMPORT_JSONL, text, &s), CASES_OK, "%s", err);
	cr_assert_eq(s.added, 130);
	cr_assert_eq(all_cases().n, 130);
	cr_assert_eq(import(IMPORT_JSONL, text, &s), CASES_EINVAL);
	cr_assert_str_eq(err, "line 1: case 00000000-0000-4000-8000-"
			      "000000000001 already exists");
	free(text);
}

/* Line k of many_lines()'s text replaced by repl (same length or not). */
static char *
replace_line(char *text, int k, const char *repl)
{
	char *p = text, *end, *out;

	for (int i = 1; i < k; i++)
		p = strchr(p, '\n') + 1;
	end = strchr(p, '\n');
	out = malloc(strlen(text) + strlen(repl) + 1);
	cr_assert_not_null(out);
	sprintf(out, "%.*s%s%s", (int)(p - text), text, repl, end);
	free(text);
	return out;
}

/* Thousands of lines: the first error in input order is the one told,
 * whichever stage finds it (the JSON, a value, the catalog, the
 * database), and nothing is imported. */
Test(import, long_input_first_error_wins, .init = setup, .fini = teardown)
{
	struct import_stats s;
	char *text;

	/* Malformed JSON on the last line. */
	text = replace_line(many_lines(3000, 0, 0), 3000, "{\"plan\":");
	cr_assert_eq(import(IMPORT_JSONL, text, &s), CASES_EINVAL);
	cr_assert(strncmp(err, "line 3000: malformed JSON", 25) == 0, "%s",
		  err);
	free(text);
	/* A bad value far in. */
	text = replace_line(many_lines(3000, 0, 0), 2500,
			    "{\"plan\":\"business\",\"severity\":\"meh\","
			    "\"opened_at\":\"2026-11-26T09:00:00Z\","
			    "\"subject\":\"x\"}");
	cr_assert_eq(import(IMPORT_JSONL, text, &s), CASES_EINVAL);
	cr_assert(strncmp(err, "line 2500: unknown severity 'meh'", 33) == 0,
		  "%s", err);
	free(text);
	/* An unknown plan before malformed JSON: the plan is told. */
	text = replace_line(many_lines(3000, 0, 0), 1500,
			    "{\"plan\":\"gold\",\"severity\":\"general\","
			    "\"opened_at\":\"2026-11-26T09:00:00Z\","
			    "\"subject\":\"x\"}");
	text = replace_line(text, 1600, "{");
	cr_assert_eq(import(IMPORT_JSONL, text, &s), CASES_EINVAL);
	cr_assert(strncmp(err, "line 1500: unknown plan 'gold'", 30) == 0, "%s",
		  err);
	free(text);
	/* Malformed JSON a few lines after a duplicate in the same batch of
	 * rows, not yet written: the JSON is told (as it always was). */
	text = replace_line(many_lines(3000, 2000, 5), 2010, "[1]");
	cr_assert_eq(import(IMPORT_JSONL, text, &s), CASES_EINVAL);
	cr_assert_str_eq(err, "line 2010: expected a JSON object");
	free(text);
	/* The duplicate alone, far in. */
	text = many_lines(3000, 2990, 5);
	cr_assert_eq(import(IMPORT_JSONL, text, &s), CASES_EINVAL);
	cr_assert_str_eq(err, "line 2990: case 00000000-0000-4000-8000-"
			      "000000000005 already exists");
	free(text);
	cr_assert_eq(all_cases().n, 0);
	/* And all of it, good. */
	text = many_lines(3000, 0, 0);
	cr_assert_eq(import(IMPORT_JSONL, text, &s), CASES_OK, "%s", err);
	cr_assert_eq(s.added, 3000);
	free(text);
}

Test(import, csv_import_maps_columns_by_name, .init = setup, .fini = teardown)
{
	struct got g;

	cr_assert_eq(import(IMPORT_CSV,
			    "subject,plan,severity,opened_at,external_id\r\n"
			    "\"Line one\r\nline \"\"two\"\", three\",business,"
			    "prod-down,2026-11-26T09:00:00Z,\r\n",
			    NULL),
		     CASES_OK, "%s", err);
	g = all_cases();
	cr_assert_eq(g.n, 1);
	cr_assert_str_eq(g.subject[0], "Line one\r\nline \"two\", three");
	cr_assert_str_eq(g.ext[0], "(null)");
	cr_assert_eq(g.c[0].due_at, T("2026-11-26T10:00:00Z"));

	cr_assert_eq(import(IMPORT_CSV, "subject,plan,colour\nx,business,red\n",
			    NULL),
		     CASES_EINVAL);
	cr_assert(strstr(err, "line 1: unknown column 'colour'"), "%s", err);
	cr_assert_eq(import(IMPORT_CSV,
			    "subject,plan,severity,opened_at\n"
			    "x,business,general,2026-11-26T09:00:00Z\n"
			    "\"multi\nline\",business\n",
			    NULL),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "line 3: 2 fields, expected 4 (as in the "
			      "header)");
	cr_assert_eq(all_cases().n, 1);
}
