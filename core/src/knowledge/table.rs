//! The table of [`Variable`]s: one entry per name, with the files that show who reads it.
//! Ordered by category, then name; each reader names the commit its file was read at.

use super::{Access, Category, Reader, Repo, Variable};

const HOME_MANAGER_DEBUG_NIX: Reader = Reader {
    program: "home-manager debug module",
    access: Access::SetByHook,
    repo: Repo::HomeManager,
    path: "modules/misc/debug.nix",
    commit: "ec1a8fdf74ed3f276148ee106299a2ba0e65d51f",
};
const HOME_MANAGER_NIX_DEFAULT_NIX: Reader = Reader {
    program: "home-manager nix module",
    access: Access::SetByHook,
    repo: Repo::HomeManager,
    path: "modules/misc/nix/default.nix",
    commit: "ec1a8fdf74ed3f276148ee106299a2ba0e65d51f",
};
const HOME_MANAGER_PORTAL_NIX: Reader = Reader {
    program: "home-manager xdg.portal module",
    access: Access::SetByHook,
    repo: Repo::HomeManager,
    path: "modules/misc/xdg/portal.nix",
    commit: "ec1a8fdf74ed3f276148ee106299a2ba0e65d51f",
};
const NIXPKGS_BINTOOLS_WRAPPER_ADD_FLAGS_SH: Reader = Reader {
    program: "bintools-wrapper",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/bintools-wrapper/add-flags.sh",
    commit: "e7f32dbbe630d915314427cb6d70e552fecb44ab",
};
const NIXPKGS_BINTOOLS_WRAPPER_ADD_HARDENING_SH: Reader = Reader {
    program: "bintools-wrapper",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/bintools-wrapper/add-hardening.sh",
    commit: "d0a72af3fefb5175f29ea0910ec55437940f9e07",
};
const NIXPKGS_BINTOOLS_WRAPPER_LD_WRAPPER_SH: Reader = Reader {
    program: "ld-wrapper (bintools-wrapper)",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/bintools-wrapper/ld-wrapper.sh",
    commit: "02f3ac6c07bf148cf229d827f1cf9ed8fcb0b38e",
};
const NIXPKGS_BINTOOLS_WRAPPER_LD_WRAPPER_SH_2: Reader = Reader {
    program: "ld-wrapper (bintools-wrapper)",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/bintools-wrapper/ld-wrapper.sh",
    commit: "6e369ff78b54e353542be5b2851b2a4d401509f9",
};
const NIXPKGS_BINTOOLS_WRAPPER_SETUP_HOOK_SH: Reader = Reader {
    program: "bintools-wrapper setup hook",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/bintools-wrapper/setup-hook.sh",
    commit: "c5bb4efae8452a4f08399c2117d71df8360e6dd2",
};
const NIXPKGS_BUILDER_SH: Reader = Reader {
    program: "fetchurl builder",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/fetchurl/builder.sh",
    commit: "90cef179033668099a8df7fa3bc3bff65a689419",
};
const NIXPKGS_CC_WRAPPER_ADD_FLAGS_SH: Reader = Reader {
    program: "cc-wrapper",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/cc-wrapper/add-flags.sh",
    commit: "2e1d0989bcf8968780ca0bd92030d15464791450",
};
const NIXPKGS_CC_WRAPPER_CC_WRAPPER_SH: Reader = Reader {
    program: "cc-wrapper",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/cc-wrapper/cc-wrapper.sh",
    commit: "02f3ac6c07bf148cf229d827f1cf9ed8fcb0b38e",
};
const NIXPKGS_CC_WRAPPER_FORTRAN_HOOK_SH: Reader = Reader {
    program: "cc-wrapper",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/cc-wrapper/fortran-hook.sh",
    commit: "16f7bd770da07ef2ba9a23f6121b0d5c66f3b577",
};
const NIXPKGS_CC_WRAPPER_GNAT_WRAPPER_SH: Reader = Reader {
    program: "cc-wrapper",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/cc-wrapper/gnat-wrapper.sh",
    commit: "0c45fb70c660a17ae819073864a1ef8d0817ee27",
};
const NIXPKGS_CC_WRAPPER_SETUP_HOOK_SH: Reader = Reader {
    program: "cc-wrapper setup hook",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/cc-wrapper/setup-hook.sh",
    commit: "3aa0e75c373895f257330e49aef203338441d5fd",
};
const NIXPKGS_CL_WRAPPER_SH: Reader = Reader {
    program: "cl-wrapper.sh",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/development/lisp-modules/clwrapper/cl-wrapper.sh",
    commit: "5fee3bea2ba47d4854d25e4fd7d51de6f7ddc179",
};
const NIXPKGS_DEBUG_INFO_FROM_ENV_PATCH: Reader = Reader {
    program: "gdb and elfutils",
    access: Access::Getenv,
    repo: Repo::Nixpkgs,
    path: "pkgs/development/tools/misc/gdb/debug-info-from-env.patch",
    commit: "0490065f6ac60793bfb12e110bd6506aaca0e9f5",
};
const NIXPKGS_DEBUG_INFO_FROM_ENV_PATCH_2: Reader = Reader {
    program: "elfutils",
    access: Access::Getenv,
    repo: Repo::Nixpkgs,
    path: "pkgs/by-name/el/elfutils/debug-info-from-env.patch",
    commit: "e168b6feaee3792da224a3774d214bccc691eee8",
};
const NIXPKGS_ENVIRONMENT_NIX: Reader = Reader {
    program: "NixOS environment.nix shell init",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "nixos/modules/programs/environment.nix",
    commit: "0490065f6ac60793bfb12e110bd6506aaca0e9f5",
};
const NIXPKGS_ENVIRONMENT_NIX_2: Reader = Reader {
    program: "NixOS environment.nix",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "nixos/modules/programs/environment.nix",
    commit: "0490065f6ac60793bfb12e110bd6506aaca0e9f5",
};
const NIXPKGS_ENV_PATCH: Reader = Reader {
    program: "Python certifi",
    access: Access::Getenv,
    repo: Repo::Nixpkgs,
    path: "pkgs/development/python-modules/certifi/env.patch",
    commit: "71efc8305f187436814f6c7f6602f80d887605b8",
};
const NIXPKGS_FETCHERS_NIX: Reader = Reader {
    program: "nixpkgs fetchers",
    access: Access::SetupHook,
    repo: Repo::Nixpkgs,
    path: "lib/fetchers.nix",
    commit: "0466dc5b70f668101b03a5cca30bc99303403504",
};
const NIXPKGS_FETCHGIT_DEFAULT_NIX: Reader = Reader {
    program: "fetchgit / nix-prefetch-git",
    access: Access::SetupHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/fetchgit/default.nix",
    commit: "dd264228ff306e3cce538e4281f834476483393d",
};
const NIXPKGS_FETCHURL_DEFAULT_NIX: Reader = Reader {
    program: "fetchurl",
    access: Access::SetupHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/fetchurl/default.nix",
    commit: "005b8027ceae35e3066de839d0c8a05a3ab15171",
};
const NIXPKGS_GHC_PATHS_NIX_PATCH: Reader = Reader {
    program: "ghc-paths Haskell library",
    access: Access::Getenv,
    repo: Repo::Nixpkgs,
    path: "pkgs/development/haskell-modules/patches/ghc-paths-nix.patch",
    commit: "a7e18bfc60a1bf8795c87084263c9ddeddad646e",
};
const NIXPKGS_LIBREDIRECT_C: Reader = Reader {
    program: "libredirect",
    access: Access::Getenv,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/libredirect/libredirect.c",
    commit: "9d9f5934419d037a8d2ba3612475b6a4f313393c",
};
const NIXPKGS_LINUX_DEFAULT_NIX: Reader = Reader {
    program: "Linux stdenv",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/stdenv/linux/default.nix",
    commit: "00cc1b859548a9d74554dac4a987790cd61a5b69",
};
const NIXPKGS_MAKE_DERIVATION_NIX: Reader = Reader {
    program: "mkDerivation",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/stdenv/generic/make-derivation.nix",
    commit: "8c2682d3dfa11db3a299590c156aa7ce9888b6ab",
};
const NIXPKGS_NIX_LD_NIX: Reader = Reader {
    program: "nix-ld",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "nixos/modules/programs/nix-ld.nix",
    commit: "05924f714f31ff83bd10ed1710638688999c3725",
};
const NIXPKGS_NIX_LD_PACKAGE_NIX: Reader = Reader {
    program: "nix-ld",
    access: Access::Getenv,
    repo: Repo::Nixpkgs,
    path: "pkgs/by-name/ni/nix-ld/package.nix",
    commit: "0223c7a9b0dc2c0899df7cb3282fb12064cc7414",
};
const NIXPKGS_NIX_PKGDATADIR_ENV_PATCH: Reader = Reader {
    program: "xdg-desktop-portal",
    access: Access::Getenv,
    repo: Repo::Nixpkgs,
    path: "pkgs/by-name/xd/xdg-desktop-portal/nix-pkgdatadir-env.patch",
    commit: "f5ac22aba5c4451a79004e94ebf0c574c9833caf",
};
const NIXPKGS_NIX_PREFETCH_GIT: Reader = Reader {
    program: "nix-prefetch-git",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/fetchgit/nix-prefetch-git",
    commit: "d0869aa0a8b09fb0802dcd91dbbc85a4e5fa9827",
};
const NIXPKGS_NIX_SSL_CERT_FILE_PATCH: Reader = Reader {
    program: "OpenSSL",
    access: Access::Getenv,
    repo: Repo::Nixpkgs,
    path: "pkgs/development/libraries/openssl/3.0/nix-ssl-cert-file.patch",
    commit: "1181bb22b6c4ab780f2aed2619e6410f58bd3316",
};
const NIXPKGS_PANTHEON_NIX: Reader = Reader {
    program: "NixOS Pantheon module",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "nixos/modules/services/desktop-managers/pantheon.nix",
    commit: "2b803b2b098b7845ee9db0dd3f67cb03dfd59f0a",
};
const NIXPKGS_PARALLEL_SH: Reader = Reader {
    program: "setup hook parallel.sh",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/setup-hooks/parallel.sh",
    commit: "912cda0ae14061ca3cf04bb4d55b0269caee8aa6",
};
const NIXPKGS_QEMU_VM_NIX: Reader = Reader {
    program: "NixOS run-<name>-vm script",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "nixos/modules/virtualisation/qemu-vm.nix",
    commit: "f7072a9e8ab196569e8e20a5a90882df804ab321",
};
const NIXPKGS_REPRODUCIBLE_BUILDS_SH: Reader = Reader {
    program: "setup hook reproducible-builds.sh",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/setup-hooks/reproducible-builds.sh",
    commit: "071e0299cb46341c37df2cb7b5a1a8e3ef901495",
};
const NIXPKGS_REPRODUCIBLE_BUILDS_SH_2: Reader = Reader {
    program: "setup hook reproducible-builds.sh",
    access: Access::SetupHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/setup-hooks/reproducible-builds.sh",
    commit: "071e0299cb46341c37df2cb7b5a1a8e3ef901495",
};
const NIXPKGS_RUSTC_WRAPPER_DEFAULT_NIX: Reader = Reader {
    program: "rustdoc wrapper",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/rust/rustc-wrapper/default.nix",
    commit: "969a3c05802153da3b1ee041930c51fab2f6d395",
};
const NIXPKGS_RUSTC_WRAPPER_DEFAULT_NIX_2: Reader = Reader {
    program: "rustc wrapper",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/rust/rustc-wrapper/default.nix",
    commit: "969a3c05802153da3b1ee041930c51fab2f6d395",
};
const NIXPKGS_RUSTC_WRAPPER_SH: Reader = Reader {
    program: "rustc wrapper",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/rust/rustc-wrapper/rustc-wrapper.sh",
    commit: "489b4217d398d904ff8853b3dc14a548509820ed",
};
const NIXPKGS_SCHEMA_OVERRIDE_VARIABLE_PATCH: Reader = Reader {
    program: "glib",
    access: Access::Getenv,
    repo: Repo::Nixpkgs,
    path: "pkgs/development/libraries/glib/schema-override-variable.patch",
    commit: "10499d878d67e18210eab44fe8767cfd01675225",
};
const NIXPKGS_SDK_HOOK_SH: Reader = Reader {
    program: "setup hook sdk-hook.sh",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/by-name/ap/apple-sdk/setup-hooks/sdk-hook.sh",
    commit: "f803fb870ae4aaab597c6b1e92f50517c467671f",
};
const NIXPKGS_SEPARATE_DEBUG_INFO_SH: Reader = Reader {
    program: "setup hook separate-debug-info.sh",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/setup-hooks/separate-debug-info.sh",
    commit: "ab15a62c68bf7bf3b02e3bab00d121cc1426733c",
};
const NIXPKGS_SETUP_DEBUG_INFO_DIRS_SH: Reader = Reader {
    program: "setup hook setup-debug-info-dirs.sh",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/setup-hooks/setup-debug-info-dirs.sh",
    commit: "0156db2da530a52265fbccc8ad7747b00ee8aaf3",
};
const NIXPKGS_SETUP_HOOK_SH: Reader = Reader {
    program: "Swift wrapper setup hook",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/development/compilers/swift/wrapper/setup-hook.sh",
    commit: "f44cb0ea3e1891f1002457ef691c0d3896472035",
};
const NIXPKGS_SETUP_SH: Reader = Reader {
    program: "stdenv setup.sh",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/stdenv/generic/setup.sh",
    commit: "183939da54831b11f389d9863a0e5b41aaf1ddc5",
};
const NIXPKGS_SETUP_SH_2: Reader = Reader {
    program: "stdenv setup.sh",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/stdenv/generic/setup.sh",
    commit: "183939da54831b11f389d9863a0e5b41aaf1ddc5",
};
const NIXPKGS_SITECUSTOMIZE_PY: Reader = Reader {
    program: "Python's sitecustomize.py",
    access: Access::Getenv,
    repo: Repo::Nixpkgs,
    path: "pkgs/development/interpreters/python/sitecustomize.py",
    commit: "08a3497b59051c2839c8ced79d39687b8485ab26",
};
const NIXPKGS_SITE_START_EL: Reader = Reader {
    program: "Emacs site-start.el",
    access: Access::Getenv,
    repo: Repo::Nixpkgs,
    path: "pkgs/applications/editors/emacs/site-start.el",
    commit: "049760681863a682da39236334e01b55d861a795",
};
const NIXPKGS_UTILS_BASH: Reader = Reader {
    program: "cc-wrapper and bintools-wrapper",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/wrapper-common/utils.bash",
    commit: "02f3ac6c07bf148cf229d827f1cf9ed8fcb0b38e",
};
const NIXPKGS_UTILS_BASH_2: Reader = Reader {
    program: "cc-wrapper and bintools-wrapper",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/wrapper-common/utils.bash",
    commit: "4aeb2ba51274688478c2148e08894c355bbc552e",
};
const NIXPKGS_UTILS_BASH_3: Reader = Reader {
    program: "cc-wrapper and bintools-wrapper",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/build-support/wrapper-common/utils.bash",
    commit: "02f3ac6c07bf148cf229d827f1cf9ed8fcb0b38e",
};
const NIXPKGS_WITH_PACKAGES_WRAPPER_NIX: Reader = Reader {
    program: "ghc.withPackages wrapper",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/development/haskell-modules/with-packages-wrapper.nix",
    commit: "0148e16d1446003704803ecabb5a00cfea7d8568",
};
const NIXPKGS_WRAPPER_NIX: Reader = Reader {
    program: "python.withPackages / buildEnv wrapper",
    access: Access::SetByHook,
    repo: Repo::Nixpkgs,
    path: "pkgs/development/interpreters/python/wrapper.nix",
    commit: "0145c6da2896513d94440e7fb41c11487aa3de16",
};
const NIXPKGS_WRAPPER_SH: Reader = Reader {
    program: "Swift compiler wrapper",
    access: Access::Shell,
    repo: Repo::Nixpkgs,
    path: "pkgs/development/compilers/swift/wrapper/wrapper.sh",
    commit: "1522d5d6b1759c332b19a4c9a270e5b7ba09f231",
};
const NIX_ARGS_CC: Reader = Reader {
    program: "Nix (libutil)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libutil/args.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_COMPLETION_SH: Reader = Reader {
    program: "Nix shell completion",
    access: Access::SetByNix,
    repo: Repo::Nix,
    path: "misc/bash/completion.sh",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_CONFIGURATION_CC: Reader = Reader {
    program: "Nix (libutil)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libutil/configuration.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_CREATE_DARWIN_VOLUME_SH: Reader = Reader {
    program: "Nix installer",
    access: Access::Shell,
    repo: Repo::Nix,
    path: "scripts/create-darwin-volume.sh",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_DERIVATION_BUILDER_CC: Reader = Reader {
    program: "Nix (build)",
    access: Access::SetByNix,
    repo: Repo::Nix,
    path: "src/libstore/unix/build/derivation-builder.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_DERIVATION_BUILDING_GOAL_CC: Reader = Reader {
    program: "Nix (build)",
    access: Access::SetByNix,
    repo: Repo::Nix,
    path: "src/libstore/build/derivation-building-goal.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_DERIVATION_ENV_DESUGAR_CC: Reader = Reader {
    program: "Nix (build)",
    access: Access::SetByNix,
    repo: Repo::Nix,
    path: "src/libstore/build/derivation-env-desugar.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_DEVELOP_CC: Reader = Reader {
    program: "Nix CLI",
    access: Access::SetByNix,
    repo: Repo::Nix,
    path: "src/nix/develop.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_EVAL_CC: Reader = Reader {
    program: "Nix (libexpr)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libexpr/eval.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_EVAL_GC_CC: Reader = Reader {
    program: "Nix (libexpr)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libexpr/eval-gc.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_EVAL_SETTINGS_CC: Reader = Reader {
    program: "Nix (libexpr)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libexpr/eval-settings.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_FILETRANSFER_CC: Reader = Reader {
    program: "Nix (libstore)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libstore/filetransfer.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_FLAKE_CC: Reader = Reader {
    program: "Nix (libflake)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libflake/flake.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_GLOBALS_CC: Reader = Reader {
    program: "Nix (libstore)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libstore/globals.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_GLOBALS_CC_2: Reader = Reader {
    program: "Nix (libstore)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libstore/globals.cc",
    commit: "07a3171fb97fef245b64760502618cf7ae242eda",
};
const NIX_GLOBALS_HH: Reader = Reader {
    program: "Nix (libstore)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libstore/include/nix/store/globals.hh",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_INSTALL_DARWIN_MULTI_USER_SH: Reader = Reader {
    program: "Nix installer",
    access: Access::Shell,
    repo: Repo::Nix,
    path: "scripts/install-darwin-multi-user.sh",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_INSTALL_MULTI_USER_SH: Reader = Reader {
    program: "Nix installer",
    access: Access::Shell,
    repo: Repo::Nix,
    path: "scripts/install-multi-user.sh",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_INSTALL_NIX_FROM_TARBALL_SH: Reader = Reader {
    program: "Nix installer",
    access: Access::Shell,
    repo: Repo::Nix,
    path: "scripts/install-nix-from-tarball.sh",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_INSTALL_SYSTEMD_MULTI_USER_SH: Reader = Reader {
    program: "Nix installer",
    access: Access::Shell,
    repo: Repo::Nix,
    path: "scripts/install-systemd-multi-user.sh",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_LIBSTORE_NETWORK_CC: Reader = Reader {
    program: "Nix",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libstore-test-support/libstore-network.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_LOGGERS_CC: Reader = Reader {
    program: "Nix (libmain)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libmain/loggers.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_NIX_BUILD_CC: Reader = Reader {
    program: "nix-shell / nix-build",
    access: Access::SetByNix,
    repo: Repo::Nix,
    path: "src/nix/nix-build/nix-build.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_NIX_BUILD_CC_2: Reader = Reader {
    program: "nix-shell / nix-build",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/nix/nix-build/nix-build.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_NIX_BUILD_CC_3: Reader = Reader {
    program: "nix-shell / nix-build",
    access: Access::Shell,
    repo: Repo::Nix,
    path: "src/nix/nix-build/nix-build.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_NIX_ENV_CC: Reader = Reader {
    program: "nix-env",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/nix/nix-env/nix-env.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_NIX_PROFILE_DAEMON_SH_IN: Reader = Reader {
    program: "Nix profile scripts",
    access: Access::Shell,
    repo: Repo::Nix,
    path: "scripts/nix-profile-daemon.sh.in",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_NIX_PROFILE_DAEMON_SH_IN_2: Reader = Reader {
    program: "Nix profile scripts",
    access: Access::SetByNix,
    repo: Repo::Nix,
    path: "scripts/nix-profile-daemon.sh.in",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_NIX_PROFILE_SH_IN: Reader = Reader {
    program: "Nix profile scripts",
    access: Access::Shell,
    repo: Repo::Nix,
    path: "scripts/nix-profile.sh.in",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_NIX_PROFILE_SH_IN_2: Reader = Reader {
    program: "Nix profile scripts",
    access: Access::SetByNix,
    repo: Repo::Nix,
    path: "scripts/nix-profile.sh.in",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_REPL_CC: Reader = Reader {
    program: "Nix CLI",
    access: Access::SetByNix,
    repo: Repo::Nix,
    path: "src/nix/repl.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_SELF_EXE_CC: Reader = Reader {
    program: "Nix CLI",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/nix/self-exe.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_SHARED_CC: Reader = Reader {
    program: "Nix (libmain)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libmain/shared.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_SQLITE_CC: Reader = Reader {
    program: "Nix (libstore)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libstore/sqlite.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_SSH_CC: Reader = Reader {
    program: "Nix (libstore)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libstore/ssh.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_STORE_API_CC: Reader = Reader {
    program: "Nix (libstore)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libstore/store-api.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_STORE_REGISTRATION_CC: Reader = Reader {
    program: "Nix (libstore)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libstore/store-registration.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_UDS_REMOTE_STORE_CC: Reader = Reader {
    program: "Nix (libstore)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libstore/uds-remote-store.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};
const NIX_USERS_CC: Reader = Reader {
    program: "Nix (libutil)",
    access: Access::Getenv,
    repo: Repo::Nix,
    path: "src/libutil/users.cc",
    commit: "88b09c64fbea076a0376830d98e5331f70ed31a3",
};

/// Every variable hmopt knows, in the order of the reference table.
pub const VARIABLES: &[Variable] = &[
    Variable {
        name: "NIX_CC_USE_RESPONSE_FILE",
        category: Category::CcWrapper,
        role_suffixes: false,
        effect: "Makes cc-wrapper pass its arguments through a response file.",
        readers: &[NIXPKGS_CC_WRAPPER_CC_WRAPPER_SH, NIXPKGS_WRAPPER_SH],
    },
    Variable {
        name: "NIX_CFLAGS_COMPILE",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "Compiler flags appended after the caller's arguments on every compile, C and C++ alike.",
        readers: &[
            NIXPKGS_CC_WRAPPER_ADD_FLAGS_SH,
            NIXPKGS_CC_WRAPPER_SETUP_HOOK_SH,
            NIXPKGS_CC_WRAPPER_CC_WRAPPER_SH,
            NIXPKGS_REPRODUCIBLE_BUILDS_SH,
        ],
    },
    Variable {
        name: "NIX_CFLAGS_COMPILE_BEFORE",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "Compiler flags placed before the caller's arguments.",
        readers: &[NIXPKGS_CC_WRAPPER_ADD_FLAGS_SH, NIXPKGS_CC_WRAPPER_CC_WRAPPER_SH],
    },
    Variable {
        name: "NIX_CFLAGS_LINK",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "Compiler-driver flags added only when linking, e.g. `-fuse-ld=mold` (nixpkgs' `useMoldLinker` uses it).",
        readers: &[NIXPKGS_CC_WRAPPER_ADD_FLAGS_SH, NIXPKGS_UTILS_BASH],
    },
    Variable {
        name: "NIX_CXXSTDLIB_COMPILE",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "C++-only compile flags: appended when the program is a C++ driver (`*++`, or `-x c++`) unless `-nostdinc`/`-nostdinc++` is given. nixpkgs itself sets `NIX_CXXSTDLIB_COMPILE = \"-std=c++17\"` in `pkgs/by-name/li/libedgetpu/package.nix`.",
        readers: &[NIXPKGS_CC_WRAPPER_ADD_FLAGS_SH, NIXPKGS_UTILS_BASH],
    },
    Variable {
        name: "NIX_CXXSTDLIB_LINK",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "C++-only link flags (dropped with `-nostdlib`).",
        readers: &[NIXPKGS_CC_WRAPPER_ADD_FLAGS_SH, NIXPKGS_UTILS_BASH],
    },
    Variable {
        name: "NIX_ENFORCE_NO_NATIVE",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "Boolean: drops `-m*=native` from the caller's own arguments. Flags inside NIX_CFLAGS_COMPILE are not filtered.",
        readers: &[
            NIXPKGS_CC_WRAPPER_ADD_FLAGS_SH,
            NIXPKGS_CC_WRAPPER_CC_WRAPPER_SH,
            NIXPKGS_LINUX_DEFAULT_NIX,
        ],
    },
    Variable {
        name: "NIX_FFLAGS_COMPILE",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "Flags for the Flang (Fortran) driver, used instead of NIX_CFLAGS_COMPILE when the wrapped compiler is Flang, so that C-only flags do not reach it (newer cc-wrapper).",
        readers: &[NIXPKGS_CC_WRAPPER_CC_WRAPPER_SH],
    },
    Variable {
        name: "NIX_FFLAGS_COMPILE_BEFORE",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "Like NIX_FFLAGS_COMPILE, but placed before the caller's arguments (Flang only, newer cc-wrapper).",
        readers: &[NIXPKGS_CC_WRAPPER_CC_WRAPPER_SH],
    },
    Variable {
        name: "NIX_GNATFLAGS_COMPILE",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "Ada/GNAT compile flags.",
        readers: &[NIXPKGS_CC_WRAPPER_ADD_FLAGS_SH, NIXPKGS_CC_WRAPPER_GNAT_WRAPPER_SH],
    },
    Variable {
        name: "NIX_BUILD_ID_STYLE",
        category: Category::BintoolsWrapper,
        role_suffixes: false,
        effect: "The `--build-id=` style ld-wrapper passes (newer nixpkgs).",
        readers: &[NIXPKGS_BINTOOLS_WRAPPER_LD_WRAPPER_SH],
    },
    Variable {
        name: "NIX_COREFOUNDATION_RPATH",
        category: Category::BintoolsWrapper,
        role_suffixes: false,
        effect: "Darwin ld-wrapper's CoreFoundation rpath (older nixpkgs).",
        readers: &[NIXPKGS_BINTOOLS_WRAPPER_LD_WRAPPER_SH_2],
    },
    Variable {
        name: "NIX_DONT_SET_RPATH",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Boolean: ld-wrapper adds no `-rpath`.",
        readers: &[NIXPKGS_BINTOOLS_WRAPPER_ADD_FLAGS_SH, NIXPKGS_BINTOOLS_WRAPPER_LD_WRAPPER_SH],
    },
    Variable {
        name: "NIX_DYNAMIC_LINKER",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Sets the `-dynamic-linker` the linker writes into executables.",
        readers: &[NIXPKGS_BINTOOLS_WRAPPER_ADD_FLAGS_SH, NIXPKGS_BINTOOLS_WRAPPER_LD_WRAPPER_SH],
    },
    Variable {
        name: "NIX_HARDENING_ENABLE",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Space-separated hardening flags. mkDerivation sets it itself from `hardeningEnable`/`hardeningDisable`: prefer those.",
        readers: &[
            NIXPKGS_BINTOOLS_WRAPPER_ADD_FLAGS_SH,
            NIXPKGS_BINTOOLS_WRAPPER_ADD_HARDENING_SH,
            NIXPKGS_CC_WRAPPER_SETUP_HOOK_SH,
            NIXPKGS_MAKE_DERIVATION_NIX,
            NIXPKGS_CC_WRAPPER_FORTRAN_HOOK_SH,
        ],
    },
    Variable {
        name: "NIX_IGNORE_LD_THROUGH_GCC",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Relaxes ld-wrapper's purity filter (set by the Darwin stdenv).",
        readers: &[NIXPKGS_BINTOOLS_WRAPPER_ADD_FLAGS_SH, NIXPKGS_BINTOOLS_WRAPPER_LD_WRAPPER_SH],
    },
    Variable {
        name: "NIX_LDFLAGS",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Raw linker flags. Through cc-wrapper each becomes `-Wl,<flag>` (unless it starts with `-L/`), so compiler options such as `-O3`, `-march=` or `-f...` do not belong here.",
        readers: &[
            NIXPKGS_BINTOOLS_WRAPPER_ADD_FLAGS_SH,
            NIXPKGS_BINTOOLS_WRAPPER_SETUP_HOOK_SH,
            NIXPKGS_BINTOOLS_WRAPPER_LD_WRAPPER_SH,
            NIXPKGS_CC_WRAPPER_CC_WRAPPER_SH,
            NIXPKGS_SETUP_SH,
        ],
    },
    Variable {
        name: "NIX_LDFLAGS_AFTER",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Linker flags placed after the caller's arguments (ld-wrapper only).",
        readers: &[NIXPKGS_BINTOOLS_WRAPPER_ADD_FLAGS_SH, NIXPKGS_BINTOOLS_WRAPPER_LD_WRAPPER_SH],
    },
    Variable {
        name: "NIX_LDFLAGS_BEFORE",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Linker flags placed before the caller's arguments.",
        readers: &[NIXPKGS_BINTOOLS_WRAPPER_ADD_FLAGS_SH, NIXPKGS_BINTOOLS_WRAPPER_LD_WRAPPER_SH],
    },
    Variable {
        name: "NIX_LDFLAGS_HARDEN",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Accepted by add-flags.sh; no reader was found, so setting it likely has no effect.",
        readers: &[NIXPKGS_BINTOOLS_WRAPPER_ADD_FLAGS_SH],
    },
    Variable {
        name: "NIX_LD_USE_RESPONSE_FILE",
        category: Category::BintoolsWrapper,
        role_suffixes: false,
        effect: "Makes ld-wrapper pass its arguments through a response file.",
        readers: &[NIXPKGS_BINTOOLS_WRAPPER_LD_WRAPPER_SH],
    },
    Variable {
        name: "NIX_SET_BUILD_ID",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Boolean: ld-wrapper adds `--build-id`.",
        readers: &[
            NIXPKGS_BINTOOLS_WRAPPER_ADD_FLAGS_SH,
            NIXPKGS_BINTOOLS_WRAPPER_LD_WRAPPER_SH,
            NIXPKGS_SEPARATE_DEBUG_INFO_SH,
        ],
    },
    Variable {
        name: "NIX_DEBUG",
        category: Category::Wrappers,
        role_suffixes: false,
        effect: "Debug level: >=1 prints the flags the wrappers add (and HARDENING info, skipped impure paths); >=6 makes setup.sh 'set -x'; >=7 makes the wrappers 'set -x'.",
        readers: &[
            NIXPKGS_CC_WRAPPER_CC_WRAPPER_SH,
            NIXPKGS_BINTOOLS_WRAPPER_LD_WRAPPER_SH,
            NIXPKGS_UTILS_BASH_2,
            NIXPKGS_SETUP_SH_2,
        ],
    },
    Variable {
        name: "NIX_ENFORCE_PURITY",
        category: Category::Wrappers,
        role_suffixes: false,
        effect: "Both wrappers drop flags that reach outside the store; stdenv defaults it to 1.",
        readers: &[
            NIXPKGS_CC_WRAPPER_CC_WRAPPER_SH,
            NIXPKGS_BINTOOLS_WRAPPER_LD_WRAPPER_SH,
            NIXPKGS_LINUX_DEFAULT_NIX,
        ],
    },
    Variable {
        name: "NIX_BUILD_CORES",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "The number of cores a build may use: Nix sets it for every builder from its `cores` setting, and stdenv's setup.sh passes `-j$NIX_BUILD_CORES` to make when `enableParallelBuilding` is on. A derivation may set it itself (its value wins over Nix's) to limit a build's parallelism, and with it its memory.",
        readers: &[
            NIXPKGS_SETUP_SH_2,
            NIX_DERIVATION_BUILDER_CC,
            NIX_NIX_BUILD_CC,
            NIXPKGS_PARALLEL_SH,
        ],
    },
    Variable {
        name: "NIX_CONNECT_TIMEOUT",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "Connect timeout (seconds, default 15) when probing hashed mirrors.",
        readers: &[NIXPKGS_BUILDER_SH, NIXPKGS_FETCHURL_DEFAULT_NIX],
    },
    Variable {
        name: "NIX_CURL_FLAGS",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "Extra curl options for fetchurl downloads; passed from the caller's environment as an impure env var.",
        readers: &[NIXPKGS_BUILDER_SH, NIXPKGS_FETCHURL_DEFAULT_NIX],
    },
    Variable {
        name: "NIX_GIT_SSL_CAINFO",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "CA bundle for git during fetchgit (legacy; NIX_SSL_CERT_FILE preferred); passed into the fixed-output build as an impure env var.",
        readers: &[NIXPKGS_FETCHGIT_DEFAULT_NIX],
    },
    Variable {
        name: "NIX_HASHED_MIRRORS",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "Overrides the list of content-addressed (hashed) mirrors tried by fetchurl.",
        readers: &[NIXPKGS_BUILDER_SH, NIXPKGS_FETCHURL_DEFAULT_NIX],
    },
    Variable {
        name: "NIX_LIB32_IN_SELF_RPATH",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "If non-empty, stdenv also adds -rpath $out/lib32 to NIX_LDFLAGS.",
        readers: &[NIXPKGS_SETUP_SH_2, NIXPKGS_LINUX_DEFAULT_NIX],
    },
    Variable {
        name: "NIX_LIB64_IN_SELF_RPATH",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "If non-empty, stdenv also adds -rpath $out/lib64 to NIX_LDFLAGS (set by the x86_64-linux stdenv preHook).",
        readers: &[NIXPKGS_SETUP_SH_2, NIXPKGS_LINUX_DEFAULT_NIX],
    },
    Variable {
        name: "NIX_NO_SELF_RPATH",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "Stops setup.sh from adding the output's own lib directory to the rpath.",
        readers: &[NIXPKGS_SETUP_SH_2],
    },
    Variable {
        name: "NIX_OUTPATH_USED_AS_RANDOM_SEED",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "Overrides the path whose hash part seeds -frandom-seed= (default $out).",
        readers: &[NIXPKGS_REPRODUCIBLE_BUILDS_SH_2],
    },
    Variable {
        name: "NIX_RUSTDOCFLAGS",
        category: Category::BuildHook,
        role_suffixes: false,
        effect: "Extra flags appended to every rustdoc invocation made through the nixpkgs wrapper.",
        readers: &[NIXPKGS_RUSTC_WRAPPER_DEFAULT_NIX],
    },
    Variable {
        name: "NIX_RUSTFLAGS",
        category: Category::BuildHook,
        role_suffixes: false,
        effect: "Extra flags appended to every rustc invocation made through the nixpkgs rustc wrapper.",
        readers: &[NIXPKGS_RUSTC_WRAPPER_SH, NIXPKGS_RUSTC_WRAPPER_DEFAULT_NIX_2],
    },
    Variable {
        name: "NIX_SWIFTFLAGS_COMPILE",
        category: Category::BuildHook,
        role_suffixes: false,
        effect: "Extra swiftc flags appended after the user's arguments; the Swift setup hook adds -I <dep>/lib/swift... for build inputs.",
        readers: &[NIXPKGS_WRAPPER_SH, NIXPKGS_SETUP_HOOK_SH],
    },
    Variable {
        name: "NIX_SWIFTFLAGS_COMPILE_BEFORE",
        category: Category::BuildHook,
        role_suffixes: false,
        effect: "Extra swiftc flags placed before the user's arguments.",
        readers: &[NIXPKGS_WRAPPER_SH],
    },
    Variable {
        name: "NIX_APPLE_SDK_VERSION",
        category: Category::Internal,
        role_suffixes: true,
        effect: "Zero-padded version of the selected Darwin SDK for the role; the hook only switches DEVELOPER_DIR/SDKROOT to a newer SDK than the one already recorded.",
        readers: &[NIXPKGS_SDK_HOOK_SH],
    },
    Variable {
        name: "NIX_ATTRS_JSON_FILE",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Set by Nix in builds with `__structuredAttrs = true`: the attributes as JSON.",
        readers: &[NIX_DERIVATION_ENV_DESUGAR_CC, NIX_NIX_BUILD_CC, NIXPKGS_SETUP_SH_2],
    },
    Variable {
        name: "NIX_ATTRS_SH_FILE",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Set by Nix in builds with `__structuredAttrs = true`: the attributes as a Bash script.",
        readers: &[NIX_DERIVATION_ENV_DESUGAR_CC, NIX_NIX_BUILD_CC, NIXPKGS_SETUP_SH_2],
    },
    Variable {
        name: "NIX_BINTOOLS",
        category: Category::Internal,
        role_suffixes: true,
        effect: "Set by bintools-wrapper's setup hook to the wrapped bintools: read it, don't set it.",
        readers: &[NIXPKGS_BINTOOLS_WRAPPER_SETUP_HOOK_SH],
    },
    Variable {
        name: "NIX_BUILD_TOP",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Set by Nix to the build's temporary directory. Never set it in a derivation.",
        readers: &[
            NIX_DERIVATION_BUILDER_CC,
            NIX_NIX_BUILD_CC,
            NIXPKGS_SETUP_SH_2,
            NIXPKGS_UTILS_BASH_2,
        ],
    },
    Variable {
        name: "NIX_CC",
        category: Category::Internal,
        role_suffixes: true,
        effect: "Set by cc-wrapper's setup hook to the wrapped compiler: read it, don't set it.",
        readers: &[NIXPKGS_CC_WRAPPER_SETUP_HOOK_SH, NIXPKGS_WRAPPER_SH],
    },
    Variable {
        name: "NIX_GCROOT",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Set by nix develop to the GC root of the dev environment so it is not collected while the shell runs.",
        readers: &[NIX_DEVELOP_CC],
    },
    Variable {
        name: "NIX_LOG_FD",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Set by Nix: the file descriptor of the structured build log. Never set it in a derivation.",
        readers: &[NIX_DERIVATION_BUILDER_CC, NIXPKGS_SETUP_SH_2],
    },
    Variable {
        name: "NIX_OUTPUT_CHECKED",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Set to 1 for fixed-output derivations (compat hack for Nix <= 0.7-era fetchurl).",
        readers: &[NIX_DERIVATION_BUILDER_CC],
    },
    Variable {
        name: "NIX_STORE",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Set by Nix in every build to the store directory. Never set it in a derivation.",
        readers: &[
            NIX_DERIVATION_BUILDER_CC,
            NIX_STORE_API_CC,
            NIX_NIX_BUILD_CC,
            NIXPKGS_UTILS_BASH_2,
            NIXPKGS_BINTOOLS_WRAPPER_LD_WRAPPER_SH,
        ],
    },
    Variable {
        name: "NIX_TEST_FORCE_NETWORK_TESTS",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Test-suite only: forces network-dependent unit tests to run.",
        readers: &[NIX_LIBSTORE_NETWORK_CC],
    },
    Variable {
        name: "NIX_USER_PROFILE_DIR",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Set by NixOS for login shells to the user's profile directory (`/nix/var/nix/profiles/per-user/$USER`); current Nix no longer reads it.",
        readers: &[NIXPKGS_ENVIRONMENT_NIX],
    },
    Variable {
        name: "NIX_WRAPPER_OPERATION",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Delegated operation name (link/toolchain) checked by wrapperImport.",
        readers: &[NIXPKGS_UTILS_BASH_3],
    },
    Variable {
        name: "NIX_WRAPPER_VERSION",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Protocol marker (2) exported when a compiler wrapper delegates to a prepared linker/toolchain invocation.",
        readers: &[NIXPKGS_UTILS_BASH_3],
    },
    Variable {
        name: "NIX_ABORT_ON_WARN",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "If 1/yes/true, enables abort-on-warn: builtins.warn aborts evaluation.",
        readers: &[NIX_EVAL_SETTINGS_CC],
    },
    Variable {
        name: "NIX_ALLOW_EVAL",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Testing knob: when 0, evaluating a flake that is not fully in the eval cache throws an error.",
        readers: &[NIX_FLAKE_CC],
    },
    Variable {
        name: "NIX_BECOME",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Privilege-escalation command used by the installer (default sudo).",
        readers: &[NIX_INSTALL_MULTI_USER_SH],
    },
    Variable {
        name: "NIX_BIN_DIR",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Where Nix's programs live.",
        readers: &[NIX_SELF_EXE_CC],
    },
    Variable {
        name: "NIX_BUILD_GROUP_ID",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "GID of the nixbld group (Linux default 30000, macOS 350).",
        readers: &[NIX_INSTALL_SYSTEMD_MULTI_USER_SH],
    },
    Variable {
        name: "NIX_BUILD_SHELL",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "The shell `nix-shell` starts.",
        readers: &[NIX_NIX_BUILD_CC_2],
    },
    Variable {
        name: "NIX_CACHE_HOME",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Overrides the per-user Nix cache directory (default $XDG_CACHE_HOME/nix or platform equivalent).",
        readers: &[NIX_USERS_CC],
    },
    Variable {
        name: "NIX_CONFIG",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Extra nix.conf settings, one per line, applied after the configuration files.",
        readers: &[NIX_GLOBALS_CC, NIX_DERIVATION_BUILDING_GOAL_CC, NIX_REPL_CC],
    },
    Variable {
        name: "NIX_CONFIG_HOME",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Overrides the per-user Nix config directory (default $XDG_CONFIG_HOME/nix or platform equivalent).",
        readers: &[NIX_USERS_CC],
    },
    Variable {
        name: "NIX_CONF_DIR",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Directory of the system nix.conf.",
        readers: &[NIX_GLOBALS_CC],
    },
    Variable {
        name: "NIX_COUNT_CALLS",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Counts function calls in evaluator statistics.",
        readers: &[NIX_EVAL_CC],
    },
    Variable {
        name: "NIX_DAEMON_SOCKET_PATH",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "The daemon's socket.",
        readers: &[NIX_UDS_REMOTE_STORE_CC],
    },
    Variable {
        name: "NIX_DATA_DIR",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Nix's data directory. Read by Nix releases up to early 2026 (removed in Nix commit 98f6881d11); older releases such as 2.8 still read it.",
        readers: &[NIX_GLOBALS_CC_2],
    },
    Variable {
        name: "NIX_DATA_HOME",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Overrides the per-user Nix data directory (default $XDG_DATA_HOME/nix or platform equivalent).",
        readers: &[NIX_USERS_CC],
    },
    Variable {
        name: "NIX_DEBUG_SQLITE_TRACES",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "If 1, installs an SQLite trace callback that logs every SQL statement (debugging).",
        readers: &[NIX_SQLITE_CC],
    },
    Variable {
        name: "NIX_EXTRA_CONF",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Extra text appended to the generated /etc/nix/nix.conf.",
        readers: &[NIX_INSTALL_MULTI_USER_SH],
    },
    Variable {
        name: "NIX_FIRST_BUILD_UID",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "First UID for build users (Linux default 30001, macOS 351).",
        readers: &[NIX_INSTALL_SYSTEMD_MULTI_USER_SH],
    },
    Variable {
        name: "NIX_GET_COMPLETIONS",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Set by shell completion scripts to ask Nix for completions.",
        readers: &[NIX_ARGS_CC, NIX_LOGGERS_CC, NIX_COMPLETION_SH],
    },
    Variable {
        name: "NIX_IGNORE_SYMLINK_STORE",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Allows a store path that contains a symlink (macOS).",
        readers: &[NIX_GLOBALS_CC],
    },
    Variable {
        name: "NIX_INSTALLER_NO_CHANNEL_ADD",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "If set, the installer does not add/update the nixpkgs channel.",
        readers: &[NIX_INSTALL_MULTI_USER_SH],
    },
    Variable {
        name: "NIX_INSTALLER_NO_MODIFY_PROFILE",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "If set, the single-user installer does not edit shell profile files.",
        readers: &[NIX_INSTALL_NIX_FROM_TARBALL_SH],
    },
    Variable {
        name: "NIX_INSTALLER_YES",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "If set, the multi-user installer runs non-interactively (assumes yes).",
        readers: &[NIX_INSTALL_MULTI_USER_SH],
    },
    Variable {
        name: "NIX_LOG_DIR",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Where Nix keeps build logs.",
        readers: &[NIX_STORE_API_CC],
    },
    Variable {
        name: "NIX_PAGER",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "The pager Nix pipes long output through.",
        readers: &[NIX_SHARED_CC],
    },
    Variable {
        name: "NIX_PATH",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Search path for `<nixpkgs>`-style lookups.",
        readers: &[NIX_EVAL_GC_CC, NIX_CONFIGURATION_CC, HOME_MANAGER_NIX_DEFAULT_NIX],
    },
    Variable {
        name: "NIX_PROFILE",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Profile used by nix-env when --profile is not given (documented in command-ref/nix-env/env-common.md).",
        readers: &[NIX_NIX_ENV_CC],
    },
    Variable {
        name: "NIX_REMOTE",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Which store to use, e.g. `daemon`.",
        readers: &[NIX_GLOBALS_HH, NIX_DERIVATION_BUILDER_CC],
    },
    Variable {
        name: "NIX_REMOTE_SYSTEMS",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Backwards-compatibility: colon-separated list of machine files; converted to the builders setting (@file entries).",
        readers: &[NIX_GLOBALS_CC],
    },
    Variable {
        name: "NIX_ROOT",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "macOS volume script: mount point of the Nix volume (default /nix). Fixed to /nix in install-multi-user.sh.",
        readers: &[NIX_CREATE_DARWIN_VOLUME_SH],
    },
    Variable {
        name: "NIX_SHELL_PRESERVE_PROMPT",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Keeps the prompt in `nix-shell`.",
        readers: &[NIX_NIX_BUILD_CC_3],
    },
    Variable {
        name: "NIX_SHOW_STATS",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Prints evaluator statistics when set to 1.",
        readers: &[NIX_EVAL_CC],
    },
    Variable {
        name: "NIX_SHOW_STATS_PATH",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "File to write the NIX_SHOW_STATS JSON to; '-' (default) means stderr.",
        readers: &[NIX_EVAL_CC],
    },
    Variable {
        name: "NIX_SHOW_SYMBOLS",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "If not 0, includes the symbol table in the evaluation statistics output.",
        readers: &[NIX_EVAL_CC],
    },
    Variable {
        name: "NIX_SSHOPTS",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Extra options passed to ssh (shell-split) when Nix connects to ssh:// or ssh-ng:// stores.",
        readers: &[NIX_SSH_CC],
    },
    Variable {
        name: "NIX_SSL_CERT_FILE",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "CA bundle Nix uses for downloads.",
        readers: &[
            NIX_FILETRANSFER_CC,
            NIX_NIX_PROFILE_DAEMON_SH_IN,
            NIXPKGS_SETUP_SH,
            NIXPKGS_NIX_SSL_CERT_FILE_PATCH,
            NIXPKGS_ENV_PATCH,
            NIXPKGS_FETCHERS_NIX,
        ],
    },
    Variable {
        name: "NIX_STATE_DIR",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Nix's state directory (normally `/nix/var/nix`).",
        readers: &[NIX_GLOBALS_CC, NIX_STORE_REGISTRATION_CC],
    },
    Variable {
        name: "NIX_STATE_HOME",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Overrides the per-user Nix state directory (default $XDG_STATE_HOME/nix or platform equivalent).",
        readers: &[NIX_USERS_CC, NIX_NIX_PROFILE_SH_IN],
    },
    Variable {
        name: "NIX_STORE_DIR",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "The store directory Nix uses (normally `/nix/store`).",
        readers: &[NIX_STORE_API_CC, NIX_STORE_REGISTRATION_CC],
    },
    Variable {
        name: "NIX_USER_CONF_FILES",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Colon-separated user configuration files, replacing `~/.config/nix/nix.conf`.",
        readers: &[NIX_GLOBALS_CC],
    },
    Variable {
        name: "NIX_USER_COUNT",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Number of nixbld build users to create (default 32).",
        readers: &[NIX_INSTALL_MULTI_USER_SH],
    },
    Variable {
        name: "NIX_VOLUME_CREATE",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "macOS: whether to create the APFS Nix Store volume (default 1).",
        readers: &[NIX_INSTALL_DARWIN_MULTI_USER_SH],
    },
    Variable {
        name: "NIX_VOLUME_DO_ENCRYPT",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "macOS: whether to encrypt the Nix volume (defaults to FileVault state).",
        readers: &[NIX_CREATE_DARWIN_VOLUME_SH],
    },
    Variable {
        name: "NIX_VOLUME_FS",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "macOS: filesystem type for the Nix volume.",
        readers: &[NIX_CREATE_DARWIN_VOLUME_SH],
    },
    Variable {
        name: "NIX_VOLUME_LABEL",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "macOS: label of the Nix volume.",
        readers: &[NIX_CREATE_DARWIN_VOLUME_SH],
    },
    Variable {
        name: "NIX_VOLUME_MOUNTD_DEST",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "macOS: path of the launchd plist that mounts the volume.",
        readers: &[NIX_CREATE_DARWIN_VOLUME_SH],
    },
    Variable {
        name: "NIX_VOLUME_USE_DISK",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "macOS: disk on which to create the Nix volume.",
        readers: &[NIX_CREATE_DARWIN_VOLUME_SH],
    },
    Variable {
        name: "NIX_VOLUME_USE_SPECIAL",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "macOS: reuse an existing volume special device.",
        readers: &[NIX_CREATE_DARWIN_VOLUME_SH],
    },
    Variable {
        name: "NIX_VOLUME_USE_UUID",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "macOS: reuse an existing volume by UUID.",
        readers: &[NIX_CREATE_DARWIN_VOLUME_SH],
    },
    Variable {
        name: "NIX_DEBUG_INFO_DIRS",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "gdb and elfutils (patched in nixpkgs): where to find separate debug info.",
        readers: &[
            NIXPKGS_DEBUG_INFO_FROM_ENV_PATCH,
            NIXPKGS_DEBUG_INFO_FROM_ENV_PATCH_2,
            NIXPKGS_SETUP_DEBUG_INFO_DIRS_SH,
            HOME_MANAGER_DEBUG_NIX,
        ],
    },
    Variable {
        name: "NIX_DISK_IMAGE",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Path of the VM's root disk image (default ./<name>.qcow2); created if missing.",
        readers: &[NIXPKGS_QEMU_VM_NIX],
    },
    Variable {
        name: "NIX_EFI_VARS",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Path of the writable EFI variable store for VMs booted with a bootloader (default <name>-efi-vars.fd).",
        readers: &[NIXPKGS_QEMU_VM_NIX],
    },
    Variable {
        name: "NIX_GHC",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Path of the ghc executable reported by ghc-paths (GHC.Paths.ghc).",
        readers: &[NIXPKGS_GHC_PATHS_NIX_PATCH, NIXPKGS_WITH_PACKAGES_WRAPPER_NIX],
    },
    Variable {
        name: "NIX_GHCPKG",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Path of ghc-pkg reported by ghc-paths.",
        readers: &[NIXPKGS_GHC_PATHS_NIX_PATCH, NIXPKGS_WITH_PACKAGES_WRAPPER_NIX],
    },
    Variable {
        name: "NIX_GHC_DOCDIR",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "GHC doc dir reported by ghc-paths.",
        readers: &[NIXPKGS_GHC_PATHS_NIX_PATCH, NIXPKGS_WITH_PACKAGES_WRAPPER_NIX],
    },
    Variable {
        name: "NIX_GHC_LIBDIR",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "GHC libdir reported by ghc-paths; the wrapper also passes -B$NIX_GHC_LIBDIR to ghc/haddock.",
        readers: &[NIXPKGS_GHC_PATHS_NIX_PATCH, NIXPKGS_WITH_PACKAGES_WRAPPER_NIX],
    },
    Variable {
        name: "NIX_GSETTINGS_OVERRIDES_DIR",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Extra GSettings schema directory (compiled overrides) searched before GSETTINGS_SCHEMA_DIR; NixOS desktop modules point it at nixos-gsettings-overrides.",
        readers: &[NIXPKGS_SCHEMA_OVERRIDE_VARIABLE_PATCH, NIXPKGS_PANTHEON_NIX],
    },
    Variable {
        name: "NIX_HASH_ALGO",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Default hash type printed by nix-prefetch-git (default sha256).",
        readers: &[NIXPKGS_NIX_PREFETCH_GIT],
    },
    Variable {
        name: "NIX_LD",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "nix-ld: the real dynamic loader to hand unpatched binaries to.",
        readers: &[NIXPKGS_NIX_LD_PACKAGE_NIX],
    },
    Variable {
        name: "NIX_LD_LIBRARY_PATH",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "nix-ld: library path for unpatched binaries.",
        readers: &[NIXPKGS_NIX_LD_NIX],
    },
    Variable {
        name: "NIX_LISP",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Which Lisp implementation (sbcl, ecl, clisp, ...) the wrapper drives.",
        readers: &[NIXPKGS_CL_WRAPPER_SH],
    },
    Variable {
        name: "NIX_LISP_ASDF",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Store path of the ASDF to load.",
        readers: &[NIXPKGS_CL_WRAPPER_SH],
    },
    Variable {
        name: "NIX_LISP_ASDF_LOAD",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Overrides the form used to load ASDF.",
        readers: &[NIXPKGS_CL_WRAPPER_SH],
    },
    Variable {
        name: "NIX_LISP_EARLY_OPTIONS",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Options passed to the Lisp before the wrapper's own.",
        readers: &[NIXPKGS_CL_WRAPPER_SH],
    },
    Variable {
        name: "NIX_LISP_LD_LIBRARY_PATH",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Appended to LD_LIBRARY_PATH for the Lisp process.",
        readers: &[NIXPKGS_CL_WRAPPER_SH],
    },
    Variable {
        name: "NIX_LISP_PREHOOK",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Shell code evaluated at wrapper start.",
        readers: &[NIXPKGS_CL_WRAPPER_SH],
    },
    Variable {
        name: "NIX_LISP_PRELAUNCH_HOOK",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Shell code evaluated just before launching Lisp (e.g. nix_lisp_run_single_form ...).",
        readers: &[NIXPKGS_CL_WRAPPER_SH],
    },
    Variable {
        name: "NIX_LISP_SKIP_CODE",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "If set, the wrapper does not launch Lisp.",
        readers: &[NIXPKGS_CL_WRAPPER_SH],
    },
    Variable {
        name: "NIX_PREFETCH_GIT_BRANCH_NAME",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Branch name to check out into (default fetchgit).",
        readers: &[NIXPKGS_NIX_PREFETCH_GIT],
    },
    Variable {
        name: "NIX_PREFETCH_GIT_CHECKOUT_HOOK",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Shell code evaluated after checkout, before .git removal.",
        readers: &[NIXPKGS_NIX_PREFETCH_GIT],
    },
    Variable {
        name: "NIX_PREFETCH_GIT_DEEP_CLONE",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "If non-empty, nix-prefetch-git does a full clone.",
        readers: &[NIXPKGS_NIX_PREFETCH_GIT],
    },
    Variable {
        name: "NIX_PREFETCH_GIT_LEAVE_DOT_GIT",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "If 1, nix-prefetch-git keeps .git directories.",
        readers: &[NIXPKGS_NIX_PREFETCH_GIT],
    },
    Variable {
        name: "NIX_PROFILES",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Space-separated list of profiles (system default profile, then user profile). Nixpkgs programs search these for plugins/data.",
        readers: &[
            NIX_NIX_PROFILE_SH_IN_2,
            NIX_NIX_PROFILE_DAEMON_SH_IN_2,
            NIXPKGS_SITE_START_EL,
            NIXPKGS_ENVIRONMENT_NIX_2,
        ],
    },
    Variable {
        name: "NIX_PYTHONEXECUTABLE",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Sets sys.executable / sys._base_executable (unless PYTHONEXECUTABLE is set or running in a venv); popped.",
        readers: &[NIXPKGS_SITECUSTOMIZE_PY, NIXPKGS_WRAPPER_NIX],
    },
    Variable {
        name: "NIX_PYTHONPATH",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Colon-separated site dirs added (via site.addsitedir, so .pth files work) to sys.path at interpreter start; popped from the environment so it does not leak to children.",
        readers: &[NIXPKGS_SITECUSTOMIZE_PY, NIXPKGS_WRAPPER_NIX],
    },
    Variable {
        name: "NIX_PYTHONPREFIX",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "Sets sys.prefix/sys.exec_prefix and prepends to site.PREFIXES (not in a venv); popped.",
        readers: &[NIXPKGS_SITECUSTOMIZE_PY, NIXPKGS_WRAPPER_NIX],
    },
    Variable {
        name: "NIX_REDIRECTS",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "libredirect: `from=to` path rewrites for a wrapped program.",
        readers: &[NIXPKGS_LIBREDIRECT_C],
    },
    Variable {
        name: "NIX_XDG_DESKTOP_PORTAL_DIR",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "xdg-desktop-portal (patched in nixpkgs): where portal definitions live.",
        readers: &[NIXPKGS_NIX_PKGDATADIR_ENV_PATCH, HOME_MANAGER_PORTAL_NIX],
    },
];
