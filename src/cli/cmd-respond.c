/*
 * cmd-respond.c - `cases respond`: record the first response.
 */
#include "cli.h"

struct respond_args {
	const char *note;
};

enum { O_NOTE = OPT_FIRST_CMD };

static const struct cli_opt respond_opts[] = {
	{ "note", O_NOTE, "TEXT", "text kept with the event" },
	CLI_OPT_END,
};

static int
respond_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	((struct respond_args *)args)->note = value;
	return CASES_OK;
}

static int
respond(struct cli_ctx *ctx, struct case_rec *c, void *args)
{
	struct respond_args *a = args;
	int first;

	return case_respond(ctx->st, c, ctx->now, a->note, &first, ctx->err);
}

static int
exec_respond(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	return cli_case_change(ctx, argv[0], respond, args);
}

const struct cli_cmd cmd_respond = {
	.name = "respond",
	.usage = "respond ID [--note TEXT]",
	.summary = "record the first response to a case",
	.about = "The first call records the first response at --at (default "
		 "now); a response at the deadline meets the target, one "
		 "second later breaches it. Later calls add a note event and "
		 "keep the first response time.",
	.example = "cases respond 3f2a9c1b --at 2026-11-26T09:40:00Z",
	.opts = respond_opts,
	.operands = { 1, 1, "case ID" },
	.store = CLI_WRITE,
	.args_size = sizeof(struct respond_args),
	.opt = respond_opt,
	.exec = exec_respond,
};
