/*
 * sla.c - business-hours calendars and first-response deadlines.
 *
 * Business time is defined instant by instant: t is business time when its
 * local wall-clock time tz_to_local(t) falls inside a [start, end) span of
 * its local weekday and its local date is not a holiday. Every function
 * here computes exactly that set, which settles the DST edge cases:
 *
 *  - a span edge inside a spring-forward gap takes effect at the
 *    transition, when the wall clock jumps over it (01:00-02:30 on a New
 *    York spring-forward day holds one real hour, 02:30-05:00 holds two);
 *    a span wholly inside a gap holds nothing;
 *  - wall-clock times that occur twice in a fall-back fold count both
 *    times (00:00-01:30 on a New York fall-back day holds two real hours,
 *    in two pieces); a span edge at or after the end of the fold is met
 *    once (00:00-02:00 that day holds three real hours);
 *  - a holiday removes every instant whose local date is that day, so a
 *    holiday on a 25-hour day removes 25 hours.
 *
 * Resolving a span's edges with tz_to_utc() (gap: shift forward, fold:
 * first occurrence, SPEC §2) gives the same answer everywhere except for an
 * edge strictly inside a gap or a fold; the rule above is the one that
 * matches the reading of the wall clock, so it is the one used.
 *
 * The walk goes forward in instants, one local day at a time. Within a day
 * it assumes a constant UTC offset, checks the offset at the instant the
 * day would end and, when it differs, bisects for the transition and ends
 * the segment there; the next segment starts with the new offset (and may
 * be on a later local day, or on an earlier one after a fold that crosses
 * midnight, as in America/St_Johns before 2011). Each segment maps linearly
 * to local time, so its business pieces are the clipped spans of its day.
 * This needs one tz_offset() per local day, plus a bisection on days with
 * a transition. It relies on no zone changing its offset twice within one
 * day: the closest pair of offset changes in the tz database is four days
 * apart (Africa/Freetown, 1939).
 */
#include <stdint.h>
#include <string.h>

#include "cases/error.h"
#include "cases/sla.h"
#include "cases/tz.h"

#define DAY 86400
#define DAY_MIN 1440		  /* minutes in a day */
#define ITEM_QUOTE_MAX 60	  /* characters of an item quoted in errors */
#define SLA_T_MIN (-62135596800LL) /* 0001-01-01T00:00:00Z */
#define SLA_T_MAX 253402300799LL   /* 9999-12-31T23:59:59Z */

