#include "io/count_table.hpp"
#include "io/gdal_util.hpp"
#include "io/theme_file.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>


using namespace hotspots;

namespace {
const test::TempDir scratch;  // removed at exit
std::string file_with(const std::string& name, const std::string& text) { return scratch.write(name, text); }
}  // namespace

TEST_CASE("a wide MPS table and the same counts long give the same series") {
    const auto wide = file_with("wide.csv",
                                "wardname,wardcode,majortext,minortext,lookup_boroughname,202111,202112,202201\n"
                                "\"Hendon, West\",E05000001,BURGLARY,RES BURGLARY OF A HOME,Barnet,3,0,7\n"
                                "Mill Hill,E05000002,ROBBERY,ROBBERY OF PERSONAL PROPERTY,Barnet,1,2,0\n");
    // The long table leaves out the zero counts, and gives a month in two rows (summed).
    const auto long_ = file_with("long.csv",
                                 "area_code,area_name,borough,major,minor,month,count\n"
                                 "E05000001,\"Hendon, West\",Barnet,BURGLARY,RES BURGLARY OF A HOME,2021-11,3\n"
                                 "E05000001,\"Hendon, West\",Barnet,BURGLARY,RES BURGLARY OF A HOME,2022-01,4\n"
                                 "E05000001,\"Hendon, West\",Barnet,BURGLARY,RES BURGLARY OF A HOME,2022-01,3\n"
                                 "E05000002,Mill Hill,Barnet,ROBBERY,ROBBERY OF PERSONAL PROPERTY,2021-11,1\n"
                                 "E05000002,Mill Hill,Barnet,ROBBERY,ROBBERY OF PERSONAL PROPERTY,2021-12,2\n");
    CHECK(io::is_count_table(wide));
    CHECK(io::is_count_table(long_));
    const auto w = io::read_count_table(wide);
    const auto l = io::read_count_table(long_);
    CHECK(w.layout == "wide");
    CHECK(l.layout == "long");
    CHECK(w.first_month == l.first_month);
    CHECK(w.months == 3);
    CHECK(l.months == 3);
    REQUIRE(w.series.size() == 2);
    REQUIRE(l.series.size() == 2);
    for (std::size_t k = 0; k < 2; ++k) {
        CHECK(w.series[k].code == l.series[k].code);
        CHECK(w.series[k].name == l.series[k].name);
        CHECK(w.series[k].group == "Barnet");
        CHECK(w.series[k].minor == l.series[k].minor);
        CHECK(w.series[k].values == l.series[k].values);
    }
    CHECK(w.series[0].name == "Hendon, West");
}

TEST_CASE("a borough table names its areas; a bad count names its row and column") {
    const auto b = file_with("borough.csv", "majortext,minortext,boroughname,202111,202112\nROBBERY,ROBBERY OF PERSONAL PROPERTY,Barnet,5,6\n");
    const auto t = io::read_count_table(b);
    REQUIRE(t.series.size() == 1);
    CHECK(t.series[0].code == "Barnet");
    CHECK(t.series[0].name == "Barnet");
    const auto bad = file_with("bad.csv", "majortext,minortext,boroughname,202111,202112\nROBBERY,X,Barnet,5,6\nROBBERY,X,Brent,5,-1\n");
    CHECK_THROWS_WITH(io::read_count_table(bad), Catch::Contains("row 2") && Catch::Contains("202112") && Catch::Contains("'-1'"));
    const auto gap = file_with("gap.csv", "majortext,minortext,boroughname,202111,202201\nROBBERY,X,Barnet,5,6\n");
    CHECK_THROWS_WITH(io::read_count_table(gap), Catch::Contains("not consecutive"));
    const auto incidents = file_with("incidents.csv", "easting,northing,date\n1,2,2021-11\n");
    CHECK_FALSE(io::is_count_table(incidents));
}

TEST_CASE("population tables: GLA layout; a population of 0 names its row") {
    const auto p = file_with("pop.csv", "Code,Borough,Ward_Name,Year,Population\nE05000043,Barnet,Brunswick Park,2011,16454\n"
                                        "E05000043,Barnet,Brunswick Park,2012,16600\n");
    const auto t = io::read_population(p);
    REQUIRE(t.codes.size() == 1);
    CHECK(t.names[0] == "Brunswick Park");
    CHECK(t.by_year[0].size() == 2);
    const auto zero = file_with("zero.csv", "code,year,population\nE1,2020,0\n");
    CHECK_THROWS_WITH(io::read_population(zero), Catch::Contains("row 1") && Catch::Contains("above 0"));
    const auto twice = file_with("twice.csv", "code,year,population\nE1,2020,5\nE1,2020,6\n");
    CHECK_THROWS_WITH(io::read_population(twice), Catch::Contains("row 2"));
}

