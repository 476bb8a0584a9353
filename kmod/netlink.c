// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family: policies, operations, and the requests that
 * are not about one object (information, transactions, global settings).
 */
#include <linux/if.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "config.h"
#include "msg.h"
#include "events.h"
#include "netlink.h"
#include "netlink_sa.h"
#include "pernet.h"
#include "txn.h"

/*
 * Strings: the policy makes sure of the NUL, these of the length, so that a
 * name that is too long is -EINVAL like one without NUL.
 */
static int cmap_nl_check_str(const struct nlattr *attr, size_t max,
			     struct netlink_ext_ack *extack, const char *msg)
{
	size_t len = strnlen(nla_data(attr), nla_len(attr));

	if (len >= 1 && len <= max)
		return 0;
	cmap_err(extack, attr, msg);
	return -EINVAL;
}

static int cmap_nl_check_name(const struct nlattr *attr,
			      struct netlink_ext_ack *extack)
{
	return cmap_nl_check_str(attr, CMAP_NAME_MAX - 1, extack,
				 "name: must be 1 to 63 bytes and a NUL");
}

static int cmap_nl_check_ifname(const struct nlattr *attr,
				struct netlink_ext_ack *extack)
{
	return cmap_nl_check_str(attr, IFNAMSIZ - 1, extack,
				 "interface name: must be 1 to 15 bytes and a NUL");
}

static int cmap_nl_check_remark(const struct nlattr *attr,
				struct netlink_ext_ack *extack)
{
	return cmap_nl_check_str(attr, CMAP_REMARK_MAX - 1, extack,
				 "LINE.REMARK: must be 1 to 100 bytes and a NUL");
}

/*
 * Checks of integers that a range cannot express, made by the object
 * parsers rather than by NLA_POLICY_VALIDATE_FN: on an integer type, that
 * policy's function pointer overlays the range's s16 min and max, and
 * Linux 6.1 WARNs in nla_get_range_unsigned() whenever such a policy is
 * dumped, as netlink_ack() does for an attribute of the wrong length and
 * CTRL_CMD_GETPOLICY does for anyone. @attr may be NULL (absent).
 */

/* 0 (off), or 32 to 4096 in steps of 32, as IOS has it. */
int cmap_nl_check_replay(const struct nlattr *attr,
			 struct netlink_ext_ack *extack)
{
	u32 w = attr ? nla_get_u32(attr) : 0;

	if (!w || (w % 32 == 0 && w <= CMAP_REPLAY_WINDOW_MAX))
		return 0;
	cmap_err(extack, attr,
		 "REPLAY_WINDOW: must be 0 or a multiple of 32 up to 4096");
	return -EINVAL;
}

/* The Diffie-Hellman groups IOS offers for PFS; 0 is none. */
int cmap_nl_check_pfs(const struct nlattr *attr,
		      struct netlink_ext_ack *extack)
{
	u8 group = attr ? nla_get_u8(attr) : 0;

	switch (group) {
	case 0: case 1: case 2: case 5: case 14: case 15: case 16:
	case 19: case 20: case 21: case 24:
		return 0;
	}
	cmap_err(extack, attr,
		 "ENTRY.PFS: group must be 0, 1, 2, 5, 14-16, 19-21 or 24");
	return -EINVAL;
}

#define CMAP_NAME	NLA_POLICY_VALIDATE_FN(NLA_NUL_STRING, cmap_nl_check_name)
#define CMAP_IFNAME	NLA_POLICY_VALIDATE_FN(NLA_NUL_STRING, cmap_nl_check_ifname)
#define CMAP_REPLAY	NLA_POLICY_MAX(NLA_U32, CMAP_REPLAY_WINDOW_MAX)
#define CMAP_LIFE_KB	NLA_POLICY_MIN(NLA_U32, 2560)
#define CMAP_REPLY_ONLY(what) \
	{ .type = NLA_REJECT, .reject_message = what ": reply only" }

static struct netlink_range_validation cmap_life_secs_range = {
	.min = 120,
	.max = 86400,
};

#define CMAP_LIFE_SECS	NLA_POLICY_FULL_RANGE(NLA_U32, &cmap_life_secs_range)

static struct netlink_range_validation cmap_line_seq_range = {
	.min = 1,
	.max = 2147483647,
};

