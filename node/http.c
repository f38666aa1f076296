/*
 * http: see http.h. Layout of this file: small helpers, routes and
 * patterns, the reply path (send_reply: the only place that writes a
 * response), request parsing helpers, the dispatcher (http_dispatch,
 * called by http_conn.c with a complete request), the server, and metrics.
 * Connections, framing and deadlines are in http_conn.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "http_int.h"
#include "log.h"

#define PROBLEM_BASE "https://nordfed.org/problems/"
#define CT_JSON "application/json; charset=utf-8"
#define CT_PROBLEM "application/problem+json; charset=utf-8"
#define EDGE_LOG_PER_SECOND 5

/* Histogram buckets, microseconds (printed as seconds). */
static const uint64_t bucket_us[HTTP_NBUCKETS] = {1000, 5000, 10000, 25000,
    50000, 100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000};
#define NBUCKETS HTTP_NBUCKETS

/* ---- helpers ---------------------------------------------------------- */

/* The methods a route may take, in the order Allow lists them. */
static const unsigned allow_order[] = {HTTP_GET, HTTP_HEAD, HTTP_POST,
    HTTP_PUT, HTTP_PATCH, HTTP_DELETE, HTTP_OPTIONS};
#define NALLOW (sizeof(allow_order) / sizeof(allow_order[0]))

static const char *
method_name(unsigned m)
{
	return http_method_name(m);
}

const char *
http_status_text(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 202:
		return "Accepted";
	case 204:
		return "No Content";
	case 304:
		return "Not Modified";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 406:
		return "Not Acceptable";
	case 409:
		return "Conflict";
	case 410:
		return "Gone";
	case 412:
		return "Precondition Failed";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Content";
	case 429:
		return "Too Many Requests";
	case 500:
		return "Internal Server Error";
	case 501:
		return "Not Implemented";
	case 502:
		return "Bad Gateway";
	case 503:
		return "Service Unavailable";
	case 504:
		return "Gateway Timeout";
	default:
		return "Unknown";
	}
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* 1 when s[0..n) is UTF-8 with no control characters. */
static int
text_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 0;
		k = utf8_seq(p + i, n - i);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* In place: invalid UTF-8 bytes and control characters become '?'. */
static void
text_sanitize(char *s)
{
	unsigned char *p = (unsigned char *)s;
	size_t n = strlen(s), i = 0, k;

	while (i < n) {
		k = (p[i] < 0x20 || p[i] == 0x7f) ? 0 : utf8_seq(p + i, n - i);
		if (k == 0) {
			p[i++] = '?';
			continue;
		}
		i += k;
	}
}

static uint64_t
elapsed_ns(const struct timespec *start)
{
	struct timespec now;
	int64_t ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (int64_t)(now.tv_sec - start->tv_sec) * 1000000000 +
	     (now.tv_nsec - start->tv_nsec);
	return ns < 0 ? 0 : (uint64_t)ns;
}

/* ---- patterns and routes ---------------------------------------------- */

static void
pattern_free(struct http_pattern *p)
{
	size_t i;

	free(p->text);
	for (i = 0; i < p->nseg; i++)
		free(p->seg[i]);
	free(p->stats);
	memset(p, 0, sizeof(*p));
}

/* Parse text into p (zeroed by the caller). 0 or -1 with why. */
static int
pattern_parse(const char *text, struct http_pattern *p, const char **why)
{
	const char *s = text, *e;
	size_t len, i, j;

	if (text == NULL || text[0] != '/' || strlen(text) >= HTTP_PATH_MAX) {
		*why = "must start with '/' and be shorter than HTTP_PATH_MAX";
		return -1;
	}
	p->text = strdup(text);
	if (p->text == NULL) {
		*why = "out of memory";
		return -1;
	}
	if (strcmp(text, "/") == 0)
		return 0;
	while (*s == '/') {
		s++;
		e = strchr(s, '/');
		len = e ? (size_t)(e - s) : strlen(s);
		if (len == 0) {
			*why = "empty segment";
			return -1;
		}
		if (p->nseg == HTTP_SEGMENTS_MAX) {
			*why = "too many segments";
			return -1;
		}
		i = p->nseg;
		if (s[0] == '{') {
			if (len < 3 || s[len - 1] != '}') {
				*why = "a parameter is a whole segment {name}";
				return -1;
			}
			p->is_param[i] = 1;
			p->seg[i] = strndup(s + 1, len - 2);
		} else {
			p->seg[i] = strndup(s, len);
		}
		if (p->seg[i] == NULL) {
			*why = "out of memory";
			return -1;
		}
		p->nseg++;
		for (j = 0; p->seg[i][j] != '\0'; j++) {
			unsigned char c = (unsigned char)p->seg[i][j];

			if (p->is_param[i]
			        ? !(islower(c) || isdigit(c) || c == '_')
			        : !(isalnum(c) ||
			              strchr("-._~:@!$&'()*+,;=", c) != NULL)) {
				*why = "bad character (parameters: a-z 0-9 _; "
				       "literals: unreserved characters, no %)";
				return -1;
			}
		}
		if (p->is_param[i]) {
			for (j = 0; j < i; j++) {
				if (p->is_param[j] &&
				    strcmp(p->seg[j], p->seg[i]) == 0) {
					*why = "parameter name used twice";
					return -1;
				}
			}
		}
		s += len;
	}
	if (*s != '\0') {
		*why = "trailing '/'";
		return -1;
	}
	return 0;
}

