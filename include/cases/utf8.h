/*
 * utf8.h - strict UTF-8 validation and decoding.
 */
#ifndef CASES_UTF8_H
#define CASES_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length (1..4) of the valid UTF-8 sequence at s (n bytes available), with
 * its code point in *cp; 0 if the bytes are not valid UTF-8 (overlong
 * forms, surrogates and values above U+10FFFF are invalid). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Non-zero when all n bytes of s are valid UTF-8. */
int utf8_valid(const char *s, size_t n);

#endif
