/*
 * test_store: the storage layer (node/store.c) and the local write path
 * (node/writer.c) against a fresh SQLite file in a temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "canon.h"
#include "entry.h"
#include "keys.h"
#include "record.h"
#include "store.h"
#include "writer.h"
#include "store_fixture.h"

static int
setup(void **state)
{
	return fx_setup(state, "store");
}

static void
reopen(struct fx *f)
{
	struct nferr err;

	writer_free(f->w);
	store_close(f->s);
	assert_int_equal(store_open(f->path, "SE", &f->s, &err), 0);
	f->w = writer_new(f->s, &f->key, "SE", &err);
	assert_non_null(f->w);
}

/* Put a record through the writer; the new id goes to id_out. */
static void
put(struct fx *f, enum record_type t, const char *id, json_t *body,
    char id_out[RECORD_ID_MAX])
{
	struct writer_result r;
	struct nferr err;

	nferr_clear(&err);
	if (writer_submit(f->w, OP_PUT, t, id, body, &r, &err) != 0)
		fail_msg("put %s: %s %s %s", record_type_name(t), err.code,
		    err.field, err.msg);
	if (id_out != NULL)
		memcpy(id_out, r.id, RECORD_ID_MAX);
	json_decref(body);
}

static void
put_org(struct fx *f, const char *name, const char *class_,
    const char *focus, const char *lang, char id[RECORD_ID_MAX])
{
	put(f, REC_ORGANISATION, NULL, J("{\"name\":\"%s\","
	    "\"classification\":\"%s\",\"country\":\"SE\","
	    "\"focus_areas\":[\"%s\"],\"lang\":\"%s\"}", name, class_, focus,
	    lang), id);
}

static json_t *
meeting_body(const char *org, const char *net, const char *title,
    const char *start, const char *end)
{
	return J("{\"organiser\":\"%s\",\"network\":\"%s\","
	    "\"title\":{\"sv\":\"%s\"},\"start\":\"%s\",\"end\":\"%s\","
	    "\"timezone\":\"Europe/Stockholm\",\"mode\":\"online\","
	    "\"platform\":\"Zoom\",\"cost\":\"free\",\"status\":\"scheduled\"}",
	    org, net, title, start, end);
}

static size_t
nitems(json_t *page)
{
	return json_array_size(json_object_get(page, "items"));
}

/* ---- open, migrations ------------------------------------------------- */

static void
test_open_migrations(void **state)
{
	struct fx *f = *state;
	struct store *other;
	struct nferr err;
	uint64_t seq;
	unsigned char h[ENTRY_HASH_LEN], zero[ENTRY_HASH_LEN] = { 0 };
	int v = store_schema_version(f->s);

	assert_true(v >= 1);
	assert_string_equal(store_origin(f->s), "SE");
	assert_int_equal(store_head(f->s, "SE", &seq, h, &err), 0);
	assert_int_equal(seq, 0);
	assert_memory_equal(h, zero, sizeof(h));
	reopen(f);
	assert_int_equal(store_schema_version(f->s), v);
	reopen(f);
	assert_int_equal(store_schema_version(f->s), v);
	/* a second connection for another origin is refused */
	nferr_clear(&err);
	assert_int_equal(store_open(f->path, "NO", &other, &err), -1);
	assert_null(other);
	assert_string_equal(err.code, "origin_mismatch");
}

/* ---- every type round trip -------------------------------------------- */

static void
test_types_roundtrip(void **state)
{
	struct fx *f = *state;
	char org[RECORD_ID_MAX], net[RECORD_ID_MAX], id[RECORD_ID_MAX];
	json_t *bodies[8], *got;
	enum record_type types[8];
	char ids[8][RECORD_ID_MAX];
	struct nferr err;
	size_t i, n = 0;

	bodies[n] = J("{\"name\":\"Göteborgs Stadsmission\","
	    "\"classification\":\"association\",\"country\":\"SE\","
	    "\"focus_areas\":[\"social_care\"],\"municipality\":\"Göteborg\","
	    "\"description\":{\"sv\":\"Hjälp i vardagen\",\"en\":\"Help\"}}");
	types[n] = REC_ORGANISATION;
	put(f, types[n], NULL, json_incref(bodies[n]), ids[n]);
	memcpy(org, ids[n], RECORD_ID_MAX);
	n++;
	bodies[n] = J("{\"name\":{\"sv\":\"Nordiskt nätverk\","
	    "\"en\":\"Nordic network\"},\"scope\":\"nordic\","
	    "\"lead_organisation\":\"%s\"}", org);
	types[n] = REC_NETWORK;
	put(f, types[n], NULL, json_incref(bodies[n]), ids[n]);
	memcpy(net, ids[n], RECORD_ID_MAX);
	n++;
	bodies[n] = J("{\"network\":\"%s\",\"organisation\":\"%s\","
	    "\"role\":\"lead\",\"status\":\"active\",\"start\":\"2025-01-01\"}",
	    net, org);
	types[n++] = REC_MEMBERSHIP;
	bodies[n] = J("{\"network\":\"%s\",\"organisation\":\"%s\","
	    "\"role\":\"member\",\"status\":\"pending\"}", net, org);
	types[n++] = REC_MEMBERSHIP_REQUEST;
	bodies[n] = meeting_body(org, net, "Möte", "2026-03-05T10:00:00+01:00",
	    "2026-03-05T12:00:00+01:00");
	types[n++] = REC_MEETING;
	bodies[n] = J("{\"kind\":\"report\",\"title\":{\"en\":\"A report\"},"
	    "\"url\":\"https://example.org/r\",\"languages\":[\"en\"],"
	    "\"publisher\":\"%s\",\"published\":\"2025-06-01\"}", org);
	types[n++] = REC_RESOURCE;
	bodies[n] = J("{\"organisation\":\"%s\",\"public_body_name\":"
	    "\"Göteborgs kommun\",\"form\":\"iop\",\"level\":\"local\","
	    "\"area\":\"social_care\",\"start\":\"2024-01-01\"}", org);
	types[n++] = REC_COLLABORATION;
	for (i = 2; i < n; i++)
		put(f, types[i], NULL, json_incref(bodies[i]), ids[i]);
	for (i = 0; i < n; i++) {
		assert_int_equal(store_record_get(f->s, ids[i], &got, &err), 0);
		assert_string_equal(json_string_value(json_object_get(got,
		    "type")), record_type_name(types[i]));
		assert_string_equal(json_string_value(json_object_get(got,
		    "origin")), "SE");
		assert_int_equal(json_integer_value(json_object_get(got,
		    "seq")), i + 1);
		assert_true(json_is_false(json_object_get(got, "deleted")));
		assert_true(json_equal(json_object_get(got, "body"), bodies[i]));
		json_decref(got);
		json_decref(bodies[i]);
	}
	assert_int_equal(writer_seq(f->w), n);
	/* an unknown id */
	snprintf(id, sizeof(id), "%s", org);
	id[strlen(id) - 1] = id[strlen(id) - 1] == 'A' ? 'B' : 'A';
	nferr_clear(&err);
	assert_int_equal(store_record_get(f->s, id, &got, &err), -1);
	assert_string_equal(err.code, "not_found");
	/* counts */
	assert_int_equal(store_counts(f->s, &got, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(got,
	    "types"), "organisation")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    json_object_get(got, "countries"), "SE"), "meeting")), 1);
	json_decref(got);
}

/* ---- delete: tombstone and pruning -------------------------------------- */

