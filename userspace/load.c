// SPDX-License-Identifier: GPL-2.0
/*
 * cmapctl load: a configuration file into the kernel in one transaction
 * (TXN_BEGIN with REPLACE, one SET per object, TXN_COMMIT), and flush.
 *
 * BEGIN is acknowledged before anything else is sent: were it refused, the
 * SETs behind it would each be a transaction of their own. COMMIT is sent
 * only once every SET is known to have succeeded (each batch's last ack
 * comes after the errors of all its requests, see nl.h), so a partial
 * candidate never commits.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "charon.h"
#include "commands.h"
#include "nl.h"
#include "parse.h"
#include "sa_load.h"
#include "validate.h"

#define ACL_SPLIT (24 * 1024)	/* start a new SET_ACL (APPEND) past this */

enum tag_kind { T_TXN, T_GLOBAL, T_TSET, T_ACL, T_MAP, T_ENTRY, T_BINDING };
#define TAG(kind, i) ((uint32_t)(kind) << 28 | (uint32_t)(i))

static void describe(void *data, uint32_t tag, char *buf, size_t len)
{
	const struct cm_config *c = data;
	size_t i = tag & 0x0fffffff;

	switch (tag >> 28) {
	case T_GLOBAL:
		snprintf(buf, len, "crypto ipsec global settings");
		break;
	case T_TSET:
		snprintf(buf, len, "transform set %s", c->tsets.v[i].name);
		break;
	case T_ACL:
		snprintf(buf, len, "access-list %s", c->acls.v[i].name);
		break;
	case T_MAP:
		snprintf(buf, len, "crypto map %s", c->maps.v[i].name);
		break;
	case T_ENTRY:
		snprintf(buf, len, "crypto map %s %u", c->entries.v[i].map,
			 c->entries.v[i].seq);
		break;
	case T_BINDING:
		snprintf(buf, len, "interface %s", c->bindings.v[i].ifname);
		break;
	default:
		buf[0] = 0;
	}
}

static void put_global(struct nl_batch *b, const struct cm_global *g)
{
	struct nlmsghdr *nlh = batch_add(b, CMAP_CMD_SET_GLOBAL, TAG(T_GLOBAL, 0));
	struct nlattr *nest = mnl_attr_nest_start(nlh, CMAP_A_GLOBAL);

	mnl_attr_put_u32(nlh, CMAP_GLOBAL_A_LIFE_SECS, g->life_secs);
	mnl_attr_put_u32(nlh, CMAP_GLOBAL_A_LIFE_KB, g->life_kb);
	mnl_attr_put_u8(nlh, CMAP_GLOBAL_A_DF_BIT, g->df_bit);
	mnl_attr_put_u32(nlh, CMAP_GLOBAL_A_REPLAY_WINDOW, g->replay_window);
	mnl_attr_nest_end(nlh, nest);
}

static void put_tset(struct nl_batch *b, const struct cm_tset *t, size_t i)
{
	struct nlmsghdr *nlh = batch_add(b, CMAP_CMD_SET_TSET, TAG(T_TSET, i));
	struct nlattr *nest = mnl_attr_nest_start(nlh, CMAP_A_TSET);

	mnl_attr_put_strz(nlh, CMAP_TSET_A_NAME, t->name);
	mnl_attr_put_u16(nlh, CMAP_TSET_A_CIPHER, t->cipher);
	if (t->keybits)
		mnl_attr_put_u16(nlh, CMAP_TSET_A_KEYBITS, t->keybits);
	mnl_attr_put_u16(nlh, CMAP_TSET_A_AUTH, t->auth);
	mnl_attr_put_u8(nlh, CMAP_TSET_A_MODE, t->mode);
	mnl_attr_nest_end(nlh, nest);
}

/*
 * Access list lines are most of a large load's attributes: theirs are
 * written in place, laid out as mnl_attr_put() does (header, value, zero
 * padding to 4 bytes), without its calls into libmnl and libc for each
 * value of 1 to 4 bytes.
 */
union word {
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
};

static void put_word(struct nlmsghdr *nlh, uint16_t type, uint16_t len,
		     union word w)
{
	struct nlattr *a = (struct nlattr *)((char *)nlh +
					     MNL_ALIGN(nlh->nlmsg_len));

