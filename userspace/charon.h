/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The charon of the current network namespace: its runtime directory
 * /run/cryptomap/<netns inode>/, starting it in a private mount namespace
 * (so that its compiled-in /var/run/charon.pid is that directory's), checking
 * its IPsec backend, stopping it, and loading the connections of a
 * configuration into it.
 */
#ifndef CMAP_CHARON_H
#define CMAP_CHARON_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "model.h"
#include "swanconf.h"

#define CHARON_PATH "/usr/lib/ipsec/charon"
#define SWANCTL_PATH "/usr/sbin/swanctl"
#define CHARON_PLUGIN_DIR "/usr/lib/ipsec/plugins"
#define CHARON_CRYPTOMAP_PLUGIN CHARON_PLUGIN_DIR "/libstrongswan-kernel-cryptomap.so"
#define CMAP_RUN_DIR "/run/cryptomap"

struct rt {
	char dir[PATH_MAX / 4];		/* /run/cryptomap/<inode> */
	unsigned long ino;		/* of /proc/self/ns/net */
	char netns[64];			/* its "ip netns" name, or "" */
	int lock_fd;
};

/* The namespace's runtime directory (created if create): 0, or -1 when
 * it cannot be made or, without create, does not exist. */
int rt_init(struct rt *rt, bool create);
/* Serialises cmapctl instances on the directory: 0 or -1 (printed). */
int rt_lock(struct rt *rt);
void rt_release(struct rt *rt);
/* rt->dir/name into buf. */
const char *rt_path(const struct rt *rt, const char *name, char *buf);

/* The pid of the charon cmapctl runs in this namespace, or 0. */
pid_t charon_running(const struct rt *rt);
/* Stops it (SIGTERM, then SIGKILL); 0, or -1 if it would not die. */
int charon_stop(const struct rt *rt, pid_t pid);
/*
 * Starts charon with backend b (rt locked), waits for its vici socket and
 * checks the backend (charon_verify_backend). 0 and *pid, or -1 (printed).
 */
int charon_start(const struct rt *rt, enum ike_backend b, pid_t *pid);
/* The backend charon was started with (cmapctl.state). */
enum ike_backend charon_backend(const struct rt *rt);
/* Its loaded plugins, space separated (malloc'd), or NULL (printed). */
char *charon_plugins(const struct rt *rt);
/* charon runs with backend b's plugin as its IPsec backend: 0 or -1. */
int charon_verify_backend(const struct rt *rt, enum ike_backend b);
/* swanctl --load-all of the runtime directory's swanctl.conf: 0 or -1. */
int swanctl_load(const struct rt *rt);
/* charon has at least want trap policies installed: 0, or -1 (printed). */
int charon_check_traps(const struct rt *rt, unsigned int want);

/*
 * cmapctl load, after parsing and validation: translates c for charon
 * (errors change nothing), calls load_kernel unless the backend is xfrm or
 * none or this is a dry run, then starts or reuses charon and loads the
 * connections. Returns the exit status.
 */
int ike_load(struct cm_config *c, const struct ike_opts *o, bool dry_run,
	     int (*load_kernel)(const struct cm_config *c));
/*
 * cmapctl flush: stops the namespace's charon and removes its runtime
 * directory. 1 done, 0 there was none, -1 failure (printed).
 */
int ike_flush(void);

/* The runtime directory of the namespace's running charon into dir; false
 * (and a note unless quiet) when none runs. */
bool charon_dir(char *dir, size_t len, bool quiet);

#endif
