#include "steps/street_network.hpp"

#include "io/text.hpp"

#include <fmt/format.h>

namespace hotspots::steps {

void declare_street_network(Params& p, StreetNetworkParams& o, const std::string& help) {
    declare_side_file(p, "network", o.path, o.crs, help);
    p.text("network-layer", o.layer, "Layer of --network (default: OpenStreetMap's lines, else the first)");
    p.text("class-field", o.class_field, "Field of --network with each line's class (default: the first of highway, "
                                         "class, roadclassification, road_class, fclass)");
    p.text("exclude-classes", o.exclude, "Classes of --network left out, comma-separated, any case (none: use every line)")
        .def(fmt::format("{}", fmt::join(io::default_excluded_classes(), ",")));
    p.text("street-name-field", o.name_field, "Field of --network with the street's name (default: the first of "
                                              "name, name1, name_1, roadname, road_name, street)");
    p.number("snap", o.snap, "Line vertices of --network closer than this are one junction", Range::between(0, 50))
        .def("1")
        .in_unit("metres");
    p.number("street-tolerance", o.tolerance,
             "Incidents further than this from every street are unsnapped (counted and reported, not on any street)",
             Range{0, 500, true, false})
        .def("30")
        .in_unit("metres");
}

io::NetworkData read_street_network(const StreetNetworkParams& o, const Params& p, Context& ctx) {
    if (o.path.empty()) {
        for (const char* name : {"network-layer", "network-crs", "class-field", "street-name-field", "exclude-classes", "snap",
                                 "street-tolerance"})
            if (const auto* q = p.find(name); q && q->given)
                throw UsageError(fmt::format("--{} describes --network; give --network", name));
        return {};
    }
    io::NetworkOptions n;
    n.layer = o.layer;
    n.class_field = o.class_field;
    n.name_field = o.name_field;
    n.crs = o.crs;
    if (io::lower_case(o.exclude) != "none") n.exclude = io::split_commas(o.exclude);
    auto data = io::read_network(o.path, n, ctx.work_crs());
    ctx.record_read(o.path);
    return data;
}

StreetPlaces place_on_streets(const io::NetworkData& data, const StreetNetworkParams& o, const std::vector<XY>& points,
                              const std::string& command, Log& log) {
    StreetPlaces out;
    out.net = build_network(data.lines, o.snap);
    out.streets = cut_segments(out.net);
    if (out.streets.segments.empty())
        throw std::runtime_error(fmt::format("{}: --network {}: no street segments (every line is shorter than --snap?)",
                                             command, o.path));
    out.snaps = snap_to_segments(out.streets.segments, points, o.tolerance);
    for (const auto& s : out.snaps) out.unsnapped += s.segment < 0;
    log.note(fmt::format("{} street segments from {} lines; {} of {} incidents on a street (within {:g} m)",
                         out.streets.segments.size(), data.lines.size(), points.size() - out.unsnapped, points.size(),
                         o.tolerance));
    if (out.unsnapped)
        log.warning(fmt::format("{} incidents lie further than {:g} m from every street of {}: counted as unsnapped, on "
                                "no street (a larger --street-tolerance, or a network that covers the whole area)",
                                out.unsnapped, o.tolerance, o.path));
    return out;
}

std::string network_note(const io::NetworkData& d, const std::string& path) {
    return fmt::format("{}: {} lines of {} features ({} left out by {}, {} without a class, {} closed to people on foot)",
                       path, d.lines.size(), d.features, d.excluded, d.class_field.empty() ? "class" : d.class_field,
                       d.no_class, d.no_foot);
}

}  // namespace hotspots::steps
