# sable_component_linker_defined(OUT): sets OUT to 1 when a source in component/ defines
# cm::Linker::instantiate, else 0. cm::Linker is written on a branch of its own; the tools and
# tests that instantiate components build a fallback until it is there. The glob re-runs the
# check when files come or go in component/.
function(sable_component_linker_defined out)
  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/component/*.cc)
  set(defined 0)
  foreach(source IN LISTS sources)
    file(STRINGS ${source} definition REGEX "Linker::instantiate\\(")
    if(definition)
      set(defined 1)
    endif()
  endforeach()
  set(${out} ${defined} PARENT_SCOPE)
endfunction()
