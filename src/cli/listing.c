/*
 * listing.c - case records out, and the skeleton of the listings (list,
 * export, due, overdue, queue): the filter options, one query, one row per
 * case, in the query's order or sorted (--sort, the queue's urgency).
 */
#include <stdlib.h>
#include <string.h>

#include "cases/calcache.h"
#include "cases/slastate.h"
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cli.h"

/* ---- case records out ---- */

/*
 * The record formats carry every field (docs/formats.md); tables show the
 * number, the SLA state and the subject whatever the width, and drop the
 * others as it narrows, the plan first (COL_DROP).
 */
static const struct out_col case_cols[] = {
	{ "id", "ID", COL_STR, COL_NOTABLE },
	/* the number for people (first); for records, it is below */
	{ "number", "#", COL_INT, COL_ONLYTABLE | COL_KEEP | COL_HASH },
	{ "sla", "SLA", COL_STR, COL_ONLYTABLE | COL_KEEP },
	{ "external_id", "EXTERNAL", COL_STR, COL_NOTABLE },
	{ "account", "ACCOUNT", COL_STR, COL_SHRINK | COL_DROP(3) },
	/* for records, it is last (a new field); in tables, only when a
	 * case listed has one */
	{ "assignee", "ASSIGNEE", COL_STR,
	  COL_ONLYTABLE | COL_SHRINK | COL_IFANY | COL_DROP(6) },
	{ "plan", "PLAN", COL_STR, COL_SHRINK | COL_DROP(8) },
	{ "severity", "SEVERITY", COL_STR, COL_DROP(2) },
	{ "category", "CATEGORY", COL_STR, COL_NOTABLE },
	{ "channel", "CHANNEL", COL_STR, COL_NOTABLE },
	{ "status", "STATUS", COL_STR, COL_DROP(7) },
	{ "opened_at", "OPENED", COL_TIME, COL_NOTABLE },
	{ "age", "AGE", COL_DUR, COL_ONLYTABLE | COL_DROP(5) },
	{ "due_at", "DUE", COL_TIME, COL_DROP(4) },
	{ "first_response_at", "RESPONDED", COL_TIME, COL_NOTABLE },
	{ "resolved_at", "RESOLVED", COL_TIME, COL_NOTABLE },
	{ "breached_at", "BREACHED", COL_TIME, COL_NOTABLE },
	/* the optional extra duration column goes here */
	{ "subject", "SUBJECT", COL_STR, COL_REST },
	/* New fields go last, so that the CSV columns scripts know by
	 * position stay where they are. */
	{ "number", "NUMBER", COL_INT, COL_NOTABLE },
	{ "sla_state", "STATE", COL_STR, COL_NOTABLE },
	{ "sla_remaining_s", "LEFT", COL_INT, COL_NOTABLE },
	{ "assignee", "ASSIGNEE", COL_STR, COL_NOTABLE },
};
#define CASE_NCOLS    (int)(sizeof(case_cols) / sizeof(case_cols[0]))
#define CASE_EXTRA_AT (case_col("subject"))

/* Column of case_cols named name. */
static int
case_col(const char *name)
{
	for (int i = 0; i < CASE_NCOLS; i++) {
		if (strcmp(case_cols[i].name, name) == 0)
			return i;
	}
	return -1;
}

struct out *
case_out_new(struct cli_ctx *ctx, int single, const char *extra,
	     const char *extra_title, unsigned hide)
{
	/* out keeps a pointer to its columns: they must outlive it. */
	static struct out_col cols[CASE_NCOLS + 1];
	static const struct {
		unsigned bit;
		const char *name;
	} hidden[] = { { CASE_HIDE_STATUS, "status" },
		       { CASE_HIDE_AGE, "age" },
		       { CASE_HIDE_PLAN, "plan" },
		       { CASE_HIDE_DUE, "due_at" } };
	int n = 0, extra_at = CASE_EXTRA_AT;

	for (int i = 0; i < CASE_NCOLS; i++) {
		if (i == extra_at && extra)
			/* Tables show it in the SLA column already. */
			cols[n++] = (struct out_col){ extra, extra_title,
						      COL_DUR, COL_NOTABLE };
		cols[n] = case_cols[i];
		for (size_t h = 0; h < sizeof(hidden) / sizeof(hidden[0]);
		     h++) {
			if ((hide & hidden[h].bit)
			    && strcmp(cols[n].name, hidden[h].name) == 0)
				cols[n].flags |= COL_NOTABLE;
		}
		n++;
	}
	return cli_out_new(ctx, cols, n, single);
}

void
case_state(struct cli_ctx *ctx, struct calcache *cc, const struct case_rec *c,
	   struct slastate_info *s)
{
	const struct calendar *cal = NULL;
	struct calcache own;
	char err[CASES_ERRMAX];

