/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small client of charon's vici protocol (strongSwan's
 * src/libcharon/plugins/vici/README.md): requests built element by element,
 * replies and streamed events parsed into a tree of nodes. Only what cmapctl
 * needs: stats, list-sas, terminate.
 */
#ifndef CMAP_VICI_H
#define CMAP_VICI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vnode_type { VN_SECTION, VN_KV, VN_LIST, VN_ITEM };

/* A section, key/value, list or list item; siblings in order. */
struct vnode {
	enum vnode_type type;
	char *name;		/* NULL for list items and the root */
	char *value;		/* key/values and list items, NUL-terminated */
	struct vnode *child, *last, *next;
};

struct vici {
	int fd;
};

/* A request being built: elements appended in order. */
struct vreq {
	uint8_t *buf;
	size_t len, cap;
};

/* Connects to a unix socket path; prints why not unless quiet. 0 or -1. */
int vici_open(struct vici *v, const char *path, bool quiet);
void vici_close(struct vici *v);

void vreq_init(struct vreq *r);
void vreq_free(struct vreq *r);
void vreq_kv(struct vreq *r, const char *key, const char *value);
void vreq_section(struct vreq *r, const char *name);	/* NULL: end */
void vreq_list(struct vreq *r, const char *name);	/* NULL: end */
void vreq_item(struct vreq *r, const char *value);

/*
 * Sends command cmd (r may be NULL: no arguments) and returns its reply, or
 * NULL (printed). With event set, registers for that event first and calls
 * fn with each event message that arrives before the reply.
 */
struct vnode *vici_call(struct vici *v, const char *cmd, const struct vreq *r,
			const char *event,
			void (*fn)(struct vnode *msg, void *data), void *data);

void vnode_free(struct vnode *n);
/* Direct member of a section by name (and type), or NULL. */
const struct vnode *vnode_get(const struct vnode *sec, const char *name);
/* The value of a key in sec, or dflt. */
const char *vnode_str(const struct vnode *sec, const char *name,
		      const char *dflt);
unsigned long long vnode_u64(const struct vnode *sec, const char *name,
			     unsigned long long dflt);
/* "success = yes" of a reply; else its errmsg (or a generic text). */
bool vnode_success(const struct vnode *reply, const char **errmsg);

#endif
