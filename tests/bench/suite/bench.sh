#!/bin/sh
# `make bench` in the VM (tests/bench/bench.sh boots it): every mode and
# transform for $BENCH_ROUNDS interleaved rounds, the raw crypto speed, the
# scale of the hub's configuration; prints the table and, between
# BENCH-JSON-BEGIN and BENCH-JSON-END, the summary document.
# ktest-timeout: 7000
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. /tests/bench/lib.inc

bench_run
# The scale part and the profiles in subshells: if one fails (and the test
# with it), the results so far are still summarised. Started in the
# background and waited for, so that set -e still holds inside them.
rc=0
if [ "$BENCH_SCALE" != 0 ]; then
	(bench_scale) &
	wait $! || rc=1
fi
if [ -x /usr/bin/perf ]; then
	for m in ${BENCH_PROFILE:-xfrm:gcm128 cryptomap:gcm128}; do
		(bench_profile "${m%%:*}" "${m#*:}") &
		wait $! || rc=1
	done
fi
bench_summary
bench_table
echo BENCH-JSON-BEGIN
jq -c . "$BENCH_DIR/bench.json"
echo BENCH-JSON-END
[ $rc = 0 ] || fail "the scale part or a profile failed (see above)"
