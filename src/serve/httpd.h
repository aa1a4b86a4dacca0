/*
 * httpd.h - the HTTP layer of `cases serve`, on libmicrohttpd (MHD).
 *
 * It wraps MHD so that the API above it only writes a handler: a function
 * that receives a whole request (method, path, query string, every header,
 * the whole body, the peer address) and fills a response (status, content
 * type, extra headers, body), then returns. Everything else is here:
 *
 *   - listening on ADDR:PORT, IPv4 or IPv6 literal ("127.0.0.1:8080",
 *     "[::1]:8080"; port 0 picks a free one, see httpd_port()), plain or
 *     TLS from PEM files (MHD's GnuTLS);
 *   - MHD's own threads: `threads` workers, each with its own poll(2)
 *     loop (MHD_USE_INTERNAL_POLLING_THREAD + MHD_USE_POLL, a thread pool
 *     when threads > 1); the handler runs on the worker that owns the
 *     connection, and may block it (a slow handler delays that worker's
 *     other connections, not the other workers'). Not epoll: in MHD 0.9.75
 *     a worker whose epoll_wait() returns exactly its 128 events waits in
 *     a second epoll_wait() with the idle timeout before it handles them,
 *     so a burst of connections stalls for 30 s (httpd_test.py's 1,000
 *     connections show it); poll's scan of at most max_connections / threads
 *     sockets costs nothing next to that;
 *   - hostile clients: a body of more than HTTPD_BODY_MAX bytes is answered
 *     413 from its Content-Length without reading it (a chunked body that
 *     grows past it has its connection closed: MHD 0.9.75 cannot answer in
 *     the middle of an upload); the request line and headers share
 *     HTTPD_MEMORY_LIMIT bytes a connection (beyond: MHD answers 431, or
 *     414 for the request line); a connection idle for idle_timeout
 *     seconds (30) is closed, whether it is between requests or in the
 *     middle of one; at most max_connections connections are open at
 *     once: beyond them MHD stops accepting, so new connections wait in the
 *     kernel's listen queue (SOMAXCONN long; past it the kernel refuses
 *     them) until one closes, while those open keep being served;
 *   - a graceful stop (httpd_wait(), httpd_stop()): stop accepting, let the
 *     requests in flight finish, stop;
 *   - one log line per request (see below).
 *
 * Per-thread context. The API keeps one SQLite connection per worker
 * thread. Give thread_init and thread_fini: the first time a worker thread
 * handles a request, thread_init(arg) makes its context; every request that
 * worker handles then sees it as req->thread_ctx; thread_fini(arg, ctx) is
 * called on that same thread when it ends, which httpd_stop() waits for.
 * So there are at most `threads` contexts, each used by one thread at a
 * time, made only by workers that got work. A NULL from thread_init is
 * answered 500 and tried again at that worker's next request. Without
 * thread_init, thread_ctx is NULL.
 *
 * The log line, written with one write(2) to log_fd (default 2, stderr)
 * when a request ends:
 *
 *   2026-11-26T09:00:00.123Z 127.0.0.1 CKIAQ2VJ7RTXW4M3LNBA acme CreateCase 200
 * 1534
 *
 * the UTC time it began, the peer, the key id, account and operation the
 * handler reported in resp->log (each '-' when left empty), the HTTP status
 * and the microseconds from its request line to its last byte sent. A
 * request that got no answer of ours shows instead of a status why it
 * ended: "too-large" (a chunked body past the limit), "timeout", "aborted"
 * (the client went away), "error" (MHD refused it itself, e.g. 431) or
 * "shutdown". Bytes outside printable ASCII in the fields are shown as '?'.
 * Never the body, the query or a header value other than those fields.
 */
#ifndef CASES_SERVE_HTTPD_H
#define CASES_SERVE_HTTPD_H

#include <stddef.h>
#include <sys/socket.h>

#define HTTPD_BODY_MAX	       (1024 * 1024) /* request body, bytes */
#define HTTPD_MEMORY_LIMIT     (32 * 1024)   /* request line + headers */
#define HTTPD_IDLE_TIMEOUT     30	     /* default idle_timeout, s */
#define HTTPD_MAX_CONNECTIONS  256	     /* default max_connections */
#define HTTPD_GRACE	       30	     /* default grace, seconds */
#define HTTPD_RESPONSE_HEADERS 8	     /* extra headers a response */

/* One request header, as received (both borrowed). */
struct httpd_header {
	const char *name;
	const char *value;
};

/* A whole request, valid during the handler's call. */
struct httpd_request {
	const char *method; /* "POST" */
	const char *path;   /* as sent, percent-encoded, without the query */
	const char *query;  /* as sent, after '?'; "" when none */
	const struct httpd_header *headers; /* every header, in order */
	size_t nheaders;
	const char *body; /* body_len bytes, then a NUL */
	size_t body_len;
	const char *peer; /* the client's address, "127.0.0.1", "::1" */
	void *thread_ctx; /* this worker's context (see above) or NULL */
	void *arg;	  /* httpd_config.arg */
};

