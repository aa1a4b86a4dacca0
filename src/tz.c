/*
 * tz.c - IANA time zones read from the system's TZif files (RFC 8536).
 *
 * A loaded zone is one sorted table of transitions: those of the file's
 * 64-bit data block (the 32-bit block for version 1 files), followed by the
 * transitions that the POSIX TZ footer rule produces up to TZ_EXPAND_YEAR.
 * Conversions are a binary search over that table. Instants before the
 * table use time type 0 (RFC 8536 3.2), or the rule for a zone made of a
 * rule alone; instants after it are computed from the rule, which repeats
 * every 400 Gregorian years, so any int64 instant reduces to one period.
 *
 * Local to UTC: transition i happens at UTC instant at[i], when the offset
 * changes from before(i) to off[i]; on the old wall clock it is the local
 * time lkey[i] = at[i] + before(i). For local time L take the last i with
 * lkey[i] <= L: L - off[i] is the answer unless it lands before at[i], which
 * happens only inside a spring-forward gap, and then L - before(i) is. A
 * fall-back fold [at[i] + off[i], lkey[i]) still selects i - 1, so it
 * resolves to the first occurrence. Both cases use the offset in effect just
 * before the transition, as docs/deadlines.md 3 asks.
 *
 * The zone cache is a process-wide list and is not thread-safe.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cases/civil.h"
#include "cases/error.h"
#include "cases/suggest.h"
#include "cases/tz.h"

#define TZ_DEFAULT_DIR	   "/usr/share/zoneinfo"
#define TZ_EXPAND_YEAR	   2100	     /* footer transitions kept in the table */
#define TZ_RULE_FIRST_YEAR 1970	     /* expansion start, rule-only zones */
#define TZ_FILE_MAX	   (1 << 20) /* largest TZif file read */
#define TZ_NAME_MAX	   255	     /* longest zone name accepted */
#define TZ_ABBR_MAX	   31	     /* longest footer abbreviation */
#define TZ_PERIOD	   (146097LL * 86400) /* 400 Gregorian years in seconds */
#define TZ_MAX_TYPES	   256	  /* ttinfo entries allowed in a file */
#define TZ_MAX_TIMES	   100000 /* transitions allowed in a file */

struct tz_type {
	int32_t off;
	const char *abbr; /* points into the zone's chars or rule */
};

/* One end of a DST period in a POSIX TZ rule. */
struct tz_when {
	char kind;    /* 'J': Jn, 1..365 without Feb 29; 'n': 0..365; 'M' */
	int n;	      /* day for 'J' and 'n' */
	int mon;      /* 'M': month 1..12 */
	int week;     /* 'M': week 1..5, 5 = last */
	int wday;     /* 'M': 0 = Sunday */
	int32_t secs; /* local time of day, may be negative or > 24 h */
};

struct tz_rule {
	int32_t std_off; /* seconds east */
	int32_t dst_off;
	int has_dst;
	struct tz_when start; /* DST starts, in standard time */
	struct tz_when end;   /* DST ends, in daylight time */
	uint16_t std_type;    /* index into the zone's types */
	uint16_t dst_type;
	char std_abbr[TZ_ABBR_MAX + 1];
	char dst_abbr[TZ_ABBR_MAX + 1];
};

struct tz {
	char *name;
	size_t n;      /* transitions */
	int64_t *at;   /* UTC instant of each transition, ascending */
	int64_t *lkey; /* the same instant on the old local clock */
	int32_t *off;  /* offset in effect from at[i] */
	uint16_t *typ; /* type in effect from at[i] */
	struct tz_type *types;
	size_t ntypes;
	char *chars;	  /* the file's abbreviations, NUL-terminated */
	int32_t head_off; /* offset before at[0]: time type 0 */
	uint16_t head_type;
	int head_rule; /* the rule, not type 0, applies before at[0] */
	int has_rule;  /* the rule applies after at[n - 1] */
	struct tz_rule rule;
	struct tz *next; /* cache list */
};

static struct tz *cache;
/* The server loads zones from its worker and writer threads. */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static int64_t
sat_add(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

static int64_t
sat_sub(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_sub_overflow(a, b, &r))
		return b < 0 ? INT64_MAX : INT64_MIN;
	return r;
}

static int64_t
floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;

	return r < 0 ? r + b : r;
}

/* ---- POSIX TZ rules ---------------------------------------------------- */

static int
is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static int
is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
month_days(int64_t y, int m)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30,
				       31, 31, 30, 31, 30, 31 };

	return mdays[m - 1] + (m == 2 && is_leap(y));
}

