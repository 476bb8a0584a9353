/* SPDX-License-Identifier: GPL-2.0 */
/* Access list lines as IOS text. */
#ifndef CMAP_ACL_H
#define CMAP_ACL_H

#include <stddef.h>

#include "model.h"

#define ACL_LINE_STRMAX 256

/* "permit tcp host 10.1.1.1 any eq www log", without sequence number. */
const char *acl_format(const struct cm_line *l, char *buf, size_t len);
/* "10.1.1.0 0.0.0.255", "host 10.1.1.1" or "any". */
const char *addr_format(const struct cm_addr *a, char *buf, size_t len);

#endif
