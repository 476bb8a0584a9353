#!/bin/sh
# Builds (once) the debug kernel of `make check KERNEL=debug` from Debian's
# linux-source-6.1: tinyconfig + tests/debug/config.fragment, all built in,
# with KASAN, kmemleak, lockdep, UBSAN and fault injection.
#
# Usage: tests/debug/kernel.sh
# Environment: BUILD (default <repo>/build), JOBS (default 2), NICE (19).
#
# Stdout is exactly two lines, for `eval` or grep by the harness:
#   VMLINUZ=<absolute path of the bzImage>
#   KDIR=<absolute path of the built tree: make -C $KDIR M=<dir> modules>
# Progress goes to stderr, the compiler's output to $BUILD/debug-kernel/build.log.
#
# The tree is rebuilt only when the fragment, the linux-source-6.1 package,
# the compiler or this script's build recipe (RECIPE below) changes; a changed
# fragment rebuilds incrementally in the extracted tree, a changed source
# package extracts it again.
set -eu

RECIPE=1	# bump when a change here must invalidate built trees

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$repo/build}
JOBS=${JOBS:-2}
NICE=${NICE:-19}
frag=$here/config.fragment
tarball=/usr/src/linux-source-6.1.tar.xz
pkg=linux-source-6.1

say() { printf 'debug-kernel: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Packages go to stderr too: stdout carries only the two result lines.
"$repo/scripts/deps.sh" debug >&2 || die "missing packages (scripts/deps.sh debug as root)"
[ -r "$tarball" ] || die "$tarball not found (package $pkg)"

case $BUILD in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
out=$BUILD/debug-kernel
src=$out/src
log=$out/build.log
mkdir -p "$out"

# Two harness runs started together must not build the same tree twice.
exec 9>"$out/lock"
flock 9

pkgver=$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null) || pkgver=unknown
ccver=$(gcc --version | head -n1)
src_id="$pkg $pkgver $(stat -c '%s %Y' "$tarball")"
build_id=$( { echo "recipe $RECIPE"; echo "$src_id"; echo "$ccver"; cat "$frag"; } |
	sha256sum | cut -d' ' -f1)

result() {
	echo "VMLINUZ=$src/arch/x86/boot/bzImage"
	echo "KDIR=$src"
}

if [ "$(cat "$out/stamp" 2>/dev/null)" = "$build_id" ] &&
	[ -f "$src/arch/x86/boot/bzImage" ] && [ -f "$src/Module.symvers" ]; then
	say "up to date ($src)"
	result
	exit 0
fi
rm -f "$out/stamp"

if [ "$(cat "$out/src.stamp" 2>/dev/null)" != "$src_id" ] || [ ! -f "$src/Makefile" ]; then
	say "extracting $pkg $pkgver into $src"
	rm -rf "$src" "$out/src.stamp"
	mkdir -p "$src"
	nice -n "$NICE" tar -xJf "$tarball" -C "$src" --strip-components=1 ||
		die "cannot extract $tarball"
	echo "$src_id" >"$out/src.stamp"
fi

: >"$log"
kmake() { nice -n "$NICE" make -C "$src" ARCH=x86_64 "$@" >>"$log" 2>&1; }
fail() { tail -n 40 "$log" >&2; die "$* (full log: $log)"; }

# tinyconfig, then the fragment on top, then let Kconfig resolve the rest.
say "configuring: tinyconfig + ${frag#"$repo"/}"
kmake tinyconfig || fail "make tinyconfig failed"
(cd "$src" && ARCH=x86_64 ./scripts/kconfig/merge_config.sh -m -O "$src" .config "$frag") \
	>>"$log" 2>&1 || fail "merge_config.sh failed"
kmake olddefconfig || fail "make olddefconfig failed"

# Every option the fragment asks for must survive olddefconfig: Kconfig
# silently drops an option whose dependencies are off or that does not exist.
dropped=$(awk '
	NR == FNR {
		if ($0 ~ /^CONFIG_[A-Za-z0-9_]+=/) {
			n = index($0, "=")
			have[substr($0, 1, n - 1)] = substr($0, n + 1)
		}
		next
	}
	/^CONFIG_[A-Za-z0-9_]+=m$/ {
		print "  " $0 ": everything is built in, use =y"
		next
	}
	/^CONFIG_[A-Za-z0-9_]+=/ {
		n = index($0, "="); k = substr($0, 1, n - 1); v = substr($0, n + 1)
		if (!(k in have))
			print "  " k "=" v " requested, but it is not set"
		else if (have[k] != v)
			print "  " k "=" v " requested, but it is " have[k]
		next
	}
	/^# CONFIG_[A-Za-z0-9_]+ is not set/ {
		if (($2 in have) && have[$2] != "n")
			print "  " $2 " requested off, but it is " have[$2]
		next
	}
	/^#/ || /^[ \t]*$/ { next }
	{ print "  line " FNR " is not CONFIG_X=value or # CONFIG_X is not set: " $0 }' "$src/.config" "$frag")
if [ -n "$dropped" ]; then
	say "error: make olddefconfig did not keep these lines of $frag:"
	printf '%s\n' "$dropped" >&2
	say "(a missing dependency or a wrong name: see the symbol in the tree's Kconfig files)"
	exit 1
fi

say "building bzImage and modules_prepare with make -j$JOBS at nice $NICE (log: $log)"
start=$(date +%s)
kmake -j"$JOBS" bzImage modules &
mk=$!
# A tick a minute so that a 20-minute build is visibly alive.
while kill -0 "$mk" 2>/dev/null; do
	i=0
	while [ $i -lt 60 ] && kill -0 "$mk" 2>/dev/null; do sleep 1; i=$((i + 1)); done
	kill -0 "$mk" 2>/dev/null || break
	say "$(( ($(date +%s) - start) / 60 )) min, $(grep -c '^  CC ' "$log" || true) files compiled"
done
wait "$mk" || fail "kernel build failed"
[ -f "$src/arch/x86/boot/bzImage" ] || fail "no bzImage after the build"
[ -f "$src/Module.symvers" ] || fail "no Module.symvers after the build"
secs=$(($(date +%s) - start))
say "built $(cat "$src/include/config/kernel.release") in $((secs / 60)) min $((secs % 60)) s"

echo "$build_id" >"$out/stamp"
result
