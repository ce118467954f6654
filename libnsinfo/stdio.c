// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * stdio.c - where each process's standard streams go (NSINFO_SCAN_STDIO):
 * what fds 0, 1 and 2 are, and who is at the other end.
 *
 * Read in the fd walk that already runs for holders (holders.c): for the
 * three streams their link text, and for a path below /dev a statx() of
 * what the link points at (never an open: that could block on a FIFO or
 * run a driver), and for
 * every descriptor the pipes and sockets it holds. After the walk (the
 * processes sorted) one pass matches ends: a pipe's peers are the other
 * holders of its inode with the other end open (fdinfo says which end,
 * read only for the pipes that meet a stream); a unix socket's, the
 * holders of the peer inode sock_diag names (one dump, the caller's net
 * namespace: the library may not setns() into others, so a socket of
 * another network namespace has no known peer, and says so); a
 * terminal's, the leader of the session it controls (/proc/PID/stat).
 *
 * The kernel source feeds the same ends and streams from its iterator's
 * records (stdio_kernel_read()): the kind, inode, device and open mode of
 * fds 0-2 and of every pipe and socket, so no fd walk and no fdinfo; only
 * a stream that is a path is read from its /proc link, for the name.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "internal.h"
#include "kiter.h"

/* ---- pure parts (unit-tested) ---- */

