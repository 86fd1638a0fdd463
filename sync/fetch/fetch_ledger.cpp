// The fetch ledger file.
#include "sync/fetch/fetch_ledger.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>
#include <vector>

#include "util/file.hpp"

namespace aafd::sync {
namespace {

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, '\t'))
        fields.push_back(field);
    return fields;
}

bool parse_line(const std::string& line, LedgerEntry& entry) {
    auto fields = split_tabs(line);
    if (fields.size() != 5 || fields[3].size() != 64)
        return false;
    try {
        entry.name = fields[0];
        entry.size = std::stoull(fields[1]);
        entry.mtime = std::stoll(fields[2]);
        entry.sha256 = fields[3];
        entry.fetched_at =
            std::chrono::system_clock::time_point(std::chrono::seconds(std::stoll(fields[4])));
    } catch (const std::exception&) {
        return false;
    }
    return true;
}

std::string format_line(const LedgerEntry& entry) {
    auto fetched =
        std::chrono::duration_cast<std::chrono::seconds>(entry.fetched_at.time_since_epoch())
            .count();
    return entry.name + '\t' + std::to_string(entry.size) + '\t' + std::to_string(entry.mtime) +
           '\t' + entry.sha256 + '\t' + std::to_string(fetched) + '\n';
}

Error io_error(const std::filesystem::path& path, const char* what) {
    return Error{ErrorCode::Io,
                 std::string(what) + " " + path.string() + ": " + std::strerror(errno)};
}

} // namespace

Result<FetchLedger> FetchLedger::open(const std::filesystem::path& path) {
    FetchLedger ledger(path);
    std::ifstream in(path);
    if (!in) {
        if (std::filesystem::exists(path))
            return std::unexpected(io_error(path, "cannot read the fetch ledger"));
        return ledger;
    }
    std::string line;
    while (std::getline(in, line)) {
        LedgerEntry entry;
        if (!in.eof() && parse_line(line, entry))
            ledger.m_entries[entry.name] = entry;
    }
    return ledger;
}

const LedgerEntry* FetchLedger::find(const std::string& name) const {
    auto found = m_entries.find(name);
    return found == m_entries.end() ? nullptr : &found->second;
}

bool FetchLedger::holds(const std::string& name, std::uint64_t size, std::int64_t mtime) const {
    const auto* entry = find(name);
    return entry && entry->size == size && entry->mtime == mtime;
}

Result<bool> FetchLedger::forget(const std::string& name) {
    if (m_entries.erase(name) == 0)
        return false;
    std::string text;
    for (const auto& [kept, entry] : m_entries)
        text += format_line(entry);
    if (auto written = write_file_atomically(m_path, text, 0640); !written)
        return std::unexpected(written.error());
    return true;
}

Result<void> FetchLedger::add(const LedgerEntry& entry) {
    std::string line = format_line(entry);
    auto fd = open_for_writing(m_path, O_WRONLY | O_APPEND, 0600);
    if (!fd)
        return with_context(fd.error(), "fetch ledger");
    bool written =
        ::write(fd->get(), line.data(), line.size()) == static_cast<ssize_t>(line.size());
    if (!written || ::fsync(fd->get()) != 0)
        return std::unexpected(io_error(m_path, "cannot write the fetch ledger"));
    m_entries[entry.name] = entry;
    return {};
}

} // namespace aafd::sync
