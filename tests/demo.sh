#!/bin/sh
# `make demo`: boots the test VM once and runs the reference scenario of the seed
# configurations (tests/vm/demo/*.sh) with all output shown: the topology, the
# seed configs loaded by cmapctl, IKE triggered by the example's ping from Spoke1,
# and the hub's IKE and IPsec SAs with their counters. Same environment as
# tests/run.sh.
set -eu
# The rest is one compound command, which bash reads whole before running it: a
# change to this file (a commit, a pull) while a run is under way cannot derail it.
{
cd "$(dirname "$0")/.."
echo "# demo: reference scenario of the seed configurations, end to end with IKE"
for f in "${CMAP_KO:-cryptomap.ko}" userspace/cmapctl; do
	[ -e "$f" ] || echo "# demo: $f is missing: run 'make' first; the demo shows what it can"
done
rc=0
VM_SUITE=demo V=0 tests/run.sh || rc=$?
vmdir=${BUILD:-build}/vm-demo
[ "${KERNEL:-stock}" = debug ] && vmdir=${BUILD:-build}/vm-debug-demo
for f in tests/vm/demo/*.sh; do
	log=$vmdir/tests/$(basename "$f" .sh).log
	[ -e "$log" ] || continue
	printf '\n######## %s (%s)\n' "$(basename "$f" .sh)" "$log"
	cat "$log"
done
exit $rc
}
