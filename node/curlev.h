/*
 * curlev: a libcurl multi handle driven by the node's libevent loop (curl
 * docs/examples/multi-event.c), the one copy of that code: one libevent
 * event per socket curl asks to watch, one timer for
 * CURLMOPT_TIMERFUNCTION, and each finished transfer handed to its own
 * completion callback, read with curl_multi_info_read outside curl's
 * callbacks. Sync (node/sync_curl.c), mail (node/mail.c) and the
 * forwarder (node/forward.c) each run their transfers on one of these.
 *
 * A response body goes into a bounded buffer (protocol/nfbuf):
 * curlev_body_to() makes a transfer write into one and refuses an answer
 * over its max, by Content-Length before the body or as the bytes come.
 *
 * Ownership: struct curlev is its user's (curlev_free); it borrows the
 * event base, which must outlive it. The easy handles stay their users':
 * curlev_add takes none of them, curlev_remove before curl_easy_cleanup.
 * struct curlev_xfer is the user's too (usually inside its job) and must
 * live until the transfer is done or removed. Loop thread only.
 */
#ifndef CURLEV_H
#define CURLEV_H

#include <curl/curl.h>
#include <event2/event.h>

#include "nfbuf.h"

struct curlev;

/* Called once when a transfer added with x finishes (res: its result),
 * from the loop, outside curl's callbacks: it may remove and clean up
 * easy, free what holds x, and add new transfers. */
typedef void (*curlev_done_fn)(CURL *easy, CURLcode res, void *arg);

struct curlev_xfer {
	curlev_done_fn done;
	void *arg;
};

/* NULL when out of memory or libcurl cannot make a multi handle. */
struct curlev *curlev_new(struct event_base *base);
/* Frees the multi handle and the events. Remove (or finish) every
 * transfer first; their callbacks are not called. NULL is allowed. */
void curlev_free(struct curlev *cv);

/* The multi handle, for curl_multi_setopt (limits only: the socket and
 * timer callbacks are this module's). */
CURLM *curlev_multi(struct curlev *cv);

/* Start easy; x->done(easy, res, x->arg) when it finishes. easy's
 * CURLOPT_PRIVATE is this module's from here on. 0, or -1 when libcurl
 * refuses it (nothing started, no callback). */
int curlev_add(struct curlev *cv, CURL *easy, struct curlev_xfer *x);
/* Stop easy (added or not): no callback after this. */
void curlev_remove(struct curlev *cv, CURL *easy);
/* Let curl act now on what was added (rather than at its next timer). */
void curlev_kick(struct curlev *cv);

/* easy's response body into b, at most b->max bytes (b->max > 0): a
 * larger one ends the transfer with CURLE_FILESIZE_EXCEEDED (by its
 * Content-Length) or CURLE_WRITE_ERROR with b->full set. */
void curlev_body_to(CURL *easy, struct nfbuf *b);

#endif
