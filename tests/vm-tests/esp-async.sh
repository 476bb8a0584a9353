#!/bin/sh
# Asynchronous crypto: the module reloaded with crypto_async=2 wraps every
# SA's transform in cryptd, so that every packet completes in the crypto
# API's callback (-EINPROGRESS), on a worker. The seed scenario still works,
# exactly: 200 echoes in flood mode through the hub relay, every SA counting
# them, no replay drop (per-SA order is kept), and no leak or warning when
# the namespaces and the module go.
# ktest-timeout: 400
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"
[ -e "$CMAP_KO" ] || skip "no cryptomap.ko to reload"

reload() { # PARAMS...
	rmmod cryptomap
	insmod "$CMAP_KO" "$@"
}
restore() {
	local rc=$?
	for ns in $ktest_netns; do $IP netns del "$ns" 2>/dev/null; done
	ktest_netns=""
	reload 2>/dev/null || true
	return $rc
}
trap 'restore; ktest_exit' EXIT

reload crypto_async=2
assert_eq 2 "$(cat /sys/module/cryptomap/parameters/crypto_async)" "crypto_async"
esp_seed
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
