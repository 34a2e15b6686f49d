#include "io/incident_reader.hpp"
#include "io/incident_merge.hpp"

#include "geo/crs.hpp"
#include "geo/point_memo.hpp"
#include "geo/transformer_pool.hpp"
#include "model/memory.hpp"
#include "model/parallel.hpp"
#include "io/arrow_batch.hpp"
#include "io/csv_check.hpp"
#include "io/source_check.hpp"
#include "io/csv_parts.hpp"
#include "io/gpkg_points.hpp"
#include "io/plain_csv.hpp"
#include "io/text.hpp"
#include "io/gdal_util.hpp"

#include <cpl_error.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <future>

namespace hotspots::io {
namespace {

using detail::FileOutput;
using detail::Merger;

// Reads one column of the current feature as text. String fields are returned in place;
// other types are formatted into our own buffer, because GDAL's temporary buffer for
// them is overwritten by the next call.
struct Column {
    int index = -1;
    OGRFieldType type = OFTString;
    std::string buffer;

    std::string_view get(OGRFeatureH f) {
        if (index < 0 || !OGR_F_IsFieldSetAndNotNull(f, index)) return {};
        if (type == OFTString) return OGR_F_GetFieldAsString(f, index);
        if (type == OFTDate || type == OFTDateTime) {
            int y = 0, m = 0, d = 0, hh = 0, mm = 0, tz = 0;
            float ss = 0;
            OGR_F_GetFieldAsDateTimeEx(f, index, &y, &m, &d, &hh, &mm, &ss, &tz);
            char buf[40];
            if (type == OFTDate)
                std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
            else
                std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, hh, mm, static_cast<int>(ss));
            buffer = buf;
            return buffer;
        }
        buffer = OGR_F_GetFieldAsString(f, index);
        return buffer;
    }
};

// Transformers are costly to create (a PROJ database search), so each thread keeps one
// per source CRS, with the points it has transformed (police.uk's repeat: geo/point_memo.hpp).
class TransformerCache {
public:
    explicit TransformerCache(geo::TransformerPool* pool = nullptr) : m_pool(pool) {}
    geo::PointMemo& get(const std::string& from, const std::string& to) {
        auto& slot = m_cache[from + "\n" + to];
        if (!slot.memo) {
            slot.transformer = m_pool ? m_pool->take(from, to) : std::make_unique<geo::Transformer>(from, to);
            slot.memo = std::make_unique<geo::PointMemo>(*slot.transformer);
        }
        return *slot.memo;
    }

private:
    struct Entry {
        std::unique_ptr<geo::Transformer> transformer;
        std::unique_ptr<geo::PointMemo> memo;
    };
    geo::TransformerPool* m_pool;
    std::map<std::string, Entry> m_cache;
};


void count_value(std::map<std::string, std::uint64_t>& seen, std::string_view value) {
    auto it = seen.find(std::string(value));
    if (it != seen.end()) ++it->second;
    else if (seen.size() < max_values_seen) seen.emplace(std::string(value), 1);
}

// The column each --where condition reads.
std::vector<int> condition_columns(const std::vector<Condition>& conditions, const std::vector<std::string>& names,
                                   const std::string& path) {
    std::vector<int> out;
    for (const auto& c : conditions) {
        const int found = find_column(names, c.field);
        if (found < 0)
            throw SchemaError(path + ": --where (or a theme's where) " + c.text + ": there is no column '" + c.field + "'; the columns are " +
                              column_list(names));
        out.push_back(found);
    }
    return out;
}

std::vector<std::string> field_names(OGRFeatureDefnH defn) {
    std::vector<std::string> names;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) names.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    return names;
}

// GDAL 3.6's Arrow stream packs boolean fields wrongly (a column of 1s reads mostly 0), so a
// layer whose used columns include one is read feature by feature.
template <typename Slots>
bool reads_boolean(OGRLayerH layer, const Slots& slots, const std::vector<int>& where_columns) {
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    auto boolean = [&](int c) { return c >= 0 && OGR_Fld_GetSubType(OGR_FD_GetFieldDefn(defn, c)) == OFSTBoolean; };
    return std::any_of(slots.begin(), slots.end(), boolean) ||
           std::any_of(where_columns.begin(), where_columns.end(), boolean);
}

// The text columns of a row, in one order for both ways of reading (features, Arrow).
constexpr std::size_t text_slots = 13;
std::array<int, text_slots> slot_columns(const Schema& s) {
    return {s.x, s.y, s.date, s.date_to, s.type, s.id, s.id_fallback, s.weight, s.location, s.lsoa_code, s.lsoa_name,
            s.bandwidth, s.group};
}

