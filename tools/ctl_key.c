/*
 * ctl_key: `nordfedctl key`, the node's own signing key
 * (docs/operations.md, "Key rotation").
 *
 *   key show     the key the node signs with and its history, from
 *                GET /api/v1/node: the first key (the one peers pin) and
 *                one key per rotation, each with the seqs it signs
 *   key rotate   POST /api/v1/admin/key/rotate: the node writes the key
 *                entry signed by its current key, replaces its key file
 *                and signs with the new key from the next entry on. The
 *                new key is made by the node (default), or read by the
 *                node from --new-key FILE on its own machine.
 *
 * Exit codes: 0 done; 1 the node failed to rotate (nothing changed, or
 * the key file could not be replaced: see the message); 2 usage, or the
 * node refused the request (same key, a retired key, a bad key file);
 * 3 the node cannot be reached, or the token is refused.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"

struct key_opts {
	const char *new_key;
};

static int
key_take(void *arg, int opt, const char *val)
{
	struct key_opts *ko = arg;

	if (opt != 'n')
		return -1;
	ko->new_key = val;
	return 0;
}

static const char *
jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static int
key_show(struct ctl *c)
{
	json_t *node = NULL, *keys, *k, *first;
	size_t i;
	int rc;

	if ((rc = ctl_get_json(c, "/api/v1/node", &node, 0)) != CTL_OK)
		return rc;
	keys = json_object_get(node, "keys");
	if (!json_is_array(keys) || json_array_size(keys) == 0) {
		ctl_warn("%s does not report its key history (an older node?)",
		    c->url);
		json_decref(node);
		return CTL_IO;
	}
	first = json_array_get(keys, 0);
	if (c->json) {
		ctl_print_json(json_pack("{s:s, s:s, s:s, s:s, s:O}", "country",
		    jstr(node, "country"), "key_id", jstr(node, "key_id"),
		    "public_key", jstr(node, "public_key"), "pinned_key",
		    jstr(first, "public_key"), "keys", keys));
		json_decref(node);
		return CTL_OK;
	}
	printf("%s%s%s signs with key %s\n", ctl_c(c, "bold"),
	    jstr(node, "country"), ctl_c(c, "off"), jstr(node, "key_id"));
	printf("  %-16s %10s %10s  %-43s\n", "KEY ID", "FROM SEQ", "UNTIL SEQ",
	    "PUBLIC KEY");
	json_array_foreach(keys, i, k) {
		json_t *u = json_object_get(k, "until_seq");
		char until[24];

		if (json_is_integer(u))
			snprintf(until, sizeof(until), "%lld",
			    (long long)json_integer_value(u));
		else
			snprintf(until, sizeof(until), "-");
		printf("  %-16s %10lld %10s  %-43s%s\n", jstr(k, "key_id"),
		    (long long)json_integer_value(json_object_get(k,
		    "from_seq")), until, jstr(k, "public_key"),
		    i == 0 ? "  (peers pin this)" : json_is_null(u) ?
		    "  (signs now)" : "");
	}
	printf("peers pin the first key: public_key = %s\n"
	    "(a node that joins later pins it too: the log's key entries lead "
	    "it to the key that signs now)\n", jstr(first, "public_key"));
	json_decref(node);
	return CTL_OK;
}

static int
key_rotate(struct ctl *c, const struct key_opts *ko)
{
	char abs[PATH_MAX + 1], msg[600], *body;
	struct ctl_resp r = { 0 };
	json_t *req, *out;
	int rc;

	req = json_object();
	if (ko->new_key != NULL) {
		if (ko->new_key[0] == '/') {
			snprintf(abs, sizeof(abs), "%s", ko->new_key);
		} else if (realpath(ko->new_key, abs) == NULL) {
			ctl_warn("--new-key %s: %s (give the absolute path of a "
			    "key file on the node's machine)", ko->new_key,
			    strerror(errno));
			json_decref(req);
			return CTL_USAGE;
		}
		json_object_set_new(req, "new_key_file", json_string(abs));
	}
	if ((rc = ctl_token(c)) != CTL_OK) {
		json_decref(req);
		return rc;
	}
	body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (body == NULL)
		return CTL_IO;
	if (ctl_http(c, "POST", "/api/v1/admin/key/rotate", body, strlen(body),
	    "application/json", 1, &r) != 0) {
		ctl_warn("cannot reach %s: %s", c->url, r.error);
		free(body);
		return CTL_IO;
	}
	free(body);
	if (r.status != 200) {
		ctl_warn("the node did not rotate its key: HTTP %ld: %s",
		    r.status, ctl_problem_text(&r, msg, sizeof(msg)));
		rc = r.status == 401 || r.status == 403 ? CTL_IO :
		    r.status >= 500 ? CTL_NOTOK : CTL_USAGE;
		ctl_resp_free(&r);
		return rc;
	}
	out = json_loadb(r.body, r.len, 0, NULL);
	ctl_resp_free(&r);
	if (out == NULL) {
		ctl_warn("the node's answer is not JSON");
		return CTL_IO;
	}
	rc = json_is_true(json_object_get(out, "key_file_replaced")) ? CTL_OK :
	    CTL_NOTOK;
	if (c->json) {
		ctl_print_json(out);
		return rc;
	}
	printf("%s rotated its key at seq %lld: key %s signs up to it, key %s "
	    "from seq %lld on\n", jstr(out, "origin"),
	    (long long)json_integer_value(json_object_get(out, "seq")),
	    jstr(out, "previous_key_id"), jstr(out, "key_id"),
	    (long long)json_integer_value(json_object_get(out, "seq")) + 1);
	printf("  public_key = %s\n", jstr(out, "public_key"));
	if (rc == CTL_OK)
		printf("  %s holds the new seed; the old seed was %s\n",
		    jstr(out, "key_file"), strcmp(jstr(out, "old_seed"),
		    "overwritten") == 0 ? "overwritten" : "unlinked (another "
		    "link to the old key file keeps it: remove it)");
	else
		printf("  %s could NOT be replaced (the node's log says why); "
		    "the node signs with the new key and puts it in place at its "
		    "next start\n", jstr(out, "key_file"));
	printf("peers learn the new key from the key entry: nothing to change "
	    "in their configuration. Back up the new key file now; an older "
	    "backup of it no longer signs.\n");
	json_decref(out);
	return rc;
}

int
ctl_cmd_key(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "new-key", required_argument, NULL, 'n' },
	};
	struct key_opts ko = { NULL };
	struct ctl c;
	int rc;

	ctl_init(&c);
	if (ctl_want_help(argc, argv, "key"))
		return CTL_OK;
	if ((rc = ctl_parse_opts(&c, argc, argv, "key", "c:", extra, 1, key_take,
	    &ko)) != CTL_OK)
		goto done;
	if (optind + 1 == argc && strcmp(argv[optind], "show") == 0 &&
	    ko.new_key == NULL) {
		rc = key_show(&c);
	} else if (optind + 1 == argc && strcmp(argv[optind], "rotate") == 0) {
		rc = key_rotate(&c, &ko);
	} else {
		fprintf(stderr, "usage: nordfedctl %s\n", ctl_usage("key"));
		rc = CTL_USAGE;
	}
done:
	ctl_free(&c);
	return rc;
}
