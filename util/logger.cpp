// Creating module loggers on first use.
#include "util/logger.hpp"

namespace aafd {

std::shared_ptr<spdlog::logger> module_logger(const std::string& name) {
    auto base = spdlog::default_logger();
    if (auto existing = spdlog::get(name); existing && existing->sinks() == base->sinks()) {
        existing->set_level(base->level());
        return existing;
    }
    spdlog::drop(name);
    auto logger = base->clone(name);
    spdlog::register_logger(logger);
    return logger;
}

} // namespace aafd
