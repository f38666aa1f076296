/*
 * http_int: what http.c (routes, replies, metrics) and http_conn.c
 * (listener, connections, framing, deadlines) share. Private to those two
 * files; everything else uses http.h.
 *
 * A request's life: http_conn.c reads a head, checks it (http_parse.c),
 * reads its body, and calls http_dispatch(); http.c routes it, a handler
 * replies (at once or deferred), and send_reply() hands the serialised
 * response to http_conn_respond(). A connection carries one request at a
 * time: it reads nothing more until the response is written.
 */
#ifndef HTTP_INT_H
#define HTTP_INT_H

#include <stdint.h>
#include <sys/queue.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "http.h"
#include "http_parse.h"

/* Histogram buckets, microseconds (printed as seconds). */
#define HTTP_NBUCKETS 12
/* Bytes of replies the node holds for clients that have not read them;
 * beyond it new requests wait (http_conn.c, "Memory"). */
#define HTTP_OUTPUT_BUDGET (32u << 20)

struct http_stat {
	unsigned method;
	int status;
	uint64_t count;
};

struct http_pattern {
	char *text;
	size_t nseg;
	char *seg[HTTP_SEGMENTS_MAX]; /* literal, or param name */
	unsigned char is_param[HTTP_SEGMENTS_MAX];
	unsigned methods; /* union of its routes' */
	/* metrics */
	uint64_t buckets[HTTP_NBUCKETS + 1]; /* last one: above the top */
	uint64_t count, sum_ns;
	struct http_stat *stats;
	size_t nstats, capstats;
};

struct route_entry {
	size_t pattern;
	unsigned methods;
	http_handler handler;
	void *arg;
	unsigned flags;
	const char *const *query;
};

/* Why the edge closed connections (metrics and the one log line each). */
enum http_close_why {
	HTTP_CLOSE_DEADLINE,  /* the request did not arrive in time */
	HTTP_CLOSE_SLOW,      /* below min_request_rate */
	HTTP_CLOSE_REFUSED,   /* framing refused: 400/411/413/417/431/501/505 */
	HTTP_CLOSE_WRITE,     /* the reply was not read in time */
	HTTP_CLOSE_SHED,      /* idlest connection shed at max_connections */
	HTTP_CLOSE_FULL,      /* new connection refused: all were busy */
	HTTP_CLOSE_NWHY
};

struct http_conn;
TAILQ_HEAD(http_conn_list, http_conn);

struct http_server {
	struct event_base *base;
	const struct conf *conf;
	int port;
	http_auth_fn auth;
	void *auth_arg;
	http_authn_fn authn;
	void *authn_arg;
	struct http_pattern *patterns; /* [0] is "unmatched" */
	size_t npatterns, cappatterns;
	struct route_entry *routes;
	size_t nroutes, caproutes;
	struct http_req *deferred; /* waiting for a late reply */

	/* connections (http_conn.c) */
	struct evconnlistener *listener;
	struct http_conn_list conns; /* least recently active first */
	size_t nconns, max_conns;
	struct event *resume_ev;     /* accepting paused after EMFILE */
	int paused;
	uint64_t pause_episode;      /* accept errors in this episode */
	uint64_t shed_episode;       /* connections shed in this episode */
	struct timespec pause_since;
	int stopping;
	size_t out_queued;           /* bytes of replies not yet written */
	struct http_conn_list parked; /* waiting for out_queued to drop */
	struct event *unpark_ev;
	uint64_t parked_total;
	char date[40];               /* the Date header, per second */
	time_t date_at;
	/* counters for /metrics */
	uint64_t accepted, accept_errors, closed_why[HTTP_CLOSE_NWHY];
	/* the edge's log lines: at most a few a second */
	time_t log_second;
	unsigned log_count;
	uint64_t log_suppressed;
};

struct http_param_kv {
	const char *name; /* the pattern's */
	char *value;
};

