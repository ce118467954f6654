// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * deep-time.c - what a time namespace shows: its CLOCK_MONOTONIC and
 * CLOCK_BOOTTIME offsets. /proc/PID/timens_offsets tells those of the
 * process's time_for_children namespace: read there when that is the one
 * the process is in, else in a child that entered it (setns() moves both).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nsdiff.h"

/* "monotonic  3600 0\nboottime 0 0\n" (older kernels name the clocks by
 * number: 1 monotonic, 7 boottime) */
int deep_time_parse_offsets(const char *text, struct facts *f)
{
	const char *p = text;

	while (*p) {
		char clock[32];
		long long sec;
		long nsec;
		int used = 0;

		if (sscanf(p, "%31s %lld %ld%n", clock, &sec, &nsec, &used) != 3 || nsec < 0 ||
		    nsec > 999999999)
			return -EPROTO;
		if (!strcmp(clock, "1"))
			snprintf(clock, sizeof(clock), "monotonic");
		else if (!strcmp(clock, "7"))
			snprintf(clock, sizeof(clock), "boottime");
		if (nsec)
			facts_addf(f, clock, "", "%lld.%09ld s", sec, nsec);
		else
			facts_addf(f, clock, "", "%lld s", sec);
		p += used;
		p += strspn(p, "\n");
	}
	return f->nomem ? -ENOMEM : 0;
}

static int time_read(void *arg, struct facts *f, char *why, size_t whylen)
{
	char *buf;
	size_t len;
	int dir, rc;

	(void)arg;
	dir = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0) {
		snprintf(why, whylen, "/proc/self");
		return -errno;
	}
	rc = read_proc_file(dir, "timens_offsets", &buf, &len);
	close(dir);
	if (rc < 0) {
		snprintf(why, whylen, "timens_offsets");
		return rc;
	}
	rc = deep_time_parse_offsets(buf, f);
	free(buf);
	if (rc == -EPROTO)
		snprintf(why, whylen, "timens_offsets");
	return rc;
}

int deep_time(const struct nsd *nsd, const struct side *s, struct deep *d)
{
	struct stat st;
	char *buf;
	size_t len;
	int fd, rc;

	(void)nsd;
	fd = nsinfo_nsfs_open(s->procfd, "ns/time_for_children");
	if (fd >= 0 && fstat(fd, &st) == 0 && (uint64_t)st.st_ino == s->ino[NSINFO_TYPE_TIME] &&
	    read_proc_file(s->procfd, "timens_offsets", &buf, &len) == 0) {
		close(fd);
		rc = deep_time_parse_offsets(buf, &d->facts);
		free(buf);
		if (rc == -EPROTO)
			snprintf(d->why, sizeof(d->why), "%c's timens_offsets: not understood", s->which);
		return rc;
	}
	if (fd >= 0)
		close(fd);
	return deep_child(s, NSINFO_TYPE_TIME, time_read, NULL, d);
}
