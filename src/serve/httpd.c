/*
 * httpd.c - the HTTP layer of `cases serve` on libmicrohttpd (see
 * httpd.h): MHD's callbacks gather a whole request, call the handler,
 * queue its response and log the request.
 *
 * A request's state (struct exchange) is made by MHD's URI log callback,
 * the first callback that sees it, which also gives us the request target
 * exactly as sent (MHD decodes its own copy); it is freed, after the log
 * line, by the completion callback.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cases/error.h"
#include "httpd.h"

#define TLS_FILE_MAX (1024 * 1024) /* bytes of a PEM file */

struct httpd {
	struct httpd_config cfg;
	struct MHD_Daemon *d;
	int listen_fd; /* ours until MHD runs on its duplicate */
	int port;
	sigset_t sigs;	   /* what httpd_wait() waits for */
	pthread_key_t key; /* a worker's struct slot */
	char *tls_cert, *tls_key;
	size_t tls_key_len;
	atomic_int inflight; /* requests past their headers, not yet sent */
	atomic_int stopping;
	atomic_int running; /* MHD started: its log messages are dropped */
	char start_err[CASES_ERRMAX]; /* MHD's last message while starting */
};

/* A worker thread's context, in its thread-specific slot. */
struct slot {
	struct httpd *h;
	void *ctx;
};

/* One request, from its request line to its last byte. */
struct exchange {
	struct httpd *h;
	struct timespec t0;   /* monotonic, at the request line */
	struct timespec wall; /* the same moment, UTC */
	char *target;	      /* the request target as sent */
	char *body;
	size_t body_len, body_cap;
	int headers_done; /* the handler's first call happened */
	int counted;	  /* counted in h->inflight */
	int status;	  /* what we queued, 0 for nothing */
	const char *why;  /* when not ours: why it ended */
	char peer[INET6_ADDRSTRLEN];
	char key_id[HTTPD_LOG_KEY_MAX + 1];
	char account[HTTPD_LOG_ACCOUNT_MAX + 1];
	char operation[HTTPD_LOG_OPERATION_MAX + 1];
};

int
httpd_parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len,
		   char *err)
{
	char addr[INET6_ADDRSTRLEN + 1];
	const char *colon, *host, *hend;
	unsigned long port = 0;
	size_t n;

	memset(ss, 0, sizeof *ss);
	if (!s)
		goto bad;
	if (s[0] == '[') {
		host = s + 1;
		if (!(hend = strchr(host, ']')) || hend[1] != ':')
			goto bad;
		colon = hend + 1;
	} else {
		host = s;
		if (!(colon = strrchr(s, ':')))
			goto bad;
		hend = colon;
	}
	n = (size_t)(hend - host);
	if (n == 0 || n >= sizeof addr)
		goto bad;
	memcpy(addr, host, n);
	addr[n] = '\0';
	n = strlen(colon + 1);
	if (n < 1 || n > 5 || strspn(colon + 1, "0123456789") != n)
		goto bad;
	port = strtoul(colon + 1, NULL, 10);
	if (port > 65535)
		goto bad;
	if (s[0] == '[') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

		if (inet_pton(AF_INET6, addr, &a6->sin6_addr) != 1)
			goto bad;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((unsigned short)port);
		*len = sizeof *a6;
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)ss;

		if (inet_pton(AF_INET, addr, &a4->sin_addr) != 1)
			goto bad;
		a4->sin_family = AF_INET;
		a4->sin_port = htons((unsigned short)port);
		*len = sizeof *a4;
	}
	return CASES_OK;
bad:
	return cases_errf(err, CASES_EINVAL,
			  "invalid listen address '%s' (expected ADDR:PORT "
			  "with an IPv4 or [IPv6] literal, like "
			  "127.0.0.1:8080 or [::1]:8080)",
			  s ? s : "");
}

