//! Building and serving the site: trunk builds the WebAssembly app, then the prerenderer writes
//! every route's HTML; a tiny static server (no SPA fallback, like GitHub Pages) serves `dist/`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::{cargo, tools, workspace_root};

/// `cargo xtask dist [--public-url /hmopt/]`: the production site in `dist/`, checked against
/// the first-load budgets.
pub(crate) fn dist(public_url: &str) -> anyhow::Result<PathBuf> {
    tools::ensure_site_tools()?;
    let root = workspace_root();
    // trunk runs wasm-opt from PATH: npm's binaryen first (Trunk.toml pins its version).
    let npm_bin = ensure_npm_packages()?.join(".bin");
    let path = std::env::join_paths(
        std::iter::once(npm_bin)
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )?;
    // trunk runs cargo with --offline: every platform's dependencies must be fetched first.
    cargo(&["fetch", "--locked"])?;
    let dist = root.join("dist");
    eprintln!("xtask: trunk build --release --public-url {public_url}");
    let status = Command::new(tools::cargo_bin("trunk"))
        .args(["build", "--release", "--offline", "--public-url", public_url])
        .env("PATH", path)
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
        "--bin",
        "prerender",
        "--",
        &dist.to_string_lossy(),
    ])?;
    check_budgets(&dist)?;
    Ok(dist)
}

/// The largest first load of a document route: its HTML, CSS, JavaScript and WebAssembly, gzip
/// compressed as GitHub Pages sends them.
pub(crate) const DOC_BUDGET_BYTES: u64 = 250 * 1024;

/// The largest first load of a playground (`/validate`, `/memory`), its web worker included.
pub(crate) const TOOL_BUDGET_BYTES: u64 = 300 * 1024;

/// What the first load of a route weighs: every file the browser fetches before the page is
/// live, with its raw and gzip sizes.
pub(crate) struct FirstLoad {
    pub(crate) route: String,
    /// (file relative to `dist`, raw bytes, gzip bytes).
    pub(crate) files: Vec<(String, u64, u64)>,
    /// Whether the page starts a web worker (a playground).
    pub(crate) has_worker: bool,
}

impl FirstLoad {
    pub(crate) fn gzip(&self) -> u64 {
        self.files.iter().map(|it| it.2).sum()
    }

    pub(crate) fn raw(&self) -> u64 {
        self.files.iter().map(|it| it.1).sum()
    }

    pub(crate) fn budget(&self) -> u64 {
        if self.has_worker { TOOL_BUDGET_BYTES } else { DOC_BUDGET_BYTES }
    }
}

/// The first load of `route` (`""`, `plan`, `validate`) in `dist`.
pub(crate) fn first_load(dist: &Path, route: &str) -> anyhow::Result<FirstLoad> {
    let page =
        if route.is_empty() { "index.html".to_owned() } else { format!("{route}/index.html") };
    let read = |name: &str| {
        let path = dist.join(name);
        std::fs::read(&path).with_context(|| format!("{}", path.display()))
    };
    let html = String::from_utf8(read(&page)?)?;
    let mut names = vec![page.clone()];
    names.extend(first_load_assets(&html, |name| {
        read(name).ok().map(|it| String::from_utf8_lossy(&it).into_owned())
    }));
    let mut files = Vec::new();
    for name in names {
        let bytes = read(&name)?;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&bytes)?;
        files.push((name, bytes.len() as u64, encoder.finish()?.len() as u64));
    }
    Ok(FirstLoad { route: route.to_owned(), files, has_worker: html.contains(" data-worker=\"") })
}

