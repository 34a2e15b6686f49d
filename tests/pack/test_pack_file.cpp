// Pack files are read and checked whole, before anything else: every mistake names its line.
#include "io/gdal_util.hpp"
#include "pack/pack_file.hpp"
#include "steps/params.hpp"
#include "steps/step.hpp"

#include "test_util.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace hotspots;
namespace fs = std::filesystem;

namespace {

const char* good = R"(title = "t"
month = "2024-12"
[inputs]
files = ["incidents.csv"]
crs = "EPSG:27700"
[[theme]]
name = "burglary"
crime-type = ["burglary"]
[[step]]
run = "kde"
bandwidth = 300
)";

std::string write_pack(const std::string& text) {
    static const test::TempDir dir;  // removed at exit
    static int n = 0;
    return dir.write("p" + std::to_string(++n) + ".toml", text);
}

// The message of the UsageError the file gives, or "" when it reads.
std::string error_of(const std::string& text, const std::string& month = "") {
    try {
        pack::read_pack(write_pack(text), month);
    } catch (const steps::UsageError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("a good pack reads, with paths relative to the file and periods resolved") {
    const auto path = write_pack(good);
    const auto p = pack::read_pack(path, "");
    CHECK(p.title == "t");
    REQUIRE(p.inputs.size() == 1);
    CHECK(p.inputs[0].files[0] == (fs::path(path).parent_path() / "incidents.csv").string());
    REQUIRE(p.steps.size() == 1);
    CHECK(p.steps[0].name == "kde");
    CHECK(p.steps[0].themes == std::vector<std::string>{"burglary"});
    // The default period (month) became the step's period.
    bool period = false;
    for (const auto& s : p.steps[0].options)
        if (s.key == "period") period = s.values.front() == "2024-12-01..2024-12-31";
    CHECK(period);
    // --month overrides the file's month.
    const auto q = pack::read_pack(path, "2025-02");
    for (const auto& s : q.steps[0].options)
        if (s.key == "period") CHECK(s.values.front() == "2025-02-01..2025-02-28");
}

TEST_CASE("change gets the pack's period and the same period last year") {
    const std::string text = std::string(good) + "[[step]]\nrun = \"change\"\nper = \"ward\"\n";
    const auto p = pack::read_pack(write_pack(text), "");
    std::string before, after;
    for (const auto& s : p.steps[1].options) {
        if (s.key == "before") before = s.values.front();
        if (s.key == "after") after = s.values.front();
    }
    CHECK(after == "2024-12-01..2024-12-31");
    CHECK(before == "2023-12-01..2023-12-31");
}

TEST_CASE("unknown keys name their line and the closest key") {
    std::string text = good;
    text += "bandwith = 250\n";  // line 12
    const auto m = error_of(text);
    CHECK(m.find("line 12") != std::string::npos);
    CHECK(m.find("did you mean 'bandwidth'") != std::string::npos);
    CHECK(error_of(std::string("titel = \"x\"\n") + good).find("line 1: unknown key 'titel'") != std::string::npos);
    CHECK(error_of(std::string(good) + "harm_weights = \"w.csv\"\n").find("'harm-weights'") != std::string::npos);
}

TEST_CASE("values of the wrong type or out of range name their line") {
    CHECK(error_of(std::string(good) + "cell = \"ten\"\n").find("line 12: step kde: cell") != std::string::npos);
    CHECK(error_of(std::string(good) + "cell = -5\n").find("line 12: step kde: cell: '-5'") != std::string::npos);
    CHECK(error_of(std::string(good) + "min-area = -5\n").find("out of range") != std::string::npos);
    CHECK(error_of(std::string(good) + "kernel = \"quartik\"\n").find("line 12") != std::string::npos);
    CHECK(error_of(std::string(good) + "threshold = [\"top:5%\"]\n").find("line 12") != std::string::npos);
    CHECK(error_of("geojson = [true]\n" + std::string(good)).find("line 1: geojson: give one value") != std::string::npos);
    CHECK(error_of("geojson = \"yes please\"\n" + std::string(good)).find("line 1: geojson") != std::string::npos);
}

TEST_CASE("keys that belong elsewhere say where") {
    CHECK(error_of(std::string(good) + "crime-type = [\"robbery\"]\n").find("belongs in a [[theme]]") != std::string::npos);
    CHECK(error_of(std::string(good) + "x = \"easting\"\n").find("belongs in [inputs]") != std::string::npos);
    CHECK(error_of(std::string(good) + "output = \"d.tif\"\n").find("a pack names its own files") != std::string::npos);
    CHECK(error_of(std::string(good) + "threads = 2\n").find("hotspots pack --threads") != std::string::npos);
}

TEST_CASE("themes and steps must be complete and consistent") {
    // An empty theme.
    CHECK(error_of(std::string(good) + "[[theme]]\n").find("line 12: [[theme]] needs a name") != std::string::npos);
    CHECK(error_of(std::string(good) + "[[theme]]\nname = \"x\"\ncrime-type = []\n").find("an empty list") !=
          std::string::npos);
    CHECK(error_of(std::string(good) + "[[theme]]\nname = \"burglary\"\n").find("given twice") != std::string::npos);
    CHECK(error_of(std::string(good) + "[[theme]]\nname = \"v\"\ncrime-type = [\"burgulary\"]\n").find(
              "did you mean burglary") != std::string::npos);
    CHECK(error_of(std::string(good) + "[[step]]\nrun = \"kdee\"\n").find("did you mean kde") != std::string::npos);
    CHECK(error_of(std::string(good) + "[[step]]\nrun = \"kde\"\n").find("two steps are named kde") != std::string::npos);
    CHECK(error_of(std::string(good) + "[[step]]\nrun = \"repeats\"\nthemes = [\"burglery\"]\n").find(
              "did you mean burglary") != std::string::npos);
    CHECK(error_of("[inputs]\nfiles = [\"a.csv\"]\n[[step]]\nrun = \"kde\"\n").find("no [[theme]]") != std::string::npos);
}

TEST_CASE("relative periods need a month") {
    std::string text = good;
    text.replace(text.find("month = \"2024-12\"\n"), 17, "");
    CHECK(error_of(text).find("--month") != std::string::npos);
    CHECK(error_of(text, "2024-12").empty());
    CHECK(error_of(std::string(good) + "period = \"last quarter\"\n").find("line 12") != std::string::npos);
}

TEST_CASE("TOML syntax errors name their line; a missing file is a file error") {
    CHECK(error_of("title = \"unterminated\n").find("line 1") != std::string::npos);
    CHECK_THROWS_AS(pack::read_pack("/nonexistent/pack.toml", ""), io::IoError);
}

namespace {

// The values of `key` as the pack read them for its step `name`.
std::vector<std::string> step_values(const pack::PackFile& p, const std::string& name, const std::string& key) {
    for (const auto& st : p.steps)
        if (st.name == name)
            for (const auto& o : st.options)
                if (o.key == key) return o.values;
    return {};
}

}  // namespace

TEST_CASE("every file a step option names is relative to the pack file, whatever the option's kind") {
    const std::string steps = R"(
[[step]]
run = "risk"
factor = ["premises=../data/premises.csv", "stations=/abs/stations.gpkg,layer=s"]
mask = "../areas/bcu.geojson,layer=bcu"
[[step]]
run = "kde"
bandwidth = "from:rec/evaluate.csv"
[[step]]
run = "kde"
name = "kde-fixed"
bandwidth = 250
[[step]]
run = "walk"
start = "stations.csv:Edgware"
end = "531000,190000"
stops = "stops.gpkg"
[[step]]
run = "dashboard"
themes = "board.toml"
[[step]]
run = "dashboard"
name = "dashboard-all"
themes = "all"
)";
    const auto path = write_pack(std::string(good).substr(0, std::string(good).find("[[step]]")) + steps);
    const auto p = pack::read_pack(path, "");
    const std::string dir = fs::path(path).parent_path().string();
    auto in = [&](const std::string& f) { return (fs::path(dir) / f).lexically_normal().string(); };
    CHECK(step_values(p, "risk", "factor") ==
          std::vector<std::string>{"premises=" + in("../data/premises.csv"), "stations=/abs/stations.gpkg,layer=s"});
    CHECK(step_values(p, "risk", "mask") == std::vector<std::string>{in("../areas/bcu.geojson") + ",layer=bcu"});
    CHECK(step_values(p, "kde", "bandwidth") == std::vector<std::string>{"from:" + in("rec/evaluate.csv")});
    CHECK(step_values(p, "kde-fixed", "bandwidth") == std::vector<std::string>{"250"});
    CHECK(step_values(p, "walk", "start") == std::vector<std::string>{in("stations.csv") + ":Edgware"});
    CHECK(step_values(p, "walk", "end") == std::vector<std::string>{"531000,190000"});
    CHECK(step_values(p, "walk", "stops") == std::vector<std::string>{in("stops.gpkg")});
    CHECK(step_values(p, "dashboard", "themes") == std::vector<std::string>{in("board.toml")});
    CHECK(step_values(p, "dashboard-all", "themes") == std::vector<std::string>{"all"});
}

TEST_CASE("every option of kind path declares where its file lies") {
    for (const auto& name : steps::step_names()) {
        const auto step = steps::make_step(name);
        for (const auto& prm : step->params().all())
            if (prm.kind == steps::ParamKind::path) {
                INFO(name << " --" << prm.name);
                CHECK(static_cast<bool>(prm.file_in));
            }
    }
}

TEST_CASE("a step whose command requires area layers is refused in a pack without [[areas]]") {
    const std::string no_areas = std::string(good).substr(0, std::string(good).find("[[step]]")) + "[[step]]\nrun = \"map\"\n";
    const auto e = error_of(no_areas);
    CHECK(e.find(" line 9: step map: map needs area layers") != std::string::npos);
    CHECK(e.find("[[areas]]") != std::string::npos);
    CHECK(error_of(no_areas + "[[areas]]\npath = \"wards.geojson\"\n").empty());
}