/* Day number on which a rule date falls in year y. */
static int64_t
when_day(const struct tz_when *w, int64_t y)
{
	int64_t first, day;
	int wd, delta;

	switch (w->kind) {
	case 'J':
		day = civil_days(y, 1, 1) + w->n - 1;
		return day + (w->n >= 60 && is_leap(y));
	case 'n':
		return civil_days(y, 1, 1) + w->n;
	default:
		first = civil_days(y, w->mon, 1);
		wd = (civil_weekday(first) + 1) % 7; /* 0 = Sunday */
		delta = (w->wday - wd + 7) % 7;
		day = first + delta + (int64_t)(w->week - 1) * 7;
		while (day - first >= month_days(y, w->mon))
			day -= 7;
		return day;
	}
}

struct tz_event {
	int64_t at;
	int32_t off;
	uint16_t typ;
};

/* The start and end events of year y; returns the number written (2). */
static int
rule_events(const struct tz_rule *r, int64_t y, struct tz_event *ev)
{
	ev[0].at = when_day(&r->start, y) * 86400 + r->start.secs - r->std_off;
	ev[0].off = r->dst_off;
	ev[0].typ = r->dst_type;
	ev[1].at = when_day(&r->end, y) * 86400 + r->end.secs - r->dst_off;
	ev[1].off = r->std_off;
	ev[1].typ = r->std_type;
	return 2;
}

/* Stable insertion sort by instant: events generated in year order stay in
 * that order when they coincide, which makes all-year DST come out right. */
static void
sort_events(struct tz_event *ev, size_t n)
{
	size_t i, j;
	struct tz_event e;

	for (i = 1; i < n; i++) {
		e = ev[i];
		for (j = i; j > 0 && ev[j - 1].at > e.at; j--)
			ev[j] = ev[j - 1];
		ev[j] = e;
	}
}

/* Events of the years around instant t (0 <= t < TZ_PERIOD), sorted. */
static void
rule_window(const struct tz_rule *r, int64_t t, struct tz_event ev[6])
{
	int64_t y;
	int m, d;

	civil_from_days(t / 86400, &y, &m, &d);
	rule_events(r, y - 1, ev);
	rule_events(r, y, ev + 2);
	rule_events(r, y + 1, ev + 4);
	sort_events(ev, 6);
}

/* Offset of the rule at UTC instant t. */
static int32_t
rule_offset(const struct tz_rule *r, int64_t t, uint16_t *typ)
{
	struct tz_event ev[6];
	int i;

	if (!r->has_dst) {
		*typ = r->std_type;
		return r->std_off;
	}
	t = floor_mod(t, TZ_PERIOD);
	rule_window(r, t, ev);
	for (i = 5; i >= 0; i--) {
		if (ev[i].at <= t) {
			*typ = ev[i].typ;
			return ev[i].off;
		}
	}
	/* Unreachable for real rules: the window spans three years. */
	*typ = ev[0].typ == r->dst_type ? r->std_type : r->dst_type;
	return ev[0].off == r->dst_off ? r->std_off : r->dst_off;
}

/* Offset to subtract from local time `local` under the rule alone. */
static int32_t
rule_utc_offset(const struct tz_rule *r, int64_t local)
{
	struct tz_event ev[6];
	int32_t before;
	int64_t l;
	int i;

	if (!r->has_dst)
		return r->std_off;
	l = floor_mod(local, TZ_PERIOD);
	rule_window(r, l, ev);
	for (i = 5; i >= 0; i--) {
		before = i > 0 ? ev[i - 1].off
			       : (ev[0].off == r->dst_off ? r->std_off
							  : r->dst_off);
		if (ev[i].at + before <= l) {
			if (l - ev[i].off < ev[i].at)
				return before;
			return ev[i].off;
		}
	}
	return ev[0].off == r->dst_off ? r->std_off : r->dst_off;
}

/* Parse an abbreviation: <...> quoted, or three or more letters. */
static const char *
parse_abbr(const char *s, char *out)
{
	size_t n = 0;

	if (*s == '<') {
		s++;
		while (*s && *s != '>') {
			if (!is_alnum(*s) && *s != '+' && *s != '-')
				return NULL;
			if (n == TZ_ABBR_MAX)
				return NULL;
			out[n++] = *s++;
		}
		if (*s != '>')
			return NULL;
		s++;
	} else {
		while (is_alpha(*s)) {
			if (n == TZ_ABBR_MAX)
				return NULL;
			out[n++] = *s++;
		}
	}
	if (n < 3)
		return NULL;
	out[n] = '\0';
	return s;
}

static const char *
parse_num(const char *s, int max, int *out)
{
	int v = 0;

	if (*s < '0' || *s > '9')
		return NULL;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (*s++ - '0');
		if (v > max)
			return NULL;
	}
	*out = v;
	return s;
}

/* [+-]hh[:mm[:ss]] with hh <= maxh; *out in seconds, signed as written. */
static const char *
parse_hms(const char *s, int maxh, int32_t *out)
{
	int sign = 1, h, m = 0, sec = 0;

	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	if (!(s = parse_num(s, maxh, &h)))
		return NULL;
	if (*s == ':') {
		if (!(s = parse_num(s + 1, 59, &m)))
			return NULL;
		if (*s == ':' && !(s = parse_num(s + 1, 59, &sec)))
			return NULL;
	}
	*out = sign * (h * 3600 + m * 60 + sec);
	return s;
}

