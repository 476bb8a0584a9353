#!/bin/sh
# Netlink fuzzing of cryptomap.ko (cmap_nlfuzz): random and mutated requests
# of every command from 4 threads racing each other (transactions, SAs,
# dumps abandoned half way), 20,000 messages here and 100,000 on the debug
# kernel. Every request is answered, every error carries an extack message,
# no reply is malformed or carries key material. Afterwards the module works:
# the seed hub configuration loads and reads back exactly, flushes, and the
# module unloads cleanly (kernel reports and kmemleak: the harness).
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"

FUZZ=/usr/local/bin/cmap_nlfuzz
need_cryptomap
need_cmd $FUZZ "$CMAPCTL"
module_load dummy

msgs=20000
ktest_debug_kernel && msgs=100000
# CMAP_NLFUZZ_SEED replays a run (the seed is printed first).
seed=${CMAP_NLFUZZ_SEED:+-s $CMAP_NLFUZZ_SEED}

ns_add kfz
# The bugs it found, as fixed requests (kernel warnings fail the test).
n kfz $FUZZ regress || fail "cmap_nlfuzz regress (see the lines marked FAIL)"
# shellcheck disable=SC2086
if ! n kfz $FUZZ $seed -n $msgs -j 4 -T $((30 * KTEST_SLOWDOWN)) fuzz >fuzz.out 2>&1; then
	head -n 50 fuzz.out
	fail "cmap_nlfuzz: violations (replay with its seed, first line)"
fi
cat fuzz.out
assert_match "^sent $msgs messages" "$(sed -n 2p fuzz.out)" "messages sent"
assert_match '^answers: [0-9]+, hangs: 0$' "$(grep '^answers:' fuzz.out)" "every request answered"
assert_eq "violations: 0" "$(tail -n 1 fuzz.out)" "violations"

# The module after the fuzz: a real configuration, exactly.
n kfz "$CMAPCTL" flush
for i in Ethernet0 Ethernet1; do n kfz $IP link add $i type dummy; done
n kfz "$CMAPCTL" load --ike-backend none "$SEED_DIR/hub.cfg" 2>load.err ||
	{ cat load.err; fail "load of hub.cfg after the fuzz"; }
"$CMAPCTL" show -f "$SEED_DIR/hub.cfg" running-config >want
n kfz "$CMAPCTL" show running-config >got
cmp -s want got || { diff -u want got || true; fail "running-config after the fuzz"; }
n kfz "$CMAPCTL" flush
[ -z "$(n kfz "$CMAPCTL" show running-config)" ] || fail "not empty after flush"
ns_del kfz
# No reference left behind (sockets, dumps, SAs): it unloads.
rmmod cryptomap || fail "cryptomap does not unload after the fuzz"
