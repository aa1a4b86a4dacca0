/*
 * test_timefmt.c - parsing and printing of instants, dates and durations.
 * Expected instants come from Python's calendar.timegm().
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/error.h"
#include "cases/timefmt.h"
#include "cases/tz.h"

#ifndef TZDIR_FOR_TESTS
#define TZDIR_FOR_TESTS "/usr/share/zoneinfo"
#endif

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define FORMS                                                                  \
	"expected RFC 3339 like 2026-11-26T09:00:00Z, @UNIX_SECONDS, or "      \
	"'YYYY-MM-DD HH:MM[:SS]'"
#define DFORMS "expected e.g. 90s, 15m, 4h, 1d, 1h30m"

static void
setup(void)
{
	setenv("TZDIR", TZDIR_FOR_TESTS, 1);
}

static void
teardown(void)
{
	tz_cache_clear();
}

TestSuite(timefmt, .init = setup, .fini = teardown);

static const struct tz *
zone(const char *name)
{
	const struct tz *z;
	char err[CASES_ERRMAX];

	cr_assert_eq(tz_load(name, &z, err), CASES_OK, "%s", err);
	return z;
}

struct instant_ok {
	const char *s;
	const char *zone; /* for the local form; NULL is UTC */
	int64_t want;
};

Test(timefmt, accepted_instants)
{
	static const struct instant_ok cases[] = {
		{ "2026-11-26T09:00:00Z", NULL, 1795683600 },
		{ "2026-11-26t09:00:00z", NULL, 1795683600 },
		{ "2026-11-26 09:00:00Z", NULL, 1795683600 },
		{ "2026-11-26T09:00:00+01:00", NULL, 1795680000 },
		{ "2026-11-26T09:00:00-05:30", NULL, 1795703400 },
		{ "2026-11-26T09:00:00+00:00", NULL, 1795683600 },
		{ "2026-11-26T09:00:00-00:00", NULL, 1795683600 },
		{ "2026-11-26T09:00:00.250+01:00", NULL, 1795680000 },
		{ "2026-11-26T09:00:00.999999999Z", NULL, 1795683600 },
		{ "2026-11-26T09:00:00.5Z", NULL, 1795683600 },
		{ "2024-02-29T12:00:00Z", NULL, 1709208000 },
		{ "2000-02-29T00:00:00Z", NULL, 951782400 },
		{ "1970-01-01T00:00:00Z", NULL, 0 },
		{ "1969-12-31T23:59:59Z", NULL, -1 },
		{ "0001-01-01T00:00:00Z", NULL, -62135596800 },
		{ "9999-12-31T23:59:59Z", NULL, 253402300799 },
		{ "0001-01-01T01:00:00+01:00", NULL, -62135596800 },
		{ "@0", NULL, 0 },
		{ "@1795683600", NULL, 1795683600 },
		{ "@-1", NULL, -1 },
		{ "@-62135596800", NULL, -62135596800 },
		{ "@253402300799", NULL, 253402300799 },
		{ "@0001795683600", NULL, 1795683600 },
		/* The local form. */
		{ "2026-11-26 09:00", NULL, 1795683600 },
		{ "2026-11-26 09:00", "America/New_York", 1795701600 },
		{ "2026-11-26 09:00:30", "America/New_York", 1795701630 },
		{ "2026-11-26 10:00", "Asia/Kathmandu", 1795666500 },
		{ "2026-11-26 10:00:05", "Asia/Kathmandu", 1795666505 },
		/* Gap: 02:30 does not exist, shifted forward to 03:30 EDT. */
		{ "2026-03-08 02:30", "America/New_York", 1772955000 },
		/* Fold: 01:30 happens twice, the first (EDT) is meant. */
		{ "2026-11-01 01:30", "America/New_York", 1793511000 },
		{ "2026-11-01 01:30:00", "America/New_York", 1793511000 },
		/* An explicit offset wins over the zone. */
		{ "2026-11-26 09:00:00+01:00", "America/New_York", 1795680000 },
	};
	char err[CASES_ERRMAX];
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		int64_t got = 42;
		const struct tz *z = cases[i].zone ? zone(cases[i].zone) : NULL;

		err[0] = '\0';
		cr_assert_eq(timefmt_parse_instant(cases[i].s, z, &got, err),
			     CASES_OK, "'%s': %s", cases[i].s, err);
		cr_assert_eq(got, cases[i].want, "'%s' in %s: %lld, want %lld",
			     cases[i].s, cases[i].zone ? cases[i].zone : "UTC",
			     (long long)got, (long long)cases[i].want);
	}
}

