/*
 * case.h - the rules of a case's lifecycle (docs/domain.md sections 8
 * and 9, docs/deadlines.md): the record itself is in record.h.
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
#include "cases/record.h"

struct store;

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
int case_subject_check(const char *s, char *err);
/* The same for other text, named `what` in messages ("note"). */
int case_text_check(const char *s, const char *what, char *err);

/* Validate an account or calendar name: 1..128 bytes of valid UTF-8 with
 * no control characters. `what` names it in the message. */
int case_name_check(const char *s, const char *what, char *err);

#endif
