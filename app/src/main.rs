//! The WebAssembly entry point of the page: keeps the prerendered DOM and attaches its
//! interactive parts (see `hmopt_app::client`).

#[cfg(target_arch = "wasm32")]
fn main() {
    hmopt_app::client::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "hmopt-app runs in the browser: build it with `cargo xtask dist` or `cargo xtask serve`"
    );
}
