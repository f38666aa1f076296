/*
 * sync_ingest: the receiving side. sync_ingest() verifies a batch of
 * wire entries (docs/protocol.md, "Verification") against the keyring
 * and the chain as the store plus the batch so far sees it, and applies
 * the accepted ones with the peer's cursor in one store transaction.
 * Forks are recorded with their proof, the origin is quarantined, and
 * the proof is queued for every peer.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "sync_int.h"

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
	/* for the diagnosis: the first refusal, how many, any taken */
	uint64_t nrej, rej_seq;
	struct nferr rej;
	char rej_key[KEY_ID_LEN + 1];
	int taken;
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

int
sync_ingest(struct sync *s, const char *peer, const char *buf, size_t len,
    json_t *results, json_t *heads, struct nferr *err)
{
	struct overlay ov[NORIGIN];
	struct nf_entry *pend;
	size_t npend = 0, line = 0, i;
	const char *p = buf, *end = buf + len;
	int64_t now = sync_wall_ms();
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
			char key[LOG_LIMIT_KEY_MAX];

			result_add(results, NULL, line, VERDICT_REJECTED, &verr);
			count_result(s, VERDICT_REJECTED, verr.code);
			snprintf(key, sizeof(key), "undecodable/%s/%s",
			    peer ? peer : "-", verr.code ? verr.code : "?");
			log_limited(&s->ll, LOG_LEVEL_WARN, key, 1, "sync: a line "
			    "from %s is not an entry: %s (%s)", peer ? peer :
			    "a push", verr.code ? verr.code : "?", verr.msg);
			goto next;
		}
		oi = sync_origin_index(e.origin);
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
		/* this node's own log, validly signed, beyond its head: some
		 * peer holds more of it. Taken only in recovery; otherwise
		 * the guard stops signing (sync_guard.c). */
		if (oi == s->own_index && (v == VERDICT_ACCEPTED ||
		    v == VERDICT_GAP) && !sync_guard_taking_own(s, peer)) {
			sync_guard_own_entry(s, peer, e.seq);
			nferr_set(&verr, "own_origin", "/origin", "%s is this "
			    "node's own origin: it takes entries of its own log "
			    "from peers only in recovery", e.origin);
			v = VERDICT_REJECTED;
		}
		result_add(results, &e, line, v, &verr);
		count_result(s, v, verr.code);
		if (v == VERDICT_ACCEPTED || v == VERDICT_DUPLICATE) {
			o->taken = 1;
		} else if (v == VERDICT_REJECTED) {
			if (o->nrej++ == 0) {
				o->rej = verr;
				o->rej_seq = e.seq;
				memcpy(o->rej_key, e.key, sizeof(o->rej_key));
			}
		}
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
	for (i = 0; rc == 0 && i < NORIGIN; i++) {
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
sync_fork_receive(struct sync *s, const char *peer, const char *buf,
    size_t len, json_t **reply, struct nferr *err)
{
	char origin[3], key[LOG_LIMIT_KEY_MAX];
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
