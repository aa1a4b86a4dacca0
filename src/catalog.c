/*
 * catalog.c - plans, calendars and accounts (catalog.h): check, version,
 * write. The rules are in docs/domain.md sections 5 to 7.
 */
#include <stdarg.h>
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
#include "cases/timefmt.h"
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
	rc = tz_load_user(tz, &zone, err);
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

/* The stored form of zone tz, as the user named it (tz_load_user). */
static int
check_zone(const char *tz, char **out, char *err)
{
	const struct tz *zone;
	int rc = tz_load_user(tz, &zone, err);

	if (rc)
		return rc;
	*out = strdup(tz_name(zone));
	return *out ? CASES_OK : nomem(err);
}

/* The stored (canonical) form of weekly hours. */
static int
check_hours(const char *hours, char **out, char *err)
{
	struct sla_hours h;
	char text[STORE_HOURS_MAX];
	int rc = sla_hours_parse(hours, &h, err);

	if (rc)
		return rc;
	sla_hours_format(&h, text, sizeof(text));
	*out = strdup(text);
	return *out ? CASES_OK : nomem(err);
}

int
catalog_calendar_check(const char *tz, const char *hours,
		       const int64_t *holidays, size_t n,
		       struct catalog_cal *out, char *err)
{
	int64_t *days = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (n > CATALOG_HOLIDAYS_MAX)
		return too_many_holidays(err);
	rc = check_zone(tz, &out->tz, err);
	if (rc == CASES_OK)
		rc = check_hours(hours ? hours : SLA_DEFAULT_HOURS, &out->hours,
				 err);
	if (rc)
		goto fail;
	if (n > 0) {
		days = malloc(n * sizeof(*days));
		if (!days) {
			rc = nomem(err);
			goto fail;
		}
		memcpy(days, holidays, n * sizeof(*days));
	}
	out->holidays = holiday_text(days, n);
	free(days);
	if (!out->holidays) {
		rc = nomem(err);
		goto fail;
	}
	return CASES_OK;
fail:
	catalog_cal_release(out);
	return rc;
}

int
catalog_calendar_check_set(const char *tz, const char *hours,
			   struct catalog_cal *out, char *err)
{
	int rc = CASES_OK;

	memset(out, 0, sizeof(*out));
	if (!tz && !hours)
		return cases_errf(err, CASES_EINVAL,
				  "nothing to change: give --hours or --tz");
	if (tz)
		rc = check_zone(tz, &out->tz, err);
	if (rc == CASES_OK && hours)
		rc = check_hours(hours, &out->hours, err);
	if (rc)
		catalog_cal_release(out);
	return rc;
}

/* Point calendar c at the content (tz, hours, holidays) from now on. */
static int
calendar_repoint(struct store *st, const struct cal_rec *c, const char *tz,
		 const char *hours, const char *holidays, int64_t now,
		 char *err)
{
	int64_t ver;
	int rc = store_calver_intern(st, tz, hours, holidays, &ver, err);

	return rc ? rc : store_calendar_set_ver(st, c->id, ver, now, err);
}

int
catalog_calendar_set(struct store *st, const char *name,
		     const struct catalog_cal *change, int64_t now, char *err)
{
	struct cal_rec c;
	int rc = store_calendar_get(st, name, &c, err);

	if (rc)
		return rc;
	rc = calendar_repoint(st, &c, change->tz ? change->tz : c.tz,
			      change->hours ? change->hours : c.hours,
			      c.holidays, now, err);
	cal_rec_release(&c);
	return rc;
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
			  const int64_t *days, size_t n, int64_t now, char *err)
{
	struct cal_rec c;
	int64_t *old = NULL, *all = NULL;
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
	rc = calendar_repoint(st, &c, c.tz, c.hours, hol, now, err);
out:
	free(hol);
	free(all);
	free(old);
	cal_rec_release(&c);
	return rc;
}

/* err: "DAY is not a holiday of calendar 'NAME' (...)" naming the
 * holidays nearest day, or saying it has none. */
static int
not_a_holiday(const char *name, int64_t day, const int64_t *hol, size_t n,
	      char *err)
{
	enum { SHOW = 6 };
	char d[TIMEFMT_MAX], list[256] = "";
	size_t lo = 0, at = 0, len = 0;

	timefmt_date(day, d);
	if (n == 0)
		return cases_errf(err, CASES_EINVAL,
				  "%s is not a holiday of calendar '%s' (it "
				  "has none)",
				  d, name);
	while (at < n && hol[at] < day)
		at++;
	if (n > SHOW)
		lo = at > SHOW / 2 ? (at - SHOW / 2 + SHOW <= n ? at - SHOW / 2
								: n - SHOW)
				   : 0;
	for (size_t i = lo; i < n && i < lo + SHOW; i++) {
		char h[TIMEFMT_MAX];

		timefmt_date(hol[i], h);
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
					i > lo ? ", " : "", h);
	}
	/* Six dates and this fit (a name of up to 31 bytes). */
	if (n > SHOW)
		snprintf(list + len, sizeof(list) - len,
			 "; %zu in all: 'cases calendar show %s'", n,
			 strlen(name) < 32 ? name : "NAME");
	return cases_errf(err, CASES_EINVAL,
			  "%s is not a holiday of calendar '%s' (%s: %s)", d,
			  name, n > SHOW ? "the nearest" : "its holidays",
			  list);
}

