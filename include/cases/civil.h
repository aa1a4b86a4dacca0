/*
 * civil.h - proleptic Gregorian calendar arithmetic on day numbers.
 *
 * A day number counts days since 1970-01-01 (day 0, a Thursday). These are
 * pure integer functions with no time zone and no library state.
 */
#ifndef CASES_CIVIL_H
#define CASES_CIVIL_H

#include <stdint.h>

/* Day number of y-m-d. Does not validate; see civil_valid(). */
int64_t civil_days(int64_t y, int m, int d);

/* Inverse of civil_days(). */
void civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/* 0 = Monday ... 6 = Sunday. */
int civil_weekday(int64_t days);

/* Non-zero when y-m-d is a real date in years 1..9999. */
int civil_valid(int64_t y, int m, int d);

#endif
