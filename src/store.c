/*
 * store.c - the SQLite database behind cases; the only file that includes
 * sqlite3.h.
 *
 * The store module is store.c and store_*.c, sharing store_priv.h; no
 * other file includes sqlite3.h.
 *
 * Statements are prepared on first use and kept for the life of the process
 * (Fossil's db_static_prepare): a fixed table for the fixed queries, and a
 * small cache for listings, whose SQL is assembled from fixed fragments
 * chosen by which filters are set (never from user data).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cases/error.h"
#include "cases/store.h"
#include "cases/suggest.h"
#include "sql.h"
#include "store_priv.h"

#define KEY_COLS                                                               \
	"id, secret, account_id, staff, created_at, revoked_at, name, email"
#define DELETED_COLS                                                           \
	"number, uuid, external_id, account, plan, severity, subject, "        \
	"opened_at, due_at, first_response_at, resolved_at, deleted_at, "      \
	"deleted_by"

enum stmt_id {
	S_BEGIN_READ,
	S_BEGIN_WRITE,
	S_COMMIT,
	S_ROLLBACK,
	S_PLAN_BY_NAME,
	S_PLAN_BY_VER,
	S_PLAN_TARGETS,
	S_PLAN_ALL,
	S_PLAN_NAME,
	S_PLAN_INSERT,
	S_PLAN_SET_VER,
	S_PLANVER_INSERT,
	S_TARGET_INSERT,
	S_CAL_BY_NAME,
	S_CAL_BY_VER,
	S_CAL_ALL,
	S_CALVER_FIND,
	S_CALVER_INSERT,
	S_CAL_INSERT,
	S_CAL_SET_VER,
	S_CALHIST_ADD,
	S_ACCT_BY_NAME,
	S_ACCT_ALL,
	S_ACCT_NAME,
	S_ACCT_INSERT,
	S_ACCT_UPDATE,
	S_CASE_INSERT,
	S_CASE_UPDATE,
	S_CASE_PREFIX,
	S_CASE_BY_NUMBER,
	S_CASE_ASSIGN,
	S_CASE_EDIT,
	S_CASE_DELETE,
	S_CASE_EVENTS_DELETE,
	S_DELETED_INSERT,
	S_DELETED_GET,
	S_DELETED_ALL,
	S_EVENT_INSERT,
	S_EVENT_EACH,
	S_EVENT_INSERT_BY,
	S_EVENT_INSERT_CUSTOMER,
	S_KEY_INSERT,
	S_KEY_GET,
	S_KEY_ALL,
	S_KEY_REVOKE,
	S_CHECK_OVERDUE,
	S_CHECK_WARNABLE,
	S_HOOK_PENDING,
	S_HOOK_CLAIM,
	S_HOOK_RELEASE,
	S_HOOK_DONE,
	S_USERS_PLAN_ACCTS,
	S_USERS_PLAN_CASES,
	S_USERS_CAL_ACCTS,
	S_USERS_CAL_CASES,
	S_USERS_ACCT_CASES,
	S_USERS_ACCT_KEYS,
	S_RM_PLAN_TARGETS,
	S_RM_PLAN_VERS,
	S_RM_PLAN,
	S_RM_CAL,
	S_RM_ACCT,
	S_COUNT
};

/* The breach probe: unanswered, not yet breached, past due. */
/* A batch of the breach check: the next :limit candidates after
 * (:after_due, :after_id) in (due_at, id) order, which is the order of
 * the cases_unbreached index (its rowid breaks ties). */
#define CHECK_OVERDUE_SQL                                                      \
	"SELECT " UNANSWERED_COLS " FROM cases c "                             \
	"INDEXED BY cases_unbreached WHERE " UNANSWERED_WHERE                  \
	" AND c.breached_at IS NULL AND c.due_at < :now "                      \
	"AND (c.due_at, c.id) > (:after_due, :after_id) "                      \
	"ORDER BY c.due_at, c.id LIMIT :limit"

_Static_assert(S_COUNT <= STORE_NSTMT, "raise STORE_NSTMT");

static const char *const stmt_sql[S_COUNT] = {
	[S_BEGIN_READ] = "BEGIN",
	[S_BEGIN_WRITE] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_PLAN_BY_NAME] =
		"SELECT p.id, p.name, v.id, v.categories, v.channels "
		"FROM plan p JOIN plan_ver v ON v.id = p.ver "
		"WHERE p.name = :name",
	[S_PLAN_BY_VER] = "SELECT p.id, p.name, v.id, v.categories, v.channels "
			  "FROM plan_ver v JOIN plan p ON p.id = v.plan_id "
			  "WHERE v.id = :ver",
	[S_PLAN_TARGETS] = "SELECT severity, target_s, clock FROM plan_target "
			   "WHERE ver = :ver",
	[S_PLAN_ALL] =
		"SELECT p.id, p.name, v.id, v.categories, v.channels "
		"FROM plan p JOIN plan_ver v ON v.id = p.ver ORDER BY p.id",
	[S_PLAN_NAME] = "SELECT name FROM plan WHERE id = :id",
	[S_PLAN_INSERT] = "INSERT INTO plan (name, ver) VALUES (:name, 0)",
	[S_PLAN_SET_VER] = "UPDATE plan SET ver = :ver WHERE id = :id",
	[S_PLANVER_INSERT] =
		"INSERT INTO plan_ver (plan_id, categories, channels, "
		"created_at) VALUES (:plan, :cats, :chans, :now)",
	[S_TARGET_INSERT] =
		"INSERT INTO plan_target (ver, severity, target_s, clock) "
		"VALUES (:ver, :sev, :target, :clock)",
	[S_CAL_BY_NAME] =
		"SELECT c.id, c.ver, c.name, v.tz, v.hours, v.holidays, "
		"c.created_at FROM calendar c "
		"JOIN calendar_ver v ON v.id = c.ver WHERE c.name = :name",
	[S_CAL_BY_VER] = "SELECT 0, v.id, NULL, v.tz, v.hours, v.holidays, 0 "
			 "FROM calendar_ver v WHERE v.id = :ver",
	[S_CAL_ALL] = "SELECT c.id, c.ver, c.name, v.tz, v.hours, v.holidays, "
		      "c.created_at FROM calendar c "
		      "JOIN calendar_ver v ON v.id = c.ver ORDER BY c.name",
	[S_CALVER_FIND] = "SELECT id FROM calendar_ver WHERE tz = :tz AND "
			  "hours = :hours AND holidays = :hol",
	[S_CALVER_INSERT] = "INSERT INTO calendar_ver (tz, hours, holidays) "
			    "VALUES (:tz, :hours, :hol)",
	[S_CAL_INSERT] = "INSERT INTO calendar (name, ver, created_at) "
			 "VALUES (:name, :ver, :now)",
	[S_CAL_SET_VER] = "UPDATE calendar SET ver = :ver WHERE id = :id",
	[S_CALHIST_ADD] = "INSERT OR IGNORE INTO calendar_hist (calendar_id, "
			  "ver, since, first_case) VALUES (:id, :ver, :now, "
			  "(SELECT coalesce(max(id), 0) + 1 FROM cases))",
	/* What refers to a plan, calendar or account (store_users). Cases
	 * are counted by a scan: removal is rare, and an index on each
	 * column would cost every insert. */
	[S_USERS_PLAN_ACCTS] = "SELECT name FROM account WHERE plan_id = :id "
			       "ORDER BY name",
	[S_USERS_PLAN_CASES] = "SELECT count(*) FROM cases WHERE plan_id = :id",
	[S_USERS_CAL_ACCTS] = "SELECT name FROM account WHERE calendar_id = "
			      ":id ORDER BY name",
	/* A case inserted once the calendar had the version (a range of
	 * keys per version: calendar_hist.first_case). */
	[S_USERS_CAL_CASES] = "SELECT count(*) FROM calendar_hist h JOIN "
			      "cases c ON c.id >= h.first_case AND c.cal_ver "
			      "= h.ver WHERE h.calendar_id = :id",
	[S_USERS_ACCT_CASES] = "SELECT count(*) FROM cases WHERE account_id = "
			       ":id",
	[S_USERS_ACCT_KEYS] = "SELECT count(*), count(revoked_at) FROM keys "
			      "WHERE account_id = :id",
	[S_RM_PLAN_TARGETS] = "DELETE FROM plan_target WHERE ver IN (SELECT "
			      "id FROM plan_ver WHERE plan_id = :id)",
	[S_RM_PLAN_VERS] = "DELETE FROM plan_ver WHERE plan_id = :id",
	[S_RM_PLAN] = "DELETE FROM plan WHERE id = :id",
	/* Its calendar_hist rows go with it (ON DELETE CASCADE); the
	 * contents stay, shared and harmless. */
	[S_RM_CAL] = "DELETE FROM calendar WHERE id = :id",
	[S_RM_ACCT] = "DELETE FROM account WHERE id = :id",
	[S_ACCT_BY_NAME] =
		"SELECT a.id, a.name, a.plan_id, a.calendar_id, c.name, "
		"coalesce(c.ver, a.cal_ver), a.created_at FROM account a "
		"LEFT JOIN calendar c ON c.id = a.calendar_id "
		"WHERE a.name = :name",
	[S_ACCT_ALL] =
		"SELECT a.id, a.name, a.plan_id, a.calendar_id, c.name, "
		"coalesce(c.ver, a.cal_ver), a.created_at FROM account a "
		"LEFT JOIN calendar c ON c.id = a.calendar_id ORDER BY a.name",
	[S_ACCT_NAME] = "SELECT name FROM account WHERE id = :id",
	[S_ACCT_INSERT] =
		"INSERT INTO account (name, plan_id, calendar_id, cal_ver, "
		"created_at) VALUES (:name, :plan, :cal, :ver, :now)",
	[S_ACCT_UPDATE] = "UPDATE account SET plan_id = :plan, "
			  "calendar_id = :cal, cal_ver = :ver WHERE id = :id",
	[S_CASE_INSERT] =
		"INSERT INTO cases (id, uuid, external_id, account_id, "
		"plan_id, "
		"plan_ver, cal_ver, severity, category, channel, subject, "
		"opened_at, target_s, clock, due_at, first_response_at, "
		"resolved_at, breached_at, warned_at, assignee) "
		"VALUES (" NEXT_NUMBER_SQL ", :uuid, :ext, "
		":acct, :plan, :pver, :cver, :sev, :cat, :chan, :subj, "
		":opened, :target, :clock, :due, :fr, :res, :br, :warn, "
		":assignee)",
	[S_CASE_UPDATE] =
		"UPDATE cases SET severity = :sev, target_s = :target, "
		"clock = :clock, due_at = :due, first_response_at = :fr, "
		"resolved_at = :res, breached_at = :br, warned_at = :warn "
		"WHERE id = :id",
	[S_CASE_PREFIX] = "SELECT " CASE_COLS " FROM cases c "
			  "WHERE c.uuid >= :lo AND c.uuid <= :hi "
			  "ORDER BY c.uuid",
	[S_CASE_BY_NUMBER] = "SELECT " CASE_COLS " FROM cases c "
			     "WHERE c.id = :id",
	[S_CASE_ASSIGN] = "UPDATE cases SET assignee = :assignee "
			  "WHERE id = :id",
	[S_CASE_EDIT] = "UPDATE cases SET subject = :subj, external_id = :ext "
			"WHERE id = :id",
	[S_CASE_DELETE] = "DELETE FROM cases WHERE id = :id",
	[S_CASE_EVENTS_DELETE] = "DELETE FROM event WHERE case_id = :id",
	[S_DELETED_INSERT] =
		"INSERT INTO case_deleted (number, uuid, external_id, account, "
		"plan, severity, subject, opened_at, due_at, "
		"first_response_at, "
		"resolved_at, deleted_at, deleted_by) VALUES (:number, :uuid, "
		":ext, :acct, :plan, :sev, :subj, :opened, :due, :fr, :res, "
		":at, :by)",
	[S_DELETED_GET] = "SELECT " DELETED_COLS " FROM case_deleted "
			  "WHERE number = :number",
	[S_DELETED_ALL] = "SELECT " DELETED_COLS " FROM case_deleted "
			  "ORDER BY deleted_at, number",
	[S_EVENT_INSERT] =
		"INSERT INTO event (case_id, at, kind, detail, hook) "
		"VALUES (:case, :at, :kind, :detail, :hook)",
	[S_EVENT_EACH] = "SELECT id, case_id, at, kind, detail, hook, author, "
			 "customer "
			 "FROM event WHERE case_id = :case ORDER BY id",
	[S_EVENT_INSERT_BY] =
		"INSERT INTO event (case_id, at, kind, detail, hook, author) "
		"VALUES (:case, :at, :kind, :detail, :hook, :author)",
	[S_EVENT_INSERT_CUSTOMER] =
		"INSERT INTO event (case_id, at, kind, detail, author, "
		"customer) "
		"VALUES (:case, :at, 'note', :detail, :author, 1)",
	[S_KEY_INSERT] = "INSERT INTO keys (id, secret, account_id, staff, "
			 "created_at, name, email) VALUES (:id, :secret, "
			 ":acct, :staff, :now, :name, :email)",
	[S_KEY_GET] = "SELECT " KEY_COLS " FROM keys WHERE id = :id",
	[S_KEY_ALL] = "SELECT " KEY_COLS " FROM keys ORDER BY created_at, id",
	[S_KEY_REVOKE] = "UPDATE keys SET revoked_at = :at WHERE id = :id "
			 "AND revoked_at IS NULL",
	[S_CHECK_OVERDUE] = CHECK_OVERDUE_SQL,
	[S_CHECK_WARNABLE] =
		"SELECT " UNANSWERED_COLS " FROM cases c "
		"INDEXED BY cases_unbreached WHERE " UNANSWERED_WHERE
		" AND c.breached_at IS NULL AND c.warned_at IS NULL "
		"AND c.due_at >= :now "
		"AND c.opened_at + c.target_s * :pct / 100 <= :now "
		"AND (c.due_at, c.id) > (:after_due, :after_id) "
		"ORDER BY c.due_at, c.id LIMIT :limit",
	[S_HOOK_PENDING] =
		"SELECT " CASE_COLS ", e.id, e.at, e.kind FROM event e "
		"INDEXED BY event_hook_pending JOIN cases c ON c.id = "
		"e.case_id "
		"WHERE e.hook = 0 AND e.id > :after "
		"AND (e.claimed_until IS NULL OR e.claimed_until <= :now_ms) "
		"ORDER BY e.id LIMIT :limit",
	[S_HOOK_CLAIM] =
		"UPDATE event SET claimed_until = :until, claimed_by = :by "
		"WHERE id = :id AND hook = 0 "
		"AND (claimed_until IS NULL OR claimed_until <= :now_ms)",
	[S_HOOK_RELEASE] =
		"UPDATE event SET claimed_until = NULL, claimed_by = NULL "
		"WHERE id = :id AND hook = 0 AND claimed_by = :by",
	[S_HOOK_DONE] = "UPDATE event SET hook = 1, claimed_until = NULL, "
			"claimed_by = NULL WHERE id = :id",
};

