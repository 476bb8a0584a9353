/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The in-memory configuration: what a file parses into, what the kernel is
 * sent, and what a dump decodes back into. Kernel objects mirror the netlink
 * attributes of <linux/cryptomap.h>; the rest (ISAKMP, interface addresses,
 * routes, hostname) is kept only for "cmapctl check".
 */
#ifndef CMAP_MODEL_H
#define CMAP_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/cryptomap.h>

#include "diag.h"
#include "util.h"

/* IOS interface names may be longer than Linux ones until --interface. */
#define CM_IFNAME_MAX 64
#define CM_PROTO_ANY (-1)
#define CM_ICMP_NONE (-1)

struct cm_global {
	uint32_t life_secs, life_kb, replay_window;
	uint8_t df_bit;
};

struct cm_tset {
	char name[CMAP_NAME_MAX];
	uint16_t cipher, keybits, auth;
	uint8_t mode;
	struct loc loc;
};

/* An IOS address/wildcard pair; "any" is 0.0.0.0 255.255.255.255. */
struct cm_addr {
	uint32_t addr, wild;
};
#define CM_WILD_ANY 0xffffffffU

struct cm_ports {
	uint8_t op;		/* enum cmap_port_op */
	uint16_t lo, hi;
};

struct cm_line {
	uint32_t seq;
	uint8_t action;		/* enum cmap_action */
	char *remark;
	int proto;		/* CM_PROTO_ANY or 0..255 */
	struct cm_addr src, dst;
	struct cm_ports sport, dport;
	int icmp_type, icmp_code;	/* CM_ICMP_NONE when absent */
	bool log;
	uint64_t hits;
	struct loc loc;
};

struct cm_acl {
	char name[CMAP_NAME_MAX];
	VEC(struct cm_line) lines;
	struct loc loc;
};

struct cm_map {
	char name[CMAP_NAME_MAX];
	bool dynamic;
	char local_if[CM_IFNAME_MAX];
	struct loc loc, local_loc;
};

/*
 * "set session-key inbound|outbound esp SPI [cipher HEX] [authenticator HEX]"
 * of an ipsec-manual entry. The keys are kept only to be sent to the kernel
 * (sa_load.c), never printed, and wiped by model_free(). hidden: the line
 * came back from show running-config ("********"): keep the SA installed.
 */
struct cm_skey {
	bool set, hidden;
	uint32_t spi;
	bool has_enc, has_auth;		/* "cipher", "authenticator" given */
	uint8_t *enc, *auth;		/* malloc'd; NULL when hidden */
	uint8_t enc_len, auth_len;
	unsigned int enc_col, auth_col;	/* columns of the hex words */
	unsigned int end_col;		/* just past the line */
	struct loc loc;
};

struct cm_entry {
	char map[CMAP_NAME_MAX];
	uint16_t seq;
	uint8_t type;		/* enum cmap_entry_type */
	char acl[CMAP_NAME_MAX];
	uint32_t peers[CMAP_PEERS_MAX];
	unsigned int npeers;
	char tsets[CMAP_ENTRY_TSETS_MAX][CMAP_NAME_MAX];
	unsigned int ntsets;
	char dynmap[CMAP_NAME_MAX];
	uint8_t pfs;
	uint32_t life_secs, life_kb;	/* 0: the global value */
	bool has_replay;
	uint32_t replay_window;
	uint32_t id;
	uint64_t hits;
	struct cm_skey skey[2];		/* by enum cmap_sa_dir */
	struct loc loc, acl_loc, pfs_loc;
};

struct cm_binding {
	char ifname[CM_IFNAME_MAX];
	char map[CMAP_NAME_MAX];
	uint32_t ifindex;
	struct loc loc;
};

/* For check only: "ip address" of interface blocks and "ip route". */
struct cm_ifaddr {
	char ifname[CM_IFNAME_MAX];
	uint32_t addr, mask;
	struct loc loc;
};

struct cm_route {
	uint32_t prefix, mask, nexthop;
	char ifname[CM_IFNAME_MAX];	/* "" when only a next hop is given */
	struct loc loc;
};

/* "crypto isakmp policy": the values default as in IOS. */
struct cm_policy {
	uint32_t prio;
	const char *encr;	/* "des", "3des", "aes" */
	uint16_t encr_bits;
	const char *hash;	/* "sha", "md5", ... */
	const char *auth;	/* "rsa-sig", "pre-share", "rsa-encr" */
	uint32_t group, lifetime;
	struct loc loc, encr_loc, hash_loc, group_loc;
};

/*
 * "crypto isakmp key": the key itself is kept only for charon's secrets
 * file (swanconf.c), never printed, and wiped by model_free().
 */
struct cm_key {
	uint32_t addr, mask;
	char hostname[CMAP_NAME_MAX];
	bool no_xauth;
	uint8_t enc;		/* 0: clear text, 6: IOS type 6 (encrypted) */
	char *secret;
	struct loc loc;
};

struct cm_config {
	const char *file;
	char hostname[CMAP_NAME_MAX];
	uint32_t generation;
	struct cm_global global;
	VEC(struct cm_tset) tsets;
	VEC(struct cm_acl) acls;
	VEC(struct cm_map) maps;
	VEC(struct cm_entry) entries;
	VEC(struct cm_binding) bindings;
	VEC(struct cm_ifaddr) ifaddrs;
	VEC(struct cm_route) routes;
	VEC(struct cm_policy) policies;
	VEC(struct cm_key) keys;
	struct index tset_ix, acl_ix, map_ix, entry_ix, binding_ix;
};

void model_init(struct cm_config *c, const char *file);
void model_free(struct cm_config *c);
void model_global_defaults(struct cm_global *g);

/* Lookups return NULL when absent; add_* create (the name must be new). */
struct cm_tset *model_tset(const struct cm_config *c, const char *name);
struct cm_acl *model_acl(const struct cm_config *c, const char *name);
struct cm_map *model_map(const struct cm_config *c, const char *name);
struct cm_entry *model_entry(const struct cm_config *c, const char *map,
			     unsigned int seq);
struct cm_binding *model_binding(const struct cm_config *c, const char *ifname);
struct cm_tset *model_add_tset(struct cm_config *c, const char *name);
struct cm_acl *model_add_acl(struct cm_config *c, const char *name);
struct cm_map *model_add_map(struct cm_config *c, const char *name);
struct cm_entry *model_add_entry(struct cm_config *c, const char *map,
				 unsigned int seq);
struct cm_binding *model_add_binding(struct cm_config *c, const char *ifname);

/* Inserts by sequence number (0: last + 10); false on a duplicate. */
bool model_acl_insert(struct cm_acl *acl, struct cm_line *line);
void model_line_free(struct cm_line *l);
/* Wipes and frees the keys; the session key is unset. */
void model_skey_free(struct cm_skey *k);

/* Canonical order (the order of show and render), indexes rebuilt. */
void model_sort(struct cm_config *c);
/* The binding index after interface names changed (the last name wins). */
void model_reindex_bindings(struct cm_config *c);
/* Numbered extended lists: "100".."199", "2000".."2699". */
bool model_acl_numbered(const char *name);
unsigned int model_map_entries(const struct cm_config *c, const char *map);

/* Addresses: the set of (addr, wild) contains that of (a2, w2). */
bool addr_covers(const struct cm_addr *outer, const struct cm_addr *inner);
bool addr_is_any(const struct cm_addr *a);

#endif
