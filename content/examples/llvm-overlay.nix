# The plan's LLVM/Clang overlay, as the plan writes it: the compiler flags go into the bintools wrapper.
hardwareProfile: _final: prev:
let
  hw = hardwareProfile;
  compiler = hw.build.compiler or { };
  march = compiler.march or "x86-64-v3";
  mtune = compiler.mtune or "generic";
  optimizationLevel = toString (compiler.optimizationLevel or "3");
  hardwareCflags = [ "-march=${march}" "-mtune=${mtune}" "-O${optimizationLevel}" "-pipe" "-fno-semantic-interposition" ];
  customCC = prev.wrapCCWith {
    cc = prev.llvmPackages_19.clang-unwrapped;
    bintools = prev.llvmPackages_19.bintools.override {
      extraBuildCommands = ''
        echo "${prev.lib.concatStringsSep " " hardwareCflags}" >> $out/nix-support/cc-cflags
      '';
    };
  };
  optimizedStdenv = prev.stdenvAdapters.overrideCC prev.stdenv customCC;
in
{
  llvmPackages_19 = prev.llvmPackages_19 // { stdenv = optimizedStdenv; clang = customCC; };
}