struct instant_bad {
	const char *s;
	const char *why; /* NULL: the plain list of forms */
};

Test(timefmt, rejected_instants)
{
	static const struct instant_bad cases[] = {
		{ "", NULL },
		{ "2026-02-30T09:00:00Z", "February 2026 has 28 days" },
		{ "2025-02-29T09:00:00Z", "2025 is not a leap year" },
		{ "1900-02-29T09:00:00Z", "1900 is not a leap year" },
		{ "2026-04-31T09:00:00Z", "April 2026 has 30 days" },
		{ "2026-13-01T00:00:00Z", "month must be 01 to 12" },
		{ "2026-00-01T00:00:00Z", "month must be 01 to 12" },
		{ "2026-01-00T00:00:00Z", "day must be 01 to 31" },
		{ "0000-01-01T00:00:00Z", "year must be 0001 to 9999" },
		{ "2026-11-26T24:00:00Z", "hour must be 00 to 23" },
		{ "2026-11-26 24:00", "hour must be 00 to 23" },
		{ "2026-11-26T09:60:00Z", "minute must be 00 to 59" },
		{ "2026-11-26T09:00:61Z", "second must be 00 to 59" },
		{ "2026-12-31T23:59:60Z",
		  "second 60 is not accepted: Unix time has no leap seconds" },
		{ "2026-11-26T09:00:00+24:00", "offset out of range" },
		{ "2026-11-26T09:00:00+01:60", "offset out of range" },
		{ "0001-01-01T00:30:00+01:00", "outside years 0001 to 9999" },
		{ "9999-12-31T23:59:59-01:00", "outside years 0001 to 9999" },
		{ "@253402300800", "outside years 0001 to 9999" },
		{ "@-62135596801", "outside years 0001 to 9999" },
		{ "@99999999999999999999999999", "outside years 0001 to 9999" },
		{ "@-99999999999999999999999999",
		  "outside years 0001 to 9999" },
		{ "2026-11-26T09:00:00Zjunk", NULL },
		{ "2026-11-26T09:00:00Z ", NULL },
		{ " 2026-11-26T09:00:00Z", NULL },
		{ "2026-11-26T09:00:00", NULL },
		{ "2026-11-26T09:00Z", NULL },
		{ "2026-11-26T09:00:00.Z", NULL },
		{ "2026-11-26T09:00:00,5Z", NULL },
		{ "2026-11-26T09:00:00+0100", NULL },
		{ "2026-11-26T09:00:00+1:00", NULL },
		{ "2026-11-26T09:00:00z+01:00", NULL },
		{ "2026-11-26", NULL },
		{ "2026-11-26 09", NULL },
		{ "2026-11-26 9:00", NULL },
		{ "2026-11-26 09:00 ", NULL },
		{ "2026-11-26 09:00:0", NULL },
		{ "2026-11-26  09:00", NULL },
		{ "2026-11-26X09:00:00Z", NULL },
		{ "26-11-26T09:00:00Z", NULL },
		{ "+2026-11-26T09:00:00Z", NULL },
		{ "20261-11-26T09:00:00Z", NULL },
		{ "2026/11/26 09:00", NULL },
		{ "@", NULL },
		{ "@-", NULL },
		{ "@+5", NULL },
		{ "@12x", NULL },
		{ "@ 12", NULL },
		{ "@1.5", NULL },
		{ "now", NULL },
	};
	char err[CASES_ERRMAX], want[CASES_ERRMAX];
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		int64_t got = 42;

		cr_assert_eq(timefmt_parse_instant(cases[i].s,
						   zone("America/New_York"),
						   &got, err),
			     CASES_EINVAL, "'%s' accepted", cases[i].s);
		cr_assert_eq(got, 42, "'%s' wrote its output", cases[i].s);
		if (cases[i].why)
			snprintf(want, sizeof(want),
				 "invalid time '%s' (%s; %s)", cases[i].s,
				 cases[i].why, FORMS);
		else
			snprintf(want, sizeof(want), "invalid time '%s' (%s)",
				 cases[i].s, FORMS);
		cr_assert_str_eq(err, want);
	}
}

