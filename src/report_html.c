/*
 * report_html.c - the compliance report as one HTML page (see
 * report_html.h): the report's rows and series (report_series.c, the
 * period read once), then the page drawn with chart.h.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/chart.h"
#include "cases/error.h"
#include "cases/plan.h"
#include "cases/record.h"
#include "cases/report.h"
#include "cases/report_html.h"
#include "cases/report_series.h"
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cases/tz.h"

/* Lines drawn at most besides the total: the groups with most cases (the
 * table under the chart has them all). */
#define MAX_LINES 8

static const char *const by_names[] = { "plan", "severity", "account" };

/* The page being written: the first error sticks, later calls do
 * nothing. */
struct page {
	FILE *f;
	char *err;
	int rc;
	struct store *st;
	const struct report_html_req *h;
	const struct tz *zone;
	struct report_series s;
	struct report_row *rows; /* the report's, total last */
	size_t nrows, caprows;
};

static void
put(struct page *p, const char *fmt, ...)
{
	va_list ap;

	if (p->rc)
		return;
	va_start(ap, fmt);
	if (vfprintf(p->f, fmt, ap) < 0)
		p->rc = cases_errf(p->err, CASES_EIO, "writing the page");
	va_end(ap);
}

static void
text(struct page *p, const char *s)
{
	if (!p->rc)
		p->rc = chart_html_text(p->f, s, p->err);
}

static void
chart_rc(struct page *p, int rc)
{
	if (!p->rc)
		p->rc = rc;
}

static int
row_cb(void *arg, const struct report_row *r)
{
	struct page *p = arg;

	if (p->nrows == p->caprows) {
		size_t cap = p->caprows ? p->caprows * 2 : 16;
		struct report_row *n = realloc(p->rows, cap * sizeof(*n));
		if (!n)
			return cases_errf(p->err, CASES_ENOMEM,
					  "out of memory");
		p->rows = n;
		p->caprows = cap;
	}
	p->rows[p->nrows++] = *r;
	return 0;
}

static const char *
group_name(struct page *p, const struct report_row *r)
{
	const char *z;

	if (r->total)
		return "(total)";
	switch (p->h->req.by) {
	case STORE_BY_PLAN:
		z = store_plan_name(p->st, r->key);
		break;
	case STORE_BY_SEVERITY:
		z = plan_severity_name((int)r->key);
		break;
	default:
		z = r->key ? store_account_name(p->st, r->key) : NULL;
		return z ? z : "(no account)";
	}
	return z ? z : "?";
}

static char *
local_time(struct page *p, int64_t t, char *buf)
{
	return timefmt_local(t, p->zone, buf);
}

/* met / (met + breached) truncated to one decimal, as the report's
 * compliance_pct; NAN when both are 0. */
static double
met_pct(int64_t met, int64_t breached)
{
	struct report_row r = { .met = met, .breached = breached };
	double pct;

	return report_compliance(&r, &pct) ? pct : NAN;
}

/* ---- the head of the page ---- */

static void
write_meta(struct page *p)
{
	const struct report_req *q = &p->h->req;
	char a[TIMEFMT_MAX], b[TIMEFMT_MAX];

	put(p, "<h1>SLA compliance report</h1>\n<p class=\"meta\">Period: ");
	if (q->since != INT64_MIN && q->until != INT64_MAX)
		put(p, "cases opened from %s to %s", local_time(p, q->since, a),
		    local_time(p, q->until, b));
	else if (q->since != INT64_MIN)
		put(p, "cases opened from %s on", local_time(p, q->since, a));
	else if (q->until != INT64_MAX)
		put(p, "cases opened before %s", local_time(p, q->until, a));
	else
		put(p, "every case");
	if (p->s.nbuckets)
		put(p, " (first opened %s, last %s)",
		    local_time(p, p->s.first, a), local_time(p, p->s.last, b));
	put(p, ".<br/>\nGrouped by %s.", by_names[p->h->req.by]);
	if (p->h->goal > 0)
		put(p, " Goal: %s met.",
		    chart_format(p->h->goal, CHART_UNIT_PERCENT, a));
	put(p, "<br/>\nMade %s, times in ", local_time(p, q->at, a));
	text(p, tz_name(p->zone));
	put(p, ".</p>\n");
}

