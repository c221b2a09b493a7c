/*
 * extract: dispatch by format, the text writer that produces the normalised text,
 * character normalisation, date canonicalisation, charset conversion, and the
 * classification of failed extractions (empty, too small, challenge, consent wall).
 */
#include <ctype.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/extract.h"
#include "tiacheck/subproc_feed.h"
#include "tiacheck/utf8.h"
#include "tiacheck/util.h"
#include "extract_int.h"

/* ---- character normalisation ---- */

/* What one code point becomes: CP_DROP (nothing), CP_SPACE (collapsible space), or
 * a replacement string. Ranges sorted by first code point. */
#define CP_DROP ((const char *)0)
#define CP_SPACE ((const char *)1)
static const struct cp_rule {
	uint32_t lo, hi;
	const char *to;
} cp_rules[] = {
	{ 0x00, 0x08, CP_DROP },      { 0x09, 0x0d, CP_SPACE },
	{ 0x0e, 0x1f, CP_DROP },      { 0x20, 0x20, CP_SPACE },
	{ 0x7f, 0x9f, CP_DROP },      { 0xa0, 0xa0, CP_SPACE },
	{ 0xad, 0xad, CP_DROP },      { 0x034f, 0x034f, CP_DROP },
	{ 0x061c, 0x061c, CP_DROP },  { 0x1680, 0x1680, CP_SPACE },
	{ 0x180e, 0x180e, CP_DROP },  { 0x2000, 0x200a, CP_SPACE },
	{ 0x200b, 0x200f, CP_DROP },  { 0x2010, 0x2011, "-" },
	{ 0x2024, 0x2024, "." },      { 0x2025, 0x2025, ".." },
	{ 0x2026, 0x2026, "..." },    { 0x2028, 0x2029, CP_SPACE },
	{ 0x202a, 0x202e, CP_DROP },  { 0x202f, 0x202f, CP_SPACE },
	{ 0x205f, 0x205f, CP_SPACE }, { 0x2060, 0x206f, CP_DROP },
	{ 0x3000, 0x3000, CP_SPACE }, { 0xfb00, 0xfb00, "ff" },
	{ 0xfb01, 0xfb01, "fi" },     { 0xfb02, 0xfb02, "fl" },
	{ 0xfb03, 0xfb03, "ffi" },    { 0xfb04, 0xfb04, "ffl" },
	{ 0xfb05, 0xfb06, "st" },     { 0xfe00, 0xfe0f, CP_DROP },
	{ 0xfeff, 0xfeff, CP_DROP },  { 0xfff9, 0xfffb, CP_DROP },
	{ 0xe0000, 0xe007f, CP_DROP },
};

/* Find the rule for cp, or NULL to keep it unchanged. */
static const struct cp_rule *cp_rule_find(uint32_t cp)
{
	size_t lo = 0, hi = TC_ARRAY_LEN(cp_rules);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp < cp_rules[mid].lo)
			hi = mid;
		else if (cp > cp_rules[mid].hi)
			lo = mid + 1;
		else
			return &cp_rules[mid];
	}
	return NULL;
}

/* tc_buf_add without the function call when the bytes fit (the hot path). */
static inline int add_fast(tc_buf *b, const void *p, size_t n)
{
	size_t max = b->max ? b->max : TC_BUF_DEFAULT_MAX;

	if (b->data && b->cap - b->len > n && b->len + n <= max) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
		return 0;
	}
	return tc_buf_add(b, p, n);
}

/* U+00C0..U+00FF (two bytes, C3 xx): the Latin letters of Swedish, German, French
 * (å ä ö é ü ...), which no rule changes: copied as they are, like ASCII. */
static inline int latin_letter(const unsigned char *p, const unsigned char *end)
{
	return p[0] == 0xc3 && p + 1 < end && (p[1] & 0xc0) == 0x80;
}

/*
 * Append s[0..n) to b normalised: runs of spaces collapse into one space, owed in
 * *pending until a visible character follows (never leading, never trailing).
 */
static int norm_append(tc_buf *b, int *pending, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		const unsigned char *run = p;
		const char *rep;
		char enc[4];
		size_t k, replen;
		uint32_t cp;
		const struct cp_rule *r;

		/* fast path: a run of plain visible ASCII words (and Latin letters) with
		 * single spaces between them, copied at once (a single space between two
		 * visible characters is what the slow path would write anyway) */
		while (p < end) {
			if (*p > 0x20 && *p < 0x7f)
				p++;
			else if (latin_letter(p, end))
				p += 2;
			else if (*p == ' ' && p > run && p + 1 < end &&
				 ((p[1] > 0x20 && p[1] < 0x7f) || latin_letter(p + 1, end)))
				p++;
			else
				break;
		}
		if (p > run) {
			if (*pending && b->len && add_fast(b, " ", 1) < 0)
				return -1;
			*pending = 0;
			if (add_fast(b, run, (size_t)(p - run)) < 0)
				return -1;
			continue;
		}
		if (*p < 0x80) {
			/* ASCII space or control character: a whole run at once (the
			 * indentation between tags is most of the text nodes of a page) */
			if (*p == ' ' || (*p >= 0x09 && *p <= 0x0d))
				*pending = 1;
			p++;
			while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')) {
				*pending = 1;
				p++;
			}
			continue;
		}
		cp = tc_utf8_decode(p, (size_t)(end - p), &k);
		p += k;
		if (cp == TC_UTF8_INVALID)
			continue;
		r = cp_rule_find(cp);
		if (r && r->to == CP_SPACE) {
			*pending = 1;
			continue;
		}
		if (r && r->to == CP_DROP)
			continue;
		if (r) {
			rep = r->to;
			replen = strlen(rep);
		} else if (cp >= 0xff01 && cp <= 0xff5e) {
			enc[0] = (char)(cp - 0xff01 + 0x21);
			rep = enc;
			replen = 1;
		} else {
			replen = tc_utf8_encode(cp, enc);
			rep = enc;
		}
		if (*pending && b->len && add_fast(b, " ", 1) < 0)
			return -1;
		*pending = 0;
		if (add_fast(b, rep, replen) < 0)
			return -1;
	}
	return 0;
}

