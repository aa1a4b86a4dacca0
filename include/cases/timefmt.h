/*
 * timefmt.h - parse and print instants, dates and durations.
 *
 * Instants are UTC Unix seconds in int64_t. Accepted instants (formats.md 4):
 *   RFC 3339 with Z or an offset, fractional seconds dropped:
 *     2026-11-26T09:00:00Z, 2026-11-26T09:00:00.250+01:00
 *   @UNIX_SECONDS
 *   YYYY-MM-DD HH:MM[:SS] in a given local zone (gap: shifted forward,
 *   fold: first occurrence); with Z or an offset appended it is read as
 *   RFC 3339 with a space for the T
 * Second 60, hour 24, invalid dates and instants outside years 1..9999 are
 * rejected, as is anything left over after the instant.
 * Durations: one or more NUMBER UNIT pairs, units d h m s, each at most once
 * and in that order: 90s, 1h30m, 2d4h; > 0 and at most 100 years (36525 d).
 * Error messages quote the input and name the accepted forms or say why the
 * value is impossible ("2025 is not a leap year").
 */
#ifndef CASES_TIMEFMT_H
#define CASES_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#include "cases/error.h"

struct tz;

#define TIMEFMT_MAX 40 /* room for any string these functions print */

/* The last instant read and printed (RFC 3339 has four-digit years), and
 * so the last one cases records: 9999-12-31T23:59:59Z. */
#define TIMEFMT_INSTANT_MAX	 253402300799LL
#define TIMEFMT_INSTANT_MAX_TEXT "9999-12-31T23:59:59Z"

/* Parse an instant; `local` is the zone for the "YYYY-MM-DD HH:MM" form
 * (NULL means UTC). CASES_EINVAL with the offending text quoted in err. */
int timefmt_parse_instant(const char *s, const struct tz *local, int64_t *out,
			  char *err) CASES_MUST_CHECK;

/*
 * Parse a TIME as people type it on the command line (formats.md 4):
 *   now, today, yesterday, tomorrow   (the last two: local midnight)
 *   -2h, +30m, -1h30m, 2h ago, 2 hours ago, 90 minutes ago  (from now)
 *   HH:MM[:SS]                        today, local time
 *   YYYY-MM-DD                        local midnight
 *   YYYY-MM-DD[T| ]HH:MM[:SS[.frac]]  local time, or with Z, an offset
 *                                     (+01:00) or a space and a zone name
 *                                     (2026-11-23 10:00 America/New_York)
 *   @UNIX_SECONDS
 * `local` is the zone of local time (NULL: UTC), `now` the instant "now"
 * and the relative forms count from. The error names what is wrong.
 */
int timefmt_parse_when(const char *s, const struct tz *local, int64_t now,
		       int64_t *out, char *err) CASES_MUST_CHECK;

/* Parse a positive duration into seconds. CASES_EINVAL on error. */
int timefmt_parse_duration(const char *s, int64_t *out,
			   char *err) CASES_MUST_CHECK;

/* Parse YYYY-MM-DD (years 0001..9999) into a day number (see civil.h).
 * CASES_EINVAL on error. */
int timefmt_parse_date(const char *s, int64_t *days,
		       char *err) CASES_MUST_CHECK;

/* "2026-11-26T09:00:00Z"; returns buf, which holds TIMEFMT_MAX bytes. */
char *timefmt_rfc3339(int64_t t, char *buf);

/* Local time with its offset, "2026-11-26 10:00 +01:00" (seconds shown only
 * when not zero, as are the seconds of an offset, "+05:45", "-04:56:02");
 * zone NULL means UTC. Returns buf (TIMEFMT_MAX bytes). */
char *timefmt_local(int64_t t, const struct tz *zone, char *buf);

/* "2026-11-26"; returns buf (TIMEFMT_MAX bytes). */
char *timefmt_date(int64_t days, char *buf);

/* Compact duration for people: the most significant non-zero unit of d, h,
 * m, s, then the next unit when it is not zero (never zero-padded);
 * smaller units are truncated. "1d 2h", "1d", "2h 5m", "14m", "14m 30s",
 * "45s", "0s"; negative values get a leading '-' ("-1h 30m"). Returns buf
 * (TIMEFMT_MAX bytes). */
char *timefmt_duration(int64_t seconds, char *buf);

/* Local time, always to the second and without its offset (for views
 * that name the zone once): "2026-11-26 10:00:00"; zone NULL means UTC.
 * Returns buf (TIMEFMT_MAX bytes). */
char *timefmt_local_sec(int64_t t, const struct tz *zone, char *buf);

/* Local time for a table, as short as the distance from now allows, in
 * zone (NULL: UTC), minutes truncated: "11:40" on now's local date, "Mon
 * 11:40" within six days either side of it, "Nov 21 11:40" in the same
 * year, else "2025-11-21 11:40". Returns buf (TIMEFMT_MAX bytes). */
char *timefmt_short(int64_t t, const struct tz *zone, int64_t now, char *buf);

/* Canonical duration as accepted by timefmt_parse_duration: every non-zero
 * unit in order, "1h30m", "1m30s" for 90 s, "1d", "2d4h". 0 prints "0s" and
 * negative values "-1h30m"; those (and values over 100 years) do not parse
 * back. Returns buf (TIMEFMT_MAX bytes). */
char *timefmt_duration_spec(int64_t seconds, char *buf);

#endif
