/*
 * cmd-respond.c - `cases respond`: record the first response.
 */
#include "cli.h"

struct respond_args {
	const char *note;
};

static const struct option respond_opts[] = {
	{ "note", required_argument, NULL, 'm' },
	{ NULL, 0, NULL, 0 },
};

static int
respond_opt(struct cli_ctx *ctx, int code, const char *optarg, void *arg)
{
	((struct respond_args *)arg)->note = optarg;
	return CASES_OK;
}

static int
respond(struct cli_ctx *ctx, struct case_rec *c, void *arg)
{
	struct respond_args *a = arg;
	int first;

	return case_respond(ctx->st, c, ctx->now, a->note, &first, ctx->err);
}

static int
run_respond(struct cli_ctx *ctx, int argc, char **argv)
{
	struct respond_args a = { 0 };

	return cli_case_action(ctx, argc, argv, respond_opts, respond_opt,
			       respond, &a);
}

const struct cli_cmd cmd_respond = {
	.name = "respond",
	.usage = "respond ID [--note TEXT]",
	.summary = "record the first response to a case",
	.help = "The first call records the first response at --at (default "
		"now); a\nresponse at the deadline meets the target, one second "
		"later breaches\nit. Later calls add a note event and keep the "
		"first response time.\n\noptions:\n"
		"  --note TEXT        text kept with the event\n"
		"\nexample:\n"
		"  cases respond 3f2a9c1b --at 2026-11-26T09:40:00Z\n",
	.run = run_respond,
};
