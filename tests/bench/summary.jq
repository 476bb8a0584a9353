# The benchmark's summary document, from its samples (jq -s; tests/bench/lib.inc).
# Per mode and transform: median, min, max and spread of every figure; the
# ratios cryptomap / XFRM, cryptomap / WireGuard and cryptomap / crypto bound;
# the targets of issue 5 with their verdict; one SA on two CPUs (the
# "parallel" samples) per stack and transform, with cryptomap over XFRM per
# round; all samples.
def median: sort | if length == 0 then null
	elif length % 2 == 1 then .[length / 2 | floor]
	else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def stat: map(select(. != null)) | if length == 0 then null else
	median as $m | {median: $m, min: min, max: max, n: length,
	 spread_pct: (if $m > 0 then ((max - min) / $m * 1000 | round) / 10 else null end)} end;
def stats($keys): . as $g | $keys | map({key: ., value: (. as $k | $g | map(.[$k]) | stat)}) | from_entries;
def r3: if . == null then null else . * 1000 | round / 1000 end;
def ratio($a; $b): if $a == null or $b == null or $b == 0 then null else $a / $b | r3 end;

. as $s
| ["tcp_mbps", "tcp_retrans", "udp1400_pps", "udp1400_loss_pct", "udp64_pps",
   "udp64_loss_pct", "replay_drops", "drops", "backlog_drops"] as $net
| ["raw_mbytes_1400", "raw_ops_1400", "raw_ops_64"] as $rawk
| [$s[] | select(.mode != "raw" and .mode != "scale" and .mode != "parallel")] | group_by([.mode, .xform])
  | map({mode: .[0].mode, xform: .[0].xform} + stats($net)) as $res
| [$s[] | select(.mode == "raw")] | group_by(.xform)
  | map({mode: "raw", xform: .[0].xform, alg: .[0].raw_alg} + stats($rawk)) as $raw
| ["tcp_1flow_mbps", "tcp_2flows_mbps", "tcp_2flows_a_mbps", "tcp_2flows_b_mbps", "scaling",
   "retrans_1flow", "retrans_2flows", "replay_1flow", "drops_1flow", "replay_2flows", "drops_2flows",
   "ofo_2flows", "cpu_b_pkts_pct_1flow", "cpu_b_pkts_pct_2flows"] as $park
| [$s[] | select(.mode == "parallel")] | group_by([.stack, .xform])
  | map({stack: .[0].stack, xform: .[0].xform, cpus: .[0].cpus, secs: .[0].secs} + stats($park)) as $par
| ([$par[] | .xform] | unique | map(. as $x | [$s[] | select(.mode == "parallel" and .xform == $x)] as $p
	| def pp($k): [$p[] | select(.stack == "cryptomap") as $c | $p[]
		| select(.stack == "xfrm" and .round == $c.round) | ratio($c[$k]; .[$k])]
		| map(select(. != null)) | if length == 0 then null else median | r3 end;
	{xform: $x, cmap_over_xfrm_paired: {tcp_1flow: pp("tcp_1flow_mbps"), tcp_2flows: pp("tcp_2flows_mbps"),
		scaling: pp("scaling")}})) as $parratios
