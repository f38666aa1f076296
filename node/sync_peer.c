/*
 * sync_peer: the sending side. Every peer has two channels, pull and
 * push, each with at most one request in flight, so a slow pull never
 * delays a push. Health (backoff, breaker, last success/error) is per
 * peer and shared by its channels. A timer pulls from every peer (clock,
 * then the log of each origin the peer is ahead on); sync_kick() pushes
 * this node's new entries to every peer at once. One dead or slow peer
 * never delays the others.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <event2/event.h>
#include <sodium.h>

#include "log.h"
#include "sync_int.h"

static const char *const req_names[] = { "none", "clock", "log", "push",
    "fork" };

/* ---- peer health -------------------------------------------------------- */

void
sync_peer_ok(struct peer *p)
{
	if (p->breaker_open || p->fails)
		log_info("sync: peer %s reachable again", p->cp->name);
	p->fails = 0;
	p->breaker_open = 0;
	p->retry_at_ms = 0;
	p->last_ok_wall_ms = sync_wall_ms();
}

/* A retryable failure: exponential backoff with full jitter over the
 * upper half, capped; the breaker opens after breaker_failures. */
void
sync_peer_fail(struct peer *p, const char *what, int retry)
{
	struct sync *s = p->s;
	int64_t cap = s->conf->backoff_max_ms, d;
	int shift = p->fails < 20 ? p->fails : 20;

	p->failures++;
	p->last_err_wall_ms = sync_wall_ms();
	snprintf(p->last_error, sizeof(p->last_error), "%s", what);
	if (!retry)
		return;
	p->fails++;
	d = (int64_t)BACKOFF_BASE_MS << shift;
	if (d > cap)
		d = cap;
	d = d / 2 + (int64_t)randombytes_uniform((uint32_t)(d / 2 + 1));
	p->retry_at_ms = sync_mono_ms() + d;
	/* a waiting push goes as soon as the backoff allows, not at the
	 * next pull round or the next local write */
	sync_peer_retry_in(p, d);
	if (!p->breaker_open && p->fails >= s->conf->breaker_failures) {
		p->breaker_open = 1;
		log_warn("sync: peer %s: circuit open after %d failures (%s)",
		    p->cp->name, p->fails, what);
	} else if (p->fails == 1) {
		log_warn("sync: peer %s: %s; retrying in %" PRId64 " ms",
		    p->cp->name, what, d);
	}
}

int
sync_peer_may_send(struct peer *p)
{
	return p->retry_at_ms == 0 || sync_mono_ms() >= p->retry_at_ms;
}

void
sync_peer_retry_in(struct peer *p, int64_t ms)
{
	int64_t now = sync_mono_ms();
	struct timeval tv;

	if (p->retry_ev == NULL)
		return;
	if (ms < 0)
		ms = 0;
	if (evtimer_pending(p->retry_ev, NULL) && p->retry_due_ms <= now + ms)
		return;
	p->retry_due_ms = now + ms;
	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	evtimer_add(p->retry_ev, &tv);
}

struct peer *
sync_peer_find(struct sync *s, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < s->npeers; i++)
		if (strcmp(s->peers[i].cp->name, name) == 0)
			return &s->peers[i];
	if (strncmp(name, "push:", 5) == 0)
		for (i = 0; i < s->npeers; i++)
			if (strcmp(s->peers[i].cp->country, name + 5) == 0)
				return &s->peers[i];
	return NULL;
}

/* Our head of origin index oi. */
uint64_t
sync_our_head(struct sync *s, int oi)
{
	uint64_t seq = 0;
	unsigned char h[ENTRY_HASH_LEN];

	store_head(s->store, record_origins[oi], &seq, h, NULL);
	return seq;
}

/* Ask peer p for origin oi's log after seq `after`. */
int
sync_log_request(struct peer *p, int oi, uint64_t after, int prefetched)
{
	char path[128];

	snprintf(path, sizeof(path),
	    "/federation/v1/log/%s?after=%" PRIu64 "&limit=%d",
	    record_origins[oi], after, PULL_BATCH);
	p->pull.origin = oi;
	p->pull.after = after;
	p->pull.prefetched = prefetched;
	return sync_chan_start(&p->pull, REQ_LOG, path, NULL, 0, NULL);
}

