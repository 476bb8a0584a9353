#!/bin/sh
# Harness self-test: exit status 4 is reported as a skip with its reason.
. "$KTEST_LIB/ktest.sh"
skip "harness self-test of skip reporting"
