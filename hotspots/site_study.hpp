#pragma once
// A siting study composed from the covering models of hotspots/site: incidents merged into
// demand points (only those inside hotspot polygons when given), candidate and existing sites
// covered within their radius and view, the model solved, and what each chosen site adds,
// which hotspots it serves, and how sites drawn at random compare. See docs/site.md.
#include "geo/area_index.hpp"
#include "hotspots/site.hpp"
#include "hotspots/site_network.hpp"
#include "hotspots/site_view.hpp"
#include "model/incident.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hotspots {

// Incidents at one point merged into one demand point (data.police.uk's shared map points,
// repeat addresses), in the order each point is first met.
struct SiteDemand {
    std::vector<geo::XY> points;
    std::vector<double> weight;              // the incidents' summed weights
    std::vector<std::uint64_t> incidents;    // how many incidents each point holds
    std::vector<int> hotspot;                // the hotspot holding each point (-1 without hotspots)
    std::uint64_t outside_hotspots = 0;      // incidents left out: inside no hotspot
    bool month_only = false;                 // some incidents are dated to the month (anonymised points)
};

// With `hotspots`, only the incidents inside one are demand.
SiteDemand site_demand(const IncidentSet& set, const geo::AreaIndex* hotspots = nullptr);

// The sites to choose from, then those already there; per-site vectors are empty or as long
// as their points.
struct SiteCandidates {
    std::vector<geo::XY> points;
    std::vector<double> cost;      // empty: 1 each
    std::vector<double> radius;    // metres; empty: SiteSettings::radius
    std::vector<double> bearing;   // degrees clockwise from north; empty: all round
    std::vector<geo::XY> existing;  // kept and counted first; cost 1, the common radius, all round
};

struct SiteSettings {
    double radius = 75;       // metres
    std::string model = "mclp";  // mclp, lscp or budget
    std::size_t count = 10;   // sites (mclp)
    double share = 0.8;       // of the demand to cover (lscp), 0..1
    double budget = std::numeric_limits<double>::infinity();
    double view = 360;        // degrees around each bearing
    std::string solver = "auto";  // auto (exact up to auto_exact_pairs), exact or greedy
    double time_limit_s = 60;
    std::size_t auto_exact_pairs = 200'000;
    std::size_t random_draws = 20;
    // Coverage along these streets (nullptr: as the crow flies): the radius is a walking distance.
    const std::vector<NetworkLine>* network = nullptr;
    double snap = 1;  // network vertices closer than this are one junction, metres
    // With the network: > 0 for coverage in view along the street (site_view.hpp), the
    // corridor's half-width in metres; sites and points further than street_tolerance from
    // every line are off the street and see or are seen by nothing.
    double corridor = 0;
    double street_tolerance = 30;
    unsigned threads = 1;
};

// A chosen site in rank order with what it adds: the demand and incidents it newly covers,
// the running totals, and the hotspots it newly reaches (ascending).
struct SitePick {
    std::uint32_t site = 0;  // index into SiteCandidates::points
    double gain = 0, covered = 0;
    std::uint64_t incidents_new = 0, incidents_covered = 0;
    std::vector<int> serves;
};

struct SiteStudy {
    std::size_t pairs = 0;     // site-point pairs within reach
    NetworkCoverNote network;  // with SiteSettings::network: what coverage along it found
    ViewCoverNote view;        // with SiteSettings::corridor: what coverage in view found
    std::uint64_t incidents_off_street = 0;  // in view: incidents at points off the street, never covered
    bool reach = false;        // some candidate reaches some demand point; when not, nothing was solved
    std::string infeasible;    // lscp: why no choice reaches the share (nothing else is filled in)
    SiteSolution solution;
    std::uint64_t existing_incidents = 0;  // incidents the existing sites cover
    std::vector<SitePick> picks;
    // Per hotspot: its incidents and how many the sites (existing and chosen) cover.
    std::vector<std::uint64_t> hotspot_incidents, hotspot_covered;
    // Mean demand covered by as many candidates drawn at random (fixed seed), over
    // random_draws draws; none (0) when every candidate or none was chosen.
    double random_mean = 0;
    std::size_t random_draws = 0;
    double gap = std::numeric_limits<double>::quiet_NaN();  // relative gap to the solver's bound, >= 0
};

// Covers, solves and ranks (greedy answers re-ranked by marginal gain). `hotspot_count` is
// the number of hotspot polygons behind demand.hotspot (0 without).
SiteStudy site_study(const SiteDemand& demand, const SiteCandidates& candidates, const SiteSettings& settings,
                     std::size_t hotspot_count = 0);

}  // namespace hotspots
