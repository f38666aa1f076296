/*
 * node: the daemon's parts, wired together by main.c and used by the
 * routes in api.c. One struct node per process; everything runs on its
 * event loop.
 */
#ifndef NODE_H
#define NODE_H

#include <stdint.h>

#include <event2/event.h>

#include "conf.h"
#include "http.h"
#include "keys.h"
#include "store.h"
#include "sync.h"
#include "writer.h"

#define NORDFED_VERSION "0.1.0"

struct retention;

struct node {
	struct conf conf;
	struct nf_key key;
	struct event_base *base;
	struct store *store;
	struct writer *writer;
	struct sync *sync;
	struct http_server *http;
	struct event *flush_ev;     /* group commit: one flush per loop turn */
	struct retention *retention;   /* erasing personal data past its time */
	int64_t started_ms;
};

/* Register every route of the API on n->http (and calls the two below).
 * 0 or -1. */
int api_register(struct node *n);
/* The browsing page and its assets, node/web.c. */
int web_register(struct node *n);
/* Operator endpoints used by nordfedctl, node/admin.c. */
int admin_register(struct node *n);
/* Contact persons and the access and erasure requests about them,
 * node/persons.c and node/admin_persons.c. */
int persons_register(struct node *n);
int admin_persons_register(struct node *n);

/* The home node's URL of country cc from the peers (borrowed), or NULL. */
const char *api_home_url(struct node *n, const char *cc);
/* An error as a problem reply: problem_reply() in node/problem.h. */

/*
 * ?lang=xx on a read: replace every translated field of rec's body by the
 * string for lang (fallback: en, the record's own "lang", any) and record
 * in rec["lang_used"] which language each came from, so a page can show
 * the fallback. lang NULL: nothing changes.
 */
void api_pick_lang(json_t *rec, const char *lang);
/* The ?lang parameter: 0 with *out NULL or a known tag, or -1 after
 * replying 400. */
int api_lang_param(struct http_req *r, const char **out);

/* The OpenAPI document as JSON (generated from docs/openapi.yaml). */
extern const char nordfed_openapi_json[];
extern const unsigned long nordfed_openapi_json_len;

#endif
