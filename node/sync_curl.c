/*
 * sync_curl: outbound HTTP for sync: each peer channel's request on the
 * node's libcurl multi handle on the libevent loop (node/curlev.c), its
 * response kept in a bounded buffer, finished transfers handed to
 * sync_chan_done(). Each peer channel has at most one request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "sync_int.h"

static void
on_done(CURL *easy, CURLcode res, void *arg)
{
	(void)easy;
	sync_chan_done(arg, res);
}

/* ---- requests ------------------------------------------------------------ */

void
sync_chan_reset(struct chan *c)
{
	if (c->easy != NULL) {
		curlev_remove(c->peer->s->cv, c->easy);
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
	curlev_body_to(c->easy, &c->resp);
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
	c->xfer.done = on_done;
	c->xfer.arg = c;
	if (curlev_add(p->s->cv, c->easy, &c->xfer) != 0) {
		sync_chan_reset(c);
		return -1;
	}
	return 0;
}

/* ---- setup -------------------------------------------------------------- */

int
sync_curl_init(struct sync *s)
{
	if ((s->cv = curlev_new(s->base)) == NULL)
		return -1;
	curl_multi_setopt(curlev_multi(s->cv), CURLMOPT_MAX_HOST_CONNECTIONS,
	    4L);
	return 0;
}

void
sync_curl_free(struct sync *s)
{
	curlev_free(s->cv);
	s->cv = NULL;
}
