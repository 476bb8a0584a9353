# shellcheck shell=dash
# Many crypto map entries, for the scale tests and the benchmark:
#   . "$KTEST_LIB/scale.sh"; scale_entries N FIRST-SEQ >>FILE
# N entries "crypto map mymap SEQ ipsec-manual" (SEQ from FIRST-SEQ on), the
# I-th (from 1) with peer 10.9.H.L and its own access list GI of 10 lines
# "permit ip 10.1.1.0 0.0.0.255 host 11.J.H.L" (H.L = I / 256, I % 256; J
# 0 to 9), all with transform set myset. No "end" line.
scale_entries() { # N FIRST-SEQ
	awk -v n="$1" -v first="$2" 'BEGIN {
		for (i = 1; i <= n; i++) {
			h = int(i / 256); l = i % 256
			printf "crypto map mymap %d ipsec-manual\n", first + i - 1
			printf " set peer 10.9.%d.%d\n", h, l
			print " set transform-set myset"
			printf " match address G%d\n", i
			printf "ip access-list extended G%d\n", i
			for (j = 0; j < 10; j++)
				printf " permit ip 10.1.1.0 0.0.0.255 host 11.%d.%d.%d\n", j, h, l
		}
	}'
}
