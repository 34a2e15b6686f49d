#include "geo/geos.hpp"
#include "io/atomic_file.hpp"
#include "io/browser.hpp"
#include "io/feature_writer.hpp"
#include "io/gdal_util.hpp"
#include "io/gpkg_writer.hpp"
#include "io/incident_writer.hpp"
#include "io/raster_tiles.hpp"
#include "io/table_writer.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace hotspots;
using namespace hotspots::io;
using hotspots::test::area;
using hotspots::test::TempDir;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

struct Fixture {
    IncidentSet set;
    std::vector<AreaLayer> layers;
    std::vector<std::vector<std::int32_t>> assignment;
    Fixture() {
        set.crs = "EPSG:27700";
        set.sources.push_back({"in.csv", "in", "generic", "EPSG:27700", 2, 2, 0});
        const double xy[2][2] = {{530043.195, 180358.209}, {600000, 100000}};
        for (int k = 0; k < 2; ++k) {
            Incident i;
            i.x = xy[k][0];
            i.y = xy[k][1];
            i.from = i.to = parse_when("2024-03-01T10:20")->from;
            i.precision = TimePrecision::minute;
            i.row = static_cast<std::uint32_t>(k + 1);
            i.location = set.strings().intern("On or near \"The\" Broadway, NW9");
            i.category = Category::robbery;
            set.incidents.push_back(i);
        }
        std::vector<geo::AreaNote> notes;
        auto idx = std::make_shared<const geo::AreaIndex>(
            std::vector<geo::AreaInput>{area("W1", "POLYGON((529000 179000,531000 179000,531000 181000,529000 181000,529000 179000))")}, notes);
        layers.emplace_back("ward", std::vector<AreaGeneration>{{idx, std::nullopt, std::nullopt, "w"}});
        assignment = {{0, outside_all}};
    }
};

}  // namespace

TEST_CASE("an uncommitted output leaves nothing behind; inputs are never outputs", "[writers]") {
    TempDir dir;
    const auto in = dir.write("in.csv", "x\n");
    {
        AtomicOutput out(dir.file("out.csv"), {in});
        std::ofstream(out.temp_path()) << "partial";
    }
    CHECK_FALSE(std::filesystem::exists(dir.file("out.csv")));
    CHECK(std::filesystem::is_empty(std::filesystem::path(dir.file(""))) == false);  // in.csv only
    CHECK(std::distance(std::filesystem::directory_iterator(dir.file("")), {}) == 1);
    CHECK_THROWS_WITH(AtomicOutput(in, {in}), Catch::Contains("is an input"));
    CHECK_THROWS_WITH(AtomicOutput(dir.file("no/such/out.csv"), {}), Catch::Contains("does not exist"));
}

TEST_CASE("CSV fields are quoted only when needed", "[writers]") {
    std::string s;
    append_csv_field(s, "plain");
    s += ',';
    append_csv_field(s, "a,b");
    s += ',';
    append_csv_field(s, "say \"hi\"");
    CHECK(s == "plain,\"a,b\",\"say \"\"hi\"\"\"");
}

