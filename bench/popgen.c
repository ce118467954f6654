// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * popgen - populate the machine with processes spread over namespace sets,
 * so that namespace listers (nsls, lsns, ps) can be benchmarked against a
 * realistic, reproducible population.
 *
 *   popgen -n NPROCS -m NSETS [-t K] [-T THREADS] [-u K] [-r FILE] [-s] [-q]
 *
 * A "namespace set" is one tree of processes that share a group of
 * namespaces.  Sets cycle through the templates in tmpls[] below: plain
 * host processes, "ip netns"-like network namespaces, rootful and rootless
 * containers, sandboxes, and containers nested 2 and 3 levels deep (user
 * namespace inside user namespace, pid namespace inside pid namespace).
 * Every K-th worker also runs a few pthreads, and some of those threads
 * unshare their own net/uts namespace, because a thread can sit in a
 * different namespace than its thread-group leader and a lister has to
 * cope with that.
 *
 * Processes are plain forks that pause(); nothing is exec'd, so 10k of them
 * cost little memory.  NPROCS counts every process popgen creates (set
 * leaders and pid-namespace inits included, popgen itself excluded), so
 * "ls /proc | grep -c '^[0-9]'" grows by NPROCS + 1.
 *
 * When every process has reported in, popgen prints one line starting with
 * "ready" on stdout (and writes it to FILE with -r), then waits until stdin
 * reaches EOF (unless -s) or it gets SIGTERM/SIGINT/SIGHUP.  It then kills
 * every process group it created and reaps until nothing is left.  If popgen
 * itself is SIGKILLed, the PR_SET_PDEATHSIG chain (every process is armed to
 * die with its parent) and the pid-namespace inits take the population down.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* short names keep the template table below readable */
#define U	CLONE_NEWUSER
#define P	CLONE_NEWPID
#define M	CLONE_NEWNS
#define N	CLONE_NEWNET
#define I	CLONE_NEWIPC
#define H	CLONE_NEWUTS
#define C	CLONE_NEWCGROUP
#define T	CLONE_NEWTIME

#define MAX_LEVELS	3
#define THREAD_STACK	(64 * 1024)	/* threads only pause(); keep 10k cheap */
#define PID_MAX_LIMIT	4194304		/* kernel limit on 64-bit */
#define TASK_MARGIN	2048		/* headroom for the rest of the system */

/*
 * One template per kind of set.  Level 0 is applied by the set leader; each
 * further level is applied by a child of the previous level, so that the
 * pid namespace created one level up is actually occupied (its first child
 * becomes its pid 1) and user namespaces nest.  If the last level creates a
 * pid or time namespace, one more child is forked to occupy it; that child
 * (or the last level itself) is the leaf that forks the workers.
 */
struct tmpl {
	const char *name;
	int nlevels;
	int level[MAX_LEVELS];
};

static const struct tmpl tmpls[] = {
	/* daemons in the initial namespaces */
	{ "host",	 1, { 0 } },
	/* "ip netns exec" style */
	{ "netns",	 1, { N } },
	{ "uts-ipc",	 1, { H | I } },
	/* unprivileged container: everything inside one user namespace */
	{ "container",	 1, { U | M | H | I | N | C | P } },
	/* rootful container (docker-like), with a time namespace */
	{ "rootful",	 1, { M | H | I | N | P | T } },
	/* browser/bubblewrap-like sandbox */
	{ "sandbox",	 1, { U | N | M | I } },
	/* container in a container: 2 user + 2 pid levels below init */
	{ "nested2",	 2, { U | M | H | I | N | P, U | M | H | N | P } },
	/* 3 user + 3 pid levels below init */
	{ "nested3",	 3, { U | P, U | P | H, U | P | N | M } },
	{ "cgroup-time", 1, { C | T | H } },
	/* rootless podman: a pause userns, then the container inside it */
	{ "rootless",	 2, { U | M, M | H | I | N | C | P } },
};

#define NTMPLS	(sizeof(tmpls) / sizeof(tmpls[0]))

static const struct {
	int flag;
	const char *name;
	const char *sysctl;
} nstypes[] = {
	{ C, "cgroup", "/proc/sys/user/max_cgroup_namespaces" },
	{ I, "ipc",    "/proc/sys/user/max_ipc_namespaces" },
	{ M, "mnt",    "/proc/sys/user/max_mnt_namespaces" },
	{ N, "net",    "/proc/sys/user/max_net_namespaces" },
	{ P, "pid",    "/proc/sys/user/max_pid_namespaces" },
	{ T, "time",   "/proc/sys/user/max_time_namespaces" },
	{ U, "user",   "/proc/sys/user/max_user_namespaces" },
	{ H, "uts",    "/proc/sys/user/max_uts_namespaces" },
};

