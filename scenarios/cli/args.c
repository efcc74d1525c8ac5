/* Strict number parsing for every command-line option (args.h). */
#include "args.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static bool parse_uint(const char *text, uint64_t *out)
{
    if (!text || !isdigit((unsigned char)text[0])) /* no sign, no blank, no empty */
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 0);
    if (errno)
        return false;
    uint64_t scale = *end == 'k' ? 1000ULL : *end == 'M' ? 1000000ULL
                     : *end == 'G' ? 1000000000ULL : 1;
    if (scale > 1)
        end++;
    if (*end || (v && scale > UINT64_MAX / v))
        return false;
    *out = (uint64_t)v * scale;
    return true;
}

bool cli_uint(const char *cmd, const char *opt, const char *text, uint64_t min, uint64_t max,
              uint64_t *out)
{
    uint64_t v;
    if (parse_uint(text, &v) && v >= min && v <= max) {
        *out = v;
        return true;
    }
    fprintf(stderr, "%s: %s: '%s' is not a whole number from %llu to %llu (k, M, G "
                    "multiply by 10^3, 10^6, 10^9)\n", cmd, opt, text ? text : "",
            (unsigned long long)min, (unsigned long long)max);
    return false;
}

bool cli_decimal(const char *cmd, const char *opt, const char *text, double min, double max,
                 double *out)
{
    const char *p = text ? text : "";
    size_t digits = 0, frac = 0;
    while (isdigit((unsigned char)*p))
        p++, digits++;
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++)
            frac++;
    double v = digits && !*p && (p[-1] != '.' || frac) ? strtod(text, NULL) : -1;
    if (v >= min && v <= max) {
        *out = v;
        return true;
    }
    fprintf(stderr, "%s: %s: '%s' is not a number from %g to %g (digits, an optional "
                    "fraction)\n", cmd, opt, text ? text : "", min, max);
    return false;
}

const char *cli_value(const char *cmd, int argc, char **argv, int *i)
{
    if (*i + 1 < argc)
        return argv[++*i];
    fprintf(stderr, "%s: %s needs a value\n", cmd, argv[*i]);
    return NULL;
}
