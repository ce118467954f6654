// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The scanner against a population that changes between refreshes: its
 * children fork, exit, unshare namespaces, exec. After every change the
 * population is stopped (SIGSTOP) and a refresh is compared with a cold
 * nsinfo_snapshot_new() taken at the same moment: the same processes,
 * each in the same namespaces, with the same relations, the same command
 * line. The rest of the system changes too, so the comparison covers this
 * test's children and their namespaces.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nsinfo.h"
#include "unit.h"

#define MAXKIDS 64
#define ROUNDS 1000

static pid_t kids[MAXKIDS];
static int ctl[MAXKIDS];	/* write end: a command for the child */
static size_t nkids;

static const unsigned int FLAGS = NSINFO_SCAN_RELATIONS | NSINFO_SCAN_INFO_ALL |
				  NSINFO_SCAN_FOR_CHILDREN | NSINFO_SCAN_FDS;

/* A child that waits for one-letter commands: n unshare net, u unshare
 * uts, e exec a shell with another command line (which then reads until
 * the end), x exit; it exits when its pipe is closed. */
static void child_loop(int fd, int first)
{
	char c;

	if (first && unshare(first) < 0)
		_exit(1);
	while (read(fd, &c, 1) == 1) {
		switch (c) {
		case 'n':
			unshare(CLONE_NEWNET);
			break;
		case 'u':
			unshare(CLONE_NEWUTS);
			break;
		case 'e':
			/* the command pipe becomes stdin here: dash takes only
			 * single-digit fds, and the scanner's BPF descriptors
			 * push ours past 9 */
			if (dup2(fd, 0) < 0)
				_exit(1);
			execl("/bin/sh", "sh", "-c", "cat >/dev/null; exit 0", "sh", "exec-marker",
			      (char *)NULL);
			_exit(1);
		case 'x':
			_exit(0);
		}
	}
	_exit(0);
}

static bool spawn(int first)
{
	int p[2];
	pid_t pid;

	if (nkids == MAXKIDS || pipe(p) < 0)
		return false;
	pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		/* its siblings' pipes are not its to hold open */
		for (size_t i = 0; i < nkids; i++)
			close(ctl[i]);
		close(p[1]);
		child_loop(p[0], first);
	}
	close(p[0]);
	kids[nkids] = pid;
	ctl[nkids++] = p[1];
	return true;
}

/* The end of its pipe ends any child, exec'ed or not. */
static void reap(size_t i)
{
	close(ctl[i]);
	waitpid(kids[i], NULL, 0);
	kids[i] = kids[--nkids];
	ctl[i] = ctl[nkids];
}

static void send_cmd(size_t i, char c)
{
	if (write(ctl[i], &c, 1) != 1)
		printf("FAIL scanner-setup: command to child %d\n", (int)kids[i]);
}

static void all_signal(int sig)
{
	for (size_t i = 0; i < nkids; i++)
		kill(kids[i], sig);
}

/* Every child stopped, so both scans see one population. */
static void stop_all(void)
{
	all_signal(SIGSTOP);
	for (size_t i = 0; i < nkids; i++) {
		siginfo_t si;

		waitid(P_PID, (id_t)kids[i], &si, WSTOPPED | WEXITED | WNOWAIT);
	}
}

static bool ours(pid_t pid)
{
	for (size_t i = 0; i < nkids; i++)
		if (kids[i] == pid)
			return true;
	return false;
}

/* A namespace only this test's children are in. */
static bool ours_only(const struct nsinfo_ns *ns)
{
	for (size_t i = 0; i < nsinfo_ns_proc_count(ns); i++)
		if (!ours(nsinfo_proc_pid(nsinfo_ns_proc(ns, i))))
			return false;
	return true;
}

