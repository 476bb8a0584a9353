#!/bin/sh
# cryptomap.ko's netlink control plane, over raw generic netlink: malformed and
# edge-case requests with their errno and extack (cmap_nltest cases), bulk load
# speed, and binding ifindexes that follow interfaces.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"

NLTEST=/usr/local/bin/cmap_nltest
need_cryptomap
need_cmd $NLTEST
module_load dummy

ns_add kn-a kn-b
n kn-a $NLTEST cases || fail "cmap_nltest cases (see the lines marked FAIL)"

# 65536 access lists and 65536 entries, in one transaction: under 2 s with
# KVM. Emulated (TCG) the VM is many times slower and shared with other work,
# and KASAN slows it down 30 times more (a quarter of the load there): then
# the limit only catches quadratic behaviour, which would take minutes.
count=65536 limit=2
grep -q kvm-clock /sys/devices/system/clocksource/clocksource0/available_clocksource ||
	limit=20
if dmesg | grep -q 'KernelAddressSanitizer initialized'; then
	count=16384 limit=120
fi
# The second load replaces the first with the same: every entry keeps its
# identity, matched at scale.
ids=
for round in first second; do
	out=$(n kn-a $NLTEST bulk $count $count)
	log "$round: $out"
	secs=$(printf '%s\n' "$out" | sed -n 's/.* in \([0-9.]*\) s$/\1/p')
	awk -v s="$secs" -v l=$limit 'BEGIN { exit !(s != "" && s < l) }' ||
		fail "$round bulk load took ${secs:-?} s, not under $limit s"
	prev=$ids
	ids=$(n kn-a $NLTEST entries | sort | md5sum)
done
assert_eq "$prev" "$ids" "entries and identities after reloading"
assert_eq $count "$(n kn-a $NLTEST entries | awk '$3 > 0' | sort -u -k3,3n | wc -l)" \
	"distinct entry identities"
assert_match "acls=$count lines=$count maps=$((count / 1024)) entries=$count" \
	"$(n kn-a $NLTEST info)" "after the bulk load"
n kn-a $NLTEST flush

# Bindings wait for their interface and follow it: register, rename, move, delete.
ifindex() { n "$1" cat "/sys/class/net/$2/ifindex"; }
binding() { n kn-a $NLTEST bindings | awk -v i="$1" '$1 == i { print $2, $3 }'; }

n kn-a $NLTEST load cm0
assert_eq "mymap 0" "$(binding cm0)" "binding of an absent interface"
n kn-a $NLTEST bind lo mymap
assert_eq "mymap 1" "$(binding lo)" "binding of lo"
n kn-a $IP link add cm0 type dummy
idx=$(ifindex kn-a cm0)
assert_eq "mymap $idx" "$(binding cm0)" "after the interface registered"
n kn-a $IP link set cm0 name cm1
assert_eq "mymap 0" "$(binding cm0)" "after a rename away"
n kn-a $NLTEST bind cm1 mymap
assert_eq "mymap $idx" "$(binding cm1)" "binding of the new name"
n kn-a $IP link set cm1 name cm0
assert_eq "mymap $idx" "$(binding cm0)" "after the rename back"
assert_eq "mymap 0" "$(binding cm1)" "the other name after the rename back"
n kn-a $IP link set cm0 netns kn-b
assert_eq "mymap 0" "$(binding cm0)" "after a move to another namespace"
n kn-b $IP link set cm0 netns kn-a
assert_eq "mymap $(ifindex kn-a cm0)" "$(binding cm0)" "after the move back"
n kn-a $IP link del cm0
assert_eq "mymap 0" "$(binding cm0)" "after the interface was deleted"
n kn-a $NLTEST flush
