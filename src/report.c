/*
 * report.c - the first-response compliance report (docs/formats.md
 * section 7): what each case counts as, counted per group in one scan of
 * the covering cases_report index, and each group's median and 90th
 * percentile first-response times by stepping a sorted pass to their
 * ranks.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cases/error.h"
#include "cases/record.h"
#include "cases/report.h"
#include "cases/store.h"
#include "cases/suggest.h"

int
report_case_outcome(const struct report_case *c, int64_t at)
{
	if (c->due_at == CASE_NONE)
		return REPORT_UNTARGETED;
	if (c->breached_at != CASE_NONE)
		return REPORT_BREACHED;
	if (c->first_response_at != CASE_NONE)
		return c->first_response_at <= c->due_at ? REPORT_MET
							 : REPORT_BREACHED;
	if (c->resolved_at != CASE_NONE)
		return c->resolved_at > c->due_at ? REPORT_BREACHED
						  : REPORT_NEITHER;
	return at > c->due_at ? REPORT_BREACHED : REPORT_PENDING;
}

int64_t
report_nearest_rank(int64_t n, int pct)
{
	if (n <= 0)
		return 0;
	return (n * pct + 99) / 100;
}

int
report_compliance(const struct report_row *r, double *pct)
{
	int64_t tenths;

	if (r->met + r->breached == 0)
		return 0;
	/* Truncated, never rounded up: 100.0 means no breach at all. */
	tenths = r->met * 1000 / (r->met + r->breached);
	*pct = (double)tenths / 10.0;
	return 1;
}

int
report_group_parse(const char *s, int *by, char *err)
{
	static const char *const names[] = { "plan", "severity", "account" };
	char dym[SUGGEST_PHRASE_MAX];

	for (int i = 0; i < 3; i++) {
		if (strcasecmp(s, names[i]) == 0) {
			*by = i;
			return CASES_OK;
		}
	}
	return cases_errf(err, CASES_EINVAL,
			  "unknown group '%s' (%sexpected one of: plan, "
			  "severity, account)",
			  s, suggest_phrase(suggest_nearest(s, names, 3), dym));
}

/* Where a row's median and 90th percentile are among its answered cases
 * in first-response order, and how many of them went by. */
struct group_ranks {
	int64_t r50, r90, seen;
};

struct group {
	struct report_row row;
	struct group_ranks ranks;
	const char *name; /* accounts: for ordering; NULL for none */
};

/* Groups by key: an array and an open-addressing index into it. */
struct report_acc {
	struct group *g;
	size_t n, cap;
	size_t *slot; /* index + 1; 0 is empty */
	size_t nslot; /* a power of two */
	struct report_row total;
	struct group_ranks total_ranks;
	int64_t at;
	int64_t left; /* ranks not found yet */
	const struct report_hook *hook;
};

static size_t
key_hash(int64_t key, size_t nslot)
{
	uint64_t h = (uint64_t)key * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 32) & (nslot - 1);
}

static int
acc_grow(struct report_acc *a)
{
	size_t nslot = a->nslot ? a->nslot * 2 : 64;
	size_t *slot = calloc(nslot, sizeof(*slot));

	if (!slot)
		return CASES_ENOMEM;
	for (size_t i = 0; i < a->n; i++) {
		size_t h = key_hash(a->g[i].row.key, nslot);
		while (slot[h])
			h = (h + 1) & (nslot - 1);
		slot[h] = i + 1;
	}
	free(a->slot);
	a->slot = slot;
	a->nslot = nslot;
	return CASES_OK;
}

static struct group *
acc_group(struct report_acc *a, int64_t key)
{
	size_t h;

	if (a->nslot) {
		for (h = key_hash(key, a->nslot); a->slot[h];
		     h = (h + 1) & (a->nslot - 1)) {
			if (a->g[a->slot[h] - 1].row.key == key)
				return &a->g[a->slot[h] - 1];
		}
	}
	if ((a->n + 1) * 2 > a->nslot && acc_grow(a) != CASES_OK)
		return NULL;
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		struct group *g = realloc(a->g, cap * sizeof(*g));
		if (!g)
			return NULL;
		a->g = g;
		a->cap = cap;
	}
	for (h = key_hash(key, a->nslot); a->slot[h];
	     h = (h + 1) & (a->nslot - 1))
		;
	a->slot[h] = a->n + 1;
	memset(&a->g[a->n], 0, sizeof(a->g[a->n]));
	a->g[a->n].row.key = key;
	return &a->g[a->n++];
}

static void
count_case(struct report_row *r, const struct report_case *c, int64_t at)
{
	r->opened++;
	if (c->first_response_at != CASE_NONE) {
		r->responded++;
		if (c->due_at != CASE_NONE)
			r->answered++;
	}
	switch (report_case_outcome(c, at)) {
	case REPORT_MET:
		r->met++;
		break;
	case REPORT_BREACHED:
		r->breached++;
		break;
	case REPORT_PENDING:
		r->pending++;
		break;
	default:
		break;
	}
}

/* Count c in its group and the total; with a hook, then show it c with
 * its outcome and its group's index (groups do not move until sorted). */