TEST_CASE("CSV text a spreadsheet would run as a formula is neutralised; numbers are not", "[writers]") {
    const auto field = [](std::string_view v) {
        std::string s;
        append_csv_field(s, v);
        return s;
    };
    CHECK(field("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    CHECK(field("@SUM(A1:A9)") == "'@SUM(A1:A9)");
    CHECK(field("+44 20 7946 0000") == "'+44 20 7946 0000");
    CHECK(field("-1+2") == "'-1+2");
    CHECK(field("-") == "'-");
    CHECK(field("-inf") == "'-inf");
    CHECK(field("\tcmd") == "'\tcmd");
    CHECK(field("\r=1") == "\"'\r=1\"");
    CHECK(field("=1,2") == "\"'=1,2\"");
    // Numbers stay numbers, and ordinary text is untouched.
    for (const char* n : {"-3", "-0.5", "+3", "1e-05", "-1.5E+10", "0", ".5", "-.5", "12"}) CHECK(field(n) == n);
    CHECK(field("Station Road") == "Station Road");
    CHECK(field("A-Z Road") == "A-Z Road");
    CHECK(field("") == "");
    // Neutralising is idempotent (a published CSV is read back and written again).
    CHECK(field("'=1") == "'=1");
    CHECK_FALSE(plain_number("1e"));
    CHECK_FALSE(plain_number("-"));
    CHECK_FALSE(plain_number("1-2"));
}

TEST_CASE("GeoJSON output is RFC 7946 with metadata", "[writers]") {
    TempDir dir;
    Fixture fx;
    const auto path = dir.file("out.geojson");
    write_incidents(path, {fx.set, fx.layers, fx.assignment, {{"command", "map"}}}, {});
    const auto j = nlohmann::json::parse(slurp(path));
    CHECK(j["type"] == "FeatureCollection");
    CHECK(j["metadata"]["command"] == "map");
    REQUIRE(j["features"].size() == 2);
    const auto& f0 = j["features"][0];
    const double lon = f0["geometry"]["coordinates"][0], lat = f0["geometry"]["coordinates"][1];
    CHECK(lon == Approx(-0.1276).margin(2e-6));
    CHECK(lat == Approx(51.5072).margin(2e-6));
    // Six decimals at most.
    CHECK(slurp(path).find("-0.127600,51.507200") != std::string::npos);
    CHECK(f0["properties"]["ward_code"] == "W1");
    CHECK(j["features"][1]["properties"]["ward_code"] == "");
    CHECK(j["features"][1]["properties"]["ward_name"] == "outside");
    CHECK(f0["properties"]["location"] == "On or near \"The\" Broadway, NW9");
    CHECK(f0["properties"]["date_from"] == "2024-03-01T10:20:00");
}

TEST_CASE("CSV and GeoPackage outputs carry every incident and the metadata", "[writers]") {
    TempDir dir;
    Fixture fx;
    write_incidents(dir.file("out.csv"), {fx.set, fx.layers, fx.assignment, {{"command", "map"}}}, {});
    const auto csv = slurp(dir.file("out.csv"));
    CHECK(csv.rfind("id,source_file,source_row,x,y,lon,lat,date_from", 0) == 0);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);
    CHECK(csv.find("\"On or near \"\"The\"\" Broadway, NW9\"") != std::string::npos);
    CHECK(nlohmann::json::parse(slurp(dir.file("out.csv.meta.json")))["command"] == "map");

    write_incidents(dir.file("out.gpkg"), {fx.set, fx.layers, fx.assignment, {{"command", "map"}}}, {});
    auto ds = open_vector(dir.file("out.gpkg"));
    OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
    CHECK(OGR_L_GetFeatureCount(layer, TRUE) == 2);
    CHECK(std::string(srs_definition(OGR_L_GetSpatialRef(layer))) == "EPSG:27700");
    const char* meta = GDALGetMetadataItem(layer, "hotspots", nullptr);
    REQUIRE(meta);
    CHECK(nlohmann::json::parse(meta)["command"] == "map");
}

namespace {

// The rows of a GeoPackage's layer_styles: table, geometry column, default?, QML.
std::vector<std::vector<std::string>> layer_styles(const std::string& file) {
    auto ds = open_vector(file);
    OGRLayerH styles = GDALDatasetGetLayerByName(ds.get(), "layer_styles");
    std::vector<std::vector<std::string>> rows;
    if (!styles) return rows;
    OGR_L_ResetReading(styles);
    while (OGRFeatureH f = OGR_L_GetNextFeature(styles)) {
        FeaturePtr keep(f);
        std::vector<std::string> row;
        for (const char* field : {"f_table_name", "f_geometry_column", "useAsDefault", "styleQML"})
            row.emplace_back(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, field)));
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace

TEST_CASE("a GeoPackage keeps its layer's QGIS style inside, as the default QGIS applies", "[writers]") {
    TempDir dir;
    FeatureTable t;
    t.layer = "hotspots";
    t.crs = "EPSG:27700";
    t.fields.emplace_back("label", FieldType::text, ColumnRole::identifier);
    geo::GeosContext ctx;
    auto box = geo::make_box(ctx, 0, 0, 100, 100);
    t.geometries.push_back(geo::to_wkb(ctx, box.get()));
    t.rows.push_back({std::string("H1")});
    const std::string qml = "<qgis><renderer-v2 type=\"singleSymbol\"/></qgis>";

    write_gpkg_features(dir.file("h.gpkg"), t, {}, qml);
    const auto rows = layer_styles(dir.file("h.gpkg"));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0] == std::vector<std::string>{"hotspots", "geom", "1", qml});
    CHECK(gpkg_layers(dir.file("h.gpkg")) == std::vector<std::string>{"hotspots"});
    // No style, no table (write_features' GeoPackage is the same file without one).
    write_features(dir.file("plain.gpkg"), t, {});
    CHECK(layer_styles(dir.file("plain.gpkg")).empty());
}

