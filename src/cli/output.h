/*
 * output.h - records out as an aligned table, RFC 4180 CSV, a JSON array or
 * JSON lines (docs/formats.md 6).
 *
 * A command describes its columns once, then writes rows cell by cell.
 * Table output is buffered to align columns; the other formats stream.
 */
#ifndef CASES_CLI_OUTPUT_H
#define CASES_CLI_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

struct tz;

enum out_format {
	OUT_TABLE = 0,
	OUT_CSV,
	OUT_JSON,
	OUT_JSONL,
};

/* Parse table|csv|json|jsonl; CASES_EINVAL listing the choices. */
int out_format_parse(const char *s, int *format, char *err);
const char *out_format_name(int format);

enum col_type {
	COL_STR,  /* text */
	COL_INT,  /* integer */
	COL_TIME, /* instant: RFC 3339 UTC; in tables short local time
		     (timefmt_short), the zone named in the heading */
	COL_DUR,  /* seconds: integer; "2h 5m" in tables */
	COL_NUM,  /* a decimal number with one fraction digit */
};

/* Column flags. */
#define COL_NOTABLE   0x1  /* not shown in tables */
#define COL_ONLYTABLE 0x2  /* shown in tables only */
#define COL_SHRINK    0x4  /* truncated first when the table is too wide */
#define COL_RIGHT     0x8  /* right-aligned in tables */
#define COL_KEEP      0x10 /* never truncated nor dropped */
#define COL_REST      0x20 /* takes the width left over; truncated last */
#define COL_HASH      0x40 /* COL_INT: "#42" in tables */
#define COL_IFANY                                                              \
	0x80 /* in tables, unless --fields names it: shown
				only when a row has a value (not "-") */
/* The order in which a table too wide drops the column (1..15, highest
 * first; none: never), see below. */
#define COL_DROP(n)	   ((n) << 8)
#define COL_DROP_OF(flags) (((flags) >> 8) & 0xf)

/*
 * A table wider than the terminal gives way in this order: the COL_SHRINK
 * columns narrow (to 8 cells), then columns are dropped, highest
 * COL_DROP first, while the COL_REST column would get less than two
 * fifths of the width; then the COL_REST column narrows, then any but COL_KEEP ones.
 * Below OUT_BLOCK_COLS columns, a table with a COL_KEEP column becomes
 * one block of lines per record instead.
 */
struct out_col {
	const char *name;  /* JSON / CSV name (and --fields name) */
	const char *title; /* table heading */
	enum col_type type;
	int flags;
};

#define OUT_BLOCK_COLS 60

struct out;

/*
 * Start output of records with the given columns. single: the command is
 * about one record, so json prints one object instead of an array.
 * local: zone for table times. Returns NULL on out-of-memory.
 */
struct out *out_new(FILE *f, int format, const struct out_col *cols, int ncols,
		    int single, const struct tz *local);

/* Cells, in column order. NULL / CASE_NONE print as null / empty. */
void out_str(struct out *o, const char *s);
void out_int(struct out *o, int64_t v);
void out_time(struct out *o, int64_t t);
void out_dur(struct out *o, int64_t seconds);
void out_num(struct out *o, double v, int is_null);

/* errno of the last record or CSV row that could not be written (0:
 * none), for a caller whose fflush fails without saying why. */
int out_write_errno(void);

/* Does the view show the next cell? A cell it does not show is skipped
 * whatever is passed, so a caller may pass NULL rather than work it out. */
int out_next_shown(const struct out *o);

/* Colours for table cells: see out_set_color. */
enum out_color {
	OUT_PLAIN = 0,
	OUT_RED,
	OUT_YELLOW,
};

/* A text cell in a colour (tables only; other formats print it plain). */
void out_str_color(struct out *o, const char *s, int color);

/* The instant relative times are measured from (default 0). */
void out_set_now(struct out *o, int64_t now);
int64_t out_now(const struct out *o);

/* When to colour table cells: auto (default) when the output is a
 * terminal, $NO_COLOR is unset or empty and $TERM is not "dumb". */
enum out_color_mode {
	OUT_COLOR_AUTO = 0,
	OUT_COLOR_ALWAYS,
	OUT_COLOR_NEVER,
};
/* Parse auto|always|never; CASES_EINVAL listing the choices. */
int out_color_parse(const char *s, int *mode, char *err);
void out_set_color(struct out *o, int mode);

/* Table and CSV: print the heading line (default 1) or not. */
void out_set_headers(struct out *o, int on);

/*
 * Show only the columns named in fields ("number,sla_state,subject"), in
 * that order, whatever the format (table-only or record-only columns
 * included). Before the first cell. CASES_EINVAL naming the unknown one
 * and the choices.
 */
int out_select(struct out *o, const char *fields, char *err);

/* How many records were written so far. */
long out_rows(const struct out *o);

/* For json/jsonl: add "key": <raw JSON> to the current record before
 * out_row_end(). Ignored by table and csv. */
void out_raw(struct out *o, const char *key, const char *json);

void out_row_end(struct out *o);

/* Finish (flush the table, close the array) and free o. Returns CASES_OK,
 * or CASES_EIO if writing failed (e.g. a closed pipe or a full disk). */
int out_free(struct out *o);

/* Free o without writing anything more: for a failure found before any
 * row (a bad --fields), so that stdout stays empty. */
void out_discard(struct out *o);

/* Append s as a JSON string literal (with quotes) to f. */
void out_json_string(FILE *f, const char *s);

/* Write text for people to f: its RFC 3339 UTC instants
 * ("2026-11-26T10:00:00Z", as events' details hold them) as local times
 * in zone local, to the second (timefmt_local_sec), and what would control
 * a terminal as '?' (utf8_fputs_visible). */
void out_local_text(FILE *f, const char *text, const struct tz *local);

/* Columns of the terminal f writes to (its window's width, else $COLUMNS,
 * else 80), or 0 when f is not a terminal. */
int out_term_width(FILE *f);

/*
 * When f is stdout and a terminal: a stream to use instead of it, which
 * breaks every line wider than the terminal into rows that fit (at a blank
 * where it can, never inside a UTF-8 sequence or a grapheme; continuation
 * rows indented like the line), while *format is OUT_TABLE; record formats
 * go through unchanged. Otherwise f itself. Close the stream returned
 * (when it is not f) with fclose(), which writes what is left; write
 * errors set its error flag and errno, as a FILE's do.
 */
FILE *out_term_open(FILE *f, const int *format);

#endif
