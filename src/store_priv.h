/*
 * store_priv.h - what the files of the store module (store.c, store_*.c)
 * share: the store itself and small SQLite helpers. Private to src/.
 */
#ifndef CASES_STORE_PRIV_H
#define CASES_STORE_PRIV_H

#include <stdint.h>

#include <sqlite3.h>

#include "cases/error.h"
#include "cases/record.h"
#include "cases/store.h"

#define BUSY_TIMEOUT_MS 10000

/* The columns of a case row, in the order store_read_case() expects. */
#define CASE_COLS                                                              \
	"c.id, c.uuid, c.external_id, c.account_id, c.plan_id, c.plan_ver, "   \
	"c.cal_ver, c.severity, c.category, c.channel, c.subject, "            \
	"c.opened_at, c.target_s, c.clock, c.due_at, c.first_response_at, "    \
	"c.resolved_at, c.breached_at, c.warned_at, c.assignee"
/* How many: a query's own columns follow them. */
#define CASE_NCOLS 20

/* The same for unanswered cases, read from the covering index alone. */
#define UNANSWERED_COLS                                                        \
	"c.id, c.uuid, c.external_id, c.account_id, c.plan_id, c.plan_ver, "   \
	"c.cal_ver, c.severity, c.category, c.channel, c.subject, "            \
	"c.opened_at, c.target_s, c.clock, c.due_at, NULL, NULL, "             \
	"c.breached_at, c.warned_at, c.assignee"

#define UNANSWERED_WHERE                                                       \
	"c.first_response_at IS NULL AND c.resolved_at IS NULL "               \
	"AND c.due_at IS NOT NULL"

/* The number of a new case: after the largest of every case's and every
 * deleted case's, so that a deleted case's number is never given again
 * (sql/009). Two seeks of integer keys. */
#define NEXT_NUMBER_SQL                                                        \
	"(SELECT max(coalesce((SELECT max(id) FROM cases), 0), "               \
	"coalesce((SELECT max(number) FROM case_deleted), 0)) + 1)"

/* A small id -> name cache for plans and accounts. */
struct name_cache {
	int64_t *ids;
	char **names;
	size_t n, cap;
};

#define STORE_BULK_STMTS 32
#define STORE_NSTMT	 64 /* room for store.c's fixed statements */

/* Listing statements: status (5) x plan x severity x account x assignee. */
#define LIST_FLAGS 16
#define LIST_KEYS  (5 * LIST_FLAGS)
/* The filter combinations store_filter_key() numbers (filter_flags():
 * one bit a filter). */
#define STORE_FILTER_KEYS LIST_FLAGS
/* The statements of store_asof.c: 3 candidate sets x the filters, then
 * its two probes. */
#define STORE_ASOF_STMTS (3 * STORE_FILTER_KEYS + 2)

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[STORE_NSTMT];
	sqlite3_stmt *list_stmt[LIST_KEYS];
	sqlite3_stmt *due_stmt[LIST_FLAGS];
	sqlite3_stmt *page_stmt[8];		   /* store_case_page's */
	sqlite3_stmt *asof_stmt[STORE_ASOF_STMTS]; /* store_asof.c */
	struct name_cache plans;
	struct name_cache accounts;
	sqlite3_stmt *bulk[STORE_BULK_STMTS]; /* slots for store_*.c */
	int in_tx;
	int wal_frames; /* frames in the WAL after our last commit */
	char *author;	/* of the events this handle writes; NULL: none */
};

/* Map an SQLite failure to a status, with `what` and the reason in err.
 * Like cases_errf(), not CASES_MUST_CHECK: it returns the status it
 * makes so that `return store_dberr(...)` reads well, and is called for
 * the message alone where the caller's status is fixed. */
int store_dberr(struct store *st, int rc, char *err, const char *what);

/* Prepare sql into *slot once (kept until store_close); NULL on error. */
sqlite3_stmt *store_prep(struct store *st, sqlite3_stmt **slot, const char *sql,
			 char *err);
/* Reset a statement and clear its bindings, ready for reuse. */
void store_done(sqlite3_stmt *s);
/* Step a statement that returns no rows, then store_done() it. */
int store_exec(struct store *st, sqlite3_stmt *s, char *err,
	       const char *what) CASES_MUST_CHECK;

/* Bind by :name; store_bind_opt binds NULL for CASE_NONE, store_bind_text
 * NULL for a NULL pointer (text is SQLITE_STATIC: keep it alive). */
void store_bind_int(sqlite3_stmt *s, const char *name, int64_t v);
void store_bind_opt(sqlite3_stmt *s, const char *name, int64_t v);
void store_bind_text(sqlite3_stmt *s, const char *name, const char *v);

/* Column i as int64, CASE_NONE for NULL; as a malloc'd copy, NULL for
 * NULL. */
int64_t store_col_opt(sqlite3_stmt *s, int i);
char *store_col_strdup(sqlite3_stmt *s, int i);

/* Step s (a bound CASE_COLS query) to the end, calling fn with each row's
 * case (borrowed); stops at fn's first non-zero return, which it returns.
 * Resets s. */
int store_each_case(struct store *st, sqlite3_stmt *s,
		    int (*fn)(void *arg, const struct case_rec *c), void *arg,
		    char *err) CASES_MUST_CHECK;

/* The SQL of f's plan, severity and account filters (" AND c.plan_id =
 * :plan"...), appended to sql; store_filter_bind() binds them and :limit
 * (f->limit, -1 for none). */
void store_filter_where(char *sql, size_t len, const struct case_filter *f);
/* The number of f's filter combination, below STORE_FILTER_KEYS: a slot
 * for the statement store_filter_where() makes. */
int store_filter_key(const struct case_filter *f);
void store_filter_bind(sqlite3_stmt *s, const struct case_filter *f);

/* Fill c from a CASE_COLS row (strings borrowed from the statement). */
void store_read_case(struct store *st, sqlite3_stmt *s, struct case_rec *c);

#endif
