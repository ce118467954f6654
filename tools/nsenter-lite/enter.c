// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * enter.c - open, check and enter the namespaces of the plan.
 *
 * Order of work, and why:
 *  1. pidfd_open() the target first: from then on the pidfd names the
 *     process (or, with PIDFD_THREAD, the thread), whatever happens to
 *     its PID.
 *  2. Open every namespace file (and the root / cwd / environ) through
 *     /proc/PID, a file given, a namespace ID, or a socket of the target,
 *     and check that each is nsfs and of the asked type.
 *  3. Ask the pidfd whether the process still lives. If it does, the PID
 *     cannot have been reused between 1 and 2, so what we opened is the
 *     target's; if it died, we refuse.
 *  4. Enter: one setns(pidfd, mask) for everything taken from the target
 *     (Linux 5.8+; the kernel orders the user namespace itself), with the
 *     namespaces given otherwise before and after it in util-linux's two
 *     passes. When setns(pidfd) is not supported we fall back to the
 *     descriptors opened in 2.
 *  5. Root and working directory. The credentials (-S/-G) come last, in
 *     run.c, in the process that runs the program, as nsenter does: after
 *     a setuid() to a non-root ID chroot() is refused.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/nsfs.h>
#include <linux/openat2.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli.h"
#include "nsenter-lite.h"
#include "output.h"

#ifndef PID_FS_MAGIC
#define PID_FS_MAGIC 0x50494446	/* pidfs, Linux 6.9 */
#endif
#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL	/* a pidfd of one thread, Linux 6.9 */
#endif
#ifndef AT_HANDLE_FID
#define AT_HANDLE_FID 0x200	/* a handle to identify, not to export */
#endif

static const char *tname(int t)
{
	return nsinfo_type_name((enum nsinfo_type)t);
}

static uint64_t self_inode(int t)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", nsinfo_type_proc_name((enum nsinfo_type)t));
	return stat(path, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

/* The Tgid:, Uid: (real, effective) lines of /proc/PID/status as we see
 * them; -1 when unreadable. Any of the out pointers may be NULL. */
static int read_status(pid_t pid, pid_t *tgid, uid_t *ruid, uid_t *euid)
{
	char path[64], line[256];
	unsigned int r, e;
	int t, found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	/* both come before the one line that may be long (Groups:), and
	 * the Name: line escapes a newline in the command name */
	while (found < 2 && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Tgid: %d", &t) == 1) {
			if (tgid)
				*tgid = (pid_t)t;
			found++;
		} else if (sscanf(line, "Uid: %u %u", &r, &e) == 2) {
			if (ruid)
				*ruid = r;
			if (euid)
				*euid = e;
			found++;
		}
	}
	fclose(f);
	return found == 2 ? 0 : -1;
}

static void open_target(struct plan *p)
{
	struct statfs sfs;
	struct stat st;

	p->pidfd = pidfd_open(p->pid, 0);
	/* not a process but one of its threads (ENOENT; EINVAL before 6.9):
	 * a pidfd of that thread, whose namespaces are its own */
	if (p->pidfd < 0 && (errno == ENOENT || errno == EINVAL)) {
		p->pidfd = pidfd_open(p->pid, PIDFD_THREAD);
		if (p->pidfd < 0 && errno == EINVAL)
			errx(EXIT_FAIL, "PID %d is a thread, not a process: entering the namespaces "
			     "of a thread needs Linux 6.9 or later", (int)p->pid);
	}
	if (p->pidfd < 0) {
		if (errno == ESRCH)
			errx(EXIT_FAIL, "PID %d: no such process", (int)p->pid);
		err(EXIT_FAIL, "cannot open PID %d", (int)p->pid);
	}
	p->tgid = p->pid;
	read_status(p->pid, &p->tgid, NULL, NULL);
	if (!p->pin)
		return;
	if (fstatfs(p->pidfd, &sfs) < 0 || fstat(p->pidfd, &st) < 0)
		err(EXIT_FAIL, "cannot inspect the pidfd of PID %d", (int)p->pid);
	if (sfs.f_type != PID_FS_MAGIC)
		errx(EXIT_FAIL, "PID:INODE needs pidfs (Linux 6.9 or later)");
	if ((uint64_t)st.st_ino != p->pin_inode)
		errx(EXIT_FAIL, "PID %d is another process now: its pidfd inode is %llu, not %llu",
		     (int)p->pid, (unsigned long long)st.st_ino,
		     (unsigned long long)p->pin_inode);
}

