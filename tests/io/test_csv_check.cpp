#include "io/csv_check.hpp"
#include "io/incident_reader.hpp"

#include "test_util.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace hotspots;

namespace {
const test::TempDir scratch;  // removed at exit
std::string file_with(const std::string& name, const std::string& text) { return scratch.write(name, text); }
const char* header = "easting,northing,date,loc\n";
std::string rows(int from, int to) {
    std::string s;
    for (int k = from; k <= to; ++k) s += std::to_string(447000 + k) + ",305000,2024-01,street " + std::to_string(k) + "\n";
    return s;
}
}  // namespace

TEST_CASE("a quote that never closes: the row that opens it and every line after") {
    std::string text = std::string(header) + rows(1, 9) + "447010,305000,2024-01,\"Rowan Gardens\n" + rows(11, 30);
    const auto scan = io::scan_csv(file_with("open.csv", text));
    CHECK(scan.lines == 30);
    CHECK(scan.unclosed_row == 10);
    CHECK(scan.unclosed_line == 11);
    CHECK(scan.swallowed_lines == 20);
    // The reader accounts for every line: 9 loaded, the opening row and the 20 it swallowed rejected.
    io::ReadOptions o;
    o.crs = "EPSG:27700";
    const auto r = io::read_incidents({file_with("open2.csv", text)}, o);
    const auto& s = r.set.sources.front();
    CHECK(s.rows == 30);
    CHECK(s.loaded == 9);
    CHECK(s.rejected == 21);
    CHECK(r.rejects.size() == 21);
    CHECK(r.rejects.front().row == 10);
    CHECK(r.rejects.back().row == 30);
}

TEST_CASE("quoted line breaks in a field are fine; a quote running over many rows is a stray") {
    const std::string ok = std::string(header) + rows(1, 3) + "447010,305000,2024-01,\"two\nlines\"\n" + rows(5, 6);
    const auto a = io::scan_csv(file_with("ok.csv", ok));
    CHECK(a.unclosed_row == 0);
    CHECK(a.long_spans.empty());
    std::string stray = std::string(header) + rows(1, 2) + "447010,305000,2024-01,\"stray\n" + rows(4, 40) +
                        "447041,305000,2024-01,back\"\n" + rows(42, 45);
    const auto b = io::scan_csv(file_with("stray.csv", stray));
    REQUIRE(b.long_spans.size() == 1);
    CHECK(b.long_spans[0].row == 3);
    CHECK(b.long_spans[0].breaks == 38);
}

TEST_CASE("a NUL byte at a line's start is found, with its line") {
    std::string text = std::string(header) + rows(1, 4);
    text.insert(text.find("447003"), 1, '\0');
    const auto scan = io::scan_csv(file_with("nul.csv", text));
    REQUIRE(scan.nul_lines.size() == 1);
    CHECK(scan.nul_lines[0].second == 4);  // the file's line (1 is the header)
    io::ReadOptions o;
    o.crs = "EPSG:27700";
    const auto r = io::read_incidents({file_with("nul2.csv", text)}, o);
    CHECK(r.set.sources.front().rows == 4);
    CHECK(r.set.sources.front().loaded == 3);
}

TEST_CASE("rows are the file's records whatever GDAL skips: a NUL line, then a quote that never closes") {
    // Rows 1-9 plain, row 4 behind a NUL byte, row 10 opens a quote that swallows 11-12.
    std::string text = std::string(header) + rows(1, 9) + "447010,305000,2024-01,\"Rowan Gardens\n" + rows(11, 12);
    text.insert(text.find("447004"), 1, '\0');
    const auto scan = io::scan_csv(file_with("nul-open.csv", text));
    REQUIRE(scan.nul_lines.size() == 1);
    CHECK(scan.nul_lines[0].first == 4);
    CHECK(scan.unclosed_row == 10);
    CHECK(io::physical_row(scan, 3) == 3);
    CHECK(io::physical_row(scan, 4) == 5);  // GDAL's 4th row is the file's 5th
    io::ReadOptions o;
    o.crs = "EPSG:27700";
    const auto r = io::read_incidents({file_with("nul-open2.csv", text)}, o);
    const auto& s = r.set.sources.front();
    CHECK(s.rows == 12);
    CHECK(s.loaded + s.rejected == s.rows);
    CHECK(s.loaded == 8);
    REQUIRE(r.set.incidents.size() == 8);
    // Each loaded row's number is its record: row k holds easting 447000 + k.
    for (const auto& inc : r.set.incidents) CHECK(inc.x == Approx(447000 + inc.row));
    REQUIRE(r.rejects.size() == 4);
    CHECK(r.rejects[0].row == 4);
    CHECK(r.rejects[1].row == 10);
    CHECK(r.rejects[3].row == 12);
}

TEST_CASE("a line of nothing but NUL bytes is a blank line") {
    std::string text = std::string(header) + rows(1, 2) + std::string(3, '\0') + "\n" + rows(3, 4);
    const auto scan = io::scan_csv(file_with("nul-blank.csv", text));
    CHECK(scan.nul_lines.empty());
    CHECK(scan.lines == 4);
}

TEST_CASE("a stray quote in a row rejected for another reason: one reject for that row, for the quote") {
    // Row 3 has bad coordinates and opens a quote that closes 24 lines later.
    std::string text = std::string(header) + rows(1, 2) + "x447003,305000,2024-01,\"stray\n" + rows(4, 27) +
                       "447028,305000,2024-01,back\"\n" + rows(29, 30);
    io::ReadOptions o;
    o.crs = "EPSG:27700";
    const auto r = io::read_incidents({file_with("stray-bad.csv", text)}, o);
    const auto& s = r.set.sources.front();
    CHECK(s.loaded + s.rejected == s.rows);
    CHECK(r.rejects.size() == s.rejected);
    CHECK(s.loaded == 4);  // rows 1, 2, 29, 30
    const auto row3 = std::count_if(r.rejects.begin(), r.rejects.end(), [](const io::Reject& x) {
        return x.row == 3 && x.detail.find("runs over") != std::string::npos;
    });
    CHECK(row3 == 1);
}