Test(timefmt, error_message_matches_the_spec_wording)
{
	char err[CASES_ERRMAX];
	int64_t t;

	cr_assert_eq(timefmt_parse_instant("tomorrow", NULL, &t, err),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "invalid time 'tomorrow' (expected RFC 3339 like "
			      "2026-11-26T09:00:00Z, @UNIX_SECONDS, or "
			      "'YYYY-MM-DD HH:MM[:SS]')");
	cr_assert_eq(timefmt_parse_duration("5", &t, err), CASES_EINVAL);
	cr_assert_str_eq(err, "invalid duration '5' (expected e.g. 90s, 15m, "
			      "4h, 1d, 1h30m)");
	cr_assert_eq(timefmt_parse_date("2025-02-29", &t, err), CASES_EINVAL);
	cr_assert_str_eq(err, "invalid date '2025-02-29' (2025 is not a leap "
			      "year)");
	/* A NULL error buffer is allowed. */
	cr_assert_eq(timefmt_parse_instant("x", NULL, &t, NULL), CASES_EINVAL);
}

struct duration_case {
	const char *s;
	int64_t want;	 /* 0: rejected */
	const char *why; /* for rejections; NULL: the list of forms */
};

Test(timefmt, durations)
{
	static const struct duration_case cases[] = {
		{ "90s", 90, NULL },
		{ "15m", 900, NULL },
		{ "4h", 14400, NULL },
		{ "1d", 86400, NULL },
		{ "1h30m", 5400, NULL },
		{ "2d4h", 187200, NULL },
		{ "1d2h3m4s", 93784, NULL },
		{ "1d30s", 86430, NULL },
		{ "01h", 3600, NULL },
		{ "0h5m", 300, NULL },
		{ "1h0m", 3600, NULL },
		{ "1s", 1, NULL },
		{ "36525d", 3155760000LL, NULL },
		{ "3155760000s", 3155760000LL, NULL },
		{ "36524d23h59m60s", 3155760000LL, NULL },
		{ "0s", 0, "must be positive" },
		{ "0d0h", 0, "must be positive" },
		{ "-5m", 0, "must be positive" },
		{ "36526d", 0, "longer than 100 years" },
		{ "36525d1s", 0, "longer than 100 years" },
		{ "3155760001s", 0, "longer than 100 years" },
		{ "99999999999999999999999s", 0, "longer than 100 years" },
		{ "1h1h", 0,
		  "units must be d, h, m, s, each at most once and in that "
		  "order" },
		{ "1m1h", 0,
		  "units must be d, h, m, s, each at most once and in that "
		  "order" },
		{ "1s1m", 0,
		  "units must be d, h, m, s, each at most once and in that "
		  "order" },
		{ "5", 0, NULL },
		{ "h", 0, NULL },
		{ "1.5h", 0, NULL },
		{ "", 0, NULL },
		{ "1H", 0, NULL },
		{ " 1h", 0, NULL },
		{ "1h ", 0, NULL },
		{ "1 h", 0, NULL },
		{ "1h30", 0, NULL },
		{ "+5m", 0, NULL },
		{ "1w", 0, NULL },
		{ "1hm", 0, NULL },
		{ "PT1H", 0, NULL },
	};
	char err[CASES_ERRMAX], want[CASES_ERRMAX];
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		int64_t got = 42;
		int rc = timefmt_parse_duration(cases[i].s, &got, err);

		if (cases[i].want) {
			cr_assert_eq(rc, CASES_OK, "'%s': %s", cases[i].s, err);
			cr_assert_eq(got, cases[i].want, "'%s': %lld",
				     cases[i].s, (long long)got);
			continue;
		}
		cr_assert_eq(rc, CASES_EINVAL, "'%s' accepted", cases[i].s);
		cr_assert_eq(got, 42);
		snprintf(want, sizeof(want), "invalid duration '%s' (%s)",
			 cases[i].s, cases[i].why ? cases[i].why : DFORMS);
		cr_assert_str_eq(err, want);
	}
}

