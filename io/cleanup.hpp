#pragma once
// Outputs are written under temporary names and renamed when complete; an interrupt must not
// leave those temporaries behind. Writers register them here while they exist.
//
// Clean-up and writing agree: on SIGINT, SIGTERM or SIGHUP one thread first stops every other
// thread of the process (each waits in a signal handler until the process ends), so nothing
// writes while the temporaries are removed; only then does it remove them and end the process
// with 128 + the signal. A thread is never stopped inside an Uninterruptible section, so a
// temporary is never made without being registered, a register is never half-changed, and a
// set of renames that puts outputs in place is done whole.
#include <string>

namespace hotspots::io {

// Makes a folder from a mkdtemp pattern (ending in XXXXXX) and registers it, with no interrupt
// between the two. Returns its path, or "" when it cannot be made (errno says why).
std::string make_temporary_folder(std::string pattern);

void register_temporary(const std::string& path);
void unregister_temporary(const std::string& path);

// While one lives in a thread, the clean-up of an interrupt waits for that thread to leave it
// (it nests). Keep what it covers short: a few renames.
class Uninterruptible {
public:
    Uninterruptible();
    ~Uninterruptible();
    Uninterruptible(const Uninterruptible&) = delete;
    Uninterruptible& operator=(const Uninterruptible&) = delete;

private:
    unsigned long m_old[16];  // the thread's signal mask before (a sigset_t)
};

// Blocks SIGINT, SIGTERM and SIGHUP in this thread (and so in every thread started after it)
// and starts one thread that waits for them: it stops the other threads, removes every
// registered temporary (files, their SQLite journals, folders) and ends the process with 128 +
// the signal. Call it first in main.
void remove_temporaries_on_signal();

}  // namespace hotspots::io
