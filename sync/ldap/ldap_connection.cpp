// Connecting and binding with libldap.
#include "sync/ldap/ldap_connection.hpp"

#include <fstream>
#include <iterator>
#include <ldap.h>

#include "sync/sftp/sftp_client.hpp"

namespace aafd::sync {
namespace {

Result<std::string> read_password(const std::filesystem::path& path) {
    if (auto checked = check_secret_file(path, "password file"); !checked)
        return std::unexpected(checked.error());
    std::ifstream in(path, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in && !in.eof())
        return fail(ErrorCode::Config, "password file " + path.string() + ": cannot read it");
    while (!content.empty() && (content.back() == '\n' || content.back() == '\r'))
        content.pop_back();
    return content;
}

Result<void> set_option(LDAP* ld, int option, const void* value, const std::string& what) {
    if (int rc = ldap_set_option(ld, option, value); rc != LDAP_OPT_SUCCESS)
        return std::unexpected(ldap_error(rc, "LDAP option " + what, ErrorCode::Config));
    return {};
}

Result<void> configure(LDAP* ld, const LdapSettings& settings) {
    int version = LDAP_VERSION3;
    timeval timeout{static_cast<time_t>(settings.timeout.count()), 0};
    auto done = set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version, "protocol version");
    if (done)
        done = set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &timeout, "network timeout");
    if (done)
        done = set_option(ld, LDAP_OPT_TIMEOUT, &timeout, "timeout");
    if (done && !settings.ca_file.empty()) {
        int new_context = 0;
        done = set_option(ld, LDAP_OPT_X_TLS_CACERTFILE, settings.ca_file.c_str(), "ca_file");
        if (done)
            done = set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &new_context, "TLS context");
    }
    return done;
}

} // namespace

Error ldap_error(int code, const std::string& what, ErrorCode otherwise) {
    bool down = code == LDAP_SERVER_DOWN || code == LDAP_CONNECT_ERROR || code == LDAP_TIMEOUT ||
                code == LDAP_UNAVAILABLE || code == LDAP_BUSY;
    return Error{down ? ErrorCode::Io : otherwise,
                 what + ": " + ldap_err2string(code) + " (" + std::to_string(code) + ")"};
}

void LdapConnection::Unbind::operator()(LDAP* ld) const { ldap_unbind_ext_s(ld, nullptr, nullptr); }

LdapConnection::LdapConnection(LDAP* ld, std::chrono::seconds timeout, std::string url)
    : m_ld(ld), m_timeout(timeout), m_url(std::move(url)) {}
LdapConnection::LdapConnection(LdapConnection&&) noexcept = default;
LdapConnection& LdapConnection::operator=(LdapConnection&&) noexcept = default;
LdapConnection::~LdapConnection() = default;

Result<LdapConnection> LdapConnection::open(const LdapSettings& settings) {
    auto password = read_password(settings.password_file);
    if (!password)
        return std::unexpected(password.error());
    LDAP* raw = nullptr;
    if (int rc = ldap_initialize(&raw, settings.url.c_str()); rc != LDAP_SUCCESS)
        return std::unexpected(ldap_error(rc, "LDAP URL " + settings.url, ErrorCode::Config));
    LdapConnection connection(raw, settings.timeout, settings.url);
    if (auto done = configure(raw, settings); !done)
        return std::unexpected(done.error());
    if (settings.starttls)
        if (int rc = ldap_start_tls_s(raw, nullptr, nullptr); rc != LDAP_SUCCESS)
            return std::unexpected(
                ldap_error(rc, "StartTLS with " + settings.url, ErrorCode::Config));
    berval credentials{static_cast<ber_len_t>(password->size()), password->data()};
    int rc = ldap_sasl_bind_s(raw, settings.bind_dn.c_str(), LDAP_SASL_SIMPLE, &credentials,
                              nullptr, nullptr, nullptr);
    if (rc != LDAP_SUCCESS)
        return std::unexpected(ldap_error(
            rc, "LDAP bind as " + settings.bind_dn + " to " + settings.url, ErrorCode::Config));
    return connection;
}

} // namespace aafd::sync
