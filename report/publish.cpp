#include "report/publish.hpp"

#include "geo/area_index.hpp"
#include "geo/geos.hpp"
#include "hotspots/filter.hpp"
#include "io/secret.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <regex>
#include <set>

namespace hotspots::report {
using steps::UsageError;
using steps::ParamGroup;
using steps::Range;
void declare_publish(Params& p, PublishParams& o) {
    p.start_group(ParamGroup::run);
    p.flag("publish", o.on, "Make the outputs safe to put on a website: counts below --suppress-below hidden, point "
                            "layers dropped, surfaces coarsened (docs/publish.md)");
    p.integer("suppress-below", o.suppress_below, "With --publish: counts below this are shown as <N",
              Range::between(2, 100))
        .def("5");
    p.path("sensitive-sites", o.sensitive_sites, "With --publish: polygons (refuges) whose incidents are removed before "
                                                 "any computation");
    p.flag("keep-points", o.keep_points, "With --publish: keep point layers and incident records");
    p.number("publish-cell", o.cell, "With --publish: the finest cell of a published surface, and the smallest polygon "
                                     "(its square)", Range::between(25, 1000))
        .def("100")
        .in_unit("metres");
    p.text("disclosure", o.method, "With --publish: how counts are protected: suppression (hidden counts, and others "
                                   "hidden so that none can be worked out, audited) or cell-key (every count changed a "
                                   "little, the same way in every release)")
        .one_of({"suppression", "cell-key"})
        .def("suppression");
    p.integer("protection", o.protection, "With --publish and suppression: values of 1..N-1 a hidden count keeps open "
                                          "given everything published", Range::between(1, 99))
        .def("3");
    p.number("min-street-length", o.min_street_length,
             "With --publish: street segments shorter than this have every count withheld (shown as x), whatever "
             "it is: a short street's count describes its few households. 0 publishes every segment's counts",
             Range::between(0, 1000))
        .def("100")
        .in_unit("metres");
    p.path("publish-secret", o.secret, "With --publish and cell-key: the file of the secret behind the record keys "
                                       "(default: this user's, made on first use)");
}

bool publish_option(const std::string& name) {
    static const std::set<std::string> names = [] {
        Params p;
        PublishParams o;
        declare_publish(p, o);
        std::set<std::string> s;
        for (const auto& q : p.all()) s.insert(q.name);
        return s;
    }();
    return names.count(name) > 0;
}

void check_publish(const PublishParams& o, const Params& p, Context& ctx) {
    if (!o.on)
        for (const auto& q : p.all())
            if (q.given && q.name != "publish" && publish_option(q.name))
                throw UsageError(fmt::format("--{} is an option of --publish; add --publish", q.name));
    if (o.on && !o.sensitive_sites.empty()) ctx.polygons(o.sensitive_sites, "--sensitive-sites");
}

const char* const tiles_not_published =
    "a surface made in tiles (tile-size) cannot be published: publishing bands the whole surface at once; publish a run "
    "without a tile size";

void check_publish_tiles(const PublishParams& o, const steps::Step& step) {
    if (o.on && step.tiled()) throw UsageError(std::string("--publish: ") + tiles_not_published);
}

std::uint64_t remove_sensitive(Ingested& in, const PublishParams& o, Context& ctx) {
    if (!o.on || o.sensitive_sites.empty()) return 0;
    const auto& sites = ctx.polygons(o.sensitive_sites, "--sensitive-sites");
    geo::AreaLocator locate(*sites.index);
    std::vector<bool> keep(in.set.incidents.size(), true);
    std::uint64_t removed = 0;
    for (std::size_t i = 0; i < keep.size(); ++i)
        if (locate.locate(in.set.incidents[i].x, in.set.incidents[i].y) >= 0) {
            keep[i] = false;
            ++removed;
        }
    keep_selected(in.set, keep, in.assignment);
    ctx.log().note(fmt::format("--publish: {} incidents inside --sensitive-sites {} removed before any computation", removed,
                               o.sensitive_sites));
    return removed;
}

nlohmann::json publish_statement(const PublishParams& o, const nlohmann::json& audit) {
    const bool perturbed = o.method == "cell-key";
    nlohmann::json j = {{"suppress_below", o.suppress_below},
            {"disclosure", audit},
            {"sensitive_sites", !o.sensitive_sites.empty()},
            {"points_kept", o.keep_points},
            {"cell_m", o.cell},
            {"polygon_precision_m", o.cell / 10},
            {"statement",
             fmt::format("Published: {}; rates and ranks made from the published counts, test statistics left out (classes "
                         "kept), and texts state published figures only; {}surfaces as bands of 100 m cells{}; polygons on "
                         "a {:g} m grid, none smaller than {:g} m square{}",
                         perturbed ? fmt::format("every count changed a little by the cell-key method (counts 1 to {} shown "
                                                 "as 0 or {}), the same way in every release", o.suppress_below - 1,
                                                 o.suppress_below)
                                   : fmt::format("counts below {} shown as <{}, and others as x so that no hidden count can "
                                                 "be worked out from the rest (audited)", o.suppress_below, o.suppress_below),
                         o.keep_points ? "" : "point layers and incident records left out; ",
                         o.cell == 100 ? "" : fmt::format(" ({:g} m)", o.cell), o.cell / 10, o.cell,
                         o.sensitive_sites.empty() ? "" : "; incidents inside sensitive sites removed before any computation")}};
    // Said only where it applied (a board of street segments with short ones), so that other
    // releases read as before.
    if (audit.contains("withheld_short_segments"))
        j["statement"] = j["statement"].get<std::string>() +
                         fmt::format("; every count of a street segment shorter than {:g} m withheld (x)", o.min_street_length);
    return j;
}

std::string publish_secret(const PublishParams& o, Log& log) {
    bool made = false;
    const std::string path = o.secret.empty() ? io::default_secret_path() : o.secret;
    const std::string secret = io::read_or_make_secret(path, o.secret.empty(), made);
    if (made) log.note("--publish: made the secret of the record keys in " + path + "; keep it: releases made with it agree");
    return secret;
}

}  // namespace hotspots::report
