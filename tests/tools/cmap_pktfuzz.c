// SPDX-License-Identifier: GPL-2.0
/*
 * cmap_pktfuzz: sends COUNT mutated IPv4 packets toward a router running
 * cryptomap.ko, through a raw socket, and prints how many of each kind it
 * sent and which counter of the module each kind must end in.
 *
 *   cmap_pktfuzz [-s SEED] [-n COUNT] [-p EVERY] [-P EVERY,MS] [-K KIND]
 *                -a SRC -d DST
 *                -f SPI,AUTHKEY -r SPI,IVLEN,BLKSIZE,ICVLEN
 *                -i INNER-SRC-NET,INNER-DST -x CLEAR-SRC-NET,CLEAR-DST-NET
 *                [-k SPI...]
 *
 *   -a, -d   outer source and destination (the peer of the SAs, the router)
 *   -f       the fuzz SA: esp-null with HMAC-MD5-96 and this 16-byte key
 *            (hex); its packets are built with a valid ICV when the kind
 *            wants it (bad padding, wrong next header, bad inner header,
 *            inner packet outside the selectors, valid ones)
 *   -r       an SA whose keys we do not have (the live tunnel's): only
 *            truncated and random packets, with sequence numbers far ahead
 *            of the real sender's, so that its window never moves
 *   -i       inner packets of the fuzz SA: ICMP echo replies from a random
 *            host of the /24 INNER-SRC-NET to INNER-DST (the router's own
 *            LAN address: nothing answers them)
 *   -x       cleartext that the crypto map protects, from a random host of
 *            CLEAR-SRC-NET to one of CLEAR-DST-NET (/24s), hosts .10-.250
 *   -k       SPIs the router has (besides -f and -r): never used as "no SA"
 *   -p       pause 1 ms after every EVERY packets (0: never)
 *   -P       pause MS milliseconds after every EVERY packets: time for the
 *            debug kernel's deferred frees (RCU) to catch up in long runs
 *   -K KIND  only packets of that kind (e.g. "clear" from a LAN host, for
 *            the router to protect: TTLs are at least 2)
 *
 * Output: "seed N", then "sent KIND N" per kind and "expect COUNTER N" per
 * counter of cmap_sa stats (and "expect fuzz_sa_decaps N", "expect
 * fuzz_sa_auth N", "expect real_sa_auth N", "expect icmp_in_echo_reps N").
 *
 * The kernel fills in the outer total length and header checksum.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ---- MD5 (RFC 1321) and HMAC (RFC 2104), for HMAC-MD5-96 (RFC 2403) ---- */

struct md5 {
	uint32_t h[4];
	uint64_t len;
	unsigned char buf[64];
};

static const uint32_t md5_k[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
	0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
	0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
	0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
	0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};
static const unsigned char md5_r[16] = {
	7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21,
};

static void md5_block(struct md5 *m, const unsigned char *p)
{
	uint32_t a = m->h[0], b = m->h[1], c = m->h[2], d = m->h[3], f, t, w[16];
	int i, g;

	for (i = 0; i < 16; i++)
		w[i] = p[4 * i] | p[4 * i + 1] << 8 | p[4 * i + 2] << 16 |
		       (uint32_t)p[4 * i + 3] << 24;
	for (i = 0; i < 64; i++) {
		switch (i / 16) {
		case 0: f = (b & c) | (~b & d); g = i; break;
		case 1: f = (d & b) | (~d & c); g = (5 * i + 1) % 16; break;
		case 2: f = b ^ c ^ d; g = (3 * i + 5) % 16; break;
		default: f = c ^ (b | ~d); g = (7 * i) % 16; break;
		}
		t = a + f + md5_k[i] + w[g];
		a = d;
		d = c;
		c = b;
		b += t << md5_r[i / 16 * 4 + i % 4] | t >> (32 - md5_r[i / 16 * 4 + i % 4]);
	}
	m->h[0] += a;
	m->h[1] += b;
	m->h[2] += c;
	m->h[3] += d;
}

static void md5_init(struct md5 *m)
{
	static const uint32_t iv[4] = {
		0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
	};

	memcpy(m->h, iv, sizeof(iv));
	m->len = 0;
}

