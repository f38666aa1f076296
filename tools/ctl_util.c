/*
 * ctl_util: the context every nordfedctl subcommand shares: finding the
 * node, its configuration, HTTP through libcurl's easy interface, the
 * pinned keys, colour, tables and the progress line. See ctl.h.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"
#include "entry.h"
#include "ini.h"
#include "record.h"

/* ---- small helpers --------------------------------------------------------- */

void
ctl_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("nordfedctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int64_t
ctl_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
ctl_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
ctl_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
ctl_origin(const char *s, char out[RECORD_ORIGIN_SIZE])
{
	if (s == NULL || strlen(s) != 2)
		return -1;
	out[0] = (char)toupper((unsigned char)s[0]);
	out[1] = (char)toupper((unsigned char)s[1]);
	out[2] = '\0';
	return record_origin_valid(out) ? 0 : -1;
}

/* ---- the node's configuration ------------------------------------------------ */

static void
resolve_path(const char *dir, const char *v, char *out, size_t len)
{
	int n;

	if (v[0] == '/' || dir[0] == '\0')
		n = snprintf(out, len, "%s", v);
	else
		n = snprintf(out, len, "%s/%s", dir, v);
	if (n < 0 || (size_t)n >= len)
		out[0] = '\0';		/* too long: as if not given */
}

int
ctl_conf_load(const char *path, struct ctl_conf *c, char *err, size_t errlen)
{
	FILE *f;
	struct ini in;
	char dir[CTL_PATH_MAX], section[80] = "", *k, *v;
	struct ctl_peer *peer = NULL;
	const char *slash, *why = NULL;
	int r;

	memset(c, 0, sizeof(*c));
	snprintf(c->path, sizeof(c->path), "%s", path);
	snprintf(c->listen, sizeof(c->listen), "127.0.0.1");
	c->port = 8470;
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	slash = strrchr(path, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if (dir[0] == '\0')
		snprintf(dir, sizeof(dir), "/");
	snprintf(c->data_dir, sizeof(c->data_dir), "/var/lib/nordfed");
	snprintf(c->database, sizeof(c->database), "nordfed.db");
	ini_open(&in, f);
	while ((r = ini_next(&in, &k, &v, &why)) != INI_END) {
		if (r == INI_ERROR)
			goto syntax;
		if (r == INI_SECTION) {
			/* [name], or [peer NAME]; a name on another
			 * section makes it one we do not know */
			snprintf(section, sizeof(section), "%s",
			    *v == '\0' || strcmp(k, "peer") == 0 ? k : "");
			peer = NULL;
			if (strcmp(k, "peer") == 0 && *v != '\0') {
				if (c->npeers == CTL_MAX_PEERS) {
					snprintf(err, errlen, "%s:%d: too many peers",
					    path, in.line);
					fclose(f);
					return -1;
				}
				peer = &c->peers[c->npeers++];
				snprintf(peer->name, sizeof(peer->name), "%s", v);
			}
			continue;
		}
		if (strcmp(section, "node") == 0) {
			if (strcmp(k, "country") == 0)
				ctl_origin(v, c->country);
			else if (strcmp(k, "listen") == 0)
				snprintf(c->listen, sizeof(c->listen), "%s", v);
			else if (strcmp(k, "port") == 0) {
				uint64_t p;

				if (ctl_parse_u64(v, 1, 65535, &p) != 0)
					goto syntax;
				c->port = (int)p;
			} else if (strcmp(k, "data_dir") == 0)
				resolve_path(dir, v, c->data_dir,
				    sizeof(c->data_dir));
			else if (strcmp(k, "database") == 0)
				snprintf(c->database, sizeof(c->database), "%s",
				    v);	/* taken in data_dir below */
			else if (strcmp(k, "key_file") == 0)
				resolve_path(dir, v, c->key_file,
				    sizeof(c->key_file));
			else if (strcmp(k, "token_file") == 0)
				resolve_path(dir, v, c->token_file,
				    sizeof(c->token_file));
		} else if (peer != NULL) {
			if (strcmp(k, "url") == 0) {
				size_t l;

				snprintf(peer->url, sizeof(peer->url), "%s", v);
				l = strlen(peer->url);
				while (l > 0 && peer->url[l - 1] == '/')
					peer->url[--l] = '\0';
			} else if (strcmp(k, "country") == 0)
				ctl_origin(v, peer->country);
			else if (strcmp(k, "public_key") == 0)
				snprintf(peer->public_key,
				    sizeof(peer->public_key), "%s", v);
			else if (strcmp(k, "ca_file") == 0)
				resolve_path(dir, v, peer->ca_file,
				    sizeof(peer->ca_file));
		} else if (strcmp(section, "pins") == 0 &&
		    c->npins < CTL_MAX_PINS) {
			if (ctl_origin(k, c->pins[c->npins].country) != 0)
				goto syntax;
			snprintf(c->pins[c->npins].public_key,
			    sizeof(c->pins[c->npins].public_key), "%s", v);
			c->npins++;
		}
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		fclose(f);
		return -1;
	}
	fclose(f);
	if (c->database[0] != '/') {	/* as the node: in data_dir */
		char db[CTL_PATH_MAX];

		resolve_path(c->data_dir, c->database, db, sizeof(db));
		snprintf(c->database, sizeof(c->database), "%s", db);
	}
	if (!c->country[0]) {
		snprintf(err, errlen, "%s: [node] country is missing", path);
		return -1;
	}
	return 0;
syntax:
	snprintf(err, errlen, "%s:%d: cannot read this line%s%s", path,
	    in.line, why ? ": " : "", why ? why : "");
	fclose(f);
	return -1;
}

/* ---- the context ----------------------------------------------------------------- */

void
ctl_init(struct ctl *c)
{
	memset(c, 0, sizeof(*c));
	c->timeout_ms = 10000;
}

int
ctl_option(struct ctl *c, int opt, const char *arg)
{
	uint64_t v;
	char err[CTL_PATH_MAX + 100];

	switch (opt) {
	case CTL_OPT_URL:
		snprintf(c->url, sizeof(c->url), "%s", arg);
		return 0;
	case CTL_OPT_TOKEN_FILE:
		c->token_file = arg;
		return 0;
	case 'c':
		if (ctl_conf_load(arg, &c->conf, err, sizeof(err)) != 0) {
			ctl_warn("%s", err);
			return -1;
		}
		c->has_conf = 1;
		return 0;
	case CTL_OPT_JSON:
		c->json = 1;
		return 0;
	case CTL_OPT_TIMEOUT:
		if (ctl_parse_u64(arg, 1, 3600, &v) != 0) {
			ctl_warn("--timeout is 1 to 3600 seconds");
			return -1;
		}
		c->timeout_ms = (long)v * 1000;
		return 0;
	default:
		return 1;
	}
}

int
ctl_ready(struct ctl *c)
{
	const char *nc = getenv("NO_COLOR"), *env = getenv("NORDFED_URL");
	size_t l;

	if (!c->url[0] && c->has_conf) {
		const char *h = c->conf.listen;

		if (strcmp(h, "0.0.0.0") == 0)
			h = "127.0.0.1";
		else if (strcmp(h, "::") == 0)
			h = "::1";
		if (strchr(h, ':') != NULL)
			snprintf(c->url, sizeof(c->url), "http://[%s]:%d", h,
			    c->conf.port);
		else
			snprintf(c->url, sizeof(c->url), "http://%s:%d", h,
			    c->conf.port);
	}
	if (!c->url[0])
		snprintf(c->url, sizeof(c->url), "%s",
		    env && *env ? env : CTL_DEFAULT_URL);
	l = strlen(c->url);
	while (l > 0 && c->url[l - 1] == '/')
		c->url[--l] = '\0';
	if (strncmp(c->url, "http://", 7) != 0 &&
	    strncmp(c->url, "https://", 8) != 0) {
		ctl_warn("--url must be http://host:port or https://...");
		return CTL_USAGE;
	}
	c->color = !c->json && isatty(STDOUT_FILENO) &&
	    (nc == NULL || *nc == '\0');
	return CTL_OK;
}

void
ctl_free(struct ctl *c)
{
	if (c->easy != NULL)
		curl_easy_cleanup(c->easy);
	c->easy = NULL;
	explicit_bzero(c->token, sizeof(c->token));
}

static int
read_token(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	const char *why = NULL;
	int r;

	if (f == NULL) {
		ctl_warn("token file %s: %s", path, strerror(errno));
		return CTL_IO;
	}
	while ((r = ini_read_line(f, line, sizeof(line), &why)) != 0) {
		char *s, *sp;

		if (r < 0) {
			ctl_warn("token file %s: %s", path, why);
			explicit_bzero(line, sizeof(line));
			fclose(f);
			return CTL_IO;
		}
		s = ini_trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		/* "name token" as in the node's token file, or the token
		 * alone; a scoped line ("name token org=ID") is an
		 * organisation's, not the operator's: skipped */
		sp = s + strcspn(s, " \t");
		if (*sp != '\0') {
			s = ini_trim(sp);
			sp = s + strcspn(s, " \t");
			if (*sp != '\0' && *ini_trim(sp) != '\0')
				continue;
		}
		snprintf(out, len, "%s", s);
		explicit_bzero(line, sizeof(line));
		fclose(f);
		return CTL_OK;
	}
	fclose(f);
	ctl_warn("token file %s holds no token", path);
	return CTL_IO;
}

int
ctl_token(struct ctl *c)
{
	const char *env = getenv("NORDFED_TOKEN");

	if (c->token[0])
		return CTL_OK;
	if (c->token_file != NULL)
		return read_token(c->token_file, c->token, sizeof(c->token));
	if (env != NULL && *env != '\0') {
		snprintf(c->token, sizeof(c->token), "%s", env);
		return CTL_OK;
	}
	if (c->has_conf && c->conf.token_file[0])
		return read_token(c->conf.token_file, c->token,
		    sizeof(c->token));
	ctl_warn("this needs a bearer token: --token-file FILE, "
	    "$NORDFED_TOKEN, or -c CONFIG with a token_file");
	return CTL_USAGE;
}

/* ---- HTTP -------------------------------------------------------------------------- */

size_t
ctl_resp_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct ctl_resp *r = arg;
	size_t n = size * nmemb;

	if (r->in.max == 0)
		r->in.max = CTL_RESP_MAX - 1;   /* and the NUL */
	if (nfbuf_add(&r->in, data, n) != 0)
		return 0;
	r->body = r->in.p;
	r->len = r->in.len;
	return n;
}

void
ctl_url(const struct ctl *c, const char *path, char *out, size_t len)
{
	if (path[0] == '/')
		snprintf(out, len, "%s%s", c->url, path);
	else
		snprintf(out, len, "%s", path);
}

int
ctl_http(struct ctl *c, const char *method, const char *url, const char *body,
    size_t blen, const char *ctype, int auth, struct ctl_resp *r)
{
	struct curl_slist *h = NULL;
	char full[CTL_URL_MAX + CTL_PATH_MAX], hdr[CTL_TOKEN_MAX + 64];
	CURLcode rc;

	memset(r, 0, sizeof(*r));
	ctl_url(c, url, full, sizeof(full));
	if (c->easy == NULL && (c->easy = curl_easy_init()) == NULL) {
		snprintf(r->error, sizeof(r->error), "cannot start libcurl");
		return -1;
	}
	curl_easy_reset(c->easy);
	curl_easy_setopt(c->easy, CURLOPT_URL, full);
	curl_easy_setopt(c->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->easy, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(c->easy, CURLOPT_CONNECTTIMEOUT_MS,
	    c->timeout_ms < 3000 ? c->timeout_ms : 3000L);
	curl_easy_setopt(c->easy, CURLOPT_USERAGENT, "nordfedctl/1");
	if (c->has_conf) {	/* a peer's own CA, as the node uses it */
		size_t i, l;

		for (i = 0; i < c->conf.npeers; i++) {
			const struct ctl_peer *p = &c->conf.peers[i];

			l = strlen(p->url);
			if (p->ca_file[0] && l > 0 &&
			    strncmp(full, p->url, l) == 0 &&
			    (full[l] == '/' || full[l] == '\0' || full[l] == '?')) {
				curl_easy_setopt(c->easy, CURLOPT_CAINFO,
				    p->ca_file);
				break;
			}
		}
	}
	curl_easy_setopt(c->easy, CURLOPT_WRITEFUNCTION, ctl_resp_write);
	curl_easy_setopt(c->easy, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c->easy, CURLOPT_ERRORBUFFER, r->error);
	curl_easy_setopt(c->easy, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c->easy, CURLOPT_NOBODY, 1L);
	if (body != NULL) {
		snprintf(hdr, sizeof(hdr), "Content-Type: %s",
		    ctype ? ctype : "application/json");
		h = curl_slist_append(h, hdr);
		curl_easy_setopt(c->easy, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c->easy, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)blen);
	}
	if (auth) {
		snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", c->token);
		h = curl_slist_append(h, hdr);
		explicit_bzero(hdr, sizeof(hdr));
	}
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c->easy, CURLOPT_HTTPHEADER, h);
	rc = curl_easy_perform(c->easy);
	curl_easy_setopt(c->easy, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(c->easy, CURLOPT_ERRORBUFFER, NULL);
	curl_slist_free_all(h);
	if (rc != CURLE_OK) {
		if (r->error[0] == '\0')
			snprintf(r->error, sizeof(r->error), "%s",
			    curl_easy_strerror(rc));
		ctl_resp_free(r);
		r->status = 0;
		return -1;
	}
	curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &r->status);
	return 0;
}

