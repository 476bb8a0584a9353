#!/bin/sh
# VM test of cmapctl load against the module: a file with a syntax error, a
# missing interface or a dangling reference changes nothing (same
# running-config, same generation); so does a load while another socket owns
# the candidate (the kernel's message is printed); --interface maps IOS names
# to Linux ones; reloading an unchanged file keeps every entry's identity and
# a changed entry gets a new one; a binding whose interface goes away is
# shown as absent and comes back with it.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"

NLTEST=/usr/local/bin/cmap_nltest

need_cryptomap
need_cmd "$CMAPCTL" "$NLTEST"
module_load dummy

same() { # EXPECTED-FILE ACTUAL-FILE WHAT
	cmp -s "$1" "$2" && return 0
	diff -u "$1" "$2" || true
	fail "$3: output differs from what is expected"
}

generation() { # NS
	n "$1" "$CMAPCTL" show -j running-config | sed -n 's/^{"generation":\([0-9]*\),.*/\1/p'
}

# "SEQ:ID" for each entry, from show -j.
entry_ids() { # NS
	n "$1" "$CMAPCTL" show -j crypto map |
		grep -o '"seq":[0-9]*,[^{}]*"id":[0-9]*' |
		sed 's/"seq":\([0-9]*\),.*"id":\([0-9]*\)/\1:\2/' | tr '\n' ' '
}

ns_add r1
n r1 $IP link add Ethernet1 type dummy
n r1 $IP link add wan0 type dummy

n r1 "$CMAPCTL" load --ike-backend none "$SEED_DIR/hub.cfg" 2>/dev/null || fail "load hub.cfg"
n r1 "$CMAPCTL" show running-config >A
gen=$(generation r1)
assert_match '^[1-9][0-9]*$' "$gen" "generation after the first load"

# A syntax error: exit 1, file:line:column, nothing changes.
sed 's/set peer 10.1.3.1/set peer 10.1.3.300/' "$SEED_DIR/hub.cfg" >bad.cfg
rc=0
n r1 "$CMAPCTL" load --ike-backend none bad.cfg 2>err || rc=$?
assert_eq 1 "$rc" "load of a file with a syntax error"
assert_eq "bad.cfg:24:11: error: invalid IPv4 address '10.1.3.300'" "$(grep ': error: ' err)" \
	"the syntax error"
n r1 "$CMAPCTL" show running-config >B
same A B "running-config after a failed load"
assert_eq "$gen" "$(generation r1)" "generation after a failed load"

# An interface that does not exist: a clear error, nothing changes.
sed 's/^interface Ethernet1$/interface Ethernet7/' "$SEED_DIR/hub.cfg" >noif.cfg
rc=0
n r1 "$CMAPCTL" load --ike-backend none noif.cfg 2>err || rc=$?
assert_eq 1 "$rc" "load naming a missing interface"
assert_eq "noif.cfg:35: error: interface Ethernet7 does not exist (use --interface Ethernet7=LINUXNAME)" \
	"$(grep ': error: ' err)" "the missing interface"
n r1 "$CMAPCTL" show running-config >B
same A B "running-config after a load with a missing interface"
assert_eq "$gen" "$(generation r1)" "generation after a load with a missing interface"

# A reference the file does not resolve: refused before the kernel sees it.
sed 's/match address 120/match address 121/' "$SEED_DIR/hub.cfg" >noacl.cfg
rc=0
n r1 "$CMAPCTL" load --ike-backend none noacl.cfg 2>err || rc=$?
assert_eq 1 "$rc" "load with a missing access list"
assert_eq "noacl.cfg:26: error: crypto map mymap 20: access list 121 does not exist" \
	"$(grep ': error: ' err)" "the missing access list"
assert_eq "$gen" "$(generation r1)" "generation after a load with a missing access list"

