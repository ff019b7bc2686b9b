//! Where the site's links point: upstream files at pinned commits, and site routes relative to
//! `<base href>`.

/// The nixpkgs commit that every nixpkgs path on the site links to.
pub const NIXPKGS_REV: &str = "cb555a68c455abde4215e853da88238dd364449b";
/// The Nix commit that Nix manual and source links point to.
pub const NIX_REV: &str = "7cc3a5e41358b05328ed300aabc994bc04e10f2b";
/// The home-manager commit that home-manager module links point to.
pub const HOME_MANAGER_REV: &str = "86be605f3ff2d25d96d12b31977769880e736b87";

/// A link scheme of the site's Markdown: `nixpkgs:pkgs/...`, `nix:doc/...`,
/// `home-manager:modules/...` link to that repository at its pinned commit.
const SCHEMES: [(&str, &str, &str); 3] = [
    ("nixpkgs:", "NixOS/nixpkgs", NIXPKGS_REV),
    ("nix:", "NixOS/nix", NIX_REV),
    ("home-manager:", "nix-community/home-manager", HOME_MANAGER_REV),
];

/// The GitHub URL of `path` in `repo` at `rev`: a file (`blob`), or a directory (`tree`) when
/// `path` ends with `/`.
fn github(repo: &str, rev: &str, path: &str) -> String {
    let kind = if path.ends_with('/') { "tree" } else { "blob" };
    format!("https://github.com/{repo}/{kind}/{rev}/{}", path.trim_end_matches('/'))
}

/// The URL of a nixpkgs path at [`NIXPKGS_REV`].
pub fn nixpkgs(path: &str) -> String {
    github("NixOS/nixpkgs", NIXPKGS_REV, path)
}

/// Whether a code span is a nixpkgs path to link: `pkgs/...` or `nixos/...`, one token, naming
/// a file with an extension or a directory (trailing `/`).
pub fn is_nixpkgs_path(code: &str) -> bool {
    let Some(rest) = code.strip_prefix("pkgs/").or_else(|| code.strip_prefix("nixos/")) else {
        return false;
    };
    let last = rest.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    !rest.is_empty()
        && code.bytes().all(|it| it.is_ascii_alphanumeric() || b"/._-+".contains(&it))
        && (code.ends_with('/') || last.contains('.'))
}

/// A link target as the site writes it.
///
/// Upstream schemes become GitHub URLs at the pinned commits. Site-absolute paths become
/// relative to `<base href>`, and fragments get the page's own route (a `<base>` element would
/// send `#x` to the home page).
pub fn rewrite(route: &str, dest: &str) -> String {
    for (scheme, repo, rev) in SCHEMES {
        if let Some(path) = dest.strip_prefix(scheme) {
            return github(repo, rev, path);
        }
    }
    if let Some(fragment) = dest.strip_prefix('#') {
        let page = if route.is_empty() { "./" } else { route };
        return format!("{page}#{fragment}");
    }
    match dest.strip_prefix('/') {
        Some("") => "./".to_owned(),
        Some(path) => path.to_owned(),
        None => dest.to_owned(),
    }
}
