/*
 * output.c - tables, CSV, JSON and JSON lines; and the terminal.
 *
 * JSON strings are escaped per RFC 8259 (quotes, backslashes and every
 * control character); input text is valid UTF-8 (checked on the way in),
 * and any invalid byte that still reaches here is written as U+FFFD so the
 * output stays valid. CSV quotes a field when it holds a comma, quote, CR or
 * LF, doubling quotes (RFC 4180). Tables show what would control a
 * terminal (C0 and C1 controls, bidirectional overrides) as '?'
 * (utf8_sanitize), measure width in display cells (CJK two, combining marks
 * none) and cut cells at grapheme boundaries.
 *
 * On a terminal, text for people also goes through a line fitter
 * (out_term_open) that breaks any line wider than the window, so that no
 * command prints a line the terminal would wrap on its own.
 */
#define _GNU_SOURCE /* fopencookie */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cases/case.h"
#include "cases/error.h"
#include "cases/suggest.h"
#include "cases/timefmt.h"
#include "cases/tz.h"
#include "cases/jsonw.h"
#include "cases/utf8.h"
#include "output.h"

static const char *const format_names[] = { "table", "csv", "json", "jsonl" };

int
out_format_parse(const char *s, int *format, char *err)
{
	char dym[SUGGEST_PHRASE_MAX];

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
	return cases_errf(
		err, CASES_EINVAL,
		"unknown format '%s' (%sexpected one of: table, csv, "
		"json, jsonl)",
		s, suggest_phrase(suggest_nearest(s, format_names, 4), dym));
}

const char *
out_format_name(int format)
{
	return format >= 0 && format < 4 ? format_names[format] : "?";
}

/* One rendered cell: text for tables (owned: a table keeps its rows to
 * the end); for CSV and the records, the text or JSON the format prints
 * at off in the row's arena (struct out's line), none when null. */
struct cell {
	char *text;
	char *json; /* NULL: null */
	unsigned char quote, color;
	unsigned char null; /* CSV and records: the cell is null/empty */
	size_t off;
};

/* A growing byte buffer. */
struct sbuf {
	char *p;
	size_t n, cap;
	int failed;
};

/* An out_raw() member of the current record. */
struct raw {
	char *key, *json;
};

struct out {
	FILE *f;
	int format;
	const struct out_col *cols;
	int ncols;
	int single;
	const struct tz *local;
	/* The columns shown, in order (out_select, else by the format). */
	int view[64];
	int nview;
	int headers;
	int started;	  /* the heading (csv) or '[' (json) is out */
	int col;	  /* next column of the current row */
	long nrows;	  /* rows finished */
	struct cell *row; /* the current row, ncols cells */
	struct raw *raws;
	size_t nraws, capraws;
	/* table: every row's shown cells kept until the end */
	struct cell *cells;
	size_t ncells, cap;
	int color_mode;
	int next_color;
	int64_t now;
	int failed;
	/* The columns of the view: a cell no view shows is not rendered. */
	unsigned char shown[64];
	/* CSV and records: the current row's cells (arena) and the line
	 * being made of them, written in one fwrite. */
	struct sbuf arena, line;
	int werr;   /* errno of the first row that could not be written */
	int chosen; /* the view is out_select's */
};
/* errno of the last row of any out that could not be written: a stream
 * that failed may not fail again on fflush, and errno then says nothing
 * (out_write_errno). */
static int last_werr;

int
out_write_errno(void)
{
	return last_werr;
}

/* The one fitted terminal stream of the process (out_term_open). */
static FILE *term_stream;

/* Columns of the terminal on fd: the window's width, else $COLUMNS, else
 * 80; 0 when fd is not a terminal. */
static int
fd_term_width(int fd)
{
	struct winsize ws;
	const char *env;
	long n;
	char *end;

	if (fd < 0 || !isatty(fd))
		return 0;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	env = getenv("COLUMNS");
	if (env && *env) {
		n = strtol(env, &end, 10);
		if (!*end && n > 0 && n < 100000)
			return (int)n;
	}
	return 80;
}

int
out_term_width(FILE *f)
{
	if (term_stream && f == term_stream)
		return fd_term_width(STDOUT_FILENO);
	return fd_term_width(fileno(f));
}

static int
sb_grow(struct sbuf *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->failed)
		return -1;
	if (b->n + more <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < b->n + more)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->failed = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

static void
sb_put(struct sbuf *b, const char *s, size_t n)
{
	/* Nothing to copy: an empty buffer has no memory yet, and memcpy
	 * to NULL is undefined even for 0 bytes. */
	if (n == 0)
		return;
	if (sb_grow(b, n) == 0) {
		memcpy(b->p + b->n, s, n);
		b->n += n;
	}
}

