/*
 * store_bulk.c - the SQL side of `report`, `export` and `import`: the
 * report's counting scan (one pass: its ranks are selected in memory, in
 * report.c), the export query and the import's inserts.
 *
 * Part of the store module (see store_priv.h). Statements live in the
 * store's bulk[] slots, prepared on first use; the numbered (?N)
 * parameters of the hot statements save a name lookup per bind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "cases/error.h"
#include "cases/store.h"
#include "store_priv.h"

enum bulk_slot {
	B_SCAN,			  /* 3: one per group key */
	B_SCAN_WIDE = B_SCAN + 3, /* 3: one per group key */
	B_SPAN_FIRST = B_SCAN_WIDE + 3,
	B_SPAN_LAST,
	B_BRIEF,
	B_EXPORT,
	B_INSERT,
	B_INSERT_BATCH,
	B_EVENT,
	B_EVENT_BATCH,
	B_BY_EXT,
	B_MAX_ID,
	B_RESPONSE_MOVE,
	B_RESPONSE_DROP,
	B_COUNT
};

_Static_assert(B_COUNT <= STORE_BULK_STMTS, "raise STORE_BULK_STMTS");

/* ---- report ---- */

#define SCAN_SQL(key)                                                          \
	"SELECT " key ", due_at, first_response_at, resolved_at, "             \
	"breached_at, opened_at FROM cases INDEXED BY cases_report "           \
	"WHERE opened_at >= ?1 AND opened_at < ?2"

static const char *const report_sql[3] = {
	SCAN_SQL("plan_id"),
	SCAN_SQL("severity"),
	SCAN_SQL("account_id"),
};

/* The wide form adds the columns the pictures need; every one is in
 * cases_report (the rowid is in every index), so it does not visit the
 * table either. */
#define SCAN_WIDE_SQL(key)                                                     \
	"SELECT " key ", due_at, first_response_at, resolved_at, "             \
	"breached_at, opened_at, id, plan_id, account_id, severity "           \
	"FROM cases INDEXED BY cases_report "                                  \
	"WHERE opened_at >= ?1 AND opened_at < ?2"

static const char *const report_wide_sql[3] = {
	SCAN_WIDE_SQL("plan_id"),
	SCAN_WIDE_SQL("severity"),
	SCAN_WIDE_SQL("account_id"),
};

const char *
store_report_sql(int by, int wide)
{
	if (by < 0 || by > 2 || wide < 0 || wide > 1)
		return NULL;
	return wide ? report_wide_sql[by] : report_sql[by];
}

static int
bad_group(char *err)
{
	return cases_errf(err, CASES_EINVAL, "bad report group");
}

/* The counting scan, narrow (the columns of struct report_case up to
 * opened_at) or wide (all of them). */
static int
report_scan(struct store *st, int by, int wide, int64_t since, int64_t until,
	    int (*fn)(void *, const struct report_case *), void *arg, char *err)
{
	sqlite3_stmt *s;
	int rc, ret = CASES_OK;

	if (by < 0 || by > 2)
		return bad_group(err);
	s = wide ? store_prep(st, &st->bulk[B_SCAN_WIDE + by],
			      report_wide_sql[by], err)
		 : store_prep(st, &st->bulk[B_SCAN + by], report_sql[by], err);
	if (!s)
		return CASES_EDB;
	sqlite3_bind_int64(s, 1, since);
	sqlite3_bind_int64(s, 2, until);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_case c = {
			.key = sqlite3_column_int64(s, 0),
			.due_at = store_col_opt(s, 1),
			.first_response_at = store_col_opt(s, 2),
			.resolved_at = store_col_opt(s, 3),
			.breached_at = store_col_opt(s, 4),
			.opened_at = sqlite3_column_int64(s, 5),
		};
		if (wide) {
			c.id = sqlite3_column_int64(s, 6);
			c.plan_id = sqlite3_column_int64(s, 7);
			c.account_id = sqlite3_column_int64(s, 8);
			c.severity = sqlite3_column_int(s, 9);
		}
		ret = fn(arg, &c);
		if (ret)
			break;
	}
	store_done(s);
	if (!ret && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_dberr(st, rc, err, "reading cases");
	return ret;
}

int
store_report_scan(struct store *st, int by, int64_t since, int64_t until,
		  int (*fn)(void *, const struct report_case *), void *arg,
		  char *err)
{
	return report_scan(st, by, 0, since, until, fn, arg, err);
}

