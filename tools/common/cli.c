// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cli.c - shared command-line helpers (see cli.h).
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "nsinfo.h"
#include "cli.h"
#include "schema.h"

/* The status of a usage error, bad input or a system error: 1, or what
 * the tool set (nsdiff: 2, as diff and cmp). */
static int trouble_status = EXIT_TROUBLE;

void cli_set_trouble_status(int status)
{
	trouble_status = status;
}

int cli_column_lookup(const struct out_column *cols, size_t ncols,
		      const char *name, size_t len)
{
	for (size_t i = 0; i < ncols; i++)
		if (strlen(cols[i].name) == len && strncasecmp(cols[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

bool cli_columns_has(const struct cli_columns *sel, int id)
{
	for (size_t i = 0; i < sel->n; i++)
		if (sel->ids[i] == id)
			return true;
	return false;
}

void cli_columns_add(struct cli_columns *sel, int id)
{
	if (!cli_columns_has(sel, id) && sel->n < CLI_MAX_COLUMNS)
		sel->ids[sel->n++] = id;
}

int cli_columns_parse(struct cli_columns *sel, const struct out_column *cols,
		      size_t ncols, const char *arg)
{
	struct cli_columns next = { .n = 0 };
	const char *p = arg;

	if (*p == '+') {
		next = *sel;
		p++;
	}
	if (!*p) {
		warnx("empty column list");
		return -1;
	}
	for (;;) {
		size_t len = strcspn(p, ",");
		int id = cli_column_lookup(cols, ncols, p, len);

		/* as lsns: "NS," and ",NS" name no column */
		if (!len) {
			warnx("empty column name in '%s'", arg);
			return -1;
		}
		if (id < 0) {
			warnx("unknown column '%.*s'", (int)len, p);
			return -1;
		}
		/* as lsns: a column named twice is shown twice */
		if (next.n == CLI_MAX_COLUMNS) {
			warnx("too many columns");
			return -1;
		}
		next.ids[next.n++] = id;
		p += len;
		if (!*p)
			break;
		p++;	/* the comma: a name must follow */
	}
	*sel = next;
	return 0;
}

int cli_list_columns(const struct out_column *cols, size_t ncols,
		     enum out_format format, bool noheadings)
{
	static const struct out_column catalogue[] = {
		{ "NAME", 0, 0, OUT_JSON_STRING, "column name", 0 },
		{ "TYPE", 0, 0, OUT_JSON_STRING, "JSON type of the column", 0 },
		{ "DESCRIPTION", 0, OUT_TRUNC, OUT_JSON_STRING, "what the column shows", 0 },
	};
	static const int ids[] = { 0, 1, 2 };
	static const char *const json_types[] = {
		[OUT_JSON_STRING] = "string",
		[OUT_JSON_NUMBER] = "number",
		[OUT_JSON_BOOLEAN] = "boolean",
		[OUT_JSON_ARRAY] = "array",
		[OUT_JSON_OBJECT] = "object",
	};
	struct out_opts o = { .format = format, .noheadings = noheadings,
			      .json_key = "columns", .json_schema = SCHEMA_COLUMNS };
	struct out *out = out_new(catalogue, ids, 3, &o);
	int rc = -ENOMEM;

	if (!out)
		return rc;
	for (size_t i = 0; i < ncols; i++) {
		struct out_row *row = out_row(out, NULL);

		if (!row || out_set(row, 0, cols[i].name) || out_set(row, 1, json_types[cols[i].json]) ||
		    out_set(row, 2, cols[i].help))
			goto done;
	}
	rc = out_print(out, stdout);
done:
	out_free(out);
	return rc;
}

int cli_color_parse(const char *when, enum cli_color *mode)
{
	static const char *const words[] = {
		[CLI_COLOR_AUTO] = "auto",
		[CLI_COLOR_ALWAYS] = "always",
		[CLI_COLOR_NEVER] = "never",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(when, words[i]) == 0) {
			*mode = (enum cli_color)i;
			return 0;
		}
	return -1;
}

void cli_color_option(const char *arg, enum cli_color *mode)
{
	if (!arg) {
		*mode = CLI_COLOR_AUTO;
		return;
	}
	if (cli_color_parse(arg, mode) < 0) {
		warnx("unsupported color mode '%s'", arg);
		cli_usage_error();
	}
}

void cli_check_conflicts(const bool *seen, size_t nseen, const struct cli_conflict *c,
			 size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((size_t)c[i].a < nseen && (size_t)c[i].b < nseen && seen[c[i].a] && seen[c[i].b]) {
			warnx("%s are mutually exclusive", c[i].why);
			cli_usage_error();
		}
}

bool cli_color_wanted(enum cli_color mode)
{
	const char *no = getenv("NO_COLOR");

	switch (mode) {
	case CLI_COLOR_ALWAYS:
		return true;
	case CLI_COLOR_NEVER:
		return false;
	default:
		/* https://no-color.org: set and not empty means no color */
		return isatty(STDOUT_FILENO) && !(no && *no);
	}
}

/* "auto, proc, kernel": the names of enum nsinfo_source, in order. */
static void source_names(char *buf, size_t len)
{
	const char *name;
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; (name = nsinfo_source_name((enum nsinfo_source)i)) && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "", name);
}

int cli_source_option(const char *arg)
{
	int source = nsinfo_source_from_name(arg);
	char names[64];

	if (source < 0) {
		source_names(names, sizeof(names));
		errx(trouble_status, "unknown source '%s' (%s)", arg, names);
	}
	return source;
}

void cli_scan_failed(int rc, const struct nsinfo_scan_opts *opts)
{
	const char *root = opts && opts->proc_root ? opts->proc_root : "/proc";
	char why[256] = "";
	int fd;

	if (rc == -ENOMEM)
		errx(trouble_status, "out of memory");
	if (opts && opts->source == NSINFO_SOURCE_KERNEL) {
		/* a proc root that opens: the kernel source said no (-EPERM,
		 * -EOPNOTSUPP, a load the kernel refused) or its read failed.
		 * The probe says why; it loads the programs again, but only on
		 * this way out. */
		fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			close(fd);
			if (nsinfo_source_probe(opts, why, sizeof(why)) == 0 || !why[0])
				snprintf(why, sizeof(why), "%s", strerror(-rc));
			errx(trouble_status, "kernel source: %s", why);
		}
	}
	errx(trouble_status, "cannot read %s: %s", root, strerror(-rc));
}

int cli_json_source(struct out *out, const struct nsinfo_snapshot *snap)
{
	const char *why = NULL;
	enum nsinfo_source source = nsinfo_snapshot_source(snap, &why);
	int rc = out_json_member_string(out, "source", nsinfo_source_name(source));

	if (rc == 0 && why)
		rc = out_json_member_string(out, "source_why", why);
	return rc;
}

void cli_print_version(void)
{
	char why[256] = "";
	int rc;

	printf("%s from nsinfo %s\n", program_invocation_short_name, NSINFO_VERSION);
	rc = nsinfo_source_probe(NULL, why, sizeof(why));
	if (rc < 0 && !why[0])
		snprintf(why, sizeof(why), "%s", strerror(-rc));
	if (rc == 0)
		printf("sources: %s, %s\n", nsinfo_source_name(NSINFO_SOURCE_PROC),
		       nsinfo_source_name(NSINFO_SOURCE_KERNEL));
	else
		printf("sources: %s (%s: %s)\n", nsinfo_source_name(NSINFO_SOURCE_PROC),
		       nsinfo_source_name(NSINFO_SOURCE_KERNEL), why);
	exit(EXIT_OK);
}

void cli_usage_error(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n",
		program_invocation_short_name);
	exit(trouble_status);
}

int cli_parse_pid(const char *arg)
{
	pid_t pid;

	if (nsinfo_parse_pid(arg, &pid) < 0)
		errx(trouble_status, "invalid PID '%s'", arg);
	return pid;
}

int cli_parse_number(const char *arg, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!arg || !*arg)
		return -EINVAL;
	/* strtoull() would take " 5", "+5" and "-5" (as a huge number); we
	 * never print a leading zero, so "05" is a typo, not a number */
	if (arg[0] == '0' && arg[1])
		return -EINVAL;
	for (const char *p = arg; *p; p++) {
		unsigned int d = (unsigned char)*p - '0';

		if (d > 9)
			return -EINVAL;
		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

void cli_write_failed(int rc)
{
	if (rc == -EPIPE)
		_exit(EXIT_OK);	/* the reader has what it wanted */
	if (rc == -ENOMEM)
		warnx("out of memory");
	else
		warnx("write error: %s", strerror(-rc));
	/* _exit: stdout is broken, flushing it again would say it twice */
	_exit(trouble_status);
}

FILE *cli_help_stream(void)
{
	signal(SIGPIPE, SIG_IGN);
	return stdout;
}

void cli_close_stdout(void)
{
	bool failed = ferror(stdout) != 0;

	/* what is left in the buffer (--help, --version) meets a closed
	 * pipe as EPIPE, quietly, not as a SIGPIPE; the process is exiting,
	 * so nothing runs with the disposition changed */
	signal(SIGPIPE, SIG_IGN);
	if (fclose(stdout) != 0)
		failed = true;
	if (failed && errno != EPIPE) {
		/* the process is exiting: _exit keeps atexit from running
		 * again and stdio from flushing a closed stream */
		if (errno)
			warn("write error");
		else
			warnx("write error");
		_exit(trouble_status);
	}
}

int cli_types_parse(const char *list, unsigned int *types, const char **bad, size_t *badlen)
{
	const char *p = list;

	*types = 0;
	while (*p) {
		size_t len = strcspn(p, ", ");
		char name[16];
		int t = -1;

		if (!len) {
			p++;
			continue;
		}
		if (len < sizeof(name)) {
			memcpy(name, p, len);
			name[len] = '\0';
			t = nsinfo_type_from_name(name);
		}
		if (t < 0) {
			*bad = p;
			*badlen = len;
			return -EINVAL;
		}
		*types |= NSINFO_TYPE_BIT(t);
		p += len;
	}
	return 0;
}
