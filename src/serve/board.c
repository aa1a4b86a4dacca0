/*
 * board.c - the live board of `cases serve` (board.h): HTTP Basic with a
 * staff key, then one page made in a read transaction on the worker's
 * own connection.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "board.h"
#include "cases/calcache.h"
#include "cases/chart.h"
#include "cases/civil.h"
#include "cases/keys.h"
#include "cases/plan.h"
#include "cases/record.h"
#include "cases/report_html.h"
#include "cases/slastate.h"
#include "cases/store.h"
#include "cases/timefmt.h"

#define AUTH_MAX 1024 /* bytes of an Authorization header we read */

/*
 * The page's one script: the countdowns tick every second (from the
 * server's clock: data-now less the browser's at load), and every
 * data-refresh seconds the page is fetched again and its <main> swapped
 * in; a failed fetch says since when the data is old. Static text, so
 * that its SHA-256 is the Content-Security-Policy's (no '<' or '&': the
 * page stays well-formed XML).
 */
static const char board_js[] =
	"(function () {\n"
	"  var main = document.getElementById('board');\n"
	"  var stale = document.getElementById('stale');\n"
	"  var skew = 0, last = Date.now();\n"
	"  function sync() {\n"
	"    skew = Number(main.getAttribute('data-now')) - Date.now() / "
	"1000;\n"
	"    last = Date.now();\n"
	"  }\n"
	"  function pad(n) { return n > 9 ? String(n) : '0' + n; }\n"
	"  function fmt(left) {\n"
	"    var a = Math.abs(left), d = Math.floor(a / 86400),\n"
	"        h = Math.floor(a / 3600) % 24, m = Math.floor(a / 60) % 60,\n"
	"        s = a % 60, t;\n"
	"    if (d) t = d + 'd ' + pad(h) + 'h ' + pad(m) + 'm ' + pad(s) + "
	"'s';\n"
	"    else if (h) t = h + 'h ' + pad(m) + 'm ' + pad(s) + 's';\n"
	"    else if (m) t = m + 'm ' + pad(s) + 's';\n"
	"    else t = s + 's';\n"
	"    return (left >= 0 ? 'in ' : '-') + t;\n"
	"  }\n"
	"  function tick() {\n"
	"    var now = Math.floor(Date.now() / 1000 + skew);\n"
	"    main.querySelectorAll('[data-due]').forEach(function (e) {\n"
	"      var left = Number(e.getAttribute('data-due')) - now;\n"
	"      e.textContent = fmt(left);\n"
	"      if (left >= 0) return;\n"
	"      var tr = e.closest('tr');\n"
	"      if (tr) tr.className = 's-overdue';\n"
	"    });\n"
	"  }\n"
	"  function refresh() {\n"
	"    fetch(location.href, {cache: 'no-store', credentials: "
	"'same-origin'})\n"
	"      .then(function (r) {\n"
	"        if (!r.ok) throw new Error('HTTP ' + r.status);\n"
	"        return r.text();\n"
	"      })\n"
	"      .then(function (t) {\n"
	"        var d = new DOMParser().parseFromString(t, 'text/html');\n"
	"        var n = d.getElementById('board');\n"
	"        if (!n) throw new Error('no board in the answer');\n"
	"        main.replaceWith(document.adoptNode(n));\n"
	"        main = n;\n"
	"        stale.textContent = '';\n"
	"        sync();\n"
	"        tick();\n"
	"      })\n"
	"      .catch(function (e) {\n"
	"        stale.textContent = 'Not updated since ' +\n"
	"          new Date(last).toLocaleTimeString() + ' (' + e.message + "
	"').';\n"
	"      });\n"
	"  }\n"
	"  sync();\n"
	"  tick();\n"
	"  setInterval(tick, 1000);\n"
	"  setInterval(refresh, 1000 * (Number(main.getAttribute("
	"'data-refresh')) || 30));\n"
	"})();\n";

