/*
 * nferr: the one error value the protocol library, the node and the tools
 * pass around. A stable machine-readable code (a string literal, never
 * freed), the failing field as a JSON-pointer-like path ("" when none) and a
 * human sentence. Callers own the struct; nothing in it is heap memory.
 */
#ifndef NFERR_H
#define NFERR_H

#include <stddef.h>

struct nferr {
	const char *code;   /* stable, e.g. "duplicate_key"; NULL when no error */
	char field[128];    /* e.g. "/name/sv"; "" when not about a field */
	char msg[256];      /* for people */
};

/* Set err (if non-NULL) and return -1, so callers can `return nferr_set(...)`. */
int nferr_set(struct nferr *err, const char *code, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void nferr_clear(struct nferr *err);

#endif