int
store_report_scan_wide(struct store *st, int by, int64_t since, int64_t until,
		       int (*fn)(void *, const struct report_case *), void *arg,
		       char *err)
{
	return report_scan(st, by, 1, since, until, fn, arg, err);
}

static int
span_end(struct store *st, int slot, const char *sql, int64_t since,
	 int64_t until, int64_t *out, char *err)
{
	sqlite3_stmt *s = store_prep(st, &st->bulk[slot], sql, err);
	int rc, ret = CASES_OK;

	if (!s)
		return CASES_EDB;
	sqlite3_bind_int64(s, 1, since);
	sqlite3_bind_int64(s, 2, until);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else if (rc == SQLITE_DONE)
		ret = CASES_ENOTFOUND;
	else
		ret = store_dberr(st, rc, err, "reading cases");
	store_done(s);
	return ret;
}

int
store_report_span(struct store *st, int64_t since, int64_t until,
		  int64_t *first, int64_t *last, char *err)
{
	int rc;

	rc = span_end(st, B_SPAN_FIRST,
		      "SELECT opened_at FROM cases INDEXED BY cases_report "
		      "WHERE opened_at >= ?1 AND opened_at < ?2 "
		      "ORDER BY opened_at LIMIT 1",
		      since, until, first, err);
	if (rc == CASES_OK)
		rc = span_end(st, B_SPAN_LAST,
			      "SELECT opened_at FROM cases INDEXED BY "
			      "cases_report WHERE opened_at >= ?1 AND "
			      "opened_at < ?2 ORDER BY opened_at DESC LIMIT 1",
			      since, until, last, err);
	return rc;
}

int
store_report_brief(struct store *st, int64_t id, unsigned char uuid[16],
		   char **subject, char *err)
{
	sqlite3_stmt *s;
	int rc, ret = CASES_OK;

	*subject = NULL;
	s = store_prep(st, &st->bulk[B_BRIEF],
		       "SELECT uuid, subject FROM cases WHERE id = ?1", err);
	if (!s)
		return CASES_EDB;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 16) {
		memcpy(uuid, sqlite3_column_blob(s, 0), 16);
		*subject = store_col_strdup(s, 1);
		if (!*subject)
			ret = cases_errf(err, CASES_ENOMEM, "out of memory");
	} else if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		ret = cases_errf(err, CASES_ENOTFOUND, "no case %lld",
				 (long long)id);
	} else {
		ret = store_dberr(st, rc, err, "reading a case");
	}
	store_done(s);
	return ret;
}

/* ---- export ---- */

/* One statement for every filter: a NULL parameter means "any". Export
 * reads every matching case in opened_at order anyway. */
static const char export_sql[] =
	"SELECT " CASE_COLS " FROM cases c "
	"WHERE c.opened_at >= ?1 AND c.opened_at < ?2 "
	"AND (?3 IS NULL OR c.plan_id = ?3) "
	"AND (?4 IS NULL OR c.severity = ?4) "
	"AND (?5 IS NULL OR c.account_id = ?5) "
	"AND (?7 IS NULL OR c.assignee = ?7) "
	"AND CASE ?6 "
	"WHEN -1 THEN 1 "
	"WHEN -2 THEN c.resolved_at IS NULL "
	"WHEN 0 THEN c.first_response_at IS NULL AND c.resolved_at IS NULL "
	"WHEN 1 THEN c.first_response_at IS NOT NULL "
	"AND c.resolved_at IS NULL "
	"ELSE c.resolved_at IS NOT NULL END "
	"ORDER BY c.opened_at, c.uuid";

int
store_case_export(struct store *st, const struct case_filter *f, int64_t since,
		  int64_t until, int (*fn)(void *, const struct case_rec *),
		  void *arg, char *err)
{
	sqlite3_stmt *s = store_prep(st, &st->bulk[B_EXPORT], export_sql, err);

	if (!s)
		return CASES_EDB;
	if (f->status < -2 || f->status > 2) {
		store_done(s);
		return cases_errf(err, CASES_EINVAL, "bad status filter");
	}
	sqlite3_bind_int64(s, 1, since);
	sqlite3_bind_int64(s, 2, until);
	if (f->plan_id)
		sqlite3_bind_int64(s, 3, f->plan_id);
	if (f->severity)
		sqlite3_bind_int64(s, 4, f->severity);
	if (f->account_id)
		sqlite3_bind_int64(s, 5, f->account_id);
	sqlite3_bind_int64(s, 6, f->status);
	if (f->assignee)
		sqlite3_bind_text(s, 7, f->assignee, -1, SQLITE_STATIC);
	return store_each_case(st, s, fn, arg, err);
}