int tc_extract_normalise_inline(struct tc_buf *out, const char *s, size_t n)
{
	int pending = 0;
	size_t start = out->len;
	int r;

	/* a space already at the end of out is not ours to collapse */
	if (start) {
		tc_buf tmp = TC_BUF_INIT;

		r = norm_append(&tmp, &pending, s, n);
		if (r == 0)
			r = tc_buf_add(out, tc_buf_str(&tmp), tmp.len);
		tc_buf_release(&tmp);
		return r;
	}
	return norm_append(out, &pending, s, n);
}

/* ---- dates: "December 1, 2025", "1 December 2025", "1st of Dec. 2025" are all
 * written 2025-12-01 so that a page re-rendered in another locale is not a change.
 * Only unambiguous forms (a month name) are rewritten, never 01/12/2025. ---- */

static const struct month_name {
	const char *name;
	int month;
} month_names[] = {
	/* English */
	{ "january", 1 }, { "february", 2 }, { "march", 3 }, { "april", 4 }, { "may", 5 },
	{ "june", 6 }, { "july", 7 }, { "august", 8 }, { "september", 9 }, { "october", 10 },
	{ "november", 11 }, { "december", 12 }, { "jan", 1 }, { "feb", 2 }, { "mar", 3 },
	{ "apr", 4 }, { "jun", 6 }, { "jul", 7 }, { "aug", 8 }, { "sep", 9 }, { "sept", 9 },
	{ "oct", 10 }, { "nov", 11 }, { "dec", 12 },
	/* Swedish */
	{ "januari", 1 }, { "februari", 2 }, { "mars", 3 }, { "maj", 5 }, { "juni", 6 },
	{ "juli", 7 }, { "augusti", 8 }, { "oktober", 10 },
	/* German */
	{ "januar", 1 }, { "februar", 2 }, { "m\xc3\xa4rz", 3 }, { "mai", 5 },
	{ "dezember", 12 },
	/* French */
	{ "janvier", 1 }, { "f\xc3\xa9vrier", 2 }, { "avril", 4 }, { "juin", 6 },
	{ "juillet", 7 }, { "ao\xc3\xbbt", 8 }, { "septembre", 9 }, { "octobre", 10 },
	{ "novembre", 11 }, { "d\xc3\xa9" "cembre", 12 },
	/* Spanish */
	{ "enero", 1 }, { "febrero", 2 }, { "marzo", 3 }, { "abril", 4 }, { "mayo", 5 },
	{ "junio", 6 }, { "julio", 7 }, { "agosto", 8 }, { "septiembre", 9 },
	{ "octubre", 10 }, { "noviembre", 11 }, { "diciembre", 12 },
};

static int is_word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* Month name at s (ASCII case-insensitive, optional '.'); returns its month and sets
 * *len, or 0. */