/* The board's rules, after the shared stylesheet's. */
static const char board_css[] =
	"header.board-head{display:flex;flex-wrap:wrap;align-items:baseline;"
	"gap:0 16px}\n"
	"p.stale{color:#b00020;font-weight:600;margin:0}\n"
	"div.board{display:grid;gap:8px 28px;grid-template-columns:"
	"minmax(0,1fr)}\n"
	"@media (min-width:1100px){div.board{grid-template-columns:"
	"minmax(0,3fr) minmax(0,2fr)}}\n"
	"div.board section{min-width:0}\n"
	"table.queue{border-collapse:collapse;width:100%;"
	"font-variant-numeric:tabular-nums}\n"
	"table.queue th,table.queue td{padding:3px 6px;text-align:left;"
	"border-bottom:1px solid #ddd;vertical-align:top}\n"
	"table.queue thead th{border-bottom:1px solid #888}\n"
	"table.queue caption{text-align:left;color:#555;font-size:.9em;"
	"padding-bottom:2px}\n"
	"div.board figure.chart svg{max-width:620px}\n"
	"table.queue td.num,table.queue td.sla{white-space:nowrap}\n"
	"table.queue td.subject{overflow-wrap:anywhere;width:100%}\n"
	"tr.s-overdue td.sla,tr.s-breached td.sla{color:#b00020;"
	"font-weight:700}\n"
	"tr.s-overdue td.num{border-left:4px solid #b00020}\n"
	"tr.s-warned td.sla{color:#8a5a00;font-weight:600}\n"
	"tr.s-answered td.sla,tr.s-none td.sla,tr.s-late td.sla{color:#555}\n"
	"@media (max-width:700px){table.queue .acct,table.queue .deadline"
	"{display:none}table.queue th,table.queue td{padding:3px 3px}"
	"#severity-counts{font-size:.8em}#severity-counts th,"
	"#severity-counts td{padding:2px 3px}}\n";

struct board {
	char *db_path;
	const struct tz *zone;
	int basic_ok;
	unsigned refresh;
	int64_t (*now)(void);
	char script_src[64]; /* 'sha256-...' of board_js */
	/* What the board is in front of. */
	int (*handler)(const struct httpd_request *req,
		       struct httpd_response *resp);
	void *arg;
	void *(*thread_init)(void *arg);
	void (*thread_fini)(void *arg, void *thread_ctx);
	void (*error)(void *arg, const char *reason,
		      struct httpd_response *resp);
};

/* A worker's context: the wrapped server's, and the board's connection
 * (opened at the worker's first request for the board). */
struct board_thread {
	void *inner;
	struct store *st;
};

/* 'sha256-BASE64' of n bytes of s into out (64 bytes). */
static void
csp_hash(const void *s, size_t n, char *out)
{
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256(s, n, md);
	memcpy(out, "'sha256-", 8);
	EVP_EncodeBlock((unsigned char *)out + 8, md, sizeof md);
	strcat(out, "'");
}

int
board_loopback(const char *listen)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char err[CASES_ERRMAX];

	if (httpd_parse_listen(listen, &ss, &len, err) != CASES_OK)
		return 0;
	if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;
		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 =
			(const struct sockaddr_in6 *)&ss;
		return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
	}
	return 0;
}

/* ---- responses ---- */

/* The headers of every answer of the board. */
static int
common_headers(struct httpd_response *resp, const char *csp)
{
	int rc = httpd_response_header(resp, "Content-Security-Policy", csp);

	if (rc == CASES_OK)
		rc = httpd_response_header(resp, "X-Content-Type-Options",
					   "nosniff");
	if (rc == CASES_OK)
		rc = httpd_response_header(resp, "Cache-Control", "no-store");
	if (rc == CASES_OK)
		rc = httpd_response_header(resp, "Referrer-Policy",
					   "no-referrer");
	return rc;
}

