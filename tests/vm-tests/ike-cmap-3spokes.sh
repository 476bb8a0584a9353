#!/bin/sh
# VM test (issue 4, test 6): the third spoke, on the kernel-cryptomap backend.
#
# As published, hub-3spokes.cfg with spoke1.cfg, spoke2.cfg and spoke3.cfg:
# - "cmapctl check" of the four files reports each line that has no mirror
#   on the other end (Spoke3's access-list 130 names 172.168.2.0, Spoke1's
#   and Spoke2's lists were not extended for Spoke3's LAN);
# - at run time the hub's first packet for Spoke3's LAN makes its charon
#   negotiate: main mode succeeds, quick mode fails on the selectors (Spoke3:
#   "no matching CHILD_SA config found for 10.1.1.0/24 === 172.16.2.0/24",
#   the hub: INVALID_ID_INFORMATION), the hub keeps an IKE SA without a
#   CHILD_SA and no SA in the module; Spoke3's own packets match no line of
#   its access list: they leave in clear (counted) and trigger nothing.
# Corrected (the files in ike-3spokes/, derived from the seed and checked
# against it here): spoke3.cfg's access list names 172.16.2.0, Spoke1's and
# Spoke2's lists mirror the hub's new lines, and the two missing routes are
# there. Reloaded into the running charons, every spoke's LAN reaches the
# others' through the hub, which decrypts and encrypts again: five echoes
# for each pair of spokes and five from the hub's LAN to Spoke3's, and each
# of the hub's fourteen SAs (seven CHILD_SAs, one per access-list line that
# carried traffic) counts exactly five packets in its own direction.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "$KTEST_LIB/ike.sh"

