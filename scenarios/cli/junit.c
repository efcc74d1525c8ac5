/* JUnit XML for CI systems (check.h): tests, failures and errors counted apart, as
 * Jenkins, GitLab and GitHub's reporters read them. Written atomically. */
#include "check.h"
#include "outfile.h"

static void xml_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else if (*s == '"')
            fputs("&quot;", f);
        else if ((unsigned char)*s >= 0x20 || *s == '\n')
            fputc(*s, f);
    }
}

static void testcase(FILE *f, const struct job *j)
{
    fputs("  <testcase classname=\"gicsim.scenarios\" name=\"", f);
    xml_text(f, j->file);
    fprintf(f, "\" time=\"%.3f\">\n", j->seconds);
    if (j->rc) {
        const char *tag = j->rc == 1 ? "failure" : "error";
        fprintf(f, "    <%s type=\"%s\" message=\"", tag,
                j->rc == 1 ? "fail" : j->rc == 130 ? "interrupted" : "bad input");
        xml_text(f, j->msg);
        fputs("\"/>\n", f);
    }
    fputs("    <system-out>", f);
    xml_text(f, j->out);
    fputs("</system-out>\n  </testcase>\n", f);
}

int junit_write(const char *path, const struct job *job, size_t n)
{
    struct outfile o;
    if (outfile_open(&o, path))
        return -1;
    size_t failures = 0, errors = 0;
    for (size_t i = 0; i < n; i++) {
        failures += job[i].rc == 1;
        errors += job[i].rc != 0 && job[i].rc != 1;
    }
    fprintf(o.f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<testsuite name=\"gicsim\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
            n, failures, errors);
    for (size_t i = 0; i < n; i++)
        testcase(o.f, &job[i]);
    fputs("</testsuite>\n", o.f);
    return outfile_commit(&o);
}