	if (c->clock == CLOCK_BUSINESS && c->due_at != CASE_NONE && ctx->st) {
		if (!cc) {
			calcache_init(&own, ctx->st);
			cc = &own;
		}
		if (calcache_calendar(cc, c->cal_ver, &cal, err) != CASES_OK)
			cal = NULL; /* wall time, rather than no state */
	}
	slastate_get(c, cal, ctx->now, s);
	if (cc == &own)
		calcache_release(&own);
}

/* The queue's text for an answered case in time: "answered" (set around
 * the queue's rows only). */
static int say_answered;

const char *
case_sla_text(const struct case_rec *c, const struct slastate_info *s,
	      char *buf, int *color)
{
	char dur[TIMEFMT_MAX];

	*color = OUT_PLAIN;
	switch (s->state) {
	case SLASTATE_NONE:
		return c->due_at == CASE_NONE ? "no target" : "closed";
	case SLASTATE_MET:
		return say_answered && c->resolved_at == CASE_NONE ? "answered"
								   : "met";
	case SLASTATE_BREACHED:
		*color = OUT_RED;
		if (!s->running || s->left >= 0)
			return "breached";
		snprintf(buf, CASE_SLA_TEXT_MAX, "-%s",
			 timefmt_duration(-s->left, dur));
		return buf;
	case SLASTATE_WARNED:
		*color = OUT_YELLOW;
		/* fall through */
	case SLASTATE_DUE:
		snprintf(buf, CASE_SLA_TEXT_MAX, "in %s",
			 timefmt_duration(s->left, dur));
		return buf;
	}
	return "-";
}

void
case_out_row(struct out *o, const struct case_rec *c,
	     const struct slastate_info *s, int has_extra, int64_t extra)
{
	char sla[CASE_SLA_TEXT_MAX];
	int color = OUT_PLAIN;
	const char *text = NULL;

	out_str(o, c->id);
	out_int(o, c->rowid);
	/* The SLA text is the tables' alone: worked out when shown. */
	if (out_next_shown(o))
		text = case_sla_text(c, s, sla, &color);
	out_str_color(o, text, color);
	out_str(o, c->external_id);
	out_str(o, c->account);
	out_str(o, c->assignee);
	out_str(o, c->plan);
	out_str(o, plan_severity_name(c->severity));
	out_str(o, plan_category_name(c->category));
	out_str(o, plan_channel_name(c->channel));
	out_str(o, case_status_name(case_status(c)));
	out_time(o, c->opened_at);
	out_dur(o, out_now(o) >= c->opened_at ? out_now(o) - c->opened_at : 0);
	out_time(o, c->due_at);
	out_time(o, c->first_response_at);
	out_time(o, c->resolved_at);
	out_time(o, c->breached_at);
	if (has_extra)
		out_dur(o, extra);
	out_str(o, c->subject);
	out_int(o, c->rowid);
	out_str(o, slastate_name(s->state));
	out_int(o, s->left);
	out_str(o, c->assignee);
}

int
case_out_record(struct cli_ctx *ctx, const struct case_rec *c)
{
	struct slastate_info s;
	struct out *o = case_out_new(ctx, 1, NULL, NULL, CASE_HIDE_AGE);

	if (o) {
		case_state(ctx, NULL, c, &s);
		case_out_row(o, c, &s, 0, 0);
		out_row_end(o);
	}
	return cli_out_free(ctx, o);
}

/* For a person: "#42 opened: business/prod-down, due 14:05 (in 1h)". */
static void
opened_line(struct cli_ctx *ctx, const struct case_rec *c)
{
	struct slastate_info s;
	char when[TIMEFMT_MAX], sla[CASE_SLA_TEXT_MAX];
	int color;

	fprintf(ctx->out, "#%lld opened: %s/%s", (long long)c->rowid,
		c->plan ? c->plan : "-", plan_severity_name(c->severity));
	if (c->due_at == CASE_NONE) {
		fputs(", no first-response target\n", ctx->out);
		return;
	}
	case_state(ctx, NULL, c, &s);
	fprintf(ctx->out, ", due %s (%s)\n",
		timefmt_short(c->due_at, ctx->local, ctx->now, when),
		case_sla_text(c, &s, sla, &color));
}

int
case_out_one(struct cli_ctx *ctx, const struct case_rec *c)
{
	if (ctx->format == OUT_TABLE) {
		/* The id alone for scripts (a pipe), as it always was. */
		if (out_term_width(ctx->out) > 0)
			opened_line(ctx, c);
		else
			fprintf(ctx->out, "%s\n", c->id);
		return cli_flush(ctx);
	}
	return case_out_record(ctx, c);
}

/* ---- the listings ---- */