void
ctl_resp_free(struct ctl_resp *r)
{
	nfbuf_free(&r->in);
	r->body = NULL;
	r->len = 0;
}

int
ctl_pages(struct ctl *c, const char *path,
    int (*each)(void *arg, json_t *item), void (*page_done)(void *arg),
    void *arg)
{
	char url[CTL_URL_MAX + 2 * CTL_CURSOR_MAX], cursor[CTL_CURSOR_MAX] = "";
	int rc;

	for (;;) {
		json_t *page = NULL, *it;
		const char *next;
		char *esc = NULL;
		size_t i;
		int l;

		if (cursor[0] && (esc = curl_easy_escape(NULL, cursor, 0)) ==
		    NULL) {
			ctl_warn("%s: out of memory", path);
			return CTL_IO;
		}
		l = snprintf(url, sizeof(url), "%s%climit=%d%s%s", path,
		    strchr(path, '?') ? '&' : '?', CTL_PAGE,
		    esc ? "&cursor=" : "", esc ? esc : "");
		curl_free(esc);
		if (l < 0 || (size_t)l >= sizeof(url)) {
			ctl_warn("%s: the URL of a page is too long", path);
			return CTL_IO;
		}
		if ((rc = ctl_get_json(c, url, &page, 0)) != CTL_OK)
			return rc;
		json_array_foreach(json_object_get(page, "items"), i, it) {
			if ((rc = each(arg, it)) != CTL_OK) {
				json_decref(page);
				return rc;
			}
		}
		if (page_done != NULL)
			page_done(arg);
		next = json_string_value(json_object_get(page, "next"));
		if (next == NULL) {
			json_decref(page);
			return CTL_OK;
		}
		if (strlen(next) >= sizeof(cursor)) {
			ctl_warn("%s: the node's cursor is longer than %d bytes",
			    path, CTL_CURSOR_MAX - 1);
			json_decref(page);
			return CTL_IO;
		}
		snprintf(cursor, sizeof(cursor), "%s", next);
		json_decref(page);
	}
}

