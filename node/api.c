/*
 * api: the node's HTTP routes (docs/openapi.yaml is their contract, and
 * tests/integration checks that every route here is in it and back).
 *
 *   public reads     /api/v1/{collection}[/{id}], search, node, sync status
 *   writes           POST/PUT/DELETE of this node's own records (the
 *                    operator's bearer token; POST and PUT also an
 *                    organisation's account: node/accounts.c decides)
 *   local-only data  /api/v1/organisations/{id}/persons: node/persons.c
 *   federation       /federation/v1/clock, log/{origin}, push, forks, digest
 *   operations       /healthz, /metrics, /api/v1/openapi.json
 *
 * Writes go through the writer's queue and are committed by one flush
 * event per loop turn (group commit); the request is answered from the
 * writer's callback once its entry is durable, then sync is kicked.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "accounts.h"
#include "canon.h"
#include "log.h"
#include "node.h"
#include "rotate.h"
#include "record.h"

/* ---- collections ------------------------------------------------------- */

struct collection {
	const char *path;           /* "organisations" */
	enum record_type type;
};

static const struct collection collections[] = {
	{ "organisations", REC_ORGANISATION },
	{ "networks", REC_NETWORK },
	{ "memberships", REC_MEMBERSHIP },
	{ "membership-requests", REC_MEMBERSHIP_REQUEST },
	{ "meetings", REC_MEETING },
	{ "resources", REC_RESOURCE },
	{ "collaborations", REC_COLLABORATION },
};
#define NCOLLECTIONS (sizeof(collections) / sizeof(collections[0]))

static const struct collection *
collection_of_path(const char *path)
{
	/* path: "/api/v1/<collection>..." */
	const char *p = path + strlen("/api/v1/");
	size_t i;

	for (i = 0; i < NCOLLECTIONS; i++) {
		size_t l = strlen(collections[i].path);

		if (strncmp(p, collections[i].path, l) == 0 &&
		    (p[l] == '\0' || p[l] == '/' || p[l] == '?'))
			return &collections[i];
	}
	return NULL;
}

