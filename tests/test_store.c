/*
 * test_store.c - migrations, seed data, statements and query plans.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cases/case.h"
#include "cases/catalog.h"
#include "cases/error.h"
#include "cases/store.h"

static struct store *st;
static char dir[64];

static void
setup(void)
{
	char err[CASES_ERRMAX];

	cr_assert_eq(store_open(NULL, &st, err), CASES_OK, "%s", err);
}

static void
teardown(void)
{
	store_close(st);
	st = NULL;
}

static void
setup_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/cases-test-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void
teardown_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

Test(store, seeded_plans_match_spec, .init = setup, .fini = teardown)
{
	struct plan p;
	char err[CASES_ERRMAX];

	cr_assert_eq(store_plan_get(st, "developer", &p, err), CASES_OK);
	cr_assert_eq(p.target_s[SEV_GENERAL], 86400);
	cr_assert_eq(p.target_s[SEV_SYSTEM_IMPAIRED], 43200);
	cr_assert_eq(p.target_s[SEV_PROD_IMPAIRED], 0);
	cr_assert_eq(p.clock[SEV_GENERAL], CLOCK_BUSINESS);
	cr_assert_eq(store_plan_get(st, "ENTERPRISE", &p, err), CASES_OK);
	cr_assert_str_eq(p.name, "enterprise");
	cr_assert_eq(p.target_s[SEV_BUSINESS_CRITICAL], 900);
	cr_assert_eq(p.clock[SEV_BUSINESS_CRITICAL], CLOCK_24X7);
	cr_assert(p.channels & (1u << CH_API));
	cr_assert(p.categories & (1u << CAT_EVENT_MANAGEMENT));
	cr_assert_eq(store_plan_get(st, "business", &p, err), CASES_OK);
	cr_assert_eq(p.target_s[SEV_PROD_DOWN], 3600);
	cr_assert_eq(p.target_s[SEV_BUSINESS_CRITICAL], 0);
	cr_assert_not(p.categories & (1u << CAT_ARCHITECTURE));
	cr_assert_eq(store_plan_get(st, "basic", &p, err), CASES_OK);
	for (int i = 1; i < SEV_COUNT; i++)
		cr_assert_eq(p.target_s[i], 0);
	cr_assert_not(p.channels & (1u << CH_API));
	cr_assert_eq(store_plan_get(st, "gold", &p, err), CASES_ENOTFOUND);
	cr_assert_str_eq(err, "unknown plan 'gold' (expected one of: basic, "
			      "developer, business, enterprise)");
}

Test(store, plan_versions_are_immutable, .init = setup, .fini = teardown)
{
	struct plan p, old;
	char err[CASES_ERRMAX];

	cr_assert_eq(store_begin(st, 1, err), CASES_OK);
	cr_assert_eq(store_plan_get(st, "business", &p, err), CASES_OK);
	int64_t v1 = p.ver;
	p.target_s[SEV_PROD_DOWN] = 1800;
	cr_assert_eq(store_plan_update(st, &p, 0, err), CASES_OK);
	cr_assert_neq(p.ver, v1);
	cr_assert_eq(store_plan_get_ver(st, v1, &old, err), CASES_OK);
	cr_assert_eq(old.target_s[SEV_PROD_DOWN], 3600);
	cr_assert_eq(store_plan_get(st, "business", &p, err), CASES_OK);
	cr_assert_eq(p.target_s[SEV_PROD_DOWN], 1800);
	cr_assert_eq(store_commit(st, err), CASES_OK);
}

Test(store, overdue_query_uses_the_partial_index, .init = setup,
     .fini = teardown)
{
	char plan[2048], err[CASES_ERRMAX];

	/* The statement store_case_due_between() prepares, unfiltered. */
	const char *sql =
		"SELECT c.id, c.uuid, c.external_id, c.account_id, c.plan_id, "
		"c.plan_ver, c.cal_ver, c.severity, c.category, c.channel, "
		"c.subject, c.opened_at, c.target_s, c.clock, c.due_at, NULL, "
		"NULL, c.breached_at, c.warned_at FROM cases c WHERE "
		"c.first_response_at IS NULL AND c.resolved_at IS NULL AND "
		"c.due_at IS NOT NULL AND c.due_at >= 0 AND c.due_at < 10 "
		"ORDER BY c.due_at, c.opened_at";
	cr_assert_eq(store_explain_plan(st, sql, plan, sizeof(plan), err),
		     CASES_OK, "%s", err);
	cr_assert(strstr(plan, "USING COVERING INDEX cases_unanswered"), "%s",
		  plan);
	cr_assert_null(strstr(plan, "SCAN c"), "%s", plan);
}