const char *
ctl_problem_text(const struct ctl_resp *r, char *buf, size_t len)
{
	json_t *p = r->body ? json_loadb(r->body, r->len, 0, NULL) : NULL;
	const char *d = json_string_value(json_object_get(p, "detail"));
	const char *code = json_string_value(json_object_get(p, "code"));

	if (d != NULL)
		snprintf(buf, len, "%s (%s)", d, code ? code : "error");
	else if (r->body != NULL && r->len > 0)
		snprintf(buf, len, "%.200s", r->body);
	else
		snprintf(buf, len, "HTTP %ld", r->status);
	json_decref(p);
	return buf;
}

static int
get_json(struct ctl *c, const char *url, json_t **out, int not_found_ok,
    int auth)
{
	struct ctl_resp r;
	json_error_t je;
	char full[CTL_URL_MAX + CTL_PATH_MAX], msg[400];

	*out = NULL;
	ctl_url(c, url, full, sizeof(full));
	if (ctl_http(c, "GET", url, NULL, 0, NULL, auth, &r) != 0) {
		ctl_warn("cannot reach %s: %s", full, r.error);
		return CTL_IO;
	}
	if (r.status == 404 && not_found_ok) {
		ctl_resp_free(&r);
		return CTL_NOTOK;
	}
	if (r.status != 200) {
		ctl_warn("%s: HTTP %ld: %s", full, r.status,
		    ctl_problem_text(&r, msg, sizeof(msg)));
		ctl_resp_free(&r);
		return CTL_IO;
	}
	*out = json_loadb(r.body ? r.body : "", r.len, 0, &je);
	ctl_resp_free(&r);
	if (*out == NULL) {
		ctl_warn("%s: not JSON: %s", full, je.text);
		return CTL_IO;
	}
	return CTL_OK;
}

