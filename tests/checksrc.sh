#!/bin/sh
# Reject unbounded or unchecked C library calls (after curl's checksrc).
bad=$(grep -nE '(^|[^_a-z0-9])(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|atoll)[[:space:]]*\(' \
	$(find "$@" -name '*.[ch]' 2>/dev/null) 2>/dev/null)
if [ -n "$bad" ]; then
	echo "checksrc: banned calls (use snprintf, strtol with checks):" >&2
	echo "$bad" >&2
	exit 1
fi
exit 0
