/*
 * test_check.c - the breach check: batches, ties across batch boundaries,
 * warnings that leave candidates behind.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases/case.h"
#include "cases/check.h"
#include "cases/error.h"
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cases/tz.h"

static struct store *st;

static void
setup(void)
{
	char err[CASES_ERRMAX];

	cr_assert_eq(store_open(NULL, &st, err), CASES_OK, "%s", err);
}

static void
teardown(void)
{
	store_close(st);
	st = NULL;
}

static int64_t
at(const char *s)
{
	char err[CASES_ERRMAX];
	int64_t t;

	cr_assert_eq(timefmt_parse_instant(s, NULL, &t, err), CASES_OK, "%s",
		     err);
	return t;
}

/* Open n cases on plan at opened; returns the rowid of the last. */
static int64_t
open_n(int n, const char *plan, int severity, int64_t opened)
{
	char err[CASES_ERRMAX];
	struct case_open_req r = { .plan = plan,
				   .subject = "s",
				   .severity = severity,
				   .category = CAT_TECHNICAL,
				   .channel = CH_CONSOLE,
				   .opened_at = opened };
	struct case_rec c;
	int64_t rowid = 0;

	for (int i = 0; i < n; i++) {
		case_rec_init(&c);
		cr_assert_eq(case_open(st, &r, &c, err), CASES_OK, "%s", err);
		rowid = c.rowid;
		case_rec_release(&c);
	}
	return rowid;
}

/* Counts events by case rowid (rowids are small here). */
struct tally {
	int seen[4096];
	int breached, warned;
	int64_t last_due;
	int in_order;
};

static int
tally_cb(void *arg, const struct check_event *e)
{
	struct tally *t = arg;

	cr_assert(e->c.rowid > 0 && e->c.rowid < 4096);
	t->seen[e->c.rowid]++;
	if (e->kind[0] == 'b')
		t->breached++;
	else
		t->warned++;
	if (e->c.due_at < t->last_due)
		t->in_order = 0;
	t->last_due = e->c.due_at;
	return 0;
}

static int
run(struct tally *t, int64_t now, int warn)
{
	char err[CASES_ERRMAX];
	struct check_sink sink = { .event = tally_cb, .arg = t };
	int rc;

	memset(t, 0, sizeof(*t));
	t->in_order = 1;
	t->last_due = INT64_MIN;
	cr_assert_eq(store_begin(st, 1, err), CASES_OK, "%s", err);
	rc = check_run(st, now, warn, 0, &sink, err);
	cr_assert_eq(rc, CASES_OK, "%s", err);
	cr_assert_eq(store_commit(st, err), CASES_OK, "%s", err);
	return rc;
}

/* More candidates than one batch, all due at the same instant: every one
 * is breached once, whatever the batch boundaries. */
Test(check, breaches_in_batches_each_once, .init = setup, .fini = teardown)
{
	int n = 2 * CHECK_BATCH + 7;
	int64_t last = open_n(n, "business", SEV_PROD_DOWN,
			      at("2026-11-26T09:00:00Z"));
	struct tally t;

	run(&t, at("2026-11-26T10:00:01Z"), 0);
	cr_assert_eq(t.breached, n);
	for (int64_t i = 1; i <= last; i++)
		cr_assert_eq(t.seen[i], 1, "case %lld: %d events", (long long)i,
			     t.seen[i]);
	run(&t, at("2026-11-26T10:05:00Z"), 0);
	cr_assert_eq(t.breached, 0);
}

/* Breaches come by deadline, across batches. */
Test(check, breaches_by_deadline, .init = setup, .fini = teardown)
{
	struct tally t;

	open_n(CHECK_BATCH, "business", SEV_GENERAL,
	       at("2026-11-20T09:00:00Z"));
	open_n(CHECK_BATCH, "business", SEV_PROD_DOWN,
	       at("2026-11-21T09:00:00Z"));
	open_n(3, "business", SEV_PROD_IMPAIRED, at("2026-11-20T12:00:00Z"));
	run(&t, at("2026-11-26T00:00:00Z"), 0);
	cr_assert_eq(t.breached, 2 * CHECK_BATCH + 3);
	cr_assert(t.in_order);
}

