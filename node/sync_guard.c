/*
 * sync_guard: this node never signs past what its peers hold of its own
 * log (docs/operations.md, "Recovery"; docs/protocol.md, "Own log").
 *
 * Every node's own log is replicated on its peers, so a node restored
 * from an old backup, or started on an empty database with its key, can
 * tell from its peers' clocks that it would sign a seq a second time: a
 * fork. The guard compares, on every clock and push reply, what each
 * peer holds of this node's origin (head seq and hash) with this node's
 * log, and holds the writer (writer_hold: writes answer 503 with the
 * reason) while it is not safe to sign:
 *
 *   unconfirmed  since start, until every peer has been asked once and
 *                at least one has answered with a head this node holds
 *                (a node with no peers is never held, nor one whose key
 *                was made fresh and has signed nothing: sync_own_log_new)
 *   behind       a peer holds more of this node's log (latched: only
 *                sync_recover clears it, by fetching the log back)
 *   diverged     a peer holds another entry at a seq this node holds
 *   recovering   sync_recover is fetching the log back from a peer
 *
 * Recovery pulls this node's own origin from the peer that holds the
 * most, through the ordinary pull (sync_peer.c) and ingest
 * (sync_ingest.c): every entry is verified against this node's keys
 * and the chain like any relayed entry, and applied with its records.
 * When the head reaches what the peer showed, the writer continues from
 * it (writer_reload). A node that started on an empty log recovers by
 * itself as soon as a peer shows it holds some; a restored backup waits
 * for the operator (nordfedctl recover), who should know.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "sync_int.h"

static const char *const state_names[] = { "ok", "unconfirmed", "behind",
    "diverged", "recovering" };

static void recover_start(struct sync *s, struct peer *p);

/* 0: p agrees with this node's log; 1: it holds more; 2: it holds
 * another entry at a seq this node holds. */
static int
compare(struct sync *s, struct peer *p)
{
	uint64_t mine = sync_our_head(s, s->own_index);
	uint64_t claim = p->head[s->own_index];
	unsigned char h[ENTRY_HASH_LEN];

	if (!p->clock_known)
		return 0;
	if (claim > mine)
		return 1;
	if (claim == 0)
		return 0;
	if (store_hash_at(s->store, s->own, claim, h, NULL) != 0)
		return 2;
	return memcmp(h, p->own_hash, ENTRY_HASH_LEN) != 0 ? 2 : 0;
}

void
sync_guard_apply(struct sync *s)
{
	struct own_guard *g = &s->guard;
	uint64_t mine = sync_our_head(s, s->own_index);

	if (s->writer == NULL)
		return;
	switch (g->state) {
	case OWN_OK:
		writer_release(s->writer);
		break;
	case OWN_UNCONFIRMED:
		writer_hold(s->writer, "own_log_unconfirmed", "this node has "
		    "just started and no peer has shown yet what it holds of "
		    "this node's own log (%s, head %" PRIu64 " here): nothing is "
		    "signed until one has, so that no seq is signed twice; "
		    "nordfedctl status says which peers answer", s->own, mine);
		break;
	case OWN_BEHIND:
		writer_hold(s->writer, "behind_own_log", "peer %s holds %s up "
		    "to seq %" PRIu64 " and this node only up to seq %" PRIu64
		    ": signing now would sign seq %" PRIu64 " a second time. "
		    "Run nordfedctl recover to fetch this node's own log back "
		    "first", g->peer, s->own, g->peer_seq, mine, mine + 1);
		break;
	case OWN_DIVERGED:
		writer_hold(s->writer, "own_log_diverged", "peer %s holds "
		    "another entry of %s at seq %" PRIu64 " than this node: the "
		    "origin's log has forked, and nothing is signed until the "
		    "operators have settled which log stands "
		    "(docs/operations.md, Recovery)", g->peer, s->own, g->seq);
		break;
	case OWN_RECOVERING:
		writer_hold(s->writer, "recovering", "this node is fetching its "
		    "own log (%s) back from peer %s, up to seq %" PRIu64 " (it "
		    "holds %" PRIu64 "); writes resume when it has it", s->own,
		    g->peer, g->target, mine);
		break;
	}
}

