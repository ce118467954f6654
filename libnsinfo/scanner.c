// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * scanner.c - what a live tool holds for its whole life: the open proc
 * root, libproc2's handles (and with them its user name cache), and the
 * last snapshot, from which each refresh takes what stays true:
 *  - the relations of a namespace (owner, parent, owner UID, id, depth):
 *    fixed for its life, so read again only for a namespace that is new,
 *    or whose inode now names another one (its nsfs file handle says);
 *  - the command line and user of a process whose start time, name and
 *    stack address (new with every exec, ASLR) are unchanged;
 *  - the names of the containers it saw.
 * The namespace links themselves are read on every refresh: setns(2) and
 * unshare(2) change them without changing anything else of a process.
 * Each refresh hands out a new immutable snapshot and the diff against
 * the one before. nsinfo_snapshot_new() is one refresh of a scanner that
 * is then dropped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "kiter.h"

struct nsinfo_scanner {
	char *proc_root;
	char *state_root;
	unsigned int types, flags;
	int proc_fd;
	bool procfs;			/* the proc root is a procfs */
	const struct scan_source *walker; /* a test's own, or NULL: by source */
	struct procinfo_handles info;
	struct nsinfo_snapshot *last;
	struct nsinfo_diff *diff;	/* last against the one before */
	int source;			/* enum nsinfo_source asked for */
	struct kiter *kiter;		/* the kernel source, when it loaded */
	struct kiter_result kres;	/* its buffers, reused */
	struct mount_cache *mounts;	/* the kernel source's mount tables */
	bool oneshot;			/* nsinfo_snapshot_new()'s: one refresh */
	char why[160];			/* auto: why not the kernel source */
};

#define ALL_SCAN_FLAGS ((NSINFO_SCAN_STDIO << 1) - 1)

/* The smallest options struct we accept is the first version's. */
#define OPTS_V1_SIZE (sizeof(size_t) + sizeof(char *) + 2 * sizeof(unsigned int))

/*
 * AUTO for one snapshot: loading the programs costs some 15 ms (the
 * verifier and the kernel's CO-RE relocation of the light skeleton), the
 * /proc walk 40-55 us a task more than the kernel source's read: measured
 * with nsls, the two cost the same at about 380 tasks (bench/RESULTS.md),
 * so below this many one walk of /proc is the cheaper. A scanner pays the
 * load once for all its refreshes: for it AUTO is the kernel source at
 * any size.
 */
#define ONESHOT_KERNEL_MIN_TASKS 400

static int scanner_create(struct nsinfo_scanner **out, const struct nsinfo_scan_opts *opts,
			  bool oneshot);

NSINFO_EXPORT int nsinfo_scanner_new(struct nsinfo_scanner **out,
				     const struct nsinfo_scan_opts *opts)
{
	return scanner_create(out, opts, false);
}

