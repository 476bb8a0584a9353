#!/bin/sh
# Concurrency (issue 6, item 4): while host-s1 pings host-hub through the
# live SAs, four loops run at once, each bounded by a count: the hub reloads
# two configurations in turn; SAs of entry 10 are added and deleted; spoke2's
# SAs are installed and cleared with `cmapctl clear crypto sa peer`; and
# namespaces are created with a configuration and SAs and destroyed again.
# Afterwards the running configuration is the last one loaded, the loops
# made progress, and both tunnels pass traffic again. (Kernel reports fail
# the test through the harness.)
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"
module_load dummy

rounds=6

esp_seed
cp hub.cfg a.cfg
# b.cfg: the same with one more entry and its list; entries 10 and 20 keep
# their identities across the reloads, and with them their SAs.
awk '/^interface Ethernet0/ && !d {
	print "crypto map mymap 30 ipsec-manual\n set peer 10.1.9.1\n set transform-set myset\n match address 130\n!"
	d = 1
} { print } END { print "access-list 130 permit ip 10.1.1.0 0.0.0.255 10.9.9.0 0.0.0.255" }' a.cfg >b.cfg
$CMAPCTL show -f a.cfg running-config >A
$CMAPCTL show -f b.cfg running-config >B
cmp -s A B && fail "the two configurations must differ"
assert_eq 3 "$(pings host-s1 10.1.1.2 3)" "echo replies host-s1 -> host-hub before"
assert_eq 3 "$(pings host-s2 10.1.1.2 3)" "echo replies host-s2 -> host-hub before"
k1="enc=$K_DES1 auth=$K_MD5_1" k2="enc=$K_DES2 auth=$K_MD5_2"

# Each loop writes its count of successful rounds to its file.
reload_loop() {
	local i=0 ok=0
	while [ $i -lt $rounds ]; do
		n hub $CMAPCTL load --ike-backend none b.cfg >/dev/null 2>&1 &&
			n hub $CMAPCTL load --ike-backend none a.cfg >/dev/null 2>&1 &&
			ok=$((ok + 1))
		i=$((i + 1))
	done
	echo $ok >reload.ok
}
sa_loop() {
	local i=0 ok=0 spi
	while [ $i -lt $((rounds * 2)) ]; do
		spi=$((0x5000 + i))
		n hub $SA add in $spi 10.1.2.1 mymap 10 des md5 $k1 >/dev/null 2>&1 &&
			n hub $SA add out $((spi + 0x1000)) 10.1.2.1 mymap 10 des md5 $k2 >/dev/null 2>&1 &&
			n hub $SA del in $spi >/dev/null 2>&1 &&
			n hub $SA del out $((spi + 0x1000)) >/dev/null 2>&1 &&
			ok=$((ok + 1))
		i=$((i + 1))
	done
	echo $ok >sa.ok
}
clear_loop() {
	local i=0 ok=0
	while [ $i -lt $rounds ]; do
		n hub $CMAPCTL clear crypto sa peer 10.1.3.1 >/dev/null 2>&1 &&
			esp_pair hub 20 10.1.3.1 0x2001 0x2002 "$k1" "$k2" des md5 2>/dev/null &&
			ok=$((ok + 1))
		i=$((i + 1))
	done
	echo $ok >clear.ok
}
netns_loop() {
	local i=0 ok=0 ns
	while [ $i -lt $((rounds / 2)) ]; do
		ns=cc-$i
		$IP netns add $ns
		$IP -n $ns link add Ethernet0 type dummy
		$IP -n $ns link add Ethernet1 type dummy
		$IP -n $ns link set Ethernet0 up
		$IP -n $ns link set Ethernet1 up
		$IP -n $ns addr add 10.1.1.1/24 dev Ethernet0
		$IP -n $ns addr add 10.1.4.1/24 dev Ethernet1
		$IP -n $ns route add 172.16.1.0/24 dev Ethernet1
		n $ns $CMAPCTL load --ike-backend none a.cfg >/dev/null 2>&1 &&
			n $ns $SA add in 0x1001 10.1.2.1 mymap 10 des md5 $k1 >/dev/null 2>&1 &&
			n $ns $SA add out 0x1002 10.1.2.1 mymap 10 des md5 $k2 >/dev/null 2>&1 &&
			ok=$((ok + 1))
		# traffic into the crypto map, then the namespace goes with it all
		n $ns $PING -c 1 -W 1 -I 10.1.1.1 172.16.1.2 >/dev/null 2>&1 || :
		$IP netns del $ns
		i=$((i + 1))
	done
	echo $ok >netns.ok
}

# Traffic all along through the live SA of spoke1 (entry 10 never changes).
spawn host-s1 $PING -q -i 0.2 -c 100000 10.1.1.2
pinger=$SPAWN_PID
reload_loop & p1=$!
sa_loop & p2=$!
clear_loop & p3=$!
netns_loop & p4=$!
wait $p1 $p2 $p3 $p4
spawn_stop $pinger
for f in reload sa clear netns; do
	log "$f loop: $(cat $f.ok) rounds succeeded"
done
# Each loop must have made progress; a round may fail only when another
# loop got in between (an SA added while a reload or clear held the lock).
[ "$(cat reload.ok)" = "$rounds" ] || fail "reloads failed: $(cat reload.ok) of $rounds"
[ "$(cat netns.ok)" = "$((rounds / 2))" ] || fail "namespace rounds: $(cat netns.ok) of $((rounds / 2))"
[ "$(cat sa.ok)" -gt 0 ] && [ "$(cat clear.ok)" -gt 0 ] || fail "SA loops made no progress"

# The last configuration applied is the running one, with the SAs installed
# at the end shown as session keys (the live pair of entry 10, the pair of
# entry 20 that clear_loop installed last).
n hub $CMAPCTL show running-config >R
grep -v '^ set session-key ' R >R.nokeys
cmp -s A R.nokeys || { diff A R.nokeys | head -n 20; fail "running-config is not a.cfg's"; }
assert_eq " set session-key inbound esp 4097 cipher ******** authenticator ********
 set session-key outbound esp 4098 cipher ******** authenticator ********
 set session-key inbound esp 8193 cipher ******** authenticator ********
 set session-key outbound esp 8194 cipher ******** authenticator ********" \
	"$(grep '^ set session-key ' R)" "SAs in the running configuration"
for i in $(seq 0 $((rounds / 2 - 1))); do
	[ ! -e /run/netns/cc-$i ] || fail "namespace cc-$i left behind"
done
# No SA of the loops left; entry 10's live pair kept all along.
assert_eq "" "$(n hub $SA show | grep -E ' 0x(5|6)0' || :)" "loop SAs left on the hub"
assert_eq 3 "$(pings host-s1 10.1.1.2 3)" "echo replies host-s1 -> host-hub after"
# spoke2's SAs, cleared and installed again and again: installed again on
# both sides (the hub's sequence numbers start again at 1), they carry
# traffic.
n hub $SA flush peer 10.1.3.1 >/dev/null
n spoke2 $SA flush >/dev/null
esp_pair hub 20 10.1.3.1 0x2001 0x2002 "$k1" "$k2" des md5
esp_pair spoke2 10 10.1.4.1 0x2002 0x2001 "$k2" "$k1" des md5
assert_eq 3 "$(pings host-s2 10.1.1.2 3)" "echo replies host-s2 -> host-hub after"