static void
test_delete_prunes(void **state)
{
	struct fx *f = *state;
	char id[RECORD_ID_MAX];
	unsigned char h[3][ENTRY_HASH_LEN], at[ENTRY_HASH_LEN];
	struct writer_result r;
	struct nf_entry ents[8];
	struct nferr err;
	json_t *got, *c, *body;
	size_t n, i;

	put_org(f, "Första namnet", "association", "youth", "sv", id);
	assert_int_equal(store_hash_at(f->s, "SE", 1, h[0], &err), 0);
	put(f, REC_ORGANISATION, id, J("{\"name\":\"Andra namnet\","
	    "\"classification\":\"association\",\"country\":\"SE\"}"), NULL);
	assert_int_equal(store_hash_at(f->s, "SE", 2, h[1], &err), 0);
	/* the superseded body is pruned, the current one is kept */
	assert_int_equal(store_log_read(f->s, "SE", 0, 8, ents, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_null(ents[0].body);
	assert_non_null(ents[1].body);
	for (i = 0; i < n; i++)
		entry_clear(&ents[i]);

	assert_int_equal(writer_submit(f->w, OP_DELETE, REC_ORGANISATION, id,
	    NULL, &r, &err), 0);
	assert_int_equal(r.seq, 3);
	assert_int_equal(store_hash_at(f->s, "SE", 3, h[2], &err), 0);
	assert_memory_equal(h[2], r.hash, ENTRY_HASH_LEN);

	assert_int_equal(store_record_get(f->s, id, &got, &err), 0);
	assert_true(json_is_true(json_object_get(got, "deleted")));
	assert_true(json_is_null(json_object_get(got, "body")));
	assert_int_equal(json_integer_value(json_object_get(got, "seq")), 3);
	json_decref(got);

	/* every entry is still there, without bodies, hashes unchanged */
	assert_int_equal(store_log_read(f->s, "SE", 0, 8, ents, &n, &err), 0);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++) {
		assert_null(ents[i].body);
		assert_memory_equal(ents[i].hash, h[i], ENTRY_HASH_LEN);
		assert_int_equal(store_hash_at(f->s, "SE", i + 1, at, &err), 0);
		assert_memory_equal(at, h[i], ENTRY_HASH_LEN);
		if (i > 0)
			assert_memory_equal(ents[i].prev, h[i - 1],
			    ENTRY_HASH_LEN);
		entry_clear(&ents[i]);
	}
	/* gone from search and lists, counted no more */
	assert_int_equal(store_search(f->s, "andra", 0, 10, NULL, &got, &err), 0);
	assert_int_equal(nitems(got), 0);
	json_decref(got);
	assert_int_equal(store_counts(f->s, &c, &err), 0);
	assert_null(json_object_get(json_object_get(c, "types"),
	    "organisation"));
	json_decref(c);
	/* a deleted record cannot be written or deleted again */
	nferr_clear(&err);
	body = J("{\"name\":\"X\",\"classification\":\"association\","
	    "\"country\":\"SE\"}");
	assert_int_equal(writer_submit(f->w, OP_PUT, REC_ORGANISATION, id,
	    body, &r, &err), -1);
	json_decref(body);
	assert_string_equal(err.code, "gone");
	assert_int_equal(writer_submit(f->w, OP_DELETE, REC_ORGANISATION, id,
	    NULL, &r, &err), -1);
	assert_string_equal(err.code, "not_found");
	assert_int_equal(writer_seq(f->w), 3);
}

/* ---- a failed batch leaves nothing ---------------------------------------- */

static void
sign_local(struct fx *f, struct nf_entry *e, uint64_t seq,
    const unsigned char prev[ENTRY_HASH_LEN], enum entry_op op,
    enum record_type t, const char *id, json_t *body)
{
	struct nferr err;

	entry_init(e);
	memcpy(e->origin, "SE", 3);
	e->seq = seq;
	memcpy(e->prev, prev, ENTRY_HASH_LEN);
	entry_ts_format(1764000000000LL, e->ts);
	e->op = op;
	e->type = t;
	snprintf(e->id, sizeof(e->id), "%s", id);
	e->body = body;
	assert_int_equal(entry_sign(e, &f->key, &err), 0);
}

static void
new_id(char out[RECORD_ID_MAX], const char *origin, enum record_type t)
{
	unsigned char rnd[10];

	randombytes_buf(rnd, sizeof(rnd));
	record_id_make(out, origin, t, 1764000000000ULL, rnd);
}

static void
test_failed_batch(void **state)
{
	struct fx *f = *state;
	unsigned char zero[ENTRY_HASH_LEN] = { 0 }, h[ENTRY_HASH_LEN];
	char a[RECORD_ID_MAX], b[RECORD_ID_MAX];
	struct nf_entry e[2];
	struct nferr err;
	json_t *body, *got;
	uint64_t seq;

	new_id(a, "SE", REC_ORGANISATION);
	new_id(b, "SE", REC_ORGANISATION);
	body = J("{\"name\":\"Batch\",\"classification\":\"association\","
	    "\"country\":\"SE\"}");
	sign_local(f, &e[0], 1, zero, OP_PUT, REC_ORGANISATION, a, body);
	/* the second does not link to the first */
	sign_local(f, &e[1], 2, zero, OP_PUT, REC_ORGANISATION, b, body);
	json_decref(body);
	nferr_clear(&err);
	assert_int_equal(store_append_local(f->s, e, 2, &err), -1);
	assert_string_equal(err.code, "chain");
	assert_int_equal(store_head(f->s, "SE", &seq, h, &err), 0);
	assert_int_equal(seq, 0);
	assert_int_equal(store_record_get(f->s, a, &got, &err), -1);
	assert_int_equal(store_search(f->s, "batch", 0, 10, NULL, &got, &err), 0);
	assert_int_equal(nitems(got), 0);
	json_decref(got);
	entry_clear(&e[1]);
	/* the second is for a record of another origin */
	new_id(b, "NO", REC_ORGANISATION);
	body = J("{\"name\":\"Batch\",\"classification\":\"association\","
	    "\"country\":\"NO\"}");
	sign_local(f, &e[1], 2, e[0].hash, OP_PUT, REC_ORGANISATION, b, body);
	json_decref(body);
	assert_int_equal(store_append_local(f->s, e, 2, &err), -1);
	assert_string_equal(err.code, "not_owner");
	assert_int_equal(store_head(f->s, "SE", &seq, h, &err), 0);
	assert_int_equal(seq, 0);
	/* the first alone is fine */
	assert_int_equal(store_append_local(f->s, e, 1, &err), 0);
	assert_int_equal(store_head(f->s, "SE", &seq, h, &err), 0);
	assert_int_equal(seq, 1);
	assert_memory_equal(h, e[0].hash, ENTRY_HASH_LEN);
	/* appending it again is refused */
	assert_int_equal(store_append_local(f->s, e, 1, &err), -1);
	assert_string_equal(err.code, "chain");
	entry_clear(&e[0]);
	entry_clear(&e[1]);
}

/* ---- search ------------------------------------------------------------ */

static void
expect_hits(struct fx *f, const char *q, unsigned types, size_t n,
    const char *first_id)
{
	struct nferr err;
	json_t *got;

	nferr_clear(&err);
	if (store_search(f->s, q, types, 50, NULL, &got, &err) != 0)
		fail_msg("search %s: %s %s", q, err.code, err.msg);
	if (nitems(got) != n)
		fail_msg("search \"%s\": %zu hits, want %zu", q, nitems(got), n);
	if (first_id != NULL)
		assert_string_equal(json_string_value(json_object_get(
		    json_array_get(json_object_get(got, "items"), 0), "id")),
		    first_id);
	json_decref(got);
}

static void
test_search(void **state)
{
	struct fx *f = *state;
	char gbg[RECORD_ID_MAX], trm[RECORD_ID_MAX], aero[RECORD_ID_MAX];
	char net[RECORD_ID_MAX], res[RECORD_ID_MAX], mtg[RECORD_ID_MAX];

	put_org(f, "Göteborgs Stadsmission", "association", "social_care",
	    "sv", gbg);
	put_org(f, "Tromsø Frivilligsentral", "association", "volunteering",
	    "nb", trm);
	put(f, REC_NETWORK, NULL, J("{\"name\":{\"da\":\"Ærø netværk\","
	    "\"en\":\"Aero network\"},\"scope\":\"nordic\","
	    "\"lead_organisation\":\"%s\",\"description\":{\"is\":"
	    "\"Þingvellir og Ísafjörður\"}}", gbg), net);
	put(f, REC_RESOURCE, NULL, J("{\"kind\":\"method\",\"title\":{\"sv\":"
	    "\"Metod för samråd\",\"fi\":\"Yhteistyön menetelmä\"},"
	    "\"summary\":{\"en\":\"How Göteborg does consultation\"},"
	    "\"url\":\"https://example.org/m\",\"languages\":[\"sv\",\"fi\"],"
	    "\"publisher\":\"%s\"}", gbg), res);
	put(f, REC_MEETING, NULL, meeting_body(gbg, net, "Träff i Ærøskøbing",
	    "2026-05-01T10:00:00+02:00", "2026-05-01T11:00:00+02:00"), mtg);
	new_id(aero, "SE", REC_ORGANISATION);   /* unused id: no hit */

	/* fewer whole-word matches than a page: the prefix pass, whose
	 * whole-word match (the resource's "Göteborg") comes before the
	 * prefix-only one ("Göteborgs" in a name) */
	expect_hits(f, "Goteborg", 0, 2, res);
	expect_hits(f, "göteborg", 0, 2, res);
	expect_hits(f, "GÖTEBORGS", 0, 1, gbg);
	expect_hits(f, "tromso", 0, 1, trm);
	expect_hits(f, "Tromsø", 0, 1, trm);
	expect_hits(f, "aero", 0, 2, NULL);           /* network, meeting */
	expect_hits(f, "aero", 1u << REC_NETWORK, 1, net);
	expect_hits(f, "aeroskobing", 0, 1, mtg);
	expect_hits(f, "thingvellir", 0, 1, net);
	expect_hits(f, "isafjordur", 0, 1, net);
	expect_hits(f, "yhteistyon", 0, 1, res);
	expect_hits(f, "samrad", 0, 1, res);
	/* two terms: AND */
	expect_hits(f, "goteborgs stadsmission", 0, 1, gbg);
	expect_hits(f, "goteborg tromso", 0, 0, NULL);
	/* prefix */
	expect_hits(f, "stadsm", 0, 1, gbg);
	expect_hits(f, "frivillig", 0, 1, trm);
	expect_hits(f, "Göte", 1u << REC_RESOURCE, 1, res);
	/* short prefixes: 3 characters from the prefix index, 2 as the
	 * word and its 3-character prefixes; 1 is never a prefix */
	expect_hits(f, "sta", 0, 1, gbg);
	expect_hits(f, "trø", 0, 1, trm);
	expect_hits(f, "st", 0, 1, gbg);
	expect_hits(f, "tr", 0, 2, NULL);              /* Tromsø, Träff */
	expect_hits(f, "GÖ", 0, 2, gbg);               /* folded: "go" */
	expect_hits(f, "ae", 0, 2, NULL);              /* Ærø: "aero" */
	expect_hits(f, "s", 0, 0, NULL);
	expect_hits(f, "st fr", 0, 0, NULL);
	expect_hits(f, "tr fr", 0, 1, trm);
	/* FTS syntax in the query is only text */
	expect_hits(f, "\"goteborg\" OR tromso", 0, 0, NULL);
	expect_hits(f, "NEAR(goteborg", 0, 0, NULL);
	expect_hits(f, "tromso*", 0, 1, trm);
	expect_hits(f, "kind:korg", 0, 0, NULL);
	expect_hits(f, "\"", 0, 0, NULL);
	expect_hits(f, "- + ( ) *", 0, 0, NULL);
	expect_hits(f, "", 0, 0, NULL);
	expect_hits(f, "   ", 0, 0, NULL);
	/* a prefix of more words than are expanded stays a prefix query */
	{
		char text[2048], org[RECORD_ID_MAX];
		size_t n = 0;
		int i;

		for (i = 0; i < 80; i++)
			n += (size_t)snprintf(text + n, sizeof(text) - n,
			    "zyxw%c%c ", 'a' + i / 26, 'a' + i % 26);
		put(f, REC_ORGANISATION, NULL, J("{\"name\":\"Many\","
		    "\"classification\":\"association\",\"country\":\"SE\","
		    "\"description\":{\"en\":\"%s\"}}", text), org);
		expect_hits(f, "zyxw", 0, 1, org);
		expect_hits(f, "zyxwc", 0, 1, org);   /* 26 words: expanded */
		expect_hits(f, "ZYXWCB many", 0, 1, org);
		expect_hits(f, "zyxwz", 0, 0, NULL);
		expect_hits(f, "zy", 0, 1, org);      /* 3-char prefix "zyx" */
	}
	(void)aero;
}

/* ---- reads as text: the stored body spliced in ---------------------------- */

static json_t *
parse_text(struct nfbuf *t)
{
	json_error_t je;
	json_t *v = json_loadb(t->p, t->len, JSON_REJECT_DUPLICATES, &je);

	if (v == NULL)
		fail_msg("not JSON (%s): %.*s", je.text, (int)t->len, t->p);
	free(t->p);
	memset(t, 0, sizeof(*t));
	return v;
}

static void
test_text_reads(void **state)
{
	struct fx *f = *state;
	char org[RECORD_ID_MAX], net[RECORD_ID_MAX], other[RECORD_ID_MAX];
	struct store_record_view v;
	struct store_person p;
	struct nfbuf t = NFBUF_INIT(0);
	char pid[STORE_PERSON_ID_MAX];
	struct store_filter flt;
	struct nferr err;
	json_t *a, *b, *body;

	/* a name that needs escaping, in the body and in the name column */
	body = J("{\"name\":\"Citat \\\"i\\\" \\\\ och \\u0001 tab\\t\","
	    "\"classification\":\"association\",\"country\":\"SE\","
	    "\"description\":{\"sv\":\"Åäö €\"}}");
	put(f, REC_ORGANISATION, NULL, json_incref(body), org);
	put_org(f, "Utan medlemskap", "foundation", "youth", "sv", other);
	put(f, REC_NETWORK, NULL, J("{\"name\":{\"sv\":\"Nätverket\"},"
	    "\"scope\":\"nordic\",\"lead_organisation\":\"%s\"}", org), net);
	put(f, REC_MEMBERSHIP, NULL, J("{\"network\":\"%s\",\"organisation\":"
	    "\"%s\",\"role\":\"lead\",\"status\":\"active\"}", net, org),
	    NULL);
	memset(&p, 0, sizeof(p));
	p.org_id = org;
	p.name = "Anna";
	assert_int_equal(store_person_put(f->s, &p, pid, &err), 0);

	/* one record: the same as store_record_get, and what it tells */
	assert_int_equal(store_record_text(f->s, org, &t, &v, &err), 0);
	assert_int_equal(t.p[t.len - 1], '}');
	a = parse_text(&t);
	assert_int_equal(store_record_get(f->s, org, &b, &err), 0);
	assert_true(json_equal(a, b));
	assert_true(json_equal(json_object_get(a, "body"), body));
	json_decref(a);
	json_decref(b);
	assert_int_equal(v.type, REC_ORGANISATION);
	assert_string_equal(v.origin, "SE");
	assert_int_equal(v.deleted, 0);
	assert_int_equal(v.has_memberships, 1);
	assert_int_equal(v.persons, 1);
	assert_int_equal(store_record_text(f->s, other, &t, &v, &err), 0);
	free(t.p);
	memset(&t, 0, sizeof(t));
	assert_int_equal(v.has_memberships, 0);
	assert_int_equal(v.persons, 0);
	assert_int_equal(store_record_text(f->s, net, &t, &v, &err), 0);
	free(t.p);
	memset(&t, 0, sizeof(t));
	assert_int_equal(v.type, REC_NETWORK);
	assert_int_equal(v.has_memberships, 1);
	nferr_clear(&err);
	assert_int_equal(store_record_text(f->s, "se:org:01JD0000000000000000000000",
	    &t, &v, &err), -1);
	assert_string_equal(err.code, "not_found");
	free(t.p);
	memset(&t, 0, sizeof(t));
	/* a read transaction around several reads */
	assert_int_equal(store_read_begin(f->s, &err), 0);
	assert_int_equal(store_record_text(f->s, org, &t, &v, &err), 0);
	assert_int_equal(store_memberships_by_org(f->s, org, NULL, 0, &b, &err),
	    0);
	store_read_end(f->s);
	assert_int_equal(json_array_size(json_object_get(b, "items")), 1);
	json_decref(b);
	json_decref(parse_text(&t));

	/* a list page and a search: the bodies as stored */
	memset(&flt, 0, sizeof(flt));
	flt.type = REC_ORGANISATION;
	flt.limit = 1;
	assert_int_equal(store_list_text(f->s, &flt, &t, &err), 0);
	a = parse_text(&t);
	assert_int_equal(nitems(a), 1);
	assert_true(json_is_string(json_object_get(a, "next")));
	assert_true(json_equal(json_object_get(json_array_get(json_object_get(a,
	    "items"), 0), "body"), body));
	json_decref(a);
	assert_int_equal(store_search_text(f->s, "citat", 0, 5, NULL, &t, &err), 0);
	a = parse_text(&t);
	assert_int_equal(nitems(a), 1);
	b = json_array_get(json_object_get(a, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(b, "name")),
	    json_string_value(json_object_get(body, "name")));
	assert_true(json_equal(json_object_get(b, "body"), body));
	json_decref(a);
	assert_int_equal(store_search_text(f->s, "zzzz", 0, 5, NULL, &t, &err), 0);
	a = parse_text(&t);
	assert_int_equal(nitems(a), 0);
	/* one page, the whole window: no next page, nothing left out */
	assert_true(json_is_null(json_object_get(a, "next")));
	assert_true(json_is_false(json_object_get(a, "truncated")));
	json_decref(a);
	/* a cursor this store did not give */
	assert_int_equal(store_search_text(f->s, "citat", 0, 5, "ZTEw", &t,
	    &err), -1);
	assert_string_equal(err.code, "bad_cursor");
	json_decref(body);

	/* a held read transaction ends before a write, which every later
	 * read sees, and is still held when the store is closed */
	assert_int_equal(store_read_begin(f->s, &err), 0);
	assert_int_equal(store_read_begin(f->s, &err), 0);
	assert_int_equal(store_record_text(f->s, other, &t, &v, &err), 0);
	free(t.p);
	memset(&t, 0, sizeof(t));
	put_org(f, "Efter läsningen", "foundation", "youth", "sv", other);
	assert_int_equal(store_read_begin(f->s, &err), 0);
	assert_int_equal(store_record_text(f->s, other, &t, &v, &err), 0);
	a = parse_text(&t);
	assert_string_equal(json_string_value(json_object_get(json_object_get(a,
	    "body"), "name")), "Efter läsningen");
	json_decref(a);
	memset(&p, 0, sizeof(p));
	p.org_id = other;
	p.name = "Bertil";
	assert_int_equal(store_person_put(f->s, &p, pid, &err), 0);
	assert_int_equal(store_read_begin(f->s, &err), 0);
	assert_int_equal(store_record_text(f->s, other, &t, &v, &err), 0);
	free(t.p);
	memset(&t, 0, sizeof(t));
	assert_int_equal(v.persons, 1);
	reopen(f);          /* closes the store with the read held */
	assert_int_equal(store_record_text(f->s, other, &t, &v, &err), 0);
	free(t.p);
	assert_int_equal(v.persons, 1);
}

/* ---- pagination and filters --------------------------------------------- */

static void
collect_all(struct fx *f, struct store_filter *flt, int limit,
    char seen[][RECORD_ID_MAX], size_t *nseen)
{
	char cursor[STORE_CURSOR_MAX + 1] = "";
	json_t *page, *items, *it, *next;
	struct nferr err;
	size_t i, j;
	int pages = 0;

	*nseen = 0;
	flt->limit = limit;
	for (;;) {
		flt->cursor = cursor[0] ? cursor : NULL;
		if (store_list(f->s, flt, &page, &err) != 0)
			fail_msg("list: %s %s", err.code, err.msg);
		items = json_object_get(page, "items");
		assert_true(json_array_size(items) <= (size_t)limit);
		json_array_foreach(items, i, it) {
			const char *id = json_string_value(json_object_get(it,
			    "id"));

			for (j = 0; j < *nseen; j++)
				if (strcmp(seen[j], id) == 0)
					fail_msg("%s listed twice", id);
			snprintf(seen[(*nseen)++], RECORD_ID_MAX, "%s", id);
		}
		next = json_object_get(page, "next");
		if (json_is_null(next)) {
			json_decref(page);
			break;
		}
		assert_int_equal(json_array_size(items), limit);
		snprintf(cursor, sizeof(cursor), "%s", json_string_value(next));
		json_decref(page);
		assert_true(++pages < 100);
	}
}

static void
test_pagination(void **state)
{
	struct fx *f = *state;
	static char ids[40][RECORD_ID_MAX], seen[40][RECORD_ID_MAX];
	struct store_filter flt;
	struct nferr err;
	char name[32];
	json_t *page;
	size_t i, n;

	for (i = 0; i < 23; i++) {
		/* some equal names: the id breaks the tie */
		snprintf(name, sizeof(name), "Förening %02zu", i % 9);
		put_org(f, name, i % 2 ? "foundation" : "association",
		    i % 3 ? "youth" : "culture", "sv", ids[i]);
	}
	memset(&flt, 0, sizeof(flt));
	flt.type = REC_ORGANISATION;
	collect_all(f, &flt, 5, seen, &n);
	assert_int_equal(n, 23);
	collect_all(f, &flt, 1, seen, &n);
	assert_int_equal(n, 23);
	collect_all(f, &flt, 23, seen, &n);
	assert_int_equal(n, 23);
	collect_all(f, &flt, 200, seen, &n);
	assert_int_equal(n, 23);
	/* sorted by folded name */
	flt.limit = 3;
	flt.cursor = NULL;
	assert_int_equal(store_list(f->s, &flt, &page, &err), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_array_get(json_object_get(page, "items"), 0), "body"), "name")),
	    "Förening 00");
	json_decref(page);
	/* with a filter */
	flt.classification = "foundation";
	collect_all(f, &flt, 4, seen, &n);
	assert_int_equal(n, 11);
	flt.classification = NULL;
	flt.focus = "culture";
	collect_all(f, &flt, 2, seen, &n);
	assert_int_equal(n, 8);
	/* bad input */
	flt.focus = NULL;
	flt.limit = 201;
	nferr_clear(&err);
	assert_int_equal(store_list(f->s, &flt, &page, &err), -1);
	assert_string_equal(err.code, "bad_value");
	flt.limit = 10;
	flt.cursor = "!!!not a cursor";
	assert_int_equal(store_list(f->s, &flt, &page, &err), -1);
	assert_string_equal(err.code, "bad_cursor");
	flt.cursor = "AAAA";
	assert_int_equal(store_list(f->s, &flt, &page, &err), -1);
	assert_string_equal(err.code, "bad_cursor");
}

