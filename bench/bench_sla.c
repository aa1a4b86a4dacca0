/*
 * bench_sla.c - how many business-hours deadlines sla_due() computes per
 * second on one core.
 *
 * Realistic inputs: mon-fri 08:00-18:00 in New York, London and Kolkata,
 * ten holidays a year, targets of 4, 8, 12 and 24 hours, cases opened at
 * random instants over 2025-2028. Runs for at least one second (or the
 * number of seconds given as the first argument) and prints the rate.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cases/civil.h"
#include "cases/error.h"
#include "cases/sla.h"
#include "cases/tz.h"

#define NINPUT	   4096
#define BATCH	   65536
#define FIRST_YEAR 2024
#define LAST_YEAR  2030

static const char *const zones[] = { "America/New_York", "Europe/London",
				     "Asia/Kolkata" };

/* Month and day of ten holidays a year (fixed dates are enough here). */
static const int holiday_md[][2] = { { 1, 1 },	{ 1, 19 },  { 4, 3 },
				     { 5, 1 },	{ 5, 25 },  { 7, 4 },
				     { 9, 7 },	{ 11, 26 }, { 12, 25 },
				     { 12, 26 } };

struct input {
	const struct calendar *cal;
	int64_t opened;
	int64_t target;
};

static uint64_t
rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static const int64_t targets[] = { 4 * 3600, 8 * 3600, 12 * 3600,
					   24 * 3600 };
	static struct calendar cals[3];
	static int64_t holidays[(LAST_YEAR - FIRST_YEAR + 1) * 10];
	static struct input in[NINPUT];
	char err[CASES_ERRMAX];
	double min_s = argc > 1 ? atof(argv[1]) : 1.0, t0, dt;
	int64_t y, t_lo, t_hi, due, sum = 0;
	uint64_t seed = 42, calls = 0;
	size_t nh = 0, i, z;

	for (y = FIRST_YEAR; y <= LAST_YEAR; y++)
		for (i = 0; i < sizeof(holiday_md) / sizeof(holiday_md[0]); i++)
			holidays[nh++] = civil_days(y, holiday_md[i][0],
						    holiday_md[i][1]);
	for (z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		if (tz_load(zones[z], &cals[z].zone, err) != CASES_OK
		    || sla_hours_parse(SLA_DEFAULT_HOURS, &cals[z].hours, err)
			       != CASES_OK) {
			fprintf(stderr, "bench_sla: %s\n", err);
			return 1;
		}
		cals[z].holidays = holidays;
		cals[z].nholidays = nh;
	}
	t_lo = civil_days(2025, 1, 1) * 86400;
	t_hi = civil_days(2029, 1, 1) * 86400;
	for (i = 0; i < NINPUT; i++) {
		in[i].cal = &cals[rnd(&seed) % 3];
		in[i].opened =
			t_lo + (int64_t)(rnd(&seed) % (uint64_t)(t_hi - t_lo));
		in[i].target = targets[rnd(&seed) % 4];
	}

	t0 = now();
	do {
		for (i = 0; i < BATCH; i++) {
			const struct input *p = &in[i % NINPUT];

			if (sla_due(p->cal, p->opened, p->target, &due, err)
			    != CASES_OK) {
				fprintf(stderr, "bench_sla: %s\n", err);
				return 1;
			}
			sum += due - p->opened;
		}
		calls += BATCH;
		dt = now() - t0;
	} while (dt < min_s);

	printf("sla_due: %.2fM deadlines/s (%.0f ns each) over %llu calls "
	       "(checksum %lld)\n",
	       (double)calls / dt / 1e6, dt * 1e9 / (double)calls,
	       (unsigned long long)calls, (long long)sum);
	tz_cache_clear();
	return 0;
}
