#include "steps/context.hpp"

#include "io/gdal_util.hpp"

namespace hotspots::steps {

const PolygonFile& Context::polygons(const std::string& spec_text, const std::string& option,
                                     const std::string& value_field) {
    const std::string key = spec_text + "\n" + value_field;
    std::lock_guard<std::mutex> guard(m_cache->lock);
    if (auto it = m_cache->polygons.find(key); it != m_cache->polygons.end()) return it->second;
    PolygonFile file;
    try {
        auto spec = io::parse_area_spec(spec_text);
        if (spec.value_field.empty()) spec.value_field = value_field;
        m_cache->files.push_back(spec.path);
        file.layer = io::read_area_layer(spec, m_work_crs);
        std::vector<geo::AreaNote> notes;
        file.index = std::make_shared<const geo::AreaIndex>(file.layer.inputs, notes);
        // No word on how codes were found: these polygons (masks, denominators, sites) join
        // nothing by code, so "no code field" was a note about nothing on every --mask.
        for (const auto& n : notes) m_log->warning(option + " " + n.where + ": " + n.message);
    } catch (const io::IoError& e) {
        throw io::IoError(option + ": " + e.what());
    } catch (const geo::AreaError& e) {
        throw io::IoError(option + " " + spec_text + ": " + e.what());
    }
    return m_cache->polygons.emplace(key, std::move(file)).first->second;
}

const io::PointLayer& Context::points(const std::string& path, const std::string& crs, const std::string& option) {
    const std::string key = path + "\n" + crs;
    std::lock_guard<std::mutex> guard(m_cache->lock);
    if (auto it = m_cache->points.find(key); it != m_cache->points.end()) return it->second;
    m_cache->files.push_back(path);
    try {
        return m_cache->points.emplace(key, io::read_points(path, crs, m_work_crs)).first->second;
    } catch (const io::IoError& e) {
        throw io::IoError(option + ": " + e.what());
    }
}

const io::WeightTable& Context::weights(const std::string& path, const std::string& option) {
    std::lock_guard<std::mutex> guard(m_cache->lock);
    if (auto it = m_cache->weights.find(path); it != m_cache->weights.end()) return it->second;
    m_cache->files.push_back(path);
    try {
        return m_cache->weights.emplace(path, io::read_weight_table(path)).first->second;
    } catch (const io::IoError& e) {
        throw io::IoError(option + ": " + e.what());
    }
}

const io::PopulationTable& Context::population(const std::string& path, const std::string& option) {
    std::lock_guard<std::mutex> guard(m_cache->lock);
    if (auto it = m_cache->populations.find(path); it != m_cache->populations.end()) return it->second;
    m_cache->files.push_back(path);
    try {
        return m_cache->populations.emplace(path, io::read_population(path)).first->second;
    } catch (const io::IoError& e) {
        throw io::IoError(option + ": " + e.what());
    }
}

void Context::record_read(const std::string& path) {
    std::lock_guard<std::mutex> guard(m_cache->lock);
    m_cache->files.push_back(path);
}

}  // namespace hotspots::steps
