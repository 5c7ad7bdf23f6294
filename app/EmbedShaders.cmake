# Writes every shaders/*.glsl into one header as raw string literals:
#   inline constexpr const char* kShader_<name> = R"glsl(...)glsl";
file(GLOB files ${DIR}/*.glsl)
set(content "// Generated from shaders/*.glsl at build time. Do not edit.\n#pragma once\n")
foreach(f ${files})
  get_filename_component(name ${f} NAME_WE)
  string(MAKE_C_IDENTIFIER ${name} id)
  file(READ ${f} text)
  string(APPEND content "inline constexpr const char* kShader_${id} = R\"glsl(${text})glsl\";\n")
endforeach()
file(WRITE ${OUT}.tmp "${content}")
file(RENAME ${OUT}.tmp ${OUT})
