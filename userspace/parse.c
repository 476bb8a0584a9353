// SPDX-License-Identifier: GPL-2.0
/*
 * The driver of the IOS parser: reads lines, tracks the configuration mode
 * and hands each line to the command that owns it.
 *
 * A line belongs to the current block when it is indented, as IOS writes
 * its configuration; a line flush left ends the block, so that a "set" or
 * "match" there is an error rather than a silent change of the last block.
 * "!" lines are comments and end nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "parser.h"

static void pvdiag(struct parser *p, unsigned int i, enum sev sev,
		   const char *fmt, va_list ap)
{
	const struct lexline *l = p->l;
	unsigned int col = i < l->n ? l->col[i] : (unsigned int)strlen(l->raw) + 1;

	vdiag(&p->loc, col, sev, fmt, ap);
}

void perr(struct parser *p, unsigned int i, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pvdiag(p, i, SEV_ERROR, fmt, ap);
	va_end(ap);
	p->errors++;
}

void pwarn(struct parser *p, unsigned int i, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pvdiag(p, i, SEV_WARNING, fmt, ap);
	va_end(ap);
}

bool pneed(struct parser *p, unsigned int i, const char *what)
{
	if (i < p->l->n)
		return true;
	perr(p, i, "missing %s", what);
	return false;
}

bool pend(struct parser *p, unsigned int i)
{
	if (i >= p->l->n && !p->l->too_long)
		return true;
	perr(p, i, "unexpected '%s'", i < p->l->n ? p->l->tok[i] : "...");
	return false;
}

bool pnum(struct parser *p, unsigned int i, uint32_t min, uint32_t max,
	  const char *what, uint32_t *out)
{
	if (!pneed(p, i, what))
		return false;
	if (parse_u32(p->l->tok[i], min, max, out))
		return true;
	perr(p, i, "invalid %s '%s' (%u-%u)", what, p->l->tok[i], min, max);
	return false;
}

bool pip(struct parser *p, unsigned int i, const char *what, uint32_t *out)
{
	if (!pneed(p, i, what))
		return false;
	if (ip_parse(p->l->tok[i], out))
		return true;
	perr(p, i, "invalid IPv4 address '%s'", p->l->tok[i]);
	return false;
}

bool pname(struct parser *p, unsigned int i, const char *what, char *out)
{
	if (!pneed(p, i, what))
		return false;
	if (copy_name(out, CMAP_NAME_MAX, p->l->tok[i]))
		return true;
	perr(p, i, "%s longer than %d characters", what, CMAP_NAME_MAX - 1);
	return false;
}

bool pacl_name(struct parser *p, unsigned int i, char *out)
{
	const char *s;

	if (!pname(p, i, "access list name", out))
		return false;
	s = p->l->tok[i];
	if (model_acl_numbered(s) || (*s < '0' || *s > '9'))
		return true;
	perr(p, i, "access list %s is not an extended access list "
		   "(100-199, 2000-2699, or a name)", s);
	return false;
}

/* Words after these are secrets of other subsystems: never echoed. */
static bool secret_word(const char *w)
{
	static const char *const words[] = {
		"secret", "password", "key", "key-string", "community",
		"pre-shared-key", "authentication-key", "message-digest-key",
		"wpa-psk", "psk", "passphrase",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (!strcmp(w, words[i]))
			return true;
	return false;
}

static char *redacted(const struct lexline *l)
{
	size_t len = 1, i;
	char *s;

	for (i = 0; i < l->n; i++)
		len += strlen(l->tok[i]) + 1;
	s = xmalloc(len + 8);
	*s = 0;
	for (i = 0; i < l->n; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, l->tok[i]);
		if (secret_word(l->tok[i]) && i + 1 < l->n) {
			strcat(s, " *****");
			break;
		}
	}
	if (l->too_long && i == l->n)
		strcat(s, " ...");
	return s;
}

void pignore(struct parser *p)
{
	struct ignored_line *il;

	if (p->mode == PM_IFACE) {
		il = VEC_PUSH(p->iface_lines);
		il->loc = p->loc;
		il->text = redacted(p->l);
		return;
	}
	if (p->report_ignored) {
		char *text = redacted(p->l);

		diag(&p->loc, 0, SEV_IGNORED, "%s", text);
		free(text);
	}
}

