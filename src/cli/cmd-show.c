/*
 * cmd-show.c - `cases show`: one case with its event history.
 */
#include <stdlib.h>
#include <string.h>

#include "cases/calcache.h"
#include "cases/slastate.h"
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cases/tz.h"
#include "cases/utf8.h"
#include "cli.h"

struct events_ctx {
	FILE *f;
	int n;
	const struct tz *local;
	int table;
};

/* Text for people: what would control a terminal (a subject's or a
 * note's newline, escape sequence, C1 control or bidirectional override)
 * shown as '?', so that it cannot break the layout, move the cursor or
 * reorder what is shown. */
static void
put_visible(FILE *f, const char *s)
{
	utf8_fputs_visible(s, f);
}

static int
event_cb(void *arg, const struct event_rec *e)
{
	struct events_ctx *x = arg;
	char t[TIMEFMT_MAX];

	if (x->table && strcmp(e->kind, "assigned") == 0) {
		/* "assigned to alice (by bob)", "unassigned (by bob)" */
		fprintf(x->f, "  %s  %s", timefmt_local_sec(e->at, x->local, t),
			e->detail ? "assigned to " : "unassigned");
		if (e->detail)
			put_visible(x->f, e->detail);
		if (e->author) {
			fputs(" (by ", x->f);
			put_visible(x->f, e->author);
			fputc(')', x->f);
		}
		fputc('\n', x->f);
		return 0;
	}
	if (x->table) {
		fprintf(x->f, "  %s  %-16s ",
			timefmt_local_sec(e->at, x->local, t), e->kind);
		out_local_text(x->f, e->detail ? e->detail : "", x->local);
		if (e->author) {
			fputs(e->detail ? "  (by " : "(by ", x->f);
			put_visible(x->f, e->author);
			fputc(')', x->f);
		}
		fputc('\n', x->f);
		return 0;
	}
	fputs(x->n++ ? ",{\"at\":" : "{\"at\":", x->f);
	out_json_string(x->f, timefmt_rfc3339(e->at, t));
	fputs(",\"event\":", x->f);
	out_json_string(x->f, e->kind);
	fputs(",\"detail\":", x->f);
	if (e->detail)
		out_json_string(x->f, e->detail);
	else
		fputs("null", x->f);
	fputs(",\"by\":", x->f);
	if (e->author)
		out_json_string(x->f, e->author);
	else
		fputs("null", x->f);
	fputc('}', x->f);
	return 0;
}

static void
line(FILE *f, const char *key, const char *value)
{
	fprintf(f, "%-12s ", key);
	put_visible(f, value ? value : "-");
	fputc('\n', f);
}

static void
time_line(struct cli_ctx *ctx, const char *key, int64_t t)
{
	char buf[TIMEFMT_MAX];

	line(ctx->out, key,
	     t == CASE_NONE ? NULL : timefmt_local_sec(t, ctx->local, buf));
}

/* "due:" with the SLA state, and for a breach, "breach:" with when the
 * deadline passed and when `check` recorded it (docs/deadlines.md). */
static void
deadline_lines(struct cli_ctx *ctx, const struct case_rec *c)
{
	struct slastate_info s;
	char buf[256], due[TIMEFMT_MAX], dur[TIMEFMT_MAX], t1[TIMEFMT_MAX],
		t2[TIMEFMT_MAX];

	if (c->due_at == CASE_NONE)
		return;
	case_state(ctx, NULL, c, &s);
	timefmt_local_sec(c->due_at, ctx->local, due);
	switch (s.state) {
	case SLASTATE_DUE:
	case SLASTATE_WARNED:
		snprintf(buf, sizeof(buf), "%s (%sdue in %s%s)", due,
			 s.state == SLASTATE_WARNED ? "warned, " : "",
			 timefmt_duration(s.left, dur),
			 c->clock == CLOCK_BUSINESS ? " of business time" : "");
		break;
	case SLASTATE_BREACHED:
		if (s.running && s.left < 0)
			snprintf(buf, sizeof(buf),
				 "%s (breached, overdue by %s)", due,
				 timefmt_duration(-s.left, dur));
		else
			snprintf(buf, sizeof(buf), "%s (breached)", due);
		break;
	case SLASTATE_MET:
		snprintf(buf, sizeof(buf), "%s (met)", due);
		break;
	default:
		snprintf(buf, sizeof(buf), "%s (closed without response)", due);
	}
	line(ctx->out, "due:", buf);
	if (s.state != SLASTATE_BREACHED)
		return;
	if (s.passed_at != CASE_NONE && s.recorded_at != CASE_NONE)
		snprintf(buf, sizeof(buf),
			 "the deadline passed %s; recorded %s",
			 timefmt_local_sec(s.passed_at, ctx->local, t1),
			 timefmt_local_sec(s.recorded_at, ctx->local, t2));
	else if (s.passed_at != CASE_NONE)
		snprintf(buf, sizeof(buf), "the deadline passed %s%s",
			 timefmt_local_sec(s.passed_at, ctx->local, t1),
			 s.running ? "; not recorded yet (by cases check)"
				   : "");
	else
		snprintf(buf, sizeof(buf),
			 "recorded %s (the deadline has moved since)",
			 timefmt_local_sec(s.recorded_at, ctx->local, t2));
	line(ctx->out, "breach:", buf);
}

