/*
 * create_floor.c - the floor under `cases serve`'s CreateCase: the rows
 * one CreateCase writes, committed one case at a time with
 * synchronous=FULL, by one process, as fast as it can.
 *
 *   create_floor DB UNIX_NOW SECONDS
 *
 * For SECONDS: BEGIN IMMEDIATE; INSERT the case (as a CreateCase of a
 * business customer, severity normal, technical: plan 3, its version 3,
 * calendar 1, a 12 h target), its "opened" event and the customer's
 * first note (event.customer = 1, sql/009); COMMIT (one fsync of the WAL
 * each). Prints "N cases in S s: R cases/s". The database is in WAL mode
 * already (cases made it); the statements are prepared once.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sqlite3.h>

static int
fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "create_floor: %s: %s\n", what, sqlite3_errmsg(db));
	sqlite3_close(db);
	return 1;
}

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static const char *const sql[] = {
		"BEGIN IMMEDIATE",
		"INSERT INTO cases (uuid, account_id, plan_id, plan_ver, "
		"cal_ver, severity, category, channel, subject, opened_at, "
		"target_s, clock, due_at) VALUES (randomblob(16), NULL, 3, 3, "
		"1, 2, 1, 4, 'Checkout returns 502', ?1, 43200, 0, ?1 + 43200)",
		"INSERT INTO event (case_id, at, kind, detail) VALUES "
		"(?2, ?1, 'opened', 'plan business, severity "
		"system-impaired, category technical, channel api')",
		"INSERT INTO event (case_id, at, kind, detail, author, "
		"customer) "
		"VALUES (?2, ?1, 'note', 'The "
		"checkout "
		"page answers 502 since 09:00.', 'acme', 1)",
		"COMMIT",
	};
	enum { NSQL = sizeof(sql) / sizeof(sql[0]) };
	sqlite3_stmt *s[NSQL] = { 0 };
	sqlite3 *db = NULL;
	double t0, secs, t;
	int64_t now, id = 0;
	long n = 0;

	if (argc != 4) {
		fputs("usage: create_floor DB UNIX_NOW SECONDS\n", stderr);
		return 2;
	}
	now = strtoll(argv[2], NULL, 10);
	secs = atof(argv[3]);
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL)
	    != SQLITE_OK)
		return fail(db, argv[1]);
	sqlite3_busy_timeout(db, 10000);
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	if (sqlite3_exec(db,
			 "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON",
			 NULL, NULL, NULL)
	    != SQLITE_OK)
		return fail(db, "pragma");
	for (int i = 0; i < NSQL; i++) {
		if (sqlite3_prepare_v2(db, sql[i], -1, &s[i], NULL)
		    != SQLITE_OK)
			return fail(db, "prepare");
	}
	t0 = now_s();
	do {
		for (int i = 0; i < NSQL; i++) {
			if (sqlite3_bind_parameter_count(s[i]) >= 1)
				sqlite3_bind_int64(s[i], 1, now);
			if (sqlite3_bind_parameter_count(s[i]) >= 2)
				sqlite3_bind_int64(s[i], 2, id);
			if (sqlite3_step(s[i]) != SQLITE_DONE)
				return fail(db, sql[i]);
			sqlite3_reset(s[i]);
			if (i == 1)
				id = sqlite3_last_insert_rowid(db);
		}
		n++;
		t = now_s() - t0;
	} while (t < secs);
	printf("%ld cases in %.2f s: %.1f cases/s\n", n, t, (double)n / t);
	for (int i = 0; i < NSQL; i++)
		sqlite3_finalize(s[i]);
	return sqlite3_close(db) == SQLITE_OK ? 0 : 1;
}
