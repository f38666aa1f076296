#!/bin/sh
# Tier "package": the Debian package (make deb) and make install.
#   - the package builds; its control file has the version of node/node.h,
#     this machine's architecture and Depends on every runtime library
#   - lintian reports no error (its warnings and notes are printed)
#   - `dpkg-deb -c`: exactly the expected paths, modes and owners
#   - the packaged binaries run; md5sums match; the packaged unit is
#     conf/nordfed-node.service
#   - the maintainer scripts pass `sh -n`, never enable the unit and never
#     start it but through deb-systemd-invoke restart (enabled or running)
#   - `systemd-analyze verify` accepts the unit inside the package's tree
#     (skipped, not counted, where systemd-analyze is missing), and reports
#     a broken copy of it, so that the check is known to be able to fail
#   - `make install PREFIX=... DESTDIR=...` puts the files under PREFIX and
#     points the unit's ExecStart at PREFIX/sbin
#   - only with NORDFED_PKG_INSTALL_TEST=1, as root, with systemd-nspawn:
#     in a container booted from an overlay of this machine's root on a
#     tmpfs (nothing on the machine changes), dpkg -i, the user and the
#     directories, the node under the packaged unit (enable --now, a write,
#     a peer), upgrade, remove, install again and purge, under systemd
# Ends with "tier package: N passed, N failed"; exits non-zero on failure.
set -u
: "${BUILD:=build}"
passed=0
failed=0
tmp=$(mktemp -d)
ct_pid=""
ct_mounted=""
cleanup() {
	if [ -n "$ct_pid" ]; then
		# SIGTERM: nspawn powers the container off
		kill "$ct_pid" 2>/dev/null
		for _ in $(seq 100); do
			kill -0 "$ct_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$ct_pid" 2>/dev/null
		wait "$ct_pid" 2>/dev/null
	fi
	if [ -n "$ct_mounted" ]; then
		umount "$tmp/ct/root" && umount "$tmp/ct" || {
			echo "package: could not unmount $tmp/ct: left in place" >&2
			return
		}
	fi
	rm -rf --one-file-system "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

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
hardened=1
for b in "$root/usr/sbin/nordfed-node" "$root/usr/bin/nordfedctl"; do
	readelf -SW "$b" | grep -q ' \.symtab ' && hardened=0
	readelf -lW "$b" | grep -q GNU_RELRO || hardened=0
	readelf -dW "$b" | grep -q 'FLAGS_1.*NOW.*PIE' || hardened=0
done
if [ "$hardened" = 1 ]; then
	ok "the packaged binaries are stripped, PIE, full RELRO"
else
	fail "the packaged binaries are not all stripped, PIE and full RELRO"
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
# The node has no key and no configuration on install: no script may
# enable the unit or start it outright. The one restart allowed goes
# through deb-systemd-invoke, which acts only on an enabled or running unit
# (the container check below runs the scripts under systemd for real).
if grep -Ev '^[[:space:]]*(#|echo )' "$tmp/DEBIAN/postinst" "$tmp/DEBIAN/prerm" "$tmp/DEBIAN/postrm" |
	grep -E 'enable|systemctl.* (start|restart|try-restart)|deb-systemd-invoke +start'; then
	fail "a maintainer script enables the unit or starts it outright"
else
	ok "no maintainer script enables the unit or starts it outright"
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

# ---- the maintainer scripts for real, under systemd, in a throwaway container (opt-in)
# systemd-nspawn boots this machine's own root through an overlay whose
# upper layer is a tmpfs, with no network but its own loopback: dpkg -i,
# the node under the packaged unit, upgrade, remove and purge happen there
# and vanish with the tmpfs. Only with NORDFED_PKG_INSTALL_TEST=1, as root;
# installs systemd-container for systemd-nspawn first.
if [ "${NORDFED_PKG_INSTALL_TEST:-}" != 1 ]; then
	skip "install, run, upgrade, remove, purge under systemd: set NORDFED_PKG_INSTALL_TEST=1 (root, systemd-nspawn)"
	finish
fi
if [ "$(id -u)" != 0 ]; then
	fail "NORDFED_PKG_INSTALL_TEST=1 needs root"
	finish
fi
if ! make -s package-container-deps >"$tmp/log" 2>&1 || ! command -v systemd-nspawn >/dev/null 2>&1; then
	cat "$tmp/log"
	fail "make package-container-deps (systemd-container)"
	finish
fi
ct=$tmp/ct
mkdir -p "$ct"
if ! mount -t tmpfs -o size=1g nordfed-pkgtest "$ct" || ! mkdir "$ct/up" "$ct/work" "$ct/root" ||
	! mount -t overlay nordfed-pkgtest -o "lowerdir=/,upperdir=$ct/up,workdir=$ct/work" "$ct/root"; then
	fail "container: cannot mount a tmpfs overlay of / on $ct/root"
	umount "$ct" 2>/dev/null
	finish
fi
ct_mounted=1
debdir=$(cd "$(dirname "$deb")" && pwd)
systemd-nspawn -D "$ct/root" -b -M nordfed-pkgtest --register=no --keep-unit --private-network \
	--bind-ro="$debdir:/pkg" -- systemd.unit=basic.target >"$tmp/nspawn.log" 2>&1 &
ct_pid=$!
init=""
state=""
for _ in $(seq 120); do
	# nspawn's one child is the container's systemd
	[ -z "$init" ] && init=$(cat "/proc/$ct_pid/task/$ct_pid/children" 2>/dev/null | cut -d' ' -f1)
	if [ -n "$init" ]; then
		state=$(nsenter -t "$init" -a systemctl is-system-running 2>/dev/null)
		case "$state" in running | degraded) break ;; esac
	fi
	kill -0 "$ct_pid" 2>/dev/null || break
	sleep 0.5
