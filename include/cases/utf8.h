/*
 * utf8.h - strict UTF-8 validation and decoding; text for terminals: its
 * width in cells, where it may be cut, and what must not reach a terminal.
 *
 * Widths and grapheme clusters come from utf8proc (Unicode's East Asian
 * Width and grapheme cluster rules): a CJK character takes two cells, a
 * combining mark none, and a cut never falls inside a UTF-8 sequence or
 * between a character and the marks that combine with it.
 */
#ifndef CASES_UTF8_H
#define CASES_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Length (1..4) of the valid UTF-8 sequence at s (n bytes available), with
 * its code point in *cp; 0 if the bytes are not valid UTF-8 (overlong
 * forms, surrogates and values above U+10FFFF are invalid). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Non-zero when all n bytes of s are valid UTF-8. */
int utf8_valid(const char *s, size_t n);

/* Cells code point cp takes on a terminal: 2 for East Asian Wide and
 * Fullwidth characters, 0 for combining marks and other zero-width
 * characters (and for controls), else 1. */
int utf8_cp_width(uint32_t cp);

/*
 * The first grapheme cluster of s (n > 0 bytes): returns its length in
 * bytes and its width in cells in *width (the sum of its code points'
 * widths). A byte that is not valid UTF-8 is a cluster of its own, one
 * cell wide (it is shown as one replacement character). 0 when n is 0.
 */
size_t utf8_cluster(const char *s, size_t n, size_t *width);

/* Cells that n bytes of s take on a terminal (utf8_cluster's widths). */
size_t utf8_width(const char *s, size_t n);

/* The longest prefix of s (n bytes) that ends at a grapheme cluster
 * boundary and takes at most cols cells: its length in bytes; its width
 * in *width unless width is NULL. */
size_t utf8_fit(const char *s, size_t n, size_t cols, size_t *width);

/* Non-zero for a code point a terminal acts on instead of showing: C0
 * controls, DEL, C1 controls (U+0080..U+009F, CSI and OSC among them) and
 * the bidirectional embeddings, overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069). */
int utf8_is_control(uint32_t cp);

/*
 * Text for a terminal, in place: every code point utf8_is_control() names
 * and every byte that is not valid UTF-8 becomes one '?', so that no value
 * can move the cursor, change colours, retitle the window or reorder what
 * is shown. Returns the new length (never more than the old one).
 */
size_t utf8_sanitize(char *s);

/* Write s to f as utf8_sanitize() would leave it, without changing s.
 * Returns EOF on a write error, as fputs() does. */
int utf8_fputs_visible(const char *s, FILE *f);

#endif
