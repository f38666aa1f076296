/*
 * admin_accounts: the operator's routes for organisation accounts, behind
 * `nordfedctl account` (docs/operations.md, "Organisation accounts"):
 *
 *   POST   /api/v1/admin/accounts       {"organisation", "email"}: invite
 *                                       a representative: the account (or
 *                                       the one already there) and a
 *                                       one-time link, by e-mail through
 *                                       the relay, or returned here (and
 *                                       logged) when there is none
 *   GET    /api/v1/admin/accounts       every account, or ?organisation=
 *   DELETE /api/v1/admin/accounts/{id}  revoke: the account, its links
 *                                       and its sessions are erased
 *
 * With a relay the invitation's reply waits for the relay's answer (at
 * most MAIL_TIMEOUT_MS), so the operator learns at once whether the
 * message went; the account and its link are kept either way. The
 * address is in the request body, never in a path, a query or a log line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "accounts.h"
#include "log.h"
#include "mail.h"
#include "node.h"
#include "problem.h"

static const char *const admin_acc_no_params[] = { NULL };
static const char *const admin_acc_list_params[] = { "organisation", NULL };

struct invite {
	struct http_req *r;
	struct node *n;
	json_t *reply;          /* the account's part of the answer */
	int created;
	char account[STORE_ACCOUNT_ID_MAX];
	char by[HTTP_PRINCIPAL_MAX];
};

static void
on_invite_sent(int status, const char *why, void *arg)
{
	struct invite *iv = arg;

	if (status == 0) {
		log_info("admin: %s: invited account %s (mail sent)", iv->by,
		    iv->account);
		json_object_set_new(iv->reply, "mail", json_string("sent"));
		http_reply_json(iv->r, iv->created ? 201 : 200, iv->reply);
	} else {
		log_warn("admin: %s: invitation of account %s not sent: %s",
		    iv->by, iv->account, why);
		json_decref(iv->reply);
		problem_send(iv->r, strcmp(why, "shutdown") == 0 ?
		    "shutting_down" : "mail_failed", NULL, "the relay did not take the "
		    "invitation (%s); the account is kept: invite again for a "
		    "new link", why);
	}
	free(iv);
}

