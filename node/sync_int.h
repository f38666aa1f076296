/*
 * sync_int: what the files of the sync subsystem share behind the public
 * node/sync.h (as SQLite's sqliteInt.h does for its layers). Nothing
 * outside node/sync*.c includes it.
 *
 *   sync.c         lifecycle, the keyring, small helpers
 *   sync_ingest.c  verify and apply incoming entries; forks and proofs
 *   sync_curl.c    libcurl multi on the libevent loop; request channels
 *   sync_peer.c    peers: pulls, pushes, timers, health, operator resync
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

#include "sync.h"

#define NORIGIN 8
#define PUSH_BYTES_MAX   (512 * 1024)
#define BACKOFF_BASE_MS  200
#define REQ_TIMEOUT_MS   10000
#define CONNECT_TIMEOUT_MS 2000
#define MAX_PROOFS       64
#define PULL_BATCH       STORE_LOG_MAX  /* entries asked per log request */

enum req_kind { REQ_NONE, REQ_CLOCK, REQ_LOG, REQ_PUSH, REQ_FORK };

/* A response body, bounded by max (bytes). */
struct buf {
	char *p;
	size_t len, cap, max;
	int overflow;
};

struct peer;

/* One request channel of a peer: at most one request in flight. */
struct chan {
	struct peer *peer;
	CURL *easy;
	enum req_kind kind;
	int origin;                 /* REQ_LOG, REQ_PUSH: origin index */
	uint64_t after;             /* REQ_LOG: the after= asked for */
	int prefetched;             /* REQ_LOG: sent before the last batch
	                             * was applied (see on_log) */
	struct buf resp;
	char *post;                 /* owned request body */
	size_t post_len;
	struct curl_slist *hdrs;
	int64_t started_ms;
};

struct peer {
	struct sync *s;
	const struct conf_peer *cp;
	struct chan pull, push;
	/* what we know of the peer's log heads (from its clock or push
	 * replies); valid once clock_known */
	uint64_t head[NORIGIN];
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
	uint64_t requests, failures;
	struct event *retry_ev;     /* push again when the backoff ends */
};

struct sock_ctx {
	struct sync *s;
	curl_socket_t fd;
	struct event *ev;
};

struct sync {
	struct event_base *base;
	struct store *store;
	const struct conf *conf;
	struct keyring kr;
	char own[3];
	int own_index;
	CURLM *multi;
	struct event *curl_timer;
	struct event *pull_timer;
	struct event *kick_ev;
	struct peer peers[CONF_MAX_PEERS];
	size_t npeers;
	char *proofs[MAX_PROOFS];
	size_t proof_len[MAX_PROOFS];
	size_t nproofs;
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

/* ---- sync_curl.c ------------------------------------------------------------- */

/* The multi handle, its timer and socket callbacks. 0 or -1. */
int sync_curl_init(struct sync *s);
/* curl_multi_cleanup and the timer; before the event base goes. */
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

#endif
