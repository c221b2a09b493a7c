/*
 * embedded: the shipped reference data (the JSON files of catalog/reference at build time),
 * compiled into the binary by scripts/embed-reference.sh so that `tiacheck init`
 * works from an installed binary. Static data: nothing to free.
 */
#ifndef TIACHECK_EMBEDDED_H
#define TIACHECK_EMBEDDED_H

#include <stddef.h>

typedef struct tc_embedded_file {
	const char *name;      /* "countries.json" */
	const char *data;      /* the file's bytes, NUL-terminated */
	size_t len;
} tc_embedded_file;

/* Terminated by an entry with name NULL. */
extern const tc_embedded_file tc_reference_files[];

#endif