/* Same shape: same literals at the same places, params at the same places. */
static int
pattern_same_shape(const struct http_pattern *a, const struct http_pattern *b)
{
	size_t i;

	if (a->nseg != b->nseg)
		return 0;
	for (i = 0; i < a->nseg; i++) {
		if (a->is_param[i] != b->is_param[i])
			return 0;
		if (!a->is_param[i] && strcmp(a->seg[i], b->seg[i]) != 0)
			return 0;
	}
	return 1;
}

static unsigned
allowed_methods(const struct http_server *srv)
{
	unsigned m = HTTP_GET | HTTP_HEAD | HTTP_OPTIONS;
	size_t i;

	for (i = 0; i < srv->nroutes; i++)
		m |= srv->routes[i].methods;
	return m;
}

int
http_route_add(
    struct http_server *srv, const struct http_route *route, void *arg)
{
	struct http_pattern np, *p;
	struct route_entry *re;
	const char *why = NULL;
	size_t pi;

	memset(&np, 0, sizeof(np));
	if (route->handler == NULL || route->methods == 0 ||
	    (route->methods &
	        ~(unsigned)(HTTP_GET | HTTP_HEAD | HTTP_POST | HTTP_PUT |
	                    HTTP_DELETE | HTTP_OPTIONS | HTTP_PATCH)) != 0) {
		log_error("http: route %s: no handler or bad methods",
		    route->pattern ? route->pattern : "(null)");
		return -1;
	}
	if (pattern_parse(route->pattern, &np, &why) == -1) {
		log_error("http: route pattern \"%s\": %s",
		    route->pattern ? route->pattern : "(null)", why);
		pattern_free(&np);
		return -1;
	}
	for (pi = 1; pi < srv->npatterns; pi++) {
		p = &srv->patterns[pi];
		if (strcmp(p->text, np.text) == 0)
			break;
		if (pattern_same_shape(p, &np)) {
			log_error("http: route pattern %s conflicts with %s",
			    np.text, p->text);
			pattern_free(&np);
			return -1;
		}
	}
	if (pi < srv->npatterns) {
		pattern_free(&np);
		p = &srv->patterns[pi];
		if (p->methods & route->methods) {
			log_error(
			    "http: %s: a method is routed twice", p->text);
			return -1;
		}
	} else {
		if (srv->npatterns == srv->cappatterns) {
			size_t ncap = srv->cappatterns * 2;
			void *n = realloc(srv->patterns, ncap * sizeof(np));

			if (n == NULL) {
				pattern_free(&np);
				return -1;
			}
			srv->patterns = n;
			srv->cappatterns = ncap;
		}
		srv->patterns[pi] = np;
		srv->npatterns++;
		p = &srv->patterns[pi];
	}
	if (srv->nroutes == srv->caproutes) {
		size_t ncap = srv->caproutes ? srv->caproutes * 2 : 16;
		void *n = realloc(srv->routes, ncap * sizeof(*re));

		if (n == NULL)
			return -1;
		srv->routes = n;
		srv->caproutes = ncap;
	}
	re = &srv->routes[srv->nroutes++];
	re->pattern = pi;
	re->methods = route->methods;
	re->handler = route->handler;
	re->arg = arg;
	re->flags = route->flags;
	re->query = route->query;
	p->methods |= route->methods;
	return 0;
}

int
http_routes_add(struct http_server *srv, const struct http_route *routes,
    size_t n, void *arg)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (http_route_add(srv, &routes[i], arg) == -1)
			return -1;
	return 0;
}

/* ---- metrics and the access log -------------------------------------- */

/*
 * "?q=…&limit=…": the query's parameter names without their values, for
 * the access log (a search may hold a person's name, and the log must
 * hold no personal data: docs/operations.md, "Personal data"). "" when
 * there is no query.
 */
