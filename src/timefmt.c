/*
 * timefmt.c - parse and print instants, dates and durations
 * (docs/formats.md 4 and 5).
 *
 * Parsers are strict hand-written scanners: every character is accounted
 * for, numbers have fixed widths where the formats say so, and each error
 * quotes the whole input and says what was expected or why the value is
 * impossible.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cases/civil.h"
#include "cases/error.h"
#include "cases/timefmt.h"
#include "cases/tz.h"

#define INSTANT_FORMS                                                          \
	"RFC 3339 like 2026-11-26T09:00:00Z, @UNIX_SECONDS, or "               \
	"'YYYY-MM-DD HH:MM[:SS]'"
#define DURATION_FORMS "e.g. 90s, 15m, 4h, 1d, 1h30m"

#define DURATION_MAX (36525LL * 86400) /* 100 years of 365.25 days */

/* First and last second of years 1..9999. */
#define INSTANT_MIN (-719162LL * 86400)
#define INSTANT_MAX (2932896LL * 86400 + 86399)
_Static_assert(INSTANT_MAX == TIMEFMT_INSTANT_MAX, "TIMEFMT_INSTANT_MAX");

static const char *const month_names[12] = {
	"January", "February", "March",	    "April",   "May",	   "June",
	"July",	   "August",   "September", "October", "November", "December",
};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Exactly n digits at s; returns the value, or -1. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

/* 0 when y-m-d is a date in years 1..9999; else -1 with a short phrase
 * saying why in `why`. */
static int
date_problem(int y, int m, int d, char *why, size_t len)
{
	if (civil_valid(y, m, d))
		return 0;
	if (y < 1)
		snprintf(why, len, "year must be 0001 to 9999");
	else if (m < 1 || m > 12)
		snprintf(why, len, "month must be 01 to 12");
	else if (m == 2 && d == 29)
		snprintf(why, len, "%d is not a leap year", y);
	else if (d < 1)
		snprintf(why, len, "day must be 01 to 31");
	else
		snprintf(why, len, "%s %d has %d days", month_names[m - 1], y,
			 m == 2 ? 28 + is_leap(y)
			 : (m == 4 || m == 6 || m == 9 || m == 11) ? 30
								   : 31);
	return -1;
}

/* "YYYY-MM-DD" at s: 0 with the fields set, -1 on a syntax error. */
static int
scan_date(const char *s, int *y, int *m, int *d)
{
	if ((*y = digits(s, 4)) < 0 || s[4] != '-'
	    || (*m = digits(s + 5, 2)) < 0 || s[7] != '-'
	    || (*d = digits(s + 8, 2)) < 0)
		return -1;
	return 0;
}

int
timefmt_parse_date(const char *s, int64_t *days, char *err)
{
	char why[64];
	int y, m, d;

	if (scan_date(s, &y, &m, &d) < 0 || s[10] != '\0')
		return cases_errf(err, CASES_EINVAL,
				  "invalid date '%s' (expected YYYY-MM-DD)", s);
	if (date_problem(y, m, d, why, sizeof(why)) < 0)
		return cases_errf(err, CASES_EINVAL, "invalid date '%s' (%s)",
				  s, why);
	*days = civil_days(y, m, d);
	return CASES_OK;
}

static int
bad_instant(const char *s, const char *why, char *err)
{
	if (why)
		return cases_errf(err, CASES_EINVAL,
				  "invalid time '%s' (%s; expected %s)", s, why,
				  INSTANT_FORMS);
	return cases_errf(err, CASES_EINVAL, "invalid time '%s' (expected %s)",
			  s, INSTANT_FORMS);
}

static int
parse_epoch(const char *s, int64_t *out, char *err)
{
	const char *p = s + 1;
	int neg = 0;
	int64_t v = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (!is_digit(*p))
		return bad_instant(s, NULL, err);
	for (; is_digit(*p); p++) {
		/* Stop growing well past the range; it is rejected below. */
		if (v <= INSTANT_MAX)
			v = v * 10 + (*p - '0');
	}
	if (*p != '\0')
		return bad_instant(s, NULL, err);
	if (neg)
		v = -v;
	if (v < INSTANT_MIN || v > INSTANT_MAX)
		return bad_instant(s, "outside years 0001 to 9999", err);
	*out = v;
	return CASES_OK;
}

