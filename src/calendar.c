/*
 * calendar.c - support calendars between stored text and struct calendar.
 */
#include <stdlib.h>
#include <string.h>

#include "cases/calendar.h"
#include "cases/error.h"
#include "cases/timefmt.h"
#include "cases/tz.h"

static int
cmp_days(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

size_t
calendar_days_normalize(int64_t *days, size_t n)
{
	size_t k = 0;

	if (n == 0)
		return 0;
	qsort(days, n, sizeof(*days), cmp_days);
	for (size_t i = 1; i < n; i++) {
		if (days[i] != days[k])
			days[++k] = days[i];
	}
	return k + 1;
}

int
calendar_holidays_parse(const char *list, int64_t **days, size_t *n, char *err)
{
	size_t cap = 1, count = 0;
	int64_t *out;
	char item[32];

	*days = NULL;
	*n = 0;
	for (const char *p = list; *p; p++)
		cap += *p == ',';
	out = malloc(cap * sizeof(*out));
	if (!out)
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	for (const char *p = list; *p;) {
		size_t k = 0;
		while (*p == ',' || *p == ' ')
			p++;
		if (!*p)
			break;
		while (*p && *p != ',' && *p != ' ') {
			if (k < sizeof(item) - 1)
				item[k++] = *p;
			p++;
		}
		item[k] = '\0';
		int rc = timefmt_parse_date(item, &out[count], err);
		if (rc) {
			free(out);
			return rc;
		}
		count++;
	}
	*n = calendar_days_normalize(out, count);
	*days = out;
	return CASES_OK;
}

char *
calendar_holidays_format(const int64_t *days, size_t n)
{
	char *s = malloc(n * 11 + 1), *p = s;
	char buf[TIMEFMT_MAX];

	if (!s)
		return NULL;
	*p = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t w = strlen(timefmt_date(days[i], buf));
		if (i)
			*p++ = ',';
		memcpy(p, buf, w + 1);
		p += w;
	}
	return s;
}

int
calendar_load(struct calendar_buf *b, const char *tz, const char *hours,
	      const char *holidays, char *err)
{
	size_t n;
	int rc;

	memset(b, 0, sizeof(*b));
	rc = tz_load(tz, &b->cal.zone, err);
	if (rc)
		return rc;
	rc = sla_hours_parse(hours, &b->cal.hours, err);
	if (rc)
		return rc;
	rc = calendar_holidays_parse(holidays, &b->holidays, &n, err);
	if (rc)
		return rc;
	b->cal.holidays = b->holidays;
	b->cal.nholidays = n;
	return CASES_OK;
}

void
calendar_buf_release(struct calendar_buf *b)
{
	free(b->holidays);
	memset(b, 0, sizeof(*b));
}