static const char *
parse_when(const char *s, struct tz_when *w)
{
	w->secs = 7200;
	if (*s == 'J') {
		w->kind = 'J';
		if (!(s = parse_num(s + 1, 365, &w->n)) || w->n < 1)
			return NULL;
	} else if (*s == 'M') {
		w->kind = 'M';
		if (!(s = parse_num(s + 1, 12, &w->mon)) || w->mon < 1)
			return NULL;
		if (*s++ != '.' || !(s = parse_num(s, 5, &w->week))
		    || w->week < 1)
			return NULL;
		if (*s++ != '.' || !(s = parse_num(s, 6, &w->wday)))
			return NULL;
	} else {
		w->kind = 'n';
		if (!(s = parse_num(s, 365, &w->n)))
			return NULL;
	}
	if (*s == '/')
		s = parse_hms(s + 1, 167, &w->secs);
	return s;
}

/*
 * Parse a POSIX TZ string such as "EST5EDT,M3.2.0,M11.1.0" into r (type
 * indices are left for the caller). A DST name without rules gets the US
 * rules, as glibc does. Returns 0 on success, -1 on a syntax error.
 */
static int
parse_rule(const char *s, struct tz_rule *r)
{
	int32_t v;

	memset(r, 0, sizeof(*r));
	if (!(s = parse_abbr(s, r->std_abbr)) || !(s = parse_hms(s, 24, &v)))
		return -1;
	r->std_off = -v;
	if (*s == '\0')
		return 0;
	if (!(s = parse_abbr(s, r->dst_abbr)))
		return -1;
	r->has_dst = 1;
	r->dst_off = r->std_off + 3600;
	if (*s != ',' && *s != '\0') {
		if (!(s = parse_hms(s, 24, &v)))
			return -1;
		r->dst_off = -v;
	}
	if (*s == '\0') {
		s = "M3.2.0,M11.1.0";
	} else if (*s++ != ',') {
		return -1;
	}
	if (!(s = parse_when(s, &r->start)) || *s++ != ',')
		return -1;
	if (!(s = parse_when(s, &r->end)) || *s != '\0')
		return -1;
	return 0;
}

/* ---- zones ------------------------------------------------------------- */

static void
tz_release(struct tz *z)
{
	if (!z)
		return;
	free(z->name);
	free(z->at);
	free(z->lkey);
	free(z->off);
	free(z->typ);
	free(z->types);
	free(z->chars);
	free(z);
}

void
tz_free(struct tz *zone)
{
	tz_release(zone);
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8
	       | (uint32_t)p[3];
}

static int64_t
be64(const unsigned char *p)
{
	uint64_t v = (uint64_t)be32(p) << 32 | be32(p + 4);

	/* Two's complement without implementation-defined conversion. */
	if (v <= (uint64_t)INT64_MAX)
		return (int64_t)v;
	return -(int64_t)(~v) - 1;
}

static int64_t
be32s(const unsigned char *p)
{
	uint32_t v = be32(p);

	return v <= (uint32_t)INT32_MAX ? (int64_t)v : -(int64_t)(~v) - 1;
}

struct tzif_counts {
	uint32_t isut, isstd, leap, time, type, chr;
};

static int
read_counts(const unsigned char *p, struct tzif_counts *c)
{
	c->isut = be32(p + 20);
	c->isstd = be32(p + 24);
	c->leap = be32(p + 28);
	c->time = be32(p + 32);
	c->type = be32(p + 36);
	c->chr = be32(p + 40);
	if (c->type == 0 || c->type > TZ_MAX_TYPES || c->chr == 0
	    || c->time > TZ_MAX_TIMES || (c->isut && c->isut != c->type)
	    || (c->isstd && c->isstd != c->type))
		return -1;
	return 0;
}

static uint64_t
block_len(const struct tzif_counts *c, unsigned tsize)
{
	return (uint64_t)c->time * tsize + c->time + (uint64_t)c->type * 6
	       + c->chr + (uint64_t)c->leap * (tsize + 4) + c->isstd + c->isut;
}

/* Allocate room for n transitions. */
static int
alloc_table(struct tz *z, size_t n)
{
	size_t k = n ? n : 1;

	z->at = malloc(k * sizeof(*z->at));
	z->lkey = malloc(k * sizeof(*z->lkey));
	z->off = malloc(k * sizeof(*z->off));
	z->typ = malloc(k * sizeof(*z->typ));
	return z->at && z->lkey && z->off && z->typ ? 0 : -1;
}

/*
 * Append the rule's transitions after the file's, up to TZ_EXPAND_YEAR, and
 * fill lkey. `from` is the first year to generate.
 */