/* Commit p's held apply (sync_ingest.c): its pull stops or restarts. */
static void
hold_end_of(struct peer *p)
{
	const char *held = store_remote_held(p->s->store);

	if (held != NULL && strcmp(held, p->cp->name) == 0)
		sync_hold_end(p->s);
}

/* Whether another peer's log request is fetching origin oi, sent less
 * than SYNC_PULL_SHARE_MS ago (sync_int.h). */
static int
pulled_elsewhere(const struct peer *p, int oi)
{
	const struct sync *s = p->s;
	int64_t now = sync_mono_ms();
	size_t i;

	for (i = 0; i < s->npeers; i++) {
		const struct chan *c = &s->peers[i].pull;

		if (&s->peers[i] != p && c->easy != NULL &&
		    c->kind == REQ_LOG && c->origin == oi &&
		    now - c->started_ms < SYNC_PULL_SHARE_MS)
			return 1;
	}
	return 0;
}

/* Pull: the next log request of the round, or end the round. */
static void
pull_next(struct peer *p)
{
	struct sync *s = p->s;

	while (p->pull_origin < RECORD_NORIGIN) {
		int oi = p->pull_origin, own_ok, left;
		uint64_t mine = sync_our_head(s, oi);

		/* this node's own log only in recovery (sync_guard.c); an
		 * origin another peer is fetching, the next round */
		own_ok = oi != s->own_index ||
		    sync_guard_taking_own(s, p->cp->name);
		left = own_ok && p->head[oi] > mine && oi != s->own_index &&
		    pulled_elsewhere(p, oi);
		if (left)
			s->pulls_left++;
		if (own_ok && !left && p->head[oi] > mine &&
		    !store_quarantined(s->store, record_origins[oi])) {
			if (sync_log_request(p, oi, mine, 0) == 0)
				return;
			sync_peer_fail(p, "cannot start a request", 1);
			p->pull_round = 0;
			if (oi == s->own_index)
				sync_guard_pull_ended(s, p);
			return;
		}
		p->pull_origin++;
		if (oi == s->own_index) {
			sync_guard_pull_ended(s, p);
			if (p->pull.easy != NULL)
				return;	/* the guard started a pull of its own */
		}
	}
	p->pull_round = 0;
}

/* The pull of the round's current origin is over: the next one. */
static void
origin_done(struct peer *p)
{
	int was = p->pull_origin;

	p->pull_origin++;
	if (was == p->s->own_index) {
		sync_guard_pull_ended(p->s, p);
		if (p->pull.easy != NULL)
			return;	/* the guard started a pull of its own */
	}
	pull_next(p);
}

int
sync_pull_origin_now(struct peer *p, int oi)
{
	hold_end_of(p);
	if (p->pull.easy != NULL)
		sync_chan_reset(&p->pull);
	p->pull_round = 1;
	p->pull_origin = oi;
	if (sync_log_request(p, oi, sync_our_head(p->s, oi), 0) != 0) {
		p->pull_round = 0;
		return -1;
	}
	return 0;
}

/* Push: forks first, then the first origin the peer lacks entries of
 * (this node's own first). */