static void
test_filters(void **state)
{
	struct fx *f = *state;
	static char seen[20][RECORD_ID_MAX];
	char org[RECORD_ID_MAX], org2[RECORD_ID_MAX], net[RECORD_ID_MAX];
	char net2[RECORD_ID_MAX], m1[RECORD_ID_MAX], m2[RECORD_ID_MAX];
	char m3[RECORD_ID_MAX];
	struct store_filter flt;
	struct nferr err;
	int64_t t;
	size_t n;

	put_org(f, "Alfa", "association", "youth", "sv", org);
	put_org(f, "Beta", "umbrella", "culture", "en", org2);
	put(f, REC_NETWORK, NULL, J("{\"name\":{\"sv\":\"Nät\"},"
	    "\"scope\":\"national\",\"country\":\"SE\","
	    "\"lead_organisation\":\"%s\"}", org), net);
	put(f, REC_NETWORK, NULL, J("{\"name\":{\"en\":\"Net two\"},"
	    "\"scope\":\"nordic\",\"lead_organisation\":\"%s\"}", org), net2);
	put(f, REC_MEETING, NULL, meeting_body(org, net, "Past",
	    "2020-02-01T10:00:00+01:00", "2020-02-01T11:00:00+01:00"), m1);
	put(f, REC_MEETING, NULL, meeting_body(org, net, "Soon",
	    "2099-01-10T10:00:00+01:00", "2099-01-10T11:00:00+01:00"), m2);
	put(f, REC_MEETING, NULL, meeting_body(org, net2, "Later",
	    "2099-06-10T10:00:00Z", "2099-06-10T11:00:00Z"), m3);

	memset(&flt, 0, sizeof(flt));
	flt.type = REC_ORGANISATION;
	flt.country = "se";
	collect_all(f, &flt, 10, seen, &n);
	assert_int_equal(n, 2);
	flt.country = "NO";
	collect_all(f, &flt, 10, seen, &n);
	assert_int_equal(n, 0);
	flt.country = NULL;
	flt.classification = "umbrella";
	collect_all(f, &flt, 10, seen, &n);
	assert_int_equal(n, 1);
	assert_string_equal(seen[0], org2);
	flt.classification = NULL;
	flt.focus = "youth";
	collect_all(f, &flt, 10, seen, &n);
	assert_int_equal(n, 1);
	assert_string_equal(seen[0], org);
	flt.focus = NULL;
	flt.lang = "en";
	collect_all(f, &flt, 10, seen, &n);
	assert_int_equal(n, 1);
	assert_string_equal(seen[0], org2);

	/* networks: national ones have a country, nordic ones the origin */
	memset(&flt, 0, sizeof(flt));
	flt.type = REC_NETWORK;
	flt.lang = "sv";
	collect_all(f, &flt, 10, seen, &n);
	assert_int_equal(n, 1);
	assert_string_equal(seen[0], net);

	/* meetings: by start, upcoming, network, date range */
	memset(&flt, 0, sizeof(flt));
	flt.type = REC_MEETING;
	collect_all(f, &flt, 10, seen, &n);
	assert_int_equal(n, 3);
	assert_string_equal(seen[0], m1);
	assert_string_equal(seen[1], m2);
	assert_string_equal(seen[2], m3);
	flt.upcoming = 1;
	collect_all(f, &flt, 1, seen, &n);
	assert_int_equal(n, 2);
	assert_string_equal(seen[0], m2);
	flt.network = net;
	collect_all(f, &flt, 10, seen, &n);
	assert_int_equal(n, 1);
	assert_string_equal(seen[0], m2);
	flt.network = NULL;
	flt.upcoming = 0;
	assert_int_equal(store_time_parse("2099-01-01", &t), 0);
	flt.has_from = 1;
	flt.from_ms = t;
	assert_int_equal(store_time_parse("2099-03-01T00:00:00+01:00", &t), 0);
	flt.has_to = 1;
	flt.to_ms = t;
	collect_all(f, &flt, 10, seen, &n);
	assert_int_equal(n, 1);
	assert_string_equal(seen[0], m2);
	/* the start is compared in UTC: 10:00+01:00 is 09:00Z */
	assert_int_equal(store_time_parse("2099-01-10T09:00:00Z", &t), 0);
	flt.from_ms = t;
	flt.to_ms = t;
	collect_all(f, &flt, 10, seen, &n);
	assert_int_equal(n, 1);
	flt.from_ms = t + 1;
	collect_all(f, &flt, 10, seen, &n);
	assert_int_equal(n, 0);
	(void)err;
}