SA=/usr/local/bin/cmap_sa
FIXED=${0%/*}/ike-3spokes
need_cmd "$CMAPCTL" "$CHARON" "$JQ" "$SA"
need_cryptomap
IKE_ROUTERS="hub spoke1 spoke2 spoke3"

# --- the corrected files are the seed's plus exactly these lines ---------------
# Lines of A not in B, comments left out.
only_in() { grep -vxF -f "$2" "$1" | grep -v '^!' || true; }
assert_eq "ip route 172.16.2.0 255.255.255.0 Ethernet1
access-list 110 permit ip 172.16.1.0 0.0.0.255 172.16.2.0 0.0.0.255" \
	"$(only_in "$FIXED/spoke1.cfg" "$SEED_DIR/spoke1.cfg")" "spoke1.cfg: the lines added"
assert_eq "access-list 120 permit ip 192.168.1.0 0.0.0.255 172.16.2.0 0.0.0.255" \
	"$(only_in "$FIXED/spoke2.cfg" "$SEED_DIR/spoke2.cfg")" "spoke2.cfg: the line added"
assert_eq "ip route 192.168.1.0 255.255.255.0 Ethernet1
access-list 130 permit ip 172.16.2.0 0.0.0.255 172.16.1.0 0.0.0.255
access-list 130 permit ip 172.16.2.0 0.0.0.255 10.1.1.0 0.0.0.255
access-list 130 permit ip 172.16.2.0 0.0.0.255 192.168.1.0 0.0.0.255" \
	"$(only_in "$FIXED/spoke3.cfg" "$SEED_DIR/spoke3.cfg")" "spoke3.cfg: the lines corrected"
for r in spoke1 spoke2; do
	assert_eq "" "$(only_in "$SEED_DIR/$r.cfg" "$FIXED/$r.cfg")" "$r.cfg: nothing removed"
done
assert_eq "access-list 130 permit ip 172.168.2.0 0.0.0.255 172.16.1.0 0.0.0.255
access-list 130 permit ip 172.168.2.0 0.0.0.255 10.1.1.0 0.0.0.255
access-list 130 permit ip 172.168.2.0 0.0.0.255 192.168.1.0 0.0.0.255" \
	"$(only_in "$SEED_DIR/spoke3.cfg" "$FIXED/spoke3.cfg")" "spoke3.cfg: only the wrong lines replaced"

# --- cmapctl check: the mirror defects, as published ----------------------------
st=0
(cd "$SEED_DIR" && "$CMAPCTL" check hub-3spokes.cfg spoke1.cfg spoke2.cfg spoke3.cfg) >check.out 2>&1 || st=$?
sed 's/^/# check: /' check.out
assert_eq 1 "$st" "check as published: warnings (exit status 1)"
assert_eq "hub-3spokes.cfg:52: warning: access-list 110: 'permit ip 172.16.2.0 0.0.0.255 172.16.1.0 0.0.0.255' has no mirror in spoke1.cfg access-list 110 (crypto map mymap 10)
hub-3spokes.cfg:54: warning: access-list 120: 'permit ip 172.16.2.0 0.0.0.255 192.168.1.0 0.0.0.255' has no mirror in spoke2.cfg access-list 120 (crypto map mymap 10)
hub-3spokes.cfg:56: warning: access-list 130: 'permit ip 10.1.1.0 0.0.0.255 172.16.2.0 0.0.0.255' has no mirror in spoke3.cfg access-list 130 (crypto map mymap 10)
hub-3spokes.cfg:57: warning: access-list 130: 'permit ip 192.168.1.0 0.0.0.255 172.16.2.0 0.0.0.255' has no mirror in spoke3.cfg access-list 130 (crypto map mymap 10)
hub-3spokes.cfg:58: warning: access-list 130: 'permit ip 172.16.1.0 0.0.0.255 172.16.2.0 0.0.0.255' has no mirror in spoke3.cfg access-list 130 (crypto map mymap 10)
spoke3.cfg:38: warning: access-list 130: 'permit ip 172.168.2.0 0.0.0.255 172.16.1.0 0.0.0.255' has no mirror in hub-3spokes.cfg access-list 130 (crypto map mymap 30)
spoke3.cfg:39: warning: access-list 130: 'permit ip 172.168.2.0 0.0.0.255 10.1.1.0 0.0.0.255' has no mirror in hub-3spokes.cfg access-list 130 (crypto map mymap 30)
spoke3.cfg:40: warning: access-list 130: 'permit ip 172.168.2.0 0.0.0.255 192.168.1.0 0.0.0.255' has no mirror in hub-3spokes.cfg access-list 130 (crypto map mymap 30)" \
	"$(grep 'has no mirror' check.out)" "check: every line without a mirror, on both ends"
grep -qxF "spoke3.cfg:38: warning: access-list 130: source 172.168.2.0 0.0.0.255 is neither a connected network nor routed here (Ethernet0 is 172.16.2.0/24)" check.out ||
	fail "check: Spoke3's source address not reported"
grep -qxF "spoke3.cfg:40: warning: access-list 130: no route to destination 192.168.1.0 0.0.0.255" check.out ||
	fail "check: Spoke3's missing route not reported"
# Corrected: nothing but the seed's weak algorithms.
st=0
"$CMAPCTL" check "$SEED_DIR/hub-3spokes.cfg" "$FIXED/spoke1.cfg" "$FIXED/spoke2.cfg" \
	"$FIXED/spoke3.cfg" >check2.out 2>&1 || st=$?
assert_eq "" "$(grep -v ': warning: \(isakmp policy 10\|transform set myset\): weak ' check2.out)" \
	"check of the corrected files: only the weak algorithms"
assert_eq 1 "$st" "check of the corrected files: exit status 1 (the weak algorithms)"

# --- as published, at run time ----------------------------------------------------
topo_build 3
ike_load_all
HUB_LAN_HOST=$(topo_host_addr hub) S3=$(topo_host_addr spoke3)
# The hub's first packet for Spoke3's LAN (access-list 130 line 10) makes it
# negotiate with Spoke3, whose children all have 172.168.2.0/24 as their
# local selector.
HUBLOG=$(ike_rtdir hub)/charon.log S3LOG=$(ike_rtdir spoke3)/charon.log
qm_refused() {
	pings host-hub "$S3" 1 >/dev/null
	grep -qF 'no matching CHILD_SA config found for 10.1.1.0/24 === 172.16.2.0/24' "$S3LOG" &&
		grep -qF 'received INVALID_ID_INFORMATION error notify' "$HUBLOG"
}
wait_until 90 qm_refused || fail "no quick mode refusal logged"
grep -hF -e 'no matching CHILD_SA config found' -e 'INVALID_ID_INFORMATION' "$S3LOG" "$HUBLOG" |
	sed 's/^/# charon: /' | head -n 4
assert_eq 0 "$(pings host-hub "$S3" 3)" "as published: the hub's LAN does not reach Spoke3's"
# The IKE SA is up (main mode agreed on the proposal and the key); no
# CHILD_SA, none in the module.
assert_eq "10.1.5.1 ESTABLISHED QM_IDLE 0" \
	"$(n hub "$CMAPCTL" show -j crypto isakmp sa | $JQ -r '.[] | "\(.remote_host) \(.state) \(.ios_state) \(.children | length)"')" \
	"hub: an IKE SA with Spoke3 and no CHILD_SA"
n hub "$CMAPCTL" show crypto isakmp sa | sed 's/^/# hub: /'
hub_no_sa() { [ -z "$(n hub $SA show)" ]; }
wait_until 20 hub_no_sa || { n hub $SA show; fail "hub: SAs left in the module"; }
assert_eq 0 "$(n spoke3 "$CMAPCTL" show -j crypto isakmp sa | $JQ '[.[].children[]] | length')" \
	"spoke3: no CHILD_SA"
# Spoke3's own traffic matches no line of its access list (172.168.2.0):
# sent in clear, no acquire, dropped by the transit, which routes no LAN.
n spoke3 $SA clear
assert_eq 0 "$(pings host-s3 "$HUB_LAN_HOST" 3)" "as published: Spoke3's LAN does not reach the hub's"
assert_eq "3 0" "$(n spoke3 $SA stats out_clear_nomatch) $(n spoke3 $SA stats acquires)" \
	"spoke3: its three echoes left in clear, no line matched, no IKE"

# --- corrected, reloaded into the running charons ------------------------------
for r in spoke1 spoke2 spoke3; do
	ike_load "$r" "$FIXED/$r.cfg"
	cfg_routes "$FIXED/$r.cfg" | while read -r pfx via; do
		$IP -n "$r" route replace "$pfx" dev "$via"
	done
done
# Every pair: the first echoes trigger IKE (quick mode only, where the spoke
# already has an IKE SA with the hub), then one is answered.
answered() { [ "$(pings "$1" "$2" 1)" = 1 ]; }
for p in "host-s1 spoke2" "host-s1 spoke3" "host-s2 spoke3" "host-hub spoke3"; do
	set -- $p
	wait_until 90 answered "$1" "$(topo_host_addr "$2")" || {
		ike_show_spis
		fail "$1 does not reach the host behind $2"
	}
done
# The hub: one IKE SA per spoke, one CHILD_SA per access-list line that
# carried traffic; each spoke one IKE SA, one CHILD_SA per other LAN.
children() { # ROUTER: "peer names of INSTALLED CHILD_SAs" per IKE SA
	n "$1" "$CMAPCTL" show -j crypto isakmp sa | $JQ -r 'sort_by(.remote_host)[] |
		"\(.remote_host) \(.state) \([.children[] | select(.state == "INSTALLED") | .name] | sort | join(" "))"'
}
assert_eq "10.1.2.1 ESTABLISHED mymap-10-110-20 mymap-10-110-30
10.1.3.1 ESTABLISHED mymap-20-120-20 mymap-20-120-30
10.1.5.1 ESTABLISHED mymap-30-130-10 mymap-30-130-20 mymap-30-130-30" \
	"$(children hub)" "hub: three IKE SAs, seven CHILD_SAs"
assert_eq "10.1.4.1 ESTABLISHED mymap-10-110-20 mymap-10-110-30" "$(children spoke1)" "spoke1: its CHILD_SAs"
assert_eq "10.1.4.1 ESTABLISHED mymap-10-120-10 mymap-10-120-30" "$(children spoke2)" "spoke2: its CHILD_SAs"
assert_eq "10.1.4.1 ESTABLISHED mymap-10-130-10 mymap-10-130-20 mymap-10-130-30" "$(children spoke3)" "spoke3: its CHILD_SAs"
wait_until 20 ike_same_spis || { ike_show_spis; fail "the module's SAs are not the ones charon has"; }

# --- five echoes each way, counted on every SA of the hub ---------------------------
# Counters from here on: the first packets' drops (waiting for IKE, or ESP
# that overtook the third quick mode message, as IKEv1 allows) are forgotten.
for r in $IKE_ROUTERS; do n "$r" $SA clear; done
for p in "host-s1 spoke2" "host-s1 spoke3" "host-s2 spoke3" "host-hub spoke3"; do
	set -- $p
	assert_eq 5 "$(pings "$1" "$(topo_host_addr "$2")" 5 -s 72)" "five echoes $1 -> $2's LAN answered"
done
n hub "$CMAPCTL" show crypto engine connections active | sed 's/^/# hub: /'
assert_eq "in 10.1.2.1 10 20 0 5
in 10.1.2.1 10 30 0 5
in 10.1.3.1 20 20 0 5
in 10.1.3.1 20 30 0 5
in 10.1.5.1 30 10 0 5
in 10.1.5.1 30 20 0 5
in 10.1.5.1 30 30 0 5
out 10.1.2.1 10 20 5 0
out 10.1.2.1 10 30 5 0
out 10.1.3.1 20 20 5 0
out 10.1.3.1 20 30 5 0
out 10.1.5.1 30 10 5 0
out 10.1.5.1 30 20 5 0
out 10.1.5.1 30 30 5 0" \
	"$(n hub "$CMAPCTL" show -j crypto ipsec sa | $JQ -r '.[] |
		"\(.dir) \(.peer) \(.entry_seq) \(.line) \(.counters.encrypt) \(.counters.decrypt)"' | sort)" \
	"hub: each SA counted five packets in its own direction (dir peer seq line encrypt decrypt)"
for r in $IKE_ROUTERS; do
	n "$r" $SA stats | awk '$1 ~ /^drop_/ && $2 != 0 { print; bad = 1 } END { exit bad }' ||
		fail "$r dropped packets"
	assert_eq "" "$(n "$r" $IP xfrm state)" "$r: no XFRM state"
done
ike_assert_gone
