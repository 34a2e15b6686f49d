#include "cli/commands.hpp"

namespace hotspots::cli {

const std::vector<OtherCommand>& other_commands() {
    static const std::vector<OtherCommand> list = {};
    return list;
}

}  // namespace hotspots::cli
