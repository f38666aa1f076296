/*
 * ctl_person: `nordfedctl person`, access and erasure requests about one
 * person (docs/operations.md, "Personal data"). A client of the node's
 * admin routes (node/admin_persons.c); needs a token.
 *
 *   person find --email ADDRESS     what the node holds about the address,
 *                                   briefly (exit 1 when nothing)
 *   person export --email ADDRESS   all of it as one JSON document, with
 *                                   what each kind is for, who sees it and
 *                                   how long it is kept, to standard output
 *                                   or --output FILE (created mode 0600,
 *                                   never overwritten)
 *   person erase --email ADDRESS    erase all of it, and have the node take
 *                                   it out of its WAL (exit 1 when that is
 *                                   not done yet: run it again)
 *
 * --email - reads the address from standard input (one line), so that it
 * stays out of shell history and the process list. The address goes to
 * the node in a request body, never in a URL. Every answer carries the
 * node's reference for the request, which the node's log line shares.
 *
 * Exit codes: 0 done (find: something is held); 1 find held nothing,
 * erase left the WAL unscrubbed; 2 usage, or the node refused the
 * address; 3 the node cannot be reached or refused the token.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"

#define EMAIL_MAX 254

struct person_opts {
	const char *email;
	const char *output;
};

static int
person_take(void *arg, int opt, const char *val)
{
	struct person_opts *po = arg;

	if (opt == 'e')
		po->email = val;
	else if (opt == 'o')
		po->output = val;
	else
		return -1;
	return 0;
}

/* The address from --email, or one line of standard input for "-"; 0 or
 * CTL_USAGE after a message. */
static int
get_email(const struct person_opts *po, char out[EMAIL_MAX + 2])
{
	size_t n;

	if (po->email == NULL) {
		ctl_warn("--email ADDRESS is required (- reads it from standard "
		    "input)");
		return CTL_USAGE;
	}
	if (strcmp(po->email, "-") == 0) {
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
		if (strlen(po->email) > EMAIL_MAX) {
			ctl_warn("--email: longer than %d bytes", EMAIL_MAX);
			return CTL_USAGE;
		}
		snprintf(out, EMAIL_MAX + 2, "%s", po->email);
	}
	if (strchr(out, '@') == NULL) {
		ctl_warn("--email: not an e-mail address");
		return CTL_USAGE;
	}
	return 0;
}

/* POST {"email"} to the admin route of action: CTL_OK with *out, or an
 * exit code after a message. */
static int
ask(struct ctl *c, const char *action, const char *email, json_t **out)
{
	char path[64], msg[600], *body;
	struct ctl_resp r = { 0 };
	json_t *req;
	int rc;

	*out = NULL;
	if ((rc = ctl_token(c)) != CTL_OK)
		return rc;
	req = json_pack("{s:s}", "email", email);
	body = req ? json_dumps(req, JSON_COMPACT) : NULL;
	json_decref(req);
	if (body == NULL)
		return CTL_IO;
	snprintf(path, sizeof(path), "/api/v1/admin/persons/%s", action);
	rc = ctl_http(c, "POST", path, body, strlen(body), "application/json",
	    1, &r);
	free(body);
	if (rc != 0) {
		ctl_warn("cannot reach %s: %s", c->url, r.error);
		return CTL_IO;
	}
	if (r.status != 200) {
		ctl_warn("the node refused the %s: HTTP %ld: %s", action,
		    r.status, ctl_problem_text(&r, msg, sizeof(msg)));
		rc = r.status == 422 || r.status == 400 ? CTL_USAGE : CTL_IO;
		ctl_resp_free(&r);
		return rc;
	}
	*out = json_loadb(r.body, r.len, 0, NULL);
	ctl_resp_free(&r);
	if (*out == NULL) {
		ctl_warn("the node's answer is not JSON");
		return CTL_IO;
	}
	return CTL_OK;
}