int
ctl_get_json(struct ctl *c, const char *url, json_t **out, int not_found_ok)
{
	return get_json(c, url, out, not_found_ok, 0);
}

int
ctl_get_json_auth(struct ctl *c, const char *url, json_t **out,
    int not_found_ok)
{
	return get_json(c, url, out, not_found_ok, 1);
}

/* ---- keys -------------------------------------------------------------------------------- */

static int
kr_has(const struct keyring *kr, const char *cc)
{
	size_t i;

	for (i = 0; i < kr->n; i++)
		if (strcmp(kr->keys[i].origin, cc) == 0)
			return 1;
	return 0;
}

static void
kr_add_b64(struct keyring *kr, const char *cc, const char *b64)
{
	unsigned char pk[KEY_PUB_LEN];
	char o[RECORD_ORIGIN_SIZE];

	if (b64 == NULL || ctl_origin(cc, o) != 0 || kr_has(kr, o))
		return;
	if (keys_pub_decode(b64, pk, NULL) != 0) {
		ctl_warn("the key given for %s is not a public key", o);
		return;
	}
	keyring_add(kr, o, pk, 1);
}

/*
 * The node's own key history (GET /api/v1/node "keys", oldest first) for
 * its origin, in place of its current key alone (from key_file or the
 * node), so that entries signed before a rotation verify. A key the
 * operator gave for the origin in --keys is left alone.
 */
