/*
 * fuzz_sigv4.c - libFuzzer harness for SigV4 verification: the
 * Authorization parser alone, then sigv4_parse() and sigv4_verify() on a
 * whole request with arbitrary headers and body.
 *
 * Input: the whole input is first tried as an Authorization value. Then
 * it is read as a request: line 1 "METHOD TARGET" (TARGET split at the
 * first '?'), then header lines "Name: value" up to an empty line, then
 * the body. Beyond no crash, leak or undefined behaviour: every refusal
 * has a one-line message; a request that parses is re-signed with a
 * secret by sigv4_signature(), and then it must verify at its own
 * X-Amz-Date, and must not with one bit of the signature flipped or one
 * hour later.
 *
 *   fuzz/run 60 sigv4
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cases/error.h"
#include "cases/sigv4.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXH   48
#define SECRET "tS9v+3kQ/Zr1Lw0yXbH7pEj5cN2mUa8dF6gRi4oV"

static void
one_line(const char *msg)
{
	if (!msg[0] || strchr(msg, '\n'))
		abort();
}

static void
check_auth(const struct sigv4_auth *a)
{
	if (!a->key_id[0] || strlen(a->key_id) > SIGV4_KEYID_MAX
	    || strlen(a->date) != 8 || !a->region[0] || !a->service[0]
	    || a->nsigned < 1 || a->nsigned > SIGV4_SIGNED_MAX)
		abort();
	for (size_t i = 1; i < a->nsigned; i++) {
		if (strcmp(a->signed_names[i - 1], a->signed_names[i]) >= 0)
			abort();
	}
}

/* Split s (NUL-terminated, writable) into a request. */
static void
split(char *s, const char *end, struct sigv4_request *req,
      struct sigv4_header *h)
{
	char *line = s, *nl, *sp, *q;

	req->method = req->path = req->query = "";
	req->nheaders = 0;
	req->body = NULL;
	req->body_len = 0;
	req->headers = h;
	if (!(nl = strchr(line, '\n')))
		return;
	*nl = '\0';
	if ((sp = strchr(line, ' '))) {
		*sp = '\0';
		req->method = line;
		req->path = sp + 1;
		if ((q = strchr(sp + 1, '?'))) {
			*q = '\0';
			req->query = q + 1;
		}
	}
	line = nl + 1;
	while (line < end && (nl = strchr(line, '\n')) && nl != line
	       && req->nheaders < MAXH) {
		char *colon;

		*nl = '\0';
		if ((colon = strchr(line, ':'))) {
			*colon = '\0';
			h[req->nheaders].name = line;
			h[req->nheaders].value = colon + 1;
			req->nheaders++;
		}
		line = nl + 1;
	}
	if (line < end && *line == '\n')
		line++;
	if (line < end) {
		req->body = line;
		req->body_len = (size_t)(end - line);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sigv4_header h[MAXH];
	struct sigv4_request req;
	struct sigv4_auth a;
	char *s, msg[CASES_ERRMAX], hex[SIGV4_HEX_LEN + 1], *creq;
	int rc;

	if (size > 16384)
		return 0;
	if (!(s = malloc(size + 1)))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	/* The Authorization parser on the raw bytes (up to a NUL). */
	msg[0] = '\0';
	rc = sigv4_parse_authorization(s, &a, msg);
	if (rc == SIGV4_OK)
		check_auth(&a);
	else
		one_line(msg);

	/* The whole request. */
	split(s, s + size, &req, h);
	msg[0] = '\0';
	rc = sigv4_parse(&req, "support", &a, msg);
	if (rc != SIGV4_OK) {
		one_line(msg);
		if (rc != SIGV4_MISSING && rc != SIGV4_INCOMPLETE
		    && rc != SIGV4_INVALID)
			abort();
		goto out;
	}
	check_auth(&a);
	if (strcmp(a.service, "support") != 0)
		abort();
	rc = sigv4_verify(&req, &a, SECRET, a.time, msg);
	if (rc != SIGV4_OK)
		one_line(msg);
	if (sigv4_canonical_request(&req, &a, &creq, msg) == SIGV4_OK) {
		if (!creq || strlen(creq) < SIGV4_HEX_LEN)
			abort();
		free(creq);
	}
	/* Signed properly, it verifies; tampered or late, it does not. */
	if (sigv4_signature(&req, &a, SECRET, hex, msg) == SIGV4_OK) {
		for (int i = 0; i < 32; i++) {
			const char *d = "0123456789abcdef";

			a.signature[i] =
				(unsigned char)((strchr(d, hex[2 * i]) - d) << 4
						| (strchr(d, hex[2 * i + 1])
						   - d));
		}
		if (sigv4_verify(&req, &a, SECRET, a.time, msg) != SIGV4_OK)
			abort();
		if (sigv4_verify(&req, &a, SECRET, a.time + 3600, msg)
		    != SIGV4_EXPIRED)
			abort();
		a.signature[size % 32] ^= (unsigned char)(1u << (size % 8));
		if (sigv4_verify(&req, &a, SECRET, a.time, msg)
		    != SIGV4_INVALID)
			abort();
	}
out:
	free(s);
	return 0;
}
