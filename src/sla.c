/*
 * sla.c - business-hours calendars and first-response deadlines.
 *
 * Business time follows docs/deadlines.md 2 and 3: a span [s, e) of local
 * day D, when D is not a holiday, covers the instants
 * [tz_to_utc(D * 86400 + s), tz_to_utc(D * 86400 + e)), each edge
 * converted on its own. A local time
 * in a spring-forward gap is shifted forward by the gap, one in a
 * fall-back fold means its first occurrence; an interval that this makes
 * empty or inverted holds nothing, and time that the intervals of several
 * spans or days share counts once. Every function here computes exactly
 * the union of those intervals. On a New York DST day, for instance:
 *
 *  - spring forward (02:00 EST -> 03:00 EDT): 02:30-05:00 covers 03:30-
 *    05:00 EDT (1.5 h), 01:00-02:30 covers 01:00 EST-03:30 EDT (1.5 h),
 *    02:10-02:40 covers 03:10-03:40 EDT, 02:30-03:00 covers nothing, and
 *    00:00-24:00 holds 23 h;
 *  - fall back (02:00 EDT -> 01:00 EST): 00:00-01:30 covers 00:00-01:30
 *    EDT (1.5 h; the repeated 01:00-01:30 EST is not business time),
 *    01:30-03:00 covers 01:30 EDT-03:00 EST (2.5 h), 00:00-02:00 holds
 *    3 h and 00:00-24:00 25 h;
 *  - a holiday contributes no interval, so it closes [tz_to_utc(D *
 *    86400), tz_to_utc((D + 1) * 86400)), including the part of an
 *    overnight shift (split at midnight by the parser) on that day.
 *
 * The walk generates the intervals one local day at a time, two
 * tz_to_utc() per span, starting the day before the local date of `from`
 * (an interval of day D holds only instants of local dates D - 1 to D +
 * 1). Because a gap shifts an edge forward, intervals do not come in
 * order of their starts; they wait in a small queue sorted by start
 * until the day's last edge L proves that nothing still to come starts
 * earlier: every later edge is at local time L or after, hence at or
 * after the first instant whose wall clock reads L or later, which is
 * tz_to_utc(L) unless L is in a gap, and then the transition, after
 * L - (offset at tz_to_utc(L)). Counting them in that order, each from
 * where the previous one ended, counts shared time once. This takes one
 * tz_offset() per open day besides the conversions, and relies on a
 * zone's gaps and folds being shorter than the time between its offset
 * changes, which holds for every zone in the tz database (the closest
 * pair of changes is four days apart, Africa/Freetown in 1939; the
 * longest jumps, Pacific/Apia's skipped 2011-12-30 and Kwajalein's in
 * 1993, are a day).
 */
#include <stdint.h>
#include <string.h>

#include "cases/error.h"
#include "cases/sla.h"
#include "cases/tz.h"

#define DAY	       86400
#define DAY_MIN	       1440 /* minutes in a day */
#define ITEM_QUOTE_MAX 60   /* characters of an item quoted in errors */
#define SLA_T_MIN      (-62135596800LL) /* 0001-01-01T00:00:00Z */
#define SLA_T_MAX      253402300799LL	/* 9999-12-31T23:59:59Z */

static const char *const day_names[7] = { "mon", "tue", "wed", "thu",
					  "fri", "sat", "sun" };

#define DAYS_EXPECTED "mon, tue, wed, thu, fri, sat, sun"
#define ITEM_EXPECTED "DAYS HH:MM-HH:MM, e.g. mon-fri 08:00-18:00"

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

/* Weekday of a day number, 0 = Monday, as civil_weekday(). */
static int
weekday(int64_t day)
{
	int r = (int)(day % 7);

	if (r < 0)
		r += 7;
	return (r + 3) % 7;
}

/* ---- hours spec ---------------------------------------------------- */

/* One bit per minute of the week, Monday 00:00 first. */
struct week_bits {
	uint8_t b[7 * DAY_MIN / 8];
};

