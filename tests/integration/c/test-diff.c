// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsinfo_snapshot_diff() on the live system, with real namespaces made,
 * destroyed and entered between two scans by children of this test:
 *   born    a child forked after the first scan into a new uts namespace;
 *   mover   a child that unshares a net namespace between the scans;
 *   doomed  a child in its own ipc namespace, killed between the scans;
 *   holder  a child that opens /proc/self/ns/time between the scans;
 *   still   a child that does nothing.
 * The rest of the system changes too, so only what concerns these
 * children and their namespaces is checked: each change once, no other.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsinfo.h"
#include "unit.h"

enum { BORN, MOVER, DOOMED, HOLDER, STILL, NKIDS };
static pid_t kids[NKIDS];
static int cmd[NKIDS][2], ack[NKIDS][2];

static uint64_t ns_of(pid_t pid, const char *type)
{
	char path[64], buf[64];
	uint64_t ino = 0;
	ssize_t n;
	int t;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, type);
	n = readlink(path, buf, sizeof(buf));
	if (n > 0)
		nsinfo_parse_ns_link(buf, (size_t)n, &t, &ino);
	return ino;
}

/* A child: optionally unshares `first`, then does `later` when told. */
static pid_t child(int k, int first, int later)
{
	pid_t pid;

	if (pipe(cmd[k]) < 0 || pipe(ack[k]) < 0)
		return -1;
	pid = fork();
	if (pid != 0)
		return pid;
	char c = 0;

	if (first && unshare(first) < 0)
		_exit(1);
	if (write(ack[k][1], "r", 1) != 1)
		_exit(1);
	if (read(cmd[k][0], &c, 1) == 1) {
		if (later == CLONE_NEWNET && unshare(CLONE_NEWNET) < 0)
			_exit(1);
		if (later == -1 && open("/proc/self/ns/time", O_RDONLY) < 0)
			_exit(1);
		if (write(ack[k][1], "d", 1) != 1)
			_exit(1);
	}
	for (;;)
		pause();
}

static bool wait_ack(int k)
{
	char c;

	return read(ack[k][0], &c, 1) == 1;
}

static struct nsinfo_snapshot *scan(void)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o),
		.flags = NSINFO_SCAN_RELATIONS | NSINFO_SCAN_FDS | NSINFO_SCAN_INFO_ALL };
	struct nsinfo_snapshot *snap = NULL;

	CHECK(nsinfo_snapshot_new(&snap, &o) == 0);
	return snap;
}

static bool ours(pid_t pid)
{
	for (int k = 0; k < NKIDS; k++)
		if (kids[k] == pid)
			return true;
	return false;
}

