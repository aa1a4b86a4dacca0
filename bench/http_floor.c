/*
 * http_floor.c - the floor under `cases serve`'s reads: libmicrohttpd
 * answering every request with a fixed 1 KB body, nothing else.
 *
 *   http_floor PORT THREADS
 *
 * The same daemon as src/serve/httpd.c runs (an internal polling thread
 * with poll(), a thread pool of THREADS), listening on 127.0.0.1:PORT
 * (0: a free port, printed as "port N" on stdout) until SIGTERM or
 * SIGINT. It reads the request body (a signed DescribeCases, as wrk sends
 * it) and throws it away: no signature, no JSON, no database, no log.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

static char body[1024];

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
       const char *version, const char *data, size_t *data_size, void **state)
{
	static int marker;
	struct MHD_Response *r;
	enum MHD_Result ret;

	(void)cls, (void)url, (void)method, (void)version, (void)data;
	if (*state == NULL) {
		*state = &marker; /* headers: wait for the body */
		return MHD_YES;
	}
	if (*data_size) {
		*data_size = 0; /* body read and dropped */
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(sizeof(body), body,
					    MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type",
				"application/x-amz-json-1.1");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

int
main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	sigset_t set;
	int sig;

	if (argc != 3) {
		fputs("usage: http_floor PORT THREADS\n", stderr);
		return 2;
	}
	/* A JSON string of 1024 bytes: {"cases":[],"pad":"xxx..."} */
	memset(body, 'x', sizeof(body));
	memcpy(body, "{\"cases\":[],\"pad\":\"", 19);
	memcpy(body + sizeof(body) - 2, "\"}", 2);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ITC,
		(uint16_t)atoi(argv[1]), NULL, NULL, answer, NULL,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)atoi(argv[2]),
		MHD_OPTION_CONNECTION_LIMIT, 256u,
		MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
	if (!d) {
		fputs("http_floor: cannot start the daemon\n", stderr);
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("port %u\n", info ? info->port : 0);
	fflush(stdout);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
