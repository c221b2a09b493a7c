/* cli_diff_print: what `tiacheck diff` prints (see cli_diff_print.h). */
#include <inttypes.h>
#include <stdio.h>

#include "tiacheck/cli_diff_print.h"
#include "tiacheck/util.h"

void tc_diff_print(const char *heading, int64_t from, const char *ia, int64_t to,
		   const char *ib, const tc_diff *d, cJSON *jout, int color, enum tc_lang lang)
{
	tc_buf out = TC_BUF_INIT;

	if (jout) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "heading", heading);
		cJSON_AddNumberToObject(o, "from_snapshot", (double)from);
		cJSON_AddNumberToObject(o, "to_snapshot", (double)to);
		cJSON_AddStringToObject(o, "from", ia);
		cJSON_AddStringToObject(o, "to", ib);
		cJSON_AddItemToObject(o, "diff", tc_diff_to_json(d));
		cJSON_AddItemToArray(jout, o);
		return;
	}
	printf("%s%s%s\n", color ? "\033[1m" : "", heading, color ? "\033[0m" : "");
	printf(tc_tr(lang, "cli.diff.counts"), from, ia, to, ib, d->added, d->removed,
	       d->changed);
	putchar('\n');
	if (tc_diff_is_empty(d))
		puts(tc_tr(lang, "cli.diff.empty"));
	tc_diff_render(d, 1, color, &out);
	fputs(tc_buf_str(&out), stdout);
	tc_buf_release(&out);
}
