/*
 * test_http: the HTTP framework end to end. A server on 127.0.0.1, port 0,
 * with a few toy routes, driven by raw-socket clients (bufferevents) on the
 * same event_base. Every exchange is bounded by a 5 s timer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <jansson.h>

#include "conf.h"
#include "http.h"
#include "http_int.h"
#include "log.h"

#define TOKEN "test-token-0123456789abcdefghijklmnop"
#define AUTH "Authorization: Bearer " TOKEN "\r\n"
#define JSON "Content-Type: application/json\r\n"

struct fixture {
	struct event_base *base;
	struct conf conf;
	struct http_server *srv;
	int port;
};

struct resp {
	int status;
	char *head; /* status line and headers, NUL-terminated */
	char *body; /* NUL-terminated */
	size_t body_len;
	int reset; /* the connection failed instead of answering */
	int timed_out;
};

/* ---- toy routes ------------------------------------------------------- */

static void
h_get_org(struct http_req *r, void *arg)
{
	(void)arg;
	http_reply_json(r, 200,
	    json_pack("{s:s, s:s}", "id", http_param(r, "id"), "name",
	        "Föreningen Norden"));
}

static void
h_search(struct http_req *r, void *arg)
{
	(void)arg;
	http_reply_json(r, 200, json_pack("{s:s}", "route", "search"));
}

static void
h_post_org(struct http_req *r, void *arg)
{
	json_t *j = http_body_json(r);

	(void)arg;
	if (j == NULL)
		return;
	http_reply_json(
	    r, 201, json_pack("{s:o, s:s}", "got", j, "by", http_principal(r)));
}

static void
h_log(struct http_req *r, void *arg)
{
	long long after, limit;

	(void)arg;
	if (http_query_int(r, "after", 0, 1000000, 0, &after) == -1 ||
	    http_query_int(r, "limit", 1, 200, 50, &limit) == -1)
		return;
	http_reply_json(r, 200,
	    json_pack("{s:s, s:I, s:I}", "origin", http_param(r, "origin"),
	        "after", (json_int_t)after, "limit", (json_int_t)limit));
}

static void
h_forgets(struct http_req *r, void *arg)
{
	(void)r;
	(void)arg;
}

static void
later_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http_req *r = arg;

	(void)fd;
	(void)what;
	http_reply_json(r, 200, json_pack("{s:b}", "late", 1));
}

static void
h_deferred(struct http_req *r, void *arg)
{
	struct fixture *f = arg;
	struct timeval tv = {0, 10000};

	http_defer(r);
	event_base_once(f->base, -1, EV_TIMEOUT, later_cb, r, &tv);
}

static void
h_metrics(struct http_req *r, void *arg)
{
	struct evbuffer *b = evbuffer_new();

	(void)arg;
	http_metrics_write(http_req_server(r), b);
	http_reply(r, 200, "text/plain; version=0.0.4; charset=utf-8", b);
	evbuffer_free(b);
}

/* A 1 MiB reply, for clients that never read it. */
static void
h_big(struct http_req *r, void *arg)
{
	struct evbuffer *b = evbuffer_new();
	static char chunk[65536];
	int i;

	(void)arg;
	memset(chunk, 'x', sizeof(chunk));
	for (i = 0; i < 16; i++)
		evbuffer_add(b, chunk, sizeof(chunk));
	http_reply(r, 200, "text/plain", b);
	evbuffer_free(b);
}

static const char *
auth_cb(void *arg, const char *token)
{
	(void)arg;
	return strcmp(token, TOKEN) == 0 ? "tester" : NULL;
}

static const char *const log_params[] = {"after", "limit", NULL};

static const struct http_route routes[] = {
    {HTTP_GET, "/api/v1/organisations/{id}", h_get_org, 0, NULL},
    {HTTP_GET, "/api/v1/organisations/search", h_search, 0, NULL},
    {HTTP_POST, "/api/v1/organisations", h_post_org, HTTP_AUTH_REQUIRED, NULL},
    {HTTP_GET, "/federation/v1/log/{origin}", h_log, 0, log_params},
    {HTTP_GET, "/forgets", h_forgets, 0, NULL},
    {HTTP_GET, "/metrics", h_metrics, HTTP_UNPARKED, NULL},
    {HTTP_GET, "/big", h_big, 0, NULL},
};