static int month_at(const char *s, size_t n, size_t *len)
{
	size_t w = 0;

	while (w < n && is_word_byte((unsigned char)s[w]))
		w++;
	if (w < 3 || w > 10 || !isalpha((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < TC_ARRAY_LEN(month_names); i++) {
		if (month_names[i].name[0] == tolower((unsigned char)s[0]) &&
		    strlen(month_names[i].name) == w &&
		    strncasecmp(s, month_names[i].name, w) == 0) {
			*len = w + (w < n && s[w] == '.' ? 1 : 0);
			return month_names[i].month;
		}
	}
	return 0;
}

/* 1-2 digit day (with an optional st/nd/rd/th or '.') at s; returns it or 0. */
static int day_at(const char *s, size_t n, size_t *len)
{
	size_t i = 0;
	int d = 0;

	while (i < n && i < 3 && isdigit((unsigned char)s[i]))
		d = d * 10 + (s[i++] - '0');
	if (i == 0 || i > 2 || d < 1 || d > 31)
		return 0;
	if (i + 2 <= n && (strncasecmp(s + i, "st", 2) == 0 || strncasecmp(s + i, "nd", 2) == 0 ||
			   strncasecmp(s + i, "rd", 2) == 0 || strncasecmp(s + i, "th", 2) == 0))
		i += 2;
	else if (i < n && s[i] == '.')
		i++;
	if (i < n && is_word_byte((unsigned char)s[i]))
		return 0;
	*len = i;
	return d;
}

/* 4-digit year 1900-2199 at s, not followed by a word character. */
static int year_at(const char *s, size_t n, size_t *len)
{
	int y = 0;

	if (n < 4)
		return 0;
	for (int i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		y = y * 10 + (s[i] - '0');
	}
	if (y < 1900 || y > 2199 || (n > 4 && is_word_byte((unsigned char)s[4])))
		return 0;
	*len = 4;
	return y;
}

static size_t skip_sep(const char *s, size_t n, size_t i, int comma)
{
	size_t j = i;

	if (comma && j < n && s[j] == ',')
		j++;
	while (j < n && s[j] == ' ')
		j++;
	return j;
}

/* Try "Month D, YYYY" or "D [of] Month YYYY" at s[i]; on success write the ISO date
 * and return the length consumed, else 0. */
static size_t date_at(const char *s, size_t n, char out[16])
{
	size_t a, b, c, i, j;
	int m, d, y;

	if ((m = month_at(s, n, &a)) != 0) {
		i = skip_sep(s, n, a, 0);
		if (i == a || !(d = day_at(s + i, n - i, &b)))
			return 0;
		i += b;
		j = skip_sep(s, n, i, 1);
		if (j == i || !(y = year_at(s + j, n - j, &c)))
			return 0;
		snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
		return j + c;
	}
	if ((d = day_at(s, n, &a)) != 0) {
		i = skip_sep(s, n, a, 0);
		if (i == a)
			return 0;
		if (n - i > 3 && strncasecmp(s + i, "of ", 3) == 0)
			i = skip_sep(s, n, i + 2, 0);
		if (!(m = month_at(s + i, n - i, &b)))
			return 0;
		i += b;
		j = skip_sep(s, n, i, 1);
		if (j == i || !(y = year_at(s + j, n - j, &c)))
			return 0;
		snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
		return j + c;
	}
	return 0;
}

/* Append line s[0..n) to out with dates canonicalised. A date ends with its year,
 * so only the few bytes before each 4-digit number are examined. */
static int add_with_dates(tc_buf *out, const char *s, size_t n)
{
	size_t from = 0, k = 0;

	/* most lines hold no digit at all: one library scan says so */
	if (n && !s[n] && !strpbrk(s, "0123456789"))
		return tc_buf_add(out, s, n);
	while (k < n) {
		size_t y = k, st, used;
		char iso[16];

		if ((unsigned char)(s[k] - '0') > 9) {
			k++;
			continue;
		}
		while (k < n && isdigit((unsigned char)s[k]))
			k++;
		if (k - y != 4 || y < from + 3)
			continue;
		for (st = y - 3 > from + 32 ? y - 3 - 32 : from; st + 3 <= y; st++) {
			unsigned char c = (unsigned char)s[st];

			if ((st > 0 && is_word_byte((unsigned char)s[st - 1])) ||
			    !(isdigit(c) || strchr("adefjmnosADEFJMNOS", c)))
				continue;
			used = date_at(s + st, n - st, iso);
			if (used && st + used == k) {
				if (tc_buf_add(out, s + from, st - from) < 0 || tc_buf_adds(out, iso) < 0)
					return -1;
				from = k;
				break;
			}
		}
	}
	return tc_buf_add(out, s + from, n - from);
}

/* ---- the writer ---- */

void tx_init(tx_writer *w)
{
	memset(w, 0, sizeof(*w));
	tc_buf_init(&w->out, TX_MAX_OUT);
	tc_buf_init(&w->line, TX_MAX_LINE);
	tc_buf_init(&w->row, TX_MAX_LINE);
	w->prefix = "";
}

void tx_release(tx_writer *w)
{
	tc_buf_release(&w->out);
	tc_buf_release(&w->line);
	tc_buf_release(&w->row);
}

void tx_text(tx_writer *w, const char *s, size_t n)
{
	if (norm_append(&w->line, &w->pending_space, s, n) < 0)
		w->full = 1;
}

void tx_space(tx_writer *w)
{
	w->pending_space = 1;
}

/* Write the collected block as one line. */
static void flush_line(tx_writer *w)
{
	w->pending_space = 0;
	w->gen++;
	if (!w->line.len)
		return;    /* keeps the prefix for the block's first text: <li><p>x</p></li> */
	if (tc_buf_adds(&w->out, w->prefix) < 0 ||
	    add_with_dates(&w->out, w->line.data, w->line.len) < 0 ||
	    tc_buf_addc(&w->out, '\n') < 0)
		w->full = 1;
	tc_buf_reset(&w->line);
	w->prefix = "";
}

void tx_break(tx_writer *w)
{
	if (w->in_cell)
		w->pending_space = 1;
	else
		flush_line(w);
}

void tx_block(tx_writer *w, const char *prefix)
{
	if (w->in_cell) {
		w->pending_space = 1;
		return;
	}
	flush_line(w);
	w->prefix = prefix;
}

void tx_row_begin(tx_writer *w)
{
	flush_line(w);
	tc_buf_reset(&w->row);
	w->row_cells = 0;
}

void tx_cell_begin(tx_writer *w)
{
	if (w->in_cell++ == 0) {
		tc_buf_reset(&w->line);
		w->pending_space = 0;
	}
}

void tx_cell_end(tx_writer *w)
{
	int r = 0;

	if (w->in_cell == 0 || --w->in_cell > 0)
		return;
	r |= tc_buf_add(&w->row, "| ", 2);
	/* the cell's text, a backslash before each '|', copied span by span */
	for (size_t i = 0; i < w->line.len;) {
		const char *bar = memchr(w->line.data + i, '|', w->line.len - i);
		size_t end = bar ? (size_t)(bar - w->line.data) : w->line.len;

		r |= add_fast(&w->row, w->line.data + i, end - i);
		if (bar)
			r |= add_fast(&w->row, "\\|", 2);
		i = bar ? end + 1 : end;
	}
	if (w->line.len)
		r |= tc_buf_addc(&w->row, ' ');
	if (r)
		w->full = 1;
	w->row_cells++;
	tc_buf_reset(&w->line);
	w->pending_space = 0;
}

void tx_row_end(tx_writer *w, int *rows)
{
	int empty = 1;

	for (size_t i = 0; i < w->row.len; i++)
		if (w->row.data[i] != '|' && w->row.data[i] != ' ')
			empty = 0;
	if (w->row_cells && !empty) {
		if (add_with_dates(&w->out, w->row.data, w->row.len) < 0 ||
		    tc_buf_adds(&w->out, "|\n") < 0)
			w->full = 1;
		if ((*rows)++ == 0) {
			for (int i = 0; i < w->row_cells; i++)
				if (tc_buf_adds(&w->out, "| --- ") < 0)
					w->full = 1;
			if (tc_buf_adds(&w->out, "|\n") < 0)
				w->full = 1;
		}
	}
	tc_buf_reset(&w->row);
	w->row_cells = 0;
	w->gen++;
}

/* ---- charset ---- */

const char *tx_memcasemem(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);

	if (m == 0)
		return s;
	for (size_t i = 0; i + m <= n; i++) {
		if (tolower((unsigned char)s[i]) == tolower((unsigned char)needle[0]) &&
		    strncasecmp(s + i, needle, m) == 0)
			return s + i;
	}
	return NULL;
}

/* Copy the charset value following "charset" at p (within end) into out. */
static void charset_value(const char *p, const char *end, char *out, size_t outlen)
{
	size_t k = 0;

	p += 7;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p != '=')
		return;
	p++;
	while (p < end && (*p == ' ' || *p == '"' || *p == '\''))
		p++;
	while (p < end && k + 1 < outlen &&
	       (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == ':' || *p == '.'))
		out[k++] = (char)tolower((unsigned char)*p++);
	out[k] = '\0';
}

