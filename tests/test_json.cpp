// The JSON reader that sweep, compare and report read gicsim's own files with
// (scenarios/cli/json.c): values, escapes, paths, and every rejection with its line.
#include <gtest/gtest.h>

#include <string>

extern "C" {
#include "json.h"
}

namespace {

struct Parsed {
    char err[200] = ""; // before j: members are initialized in this order
    json *j;
    explicit Parsed(const std::string &text) : j(json_parse(text.data(), text.size(), err,
                                                             sizeof(err))) {}
    ~Parsed() { json_free(j); }
    Parsed(const Parsed &) = delete;
    Parsed &operator=(const Parsed &) = delete;
};

TEST(Json, ValuesAndPaths)
{
    Parsed p(R"({"a": [1, -2.5e3, true, null], "b": {"c": "x"}, "n": 0})");
    ASSERT_NE(p.j, nullptr) << p.err;
    double v = 0;
    EXPECT_TRUE(json_num_at(p.j, "a.1", &v));
    EXPECT_EQ(v, -2500);
    EXPECT_STREQ(json_path(p.j, "a.1")->raw, "-2.5e3");
    EXPECT_EQ(json_path(p.j, "a.2")->type, JSON_BOOL);
    EXPECT_TRUE(json_path(p.j, "a.2")->boolean);
    EXPECT_EQ(json_path(p.j, "a.3")->type, JSON_NULL);
    EXPECT_STREQ(json_str_at(p.j, "b.c"), "x");
    EXPECT_EQ(json_path(p.j, "a.4"), nullptr);
    EXPECT_EQ(json_path(p.j, "b.c.d"), nullptr);
    EXPECT_FALSE(json_num_at(p.j, "b.c", &v)); // a string is not a number
    EXPECT_STREQ(p.j->keys[2], "n");           // keys in file order
}

TEST(Json, Escapes)
{
    Parsed p(R"(["q\"b\\s\/n\n", "\u00e9\u20ac", "\ud83d\ude00"])");
    ASSERT_NE(p.j, nullptr) << p.err;
    EXPECT_STREQ(p.j->items[0].string, "q\"b\\s/n\n");
    EXPECT_STREQ(p.j->items[1].string, "\xc3\xa9\xe2\x82\xac");
    EXPECT_STREQ(p.j->items[2].string, "\xf0\x9f\x98\x80");
}

TEST(Json, RejectsWithTheLine)
{
    const struct {
        const char *text, *err;
    } bad[] = {
        {"{\n\"a\": 1,\n}", "line 3: expected a key in quotes"},
        {"[1 2]", "line 1: expected ',' or ']'"},
        {"[01]", "line 1: bad number"},
        {"[1.]", "line 1: bad number"},
        {"[-]", "line 1: bad number"},
        {"\n\"abc", "line 2: unterminated string"},
        {"[\"a\tb\"]", "line 1: control character in a string"},
        {"[\"\\x\"]", "line 1: bad escape '\\x'"},
        {"[\"\\u12g4\"]", "line 1: bad \\u escape"},
        {"{\"a\" 1}", "line 1: expected ':' after a key"},
        {"[1] [2]", "line 1: text after the end of the document"},
        {"", "line 1: unexpected end of input"},
        {"[tru]", "line 1: unexpected 't'"},
    };
    for (const auto &b : bad) {
        Parsed p(b.text);
        EXPECT_EQ(p.j, nullptr) << b.text;
        EXPECT_STREQ(p.err, b.err) << b.text;
    }
}

TEST(Json, DepthIsLimited)
{
    Parsed ok(std::string(64, '[') + std::string(64, ']'));
    EXPECT_NE(ok.j, nullptr) << ok.err;
    Parsed deep(std::string(100, '[') + std::string(100, ']'));
    EXPECT_EQ(deep.j, nullptr);
    EXPECT_STREQ(deep.err, "line 1: nested more than 64 deep");
}

TEST(Json, LoadNamesTheFile)
{
    char err[300];
    EXPECT_EQ(json_load("/nonexistent/r.json", err, sizeof(err)), nullptr);
    EXPECT_STREQ(err, "/nonexistent/r.json: No such file or directory");
}

} // namespace
