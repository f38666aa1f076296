/*
 * sync_ingest: the receiving side. sync_ingest() verifies a batch of
 * wire entries (docs/protocol.md, "Verification") against the keyring
 * and the chain as the store (the batch's entries so far included) sees
 * it, and applies the accepted ones with the peer's cursor in one store
 * transaction, verifying the next entries on a second thread meanwhile.
 * A page pulled while the peer has more may leave that transaction open
 * for the next pages (SYNC_HOLD_*, "held"). Forks are recorded with their
 * proof once the batch is committed, the origin is quarantined, and the
 * proof is queued for every peer.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "log.h"
#include "sync_int.h"

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

/*
 * Queue a proof (owned) of a fork of origin oi for every peer. At most
 * PROOFS_PER_ORIGIN an origin are relayed: one quarantines it on every
 * node, and a forking origin must not fill the table and silence the
 * proofs of others. Later ones stay in the store, counted.
 */
static void
add_proof(struct sync *s, char *proof, size_t len, int oi)
{
	size_t i, same = 0;
	char key[LOG_LIMIT_KEY_MAX];

	for (i = 0; i < s->nproofs; i++) {
		if (s->proof_len[i] == len && memcmp(s->proofs[i], proof, len) == 0) {
			free(proof);
			return;
		}
		same += s->proof_origin[i] == oi;
	}
	if (same >= PROOFS_PER_ORIGIN || s->nproofs == MAX_PROOFS) {
		s->proofs_held_back[oi]++;
		snprintf(key, sizeof(key), "proofs/%s", record_origins[oi]);
		log_limited(&s->ll, LOG_LEVEL_WARN, key, 1, "sync: another "
		    "proof of a fork of %s is kept but not passed on: %d are, "
		    "and one quarantines %s on every node (%" PRIu64 " held "
		    "back)", record_origins[oi], PROOFS_PER_ORIGIN,
		    record_origins[oi], s->proofs_held_back[oi]);
		free(proof);
		return;
	}
	s->proofs[s->nproofs] = proof;
	s->proof_origin[s->nproofs] = oi;
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
	add_proof(s, proof, len, sync_origin_index(e->origin));
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

/* ---- several pulled pages a transaction --------------------------------- */

static void
hold_forget(struct sync *s)
{
	s->held_pages = 0;
	s->held_entries = 0;
	s->held_bytes = 0;
}

/* A held apply that is gone (the store committed it before another
 * write, or its commit failed) is counted, and a failure said. */
void
sync_hold_settle(struct sync *s)
{
	char msg[256];
	uint64_t lost = store_held_lost(s->store, msg, sizeof(msg));

	if (lost > 0)
		log_error("sync: a held catch-up transaction could not be "
		    "committed and was rolled back (%" PRIu64 " so far); its "
		    "entries are pulled again: %s", lost, msg);
	if (s->held_pages > 0 && store_remote_held(s->store) == NULL) {
		if (lost == 0)
			s->pull_commits++;
		hold_forget(s);
	}
}

void
sync_hold_end(struct sync *s)
{
	struct nferr err;

	if (s->hold_ev != NULL)
		evtimer_del(s->hold_ev);
	if (store_remote_held(s->store) != NULL &&
	    store_held_commit(s->store, &err) != 0) {
		log_error("sync: the held catch-up transaction could not be "
		    "committed and was rolled back; its entries are pulled "
		    "again: %s", err.msg);
		hold_forget(s);
	}
	sync_hold_settle(s);
}

static const struct timeval hold_idle = {
	SYNC_HOLD_IDLE_MS / 1000, (SYNC_HOLD_IDLE_MS % 1000) * 1000 };

/* A held apply no page has followed for SYNC_HOLD_IDLE_MS: committed,
 * unless the holding peer's next page is still on its way (that request
 * has its timeout, and however it ends, the hold ends with it). */
void
sync_on_hold_timer(evutil_socket_t fd, short what, void *arg)
{
	struct sync *s = arg;
	struct peer *p = sync_peer_find(s, store_remote_held(s->store));

	(void)fd;
	(void)what;
	if (p != NULL && p->pull.easy != NULL && p->pull.kind == REQ_LOG) {
		evtimer_add(s->hold_ev, &hold_idle);
		return;
	}
	sync_hold_end(s);
}

/* ---- verification on a second thread ------------------------------------ */

/*
 * The steps of the verification that need nothing of the store (size,
 * parse, canonical form, signature, application rules) run on a worker
 * thread, entry after entry, while the loop thread takes each verified
 * entry in order, checks it against the chain and applies it in the
 * batch's one store transaction. The loop thread is the only one that
 * touches the store, libevent and the logs; the worker touches only the
 * slots and, for signatures, the keyring.
 *
 * The keyring changes only at an accepted key entry, and what follows
 * it must be checked against the rotated ring: so the worker, after a
 * key entry whose signature and rules hold, waits until the loop thread
 * has decided it (and rotated the ring) before it checks the next one.
 */
#define VERIFY_THREAD_MIN 16    /* entries a batch needs for the worker */

struct vslot {
	const char *line;
	size_t len, lineno;
	int decoded, sig_ok, rules_ok;
	struct nf_entry e;          /* when decoded; moved out when applied */
	struct nferr err;           /* of the first step that failed */
	const char *body;           /* canonical body bytes inside line */
	size_t blen;
};

struct verifier {
	struct sync *s;
	struct vslot *slot;
	size_t n;                   /* slots */
	int64_t now;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t ready;               /* slots [0, ready) are verified */
	size_t decided;             /* slots [0, decided) are decided */
	int stop;
	int threaded;
};

/*
 * The body's canonical bytes inside a canonical wire line: "body" sorts
 * first, and the body ends where the line's last ,"body_hash":" begins
 * (no later field can hold a quote). Taken only when they hash to the
 * entry's body_hash, so they are exactly the body that was signed.
 */
static void
body_bytes(struct vslot *v)
{
	static const char pre[] = "{\"body\":", tag[] = ",\"body_hash\":\"";
	unsigned char h[ENTRY_HASH_LEN];
	const char *p;

	if (v->e.body == NULL || !v->e.has_body_hash || v->len < sizeof(pre) ||
	    memcmp(v->line, pre, sizeof(pre) - 1) != 0)
		return;
	for (p = v->line + v->len - (sizeof(tag) - 1); p > v->line; p--)
		if (memcmp(p, tag, sizeof(tag) - 1) == 0)
			break;
	if (p <= v->line + sizeof(pre) - 1)
		return;
	crypto_generichash(h, ENTRY_HASH_LEN, (const unsigned char *)v->line +
	    sizeof(pre) - 1, (size_t)(p - v->line) - (sizeof(pre) - 1), NULL, 0);
	if (memcmp(h, v->e.body_hash, ENTRY_HASH_LEN) != 0)
		return;
	v->body = v->line + sizeof(pre) - 1;
	v->blen = (size_t)(p - v->body);
}

/* Decode, signature, rules, body bytes of slot i. */
static void
verify_slot(struct verifier *vf, size_t i)
{
	struct vslot *v = &vf->slot[i];

	nferr_clear(&v->err);
	if (entry_decode(v->line, v->len, &v->e, &v->err) != 0)
		return;
	v->decoded = 1;
	if (entry_check_sig(&v->e, &vf->s->kr, &v->err) != 0)
		return;
	v->sig_ok = 1;
	if (entry_check_rules(&v->e, vf->now, &v->err) != 0)
		return;
	v->rules_ok = 1;
	body_bytes(v);
}

static void *
verifier_main(void *arg)
{
	struct verifier *vf = arg;
	size_t i;

	for (i = 0; i < vf->n; i++) {
		pthread_mutex_lock(&vf->mu);
		if (vf->stop) {
			pthread_mutex_unlock(&vf->mu);
			break;
		}
		pthread_mutex_unlock(&vf->mu);
		verify_slot(vf, i);
		pthread_mutex_lock(&vf->mu);
		vf->ready = i + 1;
		pthread_cond_broadcast(&vf->cv);
		/* a key entry may rotate the ring the next ones need */
		if (vf->slot[i].rules_ok && vf->slot[i].e.op == OP_KEY)
			while (vf->decided <= i && !vf->stop)
				pthread_cond_wait(&vf->cv, &vf->mu);
		pthread_mutex_unlock(&vf->mu);
	}
	return NULL;
}

/* Wait for slot i (or verify it here when there is no worker). */
static void
verifier_wait(struct verifier *vf, size_t i)
{
	if (!vf->threaded) {
		verify_slot(vf, i);
		return;
	}
	pthread_mutex_lock(&vf->mu);
	while (vf->ready <= i)
		pthread_cond_wait(&vf->cv, &vf->mu);
	pthread_mutex_unlock(&vf->mu);
}

static void
verifier_decided(struct verifier *vf, size_t i)
{
	if (!vf->threaded)
		return;
	pthread_mutex_lock(&vf->mu);
	vf->decided = i + 1;
	pthread_cond_broadcast(&vf->cv);
	pthread_mutex_unlock(&vf->mu);
}

/*
 * The verdict of a verified slot against the chain as the store holds
 * it now (the batch's entries so far included): the order and the
 * reasons of entry_verify_decoded (protocol/entry.c), whose signature
 * and rules steps the worker ran.
 */
static enum entry_verdict
verdict_of(struct sync *s, struct vslot *v, struct nferr *err)
{
	struct nf_entry *e = &v->e;
	unsigned char h[ENTRY_HASH_LEN], head[ENTRY_HASH_LEN];
	uint64_t hs;

	if (!v->sig_ok) {
		*err = v->err;
		return VERDICT_REJECTED;
	}
	if (store_head(s->store, e->origin, &hs, head, err) != 0)
		return VERDICT_REJECTED;
	if (e->seq <= hs) {
		if (store_hash_at(s->store, e->origin, e->seq, h, NULL) != 0 ||
		    sodium_memcmp(h, e->hash, ENTRY_HASH_LEN) == 0) {
			nferr_set(err, "duplicate", "",
			    "%s seq %" PRIu64 " is already held", e->origin,
			    e->seq);
			return VERDICT_DUPLICATE;
		}
		nferr_set(err, "fork", "", "%s signed two different entries "
		    "with seq %" PRIu64, e->origin, e->seq);
		return VERDICT_FORK;
	}
	if (e->seq > hs + 1) {
		nferr_set(err, "gap", "/seq", "%s seq %" PRIu64 " after head %"
		    PRIu64 ": entries are missing", e->origin, e->seq, hs);
		return VERDICT_GAP;
	}
	if (e->seq > 1 && sodium_memcmp(e->prev, head, ENTRY_HASH_LEN) != 0) {
		nferr_set(err, "prev_mismatch", "/prev", "%s seq %" PRIu64
		    " does not follow the held entry %" PRIu64
		    " (the origin signed another chain)", e->origin, e->seq, hs);
		return VERDICT_REJECTED;
	}
	if (!v->rules_ok) {
		*err = v->err;
		return VERDICT_REJECTED;
	}
	nferr_clear(err);
	return VERDICT_ACCEPTED;
}

/* Split buf into lines (empty ones skipped) of at most the batch bound:
 * *n slots, *toolarge the line number of the first one over it. */
static struct vslot *
split_lines(const char *buf, size_t len, size_t *n, size_t *toolarge)
{
	struct vslot *v = calloc(SYNC_BATCH_MAX, sizeof(*v));
	const char *p = buf, *end = buf + len;
	size_t line = 0;

	*n = 0;
	*toolarge = 0;
	if (v == NULL)
		return NULL;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		line++;
		if (l > 0) {
			if (*n == SYNC_BATCH_MAX || line > 4 * SYNC_BATCH_MAX) {
				*toolarge = line;
				break;
			}
			v[*n].line = p;
			v[*n].len = l;
			v[*n].lineno = line;
			entry_init(&v[*n].e);
			(*n)++;
		}
		p += l + (nl ? 1 : 0);
	}
	return v;
}

