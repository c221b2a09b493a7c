/*
 * fetch_render: how a document is fetched, as its catalogue entry says ("render").
 * A header of its own (no includes) so that the catalogue can name it without taking
 * in the fetch interface. Names: tc_render_name / tc_render_parse in fetch_browser.h.
 */
#ifndef TIACHECK_FETCH_RENDER_H
#define TIACHECK_FETCH_RENDER_H

/* "auto" (the default: static, and the browser when the static HTML is an app shell
 * or a block page), "static" (never the browser), "browser" (always). */
enum tc_render {
	TC_RENDER_AUTO = 0,
	TC_RENDER_STATIC,
	TC_RENDER_BROWSER
};

#endif
