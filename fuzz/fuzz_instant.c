/*
 * fuzz_instant.c - libFuzzer harness for timefmt_parse_instant(),
 * timefmt_parse_when() and timefmt_parse_date(): no crash, no undefined
 * behaviour, whatever parses lies in years 1..9999 and prints back to the
 * same instant, and the command line's parser reads everything the strict
 * one does as the same instant.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cases/error.h"
#include "cases/timefmt.h"
#include "cases/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct tz *
new_york(void)
{
	static const struct tz *z;

	if (!z) {
		/* A zone folder of two zones and no tzdata.zi: zone names
		 * typed after a time are looked up there, and an unknown one
		 * does not read all of tzdata for a suggestion each time. */
		static char dir[] = "/tmp/fuzz-tzdir-XXXXXX";
		char path[sizeof(dir) + 32];

		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof(path), "%s/America", dir);
		if (mkdir(path, 0700) != 0)
			abort();
		snprintf(path, sizeof(path), "%s/America/New_York", dir);
		if (symlink("/usr/share/zoneinfo/America/New_York", path) != 0)
			abort();
		snprintf(path, sizeof(path), "%s/UTC", dir);
		if (symlink("/usr/share/zoneinfo/UTC", path) != 0)
			abort();
		setenv("TZDIR", dir, 1);
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
	int strict = timefmt_parse_instant(s, new_york(), &t, err) == CASES_OK;
	int64_t w;

	/* now: 2026-11-23T14:30:00Z. */
	if (timefmt_parse_when(s, new_york(), 1795444200LL, &w, err)
	    == CASES_OK) {
		if (w < -62135596800LL || w > 253402300799LL)
			abort();
		if (strict && w != t)
			abort();
	} else if (strlen(err) == 0 || strict) {
		abort();
	}
	if (strict) {
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
