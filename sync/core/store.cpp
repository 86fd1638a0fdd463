// Names of the store's enumerations, and the transaction helper.
#include "sync/core/store.hpp"

#include <array>

namespace aafd::sync {
namespace {
constexpr std::array<std::string_view, 3> k_state_names{"active", "disappeared", "deleted"};
constexpr std::array<std::string_view, 6> k_op_names{"create",    "update", "restore",
                                                     "disappear", "delete", "mark"};
} // namespace

std::string_view state_name(State state) { return k_state_names[static_cast<std::size_t>(state)]; }

std::optional<State> state_from_name(std::string_view name) {
    for (std::size_t i = 0; i < k_state_names.size(); ++i)
        if (k_state_names[i] == name)
            return static_cast<State>(i);
    return std::nullopt;
}

std::string_view journal_op_name(JournalOp op) { return k_op_names[static_cast<std::size_t>(op)]; }

Result<void> in_transaction(Store& store, const std::function<Result<void>()>& body) {
    if (auto begun = store.begin(); !begun)
        return begun;
    auto done = body();
    if (!done) {
        store.rollback();
        return done;
    }
    if (auto committed = store.commit(); !committed) {
        store.rollback();
        return committed;
    }
    return {};
}

} // namespace aafd::sync
