#!/bin/bash
# Builds the VM's initramfs: two concatenated cpio (newc) archives, which the kernel
# unpacks one over the other.
#
#   base.cpio     busybox, the real network tools with their libraries, strongSwan,
#                 the kernel modules of $KVER with their dependencies. Depends only on
#                 the host's packages and this script, so it is cached under a key.
#   project.cpio  /init, cryptomap.ko, cmapctl, tests/tools, tests/lib, tests/vm-tests,
#                 the seed configs. Rebuilt on every run (well under a second).
#
# Usage: mkinitramfs.sh OUT.cpio
# Environment:
#   KVER       release of the kernel the VM boots (modules are taken from
#              /lib/modules/$KVER unless MODTREE says otherwise)
#   MODTREE    Debian modules tree to take modules from; empty: none (debug kernel,
#              everything built in)
#   BUILTIN    modules.builtin of the booted kernel (so modprobe accepts built-ins)
#   CMAP_KO    the project's module (may be missing: the VM suite then reports it)
#   CMAPCTL    userspace/cmapctl (may be missing)
#   TOOLS_DIR  tests/tools (every executable in it is installed)
#   SEED_DIR   the seed configurations
#   WORK       scratch directory (default: directory of OUT)
set -euo pipefail

out=$(realpath -m "$1")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
: "${KVER:?KVER not set}"
MODTREE=${MODTREE-/lib/modules/$KVER}
BUILTIN=${BUILTIN:-${MODTREE:+$MODTREE/modules.builtin}}
WORK=${WORK:-$(dirname "$out")}
mkdir -p "$WORK"

# Kernel modules the tests may use. Missing or built-in ones are not an error: the
# guest's init loads what exists and the tests check for the features they need.
# drbg and jitterentropy_rng are not in any dependency list, but without them every
# XFRM state fails to allocate its IV generator (see vm-facts). af_alg and
# algif_aead: the benchmark's raw crypto speed (tests/tools/cmap_algspeed).
modules="veth dummy tun wireguard sch_netem
	esp4 esp4_offload xfrm_user xfrm_interface xfrm4_tunnel tunnel4 ip_tunnel ipcomp
	des_generic des3_ede_x86_64 libdes md5 sha1_generic sha256_generic sha512_generic
	aesni_intel aes_generic gcm ghash_generic ghash_clmulni_intel ctr cbc ecb ccm
	hmac xcbc cmac authenc authencesn echainiv seqiv chacha20poly1305
	drbg jitterentropy_rng
	af_alg algif_aead"

# Real tools (with their shared libraries). A busybox applet of the same name is not
# installed, and busybox's shell is not used at all: it runs its own applet even when a
# real tool comes first in PATH. /bin/sh is dash; bash is there for tests that want it.
tools="/usr/bin/dash /usr/bin/bash /usr/sbin/ip /usr/sbin/tc /usr/sbin/bridge /usr/bin/ss /usr/bin/nstat
	/usr/bin/ping /usr/bin/tcpdump /usr/bin/iperf3 /usr/bin/wg /usr/bin/jq
	/usr/bin/setpriv /usr/bin/unshare /usr/bin/nsenter /usr/bin/kmod
	/usr/lib/ipsec/charon /usr/sbin/swanctl"
kmod_links="modprobe insmod rmmod lsmod modinfo depmod"
# Applets never installed even if the real tool is absent: a half-working
# busybox version would make a test pass or fail for the wrong reason.
no_applets="sh ash hush ip ipaddr iplink ipneigh iproute iprule iptunnel tc ping ping6 nsenter
	unshare setpriv modprobe insmod rmmod lsmod modinfo depmod tcpdump traceroute
	traceroute6 ifconfig route arp nameif brctl vconfig"
# Known dlopen()ed or otherwise unlisted libraries.
extra_libs="/usr/lib/x86_64-linux-gnu/libgcc_s.so.1"

