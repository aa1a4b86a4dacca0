/*
 * civil.c - proleptic Gregorian calendar arithmetic on day numbers.
 *
 * The conversions shift the year to start on March 1 so that the leap day
 * is the last day of the shifted year, then count whole 400-year eras
 * (146097 days each) and the days inside an era. Arguments are clamped to a
 * range far beyond any real date so that no input can overflow.
 */
#include "cases/civil.h"

/* Years and day numbers beyond these are clamped: about +-2.5e14 years. */
#define CIVIL_YEAR_MAX ((int64_t)1 << 48)
#define CIVIL_DAYS_MAX ((int64_t)1 << 56)

/* Day number of 0000-03-01 relative to 1970-01-01. */
#define CIVIL_EPOCH_SHIFT 719468

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int64_t
civil_days(int64_t y, int m, int d)
{
	int64_t mm = m, era, yoe, doy, doe;

	if (y > CIVIL_YEAR_MAX)
		y = CIVIL_YEAR_MAX;
	if (y < -CIVIL_YEAR_MAX)
		y = -CIVIL_YEAR_MAX;
	/* Out-of-range months carry into the year, like mktime(). */
	if (mm < 1 || mm > 12) {
		y += floor_div(mm - 1, 12);
		mm -= 12 * floor_div(mm - 1, 12);
	}
	if (mm <= 2)
		y--;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (mm > 2 ? mm - 3 : mm + 9) + 2) / 5 + (int64_t)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - CIVIL_EPOCH_SHIFT;
}

void
civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t z, era, doe, yoe, doy, mp;

	if (days > CIVIL_DAYS_MAX)
		days = CIVIL_DAYS_MAX;
	if (days < -CIVIL_DAYS_MAX)
		days = -CIVIL_DAYS_MAX;
	z = days + CIVIL_EPOCH_SHIFT;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int
civil_weekday(int64_t days)
{
	/* Day 0 is a Thursday, weekday 3. */
	int r = (int)(days % 7);

	if (r < 0)
		r += 7;
	return (r + 3) % 7;
}

static int
is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int
civil_valid(int64_t y, int m, int d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30,
				       31, 31, 30, 31, 30, 31 };

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}
