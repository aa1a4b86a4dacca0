/*
 * chart_demo.c - one HTML page with every kind of chart of chart.h, for
 * tests/chart_test.py to parse, validate, render and print.
 *
 * usage: chart_demo PAGE.html INPUTS.json
 * The page holds several series with gaps, a goal line, hostile labels
 * (markup, quotes, controls, a bidi override, invalid UTF-8) and CJK text;
 * INPUTS.json gives the test the numbers the page was drawn from (values,
 * null for NAN) so that it can count what the SVG must hold.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cases/chart.h"
#include "cases/error.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define X	 NAN

static const char *const weeks[] = {
	"Oct 5", "Oct 12", "Oct 19", "Oct 26", "Nov 2",
	"Nov 9", "Nov 16", "Nov 23", "Nov 30",
};

static const double c_business[] = {
	97.5, 96, 93.2, 98, 99, 95.5, 91, 96, 100
};
static const double c_enterprise[] = { 100, 99, X, 98.5, 97, X, 100, 99.2, 98 };
static const double c_hostile[] = { 88, 90.5, 85, X, 92, 94, 89, 87.5, 90 };
static const double c_cjk[] = { X, 75, 80, 82.5, 79, 85, X, 70, X };

static const char *const severities[] = {
	"general",   "system-impaired",	  "prod-impaired",
	"prod-down", "business-critical",
};
static const double t_target[] = { 86400, 43200, 14400, 3600, 900 };
static const double t_median[] = { 32400, 9000, 5400, 2700, 480 };
static const double t_p90[] = { 79200, 51000, 12600, 4500, X };

static const double b_general[] = { 0, 1, 0, 2, 1, 0, 3, 1, 0 };
static const double b_sys[] = { 1, 0, 2, 1, 0, 0, 1, 2, 0 };
static const double b_impaired[] = { 0, 2, 1, 0, 3, 1, 0, 1, 0 };
static const double b_down[] = { 2, 0, 1, 1, 0, 0, 2, 0, 0 };
static const double b_critical[] = { 0, 1, 0, 0, 1, 0, 0, 3, 0 };

static const char *days[30];
static char day_buf[30][8];
static double d_plan_a[30], d_plan_b[30];

static int
fail(const char *what, int rc, const char *err)
{
	fprintf(stderr, "chart_demo: %s: %s (status %d)\n", what, err, rc);
	return 1;
}

/* The values of a chart's series as a JSON array of arrays. */
static void
json_series(FILE *f, const struct chart_series *s, size_t ns, size_t n)
{
	fputc('[', f);
	for (size_t k = 0; k < ns; k++) {
		fputs(k ? ",[" : "[", f);
		for (size_t i = 0; i < n; i++) {
			double v = s[k].values[i];
			if (i)
				fputc(',', f);
			if (isnan(v))
				fputs("null", f);
			else
				fprintf(f, "%.6g", v);
		}
		fputc(']', f);
	}
	fputc(']', f);
}

