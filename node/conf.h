/*
 * conf: the node's configuration file (INI style) and its bearer tokens.
 *
 * One table of options (conf_options()) drives parsing, defaults, bounds
 * checks and the reference text printed by conf_dump() (docs/configuration.md,
 * `nordfed-node --help-config`). The file format:
 *
 *   # a comment (whole lines only, '#' or ';' first)
 *   [node]
 *   country = SE
 *   [peer norway]           repeatable, up to CONF_MAX_PEERS
 *   url = http://10.0.0.2:8470
 *   [pins]                  keys of origins reached only through relays
 *   FI = <43-char base64url Ed25519 public key>
 *
 * Lines are at most CONF_LINE_MAX bytes. Unknown sections and keys,
 * duplicate keys and sections, and empty values are errors. Errors fill a
 * struct nferr whose msg names the file and line:
 * "nordfed.conf:12: port: 70000 is above the maximum 65535", whose field is
 * "section.key" ("node.port", "peer.norway.url") and whose code is one of
 * conf_io, conf_syntax, conf_unknown, conf_duplicate, conf_value,
 * conf_range, conf_missing, conf_insecure.
 *
 * Relative paths are resolved against the directory of the config file,
 * except node.database, which is taken in node.data_dir (the directory of
 * the node's state; /var/lib/nordfed unless set). conf_load checks the
 * file itself; conf_check_host checks it against the machine (directories
 * exist, a peer is not pinned with the node's own key, CA files readable),
 * which nordfed-node runs for -n and before it starts.
 * The token file (node.token_file) is read at load time: it must be a
 * regular file owned by the node's user (or root) and not accessible by
 * group or others. Tokens are kept only as BLAKE2b-256 hashes.
 *
 * Ownership: struct conf is the caller's; strings in it are heap copies
 * owned by it and released by conf_free(). Nothing keeps a pointer to the
 * file or its lines.
 */
#ifndef CONF_H
#define CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "nferr.h"
#include "record.h"

#define CONF_LINE_MAX 4096
#define CONF_MAX_PEERS 16
#define CONF_NAME_MAX 64 /* peer and token names, with the NUL */
#define CONF_PUBKEY_LEN 32
#define CONF_TOKEN_HASH 32
#define CONF_MAX_TOKENS 256
#define CONF_MAX_PINS 8
#define CONF_MAX_OPTIONS 64 /* rows of the option table, at most */

struct conf_peer {
	char name[CONF_NAME_MAX]; /* from [peer NAME] */
	int line;                 /* of the section header */
	char *url;                /* "http://host:port", no trailing '/' */
	char *public_key;         /* base64url as written (43 chars) */
	unsigned char pk[CONF_PUBKEY_LEN];
	char country[RECORD_ORIGIN_SIZE]; /* upper case, e.g. "NO" */
	char *ca_file;   /* PEM bundle verifying its https certificate;
	                    NULL: the system's store */
	int opt_line[CONF_MAX_OPTIONS]; /* line of each peer option, 0 unset */
};

/* A pinned key of an origin that is not a peer: its entries reach this
 * node relayed by peers and are verified against this key. */
struct conf_pin {
	char country[RECORD_ORIGIN_SIZE]; /* upper case */
	int line;
	char *public_key; /* base64url as written */
	unsigned char pk[CONF_PUBKEY_LEN];
};

struct conf_token {
	char name[CONF_NAME_MAX];
	unsigned char hash[CONF_TOKEN_HASH];
	/* "" for the operator's tokens; an organisation id of this node for
	 * a token scoped to it ("name token org=se:org:..."): it acts as an
	 * account of that organisation (node/accounts.c) */
	char org[CONF_NAME_MAX];
};

struct conf {
	char *path; /* the file as given to conf_load */
	char *dir;  /* its directory, absolute */

	/* [node] */
	char country[RECORD_ORIGIN_SIZE]; /* upper case */
	char *listen;    /* numeric IPv4 or IPv6 address */
	int port;
	char *data_dir; /* absolute or relative to cwd */
	char *database; /* in data_dir unless absolute in the file */
	char *key_file;
	char *token_file; /* NULL when not configured */
	char *public_url; /* "https://host[:port]", no trailing '/';
	                     NULL when not configured */
	int log_level;    /* enum log_level */

	/* [limits] */
	int max_body_bytes;
	int max_header_bytes;
	int request_timeout_s;
	int min_request_rate;    /* bytes/s, 0: none */
	int keepalive_timeout_s;
	int max_connections;     /* 0: from the descriptor limit */
	int page_limit_max;

	/* [sync] */
	int pull_interval_ms;
	int push_batch;
	int backoff_max_ms;
	int breaker_failures;

