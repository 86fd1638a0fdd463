// Splitting LDIF text into records and parsing each with libldap.
#include "sync/ldap/ldif_records.hpp"

namespace aafd::sync {
namespace {

bool only_blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

bool is_version(std::string_view text) {
    return text.starts_with("version:") && text.find('\n') >= text.find_last_not_of("\r\n");
}

} // namespace

Result<std::vector<std::unique_ptr<LdifRecord>>> parse_ldif_records(std::string_view ldif,
                                                                    const std::string& name) {
    std::vector<std::unique_ptr<LdifRecord>> records;
    unsigned long line = 1;
    std::size_t at = 0;
    while (at < ldif.size()) {
        auto end = ldif.find("\n\n", at);
        auto text = ldif.substr(at, end == std::string_view::npos ? end : end - at + 1);
        unsigned long first = line;
        for (char c : text)
            line += c == '\n';
        at = end == std::string_view::npos ? ldif.size() : end + 2;
        line += end == std::string_view::npos ? 0 : 1;
        if (only_blank(text) || is_version(text) || text.starts_with('#'))
            continue;
        auto record = std::make_unique<LdifRecord>();
        record->text = std::string(text);
        record->line = first;
        berval buffer{static_cast<ber_len_t>(record->text.size()), record->text.data()};
        if (ldap_parse_ldif_record(&buffer, first, &record->parsed, "aafd", LDIF_NO_CONTROLS) != 0)
            return fail(ErrorCode::BadInput,
                        name + ":" + std::to_string(first) + ": not an LDIF change record");
        record->ok = true;
        records.push_back(std::move(record));
    }
    return records;
}

} // namespace aafd::sync
