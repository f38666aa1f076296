/*
 * http_conn: the node's HTTP/1.1 connections (docs/configuration.md,
 * "The HTTP edge"). It owns the listening socket, every client connection
 * and their timers; it frames requests (http_parse.c) and hands complete
 * ones to http.c, then writes the response http.c gives back.
 *
 * A connection is in one state at a time:
 *
 *   WAIT    between requests: no byte of the next one yet. The first
 *           request must start within request_timeout_s of the accept; a
 *           kept-alive connection may wait keepalive_timeout_s, then it is
 *           closed without a word.
 *   HEAD    reading the request line and headers (at most max_header_bytes)
 *   BODY    reading Content-Length bytes of body (at most max_body_bytes,
 *           refused as soon as the head announces more)
 *   BUSY    a handler has the request (possibly deferred); what arrives
 *           meanwhile (a pipelined request) waits in the input buffer,
 *           which the read watermark bounds
 *   WRITE   the response is being written; the same
 *   LINGER  closing: our side is shut down for writing, whatever the client
 *           still sends is read and dropped (at most LINGER_BYTES, for at
 *           most LINGER_MS) so that the client sees our answer, not a reset
 *
 * Deadlines: from the first byte of a request, the whole request (head and
 * body) must arrive within request_timeout_s, and after the first
 * RATE_GRACE_MS at an average of min_request_rate bytes a second; else it
 * is answered 408 and closed. A response must be read within
 * request_timeout_s. Each close for cause is one log line (rate-limited by
 * http_edge_log) and a count in /metrics.
 *
 * Memory: replies are written whole into the connection's buffer. While
 * the replies not yet taken by their clients exceed HTTP_OUTPUT_BUDGET, a
 * newly complete request is parked (PARK) until they drop below it, so a
 * crowd of clients that ask and never read cannot grow the node without
 * bound, nor make it do the work of more replies nobody reads: their
 * replies leave memory when read, or at their deadline. Routes flagged
 * HTTP_UNPARKED (health, metrics: small replies) are never parked, so
 * monitoring sees the node meanwhile. (Closing the
 * slowest reader instead was tried: the node then built every reply the
 * crowd asked for, and the soak's peak RSS went from 97 to 250 MB.)
 * out_queued counts each reply whole until it is written; the kernel may
 * hold most of it already, so before parking anything the count is
 * brought down to what the buffers really hold (recount).
 *
 * Descriptors: at most max_connections connections (default: the
 * descriptor limit less a reserve). A new connection beyond that sheds the
 * least recently active connection that is not being served; when every
 * connection is being served the new one gets a 503 and is closed. When
 * accept fails for want of descriptors (EMFILE, ENFILE) the idlest
 * connection is shed, or accepting pauses ACCEPT_PAUSE_MS at a time; one
 * log line starts such an episode and one ends it.
 *
 * Ownership: the server owns its connections (srv->conns); a connection
 * owns its bufferevent (and socket), its timer, the current head's bytes
 * and body. While a request is BUSY, the http_req (http.c) points at the
 * connection; if the connection dies first, it hands the head and body to
 * the request (http_req_adopt) so the handler's pointers stay valid.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <unistd.h>

#include "http_int.h"
#include "log.h"

#define LINGER_MS 2000
#define LINGER_BYTES (1024 * 1024)
#define RATE_GRACE_MS 5000
#define RATE_CHECK_MS 1000
#define ACCEPT_PAUSE_MS 100
#define UNPARK_CHECK_MS 100
#define FD_RESERVE 128       /* descriptors kept for SQLite, peers, logs */
#define AUTO_CONNS_MAX 4096  /* the default's ceiling */
#define LISTEN_BACKLOG 511

enum conn_state { CS_WAIT, CS_HEAD, CS_BODY, CS_PARK, CS_BUSY, CS_WRITE,
    CS_LINGER };