static void
sb_puts(struct sbuf *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

static void
sb_putc(struct sbuf *b, char c)
{
	if (sb_grow(b, 1) == 0)
		b->p[b->n++] = c;
}

/* v in decimal into buf (at least 21 bytes); returns buf. */
static char *
fmt_int(int64_t v, char *buf)
{
	char tmp[24];
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	size_t n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[i++] = '-';
	while (n)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return buf;
}

/* Which columns the view shows. */
static void
set_shown(struct out *o)
{
	memset(o->shown, 0, sizeof(o->shown));
	for (int j = 0; j < o->nview; j++)
		o->shown[o->view[j]] = 1;
}

/* The default view of the format: every column it shows. */
static void
default_view(struct out *o)
{
	o->nview = 0;
	for (int i = 0; i < o->ncols && o->nview < 64; i++) {
		int fl = o->cols[i].flags;
		if (o->format == OUT_TABLE ? (fl & COL_NOTABLE)
					   : (fl & COL_ONLYTABLE))
			continue;
		o->view[o->nview++] = i;
	}
	set_shown(o);
}

struct out *
out_new(FILE *f, int format, const struct out_col *cols, int ncols, int single,
	const struct tz *local)
{
	struct out *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->f = f;
	o->format = format;
	o->cols = cols;
	o->ncols = ncols < 64 ? ncols : 64;
	o->single = single;
	o->local = local;
	o->headers = 1;
	o->row = calloc((size_t)o->ncols + 1, sizeof(*o->row));
	if (!o->row) {
		free(o);
		return NULL;
	}
	/* A cell the caller leaves out prints as null. */
	for (int i = 0; i <= o->ncols; i++)
		o->row[i].null = 1;
	default_view(o);
	return o;
}

int
out_color_parse(const char *s, int *mode, char *err)
{
	static const char *const names[] = { "auto", "always", "never" };

	for (int i = 0; i < 3; i++) {
		if (strcmp(s, names[i]) == 0) {
			*mode = i;
			return CASES_OK;
		}
	}
	return cases_errf(err, CASES_EINVAL,
			  "unknown --color '%s' (expected one of: auto, "
			  "always, never)",
			  s);
}

void
out_set_color(struct out *o, int mode)
{
	o->color_mode = mode;
}

void
out_set_headers(struct out *o, int on)
{
	o->headers = on;
}

long
out_rows(const struct out *o)
{
	return o->nrows;
}

/* Does column i's name belong to a column before it too? */
static int
shared_earlier(const struct out *o, int i)
{
	for (int j = 0; j < i; j++)
		if (strcmp(o->cols[j].name, o->cols[i].name) == 0)
			return 1;
	return 0;
}

int
out_select(struct out *o, const char *fields, char *err)
{
	const char *p = fields;
	char names[1024];
	size_t used = 0;

	o->nview = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		int found = -1;
		/* Two columns may share a name (one for tables, one for
		 * records): the one the format shows. */
		for (int i = 0; i < o->ncols; i++) {
			int fl = o->cols[i].flags;
			if (strlen(o->cols[i].name) != n
			    || memcmp(o->cols[i].name, p, n) != 0)
				continue;
			if (found < 0
			    || !(o->format == OUT_TABLE ? (fl & COL_NOTABLE)
							: (fl & COL_ONLYTABLE)))
				found = i;
		}
		if (found < 0 || o->nview == 64) {
			char word[SUGGEST_MAX], dym[SUGGEST_PHRASE_MAX];
			struct suggest sg;

			snprintf(word, sizeof(word), "%.*s",
				 (int)(n < 64 ? n : 64), p);
			suggest_init(&sg, word);
			names[0] = '\0';
			for (int i = 0; i < o->ncols; i++) {
				int w;

				/* A name two columns share, once. */
				if (shared_earlier(o, i))
					continue;
				suggest_add(&sg, o->cols[i].name);
				w = snprintf(names + used, sizeof(names) - used,
					     "%s%s", used ? ", " : "",
					     o->cols[i].name);
				if (w < 0 || (size_t)w >= sizeof(names) - used)
					break;
				used += (size_t)w;
			}
			default_view(o);
			return cases_errf(
				err, CASES_EINVAL,
				"unknown field '%s' (%sexpected one "
				"of: %s)",
				word, suggest_phrase(suggest_best(&sg), dym),
				names);
		}
		o->view[o->nview++] = found;
		p += n;
		if (*p == ',')
			p++;
	}
	if (o->nview == 0) {
		default_view(o);
		return cases_errf(err, CASES_EINVAL, "--fields names no field");
	}
	set_shown(o);
	o->chosen = 1;
	return CASES_OK;
}

