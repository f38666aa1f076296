/*
 * store_local: data that never enters a log and is never replicated:
 * the named contact persons of this node's organisations, and the API
 * bearer tokens (kept as hashes, compared in constant time).
 *
 * Persons are personal data (docs/operations.md, "Personal data"): they
 * are erased with their organisation (store_persons_erase_org, called by
 * the apply of its delete), on request (store_persons_erase_email), by the
 * retention sweep (store_persons_sweep), and one at a time through the
 * API. The connection runs with secure_delete, so deleted rows and freed
 * pages are overwritten with zeros; every erasure then owes a scrub of
 * the WAL (store_local_scrub: a TRUNCATE checkpoint), after which the
 * erased values occur in no file of the database. Persons are never in
 * the search index: store_index.c indexes records only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store_int.h"

/* ---- persons -------------------------------------------------------- */

static int
field_len(const char *v, size_t min, size_t max, const char *field,
    struct nferr *err)
{
	size_t n = v ? strlen(v) : 0;

	if (n < min || n > max)
		return nferr_set(err, n > max ? "too_long" : "bad_value", field,
		    "%s must be %zu to %zu bytes", field, min, max);
	return 0;
}

/* "YYYY-MM-DD", a real date, not after tomorrow (UTC: a consent given
 * today east of Greenwich); 0 or -1 with err. The value is never echoed:
 * problem details carry nothing of a person. */
static int
consent_check(const char *d, struct nferr *err)
{
	int64_t ms;

	if (d == NULL || strlen(d) != STORE_CONSENT_LEN ||
	    store_time_parse(d, &ms) != 0)
		return nferr_set(err, "bad_value", "/public_consent",
		    "public_consent is the date (YYYY-MM-DD) the person "
		    "consented to be shown publicly");
	if (ms > store_now_ms() + 86400000)
		return nferr_set(err, "bad_value", "/public_consent",
		    "public_consent is a date in the future");
	return 0;
}

int
store_person_put(struct store *s, const struct store_person *p,
    char id_out[STORE_PERSON_ID_MAX], struct nferr *err)
{
	struct store_record_meta m;
	unsigned char rnd[10];
	char id[STORE_PERSON_ID_MAX], tmp[RECORD_ID_MAX], *u;
	const char *consent = p->public_consent && *p->public_consent ?
	    p->public_consent : NULL;
	sqlite3_stmt *q;
	int replace = 0;

	if (field_len(p->name, 1, 200, "/name", err) ||
	    field_len(p->role, 0, 200, "/role", err) ||
	    field_len(p->email, 0, STORE_EMAIL_MAX, "/email", err) ||
	    field_len(p->phone, 0, 40, "/phone", err) ||
	    field_len(p->org_id, 1, RECORD_ID_MAX - 1, "/organisation", err))
		return -1;
	if (p->email && *p->email && strchr(p->email, '@') == NULL)
		return nferr_set(err, "bad_value", "/email",
		    "email must be an e-mail address");
	if (p->public && consent_check(consent, err) != 0)
		return -1;
	if (!p->public && consent != NULL)
		return nferr_set(err, "bad_value", "/public_consent",
		    "public_consent goes only with public: true (a person who "
		    "withdrew consent has none)");
	if (store_record_meta(s, p->org_id, &m, NULL) != 0 ||
	    m.type != REC_ORGANISATION || m.deleted ||
	    strcmp(m.origin, s->origin) != 0)
		return nferr_set(err, "bad_value", "/organisation",
		    "%s is not a live organisation of this node", p->org_id);
	if (p->id != NULL && *p->id != '\0') {
		if (field_len(p->id, 1, STORE_PERSON_ID_MAX - 1, "/id", err))
			return -1;
		snprintf(id, sizeof(id), "%s", p->id);
		replace = 1;
	} else {
		/* "<cc>:person:<ulid>", the ulid minted like a record id */
		randombytes_buf(rnd, sizeof(rnd));
		record_id_make(tmp, s->origin, REC_ORGANISATION,
		    (uint64_t)store_now_ms(), rnd);
		u = strrchr(tmp, ':');
		snprintf(id, sizeof(id), "%c%c:person:%.26s",
		    s->origin[0] | 0x20, s->origin[1] | 0x20, u ? u + 1 : tmp);
	}
	q = st(s, ST_PERSON_PUT);
	bind_text(q, 1, id);
	bind_text(q, 2, p->org_id);
	bind_text(q, 3, p->name);
	bind_text(q, 4, p->role && *p->role ? p->role : NULL);
	bind_text(q, 5, p->email && *p->email ? p->email : NULL);
	bind_text(q, 6, p->phone && *p->phone ? p->phone : NULL);
	sqlite3_bind_int64(q, 7, store_now_ms());
	sqlite3_bind_int(q, 8, p->public ? 1 : 0);
	bind_text(q, 9, p->public ? consent : NULL);
	if (st_run(s, q, err, "person put") != 0)
		return -1;
	if (id_out != NULL)
		snprintf(id_out, STORE_PERSON_ID_MAX, "%s", id);
	/* the values replaced are erased: out of the WAL too */
	if (replace) {
		s->scrub_owed = 1;
		store_local_settle(s);
	}
	return 0;
}

