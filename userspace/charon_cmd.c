// SPDX-License-Identifier: GPL-2.0
/*
 * cmapctl charon status|start|stop|config: the namespace's charon by hand.
 * load starts it and flush stops it; these are for looking, for restarting
 * after a crash, and for reading the configuration charon would get.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "charon.h"
#include "commands.h"
#include "json.h"
#include "parse.h"
#include "validate.h"
#include "vici.h"

/* Exit status of "status" when no charon runs (LSB: program is not running). */
#define EXIT_NOT_RUNNING 3

static int status(bool json, bool pretty)
{
	char vp[PATH_MAX], *plugins = NULL;
	const struct vnode *up, *sas;
	struct vnode *stats = NULL;
	struct vici v;
	struct json j;
	struct rt rt;
	pid_t pid = 0;

	/* without a directory rt still names the namespace */
	if (!rt_init(&rt, false))
		pid = charon_running(&rt);
	if (pid && !vici_open(&v, rt_path(&rt, "charon.vici", vp), false)) {
		stats = vici_call(&v, "stats", NULL, NULL, NULL, NULL);
		vici_close(&v);
		plugins = charon_plugins(&rt);
	}
	up = vnode_get(stats, "uptime");
	sas = vnode_get(stats, "ikesas");
	if (json) {
		json_start(&j, stdout, pretty);
		json_open_obj(&j, NULL);
		json_bool(&j, "running", pid != 0);
		if (pid)
			json_u64(&j, "pid", (uint64_t)pid);
		json_str(&j, "netns", rt.netns);
		json_u64(&j, "netns_inode", rt.ino);
		json_str(&j, "dir", rt.dir);
		if (pid) {
			json_str(&j, "backend", ike_backend_name(charon_backend(&rt)));
			json_str(&j, "since", vnode_str(up, "since", ""));
			json_u64(&j, "ike_sas", vnode_u64(sas, "total", 0));
			json_u64(&j, "half_open", vnode_u64(sas, "half-open", 0));
			json_str(&j, "plugins", plugins ? plugins : "");
		}
		json_close_obj(&j);
		json_end(&j);
	} else if (!pid) {
		printf("charon: not running\n");
	} else {
		printf("charon: running, pid %d, since %s\n", (int)pid,
		       vnode_str(up, "since", "?"));
		printf("IPsec backend: %s\n",
		       charon_backend(&rt) == IKE_BACKEND_XFRM ?
		       "XFRM (kernel-netlink)" : "cryptomap.ko (kernel-cryptomap)");
		printf("IKE SAs: %llu (%llu half-open)\n",
		       vnode_u64(sas, "total", 0), vnode_u64(sas, "half-open", 0));
		printf("plugins: %s\n", plugins ? plugins : "?");
	}
	if (!json)
		printf("network namespace: %s%sinode %lu\nruntime directory: %s\n",
		       rt.netns, rt.netns[0] ? ", " : "", rt.ino, rt.dir);
	free(plugins);
	vnode_free(stats);
	return pid ? 0 : EXIT_NOT_RUNNING;
}

/* The children of a swanctl.conf that cmapctl wrote with a trap. */
static unsigned int count_traps(const char *swanctl_conf)
{
	char line[256];
	unsigned int n = 0;
	FILE *f = fopen(swanctl_conf, "r");

	while (f && fgets(line, sizeof(line), f))
		n += !strcmp(line, "                start_action = trap\n");
	if (f)
		fclose(f);
	return n;
}

/* Starts charon if needed and loads the configuration last written. */
static int start(const struct ike_opts *o)
{
	char p[PATH_MAX];
	enum ike_backend b;
	struct rt rt;
	pid_t pid;
	int rc = 1;

	if (rt_init(&rt, true) || rt_lock(&rt))
		return 1;
	b = o->backend_set ? o->backend : charon_backend(&rt);
	if (b == IKE_BACKEND_NONE) {
		fprintf(stderr, "cmapctl: charon start: backend none\n");
		goto out;
	}
	pid = charon_running(&rt);
	if (pid && charon_backend(&rt) != b) {
		fprintf(stderr, "cmapctl: charon (pid %d) runs with the %s "
			"backend; stop it first\n", (int)pid,
			ike_backend_name(charon_backend(&rt)));
		goto out;
	}
	if (!pid && charon_start(&rt, b, &pid))
		goto out;
	if (access(rt_path(&rt, "swanctl.conf", p), F_OK)) {
		printf("charon: running, pid %d; no configuration yet "
		       "(cmapctl load)\n", (int)pid);
		rc = 0;
	} else if (!swanctl_load(&rt) &&
		   !charon_check_traps(&rt, count_traps(p))) {
		printf("charon: running, pid %d, connections loaded\n",
		       (int)pid);
		rc = 0;
	}
out:
	rt_release(&rt);
	return rc;
}

