/*
 * test_report.c - the report's rules and numbers (report.c), on cases
 * imported into a fresh in-memory store per test.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/error.h"
#include "cases/import.h"
#include "cases/record.h"
#include "cases/report.h"
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
	struct report_case c = { .key = 1,
				 .due_at = due,
				 .first_response_at = fr,
				 .resolved_at = res,
				 .breached_at = br };

	return report_case_outcome(&c, at);
}

Test(report, outcome_rules)
{
	const int64_t N = CASE_NONE;

	/* A first response at due_at meets the target; a second later not. */
	cr_assert_eq(outcome(100, 100, N, N, 500), REPORT_MET);
	cr_assert_eq(outcome(100, 101, N, N, 500), REPORT_BREACHED);
	/* Unanswered: pending up to and at due_at, breached after. */
	cr_assert_eq(outcome(100, N, N, N, 100), REPORT_PENDING);
	cr_assert_eq(outcome(100, N, N, N, 101), REPORT_BREACHED);
	/* Resolved without a response: breached only if resolved late. */
	cr_assert_eq(outcome(100, N, 100, N, 500), REPORT_NEITHER);
	cr_assert_eq(outcome(100, N, 101, N, 500), REPORT_BREACHED);
	cr_assert_eq(outcome(100, N, 50, N, 20), REPORT_NEITHER);
	/* A recorded breach stays a breach, even answered in time after a
	 * downgrade moved due_at. */
	cr_assert_eq(outcome(100, 90, N, 80, 500), REPORT_BREACHED);
	cr_assert_eq(outcome(100, N, N, 80, 50), REPORT_BREACHED);
	/* No target: none of met, breached, pending. */
	cr_assert_eq(outcome(N, 500, N, N, 900), REPORT_UNTARGETED);
	cr_assert_eq(outcome(N, N, N, N, 900), REPORT_UNTARGETED);
}

Test(report, compliance_is_truncated)
{
	struct report_row r = { 0 };
	double pct = -1;

	cr_assert_eq(report_compliance(&r, &pct), 0);
	cr_assert_eq(pct, -1);
	r.met = 1999;
	r.breached = 1;
	cr_assert_eq(report_compliance(&r, &pct), 1);
	cr_assert_float_eq(pct, 99.9, 1e-9); /* not 100.0 */
	r.met = 2;
	cr_assert_eq(report_compliance(&r, &pct), 1);
	cr_assert_float_eq(pct, 66.6, 1e-9);
	r.met = 0;
	cr_assert_eq(report_compliance(&r, &pct), 1);
	cr_assert_float_eq(pct, 0.0, 1e-9);
}

Test(report, group_names)
{
	int by = -1;

	cr_assert_eq(report_group_parse("Severity", &by, err), CASES_OK);
	cr_assert_eq(by, STORE_BY_SEVERITY);
	cr_assert_eq(report_group_parse("account", &by, err), CASES_OK);
	cr_assert_eq(by, STORE_BY_ACCOUNT);
	cr_assert_eq(report_group_parse("team", &by, err), CASES_EINVAL);
	cr_assert_str_eq(err, "unknown group 'team' (expected one of: plan, "
			      "severity, account)");
	cr_assert_eq(report_group_parse("acount", &by, err), CASES_EINVAL);
	cr_assert_str_eq(err, "unknown group 'acount' (did you mean "
			      "'account'? expected one of: plan, severity, "
			      "account)");
}

/* ---- the cases ---- */

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

/* ---- report ---- */

struct rows {
	int n;
	struct report_row r[8];
};

