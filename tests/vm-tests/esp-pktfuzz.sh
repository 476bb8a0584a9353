#!/bin/sh
# Packet fuzzing (issue 6, item 2): from the transit, as if from spoke1, the
# hub gets mutated ESP (unknown, zero and live SPIs; every length; random
# bytes; bit flips; replays; bad padding, next headers and inner headers
# under a valid ICV; IP options; fragments; ESP in ESP up to 4 deep) and
# mutated cleartext that its crypto map protects, while host-s1 pings
# host-hub through the tunnel. Every injected packet ends in the counter of
# its kind, exactly; the tunnel keeps working; the transit never sees the
# protected flow in clear. Then host-hub sends mutated cleartext (random
# protocols, lengths, options, fragments) that the hub must protect: every
# packet leaves it in ESP. The routers' running-configs are still the ones
# loaded.
# 50,000 packets on Debian's kernel (about 15 s under TCG); 20,000 on
# KERNEL=debug (the whole test about 350 s there). CMAP_FUZZ_COUNT and
# CMAP_FUZZ_SEED override them (VM_ARGS="ktest.env=CMAP_FUZZ_COUNT=1000000",
# and TEST_TIMEOUT to match; see Documentation/testing.md).
# The fuzzer predicts the counters for packets handled one after the other,
# as crypto_parallel=0 does: the module is reloaded so. (With parallel
# crypto an ESP packet nested in another of the same SA is judged after the
# packets that arrived meanwhile, so the replay window may see it later.)
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"
FUZZ=$PKTFUZZ
esp_reload_trap
esp_reload crypto_parallel=0

count=50000
ktest_debug_kernel && count=20000
count=${CMAP_FUZZ_COUNT:-$count}
seed=${CMAP_FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
# The debug kernel frees what the flood allocates (routes, kmemleak's and
# debugobjects' records) only after RCU grace periods, which fall behind
# under a long flood: a million packets without a pause ran a 1 GB VM out
# of memory. Long runs there pause 5 s every 20,000 packets to catch up.
drain=''
ktest_debug_kernel && [ "$count" -gt 100000 ] && drain='-P 20000,5000'

esp_seed_fuzz
# The cleartext goes from the transit straight to the hub's crypto map
# interface.
$IP -n transit route add 10.1.1.0/24 via 10.1.4.1
assert_eq 3 "$(pings host-s1 10.1.1.2 3)" "echo replies host-s1 -> host-hub before"

stat_names="in_not_ours drop_zero_spi drop_malformed drop_auth drop_replay
	drop_trailer drop_next_header drop_dummy drop_inner drop_selector
	drop_cleartext drop_nesting in_decrypted"
snapshot() { # FILE: every counter the fuzzer predicts
	{
		n hub $SA stats | awk '{ print $1, $2 }'
		echo "fuzz_sa_decaps $(sa_field hub in 0x3001 decaps)"
		echo "fuzz_sa_auth $(sa_field hub in 0x3001 auth_fail)"
		echo "real_sa_auth $(sa_field hub in 0x1001 auth_fail)"
		echo "real_sa_decaps $(sa_field hub in 0x1001 decaps)"
		echo "icmp_in_echo_reps $(snmp_stat hub Icmp InEchoReps)"
	} >"$1"
}
softnet_drops() { # packets the per-CPU backlogs dropped, all CPUs
	local s=0 a b
	while read -r a b _; do s=$((s + 0x$b)); done </proc/net/softnet_stat
	echo $s
}
slab_kb() { awk '$1 == "SUnreclaim:" { print $2 }' /proc/meminfo; }
val() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }

cap=/tmp/ktest-work/fuzz.pcap
# Only what matters, so that the capture keeps up: the protected flow in
# clear (must be none), and the hub's ESP back to spoke1 (must be some).
spawn transit $TCPDUMP -n -U -i any -w $cap \
	'(host 172.16.1.2 and host 10.1.1.2) or (esp and src 10.1.4.1)'
capture=$SPAWN_PID
sleep 1
snapshot before
softnet0=$(softnet_drops)
slab0=$(slab_kb)

