// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * source-proc.c - the /proc source: one walk of the proc root, its records
 * handed to the sink (sink.c).
 *
 * Cost model (bench/RESULTS.md): a readlinkat() on an O_PATH descriptor
 * of /proc/PID/ns is the cheapest way to learn a namespace inode (half of
 * stat(), which makes nsfs build an inode each time). So a process costs
 * one openat() plus one readlinkat() per asked type (and one per open
 * descriptor with NSINFO_SCAN_FDS), and a namespace file is opened only
 * the first time its inode is seen, for the relation ioctls. The walk is
 * all system calls, so it is split between threads (scan_root()).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* Read one namespace link below dirfd; 0 or -errno. -EINVAL when the text
 * is not "TYPE:[N]" of the expected type (not a namespace link). */
int proc_read_ns_link(int dirfd, const char *name, int want, uint64_t *inode)
{
	char buf[64];
	ssize_t n;
	int type;

	n = readlinkat(dirfd, name, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	if ((size_t)n >= sizeof(buf))
		return -EINVAL;
	if (nsinfo_parse_ns_link(buf, (size_t)n, &type, inode) < 0 || type != want)
		return -EINVAL;
	return 0;
}

/* The namespace behind link `name` below dirfd, as a record names it:
 * the sink may open the same link for its relations. 0 or -errno. */
static int link_ref(int dirfd, const char *name, int type, struct ns_ref *r)
{
	uint64_t inode;
	int err = proc_read_ns_link(dirfd, name, type, &inode);

	if (err)
		return err;
	*r = NS_REF(type, inode);
	r->dirfd = dirfd;
	r->name = name;
	return 0;
}

/* The threads of one process, leader first: the sink counts them per
 * namespace and keeps those that sit apart from their leader. */
static int scan_tasks(struct scan_ctx *ctx, struct nsinfo_proc *proc)
{
	struct nsinfo_snapshot *snap = ctx->snap;
	char path[32];
	struct dirent *d;
	DIR *dir;
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%d/task", (int)proc->pid);
	fd = untrusted_open(ctx->proc_fd, path, O_RDONLY | O_DIRECTORY, UNTRUSTED_BENEATH);
	if (fd < 0)
		return 0;	/* gone meanwhile; its links were read */
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return 0;
	}
	while (!rc && (d = readdir(dir))) {
		struct task_rec t = { .pid = proc->pid, .state = TASK_READ };
		int tfd = -1;

		if (nsinfo_parse_pid(d->d_name, &t.tid) < 0)
			continue;
		if (t.tid != proc->pid) {
			snprintf(path, sizeof(path), "%d/ns", (int)t.tid);
			tfd = untrusted_open(dirfd(dir), path, O_PATH | O_DIRECTORY, UNTRUSTED_BENEATH);
			if (tfd < 0)
				t.state = proc_err_classify(tfd) == PROC_ERR_DENIED ? TASK_DENIED
										: TASK_GONE;
		}
		for (int type = 0; tfd >= 0 && type < NSINFO_NTYPES; type++) {
			int err;

			if (!(snap->types & NSINFO_TYPE_BIT(type)))
				continue;
			err = link_ref(tfd, nstype_get(type)->name, type, &t.ns[type]);
			if (err && proc_err_classify(err) == PROC_ERR_DENIED) {
				t.state = TASK_DENIED;
				break;
			}
		}
		/* an exiting thread is gone, not denied */
		if (t.state == TASK_DENIED && task_exiting(dirfd(dir), d->d_name))
			t.state = TASK_GONE;
		rc = sink_thread(ctx, proc, &t);
		if (tfd >= 0)
			close(tfd);
	}
	closedir(dir);
	return rc;
}

