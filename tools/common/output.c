// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * output.c - rows kept in memory, printed at the end in one go: nothing
 * reaches stdout before every row is known, so bad input never leaves half
 * a table behind.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <libsmartcols.h>

#include "output.h"

struct out_row {
	size_t ncells;
	char **cells;
	unsigned char *marks;
	struct out_row *parent;
	struct out_row *first_child, *last_child, *next;
	struct libscols_line *line;	/* while printing a table */
};

struct out {
	const struct out_column *cols;
	int *ids;
	size_t ncols;
	struct out_opts opts;
	struct out_row **rows;		/* every row, in insertion order */
	size_t nrows, cap;
	struct out_row *first, *last;	/* top level */
	cJSON *extra;			/* more top-level JSON members */
};

struct out *out_new(const struct out_column *cols, const int *ids, size_t n,
		    const struct out_opts *opts)
{
	struct out *out = calloc(1, sizeof(*out));

	if (!out)
		return NULL;
	out->ids = malloc((n ? n : 1) * sizeof(*ids));
	if (!out->ids) {
		free(out);
		return NULL;
	}
	memcpy(out->ids, ids, n * sizeof(*ids));
	out->cols = cols;
	out->ncols = n;
	out->opts = *opts;
	return out;
}

static void row_free(struct out_row *row, size_t ncols)
{
	for (size_t i = 0; i < ncols; i++)
		free(row->cells[i]);
	free(row->cells);
	free(row->marks);
	free(row);
}

void out_free(struct out *out)
{
	if (!out)
		return;
	for (size_t i = 0; i < out->nrows; i++)
		row_free(out->rows[i], out->ncols);
	free(out->rows);
	free(out->ids);
	cJSON_Delete(out->extra);
	free(out);
}

int out_json_member(struct out *out, const char *key, const char *json)
{
	cJSON *v = cJSON_Parse(json);

	if (!v)
		return -EINVAL;
	if (!out->extra && !(out->extra = cJSON_CreateObject())) {
		cJSON_Delete(v);
		return -ENOMEM;
	}
	if (!cJSON_AddItemToObject(out->extra, key, v)) {
		cJSON_Delete(v);
		return -ENOMEM;
	}
	return 0;
}

struct out_row *out_row(struct out *out, struct out_row *parent)
{
	struct out_row *row;

	if (out->nrows == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 64;
		struct out_row **v = realloc(out->rows, cap * sizeof(*v));

		if (!v)
			return NULL;
		out->rows = v;
		out->cap = cap;
	}
	row = calloc(1, sizeof(*row));
	if (!row)
		return NULL;
	row->cells = calloc(out->ncols ? out->ncols : 1, sizeof(*row->cells));
	row->marks = calloc(out->ncols ? out->ncols : 1, 1);
	if (!row->cells || !row->marks) {
		row_free(row, 0);
		return NULL;
	}
	row->ncells = out->ncols;
	row->parent = parent;
	if (parent) {
		if (parent->last_child)
			parent->last_child->next = row;
		else
			parent->first_child = row;
		parent->last_child = row;
	} else {
		if (out->last)
			out->last->next = row;
		else
			out->first = row;
		out->last = row;
	}
	out->rows[out->nrows++] = row;
	return row;
}

int out_set(struct out_row *row, size_t pos, const char *text)
{
	char *copy = NULL;

	if (pos >= row->ncells)
		return -EINVAL;
	if (text) {
		copy = strdup(text);
		if (!copy)
			return -ENOMEM;
	}
	free(row->cells[pos]);
	row->cells[pos] = copy;
	return 0;
}

int out_setf(struct out_row *row, size_t pos, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	if (pos >= row->ncells)
		return -EINVAL;
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	free(row->cells[pos]);
	row->cells[pos] = s;
	return 0;
}

void out_mark(struct out_row *row, size_t pos, enum out_mark mark)
{
	if (pos < row->ncells)
		row->marks[pos] = (unsigned char)mark;
}

/* ---- JSON ---- */

