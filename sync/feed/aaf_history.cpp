// The bases of an `aaf` provider's sets and the choice between a full and a Delta set.
#include "sync/feed/aaf_history.hpp"

#include <charconv>

#include "sync/feed/aaf_delta.hpp"
#include "util/file.hpp"

namespace aafd::sync {
namespace {

namespace fs = std::filesystem;

struct Base {
    fs::path folder;
    unsigned deltas = 0; // since the full set
};

// "<seq>-<deltas>", or nullopt for another name.
std::optional<std::pair<std::int64_t, unsigned>> parse_base_name(const std::string& name) {
    std::int64_t seq = 0;
    unsigned deltas = 0;
    auto dash = name.find('-');
    if (dash == std::string::npos)
        return std::nullopt;
    const char* end = name.data() + name.size();
    auto [at, error] = std::from_chars(name.data(), name.data() + dash, seq);
    auto [at2, error2] = std::from_chars(name.data() + dash + 1, end, deltas);
    if (error != std::errc{} || at != name.data() + dash || error2 != std::errc{} || at2 != end)
        return std::nullopt;
    return std::pair{seq, deltas};
}

// The base of the previous batch; every other entry of `bases` is removed.
Result<std::optional<Base>> take_previous(const AafHistory& history) {
    if (auto created = create_folders(history.bases, 0700); !created)
        return std::unexpected(created.error());
    std::optional<Base> found;
    std::error_code ec;
    std::vector<fs::path> stale;
    for (fs::directory_iterator it(history.bases, ec), end; !ec && it != end; it.increment(ec)) {
        auto parsed = parse_base_name(it->path().filename().string());
        if (parsed && history.previous && parsed->first == *history.previous)
            found = Base{it->path(), parsed->second};
        else
            stale.push_back(it->path());
    }
    if (ec)
        return fail(ErrorCode::Io, history.bases.string() + ": " + ec.message());
    for (const auto& path : stale)
        fs::remove_all(path, ec);
    return found;
}

bool wants_full(const AafHistory& history, const std::optional<Base>& previous) {
    return history.full || !previous ||
           (history.full_every > 0 && previous->deltas + 1 >= history.full_every);
}

Result<AafBuilt> write_delta(const Base& previous, const fs::path& next,
                             const AafSetOptions& options, const fs::path& delta_folder) {
    auto before = read_aaf_set(previous.folder);
    auto after = before ? read_aaf_set(next) : std::unexpected(before.error());
    if (!after)
        return with_context(after.error(), "the aaf delta of " + options.provider);
    if (aaf_structures(*before) != aaf_structures(*after))
        return AafBuilt{SetKind::Full, {}, {}}; // the schools changed: a full set
    auto report = write_aaf_delta(
        *before, *after, {options.provider, options.chunk_records, options.date}, delta_folder);
    if (!report)
        return std::unexpected(report.error());
    return AafBuilt{SetKind::Delta, delta_folder, *report};
}

} // namespace

Result<AafBuilt> write_aaf_batch(AccountStore& store, const ProviderScope& scope,
                                 const AafSetOptions& options, const AafHistory& history,
                                 const fs::path& full_folder, const fs::path& delta_folder) {
    if (!history.deltas) { // no base kept: turned on later, deltas start with a full set
        std::error_code ignored;
        fs::remove_all(history.bases, ignored);
        auto full = write_aaf_set(store, scope, options, full_folder);
        if (!full)
            return std::unexpected(full.error());
        return AafBuilt{SetKind::Full, full_folder, *full};
    }
    auto previous = take_previous(history);
    if (!previous)
        return std::unexpected(previous.error());
    auto next = history.bases / (std::to_string(history.seq) + "-next");
    if (auto base = write_aaf_set(store, scope, options, next); !base)
        return std::unexpected(base.error());
    AafBuilt built;
    if (!wants_full(history, *previous)) {
        auto delta = write_delta(**previous, next, options, delta_folder);
        if (!delta)
            return delta;
        built = std::move(*delta);
    }
    if (built.kind == SetKind::Full) {
        auto full = write_aaf_set(store, scope, options, full_folder);
        if (!full)
            return std::unexpected(full.error());
        built = {SetKind::Full, full_folder, *full};
    }
    unsigned deltas = built.kind == SetKind::Full ? 0 : (*previous)->deltas + 1;
    auto named = history.bases / (std::to_string(history.seq) + "-" + std::to_string(deltas));
    std::error_code ec;
    fs::rename(next, named, ec);
    if (ec)
        return fail(ErrorCode::Io, "cannot rename " + next.string() + " to " + named.string() +
                                       ": " + ec.message());
    return built;
}

} // namespace aafd::sync