static void
push_next(struct peer *p)
{
	struct sync *s = p->s;
	struct nf_entry *ents;
	size_t n = 0, i, len;
	struct nfbuf body = NFBUF_INIT(0);
	int k, oi = -1;
	int64_t now = sync_mono_ms(), hold_left = -1;

	if (p->push.easy != NULL || !sync_peer_may_send(p))
		return;
	if (p->proofs_sent < s->nproofs) {
		char *copy = malloc(s->proof_len[p->proofs_sent] + 1);

		if (copy == NULL)
			return;
		memcpy(copy, s->proofs[p->proofs_sent],
		    s->proof_len[p->proofs_sent] + 1);
		if (sync_chan_start(&p->push, REQ_FORK, "/federation/v1/forks", copy,
		    s->proof_len[p->proofs_sent], "application/json") != 0)
			sync_peer_fail(p, "cannot start a request", 1);
		return;
	}
	if (!(p->push_wanted || p->relay_wanted) || !p->clock_known)
		return;
	/* Our own entries whenever they are new. Other origins' only just
	 * after the peer's clock was read: between clocks what we know of
	 * the peer is stale, and it has most likely had them from their
	 * origin already (relaying at once cost every write seven
	 * duplicate entries on every node: docs/benchmarks.md). */
	for (k = 0; k < (p->relay_wanted ? RECORD_NORIGIN : 1); k++) {
		int cand = (s->own_index + k) % RECORD_NORIGIN;

		if (p->head[cand] >= sync_our_head(s, cand) ||
		    strcmp(record_origins[cand], p->cp->country) == 0)
			continue;
		/* this node's log differs from a peer's: spread nothing */
		if (cand == s->own_index && s->guard.state == OWN_DIVERGED)
			continue;
		/* the peer refused these: wait out the back-off
		 * (sync_reply.c), then try again */
		if (p->push_hold_ms[cand] > now) {
			if (hold_left < 0 || p->push_hold_ms[cand] - now < hold_left)
				hold_left = p->push_hold_ms[cand] - now;
			continue;
		}
		oi = cand;
		break;
	}
	if (oi < 0) {
		if (hold_left >= 0) {
			sync_peer_retry_in(p, hold_left);
			return;		/* still wanted once the hold ends */
		}
		p->push_wanted = 0;
		p->relay_wanted = 0;
		return;
	}
	ents = calloc((size_t)s->conf->push_batch, sizeof(*ents));
	if (ents == NULL)
		return;
	if (store_log_read(s->store, record_origins[oi], p->head[oi],
	    (size_t)s->conf->push_batch, ents, &n, NULL) != 0) {
		free(ents);
		return;
	}
	for (i = 0; i < n; i++) {
		char *w;
		size_t wl;

		if (body.len < PUSH_BYTES_MAX &&
		    entry_encode(&ents[i], 1, &w, &wl, NULL) == 0) {
			if (nfbuf_reserve(&body, wl + 1) != 0) {
				free(w);
				break;
			}
			(void)nfbuf_add(&body, w, wl);
			(void)nfbuf_addc(&body, '\n');
			free(w);
		}
		entry_clear(&ents[i]);
	}
	free(ents);
	if (body.len == 0) {
		nfbuf_free(&body);
		return;
	}
	p->push.origin = oi;
	p->push.after = p->head[oi];
	len = body.len;
	if (sync_chan_start(&p->push, REQ_PUSH, "/federation/v1/push",
	    nfbuf_take(&body, NULL), len, "application/x-ndjson") != 0)
		sync_peer_fail(p, "cannot start a request", 1);
}

/* The seq of the last entry of a log response: the last `"seq":` of its
 * last line (in a canonical entry the top-level seq follows the body,
 * and no later field can hold an unescaped quote). 0 when none. */
static uint64_t
last_seq_hint(const char *p, size_t len)
{
	const char *end = p + len, *line, *q, *hit = NULL;

	while (end > p && end[-1] == '\n')
		end--;
	for (line = end; line > p && line[-1] != '\n'; line--)
		;
	for (q = line; (q = memmem(q, (size_t)(end - q), "\"seq\":", 6)) != NULL;
	    q += 6)
		hit = q;
	return hit ? strtoull(hit + 6, NULL, 10) : 0;
}

/*
 * A log batch arrived. While it is verified and applied, the next batch
 * is already asked for (the peer reads and encodes it on its own core),
 * so catch-up streams. A prefetched batch that no longer connects to
 * the head (the previous one was not wholly accepted) is dropped and
 * asked again from the head; a batch that makes no progress ends the
 * origin for this round. While the next batch is on its way the apply
 * of this one may stay open for it (sync_ingest_pull: several pages a
 * transaction); whatever else follows commits it.
 */
