/*
 * store_accounts: the local-only tables of organisation accounts
 * (node/store_accounts.c; docs/storage.md, "Accounts").
 *
 *   accounts          one per (organisation, e-mail address): the
 *                     organisation it acts for and the address its sign-in
 *                     links go to (personal data: this node only)
 *   account_links     one-time sign-in links, by the hash of their secret
 *   account_sessions  sessions, by the hash of their cookie's secret
 *
 * Nothing here enters a log, an entry, the search index or a problem
 * detail: an account is known elsewhere only by its opaque id
 * (record_account_id_parse). Secrets are never stored, only their
 * BLAKE2b-256 hashes (STORE_ACCOUNT_HASH_LEN bytes, computed by the
 * caller). Erasing an account takes its links and sessions with it and
 * owes a scrub of the WAL (store_local_scrub), as erasing a person does.
 *
 * Conventions as in store.h: 0 / -1 with err set (not_found, bad_value,
 * db_error); json_t ** outputs are new references; strings are borrowed.
 * Times are milliseconds since the epoch.
 */
#ifndef STORE_ACCOUNTS_H
#define STORE_ACCOUNTS_H

#include <stdint.h>
#include <jansson.h>

#include "nferr.h"
#include "record.h"
#include "store.h"

#define STORE_ACCOUNT_HASH_LEN  32
#define STORE_ACCOUNT_ID_MAX    (RECORD_ACCOUNT_ID_LEN + 1)
#define STORE_ACCOUNT_LINKS_MAX 5   /* live links an account keeps; the
                                       oldest go when a new one comes */

/* Prepare the statements (store_open calls it) and finalize them
 * (store_close). */
int store_accounts_open(struct store *s, struct nferr *err);
void store_accounts_close(struct store *s);

/*
 * The account of org_id (a live organisation of this node) for email
 * (compared without ASCII case): found, or added with a new random id.
 * id_out gets its id; *created 1 when it is new. bad_value (field
 * "/organisation" or "/email", the address never echoed) otherwise.
 */
int store_account_add(struct store *s, const char *org_id, const char *email,
    char id_out[STORE_ACCOUNT_ID_MAX], int *created, struct nferr *err);
/* {"id","organisation","email","created","signed_in"|null,"sessions"}
 * (times RFC 3339; sessions: how many live ones). -1 not_found. */
int store_account_get(struct store *s, const char *id, json_t **out,
    struct nferr *err);
/* Every account (org_id NULL) or those of org_id, as store_account_get,
 * by organisation and creation. New array. */
int store_account_list(struct store *s, const char *org_id, json_t **out,
    struct nferr *err);
/* The organisation an account acts for into org_out. -1 not_found. */
int store_account_org(struct store *s, const char *id,
    char org_out[RECORD_ID_MAX], struct nferr *err);
/* Erase an account with its links and sessions (*sessions: how many were
 * live), then scrub. -1 not_found. */
int store_account_delete(struct store *s, const char *id, int64_t *sessions,
    struct nferr *err);

/* Access and erasure requests: every account with that address, as
 * store_account_get (bad_value for a malformed address); erase them all
 * in one transaction, *n how many (the scrub is owed). */
int store_accounts_find_email(struct store *s, const char *email,
    json_t **out, struct nferr *err);
int store_accounts_erase_email(struct store *s, const char *email,
    int64_t *n, struct nferr *err);

/*
 * A sign-in link: the hash of its secret, valid until expires_ms; invite
 * 1 for an invitation's. The account keeps its STORE_ACCOUNT_LINKS_MAX
 * newest links.
 */
int store_account_link_add(struct store *s, const char *account_id,
    const unsigned char hash[STORE_ACCOUNT_HASH_LEN], int invite,
    int64_t now_ms, int64_t expires_ms, struct nferr *err);
/* When the account's newest sign-in link (not an invitation's) was made
 * into *at_ms (0: none): the rate limit of links asked for on the page. */
int store_account_link_last(struct store *s, const char *account_id,
    int64_t *at_ms, struct nferr *err);
/*
 * Use a link: it is deleted whatever happens (a link works once), and
 * account_out gets its account when it was valid at now_ms. -1 with
 * not_found when unknown or already used, expired when past its time.
 */
int store_account_link_take(struct store *s,
    const unsigned char hash[STORE_ACCOUNT_HASH_LEN], int64_t now_ms,
    char account_out[STORE_ACCOUNT_ID_MAX], struct nferr *err);

/* A session of account_id until expires_ms; records the sign-in. */
int store_account_session_add(struct store *s, const char *account_id,
    const unsigned char hash[STORE_ACCOUNT_HASH_LEN], int64_t now_ms,
    int64_t expires_ms, struct nferr *err);
/* The live session of hash at now_ms: its account, the account's
 * organisation and its end. -1 not_found when none (or expired). */
int store_account_session_get(struct store *s,
    const unsigned char hash[STORE_ACCOUNT_HASH_LEN], int64_t now_ms,
    char account_out[STORE_ACCOUNT_ID_MAX], char org_out[RECORD_ID_MAX],
    int64_t *expires_ms, struct nferr *err);
/* End one session (sign-out). 0 whether or not it existed. */
int store_account_session_end(struct store *s,
    const unsigned char hash[STORE_ACCOUNT_HASH_LEN], struct nferr *err);

/* What a sweep erased. */
struct store_accounts_swept {
	int64_t sessions;   /* expired sessions */
	int64_t links;      /* expired links */
	int64_t orphans;    /* accounts whose organisation is gone */
	int64_t unused;     /* invited, never signed in, no live link left */
	int64_t idle;       /* not signed in for idle_ms (when > 0) */
};
/* The retention sweep of accounts, sessions and links at now_ms; the
 * scrub is owed when an account went. */
int store_accounts_sweep(struct store *s, int64_t now_ms, int64_t idle_ms,
    struct store_accounts_swept *out, struct nferr *err);

#endif