int
timefmt_parse_instant(const char *s, const struct tz *local, int64_t *out,
		      char *err)
{
	const char *p;
	char why[64];
	int y, mo, d, h, mi, sec = 0, oh, om, offset = 0, has_offset = 0;
	int64_t t;

	if (*s == '@')
		return parse_epoch(s, out, err);
	/* The fixed-width fields below never read past the terminating NUL:
	 * each check fails on it first. */
	if (scan_date(s, &y, &mo, &d) < 0)
		return bad_instant(s, NULL, err);
	p = s + 10;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return bad_instant(s, NULL, err);
	p++;
	if ((h = digits(p, 2)) < 0 || p[2] != ':'
	    || (mi = digits(p + 3, 2)) < 0)
		return bad_instant(s, NULL, err);
	p += 5;
	if (*p == ':') {
		if ((sec = digits(p + 1, 2)) < 0)
			return bad_instant(s, NULL, err);
		p += 3;
		if (*p == '.') {
			if (!is_digit(p[1]))
				return bad_instant(s, NULL, err);
			for (p++; is_digit(*p); p++)
				;
		}
	} else if (s[10] != ' ') {
		/* RFC 3339 requires seconds. */
		return bad_instant(s, NULL, err);
	}
	if (*p == 'Z' || *p == 'z') {
		has_offset = 1;
		p++;
	} else if (*p == '+' || *p == '-') {
		if ((oh = digits(p + 1, 2)) < 0 || p[3] != ':'
		    || (om = digits(p + 4, 2)) < 0)
			return bad_instant(s, NULL, err);
		if (oh > 23 || om > 59)
			return bad_instant(s, "offset out of range", err);
		offset = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
		has_offset = 1;
		p += 6;
	}
	if (*p != '\0' || (s[10] != ' ' && !has_offset))
		return bad_instant(s, NULL, err);
	if (date_problem(y, mo, d, why, sizeof(why)) < 0)
		return bad_instant(s, why, err);
	if (h > 23)
		return bad_instant(s, "hour must be 00 to 23", err);
	if (mi > 59)
		return bad_instant(s, "minute must be 00 to 59", err);
	if (sec == 60)
		return bad_instant(s,
				   "second 60 is not accepted: Unix time has "
				   "no leap seconds",
				   err);
	if (sec > 59)
		return bad_instant(s, "second must be 00 to 59", err);
	t = civil_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	if (has_offset)
		t -= offset;
	else if (local)
		t = tz_to_utc(local, t);
	if (t < INSTANT_MIN || t > INSTANT_MAX)
		return bad_instant(s, "outside years 0001 to 9999", err);
	*out = t;
	return CASES_OK;
}

/* ---- times as people type them (formats.md 4) ---- */

#define WHEN_FORMS                                                             \
	"now, today, yesterday, tomorrow, -2h, +30m, 2h ago, 10:00, "          \
	"2026-11-23, 2026-11-23 10:00, 2026-11-23T10:00:00Z, "                 \
	"2026-11-23 10:00 America/New_York or @UNIX_SECONDS"

static int
bad_when(const char *s, const char *why, char *err)
{
	if (why)
		return cases_errf(err, CASES_EINVAL, "invalid time '%s' (%s)",
				  s, why);
	return cases_errf(err, CASES_EINVAL, "invalid time '%s' (expected %s)",
			  s, WHEN_FORMS);
}

/* The instant of local midnight `delta` days from the local date of now. */
static int64_t
local_midnight(const struct tz *local, int64_t now, int delta)
{
	int64_t l = local ? tz_to_local(local, now) : now;
	int64_t day = l / 86400 - (l % 86400 < 0);

	day += delta;
	return local ? tz_to_utc(local, day * 86400) : day * 86400;
}

