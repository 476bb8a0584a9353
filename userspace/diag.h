/* SPDX-License-Identifier: GPL-2.0 */
/* Diagnostics on stderr, "file:line[:col]: severity: text", and their count. */
#ifndef CMAP_DIAG_H
#define CMAP_DIAG_H

struct loc {
	const char *file;
	unsigned int line;
};

enum sev { SEV_NOTE, SEV_WARNING, SEV_ERROR, SEV_IGNORED };

/* col 0: no column. */
void diag(const struct loc *loc, unsigned int col, enum sev sev,
	  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void vdiag(const struct loc *loc, unsigned int col, enum sev sev,
	   const char *fmt, __builtin_va_list ap);
unsigned int diag_count(enum sev sev);

/* Lint messages are gathered, then printed in file and line order. */
void diag_defer(const struct loc *loc, enum sev sev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same, at a column of the line. */
void diag_defer_col(const struct loc *loc, unsigned int col, enum sev sev,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void diag_flush(const char *const *file_order, unsigned int nfiles);

#endif