/* An interface block is reported when it ends: whole if it had no map. */
static void iface_flush(struct parser *p)
{
	size_t i;

	for (i = 0; i < p->iface_lines.n; i++) {
		struct ignored_line *il = &p->iface_lines.v[i];

		if (p->report_ignored && (i || !p->iface_used))
			diag(&il->loc, 0, SEV_IGNORED, "%s", il->text);
		free(il->text);
	}
	p->iface_lines.n = 0;
}

static void leave_mode(struct parser *p)
{
	if (p->mode == PM_IFACE)
		iface_flush(p);
	p->mode = PM_TOP;
}

static void ignore_block(struct parser *p)
{
	pignore(p);
	p->mode = PM_IGNORE;
}

static void interface_cmd(struct parser *p)
{
	if (!pneed(p, 1, "interface name"))
		return;
	if (!copy_name(p->iface, sizeof(p->iface), p->l->tok[1])) {
		perr(p, 1, "interface name longer than %d characters",
		     CM_IFNAME_MAX - 1);
		return;
	}
	p->mode = PM_IFACE;
	p->iface_used = false;
	pignore(p);	/* held back: dropped if the block binds a map */
}

static void iface_address(struct parser *p)
{
	struct cm_ifaddr a = { .loc = p->loc };

	pignore(p);
	if (p->l->n < 4 || !ip_parse(p->l->tok[2], &a.addr) ||
	    !ip_parse(p->l->tok[3], &a.mask))
		return;
	copy_name(a.ifname, sizeof(a.ifname), p->iface);
	*VEC_PUSH(p->cfg->ifaddrs) = a;
}

static void iface_crypto_map(struct parser *p)
{
	struct cm_binding *b;
	char map[CMAP_NAME_MAX];

	if (!pname(p, 2, "crypto map name", map) || !pend(p, 3))
		return;
	b = model_binding(p->cfg, p->iface);
	if (b)
		pwarn(p, 0, "interface %s: crypto map %s replaces %s "
			    "(one map per interface)", p->iface, map, b->map);
	else
		b = model_add_binding(p->cfg, p->iface);
	copy_name(b->map, sizeof(b->map), map);
	b->loc = p->loc;
	p->iface_used = true;
}

static bool is_map_command(const struct lexline *l)
{
	return lex_is(l, 0, "set", NULL) || lex_is(l, 0, "match", "address");
}

static void outside(struct parser *p, const char *where)
{
	perr(p, 0, "'%s%s%s' outside %s", p->l->tok[0], p->l->n > 1 ? " " : "",
	     p->l->n > 1 ? p->l->tok[1] : "", where);
}

static void iface_line(struct parser *p)
{
	const struct lexline *l = p->l;

	if (lex_is(l, 0, "ip", "address"))
		iface_address(p);
	else if (lex_is(l, 0, "crypto", "map") && l->n <= 4)
		iface_crypto_map(p);
	else if (is_map_command(l))
		outside(p, "a crypto map");
	else
		pignore(p);
}

static void route_cmd(struct parser *p)
{
	const struct lexline *l = p->l;
	struct cm_route r = { .loc = p->loc };

	pignore(p);
	if (l->n < 5 || !ip_parse(l->tok[2], &r.prefix) ||
	    !ip_parse(l->tok[3], &r.mask))
		return;
	if (!ip_parse(l->tok[4], &r.nexthop)) {
		if (!copy_name(r.ifname, sizeof(r.ifname), l->tok[4]))
			return;
		if (l->n > 5 && !ip_parse(l->tok[5], &r.nexthop))
			r.nexthop = 0;
	}
	*VEC_PUSH(p->cfg->routes) = r;
}

static void hostname_cmd(struct parser *p)
{
	pignore(p);
	if (p->l->n == 2)
		copy_name(p->cfg->hostname, sizeof(p->cfg->hostname),
			  p->l->tok[1]);
}

/* "banner TYPE ^C text ^C": the delimiter is "^C" or one character. */
static void banner_cmd(struct parser *p)
{
	const char *d, *end;
	size_t dlen;

	ignore_block(p);
	if (p->l->n < 3)
		return;
	d = p->l->raw + p->l->col[2] - 1;
	dlen = strncmp(d, "^C", 2) ? 1 : 2;
	memcpy(p->banner_end, d, dlen);
	p->banner_end[dlen] = 0;
	end = strstr(d + dlen, p->banner_end);
	p->mode = end ? PM_TOP : PM_BANNER;
}

static void banner_line(struct parser *p)
{
	if (p->l->n)
		pignore(p);
	if (strstr(p->l->raw, p->banner_end))
		p->mode = PM_TOP;
}

