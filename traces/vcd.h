/* Value Change Dump writer for gtkwave, and the matching .gtkw save file.
 * Deterministic: no date, identifiers assigned in declaration order, identical calls
 * give byte-identical files. */
#ifndef GICSIM_VCD_H
#define GICSIM_VCD_H

#include <stdint.h>

struct vcd;

/* Opens path for writing; timescale such as "1ps". NULL on failure (errno set). */
struct vcd *vcd_open(const char *path, const char *timescale);
/* Declarations, before vcd_end_definitions: nested scopes and variables (wires of
 * width 1..64 bits). vcd_var returns the variable's handle (>= 0), or -1. */
void vcd_scope_begin(struct vcd *v, const char *name);
void vcd_scope_end(struct vcd *v);
int vcd_var(struct vcd *v, const char *name, unsigned width);
/* How the save file displays a variable. */
enum vcd_fmt { VCD_BIN, VCD_HEX, VCD_DEC, VCD_TEXT };
/* vcd_var with a display format (vcd_var: binary for 1 bit, else hex). */
int vcd_var_fmt(struct vcd *v, const char *name, unsigned width, enum vcd_fmt fmt);
/* A string variable (gtkwave's VCD extension: `$var string`), shown as text; its
 * initial value is "-". */
int vcd_var_string(struct vcd *v, const char *name);
/* Ends the header and dumps every variable's initial value (0) at time 0. */
void vcd_end_definitions(struct vcd *v);
/* Records var = value at time t (t never decreases; an unchanged value writes
 * nothing; several changes at one time keep the last). */
void vcd_change(struct vcd *v, uint64_t t, int var, uint64_t value);
/* The same for a string variable (blanks and non-printables become '_'). */
void vcd_change_string(struct vcd *v, uint64_t t, int var, const char *text);
/* Flushes and closes; writes the final timestamp t_end. 0 on success. */
int vcd_close(struct vcd *v, uint64_t t_end);
/* Writes a gtkwave save file for the VCD at vcd_path that shows every variable, one
 * group per top-level scope, in declaration order, zoomed so that [0, t_end] fills the
 * window. Paths in it are relative when both files share a folder, so the pair can be
 * moved. Call before vcd_close. */
int vcd_write_gtkw(const struct vcd *v, const char *gtkw_path, const char *vcd_path,
                   uint64_t t_end);

#endif
