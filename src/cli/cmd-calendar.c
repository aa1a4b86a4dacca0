/*
 * cmd-calendar.c - `cases calendar add|set|holiday|rm|list|show`: support
 * calendars (time zone, weekly hours, holidays).
 */
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
	int remove; /* holiday --remove */
	struct catalog_cal
		cal; /* add, set: checked before the database opens */
};

enum { O_TZ = OPT_FIRST_CMD, O_HOURS, O_HOLIDAY, O_REMOVE };

static const struct cli_opt calendar_opts[] = {
	{ "tz", O_TZ, "ZONE", "IANA time zone, e.g. Europe/London" },
	{ "hours", O_HOURS, "SPEC", "weekly business hours" },
	{ "holiday", O_HOLIDAY, "DATE", "a holiday; repeat for more" },
	{ "remove", O_REMOVE, NULL, "'calendar holiday': remove the DATEs" },
	CLI_OPT_END,
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
calendar_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	struct calendar_args *a = args;

	switch (code) {
	case O_TZ:
		a->tz = value;
		return CASES_OK;
	case O_HOURS:
		a->hours = value;
		return CASES_OK;
	case O_HOLIDAY:
		return add_holiday(ctx, a, value);
	case O_REMOVE:
		a->remove = 1;
		return CASES_OK;
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
	o = cli_out_new(ctx, calendar_cols, 6, 1);
	if (o)
		calendar_row(o, &c);
	cal_rec_release(&c);
	return cli_out_free(ctx, o);
}

/* Checked before the database is opened. */
static int
prepare_add(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct calendar_args *a = args;
	int rc = case_name_check(argv[0], "calendar", ctx->err);

	if (rc)
		return rc;
	if (a->remove)
		return cli_usage_error(ctx, "--remove is for 'calendar "
					    "holiday NAME DATE...'");
	if (!a->tz)
		return cli_usage_error(ctx, "missing --tz ZONE");
	return catalog_calendar_check(a->tz, a->hours, a->holidays,
				      a->nholidays, &a->cal, ctx->err);
}

/* The calendar as the change left it is printed before the runner
 * commits: a change whose output could not be written is rolled back. */
static int
exec_add(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct calendar_args *a = args;
	int rc = catalog_calendar_add(ctx->st, argv[0], &a->cal, ctx->now,
				      ctx->err);

	return rc ? rc : print_one(ctx, argv[0]);
}

/* The zone and hours that change, checked as `calendar add` checks
 * them; what is not given stays. */
static int
prepare_set(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct calendar_args *a = args;

	if (a->nholidays || a->remove)
		return cli_usage_error(ctx, "'calendar set' changes --hours "
					    "and --tz; holidays: 'cases "
					    "calendar holiday NAME DATE...'");
	if (!a->tz && !a->hours)
		return cli_usage_error(ctx, "nothing to change: give --hours "
					    "SPEC or --tz ZONE");
	return catalog_calendar_check_set(a->tz, a->hours, &a->cal, ctx->err);
}

static int
exec_set(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct calendar_args *a = args;
	int rc = catalog_calendar_set(ctx->st, argv[0], &a->cal, ctx->now,
				      ctx->err);

	return rc ? rc : print_one(ctx, argv[0]);
}

/* The dates are the operands after the calendar's name. */
static int
prepare_holiday(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct calendar_args *a = args;
	int rc;

	if (a->tz || a->hours)
		return cli_usage_error(ctx, "'calendar holiday' takes only "
					    "dates");
	if (a->nholidays && a->remove)
		return cli_usage_error(ctx, "give the dates to remove as "
					    "operands, not --holiday");
	for (int i = 1; i < argc; i++) {
		rc = add_holiday(ctx, a, argv[i]);
		if (rc)
			return rc;
	}
	if (a->nholidays == 0)
		return cli_usage_error(ctx, "missing DATE (YYYY-MM-DD)");
	return CASES_OK;
}

static int
exec_holiday(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct calendar_args *a = args;
	int rc = a->remove
			 ? catalog_calendar_unholiday(ctx->st, argv[0],
						      a->holidays, a->nholidays,
						      ctx->now, ctx->err)
			 : catalog_calendar_holidays(ctx->st, argv[0],
						     a->holidays, a->nholidays,
						     ctx->now, ctx->err);

	return rc ? rc : print_one(ctx, argv[0]);
}

static int
prepare_rm(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct calendar_args *a = args;

	if (a->tz || a->hours || a->nholidays || a->remove)
		return cli_usage_error(ctx, "'calendar rm' takes only a name");
	return CASES_OK;
}

/* The calendar as it was is printed once it is gone. */
static int
exec_rm(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct cal_rec c;
	struct out *o;
	int rc = store_calendar_get(ctx->st, argv[0], &c, ctx->err);

	if (rc)
		return rc;
	rc = catalog_calendar_rm(ctx->st, argv[0], ctx->err);
	if (rc == CASES_OK) {
		o = cli_out_new(ctx, calendar_cols, 6, 1);
		if (o)
			calendar_row(o, &c);
		rc = cli_out_free(ctx, o);
	}
	cal_rec_release(&c);
	return rc;
}

static int
exec_list(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct out *o;
	int rc;

	o = cli_out_new(ctx, calendar_cols, 6, 0);
	if (!o)
		return cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
	rc = store_calendar_each(ctx->st, calendar_row, o, ctx->err);
	if (rc) {
		out_free(o);
		return rc;
	}
	return cli_out_free(ctx, o);
}

static int
exec_show(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	return print_one(ctx, argv[0]);
}

static int
calendar_after(struct cli_ctx *ctx, void *args, int rc)
{
	catalog_cal_release(&((struct calendar_args *)args)->cal);
	return rc;
}

static const struct cli_verb calendar_verbs[] = {
	{ "add", { 1, 1, "calendar NAME" }, CLI_WRITE, prepare_add, exec_add },
	{ "set", { 1, 1, "calendar NAME" }, CLI_WRITE, prepare_set, exec_set },
	{ "holiday",
	  { 1, -1, "calendar NAME" },
	  CLI_WRITE,
	  prepare_holiday,
	  exec_holiday },
	{ "rm", { 1, 1, "calendar NAME" }, CLI_WRITE, prepare_rm, exec_rm },
	{ "list", { 0, 0, "" }, CLI_READ, NULL, exec_list },
	{ "show", { 1, 1, "calendar NAME" }, CLI_READ, NULL, exec_show },
	{ NULL },
};

const struct cli_cmd cmd_calendar = {
	.name = "calendar",
	.usage = "calendar add NAME --tz ZONE [--hours SPEC] "
		 "[--holiday DATE]...\n"
		 "       cases calendar set NAME [--hours SPEC] [--tz ZONE]\n"
		 "       cases calendar holiday NAME DATE... [--remove]\n"
		 "       cases calendar rm NAME\n"
		 "       cases calendar list\n"
		 "       cases calendar show NAME",
	.summary = "support calendars: time zone, business hours, holidays",
	.about = "Hours are comma-separated 'DAYS HH:MM-HH:MM' items: days "
		 "mon..sun or a range (mon-fri; fri-mon wraps); 24:00 only as "
		 "an end; an end before the start is an overnight shift of its "
		 "start day; overlaps merge. Default: mon-fri 08:00-18:00. A "
		 "holiday (YYYY-MM-DD) closes its whole local day. A zone is "
		 "an IANA name: abbreviations such as EST are refused.\n\n"
		 "'set' changes the hours or the zone (what is not given "
		 "stays); 'holiday' adds DATEs, or with --remove takes them "
		 "away. Each change is a new version of the calendar: cases "
		 "already open keep the version they were opened under, cases "
		 "opened afterwards get the new one. 'rm' removes a calendar "
		 "no account uses and no case was opened under (under any of "
		 "its versions), else names what does.",
	.example = "cases calendar add uk --tz Europe/London "
		   "--hours 'mon-fri 09:00-17:30' \\\n"
		   "    --holiday 2026-12-25 --holiday 2026-12-28\n"
		   "cases calendar set uk --hours 'mon-fri 08:00-18:00'\n"
		   "cases calendar holiday uk 2026-12-28 --remove",
	.opts = calendar_opts,
	.args_size = sizeof(struct calendar_args),
	.opt = calendar_opt,
	.after = calendar_after,
	.verbs = calendar_verbs,
};
