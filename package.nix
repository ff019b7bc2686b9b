# hmopt as a nixpkgs package: `pkgs.callPackage ./package.nix { }` (flake.nix does this).
{ lib, rustPlatform }:

let
  workspace = lib.importTOML ./Cargo.toml;
  cli = lib.importTOML ./cli/Cargo.toml;
in
rustPlatform.buildRustPackage {
  pname = "hmopt";
  inherit (workspace.workspace.package) version;

  # What the build reads. Cargo loads every workspace member's manifest and targets, so app/ and
  # xtask/ are in the source, though only the hmopt binary is built.
  src = lib.fileset.toSource {
    root = ./.;
    fileset = lib.fileset.unions [
      ./Cargo.toml
      ./Cargo.lock
      ./core
      ./cli
      ./app
      ./xtask
    ];
  };

  cargoLock.lockFile = ./Cargo.lock;
  cargoBuildFlags = [
    "-p"
    "hmopt"
  ];
  # The CLI's own unit tests; the integration tests need files outside the source (action.yml,
  # .pre-commit-hooks.yaml) and programs a build sandbox lacks.
  cargoTestFlags = [
    "-p"
    "hmopt"
    "--bins"
  ];

  meta = {
    inherit (cli.package) description;
    homepage = "https://github.com/hmopt/hmopt";
    license = with lib.licenses; [
      mit
      asl20
    ];
    mainProgram = "hmopt";
  };
}
