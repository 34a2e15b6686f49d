#include "hotspots/board_targets.hpp"

#include <cmath>

namespace hotspots {

const char* rag_name(Rag r) {
    switch (r) {
        case Rag::green: return "green";
        case Rag::amber: return "amber";
        case Rag::red: return "red";
        case Rag::none: break;
    }
    return "";
}

Rag rag_change(double change_pct, double target_pct, double margin_points) {
    if (std::isnan(change_pct)) return Rag::none;
    if (change_pct <= target_pct) return Rag::green;
    return change_pct <= target_pct + margin_points ? Rag::amber : Rag::red;
}

Rag rag_level(double count, double target, double margin_pct) {
    if (std::isnan(count)) return Rag::none;
    if (count <= target) return Rag::green;
    return count <= target * (1 + margin_pct / 100) ? Rag::amber : Rag::red;
}

}  // namespace hotspots
