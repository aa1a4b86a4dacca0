/*
 * output.c - tables, CSV, JSON and JSON lines.
 *
 * JSON strings are escaped per RFC 8259 (quotes, backslashes and every
 * control character); input text is valid UTF-8 (checked on the way in),
 * and any invalid byte that still reaches here is written as U+FFFD so the
 * output stays valid. CSV quotes a field when it holds a comma, quote, CR or
 * LF, doubling quotes (RFC 4180). Tables replace control characters with
 * '?' so a subject cannot move the cursor, and measure width in code points.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cases/case.h"
#include "cases/error.h"
#include "cases/timefmt.h"
#include "cases/utf8.h"
#include "output.h"

static const char *const format_names[] = { "table", "csv", "json", "jsonl" };

int
out_format_parse(const char *s, int *format, char *err)
{
	for (int i = 0; i < 4; i++) {
		if (strcmp(s, format_names[i]) == 0) {
			*format = i;
			return CASES_OK;
		}
	}
	if (strcmp(s, "text") == 0) { /* the table format's other name */
		*format = OUT_TABLE;
		return CASES_OK;
	}
	return cases_errf(err, CASES_EINVAL,
			  "unknown format '%s' (expected one of: table, csv, "
			  "json, jsonl)",
			  s);
}

const char *
out_format_name(int format)
{
	return format >= 0 && format < 4 ? format_names[format] : "?";
}

struct out {
	FILE *f;
	int format;
	const struct out_col *cols;
	int ncols;
	int single;
	const struct tz *local;
	int col;     /* next column of the current row */
	long nrows;  /* rows finished */
	int in_row;
	/* table: every cell (and its colour) kept until the end */
	char **cells;
	unsigned char *colors;
	size_t ncells, cap;
	int color_ok; /* a terminal, and $NO_COLOR unset */
	int next_color;
	int64_t now;
	int failed;
};

int
out_term_width(FILE *f)
{
	struct winsize ws;

	if (!isatty(fileno(f)))
		return 0;
	if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

struct out *
out_new(FILE *f, int format, const struct out_col *cols, int ncols,
	int single, const struct tz *local)
{
	struct out *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->f = f;
	o->format = format;
	o->cols = cols;
	o->ncols = ncols;
	o->single = single;
	o->local = local;
	if (format == OUT_TABLE) {
		const char *nc = getenv("NO_COLOR");
		o->color_ok = isatty(fileno(f)) && !(nc && *nc);
	}
	if (format == OUT_CSV) {
		int first = 1;
		for (int i = 0; i < ncols; i++) {
			if (cols[i].flags & COL_ONLYTABLE)
				continue;
			fprintf(f, "%s%s", first ? "" : ",", cols[i].name);
			first = 0;
		}
		fputs("\r\n", f);
	} else if (format == OUT_JSON && !single) {
		fputc('[', f);
	}
	return o;
}

/* Bytes that go out as they are: printable ASCII but '"' and '\\'. */
static int
json_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

void
out_json_string(FILE *f, const char *s)
{
	const char *p = s;
	size_t n = strlen(s);
	const char *end = s + n;

	fputc('"', f);
	while (p < end) {
		const char *run = p;
		unsigned char c;
		uint32_t cp;
		size_t k;

		/* The longest run of bytes that need no escape, in one write. */
		while (p < end) {
			c = (unsigned char)*p;
			if (json_plain(c)) {
				p++;
				continue;
			}
			if (c >= 0x80 && (k = utf8_decode(p, (size_t)(end - p),
							  &cp)) != 0) {
				p += k;
				continue;
			}
			break;
		}
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), f);
		if (p == end)
			break;
		c = (unsigned char)*p++;
		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		default:
			if (c >= 0x80)
				fputs("\\ufffd", f);
			else
				fprintf(f, "\\u%04x", c);
		}
	}
	fputc('"', f);
}

static void
csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

/* Keep a table cell: a copy with control characters made visible. */
static void
table_keep(struct out *o, const char *s)
{
	char *copy;

	if (o->ncells == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 64;
		char **more = realloc(o->cells, cap * sizeof(*more));
		if (!more) {
			o->failed = 1;
			return;
		}
		o->cells = more;
		unsigned char *cmore = realloc(o->colors, cap);
		if (!cmore) {
			o->failed = 1;
			return;
		}
		o->colors = cmore;
		o->cap = cap;
	}
	o->colors[o->ncells] = (unsigned char)o->next_color;
	o->next_color = OUT_PLAIN;
	copy = strdup(s ? s : "");
	if (!copy) {
		o->failed = 1;
		return;
	}
	for (char *p = copy; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	}
	o->cells[o->ncells++] = copy;
}