/* A short page of our own words (no data) with status and its headers. */
static int
small_page(struct httpd_response *resp, int status, const char *title,
	   const char *text)
{
	char body[1024];
	int n, rc;

	resp->status = status;
	rc = common_headers(resp, "default-src 'none'; base-uri 'none'; "
				  "form-action 'none'; frame-ancestors 'none'");
	if (rc)
		return rc;
	n = snprintf(body, sizeof body,
		     "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		     "<meta charset=\"utf-8\" />\n<title>%d %s</title>\n"
		     "</head>\n<body>\n<h1>%s</h1>\n<p>%s</p>\n</body>\n"
		     "</html>\n",
		     status, title, title, text);
	return httpd_response_body(resp, "text/html; charset=utf-8", body,
				   (size_t)n);
}

static int
unauthorized(struct httpd_response *resp)
{
	int rc = httpd_response_header(
		resp, "WWW-Authenticate",
		"Basic realm=\"cases\", charset=\"UTF-8\"");

	if (rc)
		return rc;
	return small_page(resp, 401, "Unauthorized",
			  "The board asks for a staff key of this desk: user "
			  "name the access key id, password its secret "
			  "(<code>cases key add --staff NAME</code>).");
}

/* ---- authentication ---- */

/*
 * Split an Authorization header "Basic BASE64(id:secret)" into id and
 * secret (each at most max bytes). 0, or -1 when it is absent or not
 * that.
 */
static int
basic_credentials(const char *h, char *id, char *secret, size_t max)
{
	unsigned char buf[AUTH_MAX];
	size_t n, len;
	int out;
	const char *colon;

	if (!h || strncasecmp(h, "Basic ", 6) != 0)
		return -1;
	h += 6;
	while (*h == ' ')
		h++;
	len = strlen(h);
	while (len && h[len - 1] == ' ')
		len--;
	if (len == 0 || len % 4 || len / 4 * 3 >= sizeof buf)
		return -1;
	out = EVP_DecodeBlock(buf, (const unsigned char *)h, (int)len);
	if (out < 0)
		return -1;
	n = (size_t)out;
	/* EVP_DecodeBlock counts the padding as zero bytes. */
	if (h[len - 1] == '=')
		n--;
	if (h[len - 2] == '=')
		n--;
	if (memchr(buf, '\0', n))
		return -1;
	buf[n] = '\0';
	colon = strchr((char *)buf, ':');
	if (!colon || (size_t)(colon - (char *)buf) > max
	    || strlen(colon + 1) > max) {
		OPENSSL_cleanse(buf, sizeof buf);
		return -1;
	}
	memcpy(id, buf, (size_t)(colon - (char *)buf));
	id[colon - (char *)buf] = '\0';
	strcpy(secret, colon + 1);
	OPENSSL_cleanse(buf, sizeof buf);
	return 0;
}

/* ---- the page ---- */

#define STR_(x)		    #x
#define STR(x)		    STR_(x)
#define BOARD_REFRESH_MIN_S STR(BOARD_REFRESH_MIN)
#define BOARD_REFRESH_MAX_S STR(BOARD_REFRESH_MAX)

/* The query of /board: "" (*refresh = dflt) or "refresh=N", N seconds
 * from BOARD_REFRESH_MIN to BOARD_REFRESH_MAX. 0, or -1 for anything
 * else. */
static int
parse_query(const char *q, unsigned dflt, unsigned *refresh)
{
	unsigned long n = 0;
	size_t i;

	*refresh = dflt;
	if (!q || !*q)
		return 0;
	if (strncmp(q, "refresh=", 8) != 0)
		return -1;
	for (i = 8; q[i] >= '0' && q[i] <= '9' && i < 14; i++)
		n = n * 10 + (unsigned long)(q[i] - '0');
	if (i == 8 || q[i] || n < BOARD_REFRESH_MIN || n > BOARD_REFRESH_MAX)
		return -1;
	*refresh = (unsigned)n;
	return 0;
}

/* A case of the queue with its state. */
struct qrow {
	struct case_rec c;
	struct slastate_info s;
};