static int
expand_rule(struct tz *z, int64_t from)
{
	struct tz_event *ev;
	size_t nev = 0, i, n;
	int64_t y, last;
	void *p;

	if (!z->has_rule || !z->rule.has_dst || from > TZ_EXPAND_YEAR)
		return 0;
	if (from < TZ_RULE_FIRST_YEAR - 1)
		from = TZ_RULE_FIRST_YEAR - 1;
	ev = malloc((size_t)(TZ_EXPAND_YEAR - from + 1) * 2 * sizeof(*ev));
	if (!ev)
		return -1;
	for (y = from; y <= TZ_EXPAND_YEAR; y++)
		nev += (size_t)rule_events(&z->rule, y, ev + nev);
	sort_events(ev, nev);
	last = z->n ? z->at[z->n - 1] : INT64_MIN;
	n = z->n;
	for (i = 0; i < nev; i++)
		if (ev[i].at > last)
			n++;
	if (n > z->n) {
		if (!(p = realloc(z->at, n * sizeof(*z->at))))
			goto fail;
		z->at = p;
		if (!(p = realloc(z->lkey, n * sizeof(*z->lkey))))
			goto fail;
		z->lkey = p;
		if (!(p = realloc(z->off, n * sizeof(*z->off))))
			goto fail;
		z->off = p;
		if (!(p = realloc(z->typ, n * sizeof(*z->typ))))
			goto fail;
		z->typ = p;
		for (i = 0; i < nev; i++) {
			if (ev[i].at <= last)
				continue;
			z->at[z->n] = ev[i].at;
			z->off[z->n] = ev[i].off;
			z->typ[z->n] = ev[i].typ;
			z->n++;
		}
	}
	free(ev);
	return 0;
fail:
	free(ev);
	return -1;
}

static void
fill_keys(struct tz *z)
{
	size_t i;

	for (i = 0; i < z->n; i++)
		z->lkey[i] = sat_add(z->at[i], i ? z->off[i - 1] : z->head_off);
}

/*
 * Add the rule's two types to the zone and, when there are no file
 * transitions, let the rule govern all time (RFC 8536 3.3).
 */
static int
add_rule_types(struct tz *z)
{
	struct tz_type *t;

	t = realloc(z->types, (z->ntypes + 2) * sizeof(*t));
	if (!t)
		return -1;
	z->types = t;
	z->rule.std_type = (uint16_t)z->ntypes;
	t[z->ntypes].off = z->rule.std_off;
	t[z->ntypes++].abbr = z->rule.std_abbr;
	z->rule.dst_type = (uint16_t)z->ntypes;
	t[z->ntypes].off = z->rule.dst_off;
	t[z->ntypes++].abbr =
		z->rule.has_dst ? z->rule.dst_abbr : z->rule.std_abbr;
	return 0;
}

/* Offsets must be within a day or so (RFC 8536: -89999..93599). */
static int
offset_ok(int64_t off)
{
	return off >= -89999 && off <= 93599;
}

int
tz_parse_tzif(const unsigned char *buf, size_t len, const char *name,
	      struct tz **out, char *err)
{
	struct tzif_counts c;
	struct tz *z = NULL;
	const unsigned char *p, *ttimes, *tidx, *ttinfo, *tchars, *end;
	const char *why = "truncated";
	unsigned tsize = 4;
	uint64_t need;
	size_t i;
	char footer[256];

	*out = NULL;
	if (len < 44 || memcmp(buf, "TZif", 4) != 0) {
		why = "not a TZif file";
		goto bad;
	}
	if (read_counts(buf, &c) < 0) {
		why = "bad header";
		goto bad;
	}
	p = buf + 44;
	need = block_len(&c, 4);
	if (need > len - 44)
		goto bad;
	if (buf[4] >= '2') {
		/* Skip the version 1 block and use the 64-bit one. */
		p += need;
		if ((size_t)(p - buf) > len - 44 || memcmp(p, "TZif", 4) != 0)
			goto bad;
		if (read_counts(p, &c) < 0) {
			why = "bad header";
			goto bad;
		}
		p += 44;
		tsize = 8;
		need = block_len(&c, 8);
		if (need > len - (size_t)(p - buf))
			goto bad;
	}
	if (c.leap) {
		why = "leap seconds are not supported";
		goto bad;
	}
	ttimes = p;
	tidx = ttimes + (size_t)c.time * tsize;
	ttinfo = tidx + c.time;
	tchars = ttinfo + (size_t)c.type * 6;
	end = p + need;

