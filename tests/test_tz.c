/*
 * test_tz.c - the TZif reader and conversions, checked against glibc's
 * localtime_r() reading the same files, against exact gap and fold vectors,
 * and against a brute-force search for local-to-UTC.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cases/civil.h"
#include "cases/error.h"
#include "cases/tz.h"

#ifndef TZDIR_FOR_TESTS
#define TZDIR_FOR_TESTS "/usr/share/zoneinfo"
#endif

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

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

TestSuite(tz, .init = setup, .fini = teardown);

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t
rng(void)
{
	/* xorshift64*: deterministic, so failures reproduce. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static int64_t
rng_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng() % (uint64_t)(hi - lo));
}

/* Seconds for y-m-d h:mi:s, as UTC or as local seconds. */
static int64_t
secs(int y, int m, int d, int h, int mi, int s)
{
	return civil_days(y, m, d) * 86400 + h * 3600 + mi * 60 + s;
}

static const struct tz *
load(const char *name)
{
	const struct tz *z = NULL;
	char err[CASES_ERRMAX] = "";

	cr_assert_eq(tz_load(name, &z, err), CASES_OK, "%s: %s", name, err);
	cr_assert_not_null(z);
	return z;
}

/* Point glibc at the same zone: a file under TZDIR, or a POSIX string. */
static void
libc_zone(const char *name, int is_file)
{
	char spec[512];

	if (is_file)
		snprintf(spec, sizeof(spec), ":%s/%s", TZDIR_FOR_TESTS, name);
	else
		snprintf(spec, sizeof(spec), "%s", name);
	setenv("TZ", spec, 1);
	tzset();
}

/* Compare offset, abbreviation and local time with glibc at instant t. */
static void
check_libc(const char *name, const struct tz *z, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	const char *abbr = NULL;
	int32_t off;

	cr_assert_not_null(localtime_r(&tt, &tm));
	off = tz_offset(z, t, &abbr);
	cr_assert_eq(off, tm.tm_gmtoff, "%s at %lld: offset %d, glibc %ld",
		     name, (long long)t, off, tm.tm_gmtoff);
	cr_assert_str_eq(abbr, tm.tm_zone, "%s at %lld", name, (long long)t);
	cr_assert_eq(tz_to_local(z, t), t + tm.tm_gmtoff, "%s at %lld", name,
		     (long long)t);
}

static const char *const zones[] = {
	"America/New_York",    "Europe/London",	   "Europe/Dublin",
	"Australia/Lord_Howe", "Asia/Kathmandu",   "Asia/Kolkata",
	"Pacific/Chatham",     "Pacific/Apia",	   "America/Sao_Paulo",
	"Africa/Casablanca",   "Asia/Tehran",	   "UTC",
	"Pacific/Auckland",    "America/St_Johns", "Antarctica/Troll",
	"America/Nuuk",	       "Asia/Gaza",	   "Europe/Moscow",
};

#define Y1800 (-5364662400LL) /* 1800-01-01T00:00:00Z */
#define Y1900 (-2208988800LL)
#define Y2100 (4102444800LL)
#define Y2400 (13569465600LL)

Test(tz, random_instants_match_libc)
{
	size_t i;
	int k;

	for (i = 0; i < NELEM(zones); i++) {
		const struct tz *z = load(zones[i]);

		libc_zone(zones[i], 1);
		for (k = 0; k < 3000; k++)
			check_libc(zones[i], z, rng_range(Y1900, Y2100));
		/* Far past and the footer rule far ahead. */
		for (k = 0; k < 500; k++)
			check_libc(zones[i], z, rng_range(Y1800, Y1900));
		for (k = 0; k < 500; k++)
			check_libc(zones[i], z, rng_range(Y2100, Y2400));
	}
}

/* Every quarter hour and the second before it, 2024-2028 and 2096-2104:
 * every transition of those years is hit exactly. */
Test(tz, transitions_match_libc_to_the_second)
{
	static const int64_t spans[][2] = {
		{ 1704067200LL, 1830297600LL }, /* 2024..2028 */
		{ 3976214400LL, 4228675200LL }, /* 2096..2104 */
	};
	size_t i, j;
	int64_t t;

	for (i = 0; i < NELEM(zones); i++) {
		const struct tz *z = load(zones[i]);

		libc_zone(zones[i], 1);
		for (j = 0; j < NELEM(spans); j++) {
			for (t = spans[j][0]; t < spans[j][1]; t += 900) {
				check_libc(zones[i], z, t);
				check_libc(zones[i], z, t - 1);
			}
		}
	}
}

/* Every zone named in tzdata.zi (zones and links), a sample of instants. */
Test(tz, all_zones_match_libc)
{
	char path[512], line[512], *name;
	FILE *f;
	int n = 0, k;

	snprintf(path, sizeof(path), "%s/tzdata.zi", TZDIR_FOR_TESTS);
	f = fopen(path, "r");
	if (!f)
		cr_skip_test("no %s", path);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == 'Z' && line[1] == ' ')
			name = strtok(line + 2, " ");
		else if (line[0] == 'L' && line[1] == ' ') {
			strtok(line + 2, " ");
			name = strtok(NULL, " ");
		} else
			continue;
		if (!name)
			continue;
		{
			const struct tz *z = load(name);

			libc_zone(name, 1);
			for (k = 0; k < 200; k++)
				check_libc(name, z, rng_range(Y1900, Y2400));
		}
		n++;
	}
	fclose(f);
	cr_assert_gt(n, 300, "only %d zones in tzdata.zi", n);
}

struct vector {
	const char *zone;
	int ly, lm, ld, lh, lmi; /* local time asked for */
	int uy, um, ud, uh, umi; /* expected UTC */
	int ah, ami;		 /* expected local time of the result */
};

/* Gap: shifted forward by the gap; fold: the first occurrence. Dates from
 * `zdump -v -c 2026,2027 ZONE`. */
