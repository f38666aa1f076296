/*
 * sync: federation over HTTP with the libcurl multi interface on the
 * node's libevent loop. See sync.h for the model; docs/protocol.md
 * ("Sync") for the wire, docs/operations.md for what the status means.
 *
 * Each peer has two channels, pull and push, each with at most one
 * request in flight, so a slow pull never delays a push. Health (backoff,
 * breaker, last success/error) is per peer and shared by its channels.
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
#include "sync.h"

#define NORIGIN 8
#define PUSH_BYTES_MAX   (512 * 1024)
#define BACKOFF_BASE_MS  200
#define REQ_TIMEOUT_MS   10000
#define CONNECT_TIMEOUT_MS 2000
#define MAX_PROOFS       64
#define PULL_BATCH       STORE_LOG_MAX  /* entries asked per log request */

enum req_kind { REQ_NONE, REQ_CLOCK, REQ_LOG, REQ_PUSH, REQ_FORK };

static const char *const req_names[] = { "none", "clock", "log", "push",
    "fork" };

struct buf {
	char *p;
	size_t len, cap, max;
	int overflow;
};

struct peer;

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


static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
origin_index(const char *cc)
{
	int i;

	for (i = 0; i < NORIGIN; i++)
		if (strncmp(record_origins[i], cc, 2) == 0 && cc[2] == '\0')
			return i;
	return -1;
}

/* ---- buffers ----------------------------------------------------------- */

static size_t
on_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct buf *b = arg;
	size_t n = size * nmemb;

	if (b->len + n > b->max) {
		b->overflow = 1;
		return 0;	/* aborts the transfer: CURLE_WRITE_ERROR */
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 16384;
		char *q;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((q = realloc(b->p, cap)) == NULL)
			return 0;
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return n;
}

/* ---- keyring ----------------------------------------------------------- */

/* Pinned keys from the config, then rotations recorded in the store. */
static int
keyring_load(struct sync *s, const struct nf_key *own, struct nferr *err)
{
	size_t i;
	json_t *page = NULL;
	struct store_filter f;
	char cursor[STORE_CURSOR_MAX + 1] = "";

	keyring_add(&s->kr, s->own, own->pk, 1);
	for (i = 0; i < s->conf->npeers; i++)
		if (strcmp(s->conf->peers[i].country, s->own) != 0)
			keyring_add(&s->kr, s->conf->peers[i].country,
			    s->conf->peers[i].pk, 1);
	for (i = 0; i < s->conf->npins; i++)
		if (strcmp(s->conf->pins[i].country, s->own) != 0)
			keyring_add(&s->kr, s->conf->pins[i].country,
			    s->conf->pins[i].pk, 1);
	/* rotations, per origin in seq order (the list is by id, and ULIDs
	 * are time ordered; seq order is what matters, so sort by seq) */
	for (;;) {
		json_t *items, *it;
		size_t k;

		memset(&f, 0, sizeof(f));
		f.type = REC_KEY;
		f.limit = STORE_LIMIT_MAX;
		f.cursor = cursor[0] ? cursor : NULL;
		if (store_list(s->store, &f, &page, err) != 0)
			return -1;
		items = json_object_get(page, "items");
		json_array_foreach(items, k, it) {
			struct nf_entry e;
			size_t n = 0;
			uint64_t seq = (uint64_t)json_integer_value(
			    json_object_get(it, "seq"));
			const char *org = json_string_value(
			    json_object_get(it, "origin"));
			const char *pk64 = json_string_value(json_object_get(
			    json_object_get(it, "body"), "public_key"));
			unsigned char pk[KEY_PUB_LEN];

			if (org == NULL || pk64 == NULL ||
			    keys_pub_decode(pk64, pk, NULL) != 0)
				continue;
			if (store_log_read(s->store, org, seq - 1, 1, &e, &n,
			    err) != 0 || n != 1) {
				json_decref(page);
				return -1;
			}
			if (keyring_rotate(&s->kr, org, e.key, pk, seq) != 0)
				log_warn("sync: rotation of %s at %" PRIu64
				    " names unknown key %s", org, seq, e.key);
			entry_clear(&e);
		}
		if (!json_is_string(json_object_get(page, "next"))) {
			json_decref(page);
			break;
		}
		snprintf(cursor, sizeof(cursor), "%s",
		    json_string_value(json_object_get(page, "next")));
		json_decref(page);
	}
	return 0;
}

const struct keyring *
sync_keyring(const struct sync *s)
{
	return &s->kr;
}

/* ---- ingest ------------------------------------------------------------ */

/* The chain of one origin as the batch sees it: the store plus the
 * entries accepted earlier in the same batch (not yet committed). */
struct overlay {
	struct store *store;
	const char *origin;
	uint64_t store_head;
	struct nf_entry *pend;
	size_t npend;
	int blocked;                /* gap or fork seen: skip the rest */
	int touched;
};

static int
overlay_hash_at(void *ctx, uint64_t seq, unsigned char out[ENTRY_HASH_LEN])
{
	struct overlay *o = ctx;
	size_t i;

	if (seq <= o->store_head)
		return store_hash_at(o->store, o->origin, seq, out, NULL);
	for (i = 0; i < o->npend; i++)
		if (strcmp(o->pend[i].origin, o->origin) == 0 &&
		    o->pend[i].seq == seq) {
			memcpy(out, o->pend[i].hash, ENTRY_HASH_LEN);
			return 0;
		}
	return -1;
}

static void
count_result(struct sync *s, enum entry_verdict v, const char *reason)
{
	s->n_result[v]++;
	if (v == VERDICT_REJECTED && reason != NULL) {
		json_t *n = json_object_get(s->rejected_by_reason, reason);

		json_object_set_new(s->rejected_by_reason, reason,
		    json_integer(n ? json_integer_value(n) + 1 : 1));
	}
}