static bool same_ns(const struct nsinfo_ns *a, const struct nsinfo_ns *b)
{
	uint64_t x, y;
	uid_t u, v;
	unsigned int d, e;

	if (!a || !b)
		return a == b;
	if (nsinfo_ns_inode(a) != nsinfo_ns_inode(b) || nsinfo_ns_type(a) != nsinfo_ns_type(b))
		return false;
	if ((nsinfo_ns_parent(a, &x) == 0) != (nsinfo_ns_parent(b, &y) == 0) ||
	    (nsinfo_ns_parent(a, &x) == 0 && x != y))
		return false;
	if ((nsinfo_ns_owner(a, &x) == 0) != (nsinfo_ns_owner(b, &y) == 0) ||
	    (nsinfo_ns_owner(a, &x) == 0 && x != y))
		return false;
	if (nsinfo_ns_owner_uid(a, &u) == 0 && (nsinfo_ns_owner_uid(b, &v) != 0 || u != v))
		return false;
	if (nsinfo_ns_id(a, &x) == 0 && (nsinfo_ns_id(b, &y) != 0 || x != y))
		return false;
	if (nsinfo_ns_depth(a, &d) == 0 && (nsinfo_ns_depth(b, &e) != 0 || d != e))
		return false;
	/* what holds a namespace of the host changes with the rest of the
	 * system, which is not stopped: holders are compared for the
	 * children's own namespaces, and without fds (these children hold
	 * none, but a scan of this very process sees the descriptors its own
	 * threads open for a moment to read relations) */
	return !ours_only(b) || ((nsinfo_ns_holders(a) ^ nsinfo_ns_holders(b)) & ~NSINFO_HOLD_FD) == 0;
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The children, as warm and cold see them; a reason when they differ. */
static const char *compare(const struct nsinfo_snapshot *warm, const struct nsinfo_snapshot *cold)
{
	static char why[160];

	for (size_t i = 0; i < nkids; i++) {
		const struct nsinfo_proc *a = nsinfo_snapshot_find_proc(warm, kids[i]);
		const struct nsinfo_proc *b = nsinfo_snapshot_find_proc(cold, kids[i]);

		if (!a || !b)
			return "a child is missing";
		for (int t = 0; t < NSINFO_NTYPES; t++) {
			const struct nsinfo_ns *x = nsinfo_proc_ns(a, t), *y = nsinfo_proc_ns(b, t);

			if (same_ns(x, y))
				continue;
			snprintf(why, sizeof(why), "PID %d %s: warm %llu holders %#x, cold %llu holders %#x",
				 (int)kids[i], nsinfo_type_name(t),
				 x ? (unsigned long long)nsinfo_ns_inode(x) : 0ULL, x ? nsinfo_ns_holders(x) : 0,
				 y ? (unsigned long long)nsinfo_ns_inode(y) : 0ULL, y ? nsinfo_ns_holders(y) : 0);
			return why;
		}
		if (!same_str(nsinfo_proc_cmdline(a), nsinfo_proc_cmdline(b)) ||
		    !same_str(nsinfo_proc_comm(a), nsinfo_proc_comm(b)) ||
		    !same_str(nsinfo_proc_user(a), nsinfo_proc_user(b)))
			return "the task info differs";
	}
	return NULL;
}

static struct nsinfo_snapshot *cold_scan(unsigned int flags)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .flags = flags };
	struct nsinfo_snapshot *s = NULL;

	return nsinfo_snapshot_new(&s, &o) == 0 ? s : NULL;
}

