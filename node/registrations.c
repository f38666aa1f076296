/*
 * registrations: people register for the meetings this node organises
 * (docs/operations.md, "Meeting registration"; docs/openapi.yaml, tag
 * registrations). Who registered is personal data and stays here
 * (store_registrations.c); the meeting's record carries only the counts,
 * which this node sets on every version it writes and writes anew when
 * they change.
 *
 *   POST   /api/v1/meetings/{id}/registrations       register (anyone):
 *                                                    name, e-mail and the
 *                                                    organisation (of any
 *                                                    country) a seat is for
 *   POST   /api/v1/registrations/cancel              {"token"}: the secret
 *                                                    of the cancel link
 *   GET    /api/v1/meetings/{id}/registrations       the organiser's list,
 *                                                    JSON or ?format=csv
 *   POST   /api/v1/meetings/{id}/registrations/mail  the organiser e-mails
 *                                                    the registered people
 *   PUT    /api/v1/meetings/{id}/join-link           the organiser's join
 *   DELETE /api/v1/meetings/{id}/join-link           link (e.g. a video
 *                                                    call): registered
 *                                                    people only get it
 *
 * The rules: the meeting is scheduled and has not started, its
 * registration has opened and its deadline has not passed; one
 * registration per address; at most seats_per_organisation people of one
 * organisation (waiting ones included); past the capacity people wait,
 * and move up, oldest first, when someone cancels or the capacity grows.
 * Everyone gets an e-mail with a link to cancel (#/cancel/<secret>); the
 * registered ones get the join link with it, the waiting ones when they
 * move up. The organiser (the operator, or the organising organisation's
 * account) lists, exports and e-mails the registrations.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "accounts.h"
#include "forward.h"
#include "log.h"
#include "mail.h"
#include "node.h"
#include "record.h"
#include "store_registrations.h"
#include "problem.h"

static const char *const reg_no_params[] = { NULL };
static const char *const reg_list_params[] = { "format", NULL };

#define SECRET_BYTES   32
#define SECRET_LEN     43
#define MAIL_BODY_MAX  8000     /* bytes of the organiser's message */

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
hash_of(const char *secret, unsigned char h[STORE_REG_HASH_LEN])
{
	crypto_generichash(h, STORE_REG_HASH_LEN, (const unsigned char *)secret,
	    strlen(secret), NULL, 0);
}

/* ---- the meeting --------------------------------------------------------- */

/* A live meeting of this node by {id}: a new reference, or NULL after a
 * reply (404, 403 naming the organiser's node, 410). */
static json_t *
local_meeting(struct http_req *r, struct node *n)
{
	const char *id = http_param(r, "id");
	enum record_type t;
	json_t *rec = NULL;
	struct nferr err;
	char o[RECORD_ORIGIN_SIZE];

	if (record_id_parse(id, o, &t, NULL) != 0 || t != REC_MEETING) {
		problem_send(r, "not_found", "id", "%s is not a meeting id",
		    id);
		return NULL;
	}
	if (strcmp(o, n->conf.country) != 0) {
		const char *u = api_home_url(n, o);

		problem_send(r, "not_owner", "id",
		    "registrations are kept by the organiser's node (%s)%s%s",
		    o, u ? ": " : "", u ? u : "");
		return NULL;
	}
	nferr_clear(&err);
	if (store_record_get(n->store, id, &rec, &err) != 0) {
		problem_reply(r, &err);
		return NULL;
	}
	if (json_is_true(json_object_get(rec, "deleted"))) {
		json_decref(rec);
		problem_send(r, "gone", "id", "%s was deleted", id);
		return NULL;
	}
	return rec;
}

static void
rules_from(const json_t *body, struct store_reg_rules *rules)
{
	rules->seats_per_organisation = (int)json_integer_value(
	    json_object_get(body, "seats_per_organisation"));
	rules->capacity = (int)json_integer_value(json_object_get(body,
	    "capacity"));
}

/* The rules of meeting_id as the store holds it (a cancellation's). */
static int
rules_of(void *arg, const char *meeting_id, struct store_reg_rules *rules)
{
	struct node *n = arg;
	json_t *rec = NULL;

	if (store_record_get(n->store, meeting_id, &rec, NULL) != 0)
		return -1;
	rules_from(json_object_get(rec, "body"), rules);
	json_decref(rec);
	return 0;
}

