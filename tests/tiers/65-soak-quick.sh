#!/bin/sh
# tier soak-quick: `make soak` (tests/soak.py) for a few seconds, so the
# soak cannot rot: every attack round, the load and the final check of
# acknowledged writes run once. Asserts what the soak itself asserts (no
# acknowledged write lost, the node alive, the probe answered), no timing.
set -u
: "${BUILD:=build}"
if [ -n "${NORDFED_SANITIZE:-}" ]; then
	mk="make -s SANITIZE=1"
else
	mk="make -s BUILD=$BUILD"
fi
timeout 300 $mk soak SOAK_SECONDS=12
rc=$?
if [ "$rc" = 0 ]; then
	echo "tier soak-quick: 1 passed, 0 failed"
else
	echo "tier soak-quick: 0 passed, 1 failed"
fi
exit $rc
