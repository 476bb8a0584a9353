#!/bin/bash
# Host test of the cmapctl command line and of the show layouts, without a
# kernel: show -f FILE renders what FILE would load. Covers help, version,
# usage errors, --interface, IOS abbreviations, the IOS "show crypto map"
# layout, and JSON (-j, -p) with the netlink attribute names.
. "$(dirname "$0")/cmapctl-lib.sh"

run help
expect_rc 0 "help"
head -n 1 "$TMP/out" >"$TMP/first"
mv "$TMP/first" "$TMP/out"
expect out "help starts with the usage line" <<'EOF'
Usage: cmapctl [ COMMAND ]
EOF
run --version
expect out "--version" <<'EOF'
cmapctl 0.1 (netlink family "cryptomap" version 1)
EOF
run frobnicate
expect_rc 1 "an unknown command"
head -n 2 "$TMP/err" >"$TMP/out"
expect out "an unknown command is named, then the usage" <<'EOF'
cmapctl: unknown command 'frobnicate'
Usage: cmapctl [ COMMAND ]
EOF
run load
expect_rc 1 "load without a file"
run load -n a.cfg b.cfg
expect_rc 1 "load of two files"
run show crypto nothing
expect_rc 1 "show of an unknown object"

# Interfaces must exist unless mapped; lo exists in every namespace.
run load -n hub.cfg
expect_rc 1 "load -n hub.cfg without Ethernet1"
grep -v ': ignored: ' "$TMP/err" >"$TMP/out"
expect out "a missing interface is an error that names the way out" <<'EOF'
hub.cfg:35: error: interface Ethernet1 does not exist (use --interface Ethernet1=LINUXNAME)
EOF
run load -n --interface Ethernet1=lo --interface Serial0=lo hub.cfg
expect_rc 0 "load -n --interface Ethernet1=lo hub.cfg"
grep -v ': ignored: ' "$TMP/err" >"$TMP/out"
expect out "an unused --interface is a warning" <<'EOF'
hub.cfg: warning: --interface Serial0=lo: no such interface in the crypto configuration
hub.cfg: note: charon would get 2 IKE connections, 4 children (one per access-list permit line), 2 pre-shared keys (-n: not loaded)
EOF
run load -n --interface Ethernet1=no-such-if0 hub.cfg
expect_rc 1 "load -n with a mapping to a missing interface"
grep -v ': ignored: ' "$TMP/err" >"$TMP/out"
expect out "a mapped interface that is missing" <<'EOF'
hub.cfg:35: error: interface no-such-if0 (for Ethernet1) does not exist
EOF
run load -n --interface Ethernet1=a/b hub.cfg
expect_rc 1 "load -n with an invalid Linux name"
run load -n - <"$SEED_DIR/spoke2.cfg"
expect_rc 1 "load -n - reads standard input"
head -n 1 "$TMP/err" >"$TMP/out"
expect out "standard input is named <stdin> in messages" <<'EOF'
<stdin>:2: ignored: version 12.2
EOF

# show -f: the IOS layout of the brief, for the hub.
run show -f hub.cfg
expect_rc 0 "show -f hub.cfg"
expect out "show crypto map (the default object), IOS layout" <<'EOF'
Crypto Map "mymap" 10 ipsec-isakmp
        Peer = 10.1.2.1
        Extended IP access list 110
            access-list 110 permit ip 10.1.1.0 0.0.0.255 172.16.1.0 0.0.0.255
            access-list 110 permit ip 192.168.1.0 0.0.0.255 172.16.1.0 0.0.0.255
        Current peer: 10.1.2.1
        Security association lifetime: 4608000 kilobytes/3600 seconds
        PFS (Y/N): N
        Transform sets={ myset, }
        Interfaces using crypto map mymap:
                Ethernet1

Crypto Map "mymap" 20 ipsec-isakmp
        Peer = 10.1.3.1
        Extended IP access list 120
            access-list 120 permit ip 10.1.1.0 0.0.0.255 192.168.1.0 0.0.0.255
            access-list 120 permit ip 172.16.1.0 0.0.0.255 192.168.1.0 0.0.0.255
        Current peer: 10.1.3.1
        Security association lifetime: 4608000 kilobytes/3600 seconds
        PFS (Y/N): N
        Transform sets={ myset, }
        Interfaces using crypto map mymap:
                Ethernet1

EOF
run sh -f hub.cfg cry ipsec trans
expect out "show crypto ipsec transform-set, abbreviated" <<'EOF'
Transform set myset: { esp-des esp-md5-hmac  }
   will negotiate = { Tunnel,  },

EOF
run show -f spoke2.cfg access
expect out "show access-lists" <<'EOF'
Extended IP access list 120
    10 permit ip 192.168.1.0 0.0.0.255 172.16.1.0 0.0.0.255
    20 permit ip 192.168.1.0 0.0.0.255 10.1.1.0 0.0.0.255