static const struct vector vectors[] = {
	/* New York: 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT
	 * -> 01:00 EST. */
	{ "America/New_York", 2026, 3, 8, 2, 30, 2026, 3, 8, 7, 30, 3, 30 },
	{ "America/New_York", 2026, 3, 8, 2, 0, 2026, 3, 8, 7, 0, 3, 0 },
	{ "America/New_York", 2026, 3, 8, 1, 59, 2026, 3, 8, 6, 59, 1, 59 },
	{ "America/New_York", 2026, 3, 8, 3, 0, 2026, 3, 8, 7, 0, 3, 0 },
	{ "America/New_York", 2026, 11, 1, 1, 30, 2026, 11, 1, 5, 30, 1, 30 },
	{ "America/New_York", 2026, 11, 1, 1, 0, 2026, 11, 1, 5, 0, 1, 0 },
	{ "America/New_York", 2026, 11, 1, 0, 59, 2026, 11, 1, 4, 59, 0, 59 },
	{ "America/New_York", 2026, 11, 1, 2, 0, 2026, 11, 1, 7, 0, 2, 0 },
	/* London: 2026-03-29 01:00 GMT -> 02:00 BST; 2026-10-25 02:00 BST
	 * -> 01:00 GMT. */
	{ "Europe/London", 2026, 3, 29, 1, 30, 2026, 3, 29, 1, 30, 2, 30 },
	{ "Europe/London", 2026, 10, 25, 1, 30, 2026, 10, 25, 0, 30, 1, 30 },
	{ "Europe/London", 2026, 10, 25, 2, 0, 2026, 10, 25, 2, 0, 2, 0 },
	/* Dublin: the same instants with negative DST in the data. */
	{ "Europe/Dublin", 2026, 3, 29, 1, 30, 2026, 3, 29, 1, 30, 2, 30 },
	{ "Europe/Dublin", 2026, 10, 25, 1, 30, 2026, 10, 25, 0, 30, 1, 30 },
	/* Lord Howe, 30-minute DST: 2026-10-04 02:00 +1030 -> 02:30 +11;
	 * 2026-04-05 02:00 +11 -> 01:30 +1030. */
	{ "Australia/Lord_Howe", 2026, 10, 4, 2, 0, 2026, 10, 3, 15, 30, 2,
	  30 },
	{ "Australia/Lord_Howe", 2026, 10, 4, 2, 15, 2026, 10, 3, 15, 45, 2,
	  45 },
	{ "Australia/Lord_Howe", 2026, 10, 4, 2, 30, 2026, 10, 3, 15, 30, 2,
	  30 },
	{ "Australia/Lord_Howe", 2026, 10, 4, 1, 59, 2026, 10, 3, 15, 29, 1,
	  59 },
	{ "Australia/Lord_Howe", 2026, 4, 5, 1, 30, 2026, 4, 4, 14, 30, 1, 30 },
	{ "Australia/Lord_Howe", 2026, 4, 5, 1, 45, 2026, 4, 4, 14, 45, 1, 45 },
	{ "Australia/Lord_Howe", 2026, 4, 5, 2, 0, 2026, 4, 4, 15, 30, 2, 0 },
	/* Chatham, +12:45/+13:45: 2026-09-27 02:45 -> 03:45; 2026-04-05
	 * 03:45 -> 02:45. */
	{ "Pacific/Chatham", 2026, 9, 27, 3, 0, 2026, 9, 26, 14, 15, 4, 0 },
	{ "Pacific/Chatham", 2026, 9, 27, 2, 44, 2026, 9, 26, 13, 59, 2, 44 },
	{ "Pacific/Chatham", 2026, 4, 5, 3, 0, 2026, 4, 4, 13, 15, 3, 0 },
	{ "Pacific/Chatham", 2026, 4, 5, 2, 45, 2026, 4, 4, 13, 0, 2, 45 },
	{ "Pacific/Chatham", 2026, 4, 5, 3, 45, 2026, 4, 4, 15, 0, 3, 45 },
	/* No DST: Kathmandu +05:45, Kolkata +05:30. */
	{ "Asia/Kathmandu", 2026, 11, 26, 10, 0, 2026, 11, 26, 4, 15, 10, 0 },
	{ "Asia/Kolkata", 2026, 11, 26, 10, 0, 2026, 11, 26, 4, 30, 10, 0 },
	/* Footer rule, far ahead: New York 2099-03-08 and 2099-11-01. */
	{ "America/New_York", 2099, 3, 8, 2, 30, 2099, 3, 8, 7, 30, 3, 30 },
	{ "America/New_York", 2099, 11, 1, 1, 30, 2099, 11, 1, 5, 30, 1, 30 },
	{ "America/New_York", 2399, 3, 14, 2, 30, 2399, 3, 14, 7, 30, 3, 30 },
	{ "America/New_York", 2399, 11, 7, 1, 30, 2399, 11, 7, 5, 30, 1, 30 },
};

Test(tz, gap_and_fold_vectors)
{
	size_t i;

	for (i = 0; i < NELEM(vectors); i++) {
		const struct vector *v = &vectors[i];
		const struct tz *z = load(v->zone);
		int64_t l = secs(v->ly, v->lm, v->ld, v->lh, v->lmi, 0);
		int64_t want = secs(v->uy, v->um, v->ud, v->uh, v->umi, 0);
		int64_t got = tz_to_utc(z, l);
		int64_t after = l - (int64_t)(v->lh * 3600 + v->lmi * 60)
				+ v->ah * 3600 + v->ami * 60;

		cr_assert_eq(got, want,
			     "%s %d-%02d-%02d %02d:%02d: %lld, want "
			     "%lld",
			     v->zone, v->ly, v->lm, v->ld, v->lh, v->lmi,
			     (long long)got, (long long)want);
		cr_assert_eq(tz_to_local(z, got), after, "%s vector %zu",
			     v->zone, i);
	}
}

