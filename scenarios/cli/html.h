/* The HTML page around the charts (svg.h): one self-contained file, a stylesheet
 * inline, no script and nothing fetched, sections of figures with a title, a legend
 * and a caption. */
#ifndef GICSIM_HTML_H
#define GICSIM_HTML_H

#include <stddef.h>
#include <stdio.h>

/* The page head, a banner with the title and a subtitle, then the main column. */
void html_begin(FILE *f, const char *title, const char *subtitle);
void html_end(FILE *f);
/* A section: a heading and an introductory sentence (NULL for none). */
void html_section(FILE *f, const char *title, const char *intro);
void html_section_end(FILE *f);
/* A grid of figures; small: three to a row instead of two. */
void html_grid(FILE *f, int small);
void html_grid_end(FILE *f);
void html_figure(FILE *f, const char *title);
/* Ends a figure: the legend (name i in colour ks[i], or i when ks is NULL) and the
 * caption (NULL for none). */
void html_figure_end(FILE *f, const char *const *names, const int *ks, size_t n,
                     const char *caption);
/* In place of a chart with nothing to draw: a short note. */
void html_empty(FILE *f, const char *note);
/* A legend on its own: name i in colour ks[i] (i when ks is NULL). */
void html_legend(FILE *f, const char *const *names, const int *ks, size_t n);
/* A key-value table of figures, rows of two cells. */
void html_facts(FILE *f, const char *const *keys, const char *const *values, size_t n);

#endif
