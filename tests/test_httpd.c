/*
 * test_httpd.c - the HTTP layer's helpers and its refusals to start;
 * serving itself is tested through tests/httpd_echo.c by httpd_test.py.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/error.h"
#include "httpd.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

TestSuite(httpd);

Test(httpd, listen_addresses)
{
	static const struct {
		const char *s;
		int family, port;
		const char *addr;
	} ok[] = {
		{ "127.0.0.1:8080", AF_INET, 8080, "127.0.0.1" },
		{ "0.0.0.0:0", AF_INET, 0, "0.0.0.0" },
		{ "10.1.2.3:65535", AF_INET, 65535, "10.1.2.3" },
		{ "[::1]:8080", AF_INET6, 8080, "::1" },
		{ "[::]:443", AF_INET6, 443, "::" },
		{ "[2001:db8::5]:1", AF_INET6, 1, "2001:db8::5" },
	};
	static const char *const bad[] = {
		"",
		"127.0.0.1",
		"127.0.0.1:",
		":8080",
		"127.0.0.1:65536",
		"127.0.0.1:123456",
		"127.0.0.1:-1",
		"127.0.0.1:80x",
		"127.0.0.1:+80",
		"localhost:8080",
		"256.0.0.1:80",
		"::1:8080",
		"[::1]8080",
		"[::1]:",
		"[127.0.0.1]:80",
		"[::1:80",
		"[]:80",
	};
	struct sockaddr_storage ss;
	socklen_t len;
	char err[CASES_ERRMAX], buf[INET6_ADDRSTRLEN];

	for (size_t i = 0; i < NELEM(ok); i++) {
		cr_assert_eq(httpd_parse_listen(ok[i].s, &ss, &len, err),
			     CASES_OK, "%s: %s", ok[i].s, err);
		cr_expect_eq(ss.ss_family, ok[i].family, "%s", ok[i].s);
		if (ok[i].family == AF_INET) {
			struct sockaddr_in *a = (struct sockaddr_in *)&ss;

			cr_expect_eq(len, sizeof *a);
			cr_expect_eq(ntohs(a->sin_port), ok[i].port);
			inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
		} else {
			struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

			cr_expect_eq(len, sizeof *a);
			cr_expect_eq(ntohs(a->sin6_port), ok[i].port);
			inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf);
		}
		cr_expect_str_eq(buf, ok[i].addr);
	}
	for (size_t i = 0; i < NELEM(bad); i++) {
		cr_expect_eq(httpd_parse_listen(bad[i], &ss, &len, err),
			     CASES_EINVAL, "'%s' accepted", bad[i]);
		cr_expect(strstr(err, "invalid listen address") != NULL, "%s",
			  err);
		cr_expect(strstr(err, "127.0.0.1:8080 or [::1]:8080") != NULL,
			  "%s", err);
	}
	cr_expect_eq(httpd_parse_listen(NULL, &ss, &len, err), CASES_EINVAL);
}

Test(httpd, response_headers_are_bounded_and_clean)
{
	struct httpd_response r;
	char big[300];

	memset(&r, 0, sizeof r);
	cr_expect_eq(httpd_response_header(&r, "X-Amzn-RequestId", "abc"),
		     CASES_OK);
	cr_expect_str_eq(r.headers[0].name, "X-Amzn-RequestId");
	cr_expect_str_eq(r.headers[0].value, "abc");
	cr_expect_eq(httpd_response_header(&r, "Bad Name", "x"), CASES_EINVAL);
	cr_expect_eq(httpd_response_header(&r, "", "x"), CASES_EINVAL);
	cr_expect_eq(httpd_response_header(&r, "X-A", "a\r\nSet-Cookie: x"),
		     CASES_EINVAL);
	cr_expect_eq(httpd_response_header(&r, "X-A", "a\nb"), CASES_EINVAL);
	cr_expect_eq(httpd_response_header(&r, "X-A", "a\x7f"), CASES_EINVAL);
	cr_expect_eq(httpd_response_header(&r, "X-A", "tab\tok"), CASES_OK);
	memset(big, 'v', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	cr_expect_eq(httpd_response_header(&r, "X-Big", big), CASES_EINVAL);
	cr_expect_eq(r.nheaders, 2);
	while (r.nheaders < HTTPD_RESPONSE_HEADERS)
		cr_assert_eq(httpd_response_header(&r, "X-More", "1"),
			     CASES_OK);
	cr_expect_eq(httpd_response_header(&r, "X-One-Too-Many", "1"),
		     CASES_EINVAL);
}

Test(httpd, response_body_is_copied)
{
	struct httpd_response r;
	char data[] = "{\"a\":1}";

	memset(&r, 0, sizeof r);
	cr_assert_eq(httpd_response_body(&r, "application/x-amz-json-1.1", data,
					 strlen(data)),
		     CASES_OK);
	data[0] = 'X';
	cr_expect_eq(r.body_len, 7);
	cr_expect_eq(memcmp(r.body, "{\"a\":1}", 7), 0);
	cr_expect_str_eq(r.content_type, "application/x-amz-json-1.1");
	/* A second body replaces (and frees) the first, and a static one. */
	r.static_body = "static";
	cr_assert_eq(httpd_response_body(&r, "text/plain", "", 0), CASES_OK);
	cr_expect_eq(r.body_len, 0);
	cr_expect_null(r.static_body);
	cr_expect_str_eq(r.content_type, "text/plain");
	free(r.body);
}

