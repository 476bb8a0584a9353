#!/bin/sh
# What an inbound SA may carry: an SA bound to one ACL line takes only the
# traffic of that line (mirrored), an SA with explicit selectors only what
# they describe; anything else that it decrypts is dropped and counted on
# the SA (IOS "#recv errors"). Outbound, an SA of one line is not used for
# another line of the same entry: that line has no SA (acquire).
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"

topo_build 2
for r in hub spoke1 spoke2; do esp_load_manual $r; done
esp_seed_pairs spoke1 spoke2 hub20
k1="enc=$K_DES1 auth=$K_MD5_1" k2="enc=$K_DES2 auth=$K_MD5_2"

# Hub, entry 10: SAs for its line 20 only (192.168.1.0/24 -> 172.16.1.0/24;
# inbound, mirrored: from Spoke1's LAN to Spoke2's).
n hub $SA add in 0x1001 10.1.2.1 mymap 10 des md5 $k1 line=20 >/dev/null
n hub $SA add out 0x1002 10.1.2.1 mymap 10 des md5 $k2 line=20 >/dev/null

assert_eq 2 "$(pings host-s1 192.168.1.2 2)" "line 20: host-s1 -> host-s2"
assert_eq 0 "$(pings host-s1 10.1.1.2 2)" "line 10 in through the line-20 SA"
assert_eq 0 "$(pings host-hub 172.16.1.2 2)" "line 10 out: no SA of its own"
assert_eq "drop_no_sa 2
drop_selector 2" "$(drops hub)" "hub drops"
assert_eq 2 "$(sa_field hub in 0x1001 selector)" "the SA's selector failures"
assert_eq 4 "$(sa_field hub in 0x1001 decaps)" "decaps, both lines"
assert_eq 2 "$(sa_field hub out 0x1002 encaps)" "encaps, line 20 only"

# Explicit selectors: only host-s1 itself, to the hub's LAN; the replies
# leave through a new SA of the whole entry (a new SPI: Spoke1's window
# for 0x1002 has seen sequence numbers 1 and 2 already).
n hub $SA del in 0x1001
n hub $SA del out 0x1002 10.1.2.1
n hub $SA add in 0x1001 10.1.2.1 mymap 10 des md5 $k1 sel=172.16.1.2/32,10.1.1.0/24 >/dev/null
k3="enc=0f1e2d3c4b5a6978 auth=0102030405060708090a0b0c0d0e0f10"
n hub $SA add out 0x1012 10.1.2.1 mymap 10 des md5 $k3 >/dev/null
n spoke1 $SA add in 0x1012 10.1.4.1 mymap 10 des md5 $k3 >/dev/null
n hub $SA clear
assert_eq 2 "$(pings host-s1 10.1.1.2 2)" "host-s1 -> host-hub within the selectors"
assert_eq 0 "$(pings spoke1 10.1.1.2 2 -I 172.16.1.1)" "spoke1's LAN address -> host-hub"
assert_eq "drop_selector 2" "$(drops hub)" "hub drops with selectors"
assert_eq 2 "$(sa_field hub in 0x1001 selector)" "selector failures with selectors"