copy() { # copy SRC into the tree at the same path (under /usr), following symlinks
	local src=$1 dst
	# The base archive has /lib -> usr/lib etc.; the project archive must not contain
	# a real /lib: unpacked over the base, it would replace the symlink.
	case $src in
	/lib/* | /lib64/* | /bin/* | /sbin/*) dst=$2/usr$src ;;
	*) dst=$2$src ;;
	esac
	[ -e "$dst" ] && return 0
	mkdir -p "$(dirname "$dst")"
	cp -L "$src" "$dst"
}

copy_with_libs() { # copy a program or library and everything ldd says it needs
	local root=$1; shift
	local f lib
	for f in "$@"; do
		copy "$f" "$root"
		{ ldd "$f" 2>/dev/null || true; } | awk '/=> \//{print $3} /^\t\/.*ld-linux/{print $1}' |
			while read -r lib; do copy "$lib" "$root"; done
	done
}

cpio_of() { # cpio_of DIR OUT
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) >"$2.tmp"
	mv "$2.tmp" "$2"
}

build_base() {
	local root=$1 m f a
	rm -rf "$root"
	mkdir -p "$root"/{usr/bin,usr/sbin,usr/lib,usr/lib64,usr/local/bin,usr/local/sbin} \
		"$root"/{dev,proc,sys,tmp,run,root,etc,var,mnt} "$root/lib/modules"
	# Debian 12 is usr-merged; keep the same layout so absolute paths are the host's.
	for d in bin sbin lib lib64; do
		rm -rf "${root:?}/$d"
		ln -s "usr/$d" "$root/$d"
	done
	rmdir "$root/usr/lib/modules" 2>/dev/null || true
	mkdir -p "$root/usr/lib/modules"
	ln -s ../run "$root/var/run"
	mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true
	mknod -m 666 "$root/dev/null" c 1 3 2>/dev/null || true

	cp /usr/bin/busybox "$root/usr/bin/busybox"
	local skip=" $no_applets "
	for f in $tools; do skip="$skip$(basename "$f") "; done
	for a in $(/usr/bin/busybox --list-full); do
		case "$skip" in *" ${a##*/} "*) continue ;; esac
		[ -e "$root/usr/${a#usr/}" ] && continue
		ln -s /usr/bin/busybox "$root/usr/${a#usr/}"
	done

	for f in $tools; do
		[ -x "$f" ] || { echo "mkinitramfs: $f missing, not installed" >&2; continue; }
		copy_with_libs "$root" "$f"
	done
	for a in $kmod_links; do ln -sf kmod "$root/usr/bin/$a"; done
	ln -sf dash "$root/usr/bin/sh"
	for f in $extra_libs; do [ -e "$f" ] && copy "$f" "$root"; done

	# strongSwan: the plugins and their libraries, its configuration, and OpenSSL's
	# legacy provider that charon loads for DES and MD5.
	if [ -d /usr/lib/ipsec ]; then
		find /usr/lib/ipsec -type f \( -name '*.so*' -o -perm -u+x \) | while read -r f; do
			copy_with_libs "$root" "$f"
		done
		cp -a /etc/strongswan.conf /etc/strongswan.d "$root/etc/" 2>/dev/null || true
		cp -a /etc/swanctl "$root/etc/" 2>/dev/null || true
		for f in /usr/lib/x86_64-linux-gnu/ossl-modules/*.so; do
			[ -e "$f" ] && copy_with_libs "$root" "$f"
		done
		[ -e /etc/ssl/openssl.cnf ] && copy /etc/ssl/openssl.cnf "$root"
	fi
	[ -d /etc/iproute2 ] && cp -a /etc/iproute2 "$root/etc/"
	for f in /etc/protocols /etc/services /etc/nsswitch.conf; do
		[ -e "$f" ] && copy "$f" "$root"
	done
	# tcpdump drops privileges to its own user unless told otherwise.
	cat >"$root/etc/passwd" <<-'EOF'
	root:x:0:0:root:/root:/bin/sh
	tcpdump:x:103:109::/nonexistent:/bin/false
	nobody:x:65534:65534:nobody:/nonexistent:/bin/false
	EOF
	cat >"$root/etc/group" <<-'EOF'
	root:x:0:
	tcpdump:x:109:
	nogroup:x:65534:
	EOF
	echo "127.0.0.1 localhost" >"$root/etc/hosts"

	# Kernel modules with their dependencies, then a private depmod. modprobe also
	# needs modules.builtin to accept built-in drivers (the debug kernel has all).
	local mdir=$root/lib/modules/$KVER
	mkdir -p "$mdir"
	if [ -n "$MODTREE" ] && [ -d "$MODTREE" ]; then
		local top=${MODTREE%/lib/modules/*}
		for m in $modules; do
			modprobe -S "$KVER" -d "${top:-/}" --show-depends \
				--ignore-install "$m" 2>/dev/null |
				awk '$1 == "insmod" {print $2}'
		done | sort -u | while read -r f; do
			mkdir -p "$mdir/kernel"
			cp "$f" "$mdir/kernel/"
		done
		for f in modules.builtin modules.builtin.modinfo modules.order; do
			[ -e "$MODTREE/$f" ] && cp "$MODTREE/$f" "$mdir/"
		done
	fi
	[ -n "$BUILTIN" ] && [ -e "$BUILTIN" ] && cp "$BUILTIN" "$mdir/modules.builtin"
	echo "$modules" | tr -s ' \t' '\n' | sed '/^$/d' >"$root/etc/ktest-modules"
	# No dummy0 in the initial namespace when the module loads.
	mkdir -p "$root/etc/modprobe.d"
	echo "options dummy numdummies=0" >"$root/etc/modprobe.d/ktest.conf"
}

# The base archive's cache key: this script, the kernel, the host's package database.
key=$( {
	cat "$0"
	echo "$KVER $MODTREE $BUILTIN"
	stat -c '%Y %s' /var/lib/dpkg/status "$BUILTIN" 2>/dev/null || true
} | sha256sum | cut -c1-16)
base=$WORK/base-$KVER-$key.cpio
libroot=$WORK/base-$KVER-$key.d
if [ ! -s "$base" ] || [ ! -d "$libroot" ]; then
	rm -rf "$WORK"/base-"$KVER"-*
	build_base "$libroot"
	cpio_of "$libroot" "$base"
fi

root=$WORK/project-root
rm -rf "$root"
mkdir -p "$root/tests" "$root/usr/local/sbin" "$root/usr/local/bin" \
	"$root/usr/lib/modules/$KVER/extra"
install -m 755 "$here/init" "$root/init"
cp -a "$repo/tests/lib" "$repo/tests/vm-tests" "$root/tests/" 2>/dev/null || true
[ -d "$here/demo" ] && cp -a "$here/demo" "$root/tests/demo"
# The benchmark's measuring code (make bench, and its smoke test in make check).
[ -d "$repo/tests/bench" ] && cp -a "$repo/tests/bench" "$root/tests/bench"
[ -n "${SEED_DIR:-}" ] && [ -d "$SEED_DIR" ] && {
	mkdir -p "$root/tests/seed-configs"
	cp "$SEED_DIR"/*.cfg "$root/tests/seed-configs/"
}
if [ -n "${CMAP_KO:-}" ] && [ -e "$CMAP_KO" ]; then
	cp "$CMAP_KO" "$root/usr/lib/modules/$KVER/extra/cryptomap.ko"
fi
# depmod over base modules plus ours: run it on a merged view of both trees.
depdir=$WORK/depmod-root
rm -rf "$depdir"
mkdir -p "$depdir/lib/modules"
cp -a "$libroot/lib/modules/$KVER" "$depdir/lib/modules/" 2>/dev/null ||
	mkdir -p "$depdir/lib/modules/$KVER"
cp -a "$root/usr/lib/modules/$KVER/extra" "$depdir/lib/modules/$KVER/"
depmod -b "$depdir" "$KVER" 2>/dev/null || true
for f in "$depdir/lib/modules/$KVER"/modules.*; do
	cp "$f" "$root/usr/lib/modules/$KVER/"
done

for f in "${CMAPCTL:-}" "${TOOLS_DIR:+$(find "$TOOLS_DIR" -maxdepth 1 -type f -perm -u+x 2>/dev/null)}"; do
	for g in $f; do
		[ -x "$g" ] || continue
		case $g in *.sh | */Makefile) continue ;; esac
		dest=$root/usr/local/bin
		[ "$(basename "$g")" = cmapctl ] && dest=$root/usr/local/sbin
		install -m 755 "$g" "$dest/"
		# Libraries the base archive does not have yet (libmnl for cmapctl).
		{ ldd "$g" 2>/dev/null || true; } | awk '/=> \//{print $3}' | while read -r lib; do
			[ -e "$libroot$lib" ] || copy "$lib" "$root"
		done
	done
done
# The charon plugin, where charon looks for plugins; it loads only when a test's
# configuration says so (its .conf goes aside, not into strongswan.d).
for f in "$repo"/plugin/libstrongswan-*.so; do
	[ -e "$f" ] || continue
	mkdir -p "$root/usr/lib/ipsec/plugins" "$root/usr/local/share/cryptomap"
	install -m 644 "$f" "$root/usr/lib/ipsec/plugins/"
	cp "$repo"/plugin/*.conf "$root/usr/local/share/cryptomap/" 2>/dev/null || true
done
# The benchmark's profiler, only when asked (tests/bench/bench.sh with
# BENCH_PERF=1): perf and its libraries are some 30 MB.
if [ "${BENCH_PERF:-0}" = 1 ] && [ -x /usr/bin/perf ]; then
	copy_with_libs "$root" /usr/bin/perf
fi
cpio_of "$root" "$WORK/project.cpio"
cat "$base" "$WORK/project.cpio" >"$out.tmp"
mv "$out.tmp" "$out"
