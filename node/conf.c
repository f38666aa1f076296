/*
 * conf: see conf.h. The option table below is the single source of truth:
 * parsing, defaults, bounds, required checks and conf_dump() all read it.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "conf.h"
#include "conf_int.h"
#include "ini.h"
#include "log.h"
#include "record.h"

_Static_assert(LOG_LEVEL_ERROR == 0 && LOG_LEVEL_WARN == 1 &&
                   LOG_LEVEL_INFO == 2 && LOG_LEVEL_DEBUG == 3,
    "log_level choices are stored by index");

_Static_assert(CONF_LINE_MAX == INI_LINE_MAX, "conf.h and ini.h disagree");

#define URL_MAX 255

static const char *const countries[] = {
    "SE", "NO", "DK", "FI", "IS", "GL", "FO", "AX", NULL};
static const char *const log_levels[] = {
    "error", "warn", "info", "debug", NULL};

#define N(f) offsetof(struct conf, f)
#define P(f) offsetof(struct conf_peer, f)

static const struct conf_option options[] = {
    {"node", "country", CONF_T_COUNTRY, NULL, 0, 0, CONF_REQUIRED, NULL,
        "The country this node serves: it owns, signs and publishes that "
        "country's records.",
        N(country)},
    {"node", "listen", CONF_T_ADDR, "127.0.0.1", 0, 0, 0, NULL,
        "Numeric IPv4 or IPv6 address the HTTP API listens on; 0.0.0.0 or :: "
        "for every interface.",
        N(listen)},
    {"node", "port", CONF_T_INT, "8470", 1, 65535, 0, NULL,
        "TCP port of the HTTP API (public reads, writes, federation).",
        N(port)},
    {"node", "data_dir", CONF_T_PATH, "/var/lib/nordfed", 0, 0, 0, NULL,
        "Directory of the node's state (the database); it must exist and "
        "be writable by the node's user. nordfedctl init creates it.",
        N(data_dir)},
    {"node", "database", CONF_T_PATH, "nordfed.db", 0, 0, CONF_IN_DATA_DIR,
        NULL,
        "SQLite database file, created on first start; a relative path is "
        "taken in data_dir.",
        N(database)},
    {"node", "key_file", CONF_T_PATH, NULL, 0, 0, CONF_REQUIRED, NULL,
        "The node's Ed25519 secret: a 32-byte seed file, mode 0600 "
        "(refused if group or others may read it).",
        N(key_file)},
    {"node", "token_file", CONF_T_PATH, NULL, 0, 0, 0, NULL,
        "Bearer tokens allowed to write, one \"name token\" per line "
        "(token: 32-256 characters A-Z a-z 0-9 - . _ ~ + / =); mode 0600, "
        "refused if group or others may read it. Without it, writes are "
        "refused.",
        N(token_file)},
    {"node", "public_url", CONF_T_URL, NULL, 0, 0, 0, NULL,
        "The node's public base URL, as people and peers reach it "
        "(https://host[:port] at the TLS proxy), for the links it "
        "serves (calendar feeds, /api/v1/node); no path.",
        N(public_url)},
    {"node", "log_level", CONF_T_ENUM, "info", 0, 0, 0, log_levels,
        "Least severe level logged to stderr (journald when run by "
        "systemd); debug adds a line per HTTP request.",
        N(log_level)},

    {"limits", "max_body_bytes", CONF_T_INT, "1048576", 1024, 16777216, 0, NULL,
        "Largest request body accepted (bytes, 1 MiB by default); "
        "larger bodies are answered 413.",
        N(max_body_bytes)},
    {"limits", "max_header_bytes", CONF_T_INT, "16384", 1024, 262144, 0, NULL,
        "Largest request line plus headers accepted (bytes).",
        N(max_header_bytes)},
    {"limits", "request_timeout_s", CONF_T_INT, "30", 1, 600, 0, NULL,
        "Seconds a whole request (line, headers and body) may take to "
        "arrive, from its first byte, and a reply to be read; else the "
        "connection is answered 408 and closed.",
        N(request_timeout_s)},
    {"limits", "min_request_rate", CONF_T_INT, "1024", 0, 1073741824, 0,
        NULL,
        "Bytes a second a request must average once it has taken 5 s; "
        "slower ones are answered 408 and closed (0: no minimum).",
        N(min_request_rate)},
    {"limits", "keepalive_timeout_s", CONF_T_INT, "60", 1, 3600, 0, NULL,
        "Seconds a kept-alive connection may wait for its next request "
        "before it is closed.",
        N(keepalive_timeout_s)},
    {"limits", "max_connections", CONF_T_INT, "0", 0, 1000000, 0, NULL,
        "Most client connections open at once; beyond it the least "
        "recently active idle one is closed. 0: the descriptor limit less "
        "128, at most 4096 (a larger value is lowered to what the "
        "descriptor limit allows).",
        N(max_connections)},
    {"limits", "page_limit_max", CONF_T_INT, "200", 1, 10000, 0, NULL,
        "Largest page size (?limit=) a list or log request may ask for.",
        N(page_limit_max)},

    {"sync", "pull_interval_ms", CONF_T_INT, "2000", 100, 3600000, 0, NULL,
        "How often every peer is asked for entries newer than our cursor "
        "(milliseconds).",
        N(pull_interval_ms)},
    {"sync", "push_batch", CONF_T_INT, "256", 1, 4096, 0, NULL,
        "Most entries sent to a peer in one push request.", N(push_batch)},
    {"sync", "backoff_max_ms", CONF_T_INT, "30000", 1000, 3600000, 0, NULL,
        "Cap of the exponential backoff (with jitter) after a failed "
        "exchange with a peer, and before pushing again what a peer "
        "refused (milliseconds).",
        N(backoff_max_ms)},
    {"sync", "breaker_failures", CONF_T_INT, "5", 1, 1000, 0, NULL,
        "Consecutive failures after which a peer's circuit breaker opens "
        "and it is only probed at the backoff cap.",
        N(breaker_failures)},

    {"privacy", "sweep_interval_s", CONF_T_INT, "3600", 60, 86400, 0, NULL,
        "How often personal data past its retention is erased (seconds); "
        "also once at start (docs/operations.md, Personal data).",
        N(sweep_interval_s)},
    {"privacy", "contact_retention_days", CONF_T_INT, "0", 0, 36500, 0,
        NULL,
        "Days a contact person is kept after its record was last written; "
        "0: as long as its organisation exists.",
        N(contact_retention_days)},

    {"privacy", "account_idle_days", CONF_T_INT, "0", 0, 36500, 0, NULL,
        "Days an organisation account is kept after its last sign-in (or "
        "its invitation); 0: as long as its organisation exists.",
        N(account_idle_days)},

    {"privacy", "registration_retention_days", CONF_T_INT, "30", 0, 36500,
        0, NULL,
        "Days the registrations of a meeting this node organises are kept "
        "after the meeting ended; 0: as long as the meeting exists.",
        N(registration_retention_days)},

    {"mail", "relay", CONF_T_SMTP, NULL, 0, 0, 0, NULL,
        "The SMTP relay that sends the node's e-mail (sign-in links), "
        "smtp://host[:port] (STARTTLS when the relay offers it, required "
        "with credentials) or smtps://host[:port]; no path. Without it "
        "the node writes each link to its log instead.",
        N(mail_relay)},
    {"mail", "from", CONF_T_EMAIL, NULL, 0, 0, 0, NULL,
        "The sender address of the node's e-mail; required with relay.",
        N(mail_from)},
    {"mail", "credentials_file", CONF_T_PATH, NULL, 0, 0, 0, NULL,
        "A file of one line \"user:password\" for the relay's login; "
        "mode 0600, refused if group or others may read it. Only with "
        "relay.",
        N(mail_credentials_file)},

    {"accounts", "session_ttl_s", CONF_T_INT, "28800", 1, 2592000, 0, NULL,
        "Seconds an organisation account's session lasts after its "
        "sign-in (8 hours by default); then the page asks for a new "
        "sign-in link.",
        N(session_ttl_s)},
    {"accounts", "link_ttl_s", CONF_T_INT, "1800", 1, 86400, 0, NULL,
        "Seconds a sign-in link asked for on the page stays valid; each "
        "link works once.",
        N(link_ttl_s)},
    {"accounts", "invite_ttl_s", CONF_T_INT, "604800", 1, 2592000, 0, NULL,
        "Seconds the link of an invitation (nordfedctl account invite) "
        "stays valid; each link works once.",
        N(invite_ttl_s)},

    {"peer", "url", CONF_T_URL, NULL, 0, 0, CONF_REQUIRED, NULL,
        "Base URL of the peer's node, http://host:port (https:// when it "
        "sits behind a TLS proxy); no path.",
        P(url)},
    {"peer", "public_key", CONF_T_PUBKEY, NULL, 0, 0, CONF_REQUIRED, NULL,
        "The peer's pinned Ed25519 public key, 43 base64url characters "
        "as published by the peer's operator.",
        P(public_key)},
    {"peer", "country", CONF_T_COUNTRY, NULL, 0, 0, CONF_REQUIRED, NULL,
        "The country (origin) the peer serves; its entries must be signed by "
        "public_key.",
        P(country)},
    {"peer", "ca_file", CONF_T_PATH, NULL, 0, 0, 0, NULL,
        "PEM file of the certificate authorities that verify the peer's "
        "https certificate (e.g. a private CA); without it the system's "
        "store is used. Only for an https:// url.",
        P(ca_file)},
};

#undef N
#undef P

#define NOPTS (sizeof(options) / sizeof(options[0]))
_Static_assert(NOPTS <= CONF_MAX_OPTIONS, "raise CONF_MAX_OPTIONS");

static const char *const sections[] = {
    "node", "limits", "sync", "peer", "pins", "privacy", "mail", "accounts"};
#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))
#define SEC_PEER 3
#define SEC_PINS 4 /* "CC = key" lines, outside the option table */
#define SEC_MAIL 6

