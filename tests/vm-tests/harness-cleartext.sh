#!/bin/sh
# Harness self-test: with TOPO_CLEAR_LANS=1 the transit also routes the LANs, and
# without IPsec spoke-to-spoke traffic goes straight from spoke1 to spoke2 through the
# transit, never through the hub (as on the IOS routers before crypto maps).
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"

TOPO_CLEAR_LANS=1 topo_build 2

ping_ok host-s1 192.168.1.2
hub0=$(snmp_stat hub Ip InReceives)
s2f0=$(snmp_stat spoke2 Ip ForwDatagrams)
assert_eq 5 "$(pings host-s1 192.168.1.2 5 -s 100)" "echo replies host-s1 -> host-s2"
assert_eq $((s2f0 + 10)) "$(snmp_stat spoke2 Ip ForwDatagrams)" "spoke2 forwarded"
assert_eq "$hub0" "$(snmp_stat hub Ip InReceives)" "packets seen by the hub"
ping_ok host-hub 172.16.1.2
