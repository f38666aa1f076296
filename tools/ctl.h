/*
 * ctl: what the nordfedctl subcommands share (tools/ctl_*.c).
 *
 *   finding the node   --url URL (default CTL_DEFAULT_URL, the node's
 *                      default listen and port, or $NORDFED_URL), -c CONFIG (the node's own config:
 *                      listen/port, token_file, peers and pins, database),
 *                      --token-file FILE or $NORDFED_TOKEN for writes
 *   HTTP               the libcurl easy interface, one handle kept for
 *                      keep-alive, responses bounded by CTL_RESP_MAX
 *   config             the node's INI file read leniently (only what the
 *                      tool needs; the node itself validates it)
 *   output             colour only on a terminal without NO_COLOR, the
 *                      progress line on stderr when it is a terminal
 *
 * Exit codes of every subcommand: CTL_OK 0, CTL_NOTOK 1 (the thing checked
 * is not ok: lagging, bad entry, bad rows), CTL_USAGE 2, CTL_IO 3 (cannot
 * reach or read what was asked).
 *
 * Ownership: struct ctl is the subcommand's (on its stack), ctl_free
 * releases what it holds. json_t ** outputs are new references; struct
 * ctl_resp bodies are malloc'd and freed with ctl_resp_free.
 */
#ifndef CTL_H
#define CTL_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <curl/curl.h>
#include <jansson.h>

#include "keys.h"
#include "nfbuf.h"
#include "nferr.h"

#define CTL_OK    0
#define CTL_NOTOK 1
#define CTL_USAGE 2
#define CTL_IO    3

#define CTL_DEFAULT_URL  "http://127.0.0.1:8470"
#define CTL_URL_MAX      512
#define CTL_PATH_MAX     4096
#define CTL_TOKEN_MAX    256
#define CTL_RESP_MAX     (64 << 20)   /* bytes of one response */
#define CTL_PAGE         200          /* items a page; the API's maximum */
#define CTL_CURSOR_MAX   1100         /* bytes of a list route's cursor */
#define CTL_MAX_PEERS    16
#define CTL_MAX_PINS     8

/* ---- the organisation columns of import and export ---------------------- */

/* docs/operations.md, "CSV columns": the plain columns in this order,
 * then description_<lang> for each of ctl_langs() and
 * identifier_<scheme> for each of ctl_schemes() (tools/ctl_data.c). */
enum ctl_col {
	CTL_COL_ID, CTL_COL_NAME, CTL_COL_CLASS, CTL_COL_COUNTRY, CTL_COL_MUNI,
	CTL_COL_REGION, CTL_COL_REGION_CODE, CTL_COL_MUNI_CODE, CTL_COL_FOCUS, CTL_COL_WEBSITE, CTL_COL_FOUNDED,
	CTL_COL_LANG, CTL_COL_OTHER, CTL_COL_EMAIL, CTL_COL_PHONE,
	CTL_COL_ADDRESS, CTL_COL_DESC, CTL_COL_IDENT
};
#define CTL_NPLAIN   16
extern const char *const ctl_col_names[CTL_NPLAIN];
/* The words of the schema's vocabularies lang and identifier_scheme
 * (protocol/record_schema.c), NULL-terminated: the columns follow them. */
const char *const *ctl_langs(void);
const char *const *ctl_schemes(void);

/* ---- the node's configuration, as far as the tool needs it ------------ */

struct ctl_peer {
	char name[64];
	char url[CTL_URL_MAX];
	char country[RECORD_ORIGIN_SIZE];
	char public_key[KEY_PUB_B64_LEN + 1];
	char ca_file[CTL_PATH_MAX];     /* "" : the system's CA store */
};

struct ctl_conf {
	char path[CTL_PATH_MAX];
	char country[RECORD_ORIGIN_SIZE];
	char listen[64];
	int port;
	char data_dir[CTL_PATH_MAX];
	char database[CTL_PATH_MAX];    /* in data_dir unless absolute */
	char key_file[CTL_PATH_MAX];
	char token_file[CTL_PATH_MAX];
	struct ctl_peer peers[CTL_MAX_PEERS];
	size_t npeers;
	struct {
		char country[RECORD_ORIGIN_SIZE];
		char public_key[KEY_PUB_B64_LEN + 1];
	} pins[CTL_MAX_PINS];
	size_t npins;
};

/* Read path (relative paths resolved against its directory, the
 * database against data_dir, defaults as the node's). 0, or -1 with a
 * message in err naming file and line. */