static void md5_update(struct md5 *m, const unsigned char *p, size_t n)
{
	size_t have = m->len % 64, take;

	m->len += n;
	while (n) {
		take = 64 - have < n ? 64 - have : n;
		memcpy(m->buf + have, p, take);
		have += take;
		p += take;
		n -= take;
		if (have == 64) {
			md5_block(m, m->buf);
			have = 0;
		}
	}
}

static void md5_final(struct md5 *m, unsigned char out[16])
{
	unsigned char pad[72] = { 0x80 };
	uint64_t bits = m->len * 8;
	size_t n = (m->len % 64 < 56 ? 56 : 120) - m->len % 64;
	int i;

	for (i = 0; i < 8; i++)
		pad[n + i] = bits >> (8 * i);
	md5_update(m, pad, n + 8);
	for (i = 0; i < 16; i++)
		out[i] = m->h[i / 4] >> (8 * (i % 4));
}

static unsigned char hmac_key[16];

static void hmac_md5(const unsigned char *p, size_t n, unsigned char out[16])
{
	unsigned char k[64];
	struct md5 m;
	int i;

	for (i = 0; i < 64; i++)
		k[i] = (i < 16 ? hmac_key[i] : 0) ^ 0x36;
	md5_init(&m);
	md5_update(&m, k, 64);
	md5_update(&m, p, n);
	md5_final(&m, out);
	for (i = 0; i < 64; i++)
		k[i] ^= 0x36 ^ 0x5c;
	md5_init(&m);
	md5_update(&m, k, 64);
	md5_update(&m, out, 16);
	md5_final(&m, out);
}

/* ---- the fuzzer ---- */

static uint64_t rnd_state;

static uint32_t rnd(void)
{
	/* xorshift64* */
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return (rnd_state * 0x2545f4914f6cdd1dULL) >> 32;
}

static uint32_t below(uint32_t n)
{
	return rnd() % n;
}

static void rnd_fill(unsigned char *p, size_t n)
{
	while (n--)
		*p++ = rnd();
}

static void die(const char *msg)
{
	fprintf(stderr, "cmap_pktfuzz: %s\n", msg);
	exit(2);
}

/* Kinds of packets, each ending in one counter of the module. */
enum kind {
	K_NOSA,		/* random SPI the router does not have */
	K_SHORT,	/* ESP of 0-7 bytes: no SPI to read */
	K_ZEROSPI,
	K_TRUNC,	/* the live SA's SPI, every length in turn */
	K_RANDOM,	/* the fuzz SA's SPI, random length and bytes */
	K_FLIP,		/* a valid packet of the fuzz SA, one bit flipped */
	K_FRAGFLIP,	/* the same, sent in IP fragments */
	K_REPLAY,	/* a packet the fuzz SA already took, again */
	K_BADPAD,	/* valid ICV, bad pad length or pad bytes */
	K_NEXTHDR,	/* valid ICV, next header neither 4 nor 59 */
	K_DUMMY,	/* valid ICV, next header 59 */
	K_INNER,	/* valid ICV, broken inner IPv4 header */
	K_SELECTOR,	/* valid ICV, inner packet outside the SA */
	K_VALID,	/* valid, inner echo reply */
	K_IPOPTS,	/* valid, outer IP options */
	K_FRAG,		/* valid, sent in IP fragments */
	K_NESTED,	/* valid, ESP in ESP in ..., 2 to 4 deep */
	K_CLEAR,	/* cleartext the crypto map protects */
	K_MAX
};

static const char *const kind_names[K_MAX] = {
	"nosa", "short", "zerospi", "trunc", "random", "flip", "fragflip",
	"replay", "badpad", "nexthdr", "dummy", "inner", "selector", "valid",
	"ipopts", "frag", "nested", "clear",
};

/* Relative weights of the kinds in the mix. */
static const unsigned int weight[K_MAX] = {
	[K_NOSA] = 6, [K_SHORT] = 2, [K_ZEROSPI] = 2, [K_TRUNC] = 14,
	[K_RANDOM] = 10, [K_FLIP] = 12, [K_FRAGFLIP] = 3, [K_REPLAY] = 5,
	[K_BADPAD] = 6, [K_NEXTHDR] = 5, [K_DUMMY] = 3, [K_INNER] = 6,
	[K_SELECTOR] = 5, [K_VALID] = 8, [K_IPOPTS] = 4, [K_FRAG] = 4,
	[K_NESTED] = 3, [K_CLEAR] = 10,
};