static void
set_state(struct sync *s, enum own_state st, struct peer *p, uint64_t seq)
{
	struct own_guard *g = &s->guard;
	uint64_t mine = sync_our_head(s, s->own_index);
	int changed = g->state != st;

	g->state = st;
	if (p != NULL) {
		snprintf(g->peer, sizeof(g->peer), "%s", p->cp->name);
		g->peer_seq = p->head[s->own_index];
	}
	g->seq = seq;
	if (changed)
		g->since_wall_ms = sync_wall_ms();
	if (st == OWN_OK)
		g->auto_recover = 0;	/* only the first time after start */
	sync_guard_apply(s);
	if (!changed)
		return;
	switch (st) {
	case OWN_OK:
		log_info("sync: peers agree with this node's own log (%s, head %"
		    PRIu64 "): signing", s->own, mine);
		break;
	case OWN_UNCONFIRMED:
		log_info("sync: waiting for a peer to show what it holds of this "
		    "node's own log (%s, head %" PRIu64 ") before signing",
		    s->own, mine);
		break;
	case OWN_BEHIND:
	case OWN_DIVERGED: {
		struct nferr e;

		writer_held(s->writer, &e);
		log_error("sync: %s: %s", e.code, e.msg);
		break;
	}
	case OWN_RECOVERING:
		break;
	}
}

/* Every peer has been asked for its clock once (answered or not). */
static int
all_asked(struct sync *s)
{
	size_t i;

	for (i = 0; i < s->npeers; i++)
		if (!s->peers[i].first_clock_done)
			return 0;
	return 1;
}

/* Every peer asked once, and one agreed: sign. */
static void
maybe_confirm(struct sync *s)
{
	size_t i;
	int agreed = 0;

	if (s->guard.state != OWN_UNCONFIRMED || !all_asked(s))
		return;
	for (i = 0; i < s->npeers; i++)
		agreed |= s->peers[i].own_ok;
	if (agreed)
		set_state(s, OWN_OK, NULL, 0);
}

void
sync_guard_start(struct sync *s)
{
	s->guard.auto_recover = sync_our_head(s, s->own_index) == 0;
	if (s->guard.fresh && s->npeers > 0)
		log_info("sync: this node's key has signed nothing yet (its "
		    "fresh-key marker said so): its log starts here, no peer "
		    "needs to confirm it");
	if (s->npeers == 0 || s->guard.fresh) {
		s->guard.state = OWN_OK;
		sync_guard_apply(s);
		return;
	}
	s->guard.state = OWN_OK;	/* so the next one logs */
	set_state(s, OWN_UNCONFIRMED, NULL, 0);
	if (s->guard.auto_recover)
		log_info("sync: this node holds nothing of its own log yet: "
		    "if a peer holds some, it is fetched back before signing");
}

void
sync_own_log_new(struct sync *s)
{
	if (sync_our_head(s, s->own_index) == 0)
		s->guard.fresh = 1;
}

void
sync_guard_first_clock(struct sync *s, struct peer *p)
{
	p->first_clock_done = 1;
	maybe_confirm(s);
}

void
sync_guard_heads(struct sync *s, struct peer *p)
{
	struct own_guard *g = &s->guard;
	int r = compare(s, p);
	uint64_t claim = p->head[s->own_index];

	p->own_ok = r == 0;
	switch (g->state) {
	case OWN_OK:
	case OWN_UNCONFIRMED:
		if (r == 1 && g->auto_recover) {
			g->state = OWN_BEHIND;	/* expected: no alarm */
			recover_start(s, p);
		} else if (r == 1) {
			set_state(s, OWN_BEHIND, p, 0);
		} else if (r == 2) {
			set_state(s, OWN_DIVERGED, p, claim);
		} else {
			maybe_confirm(s);
		}
		break;
	case OWN_BEHIND:
		if (r == 1 && claim > g->peer_seq) {
			snprintf(g->peer, sizeof(g->peer), "%s", p->cp->name);
			g->peer_seq = claim;
			sync_guard_apply(s);
		}
		if (r == 1 && g->auto_recover)
			recover_start(s, p);
		break;
	case OWN_DIVERGED:
	case OWN_RECOVERING:
		break;
	}
}

