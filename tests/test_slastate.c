/*
 * test_slastate.c - a case's SLA state, the one notion every view shows.
 */
#include <criterion/criterion.h>

#include "cases/calendar.h"
#include "cases/plan.h"
#include "cases/slastate.h"
#include "cases/timefmt.h"

static int64_t
at(const char *s)
{
	char err[CASES_ERRMAX];
	int64_t t;

	cr_assert_eq(timefmt_parse_instant(s, NULL, &t, err), CASES_OK, "%s",
		     err);
	return t;
}

/* A 24x7 case with a 4 h target opened at 08:00Z on 2026-11-26. */
static void
case24(struct case_rec *c)
{
	case_rec_init(c);
	c->opened_at = at("2026-11-26T08:00:00Z");
	c->target_s = 4 * 3600;
	c->clock = CLOCK_24X7;
	c->due_at = c->opened_at + c->target_s;
}

Test(slastate, due_then_warned_then_breached_on_wall_time)
{
	struct case_rec c;
	struct slastate_info s;

	case24(&c);
	slastate_get(&c, NULL, at("2026-11-26T09:00:00Z"), &s);
	cr_assert_eq(s.state, SLASTATE_DUE);
	cr_assert_eq(s.left, 3 * 3600);
	cr_assert(s.running);
	cr_assert_eq(s.passed_at, CASE_NONE);
	/* 75% gone: warned (one second before, due). */
	slastate_get(&c, NULL, at("2026-11-26T10:59:59Z"), &s);
	cr_assert_eq(s.state, SLASTATE_DUE);
	slastate_get(&c, NULL, at("2026-11-26T11:00:00Z"), &s);
	cr_assert_eq(s.state, SLASTATE_WARNED);
	/* At the deadline still warned; a second after, breached. */
	slastate_get(&c, NULL, c.due_at, &s);
	cr_assert_eq(s.state, SLASTATE_WARNED);
	cr_assert_eq(s.left, 0);
	slastate_get(&c, NULL, c.due_at + 7500, &s);
	cr_assert_eq(s.state, SLASTATE_BREACHED);
	cr_assert_eq(s.left, -7500);
	cr_assert_eq(s.passed_at, c.due_at);
	cr_assert_eq(s.recorded_at, CASE_NONE);
	cr_assert_str_eq(slastate_name(s.state), "breached");
}

Test(slastate, recorded_warning_and_breach_stay)
{
	struct case_rec c;
	struct slastate_info s;

	case24(&c);
	c.warned_at = at("2026-11-26T08:30:00Z"); /* check --warn 10 */
	slastate_get(&c, NULL, at("2026-11-26T09:00:00Z"), &s);
	cr_assert_eq(s.state, SLASTATE_WARNED);
	/* A breach recorded, then a downgrade moved the deadline later:
	 * still breached, recorded when check saw it. */
	c.breached_at = at("2026-11-26T12:01:00Z");
	c.due_at = at("2026-11-27T08:00:00Z");
	slastate_get(&c, NULL, at("2026-11-26T13:00:00Z"), &s);
	cr_assert_eq(s.state, SLASTATE_BREACHED);
	cr_assert_eq(s.recorded_at, c.breached_at);
	cr_assert(s.left > 0);
	/* Answered in time after that: the breach still stands. */
	c.first_response_at = at("2026-11-26T14:00:00Z");
	slastate_get(&c, NULL, at("2026-11-26T15:00:00Z"), &s);
	cr_assert_eq(s.state, SLASTATE_BREACHED);
	cr_assert_not(s.running);
}

Test(slastate, met_late_answer_and_closed)
{
	struct case_rec c;
	struct slastate_info s;

	case24(&c);
	c.first_response_at = at("2026-11-26T09:00:00Z");
	slastate_get(&c, NULL, at("2026-11-30T00:00:00Z"), &s);
	cr_assert_eq(s.state, SLASTATE_MET);
	cr_assert_eq(s.left, 3 * 3600); /* the margin it was met by */
	cr_assert_not(s.running);
	c.first_response_at = at("2026-11-26T12:30:00Z");
	slastate_get(&c, NULL, at("2026-11-30T00:00:00Z"), &s);
	cr_assert_eq(s.state, SLASTATE_BREACHED);
	cr_assert_eq(s.left, -1800);
	cr_assert_eq(s.passed_at, c.due_at);
	/* Resolved unanswered: in time is none, late is a breach. */
	c.first_response_at = CASE_NONE;
	c.resolved_at = at("2026-11-26T10:00:00Z");
	slastate_get(&c, NULL, at("2026-11-30T00:00:00Z"), &s);
	cr_assert_eq(s.state, SLASTATE_NONE);
	c.resolved_at = at("2026-11-26T13:00:00Z");
	slastate_get(&c, NULL, at("2026-11-30T00:00:00Z"), &s);
	cr_assert_eq(s.state, SLASTATE_BREACHED);
	/* No target: none, with no time left. */
	case24(&c);
	c.target_s = CASE_NONE;
	c.due_at = CASE_NONE;
	slastate_get(&c, NULL, at("2026-11-26T09:00:00Z"), &s);
	cr_assert_eq(s.state, SLASTATE_NONE);
	cr_assert_eq(s.left, CASE_NONE);
	cr_assert_str_eq(slastate_name(s.state), "none");
}

