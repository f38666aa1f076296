/*
 * ref_fsync: the durability reference (docs/benchmarks.md).
 *
 *   ref_fsync DB --seconds S [--bytes B]
 *
 * One row per transaction into a new SQLite database in WAL mode with
 * synchronous=FULL (what the node's log uses), on the disk that holds DB:
 * BEGIN IMMEDIATE; INSERT one row with a B-byte body (default 700);
 * COMMIT; for S seconds. Each COMMIT is an fsync of the WAL, so this is
 * what durable writes cost one at a time on this machine. Prints
 *   {"writes":N,"seconds":T,"rate":N/T}
 * This program talks to SQLite directly on purpose: it is the bare
 * reference, not the node.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
check(sqlite3 *db, int rc, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "ref_fsync: %s: %s\n", what, sqlite3_errmsg(db));
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	double secs = 3, t0, t;
	size_t bytes = 700, n = 0;
	sqlite3 *db;
	sqlite3_stmt *ins;
	char *body;
	int k;

	if (argc < 2) {
		fprintf(stderr, "usage: ref_fsync DB --seconds S [--bytes B]\n");
		return 2;
	}
	for (k = 2; k < argc; k++) {
		if (strcmp(argv[k], "--seconds") == 0 && k + 1 < argc)
			secs = atof(argv[++k]);
		else if (strcmp(argv[k], "--bytes") == 0 && k + 1 < argc)
			bytes = strtoul(argv[++k], NULL, 10);
		else {
			fprintf(stderr, "ref_fsync: unknown argument %s\n", argv[k]);
			return 2;
		}
	}
	if (secs <= 0 || bytes < 1 || bytes > 1000000)
		return 2;
	body = malloc(bytes + 1);
	for (size_t i = 0; i < bytes; i++)
		body[i] = (char)('a' + i % 26);
	body[bytes] = '\0';
	check(NULL, sqlite3_open(argv[1], &db), "open");
	check(db, sqlite3_exec(db, "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=FULL;"
	    "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, body TEXT "
	    "NOT NULL);", NULL, NULL, NULL), "schema");
	check(db, sqlite3_prepare_v2(db, "INSERT INTO t(body) VALUES (?1)", -1,
	    &ins, NULL), "prepare");
	t0 = mono();
	do {
		check(db, sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
		    "begin");
		sqlite3_bind_text(ins, 1, body, (int)bytes, SQLITE_STATIC);
		check(db, sqlite3_step(ins), "insert");
		sqlite3_reset(ins);
		check(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), "commit");
		n++;
		t = mono() - t0;
	} while (t < secs);
	sqlite3_finalize(ins);
	sqlite3_close(db);
	free(body);
	printf("{\"writes\":%zu,\"seconds\":%.4f,\"rate\":%.1f}\n", n, t,
	    (double)n / t);
	return 0;
}
