/*
 * test_report_series.c - the numbers behind the report's pictures
 * (report_series.c), on eleven hand-made cases whose answers are worked
 * out below.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/catalog.h"
#include "cases/civil.h"
#include "cases/error.h"
#include "cases/import.h"
#include "cases/record.h"
#include "cases/report.h"
#include "cases/report_series.h"
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cases/tz.h"

static struct store *st;
static char err[CASES_ERRMAX];
static struct report_series s;

static int64_t
T(const char *z)
{
	int64_t t;

	cr_assert_eq(timefmt_parse_instant(z, NULL, &t, NULL), CASES_OK, "%s",
		     z);
	return t;
}

/*
 * Business: prod-down 1 h, general 24 h; enterprise: prod-down 1 h,
 * business-critical 15 min; all 24x7. The report is made at
 * 2026-11-26T12:00Z. 2026-11-01 is a Sunday.
 *
 *  id plan       severity           opened      answer          counts
 *   1 business   general            Sun 1 09:00  +60m           met
 *   2 business   prod-down          Mon 2 09:00  +30m           met
 *   3 business   prod-down          Tue 3 09:00  +50m           met
 *   4 business   general            Wed 4 09:00  +120m          met
 *   5 business   prod-down          Thu 5 09:00  +90m           breached 30m
 *   6 enterprise business-critical  Fri 6 09:00  +10m           met
 *   7 enterprise prod-down          Sat 7 09:00  +20m           met
 *   8 business   general            Mon 9 09:00  +60m           met
 *   9 business   prod-down          Tue 10 09:00 none, open     breached
 *  10 enterprise business-critical  Wed 11 09:00 resolved +20m  breached 5m
 *  11 enterprise prod-down          Thu 12 09:00 +70m           breached 10m
 */
static const char cases_jsonl[] =
	"{\"plan\":\"business\",\"severity\":\"general\",\"opened_at\":"
	"\"2026-11-01T09:00:00Z\",\"first_response_at\":\"2026-11-01T10:00:"
	"00Z\",\"subject\":\"c1\"}\n"
	"{\"plan\":\"business\",\"severity\":\"prod-down\",\"opened_at\":"
	"\"2026-11-02T09:00:00Z\",\"first_response_at\":\"2026-11-02T09:30:"
	"00Z\",\"subject\":\"c2\"}\n"
	"{\"plan\":\"business\",\"severity\":\"prod-down\",\"opened_at\":"
	"\"2026-11-03T09:00:00Z\",\"first_response_at\":\"2026-11-03T09:50:"
	"00Z\",\"subject\":\"c3\"}\n"
	"{\"plan\":\"business\",\"severity\":\"general\",\"opened_at\":"
	"\"2026-11-04T09:00:00Z\",\"first_response_at\":\"2026-11-04T11:00:"
	"00Z\",\"subject\":\"c4\"}\n"
	"{\"plan\":\"business\",\"severity\":\"prod-down\",\"opened_at\":"
	"\"2026-11-05T09:00:00Z\",\"first_response_at\":\"2026-11-05T10:30:"
	"00Z\",\"subject\":\"c5\"}\n"
	"{\"plan\":\"enterprise\",\"severity\":\"business-critical\","
	"\"opened_at\":\"2026-11-06T09:00:00Z\",\"first_response_at\":"
	"\"2026-11-06T09:10:00Z\",\"subject\":\"c6\"}\n"
	"{\"plan\":\"enterprise\",\"severity\":\"prod-down\",\"opened_at\":"
	"\"2026-11-07T09:00:00Z\",\"first_response_at\":\"2026-11-07T09:20:"
	"00Z\",\"subject\":\"c7\"}\n"
	"{\"plan\":\"business\",\"severity\":\"general\",\"opened_at\":"
	"\"2026-11-09T09:00:00Z\",\"first_response_at\":\"2026-11-09T10:00:"
	"00Z\",\"subject\":\"c8\"}\n"
	"{\"plan\":\"business\",\"severity\":\"prod-down\",\"opened_at\":"
	"\"2026-11-10T09:00:00Z\",\"subject\":\"c9\"}\n"
	"{\"plan\":\"enterprise\",\"severity\":\"business-critical\","
	"\"opened_at\":\"2026-11-11T09:00:00Z\",\"resolved_at\":"
	"\"2026-11-11T09:20:00Z\",\"subject\":\"c10\"}\n"
	"{\"plan\":\"enterprise\",\"severity\":\"prod-down\",\"opened_at\":"
	"\"2026-11-12T09:00:00Z\",\"first_response_at\":\"2026-11-12T10:10:"
	"00Z\",\"subject\":\"c11\"}\n";

