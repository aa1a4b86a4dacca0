/*
 * catalog.c - plans, calendars and accounts (catalog.h): check, version,
 * write. The rules are in docs/domain.md sections 5 to 7.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/calendar.h"
#include "cases/case.h"
#include "cases/catalog.h"
#include "cases/error.h"
#include "cases/plan.h"
#include "cases/sla.h"
#include "cases/store.h"
#include "cases/tz.h"

static int
nomem(char *err)
{
	return cases_errf(err, CASES_ENOMEM, "out of memory");
}

/* ---- the default calendar ---- */

int
catalog_zone_calendar(struct store *st, const char *tz, int64_t *ver, char *err)
{
	const struct tz *zone;
	int rc;

	if (!tz)
		return store_calver_intern(st, "UTC", SLA_DEFAULT_HOURS, "",
					   ver, err);
	rc = tz_load(tz, &zone, err);
	if (rc)
		return rc;
	return store_calver_intern(st, tz_name(zone), SLA_DEFAULT_HOURS, "",
				   ver, err);
}

/* ---- plans ---- */

int
catalog_plan_add(struct store *st, const char *name, const char *from,
		 int64_t now, struct plan *out, char *err)
{
	int rc = plan_name_check(name, err);

	if (rc)
		return rc;
	if (from) {
		rc = store_plan_get(st, from, out, err);
		if (rc)
			return rc;
		snprintf(out->name, sizeof(out->name), "%s", name);
	} else {
		plan_init_empty(out, name);
	}
	return store_plan_add(st, out, now, err);
}

int
catalog_plan_set_target(struct store *st, const char *name, int sev,
			int64_t target_s, int clock, int64_t now,
			struct plan *out, char *err)
{
	int rc;

	if (sev <= SEV_NONE || sev >= SEV_COUNT || target_s < 0)
		return cases_errf(err, CASES_EINVAL,
				  "invalid severity or target");
	rc = store_plan_get(st, name, out, err);
	if (rc)
		return rc;
	if (target_s == 0) {
		out->target_s[sev] = 0;
	} else {
		/* Without a clock: keep the severity's, 24x7 if new. */
		if (clock >= 0)
			out->clock[sev] = clock;
		else if (out->target_s[sev] <= 0)
			out->clock[sev] = CLOCK_24X7;
		out->target_s[sev] = target_s;
	}
	return store_plan_update(st, out, now, err);
}

int
catalog_plan_set_entitlement(struct store *st, const char *name, int cat,
			     int ch, int allow, int64_t now, struct plan *out,
			     char *err)
{
	unsigned *mask, bit;
	int rc;

	if (cat >= CAT_COUNT || (cat < 0 && (ch < 0 || ch >= CH_COUNT)))
		return cases_errf(err, CASES_EINVAL,
				  "invalid category or channel");
	rc = store_plan_get(st, name, out, err);
	if (rc)
		return rc;
	mask = cat >= 0 ? &out->categories : &out->channels;
	bit = 1u << (cat >= 0 ? cat : ch);
	if (allow)
		*mask |= bit;
	else
		*mask &= ~bit;
	return store_plan_update(st, out, now, err);
}

/* ---- calendars ---- */

void
catalog_cal_release(struct catalog_cal *c)
{
	free(c->tz);
	free(c->hours);
	free(c->holidays);
	memset(c, 0, sizeof(*c));
}

static int
too_many_holidays(char *err)
{
	return cases_errf(err, CASES_EINVAL,
			  "too many holidays (the limit is %d)",
			  CATALOG_HOLIDAYS_MAX);
}

/* The stored text of days (sorted and made unique in place). */
static char *
holiday_text(int64_t *days, size_t n)
{
	n = calendar_days_normalize(days, n);
	return calendar_holidays_format(days, n);
}

int
catalog_calendar_check(const char *tz, const char *hours,
		       const int64_t *holidays, size_t n,
		       struct catalog_cal *out, char *err)
{
	const struct tz *zone;
	struct sla_hours h;
	char text[STORE_HOURS_MAX];
	int64_t *days = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (n > CATALOG_HOLIDAYS_MAX)
		return too_many_holidays(err);
	rc = tz_load(tz, &zone, err);
	if (rc == CASES_OK)
		rc = sla_hours_parse(hours ? hours : SLA_DEFAULT_HOURS, &h,
				     err);
	if (rc)
		return rc;
	sla_hours_format(&h, text, sizeof(text));
	if (n > 0) {
		days = malloc(n * sizeof(*days));
		if (!days)
			return nomem(err);
		memcpy(days, holidays, n * sizeof(*days));
	}
	out->holidays = holiday_text(days, n);
	out->tz = strdup(tz_name(zone));
	out->hours = strdup(text);
	free(days);
	if (!out->holidays || !out->tz || !out->hours) {
		catalog_cal_release(out);
		return nomem(err);
	}
	return CASES_OK;
}

