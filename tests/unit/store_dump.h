/*
 * store_dump.h: everything a store shows through its API (store.h), as
 * one JSON value, for comparing a database before and after a schema
 * migration. Used by tests/unit/test_migrate.c on the migrated fixture and
 * by tests/vectors/store-schema1/gen.c, which made the fixture and its
 * expected dump with the store of commit b595cf1 (schema 1): so it uses
 * only the API that both have.
 *
 * What is dumped: the heads; every origin's log in wire form (bodies
 * included); every record the logs name (store_record_get); every list
 * page by page (limit 3) for every type and a set of filters, as ids;
 * memberships of every network and organisation; a set of searches, as
 * ids in rank order; counts; forks and their resolutions; quarantine;
 * the cursors of the given peers; persons of the node's organisations;
 * which of the given tokens are accepted. Cursors themselves are opaque
 * and not compared; the pages they lead to are.
 */
#ifndef STORE_DUMP_H
#define STORE_DUMP_H

#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "entry.h"
#include "record.h"
#include "store.h"

#define DUMP_NOW_MS 1767225600000LL    /* 2026-01-01T00:00:00Z */

static const char *const dump_searches[] = {
	"goteborg", "stadsmission", "nordic", "network", "helsinki",
	"reykjavik", "oslo", "folkhog", "foren", "kommun", "samarbete",
	"thingvellir", "torshavn", "report", "mote", "aero", "kultur",
	"ungdom tromso", "zzznothing", NULL
};

static json_t *
dump_list_all(struct store *s, struct store_filter *f)
{
	json_t *ids = json_array(), *page = NULL, *it;
	char cursor[STORE_CURSOR_MAX + 1] = "";
	struct nferr err;
	size_t i, guard;

	for (guard = 0; guard < 1000; guard++) {
		f->cursor = cursor[0] ? cursor : NULL;
		f->limit = 3;
		if (store_list(s, f, &page, &err) != 0) {
			json_array_append_new(ids, json_string(err.code));
			break;
		}
		json_array_foreach(json_object_get(page, "items"), i, it)
			json_array_append(ids, json_object_get(it, "id"));
		it = json_object_get(page, "next");
		if (!json_is_string(it)) {
			json_decref(page);
			break;
		}
		snprintf(cursor, sizeof(cursor), "%s", json_string_value(it));
		json_decref(page);
	}
	f->cursor = NULL;
	return ids;
}

static json_t *
dump_lists(struct store *s)
{
	static const char *const focus[] = { "youth", "culture",
	    "social_care", NULL };
	static const char *const langs[] = { "sv", "en", "fi", "is", NULL };
	static const char *const cc[] = { "SE", "NO", "FI", "is", NULL };
	json_t *o = json_object();
	struct store_filter f;
	char key[64];
	int t, i;

	for (t = REC_NONE + 1; t < REC__COUNT; t++) {
		if (t == REC_KEY)
			continue;
		memset(&f, 0, sizeof(f));
		f.type = (enum record_type)t;
		f.now_ms = DUMP_NOW_MS;
		json_object_set_new(o, record_type_name(f.type),
		    dump_list_all(s, &f));
		for (i = 0; focus[i]; i++) {
			f.focus = focus[i];
			snprintf(key, sizeof(key), "%s/focus=%s",
			    record_type_name(f.type), focus[i]);
			json_object_set_new(o, key, dump_list_all(s, &f));
			f.lang = "en";
			snprintf(key, sizeof(key), "%s/focus=%s&lang=en",
			    record_type_name(f.type), focus[i]);
			json_object_set_new(o, key, dump_list_all(s, &f));
			f.lang = NULL;
		}
		f.focus = NULL;
		for (i = 0; langs[i]; i++) {
			f.lang = langs[i];
			snprintf(key, sizeof(key), "%s/lang=%s",
			    record_type_name(f.type), langs[i]);
			json_object_set_new(o, key, dump_list_all(s, &f));
		}
		f.lang = NULL;
		for (i = 0; cc[i]; i++) {
			f.country = cc[i];
			snprintf(key, sizeof(key), "%s/country=%s",
			    record_type_name(f.type), cc[i]);
			json_object_set_new(o, key, dump_list_all(s, &f));
		}
		f.country = NULL;
		f.classification = "association";
		snprintf(key, sizeof(key), "%s/class=association",
		    record_type_name(f.type));
		json_object_set_new(o, key, dump_list_all(s, &f));
		f.classification = NULL;
		f.upcoming = 1;
		snprintf(key, sizeof(key), "%s/upcoming",
		    record_type_name(f.type));
		json_object_set_new(o, key, dump_list_all(s, &f));
		f.upcoming = 0;
		f.has_from = f.has_to = 1;
		f.from_ms = 1735689600000LL;	/* 2025-01-01 */
		f.to_ms = 1780272000000LL;	/* 2026-06-01 */
		snprintf(key, sizeof(key), "%s/from-to",
		    record_type_name(f.type));
		json_object_set_new(o, key, dump_list_all(s, &f));
	}
	return o;
}

