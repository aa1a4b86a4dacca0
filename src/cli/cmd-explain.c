/*
 * cmd-explain.c - `cases explain`: how a case's deadline was reached, step
 * by step, in words a support lead can check by hand.
 */
#include <stdlib.h>
#include <string.h>

#include "cases/calcache.h"
#include "cases/civil.h"
#include "cases/sla.h"
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cases/tz.h"
#include "cli.h"

static const char *const wday[7] = { "Mon", "Tue", "Wed", "Thu",
				     "Fri", "Sat", "Sun" };

struct explain_ctx {
	struct cli_ctx *ctx;
	const struct tz *zone;
	struct out *o; /* record formats */
	int64_t target;
};

/* "08:00" of an instant in the calendar's zone, "24:00" for a closing at
 * the next local midnight. */
static void
clock_of(const struct tz *zone, int64_t t, int64_t day, char *buf, size_t n)
{
	int64_t local = tz_to_local(zone, t), sec = local - day * 86400;

	snprintf(buf, n, "%02d:%02d", (int)(sec / 3600), (int)(sec / 60 % 60));
	if (sec % 60)
		snprintf(buf + 5, n - 5, ":%02d", (int)(sec % 60));
}

static void
step_cb(void *arg, const struct sla_step *s)
{
	struct explain_ctx *x = arg;
	char date[TIMEFMT_MAX], a[16], b[16], cnt[TIMEFMT_MAX],
		rem[TIMEFMT_MAX], t[TIMEFMT_MAX];
	static const char *const kinds[] = { "counted", "holiday", "closed" };

	if (x->o) {
		out_str(x->o, kinds[s->kind]);
		out_str(x->o, timefmt_date(s->day, date));
		out_time(x->o, s->kind == SLA_STEP_COUNT ? s->from : CASE_NONE);
		out_time(x->o, s->kind == SLA_STEP_COUNT ? s->to : CASE_NONE);
		out_int(x->o, s->kind == SLA_STEP_COUNT ? s->counted : 0);
		out_int(x->o, s->remaining);
		out_int(x->o, s->dst ? 1 : 0);
		out_row_end(x->o);
		return;
	}
	fprintf(x->ctx->out, "  %s %s  ", wday[civil_weekday(s->day)],
		timefmt_date(s->day, date));
	switch (s->kind) {
	case SLA_STEP_HOLIDAY:
		fputs("holiday: the whole day is skipped\n", x->ctx->out);
		return;
	case SLA_STEP_CLOSED:
		fputs("closed\n", x->ctx->out);
		return;
	case SLA_STEP_COUNT:
		break;
	}
	clock_of(x->zone, s->from, s->day, a, sizeof(a));
	clock_of(x->zone, s->to, s->day, b, sizeof(b));
	fprintf(x->ctx->out, "%s-%s  counted %-7s  remaining %s", a, b,
		cli_target_text(s->counted, cnt),
		s->remaining ? cli_target_text(s->remaining, rem) : "0");
	if (s->dst) {
		int64_t wall = tz_to_local(x->zone, s->to)
			       - tz_to_local(x->zone, s->from);
		fprintf(x->ctx->out,
			"  (DST change: %s on the wall clock, %s of real "
			"time)",
			cli_target_text(wall, t),
			cli_target_text(s->to - s->from, cnt));
	}
	fputc('\n', x->ctx->out);
}

/* Each severity change of a case, in the viewer's zone. */
static int
escalation_cb(void *arg, const struct event_rec *e)
{
	struct explain_ctx *x = arg;
	char t[TIMEFMT_MAX];

	if (strcmp(e->kind, "severity-changed") != 0)
		return 0;
	if (x->target++ == 0)
		fputs("severity changes (each counts the target of the new "
		      "severity from the opening again, so the time already "
		      "gone is kept):\n",
		      x->ctx->out);
	fprintf(x->ctx->out, "  %s  ",
		timefmt_local_sec(e->at, x->ctx->local, t));
	out_local_text(x->ctx->out, e->detail ? e->detail : "", x->ctx->local);
	fputc('\n', x->ctx->out);
	return 0;
}

/* The story of the case's escalations, after its deadline (table). */
static int
escalations(struct cli_ctx *ctx, const struct case_rec *c)
{
	struct explain_ctx x = { .ctx = ctx };

	return cli_event_each(ctx, c->rowid, escalation_cb, &x);
}

static const struct out_col step_cols[] = {
	{ "step", "STEP", COL_STR, 0 },
	{ "day", "DAY", COL_STR, 0 },
	{ "from", "FROM", COL_TIME, 0 },
	{ "to", "TO", COL_TIME, 0 },
	{ "counted_s", "COUNTED", COL_INT, 0 },
	{ "remaining_s", "REMAINING", COL_INT, 0 },
	{ "dst", "DST", COL_INT, 0 },
};

