#!/bin/sh
# The seed scenario with manual keys (issue 3, test 1): hub and spokes load the
# seed configurations with their entries turned ipsec-manual, and manual SAs
# with esp-des esp-md5-hmac. Five 100-byte pings from the host behind Spoke1
# to the host behind Spoke2 are answered; on the hub, the four SAs show the
# seed's pattern (each SA counted the same N packets in its own direction); the
# transit saw only ESP between router addresses, no LAN address in clear.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"

esp_seed

# Keys never come back: no dump carries them.
n hub $SA show | grep -q KEY-LEAKED && fail "a key came back in a dump"
assert_eq 4 "$(n hub $SA show | wc -l)" "SAs on the hub"

capture_start /tmp/ktest-work/transit.pcap
assert_eq 5 "$(pings host-s1 192.168.1.2 5 -s 72)" "echo replies host-s1 -> host-s2"
capture_stop

# Hub: in from spoke1 decrypts 5 (requests), out to spoke2 encrypts 5; replies
# the other way. The same N on all four proves the relay through the hub.
for spi in 0x1001 0x2001; do
	for f in decaps decrypt verify; do
		assert_eq 5 "$(sa_field hub in $spi $f)" "hub in $spi $f"
	done
	assert_eq 0 "$(sa_field hub in $spi encaps)" "hub in $spi encaps"
	assert_eq 0 "$(sa_field hub in $spi recv_errors)" "hub in $spi recv errors"
done
for spi in 0x1002 0x2002; do
	for f in encaps encrypt digest; do
		assert_eq 5 "$(sa_field hub out $spi $f)" "hub out $spi $f"
	done
	assert_eq 0 "$(sa_field hub out $spi decaps)" "hub out $spi decaps"
	assert_eq 0 "$(sa_field hub out $spi send_errors)" "hub out $spi send errors"
done
assert_eq 5 "$(sa_field spoke1 out 0x1001 encaps)" "spoke1 out encaps"
assert_eq 5 "$(sa_field spoke1 in 0x1002 decaps)" "spoke1 in decaps"
assert_eq 5 "$(sa_field spoke2 in 0x2002 decaps)" "spoke2 in decaps"
assert_eq 5 "$(sa_field spoke2 out 0x2001 encaps)" "spoke2 out encaps"
assert_eq 10 "$(stat_of hub in_decrypted)" "hub: inner packets handed on"
assert_eq 10 "$(stat_of hub out_protected)" "hub: packets protected"
for r in hub spoke1 spoke2; do
	n $r $SA stats | awk '$1 ~ /^drop_/ && $2 != 0 { print; bad = 1 } END { exit bad }' ||
		fail "$r dropped packets"
done

# Transit: 4 ESP packets per echo, all between router addresses, nothing else.
ip=$(capture_ip /tmp/ktest-work/transit.pcap)
log "transit saw:"
printf '%s\n' "$ip" | sed 's/^/#   /' | head -n 8
assert_eq 20 "$(printf '%s\n' "$ip" | grep -c ': ESP(spi=0x0000[12]00[12],seq=0x[0-9a-f]*), length ')" \
	"ESP packets on the transit"
assert_eq 0 "$(printf '%s\n' "$ip" | grep -Evc ' IP 10\.1\.[234]\.1 > 10\.1\.[234]\.1: ESP')" \
	"transit packets other than ESP between routers"
assert_eq 0 "$(printf '%s\n' "$ip" | grep -Ec '172\.16\.|192\.168\.|10\.1\.1\.')" \
	"transit packets with a LAN address"

# Hits: hub entry 20 line 2 (172.16.1.0 -> 192.168.1.0) and entry 10 line 2
# (192.168.1.0 -> 172.16.1.0) took 5 each.
hits=$(n hub $SA hits)
log "hub hits: $hits"
assert_match '^mymap 10 [0-9]+ 5 10:0 20:5$' "$(printf '%s\n' "$hits" | grep '^mymap 10 ')" "hub entry 10 hits"
assert_match '^mymap 20 [0-9]+ 5 10:0 20:5$' "$(printf '%s\n' "$hits" | grep '^mymap 20 ')" "hub entry 20 hits"
