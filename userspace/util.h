/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers: memory, growable arrays, a string index, IPv4 text. */
#ifndef CMAP_UTIL_H
#define CMAP_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A growable array of T: v[0..n-1] valid. Pointers into it move on push. */
#define VEC(T) struct { T *v; size_t n, cap; }
#define VEC_PUSH(vec) \
	((__typeof__((vec).v))vec_grow((void **)&(vec).v, &(vec).n, \
				       &(vec).cap, sizeof(*(vec).v)))
#define VEC_FREE(vec) \
	do { free((vec).v); (vec).v = NULL; (vec).n = (vec).cap = 0; } while (0)

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
void *vec_grow(void **v, size_t *n, size_t *cap, size_t size);
void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...);

/*
 * !strcmp(a, b) for the short words of a configuration line, which the
 * parser compares with keywords millions of times in a large file: a byte
 * loop that usually stops at the first byte beats a call into libc's vector
 * strcmp, by far so under an emulated CPU.
 */
static inline bool streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* Copies src into dst[size]; false (dst untouched) if it does not fit. */
bool copy_name(char *dst, size_t size, const char *src);

/* Maps strings to array positions; keys are copied. */
struct index {
	struct islot *slots;
	size_t cap, n;
};
void index_put(struct index *ix, const char *key, size_t val);
bool index_get(const struct index *ix, const char *key, size_t *val);
void index_free(struct index *ix);

/* Numbers and addresses as IOS writes them: decimal, dotted quad. */
bool parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out);
bool ip_parse(const char *s, uint32_t *addr);
#define IP_STRLEN 16
const char *ip_str(uint32_t addr, char buf[IP_STRLEN]);
/* Prefix length of a contiguous netmask, -1 if it is not one. */
int mask_len(uint32_t mask);

#endif