/* Begin the next cell; returns its column, or NULL if it is not shown. */
static const struct out_col *
next_col(struct out *o)
{
	const struct out_col *c;

	if (o->col >= o->ncols)
		return NULL;
	c = &o->cols[o->col++];
	if (o->format == OUT_TABLE) {
		if (c->flags & COL_NOTABLE)
			return NULL;
		return c;
	}
	if (c->flags & COL_ONLYTABLE)
		return NULL;
	if (!o->in_row) {
		if (o->format == OUT_JSON && !o->single && o->nrows)
			fputc(',', o->f);
		if (o->format != OUT_CSV)
			fputc('{', o->f);
		o->in_row = 1;
	} else {
		fputc(',', o->f);
	}
	if (o->format != OUT_CSV) {
		/* Column names are fixed ASCII identifiers: no escaping. */
		fputc('"', o->f);
		fputs(c->name, o->f);
		fputs("\":", o->f);
	}
	return c;
}

/* Write a cell already rendered: text for table/csv, json for json. */
static void
put_cell(struct out *o, const char *text, const char *json, int quote)
{
	switch (o->format) {
	case OUT_TABLE:
		table_keep(o, text);
		break;
	case OUT_CSV:
		csv_field(o->f, text ? text : "");
		break;
	default:
		if (!json)
			fputs("null", o->f);
		else if (quote)
			out_json_string(o->f, json);
		else
			fputs(json, o->f);
	}
}

void
out_str(struct out *o, const char *s)
{
	if (!next_col(o))
		return;
	put_cell(o, s ? s : o->format == OUT_TABLE ? "-" : "", s, 1);
}

void
out_str_color(struct out *o, const char *s, int color)
{
	o->next_color = color;
	out_str(o, s);
	o->next_color = OUT_PLAIN;
}

void
out_set_now(struct out *o, int64_t now)
{
	o->now = now;
}

int64_t
out_now(const struct out *o)
{
	return o->now;
}

void
out_int(struct out *o, int64_t v)
{
	char buf[32];

	if (!next_col(o))
		return;
	if (v == CASE_NONE) {
		put_cell(o, o->format == OUT_TABLE ? "-" : "", NULL, 0);
		return;
	}
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	put_cell(o, buf, buf, 0);
}

void
out_time(struct out *o, int64_t t)
{
	char buf[TIMEFMT_MAX];

	if (!next_col(o))
		return;
	if (t == CASE_NONE) {
		put_cell(o, o->format == OUT_TABLE ? "-" : "", NULL, 0);
		return;
	}
	if (o->format == OUT_TABLE && o->local)
		put_cell(o, timefmt_local(t, o->local, buf), NULL, 0);
	else
		put_cell(o, timefmt_rfc3339(t, buf), buf, 1);
}

void
out_dur(struct out *o, int64_t s)
{
	char buf[TIMEFMT_MAX];

	if (!next_col(o))
		return;
	if (s == CASE_NONE) {
		put_cell(o, o->format == OUT_TABLE ? "-" : "", NULL, 0);
		return;
	}
	if (o->format == OUT_TABLE) {
		put_cell(o, timefmt_duration(s, buf), NULL, 0);
		return;
	}
	snprintf(buf, sizeof(buf), "%lld", (long long)s);
	put_cell(o, buf, buf, 0);
}

void
out_num(struct out *o, double v, int is_null)
{
	char buf[64];

	if (!next_col(o))
		return;
	if (is_null || !isfinite(v)) {
		put_cell(o, o->format == OUT_TABLE ? "-" : "", NULL, 0);
		return;
	}
	snprintf(buf, sizeof(buf), "%.1f", v);
	put_cell(o, buf, buf, 0);
}

void
out_raw(struct out *o, const char *key, const char *json)
{
	if (o->format != OUT_JSON && o->format != OUT_JSONL)
		return;
	fputc(o->in_row ? ',' : '{', o->f);
	o->in_row = 1;
	out_json_string(o->f, key);
	fputc(':', o->f);
	fputs(json, o->f);
}

void
out_row_end(struct out *o)
{
	switch (o->format) {
	case OUT_TABLE:
		break;
	case OUT_CSV:
		fputs("\r\n", o->f);
		break;
	case OUT_JSON:
		fputc('}', o->f);
		if (o->single)
			fputc('\n', o->f);
		break;
	case OUT_JSONL:
		fputs("}\n", o->f);
		break;
	}
	o->col = 0;
	o->in_row = 0;
	o->nrows++;
}

