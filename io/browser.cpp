#include "io/browser.hpp"

#include "io/atomic_file.hpp"
#include "io/gdal_util.hpp"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <utility>

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

namespace {

// The first and last bytes of a file (up to `n` each).
std::pair<std::string, std::string> ends_of(const std::string& path, std::size_t n, const std::string& what) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw IoError(what + ": chromium wrote nothing");
    std::string head(n, '\0'), tail(n, '\0');
    head.resize(std::fread(head.data(), 1, n, f));
    long size = 0;
    if (std::fseek(f, 0, SEEK_END) == 0) size = std::ftell(f);
    const long from = size > static_cast<long>(n) ? size - static_cast<long>(n) : 0;
    if (std::fseek(f, from, SEEK_SET) == 0) tail.resize(std::fread(tail.data(), 1, n, f));
    else tail.clear();
    std::fclose(f);
    return {head, tail};
}

}  // namespace

void check_pdf(const std::string& path, const std::string& what) {
    const auto [head, tail] = ends_of(path, 1024, what);
    if (head.empty()) throw IoError(what + ": chromium wrote an empty file (is the disk full?)");
    if (head.rfind("%PDF-", 0) != 0) throw IoError(what + ": chromium wrote something that is not a PDF");
    if (tail.find("%%EOF") == std::string::npos)
        throw IoError(what + ": the PDF chromium wrote is cut short (no %%EOF at its end): is the disk full? Nothing was "
                             "written");
}

void check_png(const std::string& path, const std::string& what) {
    static const std::string signature("\x89PNG\r\n\x1a\n", 8);
    static const std::string iend("\0\0\0\0IEND\xae\x42\x60\x82", 12);
    const auto [head, tail] = ends_of(path, 64, what);
    if (head.empty()) throw IoError(what + ": chromium wrote an empty file (is the disk full?)");
    if (head.rfind(signature, 0) != 0) throw IoError(what + ": chromium wrote something that is not a PNG");
    if (tail.size() < iend.size() || tail.compare(tail.size() - iend.size(), iend.size(), iend) != 0)
        throw IoError(what + ": the PNG chromium wrote is cut short (no IEND at its end): is the disk full? Nothing was "
                             "written");
}

void print_pdf(const std::string& html, const std::string& pdf) {
    const TempPage page(html);
    AtomicOutput out(pdf, {});
    run_browser({"--window-size=1123,794", "--no-pdf-header-footer", "--print-to-pdf=" + fs::absolute(out.temp_path()).string(), page.url()}, "--pdf " + pdf);
    check_pdf(out.temp_path(), "--pdf " + pdf);
    out.commit();
}

void map_screenshots(const std::string& html, const std::string& folder, const std::vector<std::string>& ids) {
    std::error_code ec;
    const bool made = !fs::exists(folder, ec);
    fs::create_directories(folder, ec);
    if (ec) throw IoError(folder + ": cannot create (" + ec.message() + ")");
    // Every image to its temporary first, each checked; moved into place together at the end.
    std::vector<std::unique_ptr<AtomicOutput>> outs;
    try {
        const TempPage page(html);
        for (const auto& id : ids) {
            const std::string png = (fs::path(folder) / (id + ".png")).string();
            outs.push_back(std::make_unique<AtomicOutput>(png, std::vector<std::string>{}));
            run_browser({"--window-size=1920,1080", "--screenshot=" + fs::absolute(outs.back()->temp_path()).string(),
                         page.url() + "#only=" + id},
                        "--png " + png);
            check_png(outs.back()->temp_path(), "--png " + png);
        }
        for (auto& o : outs) o->commit();
    } catch (...) {
        outs.clear();  // the temporaries go
        if (made) fs::remove_all(folder, ec);
        throw;
    }
}

}  // namespace hotspots::io