int ctl_conf_load(const char *path, struct ctl_conf *c, char *err,
    size_t errlen);

/* ---- the tool's context ------------------------------------------------- */

struct ctl {
	char url[CTL_URL_MAX];          /* the node, no trailing '/' */
	const char *token_file;         /* --token-file, else the config's */
	char token[CTL_TOKEN_MAX + 1];  /* "" until ctl_token() */
	int has_conf;
	struct ctl_conf conf;
	int json;                       /* --json */
	int color;                      /* ANSI colour on stdout */
	long timeout_ms;                /* per request */
	CURL *easy;                     /* kept for keep-alive */
};

/* Options every subcommand takes, for its getopt_long table. */
enum {
	CTL_OPT_URL = 1000, CTL_OPT_TOKEN_FILE, CTL_OPT_CONFIG, CTL_OPT_JSON,
	CTL_OPT_TIMEOUT
};
#define CTL_COMMON_OPTIONS \
	{ "url", required_argument, NULL, CTL_OPT_URL }, \
	{ "token-file", required_argument, NULL, CTL_OPT_TOKEN_FILE }, \
	{ "config", required_argument, NULL, 'c' }, \
	{ "json", no_argument, NULL, CTL_OPT_JSON }, \
	{ "timeout", required_argument, NULL, CTL_OPT_TIMEOUT }
#define CTL_COMMON_HELP \
	"\ncommon options:\n" \
	"  --url URL          the node (default http://127.0.0.1:8470 or " \
	"$NORDFED_URL)\n" \
	"  -c, --config FILE  the node's configuration: its address, token " \
	"file,\n" \
	"                     peers, pinned keys and database\n" \
	"  --token-file FILE  bearer token for writes (or $NORDFED_TOKEN)\n" \
	"  --json             machine-readable output\n" \
	"  --timeout SECONDS  per request (default 10)\n" \
	"exit status: 0 ok, 1 not ok, 2 usage, 3 cannot reach or read\n"

void ctl_init(struct ctl *c);
/* Handle one common option (c the getopt_long value). 0 when taken, 1
 * when not a common option, -1 on a bad value (message printed). */
int ctl_option(struct ctl *c, int opt, const char *arg);
/* After option parsing: load the config (-c), settle the URL and the
 * colour. CTL_OK or an exit code (message printed). */
int ctl_ready(struct ctl *c);
/* getopt_long over shortopts and the common options plus extra; each
 * extra option is handed to take (NULL when there are none). Then
 * ctl_ready. CTL_OK, or an exit code after a usage message. */
int ctl_parse_opts(struct ctl *c, int argc, char **argv, const char *name,
    const char *shortopts, const struct option *extra, size_t nextra,
    int (*take)(void *arg, int opt, const char *val), void *arg);
void ctl_free(struct ctl *c);

/* The bearer token: --token-file, $NORDFED_TOKEN, or the config's token
 * file (the first "name token" line). CTL_OK or CTL_IO (message printed). */
int ctl_token(struct ctl *c);

/* Print "nordfedctl: ..." to stderr. */
void ctl_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- HTTP ----------------------------------------------------------------- */

struct ctl_resp {
	long status;                    /* 0: no response */
	char *body;                     /* NUL-terminated, may be NULL */
	size_t len;
	char error[CURL_ERROR_SIZE];    /* when status is 0 */
	struct nfbuf in;                /* owns body; in.max 0: CTL_RESP_MAX */
};

/*
 * One request to url (absolute) or to the node (path starting with '/').
 * A request to a configured peer's https URL is verified with that peer's
 * ca_file when it has one (-c CONFIG), else with the system's CA store.
 * body may be NULL; ctype is its Content-Type. auth adds the bearer
 * token (ctl_token must have succeeded). 0 when a response came (any
 * status), -1 when none did (r->error says why).
 */
int ctl_http(struct ctl *c, const char *method, const char *url,
    const char *body, size_t blen, const char *ctype, int auth,
    struct ctl_resp *r);
void ctl_resp_free(struct ctl_resp *r);

/* libcurl's CURLOPT_WRITEFUNCTION for a struct ctl_resp (WRITEDATA):
 * the body grows to at most r->in.max bytes, then the transfer fails. */
size_t ctl_resp_write(char *data, size_t size, size_t nmemb, void *arg);

/*
 * GET a JSON document: CTL_OK with *out (new reference), CTL_IO when
 * the node cannot be reached or answers other than 200 (message printed
 * naming what), CTL_NOTOK for a 404 when not_found_ok is set (*out NULL,
 * nothing printed).
 */