static int
is_token_char(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
	       || (c >= 'A' && c <= 'Z')
	       || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

int
httpd_response_header(struct httpd_response *resp, const char *name,
		      const char *value)
{
	size_t n = resp->nheaders;

	if (n >= HTTPD_RESPONSE_HEADERS)
		return CASES_EINVAL;
	if (!*name || strlen(name) >= sizeof resp->headers[n].name
	    || strlen(value) >= sizeof resp->headers[n].value)
		return CASES_EINVAL;
	for (const char *p = name; *p; p++) {
		if (!is_token_char((unsigned char)*p))
			return CASES_EINVAL;
	}
	for (const char *p = value; *p; p++) {
		if ((unsigned char)*p < 0x20 && *p != '\t')
			return CASES_EINVAL;
		if (*p == 0x7f)
			return CASES_EINVAL;
	}
	strcpy(resp->headers[n].name, name);
	strcpy(resp->headers[n].value, value);
	resp->nheaders++;
	return CASES_OK;
}

int
httpd_response_body(struct httpd_response *resp, const char *ctype,
		    const void *data, size_t n)
{
	char *copy = malloc(n ? n : 1);

	if (!copy)
		return CASES_ENOMEM;
	if (n)
		memcpy(copy, data, n);
	free(resp->body);
	resp->body = copy;
	resp->static_body = NULL;
	resp->body_len = n;
	resp->content_type = ctype;
	return CASES_OK;
}

/*
 * The log line.
 */

/* Copy a log field: printable ASCII but the space, others as '?'; '-'
 * when empty. */
static size_t
log_field(char *out, const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		out[n++] = *s > ' ' && *s < 0x7f ? *s : '?';
	if (n == 0)
		out[n++] = '-';
	return n;
}

static void
log_request(const struct httpd *h, const struct exchange *x)
{
	char line[512], status[16];
	struct timespec t1;
	struct tm tm;
	long long us;
	size_t n;

	if (h->cfg.log_fd < 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	us = (long long)(t1.tv_sec - x->t0.tv_sec) * 1000000
	     + (t1.tv_nsec - x->t0.tv_nsec) / 1000;
	gmtime_r(&x->wall.tv_sec, &tm);
	if (x->status)
		snprintf(status, sizeof status, "%d", x->status);
	else
		snprintf(status, sizeof status, "%s",
			 x->why ? x->why : "error");
	n = strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%S", &tm);
	n += (size_t)snprintf(line + n, sizeof line - n, ".%03ldZ ",
			      x->wall.tv_nsec / 1000000);
	n += log_field(line + n, x->peer);
	line[n++] = ' ';
	n += log_field(line + n, x->key_id);
	line[n++] = ' ';
	n += log_field(line + n, x->account);
	line[n++] = ' ';
	n += log_field(line + n, x->operation);
	n += (size_t)snprintf(line + n, sizeof line - n, " %s %lld\n", status,
			      us);
	if (n >= sizeof line)
		n = sizeof line - 1;
	/* One write: lines of concurrent requests do not mix. */
	(void)!write(h->cfg.log_fd, line, n);
}

/*
 * Per-thread contexts.
 */

static void
slot_free(void *p)
{
	struct slot *s = p;

	if (s->h->cfg.thread_fini)
		s->h->cfg.thread_fini(s->h->cfg.arg, s->ctx);
	free(s);
}

/* This worker's context, made at its first request; NULL and *failed
 * set if thread_init gave none. */
static void *
thread_ctx(struct httpd *h, int *failed)
{
	struct slot *s = pthread_getspecific(h->key);
	void *ctx;

	*failed = 0;
	if (s)
		return s->ctx;
	if (!h->cfg.thread_init)
		return NULL;
	if (!(ctx = h->cfg.thread_init(h->cfg.arg))) {
		*failed = 1;
		return NULL;
	}
	if (!(s = malloc(sizeof *s)) || pthread_setspecific(h->key, s) != 0) {
		free(s);
		if (h->cfg.thread_fini)
			h->cfg.thread_fini(h->cfg.arg, ctx);
		*failed = 1;
		return NULL;
	}
	s->h = h;
	s->ctx = ctx;
	return ctx;
}

/*
 * MHD's callbacks.
 */

/* MHD's URI log callback: a request line has arrived. Its return value
 * becomes the request's context (*req_cls). */
static void *
on_request_line(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct httpd *h = cls;
	struct exchange *x = calloc(1, sizeof *x);
	const union MHD_ConnectionInfo *ci;

	if (!x)
		return NULL;
	x->h = h;
	clock_gettime(CLOCK_MONOTONIC, &x->t0);
	clock_gettime(CLOCK_REALTIME, &x->wall);
	if (!(x->target = strdup(uri ? uri : ""))) {
		free(x);
		return NULL;
	}
	strcpy(x->peer, "-");
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET,
				  &((const struct sockaddr_in *)sa)->sin_addr,
				  x->peer, sizeof x->peer);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
				  &((const struct sockaddr_in6 *)sa)->sin6_addr,
				  x->peer, sizeof x->peer);
	}
	return x;
}