/* The seconds of one unit word ("h", "hours", "min"...), or 0. */
static int64_t
unit_seconds(const char *w, size_t n)
{
	static const struct {
		const char *name;
		int64_t secs;
	} units[] = {
		{ "s", 1 },	   { "sec", 1 },       { "secs", 1 },
		{ "second", 1 },   { "seconds", 1 },   { "m", 60 },
		{ "min", 60 },	   { "mins", 60 },     { "minute", 60 },
		{ "minutes", 60 }, { "h", 3600 },      { "hr", 3600 },
		{ "hrs", 3600 },   { "hour", 3600 },   { "hours", 3600 },
		{ "d", 86400 },	   { "day", 86400 },   { "days", 86400 },
		{ "w", 604800 },   { "week", 604800 }, { "weeks", 604800 },
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i].name) == n
		    && strncasecmp(units[i].name, w, n) == 0)
			return units[i].secs;
	return 0;
}

/*
 * A span before or after now: "2h", "1h30m" (a duration) or "2 hours",
 * "90 minutes" (a number, spaces, a unit word). -1 when s is not one;
 * -2 when it is one but out of range.
 */
static int
parse_span(const char *s, size_t n, int64_t *secs)
{
	char buf[64], dummy[CASES_ERRMAX];
	const char *p = s, *end = s + n;
	int64_t v = 0, unit;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (timefmt_parse_duration(buf, secs, dummy) == CASES_OK)
		return 0;
	if (!is_digit(*p))
		return -1;
	for (; p < end && is_digit(*p); p++)
		if (v <= DURATION_MAX)
			v = v * 10 + (*p - '0');
	while (p < end && *p == ' ')
		p++;
	if (p == end || !(unit = unit_seconds(p, (size_t)(end - p))))
		return -1;
	if (v == 0 || v > DURATION_MAX / unit)
		return -2;
	*secs = v * unit;
	return 0;
}

/* "HH:MM[:SS[.frac]]" at s: the seconds of the day and the length read, or
 * -1 on a syntax error; a range problem is named in why. */
static int
scan_clock(const char *s, int *secs, char *why, size_t len)
{
	int h, mi, sec = 0, n = 5;

	why[0] = '\0';
	if ((h = digits(s, 2)) < 0 || s[2] != ':'
	    || (mi = digits(s + 3, 2)) < 0)
		return -1;
	if (s[5] == ':') {
		if ((sec = digits(s + 6, 2)) < 0)
			return -1;
		n = 8;
		if (s[8] == '.') {
			if (!is_digit(s[9]))
				return -1;
			for (n = 9; is_digit(s[n]); n++)
				;
		}
	}
	if (h > 23)
		snprintf(why, len, "hour must be 00 to 23");
	else if (mi > 59)
		snprintf(why, len, "minute must be 00 to 59");
	else if (sec == 60)
		snprintf(why, len,
			 "second 60 is not accepted: Unix time has no leap "
			 "seconds");
	else if (sec > 59)
		snprintf(why, len, "second must be 00 to 59");
	*secs = h * 3600 + mi * 60 + sec;
	return n;
}

/* What follows a date and a time: nothing (local time), Z, an offset or,
 * after a space, a zone's name. */