int ctl_get_json(struct ctl *c, const char *url, json_t **out,
    int not_found_ok);
/* The same with the bearer token (ctl_token must have succeeded): for
 * the admin reads. A 401 is CTL_IO. */
int ctl_get_json_auth(struct ctl *c, const char *url, json_t **out,
    int not_found_ok);

/*
 * Every item of a list route: GET path (with its own query string or
 * none) with limit=CTL_PAGE, then with each page's "next" as cursor
 * until it is null. each(arg, item) gets every item of "items" (a
 * borrowed reference); page_done(arg), when not NULL, runs after each
 * page. CTL_OK, CTL_IO (message printed), or the first other than CTL_OK
 * that each returned.
 */
int ctl_pages(struct ctl *c, const char *path,
    int (*each)(void *arg, json_t *item), void (*page_done)(void *arg),
    void *arg);

/* The "detail" (or the body) of an error response, for messages. */
const char *ctl_problem_text(const struct ctl_resp *r, char *buf, size_t len);

/* url + path into out ("%s%s" with the node's URL when path starts '/'). */
void ctl_url(const struct ctl *c, const char *path, char *out, size_t len);

/* ---- keys -------------------------------------------------------------------- */

/*
 * The pinned keys the node uses: its own (from key_file when readable,
 * else from the node's /api/v1/node when reachable), its peers' and pins
 * from the config, else from /api/v1/node; then the --keys file lines
 * "CC KEY" or "CC = KEY". Rotations are not included (callers that walk
 * a log apply them as they meet key entries), except the node's own when
 * online: its key history from /api/v1/node replaces its current key.
 * Returns the number of origins with a key; *kr is the caller's
 * (keyring_free).
 */
size_t ctl_keyring(struct ctl *c, const char *keys_file, int online,
    struct keyring *kr);

/* ---- output ------------------------------------------------------------------ */

/* ANSI sequences, "" when colour is off. */
const char *ctl_c(const struct ctl *c, const char *what);  /* "red",.. "off" */

/* A relative time "12s ago" / "3m ago" from an entry-style timestamp. */
void ctl_ago(const char *ts, char *out, size_t len);

/* Print a JSON value (new line ended) and release it. */
void ctl_print_json(json_t *v);

/* The progress line on stderr (a terminal only), at most 10 a second. */
struct ctl_progress {
	int on;
	const char *what;               /* "rows", "entries" */
	uint64_t total;                 /* 0: unknown */
	int64_t start_ms, last_ms;
};
void ctl_progress_start(struct ctl_progress *p, const char *what,
    uint64_t total);
void ctl_progress(struct ctl_progress *p, uint64_t done, int final);

int64_t ctl_now_ms(void);
int64_t ctl_mono_ms(void);

/* An unsigned decimal with bounds; 0 or -1. */
int ctl_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* "SE" from "se"/"SE"; 0, or -1 when not an origin. */
int ctl_origin(const char *s, char out[RECORD_ORIGIN_SIZE]);

/* "usage: nordfedctl ..." of name on stderr; CTL_USAGE. */
int ctl_usage_error(const char *name);
/* A member of o as a string (NULL when not one) or an integer (0). */
const char *ctl_jstr(const json_t *o, const char *k);
json_int_t ctl_jint(const json_t *o, const char *k);

/* ---- subcommands --------------------------------------------------------------- */

int ctl_cmd_status(int argc, char **argv);
int ctl_cmd_peers(int argc, char **argv);
int ctl_cmd_log(int argc, char **argv);
int ctl_cmd_show(int argc, char **argv);
int ctl_cmd_verify(int argc, char **argv);
int ctl_cmd_diff(int argc, char **argv);
int ctl_cmd_resync(int argc, char **argv);
int ctl_cmd_fork(int argc, char **argv);
int ctl_cmd_recover(int argc, char **argv);
int ctl_cmd_import(int argc, char **argv);
int ctl_cmd_export(int argc, char **argv);
int ctl_cmd_init(int argc, char **argv);
int ctl_cmd_key(int argc, char **argv);
int ctl_cmd_person(int argc, char **argv);
int ctl_cmd_account(int argc, char **argv);

/* usage and help of a subcommand, from nordfedctl.c's table */
const char *ctl_usage(const char *name);
/* 1 when argv has --help/-h (help printed), else 0 */
int ctl_want_help(int argc, char **argv, const char *name);

#endif
