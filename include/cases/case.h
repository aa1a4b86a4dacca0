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

#include "cases/error.h"
#include "cases/plan.h"
#include "cases/record.h"

struct store;
struct calcache;
struct calendar;

/* ---- a new case ---- */

/* What a new case is made of, whatever the way in (open, an import, the
 * API). Strings are borrowed. */
struct case_new {
	const struct plan *plan; /* the plan version it is opened under */
	int64_t account_id;	 /* 0: none */
	/* Its calendar, the first given of: calendar (a name), the default
	 * calendar in zone tz, version cal_ver (an account's), the default
	 * calendar in UTC (catalog_zone_calendar). */
	const char *calendar;
	const char *tz;
	int64_t cal_ver; /* 0: none */
	int severity;	 /* SEV_NONE: general for account-billing */
	int category;
	int channel;
	const char *subject;
	const char *external_id; /* NULL: none */
	int64_t opened_at;
	const unsigned char *uuid; /* 16 bytes, NULL: a new random one */
	int64_t due_at;		   /* CASE_NONE: computed; else kept */
	/* The "opened" event says "ORIGIN: plan P, severity S, ..." (NULL:
	 * "plan P, ..."). */
	const char *origin;
	/* The missing severity is named so: "--severity" (NULL: "severity"). */
	const char *severity_word;
	/* A case the plan refuses now (import --history) is prepared all
	 * the same, with the plan's target for it where it has one. */
	int anyway;
};

/* The longest text of an "opened" event, NUL included. */
#define CASE_OPENED_MAX 256

/*
 * The rules of a new case (docs/domain.md sections 3 and 8,
 * docs/deadlines.md section 2), in this order: the default severity
 * (general for account-billing; any other category needs one), the
 * entitlement check (plan_check_case), the calendar version, the target
 * and clock the plan gives (case_target), the deadline (unless in->due_at
 * is given; refused past 9999-12-31T23:59:59Z) on that calendar loaded
 * through cals (NULL: a cache for this call), and the uuid. Fills *out
 * (strings borrowed from in; rowid, account and plan names unset) and the
 * text of its "opened" event in opened (CASE_OPENED_MAX bytes). Writes
 * nothing but, at most, the default calendar's version.
 *
 * When the plan refuses the case, *refused (may be NULL) is set and err
 * says why: CASES_EINVAL, or with in->anyway CASES_OK and the case
 * prepared all the same.
 */
int case_prepare(struct store *st, const struct case_new *in,
		 struct calcache *cals, struct case_rec *out, char *opened,
		 int *refused, char *err) CASES_MUST_CHECK;

/*
 * The severity-change rule (docs/deadlines.md section 5): c takes
 * severity when plan (the version c was opened under) allows it for c's
 * category (plan_check_severity); until its first response, its target
 * and clock become the plan's for the new severity and due_at is
 * recomputed from opened_at on c's calendar (through cals, NULL: a cache
 * for this call), so elapsed time is kept; after it, they stay. Changes c
 * only, writes nothing; on failure c is unchanged. A refusal sets
 * *refused (may be NULL) with the reason in err: CASES_EINVAL, or with
 * anyway, CASES_OK and the change made all the same.
 */
int case_apply_severity(struct store *st, struct case_rec *c,
			const struct plan *plan, int severity,
			struct calcache *cals, int anyway, int *refused,
			char *err) CASES_MUST_CHECK;

/* The first-response target (seconds; CASE_NONE: none) and *clock that
 * plan gives a case of severity sev and category cat: account-billing
 * takes general's (docs/domain.md 3.4). */
int64_t case_target(const struct plan *plan, int sev, int cat, int *clock);

/* What `cases open` asks for. Strings are borrowed. */
struct case_open_req {
	const char *plan;     /* plan name, or NULL with account */
	const char *account;  /* account name, or NULL */
	const char *calendar; /* calendar name overriding the account's */
	const char *tz;	      /* zone: default hours there, no holidays */
	const char *subject;
	const char *external_id; /* NULL: none */
	int severity;		 /* SEV_NONE: general for account-billing */
	int category;
	int channel;
	int64_t opened_at;
};

/* Open a case: its subject and external id checked, its plan (or its
 * account's) looked up, then case_prepare(), then it and its "opened"
 * event inserted. Fills out (owned). */
int case_open(struct store *st, const struct case_open_req *req,
	      struct case_rec *out, char *err) CASES_MUST_CHECK;

/*
 * Set c->due_at from its opened_at, target and clock (docs/deadlines.md
 * section 2): none without a target, plain elapsed time on the 24x7
 * clock, business time on cal (the case's calendar, needed only for
 * business-hours targets); a deadline past 9999-12-31T23:59:59Z is
 * CASES_EINVAL.
 */
int case_deadline(struct case_rec *c, const struct calendar *cal,
		  char *err) CASES_MUST_CHECK;

