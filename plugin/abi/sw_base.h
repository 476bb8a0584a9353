/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * strongSwan 5.9.8 ABI, part 1: basic types, collections, logging, `lib`.
 *
 * Debian ships no strongSwan headers, so the plugin declares the binary
 * interface it uses itself. Every declaration here was written from the
 * layout facts (member order, types, enum values) of the 5.9.8 source named
 * in its comment; nothing is taken over verbatim. Structs that the plugin only
 * reaches through pointers handed out by strongSwan are declared as a prefix
 * (the members up to the last one we call) and must never be allocated,
 * copied or embedded by us. See README.md, "ABI".
 */
#ifndef CMAP_SW_BASE_H
#define CMAP_SW_BASE_H

#include <stdarg.h>
#include <stdbool.h>	/* utils/utils/types.h: bool is C99 _Bool with HAVE_STDBOOL_H */
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>

#define CMAP_ABI_ASSERT(cond, what) _Static_assert(cond, "strongSwan 5.9.8 ABI: " what)

/* The layouts below are stated for LP64 (Debian amd64/arm64). */
CMAP_ABI_ASSERT(sizeof(void *) == 8 && sizeof(size_t) == 8, "LP64 only");
CMAP_ABI_ASSERT(sizeof(bool) == 1, "bool is one byte");

/* src/libstrongswan/utils/utils/status.h: enum status_t, numbered from 0. */
typedef enum status_t {
	SUCCESS = 0,
	FAILED = 1,
	OUT_OF_RES = 2,
	ALREADY_DONE = 3,
	NOT_SUPPORTED = 4,
	INVALID_ARG = 5,
	NOT_FOUND = 6,
	PARSE_ERROR = 7,
	VERIFY_ERROR = 8,
	INVALID_STATE = 9,
	DESTROY_ME = 10,
	NEED_MORE = 11,
} status_t;
CMAP_ABI_ASSERT(sizeof(status_t) == 4, "status_t is an int-sized enum");

/* src/libstrongswan/utils/chunk.h: struct chunk_t, passed by value. */
typedef struct chunk_t {
	unsigned char *ptr;
	size_t len;
} chunk_t;
CMAP_ABI_ASSERT(sizeof(chunk_t) == 16, "chunk_t is pointer + size_t");

/* src/libstrongswan/utils/enum.h: enum_name_t is opaque to us; the name
 * tables are exported data, enum_to_name() returns NULL for unknown values. */
typedef struct enum_name_t enum_name_t;
extern char *enum_to_name(enum_name_t *names, int value);

/* src/libstrongswan/collections/enumerator.h: struct enumerator_t. */
typedef struct enumerator_t enumerator_t;
struct enumerator_t {
	bool (*enumerate)(enumerator_t *self, ...);
	bool (*venumerate)(enumerator_t *self, va_list args);
	void (*destroy)(enumerator_t *self);
};

/* src/libstrongswan/collections/linked_list.h: struct linked_list_t, the
 * complete method table in 5.9.8 order. */
typedef struct linked_list_t linked_list_t;
struct linked_list_t {
	int (*get_count)(linked_list_t *self);
	enumerator_t *(*create_enumerator)(linked_list_t *self);
	void (*reset_enumerator)(linked_list_t *self, enumerator_t *e);
	void (*insert_first)(linked_list_t *self, void *item);
	status_t (*remove_first)(linked_list_t *self, void **item);
	void (*insert_before)(linked_list_t *self, enumerator_t *e, void *item);
	void (*remove_at)(linked_list_t *self, enumerator_t *e);
	int (*remove)(linked_list_t *self, void *item, bool (*cmp)(void *, void *));
	status_t (*get_first)(linked_list_t *self, void **item);
	void (*insert_last)(linked_list_t *self, void *item);
	status_t (*remove_last)(linked_list_t *self, void **item);
	status_t (*get_last)(linked_list_t *self, void **item);
	bool (*find_first)(linked_list_t *self, void *match, void **item, ...);
	void (*invoke_offset)(linked_list_t *self, size_t offset);
	void (*invoke_function)(linked_list_t *self, void *fn, ...);
	linked_list_t *(*clone_offset)(linked_list_t *self, size_t offset);
	bool (*equals_offset)(linked_list_t *self, linked_list_t *o, size_t offset);
	bool (*equals_function)(linked_list_t *self, linked_list_t *o,
				bool (*eq)(void *, void *));
	void (*destroy)(linked_list_t *self);
	void (*destroy_offset)(linked_list_t *self, size_t offset);
	void (*destroy_function)(linked_list_t *self, void (*fn)(void *));
};
CMAP_ABI_ASSERT(sizeof(linked_list_t) == 21 * sizeof(void *),
		"linked_list_t has 21 methods");
