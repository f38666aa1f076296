/*
 * ctl_status: the nordfedctl subcommands about the node's own state,
 * clients of its HTTP API: status (what is wrong and what to do, as the
 * node says it in GET /api/v1/sync/status) and recover (fetch the node's
 * own log back from its peers: docs/operations.md, "Recovery").
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"

/* ---- status ----------------------------------------------------------- */

struct status_opts {
	int probe;
};

static int
status_take(void *arg, int opt, const char *val)
{
	struct status_opts *so = arg;

	if (opt != 'p')
		return -1;
	so->probe = 1;
	return 0;
}

/* The node's problems ({"code","detail","advice",...}) of one subject,
 * into the tool's flat list: {"kind","subject","detail","advice",..}. */
static void
gather(json_t *out, const json_t *list, const char *subject)
{
	json_t *p, *q;
	size_t i;

	json_array_foreach(list, i, p) {
		q = json_deep_copy(p);
		json_object_set_new(q, "kind", json_string(ctl_jstr(p, "code") ?
		    ctl_jstr(p, "code") : "?"));
		json_object_set_new(q, "subject", json_string(subject));
		json_array_append_new(out, q);
	}
}

/* --probe: each peer's clock now, from here: {"name":{"reachable":..,
 * "error":..,"clock":{..}}}. */
static json_t *
probe_peers(struct ctl *c, const json_t *peers)
{
	json_t *out = json_object(), *p;
	long saved = c->timeout_ms;
	size_t i;

	c->timeout_ms = saved < 5000 ? saved : 5000;
	json_array_foreach(peers, i, p) {
		char url[CTL_URL_MAX + 64];
		struct ctl_resp r;
		json_t *clock = NULL;

		snprintf(url, sizeof(url), "%s/federation/v1/clock", ctl_jstr(p, "url"));
		if (ctl_http(c, "GET", url, NULL, 0, NULL, 0, &r) != 0) {
			json_object_set_new(out, ctl_jstr(p, "name"), json_pack(
			    "{s:b, s:s}", "reachable", 0, "error", r.error));
			continue;
		}
		if (r.status == 200)
			clock = json_loadb(r.body, r.len, 0, NULL);
		if (clock == NULL)
			json_object_set_new(out, ctl_jstr(p, "name"), json_pack(
			    "{s:b, s:s}", "reachable", 0, "error",
			    "no clock in the answer"));
		else
			json_object_set_new(out, ctl_jstr(p, "name"), json_pack(
			    "{s:b, s:o}", "reachable", 1, "clock", clock));
		ctl_resp_free(&r);
	}
	c->timeout_ms = saved;
	return out;
}

static void
fmt_retry(json_int_t ms, char *out, size_t len)
{
	if (ms <= 0)
		snprintf(out, len, "-");
	else if (ms < 10000)
		snprintf(out, len, "%.1fs", (double)ms / 1000.0);
	else
		snprintf(out, len, "%llds", (long long)(ms / 1000));
}

