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
#include <errno.h>
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
	int col;    /* next column of the current row */
	long nrows; /* rows finished */
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
	o->ncols = ncols;
	o->single = single;
	o->local = local;
	if (format == OUT_TABLE) {
		const char *nc = getenv("NO_COLOR");
		o->color_ok = out_term_width(f) > 0 && !(nc && *nc);
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
			if (c >= 0x80
			    && (k = utf8_decode(p, (size_t)(end - p), &cp))
				       != 0) {
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

/* Keep a table cell: a copy with terminal controls made visible. */
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
	utf8_sanitize(copy);
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

/*
 * Narrow the columns until the table fits in term cells: first the
 * shrinkable ones (right to left: the subject, last, gives way first), to
 * 10 cells, then to 4; then, widest first, any column as far as one cell.
 * A table that does not fit even then is left to the terminal to wrap.
 */
static void
fit_columns(const struct out *o, const int *vis, int nvis, size_t *width,
	    size_t term_w)
{
	static const size_t floors[] = { 10, 4 };
	size_t total = 0;

	for (int j = 0; j < nvis; j++)
		total += width[j] + (j ? 2 : 0);
	for (size_t f = 0; f < 2 && total > term_w; f++) {
		for (int j = nvis - 1; j >= 0 && total > term_w; j--) {
			size_t cut;
			if (!(o->cols[vis[j]].flags & COL_SHRINK)
			    || width[j] <= floors[f])
				continue;
			cut = width[j] - floors[f];
			if (cut > total - term_w)
				cut = total - term_w;
			width[j] -= cut;
			total -= cut;
		}
	}
	while (total > term_w) {
		int widest = -1;
		for (int j = nvis - 1; j >= 0; j--) {
			if (width[j] > 1
			    && (widest < 0 || width[j] > width[widest]))
				widest = j;
		}
		if (widest < 0)
			break;
		width[widest]--;
		total--;
	}
}

static void
table_flush(struct out *o)
{
	int vis[64], nvis = 0;
	size_t width[64];
	size_t nrows;
	int term_w = out_term_width(o->f);

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
			size_t w = text_width(
				o->cells[r * (size_t)nvis + (size_t)j]);
			if (w > width[j])
				width[j] = w;
		}
	}
	if (term_w > 0)
		fit_columns(o, vis, nvis, width, (size_t)term_w);
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
				fputs(color == OUT_RED ? "\033[31m"
						       : "\033[33m",
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
 * least one), and go on in a new row indented like the line. eol: the
 * line ends here (write it all, then a newline when eol is 1).
 */
static int
term_drain(struct term_out *t, int eol)
{
	for (;;) {
		size_t i = 0, w = t->col0, brk = 0, k, cw, end, next;
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
			if (t->buf[i] != ' ')
				content = 1;
			else if (content)
				brk = i;
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
		if (grow(&t->buf, &t->cap, t->len + seg) < 0) {
			errno = ENOMEM;
			return -1;
		}
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
