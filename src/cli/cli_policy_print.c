/* cli_policy_print: what `tiacheck policy` prints (see cli_policy_print.h). */
#include <stdio.h>
#include <stdlib.h>

#include "tiacheck/cmd.h"
#include "tiacheck/cli_policy_print.h"
#include "tiacheck/policy.h"

void tc_policy_print_vocab(const char *catalog_dir, enum tc_vocab_source vs)
{
	if (vs == TC_VOCAB_BUILTIN)
		tc_note("no '%s/reference/known-services.json': using the built-in list of known services",
			catalog_dir);
	else if (vs == TC_VOCAB_NONE)
		tc_warn("no list of known services in '%s': only the catalogue's own names are "
			"recognised", catalog_dir);
}

void tc_policy_print_check(const tc_pcheck *pc, const char *src, enum tc_lang lang, int json)
{
	tc_buf shown = TC_BUF_INIT;
	char *s;

	if (json) {
		s = tc_pcheck_to_json(pc, src);
		puts(s);
		free(s);
	} else if (tc_policy_check_render(pc, src, lang, &shown) == 0) {
		fputs(tc_buf_str(&shown), stdout);
	}
	tc_buf_release(&shown);
}

int tc_policy_print_section(const tc_catalog *cat, const tc_refdata *ref,
			    const tc_policy_opts *po, const char *outpath)
{
	tc_buf b = TC_BUF_INIT;
	char err[512];
	int rc = TC_EXIT_FAILURE;

	if (tc_policy_render(cat, ref, po, &b, err, sizeof(err)) < 0)
		tc_error("cannot write the policy text: %s", err);
	else if (outpath && tc_write_file_atomic(outpath, b.data ? b.data : "", b.len, 0644, err,
						 sizeof(err)) < 0)
		tc_error("cannot write '%s': %s", outpath, err);
	else if (!outpath && b.len && fwrite(b.data, 1, b.len, stdout) != b.len)
		tc_error("cannot write to standard output");
	else
		rc = TC_EXIT_OK;
	tc_buf_release(&b);
	return rc;
}
