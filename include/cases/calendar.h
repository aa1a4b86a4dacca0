/*
 * calendar.h - support calendars between their stored text and the
 * deadline calculator: validation, canonical text and loading.
 *
 * Stored form (docs/domain.md 7): an IANA zone name, canonical hours text (as
 * sla_hours_format() prints) and holidays as sorted, unique, comma-separated
 * YYYY-MM-DD dates.
 */
#ifndef CASES_CALENDAR_H
#define CASES_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "cases/error.h"
#include "cases/sla.h"

/* A loaded calendar that owns its holiday array. */
struct calendar_buf {
	struct calendar cal;
	int64_t *holidays;
};

/* Load the stored form into b (release with calendar_buf_release).
 * CASES_EINVAL for an unknown zone, bad hours or bad dates. */
int calendar_load(struct calendar_buf *b, const char *tz, const char *hours,
		  const char *holidays, char *err) CASES_MUST_CHECK;
void calendar_buf_release(struct calendar_buf *b);

/* Parse a holiday list ("2026-12-25,2026-12-26" or "") into a sorted,
 * de-duplicated malloc'd array. */
int calendar_holidays_parse(const char *list, int64_t **days, size_t *n,
			    char *err) CASES_MUST_CHECK;

/* The stored text of n sorted unique days; malloc'd, NULL on ENOMEM. */
char *calendar_holidays_format(const int64_t *days, size_t n);

/* Sort and de-duplicate days in place; returns the new count. */
size_t calendar_days_normalize(int64_t *days, size_t n);

#endif
