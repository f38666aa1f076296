/*
 * sync_diag: what is wrong, why, and what to do, for the status
 * (docs/protocol.md "Sync status", docs/operations.md) and the log.
 *
 * Things that go wrong are noted where they happen (a struct sync_note
 * on the peer: a bad reply, a clock its log did not back, entries of an
 * origin it sends that this node refuses, pushes it refuses) and cleared
 * when the peer does the right thing again. From the notes, the guard's
 * state and the store, the status builds problems, each
 * {"code","detail","advice"}: the advice is a command or a step the
 * node would accept (never a resync of the node's own origin or of a
 * quarantined one). The same sentences go to the log, at most once a
 * minute per peer, origin and reason (log_limited), with the count.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "sync_int.h"

void
sync_note_set(struct sync_note *n, const char *code, uint64_t seq,
    uint64_t count, const char *fmt, ...)
{
	va_list ap;

	if (strcmp(n->code, code) != 0 || n->since_wall_ms == 0)
		n->since_wall_ms = sync_wall_ms();
	snprintf(n->code, sizeof(n->code), "%s", code);
	n->seq = seq;
	n->count = count;
	va_start(ap, fmt);
	vsnprintf(n->detail, sizeof(n->detail), fmt, ap);
	va_end(ap);
}

void
sync_note_clear(struct sync_note *n)
{
	memset(n, 0, sizeof(*n));
}

/* Where origin's key is pinned in the config, for advice. */
static void
pin_place(struct sync *s, const char *origin, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < s->conf->npeers; i++)
		if (strcmp(s->conf->peers[i].country, origin) == 0) {
			snprintf(buf, len, "public_key in [peer %s]",
			    s->conf->peers[i].name);
			return;
		}
	snprintf(buf, len, "%s in [pins]", origin);
}

/* The key ids this node holds for origin, "a, b". */
static void
pinned_ids(struct sync *s, const char *origin, char *buf, size_t len)
{
	size_t i, l = 0;

	buf[0] = '\0';
	for (i = 0; i < s->kr.n && l < len; i++)
		if (strcmp(s->kr.keys[i].origin, origin) == 0)
			l += (size_t)snprintf(buf + l, len - l, "%s%s",
			    l ? ", " : "", s->kr.keys[i].id);
	if (buf[0] == '\0')
		snprintf(buf, len, "none");
}

/* Advice for entries of origin refused with code, sent by peer p (or
 * by a push from name, when p is NULL). */
static void
rejected_advice(struct sync *s, struct peer *p, const char *name,
    const char *origin, const char *code, uint64_t seq, char *buf,
    size_t len)
{
	char place[96];

	pin_place(s, origin, place, sizeof(place));
	if (strcmp(code, "unknown_key") == 0)
		snprintf(buf, len, "ask %s's operator for its public key "
		    "(nordfedctl peers shows what each peer answers with); if "
		    "the pin is wrong, correct %s and restart this node", origin,
		    place);
	else if (strcmp(code, "unknown_origin") == 0)
		snprintf(buf, len, "add \"%s = KEY\" to [pins] with the key %s's "
		    "operator gives (nordfedctl pubkey on their node), then "
		    "restart this node", origin, origin);
	else if (strcmp(code, "own_origin") == 0)
		snprintf(buf, len, "see this node's own problems (nordfedctl "
		    "status)");
	else if (p != NULL)
		snprintf(buf, len, "'nordfedctl show %s %" PRIu64 " --url %s' "
		    "says what is wrong with it; tell %s's operator", origin,
		    seq, p->cp->url, p->cp->name);
	else
		snprintf(buf, len, "tell the operator of the node that pushed "
		    "it (%s)", name);
}