extern linked_list_t *linked_list_create(void);

/* src/libstrongswan/utils/debug.h: enum debug_t (groups, from 0) and
 * enum level_t; `dbg` is an exported function *pointer* that charon points at
 * its bus, so a message reaches every configured logger. */
typedef enum debug_t {
	DBG_DMN = 0, DBG_MGR, DBG_IKE, DBG_CHD, DBG_JOB, DBG_CFG,
	DBG_KNL = 6, DBG_NET, DBG_ASN, DBG_ENC, DBG_TNC, DBG_IMC, DBG_IMV,
	DBG_PTS, DBG_TLS, DBG_APP, DBG_ESP, DBG_LIB = 17, DBG_MAX,
} debug_t;
CMAP_ABI_ASSERT(DBG_KNL == 6 && DBG_LIB == 17 && DBG_MAX == 18, "debug_t values");

typedef enum level_t {
	LEVEL_SILENT = -1,
	LEVEL_AUDIT = 0,
	LEVEL_CTRL = 1,
	LEVEL_DIAG = 2,
	LEVEL_RAW = 3,
	LEVEL_PRIVATE = 4,
} level_t;

extern void (*dbg)(debug_t group, level_t level, char *fmt, ...);
extern enum_name_t *debug_names;

/* src/libstrongswan/settings/settings.h: struct settings_t, prefix up to the
 * getters (keys are printf-style formats, the arguments follow `def`). */
typedef struct settings_t settings_t;
struct settings_t {
	char *(*get_str)(settings_t *self, char *key, char *def, ...);
	bool (*get_bool)(settings_t *self, char *key, int def, ...);
	int (*get_int)(settings_t *self, char *key, int def, ...);
	double (*get_double)(settings_t *self, char *key, double def, ...);
	uint32_t (*get_time)(settings_t *self, char *key, uint32_t def, ...);
	/* setters, enumerators, loaders, destroy follow: not declared */
};

/* src/libstrongswan/processing/watcher.h: enum watcher_event_t (flags),
 * the callback type and struct watcher_t, complete method table. A callback
 * runs in one of charon's worker threads; while it runs, its fd is not
 * watched; returning false unregisters it. */
typedef enum watcher_event_t {
	WATCHER_READ = 1 << 0,
	WATCHER_WRITE = 1 << 1,
	WATCHER_EXCEPT = 1 << 2,
} watcher_event_t;

typedef bool (*watcher_cb_t)(void *data, int fd, watcher_event_t event);

typedef struct watcher_t watcher_t;
struct watcher_t {
	void (*add)(watcher_t *self, int fd, watcher_event_t events,
		    watcher_cb_t cb, void *data);
	void (*remove)(watcher_t *self, int fd);
	int (*get_state)(watcher_t *self);
	void (*destroy)(watcher_t *self);
};
CMAP_ABI_ASSERT(sizeof(watcher_t) == 4 * sizeof(void *), "watcher_t has 4 methods");

/* src/libstrongswan/utils/utils/time.h: seconds of the monotonic clock
 * charon keeps its timestamps in (struct timeval * may be NULL). */
struct timeval;
extern time_t time_monotonic(struct timeval *tv);

/* src/libstrongswan/library.h: struct library_t, the global `lib`. All
 * members are pointers; only their positions matter to us, so the object
 * types we never touch stay `void *`. */
typedef struct library_t {
	void *(*get)(struct library_t *self, char *name);
	bool (*set)(struct library_t *self, char *name, void *object);
	const char *ns;			/* "charon" in the charon daemon */
	char *conf;
	void *printf_hook;
	void *proposal;
	void *caps;
	void *crypto;
	void *creds;
	void *credmgr;
	void *encoding;
	void *metadata;
	void *fetcher;
	void *resolver;
	void *db;
	void *plugins;
	void *processor;
	void *scheduler;
	watcher_t *watcher;
	void *streams;
	void *hosts;
	settings_t *settings;
	void *integrity;
	void *leak_detective;
} library_t;
CMAP_ABI_ASSERT(offsetof(library_t, ns) == 2 * 8, "lib->ns position");
CMAP_ABI_ASSERT(offsetof(library_t, watcher) == 18 * 8, "lib->watcher position");
CMAP_ABI_ASSERT(offsetof(library_t, settings) == 21 * 8, "lib->settings position");
CMAP_ABI_ASSERT(sizeof(library_t) == 24 * 8, "library_t has 24 members");

extern library_t *lib;

#endif /* CMAP_SW_BASE_H */
