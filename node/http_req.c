/*
 * http_req: what a handler reads from its request (http.h, "inside a
 * handler"): accessors, the path parameters, the query string, the body
 * and the bearer token, each checked before the handler runs. Shared with
 * http.c through http_int.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "http_int.h"
#include "log.h"
#include "utf8.h"
#include "problem.h"

/* ---- text ------------------------------------------------------------- */

/* 1 when s[0..n) is UTF-8 with no control characters. */
static int
text_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 0;
		k = utf8_decode(p + i, n - i, NULL);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* In place: invalid UTF-8 bytes and control characters become '?'. */
void
http_text_sanitize(char *s)
{
	unsigned char *p = (unsigned char *)s;
	size_t n = strlen(s), i = 0, k;

	while (i < n) {
		k = (p[i] < 0x20 || p[i] == 0x7f) ? 0 :
		    utf8_decode(p + i, n - i, NULL);
		if (k == 0) {
			p[i++] = '?';
			continue;
		}
		i += k;
	}
}

/* ---- accessors -------------------------------------------------------- */

struct http_server *
http_req_server(const struct http_req *r)
{
	return r->srv;
}

const struct conf *
http_req_conf(const struct http_req *r)
{
	return r->srv->conf;
}

unsigned
http_req_method(const struct http_req *r)
{
	return r->method;
}

const char *
http_req_path(const struct http_req *r)
{
	return r->path;
}

const char *
http_header(const struct http_req *r, const char *name)
{
	if (r->head == NULL)
		return NULL;
	return http_head_get(r->head, name);
}

const char *
http_principal(const struct http_req *r)
{
	return r->principal;
}

const char *
http_param(const struct http_req *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].name, name) == 0)
			return r->params[i].value;
	return NULL;
}

const char *
http_query(const struct http_req *r, const char *name)
{
	return evhttp_find_header(&r->query, name);
}

const struct evkeyvalq *
http_query_all(const struct http_req *r)
{
	return &r->query;
}

int
http_query_int(struct http_req *r, const char *name, long long min,
    long long max, long long def, long long *out)
{
	const char *v = http_query(r, name);
	const char *p;
	long long n;
	char *end;

	if (v == NULL) {
		*out = def;
		return 0;
	}
	p = (*v == '-') ? v + 1 : v;
	errno = 0;
	if (*p == '\0' || strspn(p, "0123456789") != strlen(p) ||
	    (n = strtoll(v, &end, 10), errno != 0) || n < min || n > max)
		return problem_send(r, "bad_parameter", name,
		    "%s must be an integer from %lld to %lld", name, min, max);
	*out = n;
	return 0;
}

/* ---- bodies ----------------------------------------------------------- */

/* application/json, any case, optional parameters; charset utf-8 if any. */
static int
is_json_type(const char *ct)
{
	static const char mt[] = "application/json";
	const char *p;

	if (ct == NULL)
		return 0;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (strncasecmp(ct, mt, sizeof(mt) - 1) != 0)
		return 0;
	p = ct + sizeof(mt) - 1;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return 1;
	if (*p != ';')
		return 0;
	/* Parameters: only a charset matters. */
	while (*p == ';') {
		const char *name, *val;
		size_t nl, vl;

		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		name = p;
		nl = strcspn(p, "=;");
		p += nl;
		if (*p != '=')
			return 0;
		val = ++p;
		vl = strcspn(p, ";");
		p += vl;
		while (nl > 0 && (name[nl - 1] == ' ' || name[nl - 1] == '\t'))
			nl--;
		while (vl > 0 && (val[vl - 1] == ' ' || val[vl - 1] == '\t'))
			vl--;
		if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
			val++;
			vl -= 2;
		}
		if (nl == 7 && strncasecmp(name, "charset", 7) == 0 &&
		    !(vl == 5 && strncasecmp(val, "utf-8", 5) == 0))
			return 0;
	}
	return 1;
}

int
http_check_json_type(struct http_req *r)
{
	const char *ct = http_header(r, "Content-Type");

	if (is_json_type(ct))
		return 0;
	return problem_send(r, "unsupported_media_type", "Content-Type",
	    "the body must be application/json (UTF-8), not %.100s",
	    ct ? ct : "a body without Content-Type");
}

int
http_body(struct http_req *r, const char **data, size_t *len)
{
	struct evbuffer *in = r->body;
	size_t n = in ? evbuffer_get_length(in) : 0;
	unsigned char *p;

	if (n > (size_t)r->srv->conf->max_body_bytes)
		return problem_send(r, "body_too_large", NULL,
		    "the body is larger than %d bytes",
		    r->srv->conf->max_body_bytes);
	if (n == 0) {
		*data = "";
		*len = 0;
		return 0;
	}
	p = evbuffer_pullup(in, -1);
	if (p == NULL)
		return problem_send(r, "internal", NULL, "out of memory");
	*data = (const char *)p;
	*len = n;
	return 0;
}

json_t *
http_body_json(struct http_req *r)
{
	json_error_t jerr;
	const char *data = NULL;
	size_t len = 0;
	json_t *j;

	if (http_check_json_type(r) == -1 || http_body(r, &data, &len) == -1)
		return NULL;
	if (len == 0) {
		problem_send(r, "malformed_json", NULL,
		    "the body is empty; a JSON document was expected");
		return NULL;
	}
	j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL)
		problem_send(r, "malformed_json", NULL,
		    "line %d, column %d: %s", jerr.line, jerr.column,
		    jerr.text);
	return j;
}

/* ---- checks before the handler ---------------------------------------- */

