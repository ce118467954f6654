// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * context.c - what the program takes from the target besides namespaces,
 * as nsenter's newer options do: its cgroup (-c), its SELinux context
 * (-Z), its UID and GID (-S follow, -G follow); and --keep-caps.
 *
 * Everything of the target's is opened before the first setns(), through
 * /proc/PID while the pidfd vouches for it (enter.c), and in our own mount
 * namespace; what is done with it comes after.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nsenter-lite.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef SELINUX_MAGIC
#define SELINUX_MAGIC 0xf97cff8c
#endif

#define CGROUP_ROOT "/sys/fs/cgroup"
#define SELINUX_ROOT "/sys/fs/selinux"

/* A whole small file of /proc/PID (cgroup, attr/current), NUL-ended. */
static char *read_proc_file(pid_t pid, const char *name)
{
	char path[64], *buf;
	size_t len = 0, cap = 4096;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		err(EXIT_FAIL, "cannot open %s", path);
	buf = malloc(cap + 1);
	if (!buf)
		errx(EXIT_FAIL, "out of memory");
	while ((n = read(fd, buf + len, cap - len)) > 0) {
		len += (size_t)n;
		if (len == cap) {
			if (cap >= 1 << 20)
				errx(EXIT_FAIL, "%s is too long", path);
			cap *= 2;
			buf = realloc(buf, cap + 1);
			if (!buf)
				errx(EXIT_FAIL, "out of memory");
		}
	}
	if (n < 0)
		err(EXIT_FAIL, "cannot read %s", path);
	close(fd);
	buf[len] = '\0';
	return buf;
}

/*
 * -c: the cgroup v2 of the target, as /proc/PID/cgroup names it to us
 * ("0::/path", relative to our cgroup namespace), and its cgroup.procs,
 * opened for writing now, in our mount and cgroup namespaces (as nsenter
 * does). Below that path, names are chosen by whoever may make cgroups
 * there (a delegated subtree is another user's), so the file is opened
 * beneath our /sys/fs/cgroup only: no symlink, no magic link, no other
 * mount, no ".." out of it (a target outside our cgroup namespace shows
 * a path starting with "/..").
 */
static void open_cgroup(struct plan *p)
{
	struct open_how how = { .flags = O_WRONLY | O_CLOEXEC | O_NOCTTY,
				.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
					   RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV };
	char *buf = read_proc_file(p->pid, "cgroup"), *line, *save = NULL, *rel;
	const char *path = NULL;
	struct statfs sfs;
	struct stat st;
	int dir;

	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, "0::", 3)) {
			path = line + 3;
			break;
		}
	if (!path || *path != '/')
		errx(EXIT_FAIL, "PID %d is in no cgroup v2 that we can see", (int)p->pid);
	dir = open(CGROUP_ROOT, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0 || fstatfs(dir, &sfs) < 0 || sfs.f_type != CGROUP2_SUPER_MAGIC)
		errx(EXIT_FAIL, "--join-cgroup needs cgroup v2 mounted at " CGROUP_ROOT);
	if (asprintf(&rel, "%s%scgroup.procs", path + 1, path[1] ? "/" : "") < 0)
		errx(EXIT_FAIL, "out of memory");
	p->cgroup_fd = (int)syscall(SYS_openat2, dir, rel, &how, sizeof(how));
	if (p->cgroup_fd < 0) {
		if (errno == EXDEV || errno == ELOOP)
			errx(EXIT_FAIL, "the cgroup of PID %d (%s) is not below " CGROUP_ROOT
			     " as we see it", (int)p->pid, path);
		err(EXIT_FAIL, "cannot open " CGROUP_ROOT "/%s", rel);
	}
	if (fstat(p->cgroup_fd, &st) < 0 || !S_ISREG(st.st_mode))
		errx(EXIT_FAIL, CGROUP_ROOT "/%s is not a cgroup file", rel);
	close(dir);
	free(rel);
	p->cgroup_path = strdup(path);
	if (!p->cgroup_path)
		errx(EXIT_FAIL, "out of memory");
	free(buf);
}

