/*
 * jsonw.h - a JSON writer: text appended to a growing buffer, compact
 * (no spaces), members in the order written. Writing only: JSON is read
 * with jansson.
 *
 * Strings are escaped per RFC 8259: '"', '\\' and every control
 * character below U+0020 (\b \f \n \r \t by name, the rest as \u00xx),
 * and DEL as \u007f; every other valid UTF-8 sequence goes out as it is.
 * A byte that is not valid UTF-8 (utf8_decode()) is written as \ufffd and
 * counted in w->invalid, so the text stays valid and the caller may
 * refuse it.
 *
 * Out of memory is sticky: the writer stops, w->failed is set, and
 * jsonw_take() returns NULL.
 */
#ifndef CASES_JSONW_H
#define CASES_JSONW_H

#include <stddef.h>
#include <stdint.h>

/* Deepest nesting of objects and arrays (deeper is a failure). */
#define JSONW_DEPTH 32

struct jsonw {
	char *p; /* the text, NUL-terminated when not failed */
	size_t n, cap;
	size_t invalid; /* bytes of strings that were not valid UTF-8 */
	int failed;	/* out of memory, or nesting past JSONW_DEPTH */
	int depth;
	/* Per level: a value was written (the next one needs a comma);
	 * after a key, the next value needs none. */
	uint32_t has_value;
	int after_key;
};

/* An empty writer with room for hint bytes (0: a default). */
void jsonw_init(struct jsonw *w, size_t hint);

/* Free what w holds. */
void jsonw_release(struct jsonw *w);

/* The text written (NUL-terminated, the caller frees it) and its length
 * in *len, w left empty; NULL when w failed (w released). */
char *jsonw_take(struct jsonw *w, size_t *len);

/* Append n bytes of s as they are (already JSON). */
void jsonw_raw(struct jsonw *w, const char *s, size_t n);

/* The bytes s (n of them) escaped, without the quotes. */
void jsonw_escape(struct jsonw *w, const char *s, size_t n);

/* Structure: '{', '}', '[', ']', and a member's key (then its value). */
void jsonw_object(struct jsonw *w);
void jsonw_object_end(struct jsonw *w);
void jsonw_array(struct jsonw *w);
void jsonw_array_end(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key);

/* Values. A NULL string is written as null. */
void jsonw_str(struct jsonw *w, const char *s);
void jsonw_int(struct jsonw *w, int64_t v);
/* v in decimal as a JSON string ("42"), as AWS gives some numbers. */
void jsonw_int_str(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, int v);

/* A member: key and value. */
void jsonw_kstr(struct jsonw *w, const char *key, const char *s);
void jsonw_kint(struct jsonw *w, const char *key, int64_t v);
void jsonw_kbool(struct jsonw *w, const char *key, int v);

#endif