static void
on_log(struct peer *p, struct chan *c)
{
	struct sync *s = p->s;
	int oi = c->origin, more;
	uint64_t before = sync_our_head(s, oi), last, after = c->after;
	struct nfbuf body = c->resp;
	size_t got = body.len;
	struct nferr err;

	memset(&c->resp, 0, sizeof(c->resp));
	sync_note_clear(&p->perr[REQ_LOG]);
	if (c->prefetched && c->after != before) {
		sync_chan_reset(c);
		free(body.p);
		if (before < p->head[oi] && sync_log_request(p, oi, before, 0) == 0)
			return;
		origin_done(p);
		return;
	}
	sync_chan_reset(c);
	/* nothing after `after` although its clock said more */
	if (body.len == 0 && after < p->head[oi])
		sync_log_ended(p, oi, after);
	last = body.len ? last_seq_hint(body.p, body.len) : 0;
	more = last > before && last < p->head[oi];
	if (more && sync_log_request(p, oi, last, 1) == 0)
		curlev_kick(s->cv);	/* send it now, not after the apply */
	else
		more = 0;
	/* this node's own log (recovery) is committed page by page */
	if (body.len > 0 && sync_ingest_pull(s, p->cp->name, body.p, body.len,
	    more && oi != s->own_index, &err) != 0) {
		free(body.p);
		sync_chan_reset(&p->pull);
		sync_peer_fail(p, "log: store failed", 1);
		p->pull_round = 0;
		if (oi == s->own_index)
			sync_guard_pull_ended(s, p);
		return;
	}
	free(body.p);
	if (more && sync_our_head(s, oi) > before)
		return;		/* the prefetched batch carries on */
	/* a resync --from: the next page of what this node holds, until
	 * its head then (a fork quarantines the origin and ends it) */
	if (p->recheck_to[oi] > 0) {
		if (got > 0 && last > after && last < p->recheck_to[oi] &&
		    !store_quarantined(s->store, record_origins[oi]) &&
		    sync_log_request(p, oi, last, 0) == 0)
			return;
		p->recheck_to[oi] = 0;
	}
	hold_end_of(p);
	if (more)
		sync_chan_reset(&p->pull);	/* no progress: drop the prefetch */
	/* still behind after progress (a short batch): ask again; else
	 * the next origin */
	if (!more && sync_our_head(s, oi) > before && sync_our_head(s, oi) < p->head[oi] &&
	    sync_log_request(p, oi, sync_our_head(s, oi), 0) == 0)
		return;
	origin_done(p);
}

void
sync_chan_done(struct chan *c, CURLcode res)
{
	struct peer *p = c->peer;
	struct sync *s = p->s;
	struct nfbuf body;
	long status = 0;
	char what[200];
	int first = c->kind == REQ_CLOCK && !p->first_clock_done;
	int own_pull = c->kind == REQ_LOG && c->origin == s->own_index;
	int oi = c->origin, rc;
	json_t *o;

	curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &status);
	if (res != CURLE_OK || status != 200) {
		int retry = res != CURLE_OK || status == 429 || status >= 500;

		if (c->resp.full || res == CURLE_FILESIZE_EXCEEDED) {
			sync_peer_error(p, c->kind, "reply_too_large", "its %s "
			    "reply is larger than %zu bytes, the most the "
			    "protocol allows (docs/protocol.md, Limits): "
			    "refused unread", req_names[c->kind], c->resp.max);
		} else {
			if (res != CURLE_OK)
				snprintf(what, sizeof(what), "%s: %s",
				    req_names[c->kind], curl_easy_strerror(res));
			else
				snprintf(what, sizeof(what), "%s: HTTP %ld",
				    req_names[c->kind], status);
			sync_peer_fail(p, what, retry);
		}
		if (c == &p->pull) {
			p->pull_round = 0;
			hold_end_of(p);
		} else if (!retry && c->kind == REQ_FORK)
			p->proofs_sent++;	/* refused: not retried */
		else if (!retry)
			p->push_wanted = 0;	/* 4xx: until new entries */
		sync_chan_reset(c);
		if (own_pull)
			sync_guard_pull_ended(s, p);
		if (first)
			sync_guard_first_clock(s, p);
		return;
	}
	sync_peer_ok(p);
	switch (c->kind) {
	case REQ_CLOCK:
		body = c->resp;
		memset(&c->resp, 0, sizeof(c->resp));
		sync_chan_reset(c);
		o = json_loadb(body.p ? body.p : "", body.len,
		    JSON_REJECT_DUPLICATES, NULL);
		free(body.p);
		if (o == NULL) {
			sync_peer_error(p, REQ_CLOCK, "bad_clock",
			    "its clock is not JSON");
			rc = -1;
		} else {
			rc = sync_take_heads(p, o, REQ_CLOCK);
			json_decref(o);
		}
		if (rc != 0) {
			p->pull_round = 0;
		} else {
			/* the guard may have started a pull of our own log */
			if (p->pull.easy == NULL) {
				p->pull_origin = 0;
				pull_next(p);
			}
			p->relay_wanted = 1;
			push_next(p);
		}
		if (first)
			sync_guard_first_clock(s, p);
		return;
	case REQ_LOG:
		on_log(p, c);
		return;
	case REQ_PUSH:
		body = c->resp;
		memset(&c->resp, 0, sizeof(c->resp));
		sync_chan_reset(c);
		sync_take_push_reply(p, oi, c->after, body.p ? body.p : "",
		    body.len);
		free(body.p);
		push_next(p);
		return;
	case REQ_FORK:
		sync_note_clear(&p->perr[REQ_FORK]);
		p->proofs_sent++;
		sync_chan_reset(c);
		push_next(p);
		return;
	default:
		break;
	}
	sync_chan_reset(c);
}

