#!/bin/sh
# The SA commands and events: NEW_SA with its checks (errno and extack),
# keys never returned, SPI reservations (larval SAs drop ESP, are taken over
# by NEW_SA, expire), make-before-break in both directions, FLUSH_SA by
# peer, SAs deleted when a commit changes their entry and kept when it does
# not, lifetimes (defaults from the entry, soft and hard expiry events,
# UPD_SA), dump filters, CLEAR_COUNTERS.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"
need_cmd $RAWIP

topo_build 2
esp_load_manual hub
esp_load_manual spoke1
ev=/tmp/ktest-work/events
spawn hub /bin/sh -c "exec $SA monitor 0 200 >$ev"
mon=$SPAWN_PID
wait_until 10 grep -q listening $ev || fail "monitor did not start"
k1="enc=$K_DES1 auth=$K_MD5_1" k2="enc=$K_DES2 auth=$K_MD5_2"
K_DES3=0f1e2d3c4b5a6978 K_MD5_3=0102030405060708090a0b0c0d0e0f10
k3="enc=$K_DES3 auth=$K_MD5_3"

# NEW_SA: the reply names the connection id, IOS-style from 2000.
assert_eq 2000 "$(n hub $SA add in 0x1001 10.1.2.1 mymap 10 des md5 $k1)" "first conn id"
sa=$(n hub $SA get in 0x1001)
assert_match "^dir=in spi=0x1001 conn=2000 state=mature peer=10\.1\.2\.1 entry=[0-9]+ line=0 map=mymap seq=10 cipher=des keybits=64 auth=md5 mode=tunnel esn=0 window=64 seqno=0 icv=12 iv=8 block=8 " \
	"$sa" "the SA as GET_SA returns it"
case $sa in *KEY*) fail "a key came back" ;; esac

# Checks, each with its errno; one with its extack message.
n hub $SA -e EEXIST add in 0x1001 10.1.2.1 mymap 10 des md5 $k1
n hub $SA -e EINVAL add in 0x1003 10.1.2.1 mymap 10 des md5 enc=0011 auth=$K_MD5_1
n hub $SA -e EINVAL add in 0x1003 10.1.2.1 mymap 10 aes-128 md5 enc=$K_MD5_1 auth=$K_MD5_1
n hub $SA -e EINVAL add in 0x1003 10.9.9.9 mymap 10 des md5 $k1
n hub $SA -e EINVAL add in 0x1003 10.1.2.1 mymap 10 des md5 $k1 hard-secs=600
n hub $SA -e EINVAL add in 0x1003 10.1.2.1 mymap 10 des md5 $k1 line=99
n hub $SA -e 34 add in 255 10.1.2.1 mymap 10 des md5 $k1
n hub $SA -e ENOENT add in 0x1003 10.1.2.1 - - des md5 $k1 entry=999
n hub $SA -e ENOENT del in 0x9999
msg=$(n hub $SA add in 0x1003 10.9.9.9 mymap 10 des md5 $k1 2>&1 || true)
assert_match "SA\.PEER: not a peer of the entry" "$msg" "extack message"

# SPI reservation: larval, ESP for it dropped, taken over by NEW_SA.
spi=$(n hub $SA alloc-spi 0x5000 0x5fff)
assert_match '^0x5[0-9a-f]{3}$' "$spi" "reserved SPI"
assert_eq larval "$(sa_field hub in $spi state)" "reserved SPI's state"
hdr=4500000000004000403200000a0102010a010401
n spoke1 $RAWIP "${hdr}0000000000000001" spi=$spi garbage=64
sleep 0.3
assert_eq "drop_larval 1" "$(drops hub)" "ESP for a larval SPI"
n hub $SA add in $spi 10.1.2.1 mymap 10 des md5 $k3 >/dev/null
assert_eq mature "$(sa_field hub in $spi state)" "reserved SPI taken over"
n hub $SA del in $spi
spi2=$(n hub $SA alloc-spi 0x6000 0x6000 2)
assert_eq 0x6000 "$spi2" "the only SPI of the range"
n hub $SA -e ENOSPC alloc-spi 0x6000 0x6000
wait_until 6 sh -c "! $IP netns exec hub $SA get in 0x6000" || fail "reservation did not expire"

