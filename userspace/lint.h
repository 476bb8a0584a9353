/* SPDX-License-Identifier: GPL-2.0 */
/* "cmapctl check": lint of one router and of the routers that peer. */
#ifndef CMAP_LINT_H
#define CMAP_LINT_H

#include <stddef.h>

#include "model.h"

/* Deferred warnings and errors (diag_defer) for configs c[0..n-1]. */
void lint(struct cm_config *const *c, size_t n);

#endif