const char *const store_check_overdue_sql = CHECK_OVERDUE_SQL;

/* ---- errors ---- */

int
store_dberr(struct store *st, int rc, char *err, const char *what)
{
	const char *msg =
		st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return cases_errf(err, CASES_EDB,
				  "database is busy (locked by another "
				  "process for more than %d s)",
				  BUSY_TIMEOUT_MS / 1000);
	case SQLITE_FULL:
		return cases_errf(err, CASES_EDB,
				  "%s: database or disk is full", what);
	case SQLITE_READONLY:
		return cases_errf(err, CASES_EDB,
				  "%s: database is read-only (%s)", what, msg);
	case SQLITE_CORRUPT:
		return cases_errf(err, CASES_EDB,
				  "%s: database file is corrupt", what);
	case SQLITE_NOTADB:
		return cases_errf(err, CASES_EDB,
				  "%s: file is not a cases database", what);
	case SQLITE_NOMEM:
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		return cases_errf(err, CASES_EDB, "%s: %s", what, msg);
	default:
		return cases_errf(err, CASES_EDB, "%s: %s", what, msg);
	}
}

/* ---- statements ---- */

static sqlite3_stmt *
stmt_get(struct store *st, enum stmt_id id, char *err)
{
	int rc;

	if (st->stmt[id])
		return st->stmt[id];
	rc = sqlite3_prepare_v3(st->db, stmt_sql[id], -1,
				SQLITE_PREPARE_PERSISTENT, &st->stmt[id], NULL);
	if (rc != SQLITE_OK) {
		store_dberr(st, rc, err, "preparing a statement");
		return NULL;
	}
	return st->stmt[id];
}

sqlite3_stmt *
store_prep(struct store *st, sqlite3_stmt **slot, const char *sql, char *err)
{
	int rc;

	if (*slot)
		return *slot;
	rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
				slot, NULL);
	if (rc != SQLITE_OK) {
		store_dberr(st, rc, err, "preparing a statement");
		return NULL;
	}
	return *slot;
}

void
store_done(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

static int
pidx(sqlite3_stmt *s, const char *name)
{
	return sqlite3_bind_parameter_index(s, name);
}

void
store_bind_int(sqlite3_stmt *s, const char *name, int64_t v)
{
	sqlite3_bind_int64(s, pidx(s, name), v);
}

/* Binds NULL for CASE_NONE. */
void
store_bind_opt(sqlite3_stmt *s, const char *name, int64_t v)
{
	if (v == CASE_NONE)
		sqlite3_bind_null(s, pidx(s, name));
	else
		sqlite3_bind_int64(s, pidx(s, name), v);
}

void
store_bind_text(sqlite3_stmt *s, const char *name, const char *v)
{
	if (v)
		sqlite3_bind_text(s, pidx(s, name), v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, pidx(s, name));
}

int64_t
store_col_opt(sqlite3_stmt *s, int i)
{
	/* One column call, not two (each takes the connection's mutex and
	 * checks for malloc failure): the value is read at once, on the
	 * connection's own thread (SQLITE_OPEN_NOMUTEX, one thread a
	 * connection), before the next step. */
	sqlite3_value *v = sqlite3_column_value(s, i);

	if (sqlite3_value_type(v) == SQLITE_NULL)
		return CASE_NONE;
	return sqlite3_value_int64(v);
}

char *
store_col_strdup(sqlite3_stmt *s, int i)
{
	const unsigned char *z = sqlite3_column_text(s, i);

	return z ? strdup((const char *)z) : NULL;
}

/* Run a statement that returns no rows. */
int
store_exec(struct store *st, sqlite3_stmt *s, char *err, const char *what)
{
	int rc = sqlite3_step(s);

	store_done(s);
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err, what);
	return CASES_OK;
}

/* ---- name caches ---- */

static const char *
cache_find(const struct name_cache *c, int64_t id)
{
	for (size_t i = 0; i < c->n; i++) {
		if (c->ids[i] == id)
			return c->names[i];
	}
	return NULL;
}

static const char *
cache_put(struct name_cache *c, int64_t id, const char *name)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		int64_t *ids = realloc(c->ids, cap * sizeof(*ids));
		if (!ids)
			return NULL;
		c->ids = ids;
		char **names = realloc(c->names, cap * sizeof(*names));
		if (!names)
			return NULL;
		c->names = names;
		c->cap = cap;
	}
	char *copy = strdup(name);
	if (!copy)
		return NULL;
	c->ids[c->n] = id;
	c->names[c->n++] = copy;
	return copy;
}

static void
cache_free(struct name_cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->ids);
	free(c->names);
	memset(c, 0, sizeof(*c));
}

static const char *
cached_name(struct store *st, struct name_cache *c, enum stmt_id id,
	    int64_t key)
{
	const char *name = cache_find(c, key);
	sqlite3_stmt *s;

	if (name || key <= 0)
		return name;
	s = stmt_get(st, id, NULL);
	if (!s)
		return NULL;
	store_bind_int(s, ":id", key);
	if (sqlite3_step(s) == SQLITE_ROW)
		name = cache_put(c, key,
				 (const char *)sqlite3_column_text(s, 0));
	store_done(s);
	return name;
}

const char *
store_plan_name(struct store *st, int64_t id)
{
	return cached_name(st, &st->plans, S_PLAN_NAME, id);
}

const char *
store_account_name(struct store *st, int64_t id)
{
	return cached_name(st, &st->accounts, S_ACCT_NAME, id);
}

/* ---- open, migrate, close ---- */

int
store_schema_version(void)
{
	return sql_nfiles;
}

/*
 * The name SQLite is given for a file the user named: the path itself
 * when absolute, else "./" + path. SQLite as Debian builds it
 * (SQLITE_USE_URI) reads a name that starts with "file:" as a URI, whose
 * parameters (nolock=1, mode=memory) would change how the file is used,
 * and ":memory:" as no file at all; neither ever starts with "/" or "./".
 * *name is malloc'd (the caller frees it); CASES_EINVAL for an empty path.
 */
static int
file_name(const char *path, char **name, char *err)
{
	size_t n = strlen(path);

	*name = NULL;
	if (n == 0)
		return cases_errf(err, CASES_EINVAL,
				  "empty file name (a database, backup or "
				  "restore path names a file)");
	*name = malloc(n + 3);
	if (!*name)
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	snprintf(*name, n + 3, "%s%s", path[0] == '/' ? "" : "./", path);
	return CASES_OK;
}

/* One folder of make_parent(): created 0700, or already there. */
static int
make_folder(const char *dir, char *err)
{
	if (mkdir(dir, 0700) == 0) {
		if (chmod(dir, 0700) == 0)
			return CASES_OK;
	} else if (errno == EEXIST) {
		return CASES_OK;
	}
	return cases_errf(err, CASES_EIO, "cannot create folder '%s': %s", dir,
			  strerror(errno));
}

/* mkdir -p of path's parent folder; new folders get mode 0700 whatever the
 * umask (a umask of 0277 would leave 0500, in which nothing can be made). */
