/*
 * cmd_flows: `tiacheck flows`: one row per data flow with its classification; flows
 * that leave the EU/EEA stand out (a marker column, and colour on a terminal).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/cmd.h"
#include "tiacheck/cmd_monitor.h"
#include "tiacheck/transfer.h"
#include "tiacheck/util.h"

#define COL_MAX 34

struct flow_filter {
	char **services;
	int nservices;
	int depth;
	int outside;
};

static int keep_flow(const tc_flow *fl, void *ud)
{
	const struct flow_filter *f = ud;
	int match = f->nservices == 0;

	for (int i = 0; i < f->nservices && !match; i++)
		match = tc_streq(fl->service, f->services[i]);
	return match && fl->depth <= f->depth && (!f->outside || fl->leaves_eea);
}

/* Display width of UTF-8 text (code points). */
static size_t width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Copy s cut to at most max code points (with "…"), padded to w. Owned. */
static char *cell(const char *s, size_t max)
{
	tc_buf b = TC_BUF_INIT;
	size_t n = 0;

	tc_buf_init(&b, 4 * max + 8);
	if (width(s) <= max)
		return tc_xstrdup(s);
	for (const char *p = s; *p; p++) {
		if (((unsigned char)*p & 0xC0) != 0x80 && ++n > max - 1)
			break;
		tc_buf_addc(&b, *p);
	}
	tc_buf_adds(&b, "…");
	return tc_buf_detach(&b);
}

enum { C_MARK, C_SERVICE, C_ENTITY, C_ROLE, C_COUNTRY, C_KINDS, C_CLASS, C_MECH, C_PNR, NCOL };

static void print_row(char *const *cells, const size_t *w, const char *color, int use_color)
{
	tc_buf line = TC_BUF_INIT;

	tc_buf_init(&line, 1 << 16);
	for (int i = 0; i < NCOL; i++) {
		size_t pad = w[i] - width(cells[i]);

		tc_buf_adds(&line, cells[i]);
		if (i < NCOL - 1)
			tc_buf_printf(&line, "%*s  ", (int)pad, "");
	}
	while (line.len && line.data[line.len - 1] == ' ')
		line.data[--line.len] = '\0';
	if (use_color && color)
		printf("%s%s\033[0m\n", color, tc_buf_str(&line));
	else
		printf("%s\n", tc_buf_str(&line));
	tc_buf_release(&line);
}