static int
parse_zone_part(const char *s, const char *p, const struct tz *local,
		int64_t wall, int64_t *out, char *err)
{
	const struct tz *zone;
	char inner[CASES_ERRMAX];
	int oh, om;

	if (*p == ' '
	    && (p[1] == 'Z' || p[1] == 'z' || p[1] == '+' || p[1] == '-'))
		p++;
	if (*p == '\0') {
		*out = local ? tz_to_utc(local, wall) : wall;
		return CASES_OK;
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
		*out = wall;
		return CASES_OK;
	}
	if (*p == '+' || *p == '-') {
		if ((oh = digits(p + 1, 2)) < 0 || p[3] != ':'
		    || (om = digits(p + 4, 2)) < 0 || p[6] != '\0')
			return bad_when(s,
					"an offset is written +HH:MM or -HH:MM "
					"at the end",
					err);
		if (oh > 23 || om > 59)
			return bad_when(s, "offset out of range", err);
		*out = wall - (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
		return CASES_OK;
	}
	if (*p != ' ' || p[1] == '\0' || p[1] == ' ')
		return bad_when(s,
				"after the time, expected Z, an offset like "
				"+01:00, or a space and a zone name like "
				"America/New_York",
				err);
	if (tz_load_user(p + 1, &zone, inner) != CASES_OK)
		return cases_errf(err, CASES_EINVAL, "invalid time '%s' (%s)",
				  s, inner);
	*out = tz_to_utc(zone, wall);
	return CASES_OK;
}

int
timefmt_parse_when(const char *s, const struct tz *local, int64_t now,
		   int64_t *out, char *err)
{
	static const char *const days[] = { "yesterday", "today", "tomorrow" };
	char why[96];
	size_t n = strlen(s), i;
	int y, mo, d, secs, len, rc;
	int64_t t, span;

	for (i = 0; i < 3; i++)
		if (strcasecmp(s, days[i]) == 0) {
			t = local_midnight(local, now, (int)i - 1);
			goto range;
		}
	if (strcasecmp(s, "now") == 0) {
		t = now;
		goto range;
	}
	if (*s == '@')
		return timefmt_parse_instant(s, NULL, out, err);
	if (*s == '-' || *s == '+') {
		rc = parse_span(s + 1, n - 1, &span);
		if (rc == -2)
			return bad_when(s, "longer than 100 years", err);
		if (rc < 0)
			return bad_when(s,
					"expected a span like -2h, +30m or "
					"-1h30m",
					err);
		t = *s == '-' ? now - span : now + span;
		goto range;
	}
	if (n > 4 && strcasecmp(s + n - 4, " ago") == 0) {
		rc = parse_span(s, n - 4, &span);
		if (rc == -2)
			return bad_when(s, "longer than 100 years", err);
		if (rc < 0)
			return bad_when(s,
					"expected a span before 'ago', like "
					"2h ago or 2 hours ago",
					err);
		t = now - span;
		goto range;
	}
	if (is_digit(s[0]) && is_digit(s[1]) && s[2] == ':') {
		/* A time of day alone: today, local. */
		if ((len = scan_clock(s, &secs, why, sizeof(why))) < 0
		    || s[len] != '\0')
			return bad_when(s, NULL, err);
		if (why[0])
			return bad_when(s, why, err);
		t = local_midnight(local, now, 0);
		t = local ? tz_to_utc(local, tz_to_local(local, t) + secs)
			  : t + secs;
		goto range;
	}
	if (scan_date(s, &y, &mo, &d) < 0)
		return bad_when(s, NULL, err);
	if (date_problem(y, mo, d, why, sizeof(why)) < 0)
		return bad_when(s, why, err);
	t = civil_days(y, mo, d) * 86400;
	if (s[10] == '\0') {
		/* A date alone: its local midnight. */
		t = local ? tz_to_utc(local, t) : t;
		goto range;
	}
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return bad_when(s, "expected T or a space after the date", err);
	if ((len = scan_clock(s + 11, &secs, why, sizeof(why))) < 0)
		return bad_when(s, "expected HH:MM or HH:MM:SS after the date",
				err);
	if (why[0])
		return bad_when(s, why, err);
	rc = parse_zone_part(s, s + 11 + len, local, t + secs, &t, err);
	if (rc)
		return rc;
range:
	if (t < INSTANT_MIN || t > INSTANT_MAX)
		return bad_when(s, "outside years 0001 to 9999", err);
	*out = t;
	return CASES_OK;
}

static int
bad_duration(const char *s, const char *why, char *err)
{
	if (why)
		return cases_errf(err, CASES_EINVAL,
				  "invalid duration '%s' (%s)", s, why);
	return cases_errf(err, CASES_EINVAL,
			  "invalid duration '%s' (expected %s)", s,
			  DURATION_FORMS);
}

int
timefmt_parse_duration(const char *s, int64_t *out, char *err)
{
	static const char units[] = "dhms";
	static const int64_t scale[] = { 86400, 3600, 60, 1 };
	const char *p = s, *u;
	int64_t total = 0, v;
	int next = 0; /* index of the smallest unit still allowed */

	if (*s == '-')
		return bad_duration(s, "must be positive", err);
	if (*s == '\0')
		return bad_duration(s, NULL, err);
	while (*p) {
		if (!is_digit(*p))
			return bad_duration(s, NULL, err);
		for (v = 0; is_digit(*p); p++) {
			if (v <= DURATION_MAX)
				v = v * 10 + (*p - '0');
		}
		if (*p == '\0' || !(u = strchr(units, *p)))
			return bad_duration(s, NULL, err);
		if (u - units < next)
			return bad_duration(s,
					    "units must be d, h, m, s, each "
					    "at most once and in that order",
					    err);
		next = (int)(u - units) + 1;
		p++;
		if (v > DURATION_MAX / scale[u - units])
			return bad_duration(s, "longer than 100 years", err);
		total += v * scale[u - units];
		if (total > DURATION_MAX)
			return bad_duration(s, "longer than 100 years", err);
	}
	if (total == 0)
		return bad_duration(s, "must be positive", err);
	*out = total;
	return CASES_OK;
}

/* Split t into a day number and seconds of the day without overflow. */
static void
split_day(int64_t t, int64_t *days, int *secs)
{
	int64_t d = t / 86400, r = t % 86400;

	if (r < 0) {
		r += 86400;
		d--;
	}
	*days = d;
	*secs = (int)r;
}

char *
timefmt_date(int64_t days, char *buf)
{
	int64_t y;
	int m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(buf, TIMEFMT_MAX, "%04" PRId64 "-%02d-%02d", y, m, d);
	return buf;
}

/* Write v (0..99) as two digits at p. */
static void
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

char *
timefmt_rfc3339(int64_t t, char *buf)
{
	int64_t days, y;
	int secs, m, d;
	size_t n;

	split_day(t, &days, &secs);
	civil_from_days(days, &y, &m, &d);
	if (y >= 0 && y <= 9999) {
		/* The common case without printf: it is on every output row. */
		memcpy(buf, "0000-00-00T00:00:00Z", 21);
		put2(buf, (int)(y / 100));
		put2(buf + 2, (int)(y % 100));
		put2(buf + 5, m);
		put2(buf + 8, d);
		put2(buf + 11, secs / 3600);
		put2(buf + 14, secs / 60 % 60);
		put2(buf + 17, secs % 60);
		return buf;
	}
	timefmt_date(days, buf);
	n = strlen(buf);
	snprintf(buf + n, TIMEFMT_MAX - n, "T%02d:%02d:%02dZ", secs / 3600,
		 secs / 60 % 60, secs % 60);
	return buf;
}

char *
timefmt_local(int64_t t, const struct tz *zone, char *buf)
{
	int64_t days;
	int secs, off = 0, aoff;
	size_t n;

	if (zone) {
		off = tz_offset(zone, t, NULL);
		t = tz_to_local(zone, t);
	}
	split_day(t, &days, &secs);
	timefmt_date(days, buf);
	n = strlen(buf);
	n += (size_t)snprintf(buf + n, TIMEFMT_MAX - n, " %02d:%02d",
			      secs / 3600, secs / 60 % 60);
	if (secs % 60)
		n += (size_t)snprintf(buf + n, TIMEFMT_MAX - n, ":%02d",
				      secs % 60);
	aoff = off < 0 ? -off : off;
	n += (size_t)snprintf(buf + n, TIMEFMT_MAX - n, " %c%02d:%02d",
			      off < 0 ? '-' : '+', aoff / 3600, aoff / 60 % 60);
	if (aoff % 60)
		snprintf(buf + n, TIMEFMT_MAX - n, ":%02d", aoff % 60);
	return buf;
}

char *
timefmt_duration(int64_t seconds, char *buf)
{
	static const char units[] = "dhms";
	static const uint64_t scale[] = { 86400, 3600, 60, 1 };
	uint64_t v, part[4];
	size_t n = 0;
	int i;

	if (seconds < 0) {
		buf[n++] = '-';
		v = (uint64_t)(-(seconds + 1)) + 1;
	} else {
		v = (uint64_t)seconds;
	}
	for (i = 0; i < 4; i++) {
		part[i] = v / scale[i];
		v %= scale[i];
	}
	for (i = 0; i < 3 && part[i] == 0; i++)
		;
	n += (size_t)snprintf(buf + n, TIMEFMT_MAX - n, "%" PRIu64 "%c",
			      part[i], units[i]);
	if (i < 3 && part[i + 1] != 0)
		snprintf(buf + n, TIMEFMT_MAX - n, " %" PRIu64 "%c",
			 part[i + 1], units[i + 1]);
	return buf;
}

char *
timefmt_local_sec(int64_t t, const struct tz *zone, char *buf)
{
	int64_t days;
	int secs;
	size_t n;

	if (zone)
		t = tz_to_local(zone, t);
	split_day(t, &days, &secs);
	timefmt_date(days, buf);
	n = strlen(buf);
	snprintf(buf + n, TIMEFMT_MAX - n, " %02d:%02d:%02d", secs / 3600,
		 secs / 60 % 60, secs % 60);
	return buf;
}

char *
timefmt_short(int64_t t, const struct tz *zone, int64_t now, char *buf)
{
	static const char wdays[7][4] = { "Mon", "Tue", "Wed", "Thu",
					  "Fri", "Sat", "Sun" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr",
					    "May", "Jun", "Jul", "Aug",
					    "Sep", "Oct", "Nov", "Dec" };
	int64_t days, today, y, ny;
	int secs, nsecs, m, d, nm, nd;

	if (zone) {
		t = tz_to_local(zone, t);
		now = tz_to_local(zone, now);
	}
	split_day(t, &days, &secs);
	split_day(now, &today, &nsecs);
	civil_from_days(days, &y, &m, &d);
	civil_from_days(today, &ny, &nm, &nd);
	if (days == today)
		snprintf(buf, TIMEFMT_MAX, "%02d:%02d", secs / 3600,
			 secs / 60 % 60);
	else if (days - today < 7 && today - days < 7)
		snprintf(buf, TIMEFMT_MAX, "%s %02d:%02d",
			 wdays[civil_weekday(days)], secs / 3600,
			 secs / 60 % 60);
	else if (y == ny)
		snprintf(buf, TIMEFMT_MAX, "%s %d %02d:%02d", months[m - 1], d,
			 secs / 3600, secs / 60 % 60);
	else
		snprintf(buf, TIMEFMT_MAX, "%04d-%02d-%02d %02d:%02d", (int)y,
			 m, d, secs / 3600, secs / 60 % 60);
	return buf;
}

char *
timefmt_duration_spec(int64_t seconds, char *buf)
{
	static const char units[] = "dhms";
	static const uint64_t scale[] = { 86400, 3600, 60, 1 };
	uint64_t v, part;
	size_t n = 0;
	int i;

	if (seconds == 0) {
		snprintf(buf, TIMEFMT_MAX, "0s");
		return buf;
	}
	if (seconds < 0) {
		buf[n++] = '-';
		v = (uint64_t)(-(seconds + 1)) + 1;
	} else {
		v = (uint64_t)seconds;
	}
	buf[n] = '\0';
	for (i = 0; i < 4; i++) {
		part = v / scale[i];
		v %= scale[i];
		if (part)
			n += (size_t)snprintf(buf + n, TIMEFMT_MAX - n,
					      "%" PRIu64 "%c", part, units[i]);
	}
	return buf;
}
