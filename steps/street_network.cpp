#include "steps/street_network.hpp"

#include "io/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace hotspots::steps {

void declare_network(Params& p, NetworkParams& n, const std::string& help, NetworkDeclare what) {
    declare_side_file(p, "network", n.path, n.crs, help);
    p.text("network-layer", n.layer, "Layer of --network (default: OpenStreetMap's lines, else the first)");
    p.text("class-field", n.class_field, "Field of --network with each line's class (default: the first of highway, "
                                         "class, roadclassification, road_class, fclass)");
    const std::string excluded = fmt::format("{}", fmt::join(io::default_excluded_classes(), ","));
    const std::string none = "Classes of --network left out, comma-separated, any case (none: use every line";
    auto& exclude = p.text("exclude-classes", n.exclude, what.declared_defaults ? none + ")" : none + "; default " + excluded + ")");
    p.text("street-name-field", n.name_field, "Field of --network with the street's name (default: the first of "
                                              "name, name1, name_1, roadname, road_name, street)");
    auto& snap = p.number("snap", n.snap, what.declared_defaults ? "Line vertices of --network closer than this are one junction"
                                                                 : "--network's line vertices closer than this are one junction (default 1)",
                          Range::between(0, 50))
                     .in_unit("metres");
    p.flag("node-crossings", n.node_crossings,
           "Join --network's lines where they cross or one ends on another without a shared vertex (never a bridge, "
           "a tunnel or another layer)");
    if (what.declared_defaults) {
        exclude.def(excluded);
        snap.def("1");
    } else {
        n.exclude = excluded;
    }
    if (what.snaps_incidents) {
        auto& tolerance = p.number("street-tolerance", n.tolerance,
                                   std::string("Incidents further than this from every street are unsnapped (counted and "
                                               "reported, not on any street)") + (what.declared_defaults ? "" : " (default 30)"),
                                   Range{0, 500, true, false})
                              .in_unit("metres");
        if (what.declared_defaults) tolerance.def("30");
    }
}

void read_network(const Params& p, NetworkParams& n, Context& ctx) {
    if (n.path.empty()) {
        for (const char* name : {"network-layer", "network-crs", "class-field", "street-name-field", "exclude-classes", "snap",
                                 "node-crossings", "street-tolerance"})
            if (const auto* q = p.find(name); q && q->given)
                throw UsageError(fmt::format("--{} describes --network; give --network", name));
        return;
    }
    io::NetworkOptions o;
    o.layer = n.layer;
    o.class_field = n.class_field;
    o.name_field = n.name_field;
    o.crs = n.crs;
    if (io::lower_case(n.exclude) != "none") o.exclude = io::split_commas(n.exclude);
    n.data = io::read_network(n.path, o, ctx.work_crs());
    ctx.record_read(n.path);
    if (n.node_crossings) n.crossings = node_crossings(n.data.lines, n.snap);
}

StreetPlaces place_on_streets(const NetworkParams& n, const std::vector<XY>& points, const std::string& command, Log& log) {
    StreetPlaces out;
    out.net = build_network(n.data.lines, n.snap);
    out.streets = cut_segments(out.net);
    if (out.streets.segments.empty())
        throw std::runtime_error(fmt::format("{}: --network {}: no street segments (every line is shorter than --snap?)",
                                             command, n.path));
    out.snaps = snap_to_segments(out.streets.segments, points, n.tolerance);
    for (const auto& s : out.snaps) out.unsnapped += s.segment < 0;
    log.note(fmt::format("{} street segments from {} lines; {} of {} incidents on a street (within {:g} m)",
                         out.streets.segments.size(), n.data.lines.size(), points.size() - out.unsnapped, points.size(),
                         n.tolerance));
    if (out.unsnapped)
        log.warning(fmt::format("{} incidents lie further than {:g} m from every street of {}: counted as unsnapped, on "
                                "no street (a larger --street-tolerance, or a network that covers the whole area)",
                                out.unsnapped, n.tolerance, n.path));
    return out;
}

std::string network_note(const NetworkParams& n) {
    const auto& d = n.data;
    std::string s = fmt::format("{}: {} lines of {} features ({} left out by {}, {} without a class, {} closed to people "
                                "on foot)", n.path, d.lines.size(), d.features, d.excluded,
                                d.class_field.empty() ? "class" : d.class_field, d.no_class, d.no_foot);
    if (n.node_crossings)
        s += fmt::format("; --node-crossings joined {} crossings and left {} apart (a bridge, a tunnel or another layer)",
                         n.crossings.joined, n.crossings.skipped);
    return s;
}

}  // namespace hotspots::steps