Test(tz, offsets_and_abbreviations)
{
	static const struct {
		const char *zone;
		int64_t t;
		int32_t off;
		const char *abbr;
	} cases[] = {
		{ "America/New_York", 1795683600LL, -18000, "EST" },
		{ "America/New_York", 1783000000LL, -14400, "EDT" },
		{ "Asia/Kathmandu", 1795683600LL, 20700, "+0545" },
		{ "Pacific/Chatham", 1795683600LL, 49500, "+1345" },
		{ "Pacific/Chatham", 1783000000LL, 45900, "+1245" },
		{ "Australia/Lord_Howe", 1795683600LL, 39600, "+11" },
		{ "Australia/Lord_Howe", 1783000000LL, 37800, "+1030" },
		{ "Europe/Dublin", 1795683600LL, 0, "GMT" },
		{ "Europe/Dublin", 1783000000LL, 3600, "IST" },
		{ "UTC", 0, 0, "UTC" },
		/* Before the first transition: LMT, time type 0. */
		{ "America/New_York", -3000000000LL, -17762, "LMT" },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		const char *abbr = NULL;
		int32_t off = tz_offset(load(cases[i].zone), cases[i].t, &abbr);

		cr_assert_eq(off, cases[i].off, "%s at %lld: %d", cases[i].zone,
			     (long long)cases[i].t, off);
		cr_assert_str_eq(abbr, cases[i].abbr);
	}
	cr_assert_str_eq(tz_name(load("Asia/Kathmandu")), "Asia/Kathmandu");
}

/* The smallest instant in [l - 2 d, l + 2 d] whose local time is l, or
 * INT64_MIN when there is none (a gap). Any such instant c has
 * c = l - offset(c), so trying every offset seen nearby is enough. */
static int64_t
brute_utc(const struct tz *z, int64_t l)
{
	int32_t offs[16];
	int n = 0, i;
	int64_t s, best = INT64_MIN, c;

	for (s = l - 2 * 86400; s <= l + 2 * 86400; s += 600) {
		int32_t o = tz_offset(z, s, NULL);

		for (i = 0; i < n && offs[i] != o; i++)
			;
		if (i == n && n < 16)
			offs[n++] = o;
	}
	for (i = 0; i < n; i++) {
		c = l - offs[i];
		if (tz_to_local(z, c) == l && (best == INT64_MIN || c < best))
			best = c;
	}
	return best;
}

/* In a gap the local clock jumps over l at some instant T: the answer is
 * l - offset(T - 1), which lands l + gap on the local clock. */
static void
check_gap(const char *name, const struct tz *z, int64_t l, int64_t u)
{
	int64_t lo = l - 2 * 86400, hi = l + 2 * 86400, mid, gap;

	/* First instant whose local time is past l. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (tz_to_local(z, mid) > l)
			hi = mid;
		else
			lo = mid;
	}
	cr_assert_eq(u, l - tz_offset(z, hi - 1, NULL), "%s gap at %lld", name,
		     (long long)l);
	gap = tz_offset(z, hi, NULL) - tz_offset(z, hi - 1, NULL);
	cr_assert_gt(gap, 0);
	cr_assert_eq(tz_to_local(z, u), l + gap);
}

Test(tz, local_round_trip_property)
{
	size_t i;
	int k, gaps = 0, folds = 0;

	for (i = 0; i < NELEM(zones); i++) {
		const struct tz *z = load(zones[i]);

		for (k = 0; k < 2000; k++) {
			int64_t t = rng_range(Y1900, Y2400);
			/* Near a real local time, often near transitions. */
			int64_t l = tz_to_local(z, t) + rng_range(-7200, 7200);
			int64_t u = tz_to_utc(z, l), want = brute_utc(z, l);

			if (want == INT64_MIN) {
				check_gap(zones[i], z, l, u);
				gaps++;
				continue;
			}
			cr_assert_eq(u, want, "%s local %lld: %lld, want %lld",
				     zones[i], (long long)l, (long long)u,
				     (long long)want);
			cr_assert_eq(tz_to_local(z, u), l);
			if (tz_to_local(z, u + 3600) == l
			    || tz_to_local(z, u + 1800) == l)
				folds++;
		}
	}
	/* Walk the DST switches of several years exactly, too. */
	for (i = 0; i < NELEM(zones); i++) {
		const struct tz *z = load(zones[i]);
		int64_t l;

		for (l = secs(2026, 1, 1, 0, 0, 0);
		     l < secs(2027, 1, 1, 0, 0, 0); l += 900) {
			int64_t u = tz_to_utc(z, l), want = brute_utc(z, l);

			if (want == INT64_MIN) {
				check_gap(zones[i], z, l, u);
				gaps++;
			} else {
				cr_assert_eq(u, want, "%s local %lld", zones[i],
					     (long long)l);
			}
		}
	}
	cr_assert_gt(gaps, 20);
	cr_assert_gt(folds, 0);
}

struct name_case {
	const char *name;
	int ok;
};

Test(tz, name_validation)
{
	static const struct name_case cases[] = {
		{ "America/New_York", 1 },
		{ "UTC", 1 },
		{ "Etc/GMT+5", 1 },
		{ "America/Argentina/Buenos_Aires", 1 },
		{ "../etc/passwd", 0 },
		{ "/etc/passwd", 0 },
		{ "/usr/share/zoneinfo/UTC", 0 },
		{ "America/../Europe/London", 0 },
		{ "Nowhere/City", 0 },
		{ "", 0 },
		{ "America", 0 },   /* a directory */
		{ "tzdata.zi", 0 }, /* '.' is not allowed */
		{ "America/New York", 0 },
		{ "America/New_York\n", 0 },
		{ "Europe/London;rm", 0 },
		{ "right/UTC", 0 }, /* leap seconds */
		{ "iso3166", 0 },   /* no such file */
	};
	char err[CASES_ERRMAX], want[CASES_ERRMAX];
	const struct tz *z;
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		int rc;

		z = (const struct tz *)&z;
		err[0] = '\0';
		rc = tz_load(cases[i].name, &z, err);
		if (cases[i].ok) {
			cr_assert_eq(rc, CASES_OK, "'%s': %s", cases[i].name,
				     err);
			cr_assert_str_eq(tz_name(z), cases[i].name);
			continue;
		}
		cr_assert_eq(rc, CASES_EINVAL, "'%s' accepted", cases[i].name);
		cr_assert_null(z);
		snprintf(want, sizeof(want), "unknown time zone '%s'",
			 cases[i].name);
		/* Then nothing, or the nearest name tzdata has. */
		cr_assert(strncmp(err, want, strlen(want)) == 0
				  && (err[strlen(want)] == '\0'
				      || strncmp(err + strlen(want),
						 " (did you mean '", 16)
						 == 0),
			  "'%s': %s", cases[i].name, err);
	}
}

