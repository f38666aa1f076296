#!/bin/sh
# Make the schema-1 fixture of tests/unit/test_migrate.c: node.db and
# expected.json in this directory, written by gen.c linked against the
# store of commit b595cf1 (schema 1, the last main before schema 2),
# built from a temporary git worktree. Run from anywhere in the
# repository: sh tests/vectors/store-schema1/make.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
commit=${SCHEMA1_COMMIT:-b595cf1}
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/src" 2>/dev/null; rm -rf "$tmp"' EXIT
git -C "$root" worktree add --detach "$tmp/src" "$commit" >/dev/null
make -s -C "$tmp/src" -j2 build/libnfnode.a build/libnfproto.a
PKGS="libevent libcurl jansson sqlite3 libsodium"
cc -std=c17 -D_GNU_SOURCE -O1 -g -I"$tmp/src/protocol" -I"$tmp/src/node" \
    -I"$root/tests/unit" $(pkg-config --cflags $PKGS) -o "$tmp/gen" \
    "$here/gen.c" "$tmp/src/build/libnfnode.a" "$tmp/src/build/libnfproto.a" \
    $(pkg-config --libs $PKGS) -lm
rm -f "$here/node.db" "$here/node.db-wal" "$here/node.db-shm"
"$tmp/gen" "$here/node.db" "$here/expected.json"
sqlite3 "$here/node.db" "PRAGMA user_version" | grep -qx 1
echo "made $here/node.db (schema 1, commit $commit) and expected.json"
