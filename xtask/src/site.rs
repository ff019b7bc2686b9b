//! Building and serving the site: trunk builds the WebAssembly app, then the prerenderer writes
//! every route's HTML; a tiny static server (no SPA fallback, like GitHub Pages) serves `dist/`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::{cargo, tools, workspace_root};

/// `cargo xtask dist [--public-url /hmopt/]`: the production site in `dist/`.
pub(crate) fn dist(public_url: &str) -> anyhow::Result<PathBuf> {
    tools::ensure_site_tools()?;
    let root = workspace_root();
    // trunk runs cargo with --offline: every platform's dependencies must be fetched first.
    cargo(&["fetch", "--locked"])?;
    let dist = root.join("dist");
    eprintln!("xtask: trunk build --release --public-url {public_url}");
    let status = Command::new(tools::cargo_bin("trunk"))
        .args(["build", "--release", "--offline", "--public-url", public_url])
        .current_dir(&root)
        .status()
        .context("cannot run trunk")?;
    if !status.success() {
        bail!("trunk build failed ({status})");
    }
    cargo(&[
        "run",
        "--quiet",
        "--locked",
        "--package",
        "hmopt-app",
        "--features",
        "ssr",
        "--bin",
        "prerender",
        "--",
        &dist.to_string_lossy(),
    ])?;
    Ok(dist)
}

/// `cargo xtask serve`: builds for `/` and serves on http://127.0.0.1:8080 until interrupted.
pub(crate) fn serve(args: &[String]) -> anyhow::Result<()> {
    let port: u16 = match args.iter().position(|it| it == "--port") {
        Some(idx) => args.get(idx + 1).context("--port needs a number")?.parse()?,
        None => 8080,
    };
    let dist = dist("/")?;
    let listener = TcpListener::bind(("127.0.0.1", port))
        .with_context(|| format!("cannot listen on port {port}"))?;
    println!("serving {} on http://127.0.0.1:{port}/", dist.display());
    serve_forever(listener, &dist, "/");
    Ok(())
}

/// Serves `dist` under `/hmopt/` on a free port and runs the browser tests against it: node's
/// test runner runs every `tests/browser/*.test.mjs` (the site, the playgrounds, the link
/// checker over every route, axe-core in both themes, the Atom feed), driving Debian's Chromium
/// through playwright-core.
pub(crate) fn browser_tests(dist: &Path) -> anyhow::Result<()> {
    let tests = workspace_root().join("tests/browser");
    eprintln!("xtask: npm ci (tests/browser)");
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&tests)
        .status()
        .context("npm is needed for the browser tests")?;
    if !status.success() {
        bail!("npm ci failed");
    }
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    let base = format!("http://127.0.0.1:{}/hmopt/", listener.local_addr()?.port());
    let dist = dist.to_owned();
    std::thread::spawn(move || serve_forever(listener, &dist, "/hmopt/"));
    eprintln!("xtask: node --test (browser tests against {base})");
    let status = Command::new("node")
        .args(["--test"])
        .env("BASE_URL", &base)
        .current_dir(&tests)
        .status()?;
    if !status.success() {
        bail!("browser tests failed");
    }
    Ok(())
}

/// The routes of a built site (`""`, `plan`, `adr/024`, ...), from the `dist/sitemap.xml` the
/// prerenderer writes from the app's route table.
pub(crate) fn sitemap_routes(dist: &Path) -> anyhow::Result<Vec<String>> {
    let path = dist.join("sitemap.xml");
    let xml = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    let locs: Vec<&str> =
        xml.split("<loc>").skip(1).filter_map(|it| it.split("</loc>").next()).collect();
    let Some(site) = locs.first() else { bail!("{}: no <loc>", path.display()) };
    Ok(locs.iter().map(|it| it.strip_prefix(site).unwrap_or(it).to_owned()).collect())
}

/// `cargo xtask serve-dist PREFIX PORT`: serves the existing `dist/` under `PREFIX` (no build).
pub(crate) fn serve_dist(args: &[String]) -> anyhow::Result<()> {
    let prefix = args.first().map_or("/", String::as_str);
    let port: u16 = args.get(1).map_or(Ok(8080), |it| it.parse())?;
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    println!("serving dist/ under {prefix} on http://127.0.0.1:{port}{prefix}");
    serve_forever(listener, &workspace_root().join("dist"), prefix);
    Ok(())
}

/// Serves `dist` under `prefix` (e.g. `/hmopt/`) on `listener`, one thread per connection.
pub(crate) fn serve_forever(listener: TcpListener, dist: &Path, prefix: &str) {
    for stream in listener.incoming().flatten() {
        let dist = dist.to_owned();
        let prefix = prefix.to_owned();
        std::thread::spawn(move || {
            let _ = respond(stream, &dist, &prefix);
        });
    }
}

fn respond(mut stream: TcpStream, dist: &Path, prefix: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut gzip = false;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
        let header = header.to_ascii_lowercase();
        gzip |= header.starts_with("accept-encoding:") && header.contains("gzip");
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (status, file) = match resolve(dist, prefix, path) {
        Some(file) => ("200 OK", file),
        None => ("404 Not Found", dist.join("404.html")),
    };
    let mut body = std::fs::read(&file).unwrap_or_default();
    // Like GitHub Pages, compress what compresses.
    let mut encoding = "";
    if gzip && content_type(&file) != "application/octet-stream" {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&body)?;
        body = encoder.finish()?;
        encoding = "Content-Encoding: gzip\r\n";
    }
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{encoding}Cache-Control: no-cache\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// The file for a URL path, as a static host finds it: the file itself, or `index.html` in a
/// directory. No fallback to the app's index: a deep link works only if it was prerendered.
fn resolve(dist: &Path, prefix: &str, path: &str) -> Option<PathBuf> {
    let relative = path.strip_prefix(prefix.trim_end_matches('/'))?.trim_start_matches('/');
    if relative.split('/').any(|it| it == "..") {
        return None;
    }
    let candidate = dist.join(relative);
    if candidate.is_file() {
        return Some(candidate);
    }
    let index = candidate.join("index.html");
    index.is_file().then_some(index)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|it| it.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    /// Cargo.lock is the one place the wasm-bindgen version is pinned: a `wasm_bindgen` entry in
    /// Trunk.toml would be a second one that can disagree (and make trunk download).
    #[test]
    fn trunk_takes_wasm_bindgen_from_cargo_lock() {
        let trunk = std::fs::read_to_string(crate::workspace_root().join("Trunk.toml")).unwrap();
        let pinned = trunk
            .lines()
            .map(str::trim)
            .filter(|line| !line.starts_with('#'))
            .any(|line| line.starts_with("wasm_bindgen") || line == "[tools]");
        assert!(!pinned, "Trunk.toml pins tools; Cargo.lock is the source of truth");
        assert!(crate::tools::locked_version("wasm-bindgen").unwrap().starts_with("0.2."));
    }

    #[test]
    fn sitemap_routes_are_relative_to_the_site() {
        let dist = std::env::temp_dir().join(format!("hmopt-sitemap-{}", std::process::id()));
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(
            dist.join("sitemap.xml"),
            "<urlset><url><loc>https://x.io/hmopt/</loc></url><url><loc>https://x.io/hmopt/adr/024</loc></url></urlset>",
        )
        .unwrap();
        assert_eq!(super::sitemap_routes(&dist).unwrap(), ["", "adr/024"]);
        std::fs::remove_dir_all(&dist).unwrap();
    }
}