/* ---- import ---- */

#define CASE_INSERT_COLS                                                       \
	"INSERT INTO cases (id, uuid, external_id, account_id, plan_id, "      \
	"plan_ver, cal_ver, severity, category, channel, subject, "            \
	"opened_at, target_s, clock, due_at, first_response_at, "              \
	"resolved_at, breached_at, warned_at, assignee) VALUES "
#define CASE_NPARAM 20
#define EVENT_INSERT_COLS                                                      \
	"INSERT INTO event (case_id, at, kind, detail) VALUES "
#define EVENT_NPARAM 4

static void
bind_opt(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == CASE_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

/* c's columns into parameters base + 1 ...; text is bound
 * SQLITE_STATIC. */
static void
bind_case(sqlite3_stmt *s, int base, const struct case_rec *c, int64_t rowid)
{
	sqlite3_bind_int64(s, base + 1, rowid);
	sqlite3_bind_blob(s, base + 2, c->uuid, 16, SQLITE_STATIC);
	if (c->external_id)
		sqlite3_bind_text(s, base + 3, c->external_id, -1,
				  SQLITE_STATIC);
	else
		sqlite3_bind_null(s, base + 3);
	if (c->account_id)
		sqlite3_bind_int64(s, base + 4, c->account_id);
	else
		sqlite3_bind_null(s, base + 4);
	sqlite3_bind_int64(s, base + 5, c->plan_id);
	sqlite3_bind_int64(s, base + 6, c->plan_ver);
	sqlite3_bind_int64(s, base + 7, c->cal_ver);
	sqlite3_bind_int(s, base + 8, c->severity);
	sqlite3_bind_int(s, base + 9, c->category);
	sqlite3_bind_int(s, base + 10, c->channel);
	sqlite3_bind_text(s, base + 11, c->subject, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, base + 12, c->opened_at);
	bind_opt(s, base + 13, c->target_s);
	if (c->target_s == CASE_NONE)
		sqlite3_bind_null(s, base + 14);
	else
		sqlite3_bind_int(s, base + 14, c->clock);
	bind_opt(s, base + 15, c->due_at);
	bind_opt(s, base + 16, c->first_response_at);
	bind_opt(s, base + 17, c->resolved_at);
	bind_opt(s, base + 18, c->breached_at);
	bind_opt(s, base + 19, c->warned_at);
	if (c->assignee)
		sqlite3_bind_text(s, base + 20, c->assignee, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, base + 20);
}

/* "(?, ?, ...), (...)": rows groups of n parameters, after prefix. */
static char *
values_sql(const char *prefix, int rows, int n)
{
	size_t len = strlen(prefix) + (size_t)rows * ((size_t)n * 3 + 4) + 1;
	char *sql = malloc(len), *p;

	if (!sql)
		return NULL;
	p = sql + sprintf(sql, "%s", prefix);
	for (int r = 0; r < rows; r++) {
		*p++ = r ? ',' : ' ';
		*p++ = '(';
		for (int i = 0; i < n; i++)
			p += sprintf(p, i ? ",?" : "?");
		*p++ = ')';
	}
	*p = '\0';
	return sql;
}

static sqlite3_stmt *
prep_values(struct store *st, int slot, const char *prefix, int rows, int n,
	    char *err)
{
	sqlite3_stmt *s;
	char *sql;

	if (st->bulk[slot])
		return st->bulk[slot];
	sql = values_sql(prefix, rows, n);
	if (!sql) {
		cases_errf(err, CASES_ENOMEM, "out of memory");
		return NULL;
	}
	s = store_prep(st, &st->bulk[slot], sql, err);
	free(sql);
	return s;
}

static int
count_cb(void *arg, const struct case_rec *c)
{
	(void)arg;
	(void)c;
	return 0;
}

/* Does a case with c's uuid exist? (Said rather than its number's clash:
 * the same file imported twice clashes on both.) 1 or 0; -1 with err set
 * when the database cannot say. */
static int
uuid_exists(struct store *st, const struct case_rec *c, char *err)
{
	int count = 0;

	sqlite3_reset(st->bulk[B_INSERT]);
	if (store_case_by_prefix(st, c->uuid, 32, 0, count_cb, NULL, &count,
				 err)
	    != CASES_OK)
		return -1;
	return count > 0;
}

/* The number a new case takes (NEXT_NUMBER_SQL). */
static int
next_number(struct store *st, int64_t *number, char *err)
{
	sqlite3_stmt *s = store_prep(st, &st->bulk[B_MAX_ID],
				     "SELECT " NEXT_NUMBER_SQL, err);
	int rc;

	if (!s)
		return CASES_EDB;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*number = sqlite3_column_int64(s, 0);
	store_done(s);
	if (rc != SQLITE_ROW)
		return store_dberr(st, rc, err, "reading cases");
	return CASES_OK;
}

/* One case row; rowid 0 for a new one. */
static int
insert_case(struct store *st, struct case_rec *c, int64_t rowid, char *err)
{
	sqlite3_stmt *s = prep_values(st, B_INSERT, CASE_INSERT_COLS, 1,
				      CASE_NPARAM, err);
	const char *msg;
	int rc, had = 0;

	if (!s)
		return CASES_EDB;
	if (!rowid && (rc = next_number(st, &rowid, err)) != CASES_OK)
		return rc;
	bind_case(s, 0, c, rowid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		c->rowid = sqlite3_last_insert_rowid(st->db);
		return CASES_OK;
	}
	msg = sqlite3_errmsg(st->db);
	if (rc == SQLITE_CONSTRAINT_UNIQUE && strstr(msg, "external_id"))
		rc = cases_errf(err, CASES_EINVAL,
				"external id '%s' already exists",
				c->external_id ? c->external_id : "");
	else if (rc == SQLITE_CONSTRAINT_PRIMARYKEY
		 && (had = uuid_exists(st, c, err)) < 0)
		rc = CASES_EDB;
	else if (had)
		rc = cases_errf(err, CASES_EINVAL, "case %s already exists",
				c->id);
	else if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		rc = cases_errf(err, CASES_EINVAL,
				"case number %lld is taken (by another case)",
				(long long)rowid);
	else if (rc == SQLITE_CONSTRAINT_UNIQUE)
		rc = cases_errf(err, CASES_EINVAL, "case %s already exists",
				c->id);
	else if (rc == SQLITE_CONSTRAINT_TRIGGER && strstr(msg, "deleted case"))
		rc = cases_errf(err, CASES_EINVAL,
				"case number %lld belonged to a deleted case "
				"(see 'cases deleted')",
				(long long)rowid);
	else if ((rc & 0xff) == SQLITE_CONSTRAINT)
		rc = cases_errf(err, CASES_EINVAL, "case %s is invalid (%s)",
				c->id, msg);
	else
		rc = store_dberr(st, rc, err, "saving case");
	sqlite3_reset(s);
	return rc;
}

int
store_import_case(struct store *st, struct case_rec *c, char *err)
{
	return insert_case(st, c, c->rowid > 0 ? c->rowid : 0, err);
}

int
store_import_event(struct store *st, int64_t case_id, int64_t at,
		   const char *kind, const char *detail, char *err)
{
	sqlite3_stmt *s = prep_values(st, B_EVENT, EVENT_INSERT_COLS, 1,
				      EVENT_NPARAM, err);
	int rc;

	if (!s)
		return CASES_EDB;
	sqlite3_bind_int64(s, 1, case_id);
	sqlite3_bind_int64(s, 2, at);
	sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
	if (detail)
		sqlite3_bind_text(s, 4, detail, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 4);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return cases_errf(err, CASES_EINVAL,
				  "case already has a '%s' event", kind);
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err, "saving event");
	return CASES_OK;
}

