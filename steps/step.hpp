#pragma once
// An analysis as a declared step (PDAL's stages, GDAL's `gdal` algorithms): metadata, typed
// parameters declared once, check() before any incident is read, run() that returns a result
// and never prints, write() that hands the products to a Writer, and report(): the text the
// command prints on stdout. The command line (cli/) and the pack file (pack/) drive the same
// steps.
#include "io/feature_writer.hpp"
#include "io/incident_writer.hpp"
#include "io/raster_writer.hpp"
#include "steps/context.hpp"
#include "steps/input.hpp"
#include "steps/params.hpp"
#include "steps/product.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace hotspots::steps {

struct StepInfo {
    std::string name;     // the subcommand and the pack's `run` value
    std::string summary;  // one line
    std::string doc;      // the page that explains it, e.g. docs/kde.md
    std::vector<Product> products;  // what it can make, one per output role
    // What each key of its metadata holds, beyond those every step's metadata has
    // (metadata_keys(), steps/input.hpp): publishing keeps only keys declared here or there.
    std::vector<MetadataKey> metadata;
};

// What run() gives back; each step derives its own.
struct Result {
    virtual ~Result() = default;
};

// Where a step's products go, by role ("density", "hotspots"). The command line writes each
// to the file its option names; a pack writes them into its folder and GeoPackage.
class Writer {
public:
    virtual ~Writer() = default;
    // `style` is a QGIS style (.qml text) for the layer, or "".
    virtual void raster(const std::string& role, const io::RasterOutput& out, const std::string& style) = 0;
    virtual void features(const std::string& role, const io::FeatureTable& table, const std::string& style) = 0;
    // A CSV table (every column with its role); with metadata, also written beside it
    // (PATH.meta.json).
    virtual void table(const std::string& role, const std::vector<Column>& header,
                       const std::vector<std::vector<std::string>>& rows, const nlohmann::json& metadata) = 0;
    // The same with the rows already formatted as CSV lines (each ending in a line break).
    virtual void csv(const std::string& role, const std::vector<Column>& header, const std::string& lines,
                     const nlohmann::json& metadata) = 0;
    // A text file (GPX, HTML); `extension` (".gpx") names it in a pack.
    virtual void text(const std::string& role, const std::string& text, const std::string& extension) = 0;
    // Which incidents the counts of the next product `role` count (before writing it); the
    // writers of files ignore it, publishing uses it.
    virtual void counts(const std::string& /*role*/, std::vector<Members> /*members*/) {}
    // How the style of the next product `role` is made from one of its columns (before writing
    // it, with the style made from the step's values); the writers of files ignore it,
    // publishing makes the style again from the published values.
    virtual void scaled_style(const std::string& /*role*/, ScaledStyle /*style*/) {}
    // A layer styled from `values` of one of its columns: the style made, said to scaled_style,
    // and the layer written with it.
    void features(const std::string& role, const io::FeatureTable& table, ScaledStyle style,
                  const std::vector<double>& values) {
        const auto made = style.make(values);
        scaled_style(role, std::move(style));
        features(role, table, made);
    }
    // Whether a table that lists only the units with an incident (change on street segments)
    // lists every unit instead: publishing asks it where some units' counts are withheld
    // whatever they are (short street segments), so that a row's presence says nothing.
    virtual bool every_unit() const { return false; }
    // Whether counts() is used: a step whose members are dear to make (one list per row of
    // a back-test) makes them only then.
    virtual bool wants_counts() const { return false; }
    virtual void incidents(const std::string& role, const io::IncidentOutput& out) = 0;
};

class Step {
public:
    virtual ~Step() = default;
    Step() = default;
    Step(const Step&) = delete;  // declarations point into the step's own fields
    Step& operator=(const Step&) = delete;

