// How a long import tells how far it has gone. The engine reports after every
// block; the listener decides how often to show it (terminal line, log line).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace aafd::sync {

struct ProgressUpdate {
    std::string set_label;
    std::string file;
    std::uint64_t records = 0;     // records read so far in the set
    std::uint64_t bytes_done = 0;  // bytes read so far in the set
    std::uint64_t bytes_total = 0; // bytes of the whole set
    std::chrono::steady_clock::duration elapsed{};
};

class ProgressListener {
public:
    virtual ~ProgressListener() = default;
    virtual void on_progress(const ProgressUpdate& update) = 0;
    // The set is over (applied, refused or failed): a terminal line can be closed.
    virtual void on_set_end() {}
};

class NoProgress final : public ProgressListener {
public:
    void on_progress(const ProgressUpdate&) override {}
};

} // namespace aafd::sync
