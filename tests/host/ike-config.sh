#!/bin/bash
# Host test of the charon configuration cmapctl generates from IOS
# configuration (cmapctl charon config; cmapctl load writes the same files):
# the exact swanctl.conf of the seed's Hub and Spoke1, IOS defaults (des,
# sha, group 1, 86400 s; 3600 s and 4,608,000 KB with rekeying at 90%), one
# child per permit line, ports and ICMP as selectors, backup peers, dynamic
# maps, transport mode, PFS, IKEv2; the secrets file's mode 0600 and its
# content; no key in any output; what charon cannot express is an error with
# the line. No kernel, no daemon, no privileges.
. "$(dirname "$0")/cmapctl-lib.sh"

# The value of KEY in connection CONN (CHILD: in that child) of stdin.
field() { # CONN [CHILD] KEY
	awk -v conn="$1" -v child="$([ $# = 3 ] && echo "$2")" -v key="${!#}" '
		/^    [^ ].* \{$/ { c = $1; ch = ""; next }
		/^            [^ ].* \{$/ { ch = $1; next }
		c == conn && ch == child && $1 == key && $2 == "=" {
			sub(/^[^=]*= /, ""); print; exit
		}'
}

# Connection and child names, in order: "conn" or "conn/child".
names() {
	awk '/^    [^ ].* \{$/ { c = $1; print c } /^            [^ ].* \{$/ { print c "/" $1 }'
}

run charon config hub.cfg
expect_rc 0 "charon config hub.cfg"
expect err "hub.cfg: nothing to report" </dev/null
expect out "hub.cfg: swanctl.conf" <<'EOF'
# charon connections for the crypto maps of hub.cfg.
# Written by cmapctl load; edit the IOS configuration instead (Documentation/ike.md).
connections {
    mymap-10 {
        version = 1
        local_addrs = 10.1.4.1
        remote_addrs = 10.1.2.1
        proposals = des-md5-modp768
        rekey_time = 77760s
        over_time = 8640s
        local {
            auth = psk
            id = 10.1.4.1
        }
        remote {
            auth = psk
            id = 10.1.2.1
        }
        children {
            mymap-10-110-10 {
                local_ts = 10.1.1.0/24
                remote_ts = 172.16.1.0/24
                mode = tunnel
                esp_proposals = des-md5
                rekey_time = 3240s
                life_time = 3600s
                rekey_bytes = 4246732800
                life_bytes = 4718592000
                replay_window = 64
                start_action = trap
            }
            mymap-10-110-20 {
                local_ts = 192.168.1.0/24
                remote_ts = 172.16.1.0/24
                mode = tunnel
                esp_proposals = des-md5
                rekey_time = 3240s
                life_time = 3600s
                rekey_bytes = 4246732800
                life_bytes = 4718592000
                replay_window = 64
                start_action = trap
            }
        }
    }
    mymap-20 {
        version = 1
        local_addrs = 10.1.4.1
        remote_addrs = 10.1.3.1
        proposals = des-md5-modp768
        rekey_time = 77760s
        over_time = 8640s
        local {
            auth = psk
            id = 10.1.4.1
        }
        remote {
            auth = psk
            id = 10.1.3.1
        }
        children {
            mymap-20-120-10 {
                local_ts = 10.1.1.0/24
                remote_ts = 192.168.1.0/24
                mode = tunnel
                esp_proposals = des-md5
                rekey_time = 3240s
                life_time = 3600s
                rekey_bytes = 4246732800
                life_bytes = 4718592000
                replay_window = 64
                start_action = trap
            }
            mymap-20-120-20 {
                local_ts = 172.16.1.0/24
                remote_ts = 192.168.1.0/24
                mode = tunnel
                esp_proposals = des-md5
                rekey_time = 3240s
                life_time = 3600s
                rekey_bytes = 4246732800
                life_bytes = 4718592000
                replay_window = 64
                start_action = trap
            }
        }
    }
}
include secrets.conf
EOF

run charon config spoke1.cfg
expect_rc 0 "charon config spoke1.cfg"
expect out "spoke1.cfg: swanctl.conf" <<'EOF'
# charon connections for the crypto maps of spoke1.cfg.
# Written by cmapctl load; edit the IOS configuration instead (Documentation/ike.md).
connections {
    mymap-10 {
        version = 1
        local_addrs = 10.1.2.1
        remote_addrs = 10.1.4.1
        proposals = des-md5-modp768
        rekey_time = 77760s
        over_time = 8640s
        local {
            auth = psk
            id = 10.1.2.1
        }
        remote {
            auth = psk
            id = 10.1.4.1
        }
        children {
            mymap-10-110-10 {
                local_ts = 172.16.1.0/24
                remote_ts = 10.1.1.0/24
                mode = tunnel
                esp_proposals = des-md5
                rekey_time = 3240s
                life_time = 3600s
                rekey_bytes = 4246732800
                life_bytes = 4718592000
                replay_window = 64
                start_action = trap
            }
            mymap-10-110-20 {
                local_ts = 172.16.1.0/24
                remote_ts = 192.168.1.0/24
                mode = tunnel
                esp_proposals = des-md5
                rekey_time = 3240s
                life_time = 3600s
                rekey_bytes = 4246732800
                life_bytes = 4718592000
                replay_window = 64
                start_action = trap
            }
        }
    }
}
include secrets.conf
EOF

# The files load would write: modes, and the secrets where swanctl.conf
# includes them. The key is compared as hex, never printed.
all=$TMP/all-output
: >"$all"
mkdir "$TMP/hub"
run charon config -o "$TMP/hub" hub.cfg
expect_rc 0 "charon config -o DIR hub.cfg"
cat "$TMP/out" "$TMP/err" >>"$all"
modes=$(cd "$TMP/hub" && stat -c '%n %a' charon.conf secrets.conf swanctl.conf)
[ "$modes" = "$(printf 'charon.conf 644\nsecrets.conf 600\nswanctl.conf 644')" ] &&
	ok "file modes: secrets.conf 0600, the others 0644" ||
	not_ok "file modes: $(echo $modes)"
cmp -s "$TMP/hub/swanctl.conf" <(cd "$SEED_DIR" && "$CMAPCTL" charon config hub.cfg) &&
	ok "-o writes the swanctl.conf that is printed" || not_ok "-o writes the swanctl.conf that is printed"
key_hex=$(printf '%s' cisco123 | od -An -tx1 | tr -d ' \n')
sed "s/0x$key_hex\$/0xKEY/" "$TMP/hub/secrets.conf" >"$TMP/out"
expect out "secrets.conf: one entry per key, by peer address, the key in hex" <<'EOF'
# Pre-shared keys of hub.cfg (crypto isakmp key) for charon.
# Written by cmapctl, mode 0600; never printed.
secrets {
    ike-1 {
        id = 10.1.2.1
        secret = 0xKEY
    }
    ike-2 {
        id = 10.1.3.1
        secret = 0xKEY
    }
}
EOF
grep -q '^    load = kernel-cryptomap random nonce openssl .*kernel-netlink socket-default vici$' \
	"$TMP/hub/charon.conf" && ok "charon.conf: kernel-cryptomap listed before kernel-netlink" ||
	not_ok "charon.conf: kernel-cryptomap listed before kernel-netlink"
run charon config --ike-backend xfrm -o "$TMP/hub" hub.cfg
cat "$TMP/out" "$TMP/err" >>"$all"
grep -q 'kernel-cryptomap' "$TMP/hub/charon.conf" &&
	not_ok "charon.conf of --ike-backend xfrm names kernel-cryptomap" ||
	ok "charon.conf of --ike-backend xfrm: stock plugins only"

# IOS defaults: a policy that says only pre-share is des, sha, group 1, 86400 s.
cfg defaults.cfg <<'EOF'
crypto isakmp policy 1
 authentication pre-share
crypto isakmp key k3y-D3faults address 192.0.2.2
crypto ipsec transform-set ts esp-3des esp-sha-hmac
crypto map m 10 ipsec-isakmp
 set peer 192.0.2.2
 set transform-set ts
 match address 101
interface Ethernet1
 ip address 192.0.2.1 255.255.255.0
 crypto map m
access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255
EOF
run -C "$TMP" charon config defaults.cfg
cat "$TMP/out" "$TMP/err" >>"$all"
for kv in "proposals=des-sha1-modp768" "rekey_time=77760s" "over_time=8640s" \
	"version=1" "local_addrs=192.0.2.1"; do
	v=$(field m-10 "${kv%%=*}" <"$TMP/out")
	[ "$v" = "${kv#*=}" ] && ok "IOS default: ${kv%%=*} = $v" || not_ok "IOS default ${kv}: got '$v'"
done
for kv in "esp_proposals=3des-sha1" "rekey_time=3240s" "life_time=3600s" \
	"rekey_bytes=4246732800" "life_bytes=4718592000" "replay_window=64" "mode=tunnel"; do
	v=$(field m-10 m-10-101-10 "${kv%%=*}" <"$TMP/out")
	[ "$v" = "${kv#*=}" ] && ok "IOS default: child ${kv%%=*} = $v" || not_ok "IOS default child ${kv}: got '$v'"
done

# Most of what maps onto charon at once.
cfg mix.cfg <<'EOF'
hostname R
crypto isakmp policy 20
 encryption aes 256
 hash sha256
 authentication pre-share
 group 14
 lifetime 28800
crypto isakmp policy 5
 authentication pre-share
crypto isakmp policy 30
 encryption 3des
crypto isakmp key k1-Mix address 192.0.2.2
crypto isakmp key 0 k2-Mix address 192.0.2.3 255.255.255.255
crypto isakmp key k3-Mix address 0.0.0.0 0.0.0.0
crypto isakmp key k4-Mix address 198.51.100.0 255.255.255.0 no-xauth
crypto isakmp key 6 k5-Mix address 192.0.2.9
crypto isakmp key k6-Mix hostname peer.example
crypto isakmp key k7-Mix address 192.0.2.2
crypto ipsec security-association lifetime seconds 7200
crypto ipsec df-bit clear
crypto ipsec transform-set gcm esp-gcm 256
crypto ipsec transform-set tr esp-aes 192 esp-sha-hmac
 mode transport
crypto ipsec transform-set old esp-3des esp-sha256-hmac
crypto dynamic-map dyn 10
 set transform-set gcm
crypto dynamic-map dyn 20
 set transform-set old
 match address 150
 set pfs group2
crypto map m 10 ipsec-isakmp
 set peer 192.0.2.2
 set peer 192.0.2.3
 set transform-set tr old
 set pfs group19
 set security-association lifetime seconds 120
 set security-association lifetime kilobytes 2560
 set security-association replay disable
 match address 101
crypto map m 20 ipsec-isakmp
 set peer 192.0.2.3
 set transform-set gcm
 match address 102
crypto map m 30 ipsec-isakmp dynamic dyn
 set pfs group5
crypto map unbound 10 ipsec-isakmp
 set peer 192.0.2.77
 set transform-set gcm
 match address 102
interface Ethernet1
 ip address 192.0.2.1 255.255.255.0
 crypto map m
access-list 101 permit ip host 192.0.2.1 host 192.0.2.2
access-list 101 deny ip host 10.9.9.9 any
access-list 101 permit tcp 10.9.0.0 0.0.255.255 range 1000 2000 10.8.0.0 0.0.0.255 eq www
access-list 101 remark next: gt and lt
access-list 101 permit udp any gt 1023 any lt 1024
access-list 101 permit icmp 10.9.0.0 0.0.255.255 10.8.0.0 0.0.0.255 echo
access-list 101 permit icmp 10.9.0.0 0.0.255.255 10.8.0.0 0.0.0.255 port-unreachable
access-list 101 permit 47 10.9.0.0 0.0.255.255 10.8.0.0 0.0.0.255
access-list 102 permit ip 10.7.0.0 0.0.255.255 10.6.0.0 0.0.255.255
access-list 150 permit ip 10.7.0.0 0.0.255.255 10.5.0.0 0.0.255.255
EOF
run -C "$TMP" charon config mix.cfg
expect_rc 0 "charon config mix.cfg"
cat "$TMP/out" "$TMP/err" >>"$all"
cp "$TMP/out" "$TMP/mix.conf"
expect err "mix.cfg: what charon cannot use is a warning with its line" <<'EOF'
mix.cfg:10: warning: isakmp policy 30: authentication rsa-sig is not supported with charon (pre-shared keys only); policy not offered
mix.cfg:31: warning: crypto map m 10: transform sets with different modes; charon negotiates the mode of tr
mix.cfg:16: warning: crypto isakmp key: a type 6 (encrypted) key cannot be given to charon; key not used
EOF
names <"$TMP/mix.conf" >"$TMP/out"
expect out "connections per map and peer, children per permit line; unbound maps left out" <<'EOF'
m-10
m-10/m-10-101-10
m-10/m-10-101-30
m-10/m-10-101-50
m-10/m-10-101-60
m-10/m-10-101-70
m-10/m-10-101-80
m-10-2
m-10-2/m-10-101-10
m-10-2/m-10-101-30
m-10-2/m-10-101-50
m-10-2/m-10-101-60
m-10-2/m-10-101-70
m-10-2/m-10-101-80
m-10-2/m-20-102-10
m-30-dyn-10
m-30-dyn-10/dyn-10-any
m-30-dyn-20
m-30-dyn-20/dyn-20-150-10
EOF
{
	for q in "m-10 proposals" "m-10 rekey_time" "m-10 over_time" "m-10-2 remote_addrs" \
		"m-30-dyn-10 remote_addrs" "m-30-dyn-10 id"; do
		# shellcheck disable=SC2086
		echo "$q: $(field $q <"$TMP/mix.conf")"
	done
	for q in "m-10 m-10-101-10 mode" "m-10 m-10-101-10 esp_proposals" \
		"m-10 m-10-101-10 rekey_time" "m-10 m-10-101-10 life_time" \
		"m-10 m-10-101-10 rekey_bytes" "m-10 m-10-101-10 life_bytes" \
		"m-10 m-10-101-10 replay_window" "m-10 m-10-101-10 copy_df" \
		"m-10 m-10-101-10 start_action" "m-10-2 m-10-101-10 mode" \
		"m-10-2 m-10-101-10 start_action" "m-10-2 m-20-102-10 start_action" \
		"m-10-2 m-20-102-10 esp_proposals" "m-10-2 m-20-102-10 life_time" \
		"m-10 m-10-101-30 local_ts" "m-10 m-10-101-30 remote_ts" \
		"m-10 m-10-101-50 local_ts" "m-10 m-10-101-50 remote_ts" \
		"m-10 m-10-101-60 local_ts" "m-10 m-10-101-60 remote_ts" \
		"m-10 m-10-101-70 local_ts" "m-10 m-10-101-80 local_ts" \
		"m-30-dyn-10 dyn-10-any local_ts" "m-30-dyn-10 dyn-10-any remote_ts" \
		"m-30-dyn-10 dyn-10-any esp_proposals" "m-30-dyn-10 dyn-10-any start_action" \
		"m-30-dyn-20 dyn-20-150-10 esp_proposals" "m-30-dyn-20 dyn-20-150-10 local_ts"; do
		# shellcheck disable=SC2086
		echo "$q: $(field $q <"$TMP/mix.conf")"
	done
} >"$TMP/out"
expect out "mix.cfg: proposals, lifetimes, selectors, modes, traps" <<'EOF'
m-10 proposals: des-sha1-modp768, aes256-sha256-modp2048
m-10 rekey_time: 25920s
m-10 over_time: 2880s
m-10-2 remote_addrs: 192.0.2.3
m-30-dyn-10 remote_addrs: %any
m-30-dyn-10 id: 192.0.2.1
m-10 m-10-101-10 mode: transport
m-10 m-10-101-10 esp_proposals: aes192-sha1-ecp256, 3des-sha256-ecp256
m-10 m-10-101-10 rekey_time: 108s
m-10 m-10-101-10 life_time: 120s
m-10 m-10-101-10 rekey_bytes: 2359296
m-10 m-10-101-10 life_bytes: 2621440
m-10 m-10-101-10 replay_window: 0
m-10 m-10-101-10 copy_df: no
m-10 m-10-101-10 start_action: trap
m-10-2 m-10-101-10 mode: tunnel
m-10-2 m-10-101-10 start_action: none
m-10-2 m-20-102-10 start_action: trap
m-10-2 m-20-102-10 esp_proposals: aes256gcm16
m-10-2 m-20-102-10 life_time: 7200s
m-10 m-10-101-30 local_ts: 10.9.0.0/16[tcp/1000-2000]
m-10 m-10-101-30 remote_ts: 10.8.0.0/24[tcp/80]
m-10 m-10-101-50 local_ts: 0.0.0.0/0[udp/1024-65535]
m-10 m-10-101-50 remote_ts: 0.0.0.0/0[udp/0-1023]
m-10 m-10-101-60 local_ts: 10.9.0.0/16[icmp/2048-2303]
m-10 m-10-101-60 remote_ts: 10.8.0.0/24[icmp]
m-10 m-10-101-70 local_ts: 10.9.0.0/16[icmp/771]
m-10 m-10-101-80 local_ts: 10.9.0.0/16[47]
m-30-dyn-10 dyn-10-any local_ts: 0.0.0.0/0
m-30-dyn-10 dyn-10-any remote_ts: 0.0.0.0/0
m-30-dyn-10 dyn-10-any esp_proposals: aes256gcm16-modp1536
m-30-dyn-10 dyn-10-any start_action: none
m-30-dyn-20 dyn-20-150-10 esp_proposals: 3des-sha256-modp1024
m-30-dyn-20 dyn-20-150-10 local_ts: 10.7.0.0/16
EOF
grep -c '^                remote_ts = ' "$TMP/mix.conf" >"$TMP/out"
expect out "deny and remark lines give no child" <<'EOF'
15
EOF
mkdir "$TMP/mix"
run -C "$TMP" charon config -o "$TMP/mix" mix.cfg
cat "$TMP/out" "$TMP/err" >>"$all"
sed 's/= 0x[0-9a-f]*$/= HEX/' "$TMP/mix/secrets.conf" >"$TMP/out"
expect out "mix.cfg: secrets by address, prefix, any, host name; the last key of a peer wins; type 6 left out" <<'EOF'
# Pre-shared keys of mix.cfg (crypto isakmp key) for charon.
# Written by cmapctl, mode 0600; never printed.
secrets {
    ike-1 {
        id = 192.0.2.3
        secret = HEX
    }
    ike-2 {
        id = %any
        secret = HEX
    }
    ike-3 {
        id = 198.51.100.0/24
        secret = HEX
    }
    ike-4 {
        id = peer.example
        secret = HEX
    }
    ike-5 {
        id = 192.0.2.2
        secret = HEX
    }
}
EOF
k7=$(printf '%s' k7-Mix | od -An -tx1 | tr -d ' \n')
grep -A1 'id = 192.0.2.2$' "$TMP/mix/secrets.conf" | grep -q "secret = 0x$k7\$" &&
	ok "the later key for 192.0.2.2 is the one given" || not_ok "the later key for 192.0.2.2 is the one given"

# IKEv2 (a cmapctl option; IOS 12.2 speaks IKEv1 only): aes 256, groups 19 and 14.
cfg v2.cfg <<'EOF'
crypto isakmp policy 10
 encryption aes 256
 hash sha256
 group 19
 authentication pre-share
crypto isakmp policy 20
 encryption aes 256
 hash sha256
 group 14
 authentication pre-share
crypto isakmp key V2-key address 192.0.2.2
crypto ipsec transform-set t esp-gcm 256
crypto map m 10 ipsec-isakmp
 set peer 192.0.2.2
 set transform-set t
 set pfs group19
 match address 101
interface Ethernet1
 ip address 192.0.2.1 255.255.255.0
 crypto map m
access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255
EOF
run -C "$TMP" charon config --ike-version 2 v2.cfg
expect_rc 0 "charon config --ike-version 2"
cat "$TMP/out" "$TMP/err" >>"$all"
{
	for q in "m-10 version" "m-10 proposals" "m-10 mobike" "m-10 m-10-101-10 esp_proposals"; do
		# shellcheck disable=SC2086
		echo "$q: $(field $q <"$TMP/out")"
	done
} >"$TMP/v2"
mv "$TMP/v2" "$TMP/out"
expect out "IKEv2: version, proposals, no MOBIKE, ESP with PFS" <<'EOF'
m-10 version: 2
m-10 proposals: aes256-sha256-ecp256, aes256-sha256-modp2048
m-10 mobike: no
m-10 m-10-101-10 esp_proposals: aes256gcm16-ecp256
EOF
run -C "$TMP" charon config --ike-version 3 v2.cfg
expect_rc 1 "--ike-version 3"
run -C "$TMP" charon config --ike-backend strongswan v2.cfg
expect_rc 1 "--ike-backend strongswan"

# What IKE cannot carry is an error at its line, and nothing is produced.
cfg bad.cfg <<'EOF'
crypto isakmp policy 10
 authentication rsa-sig
crypto ipsec transform-set t esp-aes esp-sha-hmac
crypto map m 10 ipsec-isakmp
 set peer 192.0.2.2
 set transform-set t
 match address 101
interface Ethernet1
 ip address 192.0.2.1 255.255.255.0
 crypto map m
access-list 101 permit ip 10.1.0.0 0.0.255.0 any
access-list 101 permit tcp any any neq 80
EOF
run -C "$TMP" charon config bad.cfg
expect_rc 1 "charon config bad.cfg"
expect out "nothing on standard output after an error" </dev/null
expect err "errors: no pre-share policy, a wildcard that is no prefix, neq" <<'EOF'
bad.cfg:1: warning: isakmp policy 10: authentication rsa-sig is not supported with charon (pre-shared keys only); policy not offered
bad.cfg: error: no crypto isakmp policy with 'authentication pre-share': charon has no IKE proposal (the IOS default policy is rsa-sig)
bad.cfg:11: error: access-list 101: this line has a wildcard mask that is not a prefix (IKE proxy identities are subnets); charon cannot negotiate it
bad.cfg:12: error: access-list 101: this line has 'neq' (a selector is one port range); charon cannot negotiate it
EOF
# load checks the same before it touches the kernel (-n: nothing at all).
run -C "$TMP" load -n --interface Ethernet1=lo bad.cfg
expect_rc 1 "load -n bad.cfg"
grep -c ': error: ' "$TMP/err" >"$TMP/out"
expect out "load reports the same three errors" <<'EOF'
3
EOF
run -C "$TMP" load -n --ike-backend none --interface Ethernet1=lo bad.cfg
expect_rc 0 "load -n --ike-backend none bad.cfg: the kernel alone can take it"

run load -n --interface Ethernet1=lo hub.cfg
cat "$TMP/out" "$TMP/err" >>"$all"
grep ': note: ' "$TMP/err" >"$TMP/out"
expect out "load -n says what charon would get" <<'EOF'
hub.cfg: note: charon would get 2 IKE connections, 4 children (one per access-list permit line), 2 pre-shared keys (-n: not loaded)
EOF

if grep -Eq "cisco123|$key_hex|k[1-7]-Mix|V2-key|k3y-D3faults" "$all"; then
	not_ok "no key in any output"
	grep -En "cisco123|$key_hex|-Mix|V2-key|D3faults" "$all" | sed 's/^/#   /'
else
	ok "no key in any output ($(wc -l <"$all") lines checked)"
fi

done_testing
