/*
 * test_case.c - the case rules (case.c): a new case (default severity,
 * entitlements, calendar, target, deadline on both clocks, the 9999
 * limit), severity changes before and after the first response, and the
 * lifecycle rules of respond, resolve and reopen.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "cases/calcache.h"
#include "cases/case.h"
#include "cases/catalog.h"
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
at(const char *s)
{
	int64_t t;

	cr_assert_eq(timefmt_parse_instant(s, NULL, &t, err), CASES_OK, "%s",
		     err);
	return t;
}

static struct plan
plan(const char *name)
{
	struct plan p;

	cr_assert_eq(store_plan_get(st, name, &p, err), CASES_OK, "%s", err);
	return p;
}

/* A new case on plan p at opened. */
static struct case_new
new_case(const struct plan *p, int sev, int cat, const char *opened)
{
	struct case_new in = { .plan = p,
			       .severity = sev,
			       .category = cat,
			       .channel = CH_CONSOLE,
			       .subject = "s",
			       .opened_at = at(opened),
			       .due_at = CASE_NONE };
	return in;
}

static void
expect_due(const struct case_rec *c, const char *due)
{
	char t[TIMEFMT_MAX];

	cr_assert_neq(c->due_at, CASE_NONE, "no deadline, expected %s", due);
	cr_assert_str_eq(timefmt_rfc3339(c->due_at, t), due);
}

/* ---- a new case ---- */

Test(case, account_billing_defaults_to_general, .init = setup, .fini = teardown)
{
	struct plan p = plan("business");
	struct case_new in = new_case(&p, SEV_NONE, CAT_ACCOUNT_BILLING,
				      "2026-11-26T09:00:00Z");
	char opened[CASE_OPENED_MAX];
	struct case_rec c;

	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(c.severity, SEV_GENERAL);
	cr_assert_eq(c.target_s, 86400);
	cr_assert_eq(c.clock, CLOCK_24X7);
	expect_due(&c, "2026-11-27T09:00:00Z");
	cr_assert_str_eq(opened, "plan business, severity general, category "
				 "account-billing, channel console");
	/* On basic, which has no general target: no deadline at all. */
	p = plan("basic");
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(c.target_s, CASE_NONE);
	cr_assert_eq(c.due_at, CASE_NONE);
	/* Any other severity is refused for account-billing. */
	in.severity = SEV_PROD_DOWN;
	p = plan("enterprise");
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "severity 'prod-down' is not allowed for "
			      "account-billing cases (expected: general)");
}

Test(case, other_categories_need_a_severity, .init = setup, .fini = teardown)
{
	struct plan p = plan("business");
	struct case_new in =
		new_case(&p, SEV_NONE, CAT_TECHNICAL, "2026-11-26T09:00:00Z");
	char opened[CASE_OPENED_MAX];
	struct case_rec c;

	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "missing severity (expected one of: general, "
			      "system-impaired, prod-impaired, prod-down, "
			      "business-critical)");
	in.severity_word = "--severity";
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_EINVAL);
	cr_assert(strncmp(err, "missing --severity (", 20) == 0, "%s", err);
}

Test(case, entitlements_refuse_or_let_in_anyway, .init = setup,
     .fini = teardown)
{
	struct plan p = plan("developer");
	struct case_new in = new_case(&p, SEV_PROD_DOWN, CAT_TECHNICAL,
				      "2026-11-26T09:00:00Z");
	char opened[CASE_OPENED_MAX];
	struct case_rec c;
	int refused = -1;

	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, &refused, err),
		     CASES_EINVAL);
	cr_assert_eq(refused, 1);
	cr_assert_str_eq(err, "plan 'developer' does not allow severity "
			      "'prod-down' (allowed: general, "
			      "system-impaired)");
	/* Anyway (import --history): prepared, without a target. */
	in.anyway = 1;
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, &refused, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(refused, 1);
	cr_assert(strstr(err, "does not allow severity"), "%s", err);
	cr_assert_eq(c.severity, SEV_PROD_DOWN);
	cr_assert_eq(c.target_s, CASE_NONE);
	cr_assert_eq(c.due_at, CASE_NONE);
	/* A category the plan lacks, anyway: the severity's target. */
	in.severity = SEV_GENERAL;
	in.category = CAT_ARCHITECTURE;
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, &refused, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(refused, 1);
	cr_assert_str_eq(err, "plan 'developer' does not include category "
			      "'architecture' (allowed: account-billing, "
			      "technical)");
	cr_assert_eq(c.target_s, 86400);
	cr_assert_eq(c.clock, CLOCK_BUSINESS);
	/* A channel the plan lacks. */
	in.anyway = 0;
	in.category = CAT_TECHNICAL;
	in.channel = CH_API;
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, &refused, err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "does not include channel 'api'"), "%s", err);
	/* Allowed: not refused. */
	in.channel = CH_EMAIL;
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, &refused, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(refused, 0);
}

Test(case, deadline_on_the_24x7_clock, .init = setup, .fini = teardown)
{
	struct plan p = plan("business");
	struct case_new in = new_case(&p, SEV_PROD_DOWN, CAT_TECHNICAL,
				      "2026-11-28T23:30:00Z"); /* Saturday */
	char opened[CASE_OPENED_MAX];
	struct case_rec c;

	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(c.target_s, 3600);
	cr_assert_eq(c.clock, CLOCK_24X7);
	expect_due(&c, "2026-11-29T00:30:00Z");
	cr_assert_eq(c.plan_id, p.id);
	cr_assert_eq(c.plan_ver, p.ver);
	cr_assert_eq(c.opened_at, in.opened_at);
	cr_assert_eq(c.first_response_at, CASE_NONE);
	cr_assert_eq(strlen(c.id), 36);
}

