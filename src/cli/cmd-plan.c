/*
 * cmd-plan.c - `cases plan add|set|rm|show`: plans are data.
 */
#include "cases/catalog.h"
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cli.h"

struct plan_args {
	const char *from;
	int severity;
	int64_t target;
	int clock; /* -1: keep the current clock */
	int disallow;
	int allow; /* 1 allow, -1 deny, 0 none */
	int category;
	int channel;
};

enum {
	O_FROM = OPT_FIRST_CMD,
	O_SEVERITY,
	O_TARGET,
	O_CLOCK,
	O_ALLOW,
	O_DENY,
	O_CATEGORY,
	O_CHANNEL,
};

static const struct cli_opt plan_opts[] = {
	{ "from", O_FROM, "PLAN", "copy PLAN's targets and entitlements" },
	{ "severity", O_SEVERITY, "S", "the severity to allow or change" },
	{ "target", O_TARGET, "DURATION",
	  "its first-response target: 15m, 4h, 1h30m, 2d" },
	{ "clock", O_CLOCK, "C", "24x7 or business" },
	/* --deny is the one name; --disallow, its old name for a severity,
	 * stays as a hidden alias. */
	{ "disallow", O_DENY, NULL, NULL },
	{ "allow", O_ALLOW, NULL, "include a category or channel" },
	{ "deny", O_DENY, NULL,
	  "exclude a severity, category or channel (alias: --disallow)" },
	{ "category", O_CATEGORY, "C", "a category (see 'cases open --help')" },
	{ "channel", O_CHANNEL, "CH", "console, email, phone, chat or api" },
	CLI_OPT_END,
};

static int
plan_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	struct plan_args *a = args;

	switch (code) {
	case O_FROM:
		a->from = value;
		return CASES_OK;
	case O_SEVERITY:
		return plan_severity_parse(value, &a->severity, ctx->err);
	case O_TARGET:
		return timefmt_parse_duration(value, &a->target, ctx->err);
	case O_CLOCK:
		return plan_clock_parse(value, &a->clock, ctx->err);
	case O_ALLOW:
	case O_DENY:
		if (a->allow)
			return cli_usage_error(ctx, "give one of --allow and "
						    "--deny");
		a->allow = code == O_ALLOW ? 1 : -1;
		return CASES_OK;
	case O_CATEGORY:
		return plan_category_parse(value, &a->category, ctx->err);
	case O_CHANNEL:
		return plan_channel_parse(value, &a->channel, ctx->err);
	}
	return cli_usage_error(ctx, "unknown option");
}

static int
print_plan(struct cli_ctx *ctx, const struct plan *p)
{
	struct out *o = plan_out_new(ctx, 1);

	if (o)
		plan_out_row(o, p);
	return cli_out_free(ctx, o);
}

static int
prepare_add(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct plan_args *a = args;
	int rc = plan_name_check(argv[0], ctx->err);

	if (rc)
		return rc;
	if (a->severity || a->target || a->disallow || a->allow)
		return cli_usage_error(ctx, "'plan add' takes only --from; "
					    "use 'plan set' to change it");
	return CASES_OK;
}

/* The plan as the change left it is printed before the runner commits,
 * which a lost output cancels. */
static int
exec_add(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct plan_args *a = args;
	struct plan p;
	int rc = catalog_plan_add(ctx->st, argv[0], a->from, ctx->now, &p,
				  ctx->err);

	return rc ? rc : print_plan(ctx, &p);
}

