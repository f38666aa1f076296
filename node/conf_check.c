/*
 * conf_check: a loaded configuration checked against this machine and the
 * node's own key (conf.h, conf_check_host), what `nordfed-node -n` and the
 * node's start-up refuse beyond the file's own syntax and values:
 *
 *   - the directory of the database (data_dir, or the directory of an
 *     absolute database path) is missing, not a directory, or not
 *     writable by the node's user;
 *   - a [peer] or [pins] key is the node's own public key (a pasted key of
 *     our own instead of the peer's: every entry of that origin would be
 *     refused, and ours would be taken as the peer's);
 *   - a peer's ca_file cannot be read or holds no PEM certificate.
 *
 * And the rule for secret files (conf_check_secret_fd), which conf.c
 * applies to token_file when it loads it.
 *
 * Messages name the file and the line of the option ("nordfed.conf:4:
 * data_dir: ..."), or the file alone when the option is a default.
 * Nothing here keeps a pointer to the configuration.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "conf.h"

#define CA_HEAD_MAX 65536 /* bytes of a ca_file looked at for a PEM block */

int
conf_line(const struct conf *c, const struct conf_peer *peer,
    const char *section, const char *name)
{
	const struct conf_option *o;
	size_t i, n;

	o = conf_options(&n);
	for (i = 0; i < n; i++)
		if (strcmp(o[i].section, section) == 0 &&
		    strcmp(o[i].name, name) == 0)
			return peer != NULL ? peer->opt_line[i] : c->opt_line[i];
	return 0;
}

/* "file:line" or "file" when the option is not in the file (a default). */
static void
where(char *buf, size_t len, const struct conf *c, int line)
{
	if (line > 0)
		snprintf(buf, len, "%s:%d", c->path, line);
	else
		snprintf(buf, len, "%s", c->path);
}

/* The directory part of path ("/" for "/x"), into buf. */
static void
dir_of(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(buf, len, ".");
	else if (slash == path)
		snprintf(buf, len, "/");
	else
		snprintf(buf, len, "%.*s", (int)(slash - path), path);
}

