/*
 * sync_int: what the files of the sync subsystem share behind the public
 * node/sync.h (as SQLite's sqliteInt.h does for its layers). Nothing
 * outside node/sync*.c includes it.
 *
 *   sync.c         lifecycle, the keyring, small helpers
 *   sync_ingest.c  verify and apply incoming entries; forks and proofs
 *   sync_curl.c    request channels on the node's libcurl multi handle
 *                  (node/curlev.c)
 *   sync_peer.c    peers: pulls, pushes, timers, health, operator resync
 *   sync_reply.c   what peers answer: bounds, clock sanity, push results
 *   sync_guard.c   the own-log guard (never sign past what peers hold)
 *                  and the recovery of the node's own log
 *   sync_diag.c    problems with a cause and advice, and their log lines
 *   sync_status.c  the status document and the metrics
 *
 * Ownership is as in sync.h: struct sync owns its peers, channels,
 * proofs and keyring; it borrows base, store and conf.
 */
#ifndef SYNC_INT_H
#define SYNC_INT_H

#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>
#include <event2/event.h>
#include <jansson.h>

#include "curlev.h"
#include "log.h"
#include "nfbuf.h"
#include "sync.h"
#include "writer.h"

#define PUSH_BYTES_MAX   (512 * 1024)
#define BACKOFF_BASE_MS  200
#define REQ_TIMEOUT_MS   10000
#define CONNECT_TIMEOUT_MS 2000
#define PROOFS_PER_ORIGIN 4             /* proofs relayed per origin */
#define MAX_PROOFS       (RECORD_NORIGIN * PROOFS_PER_ORIGIN)
#define PULL_BATCH       STORE_LOG_MAX  /* entries asked per log request */
#define LOG_EVERY_MS     60000          /* rate-limited lines: one a minute */

/*
 * Catch-up: several log pages in one store transaction (docs/storage.md,
 * "Catch-up: several pages a transaction"). While a peer's pull of an
 * origin goes on (the next page already asked for), the pages it
 * applies stay in one open transaction (store_remote_hold) until it
 * holds SYNC_HOLD_ENTRIES entries or SYNC_HOLD_BYTES bytes of pages, the
 * pull ends, a page is not wholly accepted, anything else writes, or
 * SYNC_HOLD_IDLE_MS pass with no request of that pull in flight (a
 * safety net: every end of a pull commits it). Four pages of 1,000: each
 * index page many entries dirty is written once, not four times.
 */
#define SYNC_HOLD_ENTRIES      4000
#define SYNC_HOLD_BYTES        (8 * 1024 * 1024)
#define SYNC_HOLD_IDLE_MS      1000

/*
 * One peer at a time pulls an origin: a pull round skips an origin
 * another peer's log request is fetching, unless that request has been
 * in flight for SYNC_PULL_SHARE_MS (a slow peer does not keep the others
 * off). The skipped origin is looked at again the next round. Pulling
 * one log from every peer at once fetched and verified each entry once
 * per peer and broke the held apply into a commit per page: a fresh node
 * caught up half as fast from four peers as from one.
 */
#define SYNC_PULL_SHARE_MS     5000

/*
 * Bounds on what a peer's replies may hold (docs/protocol.md, "Limits"),
 * checked while they arrive, before anything is parsed.
 *   clock:  8 origins x {"CC":{"hash":<64 hex>,"seq":<16 digits>}} is at
 *           most 8 x 104 bytes; 16 KiB leaves room for white space.
 *   log:    a page stops adding entries once it holds SYNC_LOG_PAGE_BYTES,
 *           so it is at most that plus one entry and its newline.
 *   push:   one result a line pushed (at most SYNC_BATCH_MAX, plus the
 *           batch_too_large one), each at most 2 KiB (a 255-byte detail
 *           escaped six-fold, the codes and numbers), and a clock.
 *   fork:   {"quarantined":..,"resolved":..,"origin":..,"seq":..}.
 */
#define SYNC_CLOCK_REPLY_MAX   16384
#define SYNC_LOG_REPLY_MAX     (SYNC_LOG_PAGE_BYTES + ENTRY_MAX_BYTES + 1)
#define SYNC_RESULT_MAX        2048
#define SYNC_PUSH_REPLY_MAX(lines) \
	(((lines) + 1) * SYNC_RESULT_MAX + SYNC_CLOCK_REPLY_MAX + 64)