/* ids: every record id seen in the logs. */
static json_t *
dump_logs(struct store *s, json_t *ids)
{
	json_t *o = json_object(), *heads = NULL, *lines;
	struct nf_entry *e = calloc(STORE_LOG_MAX, sizeof(*e));
	struct nferr err;
	const char *origin;
	json_t *h;
	size_t n, i;
	uint64_t after;

	if (e == NULL || store_heads(s, &heads, &err) != 0)
		return o;
	json_object_foreach(heads, origin, h) {
		lines = json_array();
		after = 0;
		for (;;) {
			if (store_log_read(s, origin, after, STORE_LOG_MAX, e, &n,
			    &err) != 0 || n == 0)
				break;
			for (i = 0; i < n; i++) {
				char *w = NULL;
				size_t wl;

				if (entry_encode(&e[i], 1, &w, &wl, &err) == 0)
					json_array_append_new(lines,
					    json_stringn(w, wl));
				free(w);
				if (!json_object_get(ids, e[i].id))
					json_object_set_new(ids, e[i].id,
					    json_integer(e[i].type));
				after = e[i].seq;
				entry_clear(&e[i]);
			}
		}
		json_object_set_new(o, origin, lines);
	}
	json_decref(heads);
	free(e);
	return o;
}

static json_t *
store_dump(struct store *s, const char *const *peers,
    const char *const *tokens)
{
	json_t *d = json_object(), *ids = json_object(), *recs = json_object();
	json_t *mem = json_object(), *srch = json_object(), *v, *t;
	json_t *persons = json_object(), *cur = json_object();
	json_t *quar = json_object(), *tok = json_object();
	struct nferr err;
	const char *id;
	size_t i;

	if (store_heads(s, &v, &err) == 0)
		json_object_set_new(d, "heads", v);
	json_object_set_new(d, "log", dump_logs(s, ids));
	json_object_foreach(ids, id, t) {
		enum record_type rt = (enum record_type)json_integer_value(t);

		if (store_record_get(s, id, &v, &err) == 0)
			json_object_set_new(recs, id, v);
		if (rt == REC_NETWORK &&
		    store_memberships_by_network(s, id, NULL, 0, &v, &err) == 0) {
			json_object_del(v, "next");
			json_object_set_new(mem, id, v);
		}
		if (rt == REC_ORGANISATION &&
		    store_memberships_by_org(s, id, NULL, 0, &v, &err) == 0) {
			json_object_del(v, "next");
			json_object_set_new(mem, id, v);
		}
		if (rt == REC_ORGANISATION &&
		    store_person_list_for_org(s, id, &v, &err) == 0) {
			size_t k;
			json_t *p;

			/* the fields of schema 1's persons; migration 2 added
			 * public and public_consent (test_migrate checks them) */
			json_array_foreach(v, k, p) {
				json_object_del(p, "public");
				json_object_del(p, "public_consent");
			}
			if (json_array_size(v) > 0)
				json_object_set_new(persons, id, v);
			else
				json_decref(v);
		}
	}
	json_object_set_new(d, "records", recs);
	json_object_set_new(d, "memberships", mem);
	json_object_set_new(d, "persons", persons);
	json_object_set_new(d, "lists", dump_lists(s));
	for (i = 0; dump_searches[i]; i++) {
		if (store_search(s, dump_searches[i], 0, 20, NULL, &v, &err) == 0) {
			json_t *a = json_array(), *it;
			size_t k;

			json_array_foreach(json_object_get(v, "items"), k, it)
				json_array_append(a, json_object_get(it, "id"));
			json_object_set_new(srch, dump_searches[i], a);
			json_decref(v);
		}
	}
	json_object_set_new(d, "search", srch);
	if (store_counts(s, &v, &err) == 0)
		json_object_set_new(d, "counts", v);
	if (store_forks(s, &v, &err) == 0)
		json_object_set_new(d, "forks", v);
	if (store_fork_resolutions(s, &v, &err) == 0)
		json_object_set_new(d, "resolutions", v);
	for (i = 0; i < 8; i++)
		json_object_set_new(quar, record_origins[i],
		    json_boolean(store_quarantined(s, record_origins[i])));
	json_object_set_new(d, "quarantined", quar);
	for (i = 0; peers && peers[i]; i++)
		if (store_cursors(s, peers[i], &v, &err) == 0)
			json_object_set_new(cur, peers[i], v);
	json_object_set_new(d, "cursors", cur);
	for (i = 0; tokens && tokens[i]; i++) {
		char name[STORE_NAME_MAX] = "";

		json_object_set_new(tok, tokens[i], store_token_check(s,
		    tokens[i], name, sizeof(name)) == 0 ? json_string(name) :
		    json_null());
	}
	json_object_set_new(d, "tokens", tok);
	json_decref(ids);
	return d;
}

#endif
