// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsenter-lite - run a command in the namespaces of a process, with
 * util-linux nsenter's option letters.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "nsenter-lite.h"

/* nsenter's option letter and long name of each type (the names differ
 * from the type names: --mount for mnt). */
static const struct {
	char letter;
	const char *option;
} type_opts[NSINFO_NTYPES] = {
	[NSINFO_TYPE_CGROUP] = { 'C', "cgroup" },
	[NSINFO_TYPE_IPC]    = { 'i', "ipc" },
	[NSINFO_TYPE_MNT]    = { 'm', "mount" },
	[NSINFO_TYPE_NET]    = { 'n', "net" },
	[NSINFO_TYPE_PID]    = { 'p', "pid" },
	[NSINFO_TYPE_TIME]   = { 'T', "time" },
	[NSINFO_TYPE_USER]   = { 'U', "user" },
	[NSINFO_TYPE_UTS]    = { 'u', "uts" },
};

enum {
	OPT_PRESERVE = 0x100,
	OPT_NETNS,
	OPT_CONTAINER,
	OPT_DRY_RUN,
	OPT_SOURCE,
	OPT_KEEP_CAPS,
	OPT_USER_PARENT,
	OPT_MAX,
};

static const struct option long_opts[] = {
	{ "all",		  no_argument,	     NULL, 'a' },
	{ "target",		  required_argument, NULL, 't' },
	{ "mount",		  optional_argument, NULL, 'm' },
	{ "uts",		  optional_argument, NULL, 'u' },
	{ "ipc",		  optional_argument, NULL, 'i' },
	{ "net",		  optional_argument, NULL, 'n' },
	{ "net-socket",		  required_argument, NULL, 'N' },
	{ "pid",		  optional_argument, NULL, 'p' },
	{ "cgroup",		  optional_argument, NULL, 'C' },
	{ "time",		  optional_argument, NULL, 'T' },
	{ "user",		  optional_argument, NULL, 'U' },
	{ "user-parent",	  no_argument,	     NULL, OPT_USER_PARENT },
	{ "netns",		  required_argument, NULL, OPT_NETNS },
	{ "container",		  required_argument, NULL, OPT_CONTAINER },
	{ "source",		  required_argument, NULL, OPT_SOURCE },
	{ "setuid",		  required_argument, NULL, 'S' },
	{ "setgid",		  required_argument, NULL, 'G' },
	{ "preserve-credentials", no_argument,	     NULL, OPT_PRESERVE },
	{ "keep-caps",		  no_argument,	     NULL, OPT_KEEP_CAPS },
	{ "root",		  optional_argument, NULL, 'r' },
	{ "wd",			  optional_argument, NULL, 'w' },
	{ "wdns",		  required_argument, NULL, 'W' },
	{ "env",		  no_argument,	     NULL, 'e' },
	{ "no-fork",		  no_argument,	     NULL, 'F' },
	{ "join-cgroup",	  no_argument,	     NULL, 'c' },
	{ "follow-context",	  no_argument,	     NULL, 'Z' },
	{ "dry-run",		  no_argument,	     NULL, OPT_DRY_RUN },
	{ "help",		  no_argument,	     NULL, 'h' },
	{ "version",		  no_argument,	     NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Options that cannot be used together (the letters and OPT_* above). */
static const struct cli_conflict conflicts[] = {
	{ 'w', 'W', "--wd and --wdns" },
};

__attribute__((noreturn)) static void usage(void)
{
	FILE *out = cli_help_stream();

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [options] [<program> [<argument>...]]\n", program_invocation_short_name);
	fputs("\nRun a program in the namespaces of a process or of namespace files.\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -a, --all              enter all namespaces of the target\n", out);
	fputs(" -t, --target <pid>     target process (or thread); <pid>:<inode> pins it by its pidfd inode\n", out);
	fputs(" -m, --mount[=<file>]   enter the mount namespace\n", out);
	fputs(" -u, --uts[=<file>]     enter the UTS namespace (hostname etc.)\n", out);
	fputs(" -i, --ipc[=<file>]     enter the System V IPC namespace\n", out);
	fputs(" -n, --net[=<file>]     enter the network namespace\n", out);
	fputs(" -N, --net-socket <fd>  enter the network namespace of the target's socket <fd>\n", out);
	fputs(" -p, --pid[=<file>]     enter the pid namespace\n", out);
	fputs(" -C, --cgroup[=<file>]  enter the cgroup namespace\n", out);
	fputs(" -T, --time[=<file>]    enter the time namespace\n", out);
	fputs(" -U, --user[=<file>]    enter the user namespace\n", out);
	fputs("     --user-parent      enter the parent of that user namespace instead\n", out);
	fputs("     --netns <name>     enter the network namespace /run/netns/<name>\n", out);
	fputs("     --container <name> enter the namespaces of a container (name or ID)\n", out);
	fputs("     --source <name>    scan source: auto, proc, kernel\n", out);
	fputs(" -S, --setuid <uid>     set the user ID in the entered namespace, or follow the target's\n", out);
	fputs(" -G, --setgid <gid>     set the group ID in the entered namespace, or follow the target's\n", out);
	fputs("     --preserve-credentials  do not touch UIDs or GIDs unless -S or -G asks\n", out);
	fputs("     --keep-caps        keep the capabilities of the entered user namespace\n", out);
	fputs(" -r, --root[=<dir>]     set the root directory (default: the target's)\n", out);
	fputs(" -w, --wd[=<dir>]       set the working directory (default: the target's)\n", out);
	fputs(" -W, --wdns <dir>       set the working directory, a path inside the namespaces\n", out);
	fputs(" -e, --env              run the program with the target's environment\n", out);
	fputs(" -F, --no-fork          do not fork before running the program\n", out);
	fputs(" -c, --join-cgroup      join the cgroup of the target\n", out);
	fputs(" -Z, --follow-context   run the program in the SELinux context of the target\n", out);
	fputs("     --dry-run          show what would be entered, and what would fail and why\n", out);
	fputs("\n A namespace <file> may also be :<nsid>, the namespace's 64-bit ID (nsls -o +NSID).\n", out);
	fputs("\n -h, --help             display this help\n", out);
	fputs(" -V, --version          display version\n", out);
	fprintf(out, "\nFor more details see %s(1).\n", program_invocation_short_name);
	exit(EXIT_OK);
}

static int type_of_letter(int c)
{
	for (int t = 0; t < NSINFO_NTYPES; t++)
		if (type_opts[t].letter == c)
			return t;
	return -1;
}

/*
 * PID or PID:INODE (the pidfd inode, as pidfs and getino(1) give it). The
 * last -t wins whole: a pin of an earlier -t must not stay on a later PID.
 */
static void parse_target(struct plan *p, const char *arg)
{
	char *copy = strdup(arg), *colon;

	if (!copy)
		errx(EXIT_FAIL, "out of memory");
	p->pin = false;
	p->pin_inode = 0;
	colon = strchr(copy, ':');
	if (colon) {
		*colon = '\0';
		if (cli_parse_number(colon + 1, 1, UINT64_MAX, &p->pin_inode) < 0)
			errx(EXIT_FAIL, "invalid target '%s': expected PID or PID:INODE", arg);
		p->pin = true;
	}
	if (nsinfo_parse_pid(copy, &p->pid) < 0)
		errx(EXIT_FAIL, "invalid target '%s': expected PID or PID:INODE", arg);
	free(copy);
}

/* -S / -G: an ID, or "follow". (uid_t)-1 is no ID: it means "leave
 * as is" to setresuid(2). */
static void parse_id(struct idreq *r, const char *arg, const char *what)
{
	uint64_t v;

	r->set = true;
	r->follow = !strcmp(arg, "follow");
	if (r->follow)
		return;
	if (cli_parse_number(arg, 0, (uint64_t)(uid_t)-1 - 1, &v) < 0)
		errx(EXIT_FAIL, "invalid %s '%s'", what, arg);
	r->id = (uid_t)v;
}

/*
 * The value of -m -u -i -n -p -C -T -U: none (the target's), a file, or
 * :NSID. A leading '=' is dropped, as newer nsenter does, so that -n=FILE
 * means what --net=FILE means (a file whose name starts with '=' or ':'
 * is still reached as ./=name).
 */
static void parse_ns_value(struct plan *p, int t, const char *arg)
{
	struct nsreq *r = &p->ns[t];

	r->wanted = true;
	r->src = SRC_TARGET;
	r->path = NULL;
	if (arg && *arg == '=')
		arg++;
	if (!arg)
		return;
	if (*arg == ':') {
		if (cli_parse_number(arg + 1, 1, UINT64_MAX, &r->nsid) < 0)
			errx(EXIT_FAIL, "invalid namespace ID '%s': expected :NSID, a decimal number",
			     arg);
		r->src = SRC_NSID;
		return;
	}
	r->src = SRC_FILE;
	r->path = arg;
}

/* -r, -w and -W: a leading '=' is dropped as for the namespace files. */
static const char *dir_value(const char *arg)
{
	return arg && *arg == '=' ? arg + 1 : arg;
}

/*
 * --container NAME|ID: the container's init (its lowest PID as we see it)
 * becomes the target, found by libnsinfo's container lookup (cgroup paths
 * and the runtime's state files; no engine is asked). The one scan
 * nsenter-lite makes, so the one thing --source changes.
 */
static void target_container(struct plan *p, const char *key, int source)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .flags = NSINFO_SCAN_CONTAINERS,
				      .source = source };
	const struct nsinfo_container *c;
	struct nsinfo_snapshot *snap;
	int rc;

	if (p->pid)
		errx(EXIT_FAIL, "--container and --target are mutually exclusive");
	o.types = NSINFO_TYPE_BIT(NSINFO_TYPE_PID);	/* the cheapest walk */
	rc = nsinfo_snapshot_new(&snap, &o);
	if (rc < 0)
		cli_scan_failed(rc, &o);
	rc = nsinfo_snapshot_find_container(snap, key, &c);
	if (rc == -ENOTUNIQ)
		errx(EXIT_FAIL, "container '%s' is ambiguous: several containers have that name "
		     "or an ID that starts with it (nsls -o +RUNTIME,CONTAINER lists them)", key);
	if (rc == -EPERM)
		errx(EXIT_FAIL, "container '%s' is named only by another user's cgroup or state "
		     "files, which are not trusted to pick a target; find its PID with "
		     "nsls -o +RUNTIME,CONTAINER and use -t PID", key);
	if (rc < 0 || !nsinfo_container_proc_count(c))
		errx(EXIT_FAIL, "no running container '%s' (known: docker, podman, containerd, "
		     "cri-o, kubernetes, lxc, systemd-nspawn)", key);
	p->pid = nsinfo_proc_pid(nsinfo_container_proc(c, 0));
	p->container = key;
	/* a static string of the library's, valid after the unref */
	p->container_source = nsinfo_source_name(nsinfo_snapshot_source(snap, NULL));
	nsinfo_snapshot_unref(snap);
}