static void
add_proof(struct sync *s, char *proof, size_t len)
{
	size_t i;

	for (i = 0; i < s->nproofs; i++)
		if (s->proof_len[i] == len && memcmp(s->proofs[i], proof, len) == 0) {
			free(proof);
			return;
		}
	if (s->nproofs == MAX_PROOFS) {
		free(proof);
		return;
	}
	s->proofs[s->nproofs] = proof;
	s->proof_len[s->nproofs++] = len;
	for (i = 0; i < s->npeers; i++)
		s->peers[i].push_wanted = 1;
}

/* A fork: build the proof from the held entry and the new one, keep it,
 * quarantine the origin, and queue the proof for every peer. */
static void
fork_found(struct sync *s, struct nf_entry *e)
{
	struct nf_entry held;
	struct nferr err;
	size_t n = 0, len;
	char *proof;

	if (store_log_read(s->store, e->origin, e->seq - 1, 1, &held, &n,
	    &err) != 0 || n != 1) {
		log_error("sync: fork of %s at %" PRIu64 ": held entry "
		    "unreadable: %s", e->origin, e->seq, err.msg);
		return;
	}
	if (entry_fork_proof(&held, e, &proof, &len, &err) != 0) {
		log_error("sync: fork proof: %s", err.msg);
		entry_clear(&held);
		return;
	}
	entry_clear(&held);
	if (store_record_fork(s->store, e->origin, e->seq, proof, &err) != 0) {
		log_error("sync: cannot record fork: %s", err.msg);
		free(proof);
		return;
	}
	log_error("sync: FORK: %s signed two different entries with seq %"
	    PRIu64 "; origin quarantined, proof kept and passed on",
	    e->origin, e->seq);
	add_proof(s, proof, len);
}

static void
result_add(json_t *results, const struct nf_entry *e, size_t line,
    enum entry_verdict v, const struct nferr *err)
{
	json_t *r;

	if (results == NULL)
		return;
	r = json_object();
	if (e != NULL && e->origin[0]) {
		json_object_set_new(r, "origin", json_string(e->origin));
		json_object_set_new(r, "seq", json_integer((json_int_t)e->seq));
	} else {
		json_object_set_new(r, "line", json_integer((json_int_t)line));
	}
	json_object_set_new(r, "result", json_string(entry_verdict_name(v)));
	if (v != VERDICT_ACCEPTED && err->code != NULL) {
		json_object_set_new(r, "reason", json_string(err->code));
		json_object_set_new(r, "detail", json_string(err->msg));
	}
	json_array_append_new(results, r);
}

