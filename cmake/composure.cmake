# Shared build settings: warnings as errors, sanitizers, and one-line helpers that declare a
# library or a test next to its sources (as Abseil's CMakeLists do).

add_library(composure_options INTERFACE)
target_compile_options(composure_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Werror -fopenmp-simd)
if(COMPOSURE_SANITIZE)
  target_compile_options(composure_options INTERFACE
    -fsanitize=${COMPOSURE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(composure_options INTERFACE -fsanitize=${COMPOSURE_SANITIZE})
  if(COMPOSURE_SANITIZE MATCHES "thread" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # Boost.Asio's fenced blocks use std::atomic_thread_fence, which GCC warns ThreadSanitizer
    # does not model; the handlers it orders are also ordered by the scheduler's mutex.
    target_compile_options(composure_options INTERFACE -Wno-tsan)
  endif()
endif()

# composure_library(NAME SOURCES ... DEPS ...)
function(composure_library name)
  cmake_parse_arguments(arg "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${arg_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC composure_options ${arg_DEPS})
endfunction()

# composure_test(NAME SOURCES ... DEPS ... [LABELS ...])
function(composure_test name)
  if(NOT COMPOSURE_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(arg "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE composure_options ${arg_DEPS} GTest::gtest_main GTest::gmock)
  set(props ENVIRONMENT "COMPOSURE_SAMPLES=${PROJECT_BINARY_DIR}/samples")
  if(arg_LABELS)
    list(APPEND props LABELS "${arg_LABELS}")
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ${props})
  # Tests that read the rendered sample calls need them built first.
  if(TARGET samples)
    add_dependencies(${name} samples)
  endif()
endfunction()
