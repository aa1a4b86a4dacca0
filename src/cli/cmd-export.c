/*
 * cmd-export.c - `cases export`: cases out in the `list` record formats,
 * oldest first, for `cases import` (SPEC §3).
 */
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cli.h"

struct export_args {
	struct filter_args fa;
	int status;
	const char *since, *until;
};

enum { O_STATUS = OPT_FIRST_CMD, O_SINCE, O_UNTIL };

static const struct option export_opts[] = {
	{ "plan", required_argument, NULL, 'p' },
	{ "severity", required_argument, NULL, 's' },
	{ "account", required_argument, NULL, 'a' },
	{ "status", required_argument, NULL, O_STATUS },
	{ "since", required_argument, NULL, O_SINCE },
	{ "until", required_argument, NULL, O_UNTIL },
	{ NULL, 0, NULL, 0 },
};

static int
export_opt(struct cli_ctx *ctx, int code, const char *optarg, void *arg)
{
	struct export_args *a = arg;

	switch (code) {
	case O_STATUS:
		return case_status_parse(optarg, &a->status, ctx->err);
	case O_SINCE:
		a->since = optarg;
		return CASES_OK;
	case O_UNTIL:
		a->until = optarg;
		return CASES_OK;
	}
	return cli_filter_opt(ctx, code, optarg, &a->fa);
}

static int
row_cb(void *arg, const struct case_rec *c)
{
	case_out_row(arg, c, 0, 0);
	out_row_end(arg);
	return 0;
}

static int
run_export(struct cli_ctx *ctx, int argc, char **argv)
{
	struct export_args a = { .status = -1 };
	struct case_filter f = CASE_FILTER_INIT;
	int64_t since = INT64_MIN, until = INT64_MAX;
	struct out *o;
	int argi, rc;

	rc = cli_parse(ctx, argc, argv, export_opts, export_opt, &a, &argi);
	if (rc == CASES_OK)
		rc = cli_operands(ctx, argc, argv, argi, 0, 0, "");
	if (rc == CASES_OK && a.since)
		rc = timefmt_parse_instant(a.since, ctx->local, &since,
					   ctx->err);
	if (rc == CASES_OK && a.until)
		rc = timefmt_parse_instant(a.until, ctx->local, &until,
					   ctx->err);
	if (rc)
		return rc;
	if (!ctx->format_set)
		ctx->format = OUT_JSONL;
	if (ctx->format != OUT_JSONL && ctx->format != OUT_CSV)
		return cases_errf(ctx->err, CASES_EINVAL,
				  "export writes jsonl or csv, not '%s' "
				  "(expected one of: jsonl, csv)",
				  out_format_name(ctx->format));
	rc = cli_begin(ctx, 0);
	if (rc)
		return rc;
	rc = cli_filter_resolve(ctx, &a.fa, &f);
	if (rc)
		return cli_end(ctx, rc);
	f.status = a.status;
	o = case_out_new(ctx, 0, NULL, NULL);
	if (!o)
		return cli_end(ctx, cases_errf(ctx->err, CASES_ENOMEM,
					       "out of memory"));
	rc = store_case_export(ctx->st, &f, since, until, row_cb, o, ctx->err);
	if (rc)
		out_free(o);
	else
		rc = cli_out_free(ctx, o);
	return cli_end(ctx, rc);
}

const struct cli_cmd cmd_export = {
	.name = "export",
	.usage = "export [--status open|responded|resolved|all] [--plan P]\n"
		 "            [--severity S] [--account A] [--since TIME]\n"
		 "            [--until TIME] [--format jsonl|csv]",
	.summary = "cases out as JSON lines or CSV, oldest first, for import",
	.help = "Writes every case (default) or those matching the\n"
		"filters, in the `list` record formats, ordered by opening\n"
		"time then id: the same database always exports the same\n"
		"bytes.\n"
		"\noptions:\n"
		"  --status S         open, responded, resolved or all "
		"(default)\n"
		"  --plan P           only cases on plan P\n"
		"  --severity S       only cases of severity S\n"
		"  --account A        only cases of account A\n"
		"  --since TIME       only cases opened at or after TIME\n"
		"  --until TIME       only cases opened before TIME\n"
		"  --format F         jsonl (default) or csv\n"
		"\nexample:\n"
		"  cases export --format csv > cases.csv\n",
	.run = run_export,
};