/* sync_ingest; pulled: a page of a pull (counted); hold: it may stay
 * open for the peer's next page (sync_ingest_pull). */
static int
ingest(struct sync *s, const char *peer, const char *buf, size_t len,
    json_t *results, json_t *heads, int pulled, int hold, struct nferr *err)
{
	struct {
		uint64_t nrej, rej_seq;
		struct nferr rej;
		char rej_key[KEY_ID_LEN + 1];
		int taken, touched, blocked, seen;
	} ov[RECORD_NORIGIN];
	struct verifier vf;
	struct nf_entry *forks = NULL;
	size_t nforks = 0, toolarge, i, nacc = 0;
	pthread_t th;
	int rc = 0, open = 0, clean = 1, own = 0;
	const char *held;

	/* another sender's held apply is committed before this one reads
	 * the chain; a held apply of this peer goes on (resumed below) */
	sync_hold_settle(s);
	held = store_remote_held(s->store);
	if (held != NULL && (peer == NULL || strcmp(held, peer) != 0))
		sync_hold_end(s);
	memset(ov, 0, sizeof(ov));
	memset(&vf, 0, sizeof(vf));
	vf.s = s;
	vf.now = sync_wall_ms();
	if ((vf.slot = split_lines(buf, len, &vf.n, &toolarge)) == NULL ||
	    (forks = calloc(RECORD_NORIGIN, sizeof(*forks))) == NULL) {
		free(vf.slot);
		return nferr_set(err, "internal", "", "out of memory");
	}
	pthread_mutex_init(&vf.mu, NULL);
	pthread_cond_init(&vf.cv, NULL);
	if (vf.n >= VERIFY_THREAD_MIN &&
	    pthread_create(&th, NULL, verifier_main, &vf) == 0)
		vf.threaded = 1;
	for (i = 0; i < vf.n && rc == 0; i++) {
		struct vslot *v = &vf.slot[i];
		struct nf_entry *e = &v->e;
		struct nferr verr;
		enum entry_verdict vd;
		int oi;

		verifier_wait(&vf, i);
		nferr_clear(&verr);
		if (!v->decoded) {
			char key[LOG_LIMIT_KEY_MAX];

			result_add(results, NULL, v->lineno, VERDICT_REJECTED,
			    &v->err);
			count_result(s, VERDICT_REJECTED, v->err.code);
			snprintf(key, sizeof(key), "undecodable/%s/%s",
			    peer ? peer : "-", v->err.code ? v->err.code : "?");
			log_limited(&s->ll, LOG_LEVEL_WARN, key, 1, "sync: a line "
			    "from %s is not an entry: %s (%s)", peer ? peer :
			    "a push", v->err.code ? v->err.code : "?",
			    v->err.msg);
			clean = 0;
			verifier_decided(&vf, i);
			continue;
		}
		oi = sync_origin_index(e->origin);
		ov[oi].seen = 1;
		if (store_quarantined(s->store, e->origin) || ov[oi].blocked) {
			nferr_set(&verr, ov[oi].blocked ? "after_gap" :
			    "quarantined", "", ov[oi].blocked ? "an earlier entry "
			    "of %s in this batch was not accepted" : "origin %s is "
			    "quarantined after a fork", e->origin);
			result_add(results, e, v->lineno, VERDICT_REJECTED, &verr);
			count_result(s, VERDICT_REJECTED, verr.code);
			clean = 0;
			verifier_decided(&vf, i);
			continue;
		}
		vd = verdict_of(s, v, &verr);
		/* this node's own log, validly signed, beyond its head: some
		 * peer holds more of it. Taken only in recovery; otherwise
		 * the guard stops signing (sync_guard.c). */
		if (oi == s->own_index && (vd == VERDICT_ACCEPTED ||
		    vd == VERDICT_GAP) && !sync_guard_taking_own(s, peer)) {
			sync_guard_own_entry(s, peer, e->seq);
			nferr_set(&verr, "own_origin", "/origin", "%s is this "
			    "node's own origin: it takes entries of its own log "
			    "from peers only in recovery", e->origin);
			vd = VERDICT_REJECTED;
		}
		result_add(results, e, v->lineno, vd, &verr);
		count_result(s, vd, verr.code);
		if (vd == VERDICT_ACCEPTED || vd == VERDICT_DUPLICATE) {
			ov[oi].taken = 1;
		} else if (vd == VERDICT_REJECTED && ov[oi].nrej++ == 0) {
			ov[oi].rej = verr;
			ov[oi].rej_seq = e->seq;
			memcpy(ov[oi].rej_key, e->key, sizeof(ov[oi].rej_key));
		}
		if (vd == VERDICT_ACCEPTED && e->op == OP_KEY) {
			unsigned char pk[KEY_PUB_LEN];
			const char *pk64 = json_string_value(json_object_get(
			    e->body, "public_key"));

			/* the worker waits on this slot: the ring is ours */
			if (pk64 && keys_pub_decode(pk64, pk, NULL) == 0)
				keyring_rotate(&s->kr, e->origin, e->key, pk,
				    e->seq);
		}
		verifier_decided(&vf, i);
		switch (vd) {
		case VERDICT_ACCEPTED:
			if (!open && !store_remote_resume(s->store, peer) &&
			    store_remote_begin(s->store, err) != 0) {
				rc = -1;
				break;
			}
			open = 1;
			if (store_remote_apply(s->store, e, v->body, v->blen,
			    err) < 0) {
				open = 0;	/* rolled back */
				rc = -1;
				break;
			}
			ov[oi].touched = 1;
			own |= oi == s->own_index;
			nacc++;
			break;
		case VERDICT_FORK:
			/* recorded once the batch is committed */
			if (!ov[oi].blocked && nforks < RECORD_NORIGIN) {
				forks[nforks++] = *e;
				entry_init(e);
			}
			ov[oi].blocked = 1;
			break;
		case VERDICT_GAP:
		case VERDICT_REJECTED:
			ov[oi].blocked = 1;
			break;
		default:
			break;
		}
		if (vd != VERDICT_ACCEPTED && vd != VERDICT_DUPLICATE)
			clean = 0;
	}
	if (vf.threaded) {
		pthread_mutex_lock(&vf.mu);
		vf.stop = 1;
		vf.decided = vf.n;
		pthread_cond_broadcast(&vf.cv);
		pthread_mutex_unlock(&vf.mu);
		pthread_join(th, NULL);
	}
	if (rc == 0 && toolarge > 0) {
		struct nferr verr;

		nferr_set(&verr, "batch_too_large", "",
		    "at most %d entries a batch", SYNC_BATCH_MAX);
		result_add(results, NULL, toolarge, VERDICT_REJECTED, &verr);
		count_result(s, VERDICT_REJECTED, verr.code);
		clean = 0;
	}
	if (open && rc == 0) {
		if (pulled) {
			s->pull_pages++;
			s->held_pages++;
			s->held_entries += nacc;
			s->held_bytes += len;
		}
		/* the peer has more, this page was taken whole, and the
		 * transaction is within its bounds: it stays open; never
		 * with entries of this node's own log (recovery), whatever
		 * log the page was asked as */
		if (hold && clean && !own &&
		    s->held_entries < SYNC_HOLD_ENTRIES &&
		    s->held_bytes < SYNC_HOLD_BYTES) {
			if (store_remote_hold(s->store, peer, err) != 0)
				rc = -1;	/* rolled back */
			else if (s->hold_ev != NULL)
				evtimer_add(s->hold_ev, &hold_idle);
			open = 0;
		} else if (store_remote_commit(s->store, peer, err) != 0) {
			rc = -1;
			open = 0;	/* rolled back */
		} else {
			if (s->held_pages > 0)
				s->pull_commits++;
			hold_forget(s);
			open = 0;
		}
	} else if (rc == 0 && store_remote_held(s->store) != NULL &&
	    !(hold && clean)) {
		/* nothing applied from this page, and the pull stops here */
		sync_hold_end(s);
	}
	if (open && rc != 0)
		store_remote_abort(s->store);
	if (rc != 0) {
		hold_forget(s);
		log_error("sync: applying entries from %s failed: %s",
		    peer ? peer : "push", err->msg);
	}
	for (i = 0; i < nforks; i++) {
		fork_found(s, &forks[i]);
		entry_clear(&forks[i]);
	}
	free(forks);
	for (i = 0; i < vf.n; i++)
		entry_clear(&vf.slot[i].e);
	free(vf.slot);
	pthread_cond_destroy(&vf.cv);
	pthread_mutex_destroy(&vf.mu);
	if (rc == 0 && heads != NULL) {
		for (i = 0; i < RECORD_NORIGIN; i++) {
			uint64_t seq;
			unsigned char h[ENTRY_HASH_LEN];

			if (!ov[i].seen)
				continue;
			if (store_head(s->store, record_origins[i], &seq, h,
			    NULL) == 0)
				json_object_set_new(heads, record_origins[i],
				    json_pack("{s:I}", "seq", (json_int_t)seq));
		}
	}
	for (i = 0; rc == 0 && i < RECORD_NORIGIN; i++) {
		if (ov[i].nrej > 0) {
			struct nf_entry stub;

			memset(&stub, 0, sizeof(stub));
			memcpy(stub.origin, record_origins[i], 3);
			stub.seq = ov[i].rej_seq;
			memcpy(stub.key, ov[i].rej_key, sizeof(stub.key));
			sync_diag_rejected(s, peer, (int)i, &stub, &ov[i].rej,
			    ov[i].nrej);
		} else if (ov[i].taken) {
			sync_diag_taken(s, peer, (int)i);
		}
	}
	/* No push onwards from here: the origin pushes to every peer itself,
	 * and relaying at once sent each entry to every node up to seven
	 * times over (docs/benchmarks.md, convergence). Entries relay by
	 * pull, and by the push of each pull round to a peer whose clock
	 * shows it lacks them. */
	return rc;
}

