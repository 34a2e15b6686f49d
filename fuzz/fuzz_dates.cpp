// libFuzzer target: date and period text. What parses must be a sane interval that prints
// and parses back to itself; nothing may crash.
#include "fuzz/require.hpp"
#include "model/time.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace hotspots;

using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (const auto when = parse_when(text)) {
        require(when->from <= when->to, "from <= to");
        const auto again = parse_when(format_date(when->from));
        require(again && again->from <= when->from && when->from <= again->to, "a date prints and parses back");
        const auto month = parse_when(format_month(when->from));
        require(month && month->from <= when->from && when->to <= month->to + 86400 * 31,
                "the month holds the date");
    }
    if (const auto period = parse_period(text)) require(period->from <= period->to, "a period runs forwards");
    return 0;
}
