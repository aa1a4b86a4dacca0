/*
 * test_jsonw.c - the JSON writer: escaping, structure, failures. Its
 * output is checked against jansson (the parser reads back what the writer
 * wrote; the dumper writes the same bytes where both escape alike).
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cases/jsonw.h"

/* The writer's text for the string s (n bytes); *invalid its count. */
static char *
escaped(const char *s, size_t n, size_t *invalid)
{
	struct jsonw w;
	char *z;
	size_t len;

	jsonw_init(&w, 0);
	jsonw_raw(&w, "\"", 1);
	jsonw_escape(&w, s, n);
	jsonw_raw(&w, "\"", 1);
	if (invalid)
		*invalid = w.invalid;
	z = jsonw_take(&w, &len);
	cr_assert_not_null(z);
	cr_assert_eq(strlen(z), len);
	return z;
}

static void
expect(const char *s, const char *want)
{
	size_t bad = 99;
	char *z = escaped(s, strlen(s), &bad);

	cr_expect_str_eq(z, want, "escaping [%s]", s);
	cr_expect_eq(bad, 0);
	free(z);
}

Test(jsonw, quotes_backslash_and_named_controls)
{
	expect("", "\"\"");
	expect("plain text", "\"plain text\"");
	expect("say \"hi\"", "\"say \\\"hi\\\"\"");
	expect("C:\\dir", "\"C:\\\\dir\"");
	expect("a\nb\rc\td\be\ff", "\"a\\nb\\rc\\td\\be\\ff\"");
	expect("/", "\"/\""); /* the solidus needs no escape */
}

Test(jsonw, other_controls_and_del_as_u_escapes)
{
	expect("\x01", "\"\\u0001\"");
	expect("\x1f", "\"\\u001f\"");
	expect("a\x1b[31m", "\"a\\u001b[31m\"");
	expect("\x7f", "\"\\u007f\"");
}

/* Every ASCII byte and some UTF-8: jansson reads back the same string. */
Test(jsonw, jansson_reads_back_every_ascii_byte_and_utf8)
{
	char s[200];
	size_t n = 0;

	for (int c = 1; c < 0x80; c++)
		s[n++] = (char)c;
	memcpy(s + n, "\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\xe2\x80\xa8", 12);
	n += 12;
	char *z = escaped(s, n, NULL);
	json_error_t je;
	json_t *v = json_loads(z, JSON_DECODE_ANY, &je);

	cr_assert_not_null(v, "jansson: %s in %s", je.text, z);
	cr_assert(json_is_string(v));
	cr_assert_eq(json_string_length(v), n);
	cr_assert(memcmp(json_string_value(v), s, n) == 0);
	json_decref(v);
	free(z);
}

/* Non-ASCII UTF-8 goes out as it is: the same bytes as jansson's dump. */
Test(jsonw, utf8_passed_through_as_jansson_does)
{
	static const char *const v[] = {
		"caf\xc3\xa9",	       "\xe4\xb8\xad\xe6\x96\x87",
		"\xf0\x9f\x98\x80 ok", "\xe2\x80\xa8 line separator",
		"\xef\xbf\xbf",	       "mixed \"q\" \xc3\xa9 \\ /",
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		json_t *j = json_string(v[i]);
		char *want = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
		char *z = escaped(v[i], strlen(v[i]), NULL);

		cr_expect_str_eq(z, want);
		free(want);
		free(z);
		json_decref(j);
	}
}

/* Bytes that are not UTF-8: jansson refused such a string (the answer
 * failed); the writer keeps its text valid and counts them so that its
 * caller refuses it too. */
Test(jsonw, invalid_utf8_replaced_and_counted)
{
	static const struct {
		const char *s;
		const char *want;
		size_t bad;
	} v[] = {
		{ "a\xff"
		  "b",
		  "\"a\\ufffdb\"", 1 },
		{ "\xc3", "\"\\ufffd\"", 1 },		 /* cut short */
		{ "\xc0\xaf", "\"\\ufffd\\ufffd\"", 2 }, /* overlong */
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"",
		  3 }, /* surrogate */
		{ "\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"", 4 },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t bad;
		char *z = escaped(v[i].s, strlen(v[i].s), &bad);

		cr_expect_str_eq(z, v[i].want);
		cr_expect_eq(bad, v[i].bad, "%zu: %zu invalid", i, bad);
		cr_expect_null(json_string(v[i].s), "jansson takes %zu", i);
		free(z);
	}
}

/* Objects, arrays, keys, numbers, booleans and null: the same bytes as
 * jansson's compact dump of the same tree, members in the order given. */