/* ---- the compliance table ---- */

static void
write_dur(struct page *p, int64_t s)
{
	char buf[CHART_FMTMAX];

	put(p, "<td>%s</td>",
	    s == CASE_NONE ? "\xe2\x80\x93"
			   : chart_format((double)s, CHART_UNIT_SECONDS, buf));
}

static void
write_compliance(struct page *p)
{
	put(p,
	    "<h2>Compliance</h2>\n<div class=\"table-wrap\">"
	    "<table class=\"chart-data\" id=\"compliance\">\n<caption>"
	    "First-response compliance by %s</caption>\n<thead><tr>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">Opened</th>"
	    "<th scope=\"col\">Responded</th><th scope=\"col\">Met</th>"
	    "<th scope=\"col\">Breached</th><th scope=\"col\">Pending</th>"
	    "<th scope=\"col\">Met %%</th><th scope=\"col\">Median</th>"
	    "<th scope=\"col\">P90</th></tr></thead>\n<tbody>\n",
	    by_names[p->h->req.by],
	    p->h->req.by == STORE_BY_PLAN	? "Plan"
	    : p->h->req.by == STORE_BY_SEVERITY ? "Severity"
						: "Account");
	for (size_t i = 0; i < p->nrows; i++) {
		const struct report_row *r = &p->rows[i];
		double pct;

		put(p, "<tr%s><th scope=\"row\">",
		    r->total ? " class=\"total\"" : "");
		text(p, group_name(p, r));
		put(p,
		    "</th><td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td>"
		    "<td>%lld</td>",
		    (long long)r->opened, (long long)r->responded,
		    (long long)r->met, (long long)r->breached,
		    (long long)r->pending);
		if (report_compliance(r, &pct))
			put(p, "<td>%.1f</td>", pct);
		else
			put(p, "<td>\xe2\x80\x93</td>");
		write_dur(p, r->median_s);
		write_dur(p, r->p90_s);
		put(p, "</tr>\n");
	}
	put(p, "</tbody></table></div>\n<p class=\"meta\">A case belongs "
	       "to the period, day or week it was opened in. Met %% is met / "
	       "(met + breached), truncated to one decimal; median and P90 "
	       "are nearest-rank first-response times of the answered cases "
	       "with a target.</p>\n");
}

/* ---- the charts ---- */

struct charts {
	const char **labels; /* a date per bucket */
	char (*label_buf)[TIMEFMT_MAX];
	double *values; /* the series' values, nbuckets or nfrt each */
	struct chart_series *series;
	char (*names)[80];
};

static int
by_opened_desc(const void *x, const void *y)
{
	const struct report_row *a = *(const struct report_row *const *)x;
	const struct report_row *b = *(const struct report_row *const *)y;

	return (a->opened < b->opened) - (a->opened > b->opened);
}

