// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * untrusted.c - the one way libnsinfo opens anything another user can name
 * or replace: mount points from any mountinfo, /proc/PID/fd/N, paths below
 * /proc/PID/root, everything below a --proc-root, runtime state files, and
 * namespace files named on a command line.
 *
 * The rules, and why:
 *  - First an O_PATH descriptor. O_PATH never blocks (a FIFO, a tty, a
 *    FUSE file) and runs no driver's open().
 *  - Paths are resolved with openat2() and RESOLVE_NO_SYMLINKS, beneath
 *    the directory they are relative to (RESOLVE_BENEATH), or inside a
 *    process's root (RESOLVE_IN_ROOT), so a symlink planted on the way
 *    cannot send us elsewhere. Before Linux 5.6 the same is done one
 *    component at a time with O_NOFOLLOW.
 *  - Then the object held is checked, not the path: nsfs and the expected
 *    type and inode, or a regular file of bounded size. Checking the
 *    descriptor is what closes the race in which a user flips what a name
 *    points to between our check and our use.
 *  - Only then is it opened for reading, through /proc/self/fd/N, which
 *    reopens exactly the object checked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

/* Path components we walk by hand at most (the fallback walk). */
#define MAX_COMPONENTS 256

static bool safe_owner(const struct stat *st, uid_t owner);

/*
 * One component after another with O_NOFOLLOW: openat2()'s rules on a
 * kernel without it, and the walk of UNTRUSTED_OWNED, which checks the
 * owner and mode of every directory on the way. ".." is refused outright:
 * we never need it, and it is how a walk climbs out of where it was put.
 * The last component is opened with oflags.
 */
static int walk_nofollow(int dirfd, const char *path, int oflags, unsigned int how, uid_t owner)
{
	char *copy, *save = NULL, *comp, *next;
	int cur, n = 0, rc;

	if (path[0] == '/' && !(how & (UNTRUSTED_IN_ROOT | UNTRUSTED_OWNED)))
		return -EXDEV;
	copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	cur = openat(dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cur < 0) {
		rc = -errno;
		goto out;
	}
	for (comp = strtok_r(copy, "/", &save); comp; comp = next) {
		struct stat st;
		int fd;

		next = strtok_r(NULL, "/", &save);
		if (!strcmp(comp, "..") || ++n > MAX_COMPONENTS) {
			rc = -EXDEV;
			goto out;
		}
		if ((how & UNTRUSTED_OWNED) && (fstat(cur, &st) < 0 || !safe_owner(&st, owner))) {
			rc = -EPERM;
			goto out;
		}
		if (!strcmp(comp, ".") && next)
			continue;
		fd = openat(cur, comp, (next ? O_PATH | O_DIRECTORY : oflags) | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			rc = -errno;
			goto out;
		}
		/* O_PATH | O_NOFOLLOW opens a symlink itself */
		if (!next && (oflags & O_PATH) && (fstat(fd, &st) < 0 || S_ISLNK(st.st_mode))) {
			close(fd);
			rc = -ELOOP;
			goto out;
		}
		close(cur);
		cur = fd;
	}
	rc = cur;
	cur = -1;
out:
	if (cur >= 0)
		close(cur);
	free(copy);
	return rc;
}

int untrusted_open(int dirfd, const char *path, int oflags, unsigned int how)
{
	struct open_how oh = { 0 };
	int fd;

	/* a regular file is opened for reading only through
	 * untrusted_open_file(), after its type is checked */
	if (!(oflags & (O_PATH | O_DIRECTORY)))
		return -EINVAL;
	if (!*path)
		return -ENOENT;
	/* openat2() refuses O_PATH with any flag it ignores (O_NOCTTY) */
	oh.flags = (unsigned int)(oflags | O_CLOEXEC | (oflags & O_PATH ? 0 : O_NOCTTY));
	oh.resolve = RESOLVE_NO_SYMLINKS |
		     (how & UNTRUSTED_IN_ROOT ? RESOLVE_IN_ROOT : RESOLVE_BENEATH);
	fd = (int)syscall(SYS_openat2, dirfd, path, &oh, sizeof(oh));
	if (fd >= 0)
		return fd;
	if (errno != ENOSYS)
		return -errno;
	return walk_nofollow(dirfd, path, oflags, how, 0);
}

int untrusted_reopen(int fd, int oflags)
{
	char path[32];
	int r;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	r = open(path, oflags | O_CLOEXEC | O_NOCTTY);
	return r < 0 ? -errno : r;
}

int untrusted_nsfs(int fd, int want_type, uint64_t want_inode, bool mounted)
{
	char path[32], link[64];
	struct statfs sfs;
	uint64_t ino;
	struct stat st;
	ssize_t n;
	int r, type;
	bool named;

	/* What the descriptor is, as the kernel names it (d_path: the dentry
	 * cache only, no file system is asked, so a FUSE file cannot make us
	 * wait here). Only nsfs names itself "TYPE:[INODE]", unless it is
	 * bind-mounted: then its name is the mount point. */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link));
	if (n < 0)
		return -errno;
	named = (size_t)n < sizeof(link) && nsinfo_parse_ns_link(link, (size_t)n, &type, &ino) == 0;
	if (named) {
		if (want_type >= 0 && type != want_type)
			return -ENOTTY;
		if (want_inode && ino != want_inode)
			return -ESTALE;	/* what the name pointed to has changed */
	} else if (!mounted) {
		return -ENOTTY;
	}
	/* the file system itself says nsfs, whatever the name */
	if (fstatfs(fd, &sfs) < 0)
		return -errno;
	if (sfs.f_type != NSFS_MAGIC)
		return -ENOTTY;
	/* a mount is named by its path: ask the inode and type instead */
	if (!named && fstat(fd, &st) < 0)
		return -errno;
	if (!named && want_inode && (uint64_t)st.st_ino != want_inode)
		return -ESTALE;
	r = untrusted_reopen(fd, O_RDONLY);
	if (r < 0 || named)
		return r;
	type = nsinfo_nsfd_type(r);
	if (type < 0 || (want_type >= 0 && type != want_type)) {
		close(r);
		return type < 0 ? type : -ENOTTY;
	}
	return r;
}

