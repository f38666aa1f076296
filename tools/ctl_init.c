/*
 * ctl_init: `nordfedctl init`, one command that sets a new node up.
 *
 *   nordfedctl init -c FILE --country CC --listen HOST:PORT --data-dir DIR
 *                   [--url PUBLIC_URL] [--json]
 *
 * creates, in this order, and nothing else:
 *   DIR, when it is missing (one level, mode 0750),
 *   DIR/node.key    the Ed25519 seed (mode 0600),
 *   DIR/tokens      one "admin TOKEN" line, a random 43-character token
 *                   (mode 0600; the line format of the node's token_file),
 *   the directory of FILE, when it is missing (one level, mode 0755),
 *   FILE            a commented configuration: the node's options with
 *                   the values given, data_dir DIR (the database goes
 *                   there), key_file and token_file, and where peers go.
 * It then prints the "public_key = ..." line for the peers' operators and
 * the admin token, the only time the token is shown.
 *
 * Every argument is checked before anything is created (exit 2), and
 * nothing that exists is overwritten: an existing FILE, key, token file or
 * database is named and nothing is changed (exit 1). When a step fails,
 * what this run created is removed again, newest first, so a failed init
 * leaves nothing behind (exit 3). Run as root with an existing DIR owned by
 * another user (the package's nordfed user), the key and token file are
 * given to that user, the one the node runs as.
 *
 * Ownership: everything is on the stack; the key is wiped before return.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "ctl.h"
#include "keys.h"

#define INIT_TOKEN_BYTES 32     /* 43 base64url characters */
#define INIT_TOKEN_NAME  "admin"
#define INIT_URL_MAX     255    /* as the node's URL options */

struct init_args {
	const char *config;
	char country[RECORD_ORIGIN_SIZE];
	char host[INET6_ADDRSTRLEN];
	int port;
	const char *data_dir;
	const char *url;        /* NULL: not given */
	int json;
};

/* What this run created, for the report and for the cleanup. */
struct init_made {
	char conf_dir[CTL_PATH_MAX];    /* absolute */
	char data_dir[CTL_PATH_MAX];    /* absolute */
	char config[CTL_PATH_MAX];
	char key[CTL_PATH_MAX];
	char tokens[CTL_PATH_MAX];
	char database[CTL_PATH_MAX];
	int made_conf_dir, made_data_dir, made_key, made_tokens, made_config;
	int made_fresh;                 /* the key's fresh-key marker */
};

/* ---- checking the arguments ------------------------------------------- */

/* "127.0.0.1:8470" or "[::1]:8470": a numeric address and a port. */
static int
parse_listen(const char *v, struct init_args *a)
{
	unsigned char buf[sizeof(struct in6_addr)];
	const char *colon, *h = v;
	size_t hl;
	uint64_t port;

	if (v[0] == '[') {
		const char *end = strchr(v, ']');

		if (end == NULL || end[1] != ':')
			return -1;
		h = v + 1;
		hl = (size_t)(end - h);
		colon = end + 1;
	} else {
		colon = strrchr(v, ':');
		if (colon == NULL || memchr(v, ':', (size_t)(colon - v)) != NULL)
			return -1;
		hl = (size_t)(colon - v);
	}
	if (hl == 0 || hl >= sizeof(a->host))
		return -1;
	memcpy(a->host, h, hl);
	a->host[hl] = '\0';
	if (v[0] == '[' ? inet_pton(AF_INET6, a->host, buf) != 1 :
	                  inet_pton(AF_INET, a->host, buf) != 1)
		return -1;
	if (ctl_parse_u64(colon + 1, 1, 65535, &port) != 0)
		return -1;
	a->port = (int)port;
	return 0;
}

/* http(s)://host[:port][/]: host a name, an IPv4 address or [IPv6]; no
 * user, path, query or fragment (the node's rule for URL options). */
