/* Command-line arguments shared by every command: strict numbers, so that
 * `--count -5` or `--count 10k` never run something other than what was asked. */
#ifndef GICSIM_CLI_ARGS_H
#define GICSIM_CLI_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* text as an integer in [min, max]: decimal, or hex with 0x, with an optional decimal
 * suffix k, M or G (10^3, 10^6, 10^9: "10k" is 10000). Otherwise false, after one
 * line on stderr naming the command, the option, the text and the range. */
bool cli_uint(const char *cmd, const char *opt, const char *text, uint64_t min, uint64_t max,
              uint64_t *out);
/* text as a decimal number in [min, max]: digits with an optional fraction ("5",
 * "2.5"), no sign, exponent or unit. Otherwise false, after one line on stderr. */
bool cli_decimal(const char *cmd, const char *opt, const char *text, double min, double max,
                 double *out);
/* The value after option argv[*i] (advancing *i), or NULL after saying it is missing. */
const char *cli_value(const char *cmd, int argc, char **argv, int *i);

#ifdef __cplusplus
}
#endif

#endif