struct counts {
	int64_t queue, overdue, due, untargeted, answered;
};

struct gather {
	struct calcache cc;
	int64_t now;
	struct qrow *rows;
	size_t n, cap;
	struct counts by_sev[SEV_COUNT], total;
	char *err;
};

static void
count(struct counts *k, const struct case_rec *c, int64_t now)
{
	k->queue++;
	if (c->first_response_at != CASE_NONE)
		k->answered++;
	else if (c->due_at == CASE_NONE)
		k->untargeted++;
	else if (c->due_at < now) /* as `cases overdue`: now > due_at */
		k->overdue++;
	else
		k->due++;
}

static int
gather_cb(void *arg, const struct case_rec *c)
{
	struct gather *g = arg;
	const struct calendar *cal = NULL;
	struct qrow *r;
	char err[CASES_ERRMAX];

	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		struct qrow *n = realloc(g->rows, cap * sizeof(*n));
		if (!n)
			return cases_errf(g->err, CASES_ENOMEM,
					  "out of memory");
		g->rows = n;
		g->cap = cap;
	}
	r = &g->rows[g->n];
	if (case_rec_copy(c, &r->c) != CASES_OK)
		return cases_errf(g->err, CASES_ENOMEM, "out of memory");
	g->n++;
	if (c->clock == CLOCK_BUSINESS && c->due_at != CASE_NONE
	    && calcache_calendar(&g->cc, c->cal_ver, &cal, err) != CASES_OK)
		cal = NULL; /* wall time, as the queue does */
	slastate_get(&r->c, cal, g->now, &r->s);
	if (c->severity > 0 && c->severity < SEV_COUNT)
		count(&g->by_sev[c->severity], c, g->now);
	count(&g->total, c, g->now);
	return 0;
}

static int
qrow_cmp(const void *pa, const void *pb)
{
	const struct qrow *a = pa, *b = pb;

	return slastate_cmp_urgency(&a->c, &a->s, &b->c, &b->s);
}

/* The countdown's text, as the script writes it: "in 1h 05m 09s",
 * "-2d 03h 00m 10s". */
static void
countdown(int64_t left, char *buf, size_t n)
{
	const char *sign = left < 0 ? "-" : "in ";
	long long a = left < 0 ? -(long long)left : (long long)left;
	long long d = a / 86400, h = a / 3600 % 24, m = a / 60 % 60, s = a % 60;

	if (d)
		snprintf(buf, n, "%s%lldd %02lldh %02lldm %02llds", sign, d, h,
			 m, s);
	else if (h)
		snprintf(buf, n, "%s%lldh %02lldm %02llds", sign, h, m, s);
	else if (m)
		snprintf(buf, n, "%s%lldm %02llds", sign, m, s);
	else
		snprintf(buf, n, "%s%llds", sign, s);
}

struct out {
	FILE *f;
	char *err;
	int rc;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
put(struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->rc)
		return;
	va_start(ap, fmt);
	if (vfprintf(o->f, fmt, ap) < 0)
		o->rc = cases_errf(o->err, CASES_EIO, "writing the page");
	va_end(ap);
}

static void
text(struct out *o, const char *s)
{
	if (!o->rc)
		o->rc = chart_html_text(o->f, s, o->err);
}

static void
write_counts(struct out *o, const struct gather *g)
{
	static const char *const cols[] = { "In queue", "Overdue", "Due",
					    "No target", "Answered" };

	put(o, "<section>\n<h2>Counts</h2>\n<div class=\"table-wrap\">"
	       "<table class=\"chart-data\" id=\"severity-counts\">\n"
	       "<caption>Unresolved cases by severity</caption>\n<thead><tr>"
	       "<th scope=\"col\">Severity</th>");
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		put(o, "<th scope=\"col\">%s</th>", cols[i]);
	put(o, "</tr></thead>\n<tbody>\n");
	for (int sev = SEV_COUNT - 1; sev >= 0; sev--) {
		const struct counts *k = sev ? &g->by_sev[sev] : &g->total;
		put(o, "<tr%s data-severity=\"%s\"><th scope=\"row\">%s</th>",
		    sev ? "" : " class=\"total\"",
		    sev ? plan_severity_name(sev) : "total",
		    sev ? plan_severity_name(sev) : "(total)");
		put(o,
		    "<td>%" PRId64 "</td><td>%" PRId64 "</td><td>%" PRId64
		    "</td><td>%" PRId64 "</td><td>%" PRId64 "</td></tr>\n",
		    k->queue, k->overdue, k->due, k->untargeted, k->answered);
	}
	put(o, "</tbody></table></div>\n</section>\n");
}

