/*
 * cmd-plan.c - `cases plan add|set|show`: plans are data.
 */
#include <string.h>

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
	O_TARGET,
	O_CLOCK,
	O_DISALLOW,
	O_ALLOW,
	O_DENY,
	O_CATEGORY,
	O_CHANNEL,
};

static const struct option plan_opts[] = {
	{ "from", required_argument, NULL, O_FROM },
	{ "severity", required_argument, NULL, 's' },
	{ "target", required_argument, NULL, O_TARGET },
	{ "clock", required_argument, NULL, O_CLOCK },
	{ "disallow", no_argument, NULL, O_DISALLOW },
	{ "allow", no_argument, NULL, O_ALLOW },
	{ "deny", no_argument, NULL, O_DENY },
	{ "category", required_argument, NULL, O_CATEGORY },
	{ "channel", required_argument, NULL, O_CHANNEL },
	{ NULL, 0, NULL, 0 },
};

static int
plan_opt(struct cli_ctx *ctx, int code, const char *optarg, void *arg)
{
	struct plan_args *a = arg;

	switch (code) {
	case O_FROM:
		a->from = optarg;
		return CASES_OK;
	case 's':
		return plan_severity_parse(optarg, &a->severity, ctx->err);
	case O_TARGET:
		return timefmt_parse_duration(optarg, &a->target, ctx->err);
	case O_CLOCK:
		return plan_clock_parse(optarg, &a->clock, ctx->err);
	case O_DISALLOW:
		a->disallow = 1;
		return CASES_OK;
	case O_ALLOW:
	case O_DENY:
		if (a->allow)
			return cli_usage_error(ctx, "give one of --allow and "
						    "--deny");
		a->allow = code == O_ALLOW ? 1 : -1;
		return CASES_OK;
	case O_CATEGORY:
		return plan_category_parse(optarg, &a->category, ctx->err);
	case O_CHANNEL:
		return plan_channel_parse(optarg, &a->channel, ctx->err);
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
plan_add(struct cli_ctx *ctx, struct plan_args *a, const char *name)
{
	struct plan p;
	int rc = plan_name_check(name, ctx->err);

	if (rc)
		return rc;
	if (a->severity || a->target || a->disallow || a->allow)
		return cli_usage_error(ctx, "'plan add' takes only --from; "
					    "use 'plan set' to change it");
	rc = cli_begin(ctx, 1);
	if (rc)
		return rc;
	rc = catalog_plan_add(ctx->st, name, a->from, ctx->now, &p, ctx->err);
	/* Printed before the commit, which a lost output cancels. */
	if (rc == CASES_OK)
		rc = print_plan(ctx, &p);
	return cli_end(ctx, rc);
}

static int
plan_set(struct cli_ctx *ctx, struct plan_args *a, const char *name)
{
	struct plan p;
	int rc;

	if (a->severity && a->allow)
		return cli_usage_error(ctx, "change a severity or an "
					    "entitlement, not both at once");
	if (a->severity) {
		if (!a->target == !a->disallow)
			return cli_usage_error(ctx, "give --target DURATION or "
						    "--disallow with "
						    "--severity");
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
	rc = cli_begin(ctx, 1);
	if (rc)
		return rc;
	if (a->severity)
		rc = catalog_plan_set_target(ctx->st, name, a->severity,
					     a->disallow ? 0 : a->target,
					     a->clock, ctx->now, &p, ctx->err);
	else
		rc = catalog_plan_set_entitlement(ctx->st, name, a->category,
						  a->channel, a->allow > 0,
						  ctx->now, &p, ctx->err);
	if (rc == CASES_OK)
		rc = print_plan(ctx, &p);
	return cli_end(ctx, rc);
}

static int
plan_show(struct cli_ctx *ctx, const char *name)
{
	struct plan p;
	int rc = cli_begin(ctx, 0);

	if (rc == CASES_OK)
		rc = store_plan_get(ctx->st, name, &p, ctx->err);
	rc = cli_end(ctx, rc);
	return rc ? rc : print_plan(ctx, &p);
}

static int
run_plan(struct cli_ctx *ctx, int argc, char **argv)
{
	struct plan_args a = { .clock = -1, .category = -1, .channel = -1 };
	const char *verb;
	int argi, rc;

	rc = cli_parse(ctx, argc, argv, plan_opts, plan_opt, &a, &argi);
	if (rc)
		return rc;
	if (argi >= argc)
		return cli_usage_error(ctx, "missing action (expected one of: "
					    "add, set, show)");
	verb = argv[argi++];
	rc = cli_operands(ctx, argc, argv, argi, 1, 1, "plan NAME");
	if (rc)
		return rc;
	if (strcmp(verb, "add") == 0)
		return plan_add(ctx, &a, argv[argi]);
	if (strcmp(verb, "set") == 0)
		return plan_set(ctx, &a, argv[argi]);
	if (strcmp(verb, "show") == 0)
		return plan_show(ctx, argv[argi]);
	return cli_usage_error(ctx,
			       "unknown action '%s' (expected one of: "
			       "add, set, show)",
			       verb);
}

const struct cli_cmd cmd_plan = {
	.name = "plan",
	.usage = "plan add NAME [--from PLAN]\n"
		 "       cases plan set NAME --severity S (--target DURATION "
		 "[--clock 24x7|business]\n"
		 "                                      | --disallow)\n"
		 "       cases plan set NAME (--allow | --deny) (--category C "
		 "| --channel CH)\n"
		 "       cases plan show NAME",
	.summary = "add and change plans (changes apply to cases opened "
		   "afterwards)",
	.help = "A new plan is empty unless --from copies another: no "
		"severity, the\naccount-billing and technical categories, "
		"every "
		"channel but api.\nTargets are at least 1s with no upper "
		"limit; "
		"--target without --clock\nkeeps the severity's clock (24x7 "
		"for "
		"a newly allowed severity).\n\noptions:\n"
		"  --from PLAN        copy PLAN's targets and entitlements\n"
		"  --severity S       the severity to allow or change\n"
		"  --target DURATION  its first-response target: 15m, 4h, "
		"1h30m, 2d\n"
		"  --clock C          24x7 or business\n"
		"  --disallow         stop allowing the severity\n"
		"  --allow, --deny    include or exclude a category or "
		"channel\n"
		"  --category C       a category (see 'cases open --help')\n"
		"  --channel CH       console, email, phone, chat or api\n"
		"\nexample:\n"
		"  cases plan add premium --from business\n"
		"  cases plan set premium --severity business-critical "
		"--target 30m\n"
		"  cases plan set premium --allow --category architecture\n",
	.run = run_plan,
};
