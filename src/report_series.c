/*
 * report_series.c - the numbers behind the pictures of `cases report
 * --format html`, gathered as a hook of the report's own passes
 * (report_run_hooked()): each case of the counting scan lands in the day
 * or week it was opened in, and each answered case's first-response time
 * goes into its severity's bag, whose median and 90th percentile are
 * selected after the scan (rank.c, as the report's own).
 */
#include <stdlib.h>
#include <string.h>

#include "cases/civil.h"
#include "cases/error.h"
#include "cases/rank.h"
#include "cases/record.h"
#include "cases/report.h"
#include "cases/report_series.h"
#include "cases/store.h"
#include "cases/tz.h"

#define DAY 86400

/* A plan's current targets, and which frt entry each severity feeds. */
struct plan_slot {
	int64_t id;
	int64_t target_s[SEV_COUNT];
	int frt[SEV_COUNT]; /* index + 1 into s->frt; 0 not yet */
};

struct series_acc {
	struct report_series *s;
	const struct tz *zone;
	int64_t at;
	int64_t week0;		/* day number of bucket 0 */
	int64_t lo, hi, bucket; /* the bucket of opened_at in [lo, hi) */
	struct plan_slot *plans;
	size_t nplans;
	size_t last_plan;
	size_t frt_cap;
	size_t group_cap;
};

static int
plan_cb(void *arg, const struct plan *p)
{
	struct series_acc *a = arg;
	struct plan_slot *ps;

	ps = realloc(a->plans, (a->nplans + 1) * sizeof(*ps));
	if (!ps)
		return CASES_ENOMEM;
	a->plans = ps;
	ps += a->nplans++;
	memset(ps, 0, sizeof(*ps));
	ps->id = p->id;
	memcpy(ps->target_s, p->target_s, sizeof(ps->target_s));
	return CASES_OK;
}

static struct plan_slot *
find_plan(struct series_acc *a, int64_t id)
{
	if (a->last_plan < a->nplans && a->plans[a->last_plan].id == id)
		return &a->plans[a->last_plan];
	for (size_t i = 0; i < a->nplans; i++) {
		if (a->plans[i].id == id) {
			a->last_plan = i;
			return &a->plans[i];
		}
	}
	return NULL;
}

/* The frt entry of a case of plan_id at severity; NULL when out of
 * memory, or for a plan or severity the catalog does not know. */