/* Colours shown? */
static int
color_on(const struct out *o)
{
	const char *nc, *term;

	if (o->color_mode == OUT_COLOR_ALWAYS)
		return 1;
	if (o->color_mode == OUT_COLOR_NEVER)
		return 0;
	nc = getenv("NO_COLOR");
	term = getenv("TERM");
	return out_term_width(o->f) > 0 && !(nc && *nc)
	       && !(term && strcmp(term, "dumb") == 0);
}

/* s as a JSON string, quoted, onto b: the library's escaping (jsonw.h),
 * written in b's own memory (no copy). */
static void
json_string(struct sbuf *b, const char *s)
{
	struct jsonw w = {
		.p = b->p, .n = b->n, .cap = b->cap, .failed = b->failed
	};

	jsonw_str(&w, s);
	b->p = w.p;
	b->n = w.n;
	b->cap = w.cap;
	b->failed = w.failed;
}

void
out_json_string(FILE *f, const char *s)
{
	struct sbuf b = { 0 };

	json_string(&b, s);
	if (!b.failed)
		fwrite(b.p, 1, b.n, f);
	else
		fputs("null", f);
	free(b.p);
}

static void
csv_field(struct sbuf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		sb_puts(b, s);
		return;
	}
	sb_putc(b, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			sb_putc(b, '"');
		sb_putc(b, *p);
	}
	sb_putc(b, '"');
}

int
out_next_shown(const struct out *o)
{
	return o->col < o->ncols && o->shown[o->col];
}

/* Begin the next cell; returns its column (NULL past the last, or when
 * no view shows it: then nothing is rendered). */
static const struct out_col *
next_col(struct out *o)
{
	if (o->col >= o->ncols)
		return NULL;
	if (!o->shown[o->col]) {
		o->row[o->col].null = 1;
		o->col++;
		o->next_color = OUT_PLAIN;
		return NULL;
	}
	return &o->cols[o->col++];
}

/* Keep the cell of the column just begun: text for table/csv (table: with
 * terminal controls made visible), json (quoted when quote) for the
 * records. */
static void
put_cell(struct out *o, const char *text, const char *json, int quote)
{
	struct cell *c = &o->row[o->col - 1];

	if (o->format != OUT_TABLE) {
		/* CSV keeps the text, the records the JSON, in the arena. */
		const char *keep =
			o->format == OUT_CSV ? (text ? text : "") : json;
		c->quote = (unsigned char)quote;
		c->null = keep == NULL;
		o->next_color = OUT_PLAIN;
		if (keep) {
			c->off = o->arena.n;
			sb_put(&o->arena, keep, strlen(keep) + 1);
		}
		return;
	}
	free(c->text);
	free(c->json);
	c->text = strdup(text ? text : "");
	c->json = json ? strdup(json) : NULL;
	c->quote = (unsigned char)quote;
	c->color = (unsigned char)o->next_color;
	o->next_color = OUT_PLAIN;
	if (!c->text || (json && !c->json)) {
		o->failed = 1;
		return;
	}
	if (o->format == OUT_TABLE)
		utf8_sanitize(c->text);
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
	fmt_int(v, buf);
	if (o->format == OUT_TABLE && (o->cols[o->col - 1].flags & COL_HASH)) {
		char text[34];
		snprintf(text, sizeof(text), "#%s", buf);
		put_cell(o, text, buf, 0);
		return;
	}
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
		put_cell(o, timefmt_short(t, o->local, o->now, buf), NULL, 0);
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
	fmt_int(s, buf);
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
	struct raw *r;

	if (o->format != OUT_JSON && o->format != OUT_JSONL)
		return;
	if (o->nraws == o->capraws) {
		size_t cap = o->capraws ? o->capraws * 2 : 8;
		struct raw *more = realloc(o->raws, cap * sizeof(*more));
		if (!more) {
			o->failed = 1;
			return;
		}
		o->raws = more;
		o->capraws = cap;
	}
	r = &o->raws[o->nraws];
	r->key = strdup(key);
	r->json = strdup(json);
	if (!r->key || !r->json) {
		free(r->key);
		free(r->json);
		o->failed = 1;
		return;
	}
	o->nraws++;
}

/* The heading of CSV, the '[' of a JSON array: once, before any row. */
static void
start(struct out *o)
{
	if (o->started)
		return;
	o->started = 1;
	if (o->format == OUT_CSV && o->headers) {
		for (int j = 0; j < o->nview; j++)
			fprintf(o->f, "%s%s", j ? "," : "",
				o->cols[o->view[j]].name);
		fputs("\r\n", o->f);
	} else if (o->format == OUT_JSON && !o->single) {
		fputc('[', o->f);
	}
}

