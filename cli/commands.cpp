#include "cli/commands.hpp"

namespace hotspots::cli {

const std::vector<OtherCommand>& other_commands() {
    static const std::vector<OtherCommand> list = {{"report", setup_report}, {"pack", setup_pack}, {"merge", setup_merge}, {"docs", setup_docs}};
    return list;
}

}  // namespace hotspots::cli
