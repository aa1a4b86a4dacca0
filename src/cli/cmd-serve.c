/*
 * cmd-serve.c - `cases serve`: the AWS Support API over HTTP(S), for the
 * plans that include the api channel (src/serve/api.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "board.h"
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cli.h"
#include "httpd.h"

struct serve_args {
	const char *listen;
	const char *tls_cert, *tls_key;
	const char *staff_name;
	unsigned threads, max_connections, rate;
	int64_t check_every; /* seconds; 0: no check of our own */
	const char *warn, *exec, *hook_timeout; /* passed on to check */
};

enum {
	O_LISTEN = OPT_FIRST_CMD,
	O_TLS_CERT,
	O_TLS_KEY,
	O_THREADS,
	O_MAX_CONN,
	O_STAFF_NAME,
	O_RATE,
	O_CHECK_EVERY,
	O_WARN,
	O_EXEC,
	O_HOOK_TIMEOUT,
};

static const struct cli_opt serve_opts[] = {
	{ "listen", O_LISTEN, "ADDR:PORT",
	  "listen there (default 127.0.0.1:8080; [::1]:8080 for IPv6; port "
	  "0 picks a free one)" },
	{ "tls-cert", O_TLS_CERT, "FILE",
	  "serve HTTPS with this PEM certificate (with --tls-key)" },
	{ "tls-key", O_TLS_KEY, "FILE", "the certificate's PEM private key" },
	{ "threads", O_THREADS, "N",
	  "worker threads, each with its own database connection for reads "
	  "(default 8, at most 64); writes go to one writer thread, which "
	  "commits those waiting together" },
	{ "max-connections", O_MAX_CONN, "N",
	  "connections open at once (default 256); more wait in the "
	  "kernel's queue" },
	{ "staff-name", O_STAFF_NAME, "NAME",
	  "submittedBy of the support side's communications (default "
	  "Support); give the same to 'import --format aws --staff-name'" },
	{ "rate", O_RATE, "N/min",
	  "at most N requests a minute for each key; beyond, "
	  "ThrottlingException (default: no limit)" },
	{ "check-every", O_CHECK_EVERY, "DURATION",
	  "run 'cases check' every DURATION (e.g. 1m) in the server, at "
	  "start and then on that period: each breach recorded and printed "
	  "once, beside any cron check" },
	{ "warn", O_WARN, "PERCENT", "with --check-every: check's --warn" },
	{ "exec", O_EXEC, "CMD", "with --check-every: check's --exec" },
	{ "hook-timeout", O_HOOK_TIMEOUT, "DURATION",
	  "with --check-every: check's --hook-timeout" },
	CLI_OPT_END,
};

/* A whole number in [lo, hi] named opt. */
static int
parse_count(struct cli_ctx *ctx, const char *opt, const char *v, unsigned lo,
	    unsigned hi, unsigned *out)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || end == v || *end || v[0] == '-' || n < lo || n > hi)
		return cli_usage_error(ctx,
				       "invalid %s '%s' (expected a whole "
				       "number from %u to %u)",
				       opt, v, lo, hi);
	*out = (unsigned)n;
	return CASES_OK;
}

static int
serve_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	struct serve_args *a = args;
	char num[32];
	size_t n;

	switch (code) {
	case O_LISTEN:
		a->listen = value;
		return CASES_OK;
	case O_TLS_CERT:
		a->tls_cert = value;
		return CASES_OK;
	case O_TLS_KEY:
		a->tls_key = value;
		return CASES_OK;
	case O_THREADS:
		return parse_count(ctx, "--threads", value, 1, 64, &a->threads);
	case O_MAX_CONN:
		return parse_count(ctx, "--max-connections", value, 1, 100000,
				   &a->max_connections);
	case O_STAFF_NAME:
		a->staff_name = value;
		return case_name_check(value, "staff name", ctx->err);
	case O_CHECK_EVERY:
		return timefmt_parse_duration(value, &a->check_every, ctx->err);
	case O_WARN:
		a->warn = value;
		return CASES_OK;
	case O_EXEC:
		a->exec = value;
		return CASES_OK;
	case O_HOOK_TIMEOUT:
		a->hook_timeout = value;
		return CASES_OK;
	case O_RATE:
		n = strlen(value);
		if (n < 5 || n - 4 >= sizeof(num)
		    || strcmp(value + n - 4, "/min") != 0)
			return cli_usage_error(ctx,
					       "invalid --rate '%s' (expected "
					       "N/min, e.g. 600/min)",
					       value);
		memcpy(num, value, n - 4);
		num[n - 4] = '\0';
		return parse_count(ctx, "--rate", num, 1, 1000000, &a->rate);
	}
	return cli_usage_error(ctx, "unknown option");
}