struct http_conn {
	struct http_server *srv;
	struct bufferevent *bev;
	evutil_socket_t fd;
	enum conn_state state;
	struct event *timer;
	int64_t started_ms;  /* the current request's first byte (or accept) */
	int64_t active_ms;   /* last byte read: the idlest is shed first */
	size_t scan;         /* http_head_end's resume point */
	char *headbuf;       /* the current head, parsed in place */
	size_t head_len;
	struct http_head head;
	struct evbuffer *body;
	int64_t need;        /* body bytes still to come */
	int keep_alive;
	int close_after;     /* close (lingering) once the reply is written */
	int served;          /* requests answered on this connection */
	struct http_req *req; /* BUSY: the request a handler holds */
	size_t queued;       /* WRITE: bytes of the reply counted in
	                      * srv->out_queued until written */
	size_t lingered;
	char peer[64];
	TAILQ_ENTRY(http_conn) link;
	TAILQ_ENTRY(http_conn) park_link; /* PARK: srv->parked */
};

static void conn_process(struct http_conn *c);

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *
http_conn_peer(const struct http_conn *c)
{
	return c->peer;
}

const char *
http_date(struct http_server *srv)
{
	time_t t = time(NULL);
	struct tm tm;

	if (t != srv->date_at) {
		gmtime_r(&t, &tm);
		strftime(srv->date, sizeof(srv->date),
		    "%a, %d %b %Y %H:%M:%S GMT", &tm);
		srv->date_at = t;
	}
	return srv->date;
}

static void
arm(struct http_conn *c, int64_t ms)
{
	struct timeval tv;

	if (ms < 0)
		ms = 0;
	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	evtimer_add(c->timer, &tv);
}

/* Let parked requests in once the replies being written are below the
 * budget again (from an event: never inside another connection's
 * callbacks); while any wait, look again every UNPARK_CHECK_MS, since the
 * kernel takes bytes from the buffers without telling. */
static void
unpark_soon(struct http_server *srv)
{
	static const struct timeval now = {0, 0};
	static const struct timeval later = {0, UNPARK_CHECK_MS * 1000};

	if (TAILQ_EMPTY(&srv->parked) || srv->unpark_ev == NULL ||
	    srv->stopping)
		return;
	evtimer_add(srv->unpark_ev,
	    srv->out_queued < HTTP_OUTPUT_BUDGET ? &now : &later);
}

/* out_queued as the bytes the write buffers hold now. */
static void
recount(struct http_server *srv)
{
	struct http_conn *c;

	srv->out_queued = 0;
	TAILQ_FOREACH(c, &srv->conns, link) {
		if (c->state != CS_WRITE)
			continue;
		c->queued = evbuffer_get_length(bufferevent_get_output(c->bev));
		srv->out_queued += c->queued;
	}
}

/* c's reply is written (or dropped): it no longer counts. */
static void
out_done(struct http_conn *c)
{
	c->srv->out_queued -= c->queued;
	c->queued = 0;
	unpark_soon(c->srv);
}

static void
conn_free(struct http_conn *c)
{
	struct http_server *srv = c->srv;

	TAILQ_REMOVE(&srv->conns, c, link);
	srv->nconns--;
	if (c->state == CS_PARK)
		TAILQ_REMOVE(&srv->parked, c, park_link);
	out_done(c);
	if (c->req != NULL) {
		/* a handler still holds the request: it keeps what it
		 * points at, and its reply will go nowhere */
		http_req_adopt(c->req, c->headbuf, &c->head, c->body);
		c->headbuf = NULL;
		c->body = NULL;
		c->req = NULL;
	}
	event_free(c->timer);
	bufferevent_free(c->bev);
	free(c->headbuf);
	if (c->body != NULL)
		evbuffer_free(c->body);
	free(c);
}

static void
closed_for(struct http_conn *c, enum http_close_why why)
{
	c->srv->closed_why[why]++;
}

/* Our side is done: shut down writing, drop what the client still sends
 * for a while, then close. */
