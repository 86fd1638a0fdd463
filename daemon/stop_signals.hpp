// SIGINT and SIGTERM turned into a stop request for a command that runs long (`aafd
// import`): while a StopSignals lives, the first of them sets `requested()` and a
// second one ends the process as the default action would. The command checks the flag
// where stopping leaves nothing half-done (the import: between blocks, rolling the set
// back). Both signals are unblocked meanwhile, so that a stop always reaches the process.
#pragma once

#include <atomic>
#include <csignal>

namespace aafd::cli {

class StopSignals {
public:
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    const std::atomic<bool>& requested() const;
    // The signal that asked, 0 if none did.
    int signal() const;

private:
    struct sigaction m_previous_int {};
    struct sigaction m_previous_term {};
    sigset_t m_previous_mask{};
};

} // namespace aafd::cli