static const char *
collection_path(enum record_type t)
{
	size_t i;

	for (i = 0; i < NCOLLECTIONS; i++)
		if (collections[i].type == t)
			return collections[i].path;
	return "records";
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- language picking ---------------------------------------------------- */

/*
 * ?lang=xx: replace every translated field of the record's body by the
 * string for xx (fallback: en, the record's own "lang", any), and say
 * which language each field came from in "lang_used" so a page can show
 * the fallback.
 */
void
api_pick_lang(json_t *rec, const char *lang)
{
	json_t *body = json_object_get(rec, "body"), *used, *v;
	const char *k, *orig;
	void *tmp;

	if (lang == NULL || !json_is_object(body))
		return;
	orig = json_string_value(json_object_get(body, "lang"));
	used = json_object();
	json_object_foreach_safe(body, tmp, k, v) {
		const char *s, *tag = NULL, *t2;
		json_t *x;

		if (!record_is_langmap(v))
			continue;
		s = record_text_pick(v, lang, orig);
		json_object_foreach(v, t2, x)
			if (json_string_value(x) == s)
				tag = t2;
		if (s == NULL || tag == NULL)
			continue;
		json_object_set_new(used, k, json_string(tag));
		json_object_set_new(body, k, json_string(s));
	}
	json_object_set_new(rec, "lang_used", used);
}

static void
pick_lang_items(json_t *items, const char *lang)
{
	size_t i;
	json_t *it;

	if (lang == NULL)
		return;
	json_array_foreach(items, i, it)
		api_pick_lang(it, lang);
}

int
api_lang_param(struct http_req *r, const char **out)
{
	const char *l = http_query(r, "lang");

	*out = NULL;
	if (l == NULL)
		return 0;
	if (!record_lang_valid(l))
		return http_problem(r, 400, "bad_parameter", "lang",
		    "lang must be one of sv da nb nn fi is kl fo se en");
	*out = l;
	return 0;
}

/* Map store errors to HTTP statuses. */
static int
store_problem(struct http_req *r, const struct nferr *err)
{
	int status = 500;

	if (err->code == NULL)
		return http_problem(r, 500, "internal", NULL, "internal error");
	if (strcmp(err->code, "not_found") == 0)
		status = 404;
	else if (strcmp(err->code, "bad_value") == 0 ||
	    strcmp(err->code, "bad_cursor") == 0)
		status = 400;
	else if (strcmp(err->code, "gone") == 0)
		status = 410;
	else if (strcmp(err->code, "db_error") == 0) {
		log_error("api: %s: %s", http_req_path(r), err->msg);
		return http_problem(r, 503, "storage_unavailable", NULL,
		    "the node's database failed; try again");
	}
	return http_problem_nferr(r, status, err);
}

/* ---- operations ---------------------------------------------------------- */

static void
h_healthz(struct http_req *r, void *arg)
{
	struct node *n = arg;

	http_reply_json(r, 200, json_pack("{s:s, s:s, s:I}", "status", "ok",
	    "country", n->conf.country,
	    "uptime_s", (json_int_t)((now_ms() - n->started_ms) / 1000)));
}

static void
h_node(struct http_req *r, void *arg)
{
	struct node *n = arg;
	char pk[KEY_PUB_B64_LEN + 1];
	json_t *heads = NULL, *counts = NULL, *peers = json_array(), *keys;
	struct nferr err;
	size_t i;

	if (store_heads(n->store, &heads, &err) != 0 ||
	    store_counts(n->store, &counts, &err) != 0) {
		json_decref(heads);
		json_decref(peers);
		store_problem(r, &err);
		return;
	}
	for (i = 0; i < n->conf.npeers; i++)
		json_array_append_new(peers, json_pack("{s:s, s:s, s:s, s:s}",
		    "name", n->conf.peers[i].name, "country",
		    n->conf.peers[i].country, "url", n->conf.peers[i].url,
		    "public_key", n->conf.peers[i].public_key));
	keys_pub_encode(n->key.pk, pk);
	/* keys: this node's own keys as its log says, oldest (pinned) first */
	if ((keys = rotate_keys_json(n)) == NULL) {
		json_decref(heads);
		json_decref(counts);
		json_decref(peers);
		http_problem(r, 503, "storage_unavailable", NULL,
		    "the node's database failed");
		return;
	}
	http_reply_json(r, 200, json_pack(
	    "{s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:o, s:o}",
	    "country", n->conf.country, "public_key", pk, "key_id", n->key.id,
	    "version", NORDFED_VERSION, "protocol", ENTRY_VERSION,
	    "public_url", n->conf.public_url ? json_string(n->conf.public_url) :
	    json_null(), "heads", heads, "counts", counts, "peers", peers,
	    "keys", keys));
}

static void
h_openapi(struct http_req *r, void *arg)
{
	struct evbuffer *b = evbuffer_new();

	/* the document is static: referenced, not copied per request */
	evbuffer_add_reference(b, nordfed_openapi_json,
	    nordfed_openapi_json_len, NULL, NULL);
	http_reply(r, 200, "application/json; charset=utf-8", b);
	evbuffer_free(b);
}

static void
h_metrics(struct http_req *r, void *arg)
{
	struct node *n = arg;
	struct evbuffer *b = evbuffer_new();
	json_t *counts = NULL, *v, *c;
	const char *k, *cc;

	evbuffer_add_printf(b,
	    "# HELP nordfed_up Whether the node is serving.\n"
	    "# TYPE nordfed_up gauge\nnordfed_up 1\n");
	evbuffer_add_printf(b,
	    "# HELP nordfed_uptime_seconds Seconds since the node started.\n"
	    "# TYPE nordfed_uptime_seconds gauge\nnordfed_uptime_seconds %"
	    PRId64 "\n", (now_ms() - n->started_ms) / 1000);
	if (store_counts(n->store, &counts, NULL) == 0) {
		evbuffer_add_printf(b,
		    "# HELP nordfed_records Live records held, by country and type.\n"
		    "# TYPE nordfed_records gauge\n");
		json_object_foreach(json_object_get(counts, "countries"), cc, c)
			json_object_foreach(c, k, v)
				evbuffer_add_printf(b,
				    "nordfed_records{country=\"%s\",type=\"%s\"} %"
				    JSON_INTEGER_FORMAT "\n", cc, k,
				    json_integer_value(v));
		json_decref(counts);
	}
	sync_metrics(n->sync, b);
	http_metrics_write(n->http, b);
	http_reply(r, 200, "text/plain; version=0.0.4; charset=utf-8", b);
	evbuffer_free(b);
}

static void
h_sync_status(struct http_req *r, void *arg)
{
	struct node *n = arg;

	http_reply_json(r, 200, sync_status(n->sync));
}

/* ---- reads --------------------------------------------------------------- */

static const char *const list_params[] = { "country", "type", "focus",
    "network", "language", "from", "to", "upcoming", "cursor", "limit",
    "lang", NULL };
static const char *const get_params[] = { "lang", NULL };
static const char *const page_params[] = { "cursor", "limit", "lang", NULL };
static const char *const search_params[] = { "q", "type", "limit", "lang",
    NULL };
static const char *const log_params[] = { "after", "limit", NULL };
static const char *const no_params[] = { NULL };

static int
time_param(struct http_req *r, const char *name, int *has, int64_t *ms)
{
	const char *v = http_query(r, name);

	*has = 0;
	if (v == NULL)
		return 0;
	if (store_time_parse(v, ms) != 0)
		return http_problem(r, 400, "bad_parameter", name,
		    "%s must be a date (YYYY-MM-DD) or an RFC 3339 time", name);
	/* a date as the upper bound means the whole of that day */
	if (strcmp(name, "to") == 0 && strlen(v) == 10)
		*ms += 86400000 - 1;
	*has = 1;
	return 0;
}

static void
h_list(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const struct collection *c = collection_of_path(http_req_path(r));
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
		char cc[3] = { 0 };

		if (strlen(v) == 2) {
			cc[0] = (char)(v[0] & ~0x20);
			cc[1] = (char)(v[1] & ~0x20);
		}
		if (!record_origin_valid(cc)) {
			http_problem(r, 400, "bad_parameter", "country",
			    "country must be one of SE NO DK FI IS GL FO AX");
			return;
		}
		f.country = v;
	}
	if ((v = http_query(r, "language")) != NULL && !record_lang_valid(v)) {
		http_problem(r, 400, "bad_parameter", "language",
		    "language must be one of sv da nb nn fi is kl fo se en");
		return;
	}
	f.lang = v;
	if ((v = http_query(r, "network")) != NULL) {
		char o[3];
		enum record_type t;

		if (record_id_parse(v, o, &t, NULL) != 0 || t != REC_NETWORK) {
			http_problem(r, 400, "bad_parameter", "network",
			    "network must be a network id (cc:net:ULID)");
			return;
		}
		f.network = v;
	}
	if ((v = http_query(r, "type")) != NULL && c->type != REC_ORGANISATION) {
		http_problem(r, 400, "bad_parameter", "type",
		    "type filters organisations by classification; it does not "
		    "apply to %s", c->path);
		return;
	}
	if (v != NULL && !record_vocab_valid("classification", v)) {
		http_problem(r, 400, "bad_parameter", "type",
		    "type must be an organisation classification "
		    "(association, foundation, municipality, ...)");
		return;
	}
	f.classification = v;
	if ((v = http_query(r, "focus")) != NULL &&
	    !record_vocab_valid("focus_area", v)) {
		http_problem(r, 400, "bad_parameter", "focus",
		    "focus must be a focus area (culture, youth, integration, ...)");
		return;
	}
	f.focus = v;
	if ((up = http_query(r, "upcoming")) != NULL) {
		if (strcmp(up, "true") != 0 && strcmp(up, "false") != 0) {
			http_problem(r, 400, "bad_parameter", "upcoming",
			    "upcoming is true or false");
			return;
		}
		f.upcoming = strcmp(up, "true") == 0;
	}
	f.cursor = http_query(r, "cursor");
	if (store_list(n->store, &f, &out, &err) != 0) {
		store_problem(r, &err);
		return;
	}
	pick_lang_items(json_object_get(out, "items"), lang);
	http_reply_json(r, 200, out);
}