Test(tz, cache_returns_the_same_zone)
{
	const struct tz *a = load("Europe/London");
	const struct tz *b = load("Europe/London");
	const struct tz *c = load("Europe/Dublin");

	cr_assert_eq(a, b);
	cr_assert_neq(a, c);
	tz_cache_clear();
	a = load("Europe/London");
	cr_assert_eq(tz_offset(a, 1783000000LL, NULL), 3600);
}

Test(tz, tzdir_is_honoured)
{
	char dir[] = "/tmp/tz-test-XXXXXX", path[256], src[256], err[512];
	const struct tz *z;
	FILE *in, *out;
	int c;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/Test", dir);
	cr_assert_eq(mkdir(path, 0700), 0);
	snprintf(src, sizeof(src), "%s/Asia/Kathmandu", TZDIR_FOR_TESTS);
	snprintf(path, sizeof(path), "%s/Test/Zone", dir);
	cr_assert_not_null(in = fopen(src, "rb"));
	cr_assert_not_null(out = fopen(path, "wb"));
	while ((c = getc(in)) != EOF)
		putc(c, out);
	fclose(in);
	fclose(out);
	snprintf(path, sizeof(path), "%s/Test/Text", dir);
	cr_assert_not_null(out = fopen(path, "w"));
	fputs("TZif but not really\n", out);
	fclose(out);

	setenv("TZDIR", dir, 1);
	z = load("Test/Zone");
	cr_assert_eq(tz_offset(z, 1795683600LL, NULL), 20700);
	cr_assert_eq(tz_load("Test/Text", &z, err), CASES_EINVAL);
	cr_assert_str_eq(err, "unknown time zone 'Test/Text'");
	cr_assert_eq(tz_load("America/New_York", &z, err), CASES_EINVAL);

	snprintf(path, sizeof(path), "%s/Test/Zone", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/Test/Text", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/Test", dir);
	rmdir(path);
	rmdir(dir);
}

/* $TZ: names, ':' names, POSIX strings, each compared with glibc. */
Test(tz, local_zone_from_tz_variable)
{
	static const struct {
		const char *tz;
		const char *name;
		int is_file;
	} cases[] = {
		{ "America/New_York", "America/New_York", 1 },
		{ ":Europe/London", "Europe/London", 1 },
		{ "Asia/Kathmandu", "Asia/Kathmandu", 1 },
		{ "EST5EDT,M3.2.0,M11.1.0", NULL, 0 },
		{ "UTC0", NULL, 0 },
		{ "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", NULL, 0 },
		{ "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45", NULL, 0 },
		{ "IST-1GMT0,M10.5.0,M3.5.0/1", NULL, 0 },
		{ "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", NULL, 0 },
		{ "IST-2IDT,M3.4.4/26,M10.5.0", NULL, 0 },
		{ "EST5EDT,0/0,J365/25", NULL, 0 },
		{ "XXX3YYY,J60/-1,300/25", NULL, 0 },
		{ "XXX3YYY,59/-1:30,J300/167", NULL, 0 },
		{ "NZST-12NZDT,M9.5.0,M4.1.0/3", NULL, 0 },
		{ "AAA+3:30:15BBB+2:15,M2.5.6/23:59:59,M11.5.1/-23", NULL, 0 },
		{ "<+0545>-5:45", NULL, 0 },
		{ "<EST>5<EDT>,M3.2.0,M11.1.0", NULL, 0 },
		{ "EST5EDT", "EST5EDT", 1 },
	};
	char err[CASES_ERRMAX];
	const struct tz *z;
	size_t i;
	int k;

	for (i = 0; i < NELEM(cases); i++) {
		setenv("TZ", cases[i].tz, 1);
		cr_assert_eq(tz_local(&z, err), CASES_OK, "TZ=%s: %s",
			     cases[i].tz, err);
		if (cases[i].name)
			cr_assert_str_eq(tz_name(z), cases[i].name);
		libc_zone(cases[i].is_file ? cases[i].name : cases[i].tz,
			  cases[i].is_file);
		/* glibc computes POSIX rules for years before 1970 as if
		 * they were 1970, so compare from 1970 on. */
		for (k = 0; k < 3000; k++)
			check_libc(cases[i].tz, z, rng_range(0, Y2400));
		for (k = 0; k < 300; k++) {
			int64_t l = tz_to_local(z, rng_range(Y1900, Y2400));
			int64_t want = brute_utc(z, l);

			if (want != INT64_MIN)
				cr_assert_eq(tz_to_utc(z, l), want, "TZ=%s",
					     cases[i].tz);
		}
	}
}