/* dir must exist, be a directory and be writable: 0, or -1 with err. */
static int
check_dir(const struct conf *c, const char *dir, const char *opt, int line,
    int is_default, struct nferr *err)
{
	char at[PATH_MAX + 32], field[32];
	struct stat st;

	where(at, sizeof(at), c, line);
	snprintf(field, sizeof(field), "node.%s", opt);
	if (stat(dir, &st) == -1) {
		if (errno == ENOENT)
			return nferr_set(err, "conf_missing", field,
			    "%s: %s: directory %s%s does not exist: create it "
			    "(mode 0750, owned by the node's user) or run "
			    "'nordfedctl init'",
			    at, opt, dir, is_default ? " (the default)" : "");
		return nferr_set(err, "conf_io", field, "%s: %s: %s: %s", at,
		    opt, dir, strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return nferr_set(err, "conf_value", field,
		    "%s: %s: %s is not a directory", at, opt, dir);
	if (access(dir, W_OK | X_OK) == -1)
		return nferr_set(err, "conf_insecure", field,
		    "%s: %s: directory %s is not writable by uid %u, "
		    "who runs the node",
		    at, opt, dir, (unsigned)geteuid());
	return 0;
}

static int
check_ca_file(const struct conf *c, const struct conf_peer *peer,
    struct nferr *err)
{
	static const char mark[] = "-----BEGIN CERTIFICATE-----";
	char at[PATH_MAX + 32], field[96], *buf = NULL;
	struct stat st;
	ssize_t n;
	int fd, rc = -1;

	where(at, sizeof(at), c, conf_line(c, peer, "peer", "ca_file"));
	snprintf(field, sizeof(field), "peer.%s.ca_file", peer->name);
	fd = open(peer->ca_file, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return nferr_set(err, "conf_io", field,
		    "%s: [peer %s] ca_file: cannot read %s: %s", at,
		    peer->name, peer->ca_file, strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		nferr_set(err, "conf_value", field,
		    "%s: [peer %s] ca_file: %s is not a regular file", at,
		    peer->name, peer->ca_file);
		goto out;
	}
	if ((buf = malloc(CA_HEAD_MAX + 1)) == NULL) {
		nferr_set(err, "conf_io", field, "out of memory");
		goto out;
	}
	n = read(fd, buf, CA_HEAD_MAX);
	if (n < 0) {
		nferr_set(err, "conf_io", field,
		    "%s: [peer %s] ca_file: %s: %s", at, peer->name,
		    peer->ca_file, strerror(errno));
		goto out;
	}
	buf[n] = '\0';
	if (memchr(buf, '\0', (size_t)n) != NULL || strstr(buf, mark) == NULL) {
		nferr_set(err, "conf_value", field,
		    "%s: [peer %s] ca_file: %s holds no PEM certificate "
		    "(a \"%s\" line)",
		    at, peer->name, peer->ca_file, mark);
		goto out;
	}
	rc = 0;
out:
	free(buf);
	close(fd);
	return rc;
}

int
conf_check_host(const struct conf *c,
    const unsigned char own_pk[CONF_PUBKEY_LEN], struct nferr *err)
{
	char dir[PATH_MAX], at[PATH_MAX + 32];
	size_t i, dl = strlen(c->data_dir);
	int in_data_dir = strncmp(c->database, c->data_dir, dl) == 0 &&
	    c->database[dl] == '/';
	int dd_line = conf_line(c, NULL, "node", "data_dir");

	/* the database's directory: data_dir, or where an absolute
	 * database path points; data_dir itself when set explicitly */
	if (in_data_dir || dd_line > 0) {
		if (check_dir(c, c->data_dir, "data_dir", dd_line, dd_line == 0,
		        err) == -1)
			return -1;
	}
	if (!in_data_dir) {
		dir_of(c->database, dir, sizeof(dir));
		if (check_dir(c, dir, "database",
		        conf_line(c, NULL, "node", "database"), 0, err) == -1)
			return -1;
	}

	for (i = 0; i < c->npeers; i++) {
		const struct conf_peer *p = &c->peers[i];

		if (sodium_memcmp(p->pk, own_pk, CONF_PUBKEY_LEN) == 0) {
			char field[96];

			where(at, sizeof(at), c,
			    conf_line(c, p, "peer", "public_key"));
			snprintf(field, sizeof(field), "peer.%s.public_key",
			    p->name);
			return nferr_set(err, "conf_value", field,
			    "%s: [peer %s] public_key is this node's own key "
			    "(from key_file): pin the peer's key, as its "
			    "operator gives it",
			    at, p->name);
		}
		if (p->ca_file != NULL && check_ca_file(c, p, err) == -1)
			return -1;
	}
	for (i = 0; i < c->npins; i++) {
		const struct conf_pin *p = &c->pins[i];

		if (sodium_memcmp(p->pk, own_pk, CONF_PUBKEY_LEN) == 0) {
			char field[32];

			where(at, sizeof(at), c, p->line);
			snprintf(field, sizeof(field), "pins.%s", p->country);
			return nferr_set(err, "conf_value", field,
			    "%s: [pins] %s is this node's own key (from "
			    "key_file): pin %s's key, as its operator gives it",
			    at, p->country, p->country);
		}
	}
	return 0;
}

/* ---- secret files ----------------------------------------------------- */

int
conf_check_secret_fd(
    int fd, const char *path, const char *what, struct nferr *err)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		return nferr_set(err, "conf_io", what, "%s: %s: %s", what, path,
		    strerror(errno));
	if (!S_ISREG(st.st_mode))
		return nferr_set(err, "conf_insecure", what,
		    "%s: %s is not a regular file", what, path);
	if (st.st_uid != geteuid() && st.st_uid != 0)
		return nferr_set(err, "conf_insecure", what,
		    "%s: %s is owned by uid %u, not by the node's user or root",
		    what, path, (unsigned)st.st_uid);
	if (st.st_mode & (S_IRWXG | S_IRWXO))
		return nferr_set(err, "conf_insecure", what,
		    "%s: %s may be read or written by group or others "
		    "(mode %04o): chmod 600 it",
		    what, path, (unsigned)(st.st_mode & 07777));
	return 0;
}
