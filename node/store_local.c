/*
 * store_local: data that never enters a log and is never replicated:
 * the named contact persons of this node's organisations, and the API
 * bearer tokens (kept as hashes, compared in constant time).
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

int
store_person_put(struct store *s, const struct store_person *p,
    char id_out[STORE_PERSON_ID_MAX], struct nferr *err)
{
	struct store_record_meta m;
	unsigned char rnd[10];
	char id[STORE_PERSON_ID_MAX], tmp[RECORD_ID_MAX], *u;
	sqlite3_stmt *q;

	if (field_len(p->name, 1, 200, "/name", err) ||
	    field_len(p->role, 0, 200, "/role", err) ||
	    field_len(p->email, 0, 254, "/email", err) ||
	    field_len(p->phone, 0, 40, "/phone", err) ||
	    field_len(p->org_id, 1, RECORD_ID_MAX - 1, "/organisation", err))
		return -1;
	if (p->email && *p->email && strchr(p->email, '@') == NULL)
		return nferr_set(err, "bad_value", "/email",
		    "email must be an e-mail address");
	if (store_record_meta(s, p->org_id, &m, NULL) != 0 ||
	    m.type != REC_ORGANISATION || m.deleted ||
	    strcmp(m.origin, s->origin) != 0)
		return nferr_set(err, "bad_value", "/organisation",
		    "%s is not a live organisation of this node", p->org_id);
	if (p->id != NULL && *p->id != '\0') {
		if (field_len(p->id, 1, STORE_PERSON_ID_MAX - 1, "/id", err))
			return -1;
		snprintf(id, sizeof(id), "%s", p->id);
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
	if (st_run(s, q, err, "person put") != 0)
		return -1;
	if (id_out != NULL)
		snprintf(id_out, STORE_PERSON_ID_MAX, "%s", id);
	return 0;
}

static json_t *
person_json(sqlite3_stmt *q)
{
	char ts[ENTRY_TS_LEN + 1];

	entry_ts_format(sqlite3_column_int64(q, 6), ts);
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:s}",
	    "id", col_json_str(q, 0), "organisation", col_json_str(q, 1),
	    "name", col_json_str(q, 2), "role", col_json_str(q, 3),
	    "email", col_json_str(q, 4), "phone", col_json_str(q, 5),
	    "updated", ts);
}

int
store_person_get(struct store *s, const char *id, json_t **out,
    struct nferr *err)
{
	return store_get_one(s, ST_PERSON_GET, id, "person", person_json, out, err);
}

int
store_person_list_for_org(struct store *s, const char *org_id, json_t **out,
    struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_PERSON_LIST);
	json_t *a = json_array();
	int rc;

	*out = NULL;
	if (a == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	bind_text(q, 1, org_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		json_array_append_new(a, person_json(q));
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		return store_db_err(s, err, "person list");
	}
	*out = a;
	return 0;
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
	return 0;
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
