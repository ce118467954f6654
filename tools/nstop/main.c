// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nstop - top for namespaces: a live view of every namespace, container
 * and namespace set on the machine, refreshed every few seconds, with
 * top's keys and options where top has them. Batch mode (-b, or no
 * terminal) prints frames as top -b does; -J one JSON object a frame.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <malloc.h>
#include <math.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "metrics.h"
#include "nstop.h"

enum {
	OPT_REVERSE = 0x100,
	OPT_SOURCE,
	OPT_PROC_ROOT,
	OPT_COLOR,
	OPT_METRICS,
	OPT_METRICS_FILE,
	OPT_METRICS_NS,
};

static const struct option long_opts[] = {
	{ "batch",	  no_argument,	     NULL, 'b' },
	{ "iterations",	  required_argument, NULL, 'n' },
	{ "delay",	  required_argument, NULL, 'd' },
	{ "json",	  no_argument,	     NULL, 'J' },
	{ "pid",	  required_argument, NULL, 'p' },
	{ "user",	  required_argument, NULL, 'u' },
	{ "type",	  required_argument, NULL, 't' },
	{ "group",	  required_argument, NULL, 'g' },
	{ "output",	  required_argument, NULL, 'o' },
	{ "sort",	  required_argument, NULL, 's' },
	{ "reverse",	  no_argument,	     NULL, OPT_REVERSE },
	{ "list-columns", no_argument,	     NULL, 'H' },
	{ "source",	  required_argument, NULL, OPT_SOURCE },
	{ "proc-root",	  required_argument, NULL, OPT_PROC_ROOT },
	{ "color",	  optional_argument, NULL, OPT_COLOR },
	{ "metrics",	  no_argument,	     NULL, OPT_METRICS },
	{ "metrics-file", required_argument, NULL, OPT_METRICS_FILE },
	{ "metrics-namespaces", no_argument, NULL, OPT_METRICS_NS },
	{ "help",	  no_argument,	     NULL, 'h' },
	{ "version",	  no_argument,	     NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

#define MAX_PIDS 64

struct nstop_args {
	struct nstop_config cfg;
	pid_t pids[MAX_PIDS];
	bool batch, json, list_columns;
	bool metrics, metrics_ns;	/* --metrics, --metrics-namespaces */
	const char *metrics_file;	/* --metrics-file, else stdout */
	double delay;
	long iterations;	/* < 0: forever */
	enum cli_color color;
};

__attribute__((noreturn)) static void usage(void)
{
	FILE *out = cli_help_stream();

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [options]\n", program_invocation_short_name);
	fputs("\nA live view of namespaces and containers, refreshed as top refreshes processes.\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -b, --batch            batch mode: text frames, as top -b\n", out);
	fputs(" -n, --iterations <n>   stop after <n> frames\n", out);
	fputs(" -d, --delay <secs>     seconds between refreshes (default 2; batch: 0 or more)\n", out);
	fputs(" -J, --json             batch mode, one JSON object a frame (JSON lines)\n", out);
	fputs("     --metrics          batch mode, Prometheus metrics (text format) a frame\n", out);
	fputs("     --metrics-file <file>  rewrite <file> atomically each frame, print nothing\n"
	      "                          (node_exporter's textfile collector); implies --metrics\n", out);
	fputs("     --metrics-namespaces  add series per namespace; implies --metrics\n", out);
	fputs(" -p, --pid <pid>[,...]  only rows with one of these processes in them\n", out);
	fputs(" -u, --user <user>      only rows with a process of this effective user\n", out);
	fputs(" -t, --type <list>      namespace types (cgroup, ipc, mnt, net, pid, time, user, uts)\n", out);
	fputs(" -g, --group <rows>     what a row is: namespaces, containers, sets\n", out);
	fputs(" -o, --output <list>    columns of the rows -g chose (+<list> appends)\n", out);
	fputs(" -s, --sort <column>    sort by this column (default %CPU, largest first)\n", out);
	fputs("     --reverse          reverse the sort order\n", out);
	fputs(" -H, --list-columns     list the columns of the rows (-g), -J: as JSON\n", out);
	fputs("     --source <name>    scan source: auto, proc, kernel\n", out);
	fputs("     --proc-root <dir>  read processes from <dir> instead of /proc\n", out);
	fputs("     --color[=<when>]   colorize (auto, always, never)\n", out);
	fputs("\n -h, --help             display this help\n", out);
	fputs(" -V, --version          display version\n", out);
	fputs("\nInteractive keys:\n", out);
	for (size_t i = 0; i < nstop_nkeys; i++)
		if (*nstop_keys[i].names)
			fprintf(out, " %-22s %s\n", nstop_keys[i].names, nstop_keys[i].help);
	fprintf(out, "\nFor more details see %s(1).\n", program_invocation_short_name);
	exit(EXIT_OK);
}

static unsigned int parse_types(const char *arg)
{
	unsigned int types;
	const char *bad;
	size_t len;

	if (cli_types_parse(arg, &types, &bad, &len) < 0)
		errx(EXIT_TROUBLE, "unknown namespace type '%.*s'", (int)len, bad);
	if (!types)
		errx(EXIT_TROUBLE, "unknown namespace type '%s'", arg);
	return types;
}

static void parse_pids(struct nstop_args *a, const char *arg)
{
	char *copy = strdup(arg), *save = NULL;

	if (!copy)
		errx(EXIT_TROUBLE, "out of memory");
	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (a->cfg.npids == MAX_PIDS)
			errx(EXIT_TROUBLE, "too many PIDs (at most %d)", MAX_PIDS);
		a->pids[a->cfg.npids++] = cli_parse_pid(w);
	}
	if (!a->cfg.npids)
		errx(EXIT_TROUBLE, "invalid PID '%s'", arg);
	free(copy);
}

static void parse_user(struct nstop_args *a, const char *arg)
{
	struct passwd *pw = getpwnam(arg);
	uint64_t v;

	if (pw) {
		a->cfg.uid = pw->pw_uid;
	} else if (cli_parse_number(arg, 0, (uid_t)-2, &v) == 0) {
		a->cfg.uid = (uid_t)v;
	} else {
		errx(EXIT_TROUBLE, "unknown user '%s'", arg);
	}
	a->cfg.by_user = true;
}

/* Seconds, as top takes them: "2", "0.5"; at most a day. 0 (frames as
 * fast as they come, for measuring) only in batch mode: main() checks. */
static double parse_delay(const char *arg)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(arg, &end);
	/* decimal only: strtod would take "0x10" and "inf" too */
	if (errno || end == arg || *end || arg[strspn(arg, "0123456789.")] || d > 86400)
		errx(EXIT_TROUBLE, "invalid delay '%s' (seconds, up to 86400)", arg);
	return d;
}

