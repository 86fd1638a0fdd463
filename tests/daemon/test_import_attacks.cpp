// Hostile input given to the real `aafd import` (issue 20: M4, L1, L4, L5): a zip bomb,
// a tar.gz expanding past [import] max_expanded_bytes, archives only an external program
// (lrzip, lzop, grzip) decompresses, an import killed while its archive lies extracted,
// a record of 650,000 values. The child's files may not grow past RLIMIT_FSIZE (an
// import writing past its caps dies of SIGXFSZ instead of exiting 65), nor its address
// space past RLIMIT_AS where memory is the point.
#include <random>
#include <sys/resource.h>
#include <thread>

#include <doctest/doctest.h>

#include "sync/store/sqlite.hpp"
#include "tests/daemon/aafd_process.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t k_mib = 1u << 20;

struct Run {
    test::TempDir dir;
    fs::path config = dir / "aafd.toml";
    fs::path tmp = dir / "tmp";

    explicit Run(const std::string& import_table = "") {
        fs::create_directories(tmp);
        test::write_file(config, "[store]\npath = \"" + (dir / "aafd.db").string() +
                                     "\"\n[audit]\ndir = \"" + (dir / "audit").string() + "\"\n" +
                                     import_table);
    }
    // `aafd import ARCHIVE` with its files capped at `max_file` bytes and $TMPDIR in the
    // test's folder; `path` prepended to $PATH. The exit status (128 + signal if killed).
    int import(const fs::path& archive, std::uint64_t max_file, const fs::path& path = {},
               std::uint64_t max_memory = RLIM_INFINITY) const {
        return test::wait_aafd(start_import(archive, max_file, path, max_memory));
    }
    pid_t start_import(const fs::path& archive, std::uint64_t max_file, const fs::path& path = {},
                       std::uint64_t max_memory = RLIM_INFINITY) const {
        const std::string tmpdir = tmp.string();
        const std::string search = path.empty() ? std::string(std::getenv("PATH"))
                                                : path.string() + ":" + std::getenv("PATH");
        return test::start_aafd({"import", "--config", config.string(), "--source", "test",
                                 "--log-level", "warn", archive.string()},
                                dir / "out", dir / "err", [&] {
                                    const rlimit files{max_file, max_file};
                                    ::setrlimit(RLIMIT_FSIZE, &files);
                                    const rlimit memory{max_memory, max_memory};
                                    ::setrlimit(RLIMIT_AS, &memory);
                                    ::setenv("TMPDIR", tmpdir.c_str(), 1);
                                    ::setenv("PATH", search.c_str(), 1);
                                });
    }
    std::string err() const { return test::read_file(dir / "err"); }
};

void shell(const std::string& command) { REQUIRE(std::system(command.c_str()) == 0); }

} // namespace

TEST_CASE("a zip bomb named as an export is refused, the archive and member named, "
          "nothing written past 200:1") {
    Run run;
    const std::string member = "ENT2DVA-ENT86_Complet_20261101_Eleve_0000.xml";
    test::write_file(run.dir / "bomb" / member, std::string(64 * k_mib, ' '));
    const fs::path zip = run.dir / "ENT2DVA.20261101.zip";
    shell("cd " + (run.dir / "bomb").string() + " && zip -q " + zip.string() + " " + member);
    fs::remove_all(run.dir / "bomb");

    CHECK(run.import(zip, 32 * k_mib) == 65);
    const std::string err = run.err();
    CHECK(err.find("aafd: " + zip.string() + "/" + member + ": expands more than 200 times " +
                   "its compressed size (") != std::string::npos);
    CHECK(err.find("); archive refused\n") != std::string::npos);
    CHECK(test::file_names_in(run.tmp).empty()); // the extracted part is removed
}

TEST_CASE("archives expanding past [import] max_expanded_bytes are refused before the cap") {
    Run run("[import]\nmax_expanded_bytes = 4194304\n");
    std::mt19937 random(20); // incompressible: the ratio does not stop it first
    std::string bytes(8 * k_mib, '\0');
    for (auto& byte : bytes)
        byte = static_cast<char>(random());
    test::write_file(run.dir / "big" / "big.bin", bytes);
    const fs::path tgz = run.dir / "ENT2DVA.20261101.tgz";
    shell("tar -C " + (run.dir / "big").string() + " -czf " + tgz.string() + " big.bin");

    CHECK(run.import(tgz, 6 * k_mib) == 65);
    CHECK(run.err() == "aafd: " + tgz.string() +
                           "/big.bin: the archives expand past [import] max_expanded_bytes = "
                           "4194304 bytes; archive refused\n");
    CHECK(test::file_names_in(run.tmp).empty());
}

