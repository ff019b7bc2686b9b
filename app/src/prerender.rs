//! Turning trunk's `index.html` into the template of every prerendered page (used by
//! `src/bin/prerender.rs`); native only.

use crate::markup::escape;

/// The page template with trunk's loader moved out, and the loader itself.
pub struct Loader {
    /// The page with `<script src="boot.js">` in place of the inline loader.
    pub page: String,
    /// The loader, for `boot.js`.
    pub script: String,
}

/// The two edits made to trunk's loader; each must apply exactly once.
const PATCHES: [(&str, &str); 2] = [
    // Start the WebAssembly after the page has loaded and painted: the prerendered HTML is
    // already the page, so the app must not compete with it for the network.
    (
        "const wasm = await init(",
        "const wasm = await new Promise((resolve) => {\n  const go = () => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)));\n  if (document.readyState === \"complete\") go(); else addEventListener(\"load\", go, { once: true });\n}).then(() => init(",
    ),
    ("_bg.wasm' });", "_bg.wasm' }));"),
];

/// Replaces trunk's inline `<script type="module">` loader with `<script type="module"
/// src="boot.js">`, delays the app's start (see [`PATCHES`]) and drops trunk's preload hints.
/// Fails when the loader is not there or a patch does not apply, rather than shipping a page
/// that behaves differently from the one tested.
pub fn externalize_loader(template: &str) -> Result<Loader, String> {
    let open = "<script type=\"module\">";
    let start = template.find(open).ok_or("no inline `<script type=\"module\">` loader")?;
    let len = template[start..].find("</script>").ok_or("the loader's `</script>` is missing")?;
    let mut script = template[start + open.len()..start + len].to_owned();
    for (expected, replacement) in PATCHES {
        let n_found = script.matches(expected).count();
        if n_found != 1 {
            return Err(format!(
                "expected `{expected}` once in the loader, found it {n_found} times"
            ));
        }
        script = script.replacen(expected, replacement, 1);
    }
    let base = base_href(template);
    let tag = format!("<script type=\"module\" src=\"{base}boot.js\"></script>");
    let mut page =
        format!("{}{tag}{}", &template[..start], &template[start + len + "</script>".len()..]);
    // Drop trunk's preload hints for the app: they would fetch it ahead of the content.
    for hint in ["<link rel=\"modulepreload\"", "<link rel=\"preload\""] {
        while let Some(start) = page.find(hint) {
            let Some(len) = page[start..].find('>') else { break };
            page.replace_range(start..start + len + 1, "");
        }
    }
    Ok(Loader { page, script: script.trim().to_owned() })
}

