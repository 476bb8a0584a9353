// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <linux/cryptomap.h>

#include "model.h"
#include "names.h"

struct kw {
	const char *name;
	int num, num2;
};

static const struct kw protos[] = {
	{ "icmp", 1, 0 }, { "igmp", 2, 0 }, { "ipinip", 4, 0 }, { "tcp", 6, 0 },
	{ "udp", 17, 0 }, { "gre", 47, 0 }, { "esp", 50, 0 }, { "ahp", 51, 0 },
	{ "eigrp", 88, 0 }, { "ospf", 89, 0 }, { "nos", 94, 0 }, { "pim", 103, 0 },
	{ "pcp", 108, 0 },
};

/* IOS port keywords; num2 says for which protocol (0: both). */
static const struct kw ports[] = {
	{ "bgp", 179, 6 }, { "biff", 512, 17 }, { "bootpc", 68, 17 },
	{ "bootps", 67, 17 }, { "chargen", 19, 6 }, { "cmd", 514, 6 },
	{ "daytime", 13, 6 }, { "discard", 9, 0 }, { "dnsix", 195, 17 },
	{ "domain", 53, 0 }, { "echo", 7, 0 }, { "exec", 512, 6 },
	{ "finger", 79, 6 }, { "ftp", 21, 6 }, { "ftp-data", 20, 6 },
	{ "gopher", 70, 6 }, { "hostname", 101, 6 }, { "ident", 113, 6 },
	{ "irc", 194, 6 }, { "isakmp", 500, 17 }, { "klogin", 543, 6 },
	{ "kshell", 544, 6 }, { "login", 513, 6 }, { "lpd", 515, 6 },
	{ "mobile-ip", 434, 17 }, { "nameserver", 42, 17 },
	{ "netbios-dgm", 138, 17 }, { "netbios-ns", 137, 17 },
	{ "netbios-ss", 139, 17 }, { "nntp", 119, 6 },
	{ "non500-isakmp", 4500, 17 }, { "ntp", 123, 17 },
	{ "pim-auto-rp", 496, 0 }, { "pop2", 109, 6 }, { "pop3", 110, 6 },
	{ "rip", 520, 17 }, { "smtp", 25, 6 }, { "snmp", 161, 17 },
	{ "snmptrap", 162, 17 }, { "sunrpc", 111, 0 }, { "syslog", 514, 17 },
	{ "tacacs", 49, 0 }, { "talk", 517, 0 }, { "telnet", 23, 6 },
	{ "tftp", 69, 17 }, { "time", 37, 0 }, { "uucp", 540, 6 },
	{ "who", 513, 17 }, { "whois", 43, 6 }, { "www", 80, 6 },
	{ "xdmcp", 177, 17 },
};

static const struct kw icmps[] = {
	{ "echo-reply", 0, -1 }, { "unreachable", 3, -1 },
	{ "net-unreachable", 3, 0 }, { "host-unreachable", 3, 1 },
	{ "protocol-unreachable", 3, 2 }, { "port-unreachable", 3, 3 },
	{ "packet-too-big", 3, 4 }, { "source-route-failed", 3, 5 },
	{ "network-unknown", 3, 6 }, { "host-unknown", 3, 7 },
	{ "host-isolated", 3, 8 }, { "dod-net-prohibited", 3, 9 },
	{ "dod-host-prohibited", 3, 10 }, { "net-tos-unreachable", 3, 11 },
	{ "host-tos-unreachable", 3, 12 },
	{ "administratively-prohibited", 3, 13 },
	{ "host-precedence-unreachable", 3, 14 },
	{ "precedence-unreachable", 3, 15 }, { "source-quench", 4, -1 },
	{ "redirect", 5, -1 }, { "net-redirect", 5, 0 },
	{ "host-redirect", 5, 1 }, { "net-tos-redirect", 5, 2 },
	{ "host-tos-redirect", 5, 3 }, { "alternate-address", 6, -1 },
	{ "echo", 8, -1 }, { "router-advertisement", 9, -1 },
	{ "router-solicitation", 10, -1 }, { "time-exceeded", 11, -1 },
	{ "ttl-exceeded", 11, 0 }, { "reassembly-timeout", 11, 1 },
	{ "parameter-problem", 12, -1 },
	{ "general-parameter-problem", 12, 0 }, { "option-missing", 12, 1 },
	{ "no-room-for-option", 12, 2 }, { "timestamp-request", 13, -1 },
	{ "timestamp-reply", 14, -1 }, { "information-request", 15, -1 },
	{ "information-reply", 16, -1 }, { "mask-request", 17, -1 },
	{ "mask-reply", 18, -1 }, { "traceroute", 30, -1 },
	{ "conversion-error", 31, -1 }, { "mobile-redirect", 32, -1 },
};

static const struct kw *kw_find(const struct kw *t, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (streq(t[i].name, s))
			return &t[i];
	return NULL;
}

bool proto_parse(const char *s, int *proto)
{
	const struct kw *k;
	uint32_t n;

	if (streq(s, "ip")) {
		*proto = CM_PROTO_ANY;
		return true;
	}
	k = kw_find(protos, ARRAY_SIZE(protos), s);
	if (k) {
		*proto = k->num;
		return true;
	}
	if (!parse_u32(s, 0, 255, &n))
		return false;
	/* IOS shows protocol 0 as "ip": it matches every protocol. */
	*proto = n ? (int)n : CM_PROTO_ANY;
	return true;
}