void
sync_diag_rejected(struct sync *s, const char *peer, int oi,
    const struct nf_entry *e, const struct nferr *verr, uint64_t n)
{
	struct peer *p = sync_peer_find(s, peer);
	const char *code = verr->code ? verr->code : "rejected";
	const char *o = record_origins[oi];
	const char *name = p ? p->cp->name : peer ? peer : "a push";
	char detail[320], advice[300], ids[80], key[LOG_LIMIT_KEY_MAX];

	if (strcmp(code, "after_gap") == 0 || strcmp(code, "quarantined") == 0)
		return;		/* a consequence, or the origin's problem */
	if (strcmp(code, "unknown_key") == 0) {
		pinned_ids(s, o, ids, sizeof(ids));
		snprintf(detail, sizeof(detail), "entries of %s from %s are "
		    "signed by key %s, but the key pinned for %s is %s: every "
		    "one is refused (unknown_key)", o, name, e->key, o, ids);
	} else if (strcmp(code, "unknown_origin") == 0) {
		snprintf(detail, sizeof(detail), "no key is pinned for %s: its "
		    "entries from %s are refused (unknown_origin)", o, name);
	} else if (strcmp(code, "own_origin") == 0) {
		snprintf(detail, sizeof(detail), "%s sent entries of this node's "
		    "own log %s beyond its head (seq %" PRIu64 ")", name, o,
		    e->seq);
	} else {
		snprintf(detail, sizeof(detail), "entries of %s from %s are "
		    "refused: %s at seq %" PRIu64 " (%.160s)", o, name, code,
		    e->seq, verr->msg);
	}
	rejected_advice(s, p, name, o, code, e->seq, advice, sizeof(advice));
	{
		struct sync_note *nt = p ? &p->rejected[oi] :
		    &s->anon_rejected[oi];

		sync_note_set(nt, code, e->seq, (strcmp(nt->code, code) == 0 ?
		    nt->count : 0) + n, "%s", detail);
		if (p == NULL)
			snprintf(s->anon_sender[oi], sizeof(s->anon_sender[oi]),
			    "%s", name);
	}
	snprintf(key, sizeof(key), "rejected/%s/%s/%s", name, o, code);
	log_limited(&s->ll, LOG_LEVEL_WARN, key, n, "sync: %s. What to do: %s",
	    detail, advice);
}

void
sync_diag_taken(struct sync *s, const char *peer, int oi)
{
	struct peer *p = sync_peer_find(s, peer);

	/* from a sender that is no peer: cleared by good entries from any */
	sync_note_clear(&s->anon_rejected[oi]);
	if (p == NULL || p->rejected[oi].code[0] == '\0')
		return;
	log_info("sync: entries of %s from peer %s are taken again (after %"
	    PRIu64 " refused: %s)", record_origins[oi], p->cp->name,
	    p->rejected[oi].count, p->rejected[oi].code);
	sync_note_clear(&p->rejected[oi]);
}

void
sync_peer_error(struct peer *p, enum req_kind kind, const char *code,
    const char *fmt, ...)
{
	static const char *const names[] = { "reply", "clock", "log", "push",
	    "fork" };
	struct sync_note *n = &p->perr[kind];
	char detail[sizeof(n->detail)], key[LOG_LIMIT_KEY_MAX], what[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	sync_note_set(n, code, 0, (strcmp(n->code, code) == 0 ? n->count : 0) +
	    1, "%s", detail);
	snprintf(key, sizeof(key), "perr/%s/%s", p->cp->name, code);
	log_limited(&p->s->ll, LOG_LEVEL_WARN, key, 1, "sync: peer %s breaks "
	    "the protocol (%s): %s", p->cp->name, code, detail);
	snprintf(what, sizeof(what), "%s: %s", names[kind], code);
	sync_peer_fail(p, what, 1);
}

const char *
sync_diag_refusal_advice(struct sync *s, struct peer *p, int oi,
    const char *reason, char *buf, size_t len)
{
	const char *o = record_origins[oi];

	if (strcmp(reason, "quarantined") == 0)
		snprintf(buf, len, "%s has quarantined %s after a fork: it is "
		    "resolved there (nordfedctl fork show %s on %s's node; "
		    "docs/operations.md, Forks)", p->cp->name, o, o, p->cp->name);
	else if (oi == s->own_index && (strcmp(reason, "prev_mismatch") == 0 ||
	    strcmp(reason, "fork") == 0))
		snprintf(buf, len, "%s holds another log of %s than this node: "
		    "see this node's own problems (nordfedctl status)",
		    p->cp->name, o);
	else if (oi == s->own_index && (strcmp(reason, "unknown_key") == 0 ||
	    strcmp(reason, "unknown_origin") == 0))
		snprintf(buf, len, "%s does not have this node's key pinned for "
		    "%s: give its operator the public key (nordfedctl pubkey "
		    "KEY_FILE)", p->cp->name, o);
	else
		snprintf(buf, len, "%s gets %s's entries from other peers too; "
		    "if it refuses them all, its operator should check its pin "
		    "for %s (nordfedctl peers on %s's node)", p->cp->name, o, o,
		    p->cp->name);
	return buf;
}

/* ---- problems ------------------------------------------------------------ */

static void
add(json_t *list, const char *code, const char *detail, const char *advice)
{
	json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "code", code,
	    "detail", detail, "advice", advice));
}

