/*
 * web: the cross-border browsing page (docs/web.md).
 *
 *   GET /                                  the page (node/web/index.html)
 *   GET /static/{file}                     its modules, style sheet and map
 *   GET /api/v1/overview                   the first view in one round trip
 *   GET /api/v1/networks/{id}/meetings.ics a network's meetings, RFC 5545
 *
 * The assets are compiled in: tests/embed_assets.py turns the files of
 * node/web/ into
 * $(BUILD)/gen/web_assets.c, a table of struct web_asset (below; the two
 * definitions must agree), so nothing is read from disk at run time. Each
 * asset carries a strong ETag (a hash of its bytes) and, when it is
 * smaller, a gzip copy served to clients that accept it.
 *
 * The page itself uses only the public read API; the overview and the
 * calendar feed are built here from store reads and are public reads too.
 * Ownership: every json_t built here is owned by the function that made
 * it until it is handed to http_reply_json (which steals it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "node.h"
#include "record.h"
#include "problem.h"

/* ---- the embedded assets ------------------------------------------------ */

struct web_asset {
	const char *path;           /* "app.js": a file name under node/web/ */
	const char *type;           /* Content-Type */
	const unsigned char *data;  /* the bytes */
	unsigned long len;
	const unsigned char *gz;    /* gzip of data, NULL when not smaller */
	unsigned long gz_len;
	const char *etag;           /* "\"<hex>\"", strong, for data */
	const char *etag_gz;        /* "\"<hex>-gz\"", for gz */
};

extern const struct web_asset web_assets[];
extern const unsigned long web_assets_count;

#define OVERVIEW_NETWORKS 50    /* networks in the overview (one page) */
#define OVERVIEW_MEETINGS 6     /* upcoming meetings in the overview */
#define MEMBERS_PAGES 20        /* pages of STORE_LIMIT_MAX memberships
                                 * counted per network */
#define ICS_EVENTS_MAX 2000     /* meetings in one calendar feed */

static const struct web_asset *
asset_find(const char *path)
{
	unsigned long i;

	for (i = 0; i < web_assets_count; i++)
		if (strcmp(web_assets[i].path, path) == 0)
			return &web_assets[i];
	return NULL;
}

/* 1 when the request's If-None-Match names etag (or is "*"). */
static int
etag_matches(struct http_req *r, const char *etag)
{
	const char *inm = http_header(r, "If-None-Match");

	if (inm == NULL)
		return 0;
	if (strcmp(inm, "*") == 0)
		return 1;
	return strstr(inm, etag) != NULL;
}

/* 1 when the client takes gzip (a q=0 refusal is treated as absent). */
static int
accepts_gzip(struct http_req *r)
{
	const char *ae = http_header(r, "Accept-Encoding");
	const char *g;

	if (ae == NULL || (g = strstr(ae, "gzip")) == NULL)
		return 0;
	g += 4;
	while (*g == ' ')
		g++;
	return !(strncmp(g, ";q=0", 4) == 0 && g[4] != '.') &&
	    strncmp(g, ";q=0.0", 6) != 0;
}

/*
 * The page's own headers: a strict content security policy (everything
 * from this node, no inline script, no framing) and no referrer to
 * other sites.
 */
