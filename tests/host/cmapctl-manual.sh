#!/bin/bash
# Host test of manual keying in cmapctl ("crypto map NAME SEQ ipsec-manual"
# with "set session-key"): the seed configurations manually keyed
# (tests/lib/manual.sh) check clean; every error in a session-key line is
# reported at file:line:column without the key; key lengths are checked
# against the transform set (GCM and GMAC with their 4-byte salt); check
# compares the SPIs and keys of the two ends of a tunnel; keys are rendered
# "********" and such a rendering loads back (check -p is a fixed point); no
# key appears in any output.
. "$(dirname "$0")/cmapctl-lib.sh"
# shellcheck source=../lib/manual.sh
. "$REPO/tests/lib/manual.sh"

for r in hub spoke1 spoke2 spoke3; do
	manual_cfg "$r" "$SEED_DIR/$r.cfg" >"$TMP/$r.cfg"
done
manual_cfg hub "$SEED_DIR/hub-3spokes.cfg" >"$TMP/hub-3spokes.cfg"
all=$TMP/all-output
: >"$all"
keep() { cat "$TMP/out" "$TMP/err" >>"$all"; }

run -C "$TMP" check hub.cfg spoke1.cfg spoke2.cfg
keep
expect_rc 1 "check of the manually keyed hub and two spokes"
expect err "only the weak algorithms of the seed are reported" <<'EOF'
hub.cfg:11: warning: isakmp policy 10: weak encryption des (default), hash md5, group 1 (default)
hub.cfg:17: warning: transform set myset: weak esp-des, esp-md5-hmac
spoke1.cfg:13: warning: isakmp policy 10: weak encryption des (default), hash md5, group 1 (default)
spoke1.cfg:18: warning: transform set myset: weak esp-des, esp-md5-hmac
spoke2.cfg:12: warning: isakmp policy 10: weak encryption des (default), hash md5, group 1 (default)
spoke2.cfg:17: warning: transform set myset: weak esp-des, esp-md5-hmac
EOF

run -C "$TMP" check -p hub.cfg
keep
expect out "check -p: the hub with its keys hidden" <<'EOF'
crypto isakmp policy 10
 hash md5
 authentication pre-share
crypto isakmp key ******** address 10.1.2.1
crypto isakmp key ******** address 10.1.3.1
!
crypto ipsec transform-set myset esp-des esp-md5-hmac
!
crypto map mymap 10 ipsec-manual
 set peer 10.1.2.1
 set transform-set myset
 set session-key inbound esp 4097 cipher ******** authenticator ********
 set session-key outbound esp 4098 cipher ******** authenticator ********
 match address 110
crypto map mymap 20 ipsec-manual
 set peer 10.1.3.1
 set transform-set myset
 set session-key inbound esp 8193 cipher ******** authenticator ********
 set session-key outbound esp 8194 cipher ******** authenticator ********
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
cp "$TMP/out" "$TMP/hub-norm.cfg"
run -C "$TMP" check -p hub-norm.cfg
keep
if cmp -s "$TMP/out" "$TMP/hub-norm.cfg"; then
	ok "check -p of the hidden keys is the same (they load back as 'keep')"
else
	not_ok "check -p of the hidden keys is the same"
	diff -u "$TMP/hub-norm.cfg" "$TMP/out" | sed 's/^/#   /'
fi

# Grammar errors: file:line:column, the key never echoed.
cfg syntax.cfg <<'EOF'
crypto ipsec transform-set ts esp-aes esp-sha-hmac
crypto map m 10 ipsec-manual
 set peer 10.0.0.1
 set transform-set ts
 match address 101
 set session-key inbound esp 255 cipher 00112233445566778899aabbccddeeff authenticator 0011223344556677889900112233445566778899
 set session-key inbound esp SECRETA cipher 00
 set session-key inbound ah 300 SECRETB
 set session-key sideways esp 300 cipher 00
 set session-key inbound esp 300 cipher SECRETC
 set session-key inbound esp 300 cipher 0 authenticator 00
 set session-key inbound esp 300 cipher 00 cipher 11
 set session-key inbound esp 300 SECRETD 00
 set session-key inbound esp 300
 set session-key inbound esp 300 cipher ******** authenticator 00112233
 set session-key inbound esp 300 cipher
crypto map m 20 ipsec-isakmp
 set session-key inbound esp 300 cipher 00