static int scanner_create(struct nsinfo_scanner **out, const struct nsinfo_scan_opts *opts,
			  bool oneshot)
{
	const char *root = "/proc", *state = "";
	struct nsinfo_scanner *sc;
	struct statfs sfs;
	size_t ntasks;
	int rc, source = NSINFO_SOURCE_AUTO;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (opts) {
		if (opts->size < OPTS_V1_SIZE || (opts->types & ~NSINFO_ALL_TYPES))
			return -EINVAL;
		if (opts->proc_root)
			root = opts->proc_root;
		if (opts->size >= offsetof(struct nsinfo_scan_opts, state_root) +
				  sizeof(opts->state_root) && opts->state_root)
			state = opts->state_root;
	}
	if (opts && (opts->flags & ~ALL_SCAN_FLAGS))
		return -EINVAL;
	if (opts && opts->size >= offsetof(struct nsinfo_scan_opts, source) + sizeof(opts->source)) {
		source = opts->source;
		if (source != NSINFO_SOURCE_AUTO && source != NSINFO_SOURCE_PROC &&
		    source != NSINFO_SOURCE_KERNEL)
			return -EINVAL;
	}
	sc = calloc(1, sizeof(*sc));
	if (!sc)
		return -ENOMEM;
	sc->proc_fd = -1;
	sc->oneshot = oneshot;
	sc->walker = &source_proc;
	sc->types = opts && opts->types ? opts->types : NSINFO_ALL_TYPES;
	sc->flags = opts ? opts->flags : 0;
	sc->proc_root = strdup(root);
	sc->state_root = strdup(state);
	if (!sc->proc_root || !sc->state_root) {
		rc = -ENOMEM;
		goto fail;
	}
	sc->proc_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (sc->proc_fd < 0) {
		rc = -errno;
		goto fail;
	}
	/* a fixture tree is anybody's files; a procfs holds the kernel's */
	sc->procfs = fstatfs(sc->proc_fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC;
	sc->source = source;
	if (source == NSINFO_SOURCE_AUTO && oneshot && sc->procfs &&
	    (ntasks = proc_task_total(sc->proc_fd)) < ONESHOT_KERNEL_MIN_TASKS) {
		snprintf(sc->why, sizeof(sc->why),
			 "%zu tasks: one /proc walk costs less than loading the BPF programs",
			 ntasks);
	} else if (source != NSINFO_SOURCE_PROC) {
		rc = kernel_source_open(sc->proc_fd, sc->procfs, &sc->kiter, sc->why,
					sizeof(sc->why));
		if (rc == -ENOMEM || (rc && source == NSINFO_SOURCE_KERNEL))
			goto fail;
	}
	*out = sc;
	return 0;
fail:
	nsinfo_scanner_free(sc);
	return rc;
}

void scanner_set_source(struct nsinfo_scanner *sc, const struct scan_source *src)
{
	sc->walker = src;
}

NSINFO_EXPORT int nsinfo_scanner_set_flags(struct nsinfo_scanner *sc, unsigned int flags)
{
	if (!sc || (flags & ~ALL_SCAN_FLAGS))
		return -EINVAL;
	/* libproc2 picks the items of a handle when it is made: the numbers
	 * come and go with a new one */
	if ((flags ^ sc->flags) & NSINFO_SCAN_TASK_STATS) {
		procinfo_handles_free(&sc->info);
		sc->info = (struct procinfo_handles){ 0 };
	}
	sc->flags = flags;
	return 0;
}

NSINFO_EXPORT unsigned int nsinfo_scanner_flags(const struct nsinfo_scanner *sc)
{
	return sc ? sc->flags : 0;
}

NSINFO_EXPORT void nsinfo_scanner_free(struct nsinfo_scanner *sc)
{
	if (!sc)
		return;
	nsinfo_diff_free(sc->diff);
	nsinfo_snapshot_unref(sc->last);
	procinfo_handles_free(&sc->info);
	kiter_close(sc->kiter);
	kiter_result_free(&sc->kres);
	mount_cache_free(sc->mounts);
	if (sc->proc_fd >= 0)
		close(sc->proc_fd);
	free(sc->proc_root);
	free(sc->state_root);
	free(sc);
}

static struct nsinfo_snapshot *snapshot_alloc(const struct nsinfo_scanner *sc)
{
	struct nsinfo_snapshot *snap = calloc(1, sizeof(*snap));

	if (!snap)
		return NULL;
	snap->refcount = 1;
	snap->types = sc->types;
	snap->scan_types = sc->types;
	/* one mountinfo per mount namespace needs the mount namespaces */
	if (sc->flags & NSINFO_SCAN_MOUNTS)
		snap->scan_types |= NSINFO_TYPE_BIT(NSINFO_TYPE_MNT);
	snap->flags = sc->flags;
	snap->source = NSINFO_SOURCE_PROC;
	if (sc->source == NSINFO_SOURCE_AUTO && !sc->kiter)
		snprintf(snap->source_why, sizeof(snap->source_why), "%s", sc->why);
	clock_gettime(CLOCK_MONOTONIC, &snap->when);
	snap->proc_root = strdup(sc->proc_root);
	snap->state_root = strdup(sc->state_root);
	if (!snap->proc_root || !snap->state_root) {
		nsinfo_snapshot_unref(snap);
		return NULL;
	}
	return snap;
}

NSINFO_EXPORT int nsinfo_scanner_refresh(struct nsinfo_scanner *sc,
					 struct nsinfo_snapshot **out)
{
	struct scan_ctx ctx = { .netlink_fd = -1 };
	struct nsinfo_snapshot *snap;
	struct nsinfo_diff *diff = NULL;
	int rc;

	if (!sc || !out)
		return -EINVAL;
	*out = NULL;
	snap = snapshot_alloc(sc);
	if (!snap)
		return -ENOMEM;
	ctx.snap = snap;
	ctx.prev = sc->last;
	ctx.proc_fd = sc->proc_fd;
	ctx.procfs = sc->procfs;
	if (sc->kiter && sc->walker == &source_proc) {
		ctx.kiter = sc->kiter;
		ctx.kres = &sc->kres;
		/* no cache is no error: every table is read, as before */
		if (!sc->mounts && (sc->flags & NSINFO_SCAN_MOUNTS))
			(void)mount_cache_new(&sc->mounts);
		ctx.mounts = sc->mounts;
		snap->source = NSINFO_SOURCE_KERNEL;
		rc = scan_run(&ctx, &source_kernel);
		/* a single snapshot reads no more: the programs and the
		 * records go now, not with the scanner after the task info
		 * (the records alone are 2.4 MB at 10k processes, and they
		 * were part of nsls's peak RSS: bench/RESULTS.md) */
		if (sc->oneshot) {
			kiter_close(sc->kiter);
			sc->kiter = NULL;
			kiter_result_free(&sc->kres);
		}
		/* auto: a read that fails (a kernel that changed under us)
		 * is read again from /proc, and says why */
		if (rc && rc != -ENOMEM && sc->source == NSINFO_SOURCE_AUTO) {
			char why[sizeof(snap->source_why)];

			snprintf(why, sizeof(why), "%s", snap->source_why[0] ? snap->source_why
									: strerror(-rc));
			nsinfo_snapshot_unref(snap);
			if (ctx.netlink_fd >= 0)
				close(ctx.netlink_fd);
			snap = snapshot_alloc(sc);
			if (!snap)
				return -ENOMEM;
			snprintf(snap->source_why, sizeof(snap->source_why), "%s", why);
			ctx = (struct scan_ctx){ .snap = snap, .prev = sc->last, .proc_fd = sc->proc_fd,
						 .procfs = sc->procfs, .netlink_fd = -1 };
			rc = scan_run(&ctx, &source_proc);
		}
	} else {
		rc = scan_run(&ctx, sc->walker);
	}
	if (ctx.netlink_fd >= 0)
		close(ctx.netlink_fd);
	if (rc)
		goto fail;
	if (sc->flags & (NSINFO_SCAN_INFO_LEADERS | NSINFO_SCAN_INFO_ALL | NSINFO_SCAN_TASK_STATS)) {
		rc = procinfo_read(snap, &sc->info, sc->last);
		if (rc == -ENOMEM)
			goto fail;
	}
	if (sc->flags & NSINFO_SCAN_CONTAINERS) {
		rc = containers_read(snap, sc->last);
		if (rc == -ENOMEM)
			goto fail;
	}
	if (sc->flags & CGROUP_FLAGS) {
		rc = cgroups_read(snap, sc->proc_fd, sc->procfs);
		if (rc == -ENOMEM)
			goto fail;
	}
	if (sc->last) {
		rc = nsinfo_snapshot_diff(sc->last, snap, &diff);
		if (rc)
			goto fail;
	}
	nsinfo_diff_free(sc->diff);
	sc->diff = diff;
	nsinfo_snapshot_unref(sc->last);
	sc->last = nsinfo_snapshot_ref(snap);
	*out = snap;
	return 0;
fail:
	nsinfo_snapshot_unref(snap);
	return rc;
}

NSINFO_EXPORT const struct nsinfo_diff *nsinfo_scanner_diff(const struct nsinfo_scanner *sc)
{
	if (!sc || !sc->diff) {
		errno = sc ? ENODATA : EINVAL;
		return NULL;
	}
	return sc->diff;
}

NSINFO_EXPORT int nsinfo_snapshot_new(struct nsinfo_snapshot **out,
				      const struct nsinfo_scan_opts *opts)
{
	struct nsinfo_scanner *sc;
	int rc;

	if (!out)
		return -EINVAL;
	*out = NULL;
	rc = scanner_create(&sc, opts, true);
	if (rc)
		return rc;
	rc = nsinfo_scanner_refresh(sc, out);
	nsinfo_scanner_free(sc);
	return rc;
}

static const char *const source_names[] = {
	[NSINFO_SOURCE_AUTO] = "auto",
	[NSINFO_SOURCE_PROC] = "proc",
	[NSINFO_SOURCE_KERNEL] = "kernel",
};

NSINFO_EXPORT const char *nsinfo_source_name(enum nsinfo_source source)
{
	if ((unsigned int)source >= ARRAY_SIZE(source_names))
		return NULL;
	return source_names[source];
}

NSINFO_EXPORT int nsinfo_source_from_name(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(source_names); i++)
		if (!strcmp(name, source_names[i]))
			return (int)i;
	return -EINVAL;
}

NSINFO_EXPORT int nsinfo_source_probe(const struct nsinfo_scan_opts *opts, char *why,
				      size_t whylen)
{
	const char *root = opts && opts->proc_root ? opts->proc_root : "/proc";
	char buf[160] = "";
	struct kiter *k = NULL;
	struct statfs sfs;
	int fd, rc;

	if (opts && opts->size < OPTS_V1_SIZE)
		return -EINVAL;
	fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		snprintf(buf, sizeof(buf), "%s: %s", root, strerror(-rc));
	} else {
		rc = kernel_source_open(fd, fstatfs(fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC,
					&k, buf, sizeof(buf));
		kiter_close(k);
		close(fd);
	}
	if (why && whylen)
		snprintf(why, whylen, "%s", rc ? buf : "");
	return rc;
}
