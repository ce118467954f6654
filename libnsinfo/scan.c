// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * scan.c - one walk of the proc root.
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
static int read_ns_link(int dirfd, const char *name, int want, uint64_t *inode)
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

static bool wants_relations(const struct nsinfo_snapshot *snap)
{
	return snap->flags & (NSINFO_SCAN_RELATIONS | NSINFO_SCAN_NETNSID);
}

struct nsinfo_ns *scan_ns_fd(struct scan_ctx *ctx, int type, uint64_t inode, int fd)
{
	struct nsinfo_ns *ns;
	bool created;

	ns = snapshot_get_ns(ctx->snap, type, inode, &created);
	if (!ns) {
		ctx->err = -ENOMEM;
		return NULL;
	}
	if (created && fd >= 0 && wants_relations(ctx->snap))
		relations_read(ctx, ns, fd);
	return ns;
}

struct nsinfo_ns *scan_ns_at(struct scan_ctx *ctx, int type, uint64_t inode,
			     int dirfd, const char *name)
{
	struct nsinfo_ns *ns = nsmap_find(&ctx->snap->map, type, inode);
	const struct nsinfo_ns *prev;
	int fd, err;

	if (ns)
		return ns;
	if (!wants_relations(ctx->snap))
		return scan_ns_fd(ctx, type, inode, -1);
	/* known from the last refresh, and still that namespace */
	prev = relations_prev(ctx, type, inode, dirfd, name, AT_SYMLINK_FOLLOW);
	if (prev) {
		bool created;

		ns = snapshot_get_ns(ctx->snap, type, inode, &created);
		if (!ns)
			ctx->err = -ENOMEM;
		else if (created)
			relations_copy(ctx, ns, prev);
		return ns;
	}
	/* the link was read a moment ago: what we open must be that very
	 * namespace (a user may flip an fd number, or bind-mount a FIFO over
	 * the name), else no relations are read from it */
	fd = untrusted_nsfs_at(dirfd, name, type, inode);
	err = fd < 0 ? -fd : 0;
	ns = scan_ns_fd(ctx, type, inode, fd);
	if (err && ns && proc_err_classify(err) == PROC_ERR_DENIED)
		ns->unknown |= NSINFO_NS_DENIED;
	if (fd >= 0)
		close(fd);
	return ns;
}

/* The namespace behind link `name` of the ns directory dirfd; NULL with
 * *err set (-errno of the readlink, or -ENOMEM). */
static struct nsinfo_ns *ns_from_link(struct scan_ctx *ctx, int dirfd,
				      const char *name, int type, int *err)
{
	struct nsinfo_ns *ns;
	uint64_t inode;

	*err = read_ns_link(dirfd, name, type, &inode);
	if (*err)
		return NULL;
	ns = scan_ns_at(ctx, type, inode, dirfd, name);
	if (!ns)
		*err = -ENOMEM;
	return ns;
}

static struct nsinfo_proc *proc_append(struct nsinfo_snapshot *snap, pid_t pid)
{
	struct nsinfo_proc *p;

	if (snap->nprocs == snap->procs_cap) {
		size_t cap = snap->procs_cap ? snap->procs_cap * 2 : 512;

		p = realloc(snap->procs, cap * sizeof(*p));
		if (!p)
			return NULL;
		snap->procs = p;
		snap->procs_cap = cap;
	}
	p = &snap->procs[snap->nprocs];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	return p;
}

