#!/bin/sh
# Pack the nordfed Debian package from a tree staged by `make install`.
#   sh conf/deb/build-deb.sh ROOT OUTDIR VERSION
# ROOT is what `make install PREFIX=/usr UNITDIR=/lib/systemd/system
# DESTDIR=ROOT` wrote. This script does what debhelper would do for so
# small a package: strips the binaries, compresses man pages and long docs
# (gzip -9n), adds copyright and changelog, writes DEBIAN/ (control with
# Depends from dpkg-shlibdeps, the maintainer scripts, md5sums) and builds
# OUTDIR/nordfed_VERSION_ARCH.deb with dpkg-deb, every file owned by root
# (the directories owned by nordfed are made by the postinst). The files'
# times are set to the changelog's date, so that a build is reproducible.
set -eu
[ $# = 3 ] || { echo "usage: build-deb.sh ROOT OUTDIR VERSION" >&2; exit 2; }
root=$1
out=$2
version=$3
here=$(cd "$(dirname "$0")" && pwd)
doc=$root/usr/share/doc/nordfed

for f in usr/sbin/nordfed-node usr/bin/nordfedctl lib/systemd/system/nordfed-node.service \
	usr/share/man/man1/nordfedctl.1 usr/share/man/man8/nordfed-node.8; do
	[ -f "$root/$f" ] || { echo "build-deb: $root/$f is missing: run make install first" >&2; exit 1; }
done

# the changelog's newest entry must be this version, or the package would
# say one thing in its control file and another in its changelog
clversion=$(sed -n '1s/^nordfed (\([^)]*\)).*/\1/p' "$here/changelog")
if [ "$clversion" != "$version" ]; then
	echo "build-deb: conf/deb/changelog starts at '$clversion', node/node.h says '$version':" >&2
	echo "    add a changelog entry for $version" >&2
	exit 1
fi
SOURCE_DATE_EPOCH=$(date -d "$(sed -n 's/^ -- .*>  //p' "$here/changelog" | head -1)" +%s)
export SOURCE_DATE_EPOCH

umask 022
# every directory 0755 whatever the umask of the `make install` was
find "$root" -type d -exec chmod 0755 {} +
strip --remove-section=.comment --remove-section=.note \
	"$root/usr/sbin/nordfed-node" "$root/usr/bin/nordfedctl"
gzip -9nf "$root/usr/share/man/man1/nordfedctl.1" "$root/usr/share/man/man8/nordfed-node.8"
# Debian policy 12.3: docs over 4 kB are compressed; the example stays as
# it is, to be copied
for f in "$doc"/*.md; do
	if [ "$(wc -c <"$f")" -gt 4096 ]; then
		gzip -9nf "$f"
	fi
done
install -m 0644 "$here/copyright" "$doc/copyright"
gzip -9nc "$here/changelog" >"$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

arch=$(dpkg --print-architecture)
# dpkg-shlibdeps wants to run beside a debian/control; an empty one does
shl=$(mktemp -d)
trap 'rm -rf "$shl"' EXIT
mkdir "$shl/debian"
: >"$shl/debian/control"
bins="$(cd "$root" && pwd)/usr/sbin/nordfed-node $(cd "$root" && pwd)/usr/bin/nordfedctl"
# shellcheck disable=SC2086
shlibs=$(cd "$shl" && dpkg-shlibdeps -O $bins 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "build-deb: dpkg-shlibdeps found no libraries" >&2; exit 1; }
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)

rm -rf "$root/DEBIAN"
install -d -m 0755 "$root/DEBIAN"
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@INSTALLED_SIZE@|$size|" \
	-e "s|@SHLIBS_DEPENDS@|$shlibs|" "$here/control" >"$root/DEBIAN/control"
chmod 0644 "$root/DEBIAN/control"
for s in postinst prerm postrm; do
	install -m 0755 "$here/$s" "$root/DEBIAN/$s"
done
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | LC_ALL=C sort |
	xargs md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"

find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

deb=$out/nordfed_${version}_$arch.deb
rm -f "$deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