static int
check_url(const char *v)
{
	const char *p;
	size_t n = strlen(v);

	if (n > INIT_URL_MAX)
		return -1;
	if (strncmp(v, "https://", 8) == 0)
		p = v + 8;
	else if (strncmp(v, "http://", 7) == 0)
		p = v + 7;
	else
		return -1;
	if (*p == '[') {
		char a6[INET6_ADDRSTRLEN];
		unsigned char b[sizeof(struct in6_addr)];
		const char *e = strchr(p, ']');

		if (e == NULL || (size_t)(e - p - 1) >= sizeof(a6))
			return -1;
		memcpy(a6, p + 1, (size_t)(e - p - 1));
		a6[e - p - 1] = '\0';
		if (inet_pton(AF_INET6, a6, b) != 1)
			return -1;
		p = e + 1;
	} else {
		const char *h = p;

		while (isalnum((unsigned char)*p) || *p == '.' || *p == '-')
			p++;
		if (p == h)
			return -1;
	}
	if (*p == ':') {
		const char *d = ++p;
		uint64_t port;
		char num[8];

		while (isdigit((unsigned char)*p))
			p++;
		if (p == d || (size_t)(p - d) >= sizeof(num))
			return -1;
		memcpy(num, d, (size_t)(p - d));
		num[p - d] = '\0';
		if (ctl_parse_u64(num, 1, 65535, &port) != 0)
			return -1;
	}
	if (*p == '/')
		p++;
	return *p == '\0' ? 0 : -1;
}

/* An absolute form of path (against the working directory), without
 * trailing slashes. 0, or -1 when it does not fit. */
static int
abs_path(const char *path, char *out, size_t len)
{
	char cwd[PATH_MAX];
	size_t l;
	int n;

	if (path[0] == '/')
		n = snprintf(out, len, "%s", path);
	else if (getcwd(cwd, sizeof(cwd)) == NULL)
		return -1;
	else
		n = snprintf(out, len, "%s/%s", strcmp(cwd, "/") ? cwd : "",
		    path);
	if (n < 0 || (size_t)n >= len)
		return -1;
	l = strlen(out);
	while (l > 1 && out[l - 1] == '/')
		out[--l] = '\0';
	return 0;
}

static void
parent_of(const char *path, char *out, size_t len)
{
	const char *s = strrchr(path, '/');

	if (s == NULL || s == path)
		snprintf(out, len, "/");
	else
		snprintf(out, len, "%.*s", (int)(s - path), path);
}

/* ---- creating --------------------------------------------------------- */

/* Remove what this run created, newest first. */
static void
undo(const struct init_made *m)
{
	if (m->made_config)
		unlink(m->config);
	if (m->made_tokens)
		unlink(m->tokens);
	if (m->made_fresh) {
		char f[CTL_PATH_MAX + sizeof(KEYS_FRESH_SUFFIX)];

		snprintf(f, sizeof(f), "%s" KEYS_FRESH_SUFFIX, m->key);
		unlink(f);
	}
	if (m->made_key)
		unlink(m->key);
	if (m->made_data_dir)
		rmdir(m->data_dir);
	if (m->made_conf_dir)
		rmdir(m->conf_dir);
}

/* A directory that must exist: made (one level) when missing. 0, or -1
 * with a message. */