Test(store, newer_schema_is_refused_untouched, .init = setup_dir,
     .fini = teardown_dir)
{
	char path[128], cmd[256], err[CASES_ERRMAX];
	struct store *s;
	struct stat a, b;
	FILE *f;
	char before[4096], after[4096];

	snprintf(path, sizeof(path), "%s/c.db", dir);
	cr_assert_eq(store_open(path, &s, err), CASES_OK, "%s", err);
	store_close(s);
	snprintf(cmd, sizeof(cmd),
		 "sqlite3 '%s' 'PRAGMA wal_checkpoint(TRUNCATE); PRAGMA "
		 "journal_mode=DELETE; PRAGMA user_version=%d' >/dev/null",
		 path, store_schema_version() + 1);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(stat(path, &a), 0);
	f = fopen(path, "rb");
	cr_assert_eq(fread(before, 1, sizeof(before), f), sizeof(before));
	fclose(f);
	cr_assert_eq(store_open(path, &s, err), CASES_EDB);
	cr_assert(strstr(err, "newer than this program"), "%s", err);
	cr_assert_eq(stat(path, &b), 0);
	cr_assert_eq(a.st_size, b.st_size);
	f = fopen(path, "rb");
	cr_assert_eq(fread(after, 1, sizeof(after), f), sizeof(after));
	fclose(f);
	cr_assert_eq(memcmp(before, after, sizeof(before)), 0);
}

Test(store, new_file_is_private, .init = setup_dir, .fini = teardown_dir)
{
	char path[128], err[CASES_ERRMAX];
	struct store *s;
	struct stat sb;
	mode_t old = umask(0);

	snprintf(path, sizeof(path), "%s/a/b/c.db", dir);
	cr_assert_eq(store_open(path, &s, err), CASES_OK, "%s", err);
	umask(old);
	store_close(s);
	cr_assert_eq(stat(path, &sb), 0);
	cr_assert_eq(sb.st_mode & 0777, 0600);
	snprintf(path, sizeof(path), "%s/a/b", dir);
	cr_assert_eq(stat(path, &sb), 0);
	cr_assert_eq(sb.st_mode & 0777, 0700);
}

static int
count_cb(void *arg, const struct case_rec *c)
{
	(*(int *)arg)++;
	return 0;
}

Test(store, uuid_prefix_ranges, .init = setup, .fini = teardown)
{
	struct case_rec c;
	char err[CASES_ERRMAX];
	unsigned char pfx[16] = { 0xab, 0xcd, 0xef, 0x01 };
	int n = 0, count = 0;

	case_rec_init(&c);
	c.plan_id = 3;
	c.plan_ver = 3;
	c.cal_ver = 1;
	c.severity = 1;
	c.category = 1;
	c.subject = "s";
	const unsigned char ids[3][16] = {
		{ 0xab, 0xcd, 0xef, 0x01, 0x10 },
		{ 0xab, 0xcd, 0xef, 0x01, 0x2f, 0xff },
		{ 0xab, 0xcd, 0xef, 0x02 },
	};
	for (int i = 0; i < 3; i++) {
		memcpy(c.uuid, ids[i], 16);
		case_uuid_format(c.uuid, c.id);
		cr_assert_eq(store_case_insert(st, &c, err), CASES_OK, "%s",
			     err);
	}
	cr_assert_eq(
		store_case_by_prefix(st, pfx, 8, 10, count_cb, &n, &count, err),
		CASES_OK);
	cr_assert_eq(count, 2);
	n = 0;
	pfx[4] = 0x20; /* odd length: "abcdef012" */
	cr_assert_eq(
		store_case_by_prefix(st, pfx, 9, 10, count_cb, &n, &count, err),
		CASES_OK);
	cr_assert_eq(count, 1);
	pfx[4] = 0x10;
	cr_assert_eq(store_case_by_prefix(st, pfx, 10, 10, count_cb, &n, &count,
					  err),
		     CASES_OK);
	cr_assert_eq(count, 1);
	/* The same uuid twice is refused. */
	cr_assert_eq(store_case_insert(st, &c, err), CASES_EINVAL);
}