static struct report_frt *
find_frt(struct series_acc *a, int64_t plan_id, int sev, int *oom)
{
	struct report_series *s = a->s;
	struct plan_slot *ps = find_plan(a, plan_id);
	int64_t target;

	*oom = 0;
	if (!ps || sev < 1 || sev >= SEV_COUNT)
		return NULL;
	if (ps->frt[sev])
		return &s->frt[ps->frt[sev] - 1];
	target = ps->target_s[sev];
	for (size_t i = 0; i < s->nfrt; i++) {
		if (s->frt[i].severity == sev && s->frt[i].target_s == target) {
			ps->frt[sev] = (int)i + 1;
			return &s->frt[i];
		}
	}
	if (s->nfrt == a->frt_cap) {
		size_t cap = a->frt_cap ? a->frt_cap * 2 : 8;
		struct report_frt *f = realloc(s->frt, cap * sizeof(*f));
		if (!f) {
			*oom = 1;
			return NULL;
		}
		s->frt = f;
		a->frt_cap = cap;
	}
	memset(&s->frt[s->nfrt], 0, sizeof(s->frt[0]));
	s->frt[s->nfrt].severity = sev;
	s->frt[s->nfrt].target_s = target;
	s->frt[s->nfrt].median_s = s->frt[s->nfrt].p90_s = CASE_NONE;
	ps->frt[sev] = (int)++s->nfrt;
	return &s->frt[s->nfrt - 1];
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The local day number of instant t. */
static int64_t
local_day(const struct tz *zone, int64_t t)
{
	return floor_div(tz_to_local(zone, t), DAY);
}

/* The bucket of opened_at. Cases come in opened_at order, so the bounds
 * of the last bucket almost always answer without a zone lookup. */
static size_t
bucket_of(struct series_acc *a, int64_t t)
{
	int64_t day, len = a->s->per_day ? 1 : 7;

	if (t >= a->lo && t < a->hi)
		return (size_t)a->bucket;
	day = local_day(a->zone, t);
	a->bucket = floor_div(day - a->week0, len);
	if (a->bucket < 0)
		a->bucket = 0;
	if ((size_t)a->bucket >= a->s->nbuckets)
		a->bucket = (int64_t)a->s->nbuckets - 1;
	a->lo = tz_to_utc(a->zone, (a->week0 + a->bucket * len) * DAY);
	a->hi = tz_to_utc(a->zone, (a->week0 + (a->bucket + 1) * len) * DAY);
	return (size_t)a->bucket;
}

static int
add_group(struct series_acc *a, size_t gi, int64_t key)
{
	struct report_series *s = a->s;

	if (gi >= a->group_cap) {
		size_t cap = a->group_cap ? a->group_cap * 2 : 16;
		struct report_series_group *g;
		while (cap <= gi)
			cap *= 2;
		g = realloc(s->groups, cap * sizeof(*g));
		if (!g)
			return CASES_ENOMEM;
		s->groups = g;
		a->group_cap = cap;
	}
	while (s->ngroups <= gi) {
		struct report_series_group *g = &s->groups[s->ngroups];
		memset(g, 0, sizeof(*g));
		s->ngroups++;
		g->met = calloc(s->nbuckets, sizeof(*g->met));
		g->breached = calloc(s->nbuckets, sizeof(*g->breached));
		if (!g->met || !g->breached)
			return CASES_ENOMEM;
	}
	s->groups[gi].key = key;
	return CASES_OK;
}

static void
add_breach(struct series_acc *a, const struct report_case *c)
{
	struct report_series *s = a->s;
	struct report_breach *b;
	int64_t end;

	s->breached_total++;
	if (s->nbreached >= REPORT_BREACH_LIST_MAX)
		return;
	b = &s->breached[s->nbreached++];
	b->id = c->id;
	b->account_id = c->account_id;
	b->opened_at = c->opened_at;
	b->due_at = c->due_at;
	b->first_response_at = c->first_response_at;
	b->severity = c->severity;
	b->open = c->first_response_at == CASE_NONE
		  && c->resolved_at == CASE_NONE;
	if (c->first_response_at != CASE_NONE)
		end = c->first_response_at;
	else if (c->resolved_at != CASE_NONE)
		end = c->resolved_at;
	else
		end = a->at;
	b->late_s = end > c->due_at ? end - c->due_at : 0;
}

static int
scan_hook(void *arg, const struct report_case *c, int outcome, size_t gi)
{
	struct series_acc *a = arg;
	struct report_series *s = a->s;
	size_t b;
	int oom;

	if (gi >= s->ngroups && add_group(a, gi, c->key) != CASES_OK)
		return CASES_ENOMEM;
	s->groups[gi].opened++;
	if (c->first_response_at != CASE_NONE && c->due_at != CASE_NONE) {
		struct report_frt *f =
			find_frt(a, c->plan_id, c->severity, &oom);
		if (oom)
			return CASES_ENOMEM;
		if (f) {
			f->answered++;
			if (rank_bag_add(&f->times,
					 c->first_response_at - c->opened_at)
			    != CASES_OK)
				return CASES_ENOMEM;
		}
	}
	if (outcome != REPORT_MET && outcome != REPORT_BREACHED)
		return CASES_OK;
	b = bucket_of(a, c->opened_at);
	if (outcome == REPORT_MET) {
		s->groups[gi].met[b]++;
		s->total_met[b]++;
		return CASES_OK;
	}
	s->groups[gi].breached[b]++;
	s->total_breached[b]++;
	if (c->severity >= 1 && c->severity < SEV_COUNT)
		s->breaches[b][c->severity]++;
	add_breach(a, c);
	return CASES_OK;
}

static int
by_group_key(const void *x, const void *y)
{
	const struct report_series_group *a = x, *b = y;

	return (a->key > b->key) - (a->key < b->key);
}

static int
by_severity(const void *x, const void *y)
{
	const struct report_frt *a = x, *b = y;

	if (a->severity != b->severity)
		return a->severity - b->severity;
	return (a->target_s > b->target_s) - (a->target_s < b->target_s);
}

/* Lay out the buckets of the period: its first and last day from the
 * bounds asked for, or else from the cases. */
static int
plan_buckets(struct series_acc *a, const struct report_req *req, char *err)
{
	struct report_series *s = a->s;
	int64_t from, to, d0, d1, len;

	/* [from, to): the period's length decides days or weeks. */
	from = req->since != INT64_MIN ? req->since : s->first;
	to = req->until != INT64_MAX ? req->until : s->last + 1;
	s->per_day = to - from < (int64_t)REPORT_DAILY_DAYS * DAY;
	to--;
	d0 = local_day(a->zone, from);
	d1 = local_day(a->zone, to);
	if (!s->per_day)
		d0 -= civil_weekday(d0);
	len = s->per_day ? 1 : 7;
	s->nbuckets = (size_t)((d1 - d0) / len + 1);
	a->week0 = d0;
	a->lo = a->hi = 0;
	s->bucket_day = calloc(s->nbuckets, sizeof(*s->bucket_day));
	s->total_met = calloc(s->nbuckets, sizeof(*s->total_met));
	s->total_breached = calloc(s->nbuckets, sizeof(*s->total_breached));
	s->breaches = calloc(s->nbuckets, sizeof(*s->breaches));
	s->breached = calloc(REPORT_BREACH_LIST_MAX, sizeof(*s->breached));
	if (!s->bucket_day || !s->total_met || !s->total_breached
	    || !s->breaches || !s->breached)
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	for (size_t i = 0; i < s->nbuckets; i++)
		s->bucket_day[i] = d0 + (int64_t)i * len;
	return CASES_OK;
}

int
report_series_run(struct store *st, const struct report_req *req,
		  const struct tz *zone, struct report_series *out,
		  int (*fn)(void *, const struct report_row *), void *arg,
		  char *err)
{
	struct series_acc a = { .s = out, .zone = zone, .at = req->at };
	struct report_hook hook = { &a, scan_hook };
	int rc;

	memset(out, 0, sizeof(*out));
	if (!a.zone)
		a.zone = tz_utc();
	rc = store_plan_each(st, plan_cb, &a, err);
	if (rc == CASES_ENOMEM)
		rc = cases_errf(err, CASES_ENOMEM, "out of memory");
	if (rc)
		goto out;
	rc = store_report_span(st, req->since, req->until, &out->first,
			       &out->last, err);
	if (rc == CASES_ENOTFOUND) {
		/* No case: the rows alone (the total, all zero). */
		rc = report_run(st, req, fn, arg, err);
		goto out;
	}
	if (rc)
		goto out;
	rc = plan_buckets(&a, req, err);
	if (rc)
		goto out;
	rc = report_run_hooked(st, req, &hook, fn, arg, err);
	if (rc)
		goto out;
	for (size_t i = 0; i < out->nfrt; i++) {
		struct report_frt *f = &out->frt[i];
		rank_median_p90(&f->times, &f->median_s, &f->p90_s);
		rank_bag_release(&f->times);
	}
	/* The listed cases' ids and subjects: a seek each, after the
	 * scan (they are not in the index). */
	for (size_t i = 0; i < out->nbreached && rc == CASES_OK; i++) {
		struct report_breach *b = &out->breached[i];
		rc = store_report_brief(st, b->id, b->uuid, &b->subject, err);
	}
	if (rc)
		goto out;
	if (out->ngroups)
		qsort(out->groups, out->ngroups, sizeof(*out->groups),
		      by_group_key);
	if (out->nfrt)
		qsort(out->frt, out->nfrt, sizeof(*out->frt), by_severity);
out:
	free(a.plans);
	return rc;
}

const struct report_series_group *
report_series_group(const struct report_series *s, int64_t key)
{
	struct report_series_group k = { .key = key };

	if (!s->ngroups)
		return NULL;
	return bsearch(&k, s->groups, s->ngroups, sizeof(k), by_group_key);
}

void
report_series_release(struct report_series *s)
{
	for (size_t i = 0; i < s->ngroups; i++) {
		free(s->groups[i].met);
		free(s->groups[i].breached);
	}
	free(s->groups);
	free(s->bucket_day);
	free(s->total_met);
	free(s->total_breached);
	free(s->breaches);
	for (size_t i = 0; i < s->nfrt; i++)
		rank_bag_release(&s->frt[i].times);
	free(s->frt);
	for (size_t i = 0; i < s->nbreached && s->breached; i++)
		free(s->breached[i].subject);
	free(s->breached);
	memset(s, 0, sizeof(*s));
}
