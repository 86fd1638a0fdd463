// Grouping files into sets, telling their flow, and finding missing chunks.
#include "sync/import/set_assembly.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace aafd::sync {
namespace {

constexpr std::string_view k_first_degree_markers[] = {
    "ENTPersonNom",    "ENTPersonPrenom",      "ENTStructureAdresse", "ENTEcoleCirconscription",
    "ENTEleveNiveau",  "ENTPersRelEleveEleve", "ENTEnsFonctionDir",   "ENTPersonClasses",
    "ENTEcoleSecteur", "ENTStructureVille"};
constexpr std::string_view k_second_degree_markers[] = {"sn",
                                                        "givenName",
                                                        "street",
                                                        "postalCode",
                                                        "ENTEleveClasses",
                                                        "ENTElevePersRelEleve",
                                                        "ENTAuxEnsClasses",
                                                        "ENTEleveMEF"};

template <std::size_t N>
bool any_of_names(const std::vector<std::string>& names, const std::string_view (&markers)[N]) {
    return std::any_of(names.begin(), names.end(), [&](const std::string& name) {
        return std::find(std::begin(markers), std::end(markers), name) != std::end(markers);
    });
}

std::optional<Flow> own_flow(const ExportFile& file) {
    if (file.name.flow)
        return file.name.flow;
    if (file.archive_flow)
        return file.archive_flow;
    if (file.header_flow)
        return file.header_flow;
    return file.vocabulary_flow;
}

using Delivery = std::tuple<std::string, SetKind, int, unsigned, unsigned>; // prefix, kind, date

Delivery delivery_of(const ExportFile& file) {
    const Date& d = file.name.date;
    return {file.name.prefix, file.name.kind, static_cast<int>(d.year()),
            static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day())};
}

// Files whose own flow is unknown take the flow of the other files of their delivery.
Result<void> settle_flows(std::vector<ExportFile>& files, std::vector<Flow>& flows) {
    std::map<Delivery, std::set<Flow>> known;
    for (std::size_t i = 0; i < files.size(); ++i)
        if (auto flow = own_flow(files[i]))
            known[delivery_of(files[i])].insert(*flow);
    flows.resize(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (auto flow = own_flow(files[i])) {
            flows[i] = *flow;
            continue;
        }
        const auto& siblings = known[delivery_of(files[i])];
        if (siblings.size() != 1)
            return fail(ErrorCode::BadInput,
                        files[i].display_name +
                            ": cannot tell whether it is a 1D or a 2D file (no ENT1D/ENT2D in "
                            "its name, no degre comment, no telling attribute)");
        flows[i] = *siblings.begin();
    }
    return {};
}

std::string chunk_name(unsigned chunk) {
    std::string digits = std::to_string(chunk);
    return std::string(digits.size() < 4 ? 4 - digits.size() : 0, '0') + digits;
}

// Per prefix and category, chunks must run 0000, 0001… without a hole.
Result<std::vector<std::string>> find_gaps(const std::vector<ExportFile>& files) {
    std::map<std::pair<std::string, Category>, std::set<unsigned>> chunks;
    for (const auto& file : files) {
        auto& seen = chunks[{file.name.prefix, file.name.category}];
        if (!seen.insert(file.name.chunk).second)
            return fail(ErrorCode::BadInput,
                        file.display_name + ": chunk " + chunk_name(file.name.chunk) + " of " +
                            std::string(file_token(file.name.category)) + " is given twice");
    }
    // One message per run of missing chunks: a name saying chunk 4294967295 is one gap.
    std::vector<std::string> gaps;
    for (const auto& [key, numbers] : chunks) {
        unsigned next = 0; // the chunk expected after the ones seen so far
        for (unsigned n : numbers) {
            if (n > next)
                gaps.push_back(key.first + " " + std::string(file_token(key.second)) + ": " +
                               (n - 1 == next
                                    ? "chunk " + chunk_name(next)
                                    : "chunks " + chunk_name(next) + " to " + chunk_name(n - 1)) +
                               " missing");
            next = n + 1;
        }
    }
    return gaps;
}

bool applying_order(const ExportFile& a, const ExportFile& b) {
    return std::tie(a.name.category, a.name.prefix, a.name.chunk) <
           std::tie(b.name.category, b.name.prefix, b.name.chunk);
}

} // namespace

std::string ExportSet::label() const {
    return std::string(flow_name(flow)) + " " + std::string(set_kind_name(kind)) + " " +
           to_iso(date);
}

Result<std::vector<ExportSet>> assemble_sets(std::vector<ExportFile> files) {
    std::vector<Flow> flows;
    if (auto settled = settle_flows(files, flows); !settled)
        return std::unexpected(settled.error());
    std::map<std::tuple<std::chrono::sys_days, SetKind, Flow>, ExportSet> by_set;
    for (std::size_t i = 0; i < files.size(); ++i) {
        auto key = std::make_tuple(std::chrono::sys_days{files[i].name.date}, files[i].name.kind,
                                   flows[i]);
        auto& set = by_set[key];
        set.flow = flows[i];
        set.kind = files[i].name.kind;
        set.date = files[i].name.date;
        set.files.push_back(std::move(files[i]));
    }
    std::vector<ExportSet> sets;
    for (auto& [key, set] : by_set) {
        std::sort(set.files.begin(), set.files.end(), applying_order);
        auto gaps = find_gaps(set.files);
        if (!gaps)
            return std::unexpected(gaps.error());
        set.gaps = std::move(*gaps);
        for (const auto& file : set.files)
            if (set.categories.empty() || set.categories.back() != file.name.category)
                set.categories.push_back(file.name.category);
        sets.push_back(std::move(set));
    }
    return sets;
}

std::optional<Flow> flow_from_vocabulary(Category category,
                                         const std::vector<std::string>& attribute_names) {
    if (category == Category::Subject || category == Category::Mef)
        return Flow::Second;
    bool first = any_of_names(attribute_names, k_first_degree_markers);
    bool second = any_of_names(attribute_names, k_second_degree_markers);
    if (first == second)
        return std::nullopt;
    return first ? Flow::First : Flow::Second;
}

} // namespace aafd::sync