static int
make_parent(const char *path, char *err)
{
	char *dir = strdup(path);
	int rc = CASES_OK;

	if (!dir)
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		goto out;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		rc = make_folder(dir, err);
		if (rc)
			goto out;
		*p = '/';
	}
	rc = make_folder(dir, err);
out:
	free(dir);
	return rc;
}

/*
 * Create the database file with mode 0600 if it does not exist, so that
 * SQLite (which gives its -wal and -shm files the same mode) never creates
 * it under the umask. A symbolic link whose target does not exist yet gets
 * its target created so (O_EXCL alone would refuse the link, and SQLite
 * would then create the target 0644); a new, empty file is made 0600.
 */
static int
precreate(const char *path, char *err)
{
	struct stat sb;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0 && errno == EEXIST) {
		if (lstat(path, &sb) != 0 || !S_ISLNK(sb.st_mode)
		    || stat(path, &sb) == 0 || errno != ENOENT)
			return CASES_OK; /* there, or not ours to create */
		fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY,
			  0600);
		if (fd >= 0 && (fstat(fd, &sb) != 0 || sb.st_size != 0)) {
			close(fd);
			return CASES_OK;
		}
	}
	if (fd < 0)
		return cases_errf(err, CASES_EIO,
				  "cannot create database '%s': %s", path,
				  strerror(errno));
	if (fchmod(fd, 0600) != 0) {
		int e = errno;
		close(fd);
		return cases_errf(err, CASES_EIO, "cannot chmod '%s': %s", path,
				  strerror(e));
	}
	close(fd);
	return CASES_OK;
}

/* ---- first use: create, migrate and set up as one step ---- */

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The first column of a one-row statement: *out (an int), or its text in
 * text[n] when text is not NULL. Returns an SQLite result code. */
static int
query_one(sqlite3 *db, const char *sql, int *out, char *text, size_t n)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *z = (const char *)sqlite3_column_text(s, 0);
		if (out)
			*out = sqlite3_column_int(s, 0);
		if (text)
			snprintf(text, n, "%s", z ? z : "");
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc;
}

static int
newer_schema(const char *path, int version, char *err)
{
	return cases_errf(err, CASES_EDB,
			  "database '%s' has schema version %d, newer than "
			  "this program's %d; upgrade cases",
			  path, version, sql_nfiles);
}

/*
 * One attempt at making the database at path ready: refuse a newer schema
 * or another program's tables before changing anything; create or migrate
 * the schema inside one exclusive transaction, reading the version again
 * once the lock is held (another process may have done it meanwhile, and
 * tables seen before the lock may be its half-made schema); then, for a
 * file, switch it to WAL. *busy is set when it failed because another
 * process held a lock: the caller tries again.
 */
static int
setup_once(struct store *st, const char *path, int file, int *busy, char *err)
{
	sqlite3 *db = st->db;
	char buf[64], mode[16] = "";
	const char *what = "opening the database";
	int version = 0, objects = 0, in_tx = 0, rc;

	*busy = 0;
	rc = query_one(db, "PRAGMA user_version", &version, NULL, 0);
	if (rc != SQLITE_OK)
		goto sqlerr;
	if (version > sql_nfiles)
		return newer_schema(path, version, err);
	if (version < sql_nfiles) {
		what = "migrating the database";
		rc = sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			goto sqlerr;
		in_tx = 1;
		rc = query_one(db, "PRAGMA user_version", &version, NULL, 0);
		if (rc != SQLITE_OK)
			goto sqlerr;
		if (version > sql_nfiles) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return newer_schema(path, version, err);
		}
		/* Schema version 0 with tables: another program's database,
		 * which migrating would write our tables into. */
		if (version == 0) {
			rc = query_one(db, "SELECT count(*) FROM sqlite_master",
				       &objects, NULL, 0);
			if (rc != SQLITE_OK)
				goto sqlerr;
			if (objects > 0) {
				sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
				return cases_errf(err, CASES_EDB,
						  "database '%s' is not a "
						  "cases database (it holds "
						  "another program's tables); "
						  "left untouched",
						  path);
			}
		}
		for (int i = version; i < sql_nfiles; i++) {
			char *msg = NULL;
			rc = sqlite3_exec(db, sql_files[i].text, NULL, NULL,
					  &msg);
			if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) {
				int code = store_dberr(st, rc, err,
						       sql_files[i].name);
				if (msg)
					cases_errf(err, code, "%s: %s",
						   sql_files[i].name, msg);
				sqlite3_free(msg);
				sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
				return code;
			}
			sqlite3_free(msg);
			if (rc != SQLITE_OK)
				goto sqlerr;
			snprintf(buf, sizeof(buf), "PRAGMA user_version = %d",
				 i + 1);
			rc = sqlite3_exec(db, buf, NULL, NULL, NULL);
			if (rc != SQLITE_OK)
				goto sqlerr;
		}
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			goto sqlerr;
		in_tx = 0;
	}
	if (file) {
		what = "switching the database to WAL";
		rc = query_one(db, "PRAGMA journal_mode", NULL, mode,
			       sizeof(mode));
		if (rc == SQLITE_OK && strcmp(mode, "wal") != 0)
			rc = query_one(db, "PRAGMA journal_mode = WAL", NULL,
				       mode, sizeof(mode));
		if (rc != SQLITE_OK)
			goto sqlerr;
		if (strcmp(mode, "wal") != 0)
			return cases_errf(err, CASES_EDB,
					  "database '%s' cannot use a "
					  "write-ahead log (journal mode %s)",
					  path, mode);
	}
	return CASES_OK;
sqlerr:
	if (in_tx)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	if ((rc & 0xff) == SQLITE_BUSY)
		*busy = 1;
	rc = store_dberr(st, rc, err, what);
	if (err && !*busy) {
		char inner[CASES_ERRMAX];
		snprintf(inner, sizeof(inner), "%s", err);
		cases_errf(err, rc, "cannot open database '%s': %s", path,
			   inner);
	}
	return rc;
}

/*
 * setup_once() until it is done or the busy timeout has passed. Each
 * SQLite lock it takes waits through the busy handler already; the retry
 * is for the paths on which SQLite answers SQLITE_BUSY at once (a lock
 * that could deadlock, a WAL another process is recovering), which is
 * what many processes meeting a new file run into.
 */
static int
setup(struct store *st, const char *path, int file, char *err)
{
	int64_t deadline = mono_ms() + BUSY_TIMEOUT_MS;
	unsigned seed = (unsigned)getpid();
	int busy, rc;

	for (;;) {
		rc = setup_once(st, path, file, &busy, err);
		if (!busy || mono_ms() >= deadline)
			return rc;
		seed = seed * 1103515245u + 12345u;
		struct timespec ts = { 0, (long)(1 + (seed >> 16) % 10)
						  * 1000000L };
		nanosleep(&ts, NULL);
	}
}

/* After each commit: remember the WAL's length, and checkpoint as
 * SQLite's auto-checkpoint (which a wal hook replaces) would. */
static int
wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct store *st = arg;

	st->wal_frames = frames;
	if (frames >= 1000)
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE,
					  NULL, NULL);
	return SQLITE_OK;
}

