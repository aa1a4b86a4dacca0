/*
 * fuzz_api.c - libFuzzer harness for the request handling of `cases
 * serve` (src/serve/api.c): the JSON body of every operation, behind a
 * valid signature, and the Authorization header, with anything behind.
 *
 * Input: byte 0 picks the operation (X-Amz-Target), byte 1 the mode, the
 * rest is the body. Mode even: the request is signed by a key of the
 * database (a customer of the enterprise plan, or with bit 1 of the mode
 * a staff member), so the body reaches the operation. Mode odd: the rest
 * up to its first newline is the Authorization header, after it the body.
 * Bit 2 of the mode sends it to another path than POST / (GET /, POST
 * /x), which alone is answered 404. Beyond no crash, leak or undefined
 * behaviour: every answer has a status in 200, 400, 403, 500 and a JSON
 * object for a body, an error's naming its __type, 404 exactly when the
 * path is not POST /; a signed request is never answered 403.
 *
 *   fuzz/run 60 api
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "api.h"
#include "cases/catalog.h"
#include "cases/error.h"
#include "cases/keys.h"
#include "cases/sigv4.h"
#include "cases/store.h"
#include "httpd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW 1795000000 /* 2026-11-18T11:06:40Z, the clock of every request */

static const char *const targets[] = {
	"AWSSupport_20130415.CreateCase",
	"AWSSupport_20130415.DescribeCases",
	"AWSSupport_20130415.DescribeCommunications",
	"AWSSupport_20130415.AddCommunicationToCase",
	"AWSSupport_20130415.ResolveCase",
	"AWSSupport_20130415.DescribeSeverityLevels",
	"AWSSupport_20130415.DescribeServices",
	"AWSSupport_20130415.Nothing",
};

static struct httpd_config hc;
static struct api *api;
static void *tctx;
static struct key_rec cust, staff;

static int64_t
fixed_now(void)
{
	return NOW;
}

static void
die(const char *what, const char *err)
{
	fprintf(stderr, "fuzz_api: %s: %s\n", what, err);
	abort();
}

static char path[4096];

/* The database goes with the process (when it exits by exit(): with
 * -max_total_time libFuzzer does not, and fuzz/run points TMPDIR into
 * its work folder). */
