// Sending built batches to the outbox and the provider's server, then confirming them.
#include "sync/feed/delivery.hpp"

#include <fstream>
#include <sstream>

#include "sync/feed/batch_file.hpp"
#include "sync/feed/set_folder.hpp"
#include "util/file.hpp"
#include "util/logger.hpp"
#include "util/sha256.hpp"

namespace aafd::sync {
namespace {

Result<std::string> read_built(const FeedBatch& batch) {
    std::ifstream in(batch.file, std::ios::binary);
    if (!in)
        return fail(ErrorCode::Io, batch.file + ": cannot read the built batch");
    std::ostringstream content;
    content << in.rdbuf();
    if (!in && !in.eof())
        return fail(ErrorCode::Io, batch.file + ": read failed");
    auto bytes = std::move(content).str();
    if (sha256_hex(bytes) != batch.sha256)
        return fail(ErrorCode::Internal, batch.file + ": changed since it was built (SHA-256 " +
                                             sha256_hex(bytes) + ", built " + batch.sha256 + ")");
    return bytes;
}

// A set format's batch: a folder, checked against its digest, delivered whole.
Result<void> send_folder(const FeedBatch& batch, const FeedDestination& destination) {
    auto digest = folder_digest(batch.file);
    if (!digest)
        return std::unexpected(digest.error());
    if (*digest != batch.sha256)
        return fail(ErrorCode::Internal, batch.file + ": changed since it was built (SHA-256 " +
                                             *digest + ", built " + batch.sha256 + ")");
    if (!destination.outbox.empty())
        if (auto delivered = deliver_folder(batch.file, destination.outbox); !delivered)
            return delivered;
    if (!destination.push)
        return {};
    auto files = folder_files(batch.file);
    if (!files)
        return std::unexpected(files.error());
    std::vector<PushItem> items;
    for (const auto& file : *files)
        items.push_back({std::filesystem::path(batch.file) / file, file.generic_string()});
    auto name = std::filesystem::path(batch.file).filename().string();
    if (auto pushed = push_folder(*destination.push, name, items); !pushed)
        return std::unexpected(pushed.error());
    return {};
}

} // namespace

Result<void> send_batch(const FeedBatch& batch, const FeedDestination& destination) {
    if (std::filesystem::is_directory(batch.file))
        return send_folder(batch, destination);
    auto content = read_built(batch);
    if (!content)
        return std::unexpected(content.error());
    auto name = std::filesystem::path(batch.file).filename();
    if (!destination.outbox.empty()) {
        if (auto created = create_folders(destination.outbox, 0750); !created)
            return with_context(created.error(), "outbox");
        if (auto done =
                write_file_atomically(destination.outbox / name, *content, k_batch_file_mode);
            !done)
            return done;
    }
    if (destination.apply)
        if (auto applied = destination.apply(batch, *content); !applied)
            return applied;
    if (destination.push)
        if (auto pushed = push_file(*destination.push, batch.file, name.string()); !pushed)
            return std::unexpected(pushed.error());
    return {};
}

Result<void> confirm_delivered(AccountStore& store, const FeedBatch& batch,
                               const std::string& now) {
    if (auto begun = store.begin(); !begun)
        return begun;
    auto done = store.mark_delivered(batch.id, now);
    if (done)
        done = store.set_cursor(batch.provider, batch.last_seq);
    if (!done) {
        store.rollback();
        return done;
    }
    if (auto committed = store.commit(); !committed)
        return committed;
    std::error_code ignored; // a leftover staging file is harmless: never read again
    std::filesystem::remove_all(batch.file, ignored);
    return {};
}

Result<std::vector<FeedBatch>> deliver_pending(AccountStore& store, const std::string& provider,
                                               const FeedDestination& destination,
                                               const BeforeDelivery& before,
                                               const std::string& now) {
    auto pending = store.pending_batches(provider);
    if (!pending)
        return std::unexpected(pending.error());
    std::vector<FeedBatch> delivered;
    for (const auto& batch : *pending) {
        auto done = before(batch);
        if (done)
            done = send_batch(batch, destination);
        if (done)
            done = confirm_delivered(store, batch, now);
        if (!done)
            return with_context(done.error(), "provider " + provider);
        module_logger("feed")->info("batch delivered provider={} file={} lines={} seq={}..{}",
                                    provider, std::filesystem::path(batch.file).filename().string(),
                                    batch.lines, batch.first_seq, batch.last_seq);
        delivered.push_back(batch);
    }
    return delivered;
}

} // namespace aafd::sync
