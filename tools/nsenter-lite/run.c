// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * run.c - run the command. A fork is what puts it into the target's pid
 * and time namespaces (setns() changes them for children only); the parent
 * stays to pass on signals and to exit as the command did.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsenter-lite.h"

/* Signals a terminal or a supervisor sends that the command should get. */
static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

__attribute__((noreturn)) static void exec_command(const struct plan *p)
{
	char *shell_argv[2] = { NULL, NULL };
	char *const *argv = p->argv;
	int e;

	if (!argv || !argv[0]) {
		const char *sh = getenv("SHELL");

		shell_argv[0] = (char *)(sh && *sh ? sh : "/bin/sh");
		argv = shell_argv;
	}
	if (p->envp)
		execvpe(argv[0], argv, p->envp);
	else
		execvp(argv[0], argv);
	e = errno;
	/* our $SHELL need not exist in the target's mount namespace (a
	 * busybox container has no /bin/bash): the default falls back */
	if (argv == shell_argv && e == ENOENT && strcmp(argv[0], "/bin/sh") != 0) {
		shell_argv[0] = (char *)"/bin/sh";
		if (p->envp)
			execve("/bin/sh", shell_argv, p->envp);
		else
			execv("/bin/sh", shell_argv);
		e = errno;
	}
	warnx("failed to execute %s: %s", argv[0], strerror(e));
	_exit(e == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
}

/* The parent: wait for the child, pass signals on, mirror stops. */
__attribute__((noreturn)) static void supervise(pid_t child, const sigset_t *set)
{
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(set, &si), st;
		pid_t w;

		if (sig < 0) {
			if (errno == EINTR)
				continue;
			DIE("sigwaitinfo failed");
		}
		if (sig != SIGCHLD) {
			kill(child, sig);
			continue;
		}
		while ((w = waitpid(child, &st, WNOHANG | WUNTRACED)) > 0) {
			/* _exit: nothing is left to flush, and exit handlers
			 * that fork (LeakSanitizer's tracer) would land in the
			 * target's pid namespace */
			if (WIFEXITED(st))
				_exit(WEXITSTATUS(st));
			if (WIFSIGNALED(st))
				_exit(EXIT_SIGNAL_BASE + WTERMSIG(st));
			if (WIFSTOPPED(st)) {
				/* ^Z: stop with it, and wake it when we are */
				raise(SIGSTOP);
				kill(child, SIGCONT);
			}
		}
		if (w < 0 && errno != EINTR)
			DIE("waitpid failed");
	}
}

void run_command(struct plan *p)
{
	sigset_t set, old;
	pid_t child;

	fflush(NULL);
	if (p->no_fork)
		exec_command(p);

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(&set, forwarded[i]);
	sigaddset(&set, SIGCHLD);
	/* blocked before the fork, so nothing is lost between fork and wait */
	if (sigprocmask(SIG_BLOCK, &set, &old) < 0)
		DIE("sigprocmask failed");
	child = fork();
	if (child < 0)
		DIE("fork failed");
	if (child == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		exec_command(p);
	}
	supervise(child, &set);
}
