/*
 * utf8.c - strict UTF-8 validation and decoding (RFC 3629); widths,
 * grapheme clusters (utf8proc) and the terminal-safe form of text.
 */
#include <string.h>

#include <utf8proc.h>

#include "cases/utf8.h"

size_t
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t len;

	if (n == 0)
		return 0;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 2, min = 0x80, c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, min = 0x800, c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, min = 0x10000, c &= 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

int
utf8_valid(const char *s, size_t n)
{
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

int
utf8_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)
	       || (cp >= 0x202a && cp <= 0x202e)
	       || (cp >= 0x2066 && cp <= 0x2069);
}

int
utf8_cp_width(uint32_t cp)
{
	if (utf8_is_control(cp))
		return 0;
	return utf8proc_charwidth((utf8proc_int32_t)cp);
}

size_t
utf8_cluster(const char *s, size_t n, size_t *width)
{
	utf8proc_int32_t state = 0;
	uint32_t prev, cp;
	size_t len, k;

	*width = 0;
	if (n == 0)
		return 0;
	len = utf8_decode(s, n, &prev);
	if (len == 0) {
		*width = 1;
		return 1;
	}
	*width = (size_t)utf8_cp_width(prev);
	while (len < n && (k = utf8_decode(s + len, n - len, &cp)) != 0) {
		if (utf8proc_grapheme_break_stateful((utf8proc_int32_t)prev,
						     (utf8proc_int32_t)cp,
						     &state))
			break;
		*width += (size_t)utf8_cp_width(cp);
		len += k;
		prev = cp;
	}
	return len;
}

size_t
utf8_width(const char *s, size_t n)
{
	size_t w = 0, cw;

	for (size_t i = 0; i < n;) {
		i += utf8_cluster(s + i, n - i, &cw);
		w += cw;
	}
	return w;
}

size_t
utf8_fit(const char *s, size_t n, size_t cols, size_t *width)
{
	size_t i = 0, w = 0, k, cw;

	while (i < n) {
		k = utf8_cluster(s + i, n - i, &cw);
		if (w + cw > cols)
			break;
		i += k;
		w += cw;
	}
	if (width)
		*width = w;
	return i;
}

/* Bytes at s (n > 0) that show as they are, or 0 when the code point (or
 * byte) there must become '?'; *len is how many bytes that is. */
static size_t
visible_at(const char *s, size_t n, size_t *len)
{
	uint32_t cp;
	size_t k = utf8_decode(s, n, &cp);

	if (k == 0) {
		*len = 1;
		return 0;
	}
	*len = k;
	return utf8_is_control(cp) ? 0 : k;
}

size_t
utf8_sanitize(char *s)
{
	size_t n = strlen(s), i = 0, o = 0, len;

	while (i < n) {
		if (visible_at(s + i, n - i, &len)) {
			memmove(s + o, s + i, len);
			o += len;
		} else {
			s[o++] = '?';
		}
		i += len;
	}
	s[o] = '\0';
	return o;
}

int
utf8_fputs_visible(const char *s, FILE *f)
{
	size_t n = strlen(s), i = 0, run = 0, len;

	while (i < n) {
		if (visible_at(s + i, n - i, &len)) {
			i += len;
			continue;
		}
		if (i > run && fwrite(s + run, 1, i - run, f) != i - run)
			return EOF;
		if (fputc('?', f) == EOF)
			return EOF;
		i += len;
		run = i;
	}
	if (i > run && fwrite(s + run, 1, i - run, f) != i - run)
		return EOF;
	return 0;
}
