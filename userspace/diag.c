// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

static const char *const sev_name[] = {
	[SEV_NOTE] = "note", [SEV_WARNING] = "warning",
	[SEV_ERROR] = "error", [SEV_IGNORED] = "ignored",
};
static unsigned int counts[4];

void vdiag(const struct loc *loc, unsigned int col, enum sev sev,
	   const char *fmt, va_list ap)
{
	counts[sev]++;
	if (loc && col)
		fprintf(stderr, "%s:%u:%u: ", loc->file, loc->line, col);
	else if (loc && loc->line)
		fprintf(stderr, "%s:%u: ", loc->file, loc->line);
	else if (loc)
		fprintf(stderr, "%s: ", loc->file);
	else
		fputs("cmapctl: ", stderr);
	fprintf(stderr, "%s: ", sev_name[sev]);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void diag(const struct loc *loc, unsigned int col, enum sev sev,
	  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(loc, col, sev, fmt, ap);
	va_end(ap);
}

unsigned int diag_count(enum sev sev)
{
	return counts[sev];
}

struct deferred {
	struct loc loc;
	unsigned int col;
	enum sev sev;
	char *text;
	size_t order;
	unsigned int file_rank;
};
static VEC(struct deferred) pending;

static void vdefer(const struct loc *loc, unsigned int col, enum sev sev,
		   const char *fmt, va_list ap)
{
	struct deferred *d = VEC_PUSH(pending);

	if (vasprintf(&d->text, fmt, ap) < 0)
		die("out of memory");
	d->loc = *loc;
	d->col = col;
	d->sev = sev;
	d->order = pending.n;
}

void diag_defer(const struct loc *loc, enum sev sev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdefer(loc, 0, sev, fmt, ap);
	va_end(ap);
}

void diag_defer_col(const struct loc *loc, unsigned int col, enum sev sev,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdefer(loc, col, sev, fmt, ap);
	va_end(ap);
}

static int deferred_cmp(const void *a, const void *b)
{
	const struct deferred *x = a, *y = b;

	if (x->file_rank != y->file_rank)
		return x->file_rank < y->file_rank ? -1 : 1;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static unsigned int file_rank(const char *file, const char *const *order,
			      unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (order[i] == file)
			return i;
	return n;
}

/* The same message for the same line (one ACL used twice) prints once. */
static bool repeated(size_t i)
{
	const struct deferred *d = &pending.v[i];
	size_t j;

	for (j = i; j-- > 0;) {
		const struct deferred *e = &pending.v[j];

		if (e->loc.file != d->loc.file || e->loc.line != d->loc.line)
			return false;
		if (e->sev == d->sev && !strcmp(e->text, d->text))
			return true;
	}
	return false;
}

void diag_flush(const char *const *file_order, unsigned int nfiles)
{
	size_t i;

	for (i = 0; i < pending.n; i++)
		pending.v[i].file_rank =
			file_rank(pending.v[i].loc.file, file_order, nfiles);
	if (pending.n)	/* qsort's array may not be NULL, even empty */
		qsort(pending.v, pending.n, sizeof(*pending.v), deferred_cmp);
	for (i = 0; i < pending.n; i++)
		if (!repeated(i))
			diag(&pending.v[i].loc, pending.v[i].col,
			     pending.v[i].sev, "%s", pending.v[i].text);
	for (i = 0; i < pending.n; i++)
		free(pending.v[i].text);
	VEC_FREE(pending);
}
