#!/bin/bash
# Host test of the cmapctl parser: every seed configuration parses; lines that
# are not crypto configuration are reported as ignored with their line numbers;
# syntax errors give file:line:column and exit status 1 (load) / 2 (check);
# normalized output (check -p) is exact and stable under a second pass.
. "$(dirname "$0")/cmapctl-lib.sh"

for f in $SEEDS; do
	run check "$f"
	if [ "$rc" != 2 ] && ! grep -q "error" "$TMP/err"; then
		ok "$f parses without errors"
	else
		not_ok "$f parses without errors (status $rc)"
		sed 's/^/#   /' "$TMP/err"
	fi
done

run load -n --interface Ethernet1=lo spoke1.cfg
expect_rc 0 "load -n spoke1.cfg"
expect err "load reports every line it does not apply, by line number" <<'EOF'
spoke1.cfg:2: ignored: version 12.2
spoke1.cfg:3: ignored: service timestamps debug datetime msec
spoke1.cfg:4: ignored: service timestamps log uptime
spoke1.cfg:5: ignored: no service password-encryption
spoke1.cfg:7: ignored: hostname Spoke1
spoke1.cfg:9: ignored: enable secret *****
spoke1.cfg:10: ignored: ip subnet-zero
spoke1.cfg:11: ignored: no ip domain-lookup
spoke1.cfg:25: ignored: interface Ethernet0
spoke1.cfg:26: ignored: ip address 172.16.1.1 255.255.255.0
spoke1.cfg:29: ignored: ip address 10.1.2.1 255.255.255.0
spoke1.cfg:30: ignored: no ip route-cache
spoke1.cfg:31: ignored: no ip mroute-cache
spoke1.cfg:34: ignored: ip classless
spoke1.cfg:35: ignored: ip route 192.168.1.0 255.255.255.0 Ethernet1
spoke1.cfg:36: ignored: ip route 10.1.0.0 255.255.0.0 Ethernet1
spoke1.cfg:37: ignored: no ip http server
spoke1.cfg:42: ignored: end
spoke1.cfg: note: charon would get 1 IKE connection, 2 children (one per access-list permit line), 1 pre-shared key (-n: not loaded)
EOF
expect out "load -n prints nothing on standard output" </dev/null

run check -v hub.cfg
grep ': ignored: ' "$TMP/err" >"$TMP/out"
expect out "check -v reports the ignored lines of hub.cfg" <<'EOF'
hub.cfg:2: ignored: version 12.2
hub.cfg:3: ignored: service timestamps debug datetime msec
hub.cfg:4: ignored: service timestamps log uptime
hub.cfg:5: ignored: no service password-encryption
hub.cfg:7: ignored: hostname Hub
hub.cfg:9: ignored: ip subnet-zero
hub.cfg:28: ignored: interface Ethernet0
hub.cfg:29: ignored: ip address 10.1.1.1 255.255.255.0
hub.cfg:32: ignored: ip address 10.1.4.1 255.255.255.0
hub.cfg:33: ignored: no ip route-cache
hub.cfg:34: ignored: no ip mroute-cache
hub.cfg:37: ignored: ip classless
hub.cfg:38: ignored: ip route 172.16.1.0 255.255.255.0 Ethernet1
hub.cfg:39: ignored: ip route 192.168.1.0 255.255.255.0 Ethernet1
hub.cfg:40: ignored: ip route 10.1.0.0 255.255.0.0 Ethernet1
hub.cfg:41: ignored: ip http server
hub.cfg:48: ignored: end
EOF

cfg bad.cfg <<'EOF'
! syntax errors, one per line
crypto ipsec transform-set t esp-foo
crypto map m 10 ipsec-isakmp
 set peer 10.1.2.300
 set transform-set t
 match address 110
match address 120
access-list 110 permit ip any eq 80 any
access-list 110 permit tcp 10.0.0.1 any
access-list 110 permit tcp any any eq wwww
crypto ipsec security-association lifetime seconds 10
crypto ipsec transform-set g esp-gcm 256 esp-sha-hmac
crypto ipsec transform-set h esp-aes
 mode tunnels
