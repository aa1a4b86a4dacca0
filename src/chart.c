/*
 * chart.c - HTML pages and inline SVG charts (see chart.h).
 *
 * Geometry is in viewBox units: every chart is CW units wide and as tall
 * as its content, and the page's stylesheet scales it to its container.
 * Sizes are chosen for the narrowest reader: on a 390 px phone a chart is
 * about 370 px wide, so the 12-unit font shows at 11 px; printed 90 mm
 * wide (two figures side by side on A4) it is 7.7 pt.
 *
 * Text widths are estimated (0.6 em a character, 1 em for East Asian wide
 * ones) to thin axis labels, wrap the legend and truncate long names with
 * an ellipsis; the table beside each chart always has the full text.
 */
#include <inttypes.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cases/chart.h"
#include "cases/error.h"
#include "cases/timefmt.h"
#include "cases/utf8.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define CW	    400.0 /* chart width */
#define FS	    12.0  /* font size of labels */
#define FS_SMALL    10.5  /* secondary text: targets, totals */
#define MARGIN	    6.0	  /* around everything */
#define PLOT_H	    170.0 /* height of the line and stacked plot areas */
#define LEGEND_ROW  18.0  /* height of a legend row */
#define BAR_H	    13.0  /* one bar of a group */
#define MAX_LABEL_W 150.0 /* category names are truncated beyond */

#define C_TEXT	"#222"
#define C_MUTED "#555"
#define C_GRID	"#dcdcdc"
#define C_AXIS	"#777"

static const char REPL[] = "\xef\xbf\xbd"; /* U+FFFD */
static const char ELLIPSIS[] = "\xe2\x80\xa6";
static const char DASH[] = "\xe2\x80\x93"; /* U+2013 */

/*
 * Okabe & Ito (2008), "Color Universal Design": distinguishable with every
 * common colour-vision deficiency. Yellow (#F0E442) is left out: on white
 * it has a contrast of 1.2:1 and vanishes as a line or a thin bar.
 */
static const char *const palette[] = {
	"#0072B2", /* blue */
	"#D55E00", /* vermillion */
	"#009E73", /* bluish green */
	"#CC79A7", /* reddish purple */
	"#E69F00", /* orange */
	"#56B4E9", /* sky blue */
	"#000000", /* black */
};

/* Lines differ in dash pattern and marker shape too (8 x 7 combinations
 * with the 7 colours before two series look the same). */
static const char *const dashes[] = {
	"", "7 3", "2 3", "10 3 2 3", "4 4", "12 4", "2 2 6 2", "1 5",
};
enum {
	MK_CIRCLE,
	MK_SQUARE,
	MK_TRIANGLE,
	MK_DIAMOND,
	MK_TRIDOWN,
	MK_CROSS,
	MK_PLUS,
	MK_COUNT
};

/* Fill patterns of bars and layers: 0 is plain colour. */
enum {
	PAT_SOLID,
	PAT_DIAG,
	PAT_DOTS,
	PAT_CROSS,
	PAT_HORIZ,
	PAT_ANTIDIAG,
	PAT_COUNT
};

/* Stylesheet shared by the report and the board. No '<' or '&' in it:
 * the page stays well-formed XML. */
static const char page_css[] =
	":root{color-scheme:light}\n"
	"body{margin:0 auto;padding:12px 16px;max-width:1800px;"
	"font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"\"Noto Sans\",\"DejaVu Sans\",sans-serif;color:#1a1a1a;"
	"background:#fff}\n"
	"h1{font-size:1.45em;margin:.2em 0}\n"
	"h2{font-size:1.15em;margin:1.1em 0 .4em}\n"
	"p.meta{color:#555;font-size:.9em;margin:.2em 0}\n"
	"div.charts{display:grid;gap:12px 28px;"
	"grid-template-columns:repeat(auto-fill,minmax(min(100%,460px),1fr))}"
	"\n"
	"figure.chart{margin:0 0 14px;min-width:0;break-inside:avoid;"
	"page-break-inside:avoid}\n"
	"figure.chart figcaption{font-weight:600;margin:0 0 4px}\n"
	"figure.chart svg{display:block;width:100%;height:auto;"
	"max-width:760px}\n"
	"div.table-wrap{overflow-x:auto;max-width:100%}\n"
	"table.chart-data{border-collapse:collapse;font-size:.85em;"
	"font-variant-numeric:tabular-nums;margin:6px 0}\n"
	"table.chart-data caption{text-align:left;color:#555;"
	"padding-bottom:2px}\n"
	"table.chart-data th,table.chart-data td{padding:2px 8px;"
	"border-bottom:1px solid #ddd;text-align:right;vertical-align:top}\n"
	"table.chart-data td,table.chart-data th[scope=row]"
	"{white-space:nowrap}\n"
	"table.chart-data thead th{border-bottom:1px solid #888;"
	"font-weight:600;overflow-wrap:break-word}\n"
	"table.chart-data th:first-child{text-align:left}\n"
	"@media (max-width:480px){body{padding:8px;font-size:14px}"
	"table.chart-data th,table.chart-data td{padding:2px 4px}}\n"
	"@page{size:A4;margin:12mm}\n"
	"@media print{body{max-width:none;padding:0;font-size:9.5pt}"
	"div.charts{grid-template-columns:1fr 1fr;gap:2mm 6mm}"
	"figure.chart{margin:0 0 3mm}"
	"figure.chart svg{max-width:100%}"
	"div.table-wrap{overflow:visible}"
	"table.chart-data{font-size:8pt;margin:1mm 0}"
	"table.chart-data th,table.chart-data td{padding:.3mm 1.2mm}"
	"tr{break-inside:avoid;page-break-inside:avoid}"
	"h1,h2{break-after:avoid;page-break-after:avoid}}\n";

/* ---- text ---- */

/* The next character of s (n bytes): its length, and its code point or
 * U+FFFD for one bad byte. */
static size_t
next_char(const char *s, size_t n, uint32_t *cp)
{
	size_t k = utf8_decode(s, n, cp);

	if (k == 0) {
		*cp = 0xfffd;
		return 1;
	}
	return k;
}

/* Characters that must not reach a page raw. */
static int
hidden(uint32_t cp, int attr)
{
	if (cp == '\t' || cp == '\n')
		return attr;
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)
	       || (cp >= 0x202a && cp <= 0x202e)
	       || (cp >= 0x2066 && cp <= 0x2069)
	       || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
}

/* Write n bytes of s escaped (see chart_html_text()). */
static void
put_esc(FILE *out, const char *s, size_t n, int attr)
{
	uint32_t cp;
	size_t k;

	for (size_t i = 0; i < n; i += k) {
		k = utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			fputs(REPL, out);
			k = 1;
			continue;
		}
		if (hidden(cp, attr)) {
			fputs(REPL, out);
			continue;
		}
		switch (cp) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fwrite(s + i, 1, k, out);
		}
	}
}

