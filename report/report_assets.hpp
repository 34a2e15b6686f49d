#pragma once
// The report's style sheet and script, and the page around its body: the content-security
// policy, the embedded libraries and the data.
#include <nlohmann/json.hpp>

#include <string>

namespace hotspots::report {

const char* report_css();
const char* report_script();

// The img-src source of a --tiles URL template ("https://*.tile.example.org" for
// "https://{s}.tile.example.org/{z}/{x}/{y}.png"). Throws steps::UsageError for anything but
// an http(s) URL of a plain host whose text cannot reach into the policy (no quotes, spaces,
// ';' or ',').
std::string tile_source(const std::string& tiles);

// JSON that may sit inside an HTML element: '<', '>' and '&' written as \u003c, \u003e and
// \u0026, so that no value can end the element or open a comment, whatever it holds.
std::string json_for_html(const nlohmann::json& j);

// The whole page: the policy (default-src 'none'; scripts only the page's own, each by its
// SHA-256; images only data: and `tiles`' host; no plugin, base, form or connection), the
// style sheets, the report's script, Leaflet and Chart.js, the marking top and bottom, `body`,
// and `data` as <script type="application/json" id="report-data"> (read with JSON.parse:
// data is never code). `body`, `title` and `marking` are HTML already escaped.
struct PageParts {
    std::string title, marking, body, tiles;
    nlohmann::json data;
};
std::string report_page(const PageParts& parts);

// The policy of a page with these inline scripts (exactly as the page holds them) and, when
// not empty, the tile host.
std::string content_security_policy(const std::vector<std::string>& scripts, const std::string& tiles);

}  // namespace hotspots::report
