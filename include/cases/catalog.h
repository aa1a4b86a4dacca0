/*
 * catalog.h - plans, calendars and accounts: the workflows behind
 * `cases plan`, `cases calendar` and `cases account` (docs/domain.md
 * sections 5 to 7), and the default calendar.
 *
 * Each function checks its input, versions what it changes and writes
 * it, inside the caller's write transaction; nothing is written when it
 * fails. A change applies to cases opened afterwards: cases keep the
 * versions they were opened under (docs/domain.md section 10,
 * docs/storage.md section 5). Reading is the store's: store_plan_get,
 * store_calendar_get, store_account_get and their _each listings.
 */
#ifndef CASES_CATALOG_H
#define CASES_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "cases/error.h"
#include "cases/plan.h"

struct store;

/* ---- the default calendar ---- */

/*
 * The calendar of an account or a case given a zone and nothing else, or
 * nothing at all: the default hours (SLA_DEFAULT_HOURS) in zone tz, no
 * holidays. tz NULL is UTC, named without reading a zone file. Its
 * version (made once, then shared) in *ver. CASES_EINVAL for an unknown
 * zone.
 */
int catalog_zone_calendar(struct store *st, const char *tz, int64_t *ver,
			  char *err) CASES_MUST_CHECK;

/* ---- plans ---- */

/* Add plan name (plan_name_check), empty (plan_init_empty) or a copy of
 * plan from's targets and entitlements; *out is the new plan.
 * CASES_EINVAL when name is taken, CASES_ENOTFOUND for an unknown from. */
int catalog_plan_add(struct store *st, const char *name, const char *from,
		     int64_t now, struct plan *out, char *err) CASES_MUST_CHECK;

/* A new version of plan name where severity sev has target target_s
 * seconds (> 0) on clock (-1: the severity's clock, 24x7 for a newly
 * allowed severity), or is no longer allowed (target_s 0). */
int catalog_plan_set_target(struct store *st, const char *name, int sev,
			    int64_t target_s, int clock, int64_t now,
			    struct plan *out, char *err) CASES_MUST_CHECK;

/* A new version of plan name that includes (allow != 0) or excludes
 * category cat (when cat >= 0) or else channel ch. */
int catalog_plan_set_entitlement(struct store *st, const char *name, int cat,
				 int ch, int allow, int64_t now,
				 struct plan *out, char *err) CASES_MUST_CHECK;

/* ---- calendars ---- */

/* The most holidays a calendar keeps. */
#define CATALOG_HOLIDAYS_MAX 4096

/* A calendar's content, checked and in its stored form (the canonical
 * zone name, hours as sla_hours_format() writes them, the holidays sorted
 * and unique). Strings owned. */
struct catalog_cal {
	char *tz;
	char *hours;
	char *holidays;
};

/*
 * Check a calendar's content without the store: zone tz, weekly hours
 * (NULL: SLA_DEFAULT_HOURS) and n holidays (days since the epoch, any
 * order, repeats allowed; at most CATALOG_HOLIDAYS_MAX). Fills out
 * (release with catalog_cal_release). CASES_EINVAL naming what is wrong.
 */
int catalog_calendar_check(const char *tz, const char *hours,
			   const int64_t *holidays, size_t n,
			   struct catalog_cal *out, char *err) CASES_MUST_CHECK;
void catalog_cal_release(struct catalog_cal *c);

/* Add calendar name (case_name_check) with the content c. CASES_EINVAL
 * when the name is taken. */
int catalog_calendar_add(struct store *st, const char *name,
			 const struct catalog_cal *c, int64_t now,
			 char *err) CASES_MUST_CHECK;

/* A new version of calendar name with the n days added to its holidays
 * (at most CATALOG_HOLIDAYS_MAX in all), current from now. */
int catalog_calendar_holidays(struct store *st, const char *name,
			      const int64_t *days, size_t n, int64_t now,
			      char *err) CASES_MUST_CHECK;

/* A new version of calendar name without the n days among its holidays.
 * A day that is not one is CASES_EINVAL naming it and the calendar's
 * holidays nearest it (or saying it has none); nothing is written. */
int catalog_calendar_unholiday(struct store *st, const char *name,
			       const int64_t *days, size_t n, int64_t now,
			       char *err) CASES_MUST_CHECK;

/* Check what `calendar set` changes: zone tz and weekly hours, NULL for
 * what stays (not both). Fills out->tz and out->hours, NULL where kept
 * (holidays NULL); release with catalog_cal_release. */
int catalog_calendar_check_set(const char *tz, const char *hours,
			       struct catalog_cal *out,
			       char *err) CASES_MUST_CHECK;

/* A new version of calendar name, current from now, with change's zone
 * and hours where not NULL and its current settings elsewhere. Cases
 * keep the version they were opened under. */
int catalog_calendar_set(struct store *st, const char *name,
			 const struct catalog_cal *change, int64_t now,
			 char *err) CASES_MUST_CHECK;

/* ---- accounts ---- */

/*
 * Add account name (case_name_check) on plan plan, with calendar calendar
 * (a name), else the default calendar in zone tz (NULL: UTC, as a zone
 * file). CASES_EINVAL when the name is taken or both calendar and tz are
 * given; CASES_ENOTFOUND for an unknown plan or calendar.
 */
int catalog_account_add(struct store *st, const char *name, const char *plan,
			const char *calendar, const char *tz, int64_t now,
			char *err) CASES_MUST_CHECK;

/* Change account name's plan (NULL: keep) and calendar (calendar, else
 * zone tz; both NULL: keep). */
int catalog_account_set(struct store *st, const char *name, const char *plan,
			const char *calendar, const char *tz,
			char *err) CASES_MUST_CHECK;

/* ---- removal ---- */

/*
 * Remove plan, calendar or account name when nothing refers to it, else
 * CASES_EINVAL naming what does: "plan 'gold' is used by account 'acme'
 * and 3 cases", "calendar 'eu' is used by 12 cases" (a case opened under
 * any version the calendar ever had), "account 'acme' has 3 cases and 1
 * API key". CASES_ENOTFOUND (with the nearest name) for an unknown one.
 * The seeded plans are data like any other (docs/domain.md 5.6).
 */
int catalog_plan_rm(struct store *st, const char *name,
		    char *err) CASES_MUST_CHECK;
int catalog_calendar_rm(struct store *st, const char *name,
			char *err) CASES_MUST_CHECK;
int catalog_account_rm(struct store *st, const char *name,
		       char *err) CASES_MUST_CHECK;

#endif
