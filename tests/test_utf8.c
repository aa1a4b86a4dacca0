/*
 * test_utf8.c - display widths, grapheme clusters, cutting and the
 * terminal-safe form of text.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/utf8.h"

#define ACUTE "\xcc\x81"	 /* U+0301 COMBINING ACUTE ACCENT */
#define ZHONG "\xe4\xb8\xad"	 /* U+4E2D, wide */
#define WEN   "\xe6\x96\x87"	 /* U+6587, wide */
#define GRIN  "\xf0\x9f\x98\x80" /* U+1F600, wide */

Test(utf8, widths)
{
	static const struct {
		const char *s;
		size_t w;
	} v[] = {
		{ "", 0 },
		{ "abc", 3 },
		{ ZHONG WEN, 4 },
		{ "e" ACUTE, 1 },
		{ "caf"
		  "e" ACUTE " " ZHONG,
		  7 },
		{ ACUTE, 0 },
		{ GRIN, 2 },
		{ "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88", 6 }, /* katakana */
		{ "\xea\xb0\x80", 2 },			       /* Hangul */
		{ "\xef\xbc\xa1", 2 },			       /* fullwidth A */
		{ "a\xff"
		  "b",
		  3 },		       /* an invalid byte is one cell */
		{ "\xe2\x80\xa6", 1 }, /* ellipsis */
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		cr_assert_eq(utf8_width(v[i].s, strlen(v[i].s)), v[i].w,
			     "width of case %zu: %zu", i,
			     utf8_width(v[i].s, strlen(v[i].s)));
}

Test(utf8, clusters_keep_marks_with_their_base)
{
	const char *s = "e" ACUTE ACUTE "x";
	size_t w;

	cr_assert_eq(utf8_cluster(s, strlen(s), &w), 5);
	cr_assert_eq(w, 1);
	cr_assert_eq(utf8_cluster(ZHONG "x", 4, &w), 3);
	cr_assert_eq(w, 2);
	cr_assert_eq(utf8_cluster("\xff\xfe", 2, &w), 1);
	cr_assert_eq(w, 1);
	/* CR LF is one cluster; a flag is one cluster of two indicators. */
	cr_assert_eq(utf8_cluster("\r\n", 2, &w), 2);
	cr_assert_eq(utf8_cluster("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7", 8, &w),
		     8);
	cr_assert_eq(utf8_cluster("", 0, &w), 0);
}

Test(utf8, fit_never_splits_a_sequence_or_a_cluster)
{
	static const char *const v[] = {
		ZHONG WEN "x" ZHONG,
		"e" ACUTE "e" ACUTE "e" ACUTE,
		"ab" GRIN "cd" ZHONG "e" ACUTE,
		"\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88 t",
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t n = strlen(v[i]), total = utf8_width(v[i], n);
		for (size_t cols = 0; cols <= total + 1; cols++) {
			size_t w, k = utf8_fit(v[i], n, cols, &w);
			cr_assert_leq(w, cols);
			cr_assert_eq(utf8_width(v[i], k), w);
			cr_assert(utf8_valid(v[i], k), "split a sequence");
			/* The rest starts a cluster: no mark left over. */
			if (k < n) {
				size_t cw,
					ck = utf8_cluster(v[i] + k, n - k, &cw);
				cr_assert_gt(cw, 0, "case %zu cols %zu", i,
					     cols);
				cr_assert_gt(w + cw, cols,
					     "stopped short: case %zu", i);
				(void)ck;
			}
		}
	}
	size_t w;
	cr_assert_eq(utf8_fit(ZHONG WEN, 6, 3, &w), 3);
	cr_assert_eq(w, 2);
	cr_assert_eq(utf8_fit(ZHONG WEN, 6, 1, &w), 0);
	cr_assert_eq(utf8_fit("e" ACUTE "f", 4, 1, &w), 3);
}

Test(utf8, sanitize_shows_terminal_controls_as_question_marks)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "plain caf\xc3\xa9 " ZHONG, "plain caf\xc3\xa9 " ZHONG },
		{ "\x1b[31mred", "?[31mred" },
		{ "a\nb\tc\rd\x7f", "a?b?c?d?" },
		{ "csi \xc2\x9b"
		  "2J osc \xc2\x9d"
		  "0;x\xc2\x9c",
		  "csi ?2J osc ?0;x?" },
		{ "\xc2\x80\xc2\x9f\xc2\xa0", "??\xc2\xa0" }, /* NBSP stays */
		{ "rlo \xe2\x80\xae"
		  "txt.exe",
		  "rlo ?txt.exe" },
		{ "\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", "????" },
		{ "\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", "????" },
		{ "\xe2\x80\xa9\xe2\x81\xaa", "\xe2\x80\xa9\xe2\x81\xaa" },
		{ "bad \xff \xc0\xaf end", "bad ? ?? end" },
		{ "e" ACUTE, "e" ACUTE },
		{ "", "" },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *s = strdup(v[i].in), *buf = NULL;
		size_t len = 0;
		FILE *f;

		cr_assert_eq(utf8_sanitize(s), strlen(v[i].out));
		cr_assert_str_eq(s, v[i].out, "case %zu", i);
		f = open_memstream(&buf, &len);
		cr_assert_eq(utf8_fputs_visible(v[i].in, f), 0);
		fclose(f);
		cr_assert_str_eq(buf, v[i].out, "fputs case %zu", i);
		free(buf);
		free(s);
	}
}

Test(utf8, controls)
{
	cr_assert(utf8_is_control(0x1b));
	cr_assert(utf8_is_control(0x9b));
	cr_assert(utf8_is_control(0x202e));
	cr_assert(utf8_is_control(0x2069));
	cr_assert_not(utf8_is_control(0xa0));
	cr_assert_not(utf8_is_control(0x2029));
	cr_assert_not(utf8_is_control(0x206a));
	cr_assert_not(utf8_is_control(' '));
	cr_assert_eq(utf8_cp_width(0x1b), 0);
}