static void
kr_node_history(struct keyring *kr, const json_t *node)
{
	const json_t *keys = json_object_get(node, "keys"), *k;
	unsigned char cur[KEY_PUB_LEN], pk[KEY_PUB_LEN];
	size_t i, j = 0, n = 0;
	char o[RECORD_ORIGIN_SIZE];

	if (!json_is_array(keys) || json_array_size(keys) < 2 ||
	    ctl_origin(json_string_value(json_object_get(node, "country")),
	    o) != 0 || keys_pub_decode(json_string_value(json_object_get(node,
	    "public_key")), cur, NULL) != 0)
		return;
	for (i = 0; i < kr->n; i++)
		if (strcmp(kr->keys[i].origin, o) == 0 && (n++ > 0 ||
		    memcmp(kr->keys[i].pk, cur, KEY_PUB_LEN) != 0))
			return;
	json_array_foreach(keys, i, k)
		if (keys_pub_decode(json_string_value(json_object_get(k,
		    "public_key")), pk, NULL) != 0 ||
		    !json_is_integer(json_object_get(k, "from_seq")))
			return;
	for (i = 0; i < kr->n; i++)
		if (strcmp(kr->keys[i].origin, o) != 0)
			kr->keys[j++] = kr->keys[i];
	kr->n = j;
	json_array_foreach(keys, i, k) {
		json_t *u = json_object_get(k, "until_seq");

		keys_pub_decode(json_string_value(json_object_get(k,
		    "public_key")), pk, NULL);
		if (keyring_add(kr, o, pk, (uint64_t)json_integer_value(
		    json_object_get(k, "from_seq"))) != 0)
			return;
		if (json_is_integer(u))
			kr->keys[kr->n - 1].until_seq =
			    (uint64_t)json_integer_value(u);
	}
}

