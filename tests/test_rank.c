/*
 * test_rank.c - nearest-rank percentiles by selection (rank.c): every k
 * of many arrays against a sorted copy, the shapes that defeat a naive
 * quickselect, and the bag's median and 90th percentile at the edges.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cases/rank.h"
#include "cases/record.h"

static int
cmp64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

/* A small deterministic generator (xorshift), so a failure repeats. */
static uint64_t seed = 0x9e3779b97f4a7c15ULL;

static uint64_t
next(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

/* Check rank_select() for every k of v[0..n) against a sorted copy, and
 * that it leaves v partitioned around the k-th. */
static void
check_every_k(const int64_t *v, size_t n, const char *what)
{
	int64_t *sorted = malloc(n * sizeof(*sorted));
	int64_t *w = malloc(n * sizeof(*w));

	cr_assert(sorted && w);
	memcpy(sorted, v, n * sizeof(*v));
	qsort(sorted, n, sizeof(*sorted), cmp64);
	for (size_t k = 1; k <= n; k++) {
		int64_t got;

		memcpy(w, v, n * sizeof(*v));
		got = rank_select(w, n, k);
		cr_assert_eq(got, sorted[k - 1],
			     "%s n=%zu k=%zu: %lld, not %lld", what, n, k,
			     (long long)got, (long long)sorted[k - 1]);
		cr_assert_eq(w[k - 1], got, "%s n=%zu k=%zu", what, n, k);
		for (size_t i = 0; i < k - 1; i++)
			cr_assert_leq(w[i], got, "%s n=%zu k=%zu", what, n, k);
		for (size_t i = k; i < n; i++)
			cr_assert_geq(w[i], got, "%s n=%zu k=%zu", what, n, k);
		qsort(w, n, sizeof(*w), cmp64);
		cr_assert_arr_eq(w, sorted, n * sizeof(*w),
				 "%s: values lost or made up", what);
	}
	free(sorted);
	free(w);
}

Test(rank, nearest_rank)
{
	cr_assert_eq(rank_nearest(0, 50), 0);
	cr_assert_eq(rank_nearest(1, 50), 1);
	cr_assert_eq(rank_nearest(1, 90), 1);
	cr_assert_eq(rank_nearest(2, 50), 1);
	cr_assert_eq(rank_nearest(2, 90), 2);
	cr_assert_eq(rank_nearest(3, 50), 2);
	cr_assert_eq(rank_nearest(4, 50), 2);
	cr_assert_eq(rank_nearest(10, 90), 9);
	cr_assert_eq(rank_nearest(11, 90), 10);
	cr_assert_eq(rank_nearest(20, 90), 18);
	cr_assert_eq(rank_nearest(21, 90), 19);
	cr_assert_eq(rank_nearest(1000000, 90), 900000);
	cr_assert_eq(rank_nearest(1000001, 90), 900001);
}

Test(rank, select_random_arrays)
{
	int64_t v[130];

	for (size_t n = 1; n <= 130; n += (n < 20 ? 1 : 11)) {
		for (int round = 0; round < 4; round++) {
			/* round 0, 1: wide values; 2: three distinct; 3:
			 * negative and huge mixed in. */
			for (size_t i = 0; i < n; i++) {
				uint64_t r = next();
				if (round < 2)
					v[i] = (int64_t)(r % 100000);
				else if (round == 2)
					v[i] = (int64_t)(r % 3) * 60;
				else
					v[i] = (r & 1) ? -(int64_t)(r >> 40)
						       : (int64_t)(r >> 2);
			}
			check_every_k(v, n, "random");
		}
	}
}

Test(rank, select_shapes)
{
	enum { N = 257 };
	int64_t v[N];

	for (size_t i = 0; i < N; i++)
		v[i] = (int64_t)i;
	check_every_k(v, N, "ascending");
	for (size_t i = 0; i < N; i++)
		v[i] = (int64_t)(N - i);
	check_every_k(v, N, "descending");
	for (size_t i = 0; i < N; i++)
		v[i] = 42;
	check_every_k(v, N, "all equal");
	for (size_t i = 0; i < N; i++)
		v[i] = (int64_t)(i < N / 2 ? i : N - i);
	check_every_k(v, N, "organ pipe");
	for (size_t i = 0; i < N; i++)
		v[i] = (int64_t)(i % 2 ? INT64_MAX : INT64_MIN);
	check_every_k(v, N, "extremes");
}

/* Many equal values among few distinct ones, large: three-way
 * partitioning keeps this linear (a two-way quickselect would slow down
 * to quadratic on all-equal input). */
Test(rank, select_many_ties_large)
{
	enum { N = 2000000 };
	int64_t *v = malloc(N * sizeof(*v));

	cr_assert_not_null(v);
	for (size_t i = 0; i < N; i++)
		v[i] = 7;
	cr_assert_eq(rank_select(v, N, N / 2), 7);
	for (size_t i = 0; i < N; i++)
		v[i] = (int64_t)(i % 4);
	cr_assert_eq(rank_select(v, N, N / 2), 1);
	cr_assert_eq(rank_select(v, N, N), 3);
	cr_assert_eq(rank_select(v, N, 1), 0);
	free(v);
}

static void
bag_of(struct rank_bag *b, const int64_t *v, size_t n)
{
	memset(b, 0, sizeof(*b));
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(rank_bag_add(b, v[i]), CASES_OK);
	cr_assert_eq(b->n, n);
}

static void
expect(const int64_t *v, size_t n, int64_t median, int64_t p90)
{
	struct rank_bag b;
	int64_t m = -1, p = -1;

	bag_of(&b, v, n);
	rank_median_p90(&b, &m, &p);
	cr_assert_eq(m, median, "n=%zu: median %lld, not %lld", n, (long long)m,
		     (long long)median);
	cr_assert_eq(p, p90, "n=%zu: p90 %lld, not %lld", n, (long long)p,
		     (long long)p90);
	rank_bag_release(&b);
	cr_assert_eq(b.n, 0);
	cr_assert_null(b.v);
}

Test(rank, median_p90_edges)
{
	static const int64_t one[] = { 600 };
	static const int64_t two[] = { 900, 300 };
	static const int64_t four[] = { 40, 10, 30, 20 };
	static const int64_t ten[] = {
		100, 90, 80, 70, 60, 50, 40, 30, 20, 10
	};
	static const int64_t ties[] = { 60, 60, 60, 30, 60, 90, 60, 60 };

	expect(NULL, 0, CASE_NONE, CASE_NONE);
	expect(one, 1, 600, 600);
	/* Two: the median is the 1st (the smaller), p90 the 2nd. */
	expect(two, 2, 300, 900);
	/* Even counts take the lower middle: the 2nd of 4. */
	expect(four, 4, 20, 40);
	/* p90 of 10 is the 9th, the median the 5th. */
	expect(ten, 10, 50, 90);
	/* Ties: 30 60 60 60 60 60 60 90: the 4th and the 8th. */
	expect(ties, 8, 60, 90);
}

/* The bag keeps 32 bits a value until one does not fit, then widens
 * without losing the values it held. */
Test(rank, bag_widens)
{
	struct rank_bag b = { 0 };
	int64_t m, p;

	for (int64_t i = 1; i <= 1000; i++)
		cr_assert_eq(rank_bag_add(&b, i), CASES_OK);
	cr_assert_eq(b.wide, 0);
	cr_assert_eq(rank_bag_add(&b, (int64_t)UINT32_MAX), CASES_OK);
	cr_assert_eq(b.wide, 0);
	cr_assert_eq(rank_bag_add(&b, (int64_t)UINT32_MAX + 1), CASES_OK);
	cr_assert_eq(b.wide, 1);
	cr_assert_eq(rank_bag_add(&b, -5), CASES_OK);
	cr_assert_eq(b.n, 1003);
	/* -5 1 2 ... 1000 2^32-1 2^32: the 502nd is 501, the 903rd 902. */
	rank_median_p90(&b, &m, &p);
	cr_assert_eq(m, 501);
	cr_assert_eq(p, 902);
	rank_bag_release(&b);

	/* Negative first: wide from the start. */
	cr_assert_eq(rank_bag_add(&b, -1), CASES_OK);
	cr_assert_eq(rank_bag_add(&b, 3), CASES_OK);
	rank_median_p90(&b, &m, &p);
	cr_assert_eq(m, -1);
	cr_assert_eq(p, 3);
	rank_bag_release(&b);
}

/* The 32-bit path and the 64-bit path agree with a sort on large random
 * bags (the sizes a report meets). */
Test(rank, bag_matches_sort)
{
	enum { N = 100001 };
	int64_t *v = malloc(N * sizeof(*v));
	struct rank_bag b;
	int64_t m, p;

	cr_assert_not_null(v);
	for (int wide = 0; wide < 2; wide++) {
		for (size_t i = 0; i < N; i++)
			v[i] = (int64_t)(next() % 500000) - (wide ? 1000 : 0);
		bag_of(&b, v, N);
		cr_assert_eq(b.wide, wide);
		rank_median_p90(&b, &m, &p);
		qsort(v, N, sizeof(*v), cmp64);
		cr_assert_eq(m, v[rank_nearest(N, 50) - 1]);
		cr_assert_eq(p, v[rank_nearest(N, 90) - 1]);
		rank_bag_release(&b);
	}
	free(v);
}