static void
esc(FILE *out, const char *s)
{
	if (s)
		put_esc(out, s, strlen(s), 0);
}

static int
io_status(FILE *out, char *err)
{
	if (ferror(out))
		return cases_errf(err, CASES_EIO, "cannot write the page");
	return CASES_OK;
}

int
chart_html_text(FILE *out, const char *s, char *err)
{
	esc(out, s);
	return io_status(out, err);
}

int
chart_html_attr(FILE *out, const char *s, char *err)
{
	if (s)
		put_esc(out, s, strlen(s), 1);
	return io_status(out, err);
}

/* Estimated width of a character in em. */
static double
char_em(uint32_t cp)
{
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf)
	    || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff)
	    || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
	    || (cp >= 0xffe0 && cp <= 0xffe6)
	    || (cp >= 0x1f300 && cp <= 0x1faff)
	    || (cp >= 0x20000 && cp <= 0x3fffd))
		return 1.0;
	if (cp == ' ' || cp == '.' || cp == ',' || cp == ':' || cp == 'i'
	    || cp == 'l' || cp == '\'' || cp == '|')
		return 0.35;
	if (cp >= 'A' && cp <= 'Z')
		return 0.7;
	return 0.6;
}

static double
text_w(const char *s, double size)
{
	double em = 0;
	uint32_t cp;
	size_t n;

	if (!s)
		return 0;
	n = strlen(s);
	for (size_t i = 0, k; i < n; i += k) {
		k = next_char(s + i, n - i, &cp);
		em += char_em(cp);
	}
	return em * size;
}

/*
 * Write s as escaped text no wider than maxw (0: no limit): when it is
 * wider, its longest prefix that fits with an ellipsis.
 */
static void
put_fit(FILE *out, const char *s, double size, double maxw)
{
	double w = 0, ell = 1.0 * size;
	size_t n, i, k, cut = 0;
	uint32_t cp;

	if (!s)
		return;
	n = strlen(s);
	if (maxw <= 0 || text_w(s, size) <= maxw) {
		put_esc(out, s, n, 0);
		return;
	}
	for (i = 0; i < n; i += k) {
		k = next_char(s + i, n - i, &cp);
		w += char_em(cp) * size;
		if (w + ell > maxw)
			break;
		cut = i + k;
	}
	put_esc(out, s, cut, 0);
	fputs(ELLIPSIS, out);
}

/*
 * A <text> element. anchor is "start", "middle" or "end"; halo draws a
 * white outline under the glyphs so that the text stays legible where it
 * crosses a line.
 */
static void
put_text(FILE *out, double x, double y, double size, const char *anchor,
	 const char *fill, const char *cls, int halo, const char *s,
	 double maxw)
{
	fprintf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\"", cls, x, y);
	if (size != FS)
		fprintf(out, " font-size=\"%.1f\"", size);
	if (strcmp(anchor, "start") != 0)
		fprintf(out, " text-anchor=\"%s\"", anchor);
	if (strcmp(fill, C_TEXT) != 0)
		fprintf(out, " fill=\"%s\"", fill);
	if (halo)
		fputs(" stroke=\"#fff\" stroke-width=\"3\" "
		      "stroke-linejoin=\"round\" paint-order=\"stroke\"",
		      out);
	fputc('>', out);
	put_fit(out, s, size, maxw);
	fputs("</text>\n", out);
}

/* ---- values ---- */

static void
trim_zeros(char *buf)
{
	char *dot = strchr(buf, '.'), *e;

	if (!dot)
		return;
	e = buf + strlen(buf);
	while (e > dot + 1 && e[-1] == '0')
		*--e = '\0';
	if (e == dot + 1)
		*dot = '\0';
}

char *
chart_format(double v, enum chart_unit unit, char *buf)
{
	if (isnan(v)) {
		snprintf(buf, CHART_FMTMAX, "%s", DASH);
		return buf;
	}
	if (isinf(v)) {
		snprintf(buf, CHART_FMTMAX, "%s\xe2\x88\x9e", v < 0 ? "-" : "");
		return buf;
	}
	if (unit == CHART_UNIT_SECONDS) {
		/* timefmt handles int64; 1e15 s is 30 million years */
		if (fabs(v) < 1e15) {
			return timefmt_duration((int64_t)llround(v), buf);
		}
		snprintf(buf, CHART_FMTMAX, "%.3gs", v);
		return buf;
	}
	if (fabs(v) >= 1e15)
		snprintf(buf, CHART_FMTMAX, "%.3g", v);
	else
		snprintf(buf, CHART_FMTMAX, "%.2f", v);
	trim_zeros(buf);
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
	if (unit == CHART_UNIT_PERCENT)
		strcat(buf, "%");
	return buf;
}

/* ---- checks ---- */

static int
valid_id(const char *id)
{
	size_t n;

	if (!id || !((*id >= 'A' && *id <= 'Z') || (*id >= 'a' && *id <= 'z')))
		return 0;
	n = strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		       "0123456789_-");
	return id[n] == '\0' && n <= CHART_IDMAX;
}

/* The parts every chart has; values must be NAN or within lo..hi. */
static int
check_data(const char *id, const char *const *labels, size_t nlabels,
	   const struct chart_series *series, size_t nseries, double lo,
	   double hi, char *err)
{
	char buf[CHART_FMTMAX];

	if (!valid_id(id))
		return cases_errf(err, CASES_EINVAL,
				  "invalid chart id '%s' (expected a letter "
				  "then letters, digits, '-' or '_', at most "
				  "%d)",
				  id ? id : "(null)", CHART_IDMAX);
	if (nlabels && !labels)
		return cases_errf(err, CASES_EINVAL,
				  "chart '%s': %zu labels but no label array",
				  id, nlabels);
	if (nseries && !series)
		return cases_errf(err, CASES_EINVAL,
				  "chart '%s': %zu series but no series array",
				  id, nseries);
	for (size_t s = 0; s < nseries; s++) {
		if (nlabels && !series[s].values)
			return cases_errf(err, CASES_EINVAL,
					  "chart '%s': series %zu has no "
					  "values",
					  id, s + 1);
		for (size_t i = 0; i < nlabels; i++) {
			double v = series[s].values[i];
			if (isnan(v) || (v >= lo && v <= hi))
				continue;
			snprintf(buf, sizeof buf, "%g", v);
			if (isinf(v) && hi == DBL_MAX)
				return cases_errf(
					err, CASES_EINVAL,
					"chart '%s': value of series "
					"%zu at label %zu is infinite",
					id, s + 1, i + 1);
			if (v < lo && hi == DBL_MAX)
				return cases_errf(err, CASES_EINVAL,
						  "chart '%s': value %s of "
						  "series %zu at label %zu is "
						  "negative",
						  id, buf, s + 1, i + 1);
			return cases_errf(err, CASES_EINVAL,
					  "chart '%s': value %s of series %zu "
					  "at label %zu is outside %g..%g",
					  id, buf, s + 1, i + 1, lo, hi);
		}
	}
	return CASES_OK;
}