static void
conn_linger(struct http_conn *c)
{
	c->state = CS_LINGER;
	c->lingered = evbuffer_get_length(bufferevent_get_input(c->bev));
	evbuffer_drain(bufferevent_get_input(c->bev), c->lingered);
	if (c->lingered > LINGER_BYTES || shutdown(c->fd, SHUT_WR) != 0) {
		conn_free(c);
		return;
	}
	bufferevent_setwatermark(c->bev, EV_READ, 0, 0);
	arm(c, LINGER_MS);
}

/* The edge refuses the current request: a problem reply, then close. */
static void
refuse(struct http_conn *c, unsigned method, int status, const char *code,
    const char *detail, enum http_close_why why)
{
	struct http_server *srv = c->srv;

	closed_for(c, why);
	http_edge_log(srv, "http: %s: %d %s: %s; closing the connection",
	    c->peer, status, code, detail);
	evtimer_del(c->timer);
	c->state = CS_BUSY;
	c->keep_alive = 0;
	/* replies through http_conn_respond, which moves us on */
	http_edge_problem(srv, c, method, status, code, detail);
}

static void
reset_request(struct http_conn *c)
{
	free(c->headbuf);
	c->headbuf = NULL;
	c->head_len = 0;
	c->scan = 0;
	c->need = 0;
	if (c->body != NULL)
		evbuffer_drain(c->body, evbuffer_get_length(c->body));
}

/* The request has started (its first byte came): its deadline runs. */
static void
request_started(struct http_conn *c)
{
	c->state = CS_HEAD;
	c->started_ms = now_ms();
	arm(c, RATE_CHECK_MS);
}

/* Bytes of the current request received so far. */
static uint64_t
request_bytes(struct http_conn *c)
{
	size_t in = evbuffer_get_length(bufferevent_get_input(c->bev));

	if (c->state == CS_HEAD)
		return in;
	return c->head_len + (uint64_t)(c->head.content_length - c->need);
}

/* 1: the head is in (state BODY); 0: more bytes needed; -1: refused or
 * freed (c must not be touched). */
static int
try_head(struct http_conn *c)
{
	const struct conf *cf = c->srv->conf;
	struct evbuffer *in = bufferevent_get_input(c->bev);
	size_t n = evbuffer_get_length(in), limit, skip = 0, end = 0, m;
	struct http_parse_err e;
	unsigned char *p;
	int rc;

	limit = (size_t)cf->max_header_bytes + 2 * HTTP_LEADING_CRLF;
	m = n < limit + 1 ? n : limit + 1;
	if ((p = evbuffer_pullup(in, (ev_ssize_t)m)) == NULL) {
		conn_free(c);
		return -1;
	}
	rc = http_head_end((const char *)p, m, &c->scan, &skip, &end, &e);
	if (rc < 0) {
		refuse(c, HTTP_M_OTHER, e.status, e.code, e.detail,
		    HTTP_CLOSE_REFUSED);
		return -1;
	}
	if (rc == 0 && n <= limit)
		return 0; /* wait for more */
	if (rc == 0 || end - skip > (size_t)cf->max_header_bytes) {
		refuse(c, HTTP_M_OTHER, 431, "headers_too_large",
		    "the request line and headers are larger than "
		    "max_header_bytes",
		    HTTP_CLOSE_REFUSED);
		return -1;
	}
	c->head_len = end - skip;
	if ((c->headbuf = malloc(c->head_len + 1)) == NULL) {
		conn_free(c);
		return -1;
	}
	memcpy(c->headbuf, p + skip, c->head_len);
	c->headbuf[c->head_len] = '\0';
	evbuffer_drain(in, end);
	if (http_head_parse(c->headbuf, c->head_len, &c->head, &e) != 0) {
		refuse(c, c->head.method ? c->head.method : HTTP_M_OTHER,
		    e.status, e.code, e.detail, HTTP_CLOSE_REFUSED);
		return -1;
	}
	c->keep_alive = c->head.keep_alive;
	if (c->head.content_length > (int64_t)cf->max_body_bytes) {
		char d[128];

		snprintf(d, sizeof(d),
		    "the body (Content-Length %lld) is larger than %d bytes",
		    (long long)c->head.content_length, cf->max_body_bytes);
		refuse(c, c->head.method, 413, "body_too_large", d,
		    HTTP_CLOSE_REFUSED);
		return -1;
	}
	c->need = c->head.content_length > 0 ? c->head.content_length : 0;
	if (c->need > 0 && c->head.expect_continue &&
	    evbuffer_get_length(in) < (size_t)c->need) {
		static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";

		bufferevent_write(c->bev, cont, sizeof(cont) - 1);
	}
	c->state = CS_BODY;
	return 1;
}