enum expect {
	E_NOT_OURS, E_ZERO_SPI, E_MALFORMED, E_AUTH, E_REPLAY, E_TRAILER,
	E_NEXT_HEADER, E_DUMMY, E_INNER, E_SELECTOR, E_CLEARTEXT, E_NESTING,
	E_DECRYPTED,
	E_FUZZ_DECAPS, E_FUZZ_AUTH, E_REAL_AUTH, E_ECHO_REPS, E_MAX
};

static const char *const expect_names[E_MAX] = {
	"in_not_ours", "drop_zero_spi", "drop_malformed", "drop_auth",
	"drop_replay", "drop_trailer", "drop_next_header", "drop_dummy",
	"drop_inner", "drop_selector", "drop_cleartext", "drop_nesting",
	"in_decrypted",
	"fuzz_sa_decaps", "fuzz_sa_auth", "real_sa_auth", "icmp_in_echo_reps",
};

static unsigned long sent[K_MAX], expect[E_MAX];

static struct in_addr src, dst, inner_net, inner_dst, clear_src, clear_dst;
static uint32_t fuzz_spi, real_spi, real_iv, real_blk, real_icv;
static uint32_t known[16];
static int n_known, fd;
static uint32_t fuzz_seq, real_seq = 0x40000000;
static uint16_t ip_id;

#define ICV	12		/* HMAC-MD5-96 */
#define BLK	4		/* esp-null: 32-bit alignment */

static unsigned char last_valid[2048];
static size_t last_valid_len;

static void put32(unsigned char *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, 4);
}

static uint16_t csum(const unsigned char *p, size_t n)
{
	uint32_t s = 0;

	for (; n > 1; p += 2, n -= 2)
		s += p[0] << 8 | p[1];
	if (n)
		s += p[0] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s;
}

/* An IPv4 header of @ihl bytes (options: NOPs and a router alert) at @p. */
static void ip_header(unsigned char *p, size_t ihl, size_t len, uint8_t proto,
		      struct in_addr s, struct in_addr d)
{
	uint16_t c;

	memset(p, 0, ihl);
	p[0] = 0x40 | ihl / 4;
	p[2] = len >> 8;
	p[3] = len;
	p[4] = ++ip_id >> 8;
	p[5] = ip_id | 1;
	p[8] = 64;
	p[9] = proto;
	memcpy(p + 12, &s, 4);
	memcpy(p + 16, &d, 4);
	if (ihl > 20) {
		memset(p + 20, 1, ihl - 20);		/* NOP */
		if (ihl >= 24) {
			p[20] = 148;			/* router alert */
			p[21] = 4;
			p[22] = p[23] = 0;
		}
		p[ihl - 1] = 0;				/* end of options */
	}
	c = csum(p, ihl);
	p[10] = c >> 8;
	p[11] = c;
}

static struct in_addr host_of(struct in_addr net, uint32_t lo, uint32_t n)
{
	struct in_addr a = net;

	a.s_addr = htonl((ntohl(a.s_addr) & ~0xffu) | (lo + below(n)));
	return a;
}

/* The inner packet of a valid kind: an ICMP echo reply of @plen bytes. */
static size_t inner_echo(unsigned char *p, size_t plen, struct in_addr s)
{
	size_t len = 20 + 8 + plen;
	uint16_t c;

	ip_header(p, 20, len, IPPROTO_ICMP, s, inner_dst);
	memset(p + 20, 0, 8);
	rnd_fill(p + 24, 4 + plen);
	c = csum(p + 20, 8 + plen);
	p[22] = c >> 8;
	p[23] = c;
	return len;
}

