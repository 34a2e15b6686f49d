#include "io/incident_writer.hpp"

#include "geo/crs.hpp"
#include "geo/point_memo.hpp"
#include "io/atomic_file.hpp"
#include "io/decimal.hpp"
#include "io/gdal_util.hpp"
#include "io/gpkg_bulk.hpp"
#include "io/gpkg_writer.hpp"
#include "io/table_writer.hpp"
#include "model/parallel.hpp"

#include <fmt/format.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>

namespace hotspots::io {
namespace {

// The fixed columns of every output, in order.
const char* const base_fields[] = {"id", "source_file", "source_row", "date_from", "date_to", "date_precision",
                                   "crime_type", "category", "location", "lsoa_code", "lsoa_name", "weight"};

std::string when(Seconds t, TimePrecision p) {
    return (p == TimePrecision::month || p == TimePrecision::day) ? format_date(t) : format_datetime(t);
}

struct LonLat {
    std::vector<double> lon, lat;
};

// Points [0, n) of x, y (working CRS, `crs`) to WGS84 lon/lat in place. PROJ transforms each
// point alone, so chunks on several threads (a transformer each: they are not thread-safe),
// and a point's repeats answered from memory (geo/point_memo.hpp), give the same values as
// one pass.
void transform_back(const std::string& crs, double* x, double* y, std::size_t n, unsigned threads) {
    if (n == 0) return;  // not even a transformer's set-up
    // Under this many points a second thread (its transformer and memo) costs more than it saves.
    constexpr std::size_t per_thread = 100000;
    const unsigned t = std::max<unsigned>(1, std::min<unsigned>(thread_count(threads), static_cast<unsigned>(n / per_thread)));
    // Set up once (tens of ms) and copied for the other threads (about 1 ms each, the same
    // values: Transformer::clone), as the reading's are.
    const geo::Transformer first(crs, "EPSG:4326");
    std::vector<std::unique_ptr<geo::Transformer>> copies(t);
    for (unsigned w = 1; w < t; ++w)
        if (!(copies[w] = first.clone())) copies[w] = std::make_unique<geo::Transformer>(crs, "EPSG:4326");
    parallel_chunks(n, t, [&](std::size_t begin, std::size_t end, unsigned w) {
        geo::PointMemo(w == 0 ? first : *copies[w]).transform(x + begin, y + begin, end - begin);
    });
}

// The incidents' WGS84 lon/lat: the input's own (`input`, may be null) where it gave them and
// they still match the point, the others x, y transformed back. On a million police.uk rows
// both give the same 6 decimals; the first saves a PROJ call a row.
LonLat to_lonlat(const IncidentSet& set, const InputLonLat* input, unsigned threads) {
    LonLat ll;
    const std::size_t n = set.incidents.size();
    ll.lon.resize(n);
    ll.lat.resize(n);
    if (!input || input->kept() == 0) {
        for (std::size_t i = 0; i < n; ++i) {
            ll.lon[i] = set.incidents[i].x;
            ll.lat[i] = set.incidents[i].y;
        }
        transform_back(set.crs, ll.lon.data(), ll.lat.data(), n, threads);
        return ll;
    }
    // Looked up on every thread, a chunk each; the rows to transform listed in order.
    std::vector<std::vector<std::size_t>> left(thread_count(threads));
    parallel_chunks(n, threads, [&](std::size_t begin, std::size_t end, unsigned worker) {
        for (std::size_t i = begin; i < end; ++i)
            if (!input->find(set.incidents[i], ll.lon[i], ll.lat[i])) left[worker].push_back(i);
    });
    std::vector<std::size_t> rest;  // those to transform
    for (const auto& l : left) rest.insert(rest.end(), l.begin(), l.end());
    std::vector<double> x(rest.size()), y(rest.size());
    for (std::size_t k = 0; k < rest.size(); ++k) {
        x[k] = set.incidents[rest[k]].x;
        y[k] = set.incidents[rest[k]].y;
    }
    transform_back(set.crs, x.data(), y.data(), x.size(), threads);
    for (std::size_t k = 0; k < rest.size(); ++k) {
        ll.lon[rest[k]] = x[k];
        ll.lat[rest[k]] = y[k];
    }
    return ll;
}

// Formatting is most of the writing. Chunks are formatted on every thread and written in
// chunk order by whichever thread finds the next one formatted, so each core formats or
// writes (the kernel's copy into the page cache: a tenth of the command's CPU) all through,
// with no batch waiting for its slowest chunk; the bytes are those of one thread. At most
// four chunks a thread are held. Stops at the first write that fails (`write` returns false).
void format_in_order(std::size_t chunks, unsigned threads, const std::function<void(std::size_t, std::string&)>& format,
                     const std::function<bool(const std::string&)>& write) {
    const std::size_t slots = std::size_t{4} * threads;
    std::vector<std::string> text(slots);
    std::vector<char> formatted(slots, 0);
    std::mutex lock;
    std::condition_variable changed;
    std::size_t claimed = 0, written = 0;  // chunks handed out, chunks written (under lock)
    bool writing = false, stop = false;
    parallel_chunks(threads, threads, [&](std::size_t, std::size_t, unsigned) {
        std::unique_lock guard(lock);
        for (;;) {
            // A chunk's slot is free once the chunk `slots` before it is written.
            changed.wait(guard, [&] { return stop || claimed >= chunks || claimed < written + slots; });
            if (stop || claimed >= chunks) return;
            const std::size_t c = claimed++;
            guard.unlock();
            try {
                text[c % slots].clear();
                format(c, text[c % slots]);
            } catch (...) {
                guard.lock();
                stop = true;
                changed.notify_all();
                throw;
            }
            guard.lock();
            formatted[c % slots] = 1;
            if (writing) continue;  // the writing thread takes it in its turn
            writing = true;
            while (!stop && written < chunks && formatted[written % slots]) {
                const std::size_t w = written;
                guard.unlock();
                const bool ok = write(text[w % slots]);
                guard.lock();
                formatted[w % slots] = 0;
                ++written;
                stop = stop || !ok;
                changed.notify_all();
            }
            writing = false;
        }
    });
}

std::string file_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The text values of one incident, in base_fields order.
std::vector<std::string> base_values(const IncidentSet& set, const Incident& i) {
    return {std::string(set.id(i)),
            file_name(set.sources[i.source].path),
            std::to_string(i.row),
            when(i.from, i.precision),
            when(i.to, i.precision),
            std::string(to_string(i.precision)),
            set.text(i.crime_type),
            std::string(slug(i.category)),
            set.text(i.location),
            set.text(i.lsoa_code),
            set.text(i.lsoa_name),
            fmt::format("{}", i.weight)};
}

void area_values(const IncidentOutput& out, std::size_t i, std::vector<std::string>& values) {
    for (std::size_t l = 0; l < out.layers.size(); ++l) {
        const auto a = out.assignment[l][i];
        values.push_back(a >= 0 ? out.layers[l].code(a) : "");
        values.push_back(a >= 0 ? out.layers[l].name(a) : (a == outside_all ? "outside" : "no boundaries in force"));
    }
}

std::vector<std::string> area_fields(const IncidentOutput& out) {
    std::vector<std::string> f;
    for (const auto& l : out.layers) {
        f.push_back(l.label() + "_code");
        f.push_back(l.label() + "_name");
    }
    return f;
}

// The text of an incident's fixed columns (base_fields order) without an allocation per row:
// file names made once per source, a date formatted again only when it changes (rows come
// grouped by file and often by month). The views last until the next call.
class RowText {
public:
    explicit RowText(const IncidentSet& set) : m_set(set) {
        for (const auto& s : set.sources) m_files.push_back(file_name(s.path));
    }
    const std::array<std::string_view, std::size(base_fields)>& of(const Incident& i) {
        const auto row = std::to_chars(m_row, m_row + sizeof m_row, i.row).ptr;
        // A whole weight (most are 1) is its integer's digits, as fmt's "{}" writes it.
        const auto weight = i.weight >= 1 && i.weight < max_weight && i.weight == std::floor(i.weight)
                                ? std::to_chars(m_weight, m_weight + sizeof m_weight, static_cast<std::uint32_t>(i.weight)).ptr
                                : fmt::format_to_n(m_weight, sizeof m_weight, "{}", i.weight).out;
        m_v = {m_set.id(i), m_files[i.source], {m_row, std::size_t(row - m_row)}, m_from.of(i.from, i.precision),
               m_to.of(i.to, i.precision), to_string(i.precision), m_set.text(i.crime_type), slug(i.category),
               m_set.text(i.location), m_set.text(i.lsoa_code), m_set.text(i.lsoa_name),
               {m_weight, std::size_t(weight - m_weight)}};
        return m_v;
    }

private:
    struct Date {
        Seconds t = 0;
        TimePrecision p = TimePrecision::second;
        bool made = false;
        std::string text;
        std::string_view of(Seconds at, TimePrecision precision) {
            if (!made || at != t || precision != p) {
                text = when(at, precision);
                t = at;
                p = precision;
                made = true;
            }
            return text;
        }
    };
    const IncidentSet& m_set;
    std::vector<std::string> m_files;
    Date m_from, m_to;
    char m_row[16], m_weight[40];
    std::array<std::string_view, std::size(base_fields)> m_v;
};

// Layer l's code and name for incident i.
std::string_view area_code(const IncidentOutput& out, std::size_t l, std::size_t i) {
    const auto a = out.assignment[l][i];
    return a >= 0 ? std::string_view(out.layers[l].code(a)) : std::string_view();
}
std::string_view area_name(const IncidentOutput& out, std::size_t l, std::size_t i) {
    const auto a = out.assignment[l][i];
    return a >= 0 ? std::string_view(out.layers[l].name(a)) : a == outside_all ? "outside" : "no boundaries in force";
}

// Text that repeats from row to row (pooled strings, file names, areas) as CSV fields, made
// once for the whole file rather than checked and quoted again on every row.
struct CsvFields {
    std::vector<std::string> pooled, files;
    std::vector<std::vector<std::string>> areas;  // [layer][area + 2]: ",code,name"