static void
line_chart(struct page *p, struct charts *c)
{
	size_t nb = p->s.nbuckets, ng = 0, ns = 0;
	const struct report_row **pick;
	char title[160];

	pick = calloc(p->nrows ? p->nrows : 1, sizeof(*pick));
	if (!pick) {
		p->rc = cases_errf(p->err, CASES_ENOMEM, "out of memory");
		return;
	}
	for (size_t i = 0; i < p->nrows; i++) {
		if (!p->rows[i].total)
			pick[ng++] = &p->rows[i];
	}
	if (ng > MAX_LINES) {
		/* The largest groups, drawn in the report's order. */
		qsort(pick, ng, sizeof(*pick), by_opened_desc);
		ng = MAX_LINES;
		for (size_t i = 0; i < ng; i++) {
			for (size_t j = i + 1; j < ng; j++) {
				if (pick[j] < pick[i]) {
					const struct report_row *t = pick[i];
					pick[i] = pick[j];
					pick[j] = t;
				}
			}
		}
	}
	for (size_t k = 0; k <= ng; k++) {
		double *v = c->values + ns * nb;
		const int64_t *met, *br;
		if (k < ng) {
			const struct report_series_group *g =
				report_series_group(&p->s, pick[k]->key);
			if (!g)
				continue;
			met = g->met;
			br = g->breached;
			snprintf(c->names[ns], sizeof c->names[ns], "%s",
				 group_name(p, pick[k]));
		} else {
			/* The total, when it differs from the one group. */
			if (ng == 1)
				break;
			met = p->s.total_met;
			br = p->s.total_breached;
			snprintf(c->names[ns], sizeof c->names[ns], "all");
		}
		for (size_t i = 0; i < nb; i++)
			v[i] = met_pct(met[i], br[i]);
		c->series[ns].name = c->names[ns];
		c->series[ns].values = v;
		ns++;
	}
	free(pick);
	snprintf(title, sizeof title, "Met %% per %s by %s",
		 p->s.per_day ? "day" : "week", by_names[p->h->req.by]);
	struct chart_line_spec spec = {
		.id = "compliance-over-time",
		.title = title,
		.x_title = p->s.per_day ? "Day" : "Week of",
		.labels = c->labels,
		.nlabels = nb,
		.series = c->series,
		.nseries = ns,
		.goal = p->h->goal > 0 ? p->h->goal : NAN,
	};
	if (p->rc)
		return;
	chart_rc(p, chart_figure_begin(p->f, "Compliance over time", p->err));
	if (!p->rc)
		chart_rc(p, chart_line(p->f, &spec, p->err));
	if (!p->rc)
		chart_rc(p, chart_line_table(p->f, &spec, p->err));
	if (!p->rc && ng < p->nrows - 1)
		put(p,
		    "<p class=\"meta\">The %zu groups with most cases, of "
		    "%zu: the compliance table has them all.</p>\n",
		    ng, p->nrows - 1);
	if (!p->rc)
		chart_rc(p, chart_figure_end(p->f, p->err));
}

static void
frt_chart(struct page *p, struct charts *c)
{
	size_t n = p->s.nfrt;
	double *med = c->values, *p90 = c->values + n, *tgt = c->values + 2 * n;
	char dur[TIMEFMT_MAX];

	for (size_t i = 0; i < n; i++) {
		const struct report_frt *f = &p->s.frt[i];
		int split = (i > 0 && p->s.frt[i - 1].severity == f->severity)
			    || (i + 1 < n
				&& p->s.frt[i + 1].severity == f->severity);
		const char *sev = plan_severity_name(f->severity);
		if (!split)
			snprintf(c->label_buf[i], sizeof c->label_buf[i], "%s",
				 sev);
		else if (f->target_s)
			snprintf(c->label_buf[i], sizeof c->label_buf[i],
				 "%s (%s)", sev,
				 timefmt_duration(f->target_s, dur));
		else
			snprintf(c->label_buf[i], sizeof c->label_buf[i],
				 "%s (no target)", sev);
		c->labels[i] = c->label_buf[i];
		med[i] = f->median_s == CASE_NONE ? NAN : (double)f->median_s;
		p90[i] = f->p90_s == CASE_NONE ? NAN : (double)f->p90_s;
		tgt[i] = f->target_s ? (double)f->target_s : NAN;
	}
	c->series[0] = (struct chart_series){ "median", med };
	c->series[1] = (struct chart_series){ "p90", p90 };
	struct chart_bar_spec spec = {
		.id = "first-response",
		.title = "Time to first response against target, by severity",
		.x_title = "Severity",
		.labels = c->labels,
		.nlabels = n,
		.series = c->series,
		.nseries = 2,
		.targets = tgt,
		.unit = CHART_UNIT_SECONDS,
		.scale = CHART_SCALE_AUTO,
	};
	chart_rc(p, chart_figure_begin(p->f, "Time to first response", p->err));
	if (!p->rc)
		chart_rc(p, chart_bars(p->f, &spec, p->err));
	if (!p->rc)
		chart_rc(p, chart_bars_table(p->f, &spec, p->err));
	if (!p->rc)
		chart_rc(p, chart_figure_end(p->f, p->err));
}

