// VCD writer: header, change formats, per-timestamp buffering, clamping, masking,
// and the gtkwave save file.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

extern "C" {
#include "outfile.h"
#include "vcd.h"
}

namespace {

// Per test and per process, so parallel ctest runs (or two build trees) never
// share a file.
std::string temp_path(const char *ext)
{
    const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
    return ::testing::TempDir() + "vcd_" + info->name() + "_" + std::to_string(getpid()) + ext;
}

std::string slurp(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Everything after the $dumpvars block: the value changes proper.
std::string changes(const std::string &vcd)
{
    const std::string marker = "$dumpvars\n";
    size_t at = vcd.find(marker);
    at = vcd.find("$end\n", at == std::string::npos ? 0 : at + marker.size());
    return at == std::string::npos ? "<no $dumpvars block>" : vcd.substr(at + 5);
}

// One scope "top" with a 1-bit var "irq" (id '!') and an 8-bit var "intid" (id '"').
class VcdTest : public ::testing::Test {
  protected:
    std::string path = temp_path(".vcd");
    struct vcd *v = nullptr;
    int irq = -1, intid = -1;

    void SetUp() override
    {
        v = vcd_open(path.c_str(), "1ps");
        ASSERT_NE(v, nullptr);
        vcd_scope_begin(v, "top");
        irq = vcd_var(v, "irq", 1);
        intid = vcd_var(v, "intid", 8);
        vcd_scope_end(v);
        vcd_end_definitions(v);
    }
    void TearDown() override
    {
        if (v)
            vcd_close(v, 0);
        std::remove(path.c_str());
    }
    // Closes at t_end and returns the value changes written.
    std::string close_changes(uint64_t t_end = 0)
    {
        EXPECT_EQ(vcd_close(v, t_end), 0);
        v = nullptr;
        return changes(slurp(path));
    }
};

std::string write_small_dump(const std::string &path)
{
    struct vcd *v = vcd_open(path.c_str(), "1ns");
    vcd_scope_begin(v, "top");
    int a = vcd_var(v, "a", 1);
    int b = vcd_var(v, "b", 4);
    vcd_scope_end(v);
    vcd_end_definitions(v);
    vcd_change(v, 3, a, 1);
    vcd_change(v, 7, b, 9);
    EXPECT_EQ(vcd_close(v, 10), 0);
    return slurp(path);
}

}  // namespace

TEST(Vcd, HeaderHasNoDateAndIsByteIdenticalAcrossRuns)
{
    std::string p1 = temp_path("_1.vcd"), p2 = temp_path("_2.vcd");
    std::string first = write_small_dump(p1), second = write_small_dump(p2);
    std::remove(p1.c_str());
    std::remove(p2.c_str());
    EXPECT_EQ(first.find("$date"), std::string::npos);
    EXPECT_EQ(first, second);
    EXPECT_EQ(first, "$version gicsim $end\n"
                     "$timescale 1ns $end\n"
                     "$scope module top $end\n"
                     "$var wire 1 ! a $end\n"
                     "$var wire 4 \" b $end\n"
                     "$upscope $end\n"
                     "$enddefinitions $end\n"
                     "#0\n$dumpvars\n0!\nb0 \"\n$end\n"
                     "#3\n1!\n"
                     "#7\nb1001 \"\n"
                     "#10\n");
}

TEST_F(VcdTest, ScalarChangeIsValueThenIdentifier)
{
    vcd_change(v, 5, irq, 1);
    EXPECT_EQ(close_changes(), "#5\n1!\n");
}

TEST_F(VcdTest, VectorChangeIsBinaryWithoutLeadingZerosThenIdentifier)
{
    vcd_change(v, 5, intid, 0xA);
    EXPECT_EQ(close_changes(), "#5\nb1010 \"\n");
}

TEST_F(VcdTest, UnchangedValueWritesNothing)
{
    vcd_change(v, 5, irq, 0);
    vcd_change(v, 6, intid, 0);
    EXPECT_EQ(close_changes(), "");
}

TEST_F(VcdTest, SeveralChangesAtOneTimeKeepTheLast)
{
    vcd_change(v, 5, intid, 1);
    vcd_change(v, 5, intid, 2);
    vcd_change(v, 5, intid, 3);
    EXPECT_EQ(close_changes(), "#5\nb11 \"\n");
}

TEST_F(VcdTest, ChangeUndoneAtTheSameTimeWritesNoTimestamp)
{
    vcd_change(v, 5, irq, 1);
    vcd_change(v, 5, irq, 0);
    EXPECT_EQ(close_changes(), "");
}

TEST_F(VcdTest, DecreasingTimeIsClampedToTheLastTime)
{
    vcd_change(v, 10, irq, 1);
    vcd_change(v, 4, intid, 7);
    EXPECT_EQ(close_changes(), "#10\n1!\nb111 \"\n");
}

TEST_F(VcdTest, ValuesWiderThanTheVarAreMasked)
{
    vcd_change(v, 1, intid, 0x1FF);
    vcd_change(v, 2, irq, 2);  // bit 0 clear: stays 0
    EXPECT_EQ(close_changes(), "#1\nb11111111 \"\n");
}

TEST_F(VcdTest, CloseWritesTheEndTimeOnlyWhenLater)
{
    vcd_change(v, 5, irq, 1);
    EXPECT_EQ(close_changes(5), "#5\n1!\n");
}

TEST_F(VcdTest, CloseFlushesTheLastTimestamp)
{
    vcd_change(v, 5, irq, 1);
    EXPECT_EQ(close_changes(9), "#5\n1!\n#9\n");
}

TEST_F(VcdTest, ChangesAtTimeZeroFollowTheDumpvarsWithoutASecondStamp)
{
    vcd_change(v, 0, irq, 1);
    EXPECT_EQ(close_changes(), "1!\n");
}

TEST(Vcd, IdentifiersAreBase94FromTheDeclarationIndex)
{
    std::string path = temp_path(".vcd");
    struct vcd *v = vcd_open(path.c_str(), "1ps");
    vcd_scope_begin(v, "top");
    int last = -1;
    for (int i = 0; i < 96; i++)
        last = vcd_var(v, ("w" + std::to_string(i)).c_str(), 1);
    EXPECT_EQ(last, 95);
    ASSERT_EQ(vcd_close(v, 0), 0);
    std::string out = slurp(path);
    std::remove(path.c_str());
    EXPECT_NE(out.find("$var wire 1 ! w0 $end\n"), std::string::npos);
    EXPECT_NE(out.find("$var wire 1 ~ w93 $end\n"), std::string::npos);
    EXPECT_NE(out.find("$var wire 1 !\" w94 $end\n"), std::string::npos);
    EXPECT_NE(out.find("$var wire 1 \"\" w95 $end\n"), std::string::npos);
}

TEST(Vcd, SpacesInNamesBecomeUnderscores)
{
    std::string path = temp_path(".vcd");
    struct vcd *v = vcd_open(path.c_str(), "1ps");
    vcd_scope_begin(v, "cpu 0");
    vcd_var(v, "running priority", 8);
    ASSERT_EQ(vcd_close(v, 0), 0);
    std::string out = slurp(path);
    std::remove(path.c_str());
    EXPECT_NE(out.find("$scope module cpu_0 $end\n"), std::string::npos);
    EXPECT_NE(out.find("$var wire 8 ! running_priority $end\n"), std::string::npos);
}

TEST(Vcd, VarsOutsideAScopeOrOfBadWidthAreRejected)
{
    std::string path = temp_path(".vcd");
    struct vcd *v = vcd_open(path.c_str(), "1ps");
    EXPECT_EQ(vcd_var(v, "orphan", 1), -1);
    vcd_scope_begin(v, "top");
    EXPECT_EQ(vcd_var(v, "none", 0), -1);
    EXPECT_EQ(vcd_var(v, "huge", 65), -1);
    EXPECT_EQ(vcd_var(v, "full", 64), 0);
    EXPECT_EQ(vcd_close(v, 0), 0);
    std::remove(path.c_str());
}

TEST(Vcd, CloseReportsAnIoError)
{
    struct vcd *v = vcd_open("/dev/full", "1ps");
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(vcd_close(v, 0), -1);
}

TEST(Vcd, GtkwHasOneGroupPerTopLevelScope)
{
    std::string path = temp_path(".vcd"), gtkw = temp_path(".gtkw");
    struct vcd *v = vcd_open(path.c_str(), "1ps");
    vcd_scope_begin(v, "gic");
    vcd_scope_begin(v, "cpu0");
    vcd_var(v, "irq", 1);
    vcd_var(v, "intid", 10);
    vcd_var_fmt(v, "count", 16, VCD_DEC);
    vcd_var_string(v, "step");
    vcd_scope_end(v);
    vcd_scope_end(v);
    vcd_scope_begin(v, "its");
    vcd_var(v, "msi", 64);
    vcd_scope_end(v);
    vcd_end_definitions(v);
    ASSERT_EQ(vcd_write_gtkw(v, gtkw.c_str(), path.c_str(), 1100 * 1024 / 200), 0);
    ASSERT_EQ(vcd_close(v, 0), 0);
    std::string out = slurp(gtkw);
    std::remove(path.c_str());
    std::remove(gtkw.c_str());
    // Both files share a folder: names relative to it, so the pair can be moved.
    std::string vcd_name = path.substr(path.rfind('/') + 1);
    std::string gtkw_name = gtkw.substr(gtkw.rfind('/') + 1);
    EXPECT_EQ(out, "[dumpfile] \"" + vcd_name + "\"\n"
                   "[savefile] \"" + gtkw_name + "\"\n"
                   "[size] 1600 900\n[signals_width] 320\n[sst_expanded] 0\n"
                   "[timestart] 0\n"
                   "*-10.000000 -1\n" // 2^10 / 200 ps per pixel: the run on 1100 pixels
                   "@800200\n-gic\n"
                   "@28\ngic.cpu0.irq\n"
                   "@22\ngic.cpu0.intid[9:0]\n"
                   "@24\ngic.cpu0.count[15:0]\n"
                   "@28\ngic.cpu0.step\n"
                   "@1000200\n-gic\n"
                   "@800200\n-its\n"
                   "@22\nits.msi[63:0]\n"
                   "@1000200\n-its\n");
}

TEST(Vcd, StringVariablesWriteTextAndCollapseAtOneTime)
{
    std::string path = temp_path(".vcd");
    struct vcd *v = vcd_open(path.c_str(), "1ps");
    vcd_scope_begin(v, "s");
    int step = vcd_var_string(v, "step");
    vcd_scope_end(v);
    vcd_end_definitions(v);
    vcd_change_string(v, 5, step, "first");
    vcd_change_string(v, 5, step, "L12 mapti"); // the last change at one time wins
    vcd_change_string(v, 9, step, "L12 mapti"); // unchanged: nothing written
    vcd_change_string(v, 12, step, "done");
    ASSERT_EQ(vcd_close(v, 20), 0);
    std::string out = slurp(path);
    std::remove(path.c_str());
    EXPECT_NE(out.find("$var string 0 ! step $end"), std::string::npos) << out;
    EXPECT_NE(out.find("$dumpvars\ns- !\n$end\n#5\nsL12_mapti !\n#12\nsdone !\n#20\n"),
              std::string::npos)
        << out;
}
static bool exists(const std::string &path)
{
    return access(path.c_str(), F_OK) == 0;
}

TEST(Outfile, NothingUnderTheFinalNameUntilCommit)
{
    std::string path = temp_path(".json");
    struct outfile o;
    ASSERT_EQ(outfile_open(&o, path.c_str()), 0);
    fputs("{\"half\": ", o.f);
    fflush(o.f);
    EXPECT_FALSE(exists(path)); // a run killed now leaves no half report under the name
    fputs("1}\n", o.f);
    ASSERT_EQ(outfile_commit(&o), 0);
    EXPECT_EQ(slurp(path), "{\"half\": 1}\n");
    std::remove(path.c_str());
}

TEST(Outfile, AbortLeavesNothingBehind)
{
    std::string path = temp_path(".json");
    struct outfile o;
    ASSERT_EQ(outfile_open(&o, path.c_str()), 0);
    std::string tmp = o.tmp;
    fputs("partial", o.f);
    outfile_abort(&o);
    EXPECT_FALSE(exists(path));
    EXPECT_FALSE(exists(tmp));
}

TEST(Outfile, AMissingFolderFailsAtOpenWithErrno)
{
    struct outfile o;
    errno = 0;
    EXPECT_EQ(outfile_open(&o, "/nonexistent-gicsim-dir/r.json"), -1);
    EXPECT_EQ(errno, ENOENT);
}

TEST(Outfile, ADeviceIsWrittenInPlaceNotReplaced)
{
    struct outfile o;
    ASSERT_EQ(outfile_open(&o, "/dev/null"), 0);
    fputs("x", o.f);
    EXPECT_EQ(outfile_commit(&o), 0);
    struct stat st;
    ASSERT_EQ(stat("/dev/null", &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
    ASSERT_EQ(outfile_open(&o, "/dev/full"), 0);
    fputs("x", o.f);
    EXPECT_EQ(outfile_commit(&o), -1); // ENOSPC at the flush is reported
    ASSERT_EQ(stat("/dev/full", &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
}
