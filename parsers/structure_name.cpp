// Splitting ENTStructureNomCourant (see structure_name.hpp).
#include "parsers/structure_name.hpp"

namespace aafd {
namespace {

std::string trimmed(std::string_view text) {
    auto begin = text.find_first_not_of(' ');
    if (begin == std::string_view::npos)
        return {};
    return std::string(text.substr(begin, text.find_last_not_of(' ') - begin + 1));
}

} // namespace

StructureName parse_structure_name(std::string_view raw) {
    auto first = raw.find('$');
    if (first == std::string_view::npos)
        return {"", trimmed(raw), ""};
    auto last = raw.rfind('$');
    if (last == first)
        return {trimmed(raw.substr(0, first)), trimmed(raw.substr(first + 1)), ""};
    return {trimmed(raw.substr(0, first)), trimmed(raw.substr(first + 1, last - first - 1)),
            trimmed(raw.substr(last + 1))};
}

std::string readable_structure_name(const StructureName& name) {
    return name.town.empty() ? name.name : name.name + " (" + name.town + ")";
}

} // namespace aafd
