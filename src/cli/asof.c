/*
 * asof.c - reads at a past --at (docs/deadlines.md "Reading the past"):
 * when the path of the past is taken, and the listings, cases and
 * histories as they stood then. The replay itself is the rules'
 * (case_as_of), one function for every command.
 */
#include <stdlib.h>
#include <string.h>

#include "cases/calcache.h"
#include "cases/case.h"
#include "cases/store.h"
#include "cli.h"

int
cli_past(struct cli_ctx *ctx, int *past)
{
	*past = 0;
	/* Now and later: today's path (facts dated ahead of now, by the
	 * slack writes allow, are shown as they were recorded). */
	if (ctx->now >= ctx->real_now)
		return CASES_OK;
	return store_changed_after(ctx->st, ctx->now, past, ctx->err);
}

int
cli_case_get(struct cli_ctx *ctx, const char *id, struct case_rec *out)
{
	struct case_rec c;
	int past, rc = case_get(ctx->st, id, out, ctx->err);

	if (rc == CASES_OK)
		rc = cli_past(ctx, &past);
	if (rc || !past)
		return rc;
	c = *out;
	rc = case_as_of(ctx->st, NULL, &c, ctx->now, out, ctx->err);
	case_rec_release(&c);
	return rc;
}

struct events_until {
	int64_t t;
	int (*fn)(void *, const struct event_rec *);
	void *arg;
};

static int
event_until_cb(void *arg, const struct event_rec *e)
{
	struct events_until *x = arg;

	return e->at <= x->t ? x->fn(x->arg, e) : 0;
}

int
cli_event_each(struct cli_ctx *ctx, int64_t case_id,
	       int (*fn)(void *, const struct event_rec *), void *arg)
{
	struct events_until x = { ctx->now, fn, arg };

	if (ctx->now >= ctx->real_now)
		return store_event_each(ctx->st, case_id, fn, arg, ctx->err);
	return store_event_each(ctx->st, case_id, event_until_cb, &x, ctx->err);
}

/* ---- the listings ---- */

struct past_ctx {
	struct cli_ctx *ctx;
	const struct cli_listing *l;
	const struct case_filter *f;
	struct calcache cc;
	int due; /* due and overdue: unanswered, by deadline */
	int (*row)(void *, const struct case_rec *);
	void *arg;
	int64_t shown;
	struct case_rec *k; /* due: every case taken, owned, to sort */
	size_t n, cap;
};

/* Does the listing take c (as of T)? */
static int
takes(const struct past_ctx *x, const struct case_rec *c)
{
	const struct case_filter *f = x->f;

	if (f->severity && c->severity != f->severity)
		return 0;
	if (f->assignee
	    && (!c->assignee || strcmp(c->assignee, f->assignee) != 0))
		return 0;
	if (x->due)
		return c->first_response_at == CASE_NONE
		       && c->resolved_at == CASE_NONE && c->due_at != CASE_NONE
		       && c->due_at >= x->l->from && c->due_at < x->l->to;
	if (f->status == -1)
		return 1;
	if (f->status == -2)
		return c->resolved_at == CASE_NONE;
	return (int)case_status(c) == f->status;
}

static int
past_cb(void *arg, const struct case_rec *now)
{
	struct past_ctx *x = arg;
	struct case_rec c;
	int rc = case_as_of(x->ctx->st, &x->cc, now, x->ctx->now, &c,
			    x->ctx->err);

	if (rc)
		return rc;
	if (!takes(x, &c)) {
		case_rec_release(&c);
		return 0;
	}
	if (x->due) {
		if (x->n == x->cap) {
			size_t cap = x->cap ? x->cap * 2 : 64;
			struct case_rec *more =
				realloc(x->k, cap * sizeof(*more));
			if (!more) {
				case_rec_release(&c);
				return CASES_ENOMEM;
			}
			x->k = more;
			x->cap = cap;
		}
		x->k[x->n++] = c;
		return 0;
	}
	/* Newest first, as the query gives them. */
	rc = x->row(x->arg, &c);
	case_rec_release(&c);
	if (rc == 0 && x->f->limit && ++x->shown >= x->f->limit)
		rc = CLI_DONE;
	return rc;
}

static int
cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* store_case_due_between()'s order: the soonest deadline first, then the
 * oldest. */
static int
by_deadline(const void *pa, const void *pb)
{
	const struct case_rec *a = pa, *b = pb;
	int r = cmp_i64(a->due_at, b->due_at);

	if (r == 0)
		r = cmp_i64(a->opened_at, b->opened_at);
	return r ? r : cmp_i64(a->rowid, b->rowid);
}

int
cli_listing_query(struct cli_ctx *ctx, const struct cli_listing *l,
		  const struct case_filter *f,
		  int (*row)(void *, const struct case_rec *), void *arg)
{
	struct past_ctx x = {
		.ctx = ctx, .l = l, .f = f, .row = row, .arg = arg
	};
	int past, which, rc;

	x.due = l->query == store_case_due_between;
	/* export reads the record as it stands. */
	if (x.due || l->query == cli_listing_all) {
		rc = cli_past(ctx, &past);
		if (rc)
			return rc;
	} else {
		past = 0;
	}
	if (!past)
		return l->query(ctx->st, f, l->from, l->to, row, arg, ctx->err);
	which = x.due			     ? STORE_ASOF_UNANSWERED
		: f->status == -1	     ? STORE_ASOF_ALL
		: f->status == CASE_RESOLVED ? STORE_ASOF_ALL
					     : STORE_ASOF_UNRESOLVED;
	calcache_init(&x.cc, ctx->st);
	rc = store_case_asof(ctx->st, f, ctx->now, which, past_cb, &x,
			     ctx->err);
	if (rc == CLI_DONE)
		rc = CASES_OK;
	if (rc == CASES_OK && x.due) {
		if (x.n > 1)
			qsort(x.k, x.n, sizeof(*x.k), by_deadline);
		for (size_t i = 0; rc == CASES_OK && i < x.n; i++) {
			if (f->limit && (int64_t)i >= f->limit)
				break;
			rc = row(arg, &x.k[i]);
		}
	}
	for (size_t i = 0; i < x.n; i++)
		case_rec_release(&x.k[i]);
	free(x.k);
	calcache_release(&x.cc);
	return rc;
}
