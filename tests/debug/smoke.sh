#!/bin/sh
# Smoke test of the debug kernel, independent of the main harness: builds the
# kernel (cached), builds tests/debug/smoke/dbgtest.c against it with M=, boots
# it under QEMU with a small initramfs (busybox, iproute2) and checks that it
# boots and powers off, that KASAN, kmemleak, lockdep, UBSAN,
# DEBUG_ATOMIC_SLEEP, failslab and fail_page_alloc are on and each reports a
# deliberate bug in the out-of-tree module, and that netns, veth, XFRM,
# WireGuard and netem work.
#
# Usage: tests/debug/smoke.sh       Environment: BUILD, MEM (default 1G), SMP (2)
# Prints the guest's TAP results (written to its ttyS1); exit 1 on any failure.
# The console log is kept in $BUILD/debug-kernel/smoke/console.log.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$repo/build}
case $BUILD in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
export BUILD
MEM=${MEM:-1G}
SMP=${SMP:-2}

say() { printf 'debug-smoke: %s\n' "$*" >&2; }

kernel=$("$here/kernel.sh")
VMLINUZ=$(printf '%s\n' "$kernel" | sed -n 's/^VMLINUZ=//p')
KDIR=$(printf '%s\n' "$kernel" | sed -n 's/^KDIR=//p')

work=$BUILD/debug-kernel/smoke
rm -rf "$work"
mkdir -p "$work/mod" "$work/root"

say "building dbgtest.ko against $KDIR"
cp "$here/smoke/dbgtest.c" "$here/smoke/Kbuild" "$work/mod/"
make -C "$KDIR" M="$work/mod" modules >"$work/mod.log" 2>&1 ||
	{ cat "$work/mod.log" >&2; exit 1; }

say "building the initramfs"
root=$work/root
mkdir -p "$root/bin" "$root/usr/bin" "$root/usr/sbin" "$root/proc" "$root/sys" \
	"$root/dev" "$root/run" "$root/tmp" "$root/var" "$root/etc"
ln -s ../run "$root/var/run"
cp /bin/busybox "$root/bin/"
for a in $(/bin/busybox --list); do
	case $a in busybox | ip | tc) continue ;; esac
	ln -s busybox "$root/bin/$a"
done
# iproute2 and its shared libraries, at the paths ldd names.
for prog in /usr/bin/ip /usr/sbin/tc; do
	cp "$prog" "$root$prog"
	for lib in $(ldd "$prog" | awk '/=> \//{print $3} /^\t\/lib/{print $1}'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
done
cp "$here/smoke/init" "$root/init"
cp "$work/mod/dbgtest.ko" "$root/"
(cd "$root" && find . | cpio -o -H newc --quiet) >"$work/initramfs.cpio"

say "booting $VMLINUZ with -m $MEM -smp $SMP"
start=$(date +%s)
timeout 900 qemu-system-x86_64 -nographic -no-reboot -nic none \
	-m "$MEM" -smp "$SMP" -cpu max \
	-kernel "$VMLINUZ" -initrd "$work/initramfs.cpio" \
	-append 'console=ttyS0 panic=-1' \
	-monitor none -serial "file:$work/console.log" -serial "file:$work/results.tap" \
	</dev/null >"$work/qemu.out" 2>&1 || say "qemu exited with status $?"
secs=$(($(date +%s) - start))

tr -d '\r' <"$work/results.tap"
echo "# QEMU ran $secs s (boot, tests, poweroff) with -m $MEM"
if grep -q '^not ok' "$work/results.tap" || ! grep -q '^1\.\.' "$work/results.tap"; then
	say "FAILED (console: $work/console.log)"
	exit 1
fi
say "passed"