int untrusted_nsfs_at(int dirfd, const char *name, int want_type, uint64_t want_inode)
{
	int fd, r;

	/* name is one component: a /proc/PID/ns link, a /proc/PID/fd entry,
	 * whose last hop the kernel must follow (it is a magic link) */
	if (strchr(name, '/'))
		return -EINVAL;
	fd = openat(dirfd, name, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = untrusted_nsfs(fd, want_type, want_inode, false);
	close(fd);
	return r;
}

NSINFO_EXPORT int nsinfo_nsfs_open(int dirfd, const char *path)
{
	int fd, r;

	if (!path)
		return -EINVAL;
	/* A path the caller named itself: symlinks on the way are followed
	 * (/proc/self/ns/net, /proc/PID/ns/net are links), but the object is
	 * only held as O_PATH until it has proved to be nsfs. */
	fd = openat(dirfd, path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = untrusted_nsfs(fd, -1, 0, true);
	close(fd);
	return r;
}

/* Owned by root or by owner, and writable by nobody else: the rule for
 * every directory on the way to a state file, and for the file. A sticky
 * directory (/tmp) may be writable by all: others cannot replace what is
 * in it. */
static bool safe_owner(const struct stat *st, uid_t owner)
{
	if (st->st_uid != 0 && st->st_uid != owner)
		return false;
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) && !(S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX)))
		return false;
	return true;
}

int untrusted_open_file(int dirfd, const char *path, unsigned int how, uid_t owner,
			struct stat *st)
{
	int fd, r;

	if (how & UNTRUSTED_PROCFS) {
		struct open_how oh = { .flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
				       .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
						  RESOLVE_NO_XDEV };

		/* one openat2(), no O_PATH detour: below a procfs, on its own
		 * mount, a name is a kernel file, and symlinks (the magic
		 * links into other users' trees among them) are refused */
		fd = (int)syscall(SYS_openat2, dirfd, path, &oh, sizeof(oh));
		if (fd >= 0) {
			if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
				close(fd);
				return -EINVAL;
			}
			return fd;
		}
		if (errno != ENOSYS)
			return -errno;
		/* before 5.6: the careful way below, a component at a time */
		how &= ~UNTRUSTED_PROCFS;
	}
	if (how & UNTRUSTED_OWNED) {
		/* every directory fstat()ed on the way: by hand; an absolute
		 * path is below dirfd, as with RESOLVE_IN_ROOT */
		fd = walk_nofollow(dirfd, path, O_PATH, how, owner);
	} else {
		fd = untrusted_open(dirfd, path, O_PATH, how);
	}
	if (fd < 0)
		return fd;
	if (fstat(fd, st) < 0) {
		r = -errno;
		goto out;
	}
	if (!S_ISREG(st->st_mode)) {
		r = S_ISLNK(st->st_mode) ? -ELOOP : -EINVAL;
		goto out;
	}
	if ((how & UNTRUSTED_OWNED) && !safe_owner(st, owner)) {
		r = -EPERM;
		goto out;
	}
	/* O_NONBLOCK: a regular file does not block, but a mandatory lock or
	 * a file swapped for something else must not make us wait either */
	r = untrusted_reopen(fd, O_RDONLY | O_NONBLOCK);
out:
	close(fd);
	return r;
}

int untrusted_read_file(int dirfd, const char *path, unsigned int how, uid_t owner,
			size_t max, char **out, size_t *len, struct stat *st)
{
	size_t cap, used = 0;
	char *buf;
	int fd;

	*out = NULL;
	fd = untrusted_open_file(dirfd, path, how, owner, st);
	if (fd < 0)
		return fd;
	/* proc files say size 0: read until the end, up to max */
	if (st->st_size > 0 && (size_t)st->st_size > max) {
		close(fd);
		return -EFBIG;
	}
	cap = st->st_size > 0 ? (size_t)st->st_size + 1 : 4096;
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t n;

		if (used == cap) {
			char *v;

			if (cap > max) {
				free(buf);
				close(fd);
				return -EFBIG;
			}
			cap *= 2;
			v = realloc(buf, cap + 1);
			if (!v) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = v;
		}
		n = read(fd, buf + used, cap - used);
		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			free(buf);
			close(fd);
			return -e;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	if (used > max) {
		free(buf);
		return -EFBIG;
	}
	buf[used] = '\0';
	*out = buf;
	if (len)
		*len = used;
	return 0;
}

NSINFO_EXPORT int nsinfo_proc_read_file(int dirfd, const char *path, size_t max, char **out,
					size_t *len)
{
	struct statfs sfs;
	struct stat st;
	size_t n = 0;
	int rc;

	if (!path || !out)
		return -EINVAL;
	*out = NULL;
	/* the kernel's files only: below anything else a name may be a FIFO
	 * or a link planted by another user */
	if (fstatfs(dirfd, &sfs) < 0)
		return -errno;
	if (sfs.f_type != PROC_SUPER_MAGIC)
		return -EINVAL;
	rc = untrusted_read_file(dirfd, path, UNTRUSTED_PROCFS, 0, max, out, &n, &st);
	if (rc == 0 && len)
		*len = n;
	return rc;
}