static void
test_memberships(void **state)
{
	struct fx *f = *state;
	char org[RECORD_ID_MAX], org2[RECORD_ID_MAX], net[RECORD_ID_MAX];
	char mem[RECORD_ID_MAX], mem2[RECORD_ID_MAX], dk[RECORD_ID_MAX];
	struct nferr err;
	json_t *page, *it;

	put_org(f, "Ett", "association", "youth", "sv", org);
	put_org(f, "Två", "association", "youth", "sv", org2);
	new_id(dk, "DK", REC_ORGANISATION);     /* not held here */
	put(f, REC_NETWORK, NULL, J("{\"name\":{\"en\":\"The net\"},"
	    "\"scope\":\"nordic\",\"lead_organisation\":\"%s\"}", org), net);
	put(f, REC_MEMBERSHIP, NULL, J("{\"network\":\"%s\",\"organisation\":"
	    "\"%s\",\"role\":\"lead\",\"status\":\"active\"}", net, org), mem);
	put(f, REC_MEMBERSHIP, NULL, J("{\"network\":\"%s\",\"organisation\":"
	    "\"%s\",\"role\":\"member\",\"status\":\"active\"}", net, dk), mem2);
	put(f, REC_MEMBERSHIP, NULL, J("{\"network\":\"%s\",\"organisation\":"
	    "\"%s\",\"role\":\"member\",\"status\":\"active\"}", net, org2),
	    NULL);

	assert_int_equal(store_memberships_by_network(f->s, net, NULL, 2,
	    &page, &err), 0);
	assert_int_equal(nitems(page), 2);
	assert_false(json_is_null(json_object_get(page, "next")));
	{
		/* ids minted in one millisecond are not ordered: look up */
		json_t *items = json_object_get(page, "items");
		const char *iid;
		size_t k;
		int seen_mem = 0;

		json_array_foreach(items, k, it) {
			iid = json_string_value(json_object_get(it, "id"));
			if (strcmp(iid, mem) == 0) {
				seen_mem = 1;
				assert_string_equal(json_string_value(
				    json_object_get(json_object_get(it,
				    "organisation"), "name")), "Ett");
				assert_string_equal(json_string_value(
				    json_object_get(json_object_get(it,
				    "organisation"), "country")), "SE");
			} else if (strcmp(iid, mem2) == 0) {
				/* the Danish member is not held: no join */
				assert_true(json_is_null(json_object_get(it,
				    "organisation")));
			} else {
				assert_string_equal(json_string_value(
				    json_object_get(json_object_get(it,
				    "organisation"), "name")), "Två");
			}
			if (k == 1)
				assert_true(strcmp(iid, json_string_value(
				    json_object_get(json_array_get(items, 0),
				    "id"))) > 0);
		}
		(void)seen_mem;
	}
	{
		char cur[STORE_CURSOR_MAX + 1];
		json_t *p2;

		snprintf(cur, sizeof(cur), "%s", json_string_value(
		    json_object_get(page, "next")));
		assert_int_equal(store_memberships_by_network(f->s, net, cur,
		    2, &p2, &err), 0);
		assert_int_equal(nitems(p2), 1);
		assert_true(json_is_null(json_object_get(p2, "next")));
		json_decref(p2);
	}
	json_decref(page);

	assert_int_equal(store_memberships_by_org(f->s, org, NULL, 0, &page,
	    &err), 0);
	assert_int_equal(nitems(page), 1);
	it = json_array_get(json_object_get(page, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    it, "network"), "name")), "The net");
	json_decref(page);
}