TEST_CASE("themes files: rules, and mistakes named with their line") {
    const auto ok = file_with("themes.toml", "[[theme]]\nname = \"Knife crime\"\ntypes = [\"Knife crime with injury\"]\n"
                                             "[[theme]]\nname = \"Burglary\"\ncategories = [\"burglary\"]\nmajor = [\"BURGLARY\"]\n");
    const auto themes = io::read_themes(ok);
    REQUIRE(themes.size() == 2);
    CHECK(themes[0].key == "knife-crime");
    CHECK(themes[0].for_incidents());
    CHECK_FALSE(themes[0].for_counts());
    CHECK(theme_counts(themes[1], "Burglary", "anything"));
    CHECK(theme_takes(themes[1], Category::burglary, ""));
    CHECK_THROWS_WITH(io::read_themes(file_with("t1.toml", "[[theme]]\nname = \"A\"\ncolour = [\"x\"]\n")),
                      Catch::Contains("line 3") && Catch::Contains("colour"));
    CHECK_THROWS_WITH(io::read_themes(file_with("t2.toml", "[[theme]]\nname = \"A\"\ncategories = [\"burglry\"]\n")),
                      Catch::Contains("not a category"));
    CHECK_THROWS_WITH(io::read_themes(file_with("t3.toml", "[[theme]]\nname = \"A\"\n")), Catch::Contains("no rule"));
}

TEST_CASE("flag themes: where conditions on the export's columns, alone or with types") {
    const auto path = file_with("flags.toml", "[[theme]]\nname = \"Knife crime\"\nwhere = [\"knife_enabled=Y\"]\n"
                                              "[[theme]]\nname = \"DA VWI\"\ntypes = [\"Assault ABH\"]\n"
                                              "where = [\"domestic=Y\", \"injury!=N\"]\n");
    const auto themes = io::read_themes(path);
    REQUIRE(themes.size() == 2);
    CHECK(themes[0].for_incidents());
    CHECK_FALSE(themes[0].for_counts());  // count tables have no flag columns
    CHECK(themes[1].where == std::vector<std::string>{"domestic=Y", "injury!=N"});
    // Conditions alone: every incident meeting them, whatever its type; not one failing them.
    CHECK(theme_takes(themes[0], Category::robbery, "Robbery of personal property", true));
    CHECK_FALSE(theme_takes(themes[0], Category::robbery, "Robbery of personal property", false));
    // With types: the type and the conditions.
    CHECK(theme_takes(themes[1], Category::violence_sexual, "Assault ABH", true));
    CHECK_FALSE(theme_takes(themes[1], Category::violence_sexual, "Assault ABH", false));
    CHECK_FALSE(theme_takes(themes[1], Category::robbery, "Robbery of personal property", true));
    CHECK_THROWS_WITH(io::read_themes(file_with("t4.toml", "[[theme]]\nname = \"A\"\nwhere = [\"knife_enabled\"]\n")),
                      Catch::Contains("line 3") && Catch::Contains("FIELD=VALUE"));
    CHECK_THROWS_WITH(io::read_themes(file_with("t5.toml", "[[theme]]\nname = \"A\"\nwhere = \"knife=Y\"\n")),
                      Catch::Contains("list"));
}

TEST_CASE("a large wide table read in parts on two threads equals the table read whole") {
    std::string text = "wardname,wardcode,majortext,minortext,lookup_boroughname";
    for (int m = 1; m <= 60; ++m) text += fmt::format(",{}{:02d}", 2019 + (m - 1) / 12, (m - 1) % 12 + 1);
    text += "\n";
    for (int r = 0; r < 6000; ++r) {
        text += fmt::format("\"Ward {}, North\",E05{:06d},MAJOR {},MINOR {},Borough {}", r, r, r % 7, r % 13, r % 32);
        for (int m = 0; m < 60; ++m) text += fmt::format(",{}", (r * 31 + m * 7) % 50);
        text += "\n";
    }
    REQUIRE(text.size() > (std::size_t{1} << 20));
    const auto path = file_with("large.csv", text);
    const auto whole = io::read_count_table(path, 1);
    const auto parts = io::read_count_table(path, 2);
    REQUIRE(whole.series.size() == 6000);
    REQUIRE(parts.series.size() == whole.series.size());
    CHECK(parts.rows == whole.rows);
    for (std::size_t k = 0; k < whole.series.size(); ++k) {
        CHECK(parts.series[k].code == whole.series[k].code);
        CHECK(parts.series[k].name == whole.series[k].name);
        CHECK(parts.series[k].values == whole.series[k].values);
    }
    // A bad count in the second half is still named by its row in the file.
    text.replace(text.rfind(','), 1, ",x");
    CHECK_THROWS_WITH(io::read_count_table(file_with("large-bad.csv", text), 2), Catch::Contains("row 6000"));
}
