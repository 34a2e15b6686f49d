#pragma once
// Outputs are written under temporary names and renamed when complete; an interrupt must not
// leave those temporaries behind. Writers register them here while they exist.
#include <string>

namespace hotspots::io {

void register_temporary(const std::string& path);
void unregister_temporary(const std::string& path);

// Blocks SIGINT, SIGTERM and SIGHUP in this thread (and so in every thread started after it)
// and starts one thread that waits for them: it removes every registered temporary (files,
// their SQLite journals, folders) and ends the process with 128 + the signal. Call it first
// in main.
void remove_temporaries_on_signal();

}  // namespace hotspots::io