/* A namespace file by path: must be nsfs, and of type t. */
static void open_given(struct nsreq *r, int t)
{
	int type;

	snprintf(r->desc, sizeof(r->desc), "%s", r->path);
	/* held as O_PATH until it proves to be nsfs: a FIFO or a device
	 * there is never opened, so it cannot block us or run a driver */
	r->fd = nsinfo_nsfs_open(AT_FDCWD, r->path);
	if (r->fd == -ENOTTY)
		errx(EXIT_FAIL, "%s is not a namespace file", r->path);
	if (r->fd < 0)
		errx(EXIT_FAIL, "cannot open %s: %s", r->path, strerror(-r->fd));
	type = nsinfo_nsfd_type(r->fd);
	if (type < 0)
		errx(EXIT_FAIL, "cannot tell the type of %s: %s", r->path, strerror(-type));
	if (type != t)
		errx(EXIT_FAIL, "%s is a %s namespace, not a %s namespace", r->path,
		     tname(type), tname(t));
}

/*
 * The inode of the namespace of type t whose 64-bit ID is id, as a scan
 * finds it (processes, threads, descriptors, nsfs mounts, ancestors); 0
 * when none is found.
 */
static uint64_t nsid_inode(int t, uint64_t id)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .types = NSINFO_TYPE_BIT(t),
				      .flags = NSINFO_SCAN_RELATIONS | NSINFO_SCAN_TASKS |
					       NSINFO_SCAN_FOR_CHILDREN | NSINFO_SCAN_FDS |
					       NSINFO_SCAN_MOUNTS,
				      .source = NSINFO_SOURCE_PROC };
	struct nsinfo_snapshot *snap;
	uint64_t inode = 0, v;

	if (nsinfo_snapshot_new(&snap, &o) < 0)
		return 0;
	for (size_t i = 0; i < nsinfo_snapshot_ns_count(snap) && !inode; i++) {
		const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, i);

		if ((int)nsinfo_ns_type(ns) == t && nsinfo_ns_id(ns, &v) == 0 && v == id)
			inode = nsinfo_ns_inode(ns);
	}
	nsinfo_snapshot_unref(snap);
	return inode;
}

/*
 * A namespace by its 64-bit ID (NS_GET_ID; nsls -o NSID), Linux 6.18+: an
 * nsfs file handle that names it, opened with open_by_handle_at(2). The
 * handle type and a descriptor on nsfs to open it against come from our
 * own mount namespace's file. The handle is {ID, CLONE_NEW* type, inode};
 * newer nsenter leaves type and inode 0, which Linux 6.18 refuses
 * (ESTALE): then the type is filled in and the inode found by a scan.
 * The kernel decides who may open what; the result is checked like a
 * file.
 */
static int open_nsid_handle(int self, struct file_handle *fh, uint64_t id, uint32_t type,
			    uint64_t inode)
{
	uint32_t inum = (uint32_t)inode;

	memset(fh->f_handle, 0, fh->handle_bytes);
	memcpy(fh->f_handle, &id, sizeof(id));
	if (fh->handle_bytes >= 16) {
		memcpy(fh->f_handle + 8, &type, sizeof(type));
		memcpy(fh->f_handle + 12, &inum, sizeof(inum));
	}
	return open_by_handle_at(self, fh, O_RDONLY | O_CLOEXEC);
}

static void open_nsid(struct nsreq *r, int t)
{
	union {
		struct file_handle fh;
		char buf[sizeof(struct file_handle) + 64];
	} h;
	uint32_t flag = (uint32_t)nsinfo_type_clone_flag((enum nsinfo_type)t);
	int self, mount_id, type, e;
	uint64_t inode;

	snprintf(r->desc, sizeof(r->desc), "nsid %llu", (unsigned long long)r->nsid);
	self = nsinfo_nsfs_open(AT_FDCWD, "/proc/self/ns/mnt");
	if (self < 0)
		errx(EXIT_FAIL, "cannot open /proc/self/ns/mnt: %s", strerror(-self));
	memset(&h, 0, sizeof(h));
	h.fh.handle_bytes = 64;
	errno = 0;
	if (name_to_handle_at(self, "", &h.fh, &mount_id, AT_EMPTY_PATH | AT_HANDLE_FID) < 0 ||
	    h.fh.handle_bytes < sizeof(uint64_t))
		errx(EXIT_FAIL, "cannot open namespace ID %llu: namespace IDs need Linux 6.18 "
		     "or later (%s)", (unsigned long long)r->nsid,
		     strerror(errno ? errno : EOPNOTSUPP));
	r->fd = open_nsid_handle(self, &h.fh, r->nsid, 0, 0);
	if (r->fd < 0 && errno == ESTALE) {
		inode = nsid_inode(t, r->nsid);
		if (inode)
			r->fd = open_nsid_handle(self, &h.fh, r->nsid, flag, inode);
		else
			errno = ESTALE;
	}
	e = errno;
	close(self);
	if (r->fd < 0) {
		if (e == ESTALE || e == ENOENT)
			errx(EXIT_FAIL, "no %s namespace has ID %llu (nsls -o +NSID shows them)",
			     tname(t), (unsigned long long)r->nsid);
		errx(EXIT_FAIL, "cannot open namespace ID %llu: %s", (unsigned long long)r->nsid,
		     strerror(e));
	}
	type = nsinfo_nsfd_type(r->fd);
	if (type < 0)
		errx(EXIT_FAIL, "cannot tell the type of namespace ID %llu: %s",
		     (unsigned long long)r->nsid, strerror(-type));
	if (type != t)
		errx(EXIT_FAIL, "namespace ID %llu is a %s namespace, not a %s namespace",
		     (unsigned long long)r->nsid, tname(type), tname(t));
}

