#!/bin/sh
# VM test (issue 4, tests 4 and 5): tunnels on the kernel-cryptomap backend
# lose their SAs under traffic and come back.
#
# 4. "clear crypto sa" on the hub while host-s1 pings host-s2 through it:
#    charon deletes the CHILD_SAs (and tells the spokes), the module drops
#    their SAs, the next packets renegotiate through the module's acquires;
#    the transit never sees a LAN address in clear, and the flow's last
#    echoes are all answered again.
# 5. charon killed (SIGKILL: nothing deleted) and started again: the module
#    keeps forwarding with the old SAs while charon is down; the new charon's
#    backend flushes them (nobody would rekey or delete them), and the tunnel
#    comes back: on Spoke1 with its next packet (its IKE SA carries
#    INITIAL_CONTACT, so the hub drops the old SAs too); on the hub, which
#    had the SAs to both spokes, by renegotiating what it had (the spokes'
#    own packets use SAs the hub no longer has, and IKEv1 without DPD would
#    not tell them). Afterwards every router's module holds exactly the SAs
#    its charon lists: nothing stale sends with dead keys.
# ktest-timeout: 600
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "$KTEST_LIB/ike.sh"

SA=/usr/local/bin/cmap_sa
need_cmd "$CMAPCTL" "$CHARON" "$JQ" "$SA" "$TCPDUMP"
need_cryptomap
IKE_ROUTERS="hub spoke1 spoke2"

topo_build 2
ike_load_all
ike_seed_up
S2_ADDR=$(topo_host_addr spoke2)

# A flow of COUNT echoes host-s1 -> host-s2, 20 a second, into FILE.
flow_start() { # FILE COUNT
	spawn host-s1 sh -c "$PING -n -i 0.05 -W 1 -c $2 $S2_ADDR >/tmp/ktest-work/$1 2>&1"
	FLOW=$SPAWN_PID
}
flow_wait() { # FILE: until ping's summary, then "sent received"
	local f=$1
	wait_until 120 grep -q ' packets transmitted' "$f" || fail "$f: the flow did not end"
	wait "$FLOW" 2>/dev/null || true
	sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 \2/p' "$f"
}
# The highest echo sequence number not answered in FILE (0: none).
last_lost() { # FILE COUNT
	awk -v count="$2" '/icmp_seq=/ { s = $0; sub(/.*icmp_seq=/, "", s); sub(/ .*/, "", s); got[s] = 1 }
		END { m = 0; for (i = 1; i <= count; i++) if (!(i in got)) m = i; print m }' "$1"
}
ike_same_spis || { ike_show_spis; fail "the module's SAs are not charon's after IKE"; }

# Kills ROUTER's charon (SIGKILL: it deletes nothing), checks that the
# module forwards on meanwhile, starts charon again and checks that its new
# backend flushed every SA the dead one had. Sets OLD (their SPIs) and LOG.
kill_restart() { # ROUTER
	local r=$1 p had
	OLD=$(ike_module_spis "$r" | cut -d' ' -f2 | tr '\n' ' ')
	had=$(n "$r" $SA show | wc -l)
	p=$(charons_in "$r")
	[ -n "$p" ] || fail "$r: no charon to kill"
	kill -KILL $p
	no_charon() { [ -z "$(charons_in "$r")" ]; }
	wait_until 10 no_charon || fail "$r: charon $p did not die"
	assert_eq 5 "$(pings host-s1 "$S2_ADDR" 5)" "charon down on $r: the module still forwards with its SAs"
	n "$r" "$CMAPCTL" charon start >start.out 2>&1 || { cat start.out; fail "$r: charon start"; }
	LOG=$(ike_rtdir "$r")/charon.log
	wait_until 10 grep -q "kernel-cryptomap: IPsec backend created.* $had SAs of ipsec-isakmp entries left by an earlier charon flushed" "$LOG" || {
		grep 'kernel-cryptomap: IPsec backend created' "$LOG"
		fail "$r: the new backend did not flush the $had SAs of the killed charon"
	}
}
# Not one of the SPIs in OLD is left in any module.
none_left() { # WHAT
	local s r
	for s in $OLD; do
		for r in $IKE_ROUTERS; do
			ike_module_spis "$r" | grep -q " $s\$" && fail "$r: $1 SA $s is still there"
		done
	done
	return 0
}


# --- 4. clear crypto sa under traffic --------------------------------------------
OLD=$(ike_module_spis hub | cut -d' ' -f2 | tr '\n' ' ')
spawn transit $TCPDUMP -n -U -i any -w /tmp/ktest-work/clear.pcap ip
CAPTURE=$SPAWN_PID
sleep 1
flow_start clear.out 400
sleep 3
n hub "$CMAPCTL" clear crypto sa || fail "hub: clear crypto sa"
set -- $(flow_wait clear.out)
sleep 0.5
spawn_stop "$CAPTURE"
log "clear crypto sa under a flow of $1 echoes: $2 answered, $(($1 - $2)) lost while renegotiating"
lastlost=$(last_lost clear.out "$1")
log "last echo lost: #$lastlost of $1"
[ "$lastlost" -lt $(($1 - 100)) ] || fail "the tunnels did not carry the last 100 echoes after clear crypto sa"
none_left "a cleared"
wait_until 20 ike_same_spis || { ike_show_spis; fail "the module's SAs are not charon's after clear crypto sa"; }
ip=$($TCPDUMP -n -r clear.pcap ip 2>/dev/null | grep ' In  IP ' || true)
assert_eq 0 "$(printf '%s\n' "$ip" | grep -Ec '172\.16\.|192\.168\.|10\.1\.1\.')" \
	"transit: no LAN address in clear while the SAs were renegotiated"
log "transit: $(printf '%s\n' "$ip" | grep -c ': ESP(') ESP packets, $(printf '%s\n' "$ip" | grep -c 'isakmp') IKE"

# --- 5a. Spoke1's charon killed and started again ----------------------------------------
kill_restart spoke1
assert_eq "" "$(ike_module_spis spoke1)" "spoke1: no SA left after the restart"
flow_start restart1.out 200
set -- $(flow_wait restart1.out)
log "Spoke1 restarted: $2 of $1 echoes answered ($(($1 - $2)) lost while renegotiating)"
[ "$(last_lost restart1.out "$1")" -lt $(($1 - 100)) ] ||
	fail "the tunnel did not come back after Spoke1's restart"
none_left "Spoke1's old"
wait_until 20 ike_same_spis || { ike_show_spis; fail "the module's SAs are not charon's after Spoke1's restart"; }

# --- 5b. the hub's charon killed and started again ---------------------------------------
kill_restart hub
wait_until 60 ike_up hub 2 || { ike_show_spis; fail "hub: did not renegotiate the tunnels it had"; }
assert_eq 2 "$(grep -c 'kernel-cryptomap: renegotiating reqid ' "$LOG")" \
	"hub: the backend renegotiated the two lines that had SAs, no packet needed"
flow_start restarth.out 100
set -- $(flow_wait restarth.out)
log "hub restarted: $2 of $1 echoes answered"
assert_eq "$1" "$2" "every echo answered after the hub's restart"
none_left "the hub's old"
wait_until 20 ike_same_spis || { ike_show_spis; fail "the module's SAs are not charon's after the hub's restart"; }
for r in $IKE_ROUTERS; do
	assert_eq "" "$(n "$r" $IP xfrm state)" "$r: no XFRM state"
done
ike_assert_gone