crypto map m 70000 ipsec-isakmp
access-list 110 permit ip any any dscp ef
crypto ipsec transform-set a ah-sha-hmac
EOF
run -C "$TMP" load -n bad.cfg
expect_rc 1 "load of a file with syntax errors"
expect err "syntax errors give file:line:column" <<'EOF'
bad.cfg:2:30: error: unknown transform 'esp-foo'
bad.cfg:4:11: error: invalid IPv4 address '10.1.2.300'
bad.cfg:7:1: error: 'match address' outside a crypto map
bad.cfg:8:31: error: port operator 'eq' needs tcp or udp
bad.cfg:9:37: error: missing wildcard mask after 10.0.0.1
bad.cfg:10:39: error: invalid tcp port 'wwww'
bad.cfg:11:52: error: invalid lifetime '10' (120-86400)
bad.cfg:12:30: error: esp-gcm takes no integrity transform
bad.cfg:14:7: error: invalid mode 'tunnels'
bad.cfg:15:14: error: invalid sequence number '70000' (1-65535)
bad.cfg:16:35: error: unsupported access list option 'dscp'
bad.cfg:17:30: error: transform 'ah-sha-hmac' is not supported (ESP only)
EOF
run -C "$TMP" check bad.cfg
expect_rc 2 "check of a file with syntax errors"

cfg one.cfg <<'EOF'
crypto map m 10 ipsec-isakmp
 set peer 10.1.2.3 10.1.2.4
EOF
run -C "$TMP" load -n one.cfg
expect_rc 1 "load with one syntax error"
expect err "a stray word after a complete command" <<'EOF'
one.cfg:2:20: error: unexpected '10.1.2.4'
EOF

# Normalized output: exact for the hub, a fixed point for every seed.
run check -p hub.cfg
expect out "check -p hub.cfg: the crypto configuration, normalized" <<'EOF'
crypto isakmp policy 10
 hash md5
 authentication pre-share
crypto isakmp key ******** address 10.1.2.1
crypto isakmp key ******** address 10.1.3.1
!
crypto ipsec transform-set myset esp-des esp-md5-hmac
!
crypto map mymap 10 ipsec-isakmp
 set peer 10.1.2.1
 set transform-set myset
 match address 110
crypto map mymap 20 ipsec-isakmp
 set peer 10.1.3.1
 set transform-set myset
 match address 120
!
interface Ethernet1
 crypto map mymap
!
access-list 110 permit ip 10.1.1.0 0.0.0.255 172.16.1.0 0.0.0.255
access-list 110 permit ip 192.168.1.0 0.0.0.255 172.16.1.0 0.0.0.255
access-list 120 permit ip 10.1.1.0 0.0.0.255 192.168.1.0 0.0.0.255
access-list 120 permit ip 172.16.1.0 0.0.0.255 192.168.1.0 0.0.0.255
!
EOF
for f in $SEEDS; do
	run check -p "$f"
	cp "$TMP/out" "$TMP/norm-$f"
	run -C "$TMP" check -p "norm-$f"
	if cmp -s "$TMP/out" "$TMP/norm-$f"; then
		ok "check -p of check -p $f is the same"
	else
		not_ok "check -p of check -p $f is the same"
		diff -u "$TMP/norm-$f" "$TMP/out" | sed 's/^/#   /'
	fi
done

# The whole grammar: what each construct normalizes to.
cfg full.cfg <<'EOF'
crypto isakmp policy 20
 encr aes 256
 hash sha256
 authentication pre-share
 group 14
 lifetime 28800
crypto isakmp key 0 s3cr3tkey address 192.0.2.0 255.255.255.0 no-xauth
crypto ipsec security-association lifetime seconds 7200
crypto ipsec security-association lifetime kilobytes 100000
crypto ipsec security-association replay window-size 128
crypto ipsec df-bit clear
crypto ipsec transform-set strong esp-aes 256 esp-sha256-hmac
 mode transport
crypto ipsec transform-set gcm esp-gcm 128
crypto ipsec transform-set authonly esp-sha-hmac
crypto dynamic-map dyn 5
 set transform-set strong gcm
 set pfs group14
 match address roadwarrior
crypto map vpn local-address Ethernet1
crypto map vpn 10 ipsec-isakmp
 description to branch
 set peer 192.0.2.1
 set peer 192.0.2.2
 set transform-set strong
 set pfs group19
 set security-association lifetime seconds 1800
 set security-association lifetime kilobytes 50000
 set security-association replay disable
 match address 150
