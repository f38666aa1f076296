/*
 * mail: see mail.h. One curl easy handle per message, all on the
 * mailer's libcurl multi handle on the loop (node/curlev.c); a finished
 * one calls its message's callback and starts the next waiting one.
 *
 * The message is built once (mail_format) and read by curl from memory.
 * Headers are ASCII: the subject is RFC 2047 base64 ("=?UTF-8?B?...?=")
 * whenever it is not plain ASCII, the body is 8bit UTF-8 (the relay must
 * take 8BITMIME, which every relay the node is meant for does). Addresses
 * are checked with conf_email_valid, so none can carry a line break into
 * a header or an SMTP command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "curlev.h"
#include "log.h"
#include "mail.h"

struct mail_job {
	struct mail *m;
	CURL *easy;
	struct curl_slist *rcpt;
	char *msg;
	size_t len, off;
	mail_cb cb;
	void *arg;
	char errbuf[CURL_ERROR_SIZE];
	int started;            /* added to the multi handle */
	struct curlev_xfer xfer;  /* done: on_done(this) */
	struct mail_job *next;
};

struct mail {
	struct event_base *base;
	const struct conf *conf;
	struct curlev *cv;             /* NULL: no relay */
	struct mail_job *jobs;         /* in flight */
	size_t njobs;
	struct mail_job *wait, **wait_tail;   /* waiting, oldest first */
	size_t nwait;
};

/* ---- the message ----------------------------------------------------------- */

static int
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || (unsigned char)*s < 0x20)
			return 0;
	return 1;
}

char *
mail_format(const char *from, const char *to, const char *subject,
    const char *text, const char *date, const char *msgid)
{
	char subj[MAIL_SUBJECT_MAX * 2 + 64];
	size_t cap, n = 0;
	const char *p;
	char *out;
	int w;

	if (is_ascii(subject))
		snprintf(subj, sizeof(subj), "%s", subject);
	else {
		char b64[MAIL_SUBJECT_MAX * 2];

		sodium_bin2base64(b64, sizeof(b64),
		    (const unsigned char *)subject, strlen(subject),
		    sodium_base64_VARIANT_ORIGINAL);
		snprintf(subj, sizeof(subj), "=?UTF-8?B?%s?=", b64);
	}
	/* every \n may become \r\n */
	cap = strlen(text) * 2 + strlen(subj) + strlen(from) + strlen(to) +
	    strlen(date) + strlen(msgid) + 512;
	if ((out = malloc(cap)) == NULL)
		return NULL;
	w = snprintf(out, cap, "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\n"
	    "Subject: %s\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n"
	    "Auto-Submitted: auto-generated\r\n\r\n", date, from, to, subj,
	    msgid);
	if (w < 0 || (size_t)w >= cap) {
		free(out);
		return NULL;
	}
	n = (size_t)w;
	for (p = text; *p; p++) {
		if (*p == '\n' && (p == text || p[-1] != '\r'))
			out[n++] = '\r';
		out[n++] = *p;
	}
	if (n < 2 || out[n - 1] != '\n') {
		out[n++] = '\r';
		out[n++] = '\n';
	}
	out[n] = '\0';
	return out;
}

static size_t
on_read(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct mail_job *j = arg;
	size_t want = size * nmemb, left = j->len - j->off;

	if (want > left)
		want = left;
	memcpy(buf, j->msg + j->off, want);
	j->off += want;
	return want;
}

static void on_done(CURL *easy, CURLcode res, void *arg);

/* Take j out of the list and free it (its callback already called). */
static void
job_free(struct mail *m, struct mail_job *j)
{
	struct mail_job **pp;

	for (pp = &m->jobs; *pp != NULL; pp = &(*pp)->next)
		if (*pp == j) {
			*pp = j->next;
			m->njobs--;
			break;
		}
	if (j->easy != NULL) {
		if (j->started)
			curlev_remove(m->cv, j->easy);
		curl_easy_cleanup(j->easy);
	}
	curl_slist_free_all(j->rcpt);
	if (j->msg != NULL) {
		sodium_memzero(j->msg, j->len);   /* it holds a sign-in link */
		free(j->msg);
	}
	free(j);
}

/* Start waiting messages while fewer than MAIL_QUEUE_MAX are in flight;
 * one libcurl refuses is failed. */
static void
start_waiting(struct mail *m)
{
	while (m->wait != NULL && m->njobs < MAIL_QUEUE_MAX) {
		struct mail_job *j = m->wait;

		if ((m->wait = j->next) == NULL)
			m->wait_tail = &m->wait;
		m->nwait--;
		if (curlev_add(m->cv, j->easy, &j->xfer) != 0) {
			mail_cb cb = j->cb;
			void *arg = j->arg;

			j->next = NULL;
			job_free(m, j);
			if (cb != NULL)
				cb(-1, "libcurl refused the message", arg);
			continue;
		}
		j->started = 1;
		j->next = m->jobs;
		m->jobs = j;
		m->njobs++;
	}
}

/* A message's transfer finished: its callback, then the next waiting. */
static void
on_done(CURL *easy, CURLcode res, void *arg)
{
	struct mail_job *j = arg;
	struct mail *m = j->m;
	mail_cb cb = j->cb;
	void *cb_arg = j->arg;
	char reason[CURL_ERROR_SIZE + 64];
	int ok = res == CURLE_OK;

	(void)easy;
	snprintf(reason, sizeof(reason), "%s", ok ? "sent" : j->errbuf[0] ?
	    j->errbuf : curl_easy_strerror(res));
	job_free(m, j);
	if (cb != NULL)
		cb(ok ? 0 : -1, reason, cb_arg);
	start_waiting(m);
}