/* ---- svg pieces ---- */

static const char *
label_of(const char *const *labels, size_t i)
{
	return labels[i] ? labels[i] : "";
}

static const char *
name_of(const struct chart_series *s)
{
	return s->name ? s->name : "";
}

/* Open the <svg> up to the inside of <desc>: the caller writes the
 * description and closes it with end_desc(). */
static void
svg_open(FILE *out, const char *id, double h, const char *title,
	 const char *deflt)
{
	fprintf(out,
		"<svg class=\"chart\" role=\"img\" "
		"aria-labelledby=\"%s-title %s-desc\" "
		"viewBox=\"0 0 %.0f %.1f\" width=\"100%%\">\n",
		id, id, CW, h);
	fprintf(out, "<title id=\"%s-title\">", id);
	esc(out, title ? title : deflt);
	fprintf(out, "</title>\n<desc id=\"%s-desc\">", id);
}

/* Close <desc> and open the group that holds the drawing (and sets the
 * text's font: HTML validators do not know these attributes on <svg>). */
static void
end_desc(FILE *out)
{
	fprintf(out,
		"</desc>\n<g font-family=\"system-ui, -apple-system, "
		"'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif\" "
		"font-size=\"%.0f\" fill=\"%s\">\n",
		FS, C_TEXT);
}

/* "A, B and C" for a description. */
static void
desc_names(FILE *out, const struct chart_series *series, size_t n)
{
	for (size_t s = 0; s < n; s++) {
		if (s)
			fputs(s + 1 == n ? " and " : ", ", out);
		esc(out, name_of(&series[s]));
	}
}

static void
desc_periods(FILE *out, const char *const *labels, size_t n, const char *what)
{
	fprintf(out, "%zu %s", n, what);
	if (n > 1) {
		fputs(" from ", out);
		esc(out, label_of(labels, 0));
		fputs(" to ", out);
		esc(out, label_of(labels, n - 1));
	} else if (n == 1) {
		fputs(", ", out);
		esc(out, label_of(labels, 0));
	}
}

/* Path data of a marker of shape k centred on x, y. */
static void
put_marker(FILE *out, int k, double x, double y, const char *colour)
{
	double r = 3.6;
	int stroked = k == MK_CROSS || k == MK_PLUS;

	fputs("<path class=\"mark\" d=\"", out);
	switch (k) {
	case MK_CIRCLE:
		fprintf(out,
			"M%.1f %.1fa%.1f %.1f 0 1 0 %.1f 0a%.1f %.1f 0 1 0 "
			"%.1f 0Z",
			x - r, y, r, r, 2 * r, r, r, -2 * r);
		break;
	case MK_SQUARE:
		r *= 0.9;
		fprintf(out, "M%.1f %.1fh%.1fv%.1fh%.1fZ", x - r, y - r, 2 * r,
			2 * r, -2 * r);
		break;
	case MK_TRIANGLE:
		r *= 1.2;
		fprintf(out, "M%.1f %.1fL%.1f %.1fL%.1f %.1fZ", x, y - r, x + r,
			y + r * 0.75, x - r, y + r * 0.75);
		break;
	case MK_DIAMOND:
		r *= 1.25;
		fprintf(out, "M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ", x,
			y - r, x + r, y, x, y + r, x - r, y);
		break;
	case MK_TRIDOWN:
		r *= 1.2;
		fprintf(out, "M%.1f %.1fL%.1f %.1fL%.1f %.1fZ", x, y + r, x + r,
			y - r * 0.75, x - r, y - r * 0.75);
		break;
	case MK_CROSS:
		fprintf(out, "M%.1f %.1fl%.1f %.1fM%.1f %.1fl%.1f %.1f", x - r,
			y - r, 2 * r, 2 * r, x + r, y - r, -2 * r, 2 * r);
		break;
	default: /* MK_PLUS */
		r *= 1.2;
		fprintf(out, "M%.1f %.1fh%.1fM%.1f %.1fv%.1f", x - r, y, 2 * r,
			x, y - r, 2 * r);
		break;
	}
	if (stroked)
		fprintf(out,
			"\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n",
			colour);
	else
		fprintf(out,
			"\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\"/>\n",
			colour);
}

/* <pattern> definitions for the fills of n layers or bar series. */
static void
put_patterns(FILE *out, const char *id, size_t n)
{
	int any = 0;

	for (size_t s = 0; s < n; s++) {
		const char *c = palette[s % NELEM(palette)];
		int p = (int)(s % PAT_COUNT);

		if (p == PAT_SOLID)
			continue;
		if (!any)
			fputs("<defs>\n", out);
		any = 1;
		fprintf(out,
			"<pattern id=\"%s-f%zu\" width=\"6\" height=\"6\" "
			"patternUnits=\"userSpaceOnUse\"",
			id, s);
		if (p == PAT_DIAG)
			fputs(" patternTransform=\"rotate(45)\"", out);
		else if (p == PAT_ANTIDIAG)
			fputs(" patternTransform=\"rotate(-45)\"", out);
		fprintf(out, "><rect width=\"6\" height=\"6\" fill=\"%s\"/>",
			c);
		switch (p) {
		case PAT_DIAG:
		case PAT_ANTIDIAG:
			fputs("<path d=\"M3 0V6\" stroke=\"#fff\" "
			      "stroke-width=\"1.6\"/>",
			      out);
			break;
		case PAT_DOTS:
			fputs("<circle cx=\"3\" cy=\"3\" r=\"1.3\" "
			      "fill=\"#fff\"/>",
			      out);
			break;
		case PAT_CROSS:
			fputs("<path d=\"M3 0V6M0 3H6\" stroke=\"#fff\" "
			      "stroke-width=\"1.2\"/>",
			      out);
			break;
		default: /* PAT_HORIZ */
			fputs("<path d=\"M0 3H6\" stroke=\"#fff\" "
			      "stroke-width=\"1.6\"/>",
			      out);
			break;
		}
		fputs("</pattern>\n", out);
	}
	if (any)
		fputs("</defs>\n", out);
}

/* The fill of layer or bar series s: a colour or url(#id-fS). */
static void
put_fill(FILE *out, const char *id, size_t s)
{
	if (s % PAT_COUNT == PAT_SOLID)
		fprintf(out, "fill=\"%s\"", palette[s % NELEM(palette)]);
	else
		fprintf(out, "fill=\"url(#%s-f%zu)\"", id, s);
}

/* What a legend key looks like. */
enum key { KEY_LINE, KEY_SWATCH, KEY_TARGET, KEY_GOAL };

struct legend_item {
	enum key key;
	size_t s; /* series index */
	const char *name;
};

#define LEGEND_MAX	64 /* series named in a legend; tables name them all */
#define KEY_W		28.0
#define KEY_GAP		5.0
#define ITEM_GAP	16.0
#define LEGEND_NAME_MAX 200.0

