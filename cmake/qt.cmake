# Qt 6: the desktop app and the report renderer (offscreen PDF/PNG). Engine modules never link it.
find_package(Qt6 6.2 QUIET COMPONENTS Core Gui Widgets PrintSupport Test LinguistTools)
if(NOT Qt6_FOUND)
  message(FATAL_ERROR "HubLand desk needs Qt >= 6.2 (Debian: qt6-base-dev qt6-tools-dev). "
                      "Configure with -DHUBLAND_BUILD_DESK=OFF to build without it.")
endif()
message(STATUS "Qt ${Qt6_VERSION}")