/* The target's namespace of type t; false when the kernel lacks it. */
static bool open_from_target(struct plan *p, struct nsreq *r, int t)
{
	snprintf(r->desc, sizeof(r->desc), "/proc/%d/ns/%s", (int)p->pid,
		 nsinfo_type_proc_name((enum nsinfo_type)t));
	r->fd = nsinfo_nsfs_open(AT_FDCWD, r->desc);
	if (r->fd >= 0)
		return true;
	errno = -r->fd;
	r->fd = -1;
	if (errno == ENOENT) {
		char path[64];
		struct stat st;

		/* every type is there while the process lives: no ns/mnt
		 * means it has exited and is a zombie now */
		snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)p->pid);
		if (lstat(path, &st) == 0 && stat(path, &st) < 0 && errno == ENOENT)
			errx(EXIT_FAIL, "PID %d has exited (a zombie): its namespaces are gone",
			     (int)p->pid);
		if (p->all)
			return false;	/* -a: a type this kernel does not have */
	}
	if (errno == EACCES || errno == EPERM) {
		char dir[32];
		struct stat st;

		/* /proc/PID belongs to the process's effective UID */
		snprintf(dir, sizeof(dir), "/proc/%d", (int)p->pid);
		if (stat(dir, &st) == 0 && st.st_uid != geteuid())
			errx(EXIT_FAIL, "cannot open %s: permission denied: PID %d runs as UID %u, "
			     "and you (UID %u) may not inspect it without CAP_SYS_PTRACE; entering "
			     "its namespaces needs CAP_SYS_ADMIN in the user namespace that owns them",
			     r->desc, (int)p->pid, (unsigned int)st.st_uid,
			     (unsigned int)geteuid());
		errx(EXIT_FAIL, "cannot open %s: permission denied: you may not inspect PID %d "
		     "(it holds capabilities you lack, or is not dumpable)", r->desc, (int)p->pid);
	}
	err(EXIT_FAIL, "cannot open %s", r->desc);
}

