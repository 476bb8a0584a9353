#!/bin/sh
# Interoperability with the kernel's own IPsec (issue 3, test 2): Spoke1 runs
# XFRM (ip xfrm state/policy, the same keys) instead of cryptomap, the hub and
# Spoke2 run cryptomap; for every IOS transform, pings both ways between the
# hosts behind Spoke1 and the hub are answered and counted on the hub's SAs.
# With ESN, Spoke1's sequence numbers cross 2^32 on the way to the hub. The
# seed transform also carries Spoke1 -> Spoke2 through the hub's relay.
# ktest-timeout: 900
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "${0%/*}/esp-common.inc"

topo_build 2
esp_load_manual spoke2

# A key of N bytes, different per SEED: hex.
key() { # BYTES SEED
	local i=0 k=""
	while [ $i -lt "$1" ]; do
		k=$k$(printf '%02x' $(((i * 7 + $2 * 31 + 5) % 256)))
		i=$((i + 1))
	done
	echo "$k"
}

# XFRM's name and key for our cipher and HMAC, per direction.
xfrm_alg() { # CIPHER KEYBITS AUTH ENCKEY AUTHKEY
	case $1 in
	gcm) echo "aead 'rfc4106(gcm(aes))' 0x$4 128" ;;
	gmac) echo "aead 'rfc4543(gcm(aes))' 0x$4 128" ;;
	*)
		case $1 in
		null) printf "enc 'ecb(cipher_null)' ''" ;;
		des) printf "enc 'cbc(des)' 0x%s" "$4" ;;
		3des) printf "enc 'cbc(des3_ede)' 0x%s" "$4" ;;
		aes) printf "enc 'cbc(aes)' 0x%s" "$4" ;;
		esac
		case $3 in
		md5) echo " auth-trunc 'hmac(md5)' 0x$5 96" ;;
		sha1) echo " auth-trunc 'hmac(sha1)' 0x$5 96" ;;
		sha256) echo " auth-trunc 'hmac(sha256)' 0x$5 128" ;;
		sha384) echo " auth-trunc 'hmac(sha384)' 0x$5 192" ;;
		sha512) echo " auth-trunc 'hmac(sha512)' 0x$5 256" ;;
		*) echo ;;
		esac
		;;
	esac
}

enc_bytes() { # CIPHER KEYBITS
	case $1 in
	null) echo 0 ;; des) echo 8 ;; 3des) echo 24 ;;
	aes) echo $(($2 / 8)) ;; gcm | gmac) echo $(($2 / 8 + 4)) ;;
	esac
}

auth_bytes() { # AUTH
	case $1 in
	md5) echo 16 ;; sha1) echo 20 ;; sha256) echo 32 ;; sha384) echo 48 ;;
	sha512) echo 64 ;; *) echo 0 ;;
	esac
}

xfrm_spoke1() { # SPI_TO_HUB SPI_FROM_HUB ALG_OUT ALG_IN FLAGS...
	local so=$1 si=$2 ao=$3 ai=$4 net
	shift 4
	$IP -n spoke1 xfrm state flush
	$IP -n spoke1 xfrm policy flush
	eval "$IP -n spoke1 xfrm state add src 10.1.2.1 dst 10.1.4.1 proto esp spi $so \
		reqid 1 mode tunnel replay-window 64 $* $ao"
	eval "$IP -n spoke1 xfrm state add src 10.1.4.1 dst 10.1.2.1 proto esp spi $si \
		reqid 1 mode tunnel replay-window 64 $(echo "$*" | sed 's/replay-oseq [^ ]*//') $ai"
	for net in 10.1.1.0/24 192.168.1.0/24; do
		$IP -n spoke1 xfrm policy add src 172.16.1.0/24 dst $net dir out \
			tmpl src 10.1.2.1 dst 10.1.4.1 proto esp reqid 1 mode tunnel
		for dir in in fwd; do
			$IP -n spoke1 xfrm policy add src $net dst 172.16.1.0/24 dir $dir \
				tmpl src 10.1.4.1 dst 10.1.2.1 proto esp reqid 1 mode tunnel
		done
	done
}

