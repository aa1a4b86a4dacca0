/*
 * gen.c - the benchmark's dataset generator.
 *
 * Fills a database that `cases` created (schema, seed plans, and the
 * calendars and accounts bench/run added with `cases calendar add` and
 * `cases account add`) with N realistic cases, fast:
 *
 *   gen --db DB --cases N --now UNIX [--seed S] [--jsonl FILE]
 *   gen --db DB --cases N --now UNIX --taskwarrior FILE
 *
 * What the cases look like:
 *  - opened at increasing instants over the two years before --now (ids
 *    follow opening order, as in real use);
 *  - 90% belong to one of the database's accounts (a few large customers,
 *    a long tail of small ones: Zipf-like weights), 10% name a plan only;
 *  - category, severity and channel drawn among what the plan allows
 *    (15% account-billing, severities weighted towards the low ones),
 *    checked with plan_check_case(); target and clock from the plan, and
 *    due_at from sla_due() on the account's calendar for business-hours
 *    targets, so every row is what `cases open` would have written;
 *  - exactly N/100 cases are unanswered and overdue at --now (opened in
 *    the 45 days before it, no breach recorded yet: the first `cases
 *    check` records N/100 breaches); every other case has its first
 *    response (about 9% of those late, with the breach the cron job would
 *    have recorded a minute after the deadline) and most are resolved
 *    (half of the last 30 days' cases are still open for work);
 *  - subjects built from services, symptoms and places, some with
 *    quotes and non-ASCII letters;
 *  - events: opened, breached (if any), responded, resolved.
 *
 * The load is one transaction with the journal off; the secondary indexes
 * of `cases` and `event` are dropped first and re-created from their own
 * stored SQL afterwards (a sorted build is much faster than 1M random
 * inserts), then the database is put back into WAL mode. The same run can
 * write the cases as JSON lines (--jsonl, the input of the import
 * benchmark): `cases export` of the generated database gives the same
 * bytes. The same --seed gives the same cases.
 *
 * --taskwarrior writes no database: it writes the same kind of data as
 * Taskwarrior import JSON (one task per line): unanswered overdue cases
 * become pending tasks with a past due date, answered but unresolved ones
 * pending tasks without one, resolved ones completed tasks.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "cases/calendar.h"
#include "cases/case.h"
#include "cases/error.h"
#include "cases/plan.h"
#include "cases/store.h"
#include "cases/timefmt.h"

#define DAY  86400
#define NONE CASE_NONE

/* ---- what the database holds ---- */

struct gplan {
	struct plan p;
};

struct gcal {
	int64_t ver;
	struct calendar_buf buf;
	int loaded;
};

struct gacct {
	int64_t id;
	char *name;
	int plan;   /* index into plans */
	int cal;    /* index into cals */
	double cum; /* cumulative weight */
};

static struct gplan plans[64];
static int nplans;
static struct gcal cals[256];
static int ncals;
static struct gacct *accts;
static int naccts, acct_cap;
static int utc_cal; /* the calendar of cases without an account */

/* ---- one generated case ---- */

struct gcase {
	int64_t opened, target, due, fr, res, br;
	int32_t acct; /* -1: none */
	uint8_t plan, sev, cat, chan, clock;
	uint32_t subj;
	unsigned char uuid[16];
};

static uint64_t seed_state = 1;

