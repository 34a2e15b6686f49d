#include "io/folder.hpp"

#include "io/atomic_file.hpp"
#include "io/cleanup.hpp"
#include "io/gdal_util.hpp"
#include "io/source_check.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

namespace hotspots::io {
namespace fs = std::filesystem;

namespace {

// Absolute, with links and ".." resolved as far as the path exists.
fs::path resolved(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::absolute(path, ec);
    if (ec) return fs::path(path).lexically_normal();
    const fs::path r = fs::weakly_canonical(p, ec);
    return (ec ? p : r).lexically_normal();
}

// Whether `inner` is `outer` or lies inside it.
bool within(const fs::path& inner, const fs::path& outer) {
    auto i = inner.begin(), o = outer.begin();
    for (; o != outer.end(); ++o, ++i) {
        if (o->empty()) continue;  // a trailing separator
        if (i == inner.end() || *i != *o) return false;
    }
    return true;
}

}  // namespace

void check_apart(const std::string& folder, const std::vector<std::string>& files) {
    const fs::path out = resolved(folder);
    std::vector<std::pair<std::string, fs::path>> named;  // as given, resolved
    for (const auto& f : files) {
        if (f.empty()) continue;
        std::string plain = plain_path(f);
        std::error_code ec;
        const auto comma = plain.find(',');  // PATH,key=value specs name PATH
        if (comma != std::string::npos && !fs::exists(plain, ec)) plain = plain.substr(0, comma);
        named.emplace_back(plain, resolved(plain));
    }
    // A folder holding a file that is read is the worse case (replacing it deletes the file):
    // said first.
    for (const auto& [plain, file] : named)
        if (within(file, out))
            throw IoError(fmt::format("{}: holds {}, which this run reads; replacing the folder would delete it. Give an "
                                      "output folder apart from the inputs, the pack file and the side files (neither "
                                      "holding their folders nor inside them)",
                                      folder, plain));
    for (const auto& [plain, file] : named) {
        std::error_code ec;
        const bool glob = plain.find_first_of("*?[") != std::string::npos;
        const fs::path read = glob ? resolved(fs::path(plain.substr(0, plain.find_first_of("*?["))).parent_path().string()) : file;
        if ((glob || fs::is_directory(file, ec)) && within(out, read))
            throw IoError(fmt::format("{}: lies inside {}, a folder this run reads its inputs from; the next run would "
                                      "read the outputs as inputs. Give an output folder outside it",
                                      folder, read.string()));
    }
}

AtomicFolder::AtomicFolder(std::string path, bool replace, const std::vector<std::string>& keep)
    : m_path(std::move(path)), m_replace(replace) {
    while (m_path.size() > 1 && m_path.back() == '/') m_path.pop_back();
    if (replace) check_apart(m_path, keep);
    const fs::path p(m_path);
    const fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (!fs::is_directory(parent, ec)) throw IoError(m_path + ": cannot create the folder " + parent.string());
    if (fs::exists(p, ec) && !replace)
        throw IoError(m_path + ": exists already; give another output folder, or --replace to replace it");
    if (fs::exists(p, ec) && !fs::is_directory(p, ec)) throw IoError(m_path + ": exists and is not a folder");
    // mkdtemp: a fresh name that no one else can have taken; made and registered with no
    // interrupt between (io/cleanup.hpp).
    m_temp = make_temporary_folder((parent / fmt::format(".{}.tmp-XXXXXX", p.filename().string())).string());
    if (m_temp.empty()) throw IoError(m_path + ": cannot create a temporary folder beside it");
}

// Removed, then unregistered: an interrupt in between finds it registered and removes the rest.
// After a commit that replaced a folder, m_temp holds the old one.
AtomicFolder::~AtomicFolder() {
    std::error_code ec;
    fs::remove_all(m_temp, ec);
    unregister_temporary(m_temp);
}

std::string AtomicFolder::subfolder(const std::string& name) const {
    const fs::path p = fs::path(m_temp) / name;
    std::error_code ec;
    fs::create_directories(p, ec);
    if (ec) throw IoError(m_path + ": cannot create " + name + " (" + ec.message() + ")");
    return p.string();
}

void AtomicFolder::commit() {
    // Inside a CommitTogether the folder moves into place with the batch's files (a tiled
    // surface's tiles and their VRT: both or neither); the batch owns the temporary now.
    if (defer_folder(m_temp, m_path, m_replace)) {
        m_committed = true;
        m_temp.clear();
        return;
    }
    move_folder_into_place(m_temp, m_path, m_replace);
    m_committed = true;
}

void move_folder_into_place(const std::string& temp, const std::string& path, bool replace) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        fs::rename(temp, path, ec);
        if (ec) throw IoError(path + ": cannot move the finished folder into place (" + ec.message() + ")");
        return;
    }
    if (!replace) throw IoError(path + ": appeared while the pack ran; nothing replaced");
    // The old and the new folder swap names in one step: there is no moment without a folder
    // at path, and the old one, now at temp, is removed (by the owner of temp, or by the
    // clean-up of an interrupt, as temp is registered).
    if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) == 0) return;
    // A file system without the exchange: the old folder moved aside, then the new one into
    // place, with no interrupt between the two.
    Uninterruptible both;
    const std::string old = temp + ".old";
    register_temporary(old);
    fs::rename(path, old, ec);
    if (ec) {
        unregister_temporary(old);
        throw IoError(path + ": cannot move the old folder aside (" + ec.message() + ")");
    }
    fs::rename(temp, path, ec);
    if (ec) {
        fs::rename(old, path, ec);
        unregister_temporary(old);
        throw IoError(path + ": cannot move the finished folder into place (" + ec.message() + ")");
    }
    fs::remove_all(old, ec);
    unregister_temporary(old);
}

std::string sha256_file(const std::string& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
    if (!f) throw IoError(path + ": cannot read");
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    std::vector<unsigned char> buf(1 << 20);
    for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0;) EVP_DigestUpdate(ctx.get(), buf.data(), n);
    if (std::ferror(f.get())) throw IoError(path + ": read error");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &len);
    std::string hex;
    for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", digest[i]);
    return hex;
}

std::string sha256_base64(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr) != 1)
        throw IoError("cannot compute a SHA-256 digest (OpenSSL)");
    // Base64 of 32 bytes: 44 characters with the padding, and a NUL.
    unsigned char b64[64] = {};
    EVP_EncodeBlock(b64, digest, static_cast<int>(len));
    return reinterpret_cast<const char*>(b64);
}

}  // namespace hotspots::io