/// The files a page fetches on its first load, relative to the site's root: its stylesheets and
/// scripts, what the scripts load (the app's JavaScript and WebAssembly), and a playground's web
/// worker (its loader, JavaScript and WebAssembly). `read` gives a file's text.
fn first_load_assets(html: &str, read: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let base =
        html.split("<base href=\"").nth(1).and_then(|it| it.split('"').next()).unwrap_or("/");
    let local = |value: &str| -> Option<String> {
        let name = value.strip_prefix(base).unwrap_or(value);
        (!name.contains("://") && !name.starts_with('/')).then(|| name.to_owned())
    };
    let quoted = |text: &str, quote: char| -> Vec<String> {
        text.split(quote)
            .skip(1)
            .step_by(2)
            .filter(|it| it.ends_with(".js") || it.ends_with(".wasm") || it.ends_with(".css"))
            .filter_map(|it| local(it.trim_start_matches("./")))
            .collect()
    };
    let mut res: Vec<String> = Vec::new();
    for attr in [" href=\"", " src=\"", " data-worker=\""] {
        for value in html.split(attr).skip(1).filter_map(|it| it.split('"').next()) {
            if value.ends_with(".js") || value.ends_with(".css") {
                res.extend(local(value));
            }
        }
    }
    // Scripts load the app and workers their files; one level is all there is.
    let loaded: Vec<String> = res
        .iter()
        .filter(|it| it.ends_with(".js"))
        .filter_map(|it| read(it))
        .flat_map(|text| [quoted(&text, '\''), quoted(&text, '"')].concat())
        .collect();
    res.extend(loaded);
    let mut seen = std::collections::HashSet::new();
    res.retain(|it| seen.insert(it.clone()));
    res
}