/* ---- persons and tokens ---------------------------------------------- */

static void
test_persons(void **state)
{
	struct fx *f = *state;
	char org[RECORD_ID_MAX], pid[STORE_PERSON_ID_MAX], other[RECORD_ID_MAX];
	struct store_person p;
	struct nf_entry ents[8];
	struct nferr err;
	uint64_t seq;
	unsigned char h[ENTRY_HASH_LEN];
	int64_t cnt;
	json_t *got;
	size_t n, i;
	char *wire;
	size_t wlen;

	put_org(f, "Hemorganisation", "association", "youth", "sv", org);
	memset(&p, 0, sizeof(p));
	p.org_id = org;
	p.name = "Anna Andersson";
	p.role = "ordförande";
	p.email = "anna@example.se";
	p.phone = "+46 70 123 45 67";
	assert_int_equal(store_person_put(f->s, &p, pid, &err), 0);
	assert_non_null(strstr(pid, "se:person:"));
	assert_int_equal(store_person_get(f->s, pid, &got, &err), 0);
	assert_string_equal(json_string_value(json_object_get(got, "email")),
	    "anna@example.se");
	json_decref(got);
	p.id = pid;
	p.name = "Anna Berg";
	assert_int_equal(store_person_put(f->s, &p, NULL, &err), 0);
	p.id = NULL;
	p.name = "Bo Ek";
	p.email = NULL;
	assert_int_equal(store_person_put(f->s, &p, NULL, &err), 0);
	assert_int_equal(store_person_list_for_org(f->s, org, &got, &err), 0);
	assert_int_equal(json_array_size(got), 2);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(got, 0), "name")), "Anna Berg");
	assert_true(json_is_null(json_object_get(json_array_get(got, 1),
	    "email")));
	json_decref(got);
	assert_int_equal(store_person_count_for_org(f->s, org, &cnt, &err), 0);
	assert_int_equal(cnt, 2);
	/* never in the log: the head did not move, no entry mentions them */
	assert_int_equal(store_head(f->s, "SE", &seq, h, &err), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(store_log_read(f->s, "SE", 0, 8, ents, &n, &err), 0);
	assert_int_equal(n, 1);
	for (i = 0; i < n; i++) {
		assert_int_equal(entry_encode(&ents[i], 1, &wire, &wlen, &err),
		    0);
		assert_null(strstr(wire, "Anna"));
		assert_null(strstr(wire, "anna@example.se"));
		free(wire);
		entry_clear(&ents[i]);
	}
	/* only for a live organisation of this node */
	new_id(other, "NO", REC_ORGANISATION);
	p.org_id = other;
	nferr_clear(&err);
	assert_int_equal(store_person_put(f->s, &p, NULL, &err), -1);
	assert_string_equal(err.code, "bad_value");
	p.org_id = org;
	p.email = "not an address";
	assert_int_equal(store_person_put(f->s, &p, NULL, &err), -1);
	assert_int_equal(store_person_delete(f->s, pid, &err), 0);
	assert_int_equal(store_person_delete(f->s, pid, &err), -1);
	assert_string_equal(err.code, "not_found");
	assert_int_equal(store_person_get(f->s, pid, &got, &err), -1);
}

