// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel source's loader (libnsinfo/kiter.c) against /proc and the
 * nsfs ioctls, on children this test puts in namespaces:
 *   apart    new cgroup, ipc, mnt, net and uts namespaces;
 *   forkids  unshares pid and time (its *_for_children differ from its
 *            own) and forks pidone, PID 1 of the new pid namespace;
 *   nested   euid 1234, a new user namespace (owner uid 1234), and a
 *            child deeper, in a user namespace of level 2;
 *   threads  a process whose second thread unshares its net namespace;
 *   fdhold   holds an nsfs fd of a net namespace no task is in;
 *   sockhold holds a socket of a net namespace no task is in (and one of
 *            its own, which must not count);
 *   manyns   holds 300 uts namespaces by fd, more than one task's output
 *            may carry: the first 256, and the task flagged;
 *   zombie   exited, not reaped.
 * Every task /proc shows is compared field by field (the eight inodes,
 * *_for_children, ids, euid, comm, state, threads, start time, NSpid);
 * tasks of the rest of the system change under us, so a mismatch is
 * read again (a new iteration, the same /proc files) before it counts.
 * Relations of every namespace seen are compared with NS_GET_USERNS,
 * NS_GET_PARENT, NS_GET_OWNER_UID, NS_GET_NSTYPE and NS_GET_ID.
 * A SKIP line when BPF cannot load here (and why).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <linux/sockios.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "nsinfo.h"
#include "kiter.h"
#include "unit.h"

#ifndef NS_GET_ID
#define NS_GET_ID _IOR(NSIO, 0xd, __u64)
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const char *const ns_names[NSINFO_NTYPES] = {
	"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts",
};

/* ---- children ------------------------------------------------------- */

enum { APART, FORKIDS, NESTED, THREADS, FDHOLD, SOCKHOLD, MANYNS, ZOMBIE, NKIDS };
static const char *const kid_names[NKIDS] = {
	"apart", "forkids", "nested", "threads", "fdhold", "sockhold", "manyns", "zombie",
};
#define MANY 300	/* uts namespaces manyns holds by fd: more than a task's output holds */
static pid_t kids[NKIDS];
static long kid_info[NKIDS][3];	/* what each child reports */
static bool have_time_ns;

static void die_with_parent(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

static void report(int fd, long a, long b, long c)
{
	char line[96];
	int n = snprintf(line, sizeof(line), "%ld %ld %ld\n", a, b, c);

	if (write(fd, line, (size_t)n) != n)
		_exit(3);
}

static uint64_t fd_inode(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

static void *apart_thread(void *arg)
{
	int fd = *(int *)arg;

	if (unshare(CLONE_NEWNET) < 0)
		_exit(2);
	report(fd, (long)gettid(), 0, 0);
	for (;;)
		pause();
	return NULL;
}

/* in the child: set up, report on fd, then wait to be killed */
static void kid_main(int k, int fd)
{
	int orig, held, s, s2;
	char c;
	pid_t pid;

	die_with_parent();
	switch (k) {
	case APART:
		if (unshare(CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWNET |
			    CLONE_NEWUTS) < 0)
			_exit(2);
		report(fd, 0, 0, 0);
		break;
	case FORKIDS: {
		int p[2];

		if (pipe(p) < 0)
			_exit(2);
		if (unshare(CLONE_NEWPID) < 0)
			_exit(2);
		/* no time namespaces in this kernel: pid alone */
		have_time_ns = unshare(CLONE_NEWTIME) == 0;
		pid = fork();
		if (pid < 0)
			_exit(2);
		if (pid == 0) {
			die_with_parent();
			if (write(p[1], "r", 1) != 1)
				_exit(2);
			for (;;)
				pause();
		}
		if (read(p[0], &c, 1) != 1)
			_exit(2);
		report(fd, (long)pid, have_time_ns, 0);
		break;
	}
	case NESTED: {
		int ready[2];

		if (pipe(ready) < 0)
			_exit(2);
		/* the creator's euid is the namespace's owner; a process
		 * with threads (ThreadSanitizer's) cannot make one */
		if (setresuid(0, 1234, 0) < 0 || unshare(CLONE_NEWUSER) < 0) {
			report(fd, -1, errno, 0);
			for (;;)
				pause();
		}
		report(fd, 0, 0, 0);
		/* the parent maps 0 to 1234 here, so the grandchild may
		 * make the next level */
		if (read(STDIN_FILENO, &c, 1) != 1)
			_exit(2);
		pid = fork();
		if (pid < 0)
			_exit(2);
		if (pid == 0) {
			die_with_parent();
			if (unshare(CLONE_NEWUSER) < 0)
				_exit(2);
			if (write(ready[1], "r", 1) != 1)
				_exit(2);
			for (;;)
				pause();
		}
		if (read(ready[0], &c, 1) != 1)
			_exit(2);
		report(fd, (long)pid, 0, 0);
		break;
	}
	case THREADS: {
		pthread_t t;
		static int tfd;

		tfd = fd;
		if (pthread_create(&t, NULL, apart_thread, &tfd) != 0)
			_exit(2);
		break;
	}
	case FDHOLD:
		orig = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (orig < 0 || unshare(CLONE_NEWNET) < 0)
			_exit(2);
		held = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (held < 0 || setns(orig, CLONE_NEWNET) < 0)
			_exit(2);
		close(orig);
		report(fd, held, (long)fd_inode(held), 0);
		break;
	case SOCKHOLD: {
		struct stat st;

		orig = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (orig < 0 || unshare(CLONE_NEWNET) < 0)
			_exit(2);
		if (stat("/proc/self/ns/net", &st) < 0)
			_exit(2);
		s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (s < 0 || setns(orig, CLONE_NEWNET) < 0)
			_exit(2);
		close(orig);
		s2 = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		report(fd, s, (long)st.st_ino, s2);
		break;
	}
	case MANYNS: {
		struct rlimit rl;
		int first = -1, n = 0;

		/* room for MANY fds, if the hard limit allows */
		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < MANY + 64) {
			rl.rlim_cur = rl.rlim_max < MANY + 64 ? rl.rlim_max : MANY + 64;
			setrlimit(RLIMIT_NOFILE, &rl);
		}
		for (; n < MANY; n++) {
			int nfd;

			if (unshare(CLONE_NEWUTS) < 0)
				_exit(2);
			nfd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
			if (nfd < 0)
				break;	/* out of fds: fewer, checked as such */
			if (first < 0)
				first = nfd;
		}
		report(fd, first, n, 0);
		break;
	}
	case ZOMBIE:
		_exit(0);
	}
	for (;;)
		pause();
}

/* the nested child's stdin: the parent says when its maps are written */
static int nested_go[2];

static int spawn(int k)
{
	int p[2];
	char line[96];
	ssize_t n;
	FILE *f;

	if (pipe(p) < 0)
		return -errno;
	if (k == NESTED && pipe(nested_go) < 0)
		return -errno;
	kids[k] = fork();
	if (kids[k] < 0)
		return -errno;
	if (kids[k] == 0) {
		close(p[0]);
		if (k == NESTED) {
			dup2(nested_go[0], STDIN_FILENO);
			close(nested_go[1]);
		}
		kid_main(k, p[1]);
		_exit(0);
	}
	close(p[1]);
	if (k == ZOMBIE) {
		/* wait until it is one, without reaping it */
		siginfo_t si;

		close(p[0]);
		return waitid(P_PID, (id_t)kids[k], &si, WEXITED | WNOWAIT) < 0 ? -errno : 0;
	}
	f = fdopen(p[0], "r");
	if (!f)
		return -errno;
	if (k == NESTED) {
		char path[64];
		int fd;

		if (!fgets(line, sizeof(line), f))
			goto broken;
		if (sscanf(line, "%ld %ld", &kid_info[k][0], &kid_info[k][1]) == 2 &&
		    kid_info[k][0] == -1) {
			fclose(f);
			return 0;	/* not made: check_kids() says why */
		}
		/* map the owner (euid 1234) to 0 inside */
		snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)kids[k]);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, "0 1234 1", 8) != 8)
			goto broken;
		close(fd);
		snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)kids[k]);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, "0 0 1", 5) != 5)
			goto broken;
		close(fd);
		if (write(nested_go[1], "g", 1) != 1)
			goto broken;
	}
	if (!fgets(line, sizeof(line), f))
		goto broken;
	n = sscanf(line, "%ld %ld %ld", &kid_info[k][0], &kid_info[k][1], &kid_info[k][2]);
	fclose(f);
	return n == 3 ? 0 : -EPROTO;