int
sync_ingest(struct sync *s, const char *peer, const char *buf, size_t len,
    json_t *results, json_t *heads, struct nferr *err)
{
	struct overlay ov[NORIGIN];
	struct nf_entry *pend;
	size_t npend = 0, line = 0, i;
	const char *p = buf, *end = buf + len;
	int64_t now = wall_ms();
	int rc = 0;

	pend = calloc(SYNC_BATCH_MAX, sizeof(*pend));
	if (pend == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	memset(ov, 0, sizeof(ov));
	for (i = 0; i < NORIGIN; i++) {
		ov[i].store = s->store;
		ov[i].origin = record_origins[i];
		ov[i].pend = pend;
		ov[i].store_head = UINT64_MAX;	/* read on first use */
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct nf_entry e;
		struct nferr verr;
		struct chain_view cv;
		struct overlay *o;
		enum entry_verdict v;
		int oi;

		line++;
		nferr_clear(&verr);
		if (l == 0) {
			p += 1;
			continue;
		}
		if (npend == SYNC_BATCH_MAX || line > 4 * SYNC_BATCH_MAX) {
			nferr_set(&verr, "batch_too_large", "",
			    "at most %d entries a batch", SYNC_BATCH_MAX);
			result_add(results, NULL, line, VERDICT_REJECTED, &verr);
			count_result(s, VERDICT_REJECTED, verr.code);
			break;
		}
		if (entry_decode(p, l, &e, &verr) != 0) {
			result_add(results, NULL, line, VERDICT_REJECTED, &verr);
			count_result(s, VERDICT_REJECTED, verr.code);
			goto next;
		}
		oi = origin_index(e.origin);
		o = &ov[oi];
		if (o->store_head == UINT64_MAX) {
			unsigned char h[ENTRY_HASH_LEN];

			if (store_head(s->store, e.origin, &o->store_head, h,
			    err) != 0) {
				entry_clear(&e);
				rc = -1;
				break;
			}
		}
		if (store_quarantined(s->store, e.origin) || o->blocked) {
			nferr_set(&verr, o->blocked ? "after_gap" : "quarantined",
			    "", o->blocked ? "an earlier entry of %s in this "
			    "batch was not accepted" : "origin %s is quarantined "
			    "after a fork", e.origin);
			v = VERDICT_REJECTED;
			result_add(results, &e, line, v, &verr);
			count_result(s, v, verr.code);
			entry_clear(&e);
			goto next;
		}
		memset(&cv, 0, sizeof(cv));
		cv.hash_at = overlay_hash_at;
		cv.ctx = o;
		{
			/* head: the last pending entry of this origin, or the store */
			uint64_t hs = o->store_head;
			int found = 0;

			for (i = npend; i-- > 0;)
				if (strcmp(pend[i].origin, e.origin) == 0) {
					hs = pend[i].seq;
					memcpy(cv.head_hash, pend[i].hash,
					    ENTRY_HASH_LEN);
					found = 1;
					break;
				}
			cv.head_seq = hs;
			if (!found && hs > 0 && store_hash_at(s->store, e.origin,
			    hs, cv.head_hash, err) != 0) {
				entry_clear(&e);
				rc = -1;
				break;
			}
		}
		o->npend = npend;
		v = entry_verify_decoded(&e, &s->kr, &cv, now, &verr);
		result_add(results, &e, line, v, &verr);
		count_result(s, v, verr.code);
		switch (v) {
		case VERDICT_ACCEPTED:
			if (e.op == OP_KEY) {
				unsigned char pk[KEY_PUB_LEN];
				const char *pk64 = json_string_value(json_object_get(
				    e.body, "public_key"));

				if (pk64 && keys_pub_decode(pk64, pk, NULL) == 0)
					keyring_rotate(&s->kr, e.origin, e.key, pk,
					    e.seq);
			}
			pend[npend++] = e;	/* moved into the batch */
			o->touched = 1;
			break;
		case VERDICT_FORK:
			fork_found(s, &e);
			o->blocked = 1;
			entry_clear(&e);
			break;
		case VERDICT_GAP:
			o->blocked = 1;
			entry_clear(&e);
			break;
		default:
			if (v == VERDICT_REJECTED)
				o->blocked = 1;
			entry_clear(&e);
			break;
		}
next:
		p += l + (nl ? 1 : 0);
	}
	if (rc == 0 && npend > 0 &&
	    store_apply_remote(s->store, pend, npend, peer, err) != 0) {
		log_error("sync: applying %zu entries from %s failed: %s", npend,
		    peer ? peer : "push", err->msg);
		rc = -1;
	}
	if (rc == 0 && heads != NULL) {
		for (i = 0; i < NORIGIN; i++) {
			uint64_t seq;
			unsigned char h[ENTRY_HASH_LEN];

			if (ov[i].store_head == UINT64_MAX)
				continue;
			if (store_head(s->store, record_origins[i], &seq, h,
			    NULL) == 0)
				json_object_set_new(heads, record_origins[i],
				    json_pack("{s:I}", "seq", (json_int_t)seq));
		}
	}
	for (i = 0; i < npend; i++)
		entry_clear(&pend[i]);
	free(pend);
	/* No push onwards from here: the origin pushes to every peer itself,
	 * and relaying at once sent each entry to every node up to seven
	 * times over (docs/benchmarks.md, convergence). Entries relay by
	 * pull, and by the push of each pull round to a peer whose clock
	 * shows it lacks them. */
	return rc;
}

int
sync_fork_receive(struct sync *s, const char *buf, size_t len,
    struct nferr *err)
{
	char origin[3];
	uint64_t seq;
	char *copy;

	if (entry_fork_verify(buf, len, &s->kr, origin, &seq, err) != 0)
		return -1;
	/* the proof is canonical (verified): keep it as a C string */
	if ((copy = malloc(len + 1)) == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	memcpy(copy, buf, len);
	copy[len] = '\0';
	if (store_record_fork(s->store, origin, seq, copy, err) != 0) {
		free(copy);
		return -1;
	}
	log_error("sync: FORK proof received: %s seq %" PRIu64
	    "; origin quarantined", origin, seq);
	add_proof(s, copy, len);
	return 0;
}

/* ---- libcurl multi on libevent ---------------------------------------- */

static void check_multi(struct sync *s);

static void
on_sock_event(evutil_socket_t fd, short what, void *arg)
{
	struct sync *s = arg;
	int running, flags = 0;

	if (what & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (what & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(s->multi, fd, flags, &running);
	check_multi(s);
}

static int
on_curl_socket(CURL *easy, curl_socket_t fd, int what, void *userp,
    void *sockp)
{
	struct sync *s = userp;
	struct sock_ctx *sc = sockp;
	short kind;

	if (what == CURL_POLL_REMOVE) {
		if (sc != NULL) {
			event_free(sc->ev);
			free(sc);
			curl_multi_assign(s->multi, fd, NULL);
		}
		return 0;
	}
	kind = EV_PERSIST | ((what & CURL_POLL_IN) ? EV_READ : 0) |
	    ((what & CURL_POLL_OUT) ? EV_WRITE : 0);
	if (sc == NULL) {
		if ((sc = calloc(1, sizeof(*sc))) == NULL)
			return -1;
		sc->s = s;
		sc->fd = fd;
		sc->ev = event_new(s->base, fd, kind, on_sock_event, s);
		if (sc->ev == NULL) {
			free(sc);
			return -1;
		}
		curl_multi_assign(s->multi, fd, sc);
	} else {
		event_del(sc->ev);
		event_assign(sc->ev, s->base, fd, kind, on_sock_event, s);
	}
	event_add(sc->ev, NULL);
	return 0;
}

static void
on_curl_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct sync *s = arg;
	int running;

	curl_multi_socket_action(s->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_multi(s);
}

static int
on_curl_timer(CURLM *multi, long timeout_ms, void *userp)
{
	struct sync *s = userp;
	struct timeval tv;

	if (timeout_ms < 0) {
		event_del(s->curl_timer);
		return 0;
	}
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	evtimer_add(s->curl_timer, &tv);
	return 0;
}

/* ---- peer health -------------------------------------------------------- */

static void
peer_ok(struct peer *p)
{
	if (p->breaker_open || p->fails)
		log_info("sync: peer %s reachable again", p->cp->name);
	p->fails = 0;
	p->breaker_open = 0;
	p->retry_at_ms = 0;
	p->last_ok_wall_ms = wall_ms();
}

/* A retryable failure: exponential backoff with full jitter over the
 * upper half, capped; the breaker opens after breaker_failures. */
static void
peer_fail(struct peer *p, const char *what, int retry)
{
	struct sync *s = p->s;
	int64_t cap = s->conf->backoff_max_ms, d;
	int shift = p->fails < 20 ? p->fails : 20;

	p->failures++;
	p->last_err_wall_ms = wall_ms();
	snprintf(p->last_error, sizeof(p->last_error), "%s", what);
	if (!retry)
		return;
	p->fails++;
	d = (int64_t)BACKOFF_BASE_MS << shift;
	if (d > cap)
		d = cap;
	d = d / 2 + (int64_t)randombytes_uniform((uint32_t)(d / 2 + 1));
	p->retry_at_ms = mono_ms() + d;
	if (p->retry_ev != NULL) {
		/* a waiting push goes as soon as the backoff allows, not at
		 * the next pull round or the next local write */
		struct timeval tv = { (time_t)(d / 1000), (suseconds_t)(d % 1000) * 1000 };

		evtimer_add(p->retry_ev, &tv);
	}
	if (!p->breaker_open && p->fails >= s->conf->breaker_failures) {
		p->breaker_open = 1;
		log_warn("sync: peer %s: circuit open after %d failures (%s)",
		    p->cp->name, p->fails, what);
	} else if (p->fails == 1) {
		log_warn("sync: peer %s: %s; retrying in %" PRId64 " ms",
		    p->cp->name, what, d);
	}
}

static int
peer_may_send(struct peer *p)
{
	return p->retry_at_ms == 0 || mono_ms() >= p->retry_at_ms;
}

/* ---- requests ------------------------------------------------------------ */

static void
chan_reset(struct chan *c)
{
	if (c->easy != NULL) {
		curl_multi_remove_handle(c->peer->s->multi, c->easy);
		curl_easy_cleanup(c->easy);
	}
	curl_slist_free_all(c->hdrs);
	free(c->post);
	free(c->resp.p);
	c->easy = NULL;
	c->hdrs = NULL;
	c->post = NULL;
	c->post_len = 0;
	memset(&c->resp, 0, sizeof(c->resp));
	c->kind = REQ_NONE;
}

/* Start a request on channel c. post (owned, may be NULL) is sent as
 * JSON Lines (ctype given). 0 or -1. */
static int
chan_start(struct chan *c, enum req_kind kind, const char *path, char *post,
    size_t post_len, const char *ctype)
{
	struct peer *p = c->peer;
	char url[600], hdr[80];

	snprintf(url, sizeof(url), "%s%s", p->cp->url, path);
	c->easy = curl_easy_init();
	if (c->easy == NULL) {
		free(post);
		return -1;
	}
	c->kind = kind;
	c->resp.max = SYNC_RESPONSE_MAX;
	c->post = post;
	c->post_len = post_len;
	c->started_ms = mono_ms();
	curl_easy_setopt(c->easy, CURLOPT_URL, url);
	curl_easy_setopt(c->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c->easy, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(c->easy, CURLOPT_WRITEDATA, &c->resp);
	curl_easy_setopt(c->easy, CURLOPT_PRIVATE, c);
	curl_easy_setopt(c->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->easy, CURLOPT_TIMEOUT_MS, (long)REQ_TIMEOUT_MS);
	curl_easy_setopt(c->easy, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)CONNECT_TIMEOUT_MS);
	curl_easy_setopt(c->easy, CURLOPT_TCP_NODELAY, 1L);
	curl_easy_setopt(c->easy, CURLOPT_USERAGENT, "nordfed-node/1");
	if (p->cp->ca_file != NULL)	/* else the system's CA store */
		curl_easy_setopt(c->easy, CURLOPT_CAINFO, p->cp->ca_file);
	snprintf(hdr, sizeof(hdr), "X-Nordfed-Origin: %s", p->s->own);
	c->hdrs = curl_slist_append(c->hdrs, hdr);
	c->hdrs = curl_slist_append(c->hdrs, "Expect:");
	if (post != NULL) {
		snprintf(hdr, sizeof(hdr), "Content-Type: %s", ctype);
		c->hdrs = curl_slist_append(c->hdrs, hdr);
		curl_easy_setopt(c->easy, CURLOPT_POSTFIELDS, c->post);
		curl_easy_setopt(c->easy, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)post_len);
	}
	curl_easy_setopt(c->easy, CURLOPT_HTTPHEADER, c->hdrs);
	p->requests++;
	if (curl_multi_add_handle(p->s->multi, c->easy) != CURLM_OK) {
		chan_reset(c);
		return -1;
	}
	return 0;
}

/* Our head of origin index oi. */
static uint64_t
our_head(struct sync *s, int oi)
{
	uint64_t seq = 0;
	unsigned char h[ENTRY_HASH_LEN];

	store_head(s->store, record_origins[oi], &seq, h, NULL);
	return seq;
}

/* Ask peer p for origin oi's log after seq `after`. */
static int
log_request(struct peer *p, int oi, uint64_t after, int prefetched)
{
	char path[128];

	snprintf(path, sizeof(path),
	    "/federation/v1/log/%s?after=%" PRIu64 "&limit=%d",
	    record_origins[oi], after, PULL_BATCH);
	p->pull.origin = oi;
	p->pull.after = after;
	p->pull.prefetched = prefetched;
	return chan_start(&p->pull, REQ_LOG, path, NULL, 0, NULL);
}

/* Pull: the next log request of the round, or end the round. */
static void
pull_next(struct peer *p)
{
	struct sync *s = p->s;

	while (p->pull_origin < NORIGIN) {
		int oi = p->pull_origin;
		uint64_t mine = our_head(s, oi);

		if (oi != s->own_index && p->head[oi] > mine &&
		    !store_quarantined(s->store, record_origins[oi])) {
			if (log_request(p, oi, mine, 0) != 0)
				peer_fail(p, "cannot start a request", 1);
			return;
		}
		p->pull_origin++;
	}
	p->pull_round = 0;
}

/* Push: forks first, then the first origin the peer lacks entries of
 * (this node's own first). */
static void
push_next(struct peer *p)
{
	struct sync *s = p->s;
	struct nf_entry *ents;
	size_t n = 0, i, len = 0, cap = 0;
	char *body = NULL;
	int k, oi = -1;

	if (p->push.easy != NULL || !peer_may_send(p))
		return;
	if (p->proofs_sent < s->nproofs) {
		char *copy = malloc(s->proof_len[p->proofs_sent] + 1);

		if (copy == NULL)
			return;
		memcpy(copy, s->proofs[p->proofs_sent],
		    s->proof_len[p->proofs_sent] + 1);
		if (chan_start(&p->push, REQ_FORK, "/federation/v1/forks", copy,
		    s->proof_len[p->proofs_sent], "application/json") != 0)
			peer_fail(p, "cannot start a request", 1);
		return;
	}
	if (!(p->push_wanted || p->relay_wanted) || !p->clock_known)
		return;
	/* Our own entries whenever they are new. Other origins' only just
	 * after the peer's clock was read: between clocks what we know of
	 * the peer is stale, and it has most likely had them from their
	 * origin already (relaying at once cost every write seven
	 * duplicate entries on every node: docs/benchmarks.md). */
	for (k = 0; k < (p->relay_wanted ? NORIGIN : 1); k++) {
		int cand = (s->own_index + k) % NORIGIN;

		if (p->head[cand] < our_head(s, cand) &&
		    strcmp(record_origins[cand], p->cp->country) != 0) {
			oi = cand;
			break;
		}
	}
	if (oi < 0) {
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

		if (len < PUSH_BYTES_MAX &&
		    entry_encode(&ents[i], 1, &w, &wl, NULL) == 0) {
			if (len + wl + 2 > cap) {
				char *q;

				cap = (len + wl + 2) * 2;
				if ((q = realloc(body, cap)) == NULL) {
					free(w);
					break;
				}
				body = q;
			}
			memcpy(body + len, w, wl);
			len += wl;
			body[len++] = '\n';
			body[len] = '\0';
			free(w);
		}
		entry_clear(&ents[i]);
	}
	free(ents);
	if (len == 0) {
		free(body);
		return;
	}
	p->push.origin = oi;
	if (chan_start(&p->push, REQ_PUSH, "/federation/v1/push", body, len,
	    "application/x-ndjson") != 0)
		peer_fail(p, "cannot start a request", 1);
}

/* Parse a clock {"SE":{"seq":N,"hash":..},...} into p->head. */
static int
take_clock(struct peer *p, const char *buf, size_t len)
{
	json_t *o = json_loadb(buf, len, JSON_REJECT_DUPLICATES, NULL), *v;
	const char *k;
	int oi;

	if (!json_is_object(o)) {
		json_decref(o);
		return -1;
	}
	memset(p->head, 0, sizeof(p->head));
	json_object_foreach(o, k, v) {
		json_t *seq = json_object_get(v, "seq");

		if ((oi = origin_index(k)) >= 0 && json_is_integer(seq) &&
		    json_integer_value(seq) >= 0)
			p->head[oi] = (uint64_t)json_integer_value(seq);
	}
	p->clock_known = 1;
	json_decref(o);
	return 0;
}

/* Heads in a push reply: {"results":[..],"heads":{"SE":{"seq":N}}}. */
static void
take_push_reply(struct peer *p, const char *buf, size_t len)
{
	json_t *o = json_loadb(buf, len, JSON_REJECT_DUPLICATES, NULL), *v;
	const char *k;
	int oi;

	json_object_foreach(json_object_get(o, "heads"), k, v) {
		json_t *seq = json_object_get(v, "seq");

		if ((oi = origin_index(k)) >= 0 && json_is_integer(seq))
			p->head[oi] = (uint64_t)json_integer_value(seq);
	}
	json_decref(o);
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
 * origin for this round.
 */
static void
on_log(struct peer *p, struct chan *c)
{
	struct sync *s = p->s;
	int oi = c->origin, more, running;
	uint64_t before = our_head(s, oi), last;
	struct buf body = c->resp;
	struct nferr err;

	memset(&c->resp, 0, sizeof(c->resp));
	if (c->prefetched && c->after != before) {
		chan_reset(c);
		free(body.p);
		if (before < p->head[oi] && log_request(p, oi, before, 0) == 0)
			return;
		p->pull_origin++;
		pull_next(p);
		return;
	}
	chan_reset(c);
	last = body.len ? last_seq_hint(body.p, body.len) : 0;
	more = last > before && last < p->head[oi];
	if (more && log_request(p, oi, last, 1) == 0)
		curl_multi_socket_action(s->multi, CURL_SOCKET_TIMEOUT, 0,
		    &running);	/* send it now, not after the apply */
	else
		more = 0;
	if (body.len > 0 && sync_ingest(s, p->cp->name, body.p, body.len, NULL,
	    NULL, &err) != 0) {
		free(body.p);
		chan_reset(&p->pull);
		peer_fail(p, "log: store failed", 1);
		p->pull_round = 0;
		return;
	}
	free(body.p);
	if (more && our_head(s, oi) > before)
		return;		/* the prefetched batch carries on */
	if (more)
		chan_reset(&p->pull);	/* no progress: drop the prefetch */
	/* still behind after progress (a short batch): ask again; else
	 * the next origin */
	if (!more && our_head(s, oi) > before && our_head(s, oi) < p->head[oi] &&
	    log_request(p, oi, our_head(s, oi), 0) == 0)
		return;
	p->pull_origin++;
	pull_next(p);
}

static void
on_done(struct chan *c, CURLcode res)
{
	struct peer *p = c->peer;
	long status = 0;
	char what[200];

	curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &status);
	if (res != CURLE_OK || status != 200) {
		int retry = res != CURLE_OK || status == 429 || status >= 500;

		if (res != CURLE_OK)
			snprintf(what, sizeof(what), "%s: %s",
			    req_names[c->kind], c->resp.overflow ?
			    "response too large" : curl_easy_strerror(res));
		else
			snprintf(what, sizeof(what), "%s: HTTP %ld",
			    req_names[c->kind], status);
		peer_fail(p, what, retry);
		if (c == &p->pull)
			p->pull_round = 0;
		else if (!retry && c->kind == REQ_FORK)
			p->proofs_sent++;	/* refused: not retried */
		else if (!retry)
			p->push_wanted = 0;	/* 4xx: until new entries */
		chan_reset(c);
		return;
	}
	peer_ok(p);
	switch (c->kind) {
	case REQ_CLOCK:
		if (take_clock(p, c->resp.p, c->resp.len) != 0) {
			peer_fail(p, "clock: not a clock", 0);
			p->pull_round = 0;
			break;
		}
		p->pull_origin = 0;
		chan_reset(c);
		pull_next(p);
		p->relay_wanted = 1;
		push_next(p);
		return;
	case REQ_LOG:
		on_log(p, c);
		return;
	case REQ_PUSH:
		take_push_reply(p, c->resp.p, c->resp.len);
		chan_reset(c);
		push_next(p);
		return;
	case REQ_FORK:
		p->proofs_sent++;
		chan_reset(c);
		push_next(p);
		return;
	default:
		break;
	}
	chan_reset(c);
}

static void
check_multi(struct sync *s)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(s->multi, &left)) != NULL) {
		struct chan *c = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&c);
		if (c != NULL)
			on_done(c, m->data.result);
	}
}

