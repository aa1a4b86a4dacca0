/*
 * check.h - the breach check (docs/check.md): turn "past the deadline" into a
 * recorded breach, and "most of the target elapsed" into a recorded
 * warning, each exactly once.
 *
 * check_run() works inside the caller's write transaction (BEGIN
 * IMMEDIATE), so concurrent runs serialise; a unique index on (case,
 * event) makes a second breach of a case impossible in any case. It
 * streams: candidates are read CHECK_BATCH at a time and each event is
 * handed to the caller as it is recorded, so a run's memory does not grow
 * with its backlog.
 */
#ifndef CASES_CHECK_H
#define CASES_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "cases/case.h"
#include "cases/error.h"

struct store;

/* Candidates read (and copied) per query. */
#define CHECK_BATCH 512

/* One event recorded by a run (or awaiting hook delivery). */
struct check_event {
	int64_t event_id;
	const char *kind;  /* "breached" or "warned" (static) */
	int64_t at;	   /* when it was recorded */
	struct case_rec c; /* borrowed in a callback, owned in a check_list */
};

struct check_list {
	struct check_event *ev;
	size_t n, cap;
};

void check_list_release(struct check_list *l);

/* What a run tells its caller as it goes. */
struct check_sink {
	/* Each event just recorded (borrowed for the call): breaches first,
	 * then warnings, each by deadline. A non-zero return stops the run
	 * and is returned (the caller then rolls back). */
	int (*event)(void *arg, const struct check_event *e);
	/* At the end of a run, once per reason (e.g. "unknown time zone
	 * 'Europe/Kyiv'"): the warnings of ncases cases were skipped because
	 * their calendar could not be loaded. May be NULL. */
	void (*skipped)(void *arg, size_t ncases, const char *why);
	void *arg;
};

/*
 * Record, at instant now, a "breached" event for every unanswered case
 * overdue at now that has none, and (warn_pct 1..99; 0 = off) a "warned"
 * event for every unanswered case not yet breached or warned with at least
 * warn_pct percent of its target elapsed on its own clock (business time
 * for business-hours targets). hook != 0 marks the new events as awaiting
 * hook delivery. Each new event goes to sink->event as it is recorded.
 * Breaches come from the stored due_at and never need a calendar; a
 * warning whose calendar cannot be loaded is skipped for that case only,
 * and told to sink->skipped: the run still succeeds.
 */
int check_run(struct store *st, int64_t now, int warn_pct, int hook,
	      const struct check_sink *sink, char *err) CASES_MUST_CHECK;

/*
 * Hook delivery (docs/check.md 4): at least once, and never again once
 * delivered. A run claims an event, in a write transaction of its own, before
 * it starts its hook; the claim holds until a real-clock instant (ms since the
 * epoch) and other runs skip the event meanwhile. A run that dies with its hook
 * leaves the claim to expire, and the next run after that delivers the event
 * again.
 */

/* A run's claim token: random, CHECK_TOKEN_LEN bytes with the NUL. */
#define CHECK_TOKEN_LEN 37
void check_claim_token(char token[CHECK_TOKEN_LEN]);

/* Up to limit events awaiting hook delivery with an id above after_id and
 * no claim holding at now_ms, oldest first, appended to out (owned
 * copies). */
int check_pending(struct store *st, int64_t after_id, int64_t now_ms, int limit,
		  struct check_list *out, char *err) CASES_MUST_CHECK;

/* Claim event_id for the run holding token until until_ms: *claimed is 1
 * when this run may start its hook, 0 when the event was delivered or
 * another run's claim holds at now_ms. */
int check_claim(struct store *st, int64_t event_id, const char *token,
		int64_t now_ms, int64_t until_ms, int *claimed,
		char *err) CASES_MUST_CHECK;

/* The hook for event_id failed: drop this run's claim, so that the next
 * run delivers it again at once. */
int check_unclaim(struct store *st, int64_t event_id, const char *token,
		  char *err) CASES_MUST_CHECK;

/* Record that the hook for event_id succeeded. */
int check_delivered(struct store *st, int64_t event_id,
		    char *err) CASES_MUST_CHECK;

#endif
