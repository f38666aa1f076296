/*
 * sync_status: GET /api/v1/sync/status (docs/protocol.md, "Sync status")
 * and the sync figures of /metrics, both read from the live state.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sync_int.h"

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
	int64_t now = sync_mono_ms();
	size_t i;
	int oi;

	for (i = 0; i < s->npeers; i++) {
		struct peer *p = &s->peers[i];
		uint64_t queue = 0;
		int64_t retry = p->retry_at_ms > now ? p->retry_at_ms - now : 0;

		for (oi = 0; oi < RECORD_NORIGIN; oi++) {
			uint64_t mine = sync_our_head(s, oi);

			if (p->clock_known && mine > p->head[oi] &&
			    strcmp(record_origins[oi], p->cp->country) != 0)
				queue += mine - p->head[oi];
		}
		json_array_append_new(peers, json_pack(
		    "{s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:I, s:I, s:s, s:b, s:I, s:I, "
		    "s:I, s:o}",
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
		    "failures", (json_int_t)p->failures,
		    "pushes", (json_int_t)p->pushes,
		    "problems", sync_diag_peer(s, p)));
	}
	for (oi = 0; oi < RECORD_NORIGIN; oi++) {
		uint64_t mine = sync_our_head(s, oi), best = mine;

		for (i = 0; i < s->npeers; i++)
			if (s->peers[i].clock_known && s->peers[i].head[oi] > best)
				best = s->peers[i].head[oi];
		json_object_set_new(origins, record_origins[oi], json_pack(
		    "{s:I, s:I, s:I, s:b, s:o}", "head", (json_int_t)mine,
		    "best_known", (json_int_t)best, "lag", (json_int_t)(best - mine),
		    "quarantined", store_quarantined(s->store, record_origins[oi]),
		    "problems", sync_diag_origin(s, oi)));
	}
	json_object_set_new(out, "node", json_string(s->own));
	json_object_set_new(out, "own", sync_guard_json(s));
	json_object_set_new(out, "problems", sync_diag_node(s));
	json_object_set_new(out, "peers", peers);
	json_object_set_new(out, "origins", origins);
	{
		json_t *forks = NULL;

		json_t *f;
		size_t k;

		if (store_forks(s->store, &forks, NULL) == 0) {
			/* open or resolved (who decided is for admins only:
			 * GET /api/v1/admin/forks) */
			json_array_foreach(forks, k, f) {
				int st = 0;

				store_fork_state(s->store, json_string_value(
				    json_object_get(f, "origin")), (uint64_t)
				    json_integer_value(json_object_get(f, "seq")),
				    &st, NULL);
				json_object_set_new(f, "state", json_string(
				    st == 2 ? "resolved" : "open"));
			}
			json_object_set_new(out, "forks", forks);
		}
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
	int64_t now = sync_mono_ms();
	const char *k;
	json_t *v;
	size_t i;
	int oi;

	sync_hold_settle(s);
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
	    "# HELP nordfed_sync_peer_pushes_total Push requests (batches of entries) sent to the peer.\n"
	    "# TYPE nordfed_sync_peer_pushes_total counter\n");
	for (i = 0; i < s->npeers; i++)
		evbuffer_add_printf(b,
		    "nordfed_sync_peer_pushes_total{peer=\"%s\"} %" PRIu64 "\n",
		    s->peers[i].cp->name, s->peers[i].pushes);
	evbuffer_add_printf(b,
	    "# HELP nordfed_sync_peer_problems Problems the status shows for the peer.\n"
	    "# TYPE nordfed_sync_peer_problems gauge\n");
	for (i = 0; i < s->npeers; i++) {
		json_t *pr = sync_diag_peer(s, &s->peers[i]);

		evbuffer_add_printf(b, "nordfed_sync_peer_problems{peer=\"%s\"} %zu\n",
		    s->peers[i].cp->name, json_array_size(pr));
		json_decref(pr);
	}
	evbuffer_add_printf(b,
	    "# HELP nordfed_sync_own_log_held Whether this node signs nothing now (the own-log guard).\n"
	    "# TYPE nordfed_sync_own_log_held gauge\n"
	    "nordfed_sync_own_log_held %d\n", s->guard.state != OWN_OK);
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
	for (oi = 0; oi < RECORD_NORIGIN; oi++)
		evbuffer_add_printf(b, "nordfed_sync_origin_head{origin=\"%s\"} %"
		    PRIu64 "\n", record_origins[oi], sync_our_head(s, oi));
	evbuffer_add_printf(b,
	    "# HELP nordfed_sync_origin_lag_entries Entries of the origin a peer has and this node has not.\n"
	    "# TYPE nordfed_sync_origin_lag_entries gauge\n");
	for (oi = 0; oi < RECORD_NORIGIN; oi++) {
		uint64_t mine = sync_our_head(s, oi), best = mine;

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
	for (oi = 0; oi < RECORD_NORIGIN; oi++)
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
	evbuffer_add_printf(b,
	    "# HELP nordfed_sync_pull_pages_total Pulled log pages that applied entries.\n"
	    "# TYPE nordfed_sync_pull_pages_total counter\n"
	    "nordfed_sync_pull_pages_total %" PRIu64 "\n"
	    "# HELP nordfed_sync_pull_transactions_total Store transactions that committed pulled pages (several a transaction while catching up).\n"
	    "# TYPE nordfed_sync_pull_transactions_total counter\n"
	    "nordfed_sync_pull_transactions_total %" PRIu64 "\n"
	    "# HELP nordfed_sync_pulls_left_total Origins a pull round left to another peer already fetching them.\n"
	    "# TYPE nordfed_sync_pulls_left_total counter\n"
	    "nordfed_sync_pulls_left_total %" PRIu64 "\n",
	    s->pull_pages, s->pull_commits, s->pulls_left);
}
