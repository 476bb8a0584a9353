// SPDX-License-Identifier: GPL-2.0
/*
 * charon's life cycle for cmapctl: one charon per network namespace, each
 * with its own runtime directory /run/cryptomap/<netns inode>/ holding
 *
 *   charon.conf    charon's settings (strongswan.conf syntax)    0644
 *   swanctl.conf   the connections, includes secrets.conf       0644
 *   secrets.conf   pre-shared keys                               0600
 *   conns          connection -> crypto map entry, for clear     0644
 *   cmapctl.state  the backend charon was started with           0644
 *   cmapctl.lock   serialises cmapctl instances                  0600
 *   charon.pid, charon.vici, charon.log, charon.out, swanctl.log
 *
 * charon has /var/run/charon.pid compiled in; it runs in a private mount
 * namespace where that directory is mounted on /run (and /var/run), so the
 * charons of several namespaces never share a pid file or socket. The
 * directory is named by the namespace's inode, not its "ip netns" name: a
 * live charon pins its namespace, so the inode cannot be reused under it.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "charon.h"
#include "vici.h"

#define START_TIMEOUT_S 60
#define STOP_TIMEOUT_S 10
#define SWANCTL_TIMEOUT_S 120

static unsigned long ns_inode(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (unsigned long)st.st_ino;
}

/* The "ip netns" name of namespace inode ino, the smallest if several. */
static void netns_name(unsigned long ino, char *buf, size_t len)
{
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dir = opendir("/run/netns");

	buf[0] = 0;
	while (dir && (d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/run/netns/%s", d->d_name);
		if (ns_inode(path) == ino && (!buf[0] || strcmp(d->d_name, buf) < 0))
			copy_name(buf, len, d->d_name);
	}
	if (dir)
		closedir(dir);
}

const char *rt_path(const struct rt *rt, const char *name, char *buf)
{
	snprintf(buf, PATH_MAX, "%s/%s", rt->dir, name);
	return buf;
}

int rt_init(struct rt *rt, bool create)
{
	memset(rt, 0, sizeof(*rt));
	rt->lock_fd = -1;
	rt->ino = ns_inode("/proc/self/ns/net");
	if (!rt->ino) {
		fprintf(stderr, "cmapctl: /proc/self/ns/net: %s\n", strerror(errno));
		return -1;
	}
	netns_name(rt->ino, rt->netns, sizeof(rt->netns));
	snprintf(rt->dir, sizeof(rt->dir), CMAP_RUN_DIR "/%lu", rt->ino);
	if (!create)
		return access(rt->dir, F_OK) ? -1 : 0;
	if ((mkdir(CMAP_RUN_DIR, 0755) && errno != EEXIST) ||
	    (mkdir(rt->dir, 0700) && errno != EEXIST)) {
		fprintf(stderr, "cmapctl: cannot create %s: %s\n", rt->dir,
			strerror(errno));
		return -1;
	}
	return 0;
}

int rt_lock(struct rt *rt)
{
	char p[PATH_MAX];

	rt->lock_fd = open(rt_path(rt, "cmapctl.lock", p),
			   O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (rt->lock_fd < 0 || flock(rt->lock_fd, LOCK_EX)) {
		fprintf(stderr, "cmapctl: cannot lock %s: %s\n", p,
			strerror(errno));
		rt_release(rt);
		return -1;
	}
	return 0;
}

void rt_release(struct rt *rt)
{
	if (rt->lock_fd >= 0)
		close(rt->lock_fd);
	rt->lock_fd = -1;
}

/* Whether pid is alive and not a zombie. */
static bool alive(pid_t pid)
{
	char p[64], buf[256], *s;
	FILE *f;
	bool ok = false;

	snprintf(p, sizeof(p), "/proc/%d/stat", (int)pid);
	f = fopen(p, "r");
	if (f && fgets(buf, sizeof(buf), f) && (s = strrchr(buf, ')')))
		ok = s[1] == ' ' && s[2] != 'Z' && s[2] != 'X';
	if (f)
		fclose(f);
	return ok;
}

/* pid runs charon's binary in the network namespace of rt. */
static bool is_our_charon(const struct rt *rt, pid_t pid)
{
	char p[64], exe[PATH_MAX];
	ssize_t n;

	snprintf(p, sizeof(p), "/proc/%d/exe", (int)pid);
	n = readlink(p, exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = 0;
	if (strncmp(exe, CHARON_PATH, strlen(CHARON_PATH)) ||
	    (exe[strlen(CHARON_PATH)] && strcmp(exe + strlen(CHARON_PATH),
						 " (deleted)")))
		return false;
	snprintf(p, sizeof(p), "/proc/%d/ns/net", (int)pid);
	return ns_inode(p) == rt->ino && alive(pid);
}

static pid_t read_pid(const char *path)
{
	FILE *f = fopen(path, "r");
	int pid = 0;

	if (f) {
		if (fscanf(f, "%d", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	return pid > 0 ? (pid_t)pid : 0;
}

pid_t charon_running(const struct rt *rt)
{
	char p[PATH_MAX];
	pid_t pid = read_pid(rt_path(rt, "charon.pid", p));

	return pid && is_our_charon(rt, pid) ? pid : 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static bool wait_gone(pid_t pid, int seconds)
{
	int i;

	for (i = 0; i < seconds * 20; i++) {
		if (!alive(pid))
			return true;
		sleep_ms(50);
	}
	return !alive(pid);
}

int charon_stop(const struct rt *rt, pid_t pid)
{
	char p[PATH_MAX];

	kill(pid, SIGTERM);
	if (!wait_gone(pid, STOP_TIMEOUT_S)) {
		fprintf(stderr, "cmapctl: charon (pid %d) ignored SIGTERM for "
			"%d s; killing it\n", (int)pid, STOP_TIMEOUT_S);
		kill(pid, SIGKILL);
		if (!wait_gone(pid, 2)) {
			fprintf(stderr, "cmapctl: charon (pid %d) does not "
				"die\n", (int)pid);
			return -1;
		}
	}
	unlink(rt_path(rt, "charon.pid", p));
	unlink(rt_path(rt, "charon.vici", p));
	return 0;
}

/* Writes a file of the runtime directory atomically with that mode. */
static int write_file(const struct rt *rt, const char *name, const char *text,
		      size_t len, mode_t mode)
{
	char p[PATH_MAX], tmp[PATH_MAX + 8];
	int fd;
	bool ok;

	rt_path(rt, name, p);
	snprintf(tmp, sizeof(tmp), "%s.tmp", p);
	unlink(tmp);
	/* O_EXCL and the mode at creation: never readable by others, not
	 * even between open and chmod */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		fprintf(stderr, "cmapctl: %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	ok = fchmod(fd, mode) == 0 && write(fd, text, len) == (ssize_t)len;
	ok = !close(fd) && ok && !rename(tmp, p);
	if (!ok) {
		fprintf(stderr, "cmapctl: cannot write %s: %s\n", p,
			strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int write_str(const struct rt *rt, const char *name, const char *text,
		     mode_t mode)
{
	return write_file(rt, name, text, strlen(text), mode);
}

/* The backend recorded when charon was started (cryptomap if unknown). */
enum ike_backend charon_backend(const struct rt *rt)
{
	char p[PATH_MAX], word[32] = "";
	enum ike_backend b = IKE_BACKEND_CRYPTOMAP;
	FILE *f = fopen(rt_path(rt, "cmapctl.state", p), "r");

	if (f) {
		if (fscanf(f, "backend %31s", word) == 1)
			ike_backend_parse(word, &b);
		fclose(f);
	}
	return b;
}

static int write_state(const struct rt *rt, enum ike_backend b)
{
	char text[64];

	snprintf(text, sizeof(text), "backend %s\n", ike_backend_name(b));
	return write_str(rt, "cmapctl.state", text, 0644);
}

/* Someone holds UDP port 500 in this namespace (another IKE daemon). */
static bool ike_port_busy(void)
{
	static const char *const files[] = { "/proc/net/udp", "/proc/net/udp6" };
	char line[512], local[128];
	unsigned int i, port;
	FILE *f;
	bool busy = false;

	for (i = 0; i < ARRAY_SIZE(files) && !busy; i++) {
		f = fopen(files[i], "r");
		while (f && fgets(line, sizeof(line), f)) {
			if (sscanf(line, " %*u: %127s", local) == 1 &&
			    sscanf(strchr(local, ':') ? strchr(local, ':') + 1 :
				   "", "%x", &port) == 1 && port == 500)
				busy = true;
		}
		if (f)
			fclose(f);
	}
	return busy;
}

static void tail_file(const char *path, unsigned int lines)
{
	char buf[512];
	char **ring = xcalloc(lines, sizeof(*ring));
	unsigned int n = 0, i;
	FILE *f = fopen(path, "r");

	while (f && fgets(buf, sizeof(buf), f)) {
		free(ring[n % lines]);
		ring[n++ % lines] = xstrdup(buf);
	}
	if (f)
		fclose(f);
	for (i = n > lines ? n - lines : 0; i < n; i++)
		fprintf(stderr, "  %s: %s", path, ring[i % lines]);
	for (i = 0; i < lines; i++)
		free(ring[i]);
	free(ring);
}

/* In the grandchild: charon in a mount namespace where /run is rt->dir. */
static void __attribute__((noreturn)) exec_charon(const struct rt *rt)
{
	char p[PATH_MAX];
	struct stat st;
	int out = open(rt_path(rt, "charon.out", p),
		       O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (out < 0 || null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 ||
	    dup2(out, 2) < 0)
		_exit(126);
	umask(022);
	if (unshare(CLONE_NEWNS) ||
	    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) ||
	    mount(rt->dir, "/run", "none", MS_BIND, NULL) ||
	    (!lstat("/var/run", &st) && S_ISDIR(st.st_mode) &&
	     mount(rt->dir, "/var/run", "none", MS_BIND, NULL))) {
		fprintf(stderr, "cmapctl: private /run for charon: %s\n",
			strerror(errno));
		_exit(126);
	}
	if (chdir("/") || setsid() < 0)
		_exit(126);
	setenv("STRONGSWAN_CONF", "/run/charon.conf", 1);
	execl(CHARON_PATH, "charon", (char *)NULL);
	fprintf(stderr, "cmapctl: %s: %s\n", CHARON_PATH, strerror(errno));
	_exit(127);
}

/* Double fork: charon is nobody's child and leads its own session. */
static pid_t spawn_charon(const struct rt *rt)
{
	pid_t pid, child = 0;
	int fds[2], status;

	if (pipe2(fds, O_CLOEXEC))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		close(fds[0]);
		child = fork();
		if (child > 0 && write(fds[1], &child, sizeof(child)) ==
				 sizeof(child))
			_exit(0);
		if (!child)
			exec_charon(rt);
		_exit(1);
	}
	close(fds[1]);
	if (read(fds[0], &child, sizeof(child)) != sizeof(child))
		child = -1;
	close(fds[0]);
	waitpid(pid, &status, 0);
	return child;
}

static int start_timeout(void)
{
	const char *s = getenv("CMAPCTL_CHARON_TIMEOUT");
	int t = s ? atoi(s) : 0;

	return t > 0 ? t : START_TIMEOUT_S;
}

/* Waits for charon's pid file and vici socket. 0, or -1 (printed). */
static int wait_ready(const struct rt *rt, pid_t pid)
{
	char p[PATH_MAX], vp[PATH_MAX];
	struct vici v;
	int i, limit = start_timeout() * 20;

	rt_path(rt, "charon.vici", vp);
	for (i = 0; i < limit && alive(pid); i++) {
		if (read_pid(rt_path(rt, "charon.pid", p)) == pid &&
		    !vici_open(&v, vp, true)) {
			vici_close(&v);
			return 0;
		}
		sleep_ms(50);
	}
	fprintf(stderr, "cmapctl: charon (pid %d) %s\n", (int)pid,
		alive(pid) ? "did not open its vici socket in time" :
			     "exited at start");
	tail_file(rt_path(rt, "charon.out", p), 10);
	tail_file(rt_path(rt, "charon.log", p), 20);
	if (alive(pid))
		charon_stop(rt, pid);
	return -1;
}

/* The names of charon's loaded plugins, space separated, or NULL. */
char *charon_plugins(const struct rt *rt)
{
	char p[PATH_MAX], *s = NULL;
	const struct vnode *list, *n;
	struct vnode *reply;
	struct vici v;
	size_t len;
	FILE *f;

	if (vici_open(&v, rt_path(rt, "charon.vici", p), false))
		return NULL;
	reply = vici_call(&v, "stats", NULL, NULL, NULL, NULL);
	vici_close(&v);
	list = vnode_get(reply, "plugins");
	if (list && list->type == VN_LIST && (f = open_memstream(&s, &len))) {
		for (n = list->child; n; n = n->next)
			fprintf(f, "%s%s", n == list->child ? "" : " ", n->value);
		fclose(f);
	}
	vnode_free(reply);
	return s;
}

static bool has_word(const char *list, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = list; (p = strstr(p, w)); p += n)
		if ((p == list || p[-1] == ' ') && (!p[n] || p[n] == ' '))
			return true;
	return false;
}

/*
 * charon keeps the first kernel-ipsec backend that registers and unloads a
 * plugin whose only feature failed: kernel-cryptomap among the loaded plugins
 * means it is the IPsec backend. Anything else would be XFRM, silently.
 */
int charon_verify_backend(const struct rt *rt, enum ike_backend b)
{
	char *plugins = charon_plugins(rt), p[PATH_MAX];
	bool ours, xfrm;
	int rc = 0;

	if (!plugins) {
		fprintf(stderr, "cmapctl: cannot read charon's plugin list\n");
		return -1;
	}
	ours = has_word(plugins, "kernel-cryptomap");
	xfrm = has_word(plugins, "kernel-netlink");
	if (b == IKE_BACKEND_CRYPTOMAP && !ours) {
		fprintf(stderr, "cmapctl: charon did not take kernel-cryptomap "
			"as its IPsec backend (loaded plugins: %s); refusing to "
			"run it, as XFRM would then carry the SAs instead of "
			"cryptomap.ko. See %s\n", plugins,
			rt_path(rt, "charon.log", p));
		rc = -1;
	} else if (b == IKE_BACKEND_XFRM && (ours || !xfrm)) {
		fprintf(stderr, "cmapctl: charon's IPsec backend is not XFRM "
			"(loaded plugins: %s)\n", plugins);
		rc = -1;
	}
	free(plugins);
	return rc;
}

int charon_start(const struct rt *rt, enum ike_backend b, pid_t *out)
{
	char p[PATH_MAX], *conf;
	pid_t pid;

	if (access(CHARON_PATH, X_OK)) {
		fprintf(stderr, "cmapctl: %s: %s (Debian: apt-get install "
			"strongswan-charon strongswan-swanctl)\n", CHARON_PATH,
			strerror(errno));
		return -1;
	}
	if (b == IKE_BACKEND_CRYPTOMAP && access(CHARON_CRYPTOMAP_PLUGIN, R_OK)) {
		fprintf(stderr, "cmapctl: %s: %s: the kernel-cryptomap plugin "
			"is not installed (make -C plugin install), and charon "
			"is not started with XFRM in its place (that is "
			"--ike-backend xfrm)\n", CHARON_CRYPTOMAP_PLUGIN,
			strerror(errno));
		return -1;
	}
	if (ike_port_busy()) {
		fprintf(stderr, "cmapctl: UDP port 500 is in use in this "
			"network namespace (another IKE daemon?); charon not "
			"started\n");
		return -1;
	}
	conf = swanconf_charon(b);
	if (write_str(rt, "charon.conf", conf, 0644) || write_state(rt, b)) {
		free(conf);
		return -1;
	}
	free(conf);
	unlink(rt_path(rt, "charon.pid", p));	/* stale: charon trusts it */
	unlink(rt_path(rt, "charon.vici", p));
	pid = spawn_charon(rt);
	if (pid <= 0) {
		fprintf(stderr, "cmapctl: cannot start charon: %s\n",
			strerror(errno));
		return -1;
	}
	if (wait_ready(rt, pid))
		return -1;
	if (charon_verify_backend(rt, b)) {
		charon_stop(rt, pid);
		return -1;
	}
	*out = pid;
	return 0;
}

/* swanctl --load-all from the runtime directory; its output in swanctl.log. */
int swanctl_load(const struct rt *rt)
{
	char file[PATH_MAX], uri[PATH_MAX + 8], vp[PATH_MAX], log[PATH_MAX];
	int fd, status = 0, i;
	pid_t pid;

	rt_path(rt, "swanctl.conf", file);
	snprintf(uri, sizeof(uri), "unix://%s", rt_path(rt, "charon.vici", vp));
	rt_path(rt, "swanctl.log", log);
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (!pid) {
		dup2(fd, 1);
		dup2(fd, 2);
		execl(SWANCTL_PATH, "swanctl", "--load-all", "--noprompt",
		      "--file", file, "--uri", uri, (char *)NULL);
		fprintf(stderr, "%s: %s\n", SWANCTL_PATH, strerror(errno));
		_exit(127);
	}
	close(fd);
	for (i = 0; pid > 0 && i < SWANCTL_TIMEOUT_S * 20; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		sleep_ms(50);
	}
	if (pid > 0 && i == SWANCTL_TIMEOUT_S * 20) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	if (pid > 0 && WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	fprintf(stderr, "cmapctl: swanctl --load-all failed; its output:\n");
	tail_file(log, 40);
	return -1;
}

static void count_event(struct vnode *msg, void *data)
{
	const struct vnode *n;

	for (n = msg->child; n; n = n->next)
		(*(unsigned int *)data)++;
}

/*
 * charon logs a trap it could not install ("installing trap failed") and
 * loads the connection all the same: the first packet would then never
 * trigger IKE. Count what is installed against what was asked for.
 */
int charon_check_traps(const struct rt *rt, unsigned int want)
{
	char p[PATH_MAX];
	unsigned int have = 0;
	struct vnode *reply;
	struct vreq r;
	struct vici v;

	if (vici_open(&v, rt_path(rt, "charon.vici", p), false))
		return -1;
	vreq_init(&r);
	vreq_kv(&r, "trap", "yes");
	reply = vici_call(&v, "list-policies", &r, "list-policy", count_event,
			  &have);
	vreq_free(&r);
	vici_close(&v);
	vnode_free(reply);
	if (!reply)
		return -1;
	if (have >= want)
		return 0;
	fprintf(stderr, "cmapctl: charon installed %u of %u trap policies; "
		"the backend refused the others, so their first packets "
		"would not trigger IKE (see %s)\n", have, want,
		rt_path(rt, "charon.log", p));
	return -1;
}

/* Writes the translated configuration into the runtime directory. */
static int write_config(const struct rt *rt, const struct swanconf *sc)
{
	if (write_file(rt, SWANCONF_SECRETS, sc->secrets, sc->secrets_len, 0600))
		return -1;
	if (write_str(rt, "swanctl.conf", sc->swanctl, 0644) ||
	    write_str(rt, "conns", sc->index, 0644))
		return -1;
	return 0;
}

/* "hub.cfg: note: charon (pid 12, cryptomap backend): 2 connections, ..." */
static void summary(const struct cm_config *c, const struct swanconf *sc,
		    pid_t pid, enum ike_backend b)
{
	char who[64];

	if (pid)
		snprintf(who, sizeof(who), "charon (pid %d, %s backend) got",
			 (int)pid, ike_backend_name(b));
	else
		snprintf(who, sizeof(who), "charon would get");
	diag(&(struct loc){ .file = c->file }, 0, SEV_NOTE, "%s %u IKE "
	     "connection%s, %u child%s (one per access-list permit line), %u "
	     "pre-shared key%s%s", who, sc->nconns, sc->nconns == 1 ? "" : "s",
	     sc->nchildren, sc->nchildren == 1 ? "" : "ren", sc->nsecrets,
	     sc->nsecrets == 1 ? "" : "s", pid ? "" : " (-n: not loaded)");
}

static int ike_commit(const struct cm_config *c, const struct ike_opts *o,
		      const struct swanconf *sc)
{
	struct rt rt;
	pid_t pid;
	int rc = 1;

	if (rt_init(&rt, true) || rt_lock(&rt))
		return 1;
	if (write_config(&rt, sc))
		goto out;
	pid = charon_running(&rt);
	if (pid && charon_backend(&rt) != o->backend) {
		diag(&(struct loc){ .file = c->file }, 0, SEV_NOTE, "restarting "
		     "charon (pid %d): backend %s -> %s", (int)pid,
		     ike_backend_name(charon_backend(&rt)),
		     ike_backend_name(o->backend));
		if (charon_stop(&rt, pid))
			goto out;
		pid = 0;
	}
	if (!pid && !sc->nconns) {	/* nothing to negotiate: no daemon */
		rc = 0;
		goto out;
	}
	if (!pid && charon_start(&rt, o->backend, &pid))
		goto out;
	if (charon_verify_backend(&rt, o->backend) || swanctl_load(&rt) ||
	    charon_check_traps(&rt, sc->ntraps))
		goto out;
	summary(c, sc, pid, o->backend);
	rc = 0;
out:
	rt_release(&rt);
	return rc;
}

int ike_load(struct cm_config *c, const struct ike_opts *o, bool dry_run,
	     int (*load_kernel)(const struct cm_config *c))
{
	struct swanconf sc;
	int rc = 0;

	if (o->backend == IKE_BACKEND_NONE)
		return dry_run ? 0 : load_kernel(c);
	if (swanconf_build(c, o, &sc))
		return 1;
	if (!dry_run && o->backend == IKE_BACKEND_CRYPTOMAP)
		rc = load_kernel(c);
	if (!rc && !dry_run)
		rc = ike_commit(c, o, &sc);
	else if (!rc && sc.nconns)
		summary(c, &sc, 0, o->backend);
	swanconf_free(&sc);
	return rc;
}

/* Removes the runtime directory: configuration, secrets, logs. */
static void rt_remove(const struct rt *rt)
{
	char p[PATH_MAX];
	struct dirent *d;
	DIR *dir = opendir(rt->dir);

	while (dir && (d = readdir(dir)))
		if (d->d_name[0] != '.')
			unlink(rt_path(rt, d->d_name, p));
	if (dir)
		closedir(dir);
	rmdir(rt->dir);
}

int ike_flush(void)
{
	struct rt rt;
	pid_t pid;

	if (rt_init(&rt, false))
		return 0;	/* cmapctl never ran charon here */
	if (rt_lock(&rt))
		return -1;
	pid = charon_running(&rt);
	if (pid && charon_stop(&rt, pid)) {
		rt_release(&rt);
		return -1;
	}
	rt_remove(&rt);
	rt_release(&rt);
	return 1;
}

bool charon_dir(char *dir, size_t len, bool quiet)
{
	struct rt rt;
	bool ok = false;

	if (!rt_init(&rt, false) && charon_running(&rt)) {
		snprintf(dir, len, "%s", rt.dir);
		ok = true;
	}
	if (!ok && !quiet)
		fprintf(stderr, "cmapctl: no charon runs for this network "
			"namespace (cmapctl load starts it)\n");
	return ok;
}