access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255
EOF
run -C "$TMP" check syntax.cfg
keep
expect_rc 2 "check syntax.cfg"
expect err "session-key syntax errors at their column, keys not echoed" <<'EOF'
syntax.cfg:6:30: error: invalid SPI: a decimal number, 256-4294967295
syntax.cfg:7:30: error: invalid SPI: a decimal number, 256-4294967295
syntax.cfg:8:26: error: AH is not supported (ESP only)
syntax.cfg:9:18: error: invalid direction 'sideways'
syntax.cfg:10:41: error: invalid cipher key: an even number of hex digits, at most 72
syntax.cfg:11:41: error: invalid cipher key: an even number of hex digits, at most 72
syntax.cfg:12:44: error: 'cipher' given twice
syntax.cfg:13:34: error: expected 'cipher' or 'authenticator'
syntax.cfg:14:33: error: missing 'cipher' or 'authenticator'
syntax.cfg:15:34: error: either every key of the line is hidden (********) or none
syntax.cfg:16:40: error: missing cipher key
syntax.cfg:18:6: error: set session-key is for ipsec-manual entries only
syntax.cfg:2: warning: crypto map m 10: no inbound session key: ESP from the peer is not decrypted
syntax.cfg:2: warning: crypto map m 10: no outbound session key: matching packets are dropped
syntax.cfg:17: error: crypto map m 20: no 'match address'
syntax.cfg:17: error: crypto map m 20: no 'set transform-set'
syntax.cfg:17: warning: crypto map m 20: no 'set peer'
EOF

# Key lengths against the transform set, at the key's column.
cfg lengths.cfg <<'EOF'
crypto ipsec transform-set des esp-des esp-md5-hmac
crypto ipsec transform-set gcm esp-gcm 256
crypto ipsec transform-set gmac esp-gmac
crypto ipsec transform-set null esp-null esp-sha512-hmac
crypto ipsec transform-set aes esp-aes 192 esp-sha256-hmac
crypto map m 10 ipsec-manual
 set peer 10.0.0.1
 set transform-set des
 set session-key inbound esp 300 cipher 00112233445566 authenticator 00112233445566778899aabbccddeeff
 set session-key outbound esp 301 cipher 0011223344556677
 match address 101
crypto map m 20 ipsec-manual
 set peer 10.0.0.2
 set transform-set gcm
 set session-key inbound esp 302 cipher 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
 set session-key outbound esp 303 cipher 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233 authenticator 00
 match address 101
crypto map m 30 ipsec-manual
 set peer 10.0.0.3
 set transform-set gmac
 set session-key inbound esp 304 cipher 00112233445566778899aabbccddeeff00112233
 set session-key outbound esp 300 cipher 00112233445566778899aabbccddeeff0011
 match address 101
crypto map m 40 ipsec-manual
 set peer 10.0.0.1
 set transform-set null
 set session-key inbound esp 305 cipher 00 authenticator 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
 set session-key outbound esp 301 authenticator 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
 match address 101
crypto map m 50 ipsec-manual
 set peer 10.0.0.5
 set transform-set aes
 set session-key inbound esp 304 cipher 00112233445566778899aabbccddeeff0011223344556677 authenticator 00112233445566778899aabbccddeeff00112233445566778899aabbccddee
 match address 101
interface Ethernet1
 crypto map m
access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255
EOF
run -C "$TMP" check lengths.cfg
keep
expect_rc 2 "check lengths.cfg"
expect err "key lengths checked against the transform set" <<'EOF'
lengths.cfg:1: warning: transform set des: weak esp-des, esp-md5-hmac
lengths.cfg:4: warning: transform set null: weak esp-null
lengths.cfg:9:41: error: cipher key of 7 bytes: transform set des (esp-des esp-md5-hmac) needs 8 bytes (16 hex digits)
lengths.cfg:10:58: error: missing authenticator key: transform set des (esp-des esp-md5-hmac) needs 16 bytes (32 hex digits)
lengths.cfg:15:41: error: cipher key of 32 bytes: transform set gcm (esp-gcm 256) needs 36 bytes (72 hex digits), the key and its 4-byte salt
lengths.cfg:16:129: error: transform set gcm (esp-gcm 256) takes no authenticator key
lengths.cfg:22:42: error: cipher key of 18 bytes: transform set gmac (esp-gmac) needs 20 bytes (40 hex digits), the key and its 4-byte salt
lengths.cfg:27:41: error: transform set null (esp-null esp-sha512-hmac) takes no cipher key
lengths.cfg:28: error: outbound SPI 301 is also that of crypto map m 10 (line 10), to the same peer
lengths.cfg:30: warning: crypto map m 50: no outbound session key: matching packets are dropped
lengths.cfg:33:104: error: authenticator key of 31 bytes: transform set aes (esp-aes 192 esp-sha256-hmac) needs 32 bytes (64 hex digits)
lengths.cfg:33: error: inbound SPI 304 is also that of crypto map m 30 (line 21)
EOF