void
sync_guard_own_entry(struct sync *s, const char *peer, uint64_t seq)
{
	struct own_guard *g = &s->guard;
	uint64_t mine = sync_our_head(s, s->own_index);

	if (g->state == OWN_RECOVERING || g->state == OWN_DIVERGED)
		return;
	if (g->state == OWN_BEHIND && g->peer_seq >= seq)
		return;
	snprintf(g->peer, sizeof(g->peer), "%s", peer ? peer : "(unknown)");
	g->peer_seq = seq > mine ? seq : mine + 1;
	g->seq = 0;
	if (g->state != OWN_BEHIND) {
		g->state = OWN_BEHIND;
		g->since_wall_ms = sync_wall_ms();
		sync_guard_apply(s);
		log_error("sync: behind_own_log: %s sent an entry of this node's "
		    "own log %s with seq %" PRIu64 ", validly signed, beyond its "
		    "head %" PRIu64 ": nothing is signed until nordfedctl "
		    "recover", g->peer, s->own, seq, mine);
	} else {
		sync_guard_apply(s);
	}
}

int
sync_guard_taking_own(struct sync *s, const char *peer)
{
	return s->guard.state == OWN_RECOVERING && s->guard.source != NULL &&
	    peer != NULL && strcmp(peer, s->guard.source->cp->name) == 0;
}

/* Look at every peer again: the one holding the most of this node's
 * log (or NULL), and whether one holds another entry (*div). */
static struct peer *
reevaluate(struct sync *s, struct peer **div, int *agreed)
{
	struct peer *best = NULL;
	size_t i;

	*div = NULL;
	*agreed = 0;
	for (i = 0; i < s->npeers; i++) {
		struct peer *p = &s->peers[i];
		int r = compare(s, p);

		p->own_ok = p->clock_known && r == 0;
		*agreed |= p->own_ok;
		if (r == 2 && *div == NULL)
			*div = p;
		if (r == 1 && (best == NULL || p->head[s->own_index] >
		    best->head[s->own_index]))
			best = p;
	}
	return best;
}

static void
recover_start(struct sync *s, struct peer *p)
{
	struct own_guard *g = &s->guard;
	uint64_t mine = sync_our_head(s, s->own_index);

	if (g->state == OWN_RECOVERING)
		return;
	g->state = OWN_RECOVERING;
	g->source = p;
	g->from = mine + 1;
	g->target = p->head[s->own_index];
	snprintf(g->peer, sizeof(g->peer), "%s", p->cp->name);
	g->peer_seq = g->target;
	g->started_wall_ms = g->since_wall_ms = sync_wall_ms();
	g->recoveries++;
	sync_guard_apply(s);
	log_info("sync: fetching this node's own log %s back from peer %s: "
	    "seq %" PRIu64 " to %" PRIu64, s->own, p->cp->name, g->from,
	    g->target);
	sync_note_clear(&p->rejected[s->own_index]);
	if (sync_pull_origin_now(p, s->own_index) != 0)
		sync_peer_fail(p, "cannot start a request", 1);
	/* a failed start ends in sync_guard_pull_ended via pull_next */
	if (p->pull.easy == NULL && g->state == OWN_RECOVERING)
		sync_guard_pull_ended(s, p);
}

void
sync_guard_pull_ended(struct sync *s, struct peer *p)
{
	struct own_guard *g = &s->guard;
	uint64_t mine = sync_our_head(s, s->own_index);
	struct peer *best, *div;
	struct nferr err;
	int agreed;

	if (g->state != OWN_RECOVERING || g->source != p)
		return;
	g->source = NULL;
	if (writer_reload(s->writer, &err) != 0)
		log_error("sync: the writer cannot follow the recovered log: %s",
		    err.msg);
	if (mine < g->target) {
		const struct sync_note *rj = &p->rejected[s->own_index];

		snprintf(g->last_error, sizeof(g->last_error), "the recovery "
		    "from peer %s stopped at seq %" PRIu64 " of %" PRIu64 ": %.150s",
		    p->cp->name, mine, g->target, rj->code[0] ? rj->detail :
		    p->last_error[0] ? p->last_error : "no more entries came");
		log_error("sync: %s", g->last_error);
		if (rj->code[0] && strcmp(rj->code, "prev_mismatch") == 0)
			set_state(s, OWN_DIVERGED, p, mine);
		else
			set_state(s, OWN_BEHIND, p, 0);
		return;
	}
	log_info("sync: this node holds its own log %s again up to seq %"
	    PRIu64 " (fetched from peer %s)", s->own, mine, p->cp->name);
	g->last_error[0] = '\0';
	best = reevaluate(s, &div, &agreed);
	if (div != NULL)
		set_state(s, OWN_DIVERGED, div, div->head[s->own_index]);
	else if (best != NULL) {
		g->state = OWN_BEHIND;
		recover_start(s, best);		/* one holds even more now */
	} else if (!all_asked(s)) {
		/* a peer not heard from yet may hold more: as at start */
		set_state(s, OWN_UNCONFIRMED, NULL, 0);
		maybe_confirm(s);
	} else
		set_state(s, OWN_OK, NULL, 0);
}

