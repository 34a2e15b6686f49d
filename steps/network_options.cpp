#include "steps/network_options.hpp"

#include "io/text.hpp"
#include "steps/context.hpp"
#include "steps/input.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace hotspots::steps {

void declare_network(Params& p, NetworkParams& n, const std::string& help) {
    declare_side_file(p, "network", n.path, n.crs, help);
    p.text("network-layer", n.layer, "Layer of --network (default: OpenStreetMap's lines, else the first)");
    p.text("class-field", n.class_field, "Field of --network with each line's class (default: the first of highway, "
                                         "class, roadclassification, road_class, fclass)");
    // No declared defaults (the fields hold them): a pack's manifest lists declared defaults, and
    // steps that read no network should not list these.
    n.exclude = fmt::format("{}", fmt::join(io::default_excluded_classes(), ","));
    p.text("exclude-classes", n.exclude, fmt::format("Classes of --network left out, comma-separated, any case (none: use "
                                                     "every line; default {})", n.exclude));
    p.text("street-name-field", n.name_field, "Field of --network with the street's name (default: the first of "
                                              "name, name1, name_1, roadname, road_name, street)");
    p.number("snap", n.snap, "--network's line vertices closer than this are one junction (default 1)", Range::between(0, 50))
        .in_unit("metres");
    p.flag("node-crossings", n.node_crossings,
           "Join --network's lines where they cross or one ends on another without a shared vertex (never a bridge, "
           "a tunnel or another layer)");
}

void read_network_options(const Params& p, NetworkParams& n, Context& ctx) {
    if (n.path.empty()) {
        for (const char* o : {"network-layer", "network-crs", "class-field", "street-name-field", "exclude-classes", "snap",
                              "node-crossings"})
            if (p.find(o)->given) throw UsageError(fmt::format("--{} describes --network; give --network", o));
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

std::string network_note(const NetworkParams& n) {
    std::string s = fmt::format("{}: {} lines of {} features ({} left out by {}, {} without a class, {} closed to people "
                                "on foot)", n.path, n.data.lines.size(), n.data.features, n.data.excluded,
                                n.data.class_field.empty() ? "class" : n.data.class_field, n.data.no_class, n.data.no_foot);
    if (n.node_crossings)
        s += fmt::format("; --node-crossings joined {} crossings and left {} apart (a bridge, a tunnel or another layer)",
                         n.crossings.joined, n.crossings.skipped);
    return s;
}

}  // namespace hotspots::steps