/* ---- the client ------------------------------------------------------- */

struct client {
	struct event_base *base;
	struct evbuffer *in;
	int done, error;
};

static void
cl_read(struct bufferevent *bev, void *arg)
{
	struct client *c = arg;

	evbuffer_add_buffer(c->in, bufferevent_get_input(bev));
}

static void
cl_event(struct bufferevent *bev, short what, void *arg)
{
	struct client *c = arg;

	if (what & BEV_EVENT_CONNECTED)
		return;
	cl_read(bev, arg);
	if (what & BEV_EVENT_ERROR)
		c->error = 1;
	c->done = 1;
	event_base_loopbreak(c->base);
}

static void
cl_timeout(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	event_base_loopbreak(arg);
}

static const char *
resp_header(const struct resp *r, const char *name)
{
	static char value[512];
	size_t nl = strlen(name);
	const char *p = strstr(r->head, "\r\n");

	while (p != NULL && p[2] != '\0') {
		const char *line = p + 2, *end = strstr(line, "\r\n");

		if (end == NULL)
			break;
		if (strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
			const char *v = line + nl + 1;

			while (*v == ' ')
				v++;
			snprintf(
			    value, sizeof(value), "%.*s", (int)(end - v), v);
			return value;
		}
		p = end;
	}
	return NULL;
}

static void
resp_free(struct resp *r)
{
	free(r->head);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

/* Sends raw bytes, reads until the server closes, parses the response. */
static void
exchange(struct fixture *f, const char *raw, size_t len, struct resp *out)
{
	struct client c = {f->base, evbuffer_new(), 0, 0};
	struct sockaddr_in sin;
	struct bufferevent *bev;
	struct event *timer;
	struct timeval tv = {5, 0};
	size_t n;
	char *all, *sep;

	memset(out, 0, sizeof(*out));
	assert_non_null(c.in);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)f->port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bev = bufferevent_socket_new(f->base, -1, BEV_OPT_CLOSE_ON_FREE);
	assert_non_null(bev);
	bufferevent_setcb(bev, cl_read, NULL, cl_event, &c);
	bufferevent_enable(bev, EV_READ | EV_WRITE);
	assert_int_equal(bufferevent_socket_connect(
	                     bev, (struct sockaddr *)&sin, sizeof(sin)),
	    0);
	bufferevent_write(bev, raw, len);
	timer = evtimer_new(f->base, cl_timeout, f->base);
	evtimer_add(timer, &tv);
	while (!c.done) {
		event_base_dispatch(f->base);
		if (!c.done) {
			out->timed_out = 1;
			break;
		}
	}
	event_free(timer);
	bufferevent_free(bev);

	out->reset = c.error;
	n = evbuffer_get_length(c.in);
	all = calloc(1, n + 1);
	assert_non_null(all);
	evbuffer_remove(c.in, all, n);
	evbuffer_free(c.in);
	sep = strstr(all, "\r\n\r\n");
	if (sep == NULL) {
		out->head = all;
		out->body = calloc(1, 1);
		return;
	}
	out->head = strndup(all, (size_t)(sep + 2 - all));
	out->body_len = n - (size_t)(sep + 4 - all);
	out->body = malloc(out->body_len + 1);
	assert_non_null(out->head);
	assert_non_null(out->body);
	memcpy(out->body, sep + 4, out->body_len);
	out->body[out->body_len] = '\0';
	free(all);
	if (sscanf(out->head, "HTTP/1.%*d %d", &out->status) != 1)
		out->status = -1;
}

