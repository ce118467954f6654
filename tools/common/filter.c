// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * filter.c - the scols-filter(5) language over the column catalogues
 * (filter.h): a lexer, a recursive-descent parser to an AST, and its
 * evaluation on one row's cells. Built with libsmartcols 2.40 or later
 * (NSINFO_HAVE_SCOLS_FILTER), the library parses and evaluates instead;
 * that path is thin and is not built on Debian 12 (2.38), so the parser
 * here is the one the tests run.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#if NSINFO_HAVE_SCOLS_FILTER
#include <libsmartcols.h>
#endif

#include "cli.h"
#include "columns.h"
#include "filter.h"
#include "regex-size.h"

/* ---- tokens (both engines: nstop asks whether there is an operator) ---- */

enum tok {
	T_END, T_ERR, T_LP, T_RP, T_AND, T_OR, T_NOT,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_REG, T_NREG,	/* comparisons */
	T_TRUE, T_FALSE, T_NUM, T_STR, T_NAME,
};

/* A number as typed: an exact integer, or one with a fraction. */
struct fnum {
	bool frac;
	uint64_t u;
	long double f;
};

struct lexer {
	const char *s;
	size_t pos;		/* where the next token starts looking */
	enum tok tok;		/* the current token */
	size_t start, len;	/* its text (a string's without the quotes) */
	struct fnum num;	/* T_NUM */
	struct filter_error *err;
};

/* The error, once: the first one found is the one said. */
__attribute__((format(printf, 3, 4)))
static void set_error(struct filter_error *err, size_t pos, const char *fmt, ...)
{
	va_list ap;

	if (err->msg[0])
		return;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->pos = pos + 1;
}

/* Up to 32 bytes of s[0..len) for a message: printable ASCII as it is,
 * the rest as \xNN (the input is anyone's), "..." when cut. */
static const char *quote_text(char *buf, size_t size, const char *s, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len && i < 32 && n + 5 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			buf[n++] = (char)c;
		else
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
	}
	if (i < len && n + 4 < size)
		n += (size_t)snprintf(buf + n, size - n, "...");
	buf[n] = '\0';
	return buf;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* holder: [a-zA-Z][a-zA-Z_.%:/\-0-9]* (and "%CPU": a leading '%') */
static bool is_name_char(char c)
{
	return is_alpha(c) || is_digit(c) || (c && strchr("_.%:/-", c));
}

static const struct {
	const char *word;
	enum tok tok;
} keywords[] = {
	{ "and", T_AND }, { "or", T_OR }, { "not", T_NOT },
	{ "eq", T_EQ }, { "ne", T_NE }, { "lt", T_LT }, { "le", T_LE }, { "gt", T_GT },
	{ "ge", T_GE }, { "true", T_TRUE }, { "false", T_FALSE },
};

/* A word operator: all lower case or all upper case, as the grammar
 * spells them; "And" is a column name. */
static enum tok keyword(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
		const char *w = keywords[i].word;
		bool lower = true, upper = true;

		if (strlen(w) != len)
			continue;
		for (size_t j = 0; j < len; j++) {
			lower &= s[j] == w[j];
			upper &= s[j] == w[j] - 'a' + 'A';
		}
		if (lower || upper)
			return keywords[i].tok;
	}
	return T_NAME;
}

/* integer: [0-9]+ with K M G T P E Z Y (and "KiB" ...: powers of 1024);
 * float: [0-9]+.[0-9]+. Anything glued to it makes it a bad number. */
static enum tok lex_number(struct lexer *lx)
{
	static const char suffixes[] = "KMGTPEZY";
	const char *s = lx->s;
	size_t i = lx->start, shift = 0;
	char buf[96], q[64];

	lx->num = (struct fnum){ .frac = false };
	while (is_digit(s[i]))
		i++;
	if (s[i] == '.' && is_digit(s[i + 1])) {
		lx->num.frac = true;
		for (i++; is_digit(s[i]); i++)
			;
	}
	if (!lx->num.frac && s[i] && strchr(suffixes, s[i])) {
		shift = 10 * (size_t)(strchr(suffixes, s[i]) - suffixes + 1);
		i++;
		if (s[i] == 'i' && s[i + 1] == 'B')
			i += 2;
	}
	if (is_name_char(s[i])) {
		while (is_name_char(s[i]))
			i++;
		set_error(lx->err, lx->start, "bad number '%s' at %zu",
			  quote_text(q, sizeof(q), s + lx->start, i - lx->start), lx->start + 1);
		return T_ERR;
	}
	lx->len = i - lx->start;
	lx->pos = i;
	if (lx->num.frac) {
		if (lx->len >= sizeof(buf)) {
			set_error(lx->err, lx->start, "number too long at %zu", lx->start + 1);
			return T_ERR;
		}
		memcpy(buf, s + lx->start, lx->len);
		buf[lx->len] = '\0';
		lx->num.f = strtold(buf, NULL);
		return T_NUM;
	}
	for (size_t j = lx->start; is_digit(s[j]); j++) {
		unsigned int d = (unsigned int)(s[j] - '0');

		if (lx->num.u > (UINT64_MAX - d) / 10)
			goto too_large;
		lx->num.u = lx->num.u * 10 + d;
	}
	if (shift && lx->num.u) {
		if (shift >= 64 || lx->num.u > (UINT64_MAX >> shift))
			goto too_large;
		lx->num.u <<= shift;
	}
	lx->num.f = (long double)lx->num.u;
	return T_NUM;
too_large:
	set_error(lx->err, lx->start, "number too large '%s' at %zu",
		  quote_text(q, sizeof(q), s + lx->start, lx->len), lx->start + 1);
	return T_ERR;
}

