// sample: the synthetic data set in sample_data/ (docs/sample-data.md).
#include "hotspots/sample_generator.hpp"
#include "io/sample_writer.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

namespace hotspots::steps {
namespace {

struct SampleResult : Result {
    Sample sample;
};

class SampleStep : public Step {
public:
    SampleStep() {
        m_params.text("output", m_folder, "Folder to write into (created if needed)").short_form("o").def("sample_data");
        m_params.integer("seed", m_seed, "Random seed; the same seed gives the same files", Range::at_least(0)).def("20260101");
        declare_run(m_params, m_run);
    }
    StepInfo info() const override {
        return {"sample", "Generate the synthetic sample data set (deterministic by seed)", "docs/sample-data.md", {}};
    }
    bool reads_incidents() const override { return false; }
    void check(Context&, const AreaLayers&) override {}
    std::unique_ptr<Result> run(Ingested&, Context& ctx) override {
        auto r = std::make_unique<SampleResult>();
        r->sample = generate_sample(m_seed);
        const auto& s = r->sample;
        ctx.log().note(fmt::format("{} incidents, {} wards, {} boroughs; writing to {}", s.incidents.size(), s.wards.size(),
                                   s.boroughs.size(), m_folder));
        return r;
    }
    // A folder of files in fixed layouts, written by io (not products of a pack).
    void write(const Result& result, Writer&) const override {
        const auto& s = result_as<SampleResult>(result).sample;
        io::write_sample(s, m_folder, m_seed);
    }

private:
    std::string m_folder = "sample_data";
    std::uint64_t m_seed = 20260101;
};

}  // namespace

std::unique_ptr<Step> make_sample() { return std::make_unique<SampleStep>(); }

}  // namespace hotspots::steps
