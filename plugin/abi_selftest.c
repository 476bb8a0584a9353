// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "abi_selftest.h"

struct name_check {
	enum_name_t **table;
	int value;
	const char *name;
	const char *what;
};

/* Values the plugin relies on, with the names 5.9.8 gives them. */
static const struct name_check names[] = {
	{ &debug_names, DBG_KNL, "KNL", "debug_t" },
	{ &policy_dir_names, POLICY_FWD, "fwd", "policy_dir_t" },
	{ &ipsec_mode_names, MODE_TUNNEL, "TUNNEL", "ipsec_mode_t" },
	{ &ipsec_mode_names, MODE_TRANSPORT, "TRANSPORT", "ipsec_mode_t" },
	{ &protocol_id_names, PROTO_ESP, "ESP", "protocol_id_t" },
	{ &encryption_algorithm_names, ENCR_DES, "DES_CBC", "encryption_algorithm_t" },
	{ &encryption_algorithm_names, ENCR_AES_CBC, "AES_CBC", "encryption_algorithm_t" },
	{ &encryption_algorithm_names, ENCR_AES_GCM_ICV16, "AES_GCM_16", "encryption_algorithm_t" },
	{ &encryption_algorithm_names, ENCR_UNDEFINED, "UNDEFINED", "encryption_algorithm_t" },
	{ &integrity_algorithm_names, AUTH_HMAC_MD5_96, "HMAC_MD5_96", "integrity_algorithm_t" },
	{ &integrity_algorithm_names, AUTH_HMAC_SHA2_256_128, "HMAC_SHA2_256_128", "integrity_algorithm_t" },
	{ &integrity_algorithm_names, AUTH_UNDEFINED, "UNDEFINED", "integrity_algorithm_t" },
};

static const char *check_names(void)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *got = enum_to_name(*names[i].table, names[i].value);

		if (!got || strcmp(got, names[i].name))
			return names[i].what;
	}
	return NULL;
}

static const char *check_feature(plugin_feature_t *provide)
{
	char *s = plugin_feature_get_string(provide);
	bool ok = s && !strcmp(s, "CUSTOM:kernel-ipsec");

	free(s);
	return ok ? NULL : "plugin_feature_t";
}

static const char *check_host(void)
{
	static const unsigned char want[4] = { 192, 0, 2, 1 };
	host_t *h = host_create_from_string("192.0.2.1", 500), *c;
	const char *err = NULL;
	chunk_t a;

	if (!h)
		return "host_create_from_string";
	a = h->get_address(h);
	if (h->get_family(h) != AF_INET || h->get_port(h) != 500 ||
	    a.len != 4 || memcmp(a.ptr, want, 4))
		err = "host_t";
	c = h->clone(h);
	if (!err && (!c || !c->equals(c, h)))
		err = "host_t clone/equals";
	if (c)
		c->destroy(c);
	h->destroy(h);
	return err;
}

static const char *check_ts(traffic_selector_t *ts)
{
	static const unsigned char from[4] = { 198, 51, 100, 0 };
	static const unsigned char to[4] = { 198, 51, 100, 255 };
	chunk_t f = ts->get_from_address(ts), t = ts->get_to_address(ts);
	host_t *net = NULL;
	uint8_t bits = 0;
	bool exact;

	if (ts->get_type(ts) != TS_IPV4_ADDR_RANGE || ts->get_protocol(ts) != 17 ||
	    ts->get_from_port(ts) != 500 || ts->get_to_port(ts) != 4500 ||
	    f.len != 4 || memcmp(f.ptr, from, 4) ||
	    t.len != 4 || memcmp(t.ptr, to, 4))
		return "traffic_selector_t";
	exact = ts->to_subnet(ts, &net, &bits);
	if (net) {
		chunk_t n = net->get_address(net);

		if (n.len != 4 || memcmp(n.ptr, from, 4))
			exact = false;
		net->destroy(net);
	}
	return exact && bits == 24 ? NULL : "traffic_selector_t to_subnet";
}

/* Also runs the selector through a linked_list_t, as add_sa receives it. */
static const char *check_ts_list(void)
{
	traffic_selector_t *ts, *got = NULL;
	linked_list_t *list;
	const char *err;
	enumerator_t *e;

	ts = traffic_selector_create_from_cidr("198.51.100.0/24", 17, 500, 4500);
	if (!ts)
		return "traffic_selector_create_from_cidr";
	err = check_ts(ts);
	list = linked_list_create();
	if (list) {
		list->insert_last(list, ts);
		e = list->create_enumerator(list);
		if (!e->enumerate(e, &got))
			got = NULL;
		e->destroy(e);
		if (!err && (list->get_count(list) != 1 || got != ts))
			err = "linked_list_t";
		list->destroy(list);
	} else if (!err) {
		err = "linked_list_create";
	}
	ts->destroy(ts);
	return err;
}

static const char *check_settings(void)
{
	if (!lib || !lib->ns || !lib->settings)
		return "library_t";
	/* an unset key must come back as the default */
	if (lib->settings->get_int(lib->settings,
				   "%s.plugins.kernel-cryptomap.abi-selftest-unset",
				   4711, lib->ns) != 4711)
		return "settings_t";
	return NULL;
}

const char *cmap_abi_selftest(plugin_feature_t *provide)
{
	const char *err;

	if ((err = check_settings()) || (err = check_names()) ||
	    (err = check_feature(provide)) || (err = check_host()) ||
	    (err = check_ts_list()))
		return err;
	return NULL;
}
