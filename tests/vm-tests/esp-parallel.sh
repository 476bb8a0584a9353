#!/bin/sh
# Parallel crypto of one SA (crypto_parallel=1): every online CPU encrypts
# and decrypts the packets of one SA, which still leave in the order of
# their sequence numbers and are handed on in the order they arrived. With
# the module reloaded so, TCP (iperf3, 3 s each way) and 200 echoes in
# flood mode go through the hub relay, as in esp-tcp: packets were handed
# to other CPUs (a CPU does its own turns itself; the handed ones show in
# tracefs' workqueue events), each SA's ESP crossed the transit in strictly
# increasing sequence numbers (captured), neither host's TCP ever queued a
# segment out of order, the default replay window (64) never rejected a
# packet, and every packet sent protected was received. Then again with
# crypto_async=2 as well (each request waits in cryptd). Last, queues of
# one request overrun under a flood: every packet lost is counted once.
# First, a queue limit out of range (0) is refused at load.
# ktest-timeout: 600
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"
need_cmd $IPERF3
esp_reload_trap

# A queue limit out of range is refused at load, with a message.
rmmod cryptomap
assert_fails "crypto_parallel_queue=0 accepted" insmod "$CMAP_KO" crypto_parallel=1 crypto_parallel_queue=0
assert_match 'crypto_parallel_queue must be 1 to 65536' "$(dmesg | tail -n 20)" "message of the refused load"
insmod "$CMAP_KO"

tr=/sys/kernel/tracing
[ -e $tr/events/workqueue/workqueue_execute_start/enable ] ||
	fail "no tracefs workqueue events"
listening() { n host-s2 $SS -ltn | grep -q ':5201'; }
min=$((1000000 / ${KTEST_SLOWDOWN:-1}))

round() { # MODULE-PARAMS...
	local out bytes cpu c spi lost all=0
	log "cryptomap.ko $*"
	esp_reload "$@"
	assert_eq 1 "$(cat /sys/module/cryptomap/parameters/crypto_parallel)" "crypto_parallel"
	esp_seed
	# The hosts' TCP sends from the CPU where its ACKs arrive too, which
	# crypto_parallel moves: keep each flow on one CPU into the spokes.
	topo_lan_steer 0
	# Path MTU discovery first (full-size echoes with DF): its drops and the
	# retransmissions after them would reorder TCP's first segments.
	n host-s1 $PING -M do -s 1472 -c 2 -W 1 192.168.1.2 >/dev/null 2>&1 || true
	n host-s2 $PING -M do -s 1472 -c 2 -W 1 172.16.1.2 >/dev/null 2>&1 || true
	assert_match ' mtu 1446 ' "$(n host-s1 $IP route get 192.168.1.2)" "host-s1's path MTU"
	assert_match ' mtu 1446 ' "$(n host-s2 $IP route get 172.16.1.2)" "host-s2's path MTU"
	ofo0=$(($(snmp_stat host-s1 TcpExt TCPOFOQueue) + $(snmp_stat host-s2 TcpExt TCPOFOQueue)))
	echo 0 >$tr/tracing_on
	echo >$tr/trace
	echo 1 >$tr/events/workqueue/workqueue_execute_start/enable
	echo 1 >$tr/tracing_on
	# Headers only, and a big buffer, so that the capture keeps up.
	spawn transit $TCPDUMP -n -U -s 80 -B 65536 -i any -w /tmp/ktest-work/par.pcap esp \
		2>/tmp/ktest-work/par.err
	cap=$SPAWN_PID
	sleep 1
	for dir in '' -R; do
		spawn host-s2 $IPERF3 -A 0 -s -1 -B 192.168.1.2
		wait_until 10 listening || fail "iperf3 server did not start"
		# shellcheck disable=SC2086 # dir is one option or none
		out=$(n host-s1 $IPERF3 -A 0 -c 192.168.1.2 -t 3 $dir -J) ||
			fail "iperf3 $dir failed"
		bytes=$(printf '%s\n' "$out" | jq '.end.sum_received.bytes')
		log "iperf3 $dir: $bytes bytes in 3 s"
		[ "$bytes" -gt $min ] || fail "only $bytes bytes received ($dir)"
	done
	n host-s1 $PING -n -q -f -c 200 192.168.1.2 >/tmp/ktest-work/flood 2>&1 || true
	assert_match ' 200 received' "$(cat /tmp/ktest-work/flood)" "flood echo replies"
	sleep 1.5
	spawn_stop $cap
	echo 0 >$tr/events/workqueue/workqueue_execute_start/enable

	assert_eq "$ofo0" "$(($(snmp_stat host-s1 TcpExt TCPOFOQueue) + $(snmp_stat host-s2 TcpExt TCPOFOQueue)))" \
		"segments the hosts' TCP queued out of order"
	# Packets were handed to other CPUs.
	for cpu in $(seq 0 $(($(nproc) - 1))); do
		c=$(grep -c "\[00$cpu\].*function cmap_par_crypt_work" $tr/trace || true)
		log "CPU $cpu: $c runs of the crypto work"
		all=$((all + c))
	done
	[ "$all" -gt 0 ] || fail "no packet was handed to another CPU"
	echo >$tr/trace

	# Nothing lost, nothing rejected: only path MTU discovery's drops.
	for r in hub spoke1 spoke2; do
		assert_eq "" "$(drops $r | grep -v '^drop_frag_needed ')" "$r drops"
	done
	assert_eq "$(sa_field spoke1 out 0x1001 encaps)" "$(sa_field hub in 0x1001 decaps)" "spoke1 -> hub"
	assert_eq "$(sa_field hub out 0x2002 encaps)" "$(sa_field spoke2 in 0x2002 decaps)" "hub -> spoke2"
	assert_eq "$(sa_field spoke2 out 0x2001 encaps)" "$(sa_field hub in 0x2001 decaps)" "spoke2 -> hub"
	assert_eq "$(sa_field hub out 0x1002 encaps)" "$(sa_field spoke1 in 0x1002 decaps)" "hub -> spoke1"

	# On the wire, each SA's sequence numbers only go up, every one there.
	$TCPDUMP -n -r /tmp/ktest-work/par.pcap 2>/dev/null | grep ' In  IP ' |
		sed -n 's/.*ESP(spi=\(0x[0-9a-f]*\),seq=\(0x[0-9a-f]*\)).*/\1 \2/p' \
		>/tmp/ktest-work/seqs
	for spi in 0x00001001 0x00001002 0x00002001 0x00002002; do
		awk -v s=$spi 'function hex(x,  i, v) {
				v = 0
				for (i = 3; i <= length(x); i++)
					v = v * 16 + index("0123456789abcdef", substr(x, i, 1)) - 1
				return v }
			$1 == s { n++; q = hex($2)
			if (q <= last) { printf "%d after %d\n", q, last; bad++ }
			last = q }
			END { printf "%d %d\n", n, bad }' /tmp/ktest-work/seqs >/tmp/ktest-work/order
		log "SPI $spi: $(tail -n 1 /tmp/ktest-work/order) (packets, out of order)"
		assert_eq 0 "$(tail -n 1 /tmp/ktest-work/order | cut -d' ' -f2)" "SPI $spi out of order on the wire"
	done
	# Every one of them, unless the capture itself fell behind.
	lost=$(sed -n 's/^\([0-9]*\) packets dropped by kernel$/\1/p' /tmp/ktest-work/par.err)
	if [ "${lost:-0}" = 0 ]; then
		assert_eq "$(sa_field spoke1 out 0x1001 encaps)" \
			"$(awk '$1 == "0x00001001"' /tmp/ktest-work/seqs | wc -l)" "0x1001 packets at the transit"
	else
		log "the capture lost $lost packets: not counting them"
	fi
	for ns in $ktest_netns; do $IP netns del "$ns"; done
	ktest_netns=""
}