int
store_open(const char *path, struct store **out, char *err)
{
	struct store *st = NULL;
	char *name = NULL;
	int rc;

	*out = NULL;
	if (path) {
		rc = file_name(path, &name, err);
		if (rc == CASES_OK)
			rc = make_parent(path, err);
		if (rc == CASES_OK)
			rc = precreate(path, err);
		if (rc)
			goto fail;
	} else {
		path = "(in memory)";
	}
	st = calloc(1, sizeof(*st));
	if (!st) {
		rc = cases_errf(err, CASES_ENOMEM, "out of memory");
		goto fail;
	}
	/* No SQLITE_OPEN_URI, and a name that cannot be one: a file. */
	rc = sqlite3_open_v2(name ? name : ":memory:", &st->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
				     | SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		rc = store_dberr(st, rc, err, path);
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	rc = sqlite3_exec(st->db,
			  "PRAGMA foreign_keys = ON;"
			  "PRAGMA synchronous = FULL;"
			  "PRAGMA trusted_schema = OFF;",
			  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		rc = store_dberr(st, rc, err, path);
		goto fail;
	}
	rc = setup(st, path, name != NULL, err);
	if (rc)
		goto fail;
	/*
	 * A one-shot process should not pay for a checkpoint on every exit:
	 * the WAL is checkpointed by SQLite's auto-checkpoint (every 1000
	 * pages) during commits instead.
	 */
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_wal_hook(st->db, wal_hook, st);
	free(name);
	*out = st;
	return CASES_OK;
fail:
	free(name);
	store_close(st);
	return rc;
}

const char *
store_filename(struct store *st)
{
	const char *f = sqlite3_db_filename(st->db, "main");

	return f && *f ? f : NULL;
}

void
store_close(struct store *st)
{
	if (!st)
		return;
	if (st->in_tx)
		store_rollback(st);
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	for (int i = 0; i < LIST_KEYS; i++)
		sqlite3_finalize(st->list_stmt[i]);
	for (int i = 0; i < LIST_FLAGS; i++)
		sqlite3_finalize(st->due_stmt[i]);
	for (int i = 0; i < 8; i++)
		sqlite3_finalize(st->page_stmt[i]);
	for (int i = 0; i < STORE_ASOF_STMTS; i++)
		sqlite3_finalize(st->asof_stmt[i]);
	for (int i = 0; i < STORE_BULK_STMTS; i++)
		sqlite3_finalize(st->bulk[i]);
	cache_free(&st->plans);
	cache_free(&st->accounts);
	free(st->author);
	/* Every later process that opens the database first reads the whole
	 * WAL back: after a large write, empty it (unless someone else has
	 * the database open, which makes this fail at once, harmlessly). */
	if (st->db && st->wal_frames >= 1000) {
		sqlite3_busy_timeout(st->db, 0);
		sqlite3_wal_checkpoint_v2(
			st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	}
	sqlite3_close(st->db);
	free(st);
}

/* ---- transactions ---- */

int
store_begin(struct store *st, int write, char *err)
{
	sqlite3_stmt *s =
		stmt_get(st, write ? S_BEGIN_WRITE : S_BEGIN_READ, err);
	int rc;

	if (!s)
		return CASES_EDB;
	rc = store_exec(st, s, err, "starting a transaction");
	if (rc == CASES_OK)
		st->in_tx = 1;
	return rc;
}

int
store_commit(struct store *st, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_COMMIT, err);
	int rc;

	if (!s)
		return CASES_EDB;
	rc = store_exec(st, s, err, "committing");
	if (rc == CASES_OK)
		st->in_tx = 0;
	return rc;
}

void
store_rollback(struct store *st)
{
	if (sqlite3_get_autocommit(st->db) == 0)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
}

int
store_savepoint(struct store *st, char *err)
{
	int rc = sqlite3_exec(st->db, "SAVEPOINT step", NULL, NULL, NULL);

	return rc == SQLITE_OK ? CASES_OK
			       : store_dberr(st, rc, err, "savepoint");
}

int
store_release(struct store *st, char *err)
{
	int rc = sqlite3_exec(st->db, "RELEASE step", NULL, NULL, NULL);

	return rc == SQLITE_OK ? CASES_OK
			       : store_dberr(st, rc, err, "savepoint");
}

void
store_rollback_to(struct store *st)
{
	/* Undo the step, then end it: the transaction goes on. */
	sqlite3_exec(st->db, "ROLLBACK TO step", NULL, NULL, NULL);
	sqlite3_exec(st->db, "RELEASE step", NULL, NULL, NULL);
}

int
store_backup(struct store *st, const char *path, char *err)
{
	sqlite3_stmt *s = NULL;
	char *name;
	int fd, rc;

	rc = file_name(path, &name, err);
	if (rc)
		return rc;
	/* An empty private file first: VACUUM INTO accepts one, and the copy
	 * is never readable by others, not even for a moment. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = errno == EEXIST
			     ? cases_errf(err, CASES_EINVAL,
					  "backup file '%s' already exists",
					  path)
			     : cases_errf(err, CASES_EIO,
					  "cannot create '%s': %s", path,
					  strerror(errno));
		free(name);
		return rc;
	}
	rc = fchmod(fd, 0600);
	close(fd);
	if (rc != 0) {
		rc = cases_errf(err, CASES_EIO, "cannot chmod '%s': %s", path,
				strerror(errno));
		unlink(path);
		free(name);
		return rc;
	}
	/* VACUUM INTO reads its file name as a URI too when it starts with
	 * "file:": it gets the same file name as the database. */
	rc = sqlite3_prepare_v2(st->db, "VACUUM INTO :path", -1, &s, NULL);
	if (rc == SQLITE_OK) {
		store_bind_text(s, ":path", name);
		rc = sqlite3_step(s);
	}
	sqlite3_finalize(s);
	free(name);
	if (rc != SQLITE_DONE) {
		int code = store_dberr(st, rc, err, path);
		unlink(path);
		return code;
	}
	return CASES_OK;
}

/* ---- restore ---- */

/* The tables of schema version 1, which every later version keeps. */
#define RESTORE_TABLES_SQL                                                     \
	"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name "    \
	"IN ('calendar_ver', 'calendar', 'plan', 'plan_ver', 'plan_target', "  \
	"'account', 'cases', 'event')"
#define RESTORE_NTABLES 8

/* Whether path (a file name) is the file of the live database. */
static int
same_file(struct store *st, const char *path)
{
	const char *live = sqlite3_db_filename(st->db, "main");
	struct stat a, b;

	return live && *live && stat(path, &a) == 0 && stat(live, &b) == 0
	       && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/*
 * Check that src (opened read-only on path) is a sound cases database this
 * program can use: SQLite can read it, integrity_check says ok, it has the
 * cases tables and a schema version from 1 to ours. *version is that.
 */
static int
restore_check(sqlite3 *src, const char *path, int *version, char *err)
{
	char first[200] = "";
	sqlite3_stmt *s = NULL;
	int rc, ntables = 0, rows = 0;

	rc = sqlite3_prepare_v2(src, "PRAGMA integrity_check", -1, &s, NULL);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW && rows++ == 0)
			snprintf(first, sizeof(first), "%s",
				 (const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	if ((rc & 0xff) == SQLITE_NOTADB)
		return cases_errf(err, CASES_EINVAL,
				  "'%s' is not a cases database (not an "
				  "SQLite database)",
				  path);
	if ((rc & 0xff) == SQLITE_BUSY)
		return cases_errf(err, CASES_EDB,
				  "'%s' is locked by another process", path);
	if (rc != SQLITE_DONE || rows != 1 || strcmp(first, "ok") != 0)
		return cases_errf(
			err, CASES_EDB, "'%s' is damaged (integrity check: %s)",
			path, rc != SQLITE_DONE ? sqlite3_errmsg(src) : first);
	rc = query_one(src, "PRAGMA user_version", version, NULL, 0);
	if (rc == SQLITE_OK)
		rc = query_one(src, RESTORE_TABLES_SQL, &ntables, NULL, 0);
	if (rc != SQLITE_OK)
		return cases_errf(err, CASES_EDB, "reading '%s': %s", path,
				  sqlite3_errmsg(src));
	if (*version > sql_nfiles)
		return cases_errf(err, CASES_EDB,
				  "'%s' has schema version %d, newer than this "
				  "program's %d; restore it with a newer cases",
				  path, *version, sql_nfiles);
	if (*version < 1 || ntables != RESTORE_NTABLES)
		return cases_errf(err, CASES_EINVAL,
				  "'%s' is not a cases database (it lacks the "
				  "cases schema)",
				  path);
	return CASES_OK;
}

int
store_restore(struct store *st, const char *path, char *err)
{
	sqlite3 *src = NULL;
	sqlite3_backup *b;
	struct stat sb;
	char *name;
	int fd, version = 0, rc, frc;

	rc = file_name(path, &name, err);
	if (rc)
		return rc;
	/* Readable, a regular file (never wait on a FIFO), not the live
	 * database itself. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		rc = cases_errf(err, CASES_EIO, "cannot read '%s': %s", path,
				strerror(errno));
		goto out;
	}
	rc = fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)
		     ? cases_errf(err, CASES_EINVAL,
				  "'%s' is not a cases database (not a "
				  "regular file)",
				  path)
		     : CASES_OK;
	close(fd);
	if (rc)
		goto out;
	if (same_file(st, path)) {
		rc = cases_errf(err, CASES_EINVAL,
				"'%s' is the database itself; restore a copy "
				"made with 'cases backup'",
				path);
		goto out;
	}
	rc = sqlite3_open_v2(name, &src,
			     SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = cases_errf(err, CASES_EIO, "cannot read '%s': %s", path,
				src ? sqlite3_errmsg(src) : sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_busy_timeout(src, BUSY_TIMEOUT_MS);
	rc = restore_check(src, path, &version, err);
	if (rc)
		goto out;
	/*
	 * SQLite's online backup, from the checked file into the live
	 * database: one write transaction on it (waiting for the write lock
	 * through the busy handler) that replaces every page. In WAL mode the
	 * new pages go to the live WAL and are committed at once: a reader
	 * sees the old database or the new one, never a mixture, and no
	 * frame of the old one is left to apply over the new.
	 */
	b = sqlite3_backup_init(st->db, "main", src, "main");
	if (!b) {
		rc = store_dberr(st, sqlite3_errcode(st->db), err,
				 "restoring the database");
		goto out;
	}
	rc = sqlite3_backup_step(b, -1);
	frc = sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_READONLY)
			rc = cases_errf(err, CASES_EDB,
					"cannot restore '%s': its page size "
					"differs from the database's",
					path);
		else
			rc = store_dberr(st, rc, err, "restoring the database");
		goto out;
	}
	if (frc != SQLITE_OK) {
		rc = store_dberr(st, frc, err, "restoring the database");
		goto out;
	}
	/* A backup of an older version of cases is migrated now, as the
	 * database would be on first use. */
	rc = version < sql_nfiles
		     ? setup(st, sqlite3_db_filename(st->db, "main"), 1, err)
		     : CASES_OK;
	/* Fold the restored pages into the file when no one else is
	 * reading (else SQLite's auto-checkpoint does it later). */
	if (rc == CASES_OK) {
		sqlite3_busy_timeout(st->db, 0);
		sqlite3_wal_checkpoint_v2(
			st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	}
out:
	sqlite3_close(src);
	free(name);
	return rc;
}

/* ---- plans ---- */

static int
read_plan(struct store *st, sqlite3_stmt *s, struct plan *p, char *err)
{
	sqlite3_stmt *t;
	const char *cats, *chans;
	int rc;

	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(s, 0);
	snprintf(p->name, sizeof(p->name), "%s",
		 (const char *)sqlite3_column_text(s, 1));
	p->ver = sqlite3_column_int64(s, 2);
	cats = (const char *)sqlite3_column_text(s, 3);
	chans = (const char *)sqlite3_column_text(s, 4);
	rc = plan_categories_parse(cats ? cats : "", &p->categories, err);
	if (rc == CASES_OK)
		rc = plan_channels_parse(chans ? chans : "", &p->channels, err);
	if (rc)
		return cases_errf(err, CASES_EDB, "plan '%s' is damaged: %s",
				  p->name, err ? err : "");
	t = stmt_get(st, S_PLAN_TARGETS, err);
	if (!t)
		return CASES_EDB;
	store_bind_int(t, ":ver", p->ver);
	while ((rc = sqlite3_step(t)) == SQLITE_ROW) {
		int sev = sqlite3_column_int(t, 0);
		const char *clock = (const char *)sqlite3_column_text(t, 2);
		if (sev <= 0 || sev >= SEV_COUNT)
			continue;
		p->target_s[sev] = sqlite3_column_int64(t, 1);
		p->clock[sev] = clock && strcmp(clock, "business") == 0
					? CLOCK_BUSINESS
					: CLOCK_24X7;
	}
	store_done(t);
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err, "reading plan targets");
	return CASES_OK;
}

/* suggest_phrase() for the name in column col of statement id's rows
 * nearest word; buf holds SUGGEST_PHRASE_MAX bytes. */
static const char *
near_name(struct store *st, enum stmt_id id, int col, const char *word,
	  char *buf)
{
	sqlite3_stmt *s = stmt_get(st, id, NULL);
	struct suggest sg;

	if (!s)
		return "";
	suggest_init(&sg, word);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const unsigned char *name = sqlite3_column_text(s, col);

		if (name)
			suggest_add(&sg, (const char *)name);
	}
	store_done(s);
	return suggest_phrase(suggest_best(&sg), buf);
}

static int
plan_not_found(struct store *st, const char *name, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_PLAN_ALL, err);
	char names[512] = "", dym[SUGGEST_MAX + 32];
	size_t used = 0;

	if (!s)
		return CASES_EDB;
	while (sqlite3_step(s) == SQLITE_ROW && used < sizeof(names) - 80) {
		int w = snprintf(names + used, sizeof(names) - used, "%s%s",
				 used ? ", " : "",
				 (const char *)sqlite3_column_text(s, 1));
		if (w > 0)
			used += (size_t)w;
	}
	store_done(s);
	return cases_errf(err, CASES_ENOTFOUND,
			  "unknown plan '%s' (%sexpected one of: %s)", name,
			  near_name(st, S_PLAN_ALL, 1, name, dym), names);
}

int
store_plan_get(struct store *st, const char *name, struct plan *out, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_PLAN_BY_NAME, err);
	int rc;

	if (!s)
		return CASES_EDB;
	store_bind_text(s, ":name", name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		/* read_plan runs another statement; copy this row first. */
		rc = read_plan(st, s, out, err);
		store_done(s);
		return rc;
	}
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err, "reading plans");
	return plan_not_found(st, name, err);
}

int
store_plan_get_ver(struct store *st, int64_t ver, struct plan *out, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_PLAN_BY_VER, err);
	int rc;

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":ver", ver);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		rc = read_plan(st, s, out, err);
		store_done(s);
		return rc;
	}
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err, "reading plans");
	return cases_errf(err, CASES_EDB, "plan version %lld is missing",
			  (long long)ver);
}