static json_t *
add_note(json_t *list, const char *code, const struct sync_note *n,
    const char *advice)
{
	char ts[ENTRY_TS_LEN + 1];
	json_t *o = json_pack("{s:s, s:s, s:s, s:I}", "code", code, "detail",
	    n->detail, "advice", advice, "count", (json_int_t)n->count);

	if (o == NULL)
		return NULL;
	if (n->seq > 0)
		json_object_set_new(o, "seq", json_integer((json_int_t)n->seq));
	if (n->since_wall_ms != 0) {
		entry_ts_format(n->since_wall_ms, ts);
		json_object_set_new(o, "since", json_string(ts));
	}
	json_array_append_new(list, o);
	return o;
}

json_t *
sync_diag_peer(struct sync *s, struct peer *p)
{
	json_t *list = json_array(), *o;
	char detail[400], advice[300], ts[ENTRY_TS_LEN + 1];
	int k, oi, perr = 0;

	for (k = REQ_CLOCK; k <= REQ_FORK; k++)
		if (p->perr[k].code[0] != '\0') {
			perr = 1;
			add_note(list, p->perr[k].code, &p->perr[k], "the peer's "
			    "node sends what the protocol does not allow "
			    "(docs/protocol.md, Limits): tell its operator; this "
			    "node backs off and tries again, and the error clears "
			    "at its first good answer");
		}
	if (!perr && !(p->last_ok_wall_ms != 0 && p->fails == 0)) {
		if (p->last_error[0] == '\0') {
			snprintf(detail, sizeof(detail), "peer %s (%s, %s) has not "
			    "answered yet", p->cp->name, p->cp->country,
			    p->cp->url);
		} else {
			if (p->last_ok_wall_ms != 0)
				entry_ts_format(p->last_ok_wall_ms, ts);
			snprintf(detail, sizeof(detail), "peer %s (%s, %s) is "
			    "unreachable: %s; last success %s%s", p->cp->name,
			    p->cp->country, p->cp->url, p->last_error,
			    p->last_ok_wall_ms ? ts : "never", p->breaker_open ?
			    " (circuit breaker open)" : "");
		}
		snprintf(advice, sizeof(advice), "check that peer's node and the "
		    "network between; 'nordfedctl peers' checks it answers with "
		    "its pinned key; 'nordfedctl resync ORIGIN --peer %s' retries "
		    "at once", p->cp->name);
		add(list, "peer_unreachable", detail, advice);
	}
	for (oi = 0; oi < RECORD_NORIGIN; oi++) {
		if (p->misreport[oi].code[0] != '\0')
			add_note(list, "misreporting", &p->misreport[oi], "this "
			    "node goes by what the peer's log holds; tell the "
			    "peer's operator (nordfedctl diff compares two "
			    "nodes)");
		if (p->refused[oi].code[0] != '\0') {
			o = add_note(list, "push_refused", &p->refused[oi],
			    sync_diag_refusal_advice(s, p, oi,
			    p->refused[oi].code, advice, sizeof(advice)));
			if (o != NULL) {
				json_object_set_new(o, "origin",
				    json_string(record_origins[oi]));
				json_object_set_new(o, "reason",
				    json_string(p->refused[oi].code));
			}
		}
	}
	return list;
}

