#!/bin/sh
# Packets of 1400 to 1500 bytes through the tunnels (issue 3, test 6), with
# IOS's defaults: fragmentation before encryption, df-bit copy. The WAN MTU is
# 1500, so with esp-des esp-md5-hmac in tunnel mode at most 1446 bytes fit.
#   1500 bytes without DF: Spoke1 fragments, then protects each fragment; the
#     hub relays the fragments to Spoke2 one by one.
#   1400 bytes with DF: fits, as is.
#   1500 bytes with DF: ICMP fragmentation needed, MTU 1446, to the sender.
#   df-bit clear: a DF packet is protected whole, the ESP packet fragmented.
#   df-bit set: fragments before encryption, every ESP packet with DF.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"

esp_seed

assert_eq 2 "$(pings host-s1 192.168.1.2 2 -M dont -s 1472)" "1500 bytes, no DF, to host-s2"
assert_eq 4 "$(sa_field spoke1 out 0x1001 encaps)" "spoke1: fragments protected"
assert_eq 4 "$(sa_field hub in 0x1001 decaps)" "hub: fragments from spoke1"
assert_eq 4 "$(sa_field hub out 0x2002 encaps)" "hub: fragments to spoke2"
assert_eq 4 "$(sa_field spoke1 in 0x1002 decaps)" "spoke1: fragments of the replies"

assert_eq 2 "$(pings host-s1 192.168.1.2 2 -M do -s 1372)" "1400 bytes, DF, to host-s2"
assert_eq 6 "$(sa_field spoke1 out 0x1001 encaps)" "spoke1: 1400 bytes in one piece"

out=$(n host-s1 $PING -n -c 2 -i 0.2 -W 1 -M do -s 1472 192.168.1.2 2>&1 || true)
log "$out"
assert_match 'mtu ?= ?1446' "$out" "ping's report of the MTU"
assert_match ' mtu 1446 ' "$(n host-s1 $IP route get 192.168.1.2)" "host-s1's path MTU to host-s2"
assert_eq "drop_frag_needed 1" "$(drops spoke1)" "spoke1 drops"
assert_eq 6 "$(sa_field spoke1 out 0x1001 encaps)" "spoke1: nothing protected"

# df-bit clear on Spoke1: its SAs stay (the entry is unchanged).
conn=$(sa_field spoke1 out 0x1001 conn)
esp_cfg_insert spoke1 "crypto map " "crypto ipsec df-bit clear" >/tmp/ktest-work/spoke1.src
ESP_CFG_SRC=/tmp/ktest-work/spoke1.src
esp_load_manual spoke1
ESP_CFG_SRC=
assert_eq "$conn" "$(sa_field spoke1 out 0x1001 conn)" "spoke1's SA after the reload"
frag0=$(snmp_stat spoke1 Ip FragCreates)
reasm0=$(snmp_stat hub Ip ReasmOKs)
assert_eq 2 "$(pings host-s1 10.1.1.2 2 -M do -s 1472)" "1500 bytes, DF, df-bit clear"
assert_eq $((frag0 + 4)) "$(snmp_stat spoke1 Ip FragCreates)" "spoke1: ESP fragments"
assert_eq $((reasm0 + 2)) "$(snmp_stat hub Ip ReasmOKs)" "hub: ESP reassembled"
assert_eq 8 "$(sa_field spoke1 out 0x1001 encaps)" "spoke1: protected whole"

# df-bit set: fragments first, each ESP packet with DF.
esp_cfg_insert spoke1 "crypto map " "crypto ipsec df-bit set" >/tmp/ktest-work/spoke1.src
ESP_CFG_SRC=/tmp/ktest-work/spoke1.src
esp_load_manual spoke1
ESP_CFG_SRC=
cap=/tmp/ktest-work/df.pcap
capture_start $cap
assert_eq 2 "$(pings host-s1 10.1.1.2 2 -M dont -s 1472)" "1500 bytes, no DF, df-bit set"
capture_stop
assert_eq 4 "$($TCPDUMP -n -v -r $cap 'esp and src 10.1.2.1' 2>/dev/null | grep ' In ' |
	grep -c 'flags \[DF\], proto ESP')" "ESP packets with DF from spoke1"
assert_eq 12 "$(sa_field spoke1 out 0x1001 encaps)" "spoke1: fragments protected"
assert_eq "drop_frag_needed 1" "$(drops spoke1)" "spoke1 drops at the end"
assert_eq "" "$(drops hub)$(drops spoke2)" "hub and spoke2 drops"