int
catalog_calendar_unholiday(struct store *st, const char *name,
			   const int64_t *days, size_t n, int64_t now,
			   char *err)
{
	struct cal_rec c;
	int64_t *hol = NULL;
	size_t nhol = 0, k;
	char *text = NULL;
	int rc = store_calendar_get(st, name, &c, err);

	if (rc)
		return rc;
	rc = calendar_holidays_parse(c.holidays, &hol, &nhol, err);
	if (rc)
		goto out;
	/* Every day must be one, checked against the calendar as it was. */
	for (size_t i = 0; i < n; i++) {
		for (k = 0; k < nhol && hol[k] != days[i]; k++)
			;
		if (k == nhol) {
			rc = not_a_holiday(name, days[i], hol, nhol, err);
			goto out;
		}
	}
	k = 0;
	for (size_t j = 0; j < nhol; j++) {
		size_t i = 0;

		while (i < n && days[i] != hol[j])
			i++;
		if (i == n)
			hol[k++] = hol[j];
	}
	text = calendar_holidays_format(hol, k);
	if (!text) {
		rc = nomem(err);
		goto out;
	}
	rc = calendar_repoint(st, &c, c.tz, c.hours, text, now, err);
out:
	free(text);
	free(hol);
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

/* ---- removal ---- */

/* Append to buf (of n) one part of a list: ", " between parts, " and "
 * before the last (last != 0). */
static void part(char *buf, size_t n, int first, int last, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void
part(char *buf, size_t n, int first, int last, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (!first && len < n)
		len += (size_t)snprintf(buf + len, n - len, "%s",
					last ? " and " : ", ");
	if (len >= n)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, n - len, fmt, ap);
	va_end(ap);
}

/* CASES_OK when nothing refers to it, else CASES_EINVAL with "plan 'x'
 * is used by accounts 'a', 'b' and 3 cases" or "account 'x' has 3 cases
 * and 1 API key". */
static int
refuse_used(const char *kind, const char *name, const struct store_users *u,
	    char *err)
{
	char accts[STORE_USERS_NAMES * 136 + 32] = "", text[CASES_ERRMAX] = "";
	int nparts = (u->accounts > 0) + (u->cases > 0) + (u->keys > 0), i = 0;

	if (nparts == 0)
		return CASES_OK;
	for (int64_t a = 0; a < u->accounts && a < STORE_USERS_NAMES; a++)
		part(accts, sizeof(accts), a == 0, 0, "'%s'", u->account[a]);
	if (u->accounts > STORE_USERS_NAMES)
		part(accts, sizeof(accts), 0, 0, "...");
	if (u->accounts == 1)
		part(text, sizeof(text), 1, 0, "account %s", accts);
	else if (u->accounts > STORE_USERS_NAMES)
		part(text, sizeof(text), 1, 0, "%lld accounts (%s)",
		     (long long)u->accounts, accts);
	else if (u->accounts > 1)
		part(text, sizeof(text), 1, 0, "accounts %s", accts);
	i += u->accounts > 0;
	if (u->cases > 0) {
		part(text, sizeof(text), i == 0, i + 1 == nparts, "%lld case%s",
		     (long long)u->cases, u->cases == 1 ? "" : "s");
		i++;
	}
	if (u->keys > 0) {
		part(text, sizeof(text), i == 0, i + 1 == nparts,
		     "%lld API key%s", (long long)u->keys,
		     u->keys == 1 ? "" : "s");
		if (u->revoked)
			part(text, sizeof(text), 1, 0, " (%lld revoked)",
			     (long long)u->revoked);
	}
	return cases_errf(err, CASES_EINVAL, "%s '%s' %s %s", kind, name,
			  strcmp(kind, "account") == 0 ? "has" : "is used by",
			  text);
}

static int
remove_unused(struct store *st, enum store_object what, const char *kind,
	      const char *name, int64_t id, char *err)
{
	struct store_users u;
	int rc = store_users(st, what, id, &u, err);

	if (rc == CASES_OK)
		rc = refuse_used(kind, name, &u, err);
	return rc ? rc : store_remove(st, what, id, err);
}

int
catalog_plan_rm(struct store *st, const char *name, char *err)
{
	struct plan p;
	int rc = store_plan_get(st, name, &p, err);

	return rc ? rc
		  : remove_unused(st, STORE_PLAN, "plan", p.name, p.id, err);
}

int
catalog_calendar_rm(struct store *st, const char *name, char *err)
{
	struct cal_rec c;
	int rc = store_calendar_get(st, name, &c, err);

	if (rc)
		return rc;
	rc = remove_unused(st, STORE_CALENDAR, "calendar", name, c.id, err);
	cal_rec_release(&c);
	return rc;
}

int
catalog_account_rm(struct store *st, const char *name, char *err)
{
	struct account_rec a;
	int rc = store_account_get(st, name, &a, err);

	if (rc)
		return rc;
	rc = remove_unused(st, STORE_ACCOUNT, "account", name, a.id, err);
	account_rec_release(&a);
	return rc;
}
