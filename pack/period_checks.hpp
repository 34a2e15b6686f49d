#pragma once
// A pack's periods against what it has (docs/pack.md, "Periods, data and boundaries"): the
// area layers' dates against each step's periods before anything is read, and, once the
// incidents are read, whether a step on a theme has any in its periods (a step without is
// skipped, not failed: a monthly pack runs on inputs that end at different months).
#include "pack/pack_file.hpp"
#include "steps/context.hpp"
#include "steps/input.hpp"
#include "steps/step.hpp"

#include <map>
#include <string>
#include <vector>

namespace hotspots::pack {

// One period a step counts incidents in: its period (or --from/--to) and the periods of its
// own temporal options (change's before and after). Both ends inclusive; an end not given is
// open (the smallest or largest time).
struct StepPeriod {
    std::string name;  // the option: period, before, after
    Period period;
};
std::vector<StepPeriod> step_periods(const steps::Step& step);
// "2024-12-01..2025-02-28", or "before 2023-12-01..2024-02-29 and after 2024-12-01..2025-02-28".
std::string periods_text(const std::vector<StepPeriod>& periods);

// Checks the [[areas]] that give from/to against every step's periods. Throws UsageError
// (exit 2) naming the [[areas]] line when a period lies wholly outside a layer's boundaries;
// logs a warning when it lies partly outside (and returns it, per step, for the manifest);
// logs one warning when the pack has areas and none gives a date.
std::map<const PackStep*, std::vector<std::string>> check_area_dates(const PackFile& pack, steps::Log& log);

// Why a step on a theme is skipped, or "" when it runs: it is skipped when `base` (the
// reading of input `input`) holds no incident in one of the step's periods, or `selected`
// (the step's incidents) none in any of them. The reason names the period and the dates the
// input holds.
std::string skip_reason(const steps::Step& step, const steps::Ingested& base, const steps::Ingested& selected,
                        const std::string& input);

// "input allcrime holds incidents from 2016-01 to 2018-06, input ..." (`read`: null for an
// input no step used).
std::string inputs_dates(const std::vector<std::string>& names, const std::vector<const steps::Ingested*>& read);

// The error when every step on every theme was skipped: the steps' periods and the dates each
// input (`read`, one per [inputs]) holds, and what to do.
std::string nothing_in_period(const PackFile& pack, const std::vector<const steps::Step*>& made,
                              const std::vector<const steps::Ingested*>& read);

}  // namespace hotspots::pack