static const char *const day_names[7] = {"mon", "tue", "wed", "thu",
					  "fri", "sat", "sun"};

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
parse_day(const char **pp, const char *end, const struct item *it,
	  char *err)
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
parse_time(const char **pp, const char *end, const struct item *it,
	   char *err)
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
			return cases_errf(err, CASES_EINVAL,
					  "%s in hours '%.*s%s' (expected an "
					  "item DAYS HH:MM-HH:MM %s)",
					  q == end ? "trailing comma"
						   : "empty item",
					  (int)(end - spec) > ITEM_QUOTE_MAX
						  ? ITEM_QUOTE_MAX
						  : (int)(end - spec),
					  spec,
					  end - spec > ITEM_QUOTE_MAX ? "..."
								      : "",
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
	struct outbuf o = {buf, len, 0};
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

/* Explain state: the COUNT step being built, merged across a transition
 * while it stays contiguous within one span of one day. */
struct explain {
	sla_step_fn fn;
	void *arg;
	const struct tz *zone;
	struct sla_step step;
	int have; /* step holds an unreported COUNT */
	int span; /* its span index */
	int64_t last_day; /* latest day a step was reported for */
};

static void
ex_flush(struct explain *ex)
{
	if (!ex->have)
		return;
	/* Wall-clock length of [from, to) differs from its real length
	 * exactly when the offsets at the two ends differ. */
	ex->step.dst = tz_offset(ex->zone, ex->step.from, NULL)
		       != tz_offset(ex->zone, ex->step.to, NULL);
	ex->fn(ex->arg, &ex->step);
	ex->have = 0;
}

static void
ex_piece(struct explain *ex, int64_t day, int span, int64_t from, int64_t to,
	 int64_t remaining)
{
	if (ex->have && ex->step.day == day && ex->span == span
	    && ex->step.to == from) {
		ex->step.to = to;
		ex->step.counted += to - from;
		ex->step.remaining = remaining;
		return;
	}
	ex_flush(ex);
	memset(&ex->step, 0, sizeof(ex->step));
	ex->step.kind = SLA_STEP_COUNT;
	ex->step.day = day;
	ex->step.from = from;
	ex->step.to = to;
	ex->step.counted = to - from;
	ex->step.remaining = remaining;
	ex->span = span;
	ex->have = 1;
	if (day > ex->last_day)
		ex->last_day = day;
}

/* A holiday or closed day, once per day (a fold may revisit a day). */
static void
ex_day(struct explain *ex, enum sla_step_kind kind, int64_t day,
       int64_t remaining)
{
	struct sla_step st;

	if (day <= ex->last_day)
		return;
	ex_flush(ex);
	memset(&st, 0, sizeof(st));
	st.kind = kind;
	st.day = day;
	st.remaining = remaining;
	ex->fn(ex->arg, &st);
	ex->last_day = day;
}

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

/* The first instant in (lo, hi] whose offset is not off, given that lo
 * has offset off and hi has not. */
static int64_t
first_change(const struct tz *zone, int64_t lo, int64_t hi, int32_t off)
{
	int64_t mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (tz_offset(zone, mid, NULL) == off)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

enum walk_result {
	WALK_DONE,    /* the target was reached */
	WALK_LIMIT,   /* the limit instant was reached first */
	WALK_HORIZON, /* nothing counted for far too long */
};

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
	size_t nhol = cal->nholidays, hi;
	int64_t t = from, rem = target, day, dstart, seg, stop, idle_day;
	int64_t lt, ta, len;
	int32_t off = tz_offset(zone, t, NULL), noff, a_loc, b_loc, a, b;
	const struct sla_span *sp;
	int wd, n, i;

	day = floor_div(t + off, DAY);
	hi = holiday_lower_bound(cal, day);
	idle_day = day;
	while (t < limit) {
		lt = t + off;
		day = floor_div(lt, DAY);
		dstart = day * DAY;
		/* The instant this local day ends if the offset holds. */
		seg = dstart + DAY - off;
		noff = tz_offset(zone, seg, NULL);
		if (noff != off && tz_offset(zone, seg - 1, NULL) != off) {
			seg = first_change(zone, t, seg - 1, off);
			noff = tz_offset(zone, seg, NULL);
		}
		stop = seg < limit ? seg : limit;

		while (hi < nhol && hol[hi] < day)
			hi++;
		while (hi > 0 && hol[hi - 1] >= day)
			hi--;
		wd = weekday(day);
		n = h->nspan[wd];
		if (hi < nhol && hol[hi] == day) {
			if (ex)
				ex_day(ex, SLA_STEP_HOLIDAY, day, rem);
		} else if (n == 0) {
			if (ex)
				ex_day(ex, SLA_STEP_CLOSED, day, rem);
		} else {
			a_loc = (int32_t)(lt - dstart);
			b_loc = (int32_t)(stop + off - dstart);
			for (i = 0, sp = h->span[wd]; i < n; i++, sp++) {
				if (sp->end <= a_loc)
					continue;
				if (sp->start >= b_loc)
					break;
				a = sp->start > a_loc ? sp->start : a_loc;
				b = sp->end < b_loc ? sp->end : b_loc;
				len = b - a;
				ta = dstart + a - off;
				idle_day = day;
				if (len >= rem) {
					if (ex)
						ex_piece(ex, day, i, ta,
							 ta + rem, 0);
					*at = ta + rem;
					*left = 0;
					return WALK_DONE;
				}
				rem -= len;
				if (ex)
					ex_piece(ex, day, i, ta, ta + len, rem);
			}
		}
		if (horizon && day - idle_day > horizon) {
			*left = rem;
			return WALK_HORIZON;
		}
		t = seg;
		off = noff;
	}
	*left = rem;
	return WALK_LIMIT;
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
	if (sla_hours_weekly(&cal->hours) == 0)
		return cases_errf(err, CASES_EINVAL,
				  "calendar has no business hours (its week "
				  "is empty), so no deadline can be computed");
	/* No calendar holds more business time than real time. */
	if (target_s > SLA_T_MAX + 1 - opened_at)
		return cases_errf(err, CASES_EINVAL,
				  "a target of %lld s does not elapse before "
				  "year 10000",
				  (long long)target_s);
	/* A week with business time has some in every week but the ones
	 * whose open days are all holidays or lost in DST gaps: past that,
	 * the walk cannot be making progress. */
	horizon = 7 * ((int64_t)cal->nholidays + 8);
	r = walk(cal, opened_at, SLA_T_MAX + 1, target_s, horizon, ex, &at,
		 &left);
	if (ex)
		ex_flush(ex);
	if (r == WALK_HORIZON)
		return cases_errf(err, CASES_EINVAL,
				  "calendar has no business time in %lld "
				  "days after the last one counted",
				  (long long)horizon);
	if (r == WALK_LIMIT)
		return cases_errf(err, CASES_EINVAL,
				  "a target of %lld s does not elapse before "
				  "year 10000 on this calendar",
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
	ex.zone = cal ? cal->zone : NULL;
	ex.last_day = INT64_MIN;
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
	if (to <= from || sla_hours_weekly(&cal->hours) == 0)
		return 0;
	walk(cal, from, to, INT64_MAX, 0, NULL, &at, &left);
	return INT64_MAX - left;
}
