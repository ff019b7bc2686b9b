//! Writes `dist/<route>/index.html` for every route, with that page's full content, so every
//! page is real HTML before (and without) WebAssembly. Renders the same components as the app.
//!
//! Usage: `prerender DIST` (after trunk has written `DIST/index.html`).

use std::path::Path;

use leptos::prelude::*;

fn main() {
    let dist = std::env::args().nth(1).unwrap_or_else(|| "dist".to_owned());
    let dist = Path::new(&dist);
    let template = match std::fs::read_to_string(dist.join("index.html")) {
        Ok(it) => it,
        Err(err) => {
            eprintln!("prerender: {}: {err}", dist.join("index.html").display());
            std::process::exit(2);
        }
    };
    if !template.contains("<div id=\"app\"></div>") {
        eprintln!(
            "prerender: {} is not trunk's output (already prerendered?): run `trunk build` first",
            dist.join("index.html").display()
        );
        std::process::exit(2);
    }
    // The Content-Security-Policy allows no inline script: move trunk's loader into a file.
    let template = externalize_loader(&template, dist);
    let mut routes = hmopt_app::routes::all();
    routes.push("404".to_owned());
    for route in routes {
        let owner = Owner::new();
        let body = owner.with(|| {
            let route = route.clone();
            view! { <hmopt_app::RoutePage route=route/> }.to_html()
        });
        let (title, description) = hmopt_app::head(&route);
        let page = fill(&template, &title, &description, &body);
        let path = match route.as_str() {
            "" => dist.join("index.html"),
            "404" => dist.join("404.html"),
            other => dist.join(other).join("index.html"),
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the route's directory");
        }
        std::fs::write(&path, page).expect("write the prerendered page");
    }
}

/// Replaces trunk's inline `<script type="module">` loader with `<script type="module"
/// src="boot.js">`, writing the loader to `dist/boot.js`.
fn externalize_loader(template: &str, dist: &Path) -> String {
    let open = "<script type=\"module\">";
    let Some(start) = template.find(open) else { return template.to_owned() };
    let Some(len) = template[start..].find("</script>") else { return template.to_owned() };
    let code = &template[start + open.len()..start + len];
    // Start the WebAssembly after the page has loaded and painted: the prerendered HTML is
    // already the page, so the app must not compete with it for the network.
    let code = code.replacen("const wasm = await init(", "const wasm = await new Promise((resolve) => {\n  const go = () => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)));\n  if (document.readyState === \"complete\") go(); else addEventListener(\"load\", go, { once: true });\n}).then(() => init(", 1);
    let code = code.replacen("_bg.wasm' });", "_bg.wasm' }));", 1);
    std::fs::write(dist.join("boot.js"), code.trim()).expect("write boot.js");
    let base = template
        .split("<base href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("/");
    let tag = format!("<script type=\"module\" src=\"{base}boot.js\"></script>");
    let page =
        format!("{}{tag}{}", &template[..start], &template[start + len + "</script>".len()..]);
    // Drop trunk's preload hints for the app: they would fetch it ahead of the content.
    let mut page = page;
    for hint in ["<link rel=\"modulepreload\"", "<link rel=\"preload\""] {
        while let Some(start) = page.find(hint) {
            let Some(len) = page[start..].find('>') else { break };
            page.replace_range(start..start + len + 1, "");
        }
    }
    page
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn fill(template: &str, title: &str, description: &str, body: &str) -> String {
    let head = format!(
        "<title>{}</title>\n    <meta name=\"description\" content=\"{}\">",
        escape(title),
        escape(description)
    );
    let start = template.find("<title>").expect("the template has a <title>");
    let end = template[start..].find("</title>").expect("</title>") + start + "</title>".len();
    let page = format!("{}{head}{}", &template[..start], &template[end..]);
    page.replacen("<div id=\"app\"></div>", &format!("<div id=\"app\">{body}</div>"), 1)
}
