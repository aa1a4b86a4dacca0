/*
 * test_chart.c - escaping, geometry and bad input of the HTML/SVG charts.
 * Charts are written to memory and read back: positions come from the
 * plot area the chart itself reports (<rect class="plot">, the axis and
 * the ticks), so the tests check relations (a 50% point halfway up, a
 * value twice as large twice as long), not the layout's constants.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/chart.h"
#include "cases/error.h"
#include "cases/utf8.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define REPL	 "\xef\xbf\xbd"

struct mem {
	char *s;
	size_t n;
	FILE *f;
};

static FILE *
mem_open(struct mem *m)
{
	m->s = NULL;
	m->n = 0;
	m->f = open_memstream(&m->s, &m->n);
	cr_assert_not_null(m->f);
	return m->f;
}

/* Close the stream; the text is m->s, freed by the caller. */
static char *
mem_close(struct mem *m)
{
	cr_assert_eq(fclose(m->f), 0);
	return m->s;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* The k-th (0-based) element start "<..." holding class="cls", or NULL. */
static const char *
elem(const char *s, const char *cls, size_t k)
{
	char pat[64];
	const char *p = s;

	snprintf(pat, sizeof pat, "class=\"%s\"", cls);
	for (size_t i = 0; (p = strstr(p, pat)); p += strlen(pat), i++) {
		if (i == k) {
			while (p > s && *p != '<')
				p--;
			return p;
		}
	}
	return NULL;
}

/* Number in attribute name of the element at el. */
static double
attr(const char *el, const char *name)
{
	char pat[32];
	const char *p, *end = strchr(el, '>');

	snprintf(pat, sizeof pat, " %s=\"", name);
	p = strstr(el, pat);
	cr_assert(p && p < end, "no %s in %.80s", name, el);
	return strtod(p + strlen(pat), NULL);
}

/* The points of a path made of M and L commands: returns their number. */
static size_t
path_points(const char *el, double *x, double *y, size_t max)
{
	const char *p = strstr(el, " d=\"");
	size_t n = 0;
	char *e;

	cr_assert_not_null(p);
	p += 4;
	while ((*p == 'M' || *p == 'L') && n < max) {
		x[n] = strtod(p + 1, &e);
		y[n] = strtod(e, &e);
		n++;
		p = e;
	}
	return n;
}

/* The text content of the k-th element with class cls. */
static char *
text_of(const char *s, const char *cls, size_t k, char *buf, size_t n)
{
	const char *el = elem(s, cls, k), *a, *b;

	cr_assert_not_null(el, "no %zu-th %s", k, cls);
	a = strchr(el, '>') + 1;
	b = strstr(a, "</text>");
	cr_assert_not_null(b);
	snprintf(buf, n, "%.*s", (int)(b - a), a);
	return buf;
}

static char *
esc_text(const char *in, int attr_mode)
{
	char err[CASES_ERRMAX];
	struct mem m;
	FILE *f = mem_open(&m);

	if (attr_mode)
		cr_assert_eq(chart_html_attr(f, in, err), CASES_OK);
	else
		cr_assert_eq(chart_html_text(f, in, err), CASES_OK);
	return mem_close(&m);
}

static void
expect_esc(const char *in, int attr_mode, const char *want)
{
	char *got = esc_text(in, attr_mode);

	cr_expect_str_eq(got, want, "escaping '%s' (attr %d)", in, attr_mode);
	free(got);
}

/* Output that no page could be hurt by: valid UTF-8, no markup
 * character, no control or bidi character. */
static void
assert_inert(const char *out)
{
	size_t n = strlen(out), k;
	uint32_t cp;

	cr_assert(utf8_valid(out, n), "invalid UTF-8 out of the escaper");
	cr_assert_null(strpbrk(out, "<>\"'"), "markup in '%s'", out);
	for (size_t i = 0; i < n; i += k) {
		k = utf8_decode(out + i, n - i, &cp);
		cr_assert(cp >= 0x20 || cp == '\t' || cp == '\n');
		cr_assert(!(cp >= 0x7f && cp <= 0x9f), "C1 %04x", cp);
		cr_assert(!(cp >= 0x202a && cp <= 0x202e), "bidi %04x", cp);
		cr_assert(!(cp >= 0x2066 && cp <= 0x2069), "bidi %04x", cp);
		if (cp == '&')
			cr_assert(strncmp(out + i, "&amp;", 5) == 0
				  || strncmp(out + i, "&lt;", 4) == 0
				  || strncmp(out + i, "&gt;", 4) == 0
				  || strncmp(out + i, "&quot;", 6) == 0
				  || strncmp(out + i, "&#39;", 5) == 0);
	}
}

/* ---- escaping ---- */

Test(chart, escapes_markup_and_quotes)
{
	expect_esc("<script>alert(1)</script>", 0,
		   "&lt;script&gt;alert(1)&lt;/script&gt;");
	expect_esc("a&b\"c'd", 0, "a&amp;b&quot;c&#39;d");
	expect_esc("\" onmouseover=\"alert(1)", 1,
		   "&quot; onmouseover=&quot;alert(1)");
	expect_esc("&amp;", 0, "&amp;amp;");
	expect_esc("", 0, "");
	expect_esc(NULL, 0, "");
	expect_esc(NULL, 1, "");
}

Test(chart, controls_become_replacement_characters)
{
	expect_esc("a\x01z", 0, "a" REPL "z");
	expect_esc("\x1b[31mred", 0, REPL "[31mred");
	expect_esc("\r", 0, REPL);
	expect_esc("\x7f", 0, REPL);
	/* tab and newline are text, but not inside an attribute */
	expect_esc("a\tb\nc", 0, "a\tb\nc");
	expect_esc("a\tb\nc", 1, "a" REPL "b" REPL "c");
}

Test(chart, c1_and_bidi_overrides_never_reach_the_page)
{
	static const char *const hidden[] = {
		"\xc2\x80",	    "\xc2\x85",
		"\xc2\x9b",	    "\xc2\x9f", /* C1 */
		"\xe2\x80\xaa",	    "\xe2\x80\xab",
		"\xe2\x80\xac",			    /* LRE RLE PDF */
		"\xe2\x80\xad",	    "\xe2\x80\xae", /* LRO RLO */
		"\xe2\x81\xa6",	    "\xe2\x81\xa7",
		"\xe2\x81\xa8", /* LRI RLI FSI */
		"\xe2\x81\xa9", /* PDI */
		"\xef\xbf\xbe",	    "\xef\xbf\xbf",
		"\xef\xb7\x90", /* nonchars */
		"\xf0\x9f\xbf\xbf",
	};
	for (size_t i = 0; i < NELEM(hidden); i++) {
		char in[32];
		snprintf(in, sizeof in, "x%sy", hidden[i]);
		expect_esc(in, 0, "x" REPL "y");
		expect_esc(in, 1, "x" REPL "y");
	}
	/* neighbours that are ordinary text stay */
	expect_esc("\xc2\xa0", 0, "\xc2\xa0");	       /* NBSP */
	expect_esc("\xe2\x80\xa9", 0, "\xe2\x80\xa9"); /* U+2029 */
	expect_esc("\xe2\x81\xa5", 0, "\xe2\x81\xa5"); /* U+2065 */
	expect_esc("\xe2\x81\xaa", 0, "\xe2\x81\xaa"); /* U+206A */
}

Test(chart, invalid_utf8_is_replaced_byte_by_byte)
{
	expect_esc("a\xff"
		   "b",
		   0, "a" REPL "b");
	expect_esc("\xc0\xaf", 0, REPL REPL);	       /* overlong '/' */
	expect_esc("\xed\xa0\x80", 0, REPL REPL REPL); /* surrogate */
	expect_esc("\xe6\x97", 0, REPL REPL);	       /* truncated */
	expect_esc("\xf4\x90\x80\x80", 0, REPL REPL REPL REPL); /* > 10FFFF */
	expect_esc("\xe6\x97"
		   "<",
		   0, REPL REPL "&lt;");
}

Test(chart, text_of_every_language_passes_unchanged)
{
	static const char *const ok[] = {
		"株式会社テスト 東京",
		"Ünïcödé café",
		"עברית",
		"العربية",
		"😀 emoji",
		"한국어",
	};
	for (size_t i = 0; i < NELEM(ok); i++)
		expect_esc(ok[i], 0, ok[i]);
}

Test(chart, any_bytes_come_out_inert)
{
	unsigned seed = 12345;
	char in[64];

	/* every single byte, then random strings biased to UTF-8 leads */
	for (int b = 1; b < 256; b++) {
		char one[2] = { (char)b, 0 };
		char *out = esc_text(one, 1);
		assert_inert(out);
		free(out);
	}
	for (int t = 0; t < 20000; t++) {
		size_t n = (size_t)(rand_r(&seed) % 20);
		for (size_t i = 0; i < n; i++) {
			int r = rand_r(&seed);
			static const unsigned char picks[] = {
				0xc2, 0xe2, 0x80, 0x81, 0xaa, 0xae, 0xa6, 0xef,
				0xbf, 0xf0, '<',  '&',	'"',  '\'', '\n', 'a',
			};
			in[i] = (char)(r % 3 ? picks[r / 3 % NELEM(picks)]
					     : 1 + r / 3 % 255);
		}
		in[n] = '\0';
		char *out = esc_text(in, 1);
		assert_inert(out);
		free(out);
		out = esc_text(in, 0);
		cr_assert(utf8_valid(out, strlen(out)));
		cr_assert_null(strpbrk(out, "<>\"'"));
		free(out);
	}
}

Test(chart, failed_writes_are_eio)
{
	char err[CASES_ERRMAX] = "";
	FILE *f = fopen("/dev/null", "r"); /* every write fails */

	cr_assert_not_null(f);
	cr_expect_eq(chart_html_text(f, "x", err), CASES_EIO);
	cr_expect_str_eq(err, "cannot write the page");
	cr_expect_eq(
		chart_page_begin(f, &(struct chart_page){ .title = "t" }, err),
		CASES_EIO);
	fclose(f);
}

/* ---- values ---- */

Test(chart, values_print_in_human_units)
{
	char buf[CHART_FMTMAX];

	cr_expect_str_eq(chart_format(12, CHART_UNIT_NUMBER, buf), "12");
	cr_expect_str_eq(chart_format(2.5, CHART_UNIT_NUMBER, buf), "2.5");
	cr_expect_str_eq(chart_format(1.0 / 3, CHART_UNIT_NUMBER, buf), "0.33");
	cr_expect_str_eq(chart_format(-0.001, CHART_UNIT_NUMBER, buf), "0");
	cr_expect_str_eq(chart_format(97.5, CHART_UNIT_PERCENT, buf), "97.5%");
	cr_expect_str_eq(chart_format(100, CHART_UNIT_PERCENT, buf), "100%");
	cr_expect_str_eq(chart_format(2700, CHART_UNIT_SECONDS, buf), "45m");
	cr_expect_str_eq(chart_format(11400, CHART_UNIT_SECONDS, buf),
			 "3h 10m");
	cr_expect_str_eq(chart_format(90061, CHART_UNIT_SECONDS, buf), "1d 1h");
	cr_expect_str_eq(chart_format(899.6, CHART_UNIT_SECONDS, buf), "15m");
	cr_expect_str_eq(chart_format(NAN, CHART_UNIT_SECONDS, buf),
			 "\xe2\x80\x93");
	cr_expect_str_eq(chart_format(INFINITY, CHART_UNIT_NUMBER, buf),
			 "\xe2\x88\x9e");
	/* no overflow, whatever the magnitude */
	cr_expect_str_eq(chart_format(1e300, CHART_UNIT_NUMBER, buf), "1e+300");
	cr_expect_str_eq(chart_format(1e300, CHART_UNIT_SECONDS, buf),
			 "1e+300s");
	cr_expect_str_eq(chart_format(-1e300, CHART_UNIT_PERCENT, buf),
			 "-1e+300%");
}

/* ---- line chart ---- */

static const char *const two[] = { "Nov 2", "Nov 9" };

static char *
line_out(const struct chart_line_spec *c, int *rc, char *err)
{
	struct mem m;
	FILE *f = mem_open(&m);

	*rc = chart_line(f, c, err);
	return mem_close(&m);
}

/* Top, bottom, left and right of the plot area. */
static void
plot_area(const char *out, double *y0, double *y1, double *x0, double *x1)
{
	const char *p = elem(out, "plot", 0);

	cr_assert_not_null(p);
	*x0 = attr(p, "x");
	*y0 = attr(p, "y");
	*x1 = *x0 + attr(p, "width");
	*y1 = *y0 + attr(p, "height");
}

Test(chart, a_50_percent_point_sits_halfway_up)
{
	static const double v[] = { 50, 50 }, w[] = { 0, 100 };
	struct chart_series s[] = { { "a", v }, { "b", w } };
	struct chart_line_spec c = { .id = "l",
				     .title = "t",
				     .labels = two,
				     .nlabels = 2,
				     .series = s,
				     .nseries = 2 };
	double x[4], y[4], y0, y1, x0, x1;
	char err[CASES_ERRMAX];
	int rc;
	char *out = line_out(&c, &rc, err);

	cr_assert_eq(rc, CASES_OK, "%s", err);
	plot_area(out, &y0, &y1, &x0, &x1);
	cr_assert_gt(y1 - y0, 50);
	cr_assert_eq(path_points(elem(out, "line", 0), x, y, 4), 2);
	cr_expect_float_eq(y[0], (y0 + y1) / 2, 0.01);
	cr_expect_float_eq(y[1], (y0 + y1) / 2, 0.01);
	/* two periods: the points at the centres of the two halves */
	cr_expect_float_eq(x[0], x0 + (x1 - x0) / 4, 0.01);
	cr_expect_float_eq(x[1], x0 + (x1 - x0) * 3 / 4, 0.01);
	cr_assert_eq(path_points(elem(out, "line", 1), x, y, 4), 2);
	cr_expect_float_eq(y[0], y1, 0.01); /* 0% on the axis */
	cr_expect_float_eq(y[1], y0, 0.01); /* 100% at the top */
	/* the gridlines: 20% steps between axis and top */
	cr_expect_eq(count(out, "class=\"ylabel\""), 6);
	free(out);
}

Test(chart, a_gap_breaks_the_line_into_two_paths)
{
	static const char *const five[] = { "a", "b", "c", "d", "e" };
	static const double v[] = { 50, 60, NAN, 70, 80 };
	struct chart_series s[] = { { "a", v } };
	struct chart_line_spec c = { .id = "l",
				     .labels = five,
				     .nlabels = 5,
				     .series = s,
				     .nseries = 1 };
	double x[8], y[8];
	char err[CASES_ERRMAX];
	int rc;
	char *out = line_out(&c, &rc, err);

	cr_assert_eq(rc, CASES_OK, "%s", err);
	cr_expect_eq(count(out, "class=\"line\""), 2);
	cr_expect_eq(count(out, "class=\"mark\""), 4 + 1); /* + legend key */
	cr_expect_eq(path_points(elem(out, "line", 0), x, y, 8), 2);
	cr_expect_eq(path_points(elem(out, "line", 1), x, y, 8), 2);
	free(out);
}

Test(chart, a_point_alone_between_gaps_is_a_marker_only)
{
	static const char *const three[] = { "a", "b", "c" };
	static const double v[] = { NAN, 40, NAN };
	struct chart_series s[] = { { "a", v } };
	struct chart_line_spec c = { .id = "l",
				     .labels = three,
				     .nlabels = 3,
				     .series = s,
				     .nseries = 1 };
	char err[CASES_ERRMAX];
	int rc;
	char *out = line_out(&c, &rc, err);

	cr_assert_eq(rc, CASES_OK, "%s", err);
	cr_expect_eq(count(out, "class=\"line\""), 0);
	cr_expect_eq(count(out, "class=\"mark\""), 1 + 1);
	cr_expect_eq(count(out, "class=\"nodata\""), 0);
	free(out);
}

Test(chart, the_goal_line_sits_at_its_percentage)
{
	static const double v[] = { 90, 99 };
	struct chart_series s[] = { { "a", v } };
	struct chart_line_spec c = { .id = "l",
				     .labels = two,
				     .nlabels = 2,
				     .series = s,
				     .nseries = 1,
				     .goal = 95 };
	double x[2], y[2], y0, y1, x0, x1;
	char err[CASES_ERRMAX], buf[64];
	int rc;
	char *out = line_out(&c, &rc, err);

	cr_assert_eq(rc, CASES_OK, "%s", err);
	plot_area(out, &y0, &y1, &x0, &x1);
	cr_assert_eq(path_points(elem(out, "goal", 0), x, y, 2), 1);
	cr_expect_float_eq(y[0], y1 - (y1 - y0) * 0.95, 0.01);
	cr_expect_str_eq(text_of(out, "goal-label", 0, buf, sizeof buf),
			 "goal 95%");
	free(out);

	c.goal = 0; /* no goal */
	out = line_out(&c, &rc, err);
	cr_expect_eq(count(out, "class=\"goal"), 0);
	free(out);
	c.goal = NAN;
	out = line_out(&c, &rc, err);
	cr_expect_eq(count(out, "class=\"goal"), 0);
	free(out);
	c.goal = 90;
	c.goal_label = "Ziel <90%>";
	out = line_out(&c, &rc, err);
	cr_expect_str_eq(text_of(out, "goal-label", 0, buf, sizeof buf),
			 "Ziel &lt;90%&gt;");
	free(out);
}

Test(chart, series_differ_in_colour_dash_and_marker)
{
	static const double v[] = { 10, 20 };
	struct chart_series s[3] = { { "a", v }, { "b", v }, { "c", v } };
	struct chart_line_spec c = { .id = "l",
				     .labels = two,
				     .nlabels = 2,
				     .series = s,
				     .nseries = 3 };
	char err[CASES_ERRMAX];
	int rc;
	char *out = line_out(&c, &rc, err);

	cr_assert_eq(rc, CASES_OK, "%s", err);
	/* Okabe-Ito blue, vermillion, bluish green */
	cr_expect_geq(count(out, "stroke=\"#0072B2\""), 2);
	cr_expect_geq(count(out, "stroke=\"#D55E00\""), 2);
	cr_expect_geq(count(out, "stroke=\"#009E73\""), 2);
	/* the first line is solid, the others dashed differently */
	cr_expect_eq(count(out, "stroke-dasharray=\"7 3\""), 2);
	cr_expect_eq(count(out, "stroke-dasharray=\"2 3\""), 2);
	/* circle (arcs), square (h/v), triangle (three L) markers */
	const char *m0 = strstr(elem(out, "mark", 0), " d=\"");
	const char *m1 = strstr(elem(out, "mark", 2), " d=\"");
	const char *m2 = strstr(elem(out, "mark", 4), " d=\"");
	cr_expect(strchr(m0 + 4, 'a')
		  && strchr(m0 + 4, 'a') < strchr(m0 + 4, '"'));
	cr_expect(strchr(m1 + 4, 'h')
		  && strchr(m1 + 4, 'h') < strchr(m1 + 4, '"'));
	cr_expect(strchr(m2 + 4, 'L')
		  && strchr(m2 + 4, 'L') < strchr(m2 + 4, '"'));
	free(out);
}

Test(chart, svg_is_accessible_and_scales)
{
	static const double v[] = { 10, 20 };
	struct chart_series s[] = { { "a", v } };
	struct chart_line_spec c = { .id = "wk-1",
				     .title = "Met <%>",
				     .labels = two,
				     .nlabels = 2,
				     .series = s,
				     .nseries = 1 };
	char err[CASES_ERRMAX];
	int rc;
	char *out = line_out(&c, &rc, err);

	cr_assert_eq(rc, CASES_OK, "%s", err);
	cr_expect(strncmp(out, "<svg ", 5) == 0);
	cr_expect_eq(count(out, "role=\"img\""), 1);
	cr_expect_eq(count(out, "aria-labelledby=\"wk-1-title wk-1-desc\""), 1);
	cr_expect_eq(count(out, "<title id=\"wk-1-title\">Met &lt;%&gt;"
				"</title>"),
		     1);
	cr_expect_eq(count(out, "<desc id=\"wk-1-desc\">Line chart"), 1);
	cr_expect_eq(count(out, "viewBox=\"0 0 "), 1);
	cr_expect_eq(count(out, "width=\"100%\""), 1);
	cr_expect_eq(count(out, "http"), 0);
	cr_expect_eq(count(out, "<script"), 0);
	cr_expect(strcmp(out + strlen(out) - 7, "</svg>\n") == 0);
	free(out);

	c.desc = "Given <desc>";
	out = line_out(&c, &rc, err);
	cr_expect_eq(count(out, "<desc id=\"wk-1-desc\">Given &lt;desc&gt;"
				"</desc>"),
		     1);
	free(out);
}

Test(chart, labels_and_names_are_escaped_everywhere)
{
	static const char *const hostile[] = { "<b>x</b>", "\"onclick=\"y" };
	static const double v[] = { 10, 20 };
	struct chart_series s[] = { { "<script>alert(1)</script>", v } };
	struct chart_line_spec c = { .id = "l",
				     .title = "<i>t</i>",
				     .labels = hostile,
				     .nlabels = 2,
				     .series = s,
				     .nseries = 1 };
	struct chart_bar_spec b = { .id = "b",
				    .title = "<i>t</i>",
				    .labels = hostile,
				    .nlabels = 2,
				    .series = s,
				    .nseries = 1,
				    .target_label = "<u>" };
	struct chart_stack_spec k = { .id = "k",
				      .title = "<i>t</i>",
				      .x_title = "<x>",
				      .labels = hostile,
				      .nlabels = 2,
				      .series = s,
				      .nseries = 1 };
	char err[CASES_ERRMAX];
	struct mem m;
	FILE *f = mem_open(&m);

	cr_assert_eq(chart_line(f, &c, err), CASES_OK, "%s", err);
	cr_assert_eq(chart_line_table(f, &c, err), CASES_OK, "%s", err);
	cr_assert_eq(chart_bars(f, &b, err), CASES_OK, "%s", err);
	cr_assert_eq(chart_bars_table(f, &b, err), CASES_OK, "%s", err);
	cr_assert_eq(chart_stacked(f, &k, err), CASES_OK, "%s", err);
	cr_assert_eq(chart_stacked_table(f, &k, err), CASES_OK, "%s", err);
	cr_assert_eq(chart_figure_begin(f, "<fig>", err), CASES_OK);
	cr_assert_eq(chart_figure_end(f, err), CASES_OK);
	char *out = mem_close(&m);

	cr_expect_eq(count(out, "<b>"), 0);
	cr_expect_eq(count(out, "<i>"), 0);
	cr_expect_eq(count(out, "<u>"), 0);
	cr_expect_eq(count(out, "<x>"), 0);
	cr_expect_eq(count(out, "<fig>"), 0);
	cr_expect_eq(count(out, "<script"), 0);
	cr_expect_eq(count(out, "\"onclick"), 0);
	cr_expect_geq(count(out, "&lt;script&gt;alert(1)&lt;/script&gt;"), 6);
	cr_expect_geq(count(out, "&lt;b&gt;x&lt;/b&gt;"), 6);
	cr_expect_geq(count(out, "&quot;onclick=&quot;y"), 6);
	free(out);
}

Test(chart, long_names_are_truncated_on_a_character_boundary)
{
	static const double v[] = { 10, 20 };
	char name[400] = "";
	struct chart_series s[] = { { name, v } };
	struct chart_line_spec c = { .id = "l",
				     .labels = two,
				     .nlabels = 2,
				     .series = s,
				     .nseries = 1 };
	char err[CASES_ERRMAX], buf[512];
	int rc;

	for (int i = 0; i < 60; i++)
		strcat(name, "東京"); /* 3 bytes each */
	char *out = line_out(&c, &rc, err);
	cr_assert_eq(rc, CASES_OK, "%s", err);
	cr_expect(utf8_valid(out, strlen(out)));
	text_of(out, "legend", 0, buf, sizeof buf);
	cr_expect_lt(strlen(buf), strlen(name));
	cr_expect(strcmp(buf + strlen(buf) - 3, "\xe2\x80\xa6") == 0, "%s",
		  buf);
	free(out);
	/* the table has the whole name */
	struct mem m;
	FILE *f = mem_open(&m);
	cr_assert_eq(chart_line_table(f, &c, err), CASES_OK);
	out = mem_close(&m);
	cr_expect_eq(count(out, name), 1);
	free(out);
}

Test(chart, crowded_labels_are_thinned)
{
	static const char *lab[366];
	static double v[366];
	struct chart_series s[] = { { "a", v } };
	struct chart_line_spec c = { .id = "l",
				     .labels = lab,
				     .nlabels = 366,
				     .series = s,
				     .nseries = 1 };
	char err[CASES_ERRMAX];
	int rc;

	for (int i = 0; i < 366; i++) {
		lab[i] = "Dec 31";
		v[i] = i % 101;
	}
	char *out = line_out(&c, &rc, err);
	cr_assert_eq(rc, CASES_OK, "%s", err);
	size_t n = count(out, "class=\"xlabel\"");
	cr_expect_gt(n, 2);
	cr_expect_lt(n, 20);
	free(out);
}

/* ---- bad and empty input ---- */

Test(chart, bad_values_and_ids_are_einval_and_write_nothing)
{
	static const double hi[] = { 50, 100.5 }, lo[] = { -1, 50 },
			    inf[] = { INFINITY, 50 };
	static const char *const bad_ids[] = {
		"",    "1a", "a b",
		"a\"", "a<", "abcdefghijklmnopqrstuvwxyz0123456",
	};
	struct chart_series s[] = { { "a", hi } };
	struct chart_line_spec c = { .id = "l",
				     .labels = two,
				     .nlabels = 2,
				     .series = s,
				     .nseries = 1 };
	char err[CASES_ERRMAX];
	int rc;
	char *out;

	out = line_out(&c, &rc, err);
	cr_expect_eq(rc, CASES_EINVAL);
	cr_expect_str_eq(err, "chart 'l': value 100.5 of series 1 at label 2 "
			      "is outside 0..100");
	cr_expect_str_eq(out, "");
	free(out);
	s[0].values = lo;
	out = line_out(&c, &rc, err);
	cr_expect_eq(rc, CASES_EINVAL);
	free(out);
	s[0].values = inf;
	out = line_out(&c, &rc, err);
	cr_expect_eq(rc, CASES_EINVAL);
	free(out);
	s[0].values = NULL;
	out = line_out(&c, &rc, err);
	cr_expect_eq(rc, CASES_EINVAL);
	cr_expect_str_eq(err, "chart 'l': series 1 has no values");
	free(out);

	s[0].values = hi + 0; /* fine ids below need valid values */
	static const double ok[] = { 1, 2 };
	s[0].values = ok;
	for (size_t i = 0; i < NELEM(bad_ids); i++) {
		c.id = bad_ids[i];
		out = line_out(&c, &rc, err);
		cr_expect_eq(rc, CASES_EINVAL, "id '%s'", bad_ids[i]);
		cr_expect_str_eq(out, "");
		free(out);
	}
	c.id = NULL;
	out = line_out(&c, &rc, err);
	cr_expect_eq(rc, CASES_EINVAL);
	free(out);
	c.id = "abcdefghijklmnopqrstuvwxyz012345"; /* 32: the longest */
	out = line_out(&c, &rc, err);
	cr_expect_eq(rc, CASES_OK, "%s", err);
	free(out);
	c.labels = NULL;
	out = line_out(&c, &rc, err);
	cr_expect_eq(rc, CASES_EINVAL);
	free(out);
	c.labels = two;
	c.series = NULL;
	out = line_out(&c, &rc, err);
	cr_expect_eq(rc, CASES_EINVAL);
	free(out);

	/* negative or infinite counts, durations and targets */
	static const double neg[] = { 1, -2 };
	static const double tinf[] = { 1, INFINITY };
	struct chart_series ns[] = { { "n", neg } };
	struct chart_series is[] = { { "i", tinf } };
	struct chart_stack_spec k = { .id = "k",
				      .labels = two,
				      .nlabels = 2,
				      .series = ns,
				      .nseries = 1 };
	struct chart_bar_spec b = { .id = "b",
				    .labels = two,
				    .nlabels = 2,
				    .series = ns,
				    .nseries = 1 };
	struct mem m;
	FILE *f = mem_open(&m);
	cr_expect_eq(chart_stacked(f, &k, err), CASES_EINVAL);
	cr_expect_eq(chart_stacked_table(f, &k, err), CASES_EINVAL);
	cr_expect_eq(chart_bars(f, &b, err), CASES_EINVAL);
	k.series = is;
	b.series = is;
	cr_expect_eq(chart_stacked(f, &k, err), CASES_EINVAL);
	cr_expect_eq(chart_bars(f, &b, err), CASES_EINVAL);
	b.series = ns + 0;
	static const double okv[] = { 1, 2 };
	struct chart_series os[] = { { "o", okv } };
	b.series = os;
	b.targets = neg;
	cr_expect_eq(chart_bars(f, &b, err), CASES_EINVAL);
	cr_expect_str_eq(err, "chart 'b': target -2 at label 2 is not a "
			      "finite value >= 0");
	b.targets = tinf;
	cr_expect_eq(chart_bars_table(f, &b, err), CASES_EINVAL);
	out = mem_close(&m);
	cr_expect_str_eq(out, "");
	free(out);
}

/* Output of degenerate data: complete, and no NaN or infinity in it. */
static void
assert_sane(const char *out)
{
	cr_expect_eq(count(out, "nan"), 0, "%s", out);
	cr_expect_eq(count(out, "NaN"), 0);
	cr_expect_eq(count(out, "inf"), 0);
	cr_expect_eq(count(out, "<svg"), count(out, "</svg>"));
	cr_expect_eq(count(out, "<table"), count(out, "</table>"));
}

Test(chart, empty_zero_and_nan_inputs_never_crash)
{
	static const double zero[] = { 0, 0 }, nan2[] = { NAN, NAN };
	static const double *const vals[] = { zero, nan2 };
	char err[CASES_ERRMAX];

	/* no labels, no series */
	{
		struct chart_line_spec c = { .id = "l" };
		struct chart_bar_spec b = { .id = "b" };
		struct chart_stack_spec k = { .id = "k" };
		struct mem m;
		FILE *f = mem_open(&m);
		cr_assert_eq(chart_line(f, &c, err), CASES_OK, "%s", err);
		cr_assert_eq(chart_line_table(f, &c, err), CASES_OK);
		cr_assert_eq(chart_bars(f, &b, err), CASES_OK, "%s", err);
		cr_assert_eq(chart_bars_table(f, &b, err), CASES_OK);
		cr_assert_eq(chart_stacked(f, &k, err), CASES_OK, "%s", err);
		cr_assert_eq(chart_stacked_table(f, &k, err), CASES_OK);
		char *out = mem_close(&m);
		assert_sane(out);
		cr_expect_eq(count(out, "No data"), 6);
		free(out);
	}
	/* labels but no series, and series of zeros or NANs */
	for (size_t i = 0; i < NELEM(vals); i++) {
		struct chart_series s[] = { { "a", vals[i] } };
		for (size_t ns = 0; ns <= 1; ns++) {
			struct chart_line_spec c = { .id = "l",
						     .labels = two,
						     .nlabels = 2,
						     .series = s,
						     .nseries = ns,
						     .goal = 95 };
			struct chart_bar_spec b = {
				.id = "b",
				.labels = two,
				.nlabels = 2,
				.series = s,
				.nseries = ns,
				.targets = vals[i],
				.unit = CHART_UNIT_SECONDS
			};
			struct chart_stack_spec k = { .id = "k",
						      .labels = two,
						      .nlabels = 2,
						      .series = s,
						      .nseries = ns };
			struct mem m;
			FILE *f = mem_open(&m);
			cr_assert_eq(chart_line(f, &c, err), CASES_OK, "%s",
				     err);
			cr_assert_eq(chart_line_table(f, &c, err), CASES_OK);
			for (int sc = 0; sc < 3; sc++) {
				b.scale = (enum chart_scale)sc;
				cr_assert_eq(chart_bars(f, &b, err), CASES_OK,
					     "%s", err);
			}
			cr_assert_eq(chart_bars_table(f, &b, err), CASES_OK);
			cr_assert_eq(chart_stacked(f, &k, err), CASES_OK, "%s",
				     err);
			cr_assert_eq(chart_stacked_table(f, &k, err), CASES_OK);
			char *out = mem_close(&m);
			assert_sane(out);
			free(out);
		}
	}
}

/* ---- bars ---- */

static char *
bars_out(const struct chart_bar_spec *c, char *err)
{
	struct mem m;
	FILE *f = mem_open(&m);

	cr_assert_eq(chart_bars(f, c, err), CASES_OK, "%s", err);
	return mem_close(&m);
}

Test(chart, twice_the_value_is_twice_as_long_on_a_linear_scale)
{
	static const double v[] = { 100, 200 }, w[] = { 50, 150 };
	static const double t[] = { 200, NAN };
	struct chart_series s[] = { { "median", v }, { "p90", w } };
	struct chart_bar_spec c = { .id = "b",
				    .labels = two,
				    .nlabels = 2,
				    .series = s,
				    .nseries = 2,
				    .targets = t,
				    .scale = CHART_SCALE_LINEAR };
	char err[CASES_ERRMAX], buf[64];
	char *out = bars_out(&c, err);
	const char *b0, *b1, *b2, *b3;
	double x[2], y[2];

	/* group by group: label 1 median, p90, label 2 median, p90 */
	b0 = elem(out, "bar", 0);
	b1 = elem(out, "bar", 1);
	b2 = elem(out, "bar", 2);
	b3 = elem(out, "bar", 3);
	cr_assert(b0 && b1 && b2 && b3 && !elem(out, "bar", 4));
	cr_expect_float_eq(attr(b2, "width"), 2 * attr(b0, "width"), 0.02);
	cr_expect_float_eq(attr(b3, "width"), 3 * attr(b1, "width"), 0.02);
	cr_expect_float_eq(attr(b1, "width"), attr(b0, "width") / 2, 0.02);
	cr_expect_float_eq(attr(b0, "x"), attr(b2, "x"), 0.001);
	/* the target tick of label 1 at 200: where label 2's median ends */
	cr_assert_eq(count(out, "class=\"target\""), 1);
	cr_assert_eq(path_points(elem(out, "target", 0), x, y, 2), 1);
	cr_expect_float_eq(x[0], attr(b2, "x") + attr(b2, "width"), 0.02);
	/* bars of one group are beside each other, groups apart */
	cr_expect_float_eq(attr(b1, "y"),
			   attr(b0, "y") + attr(b0, "height") + 2, 0.02);
	cr_expect_gt(attr(b2, "y"), attr(b1, "y") + attr(b1, "height"));
	cr_expect_str_eq(text_of(out, "value", 0, buf, sizeof buf), "100");
	cr_expect_str_eq(text_of(out, "category-target", 0, buf, sizeof buf),
			 "target 200");
	cr_expect_eq(count(out, "linear scale"), 1);
	free(out);
}

Test(chart, bar_values_are_in_human_units)
{
	static const char *const sev[] = { "prod-down" };
	static const double v[] = { 2700 }, w[] = { 11400 }, t[] = { 3600 };
	struct chart_series s[] = { { "median", v }, { "p90", w } };
	struct chart_bar_spec c = { .id = "b",
				    .labels = sev,
				    .nlabels = 1,
				    .series = s,
				    .nseries = 2,
				    .targets = t,
				    .unit = CHART_UNIT_SECONDS };
	char err[CASES_ERRMAX], buf[64];
	char *out = bars_out(&c, err);

	cr_expect_str_eq(text_of(out, "value", 0, buf, sizeof buf), "45m");
	cr_expect_str_eq(text_of(out, "value", 1, buf, sizeof buf), "3h 10m");
	cr_expect_str_eq(text_of(out, "category-target", 0, buf, sizeof buf),
			 "target 1h");
	free(out);
	struct mem m;
	FILE *f = mem_open(&m);
	cr_assert_eq(chart_bars_table(f, &c, err), CASES_OK);
	out = mem_close(&m);
	cr_expect_eq(count(out, "<td>45m</td><td>3h 10m</td><td>1h</td>"), 1);
	free(out);
}

Test(chart, targets_from_15_minutes_to_a_day_get_a_log_scale)
{
	static const char *const sev[] = { "critical", "down", "general" };
	static const double t[] = { 900, 3600, 86400 };
	static const double v[] = { 600, 6000, 60000 };
	struct chart_series s[] = { { "median", v } };
	struct chart_bar_spec c = { .id = "b",
				    .labels = sev,
				    .nlabels = 3,
				    .series = s,
				    .nseries = 1,
				    .targets = t,
				    .unit = CHART_UNIT_SECONDS };
	char err[CASES_ERRMAX], buf[64];
	char *out = bars_out(&c, err);
	double l0, l1, l2, ticks = 0;

	cr_expect_eq(count(out, "logarithmic scale"), 1);
	/* values ten times apart end equally far apart */
	l0 = attr(elem(out, "bar", 0), "width");
	l1 = attr(elem(out, "bar", 1), "width");
	l2 = attr(elem(out, "bar", 2), "width");
	cr_expect_gt(l0, 5); /* the smallest is still visible */
	cr_expect_float_eq(l2 - l1, l1 - l0, 0.05);
	/* ticks in time units people use */
	for (size_t i = 0; elem(out, "tick", i); i++, ticks++) {
		text_of(out, "tick", i, buf, sizeof buf);
		cr_expect(!strcmp(buf, "5m") || !strcmp(buf, "15m")
				  || !strcmp(buf, "1h") || !strcmp(buf, "4h")
				  || !strcmp(buf, "1d"),
			  "tick %s", buf);
	}
	cr_expect_geq(ticks, 4);
	free(out);

	/* a narrow range stays linear; an explicit scale wins */
	static const double t2[] = { 3600, 4 * 3600, 6 * 3600 };
	c.targets = t2;
	static const double v2[] = { 2000, 9000, 20000 };
	s[0].values = v2;
	out = bars_out(&c, err);
	cr_expect_eq(count(out, "linear scale"), 1);
	free(out);
	c.scale = CHART_SCALE_LOG;
	out = bars_out(&c, err);
	cr_expect_eq(count(out, "logarithmic scale"), 1);
	free(out);
}

/* ---- stacked ---- */

static char *
stack_out(const struct chart_stack_spec *c, char *err)
{
	struct mem m;
	FILE *f = mem_open(&m);

	cr_assert_eq(chart_stacked(f, c, err), CASES_OK, "%s", err);
	return mem_close(&m);
}

Test(chart, stacked_segments_add_up_to_the_total)
{
	static const double a[] = { 1, 0 }, b[] = { 2, NAN }, c3[] = { 3, 3 };
	struct chart_series s[] = { { "a", a }, { "b", b }, { "c", c3 } };
	struct chart_stack_spec c = { .id = "k",
				      .labels = two,
				      .nlabels = 2,
				      .series = s,
				      .nseries = 3 };
	char err[CASES_ERRMAX], buf[64];
	char *out = stack_out(&c, err);
	const char *axis = elem(out, "axis", 0);
	double x[2], y[2], base, sum = 0, prev_top;

	cr_assert_eq(path_points(axis, x, y, 2), 1);
	base = y[0];
	/* period 1: three segments, bottom first, each on the one below */
	prev_top = base;
	for (int i = 0; i < 3; i++) {
		const char *r = elem(out, "seg", (size_t)i);
		cr_expect_float_eq(attr(r, "y") + attr(r, "height"), prev_top,
				   0.011);
		prev_top = attr(r, "y");
		sum += attr(r, "height");
	}
	/* each segment's height is proportional to its count */
	cr_expect_float_eq(attr(elem(out, "seg", 1), "height"),
			   2 * attr(elem(out, "seg", 0), "height"), 0.03);
	cr_expect_float_eq(sum, base - prev_top, 0.03);
	/* period 2: zero and NAN draw nothing; 3 is half of 6 */
	const char *r = elem(out, "seg", 3);
	cr_assert_not_null(r);
	cr_expect_null(elem(out, "seg", 4));
	cr_expect_float_eq(attr(r, "height"), sum / 2, 0.03);
	cr_expect_str_eq(text_of(out, "total", 0, buf, sizeof buf), "6");
	cr_expect_str_eq(text_of(out, "total", 1, buf, sizeof buf), "3");
	free(out);
}

Test(chart, stacked_axis_ticks_are_whole_numbers)
{
	static const double small[] = { 1, 0 }, seven[] = { 7, 3 };
	static const double *const cases[] = { small, seven };
	char err[CASES_ERRMAX], buf[64];

	for (size_t i = 0; i < NELEM(cases); i++) {
		struct chart_series s[] = { { "a", cases[i] } };
		struct chart_stack_spec c = { .id = "k",
					      .labels = two,
					      .nlabels = 2,
					      .series = s,
					      .nseries = 1 };
		char *out = stack_out(&c, err);
		size_t n = 0;
		double last = -1;
		for (; elem(out, "ylabel", n); n++) {
			char *e;
			double v = strtod(
				text_of(out, "ylabel", n, buf, sizeof buf), &e);
			cr_expect_eq(*e, '\0', "tick '%s'", buf);
			cr_expect_eq(v, floor(v), "tick '%s'", buf);
			cr_expect_gt(v, last);
			last = v;
		}
		cr_expect_geq(n, 2);
		cr_expect_leq(n, 7);
		cr_expect_geq(last, cases[i][0]); /* the top bar fits */
		free(out);
	}
}

Test(chart, tables_give_every_value)
{
	static const double a[] = { 1, NAN }, b[] = { 2, 5 };
	struct chart_series s[] = { { "low", a }, { "high", b } };
	struct chart_stack_spec c = { .id = "k",
				      .title = "Breaches",
				      .x_title = "Week",
				      .labels = two,
				      .nlabels = 2,
				      .series = s,
				      .nseries = 2 };
	char err[CASES_ERRMAX];
	struct mem m;
	FILE *f = mem_open(&m);

	cr_assert_eq(chart_stacked_table(f, &c, err), CASES_OK);
	char *out = mem_close(&m);
	cr_expect_eq(count(out, "<caption>Breaches</caption>"), 1);
	cr_expect_eq(count(out, "<th scope=\"col\">Week</th><th scope=\"col\">"
				"low</th><th scope=\"col\">high</th><th "
				"scope=\"col\">Total</th>"),
		     1);
	cr_expect_eq(count(out, "<th scope=\"row\">Nov 2</th><td>1</td>"
				"<td>2</td><td>3</td>"),
		     1);
	cr_expect_eq(count(out, "<th scope=\"row\">Nov 9</th><td>\xe2\x80\x93"
				"</td><td>5</td><td>5</td>"),
		     1);
	free(out);

	static const double p[] = { 97.5, NAN };
	struct chart_series ls[] = { { "plan", p } };
	struct chart_line_spec l = { .id = "l",
				     .title = "Met",
				     .labels = two,
				     .nlabels = 2,
				     .series = ls,
				     .nseries = 1,
				     .goal = 95 };
	f = mem_open(&m);
	cr_assert_eq(chart_line_table(f, &l, err), CASES_OK);
	out = mem_close(&m);
	cr_expect_eq(count(out, "<caption>Met (goal 95%)</caption>"), 1);
	cr_expect_eq(count(out, "<th scope=\"col\">Period</th>"), 1);
	cr_expect_eq(count(out, "<td>97.5%</td>"), 1);
	free(out);
}

/* ---- page ---- */

Test(chart, page_frame_prints_on_a4_and_fits_a_phone)
{
	char err[CASES_ERRMAX];
	struct mem m;
	FILE *f = mem_open(&m);

	cr_assert_eq(
		chart_page_begin(
			f, &(struct chart_page){ .title = "Report <Q4> & co" },
			err),
		CASES_OK);
	cr_assert_eq(chart_page_end(f, err), CASES_OK);
	char *out = mem_close(&m);
	cr_expect(strncmp(out, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
	cr_expect_eq(count(out, "<meta charset=\"utf-8\" />"), 1);
	cr_expect_eq(count(out, "<meta name=\"viewport\" content=\"width="
				"device-width, initial-scale=1\" />"),
		     1);
	cr_expect_eq(count(out, "<title>Report &lt;Q4&gt; &amp; co</title>"),
		     1);
	cr_expect_eq(count(out, "http-equiv"), 0); /* no refresh */
	cr_expect_eq(count(out, "@page{size:A4;margin:12mm}"), 1);
	cr_expect_eq(count(out, "figure.chart{margin:0 0 14px;min-width:0;"
				"break-inside:avoid;page-break-inside:avoid}"),
		     1);
	cr_expect_eq(count(out, "tr{break-inside:avoid;"), 1);
	cr_expect_eq(count(out, "@media (max-width:480px)"), 1);
	/* nothing fetched, nothing that breaks XML in the stylesheet */
	cr_expect_eq(count(out, "url("), 0);
	cr_expect_eq(count(out, "@import"), 0);
	const char *css = strstr(out, "<style>") + 7;
	const char *css_end = strstr(css, "</style>");
	cr_assert_not_null(css_end);
	for (const char *p = css; p < css_end; p++)
		cr_expect(*p != '<' && *p != '&', "XML-breaking CSS");
	cr_expect(strcmp(out + strlen(out) - 16, "</body>\n</html>\n") == 0);
	free(out);
}

Test(chart, a_board_page_refreshes_itself)
{
	char err[CASES_ERRMAX];
	struct mem m;
	FILE *f = mem_open(&m);

	cr_assert_eq(chart_page_begin(f,
				      &(struct chart_page){ .title = "Board",
							    .lang = "de\"x",
							    .refresh = 60 },
				      err),
		     CASES_OK);
	char *out = mem_close(&m);
	cr_expect_eq(count(out, "<html lang=\"de&quot;x\">"), 1);
	cr_expect_eq(
		count(out, "<meta http-equiv=\"refresh\" content=\"60\" />"),
		1);
	cr_expect_lt(strstr(out, "http-equiv") - out,
		     strstr(out, "</head>") - out);
	free(out);
}

/* A page whose own script refreshes it: the meta refresh only with
 * scripts off, and its rules in the one stylesheet. */
Test(chart, a_scripted_board_refreshes_without_scripts_only)
{
	char err[CASES_ERRMAX];
	struct mem m;
	FILE *f = mem_open(&m);

	cr_assert_eq(chart_page_begin(
			     f,
			     &(struct chart_page){ .title = "Board",
						   .refresh = 30,
						   .refresh_noscript = 1,
						   .css = "p.x{color:red}\n" },
			     err),
		     CASES_OK);
	char *out = mem_close(&m);
	cr_expect_eq(count(out, "<noscript><meta http-equiv=\"refresh\" "
				"content=\"30\" /></noscript>"),
		     1);
	cr_expect_eq(count(out, "<style>"), 1);
	cr_expect_eq(count(out, "p.x{color:red}\n</style>"), 1);
	cr_expect_lt(strstr(out, "@page{") - out, strstr(out, "p.x{") - out);
	free(out);
}

Test(chart, the_legend_names_64_series_and_the_table_all)
{
	static const double v[] = { 10, 20 };
	static struct chart_series s[70];
	static char names[70][8];
	struct chart_line_spec c = { .id = "l",
				     .labels = two,
				     .nlabels = 2,
				     .series = s,
				     .nseries = 70,
				     .goal = 50 };
	char err[CASES_ERRMAX];
	int rc;

	for (int i = 0; i < 70; i++) {
		snprintf(names[i], sizeof names[i], "s%d", i);
		s[i] = (struct chart_series){ names[i], v };
	}
	char *out = line_out(&c, &rc, err);
	cr_assert_eq(rc, CASES_OK, "%s", err);
	cr_expect_eq(count(out, "class=\"legend\""), 64 + 1); /* + goal */
	cr_expect_eq(count(out, "class=\"line\""), 70);
	free(out);
	struct mem m;
	FILE *f = mem_open(&m);
	cr_assert_eq(chart_line_table(f, &c, err), CASES_OK);
	out = mem_close(&m);
	cr_expect_eq(count(out, "<th scope=\"col\">"), 70 + 1);
	free(out);
}
