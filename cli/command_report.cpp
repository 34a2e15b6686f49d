// hotspots report: one self-contained HTML file from a pack's folder (its manifest, layers,
// rasters and tables): a front page, then per theme a map (Leaflet) and its tables and charts
// (Chart.js), printable on A4 landscape; optionally a PDF and a PNG of each map through
// headless Chromium. See docs/report.md.
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/step_command.hpp"
#include "io/atomic_file.hpp"
#include "io/browser.hpp"
#include "io/source_check.hpp"
#include "io/table_writer.hpp"
#include "io/text.hpp"
#include "report/report_assets.hpp"
#include "report/report_html.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>

namespace hotspots::cli {
namespace {

namespace fs = std::filesystem;
using steps::UsageError;

struct ReportCommand {
    report::ReportCommandParams o;
    steps::Params params;
    ReportCommand() {
        report::declare_report_command(params, o);
        params.apply_defaults();
    }
};

}  // namespace

std::function<int()> setup_report(CLI::App& app) {
    auto cmd = std::make_shared<ReportCommand>();
    CLI::App* sub = app.add_subcommand("report", "A report people read: one offline HTML file of a pack's maps, tables and charts");
    sub->get_formatter()->column_width(34);
    sub->footer("See docs/report.md and docs/commands.md.");
    auto binding = std::make_shared<OptionBinding>(*sub, cmd->params);
    return [cmd, binding] {
        binding->apply();
        io::allow_remote_sources(cmd->o.run.allow_remote);
        if (!cmd->o.tiles.empty()) report::tile_source(cmd->o.tiles);  // checked before anything is read
        if (!cmd->o.pdf.empty() && !io::lower_case(cmd->o.pdf).ends_with(".pdf")) throw UsageError("--pdf " + cmd->o.pdf + ": give a .pdf file");
        Reporter log("report", cmd->o.run.quiet, cmd->o.run.verbose);
        report::check_report_context(cmd->o.context);
        const auto manifest = report::read_pack_manifest(cmd->o.folder);
        if (manifest.published && !cmd->params.find("marking")->given)
            log.warning("the pack was published, and its report is marked " + cmd->o.marking +
                        " (the default): give the published pages their marking with --marking");
        std::string output = cmd->o.output.empty() ? (fs::path(cmd->o.folder) / "report.html").string() : cmd->o.output;
        std::string pdf = cmd->o.pdf, png = cmd->o.png;
        if ((!pdf.empty() || !png.empty()) && io::chromium_path().empty()) {
            log.warning("--pdf and --png need chromium (apt-get install chromium); the HTML report is written without them");
            pdf.clear();
            png.clear();
        }
        const auto page = report::report_html(manifest, {cmd->o.folder, cmd->o.marking, cmd->o.tiles, "", cmd->o.context, cmd->o.places, cmd->o.trend_months}, log);
        // The report is a file of its own (not a pack product), written atomically, then printed;
        // the HTML, the PDF and the PNGs appear together or not at all (a full disk under chromium).
        std::string said;
        {
            io::CommitTogether together;
            io::write_text(output, page.html, {(fs::path(cmd->o.folder) / "manifest.json").string()});
            said = "wrote " + output + "\n";
            if (!pdf.empty()) {
                io::print_pdf(page.html, pdf);
                said += "wrote " + pdf + "\n";
            }
            if (!png.empty()) {
                io::map_screenshots(page.html, png, page.map_ids);
                said += "wrote the maps as PNG into " + png + "\n";
            }
            together.commit();
        }
        std::fwrite(said.data(), 1, said.size(), stdout);
        return 0;
    };
}

}  // namespace hotspots::cli