const struct conf_option *
conf_options(size_t *n)
{
	if (n != NULL)
		*n = NOPTS;
	return options;
}

/* ---- small helpers ---------------------------------------------------- */

char *
conf_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

int
conf_name_char(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.';
}

static int
section_index(const char *name)
{
	size_t i;

	for (i = 0; i < NSECTIONS; i++)
		if (strcmp(name, sections[i]) == 0)
			return (int)i;
	return -1;
}

static const struct conf_option *
find_option(const char *section, const char *name, size_t *index)
{
	size_t i;

	for (i = 0; i < NOPTS; i++) {
		if (strcmp(options[i].section, section) == 0 &&
		    strcmp(options[i].name, name) == 0) {
			*index = i;
			return &options[i];
		}
	}
	return NULL;
}

static void
field_name(char *buf, size_t len, const struct conf_option *o,
    const struct conf_peer *peer)
{
	if (peer != NULL)
		snprintf(buf, len, "peer.%s.%s", peer->name, o->name);
	else
		snprintf(buf, len, "%s.%s", o->section, o->name);
}

/* ---- values ----------------------------------------------------------- */

/*
 * Checks and converts one value; on failure writes why into msg (without
 * the "file:line: name:" prefix) and returns -1.
 */
static int
parse_int(const char *v, const struct conf_option *o, int *out, char *msg,
    size_t mlen)
{
	const char *p = v;
	long long n;
	char *end;

	if (*p == '-' || *p == '+')
		p++;
	if (*p == '\0' || strspn(p, "0123456789") != strlen(p)) {
		snprintf(msg, mlen, "\"%.80s\" is not an integer", v);
		return -1;
	}
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno == ERANGE || *end != '\0') {
		snprintf(msg, mlen, "%.80s is %s the %s %lld", v,
		    v[0] == '-' ? "below" : "above",
		    v[0] == '-' ? "minimum" : "maximum",
		    v[0] == '-' ? o->min : o->max);
		return -1;
	}
	if (n < o->min) {
		snprintf(
		    msg, mlen, "%lld is below the minimum %lld", n, o->min);
		return -1;
	}
	if (n > o->max) {
		snprintf(
		    msg, mlen, "%lld is above the maximum %lld", n, o->max);
		return -1;
	}
	*out = (int)n;
	return 0;
}

