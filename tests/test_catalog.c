/*
 * test_catalog.c - plans, calendars and accounts (catalog.c): each change
 * is a new version, checked before anything is written; the default
 * calendar is one version per zone.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "cases/case.h"
#include "cases/catalog.h"
#include "cases/error.h"
#include "cases/plan.h"
#include "cases/sla.h"
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
day(const char *s)
{
	int64_t d;

	cr_assert_eq(timefmt_parse_date(s, &d, err), CASES_OK, "%s", err);
	return d;
}

Test(catalog, plan_add_empty_or_from, .init = setup, .fini = teardown)
{
	struct plan p, q;

	cr_assert_eq(catalog_plan_add(st, "gold", NULL, 0, &p, err), CASES_OK,
		     "%s", err);
	for (int s = 1; s < SEV_COUNT; s++)
		cr_assert_eq(p.target_s[s], 0);
	cr_assert_eq(p.categories,
		     (1u << CAT_ACCOUNT_BILLING) | (1u << CAT_TECHNICAL));
	cr_assert_not(p.channels & (1u << CH_API));
	cr_assert_eq(catalog_plan_add(st, "premium", "business", 0, &q, err),
		     CASES_OK, "%s", err);
	cr_assert_str_eq(q.name, "premium");
	cr_assert_eq(q.target_s[SEV_PROD_DOWN], 3600);
	cr_assert_neq(q.id, p.id);
	cr_assert_eq(store_plan_get(st, "premium", &p, err), CASES_OK);
	cr_assert_eq(p.ver, q.ver);
	/* Taken, unknown, invalid: nothing written. */
	cr_assert_eq(catalog_plan_add(st, "gold", NULL, 0, &p, err),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "plan 'gold' already exists");
	cr_assert_eq(catalog_plan_add(st, "silver", "bronze", 0, &p, err),
		     CASES_ENOTFOUND);
	cr_assert_eq(catalog_plan_add(st, "Bad Name", NULL, 0, &p, err),
		     CASES_EINVAL);
	cr_assert_eq(store_plan_get(st, "silver", &p, err), CASES_ENOTFOUND);
}

