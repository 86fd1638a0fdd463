// Applying changes: one object write and one journal entry per change.
#include "sync/import/apply.hpp"

#include "sync/core/entity.hpp"

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

} // namespace

Result<std::vector<std::int64_t>> apply_changes(Store& store, const ChangeSet& changes,
                                                const ApplyContext& context) {
    std::vector<std::int64_t> created;
    for (const auto& change : changes.changes) {
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
    return created;
}

} // namespace aafd::sync