static void
test_tokens(void **state)
{
	struct fx *f = *state;
	unsigned char h[STORE_TOKEN_HASH_LEN];
	char name[STORE_NAME_MAX];
	struct nferr err;

	store_token_hash("s3cret-token-one", h);
	assert_int_equal(store_token_add(f->s, "admin", h, &err), 0);
	store_token_hash("s3cret-token-two", h);
	assert_int_equal(store_token_add(f->s, "importer", h, &err), 0);
	assert_int_equal(store_token_check(f->s, "s3cret-token-one", name,
	    sizeof(name)), 0);
	assert_string_equal(name, "admin");
	assert_int_equal(store_token_check(f->s, "s3cret-token-two", name,
	    sizeof(name)), 0);
	assert_string_equal(name, "importer");
	assert_int_equal(store_token_check(f->s, "s3cret-token-tw0", NULL, 0),
	    -1);
	assert_int_equal(store_token_check(f->s, "", NULL, 0), -1);
	assert_int_equal(store_token_remove(f->s, "admin", &err), 0);
	assert_int_equal(store_token_check(f->s, "s3cret-token-one", NULL, 0),
	    -1);
}

/* ---- the writer: chain, reopen, group commit ------------------------- */

static int
no_hash(void *ctx, uint64_t seq, unsigned char out[ENTRY_HASH_LEN])
{
	(void)ctx;
	(void)seq;
	(void)out;
	return -1;
}

/* Verify every entry of SE as a fresh receiver would, from seq 1. */
static void
verify_chain(struct fx *f, uint64_t want)
{
	struct keyring kr = { NULL, 0, 0 };
	struct chain_view cv;
	struct nf_entry ents[16], got;
	struct nferr err;
	enum entry_verdict v;
	char *wire;
	size_t wlen, n, i;

	assert_int_equal(keyring_add(&kr, "SE", f->key.pk, 1), 0);
	memset(&cv, 0, sizeof(cv));
	cv.hash_at = no_hash;
	assert_int_equal(store_log_read(f->s, "SE", 0, 16, ents, &n, &err), 0);
	assert_int_equal(n, want);
	for (i = 0; i < n; i++) {
		assert_int_equal(ents[i].seq, i + 1);
		assert_int_equal(entry_encode(&ents[i], 1, &wire, &wlen, &err),
		    0);
		entry_init(&got);
		v = entry_verify(wire, wlen, &kr, &cv, 1764000000000LL +
		    (int64_t)100 * 365 * 86400000, &got, &err);
		if (v != VERDICT_ACCEPTED)
			fail_msg("entry %zu: %s %s %s", i + 1,
			    entry_verdict_name(v), err.code, err.msg);
		assert_memory_equal(got.hash, ents[i].hash, ENTRY_HASH_LEN);
		cv.head_seq = got.seq;
		memcpy(cv.head_hash, got.hash, ENTRY_HASH_LEN);
		entry_clear(&got);
		free(wire);
		entry_clear(&ents[i]);
	}
	keyring_free(&kr);
}

