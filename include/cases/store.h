/*
 * store.h - the SQLite database behind cases.
 *
 * The only module that talks to SQLite. It opens (creating, with mode 0600,
 * and migrating) the database, runs one transaction per command and keeps
 * every statement prepared for the life of the process. User data reaches
 * SQL only through bound parameters.
 */
#ifndef CASES_STORE_H
#define CASES_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "cases/error.h"
#include "cases/plan.h"
#include "cases/record.h"

struct store;

/* The schema version this program writes (number of sql/ migrations). */
int store_schema_version(void);

/*
 * Open the database at path, creating it and its folders (mode 0700
 * folders, 0600 file, regardless of umask; a symbolic link whose target
 * does not exist gets its target created 0600) and migrating it to the
 * current schema. A database with a newer schema is refused (CASES_EDB)
 * and not modified. path is a file name and nothing else: never an SQLite
 * URI ("file:x.db?nolock=1" is a file of that name) nor ":memory:" (a file
 * called that); path NULL opens a private in-memory database. An empty
 * path is CASES_EINVAL.
 */
int store_open(const char *path, struct store **out,
	       char *err) CASES_MUST_CHECK;
/* The file st has open (absolute), NULL for an in-memory database:
 * what another connection to the same database opens. */
const char *store_filename(struct store *st);
void store_close(struct store *st);

/* Transactions: write != 0 takes the write lock at once (BEGIN IMMEDIATE).
 * Busy waits up to the busy timeout (10 s) before CASES_EDB. */
int store_begin(struct store *st, int write, char *err) CASES_MUST_CHECK;
int store_commit(struct store *st, char *err) CASES_MUST_CHECK;
void store_rollback(struct store *st);

/* A step inside the open transaction that can be undone alone (SQLite's
 * SAVEPOINT): store_savepoint() starts it, store_release() keeps it,
 * store_rollback_to() undoes what it wrote and ends it; the transaction
 * goes on either way. Steps do not nest. */
int store_savepoint(struct store *st, char *err) CASES_MUST_CHECK;
int store_release(struct store *st, char *err) CASES_MUST_CHECK;
void store_rollback_to(struct store *st);

/* A consistent online copy of the database into a new file at path (a
 * file name, as for store_open), mode 0600; outside any transaction.
 * CASES_EINVAL if path exists. */
int store_backup(struct store *st, const char *path,
		 char *err) CASES_MUST_CHECK;

/*
 * Replace the whole database with the one in the file at path (a file
 * name, as for store_open), made by store_backup() or a copy of a closed
 * database. The file is checked first: SQLite's integrity_check, the cases
 * tables, a schema version from 1 to this program's. It is then copied in
 * with SQLite's online backup as one write transaction on the live
 * database (so that readers see the old or the new database, never a
 * mixture, and no WAL frame of the old one survives), and migrated when it
 * comes from an older version. Outside any transaction. CASES_EINVAL when
 * the file is not a cases database (or is the live database itself),
 * CASES_EDB when it is damaged, newer, or the database is busy past the
 * timeout, CASES_EIO when it cannot be read; on every error the database
 * is unchanged.
 */
int store_restore(struct store *st, const char *path,
		  char *err) CASES_MUST_CHECK;

/* ---- plans ---- */

/* The current version of plan `name` (case-insensitive). CASES_ENOTFOUND
 * lists the known plans. */
int store_plan_get(struct store *st, const char *name, struct plan *out,
		   char *err) CASES_MUST_CHECK;
/* A given plan version (what a case was opened under). */
int store_plan_get_ver(struct store *st, int64_t ver, struct plan *out,
		       char *err) CASES_MUST_CHECK;
/* Every plan's current version, by id. */
int store_plan_each(struct store *st,
		    int (*fn)(void *arg, const struct plan *p), void *arg,
		    char *err) CASES_MUST_CHECK;
/* Create plan p->name from p's content; fills p->id and p->ver. */
int store_plan_add(struct store *st, struct plan *p, int64_t now,
		   char *err) CASES_MUST_CHECK;
/* Write p's content as a new current version of plan p->id; fills p->ver. */
int store_plan_update(struct store *st, struct plan *p, int64_t now,
		      char *err) CASES_MUST_CHECK;
/* Name of plan id (borrowed, valid until store_close); NULL if unknown. */
const char *store_plan_name(struct store *st, int64_t id);

/* ---- calendars ---- */

#define STORE_TZ_MAX	128
#define STORE_HOURS_MAX 1024

