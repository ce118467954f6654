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
#include "kiter.h"

/* Whether fd is a socket, from its name alone ("socket:[N]", the dentry
 * cache: no file system is asked, FUSE included), then its mode. */
static bool is_socket(int fd)
{
	char path[32], link[32];
	struct stat st;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link));
	if (n < 8 || (size_t)n >= sizeof(link) || strncmp(link, "socket:[", 8) != 0)
		return false;
	return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
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
	/* the number may hold something else by now (the process can dup2
	 * over it): an ioctl on a device would run its driver, as root */
	if (!is_socket(sk)) {
		close(sk);
		return -ENOTSOCK;
	}
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

int holders_socket_netns(pid_t pid, int fd, uint64_t *inode, int *nsfd)
{
	int pidfd = -1, rc = socket_netns(&pidfd, pid, fd, inode, nsfd);

	if (pidfd >= 0)
		close(pidfd);
	return rc;
}

unsigned int holders_fdwalk(const struct nsinfo_snapshot *snap)
{
	return (snap->flags & (NSINFO_SCAN_FDS | NSINFO_SCAN_SOCKETS) ? FDWALK_HOLDERS : 0) |
	       (snap->flags & NSINFO_SCAN_STDIO ? FDWALK_STDIO : 0);
}

/* One walk of /proc/PID/fd serves both the namespace holders and the
 * standard streams (and every pipe end the streams' peers are found
 * among), each only when asked. */
int holders_scan_fds(struct scan_ctx *ctx, struct nsinfo_proc *proc, unsigned int what)
{
	struct nsinfo_snapshot *snap = ctx->snap;
	bool sockets = snap->flags & NSINFO_SCAN_SOCKETS;
	bool holders = what & FDWALK_HOLDERS, stdio = what & FDWALK_STDIO;
	char path[32], buf[64];
	int fd, pidfd = -1, rc = 0;
	struct dirent *d;
	DIR *dir;

	if (stdio && stdio_begin(proc) < 0)
		return -ENOMEM;
	snprintf(path, sizeof(path), "%d/fd", (int)proc->pid);
	fd = untrusted_open(ctx->proc_fd, path, O_RDONLY | O_DIRECTORY, UNTRUSTED_BENEATH);
	if (fd < 0)	/* gone, or not ours to read */
		return stdio ? stdio_unreadable(proc, fd) : 0;
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return stdio ? stdio_unreadable(proc, -ENOMEM) : 0;
	}
	while (!rc && (d = readdir(dir))) {
		struct nsinfo_holder h = { .pid = proc->pid };
		struct ns_ref r;
		enum fd_link link;
		uint64_t inode;
		ssize_t n;
		int type, nsfd = -1;

		if (parse_fd_number(d->d_name, &h.fd) < 0)
			continue;
		if (stdio && h.fd <= 2)
			stdio_stream_read(proc, dirfd(dir), d->d_name, h.fd, ctx->procfs);
		n = readlinkat(dirfd(dir), d->d_name, buf, sizeof(buf));
		if (n <= 0 || (size_t)n >= sizeof(buf))
			continue;
		if (stdio && stdio_note_end(proc, h.fd, buf, (size_t)n) < 0) {
			rc = -ENOMEM;
			break;
		}
		if (!holders)
			continue;
		link = parse_fd_link(buf, (size_t)n, &type, &inode);
		if (link == FD_LINK_NS) {
			if (!(snap->types & NSINFO_TYPE_BIT(type)))
				continue;
			h.kind = NSINFO_HOLDER_FD;
			r = NS_REF(type, inode);
			r.dirfd = dirfd(dir);
			r.name = d->d_name;
			rc = sink_holder(ctx, &r, NSINFO_HOLD_FD, &h);
			continue;
		}
		if (!sockets || !(snap->types & NSINFO_TYPE_BIT(NSINFO_TYPE_NET)) ||
		    link != FD_LINK_SOCKET)
			continue;
		if (socket_netns(&pidfd, proc->pid, h.fd, &inode, &nsfd) < 0)
			continue;
		/* a socket in the process's own net namespace holds nothing
		 * the process does not hold already */
		if (!proc->ns[NSINFO_TYPE_NET] || proc->ns[NSINFO_TYPE_NET]->inode != inode) {
			/* the kernel's own descriptor of the namespace */
			h.kind = NSINFO_HOLDER_SOCKET;
			r = NS_REF(NSINFO_TYPE_NET, inode);
			r.fd = nsfd;
			rc = sink_holder(ctx, &r, NSINFO_HOLD_SOCKET, &h);
		}
		close(nsfd);
	}
	if (pidfd >= 0)
		close(pidfd);
	closedir(dir);
	if (!rc && stdio)
		rc = stdio_end_proc(ctx, proc);
	return rc;
}

