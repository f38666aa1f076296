/*
 * nfbuf: see nfbuf.h. Capacity doubles from 256 bytes; a request the
 * doubling cannot meet (or that would overflow size_t) asks for exactly
 * what is needed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nfbuf.h"

#define NFBUF_FIRST 256

int
nfbuf_reserve(struct nfbuf *b, size_t more)
{
	size_t need, ncap;
	char *n;

	if (b->max != 0 && (b->len > b->max || more > b->max - b->len)) {
		b->full = 1;
		return -1;
	}
	if (more > SIZE_MAX - 1 - b->len)
		return -1;
	need = b->len + more + 1;       /* + NUL */
	if (need <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : NFBUF_FIRST;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	if (b->max != 0 && b->max < SIZE_MAX && ncap > b->max + 1)
		ncap = b->max + 1;      /* no room past the bound */
	if ((n = realloc(b->p, ncap)) == NULL)
		return -1;
	b->p = n;
	b->cap = ncap;
	return 0;
}

int
nfbuf_add(struct nfbuf *b, const void *s, size_t n)
{
	if (nfbuf_reserve(b, n) == -1)
		return -1;
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int
nfbuf_addc(struct nfbuf *b, char c)
{
	return nfbuf_add(b, &c, 1);
}

int
nfbuf_adds(struct nfbuf *b, const char *s)
{
	return nfbuf_add(b, s, strlen(s));
}

void
nfbuf_reset(struct nfbuf *b)
{
	b->len = 0;
	b->full = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

void
nfbuf_free(struct nfbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->full = 0;
}

char *
nfbuf_take(struct nfbuf *b, size_t *len)
{
	char *p = b->p;

	if (len != NULL)
		*len = b->len;
	b->p = NULL;
	b->len = b->cap = 0;
	b->full = 0;
	return p;
}