static int
parse_bool(const char *v, bool *out, char *msg, size_t mlen)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	snprintf(msg, mlen, "\"%.80s\" is not a boolean (yes or no)", v);
	return -1;
}

static int
parse_country(const char *v, char out[RECORD_ORIGIN_SIZE], char *msg,
    size_t mlen)
{
	size_t i;

	for (i = 0; countries[i] != NULL; i++) {
		if (strcasecmp(v, countries[i]) == 0) {
			memcpy(out, countries[i], 3);
			return 0;
		}
	}
	snprintf(msg, mlen,
	    "\"%.80s\" is not a Nordic country code "
	    "(one of SE NO DK FI IS GL FO AX)",
	    v);
	return -1;
}

static int
parse_addr(const char *v, char *msg, size_t mlen)
{
	unsigned char buf[sizeof(struct in6_addr)];

	if (inet_pton(AF_INET, v, buf) == 1 || inet_pton(AF_INET6, v, buf) == 1)
		return 0;
	snprintf(
	    msg, mlen, "\"%.80s\" is not a numeric IPv4 or IPv6 address", v);
	return -1;
}

/* scheme://host[:port][/] with host a name, IPv4 or [IPv6], scheme
 * http or https (mail 0), smtp or smtps (mail 1). */
static int
parse_url(const char *v, int mail, char **out, char *msg, size_t mlen)
{
	const char *p, *host, *hend, *port = NULL;
	const char *s1 = mail ? "smtp://" : "http://";
	const char *s2 = mail ? "smtps://" : "https://";
	size_t n = strlen(v);
	char *copy;

	if (n > URL_MAX) {
		snprintf(
		    msg, mlen, "URL is longer than %d characters", URL_MAX);
		return -1;
	}
	if (strncmp(v, s1, strlen(s1)) == 0)
		p = v + strlen(s1);
	else if (strncmp(v, s2, strlen(s2)) == 0)
		p = v + strlen(s2);
	else {
		snprintf(msg, mlen, "\"%.80s\" does not start with %s or %s",
		    v, s1, s2);
		return -1;
	}
	host = p;
	if (*p == '[') {
		char a[INET6_ADDRSTRLEN];
		unsigned char b[sizeof(struct in6_addr)];

		hend = strchr(p, ']');
		if (hend == NULL || (size_t)(hend - p - 1) >= sizeof(a)) {
			snprintf(msg, mlen, "\"%.80s\": bad IPv6 address", v);
			return -1;
		}
		memcpy(a, p + 1, (size_t)(hend - p - 1));
		a[hend - p - 1] = '\0';
		if (inet_pton(AF_INET6, a, b) != 1) {
			snprintf(msg, mlen, "\"%.80s\": bad IPv6 address", v);
			return -1;
		}
		p = hend + 1;
	} else {
		while (isalnum((unsigned char)*p) || *p == '.' || *p == '-')
			p++;
		hend = p;
		if (hend == host) {
			snprintf(msg, mlen, "\"%.80s\" has no host", v);
			return -1;
		}
	}
	if (*p == ':') {
		char *end;
		long pn;

		port = ++p;
		while (isdigit((unsigned char)*p))
			p++;
		errno = 0;
		pn = strtol(port, &end, 10);
		if (p == port || end != p || pn < 1 || pn > 65535) {
			snprintf(
			    msg, mlen, "\"%.80s\": port must be 1..65535", v);
			return -1;
		}
	}
	if (*p == '/' && p[1] == '\0')
		n--; /* a trailing slash is dropped */
	else if (*p != '\0') {
		snprintf(msg, mlen,
		    "\"%.80s\" must be scheme://host:port, "
		    "without user, path, query or fragment",
		    v);
		return -1;
	}
	copy = malloc(n + 1);
	if (copy == NULL) {
		snprintf(msg, mlen, "out of memory");
		return -1;
	}
	memcpy(copy, v, n);
	copy[n] = '\0';
	*out = copy;
	return 0;
}

