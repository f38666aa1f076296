/*
 * api_int.h: what the files of the node's HTTP routes share, behind
 * node/node.h (as sync_int.h does for sync):
 *
 *   api.c        the collections, language choice, replies from the
 *                store's text, the operations routes, the route table
 *   api_read.c   public reads: lists, one record, members, search
 *   api_write.c  writes of this node's records through the writer's
 *                queue (group commit), and the batch write route
 *   api_fed.c    the federation routes: clock, log, push, forks, digest
 *
 * Handlers take (struct http_req *, void *arg) with arg the struct node.
 */
#ifndef API_INT_H
#define API_INT_H

#include <jansson.h>

#include "node.h"
#include "record.h"
#include "store.h"

struct collection {
	const char *path;           /* "organisations" */
	enum record_type type;
};

/* The collection a path "/api/v1/<collection>..." is under (NULL: none),
 * and the path of a type's collection. */
const struct collection *api_collection_of_path(const char *path);
const char *api_collection_path(enum record_type t);

/* api_home_url is in node.h (node/persons.c uses it too); errors are
 * answered with node/problem.h. */
/* ?lang picking over a list's items. */
void api_pick_lang_items(json_t *items, const char *lang);
/* 415 unless the request is application/x-ndjson (or jsonl): -1. */
int api_ndjson_type(struct http_req *r);

/* Reply with JSON text the store wrote: the buffer moves into the reply
 * without a copy; t is empty afterwards. */
void api_reply_text(struct http_req *r, int status, struct nfbuf *t);
/* Append a string as is, or a JSON value serialised compactly. 0 or -1. */
int api_text_raw(struct nfbuf *t, const char *s);
int api_text_json(struct nfbuf *t, const json_t *v);

/* api_read.c */
/* A live record of type t by the {id} parameter: a new reference, or
 * NULL after replying 404/410. */
json_t *api_get_record(struct http_req *r, struct node *n, enum record_type t);
void api_list(struct http_req *r, void *arg);
void api_get(struct http_req *r, void *arg);
void api_network_members(struct http_req *r, void *arg);
void api_search(struct http_req *r, void *arg);
void api_stats(struct http_req *r, void *arg);   /* api_stats.c */

/* api_write.c */
void api_on_flush(evutil_socket_t fd, short what, void *arg);
void api_create(struct http_req *r, void *arg);
void api_put(struct http_req *r, void *arg);
void api_delete(struct http_req *r, void *arg);
void api_batch(struct http_req *r, void *arg);

/* api_fed.c */
void api_fed_clock(struct http_req *r, void *arg);
void api_fed_log(struct http_req *r, void *arg);
void api_fed_push(struct http_req *r, void *arg);
void api_fed_forks_get(struct http_req *r, void *arg);
void api_fed_forks_post(struct http_req *r, void *arg);
void api_fed_digest(struct http_req *r, void *arg);

#endif
