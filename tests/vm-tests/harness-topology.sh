#!/bin/sh
# Harness self-test: the reference topology with three spokes, built from the seed
# configurations, has the names, addresses and routes of the configs, and its WAN
# (transit, proxy ARP) carries exactly the packets sent across it. Without crypto,
# nothing crosses between LANs: the transit does not route them.
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"

topo_build 3

assert_eq "10.1.1.1/24" "$(topo_lan hub)" "hub LAN"
assert_eq "10.1.4.1/24" "$(topo_wan hub)" "hub WAN"
assert_eq "10.1.3.1/24" "$(topo_wan spoke2)" "spoke2 WAN"
assert_eq "172.16.2.2" "$(topo_host_addr spoke3)" "host on spoke3's LAN"
assert_eq "172.16.1.1/24" \
	"$(n spoke1 $IP -o -4 addr show dev Ethernet0 | awk '{print $4}')" "spoke1 Ethernet0"
assert_eq "10.1.2.1/24" \
	"$(n spoke1 $IP -o -4 addr show dev Ethernet1 | awk '{print $4}')" "spoke1 Ethernet1"
# The hub with three spokes routes the 4 prefixes of hub-3spokes.cfg out of Ethernet1.
assert_eq "10.1.0.0/16 172.16.1.0/24 172.16.2.0/24 192.168.1.0/24" \
	"$(n hub $IP -4 route show dev Ethernet1 | awk '$2 != "proto" {print $1}' | sort | tr '\n' ' ' | sed 's/ $//')" \
	"hub routes out of Ethernet1"
assert_eq "default via 172.16.1.1 dev eth0" "$(n host-s1 $IP route show default | sed 's/ *$//')" \
	"host-s1 default route"
assert_eq 0 "$(n hub sysctl -n net.ipv4.conf.all.send_redirects)" "hub redirects"
assert_eq 1 "$(n transit sysctl -n net.ipv4.conf.spoke2.proxy_arp)" "transit proxy ARP"

# Each host reaches its router.
for r in hub spoke1 spoke2 spoke3; do
	lan=$(topo_lan $r)
	ping_ok "$(topo_hostns $r)" "${lan%/*}"
done

# Router to router over the WAN, through the transit's proxy ARP: exactly the echoes
# sent arrive (ICMP counters do not see ARP).
ping_ok spoke1 10.1.4.1
in0=$(snmp_stat hub Icmp InEchos)
fwd0=$(snmp_stat transit Ip ForwDatagrams)
assert_eq 5 "$(pings spoke1 10.1.4.1 5)" "echo replies spoke1 -> hub WAN"
assert_eq $((in0 + 5)) "$(snmp_stat hub Icmp InEchos)" "hub echo requests"
assert_eq $((fwd0 + 10)) "$(snmp_stat transit Ip ForwDatagrams)" "transit forwarded"
ping_ok spoke3 10.1.3.1
ping_ok hub 10.1.5.1

# No cleartext path between LANs: spoke1 has a route, the transit does not.
ping_fails host-s1 10.1.1.2
ping_fails host-s2 172.16.1.2