broken:
	fclose(f);
	return -EPROTO;
}

static void reap_all(void)
{
	for (int k = 0; k < NKIDS; k++) {
		if (kids[k] <= 0)
			continue;
		kill(kids[k], SIGKILL);
		waitpid(kids[k], NULL, 0);
	}
}

/* ---- /proc ------------------------------------------------------------ */

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return (int)n;
}

/* inode of /proc/PID/task/TID/ns/NAME; 0 and -errno on failure */
static int link_inode(pid_t pid, pid_t tid, const char *name, uint64_t *ino)
{
	char path[96], buf[64];
	ssize_t n;
	int type;

	*ino = 0;
	snprintf(path, sizeof(path), "/proc/%d/task/%d/ns/%s", (int)pid, (int)tid, name);
	n = readlink(path, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	return nsinfo_parse_ns_link(buf, (size_t)n, &type, ino);
}

struct proc_task {
	char comm[65];		/* a kernel thread's can be longer than 15 */
	char state;
	int ppid;
	long nr_threads;
	unsigned long long start_ticks;
	long rss;
	unsigned int euid;
	int nspid[KITER_NSPID_MAX];
	int nnspid;
};

static int read_task(pid_t pid, pid_t tid, struct proc_task *p)
{
	char path[96], buf[4096], *s, *e;
	int rc;

	memset(p, 0, sizeof(*p));
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	rc = read_file(path, buf, sizeof(buf));
	if (rc < 0)
		return rc;
	s = strchr(buf, '(');
	e = strrchr(buf, ')');
	if (!s || !e || e - s - 1 > 64)
		return -EPROTO;
	memcpy(p->comm, s + 1, (size_t)(e - s - 1));
	/* after ")": state ppid pgrp session tty tpgid flags minflt cminflt
	 * majflt cmajflt utime stime cutime cstime priority nice
	 * num_threads itrealvalue starttime vsize rss */
	if (sscanf(e + 2, "%c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d "
		   "%ld %*d %llu %*u %ld", &p->state, &p->ppid, &p->nr_threads,
		   &p->start_ticks, &p->rss) != 5)
		return -EPROTO;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", (int)pid, (int)tid);
	rc = read_file(path, buf, sizeof(buf));
	if (rc < 0)
		return rc;
	s = strstr(buf, "\nUid:");
	if (!s || sscanf(s + 5, "%*u %u", &p->euid) != 1)
		return -EPROTO;
	s = strstr(buf, "\nNSpid:");
	if (!s)
		return -EPROTO;
	s += 7;
	while (p->nnspid < KITER_NSPID_MAX) {
		long v = strtol(s, &e, 10);

		if (e == s)
			break;
		p->nspid[p->nnspid++] = (int)v;
		s = e;
	}
	return 0;
}

/* ---- comparing ---------------------------------------------------------- */

static const struct kiter_task *find_task(const struct kiter_result *r, pid_t tid)
{
	for (size_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].tid == tid)
			return &r->tasks[i];
	return NULL;
}