| [$s[] | select(.mode == "scale") | . + {tcp_mbps: (.tcp_runs | median)}]
  | (first(.[] | select(.entries == 1) | .tcp_mbps) // null) as $one
  | map(. + {tcp_vs_1: ratio(.tcp_mbps; $one),
	# The hub's configuration holds the N entries and the one of spoke1.
	kb_per_entry: (.kmem_kb / (.entries + 1) | r3)}) as $scale
| def med($mode; $x; $k): first(($res + $raw)[] | select(.mode == $mode and .xform == $x) | .[$k].median) // null;
  ([$res[] | select(.mode == "cryptomap") | .xform] | unique) as $xforms
# cryptomap over XFRM per round (the two run next to each other, under the
# same load of the machine), then the median over the rounds.
| def pairedm($m; $x; $k): [$s[] | select(.mode == $m and .xform == $x)] as $c
	| [$s[] | select(.mode == "xfrm" and .xform == $x)] as $f
	| [$c[] as $a | $f[] | select(.round == $a.round) | ratio($a[$k]; .[$k])]
	| map(select(. != null)) | if length == 0 then null else median | r3 end;
  def paired($x; $k): pairedm("cryptomap"; $x; $k);
  [$xforms[] as $x | {
	xform: $x,
	cmap_over_xfrm_paired: {tcp: paired($x; "tcp_mbps"), udp1400: paired($x; "udp1400_pps"),
		udp64: paired($x; "udp64_pps")},
	cmap_over_xfrm: {tcp: ratio(med("cryptomap"; $x; "tcp_mbps"); med("xfrm"; $x; "tcp_mbps")),
		udp1400: ratio(med("cryptomap"; $x; "udp1400_pps"); med("xfrm"; $x; "udp1400_pps")),
		udp64: ratio(med("cryptomap"; $x; "udp64_pps"); med("xfrm"; $x; "udp64_pps"))},
	cmap_over_wireguard: {tcp: ratio(med("cryptomap"; $x; "tcp_mbps"); med("wireguard"; "-"; "tcp_mbps")),
		udp1400: ratio(med("cryptomap"; $x; "udp1400_pps"); med("wireguard"; "-"; "udp1400_pps")),
		udp64: ratio(med("cryptomap"; $x; "udp64_pps"); med("wireguard"; "-"; "udp64_pps"))},
	# Every packet is encrypted twice and decrypted twice on one CPU: the bound
	# is a quarter of what one CPU encrypts.
	crypto_bound: {tcp_mbps: (med("raw"; $x; "raw_mbytes_1400") | if . == null then null else . * 8 / 4 | r3 end),
		udp1400_pps: (med("raw"; $x; "raw_ops_1400") | if . == null then null else . / 4 | floor end),
		udp64_pps: (med("raw"; $x; "raw_ops_64") | if . == null then null else . / 4 | floor end)},
	cmap_over_plain: {tcp: ratio(med("cryptomap"; $x; "tcp_mbps"); med("plain"; "-"; "tcp_mbps"))},
	# cmapserial: cryptomap with crypto_parallel=0 (crypto on the routing CPU).
	serial_over_xfrm_paired: {tcp: pairedm("cmapserial"; $x; "tcp_mbps"),
		udp1400: pairedm("cmapserial"; $x; "udp1400_pps"), udp64: pairedm("cmapserial"; $x; "udp64_pps")},
	serial_over_wireguard: {tcp: ratio(med("cmapserial"; $x; "tcp_mbps"); med("wireguard"; "-"; "tcp_mbps"))},
	serial_over_cmap_paired: {tcp: ([$s[] | select(.mode == "cmapserial" and .xform == $x)] as $c
		| [$s[] | select(.mode == "cryptomap" and .xform == $x)] as $f
		| [$c[] as $a | $f[] | select(.round == $a.round) | ratio($a.tcp_mbps; .tcp_mbps)]
		| map(select(. != null)) | if length == 0 then null else median | r3 end)}
  } | .cmap_over_crypto_bound = {
	tcp: ratio(med("cryptomap"; $x; "tcp_mbps"); .crypto_bound.tcp_mbps),
	udp1400: ratio(med("cryptomap"; $x; "udp1400_pps"); .crypto_bound.udp1400_pps),
	udp64: ratio(med("cryptomap"; $x; "udp64_pps"); .crypto_bound.udp64_pps)}] as $ratios
| {
	date: $date, kernel: $kernel, cpus: ($cpus | tonumber),
	settings: {rounds: $rounds, tcp_secs: $tcp_secs, udp_secs: $udp_secs, iperf3_cpu: $cpu,
		replay_window: $window},
	results: $res, raw_crypto: $raw, ratios: $ratios, scale: $scale,
	parallel: {results: $par, ratios: $parratios},
	targets: ([$ratios[] | {target: "cryptomap TCP goodput >= 1.2x XFRM (median of the per-round ratios), \(.xform)",
			value: .cmap_over_xfrm_paired.tcp,
			met: (.cmap_over_xfrm_paired.tcp != null and .cmap_over_xfrm_paired.tcp >= 1.2)}]
		+ [$ratios[] | select(.xform == "gcm128") | {target: "cryptomap TCP goodput >= 0.8x WireGuard, gcm128",
			value: .cmap_over_wireguard.tcp, met: (.cmap_over_wireguard.tcp != null and .cmap_over_wireguard.tcp >= 0.8)}]
		+ [$ratios[] | select(.serial_over_xfrm_paired.tcp != null)
			| {target: "cryptomap crypto_parallel=0 TCP goodput >= 1.2x XFRM (median of the per-round ratios), \(.xform)",
			value: .serial_over_xfrm_paired.tcp, met: (.serial_over_xfrm_paired.tcp >= 1.2)}]
		+ [$ratios[] | select(.xform == "gcm128" and .serial_over_wireguard.tcp != null)
			| {target: "cryptomap crypto_parallel=0 TCP goodput >= 0.8x WireGuard, gcm128",
			value: .serial_over_wireguard.tcp, met: (.serial_over_wireguard.tcp >= 0.8)}]
		+ [[$s[] | select(.mode == "cryptomap" or .mode == "cmapserial") | .replay_drops] | add as $d
			| {target: "no replay drops of cryptomap's packets (both modes)", value: $d, met: ($d == 0)}]
		+ [[$s[] | select(.mode == "parallel" and .stack == "cryptomap") | .replay_1flow + .replay_2flows]
			| select(length > 0) | add as $d
			| {target: "one SA on two CPUs: no replay drops of cryptomap's packets", value: $d, met: ($d == 0)}]
		+ [$scale[] | select(.entries == 10000) |
			{target: "10,000 entries: goodput within 10% of 1 entry", value: .tcp_vs_1,
			 met: (.tcp_vs_1 != null and .tcp_vs_1 >= 0.9)},
			{target: "10,000 entries: cmapctl load under 2 s", value: .load_secs,
			 met: (.load_secs < 2)}]),
	samples: $s
  }