/* "PREFIX[N]" exactly, N decimal and not 0. */
static bool bracket_ino(const char *text, size_t len, const char *prefix, uint64_t *ino)
{
	size_t plen = strlen(prefix);
	uint64_t v = 0;

	if (len < plen + 2 || memcmp(text, prefix, plen) || text[len - 1] != ']')
		return false;
	for (size_t i = plen; i < len - 1; i++) {
		unsigned int d = (unsigned char)text[i] - '0';

		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*ino = v;
	return v != 0;
}

int stdio_tty_name(dev_t rdev, char *buf, size_t len)
{
	unsigned int ma = major(rdev), mi = minor(rdev);

	/* devices.txt: Unix98 pty slaves 136-143, the tty 4 block, 5 */
	if (ma >= 136 && ma <= 143)
		snprintf(buf, len, "pts/%u", (ma - 136) * 256 + mi);
	else if (ma == 4 && mi < 64)
		snprintf(buf, len, "tty%u", mi);
	else if (ma == 4)
		snprintf(buf, len, "ttyS%u", mi - 64);
	else if (ma == 5 && mi == 0)
		snprintf(buf, len, "tty");
	else if (ma == 5 && mi == 1)
		snprintf(buf, len, "console");
	else
		return -ENOENT;
	return 0;
}

int stdio_classify(const char *text, size_t len, mode_t mode, dev_t rdev, struct stdio_class *c)
{
	memset(c, 0, sizeof(*c));
	if (!text || len == 0)
		return -EINVAL;
	/* a path is another user's name: "/x/pipe:[1]" is a file */
	if (text[0] != '/') {
		c->kind = NSINFO_STDIO_OTHER;
		if (bracket_ino(text, len, "pipe:[", &c->ino) && (!mode || S_ISFIFO(mode)))
			c->kind = NSINFO_STDIO_PIPE;
		else if (bracket_ino(text, len, "socket:[", &c->ino) && (!mode || S_ISSOCK(mode)))
			c->kind = NSINFO_STDIO_SOCKET;
		else
			c->ino = 0;
		return 0;
	}
	if (S_ISCHR(mode) && rdev == makedev(1, 3))
		c->kind = NSINFO_STDIO_NULL;
	else if (S_ISCHR(mode) && stdio_tty_name(rdev, c->tty, sizeof(c->tty)) == 0)
		c->kind = NSINFO_STDIO_TTY;
	else if (S_ISCHR(mode) || S_ISBLK(mode))
		c->kind = NSINFO_STDIO_DEVICE;
	else if (S_ISFIFO(mode))
		c->kind = NSINFO_STDIO_FIFO;
	else
		c->kind = NSINFO_STDIO_FILE;
	return 0;
}

/* The value of "key:" at the start of a line of an fdinfo text. */
static const char *fdinfo_value(const char *text, size_t len, const char *key)
{
	size_t klen = strlen(key);
	const char *p = text, *end = text + len;

	while (p && p < end) {
		if ((size_t)(end - p) > klen && !memcmp(p, key, klen)) {
			p += klen;
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			return p;
		}
		p = memchr(p, '\n', (size_t)(end - p));
		if (p)
			p++;
	}
	return NULL;
}

int stdio_parse_fdinfo(const char *text, size_t len, int *access, uint64_t *ino)
{
	const char *v = fdinfo_value(text, len, "flags:"), *end = text + len;
	unsigned long long flags = 0;
	bool digits = false;

	if (!v)
		return -EINVAL;
	for (; v < end && *v >= '0' && *v <= '7'; v++, digits = true)
		flags = flags * 8 + (unsigned)(*v - '0');
	if (!digits || (v < end && *v != '\n'))
		return -EINVAL;
	*access = (int)(flags & O_ACCMODE);
	*ino = 0;
	v = fdinfo_value(text, len, "ino:");
	for (; v && v < end && *v >= '0' && *v <= '9'; v++)
		*ino = *ino * 10 + (uint64_t)(*v - '0');
	return 0;
}

/* ---- the fd walk's part ---- */

void stdio_free(struct proc_stdio *st)
{
	if (!st)
		return;
	for (int i = 0; i < 3; i++) {
		free(st->s[i].name);
		free(st->s[i].peers);
	}
	free(st->ends);
	free(st->comm);
	free(st);
}

int stdio_begin(struct nsinfo_proc *proc)
{
	stdio_free(proc->stdio);
	proc->stdio = calloc(1, sizeof(*proc->stdio));
	if (!proc->stdio)
		return -ENOMEM;
	for (int i = 0; i < 3; i++)
		proc->stdio->s[i].access = -1;
	return 0;
}

int stdio_unreadable(struct nsinfo_proc *proc, int err)
{
	if (err == -ENOMEM)
		return -ENOMEM;
	/* gone meanwhile: nothing read, as for a process never scanned */
	proc->stdio->err = proc_err_classify(err) == PROC_ERR_DENIED ? -EACCES : -ENODATA;
	return 0;
}

void stdio_stream_read(struct nsinfo_proc *proc, int fddir, const char *name, int fd,
		       bool procfs)
{
	struct stdio_stream *s = &proc->stdio->s[fd];
	struct stdio_class c;
	struct statx stx;
	char *buf = malloc(PATH_MAX + 1);
	mode_t mode = 0;
	dev_t rdev = 0;
	ssize_t n;

	if (!buf)
		return;		/* left unread: "-" */
	n = readlinkat(fddir, name, buf, PATH_MAX);
	if (n <= 0) {
		free(buf);
		return;		/* closed meanwhile: closed */
	}
	buf[n] = '\0';
	/* Follows the fd's own link to the object and opens nothing; no
	 * attributes fetched anew (a FUSE daemon is not asked), no
	 * automount. Only for what may be a device node: a pipe's or
	 * socket's text is the kernel's, and a file elsewhere is a file
	 * (stating one on a network file system could wait on its server
	 * to revalidate the path). */
	if (procfs && !strncmp(buf, "/dev/", 5) &&
	    statx(fddir, name, AT_STATX_DONT_SYNC | AT_NO_AUTOMOUNT,
		  STATX_TYPE | STATX_MODE | STATX_INO, &stx) == 0) {
		mode = stx.stx_mode;
		rdev = makedev(stx.stx_rdev_major, stx.stx_rdev_minor);
		s->dev = makedev(stx.stx_dev_major, stx.stx_dev_minor);
		s->ino = stx.stx_ino;
	}
	stdio_classify(buf, (size_t)n, mode, rdev, &c);
	s->kind = c.kind;
	if (c.ino)
		s->ino = c.ino;
	switch (c.kind) {
	case NSINFO_STDIO_TTY:
		s->rdev = rdev;
		s->name = strdup(c.tty);
		break;
	case NSINFO_STDIO_NULL:
		s->rdev = rdev;
		break;
	case NSINFO_STDIO_DEVICE:
		s->rdev = rdev;
		/* fall through */
	case NSINFO_STDIO_FILE:
	case NSINFO_STDIO_FIFO:
	case NSINFO_STDIO_OTHER:
		s->name = buf;
		buf = NULL;
		break;
	default:
		break;
	}
	free(buf);
}

static int add_end(struct proc_stdio *st, struct stdio_end e)
{
	if (st->nends == st->endcap) {
		size_t cap = st->endcap ? st->endcap * 2 : 8;
		struct stdio_end *v = realloc(st->ends, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		st->ends = v;
		st->endcap = cap;
	}
	st->ends[st->nends++] = e;
	return 0;
}

int stdio_note_end(struct nsinfo_proc *proc, int fd, const char *text, size_t len)
{
	struct stdio_end e = { .pid = proc->pid, .fd = fd, .access = -2 };

	if (!bracket_ino(text, len, "pipe:[", &e.ino)) {
		if (!bracket_ino(text, len, "socket:[", &e.ino))
			return 0;
		e.socket = true;
	}
	return add_end(proc->stdio, e);
}

/* A stat line is one line of numbers and a command name. */
#define MAX_STAT_FILE 4096

int stdio_end_proc(struct scan_ctx *ctx, struct nsinfo_proc *proc)
{
	struct proc_stdio *st = proc->stdio;
	bool tty = false;
	char path[32], *text = NULL;
	struct stat sb;
	size_t len;
	int rc;

	for (int i = 0; i < 3; i++) {
		if (!st->s[i].kind)
			st->s[i].kind = NSINFO_STDIO_CLOSED;
		tty |= st->s[i].kind == NSINFO_STDIO_TTY;
	}
	if (!tty)
		return 0;
	snprintf(path, sizeof(path), "%d/stat", (int)proc->pid);
	rc = untrusted_read_file(ctx->proc_fd, path, ctx->procfs ? UNTRUSTED_PROCFS : UNTRUSTED_BENEATH,
				 0, MAX_STAT_FILE, &text, &len, &sb);
	if (rc == -ENOMEM)
		return rc;
	if (rc == 0 && parse_stat_tty(text, len, &st->sid, &st->tty_nr, &st->tpgid) == 0)
		st->has_stat = true;
	free(text);
	return 0;
}

/* ---- the kernel source's part ---- */

/* Stream f->fd as the kernel's record says; 1 when only its /proc link
 * can tell what it is (a path: its name, and whether it is below /dev,
 * which decides what the /proc walk makes of it). */
static int kernel_stream(struct nsinfo_proc *proc, const struct kiter_file *f)
{
	struct stdio_stream *s = &proc->stdio->s[f->fd];
	char tty[16];

	switch (f->kind) {
	case KITER_FILE_PIPE:
		s->kind = NSINFO_STDIO_PIPE;
		break;
	case KITER_FILE_SOCKET:
		s->kind = NSINFO_STDIO_SOCKET;
		break;
	default:
		/* a device node elsewhere than below /dev is a FILE to the
		 * /proc walk, which states only paths below /dev */
		if (!S_ISCHR(f->mode))
			return 1;
		if (f->rdev == makedev(1, 3))
			s->kind = NSINFO_STDIO_NULL;
		else if (stdio_tty_name((dev_t)f->rdev, tty, sizeof(tty)) == 0)
			s->kind = NSINFO_STDIO_TTY;
		else
			return 1;
		s->dev = f->dev;
		s->rdev = f->rdev;
		if (s->kind == NSINFO_STDIO_TTY)
			s->name = strdup(tty);
		break;
	}
	s->ino = f->inode;
	return 0;
}

int stdio_kernel_read(struct scan_ctx *ctx, struct nsinfo_proc *proc,
		      const struct kiter_file *files, size_t n)
{
	unsigned int need = 0;
	char path[32], name[4];
	int dfd;

	if (stdio_begin(proc) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct kiter_file *f = &files[i];
		struct stdio_end e = { .pid = proc->pid, .fd = f->fd, .ino = f->inode,
				       .socket = f->kind == KITER_FILE_SOCKET, .access = -2 };

		if (f->fd >= 0 && f->fd < 3 && kernel_stream(proc, f) > 0)
			need |= 1u << f->fd;
		if (f->kind == KITER_FILE_PIPE)
			e.access = (int)(f->flags & O_ACCMODE);
		if (f->kind != KITER_FILE_OTHER && add_end(proc->stdio, e) < 0)
			return -ENOMEM;
	}
	if (need) {
		snprintf(path, sizeof(path), "%d/fd", (int)proc->pid);
		dfd = untrusted_open(ctx->proc_fd, path, O_RDONLY | O_DIRECTORY,
				     UNTRUSTED_BENEATH);
		if (dfd < 0)
			return stdio_unreadable(proc, dfd);
		for (int fd = 0; fd < 3; fd++) {
			if (!(need & (1u << fd)))
				continue;
			snprintf(name, sizeof(name), "%d", fd);
			stdio_stream_read(proc, dfd, name, fd, ctx->procfs);
		}
		close(dfd);
	}
	return stdio_end_proc(ctx, proc);
}

/* ---- after the walk: the other ends ---- */

static int cmp_end(const void *a, const void *b)
{
	const struct stdio_end *x = a, *y = b;

	if (x->socket != y->socket)
		return x->socket ? 1 : -1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->fd - y->fd;
}

/* A unix socket and its peer, from sock_diag. */
struct unix_pair {
	uint64_t ino, peer;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct unix_pair *x = a, *y = b;

	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

struct resolve {
	struct scan_ctx *ctx;
	struct stdio_end *ends;	/* every process's, sorted */
	size_t nends;
	/* the holders of one pipe or socket, by the end they have open,
	 * made the first time a stream meets it; indexed by the first end */
	struct end_group {
		pid_t *pids[3];	/* read ends, write ends, both or unknown */
		size_t n[3];
	} **groups;
	struct unix_pair *unix_socks;	/* sorted by ino */
	size_t nunix;
	int unix_err;		/* 0: not dumped yet; 1: dumped; -errno */
};

/* The first end of (socket, ino), or NULL. */
static struct stdio_end *first_end(const struct resolve *r, bool socket, uint64_t ino)
{
	size_t lo = 0, hi = r->nends;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct stdio_end *e = &r->ends[mid];

		if (e->socket < socket || (e->socket == socket && e->ino < ino))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->nends && r->ends[lo].socket == socket && r->ends[lo].ino == ino
		       ? &r->ends[lo] : NULL;
}

/* Which end of pipe ino fd of pid has open (fdinfo), or -1: unknown, or
 * no longer that pipe. */
static int pipe_access(const struct scan_ctx *ctx, pid_t pid, int fd, uint64_t ino)
{
	char path[48], *text = NULL;
	struct stat sb;
	uint64_t got;
	size_t len;
	int access = -1;

	snprintf(path, sizeof(path), "%d/fdinfo/%d", (int)pid, fd);
	if (untrusted_read_file(ctx->proc_fd, path, ctx->procfs ? UNTRUSTED_PROCFS : UNTRUSTED_BENEATH,
				0, MAX_STAT_FILE, &text, &len, &sb) == 0 &&
	    stdio_parse_fdinfo(text, len, &access, &got) == 0 && got && got != ino)
		access = -1;
	free(text);
	return access;
}

/* The open end of pipe end e, read once. */
static int end_access(const struct resolve *r, struct stdio_end *e)
{
	if (e->access == -2)
		e->access = pipe_access(r->ctx, e->pid, e->fd, e->ino);
	return e->access;
}

static int add_peer(struct stdio_stream *s, pid_t pid)
{
	struct nsinfo_stdio_peer *v;

	for (size_t i = 0; i < s->npeers; i++)
		if (s->peers[i].pid == pid)
			return 0;
	v = realloc(s->peers, (s->npeers + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->peers = v;
	s->peers[s->npeers++] = (struct nsinfo_stdio_peer){ .pid = pid };
	return 0;
}

enum { END_READ, END_WRITE, END_ANY };

/* The holders of the pipe or socket whose ends start at first, each PID
 * once per class (ends are sorted by PID): made once, so that the N
 * writers of one pipe cost N, not N * N. NULL on ENOMEM. */
static struct end_group *group_of(struct resolve *r, struct stdio_end *first)
{
	struct stdio_end *e, *end = r->ends + r->nends;
	size_t idx = (size_t)(first - r->ends);
	struct end_group *g = r->groups[idx];

	if (g)
		return g;
	g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	r->groups[idx] = g;
	for (e = first; e < end && e->socket == first->socket && e->ino == first->ino; e++) {
		int acc = e->socket ? -1 : end_access(r, e);
		int c = acc == O_RDONLY ? END_READ : acc == O_WRONLY ? END_WRITE : END_ANY;

		if (g->n[c] && g->pids[c][g->n[c] - 1] == e->pid)
			continue;
		if (!g->pids[c] || !(g->n[c] & (g->n[c] + 1))) {
			/* grown at 1, 3, 7, ...: room for twice as many */
			pid_t *v = realloc(g->pids[c], (g->n[c] + 1) * 2 * sizeof(*v));

			if (!v)
				return NULL;
			g->pids[c] = v;
		}
		g->pids[c][g->n[c]++] = e->pid;
	}
	return g;
}

static void groups_free(struct resolve *r)
{
	for (size_t i = 0; r->groups && i < r->nends; i++) {
		if (!r->groups[i])
			continue;
		for (int c = 0; c < 3; c++)
			free(r->groups[i]->pids[c]);
		free(r->groups[i]);
	}
	free(r->groups);
}

static int cmp_peer(const void *a, const void *b)
{
	const struct nsinfo_stdio_peer *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* The holders of (socket, ino) but self, by PID; for a pipe, those with
 * the other end open (an end whose mode is unknown, or both, counts). */
static int holders_of(struct resolve *r, struct stdio_stream *s, pid_t self, bool socket,
		      uint64_t ino)
{
	struct stdio_end *first = first_end(r, socket, ino);
	bool want[3] = { s->access != O_RDONLY, s->access != O_WRONLY, true };
	struct end_group *g;
	size_t total = 0, n = 0;

	if (!first)
		return 0;
	g = group_of(r, first);
	if (!g)
		return -ENOMEM;
	if (socket)
		want[END_READ] = want[END_WRITE] = true;	/* all are END_ANY */
	for (int c = 0; c < 3; c++)
		total += want[c] ? g->n[c] : 0;
	if (!total)
		return 0;
	s->peers = calloc(total, sizeof(*s->peers));
	if (!s->peers)
		return -ENOMEM;
	for (int c = 0; c < 3; c++)
		for (size_t i = 0; want[c] && i < g->n[c]; i++)
			if (g->pids[c][i] != self)
				s->peers[n++].pid = g->pids[c][i];
	/* one that holds both ends is in two classes */
	if (n > 1)
		qsort(s->peers, n, sizeof(*s->peers), cmp_peer);
	s->npeers = 0;
	for (size_t i = 0; i < n; i++)
		if (!s->npeers || s->peers[s->npeers - 1].pid != s->peers[i].pid)
			s->peers[s->npeers++] = s->peers[i];
	return 0;
}

/* Every unix socket of the caller's net namespace with its peer: one
 * sock_diag dump (UNIX_DIAG_PEER). */
static int dump_unix(struct resolve *r)
{
	struct {
		struct nlmsghdr nh;
		struct unix_diag_req req;
	} q = {
		.nh = { .nlmsg_len = sizeof(q), .nlmsg_type = SOCK_DIAG_BY_FAMILY,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.req = { .sdiag_family = AF_UNIX, .udiag_states = ~0u, .udiag_show = UDIAG_SHOW_PEER },
	};
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	size_t cap = 0;
	char *buf;
	int fd, rc = 0;
	bool done = false;

	buf = malloc(32768);
	if (!buf)
		return -ENOMEM;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0) {
		free(buf);
		return -errno;
	}
	if (sendto(fd, &q, sizeof(q), 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		rc = -errno;
	while (!rc && !done) {
		ssize_t n = recv(fd, buf, 32768, 0);
		struct nlmsghdr *nh;

		if (n < 0) {
			rc = errno == EINTR ? 0 : -errno;
			continue;
		}
		if (n == 0)
			break;
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)n); nh = NLMSG_NEXT(nh, n)) {
			struct unix_diag_msg *m = NLMSG_DATA(nh);
			struct unix_pair p = { 0 };
			struct rtattr *a;
			int alen;

			if (nh->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nh);

				rc = e->error < 0 ? e->error : -EIO;
				break;
			}
			if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*m)))
				continue;
			p.ino = m->udiag_ino;
			alen = (int)(nh->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));
			for (a = (struct rtattr *)(m + 1); RTA_OK(a, alen); a = RTA_NEXT(a, alen))
				if (a->rta_type == UNIX_DIAG_PEER && RTA_PAYLOAD(a) >= sizeof(uint32_t))
					p.peer = *(uint32_t *)RTA_DATA(a);
			if (r->nunix == cap) {
				struct unix_pair *v;

				cap = cap ? cap * 2 : 256;
				v = realloc(r->unix_socks, cap * sizeof(*v));
				if (!v) {
					rc = -ENOMEM;
					break;
				}
				r->unix_socks = v;
			}
			r->unix_socks[r->nunix++] = p;
		}
	}
	close(fd);
	free(buf);
	if (rc)
		return rc;
	if (r->nunix > 1)
		qsort(r->unix_socks, r->nunix, sizeof(*r->unix_socks), cmp_pair);
	return 0;
}

