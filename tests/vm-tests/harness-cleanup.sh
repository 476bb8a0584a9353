#!/bin/sh
# Harness self-test: ktest.sh removes the namespaces and processes a test made, and
# fails a test that leaves a process behind in one of its namespaces.
. "$KTEST_LIB/ktest.sh"

# A clean child: namespaces and a background process, all gone after it exits.
sh -c '. "$KTEST_LIB/ktest.sh"; ns_add hc-a hc-b; spawn hc-a sleep 300; exit 0'
assert_eq "" "$($IP netns list | grep '^hc-' || true)" "namespaces after a clean test"
assert_eq "" "$(pgrep -f 'sleep 300' || true)" "processes after a clean test"

# A leaking child: a process it did not start with spawn stays in its namespace.
rc=0
out=$(sh -c '. "$KTEST_LIB/ktest.sh"; ns_add hc-c
	$IP netns exec hc-c setsid sleep 301 </dev/null >/dev/null 2>&1 &
	sleep 0.5; exit 0' 2>&1) || rc=$?
pkill -f 'sleep 301' || true
assert_eq 1 "$rc" "exit status of a leaking test"
assert_match 'left behind: pid:[0-9]+\(sleep\)@hc-c' "$out" "leak report"

# A failing child keeps its own status.
rc=0
sh -c '. "$KTEST_LIB/ktest.sh"; ns_add hc-d; exit 3' || rc=$?
assert_eq 3 "$rc" "exit status of a failing test"
assert_eq "" "$($IP netns list | grep '^hc-' || true)" "namespaces after all"
