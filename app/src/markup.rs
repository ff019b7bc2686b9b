//! A small element tree for the parts of the playgrounds and the search that change in the
//! browser: the prerenderer writes it as HTML, the workers send it to the page as plain
//! JavaScript arrays, and the page builds it with `createElement` and `createTextNode`. One
//! definition per piece of markup, and text is never parsed as HTML in the browser.

/// An element with attributes and children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub tag: &'static str,
    pub attrs: Vec<(&'static str, String)>,
    pub children: Vec<Node>,
}

/// A child of an [`Element`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl From<Element> for Node {
    fn from(it: Element) -> Node {
        Node::Element(it)
    }
}

impl From<String> for Node {
    fn from(it: String) -> Node {
        Node::Text(it)
    }
}

impl From<&str> for Node {
    fn from(it: &str) -> Node {
        Node::Text(it.to_owned())
    }
}

/// `<tag>`, without attributes or children.
#[must_use]
pub fn el(tag: &'static str) -> Element {
    Element { tag, attrs: Vec::new(), children: Vec::new() }
}

impl Element {
    /// With attribute `name="value"`.
    #[must_use]
    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> Element {
        self.attrs.push((name, value.into()));
        self
    }

    /// With `node` appended.
    #[must_use]
    pub fn child(mut self, node: impl Into<Node>) -> Element {
        self.children.push(node.into());
        self
    }

    /// With `node` appended when there is one.
    #[must_use]
    pub fn child_opt(self, node: Option<impl Into<Node>>) -> Element {
        match node {
            Some(it) => self.child(it),
            None => self,
        }
    }

    /// The element as HTML, text and attribute values escaped.
    #[must_use]
    pub fn to_html(&self) -> String {
        let mut res = String::new();
        self.write_html(&mut res);
        res
    }

    fn write_html(&self, out: &mut String) {
        out.push('<');
        out.push_str(self.tag);
        for (name, value) in &self.attrs {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            escape_into(value, out);
            out.push('"');
        }
        out.push('>');
        for child in &self.children {
            match child {
                Node::Element(it) => it.write_html(out),
                Node::Text(text) => escape_into(text, out),
            }
        }
        out.push_str("</");
        out.push_str(self.tag);
        out.push('>');
    }
}

/// `elements` as HTML, one after the other.
#[must_use]
pub fn to_html(elements: &[Element]) -> String {
    let mut res = String::new();
    for it in elements {
        it.write_html(&mut res);
    }
    res
}

/// `text` escaped for HTML text and attribute values.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut res = String::with_capacity(text.len());
    escape_into(text, &mut res);
    res
}

fn escape_into(text: &str, out: &mut String) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
}

/// A 53-bit FNV-1a hash of the element's HTML: equal for equal markup, and exact as a
/// JavaScript number, so the page can tell which list items changed.
#[must_use]
pub fn key(element: &Element) -> f64 {
    (fnv1a(element.to_html().bytes()) & ((1 << 53) - 1)) as f64
}

/// The 64-bit FNV-1a hash of `bytes`.
#[must_use]
pub fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(target_arch = "wasm32")]
mod js {
    use js_sys::Array;
    use wasm_bindgen::{JsCast, JsValue};

    use super::{Element, Node};

    impl Element {
        /// The element as `[tag, [name, value, ...], child...]`, where a text child is a
        /// string: what a worker posts to the page (see [`build`]).
        #[must_use]
        pub fn to_js(&self) -> JsValue {
            let res = Array::new();
            res.push(&JsValue::from_str(self.tag));
            let attrs = Array::new();
            for (name, value) in &self.attrs {
                attrs.push(&JsValue::from_str(name));
                attrs.push(&JsValue::from_str(value));
            }
            res.push(&attrs);
            for child in &self.children {
                match child {
                    Node::Element(it) => res.push(&it.to_js()),
                    Node::Text(text) => res.push(&JsValue::from_str(text)),
                };
            }
            res.into()
        }