Test(store, breach_event_recorded_once, .init = setup, .fini = teardown)
{
	struct case_rec c;
	char err[CASES_ERRMAX];

	case_rec_init(&c);
	c.plan_id = 3;
	c.plan_ver = 3;
	c.cal_ver = 1;
	c.severity = 1;
	c.category = 1;
	c.subject = "s";
	c.uuid[0] = 1;
	cr_assert_eq(store_case_insert(st, &c, err), CASES_OK, "%s", err);
	cr_assert_eq(store_event_add(st, c.rowid, 5, "breached", NULL, -1, NULL,
				     err),
		     CASES_OK);
	cr_assert_eq(store_event_add(st, c.rowid, 6, "breached", NULL, -1, NULL,
				     err),
		     CASES_EINVAL);
	cr_assert_eq(
		store_event_add(st, c.rowid, 6, "note", "a", -1, NULL, err),
		CASES_OK);
	cr_assert_eq(
		store_event_add(st, c.rowid, 7, "note", "b", -1, NULL, err),
		CASES_OK);
	cr_assert_eq(store_event_add(st, c.rowid, 7, "exploded", NULL, -1, NULL,
				     err),
		     CASES_EDB);
}

/* docs/storage.md 7.2, issue 4: a steady-state `check` costs one index
 * probe. */
Test(store, check_probe_is_an_index_search, .init = setup, .fini = teardown)
{
	char plan[2048], err[CASES_ERRMAX];

	cr_assert_eq(store_explain_plan(st, store_check_overdue_sql, plan,
					sizeof(plan), err),
		     CASES_OK, "%s", err);
	cr_assert(strstr(plan, "SEARCH c USING INDEX cases_unbreached ("), "%s",
		  plan);
	cr_assert(strstr(plan, "due_at<?)"), "%s", plan);
	cr_assert_null(strstr(plan, "SCAN"), "%s", plan);
}

static int
event_count_cb(void *arg, const struct event_rec *e)
{
	(*(int *)arg)++;
	return 0;
}

/* The output of a shell command (its first line) into buf. */
static void
shell_line(const char *cmd, char *buf, size_t len)
{
	FILE *p = popen(cmd, "r");

	cr_assert_not_null(p);
	buf[0] = '\0';
	if (!fgets(buf, (int)len, p))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	pclose(p);
}

/*
 * Migration 006 rewrites event.kind's CHECK from an IN list (a temporary
 * index built for every row written) to = and OR, in place: events
 * written before it are kept, the same kinds are accepted and others
 * still refused, and writing an event no longer opens an ephemeral
 * table.
 */
Test(store, event_kind_rule_rewritten_in_place, .init = setup_dir,
     .fini = teardown_dir)
{
	char path[128], cmd[1024], out[256], err[CASES_ERRMAX];
	struct store *s;
	int n = 0;

	snprintf(path, sizeof(path), "%s/v5.db", dir);
	snprintf(cmd, sizeof(cmd),
		 "cat %s/001-schema.sql %s/002-seed-plans.sql "
		 "%s/003-report.sql %s/004-hook-claims.sql "
		 "%s/005-response-correction.sql | sqlite3 '%s' && "
		 "sqlite3 '%s' \"PRAGMA user_version = 5; INSERT INTO cases "
		 "(id, uuid, plan_id, plan_ver, cal_ver, severity, category, "
		 "channel, subject, opened_at) SELECT 1, randomblob(16), id, "
		 "ver, (SELECT min(id) FROM calendar_ver), 1, 1, 0, 's', 0 "
		 "FROM plan WHERE name = 'basic'; INSERT INTO event "
		 "(case_id, at, kind) VALUES (1, 0, 'opened')\"",
		 SQL_DIR, SQL_DIR, SQL_DIR, SQL_DIR, SQL_DIR, path, path);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	cr_assert_eq(store_open(path, &s, err), CASES_OK, "%s", err);
	cr_assert_eq(store_begin(s, 1, err), CASES_OK, "%s", err);
	cr_assert_eq(store_event_add(s, 1, 5, "note", "kept", -1, NULL, err),
		     CASES_OK, "%s", err);
	cr_assert_neq(store_event_add(s, 1, 6, "noted", NULL, -1, NULL, err),
		      CASES_OK);
	cr_assert(strstr(err, "CHECK constraint failed"), "%s", err);
	cr_assert_eq(store_event_each(s, 1, event_count_cb, &n, err), CASES_OK);
	cr_assert_eq(n, 2);
	cr_assert_eq(store_commit(s, err), CASES_OK, "%s", err);
	store_close(s);

	snprintf(cmd, sizeof(cmd),
		 "sqlite3 '%s' \"SELECT instr(sql, 'kind IN') = 0 AND "
		 "instr(sql, 'OR kind = ''note''') > 0 FROM sqlite_schema "
		 "WHERE name = 'event'\"",
		 path);
	shell_line(cmd, out, sizeof(out));
	cr_assert_str_eq(out, "1");
	snprintf(cmd, sizeof(cmd),
		 "sqlite3 '%s' \"EXPLAIN INSERT INTO event (case_id, at, "
		 "kind) VALUES (1, 0, 'note')\" | grep -c OpenEphemeral",
		 path);
	shell_line(cmd, out, sizeof(out));
	cr_assert_str_eq(out, "0");
	snprintf(cmd, sizeof(cmd),
		 "sqlite3 '%s' 'PRAGMA integrity_check; PRAGMA user_version'",
		 path);
	shell_line(cmd, out, sizeof(out));
	cr_assert_str_eq(out, "ok");
}