Test(tz, local_zone_default_and_errors)
{
	static const char *const bad[] = {
		"Nowhere/City",	  "../etc/passwd",
		":/etc/passwd",	  "ESTX",
		"EST5EDT,M3.2.0", "EST5EDT,M13.1.0,M11.1.0",
		"EST25",	  "EST5EDT,M3.2.0,M11.1.0x",
		"<+1030-10:30",	  "E5",
	};
	char err[CASES_ERRMAX], want[CASES_ERRMAX];
	const struct tz *z, *z2;
	size_t i;
	int k;

	/* Unset, empty and ":": /etc/localtime (or UTC when there is none).
	 * glibc agrees when TZ is unset; it reads "" as UTC. */
	unsetenv("TZ");
	cr_assert_eq(tz_local(&z, err), CASES_OK, "%s", err);
	tzset();
	for (k = 0; k < 500; k++)
		check_libc("(unset)", z, rng_range(Y1900, Y2100));
	setenv("TZ", "", 1);
	cr_assert_eq(tz_local(&z2, err), CASES_OK, "%s", err);
	cr_assert_eq(z2, z);
	setenv("TZ", ":", 1);
	cr_assert_eq(tz_local(&z2, err), CASES_OK, "%s", err);
	cr_assert_eq(z2, z);
	for (i = 0; i < NELEM(bad); i++) {
		setenv("TZ", bad[i], 1);
		cr_assert_eq(tz_local(&z, err), CASES_EINVAL, "TZ=%s", bad[i]);
		snprintf(want, sizeof(want), "unknown time zone '%s'",
			 bad[i][0] == ':' ? bad[i] + 1 : bad[i]);
		/* A file that is there says why it is refused. */
		if (bad[i][0] == ':' && bad[i][1] == '/')
			strcat(want, " (not a time zone file)");
		/* Then nothing, or the nearest name tzdata has. */
		cr_assert(strcmp(err, want) == 0
				  || strncmp(err + strlen(want),
					     " (did you mean '", 16)
					     == 0,
			  "TZ=%s: %s", bad[i], err);
	}
}

/* $TZ naming a TZif file by its path, with or without ':', or a name
 * with ':' (as cron environments set "TZ=:/etc/localtime"). */
Test(tz, local_zone_from_a_path)
{
	static const char *const forms[] = {
		":" TZDIR_FOR_TESTS "/Asia/Kolkata",
		TZDIR_FOR_TESTS "/Asia/Kolkata",
		":Asia/Kolkata",
		"Asia/Kolkata",
	};
	char err[CASES_ERRMAX];
	const struct tz *z;

	for (size_t i = 0; i < NELEM(forms); i++) {
		setenv("TZ", forms[i], 1);
		cr_assert_eq(tz_local(&z, err), CASES_OK, "TZ=%s: %s", forms[i],
			     err);
		cr_assert_eq(tz_offset(z, 1700000000, NULL), 19800, "TZ=%s",
			     forms[i]);
	}
	setenv("TZ", ":" TZDIR_FOR_TESTS "/Asia", 1);
	cr_assert_eq(tz_local(&z, err), CASES_EINVAL);
	setenv("TZ", ":/no/such/zone", 1);
	cr_assert_eq(tz_local(&z, err), CASES_EINVAL);
	cr_assert_str_eq(err, "unknown time zone '/no/such/zone'");
	cr_assert_eq(tz_offset(tz_utc(), 1700000000, NULL), 0);
}

/* A FIFO where a zone file should be is refused at once, never opened
 * for a blocking read (which would wait for a writer forever). */
Test(tz, fifo_is_refused_without_blocking, .timeout = 10)
{
	char dir[] = "/tmp/tzfifoXXXXXX", path[64], tzv[80], err[CASES_ERRMAX];
	const struct tz *z;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/Fifo_Zone", dir);
	cr_assert_eq(mkfifo(path, 0600), 0);
	setenv("TZDIR", dir, 1);
	cr_assert_eq(tz_load("Fifo_Zone", &z, err), CASES_EINVAL);
	cr_assert_str_eq(err, "unknown time zone 'Fifo_Zone' (not a regular "
			      "file)");
	snprintf(tzv, sizeof(tzv), ":%s", path);
	setenv("TZ", tzv, 1);
	cr_assert_eq(tz_local(&z, err), CASES_EINVAL);
	cr_assert(strstr(err, "(not a regular file)"), "%s", err);
	setenv("TZDIR", TZDIR_FOR_TESTS, 1);
	unlink(path);
	rmdir(dir);
}

/* A DST name without rules gets the US rules, as glibc does without a
 * posixrules file. */
Test(tz, posix_string_without_rules)
{
	const struct tz *z, *ref;
	char err[CASES_ERRMAX];
	int k;

	setenv("TZ", "CET-1CEST,M3.2.0,M11.1.0", 1);
	cr_assert_eq(tz_local(&ref, err), CASES_OK, "%s", err);
	setenv("TZ", "CET-1CEST", 1);
	cr_assert_eq(tz_local(&z, err), CASES_OK, "%s", err);
	cr_assert_neq(z, ref);
	for (k = 0; k < 5000; k++) {
		int64_t t = rng_range(Y1900, Y2400);

		cr_assert_eq(tz_offset(z, t, NULL), tz_offset(ref, t, NULL));
	}
	cr_assert_eq(tz_offset(z, 1783000000LL, NULL), 7200);
}

/* ---- TZif data built in memory ----------------------------------------- */

struct tzif_type {
	int32_t off;
	int isdst;
	int abbr;
};

static size_t
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
	return 4;
}

static size_t
put64(unsigned char *p, int64_t v)
{
	put32(p, (uint32_t)((uint64_t)v >> 32));
	put32(p + 4, (uint32_t)(uint64_t)v);
	return 8;
}

static size_t
put_header(unsigned char *p, char version, uint32_t timecnt, uint32_t typecnt,
	   uint32_t charcnt)
{
	memset(p, 0, 44);
	memcpy(p, "TZif", 4);
	p[4] = (unsigned char)version;
	put32(p + 32, timecnt);
	put32(p + 36, typecnt);
	put32(p + 40, charcnt);
	return 44;
}

/*
 * A TZif file: version 0 puts the data in the 32-bit block; otherwise the
 * 32-bit block is minimal and the data and footer go in the 64-bit block.
 */
