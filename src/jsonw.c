/*
 * jsonw.c - the JSON writer (jsonw.h): compact JSON into a growing buffer.
 */
#include "cases/jsonw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/utf8.h"

void
jsonw_init(struct jsonw *w, size_t hint)
{
	memset(w, 0, sizeof(*w));
	w->cap = hint ? hint : 256;
	w->p = malloc(w->cap);
	if (!w->p) {
		w->cap = 0;
		w->failed = 1;
		return;
	}
	w->p[0] = '\0';
}

void
jsonw_release(struct jsonw *w)
{
	free(w->p);
	w->p = NULL;
	w->n = w->cap = 0;
}

char *
jsonw_take(struct jsonw *w, size_t *len)
{
	char *z;

	if (w->failed) {
		jsonw_release(w);
		return NULL;
	}
	z = w->p;
	*len = w->n;
	w->p = NULL;
	w->n = w->cap = 0;
	return z;
}

/* Room for n more bytes and the NUL: 0, or -1 (w failed). */
static int
reserve(struct jsonw *w, size_t n)
{
	size_t cap;
	char *p;

	if (w->failed)
		return -1;
	if (w->n + n < w->cap)
		return 0;
	cap = w->cap ? w->cap : 256;
	while (cap <= w->n + n) {
		if (cap > SIZE_MAX / 2) {
			w->failed = 1;
			return -1;
		}
		cap *= 2;
	}
	p = realloc(w->p, cap);
	if (!p) {
		w->failed = 1;
		return -1;
	}
	w->p = p;
	w->cap = cap;
	return 0;
}

void
jsonw_raw(struct jsonw *w, const char *s, size_t n)
{
	if (reserve(w, n))
		return;
	memcpy(w->p + w->n, s, n);
	w->n += n;
	w->p[w->n] = '\0';
}

static void
put_ch(struct jsonw *w, char c)
{
	if (reserve(w, 1))
		return;
	w->p[w->n++] = c;
	w->p[w->n] = '\0';
}

/* Bytes that go out as they are: printable ASCII but '"' and '\\'. */
static int
plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

void
jsonw_escape(struct jsonw *w, const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while (p < end) {
		const char *run = p;
		unsigned char c;
		uint32_t cp;
		size_t k;
		char esc[8];

		/* The longest run of bytes that need no escape, in one copy. */
		while (p < end) {
			c = (unsigned char)*p;
			if (plain(c)) {
				p++;
				continue;
			}
			if (c >= 0x80
			    && (k = utf8_decode(p, (size_t)(end - p), &cp))
				       != 0) {
				p += k;
				continue;
			}
			break;
		}
		if (p > run)
			jsonw_raw(w, run, (size_t)(p - run));
		if (p == end)
			break;
		c = (unsigned char)*p++;
		switch (c) {
		case '"':
			jsonw_raw(w, "\\\"", 2);
			break;
		case '\\':
			jsonw_raw(w, "\\\\", 2);
			break;
		case '\n':
			jsonw_raw(w, "\\n", 2);
			break;
		case '\r':
			jsonw_raw(w, "\\r", 2);
			break;
		case '\t':
			jsonw_raw(w, "\\t", 2);
			break;
		case '\b':
			jsonw_raw(w, "\\b", 2);
			break;
		case '\f':
			jsonw_raw(w, "\\f", 2);
			break;
		default:
			if (c >= 0x80) {
				w->invalid++;
				jsonw_raw(w, "\\ufffd", 6);
			} else {
				snprintf(esc, sizeof(esc), "\\u%04x", c);
				jsonw_raw(w, esc, 6);
			}
		}
	}
}

/* Before a value (or a key): the comma that separates it from the one
 * before, unless it follows its key. */
static void
sep(struct jsonw *w)
{
	uint32_t bit;

	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth == 0)
		return;
	bit = UINT32_C(1) << (w->depth - 1);
	if (w->has_value & bit)
		put_ch(w, ',');
	w->has_value |= bit;
}

static void
nest_open(struct jsonw *w, char c)
{
	sep(w);
	if (w->depth == JSONW_DEPTH) {
		w->failed = 1;
		return;
	}
	w->depth++;
	w->has_value &= ~(UINT32_C(1) << (w->depth - 1));
	put_ch(w, c);
}

static void
nest_close(struct jsonw *w, char c)
{
	if (w->depth == 0) {
		w->failed = 1;
		return;
	}
	w->depth--;
	put_ch(w, c);
}

void
jsonw_object(struct jsonw *w)
{
	nest_open(w, '{');
}

void
jsonw_object_end(struct jsonw *w)
{
	nest_close(w, '}');
}

void
jsonw_array(struct jsonw *w)
{
	nest_open(w, '[');
}

void
jsonw_array_end(struct jsonw *w)
{
	nest_close(w, ']');
}

void
jsonw_key(struct jsonw *w, const char *key)
{
	sep(w);
	put_ch(w, '"');
	jsonw_escape(w, key, strlen(key));
	jsonw_raw(w, "\":", 2);
	w->after_key = 1;
}

void
jsonw_str(struct jsonw *w, const char *s)
{
	sep(w);
	if (!s) {
		jsonw_raw(w, "null", 4);
		return;
	}
	put_ch(w, '"');
	jsonw_escape(w, s, strlen(s));
	put_ch(w, '"');
}

/* v in decimal at the end of z (24 bytes): returns where it starts. The
 * number is on every row of some answers: no printf. */
static char *
decimal(int64_t v, char z[24])
{
	char *p = z + 24;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	return p;
}

void
jsonw_int(struct jsonw *w, int64_t v)
{
	char z[24], *p = decimal(v, z);

	sep(w);
	jsonw_raw(w, p, (size_t)(z + 24 - p));
}

void
jsonw_int_str(struct jsonw *w, int64_t v)
{
	char z[26], *p = decimal(v, z + 1);

	*--p = '"';
	z[25] = '"';
	sep(w);
	jsonw_raw(w, p, (size_t)(z + 26 - p));
}

void
jsonw_bool(struct jsonw *w, int v)
{
	sep(w);
	if (v)
		jsonw_raw(w, "true", 4);
	else
		jsonw_raw(w, "false", 5);
}

void
jsonw_kstr(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_str(w, s);
}

void
jsonw_kint(struct jsonw *w, const char *key, int64_t v)
{
	jsonw_key(w, key);
	jsonw_int(w, v);
}

void
jsonw_kbool(struct jsonw *w, const char *key, int v)
{
	jsonw_key(w, key);
	jsonw_bool(w, v);
}
