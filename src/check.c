/*
 * check.c - the breach check behind `cases check` (docs/check.md).
 *
 * Candidates are read a batch at a time (CHECK_BATCH) and written after,
 * so that no statement walks an index while it is being changed, and a
 * run holds one batch in memory whatever its backlog. A breach is recorded
 * as a "breached" event plus the case's breached_at, which takes the case
 * out of the cases_unbreached index: a run with nothing new costs one
 * index probe. Each batch resumes after the last candidate of the one
 * before, by (due_at, id): warnings leave candidates behind (a case whose
 * business time has not reached the threshold yet).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uuid/uuid.h>

#include "cases/calcache.h"
#include "cases/check.h"
#include "cases/error.h"
#include "cases/store.h"
#include "cases/timefmt.h"

void
check_list_release(struct check_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		case_rec_release(&l->ev[i].c);
	free(l->ev);
	memset(l, 0, sizeof(*l));
}

static int
list_add(struct check_list *l, const struct case_rec *c, const char *kind,
	 int64_t at, int64_t event_id)
{
	struct check_event *e;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct check_event *more = realloc(l->ev, cap * sizeof(*more));
		if (!more)
			return CASES_ENOMEM;
		l->ev = more;
		l->cap = cap;
	}
	e = &l->ev[l->n];
	if (case_rec_copy(c, &e->c) != CASES_OK)
		return CASES_ENOMEM;
	e->kind = kind;
	e->at = at;
	e->event_id = event_id;
	l->n++;
	return CASES_OK;
}

/* Candidates of one query, owned copies. */
struct batch {
	struct case_rec *c; /* CHECK_BATCH of them */
	size_t n;
};

static int
batch_cb(void *arg, const struct case_rec *c)
{
	struct batch *b = arg;

	if (b->n == CHECK_BATCH || case_rec_copy(c, &b->c[b->n]) != CASES_OK)
		return CASES_ENOMEM;
	b->n++;
	return 0;
}

static void
batch_clear(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		case_rec_release(&b->c[i]);
	b->n = 0;
}

/* Tell the sink, once per reason, how many cases' warnings were skipped
 * because their calendar could not be loaded. */
static void
report_skipped(const struct calcache *cc, const struct check_sink *sink)
{
	const struct calcache_fail *fail;
	size_t nfail = calcache_failures(cc, &fail);

	for (size_t i = 0; sink->skipped && i < nfail; i++) {
		size_t n = 0, j;
		for (j = 0; j < i; j++) {
			if (strcmp(fail[j].why, fail[i].why) == 0)
				break;
		}
		if (j < i)
			continue; /* told with an earlier one */
		for (j = i; j < nfail; j++) {
			if (strcmp(fail[j].why, fail[i].why) == 0)
				n += fail[j].n;
		}
		sink->skipped(sink->arg, n, fail[i].why);
	}
}

/* Has pct percent of c's target elapsed at now, on the case's clock? */
static int
warn_due(struct calcache *cc, const struct case_rec *c, int64_t now, int pct,
	 int *yes, char *err)
{
	const struct calendar *cal;
	int64_t elapsed;
	int rc;

	*yes = 0;
	if (c->target_s == CASE_NONE || now < c->opened_at)
		return CASES_OK;
	if (c->clock == CLOCK_BUSINESS) {
		/* A calendar that cannot be loaded (CASES_EINVAL) skips
		 * this case's warning; the cache counts it for the sink. */
		rc = calcache_calendar(cc, c->cal_ver, &cal, err);
		if (rc == CASES_EINVAL)
			return CASES_OK;
		if (rc)
			return rc;
		elapsed = sla_elapsed(cal, c->opened_at, now);
	} else {
		elapsed = now - c->opened_at;
	}
	/* elapsed / target >= pct / 100, in integers (targets < 2^40). */
	*yes = elapsed >= c->target_s
	       || elapsed * 100 >= c->target_s * (int64_t)pct;
	return CASES_OK;
}