static double
item_w(const struct legend_item *it)
{
	double w = text_w(it->name, FS);
	double kw = it->key == KEY_LINE || it->key == KEY_GOAL ? KEY_W : 12;

	if (w > LEGEND_NAME_MAX)
		w = LEGEND_NAME_MAX;
	return kw + KEY_GAP + w;
}

/* Legend items for the first LEGEND_MAX series; returns their number. */
static size_t
legend_series(struct legend_item *items, enum key key,
	      const struct chart_series *series, size_t n)
{
	size_t s;

	for (s = 0; s < n && s < LEGEND_MAX; s++)
		items[s] = (struct legend_item){ key, s, name_of(&series[s]) };
	return s;
}

/*
 * Lay out (and when out is not NULL draw) a legend of n items from y
 * downwards, wrapping rows at the chart's width. Returns its height.
 */
static double
legend(FILE *out, const char *id, const struct legend_item *items, size_t n,
       double y)
{
	double x = MARGIN, x1 = CW - MARGIN, rows = 1;

	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const struct legend_item *it = &items[i];
		double w = item_w(it), cy, kw;

		if (x > MARGIN && x + w > x1) {
			x = MARGIN;
			rows++;
		}
		cy = y + (rows - 1) * LEGEND_ROW + LEGEND_ROW / 2;
		kw = it->key == KEY_LINE || it->key == KEY_GOAL ? KEY_W : 12;
		if (out) {
			size_t s = it->s;
			switch (it->key) {
			case KEY_LINE:
				fprintf(out,
					"<path class=\"key\" d=\"M%.1f "
					"%.1fh%.0f\" "
					"fill=\"none\" stroke=\"%s\" "
					"stroke-width=\"2\"",
					x, cy, KEY_W,
					palette[s % NELEM(palette)]);
				if (*dashes[s % NELEM(dashes)])
					fprintf(out, " stroke-dasharray=\"%s\"",
						dashes[s % NELEM(dashes)]);
				fputs("/>\n", out);
				put_marker(out, (int)(s % MK_COUNT),
					   x + KEY_W / 2, cy,
					   palette[s % NELEM(palette)]);
				break;
			case KEY_GOAL:
				fprintf(out,
					"<path class=\"key\" d=\"M%.1f "
					"%.1fh%.0f\" "
					"stroke=\"#333\" stroke-width=\"1.5\" "
					"stroke-dasharray=\"5 3\"/>\n",
					x, cy, KEY_W);
				break;
			case KEY_SWATCH:
				fprintf(out,
					"<rect class=\"key\" x=\"%.1f\" "
					"y=\"%.1f\" width=\"12\" "
					"height=\"12\" ",
					x, cy - 6);
				put_fill(out, id, s);
				fputs("/>\n", out);
				break;
			case KEY_TARGET:
				fprintf(out,
					"<path class=\"key\" d=\"M%.1f "
					"%.1fv14\" "
					"stroke=\"#000\" "
					"stroke-width=\"2.5\"/>\n",
					x + 6, cy - 7);
				break;
			}
			put_text(out, x + kw + KEY_GAP, cy + FS * 0.35, FS,
				 "start", C_TEXT, "legend", 0, it->name,
				 LEGEND_NAME_MAX);
		}
		x += w + ITEM_GAP;
	}
	return rows * LEGEND_ROW;
}

/*
 * Labels along the x axis, one per band of width slot starting at x0:
 * every k-th, k the smallest that keeps them from overlapping, each moved
 * inside the chart when it would cross its edge; one that the move would
 * bring onto the label before it is left out (the table has them all).
 */
static void
x_labels(FILE *out, const char *const *labels, size_t n, double x0, double slot,
	 double y)
{
	double maxw = 0, cap = 90, prev_right = -1e9;
	size_t k;

	for (size_t i = 0; i < n; i++) {
		double w = text_w(label_of(labels, i), FS);
		if (w > maxw)
			maxw = w;
	}
	if (maxw > cap)
		maxw = cap;
	k = (size_t)ceil((maxw + 8) / slot);
	if (k < 1)
		k = 1;
	for (size_t i = 0; i < n; i += k) {
		double w = text_w(label_of(labels, i), FS), x;
		if (w > cap)
			w = cap;
		x = x0 + (i + 0.5) * slot;
		if (x - w / 2 < MARGIN)
			x = MARGIN + w / 2;
		if (x + w / 2 > CW - MARGIN)
			x = CW - MARGIN - w / 2;
		if (x - w / 2 < prev_right + 8)
			continue;
		prev_right = x + w / 2;
		put_text(out, x, y, FS, "middle", C_TEXT, "xlabel", 0,
			 label_of(labels, i), cap);
	}
}

static void
no_data(FILE *out, double x0, double y0, double x1, double y1)
{
	put_text(out, (x0 + x1) / 2, (y0 + y1) / 2 + FS * 0.35, FS, "middle",
		 C_MUTED, "nodata", 0, "No data", 0);
}

static int
svg_close(FILE *out, char *err)
{
	fputs("</g>\n</svg>\n", out);
	return io_status(out, err);
}

/* ---- tables ---- */

static void
table_open(FILE *out, const char *title, const char *note, const char *x_title,
	   const char *deflt_x, const struct chart_series *series,
	   size_t nseries)
{
	fputs("<div class=\"table-wrap\"><table class=\"chart-data\">\n"
	      "<caption>",
	      out);
	esc(out, title);
	if (note) {
		fputs(" (", out);
		esc(out, note);
		fputs(")", out);
	}
	fputs("</caption>\n<thead><tr><th scope=\"col\">", out);
	esc(out, x_title ? x_title : deflt_x);
	fputs("</th>", out);
	for (size_t s = 0; s < nseries; s++) {
		fputs("<th scope=\"col\">", out);
		esc(out, name_of(&series[s]));
		fputs("</th>", out);
	}
}

static void
table_row_head(FILE *out, const char *label)
{
	fputs("<tr><th scope=\"row\">", out);
	esc(out, label);
	fputs("</th>", out);
}

static void
table_cell(FILE *out, double v, enum chart_unit unit)
{
	char buf[CHART_FMTMAX];

	fprintf(out, "<td>%s</td>", chart_format(v, unit, buf));
}

static void
table_empty(FILE *out, size_t ncols)
{
	fprintf(out, "<tr><td colspan=\"%zu\">No data</td></tr>\n", ncols);
}

static int
table_close(FILE *out, char *err)
{
	fputs("</tbody></table></div>\n", out);
	return io_status(out, err);
}

/* ---- page ---- */

