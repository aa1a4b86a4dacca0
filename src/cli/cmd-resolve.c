/*
 * cmd-resolve.c - `cases resolve`: close a case.
 */
#include "cli.h"

struct resolve_args {
	const char *note;
};

enum { O_NOTE = OPT_FIRST_CMD };

static const struct cli_opt resolve_opts[] = {
	{ "note", O_NOTE, "TEXT", "a note added with the resolution" },
	CLI_OPT_END,
};

static int
resolve_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	((struct resolve_args *)args)->note = value;
	return CASES_OK;
}

static int
resolve(struct cli_ctx *ctx, struct case_rec *c, void *args)
{
	struct resolve_args *a = args;
	int rc = CASES_OK;

	/* The note is checked first, so that a bad one changes nothing. */
	if (a->note)
		rc = case_text_check(a->note, "note", ctx->err);
	if (rc == CASES_OK)
		rc = case_resolve(ctx->st, c, ctx->now, ctx->err);
	if (rc == CASES_OK && a->note)
		rc = case_note(ctx->st, c, ctx->now, a->note, ctx->err);
	return rc;
}

static int
exec_resolve(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	return cli_case_change(ctx, argv[0], resolve, args);
}

const struct cli_cmd cmd_resolve = {
	.name = "resolve",
	.usage = "resolve ID [--note TEXT]",
	.summary = "resolve a case",
	.about = "A case resolved without a first response is no longer "
		 "overdue. --note adds a note at the same time.",
	.example = "cases resolve 3f2a9c1b --note \"fixed by the 14:05 "
		   "deploy\"",
	.opts = resolve_opts,
	.operands = { 1, 1, "case ID" },
	.store = CLI_WRITE,
	.args_size = sizeof(struct resolve_args),
	.opt = resolve_opt,
	.exec = exec_resolve,
};