static const char *
row_class(const struct qrow *r, int64_t now)
{
	if (!r->s.running)
		return r->s.state == SLASTATE_BREACHED ? "s-late"
						       : "s-answered";
	if (r->c.due_at == CASE_NONE)
		return "s-none";
	if (r->c.due_at < now)
		return "s-overdue";
	if (r->s.state == SLASTATE_BREACHED)
		return "s-breached";
	if (r->s.state == SLASTATE_WARNED)
		return "s-warned";
	return "s-due";
}

static void
write_queue(struct out *o, const struct board *b, const struct gather *g)
{
	size_t shown =
		g->n < BOARD_QUEUE_ROWS_MAX ? g->n : BOARD_QUEUE_ROWS_MAX;
	char buf[TIMEFMT_MAX * 2];

	put(o, "<section>\n<h2>Queue</h2>\n");
	if (!g->n) {
		put(o, "<p id=\"queue-empty\">Nothing to do: no unresolved "
		       "cases.</p>\n</section>\n");
		return;
	}
	put(o, "<table class=\"queue\" id=\"queue\">\n<caption class=\"meta\">"
	       "Unresolved cases, most urgent first: overdue, then due "
	       "soonest, then no target, then answered. Countdowns run in "
	       "wall-clock time to the deadline.</caption>\n<thead><tr>"
	       "<th scope=\"col\" class=\"num\">#</th>"
	       "<th scope=\"col\" class=\"sla\">SLA</th>"
	       "<th scope=\"col\">Severity</th>"
	       "<th scope=\"col\" class=\"acct\">Account</th>"
	       "<th scope=\"col\">Subject</th>"
	       "<th scope=\"col\" class=\"deadline\">Deadline</th>"
	       "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < shown; i++) {
		const struct qrow *r = &g->rows[i];
		put(o,
		    "<tr class=\"%s\" data-number=\"%" PRId64 "\">"
		    "<td class=\"num\">%" PRId64 "</td><td class=\"sla\">",
		    row_class(r, g->now), r->c.rowid, r->c.rowid);
		if (!r->s.running)
			/* as the queue says it */
			put(o, "%s",
			    r->s.state == SLASTATE_BREACHED ? "breached"
							    : "answered");
		else if (r->c.due_at == CASE_NONE)
			put(o, "no target");
		else {
			countdown(r->c.due_at - g->now, buf, sizeof buf);
			put(o,
			    "<span class=\"countdown\" data-due=\"%" PRId64
			    "\">%s</span>",
			    r->c.due_at, buf);
		}
		put(o, "</td><td>%s</td><td class=\"acct\">",
		    plan_severity_name(r->c.severity));
		text(o, r->c.account ? r->c.account : "\xe2\x80\x93");
		put(o, "</td><td class=\"subject\">");
		text(o, r->c.subject);
		put(o, "</td><td class=\"deadline\">");
		if (r->c.due_at != CASE_NONE)
			put(o, "%s",
			    timefmt_short(r->c.due_at, b->zone, g->now, buf));
		else
			put(o, "\xe2\x80\x93");
		put(o, "</td></tr>\n");
	}
	put(o, "</tbody></table>\n");
	if (shown < g->n)
		put(o,
		    "<p class=\"meta\" id=\"queue-more\">and %zu more "
		    "(<code>cases queue</code> lists them all).</p>\n",
		    g->n - shown);
	put(o, "</section>\n");
}