static int socket_peers(struct resolve *r, struct stdio_stream *s, pid_t self)
{
	struct unix_pair key = { .ino = s->ino }, *p = NULL;

	if (!r->unix_err) {
		r->unix_err = dump_unix(r);
		if (r->unix_err == -ENOMEM)
			return -ENOMEM;
		if (!r->unix_err)
			r->unix_err = 1;
	}
	if (r->unix_err < 0) {
		s->peer_err = r->unix_err;
		return 0;
	}
	if (r->nunix)
		p = bsearch(&key, r->unix_socks, r->nunix, sizeof(key), cmp_pair);
	if (!p) {
		s->peer_err = -ENOENT;	/* not unix, or not our net namespace's */
		return 0;
	}
	s->peer_ino = p->peer;
	return p->peer ? holders_of(r, s, self, true, p->peer) : 0;
}

/* Whether p holds the terminal object (dev, ino) on a stream. */
static bool holds_tty(const struct nsinfo_proc *p, const struct stdio_stream *s)
{
	for (int i = 0; p->stdio && i < 3; i++)
		if (p->stdio->s[i].kind == NSINFO_STDIO_TTY && p->stdio->s[i].dev == s->dev &&
		    p->stdio->s[i].ino == s->ino)
			return true;
	return false;
}