static void
request_complete(struct http_conn *c)
{
	struct http_server *srv = c->srv;

	evtimer_del(c->timer);
	if (srv->out_queued >= HTTP_OUTPUT_BUDGET)
		recount(srv);
	if (srv->out_queued >= HTTP_OUTPUT_BUDGET &&
	    !http_route_unparked(srv, c->head.path)) {
		/* replies that clients do not read fill the memory: this one
		 * waits until they are written or their deadline closes them */
		c->state = CS_PARK;
		TAILQ_INSERT_TAIL(&srv->parked, c, park_link);
		srv->parked_total++;
		unpark_soon(srv);
		return;
	}
	c->state = CS_BUSY;
	http_dispatch(srv, c, &c->head, c->body);
}

/* The budget allows more: dispatch parked requests, oldest first. */
static void
on_unpark(evutil_socket_t fd, short what, void *arg)
{
	struct http_server *srv = arg;
	struct http_conn *c;

	(void)fd;
	(void)what;
	recount(srv);
	while (srv->out_queued < HTTP_OUTPUT_BUDGET &&
	    (c = TAILQ_FIRST(&srv->parked)) != NULL) {
		TAILQ_REMOVE(&srv->parked, c, park_link);
		c->state = CS_BUSY;
		http_dispatch(srv, c, &c->head, c->body);
	}
	unpark_soon(srv);
}

/* Move along with whatever input is buffered. */
static void
conn_process(struct http_conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);

	if (c->state == CS_WAIT) {
		if (evbuffer_get_length(in) == 0)
			return;
		request_started(c);
	}
	if (c->state == CS_HEAD && try_head(c) != 1)
		return; /* waiting, refused or freed */
	if (c->state == CS_BODY) {
		size_t have = evbuffer_get_length(in);
		size_t take = have < (size_t)c->need ? have : (size_t)c->need;

		if (take > 0) {
			if (evbuffer_remove_buffer(in, c->body, take) !=
			    (int)take) {
				conn_free(c);
				return;
			}
			c->need -= (int64_t)take;
		}
		if (c->need == 0)
			request_complete(c);
		else
			/* read no more than the body: a pipelined request
			 * waits in the kernel */
			bufferevent_setwatermark(c->bev, EV_READ, 0,
			    (size_t)c->need > 65536 ? 65536 : (size_t)c->need);
	}
}

static void
on_read(struct bufferevent *bev, void *arg)
{
	struct http_conn *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);

	c->active_ms = now_ms();
	TAILQ_REMOVE(&c->srv->conns, c, link);
	TAILQ_INSERT_TAIL(&c->srv->conns, c, link);
	switch (c->state) {
	case CS_LINGER:
		c->lingered += evbuffer_get_length(in);
		evbuffer_drain(in, evbuffer_get_length(in));
		if (c->lingered > LINGER_BYTES)
			conn_free(c);
		return;
	case CS_PARK:
	case CS_BUSY:
	case CS_WRITE:
		return; /* left in the buffer for later */
	default:
		conn_process(c);
	}
}