static int
row_cb(void *arg, const struct report_row *r)
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
	struct report_req req = { by, since, until, at, 0 };
	struct rows x = { 0 };

	cr_assert_eq(report_run(st, &req, row_cb, &x, err), CASES_OK, "%s",
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

Test(report, percentiles_nearest_rank, .init = setup, .fini = teardown)
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
	cr_assert_eq(import(IMPORT_JSONL, text, NULL), CASES_OK, "%s", err);
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

/* The edges of nearest rank through the whole report: a group of one
 * answered case, of two, of an even count with ties, a group answered
 * without a target (no times at all), and a p90 on ten values. */
Test(report, percentiles_at_the_edges, .init = setup, .fini = teardown)
{
	static const int even[] = { 30, 10, 30, 30, 20, 40 };
	char text[8192], *p = text;
	struct rows x;

	/* developer: one value, 90 min. */
	answered(&p, 0, "developer", 90);
	/* business: two values, 50 and 20 min. */
	answered(&p, 1, "business", 50);
	answered(&p, 2, "business", 20);
	/* enterprise: 6 values with ties: 10 20 30 30 30 40. */
	for (int i = 0; i < 6; i++)
		answered(&p, 3 + i, "enterprise", even[i]);
	/* basic has no target for a general account-billing case:
	 * answered, but no time to rank. */
	p += sprintf(p, "{\"plan\":\"basic\",\"severity\":\"general\","
			"\"category\":\"account-billing\","
			"\"opened_at\":\"2026-11-10T09:00:00Z\","
			"\"first_response_at\":\"2026-11-10T09:05:00Z\","
			"\"subject\":\"c9\"}\n");
	cr_assert_eq(import(IMPORT_JSONL, text, NULL), CASES_OK, "%s", err);
	x = report(STORE_BY_PLAN, INT64_MIN, INT64_MAX,
		   T("2026-12-31T00:00:00Z"));
	cr_assert_eq(x.n, 5);
	cr_assert_eq(x.r[0].key, 1); /* basic */
	cr_assert_eq(x.r[0].responded, 1);
	cr_assert_eq(x.r[0].answered, 0);
	cr_assert_eq(x.r[0].median_s, CASE_NONE);
	cr_assert_eq(x.r[0].p90_s, CASE_NONE);
	cr_assert_eq(x.r[1].key, 2); /* developer: 1st of 1 for both */
	cr_assert_eq(x.r[1].median_s, 90 * 60);
	cr_assert_eq(x.r[1].p90_s, 90 * 60);
	cr_assert_eq(x.r[2].key, 3); /* business: 1st and 2nd of 2 */
	cr_assert_eq(x.r[2].median_s, 20 * 60);
	cr_assert_eq(x.r[2].p90_s, 50 * 60);
	cr_assert_eq(x.r[3].key, 4); /* enterprise: 3rd and 6th of 6 */
	cr_assert_eq(x.r[3].median_s, 30 * 60);
	cr_assert_eq(x.r[3].p90_s, 40 * 60);
	/* The total: 10 20 20 30 30 30 40 50 90, 9 values (basic's has no
	 * target): the 5th and the 9th. */
	cr_assert(x.r[4].total);
	cr_assert_eq(x.r[4].answered, 9);
	cr_assert_eq(x.r[4].median_s, 30 * 60);
	cr_assert_eq(x.r[4].p90_s, 90 * 60);
}

/* Every group a large one: the selection agrees with a sort of the same
 * values (checked here by counting), one value per minute in a scrambled
 * order. */
Test(report, percentiles_of_many, .init = setup, .fini = teardown)
{
	enum { N = 200 };
	char *text = malloc(N * 200), *p = text;
	struct rows x;

	cr_assert_not_null(text);
	/* Minutes 1..200 in the order i * 77 mod 200 + 1 (77 and 200
	 * coprime): the median the 100th, p90 the 180th. */
	for (int i = 0; i < N; i++)
		answered(&p, i % 28, "business", (i * 77) % N + 1);
	cr_assert_eq(import(IMPORT_JSONL, text, NULL), CASES_OK, "%s", err);
	free(text);
	x = report(STORE_BY_PLAN, INT64_MIN, INT64_MAX,
		   T("2026-12-31T00:00:00Z"));
	cr_assert_eq(x.n, 2);
	cr_assert_eq(x.r[0].answered, N);
	cr_assert_eq(x.r[0].median_s, 100 * 60);
	cr_assert_eq(x.r[0].p90_s, 180 * 60);
	cr_assert_eq(x.r[1].median_s, 100 * 60);
	cr_assert_eq(x.r[1].p90_s, 180 * 60);
}

Test(report, report_period_bounds, .init = setup, .fini = teardown)
{
	char text[4096], *p = text;
	struct rows x;

	for (int i = 0; i < 4; i++)
		answered(&p, i, "business", 10 * (i + 1));
	cr_assert_eq(import(IMPORT_JSONL, text, NULL), CASES_OK, "%s", err);
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

Test(report, report_queries_read_one_index, .init = setup, .fini = teardown)
{
	char plan[2048];

	for (int by = 0; by < 3; by++) {
		for (int wide = 0; wide < 2; wide++) {
			cr_assert_eq(store_explain_plan(
					     st, store_report_sql(by, wide),
					     plan, sizeof(plan), err),
				     CASES_OK, "%s", err);
			cr_assert(strstr(plan, "SEARCH cases USING COVERING "
					       "INDEX cases_report"),
				  "%s", plan);
			/* No sort: the ranks are selected in memory. */
			cr_assert_null(strstr(plan, "TEMP B-TREE"), "%s", plan);
		}
	}
	cr_assert_null(store_report_sql(3, 0));
	cr_assert_null(store_report_sql(0, 2));
}

/* A report of the past (report_req_past): the cases opened by T, each
 * with the facts it had at T; a response after T is not one. */
Test(report, as_of_a_past_instant, .init = setup, .fini = teardown)
{
	static const int odd[] = { 300, 60, 240, 120, 180 };
	char text[8192], *p = text;
	struct report_req req = { STORE_BY_PLAN, INT64_MIN, INT64_MAX,
				  T("2026-11-03T11:30:00Z"), 0 };
	struct rows x = { 0 };

	for (int i = 0; i < 5; i++)
		answered(&p, i, "business", odd[i]);
	cr_assert_eq(import(IMPORT_JSONL, text, NULL), CASES_OK, "%s", err);
	report_req_past(&req);
	cr_assert(req.past);
	cr_assert_eq(req.until, T("2026-11-03T11:30:01Z"));
	cr_assert_eq(report_run(st, &req, row_cb, &x, err), CASES_OK, "%s",
		     err);
	cr_assert_eq(x.n, 2);
	/* Nov 1 (answered 14:00), Nov 2 (10:00), Nov 3 (13:00, after T). */
	cr_assert_eq(x.r[1].opened, 3);
	cr_assert_eq(x.r[1].responded, 2);
	cr_assert_eq(x.r[1].answered, 2);
	cr_assert_eq(x.r[1].median_s, 60 * 60);
	cr_assert_eq(x.r[1].p90_s, 300 * 60);
	/* The same period read today counts the third response. */
	x = report(STORE_BY_PLAN, INT64_MIN, T("2026-11-03T11:30:01Z"),
		   T("2026-11-03T11:30:00Z"));
	cr_assert_eq(x.r[1].responded, 3);
}
