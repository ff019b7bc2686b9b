// Applies the saved colour theme before the first paint, so a reload never flashes.
try {
  var theme = localStorage.getItem("hmopt-theme");
  if (theme === "\"dark\"" || theme === "\"light\"") {
    document.documentElement.setAttribute("data-theme", JSON.parse(theme));
  }
} catch (e) {}
