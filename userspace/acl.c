// SPDX-License-Identifier: GPL-2.0
/* The extended access list line grammar, parsed and printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "names.h"
#include "parser.h"

static const char *word(struct parser *p, unsigned int i)
{
	return i < p->l->n ? p->l->tok[i] : "";
}

static bool parse_addr(struct parser *p, unsigned int *i, const char *what,
		       struct cm_addr *a)
{
	char abuf[IP_STRLEN], wbuf[IP_STRLEN];

	if (!pneed(p, *i, what))
		return false;
	if (streq(word(p, *i), "any")) {
		*a = (struct cm_addr){ 0, CM_WILD_ANY };
		*i += 1;
		return true;
	}
	if (streq(word(p, *i), "host")) {
		a->wild = 0;
		*i += 2;
		return pip(p, *i - 1, "host address", &a->addr);
	}
	if (!pip(p, *i, what, &a->addr))
		return false;
	if (!ip_parse(word(p, *i + 1), &a->wild)) {
		perr(p, *i + 1, "missing wildcard mask after %s", word(p, *i));
		return false;
	}
	if (a->addr & a->wild) {
		a->addr &= ~a->wild;
		pwarn(p, *i, "%s has bits set under wildcard %s: using %s",
		      word(p, *i), ip_str(a->wild, wbuf), ip_str(a->addr, abuf));
	}
	*i += 2;
	return true;
}

static int port_op(const char *w)
{
	static const char *const ops[] = { "eq", "neq", "lt", "gt", "range" };
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(ops); k++)
		if (streq(w, ops[k]))
			return (int)k + CMAP_PORT_EQ;
	return CMAP_PORT_ANY;
}

static bool parse_port(struct parser *p, unsigned int i, int proto,
		       uint16_t *port)
{
	if (!pneed(p, i, "port"))
		return false;
	if (port_parse(proto, p->l->tok[i], port))
		return true;
	perr(p, i, "invalid %s port '%s'", proto_name(proto), p->l->tok[i]);
	return false;
}

static bool parse_ports(struct parser *p, unsigned int *i, int proto,
			struct cm_ports *pt)
{
	int op = port_op(word(p, *i));

	if (op == CMAP_PORT_ANY)
		return true;
	if (proto != 6 && proto != 17) {
		perr(p, *i, "port operator '%s' needs tcp or udp", word(p, *i));
		return false;
	}
	pt->op = (uint8_t)op;
	if (!parse_port(p, *i + 1, proto, &pt->lo))
		return false;
	*i += 2;
	if (op != CMAP_PORT_RANGE)
		return true;
	if (!parse_port(p, *i, proto, &pt->hi))
		return false;
	if (pt->hi < pt->lo) {
		perr(p, *i, "range end below its start");
		return false;
	}
	*i += 1;
	return true;
}

static void parse_icmp(struct parser *p, unsigned int *i, struct cm_line *out)
{
	uint32_t type, code;

	if (parse_u32(word(p, *i), 0, 255, &type)) {
		out->icmp_type = (int)type;
		*i += 1;
		if (parse_u32(word(p, *i), 0, 255, &code)) {
			out->icmp_code = (int)code;
			*i += 1;
		}
	} else if (icmp_parse(word(p, *i), &out->icmp_type, &out->icmp_code)) {
		*i += 1;
	}
}

static bool parse_options(struct parser *p, unsigned int i, struct cm_line *out)
{
	for (; i < p->l->n; i++) {
		const char *w = p->l->tok[i];

		if (!out->log && (streq(w, "log") || streq(w, "log-input"))) {
			out->log = true;
			continue;
		}
		perr(p, i, "unsupported access list option '%s'", w);
		return false;
	}
	return pend(p, i);
}

static bool parse_remark(struct parser *p, unsigned int i, struct cm_line *out)
{
	unsigned int len;
	const char *text;

	if (!pneed(p, i, "remark text"))
		return false;
	text = lex_rest(p->l, i, &len);
	if (len >= CMAP_REMARK_MAX) {
		perr(p, i, "remark longer than %d characters",
		     CMAP_REMARK_MAX - 1);
		return false;
	}
	out->remark = strndup(text, len);
	return true;
}

bool acl_parse(struct parser *p, unsigned int i, struct cm_line *out)
{
	static const char *const actions[] = { "permit", "deny", "remark" };

	out->loc = p->loc;
	out->icmp_type = out->icmp_code = CM_ICMP_NONE;
	for (out->action = 0; out->action < ARRAY_SIZE(actions); out->action++)
		if (streq(word(p, i), actions[out->action]))
			break;
	if (out->action == CMAP_ACTION_REMARK)
		return parse_remark(p, i + 1, out);
	if (!pneed(p, ++i, "protocol"))
		return false;
	if (!proto_parse(p->l->tok[i], &out->proto)) {
		perr(p, i, "unknown protocol '%s'", p->l->tok[i]);
		return false;
	}
	i++;
	if (!parse_addr(p, &i, "source", &out->src) ||
	    !parse_ports(p, &i, out->proto, &out->sport) ||
	    !parse_addr(p, &i, "destination", &out->dst) ||
	    !parse_ports(p, &i, out->proto, &out->dport))
		return false;
	if (out->proto == 1)
		parse_icmp(p, &i, out);
	return parse_options(p, i, out);
}

static void acl_add(struct parser *p, struct cm_acl *acl, unsigned int i,
		    uint32_t seq)
{
	struct cm_line line = { .seq = seq };

	if (!acl_parse(p, i, &line)) {
		model_line_free(&line);
		return;
	}
	if (acl->lines.n >= CMAP_ACL_LINES_MAX) {
		perr(p, 0, "access list %s has more than %d lines", acl->name,
		     CMAP_ACL_LINES_MAX);
	} else if (!model_acl_insert(acl, &line)) {
		perr(p, 0, "sequence number %u already used in access list %s",
		     seq, acl->name);
	} else {
		return;
	}
	model_line_free(&line);
}

static struct cm_acl *acl_get(struct parser *p, const char *name)
{
	struct cm_acl *acl = model_acl(p->cfg, name);

	if (!acl) {
		acl = model_add_acl(p->cfg, name);
		acl->loc = p->loc;
	}
	return acl;
}

static bool is_action(const char *w)
{
	return streq(w, "permit") || streq(w, "deny") || streq(w, "remark");
}

/* access-list N ...: extended ranges only, other numbers are ignored. */
void acl_numbered(struct parser *p)
{
	if (p->l->n < 2 || !model_acl_numbered(p->l->tok[1])) {
		pignore(p);
		return;
	}
	if (!is_action(word(p, 2))) {
		perr(p, 2, "expected permit, deny or remark");
		return;
	}
	acl_add(p, acl_get(p, p->l->tok[1]), 2, 0);
}