void assign(RawRow& raw, const std::array<std::string_view, text_slots>& v) {
    raw.x = v[0];
    raw.y = v[1];
    raw.date = v[2];
    raw.date_to = v[3];
    raw.type = v[4];
    raw.id = v[5];
    raw.id_fallback = v[6];
    raw.weight = v[7];
    raw.location = v[8];
    raw.lsoa_code = v[9];
    raw.lsoa_name = v[10];
    raw.bandwidth = v[11];
    raw.group = v[12];
}

bool driver_is(GDALDatasetH ds, const char* name) {
    GDALDriverH d = GDALGetDatasetDriver(ds);
    return d && std::string(GDALGetDriverShortName(d)) == name;
}

bool is_geopackage(GDALDatasetH ds) { return driver_is(ds, "GPKG"); }

bool has_point_geometry(OGRLayerH layer) {
    if (OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(layer)) == 0) return false;
    const auto t = wkbFlatten(OGR_L_GetGeomType(layer));
    return t == wkbPoint || t == wkbMultiPoint || t == wkbUnknown;
}

std::string source_crs(const Schema& schema, OGRLayerH layer, const ReadOptions& o, const std::string& path,
                       const std::vector<std::string>& names) {
    if (!o.crs.empty() && schema.lonlat_columns) {
        // Degrees read as metres would land near the CRS's origin, with no reject.
        bool geographic = false;
        try {
            geographic = geo::describe_crs(o.crs).geographic;
        } catch (const geo::CrsError&) {
        }
        if (!geographic)
            throw IoError(fmt::format("{}: the coordinates are the longitude/latitude columns '{}', '{}', but --crs {} "
                                      "is in metres; drop --crs (longitude/latitude are EPSG:4326), or name projected "
                                      "columns with --x/--y",
                                      path, names[static_cast<std::size_t>(schema.x)],
                                      names[static_cast<std::size_t>(schema.y)], o.crs));
    }
    if (!o.crs.empty()) return o.crs;
    if (schema.lonlat_columns) return "EPSG:4326";
    const std::string found = srs_definition(OGR_L_GetSpatialRef(layer));
    if (!found.empty()) return found;
    if (schema.use_geometry) throw IoError(path + ": the layer has no CRS; give it with --crs (e.g. --crs EPSG:27700)");
    throw SchemaError(path + ": --x/--y columns need --crs (e.g. --crs EPSG:27700 for British National Grid)");
}

void ignore_unused(OGRLayerH layer, const std::vector<std::string>& names, const Schema& s, const std::vector<int>& extra) {
    const auto used = slot_columns(s);
    std::vector<const char*> ignored;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (std::find(std::begin(used), std::end(used), static_cast<int>(i)) == std::end(used) &&
            std::find(extra.begin(), extra.end(), static_cast<int>(i)) == extra.end())
            ignored.push_back(names[i].c_str());
    if (!s.use_geometry) ignored.push_back("OGR_GEOMETRY");
    ignored.push_back(nullptr);
    OGR_L_SetIgnoredFields(layer, ignored.data());
}

void point_of(OGRFeatureH f, RawRow& raw) {
    raw.geometry_ok = false;
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (!g || OGR_G_IsEmpty(g)) return;
    auto t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiPoint && OGR_G_GetGeometryCount(g) == 1) {
        g = OGR_G_GetGeometryRef(g, 0);
        t = wkbFlatten(OGR_G_GetGeometryType(g));
    }
    if (t != wkbPoint) return;
    raw.gx = OGR_G_GetX(g, 0);
    raw.gy = OGR_G_GetY(g, 0);
    raw.geometry_ok = true;
}

// About how many rows `bytes` of the text file `path` hold, from its first 64 kB (a little
// over, so that the vector rarely grows).
std::size_t rows_in(const std::string& path, std::uint64_t bytes) {
    std::vector<char> head(std::size_t{64} << 10);
    std::size_t got = 0, lines = 0;
    if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
        got = std::fread(head.data(), 1, head.size(), f);
        std::fclose(f);
        lines = static_cast<std::size_t>(std::count(head.begin(), head.begin() + static_cast<std::ptrdiff_t>(got), '\n'));
    }
    // No incident row is shorter than 16 bytes (coordinates and a date), whatever a binary
    // file's bytes say.
    const double per_row = lines > 1 ? std::max(16.0, static_cast<double>(got) / static_cast<double>(lines)) : 150.0;
    return static_cast<std::size_t>(static_cast<double>(bytes) / per_row * 1.05) + 16;
}

// A part's records in its local file; {0, 0}: the whole file.
struct ByteRange {
    std::uint64_t begin = 0, end = 0;
};