int
sync_ingest(struct sync *s, const char *peer, const char *buf, size_t len,
    json_t *results, json_t *heads, struct nferr *err)
{
	return ingest(s, peer, buf, len, results, heads, 0, 0, err);
}

int
sync_ingest_pull(struct sync *s, const char *peer, const char *buf,
    size_t len, int hold, struct nferr *err)
{
	return ingest(s, peer, buf, len, NULL, NULL, 1, hold, err);
}

int
sync_fork_receive(struct sync *s, const char *peer, const char *buf,
    size_t len, json_t **reply, struct nferr *err)
{
	char origin[RECORD_ORIGIN_SIZE], key[LOG_LIMIT_KEY_MAX];
	const char *from = peer ? peer : "a peer";
	uint64_t seq;
	int state;
	char *copy;

	*reply = NULL;
	if (entry_fork_verify(buf, len, &s->kr, origin, &seq, err) != 0)
		return -1;
	if (store_fork_state(s->store, origin, seq, &state, err) != 0)
		return -1;
	if (state == 2) {
		/* an operator resolved it; a peer passing the proof on late
		 * changes nothing, and is said once a minute, not as a fork */
		snprintf(key, sizeof(key), "replay/%s/%" PRIu64, origin, seq);
		log_limited(&s->ll, LOG_LEVEL_INFO, key, 1, "sync: the proof of "
		    "the fork of %s at seq %" PRIu64 " came again from %s; that "
		    "fork was resolved here, so nothing changes", origin, seq,
		    from);
		*reply = json_pack("{s:s, s:I, s:b, s:b, s:b}", "origin", origin,
		    "seq", (json_int_t)seq, "quarantined",
		    store_quarantined(s->store, origin), "known", 1, "resolved",
		    1);
		return 0;
	}
	/* the proof is canonical (verified): keep it as a C string */
	if ((copy = malloc(len + 1)) == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	memcpy(copy, buf, len);
	copy[len] = '\0';
	if (state == 0) {
		if (store_record_fork(s->store, origin, seq, copy, err) != 0) {
			free(copy);
			return -1;
		}
		log_error("sync: FORK proof received from %s: %s seq %" PRIu64
		    "; origin quarantined", from, origin, seq);
	}
	add_proof(s, copy, len, sync_origin_index(origin));
	*reply = json_pack("{s:s, s:I, s:b, s:b, s:b}", "origin", origin,
	    "seq", (json_int_t)seq, "quarantined", 1, "known", state == 1,
	    "resolved", 0);
	return 0;
}
