// hotspots map: every incident with the areas it falls in, and counts per area.
#include "cli/commands.hpp"
#include "cli/ingest_options.hpp"
#include "hotspots/summary.hpp"
#include "io/atomic_file.hpp"
#include "io/gdal_util.hpp"
#include "io/incident_writer.hpp"
#include "io/table_writer.hpp"

#include <fmt/format.h>

#include <memory>

namespace hotspots::cli {
namespace {

struct MapOptions {
    IngestOptions ingest;
    std::string output;
    std::string summary;
};

int run_map(const MapOptions& o) {
    try {
        io::driver_for(o.output);
    } catch (const io::IoError& e) {
        throw UsageError(e.what());
    }
    if (!o.summary.empty() && o.summary.size() < 4) throw UsageError("--summary needs a .csv file name");
    Reporter report("map", o.ingest.quiet, o.ingest.verbose);
    Ingested in = ingest(o.ingest, report);
    if (in.read.set.incidents.empty())
        throw std::runtime_error("no incidents left after filtering; nothing written (check --from, --to, --crime-type, --within)");
    const auto meta = metadata("map", o.ingest, in, {{"output", o.output}, {"summary", o.summary}});
    io::write_incidents(o.output, {in.read.set, in.layers, in.assignment, meta}, in.inputs);
    report.stage("wrote " + o.output);
    report.note(fmt::format("wrote {} incidents to {}", in.read.set.incidents.size(), o.output));
    for (std::size_t l = 0; l < in.layers.size(); ++l) {
        const auto c = count_mapped(in.assignment[l]);
        if (c.outside || c.no_boundaries)
            report.note(fmt::format("areas '{}': {} incidents outside every area{} (kept, with an empty code)",
                                    in.layers[l].label(), c.outside,
                                    c.no_boundaries ? fmt::format(", {} with no boundaries in force on their date", c.no_boundaries) : ""));
    }
    if (!o.summary.empty()) {
        io::write_summary(o.summary, summarise(in.read.set, in.layers, in.assignment), in.inputs);
        report.note("wrote counts per area and category to " + o.summary);
    }
    return 0;
}

}  // namespace

std::function<int()> setup_map(CLI::App& app) {
    auto o = std::make_shared<MapOptions>();
    add_ingest_options(app, o->ingest, true);
    app.add_option("-o,--output", o->output, "Output file: .gpkg, .geojson (RFC 7946) or .csv")->required();
    app.add_option("--summary", o->summary, "Also write counts per area x category (CSV), with 'outside'");
    return [o] { return run_map(*o); };
}

}  // namespace hotspots::cli
