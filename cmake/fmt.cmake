# {fmt}: its Dragonbox gives the shortest decimal digits of a double in about a third of the
# time std::to_chars takes (layers/src/number_text.cpp); the layout stays std::to_chars' own.
find_package(fmt 9 REQUIRED)
message(STATUS "fmt ${fmt_VERSION}")