static void send_ip(const unsigned char *p, size_t len)
{
	struct sockaddr_in to = { .sin_family = AF_INET };

	memcpy(&to.sin_addr, p + 16, 4);
	while (sendto(fd, p, len, 0, (struct sockaddr *)&to, sizeof(to)) !=
	       (ssize_t)len) {
		if (errno != ENOBUFS) {
			perror("cmap_pktfuzz: sendto");
			exit(1);
		}
		usleep(1000);
	}
}

/*
 * An ESP packet of the fuzz SA, IP header of @ihl bytes first: payload @pl
 * of @plen bytes, padded (pad bytes 1, 2, ... unless @badpad), next header
 * @nh, valid ICV. Returns the total length.
 */
static size_t esp_build(unsigned char *pkt, size_t ihl, const unsigned char *pl,
			size_t plen, uint8_t nh, int badpad)
{
	unsigned char *e = pkt + ihl, icv[16];
	size_t pad = (BLK - (plen + 2) % BLK) % BLK, i, n;

	if (badpad == 2 && !pad)
		pad = BLK;
	put32(e, fuzz_spi);
	put32(e + 4, ++fuzz_seq);
	memcpy(e + 8, pl, plen);
	n = 8 + plen;
	for (i = 1; i <= pad; i++)
		e[n++] = i;
	e[n++] = pad;
	e[n++] = nh;
	if (badpad == 1) {
		/* a pad length longer than what precedes it: plen + pad < 255 */
		e[n - 2] = plen + pad + 1 + below(255 - (plen + pad));
	} else if (badpad == 2) {
		e[8 + plen + below(pad)] ^= 1 + below(255);	/* wrong pad byte */
	}
	hmac_md5(e, n, icv);
	memcpy(e + n, icv, ICV);
	n += ICV;
	ip_header(pkt, ihl, ihl + n, IPPROTO_ESP, src, dst);
	return ihl + n;
}

/* Sends @pkt in 2-4 IP fragments (8-byte aligned), as a router would. */
static void send_frags(unsigned char *pkt, size_t len)
{
	unsigned char f[2048];
	size_t data = len - 20, off = 0, chunk;
	int n = 2 + below(3), i;

	for (i = 0; i < n && off < data; i++) {
		chunk = i == n - 1 ? data - off : ((data / n) & ~7u);
		if (!chunk)
			chunk = 8;
		if (off + chunk > data)
			chunk = data - off;
		memcpy(f, pkt, 20);
		memcpy(f + 20, pkt + 20 + off, chunk);
		f[2] = (20 + chunk) >> 8;
		f[3] = 20 + chunk;
		f[6] = (off / 8) >> 8 | (off + chunk < data ? 0x20 : 0);
		f[7] = off / 8;
		send_ip(f, 20 + chunk);
		off += chunk;
	}
}

static void remember(const unsigned char *p, size_t len)
{
	memcpy(last_valid, p, len);
	last_valid_len = len;
}