static void
setup(void)
{
	struct import_stats stats;
	struct import_req req = { .format = IMPORT_JSONL,
				  .now = T("2026-11-26T12:00:00Z") };

	cr_assert_eq(store_open(NULL, &st, err), CASES_OK, "%s", err);
	cr_assert_eq(store_begin(st, 1, err), CASES_OK, "%s", err);
	req.in = fmemopen((void *)cases_jsonl, strlen(cases_jsonl), "r");
	cr_assert_not_null(req.in);
	cr_assert_eq(import_run(st, &req, &stats, err), CASES_OK, "%s", err);
	fclose(req.in);
	cr_assert_eq(store_commit(st, err), CASES_OK, "%s", err);
	cr_assert_eq(store_begin(st, 1, err), CASES_OK, "%s", err);
}

static void
teardown(void)
{
	report_series_release(&s);
	store_rollback(st);
	store_close(st);
	st = NULL;
}

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
run(int by, int64_t since, int64_t until, const struct tz *zone)
{
	struct report_req req = { by, since, until, T("2026-11-26T12:00:00Z"),
				  0 };
	struct rows x = { 0 };

	report_series_release(&s);
	cr_assert_eq(report_series_run(st, &req, zone, &s, row_cb, &x, err),
		     CASES_OK, "%s", err);
	return x;
}

static int64_t
day(int y, int m, int d)
{
	return civil_days(y, m, d);
}

Test(report_series, weeks_per_group, .init = setup, .fini = teardown)
{
	const struct report_series_group *biz, *ent;
	struct rows x = run(STORE_BY_PLAN, INT64_MIN, INT64_MAX, NULL);

	/* The rows are the report's, unchanged by the hook. */
	cr_assert_eq(x.n, 3);
	cr_assert_eq(x.r[0].met, 5);
	cr_assert_eq(x.r[0].breached, 2);
	cr_assert_eq(x.r[2].opened, 11);
	/* 1 Nov to 12 Nov is under 31 days: per day from the 1st. */
	cr_assert_eq(s.per_day, 1);
	cr_assert_eq(s.nbuckets, 12);
	cr_assert_eq(s.bucket_day[0], day(2026, 11, 1));
	cr_assert_eq(s.first, T("2026-11-01T09:00:00Z"));
	cr_assert_eq(s.last, T("2026-11-12T09:00:00Z"));
	/* November is 30 days: still per day. */
	x = run(STORE_BY_PLAN, T("2026-11-01T00:00:00Z"),
		T("2026-12-01T00:00:00Z"), NULL);
	cr_assert_eq(s.per_day, 1);
	cr_assert_eq(s.nbuckets, 30);
	/* 31 days or more: weeks from the Monday on or before the first
	 * day: 26 Oct, 2 Nov, ..., 30 Nov. */
	x = run(STORE_BY_PLAN, T("2026-10-31T00:00:00Z"),
		T("2026-12-01T00:00:00Z"), NULL);
	cr_assert_eq(s.per_day, 0);
	cr_assert_eq(s.nbuckets, 6);
	cr_assert_eq(s.bucket_day[0], day(2026, 10, 26));
	cr_assert_eq(s.bucket_day[1], day(2026, 11, 2));
	cr_assert_eq(s.ngroups, 2);
	biz = report_series_group(&s, 3);
	ent = report_series_group(&s, 4);
	cr_assert_not_null(biz);
	cr_assert_not_null(ent);
	cr_assert_null(report_series_group(&s, 1));
	cr_assert_eq(biz->opened, 7);
	/* Week of 26 Oct: case 1. Week of 2 Nov: cases 2-5 (business, 3
	 * met and 1 breached: 75%), 6-7 (enterprise, 2 met). Week of 9 Nov:
	 * 8-9 (business: 1 and 1), 10-11 (enterprise: 2 breached). */
	cr_assert_eq(biz->met[0], 1);
	cr_assert_eq(biz->breached[0], 0);
	cr_assert_eq(biz->met[1], 3);
	cr_assert_eq(biz->breached[1], 1);
	cr_assert_eq(biz->met[2], 1);
	cr_assert_eq(biz->breached[2], 1);
	cr_assert_eq(ent->met[0], 0);
	cr_assert_eq(ent->met[1], 2);
	cr_assert_eq(ent->breached[2], 2);
	cr_assert_eq(biz->met[3] + biz->breached[3] + ent->met[5], 0);
	cr_assert_eq(s.total_met[1], 5);
	cr_assert_eq(s.total_breached[1], 1);
	cr_assert_eq(s.total_met[2], 1);
	cr_assert_eq(s.total_breached[2], 3);
}

