/*
 * report.h - the first-response compliance report (docs/formats.md
 * section 7): per plan, severity or account, the cases opened in a period,
 * how many met or breached their target, and the median and 90th
 * percentile first-response times. The SQL is the store's (store_bulk.c).
 */
#ifndef CASES_REPORT_H
#define CASES_REPORT_H

#include <stdint.h>

#include "cases/error.h"
#include "cases/store.h"

/* What a case counts as in a report at an instant (docs/formats.md 7). */
enum report_outcome {
	REPORT_UNTARGETED = 0, /* no target: counts in opened, responded
				  only */
	REPORT_MET,	       /* answered at or before due_at, no breach */
	REPORT_BREACHED,       /* late, overdue, recorded breach, or
				  resolved late without a response */
	REPORT_PENDING,	       /* unanswered, unresolved, not yet due */
	REPORT_NEITHER,	       /* resolved unanswered by its deadline */
};

/* The outcome of c at instant `at`. A recorded breach (breached_at) wins
 * over everything else; a first response at due_at meets the target;
 * an unanswered case is overdue when at > due_at. */
int report_case_outcome(const struct report_case *c, int64_t at);

/* One row of the report. */
struct report_row {
	int total;   /* the last row: every case of the period */
	int64_t key; /* plan id, severity rank or account id (0: none) */
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
int report_compliance(const struct report_row *r, double *pct);

struct report_req {
	int by;	       /* enum store_group */
	int64_t since; /* cases opened at or after (INT64_MIN: no bound) */
	int64_t until; /* ... and before (INT64_MAX: no bound) */
	int64_t at;    /* the instant "overdue" is judged at */
	int past;      /* the facts too, as they stood at `at`: see
			  report_req_past() */
};

/*
 * Make req a report of the past (docs/deadlines.md "Reading the past"):
 * only the cases opened at or before req->at (until is brought down to
 * req->at + 1), each counted with the facts it had at req->at: a
 * response, resolution, breach or severity change dated later has not
 * happened (case_as_of()). For a read at an earlier --at when something
 * is dated after it; a report of the present is left as it is.
 */
void report_req_past(struct report_req *req);

/* Parse plan|severity|account into an enum store_group. */
int report_group_parse(const char *s, int *by, char *err) CASES_MUST_CHECK;

/*
 * The report: one row per group that has cases opened in the period —
 * plans by id, severities by rank, accounts by name with "no account"
 * last — then the total row. One scan of the covering cases_report index
 * counts the cases and gathers the answered ones' first-response times;
 * each median and 90th percentile is selected from those (rank.h), no
 * sort. fn returns non-zero to stop (that value is returned).
 */
int report_run(struct store *st, const struct report_req *req,
	       int (*fn)(void *arg, const struct report_row *r), void *arg,
	       char *err) CASES_MUST_CHECK;

/*
 * What report_run_hooked() shows a companion (report_series.c) in the same
 * scan: every case, with every field of struct report_case filled, its
 * outcome and the index of its group (groups are numbered in the order
 * they are first met). scan returns CASES_OK or a status that stops the
 * report (and is returned).
 */
struct report_hook {
	void *arg;
	int (*scan)(void *arg, const struct report_case *c, int outcome,
		    size_t group);
};

/* report_run(), showing hook (NULL: none) the cases it reads. */
int report_run_hooked(struct store *st, const struct report_req *req,
		      const struct report_hook *hook,
		      int (*fn)(void *arg, const struct report_row *r),
		      void *arg, char *err) CASES_MUST_CHECK;

#endif