/* A calendar version's content, plus the name and id of a named calendar
 * (name NULL and id 0 for an anonymous one). Strings owned by the record. */
struct cal_rec {
	int64_t id;
	int64_t ver;
	char *name;
	char *tz;
	char *hours;
	char *holidays; /* "YYYY-MM-DD,YYYY-MM-DD" sorted, or "" */
	int64_t created_at;
};
void cal_rec_release(struct cal_rec *c);

int store_calendar_get(struct store *st, const char *name, struct cal_rec *out,
		       char *err) CASES_MUST_CHECK;
int store_calendar_get_ver(struct store *st, int64_t ver, struct cal_rec *out,
			   char *err) CASES_MUST_CHECK;
/* The version id of this content, inserting it if new. */
int store_calver_intern(struct store *st, const char *tz, const char *hours,
			const char *holidays, int64_t *ver,
			char *err) CASES_MUST_CHECK;
/* Create calendar `name` on content version ver. CASES_EINVAL if the name is
 * taken. */
int store_calendar_add(struct store *st, const char *name, int64_t ver,
		       int64_t now, char *err) CASES_MUST_CHECK;
/* Point calendar id at content version ver from now on. Every version a
 * calendar points at, from store_calendar_add on, is kept in its history
 * (calendar_hist: docs/storage.md 5.4). */
int store_calendar_set_ver(struct store *st, int64_t id, int64_t ver,
			   int64_t now, char *err) CASES_MUST_CHECK;
int store_calendar_each(struct store *st,
			int (*fn)(void *arg, const struct cal_rec *c),
			void *arg, char *err) CASES_MUST_CHECK;

/* ---- accounts ---- */

struct account_rec {
	int64_t id;
	char *name;
	int64_t plan_id;
	const char *plan;    /* borrowed */
	int64_t calendar_id; /* 0: anonymous calendar */
	char *calendar;	     /* name of the named calendar, or NULL */
	int64_t cal_ver;     /* calendar version in force now */
	int64_t created_at;
};
void account_rec_release(struct account_rec *a);

int store_account_get(struct store *st, const char *name,
		      struct account_rec *out, char *err) CASES_MUST_CHECK;
/* Insert a->name with plan_id and either calendar_id or cal_ver. */
int store_account_add(struct store *st, struct account_rec *a,
		      char *err) CASES_MUST_CHECK;
/* Update plan_id and calendar (calendar_id, else cal_ver) of a->id. */
int store_account_update(struct store *st, const struct account_rec *a,
			 char *err) CASES_MUST_CHECK;
int store_account_each(struct store *st,
		       int (*fn)(void *arg, const struct account_rec *a),
		       void *arg, char *err) CASES_MUST_CHECK;
/* Name of account id (borrowed, valid until store_close); NULL if none. */
const char *store_account_name(struct store *st, int64_t id);

/* ---- what refers to a plan, calendar or account; removal ---- */

enum store_object { STORE_PLAN, STORE_CALENDAR, STORE_ACCOUNT };

#define STORE_USERS_NAMES 3

/* What refers to one (docs/domain.md 5 to 7). */
struct store_users {
	int64_t accounts;		      /* on the plan or the calendar */
	char account[STORE_USERS_NAMES][132]; /* the first, by name */
	int64_t cases; /* on the plan or account; under any version the
			   calendar had, opened once it had it */
	int64_t keys;  /* API keys of the account, revoked ones too */
	int64_t revoked;
};

/* Fill u for plan, calendar or account id. */
int store_users(struct store *st, enum store_object what, int64_t id,
		struct store_users *u, char *err) CASES_MUST_CHECK;

/* Remove plan (with its versions), calendar (with its history; the
 * contents stay) or account id; the caller has found nothing referring
 * to it (the foreign keys refuse it otherwise: CASES_EDB). */
int store_remove(struct store *st, enum store_object what, int64_t id,
		 char *err) CASES_MUST_CHECK;

/* ---- cases ---- */

/* Insert c (its uuid set); fills c->rowid. CASES_EINVAL if the uuid or
 * external id exists. */
int store_case_insert(struct store *st, struct case_rec *c,
		      char *err) CASES_MUST_CHECK;
/* Write c's mutable fields: severity, target, clock, due, response,
 * resolution, breach and warning times. */
int store_case_update(struct store *st, const struct case_rec *c,
		      char *err) CASES_MUST_CHECK;
