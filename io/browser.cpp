#include "io/browser.hpp"

#include "io/atomic_file.hpp"
#include "io/gdal_util.hpp"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace hotspots::io {
namespace fs = std::filesystem;
namespace {

// Runs the browser with `args` (no shell), its output thrown away; throws IoError on failure.
void run_browser(std::vector<std::string> args, const std::string& what) {
    const std::string exe = chromium_path();
    if (exe.empty()) throw IoError(what + ": chromium is not installed (apt-get install chromium)");
    args.insert(args.begin(), {exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                               "--virtual-time-budget=8000", "--no-first-run", "--disable-extensions"});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid < 0) throw IoError(what + ": cannot start chromium");
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(127);
        execv(exe.c_str(), argv.data());
        _exit(127);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw IoError(fmt::format("{}: chromium failed (status {})", what, status));
}

// The page in a temporary folder of its own, removed when done.
class TempPage {
public:
    explicit TempPage(const std::string& html) {
        char dir[] = "/tmp/hotspots-page-XXXXXX";
        if (!mkdtemp(dir)) throw IoError("cannot make a temporary folder for the browser");
        m_dir = dir;
        m_file = m_dir + "/report.html";
        std::FILE* f = std::fopen(m_file.c_str(), "wb");
        const bool ok = f && std::fwrite(html.data(), 1, html.size(), f) == html.size();
        if (!f || std::fclose(f) != 0 || !ok) throw IoError(m_file + ": write failed");
    }
    ~TempPage() {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    TempPage(const TempPage&) = delete;
    TempPage& operator=(const TempPage&) = delete;
    std::string url() const { return "file://" + m_file; }

private:
    std::string m_dir, m_file;
};

}  // namespace

std::string chromium_path() {
    for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"})
        if (access(p, X_OK) == 0) return p;
    return "";
}

void print_pdf(const std::string& html, const std::string& pdf) {
    const TempPage page(html);
    AtomicOutput out(pdf, {});
    run_browser({"--no-pdf-header-footer", "--print-to-pdf=" + fs::absolute(out.temp_path()).string(), page.url()}, "--pdf " + pdf);
    if (!fs::exists(out.temp_path()) || fs::file_size(out.temp_path()) == 0) throw IoError("--pdf " + pdf + ": chromium wrote nothing");
    out.commit();
}

void map_screenshots(const std::string& html, const std::string& folder, const std::vector<std::string>& ids) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw IoError(folder + ": cannot create (" + ec.message() + ")");
    const TempPage page(html);
    for (const auto& id : ids) {
        const std::string png = (fs::path(folder) / (id + ".png")).string();
        AtomicOutput out(png, {});
        run_browser({"--window-size=1600,1000", "--screenshot=" + fs::absolute(out.temp_path()).string(), page.url() + "#only=" + id}, png);
        if (!fs::exists(out.temp_path())) throw IoError(png + ": chromium wrote nothing");
        out.commit();
    }
}

}  // namespace hotspots::io
