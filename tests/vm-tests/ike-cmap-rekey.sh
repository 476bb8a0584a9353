#!/bin/sh
# VM test (issue 4, test 3): rekeying under traffic on the kernel-cryptomap
# backend. The module's soft expiry makes charon rekey; the new SAs take over
# while a steady flow runs, and the old ones go only after.
#
# IOS (and cmapctl) accept no SA lifetime under 120 s, so the short lifetime
# is the volume one: the seed files plus "crypto ipsec security-association
# lifetime kilobytes 2560" (the IOS minimum) on all three routers. charon
# rekeys at 80-90 % of it (rekey_bytes less its jitter), so a flow of ~140
# KB/s, 100 pings of 1428 bytes a second from host-s1 to host-s2 through the
# hub, rekeys each of the hub's CHILD_SAs every 20-25 s. The flow runs long
# enough for each to be rekeyed at least three times. Loss: none expected
# (0 of 7000 across 8 rekeys measured), at most one echo per rekey allowed,
# each accounted for by the module (see below).
# Checks: the soft expiries came from the module (our log), each rekey
# installed a new SA pair on the same entry and line, every rekeyed SA went
# 5 s after charon stopped sending with it (kernel-cryptomap ends its
# inbound SA then, and charon deletes the CHILD_SA on that expiry), the
# module ends with exactly the SAs charon lists, with no XFRM state anywhere.
# ktest-timeout: 600
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "$KTEST_LIB/ike.sh"

SA=/usr/local/bin/cmap_sa
need_cmd "$CMAPCTL" "$CHARON" "$JQ" "$SA"
need_cryptomap
IKE_ROUTERS="hub spoke1 spoke2"
REKEYS=3

topo_build 2
for r in $IKE_ROUTERS; do
	sed '/^crypto ipsec transform-set /a crypto ipsec security-association lifetime kilobytes 2560' \
		"$(topo_cfg "$r")" >"$r.cfg"
	grep -q '^crypto ipsec security-association lifetime kilobytes 2560$' "$r.cfg" ||
		fail "$r.cfg: lifetime line not added"
done
ike_load_all /tmp/ktest-work
ike_seed_up
S2_ADDR=$(topo_host_addr spoke2)
HUBLOG=$(ike_rtdir hub)/charon.log

# SAs the hub's charon installed towards PEER (outbound, one per CHILD_SA).
installed() { # PEER
	grep -c "kernel-cryptomap: add_sa out spi [0-9a-f]* peer $1 " "$HUBLOG" || true
}
rekeyed() { # each of the hub's CHILD_SAs rekeyed REKEYS times
	[ "$(installed 10.1.2.1)" -gt "$REKEYS" ] && [ "$(installed 10.1.3.1)" -gt "$REKEYS" ]
}
assert_eq "1 1" "$(installed 10.1.2.1) $(installed 10.1.3.1)" "hub: one SA pair per spoke before the flow"

# --- the flow ------------------------------------------------------------------
# Counters from here on (the first packets were dropped waiting for IKE).
for r in $IKE_ROUTERS; do n "$r" $SA clear; done
# A fixed count, so that ping waits for the last reply: a flow stopped by a
# signal loses the echo in flight. 7000 echoes of 1428 bytes are 10 MB each
# way: four to five rekeys of each CHILD_SA (at 80-90 % of 2560 KB).
spawn host-s1 sh -c "$PING -n -q -i 0.01 -s 1400 -c 7000 $S2_ADDR >/tmp/ktest-work/flow.out 2>&1"
FLOW=$SPAWN_PID
start=$(date +%s)
flow_done() { grep -q ' packets transmitted' flow.out; }
wait_until 280 flow_done || fail "the flow did not end in time"
wait "$FLOW" 2>/dev/null || true
log "flow of $(($(date +%s) - start)) s"
sed 's/^/# flow: /' flow.out
rekeyed || fail "hub: $(installed 10.1.2.1) and $(installed 10.1.3.1) SA pairs after the flow, want more than $REKEYS each"
sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' flow.out)
got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' flow.out)
[ -n "$sent" ] && [ "$sent" -gt 1000 ] || fail "the flow sent too little: '$sent'"
lost=$((sent - got))
rekeys=$(($(installed 10.1.2.1) + $(installed 10.1.3.1) - 2))
log "flow: $sent echoes sent, $got answered, $lost lost across $rekeys rekeys of the hub's CHILD_SAs"
# The loss IKEv1 allows. The quick mode initiator installs both new SAs on
# the second message, the responder keys its reserved inbound SPI only on
# the third: ESP with the new SA that overtook that message would be dropped
# as ESP for a reservation (drop_larval). kernel-cryptomap lets the new
# outbound SA of a rekey take over 1 s after charon installs it (the old one
# carries the traffic meanwhile), so only a third message later than that
# loses echoes; without that delay 18 of 9000 were lost across 13 rekeys.
# When both ends rekey at once (both count the same bytes), charon settles
# the collision and may remove an inbound SA the other end still sends to
# for a moment: ESP for an SPI no longer known, left to the stack
# (in_not_ours). Each lost echo must be one of these; nothing else may drop;
# and at most one per rekey.
dropped=0
for r in $IKE_ROUTERS; do
	log "$r: $(n "$r" $SA stats | awk '($1 ~ /^drop_/ || $1 == "in_not_ours") && $2 != 0' | tr '\n' ' ')"
	dropped=$((dropped + $(n "$r" $SA stats drop_larval) + $(n "$r" $SA stats in_not_ours)))
	n "$r" $SA stats | awk '$1 ~ /^drop_/ && $1 != "drop_larval" && $2 != 0 { print "'"$r"'", $0; bad = 1 } END { exit bad }' ||
		fail "$r dropped packets other than ESP for a reservation"
