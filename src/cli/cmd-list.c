/*
 * cmd-list.c - `cases list`: cases, newest first.
 */
#include "cases/store.h"
#include "cli.h"

static const struct cli_opt list_opts[] = {
	{ "status", LIST_STATUS, "S",
	  "open, responded, resolved or all\n(default: open and responded)" },
	CLI_FILTER_OPTS,
	CLI_LIMIT_OPT,
	CLI_OPT_END,
};

static int
list_query(struct store *st, const struct case_filter *f, int64_t from,
	   int64_t to, int (*row)(void *, const struct case_rec *), void *arg,
	   char *err)
{
	return store_case_list(st, f, row, arg, err);
}

static const struct cli_listing list_init = {
	.status = -2,
	.query = list_query,
};

const struct cli_cmd cmd_list = {
	.name = "list",
	.usage = "list [--status open|responded|resolved|all] [--plan P]\n"
		 "            [--severity S] [--account A] [--limit N]",
	.summary = "cases, newest first (default: those not resolved)",
	.example = "cases list --status open --plan business --format csv",
	.opts = list_opts,
	CLI_LISTING(list_init),
};
