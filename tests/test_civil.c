/*
 * test_civil.c - Gregorian day-number arithmetic against known dates and a
 * naive day-by-day calendar walk.
 */
#include <criterion/criterion.h>
#include <stdint.h>

#include "cases/civil.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct known {
	int64_t y;
	int m, d;
	int64_t days;
	int wday; /* 0 = Monday */
};

/* Values from Python's datetime.date.toordinal() - 719163 and weekday(). */
static const struct known known[] = {
	{ 1970, 1, 1, 0, 3 },	      { 1969, 12, 31, -1, 2 },
	{ 2000, 3, 1, 11017, 2 },     { 1, 1, 1, -719162, 0 },
	{ 9999, 12, 31, 2932896, 4 }, { 2026, 11, 26, 20783, 3 },
	{ 1900, 3, 1, -25508, 3 },    { 2024, 2, 29, 19782, 3 },
	{ 1600, 2, 29, -135081, 1 },  { 400, 3, 1, -573371, 2 },
	{ 2000, 1, 1, 10957, 5 },     { 1970, 3, 1, 59, 6 },
};

Test(civil, known_day_numbers)
{
	size_t i;

	for (i = 0; i < NELEM(known); i++) {
		const struct known *k = &known[i];
		int64_t y;
		int m, d;

		cr_assert_eq(civil_days(k->y, k->m, k->d), k->days,
			     "civil_days(%lld-%d-%d)", (long long)k->y, k->m,
			     k->d);
		civil_from_days(k->days, &y, &m, &d);
		cr_assert(y == k->y && m == k->m && d == k->d,
			  "civil_from_days(%lld) = %lld-%d-%d",
			  (long long)k->days, (long long)y, m, d);
		cr_assert_eq(civil_weekday(k->days), k->wday, "weekday of %lld",
			     (long long)k->days);
	}
}

static int
naive_leap(int64_t y)
{
	if (y % 400 == 0)
		return 1;
	if (y % 100 == 0)
		return 0;
	return y % 4 == 0;
}

/* Walk every day from 0001-01-01 to 9999-12-31 with a naive calendar. */
Test(civil, every_day_of_years_1_to_9999)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30,
				       31, 31, 30, 31, 30, 31 };
	int64_t y = 1, days = -719162, yy;
	int m = 1, d = 1, mm, dd, wday = 0, len;

	for (;;) {
		cr_assert_eq(civil_days(y, m, d), days, "%lld-%d-%d",
			     (long long)y, m, d);
		civil_from_days(days, &yy, &mm, &dd);
		cr_assert(yy == y && mm == m && dd == d, "day %lld",
			  (long long)days);
		cr_assert_eq(civil_weekday(days), wday);
		cr_assert(civil_valid(y, m, d));
		if (y == 9999 && m == 12 && d == 31)
			break;
		len = mdays[m - 1] + (m == 2 && naive_leap(y));
		if (++d > len) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
		days++;
		wday = (wday + 1) % 7;
	}
	cr_assert_eq(days, 2932896);
}

Test(civil, round_trip_far_from_the_epoch)
{
	int64_t days, y;
	int m, d;

	/* Beyond years 1..9999, including negative years. */
	for (days = -5000000000LL; days <= 5000000000LL; days += 999983) {
		civil_from_days(days, &y, &m, &d);
		cr_assert(m >= 1 && m <= 12 && d >= 1 && d <= 31);
		cr_assert_eq(civil_days(y, m, d), days, "day %lld",
			     (long long)days);
	}
	/* Year 0 is a leap year, -1 is not (proleptic, astronomical). */
	cr_assert_eq(civil_days(0, 3, 1) - civil_days(0, 2, 28), 2);
	cr_assert_eq(civil_days(-1, 3, 1) - civil_days(-1, 2, 28), 1);
	cr_assert_eq(civil_days(-400, 1, 1), civil_days(0, 1, 1) - 146097);
}

Test(civil, weekdays_of_negative_days)
{
	static const struct {
		int64_t days;
		int wday;
	} cases[] = {
		{ -1, 2 }, { -2, 1 }, { -3, 0 }, { -4, 6 },
		{ -7, 3 }, { -8, 2 }, { 4, 0 },	 { -719162, 0 },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++)
		cr_assert_eq(civil_weekday(cases[i].days), cases[i].wday,
			     "weekday(%lld)", (long long)cases[i].days);
	/* INT64_MIN = -9223372036854775808: % 7 is -1, a Wednesday (2);
	 * INT64_MAX % 7 is 0, a Thursday (3). */
	cr_assert_eq(civil_weekday(INT64_MIN), 2);
	cr_assert_eq(civil_weekday(INT64_MAX), 3);
}

struct valid_case {
	int64_t y;
	int m, d;
	int ok;
};

Test(civil, validity)
{
	static const struct valid_case cases[] = {
		{ 1900, 2, 29, 0 },  { 2000, 2, 29, 1 }, { 2024, 2, 29, 1 },
		{ 2025, 2, 29, 0 },  { 2025, 2, 28, 1 }, { 2100, 2, 29, 0 },
		{ 2026, 4, 30, 1 },  { 2026, 4, 31, 0 }, { 2026, 12, 31, 1 },
		{ 2026, 13, 1, 0 },  { 2026, 0, 1, 0 },	 { 2026, 1, 0, 0 },
		{ 2026, 1, 32, 0 },  { 0, 1, 1, 0 },	 { 1, 1, 1, 1 },
		{ 9999, 12, 31, 1 }, { 10000, 1, 1, 0 }, { -4, 2, 29, 0 },
		{ 2026, -1, 1, 0 },  { 2026, 2, -3, 0 },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++)
		cr_assert_eq(!!civil_valid(cases[i].y, cases[i].m, cases[i].d),
			     cases[i].ok, "civil_valid(%lld, %d, %d)",
			     (long long)cases[i].y, cases[i].m, cases[i].d);
}

Test(civil, extreme_inputs_do_not_overflow)
{
	int64_t y;
	int m, d;

	/* Clamped, not undefined: run under UBSan. */
	civil_from_days(INT64_MIN, &y, &m, &d);
	cr_assert(y < -1000000000LL && m >= 1 && m <= 12);
	civil_from_days(INT64_MAX, &y, &m, &d);
	cr_assert(y > 1000000000LL && m >= 1 && m <= 12);
	cr_assert(civil_days(INT64_MAX, 12, 31) > 0);
	cr_assert(civil_days(INT64_MIN, 1, 1) < 0);
	cr_assert(civil_days(2026, 1, INT32_MAX) > civil_days(2026, 1, 1));
	/* Months outside 1..12 carry into the year. */
	cr_assert_eq(civil_days(2026, 13, 1), civil_days(2027, 1, 1));
	cr_assert_eq(civil_days(2026, 0, 1), civil_days(2025, 12, 1));
	cr_assert_eq(civil_days(2026, -11, 1), civil_days(2025, 1, 1));
}
