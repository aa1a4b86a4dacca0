/*
 * cmd-resolve.c - `cases resolve`: close a case.
 */
#include "cli.h"

static int
resolve(struct cli_ctx *ctx, struct case_rec *c, void *arg)
{
	return case_resolve(ctx->st, c, ctx->now, ctx->err);
}

static int
run_resolve(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_case_action(ctx, argc, argv, NULL, NULL, resolve, NULL);
}

const struct cli_cmd cmd_resolve = {
	.name = "resolve",
	.usage = "resolve ID",
	.summary = "resolve a case",
	.help = "A case resolved without a first response is no longer "
		"overdue.\n\nexample:\n"
		"  cases resolve 3f2a9c1b\n",
	.run = run_resolve,
};
