/*
 * retention: personal data is erased once it is no longer needed, on a
 * schedule (docs/operations.md, "Personal data"; [privacy] in
 * docs/configuration.md).
 *
 * A sweep runs once at start and every [privacy] sweep_interval_s after,
 * on the node's event loop. Each row of its table (retention.c) is one kind
 * of personal data the node keeps and the rule that says when it is no
 * longer needed; after a sweep that erased anything, or when an earlier
 * erasure's scrub is still owed, the WAL is scrubbed (store_local_scrub).
 * Its log line gives counts, never whose.
 *
 * Ownership: struct retention is the node's (retention_free); it borrows
 * the node, which must outlive it.
 */
#ifndef RETENTION_H
#define RETENTION_H

#include <stdint.h>

#include "nferr.h"

struct node;
struct retention;

/* Run the first sweep now and schedule the next ones. NULL on failure
 * (err set). */
struct retention *retention_new(struct node *n, struct nferr *err);
void retention_free(struct retention *rt);

/* One sweep at now_ms (0: the clock): *erased the number of records
 * erased, of every kind. 0 or -1 (err set; logged). */
int retention_sweep(struct node *n, int64_t now_ms, int64_t *erased,
    struct nferr *err);

#endif