json_t *
sync_guard_json(struct sync *s)
{
	struct own_guard *g = &s->guard;
	char ts[ENTRY_TS_LEN + 1];
	json_t *o;

	o = json_pack("{s:s, s:s, s:b, s:I}", "origin", s->own, "state",
	    state_names[g->state], "writable", g->state == OWN_OK,
	    "head", (json_int_t)sync_our_head(s, s->own_index));
	if (o == NULL)
		return NULL;
	if (g->state != OWN_OK && g->since_wall_ms != 0) {
		entry_ts_format(g->since_wall_ms, ts);
		json_object_set_new(o, "since", json_string(ts));
	}
	if (g->state == OWN_BEHIND || g->state == OWN_DIVERGED ||
	    g->state == OWN_RECOVERING) {
		json_object_set_new(o, "peer", json_string(g->peer));
		json_object_set_new(o, "peer_seq", json_integer(
		    (json_int_t)g->peer_seq));
	}
	if (g->state == OWN_DIVERGED)
		json_object_set_new(o, "seq", json_integer((json_int_t)g->seq));
	if (g->state == OWN_RECOVERING) {
		entry_ts_format(g->started_wall_ms, ts);
		json_object_set_new(o, "recovery", json_pack("{s:s, s:I, s:I, "
		    "s:s}", "peer", g->peer, "from", (json_int_t)g->from,
		    "target", (json_int_t)g->target, "started", ts));
	}
	if (g->last_error[0])
		json_object_set_new(o, "last_recovery_error",
		    json_string(g->last_error));
	json_object_set_new(o, "recoveries", json_integer(
	    (json_int_t)g->recoveries));
	return o;
}

/* ---- the operator's request ----------------------------------------------- */

int
sync_recover(struct sync *s, const char *peer, int trust_local,
    json_t **out, struct nferr *err)
{
	struct own_guard *g = &s->guard;
	struct peer *named = NULL, *best, *div;
	int agreed;

	*out = NULL;
	if (peer != NULL && (named = sync_peer_find(s, peer)) == NULL)
		return nferr_set(err, "not_found", "peer",
		    "no peer is called \"%s\"", peer);
	if (g->state == OWN_RECOVERING) {
		*out = sync_guard_json(s);
		return 0;
	}
	best = reevaluate(s, &div, &agreed);
	if (g->state == OWN_UNCONFIRMED && best == NULL && div == NULL) {
		if (!agreed && !trust_local)
			return nferr_set(err, "no_peer", "", "no peer has shown "
			    "yet what it holds of %s since this node started, "
			    "so there is nothing to recover from; check the "
			    "peers (nordfedctl peers). Only if every peer is gone "
			    "for good and this database is surely the newest "
			    "copy of %s: recover --trust-local", s->own, s->own);
		if (!agreed)
			log_warn("sync: told to sign on this node's own word "
			    "(trust_local): no peer has shown what it holds of "
			    "%s", s->own);
		set_state(s, OWN_OK, NULL, 0);
		*out = sync_guard_json(s);
		return 0;
	}
	if (div != NULL) {
		set_state(s, OWN_DIVERGED, div, div->head[s->own_index]);
		return nferr_set(err, "own_log_diverged", "", "peer %s holds "
		    "another entry of %s at seq %" PRIu64 " than this node: "
		    "that is a fork, which recover cannot undo; see "
		    "docs/operations.md, Recovery", div->cp->name, s->own,
		    div->head[s->own_index]);
	}
	if (named != NULL) {
		if (!named->clock_known || compare(s, named) != 1)
			return nferr_set(err, "no_source", "peer", "peer %s does "
			    "not hold more of %s than this node (%s)", peer,
			    s->own, named->clock_known ? "it agrees with it" :
			    "it has not answered");
		best = named;
	}
	if (best == NULL) {
		/* every peer agrees (again): nothing to fetch */
		if (g->state != OWN_OK)
			log_info("sync: recover: no peer holds more of %s than "
			    "this node", s->own);
		if (agreed || g->state != OWN_UNCONFIRMED)
			set_state(s, OWN_OK, NULL, 0);
		*out = sync_guard_json(s);
		return 0;
	}
	g->state = OWN_BEHIND;
	recover_start(s, best);
	*out = sync_guard_json(s);
	return 0;
}