/* The home node's URL of a country, from the peers (NULL if unknown). */
static const char *
home_url(struct node *n, const char *cc)
{
	size_t i;

	for (i = 0; i < n->conf.npeers; i++)
		if (strcmp(n->conf.peers[i].country, cc) == 0)
			return n->conf.peers[i].url;
	return NULL;
}

const char *
api_home_url(struct node *n, const char *cc)
{
	return home_url(n, cc);
}

int
api_store_problem(struct http_req *r, const struct nferr *err)
{
	return store_problem(r, err);
}

/* Get a live record of type t by the {id} parameter: a new reference, or
 * NULL after replying 404/410. */
static json_t *
get_record(struct http_req *r, struct node *n, enum record_type t)
{
	const char *id = http_param(r, "id");
	struct nferr err;
	json_t *rec = NULL;
	char o[3];
	enum record_type rt;

	if (record_id_parse(id, o, &rt, NULL) != 0 || rt != t) {
		http_problem(r, 404, "not_found", "id",
		    "%s is not a %s id", id, record_type_name(t));
		return NULL;
	}
	if (store_record_get(n->store, id, &rec, &err) != 0) {
		store_problem(r, &err);
		return NULL;
	}
	if (json_is_true(json_object_get(rec, "deleted"))) {
		json_decref(rec);
		http_problem(r, 410, "gone", "id", "%s was deleted by its owner",
		    id);
		return NULL;
	}
	return rec;
}