static void
request(struct fixture *f, const char *method, const char *path,
    const char *headers, const char *body, struct resp *out)
{
	struct evbuffer *b = evbuffer_new();
	size_t n;
	char *raw;

	evbuffer_add_printf(b,
	    "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Connection: close\r\n%s",
	    method, path, headers ? headers : "");
	if (body != NULL)
		evbuffer_add_printf(
		    b, "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
	else
		evbuffer_add(b, "\r\n", 2);
	n = evbuffer_get_length(b);
	raw = malloc(n);
	assert_non_null(raw);
	evbuffer_remove(b, raw, n);
	evbuffer_free(b);
	exchange(f, raw, n, out);
	free(raw);
	if (out->reset || out->timed_out)
		fail_msg("%s %s: connection %s", method, path,
		    out->reset ? "reset" : "timed out");
}

/* Asserts a problem+json reply with status and code; returns the body. */
static json_t *
expect_problem(const struct resp *r, int status, const char *code)
{
	json_error_t jerr;
	json_t *j;
	char type[128];

	if (r->status != status)
		fail_msg("expected %d, got %d: %s%s", status, r->status,
		    r->head, r->body);
	assert_string_equal(resp_header(r, "Content-Type"),
	    "application/problem+json; charset=utf-8");
	j = json_loads(r->body, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL)
		fail_msg("problem body is not JSON: %s", r->body);
	snprintf(type, sizeof(type), "https://nordfed.org/problems/%s", code);
	assert_string_equal(
	    json_string_value(json_object_get(j, "code")), code);
	assert_string_equal(
	    json_string_value(json_object_get(j, "type")), type);
	assert_int_equal(
	    json_integer_value(json_object_get(j, "status")), status);
	assert_string_equal(json_string_value(json_object_get(j, "title")),
	    http_status_text(status));
	assert_non_null(json_string_value(json_object_get(j, "detail")));
	return j;
}

static json_t *
expect_json(const struct resp *r, int status)
{
	json_error_t jerr;
	json_t *j;

	if (r->status != status)
		fail_msg("expected %d, got %d: %s%s", status, r->status,
		    r->head, r->body);
	assert_string_equal(
	    resp_header(r, "Content-Type"), "application/json; charset=utf-8");
	j = json_loads(r->body, 0, &jerr);
	if (j == NULL)
		fail_msg("body is not JSON: %s", r->body);
	return j;
}

/* ---- fixture ---------------------------------------------------------- */

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const struct http_route deferred = {
	    HTTP_GET, "/deferred", h_deferred, 0, NULL};
	struct nferr err;

	if (f == NULL)
		return -1;
	/* As the node's main does: a peer closing must not kill us. */
	signal(SIGPIPE, SIG_IGN);
	log_init(
	    getenv("NORDFED_TEST_DEBUG") ? LOG_LEVEL_DEBUG : LOG_LEVEL_ERROR);
	f->base = event_base_new();
	if (f->base == NULL || conf_defaults(&f->conf) != 0)
		return -1;
	f->conf.port = 0;
	f->conf.max_body_bytes = 1024;
	f->conf.request_timeout_s = 5;
	f->srv = http_server_new(f->base, &f->conf);
	if (f->srv == NULL)
		return -1;
	http_set_auth(f->srv, auth_cb, NULL);
	if (http_routes_add(f->srv, routes, sizeof(routes) / sizeof(routes[0]),
	        NULL) != 0 ||
	    http_route_add(f->srv, &deferred, f) != 0)
		return -1;
	if (http_server_bind(f->srv, &err) != 0) {
		fprintf(stderr, "bind: %s\n", err.msg);
		return -1;
	}
	f->port = http_server_port(f->srv);
	if (f->port <= 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	http_server_free(f->srv);
	event_base_free(f->base);
	conf_free(&f->conf);
	free(f);
	return 0;
}

/* ---- tests ------------------------------------------------------------ */

static void
test_not_found(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	json_t *j;

	request(f, "GET", "/nope?x=1", NULL, NULL, &r);
	j = expect_problem(&r, 404, "not_found");
	assert_null(json_object_get(j, "field")); /* omitted when empty */
	/* the path asked for, without its query (no public_url here) */
	assert_string_equal(
	    json_string_value(json_object_get(j, "instance")), "/nope");
	json_decref(j);
	resp_free(&r);

	/* A trailing slash or an empty {param} is not the route. */
	request(f, "GET", "/api/v1/organisations/x/", NULL, NULL, &r);
	json_decref(expect_problem(&r, 404, "not_found"));
	resp_free(&r);
	request(f, "GET", "/api/v1/organisations//", NULL, NULL, &r);
	json_decref(expect_problem(&r, 404, "not_found"));
	resp_free(&r);
}

static void
test_method_not_allowed(void **state)
{
	struct fixture *f = *state;
	struct resp r;

	request(f, "POST", "/api/v1/organisations/x", JSON, "{}", &r);
	json_decref(expect_problem(&r, 405, "method_not_allowed"));
	assert_string_equal(resp_header(&r, "Allow"), "GET, HEAD, OPTIONS");
	resp_free(&r);

	request(f, "GET", "/api/v1/organisations", NULL, NULL, &r);
	json_decref(expect_problem(&r, 405, "method_not_allowed"));
	assert_string_equal(resp_header(&r, "Allow"), "POST, OPTIONS");
	resp_free(&r);

	request(f, "OPTIONS", "/api/v1/organisations/x", NULL, NULL, &r);
	assert_int_equal(r.status, 204);
	assert_string_equal(resp_header(&r, "Allow"), "GET, HEAD, OPTIONS");
	resp_free(&r);
}

static void
test_params_and_content_type(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	json_t *j;

	request(
	    f, "GET", "/api/v1/organisations/se%3Aorg%3A01JD3", NULL, NULL, &r);
	j = expect_json(&r, 200);
	assert_string_equal(
	    json_string_value(json_object_get(j, "id")), "se:org:01JD3");
	/* UTF-8 is sent as it is, not \u-escaped */
	assert_non_null(strstr(r.body, "Föreningen"));
	assert_string_equal(
	    resp_header(&r, "X-Content-Type-Options"), "nosniff");
	json_decref(j);
	resp_free(&r);

	/* a literal segment beats a parameter */
	request(f, "GET", "/api/v1/organisations/search", NULL, NULL, &r);
	j = expect_json(&r, 200);
	assert_string_equal(
	    json_string_value(json_object_get(j, "route")), "search");
	json_decref(j);
	resp_free(&r);

	/* invalid UTF-8 or control characters in a parameter */
	request(f, "GET", "/api/v1/organisations/%FF", NULL, NULL, &r);
	j = expect_problem(&r, 400, "bad_path");
	assert_string_equal(
	    json_string_value(json_object_get(j, "field")), "id");
	json_decref(j);
	resp_free(&r);
	request(f, "GET", "/api/v1/organisations/a%0Ab", NULL, NULL, &r);
	json_decref(expect_problem(&r, 400, "bad_path"));
	resp_free(&r);

	/* HEAD is served by the GET route, without a body */
	request(f, "HEAD", "/api/v1/organisations/x", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, 0);
	assert_non_null(resp_header(&r, "Content-Length"));
	assert_string_not_equal(resp_header(&r, "Content-Length"), "0");
	resp_free(&r);
}

static void
test_query(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	json_t *j;

	request(
	    f, "GET", "/federation/v1/log/SE?after=7&limit=20", NULL, NULL, &r);
	j = expect_json(&r, 200);
	assert_string_equal(
	    json_string_value(json_object_get(j, "origin")), "SE");
	assert_int_equal(json_integer_value(json_object_get(j, "after")), 7);
	assert_int_equal(json_integer_value(json_object_get(j, "limit")), 20);
	json_decref(j);
	resp_free(&r);

	request(f, "GET", "/federation/v1/log/SE", NULL, NULL, &r);
	j = expect_json(&r, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "limit")), 50);
	json_decref(j);
	resp_free(&r);

	request(
	    f, "GET", "/federation/v1/log/SE?after=1&after=2", NULL, NULL, &r);
	j = expect_problem(&r, 400, "duplicate_parameter");
	assert_string_equal(
	    json_string_value(json_object_get(j, "field")), "after");
	json_decref(j);
	resp_free(&r);

	request(f, "GET", "/federation/v1/log/SE?color=red", NULL, NULL, &r);
	json_decref(expect_problem(&r, 400, "unknown_parameter"));
	resp_free(&r);

	request(f, "GET", "/federation/v1/log/SE?limit=500", NULL, NULL, &r);
	j = expect_problem(&r, 400, "bad_parameter");
	assert_string_equal(
	    json_string_value(json_object_get(j, "field")), "limit");
	json_decref(j);
	resp_free(&r);

	request(f, "GET", "/federation/v1/log/SE?after=x1", NULL, NULL, &r);
	json_decref(expect_problem(&r, 400, "bad_parameter"));
	resp_free(&r);

	request(f, "GET", "/federation/v1/log/SE?after", NULL, NULL, &r);
	json_decref(expect_problem(&r, 400, "bad_query"));
	resp_free(&r);

	/* percent-decoding of values: %31 is "1" */
	request(f, "GET", "/federation/v1/log/SE?after=%31", NULL, NULL, &r);
	j = expect_json(&r, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "after")), 1);
	json_decref(j);
	resp_free(&r);
}

