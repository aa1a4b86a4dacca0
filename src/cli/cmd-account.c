/*
 * cmd-account.c - `cases account add|set|list|show`: customers.
 */
#include <string.h>

#include "cases/catalog.h"
#include "cases/store.h"
#include "cli.h"

struct account_args {
	const char *plan;
	const char *calendar;
	const char *tz;
};

enum { O_CALENDAR = OPT_FIRST_CMD, O_TZ };

static const struct option account_opts[] = {
	{ "plan", required_argument, NULL, 'p' },
	{ "calendar", required_argument, NULL, O_CALENDAR },
	{ "tz", required_argument, NULL, O_TZ },
	{ NULL, 0, NULL, 0 },
};

static int
account_opt(struct cli_ctx *ctx, int code, const char *optarg, void *arg)
{
	struct account_args *a = arg;

	switch (code) {
	case 'p':
		a->plan = optarg;
		return CASES_OK;
	case O_CALENDAR:
		a->calendar = optarg;
		return CASES_OK;
	case O_TZ:
		a->tz = optarg;
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
	p.o = out_new(ctx->out, ctx->format, account_cols, 6, 1, ctx->local);
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

/* Print the account as the change left it, then commit: a change whose
 * output could not be written is rolled back. */
static int
show_and_commit(struct cli_ctx *ctx, int rc, const char *name)
{
	if (rc == CASES_OK)
		rc = print_one(ctx, name);
	return cli_end(ctx, rc);
}

static int
account_add(struct cli_ctx *ctx, struct account_args *args, const char *name)
{
	int rc = case_name_check(name, "account", ctx->err);

	if (rc)
		return rc;
	if (!args->plan)
		return cli_usage_error(ctx, "missing --plan");
	rc = cli_begin(ctx, 1);
	if (rc)
		return rc;
	rc = catalog_account_add(ctx->st, name, args->plan, args->calendar,
				 args->tz, ctx->now, ctx->err);
	return show_and_commit(ctx, rc, name);
}

static int
account_set(struct cli_ctx *ctx, struct account_args *args, const char *name)
{
	int rc;

	if (!args->plan && !args->calendar && !args->tz)
		return cli_usage_error(ctx, "nothing to change: give --plan, "
					    "--calendar or --tz");
	rc = cli_begin(ctx, 1);
	if (rc)
		return rc;
	rc = catalog_account_set(ctx->st, name, args->plan, args->calendar,
				 args->tz, ctx->err);
	return show_and_commit(ctx, rc, name);
}

static int
account_list(struct cli_ctx *ctx)
{
	struct print_ctx p = { ctx, NULL };
	int rc = cli_begin(ctx, 0);

	if (rc)
		return rc;
	p.o = out_new(ctx->out, ctx->format, account_cols, 6, 0, ctx->local);
	if (!p.o)
		return cli_end(ctx, cases_errf(ctx->err, CASES_ENOMEM,
					       "out of memory"));
	rc = store_account_each(ctx->st, account_row, &p, ctx->err);
	if (rc)
		out_free(p.o);
	else
		rc = cli_out_free(ctx, p.o);
	return cli_end(ctx, rc);
}

static int
run_account(struct cli_ctx *ctx, int argc, char **argv)
{
	struct account_args a = { 0 };
	const char *verb;
	int argi, rc;

	rc = cli_parse(ctx, argc, argv, account_opts, account_opt, &a, &argi);
	if (rc)
		return rc;
	if (argi >= argc)
		return cli_usage_error(ctx, "missing action (expected one of: "
					    "add, set, list, show)");
	verb = argv[argi++];
	if (a.calendar && a.tz)
		return cli_usage_error(ctx, "give at most one of --calendar "
					    "and --tz");
	if (strcmp(verb, "list") == 0) {
		rc = cli_operands(ctx, argc, argv, argi, 0, 0, "");
		return rc ? rc : account_list(ctx);
	}
	rc = cli_operands(ctx, argc, argv, argi, 1, 1, "account NAME");
	if (rc)
		return rc;
	if (strcmp(verb, "add") == 0)
		return account_add(ctx, &a, argv[argi]);
	if (strcmp(verb, "set") == 0)
		return account_set(ctx, &a, argv[argi]);
	if (strcmp(verb, "show") == 0) {
		rc = cli_begin(ctx, 0);
		if (rc == CASES_OK)
			rc = print_one(ctx, argv[argi]);
		return cli_end(ctx, rc);
	}
	return cli_usage_error(ctx,
			       "unknown action '%s' (expected one of: "
			       "add, set, list, show)",
			       verb);
}

const struct cli_cmd cmd_account = {
	.name = "account",
	.usage = "account add NAME --plan P [--calendar CAL | --tz ZONE]\n"
		 "       cases account set NAME [--plan P] "
		 "[--calendar CAL | --tz ZONE]\n"
		 "       cases account list\n"
		 "       cases account show NAME",
	.summary = "customers: their plan and support calendar",
	.help = "--tz alone means the default hours (mon-fri 08:00-18:00) in "
		"that zone\nwith no holidays; neither --calendar nor --tz "
		"means UTC. Changes apply\nto cases opened afterwards.\n"
		"\noptions:\n"
		"  --plan P           the account's plan\n"
		"  --calendar CAL     a calendar from 'cases calendar add'\n"
		"  --tz ZONE          an IANA time zone, e.g. Europe/Berlin\n"
		"\nexample:\n"
		"  cases account add acme --plan developer --tz "
		"America/New_York\n",
	.run = run_account,
};