/* ---- the batch writer ---- */

#define BATCH	     64	 /* rows per multi-row INSERT */
#define EXT_MAX	     256 /* bytes of an external id kept */
#define ASSIGNEE_MAX 128 /* bytes of a name (case_name_check) */
#define DETAIL_MAX   256 /* bytes of an event detail kept */
#define EVCAP	     (BATCH + BATCH * STORE_BATCH_EVENTS)

struct batch_case {
	struct case_rec c; /* strings point at the arrays below */
	int64_t tag;
	char subject[CASE_SUBJECT_MAX + 1];
	char ext[EXT_MAX + 1];
	char assignee[ASSIGNEE_MAX + 1];
};

struct batch_event {
	int64_t case_id;
	int64_t at;
	const char *kind;
	int has_detail;
	char detail[DETAIL_MAX];
};

struct store_batch {
	struct store *st;
	int64_t next_rowid;
	struct batch_case cases[BATCH];
	int ncases;
	struct batch_event events[EVCAP];
	int nevents; /* every queued event's case is written or queued */
};

int
store_batch_new(struct store *st, struct store_batch **out, char *err)
{
	struct store_batch *b;
	int rc;

	*out = NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	rc = next_number(st, &b->next_rowid, err);
	if (rc) {
		free(b);
		return rc;
	}
	b->st = st;
	*out = b;
	return CASES_OK;
}

