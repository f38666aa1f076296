/*
 * ctl_import_send: the writing side of `nordfedctl import`: rows into
 * batches of at most IMPORT_BATCH_ROWS rows and IMPORT_BATCH_BYTES bytes,
 * each POST /api/v1/batch (one commit on the node), several in flight
 * over libcurl multi; a batch the node could not take (503, 429, no
 * answer) is sent again after a back-off, and every row the node
 * refused is kept for the report with its line. Also what the node
 * holds, for a dry run.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "canon.h"
#include "ctl.h"
#include "ctl_import.h"

/* ---- what the node holds already (a dry run) ---------------------------------- */

struct held {
	struct idset *set;
	struct ctl_progress pr;
	uint64_t n;
};

static int
held_item(void *arg, json_t *it)
{
	struct held *h = arg;
	const char *id = json_string_value(json_object_get(it, "id"));
	struct idslot *s;
	char *t;
	size_t tl;

	if (id == NULL || (s = ctl_imp_idset_find(h->set, id, 1)) == NULL)
		return CTL_OK;
	if (canon_dump(json_object_get(it, "body"), &t, &tl, NULL) == 0) {
		crypto_generichash(s->hash, sizeof(s->hash),
		    (unsigned char *)t, tl, NULL, 0);
		free(t);
	}
	h->n++;
	return CTL_OK;
}

static void
held_page(void *arg)
{
	struct held *h = arg;

	ctl_progress(&h->pr, h->n, 0);
}

/* Every organisation of origin the node holds into set (id -> hash of
 * its canonical body). CTL_OK or CTL_IO. */
int
ctl_imp_fetch_existing(struct ctl *c, const char *origin, uint64_t total,
    struct idset *set)
{
	char path[64];
	struct held h = { set, { 0 }, 0 };
	int rc;

	ctl_progress_start(&h.pr, "held", total);
	snprintf(path, sizeof(path), "/api/v1/organisations?country=%s",
	    origin);
	if ((rc = ctl_pages(c, path, held_item, held_page, &h)) != CTL_OK)
		return rc;
	if (h.n > 0)
		ctl_progress(&h.pr, h.n, 1);
	return CTL_OK;
}

/* ---- writing: batches over libcurl multi ------------------------------------------- */