static uint64_t
rnd(void)
{
	uint64_t z = (seed_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double
unif(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

static int64_t
between(int64_t lo, int64_t hi)
{
	return hi <= lo ? lo : lo + (int64_t)(rnd() % (uint64_t)(hi - lo));
}

static double
secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "gen: %s: %s\n", what, why);
	exit(1);
}

/* ---- reading plans, calendars and accounts through libcases ---- */

static int
cal_index(struct store *st, int64_t ver)
{
	char err[CASES_ERRMAX];
	struct cal_rec cr;

	for (int i = 0; i < ncals; i++)
		if (cals[i].ver == ver)
			return i;
	if (ncals == (int)(sizeof(cals) / sizeof(cals[0])))
		die("calendars", "too many");
	if (store_calendar_get_ver(st, ver, &cr, err) != CASES_OK)
		die("reading a calendar", err);
	if (calendar_load(&cals[ncals].buf, cr.tz, cr.hours, cr.holidays, err)
	    != CASES_OK)
		die("loading a calendar", err);
	cal_rec_release(&cr);
	cals[ncals].ver = ver;
	cals[ncals].loaded = 1;
	return ncals++;
}

static int
plan_cb(void *arg, const struct plan *p)
{
	(void)arg;
	if (nplans == (int)(sizeof(plans) / sizeof(plans[0])))
		return 1;
	plans[nplans++].p = *p;
	return 0;
}

static int
acct_cb(void *arg, const struct account_rec *a)
{
	struct store *st = arg;
	struct gacct *g;
	int pi = -1;

	for (int i = 0; i < nplans; i++)
		if (plans[i].p.id == a->plan_id)
			pi = i;
	if (pi < 0)
		return 1;
	if (naccts == acct_cap) {
		acct_cap = acct_cap ? acct_cap * 2 : 64;
		accts = realloc(accts, (size_t)acct_cap * sizeof(*accts));
		if (!accts)
			die("accounts", "out of memory");
	}
	g = &accts[naccts++];
	g->id = a->id;
	g->name = strdup(a->name);
	g->plan = pi;
	g->cal = cal_index(st, a->cal_ver);
	return 0;
}

static void
load_world(const char *path)
{
	char err[CASES_ERRMAX];
	struct store *st;
	int64_t utc_ver;
	double w = 0;

	if (store_open(path, &st, err) != CASES_OK)
		die(path, err);
	if (store_begin(st, 1, err) != CASES_OK
	    || store_plan_each(st, plan_cb, NULL, err) != CASES_OK
	    || store_account_each(st, acct_cb, st, err) != CASES_OK
	    || store_calver_intern(st, "UTC", SLA_DEFAULT_HOURS, "", &utc_ver,
				   err)
		       != CASES_OK
	    || store_commit(st, err) != CASES_OK)
		die(path, err);
	utc_cal = cal_index(st, utc_ver);
	store_close(st);
	if (nplans == 0)
		die(path, "no plans");
	/* A few large customers and a long tail; the larger the plan, the
	 * more cases. */
	for (int i = 0; i < naccts; i++) {
		const char *pn = plans[accts[i].plan].p.name;
		double f = strcmp(pn, "basic") == 0	   ? 0.3
			   : strcmp(pn, "developer") == 0  ? 0.8
			   : strcmp(pn, "enterprise") == 0 ? 2.5
							   : 1.5;
		w += f / (1.0 + 0.35 * i);
		accts[i].cum = w;
	}
	for (int i = 0; i < naccts; i++)
		accts[i].cum /= w;
}

static int
pick_account(void)
{
	double u = unif();
	int lo = 0, hi = naccts - 1;

	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (accts[mid].cum < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
plan_named(const char *name)
{
	for (int i = 0; i < nplans; i++)
		if (strcmp(plans[i].p.name, name) == 0)
			return i;
	return -1;
}

/* A plan for a case without an account: mostly the paid ones. */
static int
pick_plan(void)
{
	static const char *const names[] = { "basic",	   "developer",
					     "developer",  "business",
					     "business",   "business",
					     "enterprise", "enterprise" };
	int i = plan_named(names[rnd() % 8]);

	return i >= 0 ? i : (int)(rnd() % (uint64_t)nplans);
}

/* Draw an index with weights w[0..n-1], among those allowed. */
static int
weighted(const int *w, const int *allowed, int n)
{
	int total = 0, r;

	for (int i = 0; i < n; i++)
		total += allowed[i] ? w[i] : 0;
	if (total == 0)
		return -1;
	r = (int)(rnd() % (uint64_t)total);
	for (int i = 0; i < n; i++) {
		if (!allowed[i])
			continue;
		if (r < w[i])
			return i;
		r -= w[i];
	}
	return -1;
}

/* ---- subjects ---- */

static const char *const services[] = {
	"Checkout",
	"RDS failover",
	"S3 bucket",
	"Lambda function",
	"EKS cluster",
	"CloudFront distribution",
	"API Gateway",
	"DynamoDB table",
	"ElastiCache node",
	"Route 53 record",
	"Load balancer",
	"EC2 instance i-0a1b2c3d",
	"SQS queue",
	"Kinesis stream",
	"IAM role",
	"VPN tunnel",
	"Aurora replica",
	"OpenSearch domain",
	"Step Functions workflow",
	"ECS service",
	"Invoice",
	"Reserved instance",
	"Savings plan",
	"Payment",
	"Login page",
	"Mobile app backend",
	"Data pipeline",
	"Nightly batch job",
	"Search API",
	"Webhook delivery",
};

static const char *const symptoms[] = {
	"returns 502",
	"times out after 30 s",
	"is unreachable",
	"throttles requests",
	"reports high latency",
	"keeps restarting",
	"fails health checks",
	"returns \"AccessDenied\"",
	"lost connections overnight",
	"is slower since the upgrade",
	"cannot scale out",
	"shows a wrong total",
	"was charged twice",
	"needs a limit increase",
	"drops messages",
	"fills its disk",
	"rejects valid certificates",
	"has stale DNS answers",
	"returns 500 under load",
	"took 10 minutes to fail over",
	"question about pricing",
	"needs architecture review",
	"leaks memory",
	"hits the connection limit",
	"duplicates events",
	"is stuck in pending",
	"returns 429",
	"has replication lag",
	"cannot be deleted",
	"reboots randomly",
};

static const char *const places[] = {
	"",
	"",
	"",
	"",
	" in eu-west-1",
	" in us-east-1",
	" in ap-southeast-2",
	" (Zürich office)",
	" for the São Paulo team",
	" since 09:00",
	" after deploy 4711",
	" — urgent for Q4 close",
	" on staging",
	" in production",
};

#define NSERV  (sizeof(services) / sizeof(services[0]))
#define NSYMP  (sizeof(symptoms) / sizeof(symptoms[0]))
#define NPLACE (sizeof(places) / sizeof(places[0]))

static void
subject(uint32_t s, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s%s", services[s % NSERV],
		 symptoms[(s / NSERV) % NSYMP],
		 places[(s / (NSERV * NSYMP)) % NPLACE]);
}

/* ---- generating ---- */

static void
make_case(struct gcase *c, int64_t opened, int64_t now)
{
	static const int sev_w[SEV_COUNT] = { 0, 35, 30, 20, 10, 5 };
	static const int cat_w[CAT_COUNT] = { 15, 70, 6, 4, 3, 2 };
	static const int chan_w[CH_COUNT] = { 50, 25, 10, 10, 5 };
	int allowed[8], pi, ci, sev, cat, chan, clock;
	const struct plan *p;
	char err[CASES_ERRMAX];
	int64_t target;

	memset(c, 0, sizeof(*c));
	c->opened = opened;
	if (naccts > 0 && rnd() % 10 != 0) {
		c->acct = pick_account();
		pi = accts[c->acct].plan;
		ci = accts[c->acct].cal;
	} else {
		c->acct = -1;
		pi = pick_plan();
		ci = utc_cal;
	}
	p = &plans[pi].p;
	for (int i = 0; i < CAT_COUNT; i++)
		allowed[i] = (p->categories >> i) & 1;
	cat = weighted(cat_w, allowed, CAT_COUNT);
	if (cat < 0)
		die(p->name, "plan allows no category");
	if (cat == CAT_ACCOUNT_BILLING) {
		sev = SEV_GENERAL;
	} else {
		for (int i = 0; i < SEV_COUNT; i++)
			allowed[i] = i > 0 && p->target_s[i] > 0;
		sev = weighted(sev_w, allowed, SEV_COUNT);
		if (sev < 0) {
			cat = CAT_ACCOUNT_BILLING;
			sev = SEV_GENERAL;
		}
	}
	for (int i = 0; i < CH_COUNT; i++)
		allowed[i] = (p->channels >> i) & 1;
	chan = weighted(chan_w, allowed, CH_COUNT);
	if (plan_check_case(p, sev, cat, chan, err) != CASES_OK)
		die("generated case", err);
	target = plan_case_target(p, sev, cat, &clock);
	c->plan = (uint8_t)pi;
	c->sev = (uint8_t)sev;
	c->cat = (uint8_t)cat;
	c->chan = (uint8_t)chan;
	c->clock = (uint8_t)clock;
	c->subj = (uint32_t)rnd();
	for (int i = 0; i < 16; i += 8) {
		uint64_t r = rnd();
		memcpy(c->uuid + i, &r, 8);
	}
	c->uuid[6] = (unsigned char)((c->uuid[6] & 0x0f) | 0x40);
	c->uuid[8] = (unsigned char)((c->uuid[8] & 0x3f) | 0x80);
	c->target = target > 0 ? target : NONE;
	c->due = NONE;
	if (c->target != NONE) {
		if (clock == CLOCK_BUSINESS) {
			if (sla_due(&cals[ci].buf.cal, opened, target, &c->due,
				    err)
			    != CASES_OK)
				die("sla_due", err);
		} else {
			c->due = opened + target;
		}
	}

	/* The first response: mostly in time, about 9% late. */
	if (c->due != NONE) {
		int64_t span = c->due - opened;
		if (rnd() % 100 < 91)
			c->fr = opened
				+ (int64_t)((double)span
					    * (0.05 + 0.95 * unif()));
		else
			c->fr = c->due + 60
				+ (int64_t)((double)span * 2.0 * unif());
	} else {
		c->fr = opened + between(600, 2 * DAY);
	}
	if (c->fr > now - 60)
		c->fr = opened + (now - 60 - opened) / 2;
	c->br = NONE;
	if (c->due != NONE && c->fr > c->due + 60)
		c->br = c->due + 60;
	/* Resolution: half of the last 30 days' cases are still worked on. */
	c->res = c->fr + between(300, 7 * DAY);
	if (c->res > now - 60
	    || (now - opened < 30 * DAY ? rnd() % 2 == 0 : rnd() % 50 == 0))
		c->res = NONE;
}

/* Make exactly k cases unanswered and overdue at now, among those opened
 * in the 45 days before it whose deadline has passed. */
static void
make_overdue(struct gcase *cs, size_t n, size_t k, int64_t now)
{
	size_t *cand = malloc(n * sizeof(*cand)), m = 0;

	if (!cand)
		die("overdue", "out of memory");
	for (int64_t window = 45 * DAY; m < k && window < 3650 * DAY;
	     window *= 2) {
		m = 0;
		for (size_t i = 0; i < n; i++)
			if (cs[i].due != NONE && cs[i].due < now - 60
			    && cs[i].opened >= now - window)
				cand[m++] = i;
	}
	if (m < k)
		die("overdue", "too few cases with a deadline");
	for (size_t i = 0; i < k; i++) {
		size_t j = i + (size_t)(rnd() % (uint64_t)(m - i)), t = cand[i];
		cand[i] = cand[j];
		cand[j] = t;
		struct gcase *c = &cs[cand[i]];
		c->fr = c->res = c->br = NONE;
	}
	free(cand);
}

/* ---- writing the database ---- */

static sqlite3 *db;

static void
exec(const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die(sql, msg ? msg : sqlite3_errmsg(db));
}

static sqlite3_stmt *
prep(const char *sql)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(db));
	return s;
}