void
store_batch_free(struct store_batch *b)
{
	free(b);
}

/* Write the queued cases: one statement for a full batch; row by row for
 * a partial one, or to find the row a full batch failed on. */
static int
flush_cases(struct store_batch *b, int64_t *failed, char *err)
{
	struct store *st = b->st;
	sqlite3_stmt *s;
	int rc, i;

	if (b->ncases == BATCH) {
		s = prep_values(st, B_INSERT_BATCH, CASE_INSERT_COLS, BATCH,
				CASE_NPARAM, err);
		if (!s)
			return CASES_EDB;
		for (i = 0; i < BATCH; i++)
			bind_case(s, i * CASE_NPARAM, &b->cases[i].c,
				  b->cases[i].c.rowid);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc == SQLITE_DONE) {
			b->ncases = 0;
			return CASES_OK;
		}
		if ((rc & 0xff) != SQLITE_CONSTRAINT)
			return store_dberr(st, rc, err, "saving cases");
		/* The statement wrote nothing: find the row, one by one. */
	}
	for (i = 0; i < b->ncases; i++) {
		rc = insert_case(st, &b->cases[i].c, b->cases[i].c.rowid, err);
		if (rc) {
			if (rc == CASES_EINVAL)
				*failed = b->cases[i].tag;
			return rc;
		}
	}
	b->ncases = 0;
	return CASES_OK;
}

/* Write queued events (whose cases are written): full batches, and the
 * rest too when all is set. */
static int
flush_events(struct store_batch *b, int all, char *err)
{
	struct store *st = b->st;
	sqlite3_stmt *s;
	int done = 0, rc, i;

	while (b->nevents - done >= BATCH) {
		s = prep_values(st, B_EVENT_BATCH, EVENT_INSERT_COLS, BATCH,
				EVENT_NPARAM, err);
		if (!s)
			return CASES_EDB;
		for (i = 0; i < BATCH; i++) {
			struct batch_event *e = &b->events[done + i];
			int base = i * EVENT_NPARAM;
			sqlite3_bind_int64(s, base + 1, e->case_id);
			sqlite3_bind_int64(s, base + 2, e->at);
			sqlite3_bind_text(s, base + 3, e->kind, -1,
					  SQLITE_STATIC);
			if (e->has_detail)
				sqlite3_bind_text(s, base + 4, e->detail, -1,
						  SQLITE_STATIC);
			else
				sqlite3_bind_null(s, base + 4);
		}
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_dberr(st, rc, err, "saving events");
		done += BATCH;
	}
	for (; all && done < b->nevents; done++) {
		struct batch_event *e = &b->events[done];
		rc = store_import_event(st, e->case_id, e->at, e->kind,
					e->has_detail ? e->detail : NULL, err);
		if (rc)
			return rc;
	}
	if (done > 0) {
		memmove(b->events, b->events + done,
			(size_t)(b->nevents - done) * sizeof(b->events[0]));
		b->nevents -= done;
	}
	return CASES_OK;
}

