/* log: see log.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static enum log_level log_level = LOG_LEVEL_INFO;
static int log_style = -1; /* -1 undecided, 0 words, 1 syslog prefixes */

static const char *const level_names[] = {"error", "warn", "info", "debug"};
static const char *const level_words[] = {"ERROR ", "WARN ", "INFO ", "DEBUG "};
static const char *const level_prio[] = {"<3>", "<4>", "<6>", "<7>"};

/*
 * systemd sets JOURNAL_STREAM=<dev>:<inode> of the stream it connected to
 * the journal; it is only meaningful when stderr is still that stream
 * (sd_journal_stream_fd(3), systemd.exec(5)).
 */
static int
stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	char tail;

	if (js == NULL || *js == '\0')
		return 0;
	if (fstat(STDERR_FILENO, &st) == -1)
		return 0;
	if (sscanf(js, "%llu:%llu%c", &dev, &ino, &tail) != 2)
		return !isatty(STDERR_FILENO);
	return (unsigned long long)st.st_dev == dev &&
	       (unsigned long long)st.st_ino == ino;
}

void
log_init(enum log_level level)
{
	if (level < LOG_LEVEL_ERROR)
		level = LOG_LEVEL_ERROR;
	if (level > LOG_LEVEL_DEBUG)
		level = LOG_LEVEL_DEBUG;
	log_level = level;
	log_style = stderr_is_journal();
}

enum log_level
log_get_level(void)
{
	return log_level;
}

int
log_enabled(enum log_level level)
{
	return level <= log_level;
}

int
log_level_parse(const char *name, enum log_level *out)
{
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (strcmp(name, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}

const char *
log_level_name(enum log_level level)
{
	if (level < LOG_LEVEL_ERROR || level > LOG_LEVEL_DEBUG)
		return "?";
	return level_names[level];
}

void
log_vwrite(enum log_level level, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX + 1];
	const char *prefix;
	size_t plen, n, i;
	int saved = errno, r;
	ssize_t w;

	if (!log_enabled(level))
		return;
	if (log_style < 0)
		log_style = stderr_is_journal();
	prefix = log_style ? level_prio[level] : level_words[level];
	plen = strlen(prefix);
	memcpy(line, prefix, plen);

	/* Leave one byte for the newline. */
	r = vsnprintf(line + plen, sizeof(line) - plen - 1, fmt, ap);
	if (r < 0) {
		n = plen;
	} else if ((size_t)r >= sizeof(line) - plen - 1) {
		n = sizeof(line) - 2;
		memcpy(line + n - 3, "...", 3);
	} else {
		n = plen + (size_t)r;
	}
	for (i = plen; i < n; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c < 0x20 || c == 0x7f)
			line[i] = '?';
	}
	line[n++] = '\n';

	/* One write per line; a short write on a pipe is finished off. */
	for (i = 0; i < n; i += (size_t)w) {
		w = write(STDERR_FILENO, line + i, n - i);
		if (w <= 0) {
			if (w < 0 && errno == EINTR) {
				w = 0;
				continue;
			}
			break;
		}
	}
	errno = saved;
}

static void log_write_fmt(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
log_write_fmt(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(level, fmt, ap);
	va_end(ap);
}

#define LOG_FN(fn, lvl)                                                        \
	void fn(const char *fmt, ...)                                          \
	{                                                                      \
		va_list ap;                                                    \
		va_start(ap, fmt);                                             \
		log_vwrite(lvl, fmt, ap);                                      \
		va_end(ap);                                                    \
	}

LOG_FN(log_error, LOG_LEVEL_ERROR)
LOG_FN(log_warn, LOG_LEVEL_WARN)
LOG_FN(log_info, LOG_LEVEL_INFO)
LOG_FN(log_debug, LOG_LEVEL_DEBUG)

void
log_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERROR, fmt, ap);
	va_end(ap);
	exit(1);
}

/* ---- rate-limited lines ------------------------------------------------ */

static int64_t
mono_now(const struct log_limit *ll)
{
	struct timespec ts;

	if (ll->now_ms != NULL)
		return ll->now_ms();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
log_limit_init(struct log_limit *ll, int64_t interval_ms)
{
	memset(ll, 0, sizeof(*ll));
	ll->interval_ms = interval_ms;
}

/* The line of slot sl: its message and how many events it stands for. */
static void
slot_write(struct log_limit_slot *sl, int64_t now, int first)
{
	if (first)
		log_write_fmt(sl->level, "%s (count %llu)", sl->msg,
		    (unsigned long long)sl->pending);
	else
		log_write_fmt(sl->level, "%s (count %llu in the last %lld s)",
		    sl->msg, (unsigned long long)sl->pending,
		    (long long)((now - sl->line_ms + 999) / 1000));
	sl->pending = 0;
	sl->line_ms = now;
}

int
log_limited(struct log_limit *ll, enum log_level level, const char *key,
    uint64_t n, const char *fmt, ...)
{
	struct log_limit_slot *sl = NULL, *lru = NULL;
	int64_t now = mono_now(ll);
	va_list ap;
	size_t i;
	int first = 0;

	if (!log_enabled(level))
		return 0;
	for (i = 0; i < LOG_LIMIT_KEYS; i++) {
		struct log_limit_slot *c = &ll->slot[i];

		if (c->key[0] != '\0' && strncmp(c->key, key,
		    LOG_LIMIT_KEY_MAX - 1) == 0) {
			sl = c;
			break;
		}
		if (lru == NULL || c->key[0] == '\0' || (lru->key[0] != '\0' &&
		    c->used_ms < lru->used_ms))
			lru = c;
	}
	if (sl == NULL) {
		sl = lru;
		if (sl->key[0] != '\0' && sl->pending > 0)
			slot_write(sl, now, 0);
		memset(sl, 0, sizeof(*sl));
		snprintf(sl->key, sizeof(sl->key), "%s", key);
		first = 1;
	}
	sl->level = level;
	sl->used_ms = now;
	sl->pending += n ? n : 1;
	va_start(ap, fmt);
	vsnprintf(sl->msg, sizeof(sl->msg), fmt, ap);
	va_end(ap);
	if (first || now - sl->line_ms >= ll->interval_ms) {
		slot_write(sl, now, first);
		return 1;
	}
	return 0;
}

void
log_limit_flush(struct log_limit *ll)
{
	int64_t now = mono_now(ll);
	size_t i;

	for (i = 0; i < LOG_LIMIT_KEYS; i++) {
		struct log_limit_slot *sl = &ll->slot[i];

		if (sl->key[0] != '\0' && sl->pending > 0 &&
		    now - sl->line_ms >= ll->interval_ms)
			slot_write(sl, now, 0);
	}
}