/* ---- timers -------------------------------------------------------------- */

/* Start a pull round with peer p: its clock, then the logs it is ahead on. */
static void
peer_pull(struct peer *p)
{
	if (p->pull.easy != NULL || !peer_may_send(p))
		return;
	p->pull_round = 1;
	if (chan_start(&p->pull, REQ_CLOCK, "/federation/v1/clock", NULL, 0,
	    NULL) != 0)
		peer_fail(p, "cannot start a request", 1);
}

static void
pull_round(struct sync *s)
{
	size_t i;

	s->rounds++;
	for (i = 0; i < s->npeers; i++)
		peer_pull(&s->peers[i]);
}

static void
on_pull_timer(evutil_socket_t fd, short what, void *arg)
{
	struct sync *s = arg;
	struct timeval tv;
	int ms = s->conf->pull_interval_ms;

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

static void
on_retry(evutil_socket_t fd, short what, void *arg)
{
	struct peer *p = arg;

	/* a peer that was not up when this node started: read its clock
	 * now rather than at the next round, so pushes can start */
	if (!p->clock_known)
		peer_pull(p);
	push_next(p);
}

static void
on_kick(evutil_socket_t fd, short what, void *arg)
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

	if (s->npeers > 0)
		evtimer_add(s->pull_timer, &soon);
}

