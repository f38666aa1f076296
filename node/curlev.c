/*
 * curlev: see curlev.h. The socket and timer callbacks of a libcurl multi
 * handle on libevent, and the loop that hands finished transfers to their
 * callbacks.
 */
#include <stdlib.h>

#include "curlev.h"

struct curlev {
	struct event_base *base;
	CURLM *multi;
	struct event *timer;
};

/* what curl_multi_assign keeps per socket */
struct curlev_sock {
	struct event *ev;
};

/* ---- finished transfers ---------------------------------------------------- */

static void
check_multi(struct curlev *cv)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(cv->multi, &left)) != NULL) {
		struct curlev_xfer *x = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		if (x != NULL && x->done != NULL)
			x->done(m->easy_handle, m->data.result, x->arg);
	}
}

/* ---- the sockets and the timer ------------------------------------------- */

static void
on_sock_event(evutil_socket_t fd, short what, void *arg)
{
	struct curlev *cv = arg;
	int running, flags = 0;

	if (what & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (what & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(cv->multi, fd, flags, &running);
	check_multi(cv);
}

static int
on_curl_socket(CURL *easy, curl_socket_t fd, int what, void *userp,
    void *sockp)
{
	struct curlev *cv = userp;
	struct curlev_sock *cs = sockp;
	short kind;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (cs != NULL) {
			event_free(cs->ev);
			free(cs);
			curl_multi_assign(cv->multi, fd, NULL);
		}
		return 0;
	}
	kind = EV_PERSIST | ((what & CURL_POLL_IN) ? EV_READ : 0) |
	    ((what & CURL_POLL_OUT) ? EV_WRITE : 0);
	if (cs == NULL) {
		if ((cs = calloc(1, sizeof(*cs))) == NULL)
			return -1;
		if ((cs->ev = event_new(cv->base, fd, kind, on_sock_event,
		    cv)) == NULL) {
			free(cs);
			return -1;
		}
		curl_multi_assign(cv->multi, fd, cs);
	} else {
		event_del(cs->ev);
		event_assign(cs->ev, cv->base, fd, kind, on_sock_event, cv);
	}
	event_add(cs->ev, NULL);
	return 0;
}

static void
on_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct curlev *cv = arg;
	int running;

	(void)fd;
	(void)what;
	curl_multi_socket_action(cv->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_multi(cv);
}

static int
on_curl_timer(CURLM *multi, long timeout_ms, void *userp)
{
	struct curlev *cv = userp;
	struct timeval tv;

	(void)multi;
	if (timeout_ms < 0) {
		event_del(cv->timer);
		return 0;
	}
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	evtimer_add(cv->timer, &tv);
	return 0;
}

/* ---- the handle ------------------------------------------------------------ */

struct curlev *
curlev_new(struct event_base *base)
{
	struct curlev *cv;

	if ((cv = calloc(1, sizeof(*cv))) == NULL)
		return NULL;
	cv->base = base;
	cv->multi = curl_multi_init();
	cv->timer = evtimer_new(base, on_timeout, cv);
	if (cv->multi == NULL || cv->timer == NULL) {
		curlev_free(cv);
		return NULL;
	}
	curl_multi_setopt(cv->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
	curl_multi_setopt(cv->multi, CURLMOPT_SOCKETDATA, cv);
	curl_multi_setopt(cv->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
	curl_multi_setopt(cv->multi, CURLMOPT_TIMERDATA, cv);
	return cv;
}

void
curlev_free(struct curlev *cv)
{
	if (cv == NULL)
		return;
	if (cv->multi != NULL)
		curl_multi_cleanup(cv->multi);
	if (cv->timer != NULL)
		event_free(cv->timer);
	free(cv);
}

CURLM *
curlev_multi(struct curlev *cv)
{
	return cv->multi;
}

int
curlev_add(struct curlev *cv, CURL *easy, struct curlev_xfer *x)
{
	curl_easy_setopt(easy, CURLOPT_PRIVATE, x);
	return curl_multi_add_handle(cv->multi, easy) == CURLM_OK ? 0 : -1;
}

void
curlev_remove(struct curlev *cv, CURL *easy)
{
	/* a handle that was never added is refused: nothing to undo */
	curl_multi_remove_handle(cv->multi, easy);
	curl_easy_setopt(easy, CURLOPT_PRIVATE, NULL);
}

void
curlev_kick(struct curlev *cv)
{
	int running;

	curl_multi_socket_action(cv->multi, CURL_SOCKET_TIMEOUT, 0, &running);
}

/* ---- bounded response bodies ------------------------------------------------ */

static size_t
on_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct nfbuf *b = arg;
	size_t n = size * nmemb;

	/* over b->max sets b->full; 0 aborts the transfer: CURLE_WRITE_ERROR */
	return nfbuf_add(b, data, n) == 0 ? n : 0;
}

void
curlev_body_to(CURL *easy, struct nfbuf *b)
{
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, b);
	/* a Content-Length over the bound is refused before the body */
	curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)b->max);
}