/* The flows table with its header and a summary line. */
static void print_table(const tc_flows *f, const tc_refdata *ref, const char *lang,
			int use_color)
{
	const char *head_en[NCOL] = { "", "SERVICE", "ENTITY", "ROLE", "COUNTRY", "KINDS",
				      "CLASS", "MECHANISM", "PNR" };
	const char *head_sv[NCOL] = { "", "TJÄNST", "MOTTAGARE", "ROLL", "LAND", "TYP",
				      "KLASS", "MEKANISM", "PNR" };
	const char *const *head = tc_streq(lang, "sv") ? head_sv : head_en;
	char *(*rows)[NCOL] = tc_xcalloc(f->n ? f->n : 1, sizeof(*rows));
	size_t w[NCOL];
	size_t outside = 0, dpf = 0, uncovered = 0, pnr = 0;
	tc_buf safe = TC_BUF_INIT;

	tc_buf_init(&safe, 1 << 16);
	for (int i = 0; i < NCOL; i++)
		w[i] = width(head[i]);
	w[C_MARK] = 3;
	for (size_t r = 0; r < f->n; r++) {
		const tc_flow *fl = &f->v[r];
		char *kinds = tc_flow_kinds_str(fl->kinds);
		char *country = tc_xasprintf("%s %s", fl->country,
					     tc_refdata_country_name(ref, fl->country, lang));
		char *service = tc_xstrdup(fl->service);
		rows[r][C_MARK] = tc_xstrdup(fl->leaves_eea ? "OUT" : "");
		rows[r][C_SERVICE] = cell(tc_term_safe(&safe, service), COL_MAX);
		rows[r][C_ENTITY] = cell(tc_term_safe(&safe, fl->entity), COL_MAX);
		rows[r][C_ROLE] = fl->depth > 1 ? tc_xasprintf("%s (depth %d)",
							       tc_flow_role_name(fl->role), fl->depth)
					      : tc_xstrdup(tc_flow_role_name(fl->role));
		rows[r][C_COUNTRY] = cell(tc_term_safe(&safe, country), COL_MAX);
		rows[r][C_KINDS] = kinds;
		rows[r][C_CLASS] = tc_xstrdup(tc_flow_class_name(fl->cls));
		rows[r][C_MECH] = tc_xstrdup(fl->mechanism ? tc_mech_type_name(fl->mechanism) : "-");
		rows[r][C_PNR] = tc_xstrdup(fl->personnummer ? "yes" : "");
		for (int i = 0; i < NCOL; i++)
			if (width(rows[r][i]) > w[i])
				w[i] = width(rows[r][i]);
		free(country);
		free(service);
		outside += fl->leaves_eea != 0;
		dpf += fl->cls == TC_FC_PARTIAL_COVERED && fl->mechanism == TC_MECH_DPF;
		uncovered += fl->leaves_eea && fl->cls != TC_FC_ADEQUATE &&
			     fl->cls != TC_FC_PARTIAL_COVERED && fl->mechanism == TC_MECH_NONE;
		pnr += fl->personnummer != 0;
	}
	print_row((char *const *)head, w, NULL, 0);
	for (size_t r = 0; r < f->n; r++) {
		const tc_flow *fl = &f->v[r];
		const char *color = !fl->leaves_eea ? NULL
				  : fl->cls == TC_FC_ADEQUATE || fl->cls == TC_FC_PARTIAL_COVERED
				  ? "\033[33m" : "\033[31m";

		print_row(rows[r], w, color, use_color);
		for (int i = 0; i < NCOL; i++)
			free(rows[r][i]);
	}
	free(rows);
	if (tc_streq(lang, "sv"))
		printf("\n%zu flöden; %zu lämnar EU/EES (OUT): %zu omfattas bara genom DPF, %zu "
		       "utan överföringsmekanism; %zu med personnummer.\n", f->n, outside, dpf,
		       uncovered, pnr);
	else
		printf("\n%zu flows; %zu leave the EU/EEA (OUT): %zu covered only by the DPF, "
		       "%zu without a transfer tool; %zu with personnummer.\n", f->n, outside, dpf,
		       uncovered, pnr);
	tc_buf_release(&safe);
}

int cmd_flows(int argc, char **argv, tc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "depth", required_argument, NULL, 'd' },
		{ "outside", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct flow_filter filt = { NULL, 0, 2, 0 };
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_flows flows = TC_FLOWS_INIT;
	int c, json = 0, rc;
	char *end;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'o': filt.outside = 1; break;
		case 'd':
			filt.depth = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || filt.depth < 1 || filt.depth > 2)
				return tc_cmd_usage_error("flows", "--depth takes 1 or 2, not '%s'",
							  optarg);
			break;
		case 'h': tc_cmd_help("flows", stdout); return TC_EXIT_OK;
		default:
			return tc_cmd_usage_error("flows", "unknown option or missing value: '%s'",
						  argv[optind - 1]);
		}
	}
	filt.services = argv + optind;
	filt.nservices = argc - optind;
	rc = tc_cmd_load_catalog(ctx, &ref, &cat, 1);
	if (rc != TC_EXIT_OK)
		return rc;
	for (int i = 0; i < filt.nservices; i++) {
		if (!tc_catalog_find(&cat, filt.services[i])) {
			rc = tc_cmd_usage_error("flows", "no service '%s' in the catalogue",
						filt.services[i]);
			goto out;
		}
	}
	tc_flows_build(&cat, &ref, tc_now(), &flows);
	/* Fourth-party flows (depth 2): the vendors' stored sub-processor lists; the
	 * filter below honours --depth. */
	if (filt.depth > 1 && tc_cmd_stored_fourth_party(ctx, &cat, &ref, &flows) < 0) {
		rc = TC_EXIT_FAILURE;
		goto out;
	}
	tc_flows_filter(&flows, keep_flow, &filt);
	if (json) {
		char *s = tc_flows_to_json(&flows, &ref);

		printf("%s\n", s);
		free(s);
	} else {
		print_table(&flows, &ref, tc_cmd_lang(ctx, &cat), ctx->color);
	}
out:
	tc_flows_release(&flows);
	tc_catalog_release(&cat);
	tc_refdata_release(&ref);
	return rc;
}