static const struct kiter_ns *find_ns(const struct kiter_result *r, uint64_t inode)
{
	for (size_t i = 0; i < r->nns; i++)
		if (r->ns[i].inode == inode)
			return &r->ns[i];
	return NULL;
}

static bool is_kid(pid_t pid)
{
	for (int k = 0; k < NKIDS; k++)
		if (kids[k] == pid || (k == FORKIDS && kid_info[k][0] == pid) ||
		    (k == NESTED && kid_info[k][0] == pid))
			return true;
	return false;
}

static long clk_tck;
static uint64_t boot_before;	/* CLOCK_BOOTTIME before the read, ns */

static uint64_t boottime_ns(void)
{
	struct timespec b;

	clock_gettime(CLOCK_BOOTTIME, &b);
	return (uint64_t)b.tv_sec * 1000000000ull + (uint64_t)b.tv_nsec;
}

/* Inodes /proc shows for a task that kiter must hold as namespaces. */
#define MAX_SEEN 4096
static uint64_t seen_ino[MAX_SEEN];
static pid_t seen_pid[MAX_SEEN], seen_tid[MAX_SEEN];
static int seen_type[MAX_SEEN];
static size_t nseen;

static void note_ns(uint64_t ino, int type, pid_t pid, pid_t tid)
{
	for (size_t i = 0; i < nseen; i++)
		if (seen_ino[i] == ino)
			return;
	if (nseen == MAX_SEEN)
		return;
	seen_ino[nseen] = ino;
	seen_type[nseen] = type;
	seen_pid[nseen] = pid;
	seen_tid[nseen] = tid;
	nseen++;
}

/*
 * NULL if the task's record in r matches /proc; else what differs.
 * *skip: /proc denies it (PID 1 here), or it is gone or newer than r.
 */
static const char *compare_task(const struct kiter_result *r, pid_t pid, pid_t tid,
				bool *skip, char *msg, size_t len)
{
	const struct kiter_task *t = find_task(r, tid);
	struct proc_task p;
	uint64_t ino, want;
	int rc;

	*skip = false;
	rc = link_inode(pid, tid, "user", &ino);
	if (rc == -EACCES || rc == -EPERM || rc == -ENOENT || rc == -ESRCH) {
		/* denied (the kernel may hide such a task from iterators
		 * too), or gone; a zombie is checked on its own */
		*skip = true;
		return NULL;
	}
	if (read_task(pid, tid, &p) < 0) {
		*skip = true;
		return NULL;
	}
	if (!t) {
		/* started after the read? */
		if (p.start_ticks * (1000000000ull / (unsigned long long)clk_tck) + 1000000000ull /
		    (unsigned long long)clk_tck >= boot_before) {
			*skip = true;
			return NULL;
		}
		snprintf(msg, len, "task %d/%d (%s) is in /proc, not in the kiter records",
			 (int)pid, (int)tid, p.comm);
		return msg;
	}
	for (int i = 0; i < NSINFO_NTYPES; i++) {
		rc = link_inode(pid, tid, ns_names[i], &ino);
		if (rc < 0)
			continue;	/* gone meanwhile */
		if (ino != t->ns[i]) {
			snprintf(msg, len, "task %d/%d (%s): %s %llu, /proc %llu", (int)pid, (int)tid,
				 p.comm, ns_names[i], (unsigned long long)t->ns[i],
				 (unsigned long long)ino);
			return msg;
		}
	}
	if (link_inode(pid, tid, "pid_for_children", &ino) == 0 && ino != t->pid_for_children) {
		snprintf(msg, len, "task %d/%d: pid_for_children %llu, /proc %llu", (int)pid,
			 (int)tid, (unsigned long long)t->pid_for_children, (unsigned long long)ino);
		return msg;
	}
	if (link_inode(pid, tid, "time_for_children", &ino) == 0 && ino != t->time_for_children) {
		snprintf(msg, len, "task %d/%d: time_for_children %llu, /proc %llu", (int)pid,
			 (int)tid, (unsigned long long)t->time_for_children, (unsigned long long)ino);
		return msg;
	}
	/* /proc names kernel threads in full (workqueue workers with their
	 * queue): task->comm is the first 15 bytes */
	if (t->tgid != pid || t->ppid != p.ppid || t->euid != p.euid ||
	    ((t->flags & KITER_KTHREAD) ? strncmp(t->comm, p.comm, strlen(t->comm)) != 0
					: strcmp(t->comm, p.comm) != 0) ||
	    t->state != p.state ||
	    (long)t->nr_threads != p.nr_threads) {
		snprintf(msg, len,
			 "task %d/%d: kiter tgid %d ppid %d euid %u comm '%s' state %c threads %u; "
			 "/proc ppid %d euid %u comm '%s' state %c threads %ld",
			 (int)pid, (int)tid, t->tgid, t->ppid, t->euid, t->comm, t->state,
			 t->nr_threads, p.ppid, p.euid, p.comm, p.state, p.nr_threads);
		return msg;
	}
	want = t->start_boottime_ns / (1000000000ull / (unsigned long long)clk_tck);
	if (want + 1 < p.start_ticks || want > p.start_ticks + 1) {
		snprintf(msg, len, "task %d/%d: start %llu ticks, /proc %llu", (int)pid, (int)tid,
			 (unsigned long long)want, p.start_ticks);
		return msg;
	}
	if ((int)t->pid_level + 1 != p.nnspid && p.nnspid < KITER_NSPID_MAX) {
		snprintf(msg, len, "task %d/%d: pid level %u, /proc NSpid has %d", (int)pid,
			 (int)tid, t->pid_level, p.nnspid);
		return msg;
	}
	for (int i = 0; i < p.nnspid; i++) {
		if (t->nspid[i] != p.nspid[i]) {
			snprintf(msg, len, "task %d/%d: NSpid[%d] %d, /proc %d", (int)pid, (int)tid,
				 i, t->nspid[i], p.nspid[i]);
			return msg;
		}
	}
	/* memory of a paused child does not move */
	if (is_kid(pid) && (long)t->rss_pages != p.rss) {
		snprintf(msg, len, "task %d/%d: rss %llu, /proc %ld", (int)pid, (int)tid,
			 (unsigned long long)t->rss_pages, p.rss);
		return msg;
	}
	return NULL;
}

