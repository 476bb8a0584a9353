/* SPDX-License-Identifier: GPL-2.0 */
/* IOS configuration text into the model. */
#ifndef CMAP_PARSE_H
#define CMAP_PARSE_H

#include <stdbool.h>

#include "model.h"

/*
 * Parses the file c->file ("-": standard input, then named "<stdin>") into
 * c, which must be initialised with model_init(c, path). Syntax errors are printed as
 * "file:line:col: error: ..."; lines that are not crypto configuration as
 * "file:line: ignored: ..." when report_ignored. Returns the number of
 * errors, or -1 if the file cannot be read.
 */
int parse_file(struct cm_config *c, bool report_ignored);

#endif
