#include "io/text.hpp"

#include <catch2/catch.hpp>

using namespace hotspots::io;

TEST_CASE("UTF-8 is recognised, and other text converted to it") {
    CHECK(valid_utf8("plain"));
    CHECK(valid_utf8("Caf\xc3\xa9 \xe2\x82\xac"));
    CHECK_FALSE(valid_utf8("Caf\xe9"));            // Latin-1
    CHECK_FALSE(valid_utf8("\xc0\xaf"));           // overlong
    CHECK_FALSE(valid_utf8("\xed\xa0\x80"));       // a surrogate
    CHECK_FALSE(valid_utf8("\xe2\x82"));           // cut short
    CHECK(utf8_safe("a\xffz") == "a\xef\xbf\xbdz");
    CHECK(from_single_byte("\xa3" "5 \x80 Caf\xe9", Encoding::windows1252) == "\xc2\xa3" "5 \xe2\x82\xac Caf\xc3\xa9");
    CHECK(from_single_byte("\x80", Encoding::latin1) == "\xc2\x80");  // Latin-1 has no euro sign there
    std::string scratch;
    bool recoded = false;
    CHECK(to_utf8("Caf\xc3\xa9", Encoding::automatic, scratch, recoded) == "Caf\xc3\xa9");
    CHECK_FALSE(recoded);
    CHECK(to_utf8("Caf\xe9", Encoding::automatic, scratch, recoded) == "Caf\xc3\xa9");
    CHECK(recoded);
    CHECK(to_utf8("Caf\xe9", Encoding::utf8, scratch, recoded) == "Caf\xef\xbf\xbd");
    CHECK(to_utf8("Caf\xc3\xa9", Encoding::latin1, scratch, recoded) == "Caf\xc3\x83\xc2\xa9");
}
