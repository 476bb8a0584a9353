#!/bin/sh
# VM test: a large configuration, 10,000 map entries with an access list of
# 10 lines each plus one access list of 5,000 lines (more than one netlink
# message: sent with APPEND, dumped in parts and joined), loads in one
# transaction in under 2 s (10 s in a virtual machine, which may emulate the
# CPU; the time is logged), and its running-config round-trips exactly.
# ktest-timeout: 600
. "$KTEST_LIB/ktest.sh"

need_cryptomap
need_cmd "$CMAPCTL"
module_load dummy

same() { # EXPECTED-FILE ACTUAL-FILE WHAT
	cmp -s "$1" "$2" && return 0
	diff -u "$1" "$2" | head -n 40 || true
	fail "$3: output differs from what is expected"
}

now_cs() { # centiseconds since boot
	local up
	read -r up _ </proc/uptime
	echo "${up%.*}${up#*.}"
}

ns_add r1
n r1 $IP link add wan0 type dummy

awk 'BEGIN {
	print "crypto ipsec transform-set ts esp-aes 256 esp-sha-hmac"
	for (i = 1; i <= 10000; i++) {
		printf "crypto map big %d ipsec-isakmp\n", i
		printf " set peer 10.%d.%d.1\n", int(i / 256), i % 256
		printf " set transform-set ts\n match address acl%d\n", i
	}
	print "interface wan0\n crypto map big"
	for (i = 1; i <= 10000; i++) {
		printf "ip access-list extended acl%d\n", i
		for (j = 0; j < 10; j++)
			printf " permit tcp 172.%d.%d.0 0.0.0.255 192.168.%d.0 0.0.0.255 eq %d\n",
				16 + int(i / 256), i % 256, j, 1000 + j
	}
	for (j = 0; j < 5000; j++)
		printf "access-list 199 permit udp host 10.200.%d.%d any eq %d\n",
			int(j / 250), j % 250, 2000 + j
}' >big.cfg

t0=$(now_cs)
n r1 "$CMAPCTL" load --ike-backend none -n big.cfg || fail "load -n big.cfg"
t1=$(now_cs)
log "load -n (parse and check only) of big.cfg: $(((t1 - t0) * 10)) ms"
t0=$(now_cs)
n r1 "$CMAPCTL" load --ike-backend none big.cfg || fail "load big.cfg"
t1=$(now_cs)
ms=$(((t1 - t0) * 10))
log "load of 10,000 entries, 105,000 access list lines: $ms ms"
limit=2000
grep -qw hypervisor /proc/cpuinfo && limit=10000
[ "$ms" -lt "$limit" ] || fail "load took $ms ms (limit $limit ms)"

n r1 "$CMAPCTL" show -j running-config >j
assert_eq 10000 "$(grep -o '{"map":"big","seq":[0-9]*,' j | wc -l)" "entries in the kernel"
assert_eq 10001 "$(grep -o '{"name":"[a-z0-9]*","lines":' j | wc -l)" "access lists in the kernel"
assert_eq 105000 "$(grep -o '{"seq":[0-9]*,"action":"permit"' j | wc -l)" "access list lines in the kernel"

n r1 "$CMAPCTL" show access-lists >acls
assert_eq 5001 "$(awk '/^Extended/ { p = ($0 == "Extended IP access list 199") } p' acls | wc -l)" \
	"access list 199 comes back whole, in one piece"
assert_eq "    50000 permit udp host 10.200.19.249 any eq 6999" "$(grep -F ' 50000 permit' acls)" \
	"the last line of access list 199"

n r1 "$CMAPCTL" show running-config >A
"$CMAPCTL" show -f big.cfg running-config >F
same F A "the kernel holds what the file says"
n r1 "$CMAPCTL" flush
n r1 "$CMAPCTL" load --ike-backend none A || fail "load of the running-config"
n r1 "$CMAPCTL" show running-config >B
same A B "round trip of the large configuration"
n r1 "$CMAPCTL" flush