static void
on_write(struct bufferevent *bev, void *arg)
{
	struct http_conn *c = arg;
	const struct conf *cf = c->srv->conf;

	if (c->state != CS_WRITE ||
	    evbuffer_get_length(bufferevent_get_output(bev)) > 0)
		return;
	c->served++;
	out_done(c);
	if (c->close_after || !c->keep_alive || c->srv->stopping) {
		conn_linger(c);
		return;
	}
	/* kept alive: the next request, perhaps already buffered */
	reset_request(c);
	c->state = CS_WAIT;
	bufferevent_setwatermark(c->bev, EV_READ, 0,
	    (size_t)cf->max_header_bytes + 2 * HTTP_LEADING_CRLF + 1);
	arm(c, (int64_t)cf->keepalive_timeout_s * 1000);
	conn_process(c);
}

static void
on_event(struct bufferevent *bev, short what, void *arg)
{
	struct http_conn *c = arg;

	(void)bev;
	(void)what;
	/* EOF, a reset or a read/write error: nothing more can be said */
	conn_free(c);
}

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct http_conn *c = arg;
	const struct conf *cf = c->srv->conf;
	int64_t elapsed = now_ms() - c->started_ms;
	int64_t deadline = (int64_t)cf->request_timeout_s * 1000;
	char d[160];

	(void)fd;
	(void)what;
	switch (c->state) {
	case CS_WAIT:
		if (c->served == 0) {
			/* connected, sent nothing within the deadline */
			closed_for(c, HTTP_CLOSE_DEADLINE);
			http_edge_log(c->srv, "http: %s: no request within "
			    "%d s of connecting; closing the connection",
			    c->peer, cf->request_timeout_s);
		}
		conn_free(c);
		return;
	case CS_HEAD:
	case CS_BODY:
		if (elapsed >= deadline) {
			snprintf(d, sizeof(d),
			    "the request did not arrive within %d s "
			    "(%llu bytes came)",
			    cf->request_timeout_s,
			    (unsigned long long)request_bytes(c));
			refuse(c, c->state == CS_BODY ? c->head.method :
			    HTTP_M_OTHER, 408, "request_timeout", d,
			    HTTP_CLOSE_DEADLINE);
			return;
		}
		if (elapsed >= RATE_GRACE_MS && cf->min_request_rate > 0 &&
		    request_bytes(c) * 1000 <
		        (uint64_t)cf->min_request_rate * (uint64_t)elapsed) {
			snprintf(d, sizeof(d),
			    "the request came at %llu bytes/s, below the "
			    "minimum %d bytes/s",
			    (unsigned long long)(request_bytes(c) * 1000 /
			        (uint64_t)elapsed),
			    cf->min_request_rate);
			refuse(c, c->state == CS_BODY ? c->head.method :
			    HTTP_M_OTHER, 408, "request_too_slow", d,
			    HTTP_CLOSE_SLOW);
			return;
		}
		arm(c, deadline - elapsed < RATE_CHECK_MS ? deadline - elapsed :
		    RATE_CHECK_MS);
		return;
	case CS_WRITE:
		closed_for(c, HTTP_CLOSE_WRITE);
		http_edge_log(c->srv, "http: %s: the reply was not read within "
		    "%d s; closing the connection", c->peer,
		    cf->request_timeout_s);
		conn_free(c);
		return;
	case CS_LINGER:
		conn_free(c);
		return;
	case CS_PARK:
	case CS_BUSY:
		return;
	}
}

void
http_conn_respond(struct http_conn *c, struct evbuffer *out, int close)
{
	c->req = NULL;
	c->state = CS_WRITE;
	c->close_after |= close;
	c->queued = out != NULL ? evbuffer_get_length(out) : 0;
	c->srv->out_queued += c->queued;
	if (out == NULL || bufferevent_write_buffer(c->bev, out) != 0) {
		conn_free(c);
		return;
	}
	bufferevent_enable(c->bev, EV_WRITE);
	c->started_ms = now_ms();
	arm(c, (int64_t)c->srv->conf->request_timeout_s * 1000);
}

void
http_conn_set_req(struct http_conn *c, struct http_req *r)
{
	c->req = r;
}

/* ---- accepting ---------------------------------------------------------- */

/* Close the least recently active connection nobody is being served on.
 * 1 when one was closed. */
