/*
 * forward: see forward.h. One curl easy handle per relayed request, on a
 * multi handle of this module driven by the loop: an event per socket
 * curl watches, one timer, finished transfers read with
 * curl_multi_info_read outside curl's callbacks. The answer is kept in a
 * bounded buffer (FORWARD_REPLY_MAX) and relayed only when it is JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <sodium.h>

#include "forward.h"
#include "log.h"
#include "record.h"
#include "problem.h"

struct fwd_job {
	struct forward *f;
	struct http_req *r;             /* deferred, answered once */
	CURL *easy;
	struct curl_slist *hdrs;
	char *body;                     /* the request's, wiped at free */
	size_t body_len;
	char *resp;                     /* the answer, NUL-terminated */
	size_t resp_len, resp_cap;
	int overflow;
	char country[RECORD_ORIGIN_SIZE]; /* the home node's, for messages */
	char errbuf[CURL_ERROR_SIZE];
	struct fwd_job *next;
};

struct fwd_sock {
	struct event *ev;
};

struct forward {
	struct event_base *base;
	char own[RECORD_ORIGIN_SIZE];
	CURLM *multi;
	struct event *timer;
	struct fwd_job *jobs;
	size_t njobs;
};

static void check_multi(struct forward *f);

/* ---- one job ------------------------------------------------------------------ */

static size_t
on_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct fwd_job *j = arg;
	size_t n = size * nmemb;

	if (j->resp_len + n > FORWARD_REPLY_MAX) {
		j->overflow = 1;
		return 0;       /* aborts the transfer: CURLE_WRITE_ERROR */
	}
	if (j->resp_len + n + 1 > j->resp_cap) {
		size_t cap = j->resp_cap ? j->resp_cap * 2 : 2048;
		char *q;

		while (cap < j->resp_len + n + 1)
			cap *= 2;
		if ((q = realloc(j->resp, cap)) == NULL)
			return 0;
		j->resp = q;
		j->resp_cap = cap;
	}
	memcpy(j->resp + j->resp_len, data, n);
	j->resp_len += n;
	j->resp[j->resp_len] = '\0';
	return n;
}

/* Take j out of the list and free it (its request answered already). */
static void
job_free(struct forward *f, struct fwd_job *j)
{
	struct fwd_job **pp;

	for (pp = &f->jobs; *pp != NULL; pp = &(*pp)->next)
		if (*pp == j) {
			*pp = j->next;
			f->njobs--;
			break;
		}
	if (j->easy != NULL) {
		curl_multi_remove_handle(f->multi, j->easy);
		curl_easy_cleanup(j->easy);
	}
	curl_slist_free_all(j->hdrs);
	if (j->body != NULL) {
		sodium_memzero(j->body, j->body_len);   /* personal data */
		free(j->body);
	}
	if (j->resp != NULL) {
		sodium_memzero(j->resp, j->resp_len);
		free(j->resp);
	}
	free(j);
}

/* The home node's answer to the client: as it came when it is JSON (a
 * reply or a problem), else 502. */
static void
job_answer(struct fwd_job *j, CURLcode rc)
{
	struct evbuffer *b;
	char *ct = NULL;
	long status = 0;

	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(j->easy, CURLINFO_CONTENT_TYPE, &ct);
	if (rc != CURLE_OK || status < 200 || status > 599 || ct == NULL ||
	    (strncasecmp(ct, "application/json", 16) != 0 &&
	    strncasecmp(ct, "application/problem+json", 24) != 0)) {
		log_warn("forward: %s's node did not answer a forwarded request: "
		    "%s", j->country, rc != CURLE_OK ? (j->overflow ?
		    "the answer is too large" : j->errbuf[0] ? j->errbuf :
		    curl_easy_strerror(rc)) : "not a JSON answer");
		problem_send(j->r, "home_unreachable", NULL,
		    "%s's node keeps this and did not answer; try again later",
		    j->country);
		return;
	}
	if ((b = evbuffer_new()) == NULL ||
	    evbuffer_add(b, j->resp ? j->resp : "", j->resp_len) != 0) {
		if (b != NULL)
			evbuffer_free(b);
		problem_send(j->r, "internal", NULL, "out of memory");
		return;
	}
	http_reply(j->r, (int)status,
	    strncasecmp(ct, "application/problem+json", 24) == 0 ?
	    "application/problem+json; charset=utf-8" :
	    "application/json; charset=utf-8", b);
	evbuffer_free(b);
}

