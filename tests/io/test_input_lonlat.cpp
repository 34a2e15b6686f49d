#include "geo/crs.hpp"
#include "hotspots/filter.hpp"
#include "io/incident_reader.hpp"
#include "io/incident_writer.hpp"
#include "io/input_lonlat.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

using namespace hotspots;
using namespace hotspots::io;
using hotspots::test::TempDir;

namespace {

std::int32_t e6(const char* text) {
    double v = 0;
    REQUIRE(parse_number(text, v));
    return micro_degrees(text, v);
}

// One planted police.uk row: its longitude and latitude as written, whether it loads, and
// whether its lon/lat are kept (at most 6 decimals, not zero).
struct Planted {
    std::string lon, lat;
    bool loads = true, kept = true;
};

// `n` rows across England and Wales: 6 decimals mostly, every 5th 3 decimals, every 7th 7
// decimals (not kept), every 11th a bad month (rejected), row 10 on the prime meridian.
std::vector<Planted> plant(int n, double shift) {
    std::vector<Planted> rows;
    for (int k = 1; k <= n; ++k) {
        const double u = std::fmod(k * 0.6180339887 + shift, 1.0), v = std::fmod(k * 0.4142135623 + shift, 1.0);
        const int decimals = k % 7 == 0 ? 7 : k % 5 == 0 ? 3 : 6;
        Planted p{fmt::format("{:.{}f}", -5.4 + 6.8 * u, decimals), fmt::format("{:.{}f}", 50.3 + 4.9 * v, decimals)};
        if (k % 13 == 0) p.lat = "+" + p.lat;
        p.kept = decimals <= 6;
        if (k == 10) {
            p.lon = "0.000000";  // a zero's sign is PROJ's to give: not kept
            p.kept = false;
        }
        p.loads = k % 11 != 3;
        rows.push_back(p);
    }
    return rows;
}

std::string police_uk(const std::vector<Planted>& rows) {
    std::string text =
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome "
        "category,Context\n";
    for (const auto& p : rows)
        text += fmt::format(",{},M,M,{},{},On or near Street,E01000001,Name 001A,Burglary,,\n",
                            p.loads ? "2019-01" : "2019-13", p.lon, p.lat);
    return text;
}

std::string six(double v) { return fmt::format("{:.6f}", v); }

std::string six(const std::string& text) {
    double v = 0;
    REQUIRE(parse_number(text, v));
    return six(v);
}

// The CSV's lon,lat by source file and row.
std::map<std::pair<std::string, std::string>, std::string> lonlat_by_row(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    REQUIRE(line.rfind("id,source_file,source_row,x,y,lon,lat,", 0) == 0);
    std::map<std::pair<std::string, std::string>, std::string> out;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::istringstream fields(line);
        for (std::string value; std::getline(fields, value, ',');) f.push_back(value);
        REQUIRE(f.size() > 6);
        REQUIRE(out.emplace(std::make_pair(f[1], f[2]), f[5] + "," + f[6]).second);
    }
    return out;
}

}  // namespace

TEST_CASE("a longitude or latitude is kept when its text is exact to 6 decimals", "[lonlat]") {
    CHECK(e6("-0.201877") == -201877);
    CHECK(e6("51.655538") == 51655538);
    CHECK(e6(" +51.6 ") == 51600000);
    CHECK(e6("179.999999") == 179999999);
    CHECK(e6("-0.000001") == -1);
    // More decimals than are printed, an exponent, a bare point, the 180th meridian (either
    // sign may come back) or a zero (its sign is PROJ's): transformed back as before.
    CHECK(e6("-0.2018771") == no_lonlat);
    CHECK(e6("5.1e1") == no_lonlat);
    CHECK(e6(".5") == no_lonlat);
    CHECK(e6("-180") == no_lonlat);
    CHECK(e6("0.000000") == no_lonlat);
    CHECK(e6("-0.0") == no_lonlat);
}

