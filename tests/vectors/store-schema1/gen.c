/*
 * gen: the schema-1 fixture for tests/unit/test_migrate.c. Built by
 * make.sh against the store of commit b595cf1 (schema 1, the last before
 * schema 2), it writes node.db through that store's API, as a node of
 * origin SE would hold it, and expected.json, what that store showed
 * through its API (tests/unit/store_dump.h).
 *
 *   gen NODE.DB EXPECTED.JSON
 *
 * What the database holds: SE's own records of every type, written by
 * the writer (an update whose old body is pruned, a delete, a key
 * rotation); persons and a token; replicated organisations of NO (with
 * an update), IS and DK with their peer cursors; a fork of FI (held,
 * FI quarantined) and a fork of DK that an operator resolved. Names are
 * unique, so list order does not depend on how ties are broken.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "canon.h"
#include "entry.h"
#include "keys.h"
#include "record.h"
#include "store.h"
#include "writer.h"
#include "store_dump.h"

static const char *const peers[] = { "no-node", "dk-node", "fi-node",
    "is-node", NULL };
static const char *const tokens[] = { "secret-token-1", "wrong-token",
    NULL };

static void
die(const char *what, const struct nferr *err)
{
	fprintf(stderr, "gen: %s: %s %s\n", what, err ? err->code : "",
	    err ? err->msg : "");
	exit(1);
}

static json_t *
J(const char *fmt, ...)
{
	char buf[4096];
	json_error_t je;
	va_list ap;
	json_t *v;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if ((v = json_loads(buf, JSON_REJECT_DUPLICATES, &je)) == NULL) {
		fprintf(stderr, "gen: bad JSON %s: %s\n", je.text, buf);
		exit(1);
	}
	return v;
}

static void
put(struct writer *w, enum record_type t, const char *id, json_t *body,
    char out[RECORD_ID_MAX])
{
	struct writer_result r;
	struct nferr err;

	if (writer_submit(w, OP_PUT, t, id, body, &r, &err) != 0)
		die("put", &err);
	if (out != NULL)
		memcpy(out, r.id, RECORD_ID_MAX);
	json_decref(body);
}

/* A chain of entries of another origin, signed by key k. */
struct chain {
	const char *origin;
	struct nf_key k;
	uint64_t seq;
	unsigned char head[ENTRY_HASH_LEN];
};

static void
sign_next(struct chain *c, struct nf_entry *e, enum entry_op op,
    enum record_type t, const char *id, json_t *body, int64_t ts)
{
	struct nferr err;

	entry_init(e);
	memcpy(e->origin, c->origin, 3);
	e->seq = ++c->seq;
	memcpy(e->prev, c->head, ENTRY_HASH_LEN);
	entry_ts_format(ts, e->ts);
	e->op = op;
	e->type = t;
	snprintf(e->id, sizeof(e->id), "%s", id);
	e->body = body;
	if (entry_sign(e, &c->k, &err) != 0)
		die("sign", &err);
	json_decref(body);
	memcpy(c->head, e->hash, ENTRY_HASH_LEN);
}

static void
new_id(char out[RECORD_ID_MAX], const char *origin, enum record_type t,
    uint64_t ms)
{
	unsigned char rnd[10];

	randombytes_buf(rnd, sizeof(rnd));
	record_id_make(out, origin, t, ms, rnd);
}

static void
remote_org(struct store *s, struct chain *c, const char *peer,
    const char *id, const char *name, const char *cc, const char *extra,
    int64_t ts)
{
	struct nf_entry e;
	struct nferr err;

	sign_next(c, &e, OP_PUT, REC_ORGANISATION, id, J("{\"name\":\"%s\","
	    "\"classification\":\"association\",\"country\":\"%s\"%s}", name,
	    cc, extra), ts);
	if (store_apply_remote(s, &e, 1, peer, &err) != 0)
		die("apply", &err);
	entry_clear(&e);
}

