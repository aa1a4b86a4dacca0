/*
 * cmd-list.c - `cases list`: cases, newest first.
 */
#include "cases/store.h"
#include "cli.h"

struct list_args {
	struct filter_args fa;
	int status;
};

enum { O_STATUS = OPT_FIRST_CMD };

static const struct option list_opts[] = {
	FILTER_LONGOPTS,
	{ "status", required_argument, NULL, O_STATUS },
	{ NULL, 0, NULL, 0 },
};

static int
list_opt(struct cli_ctx *ctx, int code, const char *optarg, void *arg)
{
	struct list_args *a = arg;

	if (code == O_STATUS)
		return case_status_parse(optarg, &a->status, ctx->err);
	return cli_filter_opt(ctx, code, optarg, &a->fa);
}

static int
row_cb(void *arg, const struct case_rec *c)
{
	case_out_row(arg, c, 0, 0);
	out_row_end(arg);
	return 0;
}

static int
run_list(struct cli_ctx *ctx, int argc, char **argv)
{
	struct list_args a = { .status = -2 };
	struct case_filter f = CASE_FILTER_INIT;
	struct out *o;
	int argi, rc;

	rc = cli_parse(ctx, argc, argv, list_opts, list_opt, &a, &argi);
	if (rc == CASES_OK)
		rc = cli_operands(ctx, argc, argv, argi, 0, 0, "");
	if (rc)
		return rc;
	rc = cli_begin(ctx, 0);
	if (rc)
		return rc;
	rc = cli_filter_resolve(ctx, &a.fa, &f);
	if (rc)
		return cli_end(ctx, rc);
	f.status = a.status;
	o = case_out_new(ctx, 0, NULL, NULL);
	if (!o)
		return cli_end(ctx, cases_errf(ctx->err, CASES_ENOMEM,
					       "out of memory"));
	rc = store_case_list(ctx->st, &f, row_cb, o, ctx->err);
	if (rc)
		out_free(o);
	else
		rc = cli_out_free(ctx, o);
	return cli_end(ctx, rc);
}

const struct cli_cmd cmd_list = {
	.name = "list",
	.usage = "list [--status open|responded|resolved|all] [--plan P]\n"
		 "            [--severity S] [--account A] [--limit N]",
	.summary = "cases, newest first (default: those not resolved)",
	.help = "options:\n"
		"  --status S         open, responded, resolved or all\n"
		"                     (default: open and responded)\n" FILTER_HELP
		"\nexample:\n"
		"  cases list --status open --plan business --format csv\n",
	.run = run_list,
};
