/*
 * test_bulk.c - the report's rules and numbers, the RFC 4180 reader, and
 * imports of JSON lines and CSV into a fresh in-memory store per test
 * (AWS describe-cases JSON: test_import_aws.c).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/bulk.h"
#include "cases/case.h"
#include "cases/error.h"
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

/* ---- the report's rules ---- */

static int
outcome(int64_t due, int64_t fr, int64_t res, int64_t br, int64_t at)
{
	struct report_case c = { 1, due, fr, res, br };

	return bulk_report_outcome(&c, at);
}

Test(bulk, outcome_rules)
{
	const int64_t N = CASE_NONE;

	/* A first response at due_at meets the target; a second later not. */
	cr_assert_eq(outcome(100, 100, N, N, 500), BULK_MET);
	cr_assert_eq(outcome(100, 101, N, N, 500), BULK_BREACHED);
	/* Unanswered: pending up to and at due_at, breached after. */
	cr_assert_eq(outcome(100, N, N, N, 100), BULK_PENDING);
	cr_assert_eq(outcome(100, N, N, N, 101), BULK_BREACHED);
	/* Resolved without a response: breached only if resolved late. */
	cr_assert_eq(outcome(100, N, 100, N, 500), BULK_NEITHER);
	cr_assert_eq(outcome(100, N, 101, N, 500), BULK_BREACHED);
	cr_assert_eq(outcome(100, N, 50, N, 20), BULK_NEITHER);
	/* A recorded breach stays a breach, even answered in time after a
	 * downgrade moved due_at. */
	cr_assert_eq(outcome(100, 90, N, 80, 500), BULK_BREACHED);
	cr_assert_eq(outcome(100, N, N, 80, 50), BULK_BREACHED);
	/* No target: none of met, breached, pending. */
	cr_assert_eq(outcome(N, 500, N, N, 900), BULK_UNTARGETED);
	cr_assert_eq(outcome(N, N, N, N, 900), BULK_UNTARGETED);
}

Test(bulk, nearest_rank)
{
	cr_assert_eq(bulk_nearest_rank(0, 50), 0);
	cr_assert_eq(bulk_nearest_rank(1, 50), 1);
	cr_assert_eq(bulk_nearest_rank(1, 90), 1);
	cr_assert_eq(bulk_nearest_rank(2, 50), 1);
	cr_assert_eq(bulk_nearest_rank(3, 50), 2);
	cr_assert_eq(bulk_nearest_rank(4, 50), 2);
	cr_assert_eq(bulk_nearest_rank(10, 90), 9);
	cr_assert_eq(bulk_nearest_rank(11, 90), 10);
	cr_assert_eq(bulk_nearest_rank(20, 90), 18);
	cr_assert_eq(bulk_nearest_rank(21, 90), 19);
	cr_assert_eq(bulk_nearest_rank(1000000, 90), 900000);
}

Test(bulk, compliance_is_truncated)
{
	struct bulk_report_row r = { 0 };
	double pct = -1;

	cr_assert_eq(bulk_report_compliance(&r, &pct), 0);
	cr_assert_eq(pct, -1);
	r.met = 1999;
	r.breached = 1;
	cr_assert_eq(bulk_report_compliance(&r, &pct), 1);
	cr_assert_float_eq(pct, 99.9, 1e-9); /* not 100.0 */
	r.met = 2;
	cr_assert_eq(bulk_report_compliance(&r, &pct), 1);
	cr_assert_float_eq(pct, 66.6, 1e-9);
	r.met = 0;
	cr_assert_eq(bulk_report_compliance(&r, &pct), 1);
	cr_assert_float_eq(pct, 0.0, 1e-9);
}

Test(bulk, group_names)
{
	int by = -1;

	cr_assert_eq(bulk_group_parse("Severity", &by, err), CASES_OK);
	cr_assert_eq(by, STORE_BY_SEVERITY);
	cr_assert_eq(bulk_group_parse("account", &by, err), CASES_OK);
	cr_assert_eq(by, STORE_BY_ACCOUNT);
	cr_assert_eq(bulk_group_parse("team", &by, err), CASES_EINVAL);
	cr_assert_str_eq(err, "unknown group 'team' (expected one of: plan, "
			      "severity, account)");
}

