/*
 * api_read: the public reads of the node's HTTP API (docs/openapi.yaml):
 * lists with filters, one record (with an organisation's memberships and
 * contact persons, a network's members), a network's members, search.
 * Without ?lang the replies are the store's JSON text with the stored
 * bodies spliced in; with it they are built from the parsed records.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "conf.h"
#include "problem.h"
#include "record_places.h"

static int
time_param(struct http_req *r, const char *name, int *has, int64_t *ms)
{
	const char *v = http_query(r, name);

	*has = 0;
	if (v == NULL)
		return 0;
	if (store_time_parse(v, ms) != 0)
		return problem_send(r, "bad_parameter", name,
		    "%s must be a date (YYYY-MM-DD) or an RFC 3339 time", name);
	/* a date as the upper bound means the whole of that day */
	if (strcmp(name, "to") == 0 && strlen(v) == 10)
		*ms += 86400000 - 1;
	*has = 1;
	return 0;
}

/*
 * The list filters one record type has beyond the common ones: a query
 * parameter, the type it applies to (another type's list refuses it),
 * and what it filters: a body field (path) or the classification or
 * focus column under another name (docs/openapi.yaml).
 */
static const struct type_param {
	const char *param;
	enum record_type type;
	const char *path;     /* body field ("$.level"), or NULL: column */
	const char *vocab;    /* the value is a word of this, or NULL */
	int column;           /* 'c' classification, 'f' focus, 0: body */
} type_params[] = {
	{ "region", REC_ORGANISATION, "$.region_code", NULL, 0 },
	{ "municipality", REC_ORGANISATION, "$.municipality_code", NULL, 0 },
	{ "form", REC_COLLABORATION, NULL, "collaboration_form", 'c' },
	{ "level", REC_COLLABORATION, "$.level", "collaboration_level", 0 },
	{ "area", REC_COLLABORATION, NULL, "focus_area", 'f' },
	{ "kind", REC_RESOURCE, NULL, "resource_kind", 'c' },
};

/* The form of a type_params value that is not a word: 0 when v is one. */
static int
type_param_form(const struct type_param *p, const char *v)
{
	if (p->vocab != NULL)
		return record_vocab_valid(p->vocab, v) ? 0 : -1;
	if (strcmp(p->param, "region") == 0)
		return record_region_find(v) ? 0 : -1;
	return record_municipality_form_ok(v) ? 0 : -1;
}

/* Apply the type_params of the query to f: 0, or -1 (answered). */
static int
type_params_apply(struct http_req *r, const struct collection *c,
    struct store_filter *f)
{
	size_t i, nb = 0;
	const char *v;

	for (i = 0; i < sizeof(type_params) / sizeof(type_params[0]); i++) {
		const struct type_param *p = &type_params[i];

		if ((v = http_query(r, p->param)) == NULL)
			continue;
		if (p->type != c->type)
			return problem_send(r, "bad_parameter", p->param,
			    "%s filters %s; it does not apply to %s", p->param,
			    api_collection_path(p->type), c->path);
		if (type_param_form(p, v) != 0)
			return problem_send(r, "bad_parameter", p->param,
			    "%s must be %s", p->param, p->vocab ?
			    "a word of the schema's vocabulary" :
			    strcmp(p->param, "region") == 0 ?
			    "an ISO 3166-2 region code such as SE-BD" :
			    "a municipality code of 3 or 4 digits");
		if (p->column == 'c')
			f->classification = v;
		else if (p->column == 'f')
			f->focus = v;
		else if (nb < STORE_BODY_FILTERS) {
			f->body_path[nb] = p->path;
			f->body_value[nb++] = v;
		}
	}
	return 0;
}

/*
 * An id filter of a list: organisation= (memberships, membership requests,
 * meetings' organiser, resources' publisher, collaborations: the record's
 * org column) or public_body= (collaborations only), each an organisation
 * id. 0 with *out set or left NULL; -1 after a 400.
 */
static int
id_param(struct http_req *r, const char *name, enum record_type want,
    enum record_type listed, const char **out)
{
	const char *v = http_query(r, name);
	enum record_type t;
	char o[3];

	*out = NULL;
	if (v == NULL)
		return 0;
	if (strcmp(name, "public_body") == 0 ? listed != REC_COLLABORATION :
	    listed == REC_ORGANISATION || listed == REC_NETWORK) {
		problem_send(r, "bad_parameter", name,
		    "%s does not apply to %s", name,
		    record_type_name(listed));
		return -1;
	}
	if (record_id_parse(v, o, &t, NULL) != 0 || t != want) {
		problem_send(r, "bad_parameter", name,
		    "%s must be an organisation id (cc:org:ULID)", name);
		return -1;
	}
	*out = v;
	return 0;
}