static void
query_names(const char *q, char *out, size_t len)
{
	size_t o = 0;

	out[0] = '\0';
	if (q == NULL || *q == '\0' || len < 8)
		return;
	out[o++] = '?';
	while (*q != '\0' && o + 6 < len) {
		size_t n = strcspn(q, "=&");

		if (n > len - o - 6)
			n = len - o - 6;
		memcpy(out + o, q, n);
		o += n;
		q += strcspn(q, "&");
		if (o + 5 < len) {
			memcpy(out + o, "=\xe2\x80\xa6", 4); /* "=…" */
			o += 4;
		}
		if (*q == '&' && o + 1 < len) {
			out[o++] = '&';
			q++;
		}
	}
	out[o] = '\0';
}

static void
account(struct http_req *r, int status, size_t bytes)
{
	struct http_pattern *p = &r->srv->patterns[r->pattern];
	uint64_t ns = elapsed_ns(&r->start), us = ns / 1000;
	size_t i;

	for (i = 0; i < NBUCKETS && us > bucket_us[i]; i++)
		;
	p->buckets[i]++;
	p->count++;
	p->sum_ns += ns;
	for (i = 0; i < p->nstats; i++)
		if (p->stats[i].method == (unsigned)r->method &&
		    p->stats[i].status == status)
			break;
	if (i == p->nstats) {
		if (p->nstats == p->capstats) {
			size_t ncap = p->capstats ? p->capstats * 2 : 4;
			void *n = realloc(p->stats, ncap * sizeof(*p->stats));

			if (n == NULL)
				goto log;
			p->stats = n;
			p->capstats = ncap;
		}
		p->stats[i].method = (unsigned)r->method;
		p->stats[i].status = status;
		p->stats[i].count = 0;
		p->nstats++;
	}
	p->stats[i].count++;
log:
	if (log_enabled(LOG_LEVEL_DEBUG)) {
		char names[256];

		query_names(r->head ? r->head->query : NULL, names,
		    sizeof(names));
		log_debug("http: %s \"%s %.256s%s\" %d %zu "
		    "%llu.%03llums%s%s",
		    r->conn ? http_conn_peer(r->conn) : "-",
		    method_name(r->method), r->path ? r->path : "-", names,
		    status, bytes,
		    (unsigned long long)(ns / 1000000),
		    (unsigned long long)(ns / 1000 % 1000),
		    r->principal ? " by " : "",
		    r->principal ? r->principal : "");
	}
}

static void
put_label(struct evbuffer *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			evbuffer_add_printf(out, "\\%c", *s);
		else if (*s == '\n')
			evbuffer_add(out, "\\n", 2);
		else
			evbuffer_add(out, s, 1);
	}
}

void
http_metrics_write(const struct http_server *srv, struct evbuffer *out)
{
	size_t i, j;

	http_conn_metrics(srv, out);
	evbuffer_add_printf(out,
	    "# HELP nordfed_http_requests_total HTTP requests answered, by "
	    "route pattern, method and status.\n"
	    "# TYPE nordfed_http_requests_total counter\n");
	for (i = 0; i < srv->npatterns; i++) {
		const struct http_pattern *p = &srv->patterns[i];

		for (j = 0; j < p->nstats; j++) {
			evbuffer_add_printf(
			    out, "nordfed_http_requests_total{route=\"");
			put_label(out, p->text);
			evbuffer_add_printf(out,
			    "\",method=\"%s\",status=\"%d\"}"
			    " %llu\n",
			    method_name(p->stats[j].method), p->stats[j].status,
			    (unsigned long long)p->stats[j].count);
		}
	}
	evbuffer_add_printf(out,
	    "# HELP nordfed_http_request_duration_seconds Time from dispatch "
	    "to reply, by route pattern.\n"
	    "# TYPE nordfed_http_request_duration_seconds histogram\n");
	for (i = 0; i < srv->npatterns; i++) {
		const struct http_pattern *p = &srv->patterns[i];
		uint64_t cum = 0;

		for (j = 0; j <= NBUCKETS; j++) {
			cum += p->buckets[j];
			evbuffer_add_printf(out,
			    "nordfed_http_request_duration_seconds_bucket{"
			    "route=\"");
			put_label(out, p->text);
			if (j < NBUCKETS)
				evbuffer_add_printf(out,
				    "\",le=\"%llu.%06llu\"} "
				    "%llu\n",
				    (unsigned long long)(bucket_us[j] /
				                         1000000),
				    (unsigned long long)(bucket_us[j] %
				                         1000000),
				    (unsigned long long)cum);
			else
				evbuffer_add_printf(out,
				    "\",le=\"+Inf\"} %llu\n",
				    (unsigned long long)cum);
		}
		evbuffer_add_printf(
		    out, "nordfed_http_request_duration_seconds_sum{route=\"");
		put_label(out, p->text);
		evbuffer_add_printf(out, "\"} %llu.%09llu\n",
		    (unsigned long long)(p->sum_ns / 1000000000),
		    (unsigned long long)(p->sum_ns % 1000000000));
		evbuffer_add_printf(out,
		    "nordfed_http_request_duration_seconds_count{route=\"");
		put_label(out, p->text);
		evbuffer_add_printf(
		    out, "\"} %llu\n", (unsigned long long)p->count);
	}
}

