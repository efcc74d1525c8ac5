# Writes OUT, a header defining GICSIM_GIT_REVISION: the source tree's git commit
# (12 hex digits, "-dirty" when tracked files differ from it), or "unknown" when SRC
# is not the top of a git checkout (a tarball; a tarball unpacked inside some other
# repository must not report that repository's commit). Run at every build
# (cmake/packaging.cmake); OUT is rewritten only when the text changes, so only what
# includes it (the --version of gicsim and gicsim-tlm) is rebuilt. Nothing else
# reads it: scenario outputs stay byte-identical across commits.
#   cmake -DSRC=DIR -DOUT=FILE [-DPRINT=ON] -P revision.cmake
set(rev unknown)
find_program(GIT git)
if(GIT)
  execute_process(COMMAND ${GIT} -C ${SRC} rev-parse --show-toplevel
                  OUTPUT_VARIABLE top RESULT_VARIABLE rc ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(rc EQUAL 0)
    get_filename_component(top "${top}" REALPATH)
    get_filename_component(src "${SRC}" REALPATH)
  endif()
  if(rc EQUAL 0 AND top STREQUAL src)
    execute_process(COMMAND ${GIT} -C ${SRC} rev-parse --short=12 HEAD
                    OUTPUT_VARIABLE head RESULT_VARIABLE rc ERROR_QUIET
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(rc EQUAL 0 AND head)
      set(rev ${head})
      execute_process(COMMAND ${GIT} --no-optional-locks -C ${SRC} status --porcelain
                              --untracked-files=no
                      OUTPUT_VARIABLE changes RESULT_VARIABLE rc ERROR_QUIET)
      if(rc EQUAL 0 AND NOT changes STREQUAL "")
        string(APPEND rev -dirty)
      endif()
    endif()
  endif()
endif()
file(CONFIGURE OUTPUT ${OUT} CONTENT
     "/* Generated at build time by cmake/revision.cmake. */\n#define GICSIM_GIT_REVISION \"${rev}\"\n")
if(PRINT)
  file(READ ${OUT} text)
  message("${text}")
endif()