static int
shed_one(struct http_server *srv)
{
	struct http_conn *c;

	TAILQ_FOREACH(c, &srv->conns, link) {
		if (c->state == CS_BUSY || c->state == CS_WRITE ||
		    c->state == CS_PARK)
			continue;
		closed_for(c, HTTP_CLOSE_SHED);
		if (srv->shed_episode++ == 0)
			log_warn("http: %zu connections, the most allowed "
			    "(max_connections): closing the least recently "
			    "active idle ones to let new ones in",
			    srv->nconns);
		conn_free(c);
		return 1;
	}
	return 0;
}

static void
full_reply(struct http_server *srv, evutil_socket_t fd)
{
	char buf[512];
	static const char body[] =
	    "{\"type\":\"https://nordfed.org/problems/too_many_connections\","
	    "\"title\":\"Service Unavailable\",\"status\":503,"
	    "\"detail\":\"every connection is being served; try again\","
	    "\"code\":\"too_many_connections\"}";
	int n;

	srv->closed_why[HTTP_CLOSE_FULL]++;
	n = snprintf(buf, sizeof(buf),
	    "HTTP/1.1 503 Service Unavailable\r\nDate: %s\r\n"
	    "Content-Type: application/problem+json; charset=utf-8\r\n"
	    "Content-Length: %zu\r\nRetry-After: 1\r\nConnection: close\r\n"
	    "\r\n%s",
	    http_date(srv), sizeof(body) - 1, body);
	/* best effort on a fresh socket: it fits the send buffer */
	if (n > 0 && (size_t)n < sizeof(buf))
		(void)send(fd, buf, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
	http_edge_log(srv, "http: %zu connections, all being served: "
	    "refusing a new one (503)", srv->nconns);
	evutil_closesocket(fd);
}

static void
peer_name(const struct sockaddr *sa, char *out, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;

		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host));
		port = ntohs(s4->sin_port);
		snprintf(out, len, "%s:%u", host, port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;

		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host));
		port = ntohs(s6->sin6_port);
		snprintf(out, len, "[%s]:%u", host, port);
	} else {
		snprintf(out, len, "?");
	}
}

static void
on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
    int salen, void *arg)
{
	struct http_server *srv = arg;
	const struct conf *cf = srv->conf;
	struct http_conn *c;
	int one = 1;

	(void)l;
	(void)salen;
	if (srv->pause_episode > 0) {
		struct timespec now;

		clock_gettime(CLOCK_MONOTONIC, &now);
		log_warn("http: accepting again after %llu failed accepts "
		    "for want of descriptors over %lld ms",
		    (unsigned long long)srv->pause_episode,
		    (long long)((now.tv_sec - srv->pause_since.tv_sec) * 1000 +
		        (now.tv_nsec - srv->pause_since.tv_nsec) / 1000000));
		srv->pause_episode = 0;
	}
	if (srv->stopping) {
		evutil_closesocket(fd);
		return;
	}
	if (srv->shed_episode > 0 && srv->nconns + 1 < srv->max_conns) {
		log_warn("http: below max_connections again; %llu idle "
		    "connections were closed meanwhile",
		    (unsigned long long)srv->shed_episode);
		srv->shed_episode = 0;
	}
	if (srv->nconns >= srv->max_conns && !shed_one(srv)) {
		full_reply(srv, fd);
		return;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->body = evbuffer_new()) == NULL ||
	    (c->timer = evtimer_new(srv->base, on_timer, c)) == NULL ||
	    (c->bev = bufferevent_socket_new(srv->base, fd,
	         BEV_OPT_CLOSE_ON_FREE)) == NULL) {
		if (c != NULL) {
			if (c->body != NULL)
				evbuffer_free(c->body);
			if (c->timer != NULL)
				event_free(c->timer);
			free(c);
		}
		evutil_closesocket(fd);
		return;
	}
	srv->accepted++;
	c->srv = srv;
	c->fd = fd;
	c->state = CS_WAIT;
	c->started_ms = c->active_ms = now_ms();
	peer_name(sa, c->peer, sizeof(c->peer));
	/* No Nagle: a reply larger than one segment otherwise waits for the
	 * client's delayed ACK (40 ms) before its tail goes out
	 * (docs/benchmarks.md, search p99). */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	TAILQ_INSERT_TAIL(&srv->conns, c, link);
	srv->nconns++;
	bufferevent_setcb(c->bev, on_read, on_write, on_event, c);
	bufferevent_setwatermark(c->bev, EV_READ, 0,
	    (size_t)cf->max_header_bytes + 2 * HTTP_LEADING_CRLF + 1);
	bufferevent_enable(c->bev, EV_READ);
	arm(c, (int64_t)cf->request_timeout_s * 1000);
}