/* ---- CSV ---- */

struct csv_run {
	FILE *f;
	struct bulk_csv *r;
};

static struct csv_run
csv_open(const char *text)
{
	struct csv_run c;

	c.f = fmemopen((void *)text, strlen(text), "r");
	cr_assert_not_null(c.f);
	c.r = bulk_csv_new(c.f, 64);
	cr_assert_not_null(c.r);
	return c;
}

static void
csv_close(struct csv_run *c)
{
	bulk_csv_free(c->r);
	fclose(c->f);
}

/* The next record joined with '|' (fields must hold no '|'). */
static int
csv_rec(struct csv_run *c, char *buf, size_t len, int64_t *line)
{
	const char *const *f;
	const size_t *l;
	size_t n, used = 0;
	int rc = bulk_csv_next(c->r, &f, &l, &n, line, err);

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

Test(bulk, csv_fields_and_lines)
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

Test(bulk, csv_errors)
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

Test(bulk, csv_rejects_nul_and_too_many_fields)
{
	static const char nul[] = "a,b\nx,y\0z\n";
	FILE *f = fmemopen((void *)nul, sizeof(nul) - 1, "r");
	struct bulk_csv *r = bulk_csv_new(f, 1024);
	const char *const *fl;
	const size_t *l;
	size_t n;
	int64_t line;
	char many[256] = "";

	cr_assert_eq(bulk_csv_next(r, &fl, &l, &n, &line, err), CASES_OK);
	cr_assert_eq(bulk_csv_next(r, &fl, &l, &n, &line, err), CASES_EINVAL);
	cr_assert_str_eq(err, "line 2: NUL byte in the input");
	bulk_csv_free(r);
	fclose(f);

	for (int i = 0; i <= BULK_CSV_MAXFIELDS; i++)
		strcat(many, i ? ",x" : "x");
	strcat(many, "\n");
	f = fmemopen(many, strlen(many), "r");
	r = bulk_csv_new(f, 1024);
	cr_assert_eq(bulk_csv_next(r, &fl, &l, &n, &line, err), CASES_EINVAL);
	cr_assert_str_eq(err, "line 1: more than 64 fields");
	bulk_csv_free(r);
	fclose(f);
}

/* ---- import ---- */

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
import(int format, const char *text, struct bulk_import_stats *stats)
{
	struct bulk_import_stats dummy;
	struct bulk_import_req req = { .format = format,
				       .now = T("2026-11-26T12:00:00Z") };
	int rc;

	req.in = fmemopen((void *)text, strlen(text), "r");
	cr_assert_not_null(req.in);
	rc = bulk_import(st, &req, stats ? stats : &dummy, err);
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
	cr_assert_eq(store_case_export(st, &f, INT64_MIN, INT64_MAX, got_cb,
				       &g, err),
		     CASES_OK, "%s", err);
	return g;
}

#define LINE(fields) "{" fields "}\n"
#define CASE_A                                                             \
	"\"id\":\"3f2a9c1b-0d4e-4f6a-9b8c-7d6e5f4a3b2c\","                  \
	"\"plan\":\"business\",\"severity\":\"prod-down\","                 \
	"\"opened_at\":\"2026-11-26T09:00:00Z\",\"subject\":\"A\""

Test(bulk, jsonl_keeps_fields_and_computes_due, .init = setup,
     .fini = teardown)
{
	struct bulk_import_stats s;
	struct got g;

	cr_assert_eq(import(BULK_JSONL,
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
				    "\"caf\\u00e9, \\\"x\\\"\\n\"") " \r\n"
				LINE("\"plan\":\"developer\",\"severity\":"
				     "\"general\",\"opened_at\":"
				     "\"2026-11-27T17:00:00Z\",\"subject\":"
				     "\"B\""),
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

Test(bulk, imported_events_in_time_order, .init = setup, .fini = teardown)
{
	struct events x = { 0 };
	struct got g;

	cr_assert_eq(import(BULK_JSONL,
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
	cr_assert_eq(import(BULK_JSONL, text, NULL), CASES_EINVAL, "%s", text);
	cr_assert_str_eq(err, msg, "%s", text);
	cr_assert_eq(all_cases().n, 0, "%s", text);
}

Test(bulk, jsonl_errors_name_the_line, .init = setup, .fini = teardown)
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
		    "resolved_at, breached_at, subject)");
	jsonl_fails(LINE(CASE_A ",\"plan\":\"basic\""),
		    "line 1: duplicate field 'plan'");
	jsonl_fails(LINE(CASE_A ",\"due_at\":1795683600"),
		    "line 1: field 'due_at' must be a string or null");
	jsonl_fails(LINE(CASE_A ",\"channel\":[\"api\"]"),
		    "line 1: field 'channel' must be a string or null");
	jsonl_fails("{\"plan\":\"business\",}\n", "line 1: malformed JSON");
	jsonl_fails(LINE(CASE_A) "[1,2]\n", "line 2: expected a JSON object");
	jsonl_fails(LINE(CASE_A) "{\"plan\":\"business\"} x\n",
		    "line 2: malformed JSON");
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
		    "breached_at, subject)");
	jsonl_fails("{\"plan\":\"business\",\"severity\":\"general\","
		    "\"opened_at\":\"2026-11-26T09:00:00Z\",\"subject\":"
		    "\"line\\nbreak\",\"channel\":\"fax\\nx\"}",
		    "line 1: unknown channel 'fax?x' (expected one of: "
		    "console, email, phone, chat, api)");
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

Test(bulk, duplicate_ids_found_in_any_batch, .init = setup,
     .fini = teardown)
{
	struct bulk_import_stats s;
	char *text;

	/* In a later batch of the same input. */
	text = many_lines(200, 150, 3);
	cr_assert_eq(import(BULK_JSONL, text, &s), CASES_EINVAL);
	cr_assert_str_eq(err, "line 150: case 00000000-0000-4000-8000-"
			      "000000000003 already exists");
	free(text);
	/* In the last, partial batch. */
	text = many_lines(70, 70, 69);
	cr_assert_eq(import(BULK_JSONL, text, &s), CASES_EINVAL);
	cr_assert_str_eq(err, "line 70: case 00000000-0000-4000-8000-"
			      "000000000069 already exists");
	free(text);
	cr_assert_eq(all_cases().n, 0);
	/* Already in the database. */
	text = many_lines(130, 0, 0);
	cr_assert_eq(import(BULK_JSONL, text, &s), CASES_OK, "%s", err);
	cr_assert_eq(s.added, 130);
	cr_assert_eq(all_cases().n, 130);
	cr_assert_eq(import(BULK_JSONL, text, &s), CASES_EINVAL);
	cr_assert_str_eq(err, "line 1: case 00000000-0000-4000-8000-"
			      "000000000001 already exists");
	free(text);
}

Test(bulk, csv_import_maps_columns_by_name, .init = setup,
     .fini = teardown)
{
	struct got g;

	cr_assert_eq(import(BULK_CSV,
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

	cr_assert_eq(import(BULK_CSV, "subject,plan,colour\nx,business,red\n",
			    NULL),
		     CASES_EINVAL);
	cr_assert(strstr(err, "line 1: unknown column 'colour'"), "%s", err);
	cr_assert_eq(import(BULK_CSV,
			    "subject,plan,severity,opened_at\n"
			    "x,business,general,2026-11-26T09:00:00Z\n"
			    "\"multi\nline\",business\n",
			    NULL),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "line 3: 2 fields, expected 4 (as in the "
			      "header)");
	cr_assert_eq(all_cases().n, 1);
}

/* ---- report ---- */

struct rows {
	int n;
	struct bulk_report_row r[8];
};

static int
row_cb(void *arg, const struct bulk_report_row *r)
{
	struct rows *x = arg;

	if (x->n < 8)
		x->r[x->n] = *r;
	x->n++;
	return 0;
}

static struct rows
report(int by, int64_t since, int64_t until, int64_t at)
{
	struct bulk_report_req req = { by, since, until, at };
	struct rows x = { 0 };

	cr_assert_eq(bulk_report(st, &req, row_cb, &x, err), CASES_OK, "%s",
		     err);
	return x;
}

/* A business prod-down case (1 h target) answered after `minutes`. */
static void
answered(char **p, int i, const char *plan, int minutes)
{
	*p += sprintf(*p,
		      "{\"plan\":\"%s\",\"severity\":\"general\","
		      "\"opened_at\":\"2026-11-%02dT09:00:00Z\","
		      "\"first_response_at\":\"2026-11-%02dT%02d:%02d:00Z\","
		      "\"subject\":\"c%d\"}\n",
		      plan, 1 + i, 1 + i, 9 + minutes / 60, minutes % 60, i);
}

Test(bulk, percentiles_nearest_rank, .init = setup, .fini = teardown)
{
	/* business: 5 values (odd), enterprise: 10 values (even), listed
	 * out of order. */
	static const int odd[] = { 300, 60, 240, 120, 180 };
	char text[8192], *p = text;
	struct rows x;

	for (int i = 0; i < 5; i++)
		answered(&p, i, "business", odd[i]);
	for (int i = 0; i < 10; i++)
		answered(&p, 10 + i, "enterprise", (10 - i) * 10);
	cr_assert_eq(import(BULK_JSONL, text, NULL), CASES_OK, "%s", err);
	x = report(STORE_BY_PLAN, INT64_MIN, INT64_MAX,
		   T("2026-12-31T00:00:00Z"));
	cr_assert_eq(x.n, 3);
	cr_assert_eq(x.r[0].key, 3); /* business */
	cr_assert_eq(x.r[0].answered, 5);
	cr_assert_eq(x.r[0].median_s, 180 * 60); /* 3rd of 5 */
	cr_assert_eq(x.r[0].p90_s, 300 * 60);	 /* 5th of 5 */
	cr_assert_eq(x.r[1].key, 4);		 /* enterprise */
	cr_assert_eq(x.r[1].median_s, 50 * 60);	 /* 5th of 10 */
	cr_assert_eq(x.r[1].p90_s, 90 * 60);	 /* 9th of 10 */
	/* All 15 together: 10 20 30 40 50 60 60 70 80 90 100 120 180 240
	 * 300 (minutes): median the 8th, p90 the 14th. */
	cr_assert(x.r[2].total);
	cr_assert_eq(x.r[2].opened, 15);
	cr_assert_eq(x.r[2].median_s, 70 * 60);
	cr_assert_eq(x.r[2].p90_s, 240 * 60);
}

Test(bulk, report_period_bounds, .init = setup, .fini = teardown)
{
	char text[4096], *p = text;
	struct rows x;

	for (int i = 0; i < 4; i++)
		answered(&p, i, "business", 10 * (i + 1));
	cr_assert_eq(import(BULK_JSONL, text, NULL), CASES_OK, "%s", err);
	/* Opened on the 1st, 2nd, 3rd and 4th at 09:00: since is
	 * inclusive, until exclusive. */
	x = report(STORE_BY_PLAN, T("2026-11-02T09:00:00Z"),
		   T("2026-11-04T09:00:00Z"), T("2026-12-01T00:00:00Z"));
	cr_assert_eq(x.n, 2);
	cr_assert_eq(x.r[0].opened, 2);
	cr_assert_eq(x.r[0].median_s, 20 * 60);
	cr_assert_eq(x.r[0].p90_s, 30 * 60);
	x = report(STORE_BY_PLAN, T("2026-11-05T00:00:00Z"), INT64_MAX,
		   T("2026-12-01T00:00:00Z"));
	cr_assert_eq(x.n, 1); /* the total row alone */
	cr_assert(x.r[0].total);
	cr_assert_eq(x.r[0].opened, 0);
	cr_assert_eq(x.r[0].median_s, CASE_NONE);
}

Test(bulk, report_queries_read_one_index, .init = setup, .fini = teardown)
{
	char plan[2048];

	for (int by = 0; by < 3; by++) {
		for (int which = 0; which < 2; which++) {
			cr_assert_eq(store_explain_plan(
					     st, store_report_sql(by, which),
					     plan, sizeof(plan), err),
				     CASES_OK, "%s", err);
			cr_assert(strstr(plan, "SEARCH cases USING COVERING "
					       "INDEX cases_report"),
				  "%s", plan);
		}
	}
	cr_assert_null(store_report_sql(3, 0));
}
