//! The JS contract in Node (`wasm-bindgen-test-runner` without a browser).
#![cfg(target_arch = "wasm32")]
include!("common/cases.rs");
