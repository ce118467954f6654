// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * procinfo.c - task info (command, user, ppid, ...) from libproc2, asked
 * only for the processes a caller will show: with NSINFO_SCAN_INFO_LEADERS
 * the lowest PID of each namespace, a few dozen processes instead of all.
 *
 * libproc2 reads /proc itself and has no proc-root option, so a snapshot
 * of another proc root (a fixture tree) has no task info.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pwd.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <sys/statfs.h>
#include <stdbool.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "proc2.h"

/*
 * Two item sets. "quick" is stat alone: who the process is (start time,
 * name, stack address: an exec changes the last two) and what changes all
 * the time; "full" adds the user, and the command line is read with it
 * (read_cmdline()), only for processes the last snapshot did not know as
 * they are now.
 */
static enum pids_item quick_items[] = {
	PIDS_ID_PID, PIDS_ID_PPID, PIDS_CMD, PIDS_STATE, PIDS_TICS_BEGAN,
	PIDS_ADDR_STACK_START, PIDS_TICS_ALL, PIDS_NLWP,
};
enum { Q_PID, Q_PPID, Q_CMD, Q_STATE, Q_BEGAN, Q_STACK, Q_TICS, Q_NLWP };
_Static_assert(ARRAY_SIZE(quick_items) == Q_NLWP + 1, "quick_items[] and its enum agree");

/* quick, plus resident memory (statm), for NSINFO_SCAN_TASK_STATS */
static enum pids_item stats_items[] = {
	PIDS_ID_PID, PIDS_ID_PPID, PIDS_CMD, PIDS_STATE, PIDS_TICS_BEGAN,
	PIDS_ADDR_STACK_START, PIDS_TICS_ALL, PIDS_NLWP, PIDS_MEM_RES,
};
enum { Q_RES = Q_NLWP + 1 };
_Static_assert(ARRAY_SIZE(stats_items) == Q_RES + 1, "stats_items[] and its enum agree");

static enum pids_item full_items[] = {
	PIDS_ID_PID, PIDS_ID_PPID, PIDS_CMD, PIDS_STATE, PIDS_TICS_BEGAN,
	PIDS_ADDR_STACK_START, PIDS_TICS_ALL, PIDS_NLWP, PIDS_ID_EUID, PIDS_ID_EUSER,
};
enum { F_EUID = Q_NLWP + 1, F_EUSER };
_Static_assert(ARRAY_SIZE(full_items) == F_EUSER + 1, "full_items[] and its enum agree");

/* Private to this file: never visible after the scan. */
#define PROC_PICKED (1u << 31)

/* libproc2 takes at most a few hundred PIDs per select. */
#define SELECT_CHUNK 128

/*
 * comm, cmdline and user are shared strings: a process known to the last
 * snapshot as it is now keeps its three with a reference each
 * (keep_names()), and the processes of one user share the name. Three
 * strdup()s and three free()s per process and refresh were 7% of a
 * monitor's user instructions at 10k processes (callgrind, bench/
 * RESULTS.md). The count is atomic: the last reference can go with a
 * snapshot freed in another thread than the one that refreshes.
 */
struct shared_str {
	unsigned int refs;
	char s[];
};

static char *sstr_new(const char *s, size_t n)
{
	struct shared_str *h = malloc(sizeof(*h) + n + 1);

	if (!h)
		return NULL;
	h->refs = 1;
	memcpy(h->s, s, n);
	h->s[n] = '\0';
	return h->s;
}

static char *sstr_dup(const char *s)
{
	return sstr_new(s, strlen(s));
}

static struct shared_str *sstr_head(char *s)
{
	return (struct shared_str *)(s - offsetof(struct shared_str, s));
}

static char *sstr_ref(char *s)
{
	if (s)
		__atomic_fetch_add(&sstr_head(s)->refs, 1, __ATOMIC_RELAXED);
	return s;
}

