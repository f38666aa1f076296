#!/bin/sh
# Bounded libFuzzer run: sh tests/fuzz/run.sh SECONDS BIN...
#
# Runs each fuzz binary for SECONDS with a persistent corpus in
# build-fuzz/corpus/NAME, seeded from the "input"/"input_hex" fields of the
# golden vectors in tests/vectors/X/*.json for a binary named fuzz_X.
# Crash artifacts go to build-fuzz/artifacts/. Prints one line per binary;
# exits non-zero (and shows the fuzzer's output) if any run fails.
set -u
if [ $# -lt 2 ]; then
	echo "usage: $0 SECONDS BIN..." >&2
	exit 2
fi
secs=$1
shift
case $secs in
'' | *[!0-9]*) echo "run.sh: SECONDS must be a whole number" >&2; exit 2 ;;
esac
: "${NORDFED_VECTORS:=tests/vectors}"
# Undefined behaviour counts as a finding, not just a printed warning.
: "${UBSAN_OPTIONS:=halt_on_error=1:print_stacktrace=1}"
export UBSAN_OPTIONS
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

# seed DIR VECTORDIR: one corpus file per vector input (content-addressed).
seed() {
	[ -d "$2" ] || return 0
	command -v python3 >/dev/null 2>&1 || return 0
	python3 - "$1" "$2" <<'PY'
import glob, hashlib, json, os, sys
out, vdir = sys.argv[1], sys.argv[2]
def walk(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "input" and isinstance(v, str):
                yield v.encode("utf-8", "surrogatepass")
            elif k == "input_hex" and isinstance(v, str):
                yield bytes.fromhex(v)
            else:
                yield from walk(v)
    elif isinstance(x, list):
        for v in x:
            yield from walk(v)
for f in sorted(glob.glob(os.path.join(vdir, "*.json"))):
    try:
        with open(f, encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, ValueError):
        continue
    for b in walk(doc):
        if len(b) > 65536:
            continue
        p = os.path.join(out, hashlib.sha1(b).hexdigest())
        if not os.path.exists(p):
            with open(p, "wb") as fh:
                fh.write(b)
PY
}

for bin in "$@"; do
	name=$(basename "$bin")
	if [ ! -x "$bin" ]; then
		echo "fuzz  $name: not built ($bin)" >&2
		status=1
		continue
	fi
	corpus=build-fuzz/corpus/$name
	arts=build-fuzz/artifacts
	mkdir -p "$corpus" "$arts"
	seed "$corpus" "$NORDFED_VECTORS/${name#fuzz_}"
	"$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$arts/$name-" "$corpus" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' \
	    "$log" | tail -1)
	if [ "$rc" != 0 ]; then
		cat "$log" >&2
		echo "fuzz  $name: FAILED (exit $rc); artifacts in $arts/" >&2
		status=1
	else
		n=$(find "$corpus" -type f | wc -l)
		echo "fuzz  $name: ${runs:-?} runs in ${secs}s, corpus $n, no findings"
	fi
done
exit $status