	a->nla_type = type;
	a->nla_len = (uint16_t)(MNL_ATTR_HDRLEN + len);
	memcpy((char *)a + MNL_ATTR_HDRLEN, &w.u32, sizeof(w.u32));
	nlh->nlmsg_len += MNL_ALIGN(a->nla_len);
}

static void put_u8(struct nlmsghdr *nlh, uint16_t type, uint8_t v)
{
	union word w = { .u32 = 0 };

	w.u8 = v;
	put_word(nlh, type, sizeof(v), w);
}

static void put_u16(struct nlmsghdr *nlh, uint16_t type, uint16_t v)
{
	union word w = { .u32 = 0 };

	w.u16 = v;
	put_word(nlh, type, sizeof(v), w);
}

static void put_u32(struct nlmsghdr *nlh, uint16_t type, uint32_t v)
{
	put_word(nlh, type, sizeof(v), (union word){ .u32 = v });
}

static void put_addr(struct nlmsghdr *nlh, const struct cm_addr *a,
		     uint16_t addr_type, uint16_t wild_type)
{
	if (addr_is_any(a))
		return;
	put_u32(nlh, addr_type, htonl(a->addr));
	if (a->wild)
		put_u32(nlh, wild_type, htonl(a->wild));
}

static void put_ports(struct nlmsghdr *nlh, const struct cm_ports *p,
		      uint16_t op_type)
{
	if (p->op == CMAP_PORT_ANY)
		return;
	/* OP, LO, HI are consecutive in enum cmap_line_attr */
	put_u8(nlh, op_type, p->op);
	put_u16(nlh, op_type + 1, p->lo);
	if (p->op == CMAP_PORT_RANGE)
		put_u16(nlh, op_type + 2, p->hi);
}

static void put_line(struct nlmsghdr *nlh, const struct cm_line *l)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, CMAP_ACL_A_LINE);

	put_u32(nlh, CMAP_LINE_A_SEQ, l->seq);
	put_u8(nlh, CMAP_LINE_A_ACTION, l->action);
	if (l->action == CMAP_ACTION_REMARK) {
		mnl_attr_put_strz(nlh, CMAP_LINE_A_REMARK, l->remark);
		mnl_attr_nest_end(nlh, nest);
		return;
	}
	if (l->proto != CM_PROTO_ANY)
		put_u8(nlh, CMAP_LINE_A_PROTO, (uint8_t)l->proto);
	put_addr(nlh, &l->src, CMAP_LINE_A_SRC, CMAP_LINE_A_SRC_WILD);
	put_addr(nlh, &l->dst, CMAP_LINE_A_DST, CMAP_LINE_A_DST_WILD);
	put_ports(nlh, &l->sport, CMAP_LINE_A_SPORT_OP);
	put_ports(nlh, &l->dport, CMAP_LINE_A_DPORT_OP);
	if (l->icmp_type != CM_ICMP_NONE)
		put_u8(nlh, CMAP_LINE_A_ICMP_TYPE, (uint8_t)l->icmp_type);
	if (l->icmp_code != CM_ICMP_NONE)
		put_u8(nlh, CMAP_LINE_A_ICMP_CODE, (uint8_t)l->icmp_code);
	if (l->log)
		mnl_attr_put(nlh, CMAP_LINE_A_LOG, 0, NULL);
	mnl_attr_nest_end(nlh, nest);
}

/* Lists larger than one message continue in SET_ACL with APPEND. */
static void put_acl(struct nl_batch *b, const struct cm_acl *acl, size_t idx)
{
	size_t i = 0;

	do {
		struct nlmsghdr *nlh = batch_add(b, CMAP_CMD_SET_ACL,
						 TAG(T_ACL, idx));
		struct nlattr *nest, *lines;

		if (i)
			mnl_attr_put_u32(nlh, CMAP_A_FLAGS, CMAP_ACL_F_APPEND);
		nest = mnl_attr_nest_start(nlh, CMAP_A_ACL);
		mnl_attr_put_strz(nlh, CMAP_ACL_A_NAME, acl->name);
		lines = mnl_attr_nest_start(nlh, CMAP_ACL_A_LINES);
		while (i < acl->lines.n && nlh->nlmsg_len < ACL_SPLIT)
			put_line(nlh, &acl->lines.v[i++]);
		mnl_attr_nest_end(nlh, lines);
		mnl_attr_nest_end(nlh, nest);
	} while (i < acl->lines.n);
}

