// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * signal.c - k and K: a signal to a process nstop showed, never to one
 * that took its PID since (nsinfo_pidfd_open() checks the start time).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nstop.h"

/*
 * The signal goes through a pidfd the library checked to be the process
 * the row showed (same start time), so a PID taken by another process
 * since is never signalled. A proc root that is not our procfs (a
 * fixture) has no task behind it: -EOPNOTSUPP, no signal.
 */
int nstop_kill(const struct nsinfo_snapshot *snap, pid_t pid, unsigned long long start, int sig)
{
	int fd = nsinfo_pidfd_open(snap, pid, start), rc = 0;

	if (fd < 0)
		return fd;
	if (syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0) < 0)
		rc = -errno;
	close(fd);
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
