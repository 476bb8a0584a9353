#!/bin/sh
# VM test: the seed scenario manually keyed through cmapctl alone (issue 3,
# test 1 with IOS files). tests/lib/manual.sh turns the seed configurations'
# entries into "ipsec-manual" (same maps, ACLs, peers, transform set) with
# "set session-key" lines; "cmapctl load" installs the SAs. Five 100-byte
# pings from the host behind Spoke1 to the host behind Spoke2 are answered,
# and on the hub each of the four SAs counted 5 packets in its own direction;
# five more make it 10 each, the published example's table, which "show
# crypto engine connections active" reproduces exactly (conn ids 2000-2003).
# Then: show crypto ipsec sa (IOS layout, -j, peer filter), hits in show
# access-lists, reloads that keep, replace and restore SAs, the running-config
# round trip with hidden keys, clear crypto sa peer/map and counters, monitor
# (acquire, sa_deleted, sa_added), drop counters by reason, and no key in any
# output.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "$KTEST_LIB/manual.sh"

JQ=/usr/bin/jq
need_cryptomap
need_cmd "$CMAPCTL" "$JQ"

same() { # EXPECTED-FILE ACTUAL-FILE WHAT
	cmp -s "$1" "$2" && return 0
	diff -u "$1" "$2" || true
	fail "$3: output differs from what is expected"
}

cm() { # ROUTER ARGS...: cmapctl in ROUTER (must succeed), output also in all.out
	local r=$1 rc=0
	shift
	n "$r" "$CMAPCTL" "$@" >cm.out 2>cm.err || rc=$?
	cat cm.out cm.err >>all.out
	cat cm.out
	[ $rc = 0 ] || { cat cm.err >&2; fail "$r: cmapctl $* (status $rc)"; }
}

load() { # ROUTER FILE: load, the diagnostics in ROUTER.err
	n "$1" "$CMAPCTL" load "$2" 2>"$1.err" || { cat "$1.err"; fail "$1: load $2"; }
	cat "$1.err" >>all.out
}

note() { # ROUTER: load's ipsec-manual note
	sed -n 's/^[^ ]*: note: ipsec-manual: //p' "$1.err"
}

# "conn_id dir spi peer encrypt decrypt" of every SA of ROUTER, one a line.
sas() { # ROUTER [show crypto ipsec sa filter...]
	local r=$1
	shift
	cm "$r" -j show crypto ipsec sa "$@" | $JQ -r \
		'.[] | "\(.conn_id) \(.dir) \(.spi) \(.peer) \(.counters.encrypt) \(.counters.decrypt)"'
}

# flush removes the runtime directories (and their manual-sas files) too.
cleanup() {
	local r
	for r in hub spoke1 spoke2; do
		[ -e "/run/netns/$r" ] && n "$r" "$CMAPCTL" flush >/dev/null 2>&1
	done
	return 0
}
trap 'rc=$?; set +e; cleanup; (exit $rc); ktest_exit' EXIT

topo_build 2
for r in hub spoke1 spoke2; do
	manual_cfg "$r" "$(topo_cfg "$r")" >"$r.cfg"
done
: >all.out

# --- load: the SAs are installed -----------------------------------------------
for r in hub spoke1 spoke2; do load "$r" "$r.cfg"; done
assert_eq "4 SAs added, 0 replaced, 0 kept, 0 removed" "$(note hub)" "hub: load"
assert_eq "2 SAs added, 0 replaced, 0 kept, 0 removed" "$(note spoke1)" "spoke1: load"
# In then out, per entry: the conn ids of the published example.
assert_eq "2000 in 4097 10.1.2.1 0 0
2001 out 4098 10.1.2.1 0 0
2002 in 8193 10.1.3.1 0 0
2003 out 8194 10.1.3.1 0 0" "$(sas hub)" "hub: the four SAs after load"
assert_eq "2000 in 4098 10.1.4.1 0 0
2001 out 4097 10.1.4.1 0 0" "$(sas spoke1)" "spoke1: its two SAs"