/* The charset declared by a <meta> in the first 4 KiB, or "". */
static void meta_charset(const char *s, size_t n, char *out, size_t outlen)
{
	size_t lim = n < 4096 ? n : 4096;
	const char *p = s, *end = s + lim;

	out[0] = '\0';
	while ((p = tx_memcasemem(p, (size_t)(end - p), "<meta")) != NULL) {
		const char *gt = memchr(p, '>', (size_t)(end - p));
		const char *cs;

		if (!gt)
			break;
		cs = tx_memcasemem(p, (size_t)(gt - p), "charset");
		if (cs) {
			charset_value(cs, gt, out, outlen);
			if (out[0])
				return;
		}
		p = gt;
	}
}

enum cs_kind { CS_UTF8, CS_1252, CS_OTHER };

static const struct cs_alias {
	const char *name;
	enum cs_kind kind;
} cs_aliases[] = {
	{ "utf-8", CS_UTF8 }, { "utf8", CS_UTF8 }, { "unicode-1-1-utf-8", CS_UTF8 },
	{ "iso-8859-1", CS_1252 }, { "iso8859-1", CS_1252 }, { "latin1", CS_1252 },
	{ "l1", CS_1252 }, { "windows-1252", CS_1252 }, { "cp1252", CS_1252 },
	{ "us-ascii", CS_1252 }, { "ascii", CS_1252 }, { "iso_8859-1", CS_1252 },
	{ "x-cp1252", CS_1252 }, { "cp819", CS_1252 }, { "ibm819", CS_1252 },
};

/* windows-1252 bytes 0x80-0x9f (0 = undefined, kept as the C1 code point). */
static const uint16_t cp1252_hi[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
	0x2039, 0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013,
	0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

static char *decode_1252(const unsigned char *s, size_t n, size_t *outlen)
{
	tc_buf b;
	char enc[4];

	tc_buf_init(&b, 0);
	for (size_t i = 0; i < n; i++) {
		uint32_t cp = s[i];

		if (cp == 0)
			continue;
		if (cp < 0x80) {
			tc_buf_addc(&b, (char)cp);
			continue;
		}
		if (cp < 0xa0 && cp1252_hi[cp - 0x80])
			cp = cp1252_hi[cp - 0x80];
		tc_buf_add(&b, enc, tc_utf8_encode(cp, enc));
	}
	*outlen = b.len;
	return tc_buf_detach(&b);
}

const char *tx_to_utf8(const char *body, size_t len, const char *content_type,
		       int sniff_meta, size_t *outlen, char **conv, char *enc_out,
		       size_t enc_outlen, int *plain)
{
	const unsigned char *p = (const unsigned char *)body;
	char cs[64] = "", meta[64] = "";
	enum cs_kind kind = CS_UTF8;
	size_t valid_multi = 0, invalid = 0, nuls = 0;
	const char *ct;

	*conv = NULL;
	enc_out[0] = '\0';
	*plain = 0;
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		body += 3;
		len -= 3;
		p += 3;
	} else if (len >= 2 && ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff))) {
		snprintf(enc_out, enc_outlen, "%s", p[0] == 0xff ? "UTF-16LE" : "UTF-16BE");
		*outlen = len;
		return body;
	} else {
		if (content_type && (ct = tx_memcasemem(content_type, strlen(content_type), "charset")))
			charset_value(ct, content_type + strlen(content_type), cs, sizeof(cs));
		if (sniff_meta)
			meta_charset(body, len, meta, sizeof(meta));
		if (!cs[0])
			snprintf(cs, sizeof(cs), "%s", meta);
		if (cs[0]) {
			kind = CS_OTHER;
			for (size_t i = 0; i < TC_ARRAY_LEN(cs_aliases); i++)
				if (strcmp(cs, cs_aliases[i].name) == 0)
					kind = cs_aliases[i].kind;
		}
	}
	if (kind == CS_OTHER) {
		snprintf(enc_out, enc_outlen, "%s", cs);
		*outlen = len;
		return body;
	}
	if (kind == CS_1252) {
		*conv = decode_1252(p, len, outlen);
		return *conv;
	}
	/* UTF-8 (declared or default): count what needs fixing */
	for (size_t i = 0; i < len;) {
		size_t k;
		uint64_t w8;

		/* eight plain ASCII bytes, none NUL, at a time */
		if (i + 8 <= len) {
			memcpy(&w8, p + i, 8);
			if (!(w8 & 0x8080808080808080ull) &&
			    !((w8 - 0x0101010101010101ull) & ~w8 & 0x8080808080808080ull)) {
				i += 8;
				continue;
			}
		}
		if (p[i] < 0x80) {
			nuls += p[i] == 0;
			i++;
			continue;
		}
		if (tc_utf8_decode(p + i, len - i, &k) == TC_UTF8_INVALID)
			invalid++;
		else
			valid_multi++;
		i += k;
	}
	if (!invalid && !nuls) {
		*outlen = len;
		*plain = !meta[0] || strcmp(meta, "utf-8") == 0 || strcmp(meta, "utf8") == 0;
		return body;
	}
	if (invalid && !valid_multi) {
		/* not UTF-8 at all: the usual culprit is an undeclared Latin-1 body */
		*conv = decode_1252(p, len, outlen);
		return *conv;
	}
	{
		tc_buf b;

		tc_buf_init(&b, 0);
		for (size_t i = 0; i < len;) {
			size_t k;

			if (p[i] == 0) {
				i++;
				continue;
			}
			if (tc_utf8_decode(p + i, len - i, &k) == TC_UTF8_INVALID)
				tc_buf_adds(&b, "\xef\xbf\xbd");
			else
				tc_buf_add(&b, p + i, k);
			i += k;
		}
		*outlen = b.len;
		*conv = tc_buf_detach(&b);
		return *conv;
	}
}

