// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsdiff - how two processes, containers or snapshots differ, namespace
 * by namespace, and then in what each differing namespace shows.
 *
 * Two sides (sides.c). Two whole snapshots (files, or a file and now) are
 * compared as the library compares a scanner's refreshes: namespaces
 * created and destroyed, holders gained and lost, processes that moved
 * (snapdiff.c). Anything else is two sets of namespaces: for each type
 * the same namespace, a different one and how the two are related, or
 * unknown when a side could not be read (compare.c); with --deep (the
 * default when both sides are live) what each differing pair shows:
 * hostnames, maps, mounts, interfaces and routes, ... (deep-*.c).
 *
 * Exit status as diff(1): 0 the same, 1 different, 2 trouble (bad usage,
 * a side that cannot be found, or something that could not be read:
 * never taken for "the same").
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
#include "nsdiff.h"

enum {
	OPT_NO_DEEP = 0x100,
	OPT_COLOR,
	OPT_SOURCE,
};

static const struct option long_opts[] = {
	{ "deep",	no_argument,	   NULL, 'd' },
	{ "no-deep",	no_argument,	   NULL, OPT_NO_DEEP },
	{ "brief",	no_argument,	   NULL, 'q' },
	{ "type",	required_argument, NULL, 't' },
	{ "json",	no_argument,	   NULL, 'J' },
	{ "color",	optional_argument, NULL, OPT_COLOR },
	{ "source",	required_argument, NULL, OPT_SOURCE },
	{ "help",	no_argument,	   NULL, 'h' },
	{ "version",	no_argument,	   NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const struct cli_conflict conflicts[] = {
	{ 'd', OPT_NO_DEEP, "--deep and --no-deep" },
	{ 'q', 'J', "--brief and --json" },
};

__attribute__((noreturn)) static void usage(void)
{
	FILE *out = cli_help_stream();

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [options] <side> <side>\n", program_invocation_short_name);
	fputs("\nShow how two processes, containers or snapshots differ, namespace by namespace.\n", out);
	fputs("\nA side is a PID, a container (name or ID prefix), an ip netns name, host,\n"
	      "a snapshot file from nsls --save (with a '/' in it, or a .json name),\n"
	      "<side>@<file> for that side as the file saw it, or now.\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -d, --deep             compare what differing namespaces show (default: two live sides)\n", out);
	fputs("     --no-deep          compare which namespaces only\n", out);
	fputs(" -q, --brief            report only which namespace types differ\n", out);
	fputs(" -t, --type <list>      namespace types (comma list: cgroup,ipc,mnt,net,pid,time,user,uts)\n", out);
	fputs(" -J, --json             use JSON output format\n", out);
	fputs("     --color[=<when>]   colorize output (auto, always, never)\n", out);
	fputs("     --source <name>    scan source: auto, proc, kernel\n", out);
	fputs("\n -h, --help             display this help\n", out);
	fputs(" -V, --version          display version\n", out);
	fputs("\nExit status: 0 same, 1 different, 2 trouble.\n", out);
	fprintf(out, "\nFor more details see %s(1).\n", program_invocation_short_name);
	exit(NSD_SAME);
}

struct args {
	struct nsd nsd;
	enum cli_color color;
	const char *sides[2];
};

static void parse_args(struct args *ar, int argc, char **argv)
{
	static bool seen[0x200];
	struct nsd *nsd = &ar->nsd;
	unsigned int types = 0;
	int c;

	while ((c = getopt_long(argc, argv, "dqt:JhV", long_opts, NULL)) != -1) {
		if (c >= 0 && c < (int)ARRAY_SIZE(seen))
			seen[c] = true;
		switch (c) {
		case 'd':
			nsd->deep = 1;
			break;
		case OPT_NO_DEEP:
			nsd->deep = 0;
			break;
		case 'q':
			nsd->brief = true;
			break;
		case 't': {
			unsigned int t;
			const char *bad;
			size_t badlen;

			if (cli_types_parse(optarg, &t, &bad, &badlen) < 0)
				errx(NSD_TROUBLE, "unknown namespace type '%.*s'", (int)badlen, bad);
			if (!t)
				errx(NSD_TROUBLE, "unknown namespace type ''");
			types |= t;
			break;
		}
		case 'J':
			nsd->json = true;
			break;
		case OPT_COLOR:
			cli_color_option(optarg, &ar->color);
			break;
		case OPT_SOURCE:
			nsd->source = cli_source_option(optarg);
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_usage_error();
		}
	}
	cli_check_conflicts(seen, ARRAY_SIZE(seen), conflicts, ARRAY_SIZE(conflicts));
	if (argc - optind != 2) {
		if (argc - optind < 2)
			warnx("two sides to compare are needed");
		else
			warnx("unexpected argument '%s'", argv[optind + 2]);
		cli_usage_error();
	}
	ar->sides[0] = argv[optind];
	ar->sides[1] = argv[optind + 1];
	nsd->types = types ? types : NSINFO_ALL_TYPES;
}

static void read_file(struct nsd *nsd, struct side *s)
{
	char why[256];
	int rc;

	if (!s->file)
		return;
	rc = snapfile_read(s->file, &nsd->files[s->which - 'A'], why, sizeof(why));
	if (rc < 0)
		errx(NSD_TROUBLE, "%s: %s", s->file, why);
}

/* A live side that is a number but no PID: side_resolve() looks it up as
 * a container name or ID prefix, which needs the containers scanned. */
static bool number_not_pid(const struct side *s)
{
	char path[32];

	if (!s->live || s->kind != SIDE_PID)
		return false;
	snprintf(path, sizeof(path), "/proc/%s", s->sel);
	return access(path, F_OK) < 0;
}

/* What the live sides need read. */
static void scan_live(struct nsd *nsd, const struct side *a, const struct side *b)
{
	struct nsinfo_scan_opts opts = { .size = sizeof(opts) };
	int rc;

	opts.source = nsd->source;
	opts.flags = NSINFO_SCAN_RELATIONS | NSINFO_SCAN_FOR_CHILDREN | NSINFO_SCAN_INFO_ALL |
		     NSINFO_SCAN_NSPID;
	if (a->kind == SIDE_NOW || b->kind == SIDE_NOW)
		opts.flags |= SNAPFILE_SCAN_FLAGS;
	/* a name: a container, else an ip netns name (a mount of it, for
	 * its relations) */
	if ((a->live && a->kind == SIDE_CONTAINER) || (b->live && b->kind == SIDE_CONTAINER))
		opts.flags |= NSINFO_SCAN_CONTAINERS | NSINFO_SCAN_MOUNTS;
	if (number_not_pid(a) || number_not_pid(b))
		opts.flags |= NSINFO_SCAN_CONTAINERS;
	rc = nsinfo_snapshot_new(&nsd->snap, &opts);
	if (rc < 0)
		cli_scan_failed(rc, &opts);
	if (snapfile_from_snapshot(&nsd->live, nsd->snap) < 0)
		errx(NSD_TROUBLE, "out of memory");
}

/* Inodes name namespaces within one boot only. */
static void check_boots(struct nsd *nsd, const struct side *a, const struct side *b)
{
	char *now = snapfile_boot_id();
	const char *ids[2];

	for (int i = 0; i < 2; i++) {
		const struct side *s = i ? b : a;

		ids[i] = s->file ? nsd->files[i]->boot_id : now;
	}
	if (ids[0] && ids[1] && strcmp(ids[0], ids[1])) {
		warnx("%s: saved in another boot (or on another machine): its namespace inodes "
		      "may name other namespaces",
		      a->file ? a->file : b->file);
		nsd->trouble = 1;
	}
	free(now);
}

int main(int argc, char **argv)
{
	struct args ar = { .nsd = { .deep = -1 } };
	struct nsd *nsd = &ar.nsd;
	struct side a, b;
	bool differ;
	int rc;

	setlocale(LC_ALL, "");
	cli_set_trouble_status(NSD_TROUBLE);
	atexit(cli_close_stdout);
	parse_args(&ar, argc, argv);
	nsd->color = !nsd->json && cli_color_wanted(ar.color);

	side_parse(&a, 'A', ar.sides[0]);
	side_parse(&b, 'B', ar.sides[1]);
	side_take_selector(&a, &b);
	side_take_selector(&b, &a);
	if (nsd->deep == 1 && (a.file || b.file || a.kind == SIDE_NOW || b.kind == SIDE_NOW))
		errx(NSD_TROUBLE, "--deep needs two live sides: a snapshot keeps no contents");

	read_file(nsd, &a);
	read_file(nsd, &b);
	if (side_needs_live(&a) || side_needs_live(&b))
		scan_live(nsd, &a, &b);
	if (a.file || b.file)
		check_boots(nsd, &a, &b);
	side_resolve(nsd, &a);
	side_resolve(nsd, &b);

	if (side_is_whole(&a) && side_is_whole(&b)) {
		struct snapdiff d;

		if (snapdiff_run(a.sf, b.sf, nsd->types, &d) < 0)
			errx(NSD_TROUBLE, "out of memory");
		differ = d.n > 0;
		rc = report_snapshots(nsd, &a, &b, &d);
		snapdiff_free(&d);
	} else {
		struct comparison c;

		compare_sides(nsd, &a, &b, &c);
		differ = c.ndiff > 0;
		rc = report_sides(nsd, &a, &b, &c);
		comparison_free(&c);
	}
	if (rc < 0)
		cli_write_failed(rc);
	side_close(&a);
	side_close(&b);
	snapfile_free(nsd->files[0]);
	snapfile_free(nsd->files[1]);
	snapfile_free(nsd->live);
	nsinfo_snapshot_unref(nsd->snap);
	return nsd->trouble ? NSD_TROUBLE : differ ? NSD_DIFFERENT : NSD_SAME;
}
