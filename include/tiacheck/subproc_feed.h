/*
 * subproc_feed: sub-processor lists published as feeds, turned into the normalised
 * text the rest of tiacheck compares (a table "| Entity | Purpose | Location |"), so
 * that a feed is stored, diffed and read into rows exactly like a page whose list is
 * a table. Pure: bytes in, text or rows out; no I/O, nothing printed.
 *
 * Inputs:
 *  - RSS 2.0 / RSS 1.0 items and Atom entries. The entity is the item's title without
 *    an announcement prefix ("New sub-processor:", "Added:", "Update:"); a title
 *    "Name – purpose – country" (dashes, pipes) is split. Purpose and location come
 *    from "Label: value" lines of the description/summary/content (labels as the
 *    table header synonyms of subproc.h: "Purpose", "Location", "Country", "Plats",
 *    ...), else its first short line is the purpose; <category> values naming a
 *    country add to the location. Items announcing a removal ("Removed:",
 *    "Removal of", "No longer") are not rows. A feed of updates only shows its last
 *    items: an item that ages out of the feed reads as a removed row.
 *  - JSON: an array of objects, at the top or under a key of the top object
 *    ("subprocessors", "items", "data", ...: the first array of objects). Keys are
 *    read with the same synonyms ("name"/"entity", "purpose"/"service",
 *    "location"/"country"/"countries"/"region", "headquarters", "transfer_mechanism");
 *    a value may be a string, a number or an array of strings (joined by ", ").
 *
 * Limits: TC_FEED_MAX_INPUT bytes, TC_FEED_MAX_ITEMS items. XML is parsed without
 * network access and without entity substitution.
 *
 * Ownership: tc_subproc_feed_text() returns an owned string (free);
 * tc_subproc_feed_parse() fills a list released with tc_subproc_list_release().
 */
#ifndef TIACHECK_SUBPROC_FEED_H
#define TIACHECK_SUBPROC_FEED_H

#include <stddef.h>

#include "tiacheck/gazetteer.h"
#include "tiacheck/subproc.h"

#define TC_FEED_MAX_INPUT ((size_t)16 << 20)
#define TC_FEED_MAX_ITEMS 10000

enum tc_feed_kind { TC_FEED_NONE = 0, TC_FEED_RSS, TC_FEED_ATOM, TC_FEED_JSON };

/* What the body is, from the Content-Type (may be NULL) and the first bytes:
 * application/rss+xml, application/atom+xml, application/json, or a body starting
 * (after a BOM and spaces) with "<rss", "<rdf:RDF", "<feed", "<?xml" followed by one
 * of those, "[" or "{". TC_FEED_NONE otherwise. */
enum tc_feed_kind tc_subproc_feed_sniff(const char *body, size_t len, const char *content_type);

/*
 * The normalised text of a feed: "# TITLE" (the feed's title, when it has one), then
 * one table with the columns that have values. kind TC_FEED_NONE: sniffed. 0 ok and
 * *text set (a feed without items gives the title only, or ""); -1 with err when the
 * body is not a feed of that kind, is malformed, or exceeds a limit.
 */
int tc_subproc_feed_text(const tc_gazetteer *gz, const char *body, size_t len,
			 enum tc_feed_kind kind, char **text, char *err, size_t errlen);

/* The rows of a feed (tc_subproc_feed_text, then tc_subproc_parse); their layout is
 * TC_SUBPROC_FEED. 0 ok; -1 with err as above. */
int tc_subproc_feed_parse(const tc_gazetteer *gz, const char *body, size_t len,
			  tc_subproc_list *out, char *err, size_t errlen);

/* "rss", "atom", "json", "none". */
const char *tc_feed_kind_name(enum tc_feed_kind k);

#endif
