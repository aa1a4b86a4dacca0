/*
 * sla.h - business-hours calendars and first-response deadlines.
 *
 * Pure functions: instants in, instants out. No clock, no database, no I/O
 * beyond what the borrowed time zone already loaded.
 *
 * A calendar is a time zone, weekly business hours in local wall-clock time
 * and a sorted list of holiday dates (local day numbers, see civil.h).
 * Business time is the union of the calendar's [start, end) intervals; a
 * holiday removes its whole local day. Deadline rules: docs/deadlines.md.
 *
 * A span [s, e) of local day D (not a holiday) covers the instants
 * [tz_to_utc(D * 86400 + s), tz_to_utc(D * 86400 + e)): an edge in a
 * spring-forward gap is shifted forward by the gap, one in a fall-back
 * fold means its first occurrence, an interval made empty or inverted
 * holds nothing, and time covered twice counts once. So on New York's
 * spring-forward day 02:30-05:00 holds 1.5 h (03:30-05:00 EDT), and on
 * its fall-back day 00:00-01:30 holds 1.5 h (the repeated 01:00-01:30 EST
 * is not business time) while 00:00-24:00 holds 25 h.
 */
#ifndef CASES_SLA_H
#define CASES_SLA_H

#include <stddef.h>
#include <stdint.h>

#include "cases/error.h"

struct tz;

#define SLA_MAX_SPANS 24 /* merged intervals per weekday */

/* One business interval of a local day, seconds after local midnight,
 * 0 <= start < end <= 86400. */
struct sla_span {
	int32_t start;
	int32_t end;
};

/*
 * Weekly hours after normalisation: overnight items are split at midnight,
 * so day[d] holds the sorted, merged, non-overlapping intervals that fall on
 * weekday d (0 = Monday ... 6 = Sunday).
 */
struct sla_hours {
	int nspan[7];
	struct sla_span span[7][SLA_MAX_SPANS];
};

/* The default hours, "mon-fri 08:00-18:00". */
#define SLA_DEFAULT_HOURS "mon-fri 08:00-18:00"

/*
 * Parse an hours spec (docs/domain.md 7): comma-separated "DAYS HH:MM-HH:MM"
 * items; DAYS is mon..sun or a range (which may wrap, fri-mon); 24:00 only as
 * an end; end < start is an overnight shift owned by its start day; end ==
 * start is rejected; overlaps merge. Case-insensitive, spaces tolerated.
 * CASES_EINVAL with the offending item quoted in err.
 */
int sla_hours_parse(const char *spec, struct sla_hours *out,
		    char *err) CASES_MUST_CHECK;

/* Room for the longest text sla_hours_format() can produce. */
#define SLA_HOURS_FMTMAX 4096

/* Canonical text of hours, re-parseable to the same value, e.g.
 * "mon-fri 08:00-18:00" or "mon-sun 00:00-24:00"; days with equal hours are
 * grouped into (possibly wrapping) ranges and overnight shifts come out
 * split at midnight ("mon-sun 00:00-06:00, mon-sun 22:00-24:00"). Spans
 * must be whole minutes, as sla_hours_parse() makes them; hours with no
 * span at all give "" (which does not parse). The text is cut to fit len
 * (always NUL-terminated when len > 0); SLA_HOURS_FMTMAX bytes always
 * suffice. Returns buf. */
char *sla_hours_format(const struct sla_hours *h, char *buf, size_t len);

/* Business seconds in one week of h (ignoring DST and holidays). */
int64_t sla_hours_weekly(const struct sla_hours *h);

struct calendar {
	const struct tz *zone; /* borrowed */
	struct sla_hours hours;
	const int64_t *holidays; /* borrowed, sorted ascending, unique */
	size_t nholidays;
};

/*
 * The first-response deadline: the earliest instant at which target_s
 * seconds of business time have elapsed since opened_at. Time before the
 * first opening does not count; a target ending exactly at a closing time is
 * due at that closing time. target_s must be > 0.
 * An instant is business time when it lies in the interval of instants
 * that some span of a non-holiday local day covers, its edges converted
 * with tz_to_utc() (see above and sla.c).
 * CASES_EINVAL when the calendar has no business time at all (or none within
 * the search horizon), when target_s <= 0, or when opened_at or the deadline
 * falls outside years 1-9999, with the reason in err.
 */
int sla_due(const struct calendar *cal, int64_t opened_at, int64_t target_s,
	    int64_t *due, char *err) CASES_MUST_CHECK;

/* Business seconds inside [from, to); 0 when to <= from. */
int64_t sla_elapsed(const struct calendar *cal, int64_t from, int64_t to);

/* One step of a deadline computation, for `cases explain`. */
enum sla_step_kind {
	SLA_STEP_COUNT,	  /* business interval [from, to) counted */
	SLA_STEP_HOLIDAY, /* local day `day` skipped as a holiday */
	SLA_STEP_CLOSED,  /* local day `day` has no business hours */
};

struct sla_step {
	enum sla_step_kind kind;
	int64_t day;	   /* local day number the step belongs to */
	int64_t from, to;  /* instants (COUNT only) */
	int64_t counted;   /* seconds counted by this step (COUNT only) */
	int64_t remaining; /* target seconds still to count after this step */
	int dst;	   /* non-zero if the step's real length differs from
			      its wall-clock length (the UTC offsets at from
			      and to differ) */
};

typedef void (*sla_step_fn)(void *arg, const struct sla_step *step);

/* Same as sla_due(), calling fn for every step in order (fn may be NULL).
 * Holidays and closed days are reported once each, from the day of
 * opened_at up to the deadline (never after it); a day whose hours are
 * already past at opened_at is not reported. A COUNT step covers the
 * interval of one span of one day, or the part of it that is after
 * opened_at, before the deadline and not already counted by an earlier
 * step (intervals overlap only around a DST gap). */
int sla_explain(const struct calendar *cal, int64_t opened_at, int64_t target_s,
		sla_step_fn fn, void *arg, int64_t *due,
		char *err) CASES_MUST_CHECK;

#endif