void
api_list(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const struct collection *c = api_collection_of_path(http_req_path(r));
	struct store_filter f;
	struct nferr err;
	const char *lang, *up, *v;
	long long limit;
	json_t *out = NULL;

	memset(&f, 0, sizeof(f));
	f.type = c->type;
	if (api_lang_param(r, &lang) != 0 ||
	    http_query_int(r, "limit", 1, n->conf.page_limit_max,
	    STORE_LIMIT_DEFAULT, &limit) != 0 ||
	    time_param(r, "from", &f.has_from, &f.from_ms) != 0 ||
	    time_param(r, "to", &f.has_to, &f.to_ms) != 0)
		return;
	f.limit = (int)limit;
	if ((v = http_query(r, "country")) != NULL) {
		char cc[RECORD_ORIGIN_SIZE] = { 0 };

		if (strlen(v) == 2) {
			cc[0] = (char)(v[0] & ~0x20);
			cc[1] = (char)(v[1] & ~0x20);
		}
		if (!record_origin_valid(cc)) {
			problem_send(r, "bad_parameter", "country",
			    "country must be one of SE NO DK FI IS GL FO AX");
			return;
		}
		f.country = v;
	}
	if ((v = http_query(r, "language")) != NULL && !record_lang_valid(v)) {
		problem_send(r, "bad_parameter", "language",
		    "language must be one of sv da nb nn fi is kl fo se en");
		return;
	}
	f.lang = v;
	if ((v = http_query(r, "network")) != NULL) {
		char o[RECORD_ORIGIN_SIZE];
		enum record_type t;

		if (record_id_parse(v, o, &t, NULL) != 0 || t != REC_NETWORK) {
			problem_send(r, "bad_parameter", "network",
			    "network must be a network id (cc:net:ULID)");
			return;
		}
		f.network = v;
	}
	if (id_param(r, "organisation", REC_ORGANISATION, c->type,
	    &f.organisation) != 0 || id_param(r, "public_body",
	    REC_ORGANISATION, c->type, &f.public_body) != 0)
		return;
	if ((v = http_query(r, "type")) != NULL && c->type != REC_ORGANISATION) {
		problem_send(r, "bad_parameter", "type",
		    "type filters organisations by classification; it does not "
		    "apply to %s", c->path);
		return;
	}
	if (v != NULL && !record_vocab_valid("classification", v)) {
		problem_send(r, "bad_parameter", "type",
		    "type must be an organisation classification "
		    "(association, foundation, municipality, ...)");
		return;
	}
	f.classification = v;
	if ((v = http_query(r, "focus")) != NULL &&
	    !record_vocab_valid("focus_area", v)) {
		problem_send(r, "bad_parameter", "focus",
		    "focus must be a focus area (culture, youth, integration, ...)");
		return;
	}
	f.focus = v;
	if ((f.focus && http_query(r, "area")) ||
	    (f.classification && (http_query(r, "form") ||
	    http_query(r, "kind")))) {
		problem_send(r, "bad_parameter", f.focus ? "area" : "type",
		    "give one of focus and area, of type and form or kind");
		return;
	}
	if (type_params_apply(r, c, &f) != 0)
		return;
	if ((up = http_query(r, "upcoming")) != NULL) {
		if (strcmp(up, "true") != 0 && strcmp(up, "false") != 0) {
			problem_send(r, "bad_parameter", "upcoming",
			    "upcoming is true or false");
			return;
		}
		f.upcoming = strcmp(up, "true") == 0;
	}
	f.cursor = http_query(r, "cursor");
	if (lang == NULL) {
		struct nfbuf txt = NFBUF_INIT(0);

		if (store_read_begin(n->store, &err) != 0 ||
		    store_list_text(n->store, &f, &txt, &err) != 0) {
			free(txt.p);
			problem_reply(r, &err);
			return;
		}
		api_reply_text(r, 200, &txt);
		return;
	}
	if (store_list(n->store, &f, &out, &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	api_pick_lang_items(json_object_get(out, "items"), lang);
	http_reply_json(r, 200, out);
}

/* Get a live record of type t by the {id} parameter: a new reference, or
 * NULL after replying 404/410. */
json_t *
api_get_record(struct http_req *r, struct node *n, enum record_type t)
{
	const char *id = http_param(r, "id");
	struct nferr err;
	json_t *rec = NULL;
	char o[RECORD_ORIGIN_SIZE];
	enum record_type rt;

	if (record_id_parse(id, o, &rt, NULL) != 0 || rt != t) {
		problem_send(r, "not_found", "id",
		    "%s is not a %s id", id, record_type_name(t));
		return NULL;
	}
	if (store_record_get(n->store, id, &rec, &err) != 0) {
		problem_reply(r, &err);
		return NULL;
	}
	if (json_is_true(json_object_get(rec, "deleted"))) {
		json_decref(rec);
		problem_send(r, "gone", "id", "%s was deleted by its owner",
		    id);
		return NULL;
	}
	return rec;
}

/*
 * GET of one record without ?lang: the stored body spliced into the
 * reply, not parsed and serialised again, and everything the reply adds
 * (an organisation's memberships and contact persons, a network's
 * members) read in the same read transaction, which the store keeps
 * for the next requests until something writes (store_read_begin). The
 * memberships are only queried when the record's statement says there
 * are some.
 */
static void
get_text(struct http_req *r, struct node *n, enum record_type t)
{
	const char *id = http_param(r, "id");
	struct store_record_view v;
	struct nfbuf txt = NFBUF_INIT(0);
	struct nferr err;
	json_t *more = NULL;
	enum record_type rt;
	char o[RECORD_ORIGIN_SIZE];
	int ok = 0;

	if (record_id_parse(id, o, &rt, NULL) != 0 || rt != t) {
		problem_send(r, "not_found", "id",
		    "%s is not a %s id", id, record_type_name(t));
		return;
	}
	if (store_read_begin(n->store, &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	if (store_record_text(n->store, id, &txt, &v, &err) != 0) {
		problem_reply(r, &err);
		free(txt.p);
		return;
	}
	if (v.deleted) {
		free(txt.p);
		problem_send(r, "gone", "id", "%s was deleted by its owner",
		    id);
		return;
	}
	if (t != REC_NETWORK && t != REC_ORGANISATION) {
		api_reply_text(r, 200, &txt);
		return;
	}
	txt.len--;                     /* the record's closing brace */
	if (v.has_memberships && (t == REC_NETWORK ?
	    store_memberships_by_network(n->store, id, NULL, STORE_LIMIT_MAX,
	    &more, &err) : store_memberships_by_org(n->store, id, NULL,
	    STORE_LIMIT_MAX, &more, &err)) != 0) {
		problem_reply(r, &err);
		free(txt.p);
		return;
	}
	if (api_text_raw(&txt, t == REC_NETWORK ? ",\"members\":" :
	    ",\"memberships\":") != 0 || (more ? api_text_json(&txt, more) :
	    api_text_raw(&txt, "{\"items\":[],\"next\":null}")) != 0)
		goto out;
	if (t == REC_ORGANISATION) {
		char head[64], href[CONF_LINE_MAX + RECORD_ID_MAX + 64];
		const char *u;

		if (strcmp(v.origin, n->conf.country) == 0) {
			snprintf(head, sizeof(head), ",\"contact_persons\":"
			    "{\"count\":%" PRId64 ",\"href\":", v.persons);
			snprintf(href, sizeof(href),
			    "%s/api/v1/organisations/%s/persons",
			    n->conf.public_url ? n->conf.public_url : "", id);
			ok = api_text_raw(&txt, head) == 0 &&
			    store_text_string(&txt, href) == 0 &&
			    api_text_raw(&txt, "}") == 0;
		} else {
			u = api_home_url(n, v.origin);
			ok = api_text_raw(&txt, ",\"contact_persons\":"
			    "{\"home_node\":") == 0 &&
			    store_text_string(&txt, v.origin) == 0 &&
			    api_text_raw(&txt, ",\"home_url\":") == 0 &&
			    store_text_string(&txt, u) == 0 &&
			    api_text_raw(&txt, "}") == 0;
		}
		if (!ok)
			goto out;
	}
	ok = api_text_raw(&txt, "}") == 0;
out:
	json_decref(more);
	if (!ok) {
		free(txt.p);
		problem_send(r, "internal", NULL, "out of memory");
		return;
	}
	api_reply_text(r, 200, &txt);
}

void
api_get(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const struct collection *c = api_collection_of_path(http_req_path(r));
	const char *lang;
	json_t *rec, *more = NULL;
	struct nferr err;
	const char *id;

	if (api_lang_param(r, &lang) != 0)
		return;
	if (lang == NULL && c->type != REC_MEMBERSHIP_REQUEST) {
		get_text(r, n, c->type);
		return;
	}
	if ((rec = api_get_record(r, n, c->type)) == NULL)
		return;
	id = json_string_value(json_object_get(rec, "id"));
	if (c->type == REC_NETWORK) {
		if (store_memberships_by_network(n->store, id, NULL,
		    STORE_LIMIT_MAX, &more, &err) != 0) {
			json_decref(rec);
			problem_reply(r, &err);
			return;
		}
		json_object_set_new(rec, "members", more);
	} else if (c->type == REC_ORGANISATION) {
		const char *org = json_string_value(json_object_get(rec, "origin"));

		if (store_memberships_by_org(n->store, id, NULL, STORE_LIMIT_MAX,
		    &more, &err) != 0) {
			json_decref(rec);
			problem_reply(r, &err);
			return;
		}
		json_object_set_new(rec, "memberships", more);
		if (org && strcmp(org, n->conf.country) == 0) {
			int64_t cnt = 0;

			store_person_count_for_org(n->store, id, &cnt, NULL);
			json_object_set_new(rec, "contact_persons", json_pack(
			    "{s:I, s:s}", "count", (json_int_t)cnt, "href", ""));
			json_object_set_new(json_object_get(rec, "contact_persons"),
			    "href", json_sprintf("%s/api/v1/organisations/%s/persons",
			    n->conf.public_url ? n->conf.public_url : "", id));
		} else if (org) {
			const char *u = api_home_url(n, org);

			json_object_set_new(rec, "contact_persons", json_pack(
			    "{s:s, s:s?}", "home_node", org, "home_url", u));
		}
	} else if (c->type == REC_MEMBERSHIP_REQUEST) {
		/* the answer, once the network's node has decided, and the
		 * state both nodes compute from the two (node/applications.c) */
		applications_annotate(n, rec);
	}
	if (lang)
		api_pick_lang(rec, lang);
	http_reply_json(r, 200, rec);
}

void
api_network_members(struct http_req *r, void *arg)
{
	struct node *n = arg;
	json_t *rec, *out = NULL;
	struct nferr err;
	const char *lang;
	long long limit;

	if (api_lang_param(r, &lang) != 0 ||
	    http_query_int(r, "limit", 1, n->conf.page_limit_max,
	    STORE_LIMIT_DEFAULT, &limit) != 0)
		return;
	if ((rec = api_get_record(r, n, REC_NETWORK)) == NULL)
		return;
	json_decref(rec);
	if (store_memberships_by_network(n->store, http_param(r, "id"),
	    http_query(r, "cursor"), (int)limit, &out, &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	api_pick_lang_items(json_object_get(out, "items"), lang);
	http_reply_json(r, 200, out);
}

void
api_search(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const char *q = http_query(r, "q"), *t = http_query(r, "type"), *lang;
	unsigned mask = 0;
	long long limit;
	json_t *out = NULL;
	struct nferr err;

	if (api_lang_param(r, &lang) != 0 ||
	    http_query_int(r, "limit", 1, n->conf.page_limit_max, 20, &limit) != 0)
		return;
	if (q == NULL || q[0] == '\0') {
		problem_send(r, "bad_parameter", "q",
		    "q is the text to search for");
		return;
	}
	if (strlen(q) > STORE_QUERY_MAX) {
		problem_send(r, "bad_parameter", "q",
		    "q is at most %d bytes", STORE_QUERY_MAX);
		return;
	}
	if (t != NULL) {
		/* a comma-separated list of type names */
		char buf[256], *save = NULL, *tok;

		snprintf(buf, sizeof(buf), "%s", t);
		for (tok = strtok_r(buf, ",", &save); tok;
		    tok = strtok_r(NULL, ",", &save)) {
			enum record_type rt = record_type_from_name(tok);

			if (rt == REC_NONE || rt == REC_KEY) {
				problem_send(r, "bad_parameter", "type",
				    "unknown record type \"%s\"", tok);
				return;
			}
			mask |= 1u << rt;
		}
	}
	if (lang == NULL) {
		struct nfbuf txt = NFBUF_INIT(0);

		if (store_read_begin(n->store, &err) != 0 ||
		    store_search_text(n->store, q, mask, (int)limit,
		    http_query(r, "cursor"), &txt, &err) != 0) {
			free(txt.p);
			problem_reply(r, &err);
			return;
		}
		api_reply_text(r, 200, &txt);
		return;
	}
	if (store_search(n->store, q, mask, (int)limit, http_query(r, "cursor"),
	    &out, &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	api_pick_lang_items(json_object_get(out, "items"), lang);
	http_reply_json(r, 200, out);
}