struct http_req {
	struct http_server *srv;
	struct http_conn *conn;   /* NULL once the connection is gone */
	const struct http_head *head; /* borrowed from conn, until reply */
	struct evbuffer *body;        /* borrowed from conn, until reply */
	unsigned method;
	const char *path;
	size_t pattern; /* 0: unmatched */
	const struct route_entry *route;
	struct http_param_kv params[HTTP_SEGMENTS_MAX];
	size_t nparams;
	struct evkeyvalq query;
	const char *principal;
	char principal_buf[HTTP_PRINCIPAL_MAX]; /* from the authn callback */
	struct evbuffer *out_headers; /* "Name: value\r\n" lines */
	char *own_headbuf;            /* taken over from a dead connection */
	struct http_head *own_head;
	struct evbuffer *own_body;
	struct timespec start;
	int in_handler, replied, deferred, close;
	struct http_req *prev, *next; /* srv->deferred list */
};

/* ---- http.c, called by http_conn.c ----------------------------------- */

/* A request whose head and body are complete. */
void http_dispatch(struct http_server *srv, struct http_conn *c,
    const struct http_head *h, struct evbuffer *body);
/* The edge refused a request (framing, deadline): a problem reply, and
 * the connection closes after it. method is HTTP_M_OTHER when unknown. */
void http_edge_problem(struct http_server *srv, struct http_conn *c,
    unsigned method, int status, const char *code, const char *detail);
/* One log line about a client, rate-limited per server. */
void http_edge_log(struct http_server *srv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The connection of r is gone before the reply: r takes over the head's
 * bytes and the body its handler may still point at (owned, freed with r). */
void http_req_adopt(struct http_req *r, char *headbuf,
    const struct http_head *head, struct evbuffer *body);

/* ---- http_route.c ----------------------------------------------------- */

void http_pattern_free(struct http_pattern *p);
/* Every method some route takes, with GET, HEAD and OPTIONS. */
unsigned http_allowed_methods(const struct http_server *srv);
/* Split the raw path (buf, "/..." written on) at '/' into segs. -1: too
 * many segments. */
int http_split_path(char *buf, char **segs, size_t *nseg);
/* The best pattern for segs (a literal beats a parameter), 0 for none. */
size_t http_match_pattern(const struct http_server *srv, char **segs,
    size_t nseg);
/* An Allow header listing methods (HEAD with GET; OPTIONS always). */
void http_allow_header(struct http_req *r, unsigned methods);
/* 1 when path's route is flagged HTTP_UNPARKED. */
int http_route_unparked(const struct http_server *srv, const char *path);

/* ---- http_req.c -------------------------------------------------------- */

/* In place: invalid UTF-8 and control characters become '?'. */
void http_text_sanitize(char *s);
/* Each 0, or -1 after replying (401, 400, 414, 415) to r. */
int http_check_auth(struct http_req *r);
int http_check_authn(struct http_req *r); /* HTTP_AUTH_ACCOUNT routes */
int http_decode_params(struct http_req *r, const struct http_pattern *p,
    char **segs);
int http_parse_query(struct http_req *r, const char *qs,
    const char *const *allowed);
int http_check_json_type(struct http_req *r);

/* ---- http_conn.c, called by http.c ----------------------------------- */

/* Start listening (conf->listen, conf->port). 0 or -1 with err. */
int http_conn_listen(struct http_server *srv, struct nferr *err);
/* Close the listener and every connection. */
void http_conn_shutdown(struct http_server *srv);
/* r is the request a handler now holds on c (until http_conn_respond). */
void http_conn_set_req(struct http_conn *c, struct http_req *r);
/* Send a response (all of out, drained) on c; close after it when close.
 * The request that asked for it is done. out NULL: close at once. */
void http_conn_respond(struct http_conn *c, struct evbuffer *out, int close);
/* "address:port" of the client, for logs. Borrowed. */
const char *http_conn_peer(const struct http_conn *c);
/* The Date header value for now (cached per second). */
const char *http_date(struct http_server *srv);
/* Prometheus lines of the connection counters. */
void http_conn_metrics(const struct http_server *srv, struct evbuffer *out);

#endif
