/*
 * rank.c - nearest-rank percentiles by selection (see rank.h): the one
 * place the report and its pictures find a median and a 90th percentile.
 */
#include <stdlib.h>
#include <string.h>

#include "cases/rank.h"
#include "cases/record.h"

#define SMALL 16 /* ranges this short are finished by insertion sort */

/*
 * SELECT_FN(name, T) defines T name(T *v, size_t n, size_t k): the k-th
 * smallest (0-based) of v[0..n), left at v[k]. Three-way quickselect
 * (Dijkstra's partition: less, equal, greater), the pivot the median of
 * the range's first, middle and last values, so that sorted, reversed and
 * all-equal input stay linear; after 2 log2(n) + 8 rounds the range left
 * is sorted instead (qsort), so no input makes it quadratic.
 */
#define SELECT_FN(name, cmp, T)                                                \
	static int cmp(const void *x, const void *y)                           \
	{                                                                      \
		T a = *(const T *)x, b = *(const T *)y;                        \
		return (a > b) - (a < b);                                      \
	}                                                                      \
                                                                               \
	static T name(T *v, size_t n, size_t k)                                \
	{                                                                      \
		size_t lo = 0, hi = n;                                         \
		int budget = 8;                                                \
                                                                               \
		for (size_t m = n; m > 1; m >>= 1)                             \
			budget += 2;                                           \
		while (hi - lo > SMALL) {                                      \
			size_t lt = lo, i = lo, gt = hi;                       \
			T a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi - 1]; \
			T p, t;                                                \
			if (budget-- == 0) {                                   \
				qsort(v + lo, hi - lo, sizeof(*v), cmp);       \
				return v[k];                                   \
			}                                                      \
			p = a < b ? (b < c ? b : (a < c ? c : a))              \
				  : (a < c ? a : (b < c ? c : b));             \
			while (i < gt) {                                       \
				if (v[i] < p) {                                \
					t = v[i];                              \
					v[i++] = v[lt];                        \
					v[lt++] = t;                           \
				} else if (v[i] > p) {                         \
					t = v[i];                              \
					v[i] = v[--gt];                        \
					v[gt] = t;                             \
				} else {                                       \
					i++;                                   \
				}                                              \
			}                                                      \
			if (k < lt)                                            \
				hi = lt;                                       \
			else if (k >= gt)                                      \
				lo = gt;                                       \
			else                                                   \
				return p;                                      \
		}                                                              \
		for (size_t i = lo + 1; i < hi; i++) {                         \
			T x = v[i];                                            \
			size_t j = i;                                          \
			for (; j > lo && v[j - 1] > x; j--)                    \
				v[j] = v[j - 1];                               \
			v[j] = x;                                              \
		}                                                              \
		return v[k];                                                   \
	}

SELECT_FN(select64, cmp64, int64_t)
SELECT_FN(select32, cmp32, uint32_t)

int64_t
rank_select(int64_t *v, size_t n, size_t k)
{
	return select64(v, n, k - 1);
}

int64_t
rank_nearest(int64_t n, int pct)
{
	if (n <= 0)
		return 0;
	return (n * pct + 99) / 100;
}

/* Hold every value as int64_t from now on. */
static int
widen(struct rank_bag *b)
{
	size_t cap = b->cap ? b->cap : 64;
	int64_t *w = realloc(b->v, cap * sizeof(*w));

	if (!w)
		return CASES_ENOMEM;
	/* Backwards: each wide slot covers narrow ones not read yet. */
	for (size_t i = b->n; i-- > 0;)
		w[i] = ((uint32_t *)(void *)w)[i];
	b->v = w;
	b->cap = cap;
	b->wide = 1;
	return CASES_OK;
}

int
rank_bag_add(struct rank_bag *b, int64_t x)
{
	int narrow = x >= 0 && x <= (int64_t)UINT32_MAX;

	if (!narrow && !b->wide && widen(b) != CASES_OK)
		return CASES_ENOMEM;
	if (b->n == b->cap) {
		size_t size = b->wide ? sizeof(int64_t) : sizeof(uint32_t);
		size_t cap = b->cap ? b->cap * 2 : 64;
		void *v;
		if (cap > SIZE_MAX / size)
			return CASES_ENOMEM;
		v = realloc(b->v, cap * size);
		if (!v)
			return CASES_ENOMEM;
		b->v = v;
		b->cap = cap;
	}
	if (b->wide)
		((int64_t *)b->v)[b->n++] = x;
	else
		((uint32_t *)b->v)[b->n++] = (uint32_t)x;
	return CASES_OK;
}

void
rank_bag_release(struct rank_bag *b)
{
	free(b->v);
	memset(b, 0, sizeof(*b));
}

void
rank_median_p90(struct rank_bag *b, int64_t *median, int64_t *p90)
{
	size_t r50, r90;

	*median = *p90 = CASE_NONE;
	if (!b->n)
		return;
	r50 = (size_t)rank_nearest((int64_t)b->n, 50);
	r90 = (size_t)rank_nearest((int64_t)b->n, 90);
	/* The median first: everything after it is no smaller, so the 90th
	 * percentile is found in that part alone. */
	if (b->wide) {
		int64_t *v = b->v;
		*median = select64(v, b->n, r50 - 1);
		*p90 = select64(v + r50 - 1, b->n - r50 + 1, r90 - r50);
	} else {
		uint32_t *v = b->v;
		*median = select32(v, b->n, r50 - 1);
		*p90 = select32(v + r50 - 1, b->n - r50 + 1, r90 - r50);
	}
}
