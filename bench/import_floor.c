/*
 * import_floor.c - the floor under `cases import`: the least a C program
 * does to load the same JSON lines into a cases database.
 *
 *   import_floor DB FILE
 *
 * FILE is JSON lines in exactly the form `cases export` writes (fields in
 * that order, times as YYYY-MM-DDTHH:MM:SSZ, due_at present wherever there
 * is a target): this program trusts it and checks almost nothing. It reads
 * the plans and accounts once through libcases, then in one transaction
 * (BEGIN IMMEDIATE ... COMMIT, the store's settings: WAL, synchronous=FULL,
 * foreign keys on, a 64 MiB page cache as `cases import` uses) runs one
 * prepared single-row INSERT per case and one per event — the same rows
 * `cases import` writes: the case, "opened" with the same detail text,
 * then "responded", "breached", "resolved" in time order. It prints the
 * count and the rate on stderr.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>
#include <uuid/uuid.h>

#include "cases/civil.h"
#include "cases/error.h"
#include "cases/plan.h"
#include "cases/store.h"

#define MAXNAMES 4096

struct named_acct {
	char *name;
	int64_t id, cal_ver, plan_id;
};

static struct plan plans[64];
static int nplans;
static struct named_acct accts[MAXNAMES];
static int naccts;

static int
plan_cb(void *arg, const struct plan *p)
{
	(void)arg;
	if (nplans < 64)
		plans[nplans++] = *p;
	return 0;
}

static int
acct_cb(void *arg, const struct account_rec *a)
{
	(void)arg;
	if (naccts < MAXNAMES) {
		accts[naccts].name = strdup(a->name);
		accts[naccts].id = a->id;
		accts[naccts].cal_ver = a->cal_ver;
		accts[naccts].plan_id = a->plan_id;
		naccts++;
	}
	return 0;
}

static const struct plan *
plan_named(const char *s, size_t n)
{
	for (int i = 0; i < nplans; i++) {
		if (strlen(plans[i].name) == n
		    && memcmp(plans[i].name, s, n) == 0)
			return &plans[i];
	}
	return NULL;
}

static const struct plan *
plan_id(int64_t id)
{
	for (int i = 0; i < nplans; i++) {
		if (plans[i].id == id)
			return &plans[i];
	}
	return NULL;
}

static const struct named_acct *
acct_named(const char *s, size_t n)
{
	for (int i = 0; i < naccts; i++) {
		if (strlen(accts[i].name) == n
		    && memcmp(accts[i].name, s, n) == 0)
			return &accts[i];
	}
	return NULL;
}

/* A value of the next key: a string (unescaped into out) or null. */
struct val {
	const char *s;
	size_t n;
	int null;
};

static void
put_utf8(char **o, unsigned cp)
{
	char *p = *o;

	if (cp < 0x80) {
		*p++ = (char)cp;
	} else if (cp < 0x800) {
		*p++ = (char)(0xc0 | (cp >> 6));
		*p++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*p++ = (char)(0xe0 | (cp >> 12));
		*p++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*p++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*p++ = (char)(0xf0 | (cp >> 18));
		*p++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*p++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*p++ = (char)(0x80 | (cp & 0x3f));
	}
	*o = p;
}

static unsigned
hex4(const char *p)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v = v * 16
		    + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

/* Find "key": after *pos, read its value; returns 0 if absent. */
static int
next_val(const char **pos, const char *key, char **arena, struct val *v)
{
	const char *p = strstr(*pos, key);
	char *o;

	if (!p)
		return 0;
	p += strlen(key);
	if (*p == 'n') {
		v->null = 1;
		*pos = p + 4;
		return 1;
	}
	v->null = 0;
	p++; /* opening quote */
	o = *arena;
	v->s = o;
	while (*p != '"') {
		if (*p != '\\') {
			*o++ = *p++;
			continue;
		}
		p++;
		switch (*p) {
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'u': {
			unsigned cp = hex4(p + 1);
			p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && p[1] == '\\') {
				cp = 0x10000 + ((cp - 0xd800) << 10)
				     + (hex4(p + 3) - 0xdc00);
				p += 6;
			}
			put_utf8(&o, cp);
			break;
		}
		default:
			*o++ = *p;
		}
		p++;
	}
	v->n = (size_t)(o - v->s);
	*o++ = '\0';
	*arena = o;
	*pos = p + 1;
	return 1;
}