static void parse_args(struct plan *p, int argc, char **argv)
{
	static char netns_path[4096];
	const char *container = NULL;
	int source = NSINFO_SOURCE_AUTO;
	bool seen[OPT_MAX] = { false };
	uint64_t v;
	int c;

	while ((c = getopt_long(argc, argv, "+at:m::u::i::n::N:p::C::T::U::S:G:r::w::W:FecZhV",
				long_opts, NULL)) != -1) {
		int t = type_of_letter(c);

		if (c > 0 && c < OPT_MAX)
			seen[c] = true;
		if (t >= 0) {
			parse_ns_value(p, t, optarg);
			continue;
		}
		switch (c) {
		case 'a':
			p->all = true;
			break;
		case 't':
			parse_target(p, optarg);
			break;
		case 'N':
			if (cli_parse_number(optarg, 0, INT32_MAX, &v) < 0)
				errx(EXIT_FAIL, "invalid file descriptor '%s'", optarg);
			p->sock_fd = (int)v;
			break;
		case OPT_USER_PARENT:
			p->user_parent = true;
			break;
		case OPT_NETNS:
			if (!*optarg || strchr(optarg, '/') || !strcmp(optarg, ".") || !strcmp(optarg, ".."))
				errx(EXIT_FAIL, "invalid network namespace name '%s'", optarg);
			snprintf(netns_path, sizeof(netns_path), "/run/netns/%s", optarg);
			parse_ns_value(p, NSINFO_TYPE_NET, netns_path);
			break;
		case OPT_CONTAINER:
			container = optarg;
			break;
		case OPT_SOURCE:
			source = cli_source_option(optarg);
			break;
		case 'S':
			parse_id(&p->uid, optarg, "UID");
			break;
		case 'G':
			parse_id(&p->gid, optarg, "GID");
			break;
		case OPT_PRESERVE:
			p->preserve_creds = true;
			break;
		case OPT_KEEP_CAPS:
			p->keep_caps = true;
			break;
		case 'r':
			p->root_opt = true;
			p->root_dir = dir_value(optarg);
			break;
		case 'w':
			p->wd_opt = true;
			p->wd_dir = dir_value(optarg);
			break;
		case 'W':
			p->wdns_dir = dir_value(optarg);
			if (!*p->wdns_dir)
				errx(EXIT_FAIL, "invalid directory '' for --wdns");
			break;
		case 'F':
			p->no_fork = true;
			break;
		case 'e':
			p->want_env = true;
			break;
		case 'c':
			p->join_cgroup = true;
			break;
		case 'Z':
			p->follow_context = true;
			break;
		case OPT_DRY_RUN:
			p->dry_run = true;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_usage_error();
		}
	}
	cli_check_conflicts(seen, OPT_MAX, conflicts, sizeof(conflicts) / sizeof(conflicts[0]));
	p->argv = optind < argc ? argv + optind : NULL;
	if (container) {
		bool any = p->all;

		target_container(p, container, source);
		for (int t = 0; t < NSINFO_NTYPES; t++)
			any |= p->ns[t].wanted;
		/* "a shell in the container": all of its namespaces unless
		 * some are named */
		if (!any)
			p->all = true;
	}
}

