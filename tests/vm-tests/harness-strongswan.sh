#!/bin/sh
# Harness self-test: strongSwan's charon starts in a namespace with all its plugins and
# libraries, and offers the seed's algorithms: DES and MD5 only with OpenSSL's legacy
# provider, Diffie-Hellman group 1 (MODP_768).
. "$KTEST_LIB/ktest.sh"

ns_add harness-ike
spawn harness-ike /usr/lib/ipsec/charon
wait_until 60 test -S /run/charon.vici || fail "charon did not open /run/charon.vici"
stats=$(n harness-ike /usr/sbin/swanctl --stats)
assert_match 'loaded plugins: .* openssl .* kernel-netlink .* vici' "$stats" "charon plugins"
algs=$(n harness-ike /usr/sbin/swanctl --list-algs)
for a in 'DES_CBC\[openssl\]' 'HMAC_MD5_96\[openssl\]' 'PRF_HMAC_MD5\[openssl\]' \
	'MODP_768\[openssl\]' 'AES_GCM_16\['; do
	assert_match "$a" "$algs" "charon algorithms"
done