crypto map vpn 20 ipsec-manual
 set peer 192.0.2.9
 set transform-set authonly
 set security-association replay window-size 256
 set session-key inbound esp 4096 authenticator 0102030405060708090a0b0c0d0e0f1011121314
 set session-key outbound esp 4097 authenticator 1112131415161718191a1b1c1d1e1f2021222324
 match address 2100
crypto map vpn 100 ipsec-isakmp dynamic dyn
interface Ethernet1
 crypto map vpn
access-list 150 remark branch  traffic
access-list 150 permit tcp 10.0.0.0 0.0.255.255 host 10.9.9.9 range 1000 2000
access-list 150 permit udp any eq domain 10.9.0.0 0.0.255.255 neq 53 log
access-list 150 deny icmp any any echo
access-list 150 permit icmp any any 3 4
access-list 150 permit 47 host 10.1.1.1 host 10.2.2.2
access-list 150 permit esp any any log-input
access-list 150 permit tcp 10.3.3.3 0.0.0.255 any eq www
access-list 2100 permit ip 10.5.0.0 0.0.255.255 10.6.0.0 0.0.255.255
ip access-list extended roadwarrior
 5 permit ip 10.0.0.0 0.255.255.255 any
 remark after
 permit tcp any lt 1024 any gt 1023
 3 deny ip host 10.0.0.7 any
EOF
run -C "$TMP" check -p full.cfg
expect_rc 1 "check -p full.cfg (warnings)"
expect out "check -p: every construct of the grammar" <<'EOF'
crypto isakmp policy 20
 encryption aes 256
 hash sha256
 authentication pre-share
 group 14
 lifetime 28800
crypto isakmp key ******** address 192.0.2.0 255.255.255.0 no-xauth
!
crypto ipsec security-association lifetime seconds 7200
crypto ipsec security-association lifetime kilobytes 100000
crypto ipsec security-association replay window-size 128
crypto ipsec df-bit clear
!
crypto ipsec transform-set authonly esp-null esp-sha-hmac
crypto ipsec transform-set gcm esp-gcm
crypto ipsec transform-set strong esp-aes 256 esp-sha256-hmac
 mode transport
!
crypto dynamic-map dyn 5
 set transform-set strong gcm
 set pfs group14
 match address roadwarrior
!
crypto map vpn local-address Ethernet1
crypto map vpn 10 ipsec-isakmp
 set peer 192.0.2.1
 set peer 192.0.2.2
 set transform-set strong
 set pfs group19
 set security-association lifetime seconds 1800
 set security-association lifetime kilobytes 50000
 set security-association replay disable
 match address 150
crypto map vpn 20 ipsec-manual
 set peer 192.0.2.9
 set transform-set authonly
 set security-association replay window-size 256
 set session-key inbound esp 4096 authenticator ********
 set session-key outbound esp 4097 authenticator ********
 match address 2100
crypto map vpn 100 ipsec-isakmp dynamic dyn
!
interface Ethernet1
 crypto map vpn
!
access-list 150 remark branch  traffic
access-list 150 permit tcp 10.0.0.0 0.0.255.255 host 10.9.9.9 range 1000 2000
access-list 150 permit udp any eq domain 10.9.0.0 0.0.255.255 neq domain log
access-list 150 deny icmp any any echo
access-list 150 permit icmp any any packet-too-big
access-list 150 permit gre host 10.1.1.1 host 10.2.2.2
access-list 150 permit esp any any log
access-list 150 permit tcp 10.3.3.0 0.0.0.255 any eq www
access-list 2100 permit ip 10.5.0.0 0.0.255.255 10.6.0.0 0.0.255.255
ip access-list extended roadwarrior
 3 deny ip host 10.0.0.7 any
 5 permit ip 10.0.0.0 0.255.255.255 any
 15 remark after
 25 permit tcp any lt 1024 any gt 1023
!
EOF
expect err "check full.cfg: warnings" <<'EOF'
full.cfg:48:28: warning: 10.3.3.3 has bits set under wildcard 0.0.0.255: using 10.3.3.0
full.cfg:15: warning: transform set authonly: weak esp-null
EOF
cp "$TMP/out" "$TMP/full-norm.cfg"
run -C "$TMP" check -p full-norm.cfg
if cmp -s "$TMP/out" "$TMP/full-norm.cfg"; then
	ok "check -p of the normalized grammar is the same"
else
	not_ok "check -p of the normalized grammar is the same"
	diff -u "$TMP/full-norm.cfg" "$TMP/out" | sed 's/^/#   /'
fi

done_testing
