/* SPDX-License-Identifier: GPL-2.0 */
/* Internals shared by the IOS parser's files (parse*.c, acl.c). */
#ifndef CMAP_PARSER_H
#define CMAP_PARSER_H

#include "lex.h"
#include "model.h"

enum pmode {
	PM_TOP,		/* global configuration */
	PM_IGNORE,	/* inside a block that is not crypto configuration */
	PM_IFACE,	/* interface X */
	PM_ENTRY,	/* crypto map NAME SEQ, crypto dynamic-map NAME SEQ */
	PM_TSET,	/* crypto ipsec transform-set */
	PM_ACL,		/* ip access-list extended NAME */
	PM_POLICY,	/* crypto isakmp policy N */
	PM_BANNER,	/* banner text up to its delimiter */
};

struct ignored_line {
	struct loc loc;
	char *text;
};

struct parser {
	struct cm_config *cfg;
	struct loc loc;		/* the current line */
	const struct lexline *l;
	enum pmode mode;
	size_t cur;		/* the mode's object (index in its array) */
	char iface[CM_IFNAME_MAX];
	bool iface_used;	/* the interface block has a crypto map */
	VEC(struct ignored_line) iface_lines;
	char banner_end[3];
	unsigned int errors;
	bool report_ignored;
};

/* An error at word i of the current line (past its end if i >= n). */
void perr(struct parser *p, unsigned int i, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void pwarn(struct parser *p, unsigned int i, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Reports the current line as not applied (secrets masked). */
void pignore(struct parser *p);
/* Word i exists, else an error "missing WHAT". */
bool pneed(struct parser *p, unsigned int i, const char *what);
/* Nothing after word i-1, else an error. */
bool pend(struct parser *p, unsigned int i);
bool pnum(struct parser *p, unsigned int i, uint32_t min, uint32_t max,
	  const char *what, uint32_t *out);
bool pip(struct parser *p, unsigned int i, const char *what, uint32_t *out);
/* An object name of at most CMAP_NAME_MAX - 1 bytes. */
bool pname(struct parser *p, unsigned int i, const char *what, char *out);
bool pacl_name(struct parser *p, unsigned int i, char *out);

/* parse_crypto.c: lines that start a crypto block, and block lines. */
void crypto_isakmp_policy(struct parser *p);
void crypto_isakmp_key(struct parser *p);
void crypto_transform_set(struct parser *p);
void crypto_ipsec_sa(struct parser *p);
void crypto_df_bit(struct parser *p);
void crypto_map(struct parser *p);
void crypto_dynamic_map(struct parser *p);
void policy_line(struct parser *p);
void tset_line(struct parser *p);
void entry_line(struct parser *p);

/* acl.c: the words from "permit"/"deny"/"remark" on. */
bool acl_parse(struct parser *p, unsigned int i, struct cm_line *out);
void acl_numbered(struct parser *p);
void acl_named(struct parser *p);
void acl_block_line(struct parser *p);

#endif