void
forward_post(struct forward *f, struct http_req *r,
    const struct conf_peer *peer, const char *path)
{
	struct fwd_job *j;
	const char *data = NULL;
	char url[1024], hdr[80];
	size_t len = 0;

	if (f->njobs >= FORWARD_MAX) {
		problem_send(r, "busy", NULL, "%d forwarded requests are in "
		    "flight already; try again", FORWARD_MAX);
		return;
	}
	if (http_body(r, &data, &len) != 0)
		return;
	if (snprintf(url, sizeof(url), "%s%s", peer->url, path) >=
	    (int)sizeof(url) || (j = calloc(1, sizeof(*j))) == NULL) {
		problem_send(r, "internal", NULL, "cannot forward this");
		return;
	}
	j->f = f;
	j->r = r;
	snprintf(j->country, sizeof(j->country), "%s", peer->country);
	if ((j->body = malloc(len + 1)) == NULL ||
	    (j->easy = curl_easy_init()) == NULL)
		goto fail;
	if (len > 0)
		memcpy(j->body, data, len);
	j->body[len] = '\0';
	j->body_len = len;
	curl_easy_setopt(j->easy, CURLOPT_URL, url);
	curl_easy_setopt(j->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(j->easy, CURLOPT_POSTFIELDS, j->body);
	curl_easy_setopt(j->easy, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)len);
	curl_easy_setopt(j->easy, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(j->easy, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(j->easy, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)FORWARD_REPLY_MAX);
	curl_easy_setopt(j->easy, CURLOPT_ERRORBUFFER, j->errbuf);
	curl_easy_setopt(j->easy, CURLOPT_PRIVATE, j);
	curl_easy_setopt(j->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(j->easy, CURLOPT_TIMEOUT_MS, (long)FORWARD_TIMEOUT_MS);
	curl_easy_setopt(j->easy, CURLOPT_USERAGENT, "nordfed-node/1");
	if (peer->ca_file != NULL)      /* else the system's CA store */
		curl_easy_setopt(j->easy, CURLOPT_CAINFO, peer->ca_file);
	snprintf(hdr, sizeof(hdr), "%s: %s", FORWARD_HEADER, f->own);
	if ((j->hdrs = curl_slist_append(NULL, hdr)) == NULL ||
	    curl_slist_append(j->hdrs, "Content-Type: application/json") ==
	    NULL || curl_slist_append(j->hdrs, "Accept: application/json") ==
	    NULL || curl_slist_append(j->hdrs, "Expect:") == NULL)
		goto fail;
	curl_easy_setopt(j->easy, CURLOPT_HTTPHEADER, j->hdrs);
	j->next = f->jobs;
	f->jobs = j;
	f->njobs++;
	if (curl_multi_add_handle(f->multi, j->easy) != CURLM_OK) {
		job_free(f, j);
		problem_send(r, "internal", NULL, "libcurl refused this");
		return;
	}
	http_defer(r);
	return;
fail:
	job_free(f, j);
	problem_send(r, "internal", NULL, "out of memory");
}

int
forward_is_forwarded(struct http_req *r)
{
	return http_header(r, FORWARD_HEADER) != NULL;
}

/* ---- libcurl multi on libevent ------------------------------------------------ */

static void
on_sock_event(evutil_socket_t fd, short what, void *arg)
{
	struct forward *f = arg;
	int running, flags = 0;

	if (what & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (what & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(f->multi, fd, flags, &running);
	check_multi(f);
}

static int
on_curl_socket(CURL *easy, curl_socket_t fd, int what, void *userp,
    void *sockp)
{
	struct forward *f = userp;
	struct fwd_sock *fs = sockp;
	short kind;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (fs != NULL) {
			event_free(fs->ev);
			free(fs);
			curl_multi_assign(f->multi, fd, NULL);
		}
		return 0;
	}
	kind = EV_PERSIST | ((what & CURL_POLL_IN) ? EV_READ : 0) |
	    ((what & CURL_POLL_OUT) ? EV_WRITE : 0);
	if (fs == NULL) {
		if ((fs = calloc(1, sizeof(*fs))) == NULL)
			return -1;
		if ((fs->ev = event_new(f->base, fd, kind, on_sock_event,
		    f)) == NULL) {
			free(fs);
			return -1;
		}
		curl_multi_assign(f->multi, fd, fs);
	} else {
		event_del(fs->ev);
		event_assign(fs->ev, f->base, fd, kind, on_sock_event, f);
	}
	event_add(fs->ev, NULL);
	return 0;
}

static void
on_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct forward *f = arg;
	int running;

	(void)fd;
	(void)what;
	curl_multi_socket_action(f->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_multi(f);
}

static int
on_curl_timer(CURLM *multi, long timeout_ms, void *userp)
{
	struct forward *f = userp;
	struct timeval tv;

	(void)multi;
	if (timeout_ms < 0) {
		event_del(f->timer);
		return 0;
	}
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	evtimer_add(f->timer, &tv);
	return 0;
}

static void
check_multi(struct forward *f)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(f->multi, &left)) != NULL) {
		struct fwd_job *j = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
		    (char **)&j);
		if (j == NULL)
			continue;
		job_answer(j, msg->data.result);
		job_free(f, j);
	}
}

/* ---- the forwarder --------------------------------------------------------------- */

struct forward *
forward_new(struct event_base *base, const char *own, struct nferr *err)
{
	struct forward *f;

	if ((f = calloc(1, sizeof(*f))) == NULL) {
		nferr_set(err, "internal", "", "out of memory");
		return NULL;
	}
	f->base = base;
	snprintf(f->own, sizeof(f->own), "%s", own);
	f->multi = curl_multi_init();
	f->timer = evtimer_new(base, on_timeout, f);
	if (f->multi == NULL || f->timer == NULL) {
		nferr_set(err, "internal", "", "cannot set up libcurl");
		forward_free(f);
		return NULL;
	}
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETDATA, f);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERDATA, f);
	return f;
}

void
forward_free(struct forward *f)
{
	if (f == NULL)
		return;
	while (f->jobs != NULL) {
		struct fwd_job *j = f->jobs;

		problem_send(j->r, "shutting_down", NULL,
		    "this node is stopping; try again later");
		job_free(f, j);
	}
	if (f->multi != NULL)
		curl_multi_cleanup(f->multi);
	if (f->timer != NULL)
		event_free(f->timer);
	free(f);
}
