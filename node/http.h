/*
 * http: the node's HTTP server framework on libevent.
 *
 * It owns the server and its limits, a router from (method, path
 * pattern) to handlers, bearer authentication, request parsing helpers,
 * the one problem+json error builder, the access log and the request
 * metrics. The API routes themselves live elsewhere (api.c) and plug in
 * with http_route_add()/http_routes_add().
 *
 * The transport is the node's own (http_conn.c, http_parse.c): a strict
 * HTTP/1.1 parser and connections with a whole-request deadline, a minimum
 * rate, max_connections and lingering close. Whatever it refuses (bad
 * framing, smuggling shapes, an unknown method, a body over
 * max_body_bytes announced by Content-Length, a deadline passed) is
 * answered with the same problem+json builder and the connection closed.
 *
 * A complete request is routed; in this order it answers 404 (no pattern
 * matches the path), 405 with Allow (the pattern exists, not for this
 * method), 401 (route has HTTP_AUTH_REQUIRED and no valid bearer token,
 * or HTTP_AUTH_ACCOUNT and the authn callback refused it),
 * 400 (query string: bad syntax, repeated parameter, parameter not in the
 * route's list), 415 (POST/PUT/PATCH with a body or a Content-Type other
 * than application/json, unless HTTP_RAW_BODY), and only then calls the
 * handler. HEAD is served by GET routes (no body is sent); OPTIONS on a
 * known path, and OPTIONS *, are answered 204 with Allow unless a route
 * takes OPTIONS.
 *
 * Limits come from struct conf ([limits]): max_body_bytes,
 * max_header_bytes, request_timeout_s, keepalive_timeout_s,
 * min_request_rate and max_connections (docs/configuration.md, "The HTTP
 * edge").
 *
 * Replies: a handler answers exactly once with http_reply_json(),
 * http_reply() or http_problem() (through node/problem.h); a second reply is a
 * bug and aborts. A handler that returns without replying gets a 500
 * "internal" problem sent for it, unless it called http_defer() first, in
 * which case it must reply later, on the loop thread, before the server is
 * freed. Everything here runs on the event loop's thread only.
 *
 * Ownership: struct http_req belongs to the framework; it is valid from the
 * handler's call until its reply (do not touch it afterwards). Strings it
 * returns (params, query values, headers, principal) live as long as it.
 * The server borrows the event_base and the conf, which must outlive it.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>
#include <stdint.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>

#include "conf.h"
#include "http_parse.h"
#include "nferr.h"

struct http_server;
struct http_req;

/* Methods, bit values combinable in http_route.methods. */
#define HTTP_GET HTTP_M_GET
#define HTTP_HEAD HTTP_M_HEAD
#define HTTP_POST HTTP_M_POST
#define HTTP_PUT HTTP_M_PUT
#define HTTP_DELETE HTTP_M_DELETE
#define HTTP_OPTIONS HTTP_M_OPTIONS
#define HTTP_PATCH HTTP_M_PATCH

/* Route flags. */
#define HTTP_AUTH_REQUIRED 0x1 /* a bearer token the auth callback accepts */
#define HTTP_RAW_BODY 0x2      /* any Content-Type; the handler checks it */
#define HTTP_UNPARKED 0x4      /* small, cheap replies (health, metrics):
                                * served even while unread replies fill the
                                * output budget (http_conn.c, "Memory") */
#define HTTP_AUTH_ACCOUNT 0x8  /* whoever the authn callback accepts: a
                                  bearer token or a session (the handler
                                  then decides what that one may do) */

/* Bounds on what a request may carry (beyond conf's body/header limits). */
#define HTTP_PATH_MAX 2048   /* bytes of the raw path, else 414 */
#define HTTP_SEGMENTS_MAX 16 /* path segments in a pattern or path */
#define HTTP_PARAM_MAX 512   /* bytes of a decoded {param} */
#define HTTP_QUERY_MAX 4096  /* bytes of the raw query string, else 414 */
#define HTTP_QNAME_MAX 64    /* bytes of a query parameter name */
#define HTTP_QVALUE_MAX 1024 /* bytes of a decoded query value */
#define HTTP_TOKEN_MAX 256   /* bytes of a bearer token */

/* Called for each request; must reply (or http_defer) before returning. */
typedef void (*http_handler)(struct http_req *r, void *arg);

/*
 * A route. pattern is an absolute path whose segments are literals or
 * "{name}" parameters matching one non-empty segment, e.g.
 * "/api/v1/organisations/{id}". Where several patterns match a path, the
 * one with a literal at the first differing segment wins
 * ("/x/search" over "/x/{id}"). query, when not NULL, is the NULL-terminated
 * list of the query parameters the route accepts (an empty list accepts
 * none); NULL accepts any name. Repeated parameters are always refused.
 * The pattern and the query list are borrowed: use string literals and
 * static arrays.
 */
struct http_route {
	unsigned methods; /* HTTP_GET | HTTP_POST ... */
	const char *pattern;
	http_handler handler;
	unsigned flags; /* HTTP_AUTH_REQUIRED, HTTP_RAW_BODY */
	const char *const *query;
};

/*
 * Checks a bearer token: returns the name of its owner (borrowed, alive as
 * long as the server) or NULL to refuse. Set by main, e.g. around
 * conf_token_find(). Without a callback every HTTP_AUTH_REQUIRED route
 * answers 401.
 */
typedef const char *(*http_auth_fn)(void *arg, const char *token);

