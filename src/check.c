/*
 * check.c - the breach check behind `cases check` (SPEC §4).
 *
 * Candidates are read first and written after, so that no statement walks
 * an index while it is being changed. A breach is recorded as a "breached"
 * event plus the case's breached_at, which takes the case out of the
 * cases_unbreached index: a run with nothing new costs one index probe.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/calendar.h"
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
	if (store_case_copy(c, &e->c) != CASES_OK)
		return CASES_ENOMEM;
	e->kind = kind;
	e->at = at;
	e->event_id = event_id;
	l->n++;
	return CASES_OK;
}

static int
collect_cb(void *arg, const struct case_rec *c)
{
	return list_add(arg, c, NULL, 0, 0);
}

/* A small cache of loaded calendars by version, for one run. */
struct cal_cache {
	int64_t ver[8];
	struct calendar_buf buf[8];
	int n, next;
};

static int
cal_get(struct store *st, struct cal_cache *cc, int64_t ver,
	const struct calendar **out, char *err)
{
	struct cal_rec cr;
	int slot, rc;

	for (int i = 0; i < cc->n; i++) {
		if (cc->ver[i] == ver) {
			*out = &cc->buf[i].cal;
			return CASES_OK;
		}
	}
	if (cc->n < 8) {
		slot = cc->n++;
	} else {
		slot = cc->next;
		cc->next = (cc->next + 1) % 8;
		calendar_buf_release(&cc->buf[slot]);
	}
	cc->ver[slot] = 0;
	rc = store_calendar_get_ver(st, ver, &cr, err);
	if (rc)
		return rc;
	rc = calendar_load(&cc->buf[slot], cr.tz, cr.hours, cr.holidays, err);
	cal_rec_release(&cr);
	if (rc)
		return rc;
	cc->ver[slot] = ver;
	*out = &cc->buf[slot].cal;
	return CASES_OK;
}

static void
cal_cache_release(struct cal_cache *cc)
{
	for (int i = 0; i < cc->n; i++)
		calendar_buf_release(&cc->buf[i]);
}

/* Has pct percent of c's target elapsed at now, on the case's clock? */
static int
warn_due(struct store *st, struct cal_cache *cc, const struct case_rec *c,
	 int64_t now, int pct, int *yes, char *err)
{
	const struct calendar *cal;
	int64_t elapsed;
	int rc;

	*yes = 0;
	if (c->target_s == CASE_NONE || now < c->opened_at)
		return CASES_OK;
	if (c->clock == CLOCK_BUSINESS) {
		rc = cal_get(st, cc, c->cal_ver, &cal, err);
		if (rc)
			return rc;
		elapsed = sla_elapsed(cal, c->opened_at, now);
	} else {
		elapsed = now - c->opened_at;
	}
	/* elapsed / target >= pct / 100, in integers (targets < 2^40). */
	*yes = elapsed >= c->target_s ||
	       elapsed * 100 >= c->target_s * (int64_t)pct;
	return CASES_OK;
}

static int
record(struct store *st, struct check_list *out, struct case_rec *c,
       const char *kind, int64_t now, int hook, char *err)
{
	char detail[128], t[TIMEFMT_MAX], d[TIMEFMT_MAX];
	int64_t id;
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
			     &id, err);
	if (rc)
		return rc;
	if (kind[0] == 'b')
		c->breached_at = now;
	else
		c->warned_at = now;
	rc = store_case_update(st, c, err);
	if (rc)
		return rc;
	if (list_add(out, c, kind, now, id) != CASES_OK)
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	return CASES_OK;
}

int
check_run(struct store *st, int64_t now, int warn_pct, int hook,
	  struct check_list *out, char *err)
{
	struct check_list cand = { 0 };
	struct cal_cache cc = { 0 };
	int rc;

	rc = store_check_overdue(st, now, collect_cb, &cand, err);
	for (size_t i = 0; rc == CASES_OK && i < cand.n; i++)
		rc = record(st, out, &cand.ev[i].c, "breached", now, hook, err);
	check_list_release(&cand);
	if (rc || warn_pct <= 0)
		goto out;
	rc = store_check_warnable(st, now, warn_pct, collect_cb, &cand, err);
	for (size_t i = 0; rc == CASES_OK && i < cand.n; i++) {
		int yes;
		rc = warn_due(st, &cc, &cand.ev[i].c, now, warn_pct, &yes, err);
		if (rc == CASES_OK && yes)
			rc = record(st, out, &cand.ev[i].c, "warned", now, hook,
				    err);
	}
	check_list_release(&cand);
out:
	cal_cache_release(&cc);
	if (rc == CASES_ENOMEM)
		cases_errf(err, rc, "out of memory");
	return rc;
}

struct pending_ctx {
	struct check_list *out;
	size_t known; /* events before this index came from this run */
};

static int
pending_cb(void *arg, const struct event_rec *e, const struct case_rec *c)
{
	struct pending_ctx *p = arg;
	const char *kind = strcmp(e->kind, "breached") == 0 ? "breached"
							     : "warned";

	for (size_t i = 0; i < p->known; i++) {
		if (p->out->ev[i].event_id == e->id)
			return 0;
	}
	return list_add(p->out, c, kind, e->at, e->id);
}

int
check_pending(struct store *st, struct check_list *out, char *err)
{
	struct pending_ctx p = { out, out->n };
	int rc = store_hook_pending(st, pending_cb, &p, err);

	if (rc == CASES_ENOMEM)
		return cases_errf(err, rc, "out of memory");
	return rc;
}

int
check_delivered(struct store *st, int64_t event_id, char *err)
{
	return store_hook_done(st, event_id, err);
}