/* MHD's completion callback: the request is over, answered or not. */
static void
on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
	     enum MHD_RequestTerminationCode toe)
{
	struct httpd *h = cls;
	struct exchange *x = *req_cls;

	(void)c;
	if (!x)
		return;
	if (!x->why) {
		switch (toe) {
		case MHD_REQUEST_TERMINATED_COMPLETED_OK:
			x->why = "error";
			break;
		case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED:
			x->why = "timeout";
			break;
		case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN:
			x->why = "shutdown";
			break;
		case MHD_REQUEST_TERMINATED_READ_ERROR:
		case MHD_REQUEST_TERMINATED_CLIENT_ABORT:
			x->why = "aborted";
			break;
		default:
			x->why = "error";
			break;
		}
	}
	log_request(h, x);
	if (x->counted)
		atomic_fetch_sub(&h->inflight, 1);
	free(x->target);
	free(x->body);
	free(x);
	*req_cls = NULL;
}

struct header_list {
	struct httpd_header *v;
	size_t n, cap;
};

static enum MHD_Result
collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
	       const char *value)
{
	struct header_list *l = cls;

	(void)kind;
	if (l->n < l->cap) {
		l->v[l->n].name = key;
		l->v[l->n].value = value ? value : "";
		l->n++;
	}
	return MHD_YES;
}

/* Gather the Content-Length and Transfer-Encoding headers only. */
static enum MHD_Result
collect_length(void *cls, enum MHD_ValueKind kind, const char *key,
	       const char *value)
{
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) != 0
	    && strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) != 0)
		return MHD_YES;
	return collect_header(cls, kind, key, value);
}

/* Queue resp on c; resp->body is MHD's after, or freed. MHD_NO if MHD
 * refuses. */
static enum MHD_Result
send_response(struct exchange *x, struct MHD_Connection *c,
	      struct httpd_response *resp)
{
	struct MHD_Response *r;
	enum MHD_Result ok;

