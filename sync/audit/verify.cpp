// Walking the chain of an audit trail, file by file, line by line.
#include "sync/audit/verify.hpp"

#include "sync/audit/files.hpp"

namespace aafd::sync {
namespace {

struct Seed {
    AuditHead head;
    std::string name;
    std::optional<Date> anchored_through; // files up to it were purged
};

Result<Seed> seed_before(const std::filesystem::path& dir, const std::vector<AuditDayFile>& files,
                         std::optional<Date> since) {
    auto anchor = read_audit_anchor(dir);
    if (!anchor)
        return std::unexpected(anchor.error());
    std::vector<AuditDayFile> earlier;
    for (const auto& file : files)
        if (since && file.day < *since && (!*anchor || file.day > (*anchor)->purged_through))
            earlier.push_back(file);
    if (!earlier.empty()) {
        auto head = audit_trail_head(dir, earlier);
        if (!head)
            return std::unexpected(head.error());
        return Seed{*head, earlier.back().path.filename().string(), {}};
    }
    if (*anchor)
        return Seed{(*anchor)->head, std::string(k_audit_anchor_name), (*anchor)->purged_through};
    return Seed{AuditHead{}, "the start of the trail", {}};
}

std::optional<AuditDamage> check_line(const AuditDayFile& file, std::size_t number,
                                      std::string_view line, bool partial, const Seed& seed,
                                      AuditHead& head) {
    AuditDamage damage{file.path, number, std::nullopt, ""};
    auto damaged = [&damage](std::string what) {
        damage.what = std::move(what);
        return std::optional<AuditDamage>(damage);
    };
    if (partial)
        return damaged("incomplete record: the file is truncated");
    auto record = parse_audit_line(line);
    if (!record)
        return damaged(record.error().message);
    damage.seq = record->seq;
    if (!audit_hash_matches(line, *record))
        return damaged("hash does not match the record: it was edited");
    auto broken = chain_break(head, *record);
    if (broken != ChainBreak::None && number == 1)
        return damaged("does not continue " + seed.name + " (last seq " + std::to_string(head.seq) +
                       "): a day or records were removed");
    if (broken == ChainBreak::Sequence)
        return damaged("expected seq " + std::to_string(head.seq + 1) +
                       ": a record was deleted or moved");
    if (broken == ChainBreak::PrevHash)
        return damaged("prev does not match the hash of seq " + std::to_string(head.seq) +
                       ": a record was replaced");
    head = head_of(*record);
    return std::nullopt;
}

} // namespace

std::string AuditDamage::message() const {
    std::string text = file.string() + (line ? ": line " + std::to_string(line) : "");
    if (seq)
        text += " (seq " + std::to_string(*seq) + ")";
    return text + ": " + what;
}

Result<AuditVerification> verify_audit_trail(const std::filesystem::path& dir,
                                             std::optional<Date> since) {
    auto files = list_audit_files(dir);
    if (!files)
        return std::unexpected(files.error());
    auto seed = seed_before(dir, *files, since);
    if (!seed)
        return std::unexpected(seed.error());
    AuditVerification result{.seed = seed->name, .head = seed->head};
    for (const auto& file : *files) {
        if ((since && file.day < *since) ||
            (seed->anchored_through && file.day <= *seed->anchored_through))
            continue;
        auto bytes = read_audit_file(file.path);
        if (!bytes)
            return std::unexpected(bytes.error());
        bool partial = false;
        auto lines = split_audit_lines(*bytes, partial);
        ++result.files;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            bool cut = partial && i + 1 == lines.size();
            result.damage = check_line(file, i + 1, lines[i], cut, *seed, result.head);
            if (result.damage)
                return result;
            ++result.records;
        }
        if (!lines.empty())
            seed->name = file.path.filename().string();
    }
    return result;
}

} // namespace aafd::sync