static void put_map(struct nl_batch *b, const struct cm_map *m, size_t i)
{
	struct nlmsghdr *nlh = batch_add(b, CMAP_CMD_SET_MAP, TAG(T_MAP, i));
	struct nlattr *nest = mnl_attr_nest_start(nlh, CMAP_A_MAP);

	mnl_attr_put_strz(nlh, CMAP_MAP_A_NAME, m->name);
	if (m->dynamic)
		mnl_attr_put(nlh, CMAP_MAP_A_DYNAMIC, 0, NULL);
	if (m->local_if[0])
		mnl_attr_put_strz(nlh, CMAP_MAP_A_LOCAL_IF, m->local_if);
	mnl_attr_nest_end(nlh, nest);
}

static void put_entry_lists(struct nlmsghdr *nlh, const struct cm_entry *e)
{
	struct nlattr *nest;
	unsigned int i;

	if (e->npeers) {
		nest = mnl_attr_nest_start(nlh, CMAP_ENTRY_A_PEERS);
		for (i = 0; i < e->npeers; i++)
			mnl_attr_put_u32(nlh, CMAP_ENTRY_A_PEER,
					 htonl(e->peers[i]));
		mnl_attr_nest_end(nlh, nest);
	}
	if (e->ntsets) {
		nest = mnl_attr_nest_start(nlh, CMAP_ENTRY_A_TSETS);
		for (i = 0; i < e->ntsets; i++)
			mnl_attr_put_strz(nlh, CMAP_ENTRY_A_TSET, e->tsets[i]);
		mnl_attr_nest_end(nlh, nest);
	}
}

static void put_entry(struct nl_batch *b, const struct cm_entry *e, size_t i)
{
	struct nlmsghdr *nlh = batch_add(b, CMAP_CMD_SET_ENTRY, TAG(T_ENTRY, i));
	struct nlattr *nest = mnl_attr_nest_start(nlh, CMAP_A_ENTRY);

	mnl_attr_put_strz(nlh, CMAP_ENTRY_A_MAP, e->map);
	mnl_attr_put_u16(nlh, CMAP_ENTRY_A_SEQ, e->seq);
	mnl_attr_put_u8(nlh, CMAP_ENTRY_A_TYPE, e->type);
	if (e->acl[0])
		mnl_attr_put_strz(nlh, CMAP_ENTRY_A_ACL, e->acl);
	put_entry_lists(nlh, e);
	if (e->dynmap[0])
		mnl_attr_put_strz(nlh, CMAP_ENTRY_A_DYNMAP, e->dynmap);
	if (e->pfs)
		mnl_attr_put_u8(nlh, CMAP_ENTRY_A_PFS, e->pfs);
	if (e->life_secs)
		mnl_attr_put_u32(nlh, CMAP_ENTRY_A_LIFE_SECS, e->life_secs);
	if (e->life_kb)
		mnl_attr_put_u32(nlh, CMAP_ENTRY_A_LIFE_KB, e->life_kb);
	if (e->has_replay)
		mnl_attr_put_u32(nlh, CMAP_ENTRY_A_REPLAY_WINDOW,
				 e->replay_window);
	mnl_attr_nest_end(nlh, nest);
}

static void put_binding(struct nl_batch *b, const struct cm_binding *bd,
			size_t i)
{
	struct nlmsghdr *nlh = batch_add(b, CMAP_CMD_SET_BINDING,
					 TAG(T_BINDING, i));
	struct nlattr *nest = mnl_attr_nest_start(nlh, CMAP_A_BINDING);

	mnl_attr_put_strz(nlh, CMAP_BINDING_A_IFNAME, bd->ifname);
	mnl_attr_put_strz(nlh, CMAP_BINDING_A_MAP, bd->map);
	mnl_attr_nest_end(nlh, nest);
}

