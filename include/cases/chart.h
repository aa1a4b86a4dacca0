/*
 * chart.h - HTML pages and inline SVG charts, drawn by our own code.
 *
 * The drawing foundation of `cases report --format html` and the live
 * board: a page frame with one small stylesheet, text escaping, and three
 * charts (percentages over time as lines, durations per category as
 * grouped bars beside a target, counts per period as stacked bars). Each
 * chart is an inline <svg role="img"> with <title> and <desc>, a viewBox
 * so that it scales to its container, system fonts and no external
 * resource of any kind; each has a text equivalent as an HTML <table> for
 * readers (and e-mail clients) without SVG.
 *
 * Pure: everything is written to a FILE * given by the caller; no clock,
 * no database, no locale (numbers are printed with '.' as long as the
 * program never calls setlocale(LC_NUMERIC), which cases does not).
 * The output is polyglot HTML: well-formed XML as well as valid HTML5.
 *
 * Every string given to these functions may be any bytes: it is escaped,
 * invalid UTF-8 and the characters listed at chart_html_text() are shown
 * as U+FFFD, and nothing given can end an element or add an attribute.
 * Data errors (a percentage outside 0..100, a negative count, a bad id)
 * are CASES_EINVAL, a failed write CASES_EIO; on error the output may hold
 * a partial chart, so callers writing a file write it to a temporary one.
 */
#ifndef CASES_CHART_H
#define CASES_CHART_H

#include <stddef.h>
#include <stdio.h>

#include "cases/error.h"

/* Room for any value chart_format() prints. */
#define CHART_FMTMAX 48

/* Longest id accepted (see the id field below). */
#define CHART_IDMAX 32

/* How values are printed on axes, labels and in tables. */
enum chart_unit {
	CHART_UNIT_NUMBER,  /* 12, 2.5, 1200 */
	CHART_UNIT_PERCENT, /* 97.5% */
	CHART_UNIT_SECONDS, /* durations as timefmt_duration(): 45m, 3h 10m */
};

/* The value axis of chart_bars(). */
enum chart_scale {
	CHART_SCALE_AUTO, /* log when the values span a wide range (see
			     chart_bars()), linear otherwise */
	CHART_SCALE_LINEAR,
	CHART_SCALE_LOG,
};

/* One line, one bar of each group, or one layer of stacked bars: a value
 * per label of the chart, NAN for "no data". Borrowed. */
struct chart_series {
	const char *name;
	const double *values;
};

/*
 * Every chart names itself with
 *   id     unique within the page, [A-Za-z][A-Za-z0-9_-]* and at most
 *          CHART_IDMAX bytes: the prefix of the ids of the chart's
 *          <title>, <desc> and fill patterns;
 *   title  a short title (the SVG's <title>, the table's <caption>);
 *   desc   a sentence for screen readers; NULL: one is made from the data
 *          (kind of chart, series, periods, goal);
 *   x_title the heading of the label column of the table ("Week",
 *          "Severity"); NULL: "Period" or "Category".
 * labels are the periods (in order) or categories, nlabels of them; each
 * series has nlabels values.
 */

/* Percentages over time: one line per series, values 0..100 or NAN. */
struct chart_line_spec {
	const char *id, *title, *desc, *x_title;
	const char *const *labels;
	size_t nlabels;
	const struct chart_series *series;
	size_t nseries;
	double goal;		/* 0 < goal <= 100 draws a goal line; 0 or
				   NAN: none */
	const char *goal_label; /* NULL: "goal 95%" */
};

/* Grouped horizontal bars per category, each beside its target. */
struct chart_bar_spec {
	const char *id, *title, *desc, *x_title;
	const char *const *labels;
	size_t nlabels;
	const struct chart_series *series; /* e.g. "median", "p90" */
	size_t nseries;
	const double *targets;	  /* nlabels values, NAN none; or NULL */
	const char *target_label; /* NULL: "target" */
	enum chart_unit unit;
	enum chart_scale scale;
};

/* Stacked vertical bars per period, with totals; values are counts >= 0
 * (NAN counts as 0 and shows as "–" in the table). */
struct chart_stack_spec {
	const char *id, *title, *desc, *x_title;
	const char *const *labels;
	size_t nlabels;
	const struct chart_series *series; /* bottom layer first */
	size_t nseries;
};

/*
 * Write s as HTML text content (chart_html_text) or as the inside of a
 * double-quoted attribute value (chart_html_attr): & < > " ' become
 * character references; invalid UTF-8 (each bad byte), U+0000..U+001F
 * other than tab and newline (and those too in attributes), U+007F..U+009F,
 * the bidirectional embeddings, overrides and isolates U+202A..U+202E and
 * U+2066..U+2069, and the noncharacters become U+FFFD. NULL writes nothing.
 * The output is valid UTF-8 whatever s holds. CASES_OK, or CASES_EIO when
 * writing failed (out's error indicator is set).
 */