/*
 * developer, business hours mon-fri 08:00-18:00 UTC; at Mon 07:00 after
 * the weekend, --warn 40:
 *  - system-impaired (12 h) opened Fri 17:00: 1 h of business time (8%),
 *    due Tue 09:00; the wall clock says 62 h, so the query offers it;
 *  - general (24 h) opened Fri 08:00: 10 h (41%), due Tue 12:00.
 * More of the first than a batch, all before the second by deadline: the
 * warnings after them must still come (a run that re-read the head of the
 * index would see the first batch again and again).
 */
Test(check, warnings_after_a_batch_of_non_candidates, .init = setup,
     .fini = teardown)
{
	struct tally t;
	int64_t last;

	open_n(CHECK_BATCH + 10, "developer", SEV_SYSTEM_IMPAIRED,
	       at("2026-11-27T17:00:00Z"));
	last = open_n(3, "developer", SEV_GENERAL, at("2026-11-27T08:00:00Z"));
	run(&t, at("2026-11-30T07:00:00Z"), 40);
	cr_assert_eq(t.breached, 0);
	cr_assert_eq(t.warned, 3);
	for (int64_t i = last - 2; i <= last; i++)
		cr_assert_eq(t.seen[i], 1);
	run(&t, at("2026-11-30T07:01:00Z"), 40);
	cr_assert_eq(t.warned, 0);
}

/* Claims: one run at a time, until they expire; a delivered event is
 * never claimed again. */
Test(check, claims, .init = setup, .fini = teardown)
{
	char err[CASES_ERRMAX], a[CHECK_TOKEN_LEN], b[CHECK_TOKEN_LEN];
	struct check_list l = { 0 };
	struct tally t;
	int64_t id, now = 1800000000000;
	int got;

	open_n(1, "business", SEV_PROD_DOWN, at("2026-11-26T09:00:00Z"));
	cr_assert_eq(store_begin(st, 1, err), CASES_OK);
	struct check_sink sink = { .event = tally_cb, .arg = &t };
	memset(&t, 0, sizeof(t));
	cr_assert_eq(
		check_run(st, at("2026-11-26T11:00:00Z"), 0, 1, &sink, err),
		CASES_OK, "%s", err);
	cr_assert_eq(store_commit(st, err), CASES_OK);
	cr_assert_eq(check_pending(st, 0, now, 10, &l, err), CASES_OK);
	cr_assert_eq(l.n, 1);
	id = l.ev[0].event_id;
	check_list_release(&l);
	check_claim_token(a);
	check_claim_token(b);
	cr_assert_str_neq(a, b);

	cr_assert_eq(check_claim(st, id, a, now, now + 2000, &got, err),
		     CASES_OK);
	cr_assert_eq(got, 1);
	/* Held: another run neither sees it pending nor takes it. */
	cr_assert_eq(check_pending(st, 0, now + 1999, 10, &l, err), CASES_OK);
	cr_assert_eq(l.n, 0);
	cr_assert_eq(check_claim(st, id, b, now + 1999, now + 5000, &got, err),
		     CASES_OK);
	cr_assert_eq(got, 0);
	/* Only the holder gives it back. */
	cr_assert_eq(check_unclaim(st, id, b, err), CASES_OK);
	cr_assert_eq(check_claim(st, id, b, now + 1000, now + 5000, &got, err),
		     CASES_OK);
	cr_assert_eq(got, 0);
	cr_assert_eq(check_unclaim(st, id, a, err), CASES_OK);
	cr_assert_eq(check_claim(st, id, b, now + 1000, now + 3000, &got, err),
		     CASES_OK);
	cr_assert_eq(got, 1);
	/* Expired (the holder died): the next run takes it. */
	cr_assert_eq(check_pending(st, 0, now + 3000, 10, &l, err), CASES_OK);
	cr_assert_eq(l.n, 1);
	check_list_release(&l);
	cr_assert_eq(check_claim(st, id, a, now + 3000, now + 6000, &got, err),
		     CASES_OK);
	cr_assert_eq(got, 1);
	/* Delivered: gone for good. */
	cr_assert_eq(check_delivered(st, id, err), CASES_OK);
	cr_assert_eq(check_pending(st, 0, now + 99999, 10, &l, err), CASES_OK);
	cr_assert_eq(l.n, 0);
	cr_assert_eq(
		check_claim(st, id, b, now + 99999, now + 999999, &got, err),
		CASES_OK);
	cr_assert_eq(got, 0);
}

