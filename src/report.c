/*
 * report.c - the first-response compliance report (docs/formats.md
 * section 7): what each case counts as, counted per group in one scan of
 * the covering cases_report index, which also gathers each group's
 * first-response times into a compact bag; each median and 90th
 * percentile is then selected from its bag (rank.c), never sorted.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cases/calcache.h"
#include "cases/case.h"
#include "cases/error.h"
#include "cases/rank.h"
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

struct group {
	struct report_row row;
	struct rank_bag times; /* first-response times of `answered` */
	const char *name;      /* accounts: for ordering; NULL for none */
};

/* Groups by key: an array and an open-addressing index into it. */
struct report_acc {
	struct group *g;
	size_t n, cap;
	size_t *slot; /* index + 1; 0 is empty */
	size_t nslot; /* a power of two */
	struct report_row total;
	struct rank_bag total_times;
	int64_t at;
	const struct report_hook *hook;
	struct report_past *past; /* NULL: the facts as recorded */
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
count_case(struct report_row *r, const struct report_case *c, int outcome)
{
	r->opened++;
	if (c->first_response_at != CASE_NONE) {
		r->responded++;
		if (c->due_at != CASE_NONE)
			r->answered++;
	}
	switch (outcome) {
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

/* ---- a report of the past (report_req_past) ---- */

struct report_past {
	struct store *st;
	int by;
	int64_t at;
	struct calcache cc;
	int64_t *later; /* the cases with an event after `at`, sorted */
	size_t nlater, caplater;
	char *err;
};

void
report_req_past(struct report_req *req)
{
	req->past = 1;
	if (req->until > req->at)
		req->until = req->at + 1;
}

static int
later_cb(void *arg, int64_t id)
{
	struct report_past *p = arg;

	if (p->nlater == p->caplater) {
		size_t cap = p->caplater ? p->caplater * 2 : 256;
		int64_t *more = realloc(p->later, cap * sizeof(*more));
		if (!more)
			return CASES_ENOMEM;
		p->later = more;
		p->caplater = cap;
	}
	p->later[p->nlater++] = id;
	return 0;
}

static int
cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

static int
copy_cb(void *arg, const struct case_rec *c)
{
	return case_rec_copy(c, arg) == CASES_OK ? 0 : CASES_ENOMEM;
}

/* c as it stood at p->at into *o: replayed (case_as_of) when its history
 * goes on after p->at, else as recorded. */
static int
past_case(struct report_past *p, const struct report_case *c,
	  struct report_case *o)
{
	struct case_rec now, then;
	int count = 0, rc;

	*o = *c;
	if (!bsearch(&c->id, p->later, p->nlater, sizeof(*p->later), cmp_id))
		return CASES_OK;
	case_rec_init(&now);
	rc = store_case_by_number(p->st, c->id, copy_cb, &now, &count, p->err);
	if (rc == CASES_OK && count == 0)
		rc = cases_errf(p->err, CASES_EDB,
				"the cases changed during the report");
	if (rc == CASES_OK)
		rc = case_as_of(p->st, &p->cc, &now, p->at, &then, p->err);
	case_rec_release(&now);
	if (rc)
		return rc;
	o->due_at = then.due_at;
	o->first_response_at = then.first_response_at;
	o->resolved_at = then.resolved_at;
	o->breached_at = then.breached_at;
	o->severity = then.severity;
	if (p->by == STORE_BY_SEVERITY)
		o->key = then.severity;
	case_rec_release(&then);
	return CASES_OK;
}

/* Count c in its group and the total, its first-response time in both
 * bags when it is answered with a target; with a hook, then show it c
 * with its outcome and its group's index (groups do not move until
 * sorted). The outcome is worked out once a case. */
static int
scan_cb(void *arg, const struct report_case *c)
{
	struct report_acc *a = arg;
	struct report_case then;
	struct group *g;
	int outcome, rc;

	if (a->past) {
		rc = past_case(a->past, c, &then);
		if (rc)
			return rc;
		c = &then;
	}
	g = acc_group(a, c->key);
	if (!g)
		return CASES_ENOMEM;
	outcome = report_case_outcome(c, a->at);
	count_case(&g->row, c, outcome);
	count_case(&a->total, c, outcome);
	if (c->first_response_at != CASE_NONE && c->due_at != CASE_NONE) {
		int64_t s = c->first_response_at - c->opened_at;
		if (rank_bag_add(&g->times, s) != CASES_OK
		    || rank_bag_add(&a->total_times, s) != CASES_OK)
			return CASES_ENOMEM;
	}
	if (!a->hook)
		return 0;
	return a->hook->scan(a->hook->arg, c, outcome, (size_t)(g - a->g));
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
	struct report_past past = {
		.st = st, .by = req->by, .at = req->at, .err = err
	};
	int rc;

	if (req->past) {
		/* The cases whose history goes on after `at` are replayed;
		 * the scan is the wide one, which reads their ids. */
		a.past = &past;
		calcache_init(&past.cc, st);
		rc = store_event_cases_after(st, req->at, later_cb, &past, err);
		if (rc)
			goto out;
		if (past.nlater > 1)
			qsort(past.later, past.nlater, sizeof(*past.later),
			      cmp_id);
	}
	if (hook || req->past)
		rc = store_report_scan_wide(st, req->by, req->since, req->until,
					    scan_cb, &a, err);
	else
		rc = store_report_scan(st, req->by, req->since, req->until,
				       scan_cb, &a, err);
	if (rc)
		goto out;
	/* Each bag is done with once its row has its two values: freed
	 * as we go, so the selections work in what the scan took. */
	for (size_t i = 0; i < a.n; i++) {
		rank_median_p90(&a.g[i].times, &a.g[i].row.median_s,
				&a.g[i].row.p90_s);
		rank_bag_release(&a.g[i].times);
	}
	rank_median_p90(&a.total_times, &a.total.median_s, &a.total.p90_s);
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
	for (size_t i = 0; i < a.n; i++)
		rank_bag_release(&a.g[i].times);
	rank_bag_release(&a.total_times);
	free(a.g);
	free(a.slot);
	if (a.past) {
		calcache_release(&past.cc);
		free(past.later);
	}
	return rc;
}
