#!/bin/bash
# The test suite behind `make check`: host tests, then all VM tests in one boot.
# Prints TAP and ends with "N passed, N failed, N skipped"; exits non-zero if anything
# failed or the VM did not deliver its complete verdict. See tests/README.md.
#
# Environment:
#   KVER     Debian kernel release (default: scripts/kver.sh)
#   KDIR     kernel build tree for the stock module (default /lib/modules/$KVER/build)
#   BUILD    output directory (default ./build)
#   KERNEL   stock (default) | debug (kernel from tests/debug/kernel.sh)
#   T        comma-separated test names (basename without .sh) to run, host or VM
#   VM_TIMEOUT, KVM, VM_SMP, VM_MEM   see tests/vm/boot.sh (VM_TIMEOUT default:
#            1500 s, 3600 s with KERNEL=debug)
#   KTEST_SLOWDOWN  how much slower the kernel is than Debian's (1; 8 with
#            KERNEL=debug): per-test timeouts are multiplied by it, and VM tests
#            see it to scale their own time limits
#   TEST_TIMEOUT   default per-test timeout in seconds (300; inside the VM a test
#            may set its own with a "# ktest-timeout: N" line near its top)
#   CMAP_KO  the module to test on the stock kernel (default ./cryptomap.ko)
#   V=1      print the output of every test, not only of failed ones
#   VM_ARGS  more kernel command line arguments (bench.* settings of tests/bench)
#   VM_SUITE vm-tests (default) | demo: the guest scripts of tests/vm/demo instead,
#            no host tests (tests/demo.sh) | bench: tests/bench/suite (tests/bench/bench.sh)
set -uo pipefail

# The rest is one compound command, which bash reads whole before running it: a
# change to this file (a commit, a pull) while a run is under way cannot derail it.
{
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo" || exit 1
KVER=${KVER:-$(scripts/kver.sh)} || exit 1
KDIR=${KDIR:-/lib/modules/$KVER/build}
BUILD=$(realpath -m "${BUILD:-$repo/build}")
KERNEL=${KERNEL:-stock}
T=${T:-}
V=${V:-0}
VM_SUITE=${VM_SUITE:-vm-tests}
case $VM_SUITE in
vm-tests) suite_dir=tests/vm-tests guest_dir=/tests/vm-tests ;;
demo) suite_dir=tests/vm/demo guest_dir=/tests/demo ;;
bench) suite_dir=tests/bench/suite guest_dir=/tests/bench/suite ;;
*) echo "run.sh: VM_SUITE=$VM_SUITE: vm-tests, demo or bench" >&2; exit 2 ;;
esac
SEED_DIR=${SEED_DIR:-}
if [ -z "$SEED_DIR" ]; then
	for d in "$repo/tests/seed-configs" "$repo/../shared/seed-configs"; do
		[ -d "$d" ] && SEED_DIR=$(cd "$d" && pwd) && break
	done
fi
export KVER KDIR BUILD KERNEL SEED_DIR
mkdir -p "$BUILD"

# One run at a time per build directory: others working in this tree share it.
exec 9>"$BUILD/.run.lock"
if ! flock -n 9; then
	echo "# another tests/run.sh uses $BUILD: waiting" >&2
	flock 9
fi

n=0 passed=0 failed=0 skipped=0
failed_names=()
now_ms() { date +%s%3N; }
dur() { # milliseconds -> "1.2 s"
	printf '%d.%d s' $(($1 / 1000)) $(($1 % 1000 / 100))
}
tap() { # LINE without number: "ok - name ..." / "not ok - name ..."
	local line=$1 st rest
	n=$((n + 1))
	case $line in
	"not ok"*) st="not ok" rest=${line#not ok} failed=$((failed + 1)) ;;
	*) st=ok rest=${line#ok} ;;
	esac
	rest=${rest# }
	rest=${rest#- }
	if [ "$st" = ok ]; then
		case $rest in
		*"# SKIP"*) skipped=$((skipped + 1)) ;;
		*) passed=$((passed + 1)) ;;
		esac
	else
		failed_names+=("${rest%% *}")
	fi
	echo "$st $n - $rest"
}
indent() { sed 's/^/#   /'; }
selected() { # NAME: in T= or no T= given
	[ -z "$T" ] && return 0
	case ",$T," in *",$1,"*) return 0 ;; esac
	return 1
}