/* developer: general 24 h of business hours, mon-fri 08:00-18:00. */
Test(case, deadline_on_the_business_clock, .init = setup, .fini = teardown)
{
	struct plan p = plan("developer");
	struct case_new in = new_case(&p, SEV_GENERAL, CAT_TECHNICAL,
				      "2026-11-27T17:00:00Z"); /* Friday */
	char opened[CASE_OPENED_MAX];
	struct calcache cc;
	struct case_rec c;

	calcache_init(&cc, st);
	/* 1 h on Friday, 10 on Monday, 10 on Tuesday, 3 on Wednesday. */
	cr_assert_eq(case_prepare(st, &in, &cc, &c, opened, NULL, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(c.clock, CLOCK_BUSINESS);
	expect_due(&c, "2026-12-02T11:00:00Z");
	/* The same hours in New York (UTC-5 in winter): 6 h on Friday
	 * from 12:00, 10 on Monday, 8 on Tuesday. */
	in.tz = "America/New_York";
	cr_assert_eq(case_prepare(st, &in, &cc, &c, opened, NULL, err),
		     CASES_OK, "%s", err);
	expect_due(&c, "2026-12-01T21:00:00Z");
	calcache_release(&cc);
}

Test(case, the_calendar_of_a_new_case, .init = setup, .fini = teardown)
{
	struct plan p = plan("developer");
	struct case_new in = new_case(&p, SEV_GENERAL, CAT_TECHNICAL,
				      "2026-11-27T17:00:00Z");
	struct catalog_cal cal;
	char opened[CASE_OPENED_MAX];
	struct case_rec c;
	struct cal_rec r;
	int64_t utc, berlin;

	cr_assert_eq(catalog_zone_calendar(st, NULL, &utc, err), CASES_OK);
	cr_assert_eq(catalog_zone_calendar(st, "Europe/Berlin", &berlin, err),
		     CASES_OK);
	cr_assert_eq(catalog_calendar_check("UTC", "mon-sun 00:00-24:00", NULL,
					    0, &cal, err),
		     CASES_OK);
	cr_assert_eq(catalog_calendar_add(st, "always", &cal, 0, err),
		     CASES_OK);
	catalog_cal_release(&cal);
	cr_assert_eq(store_calendar_get(st, "always", &r, err), CASES_OK);

	/* Nothing given: the default calendar in UTC. */
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_OK);
	cr_assert_eq(c.cal_ver, utc);
	/* An account's version... */
	in.cal_ver = berlin;
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_OK);
	cr_assert_eq(c.cal_ver, berlin);
	/* ... gives way to a zone, which gives way to a calendar. */
	in.tz = "UTC";
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_OK);
	cr_assert_eq(c.cal_ver, utc);
	in.calendar = "always";
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_OK);
	cr_assert_eq(c.cal_ver, r.ver);
	expect_due(&c, "2026-11-28T17:00:00Z");
	cal_rec_release(&r);
	in.calendar = "never";
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_ENOTFOUND);
	in.calendar = NULL;
	in.tz = "Nowhere/Land";
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_EINVAL);
}

Test(case, a_given_deadline_uuid_and_origin_are_kept, .init = setup,
     .fini = teardown)
{
	static const unsigned char uu[16] = { 0x3f, 0x2a, 0x9c, 0x1b,
					      0x0d, 0x4e, 0x4f, 0x6a,
					      0x9b, 0x8c, 0x7d, 0x6e,
					      0x5f, 0x4a, 0x3b, 0x2c };
	struct plan p = plan("business");
	struct case_new in = new_case(&p, SEV_GENERAL, CAT_TECHNICAL,
				      "2026-11-26T09:00:00Z");
	char opened[CASE_OPENED_MAX];
	struct case_rec c, d;

	in.due_at = at("2026-11-26T10:00:00Z");
	in.uuid = uu;
	in.origin = "imported";
	in.external_id = "ext-1";
	in.account_id = 7;
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_OK, "%s", err);
	expect_due(&c, "2026-11-26T10:00:00Z");
	cr_assert_eq(c.target_s, 86400);
	cr_assert_str_eq(c.id, "3f2a9c1b-0d4e-4f6a-9b8c-7d6e5f4a3b2c");
	cr_assert_str_eq(c.external_id, "ext-1");
	cr_assert_eq(c.account_id, 7);
	cr_assert_str_eq(opened, "imported: plan business, severity general, "
				 "category technical, channel console");
	/* Without a uuid: a new random one each time. */
	in.uuid = NULL;
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_OK);
	cr_assert_eq(case_prepare(st, &in, NULL, &d, opened, NULL, err),
		     CASES_OK);
	cr_assert_str_neq(c.id, d.id);
}

Test(case, no_deadline_past_9999, .init = setup, .fini = teardown)
{
	struct plan p = plan("business");
	struct case_new in = new_case(&p, SEV_PROD_DOWN, CAT_TECHNICAL,
				      "9999-12-31T22:59:59Z");
	char opened[CASE_OPENED_MAX];
	struct case_rec c;

	/* Due at the last instant: fine. */
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_OK, "%s", err);
	expect_due(&c, TIMEFMT_INSTANT_MAX_TEXT);
	in.opened_at++;
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "the deadline of a case opened "
			      "9999-12-31T23:00:00Z with a target of 1h "
			      "would fall after 9999-12-31T23:59:59Z, the "
			      "latest time cases can record");
	/* On the business clock too (developer: 24 h mon-fri). */
	p = plan("developer");
	in.severity = SEV_GENERAL;
	in.opened_at = at("9999-12-30T08:00:00Z"); /* a Thursday */
	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "9999-12-31T23:59:59Z, the latest time cases "
			      "can record"),
		  "%s", err);
}

