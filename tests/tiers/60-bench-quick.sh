#!/bin/sh
# tier bench-quick: the benchmark harness (bench/, docs/benchmarks.md) at
# tiny sizes, so that `make bench` cannot rot: every figure's code path
# runs (2,000 organisations, 500-entry catch-up, 2 s loads, 2 nodes for
# convergence). No timing is asserted: a figure that produced a number
# counts as passed. The table goes to build/bench-quick.json. Uses wrk and
# nginx when installed (`make bench-deps`), else small Python stand-ins.
set -u
: "${BUILD:=build}"
if [ -n "${NORDFED_SANITIZE:-}" ]; then
	mk="make -s SANITIZE=1"
else
	mk="make -s BUILD=$BUILD"
fi
if ! $mk bench-build >/dev/null; then
	echo "bench-quick: cannot build the bench programs"
	echo "tier bench-quick: 0 passed, 1 failed"
	exit 1
fi
BUILD=$BUILD timeout 300 python3 bench/bench.py --quick \
	--out "$BUILD/bench-quick.json"
rc=$?
if [ "$rc" = 124 ]; then
	echo "bench-quick: timed out"
	echo "tier bench-quick: 0 passed, 1 failed"
fi
exit $rc
