/*
 * unanswered.c - the reports over unanswered cases by deadline, shared by
 * `cases overdue` and `cases due`: both read only the cases_unanswered
 * index.
 */
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cli.h"

struct due_args {
	struct filter_args fa;
	int64_t within;
	int overdue;
};

struct row_ctx {
	struct out *o;
	int64_t now;
	int overdue;
};

enum { O_WITHIN = OPT_FIRST_CMD };

static const struct option due_opts[] = {
	FILTER_LONGOPTS,
	{ "within", required_argument, NULL, O_WITHIN },
	{ NULL, 0, NULL, 0 },
};

static int
due_opt(struct cli_ctx *ctx, int code, const char *optarg, void *arg)
{
	struct due_args *a = arg;

	if (code == O_WITHIN && !a->overdue)
		return timefmt_parse_duration(optarg, &a->within, ctx->err);
	if (code == O_WITHIN)
		return cli_usage_error(ctx, "unknown option '--within'");
	return cli_filter_opt(ctx, code, optarg, &a->fa);
}

static int
row_cb(void *arg, const struct case_rec *c)
{
	struct row_ctx *x = arg;

	case_out_row(x->o, c, 1,
		     x->overdue ? x->now - c->due_at : c->due_at - x->now);
	out_row_end(x->o);
	return 0;
}

int
cli_unanswered_report(struct cli_ctx *ctx, int argc, char **argv,
		      int overdue)
{
	struct due_args a = { .overdue = overdue };
	struct case_filter f = CASE_FILTER_INIT;
	struct row_ctx x = { .now = ctx->now, .overdue = overdue };
	int64_t from, to;
	int argi, rc;

	rc = cli_parse(ctx, argc, argv, due_opts, due_opt, &a, &argi);
	if (rc == CASES_OK)
		rc = cli_operands(ctx, argc, argv, argi, 0, 0, "");
	if (rc)
		return rc;
	x.now = ctx->now;
	if (overdue) {
		/* Overdue at T: T > due_at. */
		from = INT64_MIN;
		to = ctx->now;
	} else {
		/* Due within W: T <= due_at <= T + W. */
		if (a.within <= 0)
			return cli_usage_error(ctx, "missing --within "
						    "DURATION");
		from = ctx->now;
		to = ctx->now + a.within + 1;
	}
	rc = cli_begin(ctx, 0);
	if (rc)
		return rc;
	rc = cli_filter_resolve(ctx, &a.fa, &f);
	if (rc)
		return cli_end(ctx, rc);
	x.o = case_out_new(ctx, 0, overdue ? "overdue_by_s" : "remaining_s",
			   overdue ? "OVERDUE BY" : "DUE IN");
	if (!x.o)
		return cli_end(ctx, cases_errf(ctx->err, CASES_ENOMEM,
					       "out of memory"));
	rc = store_case_due_between(ctx->st, &f, from, to, row_cb, &x,
				    ctx->err);
	if (rc)
		out_free(x.o);
	else
		rc = cli_out_free(ctx, x.o);
	return cli_end(ctx, rc);
}