# The two ends of a tunnel: SPIs and keys must mirror each other.
sed "s/esp $MK_SPI_S1H cipher/esp 4099 cipher/" "$TMP/spoke1.cfg" >"$TMP/spoke1-spi.cfg"
sed "s/cipher $MK_ENC_HS1 /cipher 0000000000000000 /" "$TMP/spoke1.cfg" >"$TMP/spoke1-key.cfg"
run -C "$TMP" check hub.cfg spoke1-spi.cfg
keep
grep -v ': weak ' "$TMP/err" >"$TMP/out"
expect out "check: the SPIs of a tunnel's ends differ" <<'EOF'
hub.cfg:21: warning: crypto map mymap 10: inbound SPI 4097, but spoke1-spi.cfg crypto map mymap 10 has outbound SPI 4099
spoke1-spi.cfg:23: warning: crypto map mymap 10: outbound SPI 4099, but hub.cfg crypto map mymap 10 has inbound SPI 4097
EOF
run -C "$TMP" check hub.cfg spoke1-key.cfg
keep
grep -v ': weak ' "$TMP/err" >"$TMP/out"
expect out "check: the keys of a tunnel's ends differ (not printed)" <<'EOF'
hub.cfg:22: warning: crypto map mymap 10: the outbound keys of SPI 4098 differ from the inbound keys of spoke1-key.cfg crypto map mymap 10
spoke1-key.cfg:22: warning: crypto map mymap 10: the inbound keys of SPI 4098 differ from the outbound keys of hub.cfg crypto map mymap 10
EOF

cfg nokeys.cfg <<'EOF'
crypto ipsec transform-set ts esp-aes esp-sha-hmac
crypto map m 10 ipsec-manual
 set peer 10.0.0.1
 set transform-set ts
 match address 101
interface Ethernet1
 crypto map m
access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255
EOF
run -C "$TMP" check nokeys.cfg
expect_rc 1 "check nokeys.cfg"
expect err "a manual entry without keys drops its traffic" <<'EOF'
nokeys.cfg:2: warning: crypto map m 10: no inbound session key: ESP from the peer is not decrypted
nokeys.cfg:2: warning: crypto map m 10: no outbound session key: matching packets are dropped
EOF

# show -f: the SPIs, never the keys.
run -C "$TMP" show -f spoke1.cfg crypto map
keep
expect out "show -f crypto map of a manual entry" <<'EOF'
Crypto Map "mymap" 10 ipsec-manual
        Peer = 10.1.4.1
        Extended IP access list 110
            access-list 110 permit ip 172.16.1.0 0.0.0.255 10.1.1.0 0.0.0.255
            access-list 110 permit ip 172.16.1.0 0.0.0.255 192.168.1.0 0.0.0.255
        Current peer: 10.1.4.1
        Security association lifetime: 4608000 kilobytes/3600 seconds
        PFS (Y/N): N
        Transform sets={ myset, }
        Inbound esp spi: 4098,
         cipher key: ********,
         auth_key: ********,
        Outbound esp spi: 4097,
         cipher key: ********,
         auth_key: ********,
        Interfaces using crypto map mymap:
                Ethernet1

EOF
run -C "$TMP" show -f spoke1.cfg -j crypto map
keep
expect out "show -f -j crypto map: session_keys without keys" <<'EOF'
[{"map":"mymap","seq":10,"type":"manual","acl":"110","peers":["10.1.4.1"],"tsets":["myset"],"pfs":0,"session_keys":[{"dir":"in","spi":4098,"enc_key":true,"auth_key":true},{"dir":"out","spi":4097,"enc_key":true,"auth_key":true}],"id":0,"hits":0,"interfaces":["Ethernet1"]}]
EOF

# Session-key lines where they do not belong are errors, not echoed.
cfg misplaced.cfg <<'EOF'
crypto map m 10 ipsec-bogus
 set session-key inbound esp 300 cipher SECRETX
interface Ethernet1
 set session-key inbound esp 300 cipher SECRETZ
set session-key inbound esp 300 cipher SECRETW
EOF
run -C "$TMP" check -v misplaced.cfg
keep
expect err "misplaced session-key lines" <<'EOF'
misplaced.cfg:1:17: error: unsupported crypto map type 'ipsec-bogus'
misplaced.cfg:2:2: error: 'set session-key' outside a crypto map
misplaced.cfg:4:2: error: 'set session-key' outside a crypto map
misplaced.cfg:3: ignored: interface Ethernet1
misplaced.cfg:5:1: error: 'set session-key' outside a crypto map
EOF

# Every output of every command over these files: no key.
for f in hub.cfg spoke1.cfg spoke2.cfg spoke3.cfg hub-3spokes.cfg syntax.cfg lengths.cfg misplaced.cfg; do
	for args in "check -p -v" "load -n" "load -n --interface Ethernet1=lo"; do
		# shellcheck disable=SC2086
		run -C "$TMP" $args "$f"
		keep
	done
	for obj in "crypto map" running-config access-lists; do
		# shellcheck disable=SC2086
		run -C "$TMP" show -f "$f" $obj
		keep
		# shellcheck disable=SC2086
		run -C "$TMP" show -f "$f" -j $obj
		keep
	done
done
secrets="$MK_KEYS_RE|SECRET|00112233|0011223344556677"
if grep -Eq "$secrets" "$all"; then
	not_ok "no session key in any output"
	grep -En "$secrets" "$all" | head -n 5 | sed 's/^/#   /'
else
	ok "no session key in any output ($(wc -l <"$all") lines checked)"
fi

done_testing
