#!/bin/sh
# VM test: the seed configurations negotiate with IKE as published, with charon
# configured by cmapctl and the kernel's own XFRM carrying the ESP
# (--ike-backend xfrm: cryptomap.ko holds no configuration here), so this proves
# the generated charon configuration independently of our dataplane. It is also
# the "stock strongSwan + XFRM" peer of the interop tests.
#
# Hub, Spoke1 and Spoke2 each run "cmapctl load --ike-backend xfrm" of their
# seed file: three charons side by side, one per namespace. Pings of 100 bytes
# from the host behind Spoke1 to the host behind Spoke2 trigger IKE (the first
# may be lost, as on IOS); then five more are all answered, through the hub.
# The hub shows two IKE SAs (QM_IDLE, DES/MD5/group 1) and two CHILD_SAs with
# DES_CBC/HMAC_MD5_96, i.e. the four IPsec SAs of the example, whose XFRM
# counters each advance by exactly the five packets (the seed's pattern: equal
# counts in all four). clear crypto sa renegotiates on the next packet; flush
# stops every charon and nothing keeps UDP port 500.
# ktest-timeout: 600
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"

. "$KTEST_LIB/ike.sh"

need_cmd "$CMAPCTL" /usr/lib/ipsec/charon /usr/sbin/swanctl /usr/bin/jq
module_load esp4 xfrm_user
IKE_ROUTERS="hub spoke1 spoke2"

topo_build 2

# --- three charons from the three seed files ----------------------------------
for r in $IKE_ROUTERS; do
	ike_load "$r" "$(topo_cfg "$r")" --ike-backend xfrm
done
f=$(basename "$(topo_cfg hub)")
assert_match "^$SEED_DIR/$f: note: charon \\(pid [0-9]+, xfrm backend\\) got 2 IKE connections, 4 children \\(one per access-list permit line\\), 2 pre-shared keys\$" \
	"$(grep ': note: ' hub.err)" "hub: what charon got"
for r in spoke1 spoke2; do
	assert_match "note: charon \\(pid [0-9]+, xfrm backend\\) got 1 IKE connection, 2 children \\(one per access-list permit line\\), 1 pre-shared key\$" \
		"$(grep ': note: ' "$r.err")" "$r: what charon got"
done
pids=""
for r in $IKE_ROUTERS; do
	p=$(charons_in "$r")
	assert_match '^[0-9]+$' "$p" "$r: exactly one charon"
	assert_eq "$r" "$($IP netns identify "$p")" "$r: charon $p in its namespace"
	st=$(n "$r" "$CMAPCTL" charon status -j)
	assert_eq "$p xfrm" "$(echo "$st" | $JQ -r '"\(.pid) \(.backend)"')" "$r: charon status"
	pids="$pids $p"
done
log "charons:$pids"
assert_eq 3 "$(echo $pids | tr ' ' '\n' | sort -u | wc -l)" "three distinct charons"
assert_eq "[]" "$(n hub "$CMAPCTL" show -j crypto map)" \
	"hub: cryptomap.ko holds no configuration with --ike-backend xfrm"
# The traps: one outbound policy per permit line, no SA yet.
assert_eq 4 "$(n hub $IP xfrm policy show dir out | grep -c '^src ')" "hub: one trap per permit line"
assert_eq 2 "$(n spoke1 $IP xfrm policy show dir out | grep -c '^src ')" "spoke1: one trap per permit line"
assert_eq 0 "$(n hub $IP xfrm state | grep -c '^src ')" "hub: no SA before the first packet"

# --- the first packets trigger IKE -------------------------------------------
S1=host-s1 S2_ADDR=$(topo_host_addr spoke2)
first=$(pings "$S1" "$S2_ADDR" 5 -s 72)
log "first round (IKE on demand): $first of 5 answered"

# Slower than those five echoes under load: keep sending until both are up
# (the hub negotiates with Spoke2 only when Spoke1's packets reach it).
ike_seed_up

