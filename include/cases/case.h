/*
 * case.h - the case record and its lifecycle (SPEC §1 "Cases", §2).
 *
 * The lifecycle functions apply the rules — entitlements, deadlines,
 * severity changes, first response, resolve and reopen — on top of the
 * store. They run inside the caller's transaction and write nothing when
 * they fail.
 */
#ifndef CASES_CASE_H
#define CASES_CASE_H

#include <stdint.h>

#include "cases/plan.h"

struct store;

/* The absent value of every instant and duration field. */
#define CASE_NONE INT64_MIN

#define CASE_ID_LEN 37 /* canonical UUID text + NUL */

enum case_status {
	CASE_OPEN = 0,	/* no first response yet */
	CASE_RESPONDED, /* first response recorded */
	CASE_RESOLVED,
};

/*
 * A case. Strings are owned by the record when it came from case_get() or a
 * lifecycle call (free with case_rec_release()); records passed to a query
 * callback borrow them for the duration of the call only.
 */
struct case_rec {
	int64_t rowid;
	unsigned char uuid[16];
	char id[CASE_ID_LEN];
	char *external_id; /* NULL: none */
	int64_t account_id; /* 0: none */
	const char *account; /* borrowed from the store's name cache */
	int64_t plan_id;
	int64_t plan_ver;
	const char *plan; /* borrowed from the store's name cache */
	int64_t cal_ver;
	int severity;
	int category;
	int channel;
	char *subject;
	int64_t opened_at;
	int64_t target_s; /* CASE_NONE: no target */
	int clock;
	int64_t due_at;
	int64_t first_response_at;
	int64_t resolved_at;
	int64_t breached_at;
	int64_t warned_at;
};

void case_rec_init(struct case_rec *c);
void case_rec_release(struct case_rec *c);

enum case_status case_status(const struct case_rec *c);
const char *case_status_name(enum case_status s);
/* Parse open|responded|resolved|all; all is returned as -1. */
int case_status_parse(const char *s, int *status, char *err);

/* Unanswered: no first response and not resolved. */
int case_unanswered(const struct case_rec *c);

/* What `cases open` asks for. Strings are borrowed. */
struct case_open_req {
	const char *plan;     /* plan name, or NULL with account */
	const char *account;  /* account name, or NULL */
	const char *calendar; /* calendar name overriding the account's */
	const char *tz;	      /* zone: default hours there, no holidays */
	const char *subject;
	const char *external_id; /* NULL: none */
	int severity;	      /* SEV_NONE: general for account-billing */
	int category;
	int channel;
	int64_t opened_at;
};

/* Open a case: check entitlements, snapshot plan and calendar, compute the
 * deadline, insert it and its "opened" event. Fills out (owned). */
int case_open(struct store *st, const struct case_open_req *req,
	      struct case_rec *out, char *err);

/*
 * Set c->due_at from its opened_at, target and clock (SPEC §2): none
 * without a target, plain elapsed time on the 24x7 clock, business time on
 * cal (the case's calendar, needed only for business-hours targets).
 */
struct calendar;
int case_deadline(struct case_rec *c, const struct calendar *cal,
		  char *err);

/* Find a case by id or unique prefix (>= 8 hex digits). CASES_ENOTFOUND,
 * or CASES_EINVAL for a malformed or ambiguous prefix (matches listed). */
int case_get(struct store *st, const char *id, struct case_rec *out,
	     char *err);

/* Record the first response at `at` (a later call adds a note event and
 * keeps the first time). *first is set non-zero if this was the first. */
int case_respond(struct store *st, struct case_rec *c, int64_t at,
		 const char *note, int *first, char *err);

/* Change severity under SPEC §2 at instant `at`. */
int case_escalate(struct store *st, struct case_rec *c, int severity,
		  int64_t at, char *err);

int case_resolve(struct store *st, struct case_rec *c, int64_t at,
		 char *err);
int case_reopen(struct store *st, struct case_rec *c, int64_t at, char *err);

/* Add a free-text note event. */
int case_note(struct store *st, struct case_rec *c, int64_t at,
	      const char *text, char *err);

/* Validate a subject: non-empty, at most CASE_SUBJECT_MAX bytes, UTF-8. */
#define CASE_SUBJECT_MAX 4096
int case_subject_check(const char *s, char *err);
/* The same for other text, named `what` in messages ("note"). */
int case_text_check(const char *s, const char *what, char *err);

/* Validate an account or calendar name: 1..128 bytes of valid UTF-8 with
 * no control characters. `what` names it in the message. */
int case_name_check(const char *s, const char *what, char *err);

/* Canonical lowercase text of a 16-byte UUID into id (CASE_ID_LEN). */
void case_uuid_format(const unsigned char uuid[16], char *id);

#endif