static void
h_get(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const struct collection *c = collection_of_path(http_req_path(r));
	const char *lang;
	json_t *rec, *more = NULL;
	struct nferr err;
	const char *id;

	if (api_lang_param(r, &lang) != 0 || (rec = get_record(r, n, c->type)) == NULL)
		return;
	id = json_string_value(json_object_get(rec, "id"));
	if (c->type == REC_NETWORK) {
		if (store_memberships_by_network(n->store, id, NULL,
		    STORE_LIMIT_MAX, &more, &err) != 0) {
			json_decref(rec);
			store_problem(r, &err);
			return;
		}
		json_object_set_new(rec, "members", more);
	} else if (c->type == REC_ORGANISATION) {
		const char *org = json_string_value(json_object_get(rec, "origin"));

		if (store_memberships_by_org(n->store, id, NULL, STORE_LIMIT_MAX,
		    &more, &err) != 0) {
			json_decref(rec);
			store_problem(r, &err);
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
			const char *u = home_url(n, org);

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

static void
h_network_members(struct http_req *r, void *arg)
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
	if ((rec = get_record(r, n, REC_NETWORK)) == NULL)
		return;
	json_decref(rec);
	if (store_memberships_by_network(n->store, http_param(r, "id"),
	    http_query(r, "cursor"), (int)limit, &out, &err) != 0) {
		store_problem(r, &err);
		return;
	}
	pick_lang_items(json_object_get(out, "items"), lang);
	http_reply_json(r, 200, out);
}

static void
h_search(struct http_req *r, void *arg)
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
		http_problem(r, 400, "bad_parameter", "q",
		    "q is the text to search for");
		return;
	}
	if (strlen(q) > STORE_QUERY_MAX) {
		http_problem(r, 400, "bad_parameter", "q",
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
				http_problem(r, 400, "bad_parameter", "type",
				    "unknown record type \"%s\"", tok);
				return;
			}
			mask |= 1u << rt;
		}
	}
	if (store_search(n->store, q, mask, (int)limit, &out, &err) != 0) {
		store_problem(r, &err);
		return;
	}
	pick_lang_items(json_object_get(out, "items"), lang);
	http_reply_json(r, 200, out);
}

/* ---- writes (group commit) ----------------------------------------------- */

struct pending_write {
	struct http_req *r;
	struct node *n;
	enum record_type type;
	int created;
};

static void
on_flush(evutil_socket_t fd, short what, void *arg)
{
	struct node *n = arg;
	struct nferr err;

	if (writer_pending(n->writer) == 0)
		return;
	if (writer_flush(n->writer, &err) != 0)
		log_error("api: group commit failed: %s", err.msg);
	else
		sync_kick(n->sync);
}

static void
schedule_flush(struct node *n)
{
	static const struct timeval zero = { 0, 0 };

	if (!event_pending(n->flush_ev, EV_TIMEOUT, NULL))
		event_add(n->flush_ev, &zero);
}

static int held_problem(struct http_req *r, const struct nferr *err);