    virtual StepInfo info() const = 0;
    Params& params() noexcept { return m_params; }
    const Params& params() const noexcept { return m_params; }
    InputParams& input() noexcept { return m_input; }
    const InputParams& input() const noexcept { return m_input; }
    FilterParams& filters() noexcept { return m_filters; }
    const FilterParams& filters() const noexcept { return m_filters; }
    AreaParams& areas() noexcept { return m_areas; }
    RunParams& run_params() noexcept { return m_run; }
    const RunParams& run_params() const noexcept { return m_run; }
    // --no-style: the writer leaves out the QGIS styles of map layers.
    bool no_style() const noexcept { return m_no_style; }

    // False for steps that make their data (sample): no input, filter or area options.
    virtual bool reads_incidents() const { return true; }

    // Checks that need no incident: options against each other, output names, and the side
    // files named by options (read through ctx, so a pack reads each once). `areas` are the
    // area layers already read. Throws UsageError (or io::IoError for a file).
    virtual void check(Context& ctx, const AreaLayers& areas) = 0;
    // Asked after check(): whether run() needs the incidents read (a dashboard of count
    // tables reads its tables itself).
    virtual bool wants_incidents() const { return reads_incidents(); }
    // Whether this configuration can make the product `role` (a pack asks for every product a
    // step can make).
    virtual bool makes(const std::string& /*role*/) const { return true; }
    // Whether this configuration makes a raster in tiles independent of each other (their
    // halos included): pack --shard-by tile then has each shard make some of its tiles.
    virtual bool tiled() const { return false; }
    // Whether run() sums incident weights (kde, gistar, trend, map) rather than counting
    // incidents: only then can an incident count with a share (--time-rule aoristic).
    virtual bool weighs_incidents() const { return false; }
    // The incident columns run() reads.
    virtual Needs needs() const { return {}; }
    // The analysis. May change `data` (weights, say): each run gets its own copy.
    virtual std::unique_ptr<Result> run(Ingested& data, Context& ctx) = 0;
    // The products, to the writer.
    virtual void write(const Result& result, Writer& writer) const = 0;
    // What the command prints on stdout (tables, counts); "" for nothing.
    virtual std::string report(const Result&) const { return ""; }
    // What the result says, in a sentence or two a reader acts on (evaluate's recommendation);
    // the report leads the step's theme with it. "" for none. Left out when publishing.
    virtual std::string headline(const Result&) const { return ""; }
    // The months the products describe when they are not the filters' (evaluate's test
    // months, "2024-01 to 2024-12"); "" when they are.
    virtual std::string period(const Result&) const { return ""; }
    // The colour scales of the surfaces run() made: their units and largest value. A pack
    // gives the maps of one theme one scale per units (share_scale) before they are written.
    virtual std::vector<std::pair<std::string, double>> scales(const Result&) const { return {}; }
    virtual void share_scale(const std::string& /*units*/, double /*top*/) {}

protected:
    // The input, filter, area and run groups, then the step's own (the order of --help).
    void declare_common(bool areas_required);
    // --no-style, for steps that write map layers.
    void declare_no_style();
    Params m_params;
    InputParams m_input;
    FilterParams m_filters;
    AreaParams m_areas;
    RunParams m_run;
    bool m_no_style = false;
};

// The registry: every step, listed once in registry.cpp, in the order of `hotspots --help`.
std::vector<std::string> step_names();
// Adds a step after those of registry.cpp (a test's probe step, before the command line is
// built). Throws std::invalid_argument for a name taken.
void add_step(const std::string& name, std::function<std::unique_ptr<Step>()> factory);
// A fresh step with its declarations made and defaults applied; nullptr for an unknown name.
std::unique_ptr<Step> make_step(const std::string& name);

// The step's own and filter parameters with their values (given or default), typed as JSON:
// what a manifest records.
nlohmann::json params_json(const Params& params);

// Downcast helper for write() and report().
template <class R>
const R& result_as(const Result& r) {
    return dynamic_cast<const R&>(r);
}

}  // namespace hotspots::steps