static void
test_writer_chain(void **state)
{
	struct fx *f = *state;
	unsigned char zero[ENTRY_HASH_LEN] = { 0 };
	struct writer_result r[4];
	struct store_chain sc;
	unsigned char h[ENTRY_HASH_LEN];
	struct nferr err;
	json_t *body;
	int i;

	for (i = 0; i < 3; i++) {
		body = J("{\"name\":\"Org %d\",\"classification\":"
		    "\"association\",\"country\":\"SE\"}", i);
		assert_int_equal(writer_submit(f->w, OP_PUT, REC_ORGANISATION,
		    NULL, body, &r[i], &err), 0);
		json_decref(body);
		assert_int_equal(r[i].seq, i + 1);
		assert_int_equal(strlen(r[i].ts), ENTRY_TS_LEN);
		assert_int_equal(store_hash_at(f->s, "SE", r[i].seq, h, &err), 0);
		assert_memory_equal(h, r[i].hash, ENTRY_HASH_LEN);
	}
	assert_int_equal(writer_seq(f->w), 3);
	verify_chain(f, 3);
	{
		struct nf_entry e[3];
		size_t n;

		assert_int_equal(store_log_read(f->s, "SE", 0, 3, e, &n, &err),
		    0);
		assert_memory_equal(e[0].prev, zero, ENTRY_HASH_LEN);
		assert_memory_equal(e[1].prev, r[0].hash, ENTRY_HASH_LEN);
		assert_memory_equal(e[2].prev, r[1].hash, ENTRY_HASH_LEN);
		entry_clear(&e[0]);
		entry_clear(&e[1]);
		entry_clear(&e[2]);
		assert_int_equal(store_log_read(f->s, "SE", 2, 3, e, &n, &err),
		    0);
		assert_int_equal(n, 1);
		assert_int_equal(e[0].seq, 3);
		entry_clear(&e[0]);
	}
	/* the chain view for entry_verify */
	assert_int_equal(store_chain_view(f->s, "SE", &sc, &err), 0);
	assert_int_equal(sc.cv.head_seq, 3);
	assert_memory_equal(sc.cv.head_hash, r[2].hash, ENTRY_HASH_LEN);
	assert_int_equal(sc.cv.hash_at(sc.cv.ctx, 2, h), 0);
	assert_memory_equal(h, r[1].hash, ENTRY_HASH_LEN);
	assert_int_equal(sc.cv.hash_at(sc.cv.ctx, 9, h), -1);

	/* reopen continues the chain */
	reopen(f);
	assert_int_equal(writer_seq(f->w), 3);
	body = J("{\"name\":\"Org 4\",\"classification\":\"association\","
	    "\"country\":\"SE\"}");
	assert_int_equal(writer_submit(f->w, OP_PUT, REC_ORGANISATION, NULL,
	    body, &r[3], &err), 0);
	json_decref(body);
	assert_int_equal(r[3].seq, 4);
	verify_chain(f, 4);
	{
		json_t *heads;

		assert_int_equal(store_heads(f->s, &heads, &err), 0);
		assert_int_equal(json_integer_value(json_object_get(
		    json_object_get(heads, "SE"), "seq")), 4);
		json_decref(heads);
	}
}

static void
test_writer_invalid(void **state)
{
	struct fx *f = *state;
	struct writer_result r;
	char org[RECORD_ID_MAX], no[RECORD_ID_MAX];
	struct nferr err;
	json_t *body;

	nferr_clear(&err);
	body = J("{\"name\":\"X\",\"classification\":\"nonsense\","
	    "\"country\":\"SE\"}");
	assert_int_equal(writer_submit(f->w, OP_PUT, REC_ORGANISATION, NULL,
	    body, &r, &err), -1);
	assert_string_equal(err.code, "bad_value");
	json_decref(body);
	body = J("{\"name\":\"X\",\"classification\":\"association\","
	    "\"country\":\"SE\",\"extra\":1}");
	assert_int_equal(writer_submit(f->w, OP_PUT, REC_ORGANISATION, NULL,
	    body, &r, &err), -1);
	assert_string_equal(err.code, "unknown_field");
	/* another origin's id */
	new_id(no, "NO", REC_ORGANISATION);
	assert_int_equal(writer_submit(f->w, OP_PUT, REC_ORGANISATION, no,
	    body, &r, &err), -1);
	assert_string_equal(err.code, "not_owner");
	json_decref(body);
	/* a delete of nothing */
	new_id(org, "SE", REC_ORGANISATION);
	assert_int_equal(writer_submit(f->w, OP_DELETE, REC_ORGANISATION, org,
	    NULL, &r, &err), -1);
	assert_string_equal(err.code, "not_found");
	assert_int_equal(writer_seq(f->w), 0);
	assert_int_equal(writer_pending(f->w), 0);
}

struct cbrec {
	int calls, status[8];
	uint64_t seq[8];
};

static void
record_cb(int status, const struct writer_result *res,
    const struct nferr *err, void *arg)
{
	struct cbrec *c = arg;

	c->status[c->calls] = status;
	c->seq[c->calls] = res ? res->seq : 0;
	c->calls++;
	(void)err;
}

static void
test_writer_group_commit(void **state)
{
	struct fx *f = *state;
	unsigned char h[ENTRY_HASH_LEN];
	char id[RECORD_ID_MAX];
	struct writer_result r;
	struct nf_entry e;
	struct cbrec c;
	struct nferr err;
	json_t *body;
	uint64_t seq;
	int i;

	memset(&c, 0, sizeof(c));
	body = J("{\"name\":\"G\",\"classification\":\"association\","
	    "\"country\":\"SE\"}");
	for (i = 0; i < 3; i++)
		assert_int_equal(writer_queue(f->w, OP_PUT, REC_ORGANISATION,
		    NULL, body, record_cb, &c, &r, &err), 0);
	assert_int_equal(r.seq, 3);
	assert_int_equal(writer_pending(f->w), 3);
	/* nothing is stored before the flush */
	assert_int_equal(store_head(f->s, "SE", &seq, h, &err), 0);
	assert_int_equal(seq, 0);
	assert_int_equal(c.calls, 0);
	assert_int_equal(writer_flush(f->w, &err), 0);
	assert_int_equal(c.calls, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(c.status[i], 0);
		assert_int_equal(c.seq[i], i + 1);
	}
	assert_int_equal(writer_seq(f->w), 3);

	/* a batch that cannot commit: someone else took seq 4 */
	memset(&c, 0, sizeof(c));
	for (i = 0; i < 2; i++)
		assert_int_equal(writer_queue(f->w, OP_PUT, REC_ORGANISATION,
		    NULL, body, record_cb, &c, NULL, &err), 0);
	assert_int_equal(store_head(f->s, "SE", &seq, h, &err), 0);
	new_id(id, "SE", REC_ORGANISATION);
	sign_local(f, &e, 4, h, OP_PUT, REC_ORGANISATION, id, body);
	assert_int_equal(store_append_local(f->s, &e, 1, &err), 0);
	entry_clear(&e);
	nferr_clear(&err);
	assert_int_equal(writer_flush(f->w, &err), -1);
	assert_string_equal(err.code, "chain");
	assert_int_equal(c.calls, 2);
	assert_int_equal(c.status[0], -1);
	assert_int_equal(c.status[1], -1);
	/* the writer reloaded the head and continues after it */
	assert_int_equal(writer_seq(f->w), 4);
	assert_int_equal(writer_submit(f->w, OP_PUT, REC_ORGANISATION, NULL,
	    body, &r, &err), 0);
	assert_int_equal(r.seq, 5);
	json_decref(body);
	verify_chain(f, 5);
}