#define NNSTYPES	(sizeof(nstypes) / sizeof(nstypes[0]))

/* Namespaces unshared by the threads of an "unsharing" threaded worker. */
static const int thread_unshare[] = { N, H };

struct opts {
	unsigned long nprocs;
	unsigned long nsets;
	unsigned long thr_every;	/* every K-th worker has threads */
	unsigned long nthreads;		/* threads per threaded worker */
	unsigned long unshare_every;	/* every K-th threaded worker unshares */
	unsigned long timeout;		/* seconds to wait for readiness */
	const char *ready_file;
	bool watch_stdin;
	bool quiet;
};

struct set {
	const struct tmpl *tmpl;
	unsigned long idx;
	unsigned long nprocs;		/* all processes of this set */
	unsigned long nworkers;
	unsigned long worker_base;	/* global index of the first worker */
	pid_t leader;
};

static struct opts opt = {
	.nprocs = 1000,
	.thr_every = 10,
	.nthreads = 4,
	.unshare_every = 5,
	.timeout = 300,
	.watch_stdin = true,
};

/* Shared with every child; only the write end of the ready pipe is used. */
static int ready_wr = -1;
static sigset_t orig_mask;

static unsigned long chain_len(const struct tmpl *t)
{
	return t->nlevels + !!(t->level[t->nlevels - 1] & (P | T));
}

static bool worker_threaded(unsigned long gidx)
{
	return opt.thr_every && opt.nthreads && gidx % opt.thr_every == 0;
}

static bool worker_unshares(unsigned long gidx)
{
	return worker_threaded(gidx) && opt.unshare_every &&
	       (gidx / opt.thr_every) % opt.unshare_every == 0;
}

/* namespaces the threads of one unsharing worker create */
static unsigned long thread_ns_per_worker(void)
{
	unsigned long n = sizeof(thread_unshare) / sizeof(thread_unshare[0]);

	return opt.nthreads < n ? opt.nthreads : n;
}

/* Only workers can be threaded; count what will really exist. */
static void count_threads(const struct set *sets, unsigned long *threads,
			  unsigned long *unsharing)
{
	unsigned long i, g;

	*threads = *unsharing = 0;
	for (i = 0; i < opt.nsets; i++) {
		for (g = sets[i].worker_base;
		     g < sets[i].worker_base + sets[i].nworkers; g++) {
			*threads += worker_threaded(g) ? opt.nthreads : 0;
			*unsharing += worker_unshares(g);
		}
	}
}

static int pidfd_self(void)
{
	return (int)syscall(SYS_pidfd_open, getpid(), 0);
}

/* ------------------------------------------------------------------ */
/* Child side                                                          */
/* ------------------------------------------------------------------ */

static void report(char c)
{
	ssize_t r;

	do
		r = write(ready_wr, &c, 1);
	while (r < 0 && errno == EINTR);
}

static noreturn void child_fail(const char *fmt, ...)
{
	int saved = errno;
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "popgen[%d]: %s: %s\n", getpid(), msg, strerror(saved));
	report('E');
	_exit(1);
}

static noreturn void idle(void)
{
	for (;;)
		pause();
}

/*
 * PR_SET_PDEATHSIG only fires for a parent that dies after it was armed, so
 * check through the parent's pidfd that it is still alive afterwards.
 * getppid() cannot be used: it is 0 for the first process of a new pid
 * namespace, whatever happens to the parent.
 */
static void guard_parent(int parent_pidfd)
{
	struct pollfd pfd = { .fd = parent_pidfd, .events = POLLIN };

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		child_fail("prctl(PR_SET_PDEATHSIG)");
	if (poll(&pfd, 1, 0) != 0)
		_exit(1);	/* parent already gone (or pidfd unusable) */
}

/* fork() a child that dies with us; returns like fork() */
static pid_t spawn(int self_pidfd, const char *comm)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	guard_parent(self_pidfd);
	prctl(PR_SET_NAME, comm);
	return 0;
}

