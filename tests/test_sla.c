/*
 * test_sla.c - the deadline calculator: hours parsing and formatting,
 * hand-derived deadline vectors across DST changes and odd offsets (span
 * edges in gaps and folds converted as tz_to_utc() does, docs/deadlines.md
 * 3), and a property test against a plain, literal reference.
 *
 * Expected instants are written as RFC 3339 strings and converted by a
 * local helper built on civil.h. DST transition times used in the comments
 * are those of the tz database (zdump -v ZONE), for example New York 2026:
 * 03-08 07:00Z (01:59:59 EST -> 03:00 EDT) and 11-01 06:00Z (01:59:59 EDT
 * -> 01:00 EST). Every zone vector is dated before 2026-11-26, when they
 * were written, so later tz database releases should not move them.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/civil.h"
#include "cases/error.h"
#include "cases/sla.h"
#include "cases/tz.h"

#define H(x) ((int64_t)(x)*3600)
#define M(x) ((int64_t)(x)*60)
#define ALL  "mon-sun 00:00-24:00"
#define BH   "mon-fri 08:00-18:00"
#define NY   "America/New_York"
#define LON  "Europe/London"
#define LH   "Australia/Lord_Howe"

/* ---- helpers ------------------------------------------------------- */

static int64_t
fdiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

