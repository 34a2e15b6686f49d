// report: one self-contained HTML file from a pack's folder (its manifest, layers, rasters and
// tables): a front page, then per theme a map (Leaflet) and its tables and charts (Chart.js),
// printable on A4 landscape; optionally a PDF and a PNG of each map through headless Chromium.
// See docs/report.md.
#include "io/browser.hpp"
#include "io/pack_reader.hpp"
#include "io/table_writer.hpp"
#include "io/text.hpp"
#include "steps/all_steps.hpp"
#include "steps/report_html.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace hotspots::steps {
namespace {

namespace fs = std::filesystem;

struct ReportResult : Result {
    ReportPage page;
};

class Report : public Step {
public:
    Report() {
        auto& p = m_params;
        auto& folder = p.path("folder", m_folder, "The folder a pack wrote (with its manifest.json)");
        folder.positional = true;
        folder.required = true;
        p.output("output", m_output, "The report: one HTML file that works offline (default FOLDER/report.html)", "report",
                 ".html")
            .short_form("o");
        p.text("marking", m_marking, "Protective marking shown at the top and bottom of every page (OFFICIAL-SENSITIVE, ...)")
            .def("OFFICIAL-SENSITIVE");
        p.text("tiles", m_tiles, "A tile-layer URL template ({z}/{x}/{y}) for a background map; off by default, as a report "
                                 "must work on a closed network");
        p.text("pdf", m_pdf, "Also print the report to this PDF (A4 landscape, with headless Chromium)");
        p.text("png", m_png, "Also write a PNG of each theme's map into this folder, for slides (headless Chromium)");
        declare_run(p, m_run);
    }
    StepInfo info() const override {
        return {"report", "A report people read: one offline HTML file of a pack's maps, tables and charts", "docs/report.md"};
    }
    bool reads_incidents() const override { return false; }
    void check(Context& ctx, const AreaLayers&) override {
        const auto manifest = io::read_manifest(m_folder);
        if (manifest.contains("published") && !m_params.find("marking")->given)
            ctx.log().warning("the pack was published, and its report is marked " + m_marking +
                              " (the default): give the published pages their marking with --marking");
        if (m_output.empty()) m_output = (fs::path(m_folder) / "report.html").string();
        if (!m_pdf.empty() && !io::lower_case(m_pdf).ends_with(".pdf")) throw UsageError("--pdf " + m_pdf + ": give a .pdf file");
        ctx.record_read((fs::path(m_folder) / "manifest.json").string());
        if ((!m_pdf.empty() || !m_png.empty()) && io::chromium_path().empty()) {
            ctx.log().warning("--pdf and --png need chromium (apt-get install chromium); the HTML report is written without them");
            m_pdf.clear();
            m_png.clear();
        }
    }
    std::unique_ptr<Result> run(Ingested&, Context& ctx) override {
        auto r = std::make_unique<ReportResult>();
        ReportOptions o{m_folder, m_marking, m_tiles, ""};
        r->page = report_html(o, ctx.log());
        return r;
    }
    void write(const Result& result, Writer&) const override {
        const auto& r = result_as<ReportResult>(result);
        // The report is a file of its own (not a pack product), written atomically, then printed.
        io::write_text(m_output, r.page.html, {});
        if (!m_pdf.empty()) io::print_pdf(r.page.html, m_pdf);
        if (!m_png.empty()) io::map_screenshots(r.page.html, m_png, r.page.map_ids);
    }
    std::string report(const Result&) const override {
        std::string s = "wrote " + m_output + "\n";
        if (!m_pdf.empty()) s += "wrote " + m_pdf + "\n";
        if (!m_png.empty()) s += "wrote the maps as PNG into " + m_png + "\n";
        return s;
    }

private:
    std::string m_folder, m_output, m_marking = "OFFICIAL-SENSITIVE", m_tiles, m_pdf, m_png;
};

}  // namespace

std::unique_ptr<Step> make_report() { return std::make_unique<Report>(); }

}  // namespace hotspots::steps