	if (!(z = calloc(1, sizeof(*z))) || !(z->name = strdup(name)))
		goto nomem;
	if (!(z->types = malloc(c.type * sizeof(*z->types)))
	    || !(z->chars = malloc(c.chr + 1)))
		goto nomem;
	memcpy(z->chars, tchars, c.chr);
	z->chars[c.chr] = '\0';
	z->ntypes = c.type;
	for (i = 0; i < c.type; i++) {
		const unsigned char *e = ttinfo + i * 6;
		int64_t off = be32s(e);

		if (!offset_ok(off) || e[4] > 1 || e[5] >= c.chr) {
			why = "bad time type";
			goto bad;
		}
		z->types[i].off = (int32_t)off;
		z->types[i].abbr = z->chars + e[5];
	}
	if (alloc_table(z, c.time) < 0)
		goto nomem;
	for (i = 0; i < c.time; i++) {
		int64_t t = tsize == 8 ? be64(ttimes + i * 8)
				       : be32s(ttimes + i * 4);

		if (tidx[i] >= c.type || (i > 0 && t <= z->at[i - 1])) {
			why = "bad transition";
			goto bad;
		}
		z->at[i] = t;
		z->typ[i] = tidx[i];
		z->off[i] = z->types[tidx[i]].off;
	}
	z->n = c.time;
	z->head_type = 0;
	z->head_off = z->types[0].off;

	if (tsize == 8) {
		const unsigned char *nl;
		size_t flen;

		if (end >= buf + len || *end != '\n') {
			why = "missing footer";
			goto bad;
		}
		nl = memchr(end + 1, '\n', len - (size_t)(end + 1 - buf));
		flen = nl ? (size_t)(nl - end - 1) : 0;
		if (!nl || flen >= sizeof(footer)
		    || memchr(end + 1, '\0', flen)) {
			why = "bad footer";
			goto bad;
		}
		memcpy(footer, end + 1, flen);
		footer[flen] = '\0';
		if (flen > 0) {
			if (parse_rule(footer, &z->rule) < 0) {
				why = "bad footer";
				goto bad;
			}
			z->has_rule = 1;
			z->head_rule = z->n == 0;
			if (add_rule_types(z) < 0)
				goto nomem;
		}
	}
	if (z->has_rule) {
		int64_t y = TZ_RULE_FIRST_YEAR;
		int m, d;

		if (z->n > 0)
			civil_from_days(z->at[z->n - 1] / 86400, &y, &m, &d);
		if (expand_rule(z, y - 1) < 0)
			goto nomem;
	}
	fill_keys(z);
	*out = z;
	return CASES_OK;
nomem:
	tz_release(z);
	return cases_errf(err, CASES_ENOMEM, "out of memory");
bad:
	tz_release(z);
	return cases_errf(err, CASES_EINVAL,
			  "invalid time zone data for '%s' (%s)", name, why);
}

/* A zone named `name` from a POSIX TZ string alone, such as
 * "EST5EDT,M3.2.0,M11.1.0". */
static int
parse_posix_zone(const char *s, const char *name, struct tz **out)
{
	struct tz *z;

	*out = NULL;
	if (!(z = calloc(1, sizeof(*z))))
		return CASES_ENOMEM;
	if (parse_rule(s, &z->rule) < 0) {
		free(z);
		return CASES_EINVAL;
	}
	z->has_rule = 1;
	z->head_rule = 1;
	if (!(z->name = strdup(name)) || add_rule_types(z) < 0
	    || alloc_table(z, 0) < 0
	    || expand_rule(z, TZ_RULE_FIRST_YEAR) < 0) {
		tz_release(z);
		return CASES_ENOMEM;
	}
	z->head_off = z->rule.std_off;
	z->head_type = z->rule.std_type;
	fill_keys(z);
	*out = z;
	return CASES_OK;
}

static int
name_ok(const char *name)
{
	const char *s;

	if (!*name || *name == '/' || strlen(name) > TZ_NAME_MAX
	    || strstr(name, ".."))
		return 0;
	for (s = name; *s; s++) {
		if (!is_alnum(*s) && !strchr("/_+-", *s))
			return 0;
	}
	return 1;
}

/* Why a zone file could not be read: an errno value, or one of these. */
#define NOT_REGULAR (-1) /* a FIFO, a device, a folder... */
#define TOO_LARGE   (-2)

/*
 * Read a regular file of at most TZ_FILE_MAX bytes; *buf is the caller's.
 * Returns 0, or why not (an errno value, NOT_REGULAR, TOO_LARGE). The file
 * is opened without blocking and checked before it is read: opening a FIFO
 * for reading would otherwise wait for a writer forever.
 */
