/*
 * check.h - the breach check (SPEC §4): turn "past the deadline" into a
 * recorded breach, and "most of the target elapsed" into a recorded
 * warning, each exactly once.
 *
 * check_run() works inside the caller's write transaction (BEGIN
 * IMMEDIATE), so concurrent runs serialise; a unique index on (case,
 * event) makes a second breach of a case impossible in any case.
 */
#ifndef CASES_CHECK_H
#define CASES_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "cases/case.h"

struct store;

/* One event recorded by a run (or awaiting hook delivery). */
struct check_event {
	int64_t event_id;
	const char *kind; /* "breached" or "warned" (static) */
	int64_t at;	  /* when it was recorded */
	struct case_rec c; /* owned */
};

struct check_list {
	struct check_event *ev;
	size_t n, cap;
};

void check_list_release(struct check_list *l);

/*
 * Record, at instant now, a "breached" event for every unanswered case
 * overdue at now that has none, and (warn_pct 1..99; 0 = off) a "warned"
 * event for every unanswered case not yet breached or warned with at least
 * warn_pct percent of its target elapsed on its own clock (business time
 * for business-hours targets). hook != 0 marks the new events as awaiting
 * hook delivery. New events are appended to out, breaches first, each
 * group by deadline.
 */
int check_run(struct store *st, int64_t now, int warn_pct, int hook,
	      struct check_list *out, char *err);

/* Events still awaiting hook delivery (from earlier runs), oldest first,
 * appended to out; events already in out are skipped. */
int check_pending(struct store *st, struct check_list *out, char *err);

/* Record that the hook for event_id succeeded. */
int check_delivered(struct store *st, int64_t event_id, char *err);

#endif