static int stop(void)
{
	struct rt rt;
	pid_t pid;
	int rc;

	if (rt_init(&rt, false)) {
		printf("charon: not running\n");
		return 0;
	}
	if (rt_lock(&rt))
		return 1;
	pid = charon_running(&rt);
	rc = pid ? charon_stop(&rt, pid) : 0;
	if (!rc)
		printf(pid ? "charon: stopped (pid %d)\n" : "charon: not "
		       "running\n", (int)pid);
	rt_release(&rt);
	return rc ? 1 : 0;
}

/* Writes one generated file into dir. */
static int put_file(const char *dir, const char *name, const char *text,
		    size_t len, mode_t mode)
{
	char p[PATH_MAX];
	int fd;
	bool ok;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	unlink(p);
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		fprintf(stderr, "cmapctl: %s: %s\n", p, strerror(errno));
		return -1;
	}
	ok = !fchmod(fd, mode) && write(fd, text, len) == (ssize_t)len;
	if (close(fd) || !ok) {
		fprintf(stderr, "cmapctl: %s: %s\n", p, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The configuration load would give charon, without a kernel or a daemon:
 * swanctl.conf on standard output, or all files into -o DIR.
 */
static int config(int argc, char **argv, struct ike_opts *o)
{
	const char *file = NULL, *dir = NULL;
	struct swanconf sc;
	struct cm_config c;
	char *conf;
	int i, rc = 1, r;

	for (i = 2; i < argc; i++) {
		r = ike_opt(argc, argv, &i, o);
		if (r < 0)
			return 1;
		if (r)
			continue;
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			dir = argv[++i];
		else if ((argv[i][0] == '-' && argv[i][1]) || file)
			return usage_error("charon config: expected [-o DIR] "
					   "[--ike-version 1|2] "
					   "[--ike-backend cryptomap|xfrm] FILE");
		else
			file = argv[i];
	}
	if (!file)
		return usage_error("charon config: no FILE");
	if (o->backend == IKE_BACKEND_NONE)
		o->backend = IKE_BACKEND_CRYPTOMAP;
	model_init(&c, file);
	if (parse_file(&c, false) || validate(&c)) {
		diag_flush(&c.file, 1);
		model_free(&c);
		return 1;
	}
	diag_flush(&c.file, 1);
	if (!swanconf_build(&c, o, &sc)) {
		if (!dir) {
			fputs(sc.swanctl, stdout);
			rc = 0;
		} else {
			conf = swanconf_charon(o->backend);
			rc = put_file(dir, "swanctl.conf", sc.swanctl,
				      strlen(sc.swanctl), 0644) ||
			     put_file(dir, SWANCONF_SECRETS, sc.secrets,
				      sc.secrets_len, 0600) ||
			     put_file(dir, "charon.conf", conf, strlen(conf),
				      0644);
			free(conf);
		}
		swanconf_free(&sc);
	}
	model_free(&c);
	return rc;
}

int cmd_charon(int argc, char **argv)
{
	struct ike_opts o;
	bool json = false, pretty = false;
	const char *sub = argc > 1 ? argv[1] : "status";
	int i, r;

	ike_opts_init(&o);
	if (!strcmp(sub, "config"))
		return config(argc, argv, &o);
	for (i = 2; i < argc; i++) {
		r = ike_opt(argc, argv, &i, &o);
		if (r < 0)
			return 1;
		if (r && strcmp(sub, "start"))
			return usage_error("charon %s takes no %s", sub, argv[i - 1]);
		if (r)
			continue;
		if (!strcmp(argv[i], "-j"))
			json = true;
		else if (!strcmp(argv[i], "-p"))
			json = pretty = true;
		else
			return usage_error("charon %s: unexpected '%s'", sub,
					   argv[i]);
	}
	if (!strcmp(sub, "status"))
		return status(json, pretty);
	if (json)
		return usage_error("charon %s: no JSON output", sub);
	if (!strcmp(sub, "start"))
		return start(&o);
	if (!strcmp(sub, "stop"))
		return stop();
	return usage_error("charon: expected status, start, stop or config");
}