# Another socket owns the candidate: load and flush fail with the kernel's
# message and change nothing.
spawn r1 "$NLTEST" hold
holder=$SPAWN_PID
txn_open() { n r1 "$NLTEST" info | grep -q 'txn_portid=[1-9]'; }
wait_until 20 txn_open || fail "cmap_nltest hold did not open a transaction"
rc=0
n r1 "$CMAPCTL" load --ike-backend none "$SEED_DIR/spoke1.cfg" 2>err || rc=$?
assert_eq 1 "$rc" "load while another socket owns the candidate"
assert_match '^cmapctl: opening a transaction: (.*\()?Device or resource busy\)?$' \
	"$(grep '^cmapctl: ' err)" "the kernel's refusal"
rc=0
n r1 "$CMAPCTL" flush 2>err || rc=$?
assert_eq 1 "$rc" "flush while another socket owns the candidate"
n r1 "$CMAPCTL" show running-config >B
same A B "running-config while another socket owns the candidate"
spawn_stop "$holder"
wait_until 20 sh -c "! $IP netns exec r1 $NLTEST info | grep -q 'txn_portid=[1-9]'" ||
	fail "the candidate outlived its socket"

# --interface: the IOS name Ethernet1 becomes wan0.
n r1 "$CMAPCTL" load --ike-backend none --interface Ethernet7=wan0 noif.cfg 2>/dev/null || fail "load --interface"
n r1 "$CMAPCTL" show running-config >out
sed 's/^interface Ethernet1$/interface wan0/' A >A.wan0
same A.wan0 out "running-config after --interface Ethernet7=wan0"
ifindex=$(n r1 cat /sys/class/net/wan0/ifindex)
assert_match "\"bindings\":\[\{\"ifname\":\"wan0\",\"map\":\"mymap\",\"ifindex\":$ifindex\}\]" \
	"$(n r1 "$CMAPCTL" show -j running-config)" "the binding names wan0"

# Identities: unchanged entries keep theirs over a reload, a changed one not.
n r1 "$CMAPCTL" load --ike-backend none "$SEED_DIR/hub.cfg" 2>/dev/null || fail "reload hub.cfg"
ids=$(entry_ids r1)
assert_match '^10:[1-9][0-9]* 20:[1-9][0-9]* $' "$ids" "entry identities"
n r1 "$CMAPCTL" load --ike-backend none "$SEED_DIR/hub.cfg" 2>/dev/null || fail "reload hub.cfg"
assert_eq "$ids" "$(entry_ids r1)" "identities after reloading the same file"
sed 's/^ match address 120$/ set pfs group14\n match address 120/' "$SEED_DIR/hub.cfg" >pfs.cfg
grep -q 'set pfs group14' pfs.cfg || fail "sed could not make pfs.cfg"
n r1 "$CMAPCTL" load --ike-backend none pfs.cfg 2>/dev/null || fail "load pfs.cfg"
new=$(entry_ids r1)
assert_eq "${ids%% *}" "${new%% *}" "entry 10 keeps its identity"
id20=${ids#* }
new20=${new#* }
assert_ne "$id20" "$new20" "entry 20 (now with PFS) gets a new identity"

# A bound interface that goes away is kept, shown absent, and comes back.
n r1 "$CMAPCTL" load --ike-backend none "$SEED_DIR/hub.cfg" 2>/dev/null || fail "reload hub.cfg"
n r1 $IP link del Ethernet1
n r1 "$CMAPCTL" show crypto map >out
assert_eq 2 "$(grep -c '^                Ethernet1 (absent)$' out)" "absent interface in show crypto map"
assert_match '"ifname":"Ethernet1","map":"mymap","ifindex":0\}' \
	"$(n r1 "$CMAPCTL" show -j running-config)" "absent interface in JSON"
n r1 "$CMAPCTL" show running-config >B
same A B "running-config while the interface is absent"
n r1 $IP link add Ethernet1 type dummy
ifindex=$(n r1 cat /sys/class/net/Ethernet1/ifindex)
assert_match "\"ifname\":\"Ethernet1\",\"map\":\"mymap\",\"ifindex\":$ifindex\}" \
	"$(n r1 "$CMAPCTL" show -j running-config)" "the interface is back"

n r1 "$CMAPCTL" flush
n r1 "$CMAPCTL" show running-config >out
[ ! -s out ] || fail "running-config after flush"