/* Every task in /proc against r; a mismatch is checked again with fresh
 * reads (the system changes under us) before it is a failure. */
static void check_tasks(struct kiter *k, struct kiter_result *r)
{
	struct kiter_result again = { 0 };
	char msg[512], why[256];
	size_t compared = 0, skipped = 0, retried = 0;
	DIR *proc = opendir("/proc");
	struct dirent *d;

	CHECK(proc != NULL);
	if (!proc)
		return;
	while ((d = readdir(proc))) {
		pid_t pid = (pid_t)atoi(d->d_name);
		char path[64];
		struct dirent *e;
		DIR *task;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
		task = opendir(path);
		if (!task)
			continue;
		while ((e = readdir(task))) {
			pid_t tid = (pid_t)atoi(e->d_name);
			const char *bad;
			bool skip;

			if (tid <= 0)
				continue;
			bad = compare_task(r, pid, tid, &skip, msg, sizeof(msg));
			for (int i = 0; bad && i < 3; i++) {
				uint64_t before = boot_before;

				retried++;
				boot_before = boottime_ns();
				if (kiter_read_h(k, KITER_TASKS, &again, why, sizeof(why)) != 0)
					break;
				bad = compare_task(&again, pid, tid, &skip, msg, sizeof(msg));
				boot_before = before;
			}
			CHECKF(!bad, "%s", bad);
			if (skip) {
				skipped++;
				continue;
			}
			compared++;
			for (int i = 0; i < NSINFO_NTYPES; i++) {
				uint64_t ino;

				if (link_inode(pid, tid, ns_names[i], &ino) == 0)
					note_ns(ino, i, pid, tid);
			}
		}
		closedir(task);
	}
	closedir(proc);
	kiter_result_free(&again);
	printf("kiter: %zu tasks compared with /proc, %zu skipped (denied, gone or new), "
	       "%zu reads again\n", compared, skipped, retried);
	CHECK(compared > 0);
}

static uint64_t ns_fd_owner(int fd, unsigned long req)
{
	int o = ioctl(fd, req);
	uint64_t ino;

	if (o < 0)
		return 0;
	ino = fd_inode(o);
	close(o);
	return ino;
}

/* NULL if the relations of the namespace open as fd are those of kiter's
 * record of it; else what differs */
static const char *relations_differ(const struct kiter_result *r, int fd, const char *what,
				    char *msg, size_t len)
{
	const struct kiter_ns *n;
	uint64_t ino = fd_inode(fd), id, owner;
	int flag, type;
	unsigned int level = 0;

	n = find_ns(r, ino);
	if (!n) {
		snprintf(msg, len, "%s (%llu) has no kiter namespace record", what,
			 (unsigned long long)ino);
		return msg;
	}
	flag = ioctl(fd, NS_GET_NSTYPE);
	type = nsinfo_type_from_clone_flag(flag);
	owner = ns_fd_owner(fd, NS_GET_USERNS);
	if ((int)n->type != type || n->owner != owner) {
		snprintf(msg, len, "%s (%llu): kiter type %u owner %llu, ioctls type %d owner %llu",
			 what, (unsigned long long)ino, n->type, (unsigned long long)n->owner, type,
			 (unsigned long long)owner);
		return msg;
	}
	if (type == NSINFO_TYPE_PID || type == NSINFO_TYPE_USER) {
		uint64_t parent = ns_fd_owner(fd, NS_GET_PARENT);
		int cur = dup(fd);

		while (cur >= 0) {
			int next = ioctl(cur, NS_GET_PARENT);

			close(cur);
			cur = next;
			if (cur >= 0)
				level++;
		}
		if (n->parent != parent || n->level != level) {
			snprintf(msg, len, "%s (%llu): kiter parent %llu level %u, ioctls %llu %u",
				 what, (unsigned long long)ino, (unsigned long long)n->parent,
				 n->level, (unsigned long long)parent, level);
			return msg;
		}
	}
	if (type == NSINFO_TYPE_USER) {
		uid_t uid;

		if (ioctl(fd, NS_GET_OWNER_UID, &uid) == 0 && uid != n->owner_uid) {
			snprintf(msg, len, "%s: kiter owner uid %u, ioctl %u", what, n->owner_uid,
				 (unsigned int)uid);
			return msg;
		}
	}
	if (ioctl(fd, NS_GET_ID, &id) == 0 && id != n->nsid) {
		snprintf(msg, len, "%s (%llu): kiter ns_id %llu, NS_GET_ID %llu", what,
			 (unsigned long long)ino, (unsigned long long)n->nsid,
			 (unsigned long long)id);
		return msg;
	}
	return NULL;
}

/* the test's own namespaces: no second chance */
static void check_relations_fd(const struct kiter_result *r, int fd, const char *what)
{
	char msg[256];
	const char *bad = relations_differ(r, fd, what, msg, sizeof(msg));

	CHECKF(!bad, "%s", bad);
}

/* Every namespace /proc showed for the tasks compared; one the rest of the
 * system made or dropped meanwhile (inodes are reused at once) is read
 * again before a difference counts. */
