/*
 * mail: see mail.h. One curl easy handle per message, all on one multi
 * handle driven by the loop as in curl's docs/examples/multi-event.c: an
 * event per socket curl watches, one timer, finished transfers read from
 * curl_multi_info_read outside curl's callbacks.
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
	struct mail_job *next;
};

struct mail_sock {
	struct mail *m;
	struct event *ev;
};

struct mail {
	struct event_base *base;
	const struct conf *conf;
	CURLM *multi;
	struct event *timer;
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

/* ---- libcurl multi on libevent ----------------------------------------- */

static void check_multi(struct mail *m);

static void
on_sock_event(evutil_socket_t fd, short what, void *arg)
{
	struct mail *m = arg;
	int running, flags = 0;

	if (what & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (what & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(m->multi, fd, flags, &running);
	check_multi(m);
}

static int
on_curl_socket(CURL *easy, curl_socket_t fd, int what, void *userp,
    void *sockp)
{
	struct mail *m = userp;
	struct mail_sock *ms = sockp;
	short kind;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (ms != NULL) {
			event_free(ms->ev);
			free(ms);
			curl_multi_assign(m->multi, fd, NULL);
		}
		return 0;
	}
	kind = EV_PERSIST | ((what & CURL_POLL_IN) ? EV_READ : 0) |
	    ((what & CURL_POLL_OUT) ? EV_WRITE : 0);
	if (ms == NULL) {
		if ((ms = calloc(1, sizeof(*ms))) == NULL)
			return -1;
		ms->m = m;
		if ((ms->ev = event_new(m->base, fd, kind, on_sock_event,
		    m)) == NULL) {
			free(ms);
			return -1;
		}
		curl_multi_assign(m->multi, fd, ms);
	} else {
		event_del(ms->ev);
		event_assign(ms->ev, m->base, fd, kind, on_sock_event, m);
	}
	event_add(ms->ev, NULL);
	return 0;
}

static void
on_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct mail *m = arg;
	int running;

	(void)fd;
	(void)what;
	curl_multi_socket_action(m->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_multi(m);
}

static int
on_curl_timer(CURLM *multi, long timeout_ms, void *userp)
{
	struct mail *m = userp;
	struct timeval tv;

	(void)multi;
	if (timeout_ms < 0) {
		event_del(m->timer);
		return 0;
	}
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	evtimer_add(m->timer, &tv);
	return 0;
}

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
			curl_multi_remove_handle(m->multi, j->easy);
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
		if (curl_multi_add_handle(m->multi, j->easy) != CURLM_OK) {
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

static void
check_multi(struct mail *m)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(m->multi, &left)) != NULL) {
		struct mail_job *j = NULL;
		const char *why;
		mail_cb cb;
		void *arg;
		char reason[CURL_ERROR_SIZE + 64];
		int ok;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
		    (char **)&j);
		if (j == NULL)
			continue;
		ok = msg->data.result == CURLE_OK;
		why = j->errbuf[0] ? j->errbuf :
		    curl_easy_strerror(msg->data.result);
		snprintf(reason, sizeof(reason), "%s", ok ? "sent" : why);
		cb = j->cb;
		arg = j->arg;
		job_free(m, j);
		if (cb != NULL)
			cb(ok ? 0 : -1, reason, arg);
	}
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
	m->multi = curl_multi_init();
	m->timer = evtimer_new(base, on_timeout, m);
	if (m->multi == NULL || m->timer == NULL) {
		nferr_set(err, "internal", "", "cannot set up libcurl for mail");
		mail_free(m);
		return NULL;
	}
	curl_multi_setopt(m->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
	curl_multi_setopt(m->multi, CURLMOPT_SOCKETDATA, m);
	curl_multi_setopt(m->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
	curl_multi_setopt(m->multi, CURLMOPT_TIMERDATA, m);
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
	if (m->multi != NULL)
		curl_multi_cleanup(m->multi);
	if (m->timer != NULL)
		event_free(m->timer);
	free(m);
}

int
mail_enabled(const struct mail *m)
{
	return m != NULL && m->multi != NULL;
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
	curl_easy_setopt(j->easy, CURLOPT_PRIVATE, j);
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
		/* in turn, after those before it (check_multi starts it) */
		*m->wait_tail = j;
		m->wait_tail = &j->next;
		m->nwait++;
		return 0;
	}
	if (curl_multi_add_handle(m->multi, j->easy) != CURLM_OK) {
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