struct date_case {
	const char *s;
	int64_t days;
	const char *why; /* NULL: accepted */
};

Test(timefmt, dates)
{
	static const struct date_case cases[] = {
		{ "2026-11-26", 20783, NULL },
		{ "1970-01-01", 0, NULL },
		{ "0001-01-01", -719162, NULL },
		{ "9999-12-31", 2932896, NULL },
		{ "2024-02-29", 19782, NULL },
		{ "2025-02-29", 0, "2025 is not a leap year" },
		{ "2100-02-29", 0, "2100 is not a leap year" },
		{ "2026-02-30", 0, "February 2026 has 28 days" },
		{ "2024-02-30", 0, "February 2024 has 29 days" },
		{ "2026-04-31", 0, "April 2026 has 30 days" },
		{ "2026-01-32", 0, "January 2026 has 31 days" },
		{ "2026-13-01", 0, "month must be 01 to 12" },
		{ "2026-00-10", 0, "month must be 01 to 12" },
		{ "2026-01-00", 0, "day must be 01 to 31" },
		{ "0000-01-01", 0, "year must be 0001 to 9999" },
		{ "2026-1-1", 0, "expected YYYY-MM-DD" },
		{ "2026-11-26x", 0, "expected YYYY-MM-DD" },
		{ "2026-11-26 ", 0, "expected YYYY-MM-DD" },
		{ "2026-11", 0, "expected YYYY-MM-DD" },
		{ "", 0, "expected YYYY-MM-DD" },
		{ "20261126", 0, "expected YYYY-MM-DD" },
	};
	char err[CASES_ERRMAX], want[CASES_ERRMAX];
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		int64_t got = 42;
		int rc = timefmt_parse_date(cases[i].s, &got, err);

		if (!cases[i].why) {
			cr_assert_eq(rc, CASES_OK, "'%s': %s", cases[i].s, err);
			cr_assert_eq(got, cases[i].days, "'%s'", cases[i].s);
			continue;
		}
		cr_assert_eq(rc, CASES_EINVAL, "'%s' accepted", cases[i].s);
		snprintf(want, sizeof(want), "invalid date '%s' (%s)",
			 cases[i].s, cases[i].why);
		cr_assert_str_eq(err, want);
	}
}