int
store_plan_each(struct store *st, int (*fn)(void *, const struct plan *),
		void *arg, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_PLAN_ALL, err);
	struct plan *all = NULL;
	size_t n = 0, cap = 0;
	int rc, ret = CASES_OK;

	if (!s)
		return CASES_EDB;
	/* Collect first: read_plan needs its own statement. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			struct plan *more = realloc(all, cap * sizeof(*all));
			if (!more) {
				ret = cases_errf(err, CASES_ENOMEM,
						 "out of memory");
				goto out;
			}
			all = more;
		}
		memset(&all[n], 0, sizeof(all[n]));
		all[n].id = sqlite3_column_int64(s, 0);
		all[n].ver = sqlite3_column_int64(s, 2);
		n++;
	}
	store_done(s);
	if (rc != SQLITE_DONE) {
		ret = store_dberr(st, rc, err, "reading plans");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct plan p;
		ret = store_plan_get_ver(st, all[i].ver, &p, err);
		if (ret)
			goto out;
		ret = fn(arg, &p);
		if (ret)
			goto out;
	}
out:
	store_done(s);
	free(all);
	return ret;
}

static int
write_plan_ver(struct store *st, struct plan *p, int64_t now, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_PLANVER_INSERT, err);
	char cats[256], chans[128];
	int rc;

	if (!s)
		return CASES_EDB;
	/* The stored lists are comma-separated without spaces. */
	plan_mask_categories(p->categories, cats, sizeof(cats));
	plan_mask_channels(p->channels, chans, sizeof(chans));
	for (char *c = cats, *d = cats;; c++) {
		if (*c != ' ')
			*d++ = *c;
		if (!*c)
			break;
	}
	for (char *c = chans, *d = chans;; c++) {
		if (*c != ' ')
			*d++ = *c;
		if (!*c)
			break;
	}
	store_bind_int(s, ":plan", p->id);
	store_bind_text(s, ":cats", cats);
	store_bind_text(s, ":chans", chans);
	store_bind_int(s, ":now", now);
	rc = store_exec(st, s, err, "saving plan");
	if (rc)
		return rc;
	p->ver = sqlite3_last_insert_rowid(st->db);
	for (int sev = 1; sev < SEV_COUNT; sev++) {
		if (p->target_s[sev] <= 0)
			continue;
		s = stmt_get(st, S_TARGET_INSERT, err);
		if (!s)
			return CASES_EDB;
		store_bind_int(s, ":ver", p->ver);
		store_bind_int(s, ":sev", sev);
		store_bind_int(s, ":target", p->target_s[sev]);
		store_bind_text(s, ":clock", plan_clock_name(p->clock[sev]));
		rc = store_exec(st, s, err, "saving plan targets");
		if (rc)
			return rc;
	}
	s = stmt_get(st, S_PLAN_SET_VER, err);
	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":ver", p->ver);
	store_bind_int(s, ":id", p->id);
	return store_exec(st, s, err, "saving plan");
}

int
store_plan_add(struct store *st, struct plan *p, int64_t now, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_PLAN_INSERT, err);
	int rc;

	if (!s)
		return CASES_EDB;
	store_bind_text(s, ":name", p->name);
	rc = sqlite3_step(s);
	store_done(s);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return cases_errf(err, CASES_EINVAL, "plan '%s' already exists",
				  p->name);
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err, "adding plan");
	p->id = sqlite3_last_insert_rowid(st->db);
	return write_plan_ver(st, p, now, err);
}

int
store_plan_update(struct store *st, struct plan *p, int64_t now, char *err)
{
	return write_plan_ver(st, p, now, err);
}

/* ---- calendars ---- */

void
cal_rec_release(struct cal_rec *c)
{
	free(c->name);
	free(c->tz);
	free(c->hours);
	free(c->holidays);
	memset(c, 0, sizeof(*c));
}

static int
read_cal(sqlite3_stmt *s, struct cal_rec *c, char *err)
{
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(s, 0);
	c->ver = sqlite3_column_int64(s, 1);
	c->name = store_col_strdup(s, 2);
	c->tz = store_col_strdup(s, 3);
	c->hours = store_col_strdup(s, 4);
	c->holidays = store_col_strdup(s, 5);
	c->created_at = sqlite3_column_int64(s, 6);
	if (!c->tz || !c->hours || !c->holidays
	    || (sqlite3_column_type(s, 2) != SQLITE_NULL && !c->name)) {
		cal_rec_release(c);
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	}
	return CASES_OK;
}

static int
cal_fetch(struct store *st, enum stmt_id id, const char *name, int64_t ver,
	  struct cal_rec *out, char *err)
{
	sqlite3_stmt *s = stmt_get(st, id, err);
	char dym[SUGGEST_PHRASE_MAX];
	int rc;

	if (!s)
		return CASES_EDB;
	if (name)
		store_bind_text(s, ":name", name);
	else
		store_bind_int(s, ":ver", ver);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		rc = read_cal(s, out, err);
	else if (rc == SQLITE_DONE)
		rc = name ? cases_errf(err, CASES_ENOTFOUND,
				       "unknown calendar '%s' (%ssee 'cases "
				       "calendar list')",
				       name,
				       near_name(st, S_CAL_ALL, 2, name, dym))
			  : cases_errf(err, CASES_EDB,
				       "calendar version %lld is missing",
				       (long long)ver);
	else
		rc = store_dberr(st, rc, err, "reading calendars");
	store_done(s);
	return rc;
}

int
store_calendar_get(struct store *st, const char *name, struct cal_rec *out,
		   char *err)
{
	return cal_fetch(st, S_CAL_BY_NAME, name, 0, out, err);
}

int
store_calendar_get_ver(struct store *st, int64_t ver, struct cal_rec *out,
		       char *err)
{
	return cal_fetch(st, S_CAL_BY_VER, NULL, ver, out, err);
}

int
store_calver_intern(struct store *st, const char *tz, const char *hours,
		    const char *holidays, int64_t *ver, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_CALVER_FIND, err);
	int rc;

	if (!s)
		return CASES_EDB;
	store_bind_text(s, ":tz", tz);
	store_bind_text(s, ":hours", hours);
	store_bind_text(s, ":hol", holidays);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*ver = sqlite3_column_int64(s, 0);
	store_done(s);
	if (rc == SQLITE_ROW)
		return CASES_OK;
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err, "reading calendars");
	s = stmt_get(st, S_CALVER_INSERT, err);
	if (!s)
		return CASES_EDB;
	store_bind_text(s, ":tz", tz);
	store_bind_text(s, ":hours", hours);
	store_bind_text(s, ":hol", holidays);
	rc = store_exec(st, s, err, "saving calendar");
	if (rc)
		return rc;
	*ver = sqlite3_last_insert_rowid(st->db);
	return CASES_OK;
}

/* Calendar id has had version ver since now (docs/storage.md 5.4); a
 * version it had before keeps its first date. */
static int
calendar_hist_add(struct store *st, int64_t id, int64_t ver, int64_t now,
		  char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_CALHIST_ADD, err);

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":id", id);
	store_bind_int(s, ":ver", ver);
	store_bind_int(s, ":now", now);
	return store_exec(st, s, err, "saving calendar");
}

int
store_calendar_add(struct store *st, const char *name, int64_t ver, int64_t now,
		   char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_CAL_INSERT, err);
	int rc;

	if (!s)
		return CASES_EDB;
	store_bind_text(s, ":name", name);
	store_bind_int(s, ":ver", ver);
	store_bind_int(s, ":now", now);
	rc = sqlite3_step(s);
	store_done(s);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return cases_errf(err, CASES_EINVAL,
				  "calendar '%s' already exists", name);
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err, "adding calendar");
	return calendar_hist_add(st, sqlite3_last_insert_rowid(st->db), ver,
				 now, err);
}

int
store_calendar_set_ver(struct store *st, int64_t id, int64_t ver, int64_t now,
		       char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_CAL_SET_VER, err);
	int rc;

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":ver", ver);
	store_bind_int(s, ":id", id);
	rc = store_exec(st, s, err, "saving calendar");
	return rc ? rc : calendar_hist_add(st, id, ver, now, err);
}

int
store_calendar_each(struct store *st, int (*fn)(void *, const struct cal_rec *),
		    void *arg, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_CAL_ALL, err);
	int rc, ret = CASES_OK;

	if (!s)
		return CASES_EDB;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct cal_rec c;
		ret = read_cal(s, &c, err);
		if (ret)
			break;
		ret = fn(arg, &c);
		cal_rec_release(&c);
		if (ret)
			break;
	}
	store_done(s);
	if (!ret && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_dberr(st, rc, err, "reading calendars");
	return ret;
}

/* ---- accounts ---- */

void
account_rec_release(struct account_rec *a)
{
	free(a->name);
	free(a->calendar);
	memset(a, 0, sizeof(*a));
}

static int
read_account(struct store *st, sqlite3_stmt *s, struct account_rec *a,
	     char *err)
{
	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(s, 0);
	a->name = store_col_strdup(s, 1);
	a->plan_id = sqlite3_column_int64(s, 2);
	a->calendar_id =
		store_col_opt(s, 3) == CASE_NONE ? 0 : store_col_opt(s, 3);
	a->calendar = store_col_strdup(s, 4);
	a->cal_ver = sqlite3_column_int64(s, 5);
	a->created_at = sqlite3_column_int64(s, 6);
	if (!a->name || (a->calendar_id && !a->calendar)) {
		account_rec_release(a);
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	}
	return CASES_OK;
}

int
store_account_get(struct store *st, const char *name, struct account_rec *out,
		  char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_ACCT_BY_NAME, err);
	char dym[SUGGEST_PHRASE_MAX];
	int rc;

	if (!s)
		return CASES_EDB;
	store_bind_text(s, ":name", name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		rc = read_account(st, s, out, err);
	else if (rc == SQLITE_DONE)
		rc = cases_errf(err, CASES_ENOTFOUND,
				"unknown account '%s' (%ssee 'cases account "
				"list')",
				name, near_name(st, S_ACCT_ALL, 1, name, dym));
	else
		rc = store_dberr(st, rc, err, "reading accounts");
	store_done(s);
	if (rc == CASES_OK)
		out->plan = store_plan_name(st, out->plan_id);
	return rc;
}

int
store_account_add(struct store *st, struct account_rec *a, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_ACCT_INSERT, err);
	int rc;

	if (!s)
		return CASES_EDB;
	store_bind_text(s, ":name", a->name);
	store_bind_int(s, ":plan", a->plan_id);
	if (a->calendar_id)
		store_bind_int(s, ":cal", a->calendar_id);
	else
		store_bind_int(s, ":ver", a->cal_ver);
	store_bind_int(s, ":now", a->created_at);
	rc = sqlite3_step(s);
	store_done(s);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return cases_errf(err, CASES_EINVAL,
				  "account '%s' already exists", a->name);
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err, "adding account");
	a->id = sqlite3_last_insert_rowid(st->db);
	return CASES_OK;
}

