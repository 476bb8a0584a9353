// SPDX-License-Identifier: GPL-2.0
/*
 * dbgtest: proves that the debug kernel's detectors see bugs in an
 * out-of-tree module built with M= against its tree. Each `bug=` value
 * commits one deliberate bug at load time; the smoke test then looks for the
 * detector's report. bug=none only logs, for the load/unload check.
 *
 * /sys/kernel/debug/dbgtest/alloc: every write does one kmalloc() and one
 * order-0 page allocation and logs which failed, so that failslab and
 * fail_page_alloc can be aimed at it with /proc/<pid>/make-it-fail.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/debugfs.h>
#include <linux/fs.h>

static char *bug = "none";
module_param(bug, charp, 0444);
MODULE_PARM_DESC(bug, "none|kasan|ubsan|lockdep|sleep|leak");

static struct dentry *dir;
static DEFINE_MUTEX(lock_a);
static DEFINE_MUTEX(lock_b);
static DEFINE_SPINLOCK(spin);

/* Volatile so that the compiler cannot see the bad index at build time. */
static volatile int past_end = 4;

struct bounded {
	int a[4];
	int after;
};

static noinline void bug_kasan(void)
{
	char *p = kmalloc(16, GFP_KERNEL);

	if (!p)
		return;
	pr_info("dbgtest: read %d\n", ((volatile char *)p)[16 + past_end - 4]);
	kfree(p);
}

static noinline void bug_ubsan(void)
{
	struct bounded b = { };

	/* Inside the struct (KASAN stays quiet), outside the array (UBSAN). */
	b.a[past_end] = 1;
	pr_info("dbgtest: after=%d\n", b.after);
}

static noinline void bug_lockdep(void)
{
	mutex_lock(&lock_a);
	mutex_lock(&lock_b);
	mutex_unlock(&lock_b);
	mutex_unlock(&lock_a);
	/* The reverse order: a possible AB-BA deadlock. */
	mutex_lock(&lock_b);
	mutex_lock(&lock_a);
	mutex_unlock(&lock_a);
	mutex_unlock(&lock_b);
}

static noinline void bug_sleep(void)
{
	void *p;

	spin_lock(&spin);
	p = kmalloc(32, GFP_KERNEL);	/* may sleep, under a spinlock */
	spin_unlock(&spin);
	kfree(p);
}

static noinline void bug_leak(void)
{
	void *p = kmalloc(100, GFP_KERNEL);

	pr_info("dbgtest: leaking %d bytes\n", p ? 100 : 0);
}

static ssize_t alloc_write(struct file *f, const char __user *buf, size_t len,
			   loff_t *pos)
{
	void *p = kmalloc(64, GFP_KERNEL);
	struct page *pg = alloc_page(GFP_KERNEL);

	pr_info("dbgtest: kmalloc %s, alloc_page %s\n", p ? "ok" : "failed",
		pg ? "ok" : "failed");
	kfree(p);
	if (pg)
		__free_page(pg);
	return len;
}

static const struct file_operations alloc_fops = {
	.owner = THIS_MODULE,
	.write = alloc_write,
};

static int __init dbgtest_init(void)
{
	dir = debugfs_create_dir("dbgtest", NULL);
	debugfs_create_file("alloc", 0200, dir, NULL, &alloc_fops);

	if (!strcmp(bug, "kasan"))
		bug_kasan();
	else if (!strcmp(bug, "ubsan"))
		bug_ubsan();
	else if (!strcmp(bug, "lockdep"))
		bug_lockdep();
	else if (!strcmp(bug, "sleep"))
		bug_sleep();
	else if (!strcmp(bug, "leak"))
		bug_leak();
	pr_info("dbgtest: loaded, bug=%s\n", bug);
	return 0;
}

static void __exit dbgtest_exit(void)
{
	debugfs_remove_recursive(dir);
	pr_info("dbgtest: unloaded\n");
}

module_init(dbgtest_init);
module_exit(dbgtest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("debug kernel smoke test: deliberate bugs");
