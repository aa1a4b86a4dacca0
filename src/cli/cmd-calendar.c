/*
 * cmd-calendar.c - `cases calendar add|holiday|list|show`: support
 * calendars (time zone, weekly hours, holidays).
 */
#include <stdlib.h>
#include <string.h>

#include "cases/catalog.h"
#include "cases/sla.h"
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cli.h"

struct calendar_args {
	const char *tz;
	const char *hours;
	int64_t holidays[CATALOG_HOLIDAYS_MAX];
	size_t nholidays;
};

enum { O_TZ = OPT_FIRST_CMD, O_HOURS, O_HOLIDAY };

static const struct option calendar_opts[] = {
	{ "tz", required_argument, NULL, O_TZ },
	{ "hours", required_argument, NULL, O_HOURS },
	{ "holiday", required_argument, NULL, O_HOLIDAY },
	{ NULL, 0, NULL, 0 },
};

static int
add_holiday(struct cli_ctx *ctx, struct calendar_args *a, const char *s)
{
	if (a->nholidays >= CATALOG_HOLIDAYS_MAX)
		return cases_errf(ctx->err, CASES_EINVAL,
				  "too many holidays (the limit is %d)",
				  CATALOG_HOLIDAYS_MAX);
	return timefmt_parse_date(s, &a->holidays[a->nholidays++], ctx->err);
}

static int
calendar_opt(struct cli_ctx *ctx, int code, const char *optarg, void *arg)
{
	struct calendar_args *a = arg;

	switch (code) {
	case O_TZ:
		a->tz = optarg;
		return CASES_OK;
	case O_HOURS:
		a->hours = optarg;
		return CASES_OK;
	case O_HOLIDAY:
		return add_holiday(ctx, a, optarg);
	}
	return cli_usage_error(ctx, "unknown option");
}

static const struct out_col calendar_cols[] = {
	{ "name", "CALENDAR", COL_STR, 0 },
	{ "tz", "TIME ZONE", COL_STR, 0 },
	{ "hours", "HOURS", COL_STR, COL_SHRINK },
	{ "holidays", "HOLIDAYS", COL_STR, COL_SHRINK },
	{ "weekly_business_s", "PER WEEK", COL_DUR, COL_RIGHT },
	{ "created_at", "CREATED", COL_TIME, COL_NOTABLE },
};

static int
calendar_row(void *arg, const struct cal_rec *c)
{
	struct out *o = arg;
	struct sla_hours h;
	int64_t weekly = CASE_NONE;

	if (sla_hours_parse(c->hours, &h, NULL) == CASES_OK)
		weekly = sla_hours_weekly(&h);
	out_str(o, c->name);
	out_str(o, c->tz);
	out_str(o, c->hours);
	out_str(o, c->holidays);
	out_dur(o, weekly);
	out_time(o, c->created_at);
	out_row_end(o);
	return 0;
}

static int
print_one(struct cli_ctx *ctx, const char *name)
{
	struct cal_rec c;
	struct out *o;
	int rc = store_calendar_get(ctx->st, name, &c, ctx->err);

	if (rc)
		return rc;
	o = out_new(ctx->out, ctx->format, calendar_cols, 6, 1, ctx->local);
	if (o)
		calendar_row(o, &c);
	cal_rec_release(&c);
	return cli_out_free(ctx, o);
}

/* Print the calendar as the change left it, then commit: a change whose
 * output could not be written is rolled back. */
static int
show_and_commit(struct cli_ctx *ctx, int rc, const char *name)
{
	if (rc == CASES_OK)
		rc = print_one(ctx, name);
	return cli_end(ctx, rc);
}

static int
calendar_add(struct cli_ctx *ctx, struct calendar_args *a, const char *name)
{
	struct catalog_cal cal;
	int rc = case_name_check(name, "calendar", ctx->err);

	if (rc)
		return rc;
	if (!a->tz)
		return cli_usage_error(ctx, "missing --tz ZONE");
	/* Checked before the database is opened. */
	rc = catalog_calendar_check(a->tz, a->hours, a->holidays, a->nholidays,
				    &cal, ctx->err);
	if (rc)
		return rc;
	rc = cli_begin(ctx, 1);
	if (rc == CASES_OK)
		rc = catalog_calendar_add(ctx->st, name, &cal, ctx->now,
					  ctx->err);
	catalog_cal_release(&cal);
	return show_and_commit(ctx, rc, name);
}