static void
on_resume(evutil_socket_t fd, short what, void *arg)
{
	struct http_server *srv = arg;

	(void)fd;
	(void)what;
	srv->paused = 0;
	if (!srv->stopping)
		evconnlistener_enable(srv->listener);
}

static void
on_accept_error(struct evconnlistener *l, void *arg)
{
	struct http_server *srv = arg;
	int err = EVUTIL_SOCKET_ERROR();
	struct timeval tv = {0, ACCEPT_PAUSE_MS * 1000};

	srv->accept_errors++;
	if (err != EMFILE && err != ENFILE && err != ENOBUFS && err != ENOMEM) {
		http_edge_log(srv, "http: accept: %s", strerror(err));
		return;
	}
	if (srv->pause_episode++ == 0) {
		clock_gettime(CLOCK_MONOTONIC, &srv->pause_since);
		log_warn("http: cannot accept connections: %s (%zu open); "
		    "closing idle ones and pausing accepts until descriptors "
		    "are free", strerror(err), srv->nconns);
	}
	/* a descriptor freed now lets the waiting client in at once */
	if (shed_one(srv))
		return;
	evconnlistener_disable(l);
	srv->paused = 1;
	evtimer_add(srv->resume_ev, &tv);
}

/* The descriptor limit, raised to the hard limit when allowed. */
static size_t
fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 1024;
	if (rl.rlim_cur < rl.rlim_max) {
		struct rlimit want = rl;

		want.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &want) == 0)
			rl.rlim_cur = rl.rlim_max;
	}
	return rl.rlim_cur == RLIM_INFINITY ? (size_t)1 << 20 :
	    (size_t)rl.rlim_cur;
}

int
http_conn_listen(struct http_server *srv, struct nferr *err)
{
	const struct conf *c = srv->conf;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	evutil_socket_t fd;
	size_t lim = fd_limit(), room;
	int slen = (int)sizeof(ss);

	if (c->port < 0 || c->port > 65535)
		return nferr_set(err, "http_bind", "node.port",
		    "port %d out of range", c->port);
	memset(&ss, 0, sizeof(ss));
	if (evutil_parse_sockaddr_port(c->listen, (struct sockaddr *)&ss,
	        &slen) != 0)
		return nferr_set(err, "http_bind", "node.listen",
		    "%s is not a numeric address", c->listen);
	if (ss.ss_family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)c->port);
	else
		((struct sockaddr_in6 *)&ss)->sin6_port =
		    htons((uint16_t)c->port);
	errno = 0;
	srv->listener = evconnlistener_new_bind(srv->base, on_accept, srv,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC | LEV_OPT_REUSEABLE,
	    LISTEN_BACKLOG, (struct sockaddr *)&ss,
	    ss.ss_family == AF_INET ? (int)sizeof(struct sockaddr_in) :
	                              (int)sizeof(struct sockaddr_in6));
	if (srv->listener == NULL)
		return nferr_set(err, "http_bind", "node.listen",
		    "cannot listen on %s port %d: %s", c->listen, c->port,
		    errno ? strerror(errno) : "bind failed");
	evconnlistener_set_error_cb(srv->listener, on_accept_error);
	if ((srv->resume_ev = evtimer_new(srv->base, on_resume, srv)) == NULL ||
	    (srv->unpark_ev = evtimer_new(srv->base, on_unpark, srv)) == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	fd = evconnlistener_get_fd(srv->listener);
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
		if (ss.ss_family == AF_INET)
			srv->port =
			    ntohs(((struct sockaddr_in *)&ss)->sin_port);
		else if (ss.ss_family == AF_INET6)
			srv->port =
			    ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	}
	room = lim > 2 * FD_RESERVE ? lim - FD_RESERVE : lim / 2;
	if (c->max_connections == 0) {
		srv->max_conns = room < AUTO_CONNS_MAX ? room : AUTO_CONNS_MAX;
	} else if ((size_t)c->max_connections > room) {
		log_warn("http: max_connections %d is above what %zu "
		    "descriptors allow; using %zu",
		    c->max_connections, lim, room);
		srv->max_conns = room;
	} else {
		srv->max_conns = (size_t)c->max_connections;
	}
	log_info("http: listening on %s port %d, at most %zu connections",
	    c->listen, srv->port, srv->max_conns);
	return 0;
}

