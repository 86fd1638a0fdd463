// Mapping of error codes to exit statuses.
#include "daemon/exit_codes.hpp"

namespace aafd::cli {

int exit_code_for(ErrorCode code) {
    switch (code) {
    case ErrorCode::BadInput:
        return k_exit_bad_input;
    case ErrorCode::NoInput:
        return k_exit_no_input;
    case ErrorCode::Config:
        return k_exit_config;
    case ErrorCode::Io:
        return k_exit_io;
    case ErrorCode::Busy:
        return k_exit_busy;
    case ErrorCode::Guard:
        return k_exit_guard;
    case ErrorCode::StaleSet:
        return k_exit_stale;
    case ErrorCode::IncompleteSet:
        return k_exit_incomplete;
    case ErrorCode::NotFound:
        return k_exit_not_found;
    case ErrorCode::Interrupted:
        return k_exit_interrupted;
    case ErrorCode::Internal:
        return k_exit_internal;
    }
    return k_exit_internal;
}

} // namespace aafd::cli
