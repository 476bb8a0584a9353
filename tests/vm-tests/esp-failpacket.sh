#!/bin/sh
# Allocation failures on the packet path (issue 6, item 3), on KERNEL=debug:
# the module's own fault attribute (debugfs cryptomap/fail_packet; failslab
# cannot be aimed at a module on x86_64) fails its packet-path allocations
# at random: the crypto request, the copy of the skb and its headroom (ESP in
# and out), and event messages. It acts in softirq and task context alike, on
# the hub and both spokes, while echoes and a TCP transfer cross the tunnel
# and SAs come and go under an event listener. Checks:
# - every forced failure is one packet or event counted as lost: the
#   routers' drop_nomem plus events_lost moved by exactly the number
#   injected, and no other drop moved (but fragmentation-needed, which
#   TCP's first full-size segments get before path MTU discovery);
# - nothing of the protected flows crosses the transit in clear;
# - afterwards every echo is answered, the SAs count again, and the
#   routers' running-configs are the ones loaded (vm/kmemleak checks for
#   leaks).
# ktest-timeout: 600
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"

fi=/sys/kernel/debug/cryptomap
[ -d $fi/fail_packet ] ||
	skip "no packet-path fault points (built only with CONFIG_FAULT_INJECTION_DEBUG_FS: KERNEL=debug)"

esp_seed window=1024
assert_eq 3 "$(pings host-s1 192.168.1.2 3)" "echo replies host-s1 -> host-s2 before"

routers="hub spoke1 spoke2"
lost_total() { # drop_nomem + events_lost, summed over the routers
	local r s=0
	for r in $routers; do
		s=$((s + $(stat_of $r drop_nomem) + $(stat_of $r events_lost)))
	done
	echo $s
}
other_drops() { # every other drop counter, "router name value"
	local r
	for r in $routers; do
		drops $r | grep -v -E '^drop_(nomem|frag_needed) ' | sed "s/^/$r /"
	done
}
events_lost() { # summed over the routers
	local r s=0
	for r in $routers; do s=$((s + $(stat_of $r events_lost))); done
	echo $s
}
injected() { cat $fi/injected; }
inject() { # PERCENT: fail that share of the packet path's allocations
	echo 0 >$fi/fail_packet/verbose
	echo N >$fi/fail_packet/task-filter
	echo 0 >$fi/fail_packet/space
	echo 1 >$fi/fail_packet/interval
	echo -1 >$fi/fail_packet/times
	echo "$1" >$fi/fail_packet/probability
}

capture_start /tmp/ktest-work/transit.pcap
inj0=$(injected) lost0=$(lost_total) events0=$(events_lost) other0=$(other_drops)

# Echoes through the hub's relay: every ESP step of each can fail.
inject 5
got=$(pings host-s1 192.168.1.2 60 -i 0.05 -W 1)
log "with 5% of the packet path's allocations failing: $got of 60 echoes answered"

# TCP, both ways: cloned and paged skbs take the copy-on-write path.
inject 2
listening() { n host-s2 $SS -ltn | grep -q ':5201'; }
for dir in "" -R; do
	spawn host-s2 /bin/sh -c "exec $IPERF3 -A 0 -s -1 -B 192.168.1.2 >/dev/null"
	srv=$SPAWN_PID
	wait_until 10 listening || fail "iperf3 server did not start"
	n host-s1 $IPERF3 -A 0 -c 192.168.1.2 -t 2 $dir -J >tcp.json ||
		log "iperf3 $dir failed under fault injection (allowed)"
	log "TCP $dir: $(jq -r '.end.sum_received.bytes // "no"' tcp.json) bytes received"
	spawn_stop $srv
done

# SA events under a listener: the event message can fail too.
inject 30
ev=/tmp/ktest-work/events
spawn hub /bin/sh -c "exec $SA monitor 0 120 >$ev"
mon=$SPAWN_PID
wait_until 10 grep -q listening $ev || fail "monitor did not start"
i=0
while [ $i -lt 20 ]; do
	n hub $SA add in 0x3001 10.1.2.1 mymap 10 des md5 enc=$K_DES1 auth=$K_MD5_1 >/dev/null
	n hub $SA del in 0x3001 >/dev/null
	i=$((i + 1))
done
echo 0 >$fi/fail_packet/probability
sleep 1
spawn_stop $mon
capture_stop

inj=$(($(injected) - inj0)) lost=$(($(lost_total) - lost0))
events=$(($(events_lost) - events0))
log "faults injected: $inj; counted lost: $lost ($((lost - events)) packets, $events events)"
[ $inj -gt 0 ] || fail "no fault was injected"
assert_eq $inj $lost "drop_nomem + events_lost, all routers, against faults injected"
assert_eq "$other0" "$(other_drops)" "other drop counters"
assert_eq 0 "$($TCPDUMP -n -r /tmp/ktest-work/transit.pcap \
	'net 172.16.0.0/16 or net 192.168.0.0/16 or net 10.1.1.0/24' 2>/dev/null | wc -l)" \
	"LAN packets in clear at the transit"

# And all is well afterwards.
enc0=$(sa_field hub out 0x2002 encaps)
assert_eq 5 "$(pings host-s1 192.168.1.2 5)" "echo replies host-s1 -> host-s2 after"
assert_eq $((enc0 + 5)) "$(sa_field hub out 0x2002 encaps)" "hub out 0x2002 encaps after"
for r in $routers; do assert_running_cfg $r; done