int
store_account_update(struct store *st, const struct account_rec *a, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_ACCT_UPDATE, err);

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":plan", a->plan_id);
	if (a->calendar_id)
		store_bind_int(s, ":cal", a->calendar_id);
	else
		store_bind_int(s, ":ver", a->cal_ver);
	store_bind_int(s, ":id", a->id);
	return store_exec(st, s, err, "saving account");
}

int
store_account_each(struct store *st,
		   int (*fn)(void *, const struct account_rec *), void *arg,
		   char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_ACCT_ALL, err);
	int rc, ret = CASES_OK;

	if (!s)
		return CASES_EDB;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct account_rec a;
		ret = read_account(st, s, &a, err);
		if (ret)
			break;
		a.plan = store_plan_name(st, a.plan_id);
		ret = fn(arg, &a);
		account_rec_release(&a);
		if (ret)
			break;
	}
	store_done(s);
	if (!ret && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_dberr(st, rc, err, "reading accounts");
	return ret;
}

/* ---- what refers to a plan, calendar or account; removal ---- */

static void
cache_drop(struct name_cache *c, int64_t id)
{
	for (size_t i = 0; i < c->n; i++) {
		if (c->ids[i] == id) {
			free(c->names[i]);
			c->ids[i] = c->ids[c->n - 1];
			c->names[i] = c->names[--c->n];
			return;
		}
	}
}

/* The first row's columns 0 and 1 of statement id bound to :id. */
static int
count_of(struct store *st, enum stmt_id id, int64_t key, int64_t *a, int64_t *b,
	 char *err)
{
	sqlite3_stmt *s = stmt_get(st, id, err);
	int rc;

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":id", key);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*a = sqlite3_column_int64(s, 0);
		if (b)
			*b = sqlite3_column_int64(s, 1);
	}
	store_done(s);
	return rc == SQLITE_ROW ? CASES_OK
				: store_dberr(st, rc, err, "reading catalog");
}

/* The accounts of statement id bound to :id: counted, the first few
 * named. */
static int
accounts_of(struct store *st, enum stmt_id id, int64_t key,
	    struct store_users *u, char *err)
{
	sqlite3_stmt *s = stmt_get(st, id, err);
	int rc;

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":id", key);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (u->accounts < STORE_USERS_NAMES)
			snprintf(u->account[u->accounts], sizeof(u->account[0]),
				 "%s", (const char *)sqlite3_column_text(s, 0));
		u->accounts++;
	}
	store_done(s);
	return rc == SQLITE_DONE ? CASES_OK
				 : store_dberr(st, rc, err, "reading accounts");
}

int
store_users(struct store *st, enum store_object what, int64_t id,
	    struct store_users *u, char *err)
{
	int rc;

	memset(u, 0, sizeof(*u));
	switch (what) {
	case STORE_PLAN:
		rc = accounts_of(st, S_USERS_PLAN_ACCTS, id, u, err);
		return rc ? rc
			  : count_of(st, S_USERS_PLAN_CASES, id, &u->cases,
				     NULL, err);
	case STORE_CALENDAR:
		rc = accounts_of(st, S_USERS_CAL_ACCTS, id, u, err);
		return rc ? rc
			  : count_of(st, S_USERS_CAL_CASES, id, &u->cases, NULL,
				     err);
	case STORE_ACCOUNT:
		rc = count_of(st, S_USERS_ACCT_CASES, id, &u->cases, NULL, err);
		return rc ? rc
			  : count_of(st, S_USERS_ACCT_KEYS, id, &u->keys,
				     &u->revoked, err);
	}
	return cases_errf(err, CASES_EINVAL, "unknown catalog object");
}

static int
remove_step(struct store *st, enum stmt_id id, int64_t key, char *err)
{
	sqlite3_stmt *s = stmt_get(st, id, err);

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":id", key);
	return store_exec(st, s, err, "removing");
}

int
store_remove(struct store *st, enum store_object what, int64_t id, char *err)
{
	int rc;

	switch (what) {
	case STORE_PLAN:
		rc = remove_step(st, S_RM_PLAN_TARGETS, id, err);
		if (rc == CASES_OK)
			rc = remove_step(st, S_RM_PLAN_VERS, id, err);
		if (rc == CASES_OK)
			rc = remove_step(st, S_RM_PLAN, id, err);
		if (rc == CASES_OK)
			cache_drop(&st->plans, id);
		return rc;
	case STORE_CALENDAR:
		return remove_step(st, S_RM_CAL, id, err);
	case STORE_ACCOUNT:
		rc = remove_step(st, S_RM_ACCT, id, err);
		if (rc == CASES_OK)
			cache_drop(&st->accounts, id);
		return rc;
	}
	return cases_errf(err, CASES_EINVAL, "unknown catalog object");
}

/* ---- cases ---- */

/* Fill c from a CASE_COLS row; strings borrowed from the statement. */
void
store_read_case(struct store *st, sqlite3_stmt *s, struct case_rec *c)
{
	const void *uuid = sqlite3_column_blob(s, 1);

	c->rowid = sqlite3_column_int64(s, 0);
	if (uuid && sqlite3_column_bytes(s, 1) == 16)
		memcpy(c->uuid, uuid, 16);
	else
		memset(c->uuid, 0, 16);
	case_uuid_format(c->uuid, c->id);
	c->external_id = (char *)sqlite3_column_text(s, 2);
	c->account_id = sqlite3_column_int64(s, 3);
	c->plan_id = sqlite3_column_int64(s, 4);
	c->plan_ver = sqlite3_column_int64(s, 5);
	c->cal_ver = sqlite3_column_int64(s, 6);
	c->severity = sqlite3_column_int(s, 7);
	c->category = sqlite3_column_int(s, 8);
	c->channel = sqlite3_column_int(s, 9);
	c->subject = (char *)sqlite3_column_text(s, 10);
	c->opened_at = sqlite3_column_int64(s, 11);
	c->target_s = store_col_opt(s, 12);
	c->clock = sqlite3_column_int(s, 13);
	c->due_at = store_col_opt(s, 14);
	c->first_response_at = store_col_opt(s, 15);
	c->resolved_at = store_col_opt(s, 16);
	c->breached_at = store_col_opt(s, 17);
	c->warned_at = store_col_opt(s, 18);
	c->assignee = (char *)sqlite3_column_text(s, 19);
	c->account = store_account_name(st, c->account_id);
	c->plan = store_plan_name(st, c->plan_id);
	if (!c->subject)
		c->subject = (char *)"";
}

static void
bind_case_fields(sqlite3_stmt *s, const struct case_rec *c)
{
	store_bind_int(s, ":sev", c->severity);
	store_bind_opt(s, ":target", c->target_s);
	if (c->target_s == CASE_NONE)
		sqlite3_bind_null(s, pidx(s, ":clock"));
	else
		store_bind_int(s, ":clock", c->clock);
	store_bind_opt(s, ":due", c->due_at);
	store_bind_opt(s, ":fr", c->first_response_at);
	store_bind_opt(s, ":res", c->resolved_at);
	store_bind_opt(s, ":br", c->breached_at);
	store_bind_opt(s, ":warn", c->warned_at);
}

int
store_case_insert(struct store *st, struct case_rec *c, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_CASE_INSERT, err);
	int rc;

	if (!s)
		return CASES_EDB;
	sqlite3_bind_blob(s, pidx(s, ":uuid"), c->uuid, 16, SQLITE_STATIC);
	store_bind_text(s, ":ext", c->external_id);
	if (c->account_id)
		store_bind_int(s, ":acct", c->account_id);
	store_bind_int(s, ":plan", c->plan_id);
	store_bind_int(s, ":pver", c->plan_ver);
	store_bind_int(s, ":cver", c->cal_ver);
	store_bind_int(s, ":cat", c->category);
	store_bind_int(s, ":chan", c->channel);
	store_bind_text(s, ":subj", c->subject);
	store_bind_int(s, ":opened", c->opened_at);
	store_bind_text(s, ":assignee", c->assignee);
	bind_case_fields(s, c);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return cases_errf(err, CASES_EINVAL,
				  "case %s already exists%s%s%s", c->id,
				  c->external_id ? " (or external id '" : "",
				  c->external_id ? c->external_id : "",
				  c->external_id ? "')" : "");
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err, "saving case");
	c->rowid = sqlite3_last_insert_rowid(st->db);
	return CASES_OK;
}

int
store_case_update(struct store *st, const struct case_rec *c, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_CASE_UPDATE, err);

	if (!s)
		return CASES_EDB;
	bind_case_fields(s, c);
	store_bind_int(s, ":id", c->rowid);
	return store_exec(st, s, err, "saving case");
}

int
store_case_by_prefix(struct store *st, const unsigned char pfx[16], int nlen,
		     int max, int (*fn)(void *, const struct case_rec *),
		     void *arg, int *count, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_CASE_PREFIX, err);
	unsigned char lo[16], hi[16];
	int rc, ret = CASES_OK;

	*count = 0;
	if (!s)
		return CASES_EDB;
	/* The prefix's nibbles, then all-zero (lo) or all-one (hi) bits. */
	for (int i = 0; i < 16; i++) {
		int keep_hi = 2 * i < nlen, keep_lo = 2 * i + 1 < nlen;
		unsigned char mask = (unsigned char)((keep_hi ? 0xf0 : 0)
						     | (keep_lo ? 0x0f : 0));
		lo[i] = pfx[i] & mask;
		hi[i] = (unsigned char)(lo[i] | (unsigned char)~mask);
	}
	sqlite3_bind_blob(s, pidx(s, ":lo"), lo, 16, SQLITE_STATIC);
	sqlite3_bind_blob(s, pidx(s, ":hi"), hi, 16, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct case_rec c;
		if ((*count)++ >= max)
			continue;
		store_read_case(st, s, &c);
		ret = fn(arg, &c);
		if (ret)
			break;
	}
	store_done(s);
	if (!ret && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_dberr(st, rc, err, "finding case");
	return ret;
}

int
store_case_by_number(struct store *st, int64_t number,
		     int (*fn)(void *, const struct case_rec *), void *arg,
		     int *count, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_CASE_BY_NUMBER, err);
	int rc, ret = CASES_OK;

	*count = 0;
	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":id", number);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		struct case_rec c;
		*count = 1;
		store_read_case(st, s, &c);
		ret = fn(arg, &c);
	}
	store_done(s);
	if (!ret && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_dberr(st, rc, err, "finding case");
	return ret;
}

int
store_case_assign(struct store *st, int64_t id, const char *assignee, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_CASE_ASSIGN, err);

	if (!s)
		return CASES_EDB;
	store_bind_text(s, ":assignee", assignee);
	store_bind_int(s, ":id", id);
	return store_exec(st, s, err, "saving case");
}

int
store_case_edit(struct store *st, const struct case_rec *c, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_CASE_EDIT, err);
	int rc;

	if (!s)
		return CASES_EDB;
	store_bind_text(s, ":subj", c->subject);
	store_bind_text(s, ":ext", c->external_id);
	store_bind_int(s, ":id", c->rowid);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return cases_errf(err, CASES_EINVAL,
				  "external id '%s' belongs to another case",
				  c->external_id ? c->external_id : "");
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err, "saving case");
	return CASES_OK;
}

