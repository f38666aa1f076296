#!/bin/sh
# Reject unbounded or unchecked C library calls (after curl's checksrc).
bad=$(grep -nE '(^|[^_a-z0-9])(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|atoll)[[:space:]]*\(' \
	$(find "$@" -name '*.[ch]' 2>/dev/null) 2>/dev/null)
if [ -n "$bad" ]; then
	echo "checksrc: banned calls (use snprintf, strtol with checks):" >&2
	echo "$bad" >&2
	exit 1
fi
# One table from error code to HTTP status (node/problem.c): routes answer
# errors with problem_send/problem_reply, never http_problem and a status.
bad=$(grep -nE '(^|[^_a-z0-9])http_problem[[:space:]]*\(' \
	$(find "$@" -name '*.c' ! -name http.c ! -name problem.c 2>/dev/null) \
	2>/dev/null)
if [ -n "$bad" ]; then
	echo "checksrc: http_problem with a status of its own (use problem_send" \
	    "or problem_reply: node/problem.h):" >&2
	echo "$bad" >&2
	exit 1
fi
exit 0