# One transform: IOS transform-set text, then cipher, key bits, auth, options.
n_case=0
check() { # "IOS TRANSFORMS" CIPHER KEYBITS AUTH [esn] [relay]
	local ios=$1 c=$2 bits=$3 a=$4 esn="" relay="" eb ab k1 k2 a1 a2 flags="" si so
	shift 4
	for o in "$@"; do
		case $o in esn) esn=esn ;; relay) relay=1 ;; esac
	done
	n_case=$((n_case + 1))
	si=$((0x3000 + n_case)) so=$((0x4000 + n_case))
	eb=$(enc_bytes $c $bits) ab=$(auth_bytes $a)
	k1=$(key $eb $n_case) k2=$(key $eb $((n_case + 50)))
	a1=$(key $ab $((n_case + 100))) a2=$(key $ab $((n_case + 150)))
	log "transform $n_case: $ios${esn:+ (ESN)}"

	esp_load_manual hub -e "s/^crypto ipsec transform-set myset .*/crypto ipsec transform-set myset $ios/"
	opt_in="enc=$k1" opt_out="enc=$k2"
	[ "$eb" = 0 ] && opt_in="" opt_out=""
	[ "$ab" != 0 ] && opt_in="$opt_in auth=$a1" opt_out="$opt_out auth=$a2"
	auth=$a
	[ "$a" = none ] && auth=""
	n hub $SA add in $si 10.1.2.1 mymap 10 $c-$bits $auth $opt_in $esn >/dev/null
	n hub $SA add out $so 10.1.2.1 mymap 10 $c-$bits $auth $opt_out $esn >/dev/null
	[ -n "$esn" ] && flags="flag esn replay-oseq 0xfffffffd"
	xfrm_spoke1 $si $so "$(xfrm_alg "$c" "$bits" "$a" "$k1" "$a1")" \
		"$(xfrm_alg "$c" "$bits" "$a" "$k2" "$a2")" $flags

	if [ "$(pings host-s1 10.1.1.2 2)" != 2 ]; then
		n hub $SA show; drops hub; n spoke1 cat /proc/net/xfrm_stat | grep -v " 0$"
		$IP -n spoke1 -s xfrm state
		fail "$ios: echo replies host-s1 -> host-hub"
	fi
	assert_eq 2 "$(pings host-hub 172.16.1.2 2)" "$ios: echo replies host-hub -> host-s1"
	assert_eq 4 "$(sa_field hub in $si decaps)" "$ios: hub decaps"
	assert_eq 4 "$(sa_field hub out $so encaps)" "$ios: hub encaps"
	assert_eq 0 "$(sa_field hub in $si recv_errors)" "$ios: hub receive errors"
	if [ -n "$esn" ]; then
		# 0xfffffffe, 0xffffffff, then 2^32 and 2^32 + 1: the high half inferred.
		assert_eq 4294967297 "$(sa_field hub in $si seqno)" "$ios: ESN sequence number"
	fi
	if [ -n "$relay" ]; then
		n hub $SA add in 0x2001 10.1.3.1 mymap 20 $c-$bits $auth enc=$K_DES1 auth=$K_MD5_1 >/dev/null
		n hub $SA add out 0x2002 10.1.3.1 mymap 20 $c-$bits $auth enc=$K_DES2 auth=$K_MD5_2 >/dev/null
		assert_eq 3 "$(pings host-s1 192.168.1.2 3)" "$ios: relay host-s1 -> host-s2"
		assert_eq 7 "$(sa_field hub in $si decaps)" "$ios: hub decaps with the relay"
		assert_eq 3 "$(sa_field hub out 0x2002 encaps)" "$ios: hub encaps to spoke2"
	fi
}

# Spoke2 (cryptomap) pairs with the hub's entry 20 for the relay case.
n spoke2 $SA add out 0x2001 10.1.4.1 mymap 10 des md5 enc=$K_DES1 auth=$K_MD5_1 >/dev/null
n spoke2 $SA add in 0x2002 10.1.4.1 mymap 10 des md5 enc=$K_DES2 auth=$K_MD5_2 >/dev/null

check "esp-des esp-md5-hmac" des 64 md5 relay
check "esp-3des esp-sha-hmac" 3des 192 sha1
check "esp-aes esp-sha256-hmac" aes 128 sha256
check "esp-aes 192 esp-sha384-hmac" aes 192 sha384
check "esp-aes 256 esp-sha512-hmac" aes 256 sha512
check "esp-aes 256" aes 256 none
check "esp-null esp-sha-hmac" null 0 sha1
check "esp-gcm" gcm 128 none
check "esp-gcm 256" gcm 256 none
check "esp-gmac" gmac 128 none
check "esp-gmac 256" gmac 256 none
check "esp-3des esp-md5-hmac" 3des 192 md5 esn
check "esp-gcm 256" gcm 256 none esn
check "esp-aes esp-sha-hmac" aes 128 sha1 esn

for s in XfrmInError XfrmInStateProtoError XfrmInStateSeqError XfrmInNoStates \
	XfrmInTmplMismatch XfrmInNoPols XfrmOutError XfrmOutNoStates; do
	assert_eq 0 "$(xfrm_stat spoke1 $s)" "spoke1 $s"
done
assert_eq "" "$(drops hub)" "hub drops"