static int
ensure_dir(const char *dir, mode_t mode, const char *what, int *made)
{
	struct stat st;

	*made = 0;
	if (stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		ctl_warn("%s %s exists and is not a directory", what, dir);
		return -1;
	}
	if (errno != ENOENT || mkdir(dir, mode) != 0) {
		ctl_warn("cannot create the %s %s: %s", what, dir,
		    strerror(errno));
		return -1;
	}
	*made = 1;
	if (chmod(dir, mode) != 0) {	/* whatever the umask */
		ctl_warn("cannot set the mode of %s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Write text to a new file (never an existing one) with mode; fsync'd.
 * 0, or -1 with a message and nothing left behind. */
static int
write_new(const char *path, mode_t mode, const char *text, int *made)
{
	size_t len = strlen(text), off = 0;
	int fd;

	*made = 0;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    mode);
	if (fd < 0) {
		ctl_warn("cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	*made = 1;
	if (fchmod(fd, mode) != 0)
		goto fail;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		off += (size_t)n;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	ctl_warn("cannot write %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

/* The configuration text, into buf. 0, or -1 when it does not fit. */
static int
conf_text(char *buf, size_t len, const struct init_args *a,
    const struct init_made *m, const char *pk)
{
	char now[32], url_line[INIT_URL_MAX + 32];
	time_t t = time(NULL);
	struct tm tm;
	int n;

	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (a->url != NULL) {
		size_t ul = strlen(a->url);

		if (ul > 0 && a->url[ul - 1] == '/')
			ul--;
		snprintf(url_line, sizeof(url_line), "public_url = %.*s",
		    (int)ul, a->url);
	} else {
		snprintf(url_line, sizeof(url_line),
		    "#public_url = https://nordfed.example.org");
	}
	n = snprintf(buf, len,
	    "# nordfed-node configuration of the %s node,\n"
	    "# written by 'nordfedctl init' on %s.\n"
	    "# Check it with\n"
	    "#     nordfed-node -c %s -n\n"
	    "# Every option: docs/configuration.md, or "
	    "'nordfed-node --help-config'.\n"
	    "# Relative paths are taken in the directory of this file.\n"
	    "\n"
	    "[node]\n"
	    "# The country this node serves: it owns, signs and publishes "
	    "that country's\n"
	    "# records.\n"
	    "country = %s\n"
	    "\n"
	    "# Where the HTTP API listens. Keep it on loopback behind a TLS "
	    "reverse proxy\n"
	    "# to publish it (docs/operations.md, \"TLS\").\n"
	    "listen = %s\n"
	    "port = %d\n"
	    "\n"
	    "# The node's public base URL, at the TLS proxy: the links it "
	    "serves use it.\n"
	    "%s\n"
	    "\n"
	    "# The node's state: the database (nordfed.db) is created here on "
	    "first start.\n"
	    "data_dir = %s\n"
	    "#database = nordfed.db\n"
	    "\n"
	    "# The node's Ed25519 secret key (mode 0600). Its public key, "
	    "for the peers'\n"
	    "# operators ('nordfedctl pubkey %s' prints it again):\n"
	    "#     public_key = %s\n"
	    "key_file = %s\n"
	    "\n"
	    "# Bearer tokens allowed to write, one \"name token\" line each "
	    "(mode 0600).\n"
	    "# init wrote one, \"" INIT_TOKEN_NAME "\"; give every client "
	    "its own (e.g. from\n"
	    "# openssl rand -base64 32) and restart the node after a "
	    "change.\n"
	    "token_file = %s\n"
	    "\n"
	    "#log_level = info\n"
	    "\n"
	    "# ---- peers "
	    "------------------------------------------------------------\n"
	    "# One [peer NAME] section per other country's node, with the "
	    "URL and the\n"
	    "# public key its operator gives you (docs/operations.md, "
	    "\"Adding a peer\"),\n"
	    "# appended below; restart the node after adding one. For "
	    "example:\n"
	    "#\n"
	    "#[peer norway]\n"
	    "#url = https://nordfed.example.no\n"
	    "#public_key = <the public_key line Norway's operator gives you>\n"
	    "#country = NO\n"
	    "#ca_file = /etc/nordfed/norway-ca.pem   (only when its "
	    "certificate is from a\n"
	    "#                                        private CA)\n"
	    "#\n"
	    "# Countries this node has no [peer] for are pinned in one "
	    "[pins] section,\n"
	    "# a \"CC = public key\" line each; their entries reach this "
	    "node relayed.\n",
	    a->country, now, m->config, a->country, a->host, a->port,
	    url_line, m->data_dir, m->key, pk, m->key, m->tokens);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* ---- the command ------------------------------------------------------ */

static int
init_usage(const char *why)
{
	if (why != NULL)
		ctl_warn("%s", why);
	fprintf(stderr, "usage: nordfedctl %s\n", ctl_usage("init"));
	return CTL_USAGE;
}

static int
parse_args(int argc, char **argv, struct init_args *a)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "country", required_argument, NULL, 'C' },
		{ "listen", required_argument, NULL, 'l' },
		{ "data-dir", required_argument, NULL, 'd' },
		{ "url", required_argument, NULL, 'u' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	const char *country = NULL, *listen = NULL;
	char msg[600];
	int c;

	memset(a, 0, sizeof(*a));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:", opts, NULL)) != -1) {
		switch (c) {
		case 'c': a->config = optarg; break;
		case 'C': country = optarg; break;
		case 'l': listen = optarg; break;
		case 'd': a->data_dir = optarg; break;
		case 'u': a->url = optarg; break;
		case 'j': a->json = 1; break;
		default:
			snprintf(msg, sizeof(msg), "unknown option or missing "
			    "value: %s", argv[optind - 1]);
			return init_usage(msg);
		}
	}
	if (optind != argc) {
		snprintf(msg, sizeof(msg), "unexpected argument: %.200s",
		    argv[optind]);
		return init_usage(msg);
	}
	if (a->config == NULL || country == NULL || listen == NULL ||
	    a->data_dir == NULL)
		return init_usage("-c, --country, --listen and --data-dir are "
		    "all required");
	if (a->config[0] == '\0' || a->config[strlen(a->config) - 1] == '/')
		return init_usage("-c names the configuration file to create, "
		    "e.g. /etc/nordfed/nordfed.conf");
	if (a->data_dir[0] == '\0')
		return init_usage("--data-dir names a directory, e.g. "
		    "/var/lib/nordfed");
	if (ctl_origin(country, a->country) != 0) {
		snprintf(msg, sizeof(msg), "--country: \"%.40s\" is not one of "
		    "SE NO DK FI IS GL FO AX", country);
		return init_usage(msg);
	}
	if (parse_listen(listen, a) != 0) {
		snprintf(msg, sizeof(msg), "--listen: \"%.80s\" is not "
		    "ADDRESS:PORT with a numeric IPv4 address or [IPv6] and a "
		    "port 1-65535 (e.g. 127.0.0.1:8470)", listen);
		return init_usage(msg);
	}
	if (a->url != NULL && check_url(a->url) != 0) {
		snprintf(msg, sizeof(msg), "--url: \"%.80s\" is not "
		    "http(s)://host[:port], without user, path, query or "
		    "fragment (e.g. https://nordfed.example.se)", a->url);
		return init_usage(msg);
	}
	return CTL_OK;
}

/* Every path, and what exists already: CTL_OK, CTL_NOTOK (something
 * exists; each named), CTL_USAGE (a path too long). */
static int
plan(const struct init_args *a, struct init_made *m)
{
	static const char *const dbs[] = { "nordfed.db", "nordfed.db-wal",
	    "nordfed.db-journal" };
	char path[CTL_PATH_MAX];
	struct stat st;
	int n, exists = 0;
	size_t i;

	memset(m, 0, sizeof(*m));
	if (abs_path(a->config, m->config, sizeof(m->config)) != 0 ||
	    abs_path(a->data_dir, m->data_dir, sizeof(m->data_dir)) != 0)
		return init_usage("a path is too long");
	parent_of(m->config, m->conf_dir, sizeof(m->conf_dir));
	n = snprintf(m->key, sizeof(m->key), "%s/node.key", m->data_dir);
	if (n < 0 || (size_t)n >= sizeof(m->key))
		return init_usage("--data-dir is too long");
	snprintf(m->tokens, sizeof(m->tokens), "%.*s/tokens",
	    (int)(sizeof(m->tokens) - 8), m->data_dir);
	snprintf(m->database, sizeof(m->database), "%.*s/nordfed.db",
	    (int)(sizeof(m->database) - 12), m->data_dir);
	if (strcmp(m->config, m->key) == 0 || strcmp(m->config, m->tokens) == 0 ||
	    strcmp(m->config, m->database) == 0)
		return init_usage("-c must not name a file of the data "
		    "directory");

	if (lstat(m->config, &st) == 0) {
		ctl_warn("the configuration %s exists", m->config);
		exists = 1;
	}
	if (lstat(m->data_dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		ctl_warn("the data directory %s exists and is not a directory",
		    m->data_dir);
		exists = 1;
	}
	if (lstat(m->key, &st) == 0) {
		ctl_warn("the key %s exists", m->key);
		exists = 1;
	}
	if (lstat(m->tokens, &st) == 0) {
		ctl_warn("the token file %s exists", m->tokens);
		exists = 1;
	}
	for (i = 0; i < sizeof(dbs) / sizeof(dbs[0]); i++) {
		snprintf(path, sizeof(path), "%.*s/%s",
		    (int)(sizeof(path) - 32), m->data_dir, dbs[i]);
		if (lstat(path, &st) == 0) {
			ctl_warn("a database %s exists: this data directory "
			    "belongs to a node already", path);
			exists = 1;
			break;
		}
	}
	if (exists) {
		ctl_warn("nothing was changed: init never overwrites; remove "
		    "or move what exists, or choose other paths");
		return CTL_NOTOK;
	}
	return CTL_OK;
}

/* Run as root into a data directory another user owns: hand that user
 * the secrets the node reads. */
static int
give_to_owner(const struct init_made *m, int *uid_out)
{
	struct stat st;

	*uid_out = -1;
	if (geteuid() != 0 || m->made_data_dir ||
	    stat(m->data_dir, &st) != 0 || st.st_uid == 0)
		return 0;
	if (chown(m->key, st.st_uid, st.st_gid) != 0 ||
	    chown(m->tokens, st.st_uid, st.st_gid) != 0) {
		ctl_warn("cannot give %s and %s to uid %u: %s", m->key,
		    m->tokens, (unsigned)st.st_uid, strerror(errno));
		return -1;
	}
	*uid_out = (int)st.st_uid;
	return 0;
}

static void
report(const struct init_args *a, const struct init_made *m,
    const struct nf_key *k, const char *pk, const char *token, int owner)
{
	if (a->json) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
		    "s:s, s:s, s:s, s:s?, s:b, s:b}",
		    "country", a->country, "config", m->config,
		    "data_dir", m->data_dir, "database", m->database,
		    "key_file", m->key, "token_file", m->tokens,
		    "listen", a->host, "public_key", pk, "key_id", k->id,
		    "token_name", INIT_TOKEN_NAME, "token", token,
		    "public_url", a->url, "created_config_dir",
		    m->made_conf_dir, "created_data_dir", m->made_data_dir);

		if (o != NULL) {
			json_object_set_new(o, "port", json_integer(a->port));
			json_object_set_new(o, "secrets_owner_uid",
			    owner >= 0 ? json_integer(owner) : json_null());
		}
		ctl_print_json(o);
		return;
	}
	printf("The %s node is set up:\n"
	    "  configuration  %s\n"
	    "  data directory %s%s\n"
	    "  key            %s (mode 0600)\n"
	    "  token file     %s (mode 0600)\n",
	    a->country, m->config, m->data_dir,
	    m->made_data_dir ? " (created)" : "", m->key, m->tokens);
	if (owner >= 0)
		printf("  the key and the token file belong to uid %d, the "
		    "owner of the data directory\n", owner);
	printf("\nGive this line to the operator of every peer, for the "
	    "[peer] section of\nthis node in their configuration:\n\n"
	    "public_key = %s\n\n"
	    "The admin token, for writes (Authorization: Bearer ...). It is "
	    "shown this once;\nkeep it where your operators keep secrets:\n\n"
	    "token = %s\n\n"
	    "Next: add your peers to %s, check it with\n"
	    "    nordfed-node -c %s -n\n"
	    "and start the node.\n", pk, token, m->config, m->config);
}

int
ctl_cmd_init(int argc, char **argv)
{
	unsigned char raw[INIT_TOKEN_BYTES];
	char token[sodium_base64_ENCODED_LEN(INIT_TOKEN_BYTES,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	char line[sizeof(token) + 128], pk[KEY_PUB_B64_LEN + 1];
	char *text = NULL;
	struct init_args a;
	struct init_made m;
	struct nf_key k;
	struct nferr err;
	int rc, owner = -1;

	memset(&k, 0, sizeof(k));
	if (ctl_want_help(argc, argv, "init"))
		return CTL_OK;
	if ((rc = parse_args(argc, argv, &a)) != CTL_OK)
		return rc;
	if ((rc = plan(&a, &m)) != CTL_OK)
		return rc;
	if ((text = malloc(16384)) == NULL) {
		ctl_warn("out of memory");
		return CTL_IO;
	}
	rc = CTL_IO;
	if (keys_generate(&k) != 0) {
		ctl_warn("cannot generate a key");
		goto out;
	}
	keys_pub_encode(k.pk, pk);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, sizeof(token), raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	snprintf(line, sizeof(line),
	    "# name token: who writes, and the bearer token it sends "
	    "(docs/configuration.md)\n" INIT_TOKEN_NAME " %s\n", token);
	if (conf_text(text, 16384, &a, &m, pk) != 0) {
		ctl_warn("a path is too long for the configuration");
		rc = CTL_USAGE;
		goto out;
	}

	if (ensure_dir(m.data_dir, 0750, "data directory",
	        &m.made_data_dir) != 0)
		goto fail;
	if (keys_save_seed(m.key, &k, &err) != 0) {
		ctl_warn("cannot create the key: %s", err.msg);
		goto fail;
	}
	m.made_key = 1;
	/* it has signed nothing: the node's first start needs no peer to
	 * confirm an empty log (docs/operations.md, Recovery) */
	if (keys_fresh_mark(m.key, &k, &err) != 0) {
		ctl_warn("cannot mark the new key: %s", err.msg);
		goto fail;
	}
	m.made_fresh = 1;
	if (write_new(m.tokens, 0600, line, &m.made_tokens) != 0 ||
	    give_to_owner(&m, &owner) != 0 ||
	    ensure_dir(m.conf_dir, 0755, "configuration directory",
	        &m.made_conf_dir) != 0 ||
	    write_new(m.config, 0644, text, &m.made_config) != 0)
		goto fail;
	report(&a, &m, &k, pk, token, owner);
	rc = CTL_OK;
	goto out;
fail:
	undo(&m);
	ctl_warn("init failed; what it had created was removed");
out:
	sodium_memzero(line, sizeof(line));
	sodium_memzero(token, sizeof(token));
	keys_wipe(&k);
	free(text);
	return rc;
}
