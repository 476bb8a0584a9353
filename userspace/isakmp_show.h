/* SPDX-License-Identifier: GPL-2.0 */
/* show crypto isakmp sa, clear crypto isakmp, clear crypto sa: via charon. */
#ifndef CMAP_ISAKMP_SHOW_H
#define CMAP_ISAKMP_SHOW_H

#include <stdbool.h>

/* The words after "show" name an object shown from charon. */
bool isakmp_show_match(char **w, int n);
/* Shows it: the exit status. */
int isakmp_show(char **w, int n, bool json, bool pretty);

#endif
