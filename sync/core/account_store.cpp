// What every user of the AccountStore port would otherwise write again.
#include "sync/core/account_store.hpp"

#include <string>

namespace aafd::sync {

Result<StoredObject> existing_object(AccountStore& store, std::int64_t rowid) {
    auto object = store.object(rowid);
    if (!object)
        return std::unexpected(object.error());
    if (!*object)
        return fail(ErrorCode::Internal, "object " + std::to_string(rowid) + " vanished");
    return std::move(**object);
}

} // namespace aafd::sync