static int
parse_pubkey(
    const char *v, unsigned char pk[CONF_PUBKEY_LEN], char *msg, size_t mlen)
{
	size_t n = strlen(v), bin_len = 0;
	const char *end = NULL;

	if (n != 43) {
		snprintf(msg, mlen,
		    "an Ed25519 public key is 43 base64url "
		    "characters, this one has %zu",
		    n);
		return -1;
	}
	if (sodium_base642bin(pk, CONF_PUBKEY_LEN, v, n, NULL, &bin_len, &end,
	        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    bin_len != CONF_PUBKEY_LEN || end != v + n) {
		snprintf(msg, mlen,
		    "\"%.80s\" is not valid base64url "
		    "(A-Z a-z 0-9 - _, no padding)",
		    v);
		return -1;
	}
	return 0;
}

/* dir + "/" + v unless v is absolute or dir is NULL. */
static char *
resolve_path(const char *dir, const char *v)
{
	size_t dl, vl;
	char *p;

	if (v[0] == '/' || dir == NULL)
		return conf_xstrdup(v);
	dl = strlen(dir);
	vl = strlen(v);
	p = malloc(dl + 1 + vl + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, dir, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, v, vl + 1);
	return p;
}

static void
replace_str(char **slot, char *s)
{
	free(*slot);
	*slot = s;
}

/*
 * Stores value v of option o into base (struct conf or struct conf_peer).
 * 0, or -1 with the reason in msg.
 */
static int
set_value(const struct conf_option *o, char *base, struct conf_peer *peer,
    const char *dir, const char *v, char *msg, size_t mlen)
{
	void *slot = base + o->offset;
	char *s;
	size_t i;

	switch (o->type) {
	case CONF_T_INT:
		return parse_int(v, o, (int *)slot, msg, mlen);
	case CONF_T_BOOL:
		return parse_bool(v, (bool *)slot, msg, mlen);
	case CONF_T_COUNTRY:
		return parse_country(v, (char *)slot, msg, mlen);
	case CONF_T_ENUM:
		for (i = 0; o->choices[i] != NULL; i++) {
			if (strcmp(v, o->choices[i]) == 0) {
				*(int *)slot = (int)i;
				return 0;
			}
		}
		{
			size_t off = 0;
			off += (size_t)snprintf(
			    msg, mlen, "\"%.80s\" is not one of", v);
			for (i = 0; o->choices[i] != NULL && off < mlen; i++)
				off += (size_t)snprintf(msg + off, mlen - off,
				    "%s %s", i ? "," : "", o->choices[i]);
		}
		return -1;
	case CONF_T_ADDR:
		if (parse_addr(v, msg, mlen) == -1)
			return -1;
		s = conf_xstrdup(v);
		break;
	case CONF_T_STRING:
		s = conf_xstrdup(v);
		break;
	case CONF_T_PATH:
		/* taken in data_dir once the whole file is read */
		s = (o->flags & CONF_IN_DATA_DIR) ? conf_xstrdup(v) :
		                                    resolve_path(dir, v);
		break;
	case CONF_T_URL:
	case CONF_T_SMTP:
		if (parse_url(v, o->type == CONF_T_SMTP, &s, msg, mlen) == -1)
			return -1;
		break;
	case CONF_T_EMAIL:
		if (!conf_email_valid(v)) {
			snprintf(msg, mlen, "\"%.80s\" is not an e-mail "
			    "address (one @, no spaces, at most 254 bytes)", v);
			return -1;
		}
		s = conf_xstrdup(v);
		break;
	case CONF_T_PUBKEY:
		if (peer == NULL || parse_pubkey(v, peer->pk, msg, mlen) == -1)
			return -1;
		s = conf_xstrdup(v);
		break;
	default:
		snprintf(msg, mlen, "internal: bad option type");
		return -1;
	}
	if (s == NULL) {
		snprintf(msg, mlen, "out of memory");
		return -1;
	}
	replace_str((char **)slot, s);
	return 0;
}

static int
apply_defaults(struct conf *c, struct conf_peer *peer, const char *dir)
{
	char msg[256];
	size_t i;

	for (i = 0; i < NOPTS; i++) {
		const struct conf_option *o = &options[i];
		int is_peer = strcmp(o->section, "peer") == 0;

		if (o->def == NULL || is_peer != (peer != NULL))
			continue;
		if (set_value(o, peer ? (char *)peer : (char *)c, peer, dir,
		        o->def, msg, sizeof(msg)) == -1) {
			/* The table itself is wrong: a programming error. */
			log_error("conf: default of %s.%s: %s", o->section,
			    o->name, msg);
			abort();
		}
	}
	return 0;
}

int
conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	return apply_defaults(c, NULL, NULL);
}

