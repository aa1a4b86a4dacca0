/*
 * cmd-due.c - `cases due`: unanswered cases whose deadline is near.
 */
#include "cli.h"

static int
run_due(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_unanswered_report(ctx, argc, argv, 0);
}

const struct cli_cmd cmd_due = {
	.name = "due",
	.usage = "due --within DURATION [--plan P] [--severity S] [--account A]"
		 "\n            [--limit N]",
	.summary = "unanswered cases due within DURATION, soonest first",
	.help = "Lists unanswered cases with T <= due_at <= T + DURATION at "
		"--at T.\nJSON rows carry remaining_s.\n\noptions:\n"
		"  --within DURATION  the window: 90s, 15m, 4h, 1d, 1h30m\n"
		FILTER_HELP "\nexample:\n"
		"  cases due --within 30m\n",
	.run = run_due,
};
