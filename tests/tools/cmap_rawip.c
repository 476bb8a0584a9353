// SPDX-License-Identifier: GPL-2.0
/*
 * cmap_rawip: sends one IPv4 packet, given in hex as tcpdump -x prints it,
 * through a raw socket, after optional changes; for the VM tests that feed
 * ESP packets to the module (replayed, damaged, truncated, ...).
 *
 *   cmap_rawip HEX [CHANGE...]
 *
 *   flip=N          xor 0x01 into byte N of the IP payload (negative: from
 *                   the end of the packet)
 *   trunc=N         keep only N bytes of the IP payload
 *   append=N        add N bytes (0xa5) at the end
 *   spi=X           set the ESP SPI (the first 4 payload bytes)
 *   seq=X           set the ESP sequence number (payload bytes 4-7)
 *   garbage=N       replace the payload after SPI and sequence number by N
 *                   pseudo-random bytes
 *
 * The kernel fills in the total length and the header checksum.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static unsigned char pkt[65536];

static void die(const char *msg)
{
	fprintf(stderr, "cmap_rawip: %s\n", msg);
	exit(2);
}

static size_t parse_hex(const char *s)
{
	size_t n = 0;
	unsigned int b;

	while (*s) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == ':') {
			s++;
			continue;
		}
		if (sscanf(s, "%2x", &b) != 1 || n == sizeof(pkt))
			die("bad hex");
		pkt[n++] = b;
		s += 2;
	}
	return n;
}

int main(int argc, char **argv)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	size_t len, ihl;
	uint32_t x, rnd = 0x12345678;
	int fd, one = 1, i;
	long n;

	if (argc < 2)
		die("usage: cmap_rawip HEX [CHANGE...]");
	len = parse_hex(argv[1]);
	if (len < 20 || (pkt[0] >> 4) != 4)
		die("not an IPv4 packet");
	ihl = (pkt[0] & 15) * 4;
	for (i = 2; i < argc; i++) {
		char *v = strchr(argv[i], '=');

		if (!v)
			die("CHANGE is NAME=VALUE");
		n = strtol(++v, NULL, 0);
		if (!strncmp(argv[i], "flip=", 5)) {
			n = n < 0 ? (long)len + n : (long)ihl + n;
			if (n < (long)ihl || n >= (long)len)
				die("flip: outside the payload");
			pkt[n] ^= 1;
		} else if (!strncmp(argv[i], "trunc=", 6)) {
			if (ihl + n < len)
				len = ihl + n;
		} else if (!strncmp(argv[i], "append=", 7)) {
			memset(pkt + len, 0xa5, n);
			len += n;
		} else if (!strncmp(argv[i], "spi=", 4)) {
			x = htonl(strtoul(v, NULL, 0));
			memcpy(pkt + ihl, &x, 4);
		} else if (!strncmp(argv[i], "seq=", 4)) {
			x = htonl(strtoul(v, NULL, 0));
			memcpy(pkt + ihl + 4, &x, 4);
		} else if (!strncmp(argv[i], "garbage=", 8)) {
			len = ihl + 8;
			while (n-- > 0) {
				rnd = rnd * 1103515245 + 12345;
				pkt[len++] = rnd >> 16;
			}
		} else {
			die("unknown CHANGE");
		}
	}
	memcpy(&to.sin_addr, pkt + 16, 4);
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)))
		die("raw socket");
	if (sendto(fd, pkt, len, 0, (struct sockaddr *)&to, sizeof(to)) !=
	    (ssize_t)len) {
		perror("cmap_rawip: sendto");
		return 1;
	}
	close(fd);
	return 0;
}