TEST_CASE("an incidents GeoPackage keeps its QGIS style inside; GeoJSON and CSV get none", "[writers]") {
    TempDir dir;
    Fixture fx;
    const std::string qml = "<qgis><renderer-v2 type=\"singleSymbol\"/></qgis>";
    IncidentOutput out{fx.set, fx.layers, fx.assignment, {{"command", "map"}}};
    out.style = qml;
    write_incidents(dir.file("styled.gpkg"), out, {});
    const auto rows = layer_styles(dir.file("styled.gpkg"));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0] == std::vector<std::string>{"incidents", "geom", "1", qml});
    // The style table is no layer of incidents: the rows are all there, in their layer.
    CHECK(gpkg_layers(dir.file("styled.gpkg")) == std::vector<std::string>{"incidents"});
    auto ds = open_vector(dir.file("styled.gpkg"));
    CHECK(OGR_L_GetFeatureCount(GDALDatasetGetLayerByName(ds.get(), "incidents"), TRUE) == 2);
    // No style, no table.
    out.style.clear();
    write_incidents(dir.file("plain.gpkg"), out, {});
    CHECK(layer_styles(dir.file("plain.gpkg")).empty());
    // A style has nowhere to go in GeoJSON or CSV, and no .qml is written beside them.
    out.style = qml;
    write_incidents(dir.file("styled.geojson"), out, {});
    write_incidents(dir.file("styled.csv"), out, {});
    CHECK_FALSE(std::filesystem::exists(dir.file("styled.qml")));
    CHECK(slurp(dir.file("styled.geojson")).find("renderer-v2") == std::string::npos);
}

