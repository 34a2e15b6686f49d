#pragma once
// What a step runs with besides its incidents: where messages go (the front-end decides how
// to show them), the working CRS and threads, and the side files named by options (masks,
// denominators, address points, harm weights), each read once per run and shared by every
// step of a pack.
#include "geo/area_index.hpp"
#include "geo/transformer_pool.hpp"
#include "io/area_reader.hpp"
#include "io/count_table.hpp"
#include "io/point_reader.hpp"
#include "io/weight_table.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace hotspots::steps {

// Messages from steps. Steps never print: the command line shows these on stderr, a pack
// also keeps the warnings for its manifest.
class Log {
public:
    virtual ~Log() = default;
    virtual void note(const std::string& text) = 0;     // shown unless --quiet
    virtual void warning(const std::string& text) = 0;  // always shown
    virtual void stage(const std::string& name) = 0;    // timed with -v
    virtual void progress(const std::string&) {}        // redrawn in place on a terminal
    virtual void done_progress() {}
    virtual int verbose() const { return 0; }
};

// A polygon file named by an option (--mask, --denominator), as read, and its repaired index.
struct PolygonFile {
    io::AreaLayerData layer;
    std::shared_ptr<const geo::AreaIndex> index;  // repaired polygons (notes were logged)
};

// A copy shares the side files read (a pack gives each step a copy with its own log).
class Context {
public:
    Context(std::string work_crs, unsigned threads, Log& log)
        : m_work_crs(std::move(work_crs)), m_threads(threads), m_log(&log), m_cache(std::make_shared<Cache>()) {}

    const std::string& work_crs() const noexcept { return m_work_crs; }
    unsigned threads() const noexcept { return m_threads; }
    Log& log() const noexcept { return *m_log; }
    void set_log(Log& log) noexcept { m_log = &log; }
    // A copy (sharing the side files read) that runs on `threads` threads.
    Context with_threads(unsigned threads) const {
        Context c = *this;
        c.m_threads = threads;
        return c;
    }

    // PATH[,layer=...,value=FIELD...] read into the working CRS; `option` names it in
    // messages ("--mask"). With `value_field`, areas without value= use that field.
    // Throws io::IoError naming the option and the file.
    const PolygonFile& polygons(const std::string& spec_text, const std::string& option,
                                const std::string& value_field = "");
    // Points from any vector file; `crs` when the file has none (default: the working CRS).
    const io::PointLayer& points(const std::string& path, const std::string& crs, const std::string& option);
    // A harm-weights table (key, weight).
    const io::WeightTable& weights(const std::string& path, const std::string& option);

    // A population table (code, year, population).
    const io::PopulationTable& population(const std::string& path, const std::string& option);
    // A side file a step read itself (a themes file), so outputs never overwrite it.
    void record_read(const std::string& path);
    // Every side file read so far: outputs never overwrite them.
    const std::vector<std::string>& files_read() const noexcept { return m_cache->files; }
    // Transformers set up ahead of the reading (steps::prepare_reading); shared by copies.
    geo::TransformerPool& transformers() const noexcept { return m_cache->transformers; }

private:
    // Steps of a pack run side by side: the maps are read and filled under one lock (a
    // side file is read at most once; map nodes never move, so references stay valid).
    struct Cache {
        std::mutex lock;
        std::map<std::string, PolygonFile> polygons;
        std::map<std::string, io::PointLayer> points;
        std::map<std::string, io::WeightTable> weights;
        std::map<std::string, io::PopulationTable> populations;
        std::vector<std::string> files;
        geo::TransformerPool transformers;
    };
    std::string m_work_crs;
    unsigned m_threads;
    Log* m_log;
    std::shared_ptr<Cache> m_cache;
};

}  // namespace hotspots::steps
