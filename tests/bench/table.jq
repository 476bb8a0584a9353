# The benchmark's human table, from its summary document (tests/bench/summary.jq).
def pad($n): tostring | if length < $n then . + (" " * ($n - length)) else . end;
def lpad($n): tostring | if length < $n then (" " * ($n - length)) + . else . end;
def num: if . == null then "-" elif . >= 100 then round | tostring else . * 100 | round / 100 | tostring end;
def mm: if . == null then "-" else "\(.median | num) [\(.min | num)-\(.max | num)]" end;
def x2: if . == null then "-" else "\(. * 100 | round / 100)x" end;

"cryptomap benchmark \(.date), kernel \(.kernel), \(.cpus) CPUs, \(.settings.rounds) rounds: median [min-max]",
"",
"\("mode" | pad(10)) \("transform" | pad(14)) \("TCP Mbit/s" | pad(22)) \("retr" | lpad(6)) \("UDP 1400 B pps" | pad(22)) \("loss%" | lpad(6)) \("UDP 64 B pps" | pad(22)) \("loss%" | lpad(6)) \("replay" | lpad(6)) \("drops" | lpad(6)) \("queue" | lpad(6))",
(.results | sort_by(.xform, .mode)[] |
 "\(.mode | pad(10)) \(.xform | pad(14)) \(.tcp_mbps | mm | pad(22)) \(.tcp_retrans.median | num | lpad(6)) \(.udp1400_pps | mm | pad(22)) \(.udp1400_loss_pct.median | num | lpad(6)) \(.udp64_pps | mm | pad(22)) \(.udp64_loss_pct.median | num | lpad(6)) \(.replay_drops.max | num | lpad(6)) \(.drops.max | num | lpad(6)) \(.backlog_drops.max | num | lpad(6))"),
"",
"raw crypto, one CPU (AF_ALG): MB/s and requests/s on 1430 B, requests/s on 94 B",
(.raw_crypto[] | "\(.xform | pad(14)) \(.alg | pad(32)) \(.raw_mbytes_1400 | mm | pad(22)) \(.raw_ops_1400 | mm | pad(22)) \(.raw_ops_64 | mm)"),
"",
"ratios of medians; per round: median of cryptomap/XFRM of the same round; cmapserial: crypto_parallel=0",
"                   \("cmap/xfrm TCP" | lpad(14)) \("UDP1400" | lpad(8)) \("UDP64" | lpad(8)) \("cmap/wg TCP" | lpad(12)) \("cmap/bound TCP" | lpad(15)) \("UDP1400" | lpad(8)) \("cmap/plain TCP" | lpad(15)) \("per round TCP" | lpad(14)) \("UDP1400" | lpad(8)) \("UDP64" | lpad(8))",
(.ratios[] | "\(.xform | pad(19)) \(.cmap_over_xfrm.tcp | x2 | lpad(14)) \(.cmap_over_xfrm.udp1400 | x2 | lpad(8)) \(.cmap_over_xfrm.udp64 | x2 | lpad(8)) \(.cmap_over_wireguard.tcp | x2 | lpad(12)) \(.cmap_over_crypto_bound.tcp | x2 | lpad(15)) \(.cmap_over_crypto_bound.udp1400 | x2 | lpad(8)) \(.cmap_over_plain.tcp | x2 | lpad(15)) \(.cmap_over_xfrm_paired.tcp | x2 | lpad(14)) \(.cmap_over_xfrm_paired.udp1400 | x2 | lpad(8)) \(.cmap_over_xfrm_paired.udp64 | x2 | lpad(8))",
 "  cmapserial     per round: /XFRM TCP \(.serial_over_xfrm_paired.tcp | x2) UDP1400 \(.serial_over_xfrm_paired.udp1400 | x2) UDP64 \(.serial_over_xfrm_paired.udp64 | x2); /cryptomap TCP \(.serial_over_cmap_paired.tcp | x2); /wg TCP \(.serial_over_wireguard.tcp | x2)"),
(if (.parallel.results | length) > 0 then "",
  "one SA from two CPUs: TCP, one flow from CPU A, then two at once from CPUs A and B (\(.parallel.results[0].cpus)), \(.parallel.results[0].secs) s",
  "\("stack" | pad(10)) \("transform" | pad(14)) \("1 flow Mbit/s" | pad(22)) \("2 flows Mbit/s" | pad(22)) \("2/1" | pad(18)) \("CPU B pkts%" | lpad(11)) \("retr" | lpad(6)) \("replay" | lpad(6)) \("drops" | lpad(6)) \("ofo" | lpad(6))",
  (.parallel.results | sort_by(.xform, .stack)[] |
   "\(.stack | pad(10)) \(.xform | pad(14)) \(.tcp_1flow_mbps | mm | pad(22)) \(.tcp_2flows_mbps | mm | pad(22)) \(.scaling | mm | pad(18)) \(.cpu_b_pkts_pct_2flows.median | num | lpad(11)) \(.retrans_2flows.median | num | lpad(6)) \(.replay_2flows.max | num | lpad(6)) \(.drops_2flows.max | num | lpad(6)) \(.ofo_2flows.max | num | lpad(6))"),
  (.parallel.ratios[] | "cryptomap/XFRM per round, \(.xform): 1 flow \(.cmap_over_xfrm_paired.tcp_1flow | x2), 2 flows \(.cmap_over_xfrm_paired.tcp_2flows | x2), scaling \(.cmap_over_xfrm_paired.scaling | x2)")
 else empty end),
(if (.scale | length) > 0 then "", "scale: hub with N entries (10 ACL lines each), flow on the last entry",
  "\("entries" | lpad(8)) \("TCP Mbit/s" | lpad(11)) \("vs 1" | lpad(6)) \("load s" | lpad(8)) \("parse s" | lpad(8)) \("kmem KB/entry" | lpad(14)) \("kmem B/SA" | lpad(10))  biggest slab growth",
  (.scale[] | "\(.entries | lpad(8)) \(.tcp_mbps | num | lpad(11)) \(.tcp_vs_1 | x2 | lpad(6)) \(.load_secs | num | lpad(8)) \(.parse_secs | num | lpad(8)) \(.kb_per_entry | num | lpad(14)) \(.bytes_per_sa | num | lpad(10))  \(.slab_top // "")")
 else empty end),
"",
"targets:",
(.targets[] | "  \(if .met then "met    " else "NOT MET" end) \(.target): \(.value)")