/* ---- the reply path --------------------------------------------------- */

static void
req_free(struct http_req *r)
{
	size_t i;

	if (r->deferred) {
		if (r->prev != NULL)
			r->prev->next = r->next;
		else
			r->srv->deferred = r->next;
		if (r->next != NULL)
			r->next->prev = r->prev;
	}
	for (i = 0; i < r->nparams; i++)
		free(r->params[i].value);
	evhttp_clear_headers(&r->query);
	if (r->out_headers != NULL)
		evbuffer_free(r->out_headers);
	free(r->own_headbuf);
	free(r->own_head);
	if (r->own_body != NULL)
		evbuffer_free(r->own_body);
	free(r);
}

void
http_req_adopt(struct http_req *r, char *headbuf,
    const struct http_head *head, struct evbuffer *body)
{
	r->conn = NULL;
	r->own_headbuf = headbuf;
	r->own_body = body;
	if (r->head != NULL && (r->own_head = malloc(sizeof(*head))) != NULL)
		*r->own_head = *head;
	r->head = r->own_head;
}

/* No body for these (RFC 9110 6.4.1). */
static int
status_has_body(int status)
{
	return status >= 200 && status != 204 && status != 304;
}

/* The only place a response is written. body may be NULL. */
static void
send_reply(struct http_req *r, int status, const char *content_type,
    struct evbuffer *body)
{
	struct http_server *srv = r->srv;
	size_t bytes = body ? evbuffer_get_length(body) : 0;
	struct evbuffer *out;
	int close;

	if (r->replied) {
		log_error("http: second reply (%d) to %s %.256s: a handler bug",
		    status, method_name(r->method), r->path ? r->path : "-");
		abort();
	}
	r->replied = 1;
	account(r, status, bytes);
	if (r->conn != NULL && (out = evbuffer_new()) != NULL) {
		close = r->close || srv->stopping ||
		    (r->head != NULL && !r->head->keep_alive);
		evbuffer_add_printf(out,
		    "HTTP/1.1 %d %s\r\nDate: %s\r\n", status,
		    http_status_text(status), http_date(srv));
		if (content_type != NULL)
			evbuffer_add_printf(out, "Content-Type: %s\r\n",
			    content_type);
		if (status_has_body(status))
			evbuffer_add_printf(out, "Content-Length: %zu\r\n",
			    bytes);
		evbuffer_add(out, "X-Content-Type-Options: nosniff\r\n", 33);
		if (close)
			evbuffer_add(out, "Connection: close\r\n", 19);
		else if (r->head != NULL && r->head->minor == 0)
			evbuffer_add(out, "Connection: keep-alive\r\n", 24);
		if (r->out_headers != NULL)
			evbuffer_add_buffer(out, r->out_headers);
		evbuffer_add(out, "\r\n", 2);
		if (body != NULL && status_has_body(status) &&
		    r->method != HTTP_HEAD)
			evbuffer_add_buffer(out, body);
		http_conn_respond(r->conn, out, close);
		evbuffer_free(out);
	} else if (r->conn != NULL) {
		/* out of memory: drop the connection rather than lie */
		http_conn_respond(r->conn, NULL, 1);
	}
	r->conn = NULL;
	r->head = NULL;
	r->body = NULL;
	if (!r->in_handler)
		req_free(r);
}

static int
dump_cb(const char *buf, size_t size, void *data)
{
	return evbuffer_add(data, buf, size);
}