static char **read_environ(pid_t pid, char **bufp)
{
	char path[64], *buf = NULL, **envp;
	size_t len = 0, cap = 0, n = 0;
	ssize_t got;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/environ", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		err(EXIT_FAIL, "cannot open %s", path);
	do {
		if (len + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
			if (!buf)
				errx(EXIT_FAIL, "out of memory");
		}
		got = read(fd, buf + len, cap - len - 1);
		if (got < 0)
			err(EXIT_FAIL, "cannot read %s", path);
		len += (size_t)got;
	} while (got > 0);
	close(fd);
	buf[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\0')
			n++;
	envp = calloc(n + 2, sizeof(*envp));
	if (!envp)
		errx(EXIT_FAIL, "out of memory");
	n = 0;
	for (size_t i = 0; i < len; i += strlen(buf + i) + 1)
		envp[n++] = buf + i;
	*bufp = buf;
	return envp;
}

/*
 * -e with another user's process: variables that make the dynamic loader
 * or libc run code or read files of the target owner's choosing, in a
 * program we may run as root. glibc's list for set-user-ID programs
 * (elf/unsecvars.h), with its LD_AUDIT, LD_DEBUG, LD_DEBUG_OUTPUT,
 * LD_DYNAMIC_WEAK, LD_HWCAP_MASK, LD_LIBRARY_PATH, LD_ORIGIN_PATH,
 * LD_PRELOAD, LD_PROFILE, LD_SHOW_AUXV and LD_USE_LOAD_BIAS folded into
 * LD_*: other loaders (musl's) and other glibc releases read LD_ names that
 * list lacks, and no program needs an LD_ variable from the target. A
 * name ending in '*' stands for every name that starts with the rest.
 * nsenter-lite(1), SAFETY, lists the same.
 */
static const char *const unsafe_env[] = {
	"GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "HOSTALIASES", "LD_*",
	"LOCALDOMAIN", "LOCPATH", "MALLOC_TRACE", "NIS_PATH", "NLSPATH",
	"RESOLV_HOST_CONF", "RES_OPTIONS", "TMPDIR", "TZDIR",
};

static bool env_unsafe(const char *var)
{
	size_t len = strcspn(var, "=");

	for (size_t i = 0; i < sizeof(unsafe_env) / sizeof(unsafe_env[0]); i++) {
		const char *u = unsafe_env[i];
		size_t n = strlen(u);

		if (u[n - 1] == '*' ? len >= n - 1 && !strncmp(var, u, n - 1)
				    : len == n && !strncmp(var, u, n))
			return true;
	}
	return false;
}

/* Append the name of var (before '='), made printable, to a list in buf:
 * the target chose it, and our one line must stay one line. */
static void env_name_append(char *buf, size_t size, const char *var)
{
	size_t at = strlen(buf), len = strcspn(var, "=");

	if (len > 64)
		len = 64;
	if (at && at + 2 < size) {
		memcpy(buf + at, ", ", 3);
		at += 2;
	}
	for (size_t i = 0; i < len && at + 1 < size; i++) {
		unsigned char c = (unsigned char)var[i];

		buf[at++] = c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			    ? (char)c : '?';
	}
	buf[at] = '\0';
}

/*
 * Keep what the target's owner may not use against us: when that is
 * someone else (its real or effective UID is not our effective UID),
 * drop unsafe_env and say so in one line, naming the first few.
 */
static void scrub_environ(struct plan *p)
{
	enum { SHOWN_MAX = 8 };
	const char *shown[SHOWN_MAX];
	size_t nshown = 0, more = 0, out = 0;
	char names[SHOWN_MAX * 72] = "";
	uid_t ruid = (uid_t)-1, euid = (uid_t)-1, me = geteuid();
	char who[64];

	/* unreadable: a process that is gone (refused below) or hidden from
	 * us; either way not known to be ours */
	if (read_status(p->pid, NULL, &ruid, &euid) == 0 && ruid == me && euid == me)
		return;
	for (size_t i = 0; p->envp[i]; i++) {
		const char *var = p->envp[i];
		size_t len = strcspn(var, "="), j;

		if (!env_unsafe(var)) {
			p->envp[out++] = p->envp[i];
			continue;
		}
		for (j = 0; j < nshown; j++)
			if (strcspn(shown[j], "=") == len && !strncmp(shown[j], var, len))
				break;
		if (j < nshown)
			continue;	/* named already */
		if (nshown == SHOWN_MAX) {
			more++;
			continue;
		}
		shown[nshown++] = var;
		env_name_append(names, sizeof(names), var);
	}
	p->envp[out] = NULL;
	if (!nshown)
		return;
	if (euid == (uid_t)-1)
		snprintf(who, sizeof(who), "runs as a UID we cannot read");
	else if (ruid == euid)
		snprintf(who, sizeof(who), "runs as UID %u", (unsigned int)euid);
	else
		snprintf(who, sizeof(who), "runs as UID %u (real UID %u)", (unsigned int)euid,
			 (unsigned int)ruid);
	if (more)
		warnx("PID %d %s: dropped %s and %zu more from its environment", (int)p->pid, who,
		      names, more);
	else
		warnx("PID %d %s: dropped %s from its environment", (int)p->pid, who, names);
}

static int open_dir(const char *path)
{
	int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		err(EXIT_FAIL, "cannot open directory %s", path);
	return fd;
}

/* -N: the net namespace of the target's socket fd (pidfd_getfd(2) takes
 * a copy, close-on-exec; it needs the right to ptrace the target). It
 * takes the place of the target's net namespace or a --net file. */
static void open_socket_netns(struct plan *p)
{
	struct nsreq *r = &p->ns[NSINFO_TYPE_NET];
	struct stat st;
	int sk, fd, type;

	sk = pidfd_getfd(p->pidfd, p->sock_fd, 0);
	if (sk < 0) {
		if (errno == EBADF)
			errx(EXIT_FAIL, "PID %d has no file descriptor %d", (int)p->pid, p->sock_fd);
		err(EXIT_FAIL, "cannot take file descriptor %d of PID %d", p->sock_fd, (int)p->pid);
	}
	if (fstat(sk, &st) < 0 || !S_ISSOCK(st.st_mode))
		errx(EXIT_FAIL, "file descriptor %d of PID %d is not a socket", p->sock_fd,
		     (int)p->pid);
	fd = ioctl(sk, SIOCGSKNS);
	if (fd < 0)
		err(EXIT_FAIL, "cannot get the network namespace of socket %d of PID %d",
		    p->sock_fd, (int)p->pid);
	close(sk);
	type = nsinfo_nsfd_type(fd);
	if (type != NSINFO_TYPE_NET)
		errx(EXIT_FAIL, "socket %d of PID %d: SIOCGSKNS gave no network namespace",
		     p->sock_fd, (int)p->pid);
	if (r->fd >= 0)
		close(r->fd);
	r->wanted = true;
	r->src = SRC_SOCKET;
	r->fd = fd;
	snprintf(r->desc, sizeof(r->desc), "socket %d of PID %d", p->sock_fd, (int)p->pid);
}

/* --user-parent: the parent of the user namespace asked (-U's file or
 * ID, else the target's) takes its place. NS_GET_USERNS of a user
 * namespace is its parent; the kernel refuses (EPERM) when that is above
 * our own user namespace, out of our view. */
static void open_user_parent(struct plan *p)
{
	struct nsreq *r = &p->ns[NSINFO_TYPE_USER], base = { .fd = -1 };
	struct stat st;
	int parent;

	if (!r->wanted && !open_from_target(p, &base, NSINFO_TYPE_USER))
		errx(EXIT_FAIL, "PID %d has no user namespace to take the parent of", (int)p->pid);
	if (r->wanted)
		base = *r;
	if (fstat(base.fd, &st) < 0)
		err(EXIT_FAIL, "cannot inspect the user namespace %s", base.desc);
	parent = ioctl(base.fd, NS_GET_USERNS);
	if (parent < 0) {
		if (errno == EPERM)
			errx(EXIT_FAIL, "the parent of user namespace %llu (%s) is not visible from "
			     "here: it is the initial user namespace, or above yours",
			     (unsigned long long)st.st_ino, base.desc);
		err(EXIT_FAIL, "cannot get the parent of user namespace %llu",
		    (unsigned long long)st.st_ino);
	}
	close(base.fd);
	r->wanted = true;
	r->src = SRC_PARENT;
	r->fd = parent;
	snprintf(r->desc, sizeof(r->desc), "parent of user namespace %llu",
		 (unsigned long long)st.st_ino);
}

int plan_open(struct plan *p)
{
	char path[64];
	bool asked = false, any = false;

	if (p->pid)
		open_target(p);
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		struct nsreq *r = &p->ns[t];

		if (!r->wanted)
			continue;
		asked = true;
		if (t == NSINFO_TYPE_NET && p->sock_fd >= 0)
			continue;	/* the socket's, below */
		if (r->src == SRC_FILE)
			open_given(r, t);
		else if (r->src == SRC_NSID)
			open_nsid(r, t);
		else if (!open_from_target(p, r, t))
			r->wanted = false;
	}
	if (p->sock_fd >= 0) {
		open_socket_netns(p);
		asked = true;
	}
	if (p->user_parent) {
		open_user_parent(p);
		asked = true;
	}
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		struct nsreq *r = &p->ns[t];
		struct stat st;

		if (!r->wanted)
			continue;
		if (fstat(r->fd, &st) < 0)
			err(EXIT_FAIL, "cannot inspect the %s namespace", tname(t));
		r->inode = (uint64_t)st.st_ino;
		/* setns() into our own user namespace fails with EINVAL, and
		 * there is nothing to gain: leave it out */
		if (t == NSINFO_TYPE_USER && r->inode == self_inode(t))
			r->skip = true;
		any = true;
	}
	if (p->root_opt) {
		snprintf(path, sizeof(path), "/proc/%d/root", (int)p->pid);
		p->root_fd = open_dir(p->root_dir ? p->root_dir : path);
	}
	if (p->wd_opt) {
		snprintf(path, sizeof(path), "/proc/%d/cwd", (int)p->pid);
		p->wd_fd = open_dir(p->wd_dir ? p->wd_dir : path);
	}
	if (p->want_env) {
		p->envp = read_environ(p->pid, &p->env_buf);
		scrub_environ(p);
	}
	context_open(p);

	/* everything was opened through /proc/PID: is it still the process
	 * the pidfd names? (signal 0 only asks; EPERM means it exists) */
	if (p->pid && pidfd_send_signal(p->pidfd, 0, NULL, 0) < 0 && errno == ESRCH)
		errx(EXIT_FAIL, "PID %d exited while its namespaces were being opened; "
		     "refusing, since the PID may be reused", (int)p->pid);
	return any || !asked ? 0 : -1;
}