static int
prepare_serve(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct serve_args *a = args;
	struct sockaddr_storage ss;
	socklen_t len;

	if (!a->tls_cert != !a->tls_key)
		return cli_usage_error(ctx, "--tls-cert and --tls-key go "
					    "together");
	if (!a->check_every && (a->warn || a->exec || a->hook_timeout))
		return cli_usage_error(ctx, "--warn, --exec and --hook-timeout "
					    "go with --check-every");
	return httpd_parse_listen(a->listen, &ss, &len, ctx->err);
}

/* One run of `cases check` (with --warn, --exec and --hook-timeout as
 * given) on cc, a context of its own that keeps its connection between
 * runs: its lines go to our output, its failures to stderr. */
static void
run_check(struct cli_ctx *ctx, struct serve_args *a, struct cli_ctx *cc)
{
	static char w_check[] = "check", w_warn[] = "--warn",
		    w_exec[] = "--exec", w_timeout[] = "--hook-timeout";
	char *argv[8];
	int argc = 0;

	argv[argc++] = w_check;
	if (a->warn) {
		argv[argc++] = w_warn;
		argv[argc++] = (char *)a->warn;
	}
	if (a->exec) {
		argv[argc++] = w_exec;
		argv[argc++] = (char *)a->exec;
	}
	if (a->hook_timeout) {
		argv[argc++] = w_timeout;
		argv[argc++] = (char *)a->hook_timeout;
	}
	argv[argc] = NULL;
	cc->now = (int64_t)time(NULL);
	cc->err[0] = '\0';
	if (cli_run(cc, argc, argv) != CASES_OK)
		fprintf(ctx->errf, "cases: serve: check: %s\n", cc->err);
	fflush(cc->out);
}

/* Wait for SIGTERM or SIGINT, running check every a->check_every
 * seconds meanwhile (the first run at once). Returns the signal. */
static int
serve_wait(struct cli_ctx *ctx, struct serve_args *a, struct httpd *h)
{
	struct cli_ctx cc = { .db_path = ctx->db_path,
			      .format = ctx->format,
			      .local = ctx->local,
			      .out = ctx->out,
			      .errf = ctx->errf,
			      .cmd = cli_find("check") };
	int64_t next = (int64_t)time(NULL);
	int sig = 0;

	if (!a->check_every)
		return httpd_wait(h, -1);
	while (!sig) {
		int64_t now = (int64_t)time(NULL);
		if (now >= next) {
			run_check(ctx, a, &cc);
			now = (int64_t)time(NULL);
			next += a->check_every;
			if (next <= now)
				next = now + a->check_every;
		}
		sig = httpd_wait(h, (int)((next - now) * 1000 > 60000
						  ? 60000
						  : (next - now) * 1000));
	}
	if (cc.st)
		store_close(cc.st);
	return sig;
}

