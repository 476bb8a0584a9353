#!/bin/sh
# Fault injection while the configuration changes and traffic flows (the
# KERNEL=debug kernel; skipped elsewhere): failslab and fail_page_alloc fail
# one kernel allocation, the Nth (fail-nth, N spread by a seed), of each
# cmapctl alternately loading two configurations into the hub, and of each
# ping whose packets the hub's module encrypts (its output path runs in the
# pinging task). Every failure is an error of the command or a lost packet;
# after every load, failed or not, the running configuration is exactly the
# old or the new one, the new one if cmapctl said it succeeded. Afterwards
# the hub loads, shows and encrypts normally; leaks: vm/kmemleak. Prints the
# faults injected, loads applied and refused, and the module's counters.
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"

SA=/usr/local/bin/cmap_sa
fs=/sys/kernel/debug/failslab
fp=/sys/kernel/debug/fail_page_alloc
need_cryptomap
need_cmd "$CMAPCTL" $SA
[ -d $fs ] && [ -d $fp ] ||
	skip "no failslab and fail_page_alloc in this kernel (KERNEL=debug has them)"

ROUNDS=40
TIMES=1000000		# failures allowed: the count left says how many happened

topo_build 2
log "topology up"
# B: A with one more access list and entry. Entries 10 and 20 are the same in
# both, so they keep their identity and the SA across every reload.
awk '/^end$/ {
	print "access-list 199 permit ip 10.1.1.0 0.0.0.255 10.9.9.0 0.0.0.255"
	print "crypto map mymap 30 ipsec-isakmp"
	print " set peer 10.1.9.1"
	print " set transform-set myset"
	print " match address 199"
} { print }' "$SEED_DIR/hub.cfg" >B.cfg
cp "$SEED_DIR/hub.cfg" A.cfg
for c in B A; do
	n hub "$CMAPCTL" load --ike-backend none $c.cfg 2>/dev/null
	n hub "$CMAPCTL" show running-config >$c.run
done
cmp -s A.run B.run && fail "the two configurations read back the same"
# An outbound SA for entry 10: the hub's own packets from its LAN address to
# Spoke1's LAN are encrypted in the sending task.
n hub $SA add out 0x9001 10.1.2.1 mymap 10 des md5 enc=0123456789abcdef \
	auth=00112233445566778899aabbccddeeff >/dev/null
cstat() { n hub $SA stats "$1"; }
p0=$(cstat out_protected)
pings hub 172.16.1.2 5 -I 10.1.1.1 >/dev/null	# no answer: Spoke1 has no SA
p1=$(cstat out_protected)
assert_eq $((p0 + 5)) "$p1" "five echo requests encrypted before the faults"

# One fault per command, at the Nth allocation the command's task makes
# (fail-nth, slab and page alike): probability-based faults would nearly
# always hit exec() first, while N spread over 201..1200 for a load (1..1000
# for a ping) reaches every step of cmapctl's requests and of the module's
# output path. A load's N starts past its execve (faults at N = 107..141
# were seen there): a fault in exec tests the kernel, which kills the task
# past its point of no return, and this 6.1 (without upstream f9c0a39d9530,
# "binfmt_elf: Only report padzero() errors when PROT_WRITE") may start
# cmapctl with the head of its .bss holding bytes of the file, which
# crashed it in free() and diag_flush(). Quietly; not user pages (highmem
# flag), whose failure would only retry the page fault.
# fail-nth counts every fault attribute: fail_usercopy too (an EFAULT), so all
# of them quiet, and all counted.
attrs=$(ls -d /sys/kernel/debug/failslab /sys/kernel/debug/fail_* 2>/dev/null)
for f in $attrs; do
	[ -e $f/times ] || continue
	echo 0 >$f/probability
	echo 0 >$f/verbose
	echo $TIMES >$f/times
done
echo N >$fs/ignore-gfp-wait
echo N >$fp/ignore-gfp-wait
echo Y >$fp/ignore-gfp-highmem
echo 0 >$fp/min-order
seed=${CMAP_FAIL_SEED:-$(date +%s)}
log "fault positions from seed $seed"

failing() { # NTH OUT ERR CMD...: in the hub, the NTH allocation of the command
	# failing; its output appended to files, so that ours is seen
	local nth=$1 out=$2 err=$3 rc=0
	shift 3
	n hub timeout $((60 * KTEST_SLOWDOWN)) \
		sh -c 'echo $0 >/proc/thread-self/fail-nth && exec "$@"' "$nth" "$@" \
		>>"$out" 2>>"$err" || rc=$?
	# busybox timeout: 143 (SIGTERM) when the command did not finish
	[ $rc != 143 ] && [ $rc != 124 ] || fail "hung with fault $nth: $*"
	return $rc
}

# The kernel's last line on a user fault of cmapctl (segfault, trap, GP).
ufault() { dmesg | grep -E 'cmapctl\[[0-9]+\]: (segfault at|trap |general protection)' | tail -n 1; }