/* Keep the shown cells of a table row (moved from the row). */
static void
table_keep(struct out *o)
{
	if (o->ncells + (size_t)o->nview > o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 64;
		while (cap < o->ncells + (size_t)o->nview)
			cap *= 2;
		struct cell *more = realloc(o->cells, cap * sizeof(*more));
		if (!more) {
			o->failed = 1;
			return;
		}
		o->cells = more;
		o->cap = cap;
	}
	for (int j = 0; j < o->nview; j++) {
		struct cell *c = &o->row[o->view[j]];
		struct cell *k = &o->cells[o->ncells++];
		*k = *c;
		if (!k->text)
			k->text = strdup("");
		free(k->json);
		k->json = NULL;
		c->text = c->json = NULL;
		if (!k->text)
			o->failed = 1;
	}
}

static void
row_out(struct out *o)
{
	struct sbuf *b = &o->line;
	const char *arena = o->arena.p;

	start(o);
	if (o->format == OUT_TABLE) {
		table_keep(o);
		return;
	}
	if (o->arena.failed) {
		o->failed = 1;
		return;
	}
	if (o->format == OUT_JSON && !o->single && o->nrows)
		sb_putc(b, ',');
	if (o->format != OUT_CSV)
		sb_putc(b, '{');
	for (int j = 0; j < o->nview; j++) {
		const struct out_col *col = &o->cols[o->view[j]];
		const struct cell *c = &o->row[o->view[j]];
		const char *v = c->null ? NULL : arena + c->off;
		if (j)
			sb_putc(b, ',');
		if (o->format == OUT_CSV) {
			csv_field(b, v ? v : "");
			continue;
		}
		/* Column names are fixed ASCII identifiers: no escaping. */
		sb_putc(b, '"');
		sb_puts(b, col->name);
		sb_put(b, "\":", 2);
		if (!v)
			sb_put(b, "null", 4);
		else if (c->quote)
			json_string(b, v);
		else
			sb_puts(b, v);
	}
	for (size_t i = 0; i < o->nraws; i++) {
		if (o->nview || i)
			sb_putc(b, ',');
		json_string(b, o->raws[i].key);
		sb_putc(b, ':');
		sb_puts(b, o->raws[i].json);
	}
}

void
out_row_end(struct out *o)
{
	row_out(o);
	switch (o->format) {
	case OUT_TABLE:
		break;
	case OUT_CSV:
		sb_put(&o->line, "\r\n", 2);
		break;
	case OUT_JSON:
		sb_putc(&o->line, '}');
		if (o->single)
			sb_putc(&o->line, '\n');
		break;
	case OUT_JSONL:
		sb_put(&o->line, "}\n", 2);
		break;
	}
	if (o->line.failed)
		o->failed = 1;
	else if (o->line.n
		 && fwrite(o->line.p, 1, o->line.n, o->f) < o->line.n) {
		last_werr = errno ? errno : EIO;
		if (!o->werr)
			o->werr = last_werr;
	}
	o->line.n = 0;
	o->arena.n = 0;
	for (int i = 0; i < o->ncols; i++) {
		free(o->row[i].text);
		free(o->row[i].json);
		o->row[i] = (struct cell){ .null = 1 };
	}
	for (size_t i = 0; i < o->nraws; i++) {
		free(o->raws[i].key);
		free(o->raws[i].json);
	}
	o->nraws = 0;
	o->col = 0;
	o->nrows++;
}