static json_t *
person_json(sqlite3_stmt *q)
{
	char ts[ENTRY_TS_LEN + 1];

	entry_ts_format(sqlite3_column_int64(q, 6), ts);
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:s}",
	    "id", col_json_str(q, 0), "organisation", col_json_str(q, 1),
	    "name", col_json_str(q, 2), "role", col_json_str(q, 3),
	    "email", col_json_str(q, 4), "phone", col_json_str(q, 5),
	    "public", sqlite3_column_int(q, 7) == 1,
	    "public_consent", col_json_str(q, 8), "updated", ts);
}

int
store_person_get(struct store *s, const char *id, json_t **out,
    struct nferr *err)
{
	return store_get_one(s, ST_PERSON_GET, id, "person", person_json, out, err);
}

/* Every row of q (bound by the caller) as person_json, into a new array. */
static int
person_rows(struct store *s, sqlite3_stmt *q, const char *what, json_t **out,
    struct nferr *err)
{
	json_t *a = json_array(), *p;
	int rc;

	*out = NULL;
	if (a == NULL) {
		sqlite3_reset(q);
		return nferr_set(err, "internal", "", "out of memory");
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((p = person_json(q)) == NULL ||
		    json_array_append_new(a, p) != 0) {
			sqlite3_reset(q);
			json_decref(a);
			return nferr_set(err, "internal", "", "out of memory");
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		return store_db_err(s, err, what);
	}
	*out = a;
	return 0;
}

int
store_person_list_for_org(struct store *s, const char *org_id, json_t **out,
    struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_PERSON_LIST);

	bind_text(q, 1, org_id);
	return person_rows(s, q, "person list", out, err);
}

int
store_person_count_for_org(struct store *s, const char *org_id, int64_t *n,
    struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_PERSON_COUNT);
	int rc;

	*n = 0;
	bind_text(q, 1, org_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : store_db_err(s, err, "person count");
}

int
store_person_delete(struct store *s, const char *id, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_PERSON_DEL);

	bind_text(q, 1, id);
	if (st_run(s, q, err, "person delete") != 0)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return nferr_set(err, "not_found", "", "no person %s", id);
	s->scrub_owed = 1;
	store_local_settle(s);
	return 0;
}

/* ---- access and erasure requests ------------------------------------- */

/* An address an account or a registration keeps (store_int.h); never
 * echoed into err. */
int
store_email_ok(const char *e, struct nferr *err)
{
	const char *at = e ? strchr(e, '@') : NULL;
	const unsigned char *p;

	if (at == NULL || at == e || at[1] == '\0' || strchr(at + 1, '@') ||
	    strlen(e) > STORE_EMAIL_MAX)
		return nferr_set(err, "bad_value", "/email",
		    "email must be an e-mail address of at most %d bytes with "
		    "one @", STORE_EMAIL_MAX);
	for (p = (const unsigned char *)e; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || strchr("<>,;\"\\", *p))
			return nferr_set(err, "bad_value", "/email",
			    "email must not hold white space, control "
			    "characters or < > , ; \" \\");
	return 0;
}

/* An address to look for; the address itself is never put in err. */
static int
email_check(const char *e, struct nferr *err)
{
	const unsigned char *p;
	size_t n = e ? strlen(e) : 0;

	if (n < 3 || n > STORE_EMAIL_MAX || strchr(e, '@') == NULL)
		return nferr_set(err, "bad_value", "/email",
		    "email must be an e-mail address of at most %d bytes",
		    STORE_EMAIL_MAX);
	for (p = (const unsigned char *)e; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return nferr_set(err, "bad_value", "/email",
			    "email must not hold control characters");
	return 0;
}

int
store_persons_find_email(struct store *s, const char *email, json_t **out,
    struct nferr *err)
{
	sqlite3_stmt *q;

	*out = NULL;
	if (email_check(email, err) != 0)
		return -1;
	q = st(s, ST_PERSON_BY_EMAIL);
	bind_text(q, 1, email);
	return person_rows(s, q, "person find", out, err);
}

int
store_persons_erase_email(struct store *s, const char *email, int64_t *n,
    struct nferr *err)
{
	sqlite3_stmt *q;

	*n = 0;
	if (email_check(email, err) != 0)
		return -1;
	if (tx_begin(s, err) != 0)
		return -1;
	q = st(s, ST_PERSON_DEL_EMAIL);
	bind_text(q, 1, email);
	if (st_run(s, q, err, "person erase") != 0)
		goto fail;
	*n = sqlite3_changes(s->db);
	if (tx_commit(s, err) != 0)
		goto fail;
	if (*n > 0)
		s->scrub_owed = 1;
	return 0;
fail:
	tx_rollback(s);
	*n = 0;
	return -1;
}

int
store_persons_erase_org(struct store *s, const char *org_id,
    struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_PERSON_DEL_ORG);

	bind_text(q, 1, org_id);
	if (st_run(s, q, err, "person erase") != 0)
		return -1;
	if (sqlite3_changes(s->db) > 0)
		s->scrub_owed = 1;
	return 0;
}