static int write_file(const char *path, const char *buf)
{
	size_t len = strlen(buf);
	ssize_t r;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = write(fd, buf, len);
	if (r != (ssize_t)len) {
		int saved = r < 0 ? errno : EIO;

		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

/*
 * Enter a new user namespace and map our current ids to root inside it.
 * The mapping is needed for nesting: creating a user namespace requires
 * the caller's euid/egid to be mapped in the current one.
 */
static void enter_userns(unsigned long set, int lvl)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];

	if (unshare(CLONE_NEWUSER) < 0)
		child_fail("set %lu level %d: unshare(CLONE_NEWUSER)", set, lvl);
	/* an unprivileged gid_map write requires setgroups to be denied */
	if (write_file("/proc/self/setgroups", "deny") < 0)
		child_fail("set %lu: write setgroups", set);
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)uid);
	if (write_file("/proc/self/uid_map", map) < 0)
		child_fail("set %lu: write uid_map", set);
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)gid);
	if (write_file("/proc/self/gid_map", map) < 0)
		child_fail("set %lu: write gid_map", set);
}

static void apply_level(const struct set *s, int lvl)
{
	int flags = s->tmpl->level[lvl];
	int rest = flags & ~U;
	char buf[96];

	if (flags & U)
		enter_userns(s->idx, lvl);
	if (rest && unshare(rest) < 0)
		child_fail("set %lu (%s) level %d: unshare(0x%x)", s->idx,
			   s->tmpl->name, lvl, rest);
	if (rest & H) {
		/* distinct hostnames make the uts namespaces tell-apart */
		snprintf(buf, sizeof(buf), "popgen-s%lu-l%d", s->idx, lvl);
		if (sethostname(buf, strlen(buf)) < 0)
			child_fail("set %lu: sethostname", s->idx);
	}
	if (rest & T) {
		/*
		 * Offsets can only be set before the first process enters the
		 * namespace; a per-set offset makes clocks visibly differ.
		 */
		unsigned long off = (s->idx + 1) * 3600;

		snprintf(buf, sizeof(buf), "monotonic %lu 0\nboottime %lu 0\n",
			 off, off);
		if (write_file("/proc/self/timens_offsets", buf) < 0)
			child_fail("set %lu: write timens_offsets", s->idx);
	}
}

struct thr {
	pthread_barrier_t *barrier;
	int flags;
	int err;
};

static void *thread_main(void *arg)
{
	struct thr *t = arg;

	/*
	 * unshare() in a thread moves only this thread: its
	 * /proc/PID/task/TID/ns/ links then differ from the leader's.
	 */
	if (t->flags && unshare(t->flags) < 0)
		t->err = errno;
	if (!t->err && (t->flags & H)) {
		char name[32];

		snprintf(name, sizeof(name), "popgen-t%ld", (long)gettid());
		if (sethostname(name, strlen(name)) < 0)
			t->err = errno;
	}
	pthread_barrier_wait(t->barrier);
	idle();
}

static noreturn void worker_main(unsigned long gidx)
{
	struct thr thr[64];
	pthread_barrier_t barrier;
	pthread_attr_t attr;
	unsigned long i, n = opt.nthreads;
	int err;

	if (!worker_threaded(gidx)) {
		report('R');
		idle();
	}
	if (n > sizeof(thr) / sizeof(thr[0]))
		n = sizeof(thr) / sizeof(thr[0]);
	pthread_barrier_init(&barrier, NULL, n + 1);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, THREAD_STACK);
	for (i = 0; i < n; i++) {
		pthread_t tid;

		thr[i].barrier = &barrier;
		thr[i].err = 0;
		thr[i].flags = 0;
		if (worker_unshares(gidx) && i < thread_ns_per_worker())
			thr[i].flags = thread_unshare[i];
		err = pthread_create(&tid, &attr, thread_main, &thr[i]);
		if (err) {
			errno = err;
			child_fail("worker %lu: pthread_create", gidx);
		}
	}
	pthread_barrier_wait(&barrier);
	for (i = 0; i < n; i++) {
		if (thr[i].err) {
			errno = thr[i].err;
			child_fail("worker %lu thread %lu: unshare(0x%x)", gidx,
				   i, thr[i].flags);
		}
	}
	report('R');
	idle();
}

/* Become a holder: our child carries on; we only keep the tree alive. */
static noreturn void hold(int self_pidfd)
{
	close(self_pidfd);
	report('R');
	idle();
}

