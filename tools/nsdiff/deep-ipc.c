// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * deep-ipc.c - what an ipc namespace shows: its System V message queues,
 * semaphore sets and shared memory segments, how many and their keys.
 * /proc/sysvipc/ shows the namespace of whoever opens it, so a child that
 * entered it reads them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nsdiff.h"

static const struct {
	const char *file, *count, *key;
} kinds[] = {
	{ "sysvipc/msg", "message queues", "message queue" },
	{ "sysvipc/sem", "semaphore sets", "semaphore set" },
	{ "sysvipc/shm", "shared memory segments", "shared memory" },
};

static int ipc_read(void *arg, struct facts *f, char *why, size_t whylen)
{
	int proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	(void)arg;
	if (proc < 0) {
		snprintf(why, whylen, "/proc");
		return -errno;
	}
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		char *buf, *line, *save = NULL;
		size_t len, count = 0;
		int rc = read_proc_file(proc, kinds[k].file, &buf, &len);

		if (rc < 0) {
			close(proc);
			snprintf(why, whylen, "/proc/%s", kinds[k].file);
			return rc;
		}
		/* a header line, then "key id ..." (the key in decimal) */
		line = strtok_r(buf, "\n", &save);
		while ((line = strtok_r(NULL, "\n", &save))) {
			long long key;

			if (sscanf(line, "%lld", &key) != 1)
				continue;
			count++;
			/* IPC_PRIVATE (0) is no name: counted only */
			if (key) {
				char name[32];

				snprintf(name, sizeof(name), "key 0x%08x",
					 (unsigned int)(key & 0xffffffff));
				facts_add(f, kinds[k].key, name, "");
			}
		}
		free(buf);
		facts_addf(f, kinds[k].count, "", "%zu", count);
	}
	close(proc);
	return f->nomem ? -ENOMEM : 0;
}

int deep_ipc(const struct nsd *nsd, const struct side *s, struct deep *d)
{
	(void)nsd;
	return deep_child(s, NSINFO_TYPE_IPC, ipc_read, NULL, d);
}