/* Cases whose uuid starts with the nlen-nibble prefix `pfx` (nibbles packed
 * as 16 bytes). fn gets borrowed records; stops after `max` calls and
 * returns the total number of matches in *count. */
int store_case_by_prefix(struct store *st, const unsigned char pfx[16],
			 int nlen, int max,
			 int (*fn)(void *arg, const struct case_rec *c),
			 void *arg, int *count, char *err) CASES_MUST_CHECK;

/* The case numbered `number` (its rowid, docs/domain.md): fn gets it,
 * borrowed, and *count is 1; or *count is 0 when there is none. */
int store_case_by_number(struct store *st, int64_t number,
			 int (*fn)(void *arg, const struct case_rec *c),
			 void *arg, int *count, char *err) CASES_MUST_CHECK;

/* Set (a name) or clear (NULL) the assignee of case id. */
int store_case_assign(struct store *st, int64_t id, const char *assignee,
		      char *err) CASES_MUST_CHECK;
/* Write c's subject and external id. CASES_EINVAL when the external id
 * is another case's. */
int store_case_edit(struct store *st, const struct case_rec *c,
		    char *err) CASES_MUST_CHECK;

/* A line of the deletion log (sql/009): what a deleted case was, who
 * deleted it (NULL: nobody named) and when. Strings borrowed. */
struct deleted_rec {
	int64_t number;
	unsigned char uuid[16];
	char id[CASE_ID_LEN];
	const char *external_id; /* NULL: none */
	const char *account;	 /* NULL: none */
	const char *plan;
	int severity;
	const char *subject;
	int64_t opened_at;
	int64_t due_at; /* CASE_NONE: none, as the times below */
	int64_t first_response_at;
	int64_t resolved_at;
	int64_t deleted_at;
	const char *deleted_by;
};

/* Delete case c (as read in this transaction) and its events, hook
 * claims included, after writing its line in the deletion log: deleted
 * at `at` by `by` (NULL: the handle's author). Its number is never given
 * again. CASES_ENOTFOUND when the case is gone. */
int store_case_delete(struct store *st, const struct case_rec *c, int64_t at,
		      const char *by, char *err) CASES_MUST_CHECK;
/* The log line of the case numbered `number`: fn gets it and *count is
 * 1, or *count is 0 when no case of that number was deleted. */
int store_deleted_get(struct store *st, int64_t number,
		      int (*fn)(void *arg, const struct deleted_rec *d),
		      void *arg, int *count, char *err) CASES_MUST_CHECK;
/* Every line of the log, oldest deletion first; fn returns non-zero to
 * stop. */
int store_deleted_each(struct store *st,
		       int (*fn)(void *arg, const struct deleted_rec *d),
		       void *arg, char *err) CASES_MUST_CHECK;

/* Filters for listings; 0 / -1 / NULL mean "any". */
struct case_filter {
	int status;	    /* -1 all, -2 not resolved, else enum case_status */
	int64_t plan_id;    /* 0: any */
	int severity;	    /* 0: any */
	int64_t account_id; /* 0: any */
	int64_t limit;	    /* 0: no limit */
	const char *assignee; /* NULL: any; borrowed */
};
/* One line, not the four clang-format would make of it. */
/* clang-format off */
#define CASE_FILTER_INIT { -2, 0, 0, 0, 0, NULL }
/* clang-format on */

/* Newest first. fn returns non-zero to stop (that value is returned). */
int store_case_list(struct store *st, const struct case_filter *f,
		    int (*fn)(void *arg, const struct case_rec *c), void *arg,
		    char *err) CASES_MUST_CHECK;
/* A page of cases, newest first (cases serve's DescribeCases). */
struct case_page {
	int64_t account_id;		/* 0: every account */
	int resolved;			/* resolved cases too */
	int64_t number;			/* 0: any; else that case alone */
	int64_t after, before;		/* opened_at bounds; CASE_NONE: none */
	int64_t below_opened, below_id; /* keyset: only cases before this
					 * (opened_at, id); INT64_MAX: none */
	int limit;
};
/* The cases of page p, at most p->limit: fn gets each (borrowed), whether
 * it has a "reopened" event, and who wrote its latest note or response
 * (1 the desk, 0 the customer, -1 none). fn returns non-zero to stop. */
int store_case_page(struct store *st, const struct case_page *p,
		    int (*fn)(void *arg, const struct case_rec *c, int reopened,
			      int last_by_desk),
		    void *arg, char *err) CASES_MUST_CHECK;