static int
read_file(const char *path, unsigned char **buf, size_t *len)
{
	struct stat st;
	unsigned char *b = NULL;
	size_t n = 0;
	ssize_t r;
	int fd, rc;

	*buf = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) < 0)
		return errno ? errno : EIO;
	if (fstat(fd, &st) < 0) {
		rc = errno ? errno : EIO;
		goto out;
	}
	rc = S_ISDIR(st.st_mode)    ? ENOENT /* a region, like "America" */
	     : !S_ISREG(st.st_mode) ? NOT_REGULAR
	     : st.st_size < 0 || st.st_size > TZ_FILE_MAX ? TOO_LARGE
							  : 0;
	if (rc)
		goto out;
	rc = ENOMEM;
	if (!(b = malloc((size_t)st.st_size + 1)))
		goto out;
	while (n < (size_t)st.st_size) {
		r = read(fd, b + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	*buf = b;
	*len = n;
	b = NULL;
	rc = 0;
out:
	free(b);
	close(fd);
	return rc;
}

/* " (why)" for a zone file that could not be read, "" when it is absent. */
static const char *
read_why(int why, char *buf, size_t n)
{
	switch (why) {
	case 0:
	case ENOENT:
	case ENOTDIR:
		return "";
	case NOT_REGULAR:
		return " (not a regular file)";
	case TOO_LARGE:
		return " (larger than a time zone file can be)";
	}
	snprintf(buf, n, " (%s)", strerror(why));
	return buf;
}

static const struct tz *
find_locked(const char *name)
{
	const struct tz *z;

	for (z = cache; z; z = z->next)
		if (strcmp(z->name, name) == 0)
			return z;
	return NULL;
}

static const struct tz *
cache_find(const char *name)
{
	const struct tz *z;

	pthread_mutex_lock(&cache_lock);
	z = find_locked(name);
	pthread_mutex_unlock(&cache_lock);
	return z;
}

/* Cache z, unless another thread cached its name meanwhile: then z is
 * freed and the cached one returned. */
static const struct tz *
cache_add(struct tz *z)
{
	const struct tz *had;

	pthread_mutex_lock(&cache_lock);
	had = find_locked(z->name);
	if (!had) {
		z->next = cache;
		cache = z;
	}
	pthread_mutex_unlock(&cache_lock);
	if (had)
		tz_release(z);
	return had ? had : z;
}

/* Load the TZif file at path under zone name `name`, uncached; *why is
 * why it could not be read (see read_file), 0 when it was. */
static int
load_path(const char *path, const char *name, struct tz **out, int *why,
	  char *err)
{
	unsigned char *buf;
	size_t len;
	int rc;

	*why = read_file(path, &buf, &len);
	if (*why)
		return *why == ENOMEM ? CASES_ENOMEM : CASES_EINVAL;
	rc = tz_parse_tzif(buf, len, name, out, err);
	free(buf);
	return rc;
}

/*
 * " (did you mean 'X'?)" when a zone that tzdata lists ($TZDIR/tzdata.zi:
 * "Z NAME ..." zones and "L TARGET NAME" links) is near name, else "".
 * Read only on this error path, and as any zone file is (never blocks on
 * a FIFO, bounded in size).
 */
static const char *
near_zone(const char *dir, const char *name, char *buf, size_t n)
{
	char path[PATH_MAX], cand[SUGGEST_MAX];
	unsigned char *text;
	const char *near;
	struct suggest sg;
	size_t len, i = 0;

	buf[0] = '\0';
	if ((size_t)snprintf(path, sizeof(path), "%s/tzdata.zi", dir)
		    >= sizeof(path)
	    || read_file(path, &text, &len) != 0)
		return buf;
	suggest_init(&sg, name);
	while (i < len) {
		size_t end = i, k = 0, at;

		while (end < len && text[end] != '\n')
			end++;
		if (end - i > 2 && (text[i] == 'Z' || text[i] == 'L')
		    && text[i + 1] == ' ') {
			at = i + 2;
			if (text[i] == 'L') {
				/* The link's own name is its second word. */
				while (at < end && text[at] != ' ')
					at++;
				at++;
			}
			while (at < end && text[at] != ' '
			       && k < sizeof(cand) - 1)
				cand[k++] = (char)text[at++];
			cand[k] = '\0';
			if (k)
				suggest_add(&sg, cand);
		}
		i = end + 1;
	}
	free(text);
	if ((near = suggest_best(&sg)))
		snprintf(buf, n, " (did you mean '%s'?)", near);
	return buf;
}

int
tz_load(const char *name, const struct tz **out, char *err)
{
	const char *dir = NULL;
	char path[PATH_MAX], why_buf[128];
	struct tz *z;
	int rc, why = 0;

	*out = NULL;
	if ((*out = cache_find(name)))
		return CASES_OK;
	if (!name_ok(name))
		goto unknown;
	dir = getenv("TZDIR");
	if (!dir || !*dir)
		dir = TZ_DEFAULT_DIR;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name)
	    >= sizeof(path))
		goto unknown;
	rc = load_path(path, name, &z, &why, err);
	if (rc == CASES_ENOMEM)
		return cases_errf(err, rc, "out of memory");
	if (rc != CASES_OK)
		goto unknown;
	*out = cache_add(z);
	return CASES_OK;
