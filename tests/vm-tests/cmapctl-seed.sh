#!/bin/sh
# VM test: the five seed configurations load as they are into the routers of
# the reference topology; what the kernel holds reads back exactly as the file
# says (show running-config and show crypto map, IOS layout), round-trips
# (load X, show > A, flush, load A, show > B: A = B), stays in its own
# namespace, and flush empties it.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"

need_cryptomap
need_cmd "$CMAPCTL"

same() { # EXPECTED-FILE ACTUAL-FILE WHAT
	cmp -s "$1" "$2" && return 0
	diff -u "$1" "$2" || true
	fail "$3: output differs from what is expected"
}

load_ok() { # ROUTER FILE [ARGS...]: load, no error, the report kept in ROUTER.err
	local r=$1 f=$2
	shift 2
	n "$r" "$CMAPCTL" load --ike-backend none "$@" "$f" 2>"$r.err" || { cat "$r.err"; fail "$r: load $f"; }
	! grep -q ': error: ' "$r.err" || fail "$r: load $f reported an error"
}

topo_build 3

# hub.cfg first, then the hub of three spokes in its place.
load_ok hub "$SEED_DIR/hub.cfg"
assert_eq 17 "$(grep -c ': ignored: ' hub.err)" "hub.cfg: lines reported as ignored"
assert_eq "$SEED_DIR/hub.cfg:48: ignored: end" "$(grep ': ignored: ' hub.err | tail -n 1)" \
	"hub.cfg: last ignored line"
assert_eq "$SEED_DIR/hub.cfg:11: note: crypto isakmp settings (1 policy, 2 keys) are checked but not given to charon (--ike-backend none)" \
	"$(grep ': note: ' hub.err)" "hub.cfg: ISAKMP is said to be not applied"

cat >hub.run <<'EOF'
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
n hub "$CMAPCTL" show running-config >out
same hub.run out "hub: show running-config after hub.cfg"

cat >hub.map <<'EOF'
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
n hub "$CMAPCTL" show crypto map >out
same hub.map out "hub: show crypto map"
n hub "$CMAPCTL" >out
same hub.map out "hub: cmapctl without arguments"

# Every router: the kernel's view equals the file's view (show -f).
load_ok hub "$SEED_DIR/hub-3spokes.cfg"
for r in spoke1 spoke2 spoke3; do
	load_ok "$r" "$SEED_DIR/$r.cfg"
done
for r in hub spoke1 spoke2 spoke3; do
	for obj in running-config "crypto map" access-lists "crypto ipsec transform-set"; do
		# shellcheck disable=SC2086
		n "$r" "$CMAPCTL" show $obj >kernel.out
		# shellcheck disable=SC2086
		"$CMAPCTL" show -f "$(topo_cfg "$r")" $obj >file.out
		same file.out kernel.out "$r: show $obj from the kernel and from $(topo_cfg "$r")"
	done
done
assert_match 'access-list 130 permit ip 172\.168\.2\.0 0\.0\.0\.255 192\.168\.1\.0 0\.0\.0\.255' \
	"$(n spoke3 "$CMAPCTL" show running-config)" "spoke3 loads as published, mistake included"

# Round trip: the running configuration loads back to itself.
for r in hub spoke1 spoke2 spoke3; do
	n "$r" "$CMAPCTL" show running-config >A
	n "$r" "$CMAPCTL" flush
	n "$r" "$CMAPCTL" load --ike-backend none A 2>/dev/null || fail "$r: load of its own running-config"
	n "$r" "$CMAPCTL" show running-config >B
	same A B "$r: running-config round trip"
done

# JSON: attribute names, the kernel's generation, identities and the ifindex.
j=$(n hub "$CMAPCTL" show -j running-config)
assert_match '^\{"generation":[1-9][0-9]*,"global":\{"life_secs":3600,"life_kb":4608000,"df_bit":"copy","replay_window":64\},"tsets":\[\{"name":"myset","cipher":"des",("keybits":64,)?"auth":"md5","mode":"tunnel"\}\]' \
	"$j" "hub: show -j running-config"
assert_match '"entries":\[\{"map":"mymap","seq":10,"type":"isakmp","acl":"110","peers":\["10\.1\.2\.1"\],"tsets":\["myset"\],"pfs":0,"id":[1-9]' \
	"$j" "hub: entry 10 in JSON"
ifindex=$(n hub cat /sys/class/net/Ethernet1/ifindex)
assert_match "\"bindings\":\[\{\"ifname\":\"Ethernet1\",\"map\":\"mymap\",\"ifindex\":$ifindex\}\]" \
	"$j" "hub: binding in JSON"

# Namespaces are separate: flushing the hub leaves the spokes alone.
n hub "$CMAPCTL" flush
n hub "$CMAPCTL" show running-config >out
[ ! -s out ] || { cat out; fail "hub: running-config not empty after flush"; }
n hub "$CMAPCTL" show crypto map >out
[ ! -s out ] || fail "hub: show crypto map not empty after flush"
assert_match '"tsets":\[\],"acls":\[\],"maps":\[\],"entries":\[\],"bindings":\[\]\}$' \
	"$(n hub "$CMAPCTL" show -j running-config)" "hub: JSON after flush"
"$CMAPCTL" show -f "$SEED_DIR/spoke1.cfg" running-config >file.out
n spoke1 "$CMAPCTL" show running-config >kernel.out
same file.out kernel.out "spoke1 after the hub's flush"
"$CMAPCTL" show running-config >out || fail "show in the initial namespace"
[ ! -s out ] || { cat out; fail "the initial namespace sees a router's configuration"; }
for r in spoke1 spoke2 spoke3; do n "$r" "$CMAPCTL" flush; done
