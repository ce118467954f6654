// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * walk - the "bare floor" of namespace enumeration.
 *
 * Walks /proc once; for every numeric entry opens /proc/PID/ns with
 * O_PATH|O_DIRECTORY and readlinkat()s its 8 namespace links, then counts
 * the distinct inodes per type.  No owner/parent ioctls, no per-process
 * status, comm or cmdline, no output formatting: this is the least work
 * that any tool listing the namespaces of all processes must do, so
 * "nsls / walk" says how much nsls spends on top of it.
 *
 * Output, one line:
 *   procs=N namespaces=T cgroup=C ipc=I mnt=M net=N pid=P time=T user=U uts=U
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const types[] = {
	"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts",
};

#define NTYPES	(sizeof(types) / sizeof(types[0]))

struct inos {
	uint64_t *v;
	size_t n, cap;
};

static int push(struct inos *s, uint64_t ino)
{
	/* neighbouring pids mostly share namespaces: skip easy repeats */
	if (s->n && s->v[s->n - 1] == ino)
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		uint64_t *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = ino;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* the trivial way: sort and count the runs */
static size_t distinct(struct inos *s)
{
	size_t i, n = 0;

	qsort(s->v, s->n, sizeof(*s->v), cmp_u64);
	for (i = 0; i < s->n; i++)
		if (i == 0 || s->v[i] != s->v[i - 1])
			n++;
	return n;
}

static int is_pid(const char *name)
{
	if (!*name)
		return 0;
	for (; *name; name++)
		if (*name < '0' || *name > '9')
			return 0;
	return 1;
}

int main(void)
{
	struct inos seen[NTYPES] = { { 0 } };
	unsigned long procs = 0;
	size_t total = 0, counts[NTYPES], t;
	struct dirent *de;
	DIR *proc;
	int ret = 1;

	proc = opendir("/proc");
	if (!proc) {
		perror("walk: /proc");
		return 1;
	}
	while ((errno = 0, de = readdir(proc))) {
		char path[sizeof(de->d_name) + 4], link[64];
		int nsfd;

		if (!is_pid(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/ns", de->d_name);
		nsfd = openat(dirfd(proc), path,
			      O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (nsfd < 0)
			continue;	/* exited meanwhile */
		procs++;
		for (t = 0; t < NTYPES; t++) {
			ssize_t len = readlinkat(nsfd, types[t], link,
						 sizeof(link) - 1);
			char *br;

			if (len < 0)
				continue;	/* no such ns, or exited */
			link[len] = '\0';
			br = strchr(link, '[');
			if (!br)
				continue;
			if (push(&seen[t], strtoull(br + 1, NULL, 10)) < 0) {
				perror("walk: realloc");
				close(nsfd);
				goto out;
			}
		}
		close(nsfd);
	}
	if (errno) {
		perror("walk: readdir /proc");
		goto out;
	}
	for (t = 0; t < NTYPES; t++) {
		counts[t] = distinct(&seen[t]);
		total += counts[t];
	}
	printf("procs=%lu namespaces=%zu", procs, total);
	for (t = 0; t < NTYPES; t++)
		printf(" %s=%zu", types[t], counts[t]);
	putchar('\n');
	ret = 0;
out:
	for (t = 0; t < NTYPES; t++)
		free(seen[t].v);
	closedir(proc);
	return ret;
}