int main(void)
{
	struct nsinfo_snapshot *a, *b;
	struct nsinfo_diff *d = NULL;
	uint64_t host_net = ns_of(getpid(), "net"), host_time = ns_of(getpid(), "time");
	uint64_t uts, net, ipc;
	int seen[16] = { 0 }, other = 0;

	TEST_BEGIN("diff-setup");
	if (geteuid() != 0) {
		printf("SKIP diff: needs root to unshare namespaces\n");
		return 0;
	}
	kids[MOVER] = child(MOVER, 0, CLONE_NEWNET);
	kids[DOOMED] = child(DOOMED, CLONE_NEWIPC, 0);
	kids[HOLDER] = child(HOLDER, 0, -1);
	kids[STILL] = child(STILL, 0, 0);
	for (int k = MOVER; k < NKIDS; k++)
		CHECK(kids[k] > 0 && wait_ack(k));
	ipc = ns_of(kids[DOOMED], "ipc");
	TEST_END();

	/* the changes between two scans: what the children do between them */
	TEST_BEGIN("diff-computed");
	a = scan();
	kids[BORN] = child(BORN, CLONE_NEWUTS, 0);
	CHECK(kids[BORN] > 0 && wait_ack(BORN));
	CHECK(write(cmd[MOVER][1], "g", 1) == 1 && wait_ack(MOVER));
	CHECK(write(cmd[HOLDER][1], "g", 1) == 1 && wait_ack(HOLDER));
	kill(kids[DOOMED], SIGKILL);
	waitpid(kids[DOOMED], NULL, 0);
	uts = ns_of(kids[BORN], "uts");
	net = ns_of(kids[MOVER], "net");
	b = scan();
	CHECK(a && b && nsinfo_snapshot_diff(a, b, &d) == 0 && d);
	CHECK(nsinfo_snapshot_diff(a, NULL, &(struct nsinfo_diff *){ NULL }) == -EINVAL);
	TEST_END();

	/* each expected change once: count them, and anything else that
	 * names our children or our namespaces */
	for (size_t i = 0; i < nsinfo_diff_count(d); i++) {
		const struct nsinfo_change *c = nsinfo_diff_change(d, i);

		switch (c->kind) {
		case NSINFO_CHANGE_NS_NEW:
			if (c->type == NSINFO_TYPE_UTS && c->inode == uts)
				seen[0]++;
			else if (c->type == NSINFO_TYPE_NET && c->inode == net)
				seen[1]++;
			break;
		case NSINFO_CHANGE_NS_GONE:
			if (c->type == NSINFO_TYPE_IPC && c->inode == ipc)
				seen[2]++;
			break;
		case NSINFO_CHANGE_PROC_BORN:
			if (c->pid == kids[BORN] && c->proc && nsinfo_proc_pid(c->proc) == c->pid)
				seen[3]++;
			else if (ours(c->pid))
				other++;
			break;
		case NSINFO_CHANGE_PROC_EXITED:
			if (c->pid == kids[DOOMED])
				seen[4]++;
			else if (ours(c->pid))
				other++;
			break;
		case NSINFO_CHANGE_PROC_MOVED:
			if (c->pid == kids[MOVER] && c->type == NSINFO_TYPE_NET &&
			    c->old_inode == host_net && c->inode == net)
				seen[5]++;
			else if (ours(c->pid))
				other++;
			break;
		case NSINFO_CHANGE_HOLDER_GAINED:
			if (c->holder && c->holder->kind == NSINFO_HOLDER_FD &&
			    c->holder->pid == kids[HOLDER] && c->type == NSINFO_TYPE_TIME &&
			    c->inode == host_time)
				seen[6]++;
			else if (c->holder && ours(c->holder->pid))
				other++;
			break;
		case NSINFO_CHANGE_HOLDER_LOST:
			if (c->holder && ours(c->holder->pid))
				other++;
			break;
		}
	}
	TEST_BEGIN("diff-ns-new");
	CHECK(seen[0] == 1);
	CHECK(seen[1] == 1);
	TEST_END();
	TEST_BEGIN("diff-ns-gone");
	CHECK(seen[2] == 1);
	TEST_END();
	TEST_BEGIN("diff-proc-born");
	CHECK(seen[3] == 1);
	TEST_END();
	TEST_BEGIN("diff-proc-exited");
	CHECK(seen[4] == 1);
	TEST_END();
	TEST_BEGIN("diff-proc-moved");
	CHECK(seen[5] == 1);
	TEST_END();
	TEST_BEGIN("diff-holder-gained");
	CHECK(seen[6] == 1);
	TEST_END();
	TEST_BEGIN("diff-nothing-else");
	CHECK(other == 0);
	TEST_END();

	/* the diff keeps both snapshots alive */
	TEST_BEGIN("diff-holds-snapshots");
	nsinfo_snapshot_unref(a);
	nsinfo_snapshot_unref(b);
	for (size_t i = 0; i < nsinfo_diff_count(d); i++) {
		const struct nsinfo_change *c = nsinfo_diff_change(d, i);

		CHECK(c->kind != NSINFO_CHANGE_NS_NEW || nsinfo_ns_inode(c->ns) == c->inode);
	}
	CHECK(nsinfo_diff_change(d, nsinfo_diff_count(d)) == NULL && errno == EINVAL);
	nsinfo_diff_free(d);
	TEST_END();

	TEST_BEGIN("diff-same-is-empty");
	a = scan();
	CHECK(a && nsinfo_snapshot_diff(a, a, &d) == 0 && nsinfo_diff_count(d) == 0);
	nsinfo_diff_free(d);
	nsinfo_snapshot_unref(a);
	TEST_END();

	for (int k = 0; k < NKIDS; k++)
		if (kids[k] > 0 && k != DOOMED) {
			kill(kids[k], SIGKILL);
			waitpid(kids[k], NULL, 0);
		}
	UNIT_EXIT();
}