round crypto_parallel=1
round crypto_parallel=1 crypto_async=2

# A full queue drops and counts: with room for 1 request per SA and every
# request waiting in cryptd, 300 flood echoes, 100 at a time, overrun the
# queues. Every packet lost that way is counted once, as drop_backlog and
# as an error of its SA; nothing else is dropped, and the tunnel works
# after.
log "cryptomap.ko crypto_parallel=1 crypto_parallel_queue=1 crypto_async=2"
esp_reload crypto_parallel=1 crypto_parallel_queue=1 crypto_async=2
esp_seed
n host-s1 $PING -n -q -f -l 100 -c 300 192.168.1.2 >/tmp/ktest-work/flood 2>&1 || true
log "$(tail -n 2 /tmp/ktest-work/flood | head -n 1)"
sleep 1
total=0
for r in hub spoke1 spoke2; do
	b=$(stat_of $r drop_backlog) e=0
	case $r in
	hub) sas="in 0x1001 out 0x1002 in 0x2001 out 0x2002" ;;
	spoke1) sas="in 0x1002 out 0x1001" ;;
	spoke2) sas="in 0x2002 out 0x2001" ;;
	esac
	set -- $sas
	while [ $# -gt 0 ]; do
		f=send_errors
		[ "$1" = in ] && f=recv_errors
		e=$((e + $(sa_field $r "$1" "$2" $f)))
		shift 2
	done
	log "$r: drop_backlog $b, SA errors $e"
	assert_eq "$b" "$e" "$r: drop_backlog against its SAs' errors"
	assert_eq "" "$(drops $r | grep -v '^drop_backlog ')" "$r: other drops"
	total=$((total + b))
done
[ "$total" -gt 0 ] || fail "no queue overran"
# What the hosts lost is what the queues dropped (an echo or its reply).
got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' /tmp/ktest-work/flood)
[ $((300 - got)) -le "$total" ] ||
	fail "host-s1 lost $((300 - got)) echoes, the queues dropped only $total packets"
assert_eq 5 "$(pings host-s1 192.168.1.2 5)" "echo replies host-s1 -> host-s2 after"