/* "YYYY-MM-DD" to a day number. */
static int64_t
day_of(const char *s)
{
	long long y;
	int m, d, n = 0;

	cr_assert(sscanf(s, "%4lld-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10,
		  "bad date in test: %s", s);
	cr_assert(civil_valid(y, m, d), "invalid date in test: %s", s);
	return civil_days(y, m, d);
}

/* RFC 3339 "YYYY-MM-DDTHH:MM:SS" + "Z" or "+HH:MM"/"-HH:MM" to an instant. */
static int64_t
at(const char *s)
{
	int hh, mi, ss, oh, om, n = 0, sign;

	cr_assert(sscanf(s + 10, "T%2d:%2d:%2d%n", &hh, &mi, &ss, &n) == 3
			  && n == 9,
		  "bad instant in test: %s", s);
	if (strcmp(s + 19, "Z") == 0) {
		oh = om = 0;
		sign = 1;
	} else {
		cr_assert((s[19] == '+' || s[19] == '-') && strlen(s) == 25
				  && sscanf(s + 20, "%2d:%2d", &oh, &om) == 2,
			  "bad offset in test: %s", s);
		sign = s[19] == '-' ? -1 : 1;
	}
	return day_of(s) * 86400 + hh * 3600 + mi * 60 + ss
	       - sign * (oh * 3600 + om * 60);
}

/* An instant as "YYYY-MM-DDTHH:MM:SSZ" for messages. */
static const char *
utc(int64_t t, char buf[32])
{
	int64_t y, day = fdiv(t, 86400), s = t - day * 86400;
	int m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(buf, 32, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
		 (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
	return buf;
}

/* A calendar with its own holiday storage; never copied. */
struct tcal {
	struct calendar cal;
	int64_t hol[16];
};

static void
tcal_init(struct tcal *tc, const char *zone, const char *hours,
	  const char *holidays)
{
	char err[CASES_ERRMAX];
	const char *p;

	memset(tc, 0, sizeof(*tc));
	cr_assert_eq(tz_load(zone, &tc->cal.zone, err), CASES_OK, "%s", err);
	cr_assert_eq(sla_hours_parse(hours, &tc->cal.hours, err), CASES_OK,
		     "'%s': %s", hours, err);
	for (p = holidays; p && *p; p += p[10] ? 11 : 10) {
		cr_assert(tc->cal.nholidays < 16);
		tc->hol[tc->cal.nholidays++] = day_of(p);
	}
	tc->cal.holidays = tc->hol;
}

/* ---- hours: parse -------------------------------------------------- */

/* Spans of one day as "HH:MM-HH:MM HH:MM-HH:MM", written independently of
 * sla_hours_format(). */
static void
day_text(const struct sla_hours *h, int d, char *buf, size_t len)
{
	size_t pos = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < h->nspan[d]; i++)
		pos += (size_t)snprintf(
			buf + pos, len - pos, "%s%02d:%02d-%02d:%02d",
			i ? " " : "", h->span[d][i].start / 3600,
			h->span[d][i].start / 60 % 60, h->span[d][i].end / 3600,
			h->span[d][i].end / 60 % 60);
}

struct parse_ok {
	const char *spec;
	const char *day[7]; /* mon..sun */
};

static const struct parse_ok parse_ok[] = {
	{ "mon-fri 08:00-18:00",
	  { "08:00-18:00", "08:00-18:00", "08:00-18:00", "08:00-18:00",
	    "08:00-18:00", "", "" } },
	{ "MON-Fri 08:00-18:00",
	  { "08:00-18:00", "08:00-18:00", "08:00-18:00", "08:00-18:00",
	    "08:00-18:00", "", "" } },
	{ "  mon - fri   08:00 - 18:00  ",
	  { "08:00-18:00", "08:00-18:00", "08:00-18:00", "08:00-18:00",
	    "08:00-18:00", "", "" } },
	{ "tue 8:00-9:30", { "", "08:00-09:30", "", "", "", "", "" } },
	/* A wrapping range: Friday to Monday. */
	{ "fri-mon 10:00-14:00",
	  { "10:00-14:00", "", "", "", "10:00-14:00", "10:00-14:00",
	    "10:00-14:00" } },
	{ "sat-sat 10:00-11:00", { "", "", "", "", "", "10:00-11:00", "" } },
	/* Overnight shifts belong to their start day and split at midnight. */
	{ "mon-sun 22:00-06:00",
	  { "00:00-06:00 22:00-24:00", "00:00-06:00 22:00-24:00",
	    "00:00-06:00 22:00-24:00", "00:00-06:00 22:00-24:00",
	    "00:00-06:00 22:00-24:00", "00:00-06:00 22:00-24:00",
	    "00:00-06:00 22:00-24:00" } },
	{ "sun 22:00-02:00",
	  { "00:00-02:00", "", "", "", "", "", "22:00-24:00" } },
	{ "fri 22:00-06:00",
	  { "", "", "", "", "22:00-24:00", "00:00-06:00", "" } },
	/* 22:00-00:00 ends before it starts: an overnight shift whose second
	 * half is empty. */
	{ "mon 22:00-00:00", { "22:00-24:00", "", "", "", "", "", "" } },
	{ "sun 17:00-24:00, mon-thu 00:00-24:00, fri 00:00-17:00",
	  { "00:00-24:00", "00:00-24:00", "00:00-24:00", "00:00-24:00",
	    "00:00-17:00", "", "17:00-24:00" } },
	/* Overlaps and adjacent items merge. */
	{ "mon 08:00-12:00, mon 11:00-14:00",
	  { "08:00-14:00", "", "", "", "", "", "" } },
	{ "mon 08:00-12:00,mon 12:00-14:00",
	  { "08:00-14:00", "", "", "", "", "", "" } },
	{ "mon 09:00-17:00, mon 08:00-10:00, mon 16:00-18:00, mon 12:00-13:00",
	  { "08:00-18:00", "", "", "", "", "", "" } },
	{ "mon 22:00-06:00, tue 05:00-09:00",
	  { "22:00-24:00", "00:00-09:00", "", "", "", "", "" } },
	{ "mon-fri 08:00-12:00, mon-fri 13:00-17:00",
	  { "08:00-12:00 13:00-17:00", "08:00-12:00 13:00-17:00",
	    "08:00-12:00 13:00-17:00", "08:00-12:00 13:00-17:00",
	    "08:00-12:00 13:00-17:00", "", "" } },
	{ "wed 00:00-24:00", { "", "", "00:00-24:00", "", "", "", "" } },
	{ "thu 23:59-24:00", { "", "", "", "23:59-24:00", "", "", "" } },
	{ "sat 00:00-00:01", { "", "", "", "", "", "00:00-00:01", "" } },
};

Test(sla, hours_parse_accepts)
{
	struct sla_hours h;
	char err[CASES_ERRMAX], got[512];
	size_t i;
	int d;

	for (i = 0; i < sizeof(parse_ok) / sizeof(parse_ok[0]); i++) {
		err[0] = '\0';
		cr_assert_eq(sla_hours_parse(parse_ok[i].spec, &h, err),
			     CASES_OK, "'%s' rejected: %s", parse_ok[i].spec,
			     err);
		for (d = 0; d < 7; d++) {
			day_text(&h, d, got, sizeof(got));
			cr_expect_str_eq(got, parse_ok[i].day[d],
					 "'%s' day %d: got '%s', want '%s'",
					 parse_ok[i].spec, d, got,
					 parse_ok[i].day[d]);
		}
	}
}

Test(sla, hours_parse_zeroes_unused_spans)
{
	struct sla_hours a, b;

	memset(&a, 0xa5, sizeof(a));
	memset(&b, 0x5a, sizeof(b));
	cr_assert_eq(sla_hours_parse(BH, &a, NULL), CASES_OK);
	cr_assert_eq(sla_hours_parse(BH, &b, NULL), CASES_OK);
	cr_expect(memcmp(&a, &b, sizeof(a)) == 0);
}

struct parse_bad {
	const char *spec;
	const char *msg[3]; /* substrings the message must hold */
};

static const struct parse_bad parse_bad[] = {
	{ "", { "empty hours", "DAYS HH:MM-HH:MM" } },
	{ "   ", { "empty hours" } },
	{ "mon-fri 18:00", { "'mon-fri 18:00'", "expected DAYS HH:MM-HH:MM" } },
	{ "mon-fri", { "'mon-fri'", "expected DAYS HH:MM-HH:MM" } },
	{ "funday 08:00-10:00",
	  { "unknown day 'funday'", "'funday 08:00-10:00'",
	    "expected one of: mon, tue, wed, thu, fri, sat, sun" } },
	{ "monday 08:00-10:00", { "unknown day 'monday'", "expected one of" } },
	{ "mon-xyz 08:00-10:00", { "unknown day 'xyz'" } },
	{ "mon 25:00-26:00",
	  { "invalid time '25:00'", "'mon 25:00-26:00'", "00:00 to 24:00" } },
	{ "mon 08:60-09:00", { "invalid time '08:60'" } },
	{ "mon 08:00-24:30", { "invalid time '24:30'" } },
	{ "mon 008:00-09:00", { "invalid time '008:00'" } },
	{ "mon 08:0-09:00", { "invalid time '08:0'" } },
	{ "mon 0800-0900", { "invalid time '0800'" } },
	{ "mon 8-10", { "invalid time '8'" } },
	{ "mon 24:00-02:00",
	  { "'mon 24:00-02:00'", "24:00", "only as an end" } },
	{ "mon 24:00-24:00", { "only as an end" } },
	{ "mon 08:00-08:00", { "'mon 08:00-08:00'", "end equals start" } },
	{ "mon 00:00-00:00", { "end equals start" } },
	{ "mon 08:00-10:00,", { "trailing comma", "'mon 08:00-10:00,'" } },
	{ "mon 08:00-10:00 , ", { "trailing comma" } },
	{ ",mon 08:00-10:00", { "empty item" } },
	{ "mon 08:00-10:00,,tue 08:00-10:00", { "empty item" } },
	{ "mon 08:00-10:00 tue", { "'mon 08:00-10:00 tue'", "expected" } },
	{ "mon 08:00-18:00x", { "'mon 08:00-18:00x'" } },
	{ "mon-fri-sat 08:00-10:00", { "'mon-fri-sat 08:00-10:00'" } },
	{ "08:00-10:00", { "'08:00-10:00'", "expected DAYS HH:MM-HH:MM" } },
	{ "mon 08:00 18:00", { "'mon 08:00 18:00'" } },
	{ "mon 08:00-", { "'mon 08:00-'" } },
	{ "mon, tue 08:00-10:00", { "'mon'" } },
	{ "mon 08:00-10:00; tue 08:00-10:00", { "expected" } },
};

Test(sla, hours_parse_rejects)
{
	struct sla_hours h;
	char err[CASES_ERRMAX];
	size_t i;
	int k;

	for (i = 0; i < sizeof(parse_bad) / sizeof(parse_bad[0]); i++) {
		err[0] = '\0';
		cr_expect_eq(sla_hours_parse(parse_bad[i].spec, &h, err),
			     CASES_EINVAL, "'%s' accepted", parse_bad[i].spec);
		cr_expect(strchr(err, '\n') == NULL, "multi-line: %s", err);
		for (k = 0; k < 3 && parse_bad[i].msg[k]; k++)
			cr_expect(strstr(err, parse_bad[i].msg[k]) != NULL,
				  "'%s': message '%s' lacks '%s'",
				  parse_bad[i].spec, err, parse_bad[i].msg[k]);
	}
	cr_expect_eq(sla_hours_parse(NULL, &h, err), CASES_EINVAL);
}

Test(sla, hours_parse_too_many_spans)
{
	struct sla_hours h;
	char spec[2048], err[CASES_ERRMAX];
	size_t pos = 0;
	int i;

	/* 25 separate one-minute intervals on Monday: one too many. */
	for (i = 0; i < 25; i++)
		pos += (size_t)snprintf(spec + pos, sizeof(spec) - pos,
					"%smon 00:%02d-00:%02d", i ? ", " : "",
					2 * i, 2 * i + 1);
	cr_expect_eq(sla_hours_parse(spec, &h, err), CASES_EINVAL);
	cr_expect(strstr(err, "too many") && strstr(err, "mon"), "%s", err);
	/* 24 are fine, and items that later merge do not count. */
	spec[strlen(spec) - strlen(", mon 00:48-00:49")] = '\0';
	cr_expect_eq(sla_hours_parse(spec, &h, err), CASES_OK, "%s", err);
	cr_expect_eq(h.nspan[0], 24);
	strcat(spec, ", mon 00:00-01:00");
	cr_expect_eq(sla_hours_parse(spec, &h, err), CASES_OK, "%s", err);
	cr_expect_eq(h.nspan[0], 1);
}

Test(sla, hours_weekly)
{
	struct sla_hours h;

	cr_assert_eq(sla_hours_parse(BH, &h, NULL), CASES_OK);
	cr_expect_eq(sla_hours_weekly(&h), H(50));
	cr_assert_eq(sla_hours_parse("sun 17:00-24:00, mon-thu 00:00-24:00, "
				     "fri 00:00-17:00",
				     &h, NULL),
		     CASES_OK);
	cr_expect_eq(sla_hours_weekly(&h), H(120)); /* 7 + 96 + 17 */
	cr_assert_eq(sla_hours_parse("mon-sun 22:00-06:00, mon 05:00-07:00", &h,
				     NULL),
		     CASES_OK);
	cr_expect_eq(sla_hours_weekly(&h), H(56) + H(1)); /* 7 * 8, + 06-07 */
}

/* ---- hours: format ------------------------------------------------- */

struct fmt_vec {
	const char *spec;
	const char *text;
};

static const struct fmt_vec fmt_vecs[] = {
	{ "mon-fri 08:00-18:00", "mon-fri 08:00-18:00" },
	{ "MON-FRI 8:00-18:00", "mon-fri 08:00-18:00" },
	{ "mon-sun 00:00-24:00", "mon-sun 00:00-24:00" },
	{ "sun 17:00-24:00, mon-thu 00:00-24:00, fri 00:00-17:00",
	  "mon-thu 00:00-24:00, fri 00:00-17:00, sun 17:00-24:00" },
	{ "fri-mon 10:00-14:00", "fri-mon 10:00-14:00" },
	{ "sat-sun 10:00-14:00", "sat-sun 10:00-14:00" },
	{ "mon-sun 22:00-06:00", "mon-sun 00:00-06:00, mon-sun 22:00-24:00" },
	{ "sun 22:00-02:00", "mon 00:00-02:00, sun 22:00-24:00" },
	{ "sat 10:00-12:00, mon 09:00-10:00",
	  "mon 09:00-10:00, sat 10:00-12:00" },
	{ "mon-fri 08:00-12:00, mon-fri 13:00-17:00",
	  "mon-fri 08:00-12:00, mon-fri 13:00-17:00" },
	{ "mon 09:00-17:00, wed 09:00-17:00",
	  "mon 09:00-17:00, wed 09:00-17:00" },
	{ "mon-sun 08:00-18:00, sat-sun 20:00-22:00",
	  "mon-fri 08:00-18:00, sat-sun 08:00-18:00, sat-sun 20:00-22:00" },
	{ "mon 22:00-00:00", "mon 22:00-24:00" },
	{ "thu 23:59-24:00", "thu 23:59-24:00" },
	{ "tue-mon 09:00-10:00", "mon-sun 09:00-10:00" },
};

Test(sla, hours_format_canonical_and_round_trips)
{
	struct sla_hours a, b;
	char buf[SLA_HOURS_FMTMAX], err[CASES_ERRMAX];
	size_t i;

	for (i = 0; i < sizeof(fmt_vecs) / sizeof(fmt_vecs[0]); i++) {
		cr_assert_eq(sla_hours_parse(fmt_vecs[i].spec, &a, err),
			     CASES_OK, "%s", err);
		cr_expect_str_eq(sla_hours_format(&a, buf, sizeof(buf)),
				 fmt_vecs[i].text, "'%s' -> '%s'",
				 fmt_vecs[i].spec, buf);
		cr_assert_eq(sla_hours_parse(buf, &b, err), CASES_OK,
			     "'%s': %s", buf, err);
		cr_expect(memcmp(&a, &b, sizeof(a)) == 0,
			  "'%s' does not round-trip", buf);
	}
}

Test(sla, hours_format_truncates_safely)
{
	struct sla_hours h;
	char buf[8];

	cr_assert_eq(sla_hours_parse(BH, &h, NULL), CASES_OK);
	cr_expect_str_eq(sla_hours_format(&h, buf, sizeof(buf)), "mon-fri");
	cr_expect_str_eq(sla_hours_format(&h, buf, 1), "");
	memset(&h, 0, sizeof(h));
	cr_expect_str_eq(sla_hours_format(&h, buf, sizeof(buf)), "");
}

Test(sla, hours_format_worst_case_fits)
{
	struct sla_hours a, b;
	char spec[8192], buf[SLA_HOURS_FMTMAX];
	size_t pos = 0;
	int d, i;

	/* 24 spans on each day, each day different: the longest text. */
	for (d = 0; d < 7; d++)
		for (i = 0; i < 24; i++)
			pos += (size_t)snprintf(
				spec + pos, sizeof(spec) - pos,
				"%s%s %02d:%02d-%02d:%02d", pos ? ", " : "",
				(const char *[]){ "mon", "tue", "wed", "thu",
						  "fri", "sat", "sun" }[d],
				i, d, i, d + 1);
	cr_assert_eq(sla_hours_parse(spec, &a, NULL), CASES_OK);
	sla_hours_format(&a, buf, sizeof(buf));
	cr_expect_lt(strlen(buf), sizeof(buf) - 1);
	cr_assert_eq(sla_hours_parse(buf, &b, NULL), CASES_OK);
	cr_expect(memcmp(&a, &b, sizeof(a)) == 0);
}

/* ---- deadlines ----------------------------------------------------- */

struct due_vec {
	const char *name;
	const char *zone;
	const char *hours;
	const char *holidays; /* "YYYY-MM-DD YYYY-MM-DD", or NULL */
	const char *opened;
	int64_t target;
	const char *due;
};

static const struct due_vec due_vecs[] = {
	/* New York, 24x7 across spring-forward: every instant counts, so the
	 * deadline is plain addition; 03:00Z + 6 h = 09:00Z = 05:00 EDT. */
	{ "ny_24x7_spring", NY, ALL, NULL, "2026-03-07T22:00:00-05:00", H(6),
	  "2026-03-08T05:00:00-04:00" },
	/* 24x7 across fall-back: 03:00Z + 4 h = 07:00Z = 02:00 EST. */
	{ "ny_24x7_fall", NY, ALL, NULL, "2026-10-31T23:00:00-04:00", H(4),
	  "2026-11-01T02:00:00-05:00" },
	/* Business hours over the spring-forward weekend: Fri 16-18 (2 h),
	 * Mon 08:00 EDT + 2 h. */
	{ "ny_bh_spring_weekend", NY, BH, NULL, "2026-03-06T16:00:00-05:00",
	  H(4), "2026-03-09T10:00:00-04:00" },
	/* Over the fall-back weekend: Fri 17-18 (1 h), Mon 08:00 EST + 2 h. */
	{ "ny_bh_fall_weekend", NY, BH, NULL, "2026-10-30T17:00:00-04:00", H(3),
	  "2026-11-02T10:00:00-05:00" },
	/*
	 * Span edges on DST days (docs/deadlines.md 3): each edge is a local
	 * time, converted with tz_to_utc(): inside the spring-forward gap it is
	 * shifted forward by the gap, inside the fall-back fold it means the
	 * first occurrence. New York 2026-03-08: 02:00 EST (07:00Z) jumps
	 * to 03:00 EDT, so local 02:xx means 03:xx EDT = 07:xxZ.
	 * 2026-11-01: 02:00 EDT (06:00Z) falls back to 01:00 EST, so local
	 * 01:xx means 01:xx EDT = 05:xxZ.
	 *
	 * sun 01:00-03:00 on the spring-forward day: 01:00 EST (06:00Z) to
	 * 03:00 EDT (07:00Z) is one real hour, due at its closing.
	 */
	{ "ny_gap_span_one_hour", NY, "sun 01:00-03:00", NULL,
	  "2026-03-08T00:00:00-05:00", H(1), "2026-03-08T03:00:00-04:00" },
	/* One second more runs into the next Sunday's 01:00 EDT. */
	{ "ny_gap_span_next_week", NY, "sun 01:00-03:00", NULL,
	  "2026-03-08T00:00:00-05:00", H(1) + 1, "2026-03-15T01:00:01-04:00" },
	/* sun 02:30-05:00: 02:30 is in the gap, shifted to 03:30 EDT
	 * (07:30Z); to 05:00 EDT (09:00Z) is 1.5 h. 30 min: 07:30Z + 30 min =
	 * 08:00Z = 04:00 EDT. */
	{ "ny_gap_span_start", NY, "sun 02:30-05:00", NULL,
	  "2026-03-08T00:00:00-05:00", M(30), "2026-03-08T04:00:00-04:00" },
	{ "ny_gap_span_start_whole", NY, "sun 02:30-05:00", NULL,
	  "2026-03-08T00:00:00-05:00", M(90), "2026-03-08T05:00:00-04:00" },
	/* 2 h: 1.5 h that day, then 30 min from the next Sunday's 02:30 EDT
	 * (06:30Z): 07:00Z = 03:00 EDT. */
	{ "ny_gap_span_start_next", NY, "sun 02:30-05:00", NULL,
	  "2026-03-08T00:00:00-05:00", H(2), "2026-03-15T03:00:00-04:00" },
	/* sun 01:00-02:30: 01:00 EST (06:00Z) to 02:30 shifted to 03:30 EDT
	 * (07:30Z), 1.5 h. 1 h: 06:00Z + 1 h = 07:00Z = 03:00 EDT. */
	{ "ny_gap_span_end", NY, "sun 01:00-02:30", NULL,
	  "2026-03-08T00:00:00-05:00", H(1), "2026-03-08T03:00:00-04:00" },
	{ "ny_gap_span_end_whole", NY, "sun 01:00-02:30", NULL,
	  "2026-03-08T00:00:00-05:00", M(90), "2026-03-08T03:30:00-04:00" },
	/* 1.5 h + 1 min: the next Sunday's 01:00 EDT (05:00Z) + 1 min. */
	{ "ny_gap_span_end_next", NY, "sun 01:00-02:30", NULL,
	  "2026-03-08T00:00:00-05:00", M(91), "2026-03-15T01:01:00-04:00" },
	/* sun 02:10-02:40, wholly inside the gap: 03:10-03:40 EDT (07:10Z-
	 * 07:40Z), 30 min. */
	{ "ny_gap_span_inside", NY, "sun 02:10-02:40", NULL,
	  "2026-03-08T00:00:00-05:00", M(30), "2026-03-08T03:40:00-04:00" },
	/* One second more: the next Sunday's 02:10 EDT (06:10Z) + 1 s. */
	{ "ny_gap_span_inside_next", NY, "sun 02:10-02:40", NULL,
	  "2026-03-08T00:00:00-05:00", M(30) + 1, "2026-03-15T02:10:01-04:00" },
	/* sun 01:50-02:10: 01:50 EST (06:50Z) to 02:10 shifted to 03:10 EDT
	 * (07:10Z), 20 min. */
	{ "ny_gap_span_across", NY, "sun 01:50-02:10", NULL,
	  "2026-03-08T00:00:00-05:00", M(20), "2026-03-08T03:10:00-04:00" },
	/* sun 02:30-03:00 inverts: 02:30 -> 03:30 EDT (07:30Z), 03:00 ->
	 * 03:00 EDT (07:00Z): empty. The next Sunday: 02:30 EDT (06:30Z) +
	 * 1 min. */
	{ "ny_gap_span_inverted", NY, "sun 02:30-03:00", NULL,
	  "2026-03-08T00:00:00-05:00", M(1), "2026-03-15T02:31:00-04:00" },
	/* Overlapping images count once: sun 02:00-02:50 is 03:00-03:50 EDT
	 * (07:00Z-07:50Z) and sun 03:10-04:00 is 07:10Z-08:00Z; together
	 * 07:00Z-08:00Z, 1 h. */
	{ "ny_gap_spans_overlap", NY, "sun 02:00-02:50, sun 03:10-04:00", NULL,
	  "2026-03-08T00:00:00-05:00", H(1), "2026-03-08T04:00:00-04:00" },
	{ "ny_gap_spans_overlap_next", NY, "sun 02:00-02:50, sun 03:10-04:00",
	  NULL, "2026-03-08T00:00:00-05:00", H(1) + 1,
	  "2026-03-15T02:00:01-04:00" },
	/* Images out of order: sun 02:30-02:40 is 07:30Z-07:40Z, inside
	 * sun 03:10-04:00 = 07:10Z-08:00Z, which starts first: 10 min end at
	 * 07:20Z, and the day holds 50 min. */
	{ "ny_gap_spans_reordered", NY, "sun 02:30-02:40, sun 03:10-04:00",
	  NULL, "2026-03-08T00:00:00-05:00", M(10),
	  "2026-03-08T03:20:00-04:00" },
	{ "ny_gap_spans_reordered_whole", NY,
	  "sun 02:30-02:40, sun 03:10-04:00", NULL, "2026-03-08T00:00:00-05:00",
	  M(50), "2026-03-08T04:00:00-04:00" },
	/* 24x7 on the spring-forward day: 00:00 EST (05:00Z) to 00:00 EDT on
	 * Monday (04:00Z) is 23 h. */
	{ "ny_24x7_spring_day", NY, ALL, NULL, "2026-03-08T00:00:00-05:00",
	  H(23), "2026-03-09T00:00:00-04:00" },

	/* sun 00:00-02:00 on the fall-back day: 00:00 EDT (04:00Z) to 02:00,
	 * after the fold, EST (07:00Z): 3 real hours. */
	{ "ny_fold_span_three_hours", NY, "sun 00:00-02:00", NULL,
	  "2026-11-01T00:00:00-04:00", H(3), "2026-11-01T02:00:00-05:00" },
	{ "ny_fold_span_next_week", NY, "sun 00:00-02:00", NULL,
	  "2026-11-01T00:00:00-04:00", H(3) + 1, "2026-11-08T00:00:01-05:00" },
	/* sun 00:00-01:30: 01:30 is in the fold, its first occurrence is
	 * 01:30 EDT (05:30Z): 04:00Z-05:30Z, 1.5 h; the repeated 01:00-01:30
	 * EST does not count. */
	{ "ny_fold_span_end", NY, "sun 00:00-01:30", NULL,
	  "2026-11-01T00:00:00-04:00", M(90), "2026-11-01T01:30:00-04:00" },
	/* 2 h: 1.5 h, then the next Sunday's 00:00 EST (05:00Z) + 30 min. */
	{ "ny_fold_span_end_next", NY, "sun 00:00-01:30", NULL,
	  "2026-11-01T00:00:00-04:00", H(2), "2026-11-08T00:30:00-05:00" },
	/* 1 h 45 min: 1.5 h, then 00:00 EST + 15 min a week later. */
	{ "ny_fold_span_end_next_15", NY, "sun 00:00-01:30", NULL,
	  "2026-11-01T00:00:00-04:00", M(105), "2026-11-08T00:15:00-05:00" },
	/* sun 01:30-03:00: 01:30 EDT (05:30Z) to 03:00 EST (08:00Z), 2.5 h
	 * without a break. */
	{ "ny_fold_span_start", NY, "sun 01:30-03:00", NULL,
	  "2026-11-01T00:00:00-04:00", M(150), "2026-11-01T03:00:00-05:00" },
	/* 1 h: 05:30Z + 1 h = 06:30Z = 01:30 EST, the second 01:30. */
	{ "ny_fold_span_start_1h", NY, "sun 01:30-03:00", NULL,
	  "2026-11-01T00:00:00-04:00", H(1), "2026-11-01T01:30:00-05:00" },
	{ "ny_fold_span_start_next", NY, "sun 01:30-03:00", NULL,
	  "2026-11-01T00:00:00-04:00", M(150) + 1,
	  "2026-11-08T01:30:01-05:00" },
	/* Opened during the second 01:00-01:30 (01:10 EST = 06:10Z): sun
	 * 00:00-01:30 ended at 05:30Z, so the next Sunday's 00:00 EST
	 * (05:00Z) + 10 min. */
	{ "ny_fold_opened_in_second_pass", NY, "sun 00:00-01:30", NULL,
	  "2026-11-01T01:10:00-05:00", M(10), "2026-11-08T00:10:00-05:00" },
	/* 24x7 on the fall-back day: 00:00 EDT (04:00Z) to Monday 00:00 EST
	 * (05:00Z) is 25 h. */
	{ "ny_24x7_fall_day", NY, ALL, NULL, "2026-11-01T00:00:00-04:00", H(25),
	  "2026-11-02T00:00:00-05:00" },
	/* Opened before opening: the clock starts at 08:00. */
	{ "ny_before_opening", NY, BH, NULL, "2026-06-09T06:15:00-04:00", H(4),
	  "2026-06-09T12:00:00-04:00" },
	/* Opened at closing time: nothing left that day (Tue), Wed 08-09. */
	{ "ny_at_closing", NY, BH, NULL, "2026-06-09T18:00:00-04:00", H(1),
	  "2026-06-10T09:00:00-04:00" },
	/* A target ending exactly at closing is due at closing. */
	{ "ny_ends_at_closing", NY, BH, NULL, "2026-06-09T14:00:00-04:00", H(4),
	  "2026-06-09T18:00:00-04:00" },
	{ "ny_one_second_past_closing", NY, BH, NULL,
	  "2026-06-09T14:00:00-04:00", H(4) + 1, "2026-06-10T08:00:01-04:00" },
	{ "ny_last_second", NY, BH, NULL, "2026-06-09T17:59:59-04:00", 1,
	  "2026-06-09T18:00:00-04:00" },
	{ "ny_last_second_plus_one", NY, BH, NULL, "2026-06-09T17:59:59-04:00",
	  2, "2026-06-10T08:00:01-04:00" },
	/* Opened on a Saturday: Monday's whole 10 h. */
	{ "ny_weekend", NY, BH, NULL, "2026-06-13T10:00:00-04:00", H(10),
	  "2026-06-15T18:00:00-04:00" },
	/* Opened on a holiday (Fri 07-03): skip it and the weekend. */
	{ "ny_holiday", NY, BH, "2026-07-03", "2026-07-03T09:00:00-04:00", H(2),
	  "2026-07-06T10:00:00-04:00" },
	/* A whole week of 5 x 10 h ends Friday at closing. */
	{ "ny_full_week", NY, BH, NULL, "2026-06-08T08:00:00-04:00", H(50),
	  "2026-06-12T18:00:00-04:00" },
	{ "ny_full_week_plus_one", NY, BH, NULL, "2026-06-08T08:00:00-04:00",
	  H(50) + 1, "2026-06-15T08:00:01-04:00" },
	/* Two holidays in a row, Thu and Fri: Wed 17-18, then Monday. */
	{ "ny_two_holidays", NY, BH, "2026-06-11 2026-06-12",
	  "2026-06-10T17:00:00-04:00", H(3), "2026-06-15T10:00:00-04:00" },

	/* London, 24x7 across spring-forward: 23:30Z + 2 h = 01:30Z =
	 * 02:30 BST. */
	{ "lon_24x7_spring", LON, ALL, NULL, "2026-03-28T23:30:00+00:00", H(2),
	  "2026-03-29T02:30:00+01:00" },
	/* Across fall-back: 23:30Z + 2 h = 01:30Z = 01:30 GMT. */
	{ "lon_24x7_fall", LON, ALL, NULL, "2026-10-25T00:30:00+01:00", H(2),
	  "2026-10-25T01:30:00+00:00" },
	/* Fri 15:00-17:30 GMT (2.5 h), Mon 09:00 BST + 2.5 h. */
	{ "lon_bh_spring", LON, "mon-fri 09:00-17:30", NULL,
	  "2026-03-27T15:00:00+00:00", H(5), "2026-03-30T11:30:00+01:00" },
	/* A holiday on the 25-hour fall-back Sunday: Sat 22-24 BST (21:00Z-
	 * 23:00Z, 2 h), Sunday 23:00Z-Mon 00:00Z (25 h) skipped, Mon 1 h. */
	{ "lon_holiday_25h", LON, ALL, "2026-10-25",
	  "2026-10-24T22:00:00+01:00", H(3), "2026-10-26T01:00:00+00:00" },
	/* A holiday on the 23-hour spring Sunday: Sat 23-24 GMT (1 h), Sunday
	 * 00:00Z-23:00Z skipped, Mon 00:00 BST (23:00Z) + 1 h. */
	{ "lon_holiday_23h", LON, ALL, "2026-03-29",
	  "2026-03-28T23:00:00+00:00", H(2), "2026-03-30T01:00:00+01:00" },
	/* London 2026-03-29: 01:00 GMT (01:00Z) jumps to 02:00 BST, so local
	 * 01:xx means 02:xx BST = 01:xxZ. sun 01:00-02:00 lies wholly in
	 * the gap: 01:00 -> 02:00 BST (01:00Z) and 02:00 BST (01:00Z), empty.
	 * The next Sunday's hour ends 02:00 BST. */
	{ "lon_span_inside_gap", LON, "sun 01:00-02:00", NULL,
	  "2026-03-29T00:00:00+00:00", H(1), "2026-04-05T02:00:00+01:00" },
	/* sun 01:30-03:00: 01:30 -> 02:30 BST (01:30Z) to 03:00 BST
	 * (02:00Z), 30 min. */
	{ "lon_gap_span_start", LON, "sun 01:30-03:00", NULL,
	  "2026-03-29T00:00:00+00:00", M(30), "2026-03-29T03:00:00+01:00" },
	{ "lon_gap_span_start_next", LON, "sun 01:30-03:00", NULL,
	  "2026-03-29T00:00:00+00:00", M(30) + 1, "2026-04-05T01:30:01+01:00" },
	/* sun 00:30-01:30: 00:30 GMT (00:30Z) to 01:30 -> 02:30 BST (01:30Z),
	 * 1 h. */
	{ "lon_gap_span_end", LON, "sun 00:30-01:30", NULL,
	  "2026-03-29T00:00:00+00:00", H(1), "2026-03-29T02:30:00+01:00" },
	/* London 2026-10-25: 02:00 BST (01:00Z) falls back to 01:00 GMT, so
	 * local 01:xx means 01:xx BST = 00:xxZ. sun 01:00-02:00 is 01:00 BST
	 * (00:00Z) to 02:00 GMT (02:00Z), after the fold: 2 h. */
	{ "lon_span_is_the_fold", LON, "sun 01:00-02:00", NULL,
	  "2026-10-25T00:00:00+01:00", H(2), "2026-10-25T02:00:00+00:00" },
	/* sun 00:30-01:30: 00:30 BST (23:30Z) to 01:30 BST (00:30Z), 1 h;
	 * the repeated 01:00-01:30 GMT does not count. 1 h 1 min: the next
	 * Sunday's 00:30 GMT + 1 min. */
	{ "lon_fold_span_end", LON, "sun 00:30-01:30", NULL,
	  "2026-10-25T00:00:00+01:00", H(1), "2026-10-25T01:30:00+01:00" },
	{ "lon_fold_span_end_next", LON, "sun 00:30-01:30", NULL,
	  "2026-10-25T00:00:00+01:00", H(1) + 60, "2026-11-01T00:31:00+00:00" },
	/* sun 01:30-03:00: 01:30 BST (00:30Z) to 03:00 GMT (03:00Z), 2.5 h. */
	{ "lon_fold_span_start", LON, "sun 01:30-03:00", NULL,
	  "2026-10-25T00:00:00+01:00", M(150), "2026-10-25T03:00:00+00:00" },

	/* Lord Howe, 30-minute DST. Starts on Sun 2026-10-04 at 02:00 +10:30
	 * (15:30Z on 10-03), which becomes 02:30 +11, so local 02:00-02:29
	 * means 30 minutes later, +11. 24x7: 14:30Z + 2 h = 16:30Z =
	 * 03:30 +11. */
	{ "lh_24x7_dst_start", LH, ALL, NULL, "2026-10-04T01:00:00+10:30", H(2),
	  "2026-10-04T03:30:00+11:00" },
	/* sun 01:00-03:00: 01:00 +10:30 (14:30Z) to 03:00 +11 (16:00Z),
	 * 1.5 real hours. */
	{ "lh_gap_span", LH, "sun 01:00-03:00", NULL,
	  "2026-10-04T00:00:00+10:30", M(90), "2026-10-04T03:00:00+11:00" },
	{ "lh_gap_span_next", LH, "sun 01:00-03:00", NULL,
	  "2026-10-04T00:00:00+10:30", M(90) + 1, "2026-10-11T01:00:01+11:00" },
	/* sun 02:15-04:00: 02:15 -> 02:45 +11 (15:45Z) to 04:00 +11 (17:00Z),
	 * 75 min; 30 min end at 16:15Z = 03:15 +11. */
	{ "lh_gap_span_start", LH, "sun 02:15-04:00", NULL,
	  "2026-10-04T00:00:00+10:30", M(30), "2026-10-04T03:15:00+11:00" },
	{ "lh_gap_span_start_whole", LH, "sun 02:15-04:00", NULL,
	  "2026-10-04T00:00:00+10:30", M(75), "2026-10-04T04:00:00+11:00" },
	/* sun 01:00-02:15: 01:00 +10:30 (14:30Z) to 02:15 -> 02:45 +11
	 * (15:45Z), 75 min; one second more is the next Sunday's 01:00 +11
	 * plus 1 s. */
	{ "lh_gap_span_end", LH, "sun 01:00-02:15", NULL,
	  "2026-10-04T00:00:00+10:30", M(75), "2026-10-04T02:45:00+11:00" },
	{ "lh_gap_span_end_next", LH, "sun 01:00-02:15", NULL,
	  "2026-10-04T00:00:00+10:30", M(75) + 1, "2026-10-11T01:00:01+11:00" },
	/* Ends on Sun 2026-04-05 at 02:00 +11 (15:00Z on 04-04), which
	 * becomes 01:30 +10:30, so local 01:30-01:59 means its first
	 * occurrence, +11.
	 * sun 01:00-03:00: 01:00 +11 (14:00Z) to 03:00 +10:30 (16:30Z),
	 * 2.5 real hours without a break. */
	{ "lh_fold_span", LH, "sun 01:00-03:00", NULL,
	  "2026-04-05T00:00:00+11:00", M(150), "2026-04-05T03:00:00+10:30" },
	/* sun 01:00-01:45: 01:00 +11 (14:00Z) to 01:45 +11 (14:45Z), 45 min;
	 * 50 min = 45 + 5 from the next Sunday's 01:00 +10:30 (14:30Z on
	 * 04-11): 14:35Z = 01:05 +10:30. */
	{ "lh_fold_span_end", LH, "sun 01:00-01:45", NULL,
	  "2026-04-05T00:00:00+11:00", M(45), "2026-04-05T01:45:00+11:00" },
	{ "lh_fold_span_end_next", LH, "sun 01:00-01:45", NULL,
	  "2026-04-05T00:00:00+11:00", M(50), "2026-04-12T01:05:00+10:30" },
	/* sun 01:45-03:00: 01:45 +11 (14:45Z) to 03:00 +10:30 (16:30Z),
	 * 105 min. */
	{ "lh_fold_span_start", LH, "sun 01:45-03:00", NULL,
	  "2026-04-05T00:00:00+11:00", M(105), "2026-04-05T03:00:00+10:30" },

	/* Kolkata +05:30: Fri 16-18 (2 h), Mon 09:00 + 6 h. */
	{ "kolkata", "Asia/Kolkata", "mon-fri 09:00-18:00", NULL,
	  "2026-06-12T16:00:00+05:30", H(8), "2026-06-15T15:00:00+05:30" },
	/* 03:00Z = Fri 08:30 IST: Fri 9 h, Mon 09:00 + 30 min. */
	{ "kolkata_utc_opened", "Asia/Kolkata", "mon-fri 09:00-18:00", NULL,
	  "2026-06-12T03:00:00Z", H(9) + M(30), "2026-06-15T09:30:00+05:30" },
	/* Kathmandu +05:45: 23:00Z = Thu 04:45; Thu 10-17 (7 h), Fri 10 + 3. */
	{ "kathmandu", "Asia/Kathmandu", "mon-fri 10:00-17:00", NULL,
	  "2026-06-10T23:00:00Z", H(10), "2026-06-12T13:00:00+05:45" },
	/* 11:14:59Z = Thu 16:59:59: one second left that day. */
	{ "kathmandu_last_second", "Asia/Kathmandu", "mon-fri 10:00-17:00",
	  NULL, "2026-06-11T11:14:59Z", 1, "2026-06-11T17:00:00+05:45" },
	{ "kathmandu_next_day", "Asia/Kathmandu", "mon-fri 10:00-17:00", NULL,
	  "2026-06-11T11:14:59Z", 2, "2026-06-12T10:00:01+05:45" },

	/* Chatham +13:45 -> +12:45 on 2026-04-05 at 14:00Z (03:45 -> 02:45).
	 * 24x7: 13:15Z + 1 h = 14:15Z = 03:00 +12:45. */
	{ "chatham_24x7_fall", "Pacific/Chatham", ALL, NULL,
	  "2026-04-05T03:00:00+13:45", H(1), "2026-04-05T03:00:00+12:45" },
	/* Fri 16-17 +13:45 (1 h), Mon 08:00 +12:45 + 1 h. */
	{ "chatham_bh", "Pacific/Chatham", "mon-fri 08:00-17:00", NULL,
	  "2026-04-03T16:00:00+13:45", H(2), "2026-04-06T09:00:00+12:45" },
	/* +12:45 -> +13:45 on 2026-09-27 at 14:00Z (02:45 -> 03:45).
	 * sun 02:00-04:00: 02:00-02:45 +12:45 (13:15Z-14:00Z) and 03:45-04:00
	 * +13:45 (14:00Z-14:15Z): one real hour. */
	{ "chatham_gap_span", "Pacific/Chatham", "sun 02:00-04:00", NULL,
	  "2026-09-27T00:00:00+12:45", H(1), "2026-09-27T04:00:00+13:45" },

	/* An overnight shift across spring-forward: Sat 22:00 EST (03:00Z) to
	 * Sun 06:00 EDT (10:00Z) is 7 real hours. */
	{ "ny_overnight_spring", NY, "mon-sun 22:00-06:00", NULL,
	  "2026-03-07T21:00:00-05:00", H(7), "2026-03-08T06:00:00-04:00" },
	{ "ny_overnight_spring_next", NY, "mon-sun 22:00-06:00", NULL,
	  "2026-03-07T21:00:00-05:00", H(7) + 60, "2026-03-08T22:01:00-04:00" },
	/* Across fall-back: Sat 22:00 EDT (02:00Z) to Sun 06:00 EST (11:00Z),
	 * 9 real hours. */
	{ "ny_overnight_fall", NY, "mon-sun 22:00-06:00", NULL,
	  "2026-10-31T21:00:00-04:00", H(9), "2026-11-01T06:00:00-05:00" },

	/* 24x5: Fri 15-17 (2 h), Sun 17:00 + 3 h. */
	{ "ny_24x5", NY,
	  "sun 17:00-24:00, mon-thu 00:00-24:00, fri 00:00-17:00", NULL,
	  "2026-06-12T15:00:00-04:00", H(5), "2026-06-14T20:00:00-04:00" },
	/* A whole 24x5 week is 7 + 96 + 17 = 120 h, Sun 17:00 to Fri 17:00. */
	{ "ny_24x5_week", NY,
	  "sun 17:00-24:00, mon-thu 00:00-24:00, fri 00:00-17:00", NULL,
	  "2026-06-14T17:00:00-04:00", H(120), "2026-06-19T17:00:00-04:00" },
	{ "ny_24x5_spring", NY,
	  "sun 17:00-24:00, mon-thu 00:00-24:00, fri 00:00-17:00", NULL,
	  "2026-03-06T16:00:00-05:00", H(2), "2026-03-08T18:00:00-04:00" },
	{ "ny_24x5_fall", NY,
	  "sun 17:00-24:00, mon-thu 00:00-24:00, fri 00:00-17:00", NULL,
	  "2026-10-30T16:00:00-04:00", H(2), "2026-11-01T18:00:00-05:00" },

	/* Overnight shifts clipped by holidays. Wed 06-10 is a holiday: Tue's
	 * shift counts 22-24 (2 h), its Wed 00-06 half is closed and so is
	 * Wed's own 22-24; Wed's shift resumes Thu 00:00 + 2 h. */
	{ "ny_overnight_holiday_next_day", NY, "mon-fri 22:00-06:00",
	  "2026-06-10", "2026-06-09T21:00:00-04:00", H(4),
	  "2026-06-11T02:00:00-04:00" },
	/* Tue 06-09 holiday: Mon 22-24 (2 h), Tue closed, Wed 00:00 + 1 h. */
	{ "ny_overnight_holiday_owner_day", NY, "mon-fri 22:00-06:00",
	  "2026-06-09", "2026-06-08T21:00:00-04:00", H(3),
	  "2026-06-10T01:00:00-04:00" },
	/* A holiday on the spring-forward Sunday removes the Sunday half of
	 * Saturday's shift: Sat 22:00-24:00 EST (03:00Z-05:00Z, 2 h), then
	 * the next Saturday's 22:00 EDT (02:00Z) + 1 h. */
	{ "ny_overnight_holiday_spring", NY, "sat 22:00-06:00", "2026-03-08",
	  "2026-03-07T21:00:00-05:00", H(3), "2026-03-14T23:00:00-04:00" },

	/* Santiago falls back at 24:00 -> 23:00 on Sat 2026-04-04 (03:00Z):
	 * sat 23:00-24:00 is shown twice, 02:00Z-04:00Z without a break. */
	{ "santiago_fold_at_midnight", "America/Santiago", "sat 23:00-24:00",
	  NULL, "2026-04-04T22:00:00-03:00", H(2),
	  "2026-04-05T00:00:00-04:00" },
	/* Springs forward at 24:00 -> 01:00 on 2026-09-06 (04:00Z): Sunday
	 * 00:00-01:00 does not exist: sun 00:00-02:00 holds 04:00Z-05:00Z. */
	{ "santiago_gap_at_midnight", "America/Santiago", "sun 00:00-02:00",
	  NULL, "2026-09-05T20:00:00-04:00", H(1),
	  "2026-09-06T02:00:00-03:00" },
	/* Havana springs forward at 00:00 -> 01:00 (05:00Z) on Sun 2026-03-08:
	 * a holiday on that 23-hour day. Sat 23-24 (1 h), Sunday 05:00Z to Mon
	 * 00:00 CDT (04:00Z) skipped, then 1 h. */
	{ "havana_holiday_23h", "America/Havana", ALL, "2026-03-08",
	  "2026-03-07T23:00:00-05:00", H(2), "2026-03-09T01:00:00-04:00" },
	/* St. John's fell back at 00:01 NDT -> 23:01 NST on 2010-11-07
	 * (02:31Z), revisiting Saturday. sat 23:00-24:00: 23:00 NDT (01:30Z)
	 * to 24:00, that is Sunday 00:00, in the fold: its first occurrence,
	 * 00:00 NDT (02:30Z). 1 h; the revisited 23:01-24:00 NST does not
	 * count. 61 min: the next Saturday's 23:00 NST (02:30Z) + 1 min. */
	{ "st_johns_fold_at_midnight", "America/St_Johns", "sat 23:00-24:00",
	  NULL, "2010-11-06T22:00:00-02:30", M(60),
	  "2010-11-07T00:00:00-02:30" },
	{ "st_johns_fold_at_midnight_next", "America/St_Johns",
	  "sat 23:00-24:00", NULL, "2010-11-06T22:00:00-02:30", M(61),
	  "2010-11-13T23:01:00-03:30" },
	/* Apia skipped Fri 2011-12-30 (-10 -> +14 at 10:00Z): its local
	 * times are shifted forward by the 24-hour gap, so Friday's 08-18
	 * covers Saturday 08:00-18:00 +14 (18:00Z-04:00Z). Thu 17-18 (1 h),
	 * then 08:00 +14 + 1 h. */
	{ "apia_skipped_day", "Pacific/Apia", BH, NULL,
	  "2011-12-29T17:00:00-10:00", H(2), "2011-12-31T09:00:00+14:00" },
	/* Opened on that Saturday, whose own day is closed: Friday's hours,
	 * from the day before, still count. */
	{ "apia_opened_after_skip", "Pacific/Apia", BH, NULL,
	  "2011-12-31T00:00:00+14:00", H(1), "2011-12-31T09:00:00+14:00" },
	/* Friday 10 h, then Mon 2012-01-02 08:00 +14 + 1 h. */
	{ "apia_skipped_day_next", "Pacific/Apia", BH, NULL,
	  "2011-12-31T00:00:00+14:00", H(11), "2012-01-02T09:00:00+14:00" },
	/* 24x7 with that Friday a holiday (its interval is empty anyway:
	 * 00:00 and 24:00 both map to 10:00Z): Thu 23-24 -10 (1 h), then
	 * Sat 00:00 +14 + 1 h. */
	{ "apia_skipped_day_24x7", "Pacific/Apia", ALL, "2011-12-30",
	  "2011-12-29T23:00:00-10:00", H(2), "2011-12-31T01:00:00+14:00" },
	/* UTC, far from 1970 both ways. */
	{ "utc_1901", "UTC", BH, NULL, "1901-01-04T17:00:00Z", H(2),
	  "1901-01-07T09:00:00Z" },
	{ "utc_9999", "UTC", BH, NULL, "9999-12-30T17:00:00Z", H(1),
	  "9999-12-30T18:00:00Z" },
};

Test(sla, due_vectors)
{
	struct tcal tc;
	char err[CASES_ERRMAX], b1[32], b2[32];
	int64_t due;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(due_vecs) / sizeof(due_vecs[0]); i++) {
		const struct due_vec *v = &due_vecs[i];

		tcal_init(&tc, v->zone, v->hours, v->holidays);
		err[0] = '\0';
		due = 0;
		rc = sla_due(&tc.cal, at(v->opened), v->target, &due, err);
		cr_expect_eq(rc, CASES_OK, "%s: %s", v->name, err);
		cr_expect_eq(due, at(v->due), "%s: due %s, want %s", v->name,
			     utc(due, b1), utc(at(v->due), b2));
		/* The target is exactly the business time elapsed. */
		cr_expect_eq(sla_elapsed(&tc.cal, at(v->opened), due),
			     v->target, "%s: elapsed", v->name);
	}
}

Test(sla, due_opened_in_nonexistent_local_time)
{
	struct tcal tc;
	int64_t opened, due;

	/* "2026-03-08 02:30" does not exist in New York; it means 03:30 EDT
	 * (shifted forward by the one-hour gap, docs/deadlines.md 3). */
	tcal_init(&tc, NY, ALL, NULL);
	opened = tz_to_utc(tc.cal.zone,
			   day_of("2026-03-08") * 86400 + H(2) + M(30));
	cr_assert_eq(opened, at("2026-03-08T03:30:00-04:00"));
	cr_assert_eq(sla_due(&tc.cal, opened, H(1), &due, NULL), CASES_OK);
	cr_expect_eq(due, at("2026-03-08T04:30:00-04:00"));
	/* With business hours the clock starts Monday 08:00 EDT. */
	tcal_init(&tc, NY, BH, NULL);
	cr_assert_eq(sla_due(&tc.cal, opened, H(1), &due, NULL), CASES_OK);
	cr_expect_eq(due, at("2026-03-09T09:00:00-04:00"));
}

Test(sla, due_errors)
{
	struct tcal tc;
	char err[CASES_ERRMAX];
	int64_t due = 42;

	tcal_init(&tc, NY, BH, NULL);
	memset(&tc.cal.hours, 0, sizeof(tc.cal.hours));
	cr_expect_eq(
		sla_due(&tc.cal, at("2026-06-09T09:00:00Z"), H(1), &due, err),
		CASES_EINVAL);
	cr_expect(strstr(err, "no business hours") != NULL, "%s", err);
	cr_expect_eq(due, 42);
	cr_expect_eq(sla_elapsed(&tc.cal, 0, H(1000)), 0);

	tcal_init(&tc, NY, BH, NULL);
	cr_expect_eq(sla_due(&tc.cal, 0, 0, &due, err), CASES_EINVAL);
	cr_expect(strstr(err, "positive") != NULL, "%s", err);
	cr_expect_eq(sla_due(&tc.cal, 0, -5, &due, err), CASES_EINVAL);
	cr_expect_eq(sla_due(&tc.cal, INT64_MAX, 1, &due, err), CASES_EINVAL);
	cr_expect_eq(sla_due(&tc.cal, INT64_MIN, 1, &due, err), CASES_EINVAL);
	/* A target that cannot elapse before year 10000 is an error, fast. */
	cr_expect_eq(sla_due(&tc.cal, at("9999-12-01T00:00:00Z"), H(1000), &due,
			     err),
		     CASES_EINVAL);
	cr_expect(strstr(err, "9999-12-31T23:59:59Z") != NULL, "%s", err);
	cr_expect_eq(sla_due(&tc.cal, 0, INT64_MAX, &due, err), CASES_EINVAL);
}

Test(sla, due_huge_target_is_o_days)
{
	struct tcal tc;
	int64_t opened = at("2001-01-01T08:00:00Z"), due;

	/* 261000 h at 50 h a week is exactly 5220 weeks (36540 days) from
	 * Monday 2001-01-01 08:00; the last hour ends on the Friday before
	 * the Monday 08:00 that is 36540 days later: minus 2 days 14 hours. */
	tcal_init(&tc, "UTC", BH, NULL);
	cr_assert_eq(sla_due(&tc.cal, opened, H(261000), &due, NULL), CASES_OK);
	cr_expect_eq(due, opened + 36540LL * 86400 - 2 * 86400 - H(14));
	cr_expect_eq(sla_elapsed(&tc.cal, opened, due), H(261000));
}

Test(sla, elapsed_vectors)
{
	struct tcal tc;

	tcal_init(&tc, NY, ALL, NULL);
	/* The fall-back day has 25 hours, the spring-forward day 23. */
	cr_expect_eq(sla_elapsed(&tc.cal, at("2026-11-01T00:00:00-04:00"),
				 at("2026-11-02T00:00:00-05:00")),
		     H(25));
	cr_expect_eq(sla_elapsed(&tc.cal, at("2026-03-08T00:00:00-05:00"),
				 at("2026-03-09T00:00:00-04:00")),
		     H(23));
	tcal_init(&tc, NY, BH, NULL);
	cr_expect_eq(sla_elapsed(&tc.cal, at("2026-06-08T00:00:00-04:00"),
				 at("2026-06-15T00:00:00-04:00")),
		     H(50));
	/* 12:34:56 to 18:00 is 5:25:04 = 19504 s, + Wed 08:00:00-08:00:01. */
	cr_expect_eq(sla_elapsed(&tc.cal, at("2026-06-09T12:34:56-04:00"),
				 at("2026-06-10T08:00:01-04:00")),
		     19505);
	cr_expect_eq(sla_elapsed(&tc.cal, at("2026-06-09T12:00:00Z"),
				 at("2026-06-09T12:00:00Z")),
		     0);
	cr_expect_eq(sla_elapsed(&tc.cal, at("2026-06-10T12:00:00Z"),
				 at("2026-06-09T12:00:00Z")),
		     0);
	cr_expect_eq(sla_elapsed(&tc.cal, INT64_MIN, INT64_MIN), 0);
	tcal_init(&tc, NY, "sun 00:00-01:30", NULL);
	/* 00:00 EDT to the first 01:30 (EDT): 1.5 h; the second pass through
	 * 01:00-01:30 (EST) does not count. */
	cr_expect_eq(sla_elapsed(&tc.cal, at("2026-11-01T00:00:00-04:00"),
				 at("2026-11-02T00:00:00-05:00")),
		     M(90));
	cr_expect_eq(sla_elapsed(&tc.cal, at("2026-11-01T01:00:00-05:00"),
				 at("2026-11-01T01:30:00-05:00")),
		     0);
	/* The same on the spring-forward day: sun 02:30-05:00 is 03:30-05:00
	 * EDT, and 03:00-03:30 EDT does not count. */
	tcal_init(&tc, NY, "sun 02:30-05:00", NULL);
	cr_expect_eq(sla_elapsed(&tc.cal, at("2026-03-08T00:00:00-05:00"),
				 at("2026-03-09T00:00:00-04:00")),
		     M(90));
	cr_expect_eq(sla_elapsed(&tc.cal, at("2026-03-08T03:00:00-04:00"),
				 at("2026-03-08T03:30:00-04:00")),
		     0);
	/* Overlapping images count once: sun 02:00-02:50 (07:00Z-07:50Z)
	 * and sun 03:10-04:00 (07:10Z-08:00Z) hold 1 h together, and from
	 * 07:20Z to 07:45Z all 25 min are business time. */
	tcal_init(&tc, NY, "sun 02:00-02:50, sun 03:10-04:00", NULL);
	cr_expect_eq(sla_elapsed(&tc.cal, at("2026-03-08T00:00:00-05:00"),
				 at("2026-03-09T00:00:00-04:00")),
		     H(1));
	cr_expect_eq(sla_elapsed(&tc.cal, at("2026-03-08T07:20:00Z"),
				 at("2026-03-08T07:45:00Z")),
		     M(25));
	/* Apia skipped Fri 2011-12-30: Friday's 12:00-13:00 shifts to
	 * Saturday 12:00-13:00 +14 (Dec 30 22:00Z-23:00Z), after Saturday's
	 * own 00:00-01:00 (10:00Z-11:00Z); up to Sat 01:00 +14 only the
	 * Saturday hour counts. */
	tcal_init(&tc, "Pacific/Apia", "fri 12:00-13:00, sat 00:00-01:00",
		  NULL);
	cr_expect_eq(sla_elapsed(&tc.cal, at("2011-12-29T23:00:00-10:00"),
				 at("2011-12-31T01:00:00+14:00")),
		     H(1));
	cr_expect_eq(sla_elapsed(&tc.cal, at("2011-12-29T23:00:00-10:00"),
				 at("2011-12-31T13:00:00+14:00")),
		     H(2));
	tcal_init(&tc, LON, ALL, "2026-10-25");
	/* Sat 24 h + Sun (holiday) 0 + Mon 24 h. */
	cr_expect_eq(sla_elapsed(&tc.cal, at("2026-10-24T00:00:00+01:00"),
				 at("2026-10-27T00:00:00+00:00")),
		     H(48));
}

/* ---- explain ------------------------------------------------------- */

#define MAX_STEPS 64

struct steps {
	struct sla_step s[MAX_STEPS];
	int n;
};

static void
collect(void *arg, const struct sla_step *st)
{
	struct steps *ss = arg;

	if (ss->n < MAX_STEPS)
		ss->s[ss->n] = *st;
	ss->n++;
}

static void
expect_step(const struct sla_step *st, enum sla_step_kind kind, const char *day,
	    const char *from, const char *to, int64_t counted,
	    int64_t remaining, int dst)
{
	cr_expect_eq(st->kind, kind, "kind %d, want %d", st->kind, kind);
	cr_expect_eq(st->day, day_of(day), "day of %s", day);
	if (kind == SLA_STEP_COUNT) {
		cr_expect_eq(st->from, at(from), "from %s", from);
		cr_expect_eq(st->to, at(to), "to %s", to);
		cr_expect_eq(st->counted, counted, "counted %s", from);
		cr_expect_eq(st->dst, dst, "dst %s", from);
	}
	cr_expect_eq(st->remaining, remaining, "remaining on %s", day);
}

Test(sla, explain_weekend)
{
	struct tcal tc;
	struct steps ss = { .n = 0 };
	int64_t due;

	tcal_init(&tc, NY, BH, NULL);
	cr_assert_eq(sla_explain(&tc.cal, at("2026-03-06T16:00:00-05:00"), H(4),
				 collect, &ss, &due, NULL),
		     CASES_OK);
	cr_expect_eq(due, at("2026-03-09T10:00:00-04:00"));
	cr_assert_eq(ss.n, 4);
	expect_step(&ss.s[0], SLA_STEP_COUNT, "2026-03-06",
		    "2026-03-06T16:00:00-05:00", "2026-03-06T18:00:00-05:00",
		    H(2), H(2), 0);
	expect_step(&ss.s[1], SLA_STEP_CLOSED, "2026-03-07", NULL, NULL, 0,
		    H(2), 0);
	expect_step(&ss.s[2], SLA_STEP_CLOSED, "2026-03-08", NULL, NULL, 0,
		    H(2), 0);
	expect_step(&ss.s[3], SLA_STEP_COUNT, "2026-03-09",
		    "2026-03-09T08:00:00-04:00", "2026-03-09T10:00:00-04:00",
		    H(2), 0, 0);
}

Test(sla, explain_holiday_and_past_hours)
{
	struct tcal tc;
	struct steps ss = { .n = 0 };
	int64_t due;

	tcal_init(&tc, NY, BH, "2026-07-03");
	cr_assert_eq(sla_explain(&tc.cal, at("2026-07-03T09:00:00-04:00"), H(2),
				 collect, &ss, &due, NULL),
		     CASES_OK);
	cr_expect_eq(due, at("2026-07-06T10:00:00-04:00"));
	cr_assert_eq(ss.n, 4);
	expect_step(&ss.s[0], SLA_STEP_HOLIDAY, "2026-07-03", NULL, NULL, 0,
		    H(2), 0);
	expect_step(&ss.s[1], SLA_STEP_CLOSED, "2026-07-04", NULL, NULL, 0,
		    H(2), 0);
	expect_step(&ss.s[2], SLA_STEP_CLOSED, "2026-07-05", NULL, NULL, 0,
		    H(2), 0);
	expect_step(&ss.s[3], SLA_STEP_COUNT, "2026-07-06",
		    "2026-07-06T08:00:00-04:00", "2026-07-06T10:00:00-04:00",
		    H(2), 0, 0);

	/* Opened after closing on Tuesday: Tuesday is neither counted nor
	 * closed; the one step is Wednesday's. */
	ss.n = 0;
	cr_assert_eq(sla_explain(&tc.cal, at("2026-06-09T18:00:00-04:00"), H(1),
				 collect, &ss, &due, NULL),
		     CASES_OK);
	cr_assert_eq(ss.n, 1);
	expect_step(&ss.s[0], SLA_STEP_COUNT, "2026-06-10",
		    "2026-06-10T08:00:00-04:00", "2026-06-10T09:00:00-04:00",
		    H(1), 0, 0);
}

Test(sla, explain_dst_steps)
{
	struct tcal tc;
	struct steps ss = { .n = 0 };
	int64_t due;

	/* The 23-hour spring-forward day is one step, flagged dst. */
	tcal_init(&tc, NY, ALL, NULL);
	cr_assert_eq(sla_explain(&tc.cal, at("2026-03-08T00:00:00-05:00"),
				 H(23), collect, &ss, &due, NULL),
		     CASES_OK);
	cr_expect_eq(due, at("2026-03-09T00:00:00-04:00"));
	cr_assert_eq(ss.n, 1);
	expect_step(&ss.s[0], SLA_STEP_COUNT, "2026-03-08",
		    "2026-03-08T00:00:00-05:00", "2026-03-09T00:00:00-04:00",
		    H(23), 0, 1);

	/* sun 01:00-03:00 on that day: 01:00 EST-03:00 EDT, 1 h, dst. */
	ss.n = 0;
	tcal_init(&tc, NY, "sun 01:00-03:00", NULL);
	cr_assert_eq(sla_explain(&tc.cal, at("2026-03-08T00:00:00-05:00"), H(1),
				 collect, &ss, &due, NULL),
		     CASES_OK);
	cr_assert_eq(ss.n, 1);
	expect_step(&ss.s[0], SLA_STEP_COUNT, "2026-03-08",
		    "2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00",
		    H(1), 0, 1);

	/* sun 01:00-02:30 on that day: 01:00 EST to 02:30 -> 03:30 EDT,
	 * 1.5 h in one step, dst. */
	ss.n = 0;
	tcal_init(&tc, NY, "sun 01:00-02:30", NULL);
	cr_assert_eq(sla_explain(&tc.cal, at("2026-03-08T00:00:00-05:00"),
				 M(90), collect, &ss, &due, NULL),
		     CASES_OK);
	cr_expect_eq(due, at("2026-03-08T03:30:00-04:00"));
	cr_assert_eq(ss.n, 1);
	expect_step(&ss.s[0], SLA_STEP_COUNT, "2026-03-08",
		    "2026-03-08T01:00:00-05:00", "2026-03-08T03:30:00-04:00",
		    M(90), 0, 1);

	/* sun 02:30-05:00: 02:30 -> 03:30 EDT to 05:00 EDT, not dst. */
	ss.n = 0;
	tcal_init(&tc, NY, "sun 02:30-05:00", NULL);
	cr_assert_eq(sla_explain(&tc.cal, at("2026-03-08T00:00:00-05:00"),
				 M(90), collect, &ss, &due, NULL),
		     CASES_OK);
	cr_assert_eq(ss.n, 1);
	expect_step(&ss.s[0], SLA_STEP_COUNT, "2026-03-08",
		    "2026-03-08T03:30:00-04:00", "2026-03-08T05:00:00-04:00",
		    M(90), 0, 0);

	/* Overlapping images: sun 02:00-02:50 (07:00Z-07:50Z) counts whole,
	 * sun 03:10-04:00 (07:10Z-08:00Z) only its last 10 min. */
	ss.n = 0;
	tcal_init(&tc, NY, "sun 02:00-02:50, sun 03:10-04:00", NULL);
	cr_assert_eq(sla_explain(&tc.cal, at("2026-03-08T00:00:00-05:00"), H(1),
				 collect, &ss, &due, NULL),
		     CASES_OK);
	cr_assert_eq(ss.n, 2);
	expect_step(&ss.s[0], SLA_STEP_COUNT, "2026-03-08",
		    "2026-03-08T03:00:00-04:00", "2026-03-08T03:50:00-04:00",
		    M(50), M(10), 0);
	expect_step(&ss.s[1], SLA_STEP_COUNT, "2026-03-08",
		    "2026-03-08T03:50:00-04:00", "2026-03-08T04:00:00-04:00",
		    M(10), 0, 0);

	/* sun 00:00-01:30 on the fall-back day: one step, 00:00-01:30 EDT;
	 * the repeated 01:00-01:30 EST is not counted. */
	ss.n = 0;
	tcal_init(&tc, NY, "sun 00:00-01:30", NULL);
	cr_assert_eq(sla_explain(&tc.cal, at("2026-11-01T00:00:00-04:00"),
				 M(90), collect, &ss, &due, NULL),
		     CASES_OK);
	cr_expect_eq(due, at("2026-11-01T01:30:00-04:00"));
	cr_assert_eq(ss.n, 1);
	expect_step(&ss.s[0], SLA_STEP_COUNT, "2026-11-01",
		    "2026-11-01T00:00:00-04:00", "2026-11-01T01:30:00-04:00",
		    M(90), 0, 0);

	/* With 2 h, the rest comes a week later, after six closed days. */
	ss.n = 0;
	cr_assert_eq(sla_explain(&tc.cal, at("2026-11-01T00:00:00-04:00"), H(2),
				 collect, &ss, &due, NULL),
		     CASES_OK);
	cr_expect_eq(due, at("2026-11-08T00:30:00-05:00"));
	cr_assert_eq(ss.n, 8);
	expect_step(&ss.s[1], SLA_STEP_CLOSED, "2026-11-02", NULL, NULL, 0,
		    M(30), 0);
	expect_step(&ss.s[6], SLA_STEP_CLOSED, "2026-11-07", NULL, NULL, 0,
		    M(30), 0);
	expect_step(&ss.s[7], SLA_STEP_COUNT, "2026-11-08",
		    "2026-11-08T00:00:00-05:00", "2026-11-08T00:30:00-05:00",
		    M(30), 0, 0);

	/* sun 01:30-03:00: the first 01:30 (EDT) to 03:00 EST, 2.5 h in one
	 * step, dst. */
	ss.n = 0;
	tcal_init(&tc, NY, "sun 01:30-03:00", NULL);
	cr_assert_eq(sla_explain(&tc.cal, at("2026-11-01T00:00:00-04:00"),
				 M(150), collect, &ss, &due, NULL),
		     CASES_OK);
	cr_assert_eq(ss.n, 1);
	expect_step(&ss.s[0], SLA_STEP_COUNT, "2026-11-01",
		    "2026-11-01T01:30:00-04:00", "2026-11-01T03:00:00-05:00",
		    M(150), 0, 1);

	/* A holiday on the 25-hour day is one step. */
	ss.n = 0;
	tcal_init(&tc, LON, ALL, "2026-10-25");
	cr_assert_eq(sla_explain(&tc.cal, at("2026-10-24T22:00:00+01:00"), H(3),
				 collect, &ss, &due, NULL),
		     CASES_OK);
	cr_assert_eq(ss.n, 3);
	expect_step(&ss.s[0], SLA_STEP_COUNT, "2026-10-24",
		    "2026-10-24T22:00:00+01:00", "2026-10-25T00:00:00+01:00",
		    H(2), H(1), 0);
	expect_step(&ss.s[1], SLA_STEP_HOLIDAY, "2026-10-25", NULL, NULL, 0,
		    H(1), 0);
	expect_step(&ss.s[2], SLA_STEP_COUNT, "2026-10-26",
		    "2026-10-26T00:00:00+00:00", "2026-10-26T01:00:00+00:00",
		    H(1), 0, 0);
}

Test(sla, explain_matches_due_and_errors)
{
	struct tcal tc;
	struct steps ss = { .n = 0 };
	char e1[CASES_ERRMAX], e2[CASES_ERRMAX];
	int64_t d1 = 1, d2 = 2;

	tcal_init(&tc, NY, BH, NULL);
	cr_assert_eq(sla_explain(&tc.cal, at("2026-06-09T09:00:00Z"), H(30),
				 NULL, NULL, &d1, NULL),
		     CASES_OK);
	cr_assert_eq(
		sla_due(&tc.cal, at("2026-06-09T09:00:00Z"), H(30), &d2, NULL),
		CASES_OK);
	cr_expect_eq(d1, d2);
	memset(&tc.cal.hours, 0, sizeof(tc.cal.hours));
	cr_expect_eq(sla_explain(&tc.cal, 0, H(1), collect, &ss, &d1, e1),
		     CASES_EINVAL);
	cr_expect_eq(sla_due(&tc.cal, 0, H(1), &d2, e2), CASES_EINVAL);
	cr_expect_str_eq(e1, e2);
	cr_expect_eq(ss.n, 0);
}

/* ---- property test against a reference ----------------------------- */

/*
 * The reference reads the contract literally: a span [s, e) of local day D
 * that is not a holiday covers the instants [tz_to_utc(D * 86400 + s),
 * tz_to_utc(D * 86400 + e)) (empty when inverted), and instant t is
 * business time when some such interval holds it. An interval of day D
 * holds only instants whose local date is D - 1, D or D + 1, so for t it
 * is enough to look at the days within one of t's local date; the
 * reference looks at those within two, which also covers every instant of
 * the hour after t (no clock moves by a day).
 *
 * It returns whether t is business time and lowers *next to the first
 * edge of those intervals after t: membership is constant from t until
 * *next, as long as *next is at most an hour away.
 */
static int
ref_business(const struct calendar *cal, int64_t t, int64_t *next)
{
	int64_t day = fdiv(tz_to_local(cal->zone, t), 86400), d, a, b;
	int in = 0, wd, i, hol;
	size_t k;

	for (d = day - 2; d <= day + 2; d++) {
		for (hol = 0, k = 0; k < cal->nholidays; k++)
			hol |= cal->holidays[k] == d;
		if (hol)
			continue;
		wd = civil_weekday(d);
		for (i = 0; i < cal->hours.nspan[wd]; i++) {
			a = tz_to_utc(cal->zone,
				      d * 86400 + cal->hours.span[wd][i].start);
			b = tz_to_utc(cal->zone,
				      d * 86400 + cal->hours.span[wd][i].end);
			if (a <= t && t < b)
				in = 1;
			if (a > t && a < *next)
				*next = a;
			if (b > t && b < *next)
				*next = b;
		}
	}
	return in;
}

/* Business seconds from `from`: returns 1 with *due when `target` have
 * been counted before `to`, else 0 with *count. */
static int
ref_walk(const struct calendar *cal, int64_t from, int64_t to, int64_t target,
	 int64_t *due, int64_t *count)
{
	int64_t t = from, n = 0, next;

	while (t < to) {
		next = t + 3600 < to ? t + 3600 : to;
		if (ref_business(cal, t, &next)) {
			if (target - n <= next - t) {
				*due = t + (target - n);
				return 1;
			}
			n += next - t;
		}
		t = next;
	}
	*count = n;
	return 0;
}

/* The reference itself gets the hand-derived deadlines right. */
Test(sla, reference_matches_vectors)
{
	struct tcal tc;
	char b1[32], b2[32];
	int64_t due = 0, cnt = 0;
	size_t i;

	for (i = 0; i < sizeof(due_vecs) / sizeof(due_vecs[0]); i++) {
		const struct due_vec *v = &due_vecs[i];

		tcal_init(&tc, v->zone, v->hours, v->holidays);
		cr_expect_eq(ref_walk(&tc.cal, at(v->opened),
				      at(v->opened) + 200LL * 86400, v->target,
				      &due, &cnt),
			     1, "%s: reference found no deadline", v->name);
		cr_expect_eq(due, at(v->due), "%s: reference %s, want %s",
			     v->name, utc(due, b1), utc(at(v->due), b2));
	}
}

static const char *const prop_zones[] = {
	"America/New_York", "Europe/London",	  "Australia/Lord_Howe",
	"Pacific/Chatham",  "Asia/Kolkata",	  "Asia/Kathmandu",
	"America/St_Johns", "America/Santiago",	  "America/Havana",
	"Europe/Dublin",    "Africa/Casablanca",  "Pacific/Apia",
	"Antarctica/Troll", "Asia/Tehran",	  "America/Sao_Paulo",
	"Europe/Moscow",    "Australia/Adelaide", "UTC",
};

static uint64_t
rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int64_t
rnd_in(uint64_t *s, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rnd(s) % (uint64_t)(hi - lo + 1));
}

