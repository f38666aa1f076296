/*
 * ctl_sync: the nordfedctl subcommands about federation, all clients of
 * a node's HTTP API: peers, log, show, diff, resync and fork (status and
 * recover are in ctl_status.c).
 * docs/operations.md says when to use which.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "canon.h"
#include "ctl.h"
#include "entry.h"
#include "record.h"


/* ---- shared ------------------------------------------------------------- */

/* A token was given or configured: reads that need one are tried. */
static int
token_at_hand(const struct ctl *c)
{
	const char *env = getenv("NORDFED_TOKEN");

	return c->token_file != NULL || (env != NULL && *env != '\0') ||
	    (c->has_conf && c->conf.token_file[0] != '\0');
}

/* One page of an origin's log from base ("" for the node, else a node's
 * URL): the raw JSON Lines. CTL_OK, CTL_IO (message printed). */
static int
log_page(struct ctl *c, const char *base, const char *origin, uint64_t after,
    unsigned limit, struct ctl_resp *r)
{
	char url[CTL_URL_MAX + 128], msg[300];

	snprintf(url, sizeof(url), "%s/federation/v1/log/%s?after=%" PRIu64
	    "&limit=%u", base[0] ? base : c->url, origin, after, limit);
	if (ctl_http(c, "GET", url, NULL, 0, NULL, 0, r) != 0) {
		ctl_warn("cannot reach %s: %s", url, r->error);
		return CTL_IO;
	}
	if (r->status != 200) {
		ctl_warn("%s: HTTP %ld: %s", url, r->status,
		    ctl_problem_text(r, msg, sizeof(msg)));
		ctl_resp_free(r);
		return CTL_IO;
	}
	return CTL_OK;
}

/* The next line of a JSON Lines body: *line and *len, 0; -1 at the end. */
static int
next_line(const char **p, const char *end, const char **line, size_t *len)
{
	while (*p < end) {
		const char *nl = memchr(*p, '\n', (size_t)(end - *p));
		size_t l = nl ? (size_t)(nl - *p) : (size_t)(end - *p);

		*line = *p;
		*len = l;
		*p += l + (nl ? 1 : 0);
		if (l > 0)
			return 0;
	}
	return -1;
}

static const char *
op_text(enum entry_op op)
{
	return op == OP_PUT ? "put" : op == OP_DELETE ? "delete" :
	    op == OP_KEY ? "key" : "?";
}

static const char *
body_state(const struct nf_entry *e)
{
	if (e->body != NULL)
		return "present";
	return e->has_body_hash ? "pruned" : "none";
}

/* ---- peers ------------------------------------------------------------ */

int
ctl_cmd_peers(int argc, char **argv)
{
	struct ctl c;
	json_t *node = NULL, *p, *out;
	size_t i, j, bad = 0;
	int rc;
	long saved;

	ctl_init(&c);
	if (ctl_want_help(argc, argv, "peers"))
		return CTL_OK;
	if ((rc = ctl_parse_opts(&c, argc, argv, "peers", "c:", NULL, 0, NULL, NULL)) !=
	    CTL_OK)
		goto done;
	if (optind != argc) {
		rc = ctl_usage_error("peers");
		goto done;
	}
	if ((rc = ctl_get_json(&c, "/api/v1/node", &node, 0)) != CTL_OK)
		goto done;
	out = json_array();
	saved = c.timeout_ms;
	c.timeout_ms = saved < 5000 ? saved : 5000;
	json_array_foreach(json_object_get(node, "peers"), i, p) {
		const char *pin = ctl_jstr(p, "public_key");
		char url[CTL_URL_MAX + 64], kid[KEY_ID_LEN + 1] = "", tkid[
		    KEY_ID_LEN + 1] = "", why[400] = "";
		unsigned char pk[KEY_PUB_LEN];
		struct ctl_resp r;
		json_t *them = NULL, *row;
		const char *tk = NULL, *tc = NULL, *fk;
		int answers = 0, ok = 0;

		/* an older node does not show the pinned keys: the config does */
		for (j = 0; pin == NULL && c.has_conf && j < c.conf.npeers; j++)
			if (strcmp(c.conf.peers[j].name, ctl_jstr(p, "name")) == 0)
				pin = c.conf.peers[j].public_key;
		if (pin != NULL && keys_pub_decode(pin, pk, NULL) == 0)
			keys_id(pk, kid);
		snprintf(url, sizeof(url), "%s/api/v1/node", ctl_jstr(p, "url"));
		if (ctl_http(&c, "GET", url, NULL, 0, NULL, 0, &r) != 0)
			snprintf(why, sizeof(why), "does not answer: %s", r.error);
		else if (r.status != 200 ||
		    (them = json_loadb(r.body, r.len, 0, NULL)) == NULL)
			snprintf(why, sizeof(why), "answers HTTP %ld, not a node",
			    r.status);
		ctl_resp_free(&r);
		if (them != NULL) {
			answers = 1;
			tk = ctl_jstr(them, "public_key");
			tc = ctl_jstr(them, "country");
			if (tk != NULL && keys_pub_decode(tk, pk, NULL) == 0)
				keys_id(pk, tkid);
			/* after a rotation a peer signs with a later key;
			 * the pin stays its first (nordfedctl key show) */
			fk = ctl_jstr(json_array_get(json_object_get(them, "keys"),
			    0), "public_key");
			if (pin == NULL)
				snprintf(why, sizeof(why), "no pinned key known "
				    "(give -c CONFIG)");
			else if (fk != NULL && tk != NULL && strcmp(fk, tk) != 0 &&
			    strcmp(fk, pin) != 0)
				snprintf(why, sizeof(why), "its first key is %s; "
				    "the pinned %s (id %s) is %s: pin the first key, "
				    "which the whole log verifies from", fk, pin, kid,
				    strcmp(tk, pin) == 0 ? "the key it rotated to" :
				    "not one of its keys");
			else if (tk == NULL || (strcmp(tk, pin) != 0 &&
			    (fk == NULL || strcmp(fk, pin) != 0)))
				snprintf(why, sizeof(why), "answers with key %s "
				    "(id %s), not the pinned %s (id %s): entries "
				    "it signs are refused", tk ? tk : "?", tkid,
				    pin, kid);
			else if (tc == NULL || strcmp(tc, ctl_jstr(p, "country")) != 0)
				snprintf(why, sizeof(why), "serves %s, not the "
				    "configured %s", tc ? tc : "?",
				    ctl_jstr(p, "country"));
			else
				ok = 1;
		}
		bad += !ok;
		row = json_pack("{s:s?, s:s?, s:s?, s:s?, s:s, s:b, s:s?, s:s?, "
		    "s:b, s:s?}", "name", ctl_jstr(p, "name"), "country",
		    ctl_jstr(p, "country"), "url", ctl_jstr(p, "url"), "public_key", pin,
		    "key_id", kid, "answers", answers, "their_key", tk,
		    "their_country", tc, "ok", ok, "problem", ok ? NULL : why);
		json_array_append_new(out, row);
		json_decref(them);
	}
	c.timeout_ms = saved;
	if (c.json) {
		ctl_print_json(json_pack("{s:s?, s:b, s:o}", "node",
		    ctl_jstr(node, "country"), "ok", bad == 0, "peers", out));
	} else {
		printf("%speers of %s%s (%s)\n", ctl_c(&c, "bold"),
		    ctl_jstr(node, "country"), ctl_c(&c, "off"), c.url);
		printf("  %-12s %-7s %-30s %-16s %s\n", "NAME", "COUNTRY", "URL",
		    "PINNED KEY ID", "CHECK");
		json_array_foreach(out, i, p) {
			int ok = json_is_true(json_object_get(p, "ok"));

			printf("  %-12s %-7s %-30s %-16s %s%s%s\n",
			    ctl_jstr(p, "name"), ctl_jstr(p, "country"), ctl_jstr(p, "url"),
			    ctl_jstr(p, "key_id")[0] ? ctl_jstr(p, "key_id") : "-",
			    ctl_c(&c, ok ? "green" : "red"), ok ?
			    "ok: answers with the pinned key" : "FAIL: ",
			    ctl_c(&c, "off"));
			if (!ok)
				printf("      %s\n", ctl_jstr(p, "problem"));
		}
		if (json_array_size(out) == 0)
			printf("  (none configured)\n");
		json_decref(out);
	}
	rc = bad ? CTL_NOTOK : CTL_OK;
done:
	json_decref(node);
	ctl_free(&c);
	return rc;
}