static int
job_send(struct sender *sd, struct batch_job *j)
{
	struct ctl *c = sd->c;
	char url[CTL_URL_MAX + 32], hdr[CTL_TOKEN_MAX + 32];

	if (j->easy == NULL && (j->easy = curl_easy_init()) == NULL)
		return -1;
	if (j->hdrs == NULL) {
		snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", c->token);
		j->hdrs = curl_slist_append(NULL, hdr);
		j->hdrs = curl_slist_append(j->hdrs,
		    "Content-Type: application/x-ndjson");
		j->hdrs = curl_slist_append(j->hdrs, "Expect:");
		explicit_bzero(hdr, sizeof(hdr));
	}
	ctl_resp_free(&j->resp);
	memset(&j->resp, 0, sizeof(j->resp));
	j->resp.in.max = (4 << 20) - 1;         /* bytes of a batch reply */
	snprintf(url, sizeof(url), "%s/api/v1/batch", c->url);
	curl_easy_setopt(j->easy, CURLOPT_URL, url);
	curl_easy_setopt(j->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(j->easy, CURLOPT_POST, 1L);
	curl_easy_setopt(j->easy, CURLOPT_POSTFIELDS, j->body);
	curl_easy_setopt(j->easy, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)j->blen);
	curl_easy_setopt(j->easy, CURLOPT_HTTPHEADER, j->hdrs);
	curl_easy_setopt(j->easy, CURLOPT_WRITEFUNCTION, ctl_resp_write);
	curl_easy_setopt(j->easy, CURLOPT_WRITEDATA, &j->resp);
	curl_easy_setopt(j->easy, CURLOPT_ERRORBUFFER, j->resp.error);
	curl_easy_setopt(j->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(j->easy, CURLOPT_TIMEOUT_MS, c->timeout_ms * 6);
	curl_easy_setopt(j->easy, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
	curl_easy_setopt(j->easy, CURLOPT_USERAGENT, "nordfedctl-import/2");
	curl_easy_setopt(j->easy, CURLOPT_TCP_NODELAY, 1L);
	curl_easy_setopt(j->easy, CURLOPT_PRIVATE, j);
	j->busy = 1;
	j->waiting = 0;
	return curl_multi_add_handle(sd->m, j->easy) == CURLM_OK ? 0 : -1;
}

/* Every row of j failed with the reply (or the transport error). */
static void
job_fail_all(struct sender *sd, struct batch_job *j, long status)
{
	json_t *p = j->resp.body ? json_loadb(j->resp.body, j->resp.len, 0,
	    NULL) : NULL;
	char m[300], t[300];
	size_t i;

	snprintf(m, sizeof(m), "HTTP %ld: %s", status, ctl_problem_text(
	    &j->resp, t, sizeof(t)));
	for (i = 0; i < j->nrows; i++)
		ctl_imp_bad_add(&sd->fail, j->lines[i], json_string_value(json_object_get(
		    p, "field")), "", json_string_value(json_object_get(p,
		    "code")) ? json_string_value(json_object_get(p, "code")) :
		    "http", m);
	sd->failed += j->nrows;
	sd->done += j->nrows;
	json_decref(p);
}

/* A 200 reply: a result per row. */
static void
job_results(struct sender *sd, struct batch_job *j)
{
	json_t *p = json_loadb(j->resp.body ? j->resp.body : "", j->resp.len,
	    0, NULL), *r;
	size_t i, seen = 0;

	json_array_foreach(json_object_get(p, "results"), i, r) {
		const char *res = json_string_value(json_object_get(r, "result"));
		json_int_t line = json_integer_value(json_object_get(r, "line"));
		size_t fl;

		if (res == NULL || line < 1 || (size_t)line > j->nrows)
			continue;
		seen++;
		fl = j->lines[line - 1];
		if (strcmp(res, "created") == 0) {
			sd->created++;
		} else if (strcmp(res, "updated") == 0) {
			sd->updated++;
		} else if (strcmp(res, "unchanged") == 0) {
			sd->unchanged++;
		} else {
			char m[300];

			snprintf(m, sizeof(m), "HTTP %lld: %s", (long long)
			    json_integer_value(json_object_get(r, "status")),
			    json_string_value(json_object_get(r, "detail")) ?
			    json_string_value(json_object_get(r, "detail")) : "");
			ctl_imp_bad_add(&sd->fail, fl, json_string_value(json_object_get(r,
			    "field")), "", json_string_value(json_object_get(r,
			    "code")), m);
			sd->failed++;
		}
		sd->done++;
	}
	if (seen < j->nrows) {
		/* a reply that does not say what became of some rows */
		for (i = seen; i < j->nrows; i++)
			ctl_imp_bad_add(&sd->fail, j->lines[i], "", "", "bad_reply",
			    "the node's reply does not name this row");
		sd->failed += j->nrows - seen;
		sd->done += j->nrows - seen;
	}
	json_decref(p);
}

/* Take what finished, send again what is due; wait up to wait_ms. */
static void
sender_pump(struct sender *sd, int wait_ms)
{
	int64_t now = ctl_mono_ms();
	int running = 0, left, busy = 0;
	CURLMsg *msg;
	size_t i;

	for (i = 0; i < sd->njobs; i++) {
		struct batch_job *j = &sd->jobs[i];

		if (j->waiting && (sd->stopped || (j->at_ms <= now &&
		    job_send(sd, j) != 0))) {
			j->waiting = 0;
			job_fail_all(sd, j, 0);
			j->nrows = 0;
			j->blen = 0;
		}
		busy += j->busy;
	}
	curl_multi_perform(sd->m, &running);
	while ((msg = curl_multi_info_read(sd->m, &left)) != NULL) {
		struct batch_job *j = NULL;
		long status = 0;
		int retry = 0;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
		curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
		curl_multi_remove_handle(sd->m, j->easy);
		j->busy = 0;
		if (msg->data.result != CURLE_OK) {
			retry = 1;
			if (++sd->conn_fails >= 20 && !sd->stopped) {
				sd->stopped = 1;
				snprintf(sd->stop_why, sizeof(sd->stop_why),
				    "the node stopped answering: %s",
				    j->resp.error[0] ? j->resp.error :
				    curl_easy_strerror(msg->data.result));
			}
		} else {
			sd->conn_fails = 0;
			if (status == 200)
				job_results(sd, j);
			else if (status == 503 || status == 429)
				retry = 1;
			else
				job_fail_all(sd, j, status);
		}
		if (retry && (++j->attempts >= IMPORT_RETRIES || sd->stopped)) {
			if (msg->data.result != CURLE_OK) {
				ctl_resp_free(&j->resp);
				memset(&j->resp, 0, sizeof(j->resp));
			}
			job_fail_all(sd, j, status);
			retry = 0;
		}
		if (retry) {
			j->waiting = 1;
			j->at_ms = ctl_mono_ms() + (100LL << j->attempts);
		} else {
			j->nrows = 0;
			j->blen = 0;
		}
		ctl_progress(sd->pr, sd->done, 0);
	}
	if (busy > 0 && wait_ms > 0)
		curl_multi_poll(sd->m, NULL, 0, wait_ms, NULL);
	else if (wait_ms > 0)
		usleep((useconds_t)wait_ms * 1000);
}

static int
job_idle(const struct batch_job *j)
{
	return !j->busy && !j->waiting && j->nrows == 0;
}

/* A job to fill: an idle one, after waiting for one when all are out. */
static struct batch_job *
sender_job(struct sender *sd)
{
	size_t i;

	for (;;) {
		for (i = 0; i < sd->njobs; i++)
			if (job_idle(&sd->jobs[i]))
				return &sd->jobs[i];
		if (sd->stopped)
			return NULL;
		sender_pump(sd, 50);
	}
}

static void
sender_flush(struct sender *sd)
{
	struct batch_job *j = sd->cur;

	sd->cur = NULL;
	if (j == NULL || j->nrows == 0)
		return;
	j->attempts = 0;
	if (sd->stopped || job_send(sd, j) != 0) {
		job_fail_all(sd, j, 0);
		j->nrows = 0;
		j->blen = 0;
	}
	sd->sent += j->nrows;
	sender_pump(sd, 0);
}

int
ctl_imp_sender_row(struct sender *sd, size_t line, const char *id, const char *body,
    size_t blen)
{
	struct batch_job *j = sd->cur;
	size_t il = strlen(id), need = blen + il + 20;

	if (j != NULL && (j->nrows == IMPORT_BATCH_ROWS ||
	    j->blen + need > IMPORT_BATCH_BYTES))
		sender_flush(sd);
	if (sd->cur == NULL && (sd->cur = j = sender_job(sd)) == NULL) {
		ctl_imp_bad_add(&sd->fail, line, "", "", "stopped", sd->stop_why);
		sd->failed++;
		sd->done++;
		return -1;
	}
	j = sd->cur;
	if (j->blen + need + 1 > j->bcap) {
		size_t cap = j->blen + need + 1 > IMPORT_BATCH_BYTES ?
		    j->blen + need + 1 : IMPORT_BATCH_BYTES;
		char *q = realloc(j->body, cap);

		if (q == NULL) {
			ctl_imp_bad_add(&sd->fail, line, "", "", "internal",
			    "out of memory");
			sd->failed++;
			sd->done++;
			return -1;
		}
		j->body = q;
		j->bcap = cap;
	}
	/* canonical: "body" sorts before "id"; an id needs no escape */
	memcpy(j->body + j->blen, "{\"body\":", 8);
	j->blen += 8;
	memcpy(j->body + j->blen, body, blen);
	j->blen += blen;
	j->blen += (size_t)snprintf(j->body + j->blen, j->bcap - j->blen,
	    ",\"id\":\"%s\"}\n", id);
	j->lines[j->nrows++] = line;
	return 0;
}

/* Send what is left and wait for every reply. */
void
ctl_imp_sender_drain(struct sender *sd)
{
	size_t i;
	int out;

	sender_flush(sd);
	do {
		out = 0;
		for (i = 0; i < sd->njobs; i++)
			out += sd->jobs[i].busy || sd->jobs[i].waiting;
		if (out > 0)
			sender_pump(sd, 50);
	} while (out > 0);
}

void
ctl_imp_sender_free(struct sender *sd)
{
	size_t i;

	for (i = 0; sd->jobs != NULL && i < sd->njobs; i++) {
		struct batch_job *j = &sd->jobs[i];

		if (j->easy != NULL) {
			if (j->busy)
				curl_multi_remove_handle(sd->m, j->easy);
			curl_easy_cleanup(j->easy);
		}
		if (j->hdrs != NULL) {
			/* the token is in the first header */
			explicit_bzero(j->hdrs->data, strlen(j->hdrs->data));
			curl_slist_free_all(j->hdrs);
		}
		ctl_resp_free(&j->resp);
		free(j->body);
		free(j->lines);
	}
	free(sd->jobs);
	free(sd->fail.bad);
	if (sd->m != NULL)
		curl_multi_cleanup(sd->m);
}

int
ctl_imp_sender_init(struct sender *sd, struct ctl *c, size_t jobs,
    struct ctl_progress *pr)
{
	size_t i;

	memset(sd, 0, sizeof(*sd));
	sd->c = c;
	sd->pr = pr;
	sd->njobs = jobs;
	if ((sd->m = curl_multi_init()) == NULL ||
	    (sd->jobs = calloc(jobs, sizeof(*sd->jobs))) == NULL)
		return -1;
	for (i = 0; i < jobs; i++)
		if ((sd->jobs[i].lines = calloc(IMPORT_BATCH_ROWS,
		    sizeof(size_t))) == NULL)
			return -1;
	curl_multi_setopt(sd->m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)jobs);
	curl_multi_setopt(sd->m, CURLMOPT_MAXCONNECTS, (long)jobs);
	return 0;
}