/*
 * What needs a target. Nothing to enter is fine, as for nsenter: the
 * program runs with the root, working directory, credentials ... asked,
 * or just runs.
 */
static void check_plan(struct plan *p)
{
	const char *needs = NULL;

	if (p->all) {
		for (int t = 0; t < NSINFO_NTYPES; t++)
			if (!p->ns[t].wanted)
				parse_ns_value(p, t, NULL);
		needs = "all";
	}
	for (int t = 0; t < NSINFO_NTYPES && !needs; t++)
		if (p->ns[t].wanted && p->ns[t].src == SRC_TARGET)
			needs = type_opts[t].option;
	if (!needs && p->sock_fd >= 0)
		needs = "net-socket";
	if (!needs && p->user_parent)
		needs = "user-parent";
	if (!needs && p->root_opt && !p->root_dir)
		needs = "root";
	if (!needs && p->wd_opt && !p->wd_dir)
		needs = "wd";
	if (!needs && p->want_env)
		needs = "env";
	if (!needs && p->join_cgroup)
		needs = "join-cgroup";
	if (!needs && p->follow_context)
		needs = "follow-context";
	if (!needs && p->uid.follow)
		needs = "setuid follow";
	if (!needs && p->gid.follow)
		needs = "setgid follow";
	if (needs && !p->pid) {
		warnx("--%s needs a target process: -t PID", needs);
		cli_usage_error();
	}
}

int main(int argc, char **argv)
{
	struct plan p = { .pidfd = -1, .root_fd = -1, .wd_fd = -1, .proc_fd = -1,
			  .cgroup_fd = -1, .sock_fd = -1 };

	setlocale(LC_ALL, "");
	/* --help, --version, --dry-run and errors before setns() leave by
	 * exit(); later ones _exit (nsenter-lite.h) and print nothing here */
	atexit(cli_close_stdout);
	for (int t = 0; t < NSINFO_NTYPES; t++)
		p.ns[t].fd = -1;
	parse_args(&p, argc, argv);
	check_plan(&p);
	if (plan_open(&p) < 0)
		errx(EXIT_FAIL, "the target has none of the asked namespaces");
	if (p.dry_run) {
		int rc = plan_print(&p);

		if (fflush(stdout) != 0)
			cli_write_failed(-errno);
		free(p.envp);
		free(p.env_buf);
		return rc ? EXIT_FAIL : EXIT_OK;
	}
	plan_enter(&p);
	run_command(&p);
}
