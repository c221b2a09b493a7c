/*
 * Message table "cli": the sentences and labels of the cli output in Swedish and
 * English (ids "cli.KEY"). See include/tiacheck/i18n.h.
 */
#include "tiacheck/i18n.h"

const tc_msg tc_msgs_cli[] = {
	{ NULL, NULL, NULL }
};