/*
 * -Z: the SELinux context of the target (/proc/PID/attr/current, what
 * getpidcon(3) reads) becomes the one the program is executed in
 * (/proc/thread-self/attr/exec, setexeccon(3)), set now, before our /proc
 * may be another one. Without SELinux this is an error: nsenter ignores
 * the option then, which would run the program in a context it was not
 * asked for without a word.
 */
static void open_context(struct plan *p)
{
	struct statfs sfs;
	size_t len;
	int fd;

	if (statfs(SELINUX_ROOT, &sfs) < 0 || sfs.f_type != SELINUX_MAGIC)
		errx(EXIT_FAIL, "--follow-context: SELinux is not enabled here "
		     "(no selinuxfs at " SELINUX_ROOT ")");
	p->exec_context = read_proc_file(p->pid, "attr/current");
	len = strcspn(p->exec_context, "\n");
	p->exec_context[len] = '\0';
	if (!len)
		errx(EXIT_FAIL, "PID %d has no SELinux context", (int)p->pid);
	if (p->dry_run)
		return;
	fd = open("/proc/thread-self/attr/exec", O_WRONLY | O_CLOEXEC);
	/* with its NUL, as libselinux writes it */
	if (fd < 0 || write(fd, p->exec_context, len + 1) != (ssize_t)(len + 1))
		err(EXIT_FAIL, "cannot set the exec context to '%s'", p->exec_context);
	close(fd);
}

void context_open(struct plan *p)
{
	if (p->join_cgroup)
		open_cgroup(p);
	if (p->follow_context)
		open_context(p);
	if (p->uid.follow || p->gid.follow) {
		char path[32];

		/* its owner is the target's effective UID and GID (root's for
		 * a process that is not dumpable) */
		snprintf(path, sizeof(path), "/proc/%d", (int)p->pid);
		p->proc_fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (p->proc_fd < 0)
			err(EXIT_FAIL, "cannot open %s", path);
	}
}

/* Our process into the target's cgroup (a child we fork inherits it);
 * the descriptor, which carries the rights of whoever opened it, is
 * closed right away and never reaches the program. */
void context_join_cgroup(struct plan *p)
{
	char pid[24];
	int len;

	if (p->cgroup_fd < 0)
		return;
	len = snprintf(pid, sizeof(pid), "%d", (int)getpid());
	if (write(p->cgroup_fd, pid, (size_t)len) != len)
		DIE("cannot join the cgroup %s of PID %d", p->cgroup_path, (int)p->pid);
	close(p->cgroup_fd);
	p->cgroup_fd = -1;
}

/* -S follow, -G follow: asked now, in the user namespace entered, so the
 * kernel gives the IDs as that namespace sees them. */
void context_follow_ids(struct plan *p)
{
	struct stat st;

	if (p->proc_fd < 0)
		return;
	if (fstat(p->proc_fd, &st) < 0)
		DIE("cannot inspect PID %d", (int)p->pid);
	if (p->uid.follow)
		p->uid.id = st.st_uid;
	if (p->gid.follow)
		p->gid.id = st.st_gid;
	close(p->proc_fd);
	p->proc_fd = -1;
}

/*
 * --keep-caps: the capabilities we hold (after setns(CLONE_NEWUSER) all of
 * them in that namespace) made inheritable and ambient, so the program
 * keeps them across execve(2) also as a UID that is not 0 there (with
 * --preserve-credentials, or an unmapped caller). Raw capget/capset and
 * prctl: no library for it.
 */
void context_keep_caps(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	uint64_t eff;

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) < 0)
		DIE("capget failed");
	data[0].inheritable = data[0].permitted;
	data[1].inheritable = data[1].permitted;
	if (syscall(SYS_capset, &hdr, data) < 0)
		DIE("capset failed");
	eff = (uint64_t)data[1].effective << 32 | data[0].effective;
	/* the kernel's last capability: PR_CAPBSET_READ says EINVAL past it */
	for (unsigned long cap = 0; cap < 64 && prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0; cap++)
		if ((eff & (1ULL << cap)) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			DIE("cannot make capability %lu ambient", cap);
}
