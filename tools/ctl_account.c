/*
 * ctl_account: `nordfedctl account`, organisation accounts
 * (docs/operations.md, "Organisation accounts"). A client of the node's
 * admin routes (node/admin_accounts.c); needs the operator's token.
 *
 *   account invite --org ID --email ADDRESS   an account of the
 *                          organisation for the address and a one-time
 *                          sign-in link: e-mailed by the node's relay,
 *                          or, when the node has none, printed here
 *   account list [--org ID]                   the accounts, their last
 *                          sign-in and live sessions
 *   account revoke ID                         erase the account: its
 *                          sessions end at once, its links stop working
 *
 * --email - reads the address from standard input (one line), so that it
 * stays out of shell history and the process list; it goes to the node in
 * a request body, never in a URL.
 *
 * Exit codes: 0 done; 1 the relay did not take the invitation (the
 * account is kept: invite again); 2 usage, or the node refused the
 * request; 3 the node cannot be reached or refused the token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

#define EMAIL_MAX 254

struct account_opts {
	const char *org;
	const char *email;
};

static int
account_take(void *arg, int opt, const char *val)
{
	struct account_opts *ao = arg;

	if (opt == 'o')
		ao->org = val;
	else if (opt == 'e')
		ao->email = val;
	else
		return -1;
	return 0;
}

/* A request to an admin route: CTL_OK with *out (may be NULL for an empty
 * body) and *status, or an exit code after a message. */
static int
ask(struct ctl *c, const char *method, const char *path, json_t *req,
    const char *what, json_t **out, long *status)
{
	struct ctl_resp r = { 0 };
	char msg[600], *body = NULL;
	int rc;

	*out = NULL;
	*status = 0;
	if ((rc = ctl_token(c)) != CTL_OK)
		return rc;
	if (req != NULL && (body = json_dumps(req, JSON_COMPACT)) == NULL)
		return CTL_IO;
	rc = ctl_http(c, method, path, body, body ? strlen(body) : 0,
	    body ? "application/json" : NULL, 1, &r);
	if (body != NULL) {
		memset(body, 0, strlen(body));   /* it may hold the address */
		free(body);
	}
	if (rc != 0) {
		ctl_warn("cannot reach %s: %s", c->url, r.error);
		return CTL_IO;
	}
	*status = r.status;
	if (r.status < 200 || r.status > 299) {
		ctl_warn("%s: HTTP %ld: %s", what, r.status,
		    ctl_problem_text(&r, msg, sizeof(msg)));
		rc = r.status == 502 ? CTL_NOTOK : r.status == 401 ||
		    r.status >= 500 ? CTL_IO : CTL_USAGE;
		ctl_resp_free(&r);
		return rc;
	}
	if (r.len > 0 && (*out = json_loadb(r.body, r.len, 0, NULL)) == NULL) {
		ctl_resp_free(&r);
		ctl_warn("the node's answer is not JSON");
		return CTL_IO;
	}
	ctl_resp_free(&r);
	return CTL_OK;
}

static int
get_email(const char *arg, char out[EMAIL_MAX + 2])
{
	size_t n;

	if (arg == NULL) {
		ctl_warn("--email ADDRESS is required (- reads it from standard "
		    "input)");
		return CTL_USAGE;
	}
	if (strcmp(arg, "-") == 0) {
		if (fgets(out, EMAIL_MAX + 2, stdin) == NULL) {
			ctl_warn("--email -: nothing on standard input");
			return CTL_USAGE;
		}
		n = strcspn(out, "\r\n");
		if (out[n] == '\0' && !feof(stdin)) {
			ctl_warn("--email -: longer than %d bytes", EMAIL_MAX);
			return CTL_USAGE;
		}
		out[n] = '\0';
	} else {
		if (strlen(arg) > EMAIL_MAX) {
			ctl_warn("--email: longer than %d bytes", EMAIL_MAX);
			return CTL_USAGE;
		}
		snprintf(out, EMAIL_MAX + 2, "%s", arg);
	}
	if (strchr(out, '@') == NULL) {
		ctl_warn("--email: not an e-mail address");
		return CTL_USAGE;
	}
	return CTL_OK;
}

