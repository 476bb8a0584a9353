#!/bin/sh
# VM test (issue 4, test 1): the seed, negotiated by charon with the
# kernel-cryptomap backend, carried by cryptomap.ko. Hub, Spoke1 and Spoke2
# each "cmapctl load" their unchanged seed file (the default backend); the
# first packets trigger IKE through the module's acquires; five 100-byte
# pings from Spoke1 (source 172.16.1.1, its LAN address, as the example's
# extended ping) to 192.168.1.1 are answered, and five from the host behind
# Spoke1 to the host behind Spoke2. The hub then has two IKE SAs (DES/MD5/
# MODP_768) and four IPsec SAs in the module (DES_CBC/HMAC_MD5_96), each of
# which counted the same packets in its own direction (the seed's pattern);
# the SPIs charon lists are the module's, the SAs sit on the map entry and
# access-list line of their selectors, and XFRM holds no state and no policy
# in any router: our plugin is the backend.
# ktest-timeout: 600
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "$KTEST_LIB/ike.sh"

SA=/usr/local/bin/cmap_sa
need_cmd "$CMAPCTL" "$CHARON" /usr/sbin/swanctl "$JQ" "$SA"
need_cryptomap
IKE_ROUTERS="hub spoke1 spoke2"

topo_build 2

# --- three charons on the cryptomap backend ------------------------------------
ike_load_all
assert_match "note: charon \\(pid [0-9]+, cryptomap backend\\) got 2 IKE connections, 4 children \\(one per access-list permit line\\), 2 pre-shared keys\$" \
	"$(grep ': note: ' hub.err)" "hub: what charon got"
for r in spoke1 spoke2; do
	assert_match "note: charon \\(pid [0-9]+, cryptomap backend\\) got 1 IKE connection, 2 children \\(one per access-list permit line\\), 1 pre-shared key\$" \
		"$(grep ': note: ' "$r.err")" "$r: what charon got"
done
for r in $IKE_ROUTERS; do
	p=$(charons_in "$r")
	assert_match '^[0-9]+$' "$p" "$r: exactly one charon"
	assert_eq "$p cryptomap" "$(n "$r" "$CMAPCTL" charon status -j | $JQ -r '"\(.pid) \(.backend)"')" \
		"$r: charon status"
	log=$(ike_rtdir "$r")/charon.log
	grep -q 'kernel-cryptomap: IPsec backend created on cryptomap.ko' "$log" ||
		fail "$r: kernel-cryptomap did not create charon's IPsec backend"
	! grep -q 'kernel-cryptomap: WARNING\|kernel-cryptomap: ERROR' "$log" ||
		fail "$r: $(grep 'kernel-cryptomap: WARNING\|kernel-cryptomap: ERROR' "$log" | head -n 3)"
done
# One trap per permit line, each found in the module's configuration.
assert_eq 4 "$(grep -c 'kernel-cryptomap: trap reqid ' "$(ike_rtdir hub)/charon.log")" "hub: traps"
assert_eq 2 "$(grep -c 'kernel-cryptomap: trap reqid ' "$(ike_rtdir spoke1)/charon.log")" "spoke1: traps"
assert_eq "" "$(n hub $SA show)" "hub: no SA before the first packet"

xfrm_empty() {
	local r
	for r in $IKE_ROUTERS; do
		assert_eq "" "$(n "$r" $IP xfrm state)" "$r: no XFRM state"
		assert_eq "" "$(n "$r" $IP xfrm policy)" "$r: no XFRM policy"
	done
}
xfrm_empty

# --- the first packets trigger IKE: the module's acquires ---------------------
S1=host-s1 S2_ADDR=$(topo_host_addr spoke2)
first=$(pings spoke1 192.168.1.1 5 -s 72 -I 172.16.1.1)
log "first round (IKE on demand): $first of 5 answered"
# The hub negotiates with Spoke2 when the first decrypted packet for
# 192.168.1.0/24 leaves towards it: keep packets coming until both are up.
both_up() {
	pings spoke1 192.168.1.1 1 -s 72 -I 172.16.1.1 >/dev/null
	ike_up hub 2
}
wait_until 120 both_up || {
	n hub "$CMAPCTL" show -p crypto isakmp sa
	n hub $SA show
	fail "hub: IKE did not come up"
}

# --- the hub's view: charon ---------------------------------------------------------
ike_assert_seed_sas

# --- the hub's view: the module -------------------------------------------------------
# The module's SAs, one line each: the FIELDs asked for, sorted.
sa_fields() { # ROUTER FIELD...
	local r=$1
	shift
	n "$r" $SA show | grep ' state=mature' | awk -v want="$*" '{
		n = split(want, w, " ")
		for (i = 1; i <= NF; i++) { k = $i; sub(/=.*/, "", k); v[k] = substr($i, length(k) + 2) }
		s = ""
		for (j = 1; j <= n; j++) s = s (j > 1 ? " " : "") v[w[j]]
		print s
	}' | sort
}
n hub $SA show | sed 's/^/# hub SA: /'
assert_eq 4 "$(n hub $SA show | wc -l)" "hub: four SAs in the module, no reservation left"
assert_eq "in 10.1.2.1 10.1.4.1 mymap 10 20 des 64 md5 tunnel
in 10.1.3.1 10.1.4.1 mymap 20 20 des 64 md5 tunnel
out 10.1.2.1 10.1.4.1 mymap 10 20 des 64 md5 tunnel
out 10.1.3.1 10.1.4.1 mymap 20 20 des 64 md5 tunnel" \
	"$(sa_fields hub dir peer local map seq line cipher keybits auth mode)" \
	"hub: the SAs on their entry and access-list line, esp-des esp-md5-hmac"
