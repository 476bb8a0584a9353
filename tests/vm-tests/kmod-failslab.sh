#!/bin/sh
# Allocation failures (failslab, in the KERNEL=debug kernel) in every request
# path of cryptomap.ko, transactions and single requests alike: each request
# works or fails cleanly, a candidate left behind dies with its socket, nothing
# leaks (vm/kmemleak), and the namespace works normally afterwards.
# ktest-timeout: 600
. "$KTEST_LIB/ktest.sh"

NLTEST=/usr/local/bin/cmap_nltest
fs=/sys/kernel/debug/failslab
need_cryptomap
need_cmd $NLTEST
[ -d $fs ] || skip "no failslab in this kernel (KERNEL=debug has it)"

# Only tasks that ask for it (make-it-fail), sleeping allocations as well, and
# quietly: a stack trace per failure would read as a kernel problem.
echo Y >$fs/task-filter
echo N >$fs/ignore-gfp-wait
echo 0 >$fs/verbose
echo 0 >$fs/space
echo 1 >$fs/interval
echo -1 >$fs/times

# cmap_nltest -f: failures from the moment its sockets are open, so that they
# land in the requests rather than in starting the program.
failed=0
failing() { # NLTEST-ARGS...: in kfs, with slab allocations failing now and then
	n kfs $NLTEST -f "$@" >/dev/null 2>>errors || failed=$((failed + 1))
}

ns_add kfs
n kfs $NLTEST load
for p in 1 3 10; do
	echo $p >$fs/probability
	i=0
	while [ $i -lt 15 ]; do
		failing load
		failing bind lo mymap
		failing bulk 50 50
		failing entries
		failing flush
		i=$((i + 1))
	done
done
echo 0 >$fs/probability
enomem=$(grep -c 'Cannot allocate memory' errors || true)
log "$failed of 225 commands failed, $enomem requests with ENOMEM"
[ "$enomem" -gt 0 ] || fail "no request failed with ENOMEM: were failures injected?"

assert_match 'txn_portid=0$' "$(n kfs $NLTEST info)" "no candidate left"
n kfs $NLTEST flush
n kfs $NLTEST load
assert_match '^generation=[0-9]+ tsets=1 acls=2 lines=4 maps=1 entries=2 bindings=1 txn_portid=0$' \
	"$(n kfs $NLTEST info)" "the namespace after the failures"
n kfs $NLTEST bulk 1000 1000 >/dev/null
assert_match 'acls=1000 lines=1000 maps=1 entries=1000' "$(n kfs $NLTEST info)" \
	"a bulk load after the failures"