int
ctl_cmd_status(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "probe", no_argument, NULL, 'p' },
	};
	struct status_opts so = { 0 };
	struct ctl c;
	json_t *st = NULL, *problems, *p, *o, *f, *probe = NULL, *own;
	const char *k, *node;
	size_t i;
	int rc;
	char empty[64] = "";

	ctl_init(&c);
	if (ctl_want_help(argc, argv, "status"))
		return CTL_OK;
	if ((rc = ctl_parse_opts(&c, argc, argv, "status", "c:", extra, 1, status_take,
	    &so)) != CTL_OK)
		goto done;
	if (optind != argc) {
		rc = ctl_usage_error("status");
		goto done;
	}
	if ((rc = ctl_get_json(&c, "/api/v1/sync/status", &st, 0)) != CTL_OK)
		goto done;
	node = ctl_jstr(st, "node") ? ctl_jstr(st, "node") : "?";
	own = json_object_get(st, "own");
	if (json_object_get(st, "problems") == NULL)
		ctl_warn("%s does not list its problems (an older version): "
		    "only what it reports is shown", c.url);
	/* what the node says is wrong, and what to do: it knows best */
	problems = json_array();
	gather(problems, json_object_get(st, "problems"), node);
	json_array_foreach(json_object_get(st, "peers"), i, p)
		gather(problems, json_object_get(p, "problems"), ctl_jstr(p, "name"));
	json_object_foreach(json_object_get(st, "origins"), k, o)
		gather(problems, json_object_get(o, "problems"), k);
	/* --probe: what the peers hold now, asked from here */
	if (so.probe)
		probe = probe_peers(&c, json_object_get(st, "peers"));
	json_object_foreach(json_object_get(st, "origins"), k, o) {
		json_int_t head = ctl_jint(o, "head"), pbest = head;
		const char *who = NULL, *pk;
		json_t *pv;
		char detail[300], advice[200];

		json_object_foreach(probe, pk, pv) {
			json_int_t sq = ctl_jint(json_object_get(json_object_get(pv,
			    "clock"), k), "seq");

			if (sq > pbest) {
				pbest = sq;
				who = pk;
			}
		}
		if (probe == NULL)
			continue;
		json_object_set_new(o, "probed_best", json_integer(pbest));
		if (pbest <= head || pbest <= ctl_jint(o, "best_known") ||
		    json_array_size(json_object_get(o, "problems")) > 0)
			continue;
		snprintf(detail, sizeof(detail), "origin %s is %lld entries "
		    "behind: this node holds %lld, peer %s has %lld now (the "
		    "node has not asked yet)", k, (long long)(pbest - head),
		    (long long)head, who, (long long)pbest);
		if (strcmp(k, node) == 0)
			snprintf(advice, sizeof(advice), "this node is behind its "
			    "own log: it will stop signing at its next pull; "
			    "'nordfedctl recover' fetches it back");
		else if (json_is_true(json_object_get(o, "quarantined")))
			snprintf(advice, sizeof(advice), "'nordfedctl fork show "
			    "%s': nothing of it is fetched until the fork is "
			    "resolved", k);
		else
			snprintf(advice, sizeof(advice), "'nordfedctl resync %s "
			    "--wait' fetches %s now from every peer", k, k);
		json_array_append_new(problems, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s}", "kind", "lag", "code", "lag", "subject", k, "detail",
		    detail, "advice", advice));
	}
	if (c.json) {
		json_t *out = json_deep_copy(st);

		json_object_set_new(out, "url", json_string(c.url));
		json_object_set_new(out, "in_sync",
		    json_boolean(json_array_size(problems) == 0));
		json_object_set(out, "problems", problems);
		if (probe != NULL)
			json_object_set(out, "probe", probe);
		ctl_print_json(out);
		goto verdict;
	}
	printf("%snordfed node %s%s at %s: %s%s%s\n", ctl_c(&c, "bold"), node,
	    ctl_c(&c, "off"), c.url,
	    ctl_c(&c, json_array_size(problems) ? "red" : "green"),
	    json_array_size(problems) ? "NOT IN SYNC" : "in sync",
	    ctl_c(&c, "off"));
	if (own != NULL && !json_is_true(json_object_get(own, "writable")))
		printf("%sthis node signs nothing now: its own log is %s%s\n",
		    ctl_c(&c, "red"), ctl_jstr(own, "state") ? ctl_jstr(own, "state") :
		    "?", ctl_c(&c, "off"));
	printf("\n%speers%s\n", ctl_c(&c, "bold"), ctl_c(&c, "off"));
	printf("  %-12s %-7s %-9s %-14s %-10s %s\n", "NAME", "COUNTRY",
	    "REACHABLE", "LAST SUCCESS", "RETRY IN", "LAST ERROR");
	json_array_foreach(json_object_get(st, "peers"), i, p) {
		char ago[32], retry[32], eago[32];
		int up = json_is_true(json_object_get(p, "reachable"));

		ctl_ago(ctl_jstr(p, "last_success"), ago, sizeof(ago));
		fmt_retry(ctl_jint(p, "retry_in_ms"), retry, sizeof(retry));
		if (ctl_jstr(p, "last_error") != NULL)
			ctl_ago(ctl_jstr(p, "last_error_at"), eago, sizeof(eago));
		printf("  %-12s %-7s %s%-9s%s %-14s %-10s %s%s%s%s\n",
		    ctl_jstr(p, "name"), ctl_jstr(p, "country"),
		    ctl_c(&c, up ? "green" : "red"), up ? "yes" : "NO",
		    ctl_c(&c, "off"), ago, retry, ctl_jstr(p, "last_error") ?
		    ctl_jstr(p, "last_error") : "-", ctl_jstr(p, "last_error") ? " (" : "",
		    ctl_jstr(p, "last_error") ? eago : "", ctl_jstr(p, "last_error") ?
		    ")" : "");
	}
	if (json_array_size(json_object_get(st, "peers")) == 0)
		printf("  (none configured)\n");
	printf("\n%sorigins%s\n", ctl_c(&c, "bold"), ctl_c(&c, "off"));
	printf("  %-6s %10s %10s %8s  %s\n", "ORIGIN", "HEAD", "BEST KNOWN",
	    "LAG", "STATE");
	json_object_foreach(json_object_get(st, "origins"), k, o) {
		json_int_t head = ctl_jint(o, "head"), best = ctl_jint(o, "best_known");
		json_int_t pb = json_object_get(o, "probed_best") ?
		    ctl_jint(o, "probed_best") : head;
		int q = json_is_true(json_object_get(o, "quarantined"));
		size_t np = json_array_size(json_object_get(o, "problems"));
		const char *state, *col;

		if (pb > best)
			best = pb;
		if (head == 0 && best == 0 && !q && np == 0) {
			size_t l = strlen(empty);

			snprintf(empty + l, sizeof(empty) - l, "%s%s",
			    l ? " " : "", k);
			continue;
		}
		if (q) {
			state = "QUARANTINED";
			col = "red";
		} else if (strcmp(k, node) == 0 && own != NULL &&
		    !json_is_true(json_object_get(own, "writable"))) {
			state = ctl_jstr(own, "state") ? ctl_jstr(own, "state") : "?";
			col = "red";
		} else if (np > 0 && strcmp(ctl_jstr(json_array_get(
		    json_object_get(o, "problems"), 0), "code"), "lag") != 0) {
			state = ctl_jstr(json_array_get(json_object_get(o, "problems"),
			    0), "code");
			col = "red";
		} else if (best > head) {
			state = "lagging";
			col = "yellow";
		} else if (strcmp(k, node) == 0) {
			state = "own";
			col = "off";
		} else {
			state = "ok";
			col = "green";
		}
		printf("  %-6s %10lld %10lld %8lld  %s%s%s\n", k,
		    (long long)head, (long long)best, (long long)(best - head),
		    ctl_c(&c, col), state, ctl_c(&c, "off"));
	}
	if (empty[0])
		printf("  (no entries of %s)\n", empty);
	if (json_array_size(json_object_get(st, "forks")) > 0) {
		printf("\n%sforks%s\n", ctl_c(&c, "bold"), ctl_c(&c, "off"));
		json_array_foreach(json_object_get(st, "forks"), i, f) {
			int res = strcmp(ctl_jstr(f, "state") ? ctl_jstr(f, "state") : "",
			    "resolved") == 0;

			printf("  %s seq %lld, detected %s: %s%s%s\n",
			    ctl_jstr(f, "origin"), (long long)ctl_jint(f, "seq"),
			    ctl_jstr(f, "detected"), ctl_c(&c, res ? "off" : "red"),
			    res ? "resolved" : "OPEN", ctl_c(&c, "off"));
		}
	}
	if (json_array_size(problems) > 0) {
		json_t *seen = json_object();

		printf("\n%swhy%s\n", ctl_c(&c, "bold"), ctl_c(&c, "off"));
		json_array_foreach(problems, i, p)
			printf("  - %s\n", ctl_jstr(p, "detail"));
		printf("\n%swhat to do%s\n", ctl_c(&c, "bold"), ctl_c(&c, "off"));
		json_array_foreach(problems, i, p) {
			const char *a = ctl_jstr(p, "advice");

			if (a == NULL || json_object_get(seen, a) != NULL)
				continue;
			json_object_set_new(seen, a, json_true());
			printf("  - %s\n", a);
		}
		json_decref(seen);
	}
