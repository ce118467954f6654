// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * holders.c - what holds a namespace besides its processes: open file
 * descriptors, sockets (net namespaces), and nsfs bind mounts in every
 * mount namespace.
 *
 * Mounts: one process per mount namespace stands for it; its mountinfo
 * lists the namespace's mounts as that process sees them, and a target is
 * opened through /proc/PID/root, so no fork, setns() or re-exec is needed
 * (lxkns re-executes itself into each mount namespace; lsns reads only its
 * own mountinfo).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

int ns_add_holder(struct nsinfo_ns *ns, const struct nsinfo_holder *h)
{
	struct nsinfo_holder *v;
	char *path = NULL;

	if (h->path && !(path = strdup(h->path)))
		return -ENOMEM;
	v = realloc(ns->hold, (ns->nhold + 1) * sizeof(*v));
	if (!v) {
		free(path);
		return -ENOMEM;
	}
	v[ns->nhold] = *h;
	v[ns->nhold].path = path;
	ns->hold = v;
	ns->nhold++;
	return 0;
}

/* The net namespace of a socket of another process: copy the socket
 * (pidfd_getfd, Linux 5.6, ptrace rights needed) and ask it (SIOCGSKNS). */
static int socket_netns(int *pidfd, pid_t pid, int fd, uint64_t *inode, int *nsfd)
{
	struct stat st;
	int sk;

	if (*pidfd < 0) {
		*pidfd = pidfd_open(pid, 0);
		if (*pidfd < 0)
			return -errno;
	}
	sk = (int)syscall(SYS_pidfd_getfd, *pidfd, fd, 0);
	if (sk < 0)
		return -errno;
	*nsfd = ioctl(sk, SIOCGSKNS);
	close(sk);
	if (*nsfd < 0)
		return -errno;
	if (fstat(*nsfd, &st) < 0) {
		close(*nsfd);
		return -errno;
	}
	*inode = (uint64_t)st.st_ino;
	return 0;
}

static int hold(struct scan_ctx *ctx, struct nsinfo_ns *ns, unsigned int bit,
		const struct nsinfo_holder *h)
{
	if (!ns)
		return ctx->err ? ctx->err : -ENOMEM;
	ns->holders |= bit;
	return ns_add_holder(ns, h);
}

int holders_scan_fds(struct scan_ctx *ctx, struct nsinfo_proc *proc)
{
	struct nsinfo_snapshot *snap = ctx->snap;
	bool sockets = snap->flags & NSINFO_SCAN_SOCKETS;
	char path[32], buf[64];
	int fd, pidfd = -1, rc = 0;
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "%d/fd", (int)proc->pid);
	fd = openat(ctx->proc_fd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;	/* gone, or not ours to read */
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return 0;
	}
	while (!rc && (d = readdir(dir))) {
		struct nsinfo_holder h = { .pid = proc->pid };
		struct nsinfo_ns *ns;
		pid_t num;
		uint64_t inode;
		ssize_t n;
		int type, nsfd = -1;

		/* descriptor numbers, 0 included ("0" is no PID) */
		if (nsinfo_parse_pid(d->d_name, &num) < 0 && strcmp(d->d_name, "0") != 0)
			continue;
		h.fd = strcmp(d->d_name, "0") ? (int)num : 0;
		n = readlinkat(dirfd(dir), d->d_name, buf, sizeof(buf));
		if (n <= 0 || (size_t)n >= sizeof(buf))
			continue;
		if (nsinfo_parse_ns_link(buf, (size_t)n, &type, &inode) == 0) {
			if (!(snap->types & NSINFO_TYPE_BIT(type)))
				continue;
			h.kind = NSINFO_HOLDER_FD;
			ns = scan_ns_at(ctx, type, inode, dirfd(dir), d->d_name);
			rc = hold(ctx, ns, NSINFO_HOLD_FD, &h);
			continue;
		}
		if (!sockets || !(snap->types & NSINFO_TYPE_BIT(NSINFO_TYPE_NET)) ||
		    strncmp(buf, "socket:[", 8) != 0)
			continue;
		if (socket_netns(&pidfd, proc->pid, h.fd, &inode, &nsfd) < 0)
			continue;
		/* a socket in the process's own net namespace holds nothing
		 * the process does not hold already */
		if (!proc->ns[NSINFO_TYPE_NET] || proc->ns[NSINFO_TYPE_NET]->inode != inode) {
			h.kind = NSINFO_HOLDER_SOCKET;
			ns = scan_ns_fd(ctx, NSINFO_TYPE_NET, inode, nsfd);
			rc = hold(ctx, ns, NSINFO_HOLD_SOCKET, &h);
		}
		close(nsfd);
	}
	if (pidfd >= 0)
		close(pidfd);
	closedir(dir);
	return rc;
}

/* The nsfs mounts that /proc/DIR/mountinfo shows (DIR: a PID or "self"),
 * in mount namespace mnt. */
static int scan_mountinfo(struct scan_ctx *ctx, const char *dir, pid_t pid, uint64_t mnt)
{
	char path[48], *line = NULL;
	size_t cap = 0;
	int fd, rc = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/mountinfo", dir);
	fd = openat(ctx->proc_fd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;	/* gone, or not ours to read */
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return -errno;
	}
	while (!rc && getline(&line, &cap, f) > 0) {
		struct nsinfo_holder h = { .kind = NSINFO_HOLDER_MOUNT, .pid = pid, .mntns = mnt };
		struct mountinfo_entry e;
		char target[4096];
		struct nsinfo_ns *ns;
		uint64_t inode;
		int type;

		if (mountinfo_parse_line(line, &e) < 0 || strcmp(e.fstype, "nsfs") != 0)
			continue;
		if (nsinfo_parse_ns_link(e.root, strlen(e.root), &type, &inode) < 0 ||
		    !(ctx->snap->types & NSINFO_TYPE_BIT(type)))
			continue;
		/* the target as that process sees it: through its root */
		if ((size_t)snprintf(target, sizeof(target), "%s/root%s", dir, e.target) >=
		    sizeof(target))
			continue;
		h.path = e.target;
		ns = scan_ns_at(ctx, type, inode, ctx->proc_fd, target);
		rc = hold(ctx, ns, NSINFO_HOLD_MOUNT, &h);
	}
	free(line);
	fclose(f);
	return rc;
}

int holders_scan_mounts(struct scan_ctx *ctx)
{
	struct nsinfo_snapshot *snap = ctx->snap;
	struct nsinfo_ns **mnts;
	size_t n = 0;
	int rc = 0;

	/* the list first: scanning adds namespaces to the map */
	mnts = malloc((snap->map.count ? snap->map.count : 1) * sizeof(*mnts));
	if (!mnts)
		return -ENOMEM;
	for (size_t i = 0; i < snap->map.cap; i++) {
		struct nsinfo_ns *ns = snap->map.slots[i];

		if (ns && ns->type == NSINFO_TYPE_MNT && ns->first_pid)
			mnts[n++] = ns;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		char dir[16];

		/* our own mount namespace as we see it (lsns's NSFS paths) */
		if (mnts[i]->inode == snap->self_mntns) {
			rc = scan_mountinfo(ctx, "self", getpid(), mnts[i]->inode);
			continue;
		}
		snprintf(dir, sizeof(dir), "%d", (int)mnts[i]->first_pid);
		rc = scan_mountinfo(ctx, dir, mnts[i]->first_pid, mnts[i]->inode);
	}
	free(mnts);
	return rc;
}
