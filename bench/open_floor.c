/*
 * open_floor.c - the floor under `cases open`: the least a C program can do
 * to store one new case durably in a cases database.
 *
 *   open_floor DB UNIX_NOW
 *
 * One process: open the database (already in WAL mode), the same
 * durability and integrity settings as the store (synchronous=FULL,
 * foreign keys on, no checkpoint on close), BEGIN IMMEDIATE, one prepared
 * INSERT of a case row equivalent to `cases open --plan business
 * --severity prod-down --subject 'Checkout returns 502'` (plan 3, its
 * version 3, the UTC calendar 1, a 1 h 24x7 target) plus its "opened"
 * event, COMMIT, close. No schema check, no plan lookup, no output.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sqlite3.h>

static int
fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "open_floor: %s: %s\n", what, sqlite3_errmsg(db));
	sqlite3_close(db);
	return 1;
}

int
main(int argc, char **argv)
{
	static const char ins_case[] =
		"INSERT INTO cases (uuid, account_id, plan_id, plan_ver, "
		"cal_ver, severity, category, channel, subject, opened_at, "
		"target_s, clock, due_at) VALUES (?1, NULL, 3, 3, 1, 4, 1, 0, "
		"?2, ?3, 3600, 0, ?4)";
	static const char ins_event[] =
		"INSERT INTO event (case_id, at, kind, detail) VALUES (?1, ?2, "
		"'opened', 'plan business, severity prod-down, category "
		"technical, channel console')";
	unsigned char uuid[16];
	sqlite3_stmt *s = NULL;
	sqlite3 *db = NULL;
	int64_t now, id;
	FILE *r;

	if (argc != 3) {
		fputs("usage: open_floor DB UNIX_NOW\n", stderr);
		return 2;
	}
	now = strtoll(argv[2], NULL, 10);
	r = fopen("/dev/urandom", "rb");
	if (!r || fread(uuid, 1, 16, r) != 16) {
		fputs("open_floor: cannot read /dev/urandom\n", stderr);
		return 1;
	}
	fclose(r);
	uuid[6] = (unsigned char)((uuid[6] & 0x0f) | 0x40);
	uuid[8] = (unsigned char)((uuid[8] & 0x3f) | 0x80);

	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL)
	    != SQLITE_OK)
		return fail(db, argv[1]);
	sqlite3_busy_timeout(db, 10000);
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	if (sqlite3_exec(db,
			 "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
			 "BEGIN IMMEDIATE",
			 NULL, NULL, NULL)
	    != SQLITE_OK)
		return fail(db, "begin");

	if (sqlite3_prepare_v2(db, ins_case, -1, &s, NULL) != SQLITE_OK)
		return fail(db, "prepare");
	sqlite3_bind_blob(s, 1, uuid, 16, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, "Checkout returns 502", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int64(s, 4, now + 3600);
	if (sqlite3_step(s) != SQLITE_DONE)
		return fail(db, "insert case");
	sqlite3_finalize(s);
	id = sqlite3_last_insert_rowid(db);

	if (sqlite3_prepare_v2(db, ins_event, -1, &s, NULL) != SQLITE_OK)
		return fail(db, "prepare");
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	if (sqlite3_step(s) != SQLITE_DONE)
		return fail(db, "insert event");
	sqlite3_finalize(s);

	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "commit");
	return sqlite3_close(db) == SQLITE_OK ? 0 : 1;
}