Test(slastate, business_time_left_and_warning)
{
	struct calendar_buf b;
	struct case_rec c;
	struct slastate_info s;
	char err[CASES_ERRMAX];

	cr_assert_eq(calendar_load(&b, "America/New_York",
				   "mon-fri 09:00-17:00", "", err),
		     CASES_OK, "%s", err);
	/* 8 business hours from Friday 2026-11-27 13:00 New York (18:00Z):
	 * 4 h on Friday, 4 h on Monday: due Monday 13:00 (18:00Z). */
	case_rec_init(&c);
	c.opened_at = at("2026-11-27T18:00:00Z");
	c.target_s = 8 * 3600;
	c.clock = CLOCK_BUSINESS;
	c.due_at = at("2026-11-30T18:00:00Z");
	/* Saturday: 4 business hours left, though 2 days of wall time. */
	slastate_get(&c, &b.cal, at("2026-11-28T12:00:00Z"), &s);
	cr_assert_eq(s.left, 4 * 3600);
	cr_assert_eq(s.state, SLASTATE_DUE);
	/* Monday 11:00: 2 h left of 8 (75% gone): warned, though a wall
	 * clock would say 2 of 72 h are left. */
	slastate_get(&c, &b.cal, at("2026-11-30T16:00:00Z"), &s);
	cr_assert_eq(s.left, 2 * 3600);
	cr_assert_eq(s.state, SLASTATE_WARNED);
	/* Without the calendar: wall time. */
	slastate_get(&c, NULL, at("2026-11-30T16:00:00Z"), &s);
	cr_assert_eq(s.left, 2 * 3600);
	slastate_get(&c, NULL, at("2026-11-28T12:00:00Z"), &s);
	cr_assert_eq(s.left, 2 * 86400 + 6 * 3600);
	/* Past it: wall time since. */
	slastate_get(&c, &b.cal, at("2026-11-30T19:00:00Z"), &s);
	cr_assert_eq(s.state, SLASTATE_BREACHED);
	cr_assert_eq(s.left, -3600);
	calendar_buf_release(&b);
}

/* The queue's order, for `cases queue` and the board alike. */
Test(slastate, urgency_puts_overdue_first_then_due_soonest)
{
	struct case_rec c[6];
	struct slastate_info s[6];
	int64_t now = at("2026-11-26T13:00:00Z");

	for (int i = 0; i < 6; i++) {
		case24(&c[i]);
		c[i].rowid = i + 1;
	}
	c[0].due_at = now + 600;	   /* due in 10 min */
	c[1].due_at = now - 60;		   /* overdue by 1 min */
	c[2].due_at = now - 3600;	   /* overdue by 1 h */
	c[3].first_response_at = now - 10; /* answered */
	c[4].due_at = CASE_NONE;	   /* no target */
	c[4].target_s = CASE_NONE;
	c[5].due_at = now + 60; /* due in 1 min */
	for (int i = 0; i < 6; i++)
		slastate_get(&c[i], NULL, now, &s[i]);
	cr_expect_eq(slastate_urgency(&c[2], &s[2]), 0);
	cr_expect_eq(slastate_urgency(&c[0], &s[0]), 1);
	cr_expect_eq(slastate_urgency(&c[4], &s[4]), 2);
	cr_expect_eq(slastate_urgency(&c[3], &s[3]), 3);
	/* most overdue, overdue, soonest due, due, no target, answered */
	int order[] = { 2, 1, 5, 0, 4, 3 };
	for (int i = 0; i + 1 < 6; i++) {
		int a = order[i], b = order[i + 1];
		cr_expect_lt(slastate_cmp_urgency(&c[a], &s[a], &c[b], &s[b]),
			     0, "%d before %d", a, b);
		cr_expect_gt(slastate_cmp_urgency(&c[b], &s[b], &c[a], &s[a]),
			     0, "%d after %d", b, a);
	}
	/* ties: the lower number first */
	c[5].due_at = c[0].due_at;
	slastate_get(&c[5], NULL, now, &s[5]);
	cr_expect_lt(slastate_cmp_urgency(&c[0], &s[0], &c[5], &s[5]), 0);
	cr_expect_eq(slastate_cmp_urgency(&c[0], &s[0], &c[0], &s[0]), 0);
}
