#pragma once
// The parameter groups every incident-reading step shares (input files and layout, filters,
// area layers, run options), declared once, and the incidents they give: read, rejects
// counted, filtered by period and type, mapped to areas, filtered by area.
#include "geo/area_layer.hpp"
#include "hotspots/filter.hpp"
#include "hotspots/hotspot_polygons.hpp"
#include "io/area_reader.hpp"
#include "io/incident_reader.hpp"
#include "io/point_reader.hpp"
#include "io/weight_table.hpp"
#include "steps/context.hpp"
#include "steps/params.hpp"
#include "steps/product.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hotspots::steps {

struct InputParams {
    std::vector<std::string> inputs;
    std::string schema = "auto";
    io::ColumnOptions columns;
    std::string crs, work_crs = "EPSG:27700", layer;
    std::string rejects;
    double max_reject_rate = 5.0;  // percent
    io::Encoding encoding = io::Encoding::automatic;
};

struct FilterParams {
    std::string from_text, to_text;      // as given, for metadata
    std::optional<Seconds> from, to;     // start of --from's day or month; end of --to's
    std::vector<std::string> crime_types;
    std::string within;
    // --hours, --days, --months and --time-rule (docs/time.md).
    std::string hours_text, days_text, months_text, time_rule = "start";
    std::array<bool, 24> hours = FilterOptions::all<24>();
    std::array<bool, 7> days = FilterOptions::all<7>();
    std::array<bool, 12> months = FilterOptions::all<12>();
    // --where FIELD=A,B / FIELD!=A / FIELD~PATTERN (all must hold), as given.
    std::vector<std::string> where;
};

struct AreaParams {
    std::vector<std::string> areas;
    std::string code_field, name_field;  // defaults for --areas layers without code=/name=
};

struct RunParams {
    unsigned threads = 0;
    bool quiet = false;
    int verbose = 0;
    bool allow_remote = false;  // io::allow_remote_sources
};

void declare_input(Params& p, InputParams& o);
void declare_filters(Params& p, FilterParams& o);
void declare_areas(Params& p, AreaParams& o, bool required);
void declare_run(Params& p, RunParams& o);

// The incident columns a step reads; the others are skipped while reading.
struct Needs {
    bool ids = true, location = true, lsoa = true, type = true;
    std::string group_column;      // repeats --by FIELD
    std::vector<std::string> conditions;  // --where conditions to test while reading
    // Incidents missing every area of a layer are an error (a wrong CRS, swapped columns);
    // `info` only warns, so it can still describe them.
    bool strict_areas = true;
    // The input's own WGS84 lon/lat kept for an output's lon/lat columns (Ingested::lonlat).
    bool lonlat = false;
    // Only incidents inside this box (working CRS) can change the step's outputs: the others
    // are left out as they are read (io::ReadOptions::extent), before any filter, and counted
    // as outside the study extent. A pack's shared reading never sets it.
    std::optional<Box> extent;
};

// An area layer as read, for metadata (its polygons live in the AreaLayer).
struct AreaSource {
    std::string spec, label, code_field, name_field, crs;
    std::size_t features = 0;
};

// Area layers read and indexed before any incident is read.
struct AreaLayers {
    std::vector<AreaLayer> layers;
    std::vector<AreaSource> sources;
    std::vector<std::string> files;  // every file read, so outputs never overwrite one
};

// Reads each --areas layer (in parallel), repairs and indexes it, logging repairs as
// warnings, and groups layers with one label into boundary generations.
AreaLayers read_area_layers(const AreaParams& o, Context& ctx);

struct Ingested {
    IncidentSet set;
    std::vector<io::Reject> rejects;
    std::vector<io::SourceDetail> details;  // one per set.sources
    std::vector<std::string> inputs;         // the expanded file list
    std::vector<AreaLayer> layers;
    std::vector<AreaSource> area_sources;
    std::vector<std::vector<std::int32_t>> assignment;  // [layer][incident]
    // With Needs::lonlat, the input's own lon/lat by source and row (so a subset or a
    // reordering of set.incidents still finds them); shared by the subsets made of this.
    std::shared_ptr<const io::InputLonLat> lonlat;
    FilterCounts filtered;
    std::uint64_t rows = 0, loaded = 0, rejected = 0;
    bool extent = false;  // read with Needs::extent: filtered.outside_extent counts the rows it left out
    // The months (month_number) holding at least one incident loaded, before any filter,
    // sorted: a month of the span that is not here is absent from the inputs.
    std::vector<int> months_read;
    // The --where conditions tested while reading (bit k of Incident::flags: conditions[k]),
    // and the values each one's column holds, for messages.
    std::vector<std::string> conditions;
    std::vector<std::map<std::string, std::uint64_t>> condition_values;
};