const struct nla_policy cmap_global_policy[CMAP_GLOBAL_A_MAX + 1] = {
	[CMAP_GLOBAL_A_LIFE_SECS] = CMAP_LIFE_SECS,
	[CMAP_GLOBAL_A_LIFE_KB] = CMAP_LIFE_KB,
	[CMAP_GLOBAL_A_DF_BIT] = NLA_POLICY_MAX(NLA_U8, __CMAP_DF_MAX - 1),
	[CMAP_GLOBAL_A_REPLAY_WINDOW] = CMAP_REPLAY,
};

const struct nla_policy cmap_tset_policy[CMAP_TSET_A_MAX + 1] = {
	[CMAP_TSET_A_NAME] = CMAP_NAME,
	[CMAP_TSET_A_CIPHER] = NLA_POLICY_MAX(NLA_U16, __CMAP_CIPHER_MAX - 1),
	[CMAP_TSET_A_KEYBITS] = { .type = NLA_U16 },
	[CMAP_TSET_A_AUTH] = NLA_POLICY_MAX(NLA_U16, __CMAP_AUTH_MAX - 1),
	[CMAP_TSET_A_MODE] = NLA_POLICY_MAX(NLA_U8, __CMAP_MODE_MAX - 1),
};

const struct nla_policy cmap_line_policy[CMAP_LINE_A_MAX + 1] = {
	[CMAP_LINE_A_SEQ] = NLA_POLICY_FULL_RANGE(NLA_U32, &cmap_line_seq_range),
	[CMAP_LINE_A_ACTION] = NLA_POLICY_MAX(NLA_U8, __CMAP_ACTION_MAX - 1),
	[CMAP_LINE_A_REMARK] = NLA_POLICY_VALIDATE_FN(NLA_NUL_STRING,
						      cmap_nl_check_remark),
	[CMAP_LINE_A_PROTO] = { .type = NLA_U8 },
	[CMAP_LINE_A_SRC] = { .type = NLA_BE32 },
	[CMAP_LINE_A_SRC_WILD] = { .type = NLA_BE32 },
	[CMAP_LINE_A_DST] = { .type = NLA_BE32 },
	[CMAP_LINE_A_DST_WILD] = { .type = NLA_BE32 },
	[CMAP_LINE_A_SPORT_OP] = NLA_POLICY_MAX(NLA_U8, __CMAP_PORT_MAX - 1),
	[CMAP_LINE_A_SPORT_LO] = { .type = NLA_U16 },
	[CMAP_LINE_A_SPORT_HI] = { .type = NLA_U16 },
	[CMAP_LINE_A_DPORT_OP] = NLA_POLICY_MAX(NLA_U8, __CMAP_PORT_MAX - 1),
	[CMAP_LINE_A_DPORT_LO] = { .type = NLA_U16 },
	[CMAP_LINE_A_DPORT_HI] = { .type = NLA_U16 },
	[CMAP_LINE_A_ICMP_TYPE] = { .type = NLA_U8 },
	[CMAP_LINE_A_ICMP_CODE] = { .type = NLA_U8 },
	[CMAP_LINE_A_LOG] = { .type = NLA_FLAG },
	[CMAP_LINE_A_HITS] = CMAP_REPLY_ONLY("LINE.HITS"),
	[CMAP_LINE_A_PAD] = CMAP_REPLY_ONLY("LINE.PAD"),
};

/* The LINES list: LINE nests, nothing else. */
static const struct nla_policy cmap_lines_policy[CMAP_ACL_A_MAX + 1] = {
	[CMAP_ACL_A_LINE] = NLA_POLICY_NESTED(cmap_line_policy),
};

const struct nla_policy cmap_acl_policy[CMAP_ACL_A_MAX + 1] = {
	[CMAP_ACL_A_NAME] = CMAP_NAME,
	[CMAP_ACL_A_LINES] = NLA_POLICY_NESTED(cmap_lines_policy),
	[CMAP_ACL_A_LINE] = {
		.type = NLA_REJECT,
		.reject_message = "ACL.LINE: belongs inside ACL.LINES",
	},
};

const struct nla_policy cmap_map_policy[CMAP_MAP_A_MAX + 1] = {
	[CMAP_MAP_A_NAME] = CMAP_NAME,
	[CMAP_MAP_A_DYNAMIC] = { .type = NLA_FLAG },
	[CMAP_MAP_A_LOCAL_IF] = CMAP_IFNAME,
};

/* The PEERS and TSETS lists. */
static const struct nla_policy cmap_peers_policy[CMAP_ENTRY_A_MAX + 1] = {
	[CMAP_ENTRY_A_PEER] = { .type = NLA_BE32 },
};

static const struct nla_policy cmap_tsets_policy[CMAP_ENTRY_A_MAX + 1] = {
	[CMAP_ENTRY_A_TSET] = CMAP_NAME,
};

