#!/bin/sh
# Configuration is per network namespace, and needs CAP_NET_ADMIN in the user
# namespace that owns the network namespace.
# ktest-timeout: 120
. "$KTEST_LIB/ktest.sh"

NLTEST=/usr/local/bin/cmap_nltest
UNPRIV="setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps=-all --bounding-set=-all"
need_cryptomap
need_cmd $NLTEST

info() { n "$1" $NLTEST info; }
empty='generation=0 tsets=0 acls=0 lines=0 maps=0 entries=0 bindings=0 txn_portid=0'
hub='tsets=1 acls=2 lines=4 maps=1 entries=2 bindings=1 txn_portid=0'

ns_add kns-a kns-b
n kns-a $NLTEST load
a=$(info kns-a)
assert_match "^generation=[1-9][0-9]* $hub\$" "$a" "namespace A"
assert_eq "$empty" "$(info kns-b)" "namespace B sees nothing of A"
assert_eq "" "$(n kns-b $NLTEST entries)" "entries dumped in B"

# B's changes stay in B.
n kns-b $NLTEST flush
n kns-b $NLTEST load
n kns-b $NLTEST flush
assert_eq "$a" "$(info kns-a)" "namespace A after B loaded and flushed"

# A candidate in B does not block A.
spawn kns-b $NLTEST hold
wait_until 10 sh -c "$IP netns exec kns-b $NLTEST info | grep -qv txn_portid=0\$" ||
	fail "no candidate in B"
n kns-a $NLTEST load
n kns-b $NLTEST -e EBUSY flush || fail "B's FLUSH while B's candidate is held"
spawn_stop "$SPAWN_PID"
wait_until 10 sh -c "$IP netns exec kns-b $NLTEST info | grep -q txn_portid=0\$" ||
	fail "B's candidate outlived its socket"

# Without CAP_NET_ADMIN: EPERM, for reading as for writing.
for c in info entries flush load; do
	n kns-a $UNPRIV $NLTEST -e EPERM $c || fail "unprivileged $c"
done
$UNPRIV $NLTEST -e EPERM info || fail "unprivileged info in the initial namespace"
a2=$(info kns-a)
assert_eq "${a#generation=* }" "${a2#generation=* }" "A after the unprivileged attempts"

# A user namespace's root administers a network namespace it owns, and only that.
out=$(unshare -Urn sh -c "$NLTEST load && $NLTEST info")
assert_match "^generation=[1-9][0-9]* $hub\$" "$out" "own network namespace"
unshare -Ur $NLTEST -e EPERM info || fail "user namespace root in the initial namespace"
n kns-a unshare -Ur $NLTEST -e EPERM flush ||
	fail "user namespace root in a namespace it does not own"
assert_eq "$a2" "$(info kns-a)" "A after the user namespace attempts"

# A namespace goes with its configuration (leaks: vm/kmemleak, kmod-loadunload).
ns_del kns-a kns-b
