#pragma once
// site's step as its files share it (steps/site*.cpp): its options, result and parts.
#include "geo/area_index.hpp"
#include "hotspots/site_study.hpp"
#include "io/feature_writer.hpp"
#include "steps/street_network.hpp"
#include "steps/step.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hotspots::steps::detail {

struct SiteResult : Result {
    io::FeatureTable sites;
    io::FeatureTable reach;  // --coverage network or view: what each site covers
    std::vector<std::vector<std::string>> curve;
    nlohmann::json metadata;
    std::string text;
};

class SiteStep : public Step {
public:
    SiteStep();
    StepInfo info() const override;
    bool weighs_incidents() const override { return true; }
    void check(Context& ctx, const AreaLayers&) override;
    Needs needs() const override;
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override { return result_as<SiteResult>(r).text; }

private:
    SiteCandidates read_sites(Context& ctx, const IncidentSet& set, std::vector<std::string>& ids) const;
    std::unique_ptr<Result> package(const SiteStudy& st, const SiteCandidates& sites, const std::vector<std::string>& ids,
                                    const geo::AreaIndex* hot, const Ingested& in) const;
    io::FeatureTable reach(const SiteStudy& st, const SiteCandidates& sites, const std::vector<std::string>& ids) const;

    std::string m_candidates, m_candidates_crs, m_existing, m_existing_crs, m_model = "mclp", m_cost_field, m_radius_field,
        m_id_field, m_bearing_field, m_solver = "auto", m_harm_weights, m_hotspots, m_output, m_curve, m_reach;
    std::string m_coverage = "straight";
    NetworkParams m_net;
    double m_radius = 75, m_share = 80, m_time_limit = 60, m_view = 360, m_half_width = 8;
    std::optional<double> m_budget;
    std::int64_t m_count = 10;
};

}  // namespace hotspots::steps::detail