static void check_relations(struct kiter *k, const struct kiter_result *r)
{
	struct kiter_result again = { 0 };
	size_t checked = 0, retried = 0;
	char why[256];

	for (size_t i = 0; i < nseen; i++) {
		char path[96], what[64], msg[256];
		const char *bad;
		int fd;

		snprintf(path, sizeof(path), "/proc/%d/task/%d/ns/%s", (int)seen_pid[i],
			 (int)seen_tid[i], ns_names[seen_type[i]]);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;	/* gone */
		if (fd_inode(fd) != seen_ino[i]) {
			close(fd);
			continue;	/* it moved */
		}
		snprintf(what, sizeof(what), "%s of %d", ns_names[seen_type[i]], (int)seen_tid[i]);
		bad = relations_differ(r, fd, what, msg, sizeof(msg));
		for (int j = 0; bad && j < 3 && !is_kid(seen_pid[i]); j++) {
			retried++;
			if (kiter_read_h(k, KITER_TASKS, &again, why, sizeof(why)) != 0)
				break;
			bad = relations_differ(&again, fd, what, msg, sizeof(msg));
		}
		CHECKF(!bad, "%s", bad);
		checked++;
		close(fd);
	}
	/* every owner and parent is a record too */
	for (size_t i = 0; i < r->nns; i++) {
		const struct kiter_ns *n = &r->ns[i];

		CHECKF((!n->owner || find_ns(r, n->owner)) && (!n->parent || find_ns(r, n->parent)),
		       "the owner or parent of %llu is not a record",
		       (unsigned long long)n->inode);
	}
	kiter_result_free(&again);
	printf("kiter: relations of %zu namespaces compared with the ioctls, %zu reads again\n",
	       checked, retried);
	CHECK(checked > 0);
}

/* ---- the children, one by one ---------------------------------------- */

static uint64_t ns_of(pid_t pid, const char *name)
{
	uint64_t ino = 0;

	link_inode(pid, pid, name, &ino);
	return ino;
}

