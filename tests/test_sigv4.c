/*
 * test_sigv4.c - AWS Signature Version 4 verification.
 *
 * Three sources of truth: the vectors of AWS's public SigV4 test suite
 * (typed in from the suite as aws-c-auth publishes it: key AKIDEXAMPLE,
 * service "service", us-east-1, 20150830T123600Z), requests of the AWS
 * Support API signed by Debian's real botocore (tests/data/sigv4-botocore.txt,
 * written by tests/data/sigv4-botocore.py), and hand-made malformed input.
 */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/error.h"
#include "cases/sigv4.h"

#ifndef SIGV4_DATA
#define SIGV4_DATA "tests/data/sigv4-botocore.txt"
#endif

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The test suite's credentials and clock. */
#define SUITE_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define SUITE_NOW    1440938160 /* 2015-08-30T12:36:00Z */
#define SUITE_CRED   "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"

TestSuite(sigv4);

/* A request under construction: up to 40 headers, strings owned here. */
#define VMAX 1100 /* bytes of a header value */
struct req {
	struct sigv4_request r;
	struct sigv4_header h[40];
	char store[40][2][VMAX];
	unsigned char body[8192];
};

static void
req_init(struct req *q, const char *method, const char *path, const char *query)
{
	memset(q, 0, sizeof *q);
	q->r.method = method;
	q->r.path = path;
	q->r.query = query;
	q->r.headers = q->h;
}

static void
req_add(struct req *q, const char *name, const char *value)
{
	size_t i = q->r.nheaders++;

	cr_assert_lt(i, NELEM(q->h));
	cr_assert_lt(strlen(value), sizeof q->store[i][1]);
	snprintf(q->store[i][0], sizeof q->store[i][0], "%s", name);
	snprintf(q->store[i][1], sizeof q->store[i][1], "%s", value);
	q->h[i].name = q->store[i][0];
	q->h[i].value = q->store[i][1];
}

/* The value of the first header named name (any case), for editing. */
static char *
req_header(struct req *q, const char *name)
{
	for (size_t i = 0; i < q->r.nheaders; i++) {
		if (strcasecmp(q->h[i].name, name) == 0)
			return q->store[i][1];
	}
	return NULL;
}

static void
req_remove(struct req *q, const char *name)
{
	size_t i = 0;

	while (i < q->r.nheaders && strcasecmp(q->h[i].name, name) != 0)
		i++;
	cr_assert_lt(i, q->r.nheaders, "no header %s", name);
	for (; i + 1 < q->r.nheaders; i++) {
		memcpy(q->store[i], q->store[i + 1], sizeof q->store[i]);
		q->h[i].name = q->store[i][0];
		q->h[i].value = q->store[i][1];
	}
	q->r.nheaders--;
}

static void
req_body(struct req *q, const void *body, size_t n)
{
	cr_assert_leq(n, sizeof q->body);
	memcpy(q->body, body, n);
	q->r.body = q->body;
	q->r.body_len = n;
}

/* parse + verify, the way the server will: the status, msg filled. */
static int
check(const struct req *q, const char *service, const char *secret, int64_t now,
      char *msg)
{
	struct sigv4_auth a;
	int rc;

	msg[0] = '\0';
	rc = sigv4_parse(&q->r, service, &a, msg);
	if (rc != SIGV4_OK)
		return rc;
	return sigv4_verify(&q->r, &a, secret, now, msg);
}

/*
 * AWS's SigV4 test suite. Each request has Host example.amazonaws.com and
 * X-Amz-Date 20150830T123600Z besides its own headers; paths and queries
 * are as the suite's request.txt has them on the wire. The unnormalized
 * variants are S3's rule, which this verifier does not apply; their
 * normalized twins are here.
 */
struct vector {
	const char *name, *method, *path, *query;
	const char *hdr[4][2];
	const char *body;
	const char *signed_headers, *signature;
};

