#!/bin/sh
# Module unload under traffic (issue 6, item 5): six times (three on the
# debug kernel), with the seed scenario's configuration and SAs in three
# namespaces and pings and a TCP stream going through the tunnels,
# cryptomap.ko is removed. Nothing holds
# the module while packets flow (no module reference per packet or SA), so
# rmmod must succeed, and it must leave nothing behind. The rounds take
# turns: crypto on the routing CPU (crypto_parallel=0); the same with the
# asynchronous path forced (crypto_async=2: every request waits in cryptd),
# so that requests are in flight when the namespaces' SAs go; and parallel
# crypto (crypto_parallel=1, the default with 2 CPUs) with cryptd too,
# where requests also wait in per-CPU lists and the SAs' ordered queues.
# After each round the module is loaded again, configured, and the tunnel
# carries traffic; at the end each router's running-config is the one loaded. (kmod-loadunload.sh covers unloading with configurations
# and open transactions, without traffic.)
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"
[ -n "$CMAP_KO" ] && [ -e "$CMAP_KO" ] || fail "CMAP_KO ($CMAP_KO) is missing"

# About 4 minutes a round on the debug kernel (KASAN, kmemleak, lockdep).
rounds=6
ktest_debug_kernel && rounds=3
topo_build 2

configure() {
	for r in hub spoke1 spoke2; do esp_load_manual $r; done
	esp_seed_sas
}

rmmod cryptomap
i=0
while [ $i -lt $rounds ]; do
	i=$((i + 1))
	case $((i % 3)) in
	1) params="crypto_parallel=0" ;;
	2) params="crypto_async=2 crypto_parallel=0" ;;
	0) params="crypto_async=2 crypto_parallel=1" ;;
	esac
	# shellcheck disable=SC2086 # params is a list of arguments
	insmod "$CMAP_KO" $params
	configure
	# (the first echo may go while the transit resolves the new hub's address)
	ping_ok host-s1 10.1.1.2
	# A server per round: the last round's client never said goodbye.
	spawn host-hub $IPERF3 -s -A 0
	server=$SPAWN_PID
	wait_until 10 sh -c "$IP netns exec host-hub $SS -ltn | grep -q :5201"
	spawn host-s1 $PING -q -i 0.01 -c 1000000 10.1.1.2
	pinger=$SPAWN_PID
	spawn host-s2 $IPERF3 -c 10.1.1.2 -A 0 -t 600
	client=$SPAWN_PID
	# Traffic through the hub's SAs, then the module goes under it.
	wait_until $((30 * KTEST_SLOWDOWN)) sh -c \
		"[ \$($IP netns exec hub $SA get in 0x2001 decaps) -gt 50 ]" ||
		fail "round $i: no TCP traffic through the tunnel"
	decaps=$(($(sa_field hub in 0x1001 decaps) + $(sa_field hub in 0x2001 decaps)))
	rmmod cryptomap || fail "round $i: rmmod under traffic failed"
	[ ! -d /sys/module/cryptomap ] || fail "round $i: cryptomap still loaded"
	spawn_stop $client
	spawn_stop $pinger
	spawn_stop $server
	# Let the last packets of the stopped flows drain before the next load.
	sleep 1
	log "round $i ($params): unloaded after at least $decaps packets decapsulated at the hub"
done

# Loaded again as /init loads it, the tunnels work.
insmod "$CMAP_KO"
configure
assert_eq 3 "$(pings host-s1 10.1.1.2 3)" "echo replies host-s1 -> host-hub after"
assert_eq 3 "$(pings host-s2 10.1.1.2 3)" "echo replies host-s2 -> host-hub after"
assert_eq 3 "$(sa_field hub in 0x1001 decaps)" "hub decaps after"
for r in hub spoke1 spoke2; do assert_running_cfg $r; done