/* ---- severity changes ---- */

/* A case prepared (not stored) on business at 09:00, general (24 h). */
static struct case_rec
business_case(const struct plan *p)
{
	struct case_new in =
		new_case(p, SEV_GENERAL, CAT_TECHNICAL, "2026-11-26T09:00:00Z");
	char opened[CASE_OPENED_MAX];
	struct case_rec c;

	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_OK, "%s", err);
	return c;
}

Test(case, severity_change_before_the_first_response, .init = setup,
     .fini = teardown)
{
	struct plan p = plan("business");
	struct case_rec c = business_case(&p), before;
	int refused = -1;

	/* From opened_at: the elapsed time counts. */
	cr_assert_eq(case_apply_severity(st, &c, &p, SEV_PROD_DOWN, NULL, 0,
					 &refused, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(refused, 0);
	cr_assert_eq(c.severity, SEV_PROD_DOWN);
	cr_assert_eq(c.target_s, 3600);
	expect_due(&c, "2026-11-26T10:00:00Z");
	/* Refused: c is as it was. */
	before = c;
	cr_assert_eq(case_apply_severity(st, &c, &p, SEV_BUSINESS_CRITICAL,
					 NULL, 0, &refused, err),
		     CASES_EINVAL);
	cr_assert_eq(refused, 1);
	cr_assert_str_eq(err, "plan 'business' does not allow severity "
			      "'business-critical' (allowed: general, "
			      "system-impaired, prod-impaired, prod-down)");
	cr_assert_eq(memcmp(&c, &before, sizeof(c)), 0);
	/* Anyway: made, and without a target the plan does not give. */
	cr_assert_eq(case_apply_severity(st, &c, &p, SEV_BUSINESS_CRITICAL,
					 NULL, 1, &refused, err),
		     CASES_OK);
	cr_assert_eq(refused, 1);
	cr_assert_eq(c.severity, SEV_BUSINESS_CRITICAL);
	cr_assert_eq(c.target_s, CASE_NONE);
	cr_assert_eq(c.due_at, CASE_NONE);
}

Test(case, severity_change_after_the_first_response, .init = setup,
     .fini = teardown)
{
	struct plan p = plan("business");
	struct case_rec c = business_case(&p);

	c.first_response_at = at("2026-11-26T12:00:00Z");
	cr_assert_eq(case_apply_severity(st, &c, &p, SEV_PROD_DOWN, NULL, 0,
					 NULL, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(c.severity, SEV_PROD_DOWN);
	cr_assert_eq(c.target_s, 86400);
	expect_due(&c, "2026-11-27T09:00:00Z");
}

Test(case, account_billing_never_changes_severity, .init = setup,
     .fini = teardown)
{
	struct plan p = plan("enterprise");
	struct case_new in = new_case(&p, SEV_NONE, CAT_ACCOUNT_BILLING,
				      "2026-11-26T09:00:00Z");
	char opened[CASE_OPENED_MAX];
	struct case_rec c;

	cr_assert_eq(case_prepare(st, &in, NULL, &c, opened, NULL, err),
		     CASES_OK);
	cr_assert_eq(case_apply_severity(st, &c, &p, SEV_PROD_DOWN, NULL, 0,
					 NULL, err),
		     CASES_EINVAL);
	cr_assert_eq(c.severity, SEV_GENERAL);
}

/* ---- the lifecycle, stored ---- */

static struct case_rec
open_case(const char *plan_name, int sev, const char *opened)
{
	struct case_open_req r = { .plan = plan_name,
				   .subject = "Checkout returns 502",
				   .severity = sev,
				   .category = CAT_TECHNICAL,
				   .channel = CH_CONSOLE,
				   .opened_at = at(opened) };
	struct case_rec c;

	cr_assert_eq(case_open(st, &r, &c, err), CASES_OK, "%s", err);
	return c;
}

/* The events of a case, "kind detail" a line. */
static int
event_cb(void *arg, const struct event_rec *e)
{
	char *buf = arg;
	size_t n = strlen(buf);

	snprintf(buf + n, 2048 - n, "%s %s\n", e->kind,
		 e->detail ? e->detail : "-");
	return 0;
}

static const char *
events(const struct case_rec *c)
{
	static char buf[2048];

	buf[0] = '\0';
	cr_assert_eq(store_event_each(st, c->rowid, event_cb, buf, err),
		     CASES_OK);
	return buf;
}

static int
count_rows(void *arg, const struct case_rec *c)
{
	(void)c;
	++*(int *)arg;
	return 0;
}

static int
count_events(void *arg, const struct event_rec *e)
{
	(void)e;
	++*(int *)arg;
	return 0;
}

Test(case, open_stores_the_case_and_its_event, .init = setup, .fini = teardown)
{
	struct case_rec c = open_case("business", SEV_PROD_DOWN,
				      "2026-11-26T09:00:00Z"),
			got;

	cr_assert_str_eq(c.plan, "business");
	cr_assert_null(c.account);
	cr_assert_eq(case_get(st, c.id, &got, err), CASES_OK, "%s", err);
	cr_assert_eq(got.due_at, c.due_at);
	cr_assert_str_eq(got.subject, "Checkout returns 502");
	cr_assert_str_eq(events(&c), "opened plan business, severity "
				     "prod-down, category technical, channel "
				     "console\n");
	case_rec_release(&got);
	case_rec_release(&c);
	/* Refused before anything is written. */
	struct case_open_req r = { .plan = "business",
				   .subject = "",
				   .severity = SEV_GENERAL,
				   .opened_at = 0 };
	cr_assert_eq(case_open(st, &r, &c, err), CASES_EINVAL);
	cr_assert_str_eq(err, "empty subject");
	r.subject = "x";
	r.plan = NULL;
	cr_assert_eq(case_open(st, &r, &c, err), CASES_EINVAL);
	cr_assert_str_eq(err, "a case needs --plan or --account");
}

Test(case, escalate_records_the_change, .init = setup, .fini = teardown)
{
	struct case_rec c =
		open_case("business", SEV_GENERAL, "2026-11-26T09:00:00Z");
	int64_t t = at("2026-11-26T09:30:00Z");
	char want[128];

	snprintf(want, sizeof(want), "case %s already has severity 'general'",
		 c.id);
	cr_assert_eq(case_escalate(st, &c, SEV_GENERAL, t, err), CASES_EINVAL);
	cr_assert_str_eq(err, want);
	cr_assert_eq(case_escalate(st, &c, SEV_PROD_DOWN,
				   at("2026-11-26T08:59:59Z"), err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "escalation time 2026-11-26T08:59:59Z is "
			      "before the case was opened"),
		  "%s", err);
	cr_assert_eq(case_escalate(st, &c, SEV_PROD_DOWN, t, err), CASES_OK,
		     "%s", err);
	expect_due(&c, "2026-11-26T10:00:00Z");
	cr_assert(strstr(events(&c), "severity-changed general -> prod-down, "
				     "due 2026-11-26T10:00:00Z\n"),
		  "%s", events(&c));
	case_rec_release(&c);
}

Test(case, respond_resolve_reopen, .init = setup, .fini = teardown)
{
	struct case_rec c =
		open_case("business", SEV_PROD_DOWN, "2026-11-26T09:00:00Z");
	int first = -1;

	cr_assert_eq(case_respond(st, &c, at("2026-11-26T09:10:00Z"), "on it",
				  &first, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(first, 1);
	cr_assert_eq(case_status(&c), CASE_RESPONDED);
	/* A second response keeps the first time. */
	cr_assert_eq(case_respond(st, &c, at("2026-11-26T09:20:00Z"), NULL,
				  &first, err),
		     CASES_OK);
	cr_assert_eq(first, 0);
	cr_assert_eq(c.first_response_at, at("2026-11-26T09:10:00Z"));

	cr_assert_eq(case_reopen(st, &c, at("2026-11-26T10:00:00Z"), err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "is not resolved"), "%s", err);
	cr_assert_eq(case_resolve(st, &c, at("2026-11-26T08:00:00Z"), err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "resolution time"), "%s", err);
	cr_assert_eq(case_resolve(st, &c, at("2026-11-26T11:00:00Z"), err),
		     CASES_OK);
	cr_assert_eq(case_status(&c), CASE_RESOLVED);
	cr_assert_eq(case_resolve(st, &c, at("2026-11-26T11:00:00Z"), err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "is already resolved"), "%s", err);
	/* Resolved: no response, no escalation until reopened. */
	cr_assert_eq(case_respond(st, &c, at("2026-11-26T12:00:00Z"), NULL,
				  &first, err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "reopen it before you respond to it"), "%s", err);
	cr_assert_eq(case_escalate(st, &c, SEV_GENERAL,
				   at("2026-11-26T12:00:00Z"), err),
		     CASES_EINVAL);
	cr_assert_eq(case_reopen(st, &c, at("2026-11-26T10:59:59Z"), err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "reopen time 2026-11-26T10:59:59Z is before "
			      "the case was resolved"),
		  "%s", err);
	cr_assert_eq(case_reopen(st, &c, at("2026-11-26T12:00:00Z"), err),
		     CASES_OK);
	/* Back to responded, the first response and deadline kept. */
	cr_assert_eq(case_status(&c), CASE_RESPONDED);
	cr_assert_eq(c.first_response_at, at("2026-11-26T09:10:00Z"));
	expect_due(&c, "2026-11-26T10:00:00Z");
	cr_assert_str_eq(events(&c),
			 "opened plan business, severity prod-down, category "
			 "technical, channel console\n"
			 "responded on it\n"
			 "note response (first response was "
			 "2026-11-26T09:10:00Z)\n"
			 "resolved -\n"
			 "reopened -\n");
	case_rec_release(&c);
}

/* Digits then something else are not a case number, however many digits
 * (found by fuzz_idprefix: a long run of digits was "no case" before the
 * junk after it was seen). */
Test(case, long_digits_then_junk_are_an_invalid_id, .init = setup,
     .fini = teardown)
{
	struct case_rec c;

	cr_assert_eq(case_get(st, "0009000000000000000000000000000000\0321", &c,
			      err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "invalid case id") != NULL, "%s", err);
	cr_assert_eq(
		case_get(st, "0000000000000000000000000000000000009", &c, err),
		CASES_ENOTFOUND);
	cr_assert(strstr(err, "no case") != NULL, "%s", err);
}

/* ---- assignment and corrections (issue 15) ---- */

Test(case, assign_and_unassign_change_no_deadline, .init = setup,
     .fini = teardown)
{
	struct case_rec c =
		open_case("business", SEV_PROD_DOWN, "2026-11-26T09:00:00Z");
	struct case_rec got;
	int64_t due = c.due_at;

	cr_assert_null(c.assignee);
	cr_assert_eq(case_assign(st, &c, NULL, at("2026-11-26T09:05:00Z"), err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "is not assigned"), "%s", err);
	cr_assert_eq(
		case_assign(st, &c, "alice", at("2026-11-26T08:00:00Z"), err),
		CASES_EINVAL);
	cr_assert(strstr(err, "assignment time"), "%s", err);
	cr_assert_eq(case_assign(st, &c, "-x", at("2026-11-26T09:05:00Z"), err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "invalid assignee name"), "%s", err);
	cr_assert_eq(
		case_assign(st, &c, "alice", at("2026-11-26T09:05:00Z"), err),
		CASES_OK, "%s", err);
	cr_assert_str_eq(c.assignee, "alice");
	cr_assert_eq(
		case_assign(st, &c, "alice", at("2026-11-26T09:06:00Z"), err),
		CASES_EINVAL);
	cr_assert(strstr(err, "already assigned to alice"), "%s", err);
	cr_assert_eq(
		case_assign(st, &c, "bob", at("2026-11-26T09:07:00Z"), err),
		CASES_OK, "%s", err);
	cr_assert_eq(case_get(st, c.id, &got, err), CASES_OK, "%s", err);
	cr_assert_str_eq(got.assignee, "bob");
	cr_assert_eq(got.due_at, due);
	cr_assert_eq(got.target_s, c.target_s);
	case_rec_release(&got);
	cr_assert_eq(case_assign(st, &c, NULL, at("2026-11-26T09:08:00Z"), err),
		     CASES_OK, "%s", err);
	cr_assert_null(c.assignee);
	cr_assert_eq(case_get(st, c.id, &got, err), CASES_OK, "%s", err);
	cr_assert_null(got.assignee);
	cr_assert_eq(got.due_at, due);
	case_rec_release(&got);
	cr_assert(strstr(events(&c), "\nassigned alice\nassigned bob\n"
				     "assigned -\n"),
		  "%s", events(&c));
	case_rec_release(&c);
}

Test(case, assignee_filters_listings, .init = setup, .fini = teardown)
{
	struct case_rec a =
		open_case("business", SEV_PROD_DOWN, "2026-11-26T09:00:00Z");
	struct case_rec b =
		open_case("business", SEV_PROD_DOWN, "2026-11-26T09:01:00Z");
	struct case_filter f = CASE_FILTER_INIT;
	int n = 0;

	cr_assert_eq(
		case_assign(st, &b, "alice", at("2026-11-26T09:05:00Z"), err),
		CASES_OK, "%s", err);
	f.assignee = "alice";
	cr_assert_eq(store_case_list(st, &f, count_rows, &n, err), CASES_OK);
	cr_assert_eq(n, 1);
	n = 0;
	cr_assert_eq(store_case_due_between(st, &f, INT64_MIN, INT64_MAX,
					    count_rows, &n, err),
		     CASES_OK);
	cr_assert_eq(n, 1);
	f.assignee = "bob";
	n = 0;
	cr_assert_eq(store_case_list(st, &f, count_rows, &n, err), CASES_OK);
	cr_assert_eq(n, 0);
	case_rec_release(&a);
	case_rec_release(&b);
}

Test(case, edit_keeps_the_old_values, .init = setup, .fini = teardown)
{
	struct case_rec c =
		open_case("business", SEV_PROD_DOWN, "2026-11-26T09:00:00Z");
	struct case_rec other =
		open_case("business", SEV_GENERAL, "2026-11-26T09:00:00Z");
	struct case_rec got;
	int64_t t = at("2026-11-26T09:30:00Z"), due = c.due_at;

	cr_assert_eq(case_edit(st, &c, NULL, NULL, t, err), CASES_EINVAL);
	cr_assert(strstr(err, "nothing to change"), "%s", err);
	/* The rules of `open`. */
	cr_assert_eq(case_edit(st, &c, "", NULL, t, err), CASES_EINVAL);
	cr_assert_str_eq(err, "empty subject");
	cr_assert_eq(case_edit(st, &c, NULL, "-x", t, err), CASES_EINVAL);
	cr_assert(strstr(err, "invalid external id name"), "%s", err);
	cr_assert_eq(case_edit(st, &c, "Checkout returns 502", NULL, t, err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "already has this subject"), "%s", err);
	cr_assert_eq(
		case_edit(st, &c, "x", NULL, at("2026-11-26T08:00:00Z"), err),
		CASES_EINVAL);
	cr_assert(strstr(err, "edit time"), "%s", err);

	cr_assert_eq(case_edit(st, &c, "Checkout returns 503", "ZD-1", t, err),
		     CASES_OK, "%s", err);
	cr_assert_str_eq(c.subject, "Checkout returns 503");
	cr_assert_str_eq(c.external_id, "ZD-1");
	cr_assert_eq(case_edit(st, &c, NULL, "ZD-2", t, err), CASES_OK, "%s",
		     err);
	/* Another case's external id is refused. */
	cr_assert_eq(case_edit(st, &other, NULL, "ZD-2", t, err), CASES_EINVAL);
	cr_assert(strstr(err, "external id 'ZD-2' belongs to another case"),
		  "%s", err);
	cr_assert_eq(case_get(st, c.id, &got, err), CASES_OK, "%s", err);
	cr_assert_str_eq(got.subject, "Checkout returns 503");
	cr_assert_str_eq(got.external_id, "ZD-2");
	cr_assert_eq(got.due_at, due);
	case_rec_release(&got);
	cr_assert(strstr(events(&c),
			 "\nedited subject was: Checkout returns 502\n"
			 "edited external id was not set\n"
			 "edited external id was: ZD-1\n"),
		  "%s", events(&c));
	case_rec_release(&c);
	case_rec_release(&other);
}

static int
deleted_line(void *arg, const struct deleted_rec *d)
{
	char *buf = arg, o[TIMEFMT_MAX], t[TIMEFMT_MAX];

	snprintf(buf, 512, "#%lld %s %s %s %s opened %s deleted %s by %s",
		 (long long)d->number, d->id, d->account ? d->account : "-",
		 d->plan, d->subject, timefmt_rfc3339(d->opened_at, o),
		 timefmt_rfc3339(d->deleted_at, t),
		 d->deleted_by ? d->deleted_by : "-");
	return 0;
}

Test(case, delete_logs_and_never_reuses_the_number, .init = setup,
     .fini = teardown)
{
	struct case_rec a =
		open_case("business", SEV_PROD_DOWN, "2026-11-26T09:00:00Z");
	struct case_rec b =
		open_case("business", SEV_PROD_DOWN, "2026-11-26T09:01:00Z");
	struct case_rec c, got;
	char line[512], want[512];
	int count = 0, n = 0;

	cr_assert_eq(b.rowid, a.rowid + 1);
	cr_assert_eq(store_set_author(st, "carol", err), CASES_OK);
	/* History of the case goes too: the append-only trigger lets the
	 * events of a logged case go. */
	cr_assert_eq(case_note(st, &b, at("2026-11-26T09:02:00Z"), "n", err),
		     CASES_OK);
	cr_assert_eq(case_delete(st, &b, at("2026-11-26T08:00:00Z"), err),
		     CASES_EINVAL);
	cr_assert_eq(case_delete(st, &b, at("2026-11-26T10:00:00Z"), err),
		     CASES_OK, "%s", err);
	cr_assert_eq(case_get(st, "2", &got, err), CASES_ENOTFOUND);
	cr_assert_str_eq(err, "case #2 was deleted at 2026-11-26T10:00:00Z "
			      "by carol");
	cr_assert_eq(store_event_each(st, b.rowid, count_events, &n, err),
		     CASES_OK);
	cr_assert_eq(n, 0);
	cr_assert_eq(store_deleted_get(st, 2, deleted_line, line, &count, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(count, 1);
	snprintf(want, sizeof(want),
		 "#2 %s - business Checkout returns 502 opened "
		 "2026-11-26T09:01:00Z deleted 2026-11-26T10:00:00Z by carol",
		 b.id);
	cr_assert_str_eq(line, want);
	/* The newest number is not given again: not by open, ... */
	c = open_case("business", SEV_PROD_DOWN, "2026-11-26T11:00:00Z");
	cr_assert_eq(c.rowid, 3);
	case_rec_release(&c);
	/* ... nor by an import, with or without a number. */
	c = open_case("business", SEV_PROD_DOWN, "2026-11-26T11:00:00Z");
	cr_assert_eq(case_delete(st, &c, c.opened_at, err), CASES_OK);
	memset(c.uuid, 0x42, 16);
	c.rowid = 0;
	c.external_id = NULL;
	cr_assert_eq(store_import_case(st, &c, err), CASES_OK, "%s", err);
	cr_assert_eq(c.rowid, 5);
	memset(c.uuid, 0x43, 16);
	c.rowid = 2;
	cr_assert_eq(store_import_case(st, &c, err), CASES_EINVAL);
	cr_assert(strstr(err, "case number 2 belonged to a deleted case"), "%s",
		  err);
	case_rec_release(&c);
	case_rec_release(&a);
	case_rec_release(&b);
}

Test(case, a_batch_after_a_deletion_takes_new_numbers, .init = setup,
     .fini = teardown)
{
	struct case_rec a =
		open_case("business", SEV_PROD_DOWN, "2026-11-26T09:00:00Z");
	struct store_batch *bt;
	int64_t failed;

	cr_assert_eq(case_delete(st, &a, a.opened_at, err), CASES_OK);
	cr_assert_eq(store_batch_new(st, &bt, err), CASES_OK, "%s", err);
	memset(a.uuid, 0x44, 16);
	a.rowid = 0;
	cr_assert_eq(store_batch_add(bt, &a, 0, NULL, 0, &failed, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(store_batch_flush(bt, &failed, err), CASES_OK, "%s", err);
	store_batch_free(bt);
	cr_assert_eq(a.rowid, 2);
	case_rec_release(&a);
}

/* ---- a case as it stood at an earlier instant (case_as_of) ---- */

/* c as of instant `when` (RFC 3339), an owned record. */
static struct case_rec
as_of(const struct case_rec *c, const char *when)
{
	struct case_rec o;

	cr_assert_eq(case_as_of(st, NULL, c, at(when), &o, err), CASES_OK, "%s",
		     err);
	return o;
}

/* Every field the replay may change equal in a and b. */
static void
expect_same(const struct case_rec *a, const struct case_rec *b)
{
	cr_assert_eq(a->severity, b->severity);
	cr_assert_eq(a->target_s, b->target_s);
	cr_assert_eq(a->clock, b->clock);
	cr_assert_eq(a->due_at, b->due_at);
	cr_assert_eq(a->first_response_at, b->first_response_at);
	cr_assert_eq(a->resolved_at, b->resolved_at);
	cr_assert_eq(a->breached_at, b->breached_at);
	cr_assert_eq(a->warned_at, b->warned_at);
	cr_assert_eq(a->opened_at, b->opened_at);
	cr_assert_eq(a->rowid, b->rowid);
	cr_assert_str_eq(a->subject, b->subject);
}

Test(case, as_of_undoes_what_came_later, .init = setup, .fini = teardown)
{
	struct case_rec c =
		open_case("business", SEV_GENERAL, "2026-11-26T09:00:00Z");
	struct case_rec o, general = c;
	int first;

	/* Opened after T: not there yet. */
	cr_assert_eq(
		case_as_of(st, NULL, &c, at("2026-11-26T08:59:59Z"), &o, err),
		CASES_ENOTFOUND);
	cr_assert(strstr(err, "opened after"), "%s", err);
	cr_assert_eq(case_escalate(st, &c, SEV_PROD_DOWN,
				   at("2026-11-26T09:30:00Z"), err),
		     CASES_OK, "%s", err);
	cr_assert_eq(case_respond(st, &c, at("2026-11-26T09:45:00Z"), NULL,
				  &first, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(case_resolve(st, &c, at("2026-11-26T11:00:00Z"), err),
		     CASES_OK, "%s", err);
	cr_assert_eq(case_reopen(st, &c, at("2026-11-26T12:00:00Z"), err),
		     CASES_OK, "%s", err);
	cr_assert_eq(case_note(st, &c, at("2026-11-26T12:30:00Z"), "n", err),
		     CASES_OK, "%s", err);

	/* At the opening: the severity, target and deadline it had. */
	o = as_of(&c, "2026-11-26T09:00:00Z");
	cr_assert_eq(o.severity, SEV_GENERAL);
	cr_assert_eq(o.target_s, general.target_s);
	cr_assert_eq(o.clock, general.clock);
	cr_assert_eq(o.due_at, general.due_at);
	cr_assert_eq(o.first_response_at, CASE_NONE);
	cr_assert_eq(o.resolved_at, CASE_NONE);
	cr_assert_eq(case_status(&o), CASE_OPEN);
	case_rec_release(&o);
	/* Escalated: the deadline of the new severity; not answered yet. */
	o = as_of(&c, "2026-11-26T09:44:59Z");
	cr_assert_eq(o.severity, SEV_PROD_DOWN);
	expect_due(&o, "2026-11-26T10:00:00Z");
	cr_assert_eq(o.first_response_at, CASE_NONE);
	case_rec_release(&o);
	/* Answered, not resolved yet. */
	o = as_of(&c, "2026-11-26T10:59:59Z");
	cr_assert_eq(o.first_response_at, at("2026-11-26T09:45:00Z"));
	cr_assert_eq(o.resolved_at, CASE_NONE);
	cr_assert_eq(case_status(&o), CASE_RESPONDED);
	case_rec_release(&o);
	/* Resolved, the reopening still ahead. */
	o = as_of(&c, "2026-11-26T11:59:59Z");
	cr_assert_eq(o.resolved_at, at("2026-11-26T11:00:00Z"));
	cr_assert_eq(case_status(&o), CASE_RESOLVED);
	case_rec_release(&o);
	/* Reopened. */
	o = as_of(&c, "2026-11-26T12:00:00Z");
	cr_assert_eq(o.resolved_at, CASE_NONE);
	case_rec_release(&o);
	/* After the last event: the case as it is. */
	o = as_of(&c, "2026-11-26T12:30:00Z");
	expect_same(&o, &c);
	case_rec_release(&o);
	case_rec_release(&c);
}

/* Edits and assignments after T have not happened at T: the subject and
 * external id an edit replaced, the assignee of the assignments by T. */
Test(case, as_of_edits_and_assignments, .init = setup, .fini = teardown)
{
	struct case_rec c =
		open_case("business", SEV_GENERAL, "2026-11-26T09:00:00Z");
	struct case_rec o;

	cr_assert_eq(
		case_assign(st, &c, "alice", at("2026-11-26T09:10:00Z"), err),
		CASES_OK, "%s", err);
	cr_assert_eq(case_edit(st, &c, "second", "EXT-1",
			       at("2026-11-26T09:20:00Z"), err),
		     CASES_OK, "%s", err);
	cr_assert_eq(
		case_assign(st, &c, "bob", at("2026-11-26T09:30:00Z"), err),
		CASES_OK, "%s", err);
	cr_assert_eq(case_edit(st, &c, "third", NULL,
			       at("2026-11-26T09:40:00Z"), err),
		     CASES_OK, "%s", err);
	cr_assert_eq(case_assign(st, &c, NULL, at("2026-11-26T09:50:00Z"), err),
		     CASES_OK, "%s", err);

	o = as_of(&c, "2026-11-26T09:05:00Z");
	cr_assert_str_eq(o.subject, "Checkout returns 502");
	cr_assert_null(o.external_id);
	cr_assert_null(o.assignee);
	case_rec_release(&o);
	o = as_of(&c, "2026-11-26T09:15:00Z");
	cr_assert_str_eq(o.subject, "Checkout returns 502");
	cr_assert_str_eq(o.assignee, "alice");
	case_rec_release(&o);
	o = as_of(&c, "2026-11-26T09:35:00Z");
	cr_assert_str_eq(o.subject, "second");
	cr_assert_str_eq(o.external_id, "EXT-1");
	cr_assert_str_eq(o.assignee, "bob");
	case_rec_release(&o);
	o = as_of(&c, "2026-11-26T09:45:00Z");
	cr_assert_str_eq(o.subject, "third");
	cr_assert_str_eq(o.assignee, "bob");
	case_rec_release(&o);
	o = as_of(&c, "2026-11-26T09:50:00Z");
	cr_assert_str_eq(o.subject, "third");
	cr_assert_str_eq(o.external_id, "EXT-1");
	cr_assert_null(o.assignee);
	case_rec_release(&o);
	case_rec_release(&c);
}

/* A breach or warning recorded after T is not recorded at T. */
Test(case, as_of_a_breach_recorded_later, .init = setup, .fini = teardown)
{
	struct case_rec c =
		open_case("business", SEV_PROD_DOWN, "2026-11-26T09:00:00Z");
	struct case_rec o;

	c.warned_at = at("2026-11-26T09:50:00Z");
	c.breached_at = at("2026-11-26T10:30:00Z");
	cr_assert_eq(store_case_update(st, &c, err), CASES_OK, "%s", err);
	cr_assert_eq(store_event_add(st, c.rowid, c.warned_at, "warned", NULL,
				     -1, NULL, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(store_event_add(st, c.rowid, c.breached_at, "breached",
				     NULL, -1, NULL, err),
		     CASES_OK, "%s", err);
	o = as_of(&c, "2026-11-26T09:49:59Z");
	cr_assert_eq(o.warned_at, CASE_NONE);
	cr_assert_eq(o.breached_at, CASE_NONE);
	case_rec_release(&o);
	o = as_of(&c, "2026-11-26T10:29:59Z");
	cr_assert_eq(o.warned_at, c.warned_at);
	cr_assert_eq(o.breached_at, CASE_NONE);
	/* Past its deadline all the same. */
	expect_due(&o, "2026-11-26T10:00:00Z");
	case_rec_release(&o);
	o = as_of(&c, "2026-11-26T10:30:00Z");
	expect_same(&o, &c);
	case_rec_release(&o);
	case_rec_release(&c);
}

/* A severity change after the first response keeps the deadline (as
 * case_apply_severity does); at T before the change, the old severity. */
Test(case, as_of_severity_changes_after_the_response, .init = setup,
     .fini = teardown)
{
	struct case_rec c =
		open_case("business", SEV_PROD_DOWN, "2026-11-26T09:00:00Z");
	struct case_rec o;
	int first;

	cr_assert_eq(case_respond(st, &c, at("2026-11-26T09:10:00Z"), NULL,
				  &first, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(case_escalate(st, &c, SEV_GENERAL,
				   at("2026-11-26T09:20:00Z"), err),
		     CASES_OK, "%s", err);
	cr_assert_eq(case_escalate(st, &c, SEV_SYSTEM_IMPAIRED,
				   at("2026-11-26T09:40:00Z"), err),
		     CASES_OK, "%s", err);
	expect_due(&c, "2026-11-26T10:00:00Z");
	o = as_of(&c, "2026-11-26T09:15:00Z");
	cr_assert_eq(o.severity, SEV_PROD_DOWN);
	expect_due(&o, "2026-11-26T10:00:00Z");
	case_rec_release(&o);
	o = as_of(&c, "2026-11-26T09:30:00Z");
	cr_assert_eq(o.severity, SEV_GENERAL);
	expect_due(&o, "2026-11-26T10:00:00Z");
	case_rec_release(&o);
	o = as_of(&c, "2026-11-26T09:40:00Z");
	expect_same(&o, &c);
	case_rec_release(&o);
	case_rec_release(&c);
}

/* Two changes before the response: each counts from the opening; at T
 * between them, the first change's deadline. */
Test(case, as_of_the_deadline_follows_the_severity, .init = setup,
     .fini = teardown)
{
	struct case_rec c = open_case("business", SEV_SYSTEM_IMPAIRED,
				      "2026-11-26T09:00:00Z");
	struct case_rec o, first = c;

	cr_assert_eq(case_escalate(st, &c, SEV_PROD_DOWN,
				   at("2026-11-26T09:10:00Z"), err),
		     CASES_OK, "%s", err);
	cr_assert_eq(case_escalate(st, &c, SEV_GENERAL,
				   at("2026-11-26T09:20:00Z"), err),
		     CASES_OK, "%s", err);
	o = as_of(&c, "2026-11-26T09:09:59Z");
	cr_assert_eq(o.severity, SEV_SYSTEM_IMPAIRED);
	cr_assert_eq(o.due_at, first.due_at);
	cr_assert_eq(o.target_s, first.target_s);
	case_rec_release(&o);
	o = as_of(&c, "2026-11-26T09:15:00Z");
	cr_assert_eq(o.severity, SEV_PROD_DOWN);
	expect_due(&o, "2026-11-26T10:00:00Z");
	case_rec_release(&o);
	o = as_of(&c, "2026-11-26T09:20:00Z");
	expect_same(&o, &c);
	cr_assert_neq(o.due_at, first.due_at);
	case_rec_release(&o);
	case_rec_release(&c);
}

/* Whether a read at T takes the path of the past: something dated after
 * T, an event or an opening (store_changed_after). */
Test(case, changed_after_sees_later_events_and_openings, .init = setup,
     .fini = teardown)
{
	struct case_rec c;
	int changed = -1;

	cr_assert_eq(store_changed_after(st, at("2026-11-26T08:00:00Z"),
					 &changed, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(changed, 0, "an empty database");
	c = open_case("business", SEV_GENERAL, "2026-11-26T09:00:00Z");
	cr_assert_eq(store_changed_after(st, at("2026-11-26T08:59:59Z"),
					 &changed, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(changed, 1, "opened after T");
	cr_assert_eq(store_changed_after(st, at("2026-11-26T09:00:00Z"),
					 &changed, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(changed, 0, "nothing after the opening");
	cr_assert_eq(case_note(st, &c, at("2026-11-26T10:00:00Z"), "n", err),
		     CASES_OK, "%s", err);
	cr_assert_eq(store_changed_after(st, at("2026-11-26T09:30:00Z"),
					 &changed, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(changed, 1, "a note after T");
	cr_assert_eq(store_changed_after(st, at("2026-11-26T10:00:00Z"),
					 &changed, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(changed, 0, "nothing after the note");
	case_rec_release(&c);
}