Test(timefmt, print_rfc3339_and_date)
{
	static const struct {
		int64_t t;
		const char *want;
	} cases[] = {
		{ 0, "1970-01-01T00:00:00Z" },
		{ 1795683600, "2026-11-26T09:00:00Z" },
		{ 1795666505, "2026-11-26T04:15:05Z" },
		{ -1, "1969-12-31T23:59:59Z" },
		{ -62135596800, "0001-01-01T00:00:00Z" },
		{ 253402300799, "9999-12-31T23:59:59Z" },
		{ 951868799, "2000-02-29T23:59:59Z" },
	};
	char buf[TIMEFMT_MAX];
	size_t i;
	int64_t t;

	for (i = 0; i < NELEM(cases); i++) {
		cr_assert_eq(timefmt_rfc3339(cases[i].t, buf), buf);
		cr_assert_str_eq(buf, cases[i].want);
		/* And it parses back. */
		cr_assert_eq(timefmt_parse_instant(buf, NULL, &t, NULL),
			     CASES_OK);
		cr_assert_eq(t, cases[i].t);
	}
	cr_assert_str_eq(timefmt_date(20783, buf), "2026-11-26");
	cr_assert_str_eq(timefmt_date(-719162, buf), "0001-01-01");
	cr_assert_str_eq(timefmt_date(-1, buf), "1969-12-31");
	/* Extremes fit the buffer. */
	timefmt_rfc3339(INT64_MIN, buf);
	cr_assert_lt(strlen(buf), TIMEFMT_MAX);
	timefmt_rfc3339(INT64_MAX, buf);
	cr_assert_lt(strlen(buf), TIMEFMT_MAX);
	timefmt_date(INT64_MIN, buf);
	cr_assert_lt(strlen(buf), TIMEFMT_MAX);
}

Test(timefmt, print_local)
{
	static const struct {
		const char *zone;
		int64_t t;
		const char *want;
	} cases[] = {
		{ "Europe/Berlin", 1795683600, "2026-11-26 10:00 +01:00" },
		{ "Asia/Kathmandu", 1795666505, "2026-11-26 10:00:05 +05:45" },
		{ "America/New_York", 1795705200, "2026-11-26 10:00 -05:00" },
		{ "America/St_Johns", 1795705200, "2026-11-26 11:30 -03:30" },
		{ "Pacific/Chatham", 1795683600, "2026-11-26 22:45 +13:45" },
		{ "America/New_York", 1772955000, "2026-03-08 03:30 -04:00" },
		/* Local mean time before 1883: -4:56:02. */
		{ "America/New_York", -3000000000LL,
		  "1874-12-07 13:43:58 -04:56:02" },
		{ NULL, 1795683600, "2026-11-26 09:00 +00:00" },
		{ "UTC", 0, "1970-01-01 00:00 +00:00" },
	};
	char buf[TIMEFMT_MAX];
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		const struct tz *z = cases[i].zone ? zone(cases[i].zone) : NULL;

		cr_assert_eq(timefmt_local(cases[i].t, z, buf), buf);
		cr_assert_str_eq(buf, cases[i].want);
	}
	timefmt_local(INT64_MIN, zone("America/New_York"), buf);
	cr_assert_lt(strlen(buf), TIMEFMT_MAX);
	timefmt_local(INT64_MAX, zone("Asia/Kathmandu"), buf);
	cr_assert_lt(strlen(buf), TIMEFMT_MAX);
}

Test(timefmt, print_durations)
{
	static const struct {
		int64_t s;
		const char *human, *spec;
	} cases[] = {
		{ 0, "0s", "0s" },
		{ 1, "1s", "1s" },
		{ 45, "45s", "45s" },
		{ 60, "1m", "1m" },
		{ 90, "1m 30s", "1m30s" },
		{ 840, "14m", "14m" },
		{ 870, "14m 30s", "14m30s" },
		{ 3600, "1h", "1h" },
		{ 5400, "1h 30m", "1h30m" },
		{ 7500, "2h 5m", "2h5m" },
		{ 7505, "2h 5m", "2h5m5s" },
		{ 3660, "1h 1m", "1h1m" },
		{ 176400, "2d 1h", "2d1h" },
		{ 86399, "23h 59m", "23h59m59s" },
		{ 86400, "1d", "1d" },
		{ 93600, "1d 2h", "1d2h" },
		{ 93784, "1d 2h", "1d2h3m4s" },
		{ 86459, "1d", "1d59s" },
		{ 187200, "2d 4h", "2d4h" },
		{ 3155760000LL, "36525d", "36525d" },
		{ -45, "-45s", "-45s" },
		{ -5400, "-1h 30m", "-1h30m" },
		{ -93600, "-1d 2h", "-1d2h" },
	};
	char buf[TIMEFMT_MAX];
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		cr_assert_eq(timefmt_duration(cases[i].s, buf), buf);
		cr_assert_str_eq(buf, cases[i].human, "%lld",
				 (long long)cases[i].s);
		cr_assert_eq(timefmt_duration_spec(cases[i].s, buf), buf);
		cr_assert_str_eq(buf, cases[i].spec, "%lld",
				 (long long)cases[i].s);
	}
	timefmt_duration(INT64_MIN, buf);
	cr_assert_str_eq(buf, "-106751991167300d 15h");
	timefmt_duration_spec(INT64_MIN, buf);
	cr_assert_str_eq(buf, "-106751991167300d15h30m8s");
	timefmt_duration(INT64_MAX, buf);
	cr_assert_str_eq(buf, "106751991167300d 15h");
}

