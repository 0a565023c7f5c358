/* sql_roll.c -- the roll conventions by the names SQL callers give them. */
#include "sql_common.h"

#include <string.h>

bool tsc_sql_roll_named(const char *name, tsc_roll *out)
{
    static const struct {
        const char *name;
        tsc_roll roll;
    } rolls[] = {
        {"following", TSC_ROLL_FOLLOWING},
        {"preceding", TSC_ROLL_PRECEDING},
        {"modified-following", TSC_ROLL_MODIFIED_FOLLOWING},
        {"modified-preceding", TSC_ROLL_MODIFIED_PRECEDING},
        {"unadjusted", TSC_ROLL_UNADJUSTED},
    };
    for (size_t i = 0; name && i < sizeof rolls / sizeof rolls[0]; i++)
        if (!strcmp(name, rolls[i].name)) {
            *out = rolls[i].roll;
            return true;
        }
    return false;
}