static void parse_args(struct nstop_args *a, int argc, char **argv)
{
	/* the metrics are of every namespace, in no table */
	static const struct cli_conflict conflicts[] = {
		{ OPT_METRICS, 'J', "--metrics and --json" },
		{ OPT_METRICS, 't', "--metrics and --type" },
	};
	static bool seen[0x200];
	uint64_t v;
	int c;

	while ((c = getopt_long(argc, argv, "bn:d:Jp:u:t:g:o:s:HhV", long_opts, NULL)) != -1) {
		if (c >= 0 && c < (int)sizeof(seen))
			seen[c] = true;
		switch (c) {
		case 'b':
			a->batch = true;
			break;
		case 'n':
			if (cli_parse_number(optarg, 1, 1000000000, &v) < 0)
				errx(EXIT_TROUBLE, "invalid number of iterations '%s'", optarg);
			a->iterations = (long)v;
			break;
		case 'd':
			a->delay = parse_delay(optarg);
			break;
		case 'J':
			a->json = a->batch = true;
			break;
		case 'p':
			parse_pids(a, optarg);
			break;
		case 'u':
			parse_user(a, optarg);
			break;
		case 't':
			a->cfg.types |= parse_types(optarg);
			break;
		case 'g':
			if (!strcmp(optarg, "namespaces"))
				a->cfg.group = NV_NS;
			else if (!strcmp(optarg, "containers"))
				a->cfg.group = NV_CONTAINERS;
			else if (!strcmp(optarg, "sets"))
				a->cfg.group = NV_SETS;
			else
				errx(EXIT_TROUBLE, "unknown group '%s' (namespaces, containers, sets)", optarg);
			break;
		case 'o':
			if (a->cfg.noutput == CLI_MAX_COLUMNS)
				errx(EXIT_TROUBLE, "too many --output options");
			a->cfg.output[a->cfg.noutput++] = optarg;
			break;
		case 's':
			a->cfg.sort = optarg;
			break;
		case OPT_REVERSE:
			a->cfg.reverse = true;
			break;
		case 'H':
			a->list_columns = true;
			break;
		case OPT_SOURCE:
			a->cfg.source = cli_source_option(optarg);
			break;
		case OPT_PROC_ROOT:
			a->cfg.proc_root = optarg;
			break;
		case OPT_COLOR:
			cli_color_option(optarg, &a->color);
			break;
		case OPT_METRICS_FILE:
			a->metrics_file = optarg;
			/* fall through */
		case OPT_METRICS_NS:
			a->metrics_ns |= c == OPT_METRICS_NS;
			seen[OPT_METRICS] = true;
			/* fall through */
		case OPT_METRICS:
			a->metrics = a->batch = true;
			/* what the metrics count, in every view */
			a->cfg.extra_flags = METRICS_SCAN_FLAGS | METRICS_HOLDER_FLAGS;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_usage_error();
		}
	}
	if (optind < argc) {
		warnx("unexpected argument '%s'", argv[optind]);
		cli_usage_error();
	}
	cli_check_conflicts(seen, sizeof(seen) / sizeof(seen[0]), conflicts,
			    sizeof(conflicts) / sizeof(conflicts[0]));
}

