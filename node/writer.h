/*
 * writer: the local write path (docs/storage.md, "The local write path").
 *
 * It turns a request to put or delete one of this node's records into a
 * signed log entry and appends it durably through store_append_local.
 * A request that fails validation changes nothing. The writer keeps the
 * next seq and the previous hash in memory; they advance only after a
 * successful COMMIT and are reloaded from the store after a failure, so
 * the node never signs two different entries with one seq that anyone
 * could have seen.
 *
 * Two ways in:
 *   writer_submit   validate, sign, commit one entry now (synchronous).
 *   writer_queue    validate and sign now, commit later: writer_flush
 *                   commits everything queued in one transaction (group
 *                   commit) and then calls each request's callback. A
 *                   libevent caller queues from request handlers and
 *                   flushes from one event (e.g. a zero timeout) per
 *                   loop turn.
 *
 * Key rotation: writer_rotate signs the key entry with the current key,
 * commits it (with anything queued before it) durably, and only then
 * signs with the new key. docs/operations.md ("Key rotation") has the
 * whole order, the key file included (node/rotate.c).
 *
 * Ownership: the writer borrows the store (it must outlive it) and keeps
 * its own copy of the signing key (wiped by writer_free); bodies are
 * borrowed (the entry takes its own reference). Not thread-safe.
 */
#ifndef WRITER_H
#define WRITER_H

#include <stdint.h>
#include <jansson.h>

#include "entry.h"
#include "keys.h"
#include "nferr.h"
#include "record.h"
#include "store.h"

struct writer;

#define WRITER_QUEUE_MAX 2048  /* queued requests; writer_queue fails beyond */

struct writer_result {
	char id[RECORD_ID_MAX];               /* the record id (minted for new) */
	uint64_t seq;
	unsigned char hash[ENTRY_HASH_LEN];   /* entry hash */
	char ts[ENTRY_TS_LEN + 1];
};

/*
 * Called by writer_flush once per queued request, after the COMMIT (or
 * the failure). status 0: res is filled and durable; status -1: err says
 * why and nothing of it was stored. res and err are valid only during
 * the call.
 */
typedef void (*writer_cb)(int status, const struct writer_result *res,
    const struct nferr *err, void *arg);

/* origin must be store_origin(store); key is copied. NULL on failure
 * (err set). */
struct writer *writer_new(struct store *store, const struct nf_key *key,
    const char *origin, struct nferr *err);
/* Fails (calls back with code "shutdown") anything still queued. */
void writer_free(struct writer *w);

/*
 * Validate and sign one request and queue it. op OP_PUT or OP_DELETE.
 * id NULL (put only): a new record id is minted for type. id given: its
 * type must be type and it must be owned by this origin; a put of a
 * deleted record fails with "gone"; a delete of an unknown or deleted
 * record fails with "not_found". body: the record (put), NULL (delete).
 * On failure (-1) nothing is queued and cb is not called. On success the
 * provisional seq and id are written to res when non-NULL (not yet
 * durable).
 */
int writer_queue(struct writer *w, enum entry_op op, enum record_type type,
    const char *id, const json_t *body, writer_cb cb, void *arg,
    struct writer_result *res, struct nferr *err);

/* Number of queued requests. */
size_t writer_pending(const struct writer *w);

/*
 * What a write of id would meet, the queued requests included: 0 no such
 * record, 1 live, 2 deleted; -1 when the store failed (err set). A caller
 * that must write a record once only (node/applications.c: one decision
 * per membership request) asks this and queues in the same loop turn.
 */
int writer_record_state(struct writer *w, const char *id, struct nferr *err);

/* The body of the newest queued put of id (borrowed, valid until the
 * next flush), or NULL when none is queued: what a caller that rewrites
 * a record must start from rather than the store's older version. */
const json_t *writer_queued_body(const struct writer *w, const char *id);

/*
 * Commit everything queued in one transaction, then call back each
 * request in order. 0 when committed (or nothing queued); -1 when the
 * transaction failed (err set; every callback got status -1).
 */
int writer_flush(struct writer *w, struct nferr *err);

/*
 * writer_queue + writer_flush for one request (any requests queued
 * before are committed in the same transaction). 0 and res filled when
 * durable; -1 with err otherwise (validation or storage).
 */
int writer_submit(struct writer *w, enum entry_op op, enum record_type type,
    const char *id, const json_t *body, struct writer_result *res,
    struct nferr *err);

/* The head the writer will continue from (last committed). */
uint64_t writer_seq(const struct writer *w);

/* The key the writer signs with now. Borrowed; changes at writer_rotate. */
const struct nf_key *writer_key(const struct writer *w);

/*
 * Rotate to next: commit what is queued, then write the key entry (op
 * key, type key, a new cc:key:ULID id, body {"public_key": next,
 * "previous_key": the current key}) signed by the current key, committed
 * durably on its own; on success every later entry is signed by next (the
 * writer copies it) and res holds the key entry. -1 with err and the
 * current key kept when anything failed before the entry was durable:
 * same_key (next is the current key), busy, or a storage code.
 */
int writer_rotate(struct writer *w, const struct nf_key *next,
    struct writer_result *res, struct nferr *err);

/*
 * Hold: sign nothing until writer_release. writer_queue fails with code
 * (a string literal, e.g. "behind_own_log") and the message; entries
 * queued before the hold are failed at the next flush with the same
 * error, unstored and never served. A second hold replaces the first.
 */
void writer_hold(struct writer *w, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void writer_release(struct writer *w);
/* 1 while held, and err (may be NULL) gets the reason. */
int writer_held(const struct writer *w, struct nferr *err);
/*
 * Continue from the store's head again: entries of this origin were
 * applied behind the writer's back (its own log fetched back from
 * peers). Only while held and with nothing queued (bad_value else).
 */
int writer_reload(struct writer *w, struct nferr *err);

#endif
