/*
 * cmd-escalate.c - `cases escalate`: change a case's severity.
 */
#include "cli.h"

struct escalate_args {
	int severity;
};

static const struct option escalate_opts[] = {
	{ "severity", required_argument, NULL, 's' },
	{ NULL, 0, NULL, 0 },
};

static int
escalate_opt(struct cli_ctx *ctx, int code, const char *optarg, void *arg)
{
	struct escalate_args *a = arg;

	return plan_severity_parse(optarg, &a->severity, ctx->err);
}

static int
escalate(struct cli_ctx *ctx, struct case_rec *c, void *arg)
{
	struct escalate_args *a = arg;

	if (a->severity == SEV_NONE)
		return cli_usage_error(ctx, "missing --severity");
	return case_escalate(ctx->st, c, a->severity, ctx->now, ctx->err);
}

static int
run_escalate(struct cli_ctx *ctx, int argc, char **argv)
{
	struct escalate_args a = { SEV_NONE };

	return cli_case_action(ctx, argc, argv, escalate_opts, escalate_opt,
			       escalate, &a);
}

const struct cli_cmd cmd_escalate = {
	.name = "escalate",
	.usage = "escalate ID --severity S",
	.summary = "change a case's severity (up or down)",
	.help = "Before the first response the deadline is recomputed from "
		"the time\nthe case was opened with the new severity's target "
		"(elapsed time is\nkept); it may be past at once. After the "
		"first response the deadline\nstays. The plan the case was "
		"opened under must allow the severity;\na recorded breach "
		"stays recorded.\n\noptions:\n"
		"  --severity S       the new severity\n"
		"\nexample:\n"
		"  cases escalate 3f2a9c1b --severity business-critical\n",
	.run = run_escalate,
};