# Which tests exist, so that a T= naming nothing is an error, not an empty success.
host_tests=() vm_tests=()
for f in tests/host/*; do
	[ "$VM_SUITE" = vm-tests ] || break
	[ -f "$f" ] && [ -x "$f" ] || continue
	b=$(basename "$f")
	selected "${b%.sh}" && host_tests+=("$f")
done
for f in "$suite_dir"/*.sh; do
	[ -f "$f" ] || continue
	b=$(basename "$f" .sh)
	selected "$b" && vm_tests+=("$b")
done
if [ -n "$T" ]; then
	for t in ${T//,/ }; do
		[ -e "tests/host/$t" ] || [ -e "tests/host/$t.sh" ] || [ -e "$suite_dir/$t.sh" ] || {
			echo "run.sh: T=$T: no test named $t in tests/host or $suite_dir" >&2
			exit 2
		}
	done
fi

# (a) Host tests.
mkdir -p "$BUILD/host"
for f in "${host_tests[@]}"; do
	name=$(basename "$f")
	name=${name%.sh}
	t0=$(now_ms)
	timeout -k 5 "${TEST_TIMEOUT:-300}" "$f" >"$BUILD/host/$name.log" 2>&1 </dev/null
	rc=$?
	d=$(dur $(($(now_ms) - t0)))
	case $rc in
	0) tap "ok - host/$name ($d)" ;;
	4) tap "ok - host/$name ($d) # SKIP $(sed -n 's/^SKIP: //p' "$BUILD/host/$name.log" | tail -n1)" ;;
	124) tap "not ok - host/$name ($d) # timeout" ;;
	*) tap "not ok - host/$name ($d) # exit status $rc" ;;
	esac
	if [ "$V" = 1 ] || { [ $rc != 0 ] && [ $rc != 4 ]; }; then
		indent <"$BUILD/host/$name.log" | tail -n 60
	fi
done

# (b) Helper programs for the VM tests.
if [ -f tests/tools/Makefile ] && [ ${#vm_tests[@]} -gt 0 ]; then
	if ! make -s -C tests/tools >"$BUILD/tools.log" 2>&1; then
		tap "not ok - build/tests-tools # make -C tests/tools failed"
		indent <"$BUILD/tools.log" | tail -n 40
	fi
fi

finish() {
	[ $n -gt 0 ] && echo "1..$n"
	echo "$passed passed, $failed failed, $skipped skipped"
	[ $failed = 0 ]
	exit
}
[ ${#vm_tests[@]} -gt 0 ] || finish

# (c) The VM suite: the kernel and the module built for it.
vmdir=$BUILD/vm
if [ "$KERNEL" = debug ]; then
	if [ ! -x tests/debug/kernel.sh ]; then
		tap "not ok - vm/debug-kernel # tests/debug/kernel.sh is missing"
		finish
	fi
	echo "# building the debug kernel (cached after the first run)" >&2
	if ! kout=$(tests/debug/kernel.sh 2> >(tee "$BUILD/debug-kernel.log" >&2)); then
		tap "not ok - vm/debug-kernel # tests/debug/kernel.sh failed (log: $BUILD/debug-kernel.log)"
		finish
	fi
	vmlinuz=$(sed -n 's/^VMLINUZ=//p' <<<"$kout" | tail -n1)
	dkdir=$(sed -n 's/^KDIR=//p' <<<"$kout" | tail -n1)
	if [ ! -e "$vmlinuz" ] || [ ! -d "$dkdir" ]; then
		tap "not ok - vm/debug-kernel # kernel.sh gave VMLINUZ=$vmlinuz KDIR=$dkdir"
		finish
	fi
	vkver=$(cat "$dkdir/include/config/kernel.release" 2>/dev/null ||
		make -s -C "$dkdir" kernelrelease)
	# The module is built in a copy, so the stock build in the tree stays as it is.
	modsrc=$BUILD/debug/module
	mkdir -p "$modsrc"
	for p in Kbuild kmod include; do
		[ -e "$p" ] && cp -a "$p" "$modsrc/"
	done
	# Kbuild compiles every kmod/*.c: a file removed from the tree must go here too.
	(cd "$modsrc" && find kmod include -type f -name '*.[ch]') | while read -r p; do
		[ -e "$p" ] || rm -f "$modsrc/$p" "$modsrc/${p%.c}.o"
	done
	ko=$modsrc/cryptomap.ko
	rm -f "$ko"
	if ! make -C "$dkdir" M="$modsrc" modules >"$BUILD/debug/module.log" 2>&1; then
		tap "not ok - build/module-debug # module build against $dkdir failed"
		indent <"$BUILD/debug/module.log" | tail -n 40
	fi
	modtree='' builtin=$dkdir/modules.builtin
	vmdir=$BUILD/vm-debug
	# KASAN, lockdep and kmemleak make the network tests 7 to 18 times slower.
	slowdown=${KTEST_SLOWDOWN:-8}
	export VM_TIMEOUT=${VM_TIMEOUT:-3600}
else
	vmlinuz=/boot/vmlinuz-$KVER
	vkver=$KVER
	ko=${CMAP_KO:-$repo/cryptomap.ko}
	modtree=/lib/modules/$KVER builtin=
	slowdown=${KTEST_SLOWDOWN:-1}
fi

[ "$VM_SUITE" = vm-tests ] || vmdir=$vmdir-$VM_SUITE
mkdir -p "$vmdir"
t0=$(now_ms)
if ! KVER=$vkver MODTREE=$modtree BUILTIN=$builtin CMAP_KO=$ko \
	CMAPCTL=$repo/userspace/cmapctl TOOLS_DIR=$repo/tests/tools WORK=$BUILD/initramfs \
	tests/vm/mkinitramfs.sh "$vmdir/initramfs.cpio" >"$vmdir/mkinitramfs.log" 2>&1; then
	tap "not ok - vm/initramfs # tests/vm/mkinitramfs.sh failed"
	indent <"$vmdir/mkinitramfs.log" | tail -n 40
	finish
fi
echo "# initramfs: $(dur $(($(now_ms) - t0))), $(($(stat -c %s "$vmdir/initramfs.cpio") / 1048576)) MB"

only=
[ -n "$T" ] && only=$(
	IFS=,
	echo "${vm_tests[*]}"
)
: >"$vmdir/results"
t0=$(now_ms)
tests/vm/boot.sh "$vmlinuz" "$vmdir/initramfs.cpio" "$vmdir" ktest.dir=$guest_dir \
	ktest.slowdown=$slowdown ${only:+ktest.only=$only} \
	${TEST_TIMEOUT:+ktest.timeout=$TEST_TIMEOUT} ${VM_ARGS:-} &
bootpid=$!
reaper=

# Print the verdict as it arrives; numbers are added here, on the host.
complete=0 running='' booted=''
while IFS= read -r line; do
	line=${line%$'\r'}
	[ -n "$booted" ] || booted=$(dur $(($(now_ms) - t0)))
	case $line in
	"# verdict: complete")
		complete=1
		# The guest powers off next; a kernel that only halts (no ACPI) must not
		# keep us waiting for the whole timeout.
		(
			exec >/dev/null 2>&1
			sleep 30
			kill "$(cat "$vmdir/qemu.pid")"
		) &
		reaper=$!
		;;
	"# begin "*) running=${line#\# begin } ;;
	"ok "* | "not ok "*)
		tap "$line"
		running=
		;;
	"#"*) echo "$line" ;;
	esac
done < <(tail -n +1 -F --pid=$bootpid "$vmdir/results" 2>/dev/null)
wait $bootpid
qrc=$?
[ -n "$reaper" ] && { pkill -P $reaper sleep; kill $reaper; } 2>/dev/null
vmtime=$(dur $(($(now_ms) - t0)))

# Per-test logs, out of the "NAME|line" stream of ttyS2.
rm -rf "$vmdir/tests"
mkdir -p "$vmdir/tests"
LC_ALL=C awk -v dir="$vmdir/tests" '
	{ i = index($0, "|"); name = substr($0, 1, i - 1) }
	i > 1 && name ~ /^[A-Za-z0-9._-]+$/ { print substr($0, i + 1) > (dir "/" name ".log") }
' "$vmdir/logs"

if [ $complete = 0 ]; then
	why="VM stopped before its verdict was complete (qemu exit status $qrc)"
	[ $qrc = 124 ] && why="VM timed out after ${VM_TIMEOUT:-1500} s"
	[ -n "$running" ] && tap "not ok - $running # no result: $why"
	tap "not ok - vm/verdict # $why"
fi
echo "# VM: $vmtime, init ran after ${booted:-?} ($(cat "$vmdir/accel" 2>/dev/null)); console log: $vmdir/console.log, test logs: $vmdir/tests/"

show=("${failed_names[@]}")
[ "$V" = 1 ] && show=("${vm_tests[@]/#/vm/}")
for f in "${show[@]}"; do
	case $f in vm/*) ;; *) continue ;; esac
	log=$vmdir/tests/${f#vm/}.log
	[ -s "$log" ] || continue
	echo "# ---- output of $f ($log) ----"
	if [ "$V" = 1 ]; then indent <"$log"; else tail -n 80 "$log" | indent; fi
done
if [ $failed -gt 0 ]; then
	echo "# ---- console tail ($vmdir/console.log) ----"
	tail -n 40 "$vmdir/console.log" | tr -d '\r' | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' | indent
fi
finish
}
