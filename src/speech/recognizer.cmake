# The recogniser: the Recognizer interface, the pocketsphinx backend (private to this library:
# its headers and handles stay in pocketsphinx_recognizer.cpp), the decoder pool, WER, and the
# asr_eval measurement tool that scripts/measure-asr drives.
target_sources(composure_speech PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/recognizer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pocketsphinx_recognizer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/decoder_pool.cpp
  ${CMAKE_CURRENT_LIST_DIR}/wer.cpp)
# pkg-config names /usr/include/sphinxbase, which Debian's multiarch layout does not have and
# CMake refuses on an imported target; keep only the directories that exist. (Imported targets'
# include directories are SYSTEM, so sphinxbase's headers do not trip -Werror.)
get_target_property(_ps_includes PkgConfig::POCKETSPHINX INTERFACE_INCLUDE_DIRECTORIES)
set(_ps_existing)
foreach(_dir IN LISTS _ps_includes)
  if(IS_DIRECTORY "${_dir}")
    list(APPEND _ps_existing "${_dir}")
  endif()
endforeach()
set_target_properties(PkgConfig::POCKETSPHINX PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${_ps_existing}")
target_link_libraries(composure_speech PRIVATE PkgConfig::POCKETSPHINX)
find_package(Threads REQUIRED)
target_link_libraries(composure_speech PUBLIC Threads::Threads)

add_executable(asr_eval ${CMAKE_CURRENT_LIST_DIR}/asr_eval_main.cpp)
target_link_libraries(asr_eval PRIVATE composure_options composure_speech)

composure_test(speech_wer_test SOURCES wer_test.cpp DEPS composure_speech)
composure_test(speech_decoder_pool_test SOURCES decoder_pool_test.cpp DEPS composure_speech)
composure_test(speech_pocketsphinx_config_test SOURCES pocketsphinx_config_test.cpp
  DEPS composure_speech)
# Model-backed: each test loads a ~100 MB decoder and decodes seconds of audio.
composure_test(speech_recognizer_test SOURCES recognizer_test.cpp DEPS composure_speech
  LABELS slow)
