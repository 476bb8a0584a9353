#!/bin/sh
# The reference scenario of the seed configurations, end to end: the topology,
# the unchanged seed configs loaded into Hub, Spoke1 and Spoke2 by cmapctl (the
# module's configuration and one charon per router with the kernel-cryptomap
# backend), the extended ping of the example from Spoke1's LAN address to
# Spoke2's (the first packet triggers IKE), and what the hub then shows.
# ktest-timeout: 600
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "$KTEST_LIB/ike.sh"
IKE_ROUTERS="hub spoke1 spoke2"

say() { printf '\n=== %s\n' "$*"; }

say "topology: hub, spoke1, spoke2 (Ethernet0 LAN, Ethernet1 WAN), transit, one host per LAN"
topo_build 2
for r in $TOPO_ROUTERS; do
	printf '%-7s Ethernet0 %-16s Ethernet1 %-14s config %s\n' "$r" "$(topo_lan "$r")" \
		"$(topo_wan "$r")" "$(basename "$(topo_cfg "$r")")"
done

missing=""
[ -x "$CMAPCTL" ] || missing="$missing cmapctl (userspace/cmapctl was not built)"
[ -d /sys/module/cryptomap ] || missing="$missing cryptomap.ko (not built or did not load)"
if [ -n "$missing" ]; then
	say "cannot load the configurations, missing:$missing"
	skip "missing:$missing"
fi

rc=0
for r in $TOPO_ROUTERS; do
	say "$r# cmapctl load $(basename "$(topo_cfg "$r")")"
	n "$r" "$CMAPCTL" load "$(topo_cfg "$r")" || rc=1
done
say "hub# cmapctl show crypto map"
n hub "$CMAPCTL" show crypto map || rc=1

# The example's extended ping: Spoke1 to 192.168.1.1 from source 172.16.1.1.
# On IOS the first echoes of a new tunnel may be lost while IKE runs; the
# first ping here triggers IKE with the hub, whose own IKE with Spoke2 starts
# when that first packet reaches it.
say "spoke1# ping 192.168.1.1 source 172.16.1.1 (triggers IKE)"
wait_until 120 sh -c "ip netns exec spoke1 $PING -n -q -c 1 -W 2 -I 172.16.1.1 192.168.1.1" || rc=1
ike_up hub 2 || rc=1
n hub "$CMAPCTL" clear crypto sa counters || rc=1
say "spoke1# ping 192.168.1.1 source 172.16.1.1 repeat 5 size 100"
n spoke1 $PING -n -c 5 -i 0.2 -s 72 -I 172.16.1.1 192.168.1.1 | tee /tmp/demo-ping
got=$(sed -n 's/.* \([0-9][0-9]*\) received.*/\1/p' /tmp/demo-ping)
echo "Success rate is $((${got:-0} * 20)) percent (${got:-0}/5)"
[ "${got:-0}" = 5 ] || rc=1
for cmd in "show crypto isakmp sa" "show crypto engine connections active" \
	"show crypto ipsec sa"; do
	say "hub# cmapctl $cmd"
	# shellcheck disable=SC2086
	n hub "$CMAPCTL" $cmd || rc=1
done
exit $rc