/* The next token in lx->tok; T_ERR with lx->err said. */
static enum tok lex_next(struct lexer *lx)
{
	const char *s = lx->s;
	char c, q[64];

	while (s[lx->pos] == ' ' || s[lx->pos] == '\t' || s[lx->pos] == '\n' || s[lx->pos] == '\r')
		lx->pos++;
	lx->start = lx->pos;
	lx->len = 1;
	c = s[lx->pos];
	if (!c) {
		lx->len = 0;
		return lx->tok = T_END;
	}
	if (is_digit(c))
		return lx->tok = lex_number(lx);
	if (is_alpha(c) || c == '%') {
		while (is_name_char(s[lx->pos]))
			lx->pos++;
		lx->len = lx->pos - lx->start;
		return lx->tok = keyword(s + lx->start, lx->len);
	}
	if (c == '"' || c == '\'') {
		const char *end = s + lx->pos + 1;

		while (*end && *end != c && *end != '\n')
			end++;
		if (*end != c) {
			set_error(lx->err, lx->start, "unterminated string at %zu", lx->start + 1);
			return lx->tok = T_ERR;
		}
		lx->start++;
		lx->len = (size_t)(end - (s + lx->start));
		lx->pos = (size_t)(end - s) + 1;
		return lx->tok = T_STR;
	}
	lx->pos++;
	switch (c) {
	case '(':
		return lx->tok = T_LP;
	case ')':
		return lx->tok = T_RP;
	case '&':
	case '|':
		if (s[lx->pos] == c) {
			lx->pos++;
			lx->len = 2;
			return lx->tok = c == '&' ? T_AND : T_OR;
		}
		set_error(lx->err, lx->start, "unexpected '%c' at %zu (did you mean '%c%c'?)", c,
			  lx->start + 1, c, c);
		return lx->tok = T_ERR;
	case '=':
		if (s[lx->pos] == '=' || s[lx->pos] == '~') {
			lx->len = 2;
			return lx->tok = s[lx->pos++] == '=' ? T_EQ : T_REG;
		}
		set_error(lx->err, lx->start, "unexpected '=' at %zu (did you mean '=='?)",
			  lx->start + 1);
		return lx->tok = T_ERR;
	case '!':
		if (s[lx->pos] == '=' || s[lx->pos] == '~') {
			lx->len = 2;
			return lx->tok = s[lx->pos++] == '=' ? T_NE : T_NREG;
		}
		return lx->tok = T_NOT;
	case '<':
	case '>':
		if (s[lx->pos] == '=') {
			lx->pos++;
			lx->len = 2;
			return lx->tok = c == '<' ? T_LE : T_GE;
		}
		return lx->tok = c == '<' ? T_LT : T_GT;
	default:
		set_error(lx->err, lx->start, "unexpected character '%s' at %zu",
			  quote_text(q, sizeof(q), s + lx->start, 1), lx->start + 1);
		return lx->tok = T_ERR;
	}
}

static bool tok_is_operator(enum tok t)
{
	return t == T_AND || t == T_OR || t == T_NOT || (t >= T_EQ && t <= T_NREG);
}

/* Whether expr has an operator token before its end or first error. */
static bool lex_saw_operator(const char *expr)
{
	struct filter_error e = { 0 };
	struct lexer lx = { .s = expr, .err = &e };

	while (lex_next(&lx) != T_END && lx.tok != T_ERR)
		if (tok_is_operator(lx.tok))
			return true;
	return false;
}