/* A terminal nstop can draw on: stdout and stdin one, TERM set, not dumb. */
static bool interactive(void)
{
	const char *term = getenv("TERM");

	return isatty(STDOUT_FILENO) && isatty(STDIN_FILENO) && term && *term &&
	       strcmp(term, "dumb") != 0;
}

static volatile sig_atomic_t batch_stop;

static void on_stop(int sig)
{
	(void)sig;
	batch_stop = 1;
}

/* Sleep for the delay, or until a signal says stop. */
static void pause_for(double secs)
{
	struct timespec ts = { (time_t)secs, (long)((secs - floor(secs)) * 1e9) };

	while (!batch_stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int run_batch(struct nstop_model *m, const struct nstop_args *a)
{
	struct sigaction sa = { .sa_handler = on_stop };
	struct timespec t0;
	bool unwritten = false;
	int rc;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	for (long i = 0; !batch_stop && (a->iterations < 0 || i < a->iterations); i++) {
		if (i)
			pause_for(a->delay);
		if (batch_stop)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = model_refresh(m);
		if (rc)
			errx(EXIT_TROUBLE, "cannot read processes: %s", strerror(-rc));
		if (a->metrics) {
			struct timespec t1;

			clock_gettime(CLOCK_MONOTONIC, &t1);
			/* the exit status tells whether the file is the last frame's */
			unwritten = batch_metrics(m, (double)(t1.tv_sec - t0.tv_sec) +
						     (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
						  a->metrics_ns, a->metrics_file) < 0;
			continue;
		}
		rc = batch_frame(m, stdout, a->json);
		if (rc)
			cli_write_failed(rc);
	}
	return unwritten ? EXIT_TROUBLE : EXIT_OK;
}

/*
 * Every refresh frees and allocates again about what the one before did:
 * the snapshot, and tens of thousands of small blocks for the rows and
 * their cells. With glibc's defaults, each large block freed first merges
 * every small free block it holds in its fast bins (malloc_consolidate),
 * and large blocks go back to the kernel (munmap, trim) to be faulted in
 * anew the next frame. At 10k processes that was 10-20% of a refresh's
 * CPU. Without fast bins (the per-thread cache still takes the small
 * blocks) and with the memory kept, a frame reuses the last one's; the RSS
 * stays at the largest frame's, which it reached anyway.
 */
static void keep_freed_memory(void)
{
	mallopt(M_MXFAST, 0);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);	/* the most glibc takes */
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
}

int main(int argc, char **argv)
{
	struct nstop_args a = { .delay = 2.0, .iterations = -1 };
	struct nstop_model m;
	const char *bad = NULL;
	bool color;
	int rc;

	setlocale(LC_ALL, "");
	keep_freed_memory();
	atexit(cli_close_stdout);
	parse_args(&a, argc, argv);
	/* the columns of the rows -g chooses (those of containers and sets
	 * are the group catalogue's), as a table or -J */
	if (a.list_columns) {
		bool ns = a.cfg.group == NV_NS;

		rc = cli_list_columns(ns ? ns_columns : group_columns, ns ? NS_NCOLS : GROUP_NCOLS,
				      a.json ? OUT_JSON : OUT_TABLE, false);
		return rc < 0 ? EXIT_TROUBLE : EXIT_OK;
	}
	a.cfg.pids = a.pids;
	a.cfg.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	if (!a.batch && !interactive())
		a.batch = true;
	if (a.delay < 0.1 && !a.batch)
		errx(EXIT_TROUBLE, "invalid delay %g (0.1 seconds at least; 0 in batch mode)", a.delay);
	color = cli_color_wanted(a.color);
	rc = model_init(&m, &a.cfg, &bad);
	if (rc == -EINVAL && bad)
		errx(EXIT_TROUBLE, "unknown column '%.*s'", (int)strcspn(bad, ","), bad);
	if (rc) {
		struct nsinfo_scan_opts opts = { .size = sizeof(opts), .proc_root = a.cfg.proc_root,
						 .source = a.cfg.source };

		cli_scan_failed(rc, &opts);
	}
	if (a.batch) {
		m.out_opts = (struct out_opts){ .format = OUT_TABLE, .notruncate = true, .nowrap = true,
						.empty_headings = true, .text_only = !a.json,
						.color = color, .json_key = "rows" };
		rc = run_batch(&m, &a);
		model_free(&m);
		return rc;
	}
	m.out_opts = (struct out_opts){ .format = OUT_TABLE, .text_only = true };
	rc = screen_run(&m, a.delay, a.iterations, color && getenv("TERM"));
	model_free(&m);
	if (rc)
		errx(EXIT_TROUBLE, "%s", strerror(-rc));
	return EXIT_OK;
}