/* YYYY-MM-DDTHH:MM:SSZ */
static int64_t
when(const struct val *v)
{
	const char *s = v->s;
	int y, mo, d, h, mi, se;

	if (v->null)
		return INT64_MIN;
	y = atoi(s);
	mo = (s[5] - '0') * 10 + s[6] - '0';
	d = (s[8] - '0') * 10 + s[9] - '0';
	h = (s[11] - '0') * 10 + s[12] - '0';
	mi = (s[14] - '0') * 10 + s[15] - '0';
	se = (s[17] - '0') * 10 + s[18] - '0';
	return civil_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

static void
bind_opt(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == INT64_MIN)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

static int
fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "import_floor: %s: %s\n", what,
		db ? sqlite3_errmsg(db) : "");
	return 1;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static const char *const keys[] = {
		"\"id\":",
		"\"external_id\":",
		"\"account\":",
		"\"plan\":",
		"\"severity\":",
		"\"category\":",
		"\"channel\":",
		"\"status\":",
		"\"opened_at\":",
		"\"due_at\":",
		"\"first_response_at\":",
		"\"resolved_at\":",
		"\"breached_at\":",
		"\"subject\":",
	};
	static const char ins_case[] =
		"INSERT INTO cases (uuid, external_id, account_id, plan_id, "
		"plan_ver, cal_ver, severity, category, channel, subject, "
		"opened_at, target_s, clock, due_at, first_response_at, "
		"resolved_at, breached_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
		"?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
	static const char ins_event[] =
		"INSERT INTO event (case_id, at, kind, detail) "
		"VALUES (?1, ?2, ?3, ?4)";
	char err[CASES_ERRMAX], *line = NULL, *arena, detail[256];
	struct store *st;
	sqlite3 *db = NULL;
	sqlite3_stmt *sc = NULL, *se = NULL;
	size_t cap = 0;
	int64_t n = 0, utc_ver = 1;
	double t0;
	FILE *in;

	if (argc != 3) {
		fputs("usage: import_floor DB FILE\n", stderr);
		return 2;
	}
	t0 = now_s();
	if (store_open(argv[1], &st, err) != CASES_OK
	    || store_begin(st, 0, err) != CASES_OK
	    || store_plan_each(st, plan_cb, NULL, err) != CASES_OK
	    || store_account_each(st, acct_cb, NULL, err) != CASES_OK
	    || store_calver_intern(st, "UTC", "mon-fri 08:00-18:00", "",
				   &utc_ver, err)
		       != CASES_OK) {
		fprintf(stderr, "import_floor: %s\n", err);
		return 1;
	}
	if (store_commit(st, err) != CASES_OK) {
		fprintf(stderr, "import_floor: %s\n", err);
		return 1;
	}
	store_close(st);
	in = fopen(argv[2], "r");
	arena = malloc(1 << 20);
	if (!in || !arena)
		return fail(NULL, argv[2]);
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return fail(db, "open");
	sqlite3_busy_timeout(db, 10000);
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	if (sqlite3_exec(db,
			 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
			 "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;"
			 "BEGIN IMMEDIATE",
			 NULL, NULL, NULL)
	    != SQLITE_OK)
		return fail(db, "begin");
	if (sqlite3_prepare_v2(db, ins_case, -1, &sc, NULL) != SQLITE_OK
	    || sqlite3_prepare_v2(db, ins_event, -1, &se, NULL) != SQLITE_OK)
		return fail(db, "prepare");
	while (getline(&line, &cap, in) > 0) {
		struct val v[14];
		const char *pos = line;
		char *a = arena;
		const struct plan *p;
		const struct named_acct *ac = NULL;
		uuid_t uu;
		int sev = 0, cat = CAT_TECHNICAL, ch = CH_CONSOLE, clock = 0;
		int64_t target, t[4], rowid;
		const char *kinds[] = { "responded", "breached", "resolved" };
		int order[3] = { 0, 1, 2 };

		for (int i = 0; i < 14; i++) {
			if (!next_val(&pos, keys[i], &a, &v[i])) {
				fprintf(stderr,
					"import_floor: line %lld: no %s\n",
					(long long)n + 1, keys[i]);
				return 1;
			}
		}
		if (!v[2].null)
			ac = acct_named(v[2].s, v[2].n);
		p = v[3].null ? plan_id(ac ? ac->plan_id : 0)
			      : plan_named(v[3].s, v[3].n);
		if (!p || (!v[2].null && !ac)) {
			fprintf(stderr,
				"import_floor: line %lld: unknown plan "
				"or account\n",
				(long long)n + 1);
			return 1;
		}
		if (plan_severity_parse(v[4].s, &sev, err)
		    || (!v[5].null && plan_category_parse(v[5].s, &cat, err))
		    || (!v[6].null && plan_channel_parse(v[6].s, &ch, err))) {
			fprintf(stderr, "import_floor: line %lld: %s\n",
				(long long)n + 1, err);
			return 1;
		}
		target = plan_case_target(p, sev, cat, &clock);
		uuid_parse(v[0].s, uu);
		sqlite3_bind_blob(sc, 1, uu, 16, SQLITE_STATIC);
		if (v[1].null)
			sqlite3_bind_null(sc, 2);
		else
			sqlite3_bind_text(sc, 2, v[1].s, (int)v[1].n,
					  SQLITE_STATIC);
		if (ac)
			sqlite3_bind_int64(sc, 3, ac->id);
		else
			sqlite3_bind_null(sc, 3);
		sqlite3_bind_int64(sc, 4, p->id);
		sqlite3_bind_int64(sc, 5, p->ver);
		sqlite3_bind_int64(sc, 6, ac ? ac->cal_ver : utc_ver);
		sqlite3_bind_int(sc, 7, sev);
		sqlite3_bind_int(sc, 8, cat);
		sqlite3_bind_int(sc, 9, ch);
		sqlite3_bind_text(sc, 10, v[13].s, (int)v[13].n, SQLITE_STATIC);
		sqlite3_bind_int64(sc, 11, when(&v[8]));
		if (target > 0) {
			sqlite3_bind_int64(sc, 12, target);
			sqlite3_bind_int(sc, 13, clock);
		} else {
			sqlite3_bind_null(sc, 12);
			sqlite3_bind_null(sc, 13);
		}
		bind_opt(sc, 14, when(&v[9]));
		t[0] = when(&v[10]);
		t[1] = when(&v[12]);
		t[2] = when(&v[11]);
		bind_opt(sc, 15, t[0]);
		bind_opt(sc, 16, t[2]);
		bind_opt(sc, 17, t[1]);
		if (sqlite3_step(sc) != SQLITE_DONE)
			return fail(db, "insert case");
		sqlite3_reset(sc);
		rowid = sqlite3_last_insert_rowid(db);
		snprintf(detail, sizeof(detail),
			 "imported: plan %s, severity %s, category %s, "
			 "channel %s",
			 p->name, plan_severity_name(sev),
			 plan_category_name(cat), plan_channel_name(ch));
		sqlite3_bind_int64(se, 1, rowid);
		sqlite3_bind_int64(se, 2, when(&v[8]));
		sqlite3_bind_text(se, 3, "opened", -1, SQLITE_STATIC);
		sqlite3_bind_text(se, 4, detail, -1, SQLITE_STATIC);
		if (sqlite3_step(se) != SQLITE_DONE)
			return fail(db, "insert event");
		sqlite3_reset(se);
		sqlite3_bind_null(se, 4);
		/* responded, breached, resolved: in time order */
		for (int i = 1; i < 3; i++) {
			for (int j = i; j > 0 && t[order[j]] < t[order[j - 1]];
			     j--) {
				int x = order[j];
				order[j] = order[j - 1];
				order[j - 1] = x;
			}
		}
		for (int i = 0; i < 3; i++) {
			if (t[order[i]] == INT64_MIN)
				continue;
			sqlite3_bind_int64(se, 2, t[order[i]]);
			sqlite3_bind_text(se, 3, kinds[order[i]], -1,
					  SQLITE_STATIC);
			if (sqlite3_step(se) != SQLITE_DONE)
				return fail(db, "insert event");
			sqlite3_reset(se);
		}
		n++;
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "commit");
	sqlite3_finalize(sc);
	sqlite3_finalize(se);
	sqlite3_close(db);
	fclose(in);
	free(line);
	free(arena);
	for (int i = 0; i < naccts; i++)
		free(accts[i].name);
	t0 = now_s() - t0;
	fprintf(stderr, "import_floor: %lld cases in %.2f s (%.0f cases/s)\n",
		(long long)n, t0, (double)n / t0);
	return 0;
}
