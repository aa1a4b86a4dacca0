/*
 * sigv4.h - AWS Signature Version 4 (AWS4-HMAC-SHA256) verification.
 *
 * Pure: no I/O, no clock (the caller passes "now"), no database. The
 * hashes and MACs come from OpenSSL's libcrypto.
 *
 * A server verifies a request in two steps, so that it can look the key up
 * in between:
 *
 *   struct sigv4_auth a;
 *   rc = sigv4_parse(&req, "support", &a, msg);      no secret needed
 *   ... look a.key_id up; unknown: rc = sigv4_unknown_key(msg) ...
 *   rc = sigv4_verify(&req, &a, secret, now, msg);    clock and signature
 *
 * Every function that takes `msg` fills it (CASES_ERRMAX bytes, may be
 * NULL) with one line of text like AWS's own for the status it returns;
 * sigv4_error_name() and sigv4_http_status() give the AWS error name and
 * the HTTP status to answer with.
 *
 * What is checked, after AWS's "Signature Version 4 signing process":
 *   - the Authorization header: exactly one, at most SIGV4_AUTH_MAX bytes,
 *     "AWS4-HMAC-SHA256 Credential=KEY/YYYYMMDD/REGION/SERVICE/aws4_request,
 *     SignedHeaders=a;b;c, Signature=<64 lowercase hex>", the three
 *     parameters once each in any order; header names in SignedHeaders
 *     lowercase, sorted, unique;
 *   - X-Amz-Date: exactly one, "YYYYMMDDTHHMMSSZ" (ISO 8601 basic, UTC),
 *     a real instant, within SIGV4_WINDOW seconds of now either way; the
 *     credential scope's date equals its date; `host` and `x-amz-date` are
 *     signed; the scope's service is the caller's, any region;
 *   - the canonical request: the method; the path as sent, with empty and
 *     "." segments removed and ".." applied (as AWS does for every service
 *     but S3), URI-encoded once more (so a client's %XX becomes %25XX,
 *     as botocore signs it); the query parameters percent-decoded,
 *     URI-encoded, sorted by name then value; the signed headers, names
 *     lowercase, values trimmed with inner runs of white space collapsed,
 *     repeated headers joined with ',' in the order received; the SHA-256
 *     of the body (an X-Amz-Content-SHA256 header, when present, must be
 *     that same hash: unsigned payloads are refused).
 */
#ifndef CASES_SIGV4_H
#define CASES_SIGV4_H

#include <stddef.h>
#include <stdint.h>

#include "cases/error.h"

#define SIGV4_AUTH_MAX	  4096 /* bytes of an Authorization header value */
#define SIGV4_KEYID_MAX	  128  /* access key id: 1..128 of [A-Za-z0-9] */
#define SIGV4_REGION_MAX  63   /* region: 1..63 of [a-z0-9-] */
#define SIGV4_SERVICE_MAX 63   /* service: 1..63 of [a-z0-9-] */
#define SIGV4_SIGNED_MAX  64   /* header names in SignedHeaders */
#define SIGV4_NAME_MAX	  128  /* bytes of one signed header name */
#define SIGV4_SECRET_MAX  128  /* bytes of a secret access key */
#define SIGV4_WINDOW	  900  /* X-Amz-Date may be 15 minutes off now */
#define SIGV4_HEX_LEN	  64   /* a signature or SHA-256 in hex */

#define SIGV4_KEYID_LEN	 20 /* a key id made by sigv4_key_new() */
#define SIGV4_SECRET_LEN 40 /* a secret made by sigv4_key_new() */

/* What a verification found; the server answers with the HTTP status
 * and AWS error name in brackets (sigv4_http_status(),
 * sigv4_error_name()). */
enum sigv4_status {
	SIGV4_OK = 0,
	/* No Authorization header (403 MissingAuthenticationTokenException). */
	SIGV4_MISSING,
	/* Authorization or X-Amz-Date malformed or missing, host or
	 * x-amz-date not signed (400 IncompleteSignatureException). */
	SIGV4_INCOMPLETE,
	/* The caller knows no such key (403 UnrecognizedClientException). */
	SIGV4_UNKNOWN_KEY,
	/* Wrong signature, scope or payload hash (403
	 * InvalidSignatureException). */
	SIGV4_INVALID,
	/* X-Amz-Date more than 15 minutes off (403 InvalidSignatureException
	 * with "Signature expired: ..." as AWS says it). */
	SIGV4_EXPIRED,
	/* Out of memory or libcrypto failed (500 InternalServerError). */
	SIGV4_INTERNAL,
};

/* One received header; both strings borrowed. */
struct sigv4_header {
	const char *name;
	const char *value;
};

