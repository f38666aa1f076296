/*
 * http: see http.h. Layout of this file: small helpers, metrics and the
 * access log, the reply path (send_reply: the only place that writes a
 * response), the dispatcher (http_dispatch, called by http_conn.c with a
 * complete request), and the server. The route table is in
 * http_route.c, what a handler reads from its request in http_req.c,
 * connections, framing and deadlines in http_conn.c.
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
#include "problem.h"

#define PROBLEM_BASE "https://nordfed.org/problems/"
#define CT_JSON "application/json; charset=utf-8"
#define CT_PROBLEM "application/problem+json; charset=utf-8"
#define EDGE_LOG_PER_SECOND 5

/* Histogram buckets, microseconds (printed as seconds). */
static const uint64_t bucket_us[HTTP_NBUCKETS] = {1000, 5000, 10000, 25000,
    50000, 100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000};
#define NBUCKETS HTTP_NBUCKETS

/* ---- helpers ---------------------------------------------------------- */

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
	case 408:
		return "Request Timeout";
	case 409:
		return "Conflict";
	case 410:
		return "Gone";
	case 411:
		return "Length Required";
	case 412:
		return "Precondition Failed";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 415:
		return "Unsupported Media Type";
	case 417:
		return "Expectation Failed";
	case 422:
		return "Unprocessable Content";
	case 429:
		return "Too Many Requests";
	case 431:
		return "Request Header Fields Too Large";
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
	case 505:
		return "HTTP Version Not Supported";
	default:
		return "Unknown";
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
	http_text_sanitize(detail);
	if (code == NULL)
		code = "internal";
	snprintf(type, sizeof(type), PROBLEM_BASE "%s", code);
	snprintf(fieldc, sizeof(fieldc), "%s", field ? field : "");
	http_text_sanitize(fieldc);

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
			http_text_sanitize(inst);
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

void
http_reply_json(struct http_req *r, int status, json_t *body)
{
	struct evbuffer *buf;

	if (body == NULL) {
		problem_send(r, "internal", NULL, "out of memory");
		return;
	}
	buf = evbuffer_new();
	if (buf == NULL || json_dump_callback(body, dump_cb, buf,
	                       JSON_COMPACT | JSON_ENCODE_ANY) != 0) {
		json_decref(body);
		if (buf != NULL)
			evbuffer_free(buf);
		problem_send(r, "internal", NULL,
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

/* ---- the dispatcher --------------------------------------------------- */

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
		problem_send(r, "uri_too_long", NULL,
		    "the path is longer than %d bytes", HTTP_PATH_MAX);
		return;
	}
	if (strcmp(r->path, "*") == 0) {
		/* OPTIONS * (the parser lets "*" through for OPTIONS only) */
		http_allow_header(r, http_allowed_methods(srv));
		http_reply(r, 204, NULL, NULL);
		return;
	}
	memcpy(pathbuf, r->path, len + 1);
	if (pathbuf[0] != '/' || http_split_path(pathbuf, segs, &nseg) == -1 ||
	    (r->pattern = http_match_pattern(srv, segs, nseg)) == 0) {
		problem_send(r, "not_found", NULL, "no resource at %.200s",
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
		http_allow_header(r, p->methods);
		if (m == HTTP_OPTIONS)
			http_reply(r, 204, NULL, NULL);
		else
			problem_send(r, "method_not_allowed", NULL,
			    "%s is not allowed on %s", method_name(m), p->text);
		return;
	}
	r->route = re;
	if ((re->flags & HTTP_AUTH_REQUIRED) && http_check_auth(r) == -1)
		return;
	if ((re->flags & HTTP_AUTH_ACCOUNT) && http_check_authn(r) == -1)
		return;
	if (http_decode_params(r, p, segs) == -1)
		return;
	if (http_parse_query(r, r->head->query, re->query) == -1)
		return;
	if (!(re->flags & HTTP_RAW_BODY) &&
	    (m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH) &&
	    (http_header(r, "Content-Type") != NULL ||
	        (r->body != NULL && evbuffer_get_length(r->body) > 0)) &&
	    http_check_json_type(r) == -1)
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
	problem_send(r, "internal", NULL, "the request was not answered");
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
	/* the status is the table's (the parser's agrees: test_problem) */
	(void)status;
	problem_send(r, code, NULL, "%s", detail);
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
		problem_send(srv->deferred, "shutting_down", NULL,
		    "the node is shutting down");
	http_conn_shutdown(srv);
	for (i = 0; i < srv->npatterns; i++)
		http_pattern_free(&srv->patterns[i]);
	free(srv->patterns);
	free(srv->routes);
	free(srv);
}

