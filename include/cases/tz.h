/*
 * tz.h - IANA time zones read from the system's TZif files.
 *
 * A zone converts between UTC instants (Unix seconds) and local wall-clock
 * time expressed as "local seconds": seconds since 1970-01-01T00:00 as if
 * the local wall clock were UTC. Local seconds make calendar arithmetic plain
 * integer arithmetic: local_day = floor(local / 86400).
 *
 * Zones are loaded once per process and cached by name (the cache may be
 * used from several threads); a returned zone is borrowed, immutable and
 * valid until tz_cache_clear(), which no other thread may run beside. Conversions accept any int64_t and saturate instead of
 * overflowing at the extremes.
 */
#ifndef CASES_TZ_H
#define CASES_TZ_H

#include <stddef.h>
#include <stdint.h>

#include "cases/error.h"

struct tz;

/*
 * Load a zone by IANA name ("UTC", "Europe/London", "Asia/Kathmandu").
 * Names are looked up under $TZDIR, else /usr/share/zoneinfo; names that are
 * absolute, contain "..", contain characters other than [A-Za-z0-9/_+-], or
 * are not a valid TZif file (leap-second "right/" files included) are
 * rejected, and so is a file that is not a regular file (a FIFO is never
 * opened for a blocking read). Returns CASES_OK, or CASES_EINVAL with
 * "unknown time zone 'NAME'" in err, followed by the reason when the file
 * exists but cannot be read (CASES_ENOMEM on allocation failure).
 */
int tz_load(const char *name, const struct tz **out,
	    char *err) CASES_MUST_CHECK;

/*
 * A zone the user names (--tz, a zone after a time): tz_load(), but a bare
 * abbreviation such as "EST", "PST" or "CET", in any letter case, is
 * refused even where tzdata keeps a legacy file of that name: CASES_EINVAL
 * with "time zone 'EST' is an abbreviation, not a zone: use
 * 'America/New_York'" and, for a whole-hour offset, the exact name of the
 * fixed-offset file ("Etc/GMT+5"). The one place of this rule
 * (docs/domain.md 7.3); names already stored load with tz_load().
 */
int tz_load_user(const char *name, const struct tz **out,
		 char *err) CASES_MUST_CHECK;

/*
 * The zone for local time as the C library would choose it from $TZ, with
 * or without a leading ':': the absolute path of a TZif file
 * (":/etc/localtime", "/usr/share/zoneinfo/Europe/Paris"), an IANA name
 * read under $TZDIR, or failing that a POSIX TZ string such as
 * "EST5EDT,M3.2.0,M11.1.0" or "UTC0"; an unset, empty or ":" $TZ means
 * /etc/localtime when it is a TZif file, else UTC. A $TZ that is none of
 * these is CASES_EINVAL with "unknown time zone 'TZ'" (and why, when a file
 * was found but could not be read) in err. Files are checked before they
 * are read: a FIFO or a device is refused, never waited on.
 */
int tz_local(const struct tz **out, char *err) CASES_MUST_CHECK;

/* UTC, built in (no file is read); NULL only when out of memory. */
const struct tz *tz_utc(void);

/* The name the zone was loaded under. */
const char *tz_name(const struct tz *zone);

/* UTC offset (seconds east) in effect at instant t; abbr, if not NULL,
 * receives a borrowed abbreviation such as "EST". */
int32_t tz_offset(const struct tz *zone, int64_t t, const char **abbr);

/* Local seconds for instant t. */
int64_t tz_to_local(const struct tz *zone, int64_t t);

/*
 * The instant for local seconds `local`. A local time that does not exist
 * (spring-forward gap) is shifted forward by the length of the gap; one that
 * occurs twice (fall-back) resolves to its first occurrence. Both mean: use
 * the UTC offset in effect just before the transition (docs/deadlines.md 3).
 */
int64_t tz_to_utc(const struct tz *zone, int64_t local);

/*
 * Parse TZif data (RFC 8536, versions 1 to 4) held in memory; tz_load() uses
 * it for files. Version 2+ data uses the 64-bit block and its POSIX TZ footer
 * rule. On success *out is a new zone, not cached, owned by the caller and
 * freed with tz_free(); name is copied. CASES_EINVAL with the reason in err
 * for malformed data or leap-second ("right/") data, CASES_ENOMEM.
 */
int tz_parse_tzif(const unsigned char *buf, size_t len, const char *name,
		  struct tz **out, char *err) CASES_MUST_CHECK;

/* Free a zone from tz_parse_tzif() (NULL is fine). Never pass a cached zone
 * from tz_load() or tz_local(). */
void tz_free(struct tz *zone);

/* Free every cached zone (for leak checkers and tests). */
void tz_cache_clear(void);

#endif