static void test_rounds(void)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .flags = FLAGS };
	struct nsinfo_scanner *sc = NULL;
	const char *why = NULL;
	int bad = 0, round;

	TEST_BEGIN("scanner-equals-cold-scan");
	CHECK(nsinfo_scanner_new(&sc, &o) == 0);
	for (int i = 0; i < 8; i++)
		spawn(i % 2 ? CLONE_NEWIPC : 0);
	for (round = 0; sc && round < ROUNDS && !bad; round++) {
		struct nsinfo_snapshot *warm = NULL, *cold;
		size_t k = (size_t)rand() % (nkids ? nkids : 1);

		/* one change per round, then a pause for both scans */
		switch (round % 6) {
		case 0:
			spawn(round % 12 ? CLONE_NEWUTS : CLONE_NEWNET);
			break;
		case 1:
			if (nkids > 4)
				reap(k);
			break;
		case 2:
			send_cmd(k, 'n');
			break;
		case 3:
			send_cmd(k, 'e');
			break;
		case 4:
			send_cmd(k, 'u');
			break;
		default:
			break;	/* nothing: what was cached must still be right */
		}
		/* let the command land: a child reads it when it runs */
		nanosleep(&(struct timespec){ 0, 2 * 1000 * 1000 }, NULL);
		stop_all();
		CHECK(nsinfo_scanner_refresh(sc, &warm) == 0);
		cold = cold_scan(FLAGS);
		CHECK(cold != NULL);
		if (warm && cold && (why = compare(warm, cold))) {
			printf("FAIL scanner-equals-cold-scan: round %d: %s\n", round, why);
			bad++;
		}
		nsinfo_snapshot_unref(warm);
		nsinfo_snapshot_unref(cold);
		all_signal(SIGCONT);
		while (nkids > 40)
			reap(0);
	}
	CHECK(round == ROUNDS);
	unit_failed_here += bad;
	TEST_END();

	TEST_BEGIN("scanner-diff");
	CHECK(sc && nsinfo_scanner_diff(sc) != NULL);
	TEST_END();
	nsinfo_scanner_free(sc);
	while (nkids)
		reap(0);
}

/* A process that unshares its net namespace between two refreshes is seen
 * in the new one, with the new one's relations; one that execs is seen
 * with its new command line. */
static void test_unshare_exec(void)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .flags = FLAGS };
	struct nsinfo_scanner *sc = NULL;
	struct nsinfo_snapshot *a = NULL, *b = NULL;
	const struct nsinfo_proc *p;
	const struct nsinfo_diff *d;
	char link[64], path[64];
	uint64_t net = 0, owner;
	int type, moved = 0;
	ssize_t n;

	TEST_BEGIN("scanner-unshare-net-seen");
	CHECK(nsinfo_scanner_new(&sc, &o) == 0 && spawn(0));
	CHECK(sc && nsinfo_scanner_refresh(sc, &a) == 0);
	CHECK(nsinfo_scanner_diff(sc) == NULL && errno == ENODATA);
	send_cmd(0, 'n');
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)kids[0]);
	for (int i = 0; i < 500; i++) {
		n = readlink(path, link, sizeof(link));
		if (n > 0 && nsinfo_parse_ns_link(link, (size_t)n, &type, &net) == 0 &&
		    a && nsinfo_proc_ns(nsinfo_snapshot_find_proc(a, kids[0]), NSINFO_TYPE_NET) &&
		    net != nsinfo_ns_inode(nsinfo_proc_ns(nsinfo_snapshot_find_proc(a, kids[0]),
							   NSINFO_TYPE_NET)))
			break;
		nanosleep(&(struct timespec){ 0, 2 * 1000 * 1000 }, NULL);
	}
	CHECK(sc && nsinfo_scanner_refresh(sc, &b) == 0);
	p = b ? nsinfo_snapshot_find_proc(b, kids[0]) : NULL;
	CHECK(p && nsinfo_proc_ns(p, NSINFO_TYPE_NET) &&
	      nsinfo_ns_inode(nsinfo_proc_ns(p, NSINFO_TYPE_NET)) == net);
	CHECK(p && nsinfo_ns_owner(nsinfo_proc_ns(p, NSINFO_TYPE_NET), &owner) == 0);
	d = sc ? nsinfo_scanner_diff(sc) : NULL;
	for (size_t i = 0; d && i < nsinfo_diff_count(d); i++) {
		const struct nsinfo_change *c = nsinfo_diff_change(d, i);

		moved += c->kind == NSINFO_CHANGE_PROC_MOVED && c->pid == kids[0] &&
			 c->type == NSINFO_TYPE_NET && c->inode == net;
	}
	CHECK(moved == 1);
	TEST_END();
	nsinfo_snapshot_unref(a);
	nsinfo_snapshot_unref(b);
	a = b = NULL;

	TEST_BEGIN("scanner-exec-detected");
	send_cmd(0, 'e');
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)kids[0]);
	for (int i = 0; i < 500; i++) {
		char buf[256];
		int fd = open(path, O_RDONLY);

		n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
		if (fd >= 0)
			close(fd);
		if (n > 0 && memmem(buf, (size_t)n, "exec-marker", 11))
			break;
		nanosleep(&(struct timespec){ 0, 2 * 1000 * 1000 }, NULL);
	}
	CHECK(sc && nsinfo_scanner_refresh(sc, &a) == 0);
	p = a ? nsinfo_snapshot_find_proc(a, kids[0]) : NULL;
	CHECK(p && nsinfo_proc_cmdline(p) && strstr(nsinfo_proc_cmdline(p), "exec-marker"));
	CHECK(p && nsinfo_proc_comm(p) && !strcmp(nsinfo_proc_comm(p), "sh"));
	TEST_END();
	nsinfo_snapshot_unref(a);
	nsinfo_scanner_free(sc);
	while (nkids)
		reap(0);
}