/* A received request; everything borrowed. */
struct sigv4_request {
	const char *method; /* "POST" */
	const char *path;   /* as sent, percent-encoded, without the query */
	const char *query;  /* as sent, after '?'; NULL or "" when none */
	const struct sigv4_header *headers; /* every header, in order */
	size_t nheaders;
	const void *body;
	size_t body_len;
};

/* The Authorization header and X-Amz-Date of a request, parsed. */
struct sigv4_auth {
	char key_id[SIGV4_KEYID_MAX + 1];
	char date[9]; /* the credential scope's YYYYMMDD */
	char region[SIGV4_REGION_MAX + 1];
	char service[SIGV4_SERVICE_MAX + 1];
	size_t nsigned; /* names in signed_names[] */
	char signed_names[SIGV4_SIGNED_MAX][SIGV4_NAME_MAX + 1];
	unsigned char signature[32];
	char amz_date[17]; /* X-Amz-Date, "20150830T123600Z" */
	int64_t time;	   /* X-Amz-Date in Unix seconds */
};

/* Parse one Authorization header value (without "Authorization:") into
 * a's key_id, scope, signed names and signature (amz_date and time are
 * cleared). SIGV4_OK, SIGV4_MISSING when value is NULL, SIGV4_INVALID
 * when the scope's terminator is not "aws4_request", SIGV4_INCOMPLETE for
 * anything else malformed or longer than the limits above. */
int sigv4_parse_authorization(const char *value, struct sigv4_auth *a,
			      char *msg) CASES_MUST_CHECK;

/* Find and parse req's Authorization and X-Amz-Date headers (names in
 * any case) and check what needs neither the secret nor the clock: the
 * scope's date is X-Amz-Date's, its service is `service`, host and
 * x-amz-date are signed. On SIGV4_OK, a->key_id names the key to look up.
 * SIGV4_MISSING, SIGV4_INCOMPLETE or SIGV4_INVALID otherwise. */
int sigv4_parse(const struct sigv4_request *req, const char *service,
		struct sigv4_auth *a, char *msg) CASES_MUST_CHECK;

/* Verify a request that sigv4_parse() accepted with the key's secret at
 * Unix time now: X-Amz-Date within SIGV4_WINDOW of now (SIGV4_EXPIRED),
 * then the payload hash and the signature (SIGV4_INVALID). The signatures
 * are compared in constant time. SIGV4_INTERNAL if memory or libcrypto
 * fails. A `now` outside years 1..9999 counts as their nearest end. */
int sigv4_verify(const struct sigv4_request *req, const struct sigv4_auth *a,
		 const char *secret, int64_t now, char *msg) CASES_MUST_CHECK;

/* The status and message for a key id the caller does not know (or no
 * longer accepts): returns SIGV4_UNKNOWN_KEY. */
int sigv4_unknown_key(char *msg);

/* The canonical request of req under a's signed headers, as AWS defines
 * it; *out is a NUL-terminated string the caller frees. SIGV4_INVALID
 * when a signed header is not in the request or X-Amz-Content-SHA256 is
 * not the body's hash, SIGV4_INTERNAL when out of memory. */
int sigv4_canonical_request(const struct sigv4_request *req,
			    const struct sigv4_auth *a, char **out,
			    char *msg) CASES_MUST_CHECK;

/* The signature of req by `secret` under a's scope, signed names and
 * amz_date, in lowercase hex (hex holds SIGV4_HEX_LEN + 1 bytes): what a
 * client computes. Errors as sigv4_canonical_request(); SIGV4_INVALID too
 * for a secret longer than SIGV4_SECRET_MAX. */
int sigv4_signature(const struct sigv4_request *req, const struct sigv4_auth *a,
		    const char *secret, char hex[SIGV4_HEX_LEN + 1],
		    char *msg) CASES_MUST_CHECK;

/* The AWS error name ("__type") for a status other than SIGV4_OK:
 * "MissingAuthenticationTokenException", "IncompleteSignatureException",
 * "UnrecognizedClientException", "InvalidSignatureException",
 * "InternalServerError" (the Support API's name for it). */
const char *sigv4_error_name(int status);

/* The HTTP status to answer a status with (200 for SIGV4_OK). */
int sigv4_http_status(int status);

/* Make a new key: id is "CKIA" and 16 characters of base32 (A-Z, 2-7),
 * AWS-shaped; secret is 40 characters of base64 (A-Z a-z 0-9 + /), from
 * 80 and 240 bits of RAND_bytes(). CASES_OK, or CASES_EIO with err filled
 * if the random generator fails (then id and secret are empty). */
int sigv4_key_new(char id[SIGV4_KEYID_LEN + 1],
		  char secret[SIGV4_SECRET_LEN + 1],
		  char *err) CASES_MUST_CHECK;

#endif