void
http_conn_shutdown(struct http_server *srv)
{
	srv->stopping = 1;
	if (srv->listener != NULL) {
		evconnlistener_free(srv->listener);
		srv->listener = NULL;
	}
	if (srv->resume_ev != NULL) {
		event_free(srv->resume_ev);
		srv->resume_ev = NULL;
	}
	if (srv->unpark_ev != NULL) {
		event_free(srv->unpark_ev);
		srv->unpark_ev = NULL;
	}
	while (!TAILQ_EMPTY(&srv->conns))
		conn_free(TAILQ_FIRST(&srv->conns));
}

void
http_conn_metrics(const struct http_server *srv, struct evbuffer *out)
{
	static const char *const why[HTTP_CLOSE_NWHY] = {"deadline", "slow",
	    "refused", "write_timeout", "shed", "full"};
	size_t i;

	evbuffer_add_printf(out,
	    "# HELP nordfed_http_connections Open client connections.\n"
	    "# TYPE nordfed_http_connections gauge\n"
	    "nordfed_http_connections %zu\n"
	    "# HELP nordfed_http_connections_max The max_connections in force.\n"
	    "# TYPE nordfed_http_connections_max gauge\n"
	    "nordfed_http_connections_max %zu\n"
	    "# HELP nordfed_http_accepted_total Connections accepted.\n"
	    "# TYPE nordfed_http_accepted_total counter\n"
	    "nordfed_http_accepted_total %llu\n"
	    "# HELP nordfed_http_accept_errors_total Failed accepts (EMFILE and "
	    "others).\n"
	    "# TYPE nordfed_http_accept_errors_total counter\n"
	    "nordfed_http_accept_errors_total %llu\n"
	    "# HELP nordfed_http_reply_bytes_queued Bytes of replies written "
	    "but not yet taken by their clients.\n"
	    "# TYPE nordfed_http_reply_bytes_queued gauge\n"
	    "nordfed_http_reply_bytes_queued %zu\n"
	    "# HELP nordfed_http_parked_total Requests that waited because "
	    "unread replies filled the output budget.\n"
	    "# TYPE nordfed_http_parked_total counter\n"
	    "nordfed_http_parked_total %llu\n"
	    "# HELP nordfed_http_closed_total Connections the node closed for "
	    "cause, by reason.\n"
	    "# TYPE nordfed_http_closed_total counter\n",
	    srv->nconns, srv->max_conns, (unsigned long long)srv->accepted,
	    (unsigned long long)srv->accept_errors, srv->out_queued,
	    (unsigned long long)srv->parked_total);
	for (i = 0; i < HTTP_CLOSE_NWHY; i++)
		evbuffer_add_printf(out,
		    "nordfed_http_closed_total{reason=\"%s\"} %llu\n", why[i],
		    (unsigned long long)srv->closed_why[i]);
}