/* [since, until): the calendar month of now in zone. */
static void
this_month(const struct tz *zone, int64_t now, int64_t *since, int64_t *until)
{
	int64_t local = tz_to_local(zone, now), days, y;
	int m, d;

	days = local / 86400 - (local % 86400 < 0);
	civil_from_days(days, &y, &m, &d);
	*since = tz_to_utc(zone, civil_days(y, m, 1) * 86400);
	*until = tz_to_utc(zone, (m == 12 ? civil_days(y + 1, 1, 1)
					  : civil_days(y, m + 1, 1))
					 * 86400);
}

static void
write_compliance(struct out *o, const struct board *b, struct store *st,
		 int64_t now)
{
	struct report_html_req h = {
		.req = { .by = STORE_BY_SEVERITY, .at = now }, .zone = b->zone
	};
	char a[TIMEFMT_MAX], z[TIMEFMT_MAX];

	this_month(b->zone, now, &h.req.since, &h.req.until);
	put(o,
	    "<section id=\"month\" data-since=\"%" PRId64
	    "\" data-until=\"%" PRId64
	    "\">\n<p class=\"meta\">This month: cases opened from %s to "
	    "%s.</p>\n",
	    h.req.since, h.req.until, timefmt_local(h.req.since, b->zone, a),
	    timefmt_local(h.req.until, b->zone, z));
	if (!o->rc) {
		o->rc = report_html_compliance_write(o->f, st, &h, o->err);
		fflush(o->f);
	}
	put(o, "</section>\n");
}

/* The whole page into o, in st's open read transaction. */
static void
write_page(struct out *o, const struct board *b, struct store *st, int64_t now,
	   unsigned refresh)
{
	struct chart_page page = { .title = "Support board",
				   .refresh = refresh,
				   .refresh_noscript = 1,
				   .css = board_css };
	struct case_filter f = CASE_FILTER_INIT;
	struct gather g = { .now = now, .err = o->err };
	char buf[TIMEFMT_MAX];

	calcache_init(&g.cc, st);
	o->rc = store_case_list(st, &f, gather_cb, &g, o->err);
	if (o->rc)
		goto out;
	if (g.n > 1)
		qsort(g.rows, g.n, sizeof(*g.rows), qrow_cmp);
	o->rc = chart_page_begin(o->f, &page, o->err);
	put(o,
	    "<header class=\"board-head\"><h1>Support board</h1>"
	    "<p class=\"stale\" id=\"stale\" role=\"status\"></p></header>\n");
	put(o,
	    "<main id=\"board\" data-now=\"%" PRId64 "\" data-refresh=\"%u\">\n"
	    "<p class=\"meta\">Updated <time id=\"updated\">%s</time>, times "
	    "in ",
	    now, refresh, timefmt_local_sec(now, b->zone, buf));
	text(o, tz_name(b->zone));
	put(o,
	    "; refreshed every %u s. %" PRId64 " unresolved, %" PRId64
	    " overdue.</p>\n<div class=\"board\">\n",
	    refresh, g.total.queue, g.total.overdue);
	write_queue(o, b, &g);
	put(o, "<div>\n");
	write_counts(o, &g);
	write_compliance(o, b, st, now);
	/* The script's text exactly as hashed for the CSP. */
	put(o, "</div>\n</div>\n</main>\n<script>%s</script>\n", board_js);
	if (!o->rc)
		o->rc = chart_page_end(o->f, o->err);
out:
	for (size_t i = 0; i < g.n; i++)
		case_rec_release(&g.rows[i].c);
	free(g.rows);
	calcache_release(&g.cc);
}

/* The page's Content-Security-Policy: its stylesheet (the first <style>
 * of the page, which is chart.h's head: page text is escaped and cannot
 * hold one) and its script by hash, fetches of itself, nothing else. */
