// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * proc2.c - libproc2, opened the first time task info is read from /proc
 * rather than linked.
 *
 * Linked, libproc2 brought libsystemd and the crypto and compression
 * libraries it needs into every process of ours: about 1 MB of RSS
 * before the first scan, a tenth of lsns's peak at 10k processes
 * (bench/RESULTS.md). The kernel source reads the numbers, name and euid
 * of every process it shows itself, and asks /proc's task info of a few
 * or none: nsls at 10k processes asks it of none.
 *
 * dlopen() finds its file through the calling thread's root and mounts.
 * A program of ours may call the library after it entered another mount
 * namespace, whose /usr another user may have mounted over: libproc2 is
 * opened only while the root and the mount namespace are those the
 * process started with (noted before main() runs). Elsewhere, as when
 * libproc2 is not installed, there is no task info: the columns that
 * need it show it as unknown.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "internal.h"
#include "proc2.h"

/* The soname of the libproc2 we are compiled against (procps 4). */
#define LIBPROC2 "libproc2.so.0"

static struct {
	int (*pids_new)(struct pids_info **, enum pids_item *, int);
	int (*pids_unref)(struct pids_info **);
	struct pids_fetch *(*pids_select)(struct pids_info *, unsigned *, int,
					  enum pids_select_type);
	struct pids_fetch *(*pids_reap)(struct pids_info *, enum pids_fetch_type);
} fn;
static int load_rc = -ENOSYS;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

/* The root and the mount namespace the process started with. */
static struct stat start_root, start_mnt;
static bool start_known;

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

__attribute__((constructor)) static void note_start(void)
{
	start_known = stat("/", &start_root) == 0 &&
		      stat("/proc/thread-self/ns/mnt", &start_mnt) == 0;
}

static void load(void)
{
	struct stat root, mnt;
	void *h;

	if (!start_known || stat("/", &root) < 0 || stat("/proc/thread-self/ns/mnt", &mnt) < 0 ||
	    !same_file(&root, &start_root) || !same_file(&mnt, &start_mnt)) {
		load_rc = -EPERM;
		return;
	}
	h = dlopen(LIBPROC2, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return;		/* -ENOSYS: not installed */
	fn.pids_new = (int (*)(struct pids_info **, enum pids_item *, int))dlsym(h, "procps_pids_new");
	fn.pids_unref = (int (*)(struct pids_info **))dlsym(h, "procps_pids_unref");
	fn.pids_select = (struct pids_fetch * (*)(struct pids_info *, unsigned *, int,
						  enum pids_select_type))
		dlsym(h, "procps_pids_select");
	fn.pids_reap = (struct pids_fetch * (*)(struct pids_info *, enum pids_fetch_type))
		dlsym(h, "procps_pids_reap");
	if (!fn.pids_new || !fn.pids_unref || !fn.pids_select || !fn.pids_reap) {
		dlclose(h);
		return;
	}
	load_rc = 0;	/* kept open: its handles live in scanners */
}

int proc2_pids_new(struct pids_info **info, enum pids_item *items, int n)
{
	pthread_once(&load_once, load);
	if (load_rc)
		return load_rc;
	return fn.pids_new(info, items, n);
}

void proc2_pids_unref(struct pids_info **info)
{
	/* a handle exists only if the library was opened */
	if (*info)
		fn.pids_unref(info);
}

struct pids_fetch *proc2_pids_select(struct pids_info *info, unsigned int *pids, int n)
{
	return fn.pids_select(info, pids, n, PIDS_SELECT_PID);
}

struct pids_fetch *proc2_pids_reap(struct pids_info *info)
{
	return fn.pids_reap(info, PIDS_FETCH_TASKS_ONLY);
}