verdict:
	rc = json_array_size(problems) ? CTL_NOTOK : CTL_OK;
	json_decref(problems);
	json_decref(probe);
done:
	json_decref(st);
	ctl_free(&c);
	return rc;
}

/* ---- recover ---------------------------------------------------------------------- */

struct recover_opts {
	const char *peer;
	int trust_local;
	uint64_t wait_s;
};

static int
recover_take(void *arg, int opt, const char *val)
{
	struct recover_opts *ro = arg;

	switch (opt) {
	case 'p':
		ro->peer = val;
		return 0;
	case 'T':
		ro->trust_local = 1;
		return 0;
	case 'W':
		return ctl_parse_u64(val, 1, 86400, &ro->wait_s);
	}
	return -1;
}

/* Poll the guard until it is no longer recovering: CTL_OK when the node
 * signs again, CTL_NOTOK when it stopped or the time is up. *own is the
 * last state seen (new reference). */
static int
recover_wait(struct ctl *c, uint64_t seconds, json_t **own)
{
	int64_t end = ctl_mono_ms() + (int64_t)seconds * 1000;

	*own = NULL;
	for (;;) {
		json_t *st = NULL;
		const char *state;
		int rc;

		if ((rc = ctl_get_json(c, "/api/v1/sync/status", &st, 0)) !=
		    CTL_OK)
			return rc;
		json_decref(*own);
		*own = json_incref(json_object_get(st, "own"));
		json_decref(st);
		state = ctl_jstr(*own, "state") ? ctl_jstr(*own, "state") : "?";
		if (strcmp(state, "ok") == 0)
			return CTL_OK;
		if (strcmp(state, "recovering") != 0)
			return CTL_NOTOK;
		if (ctl_mono_ms() > end)
			return CTL_NOTOK;
		usleep(200 * 1000);
	}
}

