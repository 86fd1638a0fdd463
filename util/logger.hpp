// One named logger per module ("import", "store", "fetch"…), all writing through the
// default logger's sinks at its level, so one set-up serves every module.
#pragma once

#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace aafd {

std::shared_ptr<spdlog::logger> module_logger(const std::string& name);

} // namespace aafd