static void
test_auth(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	json_t *j;

	request(f, "POST", "/api/v1/organisations", JSON, "{\"a\":1}", &r);
	json_decref(expect_problem(&r, 401, "unauthorized"));
	assert_string_equal(
	    resp_header(&r, "WWW-Authenticate"), "Bearer realm=\"nordfed\"");
	resp_free(&r);

	request(f, "POST", "/api/v1/organisations",
	    JSON "Authorization: Bearer wrong-token\r\n", "{\"a\":1}", &r);
	json_decref(expect_problem(&r, 401, "unauthorized"));
	assert_non_null(strstr(
	    resp_header(&r, "WWW-Authenticate"), "error=\"invalid_token\""));
	resp_free(&r);

	request(f, "POST", "/api/v1/organisations",
	    JSON "Authorization: Basic dXNlcjpwYXNz\r\n", "{\"a\":1}", &r);
	json_decref(expect_problem(&r, 401, "unauthorized"));
	resp_free(&r);

	request(f, "POST", "/api/v1/organisations", JSON AUTH,
	    "{\"a\":1,\"å\":\"ø\"}", &r);
	j = expect_json(&r, 201);
	assert_string_equal(
	    json_string_value(json_object_get(j, "by")), "tester");
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(j, "got"), "a")),
	    1);
	json_decref(j);
	resp_free(&r);
}

