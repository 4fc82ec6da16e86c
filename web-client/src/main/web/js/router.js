// In-app navigation without a page load (so a professional's socket stays open). app.js plugs in the renderer.
let render = () => {};

export function setRenderer(fn) {
  render = fn;
}

export function navigate(path) {
  if (path === location.pathname) return;
  history.pushState(null, '', path);
  render();
}