/* The uts namespace of inode X dies and a new one, owned by another user
 * namespace, gets X (the kernel hands out the lowest free inode): the
 * relations the scanner kept for X must not be taken for the new one. */
static uint64_t uts_of(pid_t pid)
{
	char path[64], link[64];
	uint64_t ino = 0;
	ssize_t n;
	int type;

	snprintf(path, sizeof(path), "/proc/%d/ns/uts", (int)pid);
	n = readlink(path, link, sizeof(link));
	if (n > 0)
		nsinfo_parse_ns_link(link, (size_t)n, &type, &ino);
	return ino;
}

static void test_inode_reuse(void)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .flags = FLAGS };
	struct nsinfo_scanner *sc = NULL;
	struct nsinfo_snapshot *a = NULL, *b = NULL;
	uint64_t host = uts_of(getpid()), first = 0, second = 0, owner_a = 0, owner_b = 0;
	bool reused = false;

	TEST_BEGIN("scanner-inode-reuse");
	CHECK(nsinfo_scanner_new(&sc, &o) == 0);
	for (int tries = 0; sc && tries < 10 && !reused; tries++) {
		const struct nsinfo_proc *p;
		pid_t owner_kid;

		nsinfo_snapshot_unref(a);
		nsinfo_snapshot_unref(b);
		a = b = NULL;
		/* A in a uts namespace of its own, B in a user namespace */
		if (!spawn(CLONE_NEWUTS) || !spawn(CLONE_NEWUSER))
			break;
		owner_kid = kids[nkids - 1];
		for (int i = 0; i < 500 && uts_of(kids[nkids - 2]) == host; i++)
			nanosleep(&(struct timespec){ 0, 1000 * 1000 }, NULL);
		CHECK(nsinfo_scanner_refresh(sc, &a) == 0);
		p = a ? nsinfo_snapshot_find_proc(a, kids[nkids - 2]) : NULL;
		if (!p || !nsinfo_proc_ns(p, NSINFO_TYPE_UTS))
			continue;
		first = nsinfo_ns_inode(nsinfo_proc_ns(p, NSINFO_TYPE_UTS));
		nsinfo_ns_owner(nsinfo_proc_ns(p, NSINFO_TYPE_UTS), &owner_a);
		/* A goes, and its inode with it; B takes a uts namespace */
		reap(nkids - 2);
		send_cmd(nkids - 1, 'u');
		for (int i = 0; i < 500 && uts_of(owner_kid) == host; i++)
			nanosleep(&(struct timespec){ 0, 1000 * 1000 }, NULL);
		CHECK(nsinfo_scanner_refresh(sc, &b) == 0);
		p = b ? nsinfo_snapshot_find_proc(b, owner_kid) : NULL;
		if (!p || !nsinfo_proc_ns(p, NSINFO_TYPE_UTS))
			continue;
		second = nsinfo_ns_inode(nsinfo_proc_ns(p, NSINFO_TYPE_UTS));
		owner_b = 0;
		nsinfo_ns_owner(nsinfo_proc_ns(p, NSINFO_TYPE_UTS), &owner_b);
		reused = first == second;
		/* reused or not, its owner is B's user namespace */
		CHECK(owner_b == nsinfo_ns_inode(nsinfo_proc_ns(p, NSINFO_TYPE_USER)));
		reap(nkids - 1);
	}
	if (reused)
		CHECK(owner_a != owner_b);
	TEST_END();
	if (!reused)
		printf("SKIP scanner-inode-reuse-provoked: the kernel gave the new namespace "
		       "another inode in 10 tries\n");
	nsinfo_snapshot_unref(a);
	nsinfo_snapshot_unref(b);
	nsinfo_scanner_free(sc);
	while (nkids)
		reap(0);
}

