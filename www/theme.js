// The theme before the first paint: the trainee's stored choice, else the
// system's. The app keeps it up to date (ThemeToggle in src/app/mod.rs). A file
// rather than an inline script: the page's policy runs no inline script it does
// not know (xtask/src/csp.rs).
(function () {
  var chosen = '';
  try { chosen = JSON.parse(localStorage.getItem('tracelab.theme') || '""'); } catch (e) {}
  var dark = chosen ? chosen === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
})();