TEST_CASE("temporaries live in a private folder; outputs committed together appear together or not at all") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("hotspots-atomic-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string a = (dir / "a.csv").string(), b = (dir / "b.csv").string();
    auto write = [](const std::string& path, const std::string& text) {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        REQUIRE(f);
        std::fwrite(text.data(), 1, text.size(), f);
        std::fclose(f);
    };
    {
        io::AtomicOutput out(a, {});
        const fs::path folder = fs::path(out.temp_path()).parent_path();
        CHECK(folder.parent_path() == dir);
        CHECK(fs::path(out.temp_path()).filename() == "a.csv");
        // Only the owner may enter it: nothing can be planted inside.
        CHECK((fs::status(folder).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
        write(out.temp_path(), "x\n");
        out.commit();
        CHECK_FALSE(fs::exists(folder));
    }
    CHECK(fs::exists(a));
    fs::remove(a);
    try {
        io::CommitTogether together;
        io::AtomicOutput first(a, {}), second(b, {});
        write(first.temp_path(), "1\n");
        first.commit();
        CHECK_FALSE(fs::exists(a));  // waits for the others
        write(second.temp_path(), "2\n");
        throw std::runtime_error("the second output failed");
    } catch (const std::runtime_error&) {
    }
    CHECK_FALSE(fs::exists(a));
    CHECK_FALSE(fs::exists(b));
    {
        io::CommitTogether together;
        io::AtomicOutput first(a, {}), second(b, {});
        write(first.temp_path(), "1\n");
        write(second.temp_path(), "2\n");
        first.commit();
        second.commit();
        together.commit();
    }
    CHECK(fs::exists(a));
    CHECK(fs::exists(b));
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
    CHECK(entries == 2);  // no temporary folder left
    fs::remove_all(dir);
}

TEST_CASE("a PDF or PNG chromium cut short is refused (issue 26 #7)", "[browser]") {
    hotspots::test::TempDir dir;
    const std::string pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
    CHECK_NOTHROW(hotspots::io::check_pdf(dir.write("whole.pdf", pdf), "--pdf whole.pdf"));
    CHECK_THROWS_WITH(hotspots::io::check_pdf(dir.write("cut.pdf", pdf.substr(0, 30)), "--pdf cut.pdf"),
                      Catch::Contains("--pdf cut.pdf") && Catch::Contains("cut short"));
    CHECK_THROWS_WITH(hotspots::io::check_pdf(dir.write("empty.pdf", ""), "--pdf empty.pdf"), Catch::Contains("empty"));
    CHECK_THROWS_WITH(hotspots::io::check_pdf(dir.write("html.pdf", "<html>%%EOF"), "--pdf html.pdf"),
                      Catch::Contains("not a PDF"));
    CHECK_THROWS(hotspots::io::check_pdf(dir.file("none.pdf"), "--pdf none.pdf"));
    const std::string sig("\x89PNG\r\n\x1a\n", 8), iend("\0\0\0\0IEND\xae\x42\x60\x82", 12);
    const std::string png = sig + std::string("\0\0\0\rIHDR0123456789abcdefg", 25) + iend;
    CHECK_NOTHROW(hotspots::io::check_png(dir.write("whole.png", png), "--png whole.png"));
    CHECK_THROWS_WITH(hotspots::io::check_png(dir.write("cut.png", png.substr(0, 20)), "--png cut.png"),
                      Catch::Contains("cut short"));
    CHECK_THROWS_WITH(hotspots::io::check_png(dir.write("zero.png", ""), "--png zero.png"), Catch::Contains("empty"));
}

TEST_CASE("CSV rows formatted in parallel chunks come out in order, and GeoPackage rows in bulk too", "[writers]") {
    // 120,000 incidents: 14 full chunks of 8,192 rows and a partial one, more than the four
    // chunks a thread held at once, so every thread count reuses its buffers.
    TempDir dir;
    Fixture fx;
    const Incident first = fx.set.incidents[0];
    fx.set.incidents.clear();
    for (std::uint32_t k = 0; k < 120000; ++k) {
        Incident i = first;
        i.row = k + 1;
        i.x = 529000 + k * 0.25;
        fx.set.incidents.push_back(i);
    }
    fx.assignment = {std::vector<std::int32_t>(120000, 0)};
    write_incidents(dir.file("many.csv"), {fx.set, fx.layers, fx.assignment, {{"command", "map"}}}, {});
    // The same bytes whatever the threads formatting them (one, two, three: uneven batches).
    for (unsigned threads : {1u, 2u, 3u}) {
        const auto other = dir.file(fmt::format("many{}.csv", threads));
        write_incidents(other, {fx.set, fx.layers, fx.assignment, {{"command", "map"}}, threads}, {});
        CHECK(slurp(other) == slurp(dir.file("many.csv")));
    }
    std::istringstream csv(slurp(dir.file("many.csv")));
    std::string line;
    std::getline(csv, line);
    std::uint32_t expected = 0;
    bool in_order = true;
    while (std::getline(csv, line)) {
        ++expected;
        // id,source_file,source_row,x,...: the row number and x of the incident in its place.
        std::istringstream fields(line);
        std::string id, file, row, x;
        std::getline(fields, id, ',');
        std::getline(fields, file, ',');
        std::getline(fields, row, ',');
        std::getline(fields, x, ',');
        in_order = in_order && row == std::to_string(expected) && x == fmt::format("{:.2f}", 529000 + (expected - 1) * 0.25);
    }
    CHECK(expected == 120000);
    CHECK(in_order);

    // The GeoPackage's bulk rows: 20,000 are enough (two threads' parts, several batches).
    fx.set.incidents.resize(20000);
    fx.assignment[0].resize(20000);
    write_incidents(dir.file("many.gpkg"), {fx.set, fx.layers, fx.assignment, {{"command", "map"}}}, {});
    auto ds = open_vector(dir.file("many.gpkg"));
    OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
    CHECK(OGR_L_GetFeatureCount(layer, TRUE) == 20000);
    std::int64_t fid = 0;
    bool gpkg_in_order = true;
    for (FeaturePtr f(OGR_L_GetNextFeature(layer)); f; f.reset(OGR_L_GetNextFeature(layer))) {
        auto* h = static_cast<OGRFeatureH>(f.get());
        ++fid;
        gpkg_in_order = gpkg_in_order && OGR_F_GetFID(h) == fid &&
                        OGR_F_GetFieldAsInteger64(h, OGR_F_GetFieldIndex(h, "source_row")) == fid &&
                        OGR_G_GetX(OGR_F_GetGeometryRef(h), 0) == 529000 + double(fid - 1) * 0.25 &&
                        std::string(OGR_F_GetFieldAsString(h, OGR_F_GetFieldIndex(h, "ward_code"))) == "W1";
    }
    CHECK(fid == 20000);
    CHECK(gpkg_in_order);
    OGREnvelope e;
    REQUIRE(OGR_L_GetExtent(layer, &e, FALSE) == OGRERR_NONE);
    CHECK(e.MinX == 529000);
    CHECK(e.MaxX == 529000 + 19999 * 0.25);
}

// Issue 37 #5: a tiled surface's folder used to move into place on its own, before the VRT that
// waits for the command's other outputs; a failure after it left tiles without their mosaic.
TEST_CASE("a tiled surface's tiles and VRT appear together or not at all, in a command's outputs") {
    namespace fs = std::filesystem;
    TempDir dir;
    const std::string vrt = dir.file("density.vrt"), tiles = dir.file("density");
    const fs::path root = fs::path(vrt).parent_path();
    const Grid g{0, 20, 10, 2, 2};
    RasterTiles t;
    t.size = 1;
    for (std::size_t r = 0; r < 2; ++r)
        for (std::size_t c = 0; c < 2; ++c) t.windows.push_back({r, c, 1, 1});
    t.values = [](std::size_t k) { return std::vector<double>{static_cast<double>(k)}; };
    t.finish.metadata = nlohmann::json::object();
    t.finish.styled = false;
    RasterOutput out;
    out.grid = &g;
    out.crs = "EPSG:27700";
    out.tiles = &t;
    try {
        CommitTogether together;
        write_raster_tiles(vrt, out, {});
        CHECK_FALSE(fs::exists(tiles));  // waits for the command's other outputs
        throw std::runtime_error("another output failed");
    } catch (const std::runtime_error&) {
    }
    CHECK_FALSE(fs::exists(tiles));
    CHECK_FALSE(fs::exists(vrt));
    CHECK(fs::is_empty(root));  // no temporary left either
    {
        CommitTogether together;
        write_raster_tiles(vrt, out, {});
        together.commit();
    }
    CHECK(fs::exists(vrt));
    CHECK(fs::exists(fs::path(tiles) / "r000_c001.tif"));
    // Written again over the first: the new tiles replace the old, and nothing else is left.
    {
        CommitTogether together;
        write_raster_tiles(vrt, out, {});
        together.commit();
    }
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(root)) ++entries;
    CHECK(entries == 2);
}

// Issue 30 #2: a Gi* mosaic recorded its largest z as max_value, 0 where every z is negative.
// A signed band records its largest |value|, in one run as in shards finished by merge.
TEST_CASE("a signed mosaic records its largest |value|, whole and from shards alike") {
    TempDir dir;
    const Grid g{0, 30, 10, 3, 3};
    RasterTiles t;
    t.size = 1;
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t c = 0; c < 3; ++c) t.windows.push_back({r, c, 1, 1});
    // Every value negative; the largest |value| is tile 7's 4.5, the largest value tile 0's -0.5.
    t.values = [](std::size_t k) { return std::vector<double>{k == 7 ? -4.5 : -0.5 - 0.25 * static_cast<double>(k % 4)}; };
    t.finish.metadata = nlohmann::json::object();
    t.finish.styled = false;
    t.finish.top_key = "max_abs_z";
    t.finish.top_abs = true;
    RasterOutput out;
    out.grid = &g;
    out.crs = "EPSG:27700";
    out.tiles = &t;
    auto meta_of = [](const std::string& vrt) {
        const std::string text = slurp(vrt);
        const auto a = text.find("<MDI key=\"hotspots\">") + 20, b = text.find("</MDI>");
        std::string j = text.substr(a, b - a);
        for (std::size_t p; (p = j.find("&quot;")) != std::string::npos;) j.replace(p, 6, "\"");
        return nlohmann::json::parse(j);
    };
    write_raster_tiles(dir.file("whole.vrt"), out, {});
    const auto whole = meta_of(dir.file("whole.vrt"));
    CHECK(whole.at("max_abs_z").get<double>() == 4.5);
    CHECK_FALSE(whole.contains("max_value"));

    std::vector<nlohmann::json> parts;
    for (int i = 0; i < 2; ++i) parts.push_back(write_tile_shard(dir.file("sharded.vrt"), out, i, 2, {}));
    // Shard 0 made tiles 0, 2, 4, 6, 8 (largest |value| 1.25); tile 7's 4.5 is shard 1's.
    finish_mosaic(dir.file("sharded.vrt"), parts, parts[0], {});
    CHECK(meta_of(dir.file("sharded.vrt")) == whole);

    // A density keeps max_value, its largest value.
    t.finish.top_key = "max_value";
    t.finish.top_abs = false;
    write_raster_tiles(dir.file("density.vrt"), out, {});
    const auto density = meta_of(dir.file("density.vrt"));
    CHECK(density.contains("max_value"));
    CHECK_FALSE(density.contains("max_abs_z"));
}