#define SYNC_FORK_REPLY_MAX    4096

/*
 * Clock sanity (docs/protocol.md, "Limits"): no origin signs more than
 * SYNC_SIGN_RATE_MAX entries a second, and none signed before
 * SYNC_EPOCH_S (2025-01-01T00:00:00Z), so a claimed head above
 * rate x (now - epoch + 1 day) is impossible; and a peer's own log
 * cannot grow by more than rate x (seconds since its last clock + 1).
 */
#define SYNC_SIGN_RATE_MAX     100000
#define SYNC_EPOCH_S           1735689600
#define SYNC_SEQ_MAX           9007199254740991ULL   /* 2^53 - 1 */

enum req_kind { REQ_NONE, REQ_CLOCK, REQ_LOG, REQ_PUSH, REQ_FORK };

struct peer;

/*
 * One thing wrong, for the status and the log: a stable code ("" when
 * none), a sentence, the seq it is about, how many times and since when.
 */
struct sync_note {
	char code[32];
	char detail[320];
	uint64_t seq;
	uint64_t count;
	int64_t since_wall_ms;
};

/* One request channel of a peer: at most one request in flight. */
struct chan {
	struct peer *peer;
	CURL *easy;
	enum req_kind kind;
	int origin;                 /* REQ_LOG, REQ_PUSH: origin index */
	uint64_t after;             /* REQ_LOG: the after= asked for;
	                             * REQ_PUSH: the peer's head of the
	                             * origin as known when it was sent
	                             * (the first entry is after + 1) */
	int prefetched;             /* REQ_LOG: sent before the last batch
	                             * was applied (see on_log) */
	struct nfbuf resp;    /* bounded by resp.max (bytes) */
	char *post;                 /* owned request body */
	size_t post_len;
	struct curl_slist *hdrs;
	int64_t started_ms;
	struct curlev_xfer xfer;    /* done: sync_chan_done(this) */
};

struct peer {
	struct sync *s;
	const struct conf_peer *cp;
	struct chan pull, push;
	/* what we know of the peer's log heads (from its clock or push
	 * replies); valid once clock_known */
	uint64_t head[RECORD_NORIGIN];
	/* an operator's resync --from: page on through the entries this
	 * node holds of the origin up to this seq (0: none) */
	uint64_t recheck_to[RECORD_NORIGIN];
	int clock_known;
	int pull_origin;            /* next origin to look at in a pull round */
	int pull_round;             /* a round is under way */
	int push_wanted;            /* new local entries: push our own */
	int relay_wanted;           /* fresh clock: push any origin it lacks */
	size_t proofs_sent;
	/* health */
	int fails;                  /* consecutive */
	int breaker_open;
	int64_t retry_at_ms;        /* monotonic; 0: now */
	int64_t last_ok_wall_ms;
	int64_t last_err_wall_ms;
	char last_error[200];
	uint64_t requests, failures, pushes;
	struct event *retry_ev;     /* push again when the backoff ends */
	int64_t retry_due_ms;       /* monotonic: when retry_ev fires */
	/* what it says of this node's own origin (sync_guard.c) */
	unsigned char own_hash[ENTRY_HASH_LEN];   /* at head[own_index] */
	int first_clock_done;       /* its first clock answered or failed */
	int own_ok;                 /* its last heads agree with our log */
	/* clock sanity (sync_reply.c) */
	int64_t heads_mono_ms;      /* when head[] was last taken */
	uint64_t lied[RECORD_NORIGIN]; /* a head its log did not back; 0 none */
	/* diagnosis (sync_diag.c) */
	struct sync_note perr[REQ_FORK + 1];  /* bad replies, by request */
	struct sync_note misreport[RECORD_NORIGIN]; /* clock claims log lacks */
	struct sync_note rejected[RECORD_NORIGIN];   /* its entries we refuse */
	struct sync_note refused[RECORD_NORIGIN];    /* our pushes it refuses */
	int refusals[RECORD_NORIGIN];      /* consecutive refused pushes */
	int64_t push_hold_ms[RECORD_NORIGIN]; /* monotonic: no push before */
};

