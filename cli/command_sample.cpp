// hotspots sample: the synthetic data set in sample_data/.
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "io/sample_writer.hpp"

#include <fmt/format.h>

#include <memory>

namespace hotspots::cli {
namespace {

struct SampleOptions {
    std::string folder = "sample_data";
    std::uint64_t seed = 20260101;
    bool quiet = false;
};

int run_sample(const SampleOptions& o) {
    Reporter report("sample", o.quiet, 0);
    const Sample s = generate_sample(o.seed);
    const auto files = io::write_sample(s, o.folder, o.seed);
    report.note(fmt::format("{} incidents, {} wards, {} boroughs; wrote {} files to {}", s.incidents.size(), s.wards.size(),
                            s.boroughs.size(), files.size(), o.folder));
    return 0;
}

}  // namespace

std::function<int()> setup_sample(CLI::App& app) {
    auto o = std::make_shared<SampleOptions>();
    app.add_option("-o,--output", o->folder, "Folder to write into (created if needed)")->capture_default_str();
    app.add_option("--seed", o->seed, "Random seed; the same seed gives the same files")->capture_default_str();
    app.add_flag("-q,--quiet", o->quiet, "No notes on stderr");
    return [o] { return run_sample(*o); };
}

}  // namespace hotspots::cli