/* Unanswered cases with due_at in [from, to), soonest deadline first
 * (from = INT64_MIN for "overdue at to - 1"). Served by the
 * cases_unanswered index. */
int store_case_due_between(struct store *st, const struct case_filter *f,
			   int64_t from, int64_t to,
			   int (*fn)(void *arg, const struct case_rec *c),
			   void *arg, char *err) CASES_MUST_CHECK;

/* ---- the past (store_asof.c; docs/deadlines.md "Reading the past") ---- */

/* *changed = 1 when something is dated after t: an event (the event_at
 * index) or a case opened (cases_opened); two seeks. When nothing is, the
 * world at t is the world now. */
int store_changed_after(struct store *st, int64_t t, int *changed,
			char *err) CASES_MUST_CHECK;

/* What a read at t may show, for case_as_of() to replay: the cases
 * matching f's plan and account (f->status, f->severity and f->limit are
 * not used: they are judged as of t) opened at or before t; which 1: and
 * not resolved at t by their record (resolved_at NULL or after t: a case
 * resolved at or before t by its record was resolved at t); which 2: and
 * also not answered at t by it. Newest first (opened_at, id descending). */
enum { STORE_ASOF_ALL, STORE_ASOF_UNRESOLVED, STORE_ASOF_UNANSWERED };
int store_case_asof(struct store *st, const struct case_filter *f, int64_t t,
		    int which, int (*fn)(void *arg, const struct case_rec *c),
		    void *arg, char *err) CASES_MUST_CHECK;

/* The id of every case with an event dated after t, each once (a range
 * of the event_at index). fn returns non-zero to stop. */
int store_event_cases_after(struct store *st, int64_t t,
			    int (*fn)(void *arg, int64_t case_id), void *arg,
			    char *err) CASES_MUST_CHECK;

/* ---- events ---- */

struct event_rec {
	int64_t id;
	int64_t case_id;
	int64_t at;
	const char *kind;
	const char *detail; /* NULL: none */
	int hook;	    /* -1 none, 0 pending, 1 delivered */
	const char *author; /* who wrote a note or response; NULL: none */
	int customer;	    /* a customer's communication (through the API) */
};

/* Who writes through this handle (a person's name; NULL: nobody named):
 * the author of every event store_event_add appends from now on. */
int store_set_author(struct store *st, const char *name,
		     char *err) CASES_MUST_CHECK;

/* Append an event, by the handle's author. hook: -1 none, 0 pending
 * delivery. For "breached" and
 * "warned", CASES_EINVAL if the case already has one (see *dup). */
int store_event_add(struct store *st, int64_t case_id, int64_t at,
		    const char *kind, const char *detail, int hook, int64_t *id,
		    char *err) CASES_MUST_CHECK;
/* The same with the event's author (a staff name or a customer's
 * submittedBy; NULL: the handle's, see store_set_author). */
int store_event_add_by(struct store *st, int64_t case_id, int64_t at,
		       const char *kind, const char *detail, const char *author,
		       int hook, int64_t *id, char *err) CASES_MUST_CHECK;
/* Append a customer's communication: a note marked as the customer's
 * (event.customer, sql/008), author its submittedBy. */
int store_event_add_customer(struct store *st, int64_t case_id, int64_t at,
			     const char *detail, const char *author,
			     char *err) CASES_MUST_CHECK;
/* A case's events, oldest first; borrowed records. */
int store_event_each(struct store *st, int64_t case_id,
		     int (*fn)(void *arg, const struct event_rec *e), void *arg,
		     char *err) CASES_MUST_CHECK;

/* ---- API keys (sql/007) ---- */

#define STORE_KEYID_MAX	  128 /* bytes of an access key id */
#define STORE_SECRET_MAX  128 /* bytes of a secret */
#define STORE_STAFF_MAX	  128 /* bytes of a staff member's name */
#define STORE_KEYNAME_MAX 128 /* bytes of a key's name or e-mail address */

/* A key of `cases serve`: a customer account's (account_id != 0) or a
 * staff member's (staff non-empty). */
struct key_rec {
	char id[STORE_KEYID_MAX + 1];
	char secret[STORE_SECRET_MAX + 1];
	int64_t account_id;  /* 0: a staff key */
	const char *account; /* borrowed from the store's name cache */
	char staff[STORE_STAFF_MAX + 1];
	int64_t created_at;
	int64_t revoked_at; /* CASE_NONE: in force */
	/* Whom a customer's key speaks for (sql/008): "" when not given. */
	char name[STORE_KEYNAME_MAX + 1];  /* "AdminRole (Role)" */
	char email[STORE_KEYNAME_MAX + 1]; /* "jane@example.com" */
};