/* The session whose controlling terminal s is: the process's own when
 * its stat names that terminal, else that of a session leader on it
 * (device numbers repeat across devpts instances: one that holds the
 * same terminal object, else the only one). */
static int tty_peers(struct resolve *r, struct stdio_stream *s, const struct nsinfo_proc *self)
{
	const struct nsinfo_snapshot *snap = r->ctx->snap;
	const struct proc_stdio *st = self->stdio;
	unsigned int nr = (unsigned int)((major(s->rdev) << 8) | (minor(s->rdev) & 0xff) |
					 ((minor(s->rdev) & ~0xffu) << 12));
	const struct nsinfo_proc *lead = NULL;
	size_t nlead = 0;

	if (st->has_stat && st->tty_nr == nr) {
		s->session = st->sid;
		s->foreground = st->tpgid;
		lead = nsinfo_snapshot_find_proc(snap, st->sid);
	} else {
		for (size_t i = 0; i < snap->nprocs; i++) {
			const struct nsinfo_proc *p = &snap->procs[i];

			if (!p->stdio || !p->stdio->has_stat || p->stdio->tty_nr != nr ||
			    p->stdio->sid != p->pid)
				continue;
			if (holds_tty(p, s)) {
				lead = p;
				nlead = 1;
				break;
			}
			lead = nlead++ ? NULL : p;
		}
		if (lead) {
			s->session = lead->stdio->sid;
			s->foreground = lead->stdio->tpgid;
		}
	}
	if (lead == self)
		return 0;
	/* the leader named by our own stat but not among the processes
	 * read: its PID is still known, its name is not */
	if (!lead && s->session && s->session != self->pid)
		return add_peer(s, s->session);
	if (!lead) {
		if (!s->session)
			s->peer_err = -ENOENT;
		return 0;
	}
	return add_peer(s, lead->pid);
}

