/*
 * cmd-queue.c - `cases queue`: the cases a person must act on, most urgent
 * first (what `cases` alone shows on a terminal).
 */
#include "cli.h"

static const struct cli_opt queue_opts[] = {
	CLI_FILTER_OPTS,
	CLI_LIMIT_OPT,
	CLI_VIEW_OPTS,
	CLI_OPT_END,
};

static const struct cli_listing queue_init = {
	.status = -2,
	.query = cli_listing_all,
	.hide = CASE_HIDE_STATUS | CASE_HIDE_AGE | CASE_HIDE_PLAN
		| CASE_HIDE_DUE,
	.empty = "nothing to do: no unresolved cases",
	.queue = 1,
};

const struct cli_cmd cmd_queue = {
	.name = "queue",
	.usage = "queue [--plan P] [--severity S] [--account A]\n"
		 "            [--assignee NAME | --mine] [--limit N]\n"
		 "            [--fields F1,F2] [--no-headers] [--color WHEN]",
	.summary = "the cases to act on, most urgent first",
	.about = "Unresolved cases, most urgent first: those past their "
		 "deadline (most overdue first), then those due (soonest "
		 "first), then those with no target, then the answered ones "
		 "(answered longest ago first). Each line: the case number, "
		 "the SLA state (-2h 5m: past the deadline; in 25m: time left, "
		 "business time on a business-hours clock; answered), the "
		 "severity, the account and the subject, which takes the "
		 "width left. `cases` alone on a terminal shows it.",
	.example = "cases queue\nwatch cases queue --color always",
	.opts = queue_opts,
	CLI_LISTING(queue_init),
};
