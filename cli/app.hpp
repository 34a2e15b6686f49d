#pragma once
// The whole command line as a function: main() calls it, and so does a test that registers a
// step of its own first (tests/cli/probe_main.cpp).

namespace hotspots::cli {

// Parses the command line, runs the command, catches at the edge. Exit codes: 0 success, 1
// processing error (the data or a file), 2 bad command line or pack file.
int run(int argc, char** argv);

}  // namespace hotspots::cli
