// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * errors.c - the one place that decides what an errno from /proc means.
 * (lsns once compared rc == ESRCH without the minus sign; keeping this in
 * one function means that mistake can only be made once.)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

/* A task's stat line, read as any untrusted file (a fixture tree's may be
 * anything); NULL when it cannot be read. */
static char *read_stat(int dirfd, const char *name, size_t *n)
{
	char path[64], *buf;
	struct stat st;

	snprintf(path, sizeof(path), "%s/stat", name);
	if (untrusted_read_file(dirfd, path, UNTRUSTED_BENEATH, 0, 4096, &buf, n, &st) < 0)
		return NULL;
	return buf;
}

bool task_zombie(int dirfd, const char *name)
{
	size_t n;
	char *buf = read_stat(dirfd, name, &n), state;
	bool zombie;

	if (!buf)
		return false;
	zombie = parse_stat_state(buf, n, &state) == 0 && (state == 'Z' || state == 'X');
	free(buf);
	return zombie;
}

bool task_exiting(int dirfd, const char *name)
{
	unsigned long flags;
	size_t n;
	char *buf = read_stat(dirfd, name, &n);
	bool exiting;

	if (!buf)
		return true;	/* gone already */
	exiting = !n || (parse_stat_flags(buf, n, &flags) == 0 && (flags & PF_EXITING));
	free(buf);
	return exiting;
}
