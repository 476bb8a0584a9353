#!/bin/sh
# Isolation (issue 6): an unprivileged user in a user and network namespace of
# its own configures that namespace (a manually keyed configuration, an SA of
# its own, dumps) and nothing else. In the initial namespace, and in one that
# root made, from its user namespace and without one, every command of the
# family, do and dump, is refused with EPERM and an extack message naming
# CAP_NET_ADMIN (cmap_nlfuzz eperm), and the configurations there are
# unchanged. Root in one namespace sees nothing of another's. Key material
# never reads back: every read of the family scanned raw (cmap_nlfuzz keyscan)
# and every cmapctl show, text and JSON, grepped for the keys in hex.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/manual.sh"

FUZZ=/usr/local/bin/cmap_nlfuzz
SA=/usr/local/bin/cmap_sa
need_cryptomap
need_cmd "$CMAPCTL" $FUZZ $SA
module_load dummy

# An unprivileged user: no capability in the initial user namespace.
USR="setpriv --reuid 1000 --regid 1000 --clear-groups"
clone=/proc/sys/kernel/unprivileged_userns_clone
if [ -e $clone ] && [ "$(cat $clone)" != 1 ]; then
	old_clone=$(cat $clone)
	echo 1 >$clone
	trap 'rc=$?; echo "$old_clone" >$clone; (exit $rc); ktest_exit' EXIT
fi
$USR unshare -Urn true || fail "an unprivileged user cannot make a user namespace"

# The user's own SA: keys that appear nowhere else.
UENC=5a5b5c5d5e5f6061
UAUTH=7071727374757677f0f1f2f3f4f5f6f7
keys_re="$MK_KEYS_RE|$UENC|$UAUTH"
keys_hex="$MK_ENC_S1H $MK_AUTH_S1H $MK_ENC_HS1 $MK_AUTH_HS1 $MK_ENC_S2H $MK_AUTH_S2H $MK_ENC_HS2 $MK_AUTH_HS2 $UENC $UAUTH"

manual_cfg hub "$SEED_DIR/hub.cfg" >hub.cfg
manual_cfg spoke1 "$SEED_DIR/spoke1.cfg" >spoke1.cfg
chmod 755 .
chmod 644 hub.cfg spoke1.cfg

# Root's namespaces: the hub in A, Spoke1 in B, with their SAs.
ns_add kiso-a kiso-b
for ns in kiso-a kiso-b; do
	for i in Ethernet0 Ethernet1; do n $ns $IP link add $i type dummy; done
done
n kiso-a "$CMAPCTL" load --ike-backend none hub.cfg 2>load-a.err || { cat load-a.err; fail "load hub.cfg in A"; }
n kiso-b "$CMAPCTL" load --ike-backend none spoke1.cfg 2>load-b.err || { cat load-b.err; fail "load spoke1.cfg in B"; }
n kiso-a "$CMAPCTL" show running-config >a.run
n kiso-b "$CMAPCTL" show running-config >b.run
"$CMAPCTL" show -f hub.cfg running-config >want
cmp -s want a.run || { diff -u want a.run || true; fail "A: running-config"; }
"$CMAPCTL" show -f spoke1.cfg running-config >want
cmp -s want b.run || { diff -u want b.run || true; fail "B: running-config"; }
sa_keys() { # NS: "dir=D spi=S peer=P" per SA
	n "$1" $SA show | awk '{ l = ""; for (i = 1; i <= NF; i++) if ($i ~ /^(dir|spi|peer)=/) l = l " " $i; print l }' | sort
}
a_sas=$(sa_keys kiso-a)
b_sas=$(sa_keys kiso-b)
assert_eq 4 "$(printf '%s\n' "$a_sas" | grep -c 'spi=')" "A: the hub's SAs"
assert_eq 2 "$(printf '%s\n' "$b_sas" | grep -c 'spi=')" "B: Spoke1's SAs"

# Root in one namespace sees nothing of another's.
assert_eq "" "$(printf '%s\n' "$b_sas" | grep -E 'peer=10\.1\.[23]\.1' || true)" "B sees none of A's SAs"
assert_eq "" "$("$CMAPCTL" show running-config)" "the initial namespace's configuration"
assert_eq "" "$($SA show)" "the initial namespace's SAs"

