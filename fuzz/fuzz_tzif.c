/*
 * fuzz_tzif.c - libFuzzer harness for the TZif reader. An input whose first
 * byte is even is TZif data as it is; an odd one is a POSIX TZ footer,
 * wrapped in a minimal version 2 file. Parsed zones are converted at
 * instants taken from the input and at the int64_t extremes, then freed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cases/error.h"
#include "cases/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A version 2 file with no transitions, one type and `footer`. */
static unsigned char *
wrap_footer(const uint8_t *footer, size_t n, size_t *len)
{
	static const unsigned char v1[] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1,
	};
	unsigned char *buf = malloc(2 * 44 + 2 * 7 + n + 2), *p = buf;
	int i;

	if (!buf)
		return NULL;
	for (i = 0; i < 2; i++) {
		memset(p, 0, 44);
		memcpy(p, "TZif2", 5);
		memcpy(p + 28, v1, sizeof(v1));
		p += 44;
		memset(p, 0, 7); /* one type: offset 0, std, abbr "" */
		p += 7;
	}
	*p++ = '\n';
	memcpy(p, footer, n);
	p += n;
	*p++ = '\n';
	*len = (size_t)(p - buf);
	return buf;
}

static void
exercise(const struct tz *z, int64_t t)
{
	const char *abbr = NULL;
	int32_t off = tz_offset(z, t, &abbr);
	int64_t l = tz_to_local(z, t), u;

	if (!abbr || off < -89999 || off > 93599)
		abort();
	if (t > INT64_MIN + 100000 && t < INT64_MAX - 100000 && l != t + off)
		abort();
	u = tz_to_utc(z, l);
	(void)u;
	u = tz_to_utc(z, t);
	(void)u;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t fixed[] = {
		INT64_MIN,
		INT64_MIN + 1,
		-(1LL << 40),
		-2208988800LL,
		-1,
		0,
		1795683600LL,
		4102444800LL,
		13569465600LL,
		1LL << 40,
		INT64_MAX - 1,
		INT64_MAX,
	};
	char err[CASES_ERRMAX];
	unsigned char *buf = NULL;
	struct tz *z;
	size_t len, i;
	int64_t t;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		if (!(buf = wrap_footer(data + 1, size - 1, &len)))
			return 0;
		if (tz_parse_tzif(buf, len, "fuzz", &z, err) != CASES_OK)
			z = NULL;
	} else if (tz_parse_tzif(data, size, "fuzz", &z, err) != CASES_OK) {
		z = NULL;
	}
	if (z) {
		for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
			exercise(z, fixed[i]);
		for (i = 0; i + 8 <= size && i < 512; i += 8) {
			uint64_t v = 0;
			size_t k;

			for (k = 0; k < 8; k++)
				v = v << 8 | data[i + k];
			memcpy(&t, &v, sizeof(t));
			exercise(z, t);
			/* and a plausible instant near now */
			exercise(z, (int64_t)(v % 8000000000ULL) - 2000000000);
		}
		tz_free(z);
	}
	free(buf);
	return 0;
}
