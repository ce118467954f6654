// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pidfd.c - a descriptor of a process a snapshot showed, and of no other:
 * what a tool signals or waits on must not be whoever took the PID since.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "internal.h"

/* A stat line is one short line (the command name is 15 bytes at most). */
#define MAX_STAT_FILE 4096

/* Whether the proc root at fd is a procfs whose PIDs are ours (so that
 * pidfd_open(), which takes our pid namespace's numbers, means the same
 * process as its entries). */
static bool our_procfs(int fd)
{
	char self[32], want[32];
	struct statfs sfs;
	ssize_t n;

	if (fstatfs(fd, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC)
		return false;
	n = readlinkat(fd, "self", self, sizeof(self) - 1);
	if (n <= 0)
		return false;
	self[n] = '\0';
	snprintf(want, sizeof(want), "%d", (int)getpid());
	return !strcmp(self, want);
}

/*
 * The pidfd is taken first, the start time read after: the pidfd pins
 * the task that had the PID then, and if that task has the start time
 * the snapshot saw, it is the one (a task that took the PID meanwhile
 * would have a later start time; so would one that took it between the
 * two calls, and the check fails).
 */
NSINFO_EXPORT int nsinfo_pidfd_open(const struct nsinfo_snapshot *snap, pid_t pid,
				    unsigned long long start_ticks)
{
	unsigned long long now;
	char path[32], *text;
	struct stat st;
	size_t len;
	int rootfd, pidfd, rc;

	if (!snap || pid <= 0)
		return -EINVAL;
	rootfd = open(snap->proc_root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return -errno;
	if (!our_procfs(rootfd)) {
		close(rootfd);
		return -EOPNOTSUPP;
	}
	pidfd = pidfd_open(pid, 0);
	if (pidfd < 0) {
		rc = -errno;
		close(rootfd);
		return rc;
	}
	snprintf(path, sizeof(path), "%d/stat", (int)pid);
	rc = untrusted_read_file(rootfd, path, UNTRUSTED_PROCFS, 0, MAX_STAT_FILE, &text, &len, &st);
	close(rootfd);
	if (rc == 0) {
		rc = parse_stat_start(text, len, &now);
		free(text);
	}
	if (rc == 0 && now != start_ticks)
		rc = -ESRCH;
	if (rc < 0) {
		close(pidfd);
		return rc == -ENOENT || rc == -EINVAL ? -ESRCH : rc;
	}
	return pidfd;
}
