/*
 * forward: a public request that belongs to another country's node,
 * relayed to it (docs/protocol.md, "Forwarded requests"). A meeting
 * registration sent to DK's node for a meeting SE organises is posted to
 * SE's node at the URL DK syncs with ([peer] url, its ca_file), and SE's
 * answer (status and JSON body) goes back to the client unchanged. The
 * page therefore only ever talks to the node that served it, and works
 * wherever the two nodes can sync.
 *
 * Nothing of the request is stored or logged here: the body is held in
 * memory until the home node answers, then wiped. A request that arrives
 * forwarded (header FORWARD_HEADER) is never forwarded again.
 *
 * libcurl multi on the node's libevent loop with a multi handle of its
 * own (node/curlev.h), as node/mail.c and sync have.
 *
 * Ownership: struct forward is the node's (forward_free); it borrows the
 * event base, which must outlive it. Loop thread only.
 */
#ifndef FORWARD_H
#define FORWARD_H

#include <event2/event.h>

#include "conf.h"
#include "http.h"
#include "nferr.h"

#define FORWARD_MAX          64        /* requests in flight at once */
#define FORWARD_REPLY_MAX    16384     /* bytes of the home node's answer */
#define FORWARD_TIMEOUT_MS   15000     /* connect to last byte */
#define FORWARD_HEADER       "X-Nordfed-Forwarded-By"

struct forward;

/* NULL on failure (err set). own: this node's country (copied). */
struct forward *forward_new(struct event_base *base, const char *own,
    struct nferr *err);
/* Answers everything in flight 503 "shutting_down", then frees. Call
 * before the HTTP server is freed. NULL is allowed. */
void forward_free(struct forward *f);

/* 1 when r arrived forwarded by another node. */
int forward_is_forwarded(struct http_req *r);

/*
 * POST r's body (JSON) to peer's url + path and reply to r with the
 * answer; r is deferred. path: an absolute path of safe characters (the
 * caller checked its ids). Replies itself on every outcome: 502
 * home_unreachable (no answer, or not JSON), 503 busy (FORWARD_MAX in
 * flight).
 */
void forward_post(struct forward *f, struct http_req *r,
    const struct conf_peer *peer, const char *path);

#endif
