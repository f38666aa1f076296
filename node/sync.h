/*
 * sync: federation (docs/protocol.md, "Sync").
 *
 * The receiving side: sync_ingest() verifies a batch of wire entries
 * (JSON Lines, any origins, in chain order per origin) with the protocol
 * library and applies the accepted ones, with the sending peer's cursor,
 * in one store transaction; a result per entry. Forks are recorded with
 * their proof and the origin is quarantined.
 *
 * The sending side: every peer has its own state (clock it last reported,
 * backoff with jitter and a cap, circuit breaker, one request in flight)
 * and is driven from the node's libevent loop through the libcurl multi
 * interface (no threads, no second loop). A timer pulls from every peer
 * (clock, then the log of each origin the peer is ahead on); a local
 * commit calls sync_kick() which pushes this node's new entries to every
 * peer at once. One dead or slow peer never delays the others: each has
 * its own request and timeouts.
 *
 * The own-log guard: this node never signs past what its peers hold of
 * its own log. After start, until a peer has shown its head of this
 * node's origin, and whenever a peer shows more of it or another entry,
 * the writer is held (writes answer 503 with the reason) until
 * sync_recover() has fetched the log back, verified and applied it (a
 * node started on an empty log does that by itself).
 *
 * Ownership: the sync borrows base, store, conf and the writer (they
 * outlive it) and owns its keyring (pinned keys of every origin and
 * their rotations).
 */
#ifndef SYNC_H
#define SYNC_H

#include <stddef.h>
#include <stdint.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <jansson.h>

#include "conf.h"
#include "entry.h"
#include "keys.h"
#include "store.h"
#include "writer.h"

#define SYNC_BATCH_MAX      1000        /* entries per push or log response */
/* A log page stops adding entries once it holds this many bytes (at
 * least one entry is always sent): docs/protocol.md, "Limits". */
#define SYNC_LOG_PAGE_BYTES (1 << 20)

struct sync;

/* own: the key that signed this node's own seq 1 (only its public key is
 * read): the keyring starts the own origin from it and follows the own
 * key entries in the store (node/rotate.c, rotate_startup). */
struct sync *sync_new(struct event_base *base, struct store *store,
    const struct conf *conf, const struct nf_key *own, struct nferr *err);
void sync_free(struct sync *s);

/* The writer the own-log guard holds (borrowed; before sync_start). */
void sync_set_writer(struct sync *s, struct writer *w);
/* Before sync_start: this node's key has never signed (its fresh-key
 * marker was there and is now removed: keys_fresh_take), so an empty own
 * log needs no peer to confirm it. Ignored when the log is not empty. */
void sync_own_log_new(struct sync *s);

/* Start the pull timer (and an immediate first round); with peers, the
 * writer is held until one of them has shown this node's head. */
void sync_start(struct sync *s);

/* New local entries are committed: push them to every peer soon. */
void sync_kick(struct sync *s);

/* The keyring (for tools and tests). Borrowed. */
const struct keyring *sync_keyring(const struct sync *s);

/*
 * Verify and apply a JSON Lines batch from peer (NULL: unknown sender).
 * results (a JSON array, borrowed) gets one object per line:
 *   {"origin","seq","result":"accepted|duplicate|gap|fork|rejected",
 *    "reason": code (not for accepted), "detail": text}
 * Lines that cannot be decoded carry "line" (1-based) instead of
 * origin/seq. heads (borrowed object, may be NULL) gets this node's head
 * {"seq":N} of every origin the batch touched, after the apply.
 * Returns -1 only when the store failed (nothing applied; err set).
 */
int sync_ingest(struct sync *s, const char *peer, const char *buf,
    size_t len, json_t *results, json_t *heads, struct nferr *err);

/*
 * Verify a fork proof from peer (a name for the log, may be NULL). A new
 * fork is recorded, its origin quarantined and the proof passed on
 * (at most PROOFS_PER_ORIGIN of an origin; later ones are kept, not
 * relayed). A proof of a fork already held is not logged again; of one
 * an operator resolved, it changes nothing. *reply (new reference):
 *   {"origin","seq","quarantined":bool,"known":bool,"resolved":bool}
 */
int sync_fork_receive(struct sync *s, const char *peer, const char *buf,
    size_t len, json_t **reply, struct nferr *err);

/* GET /api/v1/sync/status body. New reference. */
json_t *sync_status(struct sync *s);

/* Prometheus text of the sync figures, appended to out. */
void sync_metrics(struct sync *s, struct evbuffer *out);

/* ---- operator requests (node/admin.c, nordfedctl) ---------------------- */

/*
 * Re-fetch origin now: for each peer (all, or the one called peer) forget
 * the backoff and the open breaker, drop a pull under way and start one:
 * with from (1..head) and the peer's clock known, the first request asks
 * for the origin's entries after from-1 (held ones come back as
 * duplicates, a different one is a fork), otherwise the peer's clock,
 * then every origin it is ahead on, as the pull timer would. *out (new
 * reference) says what was started:
 *   {"origin","from","head","at","peers":[{"peer","country","url",
 *    "request":"clock|log","after","was_backing_off","peer_head_known",
 *    "started"}]}
 * Errors: bad_value (unknown or own origin), quarantined, not_found (no
 * such peer).
 */
int sync_resync(struct sync *s, const char *origin, uint64_t from,
    const char *peer, json_t **out, struct nferr *err);

/*
 * Fetch this node's own log back from the peers (the own-log guard,
 * docs/operations.md "Recovery"): from the peer called peer, else the
 * one that holds the most of it. Entries are verified against this
 * node's keys like any relayed entry and applied; when the head reaches
 * what the peers hold the writer continues from it. *out (new reference)
 * is the guard's state as in the status ("own"). With trust_local, a
 * node no peer has answered since it started signs on its own word.
 * Errors: not_found (no such peer), no_peer (no peer answered yet),
 * own_log_diverged (a peer holds another entry: a fork to resolve),
 * no_source (no peer that answered holds more; the named one does not).
 */
int sync_recover(struct sync *s, const char *peer, int trust_local,
    json_t **out, struct nferr *err);

/* Forget the key rotations learnt for origin: back to its pinned key (the
 * log it came from was dropped; a fetch learns them again). */
void sync_keys_reset(struct sync *s, const char *origin);

/* This node's key entry at seq, announcing new_pk, is committed: the
 * own key old_id signs up to seq, new_pk from seq+1 (node/rotate.c).
 * -1 when old_id is not the own current key in the keyring (logged). */
int sync_own_key_rotated(struct sync *s, const char *old_id,
    const unsigned char new_pk[KEY_PUB_LEN], uint64_t seq);

#endif
