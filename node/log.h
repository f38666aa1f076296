/*
 * log: the node's one-line-per-event log on stderr.
 *
 * Every call writes exactly one line, "<prefix>subsystem: message", with a
 * single write(2). By convention the message starts with the subsystem
 * ("http: listening on 127.0.0.1:8470"). The prefix is chosen by log_init:
 *
 *   - under systemd (JOURNAL_STREAM names stderr), a syslog priority that
 *     journald understands: "<3>" error, "<4>" warn, "<6>" info, "<7>" debug;
 *   - otherwise a word: "ERROR ", "WARN ", "INFO ", "DEBUG ".
 *
 * Control characters in the message (a newline in a client-supplied path,
 * say) are written as '?', so one event is always one line. Lines longer
 * than LOG_LINE_MAX are cut and end in "...".
 *
 * State is a process-wide level and prefix style; the node is
 * single-threaded (everything runs on the libevent loop), and so is this.
 * Before log_init the level is info and the style is chosen from the
 * environment on first use.
 */
#ifndef LOG_H
#define LOG_H

#include <stdarg.h>
#include <stdint.h>

#define LOG_LINE_MAX 2048

enum log_level {
	LOG_LEVEL_ERROR = 0,
	LOG_LEVEL_WARN = 1,
	LOG_LEVEL_INFO = 2,
	LOG_LEVEL_DEBUG = 3
};

/* Set the level (events above it are dropped) and pick the prefix style. */
void log_init(enum log_level level);
enum log_level log_get_level(void);
/* 1 when events at level would be written: guard expensive formatting. */
int log_enabled(enum log_level level);

/* "debug", "info", "warn", "error" <-> level. parse returns 0 or -1. */
int log_level_parse(const char *name, enum log_level *out);
const char *log_level_name(enum log_level level);

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Log at error level and exit(1): startup failures only, never bad input. */
void log_fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

void log_vwrite(enum log_level level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/*
 * Rate-limited lines, for events a peer or client can repeat at will
 * (a rejected entry, a refused push): at most one line per key per
 * interval. The first event of a key is written at once, ending in
 * "(count N)"; later ones within the interval are only counted, and the
 * next line of that key (at its next event after the interval, or from
 * log_limit_flush once the interval has passed) carries the newest
 * message and "(count N in the last S s)": how many events there were
 * since the line before. Keys are at most LOG_LIMIT_KEY_MAX-1 bytes
 * (longer ones are cut); with every slot in use the least recently used
 * key is dropped (its pending count is written first).
 *
 * The struct is the caller's (no allocation); zero it with
 * log_limit_init. now_ms may be set to a test clock (ms, monotonic).
 */
#define LOG_LIMIT_KEYS    64
#define LOG_LIMIT_KEY_MAX 96
#define LOG_LIMIT_MSG_MAX 1024

struct log_limit_slot {
	char key[LOG_LIMIT_KEY_MAX];     /* "" when free */
	enum log_level level;
	int64_t line_ms;                 /* when its last line was written */
	int64_t used_ms;                 /* its last event */
	uint64_t pending;                /* events since its last line */
	char msg[LOG_LIMIT_MSG_MAX];     /* the newest message */
};

struct log_limit {
	int64_t interval_ms;
	int64_t (*now_ms)(void);         /* NULL: CLOCK_MONOTONIC */
	struct log_limit_slot slot[LOG_LIMIT_KEYS];
};

void log_limit_init(struct log_limit *ll, int64_t interval_ms);
/* n events of key (n >= 1) with this message. 1 when a line was
 * written now, 0 when the events were only counted. */
int log_limited(struct log_limit *ll, enum log_level level, const char *key,
    uint64_t n, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Write the pending counts whose interval has passed. */
void log_limit_flush(struct log_limit *ll);

#endif