static int
record(struct store *st, const struct check_sink *sink, struct case_rec *c,
       const char *kind, int64_t now, int hook, char *err)
{
	char detail[128], t[TIMEFMT_MAX], d[TIMEFMT_MAX];
	struct check_event e;
	int rc;

	if (kind[0] == 'b')
		snprintf(detail, sizeof(detail), "due %s, overdue by %s",
			 timefmt_rfc3339(c->due_at, t),
			 timefmt_duration(now - c->due_at, d));
	else
		snprintf(detail, sizeof(detail), "due %s, in %s",
			 timefmt_rfc3339(c->due_at, t),
			 timefmt_duration(c->due_at - now, d));
	rc = store_event_add(st, c->rowid, now, kind, detail, hook ? 0 : -1,
			     &e.event_id, err);
	if (rc)
		return rc;
	if (kind[0] == 'b')
		c->breached_at = now;
	else
		c->warned_at = now;
	rc = store_case_update(st, c, err);
	if (rc)
		return rc;
	e.kind = kind;
	e.at = now;
	e.c = *c;
	return sink->event(sink->arg, &e);
}

int
check_run(struct store *st, int64_t now, int warn_pct, int hook,
	  const struct check_sink *sink, char *err)
{
	struct batch b = { 0 };
	struct calcache cc;
	int64_t after_due = INT64_MIN, after_id = 0;
	size_t got;
	int rc = CASES_OK;

	b.c = calloc(CHECK_BATCH, sizeof(*b.c));
	if (!b.c)
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	calcache_init(&cc, st);
	/* Breaches, by deadline. */
	do {
		rc = store_check_overdue(st, now, after_due, after_id,
					 CHECK_BATCH, batch_cb, &b, err);
		got = b.n;
		for (size_t i = 0; rc == CASES_OK && i < b.n; i++) {
			after_due = b.c[i].due_at;
			after_id = b.c[i].rowid;
			rc = record(st, sink, &b.c[i], "breached", now, hook,
				    err);
		}
		batch_clear(&b);
	} while (rc == CASES_OK && got == CHECK_BATCH);
	if (rc || warn_pct <= 0)
		goto out;
	/* Warnings, by deadline. */
	after_due = INT64_MIN;
	after_id = 0;
	do {
		rc = store_check_warnable(st, now, warn_pct, after_due,
					  after_id, CHECK_BATCH, batch_cb, &b,
					  err);
		got = b.n;
		for (size_t i = 0; rc == CASES_OK && i < b.n; i++) {
			int yes;
			after_due = b.c[i].due_at;
			after_id = b.c[i].rowid;
			rc = warn_due(&cc, &b.c[i], now, warn_pct, &yes, err);
			if (rc == CASES_OK && yes)
				rc = record(st, sink, &b.c[i], "warned", now,
					    hook, err);
		}
		batch_clear(&b);
	} while (rc == CASES_OK && got == CHECK_BATCH);
	if (rc == CASES_OK)
		report_skipped(&cc, sink);
out:
	free(b.c);
	calcache_release(&cc);
	if (rc == CASES_ENOMEM)
		cases_errf(err, rc, "out of memory");
	return rc;
}

static int
pending_cb(void *arg, const struct event_rec *e, const struct case_rec *c)
{
	const char *kind =
		strcmp(e->kind, "breached") == 0 ? "breached" : "warned";

	return list_add(arg, c, kind, e->at, e->id);
}

int
check_pending(struct store *st, int64_t after_id, int64_t now_ms, int limit,
	      struct check_list *out, char *err)
{
	int rc = store_hook_pending(st, after_id, now_ms, limit, pending_cb,
				    out, err);

	if (rc == CASES_ENOMEM)
		return cases_errf(err, rc, "out of memory");
	return rc;
}

void
check_claim_token(char token[CHECK_TOKEN_LEN])
{
	uuid_t u;

	uuid_generate_random(u);
	uuid_unparse_lower(u, token);
}

int
check_claim(struct store *st, int64_t event_id, const char *token,
	    int64_t now_ms, int64_t until_ms, int *claimed, char *err)
{
	return store_hook_claim(st, event_id, token, now_ms, until_ms, claimed,
				err);
}

int
check_unclaim(struct store *st, int64_t event_id, const char *token, char *err)
{
	return store_hook_release(st, event_id, token, err);
}

int
check_delivered(struct store *st, int64_t event_id, char *err)
{
	return store_hook_done(st, event_id, err);
}
