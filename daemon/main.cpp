// aafd's entry point: everything happens in aafd::cli::run.
#include <iostream>

#include "daemon/cli.hpp"

int main(int argc, char** argv) {
    return aafd::cli::run({argv + 1, argv + argc}, std::cout, std::cerr);
}