/* Display width in terminal cells. */
static size_t
text_width(const char *s)
{
	return utf8_width(s, strlen(s));
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

/* Print s in exactly `width` cells (the last column unpadded), cutting it
 * at a grapheme boundary with an ellipsis when it is wider. */
static void
put_padded(FILE *f, const char *s, size_t width, int right, int last)
{
	size_t n = strlen(s), w = utf8_width(s, n), fw, k;

	if (w > width) {
		if (width == 0)
			return;
		k = utf8_fit(s, n, width - 1, &fw);
		fwrite(s, 1, k, f);
		fputs("\u2026", f);
		if (!last)
			pad(f, width - 1 - fw); /* a wide character that did
						 * not fit leaves a cell */
		return;
	}
	if (right)
		pad(f, width - w);
	fputs(s, f);
	if (!right && !last)
		pad(f, width - w);
}

/* The heading of column c: its title, and for local times the zone's
 * abbreviation at now ("DUE (EST)"), into buf. */
static const char *
col_title(const struct out *o, const struct out_col *c, char *buf, size_t n)
{
	const char *abbr = NULL;

	if (c->type != COL_TIME || !o->local)
		return c->title;
	tz_offset(o->local, o->now, &abbr);
	if (!abbr || !*abbr)
		abbr = tz_name(o->local);
	snprintf(buf, n, "%s (%s)", c->title, abbr);
	return buf;
}

/* Sum of the widths of the shown columns with their gaps. */
static size_t
total_width(const size_t *width, const int *on, int n)
{
	size_t total = 0;
	int k = 0;

	for (int j = 0; j < n; j++) {
		if (on[j])
			total += width[j] + (k++ ? 2 : 0);
	}
	return total;
}

/*
 * Fit the table in term cells (see struct out_col): width[] comes in as
 * each column's natural width and leaves as the one to print; on[j] comes
 * in as 1 for a column to show and leaves as 0 for a column dropped.
 */
static void
fit_columns(const struct out *o, size_t *width, int *on, size_t term_w)
{
	size_t nat[64], total;
	int n = o->nview, rest = -1;

	for (int j = 0; j < n; j++) {
		nat[j] = width[j];
		if (o->cols[o->view[j]].flags & COL_REST)
			rest = j;
	}
	if (total_width(width, on, n) <= term_w)
		return;
	/* The shrinkable columns to 8 cells, the rest to two fifths of the
	 * terminal for now (at least 10 cells). */
	for (int j = 0; j < n; j++) {
		int fl = o->cols[o->view[j]].flags;
		size_t floor = term_w * 2 / 5 > 10 ? term_w * 2 / 5 : 10;
		if ((fl & COL_SHRINK) && !(fl & COL_REST) && width[j] > 8)
			width[j] = 8;
		if (j == rest && width[j] > floor)
			width[j] = floor;
	}
	/* Drop columns, highest `drop` first, while it does not fit. */
	while (total_width(width, on, n) > term_w) {
		int worst = -1;
		for (int j = 0; j < n; j++) {
			int d = COL_DROP_OF(o->cols[o->view[j]].flags);
			if (on[j] && d > 0
			    && (worst < 0
				|| d > COL_DROP_OF(
					   o->cols[o->view[worst]].flags)))
				worst = j;
		}
		if (worst < 0)
			break;
		on[worst] = 0;
	}
	total = total_width(width, on, n);
	if (total <= term_w) {
		/* Room left: to the shrunk columns up to 20 cells, then to
		 * the rest column, then to the shrunk ones again. */
		for (int pass = 0; pass < 3; pass++) {
			for (int j = 0; j < n && total < term_w; j++) {
				size_t cap = pass == 0 ? 20 : nat[j], add;
				if (!on[j] || (pass == 1) != (j == rest))
					continue;
				if (cap > nat[j])
					cap = nat[j];
				if (width[j] >= cap)
					continue;
				add = cap - width[j];
				if (add > term_w - total)
					add = term_w - total;
				width[j] += add;
				total += add;
			}
		}
		return;
	}
	/* Still too wide: the rest column, then widest first any but the
	 * kept ones, down to one cell. */
	if (rest >= 0 && on[rest]) {
		size_t cut = width[rest] - 1;
		if (cut > total - term_w)
			cut = total - term_w;
		width[rest] -= cut;
		total -= cut;
	}
	while (total > term_w) {
		int widest = -1;
		for (int j = n - 1; j >= 0; j--) {
			if (on[j] && width[j] > 1
			    && !(o->cols[o->view[j]].flags & COL_KEEP)
			    && (widest < 0 || width[j] > width[widest]))
				widest = j;
		}
		if (widest < 0)
			break;
		width[widest]--;
		total--;
	}
}

/* Start a coloured cell; returns whether it did. */
static int
color_start(struct out *o, int color)
{
	if (!color)
		return 0;
	fputs(color == OUT_RED ? "\033[31m" : "\033[33m", o->f);
	return 1;
}

/*
 * A table for a narrow terminal: one block per record. Its first line is
 * the kept columns (number, state); then the rest column (the subject),
 * cut to fit; then the other columns' values, two blanks apart, cut to
 * fit; a blank line between blocks.
 */
static void
table_blocks(struct out *o, size_t nrows, size_t term_w)
{
	int n = o->nview, rest = -1, cl = color_on(o);

	for (int j = 0; j < n; j++) {
		if (o->cols[o->view[j]].flags & COL_REST)
			rest = j;
	}
	for (size_t r = 0; r < nrows; r++) {
		const struct cell *row = &o->cells[r * (size_t)n];
		size_t used = 0;
		int k = 0;
		char *line = NULL;
		size_t len = 0;
		FILE *m;

		if (r)
			fputc('\n', o->f);
		for (int j = 0; j < n; j++) {
			if (!(o->cols[o->view[j]].flags & COL_KEEP))
				continue;
			if (k++)
				fputs("  ", o->f);
			int c = color_start(o, cl ? row[j].color : 0);
			fputs(row[j].text, o->f);
			if (c)
				fputs("\033[0m", o->f);
			used += text_width(row[j].text) + (k > 1 ? 2 : 0);
		}
		if (k)
			fputc('\n', o->f);
		if (rest >= 0 && *row[rest].text) {
			fputs("  ", o->f);
			put_padded(o->f, row[rest].text, term_w - 2, 0, 1);
			fputc('\n', o->f);
		}
		m = open_memstream(&line, &len);
		if (!m) {
			o->failed = 1;
			return;
		}
		k = 0;
		for (int j = 0; j < n; j++) {
			int fl = o->cols[o->view[j]].flags;
			if ((fl & COL_KEEP) || j == rest
			    || strcmp(row[j].text, "-") == 0 || !*row[j].text)
				continue;
			fprintf(m, "%s%s", k++ ? "  " : "", row[j].text);
		}
		fclose(m);
		if (line && *line) {
			fputs("  ", o->f);
			put_padded(o->f, line, term_w - 2, 0, 1);
			fputc('\n', o->f);
		}
		free(line);
		(void)used;
	}
}

/* The width a table fits: the terminal's; else, in a pipe, $COLUMNS
 * when it is set (watch(1) sets it: `watch cases queue`); else none. */
static int
table_width(const struct out *o)
{
	int w = out_term_width(o->f);
	const char *env;
	char *end;
	long n;

	if (w > 0)
		return w;
	env = getenv("COLUMNS");
	if (!env || !*env)
		return 0;
	n = strtol(env, &end, 10);
	return !*end && n > 0 && n < 100000 ? (int)n : 0;
}

static void
table_flush(struct out *o)
{
	int n = o->nview, on[64], cl = color_on(o), keep = 0;
	size_t width[64], nrows;
	int term_w = table_width(o);
	char tbuf[64][64];
	const char *title[64];

	if (n == 0)
		return;
	nrows = o->ncells / (size_t)n;
	for (int j = 0; j < n; j++) {
		const struct out_col *c = &o->cols[o->view[j]];
		title[j] = col_title(o, c, tbuf[j], sizeof(tbuf[j]));
		width[j] = o->headers ? text_width(title[j]) : 0;
		on[j] = 1;
		keep |= (c->flags & COL_KEEP) != 0;
	}
	if (term_w > 0 && term_w < OUT_BLOCK_COLS && keep && n > 1) {
		table_blocks(o, nrows, (size_t)term_w);
		return;
	}
	/* A COL_IFANY column with no value in any row is left out. */
	for (int j = 0; j < n && !o->chosen; j++) {
		size_t r = 0;
		if (!(o->cols[o->view[j]].flags & COL_IFANY))
			continue;
		while (r < nrows
		       && (strcmp(o->cells[r * (size_t)n + (size_t)j].text, "-")
				   == 0
			   || !*o->cells[r * (size_t)n + (size_t)j].text))
			r++;
		on[j] = r < nrows;
	}
	/* Row by row: the cells of a row were kept together. */
	for (size_t r = 0; r < nrows; r++) {
		for (int j = 0; j < n; j++) {
			size_t w = text_width(
				o->cells[r * (size_t)n + (size_t)j].text);
			if (w > width[j])
				width[j] = w;
		}
	}
	if (term_w > 0)
		fit_columns(o, width, on, (size_t)term_w);
	int last = -1;
	for (int j = 0; j < n; j++) {
		if (on[j])
			last = j;
	}
	if (o->headers) {
		int k = 0;
		for (int j = 0; j < n; j++) {
			const struct out_col *c = &o->cols[o->view[j]];
			if (!on[j])
				continue;
			if (k++)
				fputs("  ", o->f);
			put_padded(o->f, title[j], width[j],
				   c->flags & COL_RIGHT, j == last);
		}
		fputc('\n', o->f);
	}
	for (size_t r = 0; r < nrows; r++) {
		int k = 0;
		for (int j = 0; j < n; j++) {
			const struct out_col *c = &o->cols[o->view[j]];
			size_t i = r * (size_t)n + (size_t)j;
			int colored;
			if (!on[j])
				continue;
			if (k++)
				fputs("  ", o->f);
			colored = color_start(o, cl ? o->cells[i].color : 0);
			put_padded(o->f, o->cells[i].text, width[j],
				   c->flags & COL_RIGHT, j == last && !colored);
			if (colored)
				fputs("\033[0m", o->f);
		}
		fputc('\n', o->f);
	}
}

/* Free what o holds, writing nothing. */
static void
release(struct out *o)
{
	for (size_t i = 0; i < o->ncells; i++) {
		free(o->cells[i].text);
		free(o->cells[i].json);
	}
	for (int i = 0; i < o->ncols; i++) {
		free(o->row[i].text);
		free(o->row[i].json);
	}
	for (size_t i = 0; i < o->nraws; i++) {
		free(o->raws[i].key);
		free(o->raws[i].json);
	}
	free(o->raws);
	free(o->row);
	free(o->cells);
	free(o->arena.p);
	free(o->line.p);
	free(o);
}

void
out_discard(struct out *o)
{
	if (o)
		release(o);
}

int
out_free(struct out *o)
{
	int rc = CASES_OK, e = 0;

	if (!o)
		return CASES_ENOMEM;
	if (o->format == OUT_TABLE && o->nrows > 0)
		table_flush(o);
	else if (o->format == OUT_CSV)
		start(o);
	else if (o->format == OUT_JSON && !o->single) {
		start(o);
		fputs("]\n", o->f);
	} else if (o->format == OUT_JSON && o->single && o->nrows == 0)
		fputs("null\n", o->f);
	if (fflush(o->f) != 0 || ferror(o->f)) {
		rc = CASES_EIO;
		/* Why the first row failed (the stream may not say again). */
		e = o->werr ? o->werr : errno;
	}
	if (o->failed)
		rc = CASES_ENOMEM;
	release(o);
	if (rc == CASES_EIO)
		errno = e;
	return rc;
}

/* The length of the RFC 3339 UTC instant "2026-11-26T10:00:00Z" that
 * events' details hold. */
#define UTC_LEN 20

/* Does s start with an instant like 2026-11-26T10:00:00Z? */
static int
utc_at(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";

	for (int i = 0; i < UTC_LEN; i++) {
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i])
				    : s[i] != shape[i])
			return 0;
	}
	return 1;
}

