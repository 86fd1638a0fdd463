# Included by CTest after the test lists that doctest_discover_tests wrote (<target>_TESTS):
# gives the tests of the real samples, named "samples: ..." (tests/samples.hpp), the label
# "samples", so that CTest's summary counts them ("samples = ... (N tests)") next to the
# list of the tests that did not run.
get_cmake_property(variables VARIABLES)
list(FILTER variables INCLUDE REGEX "^test_[a-z]+_TESTS$")
foreach(list_name IN LISTS variables)
    foreach(test IN LISTS ${list_name})
        if(test MATCHES "^samples: ")
            set_tests_properties("${test}" PROPERTIES LABELS samples)
        endif()
    endforeach()
endforeach()