# --- the unprivileged user in its own user and network namespace --------------
# A mount namespace too, for cmapctl's runtime directory (/run/cryptomap).
cat >user.sh <<EOF
set -e
mount -t tmpfs tmpfs /run
$IP link set lo up
$IP link add Ethernet0 type dummy
$IP link add Ethernet1 type dummy
$CMAPCTL load --ike-backend none spoke1.cfg 2>/dev/null
echo "== running-config"; $CMAPCTL show running-config
$SA add in 0x7001 10.1.4.1 mymap 10 des md5 enc=$UENC auth=$UAUTH >/dev/null
echo "== sas"; $SA show
echo "== get"; $SA get in 0x7001
echo "== show"; $CMAPCTL show crypto ipsec sa; $CMAPCTL show crypto map
echo "== json"; $CMAPCTL -j show crypto ipsec sa; $CMAPCTL -j show running-config
echo "== keyscan"; $FUZZ keyscan $keys_hex
$CMAPCTL flush
EOF
$USR unshare -Urnm sh user.sh >user.out 2>&1 || { cat user.out; fail "the user in its own namespaces"; }
sed -n '/^== running-config/,/^== sas/p' user.out | sed '1d;$d' >got
"$CMAPCTL" show -f spoke1.cfg running-config >want
cmp -s want got || { diff -u want got || true; fail "the user's running-config"; }
assert_eq 3 "$(sed -n '/^== sas/,/^== get/p' user.out | grep -c 'spi=')" \
	"the user's SAs: two of the configuration and its own"
assert_match 'scanned .*: 0 with key material, 0 failed requests' \
	"$(grep 'replies scanned' user.out)" "the user's reads, raw"

# --- EPERM, with the message, wherever the user is not the owner ---------------
eperm() { # WHAT CMD...: every do and dump of the family refused with a message
	local what=$1
	shift
	"$@" $FUZZ eperm >eperm.out 2>&1 || { cat eperm.out; fail "$what: not every request refused with EPERM and a message"; }
	log "$what: $(tail -n 1 eperm.out)"
}
eperm "the user, initial namespace" $USR
eperm "the user's user namespace, initial namespace" $USR unshare -Ur
eperm "the user, A" n kiso-a $USR
eperm "the user's user namespace, A" n kiso-a $USR unshare -Ur
eperm "a user namespace of root's, A" n kiso-a unshare -Ur
assert_match '^ok   GET_SA dump: errno -1: permission denied: CAP_NET_ADMIN' \
	"$(grep 'GET_SA dump' eperm.out)" "a refused dump's message"

# cmapctl refused alike, and nothing changed anywhere.
if n kiso-a $USR unshare -Ur "$CMAPCTL" load --ike-backend none spoke1.cfg >cm.out 2>&1; then
	fail "the user's load into A succeeded"
fi
assert_match 'CAP_NET_ADMIN|Operation not permitted' "$(cat cm.out)" "cmapctl's error"
if n kiso-a $USR unshare -Ur "$CMAPCTL" flush >cm.out 2>&1; then
	fail "the user's flush of A succeeded"
fi
# The events group: joining it needs CAP_NET_ADMIN over the namespace too.
if n kiso-a $USR unshare -Ur "$CMAPCTL" monitor --count 1 --timeout 1 >cm.out 2>&1; then
	fail "the user's monitor of A succeeded"
fi
assert_match 'joining the events group: Operation not permitted' "$(cat cm.out)" \
	"cmapctl monitor's error"
# Refused reads: every show starts with a request (the global settings),
# refused with its message, which cmapctl prints.
for c in "show running-config" "show crypto ipsec sa" "show crypto map" \
	"show crypto engine connections active"; do
	if n kiso-a $USR unshare -Ur "$CMAPCTL" $c >cm.out 2>&1; then
		fail "the user's $c in A succeeded"
	fi
	assert_match 'permission denied: CAP_NET_ADMIN .*is required' \
		"$(cat cm.out)" "cmapctl's error on $c"
	log "$c: $(head -n 1 cm.out)"
done
n kiso-a "$CMAPCTL" show running-config >got
cmp -s a.run got || { diff -u a.run got || true; fail "A changed"; }
n kiso-b "$CMAPCTL" show running-config >got
cmp -s b.run got || { diff -u b.run got || true; fail "B changed"; }
assert_eq "$a_sas" "$(sa_keys kiso-a)" "A's SAs after the attempts"
assert_eq "" "$("$CMAPCTL" show running-config)" "the initial namespace after the attempts"

# --- key material: no read returns it ------------------------------------------
: >all.out
for ns in kiso-a kiso-b; do
	{
		n $ns $SA show
		for spi in 4097 4098 8193 8194; do n $ns $SA get in $spi 2>/dev/null || true; done
		for c in "show running-config" "show crypto ipsec sa" "show crypto map" \
			"show crypto engine connections active"; do
			# shellcheck disable=SC2086
			n $ns "$CMAPCTL" $c
			# shellcheck disable=SC2086
			n $ns "$CMAPCTL" -j $c
		done
	} >>all.out 2>&1
	# shellcheck disable=SC2086
	n $ns $FUZZ keyscan $keys_hex >scan.out || { cat scan.out; fail "$ns: a read returned key material"; }
	log "$ns: $(cat scan.out)"
done
cat user.out >>all.out
assert_eq 0 "$(grep -ciE "$keys_re" all.out || true)" "key hex in any output"
assert_match 'set session-key inbound esp 4097 cipher \*+ authenticator \*+' \
	"$(cat a.run)" "running-config hides the keys"

n kiso-a "$CMAPCTL" flush
n kiso-b "$CMAPCTL" flush
