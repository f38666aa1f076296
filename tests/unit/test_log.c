/*
 * test_log: the log's rate-limited lines (log_limited), on a test clock,
 * with stderr captured in a temporary file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static int64_t fake_now;

static int64_t
fake_clock(void)
{
	return fake_now;
}

/* stderr goes to a temporary file while a test runs */
static int saved_fd = -1;
static FILE *capture;

static int
setup(void **state)
{
	(void)state;
	capture = tmpfile();
	if (capture == NULL)
		return -1;
	fflush(stderr);
	saved_fd = dup(STDERR_FILENO);
	dup2(fileno(capture), STDERR_FILENO);
	log_init(LOG_LEVEL_INFO);
	fake_now = 1000000;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	fflush(stderr);
	dup2(saved_fd, STDERR_FILENO);
	close(saved_fd);
	fclose(capture);
	return 0;
}

/* Everything written since the last call, NUL-terminated (static). */
static const char *
captured(void)
{
	static char buf[16384];
	static long done;
	size_t n;

	fflush(stderr);
	fseek(capture, done, SEEK_SET);
	n = fread(buf, 1, sizeof(buf) - 1, capture);
	buf[n] = '\0';
	done += (long)n;
	return buf;
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
first_event_at_once_then_counted(void **state)
{
	static struct log_limit ll;
	const char *out;
	int i;

	(void)state;
	captured();
	log_limit_init(&ll, 60000);
	ll.now_ms = fake_clock;
	assert_int_equal(log_limited(&ll, LOG_LEVEL_WARN, "no/NO/unknown_key",
	    1000, "sync: peer no: entries of NO refused"), 1);
	out = captured();
	assert_int_equal(count_lines(out), 1);
	assert_non_null(strstr(out, "WARN sync: peer no: entries of NO refused "
	    "(count 1000)"));
	/* within the minute: counted, nothing written */
	for (i = 0; i < 500; i++) {
		fake_now += 100;
		assert_int_equal(log_limited(&ll, LOG_LEVEL_WARN,
		    "no/NO/unknown_key", 2, "sync: peer no: again %d", i), 0);
	}
	log_limit_flush(&ll);		/* 50 s: not yet */
	assert_int_equal(count_lines(captured()), 0);
	/* after the minute, the next event writes the count since the line */
	fake_now += 10000;
	assert_int_equal(log_limited(&ll, LOG_LEVEL_WARN, "no/NO/unknown_key",
	    1, "sync: peer no: last"), 1);
	out = captured();
	assert_int_equal(count_lines(out), 1);
	assert_non_null(strstr(out, "sync: peer no: last (count 1001 in the "
	    "last 60 s)"));
}

static void
keys_are_apart_and_flush_writes_pending(void **state)
{
	static struct log_limit ll;
	const char *out;

	(void)state;
	captured();
	log_limit_init(&ll, 60000);
	ll.now_ms = fake_clock;
	log_limited(&ll, LOG_LEVEL_WARN, "a", 1, "event a");
	log_limited(&ll, LOG_LEVEL_WARN, "b", 1, "event b");
	assert_int_equal(count_lines(captured()), 2);
	fake_now += 1000;
	log_limited(&ll, LOG_LEVEL_WARN, "a", 3, "event a again");
	assert_int_equal(count_lines(captured()), 0);
	fake_now += 60000;
	log_limit_flush(&ll);		/* a has 3 pending, b none */
	out = captured();
	assert_int_equal(count_lines(out), 1);
	assert_non_null(strstr(out, "event a again (count 3 in the last 61 s)"));
	log_limit_flush(&ll);
	assert_int_equal(count_lines(captured()), 0);
}

static void
a_full_table_drops_the_least_recently_used(void **state)
{
	static struct log_limit ll;
	char key[32];
	const char *out;
	int i;

	(void)state;
	captured();
	log_limit_init(&ll, 60000);
	ll.now_ms = fake_clock;
	for (i = 0; i < LOG_LIMIT_KEYS; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		fake_now++;
		log_limited(&ll, LOG_LEVEL_INFO, key, 1, "first %d", i);
	}
	assert_int_equal(count_lines(captured()), LOG_LIMIT_KEYS);
	fake_now++;
	log_limited(&ll, LOG_LEVEL_INFO, "k0", 5, "k0 again");	/* counted */
	fake_now++;
	log_limited(&ll, LOG_LEVEL_INFO, "k1", 4, "k1 again");	/* counted */
	assert_int_equal(count_lines(captured()), 0);
	/* a new key evicts k2 (k0 and k1 were used since): nothing pending */
	fake_now++;
	log_limited(&ll, LOG_LEVEL_INFO, "new", 1, "new key");
	out = captured();
	assert_int_equal(count_lines(out), 1);
	assert_non_null(strstr(out, "new key (count 1)"));
	/* a long key is cut, not refused */
	memset(key, 'x', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	assert_int_equal(log_limited(&ll, LOG_LEVEL_INFO, key, 1, "long"), 1);
	assert_int_equal(log_limited(&ll, LOG_LEVEL_INFO, key, 1, "long"), 0);
	captured();
}

static void
levels_below_the_log_level_are_dropped(void **state)
{
	static struct log_limit ll;

	(void)state;
	captured();
	log_limit_init(&ll, 60000);
	ll.now_ms = fake_clock;
	assert_int_equal(log_limited(&ll, LOG_LEVEL_DEBUG, "d", 1, "debug"), 0);
	assert_int_equal(count_lines(captured()), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_event_at_once_then_counted),
		cmocka_unit_test(keys_are_apart_and_flush_writes_pending),
		cmocka_unit_test(a_full_table_drops_the_least_recently_used),
		cmocka_unit_test(levels_below_the_log_level_are_dropped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
