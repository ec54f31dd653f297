/*
 * MathJax 2 API shim for the Jupyter widgets HTML manager.
 *
 * The widget manager (@jupyter-widgets/html-manager 1.x, bundling
 * @jupyter-widgets/base) typesets widget text with the MathJax 2 call
 * `MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])` whenever
 * `window.MathJax` exists. The book's pages load MathJax 3, which has no
 * `Hub`, so every HTML or Label widget would throw. This shim gives whatever
 * object is `window.MathJax` (the configuration object first, then MathJax 3
 * itself, which replaces it while starting up) a `Hub.Queue` that typesets the
 * element with MathJax 3's `typesetPromise`. Before MathJax 3 has started
 * there is nothing to do: its start-up typesets the whole page anyway.
 *
 * Loaded before require.js and the widget manager (nb_ipywidgets_js in
 * _config.yml); copied into the site by scripts/copy_assets.py.
 */
(function () {
  "use strict";
  function typeset(job) {
    var mj = window.MathJax;
    if (!mj || typeof mj.typesetPromise !== "function" || !mj.startup) {
      return;
    }
    var element = Array.isArray(job) ? job[2] : undefined;
    mj.startup.promise
      .then(function () {
        return mj.typesetPromise(element ? [element] : undefined);
      })
      .catch(function (err) {
        console.warn("MathJax could not typeset a widget:", err);
      });
  }
  var hub = {
    Queue: function () {
      for (var i = 0; i < arguments.length; i++) {
        typeset(arguments[i]);
      }
    },
  };
  function withHub(value) {
    if (value && typeof value === "object" && !("Hub" in value)) {
      Object.defineProperty(value, "Hub", { value: hub, enumerable: false, configurable: true });
    }
    return value;
  }
  var current = withHub(window.MathJax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    enumerable: true,
    get: function () {
      return current;
    },
    set: function (value) {
      current = withHub(value);
    },
  });
})();
