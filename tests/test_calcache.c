/*
 * test_calcache.c - calendar versions fetched and loaded once: the text
 * and the loaded calendar, the LRU, failures remembered and counted.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "cases/calcache.h"
#include "cases/error.h"
#include "cases/sla.h"
#include "cases/store.h"

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
intern(const char *tz, const char *hours, const char *holidays)
{
	int64_t ver;

	cr_assert_eq(store_calver_intern(st, tz, hours, holidays, &ver, err),
		     CASES_OK, "%s", err);
	return ver;
}

Test(calcache, text_and_loaded_calendar, .init = setup, .fini = teardown)
{
	int64_t ver =
		intern("Europe/Berlin", "mon-fri 09:00-17:00", "2026-12-25");
	const struct calcache_entry *e, *again;
	const struct calendar *cal;
	struct calcache cc;

	calcache_init(&cc, st);
	/* The text alone does not load it. */
	cr_assert_eq(calcache_get(&cc, ver, 0, &e, err), CASES_OK, "%s", err);
	cr_assert_str_eq(e->rec.tz, "Europe/Berlin");
	cr_assert_str_eq(e->rec.holidays, "2026-12-25");
	cr_assert_null(e->cal);
	cr_assert_eq(calcache_calendar(&cc, ver, &cal, err), CASES_OK, "%s",
		     err);
	cr_assert_not_null(cal);
	cr_assert_eq(cal->nholidays, 1);
	cr_assert_eq(sla_hours_weekly(&cal->hours), 5 * 8 * 3600);
	/* Asked again: the same entry, loaded once. */
	cr_assert_eq(calcache_get(&cc, ver, 1, &again, err), CASES_OK);
	cr_assert_eq(again, e);
	cr_assert_eq(again->cal, cal);
	cr_assert_eq(cc.n, 1);
	calcache_release(&cc);
}

Test(calcache, least_recently_used_goes, .init = setup, .fini = teardown)
{
	int64_t ver[CALCACHE_SLOTS + 1];
	const struct calcache_entry *e;
	struct calcache cc;
	char hours[64];

	for (int i = 0; i <= CALCACHE_SLOTS; i++) {
		snprintf(hours, sizeof(hours), "mon 08:00-%02d:00", 9 + i);
		ver[i] = intern("UTC", hours, "");
	}
	calcache_init(&cc, st);
	for (int i = 0; i < CALCACHE_SLOTS; i++)
		cr_assert_eq(calcache_get(&cc, ver[i], 1, &e, err), CASES_OK,
			     "%s", err);
	/* ver[0] is used again: ver[1] is now the least recently used. */
	cr_assert_eq(calcache_get(&cc, ver[0], 1, &e, err), CASES_OK);
	cr_assert_eq(calcache_get(&cc, ver[CALCACHE_SLOTS], 1, &e, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(cc.n, CALCACHE_SLOTS);
	for (int i = 0; i < cc.n; i++)
		cr_assert_neq(cc.slot[i].ver, ver[1], "slot %d", i);
	/* Every version still comes back right. */
	for (int i = 0; i <= CALCACHE_SLOTS; i++) {
		snprintf(hours, sizeof(hours), "mon 08:00-%02d:00", 9 + i);
		cr_assert_eq(calcache_get(&cc, ver[i], 1, &e, err), CASES_OK);
		cr_assert_eq(e->ver, ver[i]);
		cr_assert_eq(sla_hours_weekly(&e->cal->hours),
			     (int64_t)(1 + i) * 3600, "%d", i);
	}
	calcache_release(&cc);
}

Test(calcache, failures_are_remembered_and_counted, .init = setup,
     .fini = teardown)
{
	int64_t bad = intern("Mars/Olympus_Mons", SLA_DEFAULT_HOURS, "");
	int64_t good = intern("UTC", SLA_DEFAULT_HOURS, "");
	const struct calcache_fail *fail;
	const struct calcache_entry *e;
	const struct calendar *cal;
	struct calcache cc;
	char first[CASES_ERRMAX];

	calcache_init(&cc, st);
	cr_assert_eq(calcache_calendar(&cc, bad, &cal, err), CASES_EINVAL);
	cr_assert_null(cal);
	cr_assert(strstr(err, "Mars/Olympus_Mons"), "%s", err);
	snprintf(first, sizeof(first), "%s", err);
	/* Its text still reads (show prints it). */
	cr_assert_eq(calcache_get(&cc, bad, 0, &e, err), CASES_OK, "%s", err);
	cr_assert_str_eq(e->rec.tz, "Mars/Olympus_Mons");
	cr_assert_eq(calcache_calendar(&cc, good, &cal, err), CASES_OK);
	/* Asked again, it fails the same way without the store. */
	cc.st = NULL;
	err[0] = '\0';
	cr_assert_eq(calcache_calendar(&cc, bad, &cal, err), CASES_EINVAL);
	cr_assert_str_eq(err, first);
	cr_assert_eq(calcache_calendar(&cc, bad, &cal, err), CASES_EINVAL);
	cc.st = st;
	cr_assert_eq(calcache_failures(&cc, &fail), 1);
	cr_assert_eq(fail[0].ver, bad);
	cr_assert_eq(fail[0].n, 3);
	cr_assert_str_eq(fail[0].why, first);
	calcache_release(&cc);
}

Test(calcache, unknown_version_is_the_stores_error, .init = setup,
     .fini = teardown)
{
	const struct calendar *cal;
	const struct calcache_fail *fail;
	struct calcache cc;

	calcache_init(&cc, st);
	cr_assert_eq(calcache_calendar(&cc, 999999, &cal, err), CASES_EDB);
	cr_assert_str_eq(err, "calendar version 999999 is missing");
	cr_assert_eq(calcache_failures(&cc, &fail), 0);
	cr_assert_eq(cc.n, 0);
	calcache_release(&cc);
}