/* Add catalogue id to the filter's distinct columns; its index. */
static long add_column(int **ids, size_t *n, int id)
{
	int *v;

	for (size_t i = 0; i < *n; i++)
		if ((*ids)[i] == id)
			return (long)i;
	v = realloc(*ids, (*n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	*ids = v;
	v[*n] = id;
	return (long)(*n)++;
}

#if !NSINFO_HAVE_SCOLS_FILTER

/* ---- the AST ---- */

enum ftype { FT_STRING, FT_NUMBER, FT_BOOLEAN };

enum node_kind { N_LIT, N_COL, N_NOT, N_AND, N_OR, N_CMP };

/* how every =~ and !~ expression is compiled (filter.h) */
#define REGCOMP_FLAGS (REG_EXTENDED | REG_NOSUB)

struct node {
	enum node_kind kind;
	unsigned int depth;	/* levels below and with it */
	enum tok op;		/* N_CMP: T_EQ ... T_NREG */
	/* N_LIT */
	enum ftype type;
	char *str;		/* a string's text */
	struct fnum num;
	bool b;
	size_t col;		/* N_COL: index into filter->ids */
	regex_t *re;		/* N_CMP with =~ or !~, REGCOMP_FLAGS */
	size_t re_atoms;	/* its size (regex_refusal()) */
	size_t re_work;		/* text matched since compiled, times re_atoms */
	struct node **kids;	/* N_NOT: 1, N_CMP: 2, N_AND / N_OR: 2 or more */
	size_t nkids;
};

struct filter {
	const struct out_column *cols;
	size_t ncols;
	struct node *root;
	int *ids;		/* the columns named, each once */
	size_t nids;
	const char **vals;	/* while evaluating: each column's text */
	char **texts;		/* filter_match_row()'s copies */
	struct out *out;	/* filter_row()'s table over ids[] */
	struct out_row *row;
};

struct parser {
	struct lexer lx;
	struct filter *f;
	unsigned int depth;	/* parentheses open */
	int rc;
};

static void node_free(struct node *n)
{
	if (!n)
		return;
	/* the depth is bounded (FILTER_MAX_DEPTH): so is this recursion */
	for (size_t i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->str);
	if (n->re) {
		regfree(n->re);
		free(n->re);
	}
	free(n);
}

static struct node *fail(struct parser *p, int rc)
{
	if (!p->rc)
		p->rc = rc;
	if (rc == -ENOMEM)
		set_error(p->lx.err, p->lx.start, "out of memory");
	return NULL;
}

static struct node *unexpected(struct parser *p)
{
	char q[64];

	if (p->lx.tok == T_ERR)
		return fail(p, -EINVAL);
	if (p->lx.tok == T_END)
		set_error(p->lx.err, p->lx.start, "unexpected end of expression at %zu",
			  p->lx.start + 1);
	else
		set_error(p->lx.err, p->lx.start, "unexpected '%s' at %zu",
			  quote_text(q, sizeof(q), p->lx.s + p->lx.start - (p->lx.tok == T_STR),
				     p->lx.len + 2 * (p->lx.tok == T_STR)),
			  p->lx.start + 1 - (p->lx.tok == T_STR));
	return fail(p, -EINVAL);
}

static struct node *too_deep(struct parser *p, size_t pos)
{
	set_error(p->lx.err, pos, "expression nested too deeply at %zu (more than %d levels)",
		  pos + 1, FILTER_MAX_DEPTH);
	return fail(p, -EINVAL);
}

static struct node *node_new(struct parser *p, enum node_kind kind)
{
	struct node *n = calloc(1, sizeof(*n));

	if (!n)
		return fail(p, -ENOMEM);
	n->kind = kind;
	n->depth = 1;
	return n;
}

/* Append kid to n (taken either way); false on error. */
static bool node_add(struct parser *p, struct node *n, struct node *kid, size_t pos)
{
	struct node **v = realloc(n->kids, (n->nkids + 1) * sizeof(*v));

	if (!v) {
		node_free(kid);
		fail(p, -ENOMEM);
		return false;
	}
	n->kids = v;
	v[n->nkids++] = kid;
	if (kid->depth + 1 > n->depth)
		n->depth = kid->depth + 1;
	if (n->depth > FILTER_MAX_DEPTH) {
		too_deep(p, pos);
		return false;
	}
	return true;
}

/* A node of kind over left and right (both taken). */
static struct node *node_pair(struct parser *p, enum node_kind kind, struct node *left,
			      struct node *right, size_t pos)
{
	struct node *n = node_new(p, kind);

	if (!n) {
		node_free(left);
		node_free(right);
		return NULL;
	}
	if (!node_add(p, n, left, pos)) {
		node_free(right);
		node_free(n);
		return NULL;
	}
	if (!node_add(p, n, right, pos)) {
		node_free(n);
		return NULL;
	}
	return n;
}

static enum ftype column_type(const struct out_column *c)
{
	switch (c->json) {
	case OUT_JSON_NUMBER:
		return FT_NUMBER;
	case OUT_JSON_BOOLEAN:
		return FT_BOOLEAN;
	default:
		return FT_STRING;
	}
}

static struct node *parse_expr(struct parser *p);

/* A literal or a column from the current token (then the next one). */
static struct node *parse_param(struct parser *p)
{
	struct lexer *lx = &p->lx;
	struct node *n;
	char q[64];
	long i;
	int id;

	switch (lx->tok) {
	case T_NUM:
	case T_STR:
	case T_TRUE:
	case T_FALSE:
		n = node_new(p, N_LIT);
		if (!n)
			return NULL;
		n->type = lx->tok == T_NUM ? FT_NUMBER : lx->tok == T_STR ? FT_STRING : FT_BOOLEAN;
		n->num = lx->num;
		n->b = lx->tok == T_TRUE;
		if (lx->tok == T_STR && !(n->str = strndup(lx->s + lx->start, lx->len))) {
			free(n);
			return fail(p, -ENOMEM);
		}
		break;
	case T_NAME:
		id = cli_column_lookup(p->f->cols, p->f->ncols, lx->s + lx->start, lx->len);
		if (id < 0) {
			set_error(lx->err, lx->start, "unknown column '%s'",
				  quote_text(q, sizeof(q), lx->s + lx->start, lx->len));
			return fail(p, -EINVAL);
		}
		i = add_column(&p->f->ids, &p->f->nids, id);
		if (i < 0)
			return fail(p, -ENOMEM);
		n = node_new(p, N_COL);
		if (!n)
			return NULL;
		n->col = (size_t)i;
		n->type = column_type(&p->f->cols[id]);
		break;
	default:
		return unexpected(p);
	}
	lex_next(lx);
	return n;
}

/* primary: ( expr ) | param */
static struct node *parse_primary(struct parser *p)
{
	struct lexer *lx = &p->lx;
	size_t open = lx->start;
	struct node *n;

	if (lx->tok != T_LP)
		return parse_param(p);
	if (++p->depth > FILTER_MAX_DEPTH)
		return too_deep(p, open);
	lex_next(lx);
	n = parse_expr(p);
	if (!n)
		return NULL;
	if (lx->tok != T_RP) {
		node_free(n);
		if (lx->tok == T_ERR)
			return fail(p, -EINVAL);
		if (lx->tok != T_END)
			return unexpected(p);
		set_error(lx->err, lx->start, "missing ')' at %zu (for the '(' at %zu)",
			  lx->start + 1, open + 1);
		return fail(p, -EINVAL);
	}
	p->depth--;
	lex_next(lx);
	return n;
}

/* unary: { ! | not } primary, without recursion for a run of them */
static struct node *parse_unary(struct parser *p)
{
	struct lexer *lx = &p->lx;
	size_t nots = 0, first = lx->start;
	struct node *n;

	while (lx->tok == T_NOT) {
		if (++nots > FILTER_MAX_DEPTH)
			return too_deep(p, lx->start);
		lex_next(lx);
	}
	n = parse_primary(p);
	while (n && nots--) {
		struct node *neg = node_new(p, N_NOT);

		if (!neg || !node_add(p, neg, n, first)) {
			if (!neg)
				node_free(n);
			node_free(neg);
			return NULL;
		}
		n = neg;
	}
	return n;
}

/* cmp: unary { OP unary | =~ string | !~ string }, from the left */
static struct node *parse_cmp(struct parser *p)
{
	struct lexer *lx = &p->lx;
	struct node *left = parse_unary(p), *right;

	while (left && lx->tok >= T_EQ && lx->tok <= T_NREG) {
		enum tok op = lx->tok;
		size_t pos = lx->start;
		char q[64];

		lex_next(lx);
		if (op == T_REG || op == T_NREG) {
			const char *why_not;
			int rc;

			if (lx->tok != T_STR) {
				node_free(left);
				if (lx->tok == T_ERR)
					return fail(p, -EINVAL);
				if (lx->tok == T_END)
					return unexpected(p);
				set_error(lx->err, lx->start,
					  "'%s' wants a string at %zu, not '%s'",
					  op == T_REG ? "=~" : "!~", lx->start + 1,
					  quote_text(q, sizeof(q), lx->s + lx->start, lx->len));
				return fail(p, -EINVAL);
			}
			right = parse_param(p);
			if (!right) {
				node_free(left);
				return NULL;
			}
			left = node_pair(p, N_CMP, left, right, pos);
			if (!left)
				return NULL;
			left->op = op;
			why_not = regex_refusal(right->str, &left->re_atoms);
			if (why_not) {
				node_free(left);
				set_error(lx->err, pos, "regular expression at %zu %s", pos + 1,
					  why_not);
				return fail(p, -EINVAL);
			}
			left->re = calloc(1, sizeof(*left->re));
			if (!left->re) {
				node_free(left);
				return fail(p, -ENOMEM);
			}
			rc = regcomp(left->re, right->str, REGCOMP_FLAGS);
			if (rc) {
				char why[96];

				regerror(rc, left->re, why, sizeof(why));
				free(left->re);
				left->re = NULL;
				node_free(left);
				set_error(lx->err, pos, "bad regular expression at %zu: %s",
					  pos + 1, why);
				return fail(p, rc == REG_ESPACE ? -ENOMEM : -EINVAL);
			}
			continue;
		}
		right = parse_unary(p);
		if (!right) {
			node_free(left);
			return NULL;
		}
		left = node_pair(p, N_CMP, left, right, pos);
		if (left)
			left->op = op;
	}
	return left;
}

/* expr: cmp { && cmp | || cmp }: one level, from the left, as
 * libsmartcols's grammar has them; a run of one kind is one node. */
static struct node *parse_expr(struct parser *p)
{
	struct lexer *lx = &p->lx;
	struct node *left = parse_cmp(p), *right;

	while (left && (lx->tok == T_AND || lx->tok == T_OR)) {
		enum node_kind kind = lx->tok == T_AND ? N_AND : N_OR;
		size_t pos = lx->start;

		lex_next(lx);
		right = parse_cmp(p);
		if (!right) {
			node_free(left);
			return NULL;
		}
		if (left->kind == kind) {
			if (!node_add(p, left, right, pos)) {
				node_free(left);
				return NULL;
			}
		} else {
			left = node_pair(p, kind, left, right, pos);
		}
	}
	return left;
}

int filter_new(struct filter **fp, const char *expr, const struct out_column *cols, size_t ncols,
	       struct filter_error *err)
{
	struct filter *f = calloc(1, sizeof(*f));
	struct parser p = { .lx = { .s = expr, .err = err } };

	*err = (struct filter_error){ .pos = 0 };
	*fp = NULL;
	if (!f)
		return -ENOMEM;
	f->cols = cols;
	f->ncols = ncols;
	p.f = f;
	lex_next(&p.lx);
	f->root = parse_expr(&p);
	if (f->root && p.lx.tok != T_END) {
		unexpected(&p);
		node_free(f->root);
		f->root = NULL;
	}
	if (!f->root) {
		err->saw_operator = lex_saw_operator(expr);
		filter_free(f);
		if (!p.rc)
			p.rc = -EINVAL;
		if (!err->msg[0])
			set_error(err, 0, "bad expression");
		return p.rc;
	}
	/* at least one of each, so no array is ever NULL */
	f->vals = calloc(f->nids ? f->nids : 1, sizeof(*f->vals));
	f->texts = calloc(f->nids ? f->nids : 1, sizeof(*f->texts));
	if (!f->ids)
		f->ids = calloc(1, sizeof(*f->ids));
	if (!f->vals || !f->texts || !f->ids) {
		filter_free(f);
		return -ENOMEM;
	}
	*fp = f;
	return 0;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	node_free(f->root);
	free(f->ids);
	free(f->vals);
	free(f->texts);
	out_free(f->out);
	free(f);
}

bool filter_has_operator(const struct filter *f)
{
	return f->root->kind != N_LIT && f->root->kind != N_COL;
}

const char *filter_engine(void)
{
	return "nsinfo";
}

/* ---- evaluation ---- */

/* A value of one type, for one comparison. */
struct val {
	bool null;
	const char *s;
	char buf[64];
	struct fnum n;
	bool b;
};

/* A cell's text as a number: an integer, a decimal fraction or a time
 * as AGE shows it ([[DD-]hh:]mm:ss, in seconds); false if none. */
static bool parse_number(const char *s, struct fnum *n)
{
	const char *p = s;
	bool dot = false;
	long long secs;

	*n = (struct fnum){ .frac = false };
	if (!is_digit(*p))
		return false;
	for (; *p; p++) {
		if (*p == '.' && !dot && is_digit(p[1]))
			dot = true;
		else if (!is_digit(*p))
			break;
	}
	if (!*p) {
		if (dot) {
			n->frac = true;
			n->f = strtold(s, NULL);
			return true;
		}
		for (p = s; *p; p++) {
			unsigned int d = (unsigned int)(*p - '0');

			if (n->u > (UINT64_MAX - d) / 10)
				return false;
			n->u = n->u * 10 + d;
		}
		n->f = (long double)n->u;
		return true;
	}
	secs = col_parse_age(s);
	if (secs < 0)
		return false;
	n->u = (uint64_t)secs;
	n->f = (long double)secs;
	return true;
}

/* A text as a boolean, as libsmartcols reads one: 1, true, y, yes. */
static bool parse_bool(const char *s)
{
	return !strcasecmp(s, "1") || !strcasecmp(s, "true") || !strcasecmp(s, "y") ||
	       !strcasecmp(s, "yes");
}

static bool num_nonzero(const struct fnum *n)
{
	return n->frac ? n->f != 0 : n->u != 0;
}

static int eval(const struct filter *f, struct node *n);

static enum ftype node_type(const struct node *n)
{
	return n->kind == N_LIT || n->kind == N_COL ? n->type : FT_BOOLEAN;
}

/* Node n as a value of type t. */
static void node_value(const struct filter *f, struct node *n, enum ftype t, struct val *v)
{
	enum ftype from = node_type(n);
	const char *text;

	*v = (struct val){ .null = false };
	if (n->kind == N_COL) {
		text = f->vals[n->col];
		if (!text) {
			v->null = true;
			return;
		}
		/* a cell is its text; read as the type asked */
		switch (t) {
		case FT_STRING:
			v->s = text;
			break;
		case FT_NUMBER:
			v->null = !parse_number(text, &v->n);
			break;
		case FT_BOOLEAN:
			v->b = from == FT_NUMBER ? (parse_number(text, &v->n) && num_nonzero(&v->n))
						 : parse_bool(text);
			break;
		}
		return;
	}
	if (n->kind != N_LIT) {
		v->b = eval(f, n) > 0;
		from = FT_BOOLEAN;
	} else {
		v->s = n->str;
		v->n = n->num;
		v->b = n->b;
	}
	if (from == t)
		return;
	switch (t) {
	case FT_STRING:
		if (from == FT_BOOLEAN) {
			v->s = v->b ? "true" : "false";
			break;
		}
		if (v->n.frac)
			snprintf(v->buf, sizeof(v->buf), "%Lg", v->n.f);
		else
			snprintf(v->buf, sizeof(v->buf), "%llu", (unsigned long long)v->n.u);
		v->s = v->buf;
		break;
	case FT_NUMBER:
		if (from == FT_BOOLEAN)
			v->n = (struct fnum){ .u = v->b, .f = v->b };
		else
			v->null = !parse_number(v->s, &v->n);
		break;
	case FT_BOOLEAN:
		v->b = from == FT_NUMBER ? num_nonzero(&v->n) : parse_bool(v->s);
		break;
	}
}

/* What a comparison compares as: the type both sides share, else the
 * literal's (of a column against a literal), else the left side's. */
static enum ftype cmp_type(const struct node *l, const struct node *r)
{
	enum ftype lt = node_type(l), rt = node_type(r);

	if (lt == rt)
		return lt;
	if (l->kind == N_COL && r->kind != N_COL)
		return rt;
	return lt;
}

static int num_cmp(const struct fnum *a, const struct fnum *b)
{
	if (!a->frac && !b->frac)
		return a->u < b->u ? -1 : a->u > b->u;
	return a->f < b->f ? -1 : a->f > b->f;
}

static int op_result(enum tok op, int c)
{
	switch (op) {
	case T_EQ:
		return c == 0;
	case T_NE:
		return c != 0;
	case T_LT:
		return c < 0;
	case T_LE:
		return c <= 0;
	case T_GT:
		return c > 0;
	case T_GE:
		return c >= 0;
	default:
		return 0;
	}
}

/*
 * regexec() keeps the states of the automaton it builds in the regex_t,
 * more with each new text, and the texts are other users' (command lines,
 * names): ".*a.{1900}" grew by 18 MB on one 4 KiB text of random a and b.
 * Once the text matched since it was compiled, times its size, passes
 * REGEX_CACHE_BUDGET, the expression is compiled anew, which drops them;
 * if that fails, the old one goes on.
 */
static bool regex_match(struct node *n, const char *s)
{
	n->re_work += (strlen(s) + 1) * (n->re_atoms ? n->re_atoms : 1);
	if (n->re_work > REGEX_CACHE_BUDGET) {
		regex_t *fresh = malloc(sizeof(*fresh));

		if (fresh && regcomp(fresh, n->kids[1]->str, REGCOMP_FLAGS) == 0) {
			regfree(n->re);
			free(n->re);
			n->re = fresh;
		} else {
			free(fresh);
		}
		n->re_work = 0;
	}
	return regexec(n->re, s, 0, NULL, 0) == 0;
}

static int eval_cmp(const struct filter *f, struct node *n)
{
	struct node *l = n->kids[0], *r = n->kids[1];
	enum ftype t = n->re ? FT_STRING : cmp_type(l, r);
	struct val a, b;
	int c;

	node_value(f, l, t, &a);
	if (n->re) {
		c = regex_match(n, a.null ? "" : a.s);
		return n->op == T_REG ? c : !c;
	}
	node_value(f, r, t, &b);
	switch (t) {
	case FT_STRING:
		/* NULL before every string, as libsmartcols orders them */
		c = a.null || b.null ? (int)b.null - (int)a.null : strcmp(a.s, b.s);
		break;
	case FT_NUMBER:
		if (a.null || b.null)
			return 0;
		c = num_cmp(&a.n, &b.n);
		break;
	default:
		if (a.null || b.null)
			return 0;
		c = (int)a.b - (int)b.b;
		break;
	}
	return op_result(n->op, c);
}

/* 1 or 0; recursion as deep as the tree, at most FILTER_MAX_DEPTH. */
static int eval(const struct filter *f, struct node *n)
{
	struct val v;

	switch (n->kind) {
	case N_LIT:
	case N_COL:
		/* alone: not empty, not zero, not false */
		node_value(f, n, n->type, &v);
		if (v.null)
			return 0;
		if (n->type == FT_STRING)
			return *v.s != '\0';
		return n->type == FT_NUMBER ? num_nonzero(&v.n) : v.b;
	case N_NOT:
		return !eval(f, n->kids[0]);
	case N_AND:
		for (size_t i = 0; i < n->nkids; i++)
			if (!eval(f, n->kids[i]))
				return 0;
		return 1;
	case N_OR:
		for (size_t i = 0; i < n->nkids; i++)
			if (eval(f, n->kids[i]))
				return 1;
		return 0;
	case N_CMP:
		return eval_cmp(f, n);
	}
	return 0;
}

int filter_eval(struct filter *f, filter_value_fn get, void *arg)
{
	for (size_t i = 0; i < f->nids; i++)
		f->vals[i] = get(arg, i);
	return eval(f, f->root);
}

#else /* NSINFO_HAVE_SCOLS_FILTER */

/*
 * libsmartcols 2.40+: the library parses and evaluates; each column the
 * expression names is a column of a one-line table the cells are put in.
 * A number column is a float to the library, read from our text (AGE in
 * seconds) by a data function; a cell that is no number is empty to it.
 * Not built on Debian 12 (2.38): kept thin on purpose.
 */
struct filter {
	const struct out_column *cols;
	size_t ncols;
	int *ids;
	size_t nids;
	bool has_op;
	struct libscols_filter *sf;
	struct libscols_table *tb;
	struct libscols_line *ln;
	long double *nums;	/* each number column's value, for the library */
	char **texts;
	struct out *out;
	struct out_row *row;
};

static void *number_data(const struct libscols_column *cl, struct libscols_cell *ce, void *data)
{
	const char *s = scols_cell_get_data(ce);
	long double *slot = data;
	long long secs;
	char *end;

	(void)cl;
	if (!s || !is_digit(*s))
		return NULL;
	*slot = strtold(s, &end);
	if (*end) {
		secs = col_parse_age(s);
		if (secs < 0)
			return NULL;
		*slot = (long double)secs;
	}
	return slot;
}

int filter_new(struct filter **fp, const char *expr, const struct out_column *cols, size_t ncols,
	       struct filter_error *err)
{
	struct filter *f = calloc(1, sizeof(*f));
	struct libscols_iter *itr = NULL;
	const char *name = NULL;
	int rc = -ENOMEM;

	*err = (struct filter_error){ .pos = 0 };
	*fp = NULL;
	if (!f)
		return -ENOMEM;
	f->cols = cols;
	f->ncols = ncols;
	f->has_op = lex_saw_operator(expr);
	f->sf = scols_new_filter(NULL);
	f->tb = scols_new_table();
	itr = scols_new_iter(SCOLS_ITER_FORWARD);
	if (!f->sf || !f->tb || !itr)
		goto fail;
	if (scols_filter_parse_string(f->sf, expr) != 0) {
		const char *why = scols_filter_get_errmsg(f->sf);

		set_error(err, 0, "%s", why && *why ? why : "bad expression");
		err->saw_operator = f->has_op;
		rc = -EINVAL;
		goto fail;
	}
	while (scols_filter_next_holder(f->sf, itr, &name, 0) == 0) {
		int id = cli_column_lookup(cols, ncols, name, strlen(name));
		struct libscols_column *cl;
		long i;

		if (id < 0) {
			char q[64];

			set_error(err, 0, "unknown column '%s'",
				  quote_text(q, sizeof(q), name, strlen(name)));
			rc = -EINVAL;
			goto fail;
		}
		i = add_column(&f->ids, &f->nids, id);
		if (i < 0)
			goto fail;
		cl = scols_table_get_column(f->tb, (size_t)i);
		if (!cl) {
			long double *v = realloc(f->nums, f->nids * sizeof(*v));

			if (!v)
				goto fail;
			f->nums = v;
			cl = scols_table_new_column(f->tb, cols[id].name, 0, 0);
			if (!cl)
				goto fail;
			if (cols[id].json == OUT_JSON_NUMBER) {
				scols_column_set_data_type(cl, SCOLS_DATA_FLOAT);
				scols_column_set_data_func(cl, number_data, &f->nums[i]);
			} else if (cols[id].json == OUT_JSON_BOOLEAN) {
				scols_column_set_json_type(cl, SCOLS_JSON_BOOLEAN);
			}
		}
		scols_filter_assign_column(f->sf, itr, name, cl);
	}
	scols_free_iter(itr);
	itr = NULL;
	/* the data functions point into nums: grown above, fixed now */
	for (size_t i = 0; i < f->nids; i++)
		if (cols[f->ids[i]].json == OUT_JSON_NUMBER)
			scols_column_set_data_func(scols_table_get_column(f->tb, i), number_data,
						   &f->nums[i]);
	f->ln = scols_table_new_line(f->tb, NULL);
	f->texts = calloc(f->nids ? f->nids : 1, sizeof(*f->texts));
	if (!f->ids)
		f->ids = calloc(1, sizeof(*f->ids));
	if (!f->ln || !f->texts || !f->ids)
		goto fail;
	*fp = f;
	return 0;
fail:
	if (rc == -ENOMEM)
		set_error(err, 0, "out of memory");
	scols_free_iter(itr);
	filter_free(f);
	return rc;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	scols_unref_filter(f->sf);
	scols_unref_table(f->tb);
	free(f->ids);
	free(f->nums);
	free(f->texts);
	out_free(f->out);
	free(f);
}

bool filter_has_operator(const struct filter *f)
{
	return f->has_op;
}

const char *filter_engine(void)
{
	return "libsmartcols";
}

int filter_eval(struct filter *f, filter_value_fn get, void *arg)
{
	int status = 0;

	for (size_t i = 0; i < f->nids; i++)
		if (scols_line_set_data(f->ln, i, get(arg, i)) < 0)
			return -ENOMEM;
	/* a cell the library cannot read as its type: no match */
	if (scols_line_apply_filter(f->ln, f->sf, &status) < 0)
		return 0;
	return status ? 1 : 0;
}

#endif /* NSINFO_HAVE_SCOLS_FILTER */

/* ---- both engines: the columns, rows of the catalogues ---- */

const int *filter_columns(const struct filter *f, size_t *n)
{
	*n = f->nids;
	return f->ids;
}

unsigned int filter_scan_flags(const struct filter *f)
{
	return f ? columns_scan_flags(f->cols, f->ids, f->nids) : 0;
}

struct out_row *filter_row(struct filter *f)
{
	static const struct out_opts opts = { .format = OUT_TABLE };

	if (!f->out) {
		f->out = out_new(f->cols, f->ids, f->nids, &opts);
		if (!f->out)
			return NULL;
	} else {
		/* the row before goes: one row at a time */
		out_select_rows(f->out, NULL, 0);
	}
	f->row = out_row(f->out, NULL);
	return f->row;
}

static const char *text_of(void *arg, size_t i)
{
	return ((char **)arg)[i];
}

int filter_match_row(struct filter *f)
{
	int rc = 0;

	if (!f->row)
		return -EINVAL;
	for (size_t i = 0; i < f->nids; i++) {
		errno = 0;
		/* MEM > 1000000 compares bytes, not the table's "1.0M" */
		f->texts[i] = out_cell_value(f->out, f->row, i);
		if (!f->texts[i] && errno)
			rc = -ENOMEM;
	}
	if (!rc)
		rc = filter_eval(f, text_of, f->texts);
	for (size_t i = 0; i < f->nids; i++) {
		free(f->texts[i]);
		f->texts[i] = NULL;
	}
	return rc;
}

static const char *no_value(void *arg, size_t i)
{
	(void)arg;
	(void)i;
	return NULL;
}

int filter_match(struct filter *f, filter_fill_fn fill, void *arg)
{
	struct out_row *row;

	if (!f->nids)
		return filter_eval(f, no_value, NULL);
	row = filter_row(f);
	if (!row)
		return -ENOMEM;
	for (size_t i = 0; i < f->nids; i++)
		if (fill(arg, row, i, f->ids[i]) < 0)
			return -ENOMEM;
	return filter_match_row(f);
}

/* What the catalogues' fillers take besides the cell. */
struct fill_arg {
	const struct columns_ctx *ctx;
	const struct nsinfo_ns *ns;
	const struct nsinfo_proc *p;
	pid_t tid;
	size_t split;
	const struct col_group *g;
};

static int fill_ns(void *arg, struct out_row *row, size_t pos, int id)
{
	const struct fill_arg *a = arg;

	return ns_column_fill(a->ctx, row, pos, (enum ns_col)id, a->ns);
}

static int fill_proc(void *arg, struct out_row *row, size_t pos, int id)
{
	const struct fill_arg *a = arg;

	return proc_column_fill(a->ctx, row, pos, (enum proc_col)id, a->p, a->tid, a->split);
}

static int fill_group(void *arg, struct out_row *row, size_t pos, int id)
{
	const struct fill_arg *a = arg;

	return group_column_fill(a->ctx, row, pos, (enum group_col)id, a->g);
}

int filter_match_ns(struct filter *f, const struct columns_ctx *ctx, const struct nsinfo_ns *ns)
{
	struct fill_arg a = { .ctx = ctx, .ns = ns };

	return filter_match(f, fill_ns, &a);
}

int filter_match_proc(struct filter *f, const struct columns_ctx *ctx, const struct nsinfo_proc *p,
		      pid_t tid, size_t split)
{
	struct fill_arg a = { .ctx = ctx, .p = p, .tid = tid, .split = split };

	return filter_match(f, fill_proc, &a);
}

int filter_match_group(struct filter *f, const struct columns_ctx *ctx, const struct col_group *g)
{
	struct fill_arg a = { .ctx = ctx, .g = g };

	return filter_match(f, fill_group, &a);
}

bool filter_keep(int rc)
{
	if (rc < 0)
		errx(EXIT_TROUBLE, "out of memory");
	return rc > 0;
}

struct filter *filter_new_or_exit(const char *expr, const struct out_column *cols, size_t ncols)
{
	struct filter_error e;
	struct filter *f;
	int rc = filter_new(&f, expr, cols, ncols, &e);

	if (rc == -ENOMEM)
		errx(EXIT_TROUBLE, "out of memory");
	if (rc < 0)
		errx(EXIT_TROUBLE, "filter: %s", e.msg);
	return f;
}