/* A fork of c at its next seq: two entries, the first applied. */
static void
fork_of(struct store *s, struct chain *c, const char *peer, int resolve)
{
	struct chain c2 = *c;
	struct nf_entry a, b;
	struct nferr err;
	char id[RECORD_ID_MAX], *proof;
	size_t plen;
	int still;

	new_id(id, c->origin, REC_ORGANISATION, 1764000000000ULL);
	sign_next(c, &a, OP_PUT, REC_ORGANISATION, id, J("{\"name\":"
	    "\"Forked %s one\",\"classification\":\"association\","
	    "\"country\":\"%s\"}", c->origin, c->origin), 1764000100000LL);
	sign_next(&c2, &b, OP_PUT, REC_ORGANISATION, id, J("{\"name\":"
	    "\"Forked %s two\",\"classification\":\"association\","
	    "\"country\":\"%s\"}", c->origin, c->origin), 1764000100001LL);
	if (store_apply_remote(s, &a, 1, peer, &err) != 0)
		die("apply", &err);
	if (entry_fork_proof(&a, &b, &proof, &plen, &err) != 0 ||
	    store_record_fork(s, c->origin, a.seq, proof, &err) != 0)
		die("fork", &err);
	free(proof);
	if (resolve && store_fork_resolve(s, c->origin, a.seq, a.hash,
	    "operator", 0, &still, &err) != 0)
		die("resolve", &err);
	entry_clear(&a);
	entry_clear(&b);
}