/* The pid_for_children and time_for_children links into t. */
static void read_for_children(const struct nsinfo_snapshot *snap, int nsfd, struct task_rec *t)
{
	static const struct {
		int type;
		int slot;
		const char *link;
	} links[] = {
		{ NSINFO_TYPE_PID, FOR_CHILDREN_PID, "pid_for_children" },
		{ NSINFO_TYPE_TIME, FOR_CHILDREN_TIME, "time_for_children" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(links); i++)
		if (snap->types & NSINFO_TYPE_BIT(links[i].type))
			link_ref(nsfd, links[i].link, links[i].type, &t->for_children[links[i].slot]);
}

/* A cgroup file is a line per hierarchy; more than this is not one. */
#define MAX_CGROUP_FILE (64u << 10)

/* A status file is some 60 short lines. */
#define MAX_STATUS_FILE (16u << 10)

/* One process: 0, or -ENOMEM. A process that is gone is left out. */
int proc_scan_one(struct scan_ctx *ctx, pid_t pid)
{
	struct nsinfo_snapshot *snap = ctx->snap;
	struct task_rec t = { .pid = pid, .tid = pid, .state = TASK_READ };
	struct nsinfo_proc *proc = NULL;
	unsigned int nread = 0, ndenied = 0, nproxy_gone = 0;
	char path[32];
	int nsfd, rc = 0;

	snprintf(path, sizeof(path), "%d/ns", (int)pid);
	nsfd = untrusted_open(ctx->proc_fd, path, O_PATH | O_DIRECTORY, UNTRUSTED_BENEATH);
	if (nsfd < 0 && proc_err_classify(nsfd) != PROC_ERR_DENIED)
		return 0;	/* exited between readdir and here */
	for (int type = 0; nsfd >= 0 && type < NSINFO_NTYPES; type++) {
		int err;

		if (!(snap->scan_types & NSINFO_TYPE_BIT(type)))
			continue;
		err = link_ref(nsfd, nstype_get(type)->name, type, &t.ns[type]);
		if (!err)
			nread++;
		else if (proc_err_classify(err) == PROC_ERR_DENIED)
			ndenied++;
		/* links every kernel has, that go with the nsproxy at exit */
		else if (err == -ENOENT && (type == NSINFO_TYPE_MNT || type == NSINFO_TYPE_NET ||
					    type == NSINFO_TYPE_UTS || type == NSINFO_TYPE_IPC))
			nproxy_gone++;
	}
	snprintf(path, sizeof(path), "%d", (int)pid);
	/* a zombie keeps its pid and user links, and nothing else */
	t.zombie = nproxy_gone && task_zombie(ctx->proc_fd, path);
	if (nread == 0 && t.zombie) {
		/* listed, flagged, in no namespace */
	} else if (nread == 0) {
		/* denied, unless it is exiting; every link gone: exited */
		t.state = (ndenied || nsfd < 0) && !task_exiting(ctx->proc_fd, path) ? TASK_DENIED
										       : TASK_GONE;
	} else {
		if (snap->flags & NSINFO_SCAN_FOR_CHILDREN)
			read_for_children(snap, nsfd, &t);
		/* the container, from the cgroup, in this same walk */
		if ((snap->flags & (NSINFO_SCAN_CONTAINERS | CGROUP_FLAGS)) && ctx->procfs) {
			struct stat st;

			snprintf(path, sizeof(path), "%d/cgroup", (int)pid);
			if (untrusted_read_file(ctx->proc_fd, path, UNTRUSTED_PROCFS, 0,
						MAX_CGROUP_FILE, &t.cgroup, NULL, &st) == -ENOMEM)
				rc = -ENOMEM;
		}
		/* NSpid: a fixture root is a plain directory tree */
		if (!rc && (snap->flags & NSINFO_SCAN_NSPID)) {
			struct stat st;

			snprintf(path, sizeof(path), "%d/status", (int)pid);
			if (untrusted_read_file(ctx->proc_fd, path,
						ctx->procfs ? UNTRUSTED_PROCFS : UNTRUSTED_BENEATH, 0,
						MAX_STATUS_FILE, &t.status, NULL, &st) == -ENOMEM)
				rc = -ENOMEM;
		}
	}
	if (!rc)
		proc = sink_process(ctx, &t, &rc);
	free(t.cgroup);
	free(t.status);
	if (!rc && proc && nread && (snap->flags & NSINFO_SCAN_TASKS))
		rc = scan_tasks(ctx, proc);
	if (!rc && proc && nread && holders_fdwalk(snap))
		rc = holders_scan_fds(ctx, proc, holders_fdwalk(snap));
	if (nsfd >= 0)
		close(nsfd);
	return rc;
}

/* The PIDs below the proc root, in readdir order (ascending). */
int proc_list_pids(int proc_fd, pid_t **out, size_t *n)
{
	size_t cap = 1024;
	pid_t *pids = malloc(cap * sizeof(*pids));
	struct dirent *d;
	DIR *dir;
	int fd, rc = 0;

	*n = 0;
	if (!pids)
		return -ENOMEM;
	fd = openat(proc_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(dir = fdopendir(fd))) {
		rc = -errno;
		if (fd >= 0)
			close(fd);
		free(pids);
		return rc;
	}
	for (;;) {
		pid_t pid;

		errno = 0;
		d = readdir(dir);
		if (!d) {
			rc = -errno;
			break;
		}
		if (nsinfo_parse_pid(d->d_name, &pid) < 0)
			continue;
		if (*n == cap) {
			pid_t *v = realloc(pids, (cap *= 2) * sizeof(*pids));

			if (!v) {
				rc = -ENOMEM;
				break;
			}
			pids = v;
		}
		pids[(*n)++] = pid;
	}
	closedir(dir);
	if (rc) {
		free(pids);
		return rc;
	}
	*out = pids;
	return 0;
}

static int scan_pids(struct scan_ctx *ctx, const pid_t *pids, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		rc = proc_scan_one(ctx, pids[i]);
		if (!rc)
			rc = ctx->err;
	}
	return rc;
}

