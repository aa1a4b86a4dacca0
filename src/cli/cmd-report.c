/*
 * cmd-report.c - `cases report`: first-response compliance per group
 * (docs/formats.md 7), the table a person pastes into a monthly review.
 */
#include "cases/report.h"
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cli.h"

struct report_args {
	struct report_req req;
	const char *since, *until;
};

enum { O_SINCE = OPT_FIRST_CMD, O_UNTIL, O_BY };

static const struct cli_opt report_opts[] = {
	{ "since", O_SINCE, "TIME", "cases opened at or after TIME" },
	{ "until", O_UNTIL, "TIME", "cases opened before TIME" },
	{ "by", O_BY, "KEY", "plan (default), severity or account" },
	CLI_OPT_END,
};

static const struct out_col report_cols[] = {
	{ "group", "GROUP", COL_STR, COL_SHRINK },
	{ "opened", "OPENED", COL_INT, COL_RIGHT },
	{ "responded", "RESPONDED", COL_INT, COL_RIGHT },
	{ "met", "MET", COL_INT, COL_RIGHT },
	{ "breached", "BREACHED", COL_INT, COL_RIGHT },
	{ "pending", "PENDING", COL_INT, COL_RIGHT },
	{ "compliance_pct", "MET %", COL_NUM, COL_RIGHT },
	{ "median_first_response_s", "MEDIAN", COL_DUR, COL_RIGHT },
	{ "p90_first_response_s", "P90", COL_DUR, COL_RIGHT },
};

static int
report_opt(struct cli_ctx *ctx, int code, const char *optarg, void *args)
{
	struct report_args *a = args;

	switch (code) {
	case O_SINCE:
		a->since = optarg;
		return CASES_OK;
	case O_UNTIL:
		a->until = optarg;
		return CASES_OK;
	case O_BY:
		return report_group_parse(optarg, &a->req.by, ctx->err);
	}
	return cli_usage_error(ctx, "unknown option");
}

struct row_ctx {
	struct cli_ctx *ctx;
	struct out *o;
	int by;
};

static const char *
group_name(struct row_ctx *x, const struct report_row *r)
{
	if (r->total)
		return "(total)";
	switch (x->by) {
	case STORE_BY_PLAN:
		return store_plan_name(x->ctx->st, r->key);
	case STORE_BY_SEVERITY:
		return plan_severity_name((int)r->key);
	default:
		return r->key ? store_account_name(x->ctx->st, r->key) : NULL;
	}
}

static int
row_cb(void *arg, const struct report_row *r)
{
	struct row_ctx *x = arg;
	double pct = 0;
	int has_pct = report_compliance(r, &pct);

	out_str(x->o, group_name(x, r));
	out_int(x->o, r->opened);
	out_int(x->o, r->responded);
	out_int(x->o, r->met);
	out_int(x->o, r->breached);
	out_int(x->o, r->pending);
	out_num(x->o, pct, !has_pct);
	out_dur(x->o, r->median_s);
	out_dur(x->o, r->p90_s);
	out_row_end(x->o);
	return 0;
}

static int
report_prepare(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct report_args *a = args;
	char s[TIMEFMT_MAX], u[TIMEFMT_MAX];
	int rc = CASES_OK;

	if (a->since)
		rc = cli_time(ctx, a->since, &a->req.since);
	if (rc == CASES_OK && a->until)
		rc = cli_time(ctx, a->until, &a->req.until);
	if (rc)
		return rc;
	if (a->since && a->until && a->req.since >= a->req.until)
		return cases_errf(ctx->err, CASES_EINVAL,
				  "--since %s is not before --until %s",
				  timefmt_rfc3339(a->req.since, s),
				  timefmt_rfc3339(a->req.until, u));
	a->req.at = ctx->now;
	return CASES_OK;
}

static int
exec_report(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct report_args *a = args;
	struct row_ctx x = { .ctx = ctx, .by = a->req.by };
	int rc;

	x.o = out_new(ctx->out, ctx->format, report_cols,
		      (int)(sizeof(report_cols) / sizeof(report_cols[0])), 0,
		      ctx->local);
	if (!x.o)
		return cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
	rc = report_run(ctx->st, &a->req, row_cb, &x, ctx->err);
	if (rc) {
		out_free(x.o);
		return rc;
	}
	return cli_out_free(ctx, x.o);
}

static const struct report_args report_init = {
	.req = { .by = STORE_BY_PLAN, .since = INT64_MIN, .until = INT64_MAX },
};

const struct cli_cmd cmd_report = {
	.name = "report",
	.usage = "report [--since TIME] [--until TIME] "
		 "[--by plan|severity|account]",
	.summary = "first-response compliance per plan, severity or account",
	.about =
		"Cases belong to the period they were opened in; each group "
		"counts its cases as met (answered by the deadline), breached "
		"(answered late, unanswered and overdue at --at, resolved late "
		"without an answer, or with a recorded breach) or pending "
		"(unanswered, not yet due).\n"
		"MET % is met / (met + breached), truncated to one decimal. "
		"MEDIAN and P90 are nearest-rank first-response times of the "
		"answered cases. Cases without a target count in OPENED and "
		"RESPONDED only. The last row, (total), covers every case of "
		"the period.",
	.example = "cases report --since 2026-11-01T00:00:00Z "
		   "--until 2026-12-01T00:00:00Z",
	.opts = report_opts,
	.store = CLI_READ,
	.args_size = sizeof(struct report_args),
	.args_init = &report_init,
	.opt = report_opt,
	.prepare = report_prepare,
	.exec = exec_report,
};
