/*
 * import.h - cases in (docs/formats.md section 8): JSON lines and CSV in
 * the `list` record formats (what `export` writes), and the JSON of AWS
 * Support's `describe-cases`.
 *
 * The rules of a new case are case.c's (case_prepare); the SQL is the
 * store's (store_bulk.c). An import runs inside the caller's write
 * transaction and stops at the first invalid record: the caller rolls
 * back, so an import is all or nothing.
 */
#ifndef CASES_IMPORT_H
#define CASES_IMPORT_H

#include <stdint.h>
#include <stdio.h>

#include "cases/error.h"

struct store;

enum import_format {
	IMPORT_JSONL = 0,
	IMPORT_CSV,
	IMPORT_AWS,
};

/* Longest JSON line or CSV record accepted. */
#define IMPORT_RECORD_MAX (1024 * 1024)
/* Largest describe-cases document accepted. */
#define IMPORT_AWS_MAX (256L * 1024 * 1024)
/* Whose communications are AWS's own (docs/formats.md section 8): AWS
 * documents that its support staff's entries say this. */
#define IMPORT_AWS_STAFF "Amazon Web Services"

struct import_req {
	int format; /* enum import_format */
	FILE *in;
	const char *plan;    /* aws: the plan of new cases, or */
	const char *account; /* aws: their account */
	int64_t now;	     /* the instant of severity-changed and reopened
				events written by an aws re-import */
	int history; /* aws: import the cases that the plan does not allow
			now (severities of a plan the account had before),
			with the plan's target where it has one, else none,
			each with a warning; 0: they are errors */
	const char *staff_name; /* aws: the submittedBy of the support side's
				   communications (compared without regard
				   to case and surrounding space); NULL for
				   IMPORT_AWS_STAFF */
	/* aws: called with each warning, one line without "cases: " and
	 * with control characters shown as '?', as the import goes on (it
	 * may still fail later); NULL: no warnings */
	void (*warn)(void *arg, const char *msg);
	void *warn_arg;
};

struct import_stats {
	int64_t added;
	int64_t updated;   /* aws: existing cases that changed */
	int64_t unchanged; /* aws: existing cases left as they were */
};

/*
 * Import every record of req->in into the open write transaction.
 * jsonl and csv: the `list` record formats; every row becomes a new case
 * keeping its id (or a new one when absent) and due_at (computed when
 * absent), with the events "opened", and "responded", "breached",
 * "resolved" at those times where set, in time order (none of them
 * pending a hook). aws: see docs/formats.md section 8; a case whose
 * caseId is known is updated instead. The first invalid record stops the
 * import with CASES_EINVAL and "line N: reason" (aws: "cases[N]: reason")
 * in err; CASES_EIO when reading fails; CASES_ENOTFOUND for an unknown
 * req->plan or req->account.
 */
int import_run(struct store *st, const struct import_req *req,
	       struct import_stats *stats, char *err) CASES_MUST_CHECK;

/*
 * Set the connection st up for a big import, outside any transaction and
 * before the import's write transaction begins (the journal setting is
 * read at BEGIN): a bounded page cache (64 MiB) that holds the hot index
 * pages, and the statement journals of the batches in memory. Memory
 * stays about the same whatever the size of the input.
 */
#define IMPORT_CACHE_KIB 65536
int import_tune(struct store *st, char *err) CASES_MUST_CHECK;

#endif