static void
page_headers(struct http_req *r)
{
	http_add_header(r, "Content-Security-Policy",
	    "default-src 'self'; script-src 'self'; style-src 'self'; "
	    "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
	    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
	http_add_header(r, "Referrer-Policy", "same-origin");
	http_add_header(r, "X-Frame-Options", "DENY");
}

static void
serve_asset(struct http_req *r, const struct web_asset *a, int page)
{
	int gz = a->gz != NULL && accepts_gzip(r);
	const char *etag = gz ? a->etag_gz : a->etag;
	struct evbuffer *b;

	/*
	 * Always revalidated: the ETag makes that a 304 without a body,
	 * and a node upgrade never leaves a page with modules of two
	 * versions. index.html preloads every module, so the checks go out
	 * together.
	 */
	http_add_header(r, "Cache-Control", "no-cache");
	http_add_header(r, "ETag", etag);
	http_add_header(r, "Vary", "Accept-Encoding");
	if (page)
		page_headers(r);
	if (etag_matches(r, etag)) {
		http_reply(r, 304, NULL, NULL);
		return;
	}
	if ((b = evbuffer_new()) == NULL) {
		problem_send(r, "internal", NULL, "out of memory");
		return;
	}
	if (gz) {
		http_add_header(r, "Content-Encoding", "gzip");
		evbuffer_add_reference(b, a->gz, a->gz_len, NULL, NULL);
	} else {
		evbuffer_add_reference(b, a->data, a->len, NULL, NULL);
	}
	http_reply(r, 200, a->type, b);
	evbuffer_free(b);
}

static void
h_index(struct http_req *r, void *arg)
{
	const struct web_asset *a = asset_find("index.html");

	(void)arg;
	if (a == NULL) {
		problem_send(r, "internal", NULL,
		    "the page was not built into this node");
		return;
	}
	serve_asset(r, a, 1);
}

static void
h_static(struct http_req *r, void *arg)
{
	const char *file = http_param(r, "file");
	const struct web_asset *a = asset_find(file);

	(void)arg;
	if (a == NULL) {
		problem_send(r, "not_found", "file",
		    "no static file \"%.100s\"", file);
		return;
	}
	serve_asset(r, a, strcmp(a->path, "index.html") == 0);
}

/* ---- translated text ---------------------------------------------------- */


/* ---- the overview ------------------------------------------------------- */

static void
rfc3339_utc(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* {"id","name","country"} of a live organisation, or null. New ref. */
static json_t *
org_ref(struct node *n, const char *id)
{
	json_t *rec = NULL, *b, *out;

	if (id == NULL || store_record_get(n->store, id, &rec, NULL) != 0)
		return json_null();
	b = json_object_get(rec, "body");
	if (json_is_true(json_object_get(rec, "deleted")) || !json_is_object(b)) {
		json_decref(rec);
		return json_null();
	}
	out = json_pack("{s:s, s:O?, s:O?}", "id", id, "name",
	    json_object_get(b, "name"), "country", json_object_get(b, "country"));
	json_decref(rec);
	return out ? out : json_null();
}

/*
 * Active members of a network counted by the member organisation's
 * country (from the organisation when this node holds it, else from the
 * owner in its id): {"total": N, "by_country": {"SE": 3, ...}}.
 */
static int
member_summary(struct node *n, const char *net, json_t **out,
    struct nferr *err)
{
	json_t *by = json_object(), *page = NULL, *it;
	char cursor[STORE_CURSOR_MAX + 1] = "";
	json_int_t total = 0;
	size_t i;
	int pages;

	for (pages = 0; pages < MEMBERS_PAGES; pages++) {
		const char *next;

		if (store_memberships_by_network(n->store, net,
		    cursor[0] ? cursor : NULL, STORE_LIMIT_MAX, &page,
		    err) != 0) {
			json_decref(by);
			return -1;
		}
		json_array_foreach(json_object_get(page, "items"), i, it) {
			json_t *b = json_object_get(it, "body");
			const char *st = json_string_value(
			    json_object_get(b, "status"));
			const char *cc = json_string_value(json_object_get(
			    json_object_get(it, "organisation"), "country"));
			const char *org = json_string_value(
			    json_object_get(b, "organisation"));
			char o[RECORD_ORIGIN_SIZE];
			enum record_type t;

			if (st == NULL || strcmp(st, "active") != 0)
				continue;
			if (cc == NULL && org != NULL &&
			    record_id_parse(org, o, &t, NULL) == 0)
				cc = o;
			if (cc == NULL)
				continue;
			json_object_set_new(by, cc, json_integer(
			    json_integer_value(json_object_get(by, cc)) + 1));
			total++;
		}
		next = json_string_value(json_object_get(page, "next"));
		if (next == NULL) {
			json_decref(page);
			break;
		}
		snprintf(cursor, sizeof(cursor), "%s", next);
		json_decref(page);
	}
	*out = json_pack("{s:I, s:o}", "total", total, "by_country", by);
	return *out ? 0 : nferr_set(err, "internal", "", "out of memory");
}

/* The next meeting of a network that is not cancelled:
 * {"id","title","start","lang_used"} or null. New reference. */
static json_t *
next_meeting(struct node *n, const char *net, const char *lang)
{
	struct store_filter f;
	json_t *page = NULL, *m, *out;

	memset(&f, 0, sizeof(f));
	f.type = REC_MEETING;
	f.network = net;
	f.upcoming = 1;
	f.limit = 5;
	if (store_list(n->store, &f, &page, NULL) != 0)
		return json_null();
	out = json_null();
	{
		size_t i;

		json_array_foreach(json_object_get(page, "items"), i, m) {
			const char *st = json_string_value(json_object_get(
			    json_object_get(m, "body"), "status"));

			if (st != NULL && strcmp(st, "cancelled") == 0)
				continue;
			api_pick_lang(m, lang);
			json_decref(out);
			out = json_pack("{s:O, s:O?, s:O?}", "id",
			    json_object_get(m, "id"), "title",
			    json_object_get(json_object_get(m, "body"), "title"),
			    "start",
			    json_object_get(json_object_get(m, "body"), "start"));
			if (out != NULL && json_object_get(m, "lang_used"))
				json_object_set(out, "lang_used",
				    json_object_get(m, "lang_used"));
			break;
		}
	}
	json_decref(page);
	return out ? out : json_null();
}

/*
 * Every country's node as this node sees it, in the fixed origin order:
 *   {"country","self","state","url","behind","missing","last_success",
 *    "last_error"}
 * state: in_step, lagging (it lacks entries this node has, or this node
 * lacks entries of its origin that a peer has), unreachable (the last
 * request to it failed), quarantined (its origin forked), or none (not
 * a peer of this node). behind: entries it lacks; missing: entries of its
 * origin this node lacks.
 */
static json_t *
node_states(struct node *n, json_t *st)
{
	json_t *out = json_array(), *origins = json_object_get(st, "origins");
	size_t i, k;

	for (i = 0; i < RECORD_NORIGIN; i++) {
		const char *cc = record_origins[i];
		json_t *o = json_object_get(origins, cc), *peer = NULL, *p, *row;
		json_int_t missing = json_integer_value(json_object_get(o, "lag"));
		json_int_t behind = 0;
		const char *state;
		int self = strcmp(cc, n->conf.country) == 0;

		json_array_foreach(json_object_get(st, "peers"), k, p)
			if (peer == NULL && json_is_string(json_object_get(p,
			    "country")) && strcmp(json_string_value(
			    json_object_get(p, "country")), cc) == 0)
				peer = p;
		if (self) {
			const char *oc;
			json_t *ov;

			missing = 0;
			json_object_foreach(origins, oc, ov)
				missing += json_integer_value(
				    json_object_get(ov, "lag"));
			state = missing > 0 ? "lagging" : "in_step";
		} else if (json_is_true(json_object_get(o, "quarantined"))) {
			state = "quarantined";
		} else if (peer == NULL) {
			state = "none";
		} else {
			behind = json_integer_value(json_object_get(peer, "queue"));
			if (!json_is_true(json_object_get(peer, "reachable")))
				state = "unreachable";
			else if (behind > 0 || missing > 0)
				state = "lagging";
			else
				state = "in_step";
		}
		row = json_pack("{s:s, s:b, s:s, s:I, s:I, s:I}", "country", cc,
		    "self", self, "state", state, "behind", behind, "missing",
		    missing, "records_head",
		    json_integer_value(json_object_get(o, "head")));
		if (row == NULL)
			continue;
		if (self)	/* the node's own, when it knows it */
			json_object_set_new(row, "url", n->conf.public_url ?
			    json_string(n->conf.public_url) : json_null());
		else
			json_object_set(row, "url", peer ?
			    json_object_get(peer, "url") : json_null());
		json_object_set(row, "last_success", peer ?
		    json_object_get(peer, "last_success") : json_null());
		json_object_set(row, "last_error", peer && !json_is_true(
		    json_object_get(peer, "reachable")) ?
		    json_object_get(peer, "last_error") : json_null());
		json_array_append_new(out, row);
	}
	return out;
}

struct upcoming {
	json_int_t count;
	size_t seen;
};

static int
upcoming_item(void *arg, json_t *m)
{
	struct upcoming *u = arg;
	const char *st = json_string_value(json_object_get(
	    json_object_get(m, "body"), "status"));

	if (u->seen++ >= (size_t)MEMBERS_PAGES * STORE_LIMIT_MAX)
		return 1;
	if (st == NULL || strcmp(st, "cancelled") != 0)
		u->count++;
	return 0;
}

/* Upcoming meetings (not cancelled), counted over at most
 * MEMBERS_PAGES pages (what is read when a page fails). */
static json_int_t
count_upcoming(struct node *n)
{
	struct store_filter f;
	struct upcoming u = { 0, 0 };

	memset(&f, 0, sizeof(f));
	f.type = REC_MEETING;
	f.upcoming = 1;
	(void)store_list_each(n->store, &f, upcoming_item, &u, NULL);
	return u.count;
}

static void
h_overview(struct http_req *r, void *arg)
{
	struct node *n = arg;
	struct store_filter f;
	struct nferr err;
	json_t *counts = NULL, *nets = NULL, *meets = NULL, *st, *it, *out;
	const char *lang;
	char now[32];
	size_t i;

	if (api_lang_param(r, &lang) != 0)
		return;
	if (store_counts(n->store, &counts, &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	memset(&f, 0, sizeof(f));
	f.type = REC_NETWORK;
	f.limit = OVERVIEW_NETWORKS;
	if (store_list(n->store, &f, &nets, &err) != 0) {
		json_decref(counts);
		problem_reply(r, &err);
		return;
	}
	json_array_foreach(json_object_get(nets, "items"), i, it) {
		const char *id = json_string_value(json_object_get(it, "id"));
		json_t *b = json_object_get(it, "body"), *members = NULL;

		json_object_set_new(it, "lead", org_ref(n, json_string_value(
		    json_object_get(b, "lead_organisation"))));
		if (member_summary(n, id, &members, &err) != 0) {
			json_decref(counts);
			json_decref(nets);
			problem_reply(r, &err);
			return;
		}
		json_object_set_new(it, "members", members);
		json_object_set_new(it, "next_meeting", next_meeting(n, id, lang));
		api_pick_lang(it, lang);
	}
	memset(&f, 0, sizeof(f));
	f.type = REC_MEETING;
	f.upcoming = 1;
	f.limit = OVERVIEW_MEETINGS;
	if (store_list(n->store, &f, &meets, &err) != 0) {
		json_decref(counts);
		json_decref(nets);
		problem_reply(r, &err);
		return;
	}
	json_array_foreach(json_object_get(meets, "items"), i, it) {
		json_object_set_new(it, "organiser", org_ref(n, json_string_value(
		    json_object_get(json_object_get(it, "body"), "organiser"))));
		api_pick_lang(it, lang);
	}
	st = sync_status(n->sync);
	rfc3339_utc(time(NULL), now);
	out = json_pack("{s:{s:s, s:s, s:s?}, s:s, s:o, s:O, s:O, s:I, s:o}",
	    "node", "country", n->conf.country, "version", NORDFED_VERSION,
	    "public_url", n->conf.public_url,
	    "generated", now, "counts", counts,
	    "networks", json_object_get(nets, "items"),
	    "meetings", json_object_get(meets, "items"),
	    "upcoming_meetings", count_upcoming(n),
	    "nodes", node_states(n, st));
	json_decref(st);
	json_decref(nets);
	json_decref(meets);
	http_reply_json(r, 200, out);
}

/* ---- the calendar feed -------------------------------------------------- */

/*
 * One content line, RFC 5545 3.1: "NAME:value" with the value escaped as
 * TEXT (escape: backslash, semicolon, comma and newlines) or, for URIs and
 * dates, only stripped of control characters; folded so that no line is
 * longer than 75 octets (CRLF not counted), never inside a UTF-8
 * sequence; ended by CRLF.
 */
static void
ics_prop(struct evbuffer *out, const char *name, const char *value,
    int text)
{
	struct evbuffer *l = evbuffer_new();
	const unsigned char *p, *v = (const unsigned char *)value;
	size_t len, pos = 0, lim = 75;

	if (l == NULL || value == NULL) {
		evbuffer_free(l);
		return;
	}
	evbuffer_add_printf(l, "%s:", name);
	for (; *v; v++) {
		if (text && (*v == '\\' || *v == ';' || *v == ',')) {
			evbuffer_add(l, "\\", 1);
			evbuffer_add(l, v, 1);
		} else if (*v == '\n') {
			if (text)
				evbuffer_add(l, "\\n", 2);
		} else if (*v < 0x20 || *v == 0x7f) {
			continue; /* CR, tabs and other controls */
		} else {
			evbuffer_add(l, v, 1);
		}
	}
	len = evbuffer_get_length(l);
	p = evbuffer_pullup(l, -1);
	while (len - pos > lim) {
		size_t cut = pos + lim;

		while (cut > pos && (p[cut] & 0xC0) == 0x80)
			cut--;
		evbuffer_add(out, p + pos, cut - pos);
		evbuffer_add(out, "\r\n ", 3);
		pos = cut;
		lim = 74; /* the leading space counts */
	}
	evbuffer_add(out, p + pos, len - pos);
	evbuffer_add(out, "\r\n", 2);
	evbuffer_free(l);
}

/* An RFC 3339 time as an iCalendar UTC DATE-TIME ("20270310T080000Z"). */
static int
ics_time(const char *rfc3339, char out[20])
{
	int64_t sec;
	time_t t;
	struct tm tm;

	if (rfc3339 == NULL || record_time_parse(rfc3339, &sec, NULL) != 0)
		return -1;
	t = (time_t)sec;
	if (gmtime_r(&t, &tm) == NULL)
		return -1;
	strftime(out, 20, "%Y%m%dT%H%M%SZ", &tm);
	return 0;
}

static void
ics_event(struct evbuffer *b, json_t *m, const char *stamp)
{
	json_t *body = json_object_get(m, "body");
	const char *st = json_string_value(json_object_get(body, "status"));
	const char *place = json_string_value(json_object_get(body, "place"));
	const char *plat = json_string_value(json_object_get(body, "platform"));
	const char *desc = json_string_value(json_object_get(body,
	    "description"));
	char dtstart[20], dtend[20], seq[24], loc[512];

	if (ics_time(json_string_value(json_object_get(body, "start")),
	    dtstart) != 0 || ics_time(json_string_value(json_object_get(body,
	    "end")), dtend) != 0)
		return;
	evbuffer_add(b, "BEGIN:VEVENT\r\n", 14);
	ics_prop(b, "UID", json_string_value(json_object_get(m, "id")), 1);
	ics_prop(b, "DTSTAMP", stamp, 0);
	ics_prop(b, "DTSTART", dtstart, 0);
	ics_prop(b, "DTEND", dtend, 0);
	snprintf(seq, sizeof(seq), "%" JSON_INTEGER_FORMAT,
	    json_integer_value(json_object_get(m, "seq")));
	ics_prop(b, "SEQUENCE", seq, 0);
	ics_prop(b, "SUMMARY", json_string_value(json_object_get(body,
	    "title")), 1);
	if (desc == NULL)
		desc = json_string_value(json_object_get(body, "theme"));
	if (desc != NULL)
		ics_prop(b, "DESCRIPTION", desc, 1);
	if (place != NULL && plat != NULL) {
		snprintf(loc, sizeof(loc), "%s / %s", place, plat);
		ics_prop(b, "LOCATION", loc, 1);
	} else if (place != NULL || plat != NULL) {
		ics_prop(b, "LOCATION", place ? place : plat, 1);
	}
	ics_prop(b, "URL", json_string_value(json_object_get(
	    json_object_get(body, "registration"), "url")), 0);
	ics_prop(b, "STATUS", st == NULL ? "CONFIRMED" :
	    strcmp(st, "cancelled") == 0 ? "CANCELLED" :
	    strcmp(st, "postponed") == 0 ? "TENTATIVE" : "CONFIRMED", 0);
	evbuffer_add(b, "END:VEVENT\r\n", 12);
}

struct ics_run {
	struct evbuffer *b;
	const char *lang, *stamp;
	size_t count;
};

/* One meeting of the calendar, up to ICS_EVENTS_MAX. */
static int
ics_item(void *arg, json_t *m)
{
	struct ics_run *run = arg;

	if (run->count++ >= ICS_EVENTS_MAX)
		return 1;
	api_pick_lang(m, run->lang ? run->lang : "en");
	ics_event(run->b, m, run->stamp);
	return 0;
}

static void
h_ics(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const char *id = http_param(r, "id"), *lang, *name;
	struct store_filter f;
	struct nferr err;
	json_t *net = NULL;
	struct evbuffer *b;
	char o[RECORD_ORIGIN_SIZE], stamp[20];
	enum record_type t;
	struct ics_run run;
	time_t now = time(NULL);
	struct tm tm;

	if (api_lang_param(r, &lang) != 0)
		return;
	if (record_id_parse(id, o, &t, NULL) != 0 || t != REC_NETWORK) {
		problem_send(r, "not_found", "id", "%.100s is not a network id",
		    id);
		return;
	}
	if (store_record_get(n->store, id, &net, &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	if (json_is_true(json_object_get(net, "deleted"))) {
		json_decref(net);
		problem_send(r, "gone", "id", "%s was deleted by its owner",
		    id);
		return;
	}
	api_pick_lang(net, lang ? lang : "en");
	name = json_string_value(json_object_get(json_object_get(net, "body"),
	    "name"));
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	if ((b = evbuffer_new()) == NULL) {
		json_decref(net);
		problem_send(r, "internal", NULL, "out of memory");
		return;
	}
	evbuffer_add_printf(b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
	ics_prop(b, "PRODID", "-//nordfed//nordfed-node " NORDFED_VERSION
	    "//EN", 0);
	evbuffer_add_printf(b, "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
	if (name != NULL)
		ics_prop(b, "X-WR-CALNAME", name, 1);
	if (n->conf.public_url != NULL) {
		/* RFC 7986: where the feed is refreshed from, and the
		 * network's page, at the node's public address */
		char u[1024];

		snprintf(u, sizeof(u), "%s/api/v1/networks/%s/meetings.ics%s%s",
		    n->conf.public_url, id, lang ? "?lang=" : "",
		    lang ? lang : "");
		ics_prop(b, "SOURCE;VALUE=URI", u, 0);
		snprintf(u, sizeof(u), "%s/#/network/%s", n->conf.public_url, id);
		ics_prop(b, "URL;VALUE=URI", u, 0);
	}
	memset(&f, 0, sizeof(f));
	f.type = REC_MEETING;
	f.network = id;
	run.b = b;
	run.lang = lang;
	run.stamp = stamp;
	run.count = 0;
	if (store_list_each(n->store, &f, ics_item, &run, &err) != 0) {
		evbuffer_free(b);
		json_decref(net);
		problem_reply(r, &err);
		return;
	}
	evbuffer_add_printf(b, "END:VCALENDAR\r\n");
	json_decref(net);
	http_add_header(r, "Cache-Control", "no-cache");
	http_add_header(r, "Content-Disposition",
	    "inline; filename=\"meetings.ics\"");
	http_reply(r, 200, "text/calendar; charset=utf-8", b);
	evbuffer_free(b);
}

/* ---- the route table ---------------------------------------------------- */

/* named apart from api.c's lists: tests/check_openapi.py reads both */
static const char *const web_lang_q[] = { "lang", NULL };
static const char *const web_no_q[] = { NULL };

static const struct http_route web_routes[] = {
	{ HTTP_GET, "/", h_index, 0, NULL },
	{ HTTP_GET, "/static/{file}", h_static, 0, web_no_q },
	{ HTTP_GET, "/api/v1/overview", h_overview, 0, web_lang_q },
	{ HTTP_GET, "/api/v1/networks/{id}/meetings.ics", h_ics, 0, web_lang_q },
};

int
web_register(struct node *n)
{
	return http_routes_add(n->http, web_routes,
	    sizeof(web_routes) / sizeof(web_routes[0]), n);
}