void
out_local_text(FILE *f, const char *d, const struct tz *local)
{
	char t[TIMEFMT_MAX], err[CASES_ERRMAX], *s = strdup(d);
	size_t len = strlen(d), from = 0;

	if (!s) {
		utf8_fputs_visible(d, f); /* the UTC times as they are */
		return;
	}
	/* The text between two instants is whole characters: an instant is
	 * ASCII. Each is cut off at its instant, printed, and the instant
	 * after it printed local. */
	for (size_t i = 0; i + UTC_LEN <= len; i++) {
		char c;
		int64_t at;
		int ok;

		if (!utc_at(s + i))
			continue;
		c = s[i + UTC_LEN];
		s[i + UTC_LEN] = '\0';
		ok = timefmt_parse_instant(s + i, NULL, &at, err) == CASES_OK;
		s[i + UTC_LEN] = c;
		if (!ok)
			continue;
		s[i] = '\0';
		utf8_fputs_visible(s + from, f);
		utf8_fputs_visible(timefmt_local_sec(at, local, t), f);
		from = i + UTC_LEN;
		i = from - 1;
	}
	utf8_fputs_visible(s + from, f);
	free(s);
}

/* ---- the terminal: no line wider than the window ---- */

struct term_out {
	int fd;
	size_t width;
	const int *format; /* fit while *format is OUT_TABLE */
	char *buf;	   /* the current line, from its current row on */
	size_t len, cap;
	size_t col0;   /* cells the current row holds before buf */
	size_t indent; /* blanks that start each continuation row */
	int cut;       /* the current line has been broken already */
	char *obuf;    /* rows ready for the terminal */
	size_t olen, ocap;
};

