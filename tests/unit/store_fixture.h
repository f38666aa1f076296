/*
 * store_fixture.h: the cmocka fixture the store's unit tests share: a
 * store and a writer of SE's on a fresh database in a scratch directory
 * (fx_setup, named after the test), removed with its WAL by teardown.
 * Include after cmocka.h.
 */
#ifndef STORE_FIXTURE_H
#define STORE_FIXTURE_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "keys.h"
#include "store.h"
#include "writer.h"

static inline int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct fx {
	char dir[64];
	char path[128];
	struct nf_key key;
	struct store *s;
	struct writer *w;
};

/* A JSON value from a printf format (at most 4 KiB of text); the test
 * fails on text that is not JSON. */
__attribute__((format(printf, 1, 2)))
static inline json_t *
J(const char *fmt, ...)
{
	char buf[4096];
	json_error_t je;
	va_list ap;
	json_t *v;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if ((v = json_loads(buf, JSON_REJECT_DUPLICATES, &je)) == NULL)
		fail_msg("bad test JSON: %s: %s", je.text, buf);
	return v;
}

static inline int
fx_setup(void **state, const char *name)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct nferr err;

	assert_non_null(f);
	assert_int_equal(keys_init(), 0);
	snprintf(f->dir, sizeof(f->dir), "/tmp/nf-%s-XXXXXX", name);
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/node.db", f->dir);
	assert_int_equal(keys_generate(&f->key), 0);
	assert_int_equal(store_open(f->path, "SE", &f->s, &err), 0);
	f->w = writer_new(f->s, &f->key, "SE", &err);
	assert_non_null(f->w);
	*state = f;
	return 0;
}

/* Close the store, drop the mapping's kept counts and set the schema
 * back to 5, then reopen: migrations 6 and 7 rebuild the counts from the
 * records. */
static inline void
fx_stats_rebuild(struct fx *f)
{
	struct nferr err;
	sqlite3 *db;

	writer_free(f->w);
	store_close(f->s);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE stats_orgs;"
	    "DROP TABLE stats_places; DROP TABLE stats_collabs;"
	    "DROP TABLE stats_members; PRAGMA user_version = 5;", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(f->path, "SE", &f->s, &err), 0);
	f->w = writer_new(f->s, &f->key, "SE", &err);
	assert_non_null(f->w);
}

static inline int
teardown(void **state)
{
	struct fx *f = *state;
	char p[160];

	writer_free(f->w);
	store_close(f->s);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	unlink(f->path);
	rmdir(f->dir);
	keys_wipe(&f->key);
	free(f);
	return 0;
}

#endif