/* Insert k. CASES_EINVAL if its id exists. */
int store_key_add(struct store *st, const struct key_rec *k,
		  char *err) CASES_MUST_CHECK;
/* The key with this id (revoked or not). CASES_ENOTFOUND if none. */
int store_key_get(struct store *st, const char *id, struct key_rec *out,
		  char *err) CASES_MUST_CHECK;
/* Every key, oldest first; fn returns non-zero to stop. */
int store_key_each(struct store *st,
		   int (*fn)(void *arg, const struct key_rec *k), void *arg,
		   char *err) CASES_MUST_CHECK;
/* Mark key id revoked at `at`. CASES_ENOTFOUND if there is no such key,
 * CASES_EINVAL if it is revoked already. */
int store_key_revoke(struct store *st, const char *id, int64_t at,
		     char *err) CASES_MUST_CHECK;

/* ---- the breach check ---- */

/* Up to limit unanswered cases overdue at now with no recorded breach,
 * in (due_at, id) order after (after_due, after_id) (INT64_MIN, 0 for the
 * first batch): one probe of the cases_unbreached index when there are
 * none. */
int store_check_overdue(struct store *st, int64_t now, int64_t after_due,
			int64_t after_id, int limit,
			int (*fn)(void *arg, const struct case_rec *c),
			void *arg, char *err) CASES_MUST_CHECK;
/* Up to limit unanswered cases, not overdue at now, neither breached nor
 * warned, whose wall-clock elapsed time has reached pct percent of their
 * target (a superset of those whose business time has), in (due_at, id)
 * order after (after_due, after_id). */
int store_check_warnable(struct store *st, int64_t now, int pct,
			 int64_t after_due, int64_t after_id, int limit,
			 int (*fn)(void *arg, const struct case_rec *c),
			 void *arg, char *err) CASES_MUST_CHECK;
/* Up to limit events awaiting hook delivery with an id above after_id and
 * no claim holding at now_ms (real clock, ms since the epoch), with their
 * cases, oldest first. */
int store_hook_pending(struct store *st, int64_t after_id, int64_t now_ms,
		       int limit,
		       int (*fn)(void *arg, const struct event_rec *e,
				 const struct case_rec *c),
		       void *arg, char *err) CASES_MUST_CHECK;
/* Claim event_id for run `by` until until_ms, unless it was delivered or
 * another claim holds at now_ms: *claimed 1 if this call took it. */
int store_hook_claim(struct store *st, int64_t event_id, const char *by,
		     int64_t now_ms, int64_t until_ms, int *claimed,
		     char *err) CASES_MUST_CHECK;
/* Give up run by's claim on event_id (its hook failed), so that the next
 * run may deliver it at once. */
int store_hook_release(struct store *st, int64_t event_id, const char *by,
		       char *err) CASES_MUST_CHECK;
/* Mark an event's hook delivered (its claim goes with it). */
int store_hook_done(struct store *st, int64_t event_id,
		    char *err) CASES_MUST_CHECK;

/* The SQL of the breach probe, for EXPLAIN QUERY PLAN tests. */
extern const char *const store_check_overdue_sql;

/* Raw access for tests and `check`: run EXPLAIN QUERY PLAN on sql and
 * append its detail lines to buf. */
int store_explain_plan(struct store *st, const char *sql, char *buf, size_t len,
		       char *err) CASES_MUST_CHECK;

/* ---- bulk: report, export and import (store_bulk.c) ---- */

/* Report group keys. */
enum store_group {
	STORE_BY_PLAN = 0,
	STORE_BY_SEVERITY,
	STORE_BY_ACCOUNT,
};

/* A case as the report's counting pass reads it; absent times are
 * CASE_NONE. key: plan id, severity rank, or account id (0: none). */
struct report_case {
	int64_t key;
	int64_t due_at;
	int64_t first_response_at;
	int64_t resolved_at;
	int64_t breached_at;
	int64_t opened_at;
	/* Filled by store_report_scan_wide() only (0 otherwise): */
	int64_t id; /* the rowid, the number people see */
	int64_t plan_id;
	int64_t account_id; /* 0: none */
	int severity;
};

/* Every case opened in [since, until), in opened_at order, read from the
 * covering cases_report index alone. fn returns non-zero to stop. */
