#!/bin/sh
# Transport mode between the crypto endpoints themselves, against XFRM: the
# hub gets an entry 5 before the seed's entries, with a transform set in
# transport mode and an access list for ICMP between its WAN address and
# Spoke1's; Spoke1 runs XFRM in transport mode with the same keys. Pings
# both ways between the routers are answered inside ESP without an inner
# IP header (48 bytes shorter than tunnel mode would be).
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"

topo_build 2
awk '
	/^crypto map mymap 10 / {
		print "crypto ipsec transform-set tmode esp-aes esp-sha-hmac"
		print " mode transport"
		print "crypto map mymap 5 ipsec-isakmp"
		print " set peer 10.1.2.1"
		print " set transform-set tmode"
		print " match address 150"
	}
	/^access-list 110 / && !d { print "access-list 150 permit icmp host 10.1.4.1 host 10.1.2.1"; d = 1 }
	{ print }' "$(topo_cfg hub)" >/tmp/ktest-work/hub.src
ESP_CFG_SRC=/tmp/ktest-work/hub.src
esp_load_manual hub
ESP_CFG_SRC=

KA=000102030405060708090a0b0c0d0e0f KB=f0e0d0c0b0a090807060504030201000
HA=1111111111111111111111111111111111111111 HB=2222222222222222222222222222222222222222
n hub $SA add in 0x5001 10.1.2.1 mymap 5 aes-128 sha1 transport enc=$KA auth=$HA >/dev/null
n hub $SA add out 0x5002 10.1.2.1 mymap 5 aes-128 sha1 transport enc=$KB auth=$HB >/dev/null
$IP -n spoke1 xfrm state add src 10.1.2.1 dst 10.1.4.1 proto esp spi 0x5001 reqid 5 \
	mode transport enc 'cbc(aes)' 0x$KA auth-trunc 'hmac(sha1)' 0x$HA 96
$IP -n spoke1 xfrm state add src 10.1.4.1 dst 10.1.2.1 proto esp spi 0x5002 reqid 5 \
	mode transport enc 'cbc(aes)' 0x$KB auth-trunc 'hmac(sha1)' 0x$HB 96
$IP -n spoke1 xfrm policy add src 10.1.2.1/32 dst 10.1.4.1/32 proto icmp dir out \
	tmpl proto esp reqid 5 mode transport
$IP -n spoke1 xfrm policy add src 10.1.4.1/32 dst 10.1.2.1/32 proto icmp dir in \
	tmpl proto esp reqid 5 mode transport

capture_start /tmp/ktest-work/transit.pcap
assert_eq 2 "$(pings hub 10.1.2.1 2 -s 72)" "echo replies hub -> spoke1"
assert_eq 2 "$(pings spoke1 10.1.4.1 2 -s 72)" "echo replies spoke1 -> hub"
capture_stop
assert_eq 4 "$(sa_field hub out 0x5002 encaps)" "hub transport encaps"
assert_eq 4 "$(sa_field hub in 0x5001 decaps)" "hub transport decaps"
# 100-byte IP packets: 20 header + ESP 8 + IV 16 + ALIGN(80 + 2, 16) 96 + ICV 12.
ip=$(capture_ip /tmp/ktest-work/transit.pcap)
assert_eq 8 "$(printf '%s\n' "$ip" | grep -Ec ': ESP\(spi=0x0000500[12],seq=0x[0-9a-f]+\), length 132$')" \
	"transport-mode ESP packets of 152 bytes"
assert_eq 0 "$(printf '%s\n' "$ip" | grep -c 'ICMP')" "ICMP in clear"
assert_eq "" "$(drops hub)" "hub drops"
assert_eq 0 "$(xfrm_stat spoke1 XfrmInError)" "spoke1 XFRM input errors"