unknown:
	if (why == 0 || why == ENOENT || why == ENOTDIR) {
		char near[SUGGEST_MAX + 32];

		/* A name refused before the folder was looked up. */
		if (!dir)
			dir = getenv("TZDIR");
		if (!dir || !*dir)
			dir = TZ_DEFAULT_DIR;
		return cases_errf(err, CASES_EINVAL, "unknown time zone '%s'%s",
				  name,
				  near_zone(dir, name, near, sizeof(near)));
	}
	return cases_errf(err, CASES_EINVAL, "unknown time zone '%s'%s", name,
			  read_why(why, why_buf, sizeof(why_buf)));
}

/*
 * Abbreviations people type for a zone, the zone most likely meant and
 * the standard offset in hours (TZ_NO_FIXED: not a whole hour, no
 * Etc/GMT file). EST, MST, HST, CET, EET, WET and MET are also legacy
 * tzdata files, fixed offsets or rules that are not any place's: refused
 * all the same (issue 15, docs/domain.md 7.3).
 */
#define TZ_NO_FIXED 99
static const struct {
	const char *abbr, *zone;
	int hours;
} tz_abbrs[] = {
	{ "EST", "America/New_York", -5 },
	{ "EDT", "America/New_York", -4 },
	{ "CST", "America/Chicago", -6 },
	{ "CDT", "America/Chicago", -5 },
	{ "MST", "America/Denver", -7 },
	{ "MDT", "America/Denver", -6 },
	{ "PST", "America/Los_Angeles", -8 },
	{ "PDT", "America/Los_Angeles", -7 },
	{ "AKST", "America/Anchorage", -9 },
	{ "AKDT", "America/Anchorage", -8 },
	{ "HST", "Pacific/Honolulu", -10 },
	{ "AST", "America/Halifax", -4 },
	{ "ADT", "America/Halifax", -3 },
	{ "NST", "America/St_Johns", TZ_NO_FIXED },
	{ "BST", "Europe/London", 1 },
	{ "IST", "Asia/Kolkata", TZ_NO_FIXED },
	{ "WET", "Europe/Lisbon", 0 },
	{ "WEST", "Europe/Lisbon", 1 },
	{ "CET", "Europe/Paris", 1 },
	{ "CEST", "Europe/Paris", 2 },
	{ "MET", "Europe/Paris", 1 },
	{ "MEST", "Europe/Paris", 2 },
	{ "EET", "Europe/Athens", 2 },
	{ "EEST", "Europe/Athens", 3 },
	{ "MSK", "Europe/Moscow", 3 },
	{ "SAST", "Africa/Johannesburg", 2 },
	{ "HKT", "Asia/Hong_Kong", 8 },
	{ "SGT", "Asia/Singapore", 8 },
	{ "JST", "Asia/Tokyo", 9 },
	{ "KST", "Asia/Seoul", 9 },
	{ "AWST", "Australia/Perth", 8 },
	{ "ACST", "Australia/Adelaide", TZ_NO_FIXED },
	{ "AEST", "Australia/Sydney", 10 },
	{ "AEDT", "Australia/Sydney", 11 },
	{ "NZST", "Pacific/Auckland", 12 },
	{ "NZDT", "Pacific/Auckland", 13 },
};

int
tz_load_user(const char *name, const struct tz **out, char *err)
{
	char fixed[24];

	*out = NULL;
	for (size_t i = 0; i < sizeof(tz_abbrs) / sizeof(tz_abbrs[0]); i++) {
		int h = tz_abbrs[i].hours;

		if (strcasecmp(name, tz_abbrs[i].abbr) != 0)
			continue;
		if (h == TZ_NO_FIXED)
			return cases_errf(err, CASES_EINVAL,
					  "time zone '%s' is an abbreviation, "
					  "not a zone: use '%s'",
					  name, tz_abbrs[i].zone);
		/* Etc/GMT zones are named with the sign inverted (POSIX). */
		if (h == 0)
			snprintf(fixed, sizeof(fixed), "Etc/UTC");
		else
			snprintf(fixed, sizeof(fixed), "Etc/GMT%+d", -h);
		return cases_errf(err, CASES_EINVAL,
				  "time zone '%s' is an abbreviation, not a "
				  "zone: use '%s' (or '%s' for UTC%+03d:00 "
				  "all year)",
				  name, tz_abbrs[i].zone, fixed, h);
	}
	return tz_load(name, out, err);
}

/* The zone of /etc/localtime, named after its zoneinfo link when it is one,
 * or UTC when there is no such file. */
static int
load_localtime(const struct tz **out, char *err)
{
	static const char path[] = "/etc/localtime";
	char link[PATH_MAX];
	const char *name = "localtime", *p;
	struct tz *z;
	ssize_t n;
	int rc, why;

	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		if ((p = strstr(link, "zoneinfo/")) && name_ok(p + 9))
			name = p + 9;
	}
	if ((*out = cache_find(name)))
		return CASES_OK;
	rc = load_path(path, name, &z, &why, err);
	if (rc == CASES_ENOMEM)
		return cases_errf(err, rc, "out of memory");
	if (rc == CASES_OK) {
		*out = cache_add(z);
		return CASES_OK;
	}
	*out = tz_utc();
	return *out ? CASES_OK : cases_errf(err, CASES_ENOMEM, "out of memory");
}

