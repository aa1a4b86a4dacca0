/*
 * cmd-reopen.c - `cases reopen`: return a resolved case to work.
 */
#include "cli.h"

static int
reopen(struct cli_ctx *ctx, struct case_rec *c, void *arg)
{
	return case_reopen(ctx->st, c, ctx->now, ctx->err);
}

static int
run_reopen(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_case_action(ctx, argc, argv, NULL, NULL, reopen, NULL);
}

const struct cli_cmd cmd_reopen = {
	.name = "reopen",
	.usage = "reopen ID",
	.summary = "reopen a resolved case",
	.help = "The case returns to 'responded', or to 'open' if it never "
		"had a first\nresponse; its deadline and first-response "
		"outcome are kept.\n\nexample:\n"
		"  cases reopen 3f2a9c1b\n",
	.run = run_reopen,
};