const char *proto_name(int proto)
{
	size_t i;

	if (proto == CM_PROTO_ANY)
		return "ip";
	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (protos[i].num == proto)
			return protos[i].name;
	return NULL;
}

bool port_parse(int proto, const char *s, uint16_t *port)
{
	uint32_t n;
	size_t i;

	if (parse_u32(s, 0, 65535, &n)) {
		*port = (uint16_t)n;
		return true;
	}
	for (i = 0; i < ARRAY_SIZE(ports); i++) {
		if (!streq(ports[i].name, s))
			continue;
		if (ports[i].num2 && ports[i].num2 != proto)
			continue;
		*port = (uint16_t)ports[i].num;
		return true;
	}
	return false;
}

const char *port_name(int proto, unsigned int port)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ports); i++)
		if (ports[i].num == (int)port &&
		    (!ports[i].num2 || ports[i].num2 == proto))
			return ports[i].name;
	return NULL;
}

bool icmp_parse(const char *s, int *type, int *code)
{
	const struct kw *k = kw_find(icmps, ARRAY_SIZE(icmps), s);

	if (!k)
		return false;
	*type = k->num;
	*code = k->num2;
	return true;
}

const char *icmp_name(int type, int code)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(icmps); i++)
		if (icmps[i].num == type && icmps[i].num2 == code)
			return icmps[i].name;
	return NULL;
}

static const struct xform xforms[] = {
	{ "esp-null", XF_CIPHER, CMAP_CIPHER_NULL, false, true },
	{ "esp-des", XF_CIPHER, CMAP_CIPHER_DES, false, true },
	{ "esp-3des", XF_CIPHER, CMAP_CIPHER_3DES, false, false },
	{ "esp-aes", XF_CIPHER, CMAP_CIPHER_AES, true, false },
	{ "esp-gcm", XF_CIPHER, CMAP_CIPHER_GCM, true, false },
	{ "esp-gmac", XF_CIPHER, CMAP_CIPHER_GMAC, true, false },
	{ "esp-md5-hmac", XF_AUTH, CMAP_AUTH_MD5, false, true },
	{ "esp-sha-hmac", XF_AUTH, CMAP_AUTH_SHA1, false, false },
	{ "esp-sha256-hmac", XF_AUTH, CMAP_AUTH_SHA256, false, false },
	{ "esp-sha384-hmac", XF_AUTH, CMAP_AUTH_SHA384, false, false },
	{ "esp-sha512-hmac", XF_AUTH, CMAP_AUTH_SHA512, false, false },
	{ "esp-seal", XF_UNSUPPORTED, 0, false, false },
	{ "ah-md5-hmac", XF_UNSUPPORTED, 0, false, false },
	{ "ah-sha-hmac", XF_UNSUPPORTED, 0, false, false },
	{ "ah-sha256-hmac", XF_UNSUPPORTED, 0, false, false },
	{ "ah-sha384-hmac", XF_UNSUPPORTED, 0, false, false },
	{ "ah-sha512-hmac", XF_UNSUPPORTED, 0, false, false },
	{ "comp-lzs", XF_UNSUPPORTED, 0, false, false },
};

const struct xform *xform_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(xforms); i++)
		if (!strcmp(xforms[i].name, name))
			return &xforms[i];
	return NULL;
}

static const struct xform *xform_by(enum xform_kind kind, unsigned int value)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(xforms); i++)
		if (xforms[i].kind == kind && xforms[i].value == value)
			return &xforms[i];
	return NULL;
}

const struct xform *xform_cipher(unsigned int cipher)
{
	return xform_by(XF_CIPHER, cipher);
}

const struct xform *xform_auth(unsigned int auth)
{
	return xform_by(XF_AUTH, auth);
}

bool pfs_group_valid(uint32_t g)
{
	return g == 1 || g == 2 || g == 5 || (g >= 14 && g <= 16) ||
	       (g >= 19 && g <= 21) || g == 24;
}

bool pfs_group_weak(uint32_t g)
{
	return g == 1 || g == 2 || g == 5;
}

static const char *enum_str(const char *const *names, size_t n, unsigned int v)
{
	return v < n && names[v] ? names[v] : "unknown";
}

#define ENUM_STR(fn, ...) \
	const char *fn(unsigned int v) \
	{ \
		static const char *const names[] = { __VA_ARGS__ }; \
		return enum_str(names, ARRAY_SIZE(names), v); \
	}

ENUM_STR(entry_type_str, "isakmp", "manual", "dynamic")
ENUM_STR(cipher_str, "null", "des", "3des", "aes", "gcm", "gmac")
ENUM_STR(auth_str, "none", "md5", "sha1", "sha256", "sha384", "sha512")
ENUM_STR(mode_str, "tunnel", "transport")
ENUM_STR(df_str, "copy", "clear", "set")
ENUM_STR(action_str, "permit", "deny", "remark")
ENUM_STR(portop_str, "any", "eq", "neq", "lt", "gt", "range")
