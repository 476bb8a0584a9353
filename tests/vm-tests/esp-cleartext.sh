#!/bin/sh
# Cleartext that should have come protected (issue 3, test 5): the spokes run
# no crypto and the transit routes the LANs, so their traffic to the hub's LAN
# arrives in clear on the hub's crypto map interface, where it matches a
# permit line mirrored: dropped and counted, SA or not. Traffic that matches
# no line (router to router) still passes.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"

TOPO_CLEAR_LANS=1 topo_build 2
esp_load_manual hub
esp_pair hub 10 10.1.2.1 0x1001 0x1002 "enc=$K_DES1 auth=$K_MD5_1" "enc=$K_DES2 auth=$K_MD5_2" des md5

in0=$(snmp_stat host-hub Icmp InEchos)
assert_eq 0 "$(pings host-s1 10.1.1.2 3)" "echo replies host-s1 -> host-hub in clear"
assert_eq 0 "$(pings host-s2 10.1.1.2 2)" "echo replies host-s2 -> host-hub in clear (no SA)"
assert_eq "$in0" "$(snmp_stat host-hub Icmp InEchos)" "echo requests that reached host-hub"
assert_eq "drop_cleartext 5" "$(drops hub)" "hub drops"
assert_eq 0 "$(sa_field hub in 0x1001 decaps)" "hub decaps"

assert_eq 2 "$(pings spoke1 10.1.4.1 2)" "echo replies spoke1 -> hub, no line matches"
assert_eq "drop_cleartext 5" "$(drops hub)" "hub drops after"
