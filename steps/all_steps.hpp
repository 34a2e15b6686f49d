#pragma once
// The factories of every step, one per file in steps/, listed by the registry.
#include <memory>

namespace hotspots::steps {

class Step;
std::unique_ptr<Step> make_info();
std::unique_ptr<Step> make_map();
std::unique_ptr<Step> make_kde();
std::unique_ptr<Step> make_repeats();
std::unique_ptr<Step> make_nearrepeat();
std::unique_ptr<Step> make_cocoon();
std::unique_ptr<Step> make_gistar();
std::unique_ptr<Step> make_change();
std::unique_ptr<Step> make_trend();
std::unique_ptr<Step> make_dashboard();
std::unique_ptr<Step> make_profile();
std::unique_ptr<Step> make_site();
std::unique_ptr<Step> make_walk();
std::unique_ptr<Step> make_evaluate();
std::unique_ptr<Step> make_sample();

}  // namespace hotspots::steps
