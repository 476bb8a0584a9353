#!/bin/sh
# Load and unload cryptomap.ko 20 times with configured namespaces and an open
# candidate around; nothing may leak.
# ktest-timeout: 900
. "$KTEST_LIB/ktest.sh"

NLTEST=/usr/local/bin/cmap_nltest
need_cryptomap
need_cmd $NLTEST
[ -n "$CMAP_KO" ] && [ -e "$CMAP_KO" ] || fail "CMAP_KO ($CMAP_KO) is missing"

unreclaimable() { awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo; }

# Under KASAN (KERNEL=debug) a smaller configuration: kmemleak finds leaks there.
size=1000
if dmesg | grep -q 'KernelAddressSanitizer initialized'; then
	size=200
fi

# One round: namespaces with configurations, one of them with a candidate
# held by a live socket when the module goes; then one namespace goes with
# its configuration.
round() {
	ns_add klu-a klu-b klu-c
	n klu-a $NLTEST bulk $size $size >/dev/null
	n klu-b $NLTEST load
	n klu-c $NLTEST load
	spawn klu-c $NLTEST hold
	wait_until 10 sh -c "$IP netns exec klu-c $NLTEST info | grep -qv txn_portid=0\$" ||
		fail "no candidate in klu-c"
	rmmod cryptomap
	[ ! -d /sys/module/cryptomap ] || fail "cryptomap still loaded"
	insmod "$CMAP_KO"
	assert_match '^generation=0 ' "$(n klu-a $NLTEST info)" "a namespace after reloading"
	spawn_stop "$SPAWN_PID"
	# A namespace that goes with its configuration.
	n klu-b $NLTEST load
	ns_del klu-a klu-b klu-c
}

rmmod cryptomap
insmod "$CMAP_KO"
round
sync
echo 3 >/proc/sys/vm/drop_caches
before=$(unreclaimable)
i=0
while [ $i -lt 20 ]; do
	round
	i=$((i + 1))
done
# Namespaces are freed by a workqueue: give it a moment.
sleep 2
echo 3 >/proc/sys/vm/drop_caches
after=$(unreclaimable)
log "unreclaimable slab: $before kB before, $after kB after 20 rounds"
# A leaked configuration of 1000 lists and entries is about 0.5 MB a round.
[ $((after - before)) -lt 4096 ] || fail "slab grew by $((after - before)) kB"
if [ -e /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	grep -q cmap_ /sys/kernel/debug/kmemleak && fail "kmemleak: $(grep -m1 -A12 cmap_ /sys/kernel/debug/kmemleak)"
fi
exit 0
