/*
 * httpd_echo.c - a test server on src/serve/httpd.c, built only for the
 * tests (tests/httpd_test.py drives it).
 *
 * It is also the floor of the HTTP layer that the Support API's benchmark
 * compares against: libmicrohttpd answering GET / with a fixed 1 KB body
 * through the same httpd layer, with no SigV4, JSON or SQLite behind it.
 *
 * usage: httpd_echo [--listen ADDR:PORT] [--threads N] [--max-connections N]
 *                   [--idle-timeout S] [--grace S] [--tls-cert F --tls-key F]
 *
 * Listens on --listen (default 127.0.0.1:0, a free port), prints
 * "port N" on stdout once it does, serves until SIGTERM or SIGINT, then
 * stops gracefully and exits 0. Requests:
 *   GET /              a fixed 1024-byte text/plain body
 *   POST /             the SHA-256 of the body, in hex, and a newline
 *   GET /slow?ms=N     the same after sleeping N ms (at most 10000)
 *   GET /ctx           "ctx N": the number of this worker's context
 *   anything else      404
 * The log fields come from the request: key id from X-Test-Key, account
 * from X-Test-Account; the operation is the route's name. Worker contexts
 * are announced on stderr ("echo: thread-init N", "echo: thread-fini N").
 * Exit status 2 for a bad option, 1 if the server cannot start.
 */
#include <openssl/evp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cases/error.h"
#include "httpd.h"

static char fixed[1024];
static atomic_int contexts;

static void *
ctx_init(void *arg)
{
	int *n = malloc(sizeof *n);

	(void)arg;
	if (!n)
		return NULL;
	*n = atomic_fetch_add(&contexts, 1) + 1;
	fprintf(stderr, "echo: thread-init %d\n", *n);
	return n;
}

static void
ctx_fini(void *arg, void *ctx)
{
	(void)arg;
	fprintf(stderr, "echo: thread-fini %d\n", *(int *)ctx);
	free(ctx);
}

static const char *
header(const struct httpd_request *req, const char *name)
{
	for (size_t i = 0; i < req->nheaders; i++) {
		if (strcasecmp(req->headers[i].name, name) == 0)
			return req->headers[i].value;
	}
	return NULL;
}

static int
handle(const struct httpd_request *req, struct httpd_response *resp)
{
	const char *v;
	char out[80];

	if ((v = header(req, "X-Test-Key")))
		snprintf(resp->log.key_id, sizeof resp->log.key_id, "%s", v);
	if ((v = header(req, "X-Test-Account")))
		snprintf(resp->log.account, sizeof resp->log.account, "%s", v);
	if (strcmp(req->path, "/") == 0 && strcmp(req->method, "GET") == 0) {
		strcpy(resp->log.operation, "Fixed");
		resp->content_type = "text/plain";
		resp->static_body = fixed;
		resp->body_len = sizeof fixed;
		return CASES_OK;
	}
	if (strcmp(req->path, "/") == 0 && strcmp(req->method, "POST") == 0) {
		unsigned char md[32];
		unsigned int n = 0;

		strcpy(resp->log.operation, "Sha256");
		if (EVP_Digest(req->body, req->body_len, md, &n, EVP_sha256(),
			       NULL)
		    != 1)
			return CASES_EIO;
		for (unsigned i = 0; i < n; i++)
			sprintf(out + 2 * i, "%02x", md[i]);
		strcat(out, "\n");
		return httpd_response_body(resp, "text/plain", out,
					   strlen(out));
	}
	if (strcmp(req->path, "/slow") == 0) {
		long ms = 0;
		struct timespec ts;

		strcpy(resp->log.operation, "Slow");
		if (strncmp(req->query, "ms=", 3) == 0)
			ms = strtol(req->query + 3, NULL, 10);
		if (ms < 0 || ms > 10000)
			ms = 10000;
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = ms % 1000 * 1000000;
		nanosleep(&ts, NULL);
		return httpd_response_body(resp, "text/plain", "slow\n", 5);
	}
	if (strcmp(req->path, "/ctx") == 0) {
		strcpy(resp->log.operation, "Ctx");
		snprintf(out, sizeof out, "ctx %d\n",
			 req->thread_ctx ? *(int *)req->thread_ctx : 0);
		return httpd_response_body(resp, "text/plain", out,
					   strlen(out));
	}
	strcpy(resp->log.operation, "NotFound");
	resp->status = 404;
	return httpd_response_body(resp, "text/plain", "not found\n", 10);
}

static int
number(const char *opt, const char *s, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v > 100000) {
		fprintf(stderr, "echo: %s takes a number, not '%s'\n", opt, s);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

int
main(int argc, char **argv)
{
	struct httpd_config cfg = { 0 };
	struct httpd *h;
	char err[CASES_ERRMAX];
	int sig, left;

	cfg.listen = "127.0.0.1:0";
	cfg.threads = 2;
	cfg.handler = handle;
	cfg.thread_init = ctx_init;
	cfg.thread_fini = ctx_fini;
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int bad = 0;

		if (!v) {
			fprintf(stderr, "echo: %s needs a value\n", o);
			return 2;
		}
		i++;
		if (strcmp(o, "--listen") == 0)
			cfg.listen = v;
		else if (strcmp(o, "--tls-cert") == 0)
			cfg.tls_cert = v;
		else if (strcmp(o, "--tls-key") == 0)
			cfg.tls_key = v;
		else if (strcmp(o, "--threads") == 0)
			bad = number(o, v, &cfg.threads);
		else if (strcmp(o, "--max-connections") == 0)
			bad = number(o, v, &cfg.max_connections);
		else if (strcmp(o, "--idle-timeout") == 0)
			bad = number(o, v, &cfg.idle_timeout);
		else if (strcmp(o, "--grace") == 0)
			bad = number(o, v, &cfg.grace);
		else {
			fprintf(stderr, "echo: unknown option '%s'\n", o);
			return 2;
		}
		if (bad)
			return 2;
	}
	for (size_t i = 0; i < sizeof fixed; i++)
		fixed[i] = (char)('a' + i % 26);
	fixed[sizeof fixed - 1] = '\n';

	if ((sig = httpd_start(&cfg, &h, err)) != CASES_OK) {
		fprintf(stderr, "echo: %s\n", err);
		return sig == CASES_EINVAL ? 2 : 1;
	}
	printf("port %d\n", httpd_port(h));
	fflush(stdout);
	sig = httpd_wait(h, -1);
	fprintf(stderr, "echo: signal %d, stopping\n", sig);
	left = httpd_stop(h);
	fprintf(stderr, "echo: stopped, %d requests cut\n", left);
	return 0;
}