static int
account_invite(struct ctl *c, const struct account_opts *ao)
{
	char email[EMAIL_MAX + 2];
	json_t *req, *out = NULL, *acc;
	const char *mail;
	long status;
	int rc;

	if (ao->org == NULL) {
		ctl_warn("--org ID is required: the organisation (of this node) "
		    "the account acts for");
		return CTL_USAGE;
	}
	if ((rc = get_email(ao->email, email)) != CTL_OK)
		return rc;
	req = json_pack("{s:s, s:s}", "organisation", ao->org, "email", email);
	memset(email, 0, sizeof(email));
	if (req == NULL)
		return CTL_IO;
	rc = ask(c, "POST", "/api/v1/admin/accounts", req, "the invitation",
	    &out, &status);
	json_decref(req);
	if (rc != CTL_OK)
		return rc;
	if (c->json) {
		ctl_print_json(out);    /* takes out */
		return CTL_OK;
	}
	acc = json_object_get(out, "account");
	mail = ctl_jstr(out, "mail");
	printf("%s account %s of %s\n", status == 201 ? "new" : "existing",
	    ctl_jstr(acc, "id") ? ctl_jstr(acc, "id") : "?",
	    ctl_jstr(acc, "organisation") ? ctl_jstr(acc, "organisation") :
	    "?");
	if (mail != NULL && strcmp(mail, "sent") == 0)
		printf("the sign-in link went by e-mail; it works once, until "
		    "%s\n", ctl_jstr(out, "link_expires") ? ctl_jstr(out,
		    "link_expires") : "?");
	else
		printf("the node has no [mail] relay: hand this sign-in link to "
		    "the person yourself (it works once, until %s):\n%s\n",
		    ctl_jstr(out, "link_expires") ? ctl_jstr(out,
		    "link_expires") : "?", ctl_jstr(out, "link") ?
		    ctl_jstr(out, "link") : "?");
	json_decref(out);
	return CTL_OK;
}

static int
account_list(struct ctl *c, const struct account_opts *ao)
{
	char path[256];
	json_t *out = NULL, *it;
	long status;
	size_t i;
	int rc;

	if (ao->org != NULL && strspn(ao->org,
	    "abcdefghijklmnopqrstuvwxyz:0123456789ABCDEFGHJKMNPQRSTVWXYZ") !=
	    strlen(ao->org)) {
		ctl_warn("--org: not an organisation id");
		return CTL_USAGE;
	}
	snprintf(path, sizeof(path), "/api/v1/admin/accounts%s%s",
	    ao->org ? "?organisation=" : "", ao->org ? ao->org : "");
	if ((rc = ask(c, "GET", path, NULL, "the list", &out, &status)) !=
	    CTL_OK)
		return rc;
	if (c->json) {
		ctl_print_json(out);    /* takes out */
		return CTL_OK;
	}
	json_array_foreach(json_object_get(out, "items"), i, it)
		printf("%-34s %-36s %-40s signed in %s, %lld session%s\n",
		    ctl_jstr(it, "id") ? ctl_jstr(it, "id") : "?",
		    ctl_jstr(it, "organisation") ? ctl_jstr(it,
		    "organisation") : "?", ctl_jstr(it, "email") ?
		    ctl_jstr(it, "email") : "?", ctl_jstr(it, "signed_in") ?
		    ctl_jstr(it, "signed_in") : "never",
		    (long long)ctl_jint(it, "sessions"),
		    ctl_jint(it, "sessions") == 1 ? "" : "s");
	if (json_array_size(json_object_get(out, "items")) == 0)
		printf("no accounts\n");
	json_decref(out);
	return CTL_OK;
}

static int
account_revoke(struct ctl *c, const char *id)
{
	char path[128];
	json_t *out = NULL;
	long status;
	int rc;

	if (strlen(id) != 34 || strncmp(id + 2, ":acct:", 6) != 0) {
		ctl_warn("%s is not an account id (cc:acct: and 26 characters)",
		    id);
		return CTL_USAGE;
	}
	snprintf(path, sizeof(path), "/api/v1/admin/accounts/%s", id);
	if ((rc = ask(c, "DELETE", path, NULL, "the revocation", &out,
	    &status)) != CTL_OK)
		return rc;
	if (c->json) {
		ctl_print_json(out);    /* takes out */
		return CTL_OK;
	}
	printf("revoked %s: the account is erased, %lld session%s ended\n", id,
	    (long long)ctl_jint(out, "sessions_ended"),
	    ctl_jint(out, "sessions_ended") == 1 ? "" : "s");
	json_decref(out);
	return CTL_OK;
}

int
ctl_cmd_account(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "email", required_argument, NULL, 'e' },
	};
	struct account_opts ao = { NULL, NULL };
	const char *action;
	struct ctl c;
	int rc;

	ctl_init(&c);
	if (ctl_want_help(argc, argv, "account"))
		return CTL_OK;
	if ((rc = ctl_parse_opts(&c, argc, argv, "account", "c:", extra, 2,
	    account_take, &ao)) != CTL_OK)
		goto done;
	action = optind < argc ? argv[optind] : "";
	if (strcmp(action, "invite") == 0 && optind + 1 == argc)
		rc = account_invite(&c, &ao);
	else if (strcmp(action, "list") == 0 && optind + 1 == argc &&
	    ao.email == NULL)
		rc = account_list(&c, &ao);
	else if (strcmp(action, "revoke") == 0 && optind + 2 == argc &&
	    ao.email == NULL && ao.org == NULL)
		rc = account_revoke(&c, argv[optind + 1]);
	else
		rc = ctl_usage_error("account");
done:
	ctl_free(&c);
	return rc;
}
