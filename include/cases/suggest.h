/*
 * suggest.h - "did you mean": the valid name nearest a mistyped one.
 *
 * Pure. The distance is the optimal-string-alignment edit distance (an
 * insertion, a deletion, a substitution or a swap of two neighbours each
 * count one), ignoring ASCII case, so "opne" is one from "open" and
 * "America/NewYork" one from "America/New_York". A candidate is offered
 * only when it is near enough for the length of the word: at most one
 * edit for words up to 4 characters, two up to 8, three beyond; never
 * when every character would change; and a name that differs only in case
 * is offered too. Ties go to the candidate seen first.
 */
#ifndef CASES_SUGGEST_H
#define CASES_SUGGEST_H

#include <stddef.h>

#define SUGGEST_MAX 128 /* longest word or candidate compared */

struct suggest {
	const char *word;
	char best[SUGGEST_MAX];
	int dist; /* of best; larger than any accepted when none */
};

void suggest_init(struct suggest *sg, const char *word);
/* Consider one candidate (a name longer than SUGGEST_MAX - 1 is skipped). */
void suggest_add(struct suggest *sg, const char *candidate);
/* The nearest candidate near enough, or NULL. */
const char *suggest_best(const struct suggest *sg);

/* All in one: the nearest of n names (one of them), or NULL. */
const char *suggest_nearest(const char *word, const char *const *names,
			    size_t n);

/* The phrase every "unknown ..." message puts before its choices:
 * "did you mean 'NEAR'? ", or "" when near is NULL. buf holds
 * SUGGEST_PHRASE_MAX bytes. */
#define SUGGEST_PHRASE_MAX (SUGGEST_MAX + 24)
const char *suggest_phrase(const char *near, char *buf);

/* The edit distance between a and b, ignoring ASCII case; -1 when either
 * is longer than SUGGEST_MAX - 1 bytes. */
int suggest_distance(const char *a, const char *b);

#endif