/* the running kernel is major.minor or later */
static bool kernel_at_least(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	if (uname(&u) != 0 || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return false;
	return ma > major || (ma == major && mi >= minor);
}

/* the result at hand is from a KITER_NO_KDEDUPE handle */
static bool userspace_dedupe;

static const struct kiter_fd *find_fd(const struct kiter_result *r, pid_t tgid, int fd)
{
	for (size_t i = 0; i < r->nfds; i++)
		if (r->fds[i].tgid == tgid && r->fds[i].fd == fd)
			return &r->fds[i];
	return NULL;
}

static void check_kids(const struct kiter_result *r)
{
	const struct kiter_task *t, *u;
	const struct kiter_fd *f;
	pid_t self = getpid();

	/* apart: five types of its own */
	t = find_task(r, kids[APART]);
	u = find_task(r, self);
	CHECK(t && u);
	if (t && u) {
		CHECK(t->ns[NSINFO_TYPE_NET] != u->ns[NSINFO_TYPE_NET]);
		CHECK(t->ns[NSINFO_TYPE_UTS] != u->ns[NSINFO_TYPE_UTS]);
		CHECK(t->ns[NSINFO_TYPE_MNT] != u->ns[NSINFO_TYPE_MNT]);
		CHECK(t->ns[NSINFO_TYPE_IPC] != u->ns[NSINFO_TYPE_IPC]);
		CHECK(t->ns[NSINFO_TYPE_CGROUP] != u->ns[NSINFO_TYPE_CGROUP]);
		CHECK(t->ns[NSINFO_TYPE_USER] == u->ns[NSINFO_TYPE_USER]);
	}

	/* forkids: for_children apart from its own; pidone is PID 1 there */
	t = find_task(r, kids[FORKIDS]);
	CHECK(t != NULL);
	if (t) {
		CHECK(t->pid_for_children != t->ns[NSINFO_TYPE_PID]);
		CHECK(t->pid_for_children == ns_of(kids[FORKIDS], "pid_for_children"));
		if (kid_info[FORKIDS][1])
			CHECK(t->time_for_children != t->ns[NSINFO_TYPE_TIME]);
	}
	u = find_task(r, (pid_t)kid_info[FORKIDS][0]);
	CHECK(u != NULL);
	if (t && u) {
		const struct kiter_ns *n = find_ns(r, u->ns[NSINFO_TYPE_PID]);

		CHECK(u->ns[NSINFO_TYPE_PID] == t->pid_for_children);
		CHECK(u->pid_level == t->pid_level + 1);
		CHECK(u->nspid[u->pid_level] == 1);
		CHECK(u->nspid[0] == u->tid);
		CHECK(u->ppid == t->tgid);
		CHECK(n && n->parent == t->ns[NSINFO_TYPE_PID] && n->level == u->pid_level);
		if (kid_info[FORKIDS][1])
			CHECK(u->ns[NSINFO_TYPE_TIME] == t->time_for_children);
	}

	/* nested: owner uid 1234, then level 2 */
	t = find_task(r, kids[NESTED]);
	u = find_task(r, (pid_t)kid_info[NESTED][0]);
	if (kid_info[NESTED][0] == -1)
		printf("kiter: no nested user namespaces to check: unshare: %s\n",
		       strerror((int)kid_info[NESTED][1]));
	else
		CHECK(t && u);
	if (t && u) {
		const struct kiter_ns *a = find_ns(r, t->ns[NSINFO_TYPE_USER]);
		const struct kiter_ns *b = find_ns(r, u->ns[NSINFO_TYPE_USER]);

		CHECK(t->euid == 1234);
		CHECK(a && a->level == 1 && a->owner_uid == 1234);
		CHECK(b && b->level == 2 && a && b->parent == a->inode && b->owner == a->inode);
	}

	/* threads: the second thread sits in a net namespace of its own */
	t = find_task(r, kids[THREADS]);
	u = find_task(r, (pid_t)kid_info[THREADS][0]);
	CHECK(t && u);
	if (t && u) {
		CHECK(u->tgid == t->tgid && u->tid != t->tid);
		/* 2, or more with a sanitizer's own thread */
		CHECK(t->nr_threads >= 2 && u->nr_threads == t->nr_threads);
		CHECK(u->ns[NSINFO_TYPE_NET] != t->ns[NSINFO_TYPE_NET]);
		CHECK(u->ns[NSINFO_TYPE_UTS] == t->ns[NSINFO_TYPE_UTS]);
	}

	/* fdhold: its nsfs fd, and the namespace only that fd holds */
	f = find_fd(r, kids[FDHOLD], (int)kid_info[FDHOLD][0]);
	CHECK(f != NULL);
	if (f) {
		const struct kiter_ns *n = find_ns(r, f->inode);

		CHECK(f->kind == KITER_FD_NSFS && f->type == NSINFO_TYPE_NET);
		CHECK(f->inode == (uint64_t)kid_info[FDHOLD][1]);
		CHECK(n && n->type == NSINFO_TYPE_NET && n->owner == ns_of(self, "user"));
	}
	{
		char path[64];
		int fd;

		snprintf(path, sizeof(path), "/proc/%d/fd/%ld", (int)kids[FDHOLD],
			 kid_info[FDHOLD][0]);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		CHECK(fd >= 0);
		if (fd >= 0) {
			check_relations_fd(r, fd, "the fd-held net namespace");
			close(fd);
		}
	}

	/* sockhold: the socket of the other namespace counts, its own not */
	f = find_fd(r, kids[SOCKHOLD], (int)kid_info[SOCKHOLD][0]);
	CHECK(f != NULL);
	if (f) {
		CHECK(f->kind == KITER_FD_SOCKET && f->type == NSINFO_TYPE_NET);
		CHECK(f->inode == (uint64_t)kid_info[SOCKHOLD][1]);
		CHECK(f->inode != ns_of(kids[SOCKHOLD], "net"));
	}
	CHECK(find_fd(r, kids[SOCKHOLD], (int)kid_info[SOCKHOLD][2]) == NULL);
#ifdef SYS_pidfd_getfd
	{
		int pfd = (int)syscall(SYS_pidfd_open, kids[SOCKHOLD], 0);
		int s = pfd < 0 ? -1 : (int)syscall(SYS_pidfd_getfd, pfd,
						     (int)kid_info[SOCKHOLD][0], 0);
		int nfd = s < 0 ? -1 : ioctl(s, SIOCGSKNS);

		CHECK(nfd >= 0);
		if (nfd >= 0) {
			CHECK(fd_inode(nfd) == (uint64_t)kid_info[SOCKHOLD][1]);
			check_relations_fd(r, nfd, "the socket-held net namespace");
			close(nfd);
		}
		if (s >= 0)
			close(s);
		if (pfd >= 0)
			close(pfd);
	}
#endif

	/* manyns: 300 namespaces by fd would not fit in one task's output
	 * (the read would fail with E2BIG): the first 256 fds, flagged */
	t = find_task(r, kids[MANYNS]);
	CHECK(t != NULL);
	if (t && r->nfds > 0) {
		size_t n = 0, bad = 0;

		for (size_t i = 0; i < r->nfds; i++) {
			const struct kiter_fd *g = &r->fds[i];

			if (g->tgid != kids[MANYNS])
				continue;
			n++;
			if (g->kind != KITER_FD_NSFS || g->type != NSINFO_TYPE_UTS ||
			    g->fd < (int)kid_info[MANYNS][0] || !find_ns(r, g->inode))
				bad++;
		}
		CHECK(!!(t->flags & KITER_CUT) == (kid_info[MANYNS][1] > 256));
		/* without the program's deduplication, the records of the
		 * namespaces (and owners, again and again) do not all fit */
		CHECK(n == (kid_info[MANYNS][1] > 256 ? 256 : (size_t)kid_info[MANYNS][1]));
		CHECK(bad == 0 || userspace_dedupe);
		CHECK(r->incomplete == (kid_info[MANYNS][1] > 256));
	}

	/* zombie: no nsproxy any more, credentials and struct pid stay */
	t = find_task(r, kids[ZOMBIE]);
	CHECK(t != NULL);
	if (t) {
		uint64_t ino;

		CHECK(t->state == 'Z');
		CHECK((t->flags & (KITER_ZOMBIE | KITER_NO_NSPROXY)) ==
		      (KITER_ZOMBIE | KITER_NO_NSPROXY));
		CHECK(t->ns[NSINFO_TYPE_NET] == 0 && t->ns[NSINFO_TYPE_MNT] == 0);
		CHECK(t->ns[NSINFO_TYPE_USER] != 0 && t->ns[NSINFO_TYPE_PID] != 0);
		CHECK(t->rss_pages == 0);
		CHECK(t->ppid == self);
		/* /proc has no net link for it either */
		CHECK(link_inode(kids[ZOMBIE], kids[ZOMBIE], "net", &ino) < 0);
	}
}

/* ---- main ------------------------------------------------------------- */

static const struct kiter_file *find_file(const struct kiter_result *r, pid_t tgid, int fd)
{
	for (size_t i = 0; i < r->nfiles; i++)
		if (r->files[i].tgid == tgid && r->files[i].fd == fd)
			return &r->files[i];
	return NULL;
}

/* KITER_STDIO: our own streams, a pipe's two ends and a socket, each as
 * fstat() says, and nothing for a file past fd 2. */
static void check_files(struct kiter *k)
{
	struct kiter_result r = { 0 };
	int p[2] = { -1, -1 }, sv[2] = { -1, -1 }, other;
	const struct kiter_file *f;
	char why[256] = "";
	struct stat st;

	CHECK(pipe(p) == 0 && socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	other = open("/proc/self/stat", O_RDONLY);
	CHECK(other > 2);
	CHECK(kiter_read_h(k, KITER_TASKS | KITER_NO_THREADS, &r, why, sizeof(why)) == 0);
	CHECK(r.nfiles == 0);
	CHECK(kiter_read_h(k, KITER_TASKS | KITER_STDIO, &r, why, sizeof(why)) == 0);
	CHECKF(r.nfiles > 0, "%s", why);
	for (int fd = 0; fd < 3; fd++) {
		f = find_file(&r, getpid(), fd);
		if (fstat(fd, &st) < 0) {
			CHECKF(!f, "fd %d is closed, has a record", fd);
			continue;
		}
		CHECKF(f && f->inode == st.st_ino && (f->mode & S_IFMT) == (st.st_mode & S_IFMT),
		       "fd %d: record %p", fd, (const void *)f);
		if (f && S_ISCHR(st.st_mode))
			CHECKF(f->rdev == st.st_rdev && f->dev == st.st_dev && f->kind == KITER_FILE_OTHER,
			       "fd %d: rdev %#llx dev %#llx", fd, (unsigned long long)f->rdev,
			       (unsigned long long)f->dev);
	}
	fstat(p[0], &st);
	f = find_file(&r, getpid(), p[0]);
	CHECK(f && f->kind == KITER_FILE_PIPE && f->inode == st.st_ino &&
	      (f->flags & O_ACCMODE) == O_RDONLY);
	f = find_file(&r, getpid(), p[1]);
	CHECK(f && f->kind == KITER_FILE_PIPE && f->inode == st.st_ino &&
	      (f->flags & O_ACCMODE) == O_WRONLY);
	fstat(sv[1], &st);
	f = find_file(&r, getpid(), sv[1]);
	CHECK(f && f->kind == KITER_FILE_SOCKET && f->inode == st.st_ino);
	CHECK(!find_file(&r, getpid(), other));
	close(other);
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
	kiter_result_free(&r);
}

static double ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) * 1e3 + (double)(b.tv_nsec - a->tv_nsec) / 1e6;
}