// Issue 30 #1 (loose ends): the weight a tiled surface holds is known only once its last tile is
// summed; the writer hands it back, whole or finished from shards, for the run to print.
TEST_CASE("a finished mosaic hands back the weight its tiles hold, whole and from shards alike") {
    TempDir dir;
    const Grid g{0, 20, 10, 2, 2};
    RasterTiles t;
    t.size = 1;
    for (std::size_t r = 0; r < 2; ++r)
        for (std::size_t c = 0; c < 2; ++c) t.windows.push_back({r, c, 1, 1});
    // Cells 1, 2, nodata, 4; each cell's value x 0.5 is the weight it holds: 3.5 of a total of 10.
    t.values = [](std::size_t k) { return std::vector<double>{k == 2 ? NAN : static_cast<double>(k + 1)}; };
    t.finish.metadata = nlohmann::json::object();
    t.finish.styled = false;
    t.finish.per_cell = 0.5;
    t.finish.total_weight = 10;
    RasterOutput out;
    out.grid = &g;
    out.crs = "EPSG:27700";
    out.tiles = &t;
    const auto whole = write_raster_tiles(dir.file("whole.vrt"), out, {});
    CHECK(whole.held == 3.5);
    CHECK(whole.total_weight == 10);
    CHECK(slurp(dir.file("whole.vrt")).find("&quot;grid_holds_pct&quot;:35.0") != std::string::npos);
    std::vector<nlohmann::json> parts;
    for (int i = 0; i < 2; ++i) parts.push_back(write_tile_shard(dir.file("sharded.vrt"), out, i, 2, {}));
    const auto merged = finish_mosaic(dir.file("sharded.vrt"), parts, parts[1], {});
    CHECK(merged.held == whole.held);
    CHECK(merged.total_weight == whole.total_weight);
    // A surface that holds no weight (a rate, a Gi* z) says so: no total, no figure.
    t.finish.total_weight = 0;
    const auto none = write_raster_tiles(dir.file("rate.vrt"), out, {});
    CHECK(none.total_weight == 0);
    CHECK(slurp(dir.file("rate.vrt")).find("grid_holds_pct") == std::string::npos);
}

