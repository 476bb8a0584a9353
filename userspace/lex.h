/* SPDX-License-Identifier: GPL-2.0 */
/* One configuration line split into words, each with its column. */
#ifndef CMAP_LEX_H
#define CMAP_LEX_H

#include <stdbool.h>

#define LEX_MAXTOK 48

struct lexline {
	const char *raw;	/* the line without its end of line */
	char *buf;		/* words, NUL-terminated copies */
	size_t cap;
	char *tok[LEX_MAXTOK];
	unsigned int col[LEX_MAXTOK];
	unsigned int n;		/* words kept; more were dropped if too_long */
	bool too_long;
	bool indented;
	bool comment;		/* "!" line: no words */
};

/* Splits raw (kept as is) into l, which starts zeroed and may be reused
 * for the next line; lex_free releases the copies. */
void lex_split(struct lexline *l, const char *raw);
void lex_free(struct lexline *l);
/* Words i.. match the given keywords exactly. */
bool lex_is(const struct lexline *l, unsigned int i, const char *w1,
	    const char *w2);
/* Text of the line from word i to its end, trailing blanks removed. */
const char *lex_rest(const struct lexline *l, unsigned int i, unsigned int *len);

#endif
