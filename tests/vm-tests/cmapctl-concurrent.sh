#!/bin/sh
# VM test: show reads one generation even while another process replaces the
# configuration again and again: every dump taken meanwhile is exactly one of
# the two configurations, never a mix (dumps that span a change are flagged
# NLM_F_DUMP_INTR or carry two generations, and cmapctl repeats them).
# ktest-timeout: 300
. "$KTEST_LIB/ktest.sh"

need_cryptomap
need_cmd "$CMAPCTL"
module_load dummy

ns_add r1
n r1 $IP link add wan0 type dummy

# Two configurations of 2,000 entries that differ in every object: the
# transform set, each entry's peer, each access list line. Each is dumped
# separately, so a show that mixed two generations would be seen.
mkcfg() { # PEER-PREFIX KEYBITS LAST-OCTET
	awk -v p="$1" -v bits="$2" -v o="$3" 'BEGIN {
		print "crypto ipsec transform-set ts esp-aes " bits " esp-sha-hmac"
		for (i = 1; i <= 2000; i++)
			printf "crypto map m %d ipsec-isakmp\n set peer %s.%d.%d\n set transform-set ts\n match address %d\n",
				i, p, int(i / 250), i % 250 + 1, 100 + i % 100
		print "interface wan0\n crypto map m"
		for (a = 100; a < 200; a++)
			for (j = 0; j < 20; j++)
				printf "access-list %d permit ip 10.%d.%d.%d 0.0.0.127 any\n", a, a, j, o
	}'
}
mkcfg 192.0 128 0 >a.cfg
mkcfg 198.18 256 128 >b.cfg
"$CMAPCTL" show -f a.cfg running-config >A
"$CMAPCTL" show -f b.cfg running-config >B
cmp -s A B && fail "the two configurations must differ"

n r1 "$CMAPCTL" load --ike-backend none a.cfg || fail "load a.cfg"
# The loader stops at a flag file, after a whole load: killed, it would
# leave the cmapctl it is running to hold its transaction open while the
# flush below runs (EBUSY, seen in 2 of 3 runs). It rests 0.2 s after each
# load: a show reads the configuration in five dumps, and back to back
# reloads of this size can commit inside every one of 20 attempts on a
# loaded machine, when show gives up ("kept changing during 20 dumps").
loads="$CMAPCTL load --ike-backend none"
spawn r1 /bin/sh -c "while [ ! -e stop ]; do $loads b.cfg; sleep 0.2; $loads a.cfg; sleep 0.2; done" 2>/dev/null
loader=$SPAWN_PID

seen_a=0 seen_b=0 i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	n r1 "$CMAPCTL" show running-config >out 2>err || { cat err; fail "show $i failed"; }
	if cmp -s out A; then
		seen_a=$((seen_a + 1))
	elif cmp -s out B; then
		seen_b=$((seen_b + 1))
	else
		diff A out | head -n 20
		fail "show $i returned neither configuration: a mix"
	fi
done
touch stop
wait "$loader"
log "20 dumps during reloads: $seen_a of a.cfg, $seen_b of b.cfg"
n r1 "$CMAPCTL" flush
