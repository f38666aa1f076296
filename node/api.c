/*
 * api: the node's HTTP routes (docs/openapi.yaml is their contract, and
 * tests/integration checks that every route here is in it and back).
 *
 *   public reads     /api/v1/{collection}[/{id}], search (api_read.c),
 *                    node, sync status
 *   writes           POST/PUT/DELETE of this node's own records (the
 *                    operator's bearer token; POST and PUT also an
 *                    organisation's account: node/accounts.c decides),
 *                    the batch write route (api_write.c)
 *   local-only data  /api/v1/organisations/{id}/persons: node/persons.c
 *   federation       /federation/v1/clock, log/{origin}, push, forks, digest
 *                    (api_fed.c)
 *   operations       /healthz, /metrics, /api/v1/openapi.json,
 *                    /api/v1/schema
 *
 * This file holds the collections, language choice, what the route files
 * share (api_int.h), the operations routes and the route table; the
 * federation handlers are api_fed.c's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "accounts.h"
#include "api_int.h"
#include "canon.h"
#include "log.h"
#include "node.h"
#include "rotate.h"
#include "record.h"
#include "record_schema.h"
#include "problem.h"

/* ---- collections ------------------------------------------------------- */

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

const struct collection *
api_collection_of_path(const char *path)
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

const char *
api_collection_path(enum record_type t)
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

void
api_pick_lang_items(json_t *items, const char *lang)
{
	size_t i;
	json_t *it;

	if (lang == NULL)
		return;
	json_array_foreach(items, i, it)
		api_pick_lang(it, lang);
}

/* ---- replies from the store's text ----------------------------------------- */

static void
text_free_cb(const void *data, size_t len, void *extra)
{
	free((void *)(uintptr_t)data);
}

/*
 * Reply with JSON text the store wrote (stored bodies spliced in): the
 * buffer moves into the reply without a copy; t is empty afterwards.
 */
void
api_reply_text(struct http_req *r, int status, struct nfbuf *t)
{
	struct evbuffer *b = evbuffer_new();

	if (b == NULL || evbuffer_add_reference(b, t->p, t->len, text_free_cb,
	    NULL) != 0) {
		if (b != NULL)
			evbuffer_free(b);
		free(t->p);
		memset(t, 0, sizeof(*t));
		problem_send(r, "internal", NULL, "out of memory");
		return;
	}
	memset(t, 0, sizeof(*t));
	http_reply(r, status, "application/json; charset=utf-8", b);
	evbuffer_free(b);
}

/* Append a JSON value, serialised compactly, to t. 0 or -1. */
int
api_text_json(struct nfbuf *t, const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	int rc;

	if (s == NULL)
		return -1;
	rc = nfbuf_add(t, s, strlen(s));
	free(s);
	return rc;
}

/* Append a string to t as is. 0 or -1. */
int
api_text_raw(struct nfbuf *t, const char *s)
{
	return nfbuf_add(t, s, strlen(s));
}

