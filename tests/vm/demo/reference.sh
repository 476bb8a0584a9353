#!/bin/sh
# The reference scenario of the seed configurations, as far as it goes today: the
# topology, the seed configs loaded into Hub, Spoke1 and Spoke2, and the hub's crypto
# map as IOS shows it. IKE and traffic through the tunnels come with the IKE issue.
# ktest-timeout: 600
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"

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
	# The kernel configuration only: charon (--ike-backend cryptomap, the
	# default) waits for the dataplane's SA commands.
	say "$r# cmapctl load --ike-backend none $(basename "$(topo_cfg "$r")")"
	n "$r" "$CMAPCTL" load --ike-backend none "$(topo_cfg "$r")" || rc=1
done
say "hub# cmapctl show crypto map"
n hub "$CMAPCTL" show crypto map || rc=1
for r in spoke1 spoke2; do
	say "$r# cmapctl show crypto map"
	n "$r" "$CMAPCTL" show crypto map || rc=1
done

say "next: IKE (charon with the cryptomap plugin) and the spoke-to-spoke ping through" \
	"the hub come with the IKE issue"
exit $rc
