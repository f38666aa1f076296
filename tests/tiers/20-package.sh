#!/bin/sh
# Tier "package": the Debian package (make deb) and make install.
#   - the package builds; its control file has the version of node/node.h,
#     this machine's architecture and Depends on every runtime library
#   - lintian reports no error (its warnings and notes are printed)
#   - `dpkg-deb -c`: exactly the expected paths, modes and owners
#   - the packaged binaries run; md5sums match; the packaged unit is
#     conf/nordfed-node.service
#   - the maintainer scripts pass `sh -n` and never enable or start the unit
#   - `systemd-analyze verify` accepts the unit inside the package's tree
#     (skipped, not counted, where systemd-analyze is missing), and reports
#     a broken copy of it, so that the check is known to be able to fail
#   - `make install PREFIX=... DESTDIR=...` puts the files under PREFIX and
#     points the unit's ExecStart at PREFIX/sbin
#   - only with NORDFED_PKG_INSTALL_TEST=1, as root, on a machine with no
#     nordfed installed and no /etc/nordfed or /var/lib/nordfed: dpkg -i,
#     the user and directories, the node started as that user from them,
#     reinstall, remove and purge, for real (this leaves the nordfed system
#     user behind, as the package does on purge)
# Ends with "tier package: N passed, N failed"; exits non-zero on failure.
set -u
: "${BUILD:=build}"
passed=0
failed=0
tmp=$(mktemp -d)
node_pid=""
cleanup() {
	[ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

ok() {
	passed=$((passed + 1))
	echo "package  ok   $1"
}
fail() {
	failed=$((failed + 1))
	echo "package  FAIL $1"
}
skip() {
	echo "package  skip $1"
}
finish() {
	echo "tier package: $passed passed, $failed failed"
	[ "$failed" = 0 ]
	exit
}

# A `make test SANITIZE=1` passes SANITIZE=1 down through MAKEFLAGS; the
# package is always built without sanitizers (the deb target says so).
if ! make -s package-check-deps >"$tmp/log" 2>&1; then
	cat "$tmp/log"
	fail "make package-check-deps (dpkg-dev, lintian)"
	finish
fi
if ! make -s deb >"$tmp/log" 2>&1; then
	cat "$tmp/log"
	fail "make deb"
	finish
fi
version=$(sed -n 's/^#define NORDFED_VERSION "\(.*\)"$/\1/p' node/node.h)
arch=$(dpkg --print-architecture)
deb=build/deb/nordfed_${version}_$arch.deb
if [ -f "$deb" ] && [ "$(tail -1 "$tmp/log")" = "$deb" ]; then
	ok "make deb built $deb"
else
	cat "$tmp/log"
	fail "make deb did not build $deb"
	finish
fi

# ---- control file ------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
if [ "$(field Package)" = nordfed ] && [ "$(field Version)" = "$version" ] &&
	[ "$(field Architecture)" = "$arch" ]; then
	ok "control: nordfed $version $arch"
else
	fail "control: '$(field Package)' '$(field Version)' '$(field Architecture)'"
fi
depends=$(field Depends)
missing=""
for lib in libc6 libcurl4 'libevent-2\.1-[0-9]*' libjansson4 'libsodium[0-9]*' libsqlite3-0 adduser; do
	echo "$depends" | tr ',' '\n' | grep -Eq "^ *$lib( |$)" || missing="$missing $lib"
done
if [ -z "$missing" ]; then
	ok "control: Depends names every runtime library and adduser"
else
	fail "control: Depends lacks$missing: $depends"
fi

# ---- contents ------------------------------------------------------------------
cat >"$tmp/expected" <<'EOF'
drwxr-xr-x root/root ./
drwxr-xr-x root/root ./lib/
drwxr-xr-x root/root ./lib/systemd/
drwxr-xr-x root/root ./lib/systemd/system/
-rw-r--r-- root/root ./lib/systemd/system/nordfed-node.service
drwxr-xr-x root/root ./usr/
drwxr-xr-x root/root ./usr/bin/
-rwxr-xr-x root/root ./usr/bin/nordfedctl
drwxr-xr-x root/root ./usr/sbin/
-rwxr-xr-x root/root ./usr/sbin/nordfed-node
drwxr-xr-x root/root ./usr/share/
drwxr-xr-x root/root ./usr/share/doc/
drwxr-xr-x root/root ./usr/share/doc/nordfed/
-rw-r--r-- root/root ./usr/share/doc/nordfed/changelog.gz
-rw-r--r-- root/root ./usr/share/doc/nordfed/configuration.md.gz
-rw-r--r-- root/root ./usr/share/doc/nordfed/copyright
drwxr-xr-x root/root ./usr/share/doc/nordfed/examples/
-rw-r--r-- root/root ./usr/share/doc/nordfed/examples/nordfed.conf
-rw-r--r-- root/root ./usr/share/doc/nordfed/operations.md.gz
drwxr-xr-x root/root ./usr/share/man/
drwxr-xr-x root/root ./usr/share/man/man1/
-rw-r--r-- root/root ./usr/share/man/man1/nordfedctl.1.gz
drwxr-xr-x root/root ./usr/share/man/man8/
-rw-r--r-- root/root ./usr/share/man/man8/nordfed-node.8.gz
EOF
dpkg-deb -c "$deb" >"$tmp/contents"
awk '{ print $1, $2, $6 (NF > 6 ? " " $7 " " $8 : "") }' "$tmp/contents" | LC_ALL=C sort >"$tmp/actual"
LC_ALL=C sort "$tmp/expected" >"$tmp/expected.sorted"
if cmp -s "$tmp/expected.sorted" "$tmp/actual"; then
	ok "dpkg-deb -c: the $(wc -l <"$tmp/actual") expected paths with their modes and owners, nothing else"
else
	fail "dpkg-deb -c differs from the expected list (- expected, + in the package):"
	diff "$tmp/expected.sorted" "$tmp/actual" | sed -n 's/^[<>]/    &/p'
fi

root=$tmp/root
dpkg-deb -x "$deb" "$root"
dpkg-deb -e "$deb" "$tmp/DEBIAN"
if (cd "$root" && md5sum --quiet -c "$tmp/DEBIAN/md5sums") >"$tmp/log" 2>&1 &&
	[ "$(wc -l <"$tmp/DEBIAN/md5sums")" = "$(find "$root" -type f | wc -l)" ]; then
	ok "md5sums: one line per file, every sum matches"
else
	cat "$tmp/log"
	fail "md5sums"
fi
if "$root/usr/sbin/nordfed-node" --help-config >"$tmp/log" 2>&1 && grep -q '^\[node\]' "$tmp/log" &&
	"$root/usr/bin/nordfedctl" pubkey --help >/dev/null 2>&1; then
	ok "the packaged (stripped) binaries run"
else
	cat "$tmp/log"
	fail "the packaged binaries do not run"
fi
if gzip -t "$root/usr/share/man/man1/nordfedctl.1.gz" "$root/usr/share/man/man8/nordfed-node.8.gz" &&
	zcat "$root/usr/share/man/man8/nordfed-node.8.gz" | cmp -s - docs/nordfed-node.8 &&
	zcat "$root/usr/share/man/man1/nordfedctl.1.gz" | cmp -s - docs/nordfedctl.1; then
	ok "man pages: docs/nordfedctl.1 and docs/nordfed-node.8, gzipped"
else
	fail "man pages in the package are not docs/*.[18] gzipped"
fi
unit=$root/lib/systemd/system/nordfed-node.service
if cmp -s "$unit" conf/nordfed-node.service &&
	grep -qx 'ExecStart=/usr/sbin/nordfed-node -c /etc/nordfed/nordfed.conf' "$unit" &&
	grep -qx 'ExecStartPre=/usr/sbin/nordfed-node -c /etc/nordfed/nordfed.conf -n' "$unit" &&
	grep -qx 'User=nordfed' "$unit" && grep -qx 'StateDirectory=nordfed' "$unit"; then
	ok "unit: conf/nordfed-node.service, running /usr/sbin/nordfed-node as nordfed"
else
	fail "unit in the package is not conf/nordfed-node.service with the packaged paths"
fi

# ---- lintian ---------------------------------------------------------------------
# Errors fail; warnings, notes and pedantic tags are listed for the reader.
lintian --display-info --pedantic --tag-display-limit 0 "$deb" >"$tmp/lintian" 2>"$tmp/lintian.err"
rc=$?
sed 's/^/    lintian: /' "$tmp/lintian"
if [ "$rc" = 0 ] && ! grep -q '^E: ' "$tmp/lintian"; then
	ok "lintian: no error ($(grep -c '^W: ' "$tmp/lintian") warnings)"
else
	cat "$tmp/lintian.err"
	fail "lintian: exit $rc, $(grep -c '^E: ' "$tmp/lintian") errors"
fi

# ---- maintainer scripts -------------------------------------------------------
for s in postinst prerm postrm; do
	if [ ! -x "$tmp/DEBIAN/$s" ]; then
		fail "$s: missing or not executable"
	elif sh -n "$tmp/DEBIAN/$s" 2>"$tmp/log"; then
		ok "$s: sh -n"
	else
		cat "$tmp/log"
		fail "$s: sh -n"
	fi
done
# the node has no key and no configuration on install: nothing may enable
# or start it (a try-restart on upgrade only restarts a running node)
if grep -Ev '^[[:space:]]*#' "$tmp/DEBIAN/postinst" "$tmp/DEBIAN/prerm" "$tmp/DEBIAN/postrm" |
	grep -E 'systemctl.*(enable|start)|deb-systemd-helper|deb-systemd-invoke +(start|restart)'; then
	fail "a maintainer script enables or starts the unit"
else
	ok "no maintainer script enables or starts the unit"
fi

# ---- systemd-analyze verify ---------------------------------------------------
# Inside the package's tree (--root), so that ExecStart must name a binary
# the package ships and Documentation= man pages it ships (MANPATH); the
# system's own units are copied in for the targets the unit depends on.
verify() { # ROOT UNIT -> output of verify, rc
	MANPATH=$1/usr/share/man systemd-analyze verify --root="$1" "$2" 2>&1
}
if ! command -v systemd-analyze >/dev/null 2>&1; then
	skip "systemd-analyze verify: systemd-analyze is not installed here"
else
	sysunits=""
	for d in /usr/lib/systemd/system /lib/systemd/system; do
		[ -f "$d/multi-user.target" ] && { sysunits=$d; break; }
	done
	if [ -z "$sysunits" ]; then
		skip "systemd-analyze verify: no system units (multi-user.target) to verify against"
	else
		mkdir -p "$root/usr/lib/systemd/system"
		cp -a "$sysunits/." "$root/usr/lib/systemd/system/"
		out=$(verify "$root" "$unit")
		rc=$?
		if [ "$rc" = 0 ] && [ -z "$out" ]; then
			ok "systemd-analyze verify: the packaged unit, silent"
		else
			echo "$out"
			fail "systemd-analyze verify: exit $rc"
		fi
		# the same check on a broken copy must complain
		sed 's/^ProtectSystem=/ProtectSytem=/; s|^ExecStart=/usr/sbin/|ExecStart=/usr/nosuch/|' \
			"$unit" >"$root/lib/systemd/system/nordfed-broken.service"
		out=$(verify "$root" "$root/lib/systemd/system/nordfed-broken.service")
		if echo "$out" | grep -q ProtectSytem && echo "$out" | grep -q /usr/nosuch/; then
			ok "systemd-analyze verify: reports a misspelt key and a missing binary"
		else
			echo "$out"
			fail "systemd-analyze verify: did not report a broken unit"
		fi
	fi
fi

# ---- make install PREFIX DESTDIR -----------------------------------------------
inst=$tmp/inst
if make -s install PREFIX=/opt/nf DESTDIR="$inst" >"$tmp/log" 2>&1; then
	(cd "$inst" && find . -printf '%M %p\n' | LC_ALL=C sort) >"$tmp/actual"
	LC_ALL=C sort >"$tmp/expected" <<'EOF'
drwxr-xr-x .
drwxr-xr-x ./opt
drwxr-xr-x ./opt/nf
drwxr-xr-x ./opt/nf/bin
-rwxr-xr-x ./opt/nf/bin/nordfedctl
drwxr-xr-x ./opt/nf/sbin
-rwxr-xr-x ./opt/nf/sbin/nordfed-node
drwxr-xr-x ./opt/nf/lib
drwxr-xr-x ./opt/nf/lib/systemd
drwxr-xr-x ./opt/nf/lib/systemd/system
-rw-r--r-- ./opt/nf/lib/systemd/system/nordfed-node.service
drwxr-xr-x ./opt/nf/share
drwxr-xr-x ./opt/nf/share/doc
drwxr-xr-x ./opt/nf/share/doc/nordfed
-rw-r--r-- ./opt/nf/share/doc/nordfed/configuration.md
drwxr-xr-x ./opt/nf/share/doc/nordfed/examples
-rw-r--r-- ./opt/nf/share/doc/nordfed/examples/nordfed.conf
-rw-r--r-- ./opt/nf/share/doc/nordfed/operations.md
drwxr-xr-x ./opt/nf/share/man
drwxr-xr-x ./opt/nf/share/man/man1
-rw-r--r-- ./opt/nf/share/man/man1/nordfedctl.1
drwxr-xr-x ./opt/nf/share/man/man8
-rw-r--r-- ./opt/nf/share/man/man8/nordfed-node.8
EOF
	iunit=$inst/opt/nf/lib/systemd/system/nordfed-node.service
	if cmp -s "$tmp/expected" "$tmp/actual" &&
		grep -qx 'ExecStart=/opt/nf/sbin/nordfed-node -c /etc/nordfed/nordfed.conf' "$iunit" &&
		grep -qx 'ExecStartPre=/opt/nf/sbin/nordfed-node -c /etc/nordfed/nordfed.conf -n' "$iunit" &&
		! grep -q '/usr/sbin' "$iunit"; then
		ok "make install PREFIX=/opt/nf DESTDIR=...: the files under the prefix, the unit runs /opt/nf/sbin"
	else
		diff "$tmp/expected" "$tmp/actual"
		grep '^Exec' "$iunit"
		fail "make install PREFIX=/opt/nf DESTDIR=..."
	fi
else
	cat "$tmp/log"
	fail "make install PREFIX=/opt/nf DESTDIR=..."
fi

# ---- the maintainer scripts for real (opt-in) -----------------------------------
if [ "${NORDFED_PKG_INSTALL_TEST:-}" != 1 ]; then
	skip "dpkg -i / remove / purge for real: set NORDFED_PKG_INSTALL_TEST=1 (root, disposable machine)"
	finish
fi
if [ "$(id -u)" != 0 ]; then
	fail "NORDFED_PKG_INSTALL_TEST=1 needs root"
	finish
fi
if dpkg-query -W -f='${Status}' nordfed 2>/dev/null | grep -qv 'not-installed' ||
	[ -e /etc/nordfed ] || [ -e /var/lib/nordfed ]; then
	fail "NORDFED_PKG_INSTALL_TEST=1: nordfed, /etc/nordfed or /var/lib/nordfed already here: not touching them"
	finish
fi
mode() { stat -c '%U:%G %a' "$1" 2>&1; }
if dpkg -i "$deb" >"$tmp/log" 2>&1; then
	ok "dpkg -i $deb"
else
	cat "$tmp/log"
	fail "dpkg -i $deb"
	finish
fi
pw=$(getent passwd nordfed)
uid=$(echo "$pw" | cut -d: -f3)
if [ -n "$pw" ] && getent group nordfed >/dev/null && [ "$uid" -lt 1000 ] &&
	[ "$(echo "$pw" | cut -d: -f6)" = /var/lib/nordfed ] &&
	[ "$(echo "$pw" | cut -d: -f7)" = /usr/sbin/nologin ]; then
	ok "postinst: system user and group nordfed (uid $uid, home /var/lib/nordfed, no login)"
else
	fail "postinst: user nordfed: '$pw'"
fi
if [ "$(mode /etc/nordfed)" = "root:nordfed 750" ] &&
	[ "$(mode /var/lib/nordfed)" = "nordfed:nordfed 750" ]; then
	ok "postinst: /etc/nordfed root:nordfed 0750, /var/lib/nordfed nordfed:nordfed 0750"
else
	fail "postinst: /etc/nordfed $(mode /etc/nordfed), /var/lib/nordfed $(mode /var/lib/nordfed)"
fi
if [ -e /etc/systemd/system/multi-user.target.wants/nordfed-node.service ]; then
	fail "dpkg -i enabled nordfed-node.service"
else
	ok "dpkg -i left nordfed-node.service disabled"
fi

# the node, as the nordfed user, from the directories the package made
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/bin/nordfedctl keygen --out /etc/nordfed/node.key >/dev/null &&
	chown nordfed:nordfed /etc/nordfed/node.key
printf '[node]\ncountry = SE\nlisten = 127.0.0.1\nport = %s\n%s\n%s\n' "$port" \
	'database = /var/lib/nordfed/nordfed.db' 'key_file = /etc/nordfed/node.key' \
	>/etc/nordfed/nordfed.conf
if runuser -u nordfed -- /usr/sbin/nordfed-node -c /etc/nordfed/nordfed.conf -n >"$tmp/log" 2>&1 &&
	grep -qx 'configuration OK' "$tmp/log" &&
	! runuser -u nordfed -- touch /etc/nordfed/x 2>/dev/null; then
	ok "as nordfed: -n reads /etc/nordfed and its key, and cannot write there"
else
	cat "$tmp/log"
	fail "as nordfed: -n on /etc/nordfed/nordfed.conf"
fi
runuser -u nordfed -- /usr/sbin/nordfed-node -c /etc/nordfed/nordfed.conf >"$tmp/node.log" 2>&1 &
node_pid=$!
up=""
for _ in $(seq 100); do
	curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && { up=1; break; }
	kill -0 "$node_pid" 2>/dev/null || break
	sleep 0.1
done
if [ -n "$up" ] && [ "$(stat -c %U /var/lib/nordfed/nordfed.db 2>&1)" = nordfed ]; then
	ok "as nordfed: the node answers /healthz, its database in /var/lib/nordfed"
else
	cat "$tmp/node.log"
	fail "as nordfed: the node did not come up"
fi
kill "$node_pid" 2>/dev/null
wait "$node_pid" 2>/dev/null
node_pid=""

# an operator's mode survives an upgrade (here: the same version again)
chmod 0700 /var/lib/nordfed
if dpkg -i "$deb" >"$tmp/log" 2>&1 && [ "$(mode /var/lib/nordfed)" = "nordfed:nordfed 700" ] &&
	[ -f /etc/nordfed/node.key ]; then
	ok "dpkg -i again: keeps the operator's mode 0700 and the key"
else
	cat "$tmp/log"
	fail "dpkg -i again: /var/lib/nordfed $(mode /var/lib/nordfed)"
fi
if dpkg -r nordfed >"$tmp/log" 2>&1 && [ ! -e /usr/sbin/nordfed-node ] &&
	[ -f /etc/nordfed/node.key ] && [ -f /var/lib/nordfed/nordfed.db ]; then
	ok "dpkg -r: the programs go, the key and the database stay"
else
	cat "$tmp/log"
	fail "dpkg -r"
fi
if dpkg --purge nordfed >"$tmp/log" 2>&1 && [ ! -e /etc/nordfed ] && [ ! -e /var/lib/nordfed ] &&
	getent passwd nordfed >/dev/null; then
	ok "dpkg --purge: /etc/nordfed and /var/lib/nordfed gone, the system user stays"
else
	cat "$tmp/log"
	fail "dpkg --purge"
fi
finish
