#!/bin/sh
# Deny lines and unmatched traffic pass in clear (issue 3, test 7): with a
# deny line for ICMP in front of Spoke1's and the hub's access list 110,
# pings between their LANs cross the transit in clear both ways and no SA
# counts them, while the rest of the line's traffic (to Spoke2) stays
# protected; router-to-router pings match no line and pass too.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"

TOPO_CLEAR_LANS=1 topo_build 2
esp_cfg_insert hub "access-list 110 " "access-list 110 deny icmp 10.1.1.0 0.0.0.255 172.16.1.0 0.0.0.255" \
	>/tmp/ktest-work/hub.src
esp_cfg_insert spoke1 "access-list 110 " "access-list 110 deny icmp 172.16.1.0 0.0.0.255 10.1.1.0 0.0.0.255" \
	>/tmp/ktest-work/spoke1.src
for r in hub spoke1; do
	ESP_CFG_SRC=/tmp/ktest-work/$r.src
	esp_load_manual $r
done
ESP_CFG_SRC=
esp_load_manual spoke2
esp_seed_sas

capture_start /tmp/ktest-work/transit.pcap
assert_eq 3 "$(pings host-s1 10.1.1.2 3)" "echo replies host-s1 -> host-hub (deny line)"
assert_eq 2 "$(pings host-s1 192.168.1.2 2)" "echo replies host-s1 -> host-s2 (permit line)"
assert_eq 2 "$(pings spoke1 10.1.4.1 2)" "echo replies spoke1 -> hub (no line)"
capture_stop

ip=$(capture_ip /tmp/ktest-work/transit.pcap)
assert_eq 6 "$(printf '%s\n' "$ip" | grep -Ec 'IP (172\.16\.1\.2 > 10\.1\.1\.2|10\.1\.1\.2 > 172\.16\.1\.2): ICMP echo')" \
	"ICMP between the LANs in clear on the transit"
assert_eq 4 "$(printf '%s\n' "$ip" | grep -Ec 'IP (10\.1\.2\.1 > 10\.1\.4\.1|10\.1\.4\.1 > 10\.1\.2\.1): ICMP echo')" \
	"ICMP between the routers in clear on the transit"
assert_eq 8 "$(printf '%s\n' "$ip" | grep -c ': ESP(')" "ESP packets on the transit"
assert_eq 0 "$(printf '%s\n' "$ip" | grep -c '192\.168\.')" "Spoke2's LAN in clear"
assert_eq 3 "$(stat_of spoke1 out_clear_deny)" "spoke1: deny line, in clear"
assert_eq 3 "$(stat_of hub out_clear_deny)" "hub: deny line, in clear"
assert_eq 2 "$(stat_of spoke1 out_clear_nomatch)" "spoke1: no line, in clear"
assert_eq 2 "$(stat_of hub out_clear_nomatch)" "hub: no line, in clear"
assert_eq 2 "$(sa_field spoke1 out 0x1001 encaps)" "spoke1 encaps (to spoke2 only)"
assert_eq "" "$(drops hub)$(drops spoke1)" "drops"
# Hits: the deny line (10) of entry 10 took the 3 requests on spoke1.
assert_match "^mymap 10 [0-9]+ 5 10:3 20:0 30:2\$" "$(n spoke1 $SA hits)" "spoke1 hits"