int
chart_page_begin(FILE *out, const struct chart_page *page, char *err)
{
	const char *lang = page->lang ? page->lang : "en";

	fputs("<!DOCTYPE html>\n<html lang=\"", out);
	put_esc(out, lang, strlen(lang), 1);
	fputs("\">\n<head>\n<meta charset=\"utf-8\" />\n"
	      "<meta name=\"viewport\" "
	      "content=\"width=device-width, initial-scale=1\" />\n",
	      out);
	if (page->refresh)
		fprintf(out,
			"%s<meta http-equiv=\"refresh\" content=\"%u\" />%s\n",
			page->refresh_noscript ? "<noscript>" : "",
			page->refresh,
			page->refresh_noscript ? "</noscript>" : "");
	fputs("<title>", out);
	esc(out, page->title);
	fprintf(out, "</title>\n<style>\n%s%s</style>\n</head>\n<body>\n",
		page_css, page->css ? page->css : "");
	return io_status(out, err);
}

int
chart_page_end(FILE *out, char *err)
{
	fputs("</body>\n</html>\n", out);
	return io_status(out, err);
}

int
chart_figure_begin(FILE *out, const char *caption, char *err)
{
	fputs("<figure class=\"chart\">\n", out);
	if (caption) {
		fputs("<figcaption>", out);
		esc(out, caption);
		fputs("</figcaption>\n", out);
	}
	return io_status(out, err);
}

int
chart_figure_end(FILE *out, char *err)
{
	fputs("</figure>\n", out);
	return io_status(out, err);
}

/* ---- line chart ---- */

static int
check_line(const struct chart_line_spec *c, char *err)
{
	return check_data(c->id, c->labels, c->nlabels, c->series, c->nseries,
			  0, 100, err);
}

static int
has_goal(const struct chart_line_spec *c)
{
	return !isnan(c->goal) && c->goal > 0 && c->goal <= 100;
}

static const char *
goal_text(const struct chart_line_spec *c, char *buf)
{
	char v[CHART_FMTMAX];

	if (c->goal_label)
		return c->goal_label;
	snprintf(buf, CHART_FMTMAX + 8, "goal %s",
		 chart_format(c->goal, CHART_UNIT_PERCENT, v));
	return buf;
}

int
chart_line(FILE *out, const struct chart_line_spec *c, char *err)
{
	struct legend_item items[LEGEND_MAX + 1];
	char gbuf[CHART_FMTMAX + 8];
	double x0, x1, y0, y1, slot, h, ly;
	size_t nitems, s, i;
	int rc, any = 0;

	if ((rc = check_line(c, err)) != CASES_OK)
		return rc;
	x0 = MARGIN + text_w("100%", FS) + 6;
	x1 = CW - MARGIN - 4;
	y0 = MARGIN + FS / 2;
	y1 = y0 + PLOT_H;
	nitems = legend_series(items, KEY_LINE, c->series, c->nseries);
	if (has_goal(c))
		items[nitems++] =
			(struct legend_item){ KEY_GOAL, 0, goal_text(c, gbuf) };
	ly = y1 + FS + 17;
	h = ly + legend(NULL, c->id, items, nitems, ly) + MARGIN;

	svg_open(out, c->id, h, c->title, "Line chart");
	if (c->desc) {
		esc(out, c->desc);
	} else {
		fputs("Line chart of percentages over ", out);
		desc_periods(out, c->labels, c->nlabels, "periods");
		fprintf(out, "; %zu series", c->nseries);
		if (c->nseries) {
			fputs(": ", out);
			desc_names(out, c->series, c->nseries);
		}
		if (has_goal(c)) {
			fputs("; ", out);
			esc(out, goal_text(c, gbuf));
		}
		fputs(". The table with the chart gives every value.", out);
	}
	end_desc(out);
	fprintf(out,
		"<rect class=\"plot\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
		"height=\"%.2f\" fill=\"none\"/>\n",
		x0, y0, x1 - x0, y1 - y0);
	fputs("<path class=\"grid\" d=\"", out);
	for (i = 1; i <= 5; i++)
		fprintf(out, "M%.2f %.2fH%.2f", x0, y1 - (y1 - y0) * i / 5, x1);
	fprintf(out, "\" stroke=\"%s\" stroke-width=\"1\"/>\n", C_GRID);
	fprintf(out,
		"<path class=\"axis\" d=\"M%.2f %.2fH%.2f\" stroke=\"%s\" "
		"stroke-width=\"1\"/>\n",
		x0, y1, x1, C_AXIS);
	for (i = 0; i <= 5; i++) {
		char buf[CHART_FMTMAX];
		put_text(out, x0 - 5, y1 - (y1 - y0) * i / 5 + FS * 0.35, FS,
			 "end", C_MUTED, "ylabel", 0,
			 chart_format(20.0 * i, CHART_UNIT_PERCENT, buf), 0);
	}
	slot = c->nlabels ? (x1 - x0) / c->nlabels : 0;
	if (c->nlabels)
		x_labels(out, c->labels, c->nlabels, x0, slot, y1 + FS + 8);
	if (has_goal(c)) {
		double gy = y1 - (y1 - y0) * c->goal / 100;
		fprintf(out,
			"<path class=\"goal\" d=\"M%.2f %.2fH%.2f\" "
			"stroke=\"#333\" stroke-width=\"1.5\" "
			"stroke-dasharray=\"5 3\"/>\n",
			x0, gy, x1);
	}
	for (s = 0; s < c->nseries; s++) {
		const double *v = c->series[s].values;
		const char *colour = palette[s % NELEM(palette)];
		const char *dash = dashes[s % NELEM(dashes)];

		/* one path per run of two or more consecutive values */
		for (i = 0; i < c->nlabels;) {
			size_t j = i;
			while (j < c->nlabels && !isnan(v[j]))
				j++;
			if (j - i >= 2) {
				fputs("<path class=\"line\" d=\"", out);
				for (size_t k = i; k < j; k++)
					fprintf(out, "%c%.2f %.2f",
						k == i ? 'M' : 'L',
						x0 + (k + 0.5) * slot,
						y1 - (y1 - y0) * v[k] / 100);
				fprintf(out,
					"\" fill=\"none\" stroke=\"%s\" "
					"stroke-width=\"2\" "
					"stroke-linejoin=\"round\"",
					colour);
				if (*dash)
					fprintf(out, " stroke-dasharray=\"%s\"",
						dash);
				fputs("/>\n", out);
			}
			i = j == i ? i + 1 : j;
		}
		for (i = 0; i < c->nlabels; i++) {
			if (isnan(v[i]))
				continue;
			any = 1;
			put_marker(out, (int)(s % MK_COUNT),
				   x0 + (i + 0.5) * slot,
				   y1 - (y1 - y0) * v[i] / 100, colour);
		}
	}
	if (has_goal(c)) {
		/* last, so that no line covers it */
		double gy = y1 - (y1 - y0) * c->goal / 100;
		put_text(out, x1 - 2, gy - 4, FS_SMALL, "end", "#333",
			 "goal-label", 1, goal_text(c, gbuf), x1 - x0);
	}
	if (!any)
		no_data(out, x0, y0, x1, y1);
	legend(out, c->id, items, nitems, ly);
	return svg_close(out, err);
}

