#include "io/cleanup.hpp"

#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace hotspots::io {
namespace {

static_assert(sizeof(sigset_t) <= sizeof(unsigned long[16]), "Uninterruptible keeps a sigset_t");

std::mutex& guard() {
    static std::mutex m;
    return m;
}
std::set<std::string>& temporaries() {
    static std::set<std::string> s;
    return s;
}

// The signal that stops a thread for the clean-up: a real-time one, which nothing else here
// uses. Its handler never returns.
int park_signal() { return SIGRTMIN + 4; }
std::atomic<int> parked{0};

void park(int) {
    parked.fetch_add(1);
    for (;;) ::pause();
}

// The lock on the register, taken only with the park signal blocked: a thread is never stopped
// holding it, so the clean-up can always take it.
class Locked {
public:
    Locked() : m_lock(guard()) {}

private:
    Uninterruptible m_section;  // first in, last out
    std::lock_guard<std::mutex> m_lock;
};

pid_t thread_id() { return static_cast<pid_t>(::syscall(SYS_gettid)); }

// Stops every thread of the process but this one, and waits (at most about two seconds) until
// each is in the park handler. A thread inside an Uninterruptible section is stopped as it
// leaves it.
void stop_other_threads() {
    const pid_t self = thread_id(), pid = ::getpid();
    std::set<pid_t> sent;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < deadline) {
        // Threads may start while this runs: list them again until none is new.
        bool fresh = false;
        if (DIR* d = ::opendir("/proc/self/task")) {
            while (const dirent* e = ::readdir(d)) {
                const pid_t tid = static_cast<pid_t>(std::atol(e->d_name));
                if (tid <= 0 || tid == self || sent.count(tid)) continue;
                if (::syscall(SYS_tgkill, pid, tid, park_signal()) == 0) {
                    sent.insert(tid);
                    fresh = true;
                }
            }
            ::closedir(d);
        }
        if (!fresh && parked.load() >= static_cast<int>(sent.size())) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

}  // namespace

Uninterruptible::Uninterruptible() {
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, park_signal());
    pthread_sigmask(SIG_BLOCK, &block, &old);
    std::memcpy(m_old, &old, sizeof old);
}

Uninterruptible::~Uninterruptible() {
    sigset_t old;
    std::memcpy(&old, m_old, sizeof old);
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

std::string make_temporary_folder(std::string pattern) {
    Locked lock;
    if (!::mkdtemp(pattern.data())) return "";
    temporaries().insert(pattern);
    return pattern;
}

void register_temporary(const std::string& path) {
    Locked lock;
    temporaries().insert(path);
}

void unregister_temporary(const std::string& path) {
    Locked lock;
    temporaries().erase(path);
}

void remove_temporaries_on_signal() {
    struct sigaction sa {};
    sa.sa_handler = park;
    sigemptyset(&sa.sa_mask);
    sigaction(park_signal(), &sa, nullptr);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set] {
        // This thread is never stopped: it does the stopping.
        sigset_t mine;
        sigemptyset(&mine);
        sigaddset(&mine, park_signal());
        pthread_sigmask(SIG_BLOCK, &mine, nullptr);
        int sig = 0;
        if (sigwait(&set, &sig) != 0) return;
        stop_other_threads();
        {
            // Nobody holds the lock now (it is only held with the park signal blocked, and
            // every other thread is stopped outside such a section); try_lock all the same, so a
            // thread that could not be stopped cannot hang the exit.
            std::unique_lock<std::mutex> lock(guard(), std::defer_lock);
            for (int k = 0; k < 100 && !lock.try_lock(); ++k) std::this_thread::sleep_for(std::chrono::milliseconds(10));
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