int store_report_scan(struct store *st, int by, int64_t since, int64_t until,
		      int (*fn)(void *arg, const struct report_case *c),
		      void *arg, char *err) CASES_MUST_CHECK;

/* store_report_scan() with every field of struct report_case filled, from
 * the same covering index (the pictures of `report --format html`). */
int store_report_scan_wide(struct store *st, int by, int64_t since,
			   int64_t until,
			   int (*fn)(void *arg, const struct report_case *c),
			   void *arg, char *err) CASES_MUST_CHECK;

/* The first and last opened_at in [since, until) (two seeks of the
 * cases_report index); CASES_ENOTFOUND when the range holds no case. */
int store_report_span(struct store *st, int64_t since, int64_t until,
		      int64_t *first, int64_t *last,
		      char *err) CASES_MUST_CHECK;

/* The uuid and subject (*subject malloc'd, the caller's) of the case
 * with rowid id, for the report's list of breached cases: one seek of
 * the table per case listed. CASES_ENOTFOUND when there is none. */
int store_report_brief(struct store *st, int64_t id, unsigned char uuid[16],
		       char **subject, char *err) CASES_MUST_CHECK;

/* The SQL of the report's counting scan (wide: 0 store_report_scan()'s,
 * 1 store_report_scan_wide()'s), for EXPLAIN QUERY PLAN tests; NULL for a
 * bad group. */
const char *store_report_sql(int by, int wide);

/* Cases matching f (status -1 for all; f->limit ignored) opened in
 * [since, until), oldest first, ties by id: the export order. */
int store_case_export(struct store *st, const struct case_filter *f,
		      int64_t since, int64_t until,
		      int (*fn)(void *arg, const struct case_rec *c), void *arg,
		      char *err) CASES_MUST_CHECK;

/* Insert an imported case (every field set, uuid included) under number
 * c->rowid when it is > 0, else the next one, and fill c->rowid.
 * CASES_EINVAL naming the id, the external id or the number that exists. */
int store_import_case(struct store *st, struct case_rec *c,
		      char *err) CASES_MUST_CHECK;
/* Append an event without a hook to an imported case. */
int store_import_event(struct store *st, int64_t case_id, int64_t at,
		       const char *kind, const char *detail,
		       char *err) CASES_MUST_CHECK;
/* Make the `responded` event of an imported case (rowid case_id, with an
 * external id) say at: move it, add it when there is none, remove it for
 * CASE_NONE. The one change to history the schema allows (sql/005). */
int store_import_response(struct store *st, int64_t case_id, int64_t at,
			  char *err) CASES_MUST_CHECK;

/*
 * A batch writer for big imports: cases and their events are queued and
 * written many rows per statement (64 cases, 64 events), which saves most
 * of SQLite's per-statement work. Rowids are given in order after the
 * largest in the table (the caller holds the write lock).
 */
struct store_batch;

struct store_batch_event {
	int64_t at;
	const char *kind;   /* a constant: opened, responded, ... */
	const char *detail; /* copied; NULL for none */
};

#define STORE_BATCH_EVENTS 4 /* events per queued case, at most */

int store_batch_new(struct store *st, struct store_batch **out,
		    char *err) CASES_MUST_CHECK;
/* Queue a copy of c (fills c->rowid, keeping a number c->rowid > 0, and
 * c->id) and its nev events. A row
 * that the database refuses is found when its batch is written, by this
 * call or a later one or by store_batch_flush: the status is then
 * CASES_EINVAL with the reason in err and *failed = the tag the row was
 * queued with (else *failed is -1). */
int store_batch_add(struct store_batch *b, struct case_rec *c, int64_t tag,
		    const struct store_batch_event *ev, int nev,
		    int64_t *failed, char *err) CASES_MUST_CHECK;
/* Write everything queued. */
int store_batch_flush(struct store_batch *b, int64_t *failed,
		      char *err) CASES_MUST_CHECK;
void store_batch_free(struct store_batch *b);

/* The case with this external id (owned copy); CASES_ENOTFOUND if none. */
int store_case_by_external(struct store *st, const char *external_id,
			   struct case_rec *out, char *err) CASES_MUST_CHECK;
/* Settings of this connection for a big write: a page cache of cache_kib
 * KiB, and statement journals (of many-row statements) kept in memory.
 * Call it outside a transaction: the journal setting is taken at BEGIN. */
int store_tune_bulk(struct store *st, int64_t cache_kib,
		    char *err) CASES_MUST_CHECK;

#endif