nth() { # ROUND MAX: the round's fault position, 1..MAX
	awk -v s="$seed" -v r="$1" -v m="$2" 'BEGIN { srand(s + r); print 1 + int(rand() * m) }'
}

changed=0 failed=0 late=0 killed=0 sent=0 pingsig=0 trace= state=A
p0=$(cstat out_protected)
d0=$(n hub $SA stats | awk '$1 ~ /^drop_/ { s += $2 } END { print s + 0 }')
i=0
while [ $i -lt $ROUNDS ]; do
	i=$((i + 1))
	c=A; [ $state = A ] && c=B
	rc=0
	f=$((200 + $(nth $i 1000))) uf=$(ufault)
	failing $f /dev/null load.err "$CMAPCTL" load --ike-backend none $c.cfg || rc=$?
	# Killed by a signal: a fault in cmapctl's own code (a line from the
	# kernel) fails the test; without one, the kernel forced it (SIGSEGV
	# when exec fails past its point of no return): counted.
	if [ $rc -gt 128 ]; then
		[ "$(ufault)" = "$uf" ] ||
			fail "round $i: cmapctl load $c.cfg killed by signal $((rc - 128)) with fault $f: $(ufault)"
		killed=$((killed + 1))
	fi
	n hub "$CMAPCTL" show running-config >now ||
		fail "round $i: show running-config after the load (status $rc): status $?"
	# Exactly the old or the new configuration; the new one if cmapctl said so.
	if cmp -s $c.run now; then
		state=$c changed=$((changed + 1)) trace=$trace$c
		# committed, but an error came after (an ack that could not be sent)
		[ $rc = 0 ] || late=$((late + 1))
	elif [ $rc != 0 ] && cmp -s $state.run now; then
		failed=$((failed + 1)) trace=$trace$(echo $c | tr AB ab)
	else
		diff -u $c.run now || true
		fail "round $i: load $c.cfg (status $rc) left a configuration that is neither the old nor the new"
	fi
	rc=0
	failing "$(nth $((i + 1000)) 1000)" ping.out ping.out \
		$PING -n -q -c 30 -i 0.005 -W 1 -I 10.1.1.1 172.16.1.2 || rc=$?
	# ping is not ours, and the kernel also forces SIGSEGV on a task whose
	# signal frame it cannot write: killed by a signal, it is counted.
	[ $rc -le 128 ] || pingsig=$((pingsig + 1))
	sent=$((sent + 30))
	[ $((i % 10)) != 0 ] || log "round $i: $trace"
done
injected=0 faults=
for f in $attrs; do
	[ -e $f/times ] || continue
	k=$((TIMES - $(cat $f/times)))
	injected=$((injected + k))
	faults="$faults ${f##*/}=$k"
done
drops=$(($(n hub $SA stats | awk '$1 ~ /^drop_/ { s += $2 } END { print s + 0 }') - d0))
enc=$(($(cstat out_protected) - p0))
tx=$(awk '/packets transmitted/ { s += $1 } END { print s + 0 }' ping.out)
log "$ROUNDS loads: $changed applied ($late of them reported an error after the commit), $failed refused ($killed killed by the kernel), configuration unchanged (A/B applied, a/b refused: $trace)"
log "faults injected: $injected ($faults) over $ROUNDS loads and $ROUNDS pings"
log "cmapctl errors: $(grep -v ': ignored: \|: note: ' load.err | sort | uniq -c | sort -rn | head -n 6 | tr -s ' ' | tr '\n' ';')"
log "$sent echo requests: $tx transmitted by ping ($pingsig of $ROUNDS pings killed by a signal), $enc encrypted; module drops: $drops ($(n hub $SA stats | awk '$1 ~ /^drop_/ && $2 > 0 { printf "%s=%s ", $1, $2 }'))"
[ "$enc" -gt 0 ] || fail "no echo request was encrypted during the faults"
# What the module saw it encrypted or dropped and counted: never more than sent.
[ $((enc + drops)) -le "$sent" ] || fail "more packets counted than sent"
[ $injected -gt 0 ] || fail "no allocation failed: were faults injected?"
[ $failed -gt 0 ] && [ $changed -gt 0 ] || fail "the faults never refused a load, or always"

# The hub afterwards: loads, reads back, encrypts.
n hub "$CMAPCTL" load --ike-backend none A.cfg 2>/dev/null
n hub "$CMAPCTL" show running-config >now
cmp -s A.run now || { diff -u A.run now || true; fail "running-config after the faults"; }
n hub $SA flush >/dev/null
n hub $SA add out 0x9002 10.1.2.1 mymap 10 des md5 enc=0123456789abcdef \
	auth=00112233445566778899aabbccddeeff >/dev/null
p0=$(cstat out_protected)
pings hub 172.16.1.2 5 -I 10.1.1.1 >/dev/null
assert_eq $((p0 + 5)) "$(cstat out_protected)" "five echo requests encrypted after the faults"
n hub "$CMAPCTL" flush
