// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * thread-netns - threads that sit in other namespaces than their process,
 * for tests/integration/tasks.sh and churn.sh.
 *
 *   thread-netns
 *	Starts two threads: one calls unshare(CLONE_NEWNET), the other
 *	unshare(CLONE_NEWUTS). Prints, one per line, "pid PID", "net TID",
 *	"uts TID", then "ready", and sleeps until killed.
 *
 *   thread-netns --churn SECONDS
 *	For SECONDS, starts threads in batches of four that live a few
 *	milliseconds each, a batch every 10 ms or so; in every other batch,
 *	one of them unshares its net namespace first. Prints "churned N"
 *	(threads made) and exits 0.
 *
 * Exit 1 with a message on stderr when a thread or an unshare fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_barrier_t started;

struct holder {
	int flag;		/* CLONE_NEW* to unshare */
	const char *name;
	pid_t tid;
	int err;
};

static pid_t my_tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static void *hold(void *arg)
{
	struct holder *h = arg;

	h->tid = my_tid();
	if (unshare(h->flag) < 0)
		h->err = errno;
	pthread_barrier_wait(&started);
	for (;;)
		pause();
	return NULL;
}

static int run_hold(void)
{
	struct holder hs[] = {
		{ CLONE_NEWNET, "net", 0, 0 },
		{ CLONE_NEWUTS, "uts", 0, 0 },
	};
	const size_t n = sizeof(hs) / sizeof(hs[0]);
	pthread_t th[2];

	pthread_barrier_init(&started, NULL, (unsigned int)n + 1);
	for (size_t i = 0; i < n; i++) {
		int rc = pthread_create(&th[i], NULL, hold, &hs[i]);

		if (rc) {
			fprintf(stderr, "thread-netns: pthread_create: %s\n", strerror(rc));
			return 1;
		}
	}
	pthread_barrier_wait(&started);
	for (size_t i = 0; i < n; i++)
		if (hs[i].err) {
			fprintf(stderr, "thread-netns: unshare %s: %s\n", hs[i].name,
				strerror(hs[i].err));
			return 1;
		}
	printf("pid %d\n", (int)getpid());
	for (size_t i = 0; i < n; i++)
		printf("%s %d\n", hs[i].name, (int)hs[i].tid);
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}

struct churner {
	int unshare_net;
	int err;
};

static void *churn_one(void *arg)
{
	struct churner *c = arg;
	struct timespec ts = { 0, 3 * 1000 * 1000 };

	if (c->unshare_net && unshare(CLONE_NEWNET) < 0)
		c->err = errno;
	nanosleep(&ts, NULL);
	return NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_churn(double seconds)
{
	double end = now() + seconds;
	struct timespec pause_ts = { 0, 10 * 1000 * 1000 };
	unsigned long made = 0, batch = 0;

	while (now() < end) {
		struct churner cs[4] = { { 0, 0 } };
		pthread_t th[4];

		cs[0].unshare_net = (batch++ % 2) == 0;
		for (int i = 0; i < 4; i++) {
			int rc = pthread_create(&th[i], NULL, churn_one, &cs[i]);

			if (rc) {
				fprintf(stderr, "thread-netns: pthread_create: %s\n", strerror(rc));
				return 1;
			}
		}
		for (int i = 0; i < 4; i++) {
			pthread_join(th[i], NULL);
			if (cs[i].err) {
				fprintf(stderr, "thread-netns: unshare net: %s\n", strerror(cs[i].err));
				return 1;
			}
		}
		made += 4;
		nanosleep(&pause_ts, NULL);	/* churn, not a fork bomb */
	}
	printf("churned %lu\n", made);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 1)
		return run_hold();
	if (argc == 3 && strcmp(argv[1], "--churn") == 0)
		return run_churn(atof(argv[2]));
	fprintf(stderr, "usage: thread-netns [--churn SECONDS]\n");
	return 2;
}
