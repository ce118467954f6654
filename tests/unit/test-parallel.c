// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A large proc root is scanned by several threads and merged: the result
 * must equal the one-thread scan, namespace by namespace. A fixture tree
 * (fixed, unlike the live /proc) with enough PIDs to start the workers,
 * and proof that they started: the threads of this process, counted
 * while the scan runs, go above the two that are ours.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nsinfo.h"
#include "unit.h"

#define NPIDS 3000

static int make_tree(const char *root)
{
	static const char *const types[] = { "cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts" };
	char path[256], target[64];

	for (int pid = 1; pid <= NPIDS; pid++) {
		snprintf(path, sizeof(path), "%s/%d", root, pid);
		if (mkdir(path, 0755) < 0)
			return -1;
		snprintf(path, sizeof(path), "%s/%d/ns", root, pid);
		if (mkdir(path, 0755) < 0)
			return -1;
		for (int t = 0; t < 8; t++) {
			/* namespaces shared by runs of PIDs of different
			 * lengths per type, so slices split namespaces */
			snprintf(target, sizeof(target), "%s:[%d]", types[t],
				 1000 * (t + 1) + pid / (7 + 13 * t));
			snprintf(path, sizeof(path), "%s/%d/ns/%s", root, pid, types[t]);
			if (symlink(target, path) < 0)
				return -1;
		}
		if (pid % 97 == 0) {	/* a pid namespace only for children */
			snprintf(target, sizeof(target), "pid:[%d]", 90000 + pid / 500);
			snprintf(path, sizeof(path), "%s/%d/ns/pid_for_children", root, pid);
			if (symlink(target, path) < 0)
				return -1;
		}
	}
	return 0;
}

static struct nsinfo_snapshot *scan(const char *root, unsigned int flags)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .proc_root = root,
				      .flags = flags | NSINFO_SCAN_FOR_CHILDREN };
	struct nsinfo_snapshot *s = NULL;

	CHECK(nsinfo_snapshot_new(&s, &o) == 0);
	return s;
}

/* Threads in this process now, from /proc/self/status; 0 when unknown. */
static int threads_now(void)
{
	char line[128];
	int n = 0;
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	if (f)
		fclose(f);
	return n;
}

struct bg_scan {
	const char *root;
	struct nsinfo_snapshot *snap;
	atomic_bool done;
};

static void *bg_main(void *arg)
{
	struct bg_scan *b = arg;
	struct nsinfo_scan_opts o = { .size = sizeof(o), .proc_root = b->root,
				      .flags = NSINFO_SCAN_FOR_CHILDREN };

	if (nsinfo_snapshot_new(&b->snap, &o) < 0)
		b->snap = NULL;
	atomic_store(&b->done, true);
	return NULL;
}

/* The scan of root in a thread of ours, while this one counts threads:
 * the most seen at once, ours (2) included. */
static int most_threads(const char *root, struct nsinfo_snapshot **snap)
{
	struct bg_scan b = { .root = root };
	pthread_t t;
	int most = 0;

	*snap = NULL;
	if (pthread_create(&t, NULL, bg_main, &b) != 0)
		return 0;
	while (!atomic_load(&b.done)) {
		int n = threads_now();

		if (n > most)
			most = n;
	}
	pthread_join(t, NULL);
	*snap = b.snap;
	return most;
}

static int cpus_usable(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 1;
}

int main(void)
{
	char root[] = "/tmp/nsinfo-parallel-XXXXXX", cmd[128];
	struct nsinfo_snapshot *one, *many;

	TEST_BEGIN("parallel-equals-one-thread");
	CHECK(mkdtemp(root) != NULL);
	CHECK(make_tree(root) == 0);
	one = scan(root, NSINFO_SCAN_ONE_THREAD);
	many = scan(root, 0);
	CHECK(one && many);
	if (one && many) {
		size_t n = nsinfo_snapshot_ns_count(one);

		CHECK(nsinfo_snapshot_proc_count(one) == NPIDS);
		CHECK(nsinfo_snapshot_proc_count(many) == NPIDS);
		CHECK(nsinfo_snapshot_ns_count(many) == n);
		for (size_t i = 0; i < n && i < nsinfo_snapshot_ns_count(many); i++) {
			const struct nsinfo_ns *a = nsinfo_snapshot_ns(one, i);
			const struct nsinfo_ns *b = nsinfo_snapshot_ns(many, i);
			const struct nsinfo_proc *la = NULL, *lb = NULL;

			CHECK(nsinfo_ns_inode(a) == nsinfo_ns_inode(b));
			CHECK(nsinfo_ns_type(a) == nsinfo_ns_type(b));
			CHECK(nsinfo_ns_proc_count(a) == nsinfo_ns_proc_count(b));
			CHECK(nsinfo_ns_holders(a) == nsinfo_ns_holders(b));
			nsinfo_ns_leader(a, &la, NULL, NULL);
			nsinfo_ns_leader(b, &lb, NULL, NULL);
			CHECK(la && lb && nsinfo_proc_pid(la) == nsinfo_proc_pid(lb));
			/* every member points at the merged namespace */
			for (size_t j = 0; j < nsinfo_ns_proc_count(b); j++)
				CHECK(nsinfo_proc_ns(nsinfo_ns_proc(b, j), nsinfo_ns_type(b)) == b);
		}
	}
	nsinfo_snapshot_unref(one);
	nsinfo_snapshot_unref(many);
	TEST_END();

	/* the split happened: a worker thread beside ours. The library
	 * splits only between the CPUs it may use */
	TEST_BEGIN("parallel-workers-ran");
	if (cpus_usable() < 2) {
		TEST_SKIP("one usable CPU: the library scans in one thread");
	} else {
		int most = 0;

		/* a short scan may slip between two looks; a few tries */
		for (int i = 0; i < 5 && most < 3; i++) {
			int n = most_threads(root, &many);

			CHECK(many != NULL);
			nsinfo_snapshot_unref(many);
			if (n > most)
				most = n;
		}
		CHECKF(most >= 3, "at most %d threads seen during the scan (2 are ours)", most);
	}
	TEST_END();

	TEST_BEGIN("parallel-cleanup");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	CHECK(system(cmd) == 0);
	TEST_END();
	UNIT_EXIT();
}