static void
test_bodies(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	json_t *j;

	/* wrong and missing content types */
	request(f, "POST", "/api/v1/organisations",
	    AUTH "Content-Type: text/plain\r\n", "{}", &r);
	j = expect_problem(&r, 415, "unsupported_media_type");
	assert_string_equal(
	    json_string_value(json_object_get(j, "field")), "Content-Type");
	json_decref(j);
	resp_free(&r);
	request(f, "POST", "/api/v1/organisations", AUTH, "{}", &r);
	json_decref(expect_problem(&r, 415, "unsupported_media_type"));
	resp_free(&r);
	request(f, "POST", "/api/v1/organisations",
	    AUTH "Content-Type: application/json; charset=latin1\r\n", "{}",
	    &r);
	json_decref(expect_problem(&r, 415, "unsupported_media_type"));
	resp_free(&r);
	request(f, "POST", "/api/v1/organisations",
	    AUTH "Content-Type: Application/JSON; Charset=\"UTF-8\"\r\n", "{}",
	    &r);
	json_decref(expect_json(&r, 201));
	resp_free(&r);

	/* malformed JSON: 400 with the line and column */
	request(
	    f, "POST", "/api/v1/organisations", JSON AUTH, "{\"a\":1,}", &r);
	j = expect_problem(&r, 400, "malformed_json");
	assert_non_null(strstr(
	    json_string_value(json_object_get(j, "detail")), "line 1, column"));
	json_decref(j);
	resp_free(&r);
	request(f, "POST", "/api/v1/organisations", JSON AUTH,
	    "{\"a\":1,\"a\":2}", &r);
	json_decref(expect_problem(&r, 400, "malformed_json"));
	resp_free(&r);
	request(f, "POST", "/api/v1/organisations", JSON AUTH, "{} x", &r);
	json_decref(expect_problem(&r, 400, "malformed_json"));
	resp_free(&r);
	request(f, "POST", "/api/v1/organisations", JSON AUTH, "", &r);
	json_decref(expect_problem(&r, 400, "malformed_json"));
	resp_free(&r);
}

