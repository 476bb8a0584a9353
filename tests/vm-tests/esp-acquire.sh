#!/bin/sh
# Matching traffic with no SA (issue 3, test 4): Spoke1 has its entry but no
# SA. Pings to two lines of its access list are dropped and counted, each
# line sends one acquire event (the others are held back by the once a
# second limit), and nothing of them crosses the transit. Once the SAs are
# there, the same traffic flows.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"

topo_build 2
for r in hub spoke1 spoke2; do esp_load_manual $r; done
esp_seed_pairs hub10 hub20 spoke2
id=$(n spoke1 $SA entry mymap 10)

ev=/tmp/ktest-work/events
spawn spoke1 /bin/sh -c "exec $SA monitor 0 60 >$ev"
mon=$SPAWN_PID
wait_until 10 grep -q listening $ev || fail "monitor did not start"
capture_start /tmp/ktest-work/transit.pcap
assert_eq 0 "$(pings host-s1 192.168.1.2 3)" "echo replies to host-s2 without SA"
assert_eq 0 "$(pings host-s1 10.1.1.2 2)" "echo replies to host-hub without SA"
capture_stop
sleep 0.5
spawn_stop $mon

log "events: $(cat $ev)"
assert_eq "acquire entry=$id map=mymap seq=10 line=20 peer=10.1.4.1 src=172.16.1.2 dst=192.168.1.2 proto=1
acquire entry=$id map=mymap seq=10 line=10 peer=10.1.4.1 src=172.16.1.2 dst=10.1.1.2 proto=1" \
	"$(grep -v listening $ev)" "acquire events"
assert_eq "drop_no_sa 5" "$(drops spoke1)" "spoke1 drops"
assert_eq 2 "$(stat_of spoke1 acquires)" "acquires sent"
assert_eq 3 "$(stat_of spoke1 acquires_limited)" "acquires held back"
assert_eq "" "$(capture_ip /tmp/ktest-work/transit.pcap)" "IP packets on the transit"

esp_seed_pairs spoke1
assert_eq 3 "$(pings host-s1 192.168.1.2 3)" "echo replies once the SAs exist"
assert_eq 3 "$(sa_field spoke1 out 0x1001 encaps)" "spoke1 encaps"