/* Minutes of the day where DST transitions and shifts tend to sit. */
static const int edge_minutes[] = { 0,	 30,   60,   90,   120,	 150,
				    165, 180,  210,  225,  240,	 480,
				    540, 1020, 1080, 1320, 1380, 1410 };

static int
rnd_minute(uint64_t *s, int allow_end)
{
	int n = (int)(sizeof(edge_minutes) / sizeof(edge_minutes[0]));

	switch (rnd(s) % 4) {
	case 0:
		return (int)rnd_in(s, 0, allow_end ? 1440 : 1439);
	case 1:
		return allow_end ? 1440 : 0;
	default:
		return edge_minutes[rnd(s) % (uint64_t)n];
	}
}

static void
rnd_hours(uint64_t *s, char *spec, size_t len)
{
	static const char *const dn[7] = { "mon", "tue", "wed", "thu",
					   "fri", "sat", "sun" };
	size_t pos = 0;
	int items = (int)rnd_in(s, 1, 4), i, d1, d2, a, b;

	for (i = 0; i < items; i++) {
		d1 = (int)rnd_in(s, 0, 6);
		d2 = rnd(s) % 2 ? (int)rnd_in(s, 0, 6) : d1;
		do {
			a = rnd_minute(s, 0);
			b = rnd_minute(s, 1);
		} while (a == b || (a == 0 && b == 1440 && rnd(s) % 2));
		pos += (size_t)snprintf(spec + pos, len - pos, "%s%s",
					i ? ", " : "", dn[d1]);
		if (d2 != d1)
			pos += (size_t)snprintf(spec + pos, len - pos, "-%s",
						dn[d2]);
		pos += (size_t)snprintf(spec + pos, len - pos,
					" %02d:%02d-%02d:%02d", a / 60, a % 60,
					b / 60, b % 60);
	}
}

