// Applying changes: one object write and one journal entry per change, and an update
// for each relative whose pupils changed (sync/import/relatives_to_resend.hpp).
#include "sync/import/apply.hpp"

#include <set>

#include "sync/core/entity.hpp"
#include "sync/import/relatives_to_resend.hpp"

namespace aafd::sync {
namespace {

JournalOp journal_op(ChangeOp op) {
    switch (op) {
    case ChangeOp::Create:
        return JournalOp::Create;
    case ChangeOp::Update:
        return JournalOp::Update;
    case ChangeOp::Restore:
        return JournalOp::Restore;
    case ChangeOp::Disappear:
        return JournalOp::Disappear;
    }
    return JournalOp::Update;
}

Result<std::int64_t> write_object(Store& store, const Change& change, const ApplyContext& context) {
    if (change.op == ChangeOp::Disappear) {
        if (auto done = store.set_state(change.rowid, State::Disappeared, context.today); !done)
            return std::unexpected(done.error());
        return change.rowid;
    }
    Entity interpreted;
    if (!change.entity)
        interpreted = interpret(change.key.category, change.attributes);
    ObjectWrite write{change.hash, change.attributes, change.entity ? *change.entity : interpreted,
                      context.set_id, change.json};
    if (change.op == ChangeOp::Create)
        return store.insert_object(change.key, write);
    if (auto done = store.update_object(change.rowid, write); !done)
        return std::unexpected(done.error());
    if (change.op == ChangeOp::Restore)
        if (auto done = store.set_state(change.rowid, State::Active, ""); !done)
            return std::unexpected(done.error());
    return change.rowid;
}

// The pupil as stored before the change; nullopt when it arrives or comes back.
Result<std::optional<Entity>> pupil_before(Store& store, const Change& change) {
    if (change.op == ChangeOp::Create || change.op == ChangeOp::Restore)
        return std::optional<Entity>{};
    auto attributes = store.load_attributes(change.rowid);
    if (!attributes)
        return std::unexpected(attributes.error());
    return std::optional<Entity>{interpret(change.key.category, *attributes)};
}

// The relatives (source, flow, id) that `change` of a pupil re-sends.
using RelativeKeys = std::set<std::tuple<std::string, Flow, std::string>>;

Result<void> note_relatives(Store& store, const Change& change, RelativeKeys& relatives) {
    auto before = pupil_before(store, change);
    if (!before)
        return std::unexpected(before.error());
    std::optional<Entity> after;
    if (change.op != ChangeOp::Disappear)
        after = change.entity ? *change.entity : interpret(change.key.category, change.attributes);
    for (auto& id : relatives_to_resend(*before ? &**before : nullptr, after ? &*after : nullptr))
        relatives.emplace(change.key.source, change.key.flow, std::move(id));
    return {};
}

// An update of each active relative in `relatives` that `changes` does not journal itself.
Result<void> journal_relatives(Store& store, const ChangeSet& changes, RelativeKeys relatives,
                               const ApplyContext& context) {
    for (const auto& change : changes.changes)
        if (change.key.category == Category::Relative)
            relatives.erase({change.key.source, change.key.flow, change.key.id});
    for (const auto& [source, flow, id] : relatives) {
        ObjectKey key{source, flow, Category::Relative, id};
        auto found = store.find(key);
        if (!found)
            return with_context(found.error(), "relative " + id);
        if (!*found || (*found)->state != State::Active)
            continue;
        JournalEntry entry{
            0, context.set_id, (*found)->rowid, key, JournalOp::Update, {"children"}, context.at};
        if (auto done = store.append_journal(entry); !done)
            return with_context(done.error(), "relative " + id);
    }
    return {};
}

} // namespace

Result<std::vector<std::int64_t>> apply_changes(Store& store, const ChangeSet& changes,
                                                const ApplyContext& context) {
    std::vector<std::int64_t> created;
    RelativeKeys relatives;
    for (const auto& change : changes.changes) {
        if (context.relatives_follow && change.key.category == Category::Pupil)
            if (auto noted = note_relatives(store, change, relatives); !noted)
                return with_context(noted.error(), describe(change));
        auto rowid = write_object(store, change, context);
        if (!rowid)
            return with_context(rowid.error(), describe(change));
        if (change.op == ChangeOp::Create)
            created.push_back(*rowid);
        JournalEntry entry{0,          context.set_id,        *rowid,
                           change.key, journal_op(change.op), change.fields,
                           context.at};
        if (auto done = store.append_journal(entry); !done)
            return with_context(done.error(), describe(change));
    }
    if (auto done = journal_relatives(store, changes, std::move(relatives), context); !done)
        return std::unexpected(done.error());
    return created;
}

} // namespace aafd::sync