const struct nla_policy cmap_entry_policy[CMAP_ENTRY_A_MAX + 1] = {
	[CMAP_ENTRY_A_MAP] = CMAP_NAME,
	[CMAP_ENTRY_A_SEQ] = NLA_POLICY_MIN(NLA_U16, 1),
	[CMAP_ENTRY_A_TYPE] = NLA_POLICY_MAX(NLA_U8, __CMAP_ENTRY_MAX - 1),
	[CMAP_ENTRY_A_ACL] = CMAP_NAME,
	[CMAP_ENTRY_A_PEERS] = NLA_POLICY_NESTED(cmap_peers_policy),
	[CMAP_ENTRY_A_PEER] = {
		.type = NLA_REJECT,
		.reject_message = "ENTRY.PEER: belongs inside ENTRY.PEERS",
	},
	[CMAP_ENTRY_A_TSETS] = NLA_POLICY_NESTED(cmap_tsets_policy),
	[CMAP_ENTRY_A_TSET] = {
		.type = NLA_REJECT,
		.reject_message = "ENTRY.TSET: belongs inside ENTRY.TSETS",
	},
	[CMAP_ENTRY_A_DYNMAP] = CMAP_NAME,
	[CMAP_ENTRY_A_PFS] = NLA_POLICY_MAX(NLA_U8, 24),
	[CMAP_ENTRY_A_LIFE_SECS] = CMAP_LIFE_SECS,
	[CMAP_ENTRY_A_LIFE_KB] = CMAP_LIFE_KB,
	[CMAP_ENTRY_A_REPLAY_WINDOW] = CMAP_REPLAY,
	[CMAP_ENTRY_A_ID] = CMAP_REPLY_ONLY("ENTRY.ID"),
	[CMAP_ENTRY_A_HITS] = CMAP_REPLY_ONLY("ENTRY.HITS"),
	[CMAP_ENTRY_A_PAD] = CMAP_REPLY_ONLY("ENTRY.PAD"),
};

const struct nla_policy cmap_binding_policy[CMAP_BINDING_A_MAX + 1] = {
	[CMAP_BINDING_A_IFNAME] = CMAP_IFNAME,
	[CMAP_BINDING_A_MAP] = CMAP_NAME,
	[CMAP_BINDING_A_IFINDEX] = CMAP_REPLY_ONLY("BINDING.IFINDEX"),
};

static const struct nla_policy cmap_policy[CMAP_A_MAX + 1] = {
	[CMAP_A_FLAGS] = { .type = NLA_U32 },
	[CMAP_A_GENERATION] = CMAP_REPLY_ONLY("GENERATION"),
	[CMAP_A_GLOBAL] = NLA_POLICY_NESTED(cmap_global_policy),
	[CMAP_A_TSET] = NLA_POLICY_NESTED(cmap_tset_policy),
	[CMAP_A_ACL] = NLA_POLICY_NESTED(cmap_acl_policy),
	[CMAP_A_MAP] = NLA_POLICY_NESTED(cmap_map_policy),
	[CMAP_A_ENTRY] = NLA_POLICY_NESTED(cmap_entry_policy),
	[CMAP_A_BINDING] = NLA_POLICY_NESTED(cmap_binding_policy),
	[CMAP_A_INFO] = CMAP_REPLY_ONLY("INFO"),
	[CMAP_A_PAD] = CMAP_REPLY_ONLY("PAD"),
};

/* Commands that take no attribute at all. */
static const struct nla_policy cmap_none_policy[CMAP_A_MAX + 1] = {};

/*
 * A request carries the attributes its command takes and no others; @tb
 * holds what the policy let through.
 */
int cmap_nl_only(struct nlattr **tb, int maxtype, unsigned long allowed,
		 struct netlink_ext_ack *extack)
{
	int i;

	for (i = 1; i <= maxtype; i++) {
		if (!tb[i] || (allowed & BIT(i)))
			continue;
		cmap_err(extack, tb[i], "attribute not valid in this request");
		return -EINVAL;
	}
	return 0;
}

/* CMAP_A_FLAGS: only the bits in @known. */
static int cmap_nl_flags(struct genl_info *info, u32 known, u32 *flags)
{
	struct nlattr *attr = info->attrs[CMAP_A_FLAGS];

	*flags = attr ? nla_get_u32(attr) : 0;
	if (!(*flags & ~known))
		return 0;
	cmap_err(info->extack, attr, "FLAGS: unknown flag bits");
	return -EINVAL;
}

