#include "io/cleanup.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

namespace hotspots::io {
namespace {

std::mutex& guard() {
    static std::mutex m;
    return m;
}
std::set<std::string>& temporaries() {
    static std::set<std::string> s;
    return s;
}

}  // namespace

void register_temporary(const std::string& path) {
    std::lock_guard<std::mutex> lock(guard());
    temporaries().insert(path);
}

void unregister_temporary(const std::string& path) {
    std::lock_guard<std::mutex> lock(guard());
    temporaries().erase(path);
}

void remove_temporaries_on_signal() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set] {
        int sig = 0;
        if (sigwait(&set, &sig) != 0) return;
        {
            std::lock_guard<std::mutex> lock(guard());
            std::error_code ec;
            for (const auto& p : temporaries()) {
                std::filesystem::remove_all(p, ec);
                for (const char* suffix : {"-journal", "-wal", "-shm"}) std::filesystem::remove(p + suffix, ec);
            }
        }
        ::_exit(128 + sig);
    }).detach();
}

}  // namespace hotspots::io