static int
grow(char **b, size_t *cap, size_t need)
{
	size_t cap2 = *cap ? *cap : 256;
	char *nb;

	if (need <= *cap)
		return 0;
	while (cap2 < need)
		cap2 *= 2;
	if (!(nb = realloc(*b, cap2)))
		return -1;
	*b = nb;
	*cap = cap2;
	return 0;
}

static int
emit(struct term_out *t, const char *s, size_t n)
{
	if (n == 0) /* the buffer may have no memory yet (see sb_put) */
		return 0;
	if (grow(&t->obuf, &t->ocap, t->olen + n) < 0)
		return -1;
	memcpy(t->obuf + t->olen, s, n);
	t->olen += n;
	return 0;
}

static int
emit_flush(struct term_out *t)
{
	size_t off = 0;

	while (off < t->olen) {
		ssize_t w = write(t->fd, t->obuf + off, t->olen - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			t->olen = 0;
			return -1;
		}
		off += (size_t)w;
	}
	t->olen = 0;
	return 0;
}

/* Bytes of the escape sequence (CSI: ESC [ params final) at s, which takes
 * no cell; 0 when s does not start one, or when it is incomplete and more
 * may come (*more). */
static size_t
csi_len(const char *s, size_t n, int *more)
{
	size_t i = 2;

	*more = 0;
	if (n < 1 || s[0] != '\033')
		return 0;
	if (n < 2) {
		*more = 1;
		return 0;
	}
	if (s[1] != '[')
		return 0;
	while (i < n
	       && !((unsigned char)s[i] >= 0x40 && (unsigned char)s[i] <= 0x7e))
		i++;
	if (i == n) {
		*more = 1;
		return 0;
	}
	return i + 1;
}

