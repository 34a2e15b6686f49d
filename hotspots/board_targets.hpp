#pragma once
// A board line's red/amber/green status against its target (docs/dashboard.md, "Comparators
// and targets"). Fewer crimes is better: a target is met (green) when the figure is at or
// below it, near (amber) when within the margin above it, missed (red) beyond.
#include <string>

namespace hotspots {

enum class Rag { none, green, amber, red };
const char* rag_name(Rag r);  // "", "green", "amber", "red"

// A target change in per cent (-5: a fall of 5% on the 12 months before): amber up to
// `margin_points` percentage points above it. NaN figure (no change: before = 0): none.
Rag rag_change(double change_pct, double target_pct, double margin_points);
// A target level (a count of the 12 months): amber up to `margin_pct` per cent above it.
Rag rag_level(double count, double target, double margin_pct);

}  // namespace hotspots