/* A mountinfo can be as long as its owner has mounts; past this much it is
 * not read (the kernel's default mount-max is 100,000 lines). */
#define MAX_MOUNTINFO (64u << 20)

/* fstype is FUSE: a user's own daemon answers for what is below it. */
static bool is_fuse(const char *fstype)
{
	return !strcmp(fstype, "fuse") || !strcmp(fstype, "fuseblk") ||
	       !strncmp(fstype, "fuse.", 5);
}

/* Whether mount point `mp` is `path` or one of its ancestors. */
static bool covers(const char *mp, const char *path)
{
	size_t n = strlen(mp);

	if (n == 1 && mp[0] == '/')
		return true;
	return !strncmp(mp, path, n) && (path[n] == '\0' || path[n] == '/');
}

/* The root of the process whose mountinfo is read, opened the first time
 * a mount target must be resolved (most refreshes resolve none). */
struct mount_root {
	struct scan_ctx *ctx;
	const char *pid_dir;
	int piddir;		/* -1: not opened yet */
	int fd;			/* -1: not opened yet, or could not be */
	bool tried;
};

static int root_fd(struct mount_root *mr)
{
	if (mr->tried)
		return mr->fd;
	mr->tried = true;
	if (mr->piddir < 0)
		mr->piddir = untrusted_open(mr->ctx->proc_fd, mr->pid_dir, O_PATH | O_DIRECTORY,
					    UNTRUSTED_BENEATH);
	/* its root: the kernel's magic link, followed as the last hop */
	if (mr->piddir >= 0)
		mr->fd = openat(mr->piddir, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
	return mr->fd;
}

/*
 * One nsfs mount of a process's mount namespace. The target is another
 * user's name: resolved inside that process's root without following a
 * symlink, held as O_PATH, and read only when it is still the namespace
 * mountinfo names. Under a FUSE mount it is not resolved at all (the path
 * walk would wait on the user's daemon); the holder is recorded anyway,
 * since mountinfo is the kernel's word that the mount is there.
 */
static int scan_mount(struct scan_ctx *ctx, struct mount_root *root,
		      const struct mountinfo_entry *e, bool under_fuse, const struct nsinfo_holder *h)
{
	struct ns_ref r;
	uint64_t inode;
	int type, rc, err = 0;

	if (nsinfo_parse_ns_link(e->root, strlen(e->root), &type, &inode) < 0 ||
	    !(ctx->snap->types & NSINFO_TYPE_BIT(type)))
		return 0;
	r = NS_REF(type, inode);
	/* opened (as O_PATH) only for a namespace the snapshot lacks */
	if (!nsmap_find(&ctx->snap->map, type, inode) && !under_fuse &&
	    (ctx->snap->flags & (NSINFO_SCAN_RELATIONS | NSINFO_SCAN_NETNSID)) &&
	    root_fd(root) >= 0) {
		r.dirfd = untrusted_open(root->fd, e->target, O_PATH, UNTRUSTED_IN_ROOT);
		if (r.dirfd < 0) {
			err = r.dirfd;
			r.dirfd = -1;
		}
	}
	rc = sink_holder(ctx, &r, NSINFO_HOLD_MOUNT, h);
	if (r.dirfd >= 0)
		close(r.dirfd);
	/* new, and its mount point not ours to open */
	if (!rc && err && proc_err_classify(err) == PROC_ERR_DENIED)
		nsmap_find(&ctx->snap->map, type, inode)->unknown |= NSINFO_NS_DENIED;
	return rc;
}

/* The lines of a mountinfo that the holders walk needs: nsfs mounts, and
 * the FUSE mounts that may cover them; pointers into buf. */
static int mount_lines(char *buf, struct mountinfo_entry **out, size_t *count)
{
	struct mountinfo_entry *ents = NULL;
	size_t n = 0, cap = 0;
	char *line, *next;

	for (line = buf; line && *line; line = next) {
		struct mountinfo_entry e;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (mountinfo_parse_line(line, &e) < 0)
			continue;
		if (strcmp(e.fstype, "nsfs") && !is_fuse(e.fstype))
			continue;
		if (n == cap) {
			struct mountinfo_entry *v;

			cap = cap ? cap * 2 : 16;
			v = realloc(ents, cap * sizeof(*v));
			if (!v) {
				free(ents);
				return -ENOMEM;
			}
			ents = v;
		}
		ents[n++] = e;
	}
	*out = ents;
	*count = n;
	return 0;
}

/* What the kernel source read of mount namespace mnt (NULL: not that
 * source, or no record of it): the key of its table in the scanner's
 * cache, and its count of nsfs mounts. */
static const struct kiter_ns *kernel_mnt(const struct scan_ctx *ctx, uint64_t mnt)
{
	const struct kiter_ns *kn;

	if (!ctx->kiter || !ctx->kres)
		return NULL;
	kn = kiter_find_ns(ctx->kiter, ctx->kres, mnt);
	return kn && kn->type == NSINFO_TYPE_MNT ? kn : NULL;
}

/* The nsfs mounts that /proc/PID/mountinfo shows (pid as the proc root
 * names it), in mount namespace mnt: none when the kernel source counted
 * none, from the scanner's cache while the kernel says the table did not
 * change, else read. */
static int scan_mountinfo(struct scan_ctx *ctx, const char *pid_dir, pid_t pid, uint64_t mnt)
{
	struct mount_root root = { .ctx = ctx, .pid_dir = pid_dir, .piddir = -1, .fd = -1 };
	struct mountinfo_entry *read_ents = NULL;
	const struct mountinfo_entry *ents;
	const struct kiter_ns *kn = kernel_mnt(ctx, mnt);
	uint64_t event = kn ? kn->mnt_event : 0, key = kn && ctx->mounts ? kn->mnt_id : 0;
	size_t n = 0, len;
	char *buf = NULL;
	int rc = 0;
	struct stat st;

	/* counted none: its mountinfo shows none either, whatever process
	 * it is read through */
	if (kn && kn->mounts_counted && !kn->nsfs_mounts)
		return 0;
	if (!mount_cache_lookup(ctx->mounts, key, event, pid, &ents, &n)) {
		root.piddir = untrusted_open(ctx->proc_fd, pid_dir, O_PATH | O_DIRECTORY,
					     UNTRUSTED_BENEATH);
		if (root.piddir < 0)
			return 0;	/* gone, or not ours to read */
		if (untrusted_read_file(root.piddir, "mountinfo", UNTRUSTED_BENEATH, 0,
					MAX_MOUNTINFO, &buf, &len, &st) < 0)
			goto out;
		/* the root now, as the table was read through it */
		root_fd(&root);
		/* every line first: a FUSE mount listed after an nsfs mount
		 * may still cover its path */
		rc = mount_lines(buf, &read_ents, &n);
		if (rc)
			goto out;
		ents = read_ents;
		/* no room to keep it is no error: read again next time */
		(void)mount_cache_store(ctx->mounts, key, event, pid, read_ents, n);
	}
	for (size_t i = 0; i < n && !rc; i++) {
		struct nsinfo_holder h = { .kind = NSINFO_HOLDER_MOUNT, .pid = pid, .mntns = mnt };
		bool under_fuse = false;

		if (strcmp(ents[i].fstype, "nsfs"))
			continue;
		for (size_t j = 0; j < n && !under_fuse; j++)
			under_fuse = is_fuse(ents[j].fstype) && covers(ents[j].target, ents[i].target);
		h.path = ents[i].target;
		rc = scan_mount(ctx, &root, &ents[i], under_fuse, &h);
	}
out:
	free(read_ents);
	free(buf);
	if (root.fd >= 0)
		close(root.fd);
	if (root.piddir >= 0)
		close(root.piddir);
	return rc;
}

/* "self" as the proc root names us ("" when it does not): the link is
 * read here, since the untrusted walk follows none. */
static void self_dir(int proc_fd, char *buf, size_t len)
{
	ssize_t n = readlinkat(proc_fd, "self", buf, len - 1);
	pid_t pid;

	if (n <= 0) {
		buf[0] = '\0';
		return;
	}
	buf[n] = '\0';
	if (nsinfo_parse_pid(buf, &pid) < 0)
		buf[0] = '\0';
}

int holders_scan_mounts(struct scan_ctx *ctx)
{
	struct nsinfo_snapshot *snap = ctx->snap;
	struct nsinfo_ns **mnts;
	size_t n = 0;
	int rc = 0;

	char self[16];

	self_dir(ctx->proc_fd, self, sizeof(self));
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
		if (mnts[i]->inode == snap->self_mntns && self[0]) {
			rc = scan_mountinfo(ctx, self, getpid(), mnts[i]->inode);
			continue;
		}
		snprintf(dir, sizeof(dir), "%d", (int)mnts[i]->first_pid);
		rc = scan_mountinfo(ctx, dir, mnts[i]->first_pid, mnts[i]->inode);
	}
	free(mnts);
	/* what this refresh did not use is gone, or was read again */
	if (!rc)
		(void)mount_cache_sweep(ctx->mounts);
	return rc;
}
