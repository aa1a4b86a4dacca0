/*
 * import_priv.h - what the importers share: import.c (JSON lines and CSV)
 * and import_aws.c (AWS Support's describe-cases JSON). The importer and
 * its caches of plans, accounts and calendars, the case to import, the
 * checks every importer applies and the insert. Private to src/.
 */
#ifndef CASES_IMPORT_PRIV_H
#define CASES_IMPORT_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "cases/calcache.h"
#include "cases/case.h"
#include "cases/error.h"
#include "cases/import.h"
#include "cases/plan.h"
#include "cases/store.h"

struct plan_entry {
	char *key; /* the name as written in the input */
	struct plan p;
};

struct acct_entry {
	char *name;
	int64_t id;
	int64_t cal_ver;
	const char *plan; /* borrowed from the store's name cache */
};

struct importer {
	struct store *st;
	const struct import_req *req;
	struct import_stats *stats;
	struct plan_entry *plans;
	size_t nplans;
	struct acct_entry *accts; /* open addressing by name */
	size_t nacct, acct_slots;
	struct calcache cals;
	int64_t utc_ver;
	struct store_batch *batch; /* jsonl, csv: rows written in batches */
	int64_t failed;		   /* the line of a row the batch refused */
};

/* A case to import, its text already parsed. Strings borrowed. */
struct import_case {
	int has_uuid;
	unsigned char uuid[16];
	int64_t number; /* the case number to keep, 0: the next one */
	const char *external_id;
	const char *account;
	const char *plan;
	int severity; /* SEV_NONE: general for account-billing */
	int category;
	int channel;
	int status; /* -1: not given */
	int64_t opened_at;
	int64_t due_at; /* CASE_NONE: compute */
	int64_t first_response_at;
	int64_t resolved_at;
	int64_t breached_at;
	const char *subject;
	const char *assignee; /* NULL: nobody */
	const char *origin;   /* the opened event's detail begins with it */
	int anyway;	      /* the plan need not allow it (aws --history): its
		       target, if the plan has one, else none */
};

/* The plan named name (as written), or the account, from the store once
 * and then from the importer's cache; NULL with *rc and err set when it is
 * unknown (CASES_ENOTFOUND) or on failure. Borrowed from the cache. */
const struct plan *import_plan_get(struct importer *im, const char *name,
				   char *err, int *rc);
const struct acct_entry *import_acct_get(struct importer *im, const char *name,
					 char *err, int *rc);

/* Defaults: no severity, technical, console, every time absent. */
void import_case_init(struct import_case *ic);

/* CASES_EINVAL "WHAT T is before opened_at O" when t (if set) < opened. */
int import_not_before(const char *what, int64_t t, int64_t opened,
		      char *err) CASES_MUST_CHECK;

/* Validate ic against the plans and accounts, prepare it (case_prepare,
 * with *refused as there) and check what an import adds: times not
 * before the opening, the status matching them, a given due_at or
 * breached_at only with a target. Fills *c (strings borrowed from ic)
 * and the text of its "opened" event (CASE_OPENED_MAX bytes). */
int import_prepare(struct importer *im, const struct import_case *ic,
		   struct case_rec *c, char *opened, int *refused,
		   char *err) CASES_MUST_CHECK;
/* Insert a prepared case with its events (through im->batch when set;
 * tag is the batch's tag of the row). Counts it in im->stats->added. */
int import_write(struct importer *im, struct case_rec *c, const char *opened,
		 int64_t tag, char *err) CASES_MUST_CHECK;
/* import_prepare(), then import_write(). */
int import_insert(struct importer *im, const struct import_case *ic,
		  int64_t tag, char *err) CASES_MUST_CHECK;

/* An external id: 1 to 256 bytes of UTF-8 without control characters. */
int import_check_external_id(const char *s, char *err) CASES_MUST_CHECK;

/* An instant of an import: RFC 3339 with Z or an offset, or @UNIX; never
 * a local time. field names it in the message. */
int import_parse_time(const char *field, const char *s, int64_t *out,
		      char *err) CASES_MUST_CHECK;

/* A name from the input (its first 64 bytes of len), safe to quote in a
 * one-line message: control characters become '?'. */
void import_quote_name(const char *s, size_t len, char *buf, size_t size);

/* The AWS importer (import_aws.c): req->in into the transaction. */
int import_aws_run(struct importer *im, char *err) CASES_MUST_CHECK;

#endif