size_t
ctl_keyring(struct ctl *c, const char *keys_file, int online,
    struct keyring *kr)
{
	size_t i, n = 0;

	memset(kr, 0, sizeof(*kr));
	if (keys_file != NULL) {
		FILE *f = fopen(keys_file, "r");
		char line[512];
		const char *why = NULL;
		int r = 0;

		if (f == NULL)
			ctl_warn("--keys %s: %s", keys_file, strerror(errno));
		while (f != NULL &&
		    (r = ini_read_line(f, line, sizeof(line), &why)) > 0) {
			char *s = ini_trim(line), *k;

			if (*s == '\0' || *s == '#')
				continue;
			k = s + strcspn(s, " \t=");
			if (*k != '\0')
				*k++ = '\0';
			k += strspn(k, " \t=");
			kr_add_b64(kr, s, ini_trim(k));
		}
		if (r < 0)
			ctl_warn("--keys %s: %s", keys_file, why);
		if (f != NULL)
			fclose(f);
	}
	if (c->has_conf) {
		struct nf_key k;
		struct nferr err;

		if (c->conf.key_file[0] &&
		    keys_load_seed(c->conf.key_file, &k, &err) == 0) {
			if (!kr_has(kr, c->conf.country))
				keyring_add(kr, c->conf.country, k.pk, 1);
			keys_wipe(&k);
		}
		for (i = 0; i < c->conf.npeers; i++)
			kr_add_b64(kr, c->conf.peers[i].country,
			    c->conf.peers[i].public_key);
		for (i = 0; i < c->conf.npins; i++)
			kr_add_b64(kr, c->conf.pins[i].country,
			    c->conf.pins[i].public_key);
	}
	if (online) {
		json_t *node = NULL, *p;
		size_t k;
		struct ctl_resp r;

		/* quietly: a node that is down only means fewer keys */
		if (ctl_http(c, "GET", "/api/v1/node", NULL, 0, NULL, 0, &r) == 0 &&
		    r.status == 200)
			node = json_loadb(r.body, r.len, 0, NULL);
		ctl_resp_free(&r);
		kr_add_b64(kr, json_string_value(json_object_get(node, "country")),
		    json_string_value(json_object_get(node, "public_key")));
		kr_node_history(kr, node);
		json_array_foreach(json_object_get(node, "peers"), k, p)
			kr_add_b64(kr, json_string_value(json_object_get(p,
			    "country")), json_string_value(json_object_get(p,
			    "public_key")));
		json_decref(node);
	}
	for (i = 0; i < RECORD_NORIGIN; i++)
		n += kr_has(kr, record_origins[i]);
	return n;
}

/* ---- output ---------------------------------------------------------------------------- */

