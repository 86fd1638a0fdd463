// A Store decorator for fault-injection tests: forwards every call to the real store and
// calls `before_write(n)` before its n-th write (begin, commit, object and journal
// writes, set rows), numbered from 1. The hook counts, kills the process, or fails.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>

#include "sync/core/store.hpp"

namespace aafd::test {

class FaultStore final : public sync::Store {
public:
    // Returning an error makes the write fail with it instead of reaching the store.
    using Hook = std::function<Result<void>(std::uint64_t n)>;

    FaultStore(sync::Store& inner, Hook before_write)
        : m_inner(inner), m_before_write(std::move(before_write)) {}

    std::uint64_t writes() const { return m_writes; }
    // The largest count count_in_state returned: how far a caller made it count.
    std::uint64_t largest_count() const { return m_largest_count; }

    Result<void> begin() override {
        return write([&] { return m_inner.begin(); });
    }
    Result<void> commit() override {
        return write([&] { return m_inner.commit(); });
    }
    void rollback() noexcept override { m_inner.rollback(); }
    Result<sync::SetWriting> begin_for_set(const std::string& source, Flow flow,
                                           std::uint64_t bytes) override {
        return write([&] { return m_inner.begin_for_set(source, flow, bytes); });
    }
    Result<std::optional<sync::StoredDigest>> find(const sync::ObjectKey& key) override {
        return m_inner.find(key);
    }
    Result<sync::Attributes> load_attributes(std::int64_t rowid) override {
        return m_inner.load_attributes(rowid);
    }
    Result<std::int64_t> insert_object(const sync::ObjectKey& key,
                                       const sync::ObjectWrite& object) override {
        return write([&] { return m_inner.insert_object(key, object); });
    }
    Result<void> update_object(std::int64_t rowid, const sync::ObjectWrite& object) override {
        return write([&] { return m_inner.update_object(rowid, object); });
    }
    Result<void> set_state(std::int64_t rowid, sync::State state,
                           const std::string& since) override {
        return write([&] { return m_inner.set_state(rowid, state, since); });
    }
    Result<void> append_journal(const sync::JournalEntry& entry) override {
        return write([&] { return m_inner.append_journal(entry); });
    }
    Result<void> for_each_in_state(const std::string& source, Flow flow, Category category,
                                   sync::State state, const ObjectVisitor& visit) override {
        return m_inner.for_each_in_state(source, flow, category, state, visit);
    }
    Result<std::uint64_t> count_in_state(const std::string& source, Flow flow, Category category,
                                         sync::State state, std::uint64_t at_most) override {
        auto counted = m_inner.count_in_state(source, flow, category, state, at_most);
        if (counted)
            m_largest_count = std::max(m_largest_count, *counted);
        return counted;
    }
    Result<std::int64_t> begin_set(const sync::AppliedSet& set) override {
        return write([&] { return m_inner.begin_set(set); });
    }
    Result<void> finish_set(const sync::AppliedSet& set) override {
        return write([&] { return m_inner.finish_set(set); });
    }
    Result<std::optional<sync::AppliedSet>> last_set(const std::string& source, Flow flow,
                                                     SetKind kind) override {
        return m_inner.last_set(source, flow, kind);
    }
    Result<std::vector<sync::AppliedSet>> sets_on(const std::string& source, Flow flow,
                                                  SetKind kind, Date date) override {
        return m_inner.sets_on(source, flow, kind, date);
    }
    Result<std::vector<sync::AppliedSet>> list_sets(std::size_t limit) override {
        return m_inner.list_sets(limit);
    }
    Result<sync::AppliedSet> retract_set(std::int64_t id, const std::string& at) override {
        return write([&] { return m_inner.retract_set(id, at); });
    }
    Result<std::vector<sync::StoredObject>>
    find_objects(const std::string& source, const std::string& id,
                 const std::vector<Category>& categories) override {
        return m_inner.find_objects(source, id, categories);
    }
    Result<std::vector<sync::StoredObject>>
    find_structures_by_uai(const std::string& uai) override {
        return m_inner.find_structures_by_uai(uai);
    }
    Result<std::vector<sync::Referrer>> referrers(const std::string& source, sync::LinkKind kind,
                                                  const std::string& target) override {
        return m_inner.referrers(source, kind, target);
    }
    Result<sync::StateCounts> count_objects() override { return m_inner.count_objects(); }
    Result<std::map<std::string, std::uint64_t>> count_dangling(std::int64_t set_id) override {
        return m_inner.count_dangling(set_id);
    }
    Result<std::vector<std::pair<std::int64_t, sync::ObjectKey>>>
    disappeared_before(const std::string& cutoff) override {
        return m_inner.disappeared_before(cutoff);
    }
    Result<std::vector<sync::JournalEntry>> journal_after(std::int64_t after,
                                                          std::size_t limit) override {
        return m_inner.journal_after(after, limit);
    }

private:
    template <class Call>
    auto write(Call call) -> decltype(call()) {
        if (auto allowed = m_before_write(++m_writes); !allowed)
            return std::unexpected(allowed.error());
        return call();
    }

    sync::Store& m_inner;
    Hook m_before_write;
    std::uint64_t m_writes = 0;
    std::uint64_t m_largest_count = 0;
};

} // namespace aafd::test