int chart_html_text(FILE *out, const char *s, char *err) CASES_MUST_CHECK;
int chart_html_attr(FILE *out, const char *s, char *err) CASES_MUST_CHECK;

/*
 * Print v in unit into buf (CHART_FMTMAX bytes) and return buf: NUMBER with
 * at most 2 decimals and no trailing zeros ("12", "2.5"), PERCENT likewise
 * with '%' ("97.5%"), SECONDS rounded to the second as timefmt_duration()
 * ("45m", "3h 10m", "1d 02h"). NAN prints "–" (U+2013), infinities "∞".
 */
char *chart_format(double v, enum chart_unit unit, char *buf);

/* What a page says about itself. */
struct chart_page {
	const char *title; /* the <title> */
	const char *lang;  /* <html lang>; NULL: "en" */
	unsigned refresh;  /* reload every N seconds (a wall board); 0: never */
	int refresh_noscript; /* the refresh inside <noscript>: only with
				 scripts off (a page whose script refreshes
				 it) */
	const char *css;      /* more rules after the shared stylesheet's,
				 in the same <style> (trusted text), or
				 NULL */
};

/*
 * Begin a page: doctype, <html lang>, <head> with charset, viewport,
 * <title>, the refresh when asked for, and the shared stylesheet (screen
 * from 390 px to 1920 px wide; print on A4 with 12 mm margins, figures and
 * table rows not split), then <body>. Classes the stylesheet knows:
 * figure.chart (chart_figure_begin), table.chart-data in div.table-wrap
 * (the *_table functions), div.charts (a grid of figures: side by side
 * when there is room, two a row in print), p.meta (small print under a
 * heading). CASES_OK or CASES_EIO.
 */
int chart_page_begin(FILE *out, const struct chart_page *page,
		     char *err) CASES_MUST_CHECK;

/* End a page begun by chart_page_begin(). CASES_OK or CASES_EIO. */
int chart_page_end(FILE *out, char *err) CASES_MUST_CHECK;

/*
 * <figure class="chart"> with a <figcaption> (caption may be NULL), to hold
 * one chart and its table; chart_figure_end() closes it. CASES_OK or
 * CASES_EIO.
 */
int chart_figure_begin(FILE *out, const char *caption,
		       char *err) CASES_MUST_CHECK;
int chart_figure_end(FILE *out, char *err) CASES_MUST_CHECK;

/*
 * A line chart: x the labels in order, y 0..100% with gridlines every 20%,
 * one line per series (lines break where a value is NAN; a point alone
 * between gaps shows as its marker), the goal line dashed and labelled,
 * and a legend. Series differ in colour (Okabe-Ito, colour-blind safe),
 * dash pattern and marker shape, so they are told apart in grey too.
 * Labels that would overlap are thinned to every k-th one; names too long
 * for the legend end in an ellipsis, and the legend shows at most the
 * first 64 series (the table always has them all).
 * CASES_EINVAL for a bad id, a NULL labels/series/values/name with a
 * non-zero count, or a value outside 0..100; CASES_EIO.
 * No labels or no series draws the axes and "No data".
 */
int chart_line(FILE *out, const struct chart_line_spec *c,
	       char *err) CASES_MUST_CHECK;

/* The same data as a table: a row per label, a column per series (and the
 * goal in the caption). Errors as chart_line(). */
int chart_line_table(FILE *out, const struct chart_line_spec *c,
		     char *err) CASES_MUST_CHECK;

/*
 * Grouped horizontal bars: a group per label (category names on the left,
 * with the target under the name), a bar per series with its value at the
 * end, a tick across the group at the target, a value axis with gridlines
 * and a legend. Values and targets must be >= 0 or NAN (no bar, no tick).
 * CHART_SCALE_AUTO picks a log scale when the largest positive value or
 * target is at least 20 times the smallest, linear otherwise (see
 * chart.c). CASES_EINVAL for bad input as chart_line() or a negative or
 * infinite value; CASES_EIO.
 */
int chart_bars(FILE *out, const struct chart_bar_spec *c,
	       char *err) CASES_MUST_CHECK;

/* The same data as a table: a row per label, a column per series and one
 * for the target. Errors as chart_bars(). */
int chart_bars_table(FILE *out, const struct chart_bar_spec *c,
		     char *err) CASES_MUST_CHECK;

/*
 * Stacked vertical bars: a bar per label, a layer per series (bottom
 * first; zero layers are not drawn), the total above each bar, an axis of
 * whole-number ticks with gridlines, and a legend. Layers differ in colour
 * and fill pattern. CASES_EINVAL for bad input as chart_line() or a
 * negative or infinite value; CASES_EIO.
 */
int chart_stacked(FILE *out, const struct chart_stack_spec *c,
		  char *err) CASES_MUST_CHECK;

/* The same data as a table: a row per label, a column per series and the
 * total. Errors as chart_stacked(). */
int chart_stacked_table(FILE *out, const struct chart_stack_spec *c,
			char *err) CASES_MUST_CHECK;

#endif
