/*
 * fuzz_instant.c - libFuzzer harness for timefmt_parse_instant() and
 * timefmt_parse_date(): no crash, no undefined behaviour, and whatever
 * parses lies in years 1..9999 and prints back to the same instant.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cases/error.h"
#include "cases/timefmt.h"
#include "cases/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct tz *
new_york(void)
{
	static const struct tz *z;

	if (!z) {
		if (!getenv("TZDIR"))
			setenv("TZDIR", "/usr/share/zoneinfo", 1);
		if (tz_load("America/New_York", &z, NULL) != CASES_OK)
			abort();
	}
	return z;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, err[CASES_ERRMAX], buf[TIMEFMT_MAX];
	int64_t t, back, days;

	if (size > 4096)
		return 0;
	if (!(s = malloc(size + 1)))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (timefmt_parse_instant(s, new_york(), &t, err) == CASES_OK) {
		if (t < -62135596800LL || t > 253402300799LL)
			abort();
		timefmt_rfc3339(t, buf);
		if (timefmt_parse_instant(buf, NULL, &back, err) != CASES_OK
		    || back != t)
			abort();
		timefmt_local(t, new_york(), buf);
		if (strlen(buf) >= TIMEFMT_MAX)
			abort();
	} else if (strlen(err) == 0) {
		abort();
	}
	if (timefmt_parse_date(s, &days, err) == CASES_OK) {
		timefmt_date(days, buf);
		if (strcmp(buf, s) != 0)
			abort();
	}
	free(s);
	return 0;
}