/* The own-log guard (sync_guard.c). */
enum own_state {
	OWN_OK = 0,
	OWN_UNCONFIRMED,            /* started; no peer has answered yet */
	OWN_BEHIND,                 /* a peer holds more of our log */
	OWN_DIVERGED,               /* a peer holds another entry */
	OWN_RECOVERING              /* fetching our own log back */
};

struct own_guard {
	enum own_state state;
	int auto_recover;           /* started on an empty log: on its own */
	int fresh;                  /* the key's first start: nothing to ask */
	char peer[CONF_NAME_MAX];   /* who showed it */
	uint64_t peer_seq;          /* its head of our origin */
	uint64_t seq;               /* diverged: the seq that differs */
	int64_t since_wall_ms;
	struct peer *source;        /* recovering: from whom */
	uint64_t from, target;      /* recovering: seqs */
	int64_t started_wall_ms;
	char last_error[320];       /* why the last recovery stopped */
	uint64_t recoveries;
};

struct sync {
	struct event_base *base;
	struct store *store;
	const struct conf *conf;
	struct keyring kr;
	char own[RECORD_ORIGIN_SIZE];
	int own_index;
	struct curlev *cv;          /* the channels' transfers */
	struct event *pull_timer;
	struct event *kick_ev;
	struct event *hold_ev;      /* commits a held apply left idle */
	size_t held_entries;        /* of the held apply (SYNC_HOLD_*) */
	size_t held_bytes;
	size_t held_pages;
	uint64_t pull_pages;        /* pulled pages that applied entries */
	uint64_t pulls_left;        /* origins a round left to another peer */
	uint64_t pull_commits;      /* the transactions they were in */
	struct peer peers[CONF_MAX_PEERS];
	size_t npeers;
	char *proofs[MAX_PROOFS];
	size_t proof_len[MAX_PROOFS];
	int proof_origin[MAX_PROOFS];
	size_t nproofs;
	uint64_t proofs_held_back[RECORD_NORIGIN];   /* kept, not relayed */
	struct sync_note anon_rejected[RECORD_NORIGIN]; /* refused from a sender
	                                         * that is no peer of ours */
	char anon_sender[RECORD_NORIGIN][CONF_NAME_MAX];
	struct writer *writer;         /* borrowed: held while unsafe */
	struct own_guard guard;
	struct log_limit ll;           /* rate-limited lines */
	/* metrics */
	uint64_t n_result[VERDICT_REJECTED + 1];
	json_t *rejected_by_reason;    /* {"bad_signature": n, ...} */
	uint64_t rounds;
};

/* ---- sync.c ---------------------------------------------------------------- */

int64_t sync_mono_ms(void);
int64_t sync_wall_ms(void);
/* Index of "SE".. in record_origins, -1 when not an origin. */
int sync_origin_index(const char *cc);

/* ---- sync_ingest.c ------------------------------------------------------------ */

/* sync_ingest of a log page pulled from peer; hold 1: the peer has more
 * of the origin, so the apply may stay open for the next page
 * (SYNC_HOLD_*). 0 or -1. */
int sync_ingest_pull(struct sync *s, const char *peer, const char *buf,
    size_t len, int hold, struct nferr *err);
/* Commit a held apply now (the pull that held it stopped). */
void sync_hold_end(struct sync *s);
/* Count a held apply the store committed before another write (or lost:
 * logged). */
void sync_hold_settle(struct sync *s);
void sync_on_hold_timer(evutil_socket_t fd, short what, void *arg);

/* ---- sync_curl.c ------------------------------------------------------------- */

/* The channels' curlev (node/curlev.h). 0 or -1. */
int sync_curl_init(struct sync *s);
/* Its curlev; after every channel's reset, before the event base goes. */
void sync_curl_free(struct sync *s);
/* Drop the request of c (if any) and everything it owns. */
void sync_chan_reset(struct chan *c);
/* Start a request on channel c. post (owned, may be NULL) is sent with
 * Content-Type ctype. 0 or -1. */
int sync_chan_start(struct chan *c, enum req_kind kind, const char *path,
    char *post, size_t post_len, const char *ctype);

/* ---- sync_peer.c -------------------------------------------------------------- */

