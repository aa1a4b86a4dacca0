/*
 * cmd-show.c - `cases show`: one case with its event history.
 */
#include <stdlib.h>
#include <string.h>

#include "cases/calcache.h"
#include "cases/slastate.h"
#include "cases/store.h"
#include "cases/timefmt.h"
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

	if (x->table) {
		fprintf(x->f, "  %s  %-16s ", timefmt_local(e->at, x->local, t),
			e->kind);
		put_visible(x->f, e->detail ? e->detail : "");
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
	     t == CASE_NONE ? NULL : timefmt_local(t, ctx->local, buf));
}

static int
show_table(struct cli_ctx *ctx, const struct case_rec *c)
{
	struct events_ctx x = { .f = ctx->out,
				.local = ctx->local,
				.table = 1 };
	const struct calcache_entry *cal;
	struct calcache cc;
	char buf[256], dur[TIMEFMT_MAX], when[TIMEFMT_MAX];
	int rc;

	line(ctx->out, "id:", c->id);
	if (c->external_id)
		line(ctx->out, "external id:", c->external_id);
	line(ctx->out, "subject:", c->subject);
	line(ctx->out, "status:", case_status_name(case_status(c)));
	line(ctx->out, "account:", c->account);
	line(ctx->out, "plan:", c->plan);
	line(ctx->out, "severity:", plan_severity_name(c->severity));
	line(ctx->out, "category:", plan_category_name(c->category));
	line(ctx->out, "channel:", plan_channel_name(c->channel));
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
	if (c->due_at != CASE_NONE) {
		int64_t end = c->first_response_at != CASE_NONE
				      ? c->first_response_at
				      : ctx->now;
		const char *state;
		if (c->first_response_at != CASE_NONE)
			state = end <= c->due_at ? "met" : "breached";
		else if (c->resolved_at != CASE_NONE)
			state = "closed without response";
		else
			state = end > c->due_at ? "overdue" : "due in";
		if (!strcmp(state, "overdue"))
			snprintf(buf, sizeof(buf), "%s (overdue by %s)",
				 timefmt_local(c->due_at, ctx->local, when),
				 timefmt_duration(end - c->due_at, dur));
		else if (!strcmp(state, "due in"))
			snprintf(buf, sizeof(buf), "%s (due in %s)",
				 timefmt_local(c->due_at, ctx->local, when),
				 timefmt_duration(c->due_at - end, dur));
		else
			snprintf(buf, sizeof(buf), "%s (%s)",
				 timefmt_local(c->due_at, ctx->local, when),
				 state);
		line(ctx->out, "due:", buf);
	}
	time_line(ctx, "responded:", c->first_response_at);
	time_line(ctx, "resolved:", c->resolved_at);
	if (c->breached_at != CASE_NONE)
		time_line(ctx, "breach:", c->breached_at);
	fputs("events:\n", ctx->out);
	return store_event_each(ctx->st, c->rowid, event_cb, &x, ctx->err);
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
	rc = store_event_each(ctx->st, c->rowid, event_cb, &x, ctx->err);
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
	int rc = case_get(ctx->st, argv[0], &c, ctx->err);

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
	.about = "ID is a case id or at least 8 of its leading hex digits.",
	.example = "cases show 3f2a9c1b",
	.operands = { 1, 1, "case ID" },
	.store = CLI_READ,
	.exec = exec_show,
};
