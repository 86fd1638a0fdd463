// libFuzzer target: a list of file names, one a line, each optionally followed by
// "|ahv" (flows told by the archive, the header and the vocabulary: '1', '2' or other),
// parsed as export and archive names, then assembled into sets. Must never crash or hang;
// assembled sets must hold every file once, in order.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

#include "parsers/export_file_name.hpp"
#include "sync/import/set_assembly.hpp"

namespace {

std::optional<aafd::Flow> flow_of(std::string_view flags, std::size_t index) {
    if (index >= flags.size())
        return std::nullopt;
    if (flags[index] == '1')
        return aafd::Flow::First;
    if (flags[index] == '2')
        return aafd::Flow::Second;
    return std::nullopt;
}

std::vector<aafd::sync::ExportFile> files_of(std::string_view text) {
    std::vector<aafd::sync::ExportFile> files;
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
        const std::size_t bar = line.rfind('|');
        const std::string_view flags = bar == line.npos ? "" : line.substr(bar + 1);
        const std::string_view name = line.substr(0, bar);
        (void)aafd::parse_archive_name(name);
        const auto parsed = aafd::parse_export_file_name(name);
        if (!parsed)
            continue;
        files.push_back({std::string(name), std::string(name), *parsed, files.size(),
                         flow_of(flags, 0), flow_of(flags, 1), flow_of(flags, 2)});
    }
    return files;
}

// Aborts unless the sets come by date, a full set before a delta of the same day, and
// hold `files` files in all, each agreeing with its set.
void check_sets(const std::vector<aafd::sync::ExportSet>& sets, std::size_t files) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < sets.size(); ++i) {
        const auto& set = sets[i];
        if (i > 0 && std::tie(sets[i - 1].date, sets[i - 1].kind) > std::tie(set.date, set.kind))
            std::abort();
        for (const auto& file : set.files)
            if (file.name.date != set.date || file.name.kind != set.kind)
                std::abort();
        seen += set.files.size();
    }
    if (seen != files)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto files = files_of(std::string_view(reinterpret_cast<const char*>(data), size));
    const std::size_t count = files.size();
    if (const auto sets = aafd::sync::assemble_sets(std::move(files)))
        check_sets(*sets, count);
    return 0;
}