Test(timefmt, duration_round_trips)
{
	/* Mix magnitudes so every unit combination shows up. */
	static const uint64_t span[4] = { 120, 7200, 400000, 3155760000ULL };
	uint64_t x = 12345;
	int64_t s, back;
	char buf[TIMEFMT_MAX];
	int k;

	for (k = 0; k < 200000; k++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		s = 1 + (int64_t)((x >> 11) % span[k % 4]);
		timefmt_duration_spec(s, buf);
		cr_assert_eq(timefmt_parse_duration(buf, &back, NULL), CASES_OK,
			     "'%s'", buf);
		cr_assert_eq(back, s, "'%s'", buf);
	}
}

Test(timefmt, instant_round_trips)
{
	uint64_t x = 99;
	int64_t t, back;
	char buf[TIMEFMT_MAX], at[TIMEFMT_MAX + 1];
	int k;

	for (k = 0; k < 100000; k++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		t = -62135596800LL
		    + (int64_t)((x >> 8) % (253402300799ULL + 62135596801ULL));
		timefmt_rfc3339(t, buf);
		cr_assert_eq(timefmt_parse_instant(buf, NULL, &back, NULL),
			     CASES_OK, "'%s'", buf);
		cr_assert_eq(back, t, "'%s'", buf);
		snprintf(at, sizeof(at), "@%lld", (long long)t);
		cr_assert_eq(timefmt_parse_instant(at, NULL, &back, NULL),
			     CASES_OK);
		cr_assert_eq(back, t);
	}
}

/* ---- times as people type them ---- */

#define WHEN_NOW 1795444200LL /* 2026-11-23T14:30:00Z, a Monday */

struct when_case {
	const char *s;
	const char *zone; /* local time; NULL: UTC */
	int64_t want;
};

