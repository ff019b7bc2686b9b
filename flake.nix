{
  description = "hmopt: lint NIX_* variables in Nix overlays against what nixpkgs reads";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      systems = [
        "x86_64-linux"
        "aarch64-linux"
        "x86_64-darwin"
        "aarch64-darwin"
      ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f system nixpkgs.legacyPackages.${system});
    in
    {
      packages = forAllSystems (
        system: pkgs: {
          hmopt = pkgs.callPackage ./package.nix { };
          default = self.packages.${system}.hmopt;
        }
      );

      apps = forAllSystems (
        system: pkgs: {
          default = {
            type = "app";
            program = nixpkgs.lib.getExe self.packages.${system}.default;
          };
        }
      );

      overlays.default = final: prev: { hmopt = final.callPackage ./package.nix { }; };

      checks = forAllSystems (
        system: pkgs: {
          hmopt = self.packages.${system}.default;
          # The repository's own Nix files pass hmopt.
          nix-files = pkgs.runCommand "hmopt-check-nix-files" { } ''
            ${nixpkgs.lib.getExe self.packages.${system}.default} check --format concise \
              ${./flake.nix} ${./package.nix}
            touch $out
          '';
        }
      );

      # Hook definitions for git-hooks.nix (cachix/git-hooks.nix), a check hook and a fix hook
      # as statix ships them:
      #   hooks = { inherit (hmopt.lib.gitHooks.${system}) hmopt; };
      # `--force-exclude` keeps hmopt.toml's `exclude` in force for the files the hook names.
      lib.gitHooks = forAllSystems (
        system: pkgs:
        let
          hmopt = nixpkgs.lib.getExe self.packages.${system}.default;
        in
        {
          hmopt = {
            enable = true;
            name = "hmopt check";
            description = "Lint NIX_* variables in Nix files against what nixpkgs reads";
            entry = "${hmopt} check --force-exclude";
            files = "\\.nix$";
            pass_filenames = true;
          };
          hmopt-fix = {
            enable = true;
            name = "hmopt fix";
            description = "Apply hmopt's safe fixes, then lint what is left";
            entry = "${hmopt} check --fix --force-exclude";
            files = "\\.nix$";
            pass_filenames = true;
          };
        }
      );
    };
}