# Spoke1's access list 110 line 20 and Spoke2's 120 line 10 are the
# selectors 172.16.1.0/24 <-> 192.168.1.0/24.
for l in "spoke1 20" "spoke2 10"; do
	set -- $l
	assert_eq "in 10.1.4.1 mymap 10 $2 des md5
out 10.1.4.1 mymap 10 $2 des md5" "$(sa_fields "$1" dir peer map seq line cipher auth)" \
		"$1: its two SAs"
done
# Lifetimes as charon asked: hard 3600 s and 4,608,000 KB (IOS defaults),
# soft at charon's rekey time (3240 s) less its random jitter (up to 360 s).
for l in $(sa_fields hub hard_secs hard_kb soft_secs | tr ' ' ':'); do
	case $l in
	3600:4608000:*) s=${l##*:}; [ "$s" -ge 2880 ] && [ "$s" -le 3240 ] ||
		fail "hub: soft lifetime $s s outside charon's rekey window" ;;
	*) fail "hub: SA lifetimes $l, expected 3600 s and 4608000 KB hard" ;;
	esac
done

# The SPIs charon lists (swanctl --list-sas, through cmapctl) are the module's.
for r in $IKE_ROUTERS; do
	charon_spis=$(n "$r" "$CMAPCTL" show -j crypto isakmp sa |
		$JQ -r '.[].children[] | .spi_in, .spi_out' | sort | tr '\n' ' ')
	module_spis=$(sa_fields "$r" spi | sed 's/^0x//' | sort | tr '\n' ' ')
	assert_eq "$charon_spis" "$module_spis" "$r: the SPIs charon lists are the module's"
done
swanctl --list-sas --uri "unix://$(ike_rtdir hub)/charon.vici" 2>/dev/null | sed 's/^/# hub swanctl: /'

# --- five 100-byte pings, as the example: all answered, through the hub -------------
# From here on nothing may drop: the first packets' (waiting for IKE, or
# ESP that overtook the third quick mode message, as IKEv1 allows) are
# forgotten.
for r in $IKE_ROUTERS; do n "$r" $SA clear; done
counts() { sa_fields hub dir peer spi encaps decaps; }
before=$(counts)
assert_eq 5 "$(pings spoke1 192.168.1.1 5 -s 72 -I 172.16.1.1)" \
	"five 100-byte pings from Spoke1 (source 172.16.1.1) to 192.168.1.1 answered"
assert_eq 5 "$(pings "$S1" "$S2_ADDR" 5 -s 72)" "five 100-byte pings host-s1 -> host-s2 answered"
after=$(counts)
printf '%s\n' "$after" | sed 's/^/# hub SA (dir peer spi encaps decaps): /'
deltas=$(printf '%s\n%s\n' "$before" "$after" | awk '
	{ k = $1 " " $2 " " $3; if (k in e) print $1, $2, $4 - e[k], $5 - d[k]; else { e[k] = $4; d[k] = $5 } }' | sort)
assert_eq "in 10.1.2.1 0 10
in 10.1.3.1 0 10
out 10.1.2.1 10 0
out 10.1.3.1 10 0" "$deltas" \
	"hub: each of the four IPsec SAs counted the ten packets in its own direction (encaps decaps)"
for r in $IKE_ROUTERS; do
	n "$r" $SA stats | awk '$1 ~ /^drop_/ && $2 != 0 { print; bad = 1 } END { exit bad }' ||
		fail "$r dropped packets"
done

# --- XFRM was never involved ------------------------------------------------------
xfrm_empty
# --- show crypto engine connections active: two IKE SAs, then four IPsec SAs ---
# The IKE SAs first, under charon's conn ids (those of show crypto isakmp
# sa), with the algorithms main mode agreed on and no packet counts; then
# the module's SAs from conn id 2000, each with the packets it counted.
n hub "$CMAPCTL" show crypto engine connections active >engine.out || fail "hub: show crypto engine connections active"
sed 's/^/# hub: /' engine.out
ids=$(n hub "$CMAPCTL" show -j crypto isakmp sa | $JQ -r 'sort_by(.conn_id)[] | .conn_id')
assert_eq "$(printf '%4s Ethernet1       10.1.4.1        set    HMAC_MD5+DES_56_CB        0        0\n' $ids)" \
	"$(sed -n '2,3p' engine.out)" "hub: engine connections, the two IKE SAs"
assert_eq "$(n hub "$CMAPCTL" show -j crypto ipsec sa | $JQ -r 'sort_by(.conn_id)[] |
	"\(.conn_id) Ethernet1 10.1.4.1 set HMAC_MD5+DES_56_CB \(if .dir == "in" then "0 10" else "10 0" end)"')" \
	"$(sed -n '4,$p' engine.out | tr -s ' ' | sed 's/^ //')" \
	"hub: engine connections, the four IPsec SAs with the published example's counts"
assert_eq "ipsec 10.1.2.1 in
ipsec 10.1.2.1 out
ipsec 10.1.3.1 in
ipsec 10.1.3.1 out
isakmp 10.1.2.1 mymap-10 ESTABLISHED 1 0 0
isakmp 10.1.3.1 mymap-20 ESTABLISHED 1 0 0" \
	"$(n hub "$CMAPCTL" show -j crypto engine connections active | $JQ -r '.[] |
		if .type == "isakmp" then "isakmp \(.peer) \(.name) \(.ike_state) \(.version) \(.encrypt) \(.decrypt)"
		else "ipsec \(.peer) \(.dir)" end' | sort)" \
	"hub: engine connections as JSON"

ike_assert_gone
assert_eq "" "$(n hub $SA show)" "hub: charon deleted its SAs when it stopped"
