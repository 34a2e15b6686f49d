#pragma once
// --publish (docs/publish.md): outputs safe to put on a website. Its options (declared by the
// front-ends: every command that reads incidents, and a pack's top-level keys); the incidents
// inside sensitive sites (refuges), removed before any computation; the statement every
// published product carries. The release as a whole is protected by report/release.
#include "steps/step.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots::report {

using steps::Context;
using steps::Ingested;
using steps::Log;
using steps::Params;
using steps::Writer;

struct PublishParams {
    bool on = false, keep_points = false;
    std::int64_t suppress_below = 5;
    double cell = 100;  // metres
    std::string sensitive_sites;
    std::string method = "suppression";  // or "cell-key"
    int protection = 3;                  // values a hidden count keeps open (suppression)
    std::string secret;                  // the key of the record keys (cell-key); "" for this user's
    // Street segments shorter than this (metres) have every count withheld, whatever its value:
    // on a few households' stretch of street any count describes them (docs/publish.md).
    double min_street_length = 100;
};
void declare_publish(Params& p, PublishParams& o);
// Whether `name` is one of the options declare_publish declares (--publish and its own).
bool publish_option(const std::string& name);

// Options against each other (the others of --publish need it; `p` holds them as given), and
// the sites read.
void check_publish(const PublishParams& o, const Params& p, Context& ctx);

// A published surface is banded whole (docs/publish.md), so a step making its raster in tiles
// (`step.tiled()`, known once checked) cannot be published: refused before anything is read.
void check_publish_tiles(const PublishParams& o, const steps::Step& step);
extern const char* const tiles_not_published;

// Removes the incidents inside --sensitive-sites; returns how many there were.
std::uint64_t remove_sensitive(Ingested& in, const PublishParams& o, Context& ctx);

// What was done, for the metadata of every product and the report's front page: the options,
// and the release's audit (report::ReleaseAudit::to_json). How many incidents the sensitive
// sites held is not said: that is the count the sites are there to protect.
nlohmann::json publish_statement(const PublishParams& o, const nlohmann::json& audit);

// The secret of the record keys of the cell-key method: --publish-secret FILE, or this user's
// (created with 32 random bytes on first use, and said so).
std::string publish_secret(const PublishParams& o, Log& log);

}  // namespace hotspots::report
