// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * output.c - rows kept in memory, printed at the end in one go: nothing
 * reaches stdout before every row is known, so bad input never leaves half
 * a table behind.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include <cjson/cJSON.h>
#include <libsmartcols.h>

#include "output.h"
#include "schema.h"

/*
 * The texts of a table's cells live in its arena: blocks that out_free()
 * lets go all at once. A monitor's table has tens of thousands of cells a
 * frame, and a malloc() and free() for each was a fifth of nstop's user
 * time at 10k processes (bench/RESULTS.md). A text replaced stays in its
 * block until then: tables are short-lived, built once and printed.
 */
#define ARENA_BLOCK	(64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
};

struct out_arena {
	struct arena_block *head;	/* the block in use, then older ones */
};

/* n bytes of the arena (a text and its NUL); NULL on ENOMEM */
static char *arena_alloc(struct out_arena *a, size_t n)
{
	struct arena_block *b = a->head;

	if (!b || b->size - b->used < n) {
		/* a text too big for a block gets one of its own, behind
		 * the one in use, which keeps its room */
		size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;

		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->used = 0;
		b->size = size;
		if (size == n && a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	b->used += n;
	return b->data + b->used - n;
}

static char *arena_strdup(struct out_arena *a, const char *text, size_t len)
{
	char *s = arena_alloc(a, len + 1);

	if (s) {
		memcpy(s, text, len);
		s[len] = '\0';
	}
	return s;
}

/* printf into the arena; NULL on ENOMEM */
static char *arena_vprintf(struct out_arena *a, const char *fmt, va_list ap)
{
	char buf[256];
	va_list again;
	char *s;
	int n;

	va_copy(again, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0) {
		va_end(again);
		return NULL;
	}
	if ((size_t)n < sizeof(buf)) {
		va_end(again);
		return arena_strdup(a, buf, (size_t)n);
	}
	s = arena_alloc(a, (size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, again);
	va_end(again);
	return s;
}

static void arena_free(struct out_arena *a)
{
	while (a->head) {
		struct arena_block *b = a->head;

		a->head = b->next;
		free(b);
	}
}

/*
 * A cell: one text (in the table's arena), or a list of items (texts in
 * the arena too); and a value of its own for -J. Most cells are a text
 * alone: what else a cell may hold is in a block of its own, so a cell is
 * 24 bytes, not 56 (a listing of 5,000 namespaces has 30,000 cells, and
 * the table was the largest part of nsls's peak RSS: bench/RESULTS.md).
 */
struct cell_more {
	char **items;
	size_t nitems;
	cJSON *json;
	char *why;		/* out_set_unknown() */
};

struct out_cell {
	char *text;
	struct cell_more *more;	/* NULL: no items, JSON value or why */
	/* of text, found once when it is set (a monitor's cells were each
	 * scanned twice more, to be taken and to be printed): its length,
	 * and whether it is shown as it is (plain_verbatim(); never for a
	 * text of 4 GiB or more, whose length does not fit) */
	unsigned int len;
	bool plain;
};

static size_t cell_nitems(const struct out_cell *c)
{
	return c->more ? c->more->nitems : 0;
}

static cJSON *cell_json(const struct out_cell *c)
{
	return c->more ? c->more->json : NULL;
}

/* c's block for more than a text; NULL on ENOMEM */
static struct cell_more *cell_more(struct out_cell *c)
{
	if (!c->more)
		c->more = calloc(1, sizeof(*c->more));
	return c->more;
}

struct out_row {
	size_t ncells;
	struct out_cell *cells;
	unsigned char *marks;
	struct out_row *parent;
	struct out_row *first_child, *last_child, *next;
	struct libscols_line *line;	/* while printing a table */
	bool text_only;			/* its table's opts.text_only */
	struct out_arena *arena;	/* its table's */
};

struct out {
	const struct out_column *cols;
	int *ids;
	unsigned int *flags;		/* of each shown column: its own and
					 * OUT_TREE from opts */
	size_t ncols;
	struct out_opts opts;
	struct out_row **rows;		/* every row, in insertion order */
	size_t nrows, cap;
	struct out_row *first, *last;	/* top level */
	cJSON *extra;			/* more top-level JSON members */
	enum out_engine engine;
	struct out_arena arena;		/* the cells' texts */
};

struct out *out_new(const struct out_column *cols, const int *ids, size_t n,
		    const struct out_opts *opts)
{
	struct out *out = calloc(1, sizeof(*out));

	if (!out)
		return NULL;
	out->ids = malloc((n ? n : 1) * sizeof(*ids));
	out->flags = malloc((n ? n : 1) * sizeof(*out->flags));
	if (!out->ids || !out->flags) {
		free(out->ids);
		free(out->flags);
		free(out);
		return NULL;
	}
	memcpy(out->ids, ids, n * sizeof(*ids));
	for (size_t i = 0; i < n; i++) {
		out->flags[i] = cols[ids[i]].flags;
		/* the art grows from the left: a tree column is not
		 * right-aligned, numbers or not (lsns's NS under -T) */
		if (opts->tree && ids[i] == opts->tree_col)
			out->flags[i] = (out->flags[i] | OUT_TREE) & ~OUT_RIGHT;
	}
	out->cols = cols;
	out->ncols = n;
	out->opts = *opts;
	if (opts->format == OUT_JSON)
		out->opts.text_only = false;
	return out;
}

static void cell_clear(struct out_cell *c)
{
	if (c->more) {
		free(c->more->items);
		cJSON_Delete(c->more->json);
		free(c->more->why);
		free(c->more);
	}
	*c = (struct out_cell){ 0 };
}

static void row_free(struct out_row *row, size_t ncols)
{
	for (size_t i = 0; i < ncols; i++)
		cell_clear(&row->cells[i]);
	free(row);	/* its cells and marks with it (out_row()) */
}

void out_free(struct out *out)
{
	if (!out)
		return;
	for (size_t i = 0; i < out->nrows; i++)
		row_free(out->rows[i], out->ncols);
	free(out->rows);
	free(out->ids);
	free(out->flags);
	cJSON_Delete(out->extra);
	arena_free(&out->arena);
	free(out);
}

static int add_member(struct out *out, const char *key, cJSON *v)
{
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

int out_json_member(struct out *out, const char *key, const char *json)
{
	cJSON *v = cJSON_Parse(json);

	if (!v)
		return -EINVAL;
	return add_member(out, key, v);
}

int out_json_member_string(struct out *out, const char *key, const char *text)
{
	cJSON *v = cJSON_CreateString(text ? text : "");

	if (!v)
		return -ENOMEM;
	return add_member(out, key, v);
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
	/* one block: the row, its cells, its marks */
	row = calloc(1, sizeof(*row) + out->ncols * (sizeof(*row->cells) + 1));
	if (!row)
		return NULL;
	row->cells = (struct out_cell *)(row + 1);
	row->marks = (unsigned char *)(row->cells + out->ncols);
	row->ncells = out->ncols;
	row->text_only = out->opts.text_only;
	row->arena = &out->arena;
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

static bool plain_verbatim_len(const char *s, size_t *len);
static bool plain_verbatim(const char *s);

/* text's length, and whether it prints as is, in one pass */
static bool text_len(const char *text, size_t *len)
{
	bool plain = plain_verbatim_len(text, len);

	if (!plain)
		*len = strlen(text);
	return plain;
}

/* The cell becomes text (taken: the arena's), len bytes, plain as
 * plain_verbatim() says; its items and JSON value go. */
static void cell_take_text(struct out_cell *c, char *text, size_t len, bool plain)
{
	cell_clear(c);
	c->text = text;
	c->len = len <= UINT_MAX ? (unsigned int)len : 0;
	c->plain = plain && len <= UINT_MAX;
}

int out_set(struct out_row *row, size_t pos, const char *text)
{
	char *copy = NULL;
	bool plain = false;
	size_t len = 0;

	if (pos >= row->ncells)
		return -EINVAL;
	if (text) {
		plain = text_len(text, &len);
		copy = arena_strdup(row->arena, text, len);
		if (!copy)
			return -ENOMEM;
	}
	cell_take_text(&row->cells[pos], copy, len, plain);
	return 0;
}

int out_setf(struct out_row *row, size_t pos, const char *fmt, ...)
{
	va_list ap;
	size_t len;
	bool plain;
	char *s;

	if (pos >= row->ncells)
		return -EINVAL;
	va_start(ap, fmt);
	s = arena_vprintf(row->arena, fmt, ap);
	va_end(ap);
	if (!s)
		return -ENOMEM;
	plain = text_len(s, &len);
	cell_take_text(&row->cells[pos], s, len, plain);
	return 0;
}

static int cell_add_item(struct out_cell *c, char *item)
{
	struct cell_more *m = cell_more(c);
	char **v = m ? realloc(m->items, (m->nitems + 1) * sizeof(*v)) : NULL;

	if (!v)
		return -ENOMEM;
	m->items = v;
	m->items[m->nitems++] = item;
	/* a list and a single text never mix: items are what is shown */
	c->text = NULL;
	return 0;
}

int out_add_item(struct out_row *row, size_t pos, const char *text)
{
	char *copy;

	if (pos >= row->ncells || !text)
		return -EINVAL;
	copy = arena_strdup(row->arena, text, strlen(text));
	if (!copy)
		return -ENOMEM;
	return cell_add_item(&row->cells[pos], copy);
}

int out_add_itemf(struct out_row *row, size_t pos, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (pos >= row->ncells)
		return -EINVAL;
	va_start(ap, fmt);
	s = arena_vprintf(row->arena, fmt, ap);
	va_end(ap);
	if (!s)
		return -ENOMEM;
	return cell_add_item(&row->cells[pos], s);
}

int out_set_json(struct out_row *row, size_t pos, cJSON *v)
{
	if (!v)
		return -ENOMEM;
	if (pos >= row->ncells || row->text_only) {
		cJSON_Delete(v);
		return row->text_only && pos < row->ncells ? 0 : -EINVAL;
	}
	if (!cell_more(&row->cells[pos])) {
		cJSON_Delete(v);
		return -ENOMEM;
	}
	cJSON_Delete(row->cells[pos].more->json);
	row->cells[pos].more->json = v;
	return 0;
}

int out_set_unknown(struct out_row *row, size_t pos, const char *why)
{
	char *w;
	int rc;

	if (pos >= row->ncells)
		return -EINVAL;
	w = strdup(why ? why : "unknown");
	if (!w)
		return -ENOMEM;
	/* a text set before stays ("denied"): only its JSON and why change */
	rc = row->cells[pos].text ? 0 : out_set(row, pos, "-");
	if (rc == 0)
		rc = out_set_json(row, pos, cJSON_CreateNull());
	if (rc < 0) {
		free(w);
		return rc;
	}
	if (!cell_more(&row->cells[pos])) {
		free(w);
		return -ENOMEM;
	}
	free(row->cells[pos].more->why);
	row->cells[pos].more->why = w;
	return 0;
}

cJSON *out_json_uint(unsigned long long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%llu", v);
	return cJSON_CreateRaw(buf);
}

cJSON *out_json_int(long long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", v);
	return cJSON_CreateRaw(buf);
}

/* ---- escaping ---- */

/*
 * Whether the byte at s is shown as \xNN, and how many bytes (*len) the
 * answer covers. The table follows util-linux's mbs_safe_encode(): a
 * control byte (C0, DEL), the backslash that starts "\x" (so that every
 * \x in the output is an escape), a byte that is not a valid character
 * of the locale, and every byte of a character that is not printable
 * (C1 controls such as U+009B CSI). A printable byte that is not valid is
 * escaped too, unlike util-linux: libsmartcols would measure it, and
 * 2.38 loops forever on such bytes with encoding off. Raw output follows
 * libsmartcols's fputs_nonblank(), byte by byte, as lsns -r prints: also
 * blanks and every backslash.
 */
static bool must_escape(const char *s, enum out_format format, char sep,
			mbstate_t *st, size_t *len)
{
	unsigned char c = (unsigned char)*s;
	wchar_t wc;
	size_t n;

	*len = 1;
	if (sep && c == (unsigned char)sep)
		return true;
	switch (format) {
	case OUT_JSON:
		return c == '\\' && s[1] == 'x';
	case OUT_RAW:
		return isblank(c) || c == '\\' || !isprint(c) || iscntrl(c);
	case OUT_TABLE:
		break;
	}
	if (iscntrl(c) || c == 0x7f || (c == '\\' && s[1] == 'x'))
		return true;
	if (c < 0x80 && isprint(c))
		return false;
	n = mbrtowc(&wc, s, strnlen(s, MB_CUR_MAX), st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		memset(st, 0, sizeof(*st));
		return true;
	}
	*len = n;
	return !iswprint((wint_t)wc);
}

char *out_escape(const char *text, enum out_format format, char sep)
{
	char *out, *w;
	mbstate_t st;

	/* most text is shown as it is: a copy of its size */
	if (format == OUT_TABLE && plain_verbatim(text) && !(sep && strchr(text, sep)))
		return strdup(text);
	/* at worst every byte becomes four */
	out = w = malloc(4 * strlen(text) + 1);
	if (!out)
		return NULL;
	memset(&st, 0, sizeof(st));
	while (*text) {
		size_t len;
		bool esc = must_escape(text, format, sep, &st, &len);

		for (size_t i = 0; i < len; i++, text++) {
			if (esc)
				w += sprintf(w, "\\x%02x", (unsigned char)*text);
			else
				*w++ = *text;
		}
	}
	*w = '\0';
	return out;
}

/* The items of c, each escaped (sep inside an item too), joined by sep. */
static char *join_items(const struct out_cell *c, enum out_format format, char sep)
{
	size_t nitems = cell_nitems(c), len = 0;
	char **items = nitems ? c->more->items : NULL;
	char **esc;
	char *out = NULL, *w;

	/* the common list of one (HOLDERS: "3 processes"): nothing to join */
	if (nitems == 1)
		return out_escape(items[0], format, sep);
	/* most lists print as they are: joined in one block (an escaped
	 * copy of each item first was two thirds of printing a monitor's
	 * frame: HOLDERS) */
	if (format == OUT_TABLE) {
		bool plain = true;

		for (size_t i = 0; i < nitems && plain; i++) {
			size_t n = 0;

			plain = plain_verbatim_len(items[i], &n) && !memchr(items[i], sep, n);
			len += n + 1;
		}
		if (plain) {
			out = w = malloc(len ? len : 1);
			if (!out)
				return NULL;
			for (size_t i = 0; i < nitems; i++) {
				if (i)
					*w++ = sep;
				w = stpcpy(w, items[i]);
			}
			*w = '\0';
			return out;
		}
		len = 0;
	}
	esc = calloc(nitems ? nitems : 1, sizeof(*esc));
	if (!esc)
		return NULL;
	for (size_t i = 0; i < nitems; i++) {
		if (!(esc[i] = out_escape(items[i], format, sep)))
			goto done;
		len += strlen(esc[i]) + 1;
	}
	out = malloc(len ? len : 1);
	if (!out)
		goto done;
	w = out;
	for (size_t i = 0; i < nitems; i++) {
		if (i)
			*w++ = sep;
		w = stpcpy(w, esc[i]);
	}
	*w = '\0';
done:
	for (size_t i = 0; i < nitems; i++)
		free(esc[i]);
	free(esc);
	return out;
}

/*
 * What a cell shows in the table or raw output, escaped: NULL with
 * *empty set for an empty cell, NULL alone on ENOMEM. A list is one item
 * a line in a wrapping table column, else joined with commas.
 */
static char *cell_text(const struct out *out, const struct out_cell *c,
		       unsigned int flags, bool *empty)
{
	bool lines = out->opts.format == OUT_TABLE && (flags & OUT_WRAP) &&
		     !out->opts.nowrap;

	*empty = !cell_nitems(c) && !c->text;
	if (*empty)
		return NULL;
	if (cell_nitems(c))
		return join_items(c, out->opts.format, lines ? '\n' : ',');
	return out_escape(c->text, out->opts.format, 0);
}

char *out_cell_text(const struct out *out, const struct out_row *row, size_t pos)
{
	const struct out_cell *c;

	errno = EINVAL;
	if (pos >= row->ncells)
		return NULL;
	c = &row->cells[pos];
	errno = 0;
	if (!cell_nitems(c) && !c->text)
		return NULL;
	errno = ENOMEM;
	if (cell_nitems(c))
		return join_items(c, OUT_TABLE, ',');
	(void)out;
	return out_escape(c->text, OUT_TABLE, 0);
}

const char *out_cell_verbatim(const struct out_row *row, size_t pos)
{
	const struct out_cell *c;

	if (pos >= row->ncells)
		return NULL;
	c = &row->cells[pos];
	if (cell_nitems(c) == 1) {	/* a list of one, shown as its item */
		const char *item = c->more->items[0];

		return plain_verbatim(item) && !strchr(item, ',') ? item : NULL;
	}
	return !cell_nitems(c) && c->text && c->plain ? c->text : NULL;
}

char *out_cell_value(const struct out *out, const struct out_row *row, size_t pos)
{
	const cJSON *j;

	if (pos < row->ncells && pos < out->ncols && out->cols[out->ids[pos]].json == OUT_JSON_NUMBER &&
	    (j = cell_json(&row->cells[pos]))) {
		char *s = NULL;

		errno = 0;
		if (cJSON_IsNull(j))
			return NULL;
		errno = ENOMEM;
		if (cJSON_IsRaw(j))
			s = strdup(j->valuestring);
		else if (cJSON_IsNumber(j))
			s = cJSON_PrintUnformatted(j);
		if (s || cJSON_IsRaw(j) || cJSON_IsNumber(j))
			return s;
	}
	return out_cell_text(out, row, pos);
}

enum out_mark out_cell_mark(const struct out_row *row, size_t pos)
{
	return pos < row->ncells ? (enum out_mark)row->marks[pos] : OUT_MARK_NONE;
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
		const struct out_cell *cell = &row->cells[i];
		const char *v = cell->text;
		char *joined;
		cJSON *item;

		if (cell_json(cell)) {
			item = cJSON_Duplicate(cell_json(cell), 1);
		} else if (cell_nitems(cell)) {
			/* one string, an item a line, as lsns prints NSFS */
			joined = join_items(cell, OUT_JSON, '\n');
			item = joined ? cJSON_CreateString(joined) : NULL;
			free(joined);
		} else if (!v || !*v) {
			item = cJSON_CreateNull();
		} else if (c->json == OUT_JSON_NUMBER && is_json_number(v)) {
			/* raw: 64-bit values keep every digit (a double
			 * would round inode and id numbers above 2^53) */
			item = cJSON_CreateRaw(v);
		} else if (c->json == OUT_JSON_BOOLEAN) {
			item = cJSON_CreateBool(strcmp(v, "0") != 0);
		} else {
			item = cJSON_CreateString(v);
		}
		if (!item || !cJSON_AddItemToObject(obj, keys[i], item)) {
			cJSON_Delete(item);
			cJSON_Delete(obj);
			return NULL;
		}
	}
	for (size_t i = 0; i < out->ncols; i++) {
		const struct cell_more *m = row->cells[i].more;
		cJSON *unknown = cJSON_GetObjectItemCaseSensitive(obj, "unknown");

		if (!m || !m->why)
			continue;
		if (!unknown && !(unknown = cJSON_AddObjectToObject(obj, "unknown")))
			goto fail;
		if (!cJSON_AddItemToObject(unknown, keys[i], cJSON_CreateString(m->why)))
			goto fail;
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

bool out_row_wants_json(const struct out_row *row)
{
	return !row->text_only;
}

cJSON *out_row_json(const struct out *out, const struct out_row *row)
{
	char **keys;
	cJSON *obj = NULL;

	if (out->opts.text_only) {
		errno = EINVAL;
		return NULL;
	}
	keys = calloc(out->ncols ? out->ncols : 1, sizeof(*keys));
	if (!keys)
		return NULL;
	for (size_t i = 0; i < out->ncols; i++)
		if (!(keys[i] = json_key(out->cols[out->ids[i]].name)))
			goto done;
	obj = json_row(out, row, keys, false);
done:
	for (size_t i = 0; i < out->ncols; i++)
		free(keys[i]);
	free(keys);
	return obj;
}

static int print_json(const struct out *out, FILE *stream)
{
	cJSON *root = cJSON_CreateObject(), *arr;
	char **keys = calloc(out->ncols ? out->ncols : 1, sizeof(*keys));
	bool tree = false;
	char *text = NULL;
	int rc = -ENOMEM;

	for (size_t i = 0; i < out->ncols; i++)
		if (out->flags[i] & OUT_TREE)
			tree = true;
	if (!root || !keys)
		goto done;
	for (size_t i = 0; i < out->ncols; i++)
		if (!(keys[i] = json_key(out->cols[out->ids[i]].name)))
			goto done;
	arr = cJSON_AddArrayToObject(root, out->opts.json_key);
	if (!arr)
		goto done;
	/* after the rows' key, which lsns prints first (and scripts may
	 * take as the first) */
	if (out->opts.json_schema &&
	    !cJSON_AddStringToObject(root, SCHEMA_KEY, out->opts.json_schema))
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
	case OUT_MARK_ALERT:
		return "\033[1;33m";
	default:
		return NULL;
	}
}

/* libsmartcols's tree art: UTF-8 in a UTF-8 locale unless ASCII is asked. */
struct tree_art {
	const char *branch, *vert, *right;
};

static struct tree_art tree_art(const struct out *out)
{
	if (!out->opts.ascii && strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return (struct tree_art){ "\u251c\u2500", "\u2502 ", "\u2514\u2500" };
	return (struct tree_art){ "|-", "| ", "`-" };
}

/* The art before a row's cell, as libsmartcols draws it: for each
 * ancestor below the top a bar (or blanks after a last child), then the
 * row's own branch. malloc'd ("" for a top row), NULL on ENOMEM. */
static char *row_art(const struct out *out, const struct out_row *row)
{
	struct tree_art a = tree_art(out);
	const struct out_row *up[256];
	size_t n = 0, len = 1;
	char *s;

	for (const struct out_row *r = row->parent; r && r->parent && n < 256; r = r->parent)
		up[n++] = r;
	len += n * strlen(a.vert) + strlen(a.branch);
	s = malloc(len);
	if (!s)
		return NULL;
	*s = '\0';
	if (!row->parent)
		return s;
	/* the top-most ancestor first; a bar where more siblings follow */
	while (n--)
		strcat(s, up[n]->next ? a.vert : "  ");
	strcat(s, row->next ? a.branch : a.right);
	return s;
}

/*
 * Raw output is written here, not by libsmartcols: its raw mode escapes
 * every backslash of the data, so the \x2c of a comma inside a list item
 * would come out as \x5cx2c. The format is the same: names and cells
 * escaped as lsns -r does, one space between cells, a line a row (a tree
 * depth first), nothing at all when there are no rows. With raw_art a
 * tree column carries its art, escaped with the cell, as lsns -r prints
 * it.
 */
static int raw_row(const struct out *out, const struct out_row *row, bool tree, FILE *f)
{
	for (size_t i = 0; i < out->ncols; i++) {
		bool empty;
		char *v = cell_text(out, &row->cells[i], out->flags[i], &empty);

		if (!v && !empty)
			return -ENOMEM;
		if (i)
			fputc(' ', f);
		if (tree && out->opts.raw_art && (out->flags[i] & OUT_TREE) && row->parent) {
			char *art = row_art(out, row), *esc = art ? out_escape(art, OUT_RAW, 0) : NULL;

			free(art);
			if (!esc) {
				free(v);
				return -ENOMEM;
			}
			fputs(esc, f);
			free(esc);
		}
		if (v)
			fputs(v, f);
		free(v);
	}
	fputc('\n', f);
	for (const struct out_row *k = tree ? row->first_child : NULL; k; k = k->next) {
		int rc = raw_row(out, k, tree, f);

		if (rc < 0)
			return rc;
	}
	return 0;
}

static int print_raw(const struct out *out, FILE *stream)
{
	bool tree = false;
	int rc;

	if (!out->nrows && !out->opts.empty_headings)
		return 0;
	for (size_t i = 0; i < out->ncols; i++)
		if (out->flags[i] & OUT_TREE)
			tree = true;
	errno = 0;
	if (!out->opts.noheadings) {
		for (size_t i = 0; i < out->ncols; i++) {
			char *name = out_escape(out->cols[out->ids[i]].name, OUT_RAW, 0);

			if (!name)
				return -ENOMEM;
			fprintf(stream, "%s%s", i ? " " : "", name);
			free(name);
		}
		fputc('\n', stream);
	}
	rc = 0;
	if (tree)
		for (const struct out_row *r = out->first; r && rc == 0; r = r->next)
			rc = raw_row(out, r, true, stream);
	else
		for (size_t i = 0; i < out->nrows && rc == 0; i++)
			rc = raw_row(out, out->rows[i], false, stream);
	if (rc < 0)
		return rc;
	return ferror(stream) ? (errno ? -errno : -EIO) : 0;
}

/* ---- the plain table ---- */

/* printable ASCII: a byte whose width is one column in every locale */
static bool plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

/* s is shown as it is: printable ASCII, and no "\x" to escape; its
 * length in *len when it is */
static bool plain_verbatim_len(const char *s, size_t *len)
{
	const char *p = s;

	for (; *p; p++)
		if (!plain_byte((unsigned char)*p) || (p[0] == '\\' && p[1] == 'x'))
			return false;
	*len = (size_t)(p - s);
	return true;
}

static bool plain_verbatim(const char *s)
{
	size_t len;

	return plain_verbatim_len(s, &len);
}

/* s (escaped already) is printable ASCII; its length in *len */
static bool plain_text(const char *s, size_t *len)
{
	const char *p = s;

	for (; *p; p++)
		if (!plain_byte((unsigned char)*p))
			return false;
	*len = (size_t)(p - s);
	return true;
}

/* A cell's escaped copy (one that is not shown as it is): k is its
 * place, row * ncols + column */
struct plain_own {
	size_t k;
	char *text;
	unsigned int len;
};

/* What the plain printer prints: a line per row, in libsmartcols's
 * order (a tree depth first); the texts it made for cells; the art of
 * each row, and how many columns wide it is. */
struct plain {
	const struct out_row **rows;
	size_t nrows;
	/* the texts that are not the cells' own, in the order of k: most
	 * cells are shown as they are, and a table of every cell's text and
	 * length was 12 bytes a cell more at the peak of nsls's RSS */
	struct plain_own *own;
	size_t nown, capown;
	char **art;
	unsigned int *artw;
	size_t *width;
	bool tree;		/* a column carries the art (OUT_TREE) */
};

static void plain_free(struct plain *p)
{
	for (size_t i = 0; i < p->nown; i++)
		free(p->own[i].text);
	for (size_t i = 0; p->art && i < p->nrows; i++)
		free(p->art[i]);
	free(p->own);
	free(p->art);
	free(p->artw);
	free(p->rows);
	free(p->width);
}

/* rows in the order libsmartcols prints them: a tree's depth first */
static void plain_order(struct plain *p, const struct out_row *r)
{
	for (; r; r = r->next) {
		p->rows[p->nrows++] = r;
		plain_order(p, r->first_child);
	}
}

/* The cell is printed as its text is (no copy) */
static bool plain_as_is(const struct out_cell *c)
{
	return !cell_nitems(c) && c->text && c->plain && c->len <= UINT_MAX / 2;
}

/*
 * What a cell shows, for the plain printer: 1 taken (*text and *len set,
 * *text NULL for an empty cell; a text not the cell's own is kept in
 * p->own as the cell k's), 0 when it needs libsmartcols (not printable
 * ASCII, or a list that takes more than one line), -ENOMEM.
 */
static int plain_cell(const struct out *out, struct plain *p, size_t k,
		      const struct out_cell *c, unsigned int flags, const char **text,
		      unsigned int *tlen)
{
	bool empty;
	size_t len;
	char *v;

	*text = NULL;
	*tlen = 0;
	if (plain_as_is(c)) {
		*text = c->text;
		*tlen = c->len;
		return 1;
	}
	v = cell_text(out, c, flags, &empty);
	if (empty)
		return 1;
	if (!v)
		return -ENOMEM;
	if (p->nown == p->capown) {
		size_t cap = p->capown ? 2 * p->capown : 64;
		struct plain_own *o = realloc(p->own, cap * sizeof(*o));

		if (!o) {
			free(v);
			return -ENOMEM;
		}
		p->own = o;
		p->capown = cap;
	}
	p->own[p->nown++] = (struct plain_own){ .k = k, .text = v };
	if (!plain_text(v, &len) || len > UINT_MAX / 2)
		return 0;	/* a list a line an item has its '\n' here */
	p->own[p->nown - 1].len = (unsigned int)len;
	*text = v;
	*tlen = (unsigned int)len;
	return 1;
}

/* Row r's texts into text[] and len[] (ncols each), as plain_cell()
 * took them: the cells' own, or the copies at p->own[*own] on. */
static void plain_row(const struct out *out, const struct plain *p, size_t r, size_t *own,
		      const char **text, unsigned int *len)
{
	for (size_t i = 0; i < out->ncols; i++) {
		const struct out_cell *c = &p->rows[r]->cells[i];
		size_t k = r * out->ncols + i;

		if (*own < p->nown && p->own[*own].k == k) {
			text[i] = p->own[*own].text;
			len[i] = p->own[(*own)++].len;
		} else if (plain_as_is(c)) {
			text[i] = c->text;
			len[i] = c->len;
		} else {
			text[i] = NULL;	/* empty */
			len[i] = 0;
		}
	}
}

/* The art of row r (libsmartcols's, as row_art() draws it for raw
 * output): 1, 0 for a tree deeper than row_art() draws, -ENOMEM. */
static int plain_art(const struct out *out, struct plain *p, size_t r)
{
	size_t depth = 0;

	for (const struct out_row *up = p->rows[r]->parent; up; up = up->parent)
		if (++depth > 256)
			return 0;
	p->art[r] = row_art(out, p->rows[r]);
	if (!p->art[r])
		return -ENOMEM;
	/* each piece of the art is two columns, UTF-8 or ASCII */
	p->artw[r] = (unsigned int)(2 * depth);
	return 1;
}

/* One line: cells padded to their column's width, a blank between;
 * the tree column's art before its text. */
static void plain_line(const struct out *out, const struct plain *p, const char *const *text,
		       const unsigned int *len, const char *art, size_t artw, char *buf,
		       FILE *stream)
{
	char *w = buf;

	for (size_t i = 0; i < out->ncols; i++) {
		size_t n = text[i] ? len[i] : 0, shown = n;
		bool right = out->flags[i] & OUT_RIGHT, last = i + 1 == out->ncols;

		if (i)
			*w++ = ' ';
		if ((out->flags[i] & OUT_TREE) && art) {
			w = stpcpy(w, art);
			shown += artw;
		}
		if (right && !(last && !n)) {
			memset(w, ' ', p->width[i] - shown);
			w += p->width[i] - shown;
		}
		memcpy(w, text[i] ? text[i] : "", n);
		w += n;
		if (!right && !last) {
			memset(w, ' ', p->width[i] - shown);
			w += p->width[i] - shown;
		}
	}
	*w++ = '\n';
	fwrite(buf, 1, (size_t)(w - buf), stream);
}

/*
 * libsmartcols measures each cell a wide character at a time (mbrtowc
 * and wcwidth a byte) and copies it through buffers twice: at 10,000
 * processes that was a quarter of an nstop frame and a fifth of nsls.
 * Off a terminal its layout is simple, and this printer makes the same
 * bytes (tests/unit/test-output-plain.c compares the two on random
 * tables, trees too): a column is as wide as its widest cell (the tree
 * column's art included) and at least its header; when a cell is wider
 * than the header, at least its width hint too (a hint of 1 or more);
 * cells are padded with blanks, before a right-aligned one, after the
 * others but in the last column, and not at all for an empty cell there;
 * a blank between columns. It takes only the tables that rule covers:
 * standard output not a terminal (libsmartcols asks isatty(1), whatever
 * the stream), no color, no LIBSMARTCOLS_DEBUG or _DEBUG_PADDING set,
 * every header and cell printable ASCII on one line. For any other it prints nothing and returns 0; 1 when it
 * printed, or -errno.
 */
static int print_plain(const struct out *out, FILE *stream)
{
	struct plain p = { 0 };
	size_t linelen = 1, artlen = 0, own = 0;
	const char **head = NULL, **text = NULL;
	unsigned int *hlen = NULL, *len = NULL;
	char *buf = NULL;
	int rc;

	/* LIBSMARTCOLS_DEBUG*: whoever asks for its debug output gets it */
	if (out->opts.color || !out->nrows || isatty(STDOUT_FILENO) ||
	    getenv("LIBSMARTCOLS_DEBUG") || getenv("LIBSMARTCOLS_DEBUG_PADDING"))
		return 0;
	for (size_t i = 0; i < out->ncols; i++)
		if (out->flags[i] & OUT_TREE)
			p.tree = true;
	p.rows = calloc(out->nrows, sizeof(*p.rows));
	p.art = calloc(out->nrows, sizeof(*p.art));
	p.artw = calloc(out->nrows, sizeof(*p.artw));
	p.width = calloc(out->ncols ? out->ncols : 1, sizeof(*p.width));
	head = calloc(out->ncols ? out->ncols : 1, sizeof(*head));
	hlen = calloc(out->ncols ? out->ncols : 1, sizeof(*hlen));
	text = calloc(out->ncols ? out->ncols : 1, sizeof(*text));
	len = calloc(out->ncols ? out->ncols : 1, sizeof(*len));
	rc = -ENOMEM;
	if (!p.rows || !p.art || !p.artw || !p.width || !head || !hlen || !text || !len)
		goto done;
	rc = 0;
	for (size_t i = 0; i < out->ncols; i++) {
		size_t hl;

		/* the header counts when it is not shown, too */
		if (!plain_text(out->cols[out->ids[i]].name, &hl))
			goto done;
		head[i] = out->cols[out->ids[i]].name;
		hlen[i] = (unsigned int)hl;
	}
	if (p.tree)
		plain_order(&p, out->first);
	else
		for (size_t r = 0; r < out->nrows; r++)
			p.rows[p.nrows++] = out->rows[r];
	for (size_t r = 0; r < p.nrows; r++) {
		if (p.tree) {
			rc = plain_art(out, &p, r);
			if (rc <= 0)
				goto done;
			artlen = strlen(p.art[r]) > artlen ? strlen(p.art[r]) : artlen;
		}
		for (size_t i = 0; i < out->ncols; i++) {
			size_t w;

			rc = plain_cell(out, &p, r * out->ncols + i, &p.rows[r]->cells[i],
					out->flags[i], &text[i], &len[i]);
			if (rc <= 0)
				goto done;
			w = len[i] + (out->flags[i] & OUT_TREE ? p.artw[r] : 0);
			if (w > p.width[i])
				p.width[i] = w;
		}
	}
	for (size_t i = 0; i < out->ncols; i++) {
		size_t min = hlen[i] ? hlen[i] : 1, hint = (size_t)out->cols[out->ids[i]].whint;

		if (p.width[i] < min)
			p.width[i] = min;
		else if (out->cols[out->ids[i]].whint >= 1 && p.width[i] < hint)
			p.width[i] = hint;
		linelen += p.width[i] + 1;
	}
	rc = -ENOMEM;
	/* the art's bytes beyond its columns (UTF-8 art: up to 3 bytes a
	 * column), in each column that carries it */
	buf = malloc(linelen + 2 * artlen * out->ncols + 1);
	if (!buf)
		goto done;
	errno = 0;
	if (!out->opts.noheadings)
		plain_line(out, &p, head, hlen, NULL, 0, buf, stream);
	for (size_t r = 0; r < p.nrows; r++) {
		plain_row(out, &p, r, &own, text, len);
		plain_line(out, &p, text, len, p.art[r], p.artw[r], buf, stream);
	}
	rc = ferror(stream) ? (errno ? -errno : -EIO) : 1;
done:
	free(buf);
	free(head);
	free(hlen);
	free(text);
	free(len);
	plain_free(&p);
	return rc;
}

static int print_table(struct out *out, FILE *stream)
{
	int plain;

	struct libscols_table *tb;
	int rc = -ENOMEM;

	/* libsmartcols prints nothing for no rows, headings included */
	if (!out->nrows && out->opts.empty_headings && !out->opts.noheadings)
		return print_raw(out, stream);
	if (out->engine != OUT_ENGINE_SCOLS) {
		plain = print_plain(out, stream);
		if (plain != 0)
			return plain < 0 ? plain : 0;
		if (out->engine == OUT_ENGINE_PLAIN)
			return -ENOTSUP;
	}
	tb = scols_new_table();
	if (!tb)
		return -ENOMEM;
	scols_table_set_stream(tb, stream);
	/* every cell is escaped here already (cell_text()): once is enough */
	scols_table_enable_noencoding(tb, 1);
	scols_table_enable_noheadings(tb, out->opts.noheadings);
	scols_table_enable_colors(tb, out->opts.color);
	scols_table_enable_nowrap(tb, out->opts.nowrap);
	if (out->opts.ascii)
		scols_table_enable_ascii(tb, 1);
	for (size_t i = 0; i < out->ncols; i++) {
		const struct out_column *c = &out->cols[out->ids[i]];
		unsigned int fl = 0, f = out->flags[i];
		struct libscols_column *cl;

		if (f & OUT_RIGHT)
			fl |= SCOLS_FL_RIGHT;
		if ((f & OUT_TRUNC) && !out->opts.notruncate)
			fl |= SCOLS_FL_TRUNC;
		if (f & OUT_TREE)
			fl |= SCOLS_FL_TREE;
		if ((f & OUT_WRAP) && !out->opts.nowrap)
			fl |= SCOLS_FL_WRAP;
		cl = scols_table_new_column(tb, c->name, c->whint, (int)fl);
		if (!cl)
			goto done;
		if (fl & SCOLS_FL_WRAP)
			/* an item a line: the only newlines left in the
			 * text are those cell_text() put between items */
			scols_column_set_wrapfunc(cl, scols_wrapnl_chunksize,
						  scols_wrapnl_nextchunk, NULL);
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
			const char *color = mark_color((enum out_mark)row->marks[i]);
			bool empty;
			char *v = cell_text(out, &row->cells[i], out->flags[i], &empty);

			if (empty)
				continue;
			if (!v || scols_line_refer_data(ln, i, v) < 0) {
				free(v);
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

void out_set_engine(struct out *out, enum out_engine engine)
{
	out->engine = engine;
}

int out_select_rows(struct out *out, struct out_row *const *order, size_t n)
{
	struct libscols_line *const kept = (struct libscols_line *)out;
	size_t marked = 0;
	int rc = 0;

	if (n > out->nrows)
		return -EINVAL;
	for (size_t i = 0; i < out->nrows; i++)
		if (out->rows[i]->parent || out->rows[i]->first_child)
			return -EINVAL;
	/* mark the rows kept, by their line pointer (unused until printing) */
	for (size_t i = 0; i < n; i++)
		order[i]->line = kept;
	for (size_t i = 0; i < out->nrows; i++)
		marked += out->rows[i]->line == kept;
	/* a row twice, or one of another table: change nothing */
	if (marked != n)
		rc = -EINVAL;
	for (size_t i = 0; i < out->nrows; i++)
		if (out->rows[i]->line != kept && !rc)
			row_free(out->rows[i], out->ncols);
	for (size_t i = 0; i < n; i++)
		order[i]->line = NULL;
	if (rc) {
		for (size_t i = 0; i < out->nrows; i++)
			out->rows[i]->line = NULL;
		return rc;
	}
	out->first = out->last = NULL;
	for (size_t i = 0; i < n; i++) {
		order[i]->next = NULL;
		out->rows[i] = order[i];
		if (out->last)
			out->last->next = order[i];
		else
			out->first = order[i];
		out->last = order[i];
	}
	out->nrows = n;
	return 0;
}

/*
 * A reader that went away (`nsls | head`) is not an error (every man page
 * says so): while the output is written and flushed, SIGPIPE is ignored,
 * so a closed pipe is -EPIPE for the caller to end quietly on
 * (cli_write_failed()), not a death by signal. The disposition is put
 * back after: a tool that runs a program later (nsenter-lite) must not
 * hand it an ignored SIGPIPE.
 */
int out_print(struct out *out, FILE *stream)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	bool restore = sigemptyset(&ign.sa_mask) == 0 && sigaction(SIGPIPE, &ign, &old) == 0;
	int rc;

	switch (out->opts.format) {
	case OUT_JSON:
		rc = print_json(out, stream);
		break;
	case OUT_RAW:
		rc = print_raw(out, stream);
		break;
	default:
		rc = print_table(out, stream);
		break;
	}
	errno = 0;
	if (fflush(stream) != 0 && rc == 0)
		rc = errno ? -errno : -EIO;
	if (rc == 0 && ferror(stream))
		rc = errno ? -errno : -EIO;
	if (restore)
		sigaction(SIGPIPE, &old, NULL);
	return rc;
}