static void one(enum kind k)
{
	unsigned char pkt[2048], pl[1600];
	size_t len, plen, ihl = 20;
	uint32_t spi;
	int i;

	switch (k) {
	case K_NOSA:
		do {
			spi = rnd();
			for (i = 0; i < n_known; i++)
				if (spi == known[i])
					spi = 0;
		} while (!spi || spi == fuzz_spi || spi == real_spi);
		len = 20 + 8 + below(200);
		rnd_fill(pkt + 20, len - 20);
		put32(pkt + 20, spi);
		ip_header(pkt, 20, len, IPPROTO_ESP, src, dst);
		expect[E_NOT_OURS]++;
		break;
	case K_SHORT:
		len = 20 + below(8);
		rnd_fill(pkt + 20, 8);
		ip_header(pkt, 20, len, IPPROTO_ESP, src, dst);
		expect[E_NOT_OURS]++;
		break;
	case K_ZEROSPI:
		len = 20 + 8 + below(200);
		rnd_fill(pkt + 20, len - 20);
		put32(pkt + 20, 0);
		ip_header(pkt, 20, len, IPPROTO_ESP, src, dst);
		expect[E_ZERO_SPI]++;
		break;
	case K_TRUNC: {
		/* Every ESP length from 8 to 1407 bytes in turn. */
		static size_t next = 8;
		int clen;

		len = 20 + next;
		next = next == 1407 ? 8 : next + 1;
		rnd_fill(pkt + 20, len - 20);
		put32(pkt + 20, real_spi);
		put32(pkt + 24, ++real_seq);
		ip_header(pkt, 20, len, IPPROTO_ESP, src, dst);
		clen = (int)len - 20 - 8 - real_iv - real_icv;
		if (clen < (int)real_blk || clen % real_blk) {
			expect[E_MALFORMED]++;
		} else {
			expect[E_AUTH]++;
			expect[E_REAL_AUTH]++;
		}
		break;
	}
	case K_RANDOM: {
		int clen;

		len = 20 + 8 + below(600);
		rnd_fill(pkt + 20, len - 20);
		put32(pkt + 20, fuzz_spi);
		put32(pkt + 24, ++fuzz_seq);
		ip_header(pkt, 20, len, IPPROTO_ESP, src, dst);
		clen = (int)len - 20 - 8 - ICV;
		if (clen < BLK || clen % BLK) {
			expect[E_MALFORMED]++;
		} else {
			expect[E_AUTH]++;
			expect[E_FUZZ_AUTH]++;
		}
		break;
	}
	case K_FLIP:
	case K_FRAGFLIP:
		plen = inner_echo(pl, below(k == K_FLIP ? 200 : 1200) +
				  (k == K_FLIP ? 0 : 100),
				  host_of(inner_net, 10, 241));
		len = esp_build(pkt, 20, pl, plen, IPPROTO_IPIP, 0);
		/* any bit after the SPI and sequence number */
		i = 28 + below(len - 28);
		pkt[i] ^= 1 << below(8);
		expect[E_AUTH]++;
		expect[E_FUZZ_AUTH]++;
		if (k == K_FRAGFLIP) {
			send_frags(pkt, len);
			return;
		}
		break;
	case K_REPLAY:
		if (!last_valid_len) {
			one(K_VALID);
			sent[K_VALID]++;
		}
		len = last_valid_len;
		memcpy(pkt, last_valid, len);
		expect[E_REPLAY]++;
		break;
	case K_BADPAD:
		plen = inner_echo(pl, below(200), host_of(inner_net, 10, 241));
		len = esp_build(pkt, 20, pl, plen, IPPROTO_IPIP, 1 + below(2));
		expect[E_TRAILER]++;
		expect[E_FUZZ_DECAPS]++;
		remember(pkt, len);
		break;
	case K_NEXTHDR:
		do {
			i = below(256);
		} while (i == IPPROTO_IPIP || i == 59);
		plen = below(300);
		rnd_fill(pl, plen);
		len = esp_build(pkt, 20, pl, plen, i, 0);
		expect[E_NEXT_HEADER]++;
		expect[E_FUZZ_DECAPS]++;
		remember(pkt, len);
		break;
	case K_DUMMY:
		plen = below(300);
		rnd_fill(pl, plen);
		len = esp_build(pkt, 20, pl, plen, 59, 0);
		expect[E_DUMMY]++;
		expect[E_FUZZ_DECAPS]++;
		remember(pkt, len);
		break;
	case K_INNER:
		plen = inner_echo(pl, below(200), host_of(inner_net, 10, 241));
		switch (below(5)) {
		case 0: pl[0] = (5 + below(15)) << 4 | 5; break;	/* not 4 */
		case 1: pl[0] = 0x40 | below(5); break;		/* ihl < 5 */
		case 2: pl[10] ^= 1 + below(255); break;	/* checksum */
		case 3: plen = below(20); break;		/* too short */
		default: {					/* tot_len */
			uint16_t c, v = plen + 1 + below(400);

			pl[2] = v >> 8;
			pl[3] = v;
			pl[10] = pl[11] = 0;
			c = csum(pl, 20);
			pl[10] = c >> 8;
			pl[11] = c;
		}
		}
		len = esp_build(pkt, 20, pl, plen, IPPROTO_IPIP, 0);
		expect[E_INNER]++;
		expect[E_FUZZ_DECAPS]++;
		remember(pkt, len);
		break;
	case K_SELECTOR: {
		struct in_addr out = { htonl(0xcb007100 | (1 + below(254))) };

		plen = inner_echo(pl, below(200), out);
		len = esp_build(pkt, 20, pl, plen, IPPROTO_IPIP, 0);
		expect[E_SELECTOR]++;
		expect[E_FUZZ_DECAPS]++;
		remember(pkt, len);
		break;
	}
	case K_VALID:
	case K_IPOPTS:
	case K_FRAG:
		if (k == K_IPOPTS)
			ihl = 24 + 4 * below(10);
		plen = inner_echo(pl, k == K_FRAG ? 100 + below(1200) : below(300),
				  host_of(inner_net, 10, 241));
		len = esp_build(pkt, ihl, pl, plen, IPPROTO_IPIP, 0);
		expect[E_DECRYPTED]++;
		expect[E_FUZZ_DECAPS]++;
		expect[E_ECHO_REPS]++;
		remember(pkt, len);
		if (k == K_FRAG) {
			send_frags(pkt, len);
			return;
		}
		break;
	case K_NESTED: {
		/*
		 * Each level's inner packet goes to the router's own LAN
		 * address, within the SA's selectors: it decapsulates them in
		 * one call chain, at most 3 deep (CMAP_NEST_MAX).
		 */
		int depth = 2 + below(3), d;
		struct in_addr from = host_of(inner_net, 10, 241);

		plen = inner_echo(pl, below(100), from);
		for (d = 1; d <= depth; d++) {
			len = esp_build(pkt, 20, pl, plen, IPPROTO_IPIP, 0);
			expect[E_FUZZ_DECAPS]++;
			if (d == depth)
				break;
			/* this level, as an inner packet of the next one */
			ip_header(pkt, 20, len, IPPROTO_ESP, from, inner_dst);
			memcpy(pl, pkt, len);
			plen = len;
		}
		expect[E_DECRYPTED] += depth < 4 ? depth : 3;
		if (depth < 4)
			expect[E_ECHO_REPS]++;
		else
			expect[E_NESTING]++;
		remember(pkt, len);
		break;
	}
	case K_CLEAR: {
		static const uint8_t protos[] = { 1, 6, 17, 47, 132, 253 };
		uint8_t proto = protos[below(sizeof(protos))];

		if (!below(8))
			proto = below(256);
		if (proto == IPPROTO_ESP)
			proto = 253;
		ihl = below(4) ? 20 : 24 + 4 * below(10);
		len = ihl + below(1200);
		rnd_fill(pkt + ihl, len - ihl);
		if (proto == IPPROTO_UDP && len >= ihl + 4) {
			/* IKE's ports pass in clear on purpose */
			while ((pkt[ihl] << 8 | pkt[ihl + 1]) == 500 ||
			       (pkt[ihl] << 8 | pkt[ihl + 1]) == 4500 ||
			       (pkt[ihl + 2] << 8 | pkt[ihl + 3]) == 500 ||
			       (pkt[ihl + 2] << 8 | pkt[ihl + 3]) == 4500)
				rnd_fill(pkt + ihl, 4);
		}
		ip_header(pkt, ihl, len, proto, host_of(clear_src, 10, 241),
			  host_of(clear_dst, 10, 241));
		pkt[1] = rnd();			/* TOS */
		pkt[8] = 2 + below(254);	/* TTL: forwarded with -K clear */
		if (!below(8)) {		/* a fragment, any offset */
			pkt[6] = below(0x40);
			pkt[7] = rnd();
		}
		expect[E_CLEARTEXT]++;
		break;
	}
	default:
		die("bad kind");
	}
	send_ip(pkt, len);
}