/* ---- log ---------------------------------------------------------------- */

struct log_opts {
	uint64_t after, limit;
	const char *keys;
};

static int
log_take(void *arg, int opt, const char *val)
{
	struct log_opts *lo = arg;

	switch (opt) {
	case 'a':
		return ctl_parse_u64(val, 0, INT64_MAX, &lo->after);
	case 'l':
		return ctl_parse_u64(val, 1, 100000, &lo->limit);
	case 'k':
		lo->keys = val;
		return 0;
	}
	return -1;
}

static json_t *
entry_summary(const struct nf_entry *e)
{
	char h[2 * ENTRY_HASH_LEN + 1], pv[2 * ENTRY_HASH_LEN + 1];

	entry_hex(e->hash, h);
	entry_hex(e->prev, pv);
	return json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "origin", e->origin, "seq", (json_int_t)e->seq, "hash", h,
	    "prev", pv, "ts", e->ts, "op", op_text(e->op), "type",
	    record_type_name(e->type), "id", e->id, "key", e->key, "body",
	    body_state(e));
}

int
ctl_cmd_log(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "after", required_argument, NULL, 'a' },
		{ "limit", required_argument, NULL, 'l' },
	};
	struct log_opts lo = { 0, 50, NULL };
	struct ctl c;
	char origin[RECORD_ORIGIN_SIZE];
	json_t *all = NULL;
	uint64_t after, got = 0;
	int rc, bad = 0;

	ctl_init(&c);
	if (ctl_want_help(argc, argv, "log"))
		return CTL_OK;
	if ((rc = ctl_parse_opts(&c, argc, argv, "log", "c:", extra, 2, log_take,
	    &lo)) != CTL_OK)
		goto done;
	if (optind + 1 != argc || ctl_origin(argv[optind], origin) != 0) {
		rc = ctl_usage_error("log");
		goto done;
	}
	all = json_array();
	after = lo.after;
	if (!c.json)
		printf("%s%-7s %-16s %-24s %-6s %-13s %-36s %s%s\n",
		    ctl_c(&c, "bold"), "SEQ", "HASH", "TIME", "OP", "TYPE", "ID",
		    "BODY", ctl_c(&c, "off"));
	while (got < lo.limit) {
		struct ctl_resp r;
		const char *p, *end, *line;
		size_t len;
		unsigned want = lo.limit - got > 1000 ? 1000 :
		    (unsigned)(lo.limit - got);
		uint64_t before = got;

		if ((rc = log_page(&c, "", origin, after, want, &r)) != CTL_OK)
			goto done;
		p = r.body ? r.body : "";
		end = p + r.len;
		while (next_line(&p, end, &line, &len) == 0) {
			struct nf_entry e;
			struct nferr err;
			json_t *raw;

			if (entry_decode(line, len, &e, &err) != 0) {
				/* show what is there, and why it does not decode */
				raw = json_loadb(line, len, 0, NULL);
				after = (uint64_t)ctl_jint(raw, "seq") > after ?
				    (uint64_t)ctl_jint(raw, "seq") : after + 1;
				json_array_append_new(all, json_pack(
				    "{s:I, s:s, s:s}", "seq", (json_int_t)after,
				    "error", err.code, "detail", err.msg));
				if (!c.json)
					printf("%-7" PRIu64 " %sUNDECODABLE: %s%s\n",
					    after, ctl_c(&c, "red"), err.msg,
					    ctl_c(&c, "off"));
				json_decref(raw);
				bad = 1;
				got++;
				continue;
			}
			after = e.seq;
			got++;
			if (c.json) {
				json_array_append_new(all, entry_summary(&e));
			} else {
				char h[2 * ENTRY_HASH_LEN + 1];
				const char *bs = body_state(&e);

				entry_hex(e.hash, h);
				printf("%-7" PRIu64 " %.16s %-24s %-6s %-13s %-36s "
				    "%s%s%s\n", e.seq, h, e.ts, op_text(e.op),
				    record_type_name(e.type), e.id,
				    ctl_c(&c, strcmp(bs, "present") ? "dim" :
				    "off"), bs, ctl_c(&c, "off"));
			}
			entry_clear(&e);
		}
		ctl_resp_free(&r);
		if (got == before || got - before < want)
			break;
	}
	if (c.json)
		ctl_print_json(json_pack("{s:s, s:O}", "origin", origin,
		    "entries", all));
	else if (got == 0)
		printf("(no entries of %s after %" PRIu64 ")\n", origin, lo.after);
	rc = bad ? CTL_NOTOK : CTL_OK;