	if (resp->body) {
		r = MHD_create_response_from_buffer(resp->body_len, resp->body,
						    MHD_RESPMEM_MUST_FREE);
		if (r)
			resp->body = NULL; /* MHD frees it now */
	} else {
		/* MHD 0.9.75 has no const variant (0.9.76 adds
		 * MHD_create_response_from_buffer_static()); PERSISTENT
		 * never writes to the buffer. */
		r = MHD_create_response_from_buffer(
			resp->static_body ? resp->body_len : 0,
			(void *)(uintptr_t)resp->static_body,
			MHD_RESPMEM_PERSISTENT);
	}
	if (!r) {
		free(resp->body);
		resp->body = NULL;
		return MHD_NO;
	}
	if (resp->content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
					resp->content_type);
	for (size_t i = 0; i < resp->nheaders; i++)
		MHD_add_response_header(r, resp->headers[i].name,
					resp->headers[i].value);
	if (atomic_load(&x->h->stopping))
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	ok = MHD_queue_response(c, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	if (ok == MHD_YES)
		x->status = resp->status;
	return ok;
}

/* An answer httpd gives itself: status, and the config's error hook or a
 * text/plain reason. */
static enum MHD_Result
send_error(struct exchange *x, struct MHD_Connection *c, int status,
	   const char *reason)
{
	struct httpd_response resp;
	struct httpd *h = x->h;

	memset(&resp, 0, sizeof resp);
	resp.status = status;
	if (h->cfg.error)
		h->cfg.error(h->cfg.arg, reason, &resp);
	else if (httpd_response_body(&resp, "text/plain", reason,
				     strlen(reason))
		 != CASES_OK)
		return MHD_NO;
	resp.status = status;
	return send_response(x, c, &resp);
}

/* Whether the body's framing is ambiguous, the way requests are
 * smuggled past proxies: several Content-Length headers that differ, or
 * one beside Transfer-Encoding. */
static int
ambiguous_length(struct MHD_Connection *c)
{
	struct header_list hl = { 0 };
	struct httpd_header v[8];
	const char *cl = NULL;
	int te = 0;

	hl.v = v;
	hl.cap = sizeof v / sizeof v[0];
	MHD_get_connection_values(c, MHD_HEADER_KIND, collect_length, &hl);
	for (size_t i = 0; i < hl.n; i++) {
		if (strcasecmp(v[i].name, MHD_HTTP_HEADER_TRANSFER_ENCODING)
		    == 0)
			te = 1;
		else if (cl && strcmp(cl, v[i].value) != 0)
			return 1;
		else
			cl = v[i].value;
	}
	return te && cl;
}

/* Whether a Content-Length header says more than the limit. */
static int
declared_too_large(struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(
		c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	unsigned long long n;
	char *end;

	if (!cl)
		return 0;
	errno = 0;
	n = strtoull(cl, &end, 10);
	return errno == ERANGE || n > HTTPD_BODY_MAX;
}

/* Append upload data to x's body, within the limit. */
static int
body_append(struct exchange *x, const char *data, size_t n)
{
	if (n > HTTPD_BODY_MAX - x->body_len)
		return -1;
	if (x->body_len + n + 1 > x->body_cap) {
		size_t cap = x->body_cap ? x->body_cap : 4096;
		char *p;

		while (cap < x->body_len + n + 1)
			cap *= 2;
		if (cap > HTTPD_BODY_MAX + 1)
			cap = HTTPD_BODY_MAX + 1;
		if (!(p = realloc(x->body, cap)))
			return -1;
		x->body = p;
		x->body_cap = cap;
	}
	memcpy(x->body + x->body_len, data, n);
	x->body_len += n;
	x->body[x->body_len] = '\0';
	return 0;
}

/* The whole request is in: call the handler and queue its answer. */
static enum MHD_Result
dispatch(struct exchange *x, struct MHD_Connection *c, const char *method)
{
	struct httpd *h = x->h;
	struct httpd_request req;
	struct httpd_response resp;
	struct header_list hl = { 0 };
	char *q;
	int failed, n, rc;

	memset(&req, 0, sizeof req);
	memset(&resp, 0, sizeof resp);
	req.thread_ctx = thread_ctx(h, &failed);
	if (failed)
		return send_error(x, c, 500, "internal error");
	n = MHD_get_connection_values(c, MHD_HEADER_KIND, NULL, NULL);
	if (n > 0 && !(hl.v = calloc((size_t)n, sizeof *hl.v)))
		return send_error(x, c, 500, "out of memory");
	hl.cap = n > 0 ? (size_t)n : 0;
	MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, &hl);

	/* The target as sent: path, then the query after the first '?'. */
	req.path = x->target;
	req.query = "";
	if ((q = strchr(x->target, '?'))) {
		*q = '\0';
		req.query = q + 1;
	}
	req.method = method;
	req.headers = hl.v;
	req.nheaders = hl.n;
	req.body = x->body ? x->body : "";
	req.body_len = x->body_len;
	req.peer = x->peer;
	req.arg = h->cfg.arg;
	resp.status = 200;
	rc = h->cfg.handler(&req, &resp);
	free(hl.v);
	/* The log fields, even of a handler that failed. */
	memcpy(x->key_id, resp.log.key_id, sizeof x->key_id);
	memcpy(x->account, resp.log.account, sizeof x->account);
	memcpy(x->operation, resp.log.operation, sizeof x->operation);
	x->key_id[sizeof x->key_id - 1] = '\0';
	x->account[sizeof x->account - 1] = '\0';
	x->operation[sizeof x->operation - 1] = '\0';
	if (rc != CASES_OK) {
		free(resp.body);
		return send_error(x, c, 500, "internal error");
	}
	if (resp.status < 100 || resp.status > 999)
		resp.status = 500;
	return send_response(x, c, &resp);
}

/* MHD's access handler: called when the headers are in, then with each
 * piece of the body, then once more with none. */
static enum MHD_Result
on_access(void *cls, struct MHD_Connection *c, const char *url,
	  const char *method, const char *version, const char *upload_data,
	  size_t *upload_data_size, void **req_cls)
{
	struct httpd *h = cls;
	struct exchange *x = *req_cls;

	(void)url;
	(void)version;
	if (!x)
		return MHD_NO; /* out of memory at the request line */
	if (!x->headers_done) {
		x->headers_done = 1;
		x->counted = 1;
		atomic_fetch_add(&h->inflight, 1);
		if (ambiguous_length(c))
			return send_error(x, c, 400,
					  "ambiguous Content-Length");
		if (declared_too_large(c))
			return send_error(x, c, 413, "request body too large");
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (body_append(x, upload_data, *upload_data_size)) {
			/* Past the limit in the middle of a chunked upload
			 * (or out of memory): MHD 0.9.75 cannot answer now,
			 * so the connection is closed. */
			x->why = "too-large";
			return MHD_NO;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	return dispatch(x, c, method);
}

/* MHD's messages: kept while starting (for the error), dropped after. */
static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct httpd *h = cls;

	if (atomic_load(&h->running))
		return;
	vsnprintf(h->start_err, sizeof h->start_err, fmt, ap);
	h->start_err[strcspn(h->start_err, "\n")] = '\0';
}

/*
 * Start, wait, stop.
 */

/* The whole of a PEM file (at most TLS_FILE_MAX bytes) in *out. */
static int
read_file(const char *path, char **out, size_t *len, char *err)
{
	char *buf = NULL;
	size_t n = 0;
	ssize_t r;
	int fd, rc = CASES_EIO;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return cases_errf(err, CASES_EIO, "cannot read '%s': %s", path,
				  strerror(errno));
	if (!(buf = malloc(TLS_FILE_MAX + 1))) {
		rc = cases_errf(err, CASES_ENOMEM, "out of memory");
		goto out;
	}
	while (n <= TLS_FILE_MAX
	       && (r = read(fd, buf + n, TLS_FILE_MAX + 1 - n)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			cases_errf(err, CASES_EIO, "cannot read '%s': %s", path,
				   strerror(errno));
			goto out;
		}
		n += (size_t)r;
	}
	if (n > TLS_FILE_MAX) {
		cases_errf(err, CASES_EIO, "'%s' is larger than %d bytes", path,
			   TLS_FILE_MAX);
		goto out;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
	rc = CASES_OK;
out:
	if (buf) {
		explicit_bzero(buf, TLS_FILE_MAX + 1);
		free(buf);
	}
	close(fd);
	return rc;
}

static void
free_tls(struct httpd *h)
{
	free(h->tls_cert);
	if (h->tls_key) {
		explicit_bzero(h->tls_key, h->tls_key_len);
		free(h->tls_key);
	}
	h->tls_cert = h->tls_key = NULL;
}

/* Bind and listen on cfg->listen; the socket in h->listen_fd, its port
 * in h->port. */
static int
open_listener(struct httpd *h, char *err)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1, rc;

	if ((rc = httpd_parse_listen(h->cfg.listen, &ss, &len, err))
	    != CASES_OK)
		return rc;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return cases_errf(err, CASES_EIO, "cannot listen on %s: %s",
				  h->cfg.listen, strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, len) != 0
	    || listen(fd, SOMAXCONN) != 0
	    || getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		rc = cases_errf(err, CASES_EIO, "cannot listen on %s: %s",
				h->cfg.listen, strerror(errno));
		close(fd);
		return rc;
	}
	h->listen_fd = fd;
	h->port = ntohs(ss.ss_family == AF_INET6
				? ((struct sockaddr_in6 *)&ss)->sin6_port
				: ((struct sockaddr_in *)&ss)->sin_port);
	return CASES_OK;
}

int
httpd_start(const struct httpd_config *cfg, struct httpd **out, char *err)
{
	struct httpd *h;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL
			 | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	size_t cert_len = 0;
	int rc, mhd_fd;

	*out = NULL;
	if (!cfg->listen || !cfg->handler)
		return cases_errf(err, CASES_EINVAL,
				  "httpd: a listen address and a handler are "
				  "required");
	if (!cfg->tls_cert != !cfg->tls_key)
		return cases_errf(err, CASES_EINVAL,
				  "TLS needs both a certificate and its key");
	if (cfg->tls_cert
	    && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		return cases_errf(err, CASES_EINVAL,
				  "this libmicrohttpd has no TLS support");
	if (!(h = calloc(1, sizeof *h)))
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	h->cfg = *cfg;
	h->listen_fd = -1;
	if (!h->cfg.threads)
		h->cfg.threads = 1;
	if (!h->cfg.max_connections)
		h->cfg.max_connections = HTTPD_MAX_CONNECTIONS;
	if (!h->cfg.grace)
		h->cfg.grace = HTTPD_GRACE;
	if (!h->cfg.idle_timeout)
		h->cfg.idle_timeout = HTTPD_IDLE_TIMEOUT;
	if (h->cfg.log_fd == 0)
		h->cfg.log_fd = 2;
	if (pthread_key_create(&h->key, slot_free) != 0) {
		free(h);
		return cases_errf(err, CASES_ENOMEM,
				  "cannot make a thread-specific key");
	}
	if (cfg->tls_cert) {
		if ((rc = read_file(cfg->tls_cert, &h->tls_cert, &cert_len,
				    err))
			    != CASES_OK
		    || (rc = read_file(cfg->tls_key, &h->tls_key,
				       &h->tls_key_len, err))
			       != CASES_OK)
			goto fail;
		flags |= MHD_USE_TLS;
	}
	if ((rc = open_listener(h, err)) != CASES_OK)
		goto fail;
	/* MHD gets a duplicate: on some of its failures it closes the
	 * socket it was given, on others not, and ours must be closed
	 * exactly once. */
	if ((mhd_fd = fcntl(h->listen_fd, F_DUPFD_CLOEXEC, 0)) < 0) {
		rc = cases_errf(err, CASES_EIO, "cannot listen on %s: %s",
				h->cfg.listen, strerror(errno));
		goto fail;
	}

	/* The workers inherit this mask: the signals wait for
	 * httpd_wait(). */
	sigemptyset(&h->sigs);
	sigaddset(&h->sigs, SIGTERM);
	sigaddset(&h->sigs, SIGINT);
	{
		sigset_t block = h->sigs;

		sigaddset(&block, SIGPIPE);
		pthread_sigmask(SIG_BLOCK, &block, NULL);
	}

	{
		struct MHD_OptionItem opts[10];
		size_t n = 0;

		opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_LISTEN_SOCKET,
						     mhd_fd, NULL };
		opts[n++] = (struct MHD_OptionItem){
			MHD_OPTION_CONNECTION_LIMIT,
			(intptr_t)h->cfg.max_connections, NULL
		};
		opts[n++] =
			(struct MHD_OptionItem){ MHD_OPTION_CONNECTION_TIMEOUT,
						 (intptr_t)h->cfg.idle_timeout,
						 NULL };
		opts[n++] = (struct MHD_OptionItem){
			MHD_OPTION_CONNECTION_MEMORY_LIMIT, HTTPD_MEMORY_LIMIT,
			NULL
		};
		/* Strict HTTP/1.1: a Host header is required, no white space
		 * in header names; SDK clients all comply. */
		opts[n++] =
			(struct MHD_OptionItem){ MHD_OPTION_STRICT_FOR_CLIENT,
						 1, NULL };
		if (h->cfg.threads > 1)
			opts[n++] = (struct MHD_OptionItem){
				MHD_OPTION_THREAD_POOL_SIZE,
				(intptr_t)h->cfg.threads, NULL
			};
		if (h->tls_cert) {
			opts[n++] = (struct MHD_OptionItem){
				MHD_OPTION_HTTPS_MEM_CERT, 0, h->tls_cert
			};
			opts[n++] = (struct MHD_OptionItem){
				MHD_OPTION_HTTPS_MEM_KEY, 0, h->tls_key
			};
		}
		opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
		h->d = MHD_start_daemon(
			flags, 0, NULL, NULL, on_access, h,
			MHD_OPTION_URI_LOG_CALLBACK, on_request_line, h,
			MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
			MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, h,
			MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	}
	if (!h->d) {
		rc = cases_errf(err, CASES_EIO,
				"cannot start the HTTP server on %s%s%s",
				h->cfg.listen, h->start_err[0] ? ": " : "",
				h->start_err);
		goto fail;
	}
	atomic_store(&h->running, 1);
	close(h->listen_fd);
	h->listen_fd = -1;
	*out = h;
	return CASES_OK;
fail:
	if (h->listen_fd >= 0)
		close(h->listen_fd);
	free_tls(h);
	pthread_key_delete(h->key);
	free(h);
	return rc;
}

int
httpd_port(const struct httpd *h)
{
	return h->port;
}

int
httpd_wait(struct httpd *h, int timeout_ms)
{
	struct timespec ts;
	int sig;

	if (timeout_ms < 0) {
		while ((sig = sigwaitinfo(&h->sigs, NULL)) < 0
		       && errno == EINTR)
			;
		return sig < 0 ? 0 : sig;
	}
	ts.tv_sec = timeout_ms / 1000;
	ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000;
	sig = sigtimedwait(&h->sigs, NULL, &ts);
	return sig < 0 ? 0 : sig;
}

int
httpd_stop(struct httpd *h)
{
	struct timespec nap = { 0, 5 * 1000 * 1000 };
	MHD_socket fd;
	long waited_ms = 0;
	int left;

	atomic_store(&h->stopping, 1);
	fd = MHD_quiesce_daemon(h->d);
	while ((left = atomic_load(&h->inflight)) > 0
	       && waited_ms < (long)h->cfg.grace * 1000) {
		nanosleep(&nap, NULL);
		waited_ms += 5;
	}
	/* Joins the workers: their thread_fini run here. */
	MHD_stop_daemon(h->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	pthread_key_delete(h->key);
	free_tls(h);
	free(h);
	return left;
}

const char *
httpd_header(const struct httpd_request *req, const char *name)
{
	for (size_t i = 0; i < req->nheaders; i++) {
		if (strcasecmp(req->headers[i].name, name) == 0)
			return req->headers[i].value;
	}
	return NULL;
}