/* A request of c finished (res, and the HTTP status in its handle). */
void sync_chan_done(struct chan *c, CURLcode res);
void sync_peer_ok(struct peer *p);
/* A failure: what for the status; retry 1 backs off. */
void sync_peer_fail(struct peer *p, const char *what, int retry);
int sync_peer_may_send(struct peer *p);
/* This node's head of origin index oi. */
uint64_t sync_our_head(struct sync *s, int oi);
/* Ask p for origin oi's log after seq after. 0 or -1. */
int sync_log_request(struct peer *p, int oi, uint64_t after, int prefetched);
void sync_on_pull_timer(evutil_socket_t fd, short what, void *arg);
void sync_on_retry(evutil_socket_t fd, short what, void *arg);
void sync_on_kick(evutil_socket_t fd, short what, void *arg);
/* The peer called name, or for "push:CC" the peer of country CC; NULL
 * when none. */
struct peer *sync_peer_find(struct sync *s, const char *name);
/* Start a pull of origin oi from p now (dropping one under way). 0/-1. */
int sync_pull_origin_now(struct peer *p, int oi);
/* Arm p's retry timer to fire in ms (the earlier of two wins). */
void sync_peer_retry_in(struct peer *p, int64_t ms);

/* ---- sync_reply.c ------------------------------------------------------------- */

/* A clock or push reply's heads ({"SE":{"seq":N,"hash":..},..}) checked
 * for sanity and taken into p->head. 0, or -1 with a peer error noted
 * and nothing taken. kind: REQ_CLOCK or REQ_PUSH (a push reply). */
int sync_take_heads(struct peer *p, json_t *heads, enum req_kind kind);
/* A push reply: its heads, and the results of the entries of origin oi
 * it refused (back-off and diagnosis). sent_after: the peer's head of oi
 * as known when the push was sent (struct chan's after). 0 or -1 (a
 * peer error noted). */
int sync_take_push_reply(struct peer *p, int oi, uint64_t sent_after,
    const char *buf, size_t len);
/* A log page of origin oi asked after `after` came back empty: a clock
 * that claimed more is a misreport. */
void sync_log_ended(struct peer *p, int oi, uint64_t after);

/* ---- sync_guard.c ------------------------------------------------------------- */

/* Hold or release the writer as the guard's state requires. */
void sync_guard_apply(struct sync *s);
/* At start: unconfirmed while there are peers to ask. */
void sync_guard_start(struct sync *s);
/* p's heads were taken (clock or push reply): compare our origin. */
void sync_guard_heads(struct sync *s, struct peer *p);
/* p's first clock request finished (answered or not). */
void sync_guard_first_clock(struct sync *s, struct peer *p);
/* An entry of our own origin beyond our head, validly signed, came from
 * peer (may be NULL): someone holds more of our log. */
void sync_guard_own_entry(struct sync *s, const char *peer, uint64_t seq);
/* 1 when entries of our own origin from peer may be applied now. */
int sync_guard_taking_own(struct sync *s, const char *peer);
/* p's pull of our own origin ended (done, stopped or failed). */
void sync_guard_pull_ended(struct sync *s, struct peer *p);
/* The guard's state as the status shows it ("own"). New reference. */
json_t *sync_guard_json(struct sync *s);

/* ---- sync_diag.c --------------------------------------------------------------- */

void sync_note_set(struct sync_note *n, const char *code, uint64_t seq,
    uint64_t count, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void sync_note_clear(struct sync_note *n);
/* Entries of origin oi from peer were refused (reason, err's sentence):
 * noted on the peer (when one of ours) and logged rate-limited. */
void sync_diag_rejected(struct sync *s, const char *peer, int oi,
    const struct nf_entry *e, const struct nferr *verr, uint64_t n);
/* Entries of origin oi from peer were taken again: its note clears. */
void sync_diag_taken(struct sync *s, const char *peer, int oi);
/* A reply of p broke the protocol: noted, logged, backed off. */
void sync_peer_error(struct peer *p, enum req_kind kind, const char *code,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Advice for p refusing this node's pushes of origin oi for reason. */
const char *sync_diag_refusal_advice(struct sync *s, struct peer *p, int oi,
    const char *reason, char *buf, size_t len);
/* The problems of a peer, an origin, the node: [{code,detail,advice}]. */
json_t *sync_diag_peer(struct sync *s, struct peer *p);
json_t *sync_diag_origin(struct sync *s, int oi);
json_t *sync_diag_node(struct sync *s);

#endif