/* Run s (bound, :id) and fail unless it changed a row. */
static int
delete_rows(struct store *st, enum stmt_id id, int64_t rowid, char *err)
{
	sqlite3_stmt *s = stmt_get(st, id, err);

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":id", rowid);
	return store_exec(st, s, err, "deleting case");
}

int
store_case_delete(struct store *st, const struct case_rec *c, int64_t at,
		  const char *by, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_DELETED_INSERT, err);
	int rc;

	if (!s)
		return CASES_EDB;
	if (!by)
		by = st->author;
	/* The log line first: the events' trigger lets them go only then
	 * (sql/009). */
	store_bind_int(s, ":number", c->rowid);
	sqlite3_bind_blob(s, pidx(s, ":uuid"), c->uuid, 16, SQLITE_STATIC);
	store_bind_text(s, ":ext", c->external_id);
	store_bind_text(s, ":acct", store_account_name(st, c->account_id));
	store_bind_text(s, ":plan", store_plan_name(st, c->plan_id));
	store_bind_int(s, ":sev", c->severity);
	store_bind_text(s, ":subj", c->subject);
	store_bind_int(s, ":opened", c->opened_at);
	store_bind_opt(s, ":due", c->due_at);
	store_bind_opt(s, ":fr", c->first_response_at);
	store_bind_opt(s, ":res", c->resolved_at);
	store_bind_int(s, ":at", at);
	store_bind_text(s, ":by", by);
	rc = store_exec(st, s, err, "logging the deletion");
	if (rc == CASES_OK)
		rc = delete_rows(st, S_CASE_EVENTS_DELETE, c->rowid, err);
	if (rc == CASES_OK)
		rc = delete_rows(st, S_CASE_DELETE, c->rowid, err);
	if (rc == CASES_OK && sqlite3_changes(st->db) != 1)
		rc = cases_errf(err, CASES_ENOTFOUND, "no case #%lld",
				(long long)c->rowid);
	return rc;
}

/* Step s (a DELETED_COLS query) to the end, fn getting each line. */
static int
each_deleted(struct store *st, sqlite3_stmt *s,
	     int (*fn)(void *, const struct deleted_rec *), void *arg,
	     int *count, char *err)
{
	int rc, ret = CASES_OK;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct deleted_rec d = { 0 };
		const void *uuid = sqlite3_column_blob(s, 1);

		d.number = sqlite3_column_int64(s, 0);
		if (uuid && sqlite3_column_bytes(s, 1) == 16)
			memcpy(d.uuid, uuid, 16);
		case_uuid_format(d.uuid, d.id);
		d.external_id = (const char *)sqlite3_column_text(s, 2);
		d.account = (const char *)sqlite3_column_text(s, 3);
		d.plan = (const char *)sqlite3_column_text(s, 4);
		d.severity = sqlite3_column_int(s, 5);
		d.subject = (const char *)sqlite3_column_text(s, 6);
		d.opened_at = sqlite3_column_int64(s, 7);
		d.due_at = store_col_opt(s, 8);
		d.first_response_at = store_col_opt(s, 9);
		d.resolved_at = store_col_opt(s, 10);
		d.deleted_at = sqlite3_column_int64(s, 11);
		d.deleted_by = (const char *)sqlite3_column_text(s, 12);
		if (!d.subject)
			d.subject = "";
		if (count)
			(*count)++;
		ret = fn(arg, &d);
		if (ret)
			break;
	}
	store_done(s);
	if (!ret && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_dberr(st, rc, err, "reading the deletion log");
	return ret;
}

int
store_deleted_get(struct store *st, int64_t number,
		  int (*fn)(void *, const struct deleted_rec *), void *arg,
		  int *count, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_DELETED_GET, err);

	*count = 0;
	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":number", number);
	return each_deleted(st, s, fn, arg, count, err);
}

int
store_deleted_each(struct store *st,
		   int (*fn)(void *, const struct deleted_rec *), void *arg,
		   char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_DELETED_ALL, err);

	if (!s)
		return CASES_EDB;
	return each_deleted(st, s, fn, arg, NULL, err);
}

static const char *const status_where[5] = {
	/* all */ "1",
	/* not resolved */ "c.resolved_at IS NULL",
	/* open */ "c.first_response_at IS NULL AND c.resolved_at IS NULL",
	/* responded */
	"c.first_response_at IS NOT NULL AND c.resolved_at IS NULL",
	/* resolved */ "c.resolved_at IS NOT NULL",
};

static int
filter_flags(const struct case_filter *f)
{
	return (f->plan_id ? 1 : 0) | (f->severity ? 2 : 0)
	       | (f->account_id ? 4 : 0) | (f->assignee ? 8 : 0);
}

static void
append_filters(char *sql, size_t len, int flags)
{
	size_t n = strlen(sql);

	snprintf(sql + n, len - n, "%s%s%s%s",
		 flags & 1 ? " AND c.plan_id = :plan" : "",
		 flags & 2 ? " AND c.severity = :sev" : "",
		 flags & 4 ? " AND c.account_id = :acct" : "",
		 flags & 8 ? " AND c.assignee = :assignee" : "");
}

static void
bind_filters(sqlite3_stmt *s, const struct case_filter *f)
{
	if (f->plan_id)
		store_bind_int(s, ":plan", f->plan_id);
	if (f->severity)
		store_bind_int(s, ":sev", f->severity);
	if (f->account_id)
		store_bind_int(s, ":acct", f->account_id);
	if (f->assignee)
		store_bind_text(s, ":assignee", f->assignee);
	store_bind_int(s, ":limit", f->limit > 0 ? f->limit : -1);
}

int
store_filter_key(const struct case_filter *f)
{
	return filter_flags(f);
}

void
store_filter_where(char *sql, size_t len, const struct case_filter *f)
{
	append_filters(sql, len, filter_flags(f));
}

void
store_filter_bind(sqlite3_stmt *s, const struct case_filter *f)
{
	bind_filters(s, f);
}

int
store_each_case(struct store *st, sqlite3_stmt *s,
		int (*fn)(void *, const struct case_rec *), void *arg,
		char *err)
{
	int rc, ret = CASES_OK;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct case_rec c;
		store_read_case(st, s, &c);
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
store_case_list(struct store *st, const struct case_filter *f,
		int (*fn)(void *, const struct case_rec *), void *arg,
		char *err)
{
	int si = f->status == -1 ? 0 : f->status == -2 ? 1 : 2 + f->status;
	int flags = filter_flags(f);
	sqlite3_stmt **slot, *s;
	char sql[1024] = "";

	if (si < 0 || si > 4)
		return cases_errf(err, CASES_EINVAL, "bad status filter");
	slot = &st->list_stmt[si * LIST_FLAGS + flags];
	if (!*slot) {
		snprintf(sql, sizeof(sql),
			 "SELECT " CASE_COLS " FROM cases c WHERE %s",
			 status_where[si]);
		append_filters(sql, sizeof(sql), flags);
		strncat(sql,
			" ORDER BY c.opened_at DESC, c.id DESC LIMIT :limit",
			sizeof(sql) - strlen(sql) - 1);
	}
	s = store_prep(st, slot, sql, err);
	if (!s)
		return CASES_EDB;
	bind_filters(s, f);
	return store_each_case(st, s, fn, arg, err);
}

int
store_case_due_between(struct store *st, const struct case_filter *f,
		       int64_t from, int64_t to,
		       int (*fn)(void *, const struct case_rec *), void *arg,
		       char *err)
{
	int flags = filter_flags(f);
	sqlite3_stmt **slot = &st->due_stmt[flags], *s;
	char sql[1024] = "";

	if (!*slot) {
		snprintf(sql, sizeof(sql),
			 "SELECT " UNANSWERED_COLS " FROM cases c "
			 "INDEXED BY cases_unanswered WHERE " UNANSWERED_WHERE
			 " AND c.due_at >= :from AND c.due_at < :to");
		append_filters(sql, sizeof(sql), flags);
		strncat(sql, " ORDER BY c.due_at, c.opened_at LIMIT :limit",
			sizeof(sql) - strlen(sql) - 1);
	}
	s = store_prep(st, slot, sql, err);
	if (!s)
		return CASES_EDB;
	bind_filters(s, f);
	store_bind_int(s, ":from", from);
	store_bind_int(s, ":to", to);
	return store_each_case(st, s, fn, arg, err);
}

/* ---- events ---- */

int
store_event_add(struct store *st, int64_t case_id, int64_t at, const char *kind,
		const char *detail, int hook, int64_t *id, char *err)
{
	return store_event_add_by(st, case_id, at, kind, detail, NULL, hook, id,
				  err);
}

int
store_set_author(struct store *st, const char *name, char *err)
{
	char *copy = NULL;

	if (name && !(copy = strdup(name)))
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	free(st->author);
	st->author = copy;
	return CASES_OK;
}

int
store_event_add_by(struct store *st, int64_t case_id, int64_t at,
		   const char *kind, const char *detail, const char *author,
		   int hook, int64_t *id, char *err)
{
	sqlite3_stmt *s;
	int rc;

	if (!author)
		author = st->author;
	s = stmt_get(st, author ? S_EVENT_INSERT_BY : S_EVENT_INSERT, err);
	if (!s)
		return CASES_EDB;
	if (author)
		store_bind_text(s, ":author", author);
	store_bind_int(s, ":case", case_id);
	store_bind_int(s, ":at", at);
	store_bind_text(s, ":kind", kind);
	store_bind_text(s, ":detail", detail);
	if (hook >= 0)
		store_bind_int(s, ":hook", hook);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return cases_errf(err, CASES_EINVAL,
				  "case already has a '%s' event", kind);
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err, "saving event");
	if (id)
		*id = sqlite3_last_insert_rowid(st->db);
	return CASES_OK;
}

int
store_event_each(struct store *st, int64_t case_id,
		 int (*fn)(void *, const struct event_rec *), void *arg,
		 char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_EVENT_EACH, err);
	int rc, ret = CASES_OK;

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":case", case_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct event_rec e = {
			.id = sqlite3_column_int64(s, 0),
			.case_id = sqlite3_column_int64(s, 1),
			.at = sqlite3_column_int64(s, 2),
			.kind = (const char *)sqlite3_column_text(s, 3),
			.detail = (const char *)sqlite3_column_text(s, 4),
			.hook = sqlite3_column_type(s, 5) == SQLITE_NULL
					? -1
					: sqlite3_column_int(s, 5),
			.author = (const char *)sqlite3_column_text(s, 6),
			.customer = sqlite3_column_int(s, 7),
		};
		ret = fn(arg, &e);
		if (ret)
			break;
	}
	store_done(s);
	if (!ret && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_dberr(st, rc, err, "reading events");
	return ret;
}

int
store_event_add_customer(struct store *st, int64_t case_id, int64_t at,
			 const char *detail, const char *author, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_EVENT_INSERT_CUSTOMER, err);
	int rc;

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":case", case_id);
	store_bind_int(s, ":at", at);
	store_bind_text(s, ":detail", detail);
	store_bind_text(s, ":author", author);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err, "saving event");
	return CASES_OK;
}