        /// The element as DOM nodes of `document`.
        #[must_use]
        pub fn to_dom(&self, document: &web_sys::Document) -> web_sys::Element {
            let res = document.create_element(self.tag).expect("the tags of our markup are valid");
            for (name, value) in &self.attrs {
                let _ = res.set_attribute(name, value);
            }
            for child in &self.children {
                let _ = match child {
                    Node::Element(it) => res.append_child(&it.to_dom(document)),
                    Node::Text(text) => res.append_child(&document.create_text_node(text)),
                };
            }
            res
        }
    }

    /// Builds the DOM of an [`Element::to_js`] value; `None` when `value` is not one.
    #[must_use]
    pub fn build(document: &web_sys::Document, value: &JsValue) -> Option<web_sys::Node> {
        if let Some(text) = value.as_string() {
            return Some(document.create_text_node(&text).into());
        }
        let parts: &Array = value.dyn_ref()?;
        let element = document.create_element(&parts.get(0).as_string()?).ok()?;
        let attrs: Array = parts.get(1).dyn_into().ok()?;
        for idx in (0..attrs.length()).step_by(2) {
            let (name, value) = (attrs.get(idx).as_string()?, attrs.get(idx + 1).as_string()?);
            element.set_attribute(&name, &value).ok()?;
        }
        for idx in 2..parts.length() {
            element.append_child(&build(document, &parts.get(idx))?).ok()?;
        }
        Some(element.into())
    }

    /// Makes `node`, built by [`build`] from an earlier value, show `value` by changing only
    /// the attributes and texts that differ, which costs no layout when only attributes that
    /// no style reads change (a diagnostic's offsets, after an edit above it). `false` when the
    /// two differ in structure (tags or children): then `node` may be half changed and must be
    /// replaced.
    #[must_use]
    pub fn patch(node: &web_sys::Node, value: &JsValue) -> bool {
        if let Some(text) = value.as_string() {
            let Some(node) = node.dyn_ref::<web_sys::Text>() else { return false };
            if node.data() != text {
                node.set_data(&text);
            }
            return true;
        }
        let (Some(parts), Some(element)) =
            (value.dyn_ref::<Array>(), node.dyn_ref::<web_sys::Element>())
        else {
            return false;
        };
        let children = element.child_nodes();
        if parts.get(0).as_string().as_deref() != Some(element.local_name().as_str())
            || children.length() + 2 != parts.length()
        {
            return false;
        }
        let Ok(attrs) = parts.get(1).dyn_into::<Array>() else { return false };
        let mut names = Vec::new();
        for idx in (0..attrs.length()).step_by(2) {
            let (Some(name), Some(value)) =
                (attrs.get(idx).as_string(), attrs.get(idx + 1).as_string())
            else {
                return false;
            };
            if element.get_attribute(&name).as_deref() != Some(value.as_str())
                && element.set_attribute(&name, &value).is_err()
            {
                return false;
            }
            names.push(name);
        }
        for name in element.get_attribute_names().iter().filter_map(|it| it.as_string()) {
            if !names.contains(&name) {
                let _ = element.remove_attribute(&name);
            }
        }
        (0..children.length())
            .all(|idx| children.item(idx).is_some_and(|child| patch(&child, &parts.get(idx + 2))))
    }
}

#[cfg(target_arch = "wasm32")]
pub use js::{build, patch};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_text_and_attributes() {
        let item = el("li")
            .attr("class", "diagnostic error")
            .attr("title", "\"x\" & <y>")
            .child(el("code").child("<img src=x onerror=alert(1)>"))
            .child(" & more");
        assert_eq!(
            item.to_html(),
            "<li class=\"diagnostic error\" title=\"&quot;x&quot; &amp; &lt;y&gt;\"><code>&lt;img src=x onerror=alert(1)&gt;</code> &amp; more</li>"
        );
    }

    #[test]
    fn keys_follow_the_markup() {
        let a = el("li").child("a");
        assert_eq!(key(&a), key(&a.clone()));
        assert_ne!(key(&a), key(&el("li").child("b")));
        assert_ne!(key(&a), key(&el("li").attr("class", "x").child("a")));
        assert!(key(&a) < 2f64.powi(53));
    }
}