/* store_case_page: a page's cases, newest first, filtered in SQL. */
struct page_got {
	int64_t ids[16];
	int reopened[16], last[16];
	int n;
};

static int
page_cb(void *arg, const struct case_rec *c, int reopened, int last)
{
	struct page_got *g = arg;

	g->ids[g->n] = c->rowid;
	g->reopened[g->n] = reopened;
	g->last[g->n++] = last;
	return 0;
}

static struct page_got
page(int64_t acct, int resolved, int64_t number, int64_t after, int64_t op,
     int64_t id, int limit)
{
	struct case_page p = { .account_id = acct,
			       .resolved = resolved,
			       .number = number,
			       .after = after,
			       .before = CASE_NONE,
			       .below_opened = op,
			       .below_id = id,
			       .limit = limit };
	struct page_got g = { 0 };
	char err[CASES_ERRMAX];

	cr_assert_eq(store_case_page(st, &p, page_cb, &g, err), CASES_OK, "%s",
		     err);
	return g;
}

Test(store, case_page_newest_first_by_keyset, .init = setup, .fini = teardown)
{
	struct case_open_req req = { .subject = "s",
				     .severity = SEV_GENERAL,
				     .category = CAT_TECHNICAL,
				     .channel = CH_API };
	char err[CASES_ERRMAX];
	struct case_rec c;
	struct page_got g;
	int64_t acme = 0;
	int first;

	cr_assert_eq(store_begin(st, 1, err), CASES_OK, "%s", err);
	cr_assert_eq(
		catalog_account_add(st, "acme", "business", NULL, NULL, 0, err),
		CASES_OK, "%s", err);
	cr_assert_eq(catalog_account_add(st, "other", "business", NULL, NULL, 0,
					 err),
		     CASES_OK, "%s", err);
	/* Cases 1..6: acme at 100, 100, 200, 300, 300; other at 250. */
	const int64_t at[] = { 100, 100, 200, 250, 300, 300 };
	for (int i = 0; i < 6; i++) {
		req.account = i == 3 ? "other" : "acme";
		req.opened_at = at[i];
		cr_assert_eq(case_open(st, &req, &c, err), CASES_OK, "%s", err);
		acme = i == 0 ? c.account_id : acme;
		if (i == 2) { /* 3: answered, resolved, reopened */
			cr_assert_eq(
				case_respond(st, &c, 210, NULL, &first, err),
				CASES_OK, "%s", err);
			cr_assert_eq(case_resolve(st, &c, 220, err), CASES_OK);
			cr_assert_eq(case_reopen(st, &c, 230, err), CASES_OK);
		}
		if (i == 4) { /* 5: resolved */
			cr_assert_eq(case_note_customer(st, &c, 300, "hi",
							"acme", err),
				     CASES_OK, "%s", err);
			cr_assert_eq(case_resolve(st, &c, 310, err), CASES_OK);
		}
		case_rec_release(&c);
	}
	/* acme, resolved too: 6 5 3 2 1, ties by number, newest first. */
	g = page(acme, 1, 0, CASE_NONE, INT64_MAX, INT64_MAX, 10);
	cr_assert_eq(g.n, 5);
	cr_assert(g.ids[0] == 6 && g.ids[1] == 5 && g.ids[2] == 3
		  && g.ids[3] == 2 && g.ids[4] == 1);
	cr_assert_eq(g.last[1], 0, "5's last word is the customer's");
	cr_assert_eq(g.reopened[2], 1);
	cr_assert_eq(g.last[2], 1, "3's last word is the desk's");
	cr_assert_eq(g.last[0], -1, "6 has no communication");
	/* Pages of 2 by keyset: below (300, 5) come 3, 2; below (100, 2) 1. */
	g = page(acme, 1, 0, CASE_NONE, 300, 5, 2);
	cr_assert(g.n == 2 && g.ids[0] == 3 && g.ids[1] == 2);
	g = page(acme, 1, 0, CASE_NONE, 100, 2, 2);
	cr_assert(g.n == 1 && g.ids[0] == 1);
	/* Not resolved: 5 goes; afterTime; a number; every account. */
	g = page(acme, 0, 0, CASE_NONE, INT64_MAX, INT64_MAX, 10);
	cr_assert(g.n == 4 && g.ids[0] == 6 && g.ids[1] == 3);
	g = page(acme, 1, 0, 200, INT64_MAX, INT64_MAX, 10);
	cr_assert(g.n == 3 && g.ids[2] == 3);
	g = page(acme, 1, 4, CASE_NONE, INT64_MAX, INT64_MAX, 10);
	cr_assert_eq(g.n, 0, "case 4 is other's");
	g = page(acme, 0, 5, CASE_NONE, INT64_MAX, INT64_MAX, 10);
	cr_assert_eq(g.n, 0, "case 5 is resolved");
	g = page(0, 0, 4, CASE_NONE, INT64_MAX, INT64_MAX, 10);
	cr_assert(g.n == 1 && g.ids[0] == 4);
	g = page(0, 1, 0, CASE_NONE, INT64_MAX, INT64_MAX, 10);
	cr_assert(g.n == 6 && g.ids[2] == 4);
	g = page(0, 0, 0, CASE_NONE, 250, 4, 10);
	cr_assert(g.n == 3 && g.ids[0] == 3 && g.ids[2] == 1);
	store_rollback(st);
}