static struct cmap_net *cmap_nl_net(struct genl_info *info)
{
	return cmap_net(genl_info_net(info));
}

/* A reply of GENERATION and, if @fill, more. */
static int cmap_nl_reply(struct genl_info *info, u32 generation,
			 int (*fill)(struct sk_buff *skb, const void *arg),
			 const void *arg)
{
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	hdr = genlmsg_put_reply(skb, info, &cmap_genl_family, 0,
				info->genlhdr->cmd);
	if (!hdr || nla_put_u32(skb, CMAP_A_GENERATION, generation) ||
	    (fill && fill(skb, arg))) {
		nlmsg_free(skb);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return genlmsg_reply(skb, info);
}

struct cmap_nl_info {
	const struct cmap_config *cfg;
	u32 portid;
};

static int cmap_nl_fill_info(struct sk_buff *skb, const void *arg)
{
	const struct cmap_nl_info *ni = arg;
	const struct cmap_config *cfg = ni->cfg;
	struct nlattr *nest = nla_nest_start(skb, CMAP_A_INFO);

	if (!nest ||
	    nla_put_u32(skb, CMAP_INFO_A_N_TSETS, cfg->n_tsets) ||
	    nla_put_u32(skb, CMAP_INFO_A_N_ACLS, cfg->n_acls) ||
	    nla_put_u32(skb, CMAP_INFO_A_N_ACL_LINES, cfg->n_acl_lines) ||
	    nla_put_u32(skb, CMAP_INFO_A_N_MAPS, cfg->n_maps) ||
	    nla_put_u32(skb, CMAP_INFO_A_N_ENTRIES, cfg->n_entries) ||
	    nla_put_u32(skb, CMAP_INFO_A_N_BINDINGS, cfg->n_bindings) ||
	    nla_put_u32(skb, CMAP_INFO_A_TXN_PORTID, ni->portid))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int cmap_nl_fill_global(struct sk_buff *skb, const void *arg)
{
	return cmap_global_fill(skb, arg);
}

/* GET_INFO and GET_GLOBAL: about the running configuration. */
static int cmap_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	struct cmap_net *cn = cmap_nl_net(info);
	struct cmap_nl_info ni;
	int err;

	mutex_lock(&cn->lock);
	ni.cfg = cmap_net_running(cn);
	ni.portid = cn->cand ? cn->cand_portid : 0;
	if (info->genlhdr->cmd == CMAP_CMD_GET_INFO)
		err = cmap_nl_reply(info, ni.cfg->generation, cmap_nl_fill_info,
				    &ni);
	else
		err = cmap_nl_reply(info, ni.cfg->generation,
				    cmap_nl_fill_global, &ni.cfg->global);
	mutex_unlock(&cn->lock);
	return err;
}

static int cmap_nl_txn_begin(struct sk_buff *skb, struct genl_info *info)
{
	u32 flags;
	int err;

	err = cmap_nl_only(info->attrs, CMAP_A_MAX, BIT(CMAP_A_FLAGS),
			   info->extack);
	if (!err)
		err = cmap_nl_flags(info, __CMAP_TXN_F_ALL, &flags);
	if (err)
		return err;
	return cmap_txn_begin(cmap_nl_net(info), info->snd_portid,
			      flags & CMAP_TXN_F_REPLACE, info->extack);
}

/* COMMIT and FLUSH, which reply with the new generation. */
static int cmap_nl_txn_publish(struct sk_buff *skb, struct genl_info *info)
{
	struct cmap_net *cn = cmap_nl_net(info);
	u32 generation;
	int err;

	if (info->genlhdr->cmd == CMAP_CMD_FLUSH)
		err = cmap_txn_flush(cn, info->snd_portid, &generation,
				     info->extack);
	else
		err = cmap_txn_commit(cn, info->snd_portid, &generation,
				      info->extack);
	return err ?: cmap_nl_reply(info, generation, NULL, NULL);
}

static int cmap_nl_txn_abort(struct sk_buff *skb, struct genl_info *info)
{
	return cmap_txn_abort(cmap_nl_net(info), info->snd_portid,
			      info->extack);
}

/*
 * Every request, reads included, needs CAP_NET_ADMIN in the user namespace
 * that owns the socket's network namespace: what GENL_UNS_ADMIN_PERM checks,
 * but that flag makes the generic netlink core refuse the request before the
 * module sees it, without a message. Doits are checked in pre_doit; dumps in
 * each dumpit call, because Linux 6.1 gives a dump's start callback no
 * extack (cb->extack is only set around dumpit): the refusal comes in the
 * dump's NLMSG_DONE, with its message. Both after the policy, which
 * changes nothing.
 */
static int cmap_nl_perm(const struct sk_buff *skb,
			struct netlink_ext_ack *extack)
{
	if (netlink_ns_capable(skb, sock_net(skb->sk)->user_ns, CAP_NET_ADMIN))
		return 0;
	NL_SET_ERR_MSG(extack,
		       "permission denied: CAP_NET_ADMIN in the user namespace owning the socket's network namespace is required");
	return -EPERM;
}

static int cmap_nl_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
			    struct genl_info *info)
{
	return cmap_nl_perm(skb, info->extack);
}