int
main(int argc, char **argv)
{
	char org[6][RECORD_ID_MAX], net[RECORD_ID_MAX], id[RECORD_ID_MAX];
	char pid[STORE_PERSON_ID_MAX], pid2[STORE_PERSON_ID_MAX];
	unsigned char th[STORE_TOKEN_HASH_LEN];
	struct chain no = { "NO" }, is = { "IS" }, dk = { "DK" }, fi = { "FI" };
	struct store_person p;
	struct writer_result r;
	struct nf_key key, next;
	struct store *s;
	struct writer *w;
	struct nferr err;
	struct nf_entry e;
	json_t *d;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: gen NODE.DB EXPECTED.JSON\n");
		return 2;
	}
	if (keys_init() != 0 || keys_generate(&key) != 0 ||
	    keys_generate(&next) != 0 || keys_generate(&no.k) != 0 ||
	    keys_generate(&is.k) != 0 || keys_generate(&dk.k) != 0 ||
	    keys_generate(&fi.k) != 0)
		die("keys", NULL);
	if (store_open(argv[1], "SE", &s, &err) != 0)
		die("open", &err);
	if ((w = writer_new(s, &key, "SE", &err)) == NULL)
		die("writer", &err);

	/* SE's own records of every type */
	put(w, REC_ORGANISATION, NULL, J("{\"name\":\"Göteborgs "
	    "Stadsmission\",\"classification\":\"association\",\"country\":"
	    "\"SE\",\"focus_areas\":[\"social_care\",\"youth\"],"
	    "\"municipality\":\"Göteborg\",\"lang\":\"sv\",\"description\":"
	    "{\"sv\":\"Hjälp i vardagen\",\"en\":\"Help in daily life\"}}"),
	    org[0]);
	put(w, REC_ORGANISATION, NULL, J("{\"name\":\"Folkhögskolan i "
	    "Umeå\",\"classification\":\"foundation\",\"country\":\"SE\","
	    "\"focus_areas\":[\"culture\"],\"founded\":\"1962-09-01\","
	    "\"other_names\":[{\"name\":\"Umeå folkhögskola\"}]}"), org[1]);
	put(w, REC_ORGANISATION, NULL, J("{\"name\":\"Ungdomens hus "
	    "Tromsøgatan\",\"classification\":\"association\",\"country\":"
	    "\"SE\",\"focus_areas\":[\"youth\",\"culture\"],\"lang\":\"sv\","
	    "\"description\":{\"sv\":\"Kultur för unga\",\"fi\":"
	    "\"Kulttuuria nuorille\"}}"), org[2]);
	put(w, REC_ORGANISATION, NULL, J("{\"name\":\"Första namnet\","
	    "\"classification\":\"association\",\"country\":\"SE\","
	    "\"focus_areas\":[\"culture\"]}"), org[3]);
	/* an update: the first body is pruned, the name changes */
	put(w, REC_ORGANISATION, org[3], J("{\"name\":\"Andra namnet "
	    "Föreningen\",\"classification\":\"association\",\"country\":"
	    "\"SE\",\"focus_areas\":[\"youth\"],\"lang\":\"en\","
	    "\"description\":{\"en\":\"A renamed association\"}}"), NULL);
	put(w, REC_ORGANISATION, NULL, J("{\"name\":\"Borttagna "
	    "föreningen\",\"classification\":\"association\",\"country\":"
	    "\"SE\"}"), org[4]);
	if (writer_submit(w, OP_DELETE, REC_ORGANISATION, org[4], NULL, &r,
	    &err) != 0)
		die("delete", &err);
	put(w, REC_NETWORK, NULL, J("{\"name\":{\"sv\":\"Nordiskt nätverk "
	    "för samarbete\",\"en\":\"Nordic network for cooperation\"},"
	    "\"scope\":\"nordic\",\"lead_organisation\":\"%s\","
	    "\"focus_areas\":[\"youth\"]}", org[0]), net);
	put(w, REC_MEMBERSHIP, NULL, J("{\"network\":\"%s\",\"organisation\":"
	    "\"%s\",\"role\":\"lead\",\"status\":\"active\",\"start\":"
	    "\"2025-01-01\"}", net, org[0]), NULL);
	put(w, REC_MEMBERSHIP, NULL, J("{\"network\":\"%s\",\"organisation\":"
	    "\"%s\",\"role\":\"member\",\"status\":\"active\",\"start\":"
	    "\"2025-02-01\"}", net, org[2]), NULL);
	put(w, REC_MEMBERSHIP_REQUEST, NULL, J("{\"network\":\"%s\","
	    "\"organisation\":\"%s\",\"role\":\"member\",\"status\":"
	    "\"pending\"}", net, org[1]), NULL);
	put(w, REC_MEETING, NULL, J("{\"organiser\":\"%s\",\"network\":"
	    "\"%s\",\"title\":{\"sv\":\"Möte om samarbete\",\"en\":"
	    "\"Meeting on cooperation\"},\"start\":\"2025-03-05T10:00:00+01:00\","
	    "\"end\":\"2025-03-05T12:00:00+01:00\",\"timezone\":"
	    "\"Europe/Stockholm\",\"mode\":\"online\",\"platform\":\"Zoom\","
	    "\"cost\":\"free\",\"status\":\"scheduled\"}", org[0], net), NULL);
	put(w, REC_MEETING, NULL, J("{\"organiser\":\"%s\",\"network\":"
	    "\"%s\",\"title\":{\"sv\":\"Årsmöte i Göteborg\"},\"start\":"
	    "\"2026-05-05T10:00:00+02:00\",\"end\":\"2026-05-05T16:00:00+02:00\","
	    "\"timezone\":\"Europe/Stockholm\",\"mode\":\"in_person\","
	    "\"place\":\"Göteborg\",\"cost\":\"free\",\"status\":"
	    "\"scheduled\"}", org[0], net), NULL);
	put(w, REC_RESOURCE, NULL, J("{\"kind\":\"report\",\"title\":{\"en\":"
	    "\"A report on Nordic cooperation\"},\"url\":"
	    "\"https://example.org/r\",\"languages\":[\"en\",\"sv\"],"
	    "\"publisher\":\"%s\",\"published\":\"2025-06-01\"}", org[0]),
	    NULL);
	put(w, REC_COLLABORATION, NULL, J("{\"organisation\":\"%s\","
	    "\"public_body_name\":\"Göteborgs kommun\",\"form\":\"iop\","
	    "\"level\":\"local\",\"area\":\"social_care\",\"start\":"
	    "\"2024-01-01\"}", org[0]), NULL);
	if (writer_rotate(w, &next, &r, &err) != 0)
		die("rotate", &err);
	put(w, REC_ORGANISATION, NULL, J("{\"name\":\"Signerad med nya "
	    "nyckeln\",\"classification\":\"umbrella\",\"country\":\"SE\"}"),
	    org[5]);

	/* local-only data */
	memset(&p, 0, sizeof(p));
	p.org_id = org[0];
	p.name = "Anna Andersson";
	p.role = "Ordförande";
	p.email = "anna@example.org";
	if (store_person_put(s, &p, pid, &err) != 0)
		die("person", &err);
	p.name = "Bertil Berg";
	p.role = NULL;
	p.email = NULL;
	p.phone = "+46 31 123 45";
	if (store_person_put(s, &p, pid2, &err) != 0)
		die("person", &err);
	p.org_id = org[1];
	p.name = "Cecilia Carlsson";
	p.phone = NULL;
	if (store_person_put(s, &p, pid2, &err) != 0 ||
	    store_person_delete(s, pid2, &err) != 0)
		die("person", &err);
	store_token_hash("secret-token-1", th);
	if (store_token_add(s, "admin", th, &err) != 0)
		die("token", &err);

	/* replicated: NO (with an update), IS, DK, and forks of FI and DK */
	new_id(id, "NO", REC_ORGANISATION, 1763000000000ULL);
	remote_org(s, &no, "no-node", id, "Oslo frivilligsentral", "NO",
	    ",\"municipality\":\"Oslo\",\"focus_areas\":[\"youth\"]",
	    1764000000000LL);
	remote_org(s, &no, "no-node", id, "Oslo frivilligsentral og "
	    "kulturhus", "NO", ",\"municipality\":\"Oslo\","
	    "\"focus_areas\":[\"culture\"],\"lang\":\"nb\",\"description\":"
	    "{\"nb\":\"Frivillig arbeid i Oslo\",\"en\":\"Volunteering in "
	    "Oslo\"}", 1764000001000LL);
	new_id(id, "NO", REC_ORGANISATION, 1763000000001ULL);
	remote_org(s, &no, "no-node", id, "Ungdom i Tromsø", "NO",
	    ",\"municipality\":\"Tromsø\",\"focus_areas\":[\"youth\"]",
	    1764000002000LL);
	new_id(id, "IS", REC_ORGANISATION, 1763000000002ULL);
	remote_org(s, &is, "is-node", id, "Reykjavík félagið", "IS",
	    ",\"municipality\":\"Reykjavík\",\"description\":{\"is\":"
	    "\"Félag á Þingvellir\",\"en\":\"An association at Thingvellir\"}",
	    1764000003000LL);
	new_id(id, "DK", REC_ORGANISATION, 1763000000003ULL);
	remote_org(s, &dk, "dk-node", id, "Ærø Kulturforening", "DK",
	    ",\"municipality\":\"Ærø\",\"focus_areas\":[\"culture\"]",
	    1764000004000LL);
	new_id(id, "FI", REC_ORGANISATION, 1763000000004ULL);
	remote_org(s, &fi, "fi-node", id, "Helsingin nuorisoseura", "FI",
	    ",\"municipality\":\"Helsinki\",\"focus_areas\":[\"youth\"],"
	    "\"lang\":\"fi\",\"description\":{\"fi\":\"Nuorten seura\"}",
	    1764000005000LL);
	fork_of(s, &fi, "fi-node", 0);
	fork_of(s, &dk, "dk-node", 1);
	if (store_cursor_set(s, "is-node", "NO", 2, &err) != 0)
		die("cursor", &err);
	/* a delete of a replicated record */
	new_id(id, "NO", REC_ORGANISATION, 1763000000005ULL);
	remote_org(s, &no, "no-node", id, "Nedlagt forening i Bergen", "NO",
	    "", 1764000006000LL);
	sign_next(&no, &e, OP_DELETE, REC_ORGANISATION, id, NULL,
	    1764000007000LL);
	if (store_apply_remote(s, &e, 1, "no-node", &err) != 0)
		die("apply delete", &err);
	entry_clear(&e);

	d = store_dump(s, peers, tokens);
	writer_free(w);
	store_close(s);
	if ((f = fopen(argv[2], "w")) == NULL ||
	    json_dumpf(d, f, JSON_SORT_KEYS | JSON_INDENT(1)) != 0 ||
	    fputc('\n', f) == EOF || fclose(f) != 0)
		die("expected.json", NULL);
	json_decref(d);
	keys_wipe(&key);
	keys_wipe(&next);
	return 0;
}
