//! Turning trunk's `index.html` into the template of every prerendered page (used by
//! `src/bin/prerender.rs`); native only.

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
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in js.iter().chain(wasm) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let stem = format!("{bin}-{hash:016x}");
    // wasm-bindgen takes its options as one object (a bare path is deprecated).
    let loader = format!(
        "importScripts(\"./{stem}.js\");\nwasm_bindgen({{ module_or_path: \"./{stem}_bg.wasm\" }});\n"
    );
    Ok(HashedWorker { stem, loader })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
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
