/*
 * cmd-reopen.c - `cases reopen`: return a resolved case to work.
 */
#include "cli.h"

static int
reopen(struct cli_ctx *ctx, struct case_rec *c, void *args)
{
	return case_reopen(ctx->st, c, ctx->now, ctx->err);
}

static int
exec_reopen(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	return cli_case_change(ctx, argv[0], reopen, NULL);
}

const struct cli_cmd cmd_reopen = {
	.name = "reopen",
	.usage = "reopen ID",
	.summary = "reopen a resolved case",
	.about = "The case returns to 'responded', or to 'open' if it never "
		 "had a first response; its deadline and first-response "
		 "outcome are kept.",
	.example = "cases reopen 3f2a9c1b",
	.operands = { 1, 1, "case ID" },
	.store = CLI_WRITE,
	.exec = exec_reopen,
};