# Traffic between host-s1 and host-hub, then make-before-break each way.
n hub $SA add out 0x1002 10.1.2.1 mymap 10 des md5 $k2 >/dev/null
esp_pair spoke1 10 10.1.4.1 0x1002 0x1001 "$k2" "$k1" des md5
assert_eq 2 "$(pings host-s1 10.1.1.2 2)" "echo replies with the first SAs"
n hub $SA add out 0x1012 10.1.2.1 mymap 10 des md5 $k3 >/dev/null
n spoke1 $SA add in 0x1012 10.1.4.1 mymap 10 des md5 $k3 >/dev/null
n hub $SA add in 0x1011 10.1.2.1 mymap 10 des md5 $k3 >/dev/null
n spoke1 $SA add out 0x1011 10.1.4.1 mymap 10 des md5 $k3 >/dev/null
assert_eq 3 "$(pings host-s1 10.1.1.2 3)" "echo replies with the new SAs"
assert_eq "2 3 2 3" "$(sa_field hub out 0x1002 encaps) $(sa_field hub out 0x1012 encaps) \
$(sa_field hub in 0x1001 decaps) $(sa_field hub in 0x1011 decaps)" \
	"old and new SAs: encaps out, decaps in"

# Filters, counters.
assert_eq 4 "$(n hub $SA show peer 10.1.2.1 | wc -l)" "SAs to spoke1"
assert_eq 2 "$(n hub $SA show dir out | wc -l)" "outbound SAs"
assert_eq 4 "$(n hub $SA show map mymap | wc -l)" "SAs of mymap"
n hub $SA clear peer 10.1.2.1
assert_eq 0 "$(sa_field hub in 0x1011 decaps)" "decaps after CLEAR_COUNTERS"
assert_eq 1 "$(stat_of hub drop_larval)" "namespace counters kept by a filtered clear"
n hub $SA clear
assert_eq 0 "$(stat_of hub drop_larval)" "namespace counters after a full clear"

# A commit that keeps entry 10 keeps its SAs; one that changes it deletes them.
esp_load_manual hub
assert_eq 4 "$(n hub $SA show | wc -l)" "SAs after reloading the same configuration"
esp_cfg_insert hub "access-list 120 " "access-list 110 permit ip 10.1.1.0 0.0.0.255 172.16.9.0 0.0.0.255" \
	>/tmp/ktest-work/hub.src
ESP_CFG_SRC=/tmp/ktest-work/hub.src
esp_load_manual hub
ESP_CFG_SRC=
assert_eq 0 "$(n hub $SA show | wc -l)" "SAs after entry 10 changed"

# Lifetimes belong to ipsec-isakmp entries: the seed itself.
n hub $CMAPCTL load --ike-backend none "$(topo_cfg hub)" >/dev/null 2>&1
n hub $SA add out 0x7001 10.1.2.1 mymap 10 des md5 $k1 >/dev/null
assert_match "soft_secs=3240 hard_secs=3600 soft_kb=4147200 hard_kb=4608000" \
	"$(n hub $SA get out 0x7001)" "lifetimes from the entry"
n hub $SA upd out 0x7001 hard-secs=1000
assert_match "soft_secs=900 hard_secs=1000 " "$(n hub $SA get out 0x7001)" "UPD_SA"
n hub $SA add out 0x7002 10.1.2.1 mymap 10 des md5 $k1 soft-secs=1 hard-secs=3 >/dev/null
wait_until 8 grep -q "reason=expired" $ev || fail "no hard expiry"
n hub $SA -e ENOENT get out 0x7002
n hub $SA flush peer 10.1.2.1 >/dev/null
sleep 0.5
spawn_stop $mon

# The events, in order, for the SAs of the last part.
ev7002=$(grep 'spi=0x7002' $ev | awk '{ print $1, ($0 ~ / hard=1/) ? "hard" : "", $0 ~ /reason=/ ? $NF : "" }')
assert_eq "sa-added  
expire  
expire hard 
sa-deleted  reason=expired" "$ev7002" "events of SA 0x7002"
assert_eq 1 "$(grep -c '^sa-deleted .*spi=0x6000 .*reason=larval' $ev)" "larval reservation expired"
assert_eq 4 "$(grep -c '^sa-deleted .*reason=config' $ev)" "SAs deleted by the commit"
assert_eq 1 "$(grep -c '^sa-deleted .*spi=0x7001 .*reason=flush' $ev)" "flushed SA"
grep -q KEY $ev && fail "a key in an event"
true
