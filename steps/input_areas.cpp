// The --areas layers: read, repaired and indexed, and the incidents mapped to them.
#include "steps/input.hpp"

#include "geo/partition.hpp"
#include "io/gdal_util.hpp"
#include "model/parallel.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hotspots::steps {

namespace {

std::vector<std::string> labels_of(const std::vector<io::AreaSpec>& specs) {
    std::vector<std::string> labels;
    for (const auto& s : specs)
        if (std::find(labels.begin(), labels.end(), s.label) == labels.end()) labels.push_back(s.label);
    return labels;
}

// The name of the area of `outer` holding a point inside `area` ("" when none does).
std::string containing_name(const geo::AreaInput& area, const std::vector<const io::AreaLayerData*>& outer) {
    if (area.wkb.empty()) return "";
    XY p;
    try {
        p = geo::point_inside(area.wkb);
    } catch (const std::exception&) {
        return "";
    }
    for (const auto* layer : outer)
        for (const auto& o : layer->inputs)
            if (!o.wkb.empty() && geo::covers(o.wkb, p)) return o.name;
    return "";
}

}  // namespace

AreaLayers read_area_layers(const AreaParams& o, Context& ctx) {
    std::vector<io::AreaSpec> specs;
    for (const auto& a : o.areas) {
        try {
            specs.push_back(io::parse_area_spec(a));
        } catch (const io::IoError& e) {
            throw UsageError(e.what());
        }
        if (specs.back().code_field.empty()) specs.back().code_field = o.code_field;
        if (specs.back().name_field.empty()) specs.back().name_field = o.name_field;
    }
    AreaLayers out;
    if (specs.empty()) return out;
    std::vector<io::AreaLayerData> sources(specs.size());
    std::vector<std::shared_ptr<const geo::AreaIndex>> indexes(specs.size());
    std::vector<std::vector<geo::AreaNote>> notes(specs.size());
    parallel_items(specs.size(), 0, [&](std::size_t i, unsigned) { sources[i] = io::read_area_layer(specs[i], ctx.work_crs()); });
    // unique=in:LABEL: a repeated code takes the name of the LABEL area holding the feature.
    for (std::size_t i = 0; i < specs.size(); ++i) {
        if (specs[i].unique.rfind("in:", 0) != 0) continue;
        const std::string label = specs[i].unique.substr(3);
        std::vector<const io::AreaLayerData*> outer;
        for (std::size_t k = 0; k < specs.size(); ++k)
            if (specs[k].label == label && specs[k].label != specs[i].label) outer.push_back(&sources[k]);
        if (outer.empty())
            throw UsageError(fmt::format("--areas {}: unique=in:{} names no other --areas layer (labels: {})", specs[i].text,
                                         label, fmt::join(labels_of(specs), ", ")));
        io::qualify_repeated_codes(sources[i].inputs, [&](std::size_t a) { return containing_name(sources[i].inputs[a], outer); });
    }
    for (const auto& s : sources) io::check_unique_codes(s);
    parallel_items(specs.size(), 0, [&](std::size_t i, unsigned) {
        indexes[i] = std::make_shared<const geo::AreaIndex>(sources[i].inputs, notes[i]);  // errors name the file
    });
    for (std::size_t i = 0; i < specs.size(); ++i) {
        for (const auto& n : notes[i]) ctx.log().warning(n.where + ": " + n.message);
        if (!sources[i].code_note.empty()) ctx.log().warning(specs[i].path + ": " + sources[i].code_note);
        ctx.log().note(fmt::format("areas '{}': {} features from {} (code field {}, name field {})", specs[i].label,
                                   indexes[i]->size(), specs[i].path, sources[i].code_field,
                                   sources[i].name_field.empty() ? "(none)" : sources[i].name_field));
        out.sources.push_back({specs[i].text, specs[i].label, sources[i].code_field, sources[i].name_field,
                               sources[i].crs, sources[i].inputs.size()});
        out.files.push_back(specs[i].path);
    }
    std::vector<std::string> labels;
    for (const auto& s : specs)
        if (std::find(labels.begin(), labels.end(), s.label) == labels.end()) labels.push_back(s.label);
    for (const auto& label : labels) {
        std::vector<AreaGeneration> gens;
        for (std::size_t i = 0; i < specs.size(); ++i)
            if (specs[i].label == label) gens.push_back({indexes[i], specs[i].from, specs[i].to, specs[i].text});
        try {
            out.layers.emplace_back(label, std::move(gens));
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        }
    }
    ctx.log().stage("areas loaded and indexed");
    return out;
}

namespace {

void check_inside(const Ingested& in, bool strict, Log& log) {
    for (std::size_t l = 0; l < in.layers.size(); ++l) {
        const auto c = count_mapped(in.assignment[l]);
        const std::uint64_t under = c.inside + c.outside;  // those with boundaries in force
        if (under < 10 || c.inside * 100 >= under) continue;
        const auto& layer = in.layers[l];
        const auto& index = *layer.generations().back().index;
        // Would the incidents fall inside with x and y swapped? A sample answers.
        geo::AreaLocator locator(index);
        const std::size_t n = in.set.incidents.size(), step = std::max<std::size_t>(1, n / 1000);
        std::size_t tried = 0, swapped_inside = 0;
        for (std::size_t i = 0; i < n; i += step, ++tried)
            if (locator.locate(in.set.incidents[i].y, in.set.incidents[i].x) >= 0) ++swapped_inside;
        const Box b = extent_of(in.set);
        const auto& e = index.extent();
        std::string message = fmt::format(
            "{} of {} incidents fall inside an area of '{}': the incidents lie in ({:.0f}, {:.0f}) .. ({:.0f}, {:.0f}), "
            "the areas in ({:.0f}, {:.0f}) .. ({:.0f}, {:.0f}) ({})",
            c.inside, under, layer.label(), b.xmin, b.ymin, b.xmax, b.ymax, e.xmin, e.ymin, e.xmax, e.ymax, in.set.crs);
        if (swapped_inside * 2 >= tried)
            message += "; with x and y swapped they would be inside: the x and y columns look swapped (give "
                       "--x EASTING --y NORTHING, or --lon LONGITUDE --lat LATITUDE)";
        else
            message += "; check the CRS of the inputs (--crs) and their coordinate columns, and that the areas are "
                       "the right ones";
        if (strict) throw std::runtime_error(message);
        log.warning(message);
    }
}

}  // namespace

void map_areas(Ingested& in, AreaLayers areas, Context& ctx, bool strict) {
    in.layers = std::move(areas.layers);
    in.area_sources = std::move(areas.sources);
    if (in.layers.empty()) return;
    in.assignment = map_to_areas(in.set, in.layers, ctx.threads());
    ctx.log().stage("incidents mapped to areas");
    check_inside(in, strict, ctx.log());
}

}  // namespace hotspots::steps