/* ---- lifecycle ------------------------------------------------------------ */

struct sync *
sync_new(struct event_base *base, struct store *store, const struct conf *conf,
    const struct nf_key *own, struct nferr *err)
{
	struct sync *s;
	size_t i;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		nferr_set(err, "internal", "", "out of memory");
		return NULL;
	}
	s->base = base;
	s->store = store;
	s->conf = conf;
	memcpy(s->own, conf->country, 3);
	s->own_index = origin_index(s->own);
	s->rejected_by_reason = json_object();
	if (keyring_load(s, own, err) != 0)
		goto fail;
	s->multi = curl_multi_init();
	s->curl_timer = evtimer_new(base, on_curl_timeout, s);
	s->pull_timer = evtimer_new(base, on_pull_timer, s);
	s->kick_ev = evtimer_new(base, on_kick, s);
	if (s->multi == NULL || s->curl_timer == NULL || s->pull_timer == NULL ||
	    s->kick_ev == NULL) {
		nferr_set(err, "internal", "", "cannot set up libcurl/libevent");
		goto fail;
	}
	curl_multi_setopt(s->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
	curl_multi_setopt(s->multi, CURLMOPT_SOCKETDATA, s);
	curl_multi_setopt(s->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
	curl_multi_setopt(s->multi, CURLMOPT_TIMERDATA, s);
	curl_multi_setopt(s->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 4L);
	for (i = 0; i < conf->npeers; i++) {
		struct peer *p = &s->peers[s->npeers++];

		p->s = s;
		p->cp = &conf->peers[i];
		p->pull.peer = p;
		p->push.peer = p;
		if ((p->retry_ev = evtimer_new(base, on_retry, p)) == NULL) {
			nferr_set(err, "internal", "", "cannot set up a timer");
			goto fail;
		}
	}
	return s;
fail:
	sync_free(s);
	return NULL;
}

void
sync_free(struct sync *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->npeers; i++) {
		chan_reset(&s->peers[i].pull);
		chan_reset(&s->peers[i].push);
		if (s->peers[i].retry_ev != NULL)
			event_free(s->peers[i].retry_ev);
	}
	if (s->multi != NULL)
		curl_multi_cleanup(s->multi);	/* before the events go */
	if (s->curl_timer)
		event_free(s->curl_timer);
	if (s->pull_timer)
		event_free(s->pull_timer);
	if (s->kick_ev)
		event_free(s->kick_ev);
	for (i = 0; i < s->nproofs; i++)
		free(s->proofs[i]);
	json_decref(s->rejected_by_reason);
	keyring_free(&s->kr);
	free(s);
}