/* The fields --sort takes. */
static const char *const sort_names[] = {
	"number",   "sla",     "due",  "age",	 "opened",
	"severity", "account", "plan", "status", "subject",
};
#define NSORT (int)(sizeof(sort_names) / sizeof(sort_names[0]))

static int
sort_parse(struct cli_ctx *ctx, const char *value)
{
	const char *name = value + (*value == '-');

	for (int i = 0; i < NSORT; i++) {
		if (strcmp(name, sort_names[i]) == 0)
			return CASES_OK;
	}
	return cases_errf(ctx->err, CASES_EINVAL,
			  "unknown --sort '%s' (expected one of: number, sla, "
			  "due, age, opened, severity, account, plan, status, "
			  "subject; a leading '-' reverses)",
			  value);
}

int
cli_listing_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	struct cli_listing *l = args;
	char *end;

	switch (code) {
	case LIST_PLAN:
		l->plan = value;
		return CASES_OK;
	case LIST_ACCOUNT:
		l->account = value;
		return CASES_OK;
	case LIST_SEVERITY:
		return plan_severity_parse(value, &l->severity, ctx->err);
	case LIST_LIMIT:
		l->limit = strtoll(value, &end, 10);
		if (*value == '\0' || *end || l->limit <= 0)
			return cases_errf(ctx->err, CASES_EINVAL,
					  "invalid --limit '%s' (expected a "
					  "positive whole number)",
					  value);
		return CASES_OK;
	case LIST_STATUS:
		return case_status_parse(value, &l->status, ctx->err);
	case LIST_SINCE:
		l->since = value;
		return CASES_OK;
	case LIST_UNTIL:
		l->until = value;
		return CASES_OK;
	case LIST_WITHIN:
		return timefmt_parse_duration(value, &l->within, ctx->err);
	case LIST_SORT:
		l->sort = value;
		return sort_parse(ctx, value);
	case LIST_FIELDS:
		l->fields = value;
		return CASES_OK;
	case LIST_NO_HEADERS:
		l->no_headers = 1;
		return CASES_OK;
	case LIST_COLOR:
		return out_color_parse(value, &l->color, ctx->err);
	case LIST_ASSIGNEE:
		l->assignee = value;
		return case_name_check(value, "assignee", ctx->err);
	case LIST_MINE:
		l->mine = 1;
		return CASES_OK;
	}
	return cli_usage_error(ctx, "unknown option");
}

/* --assignee NAME, or --mine: the author's name (issue 15). */
static int
assignee_filter(struct cli_ctx *ctx, const struct cli_listing *l,
		struct case_filter *f)
{
	if (l->mine && l->assignee)
		return cli_usage_error(ctx, "--mine and --assignee exclude "
					    "each other");
	f->assignee = l->mine ? cli_author(ctx) : l->assignee;
	if (l->mine && !f->assignee)
		return cli_usage_error(ctx, "--mine needs a name: give --as "
					    "NAME or set $CASES_AGENT");
	return CASES_OK;
}

/* The filter of l: plan and account names resolved to their ids. */
static int
resolve(struct cli_ctx *ctx, const struct cli_listing *l, struct case_filter *f)
{
	int rc;

	f->status = l->status;
	f->severity = l->severity;
	/* Sorted listings cut after sorting. */
	f->limit = l->sort || l->queue ? 0 : l->limit;
	if (l->plan) {
		struct plan p;
		rc = store_plan_get(ctx->st, l->plan, &p, ctx->err);
		if (rc)
			return rc;
		f->plan_id = p.id;
	}
	if (l->account) {
		struct account_rec a;
		rc = store_account_get(ctx->st, l->account, &a, ctx->err);
		if (rc)
			return rc;
		f->account_id = a.id;
		account_rec_release(&a);
	}
	return assignee_filter(ctx, l, f);
}

/* A case kept for sorting, with its state. */
struct kept {
	struct case_rec c;
	struct slastate_info s;
};

struct row_ctx {
	struct cli_ctx *ctx;
	struct out *o;
	const struct cli_listing *l;
	struct calcache cc;
	/* sorted listings: every case, owned */
	struct kept *k;
	size_t n, cap;
	int failed;
};

static void
write_row(struct row_ctx *x, const struct case_rec *c,
	  const struct slastate_info *s)
{
	const struct cli_listing *l = x->l;

	say_answered = l->queue;
	case_out_row(x->o, c, s, l->extra != NULL,
		     l->extra ? l->extra_of(c, x->ctx->now) : 0);
	out_row_end(x->o);
	say_answered = 0;
}