/// Fails when the first load of a route is over its budget ([`DOC_BUDGET_BYTES`],
/// [`TOOL_BUDGET_BYTES`]); prints the heaviest of each kind.
pub(crate) fn check_budgets(dist: &Path) -> anyhow::Result<()> {
    let mut over = Vec::new();
    let (mut heaviest_doc, mut heaviest_tool): (Option<FirstLoad>, Option<FirstLoad>) =
        (None, None);
    for route in sitemap_routes(dist)? {
        let load = first_load(dist, &route)?;
        if !load.files.iter().any(|it| it.0.ends_with(".wasm")) {
            bail!(
                "/{route}: the first load has no WebAssembly; the budget check cannot find the app"
            );
        }
        if load.budget() < load.gzip() {
            over.push(format!(
                "/{route}: {} B gzip > {} B ({})",
                load.gzip(),
                load.budget(),
                load.files
                    .iter()
                    .map(|it| format!("{} {} B", it.0, it.2))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let heaviest = if load.has_worker { &mut heaviest_tool } else { &mut heaviest_doc };
        if heaviest.as_ref().is_none_or(|it| it.gzip() < load.gzip()) {
            *heaviest = Some(load);
        }
    }
    for load in heaviest_doc.iter().chain(&heaviest_tool) {
        eprintln!(
            "xtask: first load of /{}: {} KB gzip (budget {} KB), {} KB raw",
            load.route,
            load.gzip() / 1024,
            load.budget() / 1024,
            load.raw() / 1024
        );
    }
    if !over.is_empty() {
        bail!("first-load budget exceeded:\n{}", over.join("\n"));
    }
    Ok(())
}

/// Installs the npm packages of `tests/browser/` (playwright-core, axe-core, binaryen) with
/// `npm ci`, unless `node_modules` already holds what the lock file lists. Returns
/// `node_modules`.
pub(crate) fn ensure_npm_packages() -> anyhow::Result<PathBuf> {
    let tests = workspace_root().join("tests/browser");
    let packages = |path: PathBuf| -> Option<serde_json::Value> {
        let lock: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
        let mut packages = lock.get("packages")?.as_object()?.clone();
        packages.remove("");
        Some(serde_json::Value::Object(packages))
    };
    let wanted = packages(tests.join("package-lock.json"));
    if wanted.is_none() || wanted != packages(tests.join("node_modules/.package-lock.json")) {
        eprintln!("xtask: npm ci (tests/browser)");
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&tests)
            .status()
            .context("npm is needed for the site's build and browser tests")?;
        if !status.success() {
            bail!("npm ci failed");
        }
    }
    Ok(tests.join("node_modules"))
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
    serve_forever(listener, &dist, "/", true);
    Ok(())
}

/// Serves `dist` under `/hmopt/` on a free port and runs the browser tests against it: node's
/// test runner runs every `tests/browser/*.test.mjs` (the site, the playgrounds, the link
/// checker over every route, axe-core in both themes, the Atom feed), driving Debian's Chromium
/// through playwright-core.
pub(crate) fn browser_tests(dist: &Path) -> anyhow::Result<()> {
    let tests = workspace_root().join("tests/browser");
    ensure_npm_packages()?;
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    let base = format!("http://127.0.0.1:{}/hmopt/", listener.local_addr()?.port());
    let dist = dist.to_owned();
    std::thread::spawn(move || serve_forever(listener, &dist, "/hmopt/", true));
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
    serve_forever(listener, &workspace_root().join("dist"), prefix, true);
    Ok(())
}

/// Serves `dist` under `prefix` (e.g. `/hmopt/`) on `listener`, one thread per connection;
/// with `compress`, gzip-compressed like GitHub Pages when the browser accepts it.
pub(crate) fn serve_forever(listener: TcpListener, dist: &Path, prefix: &str, compress: bool) {
    for stream in listener.incoming().flatten() {
        let dist = dist.to_owned();
        let prefix = prefix.to_owned();
        std::thread::spawn(move || {
            let _ = respond(stream, &dist, &prefix, compress);
        });
    }
}

fn respond(
    mut stream: TcpStream,
    dist: &Path,
    prefix: &str,
    compress: bool,
) -> std::io::Result<()> {
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
    if compress && gzip && content_type(&file) != "application/octet-stream" {
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
    /// Trunk.toml would be a second one that can disagree (and make trunk download). The
    /// wasm-opt trunk asks for is the binaryen that `npm ci` installs.
    #[test]
    fn trunk_takes_its_tools_from_the_lock_files() {
        let trunk = std::fs::read_to_string(crate::workspace_root().join("Trunk.toml")).unwrap();
        let lines: Vec<&str> =
            trunk.lines().map(str::trim).filter(|line| !line.starts_with('#')).collect();
        assert!(!lines.iter().any(|line| line.starts_with("wasm_bindgen")), "{trunk}");
        assert!(crate::tools::locked_version("wasm-bindgen").unwrap().starts_with("0.2."));
        let lock: serde_json::Value = serde_json::from_slice(
            &std::fs::read(crate::workspace_root().join("tests/browser/package-lock.json"))
                .unwrap(),
        )
        .unwrap();
        let binaryen = lock["packages"]["node_modules/binaryen"]["version"].as_str().unwrap();
        let major = binaryen.split('.').next().unwrap();
        assert!(lines.contains(&format!("wasm_opt = \"version_{major}\"").as_str()), "{trunk}");
    }

    #[test]
    fn the_first_load_is_the_page_its_assets_and_what_its_scripts_load() {
        let html = "<html><head><base href=\"/hmopt/\"><script src=\"theme.js\"></script>\
            <link rel=\"stylesheet\" href=\"/hmopt/site-1.css\"/><link rel=\"icon\" href=\"favicon.svg\">\
            <script type=\"module\" src=\"/hmopt/boot.js\"></script></head><body>\
            <a href=\"https://example.org/x.js\">x</a><a href=\"feed.xml\">feed</a>\
            <div class=\"page tool\" data-worker=\"w-1_loader.js\"></div></body></html>";
        let read = |name: &str| {
            match name {
            "boot.js" => Some("import init from '/hmopt/app-1.js';\ninit({ module_or_path: '/hmopt/app-1_bg.wasm' });".to_owned()),
            "w-1_loader.js" => Some("importScripts(\"./w-1.js\");wasm_bindgen(\"./w-1_bg.wasm\");".to_owned()),
            _ => Some(String::new()),
        }
        };
        assert_eq!(
            super::first_load_assets(html, read),
            [
                "site-1.css",
                "theme.js",
                "boot.js",
                "w-1_loader.js",
                "app-1.js",
                "app-1_bg.wasm",
                "w-1.js",
                "w-1_bg.wasm"
            ]
        );
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
