// A step registered only through the registry (steps::add_step), to prove that a new analysis
// needs no shared file: the command line, the pack, the docs, the smoke tests, the report and
// publishing all learn it from its declarations (tests/cli/probe_step.sh). Its count column has
// a name no shared code could know, and its small bucket numbers are identifiers.
#include "cli/app.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <map>

namespace {

using namespace hotspots;
using namespace hotspots::steps;

struct ProbeResult : Result {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::vector<std::uint32_t>> members;  // per row: the incidents its tally counts
};

class Probe : public Step {
public:
    Probe() {
        declare_common(false);
        m_params.output("output", m_output, "Incidents per crime category (CSV)", "tallies", ".csv").short_form("o");
    }
    StepInfo info() const override {
        return {"probe",
                "Incidents per crime category (a test's step)",
                "docs/development.md",
                {{.role = "tallies", .kind = ProductKind::table, .title = "Probe tallies", .table = TableView::rows}}};
    }
    void check(Context&, const AreaLayers&) override {
        if (m_output.empty()) throw UsageError("give -o tallies.csv");
    }
    std::unique_ptr<Result> run(Ingested& in, Context&) override {
        std::map<std::string, std::vector<std::uint32_t>> n;
        for (std::uint32_t k = 0; k < in.set.incidents.size(); ++k) n[std::string(slug(in.set.incidents[k].category))].push_back(k);
        auto r = std::make_unique<ProbeResult>();
        std::size_t bucket = 0;
        for (const auto& [category, members] : n) {
            r->rows.push_back({std::to_string(++bucket), category, std::to_string(members.size()),
                               fmt::format("{:.4f}", static_cast<double>(members.size()) / static_cast<double>(in.set.incidents.size()))});
            r->members.push_back(members);
        }
        return r;
    }
    void write(const Result& r, Writer& w) const override {
        // Which incidents each tally counts: publishing protects it with every other count.
        w.counts("tallies", {{"tally_of_things", result_as<ProbeResult>(r).members}});
        w.table("tallies",
                {{"bucket", ColumnRole::identifier}, {"category", ColumnRole::category}, {"tally_of_things", ColumnRole::count},
                 {"share_of_all", ColumnRole::rate, Derivation::ratio("tally_of_things", "@incidents")}},
                result_as<ProbeResult>(r).rows, nullptr);
    }
    std::string report(const Result& r) const override {
        return fmt::format("{} categories\n", result_as<ProbeResult>(r).rows.size());
    }

private:
    std::string m_output;
};

}  // namespace

int main(int argc, char** argv) {
    steps::add_step("probe", [] { return std::make_unique<Probe>(); });
    return cli::run(argc, argv);
}