Test(report_series, breaches_per_week_by_severity, .init = setup,
     .fini = teardown)
{
	run(STORE_BY_SEVERITY, T("2026-10-31T00:00:00Z"),
	    T("2026-12-01T00:00:00Z"), NULL);
	cr_assert_eq(s.per_day, 0);
	cr_assert_eq(s.breaches[0][SEV_PROD_DOWN], 0);
	cr_assert_eq(s.breaches[1][SEV_PROD_DOWN], 1);
	cr_assert_eq(s.breaches[1][SEV_BUSINESS_CRITICAL], 0);
	cr_assert_eq(s.breaches[2][SEV_PROD_DOWN], 2);
	cr_assert_eq(s.breaches[2][SEV_BUSINESS_CRITICAL], 1);
	cr_assert_eq(s.breaches[2][SEV_GENERAL], 0);
	/* Grouped by severity, the groups are the severities. */
	cr_assert_eq(s.ngroups, 3);
	cr_assert_eq(report_series_group(&s, SEV_PROD_DOWN)->breached[2], 2);
}

Test(report_series, first_response_per_severity, .init = setup,
     .fini = teardown)
{
	run(STORE_BY_PLAN, INT64_MIN, INT64_MAX, NULL);
	/* One entry per severity: both plans give prod-down 1 h. */
	cr_assert_eq(s.nfrt, 3);
	/* general: 60, 60, 120 min: median the 2nd, p90 the 3rd. */
	cr_assert_eq(s.frt[0].severity, SEV_GENERAL);
	cr_assert_eq(s.frt[0].target_s, 86400);
	cr_assert_eq(s.frt[0].answered, 3);
	cr_assert_eq(s.frt[0].median_s, 60 * 60);
	cr_assert_eq(s.frt[0].p90_s, 120 * 60);
	/* prod-down: 20, 30, 50, 70, 90 min (case 9 unanswered). */
	cr_assert_eq(s.frt[1].severity, SEV_PROD_DOWN);
	cr_assert_eq(s.frt[1].target_s, 3600);
	cr_assert_eq(s.frt[1].answered, 5);
	cr_assert_eq(s.frt[1].median_s, 50 * 60);
	cr_assert_eq(s.frt[1].p90_s, 90 * 60);
	/* business-critical: 10 min alone (case 10 never answered). */
	cr_assert_eq(s.frt[2].severity, SEV_BUSINESS_CRITICAL);
	cr_assert_eq(s.frt[2].target_s, 900);
	cr_assert_eq(s.frt[2].answered, 1);
	cr_assert_eq(s.frt[2].median_s, 10 * 60);
	cr_assert_eq(s.frt[2].p90_s, 10 * 60);
}

