# shellcheck shell=dash
# The reference topology of the seed configurations (seed-configs/README.md), sourced
# after ktest.sh:   . "$KTEST_LIB/topology.sh"; topo_build [2|3]
#
#   host-hub  --eth0--Ethernet0-- hub    --Ethernet1--hub----+
#   host-s1   --eth0--Ethernet0-- spoke1 --Ethernet1--spoke1-+  transit
#   host-s2   --eth0--Ethernet0-- spoke2 --Ethernet1--spoke2-+  (.254 in each WAN /24,
#   host-s3   --eth0--Ethernet0-- spoke3 --Ethernet1--spoke3-+   proxy ARP)
#
# Router addresses and routes come from the router's configuration file itself
# (`interface` blocks, `ip route` lines). IOS routes out of an interface
# (`ip route 10.1.0.0 255.255.0.0 Ethernet1`) become `dev Ethernet1` routes, which work
# because the transit answers ARP for what it can route (proxy ARP), as an IOS
# next router would.
#
# The transit routes the WAN subnets only, as on the Internet: a packet between LANs
# crosses it only inside ESP, and cleartext that escapes the crypto map is dropped
# there (a test that sees a reply knows it was protected). TOPO_CLEAR_LANS=1 also routes
# the LANs through the transit, for tests that need the plain path.

# The seed file a router's configuration comes from.
topo_cfg() { # ROUTER
	case $1 in
	hub) if [ "${TOPO_SPOKES:-2}" -ge 3 ]; then echo "$SEED_DIR/hub-3spokes.cfg"; else echo "$SEED_DIR/hub.cfg"; fi ;;
	*) echo "$SEED_DIR/$1.cfg" ;;
	esac
}

topo_hostns() { # ROUTER -> host namespace on its LAN
	case $1 in
	hub) echo host-hub ;;
	spoke*) echo "host-s${1#spoke}" ;;
	esac
}

# IOS mask to prefix length: 255.255.255.0 -> 24.
topo__awk_lib='
function masklen(m,   a, i, n, b) {
	split(m, a, "."); n = 0
	for (i = 1; i <= 4; i++)
		for (b = 128; b >= 1; b /= 2)
			if (a[i] >= b) { n++; a[i] -= b }
	return n
}'

# The address of an interface in a config file, as A.B.C.D/LEN.
cfg_addr() { # FILE IFACE
	awk -v want="$2" "$topo__awk_lib"'
		/^interface / { inif = ($2 == want); next }
		/^[^ ]/ { inif = 0 }
		inif && $1 == "ip" && $2 == "address" { print $3 "/" masklen($4); exit }
	' "$1"
}

# Static routes of a config file, one per line: PREFIX/LEN IFACE-or-NEXTHOP.
cfg_routes() { # FILE
	awk "$topo__awk_lib"'
		$1 == "ip" && $2 == "route" && NF >= 5 { print $3 "/" masklen($4), $5 }
	' "$1"
}

topo_lan() { cfg_addr "$(topo_cfg "$1")" Ethernet0; } # ROUTER -> 10.1.1.1/24
topo_wan() { cfg_addr "$(topo_cfg "$1")" Ethernet1; } # ROUTER -> 10.1.4.1/24

# A.B.C.D/LEN with the last byte replaced: topo__host 10.1.1.1/24 2 -> 10.1.1.2/24
topo__host() { echo "${1%.*}.$2/${1#*/}"; }
# The network of a /24 (all seed subnets are /24): 10.1.1.1/24 -> 10.1.1.0/24
topo__net() { echo "${1%.*}.0/${1#*/}"; }

topo_host_addr() { # ROUTER -> the LAN host's address, without length (10.1.1.2)
	local a
	a=$(topo__host "$(topo_lan "$1")" 2)
	echo "${a%/*}"
}

topo_build() { # [SPOKES]: 2 (hub.cfg) or 3 (hub-3spokes.cfg and spoke3.cfg)
	local r h cfg lan wan pfx via
	TOPO_SPOKES=${1:-2}
	TOPO_ROUTERS="hub spoke1 spoke2"
	[ "$TOPO_SPOKES" -ge 3 ] && TOPO_ROUTERS="$TOPO_ROUTERS spoke3"
	for r in $TOPO_ROUTERS; do
		[ -r "$(topo_cfg "$r")" ] || fail "seed configuration $(topo_cfg "$r") missing"
	done
	module_load veth

	ns_add transit
	ns_sysctl transit net.ipv4.ip_forward=1
	for r in $TOPO_ROUTERS; do
		cfg=$(topo_cfg "$r")
		h=$(topo_hostns "$r")
		lan=$(cfg_addr "$cfg" Ethernet0)
		wan=$(cfg_addr "$cfg" Ethernet1)
		[ -n "$lan" ] && [ -n "$wan" ] || fail "$cfg: no address for Ethernet0/Ethernet1"
		ns_add "$r" "$h"
		# The hub sends spoke-to-spoke traffic back out of the interface it came in
		# on; an ICMP redirect would tell the spoke to bypass it.
		ns_sysctl "$r" net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 \
			net.ipv4.conf.default.send_redirects=0

		$IP -n "$r" link add Ethernet0 type veth peer name eth0 netns "$h"
		$IP -n "$r" link add Ethernet1 type veth peer name "$r" netns transit
		$IP -n "$r" addr add "$lan" dev Ethernet0
		$IP -n "$r" addr add "$wan" dev Ethernet1
		$IP -n "$h" addr add "$(topo__host "$lan" 2)" dev eth0
		$IP -n transit addr add "$(topo__host "$wan" 254)" dev "$r"
		# Answer proxy ARP at once, not after a random delay of up to 0.8 s.
		ns_sysctl transit "net.ipv4.conf.$r.proxy_arp=1" "net.ipv4.neigh.$r.proxy_delay=0"
		$IP -n "$r" link set Ethernet0 up
		$IP -n "$r" link set Ethernet1 up
		$IP -n "$h" link set eth0 up
		$IP -n transit link set "$r" up
		$IP -n "$h" route add default via "${lan%/*}"

		cfg_routes "$cfg" | while read -r pfx via; do
			case $via in
			[0-9]*) $IP -n "$r" route add "$pfx" via "$via" ;;
			*) $IP -n "$r" route add "$pfx" dev "$via" ;;
			esac
		done
		if [ "${TOPO_CLEAR_LANS:-0}" = 1 ]; then
			$IP -n transit route add "$(topo__net "$lan")" via "${wan%/*}"
		fi
	done
}

# A veth queues each packet on the backlog of the CPU that sends it. A host
# whose TCP sends from two CPUs (its application's, and the one where ACKs
# arrive) then has its segments forwarded by its router on two CPUs, and
# they overtake each other there, before any IPsec. A NIC's receive side
# hashing keeps a flow on one CPU; this does the same for the routers' LAN
# interfaces: packets from the hosts are queued on CPU CPU (RPS), in the
# order they were sent. "-" turns it off.
topo_lan_steer() { # CPU|-: every router's Ethernet0 steers to CPU
	local r m=0
	[ "$1" = - ] || m=$(printf '%x' $((1 << $1)))
	for r in $TOPO_ROUTERS; do
		n "$r" sh -c "echo $m >/sys/class/net/Ethernet0/queues/rx-0/rps_cpus"
	done
}