void acl_named(struct parser *p)
{
	char name[CMAP_NAME_MAX];

	if (!pacl_name(p, 3, name) || !pend(p, 4))
		return;
	p->cur = (size_t)(acl_get(p, name) - p->cfg->acls.v);
	p->mode = PM_ACL;
}

void acl_block_line(struct parser *p)
{
	uint32_t seq = 0;
	unsigned int i = 0;

	if (parse_u32(word(p, 0), 0, 0xffffffffU, &seq)) {
		if (!pnum(p, 0, 1, 2147483647U, "sequence number", &seq))
			return;
		i = 1;
	}
	if (!is_action(word(p, i))) {
		perr(p, i, "expected %spermit, deny or remark",
		     i ? "" : "a sequence number, ");
		return;
	}
	acl_add(p, &p->cfg->acls.v[p->cur], i, seq);
}

const char *addr_format(const struct cm_addr *a, char *buf, size_t len)
{
	char x[IP_STRLEN], y[IP_STRLEN];

	if (addr_is_any(a) && !a->addr)
		snprintf(buf, len, "any");
	else if (!a->wild)
		snprintf(buf, len, "host %s", ip_str(a->addr, x));
	else
		snprintf(buf, len, "%s %s", ip_str(a->addr, x),
			 ip_str(a->wild, y));
	return buf;
}

static size_t port_format(const struct cm_ports *pt, int proto, char *buf,
			  size_t len)
{
	static const char *const ops[] = { "", "eq", "neq", "lt", "gt",
					   "range" };
	const char *lo = port_name(proto, pt->lo), *hi = port_name(proto, pt->hi);
	char lobuf[8], hibuf[8];

	if (pt->op == CMAP_PORT_ANY || pt->op >= ARRAY_SIZE(ops))
		return 0;
	if (!lo)
		snprintf(lobuf, sizeof(lobuf), "%u", pt->lo), lo = lobuf;
	if (!hi)
		snprintf(hibuf, sizeof(hibuf), "%u", pt->hi), hi = hibuf;
	if (pt->op == CMAP_PORT_RANGE)
		return (size_t)snprintf(buf, len, " range %s %s", lo, hi);
	return (size_t)snprintf(buf, len, " %s %s", ops[pt->op], lo);
}

static size_t icmp_format(const struct cm_line *l, char *buf, size_t len)
{
	const char *name = icmp_name(l->icmp_type, l->icmp_code);

	if (l->icmp_type == CM_ICMP_NONE)
		return 0;
	if (name)
		return (size_t)snprintf(buf, len, " %s", name);
	if (l->icmp_code == CM_ICMP_NONE)
		return (size_t)snprintf(buf, len, " %d", l->icmp_type);
	return (size_t)snprintf(buf, len, " %d %d", l->icmp_type, l->icmp_code);
}

const char *acl_format(const struct cm_line *l, char *buf, size_t len)
{
	char src[40], dst[40], proto[8];
	const char *pname = proto_name(l->proto);
	size_t n;

	if (l->action == CMAP_ACTION_REMARK) {
		snprintf(buf, len, "remark %s", l->remark ? l->remark : "");
		return buf;
	}
	if (!pname)
		snprintf(proto, sizeof(proto), "%d", l->proto), pname = proto;
	n = (size_t)snprintf(buf, len, "%s %s %s", action_str(l->action), pname,
			     addr_format(&l->src, src, sizeof(src)));
	n += port_format(&l->sport, l->proto, buf + n, len - n);
	n += (size_t)snprintf(buf + n, len - n, " %s",
			      addr_format(&l->dst, dst, sizeof(dst)));
	n += port_format(&l->dport, l->proto, buf + n, len - n);
	n += icmp_format(l, buf + n, len - n);
	if (l->log)
		snprintf(buf + n, len - n, " log");
	return buf;
}