done:
	json_decref(all);
	ctl_free(&c);
	return rc;
}

/* ---- show ---------------------------------------------------------------- */

/* The key rotations of origin before seq, from the node's log, into kr. */
static void
learn_rotations(struct ctl *c, const char *origin, uint64_t seq,
    struct keyring *kr)
{
	uint64_t after = 0;

	while (after + 1 < seq) {
		struct ctl_resp r;
		const char *p, *end, *line;
		size_t len, n = 0;

		if (log_page(c, "", origin, after, 1000, &r) != CTL_OK)
			return;
		p = r.body ? r.body : "";
		end = p + r.len;
		while (next_line(&p, end, &line, &len) == 0) {
			struct nf_entry e;
			unsigned char pk[KEY_PUB_LEN];

			n++;
			if (entry_decode(line, len, &e, NULL) != 0)
				continue;
			after = e.seq;
			if (e.op == OP_KEY && e.seq < seq && keys_pub_decode(
			    json_string_value(json_object_get(e.body,
			    "public_key")), pk, NULL) == 0)
				keyring_rotate(kr, origin, e.key, pk, e.seq);
			entry_clear(&e);
		}
		ctl_resp_free(&r);
		if (n < 1000)
			return;
	}
}

int
ctl_cmd_show(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "keys", required_argument, NULL, 'k' },
	};
	struct log_opts lo = { 0, 0, NULL };
	struct ctl c;
	struct ctl_resp r = { 0 };
	struct keyring kr = { 0 };
	struct nf_entry e, prev;
	struct nferr err;
	char origin[RECORD_ORIGIN_SIZE], h[2 * ENTRY_HASH_LEN + 1];
	const char *p, *end, *line, *wire = NULL;
	size_t len, wlen = 0;
	uint64_t seq;
	int rc, have = 0, have_prev = 0, ok = 1;
	json_t *checks = NULL, *raw = NULL;

	entry_init(&e);
	entry_init(&prev);
	ctl_init(&c);
	if (ctl_want_help(argc, argv, "show"))
		return CTL_OK;
	if ((rc = ctl_parse_opts(&c, argc, argv, "show", "c:", extra, 1, log_take,
	    &lo)) != CTL_OK)
		goto done;
	if (optind + 2 != argc || ctl_origin(argv[optind], origin) != 0 ||
	    ctl_parse_u64(argv[optind + 1], 1, INT64_MAX, &seq) != 0) {
		rc = ctl_usage_error("show");
		goto done;
	}
	if ((rc = log_page(&c, "", origin, seq > 1 ? seq - 2 : 0, 2, &r)) !=
	    CTL_OK)
		goto done;
	p = r.body ? r.body : "";
	end = p + r.len;
	checks = json_object();
	while (next_line(&p, end, &line, &len) == 0) {
		json_t *v = json_loadb(line, len, 0, NULL);
		uint64_t s = (uint64_t)ctl_jint(v, "seq");

		if (s == seq) {
			wire = line;
			wlen = len;
			raw = v;
			continue;
		}
		if (s == seq - 1 && entry_decode(line, len, &prev, NULL) == 0)
			have_prev = 1;
		json_decref(v);
	}
	if (wire == NULL) {
		ctl_warn("%s holds no entry %s/%" PRIu64, c.url, origin, seq);
		rc = CTL_IO;
		goto done;
	}
	/* 1-3: size, parse, canonical form, fields, body hash */
	if (entry_decode(wire, wlen, &e, &err) != 0) {
		json_object_set_new(checks, "decode", json_pack("{s:b, s:s, s:s}",
		    "ok", 0, "reason", err.code, "detail", err.msg));
		ok = 0;
	} else {
		have = 1;
		json_object_set_new(checks, "decode", json_pack("{s:b, s:s}",
		    "ok", 1, "detail", e.body ? "canonical; the body matches "
		    "body_hash" : e.has_body_hash ? "canonical; the body is "
		    "pruned (the header still commits to it)" :
		    "canonical; a delete has no body"));
	}
	if (have) {
		int known = 0;

		ctl_keyring(&c, lo.keys, 1, &kr);
		if (keyring_find(&kr, origin, e.key, e.seq, &known) == NULL &&
		    known)
			learn_rotations(&c, origin, e.seq, &kr);
		if (entry_check_sig(&e, &kr, &err) != 0) {
			json_object_set_new(checks, "signature", json_pack(
			    "{s:b, s:s, s:s}", "ok", 0, "reason", err.code,
			    "detail", err.msg));
			ok = 0;
		} else {
			char d[120];

			snprintf(d, sizeof(d), "Ed25519 by key %s of %s", e.key,
			    origin);
			json_object_set_new(checks, "signature", json_pack(
			    "{s:b, s:s}", "ok", 1, "detail", d));
		}
		if (e.seq == 1 || have_prev) {
			static const unsigned char zero[ENTRY_HASH_LEN];
			const unsigned char *want = e.seq == 1 ? zero : prev.hash;
			int link = memcmp(e.prev, want, ENTRY_HASH_LEN) == 0;
			char d[160];

			entry_hex(want, h);
			snprintf(d, sizeof(d), link ? "prev is the hash of entry "
			    "%" PRIu64 "" : "prev does not match entry %" PRIu64
			    " (%.16s...)", e.seq - 1, h);
			if (e.seq == 1)
				snprintf(d, sizeof(d), link ? "the first entry: "
				    "prev is zeros" : "the first entry must have "
				    "a zero prev");
			json_object_set_new(checks, "chain", json_pack(
			    "{s:b, s:s}", "ok", link, "detail", d));
			ok &= link;
		} else {
			json_object_set_new(checks, "chain", json_pack(
			    "{s:b, s:s}", "ok", 0, "detail",
			    "the entry before is not held"));
			ok = 0;
		}
		if (entry_check_rules(&e, ctl_now_ms(), &err) != 0) {
			json_object_set_new(checks, "rules", json_pack(
			    "{s:b, s:s, s:s, s:s}", "ok", 0, "reason", err.code,
			    "field", err.field, "detail", err.msg));
			ok = 0;
		} else {
			json_object_set_new(checks, "rules", json_pack(
			    "{s:b, s:s}", "ok", 1, "detail", "owner, operation "
			    "and body valid for the type"));
		}
	}
	if (c.json) {
		json_t *o = json_pack("{s:O, s:o, s:b}", "entry", raw ? raw :
		    json_null(), "checks", json_incref(checks), "valid", ok);

		if (have) {
			entry_hex(e.hash, h);
			json_object_set_new(o, "hash", json_string(h));
			json_object_set_new(o, "body_state",
			    json_string(body_state(&e)));
		}
		ctl_print_json(o);
	} else {
		static const char *const order[] = { "decode", "signature",
		    "chain", "rules", NULL };
		size_t i;

		printf("%sentry %s/%" PRIu64 "%s\n", ctl_c(&c, "bold"), origin,
		    seq, ctl_c(&c, "off"));
		if (have) {
			entry_hex(e.hash, h);
			printf("  hash       %s\n", h);
			entry_hex(e.prev, h);
			printf("  prev       %s\n", h);
			printf("  time       %s\n  op         %s\n  type       %s\n"
			    "  id         %s\n  key        %s\n  body       %s\n",
			    e.ts, op_text(e.op), record_type_name(e.type), e.id,
			    e.key, body_state(&e));
			if (e.body != NULL) {
				char *b = json_dumps(e.body, JSON_INDENT(2) |
				    JSON_SORT_KEYS);

				if (b != NULL) {
					char *q = b, *nl;

					while ((nl = strchr(q, '\n')) != NULL) {
						printf("    %.*s\n", (int)(nl - q), q);
						q = nl + 1;
					}
					printf("    %s\n", q);
					free(b);
				}
			}
		}
		printf("%sverification%s\n", ctl_c(&c, "bold"), ctl_c(&c, "off"));
		for (i = 0; order[i] != NULL; i++) {
			json_t *ck = json_object_get(checks, order[i]);
			int cok;

			if (ck == NULL)
				continue;
			cok = json_is_true(json_object_get(ck, "ok"));
			printf("  %-10s %s%s%s  %s\n", order[i],
			    ctl_c(&c, cok ? "green" : "red"), cok ? "ok" : "FAIL",
			    ctl_c(&c, "off"), ctl_jstr(ck, "detail"));
		}
	}
	rc = ok ? CTL_OK : CTL_NOTOK;