static size_t
build_tzif(unsigned char *buf, char version, size_t n, const int64_t *times,
	   const unsigned char *idx, size_t ntypes,
	   const struct tzif_type *types, const char *chars, size_t nchars,
	   const char *footer)
{
	unsigned char *p = buf;
	size_t i;
	int wide = version != 0;

	if (wide) {
		p += put_header(p, version, 0, 1, 1);
		p += put32(p, 0);
		*p++ = 0;
		*p++ = 0;
		*p++ = 0;
	}
	p += put_header(p, version, (uint32_t)n, (uint32_t)ntypes,
			(uint32_t)nchars);
	for (i = 0; i < n; i++)
		p += wide ? put64(p, times[i]) : put32(p, (uint32_t)times[i]);
	if (n)
		memcpy(p, idx, n);
	p += n;
	for (i = 0; i < ntypes; i++) {
		p += put32(p, (uint32_t)types[i].off);
		*p++ = (unsigned char)types[i].isdst;
		*p++ = (unsigned char)types[i].abbr;
	}
	memcpy(p, chars, nchars);
	p += nchars;
	if (wide && footer) {
		*p++ = '\n';
		memcpy(p, footer, strlen(footer));
		p += strlen(footer);
		*p++ = '\n';
	}
	return (size_t)(p - buf);
}

static const struct tzif_type ny_types[] = {
	{ -18000, 0, 0 },
	{ -14400, 1, 4 },
};
static const char ny_chars[] = "EST\0EDT";

/* A slim file: transitions stop in 2007, the footer does the rest. */
Test(tz, slim_file_uses_the_footer)
{
	static const int64_t times[] = { 1173596400LL, 1194156000LL };
	static const unsigned char idx[] = { 1, 0 };
	unsigned char buf[512];
	struct tz *slim;
	char err[CASES_ERRMAX];
	const struct tz *ny = load("America/New_York");
	size_t len;
	int k;

	len = build_tzif(buf, '3', 2, times, idx, 2, ny_types, ny_chars,
			 sizeof(ny_chars), "EST5EDT,M3.2.0,M11.1.0");
	cr_assert_eq(tz_parse_tzif(buf, len, "slim", &slim, err), CASES_OK,
		     "%s", err);
	cr_assert_str_eq(tz_name(slim), "slim");
	for (k = 0; k < 20000; k++) {
		int64_t t = rng_range(1173596400LL, Y2400);
		int64_t l = tz_to_local(ny, t);

		cr_assert_eq(tz_offset(slim, t, NULL), tz_offset(ny, t, NULL),
			     "at %lld", (long long)t);
		cr_assert_eq(tz_to_utc(slim, l), tz_to_utc(ny, l));
	}
	tz_free(slim);
}