static noreturn void set_main(struct set *s, int parent_pidfd)
{
	const struct tmpl *t = s->tmpl;
	unsigned long j;
	int lvl, me;
	pid_t pid;

	for (lvl = 0; lvl < t->nlevels; lvl++) {
		if (lvl > 0) {
			me = pidfd_self();
			if (me < 0)
				child_fail("set %lu: pidfd_open", s->idx);
			pid = spawn(me, "popgen-nest");
			if (pid < 0)
				child_fail("set %lu level %d: fork", s->idx, lvl);
			if (pid > 0) {
				close(parent_pidfd);
				hold(me);
			}
			close(parent_pidfd);
			parent_pidfd = me;
		}
		apply_level(s, lvl);
		/*
		 * Creds change on unshare(CLONE_NEWUSER); re-arm the death
		 * signal so its survival does not depend on the rules for
		 * clearing it.
		 */
		guard_parent(parent_pidfd);
	}

	me = pidfd_self();
	if (me < 0)
		child_fail("set %lu: pidfd_open", s->idx);
	if (t->level[t->nlevels - 1] & (P | T)) {
		/* occupy the pid/time namespace made for our children */
		pid = spawn(me, "popgen-init");
		if (pid < 0)
			child_fail("set %lu: fork init", s->idx);
		if (pid > 0) {
			close(parent_pidfd);
			hold(me);
		}
		close(me);
		me = pidfd_self();
		if (me < 0)
			child_fail("set %lu: pidfd_open", s->idx);
	}
	close(parent_pidfd);

	for (j = 0; j < s->nworkers; j++) {
		pid = spawn(me, "popgen-work");
		if (pid < 0)
			child_fail("set %lu: fork worker %lu of %lu", s->idx, j,
				   s->nworkers);
		if (pid == 0) {
			close(me);
			worker_main(s->worker_base + j);
		}
	}
	close(me);
	report('R');
	idle();
}

/* ------------------------------------------------------------------ */
/* Parent side                                                         */
/* ------------------------------------------------------------------ */

static void usage(FILE *f)
{
	fprintf(f,
"usage: popgen [-n NPROCS] [-m NSETS] [-t K] [-T THREADS] [-u K] [-r FILE]\n"
"              [-w SECS] [-s] [-q]\n"
"  -n NPROCS   processes to create in total (default 1000)\n"
"  -m NSETS    namespace sets to spread them over (default NPROCS/20, >= %zu)\n"
"  -t K        every K-th worker runs threads, 0 = none (default 10)\n"
"  -T THREADS  threads in such a worker, at most 64 (default 4)\n"
"  -u K        in every K-th threaded worker, threads unshare their own\n"
"              net and uts namespaces, 0 = never (default 5)\n"
"  -r FILE     also write the ready line to FILE\n"
"  -w SECS     give up if setup makes no progress for SECS (default 300)\n"
"  -s          ignore stdin; run until SIGTERM/SIGINT/SIGHUP\n"
"  -q          only print the ready line\n"
"Prints a line starting with \"ready\" on stdout once the population is up,\n"
"then waits for EOF on stdin (or a signal) and removes every process.\n",
		NTMPLS);
}

static int parse_ulong(const char *s, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-')
		return -1;
	return 0;
}

static long read_long(const char *path)
{
	char buf[64];
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (r <= 0)
		return -1;
	buf[r] = '\0';
	if (!strncmp(buf, "max", 3))
		return LONG_MAX;
	return strtol(buf, NULL, 10);
}

static int write_long(const char *path, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld\n", v);
	return write_file(path, buf);
}

/* Tasks (threads included) currently alive, from /proc/loadavg. */
static long tasks_now(void)
{
	long running, total;
	FILE *f = fopen("/proc/loadavg", "re");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "%*s %*s %*s %ld/%ld", &running, &total);
	fclose(f);
	return n == 2 ? total : -1;
}

/*
 * Check the pids controller along our cgroup path (v2, or v1 "pids"):
 * a TasksMax on the session would otherwise show up as EAGAIN from fork.
 */