done:
	entry_clear(&e);
	entry_clear(&prev);
	keyring_free(&kr);
	json_decref(checks);
	json_decref(raw);
	ctl_resp_free(&r);
	ctl_free(&c);
	return rc;
}

/* ---- diff ---------------------------------------------------------------------- */

/* The entry hash at seq in base's log into hex; 0 or -1. */
static int
hash_at(struct ctl *c, const char *base, const char *origin, uint64_t seq,
    char hex[2 * ENTRY_HASH_LEN + 1])
{
	struct ctl_resp r;
	struct nf_entry e;
	const char *p, *end, *line;
	size_t len;
	int rc = -1;

	if (log_page(c, base, origin, seq - 1, 1, &r) != CTL_OK)
		return -1;
	p = r.body ? r.body : "";
	end = p + r.len;
	if (next_line(&p, end, &line, &len) == 0 &&
	    entry_decode(line, len, &e, NULL) == 0) {
		if (e.seq == seq) {
			entry_hex(e.hash, hex);
			rc = 0;
		}
		entry_clear(&e);
	}
	ctl_resp_free(&r);
	return rc;
}

int
ctl_cmd_diff(int argc, char **argv)
{
	struct ctl c;
	json_t *ca = NULL, *cb = NULL, *rows = NULL;
	char ua[CTL_URL_MAX], ub[CTL_URL_MAX], url[CTL_URL_MAX + 64];
	int rc, i, differ = 0;

	ctl_init(&c);
	if (ctl_want_help(argc, argv, "diff"))
		return CTL_OK;
	if ((rc = ctl_parse_opts(&c, argc, argv, "diff", "c:", NULL, 0, NULL, NULL)) !=
	    CTL_OK)
		goto done;
	if (optind + 2 != argc) {
		rc = ctl_usage_error("diff");
		goto done;
	}
	snprintf(ua, sizeof(ua), "%s", argv[optind]);
	snprintf(ub, sizeof(ub), "%s", argv[optind + 1]);
	for (i = 0; i < 2; i++) {
		char *u = i ? ub : ua;
		size_t l = strlen(u);

		while (l > 0 && u[l - 1] == '/')
			u[--l] = '\0';
		snprintf(url, sizeof(url), "%s/federation/v1/clock", u);
		if ((rc = ctl_get_json(&c, url, i ? &cb : &ca, 0)) != CTL_OK)
			goto done;
	}
	rows = json_array();
	for (i = 0; i < RECORD_NORIGIN; i++) {
		const char *o = record_origins[i];
		json_t *a = json_object_get(ca, o), *b = json_object_get(cb, o);
		uint64_t sa = (uint64_t)ctl_jint(a, "seq"), sb = (uint64_t)ctl_jint(b,
		    "seq");
		const char *state;
		char detail[300], hx[2 * ENTRY_HASH_LEN + 1];
		uint64_t behind = 0;

		if (sa == sb) {
			if (sa == 0 || (ctl_jstr(a, "hash") && ctl_jstr(b, "hash") &&
			    strcmp(ctl_jstr(a, "hash"), ctl_jstr(b, "hash")) == 0)) {
				state = "equal";
				snprintf(detail, sizeof(detail), sa ? "both at %"
				    PRIu64 : "neither holds any", sa);
			} else {
				state = "diverged";
				snprintf(detail, sizeof(detail), "both at %" PRIu64
				    " with different hashes: a fork at or before "
				    "%" PRIu64, sa, sa);
			}
		} else {
			int a_low = sa < sb;
			uint64_t lo = a_low ? sa : sb;
			const char *hi_url = a_low ? ub : ua;
			const char *lo_hash = ctl_jstr(a_low ? a : b, "hash");

			behind = (a_low ? sb : sa) - lo;
			if (lo == 0 || (hash_at(&c, hi_url, o, lo, hx) == 0 &&
			    lo_hash != NULL && strcmp(hx, lo_hash) == 0)) {
				state = a_low ? "a_behind" : "b_behind";
				snprintf(detail, sizeof(detail), "%s is %" PRIu64
				    " behind %s (%" PRIu64 " vs %" PRIu64 ")",
				    a_low ? "A" : "B", behind, a_low ? "B" : "A",
				    lo, lo + behind);
			} else {
				state = "diverged";
				snprintf(detail, sizeof(detail), "entry %" PRIu64
				    " differs: a fork at or before %" PRIu64
				    " (A %" PRIu64 ", B %" PRIu64 ")", lo, lo, sa,
				    sb);
			}
		}
		if (strcmp(state, "equal") != 0)
			differ = 1;
		json_array_append_new(rows, json_pack("{s:s, s:I, s:I, s:s, s:I, "
		    "s:s}", "origin", o, "a", (json_int_t)sa, "b", (json_int_t)sb,
		    "state", state, "behind", (json_int_t)behind, "detail",
		    detail));
	}
	if (c.json) {
		ctl_print_json(json_pack("{s:s, s:s, s:b, s:O}", "a", ua, "b", ub,
		    "equal", !differ, "origins", rows));
	} else {
		json_t *row;
		size_t k;

		printf("A = %s\nB = %s\n", ua, ub);
		printf("%s%-6s %10s %10s  %s%s\n", ctl_c(&c, "bold"), "ORIGIN",
		    "A", "B", "STATE", ctl_c(&c, "off"));
		json_array_foreach(rows, k, row) {
			int eq = strcmp(ctl_jstr(row, "state"), "equal") == 0;
			int dv = strcmp(ctl_jstr(row, "state"), "diverged") == 0;

			printf("%-6s %10lld %10lld  %s%s%s\n", ctl_jstr(row, "origin"),
			    (long long)ctl_jint(row, "a"), (long long)ctl_jint(row, "b"),
			    ctl_c(&c, eq ? "green" : dv ? "red" : "yellow"),
			    ctl_jstr(row, "detail"), ctl_c(&c, "off"));
		}
		printf("%s\n", differ ? "the nodes differ" : "the nodes hold the "
		    "same logs");
	}
	rc = differ ? CTL_NOTOK : CTL_OK;
done:
	json_decref(ca);
	json_decref(cb);
	json_decref(rows);
	ctl_free(&c);
	return rc;
}