#define HTTPD_LOG_KEY_MAX	128 /* bytes of the logged key id */
#define HTTPD_LOG_ACCOUNT_MAX	64  /* bytes of the logged account */
#define HTTPD_LOG_OPERATION_MAX 64  /* bytes of the logged operation */

/* The response a handler fills. It starts as status 200 with no body,
 * no content type and no extra headers. The body is either `body`, from
 * malloc() and freed by httpd (httpd_response_body() sets it), or
 * `static_body`, borrowed for good (static storage); body_len is the
 * length of whichever is set. */
struct httpd_response {
	int status;
	const char *content_type; /* borrowed: a string literal, say */
	char *body;
	const char *static_body;
	size_t body_len;
	size_t nheaders; /* see httpd_response_header() */
	struct {
		char name[64];
		char value[256];
	} headers[HTTPD_RESPONSE_HEADERS];
	/* The log line's fields (see above); empty shows as '-', longer
	 * ones are cut. */
	struct {
		char key_id[HTTPD_LOG_KEY_MAX + 1];
		char account[HTTPD_LOG_ACCOUNT_MAX + 1];
		char operation[HTTPD_LOG_OPERATION_MAX + 1];
	} log;
};

/* What to serve and how. Zero values take the defaults in brackets. */
struct httpd_config {
	const char *listen;	  /* "ADDR:PORT", required */
	const char *tls_cert;	  /* PEM certificate file, or NULL for HTTP */
	const char *tls_key;	  /* its PEM private key, with tls_cert */
	unsigned threads;	  /* worker threads [1] */
	unsigned max_connections; /* [HTTPD_MAX_CONNECTIONS] */
	unsigned grace; /* seconds httpd_stop() waits for requests [30] */
	unsigned idle_timeout; /* seconds [HTTPD_IDLE_TIMEOUT] */
	int log_fd;	       /* where log lines go [2]; -1 for none */

	/* Fill resp for req; return CASES_OK, or any other status to answer
	 * 500 instead (resp->body is freed). Called on worker threads, so
	 * concurrently: state shared between calls needs locking, state of
	 * one worker goes in thread_ctx. */
	int (*handler)(const struct httpd_request *req,
		       struct httpd_response *resp);
	void *arg;
	void *(*thread_init)(void *arg);
	void (*thread_fini)(void *arg, void *thread_ctx);
	/* Optional: fill resp for a status httpd answers itself (413, or
	 * 500 when the handler failed or thread_init gave NULL), resp->status
	 * already set; `reason` says why in a few words. Without it: a
	 * text/plain body of `reason`. */
	void (*error)(void *arg, const char *reason,
		      struct httpd_response *resp);
};

struct httpd;

/*
 * Start serving: open the listening socket, start the workers, return.
 * SIGTERM, SIGINT and SIGPIPE are blocked in the calling thread first, so
 * that the workers inherit the mask and the signals are left for
 * httpd_wait(); they stay blocked. *out is the server, for httpd_port(),
 * httpd_wait() and httpd_stop(). CASES_EINVAL for a bad listen address
 * or config, CASES_EIO if the address cannot be bound, a TLS file cannot
 * be read or MHD does not start (err says why).
 */
int httpd_start(const struct httpd_config *cfg, struct httpd **out, char *err);

/* The port h listens on (the one the kernel chose for port 0). */
int httpd_port(const struct httpd *h);

/* Wait up to timeout_ms (< 0: for ever) for SIGTERM or SIGINT; returns
 * the signal, or 0 when the time ran out. Call it from the thread that
 * called httpd_start(). */
int httpd_wait(struct httpd *h, int timeout_ms);

/*
 * Stop gracefully and free h: stop accepting (MHD_quiesce_daemon), answer
 * further requests on open connections with "Connection: close", wait up
 * to cfg.grace seconds until no request is in flight (one whose headers
 * have arrived and whose answer is not sent yet), stop MHD (closing what
 * is left), and run thread_fini on every worker that made a context.
 * Returns how many requests were still in flight when it gave up (0 when
 * all finished).
 */
int httpd_stop(struct httpd *h);

/* Parse "ADDR:PORT" (IPv4 literal) or "[ADDR]:PORT" (IPv6 literal), port
 * 0 to 65535, into *ss and *len. CASES_EINVAL with err naming the value
 * and the expected form. */
int httpd_parse_listen(const char *s, struct sockaddr_storage *ss,
		       socklen_t *len, char *err);

/* Add a response header (copied). CASES_EINVAL when there are already
 * HTTPD_RESPONSE_HEADERS, the name or value is too long, the name is not
 * an HTTP token or the value holds control characters. */
int httpd_response_header(struct httpd_response *resp, const char *name,
			  const char *value);

/* The value of req's first header named name (case-insensitive), or
 * NULL. */
const char *httpd_header(const struct httpd_request *req, const char *name);

/* Set resp's body to a copy of n bytes of data (replacing and freeing a
 * body set before) with content type ctype (borrowed). CASES_ENOMEM if
 * out of memory (the response is unchanged). */
int httpd_response_body(struct httpd_response *resp, const char *ctype,
			const void *data, size_t n);

#endif
