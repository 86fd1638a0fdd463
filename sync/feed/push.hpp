// Pushes feed batches to an ENT provider's server over SFTP, with the care of the AAF
// pull: host key checked against one known_hosts file, key-only login, a private key
// of mode 0600. Each file goes to `<dir>/.<name>.part`, its size is checked, fsync'd,
// then renamed over `<dir>/<name>`, so the provider never sees a partial file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sync/sftp/sftp_client.hpp"
#include "util/error.hpp"

namespace aafd::sync {

struct PushTarget {
    SshTarget server;          // host, port, user, known_hosts, timeouts
    std::filesystem::path key; // the client's private key
    std::string remote_dir;    // an existing folder on the server
    std::uint32_t write_chunk = SftpWriteFile::k_max_chunk; // bytes a write request carries
};

struct PushItem {
    std::filesystem::path local;
    std::string remote_name; // a plain file name (check_remote_name)
};

struct PushedFile {
    std::string remote_path; // <remote_dir>/<remote_name>
    std::uint64_t size = 0;
    bool replaced = false; // a file of that name was there (a re-delivered batch)
};

struct PushReport {
    std::string server_fingerprint; // "SHA256:…", for the audit trail
    std::string key_fingerprint;
    std::vector<PushedFile> files; // in the order pushed
    std::uint64_t bytes = 0;
    bool fsynced = true; // false when the server lacks fsync@openssh.com
    bool atomic = true;  // false when it lacks posix-rename@openssh.com (remove, then rename)
};

// One connection, one file. Single attempt: a failure is a value naming the host, the
// remote path and the SSH/SFTP error (Config for a refused host key or login, a key
// readable by others, a missing remote folder, a bad name; Io otherwise), after which
// the caller delivers the batch again. A failed file's .part is removed when the
// connection still allows it.
Result<PushReport> push_file(const PushTarget& target, const std::filesystem::path& local,
                             const std::string& remote_name);

// Several files over one connection, in order, stopping at the first failure: files
// before it are delivered, and pushing them again replaces them with the same bytes.
Result<PushReport> push_files(const PushTarget& target, const std::vector<PushItem>& items);

// A set format's batch (a folder, sync/feed/set_folder) pushed whole, over one connection:
// a leftover `<dir>/.<name>.part/` of an earlier attempt is removed, every file is written
// under it (`remote_name`s are paths relative to the folder, "<source>/<file>", each part
// checked like a file name), fsync'd and its size checked, then the folder is renamed to
// `<dir>/<name>/`. The provider sees no `<name>` folder, then the whole set; a folder of
// that name already there (the same set delivered again) is removed just before (the
// report says replaced). A failure leaves the hidden .part folder, removed next time.
Result<PushReport> push_folder(const PushTarget& target, const std::string& name,
                               const std::vector<PushItem>& items);

} // namespace aafd::sync
