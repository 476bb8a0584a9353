#!/bin/sh
# 10,000 more entries of 10 ACL lines each on the hub's map (100,000 lines,
# each a /24 to a host): the seed's entries 10 and 20 still come first and
# carry the relay, and a packet for the last line of the last entry is
# classified there (no SA: one acquire event naming entry 10100, line 100).
# The compiled lookup probes one hash table per prefix-length pair, here 2.
# ktest-timeout: 600
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"
. "$KTEST_LIB/scale.sh"

topo_build 2
n=10000
sed 's/ ipsec-isakmp$/ ipsec-manual/; /^end$/d' "$(topo_cfg hub)" >/tmp/ktest-work/hub.src
{
	scale_entries $n 101
	echo end
} >>/tmp/ktest-work/hub.src
t0=$(date +%s)
ESP_CFG_SRC=/tmp/ktest-work/hub.src
esp_load_manual hub
ESP_CFG_SRC=
log "loaded $n extra entries, $((n * 10)) lines, in $(($(date +%s) - t0)) s"
for r in spoke1 spoke2; do esp_load_manual $r; done
esp_seed_sas

assert_eq 5 "$(pings host-s1 192.168.1.2 5)" "echo replies host-s1 -> host-s2"
assert_eq 5 "$(sa_field hub in 0x1001 decaps)" "hub decaps from spoke1"
assert_eq 5 "$(sa_field hub out 0x2002 encaps)" "hub encaps to spoke2"

$IP -n hub route add 11.0.0.0/8 dev Ethernet1
ev=/tmp/ktest-work/events
spawn hub /bin/sh -c "exec $SA monitor 1 30 >$ev"
wait_until 10 grep -q listening $ev || fail "monitor did not start"
assert_eq 0 "$(pings host-hub 11.9.39.16 1)" "echo to the last line of the last entry"
wait_until 10 grep -q acquire $ev || fail "no acquire event"
assert_match "^acquire entry=[0-9]+ map=mymap seq=10100 line=100 peer=10\.9\.39\.16 src=10\.1\.1\.2 dst=11\.9\.39\.16 proto=1\$" \
	"$(grep acquire $ev)" "acquire event"
assert_eq "drop_no_sa 1" "$(drops hub)" "hub drops"