/* ---- timers -------------------------------------------------------------- */

/* Start a pull round with peer p: its clock, then the logs it is ahead on. */
static void
peer_pull(struct peer *p)
{
	if (p->pull.easy != NULL || !sync_peer_may_send(p))
		return;
	p->pull_round = 1;
	if (sync_chan_start(&p->pull, REQ_CLOCK, "/federation/v1/clock", NULL, 0,
	    NULL) != 0)
		sync_peer_fail(p, "cannot start a request", 1);
}

static void
pull_round(struct sync *s)
{
	size_t i;

	s->rounds++;
	for (i = 0; i < s->npeers; i++)
		peer_pull(&s->peers[i]);
}

void
sync_on_pull_timer(evutil_socket_t fd, short what, void *arg)
{
	struct sync *s = arg;
	struct timeval tv;
	int ms = s->conf->pull_interval_ms;

	log_limit_flush(&s->ll);
	pull_round(s);
	/* jitter: 75%..125% of the interval, so peers do not beat in step */
	ms = ms * 3 / 4 + (int)randombytes_uniform((uint32_t)(ms / 2 + 1));
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	evtimer_add(s->pull_timer, &tv);
	/* a push that waited for backoff gets another chance */
	for (size_t i = 0; i < s->npeers; i++)
		push_next(&s->peers[i]);
}

void
sync_on_retry(evutil_socket_t fd, short what, void *arg)
{
	struct peer *p = arg;

	if (!sync_peer_may_send(p)) {	/* woken early for a push hold */
		sync_peer_retry_in(p, p->retry_at_ms - sync_mono_ms());
		return;
	}
	/* a peer that was not up when this node started: read its clock
	 * now rather than at the next round, so pushes can start (and the
	 * own-log guard hears from it) */
	if (!p->clock_known)
		peer_pull(p);
	push_next(p);
}

void
sync_on_kick(evutil_socket_t fd, short what, void *arg)
{
	struct sync *s = arg;
	size_t i;

	for (i = 0; i < s->npeers; i++) {
		s->peers[i].push_wanted = 1;
		push_next(&s->peers[i]);
	}
}

void
sync_kick(struct sync *s)
{
	static const struct timeval now = { 0, 0 };

	if (s != NULL && s->npeers > 0)
		event_add(s->kick_ev, &now);
}

void
sync_start(struct sync *s)
{
	static const struct timeval soon = { 0, 1000 };

	sync_guard_start(s);
	if (s->npeers > 0)
		evtimer_add(s->pull_timer, &soon);
}

