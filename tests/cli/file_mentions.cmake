# Fails unless FILE contains WORD: every command has a section in docs/commands.md.
file(READ "${FILE}" text)
string(FIND "${text}" "${WORD}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${FILE} does not mention '${WORD}'")
endif()
