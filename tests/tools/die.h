/* SPDX-License-Identifier: GPL-2.0 */
/* die(): the test tools' fatal error, printf-style, exit status 2. */
#ifndef _CMAP_TOOLS_DIE_H
#define _CMAP_TOOLS_DIE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((noreturn, format(printf, 1, 2)))
static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

#endif /* _CMAP_TOOLS_DIE_H */