static void parse_addr(const char *s, struct in_addr *a)
{
	if (inet_pton(AF_INET, s, a) != 1)
		die("bad address");
}

static void parse_pair(char *s, struct in_addr *a, struct in_addr *b)
{
	char *c = strchr(s, ',');

	if (!c)
		die("expected A,B");
	*c = 0;
	parse_addr(s, a);
	parse_addr(c + 1, b);
}

static void parse_key(const char *s)
{
	int i;
	unsigned int b;

	if (strlen(s) != 32)
		die("the HMAC-MD5 key is 16 bytes of hex");
	for (i = 0; i < 16; i++) {
		if (sscanf(s + 2 * i, "%2x", &b) != 1)
			die("bad key");
		hmac_key[i] = b;
	}
}

/* Self-test: RFC 2202 test case 2 is for a short key; ours is 16 bytes, so
 * RFC 2104's example 1 (key 0x0b * 16, "Hi There"). */
static void self_test(void)
{
	static const unsigned char want[16] = {
		0x92, 0x94, 0x72, 0x7a, 0x36, 0x38, 0xbb, 0x1c,
		0x13, 0xf4, 0x8e, 0xf8, 0x15, 0x8b, 0xfc, 0x9d,
	};
	unsigned char save[16], out[16];

	memcpy(save, hmac_key, 16);
	memset(hmac_key, 0x0b, 16);
	hmac_md5((const unsigned char *)"Hi There", 8, out);
	memcpy(hmac_key, save, 16);
	if (memcmp(out, want, 16))
		die("HMAC-MD5 self-test failed");
}

