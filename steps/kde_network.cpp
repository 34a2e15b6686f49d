#include "steps/kde_network.hpp"

#include "geo/geos.hpp"
#include "hotspots/network_kde.hpp"

#include <fmt/format.h>

namespace hotspots::steps {

void declare_kde_network(Params& p, KdeNetworkParams& o) {
    declare_network(p, o.net, "Streets for the density along the network (--lixels): any GDAL line layer (an "
                                      "OpenStreetMap .osm/.pbf extract, OS Open Roads, a GeoPackage)");
    p.output("lixels", o.lixels, "Density along the streets of --network, on lixels: .gpkg or .geojson", "lixels",
             ".gpkg .geojson");
    p.number("lixel", o.lixel, "Length of the lixels, the pieces of street the density is given for",
             Range::between(1, 1000))
        .def("10")
        .in_unit("metres");
    p.text("network-kernel", o.split,
           "Along the network: continuous or discontinuous (Okabe and Sugihara's equal split), or simple (the "
           "kernel of the walking distance, no split at junctions)")
        .one_of({"continuous", "discontinuous", "simple"})
        .def("continuous");
}

void check_kde_network(KdeNetworkParams& o, const Params& p, Context& ctx) {
    if (o.net.path.empty()) {
        for (const char* name : {"lixels", "lixel", "network-kernel"})
            if (p.find(name)->given) throw UsageError(fmt::format("--{} is the density along --network; give --network", name));
    } else if (o.lixels.empty()) {
        throw UsageError("--network gives a density along the streets: name its file with --lixels lixels.gpkg");
    }
    read_network(p, o.net, ctx);
}

LixelDensity lixel_density(const KdeNetworkParams& o, const IncidentSet& set, Kernel kernel,
                           double bandwidth, const std::string& crs, Log& log) {
    std::vector<XY> points;
    points.reserve(set.incidents.size());
    for (const auto& i : set.incidents) points.push_back({i.x, i.y});
    const auto places = place_on_streets(o.net, points, "kde", log);
    std::vector<NetworkEvent> events;
    for (std::size_t i = 0; i < points.size(); ++i)
        if (const auto s = places.snaps[i].segment; s >= 0)
            events.push_back({static_cast<std::uint32_t>(s), places.snaps[i].along, set.incidents[i].weight});
    const auto& segs = places.streets.segments;
    const auto lixels = make_lixels(segs, o.lixel);
    NetworkKdeOptions opt;
    opt.kernel = kernel;
    opt.bandwidth = bandwidth;
    opt.split = *network_kernel_from_name(o.split);
    const auto density = network_kde(places.streets, lixels, events, opt);

    LixelDensity out;
    out.unsnapped = places.unsnapped;
    using io::FieldType;
    using R = ColumnRole;
    auto& t = out.table;
    t.layer = "lixels";
    t.crs = crs;
    t.fields = {{"lixel", FieldType::integer, R::identifier}, {"segment", FieldType::integer, R::identifier},
                {"street", FieldType::text, R::area},         {"length_m", FieldType::real, R::measure},
                {"density", FieldType::real, R::rate}};
    geo::GeosContext ctx;
    for (std::size_t l = 0; l < lixels.size(); ++l) {
        const auto& lx = lixels[l];
        const double per_km = density[l] * 1000;
        out.max_value = std::max(out.max_value, per_km);
        out.mass += density[l] * (lx.to - lx.from);
        t.rows.push_back({std::int64_t(l + 1), std::int64_t(lx.segment + 1), segs[lx.segment].name, lx.to - lx.from, per_km});
        auto line = geo::make_line(ctx, piece_of(segs[lx.segment].points, lx.from, lx.to));
        t.geometries.push_back(geo::to_wkb(ctx, line.get()));
    }
    log.note(fmt::format("density along the streets: {} lixels of at most {:g} m, {} kernel, bandwidth {:.1f} m walking; "
                         "they hold {:.1f} of the {} incidents on a street",
                         lixels.size(), o.lixel, o.split, bandwidth, out.mass, events.size()));
    return out;
}

}  // namespace hotspots::steps
