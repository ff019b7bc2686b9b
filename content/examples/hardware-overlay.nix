# A hardware-tuned overlay that keeps upstream flags and uses variables nixpkgs reads.
hardwareProfile: _final: prev:
let
  compiler = hardwareProfile.build.compiler or { };
  cflags = [
    "-march=${compiler.march or "x86-64-v3"}"
    "-mtune=${compiler.mtune or "generic"}"
    "-O${toString (compiler.optimizationLevel or "3")}"
  ];
  cxxflags = [ "-std=c++20" ];
in
{
  nodejs_22 = prev.nodejs_22.overrideAttrs (old: {
    env = (old.env or { }) // {
      # C and C++: upstream's flags first, then ours.
      NIX_CFLAGS_COMPILE = toString (old.env.NIX_CFLAGS_COMPILE or "") + " " + toString cflags;
      # C++ only.
      NIX_CXXSTDLIB_COMPILE = toString (old.env.NIX_CXXSTDLIB_COMPILE or "") + " " + toString cxxflags;
    };
  });
}
