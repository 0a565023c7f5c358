/* event_name.h -- what an event name is: one rule for cases,
 * rules, packs and the vocabulary. */
#ifndef TSC_EVENT_NAME_H
#define TSC_EVENT_NAME_H

#include "internal.h"

/* True when s[0..len) is an event name: kebab-case, a lower-case letter
 * first, then lower-case letters and digits, with single '-' between them
 * ("s47-start").  Otherwise *bad (when not NULL) is the offset of the first
 * byte that breaks the rule (len for an empty name). */
static inline bool tsc__is_event_name(const char *s, size_t len, size_t *bad)
{
    size_t i = 0;
    for (; i < len; i++) {
        char c = s[i];
        bool letter = c >= 'a' && c <= 'z', digit = c >= '0' && c <= '9';
        bool joint = c == '-' && i > 0 && i + 1 < len && s[i + 1] != '-';
        if (!(letter || (i > 0 && (digit || joint))))
            break;
    }
    if (bad)
        *bad = i;
    return len > 0 && i == len;
}
#endif
