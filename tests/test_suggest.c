/*
 * test_suggest.c - "did you mean": the distance, and which names are
 * offered for the typos people make.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "cases/suggest.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

Test(suggest, distance)
{
	static const struct {
		const char *a, *b;
		int d;
	} cases[] = {
		{ "", "", 0 },
		{ "", "abc", 3 },
		{ "abc", "", 3 },
		{ "open", "open", 0 },
		{ "OPEN", "open", 0 },
		{ "opne", "open", 1 },	      /* a swap */
		{ "genral", "general", 1 },   /* a deletion */
		{ "generall", "general", 1 }, /* an insertion */
		{ "staus", "status", 1 },
		{ "kitten", "sitting", 3 },
		{ "ca", "abc", 3 }, /* OSA, not full Damerau: 3, not 2 */
		{ "America/NewYork", "America/New_York", 1 },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++)
		cr_assert_eq(
			suggest_distance(cases[i].a, cases[i].b), cases[i].d,
			"'%s' '%s': %d, want %d", cases[i].a, cases[i].b,
			suggest_distance(cases[i].a, cases[i].b), cases[i].d);
	char big[SUGGEST_MAX + 1];
	memset(big, 'a', SUGGEST_MAX);
	big[SUGGEST_MAX] = '\0';
	cr_assert_eq(suggest_distance(big, "a"), -1);
}

Test(suggest, nearest)
{
	static const char *const commands[] = {
		"open",	    "list",    "show", "respond", "resolve", "reopen",
		"escalate", "overdue", "due",  "check",	  "report",  "plans",
	};
	static const char *const categories[] = {
		"general",
		"technical",
		"account-billing",
		"service-limit",
	};
	static const struct {
		const char *word, *want; /* want NULL: nothing offered */
	} cases[] = {
		{ "opne", "open" },
		{ "lsit", "list" },
		{ "resolev", "resolve" },
		{ "overdeu", "overdue" },
		{ "Report", "report" },
		{ "xyz", NULL },
		{ "o", NULL },
		{ "frobnicate", NULL },
		{ "open", NULL }, /* the name itself: nothing to suggest */
		{ "du", "due" },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		const char *got = suggest_nearest(cases[i].word, commands,
						  NELEM(commands));

		if (!cases[i].want)
			cr_assert_null(got, "'%s' offered '%s'", cases[i].word,
				       got);
		else
			cr_assert(got && strcmp(got, cases[i].want) == 0,
				  "'%s': '%s', want '%s'", cases[i].word,
				  got ? got : "(none)", cases[i].want);
	}
	cr_assert_str_eq(suggest_nearest("genral", categories, 4), "general");
	cr_assert_str_eq(suggest_nearest("acount-billing", categories, 4),
			 "account-billing");
}

Test(suggest, incremental_keeps_the_first_of_a_tie)
{
	struct suggest sg;

	suggest_init(&sg, "acme");
	cr_assert_null(suggest_best(&sg));
	suggest_add(&sg, "acne");
	suggest_add(&sg, "acmf");
	suggest_add(&sg, "globex");
	cr_assert_str_eq(suggest_best(&sg), "acne");
}
