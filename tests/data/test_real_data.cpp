// Checks against the real public NW BCU data in ../shared/data/real (see its SOURCES.md).
// Exit code 77 (CTest "skipped") when the data is not there.
#include "geo/area_layer.hpp"
#include "io/area_reader.hpp"
#include "io/file_list.hpp"
#include "io/incident_reader.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <string>

using namespace hotspots;

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
    fmt::print("{} {}\n", ok ? "ok  " : "FAIL", what);
    if (!ok) ++failures;
}

AreaLayer layer_of(const std::vector<std::string>& specs) {
    std::vector<AreaGeneration> gens;
    std::string label;
    for (const auto& text : specs) {
        const auto spec = io::parse_area_spec(text);
        label = spec.label;
        const auto data = io::read_area_layer(spec, "EPSG:27700");
        std::vector<geo::AreaNote> notes;
        gens.push_back({std::make_shared<const geo::AreaIndex>(data.inputs, notes), spec.from, spec.to, text});
        for (const auto& n : notes) fmt::print("note: {}: {}\n", n.where, n.message);
    }
    return AreaLayer(label, std::move(gens));
}

std::string borough_of_lsoa(const std::string& lsoa_name) { return lsoa_name.substr(0, lsoa_name.find(' ')); }

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path root = argc > 1 ? argv[1] : "../shared/data/real";
    if (!std::filesystem::exists(root / "SOURCES.md")) {
        fmt::print("skipped: real data not found at {} (see DEVELOPERS notes: it lives in ../shared/data/real)\n", root.string());
        return 77;
    }
    const auto burglary = io::expand_inputs({(root / "crime/burglary_2010-12_to_2025-02_nwbcu").string()});
    check(burglary.size() == 171, fmt::format("171 monthly burglary files (found {})", burglary.size()));
    auto read = io::read_incidents(burglary, {});
    std::uint64_t rows = 0, loaded = 0, rejected = 0;
    for (const auto& s : read.set.sources) {
        rows += s.rows;
        loaded += s.loaded;
        rejected += s.rejected;
    }
    check(rows == 111475, fmt::format("111,475 rows read (read {})", rows));
    check(loaded + rejected == rows && rejected == read.rejects.size() && loaded == read.set.incidents.size(),
          fmt::format("every row accounted for: {} loaded + {} rejected", loaded, rejected));

    const std::string wards_2018 = (root / "wards/wards_2018_nwbcu_bng_EPSG27700.geojson").string();
    const auto district = layer_of({wards_2018 + ",as=ward,name=DISTRICT"});
    const auto bcu = layer_of({(root / "boroughs/nwbcu_union_bng_EPSG27700.geojson").string() + ",as=bcu,code=NAME"});
    check(district.area_count() == 63, fmt::format("63 wards (found {})", district.area_count()));
    const auto mapped = map_to_areas(read.set, {district, bcu}, 0);
    std::uint64_t in_ward = 0, matching = 0, in_bcu = 0;
    for (std::size_t i = 0; i < read.set.incidents.size(); ++i) {
        const auto a = mapped[0][i];
        in_bcu += mapped[1][i] >= 0;
        if (a < 0) continue;
        ++in_ward;
        matching += district.name(a) == borough_of_lsoa(read.set.text(read.set.incidents[i].lsoa_name));
    }
    const double share = 100.0 * static_cast<double>(matching) / static_cast<double>(rows);
    check(share >= 99.0, fmt::format("{:.2f}% of rows in a ward of the borough named by their LSOA ({} of {}; {} in a ward, "
                                     "{} in the BCU)", share, matching, rows, in_ward, in_bcu));
    check(in_bcu >= in_ward, "the BCU polygon holds at least as many incidents as the wards");

    // Boundary generations: Barnet's May 2022 wards from 5 May 2022, the 2018 wards before.
    const auto barnet = layer_of({wards_2018 + ",as=ward,to=2022-05-04",
                                  (root / "wards/wards_2022_barnet_wgs84_samab74.geojson").string() +
                                      ",as=ward,code=ONSWardCode,name=WardName,from=2022-05-05"});
    const auto gen = map_to_areas(read.set, {barnet}, 0);
    std::uint64_t barnet_after = 0, new_codes = 0, barnet_before = 0, old_codes = 0;
    for (std::size_t i = 0; i < read.set.incidents.size(); ++i) {
        const auto& inc = read.set.incidents[i];
        if (borough_of_lsoa(read.set.text(inc.lsoa_name)) != "Barnet" || gen[0][i] < 0) continue;
        const std::string code = barnet.code(gen[0][i]);
        if (inc.from >= parse_when("2022-06")->from) {
            ++barnet_after;
            new_codes += code >= "E05013628" && code <= "E05013651";
        } else if (inc.from < parse_when("2022-05")->from) {
            ++barnet_before;
            old_codes += code < "E05013000";  // a 2018-generation ward, in any borough
        }
    }
    check(barnet_after > 1000 && new_codes == barnet_after,
          fmt::format("Barnet incidents from June 2022 map to 2022 wards ({} of {})", new_codes, barnet_after));
    check(barnet_before > 1000 && old_codes == barnet_before,
          fmt::format("incidents named Barnet before May 2022 map to 2018-generation wards ({} of {})", old_codes, barnet_before));

    const auto api = io::expand_inputs({(root / "crime/api_street_level_2016-01_to_2018-06_nwbcu").string()});
    auto api_read = io::read_incidents(api, {});
    std::uint64_t api_rows = 0;
    for (const auto& s : api_read.set.sources) api_rows += s.rows;
    check(api_rows == 217465 && api_read.set.incidents.size() + api_read.rejects.size() == api_rows,
          fmt::format("API files: {} rows, {} loaded, {} rejected", api_rows, api_read.set.incidents.size(), api_read.rejects.size()));
    bool all_api = true;
    for (const auto& s : api_read.set.sources) all_api = all_api && s.schema == "police-uk-api";
    check(all_api, "API files recognised as police-uk-api");

    return failures ? 1 : 0;
}
