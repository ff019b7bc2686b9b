//! The calculator's web worker: evaluates hardware profiles off the page's main thread (see
//! `hmopt_app::worker`).

#[cfg(target_arch = "wasm32")]
fn main() {
    hmopt_app::worker::serve(hmopt_app::worker::memory);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("hmopt-memory-worker runs in the browser: build the site with `cargo xtask dist`");
}
