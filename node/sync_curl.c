/*
 * sync_curl: outbound HTTP for sync, with the libcurl multi interface on
 * the node's libevent loop (curl docs/examples/multi-event.c): one
 * libevent event per socket curl asks to watch, one timer for
 * CURLMOPT_TIMERFUNCTION, and finished transfers handed to
 * sync_chan_done(). Each peer channel has at most one request; its
 * response is kept in a bounded buffer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <event2/event.h>

#include "sync_int.h"

/* ---- response buffers ------------------------------------------------------ */

static size_t
on_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct nfbuf *b = arg;
	size_t n = size * nmemb;

	/* over b->max sets b->full; 0 aborts the transfer: CURLE_WRITE_ERROR */
	return nfbuf_add(b, data, n) == 0 ? n : 0;
}
/* ---- libcurl multi on libevent ---------------------------------------- */

static void check_multi(struct sync *s);

static void
on_sock_event(evutil_socket_t fd, short what, void *arg)
{
	struct sync *s = arg;
	int running, flags = 0;

	if (what & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (what & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(s->multi, fd, flags, &running);
	check_multi(s);
}

static int
on_curl_socket(CURL *easy, curl_socket_t fd, int what, void *userp,
    void *sockp)
{
	struct sync *s = userp;
	struct sock_ctx *sc = sockp;
	short kind;

	if (what == CURL_POLL_REMOVE) {
		if (sc != NULL) {
			event_free(sc->ev);
			free(sc);
			curl_multi_assign(s->multi, fd, NULL);
		}
		return 0;
	}
	kind = EV_PERSIST | ((what & CURL_POLL_IN) ? EV_READ : 0) |
	    ((what & CURL_POLL_OUT) ? EV_WRITE : 0);
	if (sc == NULL) {
		if ((sc = calloc(1, sizeof(*sc))) == NULL)
			return -1;
		sc->s = s;
		sc->fd = fd;
		sc->ev = event_new(s->base, fd, kind, on_sock_event, s);
		if (sc->ev == NULL) {
			free(sc);
			return -1;
		}
		curl_multi_assign(s->multi, fd, sc);
	} else {
		event_del(sc->ev);
		event_assign(sc->ev, s->base, fd, kind, on_sock_event, s);
	}
	event_add(sc->ev, NULL);
	return 0;
}

static void
on_curl_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct sync *s = arg;
	int running;

	curl_multi_socket_action(s->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_multi(s);
}

static int
on_curl_timer(CURLM *multi, long timeout_ms, void *userp)
{
	struct sync *s = userp;
	struct timeval tv;

	if (timeout_ms < 0) {
		event_del(s->curl_timer);
		return 0;
	}
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	evtimer_add(s->curl_timer, &tv);
	return 0;
}
/* ---- requests ------------------------------------------------------------ */

void
sync_chan_reset(struct chan *c)
{
	if (c->easy != NULL) {
		curl_multi_remove_handle(c->peer->s->multi, c->easy);
		curl_easy_cleanup(c->easy);
	}
	curl_slist_free_all(c->hdrs);
	free(c->post);
	free(c->resp.p);
	c->easy = NULL;
	c->hdrs = NULL;
	c->post = NULL;
	c->post_len = 0;
	memset(&c->resp, 0, sizeof(c->resp));
	c->kind = REQ_NONE;
}

/* The most a reply to a request of kind may hold (sync_int.h). */
static size_t
reply_max(enum req_kind kind, const char *post, size_t post_len)
{
	size_t lines = 0, i;

	switch (kind) {
	case REQ_CLOCK:
		return SYNC_CLOCK_REPLY_MAX;
	case REQ_LOG:
		return SYNC_LOG_REPLY_MAX;
	case REQ_PUSH:
		for (i = 0; i < post_len; i++)
			lines += post[i] == '\n';
		if (lines > SYNC_BATCH_MAX)
			lines = SYNC_BATCH_MAX;
		return SYNC_PUSH_REPLY_MAX(lines);
	default:
		return SYNC_FORK_REPLY_MAX;
	}
}

int
sync_chan_start(struct chan *c, enum req_kind kind, const char *path, char *post,
    size_t post_len, const char *ctype)
{
	struct peer *p = c->peer;
	char url[600], hdr[80];

	snprintf(url, sizeof(url), "%s%s", p->cp->url, path);
	c->easy = curl_easy_init();
	if (c->easy == NULL) {
		free(post);
		return -1;
	}
	c->kind = kind;
	c->resp.max = reply_max(kind, post, post_len);
	c->post = post;
	c->post_len = post_len;
	c->started_ms = sync_mono_ms();
	curl_easy_setopt(c->easy, CURLOPT_URL, url);
	curl_easy_setopt(c->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c->easy, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(c->easy, CURLOPT_WRITEDATA, &c->resp);
	/* a Content-Length over the bound is refused before the body */
	curl_easy_setopt(c->easy, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)c->resp.max);
	curl_easy_setopt(c->easy, CURLOPT_PRIVATE, c);
	curl_easy_setopt(c->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->easy, CURLOPT_TIMEOUT_MS, (long)REQ_TIMEOUT_MS);
	curl_easy_setopt(c->easy, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)CONNECT_TIMEOUT_MS);
	curl_easy_setopt(c->easy, CURLOPT_TCP_NODELAY, 1L);
	curl_easy_setopt(c->easy, CURLOPT_USERAGENT, "nordfed-node/1");
	if (p->cp->ca_file != NULL)	/* else the system's CA store */
		curl_easy_setopt(c->easy, CURLOPT_CAINFO, p->cp->ca_file);
	snprintf(hdr, sizeof(hdr), "X-Nordfed-Origin: %s", p->s->own);
	c->hdrs = curl_slist_append(c->hdrs, hdr);
	c->hdrs = curl_slist_append(c->hdrs, "Expect:");
	if (kind == REQ_PUSH)
		p->pushes++;
	if (post != NULL) {
		snprintf(hdr, sizeof(hdr), "Content-Type: %s", ctype);
		c->hdrs = curl_slist_append(c->hdrs, hdr);
		curl_easy_setopt(c->easy, CURLOPT_POSTFIELDS, c->post);
		curl_easy_setopt(c->easy, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)post_len);
	}
	curl_easy_setopt(c->easy, CURLOPT_HTTPHEADER, c->hdrs);
	p->requests++;
	if (curl_multi_add_handle(p->s->multi, c->easy) != CURLM_OK) {
		sync_chan_reset(c);
		return -1;
	}
	return 0;
}

static void
check_multi(struct sync *s)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(s->multi, &left)) != NULL) {
		struct chan *c = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&c);
		if (c != NULL)
			sync_chan_done(c, m->data.result);
	}
}

/* ---- setup -------------------------------------------------------------- */

int
sync_curl_init(struct sync *s)
{
	s->multi = curl_multi_init();
	s->curl_timer = evtimer_new(s->base, on_curl_timeout, s);
	if (s->multi == NULL || s->curl_timer == NULL)
		return -1;
	curl_multi_setopt(s->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
	curl_multi_setopt(s->multi, CURLMOPT_SOCKETDATA, s);
	curl_multi_setopt(s->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
	curl_multi_setopt(s->multi, CURLMOPT_TIMERDATA, s);
	curl_multi_setopt(s->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 4L);
	return 0;
}

void
sync_curl_free(struct sync *s)
{
	if (s->multi != NULL)
		curl_multi_cleanup(s->multi);
	s->multi = NULL;
	if (s->curl_timer != NULL)
		event_free(s->curl_timer);
	s->curl_timer = NULL;
}