static int
show_table(struct cli_ctx *ctx, const struct case_rec *c)
{
	struct events_ctx x = { .f = ctx->out,
				.local = ctx->local,
				.table = 1 };
	const struct calcache_entry *cal;
	struct calcache cc;
	char buf[256], dur[TIMEFMT_MAX];
	const char *abbr = NULL;
	int rc;

	snprintf(buf, sizeof(buf), "#%lld", (long long)c->rowid);
	line(ctx->out, "case:", buf);
	line(ctx->out, "id:", c->id);
	if (c->external_id)
		line(ctx->out, "external id:", c->external_id);
	line(ctx->out, "subject:", c->subject);
	line(ctx->out, "status:", case_status_name(case_status(c)));
	line(ctx->out, "account:", c->account);
	line(ctx->out, "assignee:", c->assignee);
	line(ctx->out, "plan:", c->plan);
	line(ctx->out, "severity:", plan_severity_name(c->severity));
	line(ctx->out, "category:", plan_category_name(c->category));
	line(ctx->out, "channel:", plan_channel_name(c->channel));
	/* Every time below is in this zone. */
	tz_offset(ctx->local, ctx->now, &abbr);
	snprintf(buf, sizeof(buf), "%s%s%s%s", tz_name(ctx->local),
		 abbr && *abbr ? " (" : "", abbr && *abbr ? abbr : "",
		 abbr && *abbr ? ")" : "");
	line(ctx->out, "times in:", buf);
	time_line(ctx, "opened:", c->opened_at);
	if (c->target_s == CASE_NONE) {
		line(ctx->out, "target:",
		     "none (the plan gives no "
		     "first-response target)");
	} else if (c->clock == CLOCK_BUSINESS) {
		calcache_init(&cc, ctx->st);
		rc = calcache_get(&cc, c->cal_ver, 0, &cal, ctx->err);
		if (rc == CASES_OK)
			snprintf(buf, sizeof(buf),
				 "%s of business hours (%s, %s)",
				 cli_target_text(c->target_s, dur),
				 cal->rec.hours, cal->rec.tz);
		calcache_release(&cc);
		if (rc)
			return rc;
		line(ctx->out, "target:", buf);
	} else {
		snprintf(buf, sizeof(buf), "%s, 24x7",
			 cli_target_text(c->target_s, dur));
		line(ctx->out, "target:", buf);
	}
	deadline_lines(ctx, c);
	time_line(ctx, "responded:", c->first_response_at);
	time_line(ctx, "resolved:", c->resolved_at);
	fputs("events:\n", ctx->out);
	return cli_event_each(ctx, c->rowid, event_cb, &x);
}

static int
show_record(struct cli_ctx *ctx, const struct case_rec *c)
{
	struct events_ctx x = { .local = ctx->local };
	struct slastate_info s;
	char *json = NULL, num[32];
	size_t len = 0;
	struct out *o;
	int rc;

	x.f = open_memstream(&json, &len);
	if (!x.f)
		return cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
	fputc('[', x.f);
	rc = cli_event_each(ctx, c->rowid, event_cb, &x);
	fputc(']', x.f);
	fclose(x.f);
	if (rc) {
		free(json);
		return rc;
	}
	o = case_out_new(ctx, 1, NULL, NULL, CASE_HIDE_AGE);
	if (!o) {
		free(json);
		return cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
	}
	case_state(ctx, NULL, c, &s);
	case_out_row(o, c, &s, 0, 0);
	if (c->target_s != CASE_NONE) {
		snprintf(num, sizeof(num), "%lld", (long long)c->target_s);
		out_raw(o, "target_s", num);
		out_raw(o, "clock",
			c->clock == CLOCK_BUSINESS ? "\"business\""
						   : "\"24x7\"");
	} else {
		out_raw(o, "target_s", "null");
		out_raw(o, "clock", "null");
	}
	out_raw(o, "events", json);
	out_row_end(o);
	free(json);
	return cli_out_free(ctx, o);
}

static int
exec_show(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct case_rec c;
	int rc = cli_case_get(ctx, argv[0], &c);

	if (rc)
		return rc;
	rc = ctx->format == OUT_TABLE ? show_table(ctx, &c)
				      : show_record(ctx, &c);
	case_rec_release(&c);
	return rc;
}

const struct cli_cmd cmd_show = {
	.name = "show",
	.usage = "show ID",
	.summary = "one case with its deadline and event history",
	.about = "ID is a case number (42 or #42), a case id, or at least 8 "
		 "of its leading hex digits. Every time is in the local zone "
		 "($TZ), named once; the deadline comes with the SLA state "
		 "and, for a breach, when the deadline passed and when `cases "
		 "check` recorded it. A deleted case's number says when and "
		 "by whom it was deleted (exit 3; `cases deleted` lists "
		 "them).",
	.example = "cases show 42",
	.operands = { 1, 1, "case ID" },
	.store = CLI_READ,
	.exec = exec_show,
};
