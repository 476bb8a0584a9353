/* SPDX-License-Identifier: GPL-2.0 */
/* IOS keywords and their numbers: protocols, ports, ICMP, transforms. */
#ifndef CMAP_NAMES_H
#define CMAP_NAMES_H

#include <stdbool.h>
#include <stdint.h>

/* Protocol keyword or number; CM_PROTO_ANY for "ip"; false if invalid. */
bool proto_parse(const char *s, int *proto);
/* "ip" for CM_PROTO_ANY, the IOS keyword, or NULL (print the number). */
const char *proto_name(int proto);

bool port_parse(int proto, const char *s, uint16_t *port);
const char *port_name(int proto, unsigned int port);

/* ICMP type keyword: sets type and code (CM_ICMP_NONE when the name has none). */
bool icmp_parse(const char *s, int *type, int *code);
const char *icmp_name(int type, int code);

/* Transforms of "crypto ipsec transform-set". */
enum xform_kind { XF_CIPHER, XF_AUTH, XF_UNSUPPORTED };
struct xform {
	const char *name;
	enum xform_kind kind;
	uint16_t value;		/* enum cmap_cipher or enum cmap_auth */
	bool keybits;		/* takes 128|192|256 */
	bool weak;
};
const struct xform *xform_find(const char *name);
const struct xform *xform_cipher(unsigned int cipher);
const struct xform *xform_auth(unsigned int auth);

bool pfs_group_valid(uint32_t group);
bool pfs_group_weak(uint32_t group);

/* Enum values as JSON strings: the lower-case tail of their C names. */
const char *entry_type_str(unsigned int type);
const char *cipher_str(unsigned int cipher);
const char *auth_str(unsigned int auth);
const char *mode_str(unsigned int mode);
const char *df_str(unsigned int df);
const char *action_str(unsigned int action);
const char *portop_str(unsigned int op);

#endif
