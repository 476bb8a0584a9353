#!/bin/sh
# Harness self-test: the VM has the real tools (not busybox applets), the kernel
# modules the suite needs, and a crypto API that can build an ESP state (which fails
# silently without the drbg and jitterentropy_rng modules).
. "$KTEST_LIB/ktest.sh"

log "kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {print $2}' /proc/meminfo) kB"
assert_match '^ip utility, iproute2' "$($IP -V)" "ip is iproute2's"
assert_match 'iproute2' "$($TC -V)" "tc is iproute2's"
assert_match 'iputils' "$($PING -V)" "ping is iputils'"
assert_match '^tcpdump version' "$($TCPDUMP --version 2>&1 | head -n1)" "tcpdump"
assert_match '^iperf 3' "$($IPERF3 --version | head -n1)" "iperf3"
assert_match '^wireguard-tools' "$($WG --version)" "wg"
for t in /usr/lib/ipsec/charon /usr/sbin/swanctl /usr/bin/nsenter /usr/bin/unshare \
	/usr/bin/setpriv /usr/bin/jq /usr/bin/bash; do
	[ -x "$t" ] || fail "$t missing"
done
# Libraries resolved: a program whose library is missing fails before main().
/usr/sbin/swanctl --help >/dev/null 2>&1 || [ $? = 1 ] || fail "swanctl does not start"
assert_eq 7 "$(echo '{"a":7}' | jq .a)" "jq"

module_load veth dummy esp4 xfrm_user drbg sch_netem wireguard
[ -e /sys/kernel/debug/tracing ] || [ -e /sys/kernel/tracing/trace ] || log "no tracefs"

ns_add harness-a
# Each algorithm of the seed (esp-des esp-md5-hmac) and one AEAD, in tunnel mode.
n harness-a $IP xfrm state add src 10.1.2.1 dst 10.1.4.1 proto esp spi 0x100 \
	mode tunnel enc 'cbc(des)' 0x0123456789abcdef auth-trunc 'hmac(md5)' \
	0x00112233445566778899aabbccddeeff 96
n harness-a $IP xfrm state add src 10.1.4.1 dst 10.1.2.1 proto esp spi 0x101 \
	mode tunnel aead 'rfc4106(gcm(aes))' 0x00112233445566778899aabbccddeeff01020304 128
assert_eq 2 "$(n harness-a $IP xfrm state | grep -c '^src')" "XFRM states"