/* ---- status and metrics ----------------------------------------------------- */

static json_t *
ts_or_null(int64_t ms)
{
	char ts[ENTRY_TS_LEN + 1];

	if (ms == 0)
		return json_null();
	entry_ts_format(ms, ts);
	return json_string(ts);
}

json_t *
sync_status(struct sync *s)
{
	json_t *out = json_object(), *peers = json_array(), *origins = json_object();
	int64_t now = mono_ms();
	size_t i;
	int oi;

	for (i = 0; i < s->npeers; i++) {
		struct peer *p = &s->peers[i];
		uint64_t queue = 0;
		int64_t retry = p->retry_at_ms > now ? p->retry_at_ms - now : 0;

		for (oi = 0; oi < NORIGIN; oi++) {
			uint64_t mine = our_head(s, oi);

			if (p->clock_known && mine > p->head[oi] &&
			    strcmp(record_origins[oi], p->cp->country) != 0)
				queue += mine - p->head[oi];
		}
		json_array_append_new(peers, json_pack(
		    "{s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:I, s:I, s:s, s:b, s:I, s:I}",
		    "name", p->cp->name, "url", p->cp->url, "country", p->cp->country,
		    "reachable", p->last_ok_wall_ms != 0 && p->fails == 0,
		    "last_success", ts_or_null(p->last_ok_wall_ms),
		    "last_error", p->last_error[0] ? json_string(p->last_error) :
		    json_null(),
		    "last_error_at", ts_or_null(p->last_err_wall_ms),
		    "retry_in_ms", (json_int_t)retry,
		    "queue", (json_int_t)queue,
		    "breaker", p->breaker_open ? "open" : "closed",
		    "clock_known", p->clock_known,
		    "requests", (json_int_t)p->requests,
		    "failures", (json_int_t)p->failures));
	}
	for (oi = 0; oi < NORIGIN; oi++) {
		uint64_t mine = our_head(s, oi), best = mine;

		for (i = 0; i < s->npeers; i++)
			if (s->peers[i].clock_known && s->peers[i].head[oi] > best)
				best = s->peers[i].head[oi];
		json_object_set_new(origins, record_origins[oi], json_pack(
		    "{s:I, s:I, s:I, s:b}", "head", (json_int_t)mine,
		    "best_known", (json_int_t)best, "lag", (json_int_t)(best - mine),
		    "quarantined", store_quarantined(s->store, record_origins[oi])));
	}
	json_object_set_new(out, "node", json_string(s->own));
	json_object_set_new(out, "peers", peers);
	json_object_set_new(out, "origins", origins);
	{
		json_t *forks = NULL;

		if (store_forks(s->store, &forks, NULL) == 0)
			json_object_set_new(out, "forks", forks);
	}
	json_object_set_new(out, "entries", json_pack("{s:I, s:I, s:I, s:I, s:I, s:O}",
	    "accepted", (json_int_t)s->n_result[VERDICT_ACCEPTED],
	    "duplicate", (json_int_t)s->n_result[VERDICT_DUPLICATE],
	    "gap", (json_int_t)s->n_result[VERDICT_GAP],
	    "fork", (json_int_t)s->n_result[VERDICT_FORK],
	    "rejected", (json_int_t)s->n_result[VERDICT_REJECTED],
	    "rejected_by_reason", s->rejected_by_reason));
	return out;
}

