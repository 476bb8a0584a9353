// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("cmapctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

void *vec_grow(void **v, size_t *n, size_t *cap, size_t size)
{
	char *elem;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*v = xrealloc(*v, *cap * size);
	}
	elem = (char *)*v + (*n)++ * size;
	memset(elem, 0, size);
	return elem;
}

bool copy_name(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		return false;
	memcpy(dst, src, n + 1);
	return true;
}

/* The key's hash is kept: a probe or a rehash reads the key only on a match. */
struct islot {
	char *key;
	size_t val;
	uint64_t hash;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* The slot of @key, or the empty one for it; no @key: an empty one. */
static struct islot *index_slot(const struct index *ix, const char *key,
			       uint64_t hash)
{
	size_t i = hash & (ix->cap - 1);

	while (ix->slots[i].key && (!key || ix->slots[i].hash != hash ||
				    !streq(ix->slots[i].key, key)))
		i = (i + 1) & (ix->cap - 1);
	return &ix->slots[i];
}

static void index_grow(struct index *ix)
{
	struct index old = *ix;
	size_t i;

	ix->cap = old.cap ? old.cap * 2 : 64;
	ix->slots = xmalloc(ix->cap * sizeof(*ix->slots));
	memset(ix->slots, 0, ix->cap * sizeof(*ix->slots));
	for (i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*index_slot(ix, NULL, old.slots[i].hash) = old.slots[i];
	free(old.slots);
}

void index_put(struct index *ix, const char *key, size_t val)
{
	uint64_t hash = hash_str(key);
	struct islot *s;

	if ((ix->n + 1) * 2 > ix->cap)
		index_grow(ix);
	s = index_slot(ix, key, hash);
	if (!s->key) {
		s->key = xstrdup(key);
		s->hash = hash;
		ix->n++;
	}
	s->val = val;
}

bool index_get(const struct index *ix, const char *key, size_t *val)
{
	const struct islot *s;

	if (!ix->cap)
		return false;
	s = index_slot(ix, key, hash_str(key));
	if (s->key)
		*val = s->val;
	return s->key != NULL;
}

void index_free(struct index *ix)
{
	size_t i;

	for (i = 0; i < ix->cap; i++)
		free(ix->slots[i].key);
	free(ix->slots);
	memset(ix, 0, sizeof(*ix));
}

bool parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;
	int n;

	for (n = 0; s[n]; n++) {
		if (s[n] < '0' || s[n] > '9' || n == 10)
			return false;
		v = v * 10 + (uint64_t)(s[n] - '0');
	}
	if (!n || v < min || v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* One pass: this runs four times for every access list line. */
bool ip_parse(const char *s, uint32_t *addr)
{
	uint32_t a = 0, octet = 0;
	int dots = 0, digits = 0;

	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			if (++digits > 3)
				return false;
			octet = octet * 10 + (uint32_t)(*s - '0');
			continue;
		}
		if (!(*s == '.' && dots < 3) && !(!*s && dots == 3))
			return false;
		if (!digits || octet > 255)
			return false;
		a = a << 8 | octet;
		if (!*s)
			break;
		dots++;
		digits = 0;
		octet = 0;
	}
	*addr = a;
	return true;
}

const char *ip_str(uint32_t a, char buf[IP_STRLEN])
{
	snprintf(buf, IP_STRLEN, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255,
		 (a >> 8) & 255, a & 255);
	return buf;
}

int mask_len(uint32_t mask)
{
	int n = 0;

	while (n < 32 && (mask & (0x80000000U >> n)))
		n++;
	if (n < 32 && (mask << n))
		return -1;
	return n;
}