/* A stream's peers' command names, each process's read once. */
#define MAX_COMM 64

static int name_peers(struct resolve *r, struct stdio_stream *s)
{
	for (size_t i = 0; i < s->npeers; i++) {
		struct nsinfo_proc *p = (struct nsinfo_proc *)nsinfo_snapshot_find_proc(r->ctx->snap,
										 s->peers[i].pid);
		char path[32], *text = NULL;
		struct stat sb;
		size_t len;

		if (!p || !p->stdio)
			continue;
		if (!p->stdio->comm_read) {
			p->stdio->comm_read = true;
			snprintf(path, sizeof(path), "%d/comm", (int)p->pid);
			if (untrusted_read_file(r->ctx->proc_fd, path,
						r->ctx->procfs ? UNTRUSTED_PROCFS : UNTRUSTED_BENEATH, 0,
						MAX_COMM, &text, &len, &sb) == -ENOMEM)
				return -ENOMEM;
			if (text && len && text[len - 1] == '\n')
				text[len - 1] = '\0';
			p->stdio->comm = text;
		}
		s->peers[i].comm = p->stdio->comm;
	}
	return 0;
}

static int resolve_stream(struct resolve *r, struct nsinfo_proc *p, int fd)
{
	struct stdio_stream *s = &p->stdio->s[fd];
	int rc = 0;

	switch (s->kind) {
	case NSINFO_STDIO_PIPE:
		for (struct stdio_end *e = first_end(r, false, s->ino);
		     e && e < r->ends + r->nends && e->ino == s->ino && !e->socket; e++)
			if (e->pid == p->pid && e->fd == fd)
				s->access = end_access(r, e);
		rc = holders_of(r, s, p->pid, false, s->ino);
		break;
	case NSINFO_STDIO_SOCKET:
		rc = socket_peers(r, s, p->pid);
		break;
	case NSINFO_STDIO_TTY:
		rc = tty_peers(r, s, p);
		break;
	default:
		return 0;
	}
	/* no other end among the processes read: it may be held by one
	 * that could not be */
	if (!rc && !s->npeers && !s->peer_err && r->ctx->snap->denied &&
	    (s->kind == NSINFO_STDIO_PIPE || s->peer_ino))
		s->peer_err = -EACCES;
	if (!rc && s->npeers > 1)
		qsort(s->peers, s->npeers, sizeof(*s->peers), cmp_peer);
	return rc ? rc : name_peers(r, s);
}