/* Set the counts of meeting_id into body (an object the caller owns). */
static int
stamp_counts(struct node *n, const char *meeting_id, json_t *body)
{
	int64_t registered = 0, waiting = 0;

	if (meeting_id != NULL && store_registration_counts(n->store,
	    meeting_id, &registered, &waiting, NULL) != 0)
		return -1;
	json_object_set_new(body, "registered", json_integer(registered));
	json_object_set_new(body, "waiting", json_integer(waiting));
	return 0;
}

/* The counts changed: the meeting's next version says so. It starts from
 * the newest version, queued or stored. */
static void
write_counts(struct node *n, const char *meeting_id)
{
	const json_t *queued = writer_queued_body(n->writer, meeting_id);
	json_t *rec = NULL, *body = NULL;
	char what[RECORD_ID_MAX + 32];
	struct nferr err;

	if (queued != NULL)
		body = json_deep_copy(queued);
	else if (store_record_get(n->store, meeting_id, &rec, NULL) == 0 &&
	    !json_is_true(json_object_get(rec, "deleted")))
		body = json_deep_copy(json_object_get(rec, "body"));
	json_decref(rec);
	if (body == NULL)
		return;
	/* a version the node writes by itself names no account */
	json_object_del(body, "account");
	snprintf(what, sizeof(what), "the counts of %s", meeting_id);
	nferr_clear(&err);
	if (stamp_counts(n, meeting_id, body) != 0 ||
	    api_queue_write(n, OP_PUT, REC_MEETING, meeting_id, body, what,
	    &err) != 0)
		log_warn("registrations: %s not written: %s", what,
		    err.msg[0] ? err.msg : "the store failed");
	json_decref(body);
}

/* ---- e-mail ---------------------------------------------------------------- */

enum reg_mail { MAIL_REGISTERED, MAIL_WAITING, MAIL_PROMOTED };

struct reg_mail_ctx {
	char id[STORE_REG_ID_MAX];
};

static void
on_reg_mail(int status, const char *why, void *arg)
{
	struct reg_mail_ctx *c = arg;

	if (status != 0)
		log_warn("registrations: the e-mail to %s was not sent: %s",
		    c->id, why);
	free(c);
}

