/*
 * rank.h - nearest-rank percentiles of a bag of integers, without sorting
 * the bag: the report's median and 90th percentile first-response times
 * (docs/formats.md section 7), per group and per severity.
 *
 * A bag holds its values as 32-bit unsigned integers while they fit (a
 * first response is at or after its case was opened, and 2^32 s is 136
 * years) and widens itself to 64-bit the first time one does not, so a
 * million values cost 4 MB. The k-th smallest is found by selection
 * (three-way quickselect, ties kept together, falling back to a sort of
 * what is left if the partitions keep coming out lopsided): expected
 * linear time, the bag's values reordered.
 */
#ifndef CASES_RANK_H
#define CASES_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "cases/error.h"

struct rank_bag {
	void *v;  /* uint32_t[] or, once wide, int64_t[] */
	size_t n; /* values held */
	size_t cap;
	int wide;
};

/* Add x to b (b zeroed first: no other set-up). CASES_ENOMEM when the
 * bag cannot grow (b is then unchanged). */
int rank_bag_add(struct rank_bag *b, int64_t x) CASES_MUST_CHECK;

/* Free b's values; b is empty and reusable after. */
void rank_bag_release(struct rank_bag *b);

/* The nearest rank, ceil(pct / 100 * n), of percentile pct (1..100) in n
 * values; 0 when n is 0. */
int64_t rank_nearest(int64_t n, int pct);

/* The k-th smallest (1-based, 1 <= k <= n) of v[0..n): v is reordered
 * so that v[k - 1] holds it, none before it is greater and none after
 * it is smaller. */
int64_t rank_select(int64_t *v, size_t n, size_t k);

/* The nearest-rank median and 90th percentile of b's values in
 * *median and *p90, or CASE_NONE (record.h) in both when b is empty.
 * Reorders b's values. */
void rank_median_p90(struct rank_bag *b, int64_t *median, int64_t *p90);

#endif
