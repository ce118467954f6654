// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * holders-socket - a socket whose net namespace no process is in, for
 * tests/integration/holders.sh.
 *
 * Forks a child that unshares its net namespace, makes a UDP socket
 * there and passes it back over a socketpair (SCM_RIGHTS), then exits.
 * The parent keeps the socket and prints, one per line, "pid PID" (its
 * own), "fd N" (the socket), "netns INODE" (the child's net namespace, as
 * the child read /proc/self/ns/net), then "ready", and sleeps until
 * killed. Exit 1 with a message on stderr when a step fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int send_fd(int via, int fd, uint64_t inode)
{
	char ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &inode, sizeof(inode) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = ctl, .msg_controllen = sizeof(ctl) };
	struct cmsghdr *c;

	memset(ctl, 0, sizeof(ctl));
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(via, &m, 0) == (ssize_t)sizeof(inode) ? 0 : -1;
}

static int recv_fd(int via, uint64_t *inode)
{
	char ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { inode, sizeof(*inode) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = ctl, .msg_controllen = sizeof(ctl) };
	struct cmsghdr *c;
	int fd;

	if (recvmsg(via, &m, MSG_CMSG_CLOEXEC) != (ssize_t)sizeof(*inode))
		return -1;
	c = CMSG_FIRSTHDR(&m);
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

static int child(int via)
{
	struct stat st;
	int sk;

	if (unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "holders-socket: unshare(CLONE_NEWNET): %s\n", strerror(errno));
		return 1;
	}
	if (stat("/proc/self/ns/net", &st) < 0) {
		fprintf(stderr, "holders-socket: /proc/self/ns/net: %s\n", strerror(errno));
		return 1;
	}
	sk = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sk < 0 || send_fd(via, sk, (uint64_t)st.st_ino) < 0) {
		fprintf(stderr, "holders-socket: socket or sendmsg: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}

int main(void)
{
	int sp[2], status, sk;
	uint64_t inode = 0;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0) {
		fprintf(stderr, "holders-socket: socketpair: %s\n", strerror(errno));
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "holders-socket: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0)
		_exit(child(sp[1]));
	close(sp[1]);
	sk = recv_fd(sp[0], &inode);
	close(sp[0]);
	/* the child is gone before we say ready: the socket alone holds its
	 * net namespace */
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    sk < 0) {
		fprintf(stderr, "holders-socket: the child failed\n");
		return 1;
	}
	printf("pid %d\nfd %d\nnetns %" PRIu64 "\nready\n", (int)getpid(), sk, inode);
	fflush(stdout);
	for (;;)
		pause();
}
