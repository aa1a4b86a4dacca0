/*
 * cmd-overdue.c - `cases overdue`: unanswered cases past their deadline.
 */
#include "cli.h"

static int
run_overdue(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_unanswered_report(ctx, argc, argv, 1);
}

const struct cli_cmd cmd_overdue = {
	.name = "overdue",
	.usage = "overdue [--plan P] [--severity S] [--account A] [--limit N]",
	.summary = "unanswered cases past their deadline, most overdue first",
	.help = "A case is overdue at --at T when it has no first response, "
		"is not\nresolved, and T is later than its deadline. JSON rows "
		"carry\noverdue_by_s.\n\noptions:\n" FILTER_HELP
		"\nexample:\n"
		"  cases overdue --plan enterprise --format jsonl\n",
	.run = run_overdue,
};