log "fuzzing with seed $seed, $count packets${drain:+ ($drain)}"
# shellcheck disable=SC2086 # PKTFUZZ_HUB and drain are lists of arguments
spawn transit $FUZZ -s "$seed" -n "$count" -p 64 $drain $PKTFUZZ_HUB >fuzz.out
fuzzer=$SPAWN_PID
# The tunnel works all along: rounds of 3 echoes until the fuzzer is done.
rounds=0 sent=0 got=0
while kill -0 $fuzzer 2>/dev/null && [ $rounds -lt $((1000 + count / 50)) ]; do
	got=$((got + $(pings host-s1 10.1.1.2 3)))
	sent=$((sent + 3)) rounds=$((rounds + 1))
done
wait_until $((120 * KTEST_SLOWDOWN)) sh -c "! kill -0 $fuzzer 2>/dev/null" ||
	fail "the fuzzer did not finish"
grep -q '^expect icmp_in_echo_reps' fuzz.out || fail "fuzzer: $(cat fuzz.out)"
log "echo replies during the fuzzing: $got of $sent"
log "unreclaimable slab: $slab0 kB before the fuzzing, $(slab_kb) kB after"
[ $sent -gt 0 ] && [ $got -gt $((sent / 2)) ] ||
	fail "the tunnel lost more than half the echoes under fuzzing"
assert_eq 5 "$(pings host-s1 10.1.1.2 5)" "echo replies host-s1 -> host-hub after"
sleep 1
spawn_stop $capture
snapshot after
softnet1=$(softnet_drops)
[ "$softnet0" = "$softnet1" ] ||
	log "backlog drops (softnet_stat) during the run: $((softnet1 - softnet0))"
sed 's/^/# /' fuzz.out

# Every counter the fuzzer predicted moved by exactly that much; the live
# SA's decapsulations add to the packets handed to the stack.
for c in $stat_names fuzz_sa_decaps fuzz_sa_auth real_sa_auth icmp_in_echo_reps; do
	exp=$(awk -v k="$c" '$1 == "expect" && $2 == k { print $3 }' fuzz.out)
	[ "$c" = in_decrypted ] &&
		exp=$((exp + $(val after real_sa_decaps) - $(val before real_sa_decaps)))
	assert_eq "$exp" "$(($(val after "$c") - $(val before "$c")))" "hub $c delta"
done
# And no other drop.
for c in $(awk '$1 ~ /^drop_/ { print $1 }' after); do
	case " $(echo $stat_names) " in *" $c "*) continue ;; esac
	assert_eq "$(val before "$c")" "$(val after "$c")" "hub $c (not injected)"
done
assert_eq "" "$(drops spoke1)$(drops spoke2)" "spoke drops"

clear=$($TCPDUMP -n -r $cap 'host 172.16.1.2 and host 10.1.1.2' 2>/dev/null | wc -l)
esp=$($TCPDUMP -n -r $cap 'esp and src 10.1.4.1' 2>/dev/null | wc -l)
assert_eq 0 "$clear" "protected flow in clear at the transit"
[ "$esp" -gt 0 ] || fail "no ESP from the hub at the transit"
log "transit: $esp ESP packets of the hub, 0 of the protected flow in clear"

# Outbound: mutated cleartext from host-hub's LAN to spoke1's, which the hub
# protects, every packet (none needs fragmenting: at most 1,259 bytes).
out_count=$((count / 10))
spawn transit $TCPDUMP -n -U -i any -w out.pcap 'net 10.1.1.0/24 and net 172.16.1.0/24'
capture=$SPAWN_PID
sleep 1
protected0=$(stat_of hub out_protected)
n host-hub $FUZZ -s "$seed" -n $out_count -p 64 -K clear -a 10.1.2.1 -d 10.1.4.1 \
	-f 0x3001,$K_FUZZ -r 0x1001,8,8,12 -i 172.16.1.0,10.1.1.1 \
	-x 10.1.1.0,172.16.1.0 >out.out
sleep 1
spawn_stop $capture
assert_eq "sent clear $out_count" "$(grep '^sent clear' out.out)" "cleartext sent by host-hub"
assert_eq $((protected0 + out_count)) "$(stat_of hub out_protected)" "hub out_protected"
assert_eq 0 "$($TCPDUMP -n -r out.pcap 2>/dev/null | wc -l)" "LAN to LAN packets in clear at the transit"
assert_eq "" "$(drops hub | grep -v -E "^($(echo $stat_names | tr ' ' '|')) ")" "other hub drops"
log "host-hub: $out_count mutated cleartext packets, all protected"
for r in hub spoke1 spoke2; do assert_running_cfg $r; done