static int
page_csp(const struct board *b, const char *page, char *csp, size_t max)
{
	const char *s = strstr(page, "<style>"), *e;
	char style[64];

	if (!s)
		return -1;
	s += 7;
	e = strstr(s, "</style>");
	if (!e)
		return -1;
	csp_hash(s, (size_t)(e - s), style);
	if ((size_t)snprintf(csp, max,
			     "default-src 'none'; style-src %s; script-src "
			     "%s; connect-src 'self'; base-uri 'none'; "
			     "form-action 'none'; frame-ancestors 'none'",
			     style, b->script_src)
	    >= max)
		return -1;
	return 0;
}

/* Make the board for an authenticated staff member. */
static int
serve_page(struct board *b, struct store *st, int64_t now, unsigned refresh,
	   struct httpd_response *resp)
{
	struct out o = { .err = NULL };
	char err[CASES_ERRMAX], csp[256];
	char *page = NULL;
	size_t n = 0;
	int rc;

	o.err = err;
	o.f = open_memstream(&page, &n);
	if (!o.f)
		return CASES_ENOMEM;
	write_page(&o, b, st, now, refresh);
	if (fclose(o.f) != 0 && !o.rc)
		o.rc = cases_errf(err, CASES_EIO, "writing the page");
	if (o.rc) {
		fprintf(stderr, "cases: serve: board: %s\n", err);
		free(page);
		return small_page(resp, 500, "Internal Server Error",
				  "The board could not be made; the server's "
				  "log says why.");
	}
	if (page_csp(b, page, csp, sizeof csp)) {
		free(page);
		return CASES_EINVAL;
	}
	rc = common_headers(resp, csp);
	if (rc == CASES_OK) {
		/* httpd frees a body set by hand; page is ours to give. */
		resp->content_type = "text/html; charset=utf-8";
		resp->body = page;
		resp->body_len = n;
		return CASES_OK;
	}
	free(page);
	return rc;
}

static int
serve_board(struct board *b, struct board_thread *t,
	    const struct httpd_request *req, struct httpd_response *resp)
{
	struct key_rec key;
	char id[STORE_KEYID_MAX + 1], secret[STORE_SECRET_MAX + 1];
	char err[CASES_ERRMAX];
	int64_t now = b->now ? b->now() : (int64_t)time(NULL);
	unsigned refresh;
	int rc, ok;

	snprintf(resp->log.operation, sizeof resp->log.operation, "board");
	if (strcmp(req->method, "GET") != 0
	    && strcmp(req->method, "HEAD") != 0) {
		rc = httpd_response_header(resp, "Allow", "GET, HEAD");
		return rc ? rc
			  : small_page(resp, 405, "Method Not Allowed",
				       "The board is read-only: GET or HEAD.");
	}
	if (parse_query(req->query, b->refresh, &refresh))
		return small_page(resp, 400, "Bad Request",
				  "The board takes one query parameter: "
				  "refresh=SECONDS, from " BOARD_REFRESH_MIN_S
				  " to " BOARD_REFRESH_MAX_S ".");
	if (!b->basic_ok)
		return small_page(resp, 403, "Forbidden",
				  "The board is served over HTTPS (cases serve "
				  "--tls-cert) or on a loopback address only: "
				  "its password would travel in clear here.");
	if (basic_credentials(httpd_header(req, "Authorization"), id, secret,
			      STORE_KEYID_MAX))
		return unauthorized(resp);
	snprintf(resp->log.key_id, sizeof resp->log.key_id, "%s", id);
	if (!t->st && store_open(b->db_path, &t->st, err) != CASES_OK) {
		fprintf(stderr, "cases: serve: board: %s\n", err);
		t->st = NULL;
		OPENSSL_cleanse(secret, sizeof secret);
		return small_page(resp, 500, "Internal Server Error",
				  "The database could not be opened.");
	}
	if (store_begin(t->st, 0, err) != CASES_OK) {
		fprintf(stderr, "cases: serve: board: %s\n", err);
		OPENSSL_cleanse(secret, sizeof secret);
		return small_page(resp, 500, "Internal Server Error",
				  "The database could not be read.");
	}
	rc = keys_lookup(t->st, id, &key, err);
	ok = rc == CASES_OK && strlen(key.secret) == strlen(secret)
	     && CRYPTO_memcmp(key.secret, secret, strlen(secret)) == 0;
	OPENSSL_cleanse(secret, sizeof secret);
	OPENSSL_cleanse(key.secret, sizeof key.secret);
	if (rc != CASES_OK && rc != CASES_ENOTFOUND) {
		fprintf(stderr, "cases: serve: board: %s\n", err);
		rc = small_page(resp, 500, "Internal Server Error",
				"The keys could not be read.");
	} else if (!ok) {
		rc = unauthorized(resp);
	} else if (key.account_id != 0) {
		snprintf(resp->log.account, sizeof resp->log.account, "%.*s",
			 HTTPD_LOG_ACCOUNT_MAX, key.account ? key.account : "");
		rc = small_page(resp, 403, "Forbidden",
				"The board is for the support desk's staff "
				"keys; a customer's key cannot see it.");
	} else {
		snprintf(resp->log.account, sizeof resp->log.account, "%.*s",
			 HTTPD_LOG_ACCOUNT_MAX, key.staff);
		rc = serve_page(b, t->st, now, refresh, resp);
	}
	store_rollback(t->st);
	return rc;
}

