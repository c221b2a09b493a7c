/*
 * jsondoc: a JSON file parsed with cJSON plus an index of where every key and value
 * stands (line:col), so that validators can point at the offending text; and a
 * schema walker driven by declarative field tables (name, type, required, handler)
 * that reports unknown fields (with the nearest known name), missing fields and wrong
 * types. Used by refdata and catalog; it never prints: every problem goes to the
 * report callback as (level, file, line, col, message).
 *
 * Ownership: tc_jdoc owns its cJSON tree and index; release with tc_jdoc_release().
 * The file name and text given to tc_jdoc_parse() are copied/borrowed only during
 * the call.
 */
#ifndef TIACHECK_JSONDOC_H
#define TIACHECK_JSONDOC_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "tiacheck/util.h"

enum { TC_JLEVEL_ERROR = 1, TC_JLEVEL_WARNING = 2 };

typedef void (*tc_jreport_fn)(void *ud, int level, const char *file, int line, int col,
			      const char *msg);

/* One indexed value: its JSON-pointer-like path ("/locations/0/country"), where its
 * key starts (0 for array elements and the root) and where its value starts. */
typedef struct tc_jpos {
	char *path;
	int kline, kcol;
	int vline, vcol;
} tc_jpos;

typedef struct tc_jdoc {
	char *file;
	cJSON *root;
	tc_jpos *pos;
	size_t npos, cap;
	tc_jreport_fn report;
	void *ud;
	size_t nerrors, nwarnings;
} tc_jdoc;

#define TC_JDOC_MAX_DEPTH 16

/* Start a document that reports through fn(ud, ...). */
void tc_jdoc_init(tc_jdoc *d, const char *file, tc_jreport_fn fn, void *ud);
/* Parse text (len bytes, and text[len] must be '\0' as in a tc_buf). Reports syntax errors (as line:col), invalid UTF-8,
 * nesting deeper than max_depth and duplicate keys. Returns 0 when root is usable
 * (duplicate keys are reported but do not stop the parse), -1 otherwise. */
int tc_jdoc_parse(tc_jdoc *d, const char *text, size_t len, int max_depth);
void tc_jdoc_release(tc_jdoc *d);

/* Where path stands; NULL when not indexed. */
const tc_jpos *tc_jdoc_find(const tc_jdoc *d, const char *path);
/* Report a problem at path (its key when at_key and it has one, else its value; the
 * nearest indexed parent when path is not indexed). */
void tc_jdoc_diag(tc_jdoc *d, int level, const char *path, int at_key, const char *fmt, ...)
	TC_PRINTF(5, 6);
/* Append "/key" (escaped as in JSON pointer) or "/N" to a path; owned result. */
char *tc_jpath_key(const char *path, const char *key);
char *tc_jpath_index(const char *path, size_t i);

/* Byte offset in text → 1-based line and column (columns count characters). */
void tc_text_linecol(const char *text, size_t off, int *line, int *col);

enum tc_jtype {
	TC_JT_STRING = 1,
	TC_JT_BOOL,
	TC_JT_INT,
	TC_JT_OBJECT,
	TC_JT_ARRAY,        /* handler does the work */
	TC_JT_STRARRAY      /* array of strings */
};

/*
 * A field handler, called with slot = target + the field's off. For STRING/BOOL/INT
 * it runs after the type check and returns 0 to let the walker store the value in
 * slot, 1 when it stored it itself, -1 when the value is invalid (it reported why;
 * nothing stored). For STRARRAY it is called once per element (0 keep, -1 drop).
 * For OBJECT/ARRAY it does everything (slot is usually a struct to fill) and returns
 * 0 or -1.
 */
typedef int (*tc_jhandler)(tc_jdoc *d, const cJSON *v, const char *path, void *slot,
			   void *ud);

typedef struct tc_jfield {
	const char *name;
	enum tc_jtype type;
	int required;
	size_t off;             /* STRING: char *; BOOL/INT: int; STRARRAY: char ** */
	size_t off_n;           /* STRARRAY: size_t count */
	tc_jhandler handler;    /* optional for scalars, required for OBJECT/ARRAY */
} tc_jfield;

/*
 * Walk obj (at path) against fields: unknown fields ("unknown field 'purpse'; did you
 * mean 'purpose'?"), wrong types, missing required fields and empty required strings
 * are reported; valid values are stored into target. Returns 0 when no error was
 * reported for this object, -1 otherwise.
 */
int tc_jdoc_walk(tc_jdoc *d, const cJSON *obj, const char *path, const tc_jfield *fields,
		 size_t nfields, void *target, void *ud);
const char *tc_jtype_name(const cJSON *v);   /* "a string", "a number", ... */

#endif
