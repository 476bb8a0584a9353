#!/bin/bash
# Boots one test VM and waits for it to power off.
#
# Usage: boot.sh VMLINUZ INITRD OUTDIR [KERNEL-ARGS...]
# Writes OUTDIR/console.log (ttyS0), OUTDIR/results (ttyS1, the verdict port) and
# OUTDIR/logs (ttyS2, framed test logs). Exit status: QEMU's, 124 on timeout.
# Environment:
#   VM_TIMEOUT  seconds for the whole run (default 1500)
#   KVM         auto (default): KVM if /dev/kvm works, else TCG; 0: TCG; 1: KVM only
#   VM_MEM, VM_SMP  defaults 1G and 2
#   QEMU        qemu-system-x86_64
set -uo pipefail

# The rest is one compound command, which bash reads whole before running it: a
# change to this file (a commit, a pull) while a run is under way cannot derail it.
{
vmlinuz=$1 initrd=$2 out=$3
shift 3
mkdir -p "$out"
# Where a failed KVM attempt is remembered, so that later runs go straight to TCG.
kvm_bad=$(dirname "$out")/.kvm-unusable

start() { # ACCEL...: QEMU in the background, pid in $qpid
	: >"$out/console.log"
	: >"$out/results"
	: >"$out/logs"
	# The network is never connected: all test traffic stays in the guest's namespaces.
	timeout -k 10 "${VM_TIMEOUT:-1500}" "${QEMU:-qemu-system-x86_64}" \
		-nographic -monitor none -no-reboot "$@" \
		-m "${VM_MEM:-1G}" -smp "${VM_SMP:-2}" -cpu max \
		-kernel "$vmlinuz" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 loglevel=5 ${args[*]}" \
		-nic none \
		-serial "file:$out/console.log" \
		-serial "file:$out/results" \
		-serial "file:$out/logs" \
		</dev/null 2>"$out/qemu.err" &
	qpid=$!
	echo $qpid >"$out/qemu.pid"
	echo "$*" >"$out/accel"
}

args=("$@")
use_kvm=0
case ${KVM:-auto} in
1) use_kvm=1 ;;
auto) [ ! -e "$kvm_bad" ] && (exec 9<>/dev/kvm) 2>/dev/null && use_kvm=1 ;;
esac

if [ $use_kvm = 1 ]; then
	start -enable-kvm
	[ "${KVM:-auto}" = 1 ] && { wait $qpid 2>/dev/null; exit; }
	# /dev/kvm can open and still not work (nested virtualisation: QEMU aborts on an
	# MSR, or the guest hangs in the firmware). Init reports within seconds under KVM;
	# if it has not after 30 s, fall back to emulation.
	for _ in $(seq 60); do
		[ -s "$out/results" ] && { wait $qpid 2>/dev/null; exit; }
		kill -0 $qpid 2>/dev/null || break
		sleep 0.5
	done
	if [ -s "$out/results" ]; then
		wait $qpid 2>/dev/null
		exit
	fi
	kill $qpid 2>/dev/null
	wait $qpid 2>/dev/null
	echo "KVM unusable: $(head -n1 "$out/qemu.err")" >"$kvm_bad"
	echo "# KVM unusable ($(head -n1 "$out/qemu.err")), using TCG; rm $kvm_bad to retry" >&2
fi
start -accel tcg
wait $qpid 2>/dev/null
exit
}