# --- five 100-byte pings, Spoke1's LAN to Spoke2's LAN, through the hub --------
S2=$(topo_host_addr spoke2)
assert_eq 5 "$(pings host-s1 "$S2" 5 -s 72)" "echo replies host-s1 -> host-s2"
# Inbound from each spoke decrypts 5, outbound to each encrypts 5: the same N.
assert_eq "2000 in 4097 10.1.2.1 0 5
2001 out 4098 10.1.2.1 5 0
2002 in 8193 10.1.3.1 0 5
2003 out 8194 10.1.3.1 5 0" "$(sas hub)" "hub: each SA counted the 5 packets of its direction"
j=$(cm hub -j show crypto ipsec sa)
assert_eq "5 5 5 5 5 5" "$(echo "$j" | $JQ -r '[.[] | select(.dir == "in") | .counters.decaps, .counters.decrypt, .counters.verify] | map(tostring) | join(" ")')" \
	"hub: inbound decaps/decrypt/verify"
assert_eq "5 5 5 5 5 5" "$(echo "$j" | $JQ -r '[.[] | select(.dir == "out") | .counters.encaps, .counters.encrypt, .counters.digest] | map(tostring) | join(" ")')" \
	"hub: outbound encaps/encrypt/digest"
assert_eq "0" "$(echo "$j" | $JQ '[.[] | .counters.send_errors + .counters.recv_errors] | add')" \
	"hub: no send or receive errors"
assert_eq "mymap 10 Ethernet1 10.1.4.1 des 64 md5 tunnel" \
	"$(echo "$j" | $JQ -r '.[0] | "\(.map) \(.entry_seq) \(.interface) \(.local) \(.cipher) \(.keybits) \(.auth) \(.mode)"')" \
	"hub: the first SA's entry, interface and transform"

# Five more: 10 each, the table of the published example.
assert_eq 5 "$(pings host-s1 "$S2" 5 -s 72)" "five more echo replies"
cat >engine.exp <<'EOF'
  ID Interface       IP-Address      State  Algorithm           Encrypt  Decrypt
2000 Ethernet1       10.1.4.1        set    HMAC_MD5+DES_56_CB        0       10
2001 Ethernet1       10.1.4.1        set    HMAC_MD5+DES_56_CB       10        0
2002 Ethernet1       10.1.4.1        set    HMAC_MD5+DES_56_CB        0       10
2003 Ethernet1       10.1.4.1        set    HMAC_MD5+DES_56_CB       10        0
EOF
cm hub show crypto engine connections active >engine.out
same engine.exp engine.out "hub: show crypto engine connections active"
assert_eq "2000 set HMAC_MD5+DES_56_CB 0 10" \
	"$(cm hub -j show cry eng conn act | $JQ -r '.[0] | "\(.conn_id) \(.state) \(.algorithm) \(.encrypt) \(.decrypt)"')" \
	"hub: engine connections as JSON, keywords abbreviated"
assert_eq "2000 in 4098 10.1.4.1 0 10
2001 out 4097 10.1.4.1 10 0" "$(sas spoke1)" "spoke1: 10 each way"
assert_eq "2000 in 8194 10.1.4.1 0 10
2001 out 8193 10.1.4.1 10 0" "$(sas spoke2)" "spoke2: 10 each way"

cm hub show crypto ipsec sa >ipsec.out
log "hub: show crypto ipsec sa"
sed 's/^/#   /' ipsec.out
cat >ipsec.exp <<'EOF'