/* The first offset change after t within 400 days, or t if none. */
static int64_t
next_transition(const struct tz *z, int64_t t)
{
	int64_t off = tz_to_local(z, t) - t, lo = t, hi, mid;
	int i;

	for (i = 1; i <= 400; i++) {
		hi = t + (int64_t)i * 86400;
		if (tz_to_local(z, hi) - hi != off)
			break;
		lo = hi;
	}
	if (i > 400)
		return t;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (tz_to_local(z, mid) - mid == off)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/* Checks the steps of sla_explain() as they come. */
struct step_check {
	const struct calendar *cal;
	int64_t target, counted, last_to, remaining, last_day;
	int bad;
	char why[160];
};

static void
check_step(void *arg, const struct sla_step *st)
{
	struct step_check *c = arg;
	const struct tz *z = c->cal->zone;
	int64_t l, next = INT64_MAX;

	if (c->bad)
		return;
	if (st->kind == SLA_STEP_COUNT) {
		c->counted += st->counted;
		if (st->from < c->last_to || st->to <= st->from
		    || st->counted != st->to - st->from) {
			c->bad = 1;
			snprintf(c->why, sizeof(c->why), "bad interval");
			return;
		}
		if (!ref_business(c->cal, st->from, &next)
		    || !ref_business(c->cal, st->to - 1, &next)) {
			c->bad = 1;
			snprintf(c->why, sizeof(c->why),
				 "counted interval ends not business time");
			return;
		}
		l = tz_to_local(z, st->to) - tz_to_local(z, st->from);
		if ((l != st->to - st->from) != (st->dst != 0)) {
			c->bad = 1;
			snprintf(c->why, sizeof(c->why), "dst flag");
			return;
		}
		c->last_to = st->to;
	} else {
		/* Each holiday or closed day once, in order, and rightly
		 * named. */
		int hol = 0;
		size_t k;

		for (k = 0; k < c->cal->nholidays; k++)
			hol |= c->cal->holidays[k] == st->day;
		if (st->day <= c->last_day
		    || (st->kind == SLA_STEP_HOLIDAY) != hol
		    || (!hol
			&& c->cal->hours.nspan[civil_weekday(st->day)] != 0)) {
			c->bad = 1;
			snprintf(c->why, sizeof(c->why), "day step");
			return;
		}
		c->last_day = st->day;
	}
	if (st->remaining != c->target - c->counted
	    || st->remaining > c->remaining) {
		c->bad = 1;
		snprintf(c->why, sizeof(c->why), "remaining %lld",
			 (long long)st->remaining);
	}
	c->remaining = st->remaining;
}

static uint64_t
prop_seed(void)
{
	const char *s = getenv("SLA_SEED");

	return s && *s ? strtoull(s, NULL, 0) : 20260308;
}

#define PROP_CASES 10000

Test(sla, property_due_matches_reference, .timeout = 300)
{
	uint64_t seed = prop_seed(), s;
	int64_t t_lo = at("2000-01-01T00:00:00Z");
	int64_t t_hi = at("2041-01-01T00:00:00Z");
	struct tcal tc;
	char spec[256], fmt[SLA_HOURS_FMTMAX], err[CASES_ERRMAX], b1[32],
		b2[32], what[512];
	struct step_check c;
	int64_t edue;
	struct sla_hours back;
	int64_t opened, target, weekly, due, rdue, cnt, a, b, day;
	int i, k, nh, rc, failures = 0;
	long ncheck = 0;
	int e;

	for (i = 0; i < PROP_CASES && failures < 5; i++) {
		const char *zone;

		s = seed ^ ((uint64_t)i * 0x100000001b3ULL);
		zone = prop_zones[rnd(&s)
				  % (sizeof(prop_zones)
				     / sizeof(prop_zones[0]))];
		rnd_hours(&s, spec, sizeof(spec));
		tcal_init(&tc, zone, spec, NULL);

		/* The canonical text parses back to the same hours. */
		sla_hours_format(&tc.cal.hours, fmt, sizeof(fmt));
		cr_assert_eq(sla_hours_parse(fmt, &back, err), CASES_OK,
			     "seed %#llx case %d: '%s' -> '%s': %s",
			     (unsigned long long)seed, i, spec, fmt, err);
		cr_assert(memcmp(&back, &tc.cal.hours, sizeof(back)) == 0,
			  "seed %#llx case %d: '%s' -> '%s' is not the same",
			  (unsigned long long)seed, i, spec, fmt);

		opened = rnd_in(&s, t_lo, t_hi);
		if (rnd(&s) % 3)
			opened = next_transition(tc.cal.zone, opened)
				 + rnd_in(&s, -4 * 86400, 86400);
		if (rnd(&s) % 2)
			opened = fdiv(opened, 900) * 900;
		day = fdiv(tz_to_local(tc.cal.zone, opened), 86400);
		nh = (int)rnd_in(&s, 0, 3);
		for (k = 0; k < nh; k++)
			tc.hol[k] = day + rnd_in(&s, -1, 20);
		/* Sort and drop duplicates. */
		for (k = 1; k < nh; k++) {
			int64_t v = tc.hol[k];
			int j = k;

			while (j > 0 && tc.hol[j - 1] > v) {
				tc.hol[j] = tc.hol[j - 1];
				j--;
			}
			tc.hol[j] = v;
		}
		tc.cal.nholidays = 0;
		for (k = 0; k < nh; k++)
			if (k == 0 || tc.hol[k] != tc.hol[k - 1])
				tc.hol[tc.cal.nholidays++] = tc.hol[k];

		/* Roughly log-uniform between 1 min and 3 days, at most two
		 * weeks' worth of business time (keeps the reference quick). */
		e = (int)rnd_in(&s, 0, 12);
		target = rnd_in(&s, 30 << e, 60 << e) + rnd_in(&s, 30, 59);
		/* Whole quarter hours often land exactly on a closing time. */
		if (rnd(&s) % 3 == 0)
			target = (target + 899) / 900 * 900;
		weekly = sla_hours_weekly(&tc.cal.hours);
		if (target > 2 * weekly)
			target = 1 + rnd_in(&s, 0, 2 * weekly - 1);

		snprintf(what, sizeof(what),
			 "seed %#llx case %d: %s '%s' hol %zu opened %s target "
			 "%lld",
			 (unsigned long long)seed, i, zone, spec,
			 tc.cal.nholidays, utc(opened, b1), (long long)target);

		rc = sla_due(&tc.cal, opened, target, &due, err);
		k = ref_walk(&tc.cal, opened, opened + 200LL * 86400, target,
			     &rdue, &cnt);
		cr_assert_eq(k, 1, "%s: no reference deadline in 200 days",
			     what);
		if (rc != CASES_OK || due != rdue) {
			failures++;
			cr_expect_fail("%s: due %s (%s), reference %s", what,
				       utc(due, b1), rc ? err : "ok",
				       utc(rdue, b2));
			continue;
		}
		if (sla_elapsed(&tc.cal, opened, due) != target
		    || sla_elapsed(&tc.cal, opened, due - 1) != target - 1) {
			failures++;
			cr_expect_fail(
				"%s: elapsed up to due %lld, up to due "
				"- 1 %lld",
				what,
				(long long)sla_elapsed(&tc.cal, opened, due),
				(long long)sla_elapsed(&tc.cal, opened,
						       due - 1));
		}

		c = (struct step_check){ .cal = &tc.cal,
					 .target = target,
					 .remaining = target,
					 .last_to = opened,
					 .last_day = INT64_MIN };
		edue = 0;
		rc = sla_explain(&tc.cal, opened, target, check_step, &c, &edue,
				 err);
		if (rc != CASES_OK || c.bad || edue != due
		    || c.counted != target) {
			failures++;
			cr_expect_fail("%s: explain: %s, due %s, counted %lld",
				       what, c.bad ? c.why : "steps ok",
				       utc(edue, b1), (long long)c.counted);
		}

		/* Elapsed over a random window near the opening. */
		a = opened + rnd_in(&s, -86400, 86400);
		b = a + rnd_in(&s, 0, 3 * 86400);
		k = ref_walk(&tc.cal, a, b, INT64_MAX, &rdue, &cnt);
		cr_assert_eq(k, 0);
		if (sla_elapsed(&tc.cal, a, b) != cnt) {
			failures++;
			cr_expect_fail("%s: elapsed over [%s, %s) %lld, "
				       "reference %lld",
				       what, utc(a, b1), utc(b, b2),
				       (long long)sla_elapsed(&tc.cal, a, b),
				       (long long)cnt);
		}
		ncheck++;
	}
	cr_expect_eq(failures, 0,
		     "seed %#llx: %d failures (SLA_SEED=%#llx "
		     "to repeat)",
		     (unsigned long long)seed, failures,
		     (unsigned long long)seed);
	cr_log_info("property: %ld cases, seed %#llx", ncheck,
		    (unsigned long long)seed);
}