int
chart_line_table(FILE *out, const struct chart_line_spec *c, char *err)
{
	char buf[CHART_FMTMAX + 8];
	int rc;

	if ((rc = check_line(c, err)) != CASES_OK)
		return rc;
	table_open(out, c->title ? c->title : "Line chart",
		   has_goal(c) ? goal_text(c, buf) : NULL, c->x_title, "Period",
		   c->series, c->nseries);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < c->nlabels; i++) {
		table_row_head(out, label_of(c->labels, i));
		for (size_t s = 0; s < c->nseries; s++)
			table_cell(out, c->series[s].values[i],
				   CHART_UNIT_PERCENT);
		fputs("</tr>\n", out);
	}
	if (!c->nlabels)
		table_empty(out, c->nseries + 1);
	return table_close(out, err);
}

/* ---- value scales ---- */

/*
 * A value axis from lo to hi drawn from x0 to x1 (or y1 to y0), linear or
 * logarithmic, with up to NTICK_MAX ticks.
 */
#define NTICK_MAX 16

struct scale {
	int log;
	double lo, hi, p0, p1;
	double tick[NTICK_MAX];
	size_t nticks;
};

static double
scale_pos(const struct scale *sc, double v)
{
	double f;

	if (sc->log) {
		if (!(v > sc->lo))
			return sc->p0;
		f = (log10(v) - log10(sc->lo))
		    / (log10(sc->hi) - log10(sc->lo));
	} else {
		f = (v - sc->lo) / (sc->hi - sc->lo);
	}
	if (f < 0)
		f = 0;
	return sc->p0 + f * (sc->p1 - sc->p0);
}

