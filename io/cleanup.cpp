#include "io/cleanup.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>

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

// From here on, the other threads may be stopped anywhere, inside malloc (holding an arena's or
// the sanitizer allocator's lock) or inside a library: so what runs after the first park signal
// uses system calls and the stack only, never the allocator (opendir, std::filesystem and
// std::string all allocate, and one stopped holder of the lock they need hangs the exit).
struct DirEntry {  // the kernel's linux_dirent64
    std::uint64_t ino;
    std::int64_t off;
    unsigned short reclen;
    unsigned char type;
    char name[1];
};

int open_folder(int at, const char* name) {
    return static_cast<int>(::syscall(SYS_openat, at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

// Calls f(name) for each entry of the open folder fd but . and ..; false when it cannot list.
template <typename F>
bool each_entry(int fd, F f) {
    alignas(8) char buffer[2048];
    for (;;) {
        const long n = ::syscall(SYS_getdents64, fd, buffer, sizeof buffer);
        if (n < 0) return false;
        if (n == 0) return true;
        for (long at = 0; at < n;) {
            const auto* e = reinterpret_cast<const DirEntry*>(buffer + at);
            at += e->reclen;
            if (std::strcmp(e->name, ".") != 0 && std::strcmp(e->name, "..") != 0) f(e->name);
        }
    }
}

// Removes name (a file, or a folder and all it holds) in the folder at; true when it is gone.
bool remove_tree(int at, const char* name, int depth) {
    if (::syscall(SYS_unlinkat, at, name, 0) == 0) return true;
    if (depth > 64) return false;
    const int fd = open_folder(at, name);
    if (fd < 0) return false;
    // Removing while listing may skip entries: list again while a pass removes something (an
    // entry that cannot be removed must not keep the exit waiting).
    for (bool removed = true; removed;) {
        removed = false;
        ::lseek(fd, 0, SEEK_SET);
        if (!each_entry(fd, [&](const char* entry) { removed |= remove_tree(fd, entry, depth + 1); })) break;
    }
    ::syscall(SYS_close, fd);
    return ::syscall(SYS_unlinkat, at, name, AT_REMOVEDIR) == 0;
}

void remove_with_journals(const std::string& path) {
    remove_tree(AT_FDCWD, path.c_str(), 0);
    char name[4096];
    for (const char* suffix : {"-journal", "-wal", "-shm"}) {
        const std::size_t a = path.size(), b = std::strlen(suffix);
        if (a + b >= sizeof name) continue;
        std::memcpy(name, path.data(), a);
        std::memcpy(name + a, suffix, b + 1);
        ::syscall(SYS_unlinkat, AT_FDCWD, name, 0);
    }
}

// Stops every thread of the process but this one, and waits (at most about two seconds) until
// each is in the park handler. A thread inside an Uninterruptible section is stopped as it
// leaves it. Threads may start while this runs: the task folder is listed again until no
// thread is new.
void stop_other_threads() {
    const pid_t self = thread_id(), pid = ::getpid();
    static pid_t sent[8192];
    int count = 0;
    const auto seen = [&](pid_t tid) { return std::find(sent, sent + count, tid) != sent + count; };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < deadline) {
        bool fresh = false;
        const int fd = open_folder(AT_FDCWD, "/proc/self/task");
        if (fd >= 0) {
            each_entry(fd, [&](const char* entry) {
                const pid_t tid = static_cast<pid_t>(std::strtol(entry, nullptr, 10));
                if (tid <= 0 || tid == self || seen(tid) || count == 8192) return;
                if (::syscall(SYS_tgkill, pid, tid, park_signal()) == 0) {
                    sent[count++] = tid;
                    fresh = true;
                }
            });
            ::syscall(SYS_close, fd);
        }
        if (!fresh && parked.load() >= count) return;
        const timespec pause{0, 2000000};
        ::nanosleep(&pause, nullptr);
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
            const timespec pause{0, 10000000};
            for (int k = 0; k < 100 && !lock.try_lock(); ++k) ::nanosleep(&pause, nullptr);
            for (const auto& p : temporaries()) remove_with_journals(p);
        }
        ::_exit(128 + sig);
    }).detach();
}

}  // namespace hotspots::io