/* Expected instants from Python's calendar.timegm() and zoneinfo. */
Test(timefmt, when_accepts_what_people_type)
{
	static const struct when_case cases[] = {
		{ "now", NULL, 1795444200LL },
		{ "NOW", "America/New_York", 1795444200LL },
		{ "today", "America/New_York", 1795410000LL },
		{ "yesterday", "America/New_York", 1795323600LL },
		{ "tomorrow", "America/New_York", 1795496400LL },
		{ "today", NULL, 1795392000LL },
		{ "today", "Asia/Kolkata", 1795372200LL },
		{ "-2h", NULL, 1795437000LL },
		{ "+30m", NULL, 1795446000LL },
		{ "-1h30m", NULL, 1795438800LL },
		{ "2h ago", NULL, 1795437000LL },
		{ "2 hours ago", NULL, 1795437000LL },
		{ "90 minutes ago", NULL, 1795438800LL },
		{ "1 day ago", NULL, 1795357800LL },
		{ "1 week ago", NULL, 1794839400LL },
		{ "10:00", "America/New_York", 1795446000LL },
		{ "10:00:30", NULL, 1795428030LL },
		{ "2026-11-01", "America/New_York", 1793505600LL },
		{ "2026-11-01", NULL, 1793491200LL },
		{ "2026-11-23T10:00", "America/New_York", 1795446000LL },
		{ "2026-11-23T15:00Z", NULL, 1795446000LL },
		{ "2026-11-23T15:00:00Z", "Asia/Kolkata", 1795446000LL },
		{ "2026-11-23 10:00 America/New_York", NULL, 1795446000LL },
		{ "2026-11-23T10:00:00 America/New_York", "Asia/Kolkata",
		  1795446000LL },
		{ "2026-11-23 10:00 +01:00", NULL, 1795424400LL },
		{ "2026-11-23T10:00-05:00", NULL, 1795446000LL },
		{ "2026-11-23T10:00:00.5Z", NULL, 1795428000LL },
		{ "@1700000000", NULL, 1700000000LL },
		/* In New York's spring-forward gap: shifted forward. */
		{ "2026-03-08 02:30", "America/New_York", 1772955000LL },
	};
	char err[CASES_ERRMAX];
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		const struct tz *z = cases[i].zone ? zone(cases[i].zone) : NULL;
		int64_t got = 42;

		err[0] = '\0';
		cr_assert_eq(
			timefmt_parse_when(cases[i].s, z, WHEN_NOW, &got, err),
			CASES_OK, "'%s': %s", cases[i].s, err);
		cr_assert_eq(got, cases[i].want, "'%s' in %s: %lld, want %lld",
			     cases[i].s, cases[i].zone ? cases[i].zone : "UTC",
			     (long long)got, (long long)cases[i].want);
	}
}

struct when_bad {
	const char *s;
	const char *err; /* the whole message */
};

Test(timefmt, when_says_what_is_wrong)
{
#define WFORMS                                                                 \
	"expected now, today, yesterday, tomorrow, -2h, +30m, 2h ago, "        \
	"10:00, 2026-11-23, 2026-11-23 10:00, 2026-11-23T10:00:00Z, "          \
	"2026-11-23 10:00 America/New_York or @UNIX_SECONDS"
	static const struct when_bad cases[] = {
		{ "", "invalid time '' (" WFORMS ")" },
		{ "tomorow", "invalid time 'tomorow' (" WFORMS ")" },
		{ "2026-11-23T10",
		  "invalid time '2026-11-23T10' (expected HH:MM "
		  "or HH:MM:SS after the date)" },
		{ "2026-11-23_10:00", "invalid time '2026-11-23_10:00' "
				      "(expected T or a space after the "
				      "date)" },
		{ "2026-02-29", "invalid time '2026-02-29' (2026 is not a leap "
				"year)" },
		{ "2026-11-23 25:00", "invalid time '2026-11-23 25:00' (hour "
				      "must be 00 to 23)" },
		{ "10:61", "invalid time '10:61' (minute must be 00 to 59)" },
		{ "2026-11-23 10:00 America/NewYork",
		  "invalid time '2026-11-23 10:00 America/NewYork' (unknown "
		  "time zone 'America/NewYork' (did you mean "
		  "'America/New_York'?))" },
		{ "2026-11-23 10:00 +1", "invalid time '2026-11-23 10:00 +1' "
					 "(an offset is written +HH:MM or "
					 "-HH:MM at the end)" },
		{ "2026-11-23 10:00junk",
		  "invalid time '2026-11-23 10:00junk' (after the time, "
		  "expected Z, an offset like +01:00, or a space and a zone "
		  "name like America/New_York)" },
		{ "-2", "invalid time '-2' (expected a span like -2h, +30m or "
			"-1h30m)" },
		{ "2 fortnights ago",
		  "invalid time '2 fortnights ago' (expected "
		  "a span before 'ago', like 2h ago or 2 "
		  "hours ago)" },
		{ "99999999 weeks ago", "invalid time '99999999 weeks ago' "
					"(longer than 100 years)" },
		{ "-36600d", "invalid time '-36600d' (longer than 100 years)" },
	};
	char err[CASES_ERRMAX];
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		int64_t got = 42;

		cr_assert_eq(timefmt_parse_when(cases[i].s,
						zone("America/New_York"),
						WHEN_NOW, &got, err),
			     CASES_EINVAL, "'%s' accepted", cases[i].s);
		cr_assert_str_eq(err, cases[i].err);
		cr_assert_eq(got, 42, "'%s' wrote its output", cases[i].s);
	}
