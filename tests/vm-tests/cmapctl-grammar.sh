#!/bin/sh
# VM test: every construct cmapctl parses reaches the module and comes back
# the same: global settings, transform sets of each kind and mode, dynamic
# maps, local-address, manual entries, lifetimes, replay windows, PFS,
# numbered and named access lists with remarks, ports, ICMP types, protocol
# numbers and log. The kernel's view equals the file's view, and the
# running-config round-trips.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"

need_cryptomap
need_cmd "$CMAPCTL"
module_load dummy

same() { # EXPECTED-FILE ACTUAL-FILE WHAT
	cmp -s "$1" "$2" && return 0
	diff -u "$1" "$2" || true
	fail "$3: output differs from what is expected"
}

ns_add r1
n r1 $IP link add Ethernet1 type dummy
n r1 $IP link add Ethernet2 type dummy

cat >full.cfg <<'EOF'
crypto isakmp policy 20
 encr aes 256
 authentication pre-share
 group 14
crypto isakmp key 0 s3cr3tkey address 192.0.2.0 255.255.255.0
crypto ipsec security-association lifetime seconds 7200
crypto ipsec security-association lifetime kilobytes 100000
crypto ipsec security-association replay window-size 128
crypto ipsec df-bit clear
crypto ipsec transform-set strong esp-aes 256 esp-sha256-hmac
 mode transport
crypto ipsec transform-set gcm esp-gcm 192
crypto ipsec transform-set gmac esp-gmac
crypto ipsec transform-set old esp-3des esp-sha-hmac
crypto ipsec transform-set authonly esp-null esp-sha512-hmac
crypto ipsec transform-set sha384 esp-aes 192 esp-sha384-hmac
crypto dynamic-map dyn 5
 set transform-set strong gcm
 set pfs group14
 match address roadwarrior
crypto dynamic-map dyn 10
 set transform-set gmac
crypto map vpn local-address Ethernet1
crypto map vpn 10 ipsec-isakmp
 set peer 192.0.2.1
 set peer 192.0.2.2
 set transform-set strong old sha384
 set pfs group19
 set security-association lifetime seconds 1800
 set security-association lifetime kilobytes 50000
 set security-association replay disable
 match address 150
crypto map vpn 20 ipsec-manual
 set peer 192.0.2.9
 set transform-set authonly
 set security-association replay window-size 256
 match address 2100
crypto map vpn 100 ipsec-isakmp dynamic dyn
crypto map other 1 ipsec-isakmp
 set peer 198.51.100.1
 set transform-set gcm
 match address roadwarrior
interface Ethernet1
 crypto map vpn
interface Ethernet2
 crypto map other
access-list 150 remark branch  traffic
access-list 150 permit tcp 10.0.0.0 0.0.255.255 host 10.9.9.9 range 1000 2000
access-list 150 permit udp any eq domain 10.9.0.0 0.0.255.255 neq 53 log
access-list 150 deny icmp any any echo
access-list 150 permit icmp any any 3 4
access-list 150 permit icmp any any 200
access-list 150 permit 47 host 10.1.1.1 host 10.2.2.2
access-list 150 permit 99 any any
access-list 150 permit esp any any log-input
access-list 150 permit tcp any lt 1024 any gt 1023
access-list 150 permit udp 10.3.0.0 0.0.255.0 any eq isakmp
access-list 2100 permit ip 10.5.0.0 0.0.255.255 10.6.0.0 0.0.255.255
ip access-list extended roadwarrior
 5 permit ip 10.0.0.0 0.255.255.255 any
 remark after
 permit tcp any lt 1024 any gt 1023
 3 deny ip host 10.0.0.7 any
 2147483647 permit ahp any any
EOF
n r1 "$CMAPCTL" load --ike-backend none full.cfg 2>err || { cat err; fail "load full.cfg"; }
for obj in running-config "crypto map" "crypto dynamic-map" access-lists "crypto ipsec transform-set"; do
	# shellcheck disable=SC2086
	n r1 "$CMAPCTL" show $obj >kernel.out
	# shellcheck disable=SC2086
	"$CMAPCTL" show -f full.cfg $obj >file.out
	same file.out kernel.out "show $obj from the kernel and from full.cfg"
done
n r1 "$CMAPCTL" show running-config >A
n r1 "$CMAPCTL" flush
n r1 "$CMAPCTL" load --ike-backend none A || fail "load of the running-config"
n r1 "$CMAPCTL" show running-config >B
same A B "running-config round trip"
j=$(n r1 "$CMAPCTL" show -j running-config)
assert_match '"global":\{"life_secs":7200,"life_kb":100000,"df_bit":"clear","replay_window":128\}' \
	"$j" "global settings in JSON"
assert_match '\{"seq":10,"action":"remark","remark":"branch  traffic"\}' "$j" "a remark in JSON"
assert_match '\{"seq":20,"action":"permit","proto":6,"src":"10\.0\.0\.0","src_wild":"0\.0\.255\.255","dst":"10\.9\.9\.9","dport_op":"range","dport_lo":1000,"dport_hi":2000,"hits":0\}' \
	"$j" "a port range in JSON"
n r1 "$CMAPCTL" flush
