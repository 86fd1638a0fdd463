// The signal handler only stores into lock-free atomics (async-signal-safe); SA_RESETHAND
// puts the default action back, so a second signal is not caught.
#include "daemon/stop_signals.hpp"

#include <pthread.h>

namespace aafd::cli {
namespace {

std::atomic<bool> g_requested = false;
std::atomic<int> g_signal = 0;
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free);

void on_stop_signal(int signal) {
    g_signal.store(signal);
    g_requested.store(true);
}

} // namespace

StopSignals::StopSignals() {
    g_requested = false;
    g_signal = 0;
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND | SA_RESTART;
    ::sigaction(SIGINT, &action, &m_previous_int);
    ::sigaction(SIGTERM, &action, &m_previous_term);
    sigset_t stops;
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    ::pthread_sigmask(SIG_UNBLOCK, &stops, &m_previous_mask);
}

StopSignals::~StopSignals() {
    ::pthread_sigmask(SIG_SETMASK, &m_previous_mask, nullptr);
    ::sigaction(SIGINT, &m_previous_int, nullptr);
    ::sigaction(SIGTERM, &m_previous_term, nullptr);
}

const std::atomic<bool>& StopSignals::requested() const { return g_requested; }

int StopSignals::signal() const { return g_signal.load(); }

} // namespace aafd::cli