/* ---- replicated entries ------------------------------------------------ */

static void
test_remote(void **state)
{
	struct fx *f = *state;
	unsigned char zero[ENTRY_HASH_LEN] = { 0 };
	char id[RECORD_ID_MAX], id2[RECORD_ID_MAX];
	struct nf_key nk;
	struct nf_entry e[3], fork;
	struct nferr err;
	json_t *body, *got;
	uint64_t seq;
	int i;

	assert_int_equal(keys_generate(&nk), 0);
	new_id(id, "NO", REC_ORGANISATION);
	new_id(id2, "NO", REC_ORGANISATION);
	for (i = 0; i < 3; i++) {
		body = J("{\"name\":\"Oslo %d\",\"classification\":"
		    "\"association\",\"country\":\"NO\"}", i);
		entry_init(&e[i]);
		memcpy(e[i].origin, "NO", 3);
		e[i].seq = (uint64_t)i + 1;
		memcpy(e[i].prev, i ? e[i - 1].hash : zero, ENTRY_HASH_LEN);
		entry_ts_format(1764000000000LL, e[i].ts);
		e[i].op = OP_PUT;
		e[i].type = REC_ORGANISATION;
		snprintf(e[i].id, sizeof(e[i].id), "%s", i == 2 ? id2 : id);
		e[i].body = body;
		assert_int_equal(entry_sign(&e[i], &nk, &err), 0);
		json_decref(body);
	}
	/* entry 1 was pruned by the sender (superseded by 2) */
	json_decref(e[0].body);
	e[0].body = NULL;
	assert_int_equal(store_apply_remote(f->s, e, 2, "no-node", &err), 0);
	assert_int_equal(store_head(f->s, "NO", &seq, zero, &err), 0);
	assert_int_equal(seq, 2);
	assert_int_equal(store_cursor_get(f->s, "no-node", "NO", &seq, &err), 0);
	assert_int_equal(seq, 2);
	assert_int_equal(store_record_get(f->s, id, &got, &err), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    got, "body"), "name")), "Oslo 1");
	json_decref(got);
	/* re-applying is harmless; the new one goes on */
	assert_int_equal(store_apply_remote(f->s, e, 3, "other", &err), 0);
	assert_int_equal(store_head(f->s, "NO", &seq, zero, &err), 0);
	assert_int_equal(seq, 3);
	assert_int_equal(store_cursor_get(f->s, "other", "NO", &seq, &err), 0);
	assert_int_equal(seq, 3);
	/* cursors never move backwards */
	assert_int_equal(store_cursor_set(f->s, "other", "NO", 1, &err), 0);
	assert_int_equal(store_cursor_set(f->s, "other", "DK", 5, &err), 0);
	assert_int_equal(store_cursors(f->s, "other", &got, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(got, "NO")), 3);
	assert_int_equal(json_integer_value(json_object_get(got, "DK")), 5);
	json_decref(got);
	/* a listed country filter sees the Norwegian organisations */
	{
		struct store_filter flt;

		memset(&flt, 0, sizeof(flt));
		flt.type = REC_ORGANISATION;
		flt.country = "NO";
		assert_int_equal(store_list(f->s, &flt, &got, &err), 0);
		assert_int_equal(nitems(got), 2);
		json_decref(got);
	}
	/* a fork: another seq 3 */
	body = J("{\"name\":\"Evil\",\"classification\":\"association\","
	    "\"country\":\"NO\"}");
	entry_init(&fork);
	memcpy(fork.origin, "NO", 3);
	fork.seq = 3;
	memcpy(fork.prev, e[1].hash, ENTRY_HASH_LEN);
	entry_ts_format(1764000000001LL, fork.ts);
	fork.op = OP_PUT;
	fork.type = REC_ORGANISATION;
	snprintf(fork.id, sizeof(fork.id), "%s", id2);
	fork.body = body;
	assert_int_equal(entry_sign(&fork, &nk, &err), 0);
	json_decref(body);
	nferr_clear(&err);
	assert_int_equal(store_apply_remote(f->s, &fork, 1, "x", &err), -1);
	assert_string_equal(err.code, "fork");
	{
		char *proof;
		size_t plen;
		json_t *forks;

		assert_int_equal(entry_fork_proof(&e[2], &fork, &proof, &plen,
		    &err), 0);
		assert_int_equal(store_quarantined(f->s, "NO"), 0);
		assert_int_equal(store_record_fork(f->s, "NO", 3, proof, &err),
		    0);
		assert_int_equal(store_record_fork(f->s, "NO", 3, proof, &err),
		    0);
		free(proof);
		assert_int_equal(store_quarantined(f->s, "NO"), 1);
		assert_int_equal(store_forks(f->s, &forks, &err), 0);
		assert_int_equal(json_array_size(forks), 1);
		assert_true(json_is_object(json_object_get(json_array_get(forks,
		    0), "proof")));
		json_decref(forks);
	}
	/* the head survives quarantine; new entries are refused */
	assert_int_equal(store_head(f->s, "NO", &seq, zero, &err), 0);
	assert_int_equal(seq, 3);
	assert_int_equal(store_apply_remote(f->s, e, 3, "x", &err), -1);
	assert_string_equal(err.code, "quarantined");
	for (i = 0; i < 3; i++)
		entry_clear(&e[i]);
	entry_clear(&fork);
	keys_wipe(&nk);
}

static void
test_helpers(void **state)
{
	char out[64];
	int64_t ms;

	(void)state;
	store_fold("Ærø Tromsø Göteborg ÞÐ ßœ Åland", out, sizeof(out));
	assert_string_equal(out, "aero tromso goteborg thd ssoe aland");
	store_fold("Čáhcesuolu Ŋ ŧ đ", out, sizeof(out));
	assert_string_equal(out, "cahcesuolu n t d");
	/* never splits a sequence */
	store_fold("ab\xc3\xa9\xe2\x82\xac", out, 5);
	assert_string_equal(out, "abe");
	assert_int_equal(store_time_parse("1970-01-01", &ms), 0);
	assert_int_equal(ms, 0);
	assert_int_equal(store_time_parse("1970-01-01T01:00:00+01:00", &ms), 0);
	assert_int_equal(ms, 0);
	assert_int_equal(store_time_parse("2026-03-05T10:00:00.250Z", &ms), 0);
	assert_int_equal(ms % 1000, 250);
	assert_int_equal(store_time_parse("2026-02-30", &ms), -1);
	assert_int_equal(store_time_parse("2026-03-05T10:00", &ms), -1);
	assert_int_equal(store_time_parse("2026-03-05T10:00:00+0100", &ms), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_helpers),
		cmocka_unit_test_setup_teardown(test_open_migrations, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_types_roundtrip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_delete_prunes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_failed_batch, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_reads, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pagination, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memberships, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_persons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_chain, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_writer_invalid, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_writer_group_commit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_remote, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
