/*
 * canon: nordfed's canonical JSON (docs/protocol.md, "Canonical JSON").
 *
 * A strict parser that builds jansson values and a serialiser that writes
 * the one canonical byte form of a value: UTF-8, keys sorted bytewise, no
 * whitespace, a fixed escape table, integers within +-(2^53-1), no reals,
 * no duplicate keys, bounded bytes and depth. The signed bytes of every
 * entry come from canon_dump(); jansson's json_dumps is never used for them.
 *
 * Pure: no I/O. Values returned through json_t ** are new references owned
 * by the caller; buffers returned through char ** are malloc'd, NUL
 * terminated (the NUL not counted in the length) and freed by the caller.
 */
#ifndef CANON_H
#define CANON_H

#include <stddef.h>
#include <jansson.h>

#include "nferr.h"

#define CANON_MAX_BYTES   (1024 * 1024)  /* default document size bound */
#define CANON_MAX_DEPTH   32             /* arrays+objects nested, top = 1 */
#define CANON_INT_MAX     9007199254740991LL /* 2^53 - 1 */

struct canon_limits {
	size_t max_bytes;  /* 0: CANON_MAX_BYTES */
	int max_depth;     /* 0: CANON_MAX_DEPTH */
};

/*
 * Rejection codes (nferr.code), stable and listed in docs/protocol.md:
 *   too_large, too_deep, invalid_utf8, syntax, trailing_data,
 *   duplicate_key, real_number, integer_out_of_range, nul_character,
 *   invalid_escape, lone_surrogate, not_canonical
 * err->field names the JSON path of the offending value where known.
 */

/* Parse one JSON document (whitespace allowed). lim may be NULL. */
int canon_parse(const char *buf, size_t len, const struct canon_limits *lim,
    json_t **out, struct nferr *err);

/* Serialise v canonically. Fails (not_canonical/real_number/...) only for
 * values the canonical form cannot hold: reals, out-of-range integers,
 * U+0000, invalid UTF-8, too deep. */
int canon_dump(const json_t *v, char **out, size_t *len, struct nferr *err);

/* Serialise v canonically, appending to a caller-supplied growable buffer
 * (for hashing without a second allocation). *buf may be NULL. */
int canon_dump_append(const json_t *v, char **buf, size_t *len, size_t *cap,
    struct nferr *err);

/* Parse buf and require that it is already in canonical form
 * (not_canonical otherwise). *out may be NULL when the value is not needed. */
int canon_parse_canonical(const char *buf, size_t len,
    const struct canon_limits *lim, json_t **out, struct nferr *err);

/* jansson's iterators take non-const values; reading through them does
 * not modify. A union, not a cast, keeps -Wcast-qual quiet honestly. */
static inline json_t *
canon_unconst(const json_t *v)
{
	union {
		const json_t *c;
		json_t *m;
	} u;

	u.c = v;
	return u.m;
}

#endif
