/*
 * bulk.h - many cases at once (SPEC §3): the first-response compliance
 * report, and the import of JSON lines, CSV and the JSON of AWS Support's
 * `describe-cases`.
 *
 * The rules live here; the SQL is the store's (store_bulk.c). Imports run
 * inside the caller's write transaction and stop at the first invalid
 * record: the caller rolls back, so an import is all or nothing.
 */
#ifndef CASES_BULK_H
#define CASES_BULK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cases/store.h"

/* ---- report ---- */

/* What a case counts as in a report at an instant (SPEC §3). */
enum bulk_outcome {
	BULK_UNTARGETED = 0, /* no target: counts in opened, responded only */
	BULK_MET,	     /* answered at or before due_at, no breach */
	BULK_BREACHED,	     /* late, overdue, recorded breach, or resolved
				late without a response */
	BULK_PENDING,	     /* unanswered, unresolved, not yet due */
	BULK_NEITHER,	     /* resolved unanswered by its deadline */
};

/* The outcome of c at instant `at`. A recorded breach (breached_at) wins
 * over everything else; a first response at due_at meets the target;
 * an unanswered case is overdue when at > due_at. */
int bulk_report_outcome(const struct report_case *c, int64_t at);

/* The nearest rank, ceil(pct / 100 * n), of percentile pct (1..100) in n
 * values; 0 when n is 0. */
int64_t bulk_nearest_rank(int64_t n, int pct);

/* One row of the report. */
struct bulk_report_row {
	int total;	  /* the last row: every case of the period */
	int64_t key;	  /* plan id, severity rank or account id (0: none) */
	int64_t opened;
	int64_t responded; /* with a first response, with or without target */
	int64_t met;
	int64_t breached;
	int64_t pending;
	int64_t answered; /* with a first response and a target */
	int64_t median_s; /* CASE_NONE when answered is 0 */
	int64_t p90_s;
};

/* met / (met + breached) * 100 in *pct, truncated to one decimal (so
 * 100.0 means no breach at all); returns 0 (and leaves *pct) when both are
 * 0, else 1. */
int bulk_report_compliance(const struct bulk_report_row *r, double *pct);

struct bulk_report_req {
	int by;	       /* enum store_group */
	int64_t since; /* cases opened at or after (INT64_MIN: no bound) */
	int64_t until; /* ... and before (INT64_MAX: no bound) */
	int64_t at;    /* the instant "overdue" is judged at */
};

/* Parse plan|severity|account into an enum store_group. */
int bulk_group_parse(const char *s, int *by, char *err);

/*
 * The report: one row per group that has cases opened in the period —
 * plans by id, severities by rank, accounts by name with "no account"
 * last — then the total row. Counts come from one scan of the covering
 * cases_report index; each median and 90th percentile from stepping a
 * cases_frt_* index from one end to its rank. fn returns non-zero to stop.
 */
int bulk_report(struct store *st, const struct bulk_report_req *req,
		int (*fn)(void *arg, const struct bulk_report_row *r),
		void *arg, char *err);

/* ---- CSV (RFC 4180) ---- */

/*
 * A strict, streaming RFC 4180 reader: fields separated by commas, records
 * by CRLF or LF; a field may be quoted, and then holds commas, doubled
 * quotes, CR and LF. Rejected: a quote inside an unquoted field, anything
 * but a comma or a line end after a closing quote, a CR not followed by
 * LF outside quotes, an unterminated quoted field, NUL bytes, records
 * longer than the limit. Empty lines are skipped; a UTF-8 byte order mark
 * at the start is ignored. Memory is bounded by the record limit.
 */
struct bulk_csv;

#define BULK_CSV_MAXFIELDS 64

/* A reader of f, records at most max_record bytes. NULL on ENOMEM. */
struct bulk_csv *bulk_csv_new(FILE *f, size_t max_record);
void bulk_csv_free(struct bulk_csv *r);

/* The next record: *n fields (0 at the end of the input), fields[i] of
 * lens[i] bytes, NUL-terminated, borrowed until the next call; *line is
 * the line the record starts on. CASES_EINVAL names the line and the
 * problem; CASES_EIO when reading fails. */
int bulk_csv_next(struct bulk_csv *r, const char *const **fields,
		  const size_t **lens, size_t *n, int64_t *line, char *err);

/* ---- import ---- */

enum bulk_format {
	BULK_JSONL = 0,
	BULK_CSV,
	BULK_AWS,
};

/* Longest JSON line or CSV record accepted. */
#define BULK_RECORD_MAX (1024 * 1024)
/* Largest describe-cases document accepted. */
#define BULK_AWS_MAX (256L * 1024 * 1024)
/* Whose communications are AWS's own (SPEC §3): AWS documents that its
 * support staff's entries say this. */
#define BULK_AWS_STAFF "Amazon Web Services"

struct bulk_import_req {
	int format;	     /* enum bulk_format */
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
				   BULK_AWS_STAFF */
	/* aws: called with each warning, one line without "cases: " and
	 * with control characters shown as '?', as the import goes on (it
	 * may still fail later); NULL: no warnings */
	void (*warn)(void *arg, const char *msg);
	void *warn_arg;
};

struct bulk_import_stats {
	int64_t added;
	int64_t updated;   /* aws: existing cases that changed */
	int64_t unchanged; /* aws: existing cases left as they were */
};

/*
 * Import every record of req->in into the open write transaction.
 * jsonl and csv: the `list` record formats (SPEC §3); every row becomes a
 * new case keeping its id (or a new one when absent) and due_at (computed
 * when absent), with the events "opened", and "responded", "breached",
 * "resolved" at those times where set, in time order (none of them
 * pending a hook). aws: see SPEC §3; a case whose caseId is known is
 * updated instead. The first invalid record stops the import with
 * CASES_EINVAL and "line N: reason" (aws: "cases[N]: reason") in err;
 * CASES_EIO when reading fails; CASES_ENOTFOUND for an unknown req->plan
 * or req->account.
 */
int bulk_import(struct store *st, const struct bulk_import_req *req,
		struct bulk_import_stats *stats, char *err);

#endif
