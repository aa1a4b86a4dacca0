/*
 * cmd-edit.c - `cases edit`: correct a case's subject or external id.
 */
#include "cli.h"

struct edit_args {
	const char *subject, *external_id;
};

enum { O_SUBJECT = OPT_FIRST_CMD, O_EXTERNAL_ID };

static const struct cli_opt edit_opts[] = {
	{ "subject", O_SUBJECT, "TEXT", "the new subject" },
	{ "external-id", O_EXTERNAL_ID, "ID", "the new external id" },
	CLI_OPT_END,
};

static int
edit_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	struct edit_args *a = args;

	(void)ctx;
	if (code == O_SUBJECT)
		a->subject = value;
	else
		a->external_id = value;
	return CASES_OK;
}

static int
prepare_edit(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct edit_args *a = args;

	(void)argc;
	(void)argv;
	if (!a->subject && !a->external_id)
		return cli_usage_error(ctx, "nothing to change: give "
					    "--subject, --external-id or both");
	return CASES_OK;
}

static int
edit(struct cli_ctx *ctx, struct case_rec *c, void *args)
{
	struct edit_args *a = args;

	return case_edit(ctx->st, c, a->subject, a->external_id, ctx->now,
			 ctx->err);
}

static int
exec_edit(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	(void)argc;
	return cli_case_change(ctx, argv[0], edit, args);
}

const struct cli_cmd cmd_edit = {
	.name = "edit",
	.usage = "edit ID [--subject TEXT] [--external-id ID]",
	.summary = "correct a case's subject or external id",
	.about = "Sets the subject, the external id or both (at least one), "
		 "checked as `open` checks them. Each change adds an "
		 "'edited' event at --at (default now) that keeps the old "
		 "value and says who made it; `show` lists it. An edit "
		 "changes no deadline.",
	.example = "cases edit 42 --subject \"Checkout returns 503\"",
	.opts = edit_opts,
	.operands = { 1, 1, "case ID" },
	.store = CLI_WRITE,
	.args_size = sizeof(struct edit_args),
	.opt = edit_opt,
	.prepare = prepare_edit,
	.exec = exec_edit,
};