static void sstr_unref(char *s)
{
	if (s && __atomic_sub_fetch(&sstr_head(s)->refs, 1, __ATOMIC_ACQ_REL) == 0)
		free(sstr_head(s));
}

void procinfo_free(struct nsinfo_proc *proc)
{
	sstr_unref(proc->comm);
	sstr_unref(proc->cmdline);
	sstr_unref(proc->user);
	proc->comm = proc->cmdline = proc->user = NULL;
}

/* A command line longer than this is cut (ARG_MAX is larger; nobody
 * reads that much in a column). */
#define MAX_CMDLINE (128u << 10)

/*
 * /proc/PID/cmdline, its NUL-separated arguments joined by spaces, as lsns
 * prints COMMAND; the command name when it is empty (kernel threads,
 * zombies). Read here rather than through libproc2, whose argv splits an
 * argument at a newline: the bytes stay as they are, and the output layer
 * escapes them.
 */
static char *read_cmdline(int proc_fd, unsigned int how, pid_t pid, const char *comm)
{
	/* Most command lines are short: read into this first, and keep a
	 * copy of their size. A block of MAX_CMDLINE for each (what this
	 * did) was an mmap() and munmap() per process, and 10k of them were
	 * most of nsls's peak RSS at 10k processes (bench/RESULTS.md). */
	char path[32], small[4096], *buf = small, *big = NULL, *out;
	size_t used = 0, cap = sizeof(small) - 1;
	struct stat st;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%d/cmdline", (int)pid);
	fd = untrusted_open_file(proc_fd, path, how, 0, &st);
	while (fd >= 0 && used < MAX_CMDLINE) {
		if (used == cap) {	/* a long one: room for all of it */
			big = malloc(MAX_CMDLINE + 1);
			if (!big) {
				close(fd);
				return NULL;
			}
			memcpy(big, small, used);
			buf = big;
			cap = MAX_CMDLINE;
		}
		n = read(fd, buf + used, cap - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += (size_t)n;
		/* the kernel fills what is asked for unless the arguments
		 * end first: no read() more for its 0 (one syscall in five
		 * of a leader's command line) */
		if (used < cap)
			break;
	}
	if (fd >= 0)
		close(fd);
	while (used && buf[used - 1] == '\0')
		used--;
	if (!used) {
		free(big);
		return sstr_dup(comm);
	}
	for (size_t i = 0; i < used; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	out = sstr_new(buf, used);
	free(big);
	return out;
}

/* What stat says, on every refresh. */
static void fill_quick(struct nsinfo_proc *p, struct pids_stack *st, bool res)
{
	p->ppid = PIDS_VAL(Q_PPID, s_int, st, NULL);
	p->state = PIDS_VAL(Q_STATE, s_ch, st, NULL);
	p->start_ticks = PIDS_VAL(Q_BEGAN, ull_int, st, NULL);
	p->start_stack = PIDS_VAL(Q_STACK, ul_int, st, NULL);
	p->cpu_ticks = PIDS_VAL(Q_TICS, ull_int, st, NULL);
	p->nlwp = PIDS_VAL(Q_NLWP, s_int, st, NULL);
	if (res)
		p->rss_kib = PIDS_VAL(Q_RES, ul_int, st, NULL);
}

/* The command line and user, read now. */
static int fill_full(struct nsinfo_proc *p, struct pids_stack *st, int proc_fd, unsigned int how)
{
	procinfo_free(p);
	fill_quick(p, st, false);
	p->comm = sstr_dup(PIDS_VAL(Q_CMD, str, st, NULL));
	if (p->comm)
		p->cmdline = read_cmdline(proc_fd, how, p->pid, p->comm);
	p->user = sstr_dup(PIDS_VAL(F_EUSER, str, st, NULL));
	if (!p->comm || !p->cmdline || !p->user) {
		procinfo_free(p);
		return -ENOMEM;
	}
	p->uid = PIDS_VAL(F_EUID, u_int, st, NULL);
	p->flags |= NSINFO_PROC_HAS_INFO;
	return 0;
}

/*
 * The same process as old, not exec'ed since: same start time (else the
 * PID was reused), same name and the same stack address, which an exec
 * moves (address space randomisation). A stack address of 0 means stat
 * hid it from us (no ptrace access): then nothing is taken as known.
 */
static bool unchanged(const struct nsinfo_proc *old, struct pids_stack *st)
{
	return old && (old->flags & NSINFO_PROC_HAS_INFO) &&
	       old->start_ticks == PIDS_VAL(Q_BEGAN, ull_int, st, NULL) &&
	       old->start_stack && old->start_stack == PIDS_VAL(Q_STACK, ul_int, st, NULL) &&
	       !strcmp(old->comm, PIDS_VAL(Q_CMD, str, st, NULL));
}

/* The command, command line and user old had, for p (its numbers are
 * p's own): references to old's strings. */
static int keep_names(struct nsinfo_proc *p, const struct nsinfo_proc *old)
{
	procinfo_free(p);
	p->comm = sstr_ref(old->comm);
	p->cmdline = sstr_ref(old->cmdline);
	p->user = sstr_ref(old->user);
	p->uid = old->uid;
	p->flags |= NSINFO_PROC_HAS_INFO;
	return 0;
}

static int keep(struct nsinfo_proc *p, const struct nsinfo_proc *old, struct pids_stack *st)
{
	fill_quick(p, st, false);
	return keep_names(p, old);
}

/* CPU% as top has it: ticks since the last refresh over the time since. */
static void cpu_percent(struct nsinfo_proc *p, const struct nsinfo_proc *old,
			const struct nsinfo_snapshot *snap, const struct nsinfo_snapshot *prev)
{
	double dt, hz = (double)sysconf(_SC_CLK_TCK);

	p->cpu_percent = -1;
	if (!old || !(old->flags & NSINFO_PROC_HAS_STATS) || old->start_ticks != p->start_ticks ||
	    p->cpu_ticks < old->cpu_ticks || hz <= 0)
		return;
	dt = (double)(snap->when.tv_sec - prev->when.tv_sec) +
	     (double)(snap->when.tv_nsec - prev->when.tv_nsec) / 1e9;
	if (dt > 0)
		p->cpu_percent = 100.0 * (double)(p->cpu_ticks - old->cpu_ticks) / hz / dt;
}

static bool default_root(const char *root)
{
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	return n == 5 && strncmp(root, "/proc", 5) == 0;
}

/* Mark the processes whose info is wanted; returns how many. */
static size_t pick(struct nsinfo_snapshot *snap, unsigned int *pids)
{
	size_t n = 0;

	if (snap->flags & NSINFO_SCAN_INFO_ALL) {
		for (size_t i = 0; i < snap->nprocs; i++) {
			snap->procs[i].flags |= PROC_PICKED;
			pids[n++] = (unsigned int)snap->procs[i].pid;
		}
		return n;
	}
	/* leaders repeat across types (one process often leads all eight):
	 * a private flag bit keeps each once (procinfo_read() clears it) */
	for (size_t i = 0; i < snap->nns; i++) {
		const struct nsinfo_proc *cp;
		struct nsinfo_proc *p;

		if (nsinfo_ns_leader(snap->ns[i], &cp, NULL, NULL) < 0)
			continue;
		p = (struct nsinfo_proc *)cp;
		if (p->flags & PROC_PICKED)
			continue;
		p->flags |= PROC_PICKED;
		pids[n++] = (unsigned int)p->pid;
	}
	return n;
}

void procinfo_handles_free(struct procinfo_handles *h)
{
	proc2_pids_unref(&h->quick);
	proc2_pids_unref(&h->full);
}

/* One select in chunks; each stack to fn(). */
static int select_each(struct pids_info *info, unsigned int *pids, size_t n,
		       int (*fn)(void *arg, struct pids_stack *st), void *arg)
{
	int rc = 0;

	for (size_t off = 0; off < n && !rc; off += SELECT_CHUNK) {
		int k = (int)(n - off < SELECT_CHUNK ? n - off : SELECT_CHUNK);
		struct pids_fetch *f = proc2_pids_select(info, pids + off, k);

		if (!f)
			continue;	/* all of them exited */
		for (int i = 0; i < f->counts->total && !rc; i++)
			rc = fn(arg, f->stacks[i]);
	}
	return rc;
}

/*
 * Every process, as top reads them: one readdir of /proc and each one's
 * stat (and statm). A select by PID list reads each one's status too
 * (libproc2 looks for the real tgid there), which costs more than the
 * stat itself; for the numbers of every process a reap is the cheap way.
 */
static int reap_each(struct pids_info *info, int (*fn)(void *arg, struct pids_stack *st),
		     void *arg)
{
	struct pids_fetch *f = proc2_pids_reap(info);
	int rc = 0;

	if (!f)
		return 0;	/* no task info; columns show it as unknown */
	for (int i = 0; i < f->counts->total && !rc; i++)
		rc = fn(arg, f->stacks[i]);
	return rc;
}

/* uid -> user name (a shared string, one reference held here), for one
 * procinfo_read() */
struct user_cache {
	uid_t uid;
	char *name;
};
#define USER_CACHE_N 32

struct reap {
	struct user_cache users[USER_CACHE_N];
	size_t nusers;
	struct nsinfo_snapshot *snap;
	int proc_fd;		/* /proc, for the command lines */
	unsigned int how;	/* how they are opened (untrusted.c) */
	const struct nsinfo_snapshot *prev;
	unsigned int *miss;	/* PIDs whose command line is read again */
	size_t nmiss;
};

static struct nsinfo_proc *proc_of(struct nsinfo_snapshot *snap, struct pids_stack *st)
{
	return (struct nsinfo_proc *)nsinfo_snapshot_find_proc(snap, PIDS_VAL(Q_PID, s_int, st, NULL));
}

static int on_full(void *arg, struct pids_stack *st)
{
	struct reap *r = arg;
	struct nsinfo_proc *p = proc_of(r->snap, st);

	return p ? fill_full(p, st, r->proc_fd, r->how) : 0;
}

/* stat of every process asked: the numbers, and whether its command line
 * is still the one prev knew */
static int on_quick(void *arg, struct pids_stack *st)
{
	struct reap *r = arg;
	struct nsinfo_proc *p = proc_of(r->snap, st);
	const struct nsinfo_proc *old;
	bool stats = r->snap->flags & NSINFO_SCAN_TASK_STATS;

	if (!p)
		return 0;
	old = r->prev ? nsinfo_snapshot_find_proc(r->prev, p->pid) : NULL;
	fill_quick(p, st, stats);
	if (stats) {
		p->flags |= NSINFO_PROC_HAS_STATS;
		cpu_percent(p, old, r->snap, r->prev);
	}
	if (!(p->flags & PROC_PICKED))
		return 0;
	if (unchanged(old, st))
		return keep(p, old, st);
	r->miss[r->nmiss++] = (unsigned int)p->pid;
	return 0;
}

/* The same process as old, not exec'ed since (as unchanged()), from what
 * the kernel source read. */
static bool unchanged_k(const struct nsinfo_proc *old, const struct nsinfo_proc *p)
{
	if (!old || !(old->flags & NSINFO_PROC_HAS_INFO) || old->start_ticks != p->start_ticks)
		return false;
	/* a kernel thread never execs; /proc names it at length (its
	 * record has the first 15 bytes) */
	if (p->kthread)
		return !strncmp(old->comm, p->kcomm, strlen(p->kcomm));
	return old->start_stack && old->start_stack == p->start_stack &&
	       !strcmp(old->comm, p->kcomm);
}

/* The user name of uid as libproc2 gives it: the password database's, or
 * the number when it has none; a reference to the cache's string. NULL
 * on ENOMEM. */
static char *user_name(struct reap *r, uid_t uid)
{
	struct passwd pw, *res = NULL;
	char buf[1024], name[64], *s;

	for (size_t i = 0; i < r->nusers; i++)
		if (r->users[i].uid == uid)
			return sstr_ref(r->users[i].name);
	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res && res->pw_name &&
	    strlen(res->pw_name) < sizeof(name))
		snprintf(name, sizeof(name), "%s", res->pw_name);
	else
		snprintf(name, sizeof(name), "%u", (unsigned int)uid);
	s = sstr_dup(name);
	if (s && r->nusers < USER_CACHE_N) {
		r->users[r->nusers].uid = uid;
		r->users[r->nusers++].name = sstr_ref(s);
	}
	return s;
}

/*
 * A kernel thread's name as /proc shows it: longer than its record's
 * 15 bytes for workqueue workers and some kthreads ("kworker/0:1-events"),
 * read from comm, which says no more than stat does. kcomm when it is gone.
 */
static char *kthread_name(const struct reap *r, const struct nsinfo_proc *p)
{
	char path[32], *buf = NULL, *name;
	struct stat st;
	size_t n = 0;

	snprintf(path, sizeof(path), "%d/comm", (int)p->pid);
	if (untrusted_read_file(r->proc_fd, path, r->how, 0, 256, &buf, &n, &st) < 0)
		return sstr_dup(p->kcomm);
	while (n > 0 && buf[n - 1] == '\n')
		n--;
	name = n ? sstr_new(buf, n) : sstr_dup(p->kcomm);
	free(buf);
	return name;
}

/* A process the kernel source read, that the last snapshot did not know
 * as it is now: its name and euid are the kernel's record's (a kernel
 * thread's name /proc's, which is longer), so only its command line is
 * read, and libproc2 is not needed (it would read stat and status). */
static int fill_kernel(struct nsinfo_proc *p, struct reap *r)
{
	procinfo_free(p);
	p->comm = p->kthread ? kthread_name(r, p) : sstr_dup(p->kcomm);
	/* a kernel thread has no command line: its name is shown */
	if (p->comm)
		p->cmdline = p->kthread ? sstr_ref(p->comm)
					: read_cmdline(r->proc_fd, r->how, p->pid, p->comm);
	p->user = user_name(r, p->keuid);
	if (!p->comm || !p->cmdline || !p->user) {
		procinfo_free(p);
		return -ENOMEM;
	}
	p->uid = p->keuid;
	p->flags |= NSINFO_PROC_HAS_INFO;
	return 0;
}

/*
 * The kernel source read every process's numbers (knum): nothing of
 * /proc is read for them, but the command line of a process the last
 * snapshot did not know as it is now (fill_kernel()). pids[] keeps the
 * processes it did not read (the ones it does not show: PID 1 here),
 * picked or, with stats, all of them; *n says how many.
 */
static int kernel_numbers(struct nsinfo_snapshot *snap, struct reap *r, unsigned int *pids,
			  size_t *n)
{
	bool stats = snap->flags & NSINFO_SCAN_TASK_STATS;
	size_t at = 0;		/* in r->prev's processes: both by PID */
	int rc = 0;

	*n = 0;
	for (size_t i = 0; i < snap->nprocs && !rc; i++) {
		struct nsinfo_proc *p = &snap->procs[i];
		const struct nsinfo_proc *old = NULL;

		if (!p->knum) {
			if (stats || (p->flags & PROC_PICKED))
				pids[(*n)++] = (unsigned int)p->pid;
			continue;
		}
		/* a step along, not a search: a search's cache misses were
		 * most of this loop at 10k processes */
		while (r->prev && at < r->prev->nprocs && r->prev->procs[at].pid < p->pid)
			at++;
		if (r->prev && at < r->prev->nprocs && r->prev->procs[at].pid == p->pid)
			old = &r->prev->procs[at];
		if (stats) {
			p->flags |= NSINFO_PROC_HAS_STATS;
			cpu_percent(p, old, snap, r->prev);
		}
		if (!(p->flags & PROC_PICKED))
			continue;
		if (unchanged_k(old, p))
			rc = keep_names(p, old);
		else if (r->proc_fd >= 0)
			rc = fill_kernel(p, r);
		else
			r->miss[r->nmiss++] = (unsigned int)p->pid;
	}
	return rc;
}

int procinfo_read(struct nsinfo_snapshot *snap, struct procinfo_handles *h,
		  const struct nsinfo_snapshot *prev)
{
	bool stats = snap->flags & NSINFO_SCAN_TASK_STATS;
	bool info = snap->flags & (NSINFO_SCAN_INFO_LEADERS | NSINFO_SCAN_INFO_ALL);
	struct reap r = { .snap = snap, .prev = prev, .proc_fd = -1 };
	struct statfs sfs;
	unsigned int *pids;
	size_t n = 0, cap;
	int rc = 0;

	if (!default_root(snap->proc_root) || !snap->nprocs)
		return 0;
	cap = snap->nprocs > snap->nns ? snap->nprocs : snap->nns;
	pids = malloc(cap * sizeof(*pids));
	r.miss = malloc(cap * sizeof(*r.miss));
	if (!pids || !r.miss) {
		rc = -ENOMEM;
		goto out;
	}
	if (info)
		n = pick(snap, pids);
	r.proc_fd = open(snap->proc_root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	/* a procfs holds the kernel's files: one open each, no detour */
	r.how = r.proc_fd >= 0 && fstatfs(r.proc_fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC
			? UNTRUSTED_PROCFS : UNTRUSTED_BENEATH;
	if (snap->source == NSINFO_SOURCE_KERNEL) {
		rc = kernel_numbers(snap, &r, pids, &n);
		if (rc || (!n && !r.nmiss))
			goto out;	/* no libproc2 needed */
		if (!h->full && proc2_pids_new(&h->full, full_items, (int)ARRAY_SIZE(full_items)) < 0)
			goto out;	/* no task info; columns show it as unknown */
		/* the few it did not read, as below but never a reap */
		if (n && !prev && !stats)
			rc = select_each(h->full, pids, n, on_full, &r);
		else if (n && (h->quick || proc2_pids_new(&h->quick, stats ? stats_items : quick_items,
							   stats ? (int)ARRAY_SIZE(stats_items)
								 : (int)ARRAY_SIZE(quick_items)) >= 0))
			rc = select_each(h->quick, pids, n, on_quick, &r);
		if (!rc && r.nmiss)
			rc = select_each(h->full, r.miss, r.nmiss, on_full, &r);
		goto out;
	}
	if (!h->full && proc2_pids_new(&h->full, full_items, (int)ARRAY_SIZE(full_items)) < 0)
		goto out;	/* no task info; columns show it as unknown */
	/* a first scan without numbers: one reap, as little read as before */
	if (!prev && !stats) {
		rc = select_each(h->full, pids, n, on_full, &r);
		goto out;
	}
	if (!h->quick && proc2_pids_new(&h->quick, stats ? stats_items : quick_items,
					 stats ? (int)ARRAY_SIZE(stats_items)
					       : (int)ARRAY_SIZE(quick_items)) < 0)
		goto out;
	if (stats) {
		/* numbers for every process (those the scan did not see are
		 * passed over), the command line for the picked */
		rc = reap_each(h->quick, on_quick, &r);
	} else {
		rc = select_each(h->quick, pids, n, on_quick, &r);
	}
	if (!rc && r.nmiss)
		rc = select_each(h->full, r.miss, r.nmiss, on_full, &r);
out:
	for (size_t i = 0; i < snap->nprocs; i++)
		snap->procs[i].flags &= ~PROC_PICKED;
	if (r.proc_fd >= 0)
		close(r.proc_fd);
	for (size_t i = 0; i < r.nusers; i++)
		sstr_unref(r.users[i].name);
	free(r.miss);
	free(pids);
	return rc;
}
