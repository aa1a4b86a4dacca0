/*
 * fuzz_hours.c - libFuzzer harness for the hours parser and the deadline
 * walk.
 *
 * Input: an hours spec, optionally followed by '\n' and up to 21 bytes
 * that choose opened_at, the target, the time zone (UTC unless byte 17 is
 * there; otherwise one of a few zones with odd DST changes, whose span
 * edges can fall in gaps and folds) and up to three holidays. Whatever
 * parses must format to a text that parses back to the same hours, and
 * sla_due() must agree with sla_elapsed() and sla_explain(); any
 * disagreement aborts.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *       src/error.c src/civil.c src/tz.c src/sla.c fuzz/fuzz_hours.c \
 *       -o fuzz_hours && ./fuzz_hours fuzz/corpus/hours
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cases/error.h"
#include "cases/sla.h"
#include "cases/tz.h"

#define SPEC_MAX 2048
#define NHOL_MAX 3
#define T_MIN	 (-62135596800LL) /* 0001-01-01T00:00:00Z */
#define T_MAX	 253402300799LL	  /* 9999-12-31T23:59:59Z */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* UTC first; the others have gaps, folds, half-hour and day-long jumps. */
static const char *const zone_names[] = {
	"UTC",
	"America/New_York",
	"Europe/London",
	"Australia/Lord_Howe",
	"America/St_Johns",
	"Pacific/Apia",
	"America/Santiago",
	"Pacific/Chatham",
};

#define NZONE (sizeof(zone_names) / sizeof(zone_names[0]))

static void
check(int ok)
{
	if (!ok)
		abort();
}

/* Parsed hours must be sorted, merged, whole minutes within the day. */
static void
check_hours(const struct sla_hours *h)
{
	int d, i;

	for (d = 0; d < 7; d++) {
		check(h->nspan[d] >= 0 && h->nspan[d] <= SLA_MAX_SPANS);
		for (i = 0; i < h->nspan[d]; i++) {
			const struct sla_span *s = &h->span[d][i];

			check(s->start >= 0 && s->start < s->end
			      && s->end <= 86400 && s->start % 60 == 0
			      && s->end % 60 == 0);
			check(i == 0 || h->span[d][i - 1].end < s->start);
		}
	}
}

static uint64_t
take_u64(const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n && i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

struct sum {
	int64_t counted, last_to;
	int bad;
};

static void
on_step(void *arg, const struct sla_step *st)
{
	struct sum *s = arg;

	if (st->kind != SLA_STEP_COUNT)
		return;
	if (st->from < s->last_to || st->to <= st->from
	    || st->counted != st->to - st->from)
		s->bad = 1;
	s->counted += st->counted;
	s->last_to = st->to;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tz *zones[NZONE];
	static struct calendar cal;
	static char spec[SPEC_MAX], text[SLA_HOURS_FMTMAX];
	char err[CASES_ERRMAX];
	struct sla_hours h, back;
	const uint8_t *nl, *rest;
	size_t n, nrest, nhol = 0, z, k, j;
	uint64_t a, b;
	int64_t opened, target, weekly, due, due2, hol[NHOL_MAX], day, v;
	struct sum sum = { 0, 0, 0 };
	int rc;

	for (z = 0; z < NZONE && !zones[NZONE - 1]; z++)
		if (tz_load(zone_names[z], &zones[z], err) != CASES_OK)
			abort();
	nl = memchr(data, '\n', size);
	n = nl ? (size_t)(nl - data) : size;
	if (n >= SPEC_MAX)
		return 0;
	memcpy(spec, data, n);
	spec[n] = '\0';
	err[0] = '\0';
	if (sla_hours_parse(spec, &h, err) != CASES_OK) {
		check(err[0] != '\0' && !strchr(err, '\n'));
		return 0;
	}
	check_hours(&h);
	sla_hours_format(&h, text, sizeof(text));
	check(strlen(text) + 1 < sizeof(text));
	check(sla_hours_parse(text, &back, err) == CASES_OK);
	check(memcmp(&h, &back, sizeof(h)) == 0);

	rest = nl ? nl + 1 : data + size;
	nrest = (size_t)(data + size - rest);
	a = take_u64(rest, nrest);
	b = nrest > 8 ? take_u64(rest + 8, nrest - 8) : 3600;
	/* Opened anywhere in years 1-9999 (odd first byte) or near today;
	 * the target at most twenty years of this week's business time in
	 * UTC, one year elsewhere (each day costs a few zone look-ups), so
	 * that one input stays quick. */
	if (nrest > 16 && rest[16] & 1)
		opened = T_MIN + (int64_t)(a % (uint64_t)(T_MAX - T_MIN + 1));
	else
		opened = 946684800 + (int64_t)(a % (100ULL * 366 * 86400));
	z = nrest > 17 ? rest[17] % NZONE : 0;
	weekly = sla_hours_weekly(&h);
	target = 1 + (int64_t)(b % (uint64_t)(weekly * 52 * (z ? 1 : 20)));

	/* Holidays within a fortnight of the opening's local date, sorted
	 * and unique. */
	day = tz_to_local(zones[z], opened);
	day = (day - (day % 86400 + 86400) % 86400) / 86400 - 1;
	for (k = 0; nrest > 18 && k < (size_t)(rest[18] % (NHOL_MAX + 1))
		    && 19 + k < nrest;
	     k++) {
		v = day + rest[19 + k] % 16;
		for (j = 0; j < nhol && hol[j] < v; j++)
			;
		if (j < nhol && hol[j] == v)
			continue;
		memmove(hol + j + 1, hol + j, (nhol - j) * sizeof(hol[0]));
		hol[j] = v;
		nhol++;
	}
	cal.zone = zones[z];
	cal.hours = h;
	cal.holidays = nhol ? hol : NULL;
	cal.nholidays = nhol;
	sum.last_to = opened;
	rc = sla_due(&cal, opened, target, &due, err);
	if (rc != CASES_OK) {
		/* Only a deadline past year 9999 may fail. */
		check(rc == CASES_EINVAL
		      && strstr(err, "9999-12-31T23:59:59Z"));
		return 0;
	}
	check(due > opened && due - opened >= target);
	check(sla_elapsed(&cal, opened, due) == target);
	check(sla_elapsed(&cal, opened, due - 1) == target - 1);
	check(sla_explain(&cal, opened, target, on_step, &sum, &due2, err)
	      == CASES_OK);
	check(due2 == due && sum.counted == target && !sum.bad);
	return 0;
}