static bool same_ns_sets(const struct kiter_result *a, const struct kiter_result *b)
{
	/* the test's namespaces, which do not change meanwhile */
	for (size_t i = 0; i < nseen; i++) {
		bool ina = false, inb = false;

		if (!is_kid(seen_pid[i]))
			continue;
		ina = find_ns(a, seen_ino[i]) != NULL;
		inb = find_ns(b, seen_ino[i]) != NULL;
		if (!ina || !inb)
			return false;
	}
	return true;
}

int main(void)
{
	struct kiter_result r = { 0 }, r2 = { 0 };
	struct kiter *k = NULL, *knod = NULL, *kt = NULL, *knocast = NULL;
	struct timespec t0;
	char why[256] = "";
	double ms_whole, ms_open, ms_read;
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	clk_tck = sysconf(_SC_CLK_TCK);
	if (geteuid() != 0) {
		printf("SKIP kiter: needs root (CAP_BPF, CAP_PERFMON, and to unshare namespaces)\n");
		return 0;
	}

	TEST_BEGIN("kiter-setup");
	for (int i = 0; i < NKIDS; i++) {
		rc = spawn(i);
		CHECKF(rc >= 0, "child %s: %s", kid_names[i], strerror(-rc));
	}
	TEST_END();
	if (unit_failed_here) {
		reap_all();
		UNIT_EXIT();
	}

	TEST_BEGIN("kiter-load");
	boot_before = boottime_ns();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = kiter_read(KITER_TASKS | KITER_FDS, &r, why, sizeof(why));
	ms_whole = ms_since(&t0);
	if (rc == -EOPNOTSUPP || rc == -EPERM) {
		printf("SKIP kiter: the BPF iterators do not load here: %s\n", why);
		reap_all();
		return 0;
	}
	if (rc) {
		printf("FAIL %s: kiter_read: %s (%s)\n", unit_name, strerror(-rc), why);
		reap_all();
		return 1;
	}
	CHECK(r.ntasks > 0 && r.nns >= NSINFO_NTYPES);
	CHECK(r.incomplete == (kid_info[MANYNS][1] > 256));	/* manyns, nothing else */
	TEST_END();

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = kiter_open(&k, KITER_TASKS | KITER_FDS, why, sizeof(why));
	ms_open = ms_since(&t0);
	if (rc) {
		printf("FAIL kiter-handle: kiter_open: %s (%s)\n", strerror(-rc), why);
		unit_failed_total++;
	}

	TEST_BEGIN("kiter-tasks-vs-proc");
	if (k)
		check_tasks(k, &r);
	TEST_END();

	TEST_BEGIN("kiter-relations");
	if (k)
		check_relations(k, &r);
	TEST_END();

	TEST_BEGIN("kiter-children");
	check_kids(&r);
	TEST_END();

	TEST_BEGIN("kiter-handle");
	if (k) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = kiter_read_h(k, KITER_TASKS, &r2, why, sizeof(why));
		ms_read = ms_since(&t0);
		CHECK(rc == 0);
		CHECK(r2.nfds == 0 && r2.ntasks > 0);
		printf("kiter: %zu tasks, %zu namespaces, %zu fds; kiter_read %.1f ms, "
		       "kiter_open %.1f ms, kiter_read_h (tasks) %.1f ms\n", r.ntasks, r.nns,
		       r.nfds, ms_whole, ms_open, ms_read);
		/* the arrays are reused */
		{
			struct kiter_task *before = r2.tasks;
			size_t cap = r2.tasks_cap;

			CHECK(kiter_read_h(k, KITER_TASKS | KITER_FDS, &r2, why, sizeof(why)) == 0);
			CHECK(r2.tasks_cap != cap || r2.tasks == before);
			CHECK(r2.nfds > 0);
		}
		check_kids(&r2);
		CHECK(same_ns_sets(&r, &r2));
	}
	/* fds are a per-read choice */
	rc = kiter_open(&kt, KITER_TASKS, why, sizeof(why));
	CHECK(rc == 0);
	if (kt) {
		CHECK(kiter_read_h(kt, KITER_TASKS, &r2, why, sizeof(why)) == 0);
		CHECK(r2.nfds == 0 && r2.ntasks > 0);
		CHECK(kiter_read_h(kt, KITER_TASKS | KITER_FDS, &r2, why, sizeof(why)) == 0);
		check_kids(&r2);
		kiter_close(kt);
	}
	/* deduplication in userspace alone gives the same namespaces */
	rc = kiter_open(&knod, KITER_TASKS | KITER_FDS | KITER_NO_KDEDUPE, why, sizeof(why));
	CHECK(rc == 0);
	if (knod) {
		CHECK(kiter_read_h(knod, KITER_TASKS | KITER_FDS, &r2, why, sizeof(why)) == 0);
		userspace_dedupe = true;
		check_kids(&r2);
		userspace_dedupe = false;
		CHECK(same_ns_sets(&r, &r2));
		kiter_close(knod);
	}
	/* the program an older kernel gets, without bpf_rdonly_cast(),
	 * loads and reads the same (this kernel has it: 6.2 and later) */
	if (k && kernel_at_least(6, 2))
		CHECK(kiter_uses_cast(k));
	rc = kiter_open(&knocast, KITER_TASKS | KITER_FDS | KITER_NO_CAST, why, sizeof(why));
	CHECK(rc == 0);
	if (knocast) {
		CHECK(!kiter_uses_cast(knocast));
		CHECK(kiter_read_h(knocast, KITER_TASKS | KITER_FDS, &r2, why, sizeof(why)) == 0);
		check_kids(&r2);
		CHECK(same_ns_sets(&r, &r2));
	}
	TEST_END();

	/* the NETNSIDs our net namespace gave: read by both programs alike
	 * (sources.sh compares them with the network stack's, IDR shape by
	 * shape), and not read when not asked for */
	TEST_BEGIN("kiter-netnsids");
	if (k && knocast) {
		int id = 0;

		CHECK(kiter_read_h(k, KITER_TASKS, &r, why, sizeof(why)) == 0);
		CHECK(!r.nsids_all);
		CHECK(!kiter_netnsid(&r, 1, 0, &id));
		CHECK(kiter_read_h(k, KITER_TASKS | KITER_NETNSID, &r, why, sizeof(why)) == 0);
		CHECK(kiter_read_h(knocast, KITER_TASKS | KITER_NETNSID, &r2, why, sizeof(why)) == 0);
		CHECK(r.nsids_all == r2.nsids_all);
		CHECK(r.nnsids == r2.nnsids);
		for (size_t i = 0; i < r.nnsids && i < r2.nnsids; i++)
			CHECK(r.nsids[i].inode == r2.nsids[i].inode && r.nsids[i].id == r2.nsids[i].id);
		/* sorted by inode, for kiter_netnsid() */
		for (size_t i = 1; i < r.nnsids; i++)
			CHECK(r.nsids[i - 1].inode < r.nsids[i].inode);
		if (r.nsids_all) {
			/* an inode that is no namespace: none given */
			CHECK(kiter_netnsid(&r, 1, 0, &id));
			CHECK(id == -1);
			for (size_t i = 0; i < r.nnsids; i++) {
				CHECK(kiter_netnsid(&r, r.nsids[i].inode, 0, &id));
				CHECK(id == r.nsids[i].id);
			}
		}
	}
	kiter_close(knocast);
	TEST_END();

	/* a generation that wraps around empties the program's tables (a
	 * map of their own) and reads the same */
	TEST_BEGIN("kiter-gen-wraps");
	if (k) {
		kiter_set_gen(k, UINT32_MAX);
		CHECK(kiter_read_h(k, KITER_TASKS | KITER_FDS, &r2, why, sizeof(why)) == 0);
		check_kids(&r2);
		CHECK(same_ns_sets(&r, &r2));
		CHECK(kiter_read_h(k, KITER_TASKS | KITER_FDS, &r2, why, sizeof(why)) == 0);
		CHECK(same_ns_sets(&r, &r2));
	}
	TEST_END();

	/* the records of some types only (kiter_set_types()): those, every
	 * one of them, and the tasks still name all eight */
	TEST_BEGIN("kiter-types");
	if (k) {
		size_t nnet = 0, nnet2 = 0, other = 0, named = 0;

		CHECK(kiter_read_h(k, KITER_TASKS | KITER_FDS, &r, why, sizeof(why)) == 0);
		kiter_set_types(k, NSINFO_TYPE_BIT(NSINFO_TYPE_NET));
		CHECK(kiter_read_h(k, KITER_TASKS | KITER_FDS, &r2, why, sizeof(why)) == 0);
		kiter_set_types(k, NSINFO_ALL_TYPES);
		for (size_t i = 0; i < r.nns; i++)
			nnet += r.ns[i].type == NSINFO_TYPE_NET;
		for (size_t i = 0; i < r2.nns; i++) {
			if (r2.ns[i].type != NSINFO_TYPE_NET)
				other++;
			else if (find_ns(&r, r2.ns[i].inode))
				nnet2++;
		}
		for (size_t i = 0; i < r2.ntasks; i++)
			named += r2.tasks[i].ns[NSINFO_TYPE_USER] != 0;
		CHECK(nnet > 0);
		CHECK(other == 0);
		/* the net namespaces of both reads (no test namespace changes
		 * meanwhile; another process may come or go) */
		CHECK(nnet2 + 8 >= nnet);
		CHECK(named == r2.ntasks);
		CHECK(r2.ntasks > 0);
	}
	TEST_END();

	TEST_BEGIN("kiter-files");
	if (k)
		check_files(k);
	TEST_END();

	kiter_close(k);
	kiter_result_free(&r);
	kiter_result_free(&r2);
	reap_all();
	UNIT_EXIT();
}