static void
breach_chart(struct page *p, struct charts *c)
{
	size_t nb = p->s.nbuckets, ns = 0;
	char title[80];

	for (int sev = 1; sev < SEV_COUNT; sev++) {
		double *v = c->values + ns * nb;
		int64_t any = 0;
		for (size_t i = 0; i < nb; i++) {
			v[i] = (double)p->s.breaches[i][sev];
			any += p->s.breaches[i][sev];
		}
		if (!any)
			continue;
		c->series[ns].name = plan_severity_name(sev);
		c->series[ns].values = v;
		ns++;
	}
	snprintf(title, sizeof title, "Breaches per %s by severity",
		 p->s.per_day ? "day" : "week");
	struct chart_stack_spec spec = {
		.id = "breaches",
		.title = title,
		.x_title = p->s.per_day ? "Day" : "Week of",
		.labels = c->labels,
		.nlabels = nb,
		.series = c->series,
		.nseries = ns,
	};
	chart_rc(p, chart_figure_begin(p->f, "Breaches", p->err));
	if (!p->rc)
		chart_rc(p, chart_stacked(p->f, &spec, p->err));
	if (!p->rc)
		chart_rc(p, chart_stacked_table(p->f, &spec, p->err));
	if (!p->rc)
		chart_rc(p, chart_figure_end(p->f, p->err));
}

static void
charts_free(struct charts *c)
{
	free(c->labels);
	free(c->label_buf);
	free(c->values);
	free(c->series);
	free(c->names);
}

/* Room for every chart of p, the bucket labels set. */
static int
charts_alloc(struct page *p, struct charts *c)
{
	size_t nb = p->s.nbuckets, nl = nb > p->s.nfrt ? nb : p->s.nfrt;
	size_t nser = p->nrows + SEV_COUNT + 2;

	if (nl == 0)
		nl = 1;
	c->labels = calloc(nl, sizeof(*c->labels));
	c->label_buf = calloc(nl, sizeof(*c->label_buf));
	c->values = calloc(nser * nl, sizeof(*c->values));
	c->series = calloc(nser, sizeof(*c->series));
	c->names = calloc(nser, sizeof(*c->names));
	if (!c->labels || !c->label_buf || !c->values || !c->series
	    || !c->names) {
		charts_free(c);
		return p->rc = cases_errf(p->err, CASES_ENOMEM,
					  "out of memory");
	}
	for (size_t i = 0; i < nb; i++)
		c->labels[i] =
			timefmt_date(p->s.bucket_day[i], c->label_buf[i]);
	return CASES_OK;
}

static void
write_charts(struct page *p)
{
	struct charts c = { 0 };
	size_t nb = p->s.nbuckets;

	if (charts_alloc(p, &c))
		return;
	put(p, "<h2>Pictures</h2>\n<div class=\"charts\">\n");
	line_chart(p, &c);
	if (p->rc)
		goto out;
	for (size_t i = 0; i < nb; i++)
		c.labels[i] = timefmt_date(p->s.bucket_day[i], c.label_buf[i]);
	breach_chart(p, &c);
	if (p->rc)
		goto out;
	frt_chart(p, &c);
	put(p, "</div>\n");
out:
	charts_free(&c);
}

/* ---- the breached cases ---- */

