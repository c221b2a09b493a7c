/* cli_extract_print: what `tiacheck extract` prints (see cli_extract_print.h). */
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "tiacheck/cli_extract_print.h"
#include "tiacheck/cmd.h"
#include "tiacheck/util.h"

/* {"status", "detail", "title", "version", "chars", "min_chars", "text"}: text is what
 * was extracted, also when the status says it would fail. */
static void print_json(const tc_extract_result *r)
{
	cJSON *o = cJSON_CreateObject();
	char *s;

	cJSON_AddStringToObject(o, "status", tc_extract_status_name(r->status));
	if (r->status != TC_EX_OK)
		cJSON_AddStringToObject(o, "detail", r->detail);
	if (r->title)
		cJSON_AddStringToObject(o, "title", r->title);
	else
		cJSON_AddNullToObject(o, "title");
	cJSON_AddNumberToObject(o, "version", TC_EXTRACT_VERSION);
	cJSON_AddNumberToObject(o, "chars", (double)r->chars);
	cJSON_AddNumberToObject(o, "min_chars", r->min_chars);
	cJSON_AddStringToObject(o, "text", r->status == TC_EX_OK ? r->text : r->seen ? r->seen : "");
	s = cJSON_PrintUnformatted(o);
	if (s)
		printf("%s\n", s);
	free(s);
	cJSON_Delete(o);
}

int tc_extract_print_result(const tc_extract_result *r, const char *path, int json)
{
	if (json)
		print_json(r);
	else if (r->status == TC_EX_OK)
		fwrite(r->text, 1, r->len, stdout);
	else if (r->seen)
		fputs(r->seen, stdout); /* what it got, so that the DPO sees why it fails */
	if (r->status == TC_EX_OK)
		return TC_EXIT_OK;
	tc_error("'%s': extraction failed: %s: %s", path, tc_extract_status_name(r->status),
		 r->detail);
	if (r->seen && (r->status == TC_EX_TOO_SMALL || r->status == TC_EX_EMPTY))
		tc_note("the text above is what was extracted (%zu characters); a "
			"document's \"min_chars\" in the catalogue sets its own minimum", r->chars);
	else if (r->seen)
		tc_note("the text above is what was extracted (%zu characters)", r->chars);
	return TC_EXIT_ATTENTION;
}
