#pragma once
// The front page's lead for each theme (docs/report.md "Front page"): its top hotspots this
// period with their change and class against an earlier period, the areas with a significant
// change, and the board's lines. Only what the theme's steps made and the release holds: a
// published pack's lead is read from its published tables, so it shows no hidden figure.
#include "report/manifest.hpp"
#include "steps/product.hpp"

#include <string>
#include <vector>

namespace hotspots::report {

// An output with what its step declared of it.
struct Item {
    const OutputEntry* out;
    const StepEntry* step;
    steps::Product product;
    std::string run;
};

// What the step `run` declares it makes (nothing for a step this version does not know).
const std::vector<steps::Product>& declared_products(const std::string& run);

// "2024-10-01..2024-12-31" as people say it: "October to December 2024"; other text as it is.
std::string period_words(const std::string& period);

// One theme's lead: HTML for the front page, reading the items' files under `folder`.
std::string theme_lead(const ThemeEntry& theme, const std::vector<Item>& items, const std::vector<StepEntry>& steps,
                       const std::string& folder);

// What the classes of the leads' hotspots mean, said once under them.
std::string lead_key();

}  // namespace hotspots::report