/* NSINFO_SCAN_TASK_STATS: a busy process shows CPU%, an idle one none. */
static void test_stats(void)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .flags = NSINFO_SCAN_TASK_STATS };
	struct nsinfo_scanner *sc = NULL;
	struct nsinfo_snapshot *a = NULL, *b = NULL;
	const struct nsinfo_proc *p, *q;
	unsigned long long ticks;
	unsigned long kib;
	double busy = -1, idle = -1;
	pid_t spin;

	TEST_BEGIN("scanner-task-stats");
	spin = fork();
	if (spin == 0)
		for (;;)
			;
	CHECK(spin > 0 && spawn(0));
	CHECK(nsinfo_scanner_new(&sc, &o) == 0);
	CHECK(sc && nsinfo_scanner_refresh(sc, &a) == 0);
	p = a ? nsinfo_snapshot_find_proc(a, spin) : NULL;
	CHECK(p && nsinfo_proc_cpu_percent(p, &busy) == -ENODATA);	/* first refresh */
	CHECK(p && nsinfo_proc_rss_kib(p, &kib) == 0 && kib > 0);
	CHECK(p && nsinfo_proc_cpu_ticks(p, &ticks) == 0);
	CHECK(p && nsinfo_proc_state(p) != 0 && nsinfo_proc_thread_count(p) == 1);
	CHECK(p && nsinfo_proc_cmdline(p) == NULL);	/* task info was not asked */
	nanosleep(&(struct timespec){ 0, 500 * 1000 * 1000 }, NULL);
	CHECK(sc && nsinfo_scanner_refresh(sc, &b) == 0);
	p = b ? nsinfo_snapshot_find_proc(b, spin) : NULL;
	q = b ? nsinfo_snapshot_find_proc(b, kids[0]) : NULL;
	CHECK(p && nsinfo_proc_cpu_percent(p, &busy) == 0);
	CHECK(q && nsinfo_proc_cpu_percent(q, &idle) == 0);
	/* a spinning process has a CPU of its own most of the time */
	CHECK(busy > 30 && busy < 210);
	CHECK(idle >= 0 && idle < 5);
	TEST_END();
	nsinfo_snapshot_unref(a);
	nsinfo_snapshot_unref(b);
	nsinfo_scanner_free(sc);
	if (spin > 0) {
		kill(spin, SIGKILL);
		waitpid(spin, NULL, 0);
	}
	while (nkids)
		reap(0);
}

int main(void)
{
	if (geteuid() != 0) {
		printf("SKIP scanner: needs root to unshare namespaces\n");
		return 0;
	}
	srand(1);
	signal(SIGPIPE, SIG_IGN);	/* a child that exited meanwhile */
	test_unshare_exec();
	test_inode_reuse();
	test_stats();
	test_rounds();
	UNIT_EXIT();
}
