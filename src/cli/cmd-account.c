/*
 * cmd-account.c - `cases account add|set|rm|list|show`: customers.
 */
#include "cases/catalog.h"
#include "cases/store.h"
#include "cli.h"

struct account_args {
	const char *plan;
	const char *calendar;
	const char *tz;
};

enum { O_PLAN = OPT_FIRST_CMD, O_CALENDAR, O_TZ };

static const struct cli_opt account_opts[] = {
	{ "plan", O_PLAN, "P", "the account's plan" },
	{ "calendar", O_CALENDAR, "CAL",
	  "a calendar from 'cases calendar add'" },
	{ "tz", O_TZ, "ZONE", "an IANA time zone, e.g. Europe/Berlin" },
	CLI_OPT_END,
};

static int
account_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	struct account_args *a = args;

	switch (code) {
	case O_PLAN:
		a->plan = value;
		return CASES_OK;
	case O_CALENDAR:
		a->calendar = value;
		return CASES_OK;
	case O_TZ:
		a->tz = value;
		return CASES_OK;
	}
	return cli_usage_error(ctx, "unknown option");
}

static const struct out_col account_cols[] = {
	{ "name", "ACCOUNT", COL_STR, COL_SHRINK },
	{ "plan", "PLAN", COL_STR, 0 },
	{ "calendar", "CALENDAR", COL_STR, 0 },
	{ "tz", "TIME ZONE", COL_STR, 0 },
	{ "hours", "HOURS", COL_STR, COL_SHRINK },
	{ "created_at", "CREATED", COL_TIME, COL_NOTABLE },
};

struct print_ctx {
	struct cli_ctx *ctx;
	struct out *o;
};

static int
account_row(void *arg, const struct account_rec *a)
{
	struct print_ctx *p = arg;
	struct cal_rec cal;
	int rc = store_calendar_get_ver(p->ctx->st, a->cal_ver, &cal,
					p->ctx->err);

	if (rc)
		return rc;
	out_str(p->o, a->name);
	out_str(p->o, a->plan);
	out_str(p->o, a->calendar);
	out_str(p->o, cal.tz);
	out_str(p->o, cal.hours);
	out_time(p->o, a->created_at);
	out_row_end(p->o);
	cal_rec_release(&cal);
	return 0;
}

static int
print_one(struct cli_ctx *ctx, const char *name)
{
	struct account_rec a;
	struct print_ctx p = { ctx, NULL };
	int rc = store_account_get(ctx->st, name, &a, ctx->err);

	if (rc)
		return rc;
	p.o = cli_out_new(ctx, account_cols, 6, 1);
	if (!p.o) {
		account_rec_release(&a);
		return cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
	}
	rc = account_row(&p, &a);
	account_rec_release(&a);
	if (rc) {
		out_free(p.o);
		return rc;
	}
	return cli_out_free(ctx, p.o);
}

/* What every action checks first. */
static int
prepare_any(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct account_args *a = args;

	if (a->calendar && a->tz)
		return cli_usage_error(ctx, "give at most one of --calendar "
					    "and --tz");
	return CASES_OK;
}

static int
prepare_add(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct account_args *a = args;
	int rc = prepare_any(ctx, args, argc, argv);

	if (rc == CASES_OK)
		rc = case_name_check(argv[0], "account", ctx->err);
	if (rc == CASES_OK && !a->plan)
		rc = cli_usage_error(ctx, "missing --plan");
	return rc;
}

/* The account as the change left it is printed before the runner
 * commits: a change whose output could not be written is rolled back. */
static int
exec_add(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct account_args *a = args;
	int rc = catalog_account_add(ctx->st, argv[0], a->plan, a->calendar,
				     a->tz, ctx->now, ctx->err);

	return rc ? rc : print_one(ctx, argv[0]);
}

static int
prepare_set(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct account_args *a = args;
	int rc = prepare_any(ctx, args, argc, argv);

	if (rc == CASES_OK && !a->plan && !a->calendar && !a->tz)
		rc = cli_usage_error(ctx, "nothing to change: give --plan, "
					  "--calendar or --tz");
	return rc;
}

static int
exec_set(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct account_args *a = args;
	int rc = catalog_account_set(ctx->st, argv[0], a->plan, a->calendar,
				     a->tz, ctx->err);

	return rc ? rc : print_one(ctx, argv[0]);
}

static int
prepare_rm(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct account_args *a = args;

	if (a->plan || a->calendar || a->tz)
		return cli_usage_error(ctx, "'account rm' takes only a name");
	return CASES_OK;
}

/* The account as it was is printed once it is gone. */
static int
exec_rm(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct account_rec a;
	struct print_ctx p = { ctx, NULL };
	int rc = store_account_get(ctx->st, argv[0], &a, ctx->err);

	if (rc)
		return rc;
	rc = catalog_account_rm(ctx->st, argv[0], ctx->err);
	if (rc == CASES_OK) {
		p.o = cli_out_new(ctx, account_cols, 6, 1);
		rc = p.o ? account_row(&p, &a)
			 : cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
		if (rc)
			out_free(p.o);
		else
			rc = cli_out_free(ctx, p.o);
	}
	account_rec_release(&a);
	return rc;
}

static int
exec_list(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct print_ctx p = { ctx, NULL };
	int rc;

	p.o = cli_out_new(ctx, account_cols, 6, 0);
	if (!p.o)
		return cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
	rc = store_account_each(ctx->st, account_row, &p, ctx->err);
	if (rc) {
		out_free(p.o);
		return rc;
	}
	return cli_out_free(ctx, p.o);
}

static int
exec_show(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	return print_one(ctx, argv[0]);
}

static const struct cli_verb account_verbs[] = {
	{ "add", { 1, 1, "account NAME" }, CLI_WRITE, prepare_add, exec_add },
	{ "set", { 1, 1, "account NAME" }, CLI_WRITE, prepare_set, exec_set },
	{ "rm", { 1, 1, "account NAME" }, CLI_WRITE, prepare_rm, exec_rm },
	{ "list", { 0, 0, "" }, CLI_READ, prepare_any, exec_list },
	{ "show", { 1, 1, "account NAME" }, CLI_READ, prepare_any, exec_show },
	{ NULL },
};

const struct cli_cmd cmd_account = {
	.name = "account",
	.usage = "account add NAME --plan P [--calendar CAL | --tz ZONE]\n"
		 "       cases account set NAME [--plan P] "
		 "[--calendar CAL | --tz ZONE]\n"
		 "       cases account rm NAME\n"
		 "       cases account list\n"
		 "       cases account show NAME",
	.summary = "customers: their plan and support calendar",
	.about = "--tz alone means the default hours (mon-fri 08:00-18:00) in "
		 "that zone with no holidays; neither --calendar nor --tz "
		 "means UTC. Changes apply to cases opened afterwards. 'rm' "
		 "removes an account that has no cases and no API keys "
		 "(revoked ones count), else says how many it has.",
	.example = "cases account add acme --plan developer --tz "
		   "America/New_York",
	.opts = account_opts,
	.args_size = sizeof(struct account_args),
	.opt = account_opt,
	.verbs = account_verbs,
};