/* Find a case by id or unique prefix (>= 8 hex digits). CASES_ENOTFOUND,
 * or CASES_EINVAL for a malformed or ambiguous prefix (matches listed). */
int case_get(struct store *st, const char *id, struct case_rec *out,
	     char *err) CASES_MUST_CHECK;

/* Record the first response at `at` (a later call adds a note event and
 * keeps the first time). *first is set non-zero if this was the first. */
int case_respond(struct store *st, struct case_rec *c, int64_t at,
		 const char *note, int *first, char *err) CASES_MUST_CHECK;
/* The same, the events saying who responded (author: a staff name; NULL:
 * none, as case_respond()). */
int case_respond_by(struct store *st, struct case_rec *c, int64_t at,
		    const char *note, const char *author, int *first,
		    char *err) CASES_MUST_CHECK;

/* Change severity at instant `at`: refused on a resolved case, to the
 * same severity or before the opening, then case_apply_severity(), the
 * case written and a "severity-changed" event added. */
int case_escalate(struct store *st, struct case_rec *c, int severity,
		  int64_t at, char *err) CASES_MUST_CHECK;

int case_resolve(struct store *st, struct case_rec *c, int64_t at,
		 char *err) CASES_MUST_CHECK;
int case_reopen(struct store *st, struct case_rec *c, int64_t at,
		char *err) CASES_MUST_CHECK;

/* Add a free-text note event. */
int case_note(struct store *st, struct case_rec *c, int64_t at,
	      const char *text, char *err) CASES_MUST_CHECK;
/* The same, saying who wrote it (NULL: none, as case_note()). */
int case_note_by(struct store *st, struct case_rec *c, int64_t at,
		 const char *text, const char *author,
		 char *err) CASES_MUST_CHECK;
/* A note from the customer (a communication of a customer's key of
 * `cases serve`): marked as the customer's, submitted_by its author as
 * AWS shows it. */
int case_note_customer(struct store *st, struct case_rec *c, int64_t at,
		       const char *text, const char *submitted_by,
		       char *err) CASES_MUST_CHECK;

/* Assign case c to assignee (a name) at `at`, or unassign it (NULL): the
 * case's assignee set and an "assigned" event added (its detail the new
 * assignee, none for "unassigned"). No deadline changes. CASES_EINVAL for
 * a bad name, a time before the opening, or no change. */
int case_assign(struct store *st, struct case_rec *c, const char *assignee,
		int64_t at, char *err) CASES_MUST_CHECK;

/* Correct c's subject and/or external id (NULL: keep), checked as
 * case_open() checks them: one "edited" event per field changed, its
 * detail "FIELD was: OLD" ("external id was not set"). No deadline
 * changes. CASES_EINVAL when nothing is given or nothing changes. */
int case_edit(struct store *st, struct case_rec *c, const char *subject,
	      const char *external_id, int64_t at, char *err) CASES_MUST_CHECK;

/* Delete case c (opened by mistake) at `at`, by the store handle's
 * author: its events go with it and a line of the deletion log stays
 * (store_case_delete). Its number is never given again; case_get() of it
 * then says when and by whom it was deleted (CASES_ENOTFOUND). */
int case_delete(struct store *st, const struct case_rec *c, int64_t at,
		char *err) CASES_MUST_CHECK;

/*
 * The case c as it stood at instant t (docs/deadlines.md, "Reading the
 * past"), replayed from its events in the order they were recorded,
 * those dated after t left out: a first response, resolution, reopening,
 * recorded breach or warning after t has not happened; the severity is
 * the one the last change at or before t gave (else the one it was
 * opened with), and the target, clock and deadline are those the rules
 * (case_apply_severity) gave it then. Nothing dated after t: c itself.
 * out is an owned copy (case_rec_release). cals: calendars (NULL: a cache
 * for this call). CASES_ENOTFOUND ("case #N was opened after T") when c
 * was opened after t. Every read command's --at goes through here.
 */
int case_as_of(struct store *st, struct calcache *cals,
	       const struct case_rec *c, int64_t t, struct case_rec *out,
	       char *err) CASES_MUST_CHECK;

/* Validate a subject: non-empty, at most CASE_SUBJECT_MAX bytes, UTF-8. */
int case_subject_check(const char *s, char *err) CASES_MUST_CHECK;
/* The same for other text, named `what` in messages ("note"). */
int case_text_check(const char *s, const char *what,
		    char *err) CASES_MUST_CHECK;

/* Validate an external id: a name (case_name_check) called "external
 * id". */
int case_external_id_check(const char *s, char *err) CASES_MUST_CHECK;

/* Validate an account or calendar name: 1..128 bytes of valid UTF-8 with
 * no control characters. `what` names it in the message. */
int case_name_check(const char *s, const char *what,
		    char *err) CASES_MUST_CHECK;

#endif
