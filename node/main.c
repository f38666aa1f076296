/*
 * nordfed-node: the national node daemon (docs/nordfed-node.8).
 *
 *   nordfed-node -c FILE        run
 *   nordfed-node -c FILE -n     check the configuration, the key, the
 *                               data directory and the peers' keys and
 *                               CA files, say "configuration OK" or name
 *                               the bad line (the node checks the same
 *                               before it starts)
 *   nordfed-node --help-config  every option with its default and bounds
 *
 * Startup failures are fatal with one clear line; after startup nothing
 * a peer or client sends can stop the node. SIGINT/SIGTERM stop it
 * cleanly: the listener closes, queued writes are committed or refused,
 * SQLite is closed. SIGPIPE is ignored.
 */
#include <errno.h>
#include <inttypes.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <event2/event.h>

#include "forward.h"
#include "log.h"
#include "node.h"
#include "mail.h"
#include "problem.h"
#include "record_schema.h"
#include "retention.h"
#include "rotate.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: nordfed-node -c FILE [-n]\n"
	    "       nordfed-node --help-config\n"
	    "       nordfed-node --schema\n"
	    "  -c FILE   configuration file (see conf/nordfed.conf.example)\n"
	    "  -n        check the configuration, key, token and CA files and\n"
	    "            the data directory, then exit\n"
	    "  --schema  print the record schema (GET /api/v1/schema) and exit\n");
}

/* --schema: the record schema the node serves, for tools and checks
 * that need it without a running node. */
static int
schema_print(FILE *f)
{
	json_t *s = record_schema_json();
	int rc;

	if (s == NULL || json_object_set_new(s, "errors",
	    problem_table_json()) != 0) {
		json_decref(s);
		return 1;
	}
	rc = json_dumpf(s, f, JSON_INDENT(1)) != 0 || fputc('\n', f) == EOF;
	json_decref(s);
	return rc;
}

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct node *n = arg;

	log_info("node: %s received, stopping", sig == SIGINT ? "SIGINT" :
	    "SIGTERM");
	event_base_loopexit(n->base, NULL);
}