void
sync_metrics(struct sync *s, struct evbuffer *b)
{
	int64_t now = mono_ms();
	const char *k;
	json_t *v;
	size_t i;
	int oi;

	evbuffer_add_printf(b,
	    "# HELP nordfed_sync_peer_up Whether the last request to the peer succeeded.\n"
	    "# TYPE nordfed_sync_peer_up gauge\n");
	for (i = 0; i < s->npeers; i++)
		evbuffer_add_printf(b, "nordfed_sync_peer_up{peer=\"%s\"} %d\n",
		    s->peers[i].cp->name, s->peers[i].last_ok_wall_ms != 0 &&
		    s->peers[i].fails == 0);
	evbuffer_add_printf(b,
	    "# HELP nordfed_sync_peer_breaker_open Whether the peer's circuit breaker is open.\n"
	    "# TYPE nordfed_sync_peer_breaker_open gauge\n");
	for (i = 0; i < s->npeers; i++)
		evbuffer_add_printf(b,
		    "nordfed_sync_peer_breaker_open{peer=\"%s\"} %d\n",
		    s->peers[i].cp->name, s->peers[i].breaker_open);
	evbuffer_add_printf(b,
	    "# HELP nordfed_sync_peer_retry_in_seconds Time until the next attempt to the peer.\n"
	    "# TYPE nordfed_sync_peer_retry_in_seconds gauge\n");
	for (i = 0; i < s->npeers; i++) {
		int64_t r = s->peers[i].retry_at_ms > now ?
		    s->peers[i].retry_at_ms - now : 0;

		evbuffer_add_printf(b,
		    "nordfed_sync_peer_retry_in_seconds{peer=\"%s\"} %.3f\n",
		    s->peers[i].cp->name, (double)r / 1000.0);
	}
	evbuffer_add_printf(b,
	    "# HELP nordfed_sync_peer_requests_total Requests sent to the peer.\n"
	    "# TYPE nordfed_sync_peer_requests_total counter\n");
	for (i = 0; i < s->npeers; i++)
		evbuffer_add_printf(b,
		    "nordfed_sync_peer_requests_total{peer=\"%s\"} %" PRIu64 "\n",
		    s->peers[i].cp->name, s->peers[i].requests);
	evbuffer_add_printf(b,
	    "# HELP nordfed_sync_peer_failures_total Failed requests to the peer.\n"
	    "# TYPE nordfed_sync_peer_failures_total counter\n");
	for (i = 0; i < s->npeers; i++)
		evbuffer_add_printf(b,
		    "nordfed_sync_peer_failures_total{peer=\"%s\"} %" PRIu64 "\n",
		    s->peers[i].cp->name, s->peers[i].failures);
	evbuffer_add_printf(b,
	    "# HELP nordfed_sync_origin_head Newest seq held of each origin.\n"
	    "# TYPE nordfed_sync_origin_head gauge\n");
	for (oi = 0; oi < NORIGIN; oi++)
		evbuffer_add_printf(b, "nordfed_sync_origin_head{origin=\"%s\"} %"
		    PRIu64 "\n", record_origins[oi], our_head(s, oi));
	evbuffer_add_printf(b,
	    "# HELP nordfed_sync_origin_lag_entries Entries of the origin a peer has and this node has not.\n"
	    "# TYPE nordfed_sync_origin_lag_entries gauge\n");
	for (oi = 0; oi < NORIGIN; oi++) {
		uint64_t mine = our_head(s, oi), best = mine;

		for (i = 0; i < s->npeers; i++)
			if (s->peers[i].clock_known && s->peers[i].head[oi] > best)
				best = s->peers[i].head[oi];
		evbuffer_add_printf(b,
		    "nordfed_sync_origin_lag_entries{origin=\"%s\"} %" PRIu64 "\n",
		    record_origins[oi], best - mine);
	}
	evbuffer_add_printf(b,
	    "# HELP nordfed_sync_origin_quarantined Whether the origin is quarantined after a fork.\n"
	    "# TYPE nordfed_sync_origin_quarantined gauge\n");
	for (oi = 0; oi < NORIGIN; oi++)
		evbuffer_add_printf(b,
		    "nordfed_sync_origin_quarantined{origin=\"%s\"} %d\n",
		    record_origins[oi],
		    store_quarantined(s->store, record_origins[oi]));
	evbuffer_add_printf(b,
	    "# HELP nordfed_sync_entries_total Incoming entries by verdict.\n"
	    "# TYPE nordfed_sync_entries_total counter\n");
	for (i = 0; i <= VERDICT_REJECTED; i++)
		evbuffer_add_printf(b,
		    "nordfed_sync_entries_total{result=\"%s\"} %" PRIu64 "\n",
		    entry_verdict_name((enum entry_verdict)i), s->n_result[i]);
	evbuffer_add_printf(b,
	    "# HELP nordfed_sync_entries_rejected_total Rejected incoming entries by reason.\n"
	    "# TYPE nordfed_sync_entries_rejected_total counter\n");
	json_object_foreach(s->rejected_by_reason, k, v)
		evbuffer_add_printf(b,
		    "nordfed_sync_entries_rejected_total{reason=\"%s\"} %" JSON_INTEGER_FORMAT "\n",
		    k, json_integer_value(v));
}

