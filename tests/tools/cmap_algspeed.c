// SPDX-License-Identifier: GPL-2.0
/*
 * cmap_algspeed: raw speed of the kernel crypto API's ESP transforms, for the
 * benchmark (tests/bench). Encrypts one buffer over and over through AF_ALG
 * (algif_aead) with the AEAD cryptomap.ko allocates for the transform, on
 * one CPU, for a given time.
 *
 *   cmap_algspeed XFORM SIZE SECS [CPU]
 *
 *   XFORM  des-md5 | aes128-sha1 | aes256-sha256 | gcm128
 *   SIZE   bytes of ESP payload per request (rounded up to the cipher block)
 *   SECS   how long to run (fractions allowed)
 *   CPU    pin to this CPU (default 0)
 *
 * Prints one line: "alg=NAME size=N ops=N secs=S ops_per_sec=R mbytes_per_sec=M".
 * Each request costs a sendmsg() and a read() besides the cipher, so the
 * figure is a little below what the kernel alone reaches; on payloads of a
 * full packet the system calls are a small part of it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/if_alg.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#ifndef SOL_ALG
#define SOL_ALG 279
#endif
#define AUTHENC_KEYA_PARAM 1	/* CRYPTO_AUTHENC_KEYA_PARAM, not in uapi */

struct xform {
	const char *name;
	const char *alg;
	unsigned int enckey, authkey, authsize, ivlen, blksize, assoclen;
};

/* ESP's associated data: SPI and sequence number; rfc4106 also counts the IV. */
static const struct xform xforms[] = {
	{ "des-md5", "authenc(hmac(md5),cbc(des))", 8, 16, 12, 8, 8, 8 },
	{ "aes128-sha1", "authenc(hmac(sha1),cbc(aes))", 16, 20, 12, 16, 16, 8 },
	{ "aes256-sha256", "authenc(hmac(sha256),cbc(aes))", 32, 32, 16, 16, 16, 8 },
	{ "gcm128", "rfc4106(gcm(aes))", 20, 0, 16, 8, 4, 16 },
};

static void die(const char *what)
{
	fprintf(stderr, "cmap_algspeed: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The key as crypto_authenc_extractkeys() wants it: rtattr, enckeylen, keys. */
static size_t make_key(const struct xform *x, unsigned char *key)
{
	size_t n = 0, i;

	if (x->authkey) {
		uint16_t len = 8, type = AUTHENC_KEYA_PARAM;
		uint32_t enclen = htonl(x->enckey);

		memcpy(key, &len, 2);
		memcpy(key + 2, &type, 2);
		memcpy(key + 4, &enclen, 4);
		n = 8;
	}
	for (i = 0; i < x->authkey + x->enckey; i++)
		key[n++] = (unsigned char)(i * 7 + 5);
	return n;
}

static int open_op(const struct xform *x)
{
	struct sockaddr_alg sa = { .salg_family = AF_ALG, .salg_type = "aead" };
	unsigned char key[128];
	int tfm, op;

	strncpy((char *)sa.salg_name, x->alg, sizeof(sa.salg_name) - 1);
	tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (tfm < 0)
		die("socket(AF_ALG)");
	if (bind(tfm, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die(x->alg);
	if (setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, make_key(x, key)) < 0)
		die("ALG_SET_KEY");
	if (setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL, x->authsize) < 0)
		die("ALG_SET_AEAD_AUTHSIZE");
	op = accept(tfm, NULL, 0);
	if (op < 0)
		die("accept");
	return op;
}

/* One encryption: AAD and payload in, AAD, ciphertext and ICV out. */
static void encrypt_once(int op, const struct xform *x, unsigned char *in,
			 size_t inlen, unsigned char *out, size_t outlen)
{
	char cbuf[CMSG_SPACE(4) + CMSG_SPACE(sizeof(struct af_alg_iv) + 16) +
		  CMSG_SPACE(4)] = { 0 };
	struct iovec iov = { in, inlen };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	struct af_alg_iv *iv;

	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_OP;
	c->cmsg_len = CMSG_LEN(4);
	*(uint32_t *)CMSG_DATA(c) = ALG_OP_ENCRYPT;
	c = CMSG_NXTHDR(&msg, c);
	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_IV;
	c->cmsg_len = CMSG_LEN(sizeof(*iv) + x->ivlen);
	iv = (struct af_alg_iv *)CMSG_DATA(c);
	iv->ivlen = x->ivlen;
	memset(iv->iv, 0x5a, x->ivlen);
	c = CMSG_NXTHDR(&msg, c);
	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_AEAD_ASSOCLEN;
	c->cmsg_len = CMSG_LEN(4);
	*(uint32_t *)CMSG_DATA(c) = x->assoclen;
	if (sendmsg(op, &msg, 0) != (ssize_t)inlen)
		die("sendmsg");
	if (read(op, out, outlen) != (ssize_t)outlen)
		die("read");
}

int main(int argc, char **argv)
{
	const struct xform *x = NULL;
	unsigned long ops = 0;
	size_t size, i, inlen, outlen;
	unsigned char *in, *out;
	double secs, t0, t;
	cpu_set_t cpus;
	int op;

	if (argc < 4) {
		fprintf(stderr, "usage: cmap_algspeed XFORM SIZE SECS [CPU]\n");
		return 2;
	}
	for (i = 0; i < sizeof(xforms) / sizeof(xforms[0]); i++)
		if (!strcmp(argv[1], xforms[i].name))
			x = &xforms[i];
	if (!x) {
		fprintf(stderr, "cmap_algspeed: unknown transform %s\n", argv[1]);
		return 2;
	}
	size = strtoul(argv[2], NULL, 0);
	size = (size + x->blksize - 1) / x->blksize * x->blksize;
	secs = atof(argv[3]);
	CPU_ZERO(&cpus);
	CPU_SET(argc > 4 ? atoi(argv[4]) : 0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus) < 0)
		die("sched_setaffinity");

	inlen = x->assoclen + size;
	outlen = inlen + x->authsize;
	in = calloc(1, inlen);
	out = calloc(1, outlen);
	if (!in || !out)
		die("calloc");
	op = open_op(x);
	encrypt_once(op, x, in, inlen, out, outlen);	/* warm up */
	t0 = now();
	do {
		for (i = 0; i < 16; i++)
			encrypt_once(op, x, in, inlen, out, outlen);
		ops += 16;
		t = now() - t0;
	} while (t < secs);
	printf("alg=%s size=%zu ops=%lu secs=%.3f ops_per_sec=%.0f mbytes_per_sec=%.2f\n",
	       x->alg, size, ops, t, ops / t, ops * size / t / 1e6);
	close(op);
	free(in);
	free(out);
	return 0;
}
