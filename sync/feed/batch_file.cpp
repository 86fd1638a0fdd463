// Batch file names, the content of a batch, and writing a file atomically.
#include "sync/feed/batch_file.hpp"

#include <charconv>
#include <utility>

#include "util/file.hpp"
#include "util/sha256.hpp"

namespace aafd::sync {
namespace {

constexpr std::string_view k_prefix = "aafd-";
constexpr std::string_view k_snapshot = "snapshot";
constexpr std::size_t k_seq_digits = 12;

std::string padded_seq(std::int64_t seq) {
    auto digits = std::to_string(seq);
    if (digits.size() >= k_seq_digits)
        return digits;
    return std::string(k_seq_digits - digits.size(), '0') + digits;
}

// "head-tail" split at its last '-'.
std::optional<std::pair<std::string_view, std::string_view>> split_last(std::string_view text) {
    auto dash = text.rfind('-');
    if (dash == std::string_view::npos)
        return std::nullopt;
    return std::pair{text.substr(0, dash), text.substr(dash + 1)};
}

std::optional<std::int64_t> parse_seq(std::string_view text) {
    if (text.size() < k_seq_digits || text.find_first_not_of("0123456789") != text.npos)
        return std::nullopt;
    std::int64_t seq = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seq);
    if (error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return seq;
}

// The provider and the seqs of "<provider>-<first>-<last>" or "<provider>-snapshot-<seq>".
std::optional<BatchName> parse_stem(std::string_view stem) {
    auto last = split_last(stem);
    auto before = last ? split_last(last->first) : std::nullopt;
    auto last_seq = last ? parse_seq(last->second) : std::nullopt;
    if (!before || !last_seq)
        return std::nullopt;
    BatchName name;
    name.provider = std::string(before->first);
    name.last_seq = *last_seq;
    if (before->second == k_snapshot) {
        name.kind = BatchKind::Snapshot;
        name.first_seq = *last_seq;
        return name;
    }
    auto first_seq = parse_seq(before->second);
    if (!first_seq)
        return std::nullopt;
    name.first_seq = *first_seq;
    return name;
}

} // namespace

std::string batch_file_name(const BatchName& name) {
    std::string range = name.kind == BatchKind::Snapshot
                            ? std::string(k_snapshot) + "-" + padded_seq(name.last_seq)
                            : padded_seq(name.first_seq) + "-" + padded_seq(name.last_seq);
    return std::string(k_prefix) + name.provider + "-" + range + "." +
           std::string(feed_format_name(name.format));
}

std::optional<BatchName> parse_batch_file_name(std::string_view file_name) {
    auto dot = file_name.rfind('.');
    if (!file_name.starts_with(k_prefix) || dot == std::string_view::npos || dot < k_prefix.size())
        return std::nullopt;
    auto format = feed_format_from_name(file_name.substr(dot + 1));
    auto name = parse_stem(file_name.substr(k_prefix.size(), dot - k_prefix.size()));
    if (!format || !name || name->provider.empty() ||
        name->provider.find('/') != std::string::npos || name->first_seq > name->last_seq)
        return std::nullopt;
    name->format = *format;
    // Only the canonical spelling: no extra leading zeros.
    if (batch_file_name(*name) != file_name)
        return std::nullopt;
    return name;
}

Result<RenderedBatch> render_batch(FeedFormat format, const std::vector<FeedLine>& lines,
                                   const FeedFields& fields) {
    RenderedBatch batch{feed_header(format, fields), {}};
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0 && lines[i].seq < lines[i - 1].seq)
            return fail(ErrorCode::Internal, "feed lines out of order: seq " +
                                                 std::to_string(lines[i].seq) + " after seq " +
                                                 std::to_string(lines[i - 1].seq));
        auto rendered = render_feed_line(format, lines[i], fields);
        if (!rendered)
            return std::unexpected(rendered.error());
        batch.content += *rendered;
    }
    batch.sha256 = sha256_hex(batch.content);
    return batch;
}

} // namespace aafd::sync