/* ---- resync ---------------------------------------------------------------------- */

struct resync_opts {
	uint64_t from, wait_s;
	const char *peer;
	int wait, reset;
};

static int
resync_take(void *arg, int opt, const char *val)
{
	struct resync_opts *ro = arg;

	switch (opt) {
	case 'f':
		return ctl_parse_u64(val, 1, INT64_MAX, &ro->from);
	case 'p':
		ro->peer = val;
		return 0;
	case 'w':
		ro->wait = 1;
		return 0;
	case 'W':
		ro->wait = 1;
		return ctl_parse_u64(val, 1, 86400, &ro->wait_s);
	case 'R':
		ro->reset = 1;
		return 0;
	}
	return -1;
}

/* 1 when the RFC 3339 time t (may be NULL) is at or after at. */
static int
since(const char *t, const char *at)
{
	return t != NULL && strcmp(t, at) >= 0;
}

/* Poll the status until origin does not lag and every peer asked has
 * answered (or failed) since at. CTL_OK, CTL_NOTOK (time out), CTL_IO. */
static int
resync_wait(struct ctl *c, const char *origin, const char *at,
    const json_t *asked, uint64_t seconds, json_int_t *lag_out)
{
	int64_t end = ctl_mono_ms() + (int64_t)seconds * 1000;

	for (;;) {
		json_t *st = NULL, *o, *p, *a;
		size_t i, j;
		int fresh = 1, rc;
		json_int_t lag;

		if ((rc = ctl_get_json(c, "/api/v1/sync/status", &st, 0)) !=
		    CTL_OK)
			return rc;
		o = json_object_get(json_object_get(st, "origins"), origin);
		lag = ctl_jint(o, "lag");
		*lag_out = lag;
		json_array_foreach(asked, i, a) {
			if (!json_is_true(json_object_get(a, "started")))
				continue;
			/* answered, or failed, since the resync was asked:
			 * either way its part is known */
			json_array_foreach(json_object_get(st, "peers"), j, p)
				if (strcmp(ctl_jstr(p, "name"), ctl_jstr(a, "peer")) == 0 &&
				    !since(ctl_jstr(p, "last_success"), at) &&
				    !since(ctl_jstr(p, "last_error_at"), at))
					fresh = 0;
		}
		json_decref(st);
		if (fresh && lag == 0)
			return CTL_OK;
		if (ctl_mono_ms() > end)
			return CTL_NOTOK;
		usleep(200 * 1000);
	}
}