int
ctl_cmd_recover(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "peer", required_argument, NULL, 'p' },
		{ "trust-local", no_argument, NULL, 'T' },
		{ "wait-timeout", required_argument, NULL, 'W' },
	};
	struct recover_opts ro = { NULL, 0, 120 };
	struct ctl c;
	struct ctl_resp r = { 0 };
	json_t *req = NULL, *out = NULL, *own = NULL;
	char *body = NULL, msg[600];
	int rc;

	ctl_init(&c);
	if (ctl_want_help(argc, argv, "recover"))
		return CTL_OK;
	if ((rc = ctl_parse_opts(&c, argc, argv, "recover", "c:", extra, 3,
	    recover_take, &ro)) != CTL_OK)
		goto done;
	if (optind != argc) {
		rc = ctl_usage_error("recover");
		goto done;
	}
	if ((rc = ctl_token(&c)) != CTL_OK)
		goto done;
	req = json_object();
	if (ro.peer)
		json_object_set_new(req, "peer", json_string(ro.peer));
	if (ro.trust_local)
		json_object_set_new(req, "trust_local", json_true());
	body = json_dumps(req, JSON_COMPACT);
	if (ctl_http(&c, "POST", "/api/v1/admin/recover", body, strlen(body),
	    "application/json", 1, &r) != 0) {
		ctl_warn("cannot reach %s: %s", c.url, r.error);
		rc = CTL_IO;
		goto done;
	}
	if (r.status != 200 && r.status != 202) {
		ctl_warn("the node refused: HTTP %ld: %s", r.status,
		    ctl_problem_text(&r, msg, sizeof(msg)));
		rc = r.status == 401 || r.status == 403 ? CTL_IO :
		    r.status == 404 || r.status == 422 ? CTL_USAGE : CTL_NOTOK;
		goto done;
	}
	out = json_loadb(r.body, r.len, 0, NULL);
	if (!c.json && r.status == 202)
		printf("fetching this node's own log %s back from peer %s: seq "
		    "%lld to %lld\n", ctl_jstr(out, "origin") ? ctl_jstr(out, "origin") :
		    "?", ctl_jstr(out, "peer") ? ctl_jstr(out, "peer") : "?",
		    (long long)ctl_jint(json_object_get(out, "recovery"), "from"),
		    (long long)ctl_jint(json_object_get(out, "recovery"), "target"));
	rc = recover_wait(&c, ro.wait_s, &own);
	if (c.json) {
		ctl_print_json(json_pack("{s:b, s:O}", "signing", rc == CTL_OK,
		    "own", own ? own : json_null()));
	} else if (rc == CTL_OK) {
		printf("%sthis node signs again%s: its own log %s is at seq %lld, "
		    "as its peers hold it\n", ctl_c(&c, "green"),
		    ctl_c(&c, "off"), ctl_jstr(own, "origin"),
		    (long long)ctl_jint(own, "head"));
	} else if (rc == CTL_NOTOK) {
		printf("%sthis node still signs nothing%s: its own log is %s%s%s\n"
		    "see nordfedctl status\n", ctl_c(&c, "red"), ctl_c(&c, "off"),
		    ctl_jstr(own, "state") ? ctl_jstr(own, "state") : "?",
		    ctl_jstr(own, "last_recovery_error") ? ": " : "",
		    ctl_jstr(own, "last_recovery_error") ?
		    ctl_jstr(own, "last_recovery_error") : "");
	}
done:
	ctl_resp_free(&r);
	free(body);
	json_decref(req);
	json_decref(out);
	json_decref(own);
	ctl_free(&c);
	return rc;
}
