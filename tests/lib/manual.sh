# shellcheck shell=dash disable=SC2034
# The seed configurations manually keyed, for the tests of "ipsec-manual":
#   . "$KTEST_LIB/manual.sh" (VM) or . tests/lib/manual.sh (host)
#   manual_cfg ROUTER SEED-FILE >FILE
# Every "ipsec-isakmp" entry becomes "ipsec-manual" (same maps, access
# lists, peers, transform set myset: esp-des esp-md5-hmac) and gets, after
# its "set peer", the session keys of its tunnel. Each direction of each
# tunnel has its own SPI and keys (DES 8 bytes, HMAC-MD5 16 bytes), named
# by the sender: S1H = Spoke1 to Hub, HS1 = Hub to Spoke1, ...
#
#   tunnel      SPI    hub          spoke
#   S1H         4097   inbound      outbound (spoke1)
#   HS1         4098   outbound     inbound  (spoke1)
#   S2H         8193   inbound      outbound (spoke2)
#   HS2         8194   outbound     inbound  (spoke2)
#   S3H, HS3    12289, 12290 (hub-3spokes.cfg and spoke3.cfg)

MK_SPI_S1H=4097 MK_SPI_HS1=4098 MK_SPI_S2H=8193 MK_SPI_HS2=8194
MK_SPI_S3H=12289 MK_SPI_HS3=12290
MK_ENC_S1H=0123456789abcdef MK_AUTH_S1H=00112233445566778899aabbccddeeff
MK_ENC_HS1=fedcba9876543210 MK_AUTH_HS1=ffeeddccbbaa99887766554433221100
MK_ENC_S2H=1122334455667788 MK_AUTH_S2H=0102030405060708090a0b0c0d0e0f10
MK_ENC_HS2=8877665544332211 MK_AUTH_HS2=100f0e0d0c0b0a090807060504030201
MK_ENC_S3H=0f1e2d3c4b5a6978 MK_AUTH_S3H=a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
MK_ENC_HS3=8796a5b4c3d2e1f0 MK_AUTH_HS3=b0b1b2b3b4b5b6b7b8b9babbbcbdbebf
# Every key above, for "never printed" checks: grep -E "$MK_KEYS_RE"
MK_KEYS_RE="$MK_ENC_S1H|$MK_AUTH_S1H|$MK_ENC_HS1|$MK_AUTH_HS1|$MK_ENC_S2H|$MK_AUTH_S2H|$MK_ENC_HS2|$MK_AUTH_HS2|$MK_ENC_S3H|$MK_AUTH_S3H|$MK_ENC_HS3|$MK_AUTH_HS3"

# The two session-key lines of one end of a tunnel.
mk__keys() { # IN-TUNNEL OUT-TUNNEL
	local spi enc auth
	eval "spi=\$MK_SPI_$1 enc=\$MK_ENC_$1 auth=\$MK_AUTH_$1"
	echo " set session-key inbound esp $spi cipher $enc authenticator $auth"
	eval "spi=\$MK_SPI_$2 enc=\$MK_ENC_$2 auth=\$MK_AUTH_$2"
	echo " set session-key outbound esp $spi cipher $enc authenticator $auth"
}

# The session keys of ROUTER's entry for peer PEER (none if no tunnel).
mk__for() { # ROUTER PEER
	case $1:$2 in
	hub:10.1.2.1) mk__keys S1H HS1 ;;
	hub:10.1.3.1) mk__keys S2H HS2 ;;
	hub:10.1.5.1) mk__keys S3H HS3 ;;
	spoke1:10.1.4.1) mk__keys HS1 S1H ;;
	spoke2:10.1.4.1) mk__keys HS2 S2H ;;
	spoke3:10.1.4.1) mk__keys HS3 S3H ;;
	esac
}

manual_cfg() { # ROUTER SEED-FILE: the manually keyed configuration on stdout
	local r=$1 f=$2 p l
	for p in 10.1.2.1 10.1.3.1 10.1.4.1 10.1.5.1; do
		mk__for "$r" "$p" | while IFS= read -r l; do printf '%s\t%s\n' "$p" "$l"; done
	done | awk -F'\t' '
		NR == FNR { k[$1] = k[$1] $2 "\n"; next }
		{ sub(/ ipsec-isakmp$/, " ipsec-manual"); print }
		/^ set peer / { split($0, w, " "); if (w[3] in k) printf "%s", k[w[3]] }
	' - "$f"
}