/* ---- operator requests (node/admin.c, nordfedctl) ------------------------ */

/* The first request of an operator's resync with p. 0 or -1. */
static int
resync_start(struct peer *p, int oi, uint64_t from, uint64_t mine,
    uint64_t *after, const char **kind)
{
	if (from > 0 && from <= mine && p->clock_known) {
		/* held entries come back as duplicates (a different one is
		 * a fork), page after page up to this node's head (on_log),
		 * then the round goes on as usual */
		*after = from - 1;
		p->recheck_to[oi] = mine;
		p->pull_origin = oi;
		*kind = "log";
		return sync_log_request(p, oi, *after, 0);
	}
	/* the peer's clock first, then every origin it is ahead on, from
	 * this node's head */
	*after = mine;
	*kind = "clock";
	return sync_chan_start(&p->pull, REQ_CLOCK, "/federation/v1/clock",
	    NULL, 0, NULL);
}

int
sync_resync(struct sync *s, const char *origin, uint64_t from,
    const char *peer, json_t **out, struct nferr *err)
{
	int oi = sync_origin_index(origin);
	int64_t now = sync_mono_ms();
	uint64_t mine;
	json_t *peers;
	char ts[ENTRY_TS_LEN + 1];
	size_t i, matched = 0;

	*out = NULL;
	if (oi < 0)
		return nferr_set(err, "bad_value", "origin",
		    "origin must be one of SE NO DK FI IS GL FO AX");
	if (oi == s->own_index)
		return nferr_set(err, "bad_value", "origin",
		    "%s is this node's own origin: it writes that log, there "
		    "is nothing to fetch", origin);
	if (store_quarantined(s->store, origin))
		return nferr_set(err, "quarantined", "origin",
		    "%s is quarantined after a fork: resolve the fork first "
		    "(nordfedctl fork show %s)", origin, origin);
	if (from > INT64_MAX)
		return nferr_set(err, "bad_value", "from", "from is too large");
	mine = sync_our_head(s, oi);
	if ((peers = json_array()) == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	for (i = 0; i < s->npeers; i++) {
		struct peer *p = &s->peers[i];
		int waiting = p->breaker_open || p->retry_at_ms > now, rc;
		const char *kind;
		uint64_t after;

		if (peer != NULL && strcmp(p->cp->name, peer) != 0)
			continue;
		matched++;
		/* an operator asked: forget the backoff, drop a pull under
		 * way (its answer predates the request) and start again */
		p->fails = 0;
		p->breaker_open = 0;
		p->retry_at_ms = 0;
		if (sync_guard_taking_own(s, p->cp->name)) {
			/* its pull fetches this node's own log back (recover):
			 * left alone; the round goes on to the rest after it */
			after = mine;
			kind = "recovery";
			rc = 0;
		} else {
			hold_end_of(p);
			if (p->pull.easy != NULL)
				sync_chan_reset(&p->pull);
			p->pull_round = 1;
			rc = resync_start(p, oi, from, mine, &after, &kind);
		}
		if (rc != 0) {
			sync_peer_fail(p, "cannot start a request", 1);
			p->pull_round = 0;
		}
		json_array_append_new(peers, json_pack(
		    "{s:s, s:s, s:s, s:s, s:I, s:b, s:o, s:b}",
		    "peer", p->cp->name, "country", p->cp->country,
		    "url", p->cp->url, "request", kind, "after", (json_int_t)after,
		    "was_backing_off", waiting,
		    "peer_head_known", p->clock_known ?
		    json_integer((json_int_t)p->head[oi]) : json_null(),
		    "started", rc == 0));
	}
	if (peer != NULL && matched == 0) {
		json_decref(peers);
		return nferr_set(err, "not_found", "peer",
		    "no peer is called \"%s\"", peer);
	}
	entry_ts_format(sync_wall_ms(), ts);
	*out = json_pack("{s:s, s:I, s:I, s:s, s:o}", "origin", origin,
	    "from", (json_int_t)(from > 0 ? from : mine + 1),
	    "head", (json_int_t)mine, "at", ts, "peers", peers);
	if (*out == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	return 0;
}