static void outside_map(struct parser *p)
{
	outside(p, "a crypto map");
}

static void outside_tset(struct parser *p)
{
	outside(p, "a transform set");
}

static void outside_acl(struct parser *p)
{
	outside(p, "an access list");
}

static const struct top_cmd {
	const char *w[3];
	void (*fn)(struct parser *p);
} top_cmds[] = {
	{ { "crypto", "isakmp", "policy" }, crypto_isakmp_policy },
	{ { "crypto", "isakmp", "key" }, crypto_isakmp_key },
	{ { "crypto", "ipsec", "transform-set" }, crypto_transform_set },
	{ { "crypto", "ipsec", "security-association" }, crypto_ipsec_sa },
	{ { "crypto", "ipsec", "df-bit" }, crypto_df_bit },
	{ { "crypto", "map" }, crypto_map },
	{ { "crypto", "dynamic-map" }, crypto_dynamic_map },
	{ { "access-list" }, acl_numbered },
	{ { "ip", "access-list", "extended" }, acl_named },
	{ { "ip", "route" }, route_cmd },
	{ { "interface" }, interface_cmd },
	{ { "hostname" }, hostname_cmd },
	{ { "banner" }, banner_cmd },
	{ { "set" }, outside_map },
	{ { "match" }, outside_map },
	{ { "mode" }, outside_tset },
	{ { "permit" }, outside_acl },
	{ { "deny" }, outside_acl },
	{ { "remark" }, outside_acl },
};

static bool words_match(const struct lexline *l, const char *const *w)
{
	unsigned int i;

	for (i = 0; i < 3 && w[i]; i++)
		if (i >= l->n || !streq(l->tok[i], w[i]))
			return false;
	return true;
}

static void top_line(struct parser *p)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(top_cmds); i++) {
		if (words_match(p->l, top_cmds[i].w)) {
			top_cmds[i].fn(p);
			return;
		}
	}
	ignore_block(p);
}

static void block_line(struct parser *p)
{
	switch (p->mode) {
	case PM_IFACE:
		iface_line(p);
		break;
	case PM_ENTRY:
		entry_line(p);
		break;
	case PM_TSET:
		tset_line(p);
		break;
	case PM_ACL:
		acl_block_line(p);
		break;
	case PM_POLICY:
		policy_line(p);
		break;
	default:
		pignore(p);
	}
}

static void parse_line(struct parser *p)
{
	const struct lexline *l = p->l;

	if (p->mode == PM_BANNER) {
		banner_line(p);
		return;
	}
	if (l->comment || !l->n)
		return;
	if (lex_is(l, 0, "exit", NULL) && l->n == 1) {
		leave_mode(p);
		return;
	}
	if (p->mode != PM_TOP && l->indented) {
		block_line(p);
		return;
	}
	leave_mode(p);
	top_line(p);
}

/* "-" is standard input, named "<stdin>" in messages. */
static FILE *open_input(struct cm_config *c)
{
	FILE *f;

	if (!strcmp(c->file, "-")) {
		c->file = "<stdin>";
		return stdin;
	}
	f = fopen(c->file, "r");
	if (!f)
		diag(&(struct loc){ .file = c->file }, 0, SEV_ERROR, "%m");
	return f;
}

int parse_file(struct cm_config *c, bool report_ignored)
{
	struct parser p = { .cfg = c, .report_ignored = report_ignored };
	struct lexline l = { 0 };
	char *raw = NULL;
	size_t cap = 0;
	ssize_t len;
	int read_error;
	FILE *f = open_input(c);

	if (!f)
		return -1;
	p.loc.file = c->file;
	p.l = &l;
	while ((len = getline(&raw, &cap, f)) >= 0) {
		if (len && raw[len - 1] == '\n')
			raw[len - 1] = 0;
		p.loc.line++;
		lex_split(&l, raw);
		parse_line(&p);
	}
	/* Not the end of the file: what was read must not load as the whole. */
	read_error = ferror(f) ? errno : 0;
	lex_free(&l);
	leave_mode(&p);
	VEC_FREE(p.iface_lines);
	free(raw);
	if (f != stdin)
		fclose(f);
	if (read_error) {
		diag(&(struct loc){ .file = c->file }, 0, SEV_ERROR,
		     "reading after line %u: %s", p.loc.line,
		     strerror(read_error));
		return -1;
	}
	return (int)p.errors;
}