static void
test_too_large(void **state)
{
	struct fixture *f = *state;
	const size_t sizes[] = {1025, 256 * 1024};
	struct resp r;
	size_t i;

	/* Read to the end and answered 413, not reset (lingering close). */
	for (i = 0; i < 2; i++) {
		size_t n = sizes[i];
		char *body = malloc(n + 1);

		assert_non_null(body);
		memset(body, ' ', n);
		body[0] = '[';
		body[n - 1] = ']';
		body[n] = '\0';
		request(
		    f, "POST", "/api/v1/organisations", JSON AUTH, body, &r);
		free(body);
		assert_false(r.reset);
		assert_int_equal(r.status, 413);
		resp_free(&r);
	}

	/* Exactly the limit is accepted. */
	{
		char body[1025];

		memset(body, ' ', 1024);
		body[0] = '[';
		body[1023] = ']';
		body[1024] = '\0';
		request(
		    f, "POST", "/api/v1/organisations", JSON AUTH, body, &r);
		json_decref(expect_json(&r, 201));
		resp_free(&r);
	}
}

static void
test_handler_contract(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	json_t *j;

	/* A handler that forgets to reply: 500, and the server lives on. */
	request(f, "GET", "/forgets", NULL, NULL, &r);
	json_decref(expect_problem(&r, 500, "internal"));
	resp_free(&r);

	/* A deferred reply from a later event. */
	request(f, "GET", "/deferred", NULL, NULL, &r);
	j = expect_json(&r, 200);
	assert_true(json_is_true(json_object_get(j, "late")));
	json_decref(j);
	resp_free(&r);
}