/*
 * Write out the rows of the buffered line that are complete: while its
 * text is wider than what is left of the row, break the row at the last
 * blank that fits (else after the last grapheme that fits; a row holds at
 * least one), and go on in a new row that starts under the line's last
 * column (the text after its last gap of two blanks or more, as in `show`'s
 * "key:   value" and event lines) while that leaves 20 cells, else under
 * the line's own indent. eol: the line ends here (write it all, then a
 * newline when eol is 1).
 */
#define HANG_MIN 20 /* cells a continuation row keeps for its text */

static int
term_drain(struct term_out *t, int eol)
{
	for (;;) {
		size_t i = 0, w = t->col0, brk = 0, k, cw, end, next;
		size_t blanks = 0, gutter = 0;
		int more, content = 0, over = 0;

		while (i < t->len) {
			k = csi_len(t->buf + i, t->len - i, &more);
			if (more && !eol)
				return 0; /* the rest of it comes later */
			if (k) {
				i += k;
				continue;
			}
			if (t->buf[i] == '\t') {
				k = 1;
				cw = 8 - w % 8;
			} else {
				k = utf8_cluster(t->buf + i, t->len - i, &cw);
			}
			/* The last cluster may grow with what comes next. */
			if (i + k == t->len && !eol)
				return 0;
			if (w + cw > t->width && i > 0) {
				over = 1;
				break;
			}
			if (t->buf[i] != ' ') {
				if (content && blanks >= 2)
					gutter = w;
				content = 1;
				blanks = 0;
			} else {
				/* A row ends before its blanks. */
				if (content && blanks == 0)
					brk = i;
				blanks++;
			}
			w += cw;
			i += k;
		}
		if (!over) {
			if (!eol)
				return 0;
			if (emit(t, t->buf, t->len) < 0
			    || (eol == 1 && emit(t, "\n", 1) < 0))
				return -1;
			t->len = 0;
			t->col0 = 0;
			t->cut = 0;
			return 0;
		}
		if (!t->cut) {
			/* Continuation rows line up with the line's text. */
			size_t b = 0;
			while (b < t->len && t->buf[b] == ' ')
				b++;
			if (gutter && gutter + HANG_MIN <= t->width)
				t->indent = gutter;
			else
				t->indent = b < t->width / 2 ? b : 0;
			t->cut = 1;
		}
		end = brk ? brk : i;
		next = end;
		while (next < t->len && t->buf[next] == ' ')
			next++;
		if (emit(t, t->buf, end) < 0 || emit(t, "\n", 1) < 0)
			return -1;
		memmove(t->buf, t->buf + next, t->len - next);
		t->len -= next;
		for (size_t b = 0; b < t->indent; b++)
			if (emit(t, " ", 1) < 0)
				return -1;
		t->col0 = t->indent;
	}
}

static ssize_t
term_write(void *cookie, const char *data, size_t n)
{
	struct term_out *t = cookie;
	size_t off = 0;
	int rc = 0;

	if (*t->format != OUT_TABLE && t->len == 0) {
		/* Records are written as they are. */
		if (emit(t, data, n) < 0 || emit_flush(t) < 0)
			return -1;
		return (ssize_t)n;
	}
	while (off < n && rc == 0) {
		const char *nl = memchr(data + off, '\n', n - off);
		size_t seg = nl ? (size_t)(nl - (data + off)) : n - off;
		if (seg && grow(&t->buf, &t->cap, t->len + seg) < 0) {
			errno = ENOMEM;
			return -1;
		}
		if (seg)
			memcpy(t->buf + t->len, data + off, seg);
		t->len += seg;
		off += seg + (nl ? 1 : 0);
		rc = term_drain(t, nl ? 1 : 0);
	}
	if (rc < 0 || emit_flush(t) < 0)
		return -1;
	return (ssize_t)n;
}

static int
term_close(void *cookie)
{
	struct term_out *t = cookie;
	int rc = 0;

	if (t->len > 0 && term_drain(t, 2) < 0)
		rc = -1;
	if (emit_flush(t) < 0)
		rc = -1;
	free(t->buf);
	free(t->obuf);
	free(t);
	term_stream = NULL;
	return rc;
}

FILE *
out_term_open(FILE *f, const int *format)
{
	cookie_io_functions_t io = { .write = term_write, .close = term_close };
	int width = fd_term_width(fileno(f));
	struct term_out *t;
	FILE *fit;

	if (width <= 0 || term_stream || fileno(f) != STDOUT_FILENO)
		return f;
	if (!(t = calloc(1, sizeof(*t))))
		return f;
	t->fd = fileno(f);
	t->width = (size_t)width;
	t->format = format;
	if (!(fit = fopencookie(t, "w", io))) {
		free(t);
		return f;
	}
	/* Line by line, as a terminal's stdout is: hooks that write to the
	 * terminal too come after the lines printed before them. */
	setvbuf(fit, NULL, _IOLBF, 0);
	fflush(f);
	term_stream = fit;
	return fit;
}
