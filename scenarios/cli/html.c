/* The HTML page (html.h). */
#include "html.h"

#include "svg.h"

static const char style[] =
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:#f4f5f7;color:#1f2328;font:14px/1.45 system-ui,-apple-system,"
    "'Segoe UI',Roboto,'Helvetica Neue',Arial,'DejaVu Sans',sans-serif}\n"
    "main{max-width:1240px;margin:0 auto;padding:24px 28px 48px}\n"
    "header{background:#1f3a5f;color:#fff;padding:20px 28px}\n"
    "header h1{margin:0;font-size:22px;font-weight:600;max-width:1184px;margin:0 auto}\n"
    "header p{margin:4px auto 0;max-width:1184px;color:#c9d6e8;font-size:13px}\n"
    "h2{font-size:17px;font-weight:600;margin:32px 0 4px;padding-bottom:4px;"
    "border-bottom:2px solid #d0d7de}\n"
    "section>p{margin:4px 0 12px;color:#57606a;max-width:900px}\n"
    ".grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px}\n"
    ".grid.small{grid-template-columns:repeat(3,minmax(0,1fr))}\n"
    "figure{margin:0;background:#fff;border:1px solid #d8dee4;border-radius:6px;"
    "padding:12px 14px 10px}\n"
    "figure h3{margin:0 0 6px;font-size:14px;font-weight:600}\n"
    "figcaption{font-size:12px;color:#57606a;margin-top:4px}\n"
    "svg.chart{width:100%;height:auto;display:block}\n"
    "svg text{font-family:inherit;fill:#444}\n"
    "svg .tick{font-size:11px}\n"
    "svg .axis-label{font-size:12px;fill:#24292f}\n"
    "svg .value{font-size:11px;fill:#24292f}\n"
    "svg .value.inside{fill:#fff;font-weight:600}\n"
    "svg .grid{stroke:#e3e6ea;stroke-width:1}\n"
    "svg .grid.minor{stroke:#f1f3f5}\n"
    "svg .frame{fill:none;stroke:#8c959f;stroke-width:1}\n"
    "svg .line{fill:none;stroke-width:2;stroke-linejoin:round}\n"
    "svg .bar{stroke:#fff;stroke-width:.5}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;margin-top:6px}\n"
    ".legend span{display:inline-flex;align-items:center;gap:5px}\n"
    ".legend i{width:12px;height:12px;border-radius:2px;display:inline-block}\n"
    "table{border-collapse:collapse;background:#fff;font-size:13px}\n"
    "td,th{border:1px solid #d8dee4;padding:4px 10px;text-align:right}\n"
    "th{background:#f6f8fa;font-weight:600}\n"
    "td:first-child,th:first-child{text-align:left}\n"
    "table.facts td:first-child{color:#57606a}\n"
    "section>.legend{font-size:13px;margin:0 0 12px;padding:8px 12px;background:#fff;"
    "border:1px solid #d8dee4;border-radius:6px}\n"
    "figure table{width:100%}\n"
    "p.empty{color:#57606a;font-style:italic;margin:24px 0;text-align:center}\n"
    "details{margin-top:12px}summary{cursor:pointer;color:#0969da}\n";

void html_begin(FILE *f, const char *title, const char *subtitle)
{
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<meta name=\"generator\" content=\"gicsim report\">\n<title>");
    svg_escape(f, title);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>", style);
    svg_escape(f, title);
    fprintf(f, "</h1>\n<p>");
    svg_escape(f, subtitle);
    fprintf(f, "</p>\n</header>\n<main>\n");
}

void html_end(FILE *f) { fprintf(f, "</main>\n</body>\n</html>\n"); }

void html_section(FILE *f, const char *title, const char *intro)
{
    fprintf(f, "<section>\n<h2>");
    svg_escape(f, title);
    fprintf(f, "</h2>\n");
    if (intro) {
        fprintf(f, "<p>");
        svg_escape(f, intro);
        fprintf(f, "</p>\n");
    }
}

void html_section_end(FILE *f) { fprintf(f, "</section>\n"); }
void html_grid(FILE *f, int small)
{
    fprintf(f, "<div class=\"grid%s\">\n", small ? " small" : "");
}
void html_grid_end(FILE *f) { fprintf(f, "</div>\n"); }

void html_figure(FILE *f, const char *title)
{
    fprintf(f, "<figure>\n<h3>");
    svg_escape(f, title);
    fprintf(f, "</h3>\n");
}

void html_figure_end(FILE *f, const char *const *names, const int *ks, size_t n,
                     const char *caption)
{
    if (n)
        html_legend(f, names, ks, n);
    if (caption) {
        fprintf(f, "<figcaption>");
        svg_escape(f, caption);
        fprintf(f, "</figcaption>\n");
    }
    fprintf(f, "</figure>\n");
}

void html_empty(FILE *f, const char *note)
{
    fprintf(f, "<p class=\"empty\">");
    svg_escape(f, note);
    fprintf(f, "</p>\n");
}

void html_legend(FILE *f, const char *const *names, const int *ks, size_t n)
{
    fprintf(f, "<div class=\"legend\">");
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "<span><i style=\"background:%s\"></i>",
                svg_colors[(ks ? ks[i] : (int)i) % SVG_PALETTE]);
        svg_escape(f, names[i]);
        fprintf(f, "</span>");
    }
    fprintf(f, "</div>\n");
}

void html_facts(FILE *f, const char *const *keys, const char *const *values, size_t n)
{
    fprintf(f, "<table class=\"facts\">\n");
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "<tr><td>");
        svg_escape(f, keys[i]);
        fprintf(f, "</td><td>");
        svg_escape(f, values[i]);
        fprintf(f, "</td></tr>\n");
    }
    fprintf(f, "</table>\n");
}