/* No transitions at all: the footer governs every instant. */
Test(tz, footer_only_file)
{
	static const struct tzif_type types[] = { { 37800, 0, 0 } };
	unsigned char buf[512];
	struct tz *z;
	char err[CASES_ERRMAX];
	const struct tz *lh = load("Australia/Lord_Howe");
	const char *abbr;
	size_t len;
	int k;

	len = build_tzif(buf, '2', 0, NULL, NULL, 1, types, "+1030", 6,
			 "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
	cr_assert_eq(tz_parse_tzif(buf, len, "lh", &z, err), CASES_OK, "%s",
		     err);
	/* Lord Howe has used these rules since 2008. */
	for (k = 0; k < 20000; k++) {
		int64_t t = rng_range(1230768000LL, Y2400);

		cr_assert_eq(tz_offset(z, t, NULL), tz_offset(lh, t, NULL));
	}
	/* And before 1970, where the table does not reach. */
	cr_assert_eq(tz_offset(z, secs(1900, 1, 15, 0, 0, 0), &abbr), 39600);
	cr_assert_str_eq(abbr, "+11");
	cr_assert_eq(tz_offset(z, secs(1900, 7, 15, 0, 0, 0), &abbr), 37800);
	cr_assert_str_eq(abbr, "+1030");
	cr_assert_eq(tz_to_utc(z, secs(1900, 10, 7, 2, 15, 0)),
		     secs(1900, 10, 6, 15, 45, 0));
	tz_free(z);
}

Test(tz, version_1_file)
{
	static const int64_t times[] = { -1000000, 1000000 };
	static const unsigned char idx[] = { 1, 0 };
	static const struct tzif_type types[] = {
		{ 3600, 0, 0 },
		{ 7200, 1, 4 },
	};
	unsigned char buf[512];
	struct tz *z;
	char err[CASES_ERRMAX];
	const char *abbr;
	size_t len;

	len = build_tzif(buf, 0, 2, times, idx, 2, types, "AAA\0BBB", 8, NULL);
	cr_assert_eq(tz_parse_tzif(buf, len, "v1", &z, err), CASES_OK, "%s",
		     err);
	cr_assert_eq(tz_offset(z, -1000001, &abbr), 3600); /* type 0 */
	cr_assert_str_eq(abbr, "AAA");
	cr_assert_eq(tz_offset(z, -1000000, &abbr), 7200);
	cr_assert_str_eq(abbr, "BBB");
	cr_assert_eq(tz_offset(z, 999999, NULL), 7200);
	cr_assert_eq(tz_offset(z, 1000000, NULL), 3600);
	cr_assert_eq(tz_offset(z, INT64_MAX, NULL), 3600);
	/* Gap at -1000000: local -996400 .. -992800 does not exist. */
	cr_assert_eq(tz_to_utc(z, -996400 + 10), -1000000 + 10);
	/* Fold at 1000000: local 1003600 .. 1007200 occurs twice. */
	cr_assert_eq(tz_to_utc(z, 1003600 + 10), 1003600 + 10 - 7200);
	tz_free(z);
}

Test(tz, malformed_data_is_rejected)
{
	static const int64_t times[] = { 1173596400LL, 1194156000LL };
	static const int64_t unsorted[] = { 1194156000LL, 1173596400LL };
	static const unsigned char idx[] = { 1, 0 }, bad_idx[] = { 1, 2 };
	static const struct tzif_type bad_abbr[] = { { 0, 0, 0 }, { 0, 0, 9 } };
	static const struct tzif_type bad_off[] = { { 0, 0, 0 },
						    { 100000, 0, 0 } };
	static const struct tzif_type bad_dst[] = { { 0, 0, 0 }, { 0, 2, 0 } };
	static const char *const footers[] = {
		"EST5EDT,M3.2.0",
		"EST",
		"EST5EDT,M3.6.0,M11.1.0",
		"EST5EDT,M3.2.7,M11.1.0",
		"EST5EDT,J0,J365",
		"EST5EDT,366,1",
		"EST5EDT,M3.2.0/168,M11.1.0",
		"EST5EDT,M3.2.0,M11.1.0 ",
		"EST5:60",
		"<E$T>5",
		"<ES>5",
		"EST-25",
	};
	unsigned char buf[512];
	struct tz *z;
	char err[CASES_ERRMAX];
	size_t len, i;

	len = build_tzif(buf, '2', 2, unsorted, idx, 2, ny_types, ny_chars, 8,
			 "EST5EDT,M3.2.0,M11.1.0");
	cr_assert_eq(tz_parse_tzif(buf, len, "x", &z, err), CASES_EINVAL);
	cr_assert_null(z);
	cr_assert_str_eq(err,
			 "invalid time zone data for 'x' (bad transition)");
	len = build_tzif(buf, '2', 2, times, bad_idx, 2, ny_types, ny_chars, 8,
			 "EST5EDT,M3.2.0,M11.1.0");
	cr_assert_eq(tz_parse_tzif(buf, len, "x", &z, err), CASES_EINVAL);
	len = build_tzif(buf, '2', 2, times, idx, 2, bad_abbr, ny_chars, 8,
			 "EST5EDT,M3.2.0,M11.1.0");
	cr_assert_eq(tz_parse_tzif(buf, len, "x", &z, err), CASES_EINVAL);
	len = build_tzif(buf, '2', 2, times, idx, 2, bad_off, ny_chars, 8,
			 "EST5EDT,M3.2.0,M11.1.0");
	cr_assert_eq(tz_parse_tzif(buf, len, "x", &z, err), CASES_EINVAL);
	len = build_tzif(buf, '2', 2, times, idx, 2, bad_dst, ny_chars, 8,
			 "EST5EDT,M3.2.0,M11.1.0");
	cr_assert_eq(tz_parse_tzif(buf, len, "x", &z, err), CASES_EINVAL);
	/* No footer at all in a version 2 file. */
	len = build_tzif(buf, '2', 2, times, idx, 2, ny_types, ny_chars, 8,
			 NULL);
	cr_assert_eq(tz_parse_tzif(buf, len, "x", &z, err), CASES_EINVAL);
	cr_assert_str_eq(err,
			 "invalid time zone data for 'x' (missing footer)");
	for (i = 0; i < NELEM(footers); i++) {
		len = build_tzif(buf, '2', 2, times, idx, 2, ny_types, ny_chars,
				 8, footers[i]);
		cr_assert_eq(tz_parse_tzif(buf, len, "x", &z, err),
			     CASES_EINVAL, "footer '%s'", footers[i]);
		cr_assert_str_eq(err,
				 "invalid time zone data for 'x' (bad footer)");
	}
	/* An empty footer is allowed: the last type continues. */
	len = build_tzif(buf, '2', 2, times, idx, 2, ny_types, ny_chars, 8, "");
	cr_assert_eq(tz_parse_tzif(buf, len, "x", &z, err), CASES_OK, "%s",
		     err);
	cr_assert_eq(tz_offset(z, Y2100, NULL), -18000);
	tz_free(z);
	tz_free(NULL);
}

/* Every truncation of a real file fails cleanly; the whole file loads. */
Test(tz, truncated_real_file)
{
	char path[512], err[CASES_ERRMAX];
	unsigned char *buf;
	struct tz *z;
	FILE *f;
	size_t len, n;

	snprintf(path, sizeof(path), "%s/America/New_York", TZDIR_FOR_TESTS);
	cr_assert_not_null(f = fopen(path, "rb"));
	buf = malloc(1 << 16);
	len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	for (n = 0; n < len; n++) {
		unsigned char *copy = malloc(n ? n : 1);

		memcpy(copy, buf, n);
		cr_assert_eq(tz_parse_tzif(copy, n, "ny", &z, err),
			     CASES_EINVAL, "length %zu", n);
		free(copy);
	}
	cr_assert_eq(tz_parse_tzif(buf, len, "ny", &z, err), CASES_OK);
	cr_assert_eq(tz_offset(z, 1783000000LL, NULL), -14400);
	tz_free(z);
	free(buf);
}

Test(tz, extreme_instants_saturate)
{
	static const int64_t ts[] = {
		INT64_MIN,    INT64_MIN + 1,	   INT64_MIN + 86400,
		-(1LL << 62), -1000000000000000LL, 1000000000000000LL,
		1LL << 62,    INT64_MAX - 86400,   INT64_MAX - 1,
		INT64_MAX,
	};
	size_t i, j;

	for (i = 0; i < NELEM(zones); i++) {
		const struct tz *z = load(zones[i]);

		for (j = 0; j < NELEM(ts); j++) {
			int32_t off = tz_offset(z, ts[j], NULL);
			int64_t l = tz_to_local(z, ts[j]);
			int64_t u = tz_to_utc(z, ts[j]);

			cr_assert(off > -90000 && off < 93600);
			if (ts[j] > INT64_MIN + 100000
			    && ts[j] < INT64_MAX - 100000) {
				cr_assert_eq(l, ts[j] + off);
				cr_assert(u - ts[j] > -93600
					  && u - ts[j] < 90000);
			}
		}
		/* Saturation, not wrap-around. */
		cr_assert(tz_to_local(z, INT64_MAX) >= INT64_MAX - 90000);
		cr_assert(tz_to_local(z, INT64_MIN) <= INT64_MIN + 93600);
		cr_assert(tz_to_utc(z, INT64_MAX) >= INT64_MAX - 93600);
		cr_assert(tz_to_utc(z, INT64_MIN) <= INT64_MIN + 90000);
	}
	cr_assert_eq(tz_to_local(load("Asia/Kathmandu"), INT64_MAX), INT64_MAX);
	cr_assert_eq(tz_to_utc(load("Asia/Kathmandu"), INT64_MIN), INT64_MIN);
	cr_assert_eq(tz_to_utc(load("Asia/Kathmandu"), INT64_MAX),
		     INT64_MAX - 20700);
}

Test(tz, unknown_names_get_the_nearest_tzdata_name)
{
	const struct tz *z;
	char err[CASES_ERRMAX];

	cr_assert_eq(tz_load("America/NewYork", &z, err), CASES_EINVAL);
	cr_assert_str_eq(err, "unknown time zone 'America/NewYork' (did you "
			      "mean 'America/New_York'?)");
	/* A link's own name is offered too (tzdata.zi: "L TARGET NAME"). */
	cr_assert_eq(tz_load("Asia/Calcuta", &z, err), CASES_EINVAL);
	cr_assert_str_eq(err, "unknown time zone 'Asia/Calcuta' (did you mean "
			      "'Asia/Calcutta'?)");
	cr_assert_eq(tz_load("Mars/Olympus_Mons", &z, err), CASES_EINVAL);
	cr_assert_str_eq(err, "unknown time zone 'Mars/Olympus_Mons'");
}

/* A zone the user types: a bare abbreviation is refused with the zone
 * that was likely meant (docs/domain.md 7.3), in any letter case, whether
 * or not tzdata has a legacy file of that name; real zone names, UTC and
 * the fixed offsets' exact file names (Etc/GMT+5) are accepted. Stored
 * names still load with tz_load. */
Test(tz, user_zones_refuse_bare_abbreviations)
{
	static const char *const refused[][2] = {
		{ "EST", "America/New_York" }, { "PST", "America/Los_Angeles" },
		{ "CET", "Europe/Paris" },     { "MST", "America/Denver" },
		{ "EET", "Europe/Athens" },    { "WET", "Europe/Lisbon" },
		{ "HST", "Pacific/Honolulu" }, { "est", "America/New_York" },
		{ "CEST", "Europe/Paris" },    { "BST", "Europe/London" },
	};
	static const char *const accepted[] = {
		"UTC",	     "GMT",	     "EST5EDT", "America/New_York",
		"Etc/GMT+5", "Europe/Paris",
	};
	const struct tz *z;
	char err[CASES_ERRMAX], want[128];

	for (size_t i = 0; i < NELEM(refused); i++) {
		cr_assert_eq(tz_load_user(refused[i][0], &z, err), CASES_EINVAL,
			     "%s", refused[i][0]);
		cr_assert_null(z);
		snprintf(want, sizeof(want),
			 "time zone '%s' is an abbreviation", refused[i][0]);
		cr_assert(strstr(err, want), "%s", err);
		snprintf(want, sizeof(want), "'%s'", refused[i][1]);
		cr_assert(strstr(err, want), "%s", err);
	}
	/* A whole-hour offset names its fixed-offset file exactly. */
	cr_assert_eq(tz_load_user("EST", &z, err), CASES_EINVAL);
	cr_assert(strstr(err, "Etc/GMT+5"), "%s", err);
	for (size_t i = 0; i < NELEM(accepted); i++) {
		cr_assert_eq(tz_load_user(accepted[i], &z, err), CASES_OK,
			     "%s: %s", accepted[i], err);
		cr_assert_str_eq(tz_name(z), accepted[i]);
	}
	/* Unknown names are refused as tz_load refuses them. */
	cr_assert_eq(tz_load_user("America/NewYork", &z, err), CASES_EINVAL);
	cr_assert(strstr(err, "did you mean 'America/New_York'"), "%s", err);
	/* What is already stored keeps loading. */
	cr_assert_eq(tz_load("EST", &z, err), CASES_OK, "%s", err);
}

/* Threads loading the same zones at once all get the one cached copy of
 * each (cases serve loads zones from its workers and its writer). */
#define TZ_THREADS 8
static const char *const tz_thread_names[] = {
	"America/New_York",
	"Europe/London",
	"Asia/Kolkata",
	"Australia/Sydney",
};
static const struct tz *tz_thread_got[TZ_THREADS][4];
static pthread_barrier_t tz_thread_start;

static void *
tz_thread_load(void *arg)
{
	const struct tz *(*got)[4] = arg;
	char err[CASES_ERRMAX];

	pthread_barrier_wait(&tz_thread_start);
	for (int i = 0; i < 4; i++)
		if (tz_load(tz_thread_names[i], &(*got)[i], err) != CASES_OK)
			(*got)[i] = NULL;
	return NULL;
}

Test(tz, threads_share_one_cached_zone)
{
	pthread_t t[TZ_THREADS];

	cr_assert_eq(pthread_barrier_init(&tz_thread_start, NULL, TZ_THREADS),
		     0);
	for (int round = 0; round < 200; round++) {
		tz_cache_clear();
		for (int i = 0; i < TZ_THREADS; i++)
			cr_assert_eq(pthread_create(&t[i], NULL, tz_thread_load,
						    &tz_thread_got[i]),
				     0);
		for (int i = 0; i < TZ_THREADS; i++)
			pthread_join(t[i], NULL);
		for (int i = 0; i < TZ_THREADS; i++)
			for (int z = 0; z < 4; z++) {
				cr_assert_not_null(tz_thread_got[i][z]);
				cr_assert_eq(tz_thread_got[i][z],
					     tz_thread_got[0][z],
					     "round %d: %s loaded twice", round,
					     tz_thread_names[z]);
			}
	}
	pthread_barrier_destroy(&tz_thread_start);
}