# --- the hub's view: two IKE SAs, two CHILD_SAs, the seed's proposals ---------
sas=$(n hub "$CMAPCTL" show -j crypto isakmp sa)
assert_eq "10.1.4.1 10.1.2.1 QM_IDLE 1 mymap-10
10.1.3.1 10.1.4.1 QM_IDLE 1 mymap-20" \
	"$(echo "$sas" | $JQ -r 'sort_by(.remote_host)[] | "\(.dst) \(.src) \(.ios_state) \(.version) \(.name)"')" \
	"hub: IKE SAs (dst = responder: spoke1 initiated, the hub initiated towards spoke2)"
assert_eq "DES_CBC HMAC_MD5_96 PRF_HMAC_MD5 MODP_768
DES_CBC HMAC_MD5_96 PRF_HMAC_MD5 MODP_768" \
	"$(echo "$sas" | $JQ -r '.[] | "\(.encr_alg) \(.integ_alg) \(.prf_alg) \(.dh_group)"')" \
	"hub: IKE proposal negotiated"
assert_eq "10.1.2.1 mymap-10-110-20 ESP TUNNEL DES_CBC HMAC_MD5_96 192.168.1.0/24 172.16.1.0/24
10.1.3.1 mymap-20-120-20 ESP TUNNEL DES_CBC HMAC_MD5_96 172.16.1.0/24 192.168.1.0/24" \
	"$(echo "$sas" | $JQ -r 'sort_by(.remote_host)[] | .remote_host as $p | .children[] |
		"\($p) \(.name) \(.protocol) \(.mode) \(.encr_alg) \(.integ_alg) \(.local_ts | join(",")) \(.remote_ts | join(","))"')" \
	"hub: CHILD_SAs, one per access-list line that matched"
text=$(n hub "$CMAPCTL" show crypto isakmp sa)
printf '%s\n' "$text" | sed 's/^/# /'
n hub "$CMAPCTL" show crypto isakmp sa detail | sed -n '/^C-id/,$p' | sed 's/^/# /'
assert_eq "dst             src             state          conn-id slot" \
	"$(printf '%s\n' "$text" | head -n 1)" "show crypto isakmp sa: header"
assert_match "^10\\.1\\.4\\.1 +10\\.1\\.2\\.1 +QM_IDLE +[0-9]+ +0\$" \
	"$(printf '%s\n' "$text" | grep '^10.1.4.1 ')" "show crypto isakmp sa: spoke1's SA"
assert_match "^10\\.1\\.3\\.1 +10\\.1\\.4\\.1 +QM_IDLE +[0-9]+ +0\$" \
	"$(printf '%s\n' "$text" | grep '^10.1.3.1 ')" "show crypto isakmp sa: spoke2's SA"
for r in spoke1 spoke2; do
	assert_eq "1 QM_IDLE DES_CBC/HMAC_MD5_96/MODP_768 ESP:DES_CBC/HMAC_MD5_96" \
		"$(n "$r" "$CMAPCTL" show -j crypto isakmp sa | $JQ -r '"\(length) \(.[0].ios_state) \(.[0].encr_alg)/\(.[0].integ_alg)/\(.[0].dh_group) \(.[0].children[0].protocol):\(.[0].children[0].encr_alg)/\(.[0].children[0].integ_alg)"')" \
		"$r: one IKE SA and its CHILD_SA"
done

# The four IPsec SAs are XFRM's, with the SPIs charon lists.
states=$(n hub $IP xfrm state)
assert_eq 4 "$(printf '%s\n' "$states" | grep -c '^src ')" "hub: four IPsec SAs in XFRM"
assert_eq 4 "$(printf '%s\n' "$states" | grep -c 'enc cbc(des) ')" "hub: all DES-CBC"
assert_eq 4 "$(printf '%s\n' "$states" | grep -c 'auth-trunc hmac(md5) .* 96$')" "hub: all HMAC-MD5-96"
xfrm_spis=$(printf '%s\n' "$states" | sed -n 's/.*proto esp spi 0x\([0-9a-f]*\) .*/\1/p' | sort | tr '\n' ' ')
charon_spis=$(echo "$sas" | $JQ -r '.[].children[] | .spi_in, .spi_out' | sort | tr '\n' ' ')
assert_eq "$xfrm_spis" "$charon_spis" "hub: the SPIs charon lists are XFRM's"

# --- five 100-byte pings, all answered, through the hub ------------------------
# packets per SA: "SRC DST SPI PACKETS" from ip -s xfrm state
sa_packets() { # NS
	n "$1" $IP -s xfrm state | awk '
		/^src / { src = $2; dst = $4 }
		/proto esp spi/ { spi = $4 }
		/lifetime current:/ { cur = 1; next }
		cur && /\(packets\)/ { gsub(/[(),]/, " "); print src, dst, spi, $3; cur = 0 }' | sort
}
before=$(sa_packets hub)
assert_eq 5 "$(pings "$S1" "$S2_ADDR" 5 -s 72)" "five 100-byte pings host-s1 -> host-s2 answered"
after=$(sa_packets hub)
printf '%s\n' "$after" | sed 's/^/# hub SA (src dst spi packets): /'
deltas=$(printf '%s\n%s\n' "$before" "$after" | awk '
	{ k = $1 " " $2 " " $3; if (k in first) print $1, $2, $4 - first[k]; else first[k] = $4 }' | sort)
assert_eq "10.1.2.1 10.1.4.1 5
10.1.3.1 10.1.4.1 5
10.1.4.1 10.1.2.1 5
10.1.4.1 10.1.3.1 5" "$deltas" "hub: each of the four IPsec SAs counted the five packets (in and out, both spokes)"

# --- clear crypto sa: CHILD_SAs go, the next packet negotiates again ----------
n hub "$CMAPCTL" clear crypto sa || fail "hub: clear crypto sa"
no_child() {
	n hub "$CMAPCTL" show -j crypto isakmp sa | $JQ -e 'all(.[]; (.children | length) == 0)' >/dev/null &&
		[ -z "$(n hub $IP xfrm state)" ]
}
wait_until 20 no_child || fail "hub: CHILD_SAs left after clear crypto sa"
assert_eq 2 "$(n hub "$CMAPCTL" show -j crypto isakmp sa | $JQ length)" \
	"hub: the IKE SAs stay after clear crypto sa"
ike_seed_up
assert_eq 5 "$(pings "$S1" "$S2_ADDR" 5 -s 72)" "five pings answered after renegotiation"

# clear crypto sa peer / map: only the CHILD_SAs selected.
children_of() { # the hub's CHILD_SAs per peer: "10.1.2.1:1 10.1.3.1:0"
	n hub "$CMAPCTL" show -j crypto isakmp sa |
		$JQ -r 'sort_by(.remote_host) | map("\(.remote_host):\(.children | length)") | join(" ")'
}
children_are() { [ "$(children_of)" = "$1" ]; }
n hub "$CMAPCTL" clear crypto sa peer 10.1.3.1 || fail "hub: clear crypto sa peer"
wait_until 20 children_are "10.1.2.1:1 10.1.3.1:0" ||
	fail "hub: clear crypto sa peer 10.1.3.1: got $(children_of)"
n hub "$CMAPCTL" clear crypto sa map othermap || fail "hub: clear crypto sa map othermap"
sleep 1
assert_eq "10.1.2.1:1 10.1.3.1:0" "$(children_of)" "hub: clear crypto sa map of another map clears nothing"
n hub "$CMAPCTL" clear crypto sa map mymap || fail "hub: clear crypto sa map mymap"
wait_until 20 no_child || fail "hub: CHILD_SAs left after clear crypto sa map mymap"

# --- clear crypto isakmp, then flush: nothing left -----------------------------
n hub "$CMAPCTL" clear crypto isakmp || fail "hub: clear crypto isakmp"
no_ike() { [ "$(n hub "$CMAPCTL" show -j crypto isakmp sa)" = "[]" ]; }
wait_until 20 no_ike || fail "hub: IKE SAs left after clear crypto isakmp"
ike_assert_gone
