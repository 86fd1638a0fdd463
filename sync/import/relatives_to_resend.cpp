// The relatives a pupil's change re-sends: compared on its backward links.
#include "sync/import/relatives_to_resend.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <utility>

namespace aafd::sync {
namespace {

struct Named {
    std::set<std::pair<std::string, std::string>> relatives; // (id, legal code)
    std::set<std::string> structures;
};

Named named_by(const Entity* entity) {
    Named named;
    if (!entity)
        return named;
    for (const auto& link : backward_links(*entity)) {
        if (link.kind == LinkKind::Relative)
            named.relatives.emplace(link.target, link.detail);
        else
            named.structures.insert(link.target);
    }
    return named;
}

} // namespace

std::vector<std::string> relatives_to_resend(const Entity* before, const Entity* after) {
    Named old_links = named_by(before);
    Named new_links = named_by(after);
    std::set<std::pair<std::string, std::string>> changed;
    if (!before || !after || old_links.structures != new_links.structures) {
        std::set_union(old_links.relatives.begin(), old_links.relatives.end(),
                       new_links.relatives.begin(), new_links.relatives.end(),
                       std::inserter(changed, changed.end()));
    } else {
        std::set_symmetric_difference(old_links.relatives.begin(), old_links.relatives.end(),
                                      new_links.relatives.begin(), new_links.relatives.end(),
                                      std::inserter(changed, changed.end()));
    }
    std::vector<std::string> ids;
    for (const auto& [id, legal] : changed)
        ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

} // namespace aafd::sync