/* ---- plain text ---- */

/* Plain text and Markdown: every non-empty line is a block, normalised. */
static void extract_text(const char *s, size_t n, tx_writer *w)
{
	size_t i = 0;

	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;

		tx_text(w, s + i, e - i);
		tx_break(w);
		i = e + 1;
	}
}

/* ---- status classification ---- */

/* Titles of bot-challenge and block pages (matched case-insensitively in the title). */
static const char *const challenge_titles[] = {
	"just a moment", "attention required", "access denied", "security check",
	"checking your browser", "verify you are human", "pardon our interruption",
	"ddos-guard", "are you a robot", "bot verification", "captcha", "please wait",
	"einen moment", "un instant", "un momento", "ett \xc3\xb6gonblick", "bitte warten",
	"veuillez patienter", "request rejected", "request unsuccessful",
};

/* Sentences of challenge pages in the visible text (only a signal in a short text
 * that is not a list: a sub-processor list may name a captcha or bot-detection vendor). */
static const char *const challenge_phrases[] = {
	"just a moment...", "checking your browser", "checking if the site connection is secure",
	"verify you are human", "verifying you are human", "enable javascript and cookies to continue",
	"please enable javascript and cookies", "ddos protection by", "please complete the security check",
	"are you a robot", "are you a human", "i'm not a robot", "captcha", "unusual traffic from your",
	"access to this page has been denied", "pardon our interruption", "access denied",
	"request unsuccessful. incapsula", "please wait while we verify",
	"performing security verification", "security check to access",
	"\xc3\xbc" "berpr\xc3\xbc" "fen sie, ob sie ein mensch sind",
};

/* Known challenge scripts and forms in the raw markup (never a bare word such as
 * "captcha", which a page's own scripts may carry). */
static const char *const challenge_markers[] = {
	"cf-chl", "__cf_chl", "cf_chl_opt", "challenge-form", "challenges.cloudflare.com",
	"px-captcha", "_incapsula_resource", "ddos-guard", "captcha-delivery.com", "awswaf",
	"/cdn-cgi/challenge-platform",
};

/* Phrases of consent walls (pages that show only a consent prompt). */
static const char *const consent_phrases[] = {
	"cookie", "consent", "accept all", "reject all", "before you continue",
	"we value your privacy", "manage preferences", "your privacy choices",
	"privacy settings", "bevor sie fortfahren", "avant de continuer", "alle akzeptieren",
	"tout accepter", "acceptera alla", "godk\xc3\xa4nn", "samtycke", "einwilligung",
	"zustimmen", "aceptar", "accetta",
};

/* "Very little visible text": what a challenge or consent page shows. */
#define TX_LITTLE_TEXT 400

static size_t count_phrases(const char *s, size_t n, const char *const *list, size_t nlist)
{
	size_t hits = 0;

	for (size_t i = 0; i < nlist; i++)
		if (tx_memcasemem(s, n, list[i]))
			hits++;
	return hits;
}

/* A <meta http-equiv="refresh"> whose target names a captcha or challenge: the
 * redirect of a block page (the page itself has no text). */
static int refresh_to_challenge(const char *raw, size_t n)
{
	const char *p = raw, *end = raw + n;

	for (int k = 0; k < 16; k++) {
		const char *r = tx_memcasemem(p, (size_t)(end - p), "http-equiv");
		size_t span;

		if (!r)
			return 0;
		span = (size_t)(end - r) < 600 ? (size_t)(end - r) : 600;
		if (tx_memcasemem(r, span, "refresh") &&
		    (tx_memcasemem(r, span, "captcha") || tx_memcasemem(r, span, "challenge")))
			return 1;
		p = r + 10;
	}
	return 0;
}

