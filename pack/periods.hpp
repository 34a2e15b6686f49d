#pragma once
// Dates and periods of a pack, given as they are or relative to the pack month (a monthly
// pack is the same file every month). Forms (docs/pack.md):
//   periods: FROM..TO; month (the pack month); previous month; last N months (N months to
//            the end of the pack month; also rolling N months); previous N months (the N
//            months before those); last N days (to the end of the pack month); same period
//            last year (the base period, 12 months earlier)
//   dates:   YYYY-MM-DD or YYYY-MM; start of month; end of month; last N days (the first
//            day of the N days that end with the pack month)
#include "model/time.hpp"

#include <optional>
#include <string>

namespace hotspots::pack {

// Month numbers as model/time's month_number (year x 12 + month - 1).
int parse_month(const std::string& text);  // YYYY-MM; throws steps::UsageError

// FROM..TO with both ends as whole days (YYYY-MM-DD..YYYY-MM-DD). `month` < 0: no pack
// month (relative forms are refused, saying so). `base`: the period "same period last year"
// shifts. Throws steps::UsageError listing the forms.
std::string resolve_period(const std::string& text, int month, const std::optional<Period>& base);

// A date (YYYY-MM-DD, or YYYY-MM as given).
std::string resolve_date(const std::string& text, int month);

}  // namespace hotspots::pack