int main(int argc, char **argv)
{
	unsigned long count = 1000, i, every = 0, drain_every = 0, drain_ms = 0;
	unsigned int total = 0, r;
	uint64_t seed = time(NULL) ^ getpid();
	int opt, one_ = 1, k, only = -1;
	cpu_set_t cpus;
	char *c;

	while ((opt = getopt(argc, argv, "s:n:p:P:a:d:f:r:i:x:k:K:")) != -1) {
		switch (opt) {
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'n': count = strtoul(optarg, NULL, 0); break;
		case 'K':
			for (only = 0; only < K_MAX; only++)
				if (!strcmp(optarg, kind_names[only]))
					break;
			if (only == K_MAX)
				die("-K: no such kind");
			break;
		case 'p': every = strtoul(optarg, NULL, 0); break;
		case 'P':
			if (sscanf(optarg, "%lu,%lu", &drain_every, &drain_ms) != 2 ||
			    !drain_every)
				die("-P EVERY,MS");
			break;
		case 'a': parse_addr(optarg, &src); break;
		case 'd': parse_addr(optarg, &dst); break;
		case 'f':
			c = strchr(optarg, ',');
			if (!c)
				die("-f SPI,KEY");
			fuzz_spi = strtoul(optarg, NULL, 0);
			parse_key(c + 1);
			break;
		case 'r':
			if (sscanf(optarg, "%i,%u,%u,%u", (int *)&real_spi,
				   &real_iv, &real_blk, &real_icv) != 4 || !real_blk)
				die("-r SPI,IVLEN,BLKSIZE,ICVLEN");
			break;
		case 'i': parse_pair(optarg, &inner_net, &inner_dst); break;
		case 'x': parse_pair(optarg, &clear_src, &clear_dst); break;
		case 'k':
			if (n_known == 16)
				die("too many -k");
			known[n_known++] = strtoul(optarg, NULL, 0);
			break;
		default:
			die("bad option (see the comment at the top of cmap_pktfuzz.c)");
		}
	}
	if (!src.s_addr || !dst.s_addr || !fuzz_spi || !real_spi ||
	    !inner_dst.s_addr || !clear_dst.s_addr)
		die("need -a -d -f -r -i -x");
	self_test();
	printf("seed %llu\n", (unsigned long long)seed);
	fflush(stdout);
	rnd_state = seed ? seed : 1;

	/*
	 * One CPU: each packet then goes through the router's input path in
	 * the order sent (a replay after the packet it repeats).
	 */
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one_, sizeof(one_)))
		die("raw socket");
	for (k = 0; k < K_MAX; k++)
		total += weight[k];
	for (i = 0; i < count; i++) {
		r = below(total);
		for (k = 0; r >= weight[k]; k++)
			r -= weight[k];
		if (only >= 0)
			k = only;
		one(k);
		sent[k]++;
		if (every && i % every == every - 1)
			usleep(1000);
		if (drain_every && i % drain_every == drain_every - 1)
			usleep(drain_ms * 1000);
	}
	close(fd);
	for (k = 0; k < K_MAX; k++)
		printf("sent %s %lu\n", kind_names[k], sent[k]);
	for (k = 0; k < E_MAX; k++)
		printf("expect %s %lu\n", expect_names[k], expect[k]);
	return 0;
}