/* Is the text a list: a table of two rows or more (its header, if any, counts), or
 * three list items or more? */
static int list_like(const char *text, size_t len)
{
	size_t rows = 0, items = 0;

	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (*p == '|' && !(end - p > 4 && memcmp(p, "| --", 4) == 0))
			rows++;
		else if (end - p > 2 && p[0] == '-' && p[1] == ' ')
			items++;
		if (rows >= 3 || items >= 3)
			return 1;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* The minimum of characters for this document (see TC_EXTRACT_MIN_CHARS). */
static int min_chars_for(const tc_extract_opts *o, int listy, int main_root)
{
	if (o->min_chars > 0)
		return o->min_chars;
	if (o->last_len > 0)
		return o->last_len / 2 < TC_EXTRACT_MIN_CHARS ? (int)(o->last_len / 2)
							       : TC_EXTRACT_MIN_CHARS;
	return listy || main_root ? TC_EXTRACT_MIN_LIST : TC_EXTRACT_MIN_CHARS;
}

typedef struct tx_verdict_in {
	const char *raw;        /* the body (NULL for PDF) */
	size_t rawlen;
	const char *text, *title;
	size_t len;
	int consent_chars, main_root;
	const tc_extract_opts *opts;
} tx_verdict_in;

/*
 * Decide whether a successful-looking extraction is really a failure, by positive
 * signals only: the title of a known challenge page; or very little visible text
 * that is not a list AND a challenge sentence in it or a known challenge script or
 * form in the markup; consent walls alike. Too little text is decided per document
 * (min_chars_for). Sets out->chars and out->min_chars.
 */
/* tc_utf8_count, with runs of ASCII counted eight bytes at a time (most of a text):
 * the same count, the one decoder for every other character. */
static size_t count_chars(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, count = 0, len;

	while (i < n) {
		uint64_t word;

		while (i + 8 <= n) {
			memcpy(&word, p + i, 8);
			if (word & UINT64_C(0x8080808080808080))
				break;
			i += 8;
			count += 8;
		}
		while (i < n && p[i] < 0x80) {
			i++;
			count++;
			if ((i & 7) == 0)
				break;
		}
		if (i < n && p[i] >= 0x80) {
			(void)tc_utf8_decode(p + i, n - i, &len);
			i += len;
			count++;
		}
	}
	return count;
}

static enum tc_extract_status classify(const tx_verdict_in *in, tc_extract_result *out)
{
	size_t scan = in->rawlen < 262144 ? in->rawlen : 262144, chars, ch_raw = 0;
	int listy = list_like(in->text, in->len), little, min;
	const char *title = in->title;

	chars = count_chars(in->text, in->len);
	out->chars = chars;
	out->min_chars = min = min_chars_for(in->opts, listy, in->main_root);
	little = chars < TX_LITTLE_TEXT && !listy;
	for (size_t i = 0; in->raw && little && i < TC_ARRAY_LEN(challenge_markers); i++)
		if (memmem(in->raw, scan, challenge_markers[i], strlen(challenge_markers[i])))
			ch_raw++;
	if (in->raw && chars == 0 && refresh_to_challenge(in->raw, scan))
		ch_raw++;
	if ((title && chars < 1000 && !listy &&
	     count_phrases(title, strlen(title), challenge_titles, TC_ARRAY_LEN(challenge_titles))) ||
	    (little && (ch_raw || count_phrases(in->text, in->len, challenge_phrases,
						TC_ARRAY_LEN(challenge_phrases))))) {
		tc_seterr(out->detail, sizeof(out->detail),
			  "bot challenge page (%zu characters of text%s%s%s)", chars,
			  ch_raw ? ", challenge script in the markup" : "",
			  title ? ", title: " : "", title ? title : "");
		return TC_EX_CHALLENGE;
	}
	if (!listy && ((chars < 1000 && count_phrases(in->text, in->len, consent_phrases,
						      TC_ARRAY_LEN(consent_phrases)) >= 2) ||
		       ((int)chars < min && in->consent_chars > 0))) {
		tc_seterr(out->detail, sizeof(out->detail), "consent wall (%zu characters of text)",
			  chars);
		return TC_EX_CONSENT_WALL;
	}
	if (chars == 0) {
		tc_seterr(out->detail, sizeof(out->detail), "no text extracted");
		return TC_EX_EMPTY;
	}
	if ((int)chars < min) {
		tc_seterr(out->detail, sizeof(out->detail),
			  "only %zu characters of text (minimum %d%s)", chars, min,
			  in->opts->min_chars > 0 ? ", the catalogue's min_chars" :
			  in->opts->last_len ? ", half of the last good text" : "");
		return TC_EX_TOO_SMALL;
	}
	return TC_EX_OK;
}

/* ---- noise rules: lines matching an ignore rule are dropped ---- */

/* Drop the lines of w->out that match one of the rules; -1 with detail when a rule
 * is not a valid POSIX extended regular expression. */
static int apply_ignore(tx_writer *w, const tc_extract_opts *o, char *detail, size_t detaillen)
{
	regex_t re[TC_EXTRACT_MAX_IGNORE];
	size_t n = o->nignore < TC_EXTRACT_MAX_IGNORE ? o->nignore : TC_EXTRACT_MAX_IGNORE, nre = 0;
	tc_buf kept;
	int ret = -1;

	if (!n)
		return 0;
	tc_buf_init(&kept, TX_MAX_OUT);
	for (; nre < n; nre++) {
		int rc = regcomp(&re[nre], o->ignore[nre], REG_EXTENDED | REG_NOSUB);

		if (rc != 0) {
			char why[128];

			regerror(rc, &re[nre], why, sizeof(why));
			tc_seterr(detail, detaillen, "ignore rule '%s': %s", o->ignore[nre], why);
			goto out;
		}
	}
	for (char *p = w->out.data, *end = p + w->out.len; p && p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t k = nl ? (size_t)(nl - p) : (size_t)(end - p);
		int drop = 0;

		p[k] = '\0';
		for (size_t i = 0; i < nre && !drop; i++)
			drop = regexec(&re[i], p, 0, NULL, 0) == 0;
		if (nl)
			*nl = '\n';
		if (!drop)
			tc_buf_add(&kept, p, k + (nl ? 1 : 0));
		p += k + (nl ? 1 : 0);
	}
	tc_buf_release(&w->out);
	w->out = kept;
	tc_buf_init(&kept, 0);
	ret = 0;
out:
	for (size_t i = 0; i < nre; i++)
		regfree(&re[i]);
	tc_buf_release(&kept);
	return ret;
}

void tc_extract_rules_sha(const tc_extract_opts *o, char out[65])
{
	tc_buf b = TC_BUF_INIT;
	const struct {
		const char *name;
		const char *const *v;
		size_t n;
	} sets[] = { { "select", o->select, o->nselect }, { "remove", o->remove, o->nremove },
		     { "ignore", o->ignore, o->nignore } };

	out[0] = '\0';
	if (!o->nselect && !o->nremove && !o->nignore)
		return;
	for (size_t i = 0; i < TC_ARRAY_LEN(sets); i++)
		for (size_t k = 0; k < sets[i].n; k++) {
			tc_buf_adds(&b, sets[i].name);
			tc_buf_addc(&b, '\n');
			tc_buf_adds(&b, sets[i].v[k]);
			tc_buf_add(&b, "", 1);
		}
	tc_sha256_hex(b.data, b.len, out);
	tc_buf_release(&b);
}

/* ---- dispatch ---- */

static const struct ct_format {
	const char *prefix;
	int format;
} ct_formats[] = {
	{ "text/html", TC_FMT_HTML },        { "application/xhtml", TC_FMT_HTML },
	{ "application/pdf", TC_FMT_PDF },   { "application/x-pdf", TC_FMT_PDF },
	{ "text/plain", TC_FMT_TEXT },       { "text/markdown", TC_FMT_TEXT },
	{ "text/x-markdown", TC_FMT_TEXT },   { "application/rss+xml", TC_FMT_FEED },
	{ "application/atom+xml", TC_FMT_FEED }, { "application/feed+json", TC_FMT_FEED },
	{ "application/json", TC_FMT_FEED },
};

/* The format from the Content-Type header, 0 if unknown, -1 if known unsupported. */
static int format_from_type(const char *ct)
{
	while (ct && (*ct == ' ' || *ct == '\t'))
		ct++;
	if (!ct || !*ct || strncasecmp(ct, "application/octet-stream", 24) == 0)
		return 0;
	for (size_t i = 0; i < TC_ARRAY_LEN(ct_formats); i++)
		if (strncasecmp(ct, ct_formats[i].prefix, strlen(ct_formats[i].prefix)) == 0)
			return ct_formats[i].format;
	if (strncasecmp(ct, "image/", 6) == 0 || strncasecmp(ct, "video/", 6) == 0 ||
	    strncasecmp(ct, "audio/", 6) == 0 || strncasecmp(ct, "font/", 5) == 0 ||
	    strncasecmp(ct, "application/zip", 15) == 0)
		return -1;
	return 0;
}

/* Guess the format from the first bytes. */
static int sniff_format(const char *s, size_t n)
{
	size_t i = 0, lim = n < 1024 ? n : 1024;

	if (n >= 5 && memcmp(s, "%PDF-", 5) == 0)
		return TC_FMT_PDF;
	if (lim >= 1024 && tx_memcasemem(s, lim, "%PDF-"))
		return TC_FMT_PDF;
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < lim && isspace((unsigned char)s[i]))
		i++;
	if (tx_memcasemem(s, lim, "<html") || tx_memcasemem(s, lim, "<!doctype html") ||
	    tx_memcasemem(s, lim, "<head") || tx_memcasemem(s, lim, "<body"))
		return TC_FMT_HTML;
	if (i < lim && s[i] == '<' && i + 1 < lim &&
	    (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '!'))
		return TC_FMT_HTML;
	if (n >= 2 && ((unsigned char)s[0] == 0xff || (unsigned char)s[0] == 0xfe) &&
	    tx_memcasemem(s, lim, "h\0t\0m\0l"))
		return TC_FMT_HTML;
	return TC_FMT_TEXT;
}

