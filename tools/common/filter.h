/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * filter.h - row filters in the language of scols-filter(5), the one
 * lsns -Q (util-linux 2.40) takes: nsls -Q and nstop's `/`.
 *
 *   expr:  param | ( expr ) | ! expr | not expr
 *        | expr && expr | expr and expr | expr || expr | expr or expr
 *        | expr OP expr		OP: == != < <= > >= and eq ne lt le gt ge
 *        | expr =~ "regex" | expr !~ "regex"
 *   param: 123 | 4K (| M G T P E Z Y, "KiB" too: powers of 1024) | 1.5
 *        | "string" | 'string' | true | false | COLUMN
 *
 * Word operators are all lower or all upper case (and, AND); a column is
 * named as -o names it, in any case ("%CPU" too, an extension: the
 * grammar's names start with a letter). As libsmartcols parses it, &&
 * and || bind equally and from the left, and ! binds as tightly as a
 * comparison (! A == B is (! A) == B): parentheses say the rest.
 *
 * Values are typed by the column catalogue (struct out_column .json): a
 * number column (OUT_JSON_NUMBER) compares as a number, an AGE cell in
 * seconds; OUT_JSON_BOOLEAN as a boolean; anything else as the text the
 * table shows (escaped as there, a list joined with ','). A comparison
 * takes the type of its literal ("denied" compares as text, 5 as a
 * number); of two numbers, one with a fraction makes it exact decimal
 * arithmetic in long double. An empty cell is NULL: alone it is false
 * (`! NAME`: the rows without a NAME); a number or boolean comparison
 * with NULL, or with a cell that is not a number, is false whatever the
 * operator; in a string comparison NULL sorts before every string ("" as
 * well), and a regular expression sees "". Regular expressions are POSIX
 * extended (regcomp REG_EXTENDED | REG_NOSUB), matched anywhere unless
 * anchored.
 *
 * The parser is ours (recursive descent, an AST, no global state); with
 * libsmartcols 2.40 or later the build uses scols_filter instead
 * (NSINFO_HAVE_SCOLS_FILTER from build.mk), through the same calls. Our
 * parser takes at most FILTER_MAX_DEPTH levels of nesting, so no input
 * can run the stack out.
 */
#ifndef NSINFO_FILTER_H
#define NSINFO_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "columns.h"
#include "output.h"

#define FILTER_MAX_DEPTH 256

struct filter;

/* Why an expression was refused: a one-line message and where. */
struct filter_error {
	size_t pos;		/* byte offset + 1 in the expression; 0: none */
	char msg[192];		/* "unexpected ')' at 12" (the position in it) */
	bool saw_operator;	/* an operator token came before the error */
};

/*
 * Parse expr against the catalogue cols[0..ncols-1]: *f, 0; -EINVAL for
 * an expression that is not one (err says why; an unknown column is
 * "unknown column 'FOO'"), -ENOMEM.
 */
int filter_new(struct filter **f, const char *expr, const struct out_column *cols, size_t ncols,
	       struct filter_error *err);
void filter_free(struct filter *f);

/* The expression has an operator (it is not a lone value or column). */
bool filter_has_operator(const struct filter *f);
/* The catalogue ids of the columns it names, each once, in order. */
const int *filter_columns(const struct filter *f, size_t *n);
/* What those columns need the scan to read (their .needs, ORed). */
unsigned int filter_scan_flags(const struct filter *f);
/* "nsinfo" (ours) or "libsmartcols". */
const char *filter_engine(void);

/*
 * The expression on one row whose cell i (i indexes filter_columns()) is
 * get(arg, i): its text as the table shows it, NULL when empty. 1 true,
 * 0 false, -ENOMEM.
 */
typedef const char *(*filter_value_fn)(void *arg, size_t i);
int filter_eval(struct filter *f, filter_value_fn get, void *arg);

/*
 * A row to fill with cells 0..n-1 of filter_columns(), with the view's
 * own filler (the previous one is dropped); NULL on ENOMEM. Then
 * filter_match_row(): 1, 0 or -ENOMEM.
 */
struct out_row *filter_row(struct filter *f);
int filter_match_row(struct filter *f);

/* The same with the caller's filler: fill(arg, row, pos, id) makes cell
 * pos of catalogue column id (0 or -ENOMEM). 1, 0 or -ENOMEM. */
typedef int (*filter_fill_fn)(void *arg, struct out_row *row, size_t pos, int id);
int filter_match(struct filter *f, filter_fill_fn fill, void *arg);

/* The same for a row of each catalogue of columns.h: 1, 0 or -ENOMEM. */
int filter_match_ns(struct filter *f, const struct columns_ctx *ctx, const struct nsinfo_ns *ns);
int filter_match_proc(struct filter *f, const struct columns_ctx *ctx, const struct nsinfo_proc *p,
		      pid_t tid, size_t split);
int filter_match_group(struct filter *f, const struct columns_ctx *ctx, const struct col_group *g);

/* For a tool: a filter_match*() result as a bool; -ENOMEM exits. */
bool filter_keep(int rc);

/*
 * For a tool's command line: the filter of -Q EXPR over cols, or a
 * usage error ("TOOL: filter: unexpected ')' at 12", exit EXIT_TROUBLE);
 * out of memory exits too.
 */
struct filter *filter_new_or_exit(const char *expr, const struct out_column *cols, size_t ncols);

#endif