static int
prepare_set(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct plan_args *a = args;

	/* --severity S --deny stops allowing S; a severity is allowed by
	 * giving it a target. */
	if (a->severity && a->allow < 0 && a->category < 0 && a->channel < 0) {
		a->disallow = 1;
		a->allow = 0;
	}
	if (a->severity && a->allow > 0 && a->category < 0 && a->channel < 0)
		return cli_usage_error(ctx,
				       "a severity is allowed by giving it "
				       "a --target DURATION");
	if (a->severity && a->allow)
		return cli_usage_error(ctx, "change a severity or an "
					    "entitlement, not both at once");
	if (a->severity) {
		if (!a->target == !a->disallow)
			return cli_usage_error(ctx, "give --target DURATION or "
						    "--deny with --severity");
		if (a->disallow && a->clock >= 0)
			return cli_usage_error(ctx, "--clock goes with "
						    "--target");
	} else if (a->allow) {
		if ((a->category >= 0) == (a->channel >= 0))
			return cli_usage_error(ctx, "give one --category or "
						    "--channel with --allow "
						    "or --deny");
	} else {
		return cli_usage_error(ctx, "nothing to change: give "
					    "--severity or --allow/--deny");
	}
	return CASES_OK;
}

static int
exec_set(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct plan_args *a = args;
	struct plan p;
	int rc;

	if (a->severity)
		rc = catalog_plan_set_target(ctx->st, argv[0], a->severity,
					     a->disallow ? 0 : a->target,
					     a->clock, ctx->now, &p, ctx->err);
	else
		rc = catalog_plan_set_entitlement(ctx->st, argv[0], a->category,
						  a->channel, a->allow > 0,
						  ctx->now, &p, ctx->err);
	return rc ? rc : print_plan(ctx, &p);
}

static int
prepare_rm(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct plan_args *a = args;

	if (a->from || a->severity || a->target || a->clock >= 0 || a->disallow
	    || a->allow || a->category >= 0 || a->channel >= 0)
		return cli_usage_error(ctx, "'plan rm' takes only a name");
	return CASES_OK;
}

/* The plan as it was is printed once it is gone. */
static int
exec_rm(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct plan p;
	int rc = store_plan_get(ctx->st, argv[0], &p, ctx->err);

	if (rc == CASES_OK)
		rc = catalog_plan_rm(ctx->st, argv[0], ctx->err);
	return rc ? rc : print_plan(ctx, &p);
}

static int
exec_show(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct plan p;
	int rc = store_plan_get(ctx->st, argv[0], &p, ctx->err);

	return rc ? rc : print_plan(ctx, &p);
}

static const struct cli_verb plan_verbs[] = {
	{ "add", { 1, 1, "plan NAME" }, CLI_WRITE, prepare_add, exec_add },
	{ "set", { 1, 1, "plan NAME" }, CLI_WRITE, prepare_set, exec_set },
	{ "rm", { 1, 1, "plan NAME" }, CLI_WRITE, prepare_rm, exec_rm },
	{ "show", { 1, 1, "plan NAME" }, CLI_READ, NULL, exec_show },
	{ NULL },
};

static const struct plan_args plan_init = {
	.clock = -1,
	.category = -1,
	.channel = -1,
};

const struct cli_cmd cmd_plan = {
	.name = "plan",
	.usage = "plan add NAME [--from PLAN]\n"
		 "       cases plan set NAME --severity S\n"
		 "                 (--target DURATION [--clock 24x7|business] "
		 "| --deny)\n"
		 "       cases plan set NAME (--allow | --deny) (--category C "
		 "| --channel CH)\n"
		 "       cases plan rm NAME\n"
		 "       cases plan show NAME",
	.summary = "add and change plans (changes apply to cases opened "
		   "afterwards)",
	.about = "A new plan is empty unless --from copies another: no "
		 "severity, the account-billing and technical categories, "
		 "every channel but api. Targets are at least 1s with no upper "
		 "limit; --target without --clock keeps the severity's clock "
		 "(24x7 for a newly allowed severity).\n\n"
		 "'rm' removes a plan no account and no case uses, with its "
		 "versions, else names what uses it. The four plans a new "
		 "database starts with are no different: an unused one may be "
		 "removed ('plan add' makes an empty plan, not the old one).",
	.example = "cases plan add premium --from business\n"
		   "cases plan set premium --severity business-critical "
		   "--target 30m\n"
		   "cases plan set premium --allow --category architecture",
	.opts = plan_opts,
	.args_size = sizeof(struct plan_args),
	.args_init = &plan_init,
	.opt = plan_opt,
	.verbs = plan_verbs,
};
