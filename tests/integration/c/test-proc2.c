// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libproc2, opened by the library when it first reads task info from
 * /proc (libnsinfo/proc2.c), not linked: a kernel source snapshot that
 * needs none leaves it unmapped; a /proc one maps it and has the task
 * info; a process that entered another mount namespace before its first
 * read of task info does not open it (another user's files could be at
 * its path there) and reports the task info as missing.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsinfo.h"
#include "unit.h"

/* libproc2 is mapped into this process */
static bool proc2_mapped(void)
{
	char line[512];
	bool found = false;
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f))
		found |= strstr(line, "/libproc2.so") != NULL;
	if (f)
		fclose(f);
	return found;
}

static int snap(int source, unsigned int flags, struct nsinfo_snapshot **out)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .source = source, .flags = flags };

	return nsinfo_snapshot_new(out, &o);
}

/* Our own command name in s, or NULL */
static const char *own_comm(const struct nsinfo_snapshot *s)
{
	const struct nsinfo_proc *p = nsinfo_snapshot_find_proc(s, getpid());

	return p ? nsinfo_proc_comm(p) : NULL;
}

/* The leaders of s's namespaces that have task info, and all of them */
static void leaders_named(const struct nsinfo_snapshot *s, size_t *named, size_t *all)
{
	*named = *all = 0;
	for (size_t i = 0; i < nsinfo_snapshot_ns_count(s); i++) {
		const struct nsinfo_proc *p;

		if (nsinfo_ns_leader(nsinfo_snapshot_ns(s, i), &p, NULL, NULL) < 0)
			continue;
		(*all)++;
		*named += nsinfo_proc_comm(p) != NULL;
	}
}

/* In a child (this process has not opened libproc2 yet): a mount
 * namespace of its own, then a /proc scan. Exit status: 0 as expected,
 * 1 the task info was read, 2 libproc2 got mapped, 3 setup. */
static int other_mntns_child(void)
{
	struct nsinfo_snapshot *s = NULL;
	int rc = 0;

	if (unshare(CLONE_NEWNS) < 0 || snap(NSINFO_SOURCE_PROC, NSINFO_SCAN_INFO_ALL, &s) < 0)
		return 3;
	if (own_comm(s))
		rc = 1;
	else if (proc2_mapped())
		rc = 2;
	nsinfo_snapshot_unref(s);
	return rc;
}

int main(void)
{
	struct nsinfo_snapshot *s = NULL;
	const char *why = NULL;
	int status = 0;
	pid_t pid;

	if (geteuid() != 0) {
		printf("SKIP proc2: needs root (to unshare a mount namespace, and the kernel source)\n");
		return 0;
	}
	/* first, while this process has not opened libproc2 */
	TEST_BEGIN("proc2-not-in-another-mount-namespace");
	CHECK(!proc2_mapped());
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(other_mntns_child());
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECKF(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "child: %s", !WIFEXITED(status) ? "killed" :
	       WEXITSTATUS(status) == 1 ? "the task info was read" :
	       WEXITSTATUS(status) == 2 ? "libproc2 was mapped" : "unshare or the scan failed");
	TEST_END();

	/* nsls's task info: the leaders', every one of them shown by the
	 * iterator (a process only /proc shows would be read with libproc2:
	 * PID 1 here, which leads nothing we may read) */
	TEST_BEGIN("proc2-kernel-source-leaves-it-unmapped");
	if (snap(NSINFO_SOURCE_KERNEL, NSINFO_SCAN_INFO_LEADERS, &s) < 0) {
		TEST_SKIP("the kernel source does not load here");
	} else {
		size_t named, all;

		leaders_named(s, &named, &all);
		CHECK(nsinfo_snapshot_source(s, &why) == NSINFO_SOURCE_KERNEL);
		CHECKF(all > 0 && named == all, "%zu of %zu leaders have task info", named, all);
		CHECKF(!proc2_mapped(), "libproc2 was mapped for a kernel source snapshot");
		nsinfo_snapshot_unref(s);
		s = NULL;
	}
	TEST_END();

	TEST_BEGIN("proc2-opened-for-the-proc-source");
	CHECK(snap(NSINFO_SOURCE_PROC, NSINFO_SCAN_INFO_ALL, &s) == 0);
	CHECK_STR(own_comm(s), "test-proc2");
	CHECK(proc2_mapped());
	nsinfo_snapshot_unref(s);
	TEST_END();
	UNIT_EXIT();
}
