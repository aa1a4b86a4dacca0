/*
 * test_board.c - the board's place in front of the API (board.h): what
 * goes where, and the rule that keeps HTTP Basic off plain HTTP on a
 * non-loopback address (which the browser test, loopback only, cannot
 * reach).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"

static int inner_calls;
static void *inner_ctx_seen, *inner_arg_seen;
static int inner_arg, inner_ctx;

static int
inner_handler(const struct httpd_request *req, struct httpd_response *resp)
{
	inner_calls++;
	inner_arg_seen = req->arg;
	inner_ctx_seen = req->thread_ctx;
	resp->status = 299;
	return CASES_OK;
}

static void *
inner_init(void *arg)
{
	cr_expect_eq(arg, &inner_arg);
	return &inner_ctx;
}

static int inner_finis;

static void
inner_fini(void *arg, void *ctx)
{
	cr_expect_eq(arg, &inner_arg);
	cr_expect_eq(ctx, &inner_ctx);
	inner_finis++;
}

static const char *
find(const struct httpd_response *resp, const char *name)
{
	for (size_t i = 0; i < resp->nheaders; i++) {
		if (strcmp(resp->headers[i].name, name) == 0)
			return resp->headers[i].value;
	}
	return NULL;
}

Test(board, loopback_addresses_only)
{
	cr_expect(board_loopback("127.0.0.1:8080"));
	cr_expect(board_loopback("127.1.2.3:0"));
	cr_expect(board_loopback("[::1]:8080"));
	cr_expect(!board_loopback("0.0.0.0:8080"));
	cr_expect(!board_loopback("10.0.0.1:80"));
	cr_expect(!board_loopback("[::]:8080"));
	cr_expect(!board_loopback("[::ffff:127.0.0.1]:80"));
	cr_expect(!board_loopback("localhost:80"));
}

Test(board, serves_board_and_passes_the_rest_on)
{
	struct board_config bc = { .db_path = "/nonexistent/never-opened.db",
				   .basic_ok = 0 };
	struct httpd_config hc = { .handler = inner_handler,
				   .arg = &inner_arg,
				   .thread_init = inner_init,
				   .thread_fini = inner_fini };
	struct board *b;
	char err[CASES_ERRMAX];
	struct httpd_response resp;
	struct httpd_request req = { .method = "POST",
				     .path = "/",
				     .query = "",
				     .body = "",
				     .peer = "10.0.0.2" };

	cr_assert_eq(board_new(&bc, &b, err), CASES_OK);
	board_httpd_config(b, &hc);
	cr_assert_neq(hc.handler, inner_handler);
	req.arg = hc.arg;
	req.thread_ctx = hc.thread_init(hc.arg);
	cr_assert(req.thread_ctx);

	/* Not the board: the API's, with its own arg and context. */
	memset(&resp, 0, sizeof resp);
	cr_expect_eq(hc.handler(&req, &resp), CASES_OK);
	cr_expect_eq(resp.status, 299);
	cr_expect_eq(inner_calls, 1);
	cr_expect_eq(inner_arg_seen, &inner_arg);
	cr_expect_eq(inner_ctx_seen, &inner_ctx);
	req.method = "GET";
	req.path = "/board/";
	memset(&resp, 0, sizeof resp);
	cr_expect_eq(hc.handler(&req, &resp), CASES_OK);
	cr_expect_eq(inner_calls, 2);

	/* Plain HTTP off loopback: 403, no challenge, no database. */
	req.path = "/board";
	memset(&resp, 0, sizeof resp);
	cr_expect_eq(hc.handler(&req, &resp), CASES_OK);
	cr_expect_eq(resp.status, 403);
	cr_expect_null(find(&resp, "WWW-Authenticate"));
	cr_expect_str_eq(find(&resp, "X-Content-Type-Options"), "nosniff");
	cr_expect_str_eq(find(&resp, "Cache-Control"), "no-store");
	cr_expect_str_eq(resp.log.operation, "board");
	cr_expect(strstr(resp.body, "--tls-cert"));
	free(resp.body);
	cr_expect_eq(inner_calls, 2);

	/* Read-only, whoever asks. */
	req.method = "POST";
	memset(&resp, 0, sizeof resp);
	cr_expect_eq(hc.handler(&req, &resp), CASES_OK);
	cr_expect_eq(resp.status, 405);
	cr_expect_str_eq(find(&resp, "Allow"), "GET, HEAD");
	free(resp.body);

	hc.thread_fini(hc.arg, req.thread_ctx);
	cr_expect_eq(inner_finis, 1);
	board_free(b);
}
