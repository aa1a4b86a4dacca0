/*
 * slastate.h - where a case stands against its first-response deadline,
 * computed in this one place for every view (list, queue, due, overdue,
 * show, the JSON of listings): docs/deadlines.md.
 *
 * Pure: a case record, its loaded calendar and an instant in, a state
 * out. No clock, no database.
 */
#ifndef CASES_SLASTATE_H
#define CASES_SLASTATE_H

#include <stdint.h>

#include "cases/record.h"
#include "cases/sla.h"

enum slastate {
	SLASTATE_NONE = 0, /* no target, or resolved unanswered in time */
	SLASTATE_DUE,	   /* unanswered, deadline ahead */
	SLASTATE_WARNED,   /* unanswered, deadline ahead, most of it gone */
	SLASTATE_BREACHED, /* deadline passed unanswered, or a recorded breach */
	SLASTATE_MET,	   /* answered by the deadline */
};

/* The share of the target gone (in per cent) from which an unanswered
 * case is warned, when `check --warn` has not recorded it earlier. */
#define SLASTATE_WARN_PCT 75

struct slastate_info {
	enum slastate state;
	/* The clock still runs: no first response, not resolved. */
	int running;
	/* Seconds to the deadline at the end of the clock (now while it
	 * runs, else the first response, else the resolution): > 0 left,
	 * < 0 past it. Time left counts business time on a business-hours
	 * clock (as `check --warn` does); time past the deadline is wall
	 * time since it passed. CASE_NONE without a deadline. */
	int64_t left;
	/* When the deadline passed, if it did before the end of the clock;
	 * else CASE_NONE. */
	int64_t passed_at;
	/* When `check` recorded the breach, or CASE_NONE. */
	int64_t recorded_at;
};

/*
 * The SLA state of c at now. cal: c's calendar (its cal_ver), needed only
 * on a business-hours clock; NULL there (a calendar that cannot be loaded)
 * counts wall time. A recorded breach stays a breach, whatever the
 * deadline says now (after a downgrade, say); a recorded warning stays a
 * warning until the deadline passes.
 */
void slastate_get(const struct case_rec *c, const struct calendar *cal,
		  int64_t now, struct slastate_info *out);

/*
 * The queue's order (`cases queue`, the live board): the group of c in
 * state s, most urgent first: 0 past the deadline (or a breach recorded)
 * and unanswered; 1 unanswered with a deadline ahead; 2 unanswered with no
 * target; 3 answered, not resolved; 4 resolved.
 */
int slastate_urgency(const struct case_rec *c, const struct slastate_info *s);

/* <0, 0 or >0 as case a (state sa) is more, as, or less urgent than b:
 * by group, then within groups 0 and 1 the least time left (most overdue)
 * first, answered ones answered longest ago first, resolved ones most
 * recently resolved first, and the lower number first. */
int slastate_cmp_urgency(const struct case_rec *a,
			 const struct slastate_info *sa,
			 const struct case_rec *b,
			 const struct slastate_info *sb);

/* "none", "due", "warned", "breached", "met". */
const char *slastate_name(enum slastate s);

#endif
