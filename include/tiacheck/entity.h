/*
 * entity: who a name read from a vendor's published sub-processor list is.
 *
 * A legal name is normalised to a key: case and accents folded ("Ö" = "o", "ß" =
 * "ss"), dots, apostrophes and slashes dropped ("S.A." = "SA", "A/S" = "AS"), other
 * punctuation to spaces, a leading "The" and trailing legal forms removed (Inc., LLC,
 * Ltd, Limited, GmbH, SARL, SAS, S.A., B.V., N.V., AB, Oy, A/S, Pte. Ltd., Pty Ltd,
 * K.K., Co., Corp., plc, S.r.l., S.L., sp. z o.o., ...; see legal_forms[] in entity.c).
 * A name also answers to each parenthesised part and to the name after "d/b/a" or
 * "trading as": "Functional Software, Inc. (Sentry)" is "functional software" and
 * "sentry".
 *
 * An index holds the catalogue's entities (each service's legal entity and name, its
 * parent, its known sub-processors with their aliases) and the alias table of
 * reference/aliases.json, whose groups join names of one organisation or group
 * ("AWS" = "Amazon Web Services, Inc." = "Amazon Web Services EMEA SARL"). A name is
 * found by its key first, then through its alias group; within each, the entities of
 * the service whose list is read come first (its sub-processors, its parent, itself),
 * then those of other services.
 *
 * Pure: no I/O. Ownership: a tc_entity_index owns its keys and entries and borrows
 * the catalogue and the reference data it was built from, which must outlive it.
 * Lookups return pointers into the index, valid until tc_entity_index_release().
 */
#ifndef TIACHECK_ENTITY_H
#define TIACHECK_ENTITY_H

#include <stddef.h>

#include "tiacheck/catalog.h"
#include "tiacheck/refscope.h"

/* Longest key kept, in bytes with the NUL (longer names are cut at a character). */
#define TC_ENTITY_KEY_MAX 256
/* Keys one name can give: its main key, parenthesised parts, d/b/a parts. */
#define TC_ENTITY_MAX_KEYS 6

enum tc_entity_kind {
	TC_ENTITY_SUBPROCESSOR = 1,     /* a known sub-processor of the service */
	TC_ENTITY_PARENT,               /* the service's parent company */
	TC_ENTITY_SERVICE               /* the service's own legal entity (or name) */
};

/* One catalogue entity under one of its keys. */
typedef struct tc_entity_match {
	enum tc_entity_kind kind;
	const tc_service *service;      /* the service it belongs to */
	size_t sub;                     /* SUBPROCESSOR: index in service->subprocessors */
	const char *name;               /* the catalogue's name for it (legal name) */
	const char *written;            /* the name or alias this key comes from */
	char *key;                      /* normalised */
	const char *group;              /* id of its alias-table group, or NULL */
} tc_entity_match;

typedef struct tc_entity_alias {
	char *key;
	const char *group;              /* borrowed from the refscope */
} tc_entity_alias;

typedef struct tc_entity_index {
	tc_entity_match *v;
	size_t n;
	tc_entity_alias *aliases;       /* the alias table, normalised */
	size_t naliases;
} tc_entity_index;

#define TC_ENTITY_INDEX_INIT { NULL, 0, NULL, 0 }

/* The main key of name into out (at most outlen bytes with the NUL; cut at a
 * character). Returns its length; 0 when nothing is left (an empty name, only
 * punctuation). A name that is only a legal form keeps it ("Inc." is "inc"). */
size_t tc_entity_norm(const char *name, char *out, size_t outlen);

/* Index the catalogue's entities and the alias table of scope (either may be NULL). */
void tc_entity_index_build(tc_entity_index *idx, const tc_catalog *cat,
			   const tc_refscope *scope);
void tc_entity_index_release(tc_entity_index *idx);

/* The catalogue entity a name is, or NULL: by key, then by alias group; the
 * entities of service_id first (NULL: no service preferred). */
const tc_entity_match *tc_entity_find_for(const tc_entity_index *idx, const char *service_id,
					  const char *name);
const tc_entity_match *tc_entity_find(const tc_entity_index *idx, const char *name);
/* The alias-table group of a name ("aws"), or NULL. */
const char *tc_entity_group(const tc_entity_index *idx, const char *name);
/* 1 when two names are the same entity: a key in common or the same alias group. */
int tc_entity_same(const tc_entity_index *idx, const char *a, const char *b);

#endif
