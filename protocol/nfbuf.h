/*
 * nfbuf: the one growable byte buffer of the protocol library, the node
 * and the tools (as curl's dynbuf, docs/internals/DYNBUF.md). It holds at
 * most max bytes; an add that would pass max, or that finds no memory,
 * changes nothing and returns -1 (full is set when max was the reason).
 *
 * Ownership: p is malloc'd and owned by the buffer until nfbuf_take()
 * hands it to the caller; nfbuf_free() frees it. After the first add p is
 * NUL-terminated (the NUL is not counted in len, and is always room
 * beyond len). A zeroed struct ({ 0 }, or NFBUF_INIT(max)) is empty.
 */
#ifndef NFBUF_H
#define NFBUF_H

#include <stddef.h>

struct nfbuf {
	char *p;        /* owned; NULL until the first add */
	size_t len;     /* bytes held, not counting the NUL */
	size_t cap;     /* bytes allocated */
	size_t max;     /* most bytes it may hold; 0: as many as memory allows */
	int full;       /* set when an add was refused for max */
};

#define NFBUF_INIT(max) { NULL, 0, 0, (max), 0 }

/* Room for more bytes (and the NUL) without another allocation: 0, or -1
 * when len + more would pass max or memory runs out (b unchanged). */
int nfbuf_reserve(struct nfbuf *b, size_t more);

/* Append n bytes of s, one byte c, or the string s. 0, or -1 (b unchanged). */
int nfbuf_add(struct nfbuf *b, const void *s, size_t n);
int nfbuf_addc(struct nfbuf *b, char c);
int nfbuf_adds(struct nfbuf *b, const char *s);

/* Empty it but keep its memory (and max); full is cleared. */
void nfbuf_reset(struct nfbuf *b);

/* Free its memory; it is then empty, max kept. */
void nfbuf_free(struct nfbuf *b);

/* The bytes held, now the caller's (free()); NULL when nothing was ever
 * added. *len (may be NULL) gets their length. The buffer is then empty. */
char *nfbuf_take(struct nfbuf *b, size_t *len);

#endif
