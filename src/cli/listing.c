/*
 * listing.c - the skeleton of the listings (list, export, due, overdue):
 * the filter options, one query, one row per case.
 */
#include <stdlib.h>

#include "cases/store.h"
#include "cases/timefmt.h"
#include "cli.h"

int
cli_listing_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	struct cli_listing *l = args;
	char *end;

	switch (code) {
	case LIST_PLAN:
		l->plan = value;
		return CASES_OK;
	case LIST_ACCOUNT:
		l->account = value;
		return CASES_OK;
	case LIST_SEVERITY:
		return plan_severity_parse(value, &l->severity, ctx->err);
	case LIST_LIMIT:
		l->limit = strtoll(value, &end, 10);
		if (*value == '\0' || *end || l->limit <= 0)
			return cases_errf(ctx->err, CASES_EINVAL,
					  "invalid --limit '%s' (expected a "
					  "positive whole number)",
					  value);
		return CASES_OK;
	case LIST_STATUS:
		return case_status_parse(value, &l->status, ctx->err);
	case LIST_SINCE:
		l->since = value;
		return CASES_OK;
	case LIST_UNTIL:
		l->until = value;
		return CASES_OK;
	case LIST_WITHIN:
		return timefmt_parse_duration(value, &l->within, ctx->err);
	}
	return cli_usage_error(ctx, "unknown option");
}

/* The filter of l: plan and account names resolved to their ids. */
static int
resolve(struct cli_ctx *ctx, const struct cli_listing *l, struct case_filter *f)
{
	int rc;

	f->status = l->status;
	f->severity = l->severity;
	f->limit = l->limit;
	if (l->plan) {
		struct plan p;
		rc = store_plan_get(ctx->st, l->plan, &p, ctx->err);
		if (rc)
			return rc;
		f->plan_id = p.id;
	}
	if (l->account) {
		struct account_rec a;
		rc = store_account_get(ctx->st, l->account, &a, ctx->err);
		if (rc)
			return rc;
		f->account_id = a.id;
		account_rec_release(&a);
	}
	return CASES_OK;
}

struct row_ctx {
	struct out *o;
	const struct cli_listing *l;
	int64_t now;
};

static int
row_cb(void *arg, const struct case_rec *c)
{
	struct row_ctx *x = arg;

	case_out_row(x->o, c, x->l->extra != NULL,
		     x->l->extra ? x->l->extra_of(c, x->now) : 0);
	out_row_end(x->o);
	return 0;
}

int
cli_listing_exec(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	const struct cli_listing *l = args;
	struct case_filter f = CASE_FILTER_INIT;
	struct row_ctx x = { .l = l, .now = ctx->now };
	int rc = resolve(ctx, l, &f);

	if (rc)
		return rc;
	x.o = case_out_new(ctx, 0, l->extra, l->extra_title);
	if (!x.o)
		return cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
	rc = l->query(ctx->st, &f, l->from, l->to, row_cb, &x, ctx->err);
	if (rc) {
		out_free(x.o);
		return rc;
	}
	return cli_out_free(ctx, x.o);
}