static int check_cgroup_pids(long need)
{
	char line[512], path[768];
	FILE *f = fopen("/proc/self/cgroup", "re");
	int ret = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *ctl = strchr(line, ':'), *cg;
		const char *base;

		if (!ctl)
			continue;
		cg = strchr(++ctl, ':');
		if (!cg)
			continue;
		*cg++ = '\0';
		cg[strcspn(cg, "\n")] = '\0';
		if (!strcmp(ctl, ""))
			base = "/sys/fs/cgroup";
		else if (!strcmp(ctl, "pids"))
			base = "/sys/fs/cgroup/pids";
		else
			continue;
		for (;;) {
			long max, cur;
			char *slash;

			snprintf(path, sizeof(path), "%s%s/pids.max", base, cg);
			max = read_long(path);
			snprintf(path, sizeof(path), "%s%s/pids.current", base, cg);
			cur = read_long(path);
			if (max >= 0 && max != LONG_MAX && cur >= 0 &&
			    max - cur < need) {
				fprintf(stderr,
					"popgen: cgroup %s%s allows %ld more tasks (pids.max=%ld), %ld needed; raise pids.max or run elsewhere\n",
					base, cg, max - cur, max, need);
				ret = -1;
			}
			slash = strrchr(cg, '/');
			if (!slash || !cg[0] || !strcmp(cg, "/"))
				break;
			*slash = '\0';
		}
	}
	fclose(f);
	return ret;
}

/*
 * Make sure the kernel and our rlimits let us create the population, and
 * raise what can be raised.  Returns the pid_max to restore (0 if none).
 */
static int check_limits(const struct set *sets, unsigned long threads,
			unsigned long unsharing, long *restore_pid_max)
{
	unsigned long ns_need[NNSTYPES] = { 0 };
	unsigned long i, k;
	long tasks, need, pid_max, threads_max, mem_kb = -1;
	struct rlimit rl;
	char line[128];
	FILE *f;
	int lvl;

	*restore_pid_max = 0;
	need = (long)(opt.nprocs + threads) + 1;
	tasks = tasks_now();
	if (tasks < 0)
		tasks = 1000;

	if (getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		struct rlimit want = { RLIM_INFINITY, RLIM_INFINITY };

		if (setrlimit(RLIMIT_NPROC, &want) < 0) {
			want.rlim_cur = want.rlim_max = rl.rlim_max;
			setrlimit(RLIMIT_NPROC, &want);
		}
		getrlimit(RLIMIT_NPROC, &rl);
		/* root (kernel uid 0) is exempt from RLIMIT_NPROC anyway */
		if (geteuid() != 0 && rl.rlim_cur != RLIM_INFINITY &&
		    (long)rl.rlim_cur < tasks + need) {
			fprintf(stderr,
				"popgen: RLIMIT_NPROC is %lu, about %ld tasks needed; raise it (ulimit -u) or run as root\n",
				(unsigned long)rl.rlim_cur, tasks + need);
			return -1;
		}
	}

	threads_max = read_long("/proc/sys/kernel/threads-max");
	if (threads_max > 0 && tasks + need + TASK_MARGIN > threads_max) {
		long want = tasks + need + TASK_MARGIN;

		if (write_long("/proc/sys/kernel/threads-max", want) < 0) {
			fprintf(stderr,
				"popgen: kernel.threads-max is %ld, %ld needed, and it cannot be raised: %s\n",
				threads_max, want, strerror(errno));
			return -1;
		}
		fprintf(stderr, "popgen: raised kernel.threads-max %ld -> %ld\n",
			threads_max, want);
	}

	/* pids wrap below pid_max; the kernel keeps 300 reserved */
	pid_max = read_long("/proc/sys/kernel/pid_max");
	if (pid_max > 0 && tasks + need + TASK_MARGIN + 300 > pid_max) {
		long want = tasks + need + TASK_MARGIN + 300;

		want = want < 65536 ? 65536 : want * 2;
		if (want > PID_MAX_LIMIT)
			want = PID_MAX_LIMIT;
		if (want <= tasks + need + 300 ||
		    write_long("/proc/sys/kernel/pid_max", want) < 0) {
			fprintf(stderr,
				"popgen: kernel.pid_max is %ld, too low for %ld more tasks, and it cannot be raised: %s\n",
				pid_max, need, strerror(errno));
			return -1;
		}
		fprintf(stderr,
			"popgen: raised kernel.pid_max %ld -> %ld (restored on exit)\n",
			pid_max, want);
		*restore_pid_max = pid_max;
	}

	if (check_cgroup_pids(need) < 0)
		return -1;

	for (i = 0; i < opt.nsets; i++) {
		const struct tmpl *t = sets[i].tmpl;

		for (lvl = 0; lvl < t->nlevels; lvl++)
			for (k = 0; k < NNSTYPES; k++)
				ns_need[k] += !!(t->level[lvl] & nstypes[k].flag);
	}
	for (k = 0; k < NNSTYPES; k++) {
		unsigned long j;
		long max;

		for (j = 0; j < thread_ns_per_worker(); j++)
			if (thread_unshare[j] == nstypes[k].flag)
				ns_need[k] += unsharing;
		max = read_long(nstypes[k].sysctl);
		if (max >= 0 && (long)ns_need[k] > max) {
			fprintf(stderr,
				"popgen: %s needs %lu %s namespaces but allows %ld; raise it\n",
				nstypes[k].sysctl, ns_need[k], nstypes[k].name,
				max);
			return -1;
		}
	}

	/*
	 * A paused fork costs about 100-200 KiB of kernel and page-table
	 * memory; only warn, the kernel will tell if it really runs out.
	 */
	f = fopen("/proc/meminfo", "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &mem_kb) == 1)
			break;
	if (f)
		fclose(f);
	if (mem_kb > 0 && need * 256L > mem_kb)
		fprintf(stderr,
			"popgen: warning: %ld tasks may need ~%ld MiB, only %ld MiB available\n",
			need, need / 4, mem_kb / 1024);
	return 0;
}

static void kill_groups(const struct set *sets)
{
	unsigned long i;

	for (i = 0; i < opt.nsets; i++)
		if (sets[i].leader > 0)
			kill(-sets[i].leader, SIGKILL);
}

/*
 * Kill every process group we made and reap until we have no child left.
 * We are a child subreaper, so orphaned workers come back to us; processes
 * inside pid namespaces are taken down by their namespace's init.
 */
static int cleanup(const struct set *sets)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	unsigned long reaped = 0, i, left = 0;
	sigset_t chld;
	int tries;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	kill_groups(sets);
	for (tries = 0; tries < 600; tries++) {
		pid_t pid;

		while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
			reaped++;
		if (pid < 0 && errno == ECHILD)
			break;
		/* SIGCHLD is blocked: wait for it here instead of spinning */
		sigtimedwait(&chld, NULL, &ts);
		if (tries % 10 == 9)
			kill_groups(sets);
	}
	for (i = 0; i < opt.nsets; i++)
		if (sets[i].leader > 0 && kill(-sets[i].leader, 0) == 0)
			left++;
	if (left || tries == 600) {
		fprintf(stderr,
			"popgen: ERROR: %lu process groups still alive after cleanup\n",
			left);
		return -1;
	}
	if (!opt.quiet)
		fprintf(stderr, "popgen: cleaned up (%lu children reaped)\n",
			reaped);
	return 0;
}

