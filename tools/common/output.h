/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * output.h - the one output layer of every tool: rows of text cells, shown
 * as an aligned table or raw (libsmartcols), or as JSON (libcjson), flat or
 * as a tree. Tools fill cells; nothing else in a tool formats output.
 *
 * Cell text comes from the system (paths, command lines, names) and may
 * hold any byte but NUL. The layer escapes it here, the same way in every
 * column, the way util-linux does: in the table a control character, DEL,
 * a byte not valid in the locale, a character that is not printable and
 * the backslash of "\x" become \xNN; raw output escapes as lsns -r does
 * (also blanks and every backslash). A list cell (out_add_item) is joined
 * here, each item escaped first, the separator inside an item too, so no
 * item can look like two. JSON strings are escaped by libcjson.
 */
#ifndef NSINFO_OUTPUT_H
#define NSINFO_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum out_col_flags {
	OUT_RIGHT = 1u << 0,	/* numbers */
	OUT_TRUNC = 1u << 1,	/* may be cut to fit the terminal (-u: never) */
	OUT_WRAP  = 1u << 2,	/* a list cell: one item per line (-W, raw:
				 * joined with ',') */
	OUT_TREE  = 1u << 3,	/* carries the tree art (fixed in a catalogue;
				 * a view that is a tree only sometimes says
				 * so in out_opts instead) */
};

enum out_json {
	OUT_JSON_STRING,
	OUT_JSON_NUMBER,	/* a decimal value is a JSON number; other text
				 * ("unassigned") stays a string */
	OUT_JSON_BOOLEAN,
	OUT_JSON_ARRAY,		/* the cell's out_set_json() value, an array */
	OUT_JSON_OBJECT,	/* the same, an object (PSI) */
};

/* One column of a tool's table (the catalogue -o chooses from). */
struct out_column {
	const char *name;	/* header, -o name; lowercased it is the JSON key */
	double whint;		/* libsmartcols width hint */
	unsigned int flags;	/* enum out_col_flags */
	enum out_json json;
	const char *help;	/* one line for --help and -H */
	/* What filling the column needs read, in the bits of whoever fills
	 * it (NSINFO_SCAN_* in tools/common/columns.h): the catalogue row
	 * says it once, the tool ORs the selection into its scan. The
	 * output layer never looks at it. */
	unsigned int needs;
};

enum out_format { OUT_TABLE, OUT_RAW, OUT_JSON };

struct out_opts {
	enum out_format format;
	bool noheadings;
	bool notruncate;
	bool nowrap;
	bool color;		/* resolved by cli_color_wanted() */
	const char *json_key;	/* "namespaces" */
	/* JSON: "schema": this (schema.h), the member after json_key's;
	 * NULL: none */
	const char *json_schema;
	/*
	 * tree: column tree_col (a catalogue id; every time it is selected)
	 * carries the tree art, as if flagged OUT_TREE. The caller says it
	 * per table because the same const catalogue serves flat and tree
	 * views (nsls's process view is flat, its NSID view a tree), and a
	 * catalogue shared by every tool must not be patched at run time.
	 */
	bool tree;
	int tree_col;
	/* tree art in ASCII even on a UTF-8 terminal (libsmartcols picks
	 * UTF-8 art from the locale by itself) */
	bool ascii;
	/* raw output of a tree draws the art in the tree column too,
	 * escaped with the cell, as lsns -r prints it (nsls); without it a
	 * raw tree is its rows depth first, no art (nstree, whose PARENT
	 * column says what is under what) */
	bool raw_art;
	/* a table with no rows still shows its headings (a monitor's frame
	 * says what it would show; a listing prints nothing, as lsns) */
	bool empty_headings;
	/* the rows are only ever shown as text (a monitor's screen, its
	 * text frames): out_set_json() drops its value, fillers may skip
	 * making one (out_row_wants_json()), out_row_json() is NULL and
	 * out_cell_value() the cell's text. Ignored for OUT_JSON. */
	bool text_only;
};

/* How a cell is marked; colored on a terminal. ALERT: a figure near its
 * limit (a container at 90% of its memory limit). */
enum out_mark { OUT_MARK_NONE, OUT_MARK_DENIED, OUT_MARK_ALERT };

struct out;
struct out_row;
struct cJSON;

/* A table over cols[ids[0..n-1]]; NULL on ENOMEM. */
struct out *out_new(const struct out_column *cols, const int *ids, size_t n,
		    const struct out_opts *opts);
void out_free(struct out *out);
/* A row, under parent (NULL: top level); NULL on ENOMEM. */
struct out_row *out_row(struct out *out, struct out_row *parent);
/* Set cell `pos` (index into ids[]) to a copy of text; NULL leaves it
 * empty (JSON null). 0, -EINVAL (no such cell) or -ENOMEM. */