static void
on_written(int status, const struct writer_result *res,
    const struct nferr *err, void *arg)
{
	struct pending_write *pw = arg;
	struct http_req *r = pw->r;

	if (status != 0) {
		if (held_problem(r, err) != 1)
			;	/* signed before the guard held the writer: dropped */
		else if (err->code && strcmp(err->code, "shutdown") == 0)
			http_problem(r, 503, "shutting_down", NULL,
			    "the node is shutting down; nothing was written");
		else
			http_problem(r, 503, "storage_unavailable", NULL,
			    "the write could not be made durable; nothing was "
			    "written (%s)", err->msg);
	} else if (http_req_method(r) == HTTP_DELETE) {
		http_reply_json(r, 200, json_pack("{s:s, s:I, s:s, s:b}",
		    "id", res->id, "seq", (json_int_t)res->seq, "ts", res->ts,
		    "deleted", 1));
	} else {
		json_t *rec = NULL;
		char loc[RECORD_ID_MAX + 64];

		store_record_get(pw->n->store, res->id, &rec, NULL);
		if (pw->created) {
			snprintf(loc, sizeof(loc), "/api/v1/%s/%s",
			    collection_path(pw->type), res->id);
			http_add_header(r, "Location", loc);
		}
		http_reply_json(r, pw->created ? 201 : 200, rec ? rec :
		    json_pack("{s:s, s:I}", "id", res->id, "seq",
		    (json_int_t)res->seq));
	}
	free(pw);
}

/* The writer is held by the own-log guard (node/sync_guard.c): 503,
 * with a hint when to ask again. */
static int
held_problem(struct http_req *r, const struct nferr *err)
{
	static const char *const held[] = { "own_log_unconfirmed",
	    "behind_own_log", "own_log_diverged", "recovering", NULL };
	size_t i;

	for (i = 0; err->code != NULL && held[i] != NULL; i++)
		if (strcmp(err->code, held[i]) == 0) {
			if (i == 0 || strcmp(err->code, "recovering") == 0)
				http_add_header(r, "Retry-After", "2");
			return http_problem_nferr(r, 503, err);
		}
	return 1;
}

/* Validation and ownership failures from the writer. */
static int
write_problem(struct http_req *r, const struct nferr *err)
{
	const char *c = err->code ? err->code : "internal";

	if (held_problem(r, err) != 1)
		return -1;

	if (strcmp(c, "not_owner") == 0)
		return http_problem_nferr(r, 403, err);
	if (strcmp(c, "not_found") == 0)
		return http_problem_nferr(r, 404, err);
	if (strcmp(c, "gone") == 0)
		return http_problem_nferr(r, 410, err);
	if (strcmp(c, "busy") == 0 || strcmp(c, "queue_full") == 0)
		return http_problem_nferr(r, 503, err);
	if (strcmp(c, "db_error") == 0)
		return http_problem(r, 503, "storage_unavailable", NULL,
		    "the node's database failed; nothing was written");
	return http_problem_nferr(r, 422, err);
}

/* The owner check before anything else, with a message naming the owner. */
static int
check_owner(struct http_req *r, struct node *n, const char *id,
    enum record_type t)
{
	char o[3];
	enum record_type rt;

	if (record_id_parse(id, o, &rt, NULL) != 0)
		return http_problem(r, 404, "not_found", "id",
		    "\"%s\" is not a record id (cc:kind:ULID)", id);
	if (rt != t)
		return http_problem(r, 404, "not_found", "id",
		    "%s is not a %s id", id, record_type_name(t));
	if (strcmp(o, n->conf.country) != 0) {
		const char *u = home_url(n, o);

		return http_problem(r, 403, "not_owner", "id",
		    "%s is owned by %s; only %s's node can change it%s%s", id, o,
		    o, u ? ": " : "", u ? u : "");
	}
	return 0;
}

void
api_write(struct http_req *r, struct node *n, enum entry_op op,
    enum record_type t, const char *id, const json_t *body, int created)
{
	struct pending_write *pw;
	struct nferr err;

	if ((pw = calloc(1, sizeof(*pw))) == NULL) {
		http_problem(r, 503, "internal", NULL, "out of memory");
		return;
	}
	pw->r = r;
	pw->n = n;
	pw->type = t;
	pw->created = created;
	if (writer_queue(n->writer, op, t, id, body, on_written, pw, NULL,
	    &err) != 0) {
		free(pw);
		write_problem(r, &err);
		return;
	}
	http_defer(r);
	schedule_flush(n);
}

