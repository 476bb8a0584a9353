#!/bin/bash
# Host test of cmapctl check: the three defects of the seed configurations
# (seed-configs/README.md) are each reported, the clean hub-and-two-spokes
# set only has its weak algorithms reported, and every other rule fires on a
# small configuration made for it. Exit status 0 clean, 1 warnings, 2 errors.
. "$(dirname "$0")/cmapctl-lib.sh"

weak() { # FILE POLICY-LINE TSET-LINE
	echo "$1:$2: warning: isakmp policy 10: weak encryption des (default), hash md5, group 1 (default)"
	echo "$1:$3: warning: transform set myset: weak esp-des, esp-md5-hmac"
}

run check hub.cfg spoke1.cfg spoke2.cfg
expect_rc 1 "check hub.cfg spoke1.cfg spoke2.cfg"
{ weak hub.cfg 11 17; weak spoke1.cfg 13 18; weak spoke2.cfg 12 17; } |
	expect err "the deployed hub and two spokes: only weak algorithms"
expect out "check prints nothing on standard output without -p" </dev/null

run check hub-3spokes.cfg spoke1.cfg spoke2.cfg spoke3.cfg
expect_rc 1 "check of the three-spoke set"
{
	weak hub-3spokes.cfg 12 19
	cat <<'EOF'
hub-3spokes.cfg:52: warning: access-list 110: 'permit ip 172.16.2.0 0.0.0.255 172.16.1.0 0.0.0.255' has no mirror in spoke1.cfg access-list 110 (crypto map mymap 10)
hub-3spokes.cfg:54: warning: access-list 120: 'permit ip 172.16.2.0 0.0.0.255 192.168.1.0 0.0.0.255' has no mirror in spoke2.cfg access-list 120 (crypto map mymap 10)
hub-3spokes.cfg:56: warning: access-list 130: 'permit ip 10.1.1.0 0.0.0.255 172.16.2.0 0.0.0.255' has no mirror in spoke3.cfg access-list 130 (crypto map mymap 10)
hub-3spokes.cfg:57: warning: access-list 130: 'permit ip 192.168.1.0 0.0.0.255 172.16.2.0 0.0.0.255' has no mirror in spoke3.cfg access-list 130 (crypto map mymap 10)
hub-3spokes.cfg:58: warning: access-list 130: 'permit ip 172.16.1.0 0.0.0.255 172.16.2.0 0.0.0.255' has no mirror in spoke3.cfg access-list 130 (crypto map mymap 10)
EOF
	weak spoke1.cfg 13 18
	weak spoke2.cfg 12 17
	weak spoke3.cfg 13 18
	cat <<'EOF'
spoke3.cfg:38: warning: access-list 130: source 172.168.2.0 0.0.0.255 is neither a connected network nor routed here (Ethernet0 is 172.16.2.0/24)
spoke3.cfg:38: warning: access-list 130: 'permit ip 172.168.2.0 0.0.0.255 172.16.1.0 0.0.0.255' has no mirror in hub-3spokes.cfg access-list 130 (crypto map mymap 30)
spoke3.cfg:39: warning: access-list 130: source 172.168.2.0 0.0.0.255 is neither a connected network nor routed here (Ethernet0 is 172.16.2.0/24)
spoke3.cfg:39: warning: access-list 130: 'permit ip 172.168.2.0 0.0.0.255 10.1.1.0 0.0.0.255' has no mirror in hub-3spokes.cfg access-list 130 (crypto map mymap 30)
spoke3.cfg:40: warning: access-list 130: source 172.168.2.0 0.0.0.255 is neither a connected network nor routed here (Ethernet0 is 172.16.2.0/24)
spoke3.cfg:40: warning: access-list 130: no route to destination 192.168.1.0 0.0.0.255
spoke3.cfg:40: warning: access-list 130: 'permit ip 172.168.2.0 0.0.0.255 192.168.1.0 0.0.0.255' has no mirror in hub-3spokes.cfg access-list 130 (crypto map mymap 30)
EOF
} | expect err "the three-spoke set: every defect, in file and line order"