	/* [privacy] */
	int sweep_interval_s;        /* the retention sweep (node/retention.c) */
	int contact_retention_days;  /* 0: while the organisation exists */
	int account_idle_days;       /* 0: while the organisation exists */
	int registration_retention_days;  /* after the meeting; 0: while it
	                                     exists */

	/* [mail]: relay NULL sends nothing (links go to the log) */
	char *mail_relay;            /* "smtp://host:port" or "smtps://..." */
	char *mail_from;
	char *mail_credentials_file;
	char *mail_credentials;      /* "user:password" read from it; wiped */

	/* [accounts] */
	int session_ttl_s;
	int link_ttl_s;
	int invite_ttl_s;

	struct conf_peer peers[CONF_MAX_PEERS];
	size_t npeers;

	/* [pins]: a country is pinned once, here or by a [peer] section */
	struct conf_pin pins[CONF_MAX_PINS];
	size_t npins;

	struct conf_token *tokens; /* from token_file */
	size_t ntokens;

	/* line of each option of the table (index as in conf_options()),
	 * 0 when not set in the file */
	int opt_line[CONF_MAX_OPTIONS];
};

enum conf_type {
	CONF_T_STRING,
	CONF_T_INT,
	CONF_T_BOOL,
	CONF_T_PATH,
	CONF_T_COUNTRY,
	CONF_T_ADDR,
	CONF_T_ENUM,  /* one of choices[], stored as int index */
	CONF_T_URL,   /* http(s)://host[:port] */
	CONF_T_PUBKEY, /* 43-char base64url Ed25519 key */
	CONF_T_SMTP,  /* smtp(s)://host[:port] */
	CONF_T_EMAIL  /* an e-mail address (conf_email_valid) */
};

#define CONF_REQUIRED 0x1
#define CONF_IN_DATA_DIR 0x2 /* CONF_T_PATH: relative to node.data_dir */

/* One row of the option table. For section "peer" the offset is into
 * struct conf_peer, otherwise into struct conf. */
struct conf_option {
	const char *section; /* "node", "limits", "sync", "peer" */
	const char *name;
	enum conf_type type;
	const char *def;    /* default as written in a file; NULL: none */
	long long min, max; /* CONF_T_INT bounds */
	int flags;          /* CONF_REQUIRED, CONF_IN_DATA_DIR */
	const char *const *choices; /* CONF_T_ENUM, NULL-terminated */
	const char *help;           /* one sentence */
	size_t offset;
};

/* The table, in file order. */
const struct conf_option *conf_options(size_t *n);

/* Fill c with the defaults (required options stay empty). 0 or -1 (ENOMEM). */
int conf_defaults(struct conf *c);

/* Load path into c (which is overwritten). On failure returns -1 with err
 * set and c left empty: conf_free(c) is harmless either way. */
int conf_load(const char *path, struct conf *c, struct nferr *err);
void conf_free(struct conf *c);

/*
 * The checks of a loaded configuration against this machine and the
 * node's own public key own_pk (from key_file): the directory of the
 * database (data_dir) exists and is writable, no peer or pin has the
 * node's own key, each peer's ca_file is a readable PEM file. 0, or -1
 * with err naming the file and line.
 */
int conf_check_host(const struct conf *c,
    const unsigned char own_pk[CONF_PUBKEY_LEN], struct nferr *err);

/* The line of option section.name in c (of peer when not NULL), 0 when
 * the file does not set it. */
int conf_line(const struct conf *c, const struct conf_peer *peer,
    const char *section, const char *name);

/* The name of the token's owner (from the token file), or NULL: only the
 * operator's tokens, those without a scope. Compares hashes in constant
 * time against every configured token. */
const char *conf_token_find(const struct conf *c, const char *token);
/* The same for any token, scoped or not (borrowed from c), or NULL. */
const struct conf_token *conf_token_lookup(const struct conf *c,
    const char *token);
/* The token called name (borrowed), or NULL. */
const struct conf_token *conf_token_named(const struct conf *c,
    const char *name);

/* 1 when s is an address the node may send mail to or from: one @ with
 * text on both sides, at most 254 bytes, no white space, control
 * characters or < > , ; " \ (nothing a mail header could be split on). */
int conf_email_valid(const char *s);

/* The refusal rule for secret files: 0 when fd is a regular file owned by
 * the effective user or root with no group/other permission bits. what
 * names the option in the message ("token_file"). */
int conf_check_secret_fd(
    int fd, const char *path, const char *what, struct nferr *err);

/* The reference: every option with its type, default, bounds and help,
 * as a commented INI file, section by section. */
void conf_dump(FILE *fp);

#endif