Test(jsonw, structure_as_jansson_dumps_it)
{
	struct jsonw w;
	size_t len;
	char *z, *want;
	json_t *j = json_pack(
		"{s:[{s:s, s:s, s:[], s:{s:[{s:s}], s:s}}, {s:I, s:b, "
		"s:b, s:n}], s:s, s:[[], {}, []]}",
		"cases", "caseId", "case-1", "subject", "tab\there",
		"ccEmailAddresses", "recentCommunications", "communications",
		"body", "hi", "nextToken", "c5", "n",
		(json_int_t)-9007199254740993LL, "t", 1, "f", 0, "z",
		"nextToken", "v1.2.3", "e");

	cr_assert_not_null(j);
	want = json_dumps(j, JSON_COMPACT);
	jsonw_init(&w, 8); /* small: the buffer grows */
	jsonw_object(&w);
	jsonw_key(&w, "cases");
	jsonw_array(&w);
	jsonw_object(&w);
	jsonw_kstr(&w, "caseId", "case-1");
	jsonw_kstr(&w, "subject", "tab\there");
	jsonw_key(&w, "ccEmailAddresses");
	jsonw_array(&w);
	jsonw_array_end(&w);
	jsonw_key(&w, "recentCommunications");
	jsonw_object(&w);
	jsonw_key(&w, "communications");
	jsonw_array(&w);
	jsonw_object(&w);
	jsonw_kstr(&w, "body", "hi");
	jsonw_object_end(&w);
	jsonw_array_end(&w);
	jsonw_kstr(&w, "nextToken", "c5");
	jsonw_object_end(&w);
	jsonw_object_end(&w);
	jsonw_object(&w);
	jsonw_kint(&w, "n", -9007199254740993LL);
	jsonw_kbool(&w, "t", 1);
	jsonw_kbool(&w, "f", 0);
	jsonw_kstr(&w, "z", NULL);
	jsonw_object_end(&w);
	jsonw_array_end(&w);
	jsonw_kstr(&w, "nextToken", "v1.2.3");
	jsonw_key(&w, "e");
	jsonw_array(&w);
	jsonw_array(&w);
	jsonw_array_end(&w);
	jsonw_object(&w);
	jsonw_object_end(&w);
	jsonw_array(&w);
	jsonw_array_end(&w);
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	cr_assert_eq(w.depth, 0);
	z = jsonw_take(&w, &len);
	cr_assert_not_null(z);
	cr_expect_str_eq(z, want);
	cr_expect_eq(len, strlen(want));
	free(z);
	free(want);
	json_decref(j);
}

Test(jsonw, long_string_grows_the_buffer)
{
	size_t n = 100000, len;
	char *s = malloc(n + 1), *z;
	struct jsonw w;

	cr_assert_not_null(s);
	for (size_t i = 0; i < n; i++)
		s[i] = i % 100 == 99 ? '"' : 'x';
	s[n] = '\0';
	jsonw_init(&w, 0);
	jsonw_str(&w, s);
	z = jsonw_take(&w, &len);
	cr_assert_not_null(z);
	cr_expect_eq(len, n + n / 100 + 2);
	json_t *v = json_loads(z, JSON_DECODE_ANY, NULL);
	cr_assert_not_null(v);
	cr_expect_str_eq(json_string_value(v), s);
	json_decref(v);
	free(z);
	free(s);
}

Test(jsonw, too_deep_or_unbalanced_fails)
{
	struct jsonw w;
	size_t len;

	jsonw_init(&w, 0);
	for (int i = 0; i <= JSONW_DEPTH; i++)
		jsonw_array(&w);
	cr_expect(w.failed);
	cr_expect_null(jsonw_take(&w, &len));
	cr_expect_null(w.p);

	jsonw_init(&w, 0);
	jsonw_object_end(&w);
	cr_expect(w.failed);
	jsonw_release(&w);
}

Test(jsonw, integers_as_numbers_and_strings)
{
	static const int64_t v[] = { 0,		7,	  -1,	     10,
				     99,	100,	  123456789, -987654321,
				     INT64_MAX, INT64_MIN };
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct jsonw w;
		char want[64], *z;
		size_t len;

		snprintf(want, sizeof(want), "[%" PRId64 ",\"%" PRId64 "\"]",
			 v[i], v[i]);
		jsonw_init(&w, 1);
		jsonw_array(&w);
		jsonw_int(&w, v[i]);
		jsonw_int_str(&w, v[i]);
		jsonw_array_end(&w);
		z = jsonw_take(&w, &len);
		cr_assert_not_null(z);
		cr_expect_str_eq(z, want);
		free(z);
	}
}
