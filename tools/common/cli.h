/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cli.h - what every tool's command line shares: column lists (-o, -H),
 * --color, --source, --version, error exits and the final flush of stdout.
 */
#ifndef NSINFO_CLI_H
#define NSINFO_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

#include "output.h"

#ifndef NSINFO_VERSION
#define NSINFO_VERSION "0.0.0"
#endif

/* Exit codes every tool shares (each man page lists them). */
enum {
	EXIT_OK = 0,
	EXIT_TROUBLE = 1,	/* bad usage, bad input, system error */
};

/* What every helper below exits with on trouble (usage errors too), in
 * place of EXIT_TROUBLE: nsdiff exits 2 there, as diff(1) does. Call it
 * first thing in main(). */
void cli_set_trouble_status(int status);

#define CLI_MAX_COLUMNS 64

/* A column selection being built from the defaults and -o. */
struct cli_columns {
	int ids[CLI_MAX_COLUMNS];
	size_t n;
};

/* Index of the column named `name` (case-insensitive, len bytes) or -1. */
int cli_column_lookup(const struct out_column *cols, size_t ncols,
		      const char *name, size_t len);
/*
 * Apply an -o argument: "A,B" replaces the selection, "+A,B" appends to it.
 * On an unknown name prints "TOOL: unknown column 'X'" and returns -1.
 */
int cli_columns_parse(struct cli_columns *sel, const struct out_column *cols,
		      size_t ncols, const char *arg);
/* Add a column unless it is there already. */
void cli_columns_add(struct cli_columns *sel, int id);
bool cli_columns_has(const struct cli_columns *sel, int id);

/* Print the column catalogue (-H), as a table or with json as JSON. */
int cli_list_columns(const struct out_column *cols, size_t ncols,
		     enum out_format format, bool noheadings);

/* --color=WHEN: 0 ok (stores the mode), -1 on a bad word. */
enum cli_color { CLI_COLOR_AUTO, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER };
int cli_color_parse(const char *when, enum cli_color *mode);
/* --color[=WHEN] as every tool takes it (optarg may be NULL: a bare
 * --color is auto, as in util-linux); a bad word is a usage error. */
void cli_color_option(const char *arg, enum cli_color *mode);

/* Options that cannot be used together, as data (util-linux's habit):
 * seen[] is indexed by option value. */
struct cli_conflict {
	int a, b;
	const char *why;	/* "--json and --raw" */
};
/* "TOOL: WHY are mutually exclusive" and a usage error at the first pair
 * both seen. */
void cli_check_conflicts(const bool *seen, size_t nseen, const struct cli_conflict *c,
			 size_t n);
/* auto: a terminal, and NO_COLOR unset or empty. */
bool cli_color_wanted(enum cli_color mode);

/*
 * --source=NAME as every tool takes it: the enum nsinfo_source named
 * (auto, proc, kernel). Anything else is a usage error: "TOOL: unknown
 * source 'x' (auto, proc, kernel)" and exit EXIT_TROUBLE.
 */
int cli_source_option(const char *arg);

struct nsinfo_scan_opts;
struct nsinfo_snapshot;
/*
 * nsinfo_snapshot_new() or nsinfo_scanner_new() with opts failed with rc:
 * the one line that says why, and exit EXIT_TROUBLE. With the kernel
 * source asked for and a proc root that opens, "TOOL: kernel source:
 * REASON" (nsinfo_source_probe()'s, else the error's); anything else
 * "TOOL: cannot read PROC_ROOT: ERROR".
 */
__attribute__((noreturn)) void cli_scan_failed(int rc, const struct nsinfo_scan_opts *opts);
/* JSON only: the top-level "source" member ("kernel" or "proc") of the
 * snapshot, and "source_why" when auto chose /proc. 0 or -ENOMEM. */
int cli_json_source(struct out *out, const struct nsinfo_snapshot *snap);

/* "TOOL from nsinfo VERSION", then the sources this build and this
 * process can use ("sources: proc, kernel", or "sources: proc (kernel:
 * REASON)": nsinfo_source_probe() loads the BPF programs once), and exit 0. */
__attribute__((noreturn)) void cli_print_version(void);
/* The hint after a usage error, then exit EXIT_TROUBLE. */
__attribute__((noreturn)) void cli_usage_error(void);
/* Parse a PID argument; prints "TOOL: invalid PID 'x'" and exits 1. */
int cli_parse_pid(const char *arg);
/*
 * Every other number on a command line (IDs, inodes): decimal digits only,
 * no sign, no spaces, no leading zeros ("0" itself only when min is 0),
 * min <= value <= max. 0 with *out set, -EINVAL for what is not such a
 * number, -ERANGE outside [min, max]; the caller names the argument.
 */
int cli_parse_number(const char *arg, uint64_t min, uint64_t max, uint64_t *out);

/*
 * A list of namespace types, "net,uts" (commas; blanks too, as typed at a
 * prompt): their NSINFO_TYPE_BIT()s in *types, 0 for an empty list. On an
 * unknown word -EINVAL, with *bad and *badlen naming it.
 */
int cli_types_parse(const char *list, unsigned int *types, const char **bad, size_t *badlen);

/* After out_print() or fflush(stdout) failed with rc (-errno): a closed
 * pipe ends the run quietly with 0, anything else says "write error" and
 * exits EXIT_TROUBLE (-ENOMEM: "out of memory"). */
__attribute__((noreturn)) void cli_write_failed(int rc);

/*
 * After the output, on standard error: what the scan could not read. Up
 * to three processes whose namespace links were denied are named, with
 * their command and why, as their /proc/PID/status tells it:
 *   TOOL: PID 1 (init) could not be read: it holds capabilities we lack
 * ("it runs as another user", else "permission denied"); more are
 * counted in one line:
 *   TOOL: 40 of 212 processes could not be read: permission denied
 * then threads denied, and tasks a hidepid= proc hides, a line each.
 * Nothing when the source in use read everything.
 */
void cli_say_denied(const struct nsinfo_snapshot *snap);
/* What /proc/PID/status says that tells why a read was denied (denied.c):
 * the lines of text parsed into st (which starts zeroed). */
struct cli_status {
	char name[64];
	uint64_t cap_prm, cap_eff;
	unsigned long uid[4];	/* real, effective, saved, filesystem */
	unsigned int have;	/* bits: 1 Name, 2 CapPrm, 4 CapEff, 8 Uid */
};
void cli_parse_status(const char *text, struct cli_status *st);

/* Where --help writes: stdout, with SIGPIPE ignored from here on (the
 * process exits after the text), so a text longer than the stdio buffer
 * meets a closed pipe as EPIPE, quietly, as every output does. */
FILE *cli_help_stream(void);

/* atexit: fail the run when stdout could not be written (EPIPE stays
 * quiet: `nsls | head` is fine). */
void cli_close_stdout(void);

#endif