EOF
run show -f spoke1.cfg run
expect out "show running-config" <<'EOF'
crypto ipsec transform-set myset esp-des esp-md5-hmac
!
crypto map mymap 10 ipsec-isakmp
 set peer 10.1.4.1
 set transform-set myset
 match address 110
!
interface Ethernet1
 crypto map mymap
!
access-list 110 permit ip 172.16.1.0 0.0.0.255 10.1.1.0 0.0.0.255
access-list 110 permit ip 172.16.1.0 0.0.0.255 192.168.1.0 0.0.0.255
!
EOF

cfg dyn.cfg <<'EOF'
crypto ipsec transform-set t esp-aes 256 esp-sha-hmac
crypto dynamic-map dyn 10
 set transform-set t
 set pfs group14
crypto map m local-address eth1
crypto map m 10 ipsec-isakmp
 set peer 192.0.2.1
 set peer 192.0.2.2
 set transform-set t
 set security-association lifetime seconds 1800
 set security-association replay disable
 match address 101
crypto map m 20 ipsec-isakmp dynamic dyn
interface eth1
 crypto map m
access-list 101 permit tcp any host 10.0.0.1 eq 443
EOF
run -C "$TMP" show -f dyn.cfg
expect out "show crypto map: peers, lifetimes, replay, dynamic template" <<'EOF'
Crypto Map "m" local-address eth1

Crypto Map "m" 10 ipsec-isakmp
        Peer = 192.0.2.1
        Peer = 192.0.2.2
        Extended IP access list 101
            access-list 101 permit tcp any host 10.0.0.1 eq 443
        Current peer: 192.0.2.1
        Security association lifetime: 4608000 kilobytes/1800 seconds
        Anti-replay: disabled
        PFS (Y/N): N
        Transform sets={ t, }
        Interfaces using crypto map m:
                eth1

Crypto Map "m" 20 ipsec-isakmp
        Dynamic map template tag: dyn
        Security association lifetime: 4608000 kilobytes/3600 seconds
        PFS (Y/N): N
        Interfaces using crypto map m:
                eth1

EOF
run -C "$TMP" show -f dyn.cfg crypto dynamic-map
expect out "show crypto dynamic-map" <<'EOF'
Crypto Map Template"dyn" 10
        No matching address list set.
        Security association lifetime: 4608000 kilobytes/3600 seconds
        PFS (Y/N): Y
        DH group:  group14
        Transform sets={ t, }

EOF

# JSON: compact on one line, pretty with -p; keys are attribute names.
run show -f spoke1.cfg -j running-config
expect out "show -j running-config" <<'EOF'
{"generation":0,"global":{"life_secs":3600,"life_kb":4608000,"df_bit":"copy","replay_window":64},"tsets":[{"name":"myset","cipher":"des","auth":"md5","mode":"tunnel"}],"acls":[{"name":"110","lines":[{"seq":10,"action":"permit","src":"172.16.1.0","src_wild":"0.0.0.255","dst":"10.1.1.0","dst_wild":"0.0.0.255","hits":0},{"seq":20,"action":"permit","src":"172.16.1.0","src_wild":"0.0.0.255","dst":"192.168.1.0","dst_wild":"0.0.0.255","hits":0}]}],"maps":[{"name":"mymap","dynamic":false}],"entries":[{"map":"mymap","seq":10,"type":"isakmp","acl":"110","peers":["10.1.4.1"],"tsets":["myset"],"pfs":0,"id":0,"hits":0}],"bindings":[{"ifname":"Ethernet1","map":"mymap","ifindex":0}]}
EOF
run show -f spoke1.cfg -j
expect out "show -j crypto map" <<'EOF'
[{"map":"mymap","seq":10,"type":"isakmp","acl":"110","peers":["10.1.4.1"],"tsets":["myset"],"pfs":0,"id":0,"hits":0,"interfaces":["Ethernet1"]}]
EOF
run show -f spoke1.cfg -p crypto ipsec transform-set
expect out "show -p (pretty JSON)" <<'EOF'
[
    {
        "name": "myset",
        "cipher": "des",
        "auth": "md5",
        "mode": "tunnel"
    }
]
EOF
if command -v python3 >/dev/null; then
	for obj in "crypto map" "crypto dynamic-map" "crypto ipsec transform-set" access-lists running-config; do
		for fmt in -j -p; do
			# shellcheck disable=SC2086
			run -C "$TMP" show -f dyn.cfg $fmt $obj
			if python3 -m json.tool "$TMP/out" >/dev/null 2>&1; then
				ok "show $fmt $obj is valid JSON"
			else
				not_ok "show $fmt $obj is valid JSON"
			fi
		done
	done
fi

done_testing