/* Display width in code points (each counted as one column). */
static size_t
text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	}
	return w;
}

/* n spaces. */
static void
pad(FILE *f, size_t n)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		fwrite(spaces, 1, k, f);
		n -= k;
	}
}

/* Print s in exactly `width` columns, cutting with an ellipsis. */
static void
put_padded(FILE *f, const char *s, size_t width, int right, int last)
{
	size_t w = text_width(s);

	if (w > width) {
		size_t cols = 0;
		const char *p = s;
		while (*p && cols + 1 < width) {
			p++;
			while (((unsigned char)*p & 0xc0) == 0x80)
				p++;
			cols++;
		}
		fwrite(s, 1, (size_t)(p - s), f);
		if (width > 0)
			fputs("\u2026", f);
		return;
	}
	if (right)
		pad(f, width - w);
	fputs(s, f);
	if (!right && !last)
		pad(f, width - w);
}

static void
table_flush(struct out *o)
{
	int vis[64], nvis = 0;
	size_t width[64];
	size_t total = 0, nrows;
	int term = out_term_width(o->f);

	for (int i = 0; i < o->ncols && nvis < 64; i++) {
		if (!(o->cols[i].flags & COL_NOTABLE))
			vis[nvis++] = i;
	}
	if (nvis == 0)
		return;
	nrows = o->ncells / (size_t)nvis;
	for (int j = 0; j < nvis; j++)
		width[j] = text_width(o->cols[vis[j]].title);
	/* Row by row: the cells of a row were allocated together. */
	for (size_t r = 0; r < nrows; r++) {
		for (int j = 0; j < nvis; j++) {
			size_t w = text_width(o->cells[r * (size_t)nvis +
							(size_t)j]);
			if (w > width[j])
				width[j] = w;
		}
	}
	for (int j = 0; j < nvis; j++)
		total += width[j] + (j ? 2 : 0);
	/* Too wide for the terminal: shrink the shrinkable columns, first
	 * to 10 columns each, then as far as 4. */
	for (size_t min = 10; term > 0 && total > (size_t)term && min >= 4;
	     min -= 6) {
		/* Right to left: the subject, last, gives way first. */
		for (int j = nvis - 1; j >= 0 && total > (size_t)term; j--) {
			size_t excess = total - (size_t)term, cut;
			if (!(o->cols[vis[j]].flags & COL_SHRINK) ||
			    width[j] <= min)
				continue;
			cut = width[j] - min < excess ? width[j] - min : excess;
			width[j] -= cut;
			total -= cut;
		}
	}
	for (int j = 0; j < nvis; j++) {
		const struct out_col *c = &o->cols[vis[j]];
		if (j)
			fputs("  ", o->f);
		put_padded(o->f, c->title, width[j], c->flags & COL_RIGHT,
			   j == nvis - 1);
	}
	fputc('\n', o->f);
	for (size_t r = 0; r < nrows; r++) {
		for (int j = 0; j < nvis; j++) {
			const struct out_col *c = &o->cols[vis[j]];
			if (j)
				fputs("  ", o->f);
			size_t k = r * (size_t)nvis + (size_t)j;
			int color = o->color_ok ? o->colors[k] : OUT_PLAIN;
			if (color)
				fputs(color == OUT_RED ? "\033[31m" : "\033[33m",
				      o->f);
			put_padded(o->f, o->cells[k], width[j],
				   c->flags & COL_RIGHT,
				   j == nvis - 1 && !color);
			if (color)
				fputs("\033[0m", o->f);
		}
		fputc('\n', o->f);
	}
}

int
out_free(struct out *o)
{
	int rc = CASES_OK;

	if (!o)
		return CASES_ENOMEM;
	if (o->format == OUT_TABLE && o->nrows > 0)
		table_flush(o);
	else if (o->format == OUT_JSON && !o->single)
		fputs("]\n", o->f);
	else if (o->format == OUT_JSON && o->single && o->nrows == 0)
		fputs("null\n", o->f);
	for (size_t i = 0; i < o->ncells; i++)
		free(o->cells[i]);
	free(o->cells);
	free(o->colors);
	if (fflush(o->f) != 0 || ferror(o->f))
		rc = CASES_EIO;
	if (o->failed)
		rc = CASES_ENOMEM;
	free(o);
	return rc;
}