int
store_persons_sweep(struct store *s, int64_t now_ms, int64_t max_age_ms,
    int64_t *orphans, int64_t *aged, struct nferr *err)
{
	sqlite3_stmt *q;

	*orphans = *aged = 0;
	if (max_age_ms < 0)
		return nferr_set(err, "bad_value", "", "negative retention");
	if (tx_begin(s, err) != 0)
		return -1;
	q = st(s, ST_PERSON_DEL_ORPHANS);
	bind_text(q, 1, s->origin);
	if (st_run(s, q, err, "person sweep") != 0)
		goto fail;
	*orphans = sqlite3_changes(s->db);
	if (max_age_ms > 0) {
		q = st(s, ST_PERSON_DEL_OLD);
		sqlite3_bind_int64(q, 1, now_ms - max_age_ms);
		if (st_run(s, q, err, "person sweep") != 0)
			goto fail;
		*aged = sqlite3_changes(s->db);
	}
	if (tx_commit(s, err) != 0)
		goto fail;
	if (*orphans + *aged > 0)
		s->scrub_owed = 1;
	return 0;
fail:
	tx_rollback(s);
	*orphans = *aged = 0;
	return -1;
}

/* ---- the scrub ------------------------------------------------------- */

int
store_local_scrub(struct store *s, int force, int *done, struct nferr *err)
{
	sqlite3_stmt *q;
	int rc, busy_ms = 0, nlog = 0, nckpt = 0;

	*done = 0;
	if (!force && !s->scrub_owed) {
		*done = 1;
		return 0;
	}
	/* the read transaction the store holds between requests would keep
	 * the checkpoint from truncating the WAL; a held apply is committed
	 * first */
	store_held_end(s);
	store_read_release(s);
	if (!sqlite3_get_autocommit(s->db))
		return nferr_set(err, "bad_value", "",
		    "the WAL cannot be scrubbed inside a transaction");
	/* a reader (a backup, nordfedctl verify) keeps its snapshot: do not
	 * hold the loop for it, the scrub stays owed */
	if (sqlite3_prepare_v2(s->db, "PRAGMA busy_timeout", -1, &q, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			busy_ms = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
	}
	sqlite3_busy_timeout(s->db, 0);
	rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	    &nlog, &nckpt);
	sqlite3_busy_timeout(s->db, busy_ms);
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return 0;
	if (rc != SQLITE_OK)
		return store_db_err(s, err, "wal checkpoint");
	s->scrub_owed = 0;
	*done = 1;
	return 0;
}

int
store_local_scrub_owed(const struct store *s)
{
	return s->scrub_owed;
}

void
store_local_settle(struct store *s)
{
	int done;

	if (s->scrub_owed)
		store_local_scrub(s, 0, &done, NULL);
}

/* ---- tokens --------------------------------------------------------- */

void
store_token_hash(const char *token, unsigned char out[STORE_TOKEN_HASH_LEN])
{
	crypto_generichash(out, STORE_TOKEN_HASH_LEN,
	    (const unsigned char *)token, strlen(token), NULL, 0);
}

int
store_token_add(struct store *s, const char *name,
    const unsigned char hash[STORE_TOKEN_HASH_LEN], struct nferr *err)
{
	sqlite3_stmt *q;

	if (field_len(name, 1, STORE_NAME_MAX - 1, "/name", err))
		return -1;
	q = st(s, ST_TOKEN_ADD);
	bind_text(q, 1, name);
	sqlite3_bind_blob(q, 2, hash, STORE_TOKEN_HASH_LEN, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 3, store_now_ms());
	return st_run(s, q, err, "token add");
}

int
store_token_remove(struct store *s, const char *name, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_TOKEN_DEL);

	bind_text(q, 1, name);
	if (st_run(s, q, err, "token remove") != 0)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return nferr_set(err, "not_found", "", "no token %s", name);
	return 0;
}

int
store_token_check(struct store *s, const char *token, char *name_out,
    size_t name_len)
{
	unsigned char h[STORE_TOKEN_HASH_LEN];
	sqlite3_stmt *q;
	int found = 0;

	if (token == NULL || *token == '\0')
		return -1;
	store_token_hash(token, h);
	q = st(s, ST_TOKEN_ALL);
	/* every stored hash is compared, match or not */
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (sqlite3_column_bytes(q, 1) != STORE_TOKEN_HASH_LEN)
			continue;
		if (sodium_memcmp(h, sqlite3_column_blob(q, 1),
		    STORE_TOKEN_HASH_LEN) == 0 && !found) {
			found = 1;
			if (name_out != NULL && name_len > 0)
				snprintf(name_out, name_len, "%s",
				    col_text(q, 0) ? col_text(q, 0) : "");
		}
	}
	sqlite3_reset(q);
	sodium_memzero(h, sizeof(h));
	return found ? 0 : -1;
}