done
case "$state" in
running | degraded) ok "container: systemd booted ($state)" ;;
*)
	cat "$tmp/nspawn.log"
	fail "container: systemd did not boot ('$state')"
	finish
	;;
esac

# Runs inside the container as root; prints "ok ..." and "FAIL ..." lines.
cat >"$tmp/inside.sh" <<'INSIDE'
set -u
deb=$1
port=8470
say() { if [ "$1" = 0 ]; then echo "ok $2"; else echo "FAIL $2"; fi; }
mode() { stat -c '%U:%G %a' "$1" 2>&1; }
prop() { systemctl show -p "$1" --value nordfed-node; }
waitfor() { # CMD...: up to 10 s
	for _ in $(seq 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
	return 1
}
# a server, not an image build: let deb-systemd-invoke act
rm -f /usr/sbin/policy-rc.d
# start from no nordfed at all, even if this machine has the user
if dpkg -s nordfed >/dev/null 2>&1 || [ -e /etc/nordfed ] || [ -e /var/lib/nordfed ]; then
	echo "FAIL nordfed is installed on this machine: not a clean start"
	exit 0
fi
getent passwd nordfed >/dev/null && userdel nordfed
getent group nordfed >/dev/null && groupdel nordfed

dpkg -i "$deb" >/tmp/dpkg.log 2>&1
say $? "dpkg -i"
grep -q 'systemctl enable --now nordfed-node' /tmp/dpkg.log
say $? "dpkg -i says what to do next"
pw=$(getent passwd nordfed)
[ -n "$pw" ] && getent group nordfed >/dev/null && [ "$(echo "$pw" | cut -d: -f3)" -lt 1000 ] &&
	[ "$(echo "$pw" | cut -d: -f6)" = /var/lib/nordfed ] &&
	[ "$(echo "$pw" | cut -d: -f7)" = /usr/sbin/nologin ]
say $? "postinst: system user and group nordfed, home /var/lib/nordfed, no login ($pw)"
[ "$(mode /etc/nordfed)" = "root:nordfed 750" ] && [ "$(mode /var/lib/nordfed)" = "nordfed:nordfed 750" ]
say $? "postinst: /etc/nordfed $(mode /etc/nordfed), /var/lib/nordfed $(mode /var/lib/nordfed)"
[ "$(prop UnitFileState)" = disabled ] && [ "$(prop ActiveState)" = inactive ]
say $? "after dpkg -i the unit is $(prop UnitFileState) and $(prop ActiveState)"

# what the operator does next (docs/operations.md, "Installing")
nordfedctl init -c /etc/nordfed/nordfed.conf --country SE --listen "127.0.0.1:$port" \
	--data-dir /var/lib/nordfed >/dev/null
[ "$(mode /var/lib/nordfed/node.key)" = "nordfed:nordfed 600" ] &&
	[ "$(mode /var/lib/nordfed/tokens)" = "nordfed:nordfed 600" ]
say $? "nordfedctl init as root: key $(mode /var/lib/nordfed/node.key), tokens $(mode /var/lib/nordfed/tokens)"
# a second node, by hand, as SE's peer: the sandboxed node must reach it
# by name through libcurl
mkdir -p /root/no
nordfedctl keygen --out /root/no/no.key >/dev/null
sepub=$(nordfedctl pubkey /var/lib/nordfed/node.key | sed -n 's/^public_key = //p')
nopub=$(nordfedctl pubkey /root/no/no.key | sed -n 's/^public_key = //p')
printf '[node]\ncountry = NO\nport = 8471\ndata_dir = /root/no\nkey_file = no.key\n[peer se]\nurl = http://localhost:%s\npublic_key = %s\ncountry = SE\n' \
	"$port" "$sepub" >/root/no/no.conf
printf '[peer no]\nurl = http://localhost:8471\npublic_key = %s\ncountry = NO\n' "$nopub" >>/etc/nordfed/nordfed.conf
nordfed-node -c /root/no/no.conf >/root/no/log 2>&1 &
no_pid=$!

runuser -u nordfed -- nordfed-node -c /etc/nordfed/nordfed.conf -n | grep -qx 'configuration OK' &&
	! runuser -u nordfed -- touch /etc/nordfed/x 2>/dev/null
say $? "as nordfed: -n reads /etc/nordfed, which it cannot write"
systemctl enable --now nordfed-node >/dev/null 2>&1 &&
	waitfor curl -fs "http://127.0.0.1:$port/healthz"
rc=$?
[ "$rc" = 0 ] || journalctl -u nordfed-node --no-pager | tail -15 | sed 's/^/    journal: /'
say $rc "systemctl enable --now: the node answers ($(prop ActiveState))"
journalctl -u nordfed-node --no-pager | grep -q 'configuration OK'
say $? "the unit ran the -n check first (journal)"
token=$(sed -n 's/^admin //p' /var/lib/nordfed/tokens)
id=$(curl -fs -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
	-d '{"name":"Paketföreningen","classification":"association","country":"SE","focus_areas":["volunteering"],"description":{"en":"made under the packaged unit"}}' \
	"http://127.0.0.1:$port/api/v1/organisations" | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
[ -n "$id" ] && [ "$(stat -c %U /var/lib/nordfed/nordfed.db)" = nordfed ]
say $? "a write under the sandbox: $id, in /var/lib/nordfed/nordfed.db owned by nordfed"
waitfor curl -fs "http://127.0.0.1:8471/api/v1/organisations/$id"
say $? "the write reached the peer by name (libcurl from inside the sandbox)"
kill "$no_pid"

pid=$(prop MainPID)
dpkg -i "$deb" >/dev/null 2>&1 && waitfor curl -fs "http://127.0.0.1:$port/healthz" &&
	[ "$(prop MainPID)" != "$pid" ]
say $? "upgrade: the running node restarted ($pid -> $(prop MainPID))"
systemctl disable --now nordfed-node >/dev/null 2>&1
dpkg -i "$deb" >/dev/null 2>&1 && [ "$(prop ActiveState)" = inactive ]
say $? "upgrade: a disabled, stopped node stays stopped ($(prop ActiveState))"
systemctl enable --now nordfed-node >/dev/null 2>&1
dpkg -r nordfed >/dev/null 2>&1 && [ "$(prop ActiveState)" = inactive ] && [ ! -e /usr/sbin/nordfed-node ] &&
	[ -f /var/lib/nordfed/node.key ] && [ -f /var/lib/nordfed/nordfed.db ] &&
	[ -L /etc/systemd/system/multi-user.target.wants/nordfed-node.service ]
say $? "dpkg -r: node stopped, programs gone, key, database and enablement kept"
dpkg -i "$deb" >/dev/null 2>&1 && waitfor curl -fs "http://127.0.0.1:$port/api/v1/organisations/$id"
say $? "dpkg -i after -r: the same node is back, enabled and running"
dpkg --purge nordfed >/dev/null 2>&1 && [ "$(prop ActiveState)" = inactive ] &&
	[ ! -e /etc/nordfed ] && [ ! -e /var/lib/nordfed ] &&
	[ ! -e /etc/systemd/system/multi-user.target.wants/nordfed-node.service ] &&
	getent passwd nordfed >/dev/null
say $? "dpkg --purge: stopped, /etc/nordfed, /var/lib/nordfed and the enablement gone, the user kept"
INSIDE
cp "$tmp/inside.sh" "$ct/root/root/nordfed-pkgtest.sh"
timeout 300 nsenter -t "$init" -a sh /root/nordfed-pkgtest.sh "/pkg/$(basename "$deb")" >"$tmp/inside.log" 2>&1
n=0
while IFS= read -r line; do
	case "$line" in
	"ok "*) ok "container: ${line#ok }"; n=$((n + 1)) ;;
	"FAIL "*) fail "container: ${line#FAIL }"; n=$((n + 1)) ;;
	*) echo "    $line" ;;
	esac
done <"$tmp/inside.log"
[ "$n" = 16 ] || fail "container: 16 results expected, $n came"
finish
