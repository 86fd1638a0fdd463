// The slapd fixture.
#include "tests/sync/slapd_fixture.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <netinet/in.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "tests/sync/sshd_fixture.hpp"

namespace aafd::test {
namespace {

const std::string k_manager = "cn=manager,dc=aafd,dc=test";
const std::string k_manager_password = "manager-secret";

std::string shell_output(const std::string& command, bool check = true) {
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe)
        throw std::runtime_error("cannot run " + command);
    std::string output;
    char buffer[4096];
    while (std::size_t got = std::fread(buffer, 1, sizeof buffer, pipe))
        output.append(buffer, got);
    int status = ::pclose(pipe);
    if (check && status != 0)
        throw std::runtime_error("failed: " + command + "\n" + output);
    return output;
}

bool accepts(std::uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

std::string base_entries() {
    std::string ldif = "dn: dc=aafd,dc=test\nobjectClass: dcObject\nobjectClass: "
                       "organization\ndc: aafd\no: aafd test\n\n";
    for (const char* ou : {"people-a", "people-b", "structures"})
        ldif += std::string("dn: ou=") + ou +
                ",dc=aafd,dc=test\nobjectClass: organizationalUnit\nou: " + ou + "\n\n";
    ldif += "dn: cn=aafd,dc=aafd,dc=test\nobjectClass: person\ncn: aafd\nsn: aafd\n"
            "userPassword: aafd-secret\n\n";
    return ldif;
}

// Sorts the lines of each entry and the entries.
std::string sorted_ldif(const std::string& ldif) {
    std::vector<std::string> entries;
    std::istringstream in(ldif);
    std::vector<std::string> lines;
    auto flush = [&] {
        if (lines.empty())
            return;
        std::sort(lines.begin() + 1, lines.end());
        std::string entry;
        for (const auto& line : lines)
            entry += line + "\n";
        entries.push_back(entry);
        lines.clear();
    };
    for (std::string line; std::getline(in, line);)
        if (line.empty())
            flush();
        else
            lines.push_back(line);
    flush();
    std::sort(entries.begin(), entries.end());
    std::string out;
    for (const auto& entry : entries)
        out += entry + "\n";
    return out;
}

} // namespace

SlapdFixture::SlapdFixture() {
    const auto& d = m_dir.path();
    std::filesystem::create_directories(d / "db");
    m_password_file = d / "aafd.password";
    write_file(m_password_file, "aafd-secret\n");
    ::chmod(m_password_file.c_str(), 0600);
    std::string schema = source_path("schema/aafd-sdet.schema").string();
    write_file(d / "slapd.conf",
               "include /etc/ldap/schema/core.schema\n"
               "include /etc/ldap/schema/cosine.schema\n"
               "include /etc/ldap/schema/inetorgperson.schema\n"
               "include " +
                   schema +
                   "\n"
                   "pidfile " +
                   (d / "slapd.pid").string() +
                   "\n"
                   "modulepath /usr/lib/ldap\nmoduleload back_mdb\n"
                   "database mdb\nmaxsize 4294967296\nsuffix \"dc=aafd,dc=test\"\n"
                   "rootdn \"" +
                   k_manager + "\"\nrootpw " + k_manager_password +
                   "\n"
                   "directory " +
                   (d / "db").string() +
                   "\n"
                   "access to attrs=userPassword by anonymous auth by * none\n"
                   "access to * by dn.exact=\"cn=aafd,dc=aafd,dc=test\" write by * none\n");
    write_file(d / "base.ldif", base_entries());
    shell_output("/usr/sbin/slapadd -q -f '" + (d / "slapd.conf").string() + "' -l '" +
                 (d / "base.ldif").string() + "'");
    m_port = free_port();
    start();
}

SlapdFixture::~SlapdFixture() { stop(); }

void SlapdFixture::start() {
    auto config = (m_dir.path() / "slapd.conf").string();
    auto log = (m_dir.path() / "slapd.log").string();
    auto listen = "ldap://127.0.0.1:" + std::to_string(m_port) + "/";
    ::signal(SIGPIPE, SIG_IGN);
    m_pid = ::fork();
    if (m_pid == 0) {
        int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::execl("/usr/sbin/slapd", "/usr/sbin/slapd", "-d", "stats", "-f", config.c_str(), "-h",
                listen.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    for (int i = 0; i < 1000; ++i) {
        if (accepts(m_port))
            return;
        if (::waitpid(m_pid, nullptr, WNOHANG) == m_pid) {
            m_pid = -1;
            throw std::runtime_error("slapd did not start: " + read_file(log));
        }
        ::usleep(10'000);
    }
    throw std::runtime_error("slapd did not start in 10 s: " + read_file(log));
}

void SlapdFixture::stop() {
    if (m_pid <= 0)
        return;
    ::kill(m_pid, SIGTERM);
    ::waitpid(m_pid, nullptr, 0);
    m_pid = -1;
}

std::string SlapdFixture::run_tool(const std::string& tool, const std::string& arguments) const {
    return shell_output(tool + " -x -o ldif-wrap=no -H " + url() + " -D '" + k_manager + "' -w " +
                        k_manager_password + " " + arguments);
}

std::string SlapdFixture::log() const { return read_file(m_dir.path() / "slapd.log"); }

std::string SlapdFixture::dump(const std::string& base) const {
    return sorted_ldif(run_tool("ldapsearch", "-LLL -b '" + base + "'"));
}

void SlapdFixture::ldapmodify(const std::filesystem::path& ldif) const {
    // -c: the schools of a batch are added again by the next (68 "already exists").
    shell_output("ldapmodify -c -x -H " + url() + " -D '" + k_manager + "' -w " +
                     k_manager_password + " -f '" + ldif.string() + "' > /dev/null",
                 false);
}

} // namespace aafd::test