int
http_problem(struct http_req *r, int status, const char *code,
    const char *field, const char *fmt, ...)
{
	char detail[512], type[160], fieldc[256];
	struct evbuffer *buf;
	json_t *o;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	text_sanitize(detail);
	if (code == NULL)
		code = "internal";
	snprintf(type, sizeof(type), PROBLEM_BASE "%s", code);
	snprintf(fieldc, sizeof(fieldc), "%s", field ? field : "");
	text_sanitize(fieldc);

	o = json_object();
	buf = evbuffer_new();
	rc = (o == NULL || buf == NULL) ? -1 : 0;
	if (rc == 0) {
		rc |= json_object_set_new(o, "type", json_string(type));
		rc |= json_object_set_new(
		    o, "title", json_string(http_status_text(status)));
		rc |= json_object_set_new(o, "status", json_integer(status));
		if (detail[0] != '\0')
			rc |= json_object_set_new(
			    o, "detail", json_string(detail));
		rc |= json_object_set_new(o, "code", json_string(code));
		if (fieldc[0] != '\0')
			rc |= json_object_set_new(
			    o, "field", json_string(fieldc));
		if (r->path != NULL && r->path[0] == '/') {
			/* the resource asked for, absolute at the node's
			 * public URL when it has one; never the query */
			const char *base = r->srv->conf->public_url;
			char inst[HTTP_PATH_MAX + 256];

			snprintf(inst, sizeof(inst), "%s%.*s",
			    base ? base : "", HTTP_PATH_MAX, r->path);
			text_sanitize(inst);
			rc |= json_object_set_new(
			    o, "instance", json_string(inst));
		}
	}
	if (rc == 0)
		rc = json_dump_callback(o, dump_cb, buf, JSON_COMPACT);
	json_decref(o);
	if (rc != 0) {
		/* Out of memory: a fixed body, still problem+json. */
		static const char oom[] =
		    "{\"type\":\"" PROBLEM_BASE
		    "internal\",\"title\":\"Internal Server Error\","
		    "\"status\":500,\"code\":\"internal\"}";
		if (buf != NULL)
			evbuffer_drain(buf, evbuffer_get_length(buf));
		status = 500;
		if (buf != NULL)
			evbuffer_add(buf, oom, sizeof(oom) - 1);
	}
	send_reply(r, status, CT_PROBLEM, buf);
	if (buf != NULL)
		evbuffer_free(buf);
	return -1;
}

int
http_problem_nferr(struct http_req *r, int status, const struct nferr *e)
{
	if (e == NULL || e->code == NULL)
		return http_problem(
		    r, status, "internal", NULL, "%s", e ? e->msg : "");
	return http_problem(r, status, e->code, e->field, "%s", e->msg);
}

void
http_reply_json(struct http_req *r, int status, json_t *body)
{
	struct evbuffer *buf;

	if (body == NULL) {
		http_problem(r, 500, "internal", NULL, "out of memory");
		return;
	}
	buf = evbuffer_new();
	if (buf == NULL || json_dump_callback(body, dump_cb, buf,
	                       JSON_COMPACT | JSON_ENCODE_ANY) != 0) {
		json_decref(body);
		if (buf != NULL)
			evbuffer_free(buf);
		http_problem(r, 500, "internal", NULL,
		    "the response could not be serialised");
		return;
	}
	json_decref(body);
	send_reply(r, status, CT_JSON, buf);
	evbuffer_free(buf);
}

void
http_reply(struct http_req *r, int status, const char *content_type,
    struct evbuffer *body)
{
	send_reply(r, status, content_type, body);
}

void
http_defer(struct http_req *r)
{
	if (r->deferred || r->replied)
		return;
	r->deferred = 1;
	r->prev = NULL;
	r->next = r->srv->deferred;
	if (r->next != NULL)
		r->next->prev = r;
	r->srv->deferred = r;
}

int
http_replied(const struct http_req *r)
{
	return r->replied;
}