int
ctl_cmd_resync(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "peer", required_argument, NULL, 'p' },
		{ "wait", no_argument, NULL, 'w' },
		{ "wait-timeout", required_argument, NULL, 'W' },
		{ "reset", no_argument, NULL, 'R' },
	};
	struct resync_opts ro = { 0, 60, NULL, 0, 0 };
	struct ctl c;
	struct ctl_resp r = { 0 };
	json_t *req = NULL, *out = NULL, *p;
	char origin[RECORD_ORIGIN_SIZE], *body = NULL, msg[400];
	size_t i;
	int rc;
	json_int_t lag = 0;

	ctl_init(&c);
	if (ctl_want_help(argc, argv, "resync"))
		return CTL_OK;
	if ((rc = ctl_parse_opts(&c, argc, argv, "resync", "c:", extra, 5, resync_take,
	    &ro)) != CTL_OK)
		goto done;
	if (optind + 1 != argc || ctl_origin(argv[optind], origin) != 0 ||
	    (ro.reset && ro.from)) {
		rc = ctl_usage_error("resync");
		goto done;
	}
	if ((rc = ctl_token(&c)) != CTL_OK)
		goto done;
	req = json_pack("{s:s}", "origin", origin);
	if (ro.from)
		json_object_set_new(req, "from", json_integer((json_int_t)ro.from));
	if (ro.peer)
		json_object_set_new(req, "peer", json_string(ro.peer));
	if (ro.reset)
		json_object_set_new(req, "reset", json_true());
	body = json_dumps(req, JSON_COMPACT);
	if (ctl_http(&c, "POST", "/api/v1/admin/resync", body, strlen(body),
	    "application/json", 1, &r) != 0) {
		ctl_warn("cannot reach %s: %s", c.url, r.error);
		rc = CTL_IO;
		goto done;
	}
	if (r.status != 202) {
		ctl_warn("the node refused: HTTP %ld: %s", r.status,
		    ctl_problem_text(&r, msg, sizeof(msg)));
		rc = r.status == 401 || r.status == 403 ? CTL_IO :
		    r.status == 404 || r.status == 422 ? CTL_USAGE : CTL_NOTOK;
		goto done;
	}
	out = json_loadb(r.body, r.len, 0, NULL);
	if (!c.json) {
		if (json_object_get(out, "dropped") != NULL)
			printf("dropped this node's copy of %s (%lld entries)\n",
			    origin, (long long)ctl_jint(out, "dropped"));
		printf("fetching %s again (this node holds %lld)\n", origin,
		    (long long)ctl_jint(out, "head"));
		json_array_foreach(json_object_get(out, "peers"), i, p)
			printf("  %-12s %-3s %s%s%s\n", ctl_jstr(p, "peer"),
			    ctl_jstr(p, "country"),
			    json_is_true(json_object_get(p, "started")) ?
			    (strcmp(ctl_jstr(p, "request"), "log") == 0 ?
			    "asked for its log again" : "asked for its clock, "
			    "then what it has that this node lacks") :
			    "could not start a request",
			    json_is_true(json_object_get(p, "was_backing_off")) ?
			    " (its backoff was cut short)" : "", "");
	}
	rc = CTL_OK;
	if (ro.wait) {
		rc = resync_wait(&c, origin, ctl_jstr(out, "at"),
		    json_object_get(out, "peers"), ro.wait_s, &lag);
		json_object_set_new(out, "caught_up", json_boolean(rc == CTL_OK));
		json_object_set_new(out, "lag", json_integer(lag));
		if (!c.json) {
			if (rc == CTL_OK)
				printf("%s%s is caught up%s\n", ctl_c(&c, "green"),
				    origin, ctl_c(&c, "off"));
			else if (rc == CTL_NOTOK)
				printf("%s%s still lags by %lld after %llus, or a "
				    "peer asked has not answered: see nordfedctl "
				    "status%s\n", ctl_c(&c, "red"), origin,
				    (long long)lag, (unsigned long long)ro.wait_s,
				    ctl_c(&c, "off"));
		}
	}
	if (c.json)
		ctl_print_json(json_incref(out));
done:
	ctl_resp_free(&r);
	free(body);
	json_decref(req);
	json_decref(out);
	ctl_free(&c);
	return rc;
}

/* ---- fork ------------------------------------------------------------------------ */

struct fork_opts {
	const char *keep, *peer, *keys;
	int refetch;
};