/* ---- in front of the API ---- */

static int
handle(const struct httpd_request *req, struct httpd_response *resp)
{
	struct board *b = req->arg;
	struct board_thread *t = req->thread_ctx;
	struct httpd_request inner;

	if (strcmp(req->path, BOARD_PATH) == 0)
		return serve_board(b, t, req, resp);
	inner = *req;
	inner.arg = b->arg;
	inner.thread_ctx = t->inner;
	return b->handler(&inner, resp);
}

static void *
thread_init(void *arg)
{
	struct board *b = arg;
	struct board_thread *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	if (b->thread_init && !(t->inner = b->thread_init(b->arg))) {
		free(t);
		return NULL;
	}
	return t;
}

static void
thread_fini(void *arg, void *ctx)
{
	struct board *b = arg;
	struct board_thread *t = ctx;

	if (b->thread_fini)
		b->thread_fini(b->arg, t->inner);
	if (t->st)
		store_close(t->st);
	free(t);
}

static void
error(void *arg, const char *reason, struct httpd_response *resp)
{
	struct board *b = arg;

	if (b->error)
		b->error(b->arg, reason, resp);
	else if (httpd_response_body(resp, "text/plain", reason, strlen(reason))
		 != CASES_OK)
		resp->status = 500;
}

int
board_new(const struct board_config *cfg, struct board **out, char *err)
{
	struct board *b = calloc(1, sizeof(*b));

	*out = NULL;
	if (b && cfg->db_path && !(b->db_path = strdup(cfg->db_path))) {
		free(b);
		b = NULL;
	}
	if (!b)
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	b->zone = cfg->zone ? cfg->zone : tz_utc();
	b->basic_ok = cfg->basic_ok;
	b->refresh = cfg->refresh ? cfg->refresh : BOARD_REFRESH;
	b->now = cfg->now;
	csp_hash(board_js, strlen(board_js), b->script_src);
	*out = b;
	return CASES_OK;
}

void
board_free(struct board *b)
{
	if (!b)
		return;
	free(b->db_path);
	free(b);
}

void
board_httpd_config(struct board *b, struct httpd_config *cfg)
{
	b->handler = cfg->handler;
	b->arg = cfg->arg;
	b->thread_init = cfg->thread_init;
	b->thread_fini = cfg->thread_fini;
	b->error = cfg->error;
	cfg->handler = handle;
	cfg->arg = b;
	cfg->thread_init = thread_init;
	cfg->thread_fini = thread_fini;
	cfg->error = error;
}
