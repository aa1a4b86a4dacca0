/*
 * cmd-assign.c - `cases assign`: hand a case to a person, or take it
 * back from everybody (--unassign).
 */
#include "cli.h"

struct assign_args {
	int unassign;
	const char *agent;
};

enum { O_UNASSIGN = OPT_FIRST_CMD };

static const struct cli_opt assign_opts[] = {
	{ "unassign", O_UNASSIGN, NULL, "leave the case assigned to nobody" },
	CLI_OPT_END,
};

static int
assign_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	(void)ctx;
	(void)code;
	(void)value;
	((struct assign_args *)args)->unassign = 1;
	return CASES_OK;
}

static int
prepare_assign(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct assign_args *a = args;

	if (a->unassign && argc > 1)
		return cli_usage_error(ctx, "give AGENT or --unassign, not "
					    "both");
	if (!a->unassign && argc < 2)
		return cli_usage_error(ctx, "missing AGENT (or --unassign)");
	a->agent = a->unassign ? NULL : argv[1];
	if (a->agent)
		return case_name_check(a->agent, "assignee", ctx->err);
	return CASES_OK;
}

static int
assign(struct cli_ctx *ctx, struct case_rec *c, void *args)
{
	struct assign_args *a = args;

	return case_assign(ctx->st, c, a->agent, ctx->now, ctx->err);
}

static int
exec_assign(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	(void)argc;
	return cli_case_change(ctx, argv[0], assign, args);
}

const struct cli_cmd cmd_assign = {
	.name = "assign",
	.usage = "assign ID AGENT | assign ID --unassign",
	.summary = "hand a case to a person, or to nobody",
	.about = "Makes AGENT (a name, as --as takes) the case's assignee at "
		 "--at (default now); --unassign leaves it assigned to "
		 "nobody. The history keeps each change and who made it "
		 "(--as, else $CASES_AGENT, else the login name). Assignment "
		 "changes no deadline. `list` and `queue` show the assignee "
		 "and take --assignee NAME and --mine.",
	.example = "cases assign 42 alice\ncases assign 42 --unassign",
	.opts = assign_opts,
	.operands = { 1, 2, "case ID" },
	.store = CLI_WRITE,
	.args_size = sizeof(struct assign_args),
	.opt = assign_opt,
	.prepare = prepare_assign,
	.exec = exec_assign,
};
