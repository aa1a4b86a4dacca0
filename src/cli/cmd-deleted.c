/*
 * cmd-deleted.c - `cases deleted`: the deletion log (sql/009), oldest
 * deletion first. Also the row writer `cases delete` prints with.
 */
#include "cases/store.h"
#include "cli.h"

static const struct out_col deleted_cols[] = {
	{ "number", "#", COL_INT, COL_KEEP | COL_HASH },
	{ "id", "ID", COL_STR, COL_NOTABLE },
	{ "external_id", "EXTERNAL", COL_STR, COL_NOTABLE },
	{ "deleted_at", "DELETED", COL_TIME, 0 },
	{ "deleted_by", "BY", COL_STR, COL_SHRINK | COL_DROP(2) },
	{ "account", "ACCOUNT", COL_STR, COL_SHRINK | COL_DROP(3) },
	{ "plan", "PLAN", COL_STR, COL_NOTABLE },
	{ "severity", "SEVERITY", COL_STR, COL_NOTABLE },
	{ "opened_at", "OPENED", COL_TIME, COL_DROP(4) },
	{ "due_at", "DUE", COL_TIME, COL_NOTABLE },
	{ "first_response_at", "RESPONDED", COL_TIME, COL_NOTABLE },
	{ "resolved_at", "RESOLVED", COL_TIME, COL_NOTABLE },
	{ "subject", "SUBJECT", COL_STR, COL_REST },
};

struct out *
deleted_out_new(struct cli_ctx *ctx, int single)
{
	return cli_out_new(
		ctx, deleted_cols,
		(int)(sizeof(deleted_cols) / sizeof(deleted_cols[0])), single);
}

int
deleted_out_row(void *arg, const struct deleted_rec *d)
{
	struct out *o = arg;

	out_int(o, d->number);
	out_str(o, d->id);
	out_str(o, d->external_id);
	out_time(o, d->deleted_at);
	out_str(o, d->deleted_by);
	out_str(o, d->account);
	out_str(o, d->plan);
	out_str(o, plan_severity_name(d->severity));
	out_time(o, d->opened_at);
	out_time(o, d->due_at);
	out_time(o, d->first_response_at);
	out_time(o, d->resolved_at);
	out_str(o, d->subject);
	out_row_end(o);
	return 0;
}

struct deleted_args {
	const char *fields;
	int no_headers;
};

static const struct cli_opt deleted_opts[] = {
	{ "fields", LIST_FIELDS, "F1,F2",
	  "only these fields, in this order\n(names as in the JSON)" },
	{ "no-headers", LIST_NO_HEADERS, NULL,
	  "no heading line (table and csv)" },
	CLI_OPT_END,
};

static int
deleted_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	struct deleted_args *a = args;

	(void)ctx;
	if (code == LIST_FIELDS)
		a->fields = value;
	else
		a->no_headers = 1;
	return CASES_OK;
}

static int
exec_deleted(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct deleted_args *a = args;
	struct out *o = deleted_out_new(ctx, 0);
	int rc;

	(void)argc;
	(void)argv;
	if (!o)
		return cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
	out_set_headers(o, !a->no_headers);
	if (a->fields && (rc = out_select(o, a->fields, ctx->err)) != 0) {
		out_discard(o);
		return rc;
	}
	rc = store_deleted_each(ctx->st, deleted_out_row, o, ctx->err);
	if (rc) {
		out_discard(o);
		return rc;
	}
	if (out_rows(o) == 0 && ctx->format == OUT_TABLE
	    && out_term_width(ctx->out) > 0)
		fputs("no deleted cases\n", ctx->errf);
	return cli_out_free(ctx, o);
}

const struct cli_cmd cmd_deleted = {
	.name = "deleted",
	.usage = "deleted [--fields F1,F2] [--no-headers]",
	.summary = "the log of deleted cases",
	.about = "Every case removed by `cases delete`, oldest deletion "
		 "first: its number (never given to another case), when and "
		 "by whom it was deleted, its account and subject; JSON and "
		 "CSV rows also carry its id, external id, plan, severity, "
		 "and its opening, deadline, first-response and resolution "
		 "times. `cases show` of a deleted number says when and by "
		 "whom it was deleted.",
	.example = "cases deleted --format json",
	.opts = deleted_opts,
	.operands = { 0, 0, "" },
	.store = CLI_READ,
	.args_size = sizeof(struct deleted_args),
	.opt = deleted_opt,
	.exec = exec_deleted,
};
