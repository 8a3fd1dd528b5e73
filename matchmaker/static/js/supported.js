// Runs before the page paints, so components that need JavaScript can style themselves.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