interface: Ethernet1
    Crypto map tag: mymap, local addr. 10.1.4.1

   local  ident (addr/mask/prot/port): (10.1.1.0/255.255.255.0/0/0)
   remote ident (addr/mask/prot/port): (172.16.1.0/255.255.255.0/0/0)
   local  ident (addr/mask/prot/port): (192.168.1.0/255.255.255.0/0/0)
   remote ident (addr/mask/prot/port): (172.16.1.0/255.255.255.0/0/0)
   current_peer: 10.1.2.1
     PERMIT, flags={origin_is_acl,}
    #pkts encaps: 10, #pkts encrypt: 10, #pkts digest 10
    #pkts decaps: 10, #pkts decrypt: 10, #pkts verify 10
    #pkts compressed: 0, #pkts decompressed: 0
    #pkts not compressed: 0, #pkts compr. failed: 0, #pkts decompress failed: 0
    #send errors 0, #recv errors 0

     local crypto endpt.: 10.1.4.1, remote crypto endpt.: 10.1.2.1
     path mtu 1500, media mtu 1500
     current outbound spi: 1002

     inbound esp sas:
      spi: 0x1001(4097)
        transform: esp-des esp-md5-hmac ,
        in use settings ={Tunnel, }
        slot: 0, conn id: 2000, flow_id: 2000, crypto map: mymap
        sa timing: remaining key lifetime (k/sec): (manual keying: none)
        IV size: 8 bytes
        replay detection support: N

     inbound ah sas:

     inbound pcp sas:

     outbound esp sas:
      spi: 0x1002(4098)
        transform: esp-des esp-md5-hmac ,
        in use settings ={Tunnel, }
        slot: 0, conn id: 2001, flow_id: 2001, crypto map: mymap
EOF
head -n "$(wc -l <ipsec.exp)" ipsec.out >ipsec.head
same ipsec.exp ipsec.head "hub: show crypto ipsec sa, the first flow"
assert_eq 2 "$(grep -c '^   current_peer: ' ipsec.out)" "hub: two flows"
assert_eq "   current_peer: 10.1.3.1" "$(grep '^   current_peer: ' ipsec.out | tail -n 1)" "hub: the second flow's peer"
assert_eq "2000 in 4097 10.1.2.1 0 10
2001 out 4098 10.1.2.1 10 0" "$(sas hub peer 10.1.2.1)" "hub: show crypto ipsec sa peer 10.1.2.1"
assert_eq "" "$(sas hub map othermap)" "hub: show crypto ipsec sa map othermap"

# Hits: the replies took hub entry 10 line 20, the requests entry 20 line 20.
cat >acl.exp <<'EOF'
Extended IP access list 110
    10 permit ip 10.1.1.0 0.0.0.255 172.16.1.0 0.0.0.255
    20 permit ip 192.168.1.0 0.0.0.255 172.16.1.0 0.0.0.255 (10 matches)
Extended IP access list 120
    10 permit ip 10.1.1.0 0.0.0.255 192.168.1.0 0.0.0.255
    20 permit ip 172.16.1.0 0.0.0.255 192.168.1.0 0.0.0.255 (10 matches)
EOF
cm hub show access-lists >acl.out
same acl.exp acl.out "hub: show access-lists with matches"
assert_eq "10 10" "$(cm hub -j show crypto map | $JQ -r '[.[].hits] | map(tostring) | join(" ")')" \
	"hub: entry hits in show -j crypto map"

# --- show crypto map and running-config: SPIs, keys hidden ----------------------
cm hub show crypto map >map.out
assert_eq "        Inbound esp spi: 4097,
         cipher key: ********,
         auth_key: ********,
        Outbound esp spi: 4098,
         cipher key: ********,
         auth_key: ********," "$(sed -n '/"mymap" 10/,/^$/p' map.out | grep -A2 'esp spi')" \
	"hub: show crypto map, entry 10's session keys"
cm hub show running-config >run.out
assert_eq " set session-key inbound esp 4097 cipher ******** authenticator ********
 set session-key outbound esp 4098 cipher ******** authenticator ********
 set session-key inbound esp 8193 cipher ******** authenticator ********
 set session-key outbound esp 8194 cipher ******** authenticator ********" \
	"$(grep 'session-key' run.out)" "hub: running-config, keys hidden"
"$CMAPCTL" show -f hub.cfg running-config >file.out 2>>all.out
same file.out run.out "hub: running-config from the kernel and from hub.cfg"

