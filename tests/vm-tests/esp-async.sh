#!/bin/sh
# Asynchronous crypto: the module reloaded with crypto_async=2 wraps every
# SA's transform in cryptd, so that every packet completes in the crypto
# API's callback (-EINPROGRESS), on a worker; with crypto_parallel=0, so
# that the nesting check's predictions (made for packets handled one after
# the other) hold; esp-parallel runs cryptd under parallel crypto. The seed scenario still works,
# exactly: 200 echoes in flood mode through the hub relay, every SA counting
# them, no replay drop (per-SA order is kept), and no leak or warning when
# the namespaces and the module go. On the debug kernel, ESP nested 2 to 4
# deep is limited as with synchronous crypto, although each level completes
# on a worker: 3 levels are handed on, the 4th is dropped and counted
# (drop_nesting). Not on Debian's kernel: there the crypto manager tests the
# new cryptd(authenc(hmac(md5),ecb(cipher_null))) instance of the fuzz SA,
# and 6.1's cryptd fails that test with a WARN ("changed 'req->base.tfm'":
# it hands the caller's own request to the inner transform); the debug
# kernel runs no crypto self-tests. Our requests are not reused after their
# completion, so the bug does not touch the module.
# ktest-timeout: 400
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"
esp_reload_trap
esp_reload crypto_async=2 crypto_parallel=0
assert_eq 2 "$(cat /sys/module/cryptomap/parameters/crypto_async)" "crypto_async"
esp_seed_fuzz nofuzzsa
assert_match 'cryptd\(authenc\(hmac\(md5' "$(grep '^driver' /proc/crypto)" "cryptd transforms"

assert_eq 5 "$(pings host-s1 192.168.1.2 5 -s 72)" "echo replies host-s1 -> host-s2"
n host-s1 $PING -n -q -f -c 200 192.168.1.2 >/tmp/ktest-work/flood 2>&1 || true
log "$(tail -n 2 /tmp/ktest-work/flood)"
assert_match ' 200 received' "$(cat /tmp/ktest-work/flood)" "flood echo replies"
for spi in 0x1001 0x2001; do
	assert_eq 205 "$(sa_field hub in $spi decaps)" "hub in $spi decaps"
	assert_eq 0 "$(sa_field hub in $spi replay)" "hub in $spi replay drops"
done
for spi in 0x1002 0x2002; do
	assert_eq 205 "$(sa_field hub out $spi encaps)" "hub out $spi encaps"
done
for r in hub spoke1 spoke2; do
	assert_eq "" "$(drops $r)" "$r drops"
done

# Nesting: cmap_pktfuzz's "nested" kind, toward the hub from the transit.
ktest_debug_kernel || exit 0
n hub $SA add in 0x3001 10.1.2.1 mymap 10 null md5 auth=$K_FUZZ >/dev/null
d0=$(stat_of hub in_decrypted) n0=$(stat_of hub drop_nesting)
f0=$(sa_field hub in 0x3001 decaps)
# shellcheck disable=SC2086 # PKTFUZZ_HUB is a list of arguments
n transit $PKTFUZZ -s 1128 -n 40 -p 0 -K nested $PKTFUZZ_HUB >nested.out ||
	fail "cmap_pktfuzz: $(cat nested.out)"
expect() { awk -v k="$1" '$1 == "expect" && $2 == k { print $3 }' nested.out; }
# Every level completes on a cryptd worker: wait until the last one has.
want=$((d0 + $(expect in_decrypted))) i=0
while [ "$(stat_of hub in_decrypted)" -lt $want ] && [ $i -lt $((20 * KTEST_SLOWDOWN)) ]; do
	sleep 1
	i=$((i + 1))
done
sleep 1
log "$(grep '^expect \(drop_nesting\|in_decrypted\|fuzz_sa_decaps\)' nested.out | tr '\n' ' ')"
[ "$(expect drop_nesting)" -gt 0 ] || fail "no packet 4 deep among 40 (seed 1128)"
assert_eq "$(expect drop_nesting)" "$(($(stat_of hub drop_nesting) - n0))" "hub drop_nesting"
assert_eq "$(expect in_decrypted)" "$(($(stat_of hub in_decrypted) - d0))" "hub in_decrypted"
assert_eq "$(expect fuzz_sa_decaps)" "$(($(sa_field hub in 0x3001 decaps) - f0))" "hub fuzz SA decaps"
assert_eq "" "$(drops hub | grep -v '^drop_nesting ')" "hub other drops"