static int
calendar_holiday(struct cli_ctx *ctx, struct calendar_args *a, const char *name,
		 int argc, char **argv, int argi)
{
	int rc;

	if (a->tz || a->hours)
		return cli_usage_error(ctx, "'calendar holiday' takes only "
					    "dates");
	for (int i = argi; i < argc; i++) {
		rc = add_holiday(ctx, a, argv[i]);
		if (rc)
			return rc;
	}
	if (a->nholidays == 0)
		return cli_usage_error(ctx, "missing DATE (YYYY-MM-DD)");
	rc = cli_begin(ctx, 1);
	if (rc)
		return rc;
	rc = catalog_calendar_holidays(ctx->st, name, a->holidays, a->nholidays,
				       ctx->err);
	return show_and_commit(ctx, rc, name);
}

static int
calendar_list(struct cli_ctx *ctx)
{
	struct out *o;
	int rc = cli_begin(ctx, 0);

	if (rc)
		return rc;
	o = out_new(ctx->out, ctx->format, calendar_cols, 6, 0, ctx->local);
	if (!o)
		return cli_end(ctx, cases_errf(ctx->err, CASES_ENOMEM,
					       "out of memory"));
	rc = store_calendar_each(ctx->st, calendar_row, o, ctx->err);
	if (rc)
		out_free(o);
	else
		rc = cli_out_free(ctx, o);
	return cli_end(ctx, rc);
}

static int
run_calendar(struct cli_ctx *ctx, int argc, char **argv)
{
	struct calendar_args *a = calloc(1, sizeof(*a));
	const char *verb;
	int argi, rc;

	if (!a)
		return cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
	rc = cli_parse(ctx, argc, argv, calendar_opts, calendar_opt, a, &argi);
	if (rc)
		goto out;
	if (argi >= argc) {
		rc = cli_usage_error(ctx, "missing action (expected one of: "
					  "add, holiday, list, show)");
		goto out;
	}
	verb = argv[argi++];
	if (strcmp(verb, "list") == 0) {
		rc = cli_operands(ctx, argc, argv, argi, 0, 0, "");
		if (rc == CASES_OK)
			rc = calendar_list(ctx);
		goto out;
	}
	if (strcmp(verb, "holiday") == 0) {
		rc = cli_operands(ctx, argc, argv, argi, 1, -1,
				  "calendar NAME");
		if (rc == CASES_OK)
			rc = calendar_holiday(ctx, a, argv[argi], argc, argv,
					      argi + 1);
		goto out;
	}
	rc = cli_operands(ctx, argc, argv, argi, 1, 1, "calendar NAME");
	if (rc)
		goto out;
	if (strcmp(verb, "add") == 0) {
		rc = calendar_add(ctx, a, argv[argi]);
	} else if (strcmp(verb, "show") == 0) {
		rc = cli_begin(ctx, 0);
		if (rc == CASES_OK)
			rc = print_one(ctx, argv[argi]);
		rc = cli_end(ctx, rc);
	} else {
		rc = cli_usage_error(ctx,
				     "unknown action '%s' (expected one "
				     "of: add, holiday, list, show)",
				     verb);
	}
out:
	free(a);
	return rc;
}

const struct cli_cmd cmd_calendar = {
	.name = "calendar",
	.usage = "calendar add NAME --tz ZONE [--hours SPEC] "
		 "[--holiday DATE]...\n"
		 "       cases calendar holiday NAME DATE...\n"
		 "       cases calendar list\n"
		 "       cases calendar show NAME",
	.summary = "support calendars: time zone, business hours, holidays",
	.help = "Hours are comma-separated 'DAYS HH:MM-HH:MM' items: days "
		"mon..sun or a\nrange (mon-fri; fri-mon wraps); 24:00 only as "
		"an end; an end before\nthe start is an overnight shift of its "
		"start day; overlaps merge.\nDefault: mon-fri 08:00-18:00. A "
		"holiday (YYYY-MM-DD) closes its whole\nlocal day. Changes "
		"apply "
		"to cases opened afterwards.\n\noptions:\n"
		"  --tz ZONE          IANA time zone, e.g. Europe/London\n"
		"  --hours SPEC       weekly business hours\n"
		"  --holiday DATE     a holiday; repeat for more\n"
		"\nexample:\n"
		"  cases calendar add uk --tz Europe/London "
		"--hours 'mon-fri 09:00-17:30' \\\n"
		"      --holiday 2026-12-25 --holiday 2026-12-28\n",
	.run = run_calendar,
};
