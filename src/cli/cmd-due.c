/*
 * cmd-due.c - `cases due`: unanswered cases whose deadline is near (read
 * from the cases_unanswered index alone).
 */
#include "cases/store.h"
#include "cli.h"

static const struct cli_opt due_opts[] = {
	{ "within", LIST_WITHIN, "DURATION",
	  "the window: 90s, 15m, 4h, 1d, 1h30m (default 1h)" },
	CLI_FILTER_OPTS,
	CLI_LIMIT_OPT,
	CLI_VIEW_OPTS,
	CLI_OPT_END,
};

static int
due_prepare(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct cli_listing *l = args;

	/* Due within W at T: T <= due_at <= T + W; the next hour unless
	 * told otherwise. */
	if (l->within <= 0)
		l->within = 3600;
	l->from = ctx->now;
	l->to = ctx->now + l->within + 1;
	return CASES_OK;
}

static int64_t
remaining(const struct case_rec *c, int64_t now)
{
	return c->due_at - now;
}

static const struct cli_listing due_init = {
	.status = -2,
	.query = store_case_due_between,
	.extra = "remaining_s",
	.extra_title = "DUE IN",
	.extra_of = remaining,
	.hide = CASE_HIDE_STATUS | CASE_HIDE_AGE,
	.empty = "no cases due",
};

const struct cli_cmd cmd_due = {
	.name = "due",
	.usage = "due [--within DURATION] [--plan P] [--severity S] "
		 "[--account A]\n            [--assignee NAME | --mine] "
		 "[--limit N] [--fields F1,F2]\n"
		 "            [--no-headers] [--color WHEN]",
	.summary = "unanswered cases due within DURATION (1h), soonest first",
	.about = "Lists unanswered cases with T <= due_at <= T + DURATION at "
		 "--at T.\nJSON rows carry remaining_s.",
	.example = "cases due --within 30m",
	.opts = due_opts,
	.prepare = due_prepare,
	CLI_LISTING(due_init),
};
