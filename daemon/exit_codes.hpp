// aafd's exit statuses (documented in the README). sysexits.h values where one fits,
// aafd's own for the guards, so a script can tell "refused on purpose" from "broken".
#pragma once

#include "util/error.hpp"

namespace aafd::cli {

enum ExitCode : int {
    k_exit_ok = 0,
    k_exit_not_found = 1,     // show: no such person or structure
    k_exit_guard = 10,        // the deletion guard refused a set
    k_exit_stale = 11,        // a set not newer than the last applied one
    k_exit_incomplete = 12,   // a set with missing chunks
    k_exit_inconsistent = 13, // check-store found inconsistencies
    k_exit_usage = 64,        // EX_USAGE: bad command line
    k_exit_bad_input = 65,    // EX_DATAERR: malformed file, record error
    k_exit_no_input = 66,     // EX_NOINPUT: a named input does not exist
    k_exit_internal = 70,     // EX_SOFTWARE: a bug
    k_exit_io = 74,           // EX_IOERR: disk full, permissions
    k_exit_busy = 75,         // EX_TEMPFAIL: store locked by another process
    k_exit_config = 78,       // EX_CONFIG: bad configuration
    k_exit_interrupted = 130, // 128 + SIGINT, as a shell reports it: stopped, rolled back
};

int exit_code_for(ErrorCode code);

} // namespace aafd::cli