TEST_CASE("the input's lon/lat are kept by source and row, through the parts of a file", "[lonlat]") {
    TempDir dir;
    const auto a = plant(600, 0.0), b = plant(40, 0.37);
    const auto path_a = dir.write("a.csv", police_uk(a)), path_b = dir.write("b.csv", police_uk(b));
    ReadOptions o;
    o.want_lonlat = true;
    o.threads = 2;
    o.split_csv_above = 1000;  // a.csv in two parts
    const auto r = read_incidents({path_a, path_b}, o);
    REQUIRE(r.set.sources.size() == 2);
    std::size_t kept = 0, loaded = 0;
    for (const auto* rows : {&a, &b})
        for (const auto& p : *rows) {
            loaded += p.loads;
            kept += p.loads && p.kept;
        }
    REQUIRE(r.set.incidents.size() == loaded);
    CHECK(r.lonlat.kept() == kept);
    for (const auto& inc : r.set.incidents) {
        const auto& p = (inc.source == 0 ? a : b)[inc.row - 1];
        INFO("source " << inc.source << " row " << inc.row << ": " << p.lon << "," << p.lat);
        double lon = 0, lat = 0;
        REQUIRE(r.lonlat.find(inc, lon, lat) == p.kept);
        if (p.kept) {
            CHECK(six(lon) == six(p.lon));
            CHECK(six(lat) == six(p.lat));
        }
    }
    // Not asked for, or not WGS84 lon/lat columns: nothing kept.
    o.want_lonlat = false;
    CHECK(read_incidents({path_a}, o).lonlat.kept() == 0);
    const auto bng = dir.write("bng.csv", "ref,date,easting,northing\nR1,2023-03-10,524000,190000\n");
    ReadOptions metres;
    metres.want_lonlat = true;
    metres.columns.x = "easting";
    metres.columns.y = "northing";
    metres.crs = "EPSG:27700";
    const auto m = read_incidents({bng}, metres);
    REQUIRE(m.set.incidents.size() == 1);
    CHECK(m.lonlat.kept() == 0);
}

TEST_CASE("CSV lon/lat: a filtered, reordered set keeps each incident's own; a moved point is written from its x, y",
          "[lonlat][writers]") {
    TempDir dir;
    const auto a = plant(300, 0.0), b = plant(30, 0.37);
    ReadOptions o;
    o.want_lonlat = true;
    auto r = read_incidents({dir.write("a.csv", police_uk(a)), dir.write("b.csv", police_uk(b))}, o);
    REQUIRE(r.lonlat.kept() > 200);
    const std::vector<AreaLayer> layers;
    std::vector<std::vector<std::int32_t>> assignment;

    // Without a change of place the input's own lon/lat are the transformed-back ones to the
    // 6th decimal: the same bytes either way.
    const nlohmann::json meta = {{"command", "map"}};
    write_incidents(dir.file("kept.csv"), {.set = r.set, .layers = layers, .assignment = assignment, .metadata = meta,
                                           .lonlat = &r.lonlat}, {});
    write_incidents(dir.file("transformed.csv"), {.set = r.set, .layers = layers, .assignment = assignment, .metadata = meta}, {});
    CHECK(lonlat_by_row(dir.file("kept.csv")) == lonlat_by_row(dir.file("transformed.csv")));

    // Every third dropped (the filters' compaction), the rest reversed, one point moved 10 m east.
    std::vector<bool> keep(r.set.incidents.size());
    for (std::size_t i = 0; i < keep.size(); ++i) keep[i] = i % 3 != 1;
    keep_selected(r.set, keep, assignment);
    std::reverse(r.set.incidents.begin(), r.set.incidents.end());
    auto moved = std::find_if(r.set.incidents.begin(), r.set.incidents.end(), [&](const Incident& inc) {
        double lon = 0, lat = 0;
        return r.lonlat.find(inc, lon, lat);
    });
    REQUIRE(moved != r.set.incidents.end());
    moved->x += 10;
    const std::pair<std::uint32_t, std::uint32_t> moved_key{moved->source, moved->row};
    write_incidents(dir.file("out.csv"), {.set = r.set, .layers = layers, .assignment = assignment, .metadata = meta,
                                          .threads = 2, .lonlat = &r.lonlat}, {});

    const auto written = lonlat_by_row(dir.file("out.csv"));
    REQUIRE(written.size() == r.set.incidents.size());
    const geo::Transformer back("EPSG:27700", "EPSG:4326");
    for (const auto& inc : r.set.incidents) {
        const auto& p = (inc.source == 0 ? a : b)[inc.row - 1];
        INFO("source " << inc.source << " row " << inc.row << ": " << p.lon << "," << p.lat);
        const auto found = written.find({inc.source == 0 ? "a.csv" : "b.csv", std::to_string(inc.row)});
        REQUIRE(found != written.end());
        double x = inc.x, y = inc.y;
        back.transform(x, y);
        CHECK(found->second == six(x) + "," + six(y));
        if (std::make_pair(inc.source, inc.row) == moved_key)
            CHECK(found->second != six(p.lon) + "," + six(p.lat));
        else if (p.kept)
            CHECK(found->second == six(p.lon) + "," + six(p.lat));
    }
}