static int split_append(struct nsinfo_proc *proc, const struct nsinfo_split *s)
{
	struct nsinfo_split *v;

	v = realloc(proc->splits, (proc->nsplits + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	v[proc->nsplits++] = *s;
	proc->splits = v;
	return 0;
}

/* The threads of one process: count them per namespace, and keep those
 * that sit apart from their leader. */
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
	while ((d = readdir(dir))) {
		struct nsinfo_split split = { 0 };
		bool apart = false;
		pid_t tid;
		int tfd;

		if (nsinfo_parse_pid(d->d_name, &tid) < 0)
			continue;
		proc->nthreads++;
		if (tid == proc->pid) {
			for (int t = 0; t < NSINFO_NTYPES; t++)
				if (proc->ns[t])
					proc->ns[t]->nthreads++;
			continue;
		}
		snprintf(path, sizeof(path), "%d/ns", (int)tid);
		tfd = untrusted_open(dirfd(dir), path, O_PATH | O_DIRECTORY, UNTRUSTED_BENEATH);
		if (tfd < 0) {
			if (proc_err_classify(tfd) == PROC_ERR_DENIED &&
			    !task_exiting(dirfd(dir), d->d_name))
				snap->denied_tasks++;
			continue;
		}
		split.tid = tid;
		for (int t = 0; t < NSINFO_NTYPES; t++) {
			struct nsinfo_ns *ns;
			int err;

			if (!(snap->types & NSINFO_TYPE_BIT(t)))
				continue;
			ns = ns_from_link(ctx, tfd, nstype_get(t)->name, t, &err);
			if (!ns) {
				if (err == -ENOMEM) {
					rc = err;
					break;
				}
				if (proc_err_classify(err) == PROC_ERR_DENIED) {
					/* an exiting thread is gone, not denied */
					if (!task_exiting(dirfd(dir), d->d_name))
						snap->denied_tasks++;
					break;
				}
				continue;
			}
			ns->nthreads++;
			split.ns[t] = ns;
			if (ns != proc->ns[t]) {
				ns->holders |= NSINFO_HOLD_THREAD;
				apart = true;
				if (!ns->thread_tid || tid < ns->thread_tid) {
					ns->thread_tid = tid;
					ns->thread_pid = proc->pid;
				}
			}
		}
		close(tfd);
		if (rc)
			break;
		if (apart) {
			rc = split_append(proc, &split);
			if (rc)
				break;
			proc->flags |= NSINFO_PROC_SPLIT;
		}
	}
	closedir(dir);
	return rc;
}

static void scan_for_children(struct scan_ctx *ctx, struct nsinfo_proc *proc,
			      int nsfd)
{
	static const struct {
		int type;
		int slot;
		const char *link;
	} links[] = {
		{ NSINFO_TYPE_PID, FOR_CHILDREN_PID, "pid_for_children" },
		{ NSINFO_TYPE_TIME, FOR_CHILDREN_TIME, "time_for_children" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(links); i++) {
		struct nsinfo_ns *ns;
		int err;

		if (!(ctx->snap->types & NSINFO_TYPE_BIT(links[i].type)))
			continue;
		ns = ns_from_link(ctx, nsfd, links[i].link, links[i].type, &err);
		if (!ns)
			continue;	/* no child namespace yet, or no such link */
		proc->for_children[links[i].slot] = ns;
		if (ns != proc->ns[links[i].type]) {
			ns->holders |= NSINFO_HOLD_FOR_CHILDREN;
			if (!ns->fc_pid || proc->pid < ns->fc_pid)
				ns->fc_pid = proc->pid;
		}
	}
}

/* One process: 0, or -ENOMEM. A process that is gone is left out. */
static int scan_proc(struct scan_ctx *ctx, pid_t pid)
{
	struct nsinfo_snapshot *snap = ctx->snap;
	struct nsinfo_proc *proc;
	unsigned int nread = 0, ndenied = 0;
	char path[32];
	int nsfd, rc = 0;

	snprintf(path, sizeof(path), "%d/ns", (int)pid);
	nsfd = untrusted_open(ctx->proc_fd, path, O_PATH | O_DIRECTORY, UNTRUSTED_BENEATH);
	if (nsfd < 0) {
		switch (proc_err_classify(nsfd)) {
		case PROC_ERR_DENIED:
			break;	/* listed, but not readable */
		default:
			return 0;	/* exited between readdir and here */
		}
	}
	proc = proc_append(snap, pid);
	if (!proc) {
		rc = -ENOMEM;
		goto out;
	}
	for (int t = 0; nsfd >= 0 && t < NSINFO_NTYPES; t++) {
		struct nsinfo_ns *ns;
		int err;

		if (!(snap->scan_types & NSINFO_TYPE_BIT(t)))
			continue;
		ns = ns_from_link(ctx, nsfd, nstype_get(t)->name, t, &err);
		if (!ns) {
			if (err == -ENOMEM) {
				rc = err;
				goto out;
			}
			if (proc_err_classify(err) == PROC_ERR_DENIED)
				ndenied++;
			continue;
		}
		proc->ns[t] = ns;
		ns->nprocs++;
		ns->holders |= NSINFO_HOLD_PROCESS;
		if (!ns->first_pid || pid < ns->first_pid)
			ns->first_pid = pid;
		nread++;
	}
	if (nread == 0 && (ndenied || nsfd < 0) &&
	    (snprintf(path, sizeof(path), "%d", (int)pid), !task_exiting(ctx->proc_fd, path))) {
		proc->flags |= NSINFO_PROC_DENIED;
		snap->denied++;
	} else if (nread == 0) {
		/* Every link gone: exited, or a zombie (no nsproxy left). */
		if (nsfd >= 0)
			close(nsfd);
		return 0;
	}
	snap->nprocs++;
	snap->seen++;
	if (nread && (snap->flags & NSINFO_SCAN_FOR_CHILDREN))
		scan_for_children(ctx, proc, nsfd);
	if (nread && (snap->flags & NSINFO_SCAN_TASKS))
		rc = scan_tasks(ctx, proc);
	if (!rc && nread && (snap->flags & (NSINFO_SCAN_FDS | NSINFO_SCAN_SOCKETS)))
		rc = holders_scan_fds(ctx, proc);
out:
	if (nsfd >= 0)
		close(nsfd);
	return rc;
}

/* The PIDs below the proc root, in readdir order (ascending). */
static int list_pids(int proc_fd, pid_t **out, size_t *n)
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
		rc = scan_proc(ctx, pids[i]);
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

	rc = list_pids(ctx->proc_fd, &pids, &npids);
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
					      .netlink_fd = -1, .prev = ctx->prev };
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

int scan_walk(struct scan_ctx *ctx)
{
	struct nsinfo_snapshot *snap = ctx->snap;
	uint64_t self_mntns;
	int rc;

	/* which mounts are "ours" (lsns's NSFS); unknown in a fixture root */
	if (read_ns_link(ctx->proc_fd, "self/ns/mnt", NSINFO_TYPE_MNT, &self_mntns) == 0)
		snap->self_mntns = self_mntns;
	rc = scan_root(ctx);
	if (rc)
		return rc;
	if (snap->flags & NSINFO_SCAN_MOUNTS) {
		rc = holders_scan_mounts(ctx);
		if (!rc)
			rc = ctx->err;
		if (rc)
			return rc;
	}
	rc = snapshot_finish(snap);
	if (rc)
		return rc;
	hidden_count(snap, ctx->proc_fd);
	return 0;
}
