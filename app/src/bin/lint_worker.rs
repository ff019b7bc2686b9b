//! The validator's web worker: lints and fixes off the page's main thread, so typing is never
//! blocked (see `hmopt_app::worker`).

#[cfg(target_arch = "wasm32")]
fn main() {
    hmopt_app::worker::serve(hmopt_app::worker::lint);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("hmopt-lint-worker runs in the browser: build the site with `cargo xtask dist`");
}
