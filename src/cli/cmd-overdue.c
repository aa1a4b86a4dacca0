/*
 * cmd-overdue.c - `cases overdue`: unanswered cases past their deadline
 * (read from the cases_unanswered index alone).
 */
#include "cases/store.h"
#include "cli.h"

static const struct cli_opt overdue_opts[] = {
	CLI_FILTER_OPTS,
	CLI_LIMIT_OPT,
	CLI_VIEW_OPTS,
	CLI_OPT_END,
};

static int
overdue_prepare(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct cli_listing *l = args;

	/* Overdue at T: T > due_at. */
	l->to = ctx->now;
	return CASES_OK;
}

static int64_t
overdue_by(const struct case_rec *c, int64_t now)
{
	return now - c->due_at;
}

static const struct cli_listing overdue_init = {
	.status = -2,
	.from = INT64_MIN,
	.query = store_case_due_between,
	.extra = "overdue_by_s",
	.extra_title = "OVERDUE BY",
	.extra_of = overdue_by,
	.hide = CASE_HIDE_STATUS | CASE_HIDE_AGE,
	.empty = "no overdue cases",
};

const struct cli_cmd cmd_overdue = {
	.name = "overdue",
	.usage = "overdue [--plan P] [--severity S] [--account A]\n"
		 "            [--assignee NAME | --mine] [--limit N]\n"
		 "            [--fields F1,F2] [--no-headers] [--color WHEN]",
	.summary = "unanswered cases past their deadline, most overdue first",
	.about = "A case is overdue at --at T when it has no first response, "
		 "is not resolved, and T is later than its deadline. JSON rows "
		 "carry overdue_by_s.",
	.example = "cases overdue --plan enterprise --format jsonl",
	.opts = overdue_opts,
	.prepare = overdue_prepare,
	CLI_LISTING(overdue_init),
};
