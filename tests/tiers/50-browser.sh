#!/bin/sh
# Tier "browser": the browsing page in Debian's headless Chromium against
# eight real nodes (tests/browser/run.py, tests/browser/e2e.mjs).
# Installs what it needs first (make browser-deps: chromium, Node.js and
# npm when missing, playwright-core from the lock file). Screenshots go to
# $BUILD/browser-artifacts/. Ends with "tier browser: N passed, N failed"
# and exits non-zero on failure.
set -u
: "${BUILD:=build}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! make -s browser-deps >"$log" 2>&1; then
	cat "$log"
	echo "browser: make browser-deps failed"
	echo "tier browser: 0 passed, 1 failed"
	exit 1
fi
BUILD=$BUILD timeout 330 python3 tests/browser/run.py
rc=$?
if [ "$rc" = 124 ]; then
	echo "browser: timed out after 330 s"
	echo "tier browser: 0 passed, 1 failed"
fi
exit "$rc"