static int
person_find(struct ctl *c, const char *email)
{
	json_t *out, *recs, *it;
	json_int_t n;
	size_t i;
	int rc;

	if ((rc = ask(c, "find", email, &out)) != CTL_OK)
		return rc;
	n = ctl_jint(out, "count");
	rc = n > 0 ? CTL_OK : CTL_NOTOK;
	if (c->json) {
		ctl_print_json(out);
		return rc;
	}
	printf("%s holds %lld record%s about this address (reference %s)\n",
	    ctl_jstr(out, "node") ? ctl_jstr(out, "node") : "?", (long long)n,
	    n == 1 ? "" : "s", ctl_jstr(out, "reference") ?
	    ctl_jstr(out, "reference") : "?");
	recs = json_object_get(out, "records");
	json_array_foreach(recs, i, it) {
		const char *on = ctl_jstr(it, "organisation_name");

		printf("  %-15s %-36s %s, of %s (%s)%s%s%s\n", ctl_jstr(it, "kind") ?
		    ctl_jstr(it, "kind") : "?", ctl_jstr(it, "id") ?
		    ctl_jstr(it, "id") : "?", ctl_jstr(it, "name") ?
		    ctl_jstr(it, "name") : "-", on ? on : "?",
		    ctl_jstr(it, "organisation") ? ctl_jstr(it,
		    "organisation") : "?", json_is_true(json_object_get(it,
		    "public")) ? ", public" : "", ctl_jstr(it, "meeting") ?
		    ", for " : "", ctl_jstr(it, "meeting") ? ctl_jstr(it,
		    "meeting") : "");
	}
	if (n > 0)
		printf("answer an access request with: nordfedctl person export "
		    "--email ADDRESS --output FILE\n");
	json_decref(out);
	return rc;
}

static int
person_export(struct ctl *c, const char *email, const char *output)
{
	json_t *out;
	char *text;
	FILE *f = stdout;
	int rc, fd = -1;

	if ((rc = ask(c, "export", email, &out)) != CTL_OK)
		return rc;
	text = json_dumps(out, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(out);
	if (text == NULL)
		return CTL_IO;
	if (output != NULL) {
		/* personal data: only the operator reads the file */
		fd = open(output, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
			ctl_warn("%s: %s%s", output, strerror(errno),
			    errno == EEXIST ? " (never overwritten)" : "");
			if (fd >= 0)
				close(fd);
			free(text);
			return CTL_IO;
		}
	}
	rc = fputs(text, f) < 0 || fputc('\n', f) == EOF ? CTL_IO : CTL_OK;
	free(text);
	if (f != stdout && fclose(f) != 0)
		rc = CTL_IO;
	if (rc != CTL_OK)
		ctl_warn("%s: cannot write the export", output ? output :
		    "standard output");
	else if (output != NULL && !c->json)
		fprintf(stderr, "nordfedctl: the export is in %s (mode 0600)\n",
		    output);
	return rc;
}

static int
person_erase(struct ctl *c, const char *email)
{
	json_t *out;
	json_int_t n;
	int rc, scrubbed;

	if ((rc = ask(c, "erase", email, &out)) != CTL_OK)
		return rc;
	n = ctl_jint(out, "erased");
	scrubbed = json_is_true(json_object_get(out, "scrubbed"));
	rc = scrubbed ? CTL_OK : CTL_NOTOK;
	if (c->json) {
		ctl_print_json(out);
		return rc;
	}
	printf("%s erased %lld record%s about this address (reference %s)\n",
	    ctl_jstr(out, "node") ? ctl_jstr(out, "node") : "?", (long long)n,
	    n == 1 ? "" : "s", ctl_jstr(out, "reference") ?
	    ctl_jstr(out, "reference") : "?");
	if (scrubbed)
		printf("the database's files hold none of it any more (WAL "
		    "checkpointed and truncated); backups made before now "
		    "still do\n");
	else
		printf("the WAL still holds erased bytes: another process "
		    "reads the database; run this again when it is done\n");
	json_decref(out);
	return rc;
}

int
ctl_cmd_person(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "email", required_argument, NULL, 'e' },
		{ "output", required_argument, NULL, 'o' },
	};
	struct person_opts po = { NULL, NULL };
	char email[EMAIL_MAX + 2];
	const char *action;
	struct ctl c;
	int rc;

	ctl_init(&c);
	if (ctl_want_help(argc, argv, "person"))
		return CTL_OK;
	if ((rc = ctl_parse_opts(&c, argc, argv, "person", "c:", extra, 2,
	    person_take, &po)) != CTL_OK)
		goto done;
	action = optind + 1 == argc ? argv[optind] : "";
	if (strcmp(action, "find") != 0 && strcmp(action, "export") != 0 &&
	    strcmp(action, "erase") != 0) {
		rc = ctl_usage_error("person");
		goto done;
	}
	if (po.output != NULL && strcmp(action, "export") != 0) {
		ctl_warn("--output goes with export");
		rc = ctl_usage_error("person");
		goto done;
	}
	if ((rc = get_email(&po, email)) != 0)
		goto done;
	if (strcmp(action, "find") == 0)
		rc = person_find(&c, email);
	else if (strcmp(action, "export") == 0)
		rc = person_export(&c, email, po.output);
	else
		rc = person_erase(&c, email);
done:
	ctl_free(&c);
	return rc;
}
