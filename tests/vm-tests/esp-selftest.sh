#!/bin/sh
# The dataplane's in-module self-tests (replay window against a reference
# bitmap, ESN inference, classifier against a linear first-match walk) ran
# at load and passed. They are built in with lockdep (KERNEL=debug) or
# CMAP_SELFTEST=1; a stock build skips this test.
. "$KTEST_LIB/ktest.sh"
need_cryptomap
log=$(dmesg | grep 'cryptomap: dataplane self-tests' || true)
case $log in
*"self-tests: pass"*) log "$log" ;;
*"self-tests: FAIL"*) fail "$log" ;;
*) skip "module built without CMAP_SELFTEST" ;;
esac
