# The Debian packages, built by scripts/package.sh with CPack: dutybot (the bot, its service and config) and
# dutybot-sandbox (the messenger emulator, for trying and testing; a production server does not need it).
# Included from the top CMakeLists.txt, so install() rules below run from the top of the build.
include(GNUInstallDirs)
set(DUTYBOT_PACKAGE_DIR ${CMAKE_CURRENT_LIST_DIR})

# The man page, from `dutybot --help-all` and `--version` (help2man), so it never drifts from the program.
find_program(HELP2MAN help2man REQUIRED)
add_custom_command(
  OUTPUT ${PROJECT_BINARY_DIR}/man/dutybot.1.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
  COMMAND ${HELP2MAN} --no-info --section 1 --help-option=--help-all
          "--name=the on-duty assistant's bot for the OnlineTur.ru messenger" --output ${PROJECT_BINARY_DIR}/man/dutybot.1
          $<TARGET_FILE:dutybot>
  COMMAND gzip -n -9 -f ${PROJECT_BINARY_DIR}/man/dutybot.1
  DEPENDS dutybot
  COMMENT "Writing the man page dutybot(1)"
  VERBATIM)
add_custom_target(dutybot_man ALL DEPENDS ${PROJECT_BINARY_DIR}/man/dutybot.1.gz)

install(TARGETS dutybot RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT bot)
install(FILES ${PROJECT_BINARY_DIR}/man/dutybot.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT bot)
install(FILES ${DUTYBOT_PACKAGE_DIR}/dutybot.service DESTINATION /lib/systemd/system COMPONENT bot)
install(FILES ${DUTYBOT_PACKAGE_DIR}/config.json DESTINATION /etc/dutybot COMPONENT bot)
# The built-in texts, as files to copy and edit (config "handbook", "requests.words").
install(FILES ${PROJECT_SOURCE_DIR}/handlers/common/handbook.ru.json
              ${PROJECT_SOURCE_DIR}/handlers/common/request_words.ru.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/dutybot COMPONENT bot)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT bot)
install(TARGETS dutybot-sandbox RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT sandbox)

# `cpack` installs what is built and builds nothing: scripts/package.sh builds the packaged targets first, so a
# package never waits for the tests to compile.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL bot sandbox)
set(CPACK_PACKAGE_NAME dutybot)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "OnlineTur.ru")
set(CPACK_PACKAGE_CONTACT "dutybot maintainers <dutybot@onlinetur.ru>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_OUTPUT_FILE_PREFIX packages)
set(CPACK_STRIP_FILES ON)  # the build keeps line tables for stack traces; the package does not
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # dutybot_0.9.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_BOT_PACKAGE_NAME dutybot)
set(CPACK_DEBIAN_BOT_PACKAGE_DEPENDS "tzdata, libjs-chart.js")  # zones; the console's chart (config http.chart_js)
set(CPACK_DEBIAN_BOT_DESCRIPTION
    "on-duty assistant's bot for the OnlineTur.ru messenger\n"
    "Tracks who is on duty, nudges and escalates unanswered client questions, runs shifts from a schedule, follows\n"
    "missed calls and site requests, and serves a console for supervisors. Runs as the systemd service dutybot.")
set(CPACK_DEBIAN_BOT_PACKAGE_CONTROL_EXTRA
    "${DUTYBOT_PACKAGE_DIR}/conffiles;${DUTYBOT_PACKAGE_DIR}/postinst;${DUTYBOT_PACKAGE_DIR}/prerm;${DUTYBOT_PACKAGE_DIR}/postrm")

set(CPACK_DEBIAN_SANDBOX_PACKAGE_NAME dutybot-sandbox)
set(CPACK_DEBIAN_SANDBOX_PACKAGE_DEPENDS "tzdata")
set(CPACK_DEBIAN_SANDBOX_DESCRIPTION
    "messenger emulator for trying and testing dutybot\n"
    "The bot gateway of the OnlineTur.ru messenger on one machine: chats, people, a browser chat and a terminal\n"
    "client (dutybot-sandbox say, tail, request). Not needed on a production server.")
set(CPACK_COMPONENT_BOT_DESCRIPTION "${CPACK_DEBIAN_BOT_DESCRIPTION}")
set(CPACK_COMPONENT_SANDBOX_DESCRIPTION "${CPACK_DEBIAN_SANDBOX_DESCRIPTION}")
include(CPack)