static bool is_json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	/* no leading zeros: JSON forbids them */
	if (s[0] == '0' && s[1])
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static char *json_key(const char *name)
{
	char *k = strdup(name);

	for (char *p = k; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return k;
}

static cJSON *json_row(const struct out *out, const struct out_row *row,
		       char **keys, bool tree)
{
	cJSON *obj = cJSON_CreateObject();

	if (!obj)
		return NULL;
	for (size_t i = 0; i < out->ncols; i++) {
		const struct out_column *c = &out->cols[out->ids[i]];
		const char *v = row->cells[i];
		cJSON *item;

		if (!v || !*v)
			item = cJSON_CreateNull();
		else if (c->json == OUT_JSON_NUMBER && is_json_number(v))
			/* raw: 64-bit values keep every digit (a double
			 * would round inode and id numbers above 2^53) */
			item = cJSON_CreateRaw(v);
		else if (c->json == OUT_JSON_BOOLEAN)
			item = cJSON_CreateBool(strcmp(v, "0") != 0);
		else
			item = cJSON_CreateString(v);
		if (!item || !cJSON_AddItemToObject(obj, keys[i], item)) {
			cJSON_Delete(item);
			cJSON_Delete(obj);
			return NULL;
		}
	}
	if (tree && row->first_child) {
		cJSON *kids = cJSON_AddArrayToObject(obj, "children");

		if (!kids)
			goto fail;
		for (const struct out_row *k = row->first_child; k; k = k->next) {
			cJSON *child = json_row(out, k, keys, tree);

			if (!child || !cJSON_AddItemToArray(kids, child)) {
				cJSON_Delete(child);
				goto fail;
			}
		}
	}
	return obj;
fail:
	cJSON_Delete(obj);
	return NULL;
}

static int print_json(const struct out *out, FILE *stream)
{
	cJSON *root = cJSON_CreateObject(), *arr;
	char **keys = calloc(out->ncols ? out->ncols : 1, sizeof(*keys));
	bool tree = false;
	char *text = NULL;
	int rc = -ENOMEM;

	for (size_t i = 0; i < out->ncols; i++)
		if (out->cols[out->ids[i]].flags & OUT_TREE)
			tree = true;
	if (!root || !keys)
		goto done;
	for (size_t i = 0; i < out->ncols; i++)
		if (!(keys[i] = json_key(out->cols[out->ids[i]].name)))
			goto done;
	arr = cJSON_AddArrayToObject(root, out->opts.json_key);
	if (!arr)
		goto done;
	for (size_t i = 0; i < out->nrows; i++) {
		const struct out_row *row = out->rows[i];
		cJSON *obj;

		if (tree && row->parent)
			continue;	/* nested under its parent */
		obj = json_row(out, row, keys, tree);
		if (!obj || !cJSON_AddItemToArray(arr, obj)) {
			cJSON_Delete(obj);
			goto done;
		}
	}
	for (cJSON *m = out->extra ? out->extra->child : NULL; m; m = m->next) {
		cJSON *copy = cJSON_Duplicate(m, 1);

		if (!copy || !cJSON_AddItemToObject(root, m->string, copy)) {
			cJSON_Delete(copy);
			goto done;
		}
	}
	text = cJSON_Print(root);
	if (!text)
		goto done;
	errno = 0;
	if (fputs(text, stream) < 0 || fputc('\n', stream) < 0)
		rc = errno ? -errno : -EIO;
	else
		rc = 0;
done:
	free(text);
	for (size_t i = 0; keys && i < out->ncols; i++)
		free(keys[i]);
	free(keys);
	cJSON_Delete(root);
	return rc;
}

/* ---- table / raw ---- */

static const char *mark_color(enum out_mark m)
{
	switch (m) {
	case OUT_MARK_DENIED:
		return "red";
	default:
		return NULL;
	}
}

/* -W and raw output: a multi-line value on one line, comma-separated. */
static char *one_line(const char *v)
{
	char *s = strdup(v);

	for (char *p = s; p && *p; p++)
		if (*p == '\n')
			*p = ',';
	return s;
}

static int print_table(struct out *out, FILE *stream)
{
	struct libscols_table *tb = scols_new_table();
	bool raw = out->opts.format == OUT_RAW;
	int rc = -ENOMEM;

	if (!tb)
		return -ENOMEM;
	scols_table_set_stream(tb, stream);
	scols_table_enable_raw(tb, raw);
	scols_table_enable_noheadings(tb, out->opts.noheadings);
	scols_table_enable_colors(tb, out->opts.color);
	scols_table_enable_nowrap(tb, out->opts.nowrap);
	for (size_t i = 0; i < out->ncols; i++) {
		const struct out_column *c = &out->cols[out->ids[i]];
		unsigned int fl = 0;
		struct libscols_column *cl;

		if (c->flags & OUT_RIGHT)
			fl |= SCOLS_FL_RIGHT;
		if ((c->flags & OUT_TRUNC) && !out->opts.notruncate)
			fl |= SCOLS_FL_TRUNC;
		if (c->flags & OUT_TREE)
			fl |= SCOLS_FL_TREE;
		if ((c->flags & OUT_WRAP) && !out->opts.nowrap && !raw)
			fl |= SCOLS_FL_WRAP;
		cl = scols_table_new_column(tb, c->name, c->whint, (int)fl);
		if (!cl)
			goto done;
		if (fl & SCOLS_FL_WRAP) {
			/* one value per line; without safechars libsmartcols
			 * prints the newline as \x0a */
			scols_column_set_wrapfunc(cl, scols_wrapnl_chunksize,
						  scols_wrapnl_nextchunk, NULL);
			scols_column_set_safechars(cl, "\n");
		}
		if (out->opts.color)
			scols_cell_set_color(scols_column_get_header(cl), "bold");
	}
	/* rows in insertion order: a parent is always added before its
	 * children */
	for (size_t r = 0; r < out->nrows; r++) {
		struct out_row *row = out->rows[r];
		struct libscols_line *ln;

		ln = scols_table_new_line(tb, row->parent ? row->parent->line : NULL);
		if (!ln)
			goto done;
		row->line = ln;
		for (size_t i = 0; i < out->ncols; i++) {
			const struct out_column *c = &out->cols[out->ids[i]];
			const char *v = row->cells[i];
			const char *color = mark_color((enum out_mark)row->marks[i]);

			if (!v)
				continue;
			if ((c->flags & OUT_WRAP) && (out->opts.nowrap || raw) && strchr(v, '\n')) {
				char *s = one_line(v);

				if (!s || scols_line_refer_data(ln, i, s) < 0) {
					free(s);
					goto done;
				}
			} else if (scols_line_set_data(ln, i, v) < 0) {
				goto done;
			}
			if (out->opts.color && color)
				scols_cell_set_color(scols_line_get_cell(ln, i), color);
		}
	}
	errno = 0;
	rc = scols_print_table(tb) < 0 ? (errno ? -errno : -EIO) : 0;
done:
	scols_unref_table(tb);
	return rc;
}

int out_print(struct out *out, FILE *stream)
{
	if (out->opts.format == OUT_JSON)
		return print_json(out, stream);
	return print_table(out, stream);
}
