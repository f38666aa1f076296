#!/bin/sh
# Tier "vectors": tests/vectors/nfcheck.py, a second verifier written from
# docs/protocol.md alone, runs every golden vector (canon, entries,
# records); each vector file it agrees with counts as passed. The
# committed entries.json must be what `make vectors` makes. Then the
# same run over a copy of the vectors with one verdict changed in each of
# entries.json and invalid.json must disagree on both (so the check is
# known to be able to fail). Ends with "tier vectors: N passed, N failed";
# exits non-zero on failure.
set -u
here=$(cd "$(dirname "$0")/../vectors" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

python3 "$here/nfcheck.py" "$here" >"$tmp/out" 2>&1
rc=$?
grep -v '^tier ' "$tmp/out"
p=$(sed -n 's/^tier vectors: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$tmp/out")
f=$(sed -n 's/^tier vectors: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$tmp/out")
[ -z "$p" ] && { p=0; f=1; }
[ "$rc" != 0 ] && [ "$f" = 0 ] && f=1
[ "$p" -lt 12 ] && { echo "vectors: only $p vector files checked"; f=$((f + 1)); }
passed=$((passed + p))
failed=$((failed + f))

# the committed entries.json is what `make vectors` makes now
: "${BUILD:=build}"
root=$(cd "$here/../.." && pwd)
san=""
[ -n "${NORDFED_SANITIZE:-}" ] && san="SANITIZE=1"
if make -s -C "$root" $san BUILD="$BUILD" "$BUILD/gen_entries" >"$tmp/mk" 2>&1 &&
    "$root/$BUILD/gen_entries" "$tmp/entries.json" >>"$tmp/mk" 2>&1 &&
    cmp -s "$tmp/entries.json" "$here/entries/entries.json"; then
	passed=$((passed + 1))
	echo "vectors: entries.json is what make vectors makes"
else
	failed=$((failed + 1))
	echo "vectors: entries.json differs from what make vectors makes:"
	cat "$tmp/mk"
fi

cp -r "$here" "$tmp/v"
python3 - "$tmp/v" <<'PY'
import json, sys
d = sys.argv[1]
p = d + "/entries/entries.json"
doc = json.load(open(p))
c = [c for c in doc["cases"] if c.get("reason") == "bad_origin"][0]
c["reason"] = "bad_entry"
json.dump(doc, open(p, "w"))
p = d + "/records/invalid.json"
cases = json.load(open(p))
cases[-1]["field"] = "/elsewhere"
json.dump(cases, open(p, "w"), ensure_ascii=False)
PY
python3 "$here/nfcheck.py" "$tmp/v" >"$tmp/out2" 2>&1
if grep -q '^nfcheck entries/entries.json: DISAGREES' "$tmp/out2" &&
    grep -q '^nfcheck records/invalid.json: DISAGREES' "$tmp/out2"; then
	passed=$((passed + 1))
	echo "vectors: a changed verdict is caught"
else
	failed=$((failed + 1))
	echo "vectors: a changed verdict was NOT caught:"
	cat "$tmp/out2"
fi
echo "tier vectors: $passed passed, $failed failed"
[ "$failed" = 0 ]
