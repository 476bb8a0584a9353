#!/bin/bash
# Host test: keys and passwords given in a configuration never appear in any
# output of cmapctl: not in ignored-line reports, not in errors, not in the
# normalized configuration (isakmp keys are masked), not in show or JSON.
. "$(dirname "$0")/cmapctl-lib.sh"

cfg secrets.cfg <<'EOF'
hostname R
enable secret 5 $1$SECRETHASH
username admin privilege 15 password 0 PASSWORD1
snmp-server community COMMUNITY1 RO
tacacs-server key TACKEY
key chain kc
 key 1
  key-string KEYSTRING
line vty 0 4
 password PASSWORD2
crypto isakmp policy 10
 authentication pre-share
crypto isakmp key 6 KEYSIX address 10.0.0.1
crypto isakmp key KEYHOST hostname peer.example
crypto isakmp key KEYMASK address 10.0.0.0 255.0.0.0 no-xauth
crypto ipsec transform-set ts esp-aes esp-sha-hmac
crypto map m 10 ipsec-isakmp
 set peer 10.0.0.1
 set transform-set ts
 match address 101
interface Ethernet1
 crypto map m
access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255
EOF
cfg badkey.cfg <<'EOF'
crypto isakmp key KEYBAD addres 10.0.0.2
crypto isakmp key KEYBAD2 address 10.0.0.300
crypto isakmp key 0 KEYBAD3
EOF
secrets='cisco123|SECRETHASH|PASSWORD1|PASSWORD2|COMMUNITY1|TACKEY|KEYSTRING|KEYSIX|KEYHOST|KEYMASK|KEYBAD'

all=$TMP/all-output
: >"$all"
collect() { # DIR ARGS...: run, keep both outputs
	run -C "$@"
	cat "$TMP/out" "$TMP/err" >>"$all"
}
for f in $SEEDS; do
	collect "$SEED_DIR" check "$f"
	collect "$SEED_DIR" check -p -v "$f"
	collect "$SEED_DIR" load -n "$f"
	collect "$SEED_DIR" load -n --interface Ethernet1=lo "$f"
	for obj in "crypto map" "crypto ipsec transform-set" access-lists running-config; do
		# shellcheck disable=SC2086
		collect "$SEED_DIR" show -f "$f" $obj
		# shellcheck disable=SC2086
		collect "$SEED_DIR" show -f "$f" -j $obj
	done
done
# shellcheck disable=SC2086 # one word per file
collect "$SEED_DIR" check -p -v $SEEDS
for f in secrets.cfg badkey.cfg; do
	collect "$TMP" check -p -v "$f"
	collect "$TMP" load -n "$f"
	collect "$TMP" load -n --interface Ethernet1=lo "$f"
	collect "$TMP" show -f "$f" -p running-config
done

if grep -Eq "$secrets" "$all"; then
	not_ok "no key, secret or password in any output"
	grep -En "$secrets" "$all" | sed 's/^/#   /'
else
	ok "no key, secret or password in any output ($(wc -l <"$all") lines checked)"
fi
grep -q 'crypto isakmp key \*\*\*\*\*\*\*\* address 10.0.0.1$' "$all" &&
	ok "isakmp keys are shown masked" || not_ok "isakmp keys are shown masked"

run -C "$TMP" check -v secrets.cfg
grep ': ignored: ' "$TMP/err" >"$TMP/out"
expect out "ignored lines are reported with their secrets masked" <<'EOF'
secrets.cfg:1: ignored: hostname R
secrets.cfg:2: ignored: enable secret *****
secrets.cfg:3: ignored: username admin privilege 15 password *****
secrets.cfg:4: ignored: snmp-server community *****
secrets.cfg:5: ignored: tacacs-server key *****
secrets.cfg:6: ignored: key *****
secrets.cfg:7: ignored: key *****
secrets.cfg:8: ignored: key-string *****
secrets.cfg:9: ignored: line vty 0 4
secrets.cfg:10: ignored: password *****
EOF

run -C "$TMP" check badkey.cfg
expect err "errors in a key line do not echo the key" <<'EOF'
badkey.cfg:1:26: error: expected 'address' or 'hostname'
badkey.cfg:2:35: error: invalid IPv4 address '10.0.0.300'
badkey.cfg:3:21: error: expected 'address' or 'hostname'
EOF

done_testing