static int write_ready_file(const char *line)
{
	char tmp[PATH_MAX];
	FILE *f;

	/* write then rename, so a poller never sees a partial line */
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", opt.ready_file) >=
	    (int)sizeof(tmp))
		return -1;
	f = fopen(tmp, "we");
	if (!f)
		return -1;
	fputs(line, f);
	if (fclose(f) != 0)
		return -1;
	return rename(tmp, opt.ready_file);
}

enum wait_result { WAIT_DONE, WAIT_STOP, WAIT_FAIL };

static bool is_leader(const struct set *sets, pid_t pid)
{
	unsigned long i;

	for (i = 0; i < opt.nsets; i++)
		if (sets[i].leader == pid)
			return true;
	return false;
}

/*
 * Wait for the population to report in (ready_rd >= 0) or, once it has,
 * for the signal to tear it down (ready_rd < 0).
 */
static enum wait_result wait_events(const struct set *sets, int sigfd,
				    int ready_rd, unsigned long *count)
{
	time_t last = time(NULL);

	for (;;) {
		struct pollfd pfd[3] = {
			{ .fd = sigfd, .events = POLLIN },
			{ .fd = opt.watch_stdin ? 0 : -1, .events = POLLIN },
			{ .fd = ready_rd, .events = POLLIN },
		};
		int r = poll(pfd, 3, ready_rd >= 0 ? 1000 : -1);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			perror("popgen: poll");
			return WAIT_FAIL;
		}
		if (pfd[0].revents) {
			struct signalfd_siginfo si;

			if (read(sigfd, &si, sizeof(si)) != sizeof(si))
				continue;
			if (si.ssi_signo != SIGCHLD) {
				if (!opt.quiet)
					fprintf(stderr, "popgen: got %s\n",
						strsignal(si.ssi_signo));
				return WAIT_STOP;
			}
			for (;;) {
				pid_t pid = waitpid(-1, NULL, WNOHANG);

				if (pid <= 0)
					break;
				if (!is_leader(sets, pid))
					continue;	/* an orphan: ignore */
				fprintf(stderr,
					"popgen: set leader %d exited unexpectedly\n",
					pid);
				if (ready_rd >= 0)
					return WAIT_FAIL;
			}
		}
		if (pfd[1].revents) {
			char buf[256];
			ssize_t n = read(0, buf, sizeof(buf));

			if (n == 0 || (n < 0 && errno != EINTR &&
				       errno != EAGAIN)) {
				if (!opt.quiet || ready_rd >= 0)
					fprintf(stderr,
						"popgen: stdin closed%s\n",
						ready_rd >= 0 ?
						" before ready (use -s to ignore stdin)" : "");
				return WAIT_STOP;
			}
		}
		if (ready_rd >= 0 && pfd[2].revents) {
			char buf[4096];
			ssize_t n = read(ready_rd, buf, sizeof(buf)), i;

			if (n == 0) {
				fprintf(stderr, "popgen: population died\n");
				return WAIT_FAIL;
			}
			for (i = 0; i < n; i++) {
				if (buf[i] != 'R') {
					fprintf(stderr,
						"popgen: a process failed during setup\n");
					return WAIT_FAIL;
				}
			}
			*count += n;
			last = time(NULL);
			if (*count >= opt.nprocs)
				return WAIT_DONE;
		}
		if (ready_rd >= 0 && time(NULL) - last > (time_t)opt.timeout) {
			fprintf(stderr,
				"popgen: no progress for %lu s (%lu of %lu processes ready)\n",
				opt.timeout, *count, opt.nprocs);
			return WAIT_FAIL;
		}
	}
}

