/*
 * retention: see retention.h. The table below is the one place that says
 * when each kind of personal data stops being needed:
 *
 *   contact persons   the organisation is no longer a live one of this
 *                     node (its delete erases them in the same transaction;
 *                     the sweep catches any an older version or a restored
 *                     database left), or, with [privacy]
 *                     contact_retention_days, the record was not written
 *                     for that many days
 *
 *   organisation      their organisation is no longer a live one of this
 *   accounts          node; an invitation never used once its link
 *                     expired; with [privacy] account_idle_days, not
 *                     signed in for that many days. Their sessions and
 *                     links go with them, and expired ones on every sweep
 *
 *   registrations     their meeting was deleted, or ended [privacy]
 *                     registration_retention_days ago
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "log.h"
#include "node.h"
#include "retention.h"
#include "store_accounts.h"

#define DAY_MS  (86400LL * 1000)

struct retention {
	struct node *n;
	struct event *ev;
};

struct sweep {
	const char *kind;        /* in the log line: "contact persons" */
	/* erase what is past its time at now_ms: *erased, and a few words
	 * on why into why (counts only) */
	int (*run)(struct node *n, int64_t now_ms, int64_t *erased,
	    char *why, size_t whylen, struct nferr *err);
};

static int
sweep_persons(struct node *n, int64_t now_ms, int64_t *erased, char *why,
    size_t whylen, struct nferr *err)
{
	int64_t orphans = 0, aged = 0;

	if (store_persons_sweep(n->store, now_ms,
	    (int64_t)n->conf.contact_retention_days * DAY_MS, &orphans, &aged,
	    err) != 0)
		return -1;
	*erased = orphans + aged;
	snprintf(why, whylen, "%" PRId64 " of organisations no longer here, "
	    "%" PRId64 " past contact_retention_days", orphans, aged);
	return 0;
}

/* Organisation accounts: sessions and links past their time, accounts of
 * organisations no longer here, invitations never used (their link
 * expired), and, with account_idle_days, accounts not signed in since. */
static int
sweep_accounts(struct node *n, int64_t now_ms, int64_t *erased, char *why,
    size_t whylen, struct nferr *err)
{
	struct store_accounts_swept sw;

	if (store_accounts_sweep(n->store, now_ms,
	    (int64_t)n->conf.account_idle_days * DAY_MS, &sw, err) != 0)
		return -1;
	*erased = sw.orphans + sw.unused + sw.idle;
	snprintf(why, whylen, "%" PRId64 " of organisations no longer here, "
	    "%" PRId64 " invitations never used, %" PRId64 " past "
	    "account_idle_days; %" PRId64 " sessions and %" PRId64 " links "
	    "expired", sw.orphans, sw.unused, sw.idle, sw.sessions, sw.links);
	if (*erased == 0 && sw.sessions + sw.links > 0)
		log_debug("retention: %s", why);
	return 0;
}

/* Registrations of meetings deleted, or ended registration_retention_days
 * ago (node/registrations.c). */
static int
sweep_registrations(struct node *n, int64_t now_ms, int64_t *erased,
    char *why, size_t whylen, struct nferr *err)
{
	if (registrations_sweep(n, now_ms, erased, err) != 0)
		return -1;
	snprintf(why, whylen, "of meetings deleted or ended %d days ago",
	    n->conf.registration_retention_days);
	return 0;
}

static const struct sweep sweeps[] = {
	{ "contact persons", sweep_persons },
	{ "organisation accounts", sweep_accounts },
	{ "meeting registrations", sweep_registrations },
};
#define NSWEEPS (sizeof(sweeps) / sizeof(sweeps[0]))

int
retention_sweep(struct node *n, int64_t now_ms, int64_t *erased,
    struct nferr *err)
{
	struct timespec ts;
	char why[160];
	int64_t k;
	int done = 0, rc = 0;
	size_t i;

	*erased = 0;
	if (now_ms == 0) {
		clock_gettime(CLOCK_REALTIME, &ts);
		now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	}
	for (i = 0; i < NSWEEPS; i++) {
		k = 0;
		if (sweeps[i].run(n, now_ms, &k, why, sizeof(why), err) != 0) {
			log_error("retention: %s: %s", sweeps[i].kind, err->msg);
			rc = -1;
			continue;
		}
		if (k > 0)
			log_info("retention: erased %" PRId64 " %s (%s)", k,
			    sweeps[i].kind, why);
		*erased += k;
	}
	if (store_local_scrub_owed(n->store)) {
		if (store_local_scrub(n->store, 0, &done, err) != 0) {
			log_error("retention: scrubbing the WAL: %s", err->msg);
			return -1;
		}
		if (!done)
			log_warn("retention: the WAL still holds erased personal "
			    "data: a reader keeps it; the next sweep tries again");
	}
	return rc;
}

static void
on_sweep(evutil_socket_t fd, short what, void *arg)
{
	struct retention *rt = arg;
	struct nferr err;
	int64_t erased;

	(void)fd;
	(void)what;
	retention_sweep(rt->n, 0, &erased, &err);
}

struct retention *
retention_new(struct node *n, struct nferr *err)
{
	struct retention *rt;
	struct timeval tv;
	int64_t erased;
	int done;

	if ((rt = calloc(1, sizeof(*rt))) == NULL) {
		nferr_set(err, "internal", "", "out of memory");
		return NULL;
	}
	rt->n = n;
	rt->ev = event_new(n->base, -1, EV_PERSIST, on_sweep, rt);
	tv.tv_sec = n->conf.sweep_interval_s;
	tv.tv_usec = 0;
	if (rt->ev == NULL || event_add(rt->ev, &tv) != 0) {
		nferr_set(err, "internal", "", "cannot schedule the sweep");
		retention_free(rt);
		return NULL;
	}
	/* at start: a scrub a stop cut short is done too */
	if (retention_sweep(n, 0, &erased, err) == 0 &&
	    store_local_scrub(n->store, 1, &done, err) != 0)
		log_warn("retention: %s", err->msg);
	return rt;
}

void
retention_free(struct retention *rt)
{
	if (rt == NULL)
		return;
	if (rt->ev != NULL)
		event_free(rt->ev);
	free(rt);
}
