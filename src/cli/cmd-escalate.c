/*
 * cmd-escalate.c - `cases escalate`: change a case's severity.
 */
#include "cli.h"

struct escalate_args {
	int severity;
	const char *note;
};

enum { O_SEVERITY = OPT_FIRST_CMD, O_NOTE };

static const struct cli_opt escalate_opts[] = {
	{ "severity", O_SEVERITY, "S", "the new severity" },
	{ "note", O_NOTE, "TEXT", "a note added with the change (why)" },
	CLI_OPT_END,
};

static const struct escalate_args escalate_init = { SEV_NONE, NULL };

static int
escalate_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	struct escalate_args *a = args;

	if (code == O_NOTE) {
		a->note = value;
		return CASES_OK;
	}
	return plan_severity_parse(value, &a->severity, ctx->err);
}

static int
escalate(struct cli_ctx *ctx, struct case_rec *c, void *args)
{
	struct escalate_args *a = args;

	int rc = CASES_OK;

	if (a->severity == SEV_NONE)
		return cli_usage_error(ctx, "missing --severity");
	/* The note is checked first, so that a bad one changes nothing. */
	if (a->note)
		rc = case_text_check(a->note, "note", ctx->err);
	if (rc == CASES_OK)
		rc = case_escalate(ctx->st, c, a->severity, ctx->now, ctx->err);
	if (rc == CASES_OK && a->note)
		rc = case_note(ctx->st, c, ctx->now, a->note, ctx->err);
	return rc;
}

static int
exec_escalate(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	return cli_case_change(ctx, argv[0], escalate, args);
}

const struct cli_cmd cmd_escalate = {
	.name = "escalate",
	.usage = "escalate ID --severity S [--note TEXT]",
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
