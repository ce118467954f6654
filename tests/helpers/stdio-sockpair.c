// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * stdio-sockpair - run a command whose stdin is one end of a unix socket
 * pair; this process keeps the other end, so it is the command's peer
 * (tests/integration/stdio.sh).
 *
 *   stdio-sockpair PIDFILE CMD [ARG...]
 *
 * Writes the command's PID into PIDFILE, then waits for it. Exit 0, or 1
 * with one line on stderr.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int sv[2], status;
	pid_t child;
	FILE *f;

	if (argc < 3) {
		fputs("usage: stdio-sockpair PIDFILE CMD [ARG...]\n", stderr);
		return 1;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		perror("stdio-sockpair: socketpair");
		return 1;
	}
	child = fork();
	if (child < 0) {
		perror("stdio-sockpair: fork");
		return 1;
	}
	if (child == 0) {
		if (dup2(sv[1], 0) < 0)
			_exit(126);
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	close(sv[1]);
	f = fopen(argv[1], "w");
	if (!f || fprintf(f, "%d\n", (int)child) < 0 || fclose(f) != 0) {
		perror("stdio-sockpair: PIDFILE");
		return 1;
	}
	while (waitpid(child, &status, 0) < 0)
		;
	return 0;
}