static void
test_metrics(void **state)
{
	struct fixture *f = *state;
	struct resp r;

	request(f, "GET", "/api/v1/organisations/abc", NULL, NULL, &r);
	resp_free(&r);
	request(f, "GET", "/nope", NULL, NULL, &r);
	resp_free(&r);
	request(f, "GET", "/metrics", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(resp_header(&r, "Content-Type"),
	    "text/plain; version=0.0.4; charset=utf-8");
	assert_non_null(
	    strstr(r.body, "# TYPE nordfed_http_requests_total counter\n"));
	assert_non_null(strstr(r.body,
	    "nordfed_http_requests_total{route=\"/api/v1/organisations/{id}\","
	    "method=\"GET\",status=\"200\"}"));
	assert_non_null(
	    strstr(r.body, "nordfed_http_requests_total{route="
	                   "\"unmatched\",method=\"GET\",status=\"404\"}"));
	assert_non_null(strstr(r.body,
	    "# TYPE nordfed_http_request_duration_seconds histogram\n"));
	assert_non_null(strstr(r.body,
	    "nordfed_http_request_duration_seconds_"
	    "bucket{route=\"/api/v1/organisations/{id}\",le=\"0.005000\"}"));
	assert_non_null(strstr(r.body, "le=\"+Inf\"}"));
	assert_non_null(strstr(r.body, "nordfed_http_request_duration_seconds_"
	                               "count{route=\"/metrics\"} 0\n"));
	resp_free(&r);
}

static void
test_route_registration(void **state)
{
	struct fixture *f = *state;
	const struct http_route bad[] = {
	    {HTTP_GET, "no-slash", h_search, 0, NULL},
	    {HTTP_GET, "/a//b", h_search, 0, NULL},
	    {HTTP_GET, "/a/{x}y", h_search, 0, NULL},
	    {HTTP_GET, "/a/{x}/{x}", h_search, 0, NULL},
	    {HTTP_GET, "/a/", h_search, 0, NULL},
	    /* same shape as /api/v1/organisations/{id} */
	    {HTTP_POST, "/api/v1/organisations/{org}", h_search, 0, NULL},
	    /* GET already routed there */
	    {HTTP_GET, "/api/v1/organisations/{id}", h_search, 0, NULL},
	    {0, "/b", h_search, 0, NULL},
	    {HTTP_GET, "/b", NULL, 0, NULL},
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (http_route_add(f->srv, &bad[i], NULL) != -1)
			fail_msg(
			    "route %zu (%s) was accepted", i, bad[i].pattern);
}

static void
test_raw_garbage(void **state)
{
	struct fixture *f = *state;
	static const char junk[] = "NOT HTTP AT ALL\r\n\r\n";
	struct resp r;

	/* answered 400 problem+json, and the server lives on */
	exchange(f, junk, sizeof(junk) - 1, &r);
	assert_false(r.timed_out);
	json_decref(expect_problem(&r, 400, "bad_request"));
	assert_string_equal(resp_header(&r, "Connection"), "close");
	resp_free(&r);
	request(f, "GET", "/api/v1/organisations/still-alive", NULL, NULL, &r);
	json_decref(expect_json(&r, 200));
	resp_free(&r);
}

static void
test_keep_alive_and_pipelining(void **state)
{
	struct fixture *f = *state;
	static const char two[] =
	    "GET /api/v1/organisations/first HTTP/1.1\r\nHost: x\r\n\r\n"
	    "HEAD /api/v1/organisations/head HTTP/1.1\r\nHost: x\r\n\r\n"
	    "GET /api/v1/organisations/second HTTP/1.1\r\nHost: x\r\n"
	    "Connection: close\r\n\r\n";
	static const char one_oh[] =
	    "GET /api/v1/organisations/x HTTP/1.0\r\n\r\n";
	struct resp r;
	const char *a, *b;

	/* three requests in one write: three answers, in order, on one
	 * connection that closes after the one that asked */
	exchange(f, two, sizeof(two) - 1, &r);
	assert_false(r.timed_out);
	assert_int_equal(r.status, 200);
	a = strstr(r.body, "\"first\"");
	b = strstr(r.body, "\"second\"");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b);
	assert_null(strstr(r.body, "\"head\""));	/* HEAD: no body */
	assert_non_null(strstr(r.body, "HTTP/1.1 200 OK"));
	resp_free(&r);

	/* HTTP/1.0 closes unless asked to keep alive */
	exchange(f, one_oh, sizeof(one_oh) - 1, &r);
	assert_false(r.timed_out);
	assert_int_equal(r.status, 200);
	resp_free(&r);
}

/* Running out of descriptors: the server sheds idle connections and keeps
 * going; once descriptors are back it serves at once. */
static void
test_descriptor_exhaustion(void **state)
{
	struct fixture *f = *state;
	struct rlimit old, low;
	struct sockaddr_in sin;
	struct timeval tv = {0, 300000};
	struct evbuffer *m;
	int socks[256], n = 0, open_fds = 0, i;
	char *text;
	struct resp r;
	DIR *d;

	d = opendir("/proc/self/fd");
	assert_non_null(d);
	while (readdir(d) != NULL)
		open_fds++;
	closedir(d);
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
	low = old;
	low.rlim_cur = (rlim_t)open_fds + 40;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)f->port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* clients take every descriptor left; the kernel queues them */
	while (n < 256) {
		int s = socket(AF_INET, SOCK_STREAM, 0);

		if (s < 0)
			break;
		if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
			close(s);
			break;
		}
		socks[n++] = s;
	}
	assert_true(n >= 20);
	/* the server accepts what it can, sheds, and must not spin */
	event_base_loopexit(f->base, &tv);
	event_base_dispatch(f->base);
	for (i = 0; i < n; i++)
		close(socks[i]);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
	m = evbuffer_new();
	assert_non_null(m);
	http_metrics_write(f->srv, m);
	evbuffer_add(m, "", 1);
	text = (char *)evbuffer_pullup(m, -1);
	if (strstr(text, "nordfed_http_accept_errors_total 0\n") != NULL)
		fail_msg("no accept failed: %s", text);
	if (strstr(text, "nordfed_http_closed_total{reason=\"shed\"} 0\n") !=
	    NULL)
		fail_msg("no connection was shed: %s", text);
	evbuffer_free(m);
	request(f, "GET", "/api/v1/organisations/after", NULL, NULL, &r);
	json_decref(expect_json(&r, 200));
	resp_free(&r);
}

