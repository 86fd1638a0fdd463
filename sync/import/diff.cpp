// Diffing records against the store: create, update, restore, disappear, or nothing.
#include "sync/import/diff.hpp"

#include <algorithm>
#include <unordered_map>

#include "sync/core/entity.hpp"
#include "util/date.hpp"

namespace aafd::sync {
namespace {

// What the diff knows of a key: from the store, or from an earlier record of the block.
struct Prior {
    StoredDigest digest;
    const Change* pending = nullptr;
};

class BlockDiff {
public:
    BlockDiff(StoreSnapshot& snapshot, const DiffContext& context)
        : m_snapshot(snapshot), m_context(context) {}

    Result<void> add(const Record& record, PreparedRecord* prepared);
    ChangeSet take() { return std::move(m_result); }

private:
    Result<std::optional<Prior>> prior_of(const ObjectKey& key);
    Result<Attributes> attributes_of(const Prior& prior);
    Result<void> add_request(const Record& record, const ObjectKey& key,
                             const std::optional<Prior>& prior, PreparedRecord* prepared);
    Result<void> modify_request(const Record& record, const ObjectKey& key,
                                const std::optional<Prior>& prior);
    void delete_request(const ObjectKey& key, const std::optional<Prior>& prior);
    Result<void> change_known(const ObjectKey& key, const Prior& prior, Attributes attributes,
                              std::uint64_t hash, bool upsert, PreparedRecord* prepared = nullptr);
    void emit(Change change);
    void warn_unknown_attributes(Category category, const Attributes& attributes);
    void warn_about(const Record& record, const std::optional<Prior>& prior);
    void warn(std::string message) { ++m_result.warnings[std::move(message)]; }
    SetCounts& counts(Category category) { return m_result.counts[category]; }