static int
scan_cb(void *arg, const struct report_case *c)
{
	struct report_acc *a = arg;
	struct group *g = acc_group(a, c->key);

	if (!g)
		return CASES_ENOMEM;
	count_case(&g->row, c, a->at);
	count_case(&a->total, c, a->at);
	if (!a->hook)
		return 0;
	return a->hook->scan(a->hook->arg, c, report_case_outcome(c, a->at),
			     (size_t)(g - a->g));
}

static int
by_key(const void *x, const void *y)
{
	const struct group *a = x, *b = y;

	return (a->row.key > b->row.key) - (a->row.key < b->row.key);
}

static int
by_name(const void *x, const void *y)
{
	const struct group *a = x, *b = y;

	if (!a->name || !b->name)
		return (a->name == NULL) - (b->name == NULL);
	return strcmp(a->name, b->name);
}

#define TIMES_DONE 1000 /* times_cb: every rank found */

/* Set the ranks a row's median and 90th percentile have among its
 * answered cases; returns how many values are to be found (0 or 2). */
static int64_t
set_ranks(struct group_ranks *k, struct report_row *r)
{
	r->median_s = r->p90_s = CASE_NONE;
	k->seen = 0;
	k->r50 = report_nearest_rank(r->answered, 50);
	k->r90 = report_nearest_rank(r->answered, 90);
	return r->answered ? 2 : 0;
}

static void
take_time(struct report_acc *a, struct group_ranks *k, struct report_row *r,
	  int64_t seconds)
{
	k->seen++;
	if (k->seen == k->r50) {
		r->median_s = seconds;
		a->left--;
	}
	if (k->seen == k->r90) {
		r->p90_s = seconds;
		a->left--;
	}
}

/* The answered cases come shortest first: each group's k-th is the value
 * its counter reaches k on. */
static int
times_cb(void *arg, int64_t key, int64_t seconds)
{
	struct report_acc *a = arg;
	struct group *g = acc_group(a, key);

	if (!g)
		return CASES_ENOMEM;
	take_time(a, &g->ranks, &g->row, seconds);
	take_time(a, &a->total_ranks, &a->total, seconds);
	return a->left > 0 ? 0 : TIMES_DONE;
}

static int
times_hook_cb(void *arg, const struct report_time *t)
{
	struct report_acc *a = arg;
	int64_t found = 0;
	int rc = times_cb(arg, t->key, t->seconds);

	if (rc && rc != TIMES_DONE)
		return rc;
	rc = a->hook->time(a->hook->arg, t, &found);
	if (rc)
		return rc;
	a->left -= found;
	return a->left > 0 ? 0 : TIMES_DONE;
}

int
report_run(struct store *st, const struct report_req *req,
	   int (*fn)(void *, const struct report_row *), void *arg, char *err)
{
	return report_run_hooked(st, req, NULL, fn, arg, err);
}

int
report_run_hooked(struct store *st, const struct report_req *req,
		  const struct report_hook *hook,
		  int (*fn)(void *, const struct report_row *), void *arg,
		  char *err)
{
	struct report_acc a = { .at = req->at, .hook = hook };
	int64_t need = 0;
	int rc;

	if (hook)
		rc = store_report_scan_wide(st, req->by, req->since, req->until,
					    scan_cb, &a, err);
	else
		rc = store_report_scan(st, req->by, req->since, req->until,
				       scan_cb, &a, err);
	if (rc)
		goto out;
	for (size_t i = 0; i < a.n; i++)
		a.left += set_ranks(&a.g[i].ranks, &a.g[i].row);
	a.left += set_ranks(&a.total_ranks, &a.total);
	if (hook) {
		rc = hook->ranks(hook->arg, &need);
		if (rc)
			goto out;
		a.left += need;
	}
	if (a.left > 0) {
		if (hook)
			rc = store_report_times_wide(st, req->by, req->since,
						     req->until, times_hook_cb,
						     &a, err);
		else
			rc = store_report_times(st, req->by, req->since,
						req->until, times_cb, &a, err);
		if (rc == TIMES_DONE)
			rc = CASES_OK;
		if (rc == CASES_OK && a.left > 0)
			rc = cases_errf(err, CASES_EDB,
					"the cases changed during the report");
		if (rc)
			goto out;
	}
	/* Sorting moves the groups: the key index is stale from here. */
	if (req->by == STORE_BY_ACCOUNT) {
		for (size_t i = 0; i < a.n; i++) {
			int64_t id = a.g[i].row.key;
			a.g[i].name = id ? store_account_name(st, id) : NULL;
		}
		if (a.n)
			qsort(a.g, a.n, sizeof(*a.g), by_name);
	} else if (a.n) {
		qsort(a.g, a.n, sizeof(*a.g), by_key);
	}
	for (size_t i = 0; i < a.n; i++) {
		rc = fn(arg, &a.g[i].row);
		if (rc)
			goto out;
	}
	a.total.total = 1;
	rc = fn(arg, &a.total);
out:
	if (rc == CASES_ENOMEM)
		rc = cases_errf(err, CASES_ENOMEM, "out of memory");
	free(a.g);
	free(a.slot);
	return rc;
}
