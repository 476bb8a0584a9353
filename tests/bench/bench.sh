#!/bin/sh
# `make bench`: boots the test VM once and runs tests/bench/suite/bench.sh in it
# (plain routing, XFRM, WireGuard and cryptomap through the hub relay, one SA
# from two CPUs, the raw crypto speed, the hub's configuration at scale), then
# writes the summary document with this machine's description added, and the
# table made from it:
#   $BUILD/bench/bench-DATE.json, bench-DATE.txt (latest.json, latest.txt)
# See Documentation/performance.md. Environment: that of tests/run.sh, and
# BENCH_ROUNDS, BENCH_TCP_SECS, BENCH_UDP_SECS, BENCH_OMIT, BENCH_RAW_SECS,
# BENCH_XFORMS (comma list), BENCH_SCALE (comma list of entry counts, 0: none),
# BENCH_UDP_SIZES, BENCH_SCALE_XFORM, BENCH_SCALE_SAS, BENCH_CPU, BENCH_WINDOW,
# BENCH_PROFILE, BENCH_PAR_XFORMS, BENCH_PAR_SECS, BENCH_PAR_CPUS
# (tests/bench/lib.inc), BENCH_PERF=1 (perf in the VM).
set -eu
# The rest is one compound command, which the shell reads whole before running it.
{
cd "$(dirname "$0")/../.."
BUILD=$(realpath -m "${BUILD:-build}")
out=$BUILD/bench
vmdir=$BUILD/vm-bench
[ "${KERNEL:-stock}" = debug ] && vmdir=$BUILD/vm-debug-bench
mkdir -p "$out"
args=
for v in ROUNDS TCP_SECS UDP_SECS UDP_SIZES OMIT RAW_SECS XFORMS SCALE SCALE_XFORM SCALE_SAS CPU WINDOW PROFILE \
	PAR_XFORMS PAR_SECS PAR_CPUS; do
	eval "val=\${BENCH_$v:-}"
	[ -n "$val" ] && args="$args bench.$(echo "$v" | tr A-Z a-z)=$(echo "$val" | tr ' ' ,)"
done
echo "# bench: one boot; about 20 minutes under TCG (Documentation/performance.md)"
# What is measured is the tree as it is now, not when the run ends.
commit=$(git rev-parse --short HEAD 2>/dev/null || true)
[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && commit=$commit-dirty
rc=0
VM_TIMEOUT=${VM_TIMEOUT:-7200} VM_ARGS="$args" VM_SUITE=bench V=0 tests/run.sh || rc=$?
log=$vmdir/tests/bench.log
stamp=$(date -u +%Y%m%dT%H%M%SZ)
json=$out/bench-$stamp.json
if ! sed -n '/^BENCH-JSON-BEGIN$/,/^BENCH-JSON-END$/p' "$log" 2>/dev/null | sed '1d;$d' |
	jq --arg model "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)" \
		--arg nproc "$(nproc)" --arg accel "$(cat "$vmdir/accel" 2>/dev/null)" \
		--arg commit "$commit" \
		'. + {machine: {host_cpu: $model, host_cpus: ($nproc | tonumber), qemu_accel: $accel,
			commit: $commit}}' >"$json.tmp" ||
	[ ! -s "$json.tmp" ]; then
	rm -f "$json.tmp"
	echo "# bench: no result document in $log" >&2
	exit 1
fi
mv "$json.tmp" "$json"
{
	jq -r -f tests/bench/table.jq "$json"
	jq -r '.machine | "\nmachine: \(.host_cpu), \(.host_cpus) host CPUs, QEMU \(.qemu_accel); commit \(.commit)"' "$json"
} >"${json%.json}.txt"
ln -sfn "$(basename "$json")" "$out/latest.json"
ln -sfn "$(basename "${json%.json}.txt")" "$out/latest.txt"
echo
cat "${json%.json}.txt"
echo
echo "# results: $json (table: ${json%.json}.txt)"
exit $rc
}