const struct tz *
tz_utc(void)
{
	const struct tz *utc = cache_find("UTC");
	struct tz *z;

	if (utc)
		return utc;
	if (parse_posix_zone("UTC0", "UTC", &z) != CASES_OK)
		return NULL;
	return cache_add(z);
}

int
tz_local(const struct tz **out, char *err)
{
	const char *tz = getenv("TZ");
	char why_buf[128];
	struct tz *z;
	int rc, why = 0;

	*out = NULL;
	if (tz && *tz == ':')
		tz++;
	if (!tz || !*tz)
		return load_localtime(out, err);
	if ((*out = cache_find(tz)))
		return CASES_OK;
	if (*tz == '/') {
		/* A TZif file named by its path, as "TZ=:/etc/localtime". */
		rc = load_path(tz, tz, &z, &why, NULL);
		if (rc == CASES_ENOMEM)
			return cases_errf(err, rc, "out of memory");
		if (rc == CASES_OK) {
			*out = cache_add(z);
			return CASES_OK;
		}
		return cases_errf(err, CASES_EINVAL, "unknown time zone '%s'%s",
				  tz,
				  why ? read_why(why, why_buf, sizeof(why_buf))
				      : " (not a time zone file)");
	}
	if (name_ok(tz)) {
		/* Its message says why a file that exists was refused. */
		rc = tz_load(tz, out, err);
		if (rc != CASES_EINVAL)
			return rc;
	}
	rc = parse_posix_zone(tz, tz, &z);
	if (rc == CASES_ENOMEM)
		return cases_errf(err, rc, "out of memory");
	if (rc != CASES_OK)
		return name_ok(tz) ? CASES_EINVAL
				   : cases_errf(err, CASES_EINVAL,
						"unknown time zone '%s'", tz);
	*out = cache_add(z);
	return CASES_OK;
}

const char *
tz_name(const struct tz *zone)
{
	return zone->name;
}

/*
 * The last index i < n with v[i] <= x, given v[0] <= x. The loop has no
 * data-dependent branch (the compiler emits a conditional move), which
 * matters more than the comparison count for tables of a few hundred.
 */
static size_t
last_le(const int64_t *v, size_t n, int64_t x)
{
	const int64_t *base = v;
	size_t half;

	while (n > 1) {
		half = n / 2;
		base = base[half] <= x ? base + half : base;
		n -= half;
	}
	return (size_t)(base - v);
}

/* The offset and type in effect at instant t. */
static int32_t
lookup(const struct tz *z, int64_t t, uint16_t *typ)
{
	size_t lo;

	if (z->n == 0 || t < z->at[0]) {
		if (z->head_rule)
			return rule_offset(&z->rule, t, typ);
		*typ = z->head_type;
		return z->head_off;
	}
	if (t >= z->at[z->n - 1]) {
		if (z->has_rule)
			return rule_offset(&z->rule, t, typ);
		*typ = z->typ[z->n - 1];
		return z->off[z->n - 1];
	}
	lo = last_le(z->at, z->n - 1, t);
	*typ = z->typ[lo];
	return z->off[lo];
}

int32_t
tz_offset(const struct tz *zone, int64_t t, const char **abbr)
{
	uint16_t typ;
	int32_t off = lookup(zone, t, &typ);

	if (abbr)
		*abbr = zone->types[typ].abbr;
	return off;
}

int64_t
tz_to_local(const struct tz *zone, int64_t t)
{
	uint16_t typ;

	return sat_add(t, lookup(zone, t, &typ));
}

int64_t
tz_to_utc(const struct tz *z, int64_t local)
{
	size_t lo;
	int32_t before;

	if (z->n == 0 || local < z->lkey[0]) {
		if (z->head_rule)
			return sat_sub(local, rule_utc_offset(&z->rule, local));
		return sat_sub(local, z->head_off);
	}
	if (local >= z->lkey[z->n - 1]) {
		/* Well past the table the rule alone decides. */
		if (z->has_rule
		    && sat_sub(local, z->lkey[z->n - 1]) > 2 * 86400)
			return sat_sub(local, rule_utc_offset(&z->rule, local));
		lo = z->n - 1;
	} else {
		lo = last_le(z->lkey, z->n - 1, local);
	}
	before = lo ? z->off[lo - 1] : z->head_off;
	if (sat_sub(local, z->off[lo]) < z->at[lo])
		return sat_sub(local, before);
	return sat_sub(local, z->off[lo]);
}

void
tz_cache_clear(void)
{
	struct tz *z;

	pthread_mutex_lock(&cache_lock);
	while ((z = cache)) {
		cache = z->next;
		tz_release(z);
	}
	pthread_mutex_unlock(&cache_lock);
}