#undef WFORMS
}

Test(timefmt, short_local_times)
{
	const struct tz *ny, *kol;
	char buf[TIMEFMT_MAX], err[CASES_ERRMAX];
	int64_t now; /* Thursday 2026-11-26 10:00 in New York */

	cr_assert_eq(tz_load("America/New_York", &ny, err), CASES_OK, "%s",
		     err);
	cr_assert_eq(tz_load("Asia/Kolkata", &kol, err), CASES_OK, "%s", err);
	cr_assert_eq(
		timefmt_parse_instant("2026-11-26T15:00:00Z", NULL, &now, err),
		CASES_OK);
	/* Same local day: the time alone. */
	cr_assert_str_eq(timefmt_short(now + 100 * 60 + 59, ny, now, buf),
			 "11:40");
	/* Same UTC day, but the next local day in Kolkata (20:30 -> 02:10). */
	cr_assert_str_eq(timefmt_short(now + 340 * 60, kol, now, buf),
			 "Fri 02:10");
	/* Within six days either side: the weekday. */
	cr_assert_str_eq(timefmt_short(now - 3 * 86400, ny, now, buf),
			 "Mon 10:00");
	cr_assert_str_eq(timefmt_short(now + 6 * 86400, ny, now, buf),
			 "Wed 10:00");
	/* Further: month and day; another year: the date. */
	cr_assert_str_eq(timefmt_short(now + 7 * 86400, ny, now, buf),
			 "Dec 3 10:00");
	cr_assert_str_eq(
		timefmt_short(now - 5 * 86400 - 3600 * 11, ny, now, buf),
		"Fri 23:00");
	cr_assert_str_eq(timefmt_short(now + 40 * 86400, ny, now, buf),
			 "2027-01-05 10:00");
	/* NULL: UTC. */
	cr_assert_str_eq(timefmt_short(now, NULL, now, buf), "15:00");
}

Test(timefmt, local_to_the_second)
{
	const struct tz *kol;
	char buf[TIMEFMT_MAX], err[CASES_ERRMAX];

	cr_assert_eq(tz_load("Asia/Kolkata", &kol, err), CASES_OK, "%s", err);
	cr_assert_str_eq(timefmt_local_sec(0, NULL, buf),
			 "1970-01-01 00:00:00");
	cr_assert_str_eq(timefmt_local_sec(1795950000, kol, buf),
			 "2026-11-29 16:30:00");
	cr_assert_str_eq(timefmt_local_sec(1795950007, NULL, buf),
			 "2026-11-29 11:00:07");
}

/* The message about a long zone name fits the error buffer (found by
 * fuzz_instant: the zone's own message was written into a smaller one). */
Test(timefmt, when_long_unknown_zone_fits)
{
	char s[600], err[CASES_ERRMAX];
	int64_t t;

	memcpy(s, "2026-11-23 10:00 ", 17);
	memset(s + 17, 'a', sizeof(s) - 18);
	s[sizeof(s) - 1] = '\0';
	cr_assert_eq(timefmt_parse_when(s, NULL, WHEN_NOW, &t, err),
		     CASES_EINVAL);
	cr_assert_eq(strncmp(err, "invalid time '2026-11-23 10:00 aaa", 34), 0,
		     "%s", err);
	cr_assert_lt(strlen(err), CASES_ERRMAX);
}
