/* SPDX-License-Identifier: GPL-2.0 */
/* Model objects as JSON; keys are the netlink attribute names, lower case. */
#ifndef CMAP_SHOW_JSON_H
#define CMAP_SHOW_JSON_H

#include "json.h"
#include "model.h"

void json_global(struct json *j, const struct cm_global *g);
void json_tset(struct json *j, const struct cm_tset *t);
void json_acl(struct json *j, const struct cm_acl *acl);
void json_map(struct json *j, const struct cm_map *m);
/* With interfaces: also "interfaces" (bindings of its map) and "local_if". */
void json_entry(struct json *j, const struct cm_config *c,
		const struct cm_entry *e, bool interfaces);
void json_binding(struct json *j, const struct cm_binding *b);
void json_config(struct json *j, const struct cm_config *c);

#endif