TEST_CASE("an archive only an external program decompresses is refused, the program not run") {
    Run run;
    const fs::path bin = run.dir / "bin";
    for (const std::string program : {"lrzip", "lzop", "grzip"})
        test::write_file(bin / program, "#!/bin/sh\ntouch " + (run.dir / "ran-").string() +
                                            program + "\ncat >/dev/null\nexit 1\n");
    shell("chmod +x " + bin.string() + "/*");
    const std::vector<std::pair<std::string, std::string>> magics{
        {"lrzip", std::string("LRZI\x00\x06", 6)},
        {"lzop", std::string("\x89LZO\x00\r\n\x1a\n\x10\x30\x20\xa0\x09\x40\x01\x05\x03\x00\x00"
                             "\x01\x00\x00\x81\xa4",
                             25)},
        {"grzip", std::string("GRZipII\x00\x02\x04:)", 12)}};
    for (const auto& [program, magic] : magics) {
        CAPTURE(program);
        const fs::path archive = run.dir / ("ENT2DVA.20261101-" + program + ".tgz");
        test::write_file(archive, magic + std::string(200, '\0'));
        CHECK(run.import(archive, 32 * k_mib, bin) == 65);
        CHECK(run.err() == "aafd: " + archive.string() +
                               ": cannot open archive: Unrecognized archive format (aafd reads "
                               ".tar, .tgz, .tar.gz and .zip archives, compressed with gzip, "
                               "bzip2, xz or zstd)\n");
        CHECK_FALSE(fs::exists(run.dir / ("ran-" + program)));
    }
}

TEST_CASE("an import killed while its archive lies extracted: the next import removes it") {
    Run run;
    const fs::path tgz = run.dir / "ENT1DVA.20250907.tgz";
    shell("tar -C " + test::source_path("fixtures/demo/20250907-Complet").string() + " -czf " +
          tgz.string() + " .");
    REQUIRE(run.import(tgz, 1u << 30) == 0);
    REQUIRE(test::file_names_in(run.tmp).empty());

    // The store's write lock held: the import extracts the archive, then waits for it.
    auto holder = sync::Database::open((run.dir / "aafd.db").string(), sync::OpenMode::ReadWrite);
    REQUIRE(holder);
    REQUIRE(holder->exec("BEGIN IMMEDIATE"));
    const pid_t pid = run.start_import(tgz, 1u << 30);
    const auto extracted = [&] {
        for (const auto& name : test::file_names_in(run.tmp))
            if (fs::exists(run.tmp / name / "0" / "ENT1DVA-ENT86_Complet_20250907_Eleve_0000.xml"))
                return true;
        return false;
    };
    bool exited = false;
    while (!extracted() && !(exited = ::waitpid(pid, nullptr, WNOHANG) == pid))
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE_FALSE(exited);
    ::kill(pid, SIGKILL);
    test::wait_aafd(pid);
    REQUIRE(holder->exec("ROLLBACK"));
    REQUIRE(test::file_names_in(run.tmp).size() == 1); // left by the killed import

    CHECK(run.import(tgz, 1u << 30) == 0); // already applied
    CHECK(test::file_names_in(run.tmp).empty());
}

TEST_CASE("a record of 650,000 values is refused in bounded memory (L1)") {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return; // the sanitizers reserve terabytes of address space: no RLIMIT_AS
#endif
    Run run;
    std::string values;
    for (int i = 0; i < 650000; ++i)
        values += "<value>1$C" + std::to_string(i) + "</value>";
    const fs::path file = run.dir / "ENT2DVA-ENT86_Complet_20250901_Eleve_0000.xml";
    test::write_file(file, "<?xml version=\"1.0\"?>\n<ficAlimMENESR>\n<addRequest>\n"
                           "<operationalAttributes><attr name=\"categoriePersonne\"><value>Eleve"
                           "</value></attr></operationalAttributes>\n<identifier><id>1</id>"
                           "</identifier>\n<attributes><attr name=\"ENTPersonJointure\"><value>1"
                           "</value></attr>\n<attr name=\"ENTEleveClasses\">" +
                               values + "</attr>\n</attributes></addRequest>\n</ficAlimMENESR>\n");
    // 416 MB resident before the bound; a small import runs in 150 MB of address space.
    CHECK(run.import(file, 1u << 30, {}, 300 * k_mib) == 65);
    CHECK(run.err().ends_with("\naafd: " + file.string() +
                              ":3: record 1: more than 65536 values (at ENTEleveClasses)\n"));
}