/*
 * Decides who sends a request on an HTTP_AUTH_ACCOUNT route, from the
 * whole request (Authorization, Cookie, a CSRF header...): writes the
 * principal's name (at most HTTP_PRINCIPAL_MAX-1 bytes, kept with the
 * request) to name and returns 0, or replies itself (401, 403) and
 * returns -1. Without a callback every such route answers 401.
 */
#define HTTP_PRINCIPAL_MAX 80
typedef int (*http_authn_fn)(void *arg, struct http_req *r, char *name,
    size_t len);

/* ---- the server ------------------------------------------------------- */

/* A server on base with conf's limits (conf borrowed). NULL on failure,
 * logged. */
struct http_server *http_server_new(
    struct event_base *base, const struct conf *conf);
/* Bind conf->listen:conf->port (port 0: an ephemeral port). 0 or -1. */
int http_server_bind(struct http_server *srv, struct nferr *err);
/* The bound port (useful after binding port 0); 0 before binding. */
int http_server_port(const struct http_server *srv);
/* Closes the listener and every connection; deferred requests are dropped
 * unanswered. NULL is allowed. */
void http_server_free(struct http_server *srv);

void http_set_auth(struct http_server *srv, http_auth_fn fn, void *arg);
void http_set_authn(struct http_server *srv, http_authn_fn fn, void *arg);

/* Register one route / n routes, all with the same handler arg. 0, or -1
 * (logged) for a bad pattern or a method already routed on that pattern. */
int http_route_add(
    struct http_server *srv, const struct http_route *route, void *arg);
int http_routes_add(struct http_server *srv, const struct http_route *routes,
    size_t n, void *arg);

/*
 * Prometheus text format: nordfed_http_requests_total{route,method,status}
 * and the histogram nordfed_http_request_duration_seconds{route} (time from
 * dispatch to reply). route is the pattern, or "unmatched" for 404s.
 */
void http_metrics_write(const struct http_server *srv, struct evbuffer *out);

/* ---- inside a handler ------------------------------------------------- */

struct http_server *http_req_server(const struct http_req *r);
const struct conf *http_req_conf(const struct http_req *r);
unsigned http_req_method(const struct http_req *r); /* HTTP_GET ... */
const char *http_req_path(const struct http_req *r); /* raw, undecoded */
/* A request header (first of its name), NULL when absent. */
const char *http_header(const struct http_req *r, const char *name);
/* The token owner's name on HTTP_AUTH_REQUIRED routes, the name the authn
 * callback gave on HTTP_AUTH_ACCOUNT routes, else NULL. */
const char *http_principal(const struct http_req *r);

/* The percent-decoded value of {name} in the pattern; NULL if no such
 * parameter. Decoded values are valid UTF-8 without control characters. */
const char *http_param(const struct http_req *r, const char *name);

/* A percent-decoded ('+' is a space) query parameter, NULL when absent. */
const char *http_query(const struct http_req *r, const char *name);
/* The parameters, for iteration. */
const struct evkeyvalq *http_query_all(const struct http_req *r);
/*
 * An integer query parameter in [min, max], def when absent. 0, or -1
 * after replying 400 "bad_parameter" naming it: the handler just returns.
 */
int http_query_int(struct http_req *r, const char *name, long long min,
    long long max, long long def, long long *out);

/*
 * The request body, contiguous, at most conf->max_body_bytes (else -1
 * after a 413 "body_too_large" reply). *data is borrowed from the request,
 * not NUL-terminated; "" with *len 0 when empty.
 */
int http_body(struct http_req *r, const char **data, size_t *len);
/*
 * The body parsed strictly as JSON (duplicate keys and trailing bytes
 * rejected): a new reference the caller must json_decref, or NULL after
 * replying 415 "unsupported_media_type", 413 "body_too_large" or 400
 * "malformed_json" (detail names the line and column).
 */
json_t *http_body_json(struct http_req *r);

/* Adds a response header (before the reply). 0 or -1 (bad header). */
int http_add_header(struct http_req *r, const char *name, const char *value);

/*
 * Replies with body serialised compactly (UTF-8 kept, not \u-escaped) as
 * "application/json; charset=utf-8". STEALS the reference to body, as
 * json_object_set_new does, even on failure; body NULL (an allocation that
 * failed upstream) gives a 500 problem instead.
 */
void http_reply_json(struct http_req *r, int status, json_t *body);
/* Replies with the contents of body (drained; the caller still frees the
 * evbuffer; NULL for none) and content_type (NULL: none, for 204/304). */
void http_reply(struct http_req *r, int status, const char *content_type,
    struct evbuffer *body);
/*
 * The one error builder: an RFC 9457 "application/problem+json;
 * charset=utf-8" reply {"type": "https://nordfed.org/problems/<code>",
 * "title", "status", "detail", "code", "field"} (field left out when NULL or
 * ""). code is stable and machine-readable; detail is for people. Returns
 * -1 so helpers can `return http_problem(...)`. Routes do not call it
 * with a status of their own: they answer with node/problem.h, whose
 * table gives the status of each code.
 */
int http_problem(struct http_req *r, int status, const char *code,
    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The handler will reply later (from another event on the loop). */
void http_defer(struct http_req *r);
int http_replied(const struct http_req *r);

/* The reason phrase of a status ("Not Found"); "Unknown" when unlisted. */
const char *http_status_text(int status);

#endif
