/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * strongSwan 5.9.8 ABI, part 5: plugins and plugin features.
 * Declared from the 5.9.8 sources named per struct; see sw_base.h.
 */
#ifndef CMAP_SW_PLUGIN_H
#define CMAP_SW_PLUGIN_H

#include "sw_base.h"

/* src/libstrongswan/plugins/plugin.h: struct plugin_t. reload may be NULL.
 * The loader resolves "<name with - as _>_plugin_create" in
 * <plugindir>/libstrongswan-<name>.so (plugin_loader.c). */
typedef struct plugin_t plugin_t;
typedef struct plugin_feature_t plugin_feature_t;
struct plugin_t {
	char *(*get_name)(plugin_t *self);
	int (*get_features)(plugin_t *self, plugin_feature_t *features[]);
	bool (*reload)(plugin_t *self);
	void (*destroy)(plugin_t *self);
};

typedef bool (*plugin_feature_callback_t)(plugin_t *plugin,
					  plugin_feature_t *feature,
					  bool reg, void *data);

/*
 * src/libstrongswan/plugins/plugin_feature.h: struct plugin_feature_t is
 * { kind enum, type enum, union arg }. The loader walks the array a plugin
 * returns with the real element size, so ours must be exactly as large: the
 * union's largest members are 16 bytes on LP64 (crypter {enum, size_t},
 * reg {bool, void *}, cb {fn, void *}). Only the members we fill are named.
 */
enum plugin_feature_kind {
	FEATURE_PROVIDE = 0,
	FEATURE_DEPENDS = 1,
	FEATURE_SDEPEND = 2,
	FEATURE_REGISTER = 3,
	FEATURE_CALLBACK = 4,
};

/* The type enum runs NONE = 0 ... CUSTOM = 30 (31 names in the exported
 * plugin_feature_names table); we use only these two. */
enum plugin_feature_type {
	FEATURE_NONE = 0,
	FEATURE_CUSTOM = 30,
};

struct plugin_feature_t {
	enum plugin_feature_kind kind;
	enum plugin_feature_type type;
	union {
		char *custom;			/* FEATURE_CUSTOM: feature name */
		struct {
			plugin_feature_callback_t f;
			void *data;
		} cb;				/* FEATURE_CALLBACK */
		struct {
			int alg;
			size_t key_size;
		} size_16;			/* sizes the union like the real one */
	} arg;
};
CMAP_ABI_ASSERT(offsetof(plugin_feature_t, arg) == 8 &&
		sizeof(plugin_feature_t) == 24, "plugin_feature_t is 24 bytes");

/* Exported by libstrongswan: describes a feature as the loader logs it,
 * e.g. "CUSTOM:kernel-ipsec"; the caller frees the string. */
extern char *plugin_feature_get_string(plugin_feature_t *feature);

#endif /* CMAP_SW_PLUGIN_H */
