/*
 * cmd-open.c - `cases open`: open a case.
 */
#include "cli.h"

struct open_args {
	struct case_open_req req;
};

enum {
	O_SEVERITY = OPT_FIRST_CMD,
	O_PLAN,
	O_ACCOUNT,
	O_SUBJECT,
	O_CATEGORY,
	O_CHANNEL,
	O_CALENDAR,
	O_TZ,
	O_EXT,
};

static const struct cli_opt open_opts[] = {
	{ "severity", O_SEVERITY, "S",
	  "general, system-impaired, prod-impaired, prod-down or "
	  "business-critical (aliases: low, normal, high, urgent, critical); "
	  "optional for account-billing (general)" },
	{ "plan", O_PLAN, "P",
	  "the plan (basic, developer, business, enterprise or one of "
	  "'cases plans')" },
	{ "account", O_ACCOUNT, "A", "the customer; its plan and calendar" },
	{ "subject", O_SUBJECT, "TEXT", "what the case is about" },
	{ "category", O_CATEGORY, "C",
	  "technical (default), account-billing, use-case-guidance, "
	  "third-party, architecture, event-management" },
	{ "channel", O_CHANNEL, "CH",
	  "console (default), email, phone, chat, api" },
	{ "calendar", O_CALENDAR, "CAL",
	  "count business hours on calendar CAL" },
	{ "tz", O_TZ, "ZONE", "default hours (mon-fri 08:00-18:00) in ZONE" },
	{ "external-id", O_EXT, "X", "an id from another system (unique)" },
	CLI_OPT_END,
};

static int
open_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	struct case_open_req *r = &((struct open_args *)args)->req;

	switch (code) {
	case O_SEVERITY:
		return plan_severity_parse(value, &r->severity, ctx->err);
	case O_PLAN:
		r->plan = value;
		return CASES_OK;
	case O_ACCOUNT:
		r->account = value;
		return CASES_OK;
	case O_SUBJECT:
		r->subject = value;
		return CASES_OK;
	case O_CATEGORY:
		return plan_category_parse(value, &r->category, ctx->err);
	case O_CHANNEL:
		return plan_channel_parse(value, &r->channel, ctx->err);
	case O_CALENDAR:
		r->calendar = value;
		return CASES_OK;
	case O_TZ:
		r->tz = value;
		return CASES_OK;
	case O_EXT:
		r->external_id = value;
		return CASES_OK;
	}
	return cli_usage_error(ctx, "unknown option");
}

/* What needs no database: which options go together. */
static int
open_prepare(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct case_open_req *r = &((struct open_args *)args)->req;

	if (!r->plan == !r->account)
		return cli_usage_error(ctx, "give exactly one of --plan and "
					    "--account");
	if (r->calendar && r->tz)
		return cli_usage_error(ctx, "give at most one of --calendar "
					    "and --tz");
	if (!r->subject)
		return cli_usage_error(ctx, "missing --subject");
	r->opened_at = ctx->now;
	return CASES_OK;
}

static int
exec_open(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct case_rec c;
	int rc;

	case_rec_init(&c);
	rc = case_open(ctx->st, &((struct open_args *)args)->req, &c, ctx->err);
	/* Printed before the runner commits: an id the user never saw is
	 * not stored, so a retry cannot open the case twice. */
	if (rc == CASES_OK)
		rc = case_out_one(ctx, &c);
	case_rec_release(&c);
	return rc;
}

static const struct open_args open_init = {
	.req = { .category = CAT_TECHNICAL, .channel = CH_CONSOLE },
};

const struct cli_cmd cmd_open = {
	.name = "open",
	.usage = "open --severity S (--plan P | --account A) --subject TEXT\n"
		 "            [--category C] [--channel CH] "
		 "[--calendar CAL | --tz ZONE]\n"
		 "            [--external-id X]",
	.summary = "open a case; prints its id",
	.notes = "A severity, category or channel the plan does not include "
		 "is rejected (exit 2) and nothing is written.",
	.example = "cases open --plan business --severity prod-down \\\n"
		   "    --subject 'Checkout returns 502'",
	.opts = open_opts,
	.store = CLI_WRITE,
	.args_size = sizeof(struct open_args),
	.args_init = &open_init,
	.opt = open_opt,
	.prepare = open_prepare,
	.exec = exec_open,
};
