/*
 * cmd-resolve.c - `cases resolve`: close a case.
 */
#include "cli.h"

static int
resolve(struct cli_ctx *ctx, struct case_rec *c, void *args)
{
	return case_resolve(ctx->st, c, ctx->now, ctx->err);
}

static int
exec_resolve(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	return cli_case_change(ctx, argv[0], resolve, NULL);
}

const struct cli_cmd cmd_resolve = {
	.name = "resolve",
	.usage = "resolve ID",
	.summary = "resolve a case",
	.about = "A case resolved without a first response is no longer "
		 "overdue.",
	.example = "cases resolve 3f2a9c1b",
	.operands = { 1, 1, "case ID" },
	.store = CLI_WRITE,
	.exec = exec_resolve,
};