static void put_config(struct nl_batch *b, const struct cm_config *c)
{
	size_t i;

	put_global(b, &c->global);
	for (i = 0; i < c->tsets.n; i++)
		put_tset(b, &c->tsets.v[i], i);
	for (i = 0; i < c->acls.n; i++)
		put_acl(b, &c->acls.v[i], i);
	for (i = 0; i < c->maps.n; i++)
		put_map(b, &c->maps.v[i], i);
	for (i = 0; i < c->entries.n; i++)
		put_entry(b, &c->entries.v[i], i);
	for (i = 0; i < c->bindings.n; i++)
		put_binding(b, &c->bindings.v[i], i);
}

/* One phase of the transaction in its own batch: 0 or -errno (printed). */
static int txn_step(struct nl *nl, const struct cm_config *c, uint8_t cmd,
		    const char *doing)
{
	struct nl_batch b;
	struct nlmsghdr *nlh;
	int err;

	batch_init(&b, nl, NULL, describe, (void *)c);
	if (cmd == CMAP_CMD_SET_GLOBAL) {
		put_config(&b, c);
	} else {
		nlh = batch_add(&b, cmd, TAG(T_TXN, 0));
		if (cmd == CMAP_CMD_TXN_BEGIN)
			mnl_attr_put_u32(nlh, CMAP_A_FLAGS, CMAP_TXN_F_REPLACE);
	}
	err = batch_flush(&b);
	if (err)
		batch_perror(&b, doing);
	batch_free(&b);
	return err;
}

static int load_kernel(const struct cm_config *c)
{
	struct nl nl;
	int err;

	if (nl_open(&nl))
		return 1;
	if (manual_precheck(&nl, c)) {
		nl_close(&nl);
		return 1;
	}
	err = txn_step(&nl, c, CMAP_CMD_TXN_BEGIN, "opening a transaction");
	if (!err) {
		err = txn_step(&nl, c, CMAP_CMD_SET_GLOBAL, c->file);
		if (!err)
			err = txn_step(&nl, c, CMAP_CMD_TXN_COMMIT, c->file);
		if (err)
			nl_simple(&nl, CMAP_CMD_TXN_ABORT, NULL, NULL,
				  "aborting the transaction");
	}
	if (!err && manual_apply(&nl, c))
		err = -1;	/* committed, but not every SA is in */
	nl_close(&nl);
	return err ? 1 : 0;
}

struct load_opts {
	bool dry_run;
	struct ike_opts ike;
	const char *file;
	char **maps;		/* "IOSNAME=LINUXNAME" */
	bool *used;
	int nmaps;
};