static const char *const status_names[] = {
	[TC_EX_OK] = "ok", [TC_EX_EMPTY] = "empty", [TC_EX_TOO_SMALL] = "too_small",
	[TC_EX_CHALLENGE] = "challenge", [TC_EX_CONSENT_WALL] = "consent_wall",
	[TC_EX_NO_MATCH] = "no_match", [TC_EX_UNSUPPORTED] = "unsupported",
	[TC_EX_BAD_INPUT] = "bad_input",
};

/* A feed (RSS, Atom, JSON list): its items as the table text of subproc_feed.h. */
static int extract_feed(const char *body, size_t len, const tc_extract_opts *opts,
			tx_writer *w, enum tc_extract_status *st, char *detail, size_t detaillen)
{
	char *text = NULL, why[200];

	if (tc_subproc_feed_text(opts->gz, body, len,
				 tc_subproc_feed_sniff(body, len, opts->content_type), &text,
				 why, sizeof(why)) < 0) {
		*st = TC_EX_BAD_INPUT;
		tc_seterr(detail, detaillen, "not a readable feed: %s", why);
		return -1;
	}
	extract_text(text, strlen(text), w);
	free(text);
	return 0;
}

const char *tc_extract_status_name(enum tc_extract_status s)
{
	if ((size_t)s < TC_ARRAY_LEN(status_names) && status_names[s])
		return status_names[s];
	return "unknown";
}

