// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hidden.c - how many tasks the proc root does not show us.
 *
 * A proc mounted with hidepid=invisible (or ptraceable) leaves out the
 * directories of processes we may not inspect: a walk finds fewer
 * processes and nothing says so. The kernel's own count of tasks (the
 * total of /proc/loadavg, or sysinfo(2) where a subset=pid mount hides
 * loadavg) minus the tasks we saw is how many we did not. The count is
 * global, so it is taken only when the proc root shows our own pid
 * namespace and that is the initial one; it is "about", since tasks come
 * and go during a walk.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "internal.h"

#define PROC_PID_INIT_INO 0xEFFFFFFCU	/* include/linux/proc_ns.h */

/* The value of option `name` in a comma-separated list, into buf; false
 * when it is not there. */
static bool mount_option(const char *opts, const char *name, char *buf, size_t len)
{
	size_t n = strlen(name);

	for (const char *p = opts; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		if (!strncmp(p, name, n) && p[n] == '=') {
			snprintf(buf, len, "%.*s", (int)strcspn(p + n + 1, ","), p + n + 1);
			return true;
		}
	}
	return false;
}

/* The hidepid= of the mount the proc root is on ("" when none), from our
 * own mountinfo: the line of its mount ID. */
static void proc_hidepid(int proc_fd, const char *self, char *out, size_t len)
{
	char id[24], path[32], *buf, *line, *next;
	struct statx stx;
	struct stat st;
	size_t n;

	out[0] = '\0';
	if (statx(proc_fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) < 0 ||
	    !(stx.stx_mask & STATX_MNT_ID))
		return;
	snprintf(id, sizeof(id), "%llu", (unsigned long long)stx.stx_mnt_id);
	snprintf(path, sizeof(path), "%s/mountinfo", self);
	if (untrusted_read_file(proc_fd, path, UNTRUSTED_BENEATH, 0, 64u << 20, &buf, &n, &st) < 0)
		return;
	for (line = buf; line && *line; line = next) {
		struct mountinfo_entry e;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (mountinfo_parse_line(line, &e) == 0 && !strcmp(e.id, id)) {
			if (mount_option(e.super_opts, "hidepid", out, len) &&
			    (!strcmp(out, "off") || !strcmp(out, "0") || !strcmp(out, "noaccess") ||
			     !strcmp(out, "1")))
				out[0] = '\0';	/* noaccess: listed, then denied */
			break;
		}
	}
	free(buf);
}

size_t proc_task_total(int proc_fd)
{
	unsigned long total = 0;
	struct sysinfo si;
	struct stat st;
	char *buf;

	if (untrusted_read_file(proc_fd, "loadavg", UNTRUSTED_BENEATH, 0, 256, &buf, NULL, &st) == 0) {
		const char *slash = strchr(buf, '/');

		if (!slash || sscanf(slash + 1, "%lu", &total) != 1)
			total = 0;
		free(buf);
	}
	/* sysinfo's count is 16 bits wide: a last resort */
	if (!total && sysinfo(&si) == 0)
		total = si.procs;
	return total;
}

void hidden_count(struct nsinfo_snapshot *snap, int proc_fd)
{
	char self[16], hidepid[32];
	struct statfs sfs;
	uint64_t pidns;
	size_t seen = 0, total;
	ssize_t n;
	int type;

	if (fstatfs(proc_fd, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC)
		return;
	n = readlinkat(proc_fd, "self", self, sizeof(self) - 1);
	if (n <= 0)
		return;
	self[n] = '\0';
	/* our pid namespace, as this proc shows it */
	if (atoi(self) != getpid())
		return;
	{
		char link[64], path[32];

		snprintf(path, sizeof(path), "%s/ns/pid", self);
		n = readlinkat(proc_fd, path, link, sizeof(link));
		if (n <= 0 || (size_t)n >= sizeof(link) ||
		    nsinfo_parse_ns_link(link, (size_t)n, &type, &pidns) < 0 ||
		    pidns != PROC_PID_INIT_INO)
			return;
	}
	proc_hidepid(proc_fd, self, hidepid, sizeof(hidepid));
	if (!hidepid[0])
		return;
	for (size_t i = 0; i < snap->nprocs; i++) {
		const struct nsinfo_proc *p = &snap->procs[i];
		char path[32];
		struct stat st;

		if (p->nthreads) {
			seen += p->nthreads;
			continue;
		}
		/* a task directory links to each thread */
		snprintf(path, sizeof(path), "%d/task", (int)p->pid);
		seen += fstatat(proc_fd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_nlink > 2
				? st.st_nlink - 2 : 1;
	}
	total = proc_task_total(proc_fd);
	if (!total)
		return;
	snprintf(snap->hidepid, sizeof(snap->hidepid), "%s", hidepid);
	snap->hidden = total > seen ? total - seen : 0;
	snap->hidden_known = true;
}

NSINFO_EXPORT int nsinfo_snapshot_hidden_count(const struct nsinfo_snapshot *snap, size_t *n,
					       const char **why)
{
	if (!snap || !n)
		return -EINVAL;
	if (!snap->hidden_known)
		return -ENODATA;
	*n = snap->hidden;
	if (why)
		*why = snap->hidepid;
	return 0;
}