const char *
ctl_c(const struct ctl *c, const char *what)
{
	static const struct {
		const char *name, *seq;
	} t[] = {
		{ "red", "\033[31m" }, { "green", "\033[32m" },
		{ "yellow", "\033[33m" }, { "bold", "\033[1m" },
		{ "dim", "\033[2m" }, { "off", "\033[0m" },
	};
	size_t i;

	if (!c->color)
		return "";
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].name, what) == 0)
			return t[i].seq;
	return "";
}

void
ctl_ago(const char *ts, char *out, size_t len)
{
	int64_t ms, d;

	if (ts == NULL || entry_ts_parse(ts, &ms) != 0) {
		snprintf(out, len, "never");
		return;
	}
	d = (ctl_now_ms() - ms) / 1000;
	if (d < 0)
		d = 0;
	if (d < 120)
		snprintf(out, len, "%llds ago", (long long)d);
	else if (d < 7200)
		snprintf(out, len, "%lldm ago", (long long)(d / 60));
	else if (d < 172800)
		snprintf(out, len, "%lldh ago", (long long)(d / 3600));
	else
		snprintf(out, len, "%lldd ago", (long long)(d / 86400));
}

void
ctl_print_json(json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (s != NULL) {
		puts(s);
		free(s);
	}
	json_decref(v);
}

void
ctl_progress_start(struct ctl_progress *p, const char *what, uint64_t total)
{
	memset(p, 0, sizeof(*p));
	p->on = isatty(STDERR_FILENO);
	p->what = what;
	p->total = total;
	p->start_ms = ctl_mono_ms();
}

void
ctl_progress(struct ctl_progress *p, uint64_t done, int final)
{
	int64_t now = ctl_mono_ms(), el;
	double rate;

	if (!p->on || (!final && now - p->last_ms < 100))
		return;
	p->last_ms = now;
	el = now - p->start_ms;
	rate = el > 0 ? (double)done * 1000.0 / (double)el : 0.0;
	if (p->total > 0) {
		uint64_t left = done < p->total ? p->total - done : 0;
		long eta = rate > 0 ? (long)((double)left / rate) : 0;

		fprintf(stderr, "\r\033[K%llu/%llu %s (%.0f%%)  %.0f %s/s  "
		    "ETA %ld:%02ld", (unsigned long long)done,
		    (unsigned long long)p->total, p->what,
		    100.0 * (double)done / (double)p->total, rate, p->what,
		    eta / 60, eta % 60);
	} else {
		fprintf(stderr, "\r\033[K%llu %s  %.0f %s/s",
		    (unsigned long long)done, p->what, rate, p->what);
	}
	if (final)
		fprintf(stderr, "  in %.1fs\n", (double)el / 1000.0);
	fflush(stderr);
}

/* getopt_long over the common options plus extra; each extra option is
 * handed to take (NULL when there are none). Returns CTL_OK, or an exit
 * code after a message. */
int
ctl_parse_opts(struct ctl *c, int argc, char **argv, const char *name,
    const char *shortopts, const struct option *extra, size_t nextra,
    int (*take)(void *arg, int opt, const char *val), void *arg)
{
	static const struct option common[] = { CTL_COMMON_OPTIONS };
	struct option opts[32];
	size_t i, n = 0;
	int o, rc;

	for (i = 0; i < nextra && n < 24; i++)
		opts[n++] = extra[i];
	for (i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		opts[n++] = common[i];
	memset(&opts[n], 0, sizeof(opts[n]));
	while ((o = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		rc = ctl_option(c, o, optarg);
		if (rc < 0)
			return CTL_USAGE;
		if (rc == 0)
			continue;
		if (o == '?' || take == NULL || take(arg, o, optarg) != 0) {
			fprintf(stderr, "usage: nordfedctl %s\n", ctl_usage(name));
			return CTL_USAGE;
		}
	}
	return ctl_ready(c);
}

/* ---- small helpers ---------------------------------------------------------------- */

int
ctl_usage_error(const char *name)
{
	fprintf(stderr, "usage: nordfedctl %s\n", ctl_usage(name));
	return CTL_USAGE;
}

const char *
ctl_jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

json_int_t
ctl_jint(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}
