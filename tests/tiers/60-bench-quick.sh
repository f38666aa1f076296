#!/bin/sh
# tier bench-quick: the benchmark harness (bench/, docs/benchmarks.md) at
# tiny sizes, so that `make bench` cannot rot. First bench/test_bench.py:
# the catch-up reference (bench/ref_pipeline) on the golden entry vectors,
# and that a stand-in never meets a goal in the full run. Then every
# figure's code path (2,000 organisations, 500-entry catch-up, 2 s loads,
# 2 nodes for convergence), and the peers (PouchDB Server, PostgreSQL 15)
# when they are installed: this tier installs nothing (`make bench-deps`
# does; a peer that is not installed is reported so, not failed). No
# timing is asserted: a figure that produced a number counts as passed.
# The table goes to build/bench-quick.json. Uses wrk and nginx when
# installed, else small Python stand-ins, labelled so in the table.
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
log=$(mktemp)
trap 'rm -f "$log"' EXIT
count() { # $1: the line's prefix; prints "passed failed" (0 1 if absent)
	line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed$" "$log" | tail -1)
	p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	[ -z "$p" ] && { p=0; f=1; }
	echo "$p $f"
}

BUILD=$BUILD timeout 120 python3 bench/test_bench.py >"$log" 2>&1
rc1=$?
cat "$log"
set -- $(count bench-tests)
p1=$1 f1=$2
[ "$rc1" != 0 ] && [ "$f1" = 0 ] && f1=1

BUILD=$BUILD timeout 300 python3 bench/bench.py --quick \
	--out "$BUILD/bench-quick.json" >"$log" 2>&1
rc2=$?
cat "$log"
[ "$rc2" = 124 ] && echo "bench-quick: timed out"
set -- $(count bench-quick)
p2=$1 f2=$2
[ "$rc2" != 0 ] && [ "$f2" = 0 ] && f2=1

echo "tier bench-quick: $((p1 + p2)) passed, $((f1 + f2)) failed"
[ $((f1 + f2)) = 0 ]
