#pragma once
// A secret kept in a file (the key of --publish's record keys): read, or made on first use.
#include <string>

namespace hotspots::io {

// $XDG_CONFIG_HOME/hotspots/publish.key, else ~/.config/hotspots/publish.key.
std::string default_secret_path();

// The secret in `path` (at least 16 bytes). With `make`, a missing file is made first: 32
// random bytes as hex, readable by its owner only (`made` says so). Throws IoError naming the
// file otherwise.
std::string read_or_make_secret(const std::string& path, bool make, bool& made);

}  // namespace hotspots::io
