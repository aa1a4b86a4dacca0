/*
 * cmd-export.c - `cases export`: cases out in the `list` record formats,
 * oldest first, for `cases import` (docs/formats.md 8).
 */
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cli.h"

static const struct cli_opt export_opts[] = {
	{ "status", LIST_STATUS, "S",
	  "open, responded, resolved or all (default)" },
	CLI_FILTER_OPTS,
	{ "since", LIST_SINCE, "TIME", "only cases opened at or after TIME" },
	{ "until", LIST_UNTIL, "TIME", "only cases opened before TIME" },
	/* The common --format, with fewer choices. */
	{ "format", OPT_FORMAT, "F", "jsonl (default) or csv" },
	CLI_OPT_END,
};

static int
export_prepare(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct cli_listing *l = args;
	int rc = CASES_OK;

	if (l->since)
		rc = cli_time(ctx, l->since, &l->from);
	if (rc == CASES_OK && l->until)
		rc = cli_time(ctx, l->until, &l->to);
	if (rc)
		return rc;
	if (!ctx->format_set)
		ctx->format = OUT_JSONL;
	if (ctx->format != OUT_JSONL && ctx->format != OUT_CSV)
		return cases_errf(ctx->err, CASES_EINVAL,
				  "export writes jsonl or csv, not '%s' "
				  "(expected one of: jsonl, csv)",
				  out_format_name(ctx->format));
	return CASES_OK;
}

static const struct cli_listing export_init = {
	.status = -1,
	.from = INT64_MIN,
	.to = INT64_MAX,
	.query = store_case_export,
	/* What import reads back: no state that depends on the time of
	 * the export, so that the same database exports the same bytes. */
	.fields = "id,external_id,account,plan,severity,category,channel,"
		  "status,opened_at,due_at,first_response_at,resolved_at,"
		  "breached_at,subject,number,assignee",
};

const struct cli_cmd cmd_export = {
	.name = "export",
	.usage = "export [--status open|responded|resolved|all] [--plan P]\n"
		 "            [--severity S] [--account A]\n"
		 "            [--assignee NAME | --mine] [--since TIME]\n"
		 "            [--until TIME] [--format jsonl|csv]",
	.summary = "cases out as JSON lines or CSV, oldest first, for import",
	.about = "Writes every case (default) or those matching the filters, "
		 "in the `list` record formats, ordered by opening time then "
		 "id: the same database always exports the same bytes.",
	.example = "cases export --format csv > cases.csv",
	.opts = export_opts,
	.prepare = export_prepare,
	CLI_LISTING(export_init),
};