// Checks that need no incident: --within names an area of the layers, --crime-type values
// that look like a misspelt category, and --time-rule aoristic only for a step that weighs
// incidents (`weighs`). Throws UsageError.
void check_filters(const FilterParams& f, const AreaLayers& areas, bool weighs = true);
// The --crime-type part: a value close to a category's name is taken for a misspelling.
void check_crime_types(const std::vector<std::string>& types);

// Expands the input list; checks --rejects is not an input. Opens no incident file.
std::vector<std::string> expand(const InputParams& o);

// Starts setting up, on a thread of its own, the transformers the reading will probably
// want (ctx.transformers()), so that PROJ's set-up overlaps what comes before the reading
// (the areas). Reads nothing; changes no result.
void prepare_reading(const InputParams& o, Context& ctx);

// Reads the incidents, writes --rejects, fails above --max-reject-rate.
Ingested read_incidents(const InputParams& o, const std::vector<std::string>& files, const Needs& needs, Context& ctx);

// Keeps the incidents of the period and types (counts what it drops).
void filter_period_type(Ingested& in, const FilterParams& f);
// The incidents of `base` in the period and types of `f`, with their area assignments (a copy
// of the kept ones only; ids and strings are shared).
Ingested select_period_type(const Ingested& base, const FilterParams& f);
// Maps every incident to `areas` (taken over by `in`). When fewer than 1% of the incidents
// under a layer's boundaries fall inside one of its areas, says what is probably wrong (the x
// and y columns swapped, when swapping them would put incidents inside; else the CRS or the
// columns): an error with `strict`, else a warning.
void map_areas(Ingested& in, AreaLayers areas, Context& ctx, bool strict = true);
// Keeps the incidents inside --within (needs the areas mapped).
void filter_within(Ingested& in, const FilterParams& f);
// Says what the filters dropped.
void log_filtered(const Ingested& in, Log& log);

// The whole pipeline of one command: read, filter, map, filter by area.
Ingested ingest(const InputParams& o, const std::vector<std::string>& files, const FilterParams& f, AreaLayers areas,
                const Needs& needs, Context& ctx);

// Multiplies each incident's weight by its harm weight from `table` (read from `path`).
// Throws std::runtime_error naming a crime type the table has no weight for.
void apply_harm_weights(IncidentSet& set, const io::WeightTable& table, const std::string& path);

// --harm-weights, declared once for every step that weighs incidents by crime type (kde,
// site, walk, evaluate): a CSV of category (or crime_type) and weight.
Param& declare_harm_weights(Params& p, std::string& path);
// The same table read in check() (nothing when `path` is ""), and applied in run().
void check_harm_weights(const std::string& path, Context& ctx);
void apply_harm_weights(IncidentSet& set, const std::string& path, Context& ctx);

// A side file named by --NAME (points, lines or polygons) with --NAME-crs for a file that
// carries no CRS: one declaration for every such pair. Returns --NAME's declaration.
Param& declare_side_file(Params& p, const std::string& name, std::string& path, std::string& crs, const std::string& help);
// The column `field` of a side file's point layer, or -1 when `field` is empty; throws
// UsageError naming the option, the file and its columns when it has no such column.
int field_index(const io::PointLayer& layer, const std::string& field, const std::string& option, const std::string& path);

// "read N rows: L loaded, R rejected (reason: count, ...)"
std::string rows_line(const Ingested& in);

// Parameters, inputs with row counts, period and version, for every output.
nlohmann::json metadata(const std::string& command, const InputParams& o, const FilterParams& f, const Ingested& in,
                        const nlohmann::json& extra_parameters);

// What each key of metadata() holds (the keys a step adds are in its StepInfo::metadata).
std::vector<MetadataKey> metadata_keys();

// The period covered by the incidents, as "first .. last" dates (empty set: "").
std::string period_text(const IncidentSet& set);

// "Kilburn (E05000094) 56%; Queens Park (E05000098) <1%" (the code is left out when it is
// the name).
std::string areas_text(const std::vector<AreaTouched>& areas);

}  // namespace hotspots::steps