/* ---- explaining a refusal ---- */

/* One sentence: why entering r would fail, or NULL when it should work.
 * userns_fd: the user namespace we will be in by then, or -1. */
static const char *why_not(const struct nsreq *r, int userns_fd, char *buf, size_t len)
{
	struct nsinfo_access a = { .size = sizeof(a) };
	char uid[32] = "";

	if (nsinfo_ns_access(r->fd, userns_fd, &a) < 0)
		return NULL;
	if (a.owner_uid != (uid_t)-1)
		snprintf(uid, sizeof(uid), " (owner UID %u)", (unsigned int)a.owner_uid);
	switch (a.verdict) {
	case NSINFO_ACCESS_NO_CAP:
		if (a.type == NSINFO_TYPE_USER)
			snprintf(buf, len, "you lack CAP_SYS_ADMIN in user namespace %llu%s",
				 (unsigned long long)a.inode, uid);
		else
			snprintf(buf, len, "it is owned by user namespace %llu%s, where you lack CAP_SYS_ADMIN",
				 (unsigned long long)a.owner, uid);
		return buf;
	case NSINFO_ACCESS_NO_CAP_SELF:
		snprintf(buf, len, "you lack CAP_SYS_ADMIN in your own user namespace %llu "
			 "(entering the target's user namespace too, -U, would give it)",
			 (unsigned long long)a.caller_userns);
		return buf;
	case NSINFO_ACCESS_OUT_OF_SCOPE:
		if (a.owner)
			snprintf(buf, len, "%s %llu%s is not your user namespace %llu nor below it",
				 a.type == NSINFO_TYPE_USER ? "it: user namespace" : "its owner, user namespace",
				 (unsigned long long)a.owner, uid,
				 (unsigned long long)a.caller_userns);
		else
			snprintf(buf, len, "its owner is a user namespace above yours (%llu), "
				 "where you have no capabilities", (unsigned long long)a.caller_userns);
		return buf;
	default:
		return NULL;
	}
}

