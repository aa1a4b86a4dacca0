/*
 * fuzz_duration.c - libFuzzer harness for timefmt_parse_duration() and the
 * duration printers: accepted values are in 1 s .. 100 years and their
 * canonical form parses back to the same value; printing any int64_t fits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cases/error.h"
#include "cases/timefmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, err[CASES_ERRMAX], buf[TIMEFMT_MAX];
	int64_t d, back, raw;
	uint64_t u = 0;
	size_t i;

	if (size > 4096)
		return 0;
	if (!(s = malloc(size + 1)))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (timefmt_parse_duration(s, &d, err) == CASES_OK) {
		if (d < 1 || d > 36525LL * 86400)
			abort();
		timefmt_duration_spec(d, buf);
		if (timefmt_parse_duration(buf, &back, err) != CASES_OK
		    || back != d)
			abort();
	} else if (strlen(err) == 0) {
		abort();
	}
	free(s);
	/* The first eight bytes as any int64_t, for the printers. */
	for (i = 0; i < 8 && i < size; i++)
		u = u << 8 | data[i];
	memcpy(&raw, &u, sizeof(raw));
	timefmt_duration(raw, buf);
	if (strlen(buf) >= TIMEFMT_MAX)
		abort();
	timefmt_duration_spec(raw, buf);
	if (strlen(buf) >= TIMEFMT_MAX)
		abort();
	timefmt_rfc3339(raw, buf);
	return 0;
}