Test(report_series, breached_cases, .init = setup, .fini = teardown)
{
	run(STORE_BY_ACCOUNT, INT64_MIN, INT64_MAX, NULL);
	cr_assert_eq(s.breached_total, 4);
	cr_assert_eq(s.nbreached, 4);
	cr_assert_eq(s.breached[0].id, 5);
	cr_assert_eq(s.breached[0].severity, SEV_PROD_DOWN);
	cr_assert_eq(s.breached[0].opened_at, T("2026-11-05T09:00:00Z"));
	cr_assert_eq(s.breached[0].due_at, T("2026-11-05T10:00:00Z"));
	cr_assert_eq(s.breached[0].first_response_at,
		     T("2026-11-05T10:30:00Z"));
	cr_assert_eq(s.breached[0].late_s, 30 * 60);
	cr_assert_eq(s.breached[0].open, 0);
	/* Unanswered and open: overdue from 10 Nov 10:00 to the report's
	 * instant, 26 Nov 12:00. */
	cr_assert_eq(s.breached[1].id, 9);
	cr_assert_eq(s.breached[1].first_response_at, CASE_NONE);
	cr_assert_eq(s.breached[1].open, 1);
	cr_assert_eq(s.breached[1].late_s, 16 * 86400 + 2 * 3600);
	/* Resolved at 09:20 without an answer, due 09:15. */
	cr_assert_eq(s.breached[2].id, 10);
	cr_assert_eq(s.breached[2].open, 0);
	cr_assert_eq(s.breached[2].late_s, 5 * 60);
	cr_assert_eq(s.breached[3].id, 11);
	cr_assert_eq(s.breached[3].late_s, 10 * 60);
	cr_assert_eq(s.breached[3].account_id, 0);
}

Test(report_series, days_in_the_readers_zone, .init = setup, .fini = teardown)
{
	const struct tz *ny;

	cr_assert_eq(tz_load("America/New_York", &ny, err), CASES_OK, "%s",
		     err);
	/* From Sun 1 Nov 22:00Z (17:00 in New York) to Tue 3 Nov 05:00Z
	 * (00:00 there): two New York days, 1 and 2 Nov. Case 2, Mon 2 Nov
	 * 09:00Z, is 04:00 there: the second day. */
	run(STORE_BY_PLAN, T("2026-11-01T22:00:00Z"), T("2026-11-03T05:00:00Z"),
	    ny);
	cr_assert_eq(s.per_day, 1);
	cr_assert_eq(s.nbuckets, 2);
	cr_assert_eq(s.bucket_day[0], day(2026, 11, 1));
	cr_assert_eq(s.total_met[0], 0);
	cr_assert_eq(s.total_met[1], 1);
	/* In UTC the same period starts on 1 Nov and ends on 3 Nov. */
	run(STORE_BY_PLAN, T("2026-11-01T22:00:00Z"), T("2026-11-03T05:00:00Z"),
	    NULL);
	cr_assert_eq(s.nbuckets, 3);
	cr_assert_eq(s.total_met[1], 1);
}

Test(report_series, empty_period, .init = setup, .fini = teardown)
{
	struct rows x =
		run(STORE_BY_PLAN, T("2027-01-01T00:00:00Z"), INT64_MAX, NULL);

	cr_assert_eq(x.n, 1);
	cr_assert(x.r[0].total);
	cr_assert_eq(s.nbuckets, 0);
	cr_assert_eq(s.ngroups, 0);
	cr_assert_eq(s.nbreached, 0);
}