/// The `<base href>` trunk wrote (`/hmopt/`), or `/`.
pub fn base_href(page: &str) -> String {
    page.split("<base href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("/")
        .to_owned()
}

/// The page template with its stylesheets and the theme script inlined, and the files it no
/// longer names.
pub struct Inlined {
    pub page: String,
    /// The stylesheets and the script, relative to the site's root.
    pub files: Vec<String>,
}

/// `template` with `<script src="theme.js">` and every `<link rel="stylesheet">` replaced by
/// their content (`read` gives a file's text from its `href`), allowed by their SHA-256 hashes
/// in the Content-Security-Policy. A page then paints from its own bytes: on a slow network each
/// further request before the first paint costs round trips. Fails when a tag or the policy's
/// `script-src 'self'` / `style-src 'self'` is missing.
pub fn inline_head(
    template: &str,
    read: impl Fn(&str) -> Result<String, String>,
) -> Result<Inlined, String> {
    let mut page = template.to_owned();
    let mut files = Vec::new();
    let script_tag = "<script src=\"theme.js\"></script>";
    if page.matches(script_tag).count() != 1 {
        return Err(format!("expected `{script_tag}` once"));
    }
    let script = read("theme.js")?;
    files.push("theme.js".to_owned());
    page = page.replacen(script_tag, &format!("<script>{script}</script>"), 1);
    let mut css = String::new();
    let mut first_link = None;
    while let Some(start) = page.find("<link rel=\"stylesheet\"") {
        let len = page[start..].find('>').ok_or("a `<link rel=\"stylesheet\"` is not closed")? + 1;
        let tag = &page[start..start + len];
        let href = tag.split(" href=\"").nth(1).and_then(|it| it.split('"').next());
        let href = href.ok_or_else(|| format!("`{tag}` has no href"))?.to_owned();
        css.push_str(&read(&href)?);
        files.push(href);
        page.replace_range(start..start + len, "");
        first_link.get_or_insert(start);
    }
    let at = first_link.ok_or("no `<link rel=\"stylesheet\">`")?;
    if css.contains("</style") {
        return Err("a stylesheet contains `</style`".to_owned());
    }
    page.insert_str(at, &format!("<style>{css}</style>"));
    for (directive, content) in [("script-src 'self'", &script), ("style-src 'self'", &css)] {
        if page.matches(directive).count() != 1 {
            return Err(format!("expected `{directive}` once in the Content-Security-Policy"));
        }
        let hash = format!("{directive} 'sha256-{}'", sha256_base64(content.as_bytes()));
        page = page.replacen(directive, &hash, 1);
    }
    Ok(Inlined { page, files })
}

/// SHA-256 of `bytes` in base64, as Content-Security-Policy hashes are written.
fn sha256_base64(bytes: &[u8]) -> String {
    use sha2::Digest;
    crate::share::base64_encode(&sha2::Sha256::digest(bytes))
}

/// A web worker's files with content-hashed names. trunk names workers after their binary
/// (`<bin>.js`, `<bin>_bg.wasm`, `<bin>_loader.js`), with no hash, so a deployment could run a
/// cached worker against a new page.
#[derive(Debug, PartialEq, Eq)]
pub struct HashedWorker {
    /// `<bin>-<hash>`: the files are `<stem>.js`, `<stem>_bg.wasm` and `<stem>_loader.js`.
    pub stem: String,
    /// The loader, naming the hashed files.
    pub loader: String,
}

/// The hashed names of worker `bin`, from its files' contents, and its loader. Fails when
/// trunk's loader is not the one this replaces (trunk changed).
pub fn hash_worker(
    bin: &str,
    js: &[u8],
    wasm: &[u8],
    loader: &str,
) -> Result<HashedWorker, String> {
    let expected = format!("importScripts(\"./{bin}.js\");wasm_bindgen(\"./{bin}_bg.wasm\");");
    if loader.trim() != expected {
        return Err(format!("{bin}_loader.js is not `{expected}`"));
    }
    let hash = crate::markup::fnv1a(js.iter().chain(wasm).copied());
    let stem = format!("{bin}-{hash:016x}");
    // wasm-bindgen takes its options as one object (a bare path is deprecated).
    let loader = format!(
        "importScripts(\"./{stem}.js\");\nwasm_bindgen({{ module_or_path: \"./{stem}_bg.wasm\" }});\n"
    );
    Ok(HashedWorker { stem, loader })
}

/// `template` with the page's title, description and prerendered body.
pub fn fill(template: &str, title: &str, description: &str, body: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = "<html><head><base href=\"/hmopt/\"><title>hmopt</title><link rel=\"modulepreload\" href=\"/hmopt/app.js\"><script type=\"module\">import init from '/hmopt/app.js';\nconst wasm = await init({ module_or_path: '/hmopt/app_bg.wasm' });\n</script></head><body><div id=\"app\"></div></body></html>";

    #[test]
    fn the_loader_moves_to_boot_js_and_waits_for_load() {
        let loader = externalize_loader(TRUNK).unwrap();
        assert!(loader.page.contains("<script type=\"module\" src=\"/hmopt/boot.js\"></script>"));
        assert!(!loader.page.contains("modulepreload"));
        assert!(!loader.page.contains("await init("));
        assert!(loader.script.contains("addEventListener(\"load\", go, { once: true })"));
        assert!(loader.script.ends_with("_bg.wasm' }));"), "{}", loader.script);
        assert_eq!(base_href(&loader.page), "/hmopt/");
    }

    #[test]
    fn a_loader_that_changed_is_an_error() {
        let renamed = TRUNK.replace("const wasm = await init(", "const app = await init(");
        let err = externalize_loader(&renamed).err().unwrap();
        assert!(err.contains("expected `const wasm = await init(` once"), "{err}");
        let twice = TRUNK.replace("_bg.wasm' });", "_bg.wasm' }); _bg.wasm' });");
        assert!(externalize_loader(&twice).err().unwrap().contains("found it 2 times"));
        let no_loader = TRUNK.replace("<script type=\"module\">", "<script>");
        assert!(externalize_loader(&no_loader).err().unwrap().contains("no inline"));
    }

    #[test]
    fn the_theme_script_and_stylesheets_are_inlined_with_their_hashes() {
        let template = "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'\"><script src=\"theme.js\"></script>\
            <link rel=\"stylesheet\" href=\"/hmopt/a.css\" integrity=\"sha384-x\"/><link rel=\"stylesheet\" href=\"/hmopt/b.css\"/></head>";
        let read = |name: &str| match name {
            "theme.js" => Ok("t()".to_owned()),
            "/hmopt/a.css" => Ok("a{}".to_owned()),
            "/hmopt/b.css" => Ok("b{}".to_owned()),
            other => Err(format!("{other}?")),
        };
        let inlined = inline_head(template, read).unwrap();
        // `echo -n 'a{}b{}' | sha256sum | xxd -r -p | base64`, and the same for `t()`.
        assert_eq!(
            inlined.page,
            "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'sha256-Ah+cA2gD4IuvO5KBsnMU4+J+XQcwZf4eDap4aP/c/PQ=' 'wasm-unsafe-eval'; style-src 'self' 'sha256-cR0WXeDFPUxoynVcPpDZ1iYEOmjKwa49ZNxsL/qKIpk='\"><script>t()</script><style>a{}b{}</style></head>"
        );
        assert_eq!(inlined.files, ["theme.js", "/hmopt/a.css", "/hmopt/b.css"]);
        let no_policy = template.replace("style-src 'self'", "style-src *");
        assert!(inline_head(&no_policy, read).err().unwrap().contains("style-src 'self'"));
        let no_theme = template.replace("<script src=\"theme.js\"></script>", "");
        assert!(inline_head(&no_theme, read).err().unwrap().contains("theme.js"));
    }

    #[test]
    fn workers_get_content_hashed_names() {
        let loader = "importScripts(\"./w.js\");wasm_bindgen(\"./w_bg.wasm\");";
        let hashed = hash_worker("w", b"js", b"wasm", loader).unwrap();
        assert!(hashed.stem.starts_with("w-") && hashed.stem.len() == 2 + 16, "{}", hashed.stem);
        assert_eq!(
            hashed.loader,
            format!(
                "importScripts(\"./{0}.js\");\nwasm_bindgen({{ module_or_path: \"./{0}_bg.wasm\" }});\n",
                hashed.stem
            )
        );
        assert_ne!(hash_worker("w", b"js", b"wasm2", loader).unwrap().stem, hashed.stem);
        let err = hash_worker("w", b"", b"", "importScripts(\"./w.js\");").unwrap_err();
        assert!(err.contains("w_loader.js is not `importScripts"), "{err}");
    }

    #[test]
    fn fill_escapes_the_head() {
        let page = fill(TRUNK, "a < b", "\"quoted\"", "<p>body</p>");
        assert!(page.contains("<title>a &lt; b</title>"));
        assert!(page.contains("content=\"&quot;quoted&quot;\""));
        assert!(page.contains("<div id=\"app\"><p>body</p></div>"));
    }
}