int cmap_nl_dump_perm(struct netlink_callback *cb)
{
	return cmap_nl_perm(cb->skb, cb->extack);
}

#define CMAP_DO(c, fn) \
	{ .cmd = (c), .doit = (fn) }
#define CMAP_DO_NOATTR(c, fn) {			\
	.cmd = (c),				\
	.doit = (fn),				\
	.policy = cmap_none_policy,		\
	.maxattr = CMAP_A_MAX,			\
}

#define CMAP_DUMP(c, fn) {			\
	.cmd = (c),				\
	.start = cmap_nl_dump_start,		\
	.dumpit = (fn),				\
	.done = cmap_nl_dump_done,		\
	.policy = cmap_none_policy,		\
	.maxattr = CMAP_A_MAX,			\
}

static const struct genl_ops cmap_genl_ops[] = {
	CMAP_DO_NOATTR(CMAP_CMD_GET_INFO, cmap_nl_get),
	CMAP_DO(CMAP_CMD_TXN_BEGIN, cmap_nl_txn_begin),
	CMAP_DO_NOATTR(CMAP_CMD_TXN_COMMIT, cmap_nl_txn_publish),
	CMAP_DO_NOATTR(CMAP_CMD_TXN_ABORT, cmap_nl_txn_abort),
	CMAP_DO_NOATTR(CMAP_CMD_FLUSH, cmap_nl_txn_publish),
	CMAP_DO(CMAP_CMD_SET_GLOBAL, cmap_nl_set),
	CMAP_DO_NOATTR(CMAP_CMD_GET_GLOBAL, cmap_nl_get),
	CMAP_DO(CMAP_CMD_SET_TSET, cmap_nl_set),
	CMAP_DO(CMAP_CMD_DEL_TSET, cmap_nl_del),
	CMAP_DUMP(CMAP_CMD_GET_TSET, cmap_nl_get_tset),
	CMAP_DO(CMAP_CMD_SET_ACL, cmap_nl_set),
	CMAP_DO(CMAP_CMD_DEL_ACL, cmap_nl_del),
	CMAP_DUMP(CMAP_CMD_GET_ACL, cmap_nl_get_acl),
	CMAP_DO(CMAP_CMD_SET_MAP, cmap_nl_set),
	CMAP_DO(CMAP_CMD_DEL_MAP, cmap_nl_del),
	CMAP_DUMP(CMAP_CMD_GET_MAP, cmap_nl_get_map),
	CMAP_DO(CMAP_CMD_SET_ENTRY, cmap_nl_set),
	CMAP_DO(CMAP_CMD_DEL_ENTRY, cmap_nl_del),
	CMAP_DUMP(CMAP_CMD_GET_ENTRY, cmap_nl_get_entry),
	CMAP_DO(CMAP_CMD_SET_BINDING, cmap_nl_set),
	CMAP_DO(CMAP_CMD_DEL_BINDING, cmap_nl_del),
	CMAP_DUMP(CMAP_CMD_GET_BINDING, cmap_nl_get_binding),
	CMAP_SA_GENL_OPS,
};

struct genl_family cmap_genl_family __ro_after_init = {
	.name = CMAP_GENL_NAME,
	.version = CMAP_GENL_VERSION,
	.maxattr = CMAP_A_MAX,
	.policy = cmap_policy,
	.netnsok = true,
	.pre_doit = cmap_nl_pre_doit,
	/* Each namespace has its own mutex: no need for the global one. */
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = cmap_genl_ops,
	.n_ops = ARRAY_SIZE(cmap_genl_ops),
	.mcgrps = cmap_mcgrps,
	.n_mcgrps = ARRAY_SIZE(cmap_mcgrps),
};

int __init cmap_netlink_init(void)
{
	return genl_register_family(&cmap_genl_family);
}

void cmap_netlink_uninit(void)
{
	genl_unregister_family(&cmap_genl_family);
}
