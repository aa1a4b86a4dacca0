/*
 * cmd-open.c - `cases open`: open a case.
 */
#include "cli.h"

struct open_args {
	struct case_open_req req;
};

enum { O_CATEGORY = OPT_FIRST_CMD, O_CHANNEL, O_CALENDAR, O_TZ, O_EXT };

static const struct option open_opts[] = {
	{ "severity", required_argument, NULL, 's' },
	{ "plan", required_argument, NULL, 'p' },
	{ "account", required_argument, NULL, 'a' },
	{ "subject", required_argument, NULL, 'm' },
	{ "category", required_argument, NULL, O_CATEGORY },
	{ "channel", required_argument, NULL, O_CHANNEL },
	{ "calendar", required_argument, NULL, O_CALENDAR },
	{ "tz", required_argument, NULL, O_TZ },
	{ "external-id", required_argument, NULL, O_EXT },
	{ NULL, 0, NULL, 0 },
};

static int
open_opt(struct cli_ctx *ctx, int code, const char *optarg, void *arg)
{
	struct case_open_req *r = &((struct open_args *)arg)->req;

	switch (code) {
	case 's':
		return plan_severity_parse(optarg, &r->severity, ctx->err);
	case 'p':
		r->plan = optarg;
		return CASES_OK;
	case 'a':
		r->account = optarg;
		return CASES_OK;
	case 'm':
		r->subject = optarg;
		return CASES_OK;
	case O_CATEGORY:
		return plan_category_parse(optarg, &r->category, ctx->err);
	case O_CHANNEL:
		return plan_channel_parse(optarg, &r->channel, ctx->err);
	case O_CALENDAR:
		r->calendar = optarg;
		return CASES_OK;
	case O_TZ:
		r->tz = optarg;
		return CASES_OK;
	case O_EXT:
		r->external_id = optarg;
		return CASES_OK;
	}
	return cli_usage_error(ctx, "unknown option");
}

static int
run_open(struct cli_ctx *ctx, int argc, char **argv)
{
	struct open_args a = { .req = { .category = CAT_TECHNICAL,
					.channel = CH_CONSOLE } };
	struct case_rec c;
	int argi, rc;

	rc = cli_parse(ctx, argc, argv, open_opts, open_opt, &a, &argi);
	if (rc == CASES_OK)
		rc = cli_operands(ctx, argc, argv, argi, 0, 0, "");
	if (rc)
		return rc;
	if (!a.req.plan == !a.req.account)
		return cli_usage_error(ctx, "give exactly one of --plan and "
					    "--account");
	if (a.req.calendar && a.req.tz)
		return cli_usage_error(ctx, "give at most one of --calendar "
					    "and --tz");
	if (!a.req.subject)
		return cli_usage_error(ctx, "missing --subject");
	a.req.opened_at = ctx->now;
	case_rec_init(&c);
	rc = cli_begin(ctx, 1);
	if (rc == CASES_OK)
		rc = case_open(ctx->st, &a.req, &c, ctx->err);
	/* Printed before the commit: an id the user never saw is not
	 * stored, so a retry cannot open the case twice. */
	if (rc == CASES_OK)
		rc = case_out_one(ctx, &c);
	/* A failed commit (disk full) must still free the opened case. */
	rc = cli_end(ctx, rc);
	case_rec_release(&c);
	return rc;
}

const struct cli_cmd cmd_open = {
	.name = "open",
	.usage = "open --severity S (--plan P | --account A) --subject TEXT\n"
		 "            [--category C] [--channel CH] "
		 "[--calendar CAL | --tz ZONE]\n"
		 "            [--external-id X]",
	.summary = "open a case; prints its id",
	.help = "options:\n"
		"  --severity S       general, system-impaired, "
		"prod-impaired,\n"
		"                     prod-down or business-critical "
		"(aliases:\n"
		"                     low, normal, high, urgent, critical);\n"
		"                     optional for account-billing (general)\n"
		"  --plan P           the plan (basic, developer, business,\n"
		"                     enterprise or one of 'cases plans')\n"
		"  --account A        the customer; its plan and calendar\n"
		"  --subject TEXT     what the case is about\n"
		"  --category C       technical (default), account-billing,\n"
		"                     use-case-guidance, third-party,\n"
		"                     architecture, event-management\n"
		"  --channel CH       console (default), email, phone, chat, "
		"api\n"
		"  --calendar CAL     count business hours on calendar CAL\n"
		"  --tz ZONE          default hours (mon-fri 08:00-18:00) in "
		"ZONE\n"
		"  --external-id X    an id from another system (unique)\n"
		"\nA severity, category or channel the plan does not include "
		"is\nrejected (exit 2) and nothing is written.\n"
		"\nexample:\n"
		"  cases open --plan business --severity prod-down \\\n"
		"      --subject 'Checkout returns 502'\n",
	.run = run_open,
};
