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
#include "record.h"
#include "store.h"
#include "sync.h"
#include "writer.h"

#define NORDFED_VERSION "0.1.0"

struct mail;
struct forward;
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
	struct mail *mail;             /* [mail]: sign-in links (node/mail.c) */
	struct forward *forward;       /* requests relayed to their home node
	                                  (node/forward.c) */
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

/* Membership requests across borders and their one decision,
 * node/applications.c. */
int applications_register(struct node *n);
/* The answer's id of request req_id for network net_id:
 * "<net cc>:mem:<the request's ULID>" into out; 0, or -1 (bad ids). */
int applications_decision_id(const char *req_id, const char *net_id,
    char out[RECORD_ID_MAX]);
/* The live membership that answers request req_id (body req_body), a new
 * reference, or NULL when none is held. */
json_t *applications_decision(struct node *n, const char *req_id,
    const json_t *req_body);
/* The state of a request: its answer's status (active, declined, ended)
 * when decision is not NULL, else the request's (pending, withdrawn). */
const char *applications_state(const json_t *req_body,
    const json_t *decision);
/* rec (a membership_request as store_record_get gives it) gets
 * "decision" ({membership, status} or null) and "state". */
void applications_annotate(struct node *n, json_t *rec);
/* The rules of a local write of type t (id NULL: a new record): a
 * membership naming a request only under the request's answer id, and
 * no change to a request that has an answer. 0, or -1 after a reply. */
int applications_check_write(struct http_req *r, struct node *n,
    enum entry_op op, enum record_type t, const char *id,
    const json_t *body);

/*
 * Queue a write of this node's record through the writer (group commit)
 * and answer r from the writer's callback once it is durable: 201 with
 * Location when created, else 200, the record as stored; problems for
 * validation (422), ownership (403), a held writer (503). id NULL mints
 * one (put only); body borrowed.
 */
void api_write(struct http_req *r, struct node *n, enum entry_op op,
    enum record_type t, const char *id, const json_t *body, int created);
/* A write the node makes by itself (a meeting's counts): queued for the
 * next group commit; a failure then is logged naming what. 0, or -1 with
 * err when it could not be queued. */
int api_queue_write(struct node *n, enum entry_op op, enum record_type t,
    const char *id, const json_t *body, const char *what, struct nferr *err);

/* Registrations for this node's meetings, node/registrations.c: the
 * routes; the counts a local write of a meeting carries (set in body,
 * whatever a client sent; a larger capacity moves the waiting list up);
 * an erasure request's part (the meetings' counts written anew); the
 * retention sweep's part (registrations of meetings deleted, or ended
 * [privacy] registration_retention_days ago). */
int registrations_register(struct node *n);
void registrations_stamp(struct node *n, enum record_type t, const char *id,
    json_t *body);
int registrations_erase_email(struct node *n, const char *email,
    int64_t *erased, struct nferr *err);
int registrations_sweep(struct node *n, int64_t now_ms, int64_t *erased,
    struct nferr *err);

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