void tc_extract_result_release(tc_extract_result *r)
{
	if (!r)
		return;
	free(r->text);
	free(r->title);
	free(r->seen);
	r->text = r->title = r->seen = NULL;
	r->len = 0;
}

int tc_extract(const char *body, size_t len, const tc_extract_opts *opts, tc_extract_result *out)
{
	static const tc_extract_opts none;
	tx_writer w;
	enum tc_extract_status st = TC_EX_OK;
	char *title = NULL;
	int format, consent_chars = 0, main_root = 0, fed = 0;
	tx_verdict_in vin;

	if (!opts)
		opts = &none;
	memset(out, 0, sizeof(*out));
	tx_init(&w);
	if (!body && len) {
		st = TC_EX_BAD_INPUT;
		tc_seterr(out->detail, sizeof(out->detail), "no body");
		goto out;
	}
	if (len > TC_EXTRACT_MAX_INPUT) {
		st = TC_EX_BAD_INPUT;
		tc_seterr(out->detail, sizeof(out->detail), "body of %zu bytes is larger than %zu",
			  len, TC_EXTRACT_MAX_INPUT);
		goto out;
	}
	if (len == 0) {
		st = TC_EX_EMPTY;
		tc_seterr(out->detail, sizeof(out->detail), "empty body");
		goto out;
	}
	format = opts->format;
	if (!format)
		format = format_from_type(opts->content_type);
	if (format < 0) {
		st = TC_EX_UNSUPPORTED;
		tc_seterr(out->detail, sizeof(out->detail), "unsupported content type '%s'",
			  opts->content_type);
		goto out;
	}
	/* a body that looks like a feed and reads as one is a feed; else it is sniffed */
	if (!format && tc_subproc_feed_sniff(body, len, opts->content_type) != TC_FEED_NONE &&
	    extract_feed(body, len, opts, &w, &st, out->detail, sizeof(out->detail)) == 0) {
		format = TC_FMT_FEED;
		fed = 1;
	}
	if (!format) {
		st = TC_EX_OK;
		out->detail[0] = '\0';
		format = sniff_format(body, len);
	}
	switch (format) {
	case TC_FMT_HTML:
		if (tx_html(body, len, opts, &w, &title, &consent_chars, &main_root, &st,
			    out->detail, sizeof(out->detail)) < 0)
			goto out;
		break;
	case TC_FMT_PDF:
		if (tx_pdf(body, len, &w, &title, &st, out->detail, sizeof(out->detail)) < 0)
			goto out;
		break;
	case TC_FMT_TEXT: {
		char *conv = NULL, enc[64];
		size_t n;
		int plain;
		const char *s = tx_to_utf8(body, len, opts->content_type, 0, &n, &conv, enc,
					   sizeof(enc), &plain);

		if (enc[0]) {
			st = TC_EX_UNSUPPORTED;
			tc_seterr(out->detail, sizeof(out->detail),
				  "plain text in charset '%s' is not supported", enc);
			free(conv);
			goto out;
		}
		extract_text(s, n, &w);
		free(conv);
		break;
	}
	case TC_FMT_FEED:
		if (!fed && extract_feed(body, len, opts, &w, &st, out->detail, sizeof(out->detail)) < 0)
			goto out;
		break;
	default:
		st = TC_EX_UNSUPPORTED;
		tc_seterr(out->detail, sizeof(out->detail), "unknown format %d", format);
		goto out;
	}
	tx_break(&w);
	if (w.full) {
		st = TC_EX_BAD_INPUT;
		tc_seterr(out->detail, sizeof(out->detail), "extracted text larger than %zu bytes",
			  TX_MAX_OUT);
		goto out;
	}
	if (apply_ignore(&w, opts, out->detail, sizeof(out->detail)) < 0) {
		st = TC_EX_BAD_INPUT;
		goto out;
	}
	vin = (tx_verdict_in){ .raw = format == TC_FMT_HTML ? body : NULL, .rawlen = len,
			       .text = tc_buf_str(&w.out), .len = w.out.len, .title = title,
			       .consent_chars = consent_chars, .main_root = main_root,
			       .opts = opts };
	st = classify(&vin, out);
out:
	out->status = st;
	out->title = title;
	if (st == TC_EX_OK) {
		out->len = w.out.len;
		out->text = tc_buf_detach(&w.out);
	} else {
		if (w.out.len)
			out->seen = tc_buf_detach(&w.out);
		out->text = tc_xstrdup("");
		out->len = 0;
	}
	tx_release(&w);
	return st == TC_EX_OK ? 0 : -1;
}