static bool load_args(int argc, char **argv, struct load_opts *o)
{
	int i;

	o->maps = xcalloc((size_t)argc, sizeof(*o->maps));
	o->used = xcalloc((size_t)argc, sizeof(*o->used));
	ike_opts_init(&o->ike);
	for (i = 1; i < argc; i++) {
		const char *eq;
		int ike = ike_opt(argc, argv, &i, &o->ike);

		if (ike < 0)
			return false;
		if (ike)
			continue;
		if (!strcmp(argv[i], "-n")) {
			o->dry_run = true;
		} else if (!strcmp(argv[i], "--interface") && i + 1 < argc) {
			eq = strchr(argv[++i], '=');
			if (!eq || eq == argv[i] || !eq[1])
				return false;
			o->maps[o->nmaps++] = argv[i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return false;
		} else if (o->file) {
			return false;
		} else {
			o->file = argv[i];
		}
	}
	return o->file != NULL;
}

/* The Linux name for an IOS interface name, as --interface says. */
static const char *map_ifname(struct load_opts *o, const char *ios)
{
	size_t n = strlen(ios);
	int i;

	for (i = 0; i < o->nmaps; i++) {
		if (!strncmp(o->maps[i], ios, n) && o->maps[i][n] == '=') {
			o->used[i] = true;
			return o->maps[i] + n + 1;
		}
	}
	return ios;
}

static bool linux_ifname_ok(const char *s)
{
	size_t n = strlen(s);

	return n && n < IFNAMSIZ && strcmp(s, ".") && strcmp(s, "..") &&
	       !strpbrk(s, "/: \t");
}

/* Renames one interface reference and checks that it exists. */
static unsigned int resolve_if(struct load_opts *o, char *name,
			       const struct loc *loc)
{
	char ios[CM_IFNAME_MAX];
	const char *lx;

	copy_name(ios, sizeof(ios), name);
	lx = map_ifname(o, ios);

	if (!linux_ifname_ok(lx)) {
		diag(loc, 0, SEV_ERROR, "'%s' is not a valid Linux interface "
		     "name (use --interface %s=LINUXNAME)", lx, ios);
		return 1;
	}
	copy_name(name, CM_IFNAME_MAX, lx);
	if (if_nametoindex(lx))
		return 0;
	if (strcmp(ios, lx))
		diag(loc, 0, SEV_ERROR, "interface %s (for %s) does not exist",
		     lx, ios);
	else
		diag(loc, 0, SEV_ERROR, "interface %s does not exist (use "
		     "--interface %s=LINUXNAME)", lx, ios);
	return 1;
}

/* Two IOS names mapped to one Linux interface: two maps on it. */
static unsigned int duplicate_bindings(const struct cm_config *c)
{
	struct index seen = { 0 };
	unsigned int errors = 0;
	size_t i, first;

	for (i = 0; i < c->bindings.n; i++) {
		const struct cm_binding *b = &c->bindings.v[i];

		if (!index_get(&seen, b->ifname, &first)) {
			index_put(&seen, b->ifname, i);
			continue;
		}
		diag(&b->loc, 0, SEV_ERROR, "interface %s has two crypto maps "
		     "(line %u)", b->ifname, c->bindings.v[first].loc.line);
		errors++;
	}
	index_free(&seen);
	return errors;
}

static unsigned int resolve_interfaces(struct load_opts *o, struct cm_config *c)
{
	unsigned int errors = 0;
	size_t i;
	int k;

	for (i = 0; i < c->maps.n; i++)
		if (c->maps.v[i].local_if[0])
			errors += resolve_if(o, c->maps.v[i].local_if,
					     &c->maps.v[i].local_loc);
	for (i = 0; i < c->bindings.n; i++)
		errors += resolve_if(o, c->bindings.v[i].ifname,
				     &c->bindings.v[i].loc);
	for (k = 0; k < o->nmaps; k++)
		if (!o->used[k])
			diag(&(struct loc){ .file = c->file }, 0, SEV_WARNING,
			     "--interface %s: no such interface in the crypto "
			     "configuration", o->maps[k]);
	errors += duplicate_bindings(c);
	model_reindex_bindings(c);
	return errors;
}

static void isakmp_note(const struct cm_config *c)
{
	size_t np = c->policies.n, nk = c->keys.n;

	if (!np && !nk)
		return;
	diag(np ? &c->policies.v[0].loc : &c->keys.v[0].loc, 0, SEV_NOTE,
	     "crypto isakmp settings (%zu polic%s, %zu key%s) are checked but "
	     "not given to charon (--ike-backend none)", np,
	     np == 1 ? "y" : "ies", nk, nk == 1 ? "" : "s");
}

int cmd_load(int argc, char **argv)
{
	struct load_opts o = { 0 };
	struct cm_config c;
	int rc = 1;

	if (!load_args(argc, argv, &o)) {
		free(o.maps);
		free(o.used);
		return usage_error("load: expected [-n] "
				   "[--interface IOSNAME=LINUXNAME]... "
				   "[--ike-backend B] [--ike-version N] FILE");
	}
	model_init(&c, o.file);
	if (parse_file(&c, true) == 0 && !resolve_interfaces(&o, &c)) {
		unsigned int verrs = validate(&c);

		diag_flush(&c.file, 1);
		if (o.ike.backend == IKE_BACKEND_NONE)
			isakmp_note(&c);
		if (!verrs)
			rc = ike_load(&c, &o.ike, o.dry_run, load_kernel);
	}
	model_free(&c);
	free(o.maps);
	free(o.used);
	return rc;
}

int cmd_flush(int argc, char **argv)
{
	struct nl nl;
	int err, ike;

	(void)argv;
	if (argc > 1)
		return usage_error("flush takes no arguments");
	ike = ike_flush();	/* charon first: it deletes the SAs it made */
	if (ike < 0)
		return 1;
	if (ike > 0 && access("/sys/module/cryptomap", F_OK))
		return 0;	/* only charon (--ike-backend xfrm) ran here */
	if (nl_open(&nl))
		return 1;
	err = nl_simple(&nl, CMAP_CMD_FLUSH, NULL, NULL, "flush");
	nl_close(&nl);
	return err ? 1 : 0;
}
