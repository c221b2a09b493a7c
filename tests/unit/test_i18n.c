/* link: util */
/* Tests of the message tables and the lookup. */
#include <stdlib.h>
#include <string.h>

#include "tiacheck/i18n.h"
#include "tu.h"

typedef struct seen {
	const tc_msg **rows;
	size_t n, cap;
} seen;

static void collect(const tc_msg *m, void *ud)
{
	seen *s = ud;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->rows = realloc(s->rows, s->cap * sizeof(*s->rows));
	}
	s->rows[s->n++] = m;
}

static int by_id(const void *a, const void *b)
{
	return strcmp((*(const tc_msg *const *)a)->id, (*(const tc_msg *const *)b)->id);
}

/* Every row has an id of the form AREA.KEY, both languages, no stray whitespace,
 * and ids are unique across all tables. */
static void test_tables(void)
{
	seen s = { 0 };
	tc_i18n_each(collect, &s);
	TU_CHECK(s.n > 50, "only %zu rows", s.n);
	qsort(s.rows, s.n, sizeof(*s.rows), by_id);
	for (size_t i = 0; i < s.n; i++) {
		const tc_msg *m = s.rows[i];
		TU_CHECK(strchr(m->id, '.') != NULL, "id '%s' has no area", m->id);
		TU_CHECK(m->sv && *m->sv, "'%s': no Swedish", m->id);
		TU_CHECK(m->en && *m->en, "'%s': no English", m->id);
		TU_CHECK(!m->sv || (m->sv[0] != ' ' && m->sv[strlen(m->sv) - 1] != ' '),
			 "'%s': Swedish has outer spaces", m->id);
		if (i)
			TU_CHECK(strcmp(s.rows[i - 1]->id, m->id) != 0, "id '%s' twice", m->id);
		/* The same printf conversions in both languages. */
		int psv = 0, pen = 0;
		for (const char *p = m->sv; p && *p; p++)
			psv += *p == '%';
		for (const char *p = m->en; p && *p; p++)
			pen += *p == '%';
		TU_CHECK(psv == pen, "'%s': %d %% in Swedish, %d in English", m->id, psv, pen);
	}
	free(s.rows);
}

static void test_lookup(void)
{
	TU_STR(tc_tr(TC_LANG_SV, "class.third"), "tredjeland");
	TU_STR(tc_tr(TC_LANG_EN, "class.third"), "third country");
	TU_STR(tc_label(TC_LANG_SV, "role", "subprocessor"), "underbiträde");
	TU_STR(tc_label(TC_LANG_EN, "country_status", "ADEQUATE_PARTIAL"), "partially adequate");
	TU_STR(tc_label(TC_LANG_EN, "role", "astronaut"), "astronaut");
	TU_CHECK(tc_label_opt(TC_LANG_EN, "role", "astronaut") == NULL, "unknown code has a label");
	TU_STR(tc_tr(TC_LANG_SV, "no.such.id"), "no.such.id");
	TU_CHECK(tc_tr_opt(TC_LANG_SV, "no.such.id") == NULL, "unknown id has a text");
	TU_STR(tc_label(TC_LANG_SV, "role", NULL), "");
}

static void test_lang(void)
{
	enum tc_lang l = TC_LANG_SV;
	TU_INT(tc_lang_parse("en", &l), 0);
	TU_INT(l, TC_LANG_EN);
	TU_INT(tc_lang_parse("SV", &l), 0);
	TU_INT(l, TC_LANG_SV);
	TU_INT(tc_lang_parse("en_GB", &l), 0);
	TU_INT(l, TC_LANG_EN);
	TU_INT(tc_lang_parse("sv-SE", &l), 0);
	TU_INT(l, TC_LANG_SV);
	TU_INT(tc_lang_parse("de", &l), -1);
	TU_INT(tc_lang_parse("english", &l), -1);
	TU_INT(tc_lang_parse("", &l), -1);
	TU_INT(tc_lang_parse(NULL, &l), -1);
	TU_INT(tc_lang_or(NULL, TC_LANG_EN), TC_LANG_EN);
	TU_STR(tc_lang_code(TC_LANG_EN), "en");
	TU_STR(tc_lang_code(TC_LANG_SV), "sv");
}

int main(void)
{
	test_tables();
	test_lookup();
	test_lang();
	return TU_END("test_i18n");
}
