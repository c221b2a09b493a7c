/*
 * subproc: recognises sub-processor lists in normalised text (tables, and cards,
 * headings, labelled fields or one-line entries) and compares two versions of a
 * list row by row.
 *
 * A table is a row line ("| a | b |") followed by a separator line ("| --- | --- |");
 * its header is that first row and its rows run to the next non-row line (several
 * tables per page are fine; a repeated header row, as PDFs give after a page break,
 * is skipped). Header cells are mapped to roles with a declarative synonym table
 * (English, Swedish, German, French; see column_synonyms[] in subproc.c):
 * entity, purpose, processing location, corporate location (kept apart from the
 * processing location: "corporate location", "headquarters", "registered address",
 * "entity country"), transfer mechanism. A table is a sub-processor table when it has
 * an entity column and a purpose or location column.
 *
 * Countries in a location cell are found with the gazetteer in cell mode (bare ISO
 * codes allowed; "United States, Ireland and India", "US / EU", "Sverige och Norge"),
 * except in cells holding a digit (an address: "Mountain View, CA 94043, USA"),
 * which are read as prose so that a state code is not taken for a country. Region
 * tokens (EU, EEA, WORLD, CUSTOMER) are kept in the country lists.
 *
 * Lists that are not tables are read too, in texts that name sub-processors (en, sv,
 * de, fr words; lines of tables are not reused), after cleaning each line (list
 * markers, heading marks, icon-font ligatures such as "check_circle" or "public"
 * glued to a country, separator-only lines such as "·"):
 *   - blocks (TC_SUBPROC_BLOCKS): a name line followed by a separator line (cards of
 *     a trust centre: name, "·", purpose, region); a heading per entity whose block
 *     holds one location within its first lines; runs of labelled fields
 *     ("Purpose: ...", "Location: ...", as in definition lists), the name taken at
 *     the same distance before the labels in every record; and, when none of these
 *     occur, blocks of 2-5 lines ending in a location line at a fixed period.
 *     A record ends at the next record, a heading, a table or after 8 lines; a record
 *     with a line over 200 bytes is prose, not a record; a single record is not a
 *     list (a contact or party block).
 *   - one-line entries (TC_SUBPROC_ITEMS): "Name – purpose – country" with " | ",
 *     " – ", " — ", " - ", a tab or ", " (legal forms such as ", Inc." stay with the
 *     name; comma lines with digits are addresses, not entries), accepted as list
 *     items or in runs of two or more such lines, and when there are at least two.
 *   A location line is one in which the gazetteer finds a place and what remains is
 *   connectors, a parenthesis, or up to two capitalised words before a comma (a city).
 * Feeds (RSS/Atom, JSON) are read by subproc_feed.h into table text.
 *
 * Rows are matched across versions by a normalised entity name: links and
 * parenthesised parts dropped, case-folded, punctuation to spaces, and trailing legal
 * forms removed ("Amazon Web Services, Inc." = "Amazon Web Services Inc").
 * An entity listed on several rows is compared on the union of its countries.
 *
 * Ownership: tc_subproc_list and tc_subproc_changes own their contents; release with
 * tc_subproc_list_release() / tc_subproc_changes_release(). A change's rows point
 * into the two lists it was computed from (borrowed).
 */
#ifndef TIACHECK_SUBPROC_H
#define TIACHECK_SUBPROC_H

#include <stddef.h>

#include "tiacheck/gazetteer.h"

/* Where a row comes from. */
enum tc_subproc_layout {
	TC_SUBPROC_TABLE = 0,      /* a table row */
	TC_SUBPROC_BLOCKS,         /* a card, definition-list entry or heading per entity */
	TC_SUBPROC_ITEMS,          /* one line "Name - purpose - country" */
	TC_SUBPROC_FEED            /* an RSS/Atom item or a JSON object (subproc_feed.h) */
};

typedef struct tc_subproc_row {
	char *entity;              /* as written, links removed */
	char *key;                 /* normalised entity name */
	char *purpose;             /* purpose/service/activity cells joined by "; ", or NULL */
	char *location;            /* processing location cell(s) as written, or NULL */
	char **countries;          /* processing: ISO codes and region tokens, in order */
	size_t ncountries;
	char *corporate;           /* corporate location / address cell(s), or NULL */
	char **corp_countries;
	size_t ncorp;
	char *mechanism;           /* transfer mechanism / safeguards cell(s), or NULL */
	char *raw;                 /* the row line as in the text (blocks: its lines
				      joined by " · "; feeds: the fields so joined) */
	size_t line;               /* 1-based line number (blocks: the name's line) */
	size_t table;              /* 0-based index among the sub-processor lists */
	size_t line_end;           /* last line of the row (= line for tables, items) */
	enum tc_subproc_layout layout;
} tc_subproc_row;

typedef struct tc_subproc_list {
	tc_subproc_row *rows;
	size_t nrows;
	size_t ntables;            /* sub-processor lists found (tables and others) */
} tc_subproc_list;

#define TC_SUBPROC_LIST_INIT { NULL, 0, 0 }

/* Parse every sub-processor list of text; rows in text order. 0 ok (possibly no
 * rows); -1 with err when gz is NULL. */
int tc_subproc_parse(const tc_gazetteer *gz, const char *text, tc_subproc_list *out,
		     char *err, size_t errlen);
/* The same for a caller that has folded the text already: fold is tc_gz_fold() of
 * the whole text (same length), or NULL. */
int tc_subproc_parse_folded(const tc_gazetteer *gz, const char *text, const char *fold,
			    tc_subproc_list *out, char *err, size_t errlen);
void tc_subproc_list_release(tc_subproc_list *l);

/* What a column header or a field label ("Purpose", "Plats", "transfer_mechanism")
 * names, by the synonym table. */
enum tc_subproc_field { TC_SPF_NONE = 0, TC_SPF_ENTITY, TC_SPF_PURPOSE, TC_SPF_LOCATION,
	TC_SPF_CORPORATE, TC_SPF_MECHANISM, TC_SPF_IGNORE };
enum tc_subproc_field tc_subproc_field_of(const char *label);

/* Normalised entity name of s (owned). */
char *tc_subproc_entity_key(const char *s);

enum tc_subproc_change_kind {
	TC_SPC_ADDED = 1,          /* entity in the new list only */
	TC_SPC_REMOVED,            /* entity in the old list only */
	TC_SPC_LOCATION,           /* its processing countries changed */
	TC_SPC_REWORDED            /* same entity and countries, other text changed */
};

typedef struct tc_subproc_change {
	enum tc_subproc_change_kind kind;
	const char *entity;        /* as written in the new list (old when removed) */
	const char *key;
	char **before;             /* union of processing countries in the old list */
	size_t nbefore;
	char **after;              /* ... in the new list */
	size_t nafter;
	const tc_subproc_row *old_row;  /* first old row (NULL when added) */
	const tc_subproc_row *new_row;  /* the new row naming the first added country,
					   else the first new row (NULL when removed) */
} tc_subproc_change;

typedef struct tc_subproc_changes {
	tc_subproc_change *v;
	size_t n;
} tc_subproc_changes;

#define TC_SUBPROC_CHANGES_INIT { NULL, 0 }

/* Compare two lists: changes in the new list's order, then removals in the old
 * list's order. */
void tc_subproc_diff(const tc_subproc_list *old, const tc_subproc_list *new_list,
		     tc_subproc_changes *out);
void tc_subproc_changes_release(tc_subproc_changes *c);

const char *tc_subproc_change_kind_name(enum tc_subproc_change_kind k); /* "added", ... */

#endif