/* ---- a page of cases (cases serve's DescribeCases) ---- */

/*
 * One statement per combination of the page's filters (bit 1: one
 * account, 2: resolved cases too, 4: one case number), so that each is
 * read through its own index, named (INDEXED BY: a change of the
 * planner's mind is an error, not a walk over every case):
 * cases_account_active / cases_account (008) for an account,
 * cases_active / cases_opened (001) for the staff, the rowid for a
 * number. The keyset (opened_at, id) < (:op, :id) is a range
 * of those indexes (the rowid ends each of them), read newest first and
 * stopped after :limit rows. Two correlated subqueries on event_case say
 * what AWS's status needs: a "reopened" event, and who wrote the latest
 * communication (1 the desk, 0 the customer, NULL none).
 */
int
store_case_page(struct store *st, const struct case_page *p,
		int (*fn)(void *, const struct case_rec *, int, int), void *arg,
		char *err)
{
	int flags = (p->account_id ? 1 : 0) | (p->resolved ? 2 : 0)
		    | (p->number ? 4 : 0);
	/* By flags & 3; a case number is a rowid lookup. */
	static const char *const indexed[4] = {
		"INDEXED BY cases_active",
		"INDEXED BY cases_account_active",
		"INDEXED BY cases_opened",
		"INDEXED BY cases_account",
	};
	sqlite3_stmt **slot = &st->page_stmt[flags], *s;
	char sql[2048] = "";
	int rc, ret = CASES_OK;

	if (!*slot)
		snprintf(sql, sizeof(sql),
			 "SELECT " CASE_COLS ", "
			 "EXISTS (SELECT 1 FROM event e WHERE e.case_id = c.id "
			 "AND e.kind = 'reopened'), "
			 "(SELECT e.customer IS NULL FROM event e "
			 "WHERE e.case_id = c.id AND (e.kind = 'note' OR "
			 "e.kind = 'responded') ORDER BY e.id DESC LIMIT 1) "
			 "FROM cases c %s WHERE %s%s%s"
			 "c.opened_at >= :after AND c.opened_at <= :before "
			 "AND (c.opened_at, c.id) < (:op, :id) "
			 "ORDER BY c.opened_at DESC, c.id DESC LIMIT :limit",
			 flags & 4 ? "" : indexed[flags & 3],
			 flags & 1 ? "c.account_id = :acct AND " : "",
			 flags & 2 ? "" : "c.resolved_at IS NULL AND ",
			 flags & 4 ? "c.id = :num AND " : "");
	s = store_prep(st, slot, sql, err);
	if (!s)
		return CASES_EDB;
	if (flags & 1)
		store_bind_int(s, ":acct", p->account_id);
	if (flags & 4)
		store_bind_int(s, ":num", p->number);
	store_bind_int(s, ":after",
		       p->after == CASE_NONE ? INT64_MIN : p->after);
	store_bind_int(s, ":before",
		       p->before == CASE_NONE ? INT64_MAX : p->before);
	store_bind_int(s, ":op", p->below_opened);
	store_bind_int(s, ":id", p->below_id);
	store_bind_int(s, ":limit", p->limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct case_rec c;
		store_read_case(st, s, &c);
		ret = fn(arg, &c, sqlite3_column_int(s, CASE_NCOLS),
			 sqlite3_column_type(s, CASE_NCOLS + 1) == SQLITE_NULL
				 ? -1
				 : sqlite3_column_int(s, CASE_NCOLS + 1));
		if (ret)
			break;
	}
	store_done(s);
	if (!ret && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_dberr(st, rc, err, "reading cases");
	return ret;
}

/* ---- the breach check ---- */

int
store_check_overdue(struct store *st, int64_t now, int64_t after_due,
		    int64_t after_id, int limit,
		    int (*fn)(void *, const struct case_rec *), void *arg,
		    char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_CHECK_OVERDUE, err);

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":now", now);
	store_bind_int(s, ":after_due", after_due);
	store_bind_int(s, ":after_id", after_id);
	store_bind_int(s, ":limit", limit);
	return store_each_case(st, s, fn, arg, err);
}

int
store_check_warnable(struct store *st, int64_t now, int pct, int64_t after_due,
		     int64_t after_id, int limit,
		     int (*fn)(void *, const struct case_rec *), void *arg,
		     char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_CHECK_WARNABLE, err);

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":now", now);
	store_bind_int(s, ":pct", pct);
	store_bind_int(s, ":after_due", after_due);
	store_bind_int(s, ":after_id", after_id);
	store_bind_int(s, ":limit", limit);
	return store_each_case(st, s, fn, arg, err);
}

int
store_hook_pending(struct store *st, int64_t after_id, int64_t now_ms,
		   int limit,
		   int (*fn)(void *, const struct event_rec *,
			     const struct case_rec *),
		   void *arg, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_HOOK_PENDING, err);
	int rc, ret = CASES_OK;

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":after", after_id);
	store_bind_int(s, ":now_ms", now_ms);
	store_bind_int(s, ":limit", limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct case_rec c;
		struct event_rec e = { 0 };
		store_read_case(st, s, &c);
		e.id = sqlite3_column_int64(s, CASE_NCOLS);
		e.case_id = c.rowid;
		e.at = sqlite3_column_int64(s, CASE_NCOLS + 1);
		e.kind = (const char *)sqlite3_column_text(s, CASE_NCOLS + 2);
		e.hook = 0;
		ret = fn(arg, &e, &c);
		if (ret)
			break;
	}
	store_done(s);
	if (!ret && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_dberr(st, rc, err, "reading events");
	return ret;
}

int
store_hook_claim(struct store *st, int64_t event_id, const char *by,
		 int64_t now_ms, int64_t until_ms, int *claimed, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_HOOK_CLAIM, err);
	int rc;

	*claimed = 0;
	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":id", event_id);
	store_bind_text(s, ":by", by);
	store_bind_int(s, ":now_ms", now_ms);
	store_bind_int(s, ":until", until_ms);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err, "claiming event");
	*claimed = sqlite3_changes(st->db) == 1;
	return CASES_OK;
}

int
store_hook_release(struct store *st, int64_t event_id, const char *by,
		   char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_HOOK_RELEASE, err);

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":id", event_id);
	store_bind_text(s, ":by", by);
	return store_exec(st, s, err, "releasing event");
}

int
store_hook_done(struct store *st, int64_t event_id, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_HOOK_DONE, err);

	if (!s)
		return CASES_EDB;
	store_bind_int(s, ":id", event_id);
	return store_exec(st, s, err, "saving event");
}

int
store_explain_plan(struct store *st, const char *sql, char *buf, size_t len,
		   char *err)
{
	sqlite3_stmt *s;
	char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
	size_t used = 0;
	int rc;

	if (!q)
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	rc = sqlite3_prepare_v2(st->db, q, -1, &s, NULL);
	sqlite3_free(q);
	if (rc != SQLITE_OK)
		return store_dberr(st, rc, err, "explain");
	buf[0] = '\0';
	while (sqlite3_step(s) == SQLITE_ROW) {
		int w = snprintf(buf + used, len - used, "%s\n",
				 (const char *)sqlite3_column_text(s, 3));
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
	sqlite3_finalize(s);
	return CASES_OK;
}

/* ---- API keys ---- */

/* Copy column i's text into buf (size bytes), cut if longer. */
static void
col_copy(sqlite3_stmt *s, int i, char *buf, size_t size)
{
	const char *z = (const char *)sqlite3_column_text(s, i);

	snprintf(buf, size, "%s", z ? z : "");
}

static void
read_key(struct store *st, sqlite3_stmt *s, struct key_rec *k)
{
	memset(k, 0, sizeof(*k));
	col_copy(s, 0, k->id, sizeof(k->id));
	col_copy(s, 1, k->secret, sizeof(k->secret));
	k->account_id = sqlite3_column_int64(s, 2);
	col_copy(s, 3, k->staff, sizeof(k->staff));
	k->created_at = sqlite3_column_int64(s, 4);
	k->revoked_at = store_col_opt(s, 5);
	col_copy(s, 6, k->name, sizeof(k->name));
	col_copy(s, 7, k->email, sizeof(k->email));
	k->account =
		k->account_id ? store_account_name(st, k->account_id) : NULL;
}

int
store_key_add(struct store *st, const struct key_rec *k, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_KEY_INSERT, err);
	int rc;

	if (!s)
		return CASES_EDB;
	store_bind_text(s, ":id", k->id);
	store_bind_text(s, ":secret", k->secret);
	if (k->account_id)
		store_bind_int(s, ":acct", k->account_id);
	else
		store_bind_text(s, ":staff", k->staff);
	store_bind_int(s, ":now", k->created_at);
	store_bind_text(s, ":name", k->name[0] ? k->name : NULL);
	store_bind_text(s, ":email", k->email[0] ? k->email : NULL);
	rc = sqlite3_step(s);
	store_done(s);
	/* The id is the table's one key: only its UNIQUE (PRIMARY KEY)
	 * failure means a taken id; any other constraint (a CHECK, a foreign
	 * key) is a database error, said as SQLite says it. */
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY
	    || rc == SQLITE_CONSTRAINT_UNIQUE)
		return cases_errf(err, CASES_EINVAL, "key '%s' already exists",
				  k->id);
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, err, "saving key");
	return CASES_OK;
}

int
store_key_get(struct store *st, const char *id, struct key_rec *out, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_KEY_GET, err);
	int rc;

	if (!s)
		return CASES_EDB;
	store_bind_text(s, ":id", id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_key(st, s, out);
		rc = CASES_OK;
	} else if (rc == SQLITE_DONE) {
		rc = cases_errf(err, CASES_ENOTFOUND,
				"unknown key '%.128s' (see 'cases key list')",
				id);
	} else {
		rc = store_dberr(st, rc, err, "reading keys");
	}
	store_done(s);
	return rc;
}

int
store_key_each(struct store *st, int (*fn)(void *, const struct key_rec *),
	       void *arg, char *err)
{
	sqlite3_stmt *s = stmt_get(st, S_KEY_ALL, err);
	int rc, ret = CASES_OK;

	if (!s)
		return CASES_EDB;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct key_rec k;
		read_key(st, s, &k);
		ret = fn(arg, &k);
		if (ret)
			break;
	}
	store_done(s);
	if (!ret && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_dberr(st, rc, err, "reading keys");
	return ret;
}

int
store_key_revoke(struct store *st, const char *id, int64_t at, char *err)
{
	struct key_rec k;
	sqlite3_stmt *s;
	int rc = store_key_get(st, id, &k, err);

	if (rc)
		return rc;
	if (k.revoked_at != CASE_NONE)
		return cases_errf(err, CASES_EINVAL,
				  "key '%s' is revoked already", id);
	s = stmt_get(st, S_KEY_REVOKE, err);
	if (!s)
		return CASES_EDB;
	store_bind_text(s, ":id", id);
	store_bind_int(s, ":at", at);
	return store_exec(st, s, err, "revoking key");
}
