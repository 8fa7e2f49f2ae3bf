// Starts the lab worker (lab-worker/, built by Trunk as `tracelab-lab`): loads
// wasm-bindgen's glue and the module. If the module cannot load, the page is told
// in words instead of waiting for a "ready" that never comes.
importScripts('./tracelab-lab.js');
wasm_bindgen('./tracelab-lab_bg.wasm').catch((e) => postMessage(['failed', String(e)]));
