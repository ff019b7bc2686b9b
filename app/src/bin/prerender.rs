//! Writes `dist/<route>/index.html` for every route of the route table, with that page's full
//! content, so every page is complete HTML before (and without) WebAssembly; then `404.html`,
//! `feed.xml`, `sitemap.xml` and the search index. It also gives trunk's web workers
//! content-hashed names and points the tool pages at them.
//!
//! Usage: `prerender DIST` (after trunk has written `DIST/index.html`). Exits with status 2 and
//! a message when trunk's output is not what it expects.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::path::Path;

    use hmopt_app::content::ROUTES;
    use hmopt_app::{prerender, search, tools};
    use leptos::prelude::*;

    pub(crate) fn main() {
        let dist = std::env::args().nth(1).unwrap_or_else(|| "dist".to_owned());
        if let Err(err) = run(Path::new(&dist)) {
            eprintln!("prerender: {err}");
            std::process::exit(2);
        }
    }

    fn run(dist: &Path) -> Result<(), String> {
        let index = dist.join("index.html");
        let template =
            std::fs::read_to_string(&index).map_err(|err| format!("{}: {err}", index.display()))?;
        if !template.contains("<div id=\"app\"></div>") {
            return Err(format!(
                "{} is not trunk's output (already prerendered?): run `trunk build` first",
                index.display()
            ));
        }
        // The Content-Security-Policy allows no inline script: move trunk's loader into a file.
        let loader = prerender::externalize_loader(&template)
            .map_err(|err| format!("{}: {err}; trunk's loader changed?", index.display()))?;
        std::fs::write(dist.join("boot.js"), &loader.script)
            .map_err(|err| format!("boot.js: {err}"))?;
        let base = prerender::base_href(&loader.page);
        let read_text = |href: &str| {
            let path = dist.join(href.strip_prefix(base.as_str()).unwrap_or(href));
            std::fs::read_to_string(&path).map_err(|err| format!("{}: {err}", path.display()))
        };
        let inlined = prerender::inline_head(&loader.page, read_text)
            .map_err(|err| format!("{}: {err}; trunk's output changed?", index.display()))?;
        for file in &inlined.files {
            let path = dist.join(file.strip_prefix(base.as_str()).unwrap_or(file));
            std::fs::remove_file(&path).map_err(|err| format!("{}: {err}", path.display()))?;
        }
        let mut workers = Vec::new();
        for bin in [tools::LINT_WORKER, tools::MEMORY_WORKER] {
            let read = |suffix: &str| {
                let path = dist.join(format!("{bin}{suffix}"));
                std::fs::read(&path).map_err(|err| format!("{}: {err}", path.display()))
            };
            let (js, wasm, loader) = (read(".js")?, read("_bg.wasm")?, read("_loader.js")?);
            let loader = String::from_utf8_lossy(&loader);
            let hashed = prerender::hash_worker(bin, &js, &wasm, &loader)?;
            for (suffix, bytes) in
                [(".js", js), ("_bg.wasm", wasm), ("_loader.js", hashed.loader.into_bytes())]
            {
                let path = dist.join(format!("{}{suffix}", hashed.stem));
                std::fs::write(&path, bytes).map_err(|err| format!("{}: {err}", path.display()))?;
                let _ = std::fs::remove_file(dist.join(format!("{bin}{suffix}")));
            }
            workers
                .push((format!("\"{bin}_loader.js\""), format!("\"{}_loader.js\"", hashed.stem)));
        }
        let mut paths: Vec<&str> = ROUTES.iter().map(|it| it.path).collect();
        paths.push("404");
        for path in paths {
            let owner = Owner::new();
            let body = owner.with(|| {
                let route = path.to_owned();
                view! { <hmopt_app::RoutePage route=route/> }.to_html()
            });
            let (title, description) = hmopt_app::head(path);
            let mut page = prerender::fill(&inlined.page, title, description, &body);
            for (name, hashed) in &workers {
                page = page.replace(name, hashed);
            }
            let file = match path {
                "" => dist.join("index.html"),
                "404" => dist.join("404.html"),
                other => dist.join(other).join("index.html"),
            };
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|err| format!("{}: {err}", parent.display()))?;
            }
            std::fs::write(&file, page).map_err(|err| format!("{}: {err}", file.display()))?;
        }
        let site_url = format!("{}{base}", hmopt_app::feed::SITE_ORIGIN);
        let files = [
            ("feed.xml", hmopt_app::feed::atom(&site_url)),
            ("sitemap.xml", hmopt_app::feed::sitemap(&site_url)),
            (search::INDEX_FILE, search::index_json(hmopt_app::content::SEARCH)),
        ];
        for (name, text) in files {
            std::fs::write(dist.join(name), text).map_err(|err| format!("{name}: {err}"))?;
        }
        Ok(())
    }
}