static int
fork_take(void *arg, int opt, const char *val)
{
	struct fork_opts *fo = arg;

	switch (opt) {
	case 'K':
		fo->keep = val;
		return 0;
	case 'p':
		fo->peer = val;
		return 0;
	case 'r':
		fo->refetch = 1;
		return 0;
	case 'k':
		fo->keys = val;
		return 0;
	}
	return -1;
}

/* One side of a proof, decoded; 0 or -1. */
static int
proof_side(const json_t *proof, const char *side, struct nf_entry *e)
{
	char *w;
	size_t wl;
	int rc;

	entry_init(e);
	if (canon_dump(json_object_get(proof, side), &w, &wl, NULL) != 0)
		return -1;
	rc = entry_decode(w, wl, e, NULL);
	free(w);
	return rc;
}

static int
fork_show(struct ctl *c, const struct fork_opts *fo, const char *only)
{
	json_t *af = NULL, *f, *forks, *out;
	struct keyring kr;
	size_t i, open = 0;
	int rc;

	/* the decisions, and who took them, are for token holders: without
	 * one the sync status says which forks are open */
	rc = CTL_NOTOK;
	if (token_at_hand(c) && (rc = ctl_token(c)) == CTL_OK)
		rc = ctl_get_json_auth(c, "/api/v1/admin/forks", &af, 1);
	if (rc != CTL_OK && rc != CTL_IO) {
		if (!c->json)
			printf("(no token: the decisions on forks are not shown)\n");
		rc = ctl_get_json(c, "/api/v1/sync/status", &af, 0);
		if (rc == CTL_OK) {
			json_t *q = json_array(), *ov;
			const char *ok;

			json_object_foreach(json_object_get(af, "origins"), ok, ov)
				if (json_is_true(json_object_get(ov,
				    "quarantined")))
					json_array_append_new(q, json_string(ok));
			json_object_set_new(af, "quarantined", q);
		}
	}
	if (rc != CTL_OK)
		return rc;
	ctl_keyring(c, fo->keys, 1, &kr);
	forks = json_object_get(af, "forks");
	out = json_array();
	json_array_foreach(forks, i, f) {
		const char *o = ctl_jstr(f, "origin");
		json_t *proof = json_object_get(f, "proof"), *row, *sides;
		struct nf_entry ea, eb;
		char *pw = NULL, ha[2 * ENTRY_HASH_LEN + 1] = "",
		    hb[2 * ENTRY_HASH_LEN + 1] = "", po[RECORD_ORIGIN_SIZE];
		size_t pl;
		uint64_t ps;
		struct nferr err;
		int verifies = 0, resolved;
		const char *why = "";

		if (only != NULL && strcmp(o, only) != 0)
			continue;
		resolved = strcmp(ctl_jstr(f, "state") ? ctl_jstr(f, "state") : "",
		    "resolved") == 0;
		open += !resolved;
		nferr_clear(&err);
		if (canon_dump(proof, &pw, &pl, &err) == 0 &&
		    entry_fork_verify(pw, pl, &kr, po, &ps, &err) == 0)
			verifies = 1;
		else if (pw != NULL && err.code != NULL &&
		    strcmp(err.code, "unknown_key") == 0 &&
		    ctl_jint(f, "seq") > 0) {
			/* signed after a rotation of the origin: follow its key
			 * entries in this node's log, then try again */
			learn_rotations(c, o, (uint64_t)ctl_jint(f, "seq") + 1, &kr);
			if (entry_fork_verify(pw, pl, &kr, po, &ps, &err) == 0)
				verifies = 1;
		}
		if (!verifies)
			why = err.msg;
		free(pw);
		sides = json_array();
		if (proof_side(proof, "a", &ea) == 0) {
			entry_hex(ea.hash, ha);
			json_array_append_new(sides, entry_summary(&ea));
		}
		if (proof_side(proof, "b", &eb) == 0) {
			entry_hex(eb.hash, hb);
			json_array_append_new(sides, entry_summary(&eb));
		}
		entry_clear(&ea);
		entry_clear(&eb);
		row = json_pack("{s:s, s:I, s:s?, s:s, s:b, s:s, s:O, s:O, s:O}",
		    "origin", o, "seq", (json_int_t)ctl_jint(f, "seq"), "detected",
		    ctl_jstr(f, "detected"), "state", resolved ? "resolved" : "open",
		    "proof_verifies", verifies, "proof_problem", why, "entries",
		    sides, "held", json_object_get(f, "held") ?
		    json_object_get(f, "held") : json_null(), "resolution",
		    json_object_get(f, "resolution") ?
		    json_object_get(f, "resolution") : json_null());
		json_array_append_new(out, row);
		if (!c->json) {
			size_t k;
			json_t *s;
			const char *held = ctl_jstr(f, "held");

			printf("%sfork of %s at seq %lld%s, detected %s: %s%s%s\n",
			    ctl_c(c, "bold"), o, (long long)ctl_jint(f, "seq"),
			    ctl_c(c, "off"), ctl_jstr(f, "detected"),
			    ctl_c(c, resolved ? "green" : "red"), resolved ?
			    "resolved" : "OPEN (origin quarantined)",
			    ctl_c(c, "off"));
			printf("  proof      %s%s\n", verifies ? "verifies: both "
			    "entries are validly signed by " : "DOES NOT VERIFY: ",
			    verifies ? o : why);
			json_array_foreach(sides, k, s) {
				int is_held = held && strcmp(held, ctl_jstr(s, "hash")) == 0;

				printf("  entry %c    %s%s\n", k ? 'B' : 'A',
				    ctl_jstr(s, "hash"), is_held ?
				    "   <- this node holds it" : "");
				printf("             %s %s %s %s, key %s, prev %.16s\n",
				    ctl_jstr(s, "ts"), ctl_jstr(s, "op"), ctl_jstr(s, "type"),
				    ctl_jstr(s, "id"), ctl_jstr(s, "key"), ctl_jstr(s, "prev"));
			}
			if (resolved) {
				json_t *res = json_object_get(f, "resolution");

				printf("  decision   kept %.16s... on %s by %s%s\n",
				    ctl_jstr(res, "kept"), ctl_jstr(res, "resolved"),
				    ctl_jstr(res, "by") ? ctl_jstr(res, "by") : "?",
				    json_is_true(json_object_get(res, "dropped")) ?
				    "; this node's copy was dropped and fetched "
				    "again" : "");
				if (held != NULL && ctl_jstr(res, "kept") != NULL &&
				    strcmp(held, ctl_jstr(res, "kept")) != 0)
					printf("  %sWARNING%s    this node holds the "
					    "other entry again: a peer served it; "
					    "resolve on that peer first, then here "
					    "with --refetch --peer\n",
					    ctl_c(c, "red"), ctl_c(c, "off"));
			} else if (ha[0] && hb[0]) {
				printf("  to resolve, once decided (docs/operations.md, "
				    "Forks):\n    nordfedctl fork resolve %s %lld "
				    "--keep HASH_OF_THE_ENTRY_THAT_STANDS\n", o,
				    (long long)ctl_jint(f, "seq"));
			}
		}
		json_decref(sides);
	}
	if (c->json)
		ctl_print_json(json_pack("{s:o, s:O}", "forks", out, "quarantined",
		    json_object_get(af, "quarantined") ?
		    json_object_get(af, "quarantined") : json_array()));
	else {
		if (json_array_size(out) == 0)
			printf("no forks%s%s\n", only ? " of " : "", only ? only : "");
		json_decref(out);
	}
	json_decref(af);
	keyring_free(&kr);
	return open ? CTL_NOTOK : CTL_OK;
}