/*
 * The walk is syscalls through and through (a readlinkat per link and
 * fd), so a second core halves it: each worker scans a slice of the PIDs
 * into a snapshot of its own, merged afterwards (snapshot_merge()).
 * Workers share nothing but the read-only proc root descriptor.
 */
#define MAX_WORKERS 8
#define PIDS_PER_WORKER 512	/* below this a thread costs more than it saves */

struct worker {
	struct nsinfo_snapshot part;
	struct scan_ctx ctx;
	const pid_t *pids;
	size_t npids;
	int rc;
	pthread_t thread;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	w->rc = scan_pids(&w->ctx, w->pids, w->npids);
	return NULL;
}

/* The CPUs this process may run on (taskset, cgroup cpusets), not the
 * machine's: more threads than that only take turns. */
static long usable_cpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		return CPU_COUNT(&set);
	return sysconf(_SC_NPROCESSORS_ONLN);
}

static size_t worker_count(const struct nsinfo_snapshot *snap, size_t npids)
{
	long cpus = usable_cpus();
	size_t n = npids / PIDS_PER_WORKER;

	if (snap->flags & NSINFO_SCAN_ONE_THREAD || cpus < 2)
		return 1;
	if (n > (size_t)cpus)
		n = (size_t)cpus;
	if (n > MAX_WORKERS)
		n = MAX_WORKERS;
	return n ? n : 1;
}

static int scan_root(struct scan_ctx *ctx)
{
	struct nsinfo_snapshot *snap = ctx->snap;
	struct worker *w;
	size_t npids, nw, started = 0;
	pid_t *pids = NULL;
	int rc;

	rc = proc_list_pids(ctx->proc_fd, &pids, &npids);
	if (rc)
		return rc;
	nw = worker_count(snap, npids);
	if (nw == 1) {
		rc = scan_pids(ctx, pids, npids);
		free(pids);
		return rc;
	}
	w = calloc(nw, sizeof(*w));
	if (!w) {
		free(pids);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nw; i++) {
		size_t lo = npids * i / nw, hi = npids * (i + 1) / nw;

		w[i].part.flags = snap->flags;
		w[i].part.types = snap->types;
		w[i].part.scan_types = snap->scan_types;
		w[i].ctx = (struct scan_ctx){ .snap = &w[i].part, .proc_fd = ctx->proc_fd,
					      .netlink_fd = -1, .prev = ctx->prev,
					      .procfs = ctx->procfs };
		w[i].pids = pids + lo;
		w[i].npids = hi - lo;
	}
	/* worker 0 runs here, the others in threads */
	for (size_t i = 1; i < nw; i++) {
		if (pthread_create(&w[i].thread, NULL, worker_main, &w[i]) != 0)
			break;
		started = i;
	}
	worker_main(&w[0]);
	for (size_t i = 1; i <= started; i++)
		pthread_join(w[i].thread, NULL);
	/* a thread that could not start: its slice here */
	for (size_t i = started + 1; i < nw; i++)
		worker_main(&w[i]);
	for (size_t i = 0; i < nw; i++) {
		if (!rc)
			rc = w[i].rc;
		if (!rc)
			rc = snapshot_merge(snap, &w[i].part);
		snapshot_part_free(&w[i].part);
		if (w[i].ctx.netlink_fd >= 0)
			close(w[i].ctx.netlink_fd);
	}
	free(w);
	free(pids);
	return rc;
}

static int proc_walk(struct scan_ctx *ctx)
{
	struct nsinfo_snapshot *snap = ctx->snap;
	uint64_t self_mntns;
	int rc;

	/* which mounts are "ours" (lsns's NSFS); unknown in a fixture root */
	if (proc_read_ns_link(ctx->proc_fd, "self/ns/mnt", NSINFO_TYPE_MNT, &self_mntns) == 0)
		snap->self_mntns = self_mntns;
	rc = scan_root(ctx);
	return rc ? rc : walk_finish(ctx);
}

int walk_finish(struct scan_ctx *ctx)
{
	int rc;

	if (ctx->snap->flags & NSINFO_SCAN_MOUNTS) {
		rc = holders_scan_mounts(ctx);
		if (!rc)
			rc = ctx->err;
		if (rc)
			return rc;
	}
	hidden_count(ctx->snap, ctx->proc_fd);
	return 0;
}

const struct scan_source source_proc = {
	.name = "proc",
	.walk = proc_walk,
};

int scan_run(struct scan_ctx *ctx, const struct scan_source *src)
{
	int rc = src->walk(ctx);

	if (!rc)
		rc = ctx->err;
	if (!rc)
		rc = snapshot_finish(ctx->snap);
	/* peers are named by PID: the processes sorted first */
	if (!rc && (ctx->snap->flags & NSINFO_SCAN_STDIO))
		rc = stdio_resolve(ctx);
	return rc;
}