# --- reloads: unchanged SAs are kept, changed ones replaced ----------------------
load hub hub.cfg
assert_eq "0 SAs added, 0 replaced, 4 kept, 0 removed" "$(note hub)" "hub: reload of the same file"
load hub run.out
assert_eq "0 SAs added, 0 replaced, 4 kept, 0 removed" "$(note hub)" "hub: load of its running-config (hidden keys)"
assert_eq "2000 in 4097 10.1.2.1 0 10
2001 out 4098 10.1.2.1 10 0
2002 in 8193 10.1.3.1 0 10
2003 out 8194 10.1.3.1 10 0" "$(sas hub)" "hub: kept SAs keep their conn ids and counters"
# A new key for Hub->Spoke2: that SA alone is replaced (same SPI: delete, add).
sed "s/cipher $MK_ENC_HS2 /cipher 0011223344556677 /" hub.cfg >hub-newkey.cfg
load hub hub-newkey.cfg
assert_eq "0 SAs added, 1 replaced, 3 kept, 0 removed" "$(note hub)" "hub: one key changed"
assert_eq "2004 out 8194 10.1.3.1 0 0" "$(sas hub | grep ' out 8194 ')" "hub: the new SA"
assert_eq 0 "$(pings host-s1 "$S2" 1 -s 72)" "spoke2 has the old key: no reply"
load hub hub.cfg
assert_eq "0 SAs added, 1 replaced, 3 kept, 0 removed" "$(note hub)" "hub: the key restored"
# A new SPI for Spoke2->Hub on both ends: make-before-break on the hub.
sed "s/esp $MK_SPI_S2H /esp 8195 /" hub.cfg >hub-spi.cfg
sed "s/esp $MK_SPI_S2H /esp 8195 /" spoke2.cfg >spoke2-spi.cfg
load hub hub-spi.cfg
load spoke2 spoke2-spi.cfg
assert_eq "0 SAs added, 1 replaced, 3 kept, 0 removed" "$(note hub)" "hub: new inbound SPI"
assert_eq "" "$(sas hub | grep ' in 8193 ')" "hub: the SA of the old SPI is gone"
assert_eq 1 "$(sas hub | grep -c ' in 8195 10.1.3.1 ')" "hub: the SA of the new SPI"
assert_eq 2 "$(pings host-s1 "$S2" 2 -s 72)" "replies over the new SPI"
load hub hub.cfg
load spoke2 spoke2.cfg
# A session key removed from the file: its SA goes.
grep -v "esp $MK_SPI_HS1 " hub.cfg >hub-nokey.cfg
load hub hub-nokey.cfg
assert_eq "0 SAs added, 0 replaced, 3 kept, 1 removed" "$(note hub)" "hub: outbound key of entry 10 removed"
assert_eq "" "$(sas hub | grep ' out 4098 ')" "hub: its SA is gone"
load hub hub.cfg
assert_eq "1 SA added, 0 replaced, 3 kept, 0 removed" "$(note hub)" "hub: and back"
assert_eq 2 "$(pings host-s1 "$S2" 2 -s 72)" "replies after the reloads"

# --- monitor, clear crypto sa peer, acquire, drops by reason ---------------------
cm hub clear crypto sa counters
assert_eq "0" "$(cm hub -j show crypto ipsec sa | $JQ '[.[].counters | .encrypt + .decrypt] | add')" \
	"hub: clear crypto sa counters zeroes every SA"
assert_eq "0 0" "$(cm hub -j show crypto ipsec stats | $JQ -r '"\(.out_protected) \(.in_decrypted)"')" \
	"hub: and the statistics"
# Two monitors (JSON and text), each until 5 events.
(exec $IP netns exec hub "$CMAPCTL" monitor -j --count 5 --timeout 30 >mon.json 2>mon.err) &
MON=$!
(exec $IP netns exec hub "$CMAPCTL" monitor --count 5 --timeout 30 >mon.txt 2>mon.txt.err) &
MONTXT=$!
ktest_pids="$ktest_pids $MON $MONTXT"
wait_until 10 grep -q monitoring mon.err || fail "hub: monitor did not start"
wait_until 10 grep -q monitoring mon.txt.err || fail "hub: text monitor did not start"
cm hub clear crypto sa peer 10.1.2.1
assert_eq "2005 out 8194 10.1.3.1 0 0
2007 in 8193 10.1.3.1 0 0" "$(sas hub)" "hub: clear crypto sa peer 10.1.2.1 leaves Spoke2's SAs"
# Hub LAN to Spoke1 LAN: entry 10 line 10 matches, no SA: dropped, acquire.
assert_eq 0 "$(pings host-hub "$(topo_host_addr spoke1)" 1)" "hub LAN -> spoke1 LAN without SA"
assert_eq 1 "$(cm hub -j show crypto ipsec stats | $JQ .drop_no_sa)" "hub: drop_no_sa"
assert_eq "    No SA for a permit line: 1" "$(cm hub show crypto ipsec stats | grep 'No SA')" \
	"hub: show crypto ipsec stats"
