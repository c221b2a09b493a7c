/*
 * Message table "tia": the sentences and labels of the tia output in Swedish and
 * English (ids "tia.KEY"). See include/tiacheck/i18n.h.
 */
#include "tiacheck/i18n.h"

const tc_msg tc_msgs_tia[] = {
	{ NULL, NULL, NULL }
};