int
api_lang_param(struct http_req *r, const char **out)
{
	const char *l = http_query(r, "lang");

	*out = NULL;
	if (l == NULL)
		return 0;
	if (!record_lang_valid(l))
		return problem_send(r, "bad_parameter", "lang",
		    "lang must be one of sv da nb nn fi is kl fo se en");
	*out = l;
	return 0;
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
		problem_reply(r, &err);
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
		problem_send(r, "storage_unavailable", NULL,
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

/* GET /api/v1/schema: the record schema (protocol/record_schema.c) and
 * the error table (node/problem.c). */
static void
h_schema(struct http_req *r, void *arg)
{
	json_t *s = record_schema_json();

	/* with the error table; NULL (out of memory) is answered 500 by
	 * http_reply_json */
	if (s != NULL && json_object_set_new(s, "errors",
	    problem_table_json()) != 0) {
		json_decref(s);
		s = NULL;
	}
	http_reply_json(r, 200, s);
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
    "network", "organisation", "public_body", "language", "from", "to",
    "upcoming", "cursor", "limit", "lang", "region", "municipality", "form",
    "level", "area", "kind", NULL };
static const char *const get_params[] = { "lang", NULL };
static const char *const page_params[] = { "cursor", "limit", "lang", NULL };
static const char *const search_params[] = { "q", "type", "limit", "lang",
    "cursor", NULL };
static const char *const stats_params[] = { "table", "by", "format", "country",
    "region", "type", "area", "form", "level", "public_body", "network",
    NULL };
static const char *const log_params[] = { "after", "limit", NULL };
static const char *const no_params[] = { NULL };

/* ---- shared by the route files ------------------------------------------- */

/* The home node's URL of a country, from the peers (NULL if unknown). */
const char *
api_home_url(struct node *n, const char *cc)
{
	size_t i;

	for (i = 0; i < n->conf.npeers; i++)
		if (strcmp(n->conf.peers[i].country, cc) == 0)
			return n->conf.peers[i].url;
	return NULL;
}

/* ---- the route table ----------------------------------------------------- */

#define COLLECTION_ROUTES(name)                                              \
	{ HTTP_GET, "/api/v1/" name, api_list, 0, list_params },                 \
	{ HTTP_POST, "/api/v1/" name, api_create, HTTP_AUTH_ACCOUNT, no_params },  \
	{ HTTP_GET, "/api/v1/" name "/{id}", api_get, 0, get_params },           \
	{ HTTP_PUT, "/api/v1/" name "/{id}", api_put, HTTP_AUTH_ACCOUNT,          \
	  no_params },                                                         \
	{ HTTP_DELETE, "/api/v1/" name "/{id}", api_delete, HTTP_AUTH_REQUIRED,   \
	  no_params }

static const struct http_route routes[] = {
	{ HTTP_GET, "/healthz", h_healthz, HTTP_UNPARKED, no_params },
	{ HTTP_GET, "/metrics", h_metrics, HTTP_UNPARKED, no_params },
	{ HTTP_GET, "/api/v1/node", h_node, 0, no_params },
	{ HTTP_GET, "/api/v1/openapi.json", h_openapi, 0, no_params },
	{ HTTP_GET, "/api/v1/schema", h_schema, 0, no_params },
	{ HTTP_GET, "/api/v1/sync/status", h_sync_status, 0, no_params },
	{ HTTP_GET, "/api/v1/search", api_search, 0, search_params },
	{ HTTP_GET, "/api/v1/stats", api_stats, 0, stats_params },
	{ HTTP_POST, "/api/v1/batch", api_batch,
	  HTTP_AUTH_REQUIRED | HTTP_RAW_BODY, no_params },
	COLLECTION_ROUTES("organisations"),
	COLLECTION_ROUTES("networks"),
	COLLECTION_ROUTES("memberships"),
	COLLECTION_ROUTES("membership-requests"),
	COLLECTION_ROUTES("meetings"),
	COLLECTION_ROUTES("resources"),
	COLLECTION_ROUTES("collaborations"),
	{ HTTP_GET, "/api/v1/networks/{id}/members", api_network_members, 0,
	  page_params },
	{ HTTP_GET, "/federation/v1/clock", api_fed_clock, 0, no_params },
	{ HTTP_GET, "/federation/v1/log/{origin}", api_fed_log, 0, log_params },
	{ HTTP_POST, "/federation/v1/push", api_fed_push, HTTP_RAW_BODY, no_params },
	{ HTTP_GET, "/federation/v1/forks", api_fed_forks_get, 0, no_params },
	{ HTTP_POST, "/federation/v1/forks", api_fed_forks_post, 0, no_params },
	{ HTTP_GET, "/federation/v1/digest", api_fed_digest, 0, no_params },
};

int
api_register(struct node *n)
{
	n->flush_ev = evtimer_new(n->base, api_on_flush, n);
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

