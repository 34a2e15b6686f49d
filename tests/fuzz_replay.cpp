// Runs a libFuzzer target's entry point once on every file of its seed corpus, without
// libFuzzer: the sanitizer build (GCC, which has no -fsanitize=fuzzer) links each fuzz target
// with this main, so a seed that once broke an invariant or the sanitizers fails the suite in
// seconds (tests/CMakeLists.txt; scripts/fuzz.sh still explores new inputs).
// Usage: fuzz_replay_NAME CORPUS_DIR
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    if (argc != 2 || !fs::is_directory(argv[1])) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR (a folder of seed inputs)\n", argv[0]);
        return 2;
    }
    std::vector<fs::path> seeds;
    for (const auto& e : fs::directory_iterator(argv[1]))
        if (e.is_regular_file()) seeds.push_back(e.path());
    // A fixed order, so a failure names the same seed on every run.
    std::sort(seeds.begin(), seeds.end());
    if (seeds.empty()) {
        std::fprintf(stderr, "FAIL: no seed inputs in %s\n", argv[1]);
        return 1;
    }
    for (const auto& p : seeds) {
        std::ifstream in(p, std::ios::binary);
        const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (!in.eof() && in.fail()) {
            std::fprintf(stderr, "FAIL: cannot read %s\n", p.c_str());
            return 1;
        }
        // The target aborts on a broken invariant and the sanitizers stop the process on an
        // error: the seed's name is printed first so the failure names it.
        std::fprintf(stderr, "seed %s (%zu bytes)\n", p.filename().c_str(), bytes.size());
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    std::printf("ok: %zu seeds of %s replayed\n", seeds.size(), argv[1]);
    return 0;
}
