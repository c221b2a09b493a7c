/*
 * Message table "policy": the sentences and labels of the policy output in Swedish and
 * English (ids "policy.KEY"). See include/tiacheck/i18n.h.
 */
#include "tiacheck/i18n.h"

const tc_msg tc_msgs_policy[] = {
	{ NULL, NULL, NULL }
};