static void
bind_opt(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

static void
step(sqlite3_stmt *s)
{
	if (sqlite3_step(s) != SQLITE_DONE)
		die("insert", sqlite3_errmsg(db));
	sqlite3_reset(s);
}

static void
event(sqlite3_stmt *s, int64_t case_id, int64_t at, const char *kind,
      const char *detail)
{
	sqlite3_bind_int64(s, 1, case_id);
	sqlite3_bind_int64(s, 2, at);
	sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
	if (detail)
		sqlite3_bind_text(s, 4, detail, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 4);
	step(s);
}

static void
write_db(const char *path, const struct gcase *cs, size_t n)
{
	char **idx_sql = NULL, **idx_name = NULL, buf[512];
	char t1[TIMEFMT_MAX], t2[TIMEFMT_MAX];
	sqlite3_stmt *ins, *ev, *q;
	double t0 = secs();
	size_t nidx = 0;

	if (sqlite3_open_v2(path, &db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL)
	    != SQLITE_OK)
		die(path, sqlite3_errmsg(db));
	exec("PRAGMA journal_mode = DELETE; PRAGMA journal_mode = OFF;"
	     "PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576;"
	     "PRAGMA temp_store = MEMORY; BEGIN");
	/* Drop the secondary indexes; keep their SQL to build them after. */
	q = prep("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
		 "AND tbl_name IN ('cases', 'event') AND sql IS NOT NULL");
	while (sqlite3_step(q) == SQLITE_ROW) {
		idx_name = realloc(idx_name, (nidx + 1) * sizeof(*idx_name));
		idx_sql = realloc(idx_sql, (nidx + 1) * sizeof(*idx_sql));
		if (!idx_sql || !idx_name)
			die("indexes", "out of memory");
		idx_name[nidx] =
			strdup((const char *)sqlite3_column_text(q, 0));
		idx_sql[nidx++] =
			strdup((const char *)sqlite3_column_text(q, 1));
	}
	sqlite3_finalize(q);
	for (size_t i = 0; i < nidx; i++) {
		snprintf(buf, sizeof(buf), "DROP INDEX \"%s\"", idx_name[i]);
		exec(buf);
		free(idx_name[i]);
	}
	free(idx_name);

	ins = prep("INSERT INTO cases (uuid, external_id, account_id, "
		   "plan_id, plan_ver, cal_ver, severity, category, channel, "
		   "subject, opened_at, target_s, clock, due_at, "
		   "first_response_at, resolved_at, breached_at, warned_at) "
		   "VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
		   "?11, ?12, ?13, ?14, ?15, ?16, NULL)");
	ev = prep("INSERT INTO event (case_id, at, kind, detail, hook) "
		  "VALUES (?1, ?2, ?3, ?4, NULL)");
	for (size_t i = 0; i < n; i++) {
		const struct gcase *c = &cs[i];
		const struct plan *p = &plans[c->plan].p;
		int64_t id;

		sqlite3_bind_blob(ins, 1, c->uuid, 16, SQLITE_STATIC);
		if (c->acct >= 0)
			sqlite3_bind_int64(ins, 2, accts[c->acct].id);
		else
			sqlite3_bind_null(ins, 2);
		sqlite3_bind_int64(ins, 3, p->id);
		sqlite3_bind_int64(ins, 4, p->ver);
		sqlite3_bind_int64(
			ins, 5,
			cals[c->acct >= 0 ? accts[c->acct].cal : utc_cal].ver);
		sqlite3_bind_int(ins, 6, c->sev);
		sqlite3_bind_int(ins, 7, c->cat);
		sqlite3_bind_int(ins, 8, c->chan);
		subject(c->subj, buf, sizeof(buf));
		sqlite3_bind_text(ins, 9, buf, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 10, c->opened);
		bind_opt(ins, 11, c->target);
		bind_opt(ins, 12, c->target == NONE ? NONE : c->clock);
		bind_opt(ins, 13, c->due);
		bind_opt(ins, 14, c->fr);
		bind_opt(ins, 15, c->res);
		bind_opt(ins, 16, c->br);
		step(ins);
		id = sqlite3_last_insert_rowid(db);

		snprintf(buf, sizeof(buf),
			 "plan %s, severity %s, category %s, channel %s",
			 p->name, plan_severity_name(c->sev),
			 plan_category_name(c->cat),
			 plan_channel_name(c->chan));
		event(ev, id, c->opened, "opened", buf);
		if (c->br != NONE) {
			snprintf(buf, sizeof(buf), "due %s, overdue by %s",
				 timefmt_rfc3339(c->due, t1),
				 timefmt_duration(c->br - c->due, t2));
			event(ev, id, c->br, "breached", buf);
		}
		if (c->fr != NONE)
			event(ev, id, c->fr, "responded", NULL);
		if (c->res != NONE)
			event(ev, id, c->res, "resolved", NULL);
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(ev);
	fprintf(stderr, "gen: %zu cases inserted in %.1f s\n", n, secs() - t0);
	t0 = secs();
	for (size_t i = 0; i < nidx; i++) {
		exec(idx_sql[i]);
		free(idx_sql[i]);
	}
	free(idx_sql);
	exec("COMMIT; PRAGMA journal_mode = WAL");
	fprintf(stderr, "gen: %zu indexes built in %.1f s\n", nidx,
		secs() - t0);
	if (sqlite3_close(db) != SQLITE_OK)
		die(path, "close failed");
}

/* ---- JSON out ---- */

static void
json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void
json_time(FILE *f, int64_t t)
{
	char b[TIMEFMT_MAX];

	if (t == NONE)
		fputs("null", f);
	else
		fprintf(f, "\"%s\"", timefmt_rfc3339(t, b));
}

/* The `cases list --format jsonl` form, one case a line. */
static void
write_jsonl(const char *path, const struct gcase *cs, size_t n)
{
	FILE *f = fopen(path, "w");
	char id[CASE_ID_LEN], subj[512];

	if (!f)
		die(path, "cannot create");
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	for (size_t i = 0; i < n; i++) {
		const struct gcase *c = &cs[i];
		const char *status = c->res != NONE  ? "resolved"
				     : c->fr != NONE ? "responded"
						     : "open";
		case_uuid_format(c->uuid, id);
		subject(c->subj, subj, sizeof(subj));
		fprintf(f,
			"{\"id\":\"%s\",\"external_id\":null,\"account\":", id);
		if (c->acct >= 0)
			json_str(f, accts[c->acct].name);
		else
			fputs("null", f);
		fprintf(f,
			",\"plan\":\"%s\",\"severity\":\"%s\",\"category\":"
			"\"%s\",\"channel\":\"%s\",\"status\":\"%s\","
			"\"opened_at\":",
			plans[c->plan].p.name, plan_severity_name(c->sev),
			plan_category_name(c->cat), plan_channel_name(c->chan),
			status);
		json_time(f, c->opened);
		fputs(",\"due_at\":", f);
		json_time(f, c->due);
		fputs(",\"first_response_at\":", f);
		json_time(f, c->fr);
		fputs(",\"resolved_at\":", f);
		json_time(f, c->res);
		fputs(",\"breached_at\":", f);
		json_time(f, c->br);
		fputs(",\"subject\":", f);
		json_str(f, subj);
		fputs("}\n", f);
	}
	if (fclose(f) != 0)
		die(path, "write failed");
}

/* Taskwarrior's compact ISO form, 20261126T120000Z. */
static void
tw_time(FILE *f, const char *key, int64_t t)
{
	char b[TIMEFMT_MAX];
	int j = 0;

	timefmt_rfc3339(t, b);
	for (int i = 0; b[i]; i++)
		if (b[i] != '-' && b[i] != ':')
			b[j++] = b[i];
	b[j] = '\0';
	fprintf(f, ",\"%s\":\"%s\"", key, b);
}

static void
write_taskwarrior(const char *path, const struct gcase *cs, size_t n)
{
	static const char *const prio[SEV_COUNT] = { "L", "L", "M",
						     "M", "H", "H" };
	FILE *f = fopen(path, "w");
	char id[CASE_ID_LEN], subj[512];

	if (!f)
		die(path, "cannot create");
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	for (size_t i = 0; i < n; i++) {
		const struct gcase *c = &cs[i];
		case_uuid_format(c->uuid, id);
		subject(c->subj, subj, sizeof(subj));
		fprintf(f, "{\"uuid\":\"%s\",\"description\":", id);
		json_str(f, subj);
		fprintf(f, ",\"status\":\"%s\"",
			c->res != NONE ? "completed" : "pending");
		tw_time(f, "entry", c->opened);
		if (c->fr == NONE && c->due != NONE)
			tw_time(f, "due", c->due);
		if (c->res != NONE)
			tw_time(f, "end", c->res);
		fprintf(f, ",\"project\":");
		json_str(f, c->acct >= 0 ? accts[c->acct].name
					 : plans[c->plan].p.name);
		fprintf(f, ",\"priority\":\"%s\",\"tags\":[\"%s\"]}\n",
			prio[c->sev], plan_severity_name(c->sev));
	}
	if (fclose(f) != 0)
		die(path, "write failed");
}

static void
usage(void)
{
	fputs("usage: gen --db DB --cases N --now UNIX [--seed S] "
	      "[--jsonl FILE | --taskwarrior FILE]\n",
	      stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "cases", required_argument, NULL, 'n' },
		{ "now", required_argument, NULL, 't' },
		{ "seed", required_argument, NULL, 's' },
		{ "jsonl", required_argument, NULL, 'j' },
		{ "taskwarrior", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = NULL, *jsonl = NULL, *tw = NULL;
	int64_t now = 0, start, span;
	size_t n = 0;
	struct gcase *cs;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'n':
			n = (size_t)strtoull(optarg, NULL, 10);
			break;
		case 't':
			now = strtoll(optarg, NULL, 10);
			break;
		case 's':
			seed_state = strtoull(optarg, NULL, 10);
			break;
		case 'j':
			jsonl = optarg;
			break;
		case 'w':
			tw = optarg;
			break;
		default:
			usage();
		}
	}
	if (!path || n < 100 || now <= 0 || optind != argc)
		usage();
	load_world(path);
	cs = malloc(n * sizeof(*cs));
	if (!cs)
		die("cases", "out of memory");
	/* Opened over the two years before now, in increasing order. */
	span = 730 * (int64_t)DAY - 3600;
	start = now - 730 * (int64_t)DAY;
	for (size_t i = 0; i < n; i++) {
		int64_t slot = span / (int64_t)n;
		make_case(&cs[i], start + (int64_t)i * slot + between(0, slot),
			  now);
	}
	make_overdue(cs, n, n / 100, now);
	if (tw) {
		write_taskwarrior(tw, cs, n);
	} else {
		write_db(path, cs, n);
		if (jsonl)
			write_jsonl(jsonl, cs, n);
	}
	free(cs);
	for (int i = 0; i < ncals; i++)
		calendar_buf_release(&cals[i].buf);
	for (int i = 0; i < naccts; i++)
		free(accts[i].name);
	free(accts);
	return 0;
}
