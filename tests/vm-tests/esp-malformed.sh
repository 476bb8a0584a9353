#!/bin/sh
# Bad ESP for an SA of ours (issue 3, test 3): a flipped ICV bit, a replayed
# packet, truncated, over-long, misaligned, zero-SPI and garbage packets are
# each dropped and counted under their own reason, on the namespace and on
# the SA; ESP with an SPI that is not ours goes on to XFRM. Nothing of it
# moves the replay window, and traffic flows as before. With anti-replay
# disabled, a replayed packet is accepted.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"
need_cmd $RAWIP

esp_seed
assert_eq 2 "$(pings host-s1 10.1.1.2 2)" "echo replies host-s1 -> host-hub"
decaps0=$(sa_field hub in 0x1001 decaps)
nostates0=$(xfrm_stat hub XfrmInNoStates)

# Three ESP packets from spoke1 that never reach the hub: the transit has no
# route to it while they pass.
cap=/tmp/ktest-work/lost.pcap
capture_start $cap
$IP -n transit link set hub down
assert_eq 0 "$(pings host-s1 10.1.1.2 3)" "echo replies while the hub is cut off"
capture_stop
$IP -n transit link set hub up
capture_hex $cap 'esp and src 10.1.2.1' >/tmp/ktest-work/esp.hex
assert_eq 3 "$(wc -l </tmp/ktest-work/esp.hex)" "ESP packets captured"
A=$(sed -n 1p /tmp/ktest-work/esp.hex)
B=$(sed -n 2p /tmp/ktest-work/esp.hex)
assert_eq "$decaps0" "$(sa_field hub in 0x1001 decaps)" "hub decaps before the injections"

inject() { # CHANGES...: packet A or B as spoke1 would send it
	n spoke1 $RAWIP "$@"
	sleep 0.3
}

inject "$A" flip=-1		# the ICV's last bit
inject "$A"			# the same packet intact: accepted
inject "$A"			# and again: a replay
inject "$B" trunc=20		# header, IV and 4 bytes: shorter than the ICV
inject "$B" append=3		# not a multiple of the cipher block
inject "$B" append=8		# one block too long: the ICV is not where it was
inject "$B" spi=0		# SPI 0 is reserved (RFC 4303 2.1)
inject "$B" garbage=68		# our SPI, 68 random bytes: aligned, fails the ICV
inject "$B" spi=0x7777		# not ours: XFRM's, which has no state for it
inject "$B"			# B intact: still accepted, the window did not move

assert_eq "drop_malformed 2
drop_zero_spi 1
drop_replay 1
drop_auth 3" "$(drops hub)" "hub drops"
assert_eq 1 "$(stat_of hub in_not_ours)" "ESP left to the stack"
assert_eq $((nostates0 + 1)) "$(xfrm_stat hub XfrmInNoStates)" "XFRM: no state"
assert_eq $((decaps0 + 2)) "$(sa_field hub in 0x1001 decaps)" "hub decaps"
assert_eq 3 "$(sa_field hub in 0x1001 auth_fail)" "hub SA auth failures"
assert_eq 1 "$(sa_field hub in 0x1001 replay)" "hub SA replay failures"
assert_eq 6 "$(sa_field hub in 0x1001 recv_errors)" "hub SA receive errors"

# Anti-replay disabled (window 0, "set security-association replay
# disable"): the same packet is taken twice.
n hub $SA del in 0x1001
n hub $SA add in 0x1001 10.1.2.1 mymap 10 des md5 enc=$K_DES1 auth=$K_MD5_1 window=0 >/dev/null
inject "$A"
inject "$A"
assert_eq 2 "$(sa_field hub in 0x1001 decaps)" "decaps without anti-replay"
assert_eq 0 "$(sa_field hub in 0x1001 replay)" "replay drops without anti-replay"

# Nothing else disturbed: traffic flows, no other drop anywhere.
assert_eq 3 "$(pings host-s1 192.168.1.2 3)" "echo replies host-s1 -> host-s2"
assert_eq "" "$(drops spoke1)$(drops spoke2)" "spoke drops"
