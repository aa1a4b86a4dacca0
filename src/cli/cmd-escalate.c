/*
 * cmd-escalate.c - `cases escalate`: change a case's severity.
 */
#include "cli.h"

struct escalate_args {
	int severity;
};

enum { O_SEVERITY = OPT_FIRST_CMD };

static const struct cli_opt escalate_opts[] = {
	{ "severity", O_SEVERITY, "S", "the new severity" },
	CLI_OPT_END,
};

static const struct escalate_args escalate_init = { SEV_NONE };

static int
escalate_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	struct escalate_args *a = args;

	return plan_severity_parse(value, &a->severity, ctx->err);
}

static int
escalate(struct cli_ctx *ctx, struct case_rec *c, void *args)
{
	struct escalate_args *a = args;

	if (a->severity == SEV_NONE)
		return cli_usage_error(ctx, "missing --severity");
	return case_escalate(ctx->st, c, a->severity, ctx->now, ctx->err);
}

static int
exec_escalate(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	return cli_case_change(ctx, argv[0], escalate, args);
}

const struct cli_cmd cmd_escalate = {
	.name = "escalate",
	.usage = "escalate ID --severity S",
	.summary = "change a case's severity (up or down)",
	.about = "Before the first response the deadline is recomputed from "
		 "the time the case was opened with the new severity's target "
		 "(elapsed time is kept); it may be past at once. After the "
		 "first response the deadline stays. The plan the case was "
		 "opened under must allow the severity; a recorded breach "
		 "stays recorded.",
	.example = "cases escalate 3f2a9c1b --severity business-critical",
	.opts = escalate_opts,
	.operands = { 1, 1, "case ID" },
	.store = CLI_WRITE,
	.args_size = sizeof(struct escalate_args),
	.args_init = &escalate_init,
	.opt = escalate_opt,
	.exec = exec_escalate,
};
