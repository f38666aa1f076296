/*
 * sync_reply: what this node makes of its peers' answers, once they have
 * arrived within their byte bounds (sync_curl.c, docs/protocol.md
 * "Limits"):
 *
 *   heads    a clock, or the heads of a push reply, is checked whole
 *            before any of it is taken: every seq an integer from 0 to
 *            what an origin can have signed by now, the peer's own log
 *            grown by no more than the signing rate allows since its
 *            last heads, a hash with every head. A head its log did not
 *            back (a log page that came back empty) is a misreport.
 *   results  a push reply's refusals of the entries pushed (a fork,
 *            prev_mismatch, quarantined, a bad key...) hold further
 *            pushes of that origin to that peer with an exponential
 *            back-off, and show in the status, instead of sending the
 *            same batch again at once.
 *
 * A reply that breaks the protocol is a peer error (sync_peer_error):
 * noted for the status, logged once a minute, backed off.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "log.h"
#include "sync_int.h"

static const char *const kind_what[] = { "reply", "clock", "log page",
    "push reply", "fork reply" };

/* The highest seq any origin can have signed by now. */
static uint64_t
seq_ceiling(void)
{
	int64_t now_s = sync_wall_ms() / 1000;
	uint64_t since = now_s > SYNC_EPOCH_S ?
	    (uint64_t)(now_s - SYNC_EPOCH_S) : 0;

	return (uint64_t)SYNC_SIGN_RATE_MAX * (since + 86400);
}

int
sync_take_heads(struct peer *p, json_t *heads, enum req_kind kind)
{
	struct sync *s = p->s;
	const char *what = kind_what[kind], *k;
	uint64_t seq[RECORD_NORIGIN], ceiling = seq_ceiling();
	unsigned char own_hash[ENTRY_HASH_LEN], other[ENTRY_HASH_LEN];
	int64_t now = sync_mono_ms();
	int peer_oi = sync_origin_index(p->cp->country), oi;
	json_t *v;

	memset(seq, 0, sizeof(seq));
	memset(own_hash, 0, sizeof(own_hash));
	if (!json_is_object(heads)) {
		sync_peer_error(p, kind, "bad_clock", "its %s holds no heads "
		    "object", what);
		return -1;
	}
	json_object_foreach(heads, k, v) {
		json_t *js = json_object_get(v, "seq");
		const char *h = json_string_value(json_object_get(v, "hash"));
		json_int_t n;

		if ((oi = sync_origin_index(k)) < 0)
			continue;	/* not an origin: for a later version */
		if (!json_is_object(v) || !json_is_integer(js)) {
			sync_peer_error(p, kind, "bad_clock", "its %s gives %s "
			    "no integer seq", what, k);
			return -1;
		}
		n = json_integer_value(js);
		if (n < 0) {
			sync_peer_error(p, kind, "bad_clock", "its %s gives %s "
			    "seq %" JSON_INTEGER_FORMAT ", below 0", what, k, n);
			return -1;
		}
		if ((uint64_t)n > SYNC_SEQ_MAX || (uint64_t)n > ceiling) {
			sync_peer_error(p, kind, "bad_clock", "its %s gives %s "
			    "seq %" JSON_INTEGER_FORMAT ", more than any origin "
			    "can have signed by now (%d entries a second since "
			    "2025-01-01: at most %" PRIu64 ")", what, k, n,
			    SYNC_SIGN_RATE_MAX, ceiling < SYNC_SEQ_MAX ?
			    ceiling : (uint64_t)SYNC_SEQ_MAX);
			return -1;
		}
		if (n > 0 && (h == NULL || strlen(h) != 2 * ENTRY_HASH_LEN ||
		    entry_unhex(h, oi == s->own_index ? own_hash : other) != 0)) {
			sync_peer_error(p, kind, "bad_clock", "its %s gives %s "
			    "no entry hash with seq %" JSON_INTEGER_FORMAT, what,
			    k, n);
			return -1;
		}
		if (oi == peer_oi && p->heads_mono_ms != 0) {
			uint64_t prev = p->head[oi] > p->lied[oi] ?
			    p->head[oi] : p->lied[oi];
			int64_t secs = (now - p->heads_mono_ms) / 1000 + 1;
			uint64_t allow = prev + (uint64_t)SYNC_SIGN_RATE_MAX *
			    (uint64_t)secs;

			if ((uint64_t)n > allow) {
				sync_peer_error(p, kind, "bad_clock", "its %s "
				    "gives its own log %s seq %"
				    JSON_INTEGER_FORMAT ": it cannot have grown "
				    "from %" PRIu64 " by more than %d entries a "
				    "second in %" PRId64 " s", what, k, n, prev,
				    SYNC_SIGN_RATE_MAX, secs);
				return -1;
			}
		}
		seq[oi] = (uint64_t)n;
	}
	/* taken whole; an origin not listed is one it holds nothing of */
	for (oi = 0; oi < RECORD_NORIGIN; oi++) {
		if (p->lied[oi] != 0 && seq[oi] == p->lied[oi])
			continue;	/* the same claim its log did not back */
		if (p->lied[oi] != 0) {
			p->lied[oi] = 0;
			sync_note_clear(&p->misreport[oi]);
		}
		p->head[oi] = seq[oi];
	}
	memcpy(p->own_hash, own_hash, ENTRY_HASH_LEN);
	p->clock_known = 1;
	/* it holds what it refused before (it has it from elsewhere): the
	 * refusal is over */
	for (oi = 0; oi < RECORD_NORIGIN; oi++)
		if (p->refused[oi].code[0] != '\0' &&
		    p->head[oi] >= sync_our_head(s, oi)) {
			log_info("sync: peer %s holds the entries of %s it "
			    "refused from this node (%s)", p->cp->name,
			    record_origins[oi], p->refused[oi].code);
			sync_note_clear(&p->refused[oi]);
			p->refusals[oi] = 0;
			p->push_hold_ms[oi] = 0;
		}
	p->heads_mono_ms = now;
	sync_note_clear(&p->perr[kind]);
	sync_guard_heads(s, p);
	return 0;
}