/* What a run told: events and skipped warnings (once per reason). */
struct told {
	int warned;
	size_t skipped, calls;
	char why[CASES_ERRMAX];
};

static int
told_event(void *arg, const struct check_event *e)
{
	struct told *t = arg;

	t->warned += e->kind[0] == 'w';
	return 0;
}

static void
told_skipped(void *arg, size_t n, const char *why)
{
	struct told *t = arg;

	t->skipped += n;
	t->calls++;
	snprintf(t->why, sizeof(t->why), "%s", why);
}

/*
 * A calendar whose zone is gone from TZDIR after its cases were opened:
 * their warnings are skipped and counted (one call for the reason, with
 * every case); the other case's warning still comes.
 */
Test(check, warnings_skip_a_calendar_that_cannot_load, .init = setup,
     .fini = teardown)
{
	char err[CASES_ERRMAX], dir[] = "/tmp/test_check.XXXXXX", path[256],
				cmd[600];
	struct case_open_req r = { .plan = "developer",
				   .subject = "s",
				   .severity = SEV_SYSTEM_IMPAIRED,
				   .category = CAT_TECHNICAL,
				   .channel = CH_CONSOLE,
				   .calendar = "gone",
				   .opened_at = at("2026-11-26T08:00:00Z") };
	struct told t = { 0 };
	struct check_sink sink = { .event = told_event,
				   .skipped = told_skipped,
				   .arg = &t };
	struct case_rec c;
	int64_t ver;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd),
		 "mkdir %s/Test && cp /usr/share/zoneinfo/Europe/Paris "
		 "%s/Test/Gone && cp /usr/share/zoneinfo/UTC %s/UTC",
		 dir, dir, dir);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(setenv("TZDIR", dir, 1), 0);
	tz_cache_clear();
	cr_assert_eq(store_begin(st, 1, err), CASES_OK);
	cr_assert_eq(store_calver_intern(st, "Test/Gone", "mon-sun 00:00-24:00",
					 "", &ver, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(store_calendar_add(st, "gone", ver, r.opened_at, err),
		     CASES_OK, "%s", err);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(case_open(st, &r, &c, err), CASES_OK, "%s", err);
		case_rec_release(&c);
	}
	cr_assert_eq(store_commit(st, err), CASES_OK);
	open_n(1, "developer", SEV_SYSTEM_IMPAIRED, at("2026-11-26T08:00:00Z"));
	snprintf(path, sizeof(path), "%s/Test/Gone", dir);
	cr_assert_eq(unlink(path), 0);
	tz_cache_clear();

	cr_assert_eq(store_begin(st, 1, err), CASES_OK);
	cr_assert_eq(
		check_run(st, at("2026-11-26T15:00:00Z"), 50, 0, &sink, err),
		CASES_OK, "%s", err);
	cr_assert_eq(store_commit(st, err), CASES_OK);
	cr_assert_eq(t.warned, 1);
	cr_assert_eq(t.calls, 1);
	cr_assert_eq(t.skipped, 3);
	cr_assert(strstr(t.why, "Test/Gone"), "%s", t.why);

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(setenv("TZDIR", "/usr/share/zoneinfo", 1), 0);
	tz_cache_clear();
}