Test(catalog, plan_targets_are_new_versions, .init = setup, .fini = teardown)
{
	struct plan p, old;
	int64_t v1;

	cr_assert_eq(store_plan_get(st, "developer", &old, err), CASES_OK);
	v1 = old.ver;
	/* A target without a clock keeps the severity's clock... */
	cr_assert_eq(catalog_plan_set_target(st, "developer", SEV_GENERAL, 7200,
					     -1, 0, &p, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(p.target_s[SEV_GENERAL], 7200);
	cr_assert_eq(p.clock[SEV_GENERAL], CLOCK_BUSINESS);
	cr_assert_neq(p.ver, v1);
	/* ... a newly allowed severity is 24x7 unless told ... */
	cr_assert_eq(catalog_plan_set_target(st, "developer", SEV_PROD_DOWN,
					     600, -1, 0, &p, err),
		     CASES_OK);
	cr_assert_eq(p.clock[SEV_PROD_DOWN], CLOCK_24X7);
	cr_assert_eq(catalog_plan_set_target(st, "developer",
					     SEV_BUSINESS_CRITICAL, 300,
					     CLOCK_BUSINESS, 0, &p, err),
		     CASES_OK);
	cr_assert_eq(p.clock[SEV_BUSINESS_CRITICAL], CLOCK_BUSINESS);
	/* ... and 0 stops allowing it. */
	cr_assert_eq(catalog_plan_set_target(st, "developer", SEV_PROD_DOWN, 0,
					     -1, 0, &p, err),
		     CASES_OK);
	cr_assert_eq(p.target_s[SEV_PROD_DOWN], 0);
	/* The first version is as it was (cases opened under it). */
	cr_assert_eq(store_plan_get_ver(st, v1, &old, err), CASES_OK);
	cr_assert_eq(old.target_s[SEV_GENERAL], 86400);
	cr_assert_eq(old.target_s[SEV_PROD_DOWN], 0);
	cr_assert_eq(store_plan_get(st, "developer", &old, err), CASES_OK);
	cr_assert_eq(old.ver, p.ver);
	cr_assert_eq(old.target_s[SEV_BUSINESS_CRITICAL], 300);
	cr_assert_eq(catalog_plan_set_target(st, "nope", SEV_GENERAL, 60, -1, 0,
					     &p, err),
		     CASES_ENOTFOUND);
}

Test(catalog, plan_entitlements, .init = setup, .fini = teardown)
{
	struct plan p;

	cr_assert_eq(catalog_plan_set_entitlement(st, "basic", CAT_ARCHITECTURE,
						  -1, 1, 0, &p, err),
		     CASES_OK, "%s", err);
	cr_assert(p.categories & (1u << CAT_ARCHITECTURE));
	cr_assert_eq(catalog_plan_set_entitlement(st, "basic", -1, CH_PHONE, 0,
						  0, &p, err),
		     CASES_OK, "%s", err);
	cr_assert_not(p.channels & (1u << CH_PHONE));
	cr_assert(p.channels & (1u << CH_EMAIL));
	cr_assert_eq(store_plan_get(st, "basic", &p, err), CASES_OK);
	cr_assert(p.categories & (1u << CAT_ARCHITECTURE));
	cr_assert_not(p.channels & (1u << CH_PHONE));
}

Test(catalog, calendar_check_gives_the_stored_form)
{
	int64_t days[] = { day("2026-12-28"), day("2026-12-25"),
			   day("2026-12-28") };
	struct catalog_cal c;

	cr_assert_eq(catalog_calendar_check("Europe/London",
					    "fri-mon 09:00-17:00", days, 3, &c,
					    err),
		     CASES_OK, "%s", err);
	cr_assert_str_eq(c.tz, "Europe/London");
	cr_assert_str_eq(c.holidays, "2026-12-25,2026-12-28");
	cr_assert_neq(strstr(c.hours, "09:00-17:00"), NULL, "%s", c.hours);
	catalog_cal_release(&c);
	cr_assert_eq(catalog_calendar_check("UTC", NULL, NULL, 0, &c, err),
		     CASES_OK);
	cr_assert_str_eq(c.holidays, "");
	catalog_cal_release(&c);
	cr_assert_eq(
		catalog_calendar_check("Mars/Base", NULL, NULL, 0, &c, err),
		CASES_EINVAL);
	cr_assert(strstr(err, "unknown time zone 'Mars/Base'"), "%s", err);
	cr_assert_eq(catalog_calendar_check("UTC", "mon 25:00-26:00", NULL, 0,
					    &c, err),
		     CASES_EINVAL);
	cr_assert_eq(catalog_calendar_check("UTC", NULL, days,
					    CATALOG_HOLIDAYS_MAX + 1, &c, err),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "too many holidays (the limit is 4096)");
}

Test(catalog, calendar_holidays_make_a_new_version, .init = setup,
     .fini = teardown)
{
	int64_t first[] = { day("2026-12-25") };
	int64_t more[] = { day("2027-01-01"), day("2026-12-25") };
	struct catalog_cal c;
	struct cal_rec r, old;

	cr_assert_eq(catalog_calendar_check("Europe/London", NULL, first, 1, &c,
					    err),
		     CASES_OK);
	cr_assert_eq(catalog_calendar_add(st, "uk", &c, 0, err), CASES_OK, "%s",
		     err);
	cr_assert_eq(catalog_calendar_add(st, "uk", &c, 0, err), CASES_EINVAL);
	cr_assert_str_eq(err, "calendar 'uk' already exists");
	cr_assert_eq(catalog_calendar_add(st, "-x", &c, 0, err), CASES_EINVAL);
	catalog_cal_release(&c);
	cr_assert_eq(store_calendar_get(st, "uk", &old, err), CASES_OK);
	cr_assert_eq(catalog_calendar_holidays(st, "uk", more, 2, 0, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(store_calendar_get(st, "uk", &r, err), CASES_OK);
	cr_assert_str_eq(r.holidays, "2026-12-25,2027-01-01");
	cr_assert_str_eq(r.tz, "Europe/London");
	cr_assert_neq(r.ver, old.ver);
	cal_rec_release(&r);
	cal_rec_release(&old);
	cr_assert_eq(catalog_calendar_holidays(st, "nowhere", more, 1, 0, err),
		     CASES_ENOTFOUND);
}

Test(catalog, calendar_holiday_limit_counts_old_and_new, .init = setup,
     .fini = teardown)
{
	static int64_t days[CATALOG_HOLIDAYS_MAX];
	struct catalog_cal c;
	int64_t one = day("2100-01-01");

	for (int i = 0; i < CATALOG_HOLIDAYS_MAX; i++)
		days[i] = day("2030-01-01") + i;
	cr_assert_eq(catalog_calendar_check("UTC", NULL, days,
					    CATALOG_HOLIDAYS_MAX, &c, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(catalog_calendar_add(st, "full", &c, 0, err), CASES_OK);
	catalog_cal_release(&c);
	cr_assert_eq(catalog_calendar_holidays(st, "full", &one, 1, 0, err),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "too many holidays (the limit is 4096)");
}

Test(catalog, the_default_calendar_is_one_version_per_zone, .init = setup,
     .fini = teardown)
{
	int64_t a, b, c, d;
	struct cal_rec r;

	cr_assert_eq(catalog_zone_calendar(st, NULL, &a, err), CASES_OK);
	cr_assert_eq(catalog_zone_calendar(st, NULL, &b, err), CASES_OK);
	cr_assert_eq(a, b);
	cr_assert_eq(catalog_zone_calendar(st, "UTC", &c, err), CASES_OK);
	cr_assert_eq(c, a);
	cr_assert_eq(catalog_zone_calendar(st, "Europe/Berlin", &d, err),
		     CASES_OK);
	cr_assert_neq(d, a);
	cr_assert_eq(store_calendar_get_ver(st, d, &r, err), CASES_OK);
	cr_assert_str_eq(r.tz, "Europe/Berlin");
	cr_assert_str_eq(r.hours, SLA_DEFAULT_HOURS);
	cr_assert_str_eq(r.holidays, "");
	cal_rec_release(&r);
	cr_assert_eq(catalog_zone_calendar(st, "Europe/Nowhere", &d, err),
		     CASES_EINVAL);
}

Test(catalog, accounts, .init = setup, .fini = teardown)
{
	struct catalog_cal c;
	struct account_rec a;
	int64_t utc, berlin;

	cr_assert_eq(
		catalog_calendar_check("Europe/London", NULL, NULL, 0, &c, err),
		CASES_OK);
	cr_assert_eq(catalog_calendar_add(st, "uk", &c, 0, err), CASES_OK);
	catalog_cal_release(&c);
	cr_assert_eq(catalog_zone_calendar(st, NULL, &utc, err), CASES_OK);
	cr_assert_eq(catalog_zone_calendar(st, "Europe/Berlin", &berlin, err),
		     CASES_OK);

	cr_assert_eq(catalog_account_add(st, "acme", "developer", NULL, NULL,
					 100, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(store_account_get(st, "acme", &a, err), CASES_OK);
	cr_assert_str_eq(a.plan, "developer");
	cr_assert_eq(a.cal_ver, utc);
	cr_assert_null(a.calendar);
	cr_assert_eq(a.created_at, 100);
	account_rec_release(&a);

	cr_assert_eq(catalog_account_add(st, "globex", "business", "uk", NULL,
					 0, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(store_account_get(st, "globex", &a, err), CASES_OK);
	cr_assert_str_eq(a.calendar, "uk");
	account_rec_release(&a);

	/* Set: the plan alone keeps the calendar; a zone replaces it. */
	cr_assert_eq(catalog_account_set(st, "globex", "enterprise", NULL, NULL,
					 err),
		     CASES_OK, "%s", err);
	cr_assert_eq(store_account_get(st, "globex", &a, err), CASES_OK);
	cr_assert_str_eq(a.plan, "enterprise");
	cr_assert_str_eq(a.calendar, "uk");
	account_rec_release(&a);
	cr_assert_eq(catalog_account_set(st, "globex", NULL, NULL,
					 "Europe/Berlin", err),
		     CASES_OK, "%s", err);
	cr_assert_eq(store_account_get(st, "globex", &a, err), CASES_OK);
	cr_assert_str_eq(a.plan, "enterprise");
	cr_assert_null(a.calendar);
	cr_assert_eq(a.cal_ver, berlin);
	account_rec_release(&a);

	/* Refused: nothing written. */
	cr_assert_eq(
		catalog_account_add(st, "acme", "basic", NULL, NULL, 0, err),
		CASES_EINVAL);
	cr_assert_str_eq(err, "account 'acme' already exists");
	cr_assert_eq(catalog_account_add(st, "x", "gold", NULL, NULL, 0, err),
		     CASES_ENOTFOUND);
	cr_assert_eq(
		catalog_account_add(st, "x", "basic", "nowhere", NULL, 0, err),
		CASES_ENOTFOUND);
	cr_assert_eq(catalog_account_add(st, "x", "basic", "uk", "UTC", 0, err),
		     CASES_EINVAL);
	cr_assert_eq(
		catalog_account_add(st, "x\ty", "basic", NULL, NULL, 0, err),
		CASES_EINVAL);
	cr_assert_eq(store_account_get(st, "x", &a, err), CASES_ENOTFOUND);
	cr_assert_eq(
		catalog_account_set(st, "nobody", "basic", NULL, NULL, err),
		CASES_ENOTFOUND);
}

/* A general technical case on account acct, else plan on calendar. */
static void
open_case(const char *acct, const char *calendar, const char *plan)
{
	struct case_open_req req = {
		.plan = plan,
		.account = acct,
		.calendar = calendar,
		.subject = "x",
		.severity = SEV_GENERAL,
		.category = CAT_TECHNICAL,
		.opened_at = 1795770000, /* 2026-11-27T09:00:00Z, a Friday */
	};
	struct case_rec c;

	cr_assert_eq(case_open(st, &req, &c, err), CASES_OK, "%s", err);
	case_rec_release(&c);
}

Test(catalog, calendar_set_keeps_what_is_not_given, .init = setup,
     .fini = teardown)
{
	int64_t hol[] = { day("2026-12-25") };
	struct catalog_cal c, ch;
	struct cal_rec before, after;

	cr_assert_eq(
		catalog_calendar_check("Europe/London", NULL, hol, 1, &c, err),
		CASES_OK);
	cr_assert_eq(catalog_calendar_add(st, "uk", &c, 0, err), CASES_OK);
	catalog_cal_release(&c);
	cr_assert_eq(store_calendar_get(st, "uk", &before, err), CASES_OK);

	/* Hours alone: zone and holidays stay, a new version. */
	cr_assert_eq(catalog_calendar_check_set(NULL, "MON-FRI 09:00-17:00",
						&ch, err),
		     CASES_OK, "%s", err);
	cr_assert_null(ch.tz);
	cr_assert_str_eq(ch.hours, "mon-fri 09:00-17:00");
	cr_assert_eq(catalog_calendar_set(st, "uk", &ch, 10, err), CASES_OK,
		     "%s", err);
	catalog_cal_release(&ch);
	cr_assert_eq(store_calendar_get(st, "uk", &after, err), CASES_OK);
	cr_assert_str_eq(after.tz, "Europe/London");
	cr_assert_str_eq(after.hours, "mon-fri 09:00-17:00");
	cr_assert_str_eq(after.holidays, "2026-12-25");
	cr_assert_neq(after.ver, before.ver);
	cal_rec_release(&after);

	/* The zone alone. */
	cr_assert_eq(
		catalog_calendar_check_set("Europe/Dublin", NULL, &ch, err),
		CASES_OK, "%s", err);
	cr_assert_eq(catalog_calendar_set(st, "uk", &ch, 20, err), CASES_OK);
	catalog_cal_release(&ch);
	cr_assert_eq(store_calendar_get(st, "uk", &after, err), CASES_OK);
	cr_assert_str_eq(after.tz, "Europe/Dublin");
	cr_assert_str_eq(after.hours, "mon-fri 09:00-17:00");
	cal_rec_release(&after);
	cal_rec_release(&before);

	/* The rules of `calendar add`: nothing, a bad zone or bad hours. */
	cr_assert_eq(catalog_calendar_check_set(NULL, NULL, &ch, err),
		     CASES_EINVAL);
	cr_assert_eq(catalog_calendar_check_set("EST", NULL, &ch, err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "America/New_York"), "%s", err);
	cr_assert_eq(
		catalog_calendar_check_set(NULL, "mon 25:00-26:00", &ch, err),
		CASES_EINVAL);
	cr_assert_eq(catalog_calendar_check_set("UTC", NULL, &ch, err),
		     CASES_OK);
	cr_assert_eq(catalog_calendar_set(st, "ukk", &ch, 0, err),
		     CASES_ENOTFOUND);
	cr_assert(strstr(err, "did you mean 'uk'"), "%s", err);
	catalog_cal_release(&ch);
}

Test(catalog, zones_the_user_types_refuse_abbreviations, .init = setup,
     .fini = teardown)
{
	struct catalog_cal c;
	int64_t ver;

	cr_assert_eq(catalog_calendar_check("PST", NULL, NULL, 0, &c, err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "America/Los_Angeles"), "%s", err);
	cr_assert_eq(catalog_zone_calendar(st, "CET", &ver, err), CASES_EINVAL);
	cr_assert(strstr(err, "abbreviation"), "%s", err);
	cr_assert_eq(catalog_account_add(st, "a", "basic", NULL, "HST", 0, err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "Pacific/Honolulu"), "%s", err);
	cr_assert_eq(catalog_zone_calendar(st, "America/New_York", &ver, err),
		     CASES_OK, "%s", err);
}

Test(catalog, holiday_remove, .init = setup, .fini = teardown)
{
	int64_t hol[] = { day("2026-12-25"), day("2026-12-28"),
			  day("2027-01-01") };
	int64_t gone[] = { day("2026-12-28"), day("2026-12-25") };
	int64_t not_one = day("2026-12-24");
	struct catalog_cal c;
	struct cal_rec before, after;

	cr_assert_eq(catalog_calendar_check("UTC", NULL, hol, 3, &c, err),
		     CASES_OK);
	cr_assert_eq(catalog_calendar_add(st, "cal", &c, 0, err), CASES_OK);
	catalog_cal_release(&c);
	cr_assert_eq(store_calendar_get(st, "cal", &before, err), CASES_OK);
	/* One that is not a holiday: refused, naming the holidays. */
	cr_assert_eq(catalog_calendar_unholiday(st, "cal", &not_one, 1, 0, err),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "2026-12-24 is not a holiday of calendar 'cal' "
			      "(its holidays: 2026-12-25, 2026-12-28, "
			      "2027-01-01)");
	cr_assert_eq(catalog_calendar_unholiday(st, "cal", gone, 2, 5, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(store_calendar_get(st, "cal", &after, err), CASES_OK);
	cr_assert_str_eq(after.holidays, "2027-01-01");
	cr_assert_neq(after.ver, before.ver);
	cal_rec_release(&after);
	cal_rec_release(&before);
	cr_assert_eq(catalog_calendar_unholiday(st, "cal", hol + 2, 1, 6, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(catalog_calendar_unholiday(st, "cal", hol, 1, 7, err),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "2026-12-25 is not a holiday of calendar 'cal' "
			      "(it has none)");
	cr_assert_eq(catalog_calendar_unholiday(st, "nope", hol, 1, 7, err),
		     CASES_ENOTFOUND);
}

Test(catalog, holiday_remove_names_the_nearest_of_many, .init = setup,
     .fini = teardown)
{
	static int64_t days[40];
	struct catalog_cal c;
	int64_t d = day("2030-01-20"); /* every other day from the 1st */

	for (int i = 0; i < 40; i++)
		days[i] = day("2030-01-01") + 2 * i;
	cr_assert_eq(catalog_calendar_check("UTC", NULL, days, 40, &c, err),
		     CASES_OK);
	cr_assert_eq(catalog_calendar_add(st, "many", &c, 0, err), CASES_OK);
	catalog_cal_release(&c);
	cr_assert_eq(catalog_calendar_unholiday(st, "many", &d, 1, 0, err),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "2030-01-20 is not a holiday of calendar 'many' "
			      "(the nearest: 2030-01-15, 2030-01-17, "
			      "2030-01-19, 2030-01-21, 2030-01-23, "
			      "2030-01-25; 40 in all: 'cases calendar show "
			      "many')");
}

Test(catalog, rm_refuses_while_referred_to, .init = setup, .fini = teardown)
{
	struct catalog_cal c;
	struct plan p;
	struct key_rec k = { .id = "CKIATESTTESTTEST0001",
			     .secret = "s",
			     .revoked_at = CASE_NONE };
	struct account_rec a;

	cr_assert_eq(catalog_plan_add(st, "gold", "business", 0, &p, err),
		     CASES_OK);
	cr_assert_eq(catalog_calendar_check("UTC", NULL, NULL, 0, &c, err),
		     CASES_OK);
	cr_assert_eq(catalog_calendar_add(st, "eu", &c, 0, err), CASES_OK);
	catalog_cal_release(&c);
	cr_assert_eq(
		catalog_account_add(st, "acme", "gold", "eu", NULL, 0, err),
		CASES_OK);
	cr_assert_eq(
		catalog_account_add(st, "beta", "gold", "eu", NULL, 0, err),
		CASES_OK);
	open_case("acme", NULL, NULL);
	open_case("acme", NULL, NULL);
	cr_assert_eq(store_account_get(st, "acme", &a, err), CASES_OK);
	k.account_id = a.id;
	account_rec_release(&a);
	cr_assert_eq(store_key_add(st, &k, err), CASES_OK, "%s", err);

	cr_assert_eq(catalog_plan_rm(st, "GOLD", err), CASES_EINVAL);
	cr_assert_str_eq(err, "plan 'gold' is used by accounts 'acme', 'beta' "
			      "and 2 cases");
	cr_assert_eq(catalog_calendar_rm(st, "eu", err), CASES_EINVAL);
	cr_assert_str_eq(err, "calendar 'eu' is used by accounts 'acme', "
			      "'beta' and 2 cases");
	cr_assert_eq(catalog_account_rm(st, "acme", err), CASES_EINVAL);
	cr_assert_str_eq(err, "account 'acme' has 2 cases and 1 API key");
	cr_assert_eq(catalog_account_rm(st, "acm", err), CASES_ENOTFOUND);
	cr_assert(strstr(err, "did you mean 'acme'"), "%s", err);
	cr_assert_eq(catalog_plan_rm(st, "gld", err), CASES_ENOTFOUND);
	cr_assert(strstr(err, "did you mean 'gold'"), "%s", err);
	cr_assert_eq(catalog_calendar_rm(st, "ue", err), CASES_ENOTFOUND);

	/* beta has nothing: it goes, and so does its name. */
	cr_assert_eq(catalog_account_rm(st, "beta", err), CASES_OK, "%s", err);
	cr_assert_eq(store_account_get(st, "beta", &a, err), CASES_ENOTFOUND);
	cr_assert_eq(catalog_plan_rm(st, "gold", err), CASES_EINVAL);
	cr_assert_str_eq(err, "plan 'gold' is used by account 'acme' and 2 "
			      "cases");
}

Test(catalog, rm_removes_what_nothing_uses, .init = setup, .fini = teardown)
{
	struct catalog_cal c;
	struct plan p;
	struct cal_rec r;

	cr_assert_eq(catalog_plan_add(st, "gold", "business", 0, &p, err),
		     CASES_OK);
	cr_assert_eq(catalog_plan_set_target(st, "gold", SEV_GENERAL, 60, -1, 0,
					     &p, err),
		     CASES_OK);
	cr_assert_eq(catalog_plan_rm(st, "gold", err), CASES_OK, "%s", err);
	cr_assert_eq(store_plan_get(st, "gold", &p, err), CASES_ENOTFOUND);
	/* A seeded plan nothing uses may go too (docs/domain.md 5.6). */
	cr_assert_eq(catalog_plan_rm(st, "basic", err), CASES_OK, "%s", err);
	cr_assert_eq(catalog_plan_add(st, "gold", NULL, 0, &p, err), CASES_OK);

	cr_assert_eq(catalog_calendar_check("UTC", NULL, NULL, 0, &c, err),
		     CASES_OK);
	cr_assert_eq(catalog_calendar_add(st, "eu", &c, 0, err), CASES_OK);
	catalog_cal_release(&c);
	cr_assert_eq(catalog_calendar_rm(st, "eu", err), CASES_OK, "%s", err);
	cr_assert_eq(store_calendar_get(st, "eu", &r, err), CASES_ENOTFOUND);
	cr_assert_eq(
		catalog_account_add(st, "acme", "gold", NULL, NULL, 0, err),
		CASES_OK);
	cr_assert_eq(catalog_account_rm(st, "acme", err), CASES_OK, "%s", err);
}

Test(catalog, a_calendar_is_used_by_cases_of_its_old_versions, .init = setup,
     .fini = teardown)
{
	int64_t hol = day("2026-12-25");
	struct catalog_cal c, ch;

	cr_assert_eq(
		catalog_calendar_check("Europe/Paris", NULL, NULL, 0, &c, err),
		CASES_OK);
	cr_assert_eq(catalog_calendar_add(st, "eu", &c, 0, err), CASES_OK);
	catalog_cal_release(&c);
	open_case(NULL, "eu", "developer");
	/* Two versions later, the case still counts. */
	cr_assert_eq(catalog_calendar_holidays(st, "eu", &hol, 1, 1, err),
		     CASES_OK);
	cr_assert_eq(catalog_calendar_check_set(NULL, "mon-fri 09:00-17:00",
						&ch, err),
		     CASES_OK);
	cr_assert_eq(catalog_calendar_set(st, "eu", &ch, 2, err), CASES_OK);
	catalog_cal_release(&ch);
	cr_assert_eq(catalog_calendar_rm(st, "eu", err), CASES_EINVAL);
	cr_assert_str_eq(err, "calendar 'eu' is used by 1 case");
}

/* Contents are shared: a calendar added after a case with the content of
 * another's version is not held by that case (calendar_hist.first_case),
 * while a case opened once it exists counts for both. */
Test(catalog, a_new_calendar_is_not_held_by_older_cases, .init = setup,
     .fini = teardown)
{
	struct catalog_cal c;

	cr_assert_eq(
		catalog_calendar_check("Europe/Paris", NULL, NULL, 0, &c, err),
		CASES_OK);
	cr_assert_eq(catalog_calendar_add(st, "eu", &c, 0, err), CASES_OK);
	open_case(NULL, "eu", "developer");
	cr_assert_eq(catalog_calendar_add(st, "eu-typo", &c, 0, err), CASES_OK);
	cr_assert_eq(catalog_calendar_add(st, "eu-later", &c, 0, err),
		     CASES_OK);
	catalog_cal_release(&c);
	cr_assert_eq(catalog_calendar_rm(st, "eu-typo", err), CASES_OK, "%s",
		     err);
	open_case(NULL, "eu", "developer");
	cr_assert_eq(catalog_calendar_rm(st, "eu-later", err), CASES_EINVAL);
	cr_assert_str_eq(err, "calendar 'eu-later' is used by 1 case");
	cr_assert_eq(catalog_calendar_rm(st, "eu", err), CASES_EINVAL);
	cr_assert_str_eq(err, "calendar 'eu' is used by 2 cases");
}

/* The nearest holidays and a long name fit the message (this overran a
 * buffer of the message once: caught under AddressSanitizer). */
Test(catalog, holiday_remove_message_with_a_long_name, .init = setup,
     .fini = teardown)
{
	static const char *const names[] = {
		"abcdefghijklmnopqrstuvwxyz01234",
		"a-calendar-name-of-well-over-thirty-one-bytes-in-all",
	};
	static int64_t days[40];
	struct catalog_cal c;
	int64_t d = day("2030-01-20");

	for (int i = 0; i < 40; i++)
		days[i] = day("2030-01-01") + 2 * i;
	cr_assert_eq(catalog_calendar_check("UTC", NULL, days, 40, &c, err),
		     CASES_OK);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(catalog_calendar_add(st, names[i], &c, 0, err),
			     CASES_OK);
		cr_assert_eq(
			catalog_calendar_unholiday(st, names[i], &d, 1, 0, err),
			CASES_EINVAL);
		cr_assert(strstr(err, "2030-01-25; 40 in all: 'cases calendar "
				      "show "),
			  "%s", err);
		cr_assert(strstr(err, i == 0 ? names[0] : "show NAME')"), "%s",
			  err);
	}
	catalog_cal_release(&c);
}
