// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * child.c - read what a namespace shows from inside it, without moving
 * ourselves: a forked child enters it (setns), reads, writes its facts to
 * a pipe and _exit()s; it never returns into our code with changed
 * namespaces or credentials. The parent reads at most CHILD_MAX_BYTES
 * within CHILD_TIMEOUT_MS and kills a child that does not finish.
 *
 * The pipe carries one header line, "OK" or "E ERRNO WHAT", then the
 * facts (facts_encode()); what comes back is parsed like any input.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/magic.h>
#include <linux/nsfs.h>
#include <linux/openat2.h>

#include "nsdiff.h"

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(1);
		p += w;
		n -= (size_t)w;
	}
}

/* Whether nsfd is the namespace we are in already (setns() into it would
 * still ask for CAP_SYS_ADMIN). */
static bool ours(int nsfd)
{
	int t = nsinfo_nsfd_type(nsfd);
	struct stat a, b;
	char path[64];

	if (t < 0 || fstat(nsfd, &a) < 0)
		return false;
	snprintf(path, sizeof(path), "/proc/self/ns/%s", nsinfo_type_proc_name((enum nsinfo_type)t));
	return stat(path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

/* Enter nsfd; when that is refused, its owning user namespace first (a
 * user's own namespaces: the owner has every capability there). */
static int enter(int nsfd, char *why, size_t whylen)
{
	int e, ufd;

	if (ours(nsfd) || setns(nsfd, 0) == 0)
		return 0;
	e = errno;
	if (e == EPERM && (ufd = ioctl(nsfd, NS_GET_USERNS)) >= 0) {
		if (setns(ufd, CLONE_NEWUSER) == 0 && setns(nsfd, 0) == 0) {
			close(ufd);
			return 0;
		}
		close(ufd);
	}
	snprintf(why, whylen, "setns");
	return -e;
}

__attribute__((noreturn)) static void child_main(int wfd, int nsfd, child_fn fn, void *arg)
{
	struct facts f = { 0 };
	char why[128] = "", head[200];
	char *buf = NULL;
	size_t len = 0;
	int rc = enter(nsfd, why, sizeof(why));

	if (rc == 0)
		rc = fn(arg, &f, why, sizeof(why));
	if (rc == 0 && facts_encode(&f, &buf, &len) < 0) {
		rc = -ENOMEM;
		snprintf(why, sizeof(why), "out of memory");
	}
	if (rc == 0)
		snprintf(head, sizeof(head), "OK\n");
	else
		snprintf(head, sizeof(head), "E %d %s\n", -rc, why[0] ? why : "-");
	write_all(wfd, head, strlen(head));
	if (rc == 0 && len)
		write_all(wfd, buf, len);
	_exit(0);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Everything the child writes, up to the limit and the deadline. */
static int read_answer(int fd, char **out, size_t *outlen, char *why, size_t whylen)
{
	long long deadline = now_ms() + CHILD_TIMEOUT_MS;
	size_t len = 0, cap = 65536;
	char *buf = malloc(cap + 1);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long long left = deadline - now_ms();
		ssize_t n;
		int r;

		if (left <= 0) {
			free(buf);
			snprintf(why, whylen, "no answer within %d s", CHILD_TIMEOUT_MS / 1000);
			return -ETIMEDOUT;
		}
		r = poll(&p, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = -errno;

			free(buf);
			return e;
		}
		if (r == 0)
			continue;
		if (len == cap) {
			char *nb;

			if (cap >= CHILD_MAX_BYTES) {
				free(buf);
				snprintf(why, whylen, "answer larger than %u MiB", CHILD_MAX_BYTES >> 20);
				return -E2BIG;
			}
			cap *= 2;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = -errno;

			free(buf);
			return e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
}

int child_facts(int nsfd, child_fn fn, void *arg, struct facts *out, char *why, size_t whylen)
{
	char *buf = NULL, *nl;
	size_t len = 0;
	int pfd[2], rc, status;
	pid_t pid;

	why[0] = '\0';
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		rc = -errno;
		snprintf(why, whylen, "pipe");
		return rc;
	}
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		close(pfd[0]);
		close(pfd[1]);
		snprintf(why, whylen, "fork");
		return rc;
	}
	if (pid == 0) {
		close(pfd[0]);
		child_main(pfd[1], nsfd, fn, arg);
	}
	close(pfd[1]);
	rc = read_answer(pfd[0], &buf, &len, why, whylen);
	close(pfd[0]);
	if (rc < 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc < 0)
		return rc;
	nl = memchr(buf, '\n', len);
	if (nl && nl - buf == 2 && !memcmp(buf, "OK", 2)) {
		rc = facts_decode(out, nl + 1, len - (size_t)(nl + 1 - buf));
		if (rc < 0)
			snprintf(why, whylen, "%s", rc == -ENOMEM ? "out of memory" : "garbled answer");
	} else if (nl && buf[0] == 'E' && buf[1] == ' ') {
		char *end;
		long e;

		*nl = '\0';
		e = strtol(buf + 2, &end, 10);
		if (e <= 0 || e > 4095)
			e = EPROTO;
		snprintf(why, whylen, "%s", *end == ' ' && strcmp(end + 1, "-") ? end + 1 : "");
		rc = -(int)e;
	} else {
		snprintf(why, whylen, "the reading child failed");
		rc = -EPROTO;
	}
	free(buf);
	return rc;
}

int deep_child(const struct side *s, enum nsinfo_type t, child_fn fn, void *arg,
	       struct deep *d)
{
	char why[200];
	int rc;

	if (s->nsfd[t] < 0) {
		snprintf(d->why, sizeof(d->why), "%c's %s namespace is not open", s->which,
			 nsinfo_type_name(t));
		return -EBADF;
	}
	rc = child_facts(s->nsfd[t], fn, arg, &d->facts, why, sizeof(why));
	if (rc == 0)
		return 0;
	if (!strcmp(why, "setns"))
		snprintf(d->why, sizeof(d->why), "cannot enter %c's %s namespace: %s", s->which,
			 nsinfo_type_name(t), strerror(-rc));
	else
		snprintf(d->why, sizeof(d->why), "%c's %s namespace: %s%s%s", s->which,
			 nsinfo_type_name(t), why, why[0] ? ": " : "", strerror(-rc));
	return rc;
}

int read_proc_file(int dirfd, const char *name, char **out, size_t *outlen)
{
	size_t len = 0;
	int rc = nsinfo_proc_read_file(dirfd, name, PROCFILE_MAX, out, &len);

	if (rc < 0)
		return rc;
	/* text for line parsers: a NUL inside is not such a file */
	if (memchr(*out, '\0', len)) {
		free(*out);
		*out = NULL;
		return -EINVAL;
	}
	*outlen = len;
	return 0;
}
