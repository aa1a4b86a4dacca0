/*
 * suggest.c - "did you mean": the valid name nearest a mistyped one.
 * See suggest.h for the distance and when a candidate is near enough.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cases/suggest.h"

#define FAR 1000 /* larger than any distance */

static int
lower(char c)
{
	return tolower((unsigned char)c);
}

int
suggest_distance(const char *a, const char *b)
{
	/* Rows i-2, i-1 and i of the dynamic programme, rotated. */
	int buf[3][SUGGEST_MAX], *two = buf[0], *one = buf[1], *cur = buf[2];
	size_t n = strlen(a), m = strlen(b), i, j;

	if (n >= SUGGEST_MAX || m >= SUGGEST_MAX)
		return -1;
	for (j = 0; j <= m; j++)
		one[j] = (int)j;
	for (i = 1; i <= n; i++) {
		int *t;

		cur[0] = (int)i;
		for (j = 1; j <= m; j++) {
			int d = one[j - 1]
				+ (lower(a[i - 1]) != lower(b[j - 1]));

			if (one[j] + 1 < d)
				d = one[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			/* A swap of two neighbours. */
			if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2])
			    && lower(a[i - 2]) == lower(b[j - 1])
			    && two[j - 2] + 1 < d)
				d = two[j - 2] + 1;
			cur[j] = d;
		}
		t = two;
		two = one;
		one = cur;
		cur = t;
	}
	return one[m];
}

/* The most edits a word of len characters may be from what it meant. */
static int
allowed(size_t len)
{
	return len <= 4 ? 1 : len <= 8 ? 2 : 3;
}

void
suggest_init(struct suggest *sg, const char *word)
{
	sg->word = word;
	sg->best[0] = '\0';
	sg->dist = FAR;
}

void
suggest_add(struct suggest *sg, const char *candidate)
{
	int d = suggest_distance(sg->word, candidate);
	size_t len = strlen(candidate);

	if (d < 0 || d >= sg->dist)
		return;
	sg->dist = d;
	memcpy(sg->best, candidate, len + 1);
}

/* Whether a candidate at distance d is near enough to offer for word. */
static int
near_enough(const char *word, const char *cand, int d)
{
	size_t len = strlen(word);

	if (d == 0)
		return strcmp(word, cand) != 0; /* only the case differs */
	/* Not too far for its length, and something in common. */
	return d <= allowed(len) && (size_t)d < len && (size_t)d < strlen(cand);
}

const char *
suggest_best(const struct suggest *sg)
{
	if (sg->dist == FAR || !near_enough(sg->word, sg->best, sg->dist))
		return NULL;
	return sg->best;
}

const char *
suggest_nearest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	int best_d = FAR;
	size_t i;

	for (i = 0; i < n; i++) {
		int d = suggest_distance(word, names[i]);

		if (d >= 0 && d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	return best && near_enough(word, best, best_d) ? best : NULL;
}

const char *
suggest_phrase(const char *near, char *buf)
{
	if (!near)
		return "";
	snprintf(buf, SUGGEST_PHRASE_MAX, "did you mean '%s'? ", near);
	return buf;
}