int out_set(struct out_row *row, size_t pos, const char *text);
int out_setf(struct out_row *row, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Append a copy of text as one more item of a list cell (an OUT_WRAP
 * column): one item a line in the table, joined with ',' by -W and raw,
 * joined with newlines into one JSON string unless out_set_json() gave
 * the cell a value of its own. 0, -EINVAL or -ENOMEM. */
int out_add_item(struct out_row *row, size_t pos, const char *text);
int out_add_itemf(struct out_row *row, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The cell's value in -J, in place of its text or items (which the table
 * and raw output keep showing). Takes v, also on error; v NULL (a cJSON
 * constructor that failed) is -ENOMEM. 0, -EINVAL or -ENOMEM. */
int out_set_json(struct out_row *row, size_t pos, struct cJSON *v);
/* false: the row's table is text_only, a JSON value would be dropped */
bool out_row_wants_json(const struct out_row *row);
/* A cell whose fact could not be read: "-" (or the text it has already)
 * in the table and raw output,
 * null in JSON, and why in the row's "unknown" object under the cell's
 * key ({"memmax": "memory.max: permission denied"}), so no reader takes
 * it for a zero. 0, -EINVAL or -ENOMEM. */
int out_set_unknown(struct out_row *row, size_t pos, const char *why);
/* A JSON number with every digit (a cJSON number is a double, which
 * rounds above 2^53); NULL on ENOMEM. */
struct cJSON *out_json_uint(unsigned long long v);
struct cJSON *out_json_int(long long v);
/* The rule of every cell: text escaped for the table or raw output, or
 * (OUT_JSON) for joining into one JSON string: there only sep and the
 * backslash of "\x". sep: escape that byte too (the list separator), 0
 * none. malloc'd, NULL on ENOMEM. */
char *out_escape(const char *text, enum out_format format, char sep);
void out_mark(struct out_row *row, size_t pos, enum out_mark mark);
/*
 * For a screen that draws cells itself (nstop): what cell pos shows in
 * the table, escaped as there (a list joined with ','), malloc'd; NULL
 * for an empty cell (errno 0) or on ENOMEM / a bad pos (errno set).
 */
char *out_cell_text(const struct out *out, const struct out_row *row, size_t pos);
/* out_cell_text() without a copy, for a cell that shows its one text (or
 * a list's one item) as it is (printable ASCII, nothing to escape): that
 * text, owned by the row and valid while it lives; NULL for any other
 * cell (ask out_cell_text()). */
const char *out_cell_verbatim(const struct out_row *row, size_t pos);
/*
 * What a filter compares (-Q): for a number column whose cell carries its
 * JSON number (MEM's bytes where the table shows "64M"), that number as
 * text; NULL (errno 0) for its JSON null ("max", unreadable); else
 * out_cell_text(). malloc'd; NULL with errno set on ENOMEM.
 */
char *out_cell_value(const struct out *out, const struct out_row *row, size_t pos);
enum out_mark out_cell_mark(const struct out_row *row, size_t pos);
/* The row as -J shows it (children left out); NULL on ENOMEM, or
 * (EINVAL) for a text_only table. */
struct cJSON *out_row_json(const struct out *out, const struct out_row *row);
/* JSON only: one more top-level member, key: json (a JSON text, checked
 * here). 0, -EINVAL (not JSON) or -ENOMEM. */
int out_json_member(struct out *out, const char *key, const char *json);
/* The same with a JSON string of text (escaped here). 0 or -ENOMEM. */
int out_json_member_string(struct out *out, const char *key, const char *text);
/* A flat table's rows become order[0..n-1], in that order; every other
 * row is freed (a monitor prints its rows sorted and filtered). 0, or
 * -EINVAL for a tree or rows not of this table. */
int out_select_rows(struct out *out, struct out_row *const *order, size_t n);
/*
 * Who lays out a table (OUT_TABLE). AUTO: the output layer's own plain
 * printer when the table is one it prints exactly as libsmartcols would
 * (off a terminal, no tree, no color, printable ASCII on one line: see
 * output.c), else libsmartcols. SCOLS: always libsmartcols. PLAIN: the
 * plain printer or nothing (out_print() is -ENOTSUP). Tests compare the
 * two; tools leave it AUTO.
 */
enum out_engine { OUT_ENGINE_AUTO, OUT_ENGINE_SCOLS, OUT_ENGINE_PLAIN };
void out_set_engine(struct out *out, enum out_engine engine);
/* Print all rows and flush the stream; 0 or -errno. A closed pipe is
 * -EPIPE, never a SIGPIPE (ignored meanwhile, then put back). */
int out_print(struct out *out, FILE *stream);

#endif
