/*
 * utf8: the one UTF-8 decoder of the protocol library, the node and the
 * tools. Well-formed means RFC 3629: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF, no stray continuation bytes
 * and no sequence cut short by the end of the input. Nothing here
 * allocates or keeps a pointer.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The length (1..4) of the well-formed sequence at s, which has n >= 1
 * bytes left, with its code point in *cp (cp may be NULL); 0 when the
 * bytes at s do not start one. */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* The offset of the first byte of s[0..n) that is not part of a
 * well-formed sequence, or n when there is none. */
size_t utf8_first_invalid(const unsigned char *s, size_t n);

#endif