static const struct vector suite[] = {
	{ "get-vanilla",
	  "GET",
	  "/",
	  "",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
	{ "get-vanilla-query",
	  "GET",
	  "/",
	  "",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
	{ "get-vanilla-empty-query-key",
	  "GET",
	  "/",
	  "Param1=value1",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb" },
	{ "get-vanilla-query-order-key-case",
	  "GET",
	  "/",
	  "Param2=value2&Param1=value1",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
	{ "get-vanilla-query-order-encoded",
	  "GET",
	  "/",
	  "Param-3=Value3&Param=Value2&%E1%88%B4=Value1",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac" },
	{ "get-vanilla-query-unreserved",
	  "GET",
	  "/",
	  "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
	  "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197" },
	{ "get-vanilla-utf8-query",
	  "GET",
	  "/",
	  "\xe1\x88\xb4=bar",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04" },
	{ "get-utf8",
	  "GET",
	  "/\xe1\x88\xb4",
	  "",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85" },
	{ "get-unreserved",
	  "GET",
	  "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
	  "",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f" },
	{ "get-space-normalized",
	  "GET",
	  "/example space/",
	  "",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741" },
	{ "get-slash-normalized",
	  "GET",
	  "//",
	  "",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
	{ "get-slashes-normalized",
	  "GET",
	  "//example//",
	  "",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84" },
	{ "get-slash-dot-slash-normalized",
	  "GET",
	  "/./",
	  "",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
	{ "get-slash-pointless-dot-normalized",
	  "GET",
	  "/./example",
	  "",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5" },
	{ "get-relative-normalized",
	  "GET",
	  "/example/..",
	  "",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
	{ "get-relative-relative-normalized",
	  "GET",
	  "/example1/example2/../..",
	  "",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
	{ "get-header-key-duplicate",
	  "GET",
	  "/",
	  "",
	  { { "My-Header1", "value2" },
	    { "My-Header1", "value2" },
	    { "My-Header1", "value1" } },
	  "",
	  "host;my-header1;x-amz-date",
	  "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea" },
	{ "get-header-value-order",
	  "GET",
	  "/",
	  "",
	  { { "My-Header1", "value4" },
	    { "My-Header1", "value1" },
	    { "My-Header1", "value3" },
	    { "My-Header1", "value2" } },
	  "",
	  "host;my-header1;x-amz-date",
	  "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01" },
	{ "get-header-value-trim",
	  "GET",
	  "/",
	  "",
	  { { "My-Header1", " value1" }, { "My-Header2", " \"a   b   c\"" } },
	  "",
	  "host;my-header1;my-header2;x-amz-date",
	  "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736" },
	{ "get-header-value-multiline",
	  "GET",
	  "/",
	  "",
	  { { "My-Header1", "value1\r\n  value2\r\n     value3" } },
	  "",
	  "host;my-header1;x-amz-date",
	  "cfd34249e4b1c8d6b91ef74165d41a32e5fab3306300901bb65a51a73575eefd" },
	{ "get-vanilla-with-session-token",
	  "GET",
	  "/",
	  "",
	  { { "X-Amz-Security-Token", "6e86291e8372ff2a2260956d9b8aae1d763fbf31"
				      "5fa00fa31553b73ebf194267" } },
	  "",
	  "host;x-amz-date;x-amz-security-token",
	  "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8" },
	{ "post-vanilla",
	  "POST",
	  "/",
	  "",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
	{ "post-vanilla-query",
	  "POST",
	  "/",
	  "Param1=value1",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11" },
	{ "post-header-key-case",
	  "POST",
	  "/",
	  "",
	  { { 0 } },
	  "",
	  "host;x-amz-date",
	  "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
	{ "post-header-key-sort",
	  "POST",
	  "/",
	  "",
	  { { "My-Header1", "value1" } },
	  "",
	  "host;my-header1;x-amz-date",
	  "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c" },
	{ "post-header-value-case",
	  "POST",
	  "/",
	  "",
	  { { "My-Header1", "VALUE1" } },
	  "",
	  "host;my-header1;x-amz-date",
	  "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d" },
	{ "post-x-www-form-urlencoded",
	  "POST",
	  "/",
	  "",
	  { { "Content-Type", "application/x-www-form-urlencoded" },
	    { "Content-Length", "13" },
	    { "X-Amz-Content-SHA256", "9095672bbd1f56dfc5b65f3e153adc8731a4a654"
				      "192329106275f4c7b24d0b6e" } },
	  "Param1=value1",
	  "content-length;content-type;host;x-amz-content-sha256;x-amz-date",
	  "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b" },
	{ "post-x-www-form-urlencoded-parameters",
	  "POST",
	  "/",
	  "",
	  { { "Content-Type",
	      "application/x-www-form-urlencoded; charset=utf-8" },
	    { "Content-Length", "13" },
	    { "X-Amz-Content-SHA256", "9095672bbd1f56dfc5b65f3e153adc8731a4a654"
				      "192329106275f4c7b24d0b6e" } },
	  "Param1=value1",
	  "content-length;content-type;host;x-amz-content-sha256;x-amz-date",
	  "328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422" },
};

static void
suite_request(struct req *q, const struct vector *v, const char *signature)
{
	char auth[512];

	req_init(q, v->method, v->path, v->query);
	req_add(q, "Host", "example.amazonaws.com");
	for (size_t i = 0; i < NELEM(v->hdr) && v->hdr[i][0]; i++)
		req_add(q, v->hdr[i][0], v->hdr[i][1]);
	req_add(q, "X-Amz-Date", "20150830T123600Z");
	snprintf(auth, sizeof auth,
		 "AWS4-HMAC-SHA256 Credential=" SUITE_CRED
		 ", SignedHeaders=%s, Signature=%s",
		 v->signed_headers, signature);
	req_add(q, "Authorization", auth);
	req_body(q, v->body, strlen(v->body));
}

Test(sigv4, aws_suite_vectors_verify)
{
	static struct req q;
	char msg[CASES_ERRMAX], sig[SIGV4_HEX_LEN + 1];
	struct sigv4_auth a;

	for (size_t i = 0; i < NELEM(suite); i++) {
		const struct vector *v = &suite[i];

		suite_request(&q, v, v->signature);
		cr_expect_eq(check(&q, "service", SUITE_SECRET, SUITE_NOW, msg),
			     SIGV4_OK, "%s: %s", v->name, msg);
		/* The signer gives the suite's signature too. */
		cr_assert_eq(sigv4_parse(&q.r, "service", &a, msg), SIGV4_OK);
		cr_assert_eq(sigv4_signature(&q.r, &a, SUITE_SECRET, sig, msg),
			     SIGV4_OK, "%s: %s", v->name, msg);
		cr_expect_str_eq(sig, v->signature, "%s", v->name);

		/* One hex digit off, first, middle or last, is a bad
		 * signature. */
		for (int k = 0; k < SIGV4_HEX_LEN; k += 21) {
			strcpy(sig, v->signature);
			sig[k] = sig[k] == '0' ? '1' : '0';
			suite_request(&q, v, sig);
			cr_expect_eq(check(&q, "service", SUITE_SECRET,
					   SUITE_NOW, msg),
				     SIGV4_INVALID, "%s digit %d", v->name, k);
			cr_expect(strstr(msg, "does not match the signature "
					      "you provided")
					  != NULL,
				  "%s: %s", v->name, msg);
		}
	}
}

/* The canonical requests, byte for byte, of the suite's header-canonical-
 * request.txt files. */
Test(sigv4, aws_suite_canonical_requests)
{
	static const struct {
		const char *name, *creq;
	} want[] = {
		{ "get-header-value-trim",
		  "GET\n/\n\n"
		  "host:example.amazonaws.com\n"
		  "my-header1:value1\n"
		  "my-header2:\"a b c\"\n"
		  "x-amz-date:20150830T123600Z\n\n"
		  "host;my-header1;my-header2;x-amz-date\n"
		  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852"
		  "b"
		  "8"
		  "55" },
		{ "get-vanilla-query-order-encoded",
		  "GET\n/\n%E1%88%B4=Value1&Param=Value2&Param-3=Value3\n"
		  "host:example.amazonaws.com\n"
		  "x-amz-date:20150830T123600Z\n\n"
		  "host;x-amz-date\n"
		  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852"
		  "b"
		  "8"
		  "55" },
		{ "get-utf8",
		  "GET\n/%E1%88%B4\n\n"
		  "host:example.amazonaws.com\n"
		  "x-amz-date:20150830T123600Z\n\n"
		  "host;x-amz-date\n"
		  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca"
		  "495991b7852b8"
		  "55" },
		{ "get-header-value-multiline",
		  "GET\n/\n\n"
		  "host:example.amazonaws.com\n"
		  "my-header1:value1 value2 value3\n"
		  "x-amz-date:20150830T123600Z\n\n"
		  "host;my-header1;x-amz-date\n"
		  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852"
		  "b"
		  "8"
		  "55" },
		{ "post-x-www-form-urlencoded-parameters",
		  "POST\n/\n\n"
		  "content-length:13\n"
		  "content-type:application/x-www-form-urlencoded; "
		  "charset=utf-8\n"
		  "host:example.amazonaws.com\n"
		  "x-amz-content-sha256:"
		  "9095672bbd1f56dfc5b65f3e153adc8731a4a6541"
		  "92329106275f4c7b24d0b6e\n"
		  "x-amz-date:20150830T123600Z\n\n"
		  "content-length;content-type;host;x-amz-content-sha256;"
		  "x-amz-date\n"
		  "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d"
		  "0"
		  "b"
		  "6e" },
	};
	static struct req q;
	char msg[CASES_ERRMAX], *creq;
	struct sigv4_auth a;

	for (size_t i = 0; i < NELEM(want); i++) {
		const struct vector *v = NULL;

		for (size_t j = 0; j < NELEM(suite); j++) {
			if (strcmp(suite[j].name, want[i].name) == 0)
				v = &suite[j];
		}
		cr_assert_not_null(v, "%s", want[i].name);
		suite_request(&q, v, v->signature);
		cr_assert_eq(sigv4_parse(&q.r, "service", &a, msg), SIGV4_OK,
			     "%s", msg);
		cr_assert_eq(sigv4_canonical_request(&q.r, &a, &creq, msg),
			     SIGV4_OK, "%s", msg);
		cr_expect_str_eq(creq, want[i].creq, "%s", want[i].name);
		free(creq);
	}
}

/*
 * Requests signed by botocore, read from tests/data/sigv4-botocore.txt.
 */
struct rec {
	char name[64], expect[64], service[64], key[64], secret[64];
	int64_t time;
	char method[16], path[256], query[256];
	struct req q;
};

static struct rec recs[32];
static size_t nrecs;

static int
hexval(int c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 87
				      : -1;
}

static void
load_recs(void)
{
	FILE *f = fopen(SIGV4_DATA, "r");
	char line[4096];
	struct rec *r = NULL;

	cr_assert_not_null(f, "cannot open %s", SIGV4_DATA);
	nrecs = 0;
	while (fgets(line, sizeof line, f)) {
		char *v = strchr(line, ' ');

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (strcmp(line, "end") == 0) {
			r->q.r.method = r->method;
			r->q.r.path = r->path;
			r->q.r.query = r->query;
			r = NULL;
			continue;
		}
		cr_assert_not_null(v, "bad line '%s'", line);
		*v++ = '\0';
		if (strcmp(line, "request") == 0) {
			cr_assert_lt(nrecs, NELEM(recs));
			r = &recs[nrecs++];
			memset(r, 0, sizeof *r);
			req_init(&r->q, NULL, NULL, NULL);
			snprintf(r->name, sizeof r->name, "%s", v);
			continue;
		}
		cr_assert_not_null(r, "'%s' outside a request", line);
		if (strcmp(line, "expect") == 0)
			snprintf(r->expect, sizeof r->expect, "%s", v);
		else if (strcmp(line, "service") == 0)
			snprintf(r->service, sizeof r->service, "%s", v);
		else if (strcmp(line, "key") == 0)
			snprintf(r->key, sizeof r->key, "%s", v);
		else if (strcmp(line, "secret") == 0)
			snprintf(r->secret, sizeof r->secret, "%s", v);
		else if (strcmp(line, "time") == 0)
			r->time = strtoll(v, NULL, 10);
		else if (strcmp(line, "method") == 0)
			snprintf(r->method, sizeof r->method, "%s", v);
		else if (strcmp(line, "path") == 0)
			snprintf(r->path, sizeof r->path, "%s", v);
		else if (strcmp(line, "query") == 0)
			snprintf(r->query, sizeof r->query, "%s", v);
		else if (strcmp(line, "header") == 0) {
			char *colon = strstr(v, ": ");

			cr_assert_not_null(colon);
			*colon = '\0';
			req_add(&r->q, v, colon + 2);
		} else if (strcmp(line, "body") == 0) {
			size_t n = strlen(v) / 2;

			cr_assert_leq(n, sizeof r->q.body);
			for (size_t i = 0; i < n; i++)
				r->q.body[i] =
					(unsigned char)(hexval(v[2 * i]) << 4
							| hexval(v[2 * i + 1]));
			r->q.r.body = r->q.body;
			r->q.r.body_len = n;
		} else {
			cr_assert_fail("unknown field '%s'", line);
		}
	}
	fclose(f);
	cr_assert_geq(nrecs, 10, "only %zu requests in %s", nrecs, SIGV4_DATA);
}

/* A deep copy of record r's request, safe to edit. */
static struct req *
rec_copy(const struct rec *r)
{
	static struct req q;

	memcpy(&q, &r->q, sizeof q);
	for (size_t i = 0; i < q.r.nheaders; i++) {
		q.h[i].name = q.store[i][0];
		q.h[i].value = q.store[i][1];
	}
	q.r.headers = q.h;
	if (q.r.body)
		q.r.body = q.body;
	return &q;
}

Test(sigv4, botocore_requests_verify)
{
	char msg[CASES_ERRMAX];
	int ok = 0;

	load_recs();
	for (size_t i = 0; i < nrecs; i++) {
		struct rec *r = &recs[i];
		int rc = check(&r->q, "support", r->secret, r->time, msg);

		cr_assert_str_eq(r->key, "CKIAQ2VJ7RTXW4M3LNBA");
		if (strcmp(r->expect, "ok") == 0) {
			cr_expect_eq(rc, SIGV4_OK, "%s: %s", r->name, msg);
			ok++;
		} else {
			cr_expect_str_eq(sigv4_error_name(rc), r->expect, "%s",
					 r->name);
		}
	}
	/* Both of botocore's signers, every operation. */
	cr_expect_geq(ok, 12);
}

Test(sigv4, botocore_service_is_checked)
{
	char msg[CASES_ERRMAX];

	load_recs();
	for (size_t i = 0; i < nrecs; i++) {
		struct rec *r = &recs[i];

		if (strcmp(r->name, "sigv4-other-service") != 0)
			continue;
		cr_assert_eq(check(&r->q, "support", r->secret, r->time, msg),
			     SIGV4_INVALID);
		cr_expect_str_eq(msg, "Credential should be scoped to correct "
				      "service: 'support'.");
		/* Verified as the service it was signed for, it passes. */
		cr_expect_eq(check(&r->q, "ec2", r->secret, r->time, msg),
			     SIGV4_OK, "%s", msg);
		return;
	}
	cr_assert_fail("no sigv4-other-service record");
}

/* Record r's request, changed into q, verifies with status want. */
static void
expect_changed(const struct rec *r, const struct req *q, int want, char *msg)
{
	int rc = check(q, "support", r->secret, r->time, msg);

	cr_expect_eq(rc, want, "%s: got %d (%s)", r->name, rc, msg);
}

/* Every ok record, changed after signing, is refused with the right
 * status; unsigned headers may change. */
Test(sigv4, botocore_requests_changed_after_signing)
{
	char msg[CASES_ERRMAX];

	load_recs();
	for (size_t i = 0; i < nrecs; i++) {
		struct rec *r = &recs[i];
		struct req *q;
		char *v;

		if (strcmp(r->expect, "ok") != 0)
			continue;

		/* Wrong secret. */
		char wrong[64];
		snprintf(wrong, sizeof wrong, "%s", r->secret);
		wrong[5] = wrong[5] == 'A' ? 'B' : 'A';
		cr_expect_eq(check(&r->q, "support", wrong, r->time, msg),
			     SIGV4_INVALID, "%s", r->name);
		cr_expect(strstr(msg, "Check your AWS Secret Access Key"),
			  "%s: %s", r->name, msg);

		/* Body changed (and an empty body made non-empty). */
		q = rec_copy(r);
		if (q->r.body_len > 0)
			q->body[q->r.body_len / 2] ^= 0x20;
		else
			req_body(q, "{}", 2);
		expect_changed(r, q, SIGV4_INVALID, msg);

		/* A signed header changed. */
		q = rec_copy(r);
		v = req_header(q, "X-Amz-Target");
		cr_assert_not_null(v, "%s", r->name);
		strcat(v, "x");
		expect_changed(r, q, SIGV4_INVALID, msg);

		/* A signed header removed. */
		q = rec_copy(r);
		req_remove(q, "X-Amz-Target");
		expect_changed(r, q, SIGV4_INVALID, msg);
		cr_expect_str_eq(msg, "Signed header 'x-amz-target' is not in "
				      "the request.");

		/* A signed header repeated: its values are joined. */
		q = rec_copy(r);
		req_add(q, "x-amz-target", "AWSSupport_20130415.ResolveCase");
		expect_changed(r, q, SIGV4_INVALID, msg);

		/* An unsigned header added or changed: still fine. */
		q = rec_copy(r);
		req_add(q, "X-Forwarded-For", "192.0.2.1");
		if ((v = req_header(q, "User-Agent")) != NULL)
			strcpy(v, "curl/7.88.1");
		expect_changed(r, q, SIGV4_OK, msg);

		/* The path and the method are signed. */
		q = rec_copy(r);
		q->r.path = "/x";
		expect_changed(r, q, SIGV4_INVALID, msg);
		q = rec_copy(r);
		q->r.method = strcmp(r->method, "PUT") ? "PUT" : "POST";
		expect_changed(r, q, SIGV4_INVALID, msg);

		/* A query string added. */
		q = rec_copy(r);
		q->r.query = "a=1";
		expect_changed(r, q, SIGV4_INVALID, msg);

		/* X-Amz-Date moved by one second, same day. */
		q = rec_copy(r);
		v = req_header(q, "X-Amz-Date");
		cr_assert_not_null(v);
		v[14] = v[14] == '0' ? '1' : '0';
		expect_changed(r, q, SIGV4_INVALID, msg);

		/* No Authorization at all. */
		q = rec_copy(r);
		req_remove(q, "Authorization");
		cr_expect_eq(check(q, "support", r->secret, r->time, msg),
			     SIGV4_MISSING, "%s", r->name);
		cr_expect_str_eq(msg, "Missing Authentication Token");
	}
}

Test(sigv4, date_within_fifteen_minutes_either_way)
{
	char msg[CASES_ERRMAX];
	struct rec *r;

	load_recs();
	r = &recs[0];
	cr_assert_str_eq(r->expect, "ok");
	cr_assert_eq(r->time, 1795683600); /* 2026-11-26T09:00:00Z */
	cr_expect_eq(check(&r->q, "support", r->secret, r->time + 900, msg),
		     SIGV4_OK, "%s", msg);
	cr_expect_eq(check(&r->q, "support", r->secret, r->time - 900, msg),
		     SIGV4_OK, "%s", msg);
	cr_expect_eq(check(&r->q, "support", r->secret, r->time + 901, msg),
		     SIGV4_EXPIRED);
	cr_expect_eq(check(&r->q, "support", r->secret, r->time - 901, msg),
		     SIGV4_EXPIRED);

	/* Sixteen minutes late and early, with AWS's messages. */
	cr_expect_eq(check(&r->q, "support", r->secret, r->time + 960, msg),
		     SIGV4_EXPIRED);
	cr_expect_str_eq(msg, "Signature expired: 20261126T090000Z is now "
			      "earlier than 20261126T090100Z "
			      "(20261126T091600Z - 15 min.)");
	cr_expect_eq(check(&r->q, "support", r->secret, r->time - 960, msg),
		     SIGV4_EXPIRED);
	cr_expect_str_eq(msg, "Signature not yet current: 20261126T090000Z is "
			      "still later than 20261126T085900Z "
			      "(20261126T084400Z + 15 min.)");
	cr_expect_str_eq(sigv4_error_name(SIGV4_EXPIRED),
			 "InvalidSignatureException");

	/* A clock far outside the years of X-Amz-Date does not overflow. */
	cr_expect_eq(check(&r->q, "support", r->secret, INT64_MAX, msg),
		     SIGV4_EXPIRED);
	cr_expect_eq(check(&r->q, "support", r->secret, INT64_MIN, msg),
		     SIGV4_EXPIRED);
}

/* Replace the first occurrence of from in s (size n) by to. */
static void
replace(char *s, size_t n, const char *from, const char *to)
{
	char *p = strstr(s, from), tail[VMAX];

	cr_assert_not_null(p, "no '%s' in '%s'", from, s);
	snprintf(tail, sizeof tail, "%s", p + strlen(from));
	snprintf(p, n - (size_t)(p - s), "%s%s", to, tail);
}

Test(sigv4, scope_date_must_be_x_amz_date)
{
	char msg[CASES_ERRMAX];
	struct req *q;

	load_recs();
	q = rec_copy(&recs[0]);
	replace(req_header(q, "Authorization"), VMAX, "/20261126/",
		"/20261125/");
	cr_expect_eq(check(q, "support", recs[0].secret, recs[0].time, msg),
		     SIGV4_INVALID);
	cr_expect_str_eq(msg, "Date in Credential scope does not match "
			      "YYYYMMDD from ISO-8601 version of date from "
			      "HTTP: '20261125' != '20261126', from "
			      "'20261126T090000Z'.");
}

/* Malformed Authorization values: each refused with the status given,
 * never a crash. */
Test(sigv4, malformed_authorization)
{
#define C  "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"
#define SH "SignedHeaders=host;x-amz-date"
#define S                                                                      \
	"Signature="                                                           \
	"5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
	static const struct {
		const char *value;
		int want;
		const char *msg; /* a part of the message, or NULL */
	} cases[] = {
		{ "AWS4-HMAC-SHA256 " C ", " SH ", " S, SIGV4_OK, NULL },
		{ "AWS4-HMAC-SHA256 " S "," C "," SH, SIGV4_OK, NULL },
		{ "  AWS4-HMAC-SHA256\t" C " ,\t" SH " , " S "  ", SIGV4_OK,
		  NULL },
		{ "", SIGV4_INCOMPLETE, "'AWS4-HMAC-SHA256' algorithm" },
		{ "AWS4-HMAC-SHA256", SIGV4_INCOMPLETE, "algorithm" },
		{ "AWS4-HMAC-SHA256 ", SIGV4_INCOMPLETE, "parameters" },
		{ "AWS4-HMAC-SHA512 " C ", " SH ", " S, SIGV4_INCOMPLETE,
		  "algorithm" },
		{ "aws4-hmac-sha256 " C ", " SH ", " S, SIGV4_INCOMPLETE,
		  "algorithm" },
		{ "Bearer abc", SIGV4_INCOMPLETE, "algorithm" },
		{ "AWS4-HMAC-SHA256 " C ", " SH, SIGV4_INCOMPLETE,
		  "Authorization header requires 'Signature' parameter." },
		{ "AWS4-HMAC-SHA256 " S, SIGV4_INCOMPLETE,
		  "Authorization header requires 'Credential' parameter. "
		  "Authorization header requires 'SignedHeaders' parameter." },
		{ "AWS4-HMAC-SHA256 " C ", " C ", " SH ", " S, SIGV4_INCOMPLETE,
		  "'Credential' more than once" },
		{ "AWS4-HMAC-SHA256 " C ", " SH ", " S ", Foo=bar",
		  SIGV4_INCOMPLETE, "parameters must be" },
		{ "AWS4-HMAC-SHA256 " C " " SH ", " S, SIGV4_INCOMPLETE,
		  "separated by ','" },
		{ "AWS4-HMAC-SHA256 " C ", " SH ", " S ",", SIGV4_INCOMPLETE,
		  "parameters must be" },
		{ "AWS4-HMAC-SHA256 Credential, " SH ", " S, SIGV4_INCOMPLETE,
		  "parameters must be" },
		{ "AWS4-HMAC-SHA256 credential=AKIDEXAMPLE/20150830/us-east-1/"
		  "service/aws4_request, " SH ", " S,
		  SIGV4_INCOMPLETE, "parameters must be" },
		/* Credential */
		{ "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
		  "service, " SH ", " S,
		  SIGV4_INCOMPLETE,
		  "KEY/YYYYMMDD/REGION/SERVICE/aws4_request" },
		{ "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
		  "service/aws4_request/x, " SH ", " S,
		  SIGV4_INCOMPLETE, "KEY/YYYYMMDD" },
		{ "AWS4-HMAC-SHA256 Credential=/20150830/us-east-1/service/"
		  "aws4_request, " SH ", " S,
		  SIGV4_INCOMPLETE, "access key id" },
		{ "AWS4-HMAC-SHA256 Credential=AKID-EX/20150830/us-east-1/"
		  "service/aws4_request, " SH ", " S,
		  SIGV4_INCOMPLETE, "access key id" },
		{ "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2015083/us-east-1/"
		  "service/aws4_request, " SH ", " S,
		  SIGV4_INCOMPLETE, "YYYYMMDD" },
		{ "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150230/us-east-1/"
		  "service/aws4_request, " SH ", " S,
		  SIGV4_INCOMPLETE, "YYYYMMDD" },
		{ "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830//service/"
		  "aws4_request, " SH ", " S,
		  SIGV4_INCOMPLETE, "region" },
		{ "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/US-EAST-1/"
		  "service/aws4_request, " SH ", " S,
		  SIGV4_INCOMPLETE, "region" },
		{ "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
		  "serv%ce/aws4_request, " SH ", " S,
		  SIGV4_INCOMPLETE, "service" },
		{ "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
		  "service/aws4_reques, " SH ", " S,
		  SIGV4_INVALID,
		  "Credential should be scoped with a valid terminator: "
		  "'aws4_request', not 'aws4_reques'." },
		{ "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
		  "service/aws4_request', " SH ", " S,
		  SIGV4_INVALID, "valid terminator: 'aws4_request'" },
		/* SignedHeaders */
		{ "AWS4-HMAC-SHA256 " C ", SignedHeaders=x-amz-date;host, " S,
		  SIGV4_INCOMPLETE, "sorted" },
		{ "AWS4-HMAC-SHA256 " C
		  ", SignedHeaders=host;host;x-amz-date, " S,
		  SIGV4_INCOMPLETE, "sorted" },
		{ "AWS4-HMAC-SHA256 " C ", SignedHeaders=Host;x-amz-date, " S,
		  SIGV4_INCOMPLETE, "lowercase" },
		{ "AWS4-HMAC-SHA256 " C ", SignedHeaders=host;;x-amz-date, " S,
		  SIGV4_INCOMPLETE, "separated by ';'" },
		{ "AWS4-HMAC-SHA256 " C ", SignedHeaders=, " S,
		  SIGV4_INCOMPLETE, "SignedHeaders" },
		{ "AWS4-HMAC-SHA256 " C ", SignedHeaders=host;x(y), " S,
		  SIGV4_INCOMPLETE, "lowercase" },
		/* Signature */
		{ "AWS4-HMAC-SHA256 " C ", " SH ", "
		  "Signature="
		  "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8"
		  "aae1d763fbf3",
		  SIGV4_INCOMPLETE, "64 lowercase" },
		{ "AWS4-HMAC-SHA256 " C ", " SH ", "
		  "Signature="
		  "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8"
		  "aae1d763fbf311",
		  SIGV4_INCOMPLETE, "64 lowercase" },
		{ "AWS4-HMAC-SHA256 " C ", " SH ", "
		  "Signature="
		  "5FA00FA31553B73EBF1942676E86291E8372FF2A2260956D9B8"
		  "AAE1D763FBF31",
		  SIGV4_INCOMPLETE, "64 lowercase" },
		{ "AWS4-HMAC-SHA256 " C ", " SH ", "
		  "Signature="
		  "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8"
		  "aae1d763fbf3g",
		  SIGV4_INCOMPLETE, "64 lowercase" },
		{ "AWS4-HMAC-SHA256 " C ", " SH ", Signature=",
		  SIGV4_INCOMPLETE, "64 lowercase" },
		/* Control characters and bytes beyond ASCII. */
		{ "AWS4-HMAC-SHA256 "
		  "Credential=AKID\x01XAMPLE/20150830/us-east-1/"
		  "service/aws4_request, " SH ", " S,
		  SIGV4_INCOMPLETE, "access key id" },
		{ "AWS4-HMAC-SHA256 " C
		  ", SignedHeaders=host;x-amz-d\xc3\xa9te, " S,
		  SIGV4_INCOMPLETE, "lowercase" },
	};
	struct sigv4_auth a;
	char msg[CASES_ERRMAX];

	for (size_t i = 0; i < NELEM(cases); i++) {
		int rc = sigv4_parse_authorization(cases[i].value, &a, msg);

		cr_expect_eq(rc, cases[i].want, "case %zu '%s': got %d (%s)", i,
			     cases[i].value, rc, msg);
		if (cases[i].msg)
			cr_expect(strstr(msg, cases[i].msg) != NULL,
				  "case %zu: '%s' lacks '%s'", i, msg,
				  cases[i].msg);
		if (rc == SIGV4_OK) {
			cr_expect_str_eq(a.key_id, "AKIDEXAMPLE");
			cr_expect_str_eq(a.date, "20150830");
			cr_expect_str_eq(a.region, "us-east-1");
			cr_expect_str_eq(a.service, "service");
			cr_expect_eq(a.nsigned, 2);
			cr_expect_str_eq(a.signed_names[1], "x-amz-date");
			cr_expect_eq(a.signature[0], 0x5f);
			cr_expect_eq(a.signature[31], 0x31);
		} else {
			cr_expect_neq(msg[0], '\0', "case %zu", i);
			cr_expect(strchr(msg, '\n') == NULL, "case %zu", i);
		}
	}
	cr_expect_eq(sigv4_parse_authorization(NULL, &a, msg), SIGV4_MISSING);
#undef C
#undef SH
#undef S
}

/* The limits: 4096 bytes of header, 128 of key id, 64 signed names. */
Test(sigv4, authorization_bounds)
{
	static char v[SIGV4_AUTH_MAX + 64], names[SIGV4_SIGNED_MAX * 8 + 64];
	char key[SIGV4_KEYID_MAX + 2], msg[CASES_ERRMAX];
	struct sigv4_auth a;
	const char *tail = ", SignedHeaders=host;x-amz-date, Signature=5fa00fa3"
			   "1553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d76"
			   "3fbf31";
	int n;

	/* Exactly 4096 bytes (padded with spaces) parses; 4097 does not. */
	n = snprintf(v, sizeof v,
		     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"
		     "us-east-1/service/aws4_request");
	memset(v + n, ' ', SIGV4_AUTH_MAX - (size_t)n - strlen(tail));
	strcpy(v + SIGV4_AUTH_MAX - strlen(tail), tail);
	cr_assert_eq(strlen(v), SIGV4_AUTH_MAX);
	cr_expect_eq(sigv4_parse_authorization(v, &a, msg), SIGV4_OK, "%s",
		     msg);
	memmove(v + 1, v, strlen(v) + 1);
	v[0] = ' ';
	cr_expect_eq(sigv4_parse_authorization(v, &a, msg), SIGV4_INCOMPLETE);
	cr_expect(strstr(msg, "longer than 4096 bytes"), "%s", msg);

	/* A very long value is refused without reading it all. */
	{
		size_t big = 1 << 20;
		char *huge = malloc(big + 1);

		cr_assert_not_null(huge);
		memset(huge, 'A', big);
		huge[big] = '\0';
		cr_expect_eq(sigv4_parse_authorization(huge, &a, msg),
			     SIGV4_INCOMPLETE);
		free(huge);
	}

	/* Key ids of 128 and 129 characters. */
	memset(key, 'K', SIGV4_KEYID_MAX);
	key[SIGV4_KEYID_MAX] = '\0';
	snprintf(v, sizeof v,
		 "AWS4-HMAC-SHA256 Credential=%s/20150830/us-east-1/service/"
		 "aws4_request%s",
		 key, tail);
	cr_expect_eq(sigv4_parse_authorization(v, &a, msg), SIGV4_OK, "%s",
		     msg);
	cr_expect_eq(strlen(a.key_id), SIGV4_KEYID_MAX);
	strcat(key, "K");
	snprintf(v, sizeof v,
		 "AWS4-HMAC-SHA256 Credential=%s/20150830/us-east-1/service/"
		 "aws4_request%s",
		 key, tail);
	cr_expect_eq(sigv4_parse_authorization(v, &a, msg), SIGV4_INCOMPLETE);

	/* 64 signed names, then 65. */
	names[0] = '\0';
	for (int i = 0; i < SIGV4_SIGNED_MAX; i++)
		sprintf(names + strlen(names), "%sh%03d", i ? ";" : "", i);
	snprintf(v, sizeof v,
		 "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
		 "service/aws4_request, SignedHeaders=%s, Signature=5fa00fa315"
		 "53b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
		 names);
	cr_expect_eq(sigv4_parse_authorization(v, &a, msg), SIGV4_OK, "%s",
		     msg);
	cr_expect_eq(a.nsigned, SIGV4_SIGNED_MAX);
	strcat(names, ";h999");
	snprintf(v, sizeof v,
		 "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
		 "service/aws4_request, SignedHeaders=%s, Signature=5fa00fa315"
		 "53b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
		 names);
	cr_expect_eq(sigv4_parse_authorization(v, &a, msg), SIGV4_INCOMPLETE);
	cr_expect(strstr(msg, "more than 64"), "%s", msg);
}

/* The headers around the Authorization: X-Amz-Date's form, duplicates,
 * what must be signed. */
Test(sigv4, request_headers)
{
	static const struct {
		const char *date;
		int want;
	} dates[] = {
		{ "20150830T123600Z", SIGV4_OK },
		{ " 20150830T123600Z ", SIGV4_OK },
		{ "20150830T123660Z", SIGV4_INCOMPLETE },
		{ "20150830T243600Z", SIGV4_INCOMPLETE },
		{ "20150230T123600Z", SIGV4_INCOMPLETE },
		{ "20150830T123600", SIGV4_INCOMPLETE },
		{ "20150830 123600Z", SIGV4_INCOMPLETE },
		{ "2015-08-30T12:36:00Z", SIGV4_INCOMPLETE },
		{ "Sun, 30 Aug 2015 12:36:00 GMT", SIGV4_INCOMPLETE },
		{ "20150830T123600Z0", SIGV4_INCOMPLETE },
		{ "", SIGV4_INCOMPLETE },
	};
	static struct req q;
	const struct vector *v = &suite[0];
	char msg[CASES_ERRMAX];
	struct sigv4_auth a;

	for (size_t i = 0; i < NELEM(dates); i++) {
		suite_request(&q, v, v->signature);
		strcpy(req_header(&q, "x-amz-date"), dates[i].date);
		cr_expect_eq(sigv4_parse(&q.r, "service", &a, msg),
			     dates[i].want, "'%s': %s", dates[i].date, msg);
	}

	/* Header names in any case. */
	suite_request(&q, v, v->signature);
	strcpy(q.store[1][0], "x-AMZ-date");
	strcpy(q.store[2][0], "AUTHORIZATION");
	cr_expect_eq(check(&q, "service", SUITE_SECRET, SUITE_NOW, msg),
		     SIGV4_OK, "%s", msg);

	/* No X-Amz-Date. */
	suite_request(&q, v, v->signature);
	req_remove(&q, "X-Amz-Date");
	cr_expect_eq(sigv4_parse(&q.r, "service", &a, msg), SIGV4_INCOMPLETE);
	cr_expect(strstr(msg, "'X-Amz-Date'"), "%s", msg);

	/* Two of them, or two Authorization headers. */
	suite_request(&q, v, v->signature);
	req_add(&q, "x-amz-date", "20150830T123600Z");
	cr_expect_eq(sigv4_parse(&q.r, "service", &a, msg), SIGV4_INCOMPLETE);
	suite_request(&q, v, v->signature);
	req_add(&q, "authorization", req_header(&q, "Authorization"));
	cr_expect_eq(sigv4_parse(&q.r, "service", &a, msg), SIGV4_INCOMPLETE);
	cr_expect(strstr(msg, "more than one Authorization"), "%s", msg);

	/* Host and X-Amz-Date must be signed. */
	suite_request(&q, v, v->signature);
	strcpy(req_header(&q, "Authorization"),
	       "AWS4-HMAC-SHA256 Credential=" SUITE_CRED
	       ", SignedHeaders=x-amz-date, Signature=5fa00fa31553b73ebf1942"
	       "676e86291e8372ff2a2260956d9b8aae1d763fbf31");
	cr_expect_eq(sigv4_parse(&q.r, "service", &a, msg), SIGV4_INCOMPLETE);
	cr_expect_str_eq(msg, "'Host' must be a 'SignedHeader' in the AWS "
			      "Authorization.");
	strcpy(req_header(&q, "Authorization"),
	       "AWS4-HMAC-SHA256 Credential=" SUITE_CRED
	       ", SignedHeaders=host, Signature=5fa00fa31553b73ebf1942"
	       "676e86291e8372ff2a2260956d9b8aae1d763fbf31");
	cr_expect_eq(sigv4_parse(&q.r, "service", &a, msg), SIGV4_INCOMPLETE);
	cr_expect(strstr(msg, "'X-Amz-Date' must be a 'SignedHeader'"), "%s",
		  msg);

	/* A payload hash header that is not the body's. */
	suite_request(&q, &suite[NELEM(suite) - 1],
		      suite[NELEM(suite) - 1].signature);
	req_body(&q, "Param1=value2", 13);
	cr_expect_eq(check(&q, "service", SUITE_SECRET, SUITE_NOW, msg),
		     SIGV4_INVALID);
	cr_expect_str_eq(msg, "The provided 'x-amz-content-sha256' header "
			      "does not match what was computed.");
	suite_request(&q, &suite[0], suite[0].signature);
	req_add(&q, "X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD");
	cr_expect_eq(check(&q, "service", SUITE_SECRET, SUITE_NOW, msg),
		     SIGV4_INVALID);
}

Test(sigv4, new_keys_are_aws_shaped_random_and_sign)
{
	char id[SIGV4_KEYID_LEN + 1], secret[SIGV4_SECRET_LEN + 1];
	char id2[SIGV4_KEYID_LEN + 1], secret2[SIGV4_SECRET_LEN + 1];
	char err[CASES_ERRMAX], msg[CASES_ERRMAX], sig[SIGV4_HEX_LEN + 1];
	char auth[512];
	static struct req q;
	struct sigv4_auth a;

	cr_assert_eq(sigv4_key_new(id, secret, err), CASES_OK, "%s", err);
	cr_assert_eq(sigv4_key_new(id2, secret2, err), CASES_OK, "%s", err);
	cr_expect_eq(strlen(id), 20);
	cr_expect_eq(strncmp(id, "CKIA", 4), 0, "%s", id);
	cr_expect_eq(strspn(id + 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 16,
		     "%s", id);
	cr_expect_eq(strlen(secret), 40);
	cr_expect_eq(strspn(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
				    "nopqrstuvwxyz0123456789+/"),
		     40, "%s", secret);
	cr_expect_str_neq(id, id2);
	cr_expect_str_neq(secret, secret2);

	/* A request signed with the new key verifies with it, not with
	 * the other. */
	req_init(&q, "POST", "/", "");
	req_add(&q, "Host", "127.0.0.1:8080");
	req_add(&q, "X-Amz-Date", "20261126T090000Z");
	req_add(&q, "X-Amz-Target", "AWSSupport_20130415.DescribeCases");
	req_body(&q, "{}", 2);
	snprintf(auth, sizeof auth,
		 "AWS4-HMAC-SHA256 Credential=%s/20261126/eu-west-1/support/"
		 "aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, "
		 "Signature=%064d",
		 id, 0);
	req_add(&q, "Authorization", auth);
	cr_assert_eq(sigv4_parse(&q.r, "support", &a, msg), SIGV4_OK, "%s",
		     msg);
	cr_assert_str_eq(a.key_id, id);
	cr_assert_eq(sigv4_signature(&q.r, &a, secret, sig, msg), SIGV4_OK);
	replace(req_header(&q, "Authorization"), VMAX,
		"00000000000000000000000000000000000000000000000000000000000000"
		"00",
		sig);
	cr_expect_eq(check(&q, "support", secret, 1795683600, msg), SIGV4_OK,
		     "%s", msg);
	cr_expect_eq(check(&q, "support", secret2, 1795683600, msg),
		     SIGV4_INVALID);
}

/* The signature of q under a and secret, computed here from the
 * canonical request with libcrypto's one-shot calls: the whole key chain
 * every time, nothing cached. */
static void
signature_by_hand(const struct req *q, const struct sigv4_auth *a,
		  const char *secret, char hex[SIGV4_HEX_LEN + 1])
{
	char msg[CASES_ERRMAX], *creq, sts[400], chex[65], key[200];
	unsigned char h[32], k1[32], k2[32], sig[32];
	unsigned int len;
	int n;

	cr_assert_eq(sigv4_canonical_request(&q->r, a, &creq, msg), SIGV4_OK,
		     "%s", msg);
	cr_assert_eq(
		EVP_Digest(creq, strlen(creq), h, &len, EVP_sha256(), NULL), 1);
	free(creq);
	for (int i = 0; i < 32; i++)
		sprintf(chex + 2 * i, "%02x", h[i]);
	n = snprintf(sts, sizeof sts,
		     "AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s",
		     a->amz_date, a->date, a->region, a->service, chex);
	snprintf(key, sizeof key, "AWS4%s", secret);
	cr_assert(HMAC(EVP_sha256(), key, (int)strlen(key),
		       (const unsigned char *)a->date, strlen(a->date), k1,
		       &len));
	cr_assert(HMAC(EVP_sha256(), k1, 32, (const unsigned char *)a->region,
		       strlen(a->region), k2, &len));
	cr_assert(HMAC(EVP_sha256(), k2, 32, (const unsigned char *)a->service,
		       strlen(a->service), k1, &len));
	cr_assert(HMAC(EVP_sha256(), k1, 32,
		       (const unsigned char *)"aws4_request", 12, k2, &len));
	cr_assert(HMAC(EVP_sha256(), k2, 32, (const unsigned char *)sts,
		       (size_t)n, sig, &len));
	for (int i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", sig[i]);
}

/*
 * The signing key is cached per thread (key id, secret, date, region,
 * service): whatever was derived before, every signature is the one the
 * whole chain gives, a changed secret, date or region signs differently,
 * and a signature made with one secret never verifies with another under
 * the same key id and scope. More scopes than the cache holds, twice over,
 * so that entries are both reused and evicted.
 */
Test(sigv4, signing_key_cache_follows_secret_date_and_region)
{
	static const char *const ids[] = { "CKIAAAAAAAAAAAAAAAAA",
					   "CKIABBBBBBBBBBBBBBBB" };
	static const char *const secrets[] = {
		"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
		"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ",
	};
	static const char *const dates[] = { "20261126", "20261127" };
	static const char *const regions[] = { "us-east-1", "eu-west-1",
					       "ap-south-1" };
	static struct req q;
	char msg[CASES_ERRMAX], auth[512], amz[17], sig[SIGV4_HEX_LEN + 1];
	char want[SIGV4_HEX_LEN + 1], seen[24][SIGV4_HEX_LEN + 1];
	struct sigv4_auth a;

	for (int pass = 0; pass < 2; pass++) {
		int k = 0;
		for (size_t d = 0; d < NELEM(dates); d++)
			for (size_t r = 0; r < NELEM(regions); r++)
				for (size_t i = 0; i < NELEM(ids); i++)
					for (size_t s = 0; s < NELEM(secrets);
					     s++, k++) {
						int64_t now =
							1795683600
							+ 86400 * (int64_t)d;
						snprintf(amz, sizeof amz,
							 "%sT090000Z",
							 dates[d]);
						req_init(&q, "POST", "/", "");
						req_add(&q, "Host",
							"127.0.0.1:8080");
						req_add(&q, "X-Amz-Date", amz);
						req_body(&q, "{}", 2);
						snprintf(
							auth, sizeof auth,
							"AWS4-HMAC-SHA256 "
							"Credential=%s/%s/%s/"
							"support/aws4_request, "
							"SignedHeaders=host;x-"
							"amz-date, Signature="
							"%064d",
							ids[i], dates[d],
							regions[r], 0);
						req_add(&q, "Authorization",
							auth);
						cr_assert_eq(
							sigv4_parse(&q.r,
								    "support",
								    &a, msg),
							SIGV4_OK, "%s", msg);
						cr_assert_eq(sigv4_signature(
								     &q.r, &a,
								     secrets[s],
								     sig, msg),
							     SIGV4_OK);
						signature_by_hand(&q, &a,
								  secrets[s],
								  want);
						cr_assert_str_eq(
							sig, want,
							"%s %s %s %s", ids[i],
							secrets[s], dates[d],
							regions[r]);
						if (pass == 0)
							strcpy(seen[k], sig);
						else
							cr_assert_str_eq(
								sig, seen[k]);
						/* The key id is not signed: the same
						 * secret and scope sign alike. */
						for (int j = 0; j < k; j++)
							if ((size_t)(j / 2) % 2
							    == i)
								cr_assert_str_neq(
									seen[j],
									sig);
						replace(req_header(&q,
								   "Authorizati"
								   "on"),
							VMAX,
							"0000000000000000000000"
							"0000000000000000000000"
							"00000000000000000000",
							sig);
						cr_assert_eq(
							check(&q, "support",
							      secrets[s], now,
							      msg),
							SIGV4_OK, "%s", msg);
						cr_assert_eq(
							check(&q, "support",
							      secrets[1 - s],
							      now, msg),
							SIGV4_INVALID);
					}
	}
}

Test(sigv4, error_names_and_http_status)
{
	char msg[CASES_ERRMAX];

	cr_expect_str_eq(sigv4_error_name(SIGV4_MISSING),
			 "MissingAuthenticationTokenException");
	cr_expect_str_eq(sigv4_error_name(SIGV4_INCOMPLETE),
			 "IncompleteSignatureException");
	cr_expect_str_eq(sigv4_error_name(SIGV4_UNKNOWN_KEY),
			 "UnrecognizedClientException");
	cr_expect_str_eq(sigv4_error_name(SIGV4_INVALID),
			 "InvalidSignatureException");
	cr_expect_str_eq(sigv4_error_name(SIGV4_INTERNAL),
			 "InternalServerError");
	cr_expect_eq(sigv4_http_status(SIGV4_OK), 200);
	cr_expect_eq(sigv4_http_status(SIGV4_MISSING), 403);
	cr_expect_eq(sigv4_http_status(SIGV4_INCOMPLETE), 400);
	cr_expect_eq(sigv4_http_status(SIGV4_UNKNOWN_KEY), 403);
	cr_expect_eq(sigv4_http_status(SIGV4_INVALID), 403);
	cr_expect_eq(sigv4_http_status(SIGV4_EXPIRED), 403);
	cr_expect_eq(sigv4_http_status(SIGV4_INTERNAL), 500);
	cr_expect_eq(sigv4_unknown_key(msg), SIGV4_UNKNOWN_KEY);
	cr_expect_str_eq(msg, "The security token included in the request is "
			      "invalid.");
}