int
http_check_auth(struct http_req *r)
{
	const char *h = http_header(r, "Authorization");
	char token[HTTP_TOKEN_MAX + 1];
	const char *who;
	size_t n;

	if (h == NULL) {
		http_add_header(
		    r, "WWW-Authenticate", "Bearer realm=\"nordfed\"");
		return problem_send(r, "unauthorized", "Authorization",
		    "this request needs an Authorization: Bearer token");
	}
	while (*h == ' ')
		h++;
	if (strncasecmp(h, "Bearer ", 7) != 0)
		goto bad;
	h += 7;
	while (*h == ' ')
		h++;
	n = strlen(h);
	while (n > 0 && (h[n - 1] == ' ' || h[n - 1] == '\t'))
		n--;
	if (n == 0 || n > HTTP_TOKEN_MAX)
		goto bad;
	memcpy(token, h, n);
	token[n] = '\0';
	/* RFC 6750 b64token */
	if (strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                  "0123456789-._~+/=") != n)
		goto bad;
	who = r->srv->auth ? r->srv->auth(r->srv->auth_arg, token) : NULL;
	explicit_bzero(token, sizeof(token));
	if (who == NULL)
		goto bad;
	r->principal = who;
	return 0;
bad:
	explicit_bzero(token, sizeof(token));
	http_add_header(r, "WWW-Authenticate",
	    "Bearer realm=\"nordfed\", error=\"invalid_token\"");
	return problem_send(r, "unauthorized", "Authorization",
	    "the bearer token is not valid");
}

/* HTTP_AUTH_ACCOUNT: the authn callback decides, and replies when it
 * refuses. */
int
http_check_authn(struct http_req *r)
{
	char name[HTTP_PRINCIPAL_MAX];

	name[0] = '\0';
	if (r->srv->authn == NULL ||
	    r->srv->authn(r->srv->authn_arg, r, name, sizeof(name)) != 0 ||
	    name[0] == '\0') {
		if (r->replied)
			return -1;
		http_add_header(
		    r, "WWW-Authenticate", "Bearer realm=\"nordfed\"");
		return problem_send(r, "unauthorized", "Authorization",
		    "this request needs a bearer token or a session");
	}
	snprintf(r->principal_buf, sizeof(r->principal_buf), "%s", name);
	r->principal = r->principal_buf;
	return 0;
}

int
http_decode_params(struct http_req *r, const struct http_pattern *p, char **segs)
{
	size_t k;

	for (k = 0; k < p->nseg; k++) {
		size_t n = 0;
		char *v;

		if (!p->is_param[k])
			continue;
		v = evhttp_uridecode(segs[k], 0, &n);
		if (v == NULL)
			return problem_send(r, "internal", NULL, "out of memory");
		r->params[r->nparams].name = p->seg[k];
		r->params[r->nparams].value = v;
		r->nparams++;
		if (n > HTTP_PARAM_MAX || n != strlen(v) || !text_ok(v, n))
			return problem_send(r, "bad_path", p->seg[k],
			    "{%s} must be at most %d bytes of UTF-8 text "
			    "without "
			    "control characters",
			    p->seg[k], HTTP_PARAM_MAX);
	}
	return 0;
}

int
http_parse_query(struct http_req *r, const char *qs, const char *const *allowed)
{
	char *copy, *s, *next;
	int rc = 0;

	if (qs == NULL || *qs == '\0')
		return 0;
	if (strlen(qs) > HTTP_QUERY_MAX)
		return problem_send(r, "uri_too_long", NULL,
		    "the query string is longer than %d bytes", HTTP_QUERY_MAX);
	copy = strdup(qs);
	if (copy == NULL)
		return problem_send(r, "internal", NULL, "out of memory");
	for (s = copy; s != NULL && rc == 0; s = next) {
		char *eq, *k = NULL, *v = NULL;
		size_t kl = 0, vl = 0, i;

		next = strchr(s, '&');
		if (next != NULL)
			*next++ = '\0';
		eq = strchr(s, '=');
		if (eq == NULL || eq == s) {
			rc = problem_send(r, "bad_query", NULL,
			    "the query string must be name=value pairs "
			    "joined by &");
			break;
		}
		*eq = '\0';
		k = evhttp_uridecode(s, 1, &kl);
		v = evhttp_uridecode(eq + 1, 1, &vl);
		if (k == NULL || v == NULL) {
			rc = problem_send(r, "internal", NULL, "out of memory");
		} else if (kl == 0 || kl > HTTP_QNAME_MAX || kl != strlen(k) ||
		           !text_ok(k, kl)) {
			rc = problem_send(r, "bad_query", NULL,
			    "query parameter names are 1-%d bytes of text",
			    HTTP_QNAME_MAX);
		} else if (vl > HTTP_QVALUE_MAX || vl != strlen(v) ||
		           !text_ok(v, vl)) {
			rc = problem_send(r, "bad_query", k,
			    "%s must be at most %d bytes of UTF-8 text without "
			    "control characters",
			    k, HTTP_QVALUE_MAX);
		} else if (evhttp_find_header(&r->query, k) != NULL) {
			rc = problem_send(r, "duplicate_parameter", k,
			    "%s is given more than once", k);
		} else {
			if (allowed != NULL) {
				for (i = 0; allowed[i] != NULL; i++)
					if (strcmp(allowed[i], k) == 0)
						break;
				if (allowed[i] == NULL)
					rc = problem_send(r, "unknown_parameter", k,
					    "%s is not a parameter of %s", k,
					    r->srv->patterns[r->pattern].text);
			}
			if (rc == 0 && evhttp_add_header(&r->query, k, v) != 0)
				rc = problem_send(r, "bad_query", k, "%s: bad value", k);
		}
		free(k);
		free(v);
	}
	free(copy);
	return rc;
}
