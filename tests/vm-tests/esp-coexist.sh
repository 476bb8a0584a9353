#!/bin/sh
# cryptomap and XFRM on the same router: the hub protects Spoke2's traffic
# with cryptomap (entry 20) and Spoke1's with XFRM (its entry 10 and ACL 110
# taken out of the hub's configuration); Spoke1 runs XFRM, Spoke2 cryptomap.
# ESP whose SPI is not ours reaches XFRM untouched, XFRM's output passes our
# hooks in clear, and both tunnels carry pings both ways at once.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"

topo_build 2
awk '/^crypto map mymap 10 / { skip = 1; next }
	/^[^ ]/ { skip = 0 }
	skip || /^access-list 110 / { next }
	{ print }' "$(topo_cfg hub)" >/tmp/ktest-work/hub.src
ESP_CFG_SRC=/tmp/ktest-work/hub.src
esp_load_manual hub
ESP_CFG_SRC=
esp_load_manual spoke2
k1="enc=$K_DES1 auth=$K_MD5_1" k2="enc=$K_DES2 auth=$K_MD5_2"
esp_pair hub 20 10.1.3.1 0x2001 0x2002 "$k1" "$k2" des md5
esp_pair spoke2 10 10.1.4.1 0x2002 0x2001 "$k2" "$k1" des md5

xfrm_pair() { # NS LOCAL REMOTE LOCAL_NET REMOTE_NET SPI_OUT SPI_IN
	local ns=$1 l=$2 r=$3 ln=$4 rn=$5
	$IP -n $ns xfrm state add src $l dst $r proto esp spi $6 reqid 9 mode tunnel \
		enc 'cbc(aes)' 0x$K_MD5_1 auth-trunc 'hmac(sha1)' 0x${K_MD5_2}00112233 96
	$IP -n $ns xfrm state add src $r dst $l proto esp spi $7 reqid 9 mode tunnel \
		enc 'cbc(aes)' 0x$K_MD5_1 auth-trunc 'hmac(sha1)' 0x${K_MD5_2}00112233 96
	$IP -n $ns xfrm policy add src $ln dst $rn dir out \
		tmpl src $l dst $r proto esp reqid 9 mode tunnel
	for dir in in fwd; do
		$IP -n $ns xfrm policy add src $rn dst $ln dir $dir \
			tmpl src $r dst $l proto esp reqid 9 mode tunnel
	done
}
xfrm_pair hub 10.1.4.1 10.1.2.1 10.1.1.0/24 172.16.1.0/24 0x9002 0x9001
xfrm_pair spoke1 10.1.2.1 10.1.4.1 172.16.1.0/24 10.1.1.0/24 0x9001 0x9002

assert_eq 2 "$(pings host-s1 10.1.1.2 2)" "XFRM: host-s1 -> host-hub"
assert_eq 2 "$(pings host-hub 172.16.1.2 2)" "XFRM: host-hub -> host-s1"
assert_eq 2 "$(pings host-s2 10.1.1.2 2)" "cryptomap: host-s2 -> host-hub"
assert_eq 2 "$(pings host-hub 192.168.1.2 2)" "cryptomap: host-hub -> host-s2"
assert_eq 4 "$(stat_of hub in_not_ours)" "ESP left to XFRM"
assert_eq 4 "$(sa_field hub in 0x2001 decaps)" "cryptomap decaps"
assert_eq 4 "$(sa_field hub out 0x2002 encaps)" "cryptomap encaps"
assert_match 'spi 0x00009001.*' "$($IP -n hub -s xfrm state get src 10.1.2.1 dst 10.1.4.1 proto esp spi 0x9001 | tr '\n' ' ')" "XFRM state"
assert_match ' 4\(packets\)' "$($IP -n hub -s xfrm state get src 10.1.2.1 dst 10.1.4.1 proto esp spi 0x9001 | tr '\n' ' ')" "XFRM decrypted"
for s in XfrmInError XfrmInNoStates XfrmInStateProtoError XfrmInTmplMismatch XfrmInNoPols \
	XfrmOutError; do
	assert_eq 0 "$(xfrm_stat hub $s)" "hub $s"
done
assert_eq "" "$(drops hub)$(drops spoke2)" "drops"
