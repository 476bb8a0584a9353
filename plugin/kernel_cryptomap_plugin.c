// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The "kernel-cryptomap" charon plugin: provides charon's "kernel-ipsec"
 * feature with cryptomap.ko as the backend. kernel-netlink stays loaded and
 * keeps providing "kernel-net" (addresses, routes, interface events).
 *
 * charon keeps exactly one IPsec backend: the first provider of
 * "kernel-ipsec" to register wins, later registrations fail and the loader
 * notes that only at debug level 2. Plugins register in load order, which the
 * `load = N` priority in kernel-cryptomap.conf decides (highest first), so
 * with a priority above kernel-netlink's we are the backend, and if we fail
 * to register charon quietly keeps XFRM. Hence the loud log lines below.
 */
#include <stdlib.h>

#include "abi_selftest.h"
#include "cmap_nl.h"
#include "kernel_cryptomap_ipsec.h"

#define PLUGIN_NAME "kernel-cryptomap"

#ifndef CMAP_BUILT_AGAINST
#define CMAP_BUILT_AGAINST "unknown"
#endif

struct cmap_plugin {
	plugin_t public;		/* first: charon holds &public */
};

static char *get_name(plugin_t *self)
{
	(void)self;
	return PLUGIN_NAME;
}

/* The loader walks this array after create; register callback first, then
 * the feature it registers. */
static plugin_feature_t features[] = {
	{
		.kind = FEATURE_CALLBACK,
		.type = FEATURE_NONE,
		.arg.cb = {
			.f = kernel_ipsec_register,
			.data = (void *)kernel_cryptomap_ipsec_create,
		},
	},
	{
		.kind = FEATURE_PROVIDE,
		.type = FEATURE_CUSTOM,
		.arg.custom = "kernel-ipsec",
	},
};

static int get_features(plugin_t *self, plugin_feature_t *out[])
{
	(void)self;
	*out = features;
	return sizeof(features) / sizeof(features[0]);
}

static void destroy(plugin_t *self)
{
	free(self);
}

/* The one symbol the loader looks up (name with '-' turned into '_'). */
__attribute__((visibility("default")))
plugin_t *kernel_cryptomap_plugin_create(void);

plugin_t *kernel_cryptomap_plugin_create(void)
{
	struct cmap_plugin *this;
	struct cmap_nl *nl;
	const char *err;
	char why[256];

	err = cmap_abi_selftest(&features[1]);
	if (err) {
		CMAP_DBG0("ABI self-test failed at %s: this charon is not the "
			  "strongSwan " CMAP_STRONGSWAN_VERSION " the plugin was "
			  "built for (%s); not loading, charon will use another "
			  "IPsec backend (XFRM)", err, CMAP_BUILT_AGAINST);
		return NULL;
	}
	/* Without the module there is nothing to be the backend of: refuse
	 * now, loudly, rather than register and fail at the first SA. cmapctl
	 * then sees the plugin missing and stops charon instead of letting
	 * it run on XFRM. */
	nl = cmap_nl_create(why, sizeof(why));
	if (!nl) {
		CMAP_DBG0("ERROR: %s; not loading: charon would silently use "
			  "another IPsec backend (XFRM) instead of cryptomap.ko",
			  why);
		return NULL;
	}
	cmap_nl_destroy(nl);
	this = calloc(1, sizeof(*this));
	if (!this)
		return NULL;
	this->public = (plugin_t){
		.get_name = get_name,
		.get_features = get_features,
		.reload = NULL,
		.destroy = destroy,
	};
	CMAP_DBG1("plugin for strongSwan %s (built against %s), ABI self-test "
		  "passed, load priority %d", CMAP_STRONGSWAN_VERSION,
		  CMAP_BUILT_AGAINST,
		  lib->settings->get_int(lib->settings, "%s.plugins.%s.load", 0,
					 lib->ns, PLUGIN_NAME));
	return &this->public;
}