# The hidden keys of the running-config cannot bring back what was cleared.
if n hub "$CMAPCTL" load run.out 2>hub.err; then fail "hub: load with hidden keys of cleared SAs"; fi
assert_match "^run\.out:[0-9]+:[0-9]+: error: the keys of the inbound SA 4097 of crypto map mymap 10 are hidden \(\*\*\*\*\*\*\*\*\), and no such SA is installed to keep: give the keys\$" \
	"$(grep 4097 hub.err)" "hub: hidden keys of a cleared SA"
load hub hub.cfg
assert_eq "2 SAs added, 0 replaced, 2 kept, 0 removed" "$(note hub)" "hub: load re-installs the cleared SAs"
wait "$MON" || fail "hub: monitor -j --count 5 (status $?)"
wait "$MONTXT" || fail "hub: monitor --count 5 (status $?)"
cat mon.json >>all.out
cat mon.txt >>all.out
log "monitor:"
sed 's/^/#   /' mon.txt
assert_eq "sa_deleted in 4097 2000 flush
sa_deleted out 4098 2008 flush
acquire mymap 10 10 10.1.2.1 10.1.1.2 172.16.1.2 1
sa_added in 4097 2009
sa_added out 4098 2010" "$($JQ -r 'if .event == "acquire" then "acquire \(.map) \(.entry_seq) \(.line) \(.peer) \(.src) \(.dst) \(.proto)" elif .event == "sa_deleted" then "sa_deleted \(.dir) \(.spi) \(.conn_id) \(.reason)" else "\(.event) \(.dir) \(.spi) \(.conn_id)" end' mon.json)" \
	"hub: monitor -j events"
assert_match '^[A-Z][a-z][a-z] [ 1-3][0-9] [0-9:]{8}\.[0-9]{3}: IPSEC\(sa_request\): acquire: crypto map mymap 10, access-list line 10, peer 10\.1\.2\.1, packet 10\.1\.1\.2 -> 172\.16\.1\.2 prot 1$' \
	"$(sed -n 3p mon.txt)" "hub: monitor, the acquire"
assert_match 'IPSEC\(create_sa\): sa created, \(sa\) inbound, peer= 10\.1\.2\.1, sa_prot= 50, sa_spi= 0x1001\(4097\), sa_trans= esp-des esp-md5-hmac , sa_conn_id= 2009, crypto map= mymap 10$' \
	"$(sed -n 4p mon.txt)" "hub: monitor, an SA added"
assert_eq 2 "$(pings host-s1 "$S2" 2 -s 72)" "replies after the SAs came back"

# clear crypto sa map; a monitor that times out before its count fails.
cm spoke2 clear crypto sa map mymap
assert_eq "" "$(sas spoke2)" "spoke2: clear crypto sa map mymap"
if n hub "$CMAPCTL" monitor --count 1 --timeout 1 >/dev/null 2>&1; then
	fail "monitor --count 1 --timeout 1 without events succeeded"
fi

# --- no key anywhere ---------------------------------------------------------------
for r in hub spoke1 spoke2; do
	for obj in "crypto map" running-config access-lists "crypto ipsec sa" \
		"crypto engine connections active" "crypto ipsec stats"; do
		# shellcheck disable=SC2086
		cm "$r" show $obj >/dev/null
		# shellcheck disable=SC2086
		cm "$r" show -j $obj >/dev/null
	done
done
cat /run/cryptomap/*/manual-sas >>all.out 2>/dev/null || true
if grep -Eq "$MK_KEYS_RE|0011223344556677" all.out; then
	grep -En "$MK_KEYS_RE|0011223344556677" all.out | head -n 5
	fail "a session key appeared in the output of cmapctl or its files"
fi
log "no key in $(wc -l <all.out) lines of output"
