/*
 * cmd-report.c - `cases report`: first-response compliance per group
 * (docs/formats.md 7), the table a person pastes into a monthly review.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/report.h"
#include "cases/report_html.h"
#include "cases/store.h"
#include "cases/suggest.h"
#include "cases/timefmt.h"
#include "cli.h"

struct report_args {
	struct report_req req;
	const char *since, *until;
	int html;
	double goal; /* NAN: no --goal */
};

enum { O_SINCE = OPT_FIRST_CMD, O_UNTIL, O_BY, O_FORMAT, O_GOAL };

static const struct cli_opt report_opts[] = {
	{ "since", O_SINCE, "TIME", "cases opened at or after TIME" },
	{ "until", O_UNTIL, "TIME", "cases opened before TIME" },
	{ "by", O_BY, "KEY", "plan (default), severity or account" },
	/* The common --format, with one more choice. */
	{ "format", O_FORMAT, "F",
	  "table (default), csv, json, jsonl, or html: one self-contained "
	  "page with charts, to save and send" },
	{ "goal", O_GOAL, "P",
	  "html: draw the met % goal P (0 < P <= 100) across the compliance "
	  "chart" },
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

/* A percentage, 0 < P <= 100, with an optional '%'. */
static int
parse_goal(struct cli_ctx *ctx, const char *s, double *goal)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end != s && *end == '%')
		end++;
	if (end == s || *end || errno || !(v > 0 && v <= 100))
		return cases_errf(ctx->err, CASES_EINVAL,
				  "bad --goal '%s' (expected a percentage "
				  "above 0 and at most 100, e.g. 95)",
				  s);
	*goal = v;
	return CASES_OK;
}

static int
report_opt(struct cli_ctx *ctx, int code, const char *optarg, void *args)
{
	static const char *const formats[] = { "table", "csv", "json", "jsonl",
					       "html" };
	struct report_args *a = args;
	char dym[SUGGEST_PHRASE_MAX];

	switch (code) {
	case O_SINCE:
		a->since = optarg;
		return CASES_OK;
	case O_UNTIL:
		a->until = optarg;
		return CASES_OK;
	case O_BY:
		return report_group_parse(optarg, &a->req.by, ctx->err);
	case O_FORMAT:
		ctx->format_set = 1;
		a->html = strcmp(optarg, "html") == 0;
		if (a->html) {
			/* Not the table: a terminal passes it through. */
			ctx->format = OUT_JSON;
			return CASES_OK;
		}
		if (out_format_parse(optarg, &ctx->format, ctx->err)
		    == CASES_OK)
			return CASES_OK;
		return cases_errf(
			ctx->err, CASES_EINVAL,
			"unknown format '%s' (%sexpected one of: "
			"table, csv, json, jsonl, html)",
			optarg,
			suggest_phrase(suggest_nearest(optarg, formats, 5),
				       dym));
	case O_GOAL:
		return parse_goal(ctx, optarg, &a->goal);
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
	if (!isnan(a->goal) && !a->html)
		return cases_errf(ctx->err, CASES_EINVAL,
				  "--goal draws on a chart: it needs "
				  "--format html");
	a->req.at = ctx->now;
	return CASES_OK;
}

/* The page is made in memory and written whole: an error leaves no half
 * page behind. */
static int
exec_html(struct cli_ctx *ctx, struct report_args *a)
{
	struct report_html_req h = { .req = a->req,
				     .zone = ctx->local,
				     .goal = a->goal };
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int rc;

	if (!mem)
		return cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
	rc = report_html_write(mem, ctx->st, &h, ctx->err);
	if (fclose(mem) != 0 && rc == CASES_OK)
		rc = cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
	if (rc == CASES_OK && fwrite(buf, 1, len, ctx->out) != len)
		rc = cli_flush(ctx);
	free(buf);
	return rc;
}

static int
exec_report(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct report_args *a = args;
	struct row_ctx x = { .ctx = ctx, .by = a->req.by };
	int past, rc = cli_past(ctx, &past);

	if (rc)
		return rc;
	if (past)
		report_req_past(&a->req);
	if (a->html)
		return exec_html(ctx, a);
	x.o = cli_out_new(ctx, report_cols,
			  (int)(sizeof(report_cols) / sizeof(report_cols[0])),
			  0);
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
	.goal = NAN,
};

const struct cli_cmd cmd_report = {
	.name = "report",
	.usage = "report [--since TIME] [--until TIME] "
		 "[--by plan|severity|account]\n"
		 "             [--format table|csv|json|jsonl|html [--goal P]]",
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
		"the period.\n"
		"At an --at T earlier than now, only the cases opened by T "
		"count, each with its facts at T (a response after T is not "
		"one); --since and --until select by opening time only.\n"
		"--format html writes one self-contained page (inline CSS "
		"and SVG; no script, nothing fetched; prints on A4): the "
		"period, grouping and time made in $TZ; the compliance table; "
		"met % per week (per day for a period under 31 days, weeks "
		"from Monday in $TZ) per group with the --goal line; the "
		"median and p90 time to first response per severity beside "
		"its target (the current target of the cases' plans); "
		"breaches per week by severity; and the breached cases (id, "
		"account, subject, times; the first 1000), with how late each "
		"was. Each chart has a table "
		"of its numbers.",
	.example = "cases report --since 2026-11-01T00:00:00Z "
		   "--until 2026-12-01T00:00:00Z\n"
		   "TZ=Europe/Paris cases report --since 2026-11-01 --until "
		   "2026-12-01 \\\n"
		   "    --format html --goal 95 > report.html",
	.opts = report_opts,
	.store = CLI_READ,
	.args_size = sizeof(struct report_args),
	.args_init = &report_init,
	.opt = report_opt,
	.prepare = report_prepare,
	.exec = exec_report,
};