static const char *
auth_token(void *arg, const char *token)
{
	struct node *n = arg;

	return conf_token_find(&n->conf, token);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "help-config", no_argument, NULL, 'H' },
		{ "schema", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	struct node n;
	struct nf_key first;
	struct nferr err;
	struct event *sigint = NULL, *sigterm = NULL;
	const char *path = NULL;
	int c, check = 0, rc = 0;
	struct timespec ts;

	while ((c = getopt_long(argc, argv, "c:nh", opts, NULL)) != -1) {
		switch (c) {
		case 'c': path = optarg; break;
		case 'n': check = 1; break;
		case 'h': usage(stdout); return 0;
		case 'H': conf_dump(stdout); return 0;
		case 'S': return schema_print(stdout);
		default: usage(stderr); return 2;
		}
	}
	if (path == NULL || optind != argc) {
		usage(stderr);
		return 2;
	}
	memset(&n, 0, sizeof(n));
	if (keys_init() != 0)
		log_fatal("node: libsodium failed to initialise");
	if (conf_load(path, &n.conf, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	log_init((enum log_level)n.conf.log_level);
	if (keys_load_seed(n.conf.key_file, &n.key, &err) != 0) {
		fprintf(stderr, "%s: key_file: %s\n", path, err.msg);
		conf_free(&n.conf);
		return 1;
	}
	for (size_t i = 0; i < n.conf.npeers; i++)
		if (strcmp(n.conf.peers[i].country, n.conf.country) == 0) {
			fprintf(stderr, "%s:%d: peer %s has this node's own "
			    "country %s\n", path, n.conf.peers[i].line,
			    n.conf.peers[i].name, n.conf.country);
			conf_free(&n.conf);
			return 1;
		}
	if (conf_check_host(&n.conf, n.key.pk, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		keys_wipe(&n.key);
		conf_free(&n.conf);
		return 1;
	}
	if (n.conf.ntokens == 0) {
		/* a node may run read-only (a mirror), but an operator who
		 * forgot the token file should hear it before the first 401 */
		if (n.conf.token_file == NULL)
			fprintf(stderr, "%s: warning: [node] has no token_file: "
			    "every write to this node's records will be refused "
			    "(401)\n", path);
		else
			fprintf(stderr, "%s: warning: token_file %s holds no "
			    "token: every write to this node's records will be "
			    "refused (401)\n", path, n.conf.token_file);
	}
	if (check) {
		printf("configuration OK\n");
		keys_wipe(&n.key);
		conf_free(&n.conf);
		return 0;
	}

	signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		log_fatal("node: libcurl failed to initialise");
	clock_gettime(CLOCK_REALTIME, &ts);
	n.started_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if ((n.base = event_base_new()) == NULL)
		log_fatal("node: cannot create the event loop");
	if (store_open(n.conf.database, n.conf.country, &n.store, &err) != 0)
		log_fatal("node: database %s: %s", n.conf.database, err.msg);
	/* key_file against the own log: finish a rotation a crash cut, refuse
	 * a key the log does not name (node/rotate.c) */
	if (rotate_startup(n.conf.key_file, n.store, n.conf.country, &n.key,
	    &first, &err) != 0)
		log_fatal("node: %s", err.msg);
	if ((n.writer = writer_new(n.store, &n.key, n.conf.country, &err)) == NULL)
		log_fatal("node: writer: %s", err.msg);
	/* the keyring starts the own origin from the key that signed its seq
	 * 1 (public key only) and follows the own key entries from there */
	if ((n.sync = sync_new(n.base, n.store, &n.conf, &first, &err)) == NULL)
		log_fatal("node: sync: %s", err.msg);
	sync_set_writer(n.sync, n.writer);
	{
		/* a key nordfedctl made fresh has signed nothing: its first
		 * start needs no peer to confirm an empty log. The marker is
		 * taken (removed, durably) now, so a later start on an empty
		 * or restored database asks the peers as usual. */
		int fresh = keys_fresh_take(n.conf.key_file, &n.key, &err);

		if (fresh < 0)
			log_warn("node: %s; this start waits for a peer before "
			    "signing", err.msg);
		else if (fresh > 0 && writer_seq(n.writer) == 0)
			sync_own_log_new(n.sync);
		else if (fresh > 0)
			log_warn("node: removed the fresh-key marker beside %s: "
			    "this node's log is not empty", n.conf.key_file);
	}
	if ((n.http = http_server_new(n.base, &n.conf)) == NULL)
		log_fatal("node: cannot create the HTTP server");
	http_set_auth(n.http, auth_token, &n);
	if ((n.mail = mail_new(n.base, &n.conf, &err)) == NULL)
		log_fatal("node: mail: %s", err.msg);
	if ((n.forward = forward_new(n.base, n.conf.country, &err)) == NULL)
		log_fatal("node: forward: %s", err.msg);
	if (api_register(&n) != 0)
		log_fatal("node: cannot register the API routes");
	if (http_server_bind(n.http, &err) != 0)
		log_fatal("node: %s", err.msg);
	/* erases personal data past its retention, now and on a timer */
	if ((n.retention = retention_new(&n, &err)) == NULL)
		log_fatal("node: retention: %s", err.msg);
	sigint = evsignal_new(n.base, SIGINT, on_signal, &n);
	sigterm = evsignal_new(n.base, SIGTERM, on_signal, &n);
	if (sigint == NULL || sigterm == NULL || event_add(sigint, NULL) != 0 ||
	    event_add(sigterm, NULL) != 0)
		log_fatal("node: cannot install signal handlers");
	{
		uint64_t seq = writer_seq(n.writer);

		log_info("node: %s node %s listening on %s:%d, key %s, log at seq %"
		    PRIu64 ", %zu peers", n.conf.country, NORDFED_VERSION,
		    n.conf.listen, http_server_port(n.http), n.key.id, seq,
		    n.conf.npeers);
	}
	sync_start(n.sync);
	if (event_base_dispatch(n.base) < 0) {
		log_error("node: event loop failed");
		rc = 1;
	}

	/* orderly stop: queued writes committed and answered, then the
	 * listener and connections closed */
	if (writer_pending(n.writer) > 0 && writer_flush(n.writer, &err) != 0)
		log_error("node: final commit failed: %s", err.msg);
	writer_free(n.writer);
	/* invitations waiting for the relay are answered while the server
	 * still holds their requests */
	mail_free(n.mail);
	forward_free(n.forward);
	http_server_free(n.http);
	sync_free(n.sync);
	if (n.flush_ev)
		event_free(n.flush_ev);
	retention_free(n.retention);
	event_free(sigint);
	event_free(sigterm);
	store_close(n.store);
	event_base_free(n.base);
	curl_global_cleanup();
	keys_wipe(&n.key);
	conf_free(&n.conf);
	log_info("node: stopped");
	return rc;
}
