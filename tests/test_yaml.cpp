// The YAML tree loader: shapes and 1-based positions, the quoted flag, and every
// rejection with its exact "FILE:LINE:COL: message" line. One behaviour per test.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <unistd.h>

extern "C" {
#include "ytree.h"
}

namespace {

// Loads text under the name "t.yaml" and frees the tree when the test ends.
struct Loaded {
    ytree t{};
    int rc;
    explicit Loaded(std::string_view text, const char *name = "t.yaml")
        : rc(ytree_load_string(&t, name, text.data(), text.size()))
    {
    }
    ~Loaded() { ytree_free(&t); }
    Loaded(const Loaded &) = delete;
    Loaded &operator=(const Loaded &) = delete;
};

// Exact match, so it also proves the error is a single line.
void ExpectError(std::string_view text, const std::string &expected)
{
    Loaded y(text);
    EXPECT_NE(y.rc, 0);
    EXPECT_EQ(y.t.root, nullptr);
    EXPECT_EQ(std::string(y.t.error), expected);
}

void ExpectScalar(const ynode *n, const char *value, unsigned line, unsigned col)
{
    ASSERT_NE(n, nullptr);
    ASSERT_EQ(n->kind, YNODE_SCALAR);
    EXPECT_STREQ(n->scalar, value);
    EXPECT_EQ(n->line, line);
    EXPECT_EQ(n->col, col);
}

// A file in the test temp directory, removed at the end of the test.
struct TempFile {
    std::string path;
    explicit TempFile(const char *tag)
        : path(::testing::TempDir() + "ytree_" + tag + "_" + std::to_string(getpid()) + ".yaml")
    {
    }
    void Write(std::string_view text) const
    {
        FILE *f = fopen(path.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        ASSERT_EQ(fwrite(text.data(), 1, text.size(), f), text.size());
        fclose(f);
    }
    ~TempFile() { remove(path.c_str()); }
};

// "[0,0,...,0]" with `items` scalars: items + 1 nodes.
std::string FlowSequence(size_t items)
{
    std::string s(2 * items + 1, ',');
    s[0] = '[';
    for (size_t i = 0; i < items; i++)
        s[1 + 2 * i] = '0';
    s.back() = ']';
    return s;
}

} // namespace

// ---- shapes and positions ----------------------------------------------------------

TEST(YtreeShape, BlockMapHasKeysValuesAndPositions)
{
    Loaded y("name: demo\ncpus: 4\n");
    ASSERT_EQ(y.rc, 0) << y.t.error;
    const ynode *r = y.t.root;
    ASSERT_EQ(r->kind, YNODE_MAP);
    EXPECT_EQ(r->line, 1u);
    EXPECT_EQ(r->col, 1u);
    ASSERT_EQ(r->n, 2u);
    ExpectScalar(r->keys[0], "name", 1, 1);
    ExpectScalar(r->items[0], "demo", 1, 7);
    ExpectScalar(r->keys[1], "cpus", 2, 1);
    ExpectScalar(r->items[1], "4", 2, 7);
}

TEST(YtreeShape, AUtf8ByteOrderMarkIsSkipped)
{
    Loaded y("\xEF\xBB\xBFname: demo\n");
    ASSERT_EQ(y.rc, 0) << y.t.error;
    ASSERT_EQ(y.t.root->kind, YNODE_MAP);
    ExpectScalar(y.t.root->keys[0], "name", 1, 1);
}

TEST(YtreeErrors, ATabSaysSo)
{
    ExpectError("a:\n\t- 1\n", "t.yaml:2:1: a tab character: YAML indents with spaces, never tabs");
}

TEST(YtreeShape, BlockSequenceItemsHavePositions)
{
    Loaded y("items:\n  - a\n  - b\n");
    ASSERT_EQ(y.rc, 0) << y.t.error;
    const ynode *s = ynode_get(y.t.root, "items");
    ASSERT_NE(s, nullptr);
    ASSERT_EQ(s->kind, YNODE_SEQ);
    EXPECT_EQ(s->line, 2u);
    EXPECT_EQ(s->col, 3u);
    ASSERT_EQ(s->n, 2u);
    EXPECT_EQ(s->keys, nullptr);
    ExpectScalar(s->items[0], "a", 2, 5);
    ExpectScalar(s->items[1], "b", 3, 5);
}

TEST(YtreeShape, SequenceOfMapsNests)
{
    Loaded y("- id: 1\n  on: yes\n- id: 2\n");
    ASSERT_EQ(y.rc, 0) << y.t.error;
    ASSERT_EQ(y.t.root->kind, YNODE_SEQ);
    ASSERT_EQ(y.t.root->n, 2u);
    const ynode *first = y.t.root->items[0];
    ASSERT_EQ(first->kind, YNODE_MAP);
    EXPECT_EQ(first->n, 2u);
    ExpectScalar(ynode_get(first, "on"), "yes", 2, 7);
    ExpectScalar(ynode_get(y.t.root->items[1], "id"), "2", 3, 7);
}

TEST(YtreeShape, ScalarRootLoads)
{
    Loaded y("hello\n");
    ASSERT_EQ(y.rc, 0) << y.t.error;
    ExpectScalar(y.t.root, "hello", 1, 1);
}

TEST(YtreeShape, FlowStyleMapAndSequence)
{
    Loaded y("{a: 1, b: [1, 2]}");
    ASSERT_EQ(y.rc, 0) << y.t.error;
    const ynode *r = y.t.root;
    ASSERT_EQ(r->kind, YNODE_MAP);
    ASSERT_EQ(r->n, 2u);
    ExpectScalar(r->keys[0], "a", 1, 2);
    ExpectScalar(r->items[0], "1", 1, 5);
    ExpectScalar(r->keys[1], "b", 1, 8);
    const ynode *b = r->items[1];
    ASSERT_EQ(b->kind, YNODE_SEQ);
    EXPECT_EQ(b->col, 11u);
    ASSERT_EQ(b->n, 2u);
    ExpectScalar(b->items[0], "1", 1, 12);
    ExpectScalar(b->items[1], "2", 1, 15);
}

TEST(YtreeShape, ColumnsCountCharactersNotBytes)
{
    Loaded y("\xe2\x82\xac: x\n");  // "€: x": the euro sign is three bytes, one column
    ASSERT_EQ(y.rc, 0) << y.t.error;
    ExpectScalar(y.t.root->items[0], "x", 1, 4);
}

TEST(YtreeShape, EmptyCollectionsHaveNoArrays)
{
    Loaded y("a: []\nb: {}\n");
    ASSERT_EQ(y.rc, 0) << y.t.error;
    const ynode *a = ynode_get(y.t.root, "a"), *b = ynode_get(y.t.root, "b");
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(a->kind, YNODE_SEQ);
    EXPECT_EQ(a->n, 0u);
    EXPECT_EQ(b->kind, YNODE_MAP);
    EXPECT_EQ(b->n, 0u);
}

// ---- scalars -----------------------------------------------------------------------

TEST(YtreeScalar, QuotedFlagFollowsStyle)
{
    Loaded y("p: 5\ns: '5'\nd: \"5\"\nl: |\n  5\n");
    ASSERT_EQ(y.rc, 0) << y.t.error;
    EXPECT_EQ(ynode_get(y.t.root, "p")->quoted, 0);
    EXPECT_EQ(ynode_get(y.t.root, "s")->quoted, 1);
    EXPECT_EQ(ynode_get(y.t.root, "d")->quoted, 1);
    EXPECT_EQ(ynode_get(y.t.root, "l")->quoted, 1);  // block scalars are not plain
    EXPECT_EQ(y.t.root->keys[0]->quoted, 0);
}

TEST(YtreeScalar, EscapesAreDecoded)
{
    Loaded y("a: \"x\\ty\\u00e9\"\n");
    ASSERT_EQ(y.rc, 0) << y.t.error;
    ExpectScalar(ynode_get(y.t.root, "a"), "x\ty\xc3\xa9", 1, 4);
}

TEST(YtreeScalar, TagsAreIgnoredAndTheScalarKept)
{
    Loaded y("a: !!str 5\nb: !foo bar\n");
    ASSERT_EQ(y.rc, 0) << y.t.error;
    ExpectScalar(ynode_get(y.t.root, "a"), "5", 1, 4);
    ExpectScalar(ynode_get(y.t.root, "b"), "bar", 2, 4);
}

TEST(YtreeScalar, NulEscapeIsRejected)
{
    ExpectError("a: \"x\\0y\"\n", "t.yaml:1:4: scalar contains a NUL character");
}

// ---- ynode_get ---------------------------------------------------------------------

TEST(YtreeGet, FindsPresentKeyAndNotMissingOne)
{
    Loaded y("a: 1\nb: 2\n");
    ASSERT_EQ(y.rc, 0) << y.t.error;
    ExpectScalar(ynode_get(y.t.root, "b"), "2", 2, 4);
    EXPECT_EQ(ynode_get(y.t.root, "c"), nullptr);
}

TEST(YtreeGet, NullOrNonMapGivesNull)
{
    Loaded y("[a, b]");
    ASSERT_EQ(y.rc, 0) << y.t.error;
    EXPECT_EQ(ynode_get(nullptr, "a"), nullptr);
    EXPECT_EQ(ynode_get(y.t.root, "a"), nullptr);
    EXPECT_EQ(ynode_get(y.t.root->items[0], "a"), nullptr);
}

// ---- syntax errors -----------------------------------------------------------------

TEST(YtreeSyntax, MappingValueInPlainScalar)
{
    ExpectError("a: b: c\n", "t.yaml:1:5: mapping values are not allowed in this context");
}

TEST(YtreeSyntax, UnclosedFlowSequenceNamesWhereItBegan)
{
    ExpectError("a: [1, 2\n",
                "t.yaml:2:1: did not find expected ',' or ']' (while parsing a flow sequence at 1:4)");
}

TEST(YtreeSyntax, UnterminatedQuote)
{
    ExpectError("a: \"abc\n",
                "t.yaml:2:1: found unexpected end of stream (while scanning a quoted scalar at 1:4)");
}

TEST(YtreeSyntax, BadIndentation)
{
    ExpectError("a: 1\n b: 2\n", "t.yaml:2:3: mapping values are not allowed in this context");
}

// ---- empty and multiple documents --------------------------------------------------

TEST(YtreeDocument, EmptyInputIsEmptyDocument)
{
    ExpectError("", "t.yaml:1:1: empty document");
}

TEST(YtreeDocument, CommentsOnlyIsEmptyDocument)
{
    ExpectError("# one\n\n# two\n", "t.yaml:1:1: empty document");
}

TEST(YtreeDocument, BareDocumentMarkerIsEmptyDocument)
{
    ExpectError("# header\n---\n", "t.yaml:2:1: empty document");
}

TEST(YtreeDocument, SecondDocumentRejectedAtItsStart)
{
    ExpectError("a: 1\n---\nb: 2\n", "t.yaml:2:1: more than one document (only one is allowed)");
}

TEST(YtreeDocument, SecondDocumentAfterEndMarkerRejected)
{
    ExpectError("a: 1\n...\n---\nb: 2\n",
                "t.yaml:3:1: more than one document (only one is allowed)");
}

TEST(YtreeDocument, ExplicitSingleDocumentLoads)
{
    Loaded y("%YAML 1.1\n---\na: 1\n...\n");
    ASSERT_EQ(y.rc, 0) << y.t.error;
    ExpectScalar(ynode_get(y.t.root, "a"), "1", 3, 4);
}

// ---- anchors and aliases -----------------------------------------------------------

TEST(YtreeAnchor, AnchorOnScalarRejected)
{
    ExpectError("a: &x 1\n", "t.yaml:1:4: anchors and aliases are not supported");
}

TEST(YtreeAnchor, AnchorOnCollectionRejected)
{
    ExpectError("a: 1\nb: &x [1]\n", "t.yaml:2:4: anchors and aliases are not supported");
}

TEST(YtreeAnchor, AliasRejected)
{
    ExpectError("a: 1\nb: *x\n", "t.yaml:2:4: anchors and aliases are not supported");
}

TEST(YtreeAnchor, AliasBombRejectedQuickly)
{
    // Billion laughs: ten levels of ten aliases each would expand to 10^10 nodes.
    std::string s = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i <= 10; i++) {
        std::string prev = "*l" + std::to_string(i - 1);
        s += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
        for (int k = 0; k < 10; k++)
            s += (k ? ", " : "") + prev;
        s += "]\n";
    }
    auto start = std::chrono::steady_clock::now();
    ExpectError(s, "t.yaml:1:5: anchors and aliases are not supported");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

// ---- keys --------------------------------------------------------------------------

TEST(YtreeKeys, SequenceKeyRejected)
{
    ExpectError("a: 1\n[x]: 1\n", "t.yaml:2:1: mapping keys must be scalars");
}

TEST(YtreeKeys, MapKeyRejected)
{
    ExpectError("? {x: 1}\n: 2\n", "t.yaml:1:3: mapping keys must be scalars");
}

TEST(YtreeKeys, DuplicateKeyNamesFirstOccurrence)
{
    ExpectError("a: 1\nb: 2\na: 3\n", "t.yaml:3:1: duplicate key 'a' (first at 1:1)");
}

TEST(YtreeKeys, DuplicateKeyInFlowMap)
{
    ExpectError("{x: 1, x: 2}", "t.yaml:1:8: duplicate key 'x' (first at 1:2)");
}

TEST(YtreeKeys, EarliestDuplicateReported)
{
    ExpectError("b: 1\na: 1\na: 2\nb: 2\na: 3\n", "t.yaml:3:1: duplicate key 'a' (first at 2:1)");
}

TEST(YtreeKeys, QuotedAndPlainSpellingsAreTheSameKey)
{
    ExpectError("a: 1\n'a': 2\n", "t.yaml:2:1: duplicate key 'a' (first at 1:1)");
}

TEST(YtreeKeys, SameKeyInDifferentMapsIsFine)
{
    Loaded y("x: {a: 1}\ny: {a: 2}\n");
    EXPECT_EQ(y.rc, 0) << y.t.error;
}

TEST(YtreeKeys, DuplicateKeyWithNewlineStaysOneLine)
{
    ExpectError("\"a\\nb\": 1\n\"a\\nb\": 2\n", "t.yaml:2:1: duplicate key 'a?b' (first at 1:1)");
}

// ---- binary and encoding -----------------------------------------------------------

TEST(YtreeBinary, NulByteReportedAtItsPosition)
{
    static const char text[] = "a: 1\nb: x\0y\n";
    ExpectError(std::string_view(text, sizeof text - 1), "t.yaml:2:5: binary data (NUL byte)");
}

TEST(YtreeBinary, ControlCharacterRejected)
{
    ExpectError("a: \x01\n", "t.yaml:1:4: binary data (control character 0x01)");
}

TEST(YtreeBinary, InvalidLeadingUtf8Octet)
{
    ExpectError("a: \xff\n", "t.yaml:1:4: invalid UTF-8 (invalid leading UTF-8 octet)");
}

TEST(YtreeBinary, InvalidTrailingOctetReportedAtSequenceStart)
{
    ExpectError("a: 1\nb: x\xc3\n", "t.yaml:2:5: invalid UTF-8 (invalid trailing UTF-8 octet)");
}

TEST(YtreeBinary, TruncatedUtf8AtEndOfInput)
{
    ExpectError("a: x\xe2\x82", "t.yaml:1:5: invalid UTF-8 (incomplete UTF-8 octet sequence)");
}

// ---- limits ------------------------------------------------------------------------

TEST(YtreeLimits, MaxDepthLoads)
{
    std::string s = std::string(YTREE_MAX_DEPTH, '[') + std::string(YTREE_MAX_DEPTH, ']');
    Loaded y(s);
    EXPECT_EQ(y.rc, 0) << y.t.error;
}

TEST(YtreeLimits, FlowDeeperThanMaxDepthRejected)
{
    std::string s = std::string(YTREE_MAX_DEPTH + 1, '[') + std::string(YTREE_MAX_DEPTH + 1, ']');
    ExpectError(s, "t.yaml:1:65: nesting deeper than 64 levels");
}

TEST(YtreeLimits, BlockDeeperThanMaxDepthRejected)
{
    std::string s;
    for (int i = 0; i <= YTREE_MAX_DEPTH; i++)
        s += std::string(2 * i, ' ') + "k:\n";
    s += std::string(2 * (YTREE_MAX_DEPTH + 1), ' ') + "k: v\n";
    // Map number 65 starts at the 65th "k".
    ExpectError(s, "t.yaml:65:129: nesting deeper than 64 levels");
}

TEST(YtreeLimits, ExactlyMaxNodesLoads)
{
    Loaded y(FlowSequence(YTREE_MAX_NODES - 1));
    ASSERT_EQ(y.rc, 0) << y.t.error;
    EXPECT_EQ(y.t.root->n, size_t(YTREE_MAX_NODES - 1));
}

TEST(YtreeLimits, MoreThanMaxNodesRejectedAtTheExtraNode)
{
    // The sequence is node 1, so scalar i is node i + 2 and sits at column 2 + 2i.
    std::string s = FlowSequence(YTREE_MAX_NODES);
    ExpectError(s, "t.yaml:1:" + std::to_string(2 + 2 * (YTREE_MAX_NODES - 1)) +
                       ": more than 2000000 nodes");
}

TEST(YtreeLimits, OversizedStringRejectedBeforeParsing)
{
    std::string s(size_t(YTREE_MAX_BYTES) + 1, 'a');
    ExpectError(s, "t.yaml:1:1: input too large (67108865 bytes; the limit is 67108864)");
}

// ---- files -------------------------------------------------------------------------

TEST(YtreeFile, LoadsFileAndNamesItInErrors)
{
    TempFile f("ok");
    f.Write("a: 1\nb: [x\n");
    ytree t{};
    EXPECT_NE(ytree_load_file(&t, f.path.c_str()), 0);
    EXPECT_EQ(std::string(t.error),
              f.path + ":3:1: did not find expected ',' or ']' (while parsing a flow sequence at 2:4)");
    ytree_free(&t);
}

TEST(YtreeFile, LoadsValidFile)
{
    TempFile f("valid");
    f.Write("a: 1\n");
    ytree t{};
    ASSERT_EQ(ytree_load_file(&t, f.path.c_str()), 0) << t.error;
    ExpectScalar(ynode_get(t.root, "a"), "1", 1, 4);
    ytree_free(&t);
}

TEST(YtreeFile, MissingFileCannotOpen)
{
    ytree t{};
    EXPECT_NE(ytree_load_file(&t, "/nonexistent/dir/x.yaml"), 0);
    EXPECT_EQ(t.root, nullptr);
    EXPECT_STREQ(t.error, "/nonexistent/dir/x.yaml: cannot open: No such file or directory");
    ytree_free(&t);
}

TEST(YtreeFile, DirectoryCannotOpen)
{
    ytree t{};
    EXPECT_NE(ytree_load_file(&t, "/"), 0);
    EXPECT_STREQ(t.error, "/: cannot open: Is a directory");
    ytree_free(&t);
}

TEST(YtreeFile, OversizedFileRejectedFromItsSize)
{
    // Sparse, so the test costs no disk; the size check must come before any read.
    TempFile f("big");
    f.Write("");
    ASSERT_EQ(truncate(f.path.c_str(), off_t(YTREE_MAX_BYTES) + 1), 0);
    ytree t{};
    auto start = std::chrono::steady_clock::now();
    EXPECT_NE(ytree_load_file(&t, f.path.c_str()), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
    EXPECT_EQ(std::string(t.error),
              f.path + ":1:1: file too large (67108865 bytes; the limit is 67108864)");
    ytree_free(&t);
}

// ---- freeing -----------------------------------------------------------------------

TEST(YtreeFree, FreeTwiceIsSafe)
{
    ytree t{};
    ASSERT_EQ(ytree_load_string(&t, "t.yaml", "a: [1, 2]", 9), 0);
    ytree_free(&t);
    EXPECT_EQ(t.root, nullptr);
    EXPECT_EQ(t.arena, nullptr);
    ytree_free(&t);
}

TEST(YtreeFree, FreeOfZeroedTreeIsSafe)
{
    ytree t{};
    ytree_free(&t);
    EXPECT_EQ(t.root, nullptr);
}

TEST(YtreeFree, FailedLoadLeavesNothingToFree)
{
    ytree t{};
    ASSERT_NE(ytree_load_string(&t, "t.yaml", "a: [1, 2", 8), 0);
    EXPECT_EQ(t.root, nullptr);
    EXPECT_EQ(t.arena, nullptr);
    ytree_free(&t);
}
