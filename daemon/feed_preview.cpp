// Previewing a provider's next batch inside a transaction that is always rolled back.
#include "daemon/feed_preview.hpp"

#include "daemon/feed_run.hpp"
#include "daemon/feed_settings.hpp"
#include "sync/feed/ldif_format.hpp"
#include "sync/feed/provisioning.hpp"

namespace aafd::daemon {
namespace {

// An activation code is a secret of its account: a preview shows where it would go.
constexpr const char* k_hidden_code = "(hidden)";

Result<std::string> render_lines(const sync::FeedProvider& feed, std::vector<sync::FeedLine> lines,
                                 const std::string& now) {
    for (auto& line : lines)
        if (line.account.activation_code)
            line.account.activation_code = k_hidden_code;
    if (feed.format == sync::FeedFormat::Ldif) {
        auto rendered = sync::render_ldif_batch(lines, feed.fields, feed.ldif, now);
        if (!rendered)
            return std::unexpected(rendered.error());
        return rendered->content;
    }
    std::string text = sync::feed_header(feed.format, feed.fields);
    for (const auto& line : lines) {
        auto rendered = sync::render_feed_line(feed.format, line, feed.fields);
        if (!rendered)
            return std::unexpected(rendered.error());
        text += *rendered;
    }
    return text;
}

Result<void> preview_in_transaction(const config::Config& config, sync::AccountStore& store,
                                    const sync::FeedProvider& feed, sync::BuildMode mode,
                                    const std::string& now, std::size_t max_lines,
                                    FeedPreviewReport& report) {
    auto rule = login_rule(config);
    auto codes = rule ? code_generator(config) : std::unexpected(rule.error());
    auto provisioned =
        codes ? sync::provision_missing(store, *rule, *codes, now) : std::unexpected(codes.error());
    auto preview = provisioned ? sync::preview_feed(store, feed, mode, max_lines)
                               : std::unexpected(provisioned.error());
    if (!preview)
        return std::unexpected(preview.error());
    report.accounts_to_provision = provisioned->created;
    report.preview = std::move(*preview);
    if (sync::is_set_format(feed.format))
        return {};
    auto text = render_lines(feed, report.preview.first, now);
    if (!text)
        return std::unexpected(text.error());
    report.first_lines = std::move(*text);
    return {};
}

} // namespace

Result<FeedPreviewReport> preview_next_batch(const config::Config& config,
                                             const config::Provider& provider,
                                             sync::AccountStore& store,
                                             std::chrono::system_clock::time_point now,
                                             std::size_t max_lines) {
    FeedPreviewReport report;
    auto phase = phase_of(provider, store, now);
    auto pending = phase ? store.pending_batches(provider.name) : std::unexpected(phase.error());
    auto feed = pending ? feed_provider(config, provider) : std::unexpected(pending.error());
    if (!feed)
        return std::unexpected(feed.error());
    report.phase = *phase;
    report.pending_batches = pending->size();
    auto mode = build_mode(*phase);
    if (!mode)
        return report;
    report.builds = true;
    report.final_batch = *mode == sync::BuildMode::ConventionEnd;
    if (auto begun = store.begin(); !begun)
        return std::unexpected(begun.error());
    auto done = preview_in_transaction(config, store, *feed, *mode, to_iso_timestamp(now),
                                       max_lines, report);
    store.rollback(); // always: a preview leaves the store as it found it
    if (!done)
        return with_context(done.error(), "preview of " + provider.name);
    return report;
}

} // namespace aafd::daemon
