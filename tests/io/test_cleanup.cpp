#include "io/cleanup.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace fs = std::filesystem;

namespace {

// In a child process: the interrupt clean-up set up, a registered temporary folder that
// another thread keeps filling (folders of files, as GDAL fills a pack's folder), then
// SIGTERM. Returns the child's wait status.
int interrupted_while_writing(const std::string& folder, int writers) {
    const pid_t child = ::fork();
    if (child == 0) {
        hotspots::io::remove_temporaries_on_signal();
        fs::create_directories(folder);
        hotspots::io::register_temporary(folder);
        for (int w = 0; w < writers; ++w)
            std::thread([folder, w] {
                for (long i = 0;; ++i) {
                    const fs::path d = fs::path(folder) / ("w" + std::to_string(w) + "-" + std::to_string(i / 50));
                    std::error_code ec;
                    fs::create_directories(d, ec);
                    std::ofstream(d / std::to_string(i)) << "incident records";
                }
            }).detach();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        ::kill(::getpid(), SIGTERM);
        for (;;) ::pause();
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return status;
}

}  // namespace

TEST_CASE("an interrupt removes a temporary that other threads are writing into (issue 26 #8)", "[cleanup]") {
    hotspots::test::TempDir dir;
    // The clean-up removed the folder while the writers went on: a file made after the
    // listing left the folder behind (3 of 30 SIGTERMs in the sample pack).
    for (int round = 0; round < 10; ++round) {
        const std::string folder = dir.file(".out.tmp-" + std::to_string(round));
        const int status = interrupted_while_writing(folder, 2);
        INFO("round " << round);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 128 + SIGTERM);
        CHECK_FALSE(fs::exists(folder));
    }
}

TEST_CASE("a temporary folder is made and registered at once", "[cleanup]") {
    hotspots::test::TempDir dir;
    const std::string made = hotspots::io::make_temporary_folder(dir.file(".x.tmp-XXXXXX"));
    REQUIRE_FALSE(made.empty());
    CHECK(fs::is_directory(made));
    hotspots::io::unregister_temporary(made);
    CHECK(hotspots::io::make_temporary_folder(dir.file("no/such/folder/.x.tmp-XXXXXX")).empty());
}