static int plan_sets(struct set *sets)
{
	unsigned long i, base = 0, min = 0;

	for (i = 0; i < opt.nsets; i++)
		min += chain_len(&tmpls[i % NTMPLS]);
	if (opt.nprocs < min) {
		fprintf(stderr,
			"popgen: %lu sets need at least %lu processes (-n)\n",
			opt.nsets, min);
		return -1;
	}
	for (i = 0; i < opt.nsets; i++) {
		struct set *s = &sets[i];

		s->idx = i;
		s->tmpl = &tmpls[i % NTMPLS];
		s->nprocs = opt.nprocs / opt.nsets + (i < opt.nprocs % opt.nsets);
		if (s->nprocs < chain_len(s->tmpl)) {
			fprintf(stderr,
				"popgen: %lu processes per set is too few (a %s set needs %lu); use fewer sets\n",
				s->nprocs, s->tmpl->name, chain_len(s->tmpl));
			return -1;
		}
		s->nworkers = s->nprocs - chain_len(s->tmpl);
		s->worker_base = base;
		base += s->nworkers;
	}
	return 0;
}

static void print_plan(const struct set *sets)
{
	unsigned long per[NTMPLS] = { 0 }, procs[NTMPLS] = { 0 }, i;

	for (i = 0; i < opt.nsets; i++) {
		per[i % NTMPLS]++;
		procs[i % NTMPLS] += sets[i].nprocs;
	}
	fprintf(stderr, "popgen: %lu processes in %lu sets:", opt.nprocs,
		opt.nsets);
	for (i = 0; i < NTMPLS; i++)
		if (per[i])
			fprintf(stderr, " %s=%lux(%lu procs)", tmpls[i].name,
				per[i], procs[i]);
	fputc('\n', stderr);
}

