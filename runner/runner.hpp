#pragma once
// One life-cycle for every step, whichever front-end drives it (GDAL 3.11's
// GDALAlgorithm::Run serves its command line and its pipeline alike): the step is checked
// before any incident is read, gets its incidents (read for it, or taken from a reading a pack
// shares), runs, writes its products through the publishing writer when publishing, and is
// described for the manifest. The command line and the pack call this; neither repeats it.
#include "report/manifest.hpp"
#include "report/publish.hpp"
#include "report/release.hpp"
#include "report/report_html.hpp"
#include "steps/step.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hotspots::runner {

// The options the front-ends add to every step that reads incidents: publishing and the
// report of its outputs (report/ owns both; steps never see them).
struct FrontParams {
    report::PublishParams publish;
    report::ReportParams report;
    bool check = false;  // --check: stop once everything is checked, before reading an incident
};
void declare_front(steps::Params& p, FrontParams& o);

class StepRun {
public:
    explicit StepRun(steps::Step& step) : m_step(step) {}
    steps::Step& step() { return m_step; }
    const steps::Step& step() const { return m_step; }

    // The step's own checks (options against each other, side files read through ctx), then
    // its filters against the area layers. Throws UsageError or io::IoError.
    void check(steps::Context& ctx, const steps::AreaLayers& areas);
    // Runs on `data`, which it keeps with the result until release(). `label` prefixes what
    // fails ("step kde on theme burglary: "). Times itself.
    void run(steps::Ingested data, steps::Context& ctx, const std::string& label = "");
    // Does not run: `data` (the step's incidents, none in its periods) is kept for the
    // manifest, which says `reason`. A skipped step writes nothing.
    void skip(steps::Ingested data, std::string reason);
    // The products to `writer` (a release's writer when publishing: report::Release::step).
    void write(steps::Writer& writer);
    // What the command prints; "" for nothing.
    std::string summary() const;
    // Its entry in the manifest (a published release puts in its incidents as it publishes them).
    report::StepEntry entry(const std::string& name, const std::string& theme) const;
    const steps::Ingested& data() const { return m_data; }
    const steps::Result& result() const { return *m_result; }
    bool ran() const { return m_result != nullptr; }
    bool skipped() const { return !m_skipped.empty(); }
    void release();

private:
    steps::Step& m_step;
    steps::Ingested m_data;
    std::unique_ptr<steps::Result> m_result;
    double m_seconds = 0;
    std::string m_skipped;  // why it did not run, or ""
};

// Incidents read once per input and shared by the steps that use it (a pack): every step's
// needs merged, the areas mapped once, sensitive sites removed once; each step then takes the
// incidents of its period, types and area.
class SharedReading {
public:
    // `needs` merged from every step on the input.
    steps::Ingested& read(const steps::InputParams& input, const std::vector<std::string>& files, const steps::Needs& needs,
                          const steps::AreaLayers& areas, const report::PublishParams& publish, steps::Context& ctx);
    // The incidents of a step (its filters) from a reading; `harm_weights` weighs them.
    static steps::Ingested select(const steps::Ingested& base, const steps::FilterParams& filters,
                                  const std::string& harm_weights, steps::Context& ctx, steps::Log& log);
    std::uint64_t removed = 0;  // in sensitive sites

private:
    steps::Ingested m_base;
};

// A command: one step on its own incidents, products to the files its options name, the
// report of them when asked. `front_params` holds the front-end's options as given. Returns
// what to print on stdout ("" when publishing). Throws UsageError, io::IoError or
// std::runtime_error.
std::string run_command(steps::Step& step, const FrontParams& front, const steps::Params& front_params, steps::Log& log);

}  // namespace hotspots::runner