int
store_batch_add(struct store_batch *b, struct case_rec *c, int64_t tag,
		const struct store_batch_event *ev, int nev, int64_t *failed,
		char *err)
{
	struct batch_case *q;
	size_t n;
	int rc;

	*failed = -1;
	if (nev < 0 || nev > STORE_BATCH_EVENTS)
		return cases_errf(err, CASES_EINVAL, "too many events");
	if (b->ncases == BATCH) {
		rc = flush_cases(b, failed, err);
		if (rc == CASES_OK)
			rc = flush_events(b, 0, err);
		if (rc)
			return rc;
	}
	q = &b->cases[b->ncases];
	q->c = *c;
	q->c.assignee = NULL;
	q->tag = tag;
	n = strlen(c->subject);
	if (n > CASE_SUBJECT_MAX)
		return cases_errf(err, CASES_EINVAL, "subject too long");
	memcpy(q->subject, c->subject, n + 1);
	q->c.subject = q->subject;
	if (c->external_id) {
		n = strlen(c->external_id);
		if (n > EXT_MAX)
			return cases_errf(err, CASES_EINVAL,
					  "external id too long");
		memcpy(q->ext, c->external_id, n + 1);
		q->c.external_id = q->ext;
	}
	if (c->assignee) {
		n = strlen(c->assignee);
		if (n > ASSIGNEE_MAX)
			return cases_errf(err, CASES_EINVAL,
					  "assignee too long");
		memcpy(q->assignee, c->assignee, n + 1);
		q->c.assignee = q->assignee;
	}
	/* A given number is kept (a clash fails when the batch is written);
	 * the others take the next ones after the highest so far. */
	if (c->rowid > 0) {
		if (c->rowid >= b->next_rowid)
			b->next_rowid = c->rowid + 1;
		q->c.rowid = c->rowid;
	} else {
		q->c.rowid = c->rowid = b->next_rowid++;
	}
	case_uuid_format(c->uuid, c->id);
	memcpy(q->c.id, c->id, CASE_ID_LEN);
	b->ncases++;
	for (int i = 0; i < nev; i++) {
		struct batch_event *e = &b->events[b->nevents++];
		e->case_id = c->rowid;
		e->at = ev[i].at;
		e->kind = ev[i].kind;
		e->has_detail = ev[i].detail != NULL;
		if (e->has_detail)
			snprintf(e->detail, sizeof(e->detail), "%s",
				 ev[i].detail);
	}
	return CASES_OK;
}

int
store_batch_flush(struct store_batch *b, int64_t *failed, char *err)
{
	int rc;

	*failed = -1;
	rc = flush_cases(b, failed, err);
	if (rc == CASES_OK)
		rc = flush_events(b, 1, err);
	return rc;
}

int
store_case_by_external(struct store *st, const char *external_id,
		       struct case_rec *out, char *err)
{
	sqlite3_stmt *s = store_prep(st, &st->bulk[B_BY_EXT],
				     "SELECT " CASE_COLS " FROM cases c "
				     "WHERE c.external_id = ?1",
				     err);
	struct case_rec c;
	int rc, ret;

	case_rec_init(out);
	if (!s)
		return CASES_EDB;
	sqlite3_bind_text(s, 1, external_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_read_case(st, s, &c);
		ret = case_rec_copy(&c, out) == CASES_OK
			      ? CASES_OK
			      : cases_errf(err, CASES_ENOMEM, "out of memory");
	} else if (rc == SQLITE_DONE) {
		ret = CASES_ENOTFOUND;
	} else {
		ret = store_dberr(st, rc, err, "finding case");
	}
	store_done(s);
	return ret;
}

int
store_import_response(struct store *st, int64_t case_id, int64_t at, char *err)
{
	sqlite3_stmt *s;
	int rc;

	if (at == CASE_NONE)
		s = store_prep(st, &st->bulk[B_RESPONSE_DROP],
			       "DELETE FROM event WHERE case_id = ?1 "
			       "AND kind = 'responded'",
			       err);
	else
		s = store_prep(st, &st->bulk[B_RESPONSE_MOVE],
			       "UPDATE event SET at = ?2 WHERE case_id = ?1 "
			       "AND kind = 'responded'",
			       err);
	if (!s)
		return CASES_EDB;
	sqlite3_bind_int64(s, 1, case_id);
	if (at != CASE_NONE)
		sqlite3_bind_int64(s, 2, at);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err,
				   "correcting the first response");
	if (at != CASE_NONE && sqlite3_changes(st->db) == 0)
		return store_import_event(st, case_id, at, "responded", NULL,
					  err);
	return CASES_OK;
}

int
store_tune_bulk(struct store *st, int64_t cache_kib, char *err)
{
	char sql[96];
	int rc;

	/* A number we format, not user data. */
	snprintf(sql, sizeof(sql),
		 "PRAGMA cache_size = -%lld; PRAGMA temp_store = MEMORY",
		 (long long)cache_kib);
	rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_dberr(st, rc, err, "tuning the connection");
	return CASES_OK;
}