# The three defects of the README, one by one.
d1='^spoke3\.cfg:38: .*172\.168\.2\.0 0\.0\.0\.255.* no mirror in hub-3spokes\.cfg access-list 130'
d1b='^spoke3\.cfg:38: .*source 172\.168\.2\.0 .*Ethernet0 is 172\.16\.2\.0/24'
d2a='^hub-3spokes\.cfg:52: .*172\.16\.2\.0 .* no mirror in spoke1\.cfg access-list 110'
d2b='^hub-3spokes\.cfg:54: .*172\.16\.2\.0 .* no mirror in spoke2\.cfg access-list 120'
d3='^spoke3\.cfg:40: warning: access-list 130: no route to destination 192\.168\.1\.0 0\.0\.0\.255$'
for re in "$d1" "$d1b" "$d2a" "$d2b" "$d3"; do
	if grep -Eq -- "$re" "$TMP/err"; then ok "defect reported: /$re/"; else not_ok "defect reported: /$re/"; fi
done

run check spoke3.cfg
expect_rc 1 "spoke3.cfg alone"
n=$(grep -c 'no route to destination 192.168.1.0' "$TMP/err")
if [ "$n" = 1 ]; then ok "spoke3.cfg alone: its missing route"; else not_ok "spoke3.cfg alone: its missing route ($n)"; fi

# Errors and the single-router rules.
cfg errors.cfg <<'EOF'
crypto isakmp policy 10
 encryption aes 256
 authentication pre-share
 group 14
crypto isakmp key k1 address 10.0.0.2
crypto ipsec transform-set ts esp-aes 256 esp-sha-hmac
crypto map m 10 ipsec-isakmp
 set peer 10.0.0.2
 set transform-set ts nosuch
 match address 101
crypto map m 20 ipsec-isakmp
 set peer 10.0.0.3
 set transform-set ts
 set pfs group2
 match address 102
crypto map empty local-address Ethernet2
interface Ethernet1
 crypto map m
interface Ethernet2
 crypto map empty
access-list 102 permit ip any any
access-list 102 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255
access-list 102 deny tcp any any eq www
access-list 102 permit tcp 10.1.0.0 0.0.255.255 any range 80 90
access-list 103 permit tcp 10.1.0.0 0.0.255.255 any range 80 90
access-list 103 permit tcp 10.1.0.0 0.0.255.255 any range 85 88
access-list 103 permit tcp 10.1.0.0 0.0.255.255 any neq 80
access-list 103 permit tcp 10.1.0.0 0.0.255.255 any gt 1000
access-list 103 permit udp 10.1.0.0 0.0.255.255 any gt 1000
EOF
run -C "$TMP" check errors.cfg
expect_rc 2 "check of a file with reference errors"
expect err "missing objects are errors, the rest warnings" <<'EOF'
errors.cfg:7: error: crypto map m 10: transform set nosuch does not exist
errors.cfg:10: error: crypto map m 10: access list 101 does not exist
errors.cfg:11: warning: crypto map m 20: no crypto isakmp key for peer 10.0.0.3
errors.cfg:14: warning: crypto map m 20: weak PFS group2
errors.cfg:20: error: interface Ethernet2: crypto map empty has no entries
errors.cfg:21: warning: access-list 102: 'permit ip any any' protects all traffic, IKE to the peer included
errors.cfg:22: warning: access-list 102: 'permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255' never matches: line 21 'permit ip any any' matches all its packets
errors.cfg:23: warning: access-list 102: 'deny tcp any any eq www' never matches: line 21 'permit ip any any' matches all its packets
errors.cfg:24: warning: access-list 102: 'permit tcp 10.1.0.0 0.0.255.255 any range www 90' never matches: line 21 'permit ip any any' matches all its packets
errors.cfg:26: warning: access-list 103: 'permit tcp 10.1.0.0 0.0.255.255 any range 85 88' never matches: line 25 'permit tcp 10.1.0.0 0.0.255.255 any range www 90' matches all its packets
errors.cfg:28: warning: access-list 103: 'permit tcp 10.1.0.0 0.0.255.255 any gt 1000' never matches: line 27 'permit tcp 10.1.0.0 0.0.255.255 any neq www' matches all its packets
EOF

