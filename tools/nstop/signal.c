// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * signal.c - k and K: a signal to a process nstop showed, never to one
 * that took its PID since: the start time is checked through the same
 * /proc/PID descriptor the signal is sent through.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nstop.h"

/* Field 22 of stat below a /proc/PID directory, after the command name
 * in parentheses (which may hold anything, parentheses too: the last ')'
 * ends it). */
static int stat_start(int dfd, unsigned long long *start)
{
	char buf[2048], *p;
	ssize_t n;
	int fd = openat(dfd, "stat", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -ESRCH;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p)
		return -ESRCH;
	/* p + 1: the space before field 3; field 22 is 19 spaces on */
	p++;
	for (int field = 3; field < 22; field++) {
		p = strchr(p + 1, ' ');
		if (!p)
			return -ESRCH;
	}
	*start = strtoull(p + 1, NULL, 10);
	return 0;
}

/*
 * The /proc/PID directory names one task of the proc root's pid
 * namespace (which may not be ours): its start time is checked through
 * it, and the signal goes through it too (pidfd_send_signal takes a
 * /proc/PID descriptor, Linux 5.1), so the check and the signal are about
 * the same task, whatever happened to the number since. A proc root that
 * is not a procfs (a fixture) has no task behind it: EBADF, no signal.
 */
int nstop_kill(const char *proc_root, pid_t pid, unsigned long long start, int sig)
{
	unsigned long long now = 0;
	char path[4096];
	int dfd, rc;

	snprintf(path, sizeof(path), "%s/%d", proc_root, (int)pid);
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (dfd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	rc = stat_start(dfd, &now);
	if (rc == 0 && now != start)
		rc = -ESRCH;
	if (rc == -ENOENT)
		rc = -ESRCH;
	if (rc == 0 && syscall(SYS_pidfd_send_signal, dfd, sig, NULL, 0) < 0)
		rc = errno == EBADF ? -EOPNOTSUPP : -errno;
	close(dfd);
	return rc;
}

int nstop_signal_number(const char *text)
{
	char *end;
	long n;

	while (isspace((unsigned char)*text))
		text++;
	if (!*text)
		return SIGTERM;
	if (isdigit((unsigned char)*text)) {
		n = strtol(text, &end, 10);
		return *end || n < 1 || n >= NSIG ? -1 : (int)n;
	}
	if (!strncasecmp(text, "SIG", 3))
		text += 3;
	for (int s = 1; s < NSIG; s++) {
		const char *name = sigabbrev_np(s);

		if (name && !strcasecmp(name, text))
			return s;
	}
	return -1;
}