static int
nothing(const struct httpd_request *req, struct httpd_response *resp)
{
	(void)req;
	(void)resp;
	return CASES_OK;
}

Test(httpd, refuses_to_start_on_bad_config)
{
	struct httpd_config cfg = { 0 };
	struct httpd *h = NULL, *h2 = NULL;
	char err[CASES_ERRMAX];

	cfg.handler = nothing;
	cfg.listen = "127.0.0.1";
	cr_expect_eq(httpd_start(&cfg, &h, err), CASES_EINVAL);
	cr_expect(strstr(err, "'127.0.0.1'"), "%s", err);
	cr_expect_null(h);

	cfg.listen = "127.0.0.1:0";
	cfg.tls_cert = "/nonexistent/cert.pem";
	cr_expect_eq(httpd_start(&cfg, &h, err), CASES_EINVAL);
	cr_expect(strstr(err, "both"), "%s", err);
	cfg.tls_key = "/nonexistent/key.pem";
	cr_expect_eq(httpd_start(&cfg, &h, err), CASES_EIO);
	cr_expect(strstr(err, "cannot read '/nonexistent/cert.pem'"), "%s",
		  err);

	/* A port in use. */
	cfg.tls_cert = cfg.tls_key = NULL;
	cfg.log_fd = -1;
	cr_assert_eq(httpd_start(&cfg, &h, err), CASES_OK, "%s", err);
	{
		char listen[64];

		snprintf(listen, sizeof listen, "127.0.0.1:%d", httpd_port(h));
		cfg.listen = listen;
		cr_expect_eq(httpd_start(&cfg, &h2, err), CASES_EIO);
		cr_expect(strstr(err, "cannot listen on 127.0.0.1:")
				  && strstr(err, "Address already in use"),
			  "%s", err);
	}
	cr_expect_gt(httpd_port(h), 0);
	cr_expect_eq(httpd_wait(h, 10), 0);
	cr_expect_eq(httpd_stop(h), 0);
}

Test(httpd, a_header_is_found_by_name_in_any_case)
{
	const struct httpd_header hs[] = { { "Host", "a" },
					   { "authorization", "Basic x" },
					   { "Authorization", "second" } };
	const struct httpd_request req = { .headers = hs, .nheaders = 3 };

	cr_expect_str_eq(httpd_header(&req, "AUTHORIZATION"), "Basic x");
	cr_expect_str_eq(httpd_header(&req, "host"), "a");
	cr_expect_null(httpd_header(&req, "Cookie"));
}