done
log "ESP for an SPI not (yet or any more) keyed at its receiver during the rekeys: $dropped"
[ "$lost" -le "$dropped" ] || fail "$lost echoes lost, only $dropped accounted for by the rekeys"
[ "$lost" -le "$rekeys" ] || fail "$lost echoes lost across $rekeys rekeys: more than one per rekey"

# --- what happened -------------------------------------------------------------
# Each rekey started with the module's soft expiry at one end or the other
# (both ends count the same bytes; whichever charon hears first rekeys).
soft=0
for r in $IKE_ROUTERS; do
	c=$(grep -c 'kernel-cryptomap: soft expire of ' "$(ike_rtdir "$r")/charon.log" || true)
	log "$r: $c soft expiries from the module"
	soft=$((soft + c))
done
log "hub: $(installed 10.1.2.1) and $(installed 10.1.3.1) SA pairs"
[ "$soft" -ge "$rekeys" ] || fail "$soft soft expiries reached charon for $rekeys rekeys"
# Every outbound SA the hub installed towards a spoke sat on that spoke's
# entry and line (access list 110/120 line 20).
for p in "10.1.2.1 10 110" "10.1.3.1 20 120"; do
	set -- $p
	assert_eq 0 "$(grep "kernel-cryptomap: add_sa .* peer $1 " "$HUBLOG" |
		grep -Evc "peer $1 reqid [0-9]+: map mymap $2 \\(entry [0-9]+\\) access list $3 line 20,")" \
		"hub: the SAs to $1 on their entry and line"
done
# Settled: the module holds exactly the SAs charon has.
wait_until 20 ike_same_spis || { ike_show_spis; fail "the module's SAs are not the ones charon has"; }
log "hub: $(ike_module_spis hub | grep -c '^in ') inbound and $(ike_module_spis hub | grep -c '^out ') outbound SAs in the module, as charon has them"
# Rekeyed SAs do not linger: IKEv1 keeps a rekeyed CHILD_SA until it
# expires (here 2560 KB, which the old SA never reaches), but when charon
# removes its outbound SA, kernel-cryptomap gives its inbound SA 5 s more
# (ESP the peer sent before it switched), then the module's hard expiry
# makes charon delete the CHILD_SA and tell the peer. Every inbound SPI the
# hub retired that way is gone from the module and from charon, and no
# rekeyed CHILD_SA is left.
ended=$(sed -n 's/.*kernel-cryptomap: rekeyed in spi \([0-9a-f]*\) reqid [0-9]*: ends in 5 s .*/\1/p' "$HUBLOG")
log "hub: $(echo "$ended" | grep -c .) rekeyed inbound SAs given 5 s, $(grep -c 'closing expired CHILD_SA' "$HUBLOG" || true) CHILD_SAs closed at that expiry"
[ "$(echo "$ended" | grep -c .)" -ge $((2 * REKEYS)) ] || fail "hub: only $(echo "$ended" | grep -c .) rekeyed SAs ended early"
old_gone() {
	local s
	for s in $ended; do
		ike_module_spis hub | grep -q " $s\$" && return 1
		ike_charon_spis hub | grep -q " $s\$" && return 1
	done
	[ -z "$(n hub "$CMAPCTL" show -j crypto isakmp sa | $JQ -r '.[].children[] | select(.state != "INSTALLED") | .name')" ]
}
wait_until 30 old_gone || {
	ike_show_spis
	n hub "$CMAPCTL" show -j crypto isakmp sa | $JQ -r '.[].children[] | "\(.name) \(.state) \(.spi_in) \(.spi_out)"'
	fail "hub: rekeyed SAs linger"
}
wait_until 20 ike_same_spis || { ike_show_spis; fail "the module's SAs are not the ones charon has"; }
n hub "$CMAPCTL" show -j crypto isakmp sa | $JQ -r '.[] | .children[] | "\(.name) \(.state) in \(.spi_in) out \(.spi_out)"' |
	sed 's/^/# hub CHILD_SA: /'
log "hub: $(sed -n 's/.*kernel-cryptomap: add_sa in spi \([0-9a-f]*\) .*/\1/p' "$HUBLOG" | sort -u | wc -l) inbound SAs installed over the test, $(ike_module_spis hub | grep -c '^in ') left in the module"
assert_eq 1 "$(pings host-s1 "$S2_ADDR" 1)" "an echo after the flow"
for r in $IKE_ROUTERS; do
	assert_eq "" "$(n "$r" $IP xfrm state)" "$r: no XFRM state"
done
ike_assert_gone