/* 1, 2 or 5 times a power of ten, the smallest at least max / n. */
static double
nice_step(double max, int n)
{
	double raw = max / n, p = pow(10, floor(log10(raw))), m = raw / p;

	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/* Steps of a linear time axis, in seconds. */
static const double time_steps[] = {
	1,     2,     5,     10,    15,	   30,	   60,
	120,   300,   600,   900,   1800,  3600,   7200,
	10800, 14400, 21600, 43200, 86400, 172800, 604800,
};

/* Ticks of a logarithmic time axis: 1s 10s 1m 5m 15m 1h 4h 1d 7d 30d 1y. */
static const double time_log_ticks[] = {
	1, 10, 60, 300, 900, 3600, 14400, 86400, 604800, 2592000, 31536000,
};

static void
scale_linear(struct scale *sc, double max, enum chart_unit unit, int whole)
{
	double step = 0;
	size_t i;

	if (!(max > 0))
		max = unit == CHART_UNIT_SECONDS ? 60 : 1;
	if (unit == CHART_UNIT_SECONDS) {
		for (i = 0; i < NELEM(time_steps) && !step; i++)
			if (max / time_steps[i] <= 5)
				step = time_steps[i];
		if (!step)
			step = nice_step(max / 86400, 5) * 86400;
	} else {
		step = nice_step(max, 5);
		if (whole && step < 1)
			step = 1;
	}
	sc->log = 0;
	sc->lo = 0;
	sc->hi = ceil(max / step - 1e-9) * step;
	sc->nticks = 0;
	for (i = 0; i < NTICK_MAX && i * step <= sc->hi * (1 + 1e-9); i++)
		sc->tick[sc->nticks++] = i * step;
}

static void
scale_log(struct scale *sc, double minpos, double max, enum chart_unit unit)
{
	double lo, hi;

	if (unit == CHART_UNIT_SECONDS) {
		const double *t = time_log_ticks;
		size_t n = NELEM(time_log_ticks), i;
		lo = t[0];
		for (i = 0; i < n && t[i] <= minpos; i++)
			lo = t[i];
		for (i = 0; i < n && t[i] < max; i++)
			;
		hi = i < n ? t[i] : pow(10, ceil(log10(max)));
		sc->nticks = 0;
		for (i = 0; i < n && sc->nticks < NTICK_MAX; i++)
			if (t[i] >= lo && t[i] <= hi)
				sc->tick[sc->nticks++] = t[i];
		if (hi > t[n - 1] && sc->nticks < NTICK_MAX)
			sc->tick[sc->nticks++] = hi;
	} else {
		lo = pow(10, floor(log10(minpos)));
		hi = pow(10, ceil(log10(max)));
		sc->nticks = 0;
		for (double v = lo; v <= hi * 1.0001 && sc->nticks < NTICK_MAX;
		     v *= 10)
			sc->tick[sc->nticks++] = v;
	}
	if (hi <= lo)
		hi = lo * 10;
	sc->log = 1;
	sc->lo = lo;
	sc->hi = hi;
}

/* Gridlines and tick labels of a horizontal value axis over y0..y1. */
static void
value_axis(FILE *out, const struct scale *sc, enum chart_unit unit, double y0,
	   double y1)
{
	double last = -1e9;
	char buf[CHART_FMTMAX];
	size_t i;

	fputs("<path class=\"grid\" d=\"", out);
	for (i = 0; i < sc->nticks; i++)
		fprintf(out, "M%.2f %.2fV%.2f", scale_pos(sc, sc->tick[i]), y0,
			y1);
	fprintf(out, "\" stroke=\"%s\" stroke-width=\"1\"/>\n", C_GRID);
	fprintf(out,
		"<path class=\"axis\" d=\"M%.2f %.2fV%.2f\" stroke=\"%s\" "
		"stroke-width=\"1\"/>\n",
		sc->p0, y0, y1, C_AXIS);
	for (i = 0; i < sc->nticks; i++) {
		double x = scale_pos(sc, sc->tick[i]);
		double w = text_w(chart_format(sc->tick[i], unit, buf), FS);
		if (x - w / 2 < last + 6)
			continue; /* would overlap the previous label */
		if (x + w / 2 > CW - MARGIN)
			x = CW - MARGIN - w / 2;
		put_text(out, x, y1 + FS + 4, FS, "middle", C_MUTED, "tick", 0,
			 buf, 0);
		last = x + w / 2;
	}
}

/* ---- grouped bars ---- */

static int
check_bars(const struct chart_bar_spec *c, char *err)
{
	char buf[CHART_FMTMAX];
	int rc;

	rc = check_data(c->id, c->labels, c->nlabels, c->series, c->nseries, 0,
			DBL_MAX, err);
	if (rc != CASES_OK)
		return rc;
	for (size_t i = 0; c->targets && i < c->nlabels; i++) {
		double t = c->targets[i];
		if (isnan(t) || (t >= 0 && !isinf(t)))
			continue;
		snprintf(buf, sizeof buf, "%g", t);
		return cases_errf(err, CASES_EINVAL,
				  "chart '%s': target %s at label %zu is "
				  "not a finite value >= 0",
				  c->id, buf, i + 1);
	}
	return CASES_OK;
}

static double
target_of(const struct chart_bar_spec *c, size_t i)
{
	return c->targets ? c->targets[i] : NAN;
}

/* "target 1h" under a category name. */
static const char *
target_text(const struct chart_bar_spec *c, size_t i, char *buf, size_t n)
{
	char v[CHART_FMTMAX];

	snprintf(buf, n, "%s %s", c->target_label ? c->target_label : "target",
		 chart_format(target_of(c, i), c->unit, v));
	return buf;
}

/*
 * The scale of chart_bars(). Response targets run from 15 minutes
 * (business-critical) to a day (general): 96 times. On a linear axis the
 * 15-minute group would be 1% of the width, its bars, tick and labels
 * piled on the axis. The log axis gives each ratio the same room, so every
 * group is readable and "twice the target" is the same distance for every
 * severity, which is what a review of targets asks. So AUTO goes log when
 * the largest positive value or target is 20 or more times the smallest
 * (a linear axis then shows the smallest at under 5% of the width), and
 * stays linear, where lengths compare directly, otherwise.
 */
static void
bars_scale(const struct chart_bar_spec *c, struct scale *sc)
{
	double minpos = HUGE_VAL, max = 0;

	for (size_t i = 0; i < c->nlabels; i++) {
		double t = target_of(c, i);
		for (size_t s = 0; s <= c->nseries; s++) {
			double v = s < c->nseries ? c->series[s].values[i] : t;
			if (isnan(v) || v <= 0)
				continue;
			if (v < minpos)
				minpos = v;
			if (v > max)
				max = v;
		}
	}
	if (c->scale == CHART_SCALE_LOG
	    || (c->scale == CHART_SCALE_AUTO && max > 0
		&& max / minpos >= 20)) {
		if (max > 0)
			scale_log(sc, minpos, max, c->unit);
		else
			scale_log(sc, 1, 10, c->unit);
	} else {
		scale_linear(sc, max, c->unit, 0);
	}
}

int
chart_bars(FILE *out, const struct chart_bar_spec *c, char *err)
{
	struct legend_item items[LEGEND_MAX + 1];
	char buf[CHART_FMTMAX], tbuf[2 * CHART_FMTMAX];
	double lw = 0, vw = 0, gh, bars_h, y0, y1, ly, h;
	size_t nitems, s, i;
	struct scale sc;
	int rc, targets = 0;

	if ((rc = check_bars(c, err)) != CASES_OK)
		return rc;
	for (i = 0; i < c->nlabels; i++) {
		double w = text_w(label_of(c->labels, i), FS);
		if (!isnan(target_of(c, i))) {
			double tw = text_w(target_text(c, i, tbuf, sizeof tbuf),
					   FS_SMALL);
			targets = 1;
			if (tw > w)
				w = tw;
		}
		if (w > lw)
			lw = w;
		for (s = 0; s < c->nseries; s++) {
			double v = c->series[s].values[i];
			if (isnan(v))
				continue;
			w = text_w(chart_format(v, c->unit, buf), FS_SMALL);
			if (w > vw)
				vw = w;
		}
	}
	if (lw > MAX_LABEL_W)
		lw = MAX_LABEL_W;
	sc.p0 = MARGIN + lw + 8;
	sc.p1 = CW - MARGIN - vw - 8;
	bars_scale(c, &sc);
	/* the last tick label is centred on the end of the axis */
	buf[0] = '\0';
	if (sc.nticks)
		chart_format(sc.tick[sc.nticks - 1], c->unit, buf);
	if (sc.p1 > CW - MARGIN - text_w(buf, FS) / 2)
		sc.p1 = CW - MARGIN - text_w(buf, FS) / 2;

	bars_h = c->nseries ? c->nseries * (BAR_H + 2) - 2 : BAR_H;
	gh = (bars_h > FS + FS_SMALL + 6 ? bars_h : FS + FS_SMALL + 6) + 12;
	y0 = MARGIN;
	y1 = y0 + (c->nlabels && c->nseries ? c->nlabels * gh : 3 * gh);
	nitems = legend_series(items, KEY_SWATCH, c->series, c->nseries);
	if (targets)
		items[nitems++] =
			(struct legend_item){ KEY_TARGET, 0,
					      c->target_label ? c->target_label
							      : "target" };
	ly = y1 + FS + 14;
	h = ly + legend(NULL, c->id, items, nitems, ly) + MARGIN;

	svg_open(out, c->id, h, c->title, "Bar chart");
	if (c->desc) {
		esc(out, c->desc);
	} else {
		fprintf(out, "Horizontal bar chart of %zu categories",
			c->nlabels);
		if (c->nseries) {
			fputs(", a bar for each of ", out);
			desc_names(out, c->series, c->nseries);
		}
		if (targets) {
			fputs(", with the ", out);
			esc(out, c->target_label ? c->target_label : "target");
			fputs(" of each category", out);
		}
		fprintf(out,
			"; %s scale. The table with the chart gives every "
			"value.",
			sc.log ? "logarithmic" : "linear");
	}
	end_desc(out);
	put_patterns(out, c->id, c->nseries);
	value_axis(out, &sc, c->unit, y0, y1);
	if (!c->nlabels || !c->nseries)
		no_data(out, sc.p0, y0, sc.p1, y1);
	for (i = 0; i < c->nlabels && c->nseries; i++) {
		double gy = y0 + i * gh, by = gy + (gh - bars_h) / 2;
		double t = target_of(c, i), ny = gy + gh / 2 + FS * 0.35;

		if (!isnan(t))
			ny -= FS_SMALL / 2 + 1;
		put_text(out, sc.p0 - 8, ny, FS, "end", C_TEXT, "category", 0,
			 label_of(c->labels, i), lw);
		if (!isnan(t))
			put_text(out, sc.p0 - 8, ny + FS_SMALL + 3, FS_SMALL,
				 "end", C_MUTED, "category-target", 0,
				 target_text(c, i, tbuf, sizeof tbuf), lw);
		for (s = 0; s < c->nseries; s++) {
			double v = c->series[s].values[i];
			if (isnan(v))
				continue;
			fprintf(out,
				"<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" "
				"width=\"%.2f\" height=\"%.2f\" ",
				sc.p0, by + s * (BAR_H + 2),
				scale_pos(&sc, v) - sc.p0, BAR_H);
			put_fill(out, c->id, s);
			fputs("/>\n", out);
		}
		if (!isnan(t))
			fprintf(out,
				"<path class=\"target\" d=\"M%.2f %.2fV%.2f\" "
				"stroke=\"#000\" stroke-width=\"2.5\"/>\n",
				scale_pos(&sc, t), gy + 3, gy + gh - 3);
		/* the values last, their halo over the target tick */
		for (s = 0; s < c->nseries; s++) {
			double v = c->series[s].values[i];
			if (isnan(v))
				continue;
			put_text(out, scale_pos(&sc, v) + 4,
				 by + s * (BAR_H + 2) + BAR_H / 2
					 + FS_SMALL * 0.35,
				 FS_SMALL, "start", C_TEXT, "value", 1,
				 chart_format(v, c->unit, buf), 0);
		}
	}
	legend(out, c->id, items, nitems, ly);
	return svg_close(out, err);
}

int
chart_bars_table(FILE *out, const struct chart_bar_spec *c, char *err)
{
	int rc, targets = 0;

	if ((rc = check_bars(c, err)) != CASES_OK)
		return rc;
	for (size_t i = 0; i < c->nlabels; i++)
		if (!isnan(target_of(c, i)))
			targets = 1;
	table_open(out, c->title ? c->title : "Bar chart", NULL, c->x_title,
		   "Category", c->series, c->nseries);
	if (targets) {
		fputs("<th scope=\"col\">", out);
		esc(out, c->target_label ? c->target_label : "target");
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < c->nlabels; i++) {
		table_row_head(out, label_of(c->labels, i));
		for (size_t s = 0; s < c->nseries; s++)
			table_cell(out, c->series[s].values[i], c->unit);
		if (targets)
			table_cell(out, target_of(c, i), c->unit);
		fputs("</tr>\n", out);
	}
	if (!c->nlabels)
		table_empty(out, c->nseries + 1 + (size_t)targets);
	return table_close(out, err);
}

/* ---- stacked bars ---- */

static int
check_stacked(const struct chart_stack_spec *c, char *err)
{
	int rc;

	rc = check_data(c->id, c->labels, c->nlabels, c->series, c->nseries, 0,
			DBL_MAX, err);
	if (rc != CASES_OK)
		return rc;
	return CASES_OK;
}

static double
stack_total(const struct chart_stack_spec *c, size_t i)
{
	double t = 0;

	for (size_t s = 0; s < c->nseries; s++)
		if (!isnan(c->series[s].values[i]))
			t += c->series[s].values[i];
	return t;
}

int
chart_stacked(FILE *out, const struct chart_stack_spec *c, char *err)
{
	struct legend_item items[LEGEND_MAX];
	char buf[CHART_FMTMAX];
	double max = 0, x0, x1, y0, y1, slot, bw, ly, h, big = 0;
	size_t nitems, s, i;
	struct scale sc;
	int rc;

	if ((rc = check_stacked(c, err)) != CASES_OK)
		return rc;
	for (i = 0; i < c->nlabels; i++) {
		double t = stack_total(c, i);
		if (t > max)
			max = t;
	}
	scale_linear(&sc, max, CHART_UNIT_NUMBER, 1);
	for (i = 0; i < sc.nticks; i++) {
		double w = text_w(
			chart_format(sc.tick[i], CHART_UNIT_NUMBER, buf), FS);
		if (w > big)
			big = w;
	}
	x0 = MARGIN + big + 6;
	x1 = CW - MARGIN - 4;
	y0 = MARGIN + FS_SMALL + 4;
	y1 = y0 + PLOT_H;
	sc.p0 = y1;
	sc.p1 = y0;
	nitems = legend_series(items, KEY_SWATCH, c->series, c->nseries);
	ly = y1 + FS + 17;
	h = ly + legend(NULL, c->id, items, nitems, ly) + MARGIN;

	svg_open(out, c->id, h, c->title, "Stacked bar chart");
	if (c->desc) {
		esc(out, c->desc);
	} else {
		fputs("Stacked bar chart of counts over ", out);
		desc_periods(out, c->labels, c->nlabels, "periods");
		if (c->nseries) {
			fputs(", by ", out);
			desc_names(out, c->series, c->nseries);
		}
		fprintf(out,
			"; the largest total is %s. The table with the "
			"chart gives every value.",
			chart_format(max, CHART_UNIT_NUMBER, buf));
	}
	end_desc(out);
	put_patterns(out, c->id, c->nseries);
	fputs("<path class=\"grid\" d=\"", out);
	for (i = 1; i < sc.nticks; i++)
		fprintf(out, "M%.2f %.2fH%.2f", x0, scale_pos(&sc, sc.tick[i]),
			x1);
	fprintf(out, "\" stroke=\"%s\" stroke-width=\"1\"/>\n", C_GRID);
	fprintf(out,
		"<path class=\"axis\" d=\"M%.2f %.2fH%.2f\" stroke=\"%s\" "
		"stroke-width=\"1\"/>\n",
		x0, y1, x1, C_AXIS);
	for (i = 0; i < sc.nticks; i++)
		put_text(out, x0 - 5, scale_pos(&sc, sc.tick[i]) + FS * 0.35,
			 FS, "end", C_MUTED, "ylabel", 0,
			 chart_format(sc.tick[i], CHART_UNIT_NUMBER, buf), 0);
	slot = c->nlabels ? (x1 - x0) / c->nlabels : 0;
	bw = slot * 0.7 < 44 ? slot * 0.7 : 44;
	if (c->nlabels)
		x_labels(out, c->labels, c->nlabels, x0, slot, y1 + FS + 8);
	for (i = 0; i < c->nlabels; i++) {
		double bx = x0 + (i + 0.5) * slot - bw / 2, cum = 0;
		double prev = y1, top, tw;

		for (s = 0; s < c->nseries; s++) {
			double v = c->series[s].values[i];
			if (isnan(v) || v <= 0)
				continue;
			cum += v;
			top = scale_pos(&sc, cum);
			fprintf(out,
				"<rect class=\"seg\" x=\"%.2f\" y=\"%.2f\" "
				"width=\"%.2f\" height=\"%.2f\" ",
				bx, top, bw, prev - top);
			put_fill(out, c->id, s);
			fputs(" stroke=\"#fff\" stroke-width=\"0.6\"/>\n", out);
			prev = top;
		}
		chart_format(cum, CHART_UNIT_NUMBER, buf);
		tw = text_w(buf, FS_SMALL);
		if (c->nseries && tw <= slot)
			put_text(out, bx + bw / 2, prev - 3, FS_SMALL, "middle",
				 C_TEXT, "total", 0, buf, 0);
	}
	if (!c->nlabels || !c->nseries)
		no_data(out, x0, y0, x1, y1);
	legend(out, c->id, items, nitems, ly);
	return svg_close(out, err);
}

int
chart_stacked_table(FILE *out, const struct chart_stack_spec *c, char *err)
{
	int rc;

	if ((rc = check_stacked(c, err)) != CASES_OK)
		return rc;
	table_open(out, c->title ? c->title : "Stacked bar chart", NULL,
		   c->x_title, "Period", c->series, c->nseries);
	fputs("<th scope=\"col\">Total</th></tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < c->nlabels; i++) {
		table_row_head(out, label_of(c->labels, i));
		for (size_t s = 0; s < c->nseries; s++)
			table_cell(out, c->series[s].values[i],
				   CHART_UNIT_NUMBER);
		table_cell(out, stack_total(c, i), CHART_UNIT_NUMBER);
		fputs("</tr>\n", out);
	}
	if (!c->nlabels)
		table_empty(out, c->nseries + 2);
	return table_close(out, err);
}