// The records of what `open` names, as plain CSV (io/plain_csv.hpp), when GDAL would read
// them as text columns that are exactly the header's comma-separated names.
std::optional<PlainCsv> plain_records(GDALDatasetH ds, OGRLayerH layer, const Source& open, const ByteRange& range,
                                      const std::vector<std::string>& names, std::string& buffer) {
    if (!driver_is(ds, "CSV") || open.compressed || open.file.empty()) return std::nullopt;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    if (OGR_FD_GetGeomFieldCount(defn) != 0) return std::nullopt;  // GDAL made a geometry of a WKT column
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
        if (OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i)) != OFTString) return std::nullopt;  // a .csvt's types
    const auto header = plain_csv_header(open.file);
    if (!header || header->names != names) return std::nullopt;
    std::uint64_t begin = range.begin, end = range.end;
    if (end == 0) {
        std::error_code ec;
        begin = header->records;
        end = std::filesystem::file_size(open.file, ec);
        if (ec) return std::nullopt;
    }
    return PlainCsv::load(open.file, begin, end, names.size(), std::move(buffer));
}

// Reads `path`, or the part of it that GDAL opens as `open_path` (bytes: the part's size, 0
// for the whole file). Row numbers count from the start of what is opened.
void read_file(const std::string& path, const Source& open, std::uint64_t bytes, const ByteRange& range,
               const ReadOptions& o, TransformerCache& transformers, std::string& buffer, FileOutput& out,
               const std::function<void(std::uint64_t)>& tick) {
    const std::string& open_path = open.open_path;
    // AUTODETECT_TYPE=NO keeps CSV columns as text: we parse numbers and dates ourselves,
    // so a bad value becomes a reject with its row, not a silent null.
    auto ds = open_source(open, {"AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO"});
    OGRLayerH layer = pick_layer(ds.get(), path, o.layer);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const auto names = field_names(defn);
    Schema schema;
    try {
        schema = detect_schema(names, has_point_geometry(layer), o.columns, o.schema);
    } catch (const SchemaError& e) {
        throw SchemaError(path + ": " + e.what());
    }
    std::string unread;  // columns found that this command has no use for
    auto drop = [&](bool wanted, int& slot, const char* what) {
        if (wanted || slot < 0) return;
        unread += (unread.empty() ? "" : ", ") + std::string(what);
        slot = -1;
    };
    drop(o.want_ids, schema.id, "id");
    drop(o.want_ids, schema.id_fallback, "second id");
    drop(o.want_location, schema.location, "location");
    drop(o.want_lsoa, schema.lsoa_code, "LSOA code");
    drop(o.want_lsoa, schema.lsoa_name, "LSOA name");
    drop(o.want_type, schema.type, "crime type");
    const std::string crs = source_crs(schema, layer, o, path, names);
    geo::CrsInfo crs_info;
    try {
        crs_info = geo::describe_crs(crs);
    } catch (const geo::CrsError& e) {
        throw IoError(path + ": " + e.what());
    }
    // PROJ takes tens of milliseconds to set up a transformation; it is only needed after
    // the rows are read, so it is set up meanwhile. (The cache is this worker's alone.)
    auto pending = std::async(std::launch::async, [&]() -> geo::PointMemo& { return transformers.get(crs, o.work_crs); });
    const bool lonlat = schema.lonlat_columns || crs_info.geographic;
    // WGS84 longitude, latitude columns (police.uk's) are what an output's lon/lat columns
    // print: kept as read (io/input_lonlat.hpp) rather than transformed back.
    const bool keep_lonlat = o.want_lonlat && lonlat && !schema.use_geometry && crs_info.id == "EPSG:4326";

    SourceSummary summary;
    summary.path = utf8_safe(path);  // a file name is written into UTF-8 outputs
    summary.layer = OGR_L_GetName(layer);
    summary.schema = to_string(schema.kind);
    summary.crs = crs_info.id.empty() ? crs_info.name : crs_info.id;
    out.set.sources.push_back(summary);
    for (const auto& n : schema.notes) out.detail.schema_notes += (out.detail.schema_notes.empty() ? "" : "; ") + n;
    if (!unread.empty()) out.detail.schema_notes += (out.detail.schema_notes.empty() ? "" : "; ") + ("not read: " + unread);

    const auto where_columns = condition_columns(o.conditions, names, path);
    ignore_unused(layer, names, schema, where_columns);
    auto column = [&](int index) {
        Column c;
        c.index = index;
        if (index >= 0) c.type = OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, index));
        return c;
    };
    const auto slots = slot_columns(schema);
    try {
        check_unique_columns(names, std::vector<int>(slots.begin(), slots.end()));
    } catch (const SchemaError& e) {
        throw SchemaError(path + ": " + e.what());
    }
    std::array<std::string_view, text_slots> values;

    std::optional<RowParser> parser(std::in_place, out.set, lonlat, o.encoding);
    geo::PointMemo* ready = nullptr;  // a future gives its value once
    auto memo_now = [&]() -> geo::PointMemo& {
        if (!ready) ready = &pending.get();
        return *ready;
    };
    auto transformer_now = [&]() -> const geo::Transformer& { return memo_now().transformer(); };
    // With an extent and a source in the working CRS, the parser tells the rows outside it
    // before pooling their text (waiting for PROJ's area of use); otherwise they are told
    // apart after the transformation below.
    const bool filter_early = o.extent && transformer_now().is_identity();
    auto limit_parser = [&] {
        if (!filter_early) return;
        const auto& v = transformer_now().valid_box();
        parser->keep_only(*o.extent, Box{v.xmin, v.ymin, v.xmax, v.ymax});
    };
    limit_parser();
    std::uint64_t outside = 0;
    // Rough row count from the file size and the length of its first lines, so the incident
    // vector is not regrown and copied. Plain files only: GDAL can size a /vsigzip/ file
    // only by decompressing all of it.
    std::error_code size_error;
    std::uint64_t text_bytes = 0;  // a CSV file's size (or its part's): its ids take no more
    if (o.extent) {
        // Most rows may lie outside: the list grows with what is kept.
    } else if (is_geopackage(ds.get())) {
        // The GeoPackage keeps its feature count: no guess needed. Huge pages only for an
        // exact size: with a guessed one (CSV) they made reading slower here.
        if (GIntBig n = OGR_L_GetFeatureCount(layer, FALSE); n > 0) {
            // The count is only what the file says: a feature takes at least 16 bytes of it,
            // so a damaged count (4e18) cannot make us reserve more than the file could hold.
            const auto size = std::filesystem::file_size(path, size_error);
            if (size_error || static_cast<std::uintmax_t>(n) > size / 16) n = size_error ? 0 : static_cast<GIntBig>(size / 16);
            out.set.incidents.reserve(static_cast<std::size_t>(n));
            prefer_huge_pages(out.set.incidents.data(), out.set.incidents.capacity() * sizeof(Incident));
        }
    } else if (bytes > 0) {
        out.set.incidents.reserve(rows_in(path, bytes));
        text_bytes = bytes;
    } else if (const auto whole = std::filesystem::file_size(path, size_error); !size_error) {
        // Line lengths only mean rows in a CSV file; other formats keep the old guess.
        const bool csv = driver_is(ds.get(), "CSV");
        out.set.incidents.reserve(csv ? rows_in(path, whole) : static_cast<std::size_t>(whole / 150));
        if (csv) text_bytes = whole;
    }
    if (keep_lonlat) out.lonlat.reserve(out.set.incidents.capacity());
    // Address space only: the pages come as ids fill them, and none is copied by regrowing
    // (a compressed file's ids may outgrow it: then they regrow as before).
    if (text_bytes > 0 && (schema.id >= 0 || schema.id_fallback >= 0))
        out.set.ids().reserve(static_cast<std::size_t>(text_bytes), out.set.incidents.capacity());
    std::uint64_t row = 0;
    RawRow raw;
    raw.from_geometry = schema.use_geometry;
    std::string detail;
    // The --where values of the row; consecutive rows often repeat one, so the last answer
    // is kept (a regular expression costs a microsecond).
    const std::size_t nc = o.conditions.size();
    std::vector<std::string_view> where_values(nc);
    std::vector<std::string> last_value(nc);
    std::vector<char> last_holds(nc, 0), known(nc, 0);
    out.condition_values.assign(nc, {});
    auto flags_of = [&] {
        std::uint32_t flags = 0;
        for (std::size_t k = 0; k < nc; ++k) {
            const auto v = trim_blanks(where_values[k]);
            if (!known[k] || v != last_value[k]) {
                last_value[k] = std::string(v);
                last_holds[k] = o.conditions[k].holds(v);
                known[k] = 1;
            }
            if (last_holds[k]) flags |= std::uint32_t{1} << k;
            count_value(out.condition_values[k], v);
        }
        return flags;
    };
    auto take = [&] {
        // Parsed in place: a rejected row is taken back.
        Incident& inc = out.set.incidents.emplace_back();
        RejectReason reason{};
        if (parser->parse(raw, inc, reason, detail)) {
            inc.row = static_cast<std::uint32_t>(row);
            if (nc) inc.flags = flags_of();
            if (keep_lonlat) {
                // inc.x, inc.y are still the degrees parsed from this text.
                if (out.lonlat.size() < row) out.lonlat.resize(row);
                auto& k = out.lonlat[row - 1];
                k.lon_e6 = micro_degrees(raw.x, inc.x);
                k.lat_e6 = micro_degrees(raw.y, inc.y);
                if (k.lon_e6 == no_lonlat || k.lat_e6 == no_lonlat) k.lon_e6 = k.lat_e6 = no_lonlat;
            }
        } else if (parser->outside()) {
            out.set.incidents.pop_back();
            ++outside;
        } else {
            out.set.incidents.pop_back();
            out.rejects.push_back({0, row, reason, detail});
        }
        if ((row & 0xFFFF) == 0) tick(0x10000);
    };
    OGR_L_ResetReading(layer);
    CPLErrorReset();
    auto plain = o.plain_csv ? plain_records(ds.get(), layer, open, range, names, buffer) : std::nullopt;
    out.detail.plain_csv = plain.has_value();
    // A plain table of points is read through SQLite (io/gpkg_points); anything it does not
    // render exactly as the Arrow stream does is read again from the start through GDAL.
    bool read_by_sqlite = false;
    const auto choice = !plain && is_geopackage(ds.get()) ? gpkg_reader_choice() : GpkgReaderChoice::gdal;
    if (choice != GpkgReaderChoice::gdal) {
        try {
            if (open_path != path) throw GpkgFallback("not a plain local file");
            std::vector<int> fields;
            std::vector<std::size_t> used;
            for (std::size_t k = 0; k < text_slots; ++k)
                if (slots[k] >= 0) {
                    used.push_back(k);
                    fields.push_back(slots[k]);
                }
            fields.insert(fields.end(), where_columns.begin(), where_columns.end());
            GpkgPoints rows(path, layer, fields, schema.use_geometry);
            values.fill({});
            while (rows.next()) {
                ++row;
                for (std::size_t j = 0; j < used.size(); ++j) values[used[j]] = rows.text(j);
                for (std::size_t k = 0; k < nc; ++k) where_values[k] = rows.text(used.size() + k);
                assign(raw, values);
                if (schema.use_geometry) raw.geometry_ok = rows.point(raw.gx, raw.gy);
                take();
            }
            read_by_sqlite = true;
        } catch (const GpkgFallback& e) {
            if (choice == GpkgReaderChoice::sqlite)
                throw IoError(path + ": HOTSPOTS_GPKG_READER=sqlite, but it must be read through GDAL: " + e.what());
            // Back to the state before the first row (and no error left from GDAL's WKB parser).
            CPLErrorReset();
            IncidentSet fresh;
            fresh.sources = std::move(out.set.sources);
            fresh.crs = out.set.crs;
            fresh.incidents = std::move(out.set.incidents);
            fresh.incidents.clear();
            out.set = std::move(fresh);
            parser.emplace(out.set, lonlat, o.encoding);
            limit_parser();
            outside = 0;
            out.rejects.clear();
            out.lonlat.clear();
            out.condition_values.assign(nc, {});
            known.assign(nc, 0);
            row = 0;
        }
    }
    if (plain) {
        std::vector<std::string_view> fields;
        auto field = [&](int index) { return index >= 0 ? fields[static_cast<std::size_t>(index)] : std::string_view(); };
        while (plain->next(fields)) {
            ++row;
            for (std::size_t k = 0; k < text_slots; ++k) values[k] = field(slots[k]);
            for (std::size_t k = 0; k < nc; ++k) where_values[k] = field(where_columns[k]);
            assign(raw, values);
            take();
        }
        buffer = plain->release();  // for this thread's next file
    } else if (read_by_sqlite) {
        // every row was read above
    } else if (is_geopackage(ds.get()) && !reads_boolean(layer, slots, where_columns)) {
        // Columns in bulk through the Arrow stream: several times faster than features.
        ArrowBatchReader batches(layer, path, {"INCLUDE_FID=NO", "MAX_FEATURES_IN_BATCH=65536"});
        const std::string geometry_name = OGR_L_GetGeometryColumn(layer);
        auto named = [&](int index) { return index >= 0 ? names[static_cast<std::size_t>(index)] : std::string(); };
        std::array<std::string, text_slots> buffers;
        std::array<ArrowColumn, text_slots> columns;
        // Only the slots that have a column are read per row; the others stay empty.
        std::vector<std::size_t> used;
        for (std::size_t k = 0; k < text_slots; ++k)
            if (slots[k] >= 0) used.push_back(k);
        values.fill({});
        std::vector<ArrowColumn> where_cols(nc);
        std::vector<std::string> where_buffers(nc);
        while (batches.next()) {
            for (std::size_t k : used) columns[k] = batches.column(named(slots[k]));
            for (std::size_t k = 0; k < nc; ++k) where_cols[k] = batches.column(named(where_columns[k]));
            const ArrowColumn geometry = schema.use_geometry ? batches.column(geometry_name) : ArrowColumn();
            for (std::int64_t i = 0; i < batches.length(); ++i) {
                ++row;
                for (std::size_t k : used) values[k] = columns[k].text(i, buffers[k]);
                for (std::size_t k = 0; k < nc; ++k) where_values[k] = where_cols[k].text(i, where_buffers[k]);
                assign(raw, values);
                if (schema.use_geometry) raw.geometry_ok = geometry.point(i, raw.gx, raw.gy);
                take();
            }
        }
    } else {
        std::array<Column, text_slots> columns;
        for (std::size_t k = 0; k < text_slots; ++k) columns[k] = column(slots[k]);
        std::vector<Column> where_cols;
        for (int c : where_columns) where_cols.push_back(column(c));
        for (FeaturePtr fp(OGR_L_GetNextFeature(layer)); fp; fp.reset(OGR_L_GetNextFeature(layer))) {
            auto* f = static_cast<OGRFeatureH>(fp.get());
            ++row;
            for (std::size_t k = 0; k < text_slots; ++k) values[k] = columns[k].get(f);
            for (std::size_t k = 0; k < nc; ++k) where_values[k] = where_cols[k].get(f);
            assign(raw, values);
            if (schema.use_geometry) point_of(f, raw);
            take();
        }
    }
    tick(row & 0xFFFF);
    if (CPLGetLastErrorType() == CE_Failure) {
        const std::string why = last_gdal_error();
        // GDAL's CSV reader stops at a line over 10 MB (its MAX_LINE_SIZE).
        if (why.find("Maximum number of characters") != std::string::npos)
            throw IoError(path + ": " + (open_path == path ? "row " + std::to_string(row + 1) : std::string("a row")) +
                          " is longer than 10 MB, the most GDAL reads in one CSV line: a field holds a whole "
                          "document, or a stray quote joins many lines. Shorten or remove that field (or set "
                          "OGR_CSV_MAX_LINE_SIZE=-1 in the environment to lift the limit)");
        throw IoError(path + ": read error after row " + std::to_string(row) + " (" + why + ")");
    }

    auto& memo = memo_now();
    const auto& transformer = memo.transformer();
    out.detail.transform = transformer.operation();
    // Reproject in one batch, then drop what cannot be right in the working CRS.
    // (With the identity, the coordinates are checked where they are, without copies.)
    auto& incs = out.set.incidents;
    std::vector<double> xs, ys;
    if (!transformer.is_identity()) {
        xs.resize(incs.size());
        ys.resize(incs.size());
        for (std::size_t i = 0; i < incs.size(); ++i) {
            xs[i] = incs[i].x;
            ys[i] = incs[i].y;
        }
        memo.transform(xs.data(), ys.data(), xs.size());
    }
    const auto& box = transformer.valid_box();
    std::size_t kept = 0;
    const std::size_t before_transform = out.rejects.size();
    for (std::size_t i = 0; i < incs.size(); ++i) {
        const double x = xs.empty() ? incs[i].x : xs[i], y = ys.empty() ? incs[i].y : ys[i];
        RejectReason reason{};
        bool ok = true;
        if (std::isnan(x) || std::isnan(y)) {
            reason = RejectReason::transform_failed;
            ok = false;
        } else if (x < box.xmin || x > box.xmax || y < box.ymin || y > box.ymax) {
            reason = RejectReason::outside_crs_area;
            ok = false;
        }
        KeptLonLat* input = incs[i].row <= out.lonlat.size() ? &out.lonlat[incs[i].row - 1] : nullptr;
        if (!ok) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "x=%.6f y=%.6f (source CRS)", incs[i].x, incs[i].y);
            out.rejects.push_back({0, incs[i].row, reason, buf});
            if (input) input->lon_e6 = input->lat_e6 = no_lonlat;
            continue;
        }
        const auto& e = o.extent;
        if (e && !filter_early && !(x >= e->xmin && x <= e->xmax && y >= e->ymin && y <= e->ymax)) {
            ++outside;
            if (input) input->lon_e6 = input->lat_e6 = no_lonlat;
            continue;
        }
        if (input) {
            input->x = x;
            input->y = y;
        }
        if (kept != i) incs[kept] = incs[i];
        incs[kept].x = x;
        incs[kept].y = y;
        ++kept;
    }
    incs.resize(kept);
    if (keep_lonlat) out.lonlat.resize(row);  // one entry a row of this part
    if (out.rejects.size() != before_transform) {
        std::stable_sort(out.rejects.begin(), out.rejects.end(),
                         [](const Reject& a, const Reject& b) { return a.row < b.row; });
    }
    auto& s = out.set.sources.front();
    s.rows = row;
    s.loaded = incs.size() + outside;
    s.outside = outside;
    s.rejected = out.rejects.size();
    s.recoded = parser->recoded();
}