struct item {
	const char *s; /* the item, trimmed, for messages */
	int len;
};

static int
is_space(int c)
{
	return c == ' ' || c == '\t';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
quote_len(const struct item *it)
{
	return it->len > ITEM_QUOTE_MAX ? ITEM_QUOTE_MAX : it->len;
}

static int
bad_item(const struct item *it, char *err)
{
	return cases_errf(err, CASES_EINVAL,
			  "invalid hours item '%.*s%s' (expected %s)",
			  quote_len(it), it->s,
			  it->len > ITEM_QUOTE_MAX ? "..." : "", ITEM_EXPECTED);
}

static const char *
skip_space(const char *p, const char *end)
{
	while (p < end && is_space((unsigned char)*p))
		p++;
	return p;
}

/* A day name at p; -1 with a message in err when it is not one. */
static int
parse_day(const char **pp, const char *end, const struct item *it, char *err)
{
	const char *p = *pp, *w = p;
	int i, k, n;

	while (p < end && is_alpha((unsigned char)*p))
		p++;
	n = (int)(p - w);
	if (n == 0) {
		bad_item(it, err);
		return -1;
	}
	for (i = 0; i < 7 && n == 3; i++) {
		for (k = 0; k < 3; k++)
			if (lower((unsigned char)w[k]) != day_names[i][k])
				break;
		if (k == 3) {
			*pp = p;
			return i;
		}
	}
	cases_errf(err, CASES_EINVAL,
		   "unknown day '%.*s' in hours item '%.*s%s' "
		   "(expected one of: " DAYS_EXPECTED ")",
		   n > ITEM_QUOTE_MAX ? ITEM_QUOTE_MAX : n, w, quote_len(it),
		   it->s, it->len > ITEM_QUOTE_MAX ? "..." : "");
	return -1;
}

/* HH:MM (or H:MM) at p, in minutes 0..1440; -1 with a message in err. */
static int
parse_time(const char **pp, const char *end, const struct item *it, char *err)
{
	const char *p = *pp, *w = p;
	int h = 0, m = 0, nh = 0, nm = 0;

	while (p < end && is_digit((unsigned char)*p) && nh < 3) {
		h = h * 10 + (*p++ - '0');
		nh++;
	}
	if (nh >= 1 && nh <= 2 && p < end && *p == ':') {
		p++;
		while (p < end && is_digit((unsigned char)*p) && nm < 3) {
			m = m * 10 + (*p++ - '0');
			nm++;
		}
	}
	if (nh == 0 && nm == 0) {
		bad_item(it, err);
		return -1;
	}
	/* Quote the whole time-like token, e.g. 08:60 or 25:00. */
	while (p < end && (is_digit((unsigned char)*p) || *p == ':'))
		p++;
	if (nh < 1 || nh > 2 || nm != 2 || p - w != nh + 1 + nm || h > 24
	    || m > 59 || (h == 24 && m != 0)) {
		cases_errf(err, CASES_EINVAL,
			   "invalid time '%.*s' in hours item '%.*s%s' "
			   "(expected HH:MM from 00:00 to 24:00)",
			   (int)(p - w) > ITEM_QUOTE_MAX ? ITEM_QUOTE_MAX
							 : (int)(p - w),
			   w, quote_len(it), it->s,
			   it->len > ITEM_QUOTE_MAX ? "..." : "");
		return -1;
	}
	*pp = p;
	return h * 60 + m;
}

static void
set_minutes(struct week_bits *wb, int from, int to)
{
	int i;

	for (i = from; i < to; i++)
		wb->b[i / 8] |= (uint8_t)(1u << (i % 8));
}

static int
test_minute(const struct week_bits *wb, int i)
{
	return wb->b[i / 8] >> (i % 8) & 1;
}

/* Parse one item and mark its minutes in wb. */
static int
parse_item(const struct item *it, struct week_bits *wb, char *err)
{
	const char *p = it->s, *end = it->s + it->len;
	int d1, d2, s, e, d;

	if ((d1 = parse_day(&p, end, it, err)) < 0)
		return CASES_EINVAL;
	d2 = d1;
	p = skip_space(p, end);
	if (p < end && *p == '-') {
		p = skip_space(p + 1, end);
		if ((d2 = parse_day(&p, end, it, err)) < 0)
			return CASES_EINVAL;
		p = skip_space(p, end);
	}
	if (p == end || !is_digit((unsigned char)*p))
		return bad_item(it, err);
	if ((s = parse_time(&p, end, it, err)) < 0)
		return CASES_EINVAL;
	p = skip_space(p, end);
	if (p == end || *p != '-')
		return bad_item(it, err);
	p = skip_space(p + 1, end);
	if (p == end || !is_digit((unsigned char)*p))
		return bad_item(it, err);
	if ((e = parse_time(&p, end, it, err)) < 0)
		return CASES_EINVAL;
	if (skip_space(p, end) != end)
		return bad_item(it, err);
	if (s == DAY_MIN)
		return cases_errf(err, CASES_EINVAL,
				  "invalid hours item '%.*s%s' (24:00 is "
				  "allowed only as an end)",
				  quote_len(it), it->s,
				  it->len > ITEM_QUOTE_MAX ? "..." : "");
	if (s == e)
		return cases_errf(err, CASES_EINVAL,
				  "invalid hours item '%.*s%s' (end equals "
				  "start; use 00:00-24:00 for a whole day)",
				  quote_len(it), it->s,
				  it->len > ITEM_QUOTE_MAX ? "..." : "");
	for (d = d1;; d = (d + 1) % 7) {
		if (s < e) {
			set_minutes(wb, d * DAY_MIN + s, d * DAY_MIN + e);
		} else {
			/* Overnight: the start day's evening, then the
			 * next day's morning. */
			set_minutes(wb, d * DAY_MIN + s, (d + 1) * DAY_MIN);
			set_minutes(wb, (d + 1) % 7 * DAY_MIN,
				    (d + 1) % 7 * DAY_MIN + e);
		}
		if (d == d2)
			break;
	}
	return CASES_OK;
}

int
sla_hours_parse(const char *spec, struct sla_hours *out, char *err)
{
	struct week_bits wb;
	struct sla_hours h;
	struct item it;
	const char *p, *q, *end;
	int rc, d, i, n;

	if (!spec)
		spec = "";
	end = spec + strlen(spec);
	if (skip_space(spec, end) == end)
		return cases_errf(err, CASES_EINVAL,
				  "empty hours (expected %s)", ITEM_EXPECTED);
	memset(&wb, 0, sizeof(wb));
	for (p = spec;; p = q + 1) {
		q = memchr(p, ',', (size_t)(end - p));
		if (!q)
			q = end;
		it.s = skip_space(p, q);
		it.len = (int)(q - it.s);
		while (it.len > 0 && is_space((unsigned char)it.s[it.len - 1]))
			it.len--;
		if (it.len == 0)
			return cases_errf(
				err, CASES_EINVAL,
				"%s in hours '%.*s%s' (expected an "
				"item DAYS HH:MM-HH:MM %s)",
				q == end ? "trailing comma" : "empty item",
				(int)(end - spec) > ITEM_QUOTE_MAX
					? ITEM_QUOTE_MAX
					: (int)(end - spec),
				spec, end - spec > ITEM_QUOTE_MAX ? "..." : "",
				q == end ? "after every comma"
					 : "between commas");
		if ((rc = parse_item(&it, &wb, err)) != CASES_OK)
			return rc;
		if (q == end)
			break;
	}
	memset(&h, 0, sizeof(h));
	for (d = 0; d < 7; d++) {
		n = 0;
		for (i = 0; i < DAY_MIN; i++) {
			if (!test_minute(&wb, d * DAY_MIN + i))
				continue;
			if (n > 0 && h.span[d][n - 1].end == i * 60) {
				h.span[d][n - 1].end = (i + 1) * 60;
				continue;
			}
			if (n == SLA_MAX_SPANS)
				return cases_errf(err, CASES_EINVAL,
						  "too many separate intervals "
						  "on %s in hours (at most %d "
						  "a day)",
						  day_names[d], SLA_MAX_SPANS);
			h.span[d][n].start = i * 60;
			h.span[d][n].end = (i + 1) * 60;
			n++;
		}
		h.nspan[d] = n;
	}
	*out = h;
	return CASES_OK;
}

/* Bounded appender: never writes past len, always NUL-terminated. */
struct outbuf {
	char *buf;
	size_t len, pos;
};

static void
out_str(struct outbuf *o, const char *s)
{
	while (*s) {
		if (o->pos + 1 < o->len)
			o->buf[o->pos] = *s;
		o->pos++;
		s++;
	}
	if (o->len)
		o->buf[o->pos + 1 < o->len ? o->pos : o->len - 1] = '\0';
}

static void
out_hhmm(struct outbuf *o, int32_t secs)
{
	char t[6];
	int h = secs / 3600, m = secs % 3600 / 60;

	t[0] = (char)('0' + h / 10);
	t[1] = (char)('0' + h % 10);
	t[2] = ':';
	t[3] = (char)('0' + m / 10);
	t[4] = (char)('0' + m % 10);
	t[5] = '\0';
	out_str(o, t);
}

static int
same_day(const struct sla_hours *h, int a, int b)
{
	return h->nspan[a] == h->nspan[b]
	       && memcmp(h->span[a], h->span[b],
			 (size_t)h->nspan[a] * sizeof(h->span[a][0]))
			  == 0;
}

/* One "DAYS HH:MM-HH:MM" item per span of day `first`, for days
 * first..last. */
static void
out_group(struct outbuf *o, const struct sla_hours *h, int first, int last,
	  int *items)
{
	int i;

	for (i = 0; i < h->nspan[first]; i++) {
		if ((*items)++)
			out_str(o, ", ");
		out_str(o, day_names[first]);
		if (last != first) {
			out_str(o, "-");
			out_str(o, day_names[last]);
		}
		out_str(o, " ");
		out_hhmm(o, h->span[first][i].start);
		out_str(o, "-");
		out_hhmm(o, h->span[first][i].end);
	}
}

char *
sla_hours_format(const struct sla_hours *h, char *buf, size_t len)
{
	struct outbuf o = { buf, len, 0 };
	int start, i, first, last, items = 0;

	if (len)
		buf[0] = '\0';
	/* Begin the week where the hours change, so that a group of equal
	 * days never straddles the start and wrapping ranges (fri-mon) come
	 * out whole. */
	for (start = 0; start < 7; start++)
		if (!same_day(h, start, (start + 6) % 7))
			break;
	if (start == 7) {
		out_group(&o, h, 0, 6, &items);
		return buf;
	}
	for (i = 0; i < 7;) {
		first = (start + i) % 7;
		last = first;
		for (i++; i < 7 && same_day(h, first, (start + i) % 7); i++)
			last = (start + i) % 7;
		out_group(&o, h, first, last, &items);
	}
	return buf;
}

int64_t
sla_hours_weekly(const struct sla_hours *h)
{
	int64_t sum = 0;
	int d, i;

	for (d = 0; d < 7; d++)
		for (i = 0; i < h->nspan[d]; i++)
			sum += h->span[d][i].end - h->span[d][i].start;
	return sum;
}

/* ---- the walk ------------------------------------------------------ */

/* One business interval of local day `day`, as instants [from, to). */
struct piece {
	int64_t from, to;
	int64_t day;
};

/* Room for the intervals waiting to be counted: one day's, plus those of
 * earlier days that a spring-forward gap pushed past the next day's
 * start. */
#define QUEUE_MAX (4 * SLA_MAX_SPANS)

/* Explain state. */
struct explain {
	sla_step_fn fn;
	void *arg;
	const struct calendar *cal;
	int64_t next_day; /* first day not yet looked at for HOLIDAY/CLOSED */
};

/* Index of the first holiday >= day. */
static size_t
holiday_lower_bound(const struct calendar *cal, int64_t day)
{
	size_t lo = 0, hi = cal->nholidays, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cal->holidays[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
is_holiday(const struct calendar *cal, int64_t day)
{
	size_t i = holiday_lower_bound(cal, day);

	return i < cal->nholidays && cal->holidays[i] == day;
}

/* Report a counted piece of `day`, after the holidays and closed days
 * before it that have not been reported yet. */
static void
ex_count(struct explain *ex, int64_t day, int64_t from, int64_t to,
	 int64_t remaining)
{
	const struct calendar *cal = ex->cal;
	struct sla_step st;
	int64_t d;

	for (d = ex->next_day; d < day; d++) {
		memset(&st, 0, sizeof(st));
		if (is_holiday(cal, d))
			st.kind = SLA_STEP_HOLIDAY;
		else if (cal->hours.nspan[weekday(d)] == 0)
			st.kind = SLA_STEP_CLOSED;
		else
			continue;
		st.day = d;
		st.remaining = remaining + (to - from);
		ex->fn(ex->arg, &st);
	}
	if (day >= ex->next_day)
		ex->next_day = day + 1;
	memset(&st, 0, sizeof(st));
	st.kind = SLA_STEP_COUNT;
	st.day = day;
	st.from = from;
	st.to = to;
	st.counted = to - from;
	st.remaining = remaining;
	/* Wall-clock length of [from, to) differs from its real length
	 * exactly when the offsets at the two ends differ. */
	st.dst = tz_offset(cal->zone, from, NULL)
		 != tz_offset(cal->zone, to, NULL);
	ex->fn(ex->arg, &st);
}

enum walk_result {
	WALK_MORE,    /* (internal) keep going */
	WALK_DONE,    /* the target was reached */
	WALK_LIMIT,   /* the limit instant was reached first */
	WALK_HORIZON, /* nothing counted for far too long */
};

struct walk {
	struct explain *ex;
	int64_t limit;
	int64_t done;	  /* instants before it are counted or not wanted */
	int64_t rem;	  /* target seconds still to count */
	int64_t idle_day; /* latest day that counted something */
	int64_t at;	  /* the deadline, once WALK_DONE */
	int nq;
	struct piece q[QUEUE_MAX]; /* sorted by from */
};

/* Count the part of p not counted yet. Pieces come in order of from, so
 * that part is [max(from, done), to), and after it nothing before `to` is
 * left. */
static enum walk_result
count_piece(struct walk *w, const struct piece *p)
{
	int64_t s = p->from > w->done ? p->from : w->done, e, len;

	if (s >= w->limit)
		return WALK_LIMIT;
	e = p->to < w->limit ? p->to : w->limit;
	if (e <= s)
		return WALK_MORE;
	len = e - s;
	w->done = e;
	if (p->day > w->idle_day)
		w->idle_day = p->day;
	if (len >= w->rem) {
		w->at = s + w->rem;
		w->rem = 0;
		if (w->ex)
			ex_count(w->ex, p->day, s, w->at, 0);
		return WALK_DONE;
	}
	w->rem -= len;
	if (w->ex)
		ex_count(w->ex, p->day, s, e, w->rem);
	return WALK_MORE;
}

/* Count the queued pieces that start before `bound`. */
static enum walk_result
drain(struct walk *w, int64_t bound)
{
	enum walk_result r = WALK_MORE;
	int k = 0;

	while (k < w->nq && w->q[k].from < bound && r == WALK_MORE)
		r = count_piece(w, &w->q[k++]);
	w->nq -= k;
	if (k > 0 && w->nq > 0)
		memmove(w->q, w->q + k, (size_t)w->nq * sizeof(w->q[0]));
	return r;
}

/* Queue [from, to) of `day`, unless it is empty (a gap can even invert
 * it) or already behind. */
static enum walk_result
push(struct walk *w, int64_t from, int64_t to, int64_t day)
{
	enum walk_result r = WALK_MORE;
	int k;

	if (to <= from || to <= w->done)
		return WALK_MORE;
	/* Cannot happen with real zones; counting early beats overflow. */
	if (w->nq == QUEUE_MAX)
		r = drain(w, w->q[0].from + 1);
	for (k = w->nq; k > 0 && w->q[k - 1].from > from; k--)
		w->q[k] = w->q[k - 1];
	w->q[k].from = from;
	w->q[k].to = to;
	w->q[k].day = day;
	w->nq++;
	return r;
}

/*
 * Count business time from instant `from` until `target` seconds have been
 * counted (*at = the instant the last one ends) or until instant `limit`.
 * *left receives the target seconds not counted. With `horizon`, give up
 * after that many consecutive local days without business time. ex, when
 * not NULL, receives the steps.
 */
static enum walk_result
walk(const struct calendar *cal, int64_t from, int64_t limit, int64_t target,
     int64_t horizon, struct explain *ex, int64_t *at, int64_t *left)
{
	const struct tz *zone = cal->zone;
	const struct sla_hours *h = &cal->hours;
	const int64_t *hol = cal->holidays;
	const struct sla_span *sp;
	size_t nhol = cal->nholidays, hi;
	int64_t day, base, bound, a, b, l;
	int64_t l_prev = INT64_MIN, u_prev = 0; /* the last edge converted */
	enum walk_result r = WALK_MORE;
	struct walk w;
	int wd, n, i;

	w.ex = ex;
	w.limit = limit;
	w.done = from;
	w.rem = target;
	w.nq = 0;
	w.at = 0;
	day = floor_div(tz_to_local(zone, from), DAY);
	w.idle_day = day;
	if (ex)
		ex->next_day = day;
	/* An interval of day D holds only instants whose local date is D - 1,
	 * D or D + 1, so the day before that of `from` is the first that can
	 * matter. */
	day--;
	hi = holiday_lower_bound(cal, day);
	wd = weekday(day);
	for (; r == WALK_MORE; day++, wd = wd == 6 ? 0 : wd + 1) {
		if (horizon && day - w.idle_day > horizon) {
			r = WALK_HORIZON;
			break;
		}
		base = day * DAY;
		/* No UTC offset reaches two days, so nothing from here on
		 * starts before the limit. */
		if (base - 2 * DAY >= limit) {
			r = drain(&w, INT64_MAX);
			if (r == WALK_MORE)
				r = WALK_LIMIT;
			break;
		}
		while (hi < nhol && hol[hi] < day)
			hi++;
		n = hi < nhol && hol[hi] == day ? 0 : h->nspan[wd];
		if (n == 0)
			continue;
		sp = h->span[wd];
		for (i = 0; i < n && r == WALK_MORE; i++) {
			l = base + sp[i].end;
			b = tz_to_utc(zone, l);
			/* A piece already behind needs no start. */
			if (b > w.done) {
				a = base + sp[i].start;
				a = a == l_prev ? u_prev : tz_to_utc(zone, a);
				r = push(&w, a, b, day);
			}
			l_prev = l;
			u_prev = b;
		}
		if (r != WALK_MORE || w.nq == 0)
			continue;
		/*
		 * Every edge still to come is at local time l_prev or later,
		 * so at or after the first instant whose wall clock reads
		 * l_prev or later: that is u_prev, unless l_prev is in a gap,
		 * and then it is the transition, which is after l_prev minus
		 * the offset at u_prev. Queued pieces that start before
		 * `bound` come before everything still to be queued.
		 */
		bound = l_prev - tz_offset(zone, u_prev, NULL);
		if (bound > u_prev)
			bound = u_prev;
		r = drain(&w, bound);
		if (r == WALK_MORE && bound >= limit)
			r = WALK_LIMIT;
	}
	*at = w.at;
	*left = w.rem;
	return r;
}

/* Whether the week has any business hours (cheaper than summing them). */
static int
has_hours(const struct sla_hours *h)
{
	int d;

	for (d = 0; d < 7; d++)
		if (h->nspan[d] > 0)
			return 1;
	return 0;
}

/* Shared by sla_due() and sla_explain(). */
static int
due(const struct calendar *cal, int64_t opened_at, int64_t target_s,
    struct explain *ex, int64_t *out, char *err)
{
	int64_t at = 0, left, horizon;
	enum walk_result r;

	if (!cal || !cal->zone)
		return cases_errf(err, CASES_EINVAL,
				  "calendar has no time zone");
	if (target_s <= 0)
		return cases_errf(err, CASES_EINVAL,
				  "target must be positive (got %lld s)",
				  (long long)target_s);
	if (opened_at < SLA_T_MIN || opened_at > SLA_T_MAX)
		return cases_errf(err, CASES_EINVAL,
				  "opening instant %lld is outside years "
				  "1-9999",
				  (long long)opened_at);
	if (!has_hours(&cal->hours))
		return cases_errf(err, CASES_EINVAL,
				  "calendar has no business hours (its week "
				  "is empty), so no deadline can be computed");
	/* No calendar holds more business time than real time. */
	if (target_s > SLA_T_MAX + 1 - opened_at)
		return cases_errf(err, CASES_EINVAL,
				  "a target of %lld s does not elapse by "
				  "9999-12-31T23:59:59Z, the latest time cases "
				  "can record",
				  (long long)target_s);
	/* A week with business time has some in every week but the ones
	 * whose open days are all holidays or whose intervals a DST gap
	 * empties: past that, the walk cannot be making progress. */
	horizon = 7 * ((int64_t)cal->nholidays + 8);
	r = walk(cal, opened_at, SLA_T_MAX + 1, target_s, horizon, ex, &at,
		 &left);
	if (r == WALK_HORIZON)
		return cases_errf(err, CASES_EINVAL,
				  "calendar has no business time in %lld "
				  "days after the last one counted",
				  (long long)horizon);
	if (r == WALK_LIMIT)
		return cases_errf(err, CASES_EINVAL,
				  "a target of %lld s does not elapse on this "
				  "calendar by 9999-12-31T23:59:59Z, the "
				  "latest time cases can record",
				  (long long)target_s);
	*out = at;
	return CASES_OK;
}

int
sla_due(const struct calendar *cal, int64_t opened_at, int64_t target_s,
	int64_t *due_at, char *err)
{
	return due(cal, opened_at, target_s, NULL, due_at, err);
}

int
sla_explain(const struct calendar *cal, int64_t opened_at, int64_t target_s,
	    sla_step_fn fn, void *arg, int64_t *due_at, char *err)
{
	struct explain ex;

	if (!fn)
		return due(cal, opened_at, target_s, NULL, due_at, err);
	memset(&ex, 0, sizeof(ex));
	ex.fn = fn;
	ex.arg = arg;
	ex.cal = cal;
	return due(cal, opened_at, target_s, &ex, due_at, err);
}

int64_t
sla_elapsed(const struct calendar *cal, int64_t from, int64_t to)
{
	int64_t at, left;

	if (!cal || !cal->zone)
		return 0;
	if (from < SLA_T_MIN)
		from = SLA_T_MIN;
	if (to > SLA_T_MAX + 1)
		to = SLA_T_MAX + 1;
	if (to <= from || !has_hours(&cal->hours))
		return 0;
	walk(cal, from, to, INT64_MAX, 0, NULL, &at, &left);
	return INT64_MAX - left;
}
