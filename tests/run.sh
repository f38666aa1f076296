#!/bin/sh
# Run every test tier and end with one summary line "N passed, N failed".
#   unit:        cmocka binaries given as arguments (protocol + node modules)
#   fuzz:        a short bounded libFuzzer run when clang is present
#   black-box:   tests/integration/run.py (pytest), real nodes on 127.0.0.1
set -u
: "${BUILD:=build}"
passed=0
failed=0
failures=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$@"; do
	name=$(basename "$t")
	NORDFED_VECTORS=tests/vectors "$t" >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1 # crashed or sanitizer abort: count it
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" != 0 ]; then
		cat "$log"
		failures="$failures $name"
	fi
	echo "unit  $name: $p passed, $f failed"
done

if [ -z "${NORDFED_UNIT_ONLY:-}" ]; then
	if [ -n "${NORDFED_SKIP_FUZZ:-}" ]; then
		echo "fuzz  skipped: NORDFED_SKIP_FUZZ is set"
	elif command -v clang >/dev/null 2>&1; then
		if make -s fuzz >"$log" 2>&1 && sh tests/fuzz/run.sh "${FUZZ_SECONDS:-10}" build-fuzz/fuzz_* >>"$log" 2>&1; then
			passed=$((passed + 1))
			echo "fuzz  bounded run: no findings"
		else
			cat "$log"
			failed=$((failed + 1))
			failures="$failures fuzz"
		fi
	else
		echo "fuzz  skipped: clang not installed"
	fi
	BUILD=$BUILD python3 tests/integration/run.py >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^integration: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$log")
	f=$(sed -n 's/^integration: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$log")
	[ -z "$p" ] && { p=0; f=1; }
	[ "$rc" != 0 ] && [ "$f" = 0 ] && f=1
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" != 0 ] && failures="$failures integration"

	# further tiers: each tests/tiers/*.sh ends with a line
	# "tier NAME: N passed, N failed" and exits non-zero on failure
	for tier in tests/tiers/*.sh; do
		[ -e "$tier" ] || continue
		BUILD=$BUILD sh "$tier" >"$log" 2>&1
		rc=$?
		cat "$log"
		line=$(grep -E '^tier [a-z0-9_-]+: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
		p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
		f=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
		[ -z "$p" ] && { p=0; f=1; }
		[ "$rc" != 0 ] && [ "$f" = 0 ] && f=1
		passed=$((passed + p))
		failed=$((failed + f))
		[ "$f" != 0 ] && failures="$failures $(basename "$tier" .sh)"
	done
fi

[ -n "$failures" ] && echo "failing:$failures"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