// Rows GDAL's CSV reader lost without a word become rejects (see csv_check.hpp).
void reconcile_csv(ReadResult& result, std::uint32_t source, const CsvScan& scan) {
    auto& s = result.set.sources[source];
    auto& incs = result.set.incidents;
    // Takes back a row that was loaded (its fields hold what the quote swallowed).
    auto unload = [&](std::uint64_t row) {
        for (std::size_t i = 0; i < incs.size(); ++i)
            if (incs[i].source == source && incs[i].row == row) {
                incs.erase(incs.begin() + static_cast<std::ptrdiff_t>(i));
                --s.loaded;
                ++s.rejected;
                return true;
            }
        return false;
    };
    auto reject = [&](std::uint64_t row, RejectReason reason, std::string detail) {
        result.rejects.push_back({source, row, reason, std::move(detail)});
    };
    // GDAL's numbering skips NUL lines; from here on rows are the file's records.
    if (!scan.nul_lines.empty()) {
        for (auto& inc : incs)
            if (inc.source == source) inc.row = static_cast<std::uint32_t>(physical_row(scan, inc.row));
        for (auto& x : result.rejects)
            if (x.source == source) x.row = physical_row(scan, x.row);
    }
    // The row where a stray quote opens: its fields hold what the quote swallowed, so it is
    // rejected for the quote, whether GDAL's row was loaded, rejected for another reason, or
    // never given.
    auto reject_for_quote = [&](std::uint64_t r, std::string detail) {
        if (!unload(r)) {
            const auto it = std::find_if(result.rejects.begin(), result.rejects.end(),
                                         [&](const Reject& x) { return x.source == source && x.row == r; });
            if (it != result.rejects.end()) {
                it->reason = RejectReason::unclosed_quote;
                it->detail = std::move(detail);
                return;
            }
            ++s.rows;
            ++s.rejected;
        }
        reject(r, RejectReason::unclosed_quote, std::move(detail));
    };
    if (scan.unclosed_row) {
        const auto r = scan.unclosed_row, n = scan.swallowed_lines;
        reject_for_quote(r, fmt::format("line {}: a quote opens a field and never closes; it swallowed rows {}-{}",
                                        scan.unclosed_line, r + 1, r + n));
        for (std::uint64_t k = 1; k <= n; ++k)
            reject(r + k, RejectReason::unclosed_quote, fmt::format("line {}: swallowed by the quote of row {}",
                                                                   scan.unclosed_line + k, r));
        s.rows += n;
        s.rejected += n;
    }
    for (const auto& span : scan.long_spans) {
        reject_for_quote(span.row,
                         fmt::format("lines {}-{}: a quoted field runs over {} line breaks; a stray quote has probably "
                                     "merged {} rows into this one",
                                     span.line, span.line + span.breaks, span.breaks, span.breaks + 1));
        s.rows += span.breaks;
        s.rejected += span.breaks;
        for (std::uint64_t k = 1; k <= span.breaks; ++k)
            reject(span.row, RejectReason::unclosed_quote, fmt::format("line {}: merged into row {}", span.line + k, span.row));
    }
    for (const auto& [row, line] : scan.nul_lines) {
        reject(row, RejectReason::nul_byte, fmt::format("line {} starts with a NUL byte; GDAL's reader skips such a line",
                                                        line));
        ++s.rows;
        ++s.rejected;
    }
    if (scan.unclosed_row || !scan.long_spans.empty() || !scan.nul_lines.empty())
        std::stable_sort(result.rejects.begin(), result.rejects.end(), [](const Reject& a, const Reject& b) {
            return a.source != b.source ? a.source < b.source : a.row < b.row;
        });
}

}  // namespace