int main(int argc, char **argv)
{
	struct set *sets = NULL;
	unsigned long count = 0, threads = 0, unsharing = 0, i;
	long restore_pid_max = 0;
	int c, sigfd = -1, devnull = -1, self = -1, pipefd[2] = { -1, -1 };
	int ret = 1;
	sigset_t mask;
	char line[256];
	enum wait_result wr;

	while ((c = getopt(argc, argv, "n:m:t:T:u:r:w:sqh")) != -1) {
		unsigned long *dst = NULL;

		switch (c) {
		case 'n':
			dst = &opt.nprocs;
			break;
		case 'm':
			dst = &opt.nsets;
			break;
		case 't':
			dst = &opt.thr_every;
			break;
		case 'T':
			dst = &opt.nthreads;
			break;
		case 'u':
			dst = &opt.unshare_every;
			break;
		case 'w':
			dst = &opt.timeout;
			break;
		case 'r':
			opt.ready_file = optarg;
			break;
		case 's':
			opt.watch_stdin = false;
			break;
		case 'q':
			opt.quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
		if (dst && parse_ulong(optarg, dst) < 0) {
			fprintf(stderr, "popgen: bad number for -%c: %s\n", c,
				optarg);
			return 2;
		}
	}
	if (optind != argc || opt.nprocs == 0 || opt.nthreads > 64) {
		usage(stderr);
		return 2;
	}
	if (!opt.nsets) {
		opt.nsets = opt.nprocs / 20;
		if (opt.nsets < NTMPLS)
			opt.nsets = NTMPLS;
	}

	sets = calloc(opt.nsets, sizeof(*sets));
	if (!sets) {
		perror("popgen: calloc");
		return 1;
	}
	if (plan_sets(sets) < 0)
		goto out;
	count_threads(sets, &threads, &unsharing);
	if (check_limits(sets, threads, unsharing, &restore_pid_max) < 0)
		goto out;
	if (!opt.quiet)
		print_plan(sets);
	if (geteuid() != 0)
		fprintf(stderr,
			"popgen: warning: not root; sets without a user namespace (host excepted) will fail with EPERM\n");

	/* orphaned workers must come back to us so that we can reap them */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
		perror("popgen: PR_SET_CHILD_SUBREAPER");
		goto out;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGPIPE);
	if (sigprocmask(SIG_BLOCK, &mask, &orig_mask) < 0)
		goto out;
	sigfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sigfd < 0) {
		perror("popgen: signalfd");
		goto out;
	}
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		perror("popgen: pipe");
		goto out;
	}
	ready_wr = pipefd[1];
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	self = pidfd_self();
	if (devnull < 0 || self < 0) {
		perror("popgen: open /dev/null or pidfd_open");
		goto out;
	}

	for (i = 0; i < opt.nsets; i++) {
		pid_t pid = spawn(self, "popgen-lead");

		if (pid < 0) {
			perror("popgen: fork");
			goto kill;
		}
		if (pid == 0) {
			/*
			 * Own process group, so that one kill() takes the set
			 * down; no stdin/stdout, so that whoever reads our
			 * stdout sees EOF when popgen exits.
			 */
			setpgid(0, 0);
			sigprocmask(SIG_SETMASK, &orig_mask, NULL);
			signal(SIGPIPE, SIG_DFL);
			/* chain processes never wait(); let zombies vanish */
			signal(SIGCHLD, SIG_IGN);
			dup2(devnull, 0);
			dup2(devnull, 1);
			close(devnull);
			close(sigfd);
			close(pipefd[0]);
			set_main(&sets[i], self);
		}
		/* also set it here, or a fast kill() could miss the group */
		setpgid(pid, pid);
		sets[i].leader = pid;
	}
	/* the pipe reads EOF once every process that holds it is gone */
	close(pipefd[1]);
	pipefd[1] = -1;

	wr = wait_events(sets, sigfd, pipefd[0], &count);
	if (wr != WAIT_DONE)
		goto kill;
	snprintf(line, sizeof(line),
		 "ready pid=%d procs=%lu sets=%lu threads=%lu thread_ns=%lu\n",
		 getpid(), opt.nprocs, opt.nsets, threads,
		 unsharing * thread_ns_per_worker());
	if (opt.ready_file && write_ready_file(line) < 0) {
		fprintf(stderr, "popgen: cannot write %s: %s\n",
			opt.ready_file, strerror(errno));
		goto kill;
	}
	if (write(1, line, strlen(line)) < 0 && !opt.quiet)
		fprintf(stderr, "popgen: cannot write to stdout: %s\n",
			strerror(errno));
	wr = wait_events(sets, sigfd, -1, &count);
	ret = wr == WAIT_FAIL;

kill:
	if (cleanup(sets) < 0)
		ret = 1;
	if (opt.ready_file)
		unlink(opt.ready_file);
out:
	if (restore_pid_max > 0) {
		if (write_long("/proc/sys/kernel/pid_max", restore_pid_max) < 0)
			fprintf(stderr, "popgen: cannot restore pid_max: %s\n",
				strerror(errno));
		else if (!opt.quiet)
			fprintf(stderr, "popgen: restored kernel.pid_max to %ld\n",
				restore_pid_max);
	}
	if (sigfd >= 0)
		close(sigfd);
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	if (devnull >= 0)
		close(devnull);
	if (self >= 0)
		close(self);
	free(sets);
	return ret;
}