static void
cleanup(void)
{
	char side[4096 + 8];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static void
setup(void)
{
	struct api_config ac = { .now = fixed_now };
	struct store *st;
	char err[CASES_ERRMAX];
	const char *dir = getenv("TMPDIR");

	snprintf(path, sizeof(path), "%s/cases-fuzz-api-%ld.db",
		 dir && dir[0] ? dir : "/tmp", (long)getpid());
	unlink(path);
	atexit(cleanup);
	if (store_open(path, &st, err) || store_begin(st, 1, err)
	    || catalog_account_add(st, "acme", "enterprise", NULL, NULL, 0, err)
	    || keys_add(st, "acme", NULL, 0, &cust, err)
	    || keys_add(st, NULL, "Ana", 0, &staff, err)
	    || store_commit(st, err))
		die("setup", err);
	store_close(st);
	ac.db_path = path;
	if (api_new(&ac, &api, err))
		die("api_new", err);
	api_httpd_config(api, &hc);
	tctx = hc.thread_init(api);
	if (!tctx)
		die("thread_init", "no context");
}

/* Sign req (whose headers h[0..n) start with host, x-amz-date and
 * x-amz-target; Authorization goes in h[n]) with key k. */
static void
sign(struct httpd_request *req, struct httpd_header *h, size_t n,
     const struct key_rec *k, char *auth, size_t auth_len)
{
	struct sigv4_header sh[8];
	struct sigv4_request sr = { req->method, req->path, req->query,	  sh,
				    n,		 req->body, req->body_len };
	struct sigv4_auth a = { 0 };
	char hex[SIGV4_HEX_LEN + 1], msg[CASES_ERRMAX];

	for (size_t i = 0; i < n; i++) {
		sh[i].name = h[i].name;
		sh[i].value = h[i].value;
	}
	snprintf(a.key_id, sizeof(a.key_id), "%s", k->id);
	memcpy(a.date, "20261118", 9);
	snprintf(a.region, sizeof(a.region), "us-east-1");
	snprintf(a.service, sizeof(a.service), "support");
	a.nsigned = 3;
	snprintf(a.signed_names[0], sizeof(a.signed_names[0]), "host");
	snprintf(a.signed_names[1], sizeof(a.signed_names[1]), "x-amz-date");
	snprintf(a.signed_names[2], sizeof(a.signed_names[2]), "x-amz-target");
	snprintf(a.amz_date, sizeof(a.amz_date), "%s", h[1].value);
	if (sigv4_signature(&sr, &a, k->secret, hex, msg) != SIGV4_OK)
		die("sign", msg);
	snprintf(auth, auth_len,
		 "AWS4-HMAC-SHA256 Credential=%s/20261118/us-east-1/support/"
		 "aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, "
		 "Signature=%s",
		 k->id, hex);
	h[n].name = "Authorization";
	h[n].value = auth;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct httpd_header h[5] = {
		{ "Host", "127.0.0.1" },
		{ "X-Amz-Date", "20261118T110640Z" }, /* NOW */
		{ "X-Amz-Target", NULL },
		{ "Content-Type", "application/x-amz-json-1.1" },
	};
	struct httpd_request req = { .method = "POST",
				     .path = "/",
				     .query = "",
				     .headers = h,
				     .peer = "127.0.0.1" };
	struct httpd_response resp = { .status = 200 };
	char auth[SIGV4_AUTH_MAX + 1];
	char *copy;
	const char *body;
	size_t body_len;
	json_t *j;

	if (!api)
		setup();
	if (size < 2)
		return 0;
	h[2].value = targets[data[0] % (sizeof(targets) / sizeof(*targets))];
	copy = malloc(size - 2 + 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 2, size - 2);
	copy[size - 2] = '\0';
	body = copy;
	body_len = size - 2;
	if (data[1] & 1) {
		char *nl = memchr(copy, '\n', body_len);
		size_t alen = nl ? (size_t)(nl - copy) : body_len;
		if (alen > SIGV4_AUTH_MAX)
			alen = SIGV4_AUTH_MAX;
		memcpy(auth, copy, alen);
		auth[alen] = '\0';
		h[4].name = "Authorization";
		h[4].value = auth;
		body = nl ? nl + 1 : copy + body_len;
		body_len -= (size_t)(body - copy);
	}
	if (data[1] & 4) {
		/* Not the API's one path: 404 before anything is read. */
		if (data[1] & 8)
			req.method = "GET";
		else
			req.path = "/x";
	}
	req.body = body;
	req.body_len = body_len;
	req.thread_ctx = tctx;
	req.arg = api;
	if (!(data[1] & 1))
		sign(&req, h, 4, data[1] & 2 ? &staff : &cust, auth,
		     sizeof(auth));
	req.nheaders = 5;
	if (hc.handler(&req, &resp) != CASES_OK)
		resp.status = 500;
	/* 404 is the answer to another path, and only to it (handle()
	 * answers POST / alone, before it reads anything else). */
	if ((resp.status == 404) != !!(data[1] & 4))
		abort();
	if (resp.status != 200 && resp.status != 400 && resp.status != 403
	    && resp.status != 500 && resp.status != 404)
		abort();
	/* A request signed with a key of the database is never refused as
	 * unauthenticated, whatever its body. */
	if (!(data[1] & 1) && resp.status == 403)
		abort();
	if (resp.body) {
		j = json_loadb(resp.body, resp.body_len, 0, NULL);
		if (!j || !json_is_object(j))
			abort();
		if (resp.status != 200
		    && !json_is_string(json_object_get(j, "__type")))
			abort();
		json_decref(j);
	} else if (!resp.static_body) {
		abort();
	}
	free(resp.body);
	free(copy);
	return 0;
}