void
sync_log_ended(struct peer *p, int oi, uint64_t after)
{
	struct sync *s = p->s;
	char key[LOG_LIMIT_KEY_MAX];

	sync_note_set(&p->misreport[oi], "misreporting", after, 1,
	    "its clock claimed %s up to seq %" PRIu64 ", but its log of %s "
	    "ends at seq %" PRIu64, record_origins[oi], p->head[oi],
	    record_origins[oi], after);
	snprintf(key, sizeof(key), "misreport/%s/%s", p->cp->name,
	    record_origins[oi]);
	log_limited(&s->ll, LOG_LEVEL_WARN, key, 1, "sync: peer %s "
	    "misreports: %s; taken as %" PRIu64 " until its clock says "
	    "otherwise", p->cp->name, p->misreport[oi].detail, after);
	p->lied[oi] = p->head[oi];
	p->head[oi] = after;
	if (oi == s->own_index)
		sync_guard_heads(s, p);
}

/* ---- push results ------------------------------------------------------- */

/* p refused every entry of origin oi this node pushed: hold further
 * pushes of it with an exponential back-off (jittered, capped). */
static void
push_refused(struct peer *p, int oi, const char *reason, const char *detail,
    uint64_t seq, uint64_t n)
{
	struct sync *s = p->s;
	struct sync_note *note = &p->refused[oi];
	int64_t cap = s->conf->backoff_max_ms, d;
	int shift = p->refusals[oi] < 20 ? p->refusals[oi] : 20;
	char key[LOG_LIMIT_KEY_MAX], advice[300];

	d = (int64_t)BACKOFF_BASE_MS << shift;
	if (d > cap)
		d = cap;
	d = d / 2 + (int64_t)randombytes_uniform((uint32_t)(d / 2 + 1));
	p->refusals[oi]++;
	p->push_hold_ms[oi] = sync_mono_ms() + d;
	sync_note_set(note, reason, seq, (strcmp(note->code, reason) == 0 ?
	    note->count : 0) + n, "%s refuses the entries of %s this node "
	    "pushes: %s at seq %" PRIu64 " (%s); pushes of %s to it wait %"
	    PRId64 " ms, longer each time", p->cp->name, record_origins[oi],
	    reason, seq, detail, record_origins[oi], d);
	snprintf(key, sizeof(key), "refused/%s/%s/%s", p->cp->name,
	    record_origins[oi], reason);
	log_limited(&s->ll, LOG_LEVEL_WARN, key, n, "sync: peer %s: %s. %s",
	    p->cp->name, note->detail, sync_diag_refusal_advice(s, p, oi,
	    reason, advice, sizeof(advice)));
	sync_peer_retry_in(p, d);
}