static void
peer_free(struct conf_peer *p)
{
	free(p->url);
	free(p->public_key);
	free(p->ca_file);
	sodium_memzero(p, sizeof(*p));
}

void
conf_free(struct conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->path);
	free(c->dir);
	free(c->listen);
	free(c->data_dir);
	free(c->database);
	free(c->key_file);
	free(c->token_file);
	free(c->public_url);
	free(c->mail_relay);
	free(c->mail_from);
	free(c->mail_credentials_file);
	if (c->mail_credentials != NULL) {
		sodium_memzero(c->mail_credentials, strlen(c->mail_credentials));
		free(c->mail_credentials);
	}
	for (i = 0; i < CONF_MAX_PEERS; i++)
		peer_free(&c->peers[i]);
	for (i = 0; i < CONF_MAX_PINS; i++)
		free(c->pins[i].public_key);
	if (c->tokens != NULL) {
		sodium_memzero(c->tokens, c->ntokens * sizeof(*c->tokens));
		free(c->tokens);
	}
	memset(c, 0, sizeof(*c));
}

/* ---- the parser ------------------------------------------------------- */

struct parser {
	const char *path;
	struct conf *c;
	struct nferr *err;
	int line;
	int section;                 /* index into sections[], -1 none */
	struct conf_peer *peer;      /* current [peer NAME] */
	int section_line[NSECTIONS]; /* header line, 0 when not seen */
	int *seen;                   /* c->opt_line: each global option */
};

/* the line of option index i of peer number j (in c->peers) */
#define PEER_SEEN(p, j, i) ((p)->c->peers[(j)].opt_line[(i)])