# Two routers that peer: A, B and C below are clean with each other.
cfg a.cfg <<'EOF'
hostname A
crypto isakmp policy 10
 encryption aes 256
 authentication pre-share
 group 14
crypto isakmp key k1 address 192.0.2.2
crypto isakmp key k1 address 192.0.2.3
crypto ipsec transform-set ts esp-aes 256 esp-sha-hmac
crypto map m 10 ipsec-isakmp
 set peer 192.0.2.2
 set transform-set ts
 match address 101
crypto map m 20 ipsec-isakmp
 set peer 192.0.2.3
 set transform-set ts
 match address 102
interface eth0
 ip address 10.1.0.1 255.255.0.0
interface eth1
 ip address 192.0.2.1 255.255.255.0
 crypto map m
ip route 10.2.0.0 255.255.0.0 192.0.2.2
ip route 10.3.0.0 255.255.0.0 eth1
access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255
access-list 102 permit ip 10.1.0.0 0.0.255.255 10.3.0.0 0.0.255.255
EOF
cfg b.cfg <<'EOF'
hostname B
crypto isakmp policy 10
 encryption aes 256
 authentication pre-share
 group 14
crypto isakmp key k1 address 192.0.2.1
crypto ipsec transform-set other esp-aes 256 esp-sha-hmac
crypto map m 10 ipsec-isakmp
 set peer 192.0.2.1
 set transform-set other
 match address 101
interface eth0
 ip address 10.2.0.1 255.255.0.0
interface eth1
 ip address 192.0.2.2 255.255.255.0
 crypto map m
ip route 10.1.0.0 255.255.0.0 192.0.2.1
access-list 101 permit ip 10.2.0.0 0.0.255.255 10.1.0.0 0.0.255.255
EOF
run -C "$TMP" check a.cfg b.cfg
expect_rc 0 "check of two mirrored routers"
expect err "two mirrored routers: nothing to report" </dev/null

sed 's/esp-aes 256 esp-sha-hmac/esp-aes esp-sha-hmac/; s/192\.0\.2\.2 /192.0.2.3 /; s/10\.2\.0/10.3.0/g' \
	"$TMP/b.cfg" >"$TMP/c.cfg"
run -C "$TMP" check a.cfg c.cfg
expect_rc 2 "check of peers without a common transform set"
expect err "transform sets that do not overlap, seen from both sides" <<'EOF'
a.cfg:13: error: crypto map m 20: no transform set in common with c.cfg crypto map m 10
c.cfg:8: error: crypto map m 10: no transform set in common with a.cfg crypto map m 20
EOF

sed 's/set peer 192.0.2.1/set peer 192.0.2.99/' "$TMP/b.cfg" >"$TMP/d.cfg"
run -C "$TMP" check a.cfg d.cfg
expect_rc 1 "check of a peer that does not peer back"
expect err "a peer without an entry for this router" <<'EOF'
a.cfg:9: warning: crypto map m 10: peer 192.0.2.2 (d.cfg) has no crypto map entry for this router
d.cfg:8: warning: crypto map m 10: no crypto isakmp key for peer 192.0.2.99
EOF

cfg leak.cfg <<'EOF'
crypto ipsec transform-set ts esp-aes esp-sha-hmac
crypto map m 10 ipsec-isakmp
 set peer 192.0.2.2
 set transform-set ts
 match address 101
interface eth0
 ip address 10.1.0.1 255.255.0.0
interface eth1
 ip address 192.0.2.1 255.255.255.0
 crypto map m
ip route 10.2.0.0 255.255.0.0 eth0
access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255
EOF
run -C "$TMP" check leak.cfg
expect err "protected traffic routed out of an interface without the map" <<'EOF'
leak.cfg:2: warning: crypto map m 10: no crypto isakmp key for peer 192.0.2.2
leak.cfg:12: warning: access-list 101: traffic to 10.2.0.0 0.0.255.255 leaves through eth0, which has no crypto map m
EOF

run check
expect_rc 2 "check without a file"
run check /nonexistent/x.cfg
expect_rc 2 "check of a missing file"
expect err "a missing file is named" <<'EOF'
/nonexistent/x.cfg: error: No such file or directory
EOF

done_testing