/* Clients that ask for big replies and never read them: beyond the
 * output budget new requests wait, and are served once those clients are
 * gone. */
static void
test_unread_replies_are_bounded(void **state)
{
	struct fixture *f = *state;
	static const char get_big[] = "GET /big HTTP/1.1\r\nHost: x\r\n\r\n";
	struct sockaddr_in sin;
	struct timeval tv = {0, 300000};
	struct evbuffer *m;
	int socks[64], n = 0, i, small = 2048;
	char *text, *q;
	unsigned long long queued = 0, parked = 0;
	struct resp r;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)f->port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (n = 0; n < 64; n++) {
		int s = socket(AF_INET, SOCK_STREAM, 0);

		assert_true(s >= 0);
		setsockopt(s, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
		assert_int_equal(
		    connect(s, (struct sockaddr *)&sin, sizeof(sin)), 0);
		assert_int_equal(send(s, get_big, sizeof(get_big) - 1, 0),
		    (ssize_t)(sizeof(get_big) - 1));
		socks[n] = s;
	}
	event_base_loopexit(f->base, &tv);
	event_base_dispatch(f->base);
	m = evbuffer_new();
	assert_non_null(m);
	http_metrics_write(f->srv, m);
	evbuffer_add(m, "", 1);
	text = (char *)evbuffer_pullup(m, -1);
	q = strstr(text, "\nnordfed_http_reply_bytes_queued ");
	assert_non_null(q);
	queued = strtoull(q + 34, NULL, 10);
	q = strstr(text, "\nnordfed_http_parked_total ");
	assert_non_null(q);
	parked = strtoull(q + 28, NULL, 10);
	evbuffer_free(m);
	/* held for clients: at most the budget and one more reply */
	if (queued > (32u << 20) + (1u << 20) || parked == 0)
		fail_msg("queued %llu bytes, %llu requests parked", queued,
		    parked);
	for (i = 0; i < n; i++)
		close(socks[i]);
	request(f, "GET", "/api/v1/organisations/after", NULL, NULL, &r);
	json_decref(expect_json(&r, 200));
	resp_free(&r);
}

/* Which routes are never parked (HTTP_UNPARKED): the lookup http_conn.c
 * makes before parking a request. */
static void
test_unparked_routes(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(http_route_unparked(f->srv, "/metrics"), 1);
	assert_int_equal(http_route_unparked(f->srv, "/big"), 0);
	assert_int_equal(
	    http_route_unparked(f->srv, "/api/v1/organisations/x"), 0);
	assert_int_equal(http_route_unparked(f->srv, "/nope"), 0);
	assert_int_equal(http_route_unparked(f->srv, "*"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_not_found),
	    cmocka_unit_test(test_method_not_allowed),
	    cmocka_unit_test(test_params_and_content_type),
	    cmocka_unit_test(test_query),
	    cmocka_unit_test(test_auth),
	    cmocka_unit_test(test_bodies),
	    cmocka_unit_test(test_too_large),
	    cmocka_unit_test(test_handler_contract),
	    cmocka_unit_test(test_metrics),
	    cmocka_unit_test(test_route_registration),
	    cmocka_unit_test(test_raw_garbage),
	    cmocka_unit_test(test_keep_alive_and_pipelining),
	    cmocka_unit_test(test_descriptor_exhaustion),
	    cmocka_unit_test(test_unread_replies_are_bounded),
	    cmocka_unit_test(test_unparked_routes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