static int perr(struct parser *p, int line, const char *code, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
perr(struct parser *p, int line, const char *code, const char *field,
    const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return nferr_set(p->err, code, field, "%s:%d: %s", p->path, line, msg);
}

/* [name] or [name arg], as the INI reader split it */
static int
parse_section(struct parser *p, const char *name, const char *arg)
{
	size_t i;
	int idx;

	idx = section_index(name);
	if (idx < 0)
		return perr(p, p->line, "conf_unknown", name,
		    "unknown section [%.64s] (sections: node, limits, sync, "
		    "privacy, mail, accounts, peer NAME, pins)",
		    name);
	p->section = idx;
	p->peer = NULL;
	if (idx != SEC_PEER) {
		if (*arg != '\0')
			return perr(p, p->line, "conf_syntax", name,
			    "[%s] takes no name", name);
		if (p->section_line[idx] != 0)
			return perr(p, p->line, "conf_duplicate", name,
			    "section [%s] already appears on line %d", name,
			    p->section_line[idx]);
		p->section_line[idx] = p->line;
		return 0;
	}

	/* [peer NAME] */
	for (i = 0; arg[i] != '\0'; i++)
		if (!conf_name_char((unsigned char)arg[i]))
			break;
	if (i == 0 || arg[i] != '\0' || i >= CONF_NAME_MAX)
		return perr(p, p->line, "conf_syntax", "peer",
		    "peer sections are [peer NAME], NAME 1-%d letters, digits, "
		    "'.', '_' or '-'",
		    CONF_NAME_MAX - 1);
	for (i = 0; i < p->c->npeers; i++)
		if (strcmp(p->c->peers[i].name, arg) == 0)
			return perr(p, p->line, "conf_duplicate", "peer",
			    "[peer %s] already appears on line %d", arg,
			    p->c->peers[i].line);
	if (p->c->npeers == CONF_MAX_PEERS)
		return perr(p, p->line, "conf_value", "peer",
		    "more than %d peers", CONF_MAX_PEERS);
	p->section_line[idx] = p->line;
	p->peer = &p->c->peers[p->c->npeers++];
	snprintf(p->peer->name, sizeof(p->peer->name), "%s", arg);
	p->peer->line = p->line;
	return apply_defaults(p->c, p->peer, p->c->dir);
}

/* A [pins] line: "CC = public key". */
static int
parse_pin(struct parser *p, const char *key, const char *val)
{
	char msg[256], field[80], cc[RECORD_ORIGIN_SIZE];
	struct conf_pin *pin;
	size_t i;

	snprintf(field, sizeof(field), "pins.%.64s", key);
	if (parse_country(key, cc, msg, sizeof(msg)) == -1)
		return perr(p, p->line, "conf_value", field, "pins: %s", msg);
	snprintf(field, sizeof(field), "pins.%s", cc);
	for (i = 0; i < p->c->npins; i++)
		if (strcmp(p->c->pins[i].country, cc) == 0)
			return perr(p, p->line, "conf_duplicate", field,
			    "%s: already pinned on line %d", cc,
			    p->c->pins[i].line);
	if (*val == '\0')
		return perr(
		    p, p->line, "conf_value", field, "%s: empty value", cc);
	pin = &p->c->pins[p->c->npins];
	if (parse_pubkey(val, pin->pk, msg, sizeof(msg)) == -1) {
		memset(pin->pk, 0, sizeof(pin->pk));
		return perr(p, p->line, "conf_value", field, "%s: %s", cc, msg);
	}
	pin->public_key = conf_xstrdup(val);
	if (pin->public_key == NULL)
		return perr(p, p->line, "conf_io", field, "out of memory");
	memcpy(pin->country, cc, sizeof(cc));
	pin->line = p->line;
	p->c->npins++;
	return 0;
}

/* key = val, as the INI reader split it (key not empty) */
static int
parse_assignment(struct parser *p, const char *key, const char *val)
{
	char msg[256], field[160];
	const struct conf_option *o;
	int *seen;
	size_t i, idx;

	if (p->section == SEC_PINS)
		return parse_pin(p, key, val);
	for (i = 0; key[i] != '\0'; i++)
		if (!islower((unsigned char)key[i]) &&
		    !isdigit((unsigned char)key[i]) && key[i] != '_')
			return perr(p, p->line, "conf_syntax", "",
			    "bad key \"%.80s\" (lower-case letters, digits, "
			    "'_')",
			    key);
	if (p->section < 0)
		return perr(p, p->line, "conf_syntax", key,
		    "%.64s: option outside of any section", key);
	o = find_option(sections[p->section], key, &idx);
	if (o == NULL) {
		if (p->peer != NULL)
			snprintf(field, sizeof(field), "peer.%s.%s",
			    p->peer->name, key);
		else
			snprintf(field, sizeof(field), "%s.%s",
			    sections[p->section], key);
		return perr(p, p->line, "conf_unknown", field,
		    "%.64s: unknown option in [%s]", key, sections[p->section]);
	}
	field_name(field, sizeof(field), o, p->peer);
	seen = p->peer ? &p->peer->opt_line[idx] : &p->seen[idx];
	if (*seen != 0)
		return perr(p, p->line, "conf_duplicate", field,
		    "%s: already set on line %d", key, *seen);
	*seen = p->line;
	if (*val == '\0')
		return perr(p, p->line, "conf_value", field,
		    "%s: empty value (remove the line to use the default)",
		    key);
	for (i = 0; val[i] != '\0'; i++)
		if ((unsigned char)val[i] < 0x20 || val[i] == 0x7f)
			return perr(p, p->line, "conf_value", field,
			    "%s: control character in value", key);
	if (set_value(o, p->peer ? (char *)p->peer : (char *)p->c, p->peer,
	        p->c->dir, val, msg, sizeof(msg)) == -1) {
		int range =
		    o->type == CONF_T_INT && strstr(msg, "is not") == NULL;

		return perr(p, p->line, range ? "conf_range" : "conf_value",
		    field, "%s: %s", key, msg);
	}
	return 0;
}

static int
check_required(struct parser *p)
{
	char field[160];
	size_t i, j;

	for (i = 0; i < NOPTS; i++) {
		const struct conf_option *o = &options[i];
		int sec = section_index(o->section);

		if (!(o->flags & CONF_REQUIRED) || sec == SEC_PEER ||
		    p->seen[i] != 0)
			continue;
		field_name(field, sizeof(field), o, NULL);
		if (p->section_line[sec] == 0)
			return perr(p, p->line, "conf_missing", field,
			    "[%s] %s is required (there is no [%s] section)",
			    o->section, o->name, o->section);
		return perr(p, p->section_line[sec], "conf_missing", field,
		    "[%s]: %s is required", o->section, o->name);
	}
	for (j = 0; j < p->c->npeers; j++) {
		struct conf_peer *peer = &p->c->peers[j];

		for (i = 0; i < NOPTS; i++) {
			const struct conf_option *o = &options[i];

			if (!(o->flags & CONF_REQUIRED) ||
			    strcmp(o->section, "peer") != 0 ||
			    PEER_SEEN(p, j, i) != 0)
				continue;
			field_name(field, sizeof(field), o, peer);
			return perr(p, peer->line, "conf_missing", field,
			    "[peer %s]: %s is required", peer->name, o->name);
		}
	}
	return 0;
}

static int
check_peers(struct parser *p)
{
	size_t i, j, ci = 0, ki = 0;

	(void)find_option("peer", "country", &ci);
	(void)find_option("peer", "public_key", &ki);
	for (i = 0; i < p->c->npins; i++) {
		struct conf_pin *a = &p->c->pins[i];
		char field[80];

		snprintf(field, sizeof(field), "pins.%s", a->country);
		if (strcmp(a->country, p->c->country) == 0)
			return perr(p, a->line, "conf_value", field,
			    "%s: this node's own key comes from key_file, not "
			    "[pins]",
			    a->country);
		for (j = 0; j < p->c->npeers; j++)
			if (strcmp(a->country, p->c->peers[j].country) == 0)
				return perr(p, a->line, "conf_duplicate", field,
				    "%s: already pinned by [peer %s]",
				    a->country, p->c->peers[j].name);
		for (j = 0; j < i; j++)
			if (memcmp(a->pk, p->c->pins[j].pk, CONF_PUBKEY_LEN) ==
			    0)
				return perr(p, a->line, "conf_duplicate", field,
				    "%s: the same key as %s on line %d",
				    a->country, p->c->pins[j].country,
				    p->c->pins[j].line);
		for (j = 0; j < p->c->npeers; j++)
			if (memcmp(a->pk, p->c->peers[j].pk, CONF_PUBKEY_LEN) ==
			    0)
				return perr(p, a->line, "conf_duplicate", field,
				    "%s: the same key as [peer %s]", a->country,
				    p->c->peers[j].name);
	}
	for (i = 0; i < p->c->npeers; i++) {
		struct conf_peer *a = &p->c->peers[i];
		char field[160];

		if (a->ca_file != NULL && strncmp(a->url, "https://", 8) != 0) {
			size_t ai = 0;

			(void)find_option("peer", "ca_file", &ai);
			snprintf(field, sizeof(field), "peer.%s.ca_file", a->name);
			return perr(p, PEER_SEEN(p, i, ai), "conf_value", field,
			    "ca_file: only for an https:// url (the url is "
			    "%.80s)",
			    a->url);
		}
		snprintf(field, sizeof(field), "peer.%s.country", a->name);
		if (strcmp(a->country, p->c->country) == 0)
			return perr(p, PEER_SEEN(p, i, ci), "conf_value", field,
			    "country: %s is this node's own country",
			    a->country);
		for (j = 0; j < i; j++) {
			struct conf_peer *b = &p->c->peers[j];

			if (strcmp(a->country, b->country) == 0)
				return perr(p, PEER_SEEN(p, i, ci),
				    "conf_duplicate", field,
				    "country: %s is "
				    "already served by [peer %s]",
				    a->country, b->name);
			if (memcmp(a->pk, b->pk, CONF_PUBKEY_LEN) == 0) {
				snprintf(field, sizeof(field),
				    "peer.%s.public_key", a->name);
				return perr(p, PEER_SEEN(p, i, ki),
				    "conf_duplicate", field,
				    "public_key: the "
				    "same key as [peer %s]",
				    b->name);
			}
		}
	}
	return 0;
}

/* relay, from and credentials_file go together. */
static int
check_mail(struct parser *p)
{
	size_t fi = 0, ci = 0;
	int sec_line = p->section_line[SEC_MAIL];

	(void)find_option("mail", "from", &fi);
	(void)find_option("mail", "credentials_file", &ci);
	if (p->c->mail_relay != NULL && p->c->mail_from == NULL)
		return perr(p, sec_line, "conf_missing", "mail.from",
		    "[mail]: from is required with relay");
	if (p->c->mail_relay == NULL && p->c->mail_from != NULL)
		return perr(p, p->seen[fi], "conf_value", "mail.from",
		    "from: only with relay (the node sends no mail without "
		    "one)");
	if (p->c->mail_relay == NULL && p->c->mail_credentials_file != NULL)
		return perr(p, p->seen[ci], "conf_value",
		    "mail.credentials_file",
		    "credentials_file: only with relay");
	if (p->c->mail_credentials_file != NULL)
		return conf_mail_credentials_load(p->c, p->seen[ci], p->err);
	return 0;
}

static char *
config_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *real;
	size_t n;

	if (slash == NULL)
		return realpath(".", NULL);
	n = slash == path ? 1 : (size_t)(slash - path);
	dir = malloc(n + 1);
	if (dir == NULL)
		return NULL;
	memcpy(dir, path, n);
	dir[n] = '\0';
	real = realpath(dir, NULL);
	free(dir);
	return real;
}