static void
import_text(const char *text)
{
	struct import_stats stats;
	struct import_req req = { .format = IMPORT_JSONL,
				  .now = T("2026-11-26T12:00:00Z") };

	req.in = fmemopen((void *)text, strlen(text), "r");
	cr_assert_not_null(req.in);
	cr_assert_eq(import_run(st, &req, &stats, err), CASES_OK, "%s", err);
	fclose(req.in);
}

Test(report_series, a_severity_per_target_when_plans_disagree, .init = setup,
     .fini = teardown)
{
	struct plan p;
	static const char premium[] =
		"{\"plan\":\"premium\",\"severity\":\"prod-down\","
		"\"opened_at\":\"2026-11-03T09:00:00Z\",\"first_response_at\":"
		"\"2026-11-03T09:12:00Z\",\"subject\":\"p1\"}\n"
		"{\"plan\":\"premium\",\"severity\":\"prod-down\","
		"\"opened_at\":\"2026-11-04T09:00:00Z\",\"first_response_at\":"
		"\"2026-11-04T09:40:00Z\",\"subject\":\"p2\"}\n";

	/* premium: business with prod-down in 30 minutes. */
	cr_assert_eq(catalog_plan_add(st, "premium", "business",
				      T("2026-10-01T00:00:00Z"), &p, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(catalog_plan_set_target(st, "premium", SEV_PROD_DOWN, 1800,
					     -1, T("2026-10-01T00:00:00Z"), &p,
					     err),
		     CASES_OK, "%s", err);
	import_text(premium);
	run(STORE_BY_PLAN, INT64_MIN, INT64_MAX, NULL);
	cr_assert_eq(s.nfrt, 4);
	/* prod-down in 30 min (premium: 12, 40) before prod-down in 1 h
	 * (20, 30, 50, 70, 90 as before). */
	cr_assert_eq(s.frt[1].severity, SEV_PROD_DOWN);
	cr_assert_eq(s.frt[1].target_s, 1800);
	cr_assert_eq(s.frt[1].answered, 2);
	cr_assert_eq(s.frt[1].median_s, 12 * 60);
	cr_assert_eq(s.frt[1].p90_s, 40 * 60);
	cr_assert_eq(s.frt[2].severity, SEV_PROD_DOWN);
	cr_assert_eq(s.frt[2].target_s, 3600);
	cr_assert_eq(s.frt[2].median_s, 50 * 60);
	/* p2 answered after 40 min of a 30 min target: breached. */
	cr_assert_eq(s.breached_total, 5);
}

Test(report_series, the_breached_list_stops_at_its_maximum, .init = setup,
     .fini = teardown)
{
	size_t n = REPORT_BREACH_LIST_MAX + 5, len = 0;
	char *text = malloc(n * 200), *p = text;

	cr_assert_not_null(text);
	/* Unanswered business prod-down cases a minute apart on 20 Nov:
	 * all overdue on the 26th. */
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(
			p + len,
			"{\"plan\":\"business\",\"severity\":\"prod-down\","
			"\"opened_at\":\"2026-11-20T%02zu:%02zu:00Z\","
			"\"subject\":\"b%zu\"}\n",
			i / 60, i % 60, i);
	import_text(text);
	free(text);
	run(STORE_BY_PLAN, T("2026-11-20T00:00:00Z"), INT64_MAX, NULL);
	cr_assert_eq(s.breached_total, (int64_t)n);
	cr_assert_eq(s.nbreached, REPORT_BREACH_LIST_MAX);
	/* In opening order: the first listed is the first opened (ids 12
	 * on, after the eleven of the fixture). */
	cr_assert_eq(s.breached[0].id, 12);
	cr_assert_eq(s.breached[0].opened_at, T("2026-11-20T00:00:00Z"));
	cr_assert_eq(s.breached[REPORT_BREACH_LIST_MAX - 1].id,
		     11 + REPORT_BREACH_LIST_MAX);
	cr_assert_eq(s.breaches[0][SEV_PROD_DOWN], (int64_t)n);
}