/* The meeting's title in English, else any: one line. */
static void
plain_title(const json_t *body, char *out, size_t len)
{
	const char *s = record_text_pick(json_object_get(body, "title"), "en",
	    json_string_value(json_object_get(body, "lang")));
	size_t i;

	snprintf(out, len, "%s", s ? s : "a meeting");
	for (i = 0; out[i] != '\0'; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			out[i] = ' ';
}

static void
send_to(struct node *n, const struct store_reg *g, const char *subject,
    const char *text)
{
	struct reg_mail_ctx *c;
	struct nferr err;

	if (!mail_enabled(n->mail) || (c = calloc(1, sizeof(*c))) == NULL)
		return;
	snprintf(c->id, sizeof(c->id), "%s", g->id);
	nferr_clear(&err);
	if (mail_send(n->mail, g->email, subject, text, on_reg_mail, c,
	    &err) != 0) {
		log_warn("registrations: the e-mail to %s was not sent: %s",
		    g->id, err.msg);
		free(c);
	}
}

/* What a registrant is told: registered, waiting, or moved up; the cancel
 * link when there is one; the join link when registered. */
static void
mail_registrant(struct node *n, const struct store_reg *g,
    const json_t *meeting, enum reg_mail kind, const char *cancel_url)
{
	char title[300], subject[MAIL_SUBJECT_MAX + 1], text[4096],
	    link[STORE_REG_LINK_MAX + 1] = "", start[64];
	const char *st = json_string_value(json_object_get(meeting, "start"));

	if (!mail_enabled(n->mail)) {
		if (cancel_url != NULL)
			log_info("registrations: no [mail] relay: cancel link of "
			    "%s (meeting %s): %s", g->id, g->meeting, cancel_url);
		return;
	}
	plain_title(meeting, title, sizeof(title));
	snprintf(start, sizeof(start), "%s", st ? st : "");
	if (kind != MAIL_WAITING)
		store_meeting_link_get(n->store, g->meeting, link, NULL);
	snprintf(subject, sizeof(subject), "%s: %.150s",
	    kind == MAIL_REGISTERED ? "Registered" : kind == MAIL_WAITING ?
	    "On the waiting list" : "A place for you", title);
	snprintf(text, sizeof(text),
	    "%s\n\n%s\nStarts: %s (%s)\n\n%s%s%s%s%s%s"
	    "This registration is kept by the organiser's node only, and erased "
	    "some days after the meeting.\n",
	    kind == MAIL_REGISTERED ? "You are registered for this meeting." :
	    kind == MAIL_WAITING ? "The meeting is full: you are on its waiting "
	    "list, and will get an e-mail if a place comes free." :
	    "A place came free: you are now registered for this meeting.",
	    title, start, json_string_value(json_object_get(meeting,
	    "timezone")) ? json_string_value(json_object_get(meeting,
	    "timezone")) : "", link[0] ? "Join here: " : "", link,
	    link[0] ? "\n\n" : "", cancel_url ? "To cancel, open this link "
	    "(it works once):\n" : "", cancel_url ? cancel_url : "",
	    cancel_url ? "\n\n" : "");
	send_to(n, g, subject, text);
	sodium_memzero(text, sizeof(text));
}

/* The cancel link of a new registration: its secret's hash into h. */
static void
cancel_link(struct node *n, char *url, size_t len,
    unsigned char h[STORE_REG_HASH_LEN])
{
	unsigned char b[SECRET_BYTES];
	char secret[SECRET_LEN + 1], base[300];

	randombytes_buf(b, sizeof(b));
	sodium_bin2base64(secret, sizeof(secret), b, sizeof(b),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	hash_of(secret, h);
	accounts_base_url(n, base, sizeof(base));
	snprintf(url, len, "%s/#/cancel/%s", base, secret);
	sodium_memzero(b, sizeof(b));
	sodium_memzero(secret, sizeof(secret));
}

/* ---- the write path's part ---------------------------------------------- */

void
registrations_stamp(struct node *n, enum record_type t, const char *id,
    json_t *body)
{
	struct store_reg_rules rules;
	struct store_reg up[STORE_REG_PROMOTED];
	int64_t registered = 0, waiting = 0;
	json_t *rec = NULL;
	size_t k, nup = 0;
	int had;

	if (t != REC_MEETING || !json_is_object(body))
		return;
	/* the counts are this node's to say, never a client's */
	json_object_del(body, "registered");
	json_object_del(body, "waiting");
	if (id == NULL) {
		if (json_object_get(body, "registration") != NULL)
			stamp_counts(n, NULL, body);
		return;
	}
	/* a larger capacity moves the waiting list up now (when the version
	 * that says so is one the writer will take) */
	rules_from(body, &rules);
	if (record_validate(REC_MEETING, id, n->conf.country, body, NULL) == 0 &&
	    store_registration_promote(n->store, id, &rules, up, &nup,
	    NULL) == 0)
		for (k = 0; k < nup; k++) {
			log_info("registrations: %s moved up (meeting %s)",
			    up[k].id, id);
			mail_registrant(n, &up[k], body, MAIL_PROMOTED, NULL);
		}
	had = store_record_get(n->store, id, &rec, NULL) == 0 &&
	    json_object_get(json_object_get(rec, "body"), "registered") != NULL;
	json_decref(rec);
	store_registration_counts(n->store, id, &registered, &waiting, NULL);
	if (had || registered + waiting > 0 ||
	    json_object_get(body, "registration") != NULL)
		stamp_counts(n, id, body);
}

/* ---- registering and cancelling -------------------------------------------- */

/* 0 when registration is open at now; else a 409 reply. */
static int
open_now(struct http_req *r, const json_t *b, int64_t now)
{
	const json_t *reg = json_object_get(b, "registration");
	const char *status = json_string_value(json_object_get(b, "status"));
	const char *opens = json_string_value(json_object_get(reg, "opens"));
	const char *deadline = json_string_value(json_object_get(reg,
	    "deadline"));
	const char *start = json_string_value(json_object_get(b, "start"));
	int64_t sec;

	if (status == NULL || strcmp(status, "scheduled") != 0)
		return problem_send(r, "registration_closed", "status",
		    "the meeting is %s: it takes no registrations",
		    status ? status : "not scheduled");
	if (opens != NULL && record_time_parse(opens, &sec, NULL) == 0 &&
	    sec * 1000 > now)
		return problem_send(r, "registration_not_open",
		    "registration", "registration opens %s", opens);
	if (deadline != NULL && record_time_parse(deadline, &sec, NULL) == 0 &&
	    sec * 1000 < now)
		return problem_send(r, "registration_closed",
		    "registration", "registration closed %s", deadline);
	if (start != NULL && record_time_parse(start, &sec, NULL) == 0 &&
	    sec * 1000 <= now)
		return problem_send(r, "registration_closed", "start",
		    "the meeting has started");
	return 0;
}

/*
 * A registration for another country's meeting: relayed to that node
 * (node/forward.c), which keeps it; nothing of it stays here. 1 when
 * the meeting {id} is not this node's (r is then answered), else 0.
 */
static int
registration_elsewhere(struct http_req *r, struct node *n)
{
	const char *id = http_param(r, "id");
	char o[RECORD_ORIGIN_SIZE], path[RECORD_ID_MAX + 64];
	enum record_type t;
	size_t i;

	if (record_id_parse(id, o, &t, NULL) != 0 || t != REC_MEETING ||
	    strcmp(o, n->conf.country) == 0)
		return 0;
	for (i = 0; i < n->conf.npeers; i++)
		if (strcmp(n->conf.peers[i].country, o) == 0)
			break;
	if (i == n->conf.npeers || forward_is_forwarded(r)) {
		problem_send(r, "not_owner", "id",
		    "registrations for %s are kept by %s's node, which this "
		    "node %s", id, o, i == n->conf.npeers ? "has no peer for" :
		    "is not");
		return 1;
	}
	snprintf(path, sizeof(path), "/api/v1/meetings/%s/registrations", id);
	forward_post(n->forward, r, &n->conf.peers[i], path);
	return 1;
}

static void
h_register(struct http_req *r, void *arg)
{
	static const char *const fields[] = { "name", "email", "organisation",
	    NULL };
	struct node *n = arg;
	struct store_reg_rules rules;
	struct store_record_meta m;
	struct store_reg g;
	unsigned char h[STORE_REG_HASH_LEN];
	char url[512];
	const char *name, *email, *org, *k;
	enum record_type t;
	json_t *rec, *b = NULL, *v, *mb;
	struct nferr err;
	int64_t now = now_ms(), registered = 0, waiting = 0;
	size_t i;
	char o[RECORD_ORIGIN_SIZE];

	if (registration_elsewhere(r, n) ||
	    (rec = local_meeting(r, n)) == NULL)
		return;
	mb = json_object_get(rec, "body");
	if (open_now(r, mb, now) != 0 || (b = http_body_json(r)) == NULL)
		goto out;
	if (!json_is_object(b)) {
		problem_send(r, "bad_type", "", "the body is a JSON object: "
		    "{\"name\", \"email\", \"organisation\"}");
		goto out;
	}
	json_object_foreach(b, k, v) {
		for (i = 0; fields[i] != NULL && strcmp(fields[i], k) != 0; i++)
			;
		if (fields[i] == NULL) {
			problem_send(r, "unknown_field", k,
			    "unknown field \"%.64s\" (name, email, organisation)",
			    k);
			goto out;
		}
	}
	name = json_string_value(json_object_get(b, "name"));
	email = json_string_value(json_object_get(b, "email"));
	org = json_string_value(json_object_get(b, "organisation"));
	if (name == NULL || email == NULL || org == NULL) {
		problem_send(r, "missing_field", name == NULL ? "name" :
		    email == NULL ? "email" : "organisation",
		    "name, email and organisation (the organisation's id) are "
		    "required");
		goto out;
	}
	if (!conf_email_valid(email)) {
		problem_send(r, "bad_value", "email",
		    "email must be an e-mail address");
		goto out;
	}
	if (record_id_parse(org, o, &t, NULL) != 0 || t != REC_ORGANISATION ||
	    store_record_meta(n->store, org, &m, NULL) != 0 || m.deleted) {
		problem_send(r, "bad_value", "organisation",
		    "organisation must be the id of an organisation of the "
		    "federation");
		goto out;
	}
	rules_from(mb, &rules);
	cancel_link(n, url, sizeof(url), h);
	nferr_clear(&err);
	if (store_registration_add(n->store, http_param(r, "id"), org, name,
	    email, &rules, h, now, &g, &err) != 0) {
		if (err.code != NULL && (strcmp(err.code, "already_registered") ==
		    0 || strcmp(err.code, "seats_taken") == 0))
			problem_send(r, err.code, err.field + 1, "%s",
			    err.msg);
		else if (err.code != NULL && strcmp(err.code, "bad_value") == 0)
			problem_send(r, "bad_value", err.field + 1, "%s",
			    err.msg);
		else
			problem_reply(r, &err);
		goto out;
	}
	store_registration_counts(n->store, g.meeting, &registered, &waiting,
	    NULL);
	log_info("registrations: %s for %s: %s (%" PRId64 " registered, %"
	    PRId64 " waiting)", g.id, g.meeting, g.waiting ? "waiting" :
	    "registered", registered, waiting);
	write_counts(n, g.meeting);
	mail_registrant(n, &g, mb, g.waiting ? MAIL_WAITING : MAIL_REGISTERED,
	    url);
	http_reply_json(r, 201, json_pack("{s:s, s:s, s:s, s:I, s:I}", "meeting",
	    g.meeting, "status", g.waiting ? "waiting" : "registered", "mail",
	    mail_enabled(n->mail) ? "queued" : "not_sent", "registered",
	    (json_int_t)registered, "waiting", (json_int_t)waiting));
out:
	sodium_memzero(url, sizeof(url));
	json_decref(b);
	json_decref(rec);
}

static void
h_cancel(struct http_req *r, void *arg)
{
	struct node *n = arg;
	struct store_reg gone, up[STORE_REG_PROMOTED];
	unsigned char h[STORE_REG_HASH_LEN];
	const char *tok, *k;
	json_t *b, *v, *rec = NULL;
	struct nferr err;
	size_t nup = 0, i;

	if ((b = http_body_json(r)) == NULL)
		return;
	json_object_foreach(b, k, v)
		if (strcmp(k, "token") != 0) {
			problem_send(r, "unknown_field", k,
			    "unknown field \"%.64s\" (token)", k);
			json_decref(b);
			return;
		}
	tok = json_string_value(json_object_get(b, "token"));
	if (tok == NULL || strlen(tok) != SECRET_LEN) {
		json_decref(b);
		problem_send(r, "bad_value", "token",
		    "token is the part of the cancel link after #/cancel/");
		return;
	}
	hash_of(tok, h);
	json_decref(b);
	nferr_clear(&err);
	if (store_registration_cancel(n->store, h, rules_of, n, &gone, up,
	    &nup, &err) != 0) {
		if (err.code != NULL && strcmp(err.code, "not_found") == 0)
			problem_send(r, "link_invalid", "token",
			    "no registration has this cancel link: it was "
			    "cancelled already, or erased after its meeting");
		else
			problem_reply(r, &err);
		return;
	}
	log_info("registrations: %s for %s cancelled%s", gone.id, gone.meeting,
	    nup ? ", the waiting list moved up" : "");
	store_record_get(n->store, gone.meeting, &rec, NULL);
	for (i = 0; i < nup; i++) {
		log_info("registrations: %s moved up (meeting %s)", up[i].id,
		    up[i].meeting);
		mail_registrant(n, &up[i], json_object_get(rec, "body"),
		    MAIL_PROMOTED, NULL);
	}
	json_decref(rec);
	write_counts(n, gone.meeting);
	http_reply_json(r, 200, json_pack("{s:b, s:s, s:I}", "cancelled", 1,
	    "meeting", gone.meeting, "moved_up", (json_int_t)nup));
}

/* ---- the organiser's ------------------------------------------------------------- */

/* The meeting {id} of this node, and may the sender act for its
 * organiser? A new reference, or NULL after a reply. */
static json_t *
organisers_meeting(struct http_req *r, struct node *n)
{
	json_t *rec = local_meeting(r, n);

	if (rec != NULL && accounts_may_act_for(r, n, json_string_value(
	    json_object_get(json_object_get(rec, "body"), "organiser"))) != 0) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}

/* One CSV field (RFC 4180), never read as a formula by a spreadsheet. */
static void
csv_field(struct evbuffer *b, const char *v, int last)
{
	const char *p;

	evbuffer_add(b, "\"", 1);
	if (v != NULL && strchr("=+-@\t\r", *v) != NULL && *v != '\0')
		evbuffer_add(b, "'", 1);
	for (p = v ? v : ""; *p; p++) {
		if (*p == '"')
			evbuffer_add(b, "\"", 1);
		evbuffer_add(b, p, 1);
	}
	evbuffer_add(b, last ? "\"\r\n" : "\",", last ? 3 : 2);
}

static void
h_list(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const char *format = http_query(r, "format");
	json_t *rec, *items = NULL, *it, *orec;
	struct evbuffer *b;
	struct nferr err;
	int64_t registered = 0, waiting = 0;
	size_t i;

	if (format != NULL && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0) {
		problem_send(r, "bad_parameter", "format",
		    "format is json or csv");
		return;
	}
	if ((rec = organisers_meeting(r, n)) == NULL)
		return;
	nferr_clear(&err);
	if (store_registration_list(n->store, http_param(r, "id"), &items,
	    &err) != 0) {
		json_decref(rec);
		problem_reply(r, &err);
		return;
	}
	json_array_foreach(items, i, it) {
		const char *org = json_string_value(json_object_get(it,
		    "organisation"));

		orec = NULL;
		if (org != NULL && store_record_get(n->store, org, &orec,
		    NULL) == 0) {
			json_object_set(it, "organisation_name", json_object_get(
			    json_object_get(orec, "body"), "name"));
			json_object_set(it, "country", json_object_get(
			    json_object_get(orec, "body"), "country"));
		}
		json_decref(orec);
	}
	store_registration_counts(n->store, http_param(r, "id"), &registered,
	    &waiting, NULL);
	log_info("registrations: %s: the list of %s (%" PRId64 " registered, %"
	    PRId64 " waiting)", http_principal(r), http_param(r, "id"),
	    registered, waiting);
	if (format == NULL || strcmp(format, "json") == 0) {
		http_reply_json(r, 200, json_pack("{s:O, s:I, s:I, s:O?, s:O?, "
		    "s:o}", "meeting", json_object_get(rec, "id"), "registered",
		    (json_int_t)registered, "waiting", (json_int_t)waiting,
		    "capacity", json_object_get(json_object_get(rec, "body"),
		    "capacity"), "seats_per_organisation", json_object_get(
		    json_object_get(rec, "body"), "seats_per_organisation"),
		    "items", items));
		json_decref(rec);
		return;
	}
	b = evbuffer_new();
	evbuffer_add_printf(b, "status,name,email,organisation,"
	    "organisation_name,country,registered_at\r\n");
	json_array_foreach(items, i, it) {
		csv_field(b, json_string_value(json_object_get(it, "status")), 0);
		csv_field(b, json_string_value(json_object_get(it, "name")), 0);
		csv_field(b, json_string_value(json_object_get(it, "email")), 0);
		csv_field(b, json_string_value(json_object_get(it,
		    "organisation")), 0);
		csv_field(b, json_string_value(json_object_get(it,
		    "organisation_name")), 0);
		csv_field(b, json_string_value(json_object_get(it, "country")),
		    0);
		csv_field(b, json_string_value(json_object_get(it, "created")),
		    1);
	}
	json_decref(items);
	json_decref(rec);
	http_add_header(r, "Content-Disposition",
	    "attachment; filename=\"registrations.csv\"");
	http_reply(r, 200, "text/csv; charset=utf-8", b);
	evbuffer_free(b);
}

static void
h_mail(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const char *subject, *text, *k;
	json_t *rec, *b = NULL, *items = NULL, *it, *v;
	char link[STORE_REG_LINK_MAX + 1] = "", *full = NULL;
	struct store_reg g;
	size_t i, queued = 0, len;
	int with_link, bad_subject;

	if ((rec = organisers_meeting(r, n)) == NULL)
		return;
	if (!mail_enabled(n->mail)) {
		problem_send(r, "no_relay", NULL,
		    "this node has no [mail] relay: it sends no e-mail");
		goto out;
	}
	if ((b = http_body_json(r)) == NULL)
		goto out;
	json_object_foreach(b, k, v)
		if (strcmp(k, "subject") != 0 && strcmp(k, "text") != 0 &&
		    strcmp(k, "join_link") != 0) {
			problem_send(r, "unknown_field", k,
			    "unknown field \"%.64s\" (subject, text, join_link)",
			    k);
			goto out;
		}
	subject = json_string_value(json_object_get(b, "subject"));
	text = json_string_value(json_object_get(b, "text"));
	with_link = json_is_true(json_object_get(b, "join_link"));
	bad_subject = subject == NULL || strlen(subject) == 0 ||
	    strlen(subject) > MAIL_SUBJECT_MAX || strpbrk(subject, "\r\n");
	if (bad_subject || text == NULL || strlen(text) > MAIL_BODY_MAX) {
		problem_send(r, "bad_value", bad_subject ? "subject" :
		    "text", "subject (one line, at most %d bytes) and text (at "
		    "most %d bytes) are required", MAIL_SUBJECT_MAX,
		    MAIL_BODY_MAX);
		goto out;
	}
	if (with_link)
		store_meeting_link_get(n->store, http_param(r, "id"), link, NULL);
	if (with_link && link[0] == '\0') {
		problem_send(r, "no_join_link", "join_link",
		    "the meeting has no join link yet: PUT one first");
		goto out;
	}
	len = strlen(text) + strlen(link) + 32;
	if ((full = malloc(len)) == NULL ||
	    store_registration_list(n->store, http_param(r, "id"), &items,
	    NULL) != 0) {
		problem_send(r, "storage_unavailable", NULL,
		    "the node's database failed; nothing was sent");
		goto out;
	}
	snprintf(full, len, "%s%s%s\n", text, link[0] ? "\n\nJoin here: " : "",
	    link);
	json_array_foreach(items, i, it) {
		if (strcmp(json_string_value(json_object_get(it, "status")),
		    "registered") != 0)
			continue;
		memset(&g, 0, sizeof(g));
		snprintf(g.id, sizeof(g.id), "%s", json_string_value(
		    json_object_get(it, "id")));
		snprintf(g.email, sizeof(g.email), "%s", json_string_value(
		    json_object_get(it, "email")));
		send_to(n, &g, subject, full);
		queued++;
	}
	log_info("registrations: %s: e-mailed the %zu registered of %s",
	    http_principal(r), queued, http_param(r, "id"));
	http_reply_json(r, 202, json_pack("{s:I}", "queued", (json_int_t)queued));
out:
	free(full);
	json_decref(items);
	json_decref(b);
	json_decref(rec);
}

static void
h_link_put(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const char *url, *k;
	json_t *rec, *b = NULL, *v;
	struct nferr err;

	if ((rec = organisers_meeting(r, n)) == NULL ||
	    (b = http_body_json(r)) == NULL)
		goto out;
	json_object_foreach(b, k, v)
		if (strcmp(k, "url") != 0) {
			problem_send(r, "unknown_field", k,
			    "unknown field \"%.64s\" (url)", k);
			goto out;
		}
	url = json_string_value(json_object_get(b, "url"));
	if (url == NULL || (strncmp(url, "https://", 8) != 0 &&
	    strncmp(url, "http://", 7) != 0) || strpbrk(url, " \r\n\t") ||
	    strlen(url) > STORE_REG_LINK_MAX) {
		problem_send(r, "bad_value", "url",
		    "url is the http(s) link people join the meeting by, at "
		    "most %d bytes", STORE_REG_LINK_MAX);
		goto out;
	}
	nferr_clear(&err);
	if (store_meeting_link_set(n->store, http_param(r, "id"), url,
	    &err) != 0) {
		problem_reply(r, &err);
		goto out;
	}
	log_info("registrations: %s set the join link of %s", http_principal(r),
	    http_param(r, "id"));
	http_reply(r, 204, NULL, NULL);
out:
	json_decref(b);
	json_decref(rec);
}

static void
h_link_delete(struct http_req *r, void *arg)
{
	struct node *n = arg;
	struct nferr err;
	json_t *rec;

	if ((rec = organisers_meeting(r, n)) == NULL)
		return;
	json_decref(rec);
	nferr_clear(&err);
	if (store_meeting_link_set(n->store, http_param(r, "id"), NULL,
	    &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	http_reply(r, 204, NULL, NULL);
}

/* ---- access, erasure, retention ------------------------------------------- */

int
registrations_erase_email(struct node *n, const char *email, int64_t *erased,
    struct nferr *err)
{
	char ids[64][RECORD_ID_MAX];
	size_t nids = 0, i;

	if (store_registrations_erase_email(n->store, email, erased, ids, 64,
	    &nids, err) != 0)
		return -1;
	for (i = 0; i < nids; i++) {
		/* a place the erased person held goes to the waiting list */
		struct store_reg_rules rules;
		struct store_reg up[STORE_REG_PROMOTED];
		json_t *rec = NULL;
		size_t k, nup = 0;

		if (rules_of(n, ids[i], &rules) == 0 &&
		    store_registration_promote(n->store, ids[i], &rules, up, &nup,
		    NULL) == 0 && nup > 0 &&
		    store_record_get(n->store, ids[i], &rec, NULL) == 0)
			for (k = 0; k < nup; k++) {
				log_info("registrations: %s moved up (meeting %s)",
				    up[k].id, ids[i]);
				mail_registrant(n, &up[k], json_object_get(rec,
				    "body"), MAIL_PROMOTED, NULL);
			}
		json_decref(rec);
		write_counts(n, ids[i]);
	}
	return 0;
}

int
registrations_sweep(struct node *n, int64_t now_ms, int64_t *erased,
    struct nferr *err)
{
	char ids[256][RECORD_ID_MAX];
	int64_t keep = (int64_t)n->conf.registration_retention_days * 86400000,
	    k, sec;
	size_t nids = 0, i;
	json_t *rec;

	*erased = 0;
	if (store_registration_meetings(n->store, ids, 256, &nids, err) != 0)
		return -1;
	for (i = 0; i < nids; i++) {
		const char *end;
		int gone;

		rec = NULL;
		gone = store_record_get(n->store, ids[i], &rec, NULL) != 0 ||
		    json_is_true(json_object_get(rec, "deleted"));
		end = gone ? NULL : json_string_value(json_object_get(
		    json_object_get(rec, "body"), "end"));
		if (!gone && (keep == 0 || end == NULL ||
		    record_time_parse(end, &sec, NULL) != 0 ||
		    sec * 1000 + keep > now_ms)) {
			json_decref(rec);
			continue;
		}
		json_decref(rec);
		if (store_registrations_erase_meeting(n->store, ids[i], &k,
		    err) != 0)
			return -1;
		*erased += k;
		if (!gone)
			write_counts(n, ids[i]);
	}
	return 0;
}

/* ---- the routes ----------------------------------------------------------------- */

static const struct http_route reg_routes[] = {
	{ HTTP_POST, "/api/v1/meetings/{id}/registrations", h_register, 0,
	  reg_no_params },
	{ HTTP_GET, "/api/v1/meetings/{id}/registrations", h_list,
	  HTTP_AUTH_ACCOUNT, reg_list_params },
	{ HTTP_POST, "/api/v1/meetings/{id}/registrations/mail", h_mail,
	  HTTP_AUTH_ACCOUNT, reg_no_params },
	{ HTTP_POST, "/api/v1/registrations/cancel", h_cancel, 0,
	  reg_no_params },
	{ HTTP_PUT, "/api/v1/meetings/{id}/join-link", h_link_put,
	  HTTP_AUTH_ACCOUNT, reg_no_params },
	{ HTTP_DELETE, "/api/v1/meetings/{id}/join-link", h_link_delete,
	  HTTP_AUTH_ACCOUNT, reg_no_params },
};

int
registrations_register(struct node *n)
{
	return http_routes_add(n->http, reg_routes,
	    sizeof(reg_routes) / sizeof(reg_routes[0]), n);
}
