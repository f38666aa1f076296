/*
 * accounts: organisation accounts (docs/operations.md, "Organisation
 * accounts"; docs/openapi.yaml, tag accounts). Who sends a request, and
 * what that one may write, decided here for every route that takes an
 * account.
 *
 * Who: the router asks accounts_authn on HTTP_AUTH_ACCOUNT routes.
 *   - A bearer token of the token file. Without a scope it is the node's
 *     operator; with org=ID it acts for that organisation, as an account
 *     whose opaque id is derived from the token's name.
 *   - Else a session cookie (HttpOnly, SameSite=Strict, Secure behind
 *     https), from a sign-in with a one-time link. Writes by session also
 *     need the session's CSRF token in the X-CSRF-Token header.
 *
 * What: an account acts for its organisation only (accounts_may_write,
 * accounts_may_decide, accounts_may_persons): it edits its organisation's
 * record and contact persons and its membership requests; an organisation
 * that leads a network also decides that network's requests and publishes
 * its meetings and resources. Everything else is the operator's, and
 * deletes are the operator's only. A write by an account carries its
 * opaque id in the body ("account", docs/protocol.md); the node sets the
 * field on every write, and removes it from the operator's.
 *
 * Addresses are personal data: they are never logged, never in a problem
 * detail; logs name accounts by their ids.
 */
#ifndef ACCOUNTS_H
#define ACCOUNTS_H

#include <jansson.h>

#include "http.h"
#include "record.h"
#include "store_accounts.h"

struct node;

enum actor_kind {
	ACTOR_NONE,         /* nobody: a public request */
	ACTOR_OPERATOR,     /* a token of the token file without a scope */
	ACTOR_ORG           /* an account or a scoped token */
};

struct actor {
	enum actor_kind kind;
	int session;                        /* 1: by a session cookie */
	char account[STORE_ACCOUNT_ID_MAX]; /* ACTOR_ORG: its account id */
	char org[RECORD_ID_MAX];            /* ACTOR_ORG: its organisation */
};

/* The account routes (accounts.c), the operator's (admin_accounts.c), and
 * the router's authn callback. 0 or -1. */
int accounts_register(struct node *n);
int admin_accounts_register(struct node *n);

/* The router's callback for HTTP_AUTH_ACCOUNT routes (http_authn_fn). */
int accounts_authn(void *arg, struct http_req *r, char *name, size_t len);

/* Who sent r, on an HTTP_AUTH_ACCOUNT route (from its principal). 0, or
 * -1 after a reply. */
int accounts_actor(struct http_req *r, struct node *n, struct actor *a);
/* Who sent r on any route, for reads: a bearer token (a bad one is a 401
 * reply and -1) or a session cookie (one that ended is nobody); no CSRF
 * check. 0 with a->kind ACTOR_NONE for a public request. */
int accounts_reader(struct http_req *r, struct node *n, struct actor *a);

/*
 * May the sender of r write this record (op OP_PUT; id NULL: a new one)?
 * 0: yes, and body (when an object) has "account" set to the account's
 * id, or removed for the operator. -1 after a 403 problem
 * (not_your_organisation, operator_only) or another reply.
 */
int accounts_may_write(struct http_req *r, struct node *n, enum entry_op op,
    enum record_type t, const char *id, json_t *body);
/* May the sender decide requests for network net_id? The answer's body
 * gets "account" as above. 0, or -1 after a reply. */
int accounts_may_decide(struct http_req *r, struct node *n,
    const char *net_id, json_t *answer);
/* May the sender write the contact persons of org_id? 0, or -1 after a
 * reply. */
int accounts_may_persons(struct http_req *r, struct node *n,
    const char *org_id);
/* May the sender act for org_id (the operator, or org_id's own account):
 * an organiser's registrations and join links. 0, or -1 after a reply. */
int accounts_may_act_for(struct http_req *r, struct node *n,
    const char *org_id);

/* The account id a token scoped to an organisation writes under:
 * "<cc>:acct:" and 26 characters derived from its name. */
void accounts_token_account(const char *country, const char *name,
    char out[STORE_ACCOUNT_ID_MAX]);

/* The base of the links the node hands out (sign-in): public_url, else
 * http://listen:port. */
void accounts_base_url(struct node *n, char *out, size_t len);

/*
 * Mint a one-time sign-in link for account_id (invite 1: valid for
 * invite_ttl_s, else link_ttl_s): url gets the whole link, *expires_ms
 * its end. 0, or -1 with err.
 */
int accounts_link_new(struct node *n, const char *account_id, int invite,
    char *url, size_t url_len, int64_t *expires_ms, struct nferr *err);
/* The name of a record of this node (an organisation) as people read it,
 * control characters made spaces; the id when it has none. */
void accounts_org_name(struct node *n, const char *org, char *out,
    size_t len);
/* The e-mail that carries a link: subject and text (English). */
void accounts_link_mail(struct node *n, const char *org_name,
    const char *url, int64_t expires_ms, int invite, char *subject,
    size_t subject_len, char *text, size_t text_len);

#endif