/* ---- operator requests (node/admin.c, nordfedctl) ------------------------ */

int
sync_resync(struct sync *s, const char *origin, uint64_t from,
    const char *peer, json_t **out, struct nferr *err)
{
	int oi = origin_index(origin);
	int64_t now = mono_ms();
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
	mine = our_head(s, oi);
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
		if (p->pull.easy != NULL)
			chan_reset(&p->pull);
		p->pull_round = 1;
		if (from > 0 && from <= mine && p->clock_known) {
			/* held entries come back as duplicates (a different
			 * one is a fork), then the round goes on as usual */
			after = from - 1;
			p->pull_origin = oi;
			kind = "log";
			rc = log_request(p, oi, after, 0);
		} else {
			/* the peer's clock first, then every origin it is
			 * ahead on, from this node's head */
			after = mine;
			kind = "clock";
			rc = chan_start(&p->pull, REQ_CLOCK, "/federation/v1/clock",
			    NULL, 0, NULL);
		}
		if (rc != 0) {
			peer_fail(p, "cannot start a request", 1);
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
	entry_ts_format(wall_ms(), ts);
	*out = json_pack("{s:s, s:I, s:I, s:s, s:o}", "origin", origin,
	    "from", (json_int_t)(from > 0 ? from : mine + 1),
	    "head", (json_int_t)mine, "at", ts, "peers", peers);
	if (*out == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	return 0;
}

void
sync_keys_reset(struct sync *s, const char *origin)
{
	size_t i, j = 0;

	if (strcmp(origin, s->own) == 0)
		return;
	for (i = 0; i < s->kr.n; i++)
		if (strcmp(s->kr.keys[i].origin, origin) != 0)
			s->kr.keys[j++] = s->kr.keys[i];
	s->kr.n = j;
	for (i = 0; i < s->conf->npeers; i++)
		if (strcmp(s->conf->peers[i].country, origin) == 0)
			keyring_add(&s->kr, origin, s->conf->peers[i].pk, 1);
	for (i = 0; i < s->conf->npins; i++)
		if (strcmp(s->conf->pins[i].country, origin) == 0)
			keyring_add(&s->kr, origin, s->conf->pins[i].pk, 1);
}

/* ---- this node's own key rotation (node/rotate.c) ---------------------- */

int
sync_own_key_rotated(struct sync *s, const char *old_id,
    const unsigned char new_pk[KEY_PUB_LEN], uint64_t seq)
{
	if (keyring_rotate(&s->kr, s->own, old_id, new_pk, seq) != 0) {
		log_error("sync: own key %s is not current in the keyring; "
		    "rotation at %" PRIu64 " not followed", old_id, seq);
		return -1;
	}
	return 0;
}