/*
 * Migration 010 gives each calendar a history of its versions: its
 * current one, and the earlier ones it could have had when calendars
 * only gained holidays (same zone and hours, a subset of its holidays);
 * not another zone's or a day it never had. A case opened under an
 * earlier version then keeps the calendar from removal.
 */
Test(store, calendar_history_filled_by_migration, .init = setup_dir,
     .fini = teardown_dir)
{
	char path[128], cmd[2048], out[256], err[CASES_ERRMAX];
	struct store *s;
	struct store_users u;

	snprintf(path, sizeof(path), "%s/v7.db", dir);
	snprintf(cmd, sizeof(cmd),
		 "cat %s/001-schema.sql %s/002-seed-plans.sql "
		 "%s/003-report.sql %s/004-hook-claims.sql "
		 "%s/005-response-correction.sql %s/006-event-kind-check.sql "
		 "%s/007-api-keys.sql | sqlite3 '%s' && "
		 "sqlite3 '%s' \"PRAGMA user_version = 7; "
		 "INSERT INTO calendar_ver VALUES "
		 "(2, 'Europe/London', 'mon-fri 08:00-18:00', '2026-12-25'), "
		 "(3, 'Europe/London', 'mon-fri 08:00-18:00', "
		 "'2026-12-25,2026-12-28'), "
		 "(4, 'Europe/London', 'mon-fri 08:00-18:00', '2026-12-24'), "
		 "(5, 'UTC', 'mon-fri 08:00-18:00', '2026-12-25'); "
		 "INSERT INTO calendar VALUES (7, 'uk', 3, 100); "
		 "INSERT INTO cases (id, uuid, plan_id, plan_ver, cal_ver, "
		 "severity, category, channel, subject, opened_at) VALUES "
		 "(1, randomblob(16), 1, 1, 2, 1, 1, 0, 's', 0)\"",
		 SQL_DIR, SQL_DIR, SQL_DIR, SQL_DIR, SQL_DIR, SQL_DIR, SQL_DIR,
		 path, path);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	cr_assert_eq(store_open(path, &s, err), CASES_OK, "%s", err);
	cr_assert_eq(store_begin(s, 0, err), CASES_OK, "%s", err);
	cr_assert_eq(store_users(s, STORE_CALENDAR, 7, &u, err), CASES_OK, "%s",
		     err);
	cr_assert_eq(u.cases, 1);
	cr_assert_eq(store_commit(s, err), CASES_OK, "%s", err);
	store_close(s);
	snprintf(cmd, sizeof(cmd),
		 "sqlite3 '%s' \"SELECT group_concat(ver || '@' || since, ' ') "
		 "FROM (SELECT ver, since FROM calendar_hist WHERE "
		 "calendar_id = 7 ORDER BY ver)\"",
		 path);
	shell_line(cmd, out, sizeof(out));
	cr_assert_str_eq(out, "2@100 3@100");
}
