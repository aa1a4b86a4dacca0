/*
 * store_asof.c - the queries of a read at a past instant (docs/deadlines.md
 * "Reading the past"): whether anything is dated after it, the cases a
 * read at it may show, and the cases whose history goes on after it.
 * Replaying a case to that instant is the rules' (case_as_of).
 */
#include <stdio.h>
#include <string.h>

#include "cases/store.h"
#include "store_priv.h"

#define ASOF_CHANGED (3 * STORE_FILTER_KEYS)
#define ASOF_AFTER   (3 * STORE_FILTER_KEYS + 1)

int
store_changed_after(struct store *st, int64_t t, int *changed, char *err)
{
	sqlite3_stmt *s = store_prep(
		st, &st->asof_stmt[ASOF_CHANGED],
		"SELECT EXISTS (SELECT 1 FROM event INDEXED BY event_at "
		"WHERE at > :t) OR EXISTS (SELECT 1 FROM cases INDEXED BY "
		"cases_opened WHERE opened_at > :t)",
		err);
	int rc;

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":t", t);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*changed = sqlite3_column_int(s, 0) != 0;
	store_done(s);
	if (rc != SQLITE_ROW)
		return store_dberr(st, rc, err, "reading events");
	return CASES_OK;
}

int
store_case_asof(struct store *st, const struct case_filter *f, int64_t t,
		int which, int (*fn)(void *, const struct case_rec *),
		void *arg, char *err)
{
	static const char *const where[3] = {
		"",
		" AND (c.resolved_at IS NULL OR c.resolved_at > :t)",
		" AND (c.resolved_at IS NULL OR c.resolved_at > :t)"
		" AND (c.first_response_at IS NULL OR c.first_response_at > "
		":t)",
	};
	struct case_filter g = *f;
	sqlite3_stmt **slot, *s;
	char sql[1024] = "";
	int key;

	if (which < 0 || which > 2)
		return cases_errf(err, CASES_EINVAL, "bad candidate set");
	/* Severity and assignee as of t are the caller's to test (the
	 * record holds today's). */
	g.severity = 0;
	g.assignee = NULL;
	g.limit = 0;
	key = store_filter_key(&g);
	if (key < 0 || key >= STORE_FILTER_KEYS)
		return cases_errf(err, CASES_EINVAL,
				  "bad filter (raise STORE_FILTER_KEYS)");
	slot = &st->asof_stmt[which * STORE_FILTER_KEYS + key];
	if (!*slot) {
		/* The cases opened by t, newest first; the others' terms
		 * are tested on the covering cases_report before the table
		 * is visited (the few that pass). */
		snprintf(sql, sizeof(sql),
			 "SELECT " CASE_COLS " FROM cases c INDEXED BY %s "
			 "WHERE c.opened_at <= :t%s",
			 which == STORE_ASOF_ALL ? "cases_opened"
						 : "cases_report",
			 where[which]);
		store_filter_where(sql, sizeof(sql), &g);
		strncat(sql,
			" ORDER BY c.opened_at DESC, c.id DESC LIMIT :limit",
			sizeof(sql) - strlen(sql) - 1);
	}
	s = store_prep(st, slot, sql, err);
	if (!s)
		return CASES_EDB;
	store_filter_bind(s, &g);
	store_bind_int(s, ":t", t);
	return store_each_case(st, s, fn, arg, err);
}

int
store_event_cases_after(struct store *st, int64_t t, int (*fn)(void *, int64_t),
			void *arg, char *err)
{
	sqlite3_stmt *s = store_prep(
		st, &st->asof_stmt[ASOF_AFTER],
		"SELECT DISTINCT case_id FROM event INDEXED BY event_at "
		"WHERE at > :t",
		err);
	int rc, ret = CASES_OK;

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":t", t);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ret = fn(arg, sqlite3_column_int64(s, 0));
		if (ret)
			break;
	}
	store_done(s);
	if (!ret && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_dberr(st, rc, err, "reading events");
	return ret;
}
