// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cpurun - run one command and say what it cost: wall time, and the user
 * and system CPU time and peak RSS of the command (all its threads, and
 * the children it waited for), from wait4()'s rusage.
 *
 *   cpurun FILE CMD [ARG...]
 *
 * CMD runs with cpurun's stdin, stdout and stderr.  When it has ended, one
 * line is appended to FILE:
 *   wall_ms=... user_ms=... sys_ms=... cpu_ms=... maxrss_kib=... status=...
 * (cpu_ms = user_ms + sys_ms; status is the exit code, or 128 + the
 * signal).  cpurun exits with that status.  It is what bench/run.sh's
 * "nstop beside top" section times the monitors with: hyperfine gives a
 * mean of user + sys, this gives each run's, with microseconds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double tv_ms(const struct timeval *t)
{
	return t->tv_sec * 1e3 + t->tv_usec / 1e3;
}

int main(int argc, char **argv)
{
	struct timespec a, b;
	struct rusage ru;
	int status, code;
	pid_t pid;
	FILE *f;

	if (argc < 3) {
		fputs("usage: cpurun FILE CMD [ARG...]\n", stderr);
		return 2;
	}
	f = fopen(argv[1], "a");
	if (!f) {
		fprintf(stderr, "cpurun: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "cpurun: fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		fclose(f);
		execvp(argv[2], argv + 2);
		fprintf(stderr, "cpurun: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "cpurun: wait4: %s\n", strerror(errno));
			return 2;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	fprintf(f, "wall_ms=%.3f user_ms=%.3f sys_ms=%.3f cpu_ms=%.3f maxrss_kib=%ld status=%d\n",
		(b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6,
		tv_ms(&ru.ru_utime), tv_ms(&ru.ru_stime),
		tv_ms(&ru.ru_utime) + tv_ms(&ru.ru_stime), ru.ru_maxrss, code);
	if (fclose(f) != 0) {
		fprintf(stderr, "cpurun: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	return code;
}