static int
row_cb(void *arg, const struct case_rec *c)
{
	struct row_ctx *x = arg;
	struct slastate_info s = { .left = CASE_NONE };

	/* Not shown and not sorted by (export): not computed either. */
	if (x->l->queue || x->l->sort || !x->l->fields
	    || strstr(x->l->fields, "sla"))
		case_state(x->ctx, &x->cc, c, &s);
	if (!x->l->sort && !x->l->queue) {
		write_row(x, c, &s);
		return 0;
	}
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 64;
		struct kept *more = realloc(x->k, cap * sizeof(*more));
		if (!more)
			return CASES_ENOMEM;
		x->k = more;
		x->cap = cap;
	}
	if (case_rec_copy(c, &x->k[x->n].c) != CASES_OK)
		return CASES_ENOMEM;
	x->k[x->n].s = s;
	x->n++;
	return 0;
}

int
cli_listing_all(struct store *st, const struct case_filter *f, int64_t from,
		int64_t to, int (*row)(void *, const struct case_rec *),
		void *arg, char *err)
{
	(void)from;
	(void)to;
	return store_case_list(st, f, row, arg, err);
}

/* ---- orders ---- */

static int
cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* Most urgent first: the queue's order (slastate_cmp_urgency()). */
static int
cmp_urgency(const struct kept *a, const struct kept *b)
{
	return slastate_cmp_urgency(&a->c, &a->s, &b->c, &b->s);
}

static int
cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* The sort of the listing being sorted (qsort has no argument). */
static const char *sort_key;

/* By sort_key (ascending; CASE_NONE last), then by number. */
static int
cmp_kept(const void *pa, const void *pb)
{
	const struct kept *a = pa, *b = pb;
	const char *key = sort_key ? sort_key : "sla";
	int rev = *key == '-', r = 0;

	key += rev;
	if (strcmp(key, "sla") == 0)
		r = cmp_urgency(a, b);
	else if (strcmp(key, "due") == 0)
		r = (a->c.due_at == CASE_NONE) - (b->c.due_at == CASE_NONE);
	if (r == 0 && strcmp(key, "due") == 0)
		r = cmp_i64(a->c.due_at, b->c.due_at);
	else if (strcmp(key, "age") == 0 || strcmp(key, "opened") == 0)
		/* The oldest (opened first) first. */
		r = cmp_i64(a->c.opened_at, b->c.opened_at);
	else if (strcmp(key, "severity") == 0)
		/* The most severe first. */
		r = b->c.severity - a->c.severity;
	else if (strcmp(key, "account") == 0)
		r = cmp_str(a->c.account, b->c.account);
	else if (strcmp(key, "plan") == 0)
		r = cmp_str(a->c.plan, b->c.plan);
	else if (strcmp(key, "status") == 0)
		r = (int)case_status(&a->c) - (int)case_status(&b->c);
	else if (strcmp(key, "subject") == 0)
		r = cmp_str(a->c.subject, b->c.subject);
	if (r == 0)
		r = cmp_i64(a->c.rowid, b->c.rowid);
	return rev ? -r : r;
}

int
cli_listing_exec(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	const struct cli_listing *l = args;
	struct case_filter f = CASE_FILTER_INIT;
	struct row_ctx x = { .ctx = ctx, .l = l };
	int rc = resolve(ctx, l, &f);

	if (rc)
		return rc;
	x.o = case_out_new(ctx, 0, l->extra, l->extra_title, l->hide);
	if (!x.o)
		return cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
	out_set_headers(x.o, !l->no_headers);
	out_set_color(x.o, l->color);
	if (l->fields && (rc = out_select(x.o, l->fields, ctx->err)) != 0) {
		out_discard(x.o);
		return rc;
	}
	calcache_init(&x.cc, ctx->st);
	rc = cli_listing_query(ctx, l, &f, row_cb, &x);
	if (rc == CASES_OK && (l->sort || l->queue)) {
		sort_key = l->queue ? NULL : l->sort;
		if (x.n > 1)
			qsort(x.k, x.n, sizeof(*x.k), cmp_kept);
		for (size_t i = 0; i < x.n; i++) {
			if (l->limit && (int64_t)i >= l->limit)
				break;
			write_row(&x, &x.k[i].c, &x.k[i].s);
		}
	}
	for (size_t i = 0; i < x.n; i++)
		case_rec_release(&x.k[i].c);
	free(x.k);
	calcache_release(&x.cc);
	if (rc) {
		out_free(x.o);
		return rc == CASES_ENOMEM
			       ? cases_errf(ctx->err, rc, "out of memory")
			       : rc;
	}
	/* Nothing to list: said to a person, never to a pipe. */
	if (out_rows(x.o) == 0 && ctx->format == OUT_TABLE && l->empty
	    && out_term_width(ctx->out) > 0)
		fprintf(ctx->errf, "%s\n", l->empty);
	return cli_out_free(ctx, x.o);
}
