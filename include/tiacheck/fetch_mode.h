/*
 * fetch_mode: how a document is fetched, as its catalogue entry says ("render").
 * A header of its own (no includes) so that the catalogue can name it without taking
 * in the fetch interface. Names: tc_fetch_mode_name / tc_fetch_mode_parse in fetch_browser.h.
 */
#ifndef TIACHECK_FETCH_MODE_H
#define TIACHECK_FETCH_MODE_H

/* "auto" (the default: static, and the browser when the static HTML is an app shell
 * or a block page), "static" (never the browser), "browser" (always). */
enum tc_fetch_mode {
	TC_FETCH_MODE_AUTO = 0,
	TC_FETCH_MODE_STATIC,
	TC_FETCH_MODE_BROWSER
};

#endif
