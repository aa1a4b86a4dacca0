/*
 * board.h - the live board of `cases serve`: GET /board, an HTML page for
 * a wall screen or a browser tab (docs/board.md).
 *
 * The page: counts per severity (in the queue, overdue, due, no target,
 * answered), the queue in `cases queue`'s order (overdue first, then due
 * soonest) with a countdown per deadline, and this month's compliance
 * table and chart, drawn by report_html.h's own code. A few lines of
 * inline script tick the countdowns every second and fetch the page again
 * every `refresh` seconds; with scripts off a <meta http-equiv=refresh>
 * reloads it instead. Nothing is fetched from elsewhere: a
 * Content-Security-Policy allows the page's one stylesheet and one script
 * (by their SHA-256) and fetches of itself, nothing else.
 *
 * Who: HTTP Basic with a staff key of `cases key add --staff` (user name
 * the key id, password its secret), and only where the secret does not
 * travel in clear: over TLS (--tls-cert), or on a loopback listen
 * address. Elsewhere /board answers 403 without asking for credentials.
 * GET /board?refresh=N refreshes every N seconds (BOARD_REFRESH_MIN to
 * BOARD_REFRESH_MAX) instead of `refresh`; any other query is 400.
 * No credentials, an unknown or revoked key or a wrong secret: 401 with
 * WWW-Authenticate: Basic realm="cases"; a customer's key: 403 and no
 * data. Read-only: GET and HEAD, anything else 405.
 *
 * It sits in front of the API (api.h): board_httpd_config() wraps an
 * httpd_config filled by api_httpd_config(), so that requests for /board
 * come here and every other request goes to the API unchanged.
 */
#ifndef CASES_SERVE_BOARD_H
#define CASES_SERVE_BOARD_H

#include <stdint.h>

#include "cases/error.h"
#include "cases/tz.h"
#include "httpd.h"

#define BOARD_PATH	     "/board"
#define BOARD_REFRESH	     30	  /* default seconds between refreshes */
#define BOARD_REFRESH_MIN    2	  /* ?refresh=N: N from ... */
#define BOARD_REFRESH_MAX    3600 /* ... to */
#define BOARD_QUEUE_ROWS_MAX 500  /* queue rows shown; the rest counted */

struct board_config {
	const char *db_path;   /* each worker opens it when first asked */
	const struct tz *zone; /* the times shown and "this month" [UTC] */
	int basic_ok;	       /* HTTP Basic allowed: TLS or loopback */
	unsigned refresh;      /* seconds [BOARD_REFRESH] */
	int64_t (*now)(void);  /* the clock [time()] */
};

struct board;

/* The board's state (a copy of cfg). CASES_OK or CASES_ENOMEM. */
int board_new(const struct board_config *cfg, struct board **out,
	      char *err) CASES_MUST_CHECK;

/* Free b, after httpd_stop(). */
void board_free(struct board *b);

/* Wrap cfg, already serving something (its handler, arg, thread_init,
 * thread_fini and error set), so that /board is b's and everything else
 * is served as before. */
void board_httpd_config(struct board *b, struct httpd_config *cfg);

/* Whether a listen address of httpd_parse_listen() is a loopback one
 * (127.0.0.0/8 or ::1): 1, 0, or 0 when it does not parse. */
int board_loopback(const char *listen);

#endif