    explicit CsvFields(const IncidentOutput& out) {
        const auto& set = out.set;
        pooled.resize(set.strings().size());
        for (std::size_t k = 0; k < pooled.size(); ++k) append_csv_field(pooled[k], set.strings()[static_cast<std::uint32_t>(k)]);
        for (const auto& s : set.sources) append_csv_field(files.emplace_back(), file_name(s.path));
        for (std::size_t l = 0; l < out.layers.size(); ++l) {
            auto& a = areas.emplace_back(out.layers[l].area_count() + 2);
            for (std::size_t k = 0; k < a.size(); ++k) {
                const auto area = static_cast<std::int32_t>(k) - 2;  // no_generation (-2) and outside_all (-1) first
                a[k] = ',';
                append_csv_field(a[k], area >= 0 ? std::string_view(out.layers[l].code(area)) : std::string_view());
                a[k] += ',';
                append_csv_field(a[k], area >= 0 ? std::string_view(out.layers[l].name(area))
                                       : area == outside_all ? "outside" : "no boundaries in force");
            }
        }
    }
};

// The CSV lines of incidents [begin, end), appended to `text`.
void csv_rows(const IncidentOutput& out, const CsvFields& fields, const LonLat& ll, std::size_t begin, std::size_t end,
              std::string& text) {
    RowText row(out.set);
    for (std::size_t i = begin; i < end; ++i) {
        const auto& inc = out.set.incidents[i];
        const auto& v = row.of(inc);
        append_csv_field(text, v[0]);
        text += ',';
        text += fields.files[inc.source];
        text += ',';
        append_csv_field(text, v[2]);
        // Into a local buffer: appending piece by piece checks the string's room every time.
        char xy[4 * (fixed_max_chars + 1)];
        char* at = xy;
        const double values[] = {inc.x, inc.y, ll.lon[i], ll.lat[i]};
        for (std::size_t c = 0; c < 4; ++c) {
            *at++ = ',';
            at = write_fixed(at, values[c], c < 2 ? 2 : 6);
        }
        text.append(xy, static_cast<std::size_t>(at - xy));
        for (std::size_t k = 3; k < v.size(); ++k) {
            text += ',';
            switch (k) {
            case 6: text += fields.pooled[inc.crime_type]; break;
            case 8: text += fields.pooled[inc.location]; break;
            case 9: text += fields.pooled[inc.lsoa_code]; break;
            case 10: text += fields.pooled[inc.lsoa_name]; break;
            default: append_csv_field(text, v[k]);
            }
        }
        for (std::size_t l = 0; l < out.layers.size(); ++l) {
            const auto a = out.assignment[l][i];
            text += fields.areas[l][a >= 0 ? static_cast<std::size_t>(a) + 2 : a == outside_all ? 1 : 0];
        }
        text += '\n';
    }
}

void write_csv(const std::string& path, const IncidentOutput& out, const std::vector<std::string>& inputs) {
    AtomicOutput file(path, inputs);
    AtomicOutput meta(path + ".meta.json", inputs);
    {
        std::ofstream m(meta.temp_path());
        m << out.metadata.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        if (!m) throw IoError(meta.path() + ": write failed");
    }
    std::FILE* f = std::fopen(file.temp_path().c_str(), "wb");
    if (!f) throw IoError(path + ": cannot write");
    bool ok = true;
    auto put = [&](const std::string& s) { ok = ok && std::fwrite(s.data(), 1, s.size(), f) == s.size(); };
    const auto ll = to_lonlat(out.set, out.lonlat, out.threads);
    const CsvFields fields(out);
    std::string line = "id,source_file,source_row,x,y,lon,lat";
    for (std::size_t k = 3; k < std::size(base_fields); ++k) line += std::string(",") + base_fields[k];
    for (const auto& a : area_fields(out)) {
        line += ',';
        append_csv_field(line, a);
    }
    line += '\n';
    put(line);
    constexpr std::size_t chunk = 8192;
    const std::size_t n = out.set.incidents.size();
    try {
        format_in_order((n + chunk - 1) / chunk, thread_count(out.threads),
                        [&](std::size_t c, std::string& text) { csv_rows(out, fields, ll, c * chunk, std::min(n, (c + 1) * chunk), text); },
                        [&](const std::string& text) {
                            put(text);
                            return ok;
                        });
    } catch (...) {
        std::fclose(f);
        throw;
    }
    if (std::fclose(f) != 0 || !ok) throw IoError(path + ": write failed (disk full?)");
    meta.commit();
    file.commit();
}

void json_string(std::string& s, std::string_view v) { s += nlohmann::json(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

void write_geojson(const std::string& path, const IncidentOutput& out, const std::vector<std::string>& inputs) {
    AtomicOutput file(path, inputs);
    std::FILE* f = std::fopen(file.temp_path().c_str(), "wb");
    if (!f) throw IoError(path + ": cannot write");
    const auto ll = to_lonlat(out.set, nullptr, out.threads);
    std::string s = "{\"type\":\"FeatureCollection\",\"name\":\"incidents\",\"metadata\":" + out.metadata.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                    ",\n\"features\":[\n";
    std::vector<std::string> names(std::begin(base_fields), std::end(base_fields));
    names.insert(names.begin() + 3, {"x", "y"});
    for (const auto& a : area_fields(out)) names.push_back(a);
    std::vector<std::string> values;
    bool ok = true;
    for (std::size_t i = 0; i < out.set.incidents.size(); ++i) {
        const auto& inc = out.set.incidents[i];
        values = base_values(out.set, inc);
        values.insert(values.begin() + 3, {fmt::format("{:.2f}", inc.x), fmt::format("{:.2f}", inc.y)});
        area_values(out, i, values);
        s += i ? ",\n" : "";
        s += fmt::format("{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{:.6f},{:.6f}]}},\"properties\":{{",
                         ll.lon[i], ll.lat[i]);
        for (std::size_t k = 0; k < values.size(); ++k) {
            if (k) s += ',';
            json_string(s, names[k]);
            s += ':';
            // Numbers stay numbers so QGIS can style and filter them.
            if (names[k] == "source_row" || names[k] == "weight" || names[k] == "x" || names[k] == "y")
                s += values[k];
            else
                json_string(s, values[k]);
        }
        s += "}}";
        if (s.size() > (1u << 20)) {
            ok = ok && std::fwrite(s.data(), 1, s.size(), f) == s.size();
            s.clear();
        }
    }
    s += "\n]}\n";
    ok = ok && std::fwrite(s.data(), 1, s.size(), f) == s.size();
    if (std::fclose(f) != 0 || !ok) throw IoError(path + ": write failed (disk full?)");
    file.commit();
}

// GDAL makes the file, the table, its empty spatial index and its metadata; the rows go in
// through SQLite in prepared inserts of many rows (GDAL 3.6 makes and checks a feature per
// row: about 60,000 a second) on up to two threads, and the R-tree is packed from the points.
void write_gpkg(const std::string& path, const IncidentOutput& out, const std::vector<std::string>& inputs) {
    AtomicOutput file(path, inputs);
    ensure_gdal();
    StableGpkgDate date(out.metadata);
    std::vector<std::string> names(std::begin(base_fields), std::end(base_fields));
    for (const auto& a : area_fields(out)) names.push_back(a);
    {
        CPLErrorReset();
        auto [ds, layer] = create_layer("GPKG", file.temp_path(), path, "incidents", out.set.crs, wkbPoint);
        for (const auto& n : names)
            add_field(layer, n, n == "source_row" ? OFTInteger64 : n == "weight" ? OFTReal : OFTString, path);
        const std::string meta = out.metadata.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        GDALSetMetadataItem(layer, "hotspots", meta.c_str(), nullptr);
        // The stamp StableGpkgDate chose for the tables is the style's update_time too.
        if (!out.style.empty())
            write_layer_styles(ds.get(), path, {{"incidents", out.style}},
                               CPLGetThreadLocalConfigOption("OGR_CURRENT_DATE", ""));
        close_checked(std::move(ds), path);
    }
    {
        GpkgBulkInsert bulk(file.temp_path(), path, "incidents", names);
        std::vector<GpkgPoint> points(out.set.incidents.size());
        for (std::size_t i = 0; i < points.size(); ++i) points[i] = {out.set.incidents[i].x, out.set.incidents[i].y};
        bulk.write(points, [&](std::size_t begin, std::size_t end, GpkgRows& rows) {
            RowText row(out.set);
            const std::size_t source_row = 2, weight = 11;
            for (std::size_t i = begin; i < end; ++i) {
                const auto& inc = out.set.incidents[i];
                const auto& v = row.of(inc);
                for (std::size_t k = 0; k < v.size(); ++k) {
                    if (k == source_row) rows.integer(k, inc.row);
                    else if (k == weight) rows.real(k, inc.weight);
                    else rows.text(k, v[k]);
                }
                for (std::size_t l = 0, k = v.size(); l < out.layers.size(); ++l, k += 2) {
                    rows.text(k, area_code(out, l, i));
                    rows.text(k + 1, area_name(out, l, i));
                }
                rows.insert();
            }
        }, out.threads);
    }
    file.commit();
}

}  // namespace

void write_incidents(const std::string& path, const IncidentOutput& out, const std::vector<std::string>& inputs) {
    const std::string driver = driver_for(path);
    if (driver == "CSV") write_csv(path, out, inputs);
    else if (driver == "GeoJSON") write_geojson(path, out, inputs);
    else if (driver == "GPKG") write_gpkg(path, out, inputs);
    else throw IoError(path + ": incidents can be written as .gpkg, .geojson or .csv");
}

}  // namespace hotspots::io
