// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "util.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The copy's buffer is kept from line to line: this runs for every line. */
void lex_split(struct lexline *l, const char *raw)
{
	size_t len = strlen(raw), i = 0;

	if (len + 1 > l->cap) {
		l->cap = len + 1;
		l->buf = xrealloc(l->buf, l->cap);
	}
	memcpy(l->buf, raw, len + 1);
	l->raw = raw;
	l->n = 0;
	l->too_long = false;
	l->indented = len && blank(raw[0]);
	while (i < len && blank(raw[i]))
		i++;
	l->comment = raw[i] == '!';
	while (!l->comment && i < len) {
		if (l->n == LEX_MAXTOK) {
			l->too_long = true;
			break;
		}
		l->tok[l->n] = l->buf + i;
		l->col[l->n++] = (unsigned int)i + 1;
		while (i < len && !blank(raw[i]))
			i++;
		l->buf[i] = 0;
		while (i < len && blank(raw[i]))
			i++;
	}
}

void lex_free(struct lexline *l)
{
	free(l->buf);
	l->buf = NULL;
	l->cap = 0;
}

bool lex_is(const struct lexline *l, unsigned int i, const char *w1,
	    const char *w2)
{
	if (i >= l->n || !streq(l->tok[i], w1))
		return false;
	return !w2 || (i + 1 < l->n && streq(l->tok[i + 1], w2));
}

const char *lex_rest(const struct lexline *l, unsigned int i, unsigned int *len)
{
	const char *s = l->raw + l->col[i] - 1;
	size_t n = strlen(s);

	while (n && blank(s[n - 1]))
		n--;
	*len = (unsigned int)n;
	return s;
}
