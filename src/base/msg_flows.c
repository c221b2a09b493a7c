/*
 * Message table "flows": the sentences and labels of the flows output in Swedish and
 * English (ids "flows.KEY"). See include/tiacheck/i18n.h.
 */
#include "tiacheck/i18n.h"

const tc_msg tc_msgs_flows[] = {
	{ NULL, NULL, NULL }
};
