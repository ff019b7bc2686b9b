# The plan's Node.js overlay as it was (nodejs-hardware-optimized.nix): all three variables
# are read by nixpkgs' wrappers.
hardwareProfile: _final: prev:
let
  hw = hardwareProfile;
  compiler = hw.build.compiler or { };
  march = compiler.march or "x86-64-v3";
  cflags = [ "-march=${march}" "-mtune=${march}" "-O3" ];
  cxxflags = cflags ++ [ "-std=c++20" ];
  ldflags = [ "-Wl,-O1" "-Wl,--as-needed" ];
in
{
  nodejs_22 = prev.nodejs_22.overrideAttrs (old: {
    env = (old.env or { }) // {
      NIX_CFLAGS_COMPILE = toString cflags;
      NIX_CXXSTDLIB_COMPILE = toString cxxflags;
      NIX_LDFLAGS = toString ldflags;
    };
  });
}