int
conf_load(const char *path, struct conf *c, struct nferr *err)
{
	struct parser *p;
	struct ini *in = NULL;
	char *name, *arg;
	const char *why = NULL;
	FILE *fp = NULL;
	int r, rc = -1, token_line;
	size_t ti = 0;

	memset(c, 0, sizeof(*c));
	if (sodium_init() < 0)
		return nferr_set(
		    err, "conf_io", "", "libsodium failed to start");
	p = calloc(1, sizeof(*p));
	in = malloc(sizeof(*in));
	if (p == NULL || in == NULL) {
		free(p);
		free(in);
		return nferr_set(err, "conf_io", "", "out of memory");
	}
	p->path = path;
	p->c = c;
	p->seen = c->opt_line;
	p->err = err;
	p->section = -1;

	fp = fopen(path, "re");
	if (fp == NULL) {
		nferr_set(err, "conf_io", "", "%s: %s", path, strerror(errno));
		goto out;
	}
	c->path = conf_xstrdup(path);
	c->dir = config_dir(path);
	if (c->path == NULL || c->dir == NULL) {
		nferr_set(err, "conf_io", "",
		    "%s: cannot resolve its directory: "
		    "%s",
		    path, strerror(errno));
		goto out;
	}
	apply_defaults(c, NULL, c->dir);

	ini_open(in, fp);
	while ((r = ini_next(in, &name, &arg, &why)) != INI_END) {
		p->line = in->line;
		if (r == INI_ERROR) {
			perr(p, p->line, "conf_syntax", "", "%s", why);
			goto out;
		}
		if (r == INI_SECTION ? parse_section(p, name, arg) :
		    parse_assignment(p, name, arg))
			goto out;
	}
	p->line = in->line;
	if (ferror(fp)) {
		nferr_set(err, "conf_io", "", "%s: read error", path);
		goto out;
	}
	if (check_required(p) == -1 || check_peers(p) == -1 ||
	    check_mail(p) == -1)
		goto out;
	if (c->database[0] != '/') {
		char *db = resolve_path(c->data_dir, c->database);

		if (db == NULL) {
			nferr_set(err, "conf_io", "node.database", "out of memory");
			goto out;
		}
		replace_str(&c->database, db);
	}
	if (c->token_file != NULL) {
		(void)find_option("node", "token_file", &ti);
		token_line = p->seen[ti];
		if (conf_tokens_load(c, token_line, err) == -1)
			goto out;
	}
	rc = 0;
out:
	if (fp != NULL)
		fclose(fp);
	sodium_memzero(in, sizeof(*in));
	free(in);
	free(p);
	if (rc != 0)
		conf_free(c);
	return rc;
}