json_t *
sync_diag_origin(struct sync *s, int oi)
{
	const char *o = record_origins[oi];
	json_t *list = json_array(), *x;
	uint64_t mine = sync_our_head(s, oi), best = mine;
	char detail[400], advice[300];
	const char *who = NULL;
	int q = store_quarantined(s->store, o), refused = 0;
	size_t i;

	if (q) {
		snprintf(detail, sizeof(detail), "origin %s is quarantined after "
		    "a fork: none of its entries are taken until the fork is "
		    "resolved", o);
		if (s->proofs_held_back[oi] > 0) {
			size_t l = strlen(detail);

			snprintf(detail + l, sizeof(detail) - l, "; %" PRIu64
			    " more proofs of its forks were kept and not passed "
			    "on", s->proofs_held_back[oi]);
		}
		snprintf(advice, sizeof(advice), "'nordfedctl fork show %s' shows "
		    "the proof; docs/operations.md (Forks) tells how to decide; "
		    "nothing of %s is fetched until then", o, o);
		add(list, "quarantined", detail, advice);
	}
	for (i = 0; i < s->npeers; i++) {
		struct peer *p = &s->peers[i];
		const struct sync_note *n = &p->rejected[oi];
		const char *code;

		if (p->clock_known && p->head[oi] > best) {
			best = p->head[oi];
			who = p->cp->name;
		}
		if (n->code[0] == '\0' || strcmp(n->code, "own_origin") == 0)
			continue;
		refused = 1;
		code = strcmp(n->code, "unknown_key") == 0 ? "wrong_key" :
		    strcmp(n->code, "unknown_origin") == 0 ? "no_key" :
		    "entries_refused";
		rejected_advice(s, p, p->cp->name, o, n->code, n->seq, advice,
		    sizeof(advice));
		x = add_note(list, code, n, advice);
		if (x != NULL) {
			json_object_set_new(x, "peer", json_string(p->cp->name));
			json_object_set_new(x, "reason", json_string(n->code));
		}
	}
	if (s->anon_rejected[oi].code[0] != '\0' &&
	    strcmp(s->anon_rejected[oi].code, "own_origin") != 0) {
		const struct sync_note *n = &s->anon_rejected[oi];
		const char *code = strcmp(n->code, "unknown_key") == 0 ?
		    "wrong_key" : strcmp(n->code, "unknown_origin") == 0 ?
		    "no_key" : "entries_refused";

		refused = 1;
		rejected_advice(s, NULL, s->anon_sender[oi], o, n->code, n->seq,
		    advice, sizeof(advice));
		x = add_note(list, code, n, advice);
		if (x != NULL) {
			json_object_set_new(x, "peer",
			    json_string(s->anon_sender[oi]));
			json_object_set_new(x, "reason", json_string(n->code));
		}
	}
	if (best > mine && oi != s->own_index && !q && !refused) {
		snprintf(detail, sizeof(detail), "origin %s is %" PRIu64 " entries "
		    "behind: this node holds %" PRIu64 ", peer %s reported %"
		    PRIu64, o, best - mine, mine, who ? who : "?", best);
		snprintf(advice, sizeof(advice), "it catches up at the next pull; "
		    "'nordfedctl resync %s --wait' fetches it now from every peer",
		    o);
		add(list, "lag", detail, advice);
	}
	return list;
}

json_t *
sync_diag_node(struct sync *s)
{
	struct own_guard *g = &s->guard;
	json_t *list = json_array();
	struct nferr e;
	char advice[800];

	if (g->state == OWN_OK || !writer_held(s->writer, &e))
		return list;
	switch (g->state) {
	case OWN_UNCONFIRMED:
		snprintf(advice, sizeof(advice), "wait for a peer to answer "
		    "('nordfedctl peers' checks each one). Only if every peer is "
		    "gone for good and this database is surely the newest copy "
		    "of %s: 'nordfedctl recover --trust-local'", s->own);
		break;
	case OWN_BEHIND:
		snprintf(advice, sizeof(advice), "'nordfedctl recover' fetches "
		    "this node's own log back from the peers, verifies it and "
		    "signs on from its head%s%s", g->last_error[0] ?
		    "; the last recovery stopped: " : "", g->last_error);
		break;
	case OWN_DIVERGED:
		snprintf(advice, sizeof(advice), "restore and delete nothing "
		    "more; 'nordfedctl diff' against peer %s shows where the logs "
		    "part; docs/operations.md (Recovery, a diverged log) tells "
		    "what the operators decide", g->peer);
		break;
	default:
		snprintf(advice, sizeof(advice), "wait: 'nordfedctl status' shows "
		    "when it is done");
		break;
	}
	add(list, e.code, e.msg, advice);
	return list;
}