/* The user namespace the plan enters, if any. */
static int entered_userns(const struct plan *p)
{
	const struct nsreq *u = &p->ns[NSINFO_TYPE_USER];

	return u->wanted && !u->skip ? u->fd : -1;
}

/*
 * Why entering type t would fail, judged as plan_enter() goes about it: a
 * user namespace from where we stand; any other first as we are, then,
 * if that fails, from inside the user namespace the plan enters.
 */
static const char *plan_why_not(const struct plan *p, int t, char *buf, size_t len)
{
	const char *no = why_not(&p->ns[t], -1, buf, len);
	int userns = entered_userns(p);

	if (no && t != NSINFO_TYPE_USER && userns >= 0)
		no = why_not(&p->ns[t], userns, buf, len);
	return no;
}

/* ---- --dry-run ---- */

enum { DR_TYPE, DR_NS, DR_OWNER, DR_OWNERUID, DR_SOURCE, DR_ACTION };
static const struct out_column dry_cols[] = {
	[DR_TYPE] = { "TYPE", 5, 0, OUT_JSON_STRING, "namespace type", 0 },
	[DR_NS] = { "NS", 10, OUT_RIGHT, OUT_JSON_NUMBER, "namespace inode", 0 },
	[DR_OWNER] = { "OWNER", 10, OUT_RIGHT, OUT_JSON_NUMBER, "user namespace whose CAP_SYS_ADMIN counts", 0 },
	[DR_OWNERUID] = { "OWNERUID", 0, OUT_RIGHT, OUT_JSON_NUMBER, "its owner UID", 0 },
	[DR_SOURCE] = { "SOURCE", 0, 0, OUT_JSON_STRING, "where the namespace comes from", 0 },
	[DR_ACTION] = { "ACTION", 0, 0, OUT_JSON_STRING, "what would happen", 0 },
};