static int
fork_resolve(struct ctl *c, const struct fork_opts *fo, const char *origin,
    uint64_t seq)
{
	struct ctl_resp r = { 0 };
	json_t *req, *out;
	char *body, msg[600];
	int rc;

	if ((rc = ctl_token(c)) != CTL_OK)
		return rc;
	req = json_pack("{s:s, s:I, s:s, s:b}", "origin", origin, "seq",
	    (json_int_t)seq, "keep", fo->keep, "refetch", fo->refetch);
	if (fo->peer)
		json_object_set_new(req, "peer", json_string(fo->peer));
	body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (ctl_http(c, "POST", "/api/v1/admin/forks/resolve", body,
	    strlen(body), "application/json", 1, &r) != 0) {
		ctl_warn("cannot reach %s: %s", c->url, r.error);
		free(body);
		return CTL_IO;
	}
	free(body);
	if (r.status != 200) {
		ctl_warn("the node refused: HTTP %ld: %s", r.status,
		    ctl_problem_text(&r, msg, sizeof(msg)));
		rc = r.status == 401 || r.status == 403 ? CTL_IO :
		    r.status == 409 ? CTL_NOTOK : CTL_USAGE;
		if (r.status == 409 && strstr(r.body ? r.body : "",
		    "holds_rejected") != NULL)
			fprintf(stderr, "nordfedctl: add --refetch (and --peer "
			    "NAME of a node that holds the entry to keep) once "
			    "you are sure\n");
		ctl_resp_free(&r);
		return rc;
	}
	out = json_loadb(r.body, r.len, 0, NULL);
	ctl_resp_free(&r);
	if (c->json) {
		ctl_print_json(out);
		return CTL_OK;
	}
	printf("fork of %s at seq %lld resolved: kept %s\n", origin,
	    (long long)seq, ctl_jstr(out, "kept"));
	if (json_is_true(json_object_get(out, "dropped")))
		printf("this node's copy of %s was dropped; it is being fetched "
		    "again (nordfedctl status)\n", origin);
	printf("%s\n", json_is_true(json_object_get(out, "quarantined")) ?
	    "another fork keeps the origin quarantined: nordfedctl fork show" :
	    "the quarantine is over; entries of the origin are taken again");
	json_decref(out);
	return CTL_OK;
}

int
ctl_cmd_fork(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "keep", required_argument, NULL, 'K' },
		{ "peer", required_argument, NULL, 'p' },
		{ "refetch", no_argument, NULL, 'r' },
		{ "keys", required_argument, NULL, 'k' },
	};
	struct fork_opts fo = { NULL, NULL, NULL, 0 };
	struct ctl c;
	char origin[RECORD_ORIGIN_SIZE];
	uint64_t seq;
	int rc;

	ctl_init(&c);
	if (ctl_want_help(argc, argv, "fork"))
		return CTL_OK;
	if ((rc = ctl_parse_opts(&c, argc, argv, "fork", "c:", extra, 4, fork_take,
	    &fo)) != CTL_OK)
		goto done;
	if (optind < argc && strcmp(argv[optind], "show") == 0 &&
	    optind + 2 >= argc) {
		if (optind + 2 == argc && ctl_origin(argv[optind + 1],
		    origin) != 0) {
			rc = ctl_usage_error("fork");
			goto done;
		}
		rc = fork_show(&c, &fo, optind + 2 == argc ? origin : NULL);
	} else if (optind + 3 == argc && strcmp(argv[optind], "resolve") == 0 &&
	    ctl_origin(argv[optind + 1], origin) == 0 &&
	    ctl_parse_u64(argv[optind + 2], 1, INT64_MAX, &seq) == 0 &&
	    fo.keep != NULL) {
		rc = fork_resolve(&c, &fo, origin, seq);
	} else {
		rc = ctl_usage_error("fork");
	}
done:
	ctl_free(&c);
	return rc;
}