ReadResult read_incidents(const std::vector<std::string>& paths, const ReadOptions& options) {
    ensure_gdal();
    const unsigned workers = thread_count(options.threads);
    // A large CSV file is read in parts, one per thread (GDAL reads CSV a row at a time).
    struct Task {
        std::size_t file;
        Source open;
        std::uint64_t bytes;
        ByteRange range;
    };
    // Every path is checked (local, its format's drivers) and every CSV scanned before GDAL
    // reads any: the scan bounds what a compressed file may expand to, and later tells which
    // rows GDAL lost.
    std::vector<Source> sources;
    for (const auto& p : paths) sources.push_back(check_source(p));
    std::vector<std::optional<CsvScan>> scans(paths.size());
    parallel_items(paths.size(), workers, [&](std::size_t i, unsigned) {
        const Source& src = sources[i];
        if (src.drivers.size() == 1 && src.drivers.front() == "CSV") {
            std::error_code ec;
            const std::uint64_t limit = src.compressed && !remote_sources_allowed()
                                            ? expansion_limit(std::filesystem::file_size(src.file, ec))
                                            : 0;
            scans[i] = scan_csv(src.open_path, 20, limit);
        } else {
            check_expansion(src);
        }
    });
    std::vector<CsvParts> parts;
    std::vector<Task> tasks;
    parts.reserve(paths.size());
    for (std::size_t i = 0; i < paths.size(); ++i) {
        parts.emplace_back(sources[i].open_path, options.layer.empty() ? workers : 1, options.split_csv_above);
        if (parts.back().paths().empty()) tasks.push_back({i, sources[i], 0, {}});
        // The first part sizes its incident list for the whole file: the later parts are
        // appended to it without moving it.
        std::uint64_t whole = 0;
        for (auto b : parts.back().sizes()) whole += b;
        for (std::size_t k = 0; k < parts.back().paths().size(); ++k)
            tasks.push_back({i, Source{parts.back().paths()[k], sources[i].file, {"CSV"}, false},
                             k == 0 ? whole : parts.back().sizes()[k],
                             {parts.back().starts()[k], parts.back().starts()[k] + parts.back().sizes()[k]}});
    }
    // Rows of a file whose quotes GDAL misreads are numbered again and taken back after reading
    // (reconcile_csv), which needs every loaded row at hand.
    ReadOptions read_whole = options;
    read_whole.extent.reset();
    auto options_for = [&](std::size_t file) -> const ReadOptions& {
        const auto& scan = scans[file];
        return scan && (scan->unclosed_row || !scan->long_spans.empty()) ? read_whole : options;
    };
    std::vector<std::size_t> tasks_left(paths.size(), 0);
    for (const auto& t : tasks) ++tasks_left[t.file];
    std::vector<FileOutput> outputs(tasks.size());
    std::vector<TransformerCache> caches;
    for (unsigned w = 0; w < workers; ++w) caches.emplace_back(options.transformers);
    std::vector<std::string> buffers(workers);  // each thread's plain CSV text, file after file
    std::mutex progress_mutex;
    std::uint64_t rows_done = 0;
    std::size_t files_done = 0;
    auto report = [&](std::uint64_t rows, std::size_t file, bool task_finished) {
        std::lock_guard lock(progress_mutex);
        if (task_finished && --tasks_left[file] == 0) ++files_done;
        if (!options.progress) return;
        rows_done += rows;
        options.progress(rows_done, files_done, paths.size());
    };
    std::vector<std::size_t> task_files;
    for (const auto& t : tasks) task_files.push_back(t.file);
    Merger merger(task_files, outputs, options.conditions.size(), options.work_crs);
    // When every file was scanned (CSV), its records bound the rows and its size the ids'
    // text, so the merged lists are sized before any file is read, and each file is merged as
    // soon as it and those before it are read, on the thread that read it, while the other
    // threads read on. Otherwise the exact totals are known only once every file is read.
    const bool early = std::all_of(scans.begin(), scans.end(), [](const auto& scan) { return scan.has_value(); });
    if (early) {
        std::size_t rows = 0;
        for (const auto& scan : scans) rows += static_cast<std::size_t>(scan->lines);
        merger.size_for(rows, std::nullopt, rows);
    }
    std::atomic<std::size_t> started{0};
    parallel_items(tasks.size(), workers, [&](std::size_t i, unsigned worker) {
        ++started;
        const Task& t = tasks[i];
        read_file(paths[t.file], t.open, t.bytes, t.range, options_for(t.file), caches[worker], buffers[worker], outputs[i],
                  [&](std::uint64_t rows) { report(rows, t.file, false); });
        report(0, t.file, true);
        // A thread that will read no other file lets its text go before it merges (a large
        // file's parts: not held while merging).
        if (started == tasks.size()) std::string().swap(buffers[worker]);
        if (early) merger.ready(i);
    });
    std::vector<std::string>().swap(buffers);  // a large file's parts: not held while merging
    if (!early) {
        // One allocation for all files: appending file after file would regrow and copy.
        std::size_t total = 0, id_chars = 0, ids = 0;
        for (const auto& out : outputs) {
            total += out.set.incidents.size();
            id_chars += out.set.ids().chars();
            ids += out.set.ids().size();
        }
        merger.size_for(total, id_chars, ids);
        for (std::size_t i = 0; i < outputs.size(); ++i) merger.ready(i);
    }
    merger.finish();
    ReadResult result = merger.take();
    auto& lonlat = merger.lonlat;
    for (std::size_t f = 0; f < paths.size() && f < result.set.sources.size(); ++f)
        if (scans[f]) {
            reconcile_csv(result, static_cast<std::uint32_t>(f), *scans[f]);
            // Rows numbered again past a NUL line: their lon/lat are transformed back instead.
            if (!scans[f]->nul_lines.empty()) lonlat[f].clear();
            // The plain reader and the scan count the records independently: they must agree.
            if (result.details[f].plain_csv && result.set.sources[f].rows != scans[f]->lines)
                throw IoError(fmt::format("{}: read {} rows as plain CSV but the file holds {} records; please report "
                                          "this internal error",
                                          paths[f], result.set.sources[f].rows, scans[f]->lines));
        }
    if (options.want_lonlat) result.lonlat = InputLonLat(std::move(lonlat));
    return result;
}

}  // namespace hotspots::io
