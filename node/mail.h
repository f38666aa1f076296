/*
 * mail: the node's outgoing e-mail through the [mail] relay
 * (docs/configuration.md): libcurl's SMTP on the node's libevent loop,
 * with a multi handle of its own (node/curlev.h: sync's channels and the
 * mail queue never wait for each other), so sending never blocks a request.
 *
 * A message is plain UTF-8 text with a subject, to one address. It is
 * handed to the relay once, with a time limit; the callback says whether
 * the relay took it. Nothing is kept on disk: a message queued when the
 * node stops is failed ("shutdown"). Log lines name no address.
 *
 * Ownership: struct mail is the node's (mail_free); it borrows the event
 * base and the conf, which must outlive it. Strings given to mail_send
 * are copied. Not thread-safe: the loop's thread only.
 */
#ifndef MAIL_H
#define MAIL_H

#include <event2/event.h>

#include "conf.h"
#include "nferr.h"

struct mail;

#define MAIL_QUEUE_MAX    32       /* messages in flight at once */
#define MAIL_BACKLOG_MAX  2000     /* waiting for one of them to finish */
#define MAIL_TEXT_MAX     16384    /* bytes of a message's text */
#define MAIL_SUBJECT_MAX  200      /* bytes of a subject */
#define MAIL_TIMEOUT_MS   30000    /* one message, connect to QUIT */

/*
 * Called once per message: status 0 when the relay accepted it, -1 when
 * not (why: libcurl's reason, or "shutdown"; it holds no address). why is
 * valid during the call only.
 */
typedef void (*mail_cb)(int status, const char *why, void *arg);

/* A mailer for conf's [mail]; one without a relay sends nothing
 * (mail_enabled 0). NULL on failure (err set). */
struct mail *mail_new(struct event_base *base, const struct conf *conf,
    struct nferr *err);
/* Fails everything in flight (callbacks with "shutdown"), then frees. */
void mail_free(struct mail *m);

/* 1 when a relay is configured. */
int mail_enabled(const struct mail *m);

/*
 * Queue one message to the address to (conf_email_valid), subject (one
 * line, at most MAIL_SUBJECT_MAX bytes) and text (UTF-8, lines ended by
 * \n, at most MAIL_TEXT_MAX bytes). 0 when queued (cb will be called,
 * later, from the loop); -1 with err and cb never called: bad_value, busy
 * (MAIL_QUEUE_MAX in flight and MAIL_BACKLOG_MAX waiting), no_relay,
 * internal. Messages beyond MAIL_QUEUE_MAX wait their turn, in order.
 */
int mail_send(struct mail *m, const char *to, const char *subject,
    const char *text, mail_cb cb, void *arg, struct nferr *err);

/* The message as it goes to the relay (headers, CRLF lines): a malloc'd
 * string, or NULL. date is the Date header's value; for the tests. */
char *mail_format(const char *from, const char *to, const char *subject,
    const char *text, const char *date, const char *msgid);

#endif