/* ---- the mailer ------------------------------------------------------------ */

struct mail *
mail_new(struct event_base *base, const struct conf *conf, struct nferr *err)
{
	struct mail *m;

	if ((m = calloc(1, sizeof(*m))) == NULL) {
		nferr_set(err, "internal", "", "out of memory");
		return NULL;
	}
	m->base = base;
	m->conf = conf;
	m->wait_tail = &m->wait;
	if (conf->mail_relay == NULL)
		return m;
	if ((m->cv = curlev_new(base)) == NULL) {
		nferr_set(err, "internal", "", "cannot set up libcurl for mail");
		mail_free(m);
		return NULL;
	}
	return m;
}

void
mail_free(struct mail *m)
{
	if (m == NULL)
		return;
	while (m->wait != NULL) {
		struct mail_job *j = m->wait;
		mail_cb cb = j->cb;
		void *arg = j->arg;

		m->wait = j->next;
		job_free(m, j);
		if (cb != NULL)
			cb(-1, "shutdown", arg);
	}
	while (m->jobs != NULL) {
		struct mail_job *j = m->jobs;
		mail_cb cb = j->cb;
		void *arg = j->arg;

		job_free(m, j);
		if (cb != NULL)
			cb(-1, "shutdown", arg);
	}
	curlev_free(m->cv);
	free(m);
}

int
mail_enabled(const struct mail *m)
{
	return m != NULL && m->cv != NULL;
}

static void
rfc5322_date(char *out, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, len, "%a, %d %b %Y %H:%M:%S +0000", &tm);
}

int
mail_send(struct mail *m, const char *to, const char *subject,
    const char *text, mail_cb cb, void *arg, struct nferr *err)
{
	const struct conf *c;
	struct mail_job *j;
	unsigned char rnd[12];
	char date[64], msgid[160], hex[25], rcpt[300], from[300];
	const char *host;

	if (!mail_enabled(m))
		return nferr_set(err, "no_relay", "",
		    "no [mail] relay is configured");
	c = m->conf;
	if (!conf_email_valid(to))
		return nferr_set(err, "bad_value", "/email",
		    "not an address mail can be sent to");
	if (subject == NULL || strlen(subject) > MAIL_SUBJECT_MAX ||
	    strpbrk(subject, "\r\n") != NULL || text == NULL ||
	    strlen(text) > MAIL_TEXT_MAX)
		return nferr_set(err, "bad_value", "",
		    "a subject of one line and at most %d bytes, a text of at "
		    "most %d", MAIL_SUBJECT_MAX, MAIL_TEXT_MAX);
	if (m->nwait >= MAIL_BACKLOG_MAX)
		return nferr_set(err, "busy", "",
		    "%d messages are waiting to be sent already; try again",
		    MAIL_BACKLOG_MAX);
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	j->m = m;
	j->cb = cb;
	j->arg = arg;
	j->xfer.done = on_done;
	j->xfer.arg = j;
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	host = strchr(c->mail_from, '@') + 1;
	snprintf(msgid, sizeof(msgid), "%s.nordfed@%.100s", hex, host);
	rfc5322_date(date, sizeof(date));
	snprintf(rcpt, sizeof(rcpt), "<%s>", to);
	snprintf(from, sizeof(from), "<%s>", c->mail_from);
	j->msg = mail_format(c->mail_from, to, subject, text, date, msgid);
	j->easy = curl_easy_init();
	j->rcpt = curl_slist_append(NULL, rcpt);
	if (j->msg == NULL || j->easy == NULL || j->rcpt == NULL) {
		job_free(m, j);
		return nferr_set(err, "internal", "", "out of memory");
	}
	j->len = strlen(j->msg);
	curl_easy_setopt(j->easy, CURLOPT_URL, c->mail_relay);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(j->easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#endif
	curl_easy_setopt(j->easy, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(j->easy, CURLOPT_MAIL_RCPT, j->rcpt);
	curl_easy_setopt(j->easy, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(j->easy, CURLOPT_INFILESIZE_LARGE,
	    (curl_off_t)j->len);
	curl_easy_setopt(j->easy, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(j->easy, CURLOPT_READDATA, j);
	curl_easy_setopt(j->easy, CURLOPT_ERRORBUFFER, j->errbuf);
	curl_easy_setopt(j->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(j->easy, CURLOPT_TIMEOUT_MS, (long)MAIL_TIMEOUT_MS);
	curl_easy_setopt(j->easy, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	/* a password never goes out in the clear: STARTTLS is required
	 * with credentials, taken when offered without */
	curl_easy_setopt(j->easy, CURLOPT_USE_SSL, c->mail_credentials ?
	    (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
	if (c->mail_credentials != NULL)
		curl_easy_setopt(j->easy, CURLOPT_USERPWD, c->mail_credentials);
	if (m->njobs >= MAIL_QUEUE_MAX || m->wait != NULL) {
		/* in turn, after those before it (on_done starts it) */
		*m->wait_tail = j;
		m->wait_tail = &j->next;
		m->nwait++;
		return 0;
	}
	if (curlev_add(m->cv, j->easy, &j->xfer) != 0) {
		job_free(m, j);
		return nferr_set(err, "internal", "", "libcurl refused the "
		    "message");
	}
	j->started = 1;
	j->next = m->jobs;
	m->jobs = j;
	m->njobs++;
	return 0;
}
