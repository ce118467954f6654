// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A large proc root is scanned by several threads and merged: the result
 * must equal the one-thread scan, namespace by namespace. A fixture tree
 * (fixed, unlike the live /proc) with enough PIDs to start the workers.
 */
#define _GNU_SOURCE
#include <fcntl.h>
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
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	CHECK(system(cmd) == 0);
	TEST_END();
	UNIT_EXIT();
}