int plan_print(const struct plan *p)
{
	static const int ids[] = { DR_TYPE, DR_NS, DR_OWNER, DR_OWNERUID, DR_SOURCE, DR_ACTION };
	struct out_opts o = { .format = OUT_TABLE, .color = cli_color_wanted(CLI_COLOR_AUTO) };
	struct out *out = out_new(dry_cols, ids, 6, &o);
	int rc = 0, rc_print;

	if (!out)
		errx(EXIT_FAIL, "out of memory");
	if (p->container) {
		/* the argument as typed, escaped as every cell is */
		char *name = out_escape(p->container, OUT_TABLE, 0);

		if (!name)
			errx(EXIT_FAIL, "out of memory");
		printf("container: %s, found by the %s source\n", name, p->container_source);
		free(name);
	}
	if (p->pid) {
		struct statfs sfs;
		struct stat st;

		/* on pidfs the pidfd inode names this process for good: say
		 * it, so the next call can pin it (-t PID:INODE) */
		if (fstatfs(p->pidfd, &sfs) == 0 && sfs.f_type == PID_FS_MAGIC &&
		    fstat(p->pidfd, &st) == 0)
			printf("target: PID %d, pidfd inode %llu (pin it: -t %d:%llu)",
			       (int)p->pid, (unsigned long long)st.st_ino, (int)p->pid,
			       (unsigned long long)st.st_ino);
		else
			printf("target: PID %d", (int)p->pid);
		if (p->tgid != p->pid)
			printf(", a thread of PID %d", (int)p->tgid);
		putchar('\n');
	}
	/* named by the target's side (a delegated cgroup's name): escaped */
	for (int i = 0; i < 2; i++) {
		const char *what = i ? "exec context" : "join cgroup";
		const char *v = i ? p->exec_context : p->cgroup_path;
		char *e;

		if (!v)
			continue;
		e = out_escape(v, OUT_TABLE, 0);
		if (!e)
			errx(EXIT_FAIL, "out of memory");
		printf("%s: %s%s\n", what, i ? "" : "/sys/fs/cgroup", e);
		free(e);
	}
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		const struct nsreq *r = &p->ns[t];
		struct nsinfo_access a = { .size = sizeof(a) };
		struct out_row *row;
		char why[256];
		const char *no;

		if (!r->wanted)
			continue;
		row = out_row(out, NULL);
		if (!row)
			errx(EXIT_FAIL, "out of memory");
		out_set(row, DR_TYPE, tname(t));
		out_setf(row, DR_NS, "%llu", (unsigned long long)r->inode);
		if (nsinfo_ns_access(r->fd, -1, &a) == 0 && a.owner) {
			out_setf(row, DR_OWNER, "%llu", (unsigned long long)a.owner);
			if (a.owner_uid != (uid_t)-1)
				out_setf(row, DR_OWNERUID, "%u", (unsigned int)a.owner_uid);
		}
		out_set(row, DR_SOURCE, r->desc);
		no = plan_why_not(p, t, why, sizeof(why));
		if (r->skip) {
			out_set(row, DR_ACTION, "skip: already in it");
		} else if (no) {
			out_setf(row, DR_ACTION, "would fail: %s", no);
			out_mark(row, DR_ACTION, OUT_MARK_DENIED);
			rc = 1;
		} else {
			out_set(row, DR_ACTION, "enter");
		}
	}
	rc_print = out_print(out, stdout);
	if (rc_print < 0)
		cli_write_failed(rc_print);
	out_free(out);
	return rc;
}

/* ---- entering ---- */

__attribute__((noreturn)) static void setns_failed(const struct plan *p, int t, int e)
{
	const struct nsreq *r = &p->ns[t];
	char why[256];
	const char *no = NULL;

	if (e == EPERM)
		no = plan_why_not(p, t, why, sizeof(why));
	if (no)
		DIEX("cannot enter the %s namespace %llu: %s", tname(t),
		     (unsigned long long)r->inode, no);
	DIEX("cannot enter the %s namespace %llu: %s", tname(t),
	     (unsigned long long)r->inode, strerror(e));
}

/* Taken from the target (so entered by its pidfd), or given otherwise. */
static bool from_target(const struct nsreq *r)
{
	return r->src == SRC_TARGET;
}

/* A user namespace given otherwise (a file, an ID, --user-parent) that is
 * still to be entered: the target's namespaces may need its rights. */
static bool given_user_pending(const struct plan *p)
{
	const struct nsreq *u = &p->ns[NSINFO_TYPE_USER];

	return u->wanted && !u->skip && !u->entered && !from_target(u);
}

/*
 * Everything taken from the target in one call. 0 when done (or nothing
 * to do), -EINVAL when the kernel cannot setns() a pidfd (before 5.8), so
 * the caller falls back to the descriptors, and -EPERM when refused while
 * a user namespace given otherwise is still to come (may_defer): the
 * caller tries again once in it. Other failures end the run.
 */
