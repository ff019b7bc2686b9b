# Four ways to lose flags through env.
final: prev: {
  # Replaces every variable the package had in env.
  zlib = prev.zlib.overrideAttrs (old: {
    env = { NIX_CFLAGS_COMPILE = "-O3"; };
  });

  # A list: env accepts strings, booleans, integers and derivations only.
  xz = prev.xz.overrideAttrs (old: {
    env = (old.env or { }) // { NIX_CFLAGS_COMPILE = [ "-O3" "-march=native" ]; };
  });

  # Compiler flags in the linker's variable.
  zstd = prev.zstd.overrideAttrs (old: {
    env = (old.env or { }) // { NIX_LDFLAGS = "-O3 -march=skylake"; };
  });

  # A typo: nothing reads NIX_LD_FLAGS.
  lz4 = prev.lz4.overrideAttrs (old: {
    env = (old.env or { }) // { NIX_LD_FLAGS = "--as-needed"; };
  });
}