int
http_add_header(struct http_req *r, const char *name, const char *value)
{
	size_t i;

	if (r->replied || name[0] == '\0')
		return -1;
	for (i = 0; name[i] != '\0'; i++)
		if ((unsigned char)name[i] <= ' ' || name[i] == ':' ||
		    (unsigned char)name[i] >= 0x7f)
			return -1;
	for (i = 0; value[i] != '\0'; i++)
		if (((unsigned char)value[i] < ' ' && value[i] != '\t') ||
		    value[i] == 0x7f)
			return -1;
	if (r->out_headers == NULL &&
	    (r->out_headers = evbuffer_new()) == NULL)
		return -1;
	return evbuffer_add_printf(r->out_headers, "%s: %s\r\n", name, value) <
	    0 ? -1 : 0;
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
		return http_problem(r, 400, "bad_parameter", name,
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

static int
check_json_type(struct http_req *r)
{
	const char *ct = http_header(r, "Content-Type");

	if (is_json_type(ct))
		return 0;
	return http_problem(r, 415, "unsupported_media_type", "Content-Type",
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
		return http_problem(r, 413, "body_too_large", NULL,
		    "the body is larger than %d bytes",
		    r->srv->conf->max_body_bytes);
	if (n == 0) {
		*data = "";
		*len = 0;
		return 0;
	}
	p = evbuffer_pullup(in, -1);
	if (p == NULL)
		return http_problem(r, 500, "internal", NULL, "out of memory");
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

	if (check_json_type(r) == -1 || http_body(r, &data, &len) == -1)
		return NULL;
	if (len == 0) {
		http_problem(r, 400, "malformed_json", NULL,
		    "the body is empty; a JSON document was expected");
		return NULL;
	}
	j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL)
		http_problem(r, 400, "malformed_json", NULL,
		    "line %d, column %d: %s", jerr.line, jerr.column,
		    jerr.text);
	return j;
}

/* ---- the dispatcher --------------------------------------------------- */

/* Split the raw path at '/' into segs (pointers into buf). -1: too many. */
static int
split_path(char *buf, char **segs, size_t *nseg)
{
	char *s = buf + 1;

	*nseg = 0;
	if (*s == '\0')
		return 0; /* "/" */
	for (;;) {
		char *e = strchr(s, '/');

		if (*nseg == HTTP_SEGMENTS_MAX)
			return -1;
		segs[(*nseg)++] = s;
		if (e == NULL)
			return 0;
		*e = '\0';
		s = e + 1;
	}
}

/* The best pattern for segs, or 0. */
static size_t
match_pattern(const struct http_server *srv, char **segs, size_t nseg)
{
	size_t best = 0, i, k;

	for (i = 1; i < srv->npatterns; i++) {
		const struct http_pattern *p = &srv->patterns[i];

		if (p->nseg != nseg)
			continue;
		for (k = 0; k < nseg; k++) {
			if (p->is_param[k] ? segs[k][0] == '\0'
			                   : strcmp(p->seg[k], segs[k]) != 0)
				break;
		}
		if (k < nseg)
			continue;
		if (best == 0) {
			best = i;
			continue;
		}
		/* A literal at the first difference wins. */
		for (k = 0; k < nseg; k++) {
			const struct http_pattern *b = &srv->patterns[best];

			if (p->is_param[k] != b->is_param[k]) {
				if (!p->is_param[k])
					best = i;
				break;
			}
		}
	}
	return best;
}

static void
allow_header(struct http_req *r, unsigned methods)
{
	char allow[128] = "";
	size_t i, off = 0;

	if (methods & HTTP_GET)
		methods |= HTTP_HEAD;
	methods |= HTTP_OPTIONS;
	for (i = 0; i < NALLOW; i++) {
		if (!(methods & allow_order[i]))
			continue;
		off += (size_t)snprintf(allow + off, sizeof(allow) - off,
		    "%s%s", off ? ", " : "", method_name(allow_order[i]));
		if (off >= sizeof(allow))
			break;
	}
	http_add_header(r, "Allow", allow);
}

static int
check_auth(struct http_req *r)
{
	const char *h = http_header(r, "Authorization");
	char token[HTTP_TOKEN_MAX + 1];
	const char *who;
	size_t n;

	if (h == NULL) {
		http_add_header(
		    r, "WWW-Authenticate", "Bearer realm=\"nordfed\"");
		return http_problem(r, 401, "unauthorized", "Authorization",
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
	return http_problem(r, 401, "unauthorized", "Authorization",
	    "the bearer token is not valid");
}

/* HTTP_AUTH_ACCOUNT: the authn callback decides, and replies when it
 * refuses. */
static int
check_authn(struct http_req *r)
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
		return http_problem(r, 401, "unauthorized", "Authorization",
		    "this request needs a bearer token or a session");
	}
	snprintf(r->principal_buf, sizeof(r->principal_buf), "%s", name);
	r->principal = r->principal_buf;
	return 0;
}

static int
decode_params(struct http_req *r, const struct http_pattern *p, char **segs)
{
	size_t k;

	for (k = 0; k < p->nseg; k++) {
		size_t n = 0;
		char *v;

		if (!p->is_param[k])
			continue;
		v = evhttp_uridecode(segs[k], 0, &n);
		if (v == NULL)
			return http_problem(
			    r, 500, "internal", NULL, "out of memory");
		r->params[r->nparams].name = p->seg[k];
		r->params[r->nparams].value = v;
		r->nparams++;
		if (n > HTTP_PARAM_MAX || n != strlen(v) || !text_ok(v, n))
			return http_problem(r, 400, "bad_path", p->seg[k],
			    "{%s} must be at most %d bytes of UTF-8 text "
			    "without "
			    "control characters",
			    p->seg[k], HTTP_PARAM_MAX);
	}
	return 0;
}

static int
parse_query(struct http_req *r, const char *qs, const char *const *allowed)
{
	char *copy, *s, *next;
	int rc = 0;

	if (qs == NULL || *qs == '\0')
		return 0;
	if (strlen(qs) > HTTP_QUERY_MAX)
		return http_problem(r, 414, "uri_too_long", NULL,
		    "the query string is longer than %d bytes", HTTP_QUERY_MAX);
	copy = strdup(qs);
	if (copy == NULL)
		return http_problem(r, 500, "internal", NULL, "out of memory");
	for (s = copy; s != NULL && rc == 0; s = next) {
		char *eq, *k = NULL, *v = NULL;
		size_t kl = 0, vl = 0, i;

		next = strchr(s, '&');
		if (next != NULL)
			*next++ = '\0';
		eq = strchr(s, '=');
		if (eq == NULL || eq == s) {
			rc = http_problem(r, 400, "bad_query", NULL,
			    "the query string must be name=value pairs "
			    "joined by &");
			break;
		}
		*eq = '\0';
		k = evhttp_uridecode(s, 1, &kl);
		v = evhttp_uridecode(eq + 1, 1, &vl);
		if (k == NULL || v == NULL) {
			rc = http_problem(
			    r, 500, "internal", NULL, "out of memory");
		} else if (kl == 0 || kl > HTTP_QNAME_MAX || kl != strlen(k) ||
		           !text_ok(k, kl)) {
			rc = http_problem(r, 400, "bad_query", NULL,
			    "query parameter names are 1-%d bytes of text",
			    HTTP_QNAME_MAX);
		} else if (vl > HTTP_QVALUE_MAX || vl != strlen(v) ||
		           !text_ok(v, vl)) {
			rc = http_problem(r, 400, "bad_query", k,
			    "%s must be at most %d bytes of UTF-8 text without "
			    "control characters",
			    k, HTTP_QVALUE_MAX);
		} else if (evhttp_find_header(&r->query, k) != NULL) {
			rc = http_problem(r, 400, "duplicate_parameter", k,
			    "%s is given more than once", k);
		} else {
			if (allowed != NULL) {
				for (i = 0; allowed[i] != NULL; i++)
					if (strcmp(allowed[i], k) == 0)
						break;
				if (allowed[i] == NULL)
					rc = http_problem(r, 400,
					    "unknown_parameter", k,
					    "%s is not a parameter of %s", k,
					    r->srv->patterns[r->pattern].text);
			}
			if (rc == 0 && evhttp_add_header(&r->query, k, v) != 0)
				rc = http_problem(
				    r, 400, "bad_query", k, "%s: bad value", k);
		}
		free(k);
		free(v);
	}
	free(copy);
	return rc;
}

static void
route_request(struct http_req *r)
{
	struct http_server *srv = r->srv;
	char pathbuf[HTTP_PATH_MAX + 1], *segs[HTTP_SEGMENTS_MAX];
	const struct route_entry *re = NULL;
	const struct http_pattern *p;
	unsigned m = r->method;
	size_t nseg = 0, i, len;

	len = strlen(r->path);
	if (len > HTTP_PATH_MAX) {
		http_problem(r, 414, "uri_too_long", NULL,
		    "the path is longer than %d bytes", HTTP_PATH_MAX);
		return;
	}
	if (strcmp(r->path, "*") == 0) {
		/* OPTIONS * (the parser lets "*" through for OPTIONS only) */
		allow_header(r, allowed_methods(srv));
		http_reply(r, 204, NULL, NULL);
		return;
	}
	memcpy(pathbuf, r->path, len + 1);
	if (pathbuf[0] != '/' || split_path(pathbuf, segs, &nseg) == -1 ||
	    (r->pattern = match_pattern(srv, segs, nseg)) == 0) {
		http_problem(r, 404, "not_found", NULL, "no resource at %.200s",
		    r->path);
		return;
	}
	p = &srv->patterns[r->pattern];
	for (i = 0; i < srv->nroutes && re == NULL; i++)
		if (srv->routes[i].pattern == r->pattern &&
		    (srv->routes[i].methods & m))
			re = &srv->routes[i];
	for (i = 0; i < srv->nroutes && re == NULL && m == HTTP_HEAD; i++)
		if (srv->routes[i].pattern == r->pattern &&
		    (srv->routes[i].methods & HTTP_GET))
			re = &srv->routes[i];
	if (re == NULL) {
		allow_header(r, p->methods);
		if (m == HTTP_OPTIONS)
			http_reply(r, 204, NULL, NULL);
		else
			http_problem(r, 405, "method_not_allowed", NULL,
			    "%s is not allowed on %s", method_name(m), p->text);
		return;
	}
	r->route = re;
	if ((re->flags & HTTP_AUTH_REQUIRED) && check_auth(r) == -1)
		return;
	if ((re->flags & HTTP_AUTH_ACCOUNT) && check_authn(r) == -1)
		return;
	if (decode_params(r, p, segs) == -1)
		return;
	if (parse_query(r, r->head->query, re->query) == -1)
		return;
	if (!(re->flags & HTTP_RAW_BODY) &&
	    (m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH) &&
	    (http_header(r, "Content-Type") != NULL ||
	        (r->body != NULL && evbuffer_get_length(r->body) > 0)) &&
	    check_json_type(r) == -1)
		return;
	re->handler(r, re->arg);
}

static struct http_req *
req_new(struct http_server *srv, struct http_conn *c, unsigned method)
{
	struct http_req *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	r->srv = srv;
	r->conn = c;
	r->method = method;
	TAILQ_INIT(&r->query);
	http_conn_set_req(c, r);
	return r;
}

void
http_dispatch(struct http_server *srv, struct http_conn *c,
    const struct http_head *h, struct evbuffer *body)
{
	struct http_req *r = req_new(srv, c, h->method);

	if (r == NULL) {
		http_conn_respond(c, NULL, 1);
		return;
	}
	r->head = h;
	r->body = body;
	r->path = h->path;
	r->in_handler = 1;
	route_request(r);
	r->in_handler = 0;
	if (r->replied) {
		req_free(r);
		return;
	}
	if (r->deferred)
		return;
	log_error("http: the handler of %s %s returned without a reply",
	    method_name(r->method), srv->patterns[r->pattern].text);
	http_problem(r, 500, "internal", NULL, "the request was not answered");
}

void
http_edge_problem(struct http_server *srv, struct http_conn *c,
    unsigned method, int status, const char *code, const char *detail)
{
	struct http_req *r = req_new(srv, c, method);

	if (r == NULL) {
		http_conn_respond(c, NULL, 1);
		return;
	}
	r->close = 1;
	http_problem(r, status, code, NULL, "%s", detail);
}

void
http_edge_log(struct http_server *srv, const char *fmt, ...)
{
	time_t now = time(NULL);
	va_list ap;

	if (now != srv->log_second) {
		if (srv->log_suppressed > 0)
			log_warn("http: %llu more lines like the above were "
			    "left out", (unsigned long long)srv->log_suppressed);
		srv->log_second = now;
		srv->log_count = 0;
		srv->log_suppressed = 0;
	}
	if (srv->log_count++ >= EDGE_LOG_PER_SECOND) {
		srv->log_suppressed++;
		return;
	}
	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_WARN, fmt, ap);
	va_end(ap);
}

/* ---- the server ------------------------------------------------------- */

struct http_server *
http_server_new(struct event_base *base, const struct conf *conf)
{
	struct http_server *srv = calloc(1, sizeof(*srv));

	if (srv == NULL)
		goto fail;
	srv->base = base;
	srv->conf = conf;
	TAILQ_INIT(&srv->conns);
	TAILQ_INIT(&srv->parked);
	srv->cappatterns = 16;
	srv->patterns = calloc(srv->cappatterns, sizeof(*srv->patterns));
	if (srv->patterns == NULL)
		goto fail;
	srv->patterns[0].text = strdup("unmatched");
	if (srv->patterns[0].text == NULL)
		goto fail;
	srv->npatterns = 1;
	return srv;
fail:
	log_error("http: cannot create the server: out of memory");
	http_server_free(srv);
	return NULL;
}

int
http_server_bind(struct http_server *srv, struct nferr *err)
{
	return http_conn_listen(srv, err);
}

int
http_server_port(const struct http_server *srv)
{
	return srv->port;
}

void
http_set_auth(struct http_server *srv, http_auth_fn fn, void *arg)
{
	srv->auth = fn;
	srv->auth_arg = arg;
}

void
http_set_authn(struct http_server *srv, http_authn_fn fn, void *arg)
{
	srv->authn = fn;
	srv->authn_arg = arg;
}

void
http_server_free(struct http_server *srv)
{
	size_t i;

	if (srv == NULL)
		return;
	/* Deferred requests get an answer while their connections live. */
	srv->stopping = 1;
	while (srv->deferred != NULL)
		http_problem(srv->deferred, 503, "shutting_down", NULL,
		    "the node is shutting down");
	http_conn_shutdown(srv);
	for (i = 0; i < srv->npatterns; i++)
		pattern_free(&srv->patterns[i]);
	free(srv->patterns);
	free(srv->routes);
	free(srv);
}
