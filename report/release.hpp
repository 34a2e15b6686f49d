#pragma once
// A published release (docs/publish.md): every product of a command, or of a whole pack, held
// until the release as a whole is protected, then written. The release gathers every count
// (tables, layers, the metadata's counts, the steps' incident counts) with the incidents each
// counts, runs one disclosure step over all of them (hotspots/disclosure: suppression with an
// audit, or cell-key perturbation), makes every derived figure (rates, ranks, texts) from the
// published counts, and withholds what would give a count or a place back (statistics, rates
// without a derivation, places and dates of rows with a hidden count, point layers).
#include "hotspots/disclosure.hpp"
#include "report/publish.hpp"
#include "steps/step.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hotspots::report {

// The audit's summary, for the manifest, the report and docs/publish.md.
struct ReleaseAudit {
    std::string method;  // "suppression" or "cell-key"
    std::size_t counts = 0, primary = 0, secondary = 0, perturbed = 0, atoms = 0, solves = 0;
    std::size_t withheld = 0;  // counts the audit cannot place, withheld beside hidden ones
    int protection = 0;  // values every primary hidden count keeps open, at least
    std::size_t withheld_short = 0;  // counts of street segments shorter than min_street_length, withheld
    double min_street_length = 0;
    // Every hidden count's interval given the release: where it was, its marker, the interval.
    struct Hidden {
        std::string where, marker;
        double low = 0, high = 0;
    };
    std::vector<Hidden> hidden;
    nlohmann::json to_json() const;
};

// A release refused by its audit: what cannot be protected, and what to change.
struct ReleaseRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Release {
public:
    Release(const PublishParams& o, Log& log);
    ~Release();
    Release(const Release&) = delete;
    Release& operator=(const Release&) = delete;

    // The writer of one step's products: they are held, with the step's declarations and the
    // incidents their counts count (`data`, its `input` among the release's inputs), until
    // commit(); then `inner` gets them. `label` names the step in messages ("burglary/kde").
    Writer& step(Writer& inner, const steps::StepInfo& info, const steps::Ingested& data, std::size_t input,
                 const std::string& label, Log& log);
    // The same, the release keeping `inner` until commit() (a pack's writer per step).
    Writer& step(std::unique_ptr<Writer> inner, const steps::StepInfo& info, const steps::Ingested& data,
                 std::size_t input, const std::string& label, Log& log);

    // Protects the release as a whole and writes every product to its writer. Throws
    // ReleaseRefused when a hidden count cannot be protected (nothing is written then).
    void commit();

    // After commit(): a step's count of incidents as published (a number, "<N" or "x").
    nlohmann::json step_incidents(const std::string& label) const;
    const ReleaseAudit& audit() const;

    struct Impl;  // in release_detail.hpp, with the writer of a step's products

private:
    std::unique_ptr<Impl> m;
};

}  // namespace hotspots::report
