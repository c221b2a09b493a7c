/*
 * Message table "report": the sentences and labels of the report output in Swedish and
 * English (ids "report.KEY"). See include/tiacheck/i18n.h.
 */
#include "tiacheck/i18n.h"

const tc_msg tc_msgs_report[] = {
	{ NULL, NULL, NULL }
};