static void
write_breaches(struct page *p)
{
	const struct report_series *s = &p->s;
	char buf[TIMEFMT_MAX], dur[CHART_FMTMAX], id[CASE_ID_LEN];

	put(p, "<h2>Breached cases</h2>\n");
	if (s->breached_total > (int64_t)s->nbreached)
		put(p,
		    "<p class=\"meta\">The first %zu of %lld breached cases, "
		    "in opening order (<code>cases list</code> shows "
		    "them all).</p>\n",
		    s->nbreached, (long long)s->breached_total);
	put(p,
	    "<div class=\"table-wrap\"><table class=\"chart-data\" "
	    "id=\"breached-cases\">\n<caption>%lld breached case%s, in "
	    "opening order</caption>\n<thead><tr><th scope=\"col\">No."
	    "</th><th scope=\"col\">Case</th><th scope=\"col\">Account"
	    "</th><th scope=\"col\">Severity</th><th scope=\"col\">"
	    "Subject</th><th scope=\"col\">Opened</th><th scope=\"col\">"
	    "Deadline</th><th scope=\"col\">First response</th>"
	    "<th scope=\"col\">Late by</th></tr></thead>\n<tbody>\n",
	    (long long)s->breached_total, s->breached_total == 1 ? "" : "s");
	for (size_t i = 0; i < s->nbreached; i++) {
		const struct report_breach *b = &s->breached[i];
		const char *acct =
			b->account_id ? store_account_name(p->st, b->account_id)
				      : NULL;

		case_uuid_format(b->uuid, id);
		put(p, "<tr><td>%lld</td><th scope=\"row\">%.8s</th><td>",
		    (long long)b->id, id);
		text(p, acct ? acct : "\xe2\x80\x93");
		put(p, "</td><td>");
		text(p, plan_severity_name(b->severity));
		put(p, "</td><td>");
		text(p, b->subject);
		put(p, "</td><td>%s</td>", local_time(p, b->opened_at, buf));
		put(p, "<td>%s</td>", local_time(p, b->due_at, buf));
		if (b->first_response_at != CASE_NONE)
			put(p, "<td>%s</td>",
			    local_time(p, b->first_response_at, buf));
		else
			put(p, "<td>none%s</td>", b->open ? ", open" : "");
		put(p, "<td>%s%s</td></tr>\n",
		    chart_format((double)b->late_s, CHART_UNIT_SECONDS, dur),
		    b->open ? " so far" : "");
	}
	if (!s->nbreached)
		put(p, "<tr><td colspan=\"9\">No breached case.</td></tr>\n");
	put(p, "</tbody></table></div>\n");
}

int
report_html_write(FILE *out, struct store *st, const struct report_html_req *h,
		  char *err)
{
	struct page p = { .f = out, .err = err, .st = st, .h = h };
	struct chart_page page = { .title = "SLA compliance report" };
	char title[200], a[TIMEFMT_MAX], b[TIMEFMT_MAX];
	int rc;

	p.zone = h->zone ? h->zone : tz_utc();
	rc = report_series_run(st, &h->req, p.zone, &p.s, row_cb, &p, err);
	if (rc)
		goto out;
	if (h->req.since != INT64_MIN && h->req.until != INT64_MAX) {
		snprintf(title, sizeof title,
			 "SLA compliance report, %.10s to %.10s",
			 local_time(&p, h->req.since, a),
			 local_time(&p, h->req.until, b));
		page.title = title;
	}
	p.rc = chart_page_begin(out, &page, err);
	write_meta(&p);
	write_compliance(&p);
	if (!p.rc && p.s.nbuckets)
		write_charts(&p);
	else
		put(&p, "<h2>Pictures</h2>\n<p>No case was opened in the "
			"period: nothing to draw.</p>\n");
	write_breaches(&p);
	if (!p.rc)
		p.rc = chart_page_end(out, err);
	rc = p.rc;
out:
	report_series_release(&p.s);
	free(p.rows);
	return rc;
}

int
report_html_compliance_write(FILE *out, struct store *st,
			     const struct report_html_req *h, char *err)
{
	struct page p = { .f = out, .err = err, .st = st, .h = h };
	struct charts c = { 0 };
	int rc;

	p.zone = h->zone ? h->zone : tz_utc();
	rc = report_series_run(st, &h->req, p.zone, &p.s, row_cb, &p, err);
	if (rc)
		goto out;
	write_compliance(&p);
	if (!p.rc && p.s.nbuckets && charts_alloc(&p, &c) == CASES_OK) {
		line_chart(&p, &c);
		charts_free(&c);
	} else if (!p.rc && !p.s.nbuckets) {
		put(&p, "<p>No case was opened in the period: nothing to "
			"draw.</p>\n");
	}
	rc = p.rc;
out:
	report_series_release(&p.s);
	free(p.rows);
	return rc;
}