static int
explain(struct cli_ctx *ctx, const struct case_rec *c)
{
	struct explain_ctx x = { .ctx = ctx, .target = c->target_s };
	const struct calcache_entry *cal;
	struct calcache cc;
	char buf[TIMEFMT_MAX], dur[TIMEFMT_MAX], due[TIMEFMT_MAX];
	int64_t computed;
	int table = ctx->format == OUT_TABLE, rc;

	if (table)
		fprintf(ctx->out, "case #%lld %s (%s, %s)\n",
			(long long)c->rowid, c->id, c->plan ? c->plan : "?",
			plan_severity_name(c->severity));
	if (c->target_s == CASE_NONE) {
		if (table)
			fputs("no first-response target: the plan gives none "
			      "for this case, so it is never overdue\n",
			      ctx->out);
		return CASES_OK;
	}
	if (c->clock == CLOCK_24X7) {
		if (table) {
			fprintf(ctx->out,
				"target %s on the 24x7 clock: opened %s + %s "
				"= due %s (%s)\n",
				cli_target_text(c->target_s, dur),
				timefmt_local_sec(c->opened_at, ctx->local,
						  buf),
				dur,
				timefmt_local_sec(c->due_at, ctx->local, due),
				tz_name(ctx->local));
			return escalations(ctx, c);
		} else {
			x.o = out_new(ctx->out, ctx->format, step_cols, 7, 0,
				      NULL);
			if (!x.o)
				return cli_out_free(ctx, NULL);
			struct sla_step s = { .kind = SLA_STEP_COUNT,
					      .from = c->opened_at,
					      .to = c->due_at,
					      .counted = c->target_s,
					      .day = c->opened_at / 86400 };
			step_cb(&x, &s);
			return cli_out_free(ctx, x.o);
		}
		return CASES_OK;
	}
	calcache_init(&cc, ctx->st);
	rc = calcache_get(&cc, c->cal_ver, 1, &cal, ctx->err);
	if (rc) {
		calcache_release(&cc);
		return rc;
	}
	x.zone = cal->cal->zone;
	if (table) {
		fprintf(ctx->out, "target %s of business hours: %s in %s",
			cli_target_text(c->target_s, dur), cal->rec.hours,
			cal->rec.tz);
		if (*cal->rec.holidays)
			fprintf(ctx->out, ", holidays %s", cal->rec.holidays);
		fprintf(ctx->out, "\nopened %s\n",
			timefmt_local(c->opened_at, x.zone, buf));
	} else {
		x.o = out_new(ctx->out, ctx->format, step_cols, 7, 0, NULL);
		if (!x.o)
			rc = cli_out_free(ctx, NULL);
	}
	if (rc == CASES_OK)
		rc = sla_explain(cal->cal, c->opened_at, c->target_s, step_cb,
				 &x, &computed, ctx->err);
	if (x.o && rc)
		out_free(x.o);
	else if (x.o)
		rc = cli_out_free(ctx, x.o);
	if (rc == CASES_OK && table) {
		fprintf(ctx->out, "due %s (%s)\n",
			timefmt_local(computed, x.zone, buf),
			timefmt_rfc3339(computed, due));
		/* In the viewer's zone too, unless it is the calendar's or
		 * UTC (said just before). */
		if (strcmp(tz_name(ctx->local), cal->rec.tz) != 0
		    && strcmp(tz_name(ctx->local), "UTC") != 0)
			fprintf(ctx->out, "  that is %s in %s\n",
				timefmt_local_sec(computed, ctx->local, buf),
				tz_name(ctx->local));
		if (computed != c->due_at)
			fprintf(ctx->out,
				"note: the stored deadline is %s; it was "
				"computed under an earlier version\n",
				timefmt_rfc3339(c->due_at, due));
		rc = escalations(ctx, c);
	}
	calcache_release(&cc);
	return rc;
}

static int
exec_explain(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct case_rec c;
	int rc = cli_case_get(ctx, argv[0], &c);

	if (rc)
		return rc;
	rc = explain(ctx, &c);
	case_rec_release(&c);
	return rc;
}

const struct cli_cmd cmd_explain = {
	.name = "explain",
	.usage = "explain ID",
	.summary = "how a case's deadline was computed, step by step",
	.about = "For a business-hours target: the calendar, then each local "
		 "day from the opening — the interval counted and what it "
		 "contributed, holidays and closed days skipped, DST changes "
		 "noted — and the deadline. Times are in the calendar's "
		 "zone; a 24x7 target is told in the local zone ($TZ). Each "
		 "severity change follows, with the deadline it gave. Record "
		 "formats give one row per step.",
	.example = "cases explain 42",
	.operands = { 1, 1, "case ID" },
	.store = CLI_READ,
	.exec = exec_explain,
};