int stdio_resolve(struct scan_ctx *ctx)
{
	struct nsinfo_snapshot *snap = ctx->snap;
	struct resolve r = { .ctx = ctx };
	size_t total = 0;
	int rc = 0;

	for (size_t i = 0; i < snap->nprocs; i++)
		if (snap->procs[i].stdio)
			total += snap->procs[i].stdio->nends;
	r.ends = malloc((total ? total : 1) * sizeof(*r.ends));
	if (!r.ends)
		return -ENOMEM;
	for (size_t i = 0; i < snap->nprocs; i++) {
		struct proc_stdio *st = snap->procs[i].stdio;

		if (!st || !st->nends)
			continue;
		memcpy(r.ends + r.nends, st->ends, st->nends * sizeof(*r.ends));
		r.nends += st->nends;
	}
	if (r.nends > 1)
		qsort(r.ends, r.nends, sizeof(*r.ends), cmp_end);
	r.groups = calloc(r.nends ? r.nends : 1, sizeof(*r.groups));
	if (!r.groups) {
		free(r.ends);
		return -ENOMEM;
	}
	for (size_t i = 0; i < snap->nprocs && !rc; i++)
		for (int fd = 0; snap->procs[i].stdio && !snap->procs[i].stdio->err && fd < 3 && !rc;
		     fd++)
			rc = resolve_stream(&r, &snap->procs[i], fd);
	/* the ends served their purpose; the snapshot keeps the answers */
	for (size_t i = 0; i < snap->nprocs; i++) {
		struct proc_stdio *st = snap->procs[i].stdio;

		if (st) {
			free(st->ends);
			st->ends = NULL;
			st->nends = st->endcap = 0;
		}
	}
	groups_free(&r);
	free(r.ends);
	free(r.unix_socks);
	return rc;
}

NSINFO_EXPORT int nsinfo_proc_stdio(const struct nsinfo_proc *proc, int fd,
				    struct nsinfo_stdio *out)
{
	const struct stdio_stream *s;
	struct nsinfo_stdio v;

	if (!proc || !out || fd < 0 || fd > 2 || out->size == 0)
		return -EINVAL;
	if (!proc->stdio)
		return proc->flags & NSINFO_PROC_DENIED ? -EACCES : -ENODATA;
	if (proc->stdio->err)
		return proc->stdio->err;
	s = &proc->stdio->s[fd];
	if (!s->kind)
		return -ENODATA;
	v = (struct nsinfo_stdio){
		.size = out->size < sizeof(v) ? out->size : sizeof(v),
		.kind = s->kind,
		.inode = s->ino,
		.dev = s->dev,
		.rdev = s->rdev,
		.access = s->access,
		.name = s->name,
		.session = s->session,
		.foreground = s->foreground,
		.peer_inode = s->peer_ino,
		.peer_err = s->peer_err,
		.npeers = s->npeers,
		.peers = s->peers,
	};
	memcpy(out, &v, v.size);
	return 0;
}