static int
exec_serve(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct serve_args *a = args;
	struct api_config ac = { .staff_name = a->staff_name, .rate = a->rate };
	struct httpd_config hc = { .listen = a->listen,
				   .tls_cert = a->tls_cert,
				   .tls_key = a->tls_key,
				   .threads = a->threads,
				   .max_connections = a->max_connections };
	struct board_config bc = { .zone = ctx->local,
				   .basic_ok = a->tls_cert
					       || board_loopback(a->listen) };
	struct api *api = NULL;
	struct board *board = NULL;
	struct httpd *h = NULL;
	int sig, left, rc;

	/* The runner opened (created, migrated) the database where
	 * dbpath.c's rule says; each worker opens its own connection to
	 * that very file. */
	ac.db_path = store_filename(ctx->st);
	rc = api_new(&ac, &api, ctx->err);
	if (rc)
		goto out;
	api_httpd_config(api, &hc);
	/* The live board in front of the API: /board is its, the rest the
	 * API's. */
	bc.db_path = ac.db_path;
	rc = board_new(&bc, &board, ctx->err);
	if (rc)
		goto out;
	board_httpd_config(board, &hc);
	rc = httpd_start(&hc, &h, ctx->err);
	if (rc)
		goto out;
	fprintf(ctx->out, "listening on %s%s port %d\n",
		a->tls_cert ? "https " : "", a->listen, httpd_port(h));
	if (!bc.basic_ok)
		fprintf(ctx->errf,
			"cases: serve: the board (/board) answers 403: its "
			"HTTP Basic password would travel in clear on %s "
			"(give --tls-cert and --tls-key, or listen on "
			"127.0.0.1)\n",
			a->listen);
	rc = cli_flush(ctx);
	if (rc == CASES_OK) {
		sig = serve_wait(ctx, a, h);
		fprintf(ctx->errf, "cases: serve: signal %d: stopping\n", sig);
	}
	left = httpd_stop(h);
	if (left)
		fprintf(ctx->errf,
			"cases: serve: %d requests were still running after "
			"the grace period\n",
			left);
out:
	api_free(api);
	board_free(board);
	return rc;
}

static const struct serve_args serve_init = {
	.listen = "127.0.0.1:8080",
	.threads = 8,
	.max_connections = HTTPD_MAX_CONNECTIONS,
};

const struct cli_cmd cmd_serve = {
	.name = "serve",
	.usage =
		"serve [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE]\n"
		"             [--threads N] [--max-connections N]\n"
		"             [--staff-name NAME] [--rate N/min]\n"
		"             [--check-every DURATION [--warn PERCENT] [--exec "
		"CMD]\n"
		"              [--hook-timeout DURATION]]",
	.summary = "serve the AWS Support API to the aws CLI and SDKs",
	.about = "Answers the AWS Support API (support 2013-04-15, AWS JSON "
		 "1.1, Signature Version 4) so that customers call it with "
		 "'aws support ... --endpoint-url URL', boto3 or any AWS "
		 "SDK, with a key made by 'cases key add'. Operations: "
		 "CreateCase, DescribeCases, DescribeCommunications, "
		 "AddCommunicationToCase, ResolveCase, "
		 "DescribeSeverityLevels, DescribeServices.\n\n"
		 "GET /board is the live board for a browser: the queue "
		 "with countdowns, counts per severity and this month's "
		 "compliance chart, refreshed every 30 s. Log in with a "
		 "staff key (HTTP Basic: user name the key id, password the "
		 "secret); it is served only over HTTPS (--tls-cert) or on "
		 "a loopback --listen address, where the password does not "
		 "travel in clear; customer keys get 403.\n\n"
		 "A customer's key works only while its account's plan "
		 "includes the api channel (else "
		 "SubscriptionRequiredException), sees only its account's "
		 "cases (another's is CaseIdNotFound), and opens cases with "
		 "the rules of 'cases open' (channel api). A staff key sees "
		 "every case; its communications are responses, the first "
		 "one the case's first response.\n\n"
		 "Prints 'listening on ADDR port N' once it listens; one log "
		 "line a request on stderr (time, peer, key id, account, "
		 "operation, status, microseconds); SIGTERM or SIGINT stops "
		 "accepting, lets the requests in flight finish, and exits "
		 "0. Request bodies are limited to 1 MiB (413), a connection "
		 "idle for 30 s is closed.",
	.notes = "Mapping: caseId is 'case-' and the case's id; displayId "
		 "its number. severityCode low, normal, high, urgent, "
		 "critical = general, system-impaired, prod-impaired, "
		 "prod-down, business-critical. serviceCode billing (or "
		 "issueType customer-service) = account-billing; any other "
		 "category's serviceCode is its name; categoryCode is "
		 "general.",
	.example = "cases serve --listen 127.0.0.1:8080 --rate 600/min",
	.opts = serve_opts,
	.store = CLI_STORE,
	.args_size = sizeof(struct serve_args),
	.args_init = &serve_init,
	.opt = serve_opt,
	.prepare = prepare_serve,
	.exec = exec_serve,
	.operands = { 0, 0, NULL },
};
