// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Snapshot references across threads: a snapshot handed from the thread
 * that scanned it to readers, each taking and dropping references while
 * reading, the last one freeing it. Meant for ThreadSanitizer (make test
 * runs it in a -fsanitize=thread build too): a reference count that is not
 * atomic, or a free that can overtake a reader, is a report there, and a
 * use after free under AddressSanitizer.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "nsinfo.h"
#include "unit.h"

#define NTHREADS 4
#define ROUNDS 2000

struct job {
	struct nsinfo_snapshot *snap;
	size_t ns_total;
};

static void *reader(void *arg)
{
	struct job *j = arg;

	for (int r = 0; r < ROUNDS; r++) {
		struct nsinfo_snapshot *s = nsinfo_snapshot_ref(j->snap);

		for (size_t i = 0; i < nsinfo_snapshot_ns_count(s); i++)
			j->ns_total += nsinfo_ns_proc_count(nsinfo_snapshot_ns(s, i)) > 0;
		nsinfo_snapshot_unref(s);
	}
	/* the thread's own reference, taken for it by the scanner */
	nsinfo_snapshot_unref(j->snap);
	return NULL;
}

int main(void)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .flags = NSINFO_SCAN_ONE_THREAD };
	struct job jobs[NTHREADS];
	pthread_t th[NTHREADS];

	TEST_BEGIN("refcount-threads");
	for (int round = 0; round < 5; round++) {
		struct nsinfo_snapshot *snap = NULL;
		int started = 0;

		CHECK(nsinfo_snapshot_new(&snap, &o) == 0);
		if (!snap)
			break;
		for (int i = 0; i < NTHREADS; i++) {
			jobs[i] = (struct job){ nsinfo_snapshot_ref(snap), 0 };
			if (pthread_create(&th[i], NULL, reader, &jobs[i]) != 0) {
				nsinfo_snapshot_unref(jobs[i].snap);
				break;
			}
			started++;
		}
		CHECK(started == NTHREADS);
		/* the scanner lets go first: the last reader frees it */
		nsinfo_snapshot_unref(snap);
		for (int i = 0; i < started; i++) {
			pthread_join(th[i], NULL);
			CHECK(jobs[i].ns_total > 0);
		}
	}
	TEST_END();
	UNIT_EXIT();
}
