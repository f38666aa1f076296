/*
 * forward: see forward.h. One curl easy handle per relayed request, on
 * this module's libcurl multi handle on the loop (node/curlev.c). The
 * answer is kept in a bounded buffer (FORWARD_REPLY_MAX) and relayed only
 * when it is JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <sodium.h>

#include "curlev.h"
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
	struct nfbuf resp;              /* the answer, FORWARD_REPLY_MAX */
	char country[RECORD_ORIGIN_SIZE]; /* the home node's, for messages */
	char errbuf[CURL_ERROR_SIZE];
	struct curlev_xfer xfer;        /* done: on_done(this) */
	struct fwd_job *next;
};

struct forward {
	struct event_base *base;
	char own[RECORD_ORIGIN_SIZE];
	struct curlev *cv;
	struct fwd_job *jobs;
	size_t njobs;
};

/* ---- one job ------------------------------------------------------------------ */

static void on_done(CURL *easy, CURLcode res, void *arg);

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
		curlev_remove(f->cv, j->easy);
		curl_easy_cleanup(j->easy);
	}
	curl_slist_free_all(j->hdrs);
	if (j->body != NULL) {
		sodium_memzero(j->body, j->body_len);   /* personal data */
		free(j->body);
	}
	if (j->resp.p != NULL)
		sodium_memzero(j->resp.p, j->resp.cap);
	nfbuf_free(&j->resp);
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
		    "%s", j->country, rc != CURLE_OK ? (j->resp.full ||
		    rc == CURLE_FILESIZE_EXCEEDED ?
		    "the answer is too large" : j->errbuf[0] ? j->errbuf :
		    curl_easy_strerror(rc)) : "not a JSON answer");
		problem_send(j->r, "home_unreachable", NULL,
		    "%s's node keeps this and did not answer; try again later",
		    j->country);
		return;
	}
	if ((b = evbuffer_new()) == NULL ||
	    evbuffer_add(b, j->resp.p ? j->resp.p : "", j->resp.len) != 0) {
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
	j->resp.max = FORWARD_REPLY_MAX;
	j->xfer.done = on_done;
	j->xfer.arg = j;
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
	curlev_body_to(j->easy, &j->resp);
	curl_easy_setopt(j->easy, CURLOPT_ERRORBUFFER, j->errbuf);
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
	if (curlev_add(f->cv, j->easy, &j->xfer) != 0) {
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

/* A relayed request's transfer finished: answer the client, free it. */
static void
on_done(CURL *easy, CURLcode res, void *arg)
{
	struct fwd_job *j = arg;

	(void)easy;
	job_answer(j, res);
	job_free(j->f, j);
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
	if ((f->cv = curlev_new(base)) == NULL) {
		nferr_set(err, "internal", "", "cannot set up libcurl");
		forward_free(f);
		return NULL;
	}
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
	curlev_free(f->cv);
	free(f);
}