int
main(int argc, char **argv)
{
	char err[CASES_ERRMAX] = "";
	FILE *out, *js;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: chart_demo PAGE.html INPUTS.json\n");
		return 2;
	}
	for (int i = 0; i < 30; i++) {
		snprintf(day_buf[i], sizeof day_buf[i], "Nov %d", i + 1);
		days[i] = day_buf[i];
		/* weekends have no cases: gaps */
		d_plan_a[i] =
			i % 7 == 5 || i % 7 == 6
				? NAN
				: 90 + 10 * sin(i * 0.7) * (i % 3 ? 1 : 0.4);
		d_plan_b[i] = i % 7 == 6 ? NAN : 80 + 15 * cos(i * 0.45);
		if (d_plan_a[i] > 100)
			d_plan_a[i] = 100;
	}

	struct chart_series week_series[] = {
		{ "Business", c_business },
		{ "Enterprise", c_enterprise },
		{ "<script>alert(1)</script>", c_hostile },
		{ "株式会社テスト 東京", c_cjk },
	};
	struct chart_line_spec weekly = {
		.id = "weekly",
		.title = "Met % per week by plan, Oct 5 to Dec 6",
		.x_title = "Week",
		.labels = weeks,
		.nlabels = NELEM(weeks),
		.series = week_series,
		.nseries = NELEM(week_series),
		.goal = 95,
	};
	struct chart_series day_series[] = {
		{ "acme \"quoted\" & co", d_plan_a },
		{ "bidi \xe2\x80\xae"
		  "evil\xe2\x80\xac tab\there \x01\xc2\x85 "
		  "bad\xff byte",
		  d_plan_b },
	};
	struct chart_line_spec daily = {
		.id = "daily",
		.title = "Met % per day, November",
		.x_title = "Day",
		.labels = days,
		.nlabels = NELEM(days),
		.series = day_series,
		.nseries = NELEM(day_series),
		.goal = 90,
		.goal_label = "target 90% <b>bold?</b>",
	};
	struct chart_series ttfr_series[] = {
		{ "median", t_median },
		{ "p90", t_p90 },
	};
	struct chart_bar_spec ttfr = {
		.id = "ttfr",
		.title = "Time to first response against target",
		.x_title = "Severity",
		.labels = severities,
		.nlabels = NELEM(severities),
		.series = ttfr_series,
		.nseries = NELEM(ttfr_series),
		.targets = t_target,
		.unit = CHART_UNIT_SECONDS,
		.scale = CHART_SCALE_AUTO,
	};
	struct chart_series breach_series[] = {
		{ "general", b_general },
		{ "system-impaired", b_sys },
		{ "prod-impaired", b_impaired },
		{ "prod-down", b_down },
		{ "business-critical \"onmouseover=\"alert(1)", b_critical },
	};
	struct chart_stack_spec breaches = {
		.id = "breaches",
		.title = "Breaches per week by severity",
		.x_title = "Week",
		.labels = weeks,
		.nlabels = NELEM(weeks),
		.series = breach_series,
		.nseries = NELEM(breach_series),
	};

	out = fopen(argv[1], "w");
	if (!out) {
		perror(argv[1]);
		return 1;
	}
	if ((rc = chart_page_begin(
		     out,
		     &(struct chart_page){
			     .title = "SLA report <script>alert(1)</script>" },
		     err)))
		return fail("page", rc, err);
	fputs("<h1>", out);
	if ((rc = chart_html_text(
		     out, "SLA report: November <script>alert(1)</script>",
		     err)))
		return fail("title", rc, err);
	fputs("</h1>\n<p class=\"meta\">Period 2026-10-05 to 2026-12-06, "
	      "made 2026-12-07 09:00 +01:00. Account filter: ",
	      out);
	if ((rc = chart_html_text(
		     out, "株式会社テスト & \"Q\" <img src=x onerror=alert(1)>",
		     err)))
		return fail("meta", rc, err);
	fputs("</p>\n<div class=\"charts\">\n", out);

	if ((rc = chart_figure_begin(out, "Compliance over time", err))
	    || (rc = chart_line(out, &weekly, err))
	    || (rc = chart_line_table(out, &weekly, err))
	    || (rc = chart_figure_end(out, err)))
		return fail("weekly", rc, err);
	if ((rc = chart_figure_begin(out, "Time to first response", err))
	    || (rc = chart_bars(out, &ttfr, err))
	    || (rc = chart_bars_table(out, &ttfr, err))
	    || (rc = chart_figure_end(out, err)))
		return fail("ttfr", rc, err);
	if ((rc = chart_figure_begin(out, "Breaches", err))
	    || (rc = chart_stacked(out, &breaches, err))
	    || (rc = chart_stacked_table(out, &breaches, err))
	    || (rc = chart_figure_end(out, err)))
		return fail("breaches", rc, err);
	if ((rc = chart_figure_begin(out, "Compliance per day", err))
	    || (rc = chart_line(out, &daily, err))
	    || (rc = chart_figure_end(out, err)))
		return fail("daily", rc, err);
	fputs("</div>\n", out);
	if ((rc = chart_page_end(out, err)))
		return fail("page", rc, err);
	if (fclose(out) != 0) {
		perror(argv[1]);
		return 1;
	}

	js = fopen(argv[2], "w");
	if (!js) {
		perror(argv[2]);
		return 1;
	}
	fputs("{\"line\":{\"weekly\":{\"goal\":true,\"values\":", js);
	json_series(js, week_series, NELEM(week_series), NELEM(weeks));
	fputs("},\"daily\":{\"goal\":true,\"values\":", js);
	json_series(js, day_series, NELEM(day_series), NELEM(days));
	fputs("}},\"bars\":{\"ttfr\":{\"values\":", js);
	json_series(js, ttfr_series, NELEM(ttfr_series), NELEM(severities));
	fputs(",\"targets\":", js);
	json_series(js, &(struct chart_series){ "t", t_target }, 1,
		    NELEM(severities));
	fputs("}},\"stacked\":{\"breaches\":{\"values\":", js);
	json_series(js, breach_series, NELEM(breach_series), NELEM(weeks));
	fputs("}}}\n", js);
	if (fclose(js) != 0) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
