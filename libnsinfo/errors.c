// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * errors.c - the one place that decides what an errno from /proc means.
 * (lsns once compared rc == ESRCH without the minus sign; keeping this in
 * one function means that mistake can only be made once.)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "internal.h"

enum proc_err proc_err_classify(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case ENOENT:
	case ESRCH:
		return PROC_ERR_GONE;
	case EACCES:
	case EPERM:
		return PROC_ERR_DENIED;
	default:
		return PROC_ERR_OTHER;
	}
}

#define PF_EXITING 0x00000004	/* include/linux/sched.h */

bool task_exiting(int dirfd, const char *name)
{
	char path[64], buf[512];
	unsigned long flags;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/stat", name);
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return true;	/* gone already */
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0)
		return true;
	return parse_stat_flags(buf, (size_t)n, &flags) == 0 && (flags & PF_EXITING);
}