static void
on_queued_written(int status, const struct writer_result *res,
    const struct nferr *err, void *arg)
{
	char *what = arg;

	if (status != 0)
		log_warn("api: %s not written: %s", what, err->msg);
	free(what);
}

int
api_queue_write(struct node *n, enum entry_op op, enum record_type t,
    const char *id, const json_t *body, const char *what, struct nferr *err)
{
	char *w = strdup(what);

	if (w == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	if (writer_queue(n->writer, op, t, id, body, on_queued_written, w, NULL,
	    err) != 0) {
		free(w);
		return -1;
	}
	schedule_flush(n);
	return 0;
}

static void
h_create(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const struct collection *c = collection_of_path(http_req_path(r));
	json_t *body = http_body_json(r);

	if (body == NULL)
		return;
	if (accounts_may_write(r, n, OP_PUT, c->type, NULL, body) != 0 ||
	    applications_check_write(r, n, OP_PUT, c->type, NULL, body) != 0) {
		json_decref(body);
		return;
	}
	registrations_stamp(n, c->type, NULL, body);
	api_write(r, n, OP_PUT, c->type, NULL, body, 1);
	json_decref(body);
}

static void
h_put(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const struct collection *c = collection_of_path(http_req_path(r));
	const char *id = http_param(r, "id");
	struct store_record_meta m;
	json_t *body;
	int exists;

	if (check_owner(r, n, id, c->type) != 0)
		return;
	if ((body = http_body_json(r)) == NULL)
		return;
	if (accounts_may_write(r, n, OP_PUT, c->type, id, body) != 0 ||
	    applications_check_write(r, n, OP_PUT, c->type, id, body) != 0) {
		json_decref(body);
		return;
	}
	registrations_stamp(n, c->type, id, body);
	exists = store_record_meta(n->store, id, &m, NULL) == 0;
	api_write(r, n, OP_PUT, c->type, id, body, !exists);
	json_decref(body);
}

static void
h_delete(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const struct collection *c = collection_of_path(http_req_path(r));
	const char *id = http_param(r, "id");

	if (check_owner(r, n, id, c->type) != 0)
		return;
	api_write(r, n, OP_DELETE, c->type, id, NULL, 0);
}

/* ---- federation ------------------------------------------------------------ */


static void
h_clock(struct http_req *r, void *arg)
{
	struct node *n = arg;
	json_t *heads = NULL;
	struct nferr err;

	if (store_heads(n->store, &heads, &err) != 0) {
		store_problem(r, &err);
		return;
	}
	http_reply_json(r, 200, heads);
}

static void
h_log(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const char *origin = http_param(r, "origin");
	long long after, limit;
	struct nf_entry *ents;
	struct evbuffer *b;
	struct nferr err;
	size_t i, got = 0;

	if (!record_origin_valid(origin)) {
		http_problem(r, 404, "not_found", "origin",
		    "origin must be one of SE NO DK FI IS GL FO AX");
		return;
	}
	if (http_query_int(r, "after", 0, INT64_MAX, 0, &after) != 0 ||
	    http_query_int(r, "limit", 1, STORE_LOG_MAX, 256, &limit) != 0)
		return;
	if ((ents = calloc((size_t)limit, sizeof(*ents))) == NULL) {
		http_problem(r, 503, "internal", NULL, "out of memory");
		return;
	}
	if (store_log_read(n->store, origin, (uint64_t)after, (size_t)limit,
	    ents, &got, &err) != 0) {
		free(ents);
		store_problem(r, &err);
		return;
	}
	b = evbuffer_new();
	for (i = 0; i < got; i++) {
		char *w;
		size_t l;

		/* a page stops once it holds SYNC_LOG_PAGE_BYTES, so it is
		 * at most that plus one entry (docs/protocol.md, Limits): the
		 * rest comes with the next request */
		if (evbuffer_get_length(b) >= SYNC_LOG_PAGE_BYTES) {
			entry_clear(&ents[i]);
			continue;
		}
		if (entry_encode(&ents[i], 1, &w, &l, NULL) == 0) {
			evbuffer_add(b, w, l);
			evbuffer_add(b, "\n", 1);
			free(w);
		}
		entry_clear(&ents[i]);
	}
	free(ents);
	http_reply(r, 200, "application/x-ndjson", b);
	evbuffer_free(b);
}

static int
ndjson_type(struct http_req *r)
{
	const char *ct = http_header(r, "Content-Type");

	if (ct == NULL || (strncmp(ct, "application/x-ndjson", 20) != 0 &&
	    strncmp(ct, "application/jsonl", 17) != 0))
		return http_problem(r, 415, "unsupported_media_type",
		    "Content-Type", "a push is application/x-ndjson: one "
		    "canonical entry a line");
	return 0;
}

static void
h_push(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const char *data, *peer = http_header(r, "X-Nordfed-Origin");
	size_t len;
	json_t *results, *heads;
	struct nferr err;
	char pname[8];

	if (ndjson_type(r) != 0 || http_body(r, &data, &len) != 0)
		return;
	results = json_array();
	heads = json_object();
	/* the cursor is kept under the sender's declared origin; it is only
	 * bookkeeping: every entry is verified against its origin's key */
	snprintf(pname, sizeof(pname), "push:%.2s", peer ? peer : "??");
	if (sync_ingest(n->sync, pname, data, len, results, heads, &err) != 0) {
		json_decref(results);
		json_decref(heads);
		http_problem(r, 503, "storage_unavailable", NULL,
		    "could not store the batch; nothing was applied");
		return;
	}
	/* the whole clock, not only the origins touched: it keeps the
	 * sender's view of this node fresh for every origin */
	json_decref(heads);
	if (store_heads(n->store, &heads, &err) != 0) {
		json_decref(results);
		store_problem(r, &err);
		return;
	}
	http_reply_json(r, 200, json_pack("{s:o, s:o}", "results", results,
	    "heads", heads));
}

static void
h_forks_get(struct http_req *r, void *arg)
{
	struct node *n = arg;
	json_t *out = NULL;
	struct nferr err;

	if (store_forks(n->store, &out, &err) != 0) {
		store_problem(r, &err);
		return;
	}
	http_reply_json(r, 200, json_pack("{s:o}", "forks", out));
}

static void
h_forks_post(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const char *data, *peer = http_header(r, "X-Nordfed-Origin");
	size_t len;
	struct nferr err;
	json_t *reply = NULL;
	char pname[8];

	if (http_body(r, &data, &len) != 0)
		return;
	snprintf(pname, sizeof(pname), "push:%.2s", peer ? peer : "??");
	if (sync_fork_receive(n->sync, pname, data, len, &reply, &err) != 0) {
		if (err.code != NULL && strcmp(err.code, "db_error") == 0)
			http_problem(r, 503, "storage_unavailable", NULL,
			    "could not store the proof; nothing changed");
		else
			http_problem_nferr(r, 400, &err);
		return;
	}
	http_reply_json(r, 200, reply);
}

/*
 * A digest of this node's whole replicated state, for tests and for
 * operators comparing nodes: "log" hashes every origin's head (the chain
 * hashes commit to every entry before them), "records" hashes every live
 * record's id, seq and canonical body in id order within each type.
 */
static void
h_digest(struct http_req *r, void *arg)
{
	struct node *n = arg;
	crypto_generichash_state st;
	unsigned char h[32];
	char hex[65], cursor[STORE_CURSOR_MAX + 1];
	json_t *heads = NULL, *page = NULL, *it;
	struct nferr err;
	char *txt;
	size_t nrec = 0, i;
	int t;

	if (store_heads(n->store, &heads, &err) != 0) {
		store_problem(r, &err);
		return;
	}
	if (canon_dump(heads, &txt, &i, &err) != 0) {
		json_decref(heads);
		http_problem(r, 500, "internal", NULL, "%s", err.msg);
		return;
	}
	crypto_generichash(h, sizeof(h), (unsigned char *)txt, i, NULL, 0);
	free(txt);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	for (t = REC_ORGANISATION; t < REC__COUNT; t++) {
		struct store_filter f;

		cursor[0] = '\0';
		for (;;) {
			memset(&f, 0, sizeof(f));
			f.type = (enum record_type)t;
			f.limit = STORE_LIMIT_MAX;
			f.cursor = cursor[0] ? cursor : NULL;
			if (store_list(n->store, &f, &page, &err) != 0) {
				json_decref(heads);
				store_problem(r, &err);
				return;
			}
			json_array_foreach(json_object_get(page, "items"), i, it) {
				json_t *k = json_pack("{s:O, s:O, s:O}", "id",
				    json_object_get(it, "id"), "seq",
				    json_object_get(it, "seq"), "body",
				    json_object_get(it, "body"));
				size_t l;

				if (canon_dump(k, &txt, &l, NULL) == 0) {
					crypto_generichash_update(&st,
					    (unsigned char *)txt, l);
					free(txt);
				}
				json_decref(k);
				nrec++;
			}
			if (!json_is_string(json_object_get(page, "next"))) {
				json_decref(page);
				break;
			}
			snprintf(cursor, sizeof(cursor), "%s",
			    json_string_value(json_object_get(page, "next")));
			json_decref(page);
		}
	}
	crypto_generichash_final(&st, h, sizeof(h));
	{
		char rhex[65];
		json_int_t entries = 0;
		const char *k;
		json_t *v;

		json_object_foreach(heads, k, v)
			entries += json_integer_value(json_object_get(v, "seq"));
		sodium_bin2hex(rhex, sizeof(rhex), h, sizeof(h));
		http_reply_json(r, 200, json_pack("{s:s, s:s, s:I, s:I, s:o}",
		    "log", hex, "records", rhex, "entries", entries,
		    "record_count", (json_int_t)nrec, "heads", heads));
	}
}

/* ---- the route table ----------------------------------------------------- */

#define COLLECTION_ROUTES(name)                                              \
	{ HTTP_GET, "/api/v1/" name, h_list, 0, list_params },                 \
	{ HTTP_POST, "/api/v1/" name, h_create, HTTP_AUTH_ACCOUNT, no_params },  \
	{ HTTP_GET, "/api/v1/" name "/{id}", h_get, 0, get_params },           \
	{ HTTP_PUT, "/api/v1/" name "/{id}", h_put, HTTP_AUTH_ACCOUNT,          \
	  no_params },                                                         \
	{ HTTP_DELETE, "/api/v1/" name "/{id}", h_delete, HTTP_AUTH_REQUIRED,   \
	  no_params }

static const struct http_route routes[] = {
	{ HTTP_GET, "/healthz", h_healthz, 0, no_params },
	{ HTTP_GET, "/metrics", h_metrics, 0, no_params },
	{ HTTP_GET, "/api/v1/node", h_node, 0, no_params },
	{ HTTP_GET, "/api/v1/openapi.json", h_openapi, 0, no_params },
	{ HTTP_GET, "/api/v1/sync/status", h_sync_status, 0, no_params },
	{ HTTP_GET, "/api/v1/search", h_search, 0, search_params },
	COLLECTION_ROUTES("organisations"),
	COLLECTION_ROUTES("networks"),
	COLLECTION_ROUTES("memberships"),
	COLLECTION_ROUTES("membership-requests"),
	COLLECTION_ROUTES("meetings"),
	COLLECTION_ROUTES("resources"),
	COLLECTION_ROUTES("collaborations"),
	{ HTTP_GET, "/api/v1/networks/{id}/members", h_network_members, 0,
	  page_params },
	{ HTTP_GET, "/federation/v1/clock", h_clock, 0, no_params },
	{ HTTP_GET, "/federation/v1/log/{origin}", h_log, 0, log_params },
	{ HTTP_POST, "/federation/v1/push", h_push, HTTP_RAW_BODY, no_params },
	{ HTTP_GET, "/federation/v1/forks", h_forks_get, 0, no_params },
	{ HTTP_POST, "/federation/v1/forks", h_forks_post, 0, no_params },
	{ HTTP_GET, "/federation/v1/digest", h_digest, 0, no_params },
};

int
api_register(struct node *n)
{
	n->flush_ev = evtimer_new(n->base, on_flush, n);
	if (n->flush_ev == NULL)
		return -1;
	if (http_routes_add(n->http, routes, sizeof(routes) / sizeof(routes[0]),
	    n) != 0)
		return -1;
	return web_register(n) != 0 || admin_register(n) != 0 ||
	    persons_register(n) != 0 || admin_persons_register(n) != 0 ||
	    applications_register(n) != 0 || accounts_register(n) != 0 ||
	    admin_accounts_register(n) != 0 || registrations_register(n) != 0 ?
	    -1 : 0;
}