/*
 * "No progress" is judged against what the peer was known to hold when
 * the push was sent (sent_after), not against p->head[oi] now: a clock
 * of the peer read while the push was on its way may already show the
 * entries pushed (the peer had them from a relay), and they then come
 * back as duplicates with the head unchanged since that clock. Judged
 * against the head at the reply, that ordinary race held every push of
 * the origin to the peer for a back-off (100-200 ms, doubling with each
 * such race up to backoff_max_ms), so the next writes reached the peer
 * only when the hold ended, or by its own pull (docs/benchmarks.md,
 * convergence).
 */
int
sync_take_push_reply(struct peer *p, int oi, uint64_t sent_after,
    const char *buf, size_t len)
{
	json_t *o = json_loadb(buf, len, JSON_REJECT_DUPLICATES, NULL), *r;
	json_t *results = json_object_get(o, "results");
	const char *reason = NULL, *detail = "";
	uint64_t refused = 0, seq = 0, before = sent_after;
	size_t i, accepted = 0, gaps = 0;

	if (!json_is_object(o) || !json_is_array(results)) {
		json_decref(o);
		sync_peer_error(p, REQ_PUSH, "bad_reply", "its push reply is not "
		    "{\"results\":[..],\"heads\":{..}}");
		return -1;
	}
	if (json_object_get(o, "heads") != NULL && sync_take_heads(p,
	    json_object_get(o, "heads"), REQ_PUSH) != 0) {
		json_decref(o);
		return -1;
	}
	json_array_foreach(results, i, r) {
		const char *res = json_string_value(json_object_get(r, "result"));
		const char *why = json_string_value(json_object_get(r, "reason"));
		const char *org = json_string_value(json_object_get(r, "origin"));

		if (res == NULL || org == NULL || strcmp(org,
		    record_origins[oi]) != 0)
			continue;
		if (strcmp(res, "accepted") == 0) {
			accepted++;
			continue;
		}
		gaps += strcmp(res, "gap") == 0;
		if (strcmp(res, "fork") == 0)
			why = "fork";
		else if (strcmp(res, "rejected") != 0 || why == NULL ||
		    strcmp(why, "after_gap") == 0)
			continue;	/* duplicate, gap, or a consequence */
		if (reason == NULL) {
			reason = why;
			seq = (uint64_t)json_integer_value(json_object_get(r,
			    "seq"));
			detail = json_string_value(json_object_get(r, "detail"));
			if (detail == NULL)
				detail = "";
		}
		refused++;
	}
	sync_note_clear(&p->perr[REQ_PUSH]);
	if (reason != NULL && accepted == 0) {
		char code[32];

		snprintf(code, sizeof(code), "%s", reason);
		push_refused(p, oi, code, detail, seq, refused);
	} else if (accepted == 0 && gaps == 0 && p->head[oi] <= before) {
		/* nothing taken, nothing refused, its head where it was: the
		 * same batch again at once would loop (a broken peer) */
		push_refused(p, oi, "no_progress", "its reply neither takes nor "
		    "refuses them, and shows it holds no more of them", before + 1,
		    1);
	} else if (accepted > 0 && p->refused[oi].code[0] != '\0') {
		log_info("sync: peer %s takes the entries of %s this node pushes "
		    "again (after %" PRIu64 " refused: %s)", p->cp->name,
		    record_origins[oi], p->refused[oi].count,
		    p->refused[oi].code);
		sync_note_clear(&p->refused[oi]);
	}
	if (accepted > 0) {
		p->refusals[oi] = 0;
		p->push_hold_ms[oi] = 0;
	}
	json_decref(o);
	return 0;
}
