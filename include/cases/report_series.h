/*
 * report_series.h - the numbers behind the pictures of `cases report
 * --format html` (docs/formats.md section 7): compliance over time per
 * group, first-response median and 90th percentile per severity beside
 * its target, breaches over time per severity, and the breached cases.
 * Gathered in the report's own passes (report_run_hooked()): the period is
 * scanned once.
 */
#ifndef CASES_REPORT_SERIES_H
#define CASES_REPORT_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "cases/error.h"
#include "cases/plan.h"
#include "cases/rank.h"
#include "cases/report.h"
#include "cases/store.h"
#include "cases/tz.h"

/* The breached cases listed at most; the rest are counted. */
#define REPORT_BREACH_LIST_MAX 1000

/* A period shorter than this many days is drawn per day, else per week. */
#define REPORT_DAILY_DAYS 31

/* One group's met and breached cases per bucket (a case falls in the
 * bucket it was opened in). */
struct report_series_group {
	int64_t key; /* as struct report_row's */
	int64_t opened;
	int64_t *met, *breached; /* nbuckets each */
};

/* First-response times of the answered cases with a target of one
 * severity whose plans set one target for it: the current target of the
 * case's plan (0 when the plan no longer allows the severity). */
struct report_frt {
	int severity;
	int64_t target_s;
	int64_t answered;
	int64_t median_s, p90_s; /* nearest rank; CASE_NONE if none */
	struct rank_bag times;	 /* private to the pass */
};

/* A breached case. late_s: how late its first response was, or its
 * resolution without one, or (still open) how overdue it is at the
 * report's instant; 0 for a recorded breach answered in time after the
 * deadline moved. */
struct report_breach {
	int64_t id; /* the rowid, the number people see */
	int64_t account_id;
	int64_t opened_at, due_at, first_response_at; /* CASE_NONE: none */
	int64_t late_s;
	int severity;
	int open; /* neither answered nor resolved */
	unsigned char uuid[16];
	char *subject; /* owned by the series */
};

struct report_series {
	int per_day;	     /* buckets are days (1) or weeks from Monday */
	size_t nbuckets;     /* 0 when the period has no case */
	int64_t *bucket_day; /* local day number each bucket starts on */
	int64_t first, last; /* first and last opened_at of the period */
	struct report_series_group *groups; /* sorted by key */
	size_t ngroups;
	int64_t *total_met, *total_breached; /* per bucket, every group */
	int64_t (*breaches)[SEV_COUNT];	     /* per bucket and severity */
	struct report_frt *frt;		     /* by severity, then target */
	size_t nfrt;
	struct report_breach *breached; /* in opened order */
	size_t nbreached;		/* at most REPORT_BREACH_LIST_MAX */
	int64_t breached_total;
};

/*
 * Run the report req (rows to fn as report_run() does) and fill *out with
 * its series, buckets in zone's days and weeks (weeks begin on Monday;
 * days when the period, [since, until) or else the first to the last case
 * opened, is under REPORT_DAILY_DAYS days). *out is the caller's, to be
 * released with report_series_release() whatever this returns. Errors as
 * report_run().
 */
int report_series_run(struct store *st, const struct report_req *req,
		      const struct tz *zone, struct report_series *out,
		      int (*fn)(void *arg, const struct report_row *r),
		      void *arg, char *err) CASES_MUST_CHECK;

/* The group of s with key, NULL if none. */
const struct report_series_group *
report_series_group(const struct report_series *s, int64_t key);

/* Free what report_series_run() allocated in s, and zero it. */
void report_series_release(struct report_series *s);

#endif
