/*
 * fuzz_idprefix.c - libFuzzer harness for case id prefixes: case_get() on an
 * in-memory store holding cases whose UUIDs crowd the edges of the prefix
 * ranges (all zeros, all ones, neighbours that differ in one nibble).
 *
 * The input is a C string (up to the first NUL). Its outcome is checked
 * against a model written here: a well-formed prefix is 8 to 32 hex
 * digits, dashes ignored, any case; it finds the one case it is a prefix
 * of (CASES_OK), none (CASES_ENOTFOUND) or several (CASES_EINVAL, the
 * message says "ambiguous"); digits alone, or '#' and digits, are a case
 * number: the case with that number (CASES_OK) or none (CASES_ENOTFOUND);
 * anything else is CASES_EINVAL. Any disagreement aborts.
 *
 *   fuzz/run 60 idprefix
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/case.h"
#include "cases/error.h"
#include "cases/plan.h"
#include "cases/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 32 hex digits each; the first case is opened normally (random UUID). */
static const char *const uuids[] = {
	"00000000000000000000000000000000", "00000000000000000000000000000001",
	"0000000000000000000000000000000f", "0000000f000000000000000000000000",
	"7fffffffffffffffffffffffffffffff", "80000000000000000000000000000000",
	"deadbeef000000000000000000000000", "deadbeef0fffffffffffffffffffffff",
	"deadbeef100000000000000000000000", "deadbeefdeadbeefdeadbeefdeadbeef",
	"123456789abc4def8123456789abcdef", "fffffffffffffffffffffffffffffffe",
	"ffffffffffffffffffffffffffffffff",
};
#define NFIXED (sizeof(uuids) / sizeof(uuids[0]))

static struct store *st;
static char known[NFIXED + 1][33]; /* hex digits of every case */
static size_t nknown;

/* A disagreement with the model: say which, then abort. */
#define check(ok)                                                              \
	do {                                                                   \
		if (!(ok)) {                                                   \
			fprintf(stderr, "fuzz_idprefix: line %d: %s\n",        \
				__LINE__, #ok);                                \
			abort();                                               \
		}                                                              \
	} while (0)

static int
hexval(char c)
{
	return isdigit((unsigned char)c) ? c - '0'
					 : tolower((unsigned char)c) - 'a' + 10;
}

static void
setup(void)
{
	struct case_open_req req = { 0 };
	struct case_rec c, copy;
	char err[CASES_ERRMAX];

	check(store_open(NULL, &st, err) == CASES_OK);
	check(store_begin(st, 1, err) == CASES_OK);
	req.plan = "business";
	req.subject = "fuzz";
	req.severity = SEV_GENERAL;
	req.category = CAT_TECHNICAL;
	req.channel = 0;
	req.opened_at = 1795683600;
	check(case_open(st, &req, &c, err) == CASES_OK);
	for (size_t i = 0, k = 0; i < 36; i++) {
		if (c.id[i] != '-')
			known[nknown][k++] = c.id[i];
	}
	nknown++;
	/* The same case under chosen UUIDs: store_case_insert only reads
	 * the record, so the copy may borrow its strings. */
	for (size_t i = 0; i < NFIXED; i++) {
		copy = c;
		copy.external_id = NULL;
		for (int k = 0; k < 16; k++)
			copy.uuid[k] =
				(unsigned char)(hexval(uuids[i][2 * k]) << 4
						| hexval(uuids[i][2 * k + 1]));
		case_uuid_format(copy.uuid, copy.id);
		check(store_case_insert(st, &copy, err) == CASES_OK);
		memcpy(known[nknown++], uuids[i], 33);
	}
	case_rec_release(&c);
	check(store_commit(st, err) == CASES_OK);
}

/* Digits alone, or '#' and digits. */
static int
isnumber(const char *s)
{
	if (*s == '#')
		s++;
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[256], hex[33], want[33], err[CASES_ERRMAX];
	struct case_rec c;
	size_t n = 0, matches = 0, which = 0;
	int wellformed = 1, rc;

	if (!st)
		setup();
	if (size >= sizeof(in))
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';

	/* The model. */
	for (const char *p = in; *p; p++) {
		if (*p == '-')
			continue;
		if (!isxdigit((unsigned char)*p) || n >= 32) {
			wellformed = 0;
			break;
		}
		hex[n++] = (char)tolower((unsigned char)*p);
	}
	if (n < 8)
		wellformed = 0;
	hex[n] = '\0';
	if (wellformed) {
		for (size_t i = 0; i < nknown; i++) {
			if (strncmp(known[i], hex, n) == 0) {
				matches++;
				which = i;
			}
		}
	}

	err[0] = '\0';
	rc = case_get(st, in, &c, err);
	if (isnumber(in)) {
		/* A case number (t-person.sh: numbers win over prefixes). */
		const char *d = in + (in[0] == '#');
		long long num;

		while (d[0] == '0' && d[1])
			d++;
		num = strlen(d) > 18 ? -1 : atoll(d);

		if (rc == CASES_OK) {
			check(num > 0 && c.rowid == num);
		} else {
			check(rc == CASES_ENOTFOUND && strstr(err, "no case"));
			check(num < 1 || num > (long long)nknown);
		}
		case_rec_release(&c);
		return 0;
	}
	if (!wellformed) {
		check(rc == CASES_EINVAL && strstr(err, "invalid case id"));
	} else if (matches == 0) {
		check(rc == CASES_ENOTFOUND && strstr(err, "no case"));
	} else if (matches > 1) {
		check(rc == CASES_EINVAL && strstr(err, "ambiguous"));
	} else {
		check(rc == CASES_OK);
		for (size_t i = 0, k = 0; i < 36; i++) {
			if (c.id[i] != '-')
				want[k++] = c.id[i];
		}
		want[32] = '\0';
		check(strcmp(want, known[which]) == 0);
		check(strlen(c.id) == 36 && c.id[8] == '-' && c.subject
		      && strcmp(c.subject, "fuzz") == 0);
	}
	if (rc != CASES_OK)
		check(err[0] != '\0');
	case_rec_release(&c);
	return 0;
}