static int enter_by_pidfd(struct plan *p, bool may_defer)
{
	int mask = 0;

	for (int t = 0; t < NSINFO_NTYPES; t++) {
		const struct nsreq *r = &p->ns[t];

		if (r->wanted && !r->skip && !r->entered && from_target(r))
			mask |= nsinfo_type_clone_flag((enum nsinfo_type)t);
	}
	if (!mask || p->pidfd < 0)
		return 0;
	if (setns(p->pidfd, mask) < 0) {
		int e = errno;

		if (e == EINVAL)
			return -EINVAL;
		if (e == EPERM && may_defer)
			return -EPERM;
		/* name the namespace that refuses us, if we can tell */
		for (int t = 0; t < NSINFO_NTYPES; t++) {
			char why[256];

			if ((mask & nsinfo_type_clone_flag((enum nsinfo_type)t)) &&
			    plan_why_not(p, t, why, sizeof(why)))
				setns_failed(p, t, e);
		}
		DIEX("cannot enter the namespaces of PID %d: %s", (int)p->pid, strerror(e));
	}
	for (int t = 0; t < NSINFO_NTYPES; t++)
		if (mask & nsinfo_type_clone_flag((enum nsinfo_type)t))
			p->ns[t].entered = true;
	return 0;
}

/*
 * One of util-linux's passes over the descriptors: pass 0 every
 * namespace but the user namespace that we may enter as we are (a
 * privileged caller keeps its rights over namespaces owned above the
 * target's user namespace; EPERM puts one off), pass 1 the user
 * namespace, pass 2 what needed its capabilities. Namespaces taken from
 * the target only when targets (setns(pidfd) is not there).
 */
static void enter_pass(struct plan *p, bool targets, int pass)
{
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		struct nsreq *r = &p->ns[t];
		bool user = t == NSINFO_TYPE_USER;

		if (!r->wanted || r->skip || r->entered || (from_target(r) && !targets))
			continue;
		if ((pass == 1) != user)
			continue;
		if (setns(r->fd, nsinfo_type_clone_flag((enum nsinfo_type)t)) == 0) {
			r->entered = true;
			continue;
		}
		if (pass == 0 && errno == EPERM)
			continue;	/* again after the user namespace */
		setns_failed(p, t, errno);
	}
}

/*
 * -r, -w, -W, as nsenter does them. -r alone keeps the working directory
 * we have after entering (after setns(CLONE_NEWNS) the root of that mount
 * namespace), even where it is outside the new root. -W's path is looked
 * up from there (or from the new root), inside the namespaces entered: a
 * path of the target's, so /proc magic links on the way are refused (they
 * could lead out of its root).
 */
static void set_root_and_wd(struct plan *p)
{
	int cwd = p->wd_fd;

	if (p->root_fd >= 0 && cwd < 0 && !p->wdns_dir) {
		cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (cwd < 0)
			DIE("cannot open the current working directory");
	}
	if (p->root_fd >= 0) {
		if (fchdir(p->root_fd) < 0 || chroot(".") < 0)
			DIE("cannot change root directory");
		if (chdir("/") < 0)
			DIE("cannot change directory to /");
	}
	if (p->wdns_dir) {
		struct open_how how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
					.resolve = RESOLVE_NO_MAGICLINKS };

		cwd = (int)syscall(SYS_openat2, AT_FDCWD, p->wdns_dir, &how, sizeof(how));
		if (cwd < 0 && errno == ENOSYS)
			cwd = open(p->wdns_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (cwd < 0)
			DIE("cannot open directory %s in the namespaces entered", p->wdns_dir);
	}
	if (cwd >= 0 && fchdir(cwd) < 0)
		DIE("cannot change working directory");
}

void plan_enter(struct plan *p)
{
	const struct nsreq *u = &p->ns[NSINFO_TYPE_USER];
	bool fallback = false;
	int rc;

	/* nsenter drops the supplementary groups before it enters a user
	 * namespace as well, and complains later only when both fail */
	if (u->wanted && !u->skip && !p->preserve_creds)
		p->groups_dropped = setgroups(0, NULL) == 0;
	/* files first, while we still have our own user namespace's rights
	 * (root may add a net namespace of the host to a target that lives in
	 * a child user namespace); what they refuse is tried again later */
	enter_pass(p, false, 0);
	rc = enter_by_pidfd(p, given_user_pending(p));
	if (rc == -EINVAL) {
		fallback = true;
		enter_pass(p, true, 0);
	}
	enter_pass(p, fallback, 1);
	if (rc == -EPERM)
		enter_by_pidfd(p, false);
	enter_pass(p, fallback, 2);
	/* root and cwd here, credentials in run.c: chroot(2) needs
	 * CAP_SYS_CHROOT, which a setuid() to a non-root ID takes away */
	set_root_and_wd(p);
}
