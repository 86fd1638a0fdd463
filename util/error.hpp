// Expected failures as values: every fallible call returns Result<T>, whose error
// carries a code (which decides the exit status) and a message with its context
// (file, line, record id).
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace aafd {

enum class ErrorCode {
    BadInput,      // malformed file, record error, unknown category
    NoInput,       // a named input does not exist or cannot be read
    Config,        // bad configuration or command-line value
    Io,            // an operating-system call failed (disk full, permissions)
    Busy,          // the store is locked by another process
    Guard,         // the deletion guard refused a set
    StaleSet,      // a set not newer than the last applied one
    IncompleteSet, // a chunk is missing from a set
    NotFound,      // the object asked for is not in the store
    Interrupted,   // a stop was asked (SIGINT, SIGTERM): what was under way is rolled back
    Internal,      // a bug
};

struct Error {
    ErrorCode code;
    std::string message;
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorCode code, std::string message) {
    return std::unexpected(Error{code, std::move(message)});
}

// Prefixes the message of an error with context, keeping its code.
inline std::unexpected<Error> with_context(const Error& error, const std::string& context) {
    return std::unexpected(Error{error.code, context + ": " + error.message});
}

} // namespace aafd
