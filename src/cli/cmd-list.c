/*
 * cmd-list.c - `cases list`: cases, newest first or --sort FIELD.
 */
#include "cli.h"

static const struct cli_opt list_opts[] = {
	{ "status", LIST_STATUS, "S",
	  "open, responded, resolved or all\n(default: open and responded)" },
	CLI_FILTER_OPTS,
	CLI_LIMIT_OPT,
	{ "sort", LIST_SORT, "FIELD",
	  "order by number, sla (most urgent first),\ndue, age (oldest first), "
	  "opened, severity,\naccount, plan, status or subject; -FIELD\n"
	  "reverses (default: newest first)" },
	CLI_VIEW_OPTS,
	CLI_OPT_END,
};

static const struct cli_listing list_init = {
	.status = -2,
	.query = cli_listing_all,
	.empty = "no cases",
};

const struct cli_cmd cmd_list = {
	.name = "list",
	.usage = "list [--status open|responded|resolved|all] [--plan P]\n"
		 "            [--severity S] [--account A]\n"
		 "            [--assignee NAME | --mine] [--limit N]\n"
		 "            [--sort FIELD] [--fields F1,F2] [--no-headers]\n"
		 "            [--color WHEN]",
	.summary = "cases, newest first (default: those not resolved)",
	.about = "Tables show the case number (#42: what every command "
		 "takes as ID), the SLA state (in 25m: time left, business "
		 "time on a business-hours clock; -2h 5m: past the deadline; "
		 "met; breached), account, plan, severity, status, the "
		 "deadline in local time (the zone in the heading), the age "
		 "and the subject, which takes the width left; narrow "
		 "terminals drop the plan first. JSON rows carry number, "
		 "sla_state (none, due, warned, breached, met) and "
		 "sla_remaining_s (negative: past the deadline).",
	.example = "cases list --status open --plan business --format csv\n"
		   "cases list --sort sla --fields number,sla_state,subject",
	.opts = list_opts,
	CLI_LISTING(list_init),
};