TEST_CASE("a GeoTIFF of several blocks, partial at its edges, holds every cell, nodata where the value is NaN, whatever the threads") {
    TempDir dir;
    // 600 columns x 530 rows: 3 x 3 blocks of 256, the last row and column of blocks partly outside the grid.
    const Grid g{1000, 9000, 10, 600, 530};
    std::vector<double> values(g.cells());
    for (std::size_t r = 0; r < g.rows; ++r)
        for (std::size_t c = 0; c < g.cols; ++c)
            values[r * g.cols + c] = (r * 7 + c * 13) % 101 == 0 ? NAN : 0.1 * static_cast<double>(r) - 0.37 * static_cast<double>(c);
    std::string bytes[2];
    for (unsigned threads : {1u, 2u}) {
        RasterOutput out;
        out.grid = &g;
        out.values = &values;
        out.crs = "EPSG:27700";
        out.metadata = nlohmann::json::object();
        out.threads = threads;
        const std::string path = dir.file("surface" + std::to_string(threads) + ".tif");
        write_geotiff(path, out, {});
        bytes[threads - 1] = slurp(path);
        DatasetPtr ds(GDALOpen(path.c_str(), GA_ReadOnly));
        REQUIRE(ds);
        REQUIRE(GDALGetRasterXSize(ds.get()) == 600);
        REQUIRE(GDALGetRasterYSize(ds.get()) == 530);
        std::vector<float> back(g.cells());
        REQUIRE(GDALRasterIO(GDALGetRasterBand(ds.get(), 1), GF_Read, 0, 0, 600, 530, back.data(), 600, 530, GDT_Float32, 0, 0) ==
                CE_None);
        std::size_t wrong = 0;
        for (std::size_t i = 0; i < values.size(); ++i)
            if (back[i] != (std::isnan(values[i]) ? static_cast<float>(raster_nodata) : static_cast<float>(values[i]))) ++wrong;
        CHECK(wrong == 0);
    }
    CHECK(bytes[0] == bytes[1]);
}