int
catalog_calendar_add(struct store *st, const char *name,
		     const struct catalog_cal *c, int64_t now, char *err)
{
	int64_t ver;
	int rc = case_name_check(name, "calendar", err);

	if (rc == CASES_OK)
		rc = store_calver_intern(st, c->tz, c->hours, c->holidays, &ver,
					 err);
	if (rc == CASES_OK)
		rc = store_calendar_add(st, name, ver, now, err);
	return rc;
}

int
catalog_calendar_holidays(struct store *st, const char *name,
			  const int64_t *days, size_t n, char *err)
{
	struct cal_rec c;
	int64_t *old = NULL, *all = NULL, ver;
	size_t nold = 0;
	char *hol = NULL;
	int rc;

	if (n > CATALOG_HOLIDAYS_MAX)
		return too_many_holidays(err);
	rc = store_calendar_get(st, name, &c, err);
	if (rc)
		return rc;
	rc = calendar_holidays_parse(c.holidays, &old, &nold, err);
	if (rc)
		goto out;
	/* The new days first, then the old ones: the limit counts both
	 * before duplicates go. */
	if (n + nold > CATALOG_HOLIDAYS_MAX) {
		rc = too_many_holidays(err);
		goto out;
	}
	all = malloc((n + nold + 1) * sizeof(*all));
	if (!all) {
		rc = nomem(err);
		goto out;
	}
	if (n)
		memcpy(all, days, n * sizeof(*all));
	if (nold)
		memcpy(all + n, old, nold * sizeof(*all));
	hol = holiday_text(all, n + nold);
	if (!hol) {
		rc = nomem(err);
		goto out;
	}
	rc = store_calver_intern(st, c.tz, c.hours, hol, &ver, err);
	if (rc == CASES_OK)
		rc = store_calendar_set_ver(st, c.id, ver, err);
out:
	free(hol);
	free(all);
	free(old);
	cal_rec_release(&c);
	return rc;
}

/* ---- accounts ---- */

/* The calendar named calendar, else the default one in zone tz (UTC when
 * NULL, read as a zone file), into a (calendar_id or cal_ver). */
static int
pick_calendar(struct store *st, const char *calendar, const char *tz,
	      struct account_rec *a, char *err)
{
	if (calendar) {
		struct cal_rec cal;
		int rc = store_calendar_get(st, calendar, &cal, err);
		if (rc)
			return rc;
		a->calendar_id = cal.id;
		a->cal_ver = 0;
		cal_rec_release(&cal);
		return CASES_OK;
	}
	a->calendar_id = 0;
	return catalog_zone_calendar(st, tz ? tz : "UTC", &a->cal_ver, err);
}

static int
one_calendar(const char *calendar, const char *tz, char *err)
{
	if (calendar && tz)
		return cases_errf(err, CASES_EINVAL,
				  "give a calendar or a zone, not both");
	return CASES_OK;
}

int
catalog_account_add(struct store *st, const char *name, const char *plan,
		    const char *calendar, const char *tz, int64_t now,
		    char *err)
{
	struct account_rec a = { 0 };
	struct plan p;
	int rc = case_name_check(name, "account", err);

	if (rc == CASES_OK)
		rc = one_calendar(calendar, tz, err);
	if (rc == CASES_OK)
		rc = store_plan_get(st, plan, &p, err);
	if (rc == CASES_OK)
		rc = pick_calendar(st, calendar, tz, &a, err);
	if (rc)
		return rc;
	a.name = (char *)name; /* borrowed for the insert */
	a.plan_id = p.id;
	a.created_at = now;
	return store_account_add(st, &a, err);
}

int
catalog_account_set(struct store *st, const char *name, const char *plan,
		    const char *calendar, const char *tz, char *err)
{
	struct account_rec a;
	struct plan p;
	int rc = one_calendar(calendar, tz, err);

	if (rc)
		return rc;
	rc = store_account_get(st, name, &a, err);
	if (rc)
		return rc;
	if (plan) {
		rc = store_plan_get(st, plan, &p, err);
		if (rc == CASES_OK)
			a.plan_id = p.id;
	}
	if (rc == CASES_OK && (calendar || tz))
		rc = pick_calendar(st, calendar, tz, &a, err);
	if (rc == CASES_OK)
		rc = store_account_update(st, &a, err);
	account_rec_release(&a);
	return rc;
}