static void
h_invite(struct http_req *r, void *arg)
{
	struct node *n = arg;
	char id[STORE_ACCOUNT_ID_MAX], url[512], subject[MAIL_SUBJECT_MAX + 1],
	    text[2048], until[ENTRY_TS_LEN + 1];
	const char *org, *email, *k;
	json_t *b, *v, *acc = NULL, *reply;
	struct invite *iv;
	struct nferr err;
	int64_t exp;
	int created = 0;

	if ((b = http_body_json(r)) == NULL)
		return;
	if (!json_is_object(b)) {
		json_decref(b);
		problem_send(r, "bad_type", "", "the body is a JSON object: "
		    "{\"organisation\": ID, \"email\": ADDRESS}");
		return;
	}
	json_object_foreach(b, k, v)
		if (strcmp(k, "organisation") != 0 && strcmp(k, "email") != 0) {
			problem_send(r, "unknown_field", k,
			    "unknown field \"%.64s\" (organisation, email)", k);
			json_decref(b);
			return;
		}
	org = json_string_value(json_object_get(b, "organisation"));
	email = json_string_value(json_object_get(b, "email"));
	if (org == NULL || email == NULL) {
		problem_send(r, "missing_field", org ? "email" :
		    "organisation", "organisation (an organisation id of this "
		    "node) and email (the representative's address) are "
		    "required");
		goto out;
	}
	if (!conf_email_valid(email)) {
		problem_send(r, "bad_value", "email",
		    "email must be an e-mail address: one @, no white space, "
		    "at most 254 bytes");
		goto out;
	}
	nferr_clear(&err);
	if (store_account_add(n->store, org, email, id, &created, &err) != 0) {
		if (err.code != NULL && strcmp(err.code, "bad_value") == 0)
			problem_send(r, "bad_value", err.field + 1, "%s",
			    err.msg);
		else
			problem_reply(r, &err);
		goto out;
	}
	if (accounts_link_new(n, id, 1, url, sizeof(url), &exp, &err) != 0 ||
	    store_account_get(n->store, id, &acc, &err) != 0) {
		problem_reply(r, &err);
		goto out;
	}
	entry_ts_format(exp, until);
	reply = json_pack("{s:o, s:s}", "account", acc, "link_expires", until);
	if (!mail_enabled(n->mail)) {
		log_info("accounts: no [mail] relay: sign-in link for account %s "
		    "(organisation %s), valid until %s: %s", id, org, until, url);
		log_info("admin: %s: invited account %s (no relay: link "
		    "returned)", http_principal(r), id);
		json_object_set_new(reply, "mail", json_string("not_sent"));
		json_object_set_new(reply, "link", json_string(url));
		http_reply_json(r, created ? 201 : 200, reply);
		goto out;
	}
	{
		char plain[RECORD_ID_MAX + 300];

		accounts_org_name(n, org, plain, sizeof(plain));
		accounts_link_mail(n, plain, url, exp, 1, subject,
		    sizeof(subject), text, sizeof(text));
	}
	if ((iv = calloc(1, sizeof(*iv))) == NULL) {
		json_decref(reply);
		problem_send(r, "internal", NULL, "out of memory");
		goto out;
	}
	iv->r = r;
	iv->n = n;
	iv->reply = reply;
	iv->created = created;
	snprintf(iv->account, sizeof(iv->account), "%s", id);
	snprintf(iv->by, sizeof(iv->by), "%s", http_principal(r) ?
	    http_principal(r) : "?");
	if (mail_send(n->mail, email, subject, text, on_invite_sent, iv,
	    &err) != 0) {
		json_decref(reply);
		free(iv);
		problem_send(r, strcmp(err.code, "busy") == 0 ? "busy" :
		    "mail_failed", NULL, "the invitation could not be queued "
		    "(%s); the account is kept: invite again", err.msg);
		goto out;
	}
	http_defer(r);
out:
	sodium_memzero(url, sizeof(url));
	sodium_memzero(text, sizeof(text));
	json_decref(b);
}

static void
h_list(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const char *org = http_query(r, "organisation");
	json_t *items = NULL;
	struct nferr err;
	enum record_type t;
	char o[3];

	if (org != NULL && (record_id_parse(org, o, &t, NULL) != 0 ||
	    t != REC_ORGANISATION)) {
		problem_send(r, "bad_parameter", "organisation",
		    "organisation is an organisation id");
		return;
	}
	nferr_clear(&err);
	if (store_account_list(n->store, org, &items, &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	http_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static void
h_revoke(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const char *id = http_param(r, "id");
	char org[RECORD_ID_MAX];
	struct nferr err;
	int64_t sessions = 0;

	nferr_clear(&err);
	if (record_account_id_parse(id, NULL) != 0 ||
	    store_account_org(n->store, id, org, &err) != 0 ||
	    store_account_delete(n->store, id, &sessions, &err) != 0) {
		if (err.code == NULL || strcmp(err.code, "not_found") == 0)
			problem_send(r, "not_found", "id",
			    "no account %s on this node", id);
		else
			problem_reply(r, &err);
		return;
	}
	log_info("admin: %s: revoked account %s of %s (%lld session(s) ended)",
	    http_principal(r), id, org, (long long)sessions);
	http_reply_json(r, 200, json_pack("{s:s, s:s, s:I}", "revoked", id,
	    "organisation", org, "sessions_ended", (json_int_t)sessions));
}

static const struct http_route admin_account_routes[] = {
	{ HTTP_POST, "/api/v1/admin/accounts", h_invite, HTTP_AUTH_REQUIRED,
	  admin_acc_no_params },
	{ HTTP_GET, "/api/v1/admin/accounts", h_list, HTTP_AUTH_REQUIRED,
	  admin_acc_list_params },
	{ HTTP_DELETE, "/api/v1/admin/accounts/{id}", h_revoke,
	  HTTP_AUTH_REQUIRED, admin_acc_no_params },
};

int
admin_accounts_register(struct node *n)
{
	return http_routes_add(n->http, admin_account_routes,
	    sizeof(admin_account_routes) / sizeof(admin_account_routes[0]), n);
}