    StoreSnapshot& m_snapshot;
    const DiffContext& m_context;
    ChangeSet m_result;
    std::unordered_map<std::string, std::size_t> m_pending; // key -> index in changes
};

std::string pending_key(const ObjectKey& key) {
    return std::string(category_name(key.category)) + '\x1f' + key.id;
}

Result<std::optional<Prior>> BlockDiff::prior_of(const ObjectKey& key) {
    if (auto it = m_pending.find(pending_key(key)); it != m_pending.end()) {
        const Change& change = m_result.changes[it->second];
        return Prior{{change.rowid, change.hash,
                      change.op == ChangeOp::Disappear ? State::Disappeared : State::Active},
                     &change};
    }
    auto found = m_snapshot.find(key);
    if (!found)
        return std::unexpected(found.error());
    if (!*found)
        return std::optional<Prior>{};
    return Prior{**found, nullptr};
}

Result<Attributes> BlockDiff::attributes_of(const Prior& prior) {
    if (prior.pending)
        return prior.pending->attributes;
    return m_snapshot.load_attributes(prior.digest.rowid);
}

void BlockDiff::emit(Change change) {
    auto key = pending_key(change.key);
    if (auto it = m_pending.find(key); it != m_pending.end()) {
        Change& earlier = m_result.changes[it->second];
        if (earlier.op == ChangeOp::Create)
            change.op = ChangeOp::Create; // still a creation, with the later content
        earlier = std::move(change);
        return;
    }
    m_pending.emplace(std::move(key), m_result.changes.size());
    m_result.changes.push_back(std::move(change));
}

void BlockDiff::warn_unknown_attributes(Category category, const Attributes& attributes) {
    for (const auto& attribute : attributes)
        if (!is_known_attribute(category, attribute.name))
            warn("unknown attribute " + attribute.name + " in " +
                 std::string(category_name(category)) + " (kept)");
}

// Moves what was made ahead of the record's attributes into the change that takes them.
void take_prepared(Change& change, PreparedRecord* prepared) {
    if (!prepared)
        return;
    change.json = std::move(prepared->json);
    change.entity = std::move(prepared->entity);
}

Result<void> BlockDiff::change_known(const ObjectKey& key, const Prior& prior,
                                     Attributes attributes, std::uint64_t hash, bool upsert,
                                     PreparedRecord* prepared) {
    bool active = prior.digest.state == State::Active;
    if (active && prior.digest.hash == hash) {
        ++counts(key.category).unchanged;
        if (!prior.pending)
            m_result.unchanged.push_back(prior.digest.rowid);
        return {};
    }
    auto before = attributes_of(prior);
    if (!before)
        return std::unexpected(before.error());
    Change change{
        active ? ChangeOp::Update : ChangeOp::Restore, key,   prior.digest.rowid, {}, hash,
        changed_attribute_names(*before, attributes),  upsert};
    warn_unknown_attributes(key.category, attributes);
    change.attributes = std::move(attributes);
    take_prepared(change, prepared);
    ++(active ? counts(key.category).updated : counts(key.category).restored);
    if (upsert)
        ++counts(key.category).upserts;
    emit(std::move(change));
    return {};
}

Result<void> BlockDiff::add_request(const Record& record, const ObjectKey& key,
                                    const std::optional<Prior>& prior, PreparedRecord* prepared) {
    std::uint64_t hash = prepared ? prepared->hash : canonical_hash(record.attributes);
    if (prior && prior->digest.state == State::Active && prior->digest.hash == hash) {
        ++counts(key.category).unchanged;
        if (!prior->pending)
            m_result.unchanged.push_back(prior->digest.rowid);
        return {};
    }
    Attributes attributes =
        prepared ? std::move(prepared->attributes) : canonical_attributes(record.attributes);
    if (prior)
        return change_known(key, *prior, std::move(attributes), hash,
                            m_context.kind == SetKind::Delta, prepared);
    warn_unknown_attributes(key.category, attributes);
    ++counts(key.category).created;
    Change change{ChangeOp::Create, key, 0, std::move(attributes), hash, {}, false};
    take_prepared(change, prepared);
    emit(std::move(change));
    return {};
}

Result<void> BlockDiff::modify_request(const Record& record, const ObjectKey& key,
                                       const std::optional<Prior>& prior) {
    if (m_context.kind == SetKind::Full)
        warn("modifyRequest in a full set (applied as in a delta)");
    if (!prior) {
        Attributes attributes = canonical_attributes(record.attributes);
        std::uint64_t hash = attributes_hash(attributes);
        warn_unknown_attributes(key.category, attributes);
        ++counts(key.category).created;
        ++counts(key.category).upserts;
        emit({ChangeOp::Create, key, 0, std::move(attributes), hash, {}, true});
        return {};
    }
    auto before = attributes_of(*prior);
    if (!before)
        return std::unexpected(before.error());
    Attributes after = apply_modifications(std::move(*before), record.attributes);
    std::uint64_t hash = attributes_hash(after);
    return change_known(key, *prior, std::move(after), hash, false);
}

void BlockDiff::delete_request(const ObjectKey& key, const std::optional<Prior>& prior) {
    if (!prior) {
        warn("deleteRequest for an id unknown to the store in " +
             std::string(category_name(key.category)) + " (ignored)");
        return;
    }
    if (prior->digest.state != State::Active)
        return;
    ++counts(key.category).disappeared;
    emit({ChangeOp::Disappear,
          key,
          prior->digest.rowid,
          {},
          prior->digest.hash,
          {"deleteRequest"},
          false});
}

// What the record's file says that aafd would otherwise pass over: ids and lines only.
void BlockDiff::warn_about(const Record& record, const std::optional<Prior>& prior) {
    const auto warn_record = [&](std::string_view what) {
        warn(std::string(m_context.file) + ":" + std::to_string(record.line) + ": " +
             std::string(category_name(record.category)) + " " + std::string(record.id) + ": " +
             std::string(what));
    };
    if (prior &&
        (prior->pending || (m_context.seen && m_context.seen->contains(prior->digest.rowid))))
        warn_record("met again in the set (the later one wins)");
    for (const auto& attribute : record.attributes) {
        if (attribute.name != "ENTPersonDateNaissance")
            continue;
        const auto value = std::find_if(attribute.values.begin(), attribute.values.end(),
                                        [](std::string_view v) { return !v.empty(); });
        if (value != attribute.values.end() && !parse_aaf_date(*value))
            warn_record("birth date not a JJ/MM/AAAA date (stored empty)");
    }
}

Result<void> BlockDiff::add(const Record& record, PreparedRecord* prepared) {
    ObjectKey key{m_context.source, m_context.flow, record.category, std::string(record.id)};
    ++counts(record.category).records;
    auto prior = prior_of(key);
    if (!prior)
        return std::unexpected(prior.error());
    warn_about(record, *prior);
    switch (record.operation) {
    case Operation::Add:
        return add_request(record, key, *prior, prepared && prepared->ready ? prepared : nullptr);
    case Operation::Modify:
        return modify_request(record, key, *prior);
    case Operation::Delete:
        delete_request(key, *prior);
        return {};
    }
    return {};
}

} // namespace

Result<ChangeSet> diff_block(StoreSnapshot& snapshot, std::span<const Record> records,
                             const DiffContext& context, std::span<PreparedRecord> prepared) {
    if (!prepared.empty() && prepared.size() != records.size())
        return fail(ErrorCode::Internal, "diff_block: prepared records do not match the block");
    BlockDiff diff(snapshot, context);
    for (std::size_t i = 0; i < records.size(); ++i)
        if (auto done = diff.add(records[i], prepared.empty() ? nullptr : &prepared[i]); !done)
            return std::unexpected(done.error());
    return diff.take();
}

void SeenSet::mark(std::int64_t rowid) {
    auto index = static_cast<std::size_t>(rowid);
    if (index >= m_bits.size())
        m_bits.resize(std::max(index + 1, m_bits.size() * 2), false);
    m_bits[index] = true;
}

bool SeenSet::contains(std::int64_t rowid) const {
    auto index = static_cast<std::size_t>(rowid);
    return index < m_bits.size() && m_bits[index];
}

ChangeSet diff_absences(const std::string& source, Flow flow, Category category,
                        std::span<const ActiveObject> active, const SeenSet& seen) {
    ChangeSet result;
    for (const auto& object : active) {
        if (seen.contains(object.rowid))
            continue;
        ++result.counts[category].disappeared;
        result.changes.push_back({ChangeOp::Disappear,
                                  {source, flow, category, object.id},
                                  object.rowid,
                                  {},
                                  0,
                                  {"absent"},
                                  false});
    }
    return result;
}

} // namespace aafd::sync
